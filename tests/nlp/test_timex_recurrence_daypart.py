"""TIMEX3 shapes of issue 11 written for these tests: "quarterly" as a SET, dawn and dusk on a
named day, "the night before" in the story's time, and "a Friday in May" (some Friday, not a
calendar date: `XXXX-WXX-5`). Every sentence here was written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from nkviewer.nlp.timex import tag

WED_MAR_11_2026 = date(2026, 3, 11)


def _found(text: str) -> dict[str, tuple[str, str, str | None]]:
    return {m.text: (m.type, r.value, r.anchor) for m, r in tag(text, WED_MAR_11_2026)}


# fmt: off
ROWS: list[tuple[str, str, str, str]] = [
    # how often something is done: a SET of its period
    ("The fund reports its holdings quarterly.", "quarterly", "SET", "P3M"),
    ("Interest on the bonds is paid quarterly in arrears.", "quarterly", "SET", "P3M"),
    ("Rents are reviewed on a quarterly basis.", "quarterly", "SET", "P3M"),
    ("The levy will be recalculated quarterly and published online.", "quarterly", "SET",
     "P3M"),
    ("Members renew their cards annually.", "annually", "SET", "P1Y"),
    ("The newsletter goes out weekly.", "weekly", "SET", "P1W"),
    # dawn and dusk on a named day: that day's morning or evening
    ("Soldiers stormed the compound at dawn on Tuesday.", "dawn on Tuesday", "TIME",
     "2026-03-10TMO"),
    ("Fishermen set out before dawn Friday.", "dawn Friday", "TIME", "2026-03-06TMO"),
    ("The curfew began Sunday at dusk.", "Sunday at dusk", "TIME", "2026-03-08TEV"),
    ("The convoy crossed the border at dusk yesterday.", "dusk yesterday", "TIME",
     "2026-03-10TEV"),
    ("The ceremony will start at sunrise tomorrow.", "sunrise tomorrow", "TIME",
     "2026-03-12TMO"),
    # noon and midnight with a day (already written by the clock rules)
    ("The polls close at noon Friday.", "noon Friday", "TIME", "2026-03-13T12:00"),
]
# fmt: on


@pytest.mark.parametrize(("text", "expression", "kind", "value"), ROWS)
def test_recurrence_and_twilight(text: str, expression: str, kind: str, value: str) -> None:
    found = _found(text)
    assert expression in found, found
    assert found[expression][:2] == (kind, value)


@pytest.mark.parametrize(
    "text",
    [
        "The trust raised its quarterly dividend by two cents.",  # a kind of payment
        "The council released a quarterly report on housing.",
        "The firm paid an initial quarterly of four cents a share.",
        "The Quarterly Review printed the letter.",  # a title
        "The sun was low at dawn.",  # no day: not dated
        "They asked Dawn Tuesday about the plan.",  # a name
    ],
)
def test_not_a_set_or_not_dated(text: str) -> None:
    found = _found(text)
    assert not any(v.startswith("P3M") or "TMO" in v for _, v, _ in found.values()), found


def test_the_night_before_is_the_day_before_the_story_day_at_night() -> None:
    text = "On June 8, 2019, the dam gave way. The night before, villagers had been warned."
    found = _found(text)
    assert found["The night before"] == ("TIME", "2019-06-07TNI", "narrative")


def test_the_morning_after_follows_the_day_just_told() -> None:
    text = "The vote was held on Oct. 4, 2021. The morning after, the count was disputed."
    assert _found(text)["The morning after"] == ("TIME", "2021-10-05TMO", "narrative")


def test_the_night_before_an_event_is_not_dated_alone() -> None:
    # "the night before the final" counts from an event, not from a date
    assert "the night before" not in _found("She slept badly the night before the final.")


@pytest.mark.parametrize(
    ("text", "container", "value"),
    [
        ("The two envoys met one Friday in May.", "May", "2025-05"),
        ("It happened on a Sunday in March 2019.", "March 2019", "2019-03"),
        ("The deal was signed on a Monday in 2017.", "2017", "2017"),
    ],
)
def test_a_weekday_in_a_month_is_no_date_but_its_month_is(
    text: str, container: str, value: str
) -> None:
    found = _found(text)
    assert found[container][1] == value
    # no day was invented for "a Friday": only the weekday of an unknown week, no anchor
    days = [(k, v) for k, v in found.items() if v[1].startswith(("19", "20"))]
    assert all(len(v[1]) < 10 for _, v in days), found
    (weekday,) = [v for v in found.values() if v[1].startswith("XXXX-WXX-")]
    assert weekday[0] == "DATE" and weekday[2] is None


def test_a_weekday_before_a_noun_is_still_the_day() -> None:
    # "in a Friday statement": the statement of the Friday just past
    found = _found("The ministry said in a Friday statement that talks had failed.")
    assert found["Friday"][1] == "2026-03-06"
