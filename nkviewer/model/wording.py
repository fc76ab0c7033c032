"""Words for counts and time ranges, shared by the window, the figures and the command line:
"12,345 events", and a visible range at the precision the zoom calls for (light: no numpy).

Month names are English constants, not `strftime`: Qt sets the C library's locale from the
environment, and the status bar must read like the axis beside it.
"""

from __future__ import annotations

from datetime import date

EPOCH = date(1970, 1, 1).toordinal()
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")  # fmt: skip
WEEKDAY_ABBR = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _day(t: float) -> date:
    ordinal = int(max(1, min(date.max.toordinal(), EPOCH + int(t // 1))))
    return date.fromordinal(ordinal)


def plural(n: int, word: str) -> str:
    """'1 document', '2 documents', '12,345 events'."""
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def format_range(t0: float, t1: float) -> str:
    """A range of day numbers [t0, t1) in words at the precision its length calls for:
    '2015 – 2023', 'Mar 2018 – Nov 2019' or '3 Apr 2019 – 28 Apr 2019'."""
    if not t1 > t0:
        return ""
    first, last = _day(t0), _day(max(t0, t1 - 1))
    span = t1 - t0
    if span > 3 * 366:
        return f"{first.year} – {last.year}" if first.year != last.year else str(first.year)
    if span > 62:
        a = f"{MONTH_ABBR[first.month - 1]} {first.year}"
        b = f"{MONTH_ABBR[last.month - 1]} {last.year}"
    else:
        a = f"{first.day} {MONTH_ABBR[first.month - 1]} {first.year}"
        b = f"{last.day} {MONTH_ABBR[last.month - 1]} {last.year}"
    return a if a == b else f"{a} – {b}"
