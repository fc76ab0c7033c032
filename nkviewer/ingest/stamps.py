"""Publication and modification stamps printed in an article's text.

Two shapes are recognised, both on lines of their own so that prose ("the report, published on
May 3, 2019, said...") never counts: labelled stamps ("Posted on : 2018-04-06 17:29 KST
Modified on : 2019-10-19 20:29 KST", "Updated: Jan. 22, 2015", "입력 2019.03.18 10:30") anywhere,
and a bare dateline ("January 22, 2015") among the first lines. A modification stamp is kept
as a span of kind "modified" so nothing downstream dates an event from it, and is never taken
as the publication date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from nkviewer.ingest.document import Precision, PublishedDate, Span
from nkviewer.ingest.published import bounded, parse_date
from nkviewer.ingest.textlines import Line, word_count

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
_LABELLED_DATE = r"(?:" + _DATE + r"|\d{1,2}/\d{1,2}/\d{4})"  # 03/18/2019 only after a label
_TIME = (
    r"(?:(?:\s*[|·•,]\s*|\s+(?:at\s+)?|T)"
    r"(?:(?:오전|오후)\s*)?\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?"
    r"(?:\s*[ap]\.?m\.?)?"
    r"(?:\s*\(?(?:Z|[A-Z]{2,5}(?:[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2})\)?)?)?"
)
_PUBLISHED_LABELS = (
    r"first\s+published|published|posted|publication\s+date|pub(?:lished)?\.?\s+date|dated?"
    r"|created|released|issued|기사\s*입력|입력|등록|게재|송고|작성"
)
_MODIFIED_LABELS = (
    r"last\s+modified|modified|last\s+updated|updated|edited|revised|기사\s*수정|최종\s*수정|수정"
    r"|업데이트"
)
_LABELLED = re.compile(
    r"(?P<stamp>(?:(?P<mod>" + _MODIFIED_LABELS + r")|(?P<pub>" + _PUBLISHED_LABELS + r"))"
    r"(?:\s+(?:on|at))?\s*[:：]?\s*"
    r"(?P<date>" + _LABELLED_DATE + r")(?P<time>" + _TIME + r"))",
    re.IGNORECASE,
)
_EARLY_DIGIT = re.compile(r"\d")
_SEPARATOR = re.compile(r"\s*[|·•,;/]?\s*")
_PREFIX = re.compile(r"[^|·•\n]{0,60}[|·•]\s*")
_DATELINE = re.compile(r"(?P<stamp>(?P<date>" + _DATE + r")(?P<time>" + _TIME + r"))", re.I)
#: A dateline is looked for among this many non-blank lines at the top.
DATELINE_LINES = 8
#: Lines longer than this are prose, never stamp lines.
MAX_STAMP_LINE = 240
#: Words allowed on a stamp line besides the stamps ("| By John Smith").
MAX_EXTRA_WORDS = 8


@dataclass(frozen=True, slots=True)
class Stamp:
    """A printed stamp: its span (kind "published"/"modified"), text and the date it gives."""

    span: Span
    text: str
    date: date | None
    precision: Precision


def _stamp(line: Line, m: re.Match[str], kind: str) -> Stamp:
    start = line.start + m.start("stamp")
    end = line.start + m.end("stamp")
    parsed = parse_date(m["date"])
    if parsed is None:
        return Stamp(Span(start, end, kind), m["stamp"], None, "unknown")
    return Stamp(Span(start, end, kind), m["stamp"], parsed[0], parsed[1])


def _labelled_stamps(line: Line) -> list[Stamp]:
    text = line.text
    if not _EARLY_DIGIT.search(text, 0, 100):
        return []  # every stamp has its date within the first words of its line
    pos = 0
    prefix = _PREFIX.match(text)
    m = _LABELLED.match(text)
    if m is None and prefix is not None:
        pos = prefix.end()
        m = _LABELLED.match(text, pos)
    found: list[Stamp] = []
    while m is not None:
        found.append(_stamp(line, m, "modified" if m["mod"] else "published"))
        sep = _SEPARATOR.match(text, m.end())
        pos = sep.end() if sep else m.end()
        m = _LABELLED.match(text, pos)
    if found and word_count(text[pos:]) + word_count(text[: found[0].span.start - line.start]) > (
        MAX_EXTRA_WORDS
    ):
        return []
    return found


def find_stamps(lines: list[Line]) -> list[Stamp]:
    """Every printed publication/modification stamp, in text order."""
    stamps: list[Stamp] = []
    top = 0
    for line in lines:
        if line.is_blank or len(line.text) > MAX_STAMP_LINE:
            top += not line.is_blank
            continue
        top += 1
        labelled = _labelled_stamps(line)
        if labelled:
            stamps.extend(labelled)
            continue
        if top <= DATELINE_LINES:
            m = _DATELINE.fullmatch(line.text)
            if m is not None:
                stamps.append(_stamp(line, m, "published"))
    return stamps


def published_from_stamps(stamps: list[Stamp]) -> PublishedDate | None:
    """The first publication stamp that gives a date; modification stamps never count."""
    for stamp in stamps:
        if stamp.span.kind == "published" and stamp.date is not None:
            precision = stamp.precision if stamp.precision != "unknown" else "day"
            return bounded(stamp.date, precision, "text", stamp.text)
    return None
