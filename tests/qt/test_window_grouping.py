"""A new grouping of a large in-memory table is laid out in a worker: the timeline keeps the
grouping it shows until the new lanes land, and the model it then draws is the one made from
the same table on the window's thread."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from pytestqt.qtbot import QtBot

from bench.synthetic import synthetic_frame
from nkviewer.app import memory
from nkviewer.model import timeline
from nkviewer.model.source import DatasetSource
from nkviewer.qt.main_window import MainWindow


def _lanes(model: timeline.TimelineModel) -> list[tuple[str, list[int]]]:
    return [(lane.name, lane.idx.tolist()) for lane in model.lanes]


def test_a_new_grouping_is_laid_out_in_a_worker_and_shown_when_ready(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(memory, "BACKGROUND_EVENTS", 100)  # a "large" table: 300 events
    laid_out: list[tuple[str, bool]] = []
    real = timeline.lane_assignment

    def noted(frame, group_by, **kw):  # type: ignore[no-untyped-def]
        laid_out.append((group_by, threading.current_thread() is threading.main_thread()))
        return real(frame, group_by, **kw)

    monkeypatch.setattr(timeline, "lane_assignment", noted)
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    session = window.session
    session.set_raw_events(synthetic_frame(300, years=3, seed=4))
    qtbot.waitUntil(
        lambda: not session.refiltering and window.timeline.renderer().frame is not None
    )
    renderer = window.timeline.renderer()
    qtbot.waitUntil(lambda: len(renderer.frame) == 300)
    drawn = renderer.model  # the country lanes, as drawn now
    assert renderer.options.group_by == "country"

    laid_out.clear()
    window.set_group_by("actor")
    assert window.group_by() == "actor"  # the choice shows at once
    assert window.grouping_pending
    assert renderer.options.group_by == "country"  # the previous lanes stay drawn meanwhile
    assert renderer.model is drawn
    qtbot.waitUntil(lambda: not window.grouping_pending)
    assert renderer.options.group_by == "actor"
    model = renderer.model
    assert laid_out == [("actor", False)]  # in the worker, never on the window's thread
    fresh = timeline.TimelineModel.from_frame(renderer.frame, "actor")
    assert _lanes(model) == _lanes(fresh)
    assert [ln.bar_rows for ln in model.lanes] == [ln.bar_rows for ln in fresh.lanes]

    window.set_group_by("source")  # superseded before it lands: only the last one is drawn
    window.set_group_by("none")
    qtbot.waitUntil(lambda: not window.grouping_pending)
    assert renderer.options.group_by == "none"
    assert [ln.name for ln in renderer.model.lanes] == [
        ln.name for ln in timeline.TimelineModel.from_frame(renderer.frame, "none").lanes
    ]
    window.set_group_by("none")  # the grouping drawn: nothing to lay out
    assert not window.grouping_pending
    session.shutdown()


def test_a_small_table_is_regrouped_at_once(qtbot: QtBot) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.session.set_raw_events(synthetic_frame(60, years=2, seed=1))
    window.set_group_by("source")
    assert not window.grouping_pending
    assert window.timeline.renderer().options.group_by == "source"
    window.session.shutdown()


@pytest.fixture(scope="module")
def small_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("duckdb", reason="duckdb is not installed")
    from nkviewer.corpus.dataset_store import write_frame_dataset

    out = tmp_path_factory.mktemp("grouping") / "events"
    write_frame_dataset(synthetic_frame(3000, years=3, seed=5), out)
    return out


def test_a_datasets_new_grouping_is_made_in_a_worker_and_shown_when_ready(
    qtbot: QtBot, small_dataset: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a dataset a new grouping's lanes and day histogram (a query) and the model of the
    window of events are made in the grouping worker; the timeline paints the previous
    grouping meanwhile (never waiting for the worker), then draws the worker's model."""
    computing: list[tuple[str, bool]] = []  # (grouping, on the window's thread)
    computed: list[str] = []
    gate = threading.Event()
    gate.set()
    real = DatasetSource._compute_histogram

    def held(source: DatasetSource, group_by: str) -> Any:
        computing.append((group_by, threading.current_thread() is threading.main_thread()))
        gate.wait(30)
        out = real(source, group_by)
        computed.append(group_by)
        return out

    monkeypatch.setattr(DatasetSource, "_compute_histogram", held)
    made: list[tuple[str, bool]] = []  # models made: (grouping, on the window's thread)
    from_frame = timeline.TimelineModel.from_frame

    def noted(frame: pd.DataFrame, group_by: str, **kw: Any) -> Any:
        if len(frame):
            made.append((group_by, threading.current_thread() is threading.main_thread()))
        return from_frame(frame, group_by, **kw)

    monkeypatch.setattr(timeline.TimelineModel, "from_frame", noted)
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    window.open_paths([small_dataset])
    session, view = window.session, window.timeline
    session.settle()
    renderer = view.renderer()

    def drawn_events() -> bool:
        view.repaint()
        return renderer.frame is not None and len(renderer.frame) > 0

    qtbot.waitUntil(drawn_events, timeout=10_000)
    source = session.timeline_source()
    assert isinstance(source, DatasetSource)
    drawn = renderer.model
    assert renderer.options.group_by == "country" and len(drawn.arrays.ids)

    computing.clear()
    computed.clear()
    made.clear()
    gate.clear()
    window.set_group_by("actor")
    assert window.group_by() == "actor" and window.grouping_pending
    qtbot.waitUntil(lambda: computing == [("actor", False)])  # the worker is at its query
    view.repaint()  # painted meanwhile: the previous grouping, without waiting for the worker
    assert computed == [] and renderer.options.group_by == "country"
    assert renderer.model is drawn
    gate.set()
    qtbot.waitUntil(lambda: not window.grouping_pending, timeout=10_000)
    assert renderer.options.group_by == "actor"
    view.repaint()
    win = source.current_window()
    assert win is not None and win.group_by == "actor" and renderer.model is win.model
    assert computed == ["actor"] and ("actor", True) not in made and ("actor", False) in made
    lanes = source.lanes("actor")
    fresh = from_frame(renderer.frame, "actor", lanes=lanes.names, totals=lanes.counts.tolist())
    assert _lanes(renderer.model) == _lanes(fresh)

    window.set_group_by("source")  # superseded before it lands: only the last one is drawn
    window.set_group_by("none")
    qtbot.waitUntil(lambda: not window.grouping_pending, timeout=10_000)
    assert renderer.options.group_by == "none"
    view.repaint()
    assert renderer.model.lane_names == list(source.lanes("none").names)
    assert not [m for m in made if m[1]]  # no model made on the window's thread
    session.shutdown()
