"""One piece of work at a time in a worker thread, its outcome back on the window's thread.

The export dialogs write files this way (Export Events, Export Image): the work gets a
snapshot of what it needs (a frame, a figure's options, never a widget or the window's live
renderer), runs in a single worker thread, and `finished` brings its `Future` back to the
thread the `BackgroundJob` lives in, where the dialog reports the file or the failure.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot


class BackgroundJob(QObject):
    """Runs `start(fn, *args)` in a worker thread; `finished(Future)` on the owner's thread,
    always in a later turn of its event loop (never inside `start`, even when the work is
    over before `start` returns), so the caller sets up its "busy" state first."""

    #: the work's Future, on the thread the job lives in
    finished = Signal(object)
    _ended = Signal(object)  # from whichever thread completed the Future

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = name
        self._pool: ThreadPoolExecutor | None = None
        self._busy = False
        self._ended.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @property
    def busy(self) -> bool:
        """Whether work is running (its `finished` not yet delivered)."""
        return self._busy

    def start(self, fn: Callable[..., Any], *args: Any) -> None:
        """Run `fn(*args)` in the worker thread; one job at a time."""
        if self._busy:
            raise RuntimeError("a background job is already running")
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=self._name)
        self._busy = True
        future = self._pool.submit(fn, *args)
        future.add_done_callback(self._ended.emit)

    @Slot(object)
    def _deliver(self, future: Future[Any]) -> None:
        self._busy = False
        self.finished.emit(future)

    def shutdown(self) -> None:
        """Let the worker thread end (after the job in hand, if any)."""
        if self._pool is not None:
            self._pool.shutdown(wait=False)
            self._pool = None
