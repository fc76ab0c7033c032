"""The window hands the memory malloc holds free back to the system (`nkviewer.qt.memory_trim`):
memory freed by a worker thread stays resident until trimmed (glibc), and the trimmer runs the
trim in a thread of its own, one at a time."""

from __future__ import annotations

import threading

import pytest
from pytestqt.qtbot import QtBot

from bench.procmem import status_mb
from nkviewer.qt import memory_trim


def test_memory_a_worker_freed_is_given_back(qapp: object) -> None:
    if not memory_trim.trim_supported():
        pytest.skip("malloc_trim is glibc's (Linux)")
    if status_mb() is None:
        pytest.skip("no /proc/self/status to read the resident memory from")
    kept: list[bytearray] = []

    def work() -> None:  # blocks under the mmap threshold, in the worker's own arena
        blocks = [bytearray(60_000) for _ in range(3000)]  # 180 MB
        kept.extend(blocks[::50])  # a few stay alive: the arena cannot shrink from its top
        del blocks

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    before = status_mb()
    assert memory_trim.malloc_trim()
    after = status_mb()
    assert before is not None and after is not None
    assert before - after > 100  # MB: the freed blocks' pages are no longer resident
    assert len(kept) == 60 and all(len(b) == 60_000 for b in kept)


def test_the_trimmer_trims_off_the_windows_thread_one_at_a_time(qtbot: QtBot) -> None:
    gate = threading.Event()
    calls: list[str] = []

    def trim() -> None:
        calls.append(threading.current_thread().name)
        gate.wait(10)

    trimmer = memory_trim.MemoryTrimmer(interval_ms=20, trim=trim)
    qtbot.waitUntil(lambda: bool(calls), timeout=5000)
    qtbot.wait(100)  # the timer fires again meanwhile: the trim in hand is not doubled
    assert calls == ["nkviewer-trim"]
    gate.set()
    qtbot.waitUntil(lambda: len(calls) >= 2, timeout=5000)
    trimmer.timer.stop()
    trimmer.deleteLater()


def test_the_application_gets_one_trimmer(qapp: object) -> None:
    from PySide6.QtCore import QObject

    assert isinstance(qapp, QObject)
    first = memory_trim.install(qapp)
    try:
        assert (first is not None) == memory_trim.trim_supported()
        assert memory_trim.install(qapp) is first
        assert len(qapp.findChildren(memory_trim.MemoryTrimmer)) == (1 if first else 0)
    finally:
        if first is not None:
            first.timer.stop()
            first.setParent(None)
            first.deleteLater()
