"""General shapes of English news dates and their TIMEX3 values (issue 11, eighth pass).

Every sentence here was written for these tests; none is taken from a corpus. Each row: the
text, the publication date, the expression as it must be found, its TIMEX3 type and value.
"""

from __future__ import annotations

from datetime import date

import pytest

from nkviewer.nlp.timex import tag

WED_MAR_18_2026 = date(2026, 3, 18)

Row = tuple[str, str, str, str]

# fmt: off
ROWS: list[Row] = [
    # some day of that name, no week known: the weekday of an unknown week
    ("The committee met on a Friday, a member said.", "a Friday", "DATE", "XXXX-WXX-5"),
    ("Flights resumed one Monday in late spring.", "one Monday", "DATE", "XXXX-WXX-1"),
    # a relative day opening its clause, its subject right after it: the story's day before
    ("He was arrested on Tuesday. She said the day before he had flown home from Oslo.",
     "the day before", "DATE", "2026-03-16"),
    ("The ferry sank on March 3, 2012. The day before the crew had warned the owners.",
     "The day before", "DATE", "2012-03-02"),
    ("The mill closed on May 2, 2019. A week earlier the owners were sold out.",
     "A week earlier", "DATE", "2019-04-25"),
    ("The mayor resigned in June 2021. The month before he had been cleared.",
     "The month before", "DATE", "2021-05"),
    # a half or quarter "of the year": one expression
    ("Growth slowed in the second half of the year.", "the second half of the year", "DATE",
     "2025-H2"),
    ("Growth will pick up in the second half of the year.", "the second half of the year",
     "DATE", "2026-H2"),
    ("Orders will rise in the last quarter of the year.", "the last quarter of the year", "DATE",
     "2026-Q4"),
    # the start, middle and end of the year: the year, with its part as a mod
    ("Talks resume at the start of the year.", "the start of the year", "DATE", "2026"),
    ("The bill passed at the beginning of the year.", "the beginning of the year", "DATE",
     "2026"),
    ("In 2019 the plant opened; by the middle of the year it employed 300.",
     "the middle of the year", "DATE", "2019"),
    # a fraction of a month in the next unit down, as years and hours already were
    ("The strike lasted three and a half months.", "three and a half months", "DURATION",
     "P3M15D"),
    ("Repairs took a month and a half.", "a month and a half", "DURATION", "P1M15D"),
    ("Repairs took half a month.", "half a month", "DURATION", "P15D"),
    ("The talks dragged on for two and a half years.", "two and a half years", "DURATION",
     "P2Y6M"),
    # a season counted back over the years: that season, year after year
    ("Riots have broken out for the past three summers.", "the past three summers", "SET",
     "XXXX-SU"),
    ("Floods hit the town in each of the last two winters.", "the last two winters", "SET",
     "XXXX-WI"),
    ("Over the past few summers crowds grew.", "the past few summers", "SET", "XXXX-SU"),
    # "the past" alone is still the vague past
    ("Things were different in the past.", "the past", "DATE", "PAST_REF"),
    # a vague stretch opening its sentence, as mid-sentence
    ("In the years that followed, the rebels grew.", "the years", "DURATION", "PXY"),
    ("Over the months, prices rose.", "the months", "DURATION", "PXM"),
    ("He lived there in the years that followed.", "the years", "DURATION", "PXY"),
    # a day of the month written as an ordinal word
    ("On the third of March the strike began.", "the third of March", "DATE", "2026-03-03"),
    ("The law takes effect on the first of May.", "the first of May", "DATE", "2026-05-01"),
    # "last" with its noun left out after "as" or "than": one unit before "this ..."
    ("Dividends will be twice as high this year as last.", "last", "DATE", "2025"),
    ("Exports grew faster this month than last, the ministry said.", "last", "DATE", "2026-02"),
    ("Profit this quarter was lower than last.", "last", "DATE", "2025-Q4"),
    # "the year" before "of" and a price: the period of a high or a low, not "the year of X"
    ("The stock hit a low for the year of $3.25 on Tuesday.", "the year", "DATE", "2026"),
    ("Shares touched a high for the year of 85 cents.", "the year", "DATE", "2026"),
    # how often something is done stays a set
    ("The fair is held annually.", "annually", "SET", "P1Y"),
    ("The council meets weekly in the old hall.", "weekly", "SET", "P1W"),
]

#: Expressions that name no time of their own.
NOT_DATES: list[tuple[str, str]] = [
    # "before" joining a clause: the day before a happening, not a day before a date
    ("He left the day before his wife arrived.", "the day before"),
    ("He was arrested on Tuesday. The day before he flew home he sold his car.",
     "The day before"),
    ("He was freed on Tuesday. The day after he had been released, he sold his car.",
     "The day after"),
    # "the week before" a happening is not this week
    ("He sold his car the week before the election.", "the week"),
    ("The week before he flew home, he sold his car.", "The week"),
    # "the past" before a count is a determiner, not the vague past
    ("He has won the past three seasons.", "the past"),
    # "last" that is no unit: a rank, or its noun written
    ("He finished first in the heats but came in as last.", "last"),
    ("The team was ranked this year as last.", "last"),
    # "the year of" something: no year of its own
    ("It was the year of the flood.", "the year"),
    # no such day
    ("It ended on the thirtieth of February.", "the thirtieth of February"),
    # "annual" before its noun says what sort of thing it is, not when anything happens
    ("The town holds an annual fair in the square.", "annual"),
    ("Shareholders approved the plan at the annual meeting.", "annual"),
    ("The fund pays a semiannual coupon.", "semiannual"),
    ("Putin is expected to attend an annual economic forum that runs from Sunday to Wednesday.",
     "annual"),
]
# fmt: on


def _found(text: str) -> dict[str, tuple[str, str, str | None, str | None]]:
    return {m.text: (m.type, r.value, r.mod, r.anchor) for m, r in tag(text, WED_MAR_18_2026)}


@pytest.mark.parametrize(("text", "expr", "typ", "value"), ROWS)
def test_general_news_dates(text: str, expr: str, typ: str, value: str) -> None:
    found = _found(text)
    assert expr in found, found
    assert found[expr][:2] == (typ, value)


@pytest.mark.parametrize(("text", "expr"), NOT_DATES)
def test_not_a_date_of_its_own(text: str, expr: str) -> None:
    assert expr not in _found(text)


@pytest.mark.parametrize(
    ("text", "expr", "mod"),
    [
        ("Talks resume at the start of the year.", "the start of the year", "START"),
        ("The bill will pass in the middle of the year.", "the middle of the year", "MID"),
        ("The vote is expected by the end of the year.", "the end of the year", "END"),
    ],
)
def test_a_part_of_the_year_is_its_mod(text: str, expr: str, mod: str) -> None:
    assert _found(text)[expr][2] == mod


def test_some_weekday_has_no_calendar_span() -> None:
    # `events.build` makes events only of calendar spans: "a Friday" dates none
    text = "The two envoys met on a Friday, a diplomat said."
    ((m, r),) = [(m, r) for m, r in tag(text, WED_MAR_18_2026) if m.text == "a Friday"]
    assert (m.type, r.value, r.first, r.last, r.anchor) == ("DATE", "XXXX-WXX-5", None, None, None)
    assert not r.is_calendar


@pytest.mark.parametrize(
    ("text", "dct", "expr", "value"),
    [
        # a holiday's week is the ISO week that holds the day
        ("Shops stayed open through Christmas week.", date(2025, 12, 29), "Christmas week",
         "2025-W52"),
        ("Traffic peaked during Thanksgiving week.", date(2025, 12, 3), "Thanksgiving week",
         "2025-W48"),
        ("Pilgrims crowded the city as Easter week began.", date(2026, 3, 30), "Easter week",
         "2026-W14"),
        ("Christmas week 2019 was the busiest on record.", WED_MAR_18_2026,
         "Christmas week 2019", "2019-W52"),
        # the day alone stays the day
        ("Sales jumped at Christmas.", date(2026, 1, 5), "Christmas", "2025-12-25"),
    ],
)  # fmt: skip
def test_a_holidays_week(text: str, dct: date, expr: str, value: str) -> None:
    found = {m.text: (m.type, r.value) for m, r in tag(text, dct)}
    assert found.get(expr) == ("DATE", value), found
