"""The window's longest turns around the event list at 100,000 events in memory:
`python -m bench.table_turns [--events 100000] [--rounds 6] [--busy] [--shown 2000]`.

Offscreen at 1600 × 1000, the real window on a synthetic table (as `bench/soak.py` opens it),
each action timed as the soak times it: the action's own turn and the loop's turns after it
until it is idle, the longest of them. The actions are those whose turns issue 13 found long:

- `band`: a rubber band over a view of some 2,000 events (about 1,900 selected, scattered
  over the list sorted by date), each band replacing the last one's selection (`--shown`:
  a view of as many events instead);
- `arrow after band`: ← / → (the previous or next event) while a band's selection is shown;
- `arrow`: ← / → with one event selected;
- `reset`: the list given another corpus's table (a reopen), with a band's selection, sorted
  by date and by title;
- `hide`: 30 scattered events hidden and shown again while a band's selection is shown (the
  list changes row by row; the refilter runs in the corpus' worker);
- `progress`: one tick of the status bar's loading progress while the window is shown.

With `--busy`, a thread runs pure Python meanwhile (as the window's workers do: each call into
Qt gives the GIL up and waits to get it back). Not a test: figures for the README, compared as
ratios of runs made in the same conditions (the same machine, the same load).
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import os
import pstats
import random
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
#: Loop turns after an action, until none came for this long (s): the action is over.
SETTLE = 0.05


class Driver:
    """The window, and the loop turns of one action timed."""

    def __init__(self, events: int) -> None:
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication

        if str(REPO) not in sys.path:  # (appended: a PYTHONPATH given first is the code timed)
            sys.path.append(str(REPO))
        from bench.soak import Corpus
        from nkviewer.qt.main_window import MainWindow
        from nkviewer.qt.settings import Settings

        self.app = QApplication.instance() or QApplication(["table_turns"])
        self.work = Path(tempfile.mkdtemp(prefix="nkviewer-table-turns-"))
        os.environ.setdefault("NKVIEWER_CACHE_DIR", str(self.work / "cache"))
        settings = Settings(QSettings(str(self.work / "s.ini"), QSettings.Format.IniFormat))
        self.w = MainWindow(settings=settings)
        self.w.resize(1600, 1000)
        self.w.show()
        self.corpus = Corpus("memory", events, 1, self.work)
        self.corpus.open(self.w, self.app)
        self.idle(0.3)
        self.profile: cProfile.Profile | None = None
        self.cpu_ms = 0.0

    def idle(self, seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            self.app.processEvents()
            time.sleep(0.005)

    def turn(self, action: Callable[[], object], done: Callable[[], bool] | None = None) -> float:
        """ms of the longest loop turn of `action` (its own, then the loop's until it is idle
        and `done()`)."""
        if self.profile is not None:
            self.profile.enable()
        try:
            return self._turn(action, done)
        finally:
            if self.profile is not None:
                self.profile.disable()

    def _turn(self, action: Callable[[], object], done: Callable[[], bool] | None) -> float:
        cpu = time.thread_time()
        try:
            return self._turns(action, done)
        finally:
            self.cpu_ms = (time.thread_time() - cpu) * 1000

    def _turns(self, action: Callable[[], object], done: Callable[[], bool] | None) -> float:
        t = time.perf_counter()
        action()
        self.app.processEvents()
        longest = time.perf_counter() - t
        quiet = time.perf_counter()
        while time.perf_counter() - quiet < SETTLE or (done is not None and not done()):
            time.sleep(0.002)
            t = time.perf_counter()
            self.app.processEvents()
            took = time.perf_counter() - t
            longest = max(longest, took)
            if took > 0.002:
                quiet = time.perf_counter()
            if time.perf_counter() - quiet > 30:
                break
        return longest * 1000

    # -- the timeline's input, as the soak sends it
    def _mouse(self, kind: Any, pos: Any, button: Any, buttons: Any, mods: Any) -> None:
        from PySide6.QtGui import QMouseEvent

        tv = self.w.timeline
        self.app.sendEvent(tv, QMouseEvent(kind, pos, tv.mapToGlobal(pos), button, buttons, mods))

    def band(self, x0: float, x1: float) -> None:
        """Shift-drag a rubber band over the plot from `x0` to `x1` (fractions of its width)."""
        from PySide6.QtCore import QEvent, QPointF, Qt

        tv = self.w.timeline
        plot = tv.renderer().geometry(tv.width(), tv.height()).plot
        a = QPointF(plot.left() + x0 * plot.width(), plot.top() + 2)
        b = QPointF(plot.left() + x1 * plot.width(), plot.bottom() - 2)
        left, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier
        self._mouse(QEvent.Type.MouseButtonPress, a, left, left, mods)
        for k in range(1, 6):
            p = QPointF(a.x() + (b.x() - a.x()) * k / 5, a.y() + (b.y() - a.y()) * k / 5)
            self._mouse(QEvent.Type.MouseMove, p, Qt.MouseButton.NoButton, left, mods)
        self._mouse(QEvent.Type.MouseButtonRelease, b, left, Qt.MouseButton.NoButton, mods)

    def key(self, key: Any) -> None:
        from PySide6.QtCore import QEvent, Qt
        from PySide6.QtGui import QKeyEvent

        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            self.app.sendEvent(
                self.w.timeline, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier)
            )

    def show_events(self, n: int) -> None:
        """The timeline zoomed to the `n` events around the middle of the table."""
        import numpy as np

        tv = self.w.timeline
        t0 = np.sort(self.w.session.filtered["t0"].to_numpy())
        i = len(t0) // 2
        a, b = float(t0[max(0, i - n // 2)]), float(t0[min(len(t0) - 1, i + n // 2)])
        vp = dataclasses.replace(tv.viewport(), t0=a, t1=b)
        tv.apply_viewport(vp)
        self.idle(0.2)


def _busy(stop: threading.Event) -> None:
    while not stop.is_set():
        x = 0
        for i in range(1000):
            x += i * i


def measure(
    events: int, rounds: int, busy: bool, profile: str = "", shown: int = 2000
) -> dict[str, list[float]]:
    from PySide6.QtCore import Qt

    d = Driver(events)
    session, el = d.w.session, d.w.event_list
    out: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}  # the window thread's CPU time over each action's turns

    profiles: dict[str, cProfile.Profile] = {}

    def timed(
        name: str, action: Callable[[], object], done: Callable[[], bool] | None = None
    ) -> None:
        """Time `action` as `name` (profiled, when asked for)."""
        if profile and name.startswith(profile):
            d.profile = profiles.setdefault(name, cProfile.Profile())
        out.setdefault(name, []).append(d.turn(action, done))
        cpu.setdefault(name, []).append(d.cpu_ms)
        d.profile = None

    stop = threading.Event()
    if busy:
        threading.Thread(target=_busy, args=(stop,), daemon=True).start()
    try:
        d.show_events(shown)
        bands = [(0.02, 0.98), (0.05, 0.95)]
        for k in range(rounds):
            timed("band", lambda k=k: d.band(*bands[k % 2]))
        sizes = len(session.selection)
        for k in range(rounds):
            d.band(*bands[k % 2])
            d.idle(0.05)
            key = Qt.Key.Key_Right if k % 2 else Qt.Key.Key_Left
            timed("arrow after band", lambda key=key: d.key(key))
        for k in range(rounds):
            key = Qt.Key.Key_Right if k % 2 else Qt.Key.Key_Left
            timed("arrow", lambda key=key: d.key(key))
        frame = session.view_events
        for column in (0, 1):
            el.view.sortByColumn(column, Qt.SortOrder.AscendingOrder)
            d.turn(lambda: None, done=lambda: not el.model.sorting)
            for k in range(rounds):
                d.band(*bands[k % 2])
                d.idle(0.05)
                other = frame.copy()  # another corpus's table: the list is reset

                def reset(other: Any = other) -> None:
                    el._new_corpus = True
                    el.model.set_frame(other, rowwise=False)
                    el._on_session_selection(session.selection)

                name = f"reset by {'date' if column == 0 else 'title'}"
                timed(name, reset, done=lambda: not el.model.sorting)
        el.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        d.turn(lambda: None, done=lambda: not el.model.sorting)
        rng = random.Random(5)
        ids = session.filtered["event_id"].tolist()
        for k in range(rounds):
            d.band(*bands[k % 2])
            d.idle(0.05)
            victims = rng.sample(ids, 30)
            refiltered = lambda: not session.refiltering  # noqa: E731
            timed("hide", lambda v=victims: session.hide(v), refiltered)
            timed("hide", lambda v=victims: session.hide(v, False), refiltered)
        progress = d.w.progress
        progress.set_loading(True)
        from nkviewer.corpus.progress import LoadUpdate

        for k in range(rounds * 4):
            u = LoadUpdate("parsing", done=k + 1, total=rounds * 4 + 1)
            d.w.timeline.update()  # the window has something to paint, as while loading
            timed("progress", lambda u=u: progress.update_progress(u))
        progress.set_loading(False)
        out["_selected"] = [float(sizes)]
    finally:
        stop.set()
    for name, prof in profiles.items():
        print(f"\n### profile of {name}\n")
        pstats.Stats(prof).sort_stats("cumulative").print_stats(40)
    return {**out, **{f"{k} (cpu)": v for k, v in cpu.items()}}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--busy", action="store_true", help="a thread busy in Python meanwhile")
    ap.add_argument("--profile", default="", help="profile the actions whose name starts so")
    ap.add_argument("--shown", type=int, default=2000, help="events in view for the bands")
    args = ap.parse_args(argv)
    out = measure(args.events, args.rounds, args.busy, args.profile, args.shown)
    selected = int(out.pop("_selected")[0])
    import nkviewer

    where = Path(nkviewer.__file__).parent.parent
    print(f"{args.events:,} events, a band selects {selected:,}; busy thread: {args.busy}")
    print(f"(nkviewer from {where})\n")
    print("| action | longest turn: median ms | max ms | window thread CPU: median ms |")
    print("|---|---:|---:|---:|")
    for name, ms in out.items():
        if name.endswith(" (cpu)"):
            continue
        cpu = statistics.median(out[f"{name} (cpu)"])
        print(f"| {name} | {statistics.median(ms):.1f} | {max(ms):.1f} | {cpu:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
