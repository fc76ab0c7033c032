"""A seeded random user drives the real window for minutes and checks it stays right.

    python -m bench.soak [--minutes 2] [--kinds seeds,memory,dataset] [--events 100000]
                         [--seed 1] [--json soak.json] [--no-stacks] [--gil]

For each corpus kind (`seeds`: the bundled articles parsed by the pipeline; `memory`: a
synthetic table of `--events` events in memory; `dataset`: the same written as an event
dataset and read lazily) the window (offscreen unless QT_QPA_PLATFORM says otherwise) is driven
by weighted random actions — wheel and key zoom, drag-pan, clicks with and without Ctrl/Shift,
rubber bands, facets, search, date limits, group-by, hide/unhide, undo/redo, date and title
edits, theme changes, image and data exports, Clear Filters, reopening — with short idle gaps in
which timers fire. After every action it checks the invariants:

- the selection is a subset of the filtered, visible events (none hidden unless shown);
- the Source panel shows the session's current event, with its current title;
- the timeline marks the session's selected events among those it draws;
- the undo stack is consistent (index within count; undo possible iff index > 0);
- every so often, the filtered table equals an independent filter (`EventFilter.mask` over the
  curated events in memory, a DuckDB count on a dataset).

It reports actions by kind, exceptions (from actions and from Qt handlers through
`sys.excepthook`), invariant violations, UI-thread stalls (the longest single event-loop turn
after an action, with the action before it, and where the UI thread was during the longest,
sampled by `bench/stallprof.py` unless `--no-stacks`), RSS and Python object counts over time. Speed
figures are for the README; with `--gil`, each stall also says how the window's thread spent it
(on a CPU, runnable waiting for one, blocked) and which thread held the GIL meanwhile, and where
(`bench/gilwatch.py`). Nothing here asserts a time (`tests/qt/test_soak.py` runs a short
version and asserts the invariants and the absence of exceptions only).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from bench.stallprof import StallSampler, TurnProfile
    from nkviewer.qt.main_window import MainWindow

KINDS = ("seeds", "memory", "dataset")
#: A turn of the event loop longer than this is a stall (ms).
STALL_MS = 100.0
#: Unless `--no-stacks`: sample the main thread's stack every this many ms while a turn is a stall,
#: and report the most frequent stack of this many of the longest.
STACK_EVERY_MS = 15.0
STALL_STACKS = 10
#: Check the filtered table against the independent filter every this many actions.
DEEP_CHECK_EVERY = 25
#: Sample RSS and object counts every this many seconds.
SAMPLE_EVERY = 10.0
#: Reopen the corpus every this many seconds (the issue's "reopening every minute").
REOPEN_EVERY = 60.0
#: The memory reference: RSS this many seconds in (caches warm), against which growth is judged.
WARM_UP = 120.0
REPO = Path(__file__).resolve().parent.parent


@dataclass
class Report:
    kind: str
    events: int = 0
    seconds: float = 0.0
    actions: Counter[str] = field(default_factory=Counter)
    exceptions: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    stalls: list[tuple[float, str]] = field(default_factory=list)  # (ms, action before)
    stall_at: list[float] = field(default_factory=list)  # each stall's time (s from the start)
    #: (s, cores): CPU the machine's other processes used between one sample and the next, to
    #: tell a stall of the window from one of a machine busy with other work
    others: list[tuple[float, float]] = field(default_factory=list)
    turns_ms: list[float] = field(default_factory=list)  # longest loop turn per action
    #: (ms, action before, profile): where the main thread was in a stall (with `stacks`)
    stall_stacks: list[tuple[float, str, TurnProfile]] = field(default_factory=list)
    samples: list[tuple[float, float, int]] = field(default_factory=list)  # (s, RSS MB, objects)
    census: list[tuple[float, Counter[str]]] = field(default_factory=list)  # (s, objects by type)
    #: the cyclic GC's collections over the actions (`GcTally.summary`)
    gc: dict[str, Any] = field(default_factory=dict)
    malloc_free: list[tuple[float, float]] = field(default_factory=list)  # (s, free in arenas MB)
    #: per sample, where the memory is (MB): malloc's used and free, Arrow's pool, DuckDB's
    memory: list[dict[str, Any]] = field(default_factory=list)
    #: (MB, s, action): the actions after which RSS stood highest above where it was before
    rises: list[tuple[float, float, str]] = field(default_factory=list)
    #: per action kind, the MB Python's object arenas grew by over the action and its idle
    #: gap (they shrink only when an arena empties whole: growth there is what stays)
    arena_growth: dict[str, float] = field(default_factory=dict)
    #: with `--gil`: per stall, (ms, action, the window's thread's time in the turn: on a CPU,
    #: runnable, blocked (ms), the GIL holds during it (`bench.gilwatch`))
    stall_holds: list[tuple[float, str, tuple[float, float, float], list[str]]] = field(
        default_factory=list
    )
    #: with `--gil`: every hold of the run by holder and site (`GilWatch.summary`)
    gil: list[dict[str, Any]] = field(default_factory=list)

    def stalls_by_action(self) -> dict[str, dict[str, Any]]:
        """Per action (its name before any " (part)"): stalls over 100 and 200 ms, the
        longest, and the window thread's CPU time in that one (ms; with `--stacks`)."""
        cpu = {(ms, what): prof.cpu_ms for ms, what, prof in self.stall_stacks}
        out: dict[str, dict[str, Any]] = {}
        for ms, what in sorted(self.stalls):
            row = out.setdefault(what.split(" (")[0], {"over_100": 0, "over_200": 0})
            row["over_100"] += 1
            row["over_200"] += ms > 200
            row["worst_ms"] = round(ms)
            got = cpu.get((ms, what))
            row["worst_cpu_ms"] = None if got is None else round(got)
        return dict(sorted(out.items(), key=lambda kv: -kv[1]["worst_ms"]))

    def others_at(self, t: float) -> float | None:
        """The other processes' CPU (cores) over the sample period that holds time `t`."""
        for end, cores in self.others:
            if end >= t:
                return cores
        return None

    def stall_times(self) -> list[tuple[int, int, str, float | None]]:
        """Every stall: (s from the start, ms, action, the other processes' cores then)."""
        return [
            (round(t), round(ms), what, self.others_at(t))
            for t, (ms, what) in zip(self.stall_at, self.stalls, strict=True)
        ]

    def summary(self) -> dict[str, Any]:
        turns = sorted(self.turns_ms) or [0.0]
        worst = sorted(self.stalls, reverse=True)[:8]
        return {
            "kind": self.kind,
            "events": self.events,
            "seconds": round(self.seconds, 1),
            "actions": sum(self.actions.values()),
            "by_kind": dict(sorted(self.actions.items())),
            "exceptions": len(self.exceptions),
            "first_exceptions": self.exceptions[:3],
            "violations": len(self.violations),
            "first_violations": self.violations[:5],
            "stalls_over_100ms": len(self.stalls),
            "stalls_over_1s": sum(1 for ms, _ in self.stalls if ms > 1000),
            "stalls_over_200ms": sum(1 for ms, _ in self.stalls if ms > 200),
            "stalls_by_action": self.stalls_by_action(),
            "turn_ms_median": round(statistics.median(turns), 1),
            "turn_ms_p95": round(turns[int(0.95 * (len(turns) - 1))], 1),
            "turn_ms_max": round(turns[-1], 1),
            "worst_stalls": [(round(ms), what) for ms, what in worst],
            "stall_times": self.stall_times(),
            "others_cores": [(round(t), round(c, 2)) for t, c in self.others],
            "stall_stacks": [
                {"action": what, **prof.as_dict(), "ms": round(ms)}
                for ms, what, prof in sorted(self.stall_stacks, key=lambda x: -x[0])[:STALL_STACKS]
            ],
            "rss_mb": [(round(t), round(mb)) for t, mb, _ in self.samples],
            "objects": [(round(t), n) for t, _, n in self.samples],
            "malloc_free_mb": [(round(t), round(mb)) for t, mb in self.malloc_free],
            "memory_mb": self.memory,
            "pymalloc_growth_mb": {
                k: round(v, 1)
                for k, v in sorted(self.arena_growth.items(), key=lambda kv: -kv[1])
                if v > 0
            },
            "rss_rises": [
                (round(mb), round(t), what) for mb, t, what in sorted(self.rises, reverse=True)[:12]
            ],
            "grown_types": self.grown_types(),
            "burst_types": self.burst_types(),
            "gc": self.gc,
            "stall_holds": [
                {
                    "ms": round(ms),
                    "action": what,
                    "cpu_runnable_blocked_ms": [round(x) for x in times],
                    "holds": holds,
                }
                for ms, what, times, holds in sorted(self.stall_holds, key=lambda x: -x[0])
            ],
            "gil_holds": self.gil,
        }

    def grown_types(self, after: float = WARM_UP, top: int = 15) -> list[tuple[str, int, int]]:
        """The types whose live objects grew most from the first census after `after` seconds
        to the last: (type, count then, count at the end); empty without `--census`."""
        if len(self.census) < 2:
            return []
        first = next((c for t, c in self.census if t >= after), self.census[0][1])
        last = self.census[-1][1]
        grown = sorted(last, key=lambda k: last[k] - first.get(k, 0), reverse=True)
        return [(k, first.get(k, 0), last[k]) for k in grown[:top] if last[k] > first.get(k, 0)]

    def burst_types(self, top: int = 12) -> dict[str, Any]:
        """The census that counted the most objects (a burst caught live), against the median
        census: when (s), and the types it had most more of (type, median, then); empty
        without `--census`."""
        if len(self.census) < 3:
            return {}
        totals = [sum(c.values()) for _, c in self.census]
        t, peak = self.census[max(range(len(totals)), key=totals.__getitem__)]
        usual = sorted(range(len(totals)), key=totals.__getitem__)[len(totals) // 2]
        base = self.census[usual][1]
        more = sorted(peak, key=lambda k: peak[k] - base.get(k, 0), reverse=True)[:top]
        return {
            "t": round(t),
            "types": [(k, base.get(k, 0), peak[k]) for k in more if peak[k] > base.get(k, 0)],
        }


class GcTally:
    """Every collection of the cyclic GC while installed (`gc.callbacks`), in any thread: per
    generation how many, their total and longest wall time; the full ones per thread; the
    longest pause of the window's thread; the renewals of `nkviewer.heap` (full walks of
    everything it ran, by why) and the walks of everything it left to whichever full collection
    came next (`unplanned_walks`: none where the window took them). Unlike the stall
    sampler's record it keeps no list: all are counted."""

    def __init__(self) -> None:
        self._started: dict[int, float] = {}
        self._began_main: float | None = None
        #: the soak's own checks and samples are running in the main thread: their collections
        #: are told apart (the checks make per-row objects of their own: an independent filter)
        self.soak_side = False
        self.count = [0, 0, 0]
        self.total_ms = [0.0, 0.0, 0.0]
        self.max_ms = [0.0, 0.0, 0.0]
        self.full_by_thread: dict[str, list[float]] = {}  # thread -> [count, total ms, max ms]
        self.main_max_ms = 0.0
        # the window's thread's full collections with what the callbacks after the collector
        # did (`heap`'s freeze and count of the frozen objects): [count, total ms, max ms]
        self.main_full_with_callbacks = [0, 0.0, 0.0]
        self._renewals: Counter[str] = Counter()
        self._unplanned = 0

    def _callback(self, phase: str, info: dict[str, Any]) -> None:
        import threading

        now = time.perf_counter()
        ident = threading.get_ident()
        if phase == "start":
            self._started[ident] = now
            if ident == threading.main_thread().ident:
                self._began_main = now
            return
        began = self._started.pop(ident, None)
        gen = int(info.get("generation", -1))
        if began is None or gen not in (0, 1, 2):
            return
        ms = (now - began) * 1000
        self.count[gen] += 1
        self.total_ms[gen] += ms
        self.max_ms[gen] = max(self.max_ms[gen], ms)
        thread = threading.current_thread()
        name = thread.name
        if thread is threading.main_thread():
            if self.soak_side:  # (the soak's own checks and samples: no turn of the window's)
                name += " (the soak's checks)"
            else:
                self.main_max_ms = max(self.main_max_ms, ms)
        if gen == 2:
            row = self.full_by_thread.setdefault(name, [0, 0.0, 0.0])
            row[0] += 1
            row[1] += ms
            row[2] = max(row[2], ms)

    def install(self) -> GcTally:
        from nkviewer import heap

        self._renewals, self._unplanned = heap.renewals(), heap.unplanned_walks()
        gc.callbacks.insert(0, self._callback)  # (before `heap`'s: its freeze is not timed)
        gc.callbacks.append(self._last)  # (after it: the pause with its freeze)
        return self

    def _last(self, phase: str, info: dict[str, Any]) -> None:
        """(The last callback.) Time a full collection of the main thread to here."""
        import threading

        if phase != "stop" or info.get("generation") != 2:
            return
        if threading.current_thread() is not threading.main_thread() or self.soak_side:
            return
        began = self._began_main
        if began is None:
            return
        ms = (time.perf_counter() - began) * 1000
        row = self.main_full_with_callbacks
        row[0] += 1
        row[1] += ms
        row[2] = max(row[2], ms)

    def remove(self) -> None:
        from nkviewer import heap

        if self._last in gc.callbacks:
            gc.callbacks.remove(self._last)
        if self._callback in gc.callbacks:
            gc.callbacks.remove(self._callback)
            self._renewals = heap.renewals() - self._renewals
            self._unplanned = heap.unplanned_walks() - self._unplanned

    def summary(self) -> dict[str, Any]:
        return {
            **{
                f"gen{g}": {
                    "count": self.count[g],
                    "total_ms": round(self.total_ms[g]),
                    "max_ms": round(self.max_ms[g], 1),
                }
                for g in (0, 1, 2)
            },
            "gen2_by_thread": {
                t: {"count": int(c), "total_ms": round(ms), "max_ms": round(mx, 1)}
                for t, (c, ms, mx) in sorted(self.full_by_thread.items())
            },
            "main_thread_max_ms": round(self.main_max_ms, 1),
            # the window's thread's full collections, `heap`'s callback (freeze) included
            "main_gen2_with_callbacks": {
                "count": int(self.main_full_with_callbacks[0]),
                "total_ms": round(self.main_full_with_callbacks[1]),
                "max_ms": round(self.main_full_with_callbacks[2], 1),
            },
            "renewals": sum(self._renewals.values()),
            # why: `due` (the frozen objects doubled, run on an idle turn of the window),
            # `dropped` (a dropped corpus outlived its looks), `drop_grown`, `asked`
            "renewals_by_why": dict(sorted(self._renewals.items())),
            # walks of everything left to whichever full collection came next, any thread
            "unplanned_walks": self._unplanned,
        }


def census() -> Counter[str]:
    """Live objects tracked by the collector, by type name (run after `gc.collect()`)."""
    return Counter(type(o).__qualname__ for o in gc.get_objects())


def qt_census(window: MainWindow) -> Counter[str]:
    """What the window holds that the collector does not see: its QObjects by class, the
    items of its trees, the undo stack's commands (prefixed `qt:`)."""
    from PySide6.QtCore import QObject
    from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItemIterator

    out: Counter[str] = Counter()
    for obj in window.findChildren(QObject):
        out[f"qt:{type(obj).__name__}"] += 1
    for tree in window.findChildren(QTreeWidget):
        it = QTreeWidgetItemIterator(tree)
        while it.value() is not None:
            out[f"qt:item of {tree.objectName() or type(tree).__name__}"] += 1
            it += 1
    out["qt:undo commands"] = window.session.undo_stack.count()
    return out


def malloc_free_mb() -> float:
    """Bytes glibc's malloc holds free in its arenas, in MB (0 where mallinfo2 is missing): RSS
    that grows while this does is fragmentation, not live objects."""
    from bench.procmem import malloc_free_mb as free

    return free() or 0.0


def memory_sample(window: MainWindow) -> dict[str, Any]:
    """Where the memory is now, in MB: RSS, its anonymous and file-backed parts; glibc malloc's
    used and free bytes; Arrow's pool (its allocator and the bytes its buffers hold) once
    pyarrow is imported; DuckDB's buffer manager on a dataset; Python's object arenas
    (`pymalloc`, part of `anon_other`) and the bytes of live objects in them; DuckDB's jemalloc
    (`duckdb_je`, also in `anon_other`) and its live bytes. Anonymous RSS
    well above their sum is another allocator's cache, or pages freed into none."""
    from bench.procmem import (
        anon_rss_mb,
        arrow_mb,
        duckdb_jemalloc_mb,
        mallinfo_mb,
        pymalloc_mb,
        status_mb,
    )

    out: dict[str, Any] = {"rss": round(rss_mb())}
    for name, key in (("RssAnon", "anon"), ("RssFile", "file")):  # RSS = these + RssShmem
        mb = status_mb(name)
        if mb is not None:
            out[key] = round(mb)
    anon = anon_rss_mb()
    if anon is not None:
        out.update({f"anon_{k}": round(v) for k, v in anon.items()})
    info = mallinfo_mb()
    if info is not None:
        out["malloc_used"], out["malloc_free"] = round(info["used"]), round(info["free"])
    py = pymalloc_mb()
    if py is not None:  # within anon_other: Python's arenas and the live objects in them
        out["pymalloc"], out["pymalloc_used"] = round(py["arenas"]), round(py["used"])
    arrow = arrow_mb()
    if arrow is not None:
        out["arrow_pool"], out["arrow"] = arrow[0], round(arrow[1])
    duck = duckdb_mb(window)
    if duck is not None:
        out["duckdb"] = round(duck)
    je = duckdb_jemalloc_mb()
    if je is not None:  # within anon_other: DuckDB's allocator, its free pages included
        out["duckdb_je"], out["duckdb_je_used"] = round(je["resident"]), round(je["allocated"])
    return out


def duckdb_mb(window: MainWindow) -> float | None:
    """Bytes DuckDB's buffer manager holds for the open dataset, in MB (None for a corpus in
    memory, or when the query fails, e.g. while the dataset is reopened)."""
    from nkviewer.app.dataset import DatasetCorpus

    state = window.session.state
    if not isinstance(state, DatasetCorpus):
        return None
    try:
        rows = state.dataset._query("SELECT sum(memory_usage_bytes) FROM duckdb_memory()")
    except Exception:
        return None
    return float(rows[0][0] or 0) / 2**20


def pymalloc_arenas_mb() -> float:
    """Python's object arenas now, in MB (0 where the interpreter does not report them)."""
    from bench.procmem import pymalloc_mb

    py = pymalloc_mb()
    return 0.0 if py is None else py["arenas"]


def cpu_seconds() -> tuple[float, float]:
    """(seconds of CPU every process on the machine has used, this process's own): their
    differences between two calls tell how busy the rest of the machine was ((0, 0) where
    /proc is not there)."""
    try:
        with open("/proc/stat") as f:
            fields = f.readline().split()[1:]
    except OSError:
        return (0.0, 0.0)
    # user nice system idle iowait irq softirq steal ...: busy = all but idle and iowait
    ticks = sum(int(x) for i, x in enumerate(fields[:8]) if i not in (3, 4))
    own = os.times()
    return (ticks / os.sysconf("SC_CLK_TCK"), own.user + own.system)


def rss_mb() -> float:
    """Resident memory of this process now (0 where /proc is not there)."""
    from bench.procmem import status_mb

    return status_mb("VmRSS") or 0.0


# ---------------------------------------------------------------------- corpora


def corpus_frame(events: int, seed: int) -> Any:
    sys.path.insert(0, str(REPO))
    from bench.synthetic import synthetic_frame

    return synthetic_frame(events, years=8, seed=seed)


def soak_window(work: Path, settings_name: str = "s.ini") -> MainWindow:
    """The window as the soak and the benches drive it: its settings in a file of `work`,
    1600 × 1000, shown."""
    from PySide6.QtCore import QSettings

    from nkviewer.qt.main_window import MainWindow
    from nkviewer.qt.settings import Settings

    settings = Settings(QSettings(str(work / settings_name), QSettings.Format.IniFormat))
    window = MainWindow(settings=settings)
    window.resize(1600, 1000)
    window.show()
    return window


@contextlib.contextmanager
def window_on(
    kind: str, events: int, seed: int, app: Any, prefix: str
) -> Iterator[tuple[Path, Corpus, MainWindow]]:
    """A temporary work folder (holding the parse cache unless NKVIEWER_CACHE_DIR says
    otherwise), a corpus of `kind` in it and the soak's window with that corpus open."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        work = Path(tmp)
        os.environ.setdefault("NKVIEWER_CACHE_DIR", str(work / "cache"))
        corpus = Corpus(kind, events, seed, work)
        window = soak_window(work)
        corpus.open(window, app)
        yield work, corpus, window


class Corpus:
    """How to (re)open one corpus kind in a window."""

    def __init__(self, kind: str, events: int, seed: int, workdir: Path) -> None:
        self.kind = kind
        self.frame: Any = None
        self.path: Path
        if kind == "seeds":
            # a copy: the soak's hides and edits go to a sidecar beside the corpus, which in
            # the bundled folder `make run` would then open with them
            # (and from no edits left there)
            self.path = Path(
                shutil.copytree(
                    REPO / "seeds", workdir / "seeds", ignore=shutil.ignore_patterns(".nkviewer*")
                )
            )
        elif kind == "memory":
            self.frame = corpus_frame(events, seed)
            self.path = workdir / "memory"  # where its edits sidecar lives
            self.path.mkdir()
        elif kind == "dataset":
            from nkviewer.corpus.dataset_store import write_frame_dataset

            self.path = write_frame_dataset(corpus_frame(events, seed), workdir / "dataset")
        else:
            raise ValueError(f"unknown corpus kind {kind!r}; use one of {', '.join(KINDS)}")

    def open(self, window: MainWindow, app: QApplication, user: User | None = None) -> None:
        """Open the corpus and run the event loop until it is loaded: with `user`, through
        its `_wait`, each turn measured (the load runs in a worker while the window stays live,
        so the wait is no stall; what runs on the UI thread meanwhile is)."""
        session = window.session
        if self.frame is not None:  # the table as the pipeline would deliver it
            session.open([self.path], factory=self._deliver)
        else:
            session.open([self.path])
        if user is not None:
            user._wait(lambda: not session.loading, "opening", "loading")
            return
        deadline = time.monotonic() + 600
        # loaded, and its first refilter shown (a large corpus' comes from the worker after)
        while (session.loading or session.refiltering) and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.01)
        app.processEvents()

    def _deliver(self, should_stop: Callable[[], bool]) -> Any:
        from nkviewer.corpus.pipeline import LoadUpdate

        yield LoadUpdate("done", 1, 1, events=self.frame)


# ---------------------------------------------------------------------- the user


class User:
    """Weighted random actions on one window; each returns its name."""

    def __init__(
        self,
        window: MainWindow,
        app: QApplication,
        rng: random.Random,
        out: Path,
        sampler: StallSampler | None = None,
    ):
        self.w = window
        self.app = app
        self.rng = rng
        self.out = out
        self.actions: list[tuple[float, Callable[[], None]]] = [
            (10, self.wheel),
            (4, self.key_zoom),
            (8, self.drag_pan),
            (12, self.click),
            (4, self.ctrl_click),
            (3, self.shift_click),
            (3, self.rubber_band),
            (2, self.arrow_keys),
            (5, self.facet),
            (4, self.search),
            (2, self.dates),
            (2, self.clear_filters),
            (2, self.group_by),
            (3, self.hide),
            (2, self.unhide),
            (4, self.undo),
            (3, self.redo),
            (2, self.edit_date),
            (2, self.edit_title),
            (1, self.theme),
            (1, self.export_image),
            (1, self.export_data),
            (2, self.fit),
        ]
        self._weights = [w for w, _ in self.actions]
        self.writing: list[Any] = []  # export dialogs still writing in the background
        #: set by an action that runs the event loop itself while the user waits (`_wait`):
        #: its longest turn, and when the current stretch of UI-thread work began
        self.longest: float | None = None
        self.mark = 0.0
        self.where = ""  # the part of the action its longest turn was in
        #: marks each turn for the stall sampler (`--stacks`); the profiles of the long ones
        self.sampler = sampler
        self.profiles: list[TurnProfile] = []

    def turn_begins(self) -> None:
        if self.sampler is not None:
            self.sampler.begin()

    def turn_ends(self) -> None:
        if self.sampler is not None:
            prof = self.sampler.end()
            if prof is not None:
                self.profiles.append(prof)

    def pick(self) -> Callable[[], None]:
        return self.rng.choices([a for _, a in self.actions], weights=self._weights)[0]

    # -- helpers
    def _plot_point(self) -> Any:
        from PySide6.QtCore import QPointF

        tv = self.w.timeline
        g = tv.renderer().geometry(tv.width(), tv.height())
        plot = g.plot
        if plot.width() < 2 or plot.height() < 2:
            return QPointF(tv.width() / 2, tv.height() / 2)
        return QPointF(
            self.rng.uniform(plot.left() + 1, plot.right() - 1),
            self.rng.uniform(plot.top() + 1, plot.bottom() - 1),
        )

    def _mouse(self, kind: Any, pos: Any, button: Any, buttons: Any, mods: Any) -> None:
        from PySide6.QtGui import QMouseEvent

        tv = self.w.timeline
        glob = tv.mapToGlobal(pos)
        ev = QMouseEvent(kind, pos, glob, button, buttons, mods)
        self.app.sendEvent(tv, ev)

    def _click_at(self, pos: Any, mods: Any) -> None:
        from PySide6.QtCore import QEvent, Qt

        left = Qt.MouseButton.LeftButton
        self._mouse(QEvent.Type.MouseButtonPress, pos, left, left, mods)
        self._mouse(QEvent.Type.MouseButtonRelease, pos, left, Qt.MouseButton.NoButton, mods)

    def _drag(self, mods: Any, button: Any) -> None:
        from PySide6.QtCore import QEvent, QPointF, Qt

        a = self._plot_point()
        b = QPointF(a.x() + self.rng.uniform(-300, 300), a.y() + self.rng.uniform(-120, 120))
        self._mouse(QEvent.Type.MouseButtonPress, a, button, button, mods)
        for k in range(1, 6):
            p = QPointF(a.x() + (b.x() - a.x()) * k / 5, a.y() + (b.y() - a.y()) * k / 5)
            self._mouse(QEvent.Type.MouseMove, p, Qt.MouseButton.NoButton, button, mods)
        self._mouse(QEvent.Type.MouseButtonRelease, b, button, Qt.MouseButton.NoButton, mods)

    def _key(self, key: Any, mods: Any = None) -> None:
        from PySide6.QtCore import QEvent, Qt
        from PySide6.QtGui import QKeyEvent

        mods = mods if mods is not None else Qt.KeyboardModifier.NoModifier
        tv = self.w.timeline
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            self.app.sendEvent(tv, QKeyEvent(kind, key, mods))

    def _some_event_id(self) -> str | None:
        frame = self.w.session.filtered
        if len(frame) == 0:
            return None
        return str(frame["event_id"].iloc[self.rng.randrange(len(frame))])

    def _wait(
        self, done: Callable[[], bool], before: str, during: str, limit: float = 600.0
    ) -> None:
        """Run the event loop until `done()`, as the running app does while the user waits
        (for a preview, a file): each turn is measured, like the UI-thread work before it
        (`before` and `during` name them, for the report of the longest)."""
        from PySide6.QtCore import QEvent

        self.turn_ends()  # the UI-thread work before the wait
        longest = self.longest or 0.0
        if time.perf_counter() - self.mark > longest:
            longest, self.where = time.perf_counter() - self.mark, before
        deadline = time.perf_counter() + limit
        while not done() and time.perf_counter() < deadline:
            t = time.perf_counter()
            self.turn_begins()
            self.app.processEvents()
            self.app.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
            took = time.perf_counter() - t
            self.turn_ends()
            if took > longest:
                longest, self.where = took, during
            time.sleep(0.005)
        self.longest = longest
        self.mark = time.perf_counter()
        self.turn_begins()  # the work after it, until the action returns

    # -- actions
    def wheel(self) -> None:
        from PySide6.QtCore import QPoint, QPointF, Qt
        from PySide6.QtGui import QWheelEvent

        tv = self.w.timeline
        pos = self._plot_point()
        notches = self.rng.choice([-2, -1, -1, 1, 1, 2, 3])
        ev = QWheelEvent(
            QPointF(pos),
            QPointF(tv.mapToGlobal(pos)),
            QPoint(0, 0),
            QPoint(0, 120 * notches),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        self.app.sendEvent(tv, ev)

    def key_zoom(self) -> None:
        from PySide6.QtCore import Qt

        self._key(self.rng.choice([Qt.Key.Key_Plus, Qt.Key.Key_Minus, Qt.Key.Key_PageUp]))

    def drag_pan(self) -> None:
        from PySide6.QtCore import Qt

        self._drag(Qt.KeyboardModifier.NoModifier, Qt.MouseButton.LeftButton)

    def rubber_band(self) -> None:
        from PySide6.QtCore import Qt

        self._drag(Qt.KeyboardModifier.ShiftModifier, Qt.MouseButton.LeftButton)

    def click(self) -> None:
        from PySide6.QtCore import Qt

        self._click_at(self._plot_point(), Qt.KeyboardModifier.NoModifier)

    def ctrl_click(self) -> None:
        from PySide6.QtCore import Qt

        self._click_at(self._plot_point(), Qt.KeyboardModifier.ControlModifier)

    def shift_click(self) -> None:
        from PySide6.QtCore import Qt

        self._click_at(self._plot_point(), Qt.KeyboardModifier.ShiftModifier)

    def arrow_keys(self) -> None:
        from PySide6.QtCore import Qt

        keys = [Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Home, Qt.Key.Key_End]
        self._key(self.rng.choice([*keys, Qt.Key.Key_Escape]))

    def facet(self) -> None:
        counts = self.w.session.facet_counts()
        kinds = [k for k, pairs in counts.items() if pairs]
        if not kinds:
            return
        kind = self.rng.choice(kinds)
        value, _ = self.rng.choice(counts[kind][:12])
        state = self.w.session.filters
        on = value not in state.picked(kind)
        self.w.session.set_filters(state.with_facet(kind, value, on))

    def search(self) -> None:
        words = ["summit", "kim", "talks", "visit", "deal", "", "", "xi", "moscow", "trade"]
        box = self.w.filters_panel.search
        text = self.rng.choice(words)
        box.setText(text)
        box.textEdited.emit(text)  # as typing does (setText alone is no user edit)
        if self.rng.random() < 0.3:
            box.returnPressed.emit()  # Enter: now, without waiting for the pause

    def dates(self) -> None:
        panel = self.w.filters_panel
        year = self.rng.randint(2012, 2024)
        if self.rng.random() < 0.4:
            panel.date_from.setText("")
            panel.date_to.setText("")
        else:
            panel.date_from.setText(f"{year}-{self.rng.randint(1, 12):02d}")
            panel.date_to.setText(f"{year + self.rng.randint(0, 3)}")
        panel.date_to.editingFinished.emit()

    def clear_filters(self) -> None:
        self.w.filters_panel.clear()

    def group_by(self) -> None:
        from nkviewer.model.lanes import GROUP_MODES

        self.w.set_group_by(self.rng.choice(list(GROUP_MODES)))

    def hide(self) -> None:
        sel = self.w.session.selection
        if sel:
            self.w.hide_selected()

    def unhide(self) -> None:
        s = self.w.session
        if self.rng.random() < 0.5:
            s.set_show_hidden(not s.show_hidden)
        elif s.selection:
            self.w.unhide_selected()

    def undo(self) -> None:
        self.w.session.undo_stack.undo()

    def redo(self) -> None:
        self.w.session.undo_stack.redo()

    def edit_date(self) -> None:
        s = self.w.session
        eid = s.current or self._some_event_id()
        if eid and s.supports("dates"):
            year = self.rng.randint(2014, 2023)
            text = self.rng.choice([f"{year}-{self.rng.randint(1, 12):02d}", str(year), ""])
            s.edit_date(eid, text)

    def edit_title(self) -> None:
        s = self.w.session
        eid = s.current or self._some_event_id()
        if eid and s.supports("titles"):
            s.edit_title(eid, self.rng.choice(["Renamed by the soak", "회담 재개", ""]))

    def theme(self) -> None:
        actions = self.w.theme_actions.actions()
        self.rng.choice(actions).trigger()

    def export_image(self) -> None:
        """File ▸ Export Image: the dialog, its preview (laid out in the background; sometimes
        an option changed, twice in a row), then Save, written in the background while the
        user waits with the window running; the dialog is closed when the file is there."""
        from PySide6.QtCore import Qt

        from nkviewer.qt.export_dialog import ExportImageDialog
        from nkviewer.qt.export_scope import ExportScope

        dialog = ExportImageDialog(ExportScope.from_window(self.w), self.w.settings, self.w)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # as File ▸ Export Image does
        dialog.show()
        form = dialog.form
        fmt = self.rng.choice(["png", "svg", "pdf"])
        form.format_combo.setCurrentIndex(form.format_combo.findData(fmt))
        if self.rng.random() < 0.5:  # a change of mind while the preview is laid out
            self._wait(
                lambda: dialog.preview_job.busy, "opening", "awaiting the preview", limit=5.0
            )
            for _ in range(2):
                combo = form.theme_combo
                combo.setCurrentIndex((combo.currentIndex() + 1) % combo.count())
        self._wait(lambda: not dialog.preview_pending(), "opening", "awaiting the preview")
        if dialog.save_button.isEnabled():  # else the dialog says why ("no events")
            dialog.save_in_background(self.out / f"soak.{fmt}")
            self._wait(lambda: not dialog.job.busy, "starting Save", "saving")
        dialog.close()

    def export_data(self) -> None:
        """File ▸ Export Events: the dialog, then Save in one of the data formats; the file is
        written in the background as in the window (the dialog closes when it is done)."""
        from nkviewer.qt.export_events_dialog import ExportEventsDialog
        from nkviewer.qt.export_scope import ExportScope

        for done in [d for d in self.writing if not d.isVisible()]:
            self.writing.remove(done)
            done.deleteLater()
        if self.writing:
            return  # one export at a time, as a user waits for the dialog
        dialog = ExportEventsDialog(ExportScope.from_window(self.w), self.w.settings, self.w)
        if not dialog.save_button.isEnabled():  # nothing to export: said in the dialog
            dialog.deleteLater()
            return
        dialog.show()
        fmt = self.rng.choice(["csv", "json", "parquet"])
        dialog.save_in_background(self.out / f"soak.{fmt}")
        self.writing.append(dialog)

    def fit(self) -> None:
        self.rng.choice([self.w.fit_all, self.w.timeline.fit_all_events])()


# ---------------------------------------------------------------------- invariants


def check(window: MainWindow, deep: bool) -> list[str]:
    """What is wrong with the window's state now (empty: nothing)."""
    from nkviewer.app.dataset import DatasetCorpus

    s = window.session
    bad: list[str] = []
    sel = list(s.selection)
    hidden = s.store.hidden
    if not s.show_hidden and hidden.intersection(sel):
        bad.append(f"hidden events selected: {sorted(hidden.intersection(sel))[:3]}")
    if isinstance(s.state, DatasetCorpus):
        if s.shown_count() == 0 and sel:
            bad.append(f"{len(sel)} selected while no event passes the filters")
    else:
        ids = s.filtered["event_id"]
        shown = set(ids[ids.isin(sel).to_numpy()].tolist()) if sel else set()
        missing = [e for e in sel if e not in shown]
        if missing:
            bad.append(f"{len(missing)} selected events not shown, e.g. {missing[0]}")
    if s.current and s.current not in sel:
        bad.append(f"current event {s.current} is not selected")
    panel = window.source_panel
    # (a dataset's event not at hand is looked up first: the panel says it reads that one)
    shown_id = str(panel.record["event_id"]) if panel.record is not None else panel.reading_event
    if shown_id != s.current:
        bad.append(f"Source panel shows {shown_id or 'nothing'}, current is {s.current or 'none'}")
    elif s.current:
        rec = s.record(s.current)
        if rec is not None and panel.record is not None and rec["title"] != panel.record["title"]:
            bad.append(f"Source panel title {panel.record['title']!r} is not {rec['title']!r}")
    # one owner: the timeline marks exactly the session's selected events among those it draws
    on_timeline = set(window.timeline.selected_drawn())
    frame = window.timeline.renderer().frame
    drawn = frame["event_id"] if frame is not None else None
    want = set(drawn[drawn.isin(sel).to_numpy()].tolist()) if drawn is not None and sel else set()
    if on_timeline != want:
        bad.append(f"timeline marks {len(on_timeline)} drawn events, session selects {len(want)}")
    stack = s.undo_stack
    if not 0 <= stack.index() <= stack.count() or stack.canUndo() != (stack.index() > 0):
        bad.append(f"undo stack index {stack.index()} of {stack.count()}")
    if deep:
        bad.extend(_independent_filter(window))
    return bad


def _independent_filter(window: MainWindow) -> list[str]:
    """The filtered events equal `EventFilter` answering the same filters on its own."""
    from nkviewer.app.dataset import DatasetCorpus
    from nkviewer.events.filters import EventFilter, note_kind

    s = window.session
    s.settle()  # the filters and edits asked for, not the previous state shown meanwhile
    exclude = () if s.show_hidden else s.store.hidden
    flt = EventFilter.from_state(s.filters, exclude=exclude)
    if isinstance(s.state, DatasetCorpus):
        want = int(s.state.dataset.count(flt if flt.is_active else None))
        got = s.shown_count()
        return [] if want == got else [f"dataset shows {got} events, the filters pass {want}"]
    kind_of: dict[str, str] = {}
    sources: dict[str, str] = {}
    for doc_id, parsed in s.documents.items():
        sources[doc_id] = parsed.document.source
        for ent in parsed.entities:
            note_kind(kind_of, ent.canonical, ent.kind)
    events = s.events
    if not s.show_hidden and len(events):
        events = events[~events["event_id"].isin(list(s.store.hidden))]
    mask = flt.mask(events, kind_of=kind_of, source_of_doc=sources)
    expected = set(events["event_id"][mask].tolist())
    shown = set(s.filtered["event_id"].tolist())
    if expected != shown:
        return [f"filtered table has {len(shown)} events, an independent filter {len(expected)}"]
    return []


# ---------------------------------------------------------------------- the run


def _trace(text: str, head: int = 1200, tail: int = 1500) -> str:
    """A traceback kept short for the report: where it started and where it ended."""
    if len(text) <= head + tail:
        return text
    return f"{text[:head]}\n  …\n{text[-tail:]}"


def run(
    kind: str,
    *,
    seconds: float,
    events: int = 100_000,
    seed: int = 1,
    progress: Callable[[str], None] | None = None,
    with_census: bool = False,
    stacks: bool = True,
    actions: int | None = None,
    gil: bool = False,
    gc_in_checks: bool = False,
) -> Report:
    """Drive one window on one corpus kind for `seconds` (or until it made `actions` actions,
    if given, whichever comes first); the report of what happened.
    With `stacks`, a daemon thread samples the main thread's stack in every turn longer than
    `STALL_MS` (`bench/stallprof.py`): the report says where each stall was spent. With `gil`,
    a `bench.gilwatch.GilWatch` names the thread that held the GIL, and where, during each.
    The collector is off while the soak checks the window's state between actions (their
    objects are the soak's), unless `gc_in_checks`; collections then are counted apart."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    from bench.gilwatch import GilWatch
    from bench.stallprof import StallSampler, TurnProfile, _thread_times
    from nkviewer import heap

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    report = Report(kind)
    rng = random.Random(f"{seed}-{kind}")
    caught: list[str] = []
    old_hook = sys.excepthook

    def hook(etype: type[BaseException], value: BaseException, tb: Any) -> None:
        caught.append(_trace("".join(traceback.format_exception(etype, value, tb))))

    # a failed export is told in a modal message box, which would wait for a click forever
    from nkviewer.qt import export_dialog, export_events_dialog

    warns = (export_dialog.warn, export_events_dialog.warn)

    def told(_parent: object, title: str, text: str) -> None:
        caught.append(f"told the user ({title}): {text}")

    export_dialog.warn = export_events_dialog.warn = told

    with tempfile.TemporaryDirectory(prefix="nkviewer-soak-") as tmp:
        work = Path(tmp)
        os.environ.setdefault("NKVIEWER_CACHE_DIR", str(work / "cache"))
        corpus = Corpus(kind, events, seed, work)
        window = soak_window(work, "settings.ini")
        sys.excepthook = hook
        sampler: StallSampler | None = None
        tally: GcTally | None = None
        watch = GilWatch().start() if gil else None
        main_native = threading.main_thread().native_id

        def sched() -> tuple[float, float]:  # the window's thread: on a CPU, runnable (s)
            return (_thread_times(main_native) or (0.0, 0.0)) if gil else (0.0, 0.0)

        try:
            corpus.open(window, app)
            report.events = window.session.event_count()
            sampler = StallSampler(STALL_MS, STACK_EVERY_MS).start() if stacks else None
            tally = GcTally().install()
            user = User(window, app, rng, work, sampler)
            start = last_sample = last_open = time.monotonic()
            cpu_before = cpu_seconds()
            n = 0
            while time.monotonic() - start < seconds and (actions is None or n < actions):
                now = time.monotonic()
                if now - last_sample >= SAMPLE_EVERY or n == 0:
                    tally.soak_side = True
                    # no collection: one here would walk the whole heap every SAMPLE_EVERY and
                    # free the frozen garbage cycles the window leaves to `nkviewer.heap`; the
                    # objects tracked, garbage included, frozen ones counted without a walk
                    objects = len(gc.get_objects()) + gc.get_freeze_count()
                    report.samples.append((now - start, rss_mb(), objects))
                    cpu_now = cpu_seconds()
                    if n:
                        others = (cpu_now[0] - cpu_before[0]) - (cpu_now[1] - cpu_before[1])
                        report.others.append((now - start, max(0.0, others) / (now - last_sample)))
                    cpu_before = cpu_now
                    report.malloc_free.append((now - start, malloc_free_mb()))
                    report.memory.append({"t": round(now - start), **memory_sample(window)})
                    if with_census:  # every object, frozen or not: thawed, collected
                        with heap.thawed():
                            gc.collect()
                            report.census.append((now - start, census() + qt_census(window)))
                    last_sample = now
                    if progress is not None:
                        where = report.memory[-1]
                        parts = ", ".join(f"{k} {v}" for k, v in where.items() if k != "t")
                        progress(f"{kind}: {now - start:.0f} s, {n} actions, MB: {parts}")
                    tally.soak_side = False
                if now - last_open >= REOPEN_EVERY:
                    action: Callable[[], None] = lambda: corpus.open(window, app, user)  # noqa: E731
                    name = "reopen"
                    last_open = now
                else:
                    action = user.pick()
                    name = action.__name__
                n += 1
                report.actions[name] += 1
                rss_before = rss_mb()
                arenas_before = pymalloc_arenas_mb()
                s0 = sched()
                t0 = time.perf_counter()
                user.longest, user.mark, user.where = None, t0, ""
                user.profiles.clear()
                user.turn_begins()
                try:
                    action()
                except Exception:
                    report.exceptions.append(f"{name}: {_trace(traceback.format_exc())}")
                ended = time.perf_counter()
                s1 = sched()
                user.turn_ends()
                label = name  # the stall's action, with the part of it where one ran long
                span = (t0, ended)  # the longest turn's, roughly when the action ran the loop
                spent = (s0, s1)  # the window's thread's times at its ends
                if user.longest is None:  # the action as one turn
                    turn = (ended - t0) * 1000
                else:  # it ran the loop itself: its longest turn, and where it was
                    if ended - user.mark > user.longest:
                        user.longest, user.where = ended - user.mark, "closing"
                    turn = user.longest * 1000
                    label = f"{name} ({user.where})"
                # idle: let timers (debounces, queued windows) fire, measuring each turn
                idle_until = time.perf_counter() + rng.uniform(0.0, 0.3)
                while True:
                    i0 = sched()
                    t1 = time.perf_counter()
                    user.turn_begins()
                    app.processEvents()
                    # what the running event loop does and processEvents() alone never does:
                    # delete the objects given to deleteLater() (without it every export dialog
                    # the user closed stayed alive, with the events it was given)
                    app.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
                    idle_turn = (time.perf_counter() - t1) * 1000
                    i1 = sched()
                    user.turn_ends()
                    if idle_turn > turn:
                        turn, label = idle_turn, name
                        span, spent = (t1, t1 + idle_turn / 1000), (i0, i1)
                    if t1 >= idle_until:
                        break
                    time.sleep(0.005)
                report.turns_ms.append(turn)
                rise = rss_mb() - rss_before
                grown = pymalloc_arenas_mb() - arenas_before
                report.arena_growth[name] = report.arena_growth.get(name, 0.0) + grown
                if rise > 50:  # an action (with its idle gap) that took memory: which one
                    report.rises.append((rise, time.monotonic() - start, name))
                if turn > STALL_MS:
                    report.stalls.append((turn, label))
                    report.stall_at.append(time.monotonic() - start)
                    if watch is not None:
                        holds = [h.text() for h in watch.within(*span)]
                        wall = (span[1] - span[0]) * 1000
                        cpu = (spent[1][0] - spent[0][0]) * 1000
                        runnable = (spent[1][1] - spent[0][1]) * 1000
                        times = (cpu, runnable, max(0.0, wall - cpu - runnable))
                        report.stall_holds.append((turn, label, times, holds))
                    if sampler is not None:  # the stall's profile: its longest turn sampled
                        longest = max(user.profiles, key=lambda p: p.ms, default=None)
                        if longest is None or longest.ms < 0.9 * turn - 5:  # not this turn
                            longest = TurnProfile.unsampled(turn)
                        report.stall_stacks.append((turn, label, longest))
                for text in caught:
                    report.exceptions.append(f"(in a Qt handler after {name}) {text}")
                caught.clear()
                # the check's own objects (an independent filter: 10^5 per-row token lists)
                # were most of what the window's thread's full collections walked, in soaks
                # at 10^5 in memory: no collection runs while it does (reference counting
                # frees them at its end), so the window's figures are the window's own
                tally.soak_side = True
                if not gc_in_checks:
                    gc.disable()
                try:
                    for problem in check(window, deep=n % DEEP_CHECK_EVERY == 0):
                        report.violations.append(f"after {name} (#{n}): {problem}")
                finally:
                    gc.enable()
                    tally.soak_side = False
            tally.remove()  # (the walks below are the soak's, not the window's)
            if watch is not None:
                report.gil = [{"by_thread": watch.by_thread()}, *watch.summary()]
            report.gc = tally.summary()
            with heap.thawed():
                gc.collect()
                end = time.monotonic() - start
                report.samples.append((end, rss_mb(), len(gc.get_objects())))
                report.malloc_free.append((end, malloc_free_mb()))
                report.memory.append({"t": round(end), **memory_sample(window)})
                if with_census:
                    report.census.append((end, census() + qt_census(window)))
            report.seconds = time.monotonic() - start
        finally:
            if tally is not None:
                tally.remove()
            if sampler is not None:
                sampler.stop()
            if watch is not None:
                watch.stop()
            sys.excepthook = old_hook
            export_dialog.warn, export_events_dialog.warn = warns
            window.session.shutdown()
            window.close()
            window.deleteLater()
            app.processEvents()
    return report


def markdown(reports: list[Report]) -> str:
    rows = [
        "| corpus | events | minutes | actions | exceptions | violations | stalls > 100 ms "
        "(> 1 s) | loop turn median / p95 / max (ms) | RSS first → last (MB) |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in reports:
        s = r.summary()
        rss = s["rss_mb"]
        rows.append(
            f"| {r.kind} | {s['events']:,} | {s['seconds'] / 60:.1f} | {s['actions']:,} | "
            f"{s['exceptions']} | {s['violations']} | {s['stalls_over_100ms']} "
            f"({s['stalls_over_1s']}) | {s['turn_ms_median']} / {s['turn_ms_p95']} / "
            f"{s['turn_ms_max']} | {rss[0][1]} → {rss[-1][1]} |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=2.0, help="per corpus kind")
    ap.add_argument("--kinds", default=",".join(KINDS))
    ap.add_argument("--events", type=int, default=100_000, help="synthetic corpus size")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", type=Path, help="write the full report here")
    ap.add_argument(
        "--stacks",
        action=argparse.BooleanOptionalAction,
        default=True,
        help=f"sample the UI thread's stack during every turn over {STALL_MS:.0f} ms and report "
        f"where the {STALL_STACKS} longest were spent (stall_stacks in the JSON; on by default: "
        "3-minute seeds soaks gave loop turn medians of 5.2 ms with it, 5.7 without)",
    )
    ap.add_argument(
        "--census",
        action="store_true",
        help="count live objects by type at every sample (slow); report the types that grew",
    )
    ap.add_argument(
        "--release",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="hand freed memory back every few seconds, as the `nkviewer` window does "
        "(`memory_tuning.start_releasing`); --no-release to measure without it",
    )
    ap.add_argument(
        "--gil",
        action="store_true",
        help="watch for long GIL holds (bench/gilwatch.py): per stall, which thread held the "
        "GIL and where (stall_holds in the JSON), and every hold by site (gil_holds)",
    )
    ap.add_argument(
        "--gc-in-checks",
        action="store_true",
        help="let the collector run while the soak checks the window's state between actions "
        "(its collections are counted apart all the same); by default it does not: the "
        "checks' own objects were most of what the window's thread's collections walked",
    )
    args = ap.parse_args(argv)
    from nkviewer import heap, memory_tuning

    memory_tuning.tune()  # as the `nkviewer` command does, before any thread starts
    if args.release:  # as the window does
        memory_tuning.start_releasing()
    heap.keep_long_lived()  # as the window does
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    reports = []
    for kind in [k.strip() for k in args.kinds.split(",") if k.strip()]:
        reports.append(
            run(
                kind,
                seconds=args.minutes * 60,
                events=args.events,
                seed=args.seed,
                progress=lambda text: print(text, file=sys.stderr, flush=True),
                with_census=args.census,
                stacks=args.stacks,
                gil=args.gil,
                gc_in_checks=args.gc_in_checks,
            )
        )
        s = reports[-1].summary()
        print(json.dumps({k: s[k] for k in ("kind", "actions", "exceptions", "violations")}))
        for text in s["first_exceptions"] + s["first_violations"]:
            print("  ", text.strip().splitlines()[-1][:300])
        for name, then, now in s["grown_types"]:
            print(f"   grew: {name} {then:,} -> {now:,}")
        if s["burst_types"]:
            burst = s["burst_types"]
            kinds = ", ".join(f"{k} {a:,} -> {b:,}" for k, a, b in burst["types"][:6])
            print(f"   most objects at {burst['t']} s: {kinds}")
        if s["gc"]:
            g = s["gc"]
            print(
                f"   gc: {g['gen2']['count']} full collections, {g['gen2']['total_ms']} ms in all, "
                f"longest {g['gen2']['max_ms']} ms; the window's thread's longest collection "
                f"{g['main_thread_max_ms']} ms ({g['main_gen2_with_callbacks']['max_ms']} ms with "
                f"the freeze); {g['renewals']} renewals "
                f"{g['renewals_by_why']}, {g['unplanned_walks']} unplanned walks"
            )
        growth = list(s["pymalloc_growth_mb"].items())[:8]
        if growth:
            print("   Python's arenas grew after: " + ", ".join(f"{k} {v} MB" for k, v in growth))
        for ms, what, prof in sorted(reports[-1].stall_stacks, key=lambda x: -x[0])[:5]:
            print(f"   stall {ms:.0f} ms after {what}: {prof.text()}")
        for ms, what, times, holds in sorted(reports[-1].stall_holds, key=lambda x: -x[0]):
            cpu, runnable, blocked = times
            print(
                f"   stall {ms:.0f} ms after {what}: window's thread CPU {cpu:.0f}, runnable "
                f"{runnable:.0f}, blocked {blocked:.0f} ms; GIL " + ("; ".join(holds) or "no hold")
            )
        for row in s["gil_holds"][:10]:
            print(f"   GIL holds: {row}")
        if s["others_cores"]:
            cores = [c for _, c in s["others_cores"]]
            print(
                f"   other processes used {statistics.median(cores):.2f} cores (median of the "
                f"{SAMPLE_EVERY:.0f}-s samples), {max(cores):.2f} at most; stalls (s, ms, action, "
                f"their cores then): {s['stall_times']}"
            )
    print(markdown(reports))
    if args.json:
        args.json.write_text(json.dumps([r.summary() for r in reports], indent=1))
    bad = any(r.exceptions or r.violations for r in reports)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
