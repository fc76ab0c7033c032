"""Rules for expressions relative to the publication date or to an earlier mention:
"last month", "next week", "later this year", "a year ago", "four days later", "the day
before", "within the next two or three months", and the vague references PRESENT_REF /
PAST_REF / FUTURE_REF ("now", "recently", "the future"). Business reporting periods ("the
year-earlier quarter") are in `rules_reporting`.

Recipes that count from an earlier mention carry a `base` placeholder ("prev", "prev_day",
"prev_quarter"...) that `detect.link_context` replaces by that mention's own recipe.
"""

from __future__ import annotations

import re

from nkviewer.nlp.timex import calendar as cal
from nkviewer.nlp.timex import lexicon as lx
from nkviewer.nlp.timex import rules_duration
from nkviewer.nlp.timex.rules import (
    MOD_PREFIX,
    Cand,
    Recipe,
    cand,
    in_title_case_line,
    rule,
    with_mod,
)
from nkviewer.nlp.timex.rules_clock import weekday_recipe

_UNIT = r"(?P<u>day|week|weekend|month|quarter|year|decade|century)"
_N = {
    "this": 0,
    "current": 0,
    "present": 0,
    "last": -1,
    "past": -1,
    "previous": -1,
    "prior": -1,
    "preceding": -1,
    "next": 1,
    "coming": 1,
    "upcoming": 1,
    "following": 1,
    "same": 0,
    "that": 0,
    "latest": -1,
}
_ANAPHORIC = {"previous", "prior", "preceding", "following", "same", "that"}


_AND_A_HALF = re.compile(r"\s+and\s+a\s+half\b")
#: Prepositions before "the next decade" that make it a length ("for the next decade").
_FOR_SPAN = re.compile(r"\b(?:for|over|during|throughout|within)\s+$", re.I)
#: Prepositions before "the next year" that make it a span from now ("over the next year").
_SPAN_AHEAD = re.compile(r"\b(?:over|during|within|for|in|into|through|throughout)\s+$", re.I)


@rule(
    "relative_unit",
    rf"(?P<mod>{MOD_PREFIX})?(?P<rel>(?:the\s+|this\s+)?(?:current|present|last|past|previous|prior|"
    rf"preceding|next|coming|upcoming|following|latest|same|very\s+same)|this|that(?:\s+same)?)\s+"
    rf"(?P<fy>(?:fiscal|financial|calendar)\s+)?{_UNIT}",
    priority=3,
)
def _relative_unit(m: re.Match[str], text: str) -> Cand | None:
    rel_words = m.group("rel").lower().split()
    key = rel_words[-1]
    unit = m.group("u").lower()
    if m.group("u")[:1].isupper() and not in_title_case_line(text, m.start()):
        return None  # ABC's "This Week": a name (but "Court to Rule Next Month", a headline)
    if key == "latest":
        if unit != "year":
            return None  # "the latest quarter": see `_latest_quarter`
        return cand(m, "DATE", {"kind": "shift", "unit": "year", "count": -1})
    spans_ahead = key in ("next", "coming") and _FOR_SPAN.search(
        text, max(0, m.start() - 12), m.start()
    )
    if (
        unit in ("decade", "century")
        and rel_words[0] == "the"
        and (key in ("past", "last") or spans_ahead)
    ):
        # "over the past decade", "part of this club for the next decade": a length
        return cand(
            m, "DURATION", {"kind": "dur", "count": 10 if unit == "decade" else 100, "unit": "Y"}
        )
    the = rel_words[0] == "the"
    half = _AND_A_HALF.match(text, m.end())
    if half and the and key in ("past", "last", "next", "coming") and unit in ("year", "month"):
        # "over the past year and a half": eighteen months, a length
        recipe_half = rules_duration.duration_recipe(1.5, unit)
        return Cand(m.start(), half.end(), "DURATION", recipe_half)
    n = _N[key]
    anaphoric = key in _ANAPHORIC and rel_words[0] in ("the", "that")
    if unit == "day" and rel_words == ["the", "past"]:
        return cand(m, "DURATION", {"kind": "dur", "count": 1, "unit": "D"})  # "over the past day"
    if unit == "day" and not anaphoric and key not in ("next", "previous"):
        return None  # "this day", "the last day" are not references to a date
    if unit == "day" and key == "next" and not the:
        return None
    recipe: Recipe = {"kind": "shift", "unit": unit, "count": n}
    if unit == "week" and the and key in ("past", "last") and len(rel_words) == 2:
        # "for the past week": the last seven days, the week that holds most of them (this
        # one from Thursday on, the one before early in the week)
        recipe["count"], recipe["last_seven"] = 0, True
    if unit == "weekend":
        recipe = {"kind": "shift", "unit": "week", "count": n, "time_of_day": "WE"}
        if n == 0 and key == "this":
            recipe["count"] = 0
        if key in ("coming", "upcoming"):
            # "the coming weekend": the next one to come, this week's until it has begun
            recipe["count"], recipe["ahead"] = 0, True
    if anaphoric or (the and key == "next" and unit == "day"):
        recipe["base"] = "prev"
    if the and key in ("last", "past", "next") and unit in ("decade", "century"):
        recipe["count"] = n
    if (
        the
        and key == "next"
        and unit in ("week", "month", "quarter", "year", "decade")
        and not _SPAN_AHEAD.search(text, max(0, m.start() - 16), m.start())
    ):
        # "won it back the next year": in a past clause, the year after the date just told
        # (`detect.link_context`); "over the next year" is a span ahead of the publication
        recipe["base"] = "prev_past"
    with_mod(recipe, m.group("mod"))
    return cand(m, "DATE", recipe)


@rule("unit_ahead", r"the\s+(?P<u>week|month|year)\s+ahead\b", priority=3)
def _unit_ahead(m: re.Match[str], text: str) -> Cand | None:
    """ "The week ahead: ...", "what the year ahead holds": the coming one, as "the coming
    week" is."""
    return cand(m, "DATE", {"kind": "shift", "unit": m.group("u").lower(), "count": 1})


@rule(
    "new_year",
    r"(?:in|into|after|until|for|of|with|since|before|during|over)\s+"
    r"(?P<w>the\s+(?-i:new\s+year|New\s+Year(?=\s*[.,;:!?)\n]|\s*$)))(?![’'\w-]|(?-i:\s+[A-Z])"
    r"|\s+(?:holiday|holidays|eve|day|celebrations?|festivities|break|period|recess|party)\b)",
)
def _new_year(m: re.Match[str], text: str) -> Cand | None:
    """ "talks will resume in the new year", "the first big test of the new year comes on
    Friday", "arrived with the new year": the year to come (TimeML: that year), the one just
    begun when written in its first two months. Not "the New Year's Eve", "the New Year
    holiday", "see in the New Year in shelters": capitalised, the holiday's unless it ends
    its clause ("after the New Year.")."""
    return cand(m, "DATE", {"kind": "shift", "unit": "year", "count": 1, "ahead": True}, group="w")


@rule(
    "mid_century",
    r"(?:by|until|before|after|around|at|toward|towards|in)\s+(?P<w>(?:the\s+)?mid-?century)"
    r"(?=\s*(?:[.,;:!?)]|$|and\b|or\b))",
)
def _mid_century(m: re.Match[str], text: str) -> Cand | None:
    """ "net zero by mid-century": the middle of this century, as "the middle of the century"
    (not "mid-century furniture", the style)."""
    recipe: Recipe = {"kind": "shift", "unit": "century", "count": 0, "mod": "MID"}
    return cand(m, "DATE", recipe, group="w")


@rule(
    "the_weekend",
    r"(?:over\s+|during\s+)?(?P<the>the)\s+(?:(?:long|holiday|bank[\s-]+holiday)\s+)?weekend",
    priority=1,
)
def _the_weekend(m: re.Match[str], text: str) -> Cand | None:
    """ "over the weekend", "the long weekend", "the holiday weekend": the weekend nearest."""
    return Cand(
        m.start("the"),
        m.end(),
        "DATE",
        {"kind": "shift", "unit": "week", "count": 0, "time_of_day": "WE", "nearest": True},
    )


@rule("weekends", r"(?:on|at|over|during)\s+(?P<w>weekends|weekdays)", priority=1)
def _weekends(m: re.Match[str], text: str) -> Cand | None:
    """ "open on weekends": every weekend, a TIMEX3 SET (XXXX-WXX-WE); "on weekdays" the
    working days of every week (XXXX-WXX-WD); "three weekends" is a length and is left to the
    duration rules."""
    value = "XXXX-WXX-WE" if m.group("w").lower() == "weekends" else "XXXX-WXX-WD"
    return cand(m, "SET", {"kind": "set", "value": value}, group="w")


_AGO_MOD = (
    r"(?P<amod>(?:about|nearly|almost|around|some|roughly|more\s+than|less\s+than|over|just|only"
    r"|at\s+least)\s+)?"
)


#: "... ago today", "... ago this week", "One year ago Thursday": the same day (week, month)
#: so long ago.
_AGO_SAME = re.compile(
    rf"\s+(?:today|(?P<night>tonight)|this\s+(?P<u>week|month)|(?P<wd>{lx.WEEKDAY_RE})(?![\w'’-]))\b",
    re.IGNORECASE,
)


@rule(
    "ago",
    rf"{_AGO_MOD}(?P<n>{lx.COUNT_RE})(?P<n2>\s+(?:or|to)\s+(?:{lx.COUNT_RE}))?[\s-]+"
    rf"(?P<u>{lx.UNIT_RE})(?P<half>\s+and\s+a\s+half)?"
    r"(?:\s+or\s+(?P<or>so|two|three))?\s+"
    r"(?P<dir>ago|earlier|later|before|after|from\s+now|hence|back|since|on)(?P<tail>\s*[,.;:)\"”]|\s+(?:in|on|at|when|than|that|as|and|but|he|she|they|it)\b|$)?",
    priority=4,
)
def _ago(m: re.Match[str], text: str) -> Cand | None:
    direction = m.group("dir").lower()
    unit = lx.unit_name(m.group("u"))
    if unit in ("second", "minute", "hour", "night", "millennium"):
        return None
    if direction in ("before", "after", "since", "on") and not re.match(
        r"\s*[,.;:)\"”]|$", m.group("tail") or "x"
    ):
        return None  # "two days before the vote", "a year after he died": anchored to an event
    if direction == "since":
        return None
    if direction in ("later", "earlier") and re.match(
        r"\s+(?:than|(?:each|every|a)\s+(?:year|month|week))\b", text[m.end("dir") :], re.I
    ):
        # "opened two years later than scheduled", "moves 11 days earlier each year": a
        # length, no date
        return None
    if direction == "later" and re.match(
        r"\s+(?:this|today|tonight)\b", text[m.end("dir") :], re.I
    ):
        return None  # "for another six months later this month": a length, then "later this month"
    if direction == "on" and not re.match(r"\s*[,.;]", text[m.end("dir") :]):
        return None
    sign = 1 if direction in ("later", "after", "from now", "hence", "on") else -1
    count_text = m.group("n")
    end = m.end("dir")
    if lx.is_vague(count_text):
        if direction in ("ago", "back", "from now", "hence"):
            ref = "PAST_REF" if sign < 0 else "FUTURE_REF"
            return Cand(m.start(), end, "DATE", {"kind": "ref", "value": ref})
        return None  # "a few days later": the duration rule takes "a few days"
    count = lx.word_number(count_text)
    if count is None:
        return None
    if m.group("half"):
        count += 0.5  # "a decade and a half ago"
    if unit == "decade":
        unit, count = "year", count * 10
    elif unit == "fortnight":
        unit, count = "week", count * 2  # "a fortnight ago": two weeks ago
    elif unit == "century":
        unit, count = "year", count * 100
    if count != int(count):
        if unit == "year":
            unit, count = "month", count * 12
        elif unit == "month":
            unit, count = "week", round(count * 4)
        else:
            count = round(count)
    recipe: Recipe = {"kind": "shift", "unit": unit, "count": int(sign * count)}
    if unit == "week" and count >= 8:
        recipe["granularity"] = "week"
    same = _AGO_SAME.match(text, end) if direction == "ago" else None
    if same is not None and same["wd"] and not same["wd"][:1].isupper():
        same = None
    if same is not None:
        finer = (same["u"] or "day").lower()
        if cal.GRAN_RANK[finer] < cal.GRAN_RANK[unit]:
            # "seventy years ago today", "a year ago this week": that day (week, month) so
            # long ago, one expression
            recipe["granularity"] = finer
            end = same.end()
            if same["night"]:
                recipe["time_of_day"] = "NI"  # "Ten years ago tonight": that night, so long ago
            if same["wd"]:
                # "One year ago Thursday": a year before that Thursday (the nearest one)
                weekday: Recipe = {"kind": "weekday", "weekday": lx.weekday_number(same["wd"])}
                recipe["base"] = weekday
    if direction in ("earlier", "later", "before", "after", "on") and not (
        direction == "earlier" and unit == "year"
    ):
        recipe["base"] = "prev"  # "four days later": after the day just mentioned
        recipe["keep_finer"] = True  # ... and as precise as that day
        if direction in ("on", "later"):
            # "Ten years on, the city has recovered", "Forty years later, a family buries its
            # daughter" told of no date: a length, since what?
            recipe["or_length"] = True
    elif direction == "earlier":
        # "a year earlier" than a date of a given year just told ("began in 2019. A year
        # earlier, ..."): from it; else from the story's reporting period (`topic`)
        recipe["base"] = "prev_dated"  # (a year, not the day: "two years earlier" than a day)
    if unit == "year" and count == 1 and sign < 0 and "granularity" not in recipe:
        recipe["topic"] = True  # "a year ago" in a report on a quarter: that quarter, a year ago
    if m.group("amod") or m.group("or") in ("two", "three") or m.group("n2"):
        recipe["mod"] = (
            "APPROX"  # "about a year ago", "a year or two ago", "two or three years ago"
        )
    return Cand(m.start(), end, "TIME" if recipe.get("time_of_day") else "DATE", recipe)


#: Any day or time "of" before "the week" or "the year": no date ("every night of the week",
#: "any day of the week", "the busiest time of the year"; but "the first nine months of the
#: year" is that year's).
_GENERIC_OF = re.compile(
    r"\b(?:(?:every|each|any)\s+(?:single\s+)?(?:day|night|morning|evening|hour)|times?)\s+of\s+$",
    re.I,
)
#: A day that ends the week named: "the week to April 17", "the week ending 20 December".
_WEEK_TO = re.compile(
    rf"\s+(?:to|ending|ended|through)\s+(?=(?:\d{{1,2}}\s+)?(?:{lx.MONTH_RE}|{lx.WEEKDAY_RE}))",
    re.IGNORECASE,
)


#: A year said to be "the year": "2012 will be the year we win", "1989 was the year".
_YEAR_IS = re.compile(r"\b((?:1[6-9]|20)\d\d)\s+(?:will\s+be|would\s+be|was|is)\s+$")


@rule(
    "the_year",
    r"(?P<thr>throughout\s+)?(?P<mod>(?:earlier|later|early|late)\s+in\s+)?the\s+(?P<adj>(?:full|fiscal|current\s+fiscal|entire|whole|"
    r"calendar|same)\s+)?(?P<u>year|month|week|day)(?P<e>\s+(?:that\s+)?(?:ended|ending|ends|through)\b)?"
    r"(?P<yy>(?<=year)\s+(?:19|20)\d\d(?![\d,.]\d))?",
    priority=1,
)
def _the_year(m: re.Match[str], text: str) -> Cand | None:
    """ "the year" (this one), "for the year ended June 30" (a duration), "earlier in the year"."""
    unit = m.group("u").lower()
    adj = (m.group("adj") or "").strip().lower()
    end = m.end("u")
    if m.group("yy") and not m.group("e") and not m.group("mod") and adj != "same":
        # "For the full year 2020", "the fiscal year 2023": that year, one expression
        start = m.end("thr") if m.group("thr") else m.start()
        year = int(m.group("yy"))
        return Cand(start, m.end("yy"), "DATE", {"kind": "date", "year": year})
    if adj == "same":
        return None
    if _GENERIC_OF.search(text, max(0, m.start() - 16), m.start()):
        return None  # "every night of the week", "the busiest time of the year": any one
    if unit == "week" and not adj and _WEEK_TO.match(text, end):
        # "in the week to April 17", "the week ending 20 December": the week of that day
        return Cand(
            m.start(),
            end,
            "DATE",
            {"kind": "shift", "unit": "week", "count": 0, "base": "next_day"},
        )
    if m.group("e") or m.group("thr"):
        if unit == "day" or (m.group("e") and unit != "year"):
            return None
        letter = {"year": "Y", "month": "M", "week": "W"}[unit]
        start = m.end("thr") if m.group("thr") else m.start()
        return Cand(start, end, "DURATION", {"kind": "dur", "count": 1, "unit": letter})
    if m.group("mod"):
        mod = "START" if m.group("mod").lower().startswith("earl") else "END"
        # in a past clause "later in the year" is the year of the date just told
        recipe: Recipe = {"kind": "shift", "unit": unit, "count": 0, "mod": mod}
        recipe["base"] = "prev_past"
        return Cand(m.start(), end, "DATE", recipe)
    if unit == "day" or (unit == "month" and not adj):
        return None
    named = _YEAR_IS.search(text, max(0, m.start() - 24), m.start())
    if unit == "year" and not adj and named:
        # "We hope 2012 will be the year we win": the year said to be it
        return cand(m, "DATE", {"kind": "date", "year": int(named.group(1))})
    if _AWARD_OF.search(text, max(0, m.start() - 24), m.start()):
        return None  # "player of the year", "Album of the Year": an award, no date
    if (
        re.match(r"['’]s|\s+(?:of|before|after|earlier|later|ago)\b", text[end:])
        and not _OF_PRICE.match(text, end)
        and unit != "week"
    ):
        return None
    if unit == "week" and re.match(r"\s+(?:before|after)\b", text[end:]):
        return None  # "the week before the election": counted from a happening, not this week
    # "for the week" in a past report: the week of the day just told ("rose on Friday ...
    # for the week, the index fell 3%"), else the publication's
    # ("the full year", "the fiscal year": the reporting period, not a told date's)
    this_unit: Recipe = {"kind": "shift", "unit": unit, "count": 0}
    if not adj or adj == "full":
        this_unit["base"] = "prev_past"
    return Cand(m.start(), end, "DATE", this_unit)


#: Titles given for a year: "player of the year", "Person of the Year", "album of the year".
_AWARD_OF = re.compile(
    r"\b(?:player|team|coach|manager|person|man|woman|athlete|rookie|album|song|record|book|"
    r"novel|film|movie|car|word|goal|artist|designer|photographer|driver)s?\s+of\s+$",
    re.IGNORECASE,
)
#: "a high for the year of $42.875": a price after "of", so "the year" is the period the high
#: was reached in ("the year of the flood" is not a year of the calendar by itself).
_OF_PRICE = re.compile(r"\s+of\s+(?:(?:US|C|A|HK|NZ)?[$£€¥]|\d[\d,.]*\s+(?:cents?|pence)\b)")


_THIS_UNIT = re.compile(r"\b(?:this|the\s+current)\s+(year|month|week|quarter)\b", re.I)


@rule("elliptic_last", r"last", priority=0)
def _elliptic_last(m: re.Match[str], text: str) -> Cand | None:
    """ "twice as high this year as last", "more this month than last": "last" with its noun
    left out after the "as" or "than" of a comparison, the unit before it ("this year")
    counted one back ("ranked this year as last" compares nothing: a rank)."""
    joint = re.search(r"\b(as|than)\s+$", text[max(0, m.start() - 6) : m.start()], re.I)
    if joint is None:
        return None
    if not re.match(r"\s*(?:[.,;:!?)\"”]|$)", text[m.end() :]):
        return None  # "as last year", "than last time": the noun is written
    lo = max(0, m.start() - 80)
    head = re.search(r"[.!?;]\s", text[lo : m.start()][::-1])
    clause = text[m.start() - head.start() if head else lo : m.start()]
    units = list(_THIS_UNIT.finditer(clause))
    if not units:
        return None
    this = units[-1]  # the last one before "last"
    if joint.group(1).lower() == "as" and not re.search(
        r"\b(?:as|same)\b", clause[: this.start()], re.I
    ):
        return None  # "as ... as last", "the same ... as last": a comparison
    return cand(m, "DATE", {"kind": "shift", "unit": this.group(1).lower(), "count": -1})


@rule(
    "week_of",
    rf"(?:the\s+)?week\s+of\s+(?P<m>{lx.MONTH_RE})\s+(?P<d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?:,?\s+(?P<y>(?:19|20)\d\d))?",
    priority=5,
)
def _week_of(m: re.Match[str], text: str) -> Cand | None:
    """ "the week of March 6": the week that contains that day."""
    if not m.group("m")[:1].isupper():
        return None
    day: Recipe = {"kind": "date", "month": lx.month_number(m.group("m")), "day": int(m.group("d"))}
    if m.group("y"):
        day["year"] = int(m.group("y"))
    return cand(m, "DATE", {"kind": "shift", "unit": "week", "count": 0, "base": day})


_NTH_WEEK = {"first": 4, "second": 11, "third": 18, "fourth": 25, "last": -4, "final": -4}


@rule(
    "nth_week_of",
    rf"(?:the\s+)?(?P<o>first|second|third|fourth|last|final)\s+week\s+of\s+(?P<m>{lx.MONTH_RE})"
    rf"(?:,?\s+(?P<y>(?:19|20)\d\d))?",
    priority=5,
)
def _nth_week_of(m: re.Match[str], text: str) -> Cand | None:
    """ "the last week of February", "the first week of March 2024": the ISO week (TIMEX3
    YYYY-Www) that holds most of those seven days - the one with their middle day (the 4th,
    the 11th ...; the fourth day from the month's end for the last week), not "last week"."""
    if not m.group("m")[:1].isupper():
        return None
    day: Recipe = {
        "kind": "date",
        "month": lx.month_number(m.group("m")),
        "day": _NTH_WEEK[m.group("o").lower()],
    }
    if m.group("y"):
        day["year"] = int(m.group("y"))
    return cand(m, "DATE", {"kind": "shift", "unit": "week", "count": 0, "base": day})


@rule(
    "end_of_unit",
    r"(?:the\s+)?(?P<w>end|beginning|start|middle|(?:first|second|last|latter)\s+half)"
    r"\s+of\s+the\s+(?P<u>month|week|quarter)",
    priority=2,
)
def _end_of_unit(m: re.Match[str], text: str) -> Cand | None:
    """ "the end of the month" (END), "the first half of the month" (START: TIMEX3 has no half
    of a month, so the month with the half as its mod, as for a decade's halves)."""
    w = m.group("w").lower()
    if w.endswith("half"):
        w = "start" if w.startswith("first") else "end"
    mod = {"end": "END", "beginning": "START", "start": "START", "middle": "MID"}[w]
    # in a past clause, the month (week, quarter) of the date just told: "collapsed in August;
    # by the end of the month fighting had resumed" (`detect.link_context`)
    recipe: Recipe = {
        "kind": "shift",
        "unit": m.group("u").lower(),
        "count": 0,
        "mod": mod,
        "base": "prev_past",
    }
    return cand(m, "DATE", recipe)


@rule(
    "day_before_day",
    rf"(?:the\s+)?day\s+(?P<ba>before|after)\s+(?:(?P<rel>last|next|this)\s+)?(?P<wd>{lx.WEEKDAY_RE})"
    rf"|(?:the\s+)?day\s+(?P<ba2>before|after)\s+(?P<m>{lx.MONTH_RE})\s+(?P<d>[12]\d|3[01]|0?[1-9])\b",
    priority=5,
)
def _day_before_day(m: re.Match[str], text: str) -> Cand | None:
    """ "the day before last Tuesday", "the day after Nov. 3": one day from a named day."""
    if m.group("wd"):
        if not m.group("wd")[:1].isupper():
            return None
        base = weekday_recipe(m.group("wd"), m.group("rel"))
        n = -1 if m.group("ba").lower() == "before" else 1
    else:
        if not m.group("m")[:1].isupper():
            return None
        base = {"kind": "date", "month": lx.month_number(m.group("m")), "day": int(m.group("d"))}
        n = -1 if m.group("ba2").lower() == "before" else 1
    return cand(m, "DATE", {"kind": "shift", "unit": "day", "count": n, "base": base})


_WEEKS_ON = {"a": 1, "one": 1, "two": 2, "three": 3}


@rule(
    "week_from_day",
    rf"(?P<n>a|one|two|three)\s+(?P<u>weeks?|fortnight)\s+(?:on|from|after)\s+"
    rf"(?P<wd>{lx.WEEKDAY_RE}|today|tomorrow)(?![\w'’-]|\s+[A-Z])"
    rf"|(?P<n2>a|one)\s+(?P<u2>week|fortnight)\s+(?P<wd2>today|tomorrow)\b"
    rf"|(?P<wd3>{lx.WEEKDAY_RE})\s+(?P<u3>week|fortnight)(?![\w'’-])",
    priority=5,
)
def _week_from_day(m: re.Match[str], text: str) -> Cand | None:
    """ "a week on Saturday", "two weeks from Friday", "a week today", "Saturday week",
    "Monday fortnight": so many weeks after that day (the day's side is its clause's, as a
    bare weekday's), one date - not a week's length and a weekday ("a week on Saturday Night
    Live" is a show)."""
    day = m.group("wd") or m.group("wd2") or m.group("wd3")
    unit = (m.group("u") or m.group("u2") or m.group("u3")).lower()
    count = _WEEKS_ON[(m.group("n") or m.group("n2") or "a").lower()]
    if unit == "fortnight":
        count *= 2
    base: Recipe
    if day.lower() in ("today", "tomorrow"):
        base = {"kind": "shift", "unit": "day", "count": int(day.lower() == "tomorrow")}
    elif not day[:1].isupper():
        return None
    else:
        base = weekday_recipe(day)
    recipe: Recipe = {"kind": "shift", "unit": "week", "count": count, "keep_finer": True}
    recipe["base"] = base
    return cand(m, "DATE", recipe)


@rule(
    "unit_after_next",
    r"the\s+(?P<u>week|month|year|weekend)\s+(?P<d>after\s+next|before\s+last)\b",
    priority=4,
)
def _unit_after_next(m: re.Match[str], text: str) -> Cand | None:
    """ "the week after next", "the month before last": two of the unit from this one."""
    n = 2 if m.group("d").lower().startswith("after") else -2
    unit = m.group("u").lower()
    if unit == "weekend":
        return cand(m, "DATE", {"kind": "shift", "unit": "week", "count": n, "time_of_day": "WE"})
    return cand(m, "DATE", {"kind": "shift", "unit": unit, "count": n})


#: A subject opening a clause: a pronoun, a name, or "the" and a noun.
_SUBJECT = r"(?:he|she|it|they|we|I|you|[A-Z][\w'’-]+|the\s+[a-z][\w'’-]+)"
_CLAUSE_START = re.compile(
    r"(?:^|[.!?][\"”’']?\s+|\n\s*|\b(?:said|says|told\s+\w+|added|recalled|that)\s+)$"
)


def _opens_clause_before(text: str, start: int, rel: str, aux: str) -> bool:
    """ "The day before he had flown home", "A week earlier the firm was sold": an expression
    opening its clause, its subject right after it without a comma, counts from the story's day.
    "earlier" and "later" are never conjunctions; "before" is one ("left the day before his wife
    arrived"), so only a past perfect after it ("had flown": earlier than a day already told)
    reads as the anaphoric day; "after" ("the day after he had been released, …") never does."""
    if not _CLAUSE_START.search(text[max(0, start - 40) : start]):
        return False
    if rel in ("earlier", "later"):
        return True
    return rel == "before" and aux.lower() == "had"


@rule(
    "day_before",
    r"(?P<the>the|a|one)\s+(?:(?P<w>day|week|month|year|morning|afternoon|evening|night)\s+"
    r"(?P<ba>before|after|earlier|later)|"
    r"(?P<nf>next|following|previous|same)\s+(?P<w2>day|morning|afternoon|evening|night))"
    # "the day before" needs its clause to end ("left the day before his wife arrived" joins
    # one); "the next morning" is a date wherever it stands ("The next morning they left")
    r"(?(nf)(?![\w-])|(?=\s*[,.;:]|\s+(?:in|on|at|when|as|and|but)\b|\s+(?P<subj>"
    + _SUBJECT
    + r")\s+(?P<aux>had|was|were)\b))",
    priority=3,
)
def _day_before(m: re.Match[str], text: str) -> Cand | None:
    word = (m.group("w") or m.group("w2")).lower()
    rel = (m.group("ba") or m.group("nf")).lower()
    if m.group("subj") and not _opens_clause_before(text, m.start(), rel, m.group("aux")):
        return None  # "left the day before his wife arrived": "before" joins a clause
    n = -1 if rel in ("before", "earlier", "previous") else 0 if rel == "same" else 1
    if m.group("the").lower() != "the" and not m.group("ba"):
        return None
    part = word in ("morning", "afternoon", "evening", "night")
    if part and (m.group("the").lower() != "the" or rel in ("earlier", "later")):
        return None  # "the night before": that part of the day before; "a night later" is not
    if (
        m.group("nf")
        and word == "day"
        and re.match(r"[\s-]+(?:care|trip|shift)\b", text[m.end() :])
    ):
        return None  # "the next day care centre"
    recipe: Recipe = {
        "kind": "shift",
        "unit": "day" if part else word,
        "count": n,
        "base": "prev",
    }
    if part:
        recipe["time_of_day"] = lx.DAY_PARTS[word]
        return cand(m, "TIME", recipe)
    return cand(m, "DATE", recipe)


@rule(
    "decade_part",
    r"the\s+(?P<w>end|beginning|start|middle|close)\s+of\s+the\s+(?P<u>decade|century)",
    priority=2,
)
def _decade_part(m: re.Match[str], text: str) -> Cand | None:
    """ "by the end of the decade": the decade told of (in a past clause the story's, else
    the publication's) with the part as its mod, as "the end of this decade" is. "The turn of
    the century" stays undated: no guideline value for it could be confirmed."""
    if re.match(r"[\s-]+(?:long|old)\b", text[m.end() :]):
        return None  # "the end of the decade-long war": a length
    unit = m.group("u").lower()
    recipe: Recipe = {"kind": "shift", "unit": unit, "count": 0, "base": "prev_past"}
    with_mod(recipe, m.group("w"))  # end → END, beginning/start → START, middle → MID
    return cand(m, "DATE", recipe)


@rule(
    "year_end",
    r"(?P<pre>the\s+|this\s+|last\s+|next\s+)?year['’]?s?[\s-]+end"
    r"|(?:the\s+)?(?P<w>end|beginning|start|middle)[\s-]+of[\s-]+the[\s-]+year\b(?![’'-])",
    priority=2,
)
def _year_end(m: re.Match[str], text: str) -> Cand | None:
    """ "the end of the year", "the year's end": the year, END ("the start of the year" START,
    "the middle of the year" MID); the bare business noun "year-end" ("by year-end", "since
    year-end") is the closing day, Dec. 31."""
    pre = (m.group("pre") or "").strip().lower()
    if re.fullmatch(r"year-end", m.group(0), re.I):
        since = re.search(r"\bsince\s+$", text[max(0, m.start() - 8) : m.start()], re.I)
        return cand(
            m, "DATE", {"kind": "date", "month": 12, "day": 31, "direction": -1 if since else 0}
        )
    n = {"last": -1, "next": 1}.get(pre, 0)
    mod = {"beginning": "START", "start": "START", "middle": "MID"}.get(
        (m.group("w") or "end").lower(), "END"
    )
    recipe: Recipe = {"kind": "shift", "unit": "year", "count": n, "mod": mod}
    if pre in ("", "the"):
        recipe["base"] = "prev_past"  # "opened in March 2010; by the end of the year ..."
    return cand(m, "DATE", recipe)


@rule(
    "window",
    r"(?P<prep>within|in|over|during)\s+(?P<span>the\s+(?P<dir>next|coming|past|last)\s+(?P<n>"
    + lx.COUNT_RE
    + r")(?:\s+(?:or|to)\s+(?P<n2>"
    + lx.COUNT_RE
    + r"))?\s+(?P<u>days|weeks|months|years))",
    priority=6,
)
def _window(m: re.Match[str], text: str) -> Cand | None:
    """ "within the next two or three months": a length counted from the publication date, a
    TIMEX3 DURATION ("the next two weeks", P2W; two counts are a vague one, PXM) whose calendar
    days are that stretch (what an event dated by it covers)."""
    if m.group("prep").lower() != "within":
        return None
    n = lx.word_number(m.group("n2") or m.group("n"))
    if n is None:
        return None
    sign = 1 if m.group("dir").lower() in ("next", "coming") else -1
    recipe: Recipe = {
        "kind": "window",
        "unit": lx.unit_name(m.group("u")),
        "count": int(n),
        "direction": sign,
    }
    if m.group("n2"):
        recipe["vague"] = True
    return Cand(m.start("span"), m.end("span"), "DURATION", recipe)


@rule(
    "nth_day_today",
    r"(?:today|it|this)(?:\s+is|['’]s)\s+(?P<w>(?:the\s+)?"
    + lx.ORDINAL_RE
    + r"\s+(?:straight\s+|consecutive\s+|full\s+)?day)\s+(?:of|in|since|that|without)",
    priority=2,
)
def _nth_day_today(m: re.Match[str], text: str) -> Cand | None:
    """ "Today is the eighth day of the blockade", "It's the second day of an offensive": a
    count of days that names the day of writing, not a length."""
    return Cand(m.start("w"), m.end("w"), "DATE", {"kind": "shift", "unit": "day", "count": 0})


_PRESENT = (
    r"now|right\s+now|just\s+now|currently|nowadays|these\s+days|at\s+present|presently"
    r"|the\s+present|at\s+the\s+moment|current"
    r"|this\s+(?:(?:very|crucial|critical|difficult|delicate|decisive|historic|particular)\s+)?moment"
)
_PAST = r"recently|recent|lately|the\s+past|in\s+the\s+past|formerly"
_FUTURE = (
    r"the\s+(?:near\s+|distant\s+|foreseeable\s+|immediate\s+|not\s+(?:too\s+|so\s+)?distant\s+)?future"
    r"|the\s+(?:near|short|long)\s+term"
    r"|a\s+later\s+date|as\s+soon\s+as\s+possible|future|soon"
)


@rule(
    "one_day",
    r"\b(?:will|would|could|may|might|should|can|must|'ll)\s+(?:\w+ly\s+)?(?P<w>one\s+day)\b",
    priority=2,
)
def _one_day(m: re.Match[str], text: str) -> Cand | None:
    """ "Islam will one day be ...": an unspecified time to come, not a length."""
    return Cand(m.start("w"), m.end("w"), "DATE", {"kind": "ref", "value": "FUTURE_REF"})


#: A date right after "most recently": "most recently in August", "most recently on Thursday",
#: "most recently last year".
_DATE_AFTER = re.compile(
    r"\s*,?\s+(?:(?:in|on|at|during)\s+(?:[A-Z0-9]|the\s)|last\b|this\b|yesterday\b|today\b)"
)


#: Words that follow "future" as a noun, not as an adjective: "Elian's future away from",
#: "its future remains uncertain", "their future is".
_AFTER_NOUN = re.compile(
    r"\s+(?:away|remains?|is|was|looks?|lies|hangs?|depends?|rests?|in|of|with|at|on|for|and"
    r"|or|as|after|before|to|under|beyond|now|here|there)\b|\s*[,.;:!?)\"”]"
)


#: A word of lower case right before (in a sentence, not a title-case headline).
_LOWER_WORD_BEFORE = re.compile(r"(?<![\w’'])[a-z][\w’'-]*\s+$")


#: British "in future" (no article): "In future, we will ...", "will in future be".
_IN_FUTURE = re.compile(r"\b[Ii]n\s+$")
_IN_FUTURE_AFTER = re.compile(
    r"\s*[,.;:!?)\"”]|\s+(?:the|we|they|he|she|it|I|you|this|that|there|all|any|such|be|it['’]s)\b"
)


@rule("refs", rf"(?P<present>{_PRESENT})|(?P<past>{_PAST})|(?P<future>{_FUTURE})", priority=0)
def _refs(m: re.Match[str], text: str) -> Cand | None:
    word = m.group(0).lower()
    after = text[m.end() : m.end() + 25].lower()
    if m.group(0)[0].isupper() and _LOWER_WORD_BEFORE.search(
        text, max(0, m.start() - 30), m.start()
    ):
        return None  # "the journal Current Biology", "Apocalypse Now" in a sentence: a name
    if word == "current" and re.match(
        r"\s+(?:account|accounts|assets|liabilities|affairs|events|prices|dollars|law|rules)", after
    ):
        return None
    if word == "now" and re.match(r"\s*-", after):
        return None
    if word == "recently" and (
        (re.search(r"\bas\s+$", text[max(0, m.start() - 4) : m.start()]) and after[:4] == " as ")
        or (
            re.search(r"\bmost\s+$", text[max(0, m.start() - 6) : m.start()], re.I)
            and _DATE_AFTER.match(text, m.end())
        )
    ):
        return None  # "as recently as 2014", "most recently in August": the date that follows
    if word == "recent" and re.search(r"\bmost\s+$", text[max(0, m.start() - 6) : m.start()], re.I):
        return None  # "the most recent round": the last of a series, no time of its own
    if (
        word == "future"
        and _IN_FUTURE.search(text, max(0, m.start() - 3), m.start())
        and _IN_FUTURE_AFTER.match(text, m.end())
    ):
        return cand(m, "DATE", {"kind": "ref", "value": "FUTURE_REF"})  # British "in future,"
    if (
        word == "future"
        and (
            text[max(0, m.start() - 4) : m.start()].lower() == "the "
            or not re.match(r"\s+[a-z]", after)
            # "the chip is Intel's future flagship", "its future strategy": an adjective of a
            # thing's own, not the time to come ("the decision about Elian's future away from
            # INS" is, as AQUAINT marks it)
            or (
                not _AFTER_NOUN.match(text, m.end())
                and re.search(
                    r"(?:['’]s|\b(?:its|his|her|their|our|my|your))\s+$",
                    text[max(0, m.start() - 8) : m.start()],
                    re.I,
                )
            )
        )
    ):
        return None  # "the future" is taken whole by its own alternative; "Future" as a name
    if word.startswith("the") and word.endswith("future") and re.match(r"\s+of\b", after):
        return None  # "the future of Jerusalem", "of our people": a thing's fate, no time
    if word == "soon" and re.match(r"\s+(?:after|before|as|thereafter|afterwards?)\b", after):
        return None  # "soon after the vote": anchored to an event, not to the present
    if word.endswith("the past") and re.match(
        rf"\s+(?:(?:{lx.COUNT_RE})\s+[a-z]+s|day|hour|night)\b", after
    ):
        # "the past three seasons", "over the past day": a determiner of what follows, not the
        # past
        return None
    if word.startswith("in the past"):
        return Cand(m.start() + 3, m.end(), "DATE", {"kind": "ref", "value": "PAST_REF"})
    if m.group("present"):
        return cand(m, "DATE", {"kind": "ref", "value": "PRESENT_REF"})
    if m.group("past"):
        return cand(m, "DATE", {"kind": "ref", "value": "PAST_REF"})
    return cand(m, "DATE", {"kind": "ref", "value": "FUTURE_REF"})
