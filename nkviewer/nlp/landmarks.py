"""What the happenings and officials a document names say about when it was written.

Two kinds of domain evidence from the gazetteer, each a `Constraint` on the publication day:

- A dated landmark (`[[event]]`: "the Vietnam summit"). With a relative expression attached
  ("the Vietnam summit last month", "last year's Singapore summit") publication lies in the
  unit that expression counts from: the month after the summit, the year after it. Without
  one, publication is no earlier than the happening (a planned one is named some months ahead;
  "a second North-U.S. summit" may be named a year ahead; "a sixth nuclear test" before it
  happened is no evidence at all).
- An official named with the title of a dated role ("U.S. President Donald Trump", "North
  Korean leader Kim Jong-un", "Sergei Lavrov, Russia's foreign minister"): publication lies in
  that person's term(s). "Former"/"late"/"ex-" put it after a term ended, "then-" after one
  began; "vice", "deputy"... name another office and say nothing.

A constraint's `weight` is what a day outside it costs; `feasible_window` is the span of the
days that break the least.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from nkviewer.ingest.document import Span
from nkviewer.nlp.gazetteer import DatedEvent, Gazetteer, Role
from nkviewer.nlp.parsed import EntitySpan
from nkviewer.nlp.timex import calendar as cal
from nkviewer.nlp.timex.tense import tense_from_text
from nkviewer.nlp.timex.types import TimexMention

#: The cost of a day outside: a landmark dated by a relative expression, a titled official's
#: term, a landmark's earliest mention, a "former"/"then-" official.
W_RELATIVE = 4.0
W_TENURE = 3.0
W_MENTION = 2.0
#: A landmark named without a date is usually recent news: a day more than `RECENT_AFTER`
#: after it costs this much (less than any other clue, which outweighs it). Two years, so
#: that this pull alone, with a planned landmark's lead, fits the inference's widest window
#: (`anchor.MAX_WINDOW_DAYS`, three years) and can bound it.
W_RECENT = 1.0
RECENT_AFTER = timedelta(days=2 * 365)
W_AFTER_TENURE = 2.0
#: How long before a planned happening articles name it ("the Vietnam summit" in January);
#: and with an indefinite article or "upcoming", "possible"... ("a second summit").
PLANNED_LEAD = timedelta(days=120)
PROSPECTIVE_LEAD = timedelta(days=366)
#: Relative units that date a landmark ("last month"), and how far they may count.
_UNITS = frozenset({"week", "month", "quarter", "year"})
_MAX_STEPS = 10
_ONE = timedelta(days=1)
_ZERO = timedelta(0)

_PROSPECTIVE = frozenset(
    [
        "a",
        "an",
        "another",
        "possible",
        "potential",
        "upcoming",
        "planned",
        "proposed",
        "expected",
        "prospective",
        "next",
        "future",
        "likely",
        "new",
    ]
)
#: Words between a landmark and its relative expression that keep them one phrase.
_GAP_AFTER = re.compile(
    r"\s+|\s*,?\s*(?:(?:that|which|was|were|held|took\s+place|ended|in)\s+)+", re.IGNORECASE
)
_GAP_BEFORE = re.compile(r"['’]s\s+")
#: A word before a title that makes it another office, or another time.
_OTHER_OFFICE = frozenset(
    ["vice", "deputy", "acting", "assistant", "under", "interim", "associate", "honorary"]
)
_AFTER_TERM = frozenset({"former", "ex", "late", "erstwhile"})
_THEN = frozenset({"then"})
_WORD_BEFORE = re.compile(r"([A-Za-z]+)[\s\-‐‑–—]*$")


@dataclass(frozen=True, slots=True)
class Constraint:
    """Publication lies on one of `spans` (inclusive, `date.min`/`date.max` for open ends);
    a day elsewhere costs `weight`. `reason` says which words gave it."""

    spans: tuple[tuple[date, date], ...]
    weight: float
    reason: str

    def holds(self, day: date) -> bool:
        return any(a <= day <= b for a, b in self.spans)


def violation_cost(day: date, constraints: Iterable[Constraint]) -> float:
    return sum(c.weight for c in constraints if not c.holds(day))


def feasible_window(constraints: Sequence[Constraint]) -> tuple[date | None, date | None]:
    """First and last day of the days that break the least weight (None: open on that side)."""
    if not constraints:
        return None, None
    points = {date.min}
    for c in constraints:
        for a, b in c.spans:
            points.add(a)
            if b < date.max:
                points.add(b + _ONE)
    starts = sorted(points)
    segments = [
        (a, starts[i + 1] - _ONE if i + 1 < len(starts) else date.max) for i, a in enumerate(starts)
    ]
    costs = [violation_cost(a, constraints) for a, _ in segments]
    best = min(costs)
    chosen = [s for s, c in zip(segments, costs, strict=True) if c <= best]
    lo, hi = chosen[0][0], chosen[-1][1]
    return (None if lo == date.min else lo), (None if hi == date.max else hi)


def domain_constraints(
    text: str,
    mentions: Sequence[TimexMention],
    entities: Sequence[EntitySpan],
    gazetteer: Gazetteer,
    *,
    skip: Sequence[Span] = (),
) -> list[Constraint]:
    """Every constraint the text's landmarks and titled officials give (one per reason)."""
    found: dict[str, Constraint] = {}
    for c in (
        *landmark_constraints(text, mentions, gazetteer, skip=skip),
        *tenure_constraints(text, entities, gazetteer, skip=skip),
    ):
        found.setdefault(c.reason, c)
    return list(found.values())


# --------------------------------------------------------------------------- landmarks


def _alias_regex(alias: str) -> str:
    """Case aside: any dash or a space between words joined by a dash, either apostrophe,
    "U.S." with or without its dots, any run of spaces."""
    out = re.escape(alias)
    out = re.sub("['’]", "['’]", out.replace(r"U\.S\.", r"U\.?S\.?"))
    # between words: spaces, and the quotes a name may be written in ('a "Phase One" deal')
    out = out.replace(r"\-", r"[\s\-‐‑–—]").replace(r"\ ", r"[\"“”]?\s+[\"“”]?")
    return out


@cache  # one per landmark: the gazetteer's hundreds stay compiled
def _event_pattern(aliases: tuple[str, ...]) -> tuple[tuple[str, ...], re.Pattern[str]]:
    """The lower-case words one of which any match contains (a cheap test before the regex:
    most documents name none of the landmarks), and the pattern."""
    alts = sorted({_alias_regex(a) for a in aliases}, key=len, reverse=True)
    keys = tuple({max(re.findall(r"[a-z0-9]+", a.lower()), key=len) for a in aliases})
    return keys, re.compile(r"(?<![\w\-])(?:" + "|".join(alts) + r")(?![\w])", re.IGNORECASE)


_KEY_INDEX: dict[int, tuple[Gazetteer, dict[str, list[int]]]] = {}


def _key_index(gazetteer: Gazetteer) -> dict[str, list[int]]:
    """Key word → the landmarks whose names contain it (built once per gazetteer): a document
    is matched only against the landmarks whose key words it has."""
    cached = _KEY_INDEX.get(id(gazetteer))
    if cached is not None and cached[0] is gazetteer:
        return cached[1]
    index: dict[str, list[int]] = {}
    for k, ev in enumerate(gazetteer.events):
        for key in _event_pattern(ev.aliases)[0]:
            index.setdefault(key, []).append(k)
    if len(_KEY_INDEX) > 8:
        _KEY_INDEX.clear()
    _KEY_INDEX[id(gazetteer)] = (gazetteer, index)
    return index


def _overlaps(start: int, end: int, skip: Sequence[Span]) -> bool:
    return any(s.start < end and start < s.end for s in skip)


def _relative_step(m: TimexMention) -> tuple[str, int] | None:
    """("month", -1) for "last month", ("year", -3) for "three years ago"..., else None."""
    r = m.recipe
    if r.get("kind") != "shift" or r.get("base") or r.get("time_of_day") or m.type != "DATE":
        return None
    unit, n = r.get("unit"), r.get("count")
    if unit in _UNITS and isinstance(n, int) and abs(n) <= _MAX_STEPS:
        return str(unit), n
    return None


def _attached(
    text: str, start: int, end: int, mentions: Sequence[TimexMention]
) -> tuple[str, int] | None:
    """The unit and step of the relative expression that dates the landmark at [start, end)
    ("the Vietnam summit last month", "last year's Singapore summit"), if one does."""
    for m in mentions:
        if m.start >= end and m.start - end <= 40:
            gap = _GAP_AFTER.fullmatch(text, end, m.start)
        elif m.end <= start and start - m.end <= 4:
            gap = _GAP_BEFORE.fullmatch(text, m.end, start)
        else:
            continue
        step = _relative_step(m) if gap is not None else None
        if step is not None:
            return step
    return None


_YEAR_BEFORE = re.compile(r"\b((?:19|20)\d\d)(?:['’]s)?\s+$")


def _other_year(text: str, start: int, ev: DatedEvent) -> bool:
    """A year written before the name that is not the landmark's ("the 2014 invasion of
    Ukraine" is another invasion)."""
    m = _YEAR_BEFORE.search(text, max(0, start - 12), start)
    return m is not None and not ev.start.year <= int(m.group(1)) <= ev.end.year


def _prospective(text: str, start: int) -> bool:
    m = _WORD_BEFORE.search(text, max(0, start - 30), start)
    return m is not None and m.group(1).lower() in _PROSPECTIVE


def _unit_span(ev: DatedEvent, unit: str, n: int) -> tuple[date, date]:
    """The days publication may fall on when `ev` lies `n` `unit`s from it."""
    first = cal.unit_start(unit, cal.shift_date(ev.start, unit, -n))
    last_unit = cal.unit_start(unit, cal.shift_date(ev.end, unit, -n))
    return first, cal.unit_end(unit, last_unit)


def landmark_constraints(
    text: str,
    mentions: Sequence[TimexMention],
    gazetteer: Gazetteer,
    *,
    skip: Sequence[Span] = (),
) -> list[Constraint]:
    """Constraints from the gazetteer's dated happenings the text names (see the module doc)."""
    relative = [m for m in mentions if _relative_step(m) and not _overlaps(m.start, m.end, skip)]
    words = set(re.findall(r"[a-z0-9]+", text.lower()))
    index = _key_index(gazetteer)
    named = sorted({k for w in words & index.keys() for k in index[w]})
    out: list[Constraint] = []
    for ev in (gazetteer.events[k] for k in named):
        pattern = _event_pattern(ev.aliases)[1]
        for match in pattern.finditer(text):
            start, end = match.span()
            if _overlaps(start, end, skip) or _other_year(text, start, ev):
                continue
            step = _attached(text, start, end, relative)
            if step is not None:
                unit, n = step
                out.append(
                    Constraint(
                        (_unit_span(ev, unit, n),),
                        W_RELATIVE,
                        f"{ev.name} {n:+d} {unit}",
                    )
                )
                continue
            prospective = _prospective(text, start)
            if not ev.planned and prospective:
                continue  # "a sixth nuclear test" may be written before it
            if ev.planned and tense_from_text(text, start, end) == "future":
                # "Trump will sign the Phase One trade deal on January 15": written before it
                out.append(
                    Constraint(
                        ((ev.start - PROSPECTIVE_LEAD, ev.start - _ONE),),
                        W_MENTION,
                        f"{ev.name} ahead",
                    )
                )
                continue
            lead = PROSPECTIVE_LEAD if prospective else PLANNED_LEAD if ev.planned else _ZERO
            out.append(
                Constraint(
                    ((ev.start - lead, date.max),),
                    W_MENTION,
                    f"{ev.name} named" + (" ahead" if prospective else ""),
                )
            )
            out.append(  # news names what is recent: a weak pull towards the years after it
                Constraint(
                    ((ev.start - lead, ev.end + RECENT_AFTER),),
                    W_RECENT,
                    f"{ev.name} recent",
                )
            )
    return out


# --------------------------------------------------------------------------- role tenures


_Tables = tuple[dict[str, set[int]], dict[str, set[int]]]
_TITLES: dict[int, tuple[Gazetteer, _Tables]] = {}


def _titles(gazetteer: Gazetteer) -> _Tables:
    """Lower-case descriptions → role indices: with a country ("russian president", "russia's
    foreign minister") and bare titles ("president", "leader"). Built once per gazetteer."""
    cached = _TITLES.get(id(gazetteer))
    if cached is not None and cached[0] is gazetteer:
        return cached[1]
    tables = _build_titles(gazetteer)
    if len(_TITLES) > 8:
        _TITLES.clear()
    _TITLES[id(gazetteer)] = (gazetteer, tables)
    return tables


def _build_titles(gazetteer: Gazetteer) -> _Tables:
    full: dict[str, set[int]] = {}
    for phrase, i in gazetteer.role_phrases():
        full.setdefault(phrase, set()).add(i)
    bare: dict[str, set[int]] = {}
    for i, role in enumerate(gazetteer.roles):
        for t in role.titles:
            bare.setdefault(t, set()).add(i)
    return full, bare


def _title_before(text: str, start: int, table: dict[str, set[int]]) -> tuple[str, set[int]]:
    """The longest description ending just before `start` ("U.S. President "): the word
    before it ("former", "vice", "then" of "then-U.S. President"...) and its roles."""
    window = text[max(0, start - 80) : start]
    if not window or not window[-1].isspace():
        return "", set()
    tokens = window.split()
    before, best = "", set[int]()
    for k in range(1, min(7, len(tokens)) + 1):
        words = [w.lower() for w in tokens[-k:]]
        prefix, dash, tail = words[0].partition("-")
        if dash and tail and prefix in _AFTER_TERM | _THEN:
            words[0] = tail
        else:
            prefix = tokens[-k - 1].lower().strip(",.;:()\"'“”‘’") if k < len(tokens) else ""
        roles = table.get(" ".join(words))
        if roles:
            before, best = prefix, roles
    return before, best


def _title_after(text: str, end: int, table: dict[str, set[int]]) -> tuple[str, set[int]]:
    """An appositive description after a name (", Russia's foreign minister,"), with the
    qualifier before it ("former"...), or ("", empty)."""
    m = re.match(
        r",\s+(?:the\s+)?(?:(former|then|late|ex)[\s\-]+)?((?:\S+\s+){0,6}\S+)",
        text[end : end + 100],
        re.IGNORECASE,
    )
    if not m:
        return "", set()
    words = m.group(2).split()
    best: set[int] = set()
    for k in range(1, len(words) + 1):
        phrase = " ".join(words[:k]).rstrip(",.;:").lower()
        if phrase in table:
            best = table[phrase]
    return (m.group(1) or "").lower(), best


def _term_spans(terms: Iterable[tuple[date, date | None]]) -> tuple[tuple[date, date], ...]:
    spans = sorted((a, (b - _ONE) if b else date.max) for a, b in terms)
    merged: list[tuple[date, date]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1] + _ONE:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return tuple(merged)


def _tenure(person: str, roles: Sequence[Role], qualifier: str, label: str) -> Constraint | None:
    terms = [(h.start, h.end) for r in roles for h in r.holders if h.name == person]
    if not terms:
        return None
    if not qualifier:
        return Constraint(_term_spans(terms), W_TENURE, f"{person} as {label}")
    if qualifier in _AFTER_TERM:
        ended = [b for _, b in terms if b is not None]
        if not ended:
            return None
        return Constraint(((min(ended), date.max),), W_AFTER_TENURE, f"{person} former {label}")
    return Constraint(((min(a for a, _ in terms), date.max),), W_MENTION, f"{person} then {label}")


def tenure_constraints(
    text: str,
    entities: Sequence[EntitySpan],
    gazetteer: Gazetteer,
    *,
    skip: Sequence[Span] = (),
) -> list[Constraint]:
    """Constraints from people named with the title of a role they held (module docstring)."""
    if not entities:
        return []
    full, bare = _titles(gazetteer)
    table = {**bare, **full}
    holders = {h.name for r in gazetteer.roles for h in r.holders}
    out: list[Constraint] = []
    for ent in entities:
        if ent.canonical not in holders or _overlaps(ent.start, ent.end, skip):
            continue
        before, roles = _title_before(text, ent.start, table)
        if roles:
            if before in _OTHER_OFFICE:
                continue
            qualifier = before if before in _AFTER_TERM | _THEN else ""
        else:
            qualifier, roles = _title_after(text, ent.end, full)
        held = (gazetteer.roles[i] for i in sorted(roles))
        chosen = [r for r in held if any(h.name == ent.canonical for h in r.holders)]
        label = "/".join(sorted({f"{r.country} {r.titles[0]}" for r in chosen}))
        c = _tenure(ent.canonical, chosen, qualifier, label) if chosen else None
        if c is not None:
            out.append(c)
    return out
