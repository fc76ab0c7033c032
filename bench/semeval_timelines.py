"""Entity timelines on the SemEval-2015 Task 4 trial data (30 Wikinews articles about Apple).

    .venv/bin/python -m bench.semeval_timelines [--data DIR] [--model NAME] [--errors] [--json]

Measure (as ../shared/benchmarks/README.md defines it): for each target entity, of the gold
events with a known date, the share for which nkviewer's timeline for that entity holds an
event from the same sentence with the same date. "Same date" is strict: our event's calendar
span equals the gold date's (`2006-03` = all of March 2006); a lenient column also counts an
overlap of the two spans.

How the run works: each TimeML file's `<s id>` sentences are tag-stripped, lightly
detokenised ("12 , 2007" → "12, 2007") and joined with line breaks into one article text whose
sentence offsets are recorded; the real pipeline (`parse_documents` + `build_events`, with the
DCT as a manifest publication date) extracts events; an event belongs to the gold sentence
that holds its time expression.

An entity's timeline = the events whose actors or entities (canonical name or text) or whose
sentence mention the target, matched case-insensitively as whole words against the target's
query strings (`QUERIES`: the name and the short forms a reader would search for). The
"document" column is an upper bound that keeps every event of an article naming the target.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from nkviewer.events.record import Event
from nkviewer.ingest.document import Document, PublishedDate

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "benchmarks" / "semeval2015-task4-trial"
CORPUS_DIR = "Corpus-trial-data_task4_TimeML"
TIMELINE_DIR = "TimeLines_trial_data_task4_v1.2"

#: What a reader would search for to follow each target (the name plus its short forms).
QUERIES: dict[str, tuple[str, ...]] = {
    "Steve Jobs": ("Steve Jobs", "Jobs"),
    "iPhone 3G": ("iPhone 3G",),
    "iPhone 4": ("iPhone 4",),
    "iPod": ("iPod", "iPods"),
    "iTunes store": ("iTunes store", "iTunes Store", "iTunes"),
    "Beatles Apple Corps": ("Apple Corps", "Beatles"),
}

_S = re.compile(r'<s id="(\d+)">(.*?)</s>', re.S)
_TAG = re.compile(r"<[^>]+>")
_DOCID = re.compile(r"<DOCID>(.*?)</DOCID>", re.S)
_DCT = re.compile(r'<DCT>\s*<TIMEX3\b[^>]*\bvalue="([^"]+)"', re.S)
_TITLE = re.compile(r"<EXTRAINFO>(.*?)</EXTRAINFO>", re.S)
_DETOK = [
    (re.compile(r" ([,.;:!?)\]}%])"), r"\1"),
    (re.compile(r"([(\[{$]) "), r"\1"),
    (re.compile(r" (['’](?:s|re|ve|ll|d|m|t)\b|n['’]t\b)"), r"\1"),
    (re.compile(r"\s+"), " "),
]


@dataclass(slots=True)
class Article:
    doc_id: str
    path: Path
    text: str
    dct: date
    title: str
    sentence_ids: list[int] = field(default_factory=list)
    sentence_starts: list[int] = field(default_factory=list)

    def sentence_at(self, offset: int) -> int:
        """The gold `<s id>` of the sentence holding a character offset."""
        k = bisect_right(self.sentence_starts, offset) - 1
        return self.sentence_ids[k] if k >= 0 else -1

    def document(self) -> Document:
        return Document(
            doc_id=self.doc_id,
            path=str(self.path),
            text=self.text,
            title=self.title,
            published=PublishedDate.day(self.dct, "manifest"),
        )


@dataclass(frozen=True, slots=True)
class GoldEvent:
    date: str  # YYYY, YYYY-MM or YYYY-MM-DD; "" when unknown
    mentions: tuple[tuple[str, int], ...]  # (doc_id, sentence id)


def detokenise(sentence: str) -> str:
    text = html.unescape(_TAG.sub("", sentence)).strip()
    for pattern, repl in _DETOK:
        text = pattern.sub(repl, text)
    return text.strip()


def read_article(path: Path) -> Article:
    source = path.read_text(encoding="utf-8")
    doc_id = _DOCID.search(source)
    dct = _DCT.search(source)
    if doc_id is None or dct is None:
        raise ValueError(f"{path}: no <DOCID> or <DCT> value")
    title = _TITLE.search(source)
    article = Article(
        doc_id=doc_id.group(1).strip(),
        path=path,
        text="",
        dct=date.fromisoformat(dct.group(1)[:10]),
        title=html.unescape(title.group(1).strip()) if title else "",
    )
    parts: list[str] = []
    offset = 0
    for sid, body in _S.findall(source):
        sentence = detokenise(body)
        article.sentence_ids.append(int(sid))
        article.sentence_starts.append(offset)
        parts.append(sentence)
        offset += len(sentence) + 1
    article.text = "\n".join(parts)
    return article


def read_timeline(path: Path) -> tuple[str, list[GoldEvent]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    target = lines[0].strip()
    events: list[GoldEvent] = []
    for line in lines[1:]:
        cols = line.strip().split("\t")
        if len(cols) < 3:
            continue
        when = "" if "X" in cols[1] else cols[1].strip()
        mentions = []
        for m in cols[2:]:
            doc, sent, _word = m.split("-", 2)
            mentions.append((doc, int(sent)))
        events.append(GoldEvent(when, tuple(mentions)))
    return target, events


def span_of(value: str) -> tuple[date, date]:
    """Calendar span of a gold date: YYYY, YYYY-MM or YYYY-MM-DD."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        d = date(*parts)
        return d, d
    if len(parts) == 2:
        y, m = parts
        nxt = date(y + (m == 12), m % 12 + 1, 1)
        return date(y, m, 1), date.fromordinal(nxt.toordinal() - 1)
    return date(parts[0], 1, 1), date(parts[0], 12, 31)


def mentions_target(event: Event, queries: Sequence[str]) -> bool:
    names = [*event.actors, *(e.get("canonical", "") for e in event.entities)]
    names += [e.get("text", "") for e in event.entities]
    haystack = "\n".join([*names, event.sentence])
    return any(re.search(rf"(?<!\w){re.escape(q)}(?!\w)", haystack, re.I) for q in queries)


def extract(articles: Sequence[Article], model: str | None) -> list[Event]:
    """The real pipeline: configure spaCy, parse, build events."""
    from nkviewer.events.build import build_events
    from nkviewer.nlp.model import load_pipeline
    from nkviewer.nlp.parse import configure_pipeline, parse_documents

    nlp = configure_pipeline(load_pipeline(model))
    events: list[Event] = []
    for parsed in parse_documents([a.document() for a in articles], nlp):
        events += build_events(parsed)
    return events


Located = tuple[Event, str, int, date, date]  # event, doc id, gold sentence id, first, last


def _hit(
    pool: Sequence[Located], where: set[tuple[str, int]], g0: date, g1: date, strict: bool
) -> bool:
    for _e, doc, sid, first, last in pool:
        if (doc, sid) in where and (
            (first, last) == (g0, g1) if strict else first <= g1 and g0 <= last
        ):
            return True
    return False


def score(
    articles: Sequence[Article],
    events: Sequence[Event],
    timelines: Iterable[tuple[str, list[GoldEvent]]],
) -> list[dict[str, Any]]:
    """One row per target: gold dated events, strict/lenient hits, document-level bound."""
    by_id = {a.doc_id: a for a in articles}
    located: list[Located] = []
    for e in events:
        art = by_id.get(e.doc_id)
        if art is not None:
            first, last = date.fromisoformat(e.start), date.fromisoformat(e.end)
            located.append((e, e.doc_id, art.sentence_at(e.time_start), first, last))
    rows: list[dict[str, Any]] = []
    for target, gold in timelines:
        queries = QUERIES.get(target, (target,))
        mine = [x for x in located if mentions_target(x[0], queries)]
        naming = {a.doc_id for a in articles if any(q.lower() in a.text.lower() for q in queries)}
        in_docs = [x for x in located if x[1] in naming]
        dated = [g for g in gold if g.date]
        strict = lenient = document = 0
        misses: list[str] = []
        for g in dated:
            g0, g1 = span_of(g.date)
            where = set(g.mentions)
            found = _hit(mine, where, g0, g1, True)
            strict += found
            lenient += _hit(mine, where, g0, g1, False)
            document += _hit(in_docs, where, g0, g1, True)
            if not found:
                misses.append(f"{g.date} {' '.join(f'{d}-{s}' for d, s in g.mentions)}")
        rows.append(
            {
                "target": target,
                "gold_dated": len(dated),
                "strict": strict,
                "lenient": lenient,
                "document": document,
                "misses": misses,
            }
        )
    return rows


def _share(n: int, d: int) -> str:
    return f"{n / d:6.1%}" if d else "     -"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.semeval_timelines", description=__doc__)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the trial data folder")
    ap.add_argument("--model", default=None, help="spaCy pipeline (default: as nkviewer picks)")
    ap.add_argument("--errors", action="store_true", help="list the gold events missed")
    ap.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = ap.parse_args(argv)
    corpus, lines = args.data / CORPUS_DIR, args.data / TIMELINE_DIR
    if not corpus.is_dir() or not lines.is_dir():
        print(f"SemEval trial data not found under {args.data}", file=sys.stderr)
        return 2
    articles = [read_article(p) for p in sorted(corpus.glob("*.tml"))]
    timelines = [read_timeline(p) for p in sorted(lines.glob("*.txt"))]
    rows = score(articles, extract(articles, args.model), timelines)
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print(f"{'target':22} {'gold':>5} {'strict':>7} {'lenient':>8} {'document':>9}")
    totals = [0, 0, 0, 0]
    for r in rows:
        print(
            f"{r['target']:22} {r['gold_dated']:5d} {_share(r['strict'], r['gold_dated'])} "
            f"  {_share(r['lenient'], r['gold_dated'])}    {_share(r['document'], r['gold_dated'])}"
        )
        for i, k in enumerate(("gold_dated", "strict", "lenient", "document")):
            totals[i] += r[k]
        if args.errors:
            for miss in r["misses"]:
                print(f"    missed {miss}")
    g = totals[0]
    print(
        f"{'all (micro)':22} {g:5d} {_share(totals[1], g)}   {_share(totals[2], g)}    "
        f"{_share(totals[3], g)}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
