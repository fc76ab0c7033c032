"""Calendar arithmetic on TIMEX3 units: bounds, values and shifts of days, weeks, quarters ...

A calendar unit is identified by its granularity name and the first day it covers; everything
else (its TIMEX3 value, its last day, the unit n steps away) is computed from those two.
Granularities: day, week, month, quarter, half, season, year, decade, century.
"""

from __future__ import annotations

import calendar as _cal
from datetime import date, timedelta

SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
GRAN_ORDER = ("day", "week", "month", "quarter", "half", "season", "year", "decade", "century")
#: Coarser granularity last; used to decide whether a shift can keep a base's precision.
GRAN_RANK = {g: i for i, g in enumerate(GRAN_ORDER)}


def add_months(d: date, months: int) -> date:
    """`d` moved by whole months, the day clipped to the month's length."""
    total = d.year * 12 + (d.month - 1) + months
    y, m = divmod(total, 12)
    y = max(1, min(9999, y))
    last = _cal.monthrange(y, m + 1)[1]
    return date(y, m + 1, min(d.day, last))


def month_end(y: int, m: int) -> date:
    return date(y, m, _cal.monthrange(y, m)[1])


def season_of(d: date) -> tuple[int, str]:
    """(year, code) of the meteorological season containing `d` (winter = Dec..Feb)."""
    if d.month == 12:
        return d.year, "WI"
    if d.month <= 2:
        return d.year - 1, "WI"
    for code in ("SP", "SU", "FA"):
        start = SEASON_START[code]
        if start <= d.month < start + 3:
            return d.year, code
    raise AssertionError(d)  # pragma: no cover


def unit_start(gran: str, d: date) -> date:
    """First day of the unit of granularity `gran` that contains `d`."""
    if gran == "day":
        return d
    if gran == "week":
        return d - timedelta(days=d.weekday())
    if gran == "month":
        return d.replace(day=1)
    if gran == "quarter":
        return date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)
    if gran == "half":
        return date(d.year, 1 if d.month <= 6 else 7, 1)
    if gran == "season":
        y, code = season_of(d)
        return date(y, SEASON_START[code], 1)
    if gran == "year":
        return date(d.year, 1, 1)
    if gran == "decade":
        return date(max(1, d.year - d.year % 10), 1, 1)
    if gran == "century":
        return date(max(1, d.year - d.year % 100), 1, 1)
    raise ValueError(f"unknown granularity {gran!r}")


def unit_end(gran: str, first: date) -> date:
    """Last day of the unit that starts on `first`."""
    if gran == "day":
        return first
    if gran == "week":
        return first + timedelta(days=6)
    months = {"month": 1, "quarter": 3, "half": 6, "season": 3, "year": 12}
    if gran in months:
        return add_months(first, months[gran]) - timedelta(days=1)
    if gran == "decade":
        return date(min(9999, first.year + 9), 12, 31)
    if gran == "century":
        return date(min(9999, first.year + 99), 12, 31)
    raise ValueError(f"unknown granularity {gran!r}")


def shift(gran: str, first: date, n: int) -> date:
    """First day of the unit `n` steps of `gran` away from the unit starting at `first`."""
    if gran == "day":
        return first + timedelta(days=n)
    if gran == "week":
        return first + timedelta(weeks=n)
    months = {"month": 1, "quarter": 3, "half": 6, "season": 3, "year": 12}
    if gran in months:
        return unit_start(gran, add_months(first, months[gran] * n))
    if gran == "decade":
        return date(max(1, first.year + 10 * n), 1, 1)
    if gran == "century":
        return date(max(1, first.year + 100 * n), 1, 1)
    raise ValueError(f"unknown granularity {gran!r}")


def shift_date(d: date, unit: str, n: int) -> date:
    """A day moved by `n` units (day, week, month, quarter, half, season, year, decade...)."""
    if unit == "day":
        return d + timedelta(days=n)
    if unit == "week":
        return d + timedelta(weeks=n)
    months = {"month": 1, "quarter": 3, "half": 6, "season": 3, "year": 12, "decade": 120}
    months["century"] = 1200
    if unit in months:
        return add_months(d, months[unit] * n)
    raise ValueError(f"unknown unit {unit!r}")


def unit_value(gran: str, first: date) -> str:
    """TIMEX3 value of the unit: `2019-03-14`, `2019-W11`, `2019-03`, `2019-Q1`, `2019-H1`,
    `2019-SU`, `2019`, `201` (decade), `20` (century).

    Decades and centuries use the TIMEX3 convention of truncated years ("the 1990s" → `199`,
    "the 20th century" → `19`), as the TimeML guidelines and TimeBank do, everywhere in nkviewer
    (not the `201X` spelling of the design notes' example)."""
    y = f"{first.year:04d}"
    if gran == "day":
        return first.isoformat()
    if gran == "week":
        iy, iw, _ = first.isocalendar()
        return f"{iy:04d}-W{iw:02d}"
    if gran == "month":
        return f"{y}-{first.month:02d}"
    if gran == "quarter":
        return f"{y}-Q{(first.month - 1) // 3 + 1}"
    if gran == "half":
        return f"{y}-H{1 if first.month <= 6 else 2}"
    if gran == "season":
        sy, code = season_of(first)
        return f"{sy:04d}-{code}"
    if gran == "year":
        return y
    if gran == "decade":
        return y[:3]
    if gran == "century":
        return y[:2]
    raise ValueError(f"unknown granularity {gran!r}")


def narrow(gran: str, first: date, last: date, mod: str | None) -> tuple[date, date]:
    """Bounds of the START/MID/END third of a unit (for "early 2013", "mid-2018", "late 2011")."""
    if mod not in ("START", "MID", "END") or gran == "day":
        return first, last
    span = (last - first).days + 1
    third = max(1, span // 3)
    if mod == "START":
        return first, first + timedelta(days=third - 1)
    if mod == "MID":
        return first + timedelta(days=third), last - timedelta(days=third)
    return last - timedelta(days=third - 1), last


def nth_weekday(y: int, m: int, weekday: int, n: int) -> date:
    """The n-th (1-based; -1 = last) given weekday of a month (for holidays)."""
    if n > 0:
        d = date(y, m, 1)
        d += timedelta(days=(weekday - d.weekday()) % 7)
        return d + timedelta(weeks=n - 1)
    d = month_end(y, m)
    return d - timedelta(days=(d.weekday() - weekday) % 7)


def orthodox_easter(y: int) -> date:
    """Orthodox Easter Sunday: the Julian computus (Meeus), moved to the Gregorian calendar
    (13 days from 1900 to 2099, 14 after)."""
    a, b, c = y % 4, y % 7, y % 19
    d = (19 * c + 15) % 30
    e = (2 * a + 4 * b - d + 34) % 7
    month, day = divmod(d + e + 114, 31)
    return date(y, month, day + 1) + timedelta(days=13 if y < 2100 else 14)


def easter(y: int) -> date:
    """Western Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ll = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ll) // 451
    month = (h + ll - 7 * m + 114) // 31
    day = (h + ll - 7 * m + 114) % 31 + 1
    return date(y, month, day)
