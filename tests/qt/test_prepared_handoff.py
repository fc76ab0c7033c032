"""What a worker makes of a table for the timeline travels with the result it belongs to: with
an edit's refilter and a new grouping in flight together, whichever lands first, the timeline
draws the models made in the workers and makes none on the window's thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from bench.synthetic import synthetic_frame
from nkviewer.app import memory
from nkviewer.model import timeline
from nkviewer.model.source import FrameSource
from nkviewer.qt import main_window
from nkviewer.qt.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    monkeypatch.setattr(memory, "BACKGROUND_EVENTS", 100)  # a "large" table: 400 events
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    win.set_group_by("country")
    win.session.set_raw_events(synthetic_frame(400, years=3, seed=7))
    renderer = win.timeline.renderer()
    qtbot.waitUntil(lambda: renderer.frame is not None and len(renderer.frame) == 400)
    assert renderer.model.lane_names
    yield win
    win.session.shutdown()


@pytest.fixture
def made_here(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The groupings of the timeline models made on the window's thread from now on."""
    made: list[str] = []
    real = timeline.TimelineModel.__init__

    def noted(self: timeline.TimelineModel, arrays: Any, assignment: Any, **kw: Any) -> None:
        if threading.current_thread() is threading.main_thread():
            made.append(assignment.mode)
        real(self, arrays, assignment, **kw)

    monkeypatch.setattr(timeline.TimelineModel, "__init__", noted)
    return made


def _gate(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> threading.Event:
    """Hold `owner.name` (run in a worker) until the event returned is set."""
    gate = threading.Event()
    real = getattr(owner, name)

    def held(*args: Any, **kw: Any) -> Any:
        assert gate.wait(30)
        return real(*args, **kw)

    monkeypatch.setattr(owner, name, held)
    return gate


def _drawn(window: MainWindow) -> tuple[timeline.TimelineModel, FrameSource]:
    source = window.session.timeline_source()
    assert isinstance(source, FrameSource)
    renderer = window.timeline.renderer()
    assert renderer.frame is source.frame
    return renderer.model, source


def test_a_grouping_landing_before_an_edit_loses_neither_model(
    qtbot: QtBot, window: MainWindow, made_here: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    session = window.session
    gate = _gate(monkeypatch, memory.MemoryCorpus, "_refiltered")
    victim = str(session.filtered["event_id"].iloc[5])
    session.hide([victim])  # the edit's worker is held
    assert session.refiltering
    window.set_group_by("actor")  # laid out in the grouping worker from the table shown
    qtbot.waitUntil(lambda: not window.grouping_pending)
    model, source = _drawn(window)
    assert model.assignment.mode == "actor"
    assert source.frame is session.filtered and victim in set(source.frame["event_id"])
    gate.set()  # the edit lands after the grouping
    qtbot.waitUntil(lambda: not session.refiltering)
    model, source = _drawn(window)
    assert victim not in set(source.frame["event_id"])
    assert made_here == []  # every model made in a worker
    assert source.prepared is not None and model is source.prepared.models["actor"]


def test_an_edit_landing_before_a_grouping_brings_that_grouping_too(
    qtbot: QtBot, window: MainWindow, made_here: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    session = window.session
    gate = _gate(monkeypatch, main_window, "_grouped")
    window.set_group_by("source")  # the grouping worker is held
    assert window.grouping_pending
    victim = str(session.filtered["event_id"].iloc[9])
    session.hide([victim])  # prepared for the grouping drawn and the one on its way
    qtbot.waitUntil(lambda: not session.refiltering)
    model, source = _drawn(window)
    assert victim not in set(source.frame["event_id"])
    assert model.assignment.mode == "country"  # the new grouping is not drawn yet
    assert source.prepared is not None and model is source.prepared.models["country"]
    gate.set()  # the grouping of the table shown before lands: this table's is ready
    qtbot.waitUntil(lambda: not window.grouping_pending)
    model, source = _drawn(window)
    assert source.prepared is not None and model is source.prepared.models["source"]
    fresh = timeline.TimelineModel.from_frame(source.frame.copy(), "source")
    assert [(ln.name, ln.idx.tolist()) for ln in model.lanes] == [
        (ln.name, ln.idx.tolist()) for ln in fresh.lanes
    ]
    assert made_here == ["source"]  # only the reference just made


def test_the_overview_of_an_edited_table_is_read_in_the_worker(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The overview's starts and span of the curated table are read where the table is made,
    and the strip shows the density of every event left."""
    from nkviewer.model import source as sources

    here: list[int] = []
    real = sources.starts_and_span

    def noted(frame: Any) -> Any:
        if threading.current_thread() is threading.main_thread():
            here.append(len(frame))
        return real(frame)

    monkeypatch.setattr(sources, "starts_and_span", noted)
    session = window.session
    victims = session.filtered["event_id"].iloc[[3, 50, 51]].tolist()
    session.hide(victims)
    qtbot.waitUntil(lambda: not session.refiltering)
    assert here == []
    events = session.events
    assert len(events) == 397 and not set(victims) & set(events["event_id"])
    strip = window.overview
    assert strip._count == 397
    assert strip._t0.tolist() == sorted(events["t0"].tolist())
