"""How long the window's thread waits while Export Events writes (`python -m bench exports`).

Each data format (CSV, JSON Lines, JSON, Parquet, TimelineJS, HTML) of a synthetic corpus of
`--events` events (10^5 by default, `bench.soak.corpus_frame`) is written in the background job
the Export Events dialog uses (`BackgroundJob(short_gil_turns=True)` running the dialog's own
`_write`), from memory and, with `--dataset`, streamed from a Parquet event dataset
(`bench.dataset_stalls.dataset`; CSV, JSON Lines, JSON and Parquet only: TimelineJS and HTML
take at most `stream.MAX_WHOLE` events from a dataset) as the dialog reads them, its stored
Arrow rows, and with `--decoded` also decoded to Python values (the path before). Meanwhile the
main thread runs a Qt event loop with a timer ticking every `TICK_MS`; each tick's lateness (its
gap to the previous tick beyond `TICK_MS`) is the time the window's thread could not run a turn
— waiting for the interpreter's lock while the writer holds it, or for a long C call that never
lets it go. Reported per format: the longest and the 95th-percentile lateness, how many ticks
were over 100 ms, the longest cyclic-GC pause (any thread; the window's GC policy,
`nkviewer.heap.keep_long_lived`, is on), the worker's CPU time (what it could hold the lock for;
far steadier than the ticks on a loaded machine), the worker's longest GIL hold (a
`bench.gilwatch.GilWatch` sampling every `HOLD_TICK_MS`: its longest wait for the lock while the
export's thread used the CPU, its own time without a CPU left out) and the export's wall time,
next to the same loop idle for the reference.
`--switch-ms` runs the writers under another interpreter switch interval instead of the job's
own (`nkviewer.threads.SHORT_SWITCH_INTERVAL`) to measure what that interval buys.
`--dialog` measures File ▸ Export Image instead: the window's turns while the dialog opens
(its constructor is one turn of the window), shows its first preview, and follows a change
of what it includes and of its lanes (each asks for a new default title and preview), on the
corpus in memory or, with `--dataset`, on a prepared event dataset of `--events` events.
`--copy` measures Edit ▸ Copy Image the same way: the action's turn and the window's turns
until the image is on the clipboard, with `--select` events selected (its figure is theirs).
`--starts` measures what the soak's export actions do (`bench.soak`'s `export_data` and
`export_image`) on a window showing the corpus in memory, `--rounds` times over `--formats`
(data formats: File ▸ Export Events; png, svg, pdf: File ▸ Export Image): the start's turn
(the dialog made and shown, Save asked for) and every later turn of the window until the
file is written and `AFTER_S` beyond (the dialog's outcome, the choices it remembers), each
split by the window thread's schedstat into CPU, runnable (no CPU for it) and blocked (waiting:
a lock, a thread's start, the interpreter's lock, the disk; for the later turns, those of a
`TICK_MS` timer, the wait beyond its period); `--busy` runs a thread busy in
Python meanwhile, as the curate worker is in the soak.
Prints markdown and the machine's load average; not a test.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
#: The main thread's timer period (ms).
TICK_MS = 10
#: How long the idle reference loop runs (s).
IDLE_S = 2.0
#: The GIL watch's period and the shortest wait it records (ms).
HOLD_TICK_MS = 2.0
HOLD_MS = 3.0
MEMORY_FORMATS = ("csv", "jsonl", "json", "parquet", "timelinejs", "html")
IMAGE_FORMATS = ("png", "svg", "pdf")
#: How long `--starts` follows the window's turns after the file is written (s).
AFTER_S = 0.5
DATASET_FORMATS = ("csv", "jsonl", "json", "parquet")


def _tick_until(tick: Callable[[], bool]) -> None:
    """Run an event loop with a `TICK_MS` timer calling `tick` until it returns True."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(lambda: tick() and loop.quit())
    timer.start()
    loop.exec()
    timer.stop()


def ticking(app: Any, until: Callable[[], bool], limit_s: float = 600.0) -> list[float]:
    """Run the event loop with a `TICK_MS` timer until `until()`; the ticks' lateness (ms)."""

    stamps: list[float] = []
    t0 = time.perf_counter()
    GC_PAUSES.clear()

    def tick() -> bool:
        stamps.append(time.perf_counter())
        return until() or stamps[-1] - t0 > limit_s

    _tick_until(tick)
    gaps = [(b - a) * 1000 - TICK_MS for a, b in itertools.pairwise(stamps)]
    return [max(0.0, g) for g in gaps]


#: (ms) of each cyclic-GC collection in any thread while `ticking` runs
GC_PAUSES: list[float] = []
_gc_started = [0.0]


def _gc_timer(phase: str, _info: dict[str, Any]) -> None:
    if phase == "start":
        _gc_started[0] = time.perf_counter()
    else:
        GC_PAUSES.append((time.perf_counter() - _gc_started[0]) * 1000)


def summary(late: list[float]) -> dict[str, float]:
    gc_max = max(GC_PAUSES, default=0.0)
    if not late:
        return {"max": 0.0, "p95": 0.0, "over100": 0, "ticks": 0, "gc_max": gc_max}
    ordered = sorted(late)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return {
        "max": ordered[-1],
        "p95": p95,
        "median": statistics.median(ordered),
        "over100": sum(1 for x in late if x > 100),
        "ticks": len(late),
        "gc_max": gc_max,
    }


def run(
    events: int,
    seed: int,
    use_dataset: bool,
    switch_ms: float | None,
    formats: tuple[str, ...] = MEMORY_FORMATS,
    decoded: bool = False,
    dataset_only: bool = False,
) -> dict[str, Any]:
    sys.path.insert(0, str(REPO))
    from PySide6.QtWidgets import QApplication

    from bench.gilwatch import GilWatch
    from bench.soak import corpus_frame
    from nkviewer import heap, threads
    from nkviewer.qt.background import BackgroundJob
    from nkviewer.qt.export_events_dialog import _write

    if switch_ms is not None:
        threads.SHORT_SWITCH_INTERVAL = switch_ms / 1000
    app = QApplication.instance() or QApplication([])
    heap.keep_long_lived()  # the window's GC policy (`nkviewer.cli.gui`)
    gc.callbacks.append(_gc_timer)
    cases: list[tuple[str, str, Callable[[], Iterator[Any]], str]] = []
    if not dataset_only:
        frame = corpus_frame(events, seed)
        cases += [
            ("memory", fmt, lambda: iter([frame]), "frame")
            for fmt in MEMORY_FORMATS
            if fmt in formats
        ]
    ds: Any = None
    if use_dataset:
        from bench.dataset_stalls import dataset
        from nkviewer.corpus.dataset import EventDataset
        from nkviewer.model.source import DatasetSource
        from nkviewer.qt.export_scope import ExportScope

        ds = EventDataset.open(dataset(events, seed, None))
        # as the dialog reads them (`ExportScope.event_tables`: the stored Arrow rows); with
        # `decoded`, also as it read them before (`event_frames`: decoded to Python values)
        scope = ExportScope(source=DatasetSource(ds, None, background=False))
        if decoded:
            cases += [
                ("dataset (decoded)", fmt, lambda: scope.event_frames("all"), "frames")
                for fmt in DATASET_FORMATS
                if fmt in formats
            ]
        cases += [
            ("dataset", fmt, scope.event_tables, "tables")
            for fmt in DATASET_FORMATS
            if fmt in formats
        ]
    out: dict[str, Any] = {
        "events": events,
        "switch_ms": (switch_ms if switch_ms is not None else threads.SHORT_SWITCH_INTERVAL * 1e3),
        "idle": summary(ticking(app, _after(IDLE_S))),
        "rows": [],
    }
    ending = {"timelinejs": ".timeline.json", "html": ".html"}
    watch = GilWatch(threshold_ms=HOLD_MS, tick_ms=HOLD_TICK_MS).start()
    with tempfile.TemporaryDirectory(prefix="nkviewer-export-stalls-") as tmp:
        for source, fmt, frames, how in cases:
            # the walk of everything a window runs on an idle turn of its own when one is due
            # (`heap.when_walk_due`; the first full collection after `keep_long_lived` is
            # one): without a window it fell in whichever export came next (45-56 ms at 10^5,
            # the Parquet export's after three others), which is not the writer's
            if heap.walk_due() or not heap.renewals():
                heap.renew(why="asked")
            path = Path(tmp) / f"events{ending.get(fmt, '.' + fmt)}"
            job = BackgroundJob("nkviewer-export", short_gil_turns=True)
            done: list[Any] = []
            job.finished.connect(done.append)
            t = time.perf_counter()
            job.start(_timed, _write, frames(), path, fmt, "", how)
            late = ticking(app, lambda d=done: bool(d))  # type: ignore[misc]
            wall = time.perf_counter() - t
            cpu = done[0].result()  # an export that failed fails the bench
            job.shutdown()
            size = path.stat().st_size
            holds = [
                h.ms for h in watch.within(t, t + wall) if h.holder.startswith("nkviewer-export")
            ]
            row = {"source": source, "format": fmt, "wall": wall, "cpu": cpu, "bytes": size}
            row["hold"] = max(holds, default=0.0)
            row.update(summary(late))
            out["rows"].append(row)
            print(_line(row), file=sys.stderr, flush=True)
    watch.stop()
    if ds is not None:
        ds.close()
    out["load"] = os.getloadavg()
    return out


def _window(events: int, seed: int, use_dataset: bool, select: int) -> tuple[Any, Any, Any]:
    """A window showing the corpus (in memory, or the prepared event dataset), settled, with
    `select` events of the visible range selected; the app, the window and its settings."""
    sys.path.insert(0, str(REPO))
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from bench.soak import Corpus
    from nkviewer import heap
    from nkviewer.qt.main_window import MainWindow
    from nkviewer.qt.settings import Settings

    app = QApplication.instance() or QApplication([])
    heap.keep_long_lived()
    ini = Path(tempfile.mkdtemp(prefix="nkviewer-dialog-settings-")) / "settings.ini"
    settings = Settings(QSettings(str(ini), QSettings.Format.IniFormat))
    window = MainWindow(settings=settings)
    window.resize(1400, 900)
    window.show()
    workdir = Path(tempfile.mkdtemp(prefix="nkviewer-dialog-bench-"))
    if use_dataset:  # the dataset `python -m bench stalls` writes (once), opened as a user does
        from bench.dataset_stalls import dataset

        window.session.open([dataset(events, seed, None)])
    else:
        Corpus("memory", events, seed, workdir).open(window, app)
    ticking(app, lambda: not window.session.loading and not window.session.refiltering)
    ticking(app, _after(3.0))  # the first frames, the dataset's first window
    if select:  # `select` events of the visible range selected, as a rubber band leaves them
        from nkviewer.model.source import DatasetSource

        drawn = window.session.timeline_source()
        t0, t1 = window.timeline.visible_range()
        if isinstance(drawn, DatasetSource):
            shown = drawn.events_in(t0, t1, limit=select)
        else:
            f = window.session.filtered
            shown = f[(f["t1"] > t0) & (f["t0"] < t1)].head(select)
        window.timeline.set_selection(shown["event_id"].tolist())
    return app, window, settings


def copy_run(events: int, seed: int, use_dataset: bool, rounds: int, select: int) -> dict[str, Any]:
    """Edit ▸ Copy Image, `rounds` times, on a window with `select` events selected: the
    turn of the action (wall and the window thread's CPU time) and the longest turn of the
    window until the image is on the clipboard."""
    from PySide6.QtGui import QGuiApplication

    app, window, _settings = _window(events, seed, use_dataset, select)
    clipboard = QGuiApplication.clipboard()
    rows: dict[str, list[float]] = {"action": [], "action_cpu": [], "until_copied": []}
    for _ in range(rounds):
        clipboard.clear()
        cpu = time.thread_time()
        rows["action"].append(_turn_ms(window.copy_image_act.trigger))
        rows["action_cpu"].append((time.thread_time() - cpu) * 1000)
        after = ticking(app, lambda: not clipboard.image().isNull())
        rows["until_copied"].append(max([rows["action"][-1], *after]))
        ticking(app, _after(0.3))
    window.close()
    load = os.getloadavg()
    return {"events": events, "dataset": use_dataset, "select": select, "rows": rows, "load": load}


def dialog_run(
    events: int, seed: int, use_dataset: bool, rounds: int, select: int = 0
) -> dict[str, Any]:
    """The window's turns while File ▸ Export Image opens on a window showing the corpus and
    follows two changes (see the module docstring), for each of `rounds` dialogs."""
    from nkviewer.qt.export_dialog import ExportImageDialog
    from nkviewer.qt.export_scope import ExportScope

    app, window, settings = _window(events, seed, use_dataset, select)
    rows: dict[str, list[float]] = {
        "open": [],
        "open_cpu": [],
        "preview": [],
        "scope": [],
        "lanes": [],
    }
    for _ in range(rounds):
        scope = ExportScope.from_window(window)
        dialog: Any = None

        def open_dialog(s: Any = scope) -> None:
            nonlocal dialog
            dialog = ExportImageDialog(s, settings, window)
            dialog.show()

        cpu = time.thread_time()
        rows["open"].append(_turn_ms(open_dialog))
        rows["open_cpu"].append((time.thread_time() - cpu) * 1000)
        rows["preview"].append(max(ticking(app, lambda d=dialog: not d.preview_pending()) or [0]))
        form = dialog.form
        # a click is one turn of the window: its handler's time, then the turns that follow
        clicked = _turn_ms(lambda f=form: f.scope_group.button(2).setChecked(True))  # whole
        after = ticking(app, lambda d=dialog: not d.preview_pending())
        rows["scope"].append(max([clicked, *after]))
        combo = form.group_combo
        clicked = _turn_ms(lambda c=combo: c.setCurrentIndex(c.findData("source")))
        after = ticking(app, lambda d=dialog: not d.preview_pending())
        rows["lanes"].append(max([clicked, *after]))
        dialog.done(0)
        dialog.deleteLater()
        ticking(app, _after(0.3))
    window.close()
    load = os.getloadavg()
    return {"events": events, "dataset": use_dataset, "select": select, "rows": rows, "load": load}


def _schedstat() -> tuple[float, float]:
    """The calling thread's (ms on a CPU, ms runnable waiting for one)."""
    with open(f"/proc/self/task/{threading.get_native_id()}/schedstat", "rb") as f:
        run, wait = f.read().split()[:2]
    return int(run) / 1e6, int(wait) / 1e6


class _Turns:
    """The window thread's turns, each (wall, CPU, runnable, blocked) ms, from a `TICK_MS`
    timer's ticks (a turn: from one tick to the next) or from `one` (a call)."""

    def __init__(self) -> None:
        self.last = (time.perf_counter(), *_schedstat())

    def mark(self) -> tuple[float, float, float, float]:
        now, (cpu, runq) = time.perf_counter(), _schedstat()
        t, c, q = self.last
        self.last = (now, cpu, runq)
        wall, used, waited = (now - t) * 1000, cpu - c, runq - q
        return wall, used, waited, max(0.0, wall - used - waited)


def starts_run(
    events: int, seed: int, rounds: int, formats: tuple[str, ...], busy: bool, select: int = 0
) -> dict[str, Any]:
    """The soak's export actions, `rounds` times (see the module docstring)."""
    from PySide6.QtCore import Qt

    from nkviewer.qt.export_dialog import ExportImageDialog
    from nkviewer.qt.export_events_dialog import ExportEventsDialog
    from nkviewer.qt.export_scope import ExportScope

    app, window, settings = _window(events, seed, False, select)
    out = Path(tempfile.mkdtemp(prefix="nkviewer-export-starts-"))
    stop = threading.Event()

    def spin() -> None:  # pure Python, as a filter's curate worker in the soak
        while not stop.is_set():
            sum(i * i for i in range(20_000))

    if busy:
        threading.Thread(target=spin, name="busy", daemon=True).start()
    rows: list[dict[str, Any]] = []
    for r in range(rounds):
        fmt = formats[r % len(formats)]
        turns = _Turns()
        if fmt in IMAGE_FORMATS:  # as the soak: the dialog, its preview, then Save
            dialog: Any = ExportImageDialog(ExportScope.from_window(window), settings, window)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.form.format_combo.setCurrentIndex(dialog.form.format_combo.findData(fmt))
            dialog.show()
            opened = turns.mark()
            ticking(app, lambda d=dialog: not d.preview_pending())
            turns = _Turns()
        else:
            dialog = ExportEventsDialog(ExportScope.from_window(window), settings, window)
            dialog.show()
        dialog.save_in_background(out / f"events.{fmt}")
        start = turns.mark()
        if fmt in IMAGE_FORMATS:
            start = tuple(a + b for a, b in zip(start, opened, strict=True))  # type: ignore[assignment]
        later = _follow(dialog, turns)
        dialog.close()
        dialog.deleteLater()
        worst = max(later, key=lambda x: x[0])
        rows.append(
            {
                "format": fmt,
                "start": start,
                "longest": worst,
                "blocked": sum(x[3] for x in later),
                "turns": len(later),
            }
        )
        print(_start_line(rows[-1]), file=sys.stderr, flush=True)
        ticking(app, _after(0.3))
    stop.set()
    window.close()
    return {
        "events": events,
        "busy": busy,
        "select": select,
        "rows": rows,
        "load": os.getloadavg(),
    }


def _follow(dialog: Any, turns: _Turns) -> list[tuple[float, float, float, float]]:
    """The window's turns until `dialog`'s file is written and `AFTER_S` beyond."""

    later: list[tuple[float, float, float, float]] = []
    end: list[float] = []

    def tick() -> bool:  # a turn's wait beyond the timer's period is the window's
        wall, cpu, runnable, _blocked = turns.mark()
        later.append((wall, cpu, runnable, max(0.0, wall - TICK_MS - cpu - runnable)))
        if not dialog.job.busy and not end:
            end.append(time.perf_counter() + AFTER_S)
        return bool(end) and time.perf_counter() >= end[0]

    _tick_until(tick)
    return later


def _start_line(row: dict[str, Any]) -> str:
    s, w = row["start"], row["longest"]
    return (
        f"| {row['format']} | {s[0]:.1f} | {s[1]:.1f} | {s[2]:.1f} | {s[3]:.1f} | "
        f"{w[0]:.1f} | {w[1]:.1f} | {w[3]:.1f} | {row['blocked']:.0f} |"
    )


def starts_markdown(r: dict[str, Any]) -> str:
    rows = r["rows"]

    def median(i: int, key: str) -> float:
        return statistics.median(row[key][i] for row in rows)

    lines = [
        f"Export starts at {r['events']:,} events in memory ({r['select']:,} selected; "
        f"{len(rows)} rounds"
        f"{', a thread busy in Python meanwhile' if r['busy'] else ''}; load average "
        f"{', '.join(f'{x:.1f}' for x in r['load'])})",
        "",
        "| format | start wall | start CPU | start runnable | start blocked "
        "| longest later turn | its CPU | its blocked "
        "| later turns' blocked beyond the tick, in all (ms) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        *(_start_line(row) for row in rows),
        f"| median | {median(0, 'start'):.1f} | {median(1, 'start'):.1f} | "
        f"{median(2, 'start'):.1f} | {median(3, 'start'):.1f} | {median(0, 'longest'):.1f} | "
        f"{median(1, 'longest'):.1f} | {median(3, 'longest'):.1f} | "
        f"{statistics.median(row['blocked'] for row in rows):.0f} |",
    ]
    return "\n".join(lines)


def _turn_ms(fn: Callable[[], None]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def dialog_markdown(r: dict[str, Any]) -> str:
    what = {
        "open": "constructor + show",
        "open_cpu": "constructor + show, the window thread's CPU time",
        "preview": "until the first preview",
        "scope": "whole timeline chosen",
        "lanes": "lanes by source",
    }
    return _rounds_markdown("Export Image", "longest window turn (ms)", what, r, "{:.0f}")


def copy_markdown(r: dict[str, Any]) -> str:
    what = {
        "action": "the action's turn",
        "action_cpu": "the action's turn, the window thread's CPU time",
        "until_copied": "longest window turn until the image is on the clipboard",
    }
    return _rounds_markdown("Edit ▸ Copy Image", "ms", what, r, "{:.1f}")


def _rounds_markdown(
    action: str, unit: str, what: dict[str, str], r: dict[str, Any], fmt: str
) -> str:
    """A table of `r`'s rows (`what` names them), one value per round."""
    where = "event dataset" if r["dataset"] else "corpus in memory"
    lines = [
        f"{action} at {r['events']:,} events ({where}, {r['select']:,} selected; load average "
        f"{', '.join(f'{x:.1f}' for x in r['load'])})",
        "",
        f"| step | {unit}, each round |",
        "|---|---|",
    ]
    for key, values in r["rows"].items():
        lines.append(f"| {what[key]} | {', '.join(fmt.format(v) for v in values)} |")
    return "\n".join(lines)


def _timed(fn: Callable[..., Any], *args: Any) -> float:
    """`fn(*args)` in the worker; its thread's CPU time (s): what it could hold the lock for."""
    start = time.thread_time()
    fn(*args)
    return time.thread_time() - start


def _after(seconds: float) -> Callable[[], bool]:
    end = time.perf_counter() + seconds
    return lambda: time.perf_counter() >= end


def _line(row: dict[str, Any]) -> str:
    return (
        f"| {row['source']} | {row['format']} | {row['max']:.0f} | {row['p95']:.1f} | "
        f"{row['over100']} | {row['gc_max']:.0f} | {row['cpu']:.2f} | {row['hold']:.0f} | "
        f"{row['wall']:.2f} | {row['bytes'] / 1e6:.1f} |"
    )


def markdown(r: dict[str, Any]) -> str:
    idle = r["idle"]
    lines = [
        f"{r['events']:,} events; switch interval while writing {r['switch_ms']:g} ms; "
        f"idle loop: longest {idle['max']:.1f} ms, p95 {idle['p95']:.1f} ms "
        f"(load average {', '.join(f'{x:.1f}' for x in r['load'])})",
        "",
        "| source | format | longest late tick (ms) | p95 (ms) | ticks > 100 ms "
        "| longest GC pause (ms) | worker CPU (s) | worker's longest GIL hold (ms) | wall (s) "
        "| MB |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [_line(row) for row in r["rows"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dataset", action="store_true", help="also stream from a dataset")
    parser.add_argument(
        "--decoded",
        action="store_true",
        help="with --dataset, also as the events decoded to Python values (the path before)",
    )
    parser.add_argument(
        "--dataset-only", action="store_true", help="with --dataset, no export from memory"
    )
    parser.add_argument("--switch-ms", type=float, default=None)
    parser.add_argument("--formats", default="", help="comma-separated; default: all")
    parser.add_argument("--dialog", action="store_true", help="File ▸ Export Image instead")
    parser.add_argument("--copy", action="store_true", help="Edit ▸ Copy Image instead")
    parser.add_argument("--rounds", type=int, default=3, help="dialogs opened or copies made")
    parser.add_argument(
        "--select", type=int, default=0, help="events selected (--dialog, --copy, --starts)"
    )
    parser.add_argument(
        "--starts", action="store_true", help="the soak's export actions, turn by turn"
    )
    parser.add_argument("--busy", action="store_true", help="with --starts: a busy thread")
    args = parser.parse_args(argv)
    if args.starts:
        fmts = tuple(args.formats.split(",")) if args.formats else ("csv", "json", "parquet")
        r = starts_run(args.events, args.seed, args.rounds, fmts, args.busy, args.select)
        print(starts_markdown(r))
        return 0
    if args.copy:
        r = copy_run(args.events, args.seed, args.dataset, args.rounds, args.select)
        print(copy_markdown(r))
        return 0
    if args.dialog:
        print(
            dialog_markdown(
                dialog_run(args.events, args.seed, args.dataset, args.rounds, args.select)
            )
        )
        return 0
    formats = tuple(args.formats.split(",")) if args.formats else MEMORY_FORMATS
    r = run(
        args.events,
        args.seed,
        args.dataset,
        args.switch_ms,
        formats,
        decoded=args.decoded,
        dataset_only=args.dataset_only,
    )
    print(markdown(r))
    return 0


if __name__ == "__main__":
    sys.exit(main())
