"""`TimelineRenderer`: the one drawing code for the screen and for PNG/SVG/PDF exports.

It paints lanes, axis, glyphs, labels, density, selection, legend, title and source note with a
QPainter into any paint device (QtGui only, no widgets). Geometry comes from the Qt-free
`nkviewer.model` (lanes, rows, visible slices, label placement); this module turns those arrays
into a handful of batched calls per lane. State that does not change per frame (event arrays,
lanes, row packing, text widths, glyph pixmaps) is cached here, so a frame costs what is visible.
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPen,
    QPixmap,
    QStaticText,
    QTransform,
)

from nkviewer.model import palette
from nkviewer.model.advances import AdvanceTable, LabelWidths
from nkviewer.model.axis import AxisTicks, axis_ticks
from nkviewer.model.extent import outside_counts
from nkviewer.model.labels import elide
from nkviewer.model.scene import Scene, build_scene, density_edges, density_scene
from nkviewer.model.source import DatasetSource
from nkviewer.model.timeline import (
    MAX_SCREEN_ROWS,
    LaneBox,
    PreparedModel,
    TimelineModel,
    stack_lanes,
)
from nkviewer.model.viewport import Viewport
from nkviewer.render import chrome, layers
from nkviewer.render.fonts import ensure_fonts, export_font
from nkviewer.render.geometry import AXIS_H, FOOTER_H, MARKER_R, RIGHT_PAD, TITLE_H, Geometry
from nkviewer.render.glyphs import (
    MarkerStyle,
    badge_rect,
    badge_sprite,
    badge_text,
    is_vector,
    marker_sprite,
    on_gui_thread,
    ring_sprite,
)

if TYPE_CHECKING:
    import pandas as pd

    from nkviewer.model.source import EventSource

__all__ = ["Geometry", "RenderOptions", "TimelineRenderer"]

#: Narrowest and widest lane-header column (px); between them it fits the lane names.
HEADER_MIN = 150.0
HEADER_MAX = 260.0
#: Laid-out labels, elided titles and glyph pixmaps each cache keeps before it starts afresh: a
#: session pans over every title and count in turn, and these caches live as long as the window.
#: A laid-out label holds about 1.2 KB of Qt's (10,000 titles measured): a 4-minute soak of a
#: 10^5-event dataset added ~320 labels a minute, so at 20,000 the cache was still filling (by
#: 0.4 MB a minute) after 30 minutes. 4,000 is several screens of labels (a 4K screen shows
#: under 1,000); a label panned back after 4,000 others is laid out again, which nobody sees.
STATIC_TEXT_LIMIT = 4_000
ELIDED_LIMIT = 50_000
#: Label widths of simple titles kept across tables (a filter, hide or edit gives a new table
#: of mostly the same titles): summed once, not again for every table.
KNOWN_WIDTHS_LIMIT = 50_000
SPRITE_LIMIT = 1_000
#: Titles in shaped scripts measured as laid out per batch of label widths (~15 µs each).
SHAPED_EXACT_PER_CALL = 256


@dataclass(frozen=True, kw_only=True)
class RenderOptions:
    """What the timeline shows and how; shared by the widget and the exports."""

    theme: str = "light"
    group_by: str = "country"
    title: str = ""
    legend: bool = False
    source_note: str = ""
    labels: bool = True
    aggregate: bool = True  # draw density where events outnumber pixels
    font_px: int = 12
    #: Lane-header column: None fits the lane names shown (`HEADER_MIN`..`HEADER_MAX` px).
    header_width: float | None = None
    row_height: float = 20.0
    max_label_px: float = 260.0
    collapsed: frozenset[str] = field(default_factory=frozenset)
    #: Exports: give lanes the rows their labels need (height grows); screen: fit the height.
    rows_for_labels: bool = False
    #: Screen: draw the collapse chevrons in the lane headers.
    interactive: bool = False
    #: What an empty timeline says (the window: that it is still reading the corpus).
    empty_text: str = "No events to show"
    #: Mark how many events lie beyond the left and right edges of the view.
    edge_counts: bool = False
    #: A windowed source (a dataset): wait for the events of the view instead of drawing density
    #: until they arrive in the background (exports).
    wait_for_events: bool = False


class TimelineRenderer:
    """Draws an event table as a lane timeline with a QPainter; keeps per-table caches."""

    def __init__(self, options: RenderOptions | None = None, *, font: QFont | None = None) -> None:
        self._options = options or RenderOptions()
        self._font_base = font
        self._frame: pd.DataFrame | None = None
        self._model: TimelineModel | None = None
        self._previous: TimelineModel | None = None
        self._prepared: PreparedModel | None = None  # what a worker made of `_frame`
        #: label widths of the frame's events in the label font, held by the model's columns
        #: (`EventArrays.widths`) so that the next table's worker carries them over
        self._widths = LabelWidths.empty(0)
        self._width_key = ""
        self._text_w = self._widths.text  # summed advances (NaN: not yet)
        self._shaped = self._widths.shaped  # whose width above is an estimate (`model.advances`)
        self._exact_w = self._widths.exact  # real widths, measured when drawn (NaN: not yet)
        self._elided: dict[tuple[int, int], str] = {}
        #: glyph sprites and laid-out labels belong to the thread that last painted (`paint`)
        self._sprites: dict[tuple[Any, ...], QPixmap | QImage] = {}
        self._thread: threading.Thread | None = None
        self._gui = False
        self._boxes_key: tuple[Any, ...] | None = None
        self._boxes: list[LaneBox] = []
        self.last_scene: Scene | None = None
        self.last_geometry: Geometry | None = None
        #: Where the screen drew the "N earlier / N later" markers ("left"/"right" → rect).
        self.last_edge_marks: dict[str, QRectF] = {}
        self._header_key: tuple[Any, ...] | None = None
        self._header = HEADER_MIN
        self._scene_key: tuple[Any, ...] | None = None
        self._generation = 0  # bumped by anything that changes the scene for the same view
        self._source: DatasetSource | None = (
            None  # a windowed source (dataset); None: `_frame` is everything
        )
        self._window_serial = -1
        self._covered = False  # the current window holds every event of the view
        #: lane colours for (lane names, theme): computed once per set of lanes shown
        self._lane_colors: tuple[tuple[Any, ...], list[str]] = ((), [])
        self._set_fonts()

    # ----------------------------------------------------------------- state
    @property
    def options(self) -> RenderOptions:
        return self._options

    def set_options(self, **changes: Any) -> None:
        """Change options; caches that depend on them are dropped."""
        old = self._options
        self._options = replace(old, **changes)
        if self._options.group_by != old.group_by:
            self._model = None
            if self._source is not None:
                self._source.drawn_by(self._options.group_by)
        if self._options.font_px != old.font_px:
            self._set_fonts()
        self._boxes_key = None
        self._generation += 1

    def set_source(self, source: EventSource) -> None:
        """Draw from a `nkviewer.model.source` source.

        An in-memory `FrameSource` is drawn as by `set_frame`. A windowed source (a dataset)
        is drawn as density from its binned counts, and event by event from the windows of
        events it fetches where few enough are in view (`frame` is then the current window).
        """
        if not isinstance(source, DatasetSource):
            self.set_frame(source.frame, prepared=source.prepared)
            return
        # events.table stays off the start-up path: the window imports this module
        from nkviewer.events.table import empty_frame

        self._source = source
        source.drawn_by(self._options.group_by)
        self._window_serial = -1
        self._covered = False
        self._use_frame(empty_frame())

    @property
    def source(self) -> DatasetSource | None:
        """The windowed source drawn from, or None when the frame is all there is."""
        return self._source

    def covered(self) -> bool:
        """Whether `frame` holds every event of the last view (always, for an in-memory frame)."""
        return self._source is None or self._covered

    def sync_window(self, width: float, height: float, t0: float, t1: float) -> bool:
        """Bring the window of events up to date for this view; True when `frame` changed."""
        src = self._source
        if src is None:
            return False
        vp = self.viewport(self.geometry(width, height), t0, t1)
        win = src.window(vp.t0, vp.t1, wait=self._options.wait_for_events)
        self._covered = win is not None
        if win is not None and win.serial != self._window_serial:
            self._window_serial = win.serial
            self._use_frame(win.frame)
            return True
        return False

    def set_frame(self, frame: pd.DataFrame, *, prepared: PreparedModel | None = None) -> None:
        """The events to draw (sorted by t0, as `events_to_frame` makes them; else sorted here);
        `prepared`: what a worker made of that table (`model.timeline.prepare`), taken by the
        model rather than made on this thread."""
        self._source = None
        self._covered = True
        self._use_frame(frame)
        self.offer(prepared)

    def offer(self, prepared: PreparedModel | None) -> None:
        """Take what a worker made of the frame drawn (a new grouping's model, say), for the
        next model made of it; what was made of another table is ignored."""
        if prepared is None or not prepared.fits(self._frame) or self._source is not None:
            return
        had = self._prepared
        self._prepared = prepared if had is None else had.merged(prepared)

    def _use_frame(self, frame: pd.DataFrame) -> None:
        if len(frame) and not frame["t0"].is_monotonic_increasing:
            # events.table stays off the start-up path: the window imports this module
            from nkviewer.events.table import sort_frame

            frame = sort_frame(frame)
        self._frame = frame
        # the next model reuses the lanes an edit left alone (a new table of the same corpus)
        self._previous = self._model if self._source is None else None
        self._model = None
        self._prepared = None
        self._forget_widths(len(frame))
        self._boxes_key = None
        self.last_scene = None
        self._generation += 1

    @property
    def frame(self) -> pd.DataFrame | None:
        return self._frame

    @property
    def model(self) -> TimelineModel:
        if self._model is None:
            # events.table stays off the start-up path: the window imports this module
            from nkviewer.events.table import empty_frame

            frame = self._frame if self._frame is not None else empty_frame()
            group_by = self._options.group_by
            if self._source is None:
                previous, self._previous = self._previous, None
                self._model = TimelineModel.from_frame(
                    frame, group_by, previous=previous, prepared=self._prepared
                )
            else:
                win = self._source.current_window()
                if win is not None and win.frame is frame and win.group_by == group_by:
                    self._model = win.model  # made by the fetching thread
                if self._model is None:
                    table = self._source.lanes(group_by)
                    self._model = TimelineModel.from_frame(
                        frame, group_by, lanes=table.names, totals=table.counts.tolist()
                    )
            self._bind_widths(self._model)
        return self._model

    def _bind_widths(self, model: TimelineModel) -> None:
        """Measure labels into the widths the model's columns hold for the label font (those a
        worker carried over from the last table, `EventArrays.carry_widths`), with what was
        measured of this frame already; or give the columns this frame's."""
        arrays = model.arrays
        if arrays.n != len(self._widths):
            return  # (not this frame's model)
        held = arrays.widths.get(self._width_key)
        if held is None:
            arrays.widths[self._width_key] = self._widths
        elif held is not self._widths and len(held) == len(self._widths):
            held.merge(self._widths)
            self._use_widths(held)

    def lane_counts(self) -> list[int]:
        """Events per lane: of the whole source (a dataset), not only of the current window."""
        if self._source is not None:
            return [int(c) for c in self._source.lanes(self._options.group_by).counts]
        return [lane.count for lane in self.model.lanes]

    @property
    def theme(self) -> palette.Theme:
        return palette.theme(self._options.theme)

    def lane_color(self, lane_i: int) -> str:
        names = [lane.name for lane in self.model.lanes]
        key = (tuple(names), self._options.theme)
        if self._lane_colors[0] != key:
            self._lane_colors = (key, palette.lane_colors(names, self._options.theme))
        return self._lane_colors[1][lane_i]

    def _set_fonts(self) -> None:
        px = self._options.font_px
        base = QFont(self._font_base) if self._font_base is not None else export_font(px)
        hangul = ensure_fonts()
        fams = [f for f in base.families() if f != hangul] or [base.family()]
        base.setFamilies([*fams, hangul])
        base.setPixelSize(px)
        self.font_small = QFont(base)
        self.font_small.setPixelSize(max(8, px - 2))
        # Exports: Bold (DejaVu has no semi-bold) so Qt emboldens the regular-only Hangul font.
        heavy = QFont.Weight.Bold if self._font_base is None else QFont.Weight.DemiBold
        self.font_bold = QFont(base)
        self.font_bold.setWeight(heavy)
        self.font_badge = QFont(base)
        self.font_badge.setPixelSize(max(7, px - 3))
        self.font_badge.setWeight(QFont.Weight.Bold)
        self.font_title = QFont(base)
        self.font_title.setPixelSize(px + 5)
        self.font_title.setWeight(heavy)
        # Labels without kerning: a title's width is then the sum of its characters' advances,
        # summed for thousands of titles at once (`model.advances`) instead of measured one by one.
        self.font = QFont(base)
        self.font.setKerning(False)
        self.fm = QFontMetricsF(self.font)
        self._digit_px = self.fm.horizontalAdvance("0")
        self._ticks: tuple[Viewport, AxisTicks] | None = None
        self._advances = AdvanceTable(self.fm.horizontalAdvance)
        self._known_w: dict[str, float] = {}  # title -> width, simple text, this font
        # what the widths of a table's titles are kept by (`EventArrays.widths`)
        self._width_key = "\x1f".join([self.font.toString(), *self.font.families()])
        self._forget_widths(len(self._text_w))
        if self._model is not None:
            self._bind_widths(self._model)
        self._sprites.clear()
        self._badge_w: dict[int, float] = {}
        self._static: dict[str, QStaticText] = {}

    # -------------------------------------------------------------- geometry
    def geometry(self, width: float, height: float) -> Geometry:
        o = self._options
        top = 0.0
        title = None
        if o.title:
            title = QRectF(0, 0, width, TITLE_H)
            top = TITLE_H
        footer = None
        bottom = height
        if o.legend or o.source_note:
            footer = QRectF(0, height - FOOTER_H, width, FOOTER_H)
            bottom = height - FOOTER_H
        axis = QRectF(0, top, width, AXIS_H)
        lanes = QRectF(0, top + AXIS_H, width, max(0.0, bottom - top - AXIS_H))
        hw = min(self.header_px(), width * 0.4)
        plot = QRectF(hw, lanes.top(), max(1.0, width - hw - RIGHT_PAD), lanes.height())
        return Geometry(width, height, title, axis, lanes, plot, footer)

    def header_px(self) -> float:
        """Width of the lane-header column: wide enough for the lane names shown (colour chip,
        name, and the collapse chevron on screen), within `HEADER_MIN`..`HEADER_MAX`."""
        o = self._options
        if o.header_width is not None:
            return o.header_width
        names = tuple(self.model.lane_names)
        key = (names, self.font_bold.key(), o.interactive)
        if self._header_key != key:
            fm = QFontMetricsF(self.font_bold)
            widest = max((fm.horizontalAdvance(n) for n in names), default=0.0)
            chrome_px = 10 + 8 + 7 + (22 if o.interactive else 8) + 4
            self._header = float(min(HEADER_MAX, max(HEADER_MIN, np.ceil(widest + chrome_px))))
            self._header_key = key
        return self._header

    def viewport(self, geometry: Geometry, t0: float, t1: float) -> Viewport:
        return Viewport(t0, t1, width=geometry.plot.width(), x0=geometry.plot.left())

    def data_range(self) -> tuple[float, float] | None:
        """First start and last end of the events, or None without events."""
        if self._source is not None:
            bounds = self._source.time_bounds()
            return None if bounds is None else (float(bounds[0]), float(bounds[1]))
        arrays = self.model.arrays
        if arrays.n == 0:
            return None
        return float(arrays.t0.min()), float(arrays.t1.max())

    def bulk_range(self) -> tuple[float, float] | None:
        """Where the bulk of the events lies (`nkviewer.model.extent`): one stray decade does not
        squeeze the rest; a dataset from its histogram of start days."""
        if self._source is not None:
            return self._source.bulk_bounds() or self.data_range()
        ext = self.model.arrays.bulk()  # read in the worker that prepared the table, if any
        return None if ext is None else (ext.t0, ext.t1)

    def outside_counts(self, t0: float, t1: float) -> tuple[int, int]:
        """Events wholly before and wholly after [t0, t1) (a dataset: by their start days)."""
        if self._source is not None:
            total = self._source.count()
            before = self._source.visible_count(-1e12, t0) if total else 0
            return before, max(0, total - before - self._source.visible_count(t0, t1))
        arrays = self.model.arrays
        return outside_counts(arrays.t0, arrays.ends_sorted(), t0, t1)

    def fit_range(
        self, width: float, *, margin_px: float = 28.0, every: bool = False
    ) -> tuple[float, float]:
        """The time range showing the bulk of the events (`every`: every event) with
        `margin_px` of air, on a canvas `width` wide.

        The right margin also leaves room for the label of the last event.
        """
        g = self.geometry(width, 400)
        a, b = (self.data_range() if every else self.bulk_range()) or (0.0, 365.0)
        right = margin_px + min(self._options.max_label_px * 0.6, 150.0, g.plot.width() * 0.12)
        usable = max(g.plot.width() - margin_px - right, g.plot.width() * 0.4)
        scale = usable / max(b - a, 1.0)
        t0 = a - margin_px / scale
        return t0, t0 + g.plot.width() / scale

    def boxes(self, geometry: Geometry, vp: Viewport) -> list[LaneBox]:
        """Lane boxes for this canvas (cached; recomputed when size, lanes or options change)."""
        o = self._options
        model = self.model
        rows_scale = round(np.log2(max(vp.scale, 1e-9)), 1) if o.rows_for_labels else None
        key = (geometry.lanes.top(), geometry.lanes.height(), rows_scale, id(model), o.collapsed)
        if key != self._boxes_key:
            self._boxes = stack_lanes(
                model,
                top=geometry.lanes.top(),
                available=geometry.lanes.height(),
                wants=self._wants(vp),
                collapsed=set(o.collapsed),
                row_h=o.row_height,
                grow=not o.rows_for_labels,
                counts=self.lane_counts(),
            )
            self._boxes_key = key
            self._generation += 1
        return self._boxes

    def _wants(self, vp: Viewport) -> list[int]:
        """Rows each lane asks for: its labels' (exports), else a few (screen). A windowed
        source's lanes ask by their total counts, so they keep their height while panning."""
        if self._source is not None:
            counts = self.lane_counts()
            return [max(1, min(MAX_SCREEN_ROWS, int(np.log2(c + 1)))) for c in counts]
        if self._options.rows_for_labels:
            return self.model.label_wants(vp.scale, self._reserve_all(), cap=14)
        return self.model.screen_wants()

    def lanes_height(self, width: float, t0: float, t1: float) -> float:
        """Height the lanes need at this width and range when labels get their rows (exports)."""
        g = self.geometry(width, 10_000)
        vp = self.viewport(g, t0, t1)
        boxes = stack_lanes(
            self.model,
            top=0,
            available=None,
            wants=self._wants(vp),
            collapsed=set(self._options.collapsed),
            row_h=self._options.row_height,
        )
        return boxes[-1].y + boxes[-1].height if boxes else self._options.row_height

    def chrome_height(self, width: float) -> float:
        g = self.geometry(width, 10_000)
        return 10_000 - g.lanes.height()

    # --------------------------------------------------------------- texts
    def _forget_widths(self, n: int) -> None:
        self._use_widths(LabelWidths.empty(n))
        self._elided.clear()

    def _use_widths(self, widths: LabelWidths) -> None:
        self._widths = widths
        self._text_w, self._shaped, self._exact_w = widths.text, widths.shaped, widths.exact

    def text_widths(self, idx: np.ndarray) -> np.ndarray:
        """Label widths (px, capped) of events `idx`, summed from per-character advances
        (`model.advances`) once per event: exact for simple text, an estimate for shaped
        scripts, whose labels `elided` measures before they are drawn."""
        arrays = self.model.arrays  # (first: making the model may bring its widths)
        w = self._text_w
        missing = idx[np.isnan(w[idx])]
        if len(missing):
            if len(missing) > 1 and not bool((np.diff(missing) > 0).all()):
                missing = np.unique(missing)  # (a lane's events come sorted: no sort needed)
            titles = arrays.titles.take(missing)
            # titles summed for an earlier table (the same sums: the same text, the same font)
            known = self._known_w
            got = np.full(len(titles), np.nan)
            if known:
                got = np.fromiter(
                    map(known.get, titles, itertools.repeat(np.nan)), np.float64, len(titles)
                )
            new = np.flatnonzero(np.isnan(got))
            if len(new):
                fresh = titles if len(new) == len(titles) else [titles[k] for k in new.tolist()]
                widths, shaped = self._advances.widths(fresh)
                # a few shaped titles per call are measured as laid out (an Arabic or Hindi
                # title among Latin ones gets its true room); beyond that the estimate places them
                for k in np.flatnonzero(shaped)[:SHAPED_EXACT_PER_CALL].tolist():
                    i = missing[new[k]]
                    widths[k] = self._exact_w[i] = self.fm.horizontalAdvance(fresh[k])
                got[new] = widths
                self._shaped[missing[new]] = shaped
                if len(known) + len(new) > KNOWN_WIDTHS_LIMIT:
                    known.clear()
                if shaped.any():
                    simple = np.flatnonzero(~shaped).tolist()
                    fresh, widths = [fresh[k] for k in simple], widths[simple]
                known.update(zip(fresh, widths.tolist(), strict=True))
            w[missing] = np.minimum(got, 2000.0)
        return w[idx]

    def exact_width(self, i: int) -> float:
        """The real width of event `i`'s label as the font lays it out (measured once)."""
        full = self._exact_w[i]
        if full != full:
            full = self._exact_w[i] = self.fm.horizontalAdvance(self.model.arrays.titles[i])
        return float(full)

    def badge_widths(self, idx: np.ndarray) -> np.ndarray:
        """Width of the merged-reports badge of events `idx` (0 for single reports)."""
        n_src = self.model.arrays.n_sources[idx]
        out = np.zeros(len(idx))
        merged = n_src > 1
        if merged.any():
            for count in np.unique(n_src[merged]).tolist():
                w = self._badge_w.get(count)
                if w is None:
                    w = badge_rect(self.font_badge, badge_text(count), 0, 0).width()
                    self._badge_w[count] = w
                out[n_src == count] = w
        return out

    def _reserve(self, idx: np.ndarray) -> np.ndarray:
        """Room a label needs right of its glyph, for label-aware row packing."""
        cap = self._options.max_label_px
        return np.minimum(self.text_widths(idx), cap) + self.badge_widths(idx) + 2 * MARKER_R + 14

    def _reserve_all(self) -> np.ndarray:
        return self._reserve(np.arange(self.model.arrays.n))

    def elided(self, i: int, width: float) -> str:
        """Title of event `i` shortened to `width` px (cached in 8-px steps of width).

        A title whose width is only estimated (shaped scripts), or which seems a little too
        wide, is measured as laid out first: the drawn text never runs past the room it was
        given, and a title that fits is drawn whole."""
        full = self._text_w[i]
        if full != full:  # not measured yet
            full = self.text_widths(np.array([i]))[0]
        shaped = self._shaped[i]
        if full <= width and not shaped:
            return self.model.arrays.titles[i]
        # a simple title's sum is exact, or over by what its ligatures save (under a pixel)
        if (shaped or full - width <= 2.0) and self.exact_width(i) <= width:
            return self.model.arrays.titles[i]
        step = int(width) // 8 * 8
        key = (i, step)
        text = self._elided.get(key)
        if text is None:
            if len(self._elided) >= ELIDED_LIMIT:
                self._elided.clear()
            # simple text: prefixes summed from the advance table (an upper bound), no layout
            measure = self.fm.horizontalAdvance if shaped else self._advances.width
            text = elide(self.model.arrays.titles[i], step, measure)
            self._elided[key] = text
        return text

    def static_text(self, text: str) -> QStaticText:
        """A laid-out label, cached: drawing it again skips text layout."""
        st = self._static.get(text)
        if st is None:
            if len(self._static) >= STATIC_TEXT_LIMIT:
                self._static.clear()
            st = QStaticText(text)
            st.setTextFormat(Qt.TextFormat.PlainText)
            st.prepare(QTransform(), self.font)
            self._static[text] = st
        return st

    # -------------------------------------------------------------- painting
    def paint(
        self,
        painter: QPainter,
        width: float,
        height: float,
        t0: float,
        t1: float,
        *,
        selected: np.ndarray | None = None,
        hover: int | None = None,
        band: QRectF | None = None,
    ) -> Scene:
        """Draw the whole timeline for [t0, t1) on a `width` × `height` canvas; return the scene."""
        self._claim_thread()
        o = self._options
        th = self.theme
        g = self.geometry(width, height)
        vp = self.viewport(g, t0, t1)
        boxes = self.boxes(g, vp)
        key = (vp, self._generation)
        if self.last_scene is not None and key == self._scene_key:
            scene = self.last_scene  # same view (a hover or selection repaint): reuse the arrays
        elif self._source is not None and not self._covered:  # too many in view: counts only
            edges = density_edges(vp)
            binned = self._source.count_bins(edges, o.group_by)
            scene = density_scene(boxes, vp, binned, edges)
        else:
            scene = build_scene(
                self.model,
                boxes,
                vp,
                label_width=self.text_widths,
                reserve_px=self._reserve,
                badge_width=self.badge_widths,
                marker_r=MARKER_R,
                show_labels=o.labels,
                aggregate=o.aggregate,
                quantize_rows=not o.rows_for_labels,
            )
        self.last_scene, self.last_geometry, self._scene_key = scene, g, key
        counts = self.lane_counts()
        empty = sum(counts) == 0
        vector = is_vector(painter.device())
        dpr = _device_ratio(painter)
        ticks = self._axis_ticks(vp)

        painter.save()
        painter.fillRect(QRectF(0, 0, width, height), QColor(th.background))
        chrome.draw_lane_bands(painter, g, [] if empty else boxes, th)
        chrome.draw_grid(painter, g, vp, ticks, th)
        painter.save()
        painter.setClipRect(g.plot.adjusted(-RIGHT_PAD * 0.5, 0, RIGHT_PAD * 0.5, 0))
        layers.draw_density(self, painter, scene)
        layers.draw_glyphs(self, painter, scene, selected, vector, dpr)
        layers.draw_labels(self, painter, scene, selected)
        if hover is not None:
            layers.draw_hover(self, painter, scene, hover, g)
        painter.restore()
        self.last_edge_marks = {}
        if o.edge_counts and not empty:
            before, after = self.outside_counts(vp.t0, vp.t1)
            self.last_edge_marks = chrome.draw_edge_counts(
                painter, g, scene, before, after, th, self.font
            )
        chrome.draw_axis(painter, g, vp, ticks, th, self.font, self.font_bold)
        colors = [self.lane_color(i) for i in range(len(self.model.lanes))]
        if empty:
            chrome.draw_empty(painter, g, th, self.font, o.empty_text)
        else:
            chrome.draw_headers(painter, g, boxes, self.model.lane_names, counts, colors, th, self)
        if g.title is not None:
            chrome.draw_title(painter, g.title, o.title, th, self.font_title)
        if g.footer is not None:
            chrome.draw_footer(painter, g.footer, o.legend, o.source_note, th, self, vector, dpr)
        if band is not None:
            painter.setPen(QPen(QColor(th.selection), 1))
            painter.setBrush(QColor(th.rubber_band))
            painter.drawRect(band.normalized())
        painter.restore()
        return scene

    def _axis_ticks(self, vp: Viewport) -> AxisTicks:
        """The axis ticks of this view, kept for the repaints of the same view (hover,
        selection, a window arriving)."""
        if self._ticks is None or self._ticks[0] != vp:
            char_px = self._digit_px
            self._ticks = (vp, axis_ticks(vp.t0, vp.t1, vp.width, char_px=char_px))
        return self._ticks[1]

    def marker_style(self, lane_i: int, hollow: bool, faded: bool) -> MarkerStyle:
        return MarkerStyle(self.lane_color(lane_i), hollow, faded, self.theme.plot)

    def _claim_thread(self) -> None:
        """Drop the cached Qt objects made on another thread before painting on this one.

        A renderer paints on one thread at a time, but may change thread (a figure laid out in
        a worker, then drawn on the GUI thread): sprites there are QPixmaps (GUI thread only)
        and laid-out labels hold that thread's font engines, freed when it ends."""
        thread = threading.current_thread()  # held, so a later thread is never taken for it
        if thread is not self._thread:
            self._thread = thread
            self._gui = on_gui_thread()
            self._sprites.clear()
            self._static.clear()

    def sprite(self, key: tuple[Any, ...], dpr: float) -> QPixmap | QImage:
        """A pre-drawn glyph: a QPixmap on the GUI thread (stamped in one call), a QImage on any
        other, where Qt allows no QPixmap (Save, the preview and Copy Image paint in a worker)."""
        full = (*key, round(dpr, 3))
        sprite = self._sprites.get(full)
        if sprite is None:
            if len(self._sprites) >= SPRITE_LIMIT:
                self._sprites.clear()
            kind = key[0]
            if kind == "marker":
                image = marker_sprite(key[1], key[2], dpr)
            elif kind == "ring":
                image = ring_sprite(key[1], key[2], key[3], dpr)
            else:
                th = self.theme
                image = badge_sprite(key[1], th.badge, th.badge_text, self.font_badge, dpr)
            if self._gui:
                sprite = QPixmap.fromImage(image)
                sprite.setDevicePixelRatio(dpr)
            else:
                sprite = image
            self._sprites[full] = sprite
        return sprite


def _device_ratio(painter: QPainter) -> float:
    device = painter.device()
    if device is None:
        return 1.0
    ratio = float(device.devicePixelRatioF()) if hasattr(device, "devicePixelRatioF") else 1.0
    scale = painter.worldTransform().m11()
    return max(1.0, ratio * abs(scale))
