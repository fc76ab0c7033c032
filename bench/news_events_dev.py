"""What the events say, per story: news-events-dev's own scorer, run on the whole set and on
each of its four topics.

    python -m bench.news_events_dev [--root ../shared/benchmarks/news-events-dev] [--json F]

The set (20 real articles on four stories, hand-made gold for dates, actors, titles, modality
and publication dates, with `score.py`) is read where it lies and never copied. nkviewer
extracts the articles with an empty cache (`nkviewer extract DIR -o events.jsonl`), then
`score.py` scores the events against the whole gold and against the gold of each topic alone,
and `score.py --pubdate` scores the publication dates read from each article copied alone
(no manifest). The topic golds are the set's own gold restricted to the topic's documents,
written to a temporary folder for the run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent / "shared" / "benchmarks" / "news-events-dev"
TOPICS = {
    "D1": "North Korea with China and Russia",
    "D2": "US–China trade talks",
    "D3": "Israel's normalisation accords",
    "D4": "UN climate summits",
}
FIGURES = ("recall", "precision", "actor_f1", "title", "modality", "forbidden")
_FIGURE = re.compile(r"([a-z_0-9]+) (\d+\.\d+)")
_PUBDATE = re.compile(r"publication date from the text: (\d+\.\d+) of (\d+) articles; wrong (\d+)")


def topic_of(doc: str) -> str:
    """D1 for d01-d05, D2 for d06-d10... (five articles a story, as the set's README says)."""
    return f"D{(int(doc.lstrip('d')) - 1) // 5 + 1}"


def topic_gold(gold: dict[str, Any], topic: str) -> dict[str, Any]:
    """The gold of one topic's documents only."""
    docs = {d: v for d, v in gold["docs"].items() if topic_of(d) == topic}
    return {
        **gold,
        "docs": docs,
        "events": [e for e in gold["events"] if e["doc"] in docs],
        "forbidden": [f for f in gold.get("forbidden", []) if f["doc"] in docs],
    }


def _score(score_py: Path, args: list[str]) -> str:
    run = subprocess.run(
        [sys.executable, str(score_py), *args], capture_output=True, text=True, check=False
    )
    return run.stdout


def events_figures(output: str) -> dict[str, float]:
    last = output.strip().splitlines()[-1] if output.strip() else ""
    return {k: float(v) for k, v in _FIGURE.findall(last)}


def pubdate_figures(output: str) -> dict[str, float]:
    m = _PUBDATE.search(output)
    if m is None:
        return {}
    return {"pubdate": float(m[1]), "pubdate_articles": float(m[2]), "pubdate_wrong": float(m[3])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    root: Path = args.root
    score_py = root / "score.py"
    if not score_py.is_file():
        print(f"news-events-dev not found at {root} (it lives in ../shared)", file=sys.stderr)
        return 2
    gold = json.loads((root / "gold.json").read_text(encoding="utf-8"))
    nkviewer = [sys.executable, "-m", "nkviewer"]
    with tempfile.TemporaryDirectory(prefix="nkviewer-dev-") as tmp:
        events = Path(tmp) / "events.jsonl"
        env = {**os.environ, "NKVIEWER_CACHE_DIR": str(Path(tmp) / "cache")}
        subprocess.run(
            [*nkviewer, "extract", str(root / "articles"), "-o", str(events), "-q"],
            check=True,
            env=env,
        )
        rows: dict[str, dict[str, float]] = {}
        for topic in ("all", *TOPICS):
            gold_path = root / "gold.json"
            if topic != "all":
                gold_path = Path(tmp) / f"gold-{topic}.json"
                gold_path.write_text(json.dumps(topic_gold(gold, topic)), encoding="utf-8")
            figures = events_figures(_score(score_py, [str(events), "--gold", str(gold_path)]))
            command = f"{sys.executable} -m nkviewer"
            figures.update(
                pubdate_figures(_score(score_py, ["--pubdate", command, "--gold", str(gold_path)]))
            )
            rows[topic] = figures
    print("| story | recall | precision | actor F1 | title | modality | forbidden | "
          "publication date from the text |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for topic, f in rows.items():
        name = "all four" if topic == "all" else f"{topic} {TOPICS[topic]}"
        pub = (
            f"{f['pubdate']:.2f} of {int(f['pubdate_articles'])}, {int(f['pubdate_wrong'])} wrong"
            if "pubdate" in f
            else "—"
        )
        cells = [f"{f.get(k, 0.0):.3f}" if k != "forbidden" else f"{int(f.get(k, 0))}"
                 for k in FIGURES]  # fmt: skip
        print(f"| {name} | {' | '.join(cells)} | {pub} |")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
