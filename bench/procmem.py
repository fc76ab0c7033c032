"""Resident memory of this process from /proc (Linux), for the benchmarks' memory columns."""

from __future__ import annotations

from pathlib import Path


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


def malloc_free_mb() -> float | None:
    """Memory glibc's malloc holds free (not returned to the system) in its arenas, in MB, from
    `mallinfo2()` (`fordblks`); None off glibc or before 2.33."""
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
    return int(fn().fordblks) / 2**20
