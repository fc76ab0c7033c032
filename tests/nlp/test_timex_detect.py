"""Detection: what is not a date, offsets, skipped spans, recipes, tense cues, anchors."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from nkviewer.ingest.document import PublishedDate, Span
from nkviewer.nlp.timex import find_timexes, resolve, tag
from nkviewer.nlp.timex.tense import tense_from_text
from nkviewer.nlp.timex.types import TimexMention

MONDAY = date(2019, 3, 18)


@pytest.fixture(scope="session")
def nlp() -> Any:
    from nkviewer.nlp.model import load_pipeline

    return load_pipeline()  # cached: one pipeline for every test module


def texts(text: str) -> list[str]:
    return [m.text for m in find_timexes(text)]


@pytest.mark.parametrize(
    "text",
    [
        "It may be setting a backup plan in motion.",
        "Its negotiation with the U.S. may eventually break down.",
        "Thousands march on the capital to protest.",
        "Protesters will March on Parliament, organisers said.",  # sentence-medial verb
        "The Sunday Times reported the deal.",
        "This year marks the 70th anniversary of the agreement.",
        "Reports, including from 38 North, suggest malnutrition is worse.",
        "The company paid $1,998 for 2,019 shares, a 1998% rise.",
        "About 1500 troops crossed the border.",
        "He is 45 years old and she is a 30-year-old engineer.",
        "Sales rose 12 percent to 4.5 million units.",
        "Iraq imports about three-quarters of its food.",
        "He appeared on CBS's 60 Minutes to explain.",
        "Secretary Baker, speaking on ABC's This Week, said so.",
    ],
)
def test_not_dates(text: str) -> None:
    found = [m for m in find_timexes(text) if m.type in ("DATE", "TIME")]
    assert not [m.text for m in found if m.text not in ("This year",)], (
        f"unexpected dates in {text!r}"
    )


def test_modal_may_and_month_may_in_one_sentence() -> None:
    text = "Kim may visit Russia in May, and Xi may attend the May 9 ceremony."
    assert texts(text) == ["May", "May 9"]


def test_offsets_are_string_indices_with_non_ascii_text() -> None:
    text = "김정은 위원장은 💥 Thursday 모스크바에서 met Putin on Apr. 9–11."
    for m in find_timexes(text):
        assert text[m.start : m.end] == m.text
    assert texts(text) == ["Thursday", "Apr. 9–11"]


def test_skip_spans_are_ignored() -> None:
    text = (
        "Posted on : 2018-04-06 17:29 KST Modified on : 2019-10-19 20:29 KST\nTalks began Apr. 4."
    )
    stamp_end = text.index("\n")
    found = find_timexes(text, skip=[Span(0, stamp_end, "stamp")])
    assert [m.text for m in found] == ["Apr. 4"]


def test_recipes_are_json_and_round_trip() -> None:
    text = (
        "The talks took place Thursday. State media reported it four days later. "
        "Sales rose in the third quarter from a year earlier, between January and July."
    )
    for m in find_timexes(text):
        data = json.loads(json.dumps(m.to_json()))
        again = TimexMention.from_json(data)
        assert again == m
        anchor = PublishedDate.day(MONDAY, "user")
        assert resolve(again, anchor) == resolve(m, anchor)


def test_detection_does_not_depend_on_the_anchor() -> None:
    text = "Im Chon-il met Igor Morgulov in Moscow Thursday; the visit ends next week."
    first = find_timexes(text)
    a = [resolve(m, PublishedDate.day(date(2019, 3, 18), "user")).value for m in first]
    b = [resolve(m, PublishedDate.day(date(2019, 3, 25), "user")).value for m in first]
    assert a == ["2019-03-14", "2019-W13"]
    assert b == ["2019-03-21", "2019-W14"]


def test_weekday_tense_decides_direction() -> None:
    past = tag("Im met Morgulov in Moscow Thursday.", MONDAY)
    future = tag("Im will meet Morgulov in Moscow Thursday.", MONDAY)
    assert past[0][1].value == "2019-03-14"
    assert future[0][1].value == "2019-03-21"


def test_weekday_of_the_publication_day_in_a_report_of_the_day() -> None:
    thursday = date(2015, 1, 22)
    [(_, r)] = tag("China said Thursday that a visit would be welcome.", thursday)
    assert r.value == "2015-01-22"


def test_unknown_anchor_keeps_absolute_and_masks_relative() -> None:
    found = {
        m.text: r for m, r in tag("They met on April 5, 2018 and meet again next month.", None)
    }
    assert found["April 5, 2018"].value == "2018-04-05"
    assert found["April 5, 2018"].first == date(2018, 4, 5)
    assert found["next month"].value == "XXXX-XX"
    assert found["next month"].first is None and found["next month"].last is None


def test_range_anchor_makes_weekdays_uncertain_not_invented() -> None:
    march = PublishedDate(
        date(2019, 3, 16), date(2019, 3, 1), date(2019, 3, 31), "range", "inferred"
    )
    found = {m.text: r for m, r in tag("Im met Morgulov on Thursday, after Feb. 28.", march)}
    assert found["Thursday"].uncertain
    assert found["Thursday"].first is not None  # a best guess, flagged
    assert not found["Feb. 28"].uncertain
    assert found["Feb. 28"].value == "2019-02-28"


def test_month_anchor_resolves_last_month_exactly() -> None:
    march = PublishedDate(
        date(2019, 3, 1), date(2019, 3, 1), date(2019, 3, 31), "month", "inferred"
    )
    [(_, r)] = tag("The summit failed last month.", march)
    assert (r.value, r.uncertain) == ("2019-02", False)


def test_durations_and_sets_have_no_calendar_span() -> None:
    for m, r in tag("A two-day summit, held annually, lasted for 70 years.", MONDAY):
        assert m.type in ("DURATION", "SET")
        assert not r.is_calendar


def test_narrowed_bounds_for_early_mid_late() -> None:
    found = {m.text: r for m, r in tag("In early 2013, mid-2018 and late 2011.", MONDAY)}
    early, mid, late = found["early 2013"], found["mid-2018"], found["late 2011"]
    assert (
        early.mod == "START" and early.first == date(2013, 1, 1) and early.last < date(2013, 6, 1)
    )
    assert mid.mod == "MID" and date(2018, 4, 1) < mid.first < mid.last < date(2018, 10, 1)
    assert late.mod == "END" and late.last == date(2011, 12, 31) and late.first > date(2011, 8, 1)


def test_regex_tense_fallback() -> None:
    text = "The delegation will visit on Saturday, the agency said on Thursday."
    sat = text.index("Saturday")
    thu = text.index("Thursday")
    assert tense_from_text(text, sat, sat + 8) == "future"
    assert tense_from_text(text, thu, thu + 8) == "past"


def test_linear_time_on_long_text() -> None:
    """Catastrophic backtracking would make this hang; it must simply finish."""
    text = ("the last " * 2000) + ("May 9 and " * 500) + "1 2 3 4 5 " * 1000
    found = find_timexes(text)
    assert found


@pytest.mark.model
def test_tense_from_the_parse(nlp: Any) -> None:
    text = (
        "A Chinese delegation will visit for its 75th founding anniversary, which is on "
        "Saturday, the North's state media said on Thursday."
    )
    doc = nlp(text)
    found = {m.text: (m, r) for m, r in tag(text, date(2023, 9, 7), doc=doc)}
    assert found["Saturday"][1].value == "2023-09-09"
    assert found["Thursday"][1].value == "2023-09-07"
    assert found["Thursday"][0].tense == "past"


SEED_EXPECTATIONS = {
    # seed: (publication day, {expression as written: expected values, in order of appearance})
    "001": (
        date(2019, 3, 18),
        {
            "Thursday": ["2019-03-14", "2019-03-21", "2019-03-14"],
            "Sunday": ["2019-03-17"],
            "Saturday": ["2019-03-16", "2019-03-16", "2019-03-16"],
            "Feb. 28": ["2019-02-28"],
            "four days later": ["2019-03-18"],
        },
    ),
    "003": (
        date(2023, 9, 7),
        {
            "Saturday": ["2023-09-09"],
            "Thursday": ["2023-09-07"],
            "Sunday to Wednesday": ["2023-09-10/2023-09-13"],
            "next week": ["2023-W37"],
        },
    ),
    "004": (
        date(2015, 1, 22),
        {
            "Thursday": ["2015-01-22"],
            "Wednesday": ["2015-01-21"],
            "November": ["2014-11"],
            "May": ["2015-05"],
            "last year": ["2014"],
            "early 2013": ["2013"],
            "late 2011": ["2011"],
        },
    ),
}


@pytest.mark.model
@pytest.mark.parametrize("seed", sorted(SEED_EXPECTATIONS))
def test_seed_expressions_with_the_parser(nlp: Any, seed: str, seeds_dir: Any) -> None:
    day, expected = SEED_EXPECTATIONS[seed]
    text = next(seeds_dir.glob(f"{seed}_*.txt")).read_text(encoding="utf-8-sig")
    got: dict[str, list[str]] = {}
    for m, r in tag(text, day, doc=nlp(text)):
        got.setdefault(m.text, []).append(r.value)
    for expr, values in expected.items():
        assert got.get(expr) == values, expr


def test_chains_of_relative_days_stay_small_and_exact() -> None:
    text = "He arrived on March 3. " + " ".join(["The next day, he moved on."] * 12)
    found = tag(text, MONDAY)
    assert [r.value for _, r in found][-1] == "2019-03-15"
    assert max(len(json.dumps(m.recipe)) for m, _ in found) < 400


# --- impossible and out-of-range days are not dates (issue 12, points 2 and 9) ---------------


def _resolved(text: str, anchor: date = MONDAY) -> list[tuple[str, Any, Any]]:
    dct = PublishedDate.day(anchor, "manifest")
    return [(m.text, resolve(m, dct).first, resolve(m, dct).last) for m in find_timexes(text)]


@pytest.mark.parametrize(
    "text",
    [
        "They met on the 31st of February.",
        "They met on 31 February 2019.",
        "They met on February 30.",
        "They met on 2019-02-29.",
        "They met on February 29, 2019.",
        "They met on 29 Feb 2100.",
        "They met on April 31.",
        "It was signed on 0000-01-01.",
        "It was signed on 2019-13-01.",
    ],
)
def test_an_impossible_day_is_not_a_date_nor_its_month(text: str) -> None:
    assert _resolved(text) == []


def test_a_leap_day_is_a_date_in_a_leap_year_only() -> None:
    assert _resolved("They met on February 29, 2020.") == [
        ("February 29, 2020", date(2020, 2, 29), date(2020, 2, 29))
    ]
    # A yearless 29 February is dated as the 28th would be; in a common year it is not a date.
    assert _resolved("They met on 29 February.", date(2020, 3, 10)) == [
        ("29 February", date(2020, 2, 29), date(2020, 2, 29))
    ]
    assert _resolved("They met on 29 February.", date(2019, 3, 10)) == [("29 February", None, None)]


def test_a_day_past_the_calendar_is_not_a_date() -> None:
    """9999-12-31 is the last day there is: "the following day" resolves to nothing."""
    found = _resolved("The deal runs until 9999-12-31 and the following day.")
    assert found == [
        ("9999-12-31", date(9999, 12, 31), date(9999, 12, 31)),
        ("the following day", None, None),
    ]


def test_a_deep_chain_keeps_the_date_it_counts_from() -> None:
    """Past the depth kept in a recipe, a chain from a named date is replaced by the unit it
    comes to, not counted from publication."""
    from nkviewer.nlp.timex.detect import MAX_BASE_DEPTH

    steps = ["The next spring it flooded.", "That winter it froze.", "The following year it shut."]
    text = "The mill opened in April 1998. " + " ".join(steps * MAX_BASE_DEPTH)
    found = tag(text, MONDAY)
    years = [r.value[:4] for m, r in found if m.text.lower().startswith("the following year")]
    assert years == [str(2000 + 2 * k) for k in range(MAX_BASE_DEPTH)]  # 1999-SP, 1999-WI, 2000
    assert max(len(json.dumps(m.recipe)) for m, _ in found) < 1200


@pytest.mark.parametrize(
    ("recipe", "fixed"),
    [
        (
            {
                "kind": "shift",
                "unit": "day",
                "count": 1,
                "base": {"kind": "date", "year": 2016, "month": 8, "day": 2},
            },
            {"kind": "date", "year": 2016, "month": 8, "day": 3},
        ),
        (
            {
                "kind": "shift",
                "unit": "week",
                "count": 1,
                "base": {"kind": "date", "year": 2011, "month": 3, "day": 9},
            },
            {"kind": "date", "year": 2011, "week": 11},
        ),
        (
            {
                "kind": "date",
                "season": "WI",
                "direction": 0,
                "base": {"kind": "date", "year": 1998, "month": 4},
            },
            {"kind": "date", "year": 1998, "season": "WI"},
        ),
        ({"kind": "shift", "unit": "year", "count": 1}, None),  # counted from publication
        ({"kind": "date", "month": 7, "narrative": {"kind": "date", "year": 2012}}, None),
    ],
)
def test_fixed_recipe_is_the_unit_a_chain_comes_to(recipe: Any, fixed: Any) -> None:
    from nkviewer.nlp.timex.resolve import fixed_recipe

    assert fixed_recipe(recipe) == fixed


def test_spans_keep_neither_the_space_before_nor_the_full_stop_after() -> None:
    text = "The storm passed.\n\nToday the town is quiet. Yesterday it was not. The bus left at "
    text += "6pm. It came back at 9 a.m. and left again at 5 am. Later today it rains."
    found = [m.text for m in find_timexes(text)]
    assert found == ["Today", "Yesterday", "6pm", "9 a.m.", "5 am", "Later today"]


@pytest.mark.parametrize(
    "text",
    [
        "Six zero-days were exploited, said the head of the Zero Day Initiative.",  # flaws
        "Visibility was less than a quarter mile at the pad.",  # a distance
        "The study was published in the journal Current Biology.",  # a name
        "The lake existed some 67 million years ago.",  # no vague "years" of geology
    ],
)
def test_not_times_at_all(text: str) -> None:
    assert texts(text) == []


# fmt: off
SPANS: list[tuple[Any, ...]] = [
    # the two years of a span before "period", not a quarter of its second
    ("Growth is expected in the 2026–2030 period.", "2026–2030", "2026-01-01/2030-12-31",
     None),
    ("Over the past hundred years, the party has grown.", "the past hundred years",
     "P100Y", None),
    # a length compared, not a date
    ("The fund will be depleted in 2033, a year earlier than previously projected.",
     "a year", "P1Y", None),
    # a season's or a holiday's lateness is no part of the year; a week's start is
    ("Easter is late this year.", "this year", "2025", None),
    ("Flu season is arriving early this year.", "this year", "2025", None),
    ("Shipments are arriving early next week.", "early next week", "2025-W19", "START"),
    # a count, a noun, then "an hour": a rate
    ("One train an hour will run on Sundays.", "an hour", "PT1H", None),
]
# fmt: on


@pytest.mark.parametrize(("text", "expr", "value", "mod"), SPANS)
def test_spans_lengths_and_lateness(text: str, expr: str, value: str, mod: str | None) -> None:
    found = {m.text: (r.value, r.mod) for m, r in tag(text, date(2025, 4, 30))}
    assert found.get(expr) == (value, mod), found
