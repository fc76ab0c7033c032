"""Events from the five seed articles: the orientation points the issue names, and sanity of all."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from nkviewer.events.record import Event
from nkviewer.nlp.gazetteer import load_gazetteer
from nkviewer.nlp.parsed import ParsedDocument
from nkviewer.nlp.phrases import MAX_TITLE

if TYPE_CHECKING:
    from spacy.language import Language

pytestmark = pytest.mark.model

GAZETTEER = load_gazetteer()
COUNTRIES = {n for n, e in GAZETTEER.entries.items() if e.kind == "country"}


@pytest.fixture(scope="module")
def nlp() -> Language:
    from nkviewer.nlp.model import load_pipeline
    from nkviewer.nlp.parse import configure_pipeline

    return configure_pipeline(load_pipeline())  # cached: one pipeline for every test module


@pytest.fixture(scope="module")
def parsed(nlp: Language, seeds_dir: Path) -> list[ParsedDocument]:
    from nkviewer.ingest import read_document
    from nkviewer.nlp.parse import parse_documents

    docs = [read_document(p) for p in sorted(seeds_dir.glob("*.txt"))]
    return list(parse_documents(docs, nlp))


@pytest.fixture(scope="module")
def events(parsed: list[ParsedDocument]) -> list[Event]:
    from nkviewer.events.build import build_events

    return [e for p in parsed for e in build_events(p)]


@pytest.fixture(scope="module")
def merged(events: list[Event]) -> list[Event]:
    from nkviewer.events.merge import merge_events

    return merge_events(events)


def seed(events: list[Event], prefix: str) -> list[Event]:
    return [e for e in events if Path(e.doc_path).name.startswith(prefix)]


def test_wang_yi_meets_putin_and_lavrov(events: list[Event]) -> None:
    (e,) = [e for e in seed(events, "000") if e.start == "2018-04-05"]
    assert e.end == "2018-04-05" and e.time_text == "Apr. 5"
    assert e.actors[0] == "Wang Yi"
    assert {"Vladimir Putin", "Sergey Lavrov"} <= set(e.actors)
    assert "Wang Yi met" in e.title and "Putin" in e.title and "Lavrov" in e.title
    assert (e.lane, e.modality) == ("China", "happened")


def test_im_chon_il_meets_morgulov_in_moscow_on_thursday(events: list[Event]) -> None:
    found = [e for e in seed(events, "001") if e.start == "2019-03-14" and "Morgulov" in e.title]
    assert found, [(e.start, e.title) for e in seed(events, "001")]
    e = found[0]
    assert e.time_text == "Thursday" and e.doc_published == "2019-03-18"
    assert e.title == "Im Chon-il met Igor Morgulov"
    assert e.actors[:2] == ["Im Chon-il", "Igor Morgulov"] and "Moscow" in e.places
    assert (e.lane, e.modality) == ("North Korea", "happened")


def test_75th_founding_anniversary_is_expected(events: list[Event]) -> None:
    (e,) = [e for e in seed(events, "003") if e.start == "2023-09-09"]
    assert "anniversary" in e.title
    assert e.modality == "expected"
    assert e.lane == "North Korea"


def test_no_event_from_the_modified_on_stamp(events: list[Event]) -> None:
    assert not any(e.start <= "2019-10-19" <= e.end for e in seed(events, "000"))


def test_kim_xi_summit_of_january_2019_is_merged_across_seeds(merged: list[Event]) -> None:
    january = [
        e
        for e in merged
        if e.start == "2019-01-01"
        and e.end == "2019-01-31"
        and {"Kim Jong-un", "Xi Jinping"} <= set(e.actors)
        and len({s["doc_id"] for s in e.sources}) == 2
    ]
    assert len(january) == 1


def test_every_event_is_well_formed(parsed: list[ParsedDocument], events: list[Event]) -> None:
    docs = {p.document.doc_id: p.document for p in parsed}
    assert len(events) >= 30
    for e in events:
        doc = docs[e.doc_id]
        assert 0 < len(e.title) <= MAX_TITLE
        assert e.lane in COUNTRIES or e.lane == "Other", e.lane
        assert e.start <= e.end
        assert doc.text[e.time_start : e.time_end] == e.time_text
        assert doc.text[e.sentence_start : e.sentence_end] == e.sentence
        assert e.sentence_start <= e.time_start < e.time_end <= e.sentence_end
        for span in (*doc.junk, *doc.stamps):
            assert not (span.start <= e.time_start < span.end), (e.time_text, span)
        for x in e.entities:
            assert e.sentence_start <= x["start"] < x["end"] <= e.sentence_end


def test_event_ids_are_unique_and_stable(
    nlp: Language, events: list[Event], seeds_dir: Path
) -> None:
    from nkviewer.events.build import build_events
    from nkviewer.ingest import read_document
    from nkviewer.nlp.parse import parse_document

    ids = [e.event_id for e in events]
    assert len(set(ids)) == len(ids)
    again = build_events(parse_document(read_document(seeds_dir / "004_b59908d4dad8afdc.txt"), nlp))
    assert {e.event_id for e in again} <= set(ids)


def test_durations_and_sets_make_no_events(
    parsed: list[ParsedDocument], events: list[Event]
) -> None:
    kinds = {
        (p.document.doc_id, t.start): "WINDOW" if t.recipe.get("kind") == "window" else t.type
        for p in parsed
        for t in p.timexes
    }
    # (a length counted from publication, "within the next two or three months", is on the
    # calendar: from publication to three months on)
    assert {kinds[(e.doc_id, e.time_start)] for e in events} <= {"DATE", "TIME", "WINDOW"}
    assert not any(e.time_text in ("two-day", "six-day", "annual") for e in events)
