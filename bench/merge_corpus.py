"""Unmerged events as a news corpus yields them, generated: the input of the merge benchmarks
and of the tests that prove the blockwise cluster merge equals the in-process one.

Happenings (who did what on which day) are reported by one article each, or — for about 30 % of
them — by 2 to 20 articles. A report names the day, or only the week or month around it (a
coarse report, often across a month or year edge), sometimes another day nearby (a conflicting
report), and sometimes names the happening twice (a back-reference within the article).
Happenings cluster near month and year edges often enough that merges chain across blocks.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from nkviewer.events.record import Event

PEOPLE = tuple(
    f"{first} {last}"
    for first in ("Kim", "Lee", "Park", "Choi", "Xi", "Li", "Wang", "Ivan", "Igor", "Anna")
    for last in ("Jong", "Min", "Sergeyev", "Tanaka", "Novak", "Okafor", "Haddad", "Silva")
)
COUNTRIES = ("China", "Russia", "Japan", "South Korea", "North Korea", "United States")
ACTIONS = (
    ("met", "talks"),
    ("visited", "trip"),
    ("signed", "agreement"),
    ("said", "statement"),
    ("invited", "invitation"),
    ("launched", "missile"),
    ("opened", "factory"),
)
COARSE = ("week", "month")


def _event(
    doc: str,
    n: int,
    title: str,
    start: date,
    end: date,
    granularity: str,
    actors: list[str],
    persons: set[str],
) -> Event:
    entities = [
        {
            "text": a,
            "label": "PERSON" if a in persons else "GPE",
            "canonical": a,
            "start": 0,
            "end": len(a),
        }
        for a in actors
    ]
    return Event(
        event_id=f"{doc}-{n:03d}",
        title=title,
        start=start.isoformat(),
        end=end.isoformat(),
        granularity=granularity,
        timex_value=start.isoformat(),
        time_text="then",
        time_start=n,
        time_end=n + 4,
        sentence=title + ".",
        sentence_start=n * 100,
        sentence_end=n * 100 + 80,
        doc_id=doc,
        doc_path=f"/corpus/{doc}.txt",
        doc_title=title,
        doc_source=f"Agency {int(doc[1:]) % 7}",
        actors=actors,
        lane="Diplomacy",
        entities=entities,
        modality="happened",
        sources=[{"doc_id": doc, "sentence_start": n * 100, "sentence_end": n * 100 + 80}],
    )


def _coarse_span(day: date, kind: str, rng: random.Random) -> tuple[date, date]:
    if kind == "week":
        first = day - timedelta(days=rng.randrange(7))
        return first, first + timedelta(days=6)
    first = day.replace(day=1)
    nxt = (first + timedelta(days=32)).replace(day=1)
    return first, nxt - timedelta(days=1)


def happenings(seed: int, start_year: int = 2000, years: int = 20) -> Iterator[list[Event]]:
    """Articles, each a list of unmerged events, forever (take as many as needed)."""
    rng = random.Random(seed)
    days = years * 365
    origin = date(start_year, 1, 1)
    doc = 0
    while True:
        # a third of the happenings fall within a few days of a month (often a year) edge
        day = origin + timedelta(days=rng.randrange(days))
        if rng.random() < 0.35:
            edge = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
            if rng.random() < 0.3:
                edge = date(day.year + 1, 1, 1)
            day = edge + timedelta(days=rng.randrange(-4, 4))
        who = rng.sample(PEOPLE[:24] if rng.random() < 0.5 else PEOPLE, rng.choice((1, 2, 2, 3)))
        verb, noun = rng.choice(ACTIONS)
        place = rng.choice(COUNTRIES)
        actors = [*who, place] if rng.random() < 0.5 else list(who)
        persons = set(who)
        reports = 1 if rng.random() < 0.7 else rng.randrange(2, 21)
        for r in range(reports):
            doc += 1
            name = f"d{doc:09d}"
            title = f"{' and '.join(who)} {verb} in {place}" + (" for talks" if r % 3 else "")
            roll = rng.random()
            if r and roll < 0.15:  # a coarse report: the week or month around it
                first, last = _coarse_span(day, rng.choice(COARSE), rng)
                gran = "week" if last - first == timedelta(days=6) else "month"
            elif r and roll < 0.22:  # another day nearby: a conflicting report
                first = last = day + timedelta(days=rng.choice((-30, -9, -2, 3, 12, 45)))
                gran = "day"
            else:
                first = last = day
                gran = "day"
            events = [_event(name, 0, title, first, last, gran, list(actors), persons)]
            if gran == "day" and rng.random() < 0.1:  # "The talks took place Thursday"
                events.append(
                    _event(name, 1, f"The {noun} took place", first, last, "day", [], persons)
                )
            if rng.random() < 0.2:  # an unrelated event of the same article
                other = day + timedelta(days=rng.randrange(-400, 400))
                events.append(
                    _event(
                        name, 2, f"{who[0]} {noun} ended", other, other, "day", [who[0]], persons
                    )
                )
            yield events


def unmerged_events(n: int, seed: int = 16, **kw: int) -> list[Event]:
    """About `n` unmerged events (whole articles: never one cut in half)."""
    out: list[Event] = []
    for article in happenings(seed, **kw):
        if len(out) >= n:
            break
        out += article
    return out


def article_partitions(n: int, parts: int, seed: int = 16, **kw: int) -> list[list[Event]]:
    """`unmerged_events(n)` cut into `parts` runs of whole articles, as extraction partitions."""
    events = unmerged_events(n, seed, **kw)
    size = -(-len(events) // max(1, parts))
    out: list[list[Event]] = []
    run: list[Event] = []
    for e in events:
        if len(run) >= size and run[-1].doc_id != e.doc_id:
            out.append(run)
            run = []
        run.append(e)
    return [*out, run] if run else out


def write_partitions(n: int, parts: int, folder: Path, seed: int = 16, **kw: int) -> list[Path]:
    """About `n` unmerged events written as `parts` partition event files (the extraction's
    format: one JSON record per row), each article to a random partition, streamed: memory
    stays small however large `n` is. Returns the files."""
    import json

    import pyarrow as pa
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    files = [folder / f"part-{i:04d}.parquet" for i in range(parts)]
    schema = pa.schema([("event", pa.large_string())])
    writers = [pq.ParquetWriter(f, schema, compression="zstd") for f in files]
    buffers: list[list[str]] = [[] for _ in range(parts)]
    pick = random.Random(seed + 1)
    done = 0
    try:
        for article in happenings(seed, **kw):
            if done >= n:
                break
            p = pick.randrange(parts)
            buffers[p] += [json.dumps(e.to_json(), ensure_ascii=False) for e in article]
            done += len(article)
            if len(buffers[p]) >= 20_000:
                writers[p].write_table(pa.table({"event": buffers[p]}, schema=schema))
                buffers[p] = []
        for w, rows in zip(writers, buffers, strict=True):
            if rows:
                w.write_table(pa.table({"event": rows}, schema=schema))
    finally:
        for w in writers:
            w.close()
    return files
