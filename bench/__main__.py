"""Run the benchmarks: `python -m bench [NAME ...]` (default: all, in this order).

Each prints a markdown table; the README quotes them. None of them is a test: run on demand,
on a machine doing nothing else, and compare the ratios rather than the seconds.
"""

from __future__ import annotations

import importlib
import sys
import time

BENCHES = {
    "timeml": ("bench.timeml_eval", "temporal expressions vs TimeBank/AQUAINT gold"),
    "semeval": ("bench.semeval_timelines", "entity timelines vs SemEval-2015 Task 4 gold"),
    "paint": ("bench.paint_bench", "timeline paint time vs bare drawRects"),
    "launch": ("bench.launch_bench", "window start-up vs a bare Qt window"),
    "extract": ("bench.extract_bench", "extraction throughput, processes, cache, memory"),
    "dataset": ("bench.dataset_bench", "million-event datasets and Dask extraction"),
    "merge": ("bench.merge_bench", "cross-document merge: 2-worker cluster vs in-process"),
    "edits": ("bench.edit_bench", "UI-thread time of edits and image exports at 100,000 events"),
    "stalls": (
        "bench.dataset_stalls",
        "longest UI-thread stall per action on a 1,000,000-event dataset",
    ),
    "exports": (
        "bench.export_stalls",
        "the window's late ticks while Export Events writes each format at 100,000 events",
    ),
    "giveway": (
        "bench.give_way",
        "the window's turns beside busy workers at 100,000 events, workers giving way or not",
    ),
    "soak": ("bench.soak", "a seeded random user drives the window; invariants, stalls, RSS"),
}


def main(argv: list[str]) -> int:
    if any(a in ("-h", "--help") for a in argv):
        print(__doc__)
        for name, (_, what) in BENCHES.items():
            print(f"  {name:<8} {what}")
        return 0
    names = argv or list(BENCHES)
    unknown = [n for n in names if n not in BENCHES]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(BENCHES)}")
        return 2
    status = 0
    for name in names:
        module, what = BENCHES[name]
        print(f"\n## {name}: {what}\n", flush=True)
        start = time.perf_counter()
        status |= int(importlib.import_module(module).main([]) or 0)
        print(f"\n({name} took {time.perf_counter() - start:.0f} s)", flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
