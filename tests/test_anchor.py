"""Publication date inferred from the content when nothing else gives one."""

from __future__ import annotations

from datetime import date

from conftest import SEEDS

from nkviewer.ingest.document import PublishedDate, Span
from nkviewer.nlp.anchor import infer_published
from nkviewer.nlp.timex import find_timexes, resolve

YEAR_2019 = PublishedDate(date(2019, 7, 2), date(2019, 1, 1), date(2019, 12, 31), "year", "user")


def seed(name: str) -> str:
    path = next(SEEDS.glob(f"{name}_*.txt"))
    return path.read_text(encoding="utf-8-sig")


def test_seed_001_without_a_year_is_unknown() -> None:
    text = seed("001")  # "Feb. 28", "last month"... but no year anywhere
    assert not infer_published(text, find_timexes(text)).is_known


def test_seed_001_with_a_year_hint_is_march() -> None:
    text = seed("001")
    inferred = infer_published(text, find_timexes(text), hint=YEAR_2019)
    assert inferred.source == "inferred"
    assert inferred.precision in ("range", "month")
    assert inferred.earliest is not None and inferred.latest is not None
    assert date(2019, 3, 1) <= inferred.earliest <= inferred.latest <= date(2019, 3, 31)
    assert inferred.earliest <= date(2019, 3, 18) <= inferred.latest


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
