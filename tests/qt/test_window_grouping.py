"""A new grouping of a large in-memory table is laid out in a worker: the timeline keeps the
grouping it shows until the new lanes land, and the model it then draws is the one made from
the same table on the window's thread."""

from __future__ import annotations

import threading

import pytest
from pytestqt.qtbot import QtBot

from bench.synthetic import synthetic_frame
from nkviewer.app import memory
from nkviewer.model import timeline
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
