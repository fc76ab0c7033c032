"""General conventions of news English for date values, found in TimeBank's wrong values and
kept only when they cost AQUAINT (the held-out corpus) nothing (issue 11, sixth pass).

Every sentence here was written for these tests; none is taken from a corpus.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import pytest

from nkviewer.nlp.timex import tag

if TYPE_CHECKING:
    from spacy.language import Language

MAR_1_2026 = date(2026, 3, 1)
MAR_20_2026 = date(2026, 3, 20)
OCT_20_2025 = date(2025, 10, 20)


def _value(text: str, dct: date, expr: str) -> Any:
    for m, r in tag(text, dct):
        if m.text == expr:
            return m.type, r.value
    found = [m.text for m, _ in tag(text, dct)]
    raise AssertionError(f"{expr!r} not found in {text!r}; found {found}")


# fmt: off
LAST_MONTH_NAME: list[tuple[str, date, str, str]] = [
    # the month just ended has its own name ("last month"): "last <Month>" is a year before
    ("Two ferries collided last February off the coast.", MAR_1_2026, "last February",
     "2025-02"),
    ("The union struck last September, the mayor recalled.", OCT_20_2025, "last September",
     "2024-09"),
    # the month of writing, likewise
    ("The pier reopened last March after repairs.", MAR_20_2026, "last March", "2025-03"),
    # further back, the latest one: "last January" in March is this year's
    ("The bridge closed last January for repairs.", MAR_20_2026, "last January", "2026-01"),
    ("The council voted last June to sell the land.", OCT_20_2025, "last June", "2025-06"),
    # "this past February" is the one just ended
    ("Sales fell this past February, the shop said.", MAR_1_2026, "this past February",
     "2026-02"),
    # a season keeps the latest one: "last summer" in October is this year's summer
    ("The river ran dry last summer.", OCT_20_2025, "last summer", "2025-SU"),
]

NTH_DAY_TODAY: list[tuple[str, date, str, str, str]] = [
    # a count of days that names the day of writing
    ("In the capital, today is the ninth day of the blockade.", MAR_20_2026, "the ninth day",
     "DATE", "2026-03-20"),
    ("It's the third day of a strike by dock workers.", MAR_20_2026, "the third day", "DATE",
     "2026-03-20"),
    ("It is the 12th straight day without power in the valley.", MAR_20_2026,
     "the 12th straight day", "DATE", "2026-03-20"),
]
# fmt: on


@pytest.mark.parametrize(("text", "dct", "expr", "value"), LAST_MONTH_NAME)
def test_last_month_name_is_not_the_month_just_ended(
    text: str, dct: date, expr: str, value: str
) -> None:
    assert _value(text, dct, expr) == ("DATE", value)


@pytest.mark.parametrize(("text", "dct", "expr", "typ", "value"), NTH_DAY_TODAY)
def test_the_nth_day_that_today_is(text: str, dct: date, expr: str, typ: str, value: str) -> None:
    assert _value(text, dct, expr) == (typ, value)


@pytest.mark.parametrize(
    "text",
    [
        "He spent the second day of his visit in the hills.",
        "It was the second day of the strike.",
        "It's the second time this year the plant has closed.",
    ],
)
def test_an_ordinal_day_that_is_not_today_is_no_date(text: str) -> None:
    found = [m.text for m, _ in tag(text, MAR_20_2026)]
    assert not any("day" in f for f in found), found


# fmt: off
PAST_VERB_OBJECT: list[tuple[str, date, str, str]] = [
    # without the parser: a past verb, its object, then the date: the date has passed
    ("The ferry company switched from a summer timetable to a winter one in December.",
     OCT_20_2025, "December", "2024-12"),
    ("The envoy handed over a letter in November.", OCT_20_2025, "November", "2024-11"),
    ("The mill moved to the old port in December.", OCT_20_2025, "December", "2024-12"),
    # a verb of reporting or arranging does not date its object: the nearest one
    ("The council announced a referendum in December.", OCT_20_2025, "December", "2025-12"),
    ("She said the summit in November would go ahead.", OCT_20_2025, "November", "2025-11"),
    # nor a verb across an infinitive's "to" or a modal
    ("The city wanted to open a school in December.", OCT_20_2025, "December", "2025-12"),
    # an "-ed" word after a determiner is an adjective, no verb
    ("The revised plan in December is cheaper.", OCT_20_2025, "December", "2025-12"),
]
# fmt: on


@pytest.mark.parametrize(("text", "dct", "expr", "value"), PAST_VERB_OBJECT)
def test_past_verb_then_object_then_date_without_parser(
    text: str, dct: date, expr: str, value: str
) -> None:
    assert _value(text, dct, expr) == ("DATE", value)


# fmt: off
OVERNIGHT: list[tuple[str, date, str, str]] = [
    # in a past clause after a day just told: the night before that day
    ("Tokyo stocks fell on Wednesday. They were dragged down by overnight losses in Europe.",
     OCT_20_2025, "overnight", "2025-10-14TNI"),
    # and "the previous Friday" counts from the story's day, not from publication
    ("Grain prices closed higher on Friday. Traders were cheered by overnight rain in the "
     "plains. The price was up 3% from the previous Friday.", OCT_20_2025,
     "the previous Friday", "2025-10-10"),
    # told of no day, or not in the past: the night before publication
    ("Rebels shelled the city overnight.", OCT_20_2025, "overnight", "2025-10-19TNI"),
    ("Crews are working overnight to clear the line.", OCT_20_2025, "overnight",
     "2025-10-19TNI"),
]
# fmt: on


@pytest.mark.parametrize(("text", "dct", "expr", "value"), OVERNIGHT)
def test_overnight_is_the_night_before_the_day_told(
    text: str, dct: date, expr: str, value: str
) -> None:
    assert _value(text, dct, expr)[1] == value


@pytest.fixture(scope="module")
def nlp() -> Language:
    from nkviewer.nlp.model import load_pipeline
    from nkviewer.nlp.parse import configure_pipeline

    return configure_pipeline(load_pipeline())


# fmt: off
REPORTED_WOULD: list[tuple[str, date, str, str]] = [
    # a "would" reported by a past verb lies after the saying, not after publication: the
    # nearest such month, here the one just past (the plan was undone)
    ("Beijing said the delegation would travel in February, but the trip was called off.",
     MAR_20_2026, "February", "2026-02"),
    ("The ministry said in December that it would send envoys in January, but the visit "
     "was cancelled.", MAR_20_2026, "January", "2026-01"),
    ("Officials said the leaders would meet in January but the summit never took place.",
     MAR_20_2026, "January", "2026-01"),
    ("The mayor said the bridge would reopen in June.", MAR_20_2026, "June", "2026-06"),
    # a future of its own still looks ahead from publication
    ("The minister will visit Seoul in February.", MAR_20_2026, "February", "2027-02"),
    ("If elected, she would visit Seoul in February.", MAR_20_2026, "February", "2027-02"),
]
# fmt: on


@pytest.mark.model
@pytest.mark.parametrize(("text", "dct", "expr", "value"), REPORTED_WOULD)
def test_a_reported_would_is_the_future_of_the_saying(
    nlp: Language, text: str, dct: date, expr: str, value: str
) -> None:
    for m, r in tag(text, dct, doc=nlp(text)):
        if m.text == expr:
            assert r.value == value
            return
    raise AssertionError(f"{expr!r} not found in {text!r}")
