"""The window's own background threads — the loader that parses a corpus and the worker that
applies edits to a large corpus in memory — run below the window's thread (Linux), so a turn
of the window never waits for a core they hold (`nkviewer.threads.lower_priority`)."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import qt_sample
from pytestqt.qtbot import QtBot

from nkviewer.app.memory import MemoryCorpus
from nkviewer.qt.session import Session
from nkviewer.threads import WORKER_NICENESS

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="per-thread nice values are Linux's"
)


def _nice() -> int:
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


def test_the_loader_and_the_curation_worker_run_below_the_window(
    qtbot: QtBot, tmp_path: Path
) -> None:
    seen: list[int] = []
    factory = qt_sample.fake_pipeline()

    def watched(stopped: Callable[[], bool]) -> Iterator[Any]:
        seen.append(_nice())  # in the loader's thread
        yield from factory(stopped)

    (tmp_path / "corpus").mkdir()
    session = Session()
    with qtbot.waitSignal(session.loader.finished, timeout=15_000):
        session.open([tmp_path / "corpus"], factory=watched)
    qtbot.waitUntil(lambda: not session.loading)
    lowered = min(19, _nice() + WORKER_NICENESS)
    assert seen == [lowered]
    state = session.state
    assert isinstance(state, MemoryCorpus)
    assert state._submit(_nice).result(timeout=10) == lowered
    assert _nice() == os.getpriority(os.PRIO_PROCESS, os.getpid())  # the window's is untouched
    session.shutdown()
