"""Work cut into calls of at most a given number of rows, so that other threads run between
them (Qt-free, imports only `nkviewer.threads`, which imports nothing of nkviewer: every layer
may use it).

A call into C (a pandas text method, an Arrow conversion, `np.fromiter`) holds the interpreter's
lock from start to end, which a shorter switch interval cannot cut: a worker busy in one keeps
the window's thread waiting for the whole of it. Each caller slices its work with `row_slices`
and keeps its own step size, with the reason for that size, beside the call. In a worker,
each slice waits first for a turn of the window's thread to end (`nkviewer.threads.give_way`).
"""

from __future__ import annotations

from collections.abc import Iterator

from nkviewer.threads import give_way


def row_slices(n: int, step: int) -> Iterator[tuple[int, int]]:
    """`(lo, hi)` for consecutive slices of `range(n)`, each of `step` rows (the last one the
    rest); none when `n` is 0. In a worker thread each is given after `give_way`."""
    if step < 1:
        raise ValueError(f"a slice holds at least one row, not {step}")
    for lo in range(0, n, step):
        give_way()
        yield lo, min(lo + step, n)
