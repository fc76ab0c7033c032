"""Timeline figures as PNG, SVG or PDF, drawn by the same renderer as the screen.

`export_image(frame, path, options=ImageOptions(...))` fits the range to the events (or uses the
range given), sizes lanes so labels get their rows, and paints into a QImage, a QSvgGenerator or a
QPdfWriter, never a screen grab, so the result does not depend on the window or its palette. The
file appears complete or not at all (`nkviewer.export.output.staged_output`).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from nkviewer.errors import ExportError
from nkviewer.events.table import sort_frame
from nkviewer.export.output import staged_output
from nkviewer.export.svg_fonts import embed_fallback_font
from nkviewer.model.lanes import GROUP_MODES
from nkviewer.model.palette import THEMES
from nkviewer.model.source import DatasetSource
from nkviewer.model.wording import plural

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    from PySide6.QtGui import QGuiApplication, QImage

    from nkviewer.render.timeline import TimelineRenderer

IMAGE_FORMATS: dict[str, str] = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
PAGES = ("fit", "a4", "letter")
#: Largest PNG we write, and the largest layout for any format.
MAX_MEGAPIXELS = 100
MAX_SIDE_PX = 30_000
MAX_LAYOUT_PX = 20_000
MIN_WIDTH = 320
BASE_DPI = 96  # layout pixels are CSS-like pixels at 96 DPI
DEFAULT_WIDTH = 1600
PAGE_MARGIN_PT = 28.35  # 10 mm
#: A figure on a page may be laid out this much wider than the page and scaled down to keep every
#: label (12 px type stays above 6 pt on paper).
MAX_PAGE_GROW = 1.5
MIN_FIT_DAYS = 21.0

_app: QGuiApplication | None = None


@dataclass(frozen=True, kw_only=True)
class ImageOptions:
    """What an exported figure looks like. Sizes are layout pixels at 96 DPI."""

    width: int | None = None  # None: 1600, or the printable width of an A4/Letter page
    height: int | None = None  # None: as tall as the lanes need (at most the page's shape)
    dpi: int = BASE_DPI  # PNG resolution: the PNG has width × dpi / 96 pixels, dpi in metadata
    title: str = ""
    legend: bool = True
    source_note: bool = True  # "N events from M articles"
    theme: str = "light"
    group_by: str = "country"
    time_range: tuple[float, float] | None = None  # day numbers; None: fit the events
    page: str = "a4"  # PDF only: "a4" / "letter" (landscape), "fit" (page = figure)
    labels: bool = True


def image_format(path: str | os.PathLike[str]) -> str | None:
    """ "png", "svg" or "pdf" from the file name, else None."""
    return IMAGE_FORMATS.get(Path(path).suffix.lower())


def ensure_app() -> QGuiApplication:
    """The running QGuiApplication, or a new one (offscreen when there is no display)."""
    global _app
    # Qt only when an image is drawn (data exports run without it)
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QGuiApplication

    existing = QCoreApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    if existing is not None:
        raise ExportError("image export needs a QGuiApplication, but a QCoreApplication is running")
    headless = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if sys.platform.startswith("linux") and headless:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    widgets = sys.modules.get("PySide6.QtWidgets")
    if widgets is not None:  # widgets may follow in this process: they need a QApplication
        _app = widgets.QApplication(["nkviewer"])
    else:
        _app = QGuiApplication(["nkviewer"])
    return _app


#: A dataset's figure is drawn from the events themselves when at most this many are in range,
#: else from its binned counts (density where crowded, events where few).
DIRECT_LIMIT = 20_000


@dataclass(frozen=True, kw_only=True)
class Figure:
    """A laid-out figure: what `export_image` writes, and what the window's preview draws.

    `options.width` is resolved; `height` is the layout height (96-DPI pixels) the lanes got.
    """

    renderer: TimelineRenderer
    options: ImageOptions
    fmt: str
    t0: float
    t1: float
    height: int

    @property
    def width(self) -> int:
        return self.options.width or DEFAULT_WIDTH

    def pixel_size(self, dpi: int | None = None) -> tuple[int, int]:
        """Pixels of the figure as a PNG (or a copied image) at `dpi` (default: the options')."""
        scale = (dpi or self.options.dpi) / BASE_DPI
        return round(self.width * scale), round(self.height * scale)

    def raster_problem(self, dpi: int | None = None) -> str:
        """Why a PNG of this figure at `dpi` cannot be made (the size limits), or ""."""
        dpi = dpi or self.options.dpi
        px_w, px_h = self.width * dpi / BASE_DPI, self.height * dpi / BASE_DPI
        if px_w > MAX_SIDE_PX and px_h <= MAX_SIDE_PX:
            return (
                f"a {self.width:,} px wide figure at {dpi} DPI would be {px_w:,.0f} pixels wide; "
                f"the limit is {MAX_SIDE_PX:,} pixels per side: lower the width or the DPI"
            )
        if max(px_w, px_h) > MAX_SIDE_PX or px_w * px_h > MAX_MEGAPIXELS * 1e6:
            return (
                f"the PNG would be {px_w:,.0f} × {px_h:,.0f} pixels "
                f"({px_w * px_h / 1e6:,.0f} megapixels); the limit is {MAX_MEGAPIXELS} megapixels "
                f"and {MAX_SIDE_PX:,} pixels per side: lower the size or the DPI"
            )
        return ""

    def image(self, scale: float | None = None) -> QImage:
        """The figure as an image, `scale` × its layout size (default: its DPI / 96)."""
        if scale is None:
            if problem := self.raster_problem():
                raise ExportError(problem)
            scale = self.options.dpi / BASE_DPI
        return render_to_image(
            self.renderer, self.width, self.height, self.t0, self.t1, scale=scale
        )

    def write(self, path: str | os.PathLike[str]) -> Path:
        """Write the figure to `path` (its format: `fmt`), complete or not at all."""
        if self.fmt == "png" and (problem := self.raster_problem()):
            raise ExportError(problem)
        return _write(
            self.renderer, Path(path), self.fmt, self.options, self.t0, self.t1, self.height
        )


def export_image(
    frame: pd.DataFrame | DatasetSource, path: str | os.PathLike[str], *, options: ImageOptions
) -> Path:
    """Write the events of `frame` as a timeline figure to `path` (.png, .svg or .pdf).

    `frame` may also be a windowed source (`nkviewer.model.source.DatasetSource`): a dataset
    is never loaded whole (see `DIRECT_LIMIT`).
    """
    target = Path(path)
    fmt = image_format(target)
    if fmt is None:
        known = ", ".join(IMAGE_FORMATS)
        raise ExportError(f"cannot tell the image format of {target.name!r}; use one of {known}")
    return prepare_figure(frame, options=options, fmt=fmt).write(target)


def prepare_figure(
    frame: pd.DataFrame | DatasetSource, *, options: ImageOptions, fmt: str = "png"
) -> Figure:
    """Lay out the figure of `frame` (events, or a windowed source) for format `fmt`.

    Raises ExportError for zero events, options out of range, or a range without events; the
    PNG pixel limits are checked when the figure is written (`Figure.raster_problem`).
    """
    if fmt not in IMAGE_FORMATS.values():
        raise ExportError(f"unknown image format {fmt!r}; use png, svg or pdf")
    grow = False  # a PDF page with no width given: the layout may widen (see `_prepare`)
    if options.width is None:
        width = DEFAULT_WIDTH
        if fmt == "pdf" and options.page != "fit":
            w_pt = page_points(options.page)[0] - 2 * PAGE_MARGIN_PT
            width = round(w_pt * BASE_DPI / 72)
            grow = options.height is None
        options = replace(options, width=width)
    _check_options(options)
    if isinstance(frame, DatasetSource):
        direct = _dataset_frame(frame, options)
        if direct is None:
            return _source_figure(frame, options, fmt)
        frame = direct
    if len(frame) == 0:
        raise ExportError("there are no events to export (check the filters or the selection)")
    frame = _sorted(frame)
    if options.time_range is not None:
        t0, t1 = options.time_range
        inside = (frame["t1"] > t0) & (frame["t0"] < t1)
        if not inside.any():
            raise ExportError("none of the events falls in the time range asked for; widen it")
        frame = frame[inside].reset_index(drop=True)
    ensure_app()
    renderer, t0, t1, height, options = _prepare(frame, options, fmt, grow=grow)
    return Figure(renderer=renderer, options=options, fmt=fmt, t0=t0, t1=t1, height=height)


def _dataset_frame(source: DatasetSource, o: ImageOptions) -> pd.DataFrame | None:
    """The events of a dataset's figure when few enough to draw from the events themselves."""
    bounds = o.time_range or source.time_bounds()
    if bounds is None:
        raise ExportError("there are no events to export (check the filters)")
    t0, t1 = bounds
    if source.visible_count(t0, t1) > DIRECT_LIMIT:
        return None
    return source.events_in(t0, t1)


def _source_figure(source: DatasetSource, o: ImageOptions, fmt: str) -> Figure:
    """A figure of a dataset with too many events to hold: lanes of counts, events where few."""
    ensure_app()
    n = source.count()
    renderer = _renderer(o, plural(n, "event") if o.source_note else "", wait_for_events=True)
    renderer.set_source(source)
    assert o.width is not None
    t0, t1 = o.time_range or _fit(renderer, o.width)
    need = renderer.chrome_height(o.width) + renderer.lanes_height(o.width, t0, t1)
    height = o.height or round(min(max(need, 160.0), MAX_LAYOUT_PX))
    return Figure(renderer=renderer, options=o, fmt=fmt, t0=t0, t1=t1, height=height)


def _write(
    renderer: TimelineRenderer,
    target: Path,
    fmt: str,
    options: ImageOptions,
    t0: float,
    t1: float,
    height: int,
) -> Path:
    """Paint into a staging file, then hand it to `target` (see `nkviewer.export.output`)."""
    size = (options.width or DEFAULT_WIDTH, height)
    with staged_output(target, suffix=target.suffix) as tmp:
        if fmt == "png":
            _write_png(renderer, tmp, options, t0, t1, size)
        elif fmt == "svg":
            _write_svg(renderer, tmp, options, t0, t1, size)
        else:
            _write_pdf(renderer, tmp, options, t0, t1, size)
        if tmp.stat().st_size == 0:
            raise ExportError(f"cannot write {target}: nothing was written (disk full?)")
    return target


def _check_options(o: ImageOptions) -> None:
    assert o.width is not None
    if not MIN_WIDTH <= o.width <= MAX_LAYOUT_PX:
        raise ExportError(
            f"width must be between {MIN_WIDTH} and {MAX_LAYOUT_PX:,} px (got {o.width})"
        )
    if o.height is not None and not 160 <= o.height <= MAX_LAYOUT_PX:
        raise ExportError(f"height must be between 160 and {MAX_LAYOUT_PX:,} px (got {o.height})")
    if not 36 <= o.dpi <= 1200:
        raise ExportError(f"DPI must be between 36 and 1200 (got {o.dpi})")
    if o.theme not in THEMES:
        raise ExportError(f"unknown theme {o.theme!r}; use {' or '.join(THEMES)}")
    if o.group_by not in GROUP_MODES:
        raise ExportError(
            f"unknown lane grouping {o.group_by!r}; use one of {', '.join(GROUP_MODES)}"
        )
    if o.page not in PAGES:
        raise ExportError(f"unknown PDF page {o.page!r}; use one of {', '.join(PAGES)}")


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    if frame["t0"].is_monotonic_increasing:
        return frame

    return sort_frame(frame)


def _prepare(
    frame: pd.DataFrame, o: ImageOptions, fmt: str, *, grow: bool = False
) -> tuple[TimelineRenderer, float, float, int, ImageOptions]:
    """Renderer, time range, layout height and options (width settled) for the figure.

    On an A4/Letter page the figure is at most one page tall. With `grow`, a figure whose
    labels need more rows than the page holds is laid out wider (up to `MAX_PAGE_GROW`) and
    scaled onto the page: smaller type, but every label keeps its row. Past that, rows shrink.
    """
    renderer = _renderer(
        o,
        source_note(frame) if o.source_note else "",
        rows_for_labels=True,
        edge_counts=True,  # fitted to the bulk: say how many events lie beyond
    )
    renderer.set_frame(frame)
    assert o.width is not None

    def layout(width: int) -> tuple[float, float, float]:
        t0, t1 = o.time_range or _fit(renderer, width)
        return t0, t1, renderer.chrome_height(width) + renderer.lanes_height(width, t0, t1)

    t0, t1, need = layout(o.width)
    height = round(min(max(need, 160.0), MAX_LAYOUT_PX))
    if o.height is not None:
        height = o.height
    elif fmt == "pdf" and o.page != "fit":
        page_w, page_h = page_points(o.page)
        ratio = (page_h - 2 * PAGE_MARGIN_PT) / (page_w - 2 * PAGE_MARGIN_PT)
        width, widest = o.width, round(o.width * MAX_PAGE_GROW)
        while grow and need > width * ratio and width < widest:
            width = min(round(width * 1.08), widest)
            t0, t1, need = layout(width)
        o = replace(o, width=width)
        height = round(min(max(need, 160.0), width * ratio))
    return renderer, t0, t1, height, o


def _renderer(
    o: ImageOptions,
    note: str,
    *,
    rows_for_labels: bool = False,
    edge_counts: bool = False,
    wait_for_events: bool = False,
) -> TimelineRenderer:
    """A renderer of its own for a figure with options `o`, its source note `note` ("" for
    none), and the renderer options a kind of figure adds (see `RenderOptions`)."""
    # the painter (and Qt) only when an image is drawn
    from nkviewer.render.timeline import RenderOptions, TimelineRenderer

    return TimelineRenderer(
        RenderOptions(
            theme=o.theme,
            group_by=o.group_by,
            title=o.title,
            legend=o.legend,
            source_note=note,
            labels=o.labels,
            rows_for_labels=rows_for_labels,
            edge_counts=edge_counts,
            wait_for_events=wait_for_events,
        )
    )


def _fit(renderer: TimelineRenderer, width: int) -> tuple[float, float]:
    """The range fitted to the events, at least `MIN_FIT_DAYS` wide: one day's event is shown
    among the weeks around it (as Zoom to Selection does on screen), not stretched over hours."""
    t0, t1 = renderer.fit_range(width)
    if t1 - t0 >= MIN_FIT_DAYS:
        return t0, t1
    a, b = renderer.data_range() or (t0, t1)
    c = (a + b) / 2
    return c - MIN_FIT_DAYS / 2, c + MIN_FIT_DAYS / 2


def page_points(page: str) -> tuple[float, float]:
    """Landscape page size in points."""
    return {"a4": (841.89, 595.28), "letter": (792.0, 612.0)}[page]


def _write_png(
    r: TimelineRenderer, path: Path, o: ImageOptions, t0: float, t1: float, size: tuple[int, int]
) -> None:
    width, height = size

    image = render_to_image(r, width, height, t0, t1, scale=o.dpi / BASE_DPI)
    dots_per_meter = round(o.dpi / 0.0254)
    image.setDotsPerMeterX(dots_per_meter)
    image.setDotsPerMeterY(dots_per_meter)
    if o.title:
        image.setText("Title", o.title)
    image.setText("Software", "nkviewer")
    if not image.save(str(path), "PNG"):  # type: ignore[call-overload]
        raise ExportError(f"could not write the PNG file {path.name}")


def _begin(painter: object, device: object, what: str) -> None:
    # Qt only when an image is drawn
    from PySide6.QtGui import QPaintDevice, QPainter

    assert isinstance(painter, QPainter) and isinstance(device, QPaintDevice)
    if not painter.begin(device):
        raise ExportError(f"could not start writing the {what} file (is the folder writable?)")
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)


def _write_svg(
    r: TimelineRenderer, path: Path, o: ImageOptions, t0: float, t1: float, size: tuple[int, int]
) -> None:
    # Qt only when an image is drawn
    from PySide6.QtCore import QRectF, QSize
    from PySide6.QtGui import QPainter
    from PySide6.QtSvg import QSvgGenerator

    width, height = size

    gen = QSvgGenerator()
    gen.setFileName(str(path))
    gen.setSize(QSize(width, height))
    gen.setViewBox(QRectF(0, 0, width, height))
    gen.setResolution(BASE_DPI)
    gen.setTitle(o.title or "Timeline")
    gen.setDescription(r.options.source_note or "nkviewer timeline")
    painter = QPainter()
    _begin(painter, gen, "SVG")
    try:
        r.sync_window(width, height, t0, t1)  # a dataset figure: its events, fetched first
        r.paint(painter, width, height, t0, t1)
    finally:
        painter.end()
    del gen  # flushed and closed: the file is complete
    embed_fallback_font(path)


def _write_pdf(
    r: TimelineRenderer, path: Path, o: ImageOptions, t0: float, t1: float, size: tuple[int, int]
) -> None:
    # Qt only when an image is drawn
    from PySide6.QtCore import QMarginsF, QSizeF
    from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

    width, height = size

    writer = QPdfWriter(str(path))
    writer.setCreator("nkviewer")
    writer.setTitle(o.title or "Timeline")
    writer.setResolution(300)
    if o.page == "fit":
        page = QPageSize(QSizeF(width * 0.75, height * 0.75), QPageSize.Unit.Point, "figure")
        layout = QPageLayout(page, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))
    else:
        std = QPageSize.PageSizeId.A4 if o.page == "a4" else QPageSize.PageSizeId.Letter
        layout = QPageLayout(
            QPageSize(std), QPageLayout.Orientation.Landscape,
            QMarginsF(*[PAGE_MARGIN_PT] * 4), QPageLayout.Unit.Point,
        )  # fmt: skip
    writer.setPageLayout(layout)
    painter = QPainter()
    _begin(painter, writer, "PDF")
    try:
        scale = min(writer.width() / width, writer.height() / height)
        painter.translate((writer.width() - width * scale) / 2, 0)  # at the top of the page
        painter.scale(scale, scale)
        r.sync_window(width, height, t0, t1)
        r.paint(painter, width, height, t0, t1)
    finally:
        painter.end()


def source_note(frame: pd.DataFrame) -> str:
    """'N events from M articles' for `frame` (merged events count all their articles)."""
    n = len(frame)
    docs: set[str] = set()
    if "doc_id" in frame.columns:
        docs.update(str(d) for d in frame["doc_id"].tolist() if d)
    if "sources" in frame.columns:
        for sources in frame["sources"].tolist():
            if isinstance(sources, str) or not hasattr(sources, "__iter__"):
                continue
            for s in sources:
                if isinstance(s, dict) and s.get("doc_id"):
                    docs.add(str(s["doc_id"]))
    m = len(docs)
    return f"{plural(n, 'event')} from {plural(m, 'article')}"


def render_to_image(
    renderer: TimelineRenderer,
    width: int,
    height: int,
    t0: float,
    t1: float,
    *,
    scale: float = 1.0,
    selected: np.ndarray | None = None,
    hover: int | None = None,
) -> QImage:
    """The timeline as an ARGB image of (width × height) × `scale` pixels.

    A dataset's window is brought up to date first (a no-op for an in-memory frame).
    """
    # Qt only when an image is drawn
    from PySide6.QtGui import QColor, QImage, QPainter

    renderer.sync_window(width, height, t0, t1)
    image = QImage(
        max(1, round(width * scale)), max(1, round(height * scale)), QImage.Format.Format_ARGB32
    )
    image.fill(QColor(renderer.theme.background))
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    painter.scale(scale, scale)
    renderer.paint(painter, width, height, t0, t1, selected=selected, hover=hover)
    painter.end()
    return image
