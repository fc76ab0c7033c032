"""Wire datelines: "TOKYO, Oct. 4 (Kyodo) --", "WASHINGTON (AP) —", "BEIJING, May 5. /TASS/.".

A dateline opens the lead paragraph of agency copy: the city the story was filed from, often its
region or country, sometimes the day (rarely the year) and the agency, then a dash or colon. It
is metadata: its city is not an actor and its day is not an event of its own; the day (with the
year the content gives) is when the story was filed, and it dates the lead happening only when
the lead sentence has no date of its own (`nkviewer.nlp.clauses`).

Shapes recognised (city in capitals, or in title case when a day, an agency or a long dash
follows it): `CITY, Region, Mon D (Agency) --`, `CITY, Mon D, YYYY (Agency) -`, `City, Mon. D,
(agency) -`, `CITY, Mon D. /AGENCY/.`, `CITY (Agency) —`, `CITY (Agency):`, `CITY --`, `CITY:`,
`City —`, `CITY, Mon D` run straight into the lead ("PARIS, Dec 12 The global summit..."), and
the day and agency alone (`Mon D (Agency) -`, Reuters' business copy).
"""

from __future__ import annotations

import re
from datetime import date

from nkviewer.ingest.document import Dateline, Span
from nkviewer.ingest.textlines import Line


def _words(text: str) -> list[str]:
    return text.split()


_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_UPPER_WORD = r"[A-Z][A-Z'’.\-]*[A-Z.](?:/[A-Z][A-Z'’.\-]*[A-Z.])?"  # "PANMUNJOM/SEOUL"
_TITLE_WORD = r"[A-Z][a-z'’\-]+"
_PLACE_WORD = r"[A-Z][A-Za-z'’.\-]+"
_DATE = (
    r",\s*(?P<date>(?P<month>" + _MONTH + r")\.?\s*(?P<day>\d{1,2})(?![\d:])"
    r"(?:,?\s*(?P<year>\d{4}))?)\.?,?"
)
_AGENCY = r"(?:\s*\((?P<agency>[^()\n]{1,40})\)|\s*/(?P<slashed>[A-Za-z][A-Za-z\-]{1,20})/\.?)"
_SEP = r"(?P<sep>\s*(?:--|[—–]|-(?=\s)|:))"
_DATELINE = re.compile(
    r"(?P<city>(?P<upper>" + _UPPER_WORD + r"(?:\s+" + _UPPER_WORD + r"){0,3})"
    r"|(?P<title>" + _TITLE_WORD + r"(?:\s+" + _TITLE_WORD + r"){0,2}))"
    r"(?P<region>(?:,\s*" + _PLACE_WORD + r"(?:\s+" + _PLACE_WORD + r"){0,2}){0,2}?)"
    # the region ends where a day, an agency or the dash begins (one of them must follow)
    r"(?=,\s*" + _MONTH + r"\b|\s*[(/]|\s*(?:--|[—–]|-\s|:))"
    r"(?:" + _DATE + r")?" + _AGENCY + r"?" + _SEP + r"?"
)
#: A dateline with no city, only the day and the agency: "June 19 (Reuters) -".
_DAY_AGENCY = re.compile(
    r"(?P<city>)(?P<date>(?P<month>" + _MONTH + r")\.?\s*(?P<day>\d{1,2})(?:,?\s*(?P<year>\d{4}))?)"
    r"\s*\((?P<agency>[A-Z][A-Za-z.\- ]{1,30})\)(?P<slashed>(?!))?" + _SEP
)
#: Capitalised openings that are labels, not places ("BREAKING:", "UPDATE -", "WATCH:", a
#: week-ahead schedule's "MONDAY:").
_LABELS = frozenset(
    _words(
        """BREAKING UPDATE UPDATED UPDATES EXCLUSIVE WATCH VIDEO VIDEOS PHOTO PHOTOS NOTE
    EDITOR'S EDITORS ANALYSIS OPINION COMMENT FACTBOX EXPLAINER LIVE CORRECTION CORRECTED
    REFILE URGENT FLASH ALERT FEATURE INTERVIEW REVIEW Q&A FILE ADVISORY NEWS SPORTS WORLD
    BUSINESS POLITICS TOP GRAPHIC INSIGHT PREVIEW
    MONDAY TUESDAY WEDNESDAY THURSDAY FRIDAY SATURDAY SUNDAY WEEKEND TODAY TOMORROW"""
    )
)
_NOT_AGENCY = re.compile(r"[A-Z]|left|right|centre|center|front|top|bottom|file|photo", re.I)
#: Datelines are looked for at the start of this many lines that carry text, from the top.
LEAD_LINES = 12
#: The longest dateline (its city, region, day and agency).
MAX_DATELINE = 90


def match_dateline(text: str, pos: int = 0) -> re.Match[str] | None:
    """A dateline starting exactly at `pos` of `text` (one line), or None."""
    m = _DATELINE.match(text, pos)
    if m is None:
        m = _DAY_AGENCY.match(text, pos)  # "June 19 (Reuters) - Danish drugmaker ..."
        if m is None:
            return None
        agency = m["agency"].strip()
        if _NOT_AGENCY.fullmatch(agency) or agency.upper() in _LABELS:
            return None  # "Feb. 3 (Wednesday) - Evening reception": a schedule's entry
        return m
    if m.end() - m.start() > MAX_DATELINE:
        return None
    city = m["city"]
    dated, agency = m["date"] is not None, bool(m["agency"] or m["slashed"])
    sep = (m["sep"] or "").strip()
    rest = text[m.end() :].lstrip()
    sentence = re.match(r"[\"“‘']?[A-Z](?:[a-z]|\.|\s)|\d", rest) is not None
    alone = not rest and sep in ("--", "—", "–")  # "LONDON --" on its own line, the lead below
    if agency and _NOT_AGENCY.fullmatch((m["agency"] or m["slashed"]).strip()):
        return None  # "Kim Jong-un (L)": a caption's position, not an agency
    if agency and not (dated or sep or m["slashed"]):
        return None  # "NATO (North Atlantic) members": a gloss, not a dateline
    if m["upper"]:
        words = city.replace(".", "").split()
        if any(w in _LABELS for w in words) or len(city.replace(" ", "")) < 3:
            return None
        if not (dated or agency or sep):
            return None
        if not (dated or agency) and not (sentence or alone):
            return None  # "CITY: text" reads as a dateline only before a sentence
        if not sep and not agency and not (sentence or alone):
            return None  # "PARIS, Dec 12 The summit...": the lead runs on
    else:
        # Title case reads as a dateline only with a day, an agency or a long dash:
        # "Vienna, Jun. 2, (dpa) -", "Washington —"; never "Trump: ..." or "Note - ...".
        if not (dated or agency or sep in ("—", "–", "--")):
            return None
        if not sep and not agency:
            return None
    if not rest and not sep and not agency:
        return None
    return m


def find_dateline(lines: list[Line], stamps: list[Span], skip: list[Span]) -> Dateline | None:
    """The dateline opening the story: at the start of one of the first lines with text (after
    a stamp that opens the same line), outside junk."""
    seen = 0
    for line in lines:
        if line.is_blank:
            continue
        if any(s.start <= line.start < s.end for s in skip):
            continue
        seen += 1
        if seen > LEAD_LINES:
            break
        pos = line.start
        for st in sorted(stamps, key=lambda s: s.start):
            if line.start <= st.start <= pos + 1 and st.end <= line.end:
                pos = st.end
                while pos < line.end and line.text[pos - line.start] in " \t|·•,;-–—":
                    pos += 1
        if pos >= line.end:
            continue
        m = match_dateline(line.text, pos - line.start)
        if m is None:
            continue
        return _dateline(line, m)
    return None


def _dateline(line: Line, m: re.Match[str]) -> Dateline:
    start = line.start + m.start()
    end = line.start + m.end()
    month = day = year = None
    date_span = None
    if m["date"]:
        month = _MONTHS[m["month"][:3].lower()]
        day = int(m["day"])
        year = int(m["year"]) if m["year"] else None
        date_span = Span(line.start + m.start("date"), line.start + m.end("date"), "dateline-date")
        try:
            date(year or 2000, month, day)  # 2000: a leap year, so Feb 29 passes
        except ValueError:
            month = day = year = None
            date_span = None
    return Dateline(
        span=Span(start, end, "dateline"),
        city=" ".join(m["city"].split()),
        agency=(m["agency"] or m["slashed"] or "").strip(),
        date_span=date_span,
        month=month,
        day=day,
        year=year,
    )
