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
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys

log = logging.getLogger(__name__)

#: `mallopt` parameter numbers (glibc's malloc.h).
M_MMAP_THRESHOLD = -3
#: Blocks this size and up get a mapping of their own, unmapped when freed: glibc's initial
#: value, kept rather than left to grow.
MMAP_THRESHOLD = 128 * 1024
#: Milliseconds mimalloc (Arrow's pool) waits before returning freed pages (its default: 10).
MIMALLOC_PURGE_DELAY = "0"

_done = False


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
    try:
        return ctypes.CDLL("libc.so.6")  # glibc's soname (find_library would run ldconfig)
    except OSError:
        return None


def tune() -> bool:
    """Apply the allocator settings above to this process, once; True if malloc's were applied
    (False off glibc, or if glibc refused them: the process runs as before)."""
    global _done
    if _done:
        return True
    os.environ.setdefault("MIMALLOC_PURGE_DELAY", MIMALLOC_PURGE_DELAY)
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
