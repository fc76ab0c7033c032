"""Glyph sprites off the GUI thread: Save, the preview and Copy Image draw the figure in a worker
thread, where Qt allows no QPixmap (only QImage) unless the platform says otherwise."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from PySide6.QtGui import QColor, QImage, QPixmap

from nkviewer.events.record import Event
from nkviewer.events.table import day_number, events_to_frame
from nkviewer.export.images import ImageOptions, prepare_figure, render_to_image
from nkviewer.render import timeline  # noqa: F401 (loaded before the watch swaps QPixmap in it)

RANGE = (day_number("2019-01-01"), day_number("2020-01-01"))


def ev(i: int, start: str, title: str, lane: str, **kw: object) -> Event:
    return Event(
        event_id=f"e{i}", title=title, start=start, end=start, granularity="day",
        timex_value=start, time_text=start, time_start=0, time_end=1, sentence=title,
        sentence_start=0, sentence_end=1, doc_id=f"d{i}", doc_path="p", lane=lane,
        **kw,  # type: ignore[arg-type]
    )  # fmt: skip


@pytest.fixture(autouse=True)
def _app(qapp: object) -> None:
    """Drawing needs a QGuiApplication (pytest-qt's, created on this, the GUI, thread)."""


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    """Markers filled, hollow (expected) and faded (uncertain), and a merged event's badge."""
    events = [
        ev(1, "2019-02-10", "Kim visited Moscow", "North Korea"),
        ev(2, "2019-06-01", "Summit expected", "North Korea", modality="expected"),
        ev(3, "2019-03-05", "Wang Yi met Lavrov", "China",
           sources=[{"doc_id": "d0"}, {"doc_id": "d1"}, {"doc_id": "d2"}]),
        ev(4, "2019-09-20", "Putin hosted summit", "Russia", uncertain=True),
    ]  # fmt: skip
    return events_to_frame(events)


@pytest.fixture
def pixmaps_made(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[bool]]:
    """Every QPixmap the renderer and the exporter make, as "made on the GUI thread?" flags.

    The class is swapped for a subclass that records its constructions and `fromImage` calls in
    each nkviewer module that imported it (they hold their own reference to the name)."""
    made: list[bool] = []

    def note() -> None:
        made.append(threading.current_thread() is threading.main_thread())

    class Watched(QPixmap):
        def __init__(self, *args: Any) -> None:
            note()
            super().__init__(*args)

        @staticmethod
        def fromImage(*args: Any, **kwargs: Any) -> QPixmap:
            note()
            return QPixmap.fromImage(*args, **kwargs)

    patched = 0
    for name, module in list(sys.modules.items()):
        if name.startswith("nkviewer.") and getattr(module, "QPixmap", None) is QPixmap:
            monkeypatch.setattr(module, "QPixmap", Watched)
            patched += 1
    assert patched, "no nkviewer module holds QPixmap: the watch would see nothing"
    yield made


def in_worker(fn: Callable[[], Any]) -> Any:
    """Run `fn` in a plain worker thread (as the export jobs' ThreadPoolExecutor does)."""
    out: dict[str, Any] = {}

    def run() -> None:
        try:
            out["value"] = fn()
        except BaseException as exc:  # re-raised on this thread
            out["error"] = exc

    worker = threading.Thread(target=run, name="export-worker")
    worker.start()
    worker.join(timeout=120)
    assert not worker.is_alive()
    if "error" in out:
        raise out["error"]
    return out["value"]


def _pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    ptr = image.constBits()
    rows = np.frombuffer(ptr, dtype=np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, : image.width() * 4].reshape(image.height(), image.width(), 4)[..., :3].copy()


def test_save_in_a_worker_makes_no_pixmap_and_draws_the_glyphs(
    tmp_path: Path, frame: pd.DataFrame, pixmaps_made: list[bool]
) -> None:
    options = ImageOptions(width=900, time_range=RANGE, dpi=192)

    def save_and_copy() -> tuple[Path, QImage]:
        # what the Save job and the Copy/preview jobs do: a figure of their own, painted here
        figure = prepare_figure(frame, options=options, fmt="png")
        path = figure.write(tmp_path / "worker.png")
        return path, prepare_figure(frame, options=options, fmt="png").image()

    path, worker_image = in_worker(save_and_copy)
    assert not [gui for gui in pixmaps_made if not gui], "a QPixmap was made off the GUI thread"
    assert path.stat().st_size > 0

    # The same figure drawn on the GUI thread (where the screen's pixmap sprites are allowed)
    # looks the same: markers, hollow and faded markers and the badge all came out.
    on_gui = prepare_figure(frame, options=options, fmt="png").image()
    assert pixmaps_made, "the GUI-thread paint made no sprite pixmap: the watch saw nothing"
    a, b = _pixels(worker_image), _pixels(on_gui)
    assert a.shape == b.shape
    assert np.abs(a.astype(int) - b.astype(int)).max(axis=2).mean() < 0.5
    assert QImage(str(path)).size() == worker_image.size()


def test_selection_rings_in_a_worker(frame: pd.DataFrame, pixmaps_made: list[bool]) -> None:
    figure = prepare_figure(frame, options=ImageOptions(width=900, time_range=RANGE), fmt="png")
    selected = np.ones(len(frame), dtype=bool)
    ring = QColor(figure.renderer.theme.selection)

    def draw() -> QImage:
        return render_to_image(
            figure.renderer, figure.width, figure.height, figure.t0, figure.t1, selected=selected
        )

    image = in_worker(draw)
    assert not [gui for gui in pixmaps_made if not gui], "a QPixmap was made off the GUI thread"
    rgb = _pixels(image).astype(int)
    target = np.array([ring.blue(), ring.green(), ring.red()])  # RGB32 bytes are B, G, R
    ring_px = (np.abs(rgb - target).sum(axis=2) < 30).sum()
    plain = _pixels(
        render_to_image(figure.renderer, figure.width, figure.height, figure.t0, figure.t1)
    ).astype(int)
    assert ring_px > (np.abs(plain - target).sum(axis=2) < 30).sum() + 4 * 10


def test_vector_devices_are_told_apart_from_pixel_devices(tmp_path: Path) -> None:
    """One rule for the labels and the glyphs: SVG and PDF are vector; images, pixmaps and no
    device at all (a painter not begun) get sprites and cached text."""
    from PySide6.QtGui import QPdfWriter
    from PySide6.QtSvg import QSvgGenerator

    from nkviewer.render.glyphs import is_vector

    svg = QSvgGenerator()
    svg.setFileName(str(tmp_path / "a.svg"))
    assert is_vector(svg) and is_vector(QPdfWriter(str(tmp_path / "a.pdf")))
    assert not is_vector(QImage(4, 4, QImage.Format.Format_ARGB32))
    assert not is_vector(QPixmap(4, 4)) and not is_vector(None)
