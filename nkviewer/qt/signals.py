"""Ctrl+C in the terminal and SIGTERM (logout, `kill`) close the window as File ▸ Quit does.

Python runs its signal handlers only between bytecodes, and while Qt's event loop waits in C++
none run: without help Ctrl+C is ignored until the mouse next moves, and then surfaces as a
KeyboardInterrupt inside whatever slot ran. Here the C-level handler's wake-up byte goes
through a socket pair that a `QSocketNotifier` watches, so the event loop wakes, Python runs the
handler, and the handler asks the window to close: settings are saved and the loader stops.
A second signal, e.g. while a modal dialog is open, leaves every event loop at once.
"""

from __future__ import annotations

import logging
import signal
import socket
from collections.abc import Callable
from types import FrameType
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QSocketNotifier, QTimer, Slot

log = logging.getLogger(__name__)

SIGNALS: tuple[signal.Signals, ...] = (signal.SIGINT, signal.SIGTERM)


class QuitOnSignals(QObject):
    """While installed, SIGINT/SIGTERM call `close` once, and quit the application after."""

    def __init__(self, close: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._close = close
        self.received = 0
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)
        self._old_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._old_handlers = {sig: signal.signal(sig, self._handle) for sig in SIGNALS}

    def uninstall(self) -> None:
        """Restore the previous handlers (idempotent)."""
        if not self._old_handlers:
            return
        for sig, handler in self._old_handlers.items():
            signal.signal(sig, handler)
        self._old_handlers = {}
        signal.set_wakeup_fd(self._old_fd)
        self._notifier.setEnabled(False)
        self._reader.close()
        self._writer.close()

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        self.received += 1
        name = signal.Signals(signum).name
        if self.received == 1:
            log.info("%s received: closing the window", name)
            QTimer.singleShot(0, self._close)
        else:
            log.info("%s received again: quitting", name)
            QTimer.singleShot(0, QCoreApplication.quit)

    @Slot()
    def _drain(self) -> None:
        """Empty the wake-up socket; running this slot is what lets Python run the handler."""
        try:
            while self._reader.recv(512):
                pass
        except (BlockingIOError, OSError):
            pass
