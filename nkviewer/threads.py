"""Thread tools for the window's background work (Qt-free).

`SharedThread`: background threads made when first needed and shared by every caller of one
kind (a dataset's opener, its janitor, the window fetcher): starting a thread per request cost
0.05-0.1 s on the window's thread when the machine was busy.

`short_gil_turns`: a shorter interpreter switch interval while a worker runs pure-Python work
next to the window. The window's thread gives the GIL up and takes it back at every call into
Qt, and each time waited up to the switch interval (5 ms) for a worker busy in Python: writing
10^6 events as CSV (records, CSV cells, JSON) made 0.4-0.5 s turns, under 0.1 s with 0.5 ms.
Which jobs use it is decided per job (`BackgroundJob(short_gil_turns=True)`), by measurement.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

#: The interpreter's switch interval while `short_gil_turns` is in force (seconds).
SHORT_SWITCH_INTERVAL = 0.0005

_switch_lock = threading.Lock()
_switch_users = 0
_switch_saved = 0.005


class SharedThread:
    """One named worker thread, made on first use; work submitted runs in order."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._executor: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def executor(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=self._name)
            return self._executor


@contextmanager
def short_gil_turns() -> Iterator[None]:
    """The GIL changes hands every `SHORT_SWITCH_INTERVAL` while this runs (see the module
    docstring); nested and concurrent uses share it, the first one's interval is restored when
    the last one ends."""
    global _switch_users, _switch_saved
    with _switch_lock:
        if _switch_users == 0:
            _switch_saved = sys.getswitchinterval()
            sys.setswitchinterval(min(_switch_saved, SHORT_SWITCH_INTERVAL))
        _switch_users += 1
    try:
        yield
    finally:
        with _switch_lock:
            _switch_users -= 1
            if _switch_users == 0:
                sys.setswitchinterval(_switch_saved)
