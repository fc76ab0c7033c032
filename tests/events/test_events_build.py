"""build_events: contract fields, stable ids, re-dating by a corrected publication date, modality.

Spacy-free: the ParsedDocuments are made by hand; the temporal tagger runs without a parse.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from nkviewer.events.build import build_events, event_id, modality
from nkviewer.events.record import CONTRACT_FIELDS, Event
from nkviewer.ingest.document import Document, PublishedDate
from nkviewer.nlp.parsed import Candidate, EntitySpan, ParsedDocument, SentenceSpan
from nkviewer.nlp.timex import find_timexes

TEXT = (
    "Im Chon-il met Igor Morgulov in Moscow on Thursday. "
    "Kim Jong-un will visit Russia next month. "
    "The talks lasted two days and are held annually. "
    "He is there now. "
    "They meet again on April 5, 2019."
)
MONDAY = PublishedDate.day(date(2019, 3, 18), "manifest")


def parsed_doc(published: PublishedDate = MONDAY) -> ParsedDocument:
    """A hand-made parse of TEXT: one candidate per temporal expression, durations included."""
    doc = Document(
        "doc1", "/corpus/a.txt", TEXT, title="T", source="Src", url="http://x", published=published
    )
    bounds = [0]
    for i, ch in enumerate(TEXT):
        if ch == "." and i + 1 < len(TEXT):
            bounds.append(i + 2)
    sentences = [
        SentenceSpan(a, b - 1 if b < len(TEXT) else b)
        for a, b in zip(bounds, [*bounds[1:], len(TEXT)], strict=True)
    ]

    def ent(text: str, label: str, canonical: str, kind: str, country: str) -> EntitySpan:
        start = TEXT.index(text)
        return EntitySpan(start, start + len(text), text, label, canonical, kind, country)

    entities = [
        ent("Im Chon-il", "PERSON", "Im Chon-il", "person", "North Korea"),
        ent("Igor Morgulov", "PERSON", "Igor Morgulov", "person", "Russia"),
        ent("Moscow", "GPE", "Moscow", "place", "Russia"),
        ent("Kim Jong-un", "PERSON", "Kim Jong-un", "person", "North Korea"),
        ent("Russia", "GPE", "Russia", "country", "Russia"),
    ]
    timexes = find_timexes(TEXT)
    candidates = []
    for ti, t in enumerate(timexes):
        si = next(i for i, s in enumerate(sentences) if s.start <= t.start < s.end)
        in_sent = [
            i for i, e in enumerate(entities) if sentences[si].start <= e.start < sentences[si].end
        ]
        future = "will" in TEXT[sentences[si].start : sentences[si].end]
        candidates.append(
            Candidate(
                timex=ti,
                sentence=si,
                title=f"title {ti}",
                actors=[entities[i].canonical for i in in_sent if entities[i].kind == "person"],
                places=[entities[i].canonical for i in in_sent if entities[i].kind != "person"],
                entities=in_sent,
                lane="North Korea",
                expected_cue="will" if future else "",
                tense="future" if future else "past",
            )
        )
    return ParsedDocument(doc, sentences, entities, timexes, candidates, model="test")


def by_text(events: list[Event]) -> dict[str, Event]:
    return {e.time_text: e for e in events}


def test_every_contract_field_is_filled() -> None:
    events = by_text(build_events(parsed_doc()))
    e = events["Thursday"]
    record = e.to_json()
    assert list(record)[: len(CONTRACT_FIELDS)] == list(CONTRACT_FIELDS)
    assert (e.start, e.end, e.granularity, e.timex_value) == (
        "2019-03-14",
        "2019-03-14",
        "day",
        "2019-03-14",
    )
    assert TEXT[e.time_start : e.time_end] == "Thursday"
    assert e.sentence == TEXT[e.sentence_start : e.sentence_end]
    assert e.sentence.startswith("Im Chon-il met")
    assert (e.doc_id, e.doc_path, e.doc_title, e.doc_source, e.doc_url) == (
        "doc1",
        "/corpus/a.txt",
        "T",
        "Src",
        "http://x",
    )
    assert (e.doc_published, e.doc_published_source) == ("2019-03-18", "manifest")
    assert e.actors == ["Im Chon-il", "Igor Morgulov"] and e.places == ["Moscow"]
    assert e.lane == "North Korea" and e.modality == "happened" and not e.uncertain
    assert e.sources == [{"doc_id": "doc1", "sentence_start": 0, "sentence_end": e.sentence_end}]
    assert [x["canonical"] for x in e.entities] == ["Im Chon-il", "Igor Morgulov", "Moscow"]
    for x in e.entities:
        assert set(x) == {"text", "label", "canonical", "start", "end"}
        assert TEXT[x["start"] : x["end"]] == x["text"]


def test_durations_sets_and_now_make_no_events() -> None:
    events = build_events(parsed_doc())
    assert sorted(e.time_text for e in events) == ["April 5, 2019", "Thursday", "next month"]


def test_ids_are_stable_and_distinct() -> None:
    first = [e.event_id for e in build_events(parsed_doc())]
    again = [e.event_id for e in build_events(parsed_doc())]
    assert first == again and len(set(first)) == len(first)
    assert event_id("d", (0, 10), (3, 5)) != event_id("d", (0, 10), (3, 6))
    assert event_id("d", (0, 10), (3, 5)) != event_id("e", (0, 10), (3, 5))


def test_a_corrected_publication_date_redates_the_document() -> None:
    parsed = parsed_doc()
    user = PublishedDate.day(date(2019, 3, 25), "user")
    events = by_text(build_events(parsed, published=user))
    assert events["Thursday"].start == "2019-03-21"
    assert events["next month"].timex_value == "2019-04"
    assert events["Thursday"].doc_published_source == "user"
    # the ids do not depend on the anchor: a re-dated event is the same event
    assert events["Thursday"].event_id == by_text(build_events(parsed))["Thursday"].event_id


def test_modality_follows_the_publication_date() -> None:
    events = by_text(build_events(parsed_doc()))
    assert events["April 5, 2019"].modality == "expected"
    assert events["next month"].modality == "expected"
    late = PublishedDate.day(date(2019, 6, 1), "user")
    redated = by_text(build_events(parsed_doc(), published=late))
    assert redated["April 5, 2019"].modality == "happened"


@pytest.mark.parametrize(
    ("first", "last", "cue", "tense", "expected"),
    [
        (date(2019, 3, 20), date(2019, 3, 20), "", "past", "expected"),  # after publication
        (date(2019, 3, 1), date(2019, 3, 5), "will", "future", "happened"),  # before it
        (date(2019, 3, 18), date(2019, 6, 18), "", "present", "expected"),  # from now on
        (date(2019, 1, 1), date(2019, 12, 31), "could", "", "expected"),  # this year, possible
        (date(2019, 1, 1), date(2019, 12, 31), "", "past", "happened"),  # this year, reported
    ],
)
def test_modality_rules(first: date, last: date, cue: str, tense: str, expected: str) -> None:
    cand = Candidate(timex=0, sentence=0, title="", expected_cue=cue, tense=tense)
    assert modality(cand, first, last, MONDAY) == expected


def test_an_unrealised_plan_is_expected_whatever_its_day() -> None:
    """ "was going to sign on Thursday, but ...": a past day, a plan that never happened."""
    cand = Candidate(timex=0, sentence=0, title="", expected_cue="going", tense="past")
    day = date(2019, 3, 14)
    assert modality(cand, day, day, MONDAY) == "happened"
    cand.unrealised = True
    assert modality(cand, day, day, MONDAY) == "expected"


def test_unknown_anchor_leaves_only_absolute_dates() -> None:
    text = "Ri Yong-ho met Wang Yi on April 5, 2018. They will meet again next month."
    doc = Document("d2", "/c/b.txt", text)
    timexes = find_timexes(text)
    cands = [Candidate(timex=i, sentence=0, title="x") for i in range(len(timexes))]
    parsed = ParsedDocument(doc, [SentenceSpan(0, len(text))], [], timexes, cands)
    pytest.importorskip("nkviewer.nlp.anchor", reason="anchor inference not in this tree yet")
    events = build_events(parsed)
    assert "2018-04-05" in {e.start for e in events}
    assert all(e.doc_published_source in ("inferred", "unknown") for e in events)


def test_missing_title_falls_back_to_the_sentence() -> None:
    parsed = parsed_doc()
    parsed.candidates = [replace(c, title="") for c in parsed.candidates]
    e = by_text(build_events(parsed))["Thursday"]
    assert e.title == "Im Chon-il met Igor Morgulov in Moscow on Thursday."
