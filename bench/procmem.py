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
