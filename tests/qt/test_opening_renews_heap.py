"""Opening another corpus drops the previous one without a walk of the whole heap on that turn
(`nkviewer.heap.Dropped`): reference counting frees a dropped corpus; one a garbage cycle holds
(frozen or not) is freed by a renewal on a later idle turn."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest
import qt_sample
from heap_support import Node
from pytestqt.qtbot import QtBot

from nkviewer import heap
from nkviewer.qt import session as session_module
from nkviewer.qt.session import Session


def open_and_wait(qtbot: QtBot, session: Session, folder: Path) -> None:
    folder.mkdir()
    session.open([folder], factory=qt_sample.fake_pipeline())
    qtbot.waitUntil(lambda: not session.loading, timeout=10_000)


@pytest.fixture
def quick_looks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(session_module, "DROP_LOOK_MS", 5)


def test_a_dropped_corpus_reference_counting_frees_costs_no_full_collection(
    qtbot: QtBot, tmp_path: Path, keeping: None, quick_looks: None
) -> None:
    session = Session()
    full: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "stop" and info.get("generation") == 2:
            full.append(1)

    try:
        open_and_wait(qtbot, session, tmp_path / "first")
        heap.renew()  # walks everything, freezes the survivors: the reference
        dropped = weakref.ref(session.state)
        gc.disable()  # only a collection the window asks for is counted
        gc.callbacks.append(seen)
        try:
            open_and_wait(qtbot, session, tmp_path / "second")
            qtbot.waitUntil(lambda: not session.watching_drop, timeout=10_000)
            assert dropped() is None
            assert full == []
        finally:
            gc.callbacks.remove(seen)
            gc.enable()
    finally:
        session.shutdown()


def test_a_dropped_corpus_a_frozen_cycle_holds_is_freed_after_the_drop(
    qtbot: QtBot, tmp_path: Path, keeping: None, quick_looks: None
) -> None:
    session = Session()
    try:
        open_and_wait(qtbot, session, tmp_path / "first")
        a, b = Node(), Node()
        a.other, b.other = b, a
        b.held = session.state  # type: ignore[attr-defined]
        dropped = weakref.ref(session.state)
        gc.collect()  # frozen with its survivors, the corpus and the cycle holding it
        del a, b
        open_and_wait(qtbot, session, tmp_path / "second")
        qtbot.waitUntil(lambda: dropped() is None, timeout=10_000)
        assert not session.watching_drop
    finally:
        session.shutdown()


def test_a_walk_that_falls_due_runs_on_a_later_idle_look_of_the_window(
    qtbot: QtBot, keeping: None, quick_looks: None
) -> None:
    """When the frozen objects doubled, the collection that saw it only tells the window; the
    walk of everything runs on a later turn of the window's (`Session`'s idle look)."""
    session = Session()
    try:
        gc.collect()  # the reference
        a, b = Node(), Node()
        a.other, b.other = b, a
        gone = weakref.ref(a)
        gc.collect()
        del a, b
        due_before = heap.renewals()["due"]
        grown = [[] for _ in range(int(heap.REWALK_AFTER * gc.get_freeze_count()) + 5000)]
        gc.collect()  # past REWALK_AFTER: due, the window told (not run in this collection)
        assert heap.walk_due()
        assert gone() is not None
        qtbot.waitUntil(lambda: not heap.walk_due(), timeout=10_000)
        assert gone() is None
        assert heap.renewals()["due"] == due_before + 1
        assert not session.watching_drop  # nothing left to look at
        del grown
    finally:
        session.shutdown()
