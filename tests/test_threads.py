"""Background threads run below the window's thread (`nkviewer.threads.lower_priority`): the
scheduler gives the window's thread a core before any worker of the app (Linux, where each
thread has its own nice value)."""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from pathlib import Path

import pytest

from nkviewer import memory_tuning
from nkviewer.corpus.sidecar import Edits, SidecarWriter
from nkviewer.threads import WORKER_NICENESS, SharedThread, lower_priority

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="per-thread nice values are Linux's"
)


def _nice() -> int:
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


def _main_nice() -> int:
    return os.getpriority(os.PRIO_PROCESS, os.getpid())


def _lowered() -> int:
    return min(19, _main_nice() + WORKER_NICENESS)


def test_a_shared_thread_runs_below_the_main_thread() -> None:
    assert _lowered() > _main_nice() or _main_nice() == 19
    worker = SharedThread("test-lowered")
    try:
        assert worker.executor().submit(_nice).result(timeout=10) == _lowered()
        assert _nice() == _main_nice()  # the caller is untouched
    finally:
        worker.executor().shutdown()


def test_lowering_is_relative_to_the_main_thread_not_to_the_caller() -> None:
    """A thread made by a worker inherits the worker's value; lowering it again does not
    push it further down."""
    seen: list[int] = []

    def inner() -> None:
        lower_priority()
        seen.append(_nice())

    def outer() -> None:
        lower_priority()
        seen.append(_nice())
        t = threading.Thread(target=inner)
        t.start()
        t.join()

    t = threading.Thread(target=outer)
    t.start()
    t.join()
    assert seen == [_lowered(), _lowered()]


def test_the_sidecar_writer_runs_lowered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []

    def write(path: Path, edits: Edits, pause: bool = False) -> None:
        seen.append(_nice())

    monkeypatch.setattr("nkviewer.corpus.sidecar.write_edits", write)
    writer = SidecarWriter(lambda path, error: None)
    writer.submit(tmp_path / "x.json", Edits({}, {}, {}, {}))
    assert writer.flush(timeout=10)
    assert seen == [_lowered()]


class _Stop(BaseException):
    """Ends the releaser's loop (it carries on after any Exception)."""


def test_the_memory_releaser_runs_lowered(monkeypatch: pytest.MonkeyPatch) -> None:
    """A releaser started by an earlier test may be running: it keeps the real `release`."""
    values: list[int] = []
    real = memory_tuning.release

    def release() -> None:
        if threading.current_thread() is not t:
            real()
            return
        values.append(_nice())
        raise _Stop

    monkeypatch.setattr(memory_tuning, "release", release)

    def releaser() -> None:
        with contextlib.suppress(_Stop):
            memory_tuning._release_forever(0.001)

    t = threading.Thread(target=releaser)
    t.start()
    t.join(10)
    assert values == [_lowered()]
