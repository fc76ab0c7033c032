"""Opening another corpus renews the collector's frozen heap (`nkviewer.heap`): a garbage cycle
frozen while the previous corpus was shown is freed when that corpus is dropped, so freezing
what survives full collections keeps no garbage beyond one corpus' life."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import qt_sample
from heap_support import Node
from pytestqt.qtbot import QtBot

from nkviewer.qt.session import Session


def open_and_wait(qtbot: QtBot, session: Session, folder: Path) -> None:
    folder.mkdir()
    session.open([folder], factory=qt_sample.fake_pipeline())
    qtbot.waitUntil(lambda: not session.loading, timeout=10_000)


def test_a_frozen_garbage_cycle_is_freed_when_another_corpus_opens(
    qtbot: QtBot, tmp_path: Path, keeping: None
) -> None:
    session = Session()
    try:
        open_and_wait(qtbot, session, tmp_path / "first")
        a, b = Node(), Node()
        a.other, b.other = b, a
        gone = weakref.ref(a)
        gc.collect()  # survivors frozen, the cycle with them
        del a, b
        gc.collect()
        assert gone() is not None  # garbage, frozen: only a renewal frees it
        open_and_wait(qtbot, session, tmp_path / "second")
        qtbot.waitUntil(lambda: gone() is None, timeout=10_000)
    finally:
        session.shutdown()
