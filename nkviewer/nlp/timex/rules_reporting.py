"""Rules for the reporting periods of business news: "a year earlier" and "the year-ago
quarter" count back from the period the story reports on ("the third quarter"), "the latest
quarter" is the last completed one, "the 1988 period" that period in 1988. The `topic` flags they
set are settled by `detect.link_context`.
"""

from __future__ import annotations

import re

from nkviewer.nlp.timex import lexicon as lx
from nkviewer.nlp.timex.rules import Cand, Recipe, cand, rule


@rule(
    "year_ago_adj",
    r"(?P<the>the\s+)?(?:(?:comparable|corresponding|same|similar)\s+)?"
    r"(?P<ya>year[\s-]+ago|year[\s-]+earlier|year-before|prior[\s-]+year|previous[\s-]+year)"
    r"(?:\s+(?P<what>(?:(?P<q>first|second|third|fourth)[\s-]+)?(?:fiscal\s+)?quarter|period|results|"
    r"(?P<dn>nine|six|three)\s+months|(?P<h>first|second)\s+half|month|week))?",
    priority=3,
)
def _year_ago_adj(m: re.Match[str], text: str) -> Cand | None:
    what = (m.group("what") or "").lower()
    if not what and re.match(r"\s+than\b", text[m.end("ya") :], re.IGNORECASE):
        return None  # "a year earlier than previously projected": a length, no date
    if m.group("dn"):
        n = lx.word_number(m.group("dn")) or 0
        return cand(m, "DURATION", {"kind": "dur", "count": n, "unit": "M"})
    end = m.end("what") if what and what != "results" else m.end("ya")
    if m.group("q"):
        q = {"first": 1, "second": 2, "third": 3, "fourth": 4}[m.group("q").lower()]
        return Cand(m.start(), end, "DATE", {"kind": "date", "quarter": q, "year_relative": -1})
    if m.group("h"):
        return Cand(
            m.start(),
            end,
            "DATE",
            {
                "kind": "date",
                "half": 1 if m.group("h").lower() == "first" else 2,
                "year_relative": -1,
            },
        )
    if what in ("month", "week"):
        return Cand(
            m.start(),
            end,
            "DATE",
            {"kind": "shift", "unit": "year", "count": -1, "granularity": what},
        )
    recipe: Recipe = {"kind": "shift", "unit": "year", "count": -1, "topic": True}
    if what == "period":
        recipe["period"] = True  # may name a run of months ("the nine months") instead
    if what in ("quarter", "period") or "quarter" in what:
        recipe["topic_default"] = {"kind": "shift", "unit": "quarter", "count": -5}
    return Cand(m.start(), end, "DATE", recipe)


@rule(
    "same_period_last_year",
    r"the\s+(?:(?:same|corresponding|comparable|year-earlier|year-ago)\s+)?(?P<u>period|quarter|time)\s+"
    r"(?:of\s+|in\s+)?(?:last\s+year|a\s+year\s+(?:ago|earlier)|the\s+(?:previous|prior)\s+year"
    r"|(?P<y>(?:19|20)\d\d))",
    priority=5,
)
def _same_period(m: re.Match[str], text: str) -> Cand | None:
    """ "the same quarter last year": the quarter under discussion, a year before; "the same
    period last year" too when a quarter is told, else the year before; "the same time last
    year": the publication's month a year before; "the same period of 2019": the period under
    discussion in 2019, else 2019."""
    unit = m.group("u").lower()
    if m.group("y"):
        year = int(m.group("y"))
        written: Recipe = {
            "kind": "shift",
            "unit": "year",
            "count": 0,
            "topic": True,
            "set_year": year,
            "topic_default": {"kind": "date", "year": year},
        }
        return cand(m, "DATE", written)
    if unit == "time":
        return cand(
            m, "DATE", {"kind": "shift", "unit": "year", "count": -1, "granularity": "month"}
        )
    default: Recipe = (
        {"kind": "shift", "unit": "quarter", "count": -5}
        if unit == "quarter"
        else {"kind": "shift", "unit": "year", "count": -1}
    )
    recipe: Recipe = {
        "kind": "shift",
        "unit": "year",
        "count": -1,
        "topic": True,
        "topic_default": default,
    }
    return cand(m, "DATE", recipe)


@rule(
    "latest_quarter",
    r"(?P<the>the|this|its|that)\s+(?:(?P<lat>latest|most\s+recent|recent|just-ended|just-completed|"
    r"current|fiscal|same)\s+)?(?:fiscal\s+)?(?P<u>quarter|period|three\s+months)",
    priority=2,
)
def _latest_quarter(m: re.Match[str], text: str) -> Cand | None:
    det = m.group("the").lower()
    lat = (m.group("lat") or "").lower()
    unit = m.group("u").lower()
    if unit != "quarter" and lat not in (
        "latest",
        "most recent",
        "recent",
        "just-ended",
        "just-completed",
    ):
        return None
    if lat == "current" or (det == "this" and not lat):
        return cand(m, "DATE", {"kind": "shift", "unit": "quarter", "count": 0})
    if lat in ("latest", "most recent", "just-ended", "just-completed") and unit == "quarter":
        return cand(
            m, "DATE", {"kind": "shift", "unit": "quarter", "count": -1}
        )  # the last completed
    if re.match(r"\s+(?:that\s+)?(?:ended|ending|ends|through)\b", text[m.end() :]):
        # "the quarter ended Sept. 30": the quarter of the date that follows
        return cand(m, "DATE", {"kind": "shift", "unit": "quarter", "count": 0, "base": "next_day"})
    recipe: Recipe = {
        "kind": "shift",
        "unit": "quarter",
        "count": 0,
        "topic": True,
        "topic_only": True,
        "topic_default": {"kind": "shift", "unit": "quarter", "count": -1},
    }
    if det == "that" or lat == "same":
        recipe = {"kind": "shift", "unit": "quarter", "count": 0, "base": "prev_quarter"}
    return cand(m, "DATE", recipe)


#: The first year of a range ends just before: "the 2026-[2030 period]".
_RANGE_BEFORE = re.compile(r"(?:19|20)\d\d\s*[-–—]\s*$")


@rule(
    "year_quarter",
    r"(?:the\s+)?(?:(?P<y>(?:19|20)\d\d)|(?P<rel>this|last|next)\s+year['’]s)\s+"
    r"(?:fiscal\s+)?(?P<u>quarter|period)",
    priority=4,
)
def _year_quarter(m: re.Match[str], text: str) -> Cand | None:
    """ "the 1988 quarter", "last year's period": the quarter under discussion, in that year
    (not the second year of a range, "the 2026-2030 period": two years)."""
    if m.group("y") and _RANGE_BEFORE.search(text, max(0, m.start() - 8), m.start()):
        return None
    recipe: Recipe = {
        "kind": "shift",
        "unit": "quarter",
        "count": 0,
        "topic": True,
        "topic_only": True,
    }
    default: Recipe = {"kind": "shift", "unit": "quarter", "count": -1}
    if m.group("y"):
        recipe["set_year"] = default["set_year"] = int(m.group("y"))
    else:
        yrel = {"this": 0, "last": -1, "next": 1}[m.group("rel").lower()]
        recipe["set_year_relative"] = default["set_year_relative"] = yrel
    recipe["topic_default"] = default
    return cand(m, "DATE", recipe)
