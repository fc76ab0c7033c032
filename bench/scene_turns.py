"""The window's CPU in the timeline's frames, by action: `python -m bench.scene_turns
[--events 100000] [--actions 400] [--seed 1] [--dataset] [--json out.json]`.

Offscreen, a `TimelineRenderer` paints the soak's synthetic corpus (8 years) at 1600 × 900 as
the window's timeline does, after each of a seeded random series of actions: wheel zoom (a
factor 1.25-4 around a point, views 2 days to 2 years wide: where glyphs and labels are drawn
rather than density), pan (10-60 % of the view), a date edit (one event moved by 1-40
days), hide (1-30 events gone), a filter (the soak's date limits, or half the events, or
one lane's), Clear Filters (the whole table again), a group-by change. What the window's
worker makes of a new table (`model.timeline.prepare`: its lanes, reusing those an edit left
alone) is made before the frame, untimed, as the window does it in a worker. With
`--dataset`, the table is written as an event dataset and drawn from a `DatasetSource`, each
view's window of events fetched (untimed) before its frame, as the window's fetching thread
does; edits and filters are then not exercised (a dataset is edited through its own store).

Each frame's thread CPU (`time.thread_time`) is split among the parts of the scene that cost
(rows packed for labels, label widths, label placement, the glyph and label drawing) and
reported per action as median / max ms; the frame's CPU is what the window's thread spends in
the paint of that action (calls on other threads, the dataset's fetching thread, are not
counted); the last column is the thread CPU of the worker's `prepare` for that action, not part
of the frame. Not a test: figures for the README, compared as ratios of runs made
back to back. `--hashes FILE` writes a hash of every painted frame, one a line, to tell that
a change to the drawing code paints the same pixels (`cmp` two runs' files); `--png DIR`
saves the frames of the first `--png-count` actions to look at.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np

REPO = Path(__file__).resolve().parent.parent
W, H = 1600, 900
#: The parts of a frame timed on their own (module, attribute): nested calls count once.
PARTS = (
    ("nkviewer.model.scene", "build_scene"),
    ("nkviewer.model.timeline", "TimelineModel.rows"),
    ("nkviewer.model.timeline", "pack_labelled"),
    ("nkviewer.model.lanes", "LabelledFit.extend"),
    ("nkviewer.model.timeline", "pack_greedy"),  # (where older versions called it)
    ("nkviewer.model.lanes", "pack_greedy"),
    ("nkviewer.render.timeline", "TimelineRenderer.text_widths"),
    ("nkviewer.model.timeline", "TextColumn.take"),
    ("nkviewer.model.advances", "AdvanceTable.widths"),
    ("nkviewer.render.timeline", "TimelineRenderer.badge_widths"),
    ("nkviewer.model.scene", "place_labels"),
    ("nkviewer.model.scene", "into_free_rows"),
    ("nkviewer.model.scene", "next_in_row"),
    ("nkviewer.render.layers", "draw_glyphs"),
    ("nkviewer.render.layers", "draw_labels"),
)
#: Not the window's: the thread CPU of `prepare` (the window's worker) before the frame.
WORKER = "prepare (worker)"


class Clock:
    """Thread CPU per part of the frames painted while `action` is set."""

    def __init__(self) -> None:
        self.action = ""
        self.thread = threading.get_ident()  # the window's: workers' calls are not counted
        self.spent: dict[str, float] = defaultdict(float)
        self._busy: set[str] = set()
        self._undo: list[Callable[[], None]] = []

    @contextmanager
    def installed(self) -> Iterator[Clock]:
        import importlib

        for module_name, attr in PARTS:
            module = importlib.import_module(module_name)
            owner: Any = module
            *path, name = attr.split(".")
            for p in path:
                owner = getattr(owner, p, None)
            if owner is not None and hasattr(owner, name):  # (parts of other versions: none)
                self._wrap(owner, name)
        # the renderer calls build_scene by the name it imported
        import nkviewer.model.scene as scene
        import nkviewer.render.timeline as rt

        old = rt.build_scene
        rt.build_scene = scene.build_scene  # type: ignore[assignment]
        self._undo.append(lambda: setattr(rt, "build_scene", old))
        try:
            yield self
        finally:
            for undo in reversed(self._undo):
                undo()

    def _wrap(self, owner: Any, name: str) -> None:
        original = getattr(owner, name)
        part = name

        def timed(*args: Any, **kwargs: Any) -> Any:
            if part in self._busy or threading.get_ident() != self.thread:
                return original(*args, **kwargs)
            self._busy.add(part)
            t = time.thread_time()
            try:
                return original(*args, **kwargs)
            finally:
                self.spent[part] += (time.thread_time() - t) * 1000
                self._busy.discard(part)

        setattr(owner, name, timed)
        self._undo.append(lambda: setattr(owner, name, original))


class Bench:
    def __init__(self, events: int, seed: int, dataset: bool) -> None:
        from PySide6.QtGui import QImage
        from PySide6.QtWidgets import QApplication

        if str(REPO) not in sys.path:  # (appended: a PYTHONPATH given first is the code timed)
            sys.path.append(str(REPO))
        from bench.soak import corpus_frame
        from nkviewer.render.timeline import RenderOptions, TimelineRenderer

        self.app = QApplication.instance() or QApplication(["scene_turns"])
        self.rng = random.Random(seed)
        self.full = corpus_frame(events, seed)
        self.frame = self.full
        self.renderer = TimelineRenderer(RenderOptions(interactive=True, edge_counts=True))
        self.image = QImage(W, H, QImage.Format.Format_ARGB32_Premultiplied)
        self.source: Any = None
        self.dataset = dataset
        self.group_by = "country"
        #: thread CPU of what the window's worker made of new tables (`prepare`) since asked
        self.worker_ms = 0.0
        self.clock: Clock | None = None
        #: a hash of each frame painted (`--hashes`), and where to save frames (`--png`)
        self.hashes: list[str] | None = None
        self.png: Path | None = None
        self.png_count = 0
        if dataset:
            from nkviewer.corpus.dataset import EventDataset
            from nkviewer.corpus.dataset_store import write_frame_dataset
            from nkviewer.model.source import DatasetSource

            work = Path(tempfile.mkdtemp(prefix="nkviewer-scene-turns-"))
            os.environ.setdefault("NKVIEWER_CACHE_DIR", str(work / "cache"))
            path = write_frame_dataset(self.full, work / "dataset")
            self.source = DatasetSource(EventDataset.open(path))
            self.renderer.set_source(self.source)
        else:
            self._show(self.full)
        a, b = self.renderer.fit_range(W)
        self.t0 = a + (b - a) * 0.6  # two months in the busy years: glyphs, not density
        self.t1 = self.t0 + 61.0

    def _show(self, frame: Any) -> None:
        """Give the renderer a new table with its model made beforehand (the window's worker)."""
        from nkviewer.model.timeline import prepare

        r = self.renderer
        previous = [r.model] if r.frame is not None and len(r.frame) else []
        t = time.thread_time()
        prepared = prepare(frame, (self.group_by,), previous=previous) if len(frame) else None
        self.worker_ms += (time.thread_time() - t) * 1000
        self.frame = frame
        r.set_frame(frame, prepared=prepared)

    def paint(self) -> float:
        from PySide6.QtGui import QColor, QPainter

        r = self.renderer
        if self.source is not None:  # the view's window, fetched as the fetching thread does
            r.sync_window(W, H, self.t0, self.t1)
            self.source.wait()
            r.sync_window(W, H, self.t0, self.t1)
            r.model  # noqa: B018 - made by the fetching thread in the window, not timed
        if self.clock is not None:  # parts of the frame only, not of the fetch before it
            self.clock.spent.clear()
        self.image.fill(QColor("white"))
        p = QPainter(self.image)
        p.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        t = time.thread_time()
        r.paint(p, W, H, self.t0, self.t1)
        ms = (time.thread_time() - t) * 1000
        p.end()
        if self.hashes is not None:
            self.hashes.append(hashlib.sha1(bytes(self.image.constBits())).hexdigest())
        if self.png is not None and len(self.hashes or ()) <= self.png_count:
            self.image.save(str(self.png / f"frame-{len(self.hashes or ()):04d}.png"))
        return ms

    # -- actions: each changes the view or the table; the frame after it is timed
    def zoom(self) -> None:
        f = self.rng.uniform(1.25, 4.0)
        f = f if self.rng.random() < 0.5 else 1 / f
        at = self.rng.uniform(self.t0, self.t1)
        span = min(max((self.t1 - self.t0) * f, 2.0), 2 * 365.0)
        frac = (at - self.t0) / (self.t1 - self.t0)
        self.t0 = at - frac * span
        self.t1 = self.t0 + span

    def pan(self) -> None:
        d = (self.t1 - self.t0) * self.rng.uniform(0.1, 0.6) * self.rng.choice((-1, 1))
        self.t0, self.t1 = self.t0 + d, self.t1 + d

    def edit_date(self) -> None:
        from nkviewer.events.table import sort_frame

        frame = self.frame.copy()
        i = self.rng.randrange(len(frame))
        d = self.rng.randint(1, 40) * self.rng.choice((-1, 1))
        frame.loc[i, "t0"] += d
        frame.loc[i, "t1"] += d
        self._show(sort_frame(frame).reset_index(drop=True))

    def hide(self) -> None:
        drop = [self.rng.randrange(len(self.frame)) for _ in range(self.rng.randint(1, 30))]
        self._show(self.frame.drop(index=drop).reset_index(drop=True))

    def filter(self) -> None:
        f = self.full
        choice = self.rng.random()
        if choice < 0.5:  # the soak's date limits: a year-month to the end of a later year
            year = self.rng.randint(2017, 2024)
            a = np.datetime64(f"{year}-{self.rng.randint(1, 12):02d}-01")
            b = np.datetime64(f"{year + self.rng.randint(0, 3) + 1}-01-01")
            lo = float(a.astype("datetime64[D]").astype(np.int64))
            hi = float(b.astype("datetime64[D]").astype(np.int64))
            keep = (f["t1"] >= lo) & (f["t0"] < hi)
        elif choice < 0.8:  # a facet that keeps about half
            keep = np.asarray([self.rng.random() < 0.5 for _ in range(len(f))])
        else:  # one lane's events
            lane = self.rng.choice(sorted(set(f["lane"].tolist())))
            keep = f["lane"] == lane
        self._show(f[keep].reset_index(drop=True))

    def clear_filters(self) -> None:
        self._show(self.full)

    def group(self) -> None:
        from nkviewer.model.lanes import GROUP_MODES
        from nkviewer.model.timeline import prepare

        self.group_by = self.rng.choice([m for m in GROUP_MODES if m != self.group_by])
        r = self.renderer
        # the window lays a new grouping out in a worker: an in-memory table's model, or a
        # dataset's lanes, histogram and the model of its window of events (`regroup`)
        t = time.thread_time()
        if self.source is None:
            r.offer(prepare(self.frame, (self.group_by,)))
        else:
            self.source.regroup(self.group_by)
        self.worker_ms += (time.thread_time() - t) * 1000
        r.set_options(group_by=self.group_by, collapsed=frozenset())

    def actions(self) -> list[tuple[float, Callable[[], None]]]:
        if self.dataset:
            return [(10, self.zoom), (8, self.pan), (2, self.group)]
        return [
            (10, self.zoom),
            (8, self.pan),
            (2, self.edit_date),
            (3, self.hide),
            (4, self.filter),
            (2, self.clear_filters),
            (2, self.group),
        ]


def run(
    events: int,
    actions: int,
    seed: int,
    dataset: bool,
    *,
    profile: bool = False,
    hashes: Path | None = None,
    png: Path | None = None,
    png_count: int = 20,
) -> dict[str, Any]:
    """The frames' CPU by action; with `profile`, the slowest frame's profile is printed;
    with `hashes`, a hash of each frame is written there; with `png`, frames saved there."""
    import cProfile
    import pstats

    bench = Bench(events, seed, dataset)
    if hashes is not None or png is not None:
        bench.hashes = []
    if png is not None:
        png.mkdir(parents=True, exist_ok=True)
        bench.png, bench.png_count = png, png_count
    worst: tuple[float, str, Any] = (0.0, "", None)
    clock = bench.clock = Clock()
    table = bench.actions()
    weights = [w for w, _ in table]
    frames: dict[str, list[float]] = defaultdict(list)
    parts: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    with clock.installed():
        bench.paint()  # the first frame fills the caches (glyph pixmaps, widths)
        for _ in range(actions):
            act = bench.rng.choices([a for _, a in table], weights=weights)[0]
            bench.worker_ms = 0.0
            act()
            worker_ms = bench.worker_ms
            clock.spent.clear()
            prof = cProfile.Profile() if profile else None
            if prof is not None:
                prof.enable()
            ms = bench.paint()
            if prof is not None:
                prof.disable()
                if ms > worst[0]:
                    worst = (ms, act.__name__, prof)
            frames[act.__name__].append(ms)
            if worker_ms:
                parts[act.__name__][WORKER].append(worker_ms)
            for part, spent in clock.spent.items():
                parts[act.__name__][part].append(spent)
    if hashes is not None and bench.hashes is not None:
        hashes.write_text("".join(f"{h}\n" for h in bench.hashes))
    if worst[2] is not None:
        print(f"the slowest frame: {worst[0]:.1f} ms after {worst[1]}", file=sys.stderr)
        pstats.Stats(worst[2], stream=sys.stderr).sort_stats("tottime").print_stats(20)
    out: dict[str, Any] = {"events": events, "actions": actions, "dataset": dataset, "by": {}}
    for name, samples in sorted(frames.items()):
        row = {"n": len(samples), "frame": _stats(samples)}
        for part, spent in parts[name].items():
            row[part] = _stats(spent + [0.0] * (len(samples) - len(spent)))
        out["by"][name] = row
    everything = [ms for samples in frames.values() for ms in samples]
    out["all"] = {"frame": _stats(everything), "total_ms": round(sum(everything), 1)}
    return out


def _stats(samples: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(samples), 2),
        "max": round(max(samples), 2),
        "total": round(sum(samples), 1),
    }


def markdown(result: dict[str, Any]) -> str:
    parts = dict.fromkeys(attr.split(".")[-1] for _, attr in PARTS)
    names = ["frame", *parts, WORKER]
    head = "| action | n | " + " | ".join(names) + " |"
    lines = [head, "|---|---:|" + "---:|" * len(names)]
    for action, row in result["by"].items():
        cells = []
        for name in names:
            s = row.get(name)
            cells.append("" if s is None else f"{s['median']:.1f} / {s['max']:.1f}")
        lines.append(f"| {action} | {row['n']} | " + " | ".join(cells) + " |")
    a = result["all"]
    lines.append(
        f"\nall frames: median {a['frame']['median']:.1f} ms, max {a['frame']['max']:.1f} ms, "
        f"{a['total_ms']:.0f} ms in all (thread CPU; cells: median / max ms)"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.scene_turns", description=__doc__)
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--actions", type=int, default=400)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--dataset", action="store_true", help="draw from an event dataset")
    ap.add_argument("--json", type=Path, help="write the figures here")
    ap.add_argument("--profile", action="store_true", help="profile the slowest frame (stderr)")
    ap.add_argument("--hashes", type=Path, help="write a hash of every frame here")
    ap.add_argument("--png", type=Path, help="save the first frames as PNG files here")
    ap.add_argument("--png-count", type=int, default=20, help="frames saved with --png")
    args = ap.parse_args(argv)
    result = run(
        args.events,
        args.actions,
        args.seed,
        args.dataset,
        profile=args.profile,
        hashes=args.hashes,
        png=args.png,
        png_count=args.png_count,
    )
    print(markdown(result))
    if args.json is not None:
        args.json.write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
