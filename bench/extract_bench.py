"""Extraction speed, measured as ratios against references taken in the same run.

    python -m bench.extract_bench [--articles 1000] [--memory-articles 10000]

1. throughput: nkviewer's whole pipeline (read, parse, dates, entities, events, merge; one
   process, no cache) against bare `nlp.pipe` of the same pipeline on the same texts (target
   >= 0.85x);
2. `--jobs 2` against `--jobs 1` on the same corpus (target >= 1.6x on 2 cores);
3. re-opening a cached corpus against the first parse (target >= 50x);
4. peak memory (max RSS) of `nkviewer extract --jobs 1` over `--memory-articles` articles.

Every measurement runs in a fresh subprocess with its own empty cache folder.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from bench.corpus import write_corpus

REPO = Path(__file__).resolve().parent.parent


def _run(code: str, cache: Path) -> dict[str, float]:
    env = dict(os.environ, NKVIEWER_CACHE_DIR=str(cache), PYTHONPATH=str(REPO))
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-3000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


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
from nkviewer.events import pipeline
pipeline._pipeline({model!r})  # load and configure the model outside the timed part
t = time.perf_counter()
frame, problems = pipeline.extract_frame([{folder!r}], jobs={jobs}, use_cache={cache})
print(json.dumps({{"seconds": time.perf_counter() - t, "events": len(frame)}}))
"""

TWICE = """
import json, time
from nkviewer.events.pipeline import extract_frame
t = time.perf_counter()
first, _ = extract_frame([{folder!r}], jobs=1, use_cache=True)
t1 = time.perf_counter() - t
t = time.perf_counter()
again, _ = extract_frame([{folder!r}], jobs=1, use_cache=True)
t2 = time.perf_counter() - t
assert len(first) == len(again)
print(json.dumps({{"first": t1, "cached": t2, "events": len(first)}}))
"""

MEMORY = """
import json, resource, time
from nkviewer.events.pipeline import extract_frame
t = time.perf_counter()
frame, _ = extract_frame([{folder!r}], jobs=1, use_cache=False)
rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"seconds": time.perf_counter() - t, "rss_mib": rss_kib / 1024,
                   "events": len(frame)}}))
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--articles", type=int, default=600, help="corpus size for ratios 1-3")
    ap.add_argument("--memory-articles", type=int, default=10_000, help="0 to skip")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args(argv)

    results: dict[str, object] = {"articles": args.articles}
    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        folder = write_corpus(tmp / "corpus", args.articles)
        fmt = {"folder": str(folder), "model": None}

        bare = _run(BARE.format(**fmt), tmp / "c0")
        one = _run(OURS.format(**fmt, jobs=1, cache=False), tmp / "c1")
        two = _run(OURS.format(**fmt, jobs=2, cache=False), tmp / "c2")
        twice = _run(TWICE.format(**fmt), tmp / "c3")
        tokens = bare["tokens"]
        results.update(
            tokens=tokens,
            bare_tokens_per_s=tokens / bare["seconds"],
            ours_tokens_per_s=tokens / one["seconds"],
            throughput_ratio=bare["seconds"] / one["seconds"],
            jobs2_speedup=one["seconds"] / two["seconds"],
            first_parse_s=twice["first"],
            cached_reopen_s=twice["cached"],
            cache_speedup=twice["first"] / twice["cached"],
            events=one["events"],
        )
        if args.memory_articles:
            big = write_corpus(tmp / "big", args.memory_articles)
            mem = _run(MEMORY.format(folder=str(big)), tmp / "c4")
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


def report(r: dict[str, object]) -> str:
    def f(key: str, fmt: str = "{:.2f}") -> str:
        return fmt.format(r[key]) if key in r else "—"

    lines = [
        f"Extraction benchmark: {r['articles']} articles, {f('tokens', '{:,}')} tokens, "
        f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} CPUs",
        "",
        "| measure | result | target |",
        "|---|---|---|",
        f"| pipeline throughput vs bare `nlp.pipe` | {f('throughput_ratio')}× "
        f"({f('ours_tokens_per_s', '{:,.0f}')} vs {f('bare_tokens_per_s', '{:,.0f}')} tokens/s)"
        " | ≥ 0.85× |",
        f"| `--jobs 2` vs `--jobs 1` | {f('jobs2_speedup')}× | ≥ 1.6× |",
        f"| cached re-open vs first parse | {f('cache_speedup', '{:.0f}')}× "
        f"({f('cached_reopen_s')} s vs {f('first_parse_s')} s) | ≥ 50× |",
    ]
    if "memory_rss_mib" in r:
        lines.append(
            f"| peak memory, {r['memory_articles']:,} articles, one process | "
            f"{f('memory_rss_mib', '{:,.0f}')} MiB ({f('memory_seconds', '{:.0f}')} s, "
            f"{f('memory_events', '{:,}')} events) | — |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
