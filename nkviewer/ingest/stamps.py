"""Publication and modification stamps printed in an article's text.

Two shapes are recognised, both on lines of their own so that prose ("the report, published on
May 3, 2019, said...") never counts: labelled stamps ("Posted on : 2018-04-06 17:29 KST
Modified on : 2019-10-19 20:29 KST", "Updated: Jan. 22, 2015", "입력 2019.03.18 10:30") anywhere,
and a bare dateline ("January 22, 2015") among the first lines. A modification stamp is kept
as a span of kind "modified" so nothing downstream dates an event from it, and is never taken
as the publication date.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, replace
from datetime import date

from nkviewer.ingest.document import Precision, PublishedDate, Span
from nkviewer.ingest.published import bounded, parse_date
from nkviewer.ingest.textlines import Line, ends_sentence

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = (
    r"(?:Mon(?:day)?|Tue(?:s(?:day)?)?|Wed(?:nesday)?|Thu(?:r(?:s(?:day)?)?)?|Fri(?:day)?"
    r"|Sat(?:urday)?|Sun(?:day)?)\.?,?\s+"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = (
    r"(?:(?:" + _WEEKDAY + r")?"
    r"(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}\.?"  # 2018-04-06, 2019.03.18.
    r"|" + _MONTH + r"\s+" + _DAY + r",?\s+\d{4}"  # January 22, 2015
    r"|" + _DAY + r"\s+" + _MONTH + r",?\s+\d{4}"  # 22 January 2015
    r"|\d{4}\s*년\s*\d{1,2}\s*월\s*\d{1,2}\s*일"  # 2019년 3월 18일
    r"))"
)
#: 03/18/2019, 09/03/2017: only after a label, a bullet or a byline (never in prose).
_NUMERIC = r"\d{1,2}/\d{1,2}/\d{4}"
#: "December 1" after another stamp on the same line ("- Updated December 1 at 2:48 AM").
_YEARLESS = r"(?:" + _MONTH + r"\s+" + _DAY + r"|" + _DAY + r"\s+" + _MONTH + r")(?![\s,]*\d)"
_LABELLED_DATE = r"(?:" + _DATE + r"|" + _NUMERIC + r")"
_TIME = (
    r"(?:(?:\s*[|·•,/\-–—]\s*|\s+(?:at\s+)?|T)"
    r"(?:(?:오전|오후)\s*)?\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?"
    r"(?:\s*[ap]\.?m\.?)?"
    r"(?:\s*\(?(?:Z|[A-Z]{2,5}(?:[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2})\)?)?)?"
)
_PUBLISHED_LABELS = (
    r"first\s+published|published|posted|publication\s+date|pub(?:lished)?\.?\s+date|dated?"
    r"|created|released|issued|기사\s*입력|입력|등록|게재|송고|작성"
)
_MODIFIED_LABELS = (
    r"last\s+modified|modified|(?:last|latest)\s+updated?|updated|edited|revised|기사\s*수정"
    r"|최종\s*수정|수정|업데이트"
)
_LABEL = (
    r"(?:(?P<mod>" + _MODIFIED_LABELS + r")|(?P<pub>" + _PUBLISHED_LABELS + r"))"
    r"(?:\s+(?:on|at))?\s*[:：]?\s*"
)
_LABELLED = re.compile(
    r"(?P<stamp>" + _LABEL + r"(?P<date>" + _LABELLED_DATE + r")(?P<time>" + _TIME + r"))",
    re.IGNORECASE,
)
#: A labelled stamp without its year, after another stamp of the line: blanked, no date.
_LABELLED_YEARLESS = re.compile(
    r"(?P<stamp>" + _LABEL + r"(?P<date>" + _YEARLESS + r")(?P<time>" + _TIME + r"))",
    re.IGNORECASE,
)
_BARE = re.compile(r"(?P<stamp>(?P<date>" + _DATE + r")(?P<time>" + _TIME + r"))", re.IGNORECASE)
_BARE_NUMERIC = re.compile(r"(?P<stamp>(?P<date>" + _NUMERIC + r")(?P<time>" + _TIME + r"))")
_EARLY_DIGIT = re.compile(r"\d")
_SEPARATOR = re.compile(r"\s*[|·•,;/\-–—]?\s*")
_BULLET = re.compile(r"[|·•▲►■*\-–—]\s*")
#: A byline or outlet name before a pipe or bullet ("By John Smith |", "Hankyoreh |").
_PREFIX = re.compile(r"[^|·•\n]{0,60}[|·•]\s*")
#: A line opening with a labelled numeric date ("date 2016-03-03 ...", a scrape's metadata
#: line) is a stamp whatever follows it: the rest of the line is the article's text.
_ISO_AT_START = re.compile(r"\d{4}[-./]\d{1,2}[-./]\d{1,2}")
#: Bare dates count as stamps among this many non-blank lines at the top.
TOP_LINES = 8
#: Lines longer than this are prose, never stamp lines.
MAX_STAMP_LINE = 240
#: Words allowed on a stamp line besides the stamps ("By John Smith and Jane Roe |").
MAX_EXTRA_WORDS = 10


@dataclass(frozen=True, slots=True)
class Stamp:
    """A printed stamp: its span (kind "published"/"modified"), text and the date it gives."""

    span: Span
    text: str
    date: date | None
    precision: Precision
    choices: tuple[datetime.date, ...] = ()  # a numeric date that reads two ways (09/03/2017)


def _stamp(line: Line, m: re.Match[str], kind: str) -> Stamp:
    start = line.start + m.start("stamp")
    end = line.start + m.end("stamp")
    span = Span(start, end, kind)
    written = m["date"]
    if re.fullmatch(_NUMERIC, written.strip()):
        return _numeric_stamp(span, m["stamp"], written.strip())
    parsed = parse_date(written) if re.search(r"\d{4}", written) else None
    if parsed is None:
        return Stamp(span, m["stamp"], None, "unknown")
    return Stamp(span, m["stamp"], parsed[0], parsed[1])


def _numeric_stamp(span: Span, text: str, written: str) -> Stamp:
    """ "03/18/2019" is March 18; "09/03/2017" is 9 March or 3 September: both are kept
    (`choices`) for the content to decide."""
    a, b, y = (int(x) for x in written.split("/"))
    readings: list[date] = []
    for month, day in ((a, b), (b, a)):  # month first (US), then day first
        try:
            d = date(y, month, day)
        except ValueError:
            continue
        if d not in readings and parse_date(d.isoformat()) is not None:
            readings.append(d)
    if not readings:
        return Stamp(span, text, None, "unknown")
    return Stamp(span, text, readings[0], "day", tuple(readings) if len(readings) > 1 else ())


def _line_stamps(line: Line, *, top: bool) -> list[Stamp]:
    """The stamps of a stamp line, left to right: labelled ones anywhere in the document; bare
    dates near the top, after a bullet or byline, or after another stamp of the line."""
    text = line.text
    if not _EARLY_DIGIT.search(text, 0, 100):
        return []  # every stamp has its date within the first words of its line
    pos = 0
    bullet = _BULLET.match(text)
    if bullet is not None:
        pos = bullet.end()
    lead = pos
    found: list[Stamp] = []
    m = _match_at(text, pos, bare=top or bullet is not None, numeric=bullet is not None)
    if m is None:
        prefix = _PREFIX.match(text)
        if prefix is not None:
            pos = prefix.end()
            m = _match_at(text, pos, bare=True, numeric=True)
    while m is not None:
        m_match, kind = m
        found.append(_stamp(line, m_match, kind))
        sep = _SEPARATOR.match(text, m_match.end())
        pos = sep.end() if sep else m_match.end()
        m = _match_at(text, pos, bare=True, numeric=True, yearless=True)
    if not found:
        return []
    before = _words(text[lead : found[0].span.start - line.start])
    after = _words(text[pos:])
    first = found[0]
    opens = first.span.start - line.start == lead and _ISO_AT_START.search(first.text) is not None
    if opens and first.span.kind == "published":
        return found
    rest = text[pos:]
    byline = rest.lower().startswith("by ")
    prose = (rest[:1].islower() and not byline) or (after >= 4 and ends_sentence(rest))
    if prose or before + after > MAX_EXTRA_WORDS:
        return []  # "Published on January 22, 2015, the report says...": a sentence
    return found


def _words(text: str) -> int:
    """Words besides the stamps: separators and initials do not count."""
    return sum(1 for w in text.split() if any(c.isalpha() for c in w) and len(w) > 1)


def _match_at(
    text: str, pos: int, *, bare: bool, numeric: bool = False, yearless: bool = False
) -> tuple[re.Match[str], str] | None:
    m = _LABELLED.match(text, pos)
    if m is None and yearless:
        m = _LABELLED_YEARLESS.match(text, pos)
    if m is not None:
        return m, "modified" if m["mod"] else "published"
    if bare:
        m = _BARE.match(text, pos) or (_BARE_NUMERIC.match(text, pos) if numeric else None)
        if m is not None and _ends_item(text, m.end()):
            return m, "published"
    return None


def _ends_item(text: str, end: int) -> bool:
    """A bare date is a stamp only where its line ends, a separator follows it, or another
    labelled stamp ("May 21, 2018 Updated: May 22, 2018")."""
    rest = text[end:].lstrip()
    if not rest or not rest[0].isalnum():
        return True
    return bool(_LABELLED.match(rest) or _LABELLED_YEARLESS.match(rest))


def find_stamps(lines: list[Line]) -> list[Stamp]:
    """Every printed publication/modification stamp, in text order."""
    stamps: list[Stamp] = []
    top = 0
    for line in lines:
        if line.is_blank or len(line.text) > MAX_STAMP_LINE:
            top += not line.is_blank
            if line.is_blank or not _ISO_AT_START.search(line.text, 0, 24):
                continue
        else:
            top += 1
        stamps.extend(_line_stamps(line, top=top <= TOP_LINES))
    return stamps


def published_from_stamps(stamps: list[Stamp]) -> PublishedDate | None:
    """The first publication stamp that gives a date; modification stamps never count."""
    for stamp in stamps:
        if stamp.span.kind == "published" and stamp.date is not None:
            precision = stamp.precision if stamp.precision != "unknown" else "day"
            found = bounded(stamp.date, precision, "text", stamp.text)
            return replace(found, choices=stamp.choices) if stamp.choices else found
    return None
