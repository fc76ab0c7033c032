"""Who held the GIL, and where, when a thread waited long for it (not a test: bench figures).

A daemon thread sleeps `tick_ms` again and again. Waking needs the GIL: when the wake comes
more than `threshold_ms` late, some thread held the GIL all that time without letting go — a
C call that keeps it (pandas, numpy, pyarrow over many rows) or a cyclic-GC collection; the
interpreter's switch interval (5 ms) cannot preempt either — or the process had no CPU at all
(a loaded machine: the watch's own time runnable, waiting for a CPU, is read from
`/proc/self/task/<tid>/schedstat` and not counted as a hold). The watch then reads every
Python thread's CPU time since its previous wake (schedstat again; `pthread_getcpuclockid`
where there is no /proc): the one that used the most is the holder, and its Python stack, read
at once, stands at the call that had just returned (the GIL is handed over at the next
instruction boundary that checks for it). Reading every thread's times costs about 0.2 ms
(11 threads), hence a look every 5 ms. Each such wait is a `Hold`; `within(start, end)`
gives those during a stalled turn of the window's thread, `summary()` the holds by site.

A hold seen here is a wait of any thread: the window's thread waits as long when it asks for
the GIL meanwhile (at every return from Qt's C++ into Python). A holder whose CPU time is far
below the hold was not computing: it held the GIL while the machine gave it no CPU (on a busy
machine the usual case — see the soak's `--gil` report of 2026-12-06 in the git log).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Any

from bench.stallprof import _thread_times, describe, frames_of, thread_times, trim

#: A wake later than this (ms) is a hold.
THRESHOLD_MS = 20.0
#: How long the watch sleeps between looks (ms).
TICK_MS = 5.0


@dataclass(frozen=True)
class Hold:
    """One long wait for the GIL: when (perf_counter seconds), how long, which thread used the
    CPU meanwhile (its CPU ms; the window's thread's too) and where that thread stood."""

    start: float
    end: float
    #: of the wait, the time the watch was runnable (no CPU for it: not the GIL) (ms)
    runnable_ms: float
    holder: str
    holder_cpu_ms: float
    main_cpu_ms: float
    stack: tuple[str, ...]  # the holder's trimmed stack, innermost first

    @property
    def ms(self) -> float:
        """How long the watch waited for the GIL (its wait, less its time without a CPU)."""
        return max(0.0, (self.end - self.start) * 1000 - self.runnable_ms)

    def site(self, depth: int = 3) -> str:
        return " < ".join(self.stack[:depth]) or "?"

    def text(self) -> str:
        return (
            f"{self.ms:.0f} ms (+{self.runnable_ms:.0f} ms without a CPU) held by "
            f"{self.holder!r} (CPU {self.holder_cpu_ms:.0f} ms; "
            f"main thread CPU {self.main_cpu_ms:.0f} ms) at {self.site()}"
        )


class GilWatch:
    """See the module docstring. `start()`/`stop()`, or use it as a context manager."""

    def __init__(
        self, threshold_ms: float = THRESHOLD_MS, tick_ms: float = TICK_MS, keep: int = 50_000
    ) -> None:
        self.threshold = threshold_ms / 1000
        self.tick = tick_ms / 1000
        self.holds: deque[Hold] = deque(maxlen=keep)
        self._stop = False
        self._thread: threading.Thread | None = None
        main = threading.main_thread().ident
        assert main is not None
        self._main = main

    def start(self) -> GilWatch:
        if self._thread is None:
            self._stop = False
            self._thread = threading.Thread(target=self._run, name="gil-watch", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        self._stop = True
        if self._thread is not None:
            self._thread.join(timeout=2)
            self._thread = None

    def __enter__(self) -> GilWatch:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _cpu(self) -> dict[int, tuple[str, float]]:
        """Every other live Python thread's (name, CPU seconds): from /proc where there is one
        (a thread whose file is gone has ended; an ended thread's pthread clock must never be
        asked for: `bench.stallprof.thread_times`), else from its pthread clock."""
        me = threading.get_ident()
        out: dict[int, tuple[str, float]] = {}
        for t in threading.enumerate():
            if t.ident is None or t.ident == me:
                continue
            got = thread_times(t)
            if got is not None:
                out[t.ident] = (t.name, got[0])
        return out

    def _run(self) -> None:
        me = threading.current_thread().native_id
        before = self._cpu()
        waited = (_thread_times(me) or (0.0, 0.0))[1]
        while not self._stop:
            asleep = time.perf_counter()
            time.sleep(self.tick)
            woke = time.perf_counter()
            now = self._cpu()
            runnable = (_thread_times(me) or (0.0, 0.0))[1]
            without_cpu, waited = runnable - waited, runnable
            late = woke - asleep - self.tick - without_cpu
            if late > self.threshold:
                # (a thread started since the previous look: all its time is in the wait)
                used = {
                    ident: (name, cpu - before.get(ident, (name, 0.0))[1])
                    for ident, (name, cpu) in now.items()
                }
                main_cpu = used.get(self._main, ("", 0.0))[1]
                holder = max(used.items(), key=lambda kv: kv[1][1], default=None)
                name, cpu = "?", 0.0
                stack: tuple[str, ...] = ()
                if holder is not None:
                    ident, (name, cpu) = holder
                    import sys

                    frames = frames_of(sys._current_frames().get(ident), 60)
                    stack = tuple(describe(f) for f in trim(frames))
                self.holds.append(
                    Hold(
                        asleep + self.tick,
                        woke,
                        without_cpu * 1000,
                        name,
                        cpu * 1000,
                        main_cpu * 1000,
                        stack,
                    )
                )
            before = now

    def within(self, start: float, end: float) -> list[Hold]:
        """The holds that overlapped `start`…`end` (perf_counter seconds)."""
        return [h for h in list(self.holds) if h.end > start and h.start < end]

    def by_thread(self) -> dict[str, list[float]]:
        """Per holder thread (pool threads by their prefix): [holds, total ms, longest ms]."""
        out: dict[str, list[float]] = {}
        for h in list(self.holds):
            row = out.setdefault(h.holder.split("_")[0], [0, 0.0, 0.0])
            row[0] += 1
            row[1] = round(row[1] + h.ms, 1)
            row[2] = round(max(row[2], h.ms), 1)
        return dict(sorted(out.items(), key=lambda kv: -kv[1][1]))

    def summary(self, top: int = 15) -> list[dict[str, Any]]:
        """The holds grouped by holder thread and site, the longest total first: how many,
        their total, median and longest (ms)."""
        groups: dict[tuple[str, str], list[float]] = {}
        for h in list(self.holds):
            groups.setdefault((h.holder.split("_")[0], h.site()), []).append(h.ms)
        rows = []
        for (holder, where), ms in sorted(groups.items(), key=lambda kv: -sum(kv[1]))[:top]:
            ms.sort()
            rows.append(
                {
                    "holder": holder,
                    "site": where,
                    "count": len(ms),
                    "total_ms": round(sum(ms)),
                    "median_ms": round(ms[len(ms) // 2], 1),
                    "max_ms": round(ms[-1], 1),
                }
            )
        return rows
