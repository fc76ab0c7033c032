"""The window thread's CPU time per user action, action by action:
`python -m bench.action_turns --kind memory|dataset [--events 100000] [--times 8]
[--only NAME,...] [--profile NAME] [--json out.json]`.

The real window offscreen at 1600 × 1000 on a synthetic corpus (as `bench/soak.py` opens it),
then each of the soak's actions (`bench.soak.User`, the same random draws for a given seed)
made `--times` times in a fixed order, one kind after another. Each action is timed from its
start until the loop is idle again and the corpus' worker has delivered (a refilter, a sort):
the CPU time the window's thread spent meanwhile (`time.thread_time`, so the time it waited
for a CPU or for the GIL beside busy workers is left out: the figures hold on a loaded
machine) and its longest loop turn (wall time, noisy there). Not a test: figures compared as
ratios of runs made back to back (the same machine, the same load).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
#: Loop turns after an action, until none longer than 2 ms came for this long (s).
SETTLE = 0.08
#: The soak's actions left out: dialogs writing files in the background (their turns are
#: `bench/export_stalls.py`'s) and the group-by change (row packing: `bench/scene_turns.py`).
SKIP = ("export_image", "export_data")


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


class EventCosts:
    """The window thread's CPU per (receiver class, event type), exclusive of events sent
    within (an application event filter that delivers each event itself, timed): where
    Qt's own work (painting, layouts, polish) goes, which cProfile sees as one call."""

    def __init__(self) -> None:
        from PySide6.QtCore import QObject

        self.cost: dict[str, float] = defaultdict(float)
        self.on = False
        self._stack: list[float] = []
        costs = self

        from PySide6.QtCore import QEvent

        E = QEvent.Type
        # input events are left to Qt (delivered here, they would not propagate to parents)
        timed = {
            E.Paint, E.UpdateRequest, E.LayoutRequest, E.Polish, E.PolishRequest,
            E.StyleChange, E.PaletteChange, E.ApplicationPaletteChange, E.Resize, E.Timer,
            E.MetaCall, E.Show, E.Hide, E.FontChange, E.Move, E.ChildAdded, E.ChildRemoved,
            E.ChildPolished, E.ToolTipChange, E.EnabledChange, E.ContentsRectChange,
        }  # fmt: skip

        class Filter(QObject):
            def eventFilter(self, obj: QObject, ev: Any) -> bool:
                if not costs.on or ev.type() not in timed:
                    return False
                stack = costs._stack
                stack.append(0.0)
                t = time.thread_time()
                try:
                    handled = obj.event(ev)
                finally:
                    took = time.thread_time() - t
                    nested = stack.pop()
                    key = f"{type(obj).__name__}:{ev.type().name}"
                    costs.cost[key] += (took - nested) * 1000
                    if stack:
                        stack[-1] += took
                return True if handled is None else bool(handled) or True

        self.filter = Filter()


def measure(
    kind: str,
    events: int,
    times: int,
    only: list[str],
    profile: list[str],
    seed: int = 1,
    qt_costs: bool = False,
) -> dict[str, dict[str, float]]:
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    if str(REPO) not in sys.path:  # (appended: a PYTHONPATH given first is the code timed)
        sys.path.append(str(REPO))
    from bench.soak import Corpus, User, soak_window

    app = QApplication.instance() or QApplication(["action_turns"])
    assert isinstance(app, QApplication)
    work = Path(tempfile.mkdtemp(prefix="nkviewer-action-turns-"))
    os.environ.setdefault("NKVIEWER_CACHE_DIR", str(work / "cache"))
    w = soak_window(work)
    Corpus(kind, events, seed, work).open(w, app)
    session = w.session
    user = User(w, app, random.Random(f"{seed}-{kind}"), work)

    def busy() -> bool:
        el = getattr(w, "event_list", None)
        sorting = bool(el is not None and el.model.sorting)
        return bool(session.loading or session.refiltering or sorting)

    def settle() -> float:
        longest = 0.0
        quiet = time.perf_counter()
        deadline = quiet + 60
        while (time.perf_counter() - quiet < SETTLE or busy()) and time.perf_counter() < deadline:
            time.sleep(0.002)
            t = time.perf_counter()
            app.processEvents()
            app.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
            took = time.perf_counter() - t
            longest = max(longest, took)
            if took > 0.002:
                quiet = time.perf_counter()
        return longest

    settle()
    names = [a.__name__ for _, a in user.actions if a.__name__ not in SKIP]
    if only:
        names = [n for n in names if n in only]
    cpu: dict[str, list[float]] = {}
    wall: dict[str, list[float]] = {}
    profiles: dict[str, cProfile.Profile] = {}
    by_event: dict[str, dict[str, float]] = {}
    costs = EventCosts()
    if qt_costs:
        app.installEventFilter(costs.filter)
    # the kinds interleaved, round by round: each sees the state the others left, as in use
    for _ in range(times):
        for name in names:
            action: Callable[[], None] = getattr(user, name)
            prof = profiles.setdefault(name, cProfile.Profile()) if name in profile else None
            if prof is not None:
                prof.enable()
            costs.cost = by_event.setdefault(name, defaultdict(float))
            costs.on = qt_costs
            c0, t0 = time.thread_time(), time.perf_counter()
            action()
            app.processEvents()
            own = time.perf_counter() - t0
            longest = max(own, settle())
            c1 = time.thread_time()
            costs.on = False
            if prof is not None:
                prof.disable()
            cpu.setdefault(name, []).append((c1 - c0) * 1000)
            wall.setdefault(name, []).append(longest * 1000)
    for name, prof in profiles.items():
        print(f"\n### profile of {name}\n")
        pstats.Stats(prof).sort_stats("cumulative").print_stats(45)
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)
        if os.environ.get("ACTION_TURNS_CALLERS"):
            pstats.Stats(prof).print_callers(os.environ["ACTION_TURNS_CALLERS"])
    for name, cost in by_event.items():
        if cost:
            top = sorted(cost.items(), key=lambda kv: -kv[1])[:12]
            parts = ", ".join(f"{k} {v / times:.1f}" for k, v in top)
            print(f"{name}: Qt events, ms per action: {parts}")
    session.shutdown()
    w.close()
    out: dict[str, dict[str, float]] = {}
    for name in names:
        c = cpu[name]
        out[name] = {
            "cpu_median_ms": round(statistics.median(c), 1),
            "cpu_p95_ms": round(_p95(c), 1),
            "cpu_max_ms": round(max(c), 1),
            "longest_turn_max_ms": round(max(wall[name]), 1),
            "n": len(c),
        }
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kind", default="memory", choices=("memory", "dataset"))
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--times", type=int, default=8, help="each action made so many times")
    ap.add_argument("--only", default="", help="comma-separated action names")
    ap.add_argument("--profile", default="", help="cProfile these actions' runs (a,b,...)")
    ap.add_argument("--qt-costs", action="store_true", help="CPU per Qt event kind too")
    ap.add_argument("--json", default="", help="write the figures here too")
    args = ap.parse_args(argv)
    only = [n for n in args.only.split(",") if n]
    profile = [n for n in args.profile.split(",") if n]
    out = measure(args.kind, args.events, args.times, only, profile, qt_costs=args.qt_costs)
    import nkviewer

    where = Path(nkviewer.__file__).parent.parent
    print(f"{args.kind}, {args.events:,} events, each action {args.times} times ({where})\n")
    print("| action | CPU median ms | CPU p95 ms | CPU max ms | longest turn max ms |")
    print("|---|---:|---:|---:|---:|")
    ranked = sorted(out.items(), key=lambda kv: -kv[1]["cpu_max_ms"])
    for name, s in ranked:
        print(
            f"| {name} | {s['cpu_median_ms']:.1f} | {s['cpu_p95_ms']:.1f} | "
            f"{s['cpu_max_ms']:.1f} | {s['longest_turn_max_ms']:.1f} |"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
