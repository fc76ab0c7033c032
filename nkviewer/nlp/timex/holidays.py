"""Fixed and movable holidays that English news names instead of dates."""

from __future__ import annotations

import functools
import re
from datetime import date, timedelta
from typing import Any

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
    "assumption day": (8, 15),
    "ferragosto": (8, 15),
    "all saints' day": (11, 1),
    "bastille day": (7, 14),
    "st. patrick's day": (3, 17),
    "saint patrick's day": (3, 17),
    "st patrick's day": (3, 17),
    "fourth of july": (7, 4),
    "hogmanay": (12, 31),
    "canada day": (7, 1),
    "australia day": (1, 26),
    "international labour day": (5, 1),
    "international labor day": (5, 1),
    "international workers' day": (5, 1),
    # North Korea's two leaders' birthdays, by the names its news gives them
    "day of the sun": (4, 15),
    "day of the shining star": (2, 16),
}


def _spellings(*words: str) -> list[str]:
    """ "Eid al-Fitr" as news spells it: "Eid ul-Fitr", "Eid-al-Fitr", "Eid al Fitr"."""
    return [
        f"eid{a}{article}{b}{word}"
        for word in words
        for article in ("al", "ul", "el")
        for a, b in ((" ", "-"), (" ", " "), ("-", "-"))
    ]


#: Festivals of the lunar, lunisolar and solar-hijri calendars, by the name news gives them:
#: the calendar of the `holidays` package that dates them and its method. A festival of many
#: days (Ramadan, Passover, Hanukkah) is dated by its first, as "Christmas" is by its day.
_LUNAR: dict[str, tuple[str, str]] = {
    **dict.fromkeys(
        ("lunar new year", "chinese new year", "korean new year", "spring festival", "seollal"),
        ("chinese", "lunar_new_year_date"),
    ),
    "vietnamese new year": ("chinese", "lunar_new_year_date"),
    **dict.fromkeys(("chuseok", "mid-autumn festival"), ("chinese", "mid_autumn_date")),
    "dragon boat festival": ("chinese", "dragon_boat_date"),
    **dict.fromkeys(
        ("qingming", "qingming festival", "tomb-sweeping day", "tomb sweeping day"),
        ("chinese", "qingming_date"),
    ),
    "buddha's birthday": ("chinese", "buddha_birthday_date"),
    **dict.fromkeys(("vesak", "wesak"), ("buddhist", "vesak_date")),
    **dict.fromkeys(_spellings("fitr"), ("islamic", "eid_al_fitr_dates")),
    **dict.fromkeys(_spellings("adha", "azha"), ("islamic", "eid_al_adha_dates")),
    "ramadan": ("islamic", "ramadan_beginning_dates"),
    "ashura": ("islamic", "ashura_dates"),
    **dict.fromkeys(("islamic new year", "hijri new year"), ("islamic", "hijri_new_year_dates")),
    **dict.fromkeys(
        ("rosh hashanah", "rosh hashana", "jewish new year"), ("hebrew", "rosh_hashanah_date")
    ),
    "yom kippur": ("hebrew", "yom_kippur_date"),
    **dict.fromkeys(("passover", "pesach"), ("hebrew", "passover_date")),
    **dict.fromkeys(("hanukkah", "chanukah", "hanukah"), ("hebrew", "hanukkah_date")),
    "purim": ("hebrew", "purim_date"),
    "sukkot": ("hebrew", "sukkot_date"),
    "shavuot": ("hebrew", "shavuot_date"),
    **dict.fromkeys(("diwali", "deepavali"), ("hindu", "diwali_india_date")),
    "holi": ("hindu", "holi_date"),
    **dict.fromkeys(
        ("nowruz", "norooz", "nowrooz", "navruz", "nauryz", "persian new year", "iranian new year"),
        ("persian", "new_year_date"),
    ),
}


#: Martin Luther King Jr. Day as news spells it (the third Monday of January).
_MLK = (
    "martin luther king day",
    "martin luther king jr. day",
    "martin luther king, jr. day",
    "mlk day",
)

#: Holiday names the rules recognise (lower case, apostrophes normalised to ').
NAMES = (
    *_FIXED,
    *_LUNAR,
    "thanksgiving",
    "thanksgiving day",
    "memorial day",
    "labor day",
    "election day",
    "easter",
    "easter sunday",
    "easter monday",
    "good friday",
    *_MLK,
    "patriots' day",
    "black friday",
    "cyber monday",
    "lantern festival",
    "orthodox easter",
    "palm sunday",
    "ash wednesday",
    "maundy thursday",
    "pentecost",
    "whit sunday",
    "whitsunday",
    "whitsun",
    "whit monday",
    "pentecost monday",
    "ascension",
    "ascension day",
    "shrove tuesday",
    "pasquetta",
    "presidents day",
    "presidents' day",
    "washington's birthday",
    "columbus day",
    "remembrance sunday",
    "mother's day",
    "father's day",
    # the eve of a festival of another calendar: the day before it
    "lunar new year's eve",
    "chinese new year's eve",
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
        *_MLK,
        "patriots' day",
        "black friday",
        "cyber monday",
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
        *_MLK,
        "patriots' day",
        "cyber monday",
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
    "shrove tuesday": -47,
    "maundy thursday": -3,
    "ascension": 39,
    "ascension day": 39,
    "pentecost": 49,
    "whit sunday": 49,
    "whitsunday": 49,
    "whitsun": 49,
    "whit monday": 50,
    "pentecost monday": 50,
    "pasquetta": 1,
}


def key(name: str) -> str:
    """A holiday's name as written ("St Patrick’s  Day") as a key of NAMES: lower case, one
    space between words, apostrophes as '."""
    return re.sub(r"\s+", " ", name.lower().replace("’", "'"))


def fixed_day(name: str) -> tuple[int, int] | None:
    """The (month, day) of a holiday on the same day every year ("Christmas"), else None."""
    return _FIXED.get(key(name))


def holiday_date(name: str, year: int) -> date:
    """The day of holiday `name` (a key of NAMES) in `year` (US conventions for movable ones)."""
    name = key(name)
    if name in _LUNAR:
        return _festival(name, year)
    if name.endswith("'s eve") and name[: -len("'s eve")] in _LUNAR:
        return _festival(name[: -len("'s eve")], year) - timedelta(days=1)
    if name in _FIXED:
        m, d = _FIXED[name]
        return date(year, m, d)
    if name.startswith("thanksgiving"):
        return cal.nth_weekday(year, 11, 3, 4)
    if name == "black friday":  # the day after Thanksgiving
        return cal.nth_weekday(year, 11, 3, 4) + timedelta(days=1)
    if name == "cyber monday":  # the Monday after Thanksgiving
        return cal.nth_weekday(year, 11, 3, 4) + timedelta(days=4)
    if name == "patriots' day":  # Massachusetts and Maine: the third Monday of April
        return cal.nth_weekday(year, 4, 0, 3)
    if name == "lantern festival":  # the fifteenth day of the first lunar month
        return _festival("lunar new year", year) + timedelta(days=14)
    if name == "memorial day":
        return cal.nth_weekday(year, 5, 0, -1)
    if name == "labor day":
        return cal.nth_weekday(year, 9, 0, 1)
    if name in _MLK:
        return cal.nth_weekday(year, 1, 0, 3)
    if name in ("presidents day", "presidents' day", "washington's birthday"):
        return cal.nth_weekday(year, 2, 0, 3)  # the third Monday of February
    if name == "columbus day":
        return cal.nth_weekday(year, 10, 0, 2)
    if name == "remembrance sunday":  # the Sunday nearest 11 November: its second Sunday
        return cal.nth_weekday(year, 11, 6, 2)
    if name == "mother's day":
        return cal.nth_weekday(year, 5, 6, 2)
    if name == "father's day":
        return cal.nth_weekday(year, 6, 6, 3)
    if name == "election day":  # the Tuesday after the first Monday of November
        return cal.nth_weekday(year, 11, 0, 1) + timedelta(days=1)
    if name == "orthodox easter":
        return cal.orthodox_easter(year)
    if name in _FROM_EASTER:
        return cal.easter(year) + timedelta(days=_FROM_EASTER[name])
    if name == "easter monday":
        return cal.easter(year) + timedelta(days=1)
    if name.startswith("easter"):
        return cal.easter(year)
    if name == "good friday":
        return cal.easter(year) - timedelta(days=2)
    raise ValueError(f"unknown holiday {name!r}")


@functools.cache
def _calendar(name: str) -> Any:
    """One of the `holidays` package's calendars, imported when a festival is first dated."""
    from holidays import calendars

    kinds = {
        "chinese": calendars._ChineseLunisolar,
        "buddhist": calendars._BuddhistLunisolar,
        "islamic": calendars._IslamicLunar,
        "hebrew": calendars._HebrewLunisolar,
        "hindu": calendars._HinduLunisolar,
        "persian": calendars._Persian,
    }
    return kinds[name]()


@functools.lru_cache(maxsize=1024)
def _festival(name: str, year: int) -> date:
    """The first day of festival `name` in `year`; ValueError where its calendar has none
    (the tables end: Holi is dated from 2001, the Islamic festivals to 2076)."""
    calendar_name, method = _LUNAR[name]
    got = getattr(_calendar(calendar_name), method)(year)
    # The calendars answer a day, (day, estimated), or several of them: an Islamic festival
    # can fall twice in one year (8 January and 27 December 2000); the first is taken.
    found = [got] if got is None or isinstance(got, date | tuple) else list(got)
    days = sorted(
        d
        for item in found
        for d in ([item[0]] if isinstance(item, tuple) else [item])
        if isinstance(d, date) and d.year == year
    )
    if not days:
        raise ValueError(f"no {name} in {year}")
    return days[0]
