"""The cross-document merge on a 2-worker LocalCluster (`merge_run.merge_to_dataset`) against the
in-process `merge_events`, on generated unmerged events (`bench/merge_corpus.py`).

`python -m bench.merge_bench [--small N] [--large N ...] [--parts-per-million P] [--dir D]`

The small size (default 10^6) is merged both ways in the same run: wall time and peak memory of
each, and whether the two results are identical (every field of every event, after the
cluster's dataset is read back). The large size (default 10^7) is merged on the cluster only.
Each measurement runs in a fresh process, so its peak resident memory (`ru_maxrss`) is its own:
the client's includes the LocalCluster's scheduler; the workers' peaks are asked of them.
Not a test: run on demand, on a machine doing nothing else.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import resource
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: bench/ sits beside the package
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _digest(recs: list[dict[str, Any]]) -> str:
    h = hashlib.sha256()
    for r in recs:
        h.update(json.dumps(r, sort_keys=True, ensure_ascii=False, default=str).encode())
    return h.hexdigest()


def _generate(n: int, parts: int, folder: str) -> dict[str, Any]:
    from bench.merge_corpus import write_partitions

    t = time.perf_counter()
    import pyarrow.parquet as pq

    files = write_partitions(n, parts, Path(folder))
    s = time.perf_counter() - t
    count = sum(pq.ParquetFile(f).metadata.num_rows for f in files)
    return {"s": s, "files": [str(f) for f in files], "events": count}


def _in_process(files: list[str]) -> dict[str, Any]:
    from nkviewer.corpus.merge_run import _read_events
    from nkviewer.corpus.pipeline import merged_frame
    from nkviewer.export.data import records

    events = [e for f in files for e in _read_events(Path(f))]
    n = len(events)
    t = time.perf_counter()
    frame = merged_frame(events)
    s = time.perf_counter() - t
    del events
    return {
        "in": n,
        "out": len(frame),
        "s": s,
        "peak_mb": _peak_mb(),
        "digest": _digest(records(frame)),
    }


def _cluster(files: list[str], out: str, workers: int) -> dict[str, Any]:
    from distributed import Client, LocalCluster

    from nkviewer.corpus.merge_run import merge_to_dataset

    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",
            memory_limit=0,  # measure, do not pause or restart workers
        ) as lc,
        Client(lc) as client,
    ):
        t = time.perf_counter()
        stats = merge_to_dataset(client, files, out)
        s = time.perf_counter() - t
        worker_mb = client.run(_peak_mb)
    return {
        "out": stats["events"],
        "s": s,
        "peak_mb": _peak_mb(),
        "worker_mb": max(worker_mb.values()),
    }


def _read_back(out: str) -> dict[str, Any]:
    from nkviewer.corpus.dataset import EventDataset
    from nkviewer.corpus.dataset_store import write_meta
    from nkviewer.export.data import records

    write_meta(Path(out), {}, documents=0)
    with EventDataset.open(Path(out)) as ds:
        return {"digest": _digest(records(ds.to_frame()))}


def _run_child(fn: Callable[..., dict[str, Any]], args: tuple[Any, ...], conn: Any) -> None:
    conn.send(fn(*args))
    conn.close()


def _fresh(fn: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    """`fn(*args)` in a fresh process (not a daemon: it may start a cluster of its own)."""
    ctx = multiprocessing.get_context("spawn")
    here, there = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_run_child, args=(fn, args, there))
    child.start()
    there.close()
    try:
        result: dict[str, Any] = here.recv()
    except EOFError:
        child.join()
        raise RuntimeError(f"{fn.__name__} failed (exit code {child.exitcode})") from None
    child.join()
    return result


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.merge_bench")
    ap.add_argument("--small", type=int, default=1_000_000)
    ap.add_argument("--large", type=int, nargs="*", default=[10_000_000])
    ap.add_argument("--parts-per-million", type=int, default=10)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--dir", default="/tmp/nkviewer-merge-bench")
    args = ap.parse_args(argv)
    root = Path(args.dir)
    shutil.rmtree(root, ignore_errors=True)
    print("| events in | engine | wall s | events out | client/process peak MB | worker peak MB |")
    print("|---:|---|---:|---:|---:|---:|", flush=True)
    for n in (args.small, *args.large):
        if n <= 0:
            continue
        parts = max(2, n * args.parts_per_million // 1_000_000)
        gen = _fresh(_generate, n, parts, str(root / f"in-{n}"))
        print(
            f"<!-- generated {n} events in {parts} partitions in {gen['s']:.0f} s -->", flush=True
        )
        local = _fresh(_in_process, gen["files"]) if n == args.small else None
        if local:
            print(
                f"| {local['in']:,} | in-process `merge_events` | {local['s']:.1f} | "
                f"{local['out']:,} | {local['peak_mb']:,.0f} | — |",
                flush=True,
            )
        out = str(root / f"out-{n}")
        got = _fresh(_cluster, gen["files"], out, args.workers)
        print(
            f"| {gen['events']:,} | cluster, {args.workers} workers | {got['s']:.1f} | "
            f"{got['out']:,} | "
            f"{got['peak_mb']:,.0f} | {got['worker_mb']:,.0f} |",
            flush=True,
        )
        if local:
            same = _fresh(_read_back, out)["digest"] == local["digest"]
            print(
                f"<!-- {n:,} events: cluster result identical to in-process: {same} -->", flush=True
            )
            if not same:
                return 1
        shutil.rmtree(root / f"in-{n}", ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
