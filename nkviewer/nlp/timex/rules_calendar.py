"""Rules for calendar expressions: day dates, months, years, holidays and their ranges
("Apr. 9–11", "between January and July", "from 2010 to 2012"). Quarters, seasons, decades
and centuries are in `rules_periods`; weekdays and clock times in `rules_clock`.
"""

from __future__ import annotations

import calendar
import re
from functools import lru_cache
from typing import Any

from nkviewer.nlp.timex import holidays
from nkviewer.nlp.timex import lexicon as lx
from nkviewer.nlp.timex.rules import (
    MOD_PREFIX,
    THE_BEFORE,
    YEAR,
    YEAR_WORDS,
    Cand,
    Recipe,
    anaphor_base,
    cand,
    demonstrative_that,
    is_capitalized,
    not_a_date,
    preposition_before,
    rule,
    with_mod,
    year_value,
)

M = lx.MONTH_RE
#: A day of a month as a number, "1" to "31"; `DAYNUM` with its ordinal ending ("3rd").
DAY_NUMBER = r"(?:[12]\d|3[01]|0?[1-9])"
DAYNUM = rf"{DAY_NUMBER}(?:st|nd|rd|th)?"
ORD_DAY = lx.alternation(k for k, v in lx.ORDINALS.items() if v <= 31)
DASH = r"\s*(?:-|–|—|to|through|thru|until|till)\s*"
AMBIGUOUS_MONTHS = {"may", "march", "mar", "jan", "sun", "sat", "dec", "jun", "aug", "sept", "sep"}
YEAR_REL = r"(?:this|last|next)\s+year"
_YREL = {"this": 0, "last": -1, "next": 1}


def _day(text: str) -> int:
    t = text.lower()
    if t in lx.ORDINALS:
        return lx.ORDINALS[t]
    return int(re.match(r"\d+", t).group(0))  # type: ignore[union-attr]


def _month_ok(word: str) -> bool:
    """Month names must be capitalised ("may" and "march" are verbs)."""
    return is_capitalized(word)


def year_part(recipe: Recipe, text: str | None) -> Recipe:
    if text:
        rel = re.fullmatch(r"(this|last|next)\s+year", text.strip(), re.I)
        if rel:
            recipe["year_relative"] = _YREL[rel.group(1).lower()]
        else:
            y = year_value(text)
            if y is not None:
                recipe["year"] = y
    return recipe


def possible_day(y: int | None, m: int, d: int) -> bool:
    """Whether day `d` of month `m` exists: in year `y`, or (yearless) in some year. The 31st
    of February or 2019-02-29 is not a date, and must not become the 28th without a word."""
    if not 1 <= m <= 12 or d < 1:
        return False
    if y is None:
        return d <= (29 if m == 2 else calendar.monthrange(2001, m)[1])
    return 1 <= y <= 9999 and d <= calendar.monthrange(y, m)[1]


#: A four-digit number right after a day and month that the year pattern did not take
#: ("29 Feb 2100"): the date is checked against it.
_TRAILING_YEAR = re.compile(r",?\s+(\d{4})\b")


def _day_recipe(month: str, day: str, year: str | None, after: str = "") -> Recipe | None:
    """A day recipe, or None when that day does not exist (in its year, or in any year)."""
    d, m = _day(day), lx.month_number(month)
    recipe = year_part({"kind": "date", "month": m, "day": d}, year)
    y = recipe.get("year")
    trailing = _TRAILING_YEAR.match(after) if y is None else None
    if trailing is not None and not possible_day(int(trailing.group(1)), m, d):
        return None
    return recipe if possible_day(y, m, d) else None


_NOT_NUMBER_AFTER = re.compile(r"\s*(?:%|percent|per\s*cent|[.,]\d|\d|-year|-month|-day)", re.I)


#: A place, building or honour named after a day ("the April 25 House of Culture", "the May
#: Day Stadium", "the July 1 Medal", "the 2 August Square"): a name, not the day.
PLACE_NAMED_AFTER = re.compile(
    r"\s+(?:House|Stadium|Medal|Street|Square|Bridge|Park|Hall|Palace|Prize|Award|Road|Avenue"
    r"|Boulevard|Factory|Works|Mill|Plant|Station|School|University|College|Hospital|Cinema"
    r"|Theatre|Theater|Museum|Library|Order|Cup|Club|Stadion|Arena|Building|Tower|Monument"
    r"|Memorial|Mausoleum|Hotel|Market|Bazaar|Harbour|Harbor|Port|Airport|Canal|Dam"
    r"|District|district|neighbourhood|neighborhood)\b"
)


def named_place(text: str, start: int, end: int) -> bool:
    """The day at [start, end) names a place or honour: "the" before, `PLACE_NAMED_AFTER`
    after ("On March 10 Park was ousted" is a day and a name)."""
    return bool(
        PLACE_NAMED_AFTER.match(text, end) and THE_BEFORE.search(text, max(0, start - 4), start)
    )


@rule(
    "month_day",
    rf"(?:(?P<wd>{lx.WEEKDAY_RE}),?\s+)?(?P<mod>{MOD_PREFIX})?(?P<m>{M})\s+(?P<d>{DAYNUM}|{ORD_DAY})"
    rf"(?:(?:{DASH}|\s+(?:and|&|or)\s+)(?:(?P<m2>{M})\s+)?(?P<d2>{DAYNUM})(?!\s*(?:%|percent|,\d)))?"
    rf"(?:,?\s+(?:in\s+|of\s+)?(?P<y>{YEAR}|{YEAR_REL}|{YEAR_WORDS}))?",
    priority=5,
)
def _month_day(m: re.Match[str], text: str) -> Cand | None:
    if not _month_ok(m.group("m")) or _NOT_NUMBER_AFTER.match(text, m.end()):
        return None
    if not m.group("y") and named_place(text, m.start(), m.end()):
        return not_a_date(m)  # "the April 25 House of Culture", "the July 1 Medal": a name
    a = _day_recipe(m.group("m"), m.group("d"), m.group("y"), text[m.end() : m.end() + 8])
    if a is None:
        return not_a_date(m)
    with_mod(a, m.group("mod"))
    _name_weekday(a, m.group("wd"))
    if m.group("d2"):
        b = _day_recipe(m.group("m2") or m.group("m"), m.group("d2"), m.group("y"))
        if b is None:
            return not_a_date(m)
        b.pop("mod", None)
        if m.group("y") and (a["month"], a["day"]) > (b["month"], b["day"]):
            # "from Oct. 1 through Sept. 30, 2016": the year written once is the end's; the
            # start lies in the year before
            if "year" in a:
                a["year"] = int(a["year"]) - 1
            if "year_relative" in a:
                a["year_relative"] = int(a["year_relative"]) - 1
            if not possible_day(a.get("year"), int(a["month"]), int(a["day"])):
                return not_a_date(m)
        split = m.start("m2") if m.group("m2") else m.start("d2")
        return Cand(
            m.start(),
            m.end(),
            "DATE",
            {"kind": "range", "start": a, "end": b},
            parts=[(m.start(), m.end("d")), (split, m.end())],
        )
    part = _PART_AFTER.match(text, m.end())
    if part is not None and not m.group("y"):
        # "took place on April 30 morning" (Asian agency English): that morning of the day
        a["time_of_day"] = lx.DAY_PARTS[part.group(1).lower()]
        return Cand(m.start(), part.end(), "TIME", a)
    return cand(m, "DATE", a)


#: A part of the day right after a day ("on April 30 morning"), not a noun's ("the April 30
#: evening reception").
_PART_AFTER = re.compile(r"\s+(morning|afternoon|evening|night)\b(?!\s+[a-z])")


def _name_weekday(recipe: Recipe, weekday: str | None) -> None:
    """ "Friday, March 3": without a year, the weekday says which year's March 3 it is."""
    if weekday and recipe.get("year") is None:
        recipe["named_weekday"] = lx.weekday_number(weekday)


@rule(
    "day_month",
    rf"(?:(?P<wd>{lx.WEEKDAY_RE}),?\s+(?:the\s+)?)?"
    rf"(?P<d>{DAYNUM})(?:(?:{DASH}|\s+(?:and|&)\s+)(?P<d1>{DAYNUM}))?\s+(?:of\s+)?(?P<m>{M})"
    rf"(?:,?\s+(?:in\s+|of\s+)?(?P<y>{YEAR}|{YEAR_REL}))?",
    priority=5,
)
def _day_month(m: re.Match[str], text: str) -> Cand | None:
    """ "14 May", "Tuesday, 14 May", "12-13 January", "12 and 13 January" (two days, as TimeML
    marks them)."""
    if not _month_ok(m.group("m")):
        return None
    if m.group("wd") and not is_capitalized(m.group("wd")):
        return None
    if not m.group("y") and named_place(text, m.start(), m.end()):
        return not_a_date(m)  # "a shopkeeper in the 7 July district": a place's name
    a = _day_recipe(m.group("m"), m.group("d"), m.group("y"), text[m.end() : m.end() + 8])
    if a is None:
        return not_a_date(m)
    _name_weekday(a, m.group("wd"))
    if m.group("d1"):
        b = _day_recipe(m.group("m"), m.group("d1"), m.group("y"))
        if b is None:
            return not_a_date(m)
        return Cand(
            m.start(),
            m.end(),
            "DATE",
            {"kind": "range", "start": a, "end": b},
            parts=[(m.start(), m.end("d")), (m.start("d1"), m.end())],
        )
    return cand(m, "DATE", a)


@rule(
    "bare_day",
    r"(?P<p>on|by|for|until|till|from|since|before|after|through|to|and"
    r"|(?:morning|afternoon|evening|night)\s+of)\s+the\s+"
    r"(?P<d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)"
    r"(?=\s*[,.;:)]|\s*$|\s+(?:and|or|to|at|in|when|but|as|with)\b)",
    priority=2,
)
def _bare_day(m: re.Match[str], text: str) -> Cand | None:
    """ "scheduled for the 18th", "began on the 3rd and ended on the 9th": a day of the month
    told of (the story's, else the publication's or the one next to it on the clause's side),
    also "on the morning of the 23rd" (the day, as TimeBank marks "the night of Oct. 23").
    Only after a preposition of time and before the clause goes on, so that "on the 4th
    floor", "the 18th amendment" stay what they are; after "to" or "and" only as the second
    end of two days ("from the 20th to the 22nd")."""
    if m.group("p").lower() in ("to", "and") and not _DAY_THEN.search(
        text, max(0, m.start() - 16), m.start()
    ):
        return None
    start = m.start("d") - len("the ")
    return Cand(start, m.end(), "DATE", {"kind": "date", "day": int(m.group("d"))})


#: A bare day of the month just before: "from the 20th [to the 22nd]".
_DAY_THEN = re.compile(r"\bthe\s+(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\s+$", re.IGNORECASE)


@rule(
    "day_of_month_told",
    r"the\s+(?P<d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\s+of\s+(?P<rel>last|this|next)\s+month",
    priority=5,
)
def _day_of_month_told(m: re.Match[str], text: str) -> Cand | None:
    """ "said on the 30th of last month", "the 1st of next month": that day of the month
    counted from publication."""
    month: Recipe = {"kind": "shift", "unit": "month", "count": _YREL[m.group("rel").lower()]}
    return cand(m, "DATE", {"kind": "date", "day": int(m.group("d")), "narrative": month})


@rule("fy_year", r"FY\s?['’]?(?P<y>(?:19|20)\d\d|\d\d)(?![\w/–-])", flags=0, priority=5)
def _fy_year(m: re.Match[str], text: str) -> Cand | None:
    """ "FY2021", "FY19", "FY 2020": a fiscal year, named (as "fiscal 2021" is) by its year."""
    y = m.group("y")
    year = int(y) if len(y) == 4 else year_value("'" + y)
    return None if year is None else cand(m, "DATE", {"kind": "date", "year": year})


#: North Korea's calendar counts years from Kim Il Sung's birth: Juche 1 is 1912.
_JUCHE_EPOCH = 1911


@rule(
    "juche_year",
    rf"(?:(?P<m>(?i:{M}))\s+(?:(?P<d>[12]\d|3[01]|0?[1-9]),?\s+)?)?Juche\s+(?P<j>\d{{1,3}})"
    r"(?:\s*\(\s*(?P<y>\d{4})\s*\))?",
    flags=0,
    priority=6,
)
def _juche_year(m: re.Match[str], text: str) -> Cand | None:
    """ "October 10, Juche 34 (1945)", "April Juche 21 (1932)", "Juche 108 (2019)": a year of
    North Korea's calendar, with the Common Era's in brackets or without (Juche N is 1911 +
    N), and the month or day before it."""
    year = _JUCHE_EPOCH + int(m.group("j"))
    if m.group("y") and int(m.group("y")) != year:
        return None  # the bracket says another year: not that calendar's count
    recipe: Recipe = {"kind": "date", "year": year}
    if m.group("m"):
        recipe["month"] = lx.month_number(m.group("m"))
    if m.group("d"):
        recipe["day"] = int(m.group("d"))
        if not possible_day(year, recipe["month"], recipe["day"]):
            return not_a_date(m)
    return cand(m, "DATE", recipe)


@rule(
    "ordinal_of_month",
    rf"the\s+(?P<d>{ORD_DAY})\s+of\s+(?P<m>{M})(?:,?\s+(?P<y>{YEAR}))?",
    priority=5,
)
def _ordinal_of_month(m: re.Match[str], text: str) -> Cand | None:
    """ "the first of May", "the twenty-first of June": a day written as an ordinal word."""
    if not _month_ok(m.group("m")):
        return None
    a = _day_recipe(m.group("m"), m.group("d"), m.group("y"), text[m.end() : m.end() + 8])
    return not_a_date(m) if a is None else cand(m, "DATE", a)


@rule(
    "iso_date", r"(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)(?:[T ](?P<hh>\d\d):(?P<mm>\d\d)(?::\d\d)?)?"
)
def _iso(m: re.Match[str], text: str) -> Cand | None:
    y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    if not possible_day(y, mo, d):  # 0000-01-01, 2019-02-29, 2019-13-01: not dates
        return not_a_date(m)
    recipe: Recipe = {"kind": "date", "year": y, "month": mo, "day": d}
    if m.group("hh"):
        recipe["time_of_day"] = f"{m.group('hh')}:{m.group('mm')}"
        return cand(m, "TIME", recipe)
    return cand(m, "DATE", recipe)


@lru_cache(maxsize=2048)
def _dateparser(text: str) -> tuple[int, int, int] | None:
    """Absolute numeric dates (3/18/2019, 18.03.2019) through dateparser, loaded lazily."""
    # dateparser (slow to import) loads on the first numeric date
    import dateparser

    settings: Any = {
        "REQUIRE_PARTS": ["day", "month", "year"],
        "DATE_ORDER": "DMY" if "." in text else "MDY",
        "PREFER_DATES_FROM": "past",
    }
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return (parsed.year, parsed.month, parsed.day) if parsed else None


@rule("numeric_date", r"\d{1,2}([/.])\d{1,2}\1(?:\d{4}|\d\d)")
def _numeric(m: re.Match[str], text: str) -> Cand | None:
    if re.match(r"[./]\d", text[m.end() : m.end() + 2]) or re.search(r"\d[./]$", text[: m.start()]):
        return None  # part of a version number or IP address
    ymd = _dateparser(m.group(0))
    if ymd is None:
        return None
    return cand(m, "DATE", {"kind": "date", "year": ymd[0], "month": ymd[1], "day": ymd[2]})


@rule(
    "month_year",
    rf"(?P<mod>{MOD_PREFIX})?(?P<m>{M}),?\s+(?:of\s+)?(?P<y>{YEAR}|['’]\d\d|{YEAR_REL}|{YEAR_WORDS})"
    rf"(?:{DASH}(?P<m2>{M}),?\s+(?P<y2>{YEAR}))?",
    priority=4,
)
def _month_year(m: re.Match[str], text: str) -> Cand | None:
    if not _month_ok(m.group("m")) or _NOT_NUMBER_AFTER.match(text, m.end()):
        return None
    a = with_mod(
        year_part({"kind": "date", "month": lx.month_number(m.group("m"))}, m.group("y")),
        m.group("mod"),
    )
    if m.group("m2") and _month_ok(m.group("m2")):
        b = year_part({"kind": "date", "month": lx.month_number(m.group("m2"))}, m.group("y2"))
        return Cand(
            m.start(),
            m.end(),
            "DATE",
            {"kind": "range", "start": a, "end": b},
            parts=[(m.start(), m.end("y")), (m.start("m2"), m.end())],
        )
    return cand(m, "DATE", a)


REL_WORD = r"(?P<rel>this\s+past|this\s+coming|the\s+coming|the\s+past|this|last|next|coming|past)"
_DIR = {"this": 0, "last": -1, "next": 1, "coming": 1, "past": -1}


def direction(rel: str | None) -> int | None:
    if not rel:
        return None
    return _DIR[rel.lower().split()[-1]]


@rule(
    "month",
    rf"(?P<mod>{MOD_PREFIX})?(?:{REL_WORD}\s+|(?P<ana>the\s+(?:following|next|previous|preceding)|that)\s+)?"
    rf"(?P<m>{M})(?!\s*\d)",
    priority=2,
)
def _month(m: re.Match[str], text: str) -> Cand | None:
    word = m.group("m")
    if not _month_ok(word):
        return None
    if word.endswith(".") or (len(word) <= 3 and word.lower() not in ("may",)):
        return None  # a bare abbreviation: "Mar." is more often an abbreviation of something else
    bare = not (m.group("rel") or m.group("mod") or m.group("ana"))
    if bare and _CONTRACT_AFTER.match(text, m.end()):
        # "corn for December delivery", "May soybeans settled": a futures contract's month,
        # which is the one trading now or one ahead, whatever the verb's tense
        contract: Recipe = {
            "kind": "date",
            "month": lx.month_number(word),
            "tense_hint": "future",
            "strict": True,
        }
        return cand(m, "DATE", contract)
    if word.lower().rstrip(".") in AMBIGUOUS_MONTHS and not (
        m.group("rel")
        or m.group("mod")
        or m.group("ana")
        or preposition_before(text, m.start())
        or (
            _IN_MONTH_LIST.search(text, max(0, m.start() - 16), m.start())
            and re.match(r"\s*(?:,|and\b|or\b)", text[m.end() :])
        )
    ):
        return None
    if (
        word.lower() in ("march", "may")
        and not (m.group("rel") or m.group("mod") or m.group("ana"))
        and re.match(r"\s+(?:be|have|not|also|on|to|in)\b", text[m.end() :])
        and not preposition_before(text, m.start())
    ):
        return None
    if not (m.group("rel") or m.group("mod") or m.group("ana")) and _name_not_month(m, text):
        return None
    recipe = with_mod({"kind": "date", "month": lx.month_number(word)}, m.group("mod"))
    d = direction(m.group("rel"))
    if d is not None:
        recipe["direction"] = d
        if m.group("rel").lower() == "last":
            # "last February" written in March is not the month just ended (a writer says
            # "last month" or "in February" for that) but the February a year before
            recipe["year_back"] = True
    elif m.group("ana"):
        # "was sent to Kuwait the following January": in a past clause, the first January
        # after the date just told (`detect.link_context`); "was ousted that October": the
        # October of that date's year; told of no date, a bare month
        ana = m.group("ana").lower()
        if ana == "that" and not demonstrative_that(m, text):
            # "said that October was the worst month": a conjunction, then the month
            return Cand(m.start("m"), m.end(), "DATE", recipe)
        previous = ana.endswith(("previous", "preceding"))
        recipe["direction"] = 0 if ana == "that" else -1 if previous else 1
        recipe["base"] = anaphor_base(ana)
    return cand(m, "DATE", recipe)


#: What follows a futures contract's month: "December delivery", "the March contract",
#: "May corn", "November soybean futures", "Brent for August settlement".
_CONTRACT_AFTER = re.compile(
    r"\s+(?:(?:[a-z]+\s+){0,2}(?:delivery|settlement|futures|contracts?)\b|(?:corn|wheat|"
    r"soybeans?|soyoil|soymeal|cotton|sugar|cocoa|coffee|cattle|hogs|oats|canola|rapeseed|"
    r"crude|Brent|WTI|gasoline|heating\s+oil|natural\s+gas|gold|silver|copper|platinum|"
    r"palladium)\b(?!\s+(?:harvest|crop|planting|farmers?)\b))"
)
#: A month listed before: "in April, May and September" (May is then a month too, when the
#: list goes on after it: "In April, May said no" is Theresa May).
_IN_MONTH_LIST = re.compile(rf"\b{M}\s*,\s*$", re.IGNORECASE)
#: Months that are also first names: before a surname, with no preposition of time before
#: them ("Rep. April Jones", "June Alvarez said", "a play by August Wilson"), a person.
_FIRST_NAMES = {"april", "may", "june", "august"}
_SURNAME = re.compile(r"\s+(?!(?:Day|Eve)\b)[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b")
_TIME_PREP = re.compile(
    r"\b(?:in|on|since|until|till|through|during|of|from|to|early|late|mid|last|next|this|"
    r"that|before|after|between|and|or|around|about)\s+$",
    re.IGNORECASE,
)
#: "the March for Our Lives", "the March on Washington": a march, not March.
_A_MARCH = re.compile(r"\s+(?:for|against|on|to|through|across)\s+(?:the\s+)?[A-Z]")


def _name_not_month(m: re.Match[str], text: str) -> bool:
    word = m.group("m")
    before = text[max(0, m.start() - 16) : m.start()]
    if word.lower() == "march" and THE_BEFORE.search(before):
        return _A_MARCH.match(text, m.end()) is not None
    if word.lower() not in _FIRST_NAMES or _TIME_PREP.search(before):
        return False
    after = _SURNAME.match(text, m.end())
    if after is None:
        return False
    follower = after.group(0).strip()
    return not (follower.lower() in lx.MONTHS or follower.lower() in lx.WEEKDAYS)


@rule(
    "between_months",
    rf"(?:between\s+(?P<a>{M})\s+and|from\s+(?P<a2>{M})\s+(?:to|through|until|till))\s+(?P<b>{M})"
    rf"(?:,?\s+(?P<y>{YEAR}))?",
    priority=6,
)
def _between_months(m: re.Match[str], text: str) -> Cand | None:
    a_word = m.group("a") or m.group("a2")
    if not (_month_ok(a_word) and _month_ok(m.group("b"))):
        return None
    a = year_part({"kind": "date", "month": lx.month_number(a_word)}, m.group("y"))
    b = year_part({"kind": "date", "month": lx.month_number(m.group("b"))}, m.group("y"))
    if isinstance(a.get("year"), int) and int(a["month"]) > int(b["month"]):
        a["year"] -= 1  # "from August until July 2011": the August before (2010)
    a_start = m.start("a") if m.group("a") else m.start("a2")
    return Cand(
        a_start,
        m.end(),
        "DATE",
        {"kind": "range", "start": a, "end": b},
        parts=[(a_start, a_start + len(a_word)), (m.start("b"), m.end())],
    )


#: Nouns a number names, not a year: "Section 2021 of the code", "Flight 1990", "Room 1999",
#: "Agenda 2030", "Vision 2030" (a plan's name, not its year).
_NUMBERED_NAME = re.compile(
    r"\b(?:Section|Article|Chapter|Paragraph|Clause|Rule|Directive|Regulation|"
    r"Flight|Route|Highway|Interstate|Room|Suite|Model|Version|Agenda|Vision|Windows)\s+$"
)


#: A resolution's number, also in a list of them: "under resolution 1718", "Resolution 2231",
#: "UNSCR 2231", "resolutions 1718, 1874 and 2094" (its year of adoption in brackets is a
#: year: "(2006)").
_RESOLUTIONS = re.compile(
    r"\b(?:[Rr]esolutions?|RESOLUTION|UNSCR|UNSC\s+[Rr]esolution)\s+"
    r"(?:\d{3,4}(?:\s*\(\d{4}\))?(?:\s*,\s*(?:and\s+)?|\s+(?:and|or)\s+))*$"
)
#: A body or list named by a resolution's number after it: "the 1718 Committee", "the 1540
#: regime", "the 1267 list" (not "the 2023 list" of storm names: a list of a year).
_NUMBERED_BODY = re.compile(
    r"(?:\s+(?:[Cc]ommittee|[Rr]egime|[Ss]anctions\s+[Cc]ommittee)|(?<=1[0-8]\d\d)\s+[Ll]ist)\b"
)


#: A modifier of a year that says it is one: "around 1430", "circa 1499".
_ABOUT = re.compile(r"\b(?:around|about|circa|c\.|ca\.|approximately|roughly)\s*$", re.I)
#: Words before a year past 2099 that make it one: "by 2100", "until 2150", "beyond 2100".
_FAR_PREP = re.compile(
    r"\b(?:by|until|till|in|before|after|through|beyond|to|from|of|and)\s+$", re.IGNORECASE
)


#: A number after "to" that counts something is no year's end: "sentenced in 2011 to 45
#: years", "cut in 2019 to 12 percent".
#: A preposition of time before a number below 1600 that makes it a year: "founded in 1200".
_EARLY_YEAR_PREP = re.compile(
    r"\b(?:in|since|by|from|until|till|before|after|of|during|between|through|to|circa|c\.)\s+$",
    re.IGNORECASE,
)
_NO_COUNT = r"(?!\s*(?:years?|months?|weeks?|days?|hours?|decades?|per\s*cent|percent|%)(?!\w))"


@rule(
    "year",
    rf"(?P<mod>{MOD_PREFIX})?(?P<fy>fiscal(?:\s+year)?\s+|calendar\s+(?:year\s+)?|the\s+year\s+)?"
    rf"(?P<y>{YEAR}|21\d\d)(?P<r>(?:{DASH}|\s*/\s*)(?P<y2>{YEAR}|21\d\d|\d\d)(?!\d){_NO_COUNT})?",
    priority=1,
)
def _year(m: re.Match[str], text: str) -> Cand | None:
    if m.group("y").startswith("21") and not (
        m.group("fy") or _FAR_PREP.search(text, max(0, m.start() - 12), m.start())
    ):
        return None  # past 2099 only "by 2100", "until 2150": else a number ("2100 people")
    before = text[max(0, m.start() - 3) : m.start()]
    if re.search(r"(?:[$£€#]|No\.?\s?)$", before) or _NOT_NUMBER_AFTER.match(text, m.end()):
        return None
    if not m.group("fy") and (
        _NUMBERED_NAME.search(text, max(0, m.start() - 16), m.start())
        or _RESOLUTIONS.search(text, max(0, m.start() - 60), m.start())
        or _NUMBERED_BODY.match(text, m.end())
    ):
        # "Section 2021", "Flight 1990", "Agenda 2030", "resolutions 1718 and 2094", "the
        # 1718 Committee": a number or a name
        return None
    if re.match(r"[,.]\d", text[m.end() : m.end() + 2]) or re.search(r"\d[,.]$", before):
        return None
    y = int(m.group("y"))
    approx = m.group("mod") and _ABOUT.search(m.group("mod"))
    if y < 1600 and not (
        m.group("fy") or _EARLY_YEAR_PREP.search(text, max(0, m.start() - 12), m.start()) or approx
    ):
        # ("born around 1430", "painted about 1499", "founded in 1200" are years; "the 1200
        # block", "and 1300 in Victoria" are numbers)
        return None
    if re.match(
        r"\s*(?:people|troops|soldiers|men|women|children|workers|km|miles|meters|tons|feet|dollars|yuan|won|euros|members|cases"
        # "will cut about 1600 jobs", "in the 1200 block of North Avenue"
        r"|jobs|positions|employees|staff|students|patients|homes|houses|units|vehicles|cars|"
        r"flights|seats|beds|votes|rooms|acres|hectares|tonnes|barrels|shares|block)\b",
        text[m.end() :],
        re.I,
    ):
        return None
    mod = m.group("mod")
    if (
        mod
        and THE_BEFORE.search(mod)
        and re.match(r"\s+[A-Za-z]", text[m.end() :])
        and (not m.group("y2") or re.match(r"\s+[A-Z]", text[m.end() :]))
    ):
        if m.group("y2"):
            # "the end of the 1950-53 Korean War": the end of the war; the years a range
            return _year_range_cand(m, y)
        # "until the end of the 2027 World Cup", "the end of the 2019 season": the end of a
        # thing named with its year, not of the year (the year alone is the date)
        return Cand(
            m.start("fy") if m.group("fy") else m.start("y"),
            m.end(),
            "DATE",
            {"kind": "date", "year": y},
        )
    a = with_mod({"kind": "date", "year": y}, mod)
    if m.group("y2"):
        return _year_range_cand(m, y, a, m.start())
    return cand(m, "DATE", a)


def _year_range_cand(
    m: re.Match[str], y: int, start: Recipe | None = None, at: int | None = None
) -> Cand | None:
    """ "2009-2010", "2013-14": the two years as the parts of one range (from `at`, the
    first year's own start when not given), None when the second is not after the first."""
    y2s = m.group("y2")
    y2 = int(y2s) if len(y2s) == 4 else (y // 100) * 100 + int(y2s)
    if y2 <= y:
        return None
    at = m.start("y") if at is None else at
    return Cand(
        at,
        m.end(),
        "DATE",
        {
            "kind": "range",
            "start": start or {"kind": "date", "year": y},
            "end": {"kind": "date", "year": y2},
        },
        parts=[(at, m.end("y")), (m.start("y2"), m.end())],
    )


@rule(
    "from_year_to_year",
    rf"(?:from|between)\s+(?P<y>{YEAR})\s+(?:to|and|until|through)\s+(?P<y2>{YEAR})",
    priority=6,
)
def _year_range(m: re.Match[str], text: str) -> Cand | None:
    y, y2 = int(m.group("y")), int(m.group("y2"))
    if y2 <= y:
        return None
    return Cand(
        m.start("y"),
        m.end(),
        "DATE",
        {
            "kind": "range",
            "start": {"kind": "date", "year": y},
            "end": {"kind": "date", "year": y2},
        },
        parts=[(m.start("y"), m.end("y")), (m.start("y2"), m.end())],
    )


@rule("year_words", rf"(?:the\s+year\s+)?(?P<y>{YEAR_WORDS})", priority=1)
def _year_words(m: re.Match[str], text: str) -> Cand | None:
    y = year_value(m.group("y"))
    if y is None or not 1000 <= y <= 2099:
        return None
    if not m.group(0).lower().startswith("the year") and not preposition_before(text, m.start()):
        if not re.match(r"[\s,.;]", text[m.end() : m.end() + 1] or "."):
            return None
        if re.match(r"\s+(?:people|years|percent|dollars)", text[m.end() :], re.I):
            return None
    return cand(m, "DATE", {"kind": "date", "year": y})


#: A capitalised word after a holiday makes it a name ("the Good Friday Agreement", "the
#: Independence Day Parade"), unless it is a day or month of its own ("Easter Monday" is a day).
_NAMED_AFTER_HOLIDAY = re.compile(
    r"[ \t]+(?!(?:Day|Eve|Week|Weekend|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"Morning|Afternoon|Evening|Night)\b)[A-Z][a-z]"
)


#: A nation's possessive or adjective before a holiday ("Peru's", "Mexican", "its" of a
#: nation named before), not America's.
_OTHER_NATION = re.compile(
    r"\b(?!(?:America|American|U\.S|US|United\s+States)\b)"
    r"(?:[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?['’]s|[A-Z][a-z]+(?:an|ese|ish|i)|its|their)\s+$"
)


#: A capitalised word of a longer name before a holiday: "Constitution Memorial Day" (not a
#: sentence's first word or a preposition: "On Memorial Day", "By Labor Day").
_NAME_BEFORE = re.compile(
    r"(?<![.!?]\s)(?<!^)\b(?!(?:On|By|Since|Before|After|Until|For|Last|Next|This|The|In|At|Over"
    r"|Around|From|And|Or|Through|During|Ahead|Like|Each|Every)\b)[A-Z][a-z]+\s+$"
)


#: A calendar other than the Gregorian before "New Year": "the Lunar New Year", "Nowruz, the
#: Persian New Year".
_OTHER_CALENDAR = re.compile(
    r"\b(?:Lunar|Chinese|Persian|Iranian|Jewish|Hebrew|Islamic|Hijri|Vietnamese|Korean|Tibetan"
    r"|Thai|Khmer|Sinhala|Tamil|Bengali|Nepali|Ethiopian|Orthodox|Old)\s+$"
)


_DAY_PREP = re.compile(r"\b(?:on|during|over|at|before|after|until|till|since|by)\s+$", re.I)
#: An article before a holiday's name: "a Christmas tree" (searched in the whole text, so that
#: the "an" ending "than" is no article).
_A_BEFORE = re.compile(r"\ban?\s+$", re.IGNORECASE)
#: A year written after a holiday and "in" or "of": "riots broke out on Yom Kippur in 2008"
#: (the day after its preposition; not "recognised the Day of Vesak in 1999").
_IN_YEAR_AFTER = re.compile(rf"\s+(?:in|of)\s+({YEAR})(?![\d,.]\d)")


#: The era written after a year or a century: "753 B.C.", "500 BC", "the fifth century BCE"
#: (followed by what ends a date, not by a noun: "the B.C. election" is British Columbia's).
ERA_BC = r"\s*(?:B\.\s?C\.(?:\s?E\.)?|BCE?\b)"
BEFORE_CHRIST = re.compile(
    ERA_BC
    + r"(?=\s*(?:[,;:)!?]|\.?\s*$|\.\s+[A-Z\"“]"
    + r"|\s+(?:and|or|to|until|in|at|by|when|as|from|the|a|an)\b))"
)


@rule(
    "bc_year", r"(?:(?P<c>c\.|circa|about|around)\s+)?(?P<y>\d{1,4})(?=\s*B)", flags=0, priority=6
)
def _bc_year(m: re.Match[str], text: str) -> Cand | None:
    """ "founded in 753 B.C.": TIMEX3 BC0753 (no calendar day can hold it)."""
    era = BEFORE_CHRIST.match(text, m.end())
    y = int(m.group("y"))
    if era is None or y == 0 or re.search(r"[\d,.]$", text[max(0, m.start() - 1) : m.start()]):
        return None
    recipe: Recipe = {"kind": "value", "value": f"BC{y:04d}"}
    if m.group("c"):
        recipe["mod"] = "APPROX"
    return Cand(m.start("y") if not m.group("c") else m.start(), era.end(), "DATE", recipe)


@rule(
    "september_11",
    r"(?:Sept?\.?|September)\s+11(?:th)?(?:,?\s+2001)?(?=\s+(?:attacks?|terror|terrorist|hijack))",
    flags=0,
    priority=6,
)
def _september_11(m: re.Match[str], text: str) -> Cand | None:
    """ "the Sept. 11 attacks": the day of 2001 they are named for, not the nearest Sept. 11."""
    return cand(m, "DATE", {"kind": "date", "year": 2001, "month": 9, "day": 11})


@rule(
    "holiday",
    rf"(?:the\s+(?:(?P<dw>day|week|weekend)|(?P<bwd>{lx.WEEKDAY_RE}))\s+(?P<ba>before|after)\s+"
    rf"|(?P<rel>last|next|this)\s+"
    rf"|(?P<eve>the\s+eve\s+of\s+(?:the\s+)?))?"
    rf"(?P<h>{lx.alternation(holidays.NAMES)})(?P<wk>(?:['’]s)?\s+(?:long\s+(?=weekend)|holiday\s+)?week(?P<we>end)?(?![\w-]))?"
    rf"(?:\s+(?P<y>{YEAR}|{YEAR_REL}))?",
    flags=re.I,
)
def _holiday(m: re.Match[str], text: str) -> Cand | None:
    if not is_capitalized(m.group("h")):
        return None
    if not m.group("y") and _NAMED_AFTER_HOLIDAY.match(text, m.end()):
        # "the Good Friday Agreement", "the Easter Rising": a name (and no month of it: "the
        # May Day Stadium")
        return not_a_date(m) if named_place(text, m.start(), m.end()) else None
    if _A_BEFORE.search(text, max(0, m.start() - 3), m.start()):
        return None  # "a Christmas tree", "an Easter egg hunt": a kind of thing, no day
    name = holidays.key(m.group("h"))
    if name in holidays.US_ONLY and (
        _OTHER_NATION.search(text, max(0, m.start() - 30), m.start())
        or (
            m.start() == m.start("h")  # (not "in the Atlantic last Thanksgiving")
            and _NAME_BEFORE.search(text, max(0, m.start() - 20), m.start())
        )
    ):
        # "Peru's Independence Day", "Canadian Thanksgiving", "Constitution Memorial Day":
        # not the US day
        return None
    if (
        name == "spring festival"
        and m.start() == m.start("h")
        and _NAME_BEFORE.search(text, max(0, m.start() - 20), m.start())
        and not re.search(r"(?:Chinese|China['’]s)\s+$", text[max(0, m.start() - 12) : m.start()])
    ):
        return None  # "the Harrogate Spring Festival": a town's own, not the Chinese New Year
    if name == "new year" and (
        _OTHER_CALENDAR.search(text, max(0, m.start() - 12), m.start())
        or not m.group("h")[4:5].isupper()
    ):
        return None  # "the Lunar New Year", "Persian New Year"; "a new year" is no holiday
    recipe: Recipe = {
        "kind": "date",
        "holiday": name,
    }
    year_part(recipe, m.group("y"))
    later_year = _IN_YEAR_AFTER.match(text, m.end())
    if (
        later_year
        and not m.group("y")
        and not m.group("rel")
        and _DAY_PREP.search(text, max(0, m.start() - 12), m.start())
    ):
        recipe["year"] = int(later_year.group(1))  # "on Yom Kippur in 2008": that year's
    if m.group("rel") and not m.group("y"):
        # "last Christmas", "next Easter", "this Thanksgiving" (see `resolve._date`)
        recipe["direction"] = _DIR[m.group("rel").lower()]
    if m.group("wk"):  # "Christmas week", "New Year's weekend": the week that holds the day
        if m.group("ba") or m.group("eve"):
            return None
        if m.group("we") and name in holidays.ON_MONDAY:
            recipe["offset"] = -1  # "the Labor Day weekend": the weekend before the Monday
        elif m.group("we"):
            recipe["weekend_of"] = True  # "the Fourth of July weekend": before it on a Monday
        week: Recipe = {"kind": "shift", "unit": "week", "count": 0, "base": recipe}
        if m.group("we"):  # "the Easter weekend": the weekend of the week that holds the day
            week["time_of_day"] = "WE"
        return cand(m, "DATE", week)
    after = (m.group("ba") or "").lower() == "after"
    if m.group("bwd"):
        # "the Sunday after Thanksgiving last year": the first such weekday after (before) it
        day: Recipe = {"kind": "weekday", "weekday": lx.weekday_number(m.group("bwd"))}
        day["direction"] = 1 if after else -1
        day["base"] = recipe
        return cand(m, "DATE", day)
    if m.group("ba") and m.group("dw").lower() == "weekend":
        # "the weekend before Christmas": the one of the week before the holiday's; "the
        # weekend after Ash Wednesday": the first weekend day two days on is in it
        if after:
            recipe["offset"] = 2
        count = 0 if after else -1
        weekend: Recipe = {"kind": "shift", "unit": "week", "count": count, "time_of_day": "WE"}
        weekend["base"] = recipe
        return cand(m, "DATE", weekend)
    if m.group("ba") and m.group("dw").lower() == "week":
        # "starting the week after Labor Day": the week next to the holiday's
        step = 1 if after else -1
        return cand(m, "DATE", {"kind": "shift", "unit": "week", "count": step, "base": recipe})
    if m.group("ba"):  # "the day after Christmas": the day next to the holiday, dated as it is
        recipe["offset"] = 1 if m.group("ba").lower() == "after" else -1
    if m.group("eve"):  # "on the eve of the Lunar New Year": the day before it
        recipe["offset"] = -1
    return cand(m, "DATE", recipe)


@rule(
    "edge_day_of_year",
    r"the\s+(?P<o>first|last|final)\s+(?P<u>day|night)\s+of\s+(?:the\s+(?P<the>year)|(?P<y>"
    + YEAR
    + r"))(?![\w'’-])",
    priority=5,
)
def _edge_day_of_year(m: re.Match[str], text: str) -> Cand | None:
    """ "on the last day of the year", "the last night of 1997", "the first day of 2020": that
    day (or night), New Year's Eve or Day of the year named, else of the year on the clause's
    side (not only "the year")."""
    first = m.group("o").lower() == "first"
    recipe: Recipe = {"kind": "date", "month": 1 if first else 12, "day": 1 if first else 31}
    if m.group("y"):
        recipe["year"] = int(m.group("y"))
    if m.group("u").lower() == "night":
        recipe["time_of_day"] = "NI"
        return cand(m, "TIME", recipe)
    return cand(m, "DATE", recipe)
