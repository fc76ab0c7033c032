"""One piece of work at a time in a worker thread, its outcome back on the window's thread.

The export dialogs write files this way (Export Events, Export Image) and lay out the image
preview (`LatestJob`): the work gets a snapshot of what it needs (a frame, a figure's options,
never a widget or the window's live renderer), runs in a single worker thread, and `finished`
brings its `Future` back to the thread the job lives in, where the dialog shows the outcome.

The worker threads are made once per job name and kept (`nkviewer.threads.SharedThread`): a
dialog's first Save or preview no longer starts a thread. `threading.Thread.start` returns
only when the new thread has run its first Python lines, so the window's thread waited,
blocked, for the OS to give that thread a CPU and for the interpreter's lock (at 10^5 events
the soak's Export Events start had the window blocked 288 ms with no thread holding the lock
long: every export dialog made its own executor, so every start made a thread).

Nothing Qt crosses from the worker: the owner's thread polls the Future with a timer while work
runs, so a dialog deleted while its work is in flight leaves the worker nothing of its to touch
(it finishes on its own objects and its outcome is dropped). `wait_for_workers` lets the window
wait, when it closes, for every worker still running (files finished, no thread drawing after
the application has gone).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import wait as wait_futures
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from nkviewer.threads import SharedThread, short_gil_turns

#: How often the owner's thread looks whether the work is done (ms).
POLL_MS = 10

_running: set[Future[Any]] = set()  # every job's work not yet over, any owner, alive or not
_running_lock = threading.Lock()
_workers: dict[str, SharedThread] = {}  # job name → its worker thread, shared by every job


def worker_for(name: str) -> SharedThread:
    """The one worker thread of the jobs called `name` (made when first asked for)."""
    if name not in _workers:  # the window's thread makes jobs: no race to guard
        _workers[name] = SharedThread(name)
    return _workers[name]


def _track(future: Future[Any]) -> None:
    with _running_lock:
        _running.add(future)

    def forget(done: Future[Any]) -> None:
        with _running_lock:
            _running.discard(done)

    future.add_done_callback(forget)


def running_workers() -> int:
    """How many pieces of background work are not over yet (all jobs)."""
    with _running_lock:
        return len(_running)


def wait_for_workers(timeout: float | None = 60.0) -> bool:
    """Wait until every background job's work is over (a file being written is finished, a
    preview being laid out ends); True when none is left running."""
    with _running_lock:
        pending = list(_running)
    if not pending:
        return True
    _done, not_done = wait_futures(pending, timeout=timeout)
    return not not_done


class BackgroundJob(QObject):
    """Runs `start(fn, *args)` in the worker thread of the jobs called `name` (one per name,
    kept: see the module docstring); `finished(Future)` on the owner's thread,
    always in a later turn of its event loop (never inside `start`, even when the work is
    over before `start` returns), so the caller sets up its "busy" state first.

    `short_gil_turns`: the work runs under `nkviewer.threads.short_gil_turns` (for work that is
    mostly pure Python, measured to hold the window's turns long otherwise)."""

    #: the work's Future, on the thread the job lives in
    finished = Signal(object)

    def __init__(
        self, name: str, parent: QObject | None = None, *, short_gil_turns: bool = False
    ) -> None:
        super().__init__(parent)
        self._name = name
        self._short_turns = short_gil_turns
        self._future: Future[Any] | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._check)

    @property
    def busy(self) -> bool:
        """Whether work is running (its `finished` not yet delivered)."""
        return self._future is not None

    def start(self, fn: Callable[..., Any], *args: Any) -> None:
        """Run `fn(*args)` in the worker thread; one job at a time."""
        if self._future is not None:
            raise RuntimeError("a background job is already running")
        pool = worker_for(self._name).executor()
        if self._short_turns:
            self._future = pool.submit(_in_short_turns, fn, *args)
        else:
            self._future = pool.submit(fn, *args)
        _track(self._future)
        self._poll.start()

    @Slot()
    def _check(self) -> None:
        if self._future is not None and self._future.done():
            self._deliver()

    def _deliver(self) -> None:
        future, self._future = self._future, None
        self._poll.stop()
        if future is not None:
            self.finished.emit(future)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the work in hand is over and deliver its outcome now (`finished`);
        True when nothing is left running."""
        if self._future is None:
            return True
        wait_futures([self._future], timeout=timeout)
        if not self._future.done():
            return False
        self._deliver()
        return True

    def shutdown(self) -> None:
        """Drop the outcome of the job in hand, if any (the shared worker finishes it and
        goes on with the next job of its name)."""
        self._poll.stop()
        self._future = None


def _in_short_turns(fn: Callable[..., Any], *args: Any) -> Any:
    with short_gil_turns():
        return fn(*args)


class LatestJob(QObject):
    """Work of which only the newest request matters (the image preview as options change).

    `request(fn, *args)` runs `fn(cancelled, *args)` in a worker thread, where `cancelled()`
    turns True as soon as a newer request (or `cancel`) supersedes it, so the work can stop at
    its next step. A request made while one runs waits for it (one worker, never a pile of
    stale layouts on the cores) and replaces any request already waiting. `finished(Future)`
    brings the outcome of the newest request only; superseded outcomes are dropped.
    """

    finished = Signal(object)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._job = BackgroundJob(name, self)
        self._job.finished.connect(self._on_done)
        self._pending: tuple[Callable[..., Any], tuple[Any, ...]] | None = None
        self._cancel: threading.Event | None = None  # the running request's

    @property
    def busy(self) -> bool:
        """Whether a request is running or waiting (its outcome not yet delivered)."""
        return self._job.busy or self._pending is not None

    def request(self, fn: Callable[..., Any], *args: Any) -> None:
        """Run `fn(cancelled, *args)` once the worker is free; older requests are superseded."""
        if self._cancel is not None:
            self._cancel.set()
        if self._job.busy:
            self._pending = (fn, args)
            return
        self._run(fn, args)

    def _run(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        self._cancel = threading.Event()
        self._job.start(fn, self._cancel.is_set, *args)

    def cancel(self) -> None:
        """Supersede the running request (its outcome is dropped) and forget any waiting one."""
        self._pending = None
        if self._cancel is not None:
            self._cancel.set()

    @Slot(object)
    def _on_done(self, future: Future[Any]) -> None:
        superseded = self._cancel is not None and self._cancel.is_set()
        self._cancel = None
        if self._pending is not None:
            fn, args = self._pending
            self._pending = None
            self._run(fn, args)
            return
        if not superseded:
            self.finished.emit(future)

    def shutdown(self) -> None:
        """Cancel what runs or waits and let the worker thread end; no outcome is delivered."""
        self.cancel()
        self._job.shutdown()
