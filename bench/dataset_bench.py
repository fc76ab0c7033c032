"""Benchmark of the event dataset: open time, per-frame queries, memory, and Dask extraction.

    python -m bench.dataset_bench                 # 100k and 1M synthetic events + extraction
    python -m bench.dataset_bench --sizes 1000000 --files 0 --keep /tmp/ds

Each dataset is written by one process and queried by a fresh one, so open time and peak
memory (ru_maxrss) are those of a viewer opening it. A third process opens it in the window
(`MainWindow`, offscreen 1600 × 1000): time to the first painted timeline from the process start
(imports and QApplication included), the widget's paint time per frame of the same pan/zoom
session (events of the view fetched in the background: their fetch times apart), peak memory.
A "frame" of the query process is what the timeline asks per pan/zoom step: `count_bins` over
the visible range (1,600 bins, lanes by country) and, when at most `EVENTS_BELOW` events are
visible, `events_in` for them. Targets (issue 6): open ≤ 3 s,
≤ 16 ms per frame at 100k and ≤ 33 ms at 1M, peak memory ≤ 1 GB. Extraction: the same corpus
through `extract_distributed` with 1 and 2 local workers.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BINS = 1600
#: The timeline draws individual events below this many in view, density above.
EVENTS_BELOW = 5000
BUDGET_MS = {100_000: 16.0, 1_000_000: 33.0}


def _write(n: int, folder: Path) -> float:
    from bench.synthetic import synthetic_frame
    from nkviewer.corpus.dataset_store import write_frame_dataset

    t = time.perf_counter()
    write_frame_dataset(synthetic_frame(n), folder, generator="bench.synthetic")
    return time.perf_counter() - t


def _steps(lo: float, hi: float) -> list[tuple[float, float]]:
    """A session: fit all, zoom in around a point 12 times (×0.6), pan 20 steps, zoom out."""
    views = [(lo, hi)]
    centre = lo + (hi - lo) * 0.62
    width = hi - lo
    for _ in range(12):
        width *= 0.6
        views.append((centre - width / 2, centre + width / 2))
    for i in range(20):
        shift = width * 0.1 * (1 if i < 10 else -1)
        a, b = views[-1]
        views.append((a + shift, b + shift))
    for _ in range(6):
        width /= 0.6
        views.append((centre - width / 2, centre + width / 2))
    return views


def _query(folder: Path) -> dict[str, float]:
    """Runs in a fresh process: open the dataset, replay a pan/zoom session, twice."""
    t = time.perf_counter()
    import duckdb  # noqa: F401  (import time reported apart from opening)
    import pandas  # noqa: F401
    import pyarrow.parquet  # noqa: F401

    from nkviewer.corpus.dataset import EventDataset

    import_s = time.perf_counter() - t
    t = time.perf_counter()
    ds = EventDataset.open(folder)
    open_s = time.perf_counter() - t
    bounds = ds.time_bounds()
    assert bounds is not None
    views = _steps(*bounds)
    lanes = ds.lanes("country")
    runs: list[list[float]] = []
    fetched = 0
    for _ in range(2):  # first pass: cold row groups; second: the same session again
        times = []
        for a, b in views:
            t = time.perf_counter()
            counts = ds.count_bins(a, b, BINS, group_by="country")
            if counts.sum() <= EVENTS_BELOW:
                fetched += len(ds.events_in(a, b, limit=EVENTS_BELOW))
            times.append((time.perf_counter() - t) * 1000)
        runs.append(times)
    t = time.perf_counter()
    from nkviewer.events.filters import EventFilter

    flt = EventFilter(text="summit", modalities=frozenset({"expected"}))
    ds.count_bins(*bounds, BINS, filters=flt)
    filter_ms = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    ds.facet_counts(flt)
    facets_ms = (time.perf_counter() - t) * 1000
    cold, warm = runs
    return {
        "events": len(ds),
        "lanes": len(lanes),
        "import_s": import_s,
        "open_s": open_s,
        "cold_median_ms": statistics.median(cold),
        "cold_max_ms": max(cold),
        "warm_median_ms": statistics.median(warm),
        "warm_p95_ms": sorted(warm)[int(0.95 * (len(warm) - 1))],
        "warm_max_ms": max(warm),
        "frames": len(views),
        "events_fetched": fetched,
        "new_filter_ms": filter_ms,
        "facet_counts_ms": facets_ms,
        "peak_mb": _peak_mb(),
    }


def _window(folder: Path) -> dict[str, float]:
    """Runs in a fresh process: the window opens the dataset; replay the session through it."""
    start = time.perf_counter()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication(["dataset_bench"])
    from nkviewer.model import source as source_mod
    from nkviewer.qt.main_window import MainWindow

    fetches: list[float] = []
    real_fetch = source_mod.DatasetSource._fetch

    def timed_fetch(self: source_mod.DatasetSource, a: float, b: float) -> object:
        t = time.perf_counter()
        try:
            return real_fetch(self, a, b)
        finally:
            fetches.append((time.perf_counter() - t) * 1000)

    source_mod.DatasetSource._fetch = timed_fetch  # type: ignore[method-assign,assignment]
    window = MainWindow()
    window.resize(1600, 1000)
    window.show()
    window.open_paths([str(folder)])
    window.timeline.repaint()
    first_paint_s = time.perf_counter() - start
    app.processEvents()
    assert window.session.list_follows_view  # an event dataset, read lazily
    bounds = window.session.timeline_source().time_bounds()
    assert bounds is not None
    paints: list[float] = []
    glyph_frames = 0
    for a, b in _steps(*bounds):
        t = time.perf_counter()
        window.timeline.set_visible_range(a, b)
        window.timeline.repaint()
        paints.append((time.perf_counter() - t) * 1000)
        source = window.session.timeline_source()
        assert isinstance(source, source_mod.DatasetSource)
        source.wait()  # let a background fetch land, as it would between drag events
        app.processEvents()
        glyph_frames += window.timeline.events_covered()
    window.close()
    return {
        "first_paint_s": first_paint_s,
        "paint_median_ms": statistics.median(paints),
        "paint_p95_ms": sorted(paints)[int(0.95 * (len(paints) - 1))],
        "paint_max_ms": max(paints),
        "frames": len(paints),
        "glyph_frames": glyph_frames,
        "fetches": len(fetches),
        "fetch_median_ms": statistics.median(fetches) if fetches else 0.0,
        "fetch_max_ms": max(fetches) if fetches else 0.0,
        "peak_mb": _peak_mb(),
    }


def _peak_mb() -> float:
    """Peak resident memory of this process (VmHWM: unlike ru_maxrss, not inherited on exec)."""
    from bench.procmem import status_mb

    peak = status_mb("VmHWM")
    return peak if peak is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _warm(model: str | None) -> str:
    """On a worker: load the spaCy pipeline and what the analysis and the partition writer
    import on first use, so the timed run measures extraction alone (as the local engine's
    workers do before their first unit)."""
    import pyarrow.parquet  # noqa: F401

    import nkviewer.corpus.distributed  # noqa: F401
    from nkviewer.corpus.pipeline import _pipeline
    from nkviewer.nlp.parse import warm_up

    nlp = _pipeline(model)
    warm_up(nlp)
    return str(nlp.meta.get("name", ""))


def _extraction(files: int, root: Path) -> dict[int, tuple[float, float]]:
    """Per worker count (1, 2): (start-up s: cluster + model, extraction s) on one corpus."""
    from distributed import Client, LocalCluster

    from bench.corpus import write_corpus
    from nkviewer.corpus.distributed import extract_distributed

    corpus = write_corpus(root / "corpus", files)
    out: dict[int, tuple[float, float]] = {}
    for workers in (1, 2):
        t = time.perf_counter()
        with (
            LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                host="127.0.0.1",
                dashboard_address="127.0.0.1:0",  # loopback, any free port
            ) as cluster,
            Client(cluster) as client,
        ):
            client.run(_warm, None)
            start_s = time.perf_counter() - t
            t = time.perf_counter()
            extract_distributed(
                [corpus],
                root / f"ds-{workers}",
                scheduler=cluster.scheduler_address,
                partition_files=4,
            )
            out[workers] = (start_s, time.perf_counter() - t)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--files", type=int, default=96, help="corpus files (0: skip extraction)")
    parser.add_argument("--keep", type=Path, help="keep (and reuse) datasets under this folder")
    parser.add_argument("--query", type=Path, help=argparse.SUPPRESS)  # the child process
    parser.add_argument("--window", type=Path, help=argparse.SUPPRESS)  # the window's child
    args = parser.parse_args(argv)
    if args.query:
        print(json.dumps(_query(args.query)))
        return 0
    if args.window:
        print(json.dumps(_window(args.window)))
        return 0

    root = args.keep or Path(tempfile.mkdtemp(prefix="nkviewer-dsbench-"))
    rows = []
    try:
        for n in args.sizes:
            folder = root / f"events-{n}"
            write_s = float("nan")
            if not (folder / "_nkviewer.json").is_file():
                write_s = _write(n, folder)
            child = subprocess.run(
                [sys.executable, "-m", "bench.dataset_bench", "--query", str(folder)],
                check=True,
                capture_output=True,
                text=True,
                env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
            )
            res = json.loads(child.stdout.strip().splitlines()[-1])
            res["write_s"] = write_s
            res["budget_ms"] = BUDGET_MS.get(n, 33.0)
            win = subprocess.run(
                [sys.executable, "-m", "bench.dataset_bench", "--window", str(folder)],
                check=True,
                capture_output=True,
                text=True,
                env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
            )
            res["window"] = json.loads(win.stdout.strip().splitlines()[-1])
            rows.append(res)
        print(
            "| events | write s | import s | open s | frame ms cold median / max "
            "| warm median / p95 / max | budget | new filter ms | facet counts ms | peak MB |"
        )
        print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in rows:
            print(
                f"| {r['events']:,} | {r['write_s']:.1f} | {r['import_s']:.2f} | {r['open_s']:.2f} "
                f"| {r['cold_median_ms']:.1f} / {r['cold_max_ms']:.0f} "
                f"| {r['warm_median_ms']:.1f} / {r['warm_p95_ms']:.1f} / {r['warm_max_ms']:.0f} "
                f"| {r['budget_ms']:.0f} | {r['new_filter_ms']:.0f} | {r['facet_counts_ms']:.0f} "
                f"| {r['peak_mb']:.0f} |"
            )
        print(
            "\nIn the window (offscreen 1600 × 1000, fresh process): first painted timeline "
            "from process start; widget paint per pan/zoom frame; background fetches of the "
            "events of the view\n"
        )
        print(
            "| events | first paint s | paint ms median / p95 / max | budget "
            "| frames (with events drawn) | fetches: n, median / max ms | peak MB |"
        )
        print("|---:|---:|---:|---:|---:|---:|---:|")
        for r in rows:
            w = r["window"]
            print(
                f"| {r['events']:,} | {w['first_paint_s']:.2f} "
                f"| {w['paint_median_ms']:.1f} / {w['paint_p95_ms']:.1f} / {w['paint_max_ms']:.0f} "
                f"| {r['budget_ms']:.0f} | {w['frames']} ({w['glyph_frames']}) "
                f"| {w['fetches']}, {w['fetch_median_ms']:.0f} / {w['fetch_max_ms']:.0f} "
                f"| {w['peak_mb']:.0f} |"
            )
        if args.files:
            runs = _extraction(args.files, root / "extract")
            print(f"\nextraction of {args.files} generated articles (after start-up):")
            for workers, (start_s, secs) in runs.items():
                print(
                    f"- {workers} worker(s): {secs:.1f} s, {args.files / secs:.2f} files/s "
                    f"(cluster + model start-up {start_s:.1f} s)"
                )
            print(f"- 2 workers vs 1: {runs[1][1] / runs[2][1]:.2f}x")
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
