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


def pymalloc_mb() -> dict[str, float] | None:
    """Python's small-object allocator (pymalloc), in MB, from `sys._debugmallocstats()`:
    `arenas` (its 1 MiB arenas allocated now, which stay resident while any block in them is
    live) and `used` (the bytes of live blocks in them); arenas well above used is
    fragmentation that only freeing whole arenas returns. None where the interpreter does not
    report them (another allocator, another interpreter)."""
    import os
    import re
    import tempfile

    if not hasattr(sys, "_debugmallocstats"):
        return None
    sys.stderr.flush()
    with tempfile.TemporaryFile() as out:
        saved = os.dup(2)  # the stats go to the C stderr: catch them in a file
        try:
            os.dup2(out.fileno(), 2)
            sys._debugmallocstats()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    found = {
        m[1]: int(m[2].replace(",", ""))
        for m in re.finditer(
            r"^# (arenas allocated current|bytes in allocated blocks)\s*=\s*([\d,]+)", text, re.M
        )
    }
    if len(found) < 2:
        return None
    mb = 2**20
    return {
        "arenas": found["arenas allocated current"] * (1 << 20) / mb,
        "used": found["bytes in allocated blocks"] / mb,
    }


def duckdb_jemalloc_mb() -> dict[str, float] | None:
    """DuckDB's own allocator (the jemalloc linked into its module, with its symbols
    prefixed `duckdb_je_`), in MB: `allocated` (live blocks) and `resident` (the pages it
    holds, free ones included: DuckDB's buffer manager counts neither its queries' temporary
    allocations nor what jemalloc keeps once they are freed). None while DuckDB is not
    imported, or where its module has no such allocator."""
    import ctypes

    module = sys.modules.get("_duckdb") or sys.modules.get("duckdb._duckdb")
    path = getattr(module, "__file__", None)
    if path is None:
        return None
    try:
        ctl = ctypes.CDLL(path).duckdb_je_mallctl  # already loaded: the same handle
    except (OSError, AttributeError):
        return None
    size_p = ctypes.POINTER(ctypes.c_size_t)
    ctl.argtypes = [ctypes.c_char_p, ctypes.c_void_p, size_p, ctypes.c_void_p, ctypes.c_size_t]
    ctl.restype = ctypes.c_int
    epoch, size = ctypes.c_uint64(1), ctypes.c_size_t(8)
    if ctl(b"epoch", ctypes.byref(epoch), ctypes.byref(size), ctypes.byref(epoch), 8) != 0:
        return None  # stats are refreshed by writing the epoch
    out = {}
    for name in ("allocated", "resident"):
        value, size = ctypes.c_size_t(0), ctypes.c_size_t(ctypes.sizeof(ctypes.c_size_t))
        if ctl(f"stats.{name}".encode(), ctypes.byref(value), ctypes.byref(size), None, 0) != 0:
            return None
        out[name] = value.value / 2**20
    return out
