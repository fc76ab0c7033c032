"""Process-wide allocator settings, made once at start-up by the `nkviewer` command.

glibc's malloc (Linux) serves a block of 128 KiB or more with a mapping of its own, returned
to the system when freed, but each such free raises that threshold (up to 32 MiB) so that later
blocks of that size come from the heap instead. In the window those blocks are the columns and
masks of 10^5-event tables (0.1-1 MB each, made and dropped by every filter, edit and reopen):
after the threshold rose they were carved out of the heap, interleaved with small long-lived
objects, and when freed the heap could not shrink around them. A 6-minute soak on 10^5 events
in memory (`bench/soak.py`) ended with 100 MB held free inside malloc and climbing; with the
threshold fixed at its default it stayed at 5-15 MB (see the README, Known limits).

`tune()` fixes the threshold (`mallopt(M_MMAP_THRESHOLD)`, which also stops its growth); the
command calls it first thing, so every block the process makes is under it. Elsewhere than
Linux with glibc that part does nothing. The soak (`bench/soak.py`) calls it the same way.

Arrow's memory pool (mimalloc by default; pandas 3 keeps its string columns there) returns
the pages of freed buffers to the system only after a delay, and only when a later allocation
or free in the same thread gets round to it: 200 MiB of buffers made and freed stayed resident
(250 MB) until the process ended. `tune()` sets mimalloc's delay to 0 (`MIMALLOC_PURGE_DELAY`,
read when pyarrow first allocates, which is after start-up: it is imported only when needed),
unless the environment sets it already; this part holds on every platform.

On Linux `tune()` also has Arrow use its jemalloc pool instead (`ARROW_DEFAULT_MEMORY_POOL`,
read when pyarrow makes its first buffer; unless the environment names a pool already):
measured against mimalloc at 10^5 events in memory (README, Known limits), jemalloc held
less beside the same live buffers (a 10-minute soak side by side ended at 431 MB against 465,
the 30-minute one at 534 against 629) and the timeline's frames, which slice Arrow text at
every repaint, took less time (`bench.paint_bench`, three runs alternated: median frame zoomed
out 5.3 against 12.5 ms, panning into 20,000 new titles 40 against 141 ms). jemalloc returns
freed pages over about a second (Arrow's setting of its decay), from a thread of its own.
Arrow's wheels for Windows come without jemalloc and macOS is not measured: there the pool
stays Arrow's default; a pyarrow built without jemalloc says so once on stderr and keeps
its default.

What is freed stays with the allocator all the same in two places, which `release()` hands
back: glibc's per-thread heaps (a worker that built a 10^5-event table and went idle held
80 MB free in its heap in a 5-minute soak) and holes in its main heap, which only
`malloc_trim` returns (it gives back every free page, not just the heap's top); and mimalloc's
arenas, whose pages freed by other threads wait for the thread that made them
(`MemoryPool.release_unused` collects and purges them). The window calls `start_releasing()`:
a daemon thread calls `release()` every `RELEASE_EVERY` seconds, off the window's thread
(`malloc_trim` runs without the GIL, as every ctypes call does).
"""

from __future__ import annotations

import ctypes
import functools
import logging
import os
import sys
import threading
import time

from nkviewer.threads import lower_priority

log = logging.getLogger(__name__)

#: `mallopt` parameter numbers (glibc's malloc.h).
M_MMAP_THRESHOLD = -3
#: Blocks this size and up get a mapping of their own, unmapped when freed: glibc's initial
#: value, kept rather than left to grow.
MMAP_THRESHOLD = 128 * 1024
#: Milliseconds mimalloc (Arrow's pool) waits before returning freed pages (its default: 10).
MIMALLOC_PURGE_DELAY = "0"

#: Arrow's pool on Linux (see the module docstring); elsewhere Arrow's default.
ARROW_POOL = "jemalloc"

#: Seconds between two `release()` calls of the thread `start_releasing()` starts.
RELEASE_EVERY = 5.0

_done = False
_releaser: threading.Thread | None = None
_releaser_lock = threading.Lock()


def _glibc_version() -> str:
    """glibc's version ("" under another C library): asked of the C library itself, where
    `platform.libc_ver()` reads through the interpreter's binary (2 ms at every start)."""
    try:
        return os.confstr("CS_GNU_LIBC_VERSION") or ""
    except (ValueError, OSError, AttributeError):
        return ""


def _libc() -> ctypes.CDLL | None:
    """glibc, or None where the C library is another (macOS, Windows, musl)."""
    if not sys.platform.startswith("linux") or not _glibc_version():
        return None
    return _glibc()


@functools.cache
def _glibc() -> ctypes.CDLL | None:
    """glibc loaded once (`release` runs every few seconds), by its soname: find_library
    would run ldconfig."""
    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:
        return None


def tune() -> bool:
    """Apply the allocator settings above to this process, once; True if malloc's were applied
    (False off glibc, or if glibc refused them: the process runs as before)."""
    global _done
    if _done:
        return True
    os.environ.setdefault("MIMALLOC_PURGE_DELAY", MIMALLOC_PURGE_DELAY)
    if sys.platform.startswith("linux"):
        os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", ARROW_POOL)
    libc = _libc()
    if libc is None:
        return False
    mallopt = libc.mallopt
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    if mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) != 1:
        log.warning("could not fix malloc's mmap threshold; memory may grow with use")
        return False
    _done = True
    return True


def release() -> None:
    """Give the memory the allocators hold free back to the system (see the module
    docstring): `malloc_trim(0)` under glibc, `release_unused()` of Arrow's pool when pyarrow
    is imported (never imported here). Safe from any thread; costs a few milliseconds."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim.argtypes = [ctypes.c_size_t]
        libc.malloc_trim.restype = ctypes.c_int
        libc.malloc_trim(0)
    pa = sys.modules.get("pyarrow")
    if pa is not None:
        try:
            pa.default_memory_pool().release_unused()
        except Exception:  # an Arrow without it: nothing to release
            log.debug("Arrow's pool cannot release memory", exc_info=True)


def start_releasing(every: float = RELEASE_EVERY) -> threading.Thread:
    """Start (once per process) the daemon thread that calls `release()` every `every`
    seconds for as long as the process runs; the thread."""
    global _releaser
    with _releaser_lock:
        if _releaser is None or not _releaser.is_alive():
            _releaser = threading.Thread(
                target=_release_forever, args=(every,), name="nkviewer-release", daemon=True
            )
            _releaser.start()
        return _releaser


def _release_forever(every: float) -> None:
    lower_priority()
    while True:
        time.sleep(every)
        try:
            release()
        except Exception:  # never let the thread die over it
            log.exception("releasing free memory failed")
