"""Publication date inferred from the content when nothing else gives one."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import SEEDS

from nkviewer.ingest.document import PublishedDate, Span
from nkviewer.nlp.anchor import infer_published
from nkviewer.nlp.parsed import EntitySpan
from nkviewer.nlp.timex import find_timexes, resolve

YEAR_2019 = PublishedDate(date(2019, 7, 2), date(2019, 1, 1), date(2019, 12, 31), "year", "user")


def seed(name: str) -> str:
    path = next(SEEDS.glob(f"{name}_*.txt"))
    return path.read_text(encoding="utf-8-sig")


def in_march_2019(inferred: PublishedDate) -> bool:
    return (
        inferred.earliest is not None
        and inferred.latest is not None
        and date(2019, 3, 1) <= inferred.earliest <= inferred.latest <= date(2019, 3, 31)
    )


def test_seed_001_without_its_manifest_is_march_2019() -> None:
    """No year anywhere: "the Vietnam summit last month" (the gazetteer dates the Hanoi summit
    2019-02-27/28) with "Feb. 28" and "last month" place it in March 2019, as a range."""
    text = seed("001")
    inferred = infer_published(text, find_timexes(text))
    assert inferred.source == "inferred"
    assert inferred.precision == "month" and inferred.iso() == "2019-03"
    assert in_march_2019(inferred)
    assert inferred.earliest is not None and inferred.latest is not None
    assert inferred.earliest < inferred.latest  # a range: never a pretended day
    assert inferred.earliest <= date(2019, 3, 18) <= inferred.latest


def test_seed_001_without_the_landmark_stays_unknown() -> None:
    """The year comes from the domain knowledge: without the summit no year can be told."""
    text = seed("001").replace("the Vietnam summit", "the meeting")
    text = text.replace("second North-U.S. summit", "earlier meeting")
    assert not infer_published(text, find_timexes(text)).is_known


def test_seed_001_with_a_year_hint_is_march() -> None:
    text = seed("001")
    inferred = infer_published(text, find_timexes(text), hint=YEAR_2019)
    assert inferred.source == "inferred"
    assert inferred.precision in ("range", "month")
    assert in_march_2019(inferred)
    assert inferred.earliest is not None and inferred.latest is not None
    assert inferred.earliest <= date(2019, 3, 18) <= inferred.latest


def test_a_hint_that_contradicts_the_landmark_wins() -> None:
    """The caller's hint is trusted first: the landmark cannot move the anchor out of it."""
    text = seed("001")
    hint = PublishedDate(date(2020, 7, 2), date(2020, 1, 1), date(2020, 12, 31), "year", "user")
    inferred = infer_published(text, find_timexes(text), hint=hint)
    assert inferred.earliest is not None and inferred.earliest.year == 2020


def test_recent_dated_news_gives_a_range_after_the_dated_event() -> None:
    text = (
        "The two leaders met in Hanoi on Feb. 27, 2019. The summit ended without a deal on "
        "Feb. 28, and vice ministers met again on March 6. The envoy flew home last week."
    )
    inferred = infer_published(text, find_timexes(text))
    assert inferred.is_known and inferred.source == "inferred"
    assert inferred.earliest is not None and inferred.latest is not None
    assert inferred.earliest >= date(2019, 2, 27)
    assert inferred.latest <= date(2019, 7, 1)
    assert inferred.value is not None and inferred.earliest <= inferred.value <= inferred.latest


def test_history_alone_is_not_a_publication_date() -> None:
    text = (
        "The guerrillas landed on Dec. 2, 1956, and took Havana on Jan. 1, 1959. "
        "Castro later ruled for decades; in 1962 the missile crisis began."
    )
    assert not infer_published(text, find_timexes(text)).is_known


def test_years_alone_say_too_little() -> None:
    text = "Sales rose in 2017 and fell in 2018."
    assert not infer_published(text, find_timexes(text)).is_known


def test_no_dates_at_all() -> None:
    assert not infer_published("No dates here.", []).is_known


def test_stamps_in_skip_are_not_evidence() -> None:
    text = "Modified on : 2019-10-19 20:29 KST\nThe envoy met Lavrov on Apr. 5, 2018 and Apr. 9."
    mentions = find_timexes(text)
    stamp = Span(0, text.index("\n"), "stamp")
    inferred = infer_published(text, mentions, skip=[stamp])
    assert inferred.is_known and inferred.earliest is not None and inferred.latest is not None
    assert inferred.latest < date(2019, 1, 1)


def test_weekdays_against_the_inferred_range_are_uncertain() -> None:
    text = seed("001")
    mentions = find_timexes(text)
    anchor = infer_published(text, mentions, hint=YEAR_2019)
    thursday = next(m for m in mentions if m.text == "Thursday")
    resolved = resolve(thursday, anchor)
    assert resolved.uncertain
    assert resolved.first is not None and resolved.first.weekday() == 3


def test_a_dated_landmark_last_year_gives_the_year_after() -> None:
    text = (
        "North Korean officials said the Singapore summit last year had opened a new chapter. "
        "Negotiators met again on Thursday."
    )
    inferred = infer_published(text, find_timexes(text))
    assert inferred.source == "inferred" and inferred.precision == "range"
    assert (inferred.earliest, inferred.latest) == (date(2019, 1, 1), date(2019, 12, 31))
    thursday = next(m for m in find_timexes(text) if m.text == "Thursday")
    assert resolve(thursday, inferred).uncertain


def test_a_landmark_written_with_a_possessive_relative() -> None:
    text = "Since last month's Vladivostok summit, trade has grown. Officials met on May 20."
    inferred = infer_published(text, find_timexes(text))
    assert inferred.precision == "month" and inferred.iso() == "2019-05"


def test_nothing_datable_stays_unknown() -> None:
    text = (
        "Officials met on Thursday to discuss trade. A summit may follow next month, "
        "the ministry said, without giving details."
    )
    assert not infer_published(text, find_timexes(text)).is_known


def test_a_landmark_named_without_a_relative_only_bounds_from_below() -> None:
    """ "the Singapore summit" alone: written after mid-2018 (or shortly before), no upper
    bound, so nothing to place an anchor in."""
    text = "The Singapore summit produced a vague statement. Talks resumed on Thursday."
    assert not infer_published(text, find_timexes(text)).is_known


def test_an_officials_term_and_yearless_dates_give_the_year() -> None:
    """Suga was prime minister from September 2020 to October 2021: only one Feb. 28 fits."""
    text = (
        "Japanese Prime Minister Yoshihide Suga said the talks that ended on Feb. 28 were "
        "useful. The envoys met again last month, and will meet on March 30."
    )
    start = text.index("Yoshihide Suga")
    suga = EntitySpan(start, start + 14, "Yoshihide Suga", "PERSON", "Yoshihide Suga", "person")
    mentions = find_timexes(text)
    assert not infer_published(text, mentions).is_known  # without the entity: no year
    inferred = infer_published(text, mentions, entities=[suga])
    assert inferred.source == "inferred"
    assert inferred.earliest is not None and inferred.latest is not None
    assert date(2021, 3, 1) <= inferred.earliest <= inferred.latest <= date(2021, 3, 31)


def test_a_former_officials_title_does_not_date_the_term() -> None:
    text = (
        "Former Japanese Prime Minister Yoshihide Suga said the talks that ended on Feb. 28 "
        "were useful. The envoys met again last month."
    )
    start = text.index("Yoshihide Suga")
    suga = EntitySpan(start, start + 14, "Yoshihide Suga", "PERSON", "Yoshihide Suga", "person")
    assert not infer_published(text, find_timexes(text), entities=[suga]).is_known


def test_seeds_000_and_004_without_manifest_keep_their_printed_dates(tmp_path: Path) -> None:
    """Ingest reads the printed stamp ("Posted on : 2018-04-06", "January 22, 2015"); the
    pipeline infers only for documents that have no date, so those stay as printed."""
    from nkviewer.ingest import read_document

    for name, day in (("000", date(2018, 4, 6)), ("004", date(2015, 1, 22))):
        source = next(SEEDS.glob(f"{name}_*.txt"))
        copy = tmp_path / source.name  # no manifest.csv beside it
        copy.write_bytes(source.read_bytes())
        doc = read_document(copy)
        assert doc.published.source == "text"
        assert doc.published.is_day and doc.published.value == day


@pytest.mark.model
def test_seed_001_events_against_the_inferred_anchor(tmp_path: Path) -> None:
    """Parsed without its manifest, seed 001 gets a March 2019 range; the meeting "Thursday"
    lands in it, marked uncertain (a weekday against a range), and the sentence that repeats
    it ("The talks ... took place Thursday") is merged into it."""
    from nkviewer.events.build import build_events
    from nkviewer.events.merge import merge_events
    from nkviewer.ingest import read_document
    from nkviewer.nlp.model import load_pipeline
    from nkviewer.nlp.parse import configure_pipeline, parse_documents

    source = next(SEEDS.glob("001_*.txt"))
    copy = tmp_path / source.name
    copy.write_bytes(source.read_bytes())
    doc = read_document(copy)
    assert not doc.published.is_known
    (parsed,) = parse_documents([doc], configure_pipeline(load_pipeline()))
    skip = [*doc.junk, *doc.stamps]
    anchor = infer_published(doc.text, parsed.timexes, skip=skip, entities=parsed.entities)
    assert anchor.source == "inferred" and in_march_2019(anchor)
    parsed.document = doc.with_published(anchor)

    events = build_events(parsed)
    (met,) = [e for e in events if e.title == "Im Chon-il met Igor Morgulov"]
    assert met.time_text == "Thursday" and met.uncertain
    assert met.granularity == "day" and "2019-03-01" <= met.start == met.end <= "2019-03-31"
    assert met.doc_published_source == "inferred"

    merged = merge_events(events)
    (met,) = [e for e in merged if e.title == "Im Chon-il met Igor Morgulov"]
    talks = doc.text.index("The talks between the vice foreign ministers")
    assert talks in {s["sentence_start"] for s in met.sources} and len(met.sources) == 2
    assert not any(e.title == "Talks took place" for e in merged)
