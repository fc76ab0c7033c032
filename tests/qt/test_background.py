"""`BackgroundJob` runs work in a worker thread and brings its outcome back on the owner's
thread in a later turn of the event loop, even when the work is over before `start` returns
(the export dialogs set up their "Saving …" state after `start`)."""

from __future__ import annotations

import threading
from concurrent.futures import Future

import pytest
from pytestqt.qtbot import QtBot

from nkviewer.qt.background import BackgroundJob


def test_the_outcome_arrives_after_start_returns_on_the_owners_thread(qtbot: QtBot) -> None:
    job = BackgroundJob("test-job")
    events: list[str] = []
    outcomes: list[Future[int]] = []

    def work() -> int:
        events.append(
            "worker" if threading.current_thread() is not threading.main_thread() else "main"
        )
        return 7

    def finished(future: Future[int]) -> None:
        events.append(
            "finished on main" if threading.current_thread() is threading.main_thread() else "off"
        )
        outcomes.append(future)

    job.finished.connect(finished)
    job.start(work)
    assert job._future is not None
    job._future.result(timeout=5)  # the work is surely over now
    events.append("start returned")
    assert job.busy
    with pytest.raises(RuntimeError):
        job.start(work)  # one at a time
    qtbot.waitUntil(lambda: bool(outcomes), timeout=5000)
    assert events == ["worker", "start returned", "finished on main"]
    assert outcomes[0].result() == 7 and not job.busy
    job.shutdown()
