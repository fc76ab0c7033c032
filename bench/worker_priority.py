"""How long the window's thread waits for a core beside busy workers (not a test: bench figures).

The window's thread and the app's workers are threads of one process; on a 2-core machine a
dataset's facet count and an export beside the window make three threads that want a core.
This bench runs, twice in the same process, a window-like thread doing turns of CPU work that
needs no GIL (a hash over a buffer: what a DuckDB query or a paint in C++ is to the GIL) with a
pause between turns, beside `--workers` threads hashing without a pause:

- *reference*: the workers run at the window's priority (plain threads);
- *nkviewer*: the workers are `nkviewer.threads.SharedThread`s, which run below the window's
  thread (`lower_priority`).

It reports each run's turns (median, 99th percentile, worst, in ms), the worst's time runnable
without a core (from /proc's schedstat), and the nkviewer/reference ratios. Linux only.

    python -m bench.worker_priority [--turns 300] [--workers 2] [--turn-ms 20] [--pause-ms 30]
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass

from nkviewer.threads import SharedThread

_BUFFER = bytes(range(256)) * 4096  # 1 MiB: hashlib releases the GIL over it


def _runnable_ns(tid: int) -> int:
    """Nanoseconds thread `tid` has spent runnable, waiting for a CPU (schedstat's 2nd field)."""
    with open(f"/proc/self/task/{tid}/schedstat") as f:
        return int(f.read().split()[1])


def _hash_for(seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        hashlib.sha256(_BUFFER).digest()


def _hashes_per_turn(turn_ms: float) -> int:
    """How many hashes of the buffer take `turn_ms` on an idle core (the turn's work)."""
    start = time.perf_counter()
    count = 0
    while time.perf_counter() - start < 0.2:
        hashlib.sha256(_BUFFER).digest()
        count += 1
    return max(1, round(count * turn_ms / 200))


@dataclass(frozen=True)
class Run:
    name: str
    turns_ms: list[float]
    worst_runnable_ms: float

    def line(self) -> str:
        t = sorted(self.turns_ms)
        p99 = t[min(len(t) - 1, int(len(t) * 0.99))]
        return (
            f"{self.name:10s} turns {len(t)}: median {statistics.median(t):6.1f} ms, "
            f"p99 {p99:6.1f} ms, worst {t[-1]:6.1f} ms "
            f"(of it {self.worst_runnable_ms:5.1f} ms waiting for a core)"
        )


def _measure(
    name: str,
    start_workers: Callable[[threading.Event], list[Future[None] | threading.Thread]],
    turns: int,
    hashes: int,
    pause: float,
) -> Run:
    stop = threading.Event()
    workers = start_workers(stop)
    time.sleep(0.2)  # the workers are hashing
    tid = threading.get_native_id()
    times: list[float] = []
    worst = (0.0, 0.0)
    try:
        for _ in range(turns):
            time.sleep(pause)
            waited = _runnable_ns(tid)
            start = time.perf_counter()
            for _ in range(hashes):
                hashlib.sha256(_BUFFER).digest()
            ms = (time.perf_counter() - start) * 1000
            times.append(ms)
            if ms > worst[0]:
                worst = (ms, (_runnable_ns(tid) - waited) / 1e6)
    finally:
        stop.set()
        for w in workers:
            if isinstance(w, threading.Thread):
                w.join()
            else:
                w.result()
    return Run(name, times, worst[1])


def _spin(stop: threading.Event) -> None:
    while not stop.is_set():
        _hash_for(0.01)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--turn-ms", type=float, default=20.0)
    parser.add_argument("--pause-ms", type=float, default=30.0)
    args = parser.parse_args(argv)
    if not sys.platform.startswith("linux"):
        print("bench.worker_priority reads /proc and Linux thread priorities: Linux only")
        return 2
    hashes = _hashes_per_turn(args.turn_ms)

    def plain(stop: threading.Event) -> list[Future[None] | threading.Thread]:
        threads = [threading.Thread(target=_spin, args=(stop,)) for _ in range(args.workers)]
        for t in threads:
            t.start()
        return list(threads)

    shared = [SharedThread(f"bench-worker-{i}") for i in range(args.workers)]

    def lowered(stop: threading.Event) -> list[Future[None] | threading.Thread]:
        return [s.executor().submit(_spin, stop) for s in shared]

    pause = args.pause_ms / 1000
    print(
        f"{args.workers} busy workers, window turns of {args.turn_ms:.0f} ms of work "
        f"every {args.pause_ms:.0f} ms, {args.turns} turns per run"
    )
    ref = _measure("reference", plain, args.turns, hashes, pause)
    print(ref.line())
    low = _measure("nkviewer", lowered, args.turns, hashes, pause)
    print(low.line())
    for label, fn in (
        ("median", statistics.median),
        ("worst", max),
    ):
        print(f"nkviewer / reference, {label} turn: {fn(low.turns_ms) / fn(ref.turns_ms):.2f}")
    for s in shared:
        s.executor().shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
