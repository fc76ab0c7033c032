"""Fixed and movable holidays that English news names instead of dates."""

from __future__ import annotations

from datetime import date, timedelta

from nkviewer.nlp.timex import calendar as cal

_FIXED = {
    "new year's day": (1, 1),
    "new year's eve": (12, 31),
    "new year": (1, 1),  # "around Christmas and New Year" (not the Lunar one: see the rule)
    "valentine's day": (2, 14),
    "independence day": (7, 4),
    "halloween": (10, 31),
    "veterans day": (11, 11),
    "christmas": (12, 25),
    "christmas day": (12, 25),
    "christmas eve": (12, 24),
    "orthodox christmas": (1, 7),  # Julian 25 December, 7 January from 1900 to 2099
    "boxing day": (12, 26),
    "may day": (5, 1),
    "juneteenth": (6, 19),
    "armistice day": (11, 11),
    "remembrance day": (11, 11),
    "bastille day": (7, 14),
    "st. patrick's day": (3, 17),
    "saint patrick's day": (3, 17),
}

#: Holiday names the rules recognise (lower case, apostrophes normalised to ').
NAMES = (
    *_FIXED,
    "thanksgiving",
    "thanksgiving day",
    "memorial day",
    "labor day",
    "election day",
    "easter",
    "easter sunday",
    "easter monday",
    "good friday",
    "martin luther king day",
    "orthodox easter",
    "palm sunday",
    "ash wednesday",
    "maundy thursday",
    "pentecost",
    "whit sunday",
    "presidents day",
    "presidents' day",
    "washington's birthday",
    "columbus day",
    "remembrance sunday",
    "mother's day",
    "father's day",
)


#: The holidays whose day is the United States' own (another nation's falls elsewhere).
US_ONLY = frozenset(
    {
        "independence day",
        "thanksgiving",
        "thanksgiving day",
        "memorial day",
        "labor day",
        "election day",
        "martin luther king day",
        "veterans day",
        "presidents day",
        "presidents' day",
        "washington's birthday",
        "columbus day",
        "mother's day",  # the UK's Mothering Sunday falls in Lent
        "father's day",
    }
)


#: The holidays kept on a Monday: their weekend is the one just before.
ON_MONDAY = frozenset(
    {
        "memorial day",
        "labor day",
        "martin luther king day",
        "easter monday",
        "presidents day",
        "presidents' day",
        "washington's birthday",
        "columbus day",
    }
)


#: Days of the Christian year counted from (Western) Easter Sunday.
_FROM_EASTER = {
    "palm sunday": -7,
    "ash wednesday": -46,
    "maundy thursday": -3,
    "pentecost": 49,
    "whit sunday": 49,
}


def holiday_date(name: str, year: int) -> date:
    """The day of holiday `name` (a key of NAMES) in `year` (US conventions for movable ones)."""
    key = name.lower().replace("’", "'")
    if key in _FIXED:
        m, d = _FIXED[key]
        return date(year, m, d)
    if key.startswith("thanksgiving"):
        return cal.nth_weekday(year, 11, 3, 4)
    if key == "memorial day":
        return cal.nth_weekday(year, 5, 0, -1)
    if key == "labor day":
        return cal.nth_weekday(year, 9, 0, 1)
    if key == "martin luther king day":
        return cal.nth_weekday(year, 1, 0, 3)
    if key in ("presidents day", "presidents' day", "washington's birthday"):
        return cal.nth_weekday(year, 2, 0, 3)  # the third Monday of February
    if key == "columbus day":
        return cal.nth_weekday(year, 10, 0, 2)
    if key == "remembrance sunday":  # the Sunday nearest 11 November: its second Sunday
        return cal.nth_weekday(year, 11, 6, 2)
    if key == "mother's day":
        return cal.nth_weekday(year, 5, 6, 2)
    if key == "father's day":
        return cal.nth_weekday(year, 6, 6, 3)
    if key == "election day":  # the Tuesday after the first Monday of November
        return cal.nth_weekday(year, 11, 0, 1) + timedelta(days=1)
    if key == "orthodox easter":
        return cal.orthodox_easter(year)
    if key in _FROM_EASTER:
        return cal.easter(year) + timedelta(days=_FROM_EASTER[key])
    if key == "easter monday":
        return cal.easter(year) + timedelta(days=1)
    if key.startswith("easter"):
        return cal.easter(year)
    if key == "good friday":
        return cal.easter(year) - timedelta(days=2)
    raise ValueError(f"unknown holiday {name!r}")
