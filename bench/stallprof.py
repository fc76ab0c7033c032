"""What held a long UI-thread turn: a sampler of the main thread's Python stack during stalls.

The soak (`bench/soak.py`) marks each turn of the event loop it measures with `begin()` and
`end()` on the main thread. A daemon thread sleeps until the current turn has lasted
`threshold_ms`, then, while the turn lasts, samples the main thread's stack with
`sys._current_frames()` every `interval_ms`. `end()` returns the turn's profile: its length,
the most frequent stack (innermost frame first, trimmed to the project's frames and the
library frames at its edge) and where the main thread's time went while it was sampled —
on a CPU, runnable but waiting for one (the machine is busy), or blocked. A blocked main thread
in a long turn waits for something: the GIL held by another thread, a lock, I/O; its Python
frame then sits at the C call it waits in, so that is reported as "waiting in <frame>", with
the thread that used the most CPU meanwhile — not guessed as work done there.

The thread times come from `/proc/self/task/<tid>/schedstat` (Linux: time on a CPU, time
runnable on a run queue); elsewhere only the CPU time is read and nothing is called runnable.
Turns shorter than the threshold cost a lock and a clock read at each end; while no turn is
long the daemon thread wakes a few times per threshold to look.
"""

from __future__ import annotations

import gc
import linecache
import os
import re
import sys
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: A frame as sampled: (file, line, function).
Frame = tuple[str, int, str]
#: Packages of this project: their frames are kept whole in a stack.
OWN = ("nkviewer",)
#: The main thread used less than this share of a stack's sampled time on a CPU (or waiting
#: for one): it was blocked there — waiting, not working.
WAITING_BELOW = 0.5
#: A driver's (bench/) line that hands the turn to Qt.
QT_CALLS = re.compile(r"processEvents|sendEvent|sendPostedEvents|trigger\(|\.emit\(")


def _thread_times(native_id: int | None) -> tuple[float, float] | None:
    """(seconds on a CPU, seconds runnable waiting for one) of a thread, None if unknown."""
    if native_id is None:
        return None
    try:
        with open(f"/proc/self/task/{native_id}/schedstat", "rb") as f:
            run, wait = f.read().split()[:2]
        return int(run) / 1e9, int(wait) / 1e9
    except (OSError, ValueError):
        return None


#: Linux gives every live thread's times in /proc; a thread whose file is gone has ended, and
#: its pthread clock must not be asked for (`pthread_getcpuclockid` on an ended thread's handle
#: is undefined behaviour: it crashed a soak test once).
_PROC_TIMES = os.path.isdir("/proc/self/task")


def _cpu_clock(ident: int) -> Any:
    try:
        return time.pthread_getcpuclockid(ident)
    except (AttributeError, OSError):
        return None


def thread_times(t: threading.Thread) -> tuple[float, float | None] | None:
    """A live thread's (seconds on a CPU, seconds runnable waiting for one): from /proc, else
    (no /proc) its pthread clock, with the waiting unknown (None); None when the thread has
    ended (or its times cannot be read)."""
    times = _thread_times(getattr(t, "native_id", None))
    if times is not None:
        return times
    if _PROC_TIMES or t.ident is None:  # ended since `threading.enumerate`
        return None
    clock = _cpu_clock(t.ident)
    try:
        return (time.clock_gettime(clock), None) if clock is not None else None
    except OSError:
        return None


def frames_of(frame: Any, limit: int) -> list[Frame]:
    """A Python stack from `frame` outwards (innermost first), at most `limit` frames."""
    stack: list[Frame] = []
    while frame is not None and len(stack) < limit:
        stack.append((frame.f_code.co_filename, frame.f_lineno or 0, frame.f_code.co_name))
        frame = frame.f_back
    return stack


def short_path(path: str) -> str:
    """A file's path from its package root (`nkviewer/app/x.py`, `pandas/core/frame.py`)."""
    parts = Path(path).parts
    for root in (*OWN, "bench", "tests"):
        if root in parts:
            i = len(parts) - 1 - parts[::-1].index(root)
            return "/".join(parts[i:])
    if "site-packages" in parts:
        return "/".join(parts[parts.index("site-packages") + 1 :])
    return "/".join(parts[-2:])


def is_own(path: str) -> bool:
    parts = Path(path).parts
    return any(p in parts for p in OWN) and "site-packages" not in parts


def trim(stack: list[Frame]) -> list[Frame]:
    """The frames that tell what a stack was doing, innermost first: the project's frames; of
    each run of library frames inside them, the innermost (where it was) and the outermost
    (what the project called); the frames outside the project's outermost one (the driver, the
    event loop) are dropped. A stack with no project frame keeps its innermost three."""
    own = [i for i, (path, _, _) in enumerate(stack) if is_own(path)]
    if not own:
        return stack[:3]
    out: list[Frame] = []
    i = 0
    last = own[-1]
    while i <= last:
        if is_own(stack[i][0]):
            out.append(stack[i])
            i += 1
            continue
        j = i
        while j <= last and not is_own(stack[j][0]):
            j += 1
        out.append(stack[i])  # innermost of the library run
        if j - 1 > i:
            out.append(stack[j - 1])  # the library's entry, called by the project
        i = j
    return out


def site(stack: list[Frame]) -> tuple[Any, ...]:
    """What samples are counted by: the project's call site of a trimmed stack — its project
    frames (the innermost without its line, which moves as a loop runs) and the library
    function they called, wherever inside it the sample fell."""
    own = next((i for i, (path, _, _) in enumerate(stack) if is_own(path)), None)
    if own is None:
        return tuple((p, f) for p, _, f in stack)
    if own == 0:
        return ((stack[0][0], stack[0][2]), *stack[1:])
    entry = stack[own - 1]
    return ((entry[0], entry[2]), *stack[own:])


def describe(frame: Frame) -> str:
    path, line, func = frame
    return f"{short_path(path)}:{line} {func}"


@dataclass
class _Sample:
    key: tuple[Any, ...]  # the trimmed stack without the innermost line
    stack: list[Frame]  # trimmed, innermost first
    wall: float  # seconds since the previous sample of the turn (0 for the first)
    cpu: float | None  # the main thread's seconds on a CPU in that time
    runnable: float | None  # ... and runnable, waiting for a CPU
    busiest: tuple[str, float, list[Frame]] | None  # the other thread most on a CPU meanwhile
    #: the other thread longest runnable meanwhile, waiting for a CPU (name, seconds)
    queued: tuple[str, float] | None = None


@dataclass
class TurnProfile:
    """One long turn: its length and where the main thread was while it lasted."""

    ms: float
    samples: int
    #: the most frequent stack (innermost first, `file:line function`) and its share of samples
    stack: list[str]
    share: float
    #: the main thread's time while that stack was sampled: on a CPU, runnable, blocked (shares)
    cpu: float | None
    runnable: float | None
    blocked: float | None
    #: "running in <frame>", "waiting in <frame>" (blocked: the GIL, a lock, I/O) or "in
    #: <frame>" (one sample: no thread times)
    state: str
    #: the source line of the innermost frame (the call it was in)
    line: str
    #: the other thread most on a CPU during those samples: its name, CPU seconds, stack
    meanwhile: str = ""
    #: the other thread of the process longest runnable but not on a CPU meanwhile (the
    #: machine busy): a thread holding the GIL there stops the main thread as long, though
    #: neither works — the main thread's "blocked" time is then the machine's load
    queued: str = ""
    #: the next most frequent stacks: (share, innermost frames)
    others: list[tuple[float, list[str]]] = field(default_factory=list)
    #: cyclic-GC collections during the turn, in any thread (each holds the GIL throughout):
    #: their total length and who ran them (`gc_in`)
    gc_ms: float = 0.0
    gc: str = ""
    #: the main thread's CPU time over the whole turn (ms; `time.thread_time`): the turn's
    #: length less this is time it waited (for the GIL, a CPU, a lock, I/O), not work it did
    cpu_ms: float | None = None

    @classmethod
    def unsampled(cls, ms: float) -> TurnProfile:
        """A long turn in which no sample was taken: the sampler never got the GIL — the UI
        thread held it throughout, in a C call that keeps it — or it ended before the first."""
        state = (
            "no sample: the UI thread held the GIL throughout (a C call that keeps it), "
            "or the turn ended before the first sample"
        )
        return cls(ms, 0, [], 0.0, None, None, None, state, "")

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "ms": round(self.ms),
            "samples": self.samples,
            "state": self.state,
            "line": self.line,
            "stack": self.stack,
            "share": round(self.share, 2),
        }
        if self.cpu_ms is not None:
            out["cpu_ms"] = round(self.cpu_ms)
        if self.cpu is not None:
            out["cpu_runnable_blocked"] = [
                round(x or 0.0, 2) for x in (self.cpu, self.runnable, self.blocked)
            ]
        if self.meanwhile:
            out["meanwhile"] = self.meanwhile
        if self.queued:
            out["queued"] = self.queued
        if self.others:
            out["others"] = [(round(s, 2), st) for s, st in self.others]
        if self.gc:
            out["gc_ms"] = round(self.gc_ms)
            out["gc"] = self.gc
        return out

    def text(self, depth: int = 8) -> str:
        if not self.samples:
            cpu = "" if self.cpu_ms is None else f"; the turn's CPU {self.cpu_ms:.0f} ms"
            return f"{self.state}{cpu}; {self.gc}" if self.gc else f"{self.state}{cpu}"
        times = ""
        if self.cpu is not None:
            times = (
                f" (main thread: CPU {self.cpu:.0%}, runnable {self.runnable or 0:.0%}, "
                f"blocked {self.blocked or 0:.0%})"
            )
        if self.cpu_ms is not None:
            times += f"; the turn's CPU {self.cpu_ms:.0f} of {self.ms:.0f} ms"
        head = f"{self.state}, {self.share:.0%} of {self.samples} samples{times}"
        lines = [head, f"    > {self.line}" if self.line else ""]
        lines += [f"    {f}" for f in self.stack[:depth]]
        if len(self.stack) > depth:
            lines.append(f"    … {len(self.stack) - depth} more")
        if self.meanwhile:
            lines.append(f"    meanwhile {self.meanwhile}")
        if self.queued:
            lines.append(f"    {self.queued}")
        if self.gc:
            lines.append(f"    {self.gc}")
        return "\n".join(x for x in lines if x)


@dataclass(frozen=True)
class GcPause:
    """One cyclic-GC collection: when it ran (perf_counter seconds), its generation, the
    thread that ran it (every other thread waits for the GIL meanwhile), what it freed and the
    CPU time it took (its wall time also counts the time the thread was not on a CPU: on a
    busy machine, much more)."""

    start: float
    end: float
    generation: int
    thread: str
    collected: int
    cpu: float

    @property
    def ms(self) -> float:
        return (self.end - self.start) * 1000


class GcPauses:
    """Records every collection of the cyclic GC, in whichever thread it runs (`gc.callbacks`);
    the newest `keep`. A collection holds the GIL from start to end: a long one in a worker
    stops the window's thread as long."""

    def __init__(self, keep: int = 20_000) -> None:
        self.pauses: deque[GcPause] = deque(maxlen=keep)
        self._started: dict[int, tuple[float, float]] = {}

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        ident = threading.get_ident()
        if phase == "start":
            self._started[ident] = (now, cpu)
            return
        started = self._started.pop(ident, None)
        if started is not None:
            name = threading.current_thread().name
            gen = int(info.get("generation", -1))
            collected = int(info.get("collected", 0))
            self.pauses.append(GcPause(started[0], now, gen, name, collected, cpu - started[1]))

    def install(self) -> GcPauses:
        if self._callback not in gc.callbacks:
            gc.callbacks.append(self._callback)
        return self

    def remove(self) -> None:
        if self._callback in gc.callbacks:
            gc.callbacks.remove(self._callback)

    def within(self, start: float, end: float) -> list[GcPause]:
        """The collections that overlapped `start`…`end` (perf_counter seconds)."""
        return [p for p in list(self.pauses) if p.end > start and p.start < end]

    def summary(self) -> dict[str, Any]:
        """Per generation: how many collections, the median, 95th percentile and longest of
        their wall and CPU times and the total (ms), and the threads that ran the ones over
        10 ms of CPU (with their count)."""
        out: dict[str, Any] = {}
        for gen in (0, 1, 2):
            mine = [p for p in self.pauses if p.generation == gen]
            if not mine:
                continue
            row: dict[str, Any] = {"count": len(mine)}
            for what, values in (
                ("wall", sorted(p.ms for p in mine)),
                ("cpu", sorted(p.cpu * 1000 for p in mine)),
            ):
                row[f"{what}_ms_median_p95_max_total"] = [
                    round(values[len(values) // 2], 2),
                    round(values[int(0.95 * (len(values) - 1))], 1),
                    round(values[-1], 1),
                    round(sum(values)),
                ]
            long = Counter(p.thread for p in mine if p.cpu > 0.010)
            row["over_10ms_cpu_by_thread"] = dict(long.most_common())
            out[f"gen{gen}"] = row
        return out


def gc_in(pauses: list[GcPause]) -> str:
    """The collections in a turn, said shortly: "gc 2×gen2 71 ms (refilter 45, MainThread
    26)"; empty when none."""
    if not pauses:
        return ""
    by_gen = Counter(p.generation for p in pauses)
    gens = ", ".join(f"{n}×gen{g}" for g, n in sorted(by_gen.items()))
    by_thread: Counter[str] = Counter()
    for p in pauses:
        by_thread[p.thread] += p.ms
    threads = ", ".join(f"{t} {ms:.0f}" for t, ms in by_thread.most_common())
    return f"gc {gens} {sum(p.ms for p in pauses):.0f} ms ({threads})"


class StallSampler:
    """Samples the main thread's stack while the current turn (`begin()`…`end()`) has lasted
    longer than `threshold_ms`; `end()` returns the turn's `TurnProfile` (None when short),
    with the cyclic-GC collections that ran during it in any thread (`gc`, recorded while the
    sampler runs)."""

    def __init__(self, threshold_ms: float = 100.0, interval_ms: float = 15.0) -> None:
        self.threshold = threshold_ms / 1000
        self.interval = interval_ms / 1000
        main = threading.main_thread()
        assert main.ident is not None
        self._main = main.ident
        self._main_native = getattr(main, "native_id", None)
        self._main_clock = _cpu_clock(self._main)
        self._lock = threading.Lock()
        self._turn = 0
        self._start: float | None = None
        self._start_cpu = 0.0
        self._samples: list[_Sample] = []
        self._last: tuple[float, float | None, float | None] | None = None
        self._others: dict[int, tuple[float, float | None]] = {}
        self._stop = False
        self._thread: threading.Thread | None = None
        self.gc = GcPauses()

    # -- the main thread
    def begin(self) -> None:
        with self._lock:
            self._turn += 1
            self._start = time.perf_counter()
            self._start_cpu = time.thread_time()  # (called on the main thread: its CPU time)
            self._samples = []
            self._last = None

    def end(self) -> TurnProfile | None:
        with self._lock:
            start, samples = self._start, self._samples
            self._start, self._samples, self._last = None, [], None
        end, cpu = time.perf_counter(), time.thread_time() - self._start_cpu
        if start is None or (not samples and end - start < self.threshold):
            return None
        ms = (end - start) * 1000
        turn = profile(ms, samples) if samples else TurnProfile.unsampled(ms)
        pauses = self.gc.within(start, end)
        turn.gc_ms = sum(min(p.end, end) - max(p.start, start) for p in pauses) * 1000
        turn.gc = gc_in(pauses)
        turn.cpu_ms = cpu * 1000
        return turn

    # -- the sampler
    def start(self) -> StallSampler:
        if self._thread is None:
            self.gc.install()
            self._stop = False
            self._thread = threading.Thread(target=self._run, name="stall-sampler", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        self._stop = True
        self.gc.remove()
        if self._thread is not None:
            self._thread.join(timeout=2)
            self._thread = None

    def __enter__(self) -> StallSampler:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _run(self) -> None:
        while not self._stop:
            start, turn = self._start, self._turn
            if start is None:  # between turns: look again soon (a turn found late is sampled late)
                time.sleep(self.threshold / 4)
                continue
            # a turn not yet long: wake an interval before it would be, to read the threads'
            # times from which the first sample's count
            due = start + self.threshold - self.interval - time.perf_counter()
            if due > 0 and self._last is None:
                time.sleep(due)
                continue
            self._sample(turn, start)
            time.sleep(self.interval)

    def _times(self) -> tuple[float | None, float | None]:
        times = _thread_times(self._main_native)
        if times is not None:
            return times
        if self._main_clock is not None:
            return time.clock_gettime(self._main_clock), None
        return None, None

    def _sample(self, turn: int, start: float) -> None:
        with self._lock:
            if self._turn != turn or self._start is None:
                return  # the turn ended meanwhile
            now = time.perf_counter()
            cpu, runnable = self._times()
            if self._last is None and now - start < self.threshold:  # not long yet: times only
                self._last = (now, cpu, runnable)
                self._busiest()  # (the other threads' times from which the next counts)
                return
            frame = sys._current_frames().get(self._main)
            stack: list[Frame] = []
            while frame is not None:
                code = frame.f_code
                stack.append((code.co_filename, frame.f_lineno or 0, code.co_name))
                frame = frame.f_back
            busiest, queued = self._busiest()
            last = self._last
            self._last = (now, cpu, runnable)
            if last is None:  # found late: the times count from the next sample
                wall, dcpu, drun = 0.0, None, None
            else:
                wall = now - last[0]
                dcpu = cpu - last[1] if cpu is not None and last[1] is not None else None
                drun = runnable - last[2] if runnable is not None and last[2] is not None else None
            trimmed = trim(stack)
            self._samples.append(_Sample(site(trimmed), trimmed, wall, dcpu, drun, busiest, queued))

    def _busiest(self) -> tuple[tuple[str, float, list[Frame]] | None, tuple[str, float] | None]:
        """The other thread that was most on a CPU since the previous sample, and the one
        longest runnable waiting for a CPU (None: no thread times)."""
        frames = sys._current_frames()
        # (this thread's own frame, in `frames`, holds `frames`: a cycle that kept every
        # thread's frames and their locals alive until a collection walked it — a dropped
        # corpus a worker's frame held, when a full collection froze the cycle meanwhile)
        frames.pop(threading.get_ident(), None)
        best: tuple[str, float, list[Frame]] | None = None
        queued: tuple[str, float] | None = None
        seen: dict[int, tuple[float, float | None]] = {}
        for t in threading.enumerate():
            if t.ident in (self._main, threading.get_ident()) or t.ident is None:
                continue
            got = thread_times(t)
            if got is None:
                continue
            cpu, runnable = got
            seen[t.ident] = (cpu, runnable)
            before = self._others.get(t.ident)
            if before is None or self._last is None:
                continue
            if runnable is not None and before[1] is not None:
                waited = runnable - before[1]
                if waited > 0 and (queued is None or waited > queued[1]):
                    queued = (t.name, waited)
            used = cpu - before[0]
            if used > 0 and (best is None or used > best[1]):
                best = (t.name, used, frames_of(frames.get(t.ident), 40))
        self._others = seen
        return best, queued


def profile(ms: float, samples: list[_Sample]) -> TurnProfile:
    """The turn's profile from its samples: the most frequent stack and its thread times."""
    counts = Counter(s.key for s in samples)
    (key, n), *rest = counts.most_common()
    mine = [s for s in samples if s.key == key]
    stack = list(Counter(tuple(s.stack) for s in mine).most_common(1)[0][0])
    wall = sum(s.wall for s in mine)
    timed = [s for s in mine if s.cpu is not None and s.wall > 0]
    cpu = runnable = blocked = None
    if timed and wall > 0:
        twall = sum(s.wall for s in timed)
        cpu = min(1.0, sum(s.cpu or 0.0 for s in timed) / twall)
        runnable = min(1.0 - cpu, sum(s.runnable or 0.0 for s in timed) / twall)
        blocked = max(0.0, 1.0 - cpu - runnable)
    leaf = describe(stack[0]) if stack else "?"
    if blocked is None:  # one sample, or no thread times: where, not whether it worked
        verb = "in"
    elif (cpu or 0.0) + (runnable or 0.0) < WAITING_BELOW:
        verb = "waiting in"
    else:
        verb = "running in"
    state = f"{verb} {leaf}"
    line = linecache.getline(stack[0][0], stack[0][1]).strip() if stack else ""
    if stack and short_path(stack[0][0]).startswith("bench/") and QT_CALLS.search(line):
        state += " (in Qt's C++: no Python frame below the driver's call)"
    meanwhile = ""
    busy = [s.busiest for s in mine if s.busiest is not None]
    if busy:
        by_thread: Counter[str] = Counter()
        for name, used, _ in busy:
            by_thread[name] += used
        name, used = by_thread.most_common(1)[0]
        where = Counter(
            tuple(describe(f) for f in trim(st)[:3]) for n_, _, st in busy if n_ == name
        ).most_common(1)[0][0]
        meanwhile = f"thread {name!r} on a CPU {used:.2f} s, in {' < '.join(where) or '?'}"
    queued = ""
    waits = [s.queued for s in mine if s.queued is not None]
    if waits:
        waited_by: dict[str, float] = {}
        for who, waited in waits:
            waited_by[who] = waited_by.get(who, 0.0) + waited
        who, most = max(waited_by.items(), key=lambda kv: kv[1])
        queued = f"thread {who!r} runnable, waiting for a CPU, {most:.2f} s"
    others = [
        (c / len(samples), [describe(f) for f in next(s.stack for s in samples if s.key == k)[:4]])
        for k, c in rest[:2]
    ]
    return TurnProfile(
        ms=ms,
        samples=len(samples),
        stack=[describe(f) for f in stack],
        share=n / len(samples),
        cpu=cpu,
        runnable=runnable,
        blocked=blocked,
        state=state,
        line=line,
        meanwhile=meanwhile,
        queued=queued,
        others=others,
    )


# ---------------------------------------------------------------------- reopen turns


def reopen_turns(
    kind: str, events: int, rounds: int, path: Path | None, depth: int = 10
) -> list[float]:
    """Reopen one corpus `rounds` times in the real window (offscreen), each turn measured and
    the long ones sampled as the soak does it (`bench.soak.Corpus.open` through its user's
    wait, then 1 s idle); prints each round's longest turn and the profiles of its three
    longest; returns the longest turn of each round (ms)."""
    import os
    import random
    import tempfile

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    from bench.soak import Corpus, User, soak_window
    from nkviewer import heap

    app = QApplication.instance() or QApplication(["stallprof"])
    assert isinstance(app, QApplication)
    heap.keep_long_lived()  # as the window does
    longest: list[float] = []
    with tempfile.TemporaryDirectory(prefix="nkviewer-stallprof-") as tmp:
        work = Path(tmp)
        os.environ.setdefault("NKVIEWER_CACHE_DIR", str(work / "cache"))
        if path is not None:  # an event dataset already written
            corpus = Corpus.__new__(Corpus)
            corpus.kind, corpus.frame, corpus.path = "dataset", None, path
        else:
            corpus = Corpus(kind, events, 1, work)
        w = soak_window(work)
        corpus.open(w, app)
        sampler = StallSampler(40.0, 5.0).start()
        user = User(w, app, random.Random(1), work, sampler)

        def idle(seconds: float) -> float:
            worst, end = 0.0, time.perf_counter() + seconds
            while time.perf_counter() < end:
                t = time.perf_counter()
                user.turn_begins()
                app.processEvents()
                app.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
                worst = max(worst, time.perf_counter() - t)
                user.turn_ends()
                time.sleep(0.005)
            return worst

        idle(2.0)
        try:
            for r in range(rounds):
                user.profiles.clear()
                t0 = time.perf_counter()
                user.longest, user.mark, user.where = None, t0, ""
                user.turn_begins()
                corpus.open(w, app, user)
                user.turn_ends()
                opening = max(user.longest or 0.0, time.perf_counter() - user.mark)
                ms = max(opening, idle(1.0)) * 1000
                longest.append(ms)
                print(f"round {r}: longest turn {ms:.0f} ms", flush=True)
                for p in sorted(user.profiles, key=lambda p: -p.ms)[:3]:
                    print(f"  {p.ms:.0f} ms: " + p.text(depth).replace("\n", "\n  "))
            full = [p for p in sampler.gc.pauses if p.generation == 2]
            print(
                f"{kind if path is None else path}: longest turns {[round(x) for x in longest]}"
                f" ms; full collections meanwhile: {gc_in(full) or 'none'}"
            )
        finally:
            sampler.stop()
            w.session.shutdown()
            w.close()
    return longest


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(
        description="The longest event-loop turns of reopening a corpus in the real window, "
        "with where the long ones were spent (not a test: figures for the README)."
    )
    ap.add_argument("--kind", choices=("memory", "dataset", "seeds"), default="memory")
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--dataset", type=Path, default=None, help="an event dataset to reopen")
    args = ap.parse_args(argv)
    reopen_turns(args.kind, args.events, args.rounds, args.dataset)
    return 0


if __name__ == "__main__":
    sys.exit(main())
