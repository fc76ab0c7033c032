"""Thread tools for the window's background work (Qt-free).

`SharedThread`: background threads made when first needed and shared by every caller of one
kind (a dataset's opener, its janitor, the window fetcher): starting a thread per request cost
0.05-0.1 s on the window's thread when the machine was busy.

`short_gil_turns`: a shorter interpreter switch interval while a worker runs pure-Python work
next to the window. The window's thread gives the GIL up and takes it back at every call into
Qt, and each time waited up to the switch interval (5 ms) for a worker busy in Python: writing
10^6 events as CSV (records, CSV cells, JSON) made 0.4-0.5 s turns, under 0.1 s with 0.5 ms.
Which jobs use it is decided per job (`BackgroundJob(short_gil_turns=True)`), by measurement.

`lower_priority`: every background thread runs `WORKER_NICENESS` steps below the window's
thread (Linux: a thread is a task with its own nice value). On a 2-core machine the window's
thread, its facet counts and an export make three threads that want a core: in a 30-minute
soak on a 100,000-event dataset the window's thread spent 58 % of a 114 ms turn runnable,
waiting for a core the app's own workers held. With the workers lower, the scheduler gives the
window's thread a core at once and the workers what it leaves.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

log = logging.getLogger(__name__)

#: How many nice steps below the window's thread (the process' main thread) background threads
#: run. At 10 the CPU scheduler weighs a worker about a tenth of the window's thread (1024 vs
#: 110 in Linux's table), so a turn of the window waits for no worker; an idle window leaves
#: them the whole machine. Threads compete with the app's own threads only, as far as Linux's
#: autogroups or a desktop's per-app cgroups go: other programs see the process as before.
WORKER_NICENESS = 10

#: The interpreter's switch interval while `short_gil_turns` is in force (seconds).
SHORT_SWITCH_INTERVAL = 0.0005

_switch_lock = threading.Lock()
_switch_users = 0
_switch_saved = 0.005


def lower_priority() -> None:
    """Run the calling thread `WORKER_NICENESS` steps below the process' main thread (called
    first thing in every background thread). Linux only, where each thread has its own nice
    value (elsewhere setpriority applies to the whole process and nothing is done); a refusal
    is logged and changes nothing else."""
    if not sys.platform.startswith("linux"):
        return
    try:
        main = os.getpriority(os.PRIO_PROCESS, os.getpid())  # the main thread's own value
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), min(19, main + WORKER_NICENESS))
    except OSError:
        log.debug("could not lower the priority of thread %s", threading.current_thread().name)


class SharedThread:
    """One named worker thread, made on first use and run below the window's thread
    (`lower_priority`); work submitted runs in order."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._executor: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def executor(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(
                    max_workers=1, thread_name_prefix=self._name, initializer=lower_priority
                )
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
