"""Work cut into calls of at most a given number of rows, so that other threads run between
them (Qt-free, imports nothing of nkviewer: every layer may use it).

A call into C (a pandas text method, an Arrow conversion, `np.fromiter`) holds the interpreter's
lock from start to end, which a shorter switch interval cannot cut: a worker busy in one keeps
the window's thread waiting for the whole of it. Each caller slices its work with `row_slices`
and keeps its own step size, with the reason for that size, beside the call.
"""

from __future__ import annotations

from collections.abc import Iterator


def row_slices(n: int, step: int) -> Iterator[tuple[int, int]]:
    """`(lo, hi)` for consecutive slices of `range(n)`, each of `step` rows (the last one the
    rest); none when `n` is 0."""
    if step < 1:
        raise ValueError(f"a slice holds at least one row, not {step}")
    for lo in range(0, n, step):
        yield lo, min(lo + step, n)
