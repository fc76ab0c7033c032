"""Words of English temporal expressions: months, weekdays, seasons, numbers, units.

Each table maps a lower-case written form to its meaning; the `*_RE` strings are regular
expression alternations (longest first, so that "sept." wins over "sep") used by the rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
MONTHS: dict[str, int] = {name: i for i, name in enumerate(MONTH_NAMES, start=1)}
MONTHS.update(
    {
        "jan": 1,
        "feb": 2,
        "mar": 3,
        "apr": 4,
        "jun": 6,
        "jul": 7,
        "aug": 8,
        "sep": 9,
        "sept": 9,
        "oct": 10,
        "nov": 11,
        "dec": 12,
    }
)

WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAYS: dict[str, int] = {name: i for i, name in enumerate(WEEKDAY_NAMES)}
WEEKDAYS.update({"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3})
WEEKDAYS.update({"fri": 4, "sat": 5, "sun": 6})

#: TIMEX3 season codes.
SEASONS: dict[str, str] = {
    "spring": "SP",
    "summer": "SU",
    "autumn": "FA",
    "fall": "FA",
    "winter": "WI",
}

#: Parts of the day and their TIMEX3 codes.
DAY_PARTS: dict[str, str] = {
    "morning": "MO",
    "afternoon": "AF",
    "evening": "EV",
    "night": "NI",
    "tonight": "NI",
    "overnight": "NI",
}

UNITS_SMALL = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
ORDINALS: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
}

#: Vague quantities: duration value `PX<unit>`.
VAGUE = (
    "a few",
    "few",
    "several",
    "many",
    "some",
    "a number of",
    "numerous",
    "a couple of",
    "couple of",
)

#: Duration units: lower-case singular → (TIMEX3 letter, is time-of-day unit).
UNITS: dict[str, tuple[str, bool]] = {
    "second": ("S", True),
    "minute": ("M", True),
    "hour": ("H", True),
    "day": ("D", False),
    "night": ("D", False),
    "week": ("W", False),
    "fortnight": ("W", False),  # handled as 2 weeks by the rules
    "month": ("M", False),
    "quarter": ("Q", False),
    "year": ("Y", False),
    "decade": ("DE", False),  # rewritten as 10 years
    "century": ("CE", False),  # rewritten as 100 years
    "millennium": ("L", False),
}
UNIT_PLURALS = {
    "seconds": "second",
    "minutes": "minute",
    "hours": "hour",
    "days": "day",
    "nights": "night",
    "weeks": "week",
    "fortnights": "fortnight",
    "months": "month",
    "quarters": "quarter",
    "years": "year",
    "decades": "decade",
    "centuries": "century",
    "millennia": "millennium",
}


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of `words`, longest first, with `.`/spaces escaped."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


_MONTH_FULL = [m for m in MONTHS if len(m) > 4 or m in ("may", "june", "july")]
_MONTH_ABBR = [m for m in MONTHS if m not in _MONTH_FULL]
#: A month name: full ("March"), or abbreviated with or without a dot ("Sept.", "Apr").
MONTH_RE = rf"(?:{alternation(_MONTH_FULL)}|(?:{alternation(_MONTH_ABBR)})\.?)"
WEEKDAY_RE = (
    rf"(?:{alternation(w for w in WEEKDAYS if len(w) > 5)}"
    rf"|(?:{alternation(w for w in WEEKDAYS if len(w) <= 5)})\.)"
)
SEASON_RE = alternation(SEASONS)
DAY_PART_RE = alternation(k for k in DAY_PARTS if k not in ("tonight", "overnight"))

_SMALL_RE = alternation(UNITS_SMALL)
_TENS_RE = alternation(TENS)
#: A number written in words up to 99 ("twenty four", "thirty-five", "seven").
WORD_NUMBER_RE = (
    rf"(?:(?:{_TENS_RE})(?:[\s-]+(?:{alternation(list(UNITS_SMALL)[1:10])}))?|{_SMALL_RE})"
)
#: A count: digits (with a fraction or decimals), a number word, or "a"/"an"/"one".
COUNT_RE = (
    rf"(?:(?:\d{{1,3}}(?:,\d{{3}})+(?!\d)|\d+(?:\.\d+)?)(?:[\s-]+1/2|\s*½)?"
    rf"|(?:(?:a|one|two|three|four|five|several|a\s+few)\s+)?(?:hundred|thousand)"
    rf"|(?:{WORD_NUMBER_RE})(?:\s+and\s+a\s+half)?"
    rf"|{alternation(VAGUE)}|a\s+single|a|an|a\s+half|half\s+an?)"
)
UNIT_RE = alternation(list(UNITS) + list(UNIT_PLURALS))
ORDINAL_RE = rf"(?:{alternation(ORDINALS)}|\d{{1,2}}(?:st|nd|rd|th))"


def word_number(text: str) -> float | None:
    """The value of a count as written ("twenty four", "2 1/2", "a", "one and a half")."""
    t = re.sub(r"[\s-]+", " ", text.lower().strip())
    half = 0.0
    if t.endswith(" and a half"):
        t, half = t[: -len(" and a half")], 0.5
    if t.endswith("½"):
        t, half = t[:-1].strip(), 0.5
    if t.endswith(" 1/2"):
        t, half = t[:-4].strip(), 0.5
    if t in ("a half", "half a", "half an"):
        return 0.5
    big = re.fullmatch(r"(?:(\w+(?: \w+)?) )?(hundred|thousand)", t)
    if big:
        # ("the past hundred years": a hundred)
        head = 1.0 if big.group(1) in (None, "a", "one") else word_number(big.group(1))
        if head is None:
            return None
        return head * (100 if big.group(2) == "hundred" else 1000)
    if t in ("a", "an", "one", "a single"):
        return 1 + half
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", t):  # "1,200 years"
        t = t.replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", t):
        return float(t) + half
    if t in UNITS_SMALL:
        return UNITS_SMALL[t] + half
    parts = t.split()
    if parts and parts[0] in TENS:
        total = TENS[parts[0]]
        if len(parts) == 2 and parts[1] in UNITS_SMALL:
            total += UNITS_SMALL[parts[1]]
        elif len(parts) > 1:
            return None
        return total + half
    if t in ("a couple of", "couple of"):
        return 2
    return None


def is_vague(text: str) -> bool:
    """Whether a count is vague ("several", "a few"): its duration value uses X."""
    t = re.sub(r"\s+", " ", text.lower().strip())
    return (t in VAGUE and t not in ("a couple of", "couple of")) or t in (
        "several hundred",
        "a few hundred",
    )


def ordinal_value(text: str) -> int | None:
    """1 for "first"/"1st", 11 for "11th", None otherwise."""
    t = text.lower()
    if t in ORDINALS:
        return ORDINALS[t]
    m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)", t)
    return int(m.group(1)) if m else None


def unit_name(text: str) -> str:
    """Singular unit name for "days"/"Day"/"years" …"""
    t = text.lower()
    return UNIT_PLURALS.get(t, t)


def month_number(text: str) -> int:
    return MONTHS[text.lower().rstrip(".")]


def weekday_number(text: str) -> int:
    """0 for "Monday", "Mon.", "Mondays" or "Monday's" ... 6 for Sunday."""
    t = re.sub(r"(?:['’]s|s)$", "", text.lower().rstrip("."))
    return WEEKDAYS[t] if t in WEEKDAYS else WEEKDAYS[text.lower().rstrip(".")]


def year_words(text: str) -> int | None:
    """Years written in words: "nineteen ninety-six", "the year two thousand"."""
    t = re.sub(r"[\s-]+", " ", text.lower().strip())
    if t == "two thousand":
        return 2000
    m = re.fullmatch(r"two thousand (?:and )?(.+)", t)
    if m:
        n = word_number(m.group(1))
        return 2000 + int(n) if n is not None and n < 100 else None
    parts = t.split(" ", 1)
    if len(parts) == 2 and parts[0] in UNITS_SMALL and UNITS_SMALL[parts[0]] >= 10:
        rest = parts[1]
        if rest == "hundred":
            return UNITS_SMALL[parts[0]] * 100
        n = word_number(rest)
        if n is not None and 10 <= n < 100:
            return UNITS_SMALL[parts[0]] * 100 + int(n)
    return None
