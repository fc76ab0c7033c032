"""Texts for the status bar: the visible time range, at the precision the zoom calls for."""

from __future__ import annotations

from datetime import date

EPOCH = date(1970, 1, 1).toordinal()


def _day(t: float) -> date:
    ordinal = int(max(1, min(date.max.toordinal(), EPOCH + int(t // 1))))
    return date.fromordinal(ordinal)


def plural(n: int, word: str) -> str:
    """'1 document', '2 documents', '12,345 events'."""
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def format_range(t0: float, t1: float) -> str:
    """'2015 – 2023', 'Mar 2018 – Nov 2019' or '3 Apr 2019 – 28 Apr 2019' (t1 exclusive)."""
    if not t1 > t0:
        return ""
    first, last = _day(t0), _day(max(t0, t1 - 1))
    span = t1 - t0
    if span > 3 * 366:
        return f"{first.year} – {last.year}" if first.year != last.year else str(first.year)
    if span > 62:
        a, b = first.strftime("%b %Y"), last.strftime("%b %Y")
        return a if a == b else f"{a} – {b}"
    a = f"{first.day} {first.strftime('%b %Y')}"
    b = f"{last.day} {last.strftime('%b %Y')}"
    return a if a == b else f"{a} – {b}"
