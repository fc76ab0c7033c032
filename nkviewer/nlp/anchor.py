"""Inferring when an article was published from what it says, when no date is known.

Dates written without a year ("Feb. 28", "in May") are, by the convention of news writing, near
publication; dates written with their year only bound it (a past event happened before it, a
planned one after it); and "last month" usually names the month of a date given elsewhere
("the Vietnam summit last month" ... "ended on Feb. 28"). Domain knowledge adds the year
(`nkviewer.nlp.landmarks`): the gazetteer dates landmark happenings ("the Vietnam summit last
month": March 2019) and role tenures ("U.S. President Donald Trump": 2017-2021 or from 2025).
Every day of a search window is scored on these counts, and the days scoring within
`TOLERANCE` of the best form the range; it is returned as a month (when inside one) or a range,
never as a day.

The window is the intersection of what is known, in this order of trust, each kept only while
the intersection stays non-empty: the caller's `hint` (the span of the corpus, a file date...);
the days the domain evidence allows; the months after the latest past day the text writes with
its year, when the story treats that day as news (it also names yearless days near it, and no
later year). A window left open on a side, or wider than `MAX_WINDOW_DAYS`, and a result wider
than `MAX_RESULT_DAYS` say too little: the answer is then unknown. So seed 001 ("Feb. 28",
"the Vietnam summit last month", "U.S. President Donald Trump"; no year anywhere) is placed in
March 2019, while years alone, precise but historical dates, or an official's long term
("Chinese President Xi Jinping") leave it unknown. On the TimeBank/AQUAINT texts (whose
datelines are stripped) this answers "unknown" for almost every document rather than guess.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from nkviewer.ingest.document import Document, PublishedDate, Span
from nkviewer.nlp.gazetteer import Gazetteer, load_gazetteer
from nkviewer.nlp.landmarks import (
    Constraint,
    domain_constraints,
    feasible_window,
    violation_cost,
)
from nkviewer.nlp.parsed import EntitySpan
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
#: An inferred anchor wider than a year says too little to count relative expressions from.
MAX_RESULT_DAYS = 366
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
    return r.get("kind") == "date" and r.get("year") is not None and r.get("decade") is None


def _yearless(m: TimexMention) -> bool:
    r = m.recipe
    return (
        r.get("kind") == "date"
        and r.get("year") is None
        and "year_relative" not in r
        and "narrative" not in r  # a month of the story's own year says nothing of publication
        and bool(r.get("month") or r.get("holiday"))
    )


def _relative_unit(m: TimexMention) -> tuple[str, int] | None:
    """Unit and step of "last month", "this month", "last week"... (counted from publication;
    "this year" is left out by the caller: it is too often not the year of the dates around)."""
    r = m.recipe
    if r.get("kind") == "shift" and not r.get("base") and r.get("count") in (-1, 0):
        unit = str(r.get("unit"))
        if unit in ("week", "month", "year") and not r.get("time_of_day"):
            return unit, int(r.get("count") or 0)
    return None


_Range = tuple[date | None, date | None]


def _recent_window(explicit: list[_Dated], yearless: list[TimexMention]) -> _Range | None:
    """The months after the latest past day written with its year, provided the story treats
    it as news (see the module docstring); otherwise None."""
    past = [d.first for d in explicit if (d.last - d.first).days < 32 and d.tense == "past"]
    if not past:
        return None
    latest = max(past)
    if any(d.first.year > latest.year for d in explicit if d.tense != "future"):
        return None  # a later year is named: the precise date is history, not the news
    probe = PublishedDate.day(latest + timedelta(days=RECENT_DAYS // 2), "inferred")
    for m in yearless:
        r = resolve(m, probe)
        if r.first is not None and abs((r.first - latest).days) <= RECENT_DAYS:
            return latest, latest + timedelta(days=RECENT_DAYS)
    return None


def _tense_bounds(explicit: list[_Dated]) -> _Range:
    """Dates written with their year bound publication by their tense: what happened lies
    before it, what will happen after it ("after the 2020 presidential election")."""
    past = [d.first for d in explicit if d.tense == "past"]
    future = [d.last for d in explicit if d.tense == "future"]
    lo, hi = (max(past) if past else None), (min(future) if future else None)
    if lo is not None and hi is not None and lo > hi:
        return None, None  # the text contradicts itself: no bound from it
    return lo, hi


def _window(
    explicit: list[_Dated],
    yearless: list[TimexMention],
    hint: PublishedDate | None,
    constraints: Sequence[Constraint],
) -> tuple[date, date] | None:
    """The days publication may fall on (module docstring), or None when that is unbounded or
    too wide to say anything."""
    sources: list[_Range] = []
    if hint is not None and hint.earliest and hint.latest:
        sources.append((hint.earliest, hint.latest))
    sources.append(feasible_window(constraints))
    sources.append(_tense_bounds(explicit))
    recent = _recent_window(explicit, yearless)
    if recent is not None:
        sources.append(recent)
    lo: date | None = None
    hi: date | None = None
    for a, b in sources:
        new_lo = max((d for d in (lo, a) if d is not None), default=None)
        new_hi = min((d for d in (hi, b) if d is not None), default=None)
        if new_lo is None or new_hi is None or new_lo <= new_hi:
            lo, hi = new_lo, new_hi
    if lo is None or hi is None or (hi - lo).days > MAX_WINDOW_DAYS:
        return None
    return lo, hi


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
    entities: Sequence[EntitySpan] = (),
    gazetteer: Gazetteer | None = None,
) -> PublishedDate:
    """An anchor range inferred from the text's own dates (source "inferred"), or unknown.

    `mentions`: `find_timexes(text)`; `skip`: junk and stamp spans to ignore; `hint`: an
    optional coarse range to search in (see the module docstring); `entities`: the document's
    resolved entity mentions (`ParsedDocument.entities`), whose titled officials date it;
    `gazetteer`: the one to take landmarks and tenures from (default: the bundled one).
    """
    usable = [m for m in mentions if _usable(m, skip)]
    explicit, yearless, relative = _evidence(usable)
    if gazetteer is None:
        gazetteer = _bundled()
    constraints = domain_constraints(text, usable, entities, gazetteer, skip=skip)
    window = _window(explicit, yearless, hint, constraints)
    if window is None or not (explicit or yearless or relative or constraints):
        return PublishedDate.unknown()
    scores: list[tuple[float, date]] = []
    day = window[0]
    while day <= window[1]:
        cost = _score(day, explicit, yearless, relative) + violation_cost(day, constraints)
        scores.append((cost, day))
        day += timedelta(days=1)
    best = min(s for s, _ in scores)
    chosen = [d for s, d in scores if s <= best + TOLERANCE]
    first, last = min(chosen), max(chosen)
    if (last - first).days >= MAX_RESULT_DAYS:
        return PublishedDate.unknown()
    if ("month", -1) in relative and cal.unit_start("month", first) == cal.unit_start(
        "month", last
    ):
        # "last month" names the month of a date given: the evidence is the month as a whole
        first, last = (
            cal.unit_start("month", first),
            cal.unit_end("month", cal.unit_start("month", first)),
        )
    middle = first + (last - first) / 2
    if cal.unit_start("month", first) == cal.unit_start("month", last):
        return PublishedDate(middle, first, last, "month", "inferred")
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


# --------------------------------------------------------------------------- printed clues

#: Years either side of the text's own years tried for a dateline that prints no year.
DATELINE_YEAR_SPAN = 1
#: A year for a yearless dateline must score this much better than the next best.
DATELINE_MARGIN = 1.0
#: How far into the story (characters after the dateline) its lead's weekday is read.
LEAD_CHARS = 400
#: The days before a printed "updated" day that first publication is looked for in.
UPDATE_LOOKBACK = 6


def document_anchor(
    document: Document,
    mentions: Sequence[TimexMention],
    *,
    entities: Sequence[EntitySpan] = (),
    gazetteer: Gazetteer | None = None,
) -> PublishedDate:
    """When `document` was published, from everything it prints, in this order of trust: a known
    date (a numeric stamp that reads two ways is settled by the content); a wire dateline's day
    in the year its content gives; a printed "updated" day that the lead's own day matches;
    else the content's inference (`infer_published`), bounded by any "updated" day."""
    skip = [*document.junk, *document.stamps]
    usable = [m for m in mentions if _usable(m, skip)]
    published = document.published
    if published.is_known:
        if published.choices:
            return _settle_choices(published, document, usable, entities, gazetteer)
        return published
    gaz = gazetteer if gazetteer is not None else _bundled()
    line = document.dateline
    if line is not None and line.month and line.day and line.year is None:
        # the printed day is one of the calendar's "June 14"s: the content picks one, or the
        # date stays unknown; never an inferred range that misses the printed day
        filed = _dateline_year(document, usable, entities, gaz)
        return filed if filed is not None else PublishedDate.unknown()
    hint = None
    if document.modified is not None:
        same_day = _lead_day_is(document.modified, document, usable)
        if same_day:
            text = f"updated {document.modified.isoformat()}, the day of the lead's news"
            return PublishedDate.day(document.modified, "text", text)
        hint = PublishedDate(
            document.modified,
            date.min + timedelta(days=1),
            document.modified,
            "range",
            "text",
        )
    return infer_published(
        document.text, mentions, skip=skip, hint=hint, entities=entities, gazetteer=gaz
    )


def _bundled() -> Gazetteer:
    return load_gazetteer()


def _evidence(
    usable: Sequence[TimexMention],
) -> tuple[list[_Dated], list[TimexMention], list[tuple[str, int]]]:
    """The content's clues: dates written with their year, yearless dates, "last month"."""
    explicit: list[_Dated] = []
    for m in usable:
        if _explicit_year(m):
            r = resolve(m, PublishedDate.unknown())
            if r.first is not None and r.last is not None and (r.last - r.first).days <= 366:
                explicit.append(_Dated(r.first, r.last, m.tense))
    yearless = [m for m in usable if _yearless(m)]
    relative = [u for m in usable if (u := _relative_unit(m)) and u != ("year", 0)]
    return explicit, yearless, relative


def _weekdays_near(document: Document, usable: Sequence[TimexMention]) -> list[TimexMention]:
    """Weekdays written without "last"/"next" in the story's lead (after its dateline)."""
    start = document.dateline.span.end if document.dateline else 0
    first_text = min((m.start for m in usable if m.start >= start), default=start)
    stop = max(start, first_text) + LEAD_CHARS
    return [
        m
        for m in usable
        if start <= m.start < stop
        and m.recipe.get("kind") == "weekday"
        and not m.recipe.get("direction")
    ]


def _weekday_cost(day: date, weekdays: Sequence[TimexMention]) -> float:
    """The lead's weekday is the day of the news: a day it does not fall on costs its gap."""
    cost = 0.0
    for m in weekdays:
        r = resolve(m, PublishedDate.day(day, "inferred"))
        if r.first is not None:
            cost += abs((day - r.first).days)
    return cost


def _candidate_cost(
    day: date,
    evidence: tuple[list[_Dated], list[TimexMention], list[tuple[str, int]]],
    constraints: Sequence[Constraint],
    weekdays: Sequence[TimexMention],
) -> float:
    explicit, yearless, relative = evidence
    return (
        _score(day, explicit, yearless, relative)
        + violation_cost(day, constraints)
        + _weekday_cost(day, weekdays)
    )


def _dateline_year(
    document: Document,
    usable: Sequence[TimexMention],
    entities: Sequence[EntitySpan],
    gazetteer: Gazetteer,
) -> PublishedDate | None:
    """The dateline's day in the one year the content supports clearly, or None."""
    line = document.dateline
    assert line is not None and line.month and line.day
    skip = [*document.junk, *document.stamps]
    evidence = _evidence(usable)
    constraints = domain_constraints(document.text, usable, entities, gazetteer, skip=skip)
    weekdays = _weekdays_near(document, usable)
    years: set[int] = set()
    for d in evidence[0]:
        years.update(range(d.first.year - DATELINE_YEAR_SPAN, d.last.year + DATELINE_YEAR_SPAN + 1))
    this_year = date.today().year
    for c in constraints:
        for a, b in c.spans:
            first, last = a.year, min(b.year, this_year)
            if 0 <= last - first <= 30:
                years.update(range(first, last + 1))
    scored: list[tuple[float, date]] = []
    for y in sorted(years):
        try:
            day = date(y, line.month, line.day)
        except ValueError:
            continue
        if day > date.today():
            continue  # nothing was filed in the future
        scored.append((_candidate_cost(day, evidence, constraints, weekdays), day))
    if not scored:
        return None
    scored.sort()
    if len(scored) > 1 and scored[1][0] - scored[0][0] < DATELINE_MARGIN:
        return None
    day = scored[0][1]
    written = document.text[line.span.start : line.span.end].strip()
    return PublishedDate.day(day, "text", f"{written} (year {day.year} from the content)")


def _lead_day_is(day: date, document: Document, usable: Sequence[TimexMention]) -> bool:
    """Whether the lead's own day is `day`: its weekday, or a date written with its year."""
    lead = next((m for m in _weekdays_near(document, usable) if m.tense != "future"), None)
    if lead is None:
        return False
    return resolve(lead, PublishedDate.day(day, "inferred")).first == day


def _settle_choices(
    published: PublishedDate,
    document: Document,
    usable: Sequence[TimexMention],
    entities: Sequence[EntitySpan],
    gazetteer: Gazetteer | None,
) -> PublishedDate:
    """A printed numeric date that reads two ways: the reading the content supports better;
    day first ("09/03/2017" = 9 March) when it cannot tell, as stamps next to bullets are."""
    gaz = gazetteer if gazetteer is not None else _bundled()
    skip = [*document.junk, *document.stamps]
    evidence = _evidence(usable)
    constraints = domain_constraints(document.text, usable, entities, gaz, skip=skip)
    weekdays = _weekdays_near(document, usable)
    costs = [
        (_candidate_cost(d, evidence, constraints, weekdays), -k, d)
        for k, d in enumerate(published.choices)
    ]
    best = min(costs)
    if all(c[0] == best[0] for c in costs):
        best = costs[-1]  # no evidence either way: the day-first reading
    return PublishedDate.day(best[2], published.source, published.text)
