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

`give_way`: a worker in a long loop calls it between steps; while the window's thread is
using the CPU (a turn of its event loop), the worker waits, holding nothing, until that turn
is over. The window's thread gives the GIL up and takes it back at every call into Qt, and
a worker busy in Python beside it makes each take wait up to the switch interval: a reopen
at 10^5 events in memory, whose filter engine is made in the loader's thread, had turns of
30-77 ms that used 15-26 ms of the window's CPU (the rest waiting for the GIL), 0.1 s in the
30-minute soak. The worker tells a turn from the window's thread's CPU clock (Linux and other
systems with `pthread_getcpuclockid`; elsewhere it never waits), so it needs no hook into Qt's
event loop and works the same under `QApplication.exec`, `processEvents` and tests.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
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

#: The longest a worker waits at one `give_way` for the window's thread to be idle (s): a turn
#: longer than this is a stall already, and a window's thread that is busy for long (or
#: waits for this very worker) must not keep the worker from its work.
GIVE_WAY_LIMIT = 0.1
#: How a worker looks whether the window's thread is in a turn: it sleeps this long (s) and
#: reads the window's thread's CPU time; idle when that rose by under `GIVE_WAY_IDLE` (s).
GIVE_WAY_PROBE = 0.0003
GIVE_WAY_IDLE = 0.00005

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


class _WindowClock:
    """The CPU clock of the process' main thread (the window's), read from other threads."""

    def __init__(self) -> None:
        main = threading.main_thread()
        self.ident = main.ident
        self.clock: int | None = None
        try:  # the main thread lives as long as the process: its clock is valid for as long
            if main.ident is not None:
                self.clock = time.pthread_getcpuclockid(main.ident)
                time.clock_gettime_ns(self.clock)
        except (AttributeError, OSError):  # Windows, macOS: no per-thread CPU clocks
            self.clock = None

    def read(self) -> int:
        assert self.clock is not None
        return time.clock_gettime_ns(self.clock)


_window_clock: _WindowClock | None = None
_seen = threading.local()  # per worker: the window's CPU time when it last looked


def give_way(limit: float = GIVE_WAY_LIMIT) -> float:
    """(A worker, between steps of a long loop.) While the window's thread is in a turn of its
    event loop - its CPU time rose since this thread last looked, and goes on rising - wait,
    holding nothing, until it is idle, at most `limit` seconds; the seconds waited. Returns at
    once on the main thread and where threads have no CPU clock (see the module docstring)."""
    global _window_clock
    window = _window_clock
    if window is None:
        window = _window_clock = _WindowClock()
    if window.clock is None or threading.get_ident() == window.ident:
        return 0.0
    try:
        return _wait_for_idle(window, limit)
    except OSError:  # the clock could not be read (never seen): the worker goes on
        return 0.0


def _wait_for_idle(window: _WindowClock, limit: float) -> float:
    """`give_way`'s look and wait, in a worker."""
    now = window.read()
    last = getattr(_seen, "cpu", None)
    _seen.cpu = now
    idle_ns = GIVE_WAY_IDLE * 1e9
    if last is not None and now - last < idle_ns:  # idle since this thread last looked
        return 0.0
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        time.sleep(GIVE_WAY_PROBE)
        then = window.read()
        if then - now < idle_ns:
            break
        now = then
    _seen.cpu = now
    return time.perf_counter() - start


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
    the last one ends. In a worker, the work waits first for the window's turn that asked for
    it (as a rule) to end: `give_way`."""
    global _switch_users, _switch_saved
    give_way()
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
