"""Absolute date strings (manifest cells, JSON/CSV fields, printed stamps) → `PublishedDate`.

ISO-like numeric dates are parsed directly (the common case, and fast); anything else goes to
dateparser restricted to absolute parsers, so "2 days ago" in a date column is rejected rather
than resolved against today's clock.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from nkviewer.ingest.document import Precision, PublishedDate, PublishedSource

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

_ISO = re.compile(
    r"(?P<y>\d{4})(?:(?P<sep>[-./])(?P<m>\d{1,2})(?:(?P=sep)(?P<d>\d{1,2}))?)?"
    r"(?:(?:[T ]|\s+)\d{1,2}:\d{2}.*)?"
)
_COMPACT = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})")
_RANGE_SEP = re.compile(r"\s*(?:/|\.\.|\s–\s|\s—\s|\s-\s|\bto\b)\s*")
MIN_YEAR = 1800


def _max_year() -> int:
    return date.today().year + 1


def bounded(value: date, precision: Precision, source: PublishedSource, text: str) -> PublishedDate:
    """A PublishedDate covering the day, month or year that contains `value`."""
    if precision == "month":
        first = value.replace(day=1)
        last = value.replace(day=calendar.monthrange(value.year, value.month)[1])
        return PublishedDate(first, first, last, "month", source, text)
    if precision == "year":
        first = date(value.year, 1, 1)
        return PublishedDate(first, first, date(value.year, 12, 31), "year", source, text)
    return PublishedDate.day(value, source, text)


def _sane(d: date) -> bool:
    return MIN_YEAR <= d.year <= _max_year()


def _parse_numeric(s: str) -> tuple[date, Precision] | None:
    m = _ISO.fullmatch(s) or _COMPACT.fullmatch(s)
    if not m:
        return None
    year = int(m["y"])
    month = int(m["m"]) if m["m"] else None
    day = int(m["d"]) if m.groupdict().get("d") else None
    try:
        if month is None:
            return date(year, 1, 1), "year"
        if day is None:
            return date(year, month, 1), "month"
        return date(year, month, day), "day"
    except ValueError:
        return None


@lru_cache(maxsize=1)
def _parser() -> DateDataParser:
    # dateparser (slow to import) only for a printed date to read
    from dateparser.date import DateDataParser

    settings: dict[str, Any] = {
        "PARSERS": ["custom-formats", "absolute-time"],
        "PREFER_DAY_OF_MONTH": "first",
        "PREFER_DATES_FROM": "past",
    }
    return DateDataParser(languages=["en", "ko"], settings=settings)


@lru_cache(maxsize=4096)
def _parse_words(s: str) -> tuple[date, Precision] | None:
    """Month names, weekdays, Korean 년/월/일... via dateparser (absolute forms only)."""
    if not re.search(r"\d", s):
        return None  # "Thursday", "yesterday": not an absolute date
    data = _parser().get_date_data(s)
    if data.date_obj is None:
        return None
    period = data.period or "day"
    precision: Precision = "day"
    if period == "month":
        precision = "month"
    elif period == "year":
        precision = "year"
    return data.date_obj.date(), precision


def parse_date(text: str) -> tuple[date, Precision] | None:
    """A single absolute date in `text` and how precise it is, or None."""
    s = text.strip().strip(",;.")
    if not s:
        return None
    parsed = _parse_numeric(s) or _parse_words(s)
    if parsed is None or not _sane(parsed[0]):
        return None
    return parsed


def parse_published(text: str, source: PublishedSource, *, stamp: str = "") -> PublishedDate | None:
    """`text` as a publication date (a day, month, year, or a range `A/B`), or None.

    `stamp` is recorded as `PublishedDate.text` (defaults to `text`).
    """
    s = text.strip()
    shown = stamp or s
    single = parse_date(s)
    if single is not None:
        return bounded(single[0], single[1], source, shown)
    parts = _RANGE_SEP.split(s, maxsplit=1)
    if len(parts) == 2:
        a, b = parse_date(parts[0]), parse_date(parts[1])
        if a and b:
            lo = bounded(a[0], a[1], source, shown)
            hi = bounded(b[0], b[1], source, shown)
            assert lo.earliest and hi.latest
            if lo.earliest <= hi.latest:
                mid = date.fromordinal((lo.earliest.toordinal() + hi.latest.toordinal()) // 2)
                return PublishedDate(mid, lo.earliest, hi.latest, "range", source, shown)
    return None


def from_timestamp(value: float, source: PublishedSource) -> PublishedDate | None:
    """A Unix timestamp in seconds (or milliseconds, when it is too large for seconds)."""
    seconds = value / 1000 if abs(value) > 1e11 else value
    try:
        d = datetime.fromtimestamp(seconds, tz=UTC).date()
    except (OverflowError, OSError, ValueError):
        return None
    return PublishedDate.day(d, source, str(value)) if _sane(d) else None
