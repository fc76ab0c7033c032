"""Inferring when an article was published from what it says, when no date is known.

Dates written without a year ("Feb. 28", "in May") are, by the convention of news writing, near
publication; dates written with their year only bound it (a past event happened before it, a
planned one after it); and "last month" usually names the month of a date given elsewhere
("the Vietnam summit last month" ... "ended on Feb. 28"). Every day of a search window is
scored on these counts, and the days scoring within `TOLERANCE` of the best form the range.

The window is the caller's `hint` if there is one (the span of the corpus, a file date...);
otherwise the months after the latest past day the text writes with its year, and only when
the story treats that day as news (it also names yearless days near it, and no later year).
Years alone, or precise but historical dates, say too little: the result is then unknown. So
seed 001 ("Feb. 28" + "last month", no year anywhere) stays unknown on its own, and is placed
in March 2019 given a 2019 hint. On the TimeBank/AQUAINT texts (whose datelines are stripped)
this deliberately answers "unknown" for almost every document rather than guess.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from nkviewer.ingest.document import PublishedDate, Span
from nkviewer.nlp.timex import calendar as cal
from nkviewer.nlp.timex.resolve import resolve
from nkviewer.nlp.timex.types import TimexMention

#: A score within this of the best keeps a day in the inferred range.
TOLERANCE = 1.5
#: Days of gap that cost one point: past dates a month before publication are ordinary.
GAP_SCALE = 45.0
#: The cost of a date on the wrong side of publication (a past event after it...).
CONTRADICTION = 4.0
#: The reward when "last month"/"last week" names the unit of a date given in the text.
COREFERENCE = 2.0
MAX_WINDOW_DAYS = 3 * 366
#: How recent "recent news" is: the window after the latest past day written with its year.
RECENT_DAYS = 120


@dataclass(frozen=True, slots=True)
class _Dated:
    first: date
    last: date
    tense: str | None


def _usable(m: TimexMention, skip: Sequence[Span]) -> bool:
    if m.type not in ("DATE", "TIME"):
        return False
    return not any(s.start < m.end and m.start < s.end for s in skip)


def _explicit_year(m: TimexMention) -> bool:
    r = m.recipe
    return r.get("fn") == "date" and r.get("y") is not None and r.get("dec") is None


def _yearless(m: TimexMention) -> bool:
    r = m.recipe
    return (
        r.get("fn") == "date"
        and r.get("y") is None
        and "yrel" not in r
        and bool(r.get("m") or r.get("holiday"))
    )


def _relative_unit(m: TimexMention) -> tuple[str, int] | None:
    """Unit and step of "last month", "this month", "last week"... (counted from publication;
    "this year" is left out by the caller: it is too often not the year of the dates around)."""
    r = m.recipe
    if r.get("fn") == "shift" and not r.get("base") and r.get("n") in (-1, 0):
        unit = str(r.get("unit"))
        if unit in ("week", "month", "year") and not r.get("t"):
            return unit, int(r["n"])
    return None


def _window(
    explicit: list[_Dated], yearless: list[TimexMention], hint: PublishedDate | None
) -> tuple[date, date] | None:
    """The days publication may fall on: the caller's hint; else the months after the latest
    past day written with its year, provided the story treats it as news (see the module
    docstring); otherwise None."""
    if hint is not None and hint.earliest and hint.latest:
        if (hint.latest - hint.earliest).days > MAX_WINDOW_DAYS:
            return None
        return hint.earliest, hint.latest
    past = [d.first for d in explicit if (d.last - d.first).days < 32 and d.tense == "past"]
    if not past:
        return None
    latest = max(past)
    if any(d.first.year > latest.year for d in explicit if d.tense != "future"):
        return None  # a later year is named: the precise date is history, not the news
    probe = PublishedDate.day(latest + timedelta(days=RECENT_DAYS // 2), "inferred")
    near = False
    for m in yearless:
        r = resolve(m, probe)
        if r.first is not None and abs((r.first - latest).days) <= RECENT_DAYS:
            near = True
            break
    if not near:
        return None
    return latest, latest + timedelta(days=RECENT_DAYS)


def _bound_cost(d: date, dated: _Dated) -> float:
    """A date written with its year only has to lie on the right side of publication."""
    over = (d - dated.last).days if dated.tense == "future" else (dated.first - d).days
    if over <= 0:
        return 0.0
    weight = CONTRADICTION if dated.tense else CONTRADICTION / 4  # no tense: a weaker bound
    return weight + over / GAP_SCALE


def _gap_cost(d: date, dated: _Dated) -> float:
    """A yearless date lies near publication, on either side (its tense is too unreliable
    a guide: "invited Kim to attend the May 9 ceremony")."""
    if dated.first <= d <= dated.last:
        return 0.0
    return min(abs((dated.first - d).days), abs((dated.last - d).days)) / GAP_SCALE


def infer_published(
    text: str,
    mentions: Sequence[TimexMention],
    *,
    skip: Sequence[Span] = (),
    hint: PublishedDate | None = None,
) -> PublishedDate:
    """An anchor range inferred from the text's own dates (source "inferred"), or unknown.

    `mentions`: `find_timexes(text)`; `skip`: junk and stamp spans to ignore; `hint`: an
    optional coarse range to search in when the text names no year (see the module docstring).
    """
    usable = [m for m in mentions if _usable(m, skip)]
    explicit: list[_Dated] = []
    for m in usable:
        if _explicit_year(m):
            r = resolve(m, PublishedDate.unknown())
            if r.first is not None and r.last is not None and (r.last - r.first).days <= 366:
                explicit.append(_Dated(r.first, r.last, m.tense))
    yearless = [m for m in usable if _yearless(m)]
    relative = [u for m in usable if (u := _relative_unit(m)) and u != ("year", 0)]
    window = _window(explicit, yearless, hint)
    if window is None or not (explicit or yearless or relative):
        return PublishedDate.unknown()
    scores: list[tuple[float, date]] = []
    day = window[0]
    while day <= window[1]:
        scores.append((_score(day, explicit, yearless, relative), day))
        day += timedelta(days=1)
    best = min(s for s, _ in scores)
    chosen = [d for s, d in scores if s <= best + TOLERANCE]
    first, last = min(chosen), max(chosen)
    if ("month", -1) in relative and cal.unit_start("month", first) == cal.unit_start(
        "month", last
    ):
        # "last month" names the month of a date given: the evidence is the month as a whole
        first, last = (
            cal.unit_start("month", first),
            cal.unit_end("month", cal.unit_start("month", first)),
        )
    middle = first + (last - first) / 2
    if first == cal.unit_start("month", first) and last == cal.unit_end("month", first):
        return PublishedDate(middle, first, last, "month", "inferred")
    if first == last:
        return PublishedDate(first, first, last, "range", "inferred")
    return PublishedDate(middle, first, last, "range", "inferred")


def _score(
    day: date,
    explicit: list[_Dated],
    yearless: list[TimexMention],
    relative: list[tuple[str, int]],
) -> float:
    """Lower is better: gaps and contradictions of dated mentions, minus coreferences."""
    anchor = PublishedDate.day(day, "inferred")
    near: list[_Dated] = []
    for m in yearless:
        r = resolve(m, anchor)
        if r.first is not None and r.last is not None:
            near.append(_Dated(r.first, r.last, m.tense))
    cost = sum(_bound_cost(day, u) for u in explicit) + sum(_gap_cost(day, u) for u in near)
    units = explicit + near
    for unit, n in relative:
        target = cal.unit_start(unit, cal.shift_date(day, unit, n))
        if any(cal.unit_start(unit, u.first) == target for u in units if u.tense != "future"):
            cost -= COREFERENCE
    return cost
