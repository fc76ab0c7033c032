"""Hand-made documents and events for the window tests: small, fast, no spaCy.

Offsets are computed from the texts (Python indices), never typed in, and the first document
puts an emoji and Korean before its entities so UTF-16 conversion is exercised.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pandas as pd

from nkviewer.corpus.progress import LoadUpdate
from nkviewer.events.record import Event
from nkviewer.events.table import events_to_frame
from nkviewer.ingest.document import Document, FileProblem, PublishedDate, Span
from nkviewer.nlp.parsed import EntitySpan, ParsedDocument, SentenceSpan
from nkviewer.nlp.timex.types import TimexMention

TEXT_A = (
    "Kim heads to Russia 😀\n\n"
    "한국어 요약: 김정은. North Korean leader Kim Jong-un met Vladimir Putin in Vladivostok "
    "on April 25, 2019. Share this article\n"
    "China's foreign minister Wang Yi will visit Pyongyang next month."
)
TEXT_B = (
    "Summit in the Far East\n\n"
    "Kim Jong-un and Vladimir Putin held talks in Vladivostok on April 25, 2019. "
    "Moon Jae-in met Xi Jinping in Beijing in December 2018."
)

ENTITY_INFO = {
    "Kim Jong-un": ("PERSON", "person", "North Korea"),
    "Vladimir Putin": ("PERSON", "person", "Russia"),
    "Vladivostok": ("GPE", "place", "Russia"),
    "China": ("GPE", "country", "China"),
    "Wang Yi": ("PERSON", "person", "China"),
    "Pyongyang": ("GPE", "place", "North Korea"),
    "Moon Jae-in": ("PERSON", "person", "South Korea"),
    "Xi Jinping": ("PERSON", "person", "China"),
    "Beijing": ("GPE", "place", "China"),
}


def _span(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    start = text.index(needle, after)
    return start, start + len(needle)


def _entities(text: str) -> list[EntitySpan]:
    out = []
    for name, (label, kind, country) in ENTITY_INFO.items():
        pos = 0
        while (found := text.find(name, pos)) >= 0:
            out.append(EntitySpan(found, found + len(name), name, label, name, kind, country))
            pos = found + len(name)
    return sorted(out, key=lambda e: e.start)


def _sentences(text: str, pieces: list[str]) -> list[SentenceSpan]:
    out = []
    for piece in pieces:
        s, e = _span(text, piece)
        out.append(SentenceSpan(s, e, junk=piece.startswith("Share")))
    return out


def parsed_documents() -> list[ParsedDocument]:
    a = Document(
        doc_id="doc-a",
        path="a.txt",
        text=TEXT_A,
        title="Kim heads to Russia 😀",
        source="Hankyoreh",
        url="https://example.org/a",
        published=PublishedDate.day(date(2019, 3, 18), "manifest"),
        junk=[Span(*_span(TEXT_A, "Share this article"), "share-button")],
    )
    b = Document(
        doc_id="doc-b",
        path="b.txt",
        text=TEXT_B,
        title="Summit in the Far East",
        source="Korea JoongAng Daily",
        published=PublishedDate.day(date(2019, 4, 26), "text", "April 26, 2019"),
    )
    pa = ParsedDocument(
        document=a,
        sentences=_sentences(
            TEXT_A,
            [
                "North Korean leader Kim Jong-un met Vladimir Putin in Vladivostok on April 25, "
                "2019.",
                "Share this article",
                "China's foreign minister Wang Yi will visit Pyongyang next month.",
            ],
        ),
        entities=_entities(TEXT_A),
        timexes=[
            TimexMention(*_span(TEXT_A, "April 25, 2019"), "April 25, 2019", "DATE"),
            TimexMention(*_span(TEXT_A, "next month"), "next month", "DATE"),
        ],
    )
    pb = ParsedDocument(
        document=b,
        sentences=_sentences(
            TEXT_B,
            [
                "Kim Jong-un and Vladimir Putin held talks in Vladivostok on April 25, 2019.",
                "Moon Jae-in met Xi Jinping in Beijing in December 2018.",
            ],
        ),
        entities=_entities(TEXT_B),
        timexes=[
            TimexMention(*_span(TEXT_B, "April 25, 2019"), "April 25, 2019", "DATE"),
            TimexMention(*_span(TEXT_B, "December 2018"), "December 2018", "DATE"),
        ],
    )
    return [pa, pb]


def _event(
    parsed: ParsedDocument, sentence: int, timex: int, *, event_id: str, title: str, **kw: Any
) -> Event:
    doc = parsed.document
    sent = parsed.sentences[sentence]
    tx = parsed.timexes[timex]
    ents = [e for e in parsed.entities if sent.start <= e.start < sent.end]
    return Event(
        event_id=event_id,
        title=title,
        start=kw.pop("start"),
        end=kw.pop("end"),
        granularity=kw.pop("granularity", "day"),
        timex_value=kw.pop("timex_value", ""),
        time_text=tx.text,
        time_start=tx.start,
        time_end=tx.end,
        sentence=doc.text[sent.start : sent.end],
        sentence_start=sent.start,
        sentence_end=sent.end,
        doc_id=doc.doc_id,
        doc_path=doc.path,
        doc_title=doc.title,
        doc_source=doc.source,
        doc_url=doc.url,
        doc_published=doc.published.iso(),
        doc_published_source=doc.published.source,
        actors=[e.canonical for e in ents if e.label == "PERSON"],
        places=[e.canonical for e in ents if e.label == "GPE"],
        entities=[
            {
                "text": e.text,
                "label": e.label,
                "canonical": e.canonical,
                "start": e.start,
                "end": e.end,
                "kind": e.kind,
            }
            for e in ents
        ],
        sources=[{"doc_id": doc.doc_id, "sentence_start": sent.start, "sentence_end": sent.end}],
        **kw,
    )


def events() -> list[Event]:
    pa, pb = parsed_documents()
    summit = _event(
        pa,
        0,
        0,
        event_id="ev-summit",
        title="Kim Jong-un met Vladimir Putin",
        start="2019-04-25",
        end="2019-04-25",
        lane="North Korea",
    )
    summit.sources.append(
        {
            "doc_id": "doc-b",
            "sentence_start": pb.sentences[0].start,
            "sentence_end": pb.sentences[0].end,
        }
    )
    visit = _event(
        pa,
        2,
        1,
        event_id="ev-visit",
        title="Wang Yi will visit Pyongyang",
        start="2019-04-01",
        end="2019-04-30",
        granularity="month",
        timex_value="2019-04",
        lane="China",
        modality="expected",
    )
    moon = _event(
        pb,
        1,
        1,
        event_id="ev-moon",
        title="Moon Jae-in met Xi Jinping",
        start="2018-12-01",
        end="2018-12-31",
        granularity="month",
        timex_value="2018-12",
        lane="South Korea",
    )
    return [summit, visit, moon]


def frame() -> pd.DataFrame:
    return events_to_frame(events())


def fake_pipeline(
    *,
    problems: list[FileProblem] | None = None,
    gate: Callable[[Callable[[], bool]], None] | None = None,
) -> Callable[[Callable[[], bool]], Iterator[LoadUpdate]]:
    """A generator factory for `Session.open`: two batches, optionally blocking between them."""

    def make(should_stop: Callable[[], bool]) -> Iterator[LoadUpdate]:
        docs = parsed_documents()
        evs = events()
        yield LoadUpdate("scanning", 0, 3, problems=list(problems or []))
        yield LoadUpdate(
            "parsing", 1, 3, documents=[docs[0]], events=events_to_frame(evs[:2]), eta=1.0
        )
        if gate is not None:
            gate(should_stop)
        if should_stop():
            return
        yield LoadUpdate("parsing", 2, 3, documents=[docs[1]], events=events_to_frame(evs))
        yield LoadUpdate("done", 3, 3, events=events_to_frame(evs), eta=0.0)

    return make
