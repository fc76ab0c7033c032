"""Decades written without their apostrophe, and the parts of a year or month in an earlier
year's story (issue 11, ninth pass).

Every sentence here was written for these tests; none is taken from a corpus. Values are the
TIMEX3 ones: a decade as its three digits ("199"), a part of it as its mod; a quarter or half
of the year as `YYYY-Qn` / `YYYY-Hn`; a half of a month as the month with START / END.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from nkviewer.cli.main import main
from nkviewer.nlp.timex import tag

WED_MAR_18_2026 = date(2026, 3, 18)


def _found(text: str) -> dict[str, tuple[str, str, str | None, str | None]]:
    return {m.text: (m.type, r.value, r.mod, r.anchor) for m, r in tag(text, WED_MAR_18_2026)}


# fmt: off
DECADES: list[tuple[str, str, str, str | None]] = [
    # a preposition of time before "the 80s": the decade
    ("Since the 90s the town has lost half its people.", "the 90s", "199", None),
    ("The band toured constantly throughout the 80s.", "the 80s", "198", None),
    ("During the 70s the port handled most of the grain.", "the 70s", "197", None),
    ("The mill has been empty since the 60s, neighbours said.", "the 60s", "196", None),
    ("During the mid-90s the plant doubled its staff.", "the mid-90s", "199", "MID"),
    # a number word in the next sentence says nothing about this one
    ("The mill was busy throughout the 80s. Its shares hit a high of $40 in 2001.", "the 80s",
     "198", None),
    ("The mill was busy throughout the 80s\nShares hit a high of $40 in 2001.", "the 80s",
     "198", None),
    # early / late, the start or the end of it: the decade with its part
    ("The club was founded in the early 90s by two brothers.", "the early 90s", "199",
     "START"),
    ("The factory closed in the late 70s and never reopened.", "the late 70s", "197", "END"),
    ("The law changed at the end of the 80s.", "the end of the 80s", "198", "END"),
    # the written-out shapes, as before
    ("Rents soared in the 1990s.", "the 1990s", "199", None),
    ("Rents soared in the '90s.", "the '90s", "199", None),
    ("Rents soared in the nineties.", "the nineties", "199", None),
    ("Rents soared in the early 1990s.", "the early 1990s", "199", "START"),
    ("The church dates from the 19th century.", "the 19th century", "18", None),
]

#: "the 90s" that counts something else: a temperature, a share, a score, an age, a price.
NOT_DECADES: list[tuple[str, str]] = [
    ("Prices soared in the 90s.", "the 90s"),
    ("Temperatures were in the 90s all week.", "the 90s"),
    ("Highs will reach the mid-90s on Sunday.", "the mid-90s"),
    ("Temperatures stayed in the low 90s.", "the 90s"),
    ("His approval rating has been in the late 80s.", "the late 80s"),
    ("Turnout was in the early 70s percent range.", "the early 70s"),
    ("She is in her early 90s.", "early 90s"),
    ("The shares traded around the 90s for most of the day.", "the 90s"),
    ("The residents' ages were mostly in the late 80s.", "the late 80s"),
]

#: A quarter, a half or a part of a month in a story told in an earlier year: that year's.
STORY_PARTS: list[tuple[str, str, str, str | None, str]] = [
    ("In 2012 the firm moved to Berlin. In the second half of the year it hired 300 people.",
     "the second half of the year", "2012-H2", None, "narrative"),
    ("In 2012 the firm moved to Berlin. In the first quarter of the year sales doubled.",
     "the first quarter of the year", "2012-Q1", None, "narrative"),
    ("In 2017 the mine reopened. In the third quarter, output fell by a fifth.",
     "the third quarter", "2017-Q3", None, "narrative"),
    ("On March 3, 2012, the firm moved to Berlin. In the first half of the year it lost money.",
     "the first half of the year", "2012-H1", None, "narrative"),
    ("In March 2012 the firm moved to Berlin. In the second half of the month it hired 30.",
     "the second half of the month", "2012-03", "END", "narrative"),
    ("In August 2019 the truce collapsed; in the first half of the month fighting resumed.",
     "the first half of the month", "2019-08", "START", "narrative"),
    # no earlier story year: counted from publication, as before
    ("Growth slowed in the second half of the year.", "the second half of the year", "2025-H2",
     None, "publication"),
    ("Sales will rise in the second half of the month.", "the second half of the month",
     "2026-03", "END", "publication"),
    # a future clause in the story looks ahead from publication
    ("In 2012 the firm moved to Berlin. It will hire more in the second half of the year.",
     "the second half of the year", "2026-H2", None, "publication"),
]
# fmt: on


@pytest.mark.parametrize(("text", "expr", "value", "mod"), DECADES)
def test_decades(text: str, expr: str, value: str, mod: str | None) -> None:
    found = _found(text)
    assert expr in found, found
    assert found[expr][:3] == ("DATE", value, mod)


@pytest.mark.parametrize(("text", "expr"), NOT_DECADES)
def test_a_number_in_the_nineties_is_no_decade(text: str, expr: str) -> None:
    found = _found(text)
    assert not [k for k in found if expr in k or k in expr], found


@pytest.mark.parametrize(("text", "expr", "value", "mod", "anchor"), STORY_PARTS)
def test_parts_of_a_story_year(
    text: str, expr: str, value: str, mod: str | None, anchor: str
) -> None:
    found = _found(text)
    assert expr in found, found
    assert found[expr] == ("DATE", value, mod, anchor)


def test_half_of_a_match_is_no_date() -> None:
    assert not _found("The team played better in the second half of the match.")


def test_turn_of_the_century_stays_undated() -> None:
    # no TIMEX3 guideline value for it could be confirmed: not given one
    found = _found("The church was built at the turn of the century.")
    assert "the turn of the century" not in found


def test_nkviewer_dates_emits_the_new_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "story.txt"
    path.write_text(
        "The mill was busy throughout the 80s.\n\n"
        "In 2012 the firm moved to Berlin. In the second half of the year it hired 300 people.\n",
        encoding="utf-8",
    )
    code = main(["dates", str(path), "--dct", "2026-03-18", "--no-parser"])
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert code == 0
    by_text = {r["text"]: r for r in rows}
    assert by_text["the 80s"]["value"] == "198"
    half = by_text["the second half of the year"]
    assert (half["value"], half["anchor"]) == ("2012-H2", "narrative")
