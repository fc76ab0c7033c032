"""Resident memory of this process from /proc (Linux), for the benchmarks' memory columns."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any


def status_mb(field: str = "VmRSS") -> float | None:
    """A memory line of /proc/self/status in MB: `VmRSS` (now) or `VmHWM` (the peak; unlike
    `ru_maxrss` it restarts at exec). None where /proc is not there."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def mallinfo_mb() -> dict[str, float] | None:
    """glibc malloc's own account, in MB, from `mallinfo2()`: `used` (allocated and not freed:
    `uordblks` + `hblkhd`, the mmapped blocks), `free` (held free in its arenas, not returned
    to the system: `fordblks`), `arena` (the arenas' size). None off glibc or before 2.33."""
    import ctypes
    import ctypes.util

    class MallInfo2(ctypes.Structure):
        _fields_ = [
            (name, ctypes.c_size_t)
            for name in (
                "arena",
                "ordblks",
                "smblks",
                "hblks",
                "hblkhd",
                "usmblks",
                "fsmblks",
                "uordblks",
                "fordblks",
                "keepcost",
            )
        ]

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        fn = libc.mallinfo2
    except (OSError, AttributeError):
        return None
    fn.restype = MallInfo2
    info = fn()
    mb = 2**20
    return {
        "used": (int(info.uordblks) + int(info.hblkhd)) / mb,
        "free": int(info.fordblks) / mb,
        "arena": int(info.arena) / mb,
    }


def malloc_free_mb() -> float | None:
    """Memory glibc's malloc holds free (not returned to the system) in its arenas, in MB, from
    `mallinfo2()` (`fordblks`); None off glibc or before 2.33."""
    info = mallinfo_mb()
    return None if info is None else info["free"]


def arrow_mb() -> tuple[str, float] | None:
    """pyarrow's default memory pool: its allocator (`jemalloc`, `mimalloc`, `system`) and the
    bytes Arrow buffers hold now, in MB; None while pyarrow is not imported (not imported here:
    the app imports it only when it needs it)."""
    pa: Any = sys.modules.get("pyarrow")
    if pa is None:
        return None
    pool = pa.default_memory_pool()
    return str(pool.backend_name), pool.bytes_allocated() / 2**20


#: glibc's per-thread malloc heaps are this size and aligned to it (HEAP_MAX_SIZE, 64-bit).
_THREAD_HEAP = 64 << 20
#: mimalloc (Arrow's default pool on Linux) reserves its arenas from 2 TiB up, 1 GiB aligned.
_MIMALLOC_LOW, _MIMALLOC_HIGH = 2 << 40, 32 << 40


def anon_rss_mb() -> dict[str, float] | None:
    """Anonymous resident memory by who mapped it, in MB, from /proc/self/smaps: `brk` (the main
    malloc arena), `threads` (glibc's per-thread heaps, 64 MiB aligned), `mimalloc` (its
    arenas at 2 TiB and up), `other` (Python's object arenas, large blocks malloc maps on their
    own, numpy and other allocators). Approximate: told by address, as smaps names none of
    them; None where /proc is not there."""
    import re

    try:
        text = Path("/proc/self/smaps").read_text()
    except OSError:
        return None
    head = re.compile(r"^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+ *(.*)$")
    out = {"brk": 0.0, "threads": 0.0, "mimalloc": 0.0, "other": 0.0}
    heaps: set[int] = set()  # starts of the per-thread heaps seen
    where: str | None = None
    for line in text.splitlines():
        m = head.match(line)
        if m is not None:
            start, name = int(m[1], 16), m[3]
            if name == "[heap]":
                where = "brk"
            elif name:
                where = None  # a file, the stack, vdso...
            elif _MIMALLOC_LOW <= start < _MIMALLOC_HIGH:
                where = "mimalloc"
            elif start % _THREAD_HEAP == 0 or start - start % _THREAD_HEAP in heaps:
                heaps.add(start - start % _THREAD_HEAP)
                where = "threads"
            else:
                where = "other"
        elif where is not None and line.startswith("Rss:"):
            out[where] += int(line.split()[1]) / 1024
    return out
