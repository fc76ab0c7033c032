"""Extraction speed, measured as ratios against references taken in the same run.

    python -m bench.extract_bench [--articles 600] [--memory-articles 10000] [--repeat 3]

1. throughput: nkviewer's whole pipeline (read, parse, dates, entities, events, merge; one
   process, no cache) against bare `nlp.pipe` of the same pipeline on the same texts, the model
   loaded beforehand in both (target >= 0.85x);
2. `nkviewer extract --jobs 2` against `--jobs 1` on the same corpus (target >= 1.6x on 2
   cores): each the whole command in a fresh process, start-up included in both (interpreter,
   spaCy, model; the worker processes' own for --jobs 2), as a user runs it. Also shown: the
   same in one process with the model loaded beforehand for --jobs 1 only (its start-up not
   counted, the workers' counted), the harshest reading;
3. re-opening a cached corpus against the first parse (target >= 50x);
4. peak memory (max RSS) of `nkviewer extract --jobs 1` over `--memory-articles` articles.

Every measurement runs in a fresh subprocess with its own empty cache folder. The machine is
shared: each pair of runs that make a ratio runs back to back, the pairs are repeated
`--repeat` times, and the median ratio is reported with the load average seen before each run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

from bench.corpus import write_corpus

REPO = Path(__file__).resolve().parent.parent


def _env(cache: Path) -> dict[str, str]:
    return dict(os.environ, NKVIEWER_CACHE_DIR=str(cache), PYTHONPATH=str(REPO))


def _run(code: str, cache: Path) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=_env(cache),
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-3000:])
    out: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return out


def _command(args: list[str], cache: Path) -> dict[str, float]:
    """Wall and CPU seconds (this process's children: the command and its workers)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "nkviewer", *args],
        capture_output=True,
        text=True,
        env=_env(cache),
        check=False,
    )
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-3000:])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"seconds": wall, "cpu": cpu}


BARE = """
import json, time
from pathlib import Path
from bench.corpus import corpus_texts
from nkviewer.nlp.model import load_pipeline
texts = corpus_texts(Path({folder!r}))
nlp = load_pipeline(None)
list(nlp.pipe(texts[:8]))  # warm-up
t = time.perf_counter()
words = sum(len(d) for d in nlp.pipe(texts, batch_size=32))
print(json.dumps({{"seconds": time.perf_counter() - t, "tokens": words}}))
"""

OURS = """
import json, time
from nkviewer.corpus import pipeline
from nkviewer.corpus.options import LoadOptions
if {jobs} == 1:
    pipeline._pipeline({model!r})  # load and configure the model outside the timed part
t = time.perf_counter()
frame, problems = pipeline.extract_frame([{folder!r}], LoadOptions(jobs={jobs}, use_cache={cache}))
print(json.dumps({{"seconds": time.perf_counter() - t, "events": len(frame)}}))
"""

TWICE = """
import json, time
from nkviewer.corpus.options import LoadOptions
from nkviewer.corpus.pipeline import extract_frame
t = time.perf_counter()
first, _ = extract_frame([{folder!r}], LoadOptions(jobs=1, use_cache=True))
t1 = time.perf_counter() - t
t = time.perf_counter()
again, _ = extract_frame([{folder!r}], LoadOptions(jobs=1, use_cache=True))
t2 = time.perf_counter() - t
assert len(first) == len(again)
print(json.dumps({{"first": t1, "cached": t2, "events": len(first)}}))
"""

MEMORY = """
import json, resource, time
from nkviewer.corpus.options import LoadOptions
from nkviewer.corpus.pipeline import extract_frame
t = time.perf_counter()
frame, _ = extract_frame([{folder!r}], LoadOptions(jobs=1, use_cache=False))
rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"seconds": time.perf_counter() - t, "rss_mib": rss_kib / 1024,
                   "events": len(frame)}}))
"""


def _load() -> float:
    return os.getloadavg()[0]


def measure(folder: Path, tmp: Path, rep: int) -> dict[str, float]:
    """One repetition of the three ratios (each pair back to back)."""
    fmt = {"folder": str(folder), "model": None}
    r: dict[str, float] = {}
    r["load"] = _load()
    bare = _run(BARE.format(**fmt), tmp / f"b{rep}")
    one = _run(OURS.format(**fmt, jobs=1, cache=False), tmp / f"o{rep}")
    r.update(
        tokens=bare["tokens"],
        bare_s=bare["seconds"],
        ours_s=one["seconds"],
        events=one["events"],
        throughput_ratio=bare["seconds"] / one["seconds"],
    )
    r["load_jobs"] = _load()
    out = tmp / f"events{rep}.jsonl"
    cli = ["extract", str(folder), "-o", str(out), "--no-cache", "--quiet"]
    j1 = _command([*cli, "--jobs", "1"], tmp / f"j1-{rep}")
    j2 = _command([*cli, "--jobs", "2"], tmp / f"j2-{rep}")
    r.update(
        cli1_s=j1["seconds"],
        cli1_cpu=j1["cpu"],
        cli2_s=j2["seconds"],
        cli2_cpu=j2["cpu"],
        jobs2_speedup=j1["seconds"] / j2["seconds"],
    )
    two = _run(OURS.format(**fmt, jobs=2, cache=False), tmp / f"o2-{rep}")
    r.update(inproc2_s=two["seconds"], jobs2_inprocess=one["seconds"] / two["seconds"])
    r["load_cache"] = _load()
    twice = _run(TWICE.format(**fmt), tmp / f"t{rep}")
    r.update(
        first_parse_s=twice["first"],
        cached_reopen_s=twice["cached"],
        cache_speedup=twice["first"] / twice["cached"],
    )
    return r


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--articles", type=int, default=600, help="corpus size for ratios 1-3")
    ap.add_argument("--memory-articles", type=int, default=10_000, help="0 to skip")
    ap.add_argument("--repeat", type=int, default=3, help="repetitions of ratios 1-3 (median)")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args(argv)

    results: dict[str, Any] = {"articles": args.articles, "repeat": args.repeat}
    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        folder = write_corpus(tmp / "corpus", args.articles)
        runs = []
        for rep in range(args.repeat):
            runs.append(measure(folder, tmp, rep))
            line = json.dumps({k: round(v, 3) for k, v in runs[-1].items()})
            print(f"run {rep + 1}: {line}", file=sys.stderr, flush=True)
        results["runs"] = runs
        for key in runs[0]:
            results[key] = statistics.median(r[key] for r in runs)
        results["bare_tokens_per_s"] = results["tokens"] / results["bare_s"]
        results["ours_tokens_per_s"] = results["tokens"] / results["ours_s"]
        if args.memory_articles:
            big = write_corpus(tmp / "big", args.memory_articles)
            results["memory_load"] = _load()
            mem = _run(MEMORY.format(folder=str(big)), tmp / "m")
            results.update(
                memory_articles=args.memory_articles,
                memory_rss_mib=mem["rss_mib"],
                memory_seconds=mem["seconds"],
                memory_events=mem["events"],
            )

    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


def report(r: dict[str, Any]) -> str:
    def f(key: str, fmt: str = "{:.2f}") -> str:
        return fmt.format(r[key]) if key in r else "—"

    def spread(key: str, fmt: str = "{:.2f}") -> str:
        values = sorted(run[key] for run in r.get("runs", []) if key in run)
        return ", ".join(fmt.format(v) for v in values)

    lines = [
        f"Extraction benchmark: {r['articles']} articles, {f('tokens', '{:,.0f}')} tokens, "
        f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} CPUs, median of {r['repeat']} "
        f"(load average before the runs: {spread('load', '{:.1f}')})",
        "",
        "| measure | result (median) | all runs | target |",
        "|---|---|---|---|",
        f"| pipeline throughput vs bare `nlp.pipe` | {f('throughput_ratio')}× "
        f"({f('ours_tokens_per_s', '{:,.0f}')} vs {f('bare_tokens_per_s', '{:,.0f}')} tokens/s)"
        f" | {spread('throughput_ratio')} | ≥ 0.85× |",
        f"| `nkviewer extract --jobs 2` vs `--jobs 1`, whole command | {f('jobs2_speedup')}× "
        f"({f('cli2_s', '{:.1f}')} s, {f('cli2_cpu', '{:.0f}')} CPU-s vs "
        f"{f('cli1_s', '{:.1f}')} s, {f('cli1_cpu', '{:.0f}')} CPU-s)"
        f" | {spread('jobs2_speedup')} | ≥ 1.6× |",
        f"| same, in one process, model preloaded for `--jobs 1` only | "
        f"{f('jobs2_inprocess')}× ({f('inproc2_s', '{:.1f}')} s vs {f('ours_s', '{:.1f}')} s)"
        f" | {spread('jobs2_inprocess')} | — |",
        f"| cached re-open vs first parse | {f('cache_speedup', '{:.0f}')}× "
        f"({f('cached_reopen_s')} s vs {f('first_parse_s', '{:.1f}')} s)"
        f" | {spread('cache_speedup', '{:.0f}')} | ≥ 50× |",
    ]
    if "memory_rss_mib" in r:
        lines.append(
            f"| peak memory, {r['memory_articles']:,} articles, one process | "
            f"{f('memory_rss_mib', '{:,.0f}')} MiB ({f('memory_seconds', '{:.0f}')} s, "
            f"{f('memory_events', '{:,}')} events; load {f('memory_load', '{:.1f}')}) | | — |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
