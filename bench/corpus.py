"""Generated corpora for the extraction benchmarks: real news prose, many distinct files.

Texts come from the gold news corpora in ../shared/benchmarks (TimeBank/AQUAINT, stripped of
markup) when present, else from the bundled seeds. Each generated article gets a unique first
line, so no two files share a cache key, and a `manifest.csv` giving publication dates.
"""

from __future__ import annotations

import csv
import re
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED_TBAQ = REPO.parent / "shared" / "benchmarks" / "timeml-tbaq"

_TAG = re.compile(r"<[^>]+>")


def source_texts() -> list[str]:
    """News articles to draw from: TimeBank/AQUAINT bodies if available, else the seeds."""
    texts: list[str] = []
    if SHARED_TBAQ.is_dir():
        for path in sorted(SHARED_TBAQ.glob("*/*.tml")):
            raw = path.read_text(encoding="utf-8", errors="replace")
            m = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.S)
            if m:
                body = _TAG.sub("", m.group(1)).strip()
                if len(body) > 400:
                    texts.append(body)
    if not texts:
        for path in sorted((REPO / "seeds").glob("*.txt")):
            texts.append(path.read_text(encoding="utf-8"))
    return texts


def write_corpus(folder: Path, n: int, *, seed_day: date = date(1998, 1, 5)) -> Path:
    """Write `n` article files (+ manifest.csv) into `folder`; return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = source_texts()
    rows = []
    for i in range(n):
        name = f"article_{i:06d}.txt"
        text = texts[i % len(texts)]
        title = f"Report {i}: {text.split(chr(10), 1)[0][:60]}"
        (folder / name).write_text(f"{title}\n\n{text}\n", encoding="utf-8")
        published = seed_day + timedelta(days=(i * 7) % 3650)
        rows.append(
            {
                "file": name,
                "source": f"Outlet {i % 7}",
                "url": "",
                "published": published.isoformat(),
                "note": "generated",
            }
        )
    with open(folder / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["file", "source", "url", "published", "note"])
        writer.writeheader()
        writer.writerows(rows)
    return folder


def corpus_texts(folder: Path) -> list[str]:
    """The article texts of a generated corpus, in file order (for the bare nlp.pipe baseline)."""
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("article_*.txt"))]
