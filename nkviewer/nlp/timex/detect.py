"""Finding temporal expressions and writing down what they say (DCT-free "recipes").

All rules (`rules_calendar`, `rules_periods`, `rules_clock`, `rules_relative`,
`rules_reporting`, `rules_duration`) run over the text; overlapping candidates are settled
longest first (then by rule priority); spans in `skip` (junk, publication stamps) are dropped;
expressions that count from an earlier one ("four days later", "the year-earlier quarter") get
that one's recipe as their `base`; finally each mention gets the tense cue of its clause (or a
direction cue such as "until", "since", "payable"). Every step is linear in the text.

Recipe schema (`TimexMention.recipe`: a `types.TimexRecipe`, JSON in the parse cache, read only
by `resolve`), by its `kind`:

- "date": a calendar unit from `year`, `month`, `day`, `quarter` (1-4), `half` (1-2), `season`
  (SP/SU/FA/WI), `week` (ISO week), `decade` (199 = the 1990s), `century` (19 = the 1900s) or
  `holiday` (a name in `holidays.NAMES`). Without `year`, the year comes from the anchor:
  `year_relative` (-1 "July last year", 0, 1) if given, else `direction` (-1 "last April",
  0 "this September", 1 "next May"), else the nearest such unit, biased to the anchor's year
  and against the clause's tense (`resolve.BIAS_OTHER_YEAR`, `TENSE_PENALTY`); `strict` (a
  bare month or season whose own clause, read from the parse, is past or future, or a day
  after "ended" or "since": the tense alone decides the side of the anchor, "arrived in June"
  → the last June). A `base` (an earlier mention: "the following spring", "that summer" in a
  past clause) makes `direction` count from that date instead of the anchor.
- "weekday": `weekday` (0 = Monday); `direction` -1 last / 0 this (on or after) / 1 next, else
  by tense: past → the latest such day on or before the anchor; present/future → on or
  after; no tense → the next such day when it is at most three days ahead (nearer than the
  one just past), else the latest on or before (news mostly reports what has happened).
- "shift": the `unit` (day, week, month, quarter, year, decade, century) `count` steps from
  the anchor: "yesterday" -1 day, "this year" 0, "a year ago" -1 year. Optional:
  `granularity` (of the output), `base` (the recipe of an earlier mention to count from
  instead of the anchor), `keep_granularity` (the base's: the quarter a year before the third
  quarter), `keep_finer` (the base's when finer: "two weeks later" than a day), `nearest`
  ("the weekend": the one just past early in the week), `set_year` / `set_year_relative`
  ("the 1988 quarter": the base's unit in that year).
- "range": endpoint recipes `start` and `end`; `end` takes a missing year from `start`, and an
  `end` with `base` "range_start" counts from `start` ("Sunday to Wednesday"). `parts` keeps
  the two endpoints' offsets [[start, end], [start, end]] for scorers that count them apart.
- "window": from the anchor `count` `unit`s forward (`direction` 1) or back (-1): "within the
  next two or three months".
- "ref": `value` is PRESENT_REF, PAST_REF or FUTURE_REF.
- "dur": `count` (a number, null when vague) and `unit` (Y, M, W, D, Q, H, MIN, S; L
  millennium; E decade and C century only when vague: "two decades" is P20Y).
- "set": `value`, the TIMEX3 value itself (P1Y, P1W, XXXX-WXX-4 ...).
- "value": `value`, the TIMEX3 value of a DATE no calendar can place: "a Friday" is
  XXXX-WXX-5 (some Friday, no week known); it resolves to no span and makes no event.

"date" (bare month, season or day) and "weekday" may carry `narrative`: the recipe of the
absolute date their paragraph is about, the story's time (see `narrative`); the resolver uses
it when it lies in another year than the publication and fits the clause's tense.

A time of day counting from an earlier day (`base` "prev_day") may carry `guessed_day`: that
day is in another clause or sentence, so the value is marked uncertain.

Any kind may carry `mod` (START, MID, END, APPROX, MORE_THAN ...), `time_of_day` (a clock time
"14:00" or a part of the day MO/AF/EV/NI; "WE" on a week means its weekend), `edge` and
`derived` (the recipe is a default chosen for a context-relative expression). A `base` keeps
the earlier mention's own `tense` and is marked `earlier_mention`. Keys used while detecting
(`topic`, `topic_only`, `topic_default`, `period`, `tense_hint`, `tense_settled`) never reach the
output.
"""

from __future__ import annotations

import bisect
import copy
import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from nkviewer.ingest.document import Span
from nkviewer.nlp.timex import calendar as cal
from nkviewer.nlp.timex import lexicon as lx
from nkviewer.nlp.timex import (
    rules_calendar,
    rules_clock,
    rules_duration,
    rules_periods,
    rules_relative,
    rules_reporting,
)
from nkviewer.nlp.timex.narrative import (
    WHEN_CLAUSE,
    follows_story,
    fronted,
    is_absolute,
    link_own_year,
    link_story_time,
    link_timeline,
    paragraph_starts,
    speech_day,
    timeline_entries,
)
from nkviewer.nlp.timex.prefilter import RuleScanner
from nkviewer.nlp.timex.resolve import (
    duration_value,
    fixed_recipe,
    holiday_week,
    partial_value,
)
from nkviewer.nlp.timex.rules import NOT_A_DATE, RULES, Cand, sentence_start
from nkviewer.nlp.timex.tense import (
    abbreviation_period,
    dated_on,
    dated_past_verb,
    dates_main_clause,
    declared_ahead,
    described_year,
    direction_cue,
    future_of_a_past_saying,
    governing_tense,
    past_perfect,
    past_verb_before_object,
    possessed_ahead,
    scheduled_present,
    tense_of,
    when_clause_tense,
    will_clause,
)
from nkviewer.nlp.timex.types import TimexMention, TimexRecipe

_RULE_MODULES = (  # importing them registers their rules
    rules_calendar,
    rules_periods,
    rules_clock,
    rules_relative,
    rules_reporting,
    rules_duration,
)
_COMPOUND_AFTER = re.compile(r"-[A-Za-z]")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')]*\s+(?=(?:[\"“(]|``)?[A-Z0-9])|\n\s*\n|\n(?=\S)")


def _scanner() -> RuleScanner:
    """The rules' scanner, built on first use (it reads and compiles every pattern once)."""
    global _SCANNER
    if _SCANNER is None or len(_SCANNER.patterns) != len(RULES):
        _SCANNER = RuleScanner([r.pattern for r in RULES])
    return _SCANNER


_SCANNER: RuleScanner | None = None


def find_candidates(text: str) -> list[Cand]:
    """Every rule match, before overlap resolution (rule by rule, each in text order).

    The matches are those of `rule.pattern.finditer(text)`; `RuleScanner` only finds them
    without trying every rule at every position.
    """
    found: list[Cand] = []
    for r, matches in zip(RULES, _scanner().matches(text), strict=True):
        for m in matches:
            if _COMPOUND_AFTER.match(text, m.end()):
                continue  # "its quarter-century low": part of a longer word
            c = r.build(m, text)
            if c is not None and c.end > c.start:
                c.priority, c.rule = r.priority, r.name
                found.append(c)
    return found


def select(cands: list[Cand]) -> list[Cand]:
    """Non-overlapping candidates, longest first, then higher priority, then earlier."""
    order = sorted(cands, key=lambda c: (-(c.end - c.start), -c.priority, c.start))
    starts: list[int] = []
    ends: list[int] = []
    chosen: list[Cand] = []
    for c in order:
        i = bisect.bisect_left(starts, c.start)
        if i > 0 and ends[i - 1] > c.start:
            continue
        if i < len(starts) and starts[i] < c.end:
            continue
        starts.insert(i, c.start)
        ends.insert(i, c.end)
        chosen.insert(i, c)
    return chosen


def _overlaps(c: Cand, skip: Sequence[Span]) -> bool:
    return any(s.start < c.end and c.start < s.end for s in skip)


#: A clock time's "a.m." before its time zone or the same time in another zone: "at 3:14
#: a.m. (1814 GMT)", "at 2:48 p.m. Alaska Standard Time".
_CLOCK_BRACKET = re.compile(rf"[ap]\.\s?m\.\s+(?:\(|{rules_clock.ZONE})")


def sentence_bounds(text: str) -> list[int]:
    """Start offsets of the sentences (a cheap splitter, good enough for context windows)."""
    return (
        [0]
        + [
            m.end()
            for m in _SENTENCE_END.finditer(text)
            if "\n" in m.group()  # a line or paragraph break always ends the sentence
            or text[m.start() - 1 : m.start()] != "."
            or (
                not abbreviation_period(text, m.start() - 1)  # "On Oct. 3, 2019": one sentence
                and not _CLOCK_BRACKET.match(text, m.start() - 4, m.end() + 30)  # "a.m. (0735 GMT)"
            )
        ]
    )


def recipe_granularity(recipe: TimexRecipe) -> str | None:
    """The calendar granularity a recipe resolves to, when it can be known without an anchor
    (a range of two years told, "between 1996 and 2005", its end's: what "that year" after
    it names)."""
    kind = recipe.get("kind")
    if kind == "range":
        end = _told_end(recipe)
        return None if end is None else recipe_granularity(end)
    if kind == "weekday":
        return "day"
    if kind == "shift":
        base = recipe.get("base")
        if recipe.get("keep_granularity") and isinstance(base, dict):
            return recipe_granularity(base)
        return str(recipe.get("granularity") or recipe.get("unit"))
    if kind != "date":
        return None
    if recipe.get("holiday") or (recipe.get("month") and recipe.get("day")):
        return "day"
    if recipe.get("month"):
        return "month"
    if recipe.get("quarter"):
        return "quarter"
    if recipe.get("half"):
        return "half"
    if recipe.get("season"):
        return "season"
    if recipe.get("week"):
        return "week"
    if recipe.get("decade") is not None:
        return "decade"
    if recipe.get("century") is not None:
        return "century"
    return "year"


def _is_topic(m: TimexMention) -> bool:
    """A mention that names the reporting period ("the third quarter"), not one derived from it."""
    r = m.recipe
    if (
        r.get("topic")
        or r.get("year_relative") is not None
        or r.get("year")
        or r.get("base")
        or r.get("derived")
    ):
        return False
    return recipe_granularity(r) in ("quarter", "half") and r.get("kind") in ("date", "shift")


def _yearless(recipe: TimexRecipe) -> bool:
    """A day or month without a year, whose year (or week) the tense decides."""
    if recipe.get("kind") == "weekday":
        return recipe.get("direction") is None
    return (
        recipe.get("kind") == "date"
        and recipe.get("year") is None
        and "year_relative" not in recipe
        and "direction" not in recipe
    )


def _tense_directed(recipe: TimexRecipe) -> bool:
    """A bare month, season or holiday ("in June", "the summer", "on Christmas Eve"), whose
    side of the anchor the tense of its own clause decides (see `resolve._infer_year`); also
    the month of "the first Monday in June". Not a day of a month: a past verb often sets a
    deadline ahead ("extended the offer to Nov. 20")."""
    base = recipe.get("base")
    if recipe.get("nth") and isinstance(base, dict):
        return _tense_directed(base)
    if holiday_week(recipe):
        return True  # "over the Easter weekend": the holiday's side, as "over Easter"
    return (
        _yearless(recipe)
        and recipe.get("kind") == "date"
        and (
            bool(recipe.get("season") or recipe.get("holiday"))
            or (bool(recipe.get("month")) and not recipe.get("day"))
        )
    )


#: A set that recurs at least once a week: a clock time said with it recurs with it.
_DAILY_SET = re.compile(r"P1D|XXXX-XX-XX(?:T\w+)?|XXXX-WXX-[1-7](?:T\w+)?|XXXX-WXX-W[ED](?:T\w+)?")
#: Days of every month: "the first Tuesday of each month".
_DAYS_OF_EVERY_MONTH = re.compile(
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?\s+(?:of|in)\s+(?:each|every)"
    r"\s+month$"
)
#: How far (characters) a clock time may lie from such a set and be one of its times.
_SET_REACH = 50
#: Every day, said as a count of a week's days: "seven days a week".
_EVERY_DAY = re.compile(r"(?:seven|7)\s+days\s+a\s+week", re.IGNORECASE)


#: A noun after "daily" that makes it an adjective of a measure: "its biggest daily gain".
_NOUN_AFTER = re.compile(
    r"\s+(?!from\b|at\b|between\b|until\b|till\b|to\b|and\b|or\b|except\b|in\b|on\b)[a-z]"
)


def _times_of_a_set(mentions: list[TimexMention], bounds: list[int], text: str) -> None:
    """ "at 8 p.m. each evening", "every Saturday at 10 p.m.", "open daily from 10 a.m. to 5
    p.m.": a clock time with no day of its own, said with a set of days or parts of days in
    its sentence (`bounds`: the text's `sentence_bounds`), is a time of that set (TIMEX3 SET
    `XXXX-XX-XXT20:00`, `XXXX-WXX-6T22:00`), not a time of the day told last."""
    sets = [
        m
        for m in mentions
        if m.type == "SET"
        and (
            _DAILY_SET.fullmatch(str(m.recipe.get("value")))
            or _EVERY_DAY.fullmatch(m.text) is not None  # "open from 8 a.m., seven days a week"
            # "on the second and fourth Monday of each month at 7 p.m.": a time of those days
            or _DAYS_OF_EVERY_MONTH.search(m.text) is not None
        )
        # ("its biggest daily gain": no timetable; but "at 6am every morning for 22 years")
        and not (" " not in m.text and _NOUN_AFTER.match(text, m.end))
    ]
    if not sets:
        return
    for m in mentions:
        r = m.recipe
        clock = str(r.get("time_of_day", ""))
        if m.type != "TIME" or r.get("kind") != "shift" or r.get("count") or ":" not in clock:
            continue
        base = r.get("base")
        if isinstance(base, dict) and not (
            base.get("kind") == "shift" and not base.get("count") and "base" not in base
        ):
            continue  # a time with a day of its own (not only "from 10 a.m." before it)
        sent = bisect.bisect_right(bounds, m.start)
        near = sorted(
            (min(abs(s.start - m.end), abs(m.start - s.end)), s.start, s)
            for s in sets
            if bisect.bisect_right(bounds, s.start) == sent
        )
        if not near or near[0][0] > _SET_REACH:
            continue
        days = [
            d.end
            for d in mentions
            if d.type == "DATE"
            and d.end <= m.start
            and bisect.bisect_right(bounds, d.start) == sent
            and recipe_granularity(d.recipe) == "day"
        ]
        if days and m.start - max(days) < near[0][0]:
            continue  # "on weekends ... starting Monday at 10 a.m.": Monday's time, no set's
        value = str(near[0][2].recipe["value"])
        # (the set's days without their part: "XXXX-WXX-6", "XXXX-WXX-WE" - not cut to ten)
        prefix = value.split("T")[0] if value.startswith("XXXX-WXX-") else "XXXX-XX-XX"
        clock = _in_the_sets_part(clock, value.partition("T")[2], m.text)
        m.type, m.tense = "SET", None
        m.recipe = {"kind": "set", "value": f"{prefix}T{clock}"}


#: The hours of a part of the day an hour said without a.m. or p.m. is in the afternoon or
#: evening: "every night at 7 o'clock" is 19:00 (not "at 2 o'clock" at night).
_AFTERNOON_HOURS = {"AF": range(1, 7), "EV": range(4, 12), "NI": range(7, 12)}


def _in_the_sets_part(clock: str, part: str, written: str) -> str:
    """A clock time said with a set of evenings or nights and no a.m. or p.m. ("sing for
    diners every night at 7 o'clock") is that part of the day's hour."""
    hour, _, minute = clock.partition(":")
    if (
        not hour.isdigit()
        or re.search(r"[ap]\.?\s?m\b", written, re.IGNORECASE)
        or int(hour) not in _AFTERNOON_HOURS.get(part, range(0))
    ):
        return clock
    return f"{int(hour) + 12:02d}:{minute}"


#: Words that make what a clause tells a habit: "usually in March", "typically runs from
#: 7.30am" (`_HABIT` for months and days of a year, `_HABIT_OF_DAYS` for times of a day).
_HABIT_WORDS = r"usually|typically|normally|generally|customarily|routinely|always"
#: Words that tell a habit of any day: "usually rising by 6 a.m.", "would often leave at 11".
_HABIT_OF_DAYS = re.compile(
    r"(?<!more\s)(?<!less\s)(?<!most\s)"  # ("ran more frequently during the morning commute")
    rf"\b(?:{_HABIT_WORDS}|habitually|often|regularly|frequently|invariably|used\s+to)\b",
    re.IGNORECASE,
)


def _habitual_times(mentions: list[TimexMention], bounds: list[int], text: str) -> None:
    """ "usually rising before dawn to reach a reef site by 6 a.m.", "would often leave the
    Capitol at around 11 p.m.", "flights leave every hour or so in the morning": a clock time
    or part of the day with no day of its own in a clause told as a habit or with a set, and
    no day named in it, is a time of any day (`XXXX-XX-XXT06:00`, `XXXX-XX-XXTMO`), not a
    time of the day told last or of publication ("usually opens at 9 a.m., but on Monday it
    opened at 11 a.m.": Monday's)."""
    starts = [m.start for m in mentions]  # (mentions are in text order)
    for m in mentions:
        r = m.recipe
        clock = str(r.get("time_of_day", ""))
        if (
            m.type != "TIME"
            or r.get("kind") != "shift"
            or r.get("count")
            or not (":" in clock or clock in _DAY_PARTS)
            or r.get("base") not in ("prev_day", "prev_day_sentence", "next_day")
        ):
            continue
        k = bisect.bisect_right(bounds, m.start) - 1
        lo = bounds[k] if k >= 0 else 0
        hi = bounds[k + 1] if k + 1 < len(bounds) else len(text)
        turn = _BUT.search(text, m.end, hi)  # (a day after the turn is the other clause's)
        hi = turn.start() if turn else hi
        cues = list(_HABIT_OF_DAYS.finditer(text, lo, m.start))
        habit = bool(cues) and not _BUT.search(text, cues[-1].end(), m.start)
        clause = mentions[bisect.bisect_left(starts, lo) : bisect.bisect_left(starts, hi)]
        if not habit and not any(
            # a set said in the clause: "leave every hour or so in the morning", "twice
            # weekly ... departures are at 6:35am"
            s.type == "SET"
            and lo <= s.start < hi
            and not _BUT.search(text, s.end, m.start)
            and not (" " not in s.text and _NOUN_AFTER.match(text, s.end))  # "daily gain"
            for s in clause
        ):
            continue
        if any(
            d is not m
            and lo <= d.start < hi
            and d.type in ("DATE", "TIME")
            and recipe_granularity(d.recipe) == "day"
            and "base" not in d.recipe
            for d in clause
        ):
            continue  # "often left at 11 p.m. on Fridays", "on Monday, usually at 9 a.m."
        m.recipe = {"kind": "value", "value": f"XXXX-XX-XXT{clock}"}
        if r.get("mod"):
            m.recipe["mod"] = r["mod"]
        m.tense = None


def _first_day(recipe: TimexRecipe) -> TimexRecipe:
    """A range's first end ("Nov. 11-22"), else the recipe itself."""
    start = recipe.get("start")
    return start if recipe.get("kind") == "range" and isinstance(start, dict) else recipe


def _day_of_month(recipe: TimexRecipe) -> bool:
    """A day of a month without a year ("May 2", "the evening of May 2")."""
    return _yearless(recipe) and bool(recipe.get("month") and recipe.get("day"))


def _is_months(m: TimexMention) -> bool:
    """A reporting period given as a number of months ("the first nine months")."""
    r = m.recipe
    return r.get("kind") == "dur" and r.get("unit") == "M" and (r.get("count") or 0) >= 3


_PLAIN_SHIFT = {"kind", "unit", "count", "base", "tense", "keep_finer", "earlier_mention"}


#: What a day's shift may also carry and still merge with the one it counts from: a part of
#: the day, a mod, a guessed day say nothing of which day it is ("the next morning" of "the
#: following evening" of Aug. 3 is two days after Aug. 3).
_DAY_SHIFT = _PLAIN_SHIFT | {"time_of_day", "guessed_day", "mod", "edge"}


def _mergeable(r: TimexRecipe, base: TimexRecipe) -> bool:
    if r.get("kind") != "shift" or base.get("kind") != "shift" or base.get("unit") != r.get("unit"):
        return False
    if r.get("unit") == "day":
        return set(r) <= _DAY_SHIFT and set(base) <= _DAY_SHIFT
    return set(r) <= _PLAIN_SHIFT and set(base) <= _PLAIN_SHIFT


def _merge_shifts(r: TimexRecipe) -> None:
    """ "the next day" of "the next day" of March 3 → two days after March 3."""
    base = r.get("base")
    while isinstance(base, dict) and _mergeable(r, base):
        r["count"] = int(r.get("count") or 0) + int(base.get("count") or 0)
        if "base" in base:
            r["base"] = base["base"]
        else:
            del r["base"]
        base = r.get("base")


#: How many mentions deep a chain of bases may go ("the next day" of "the day after" of ...):
#: keeps recipes small in documents that chain many of them.
MAX_BASE_DEPTH = 4


def _told_end(recipe: TimexRecipe) -> TimexRecipe | None:
    """The end of a range that names its own year ("between 1996 and 2005"), else None."""
    end = recipe.get("end")
    if isinstance(end, dict) and end.get("kind") == "date" and end.get("year") is not None:
        return end
    return None


def _frozen(m: TimexMention) -> TimexRecipe:
    """A copy of a mention's recipe usable as a `base` (its tense travels with it; of a range,
    its end's)."""
    r = copy.deepcopy(_told_end(m.recipe) or m.recipe)
    r.pop("parts", None)
    if m.tense:
        r["tense"] = m.tense
    r["earlier_mention"] = True  # what counts from it counts from the story's time
    _merge_shifts(r)
    node, depth = r, 1
    while isinstance(deeper := node.get("base"), dict):
        if depth >= MAX_BASE_DEPTH:
            # too deep to keep: the unit the far end comes to, when that is known without
            # the anchor (a chain from "March 2004"); else the far end counts from the anchor
            fixed = fixed_recipe(deeper)
            if fixed is None:
                del node["base"]
            else:
                fixed["earlier_mention"] = True
                node["base"] = fixed
            break
        node, depth = deeper, depth + 1
    return r


def _dates_before(
    mentions: list[TimexMention], i: int, flashbacks: Collection[int] = ()
) -> Iterator[tuple[int, str]]:
    """The dates and times told before mention `i` (those with a granularity), nearest
    first, each with its granularity. `flashbacks` are passed over: a date counted back from
    the story's own in the past perfect ("The day before, inspectors had approved it") looks
    back without moving the story on ("A day later it shut": after the collapse, not after
    the approval)."""
    for j in range(i - 1, -1, -1):
        if j in flashbacks:
            continue
        g = recipe_granularity(mentions[j].recipe)
        if g is not None and mentions[j].type in ("DATE", "TIME"):
            yield j, g


@dataclass(slots=True)
class _Told:
    """What `link_context` knows of the story while it links: the mentions, their sentence
    numbers, the flashbacks to pass over and the mentions already counted from the story's
    own time (`told`: "later that year", "the same month"), each a story date for what follows."""

    mentions: list[TimexMention]
    bounds: list[int]
    text: str
    flashbacks: Collection[int] = ()
    told: set[int] = field(default_factory=set)
    #: figures compared with their unit a year before ("rose in March from a year earlier"):
    #: no story date for what follows ("A day earlier, a report showed ...")
    compared: set[int] = field(default_factory=set)
    paragraphs: list[int] = field(default_factory=list)  # their starts, found on first use
    lead: int | None = None  # the lead's paragraph (-1: none), found on first use

    def sent(self, i: int) -> int:
        return bisect.bisect_right(self.bounds, self.mentions[i].start) - 1

    def paragraph(self, i: int) -> int:
        if not self.paragraphs:
            self.paragraphs = paragraph_starts(self.text)
        return bisect.bisect_right(self.paragraphs, self.mentions[i].start) - 1

    def story_dates_before(
        self, i: int, names: bool = False, since: bool = False
    ) -> Iterator[tuple[int, str]]:
        """The dates told before mention `i`, as `_dates_before`, but not a target or a state
        (`_target`): no time of a story ("The law, passed in 2015, requires cuts by 2030. That
        year, refiners sued": 2015). `names`: a year naming a thing counts ("the 2013 test",
        which "that year" may point back to); `since`: a stretch's first date counts ("Since
        2013, ... That year")."""
        tense = self.mentions[i].tense
        told = _dates_before(self.mentions, i, self.flashbacks)
        return (
            (j, g)
            for j, g in told
            if j not in self.compared
            and not self._target(j, tense, names, since)
            and not self._qualified(j, i)
        )

    def year_bases(self, i: int) -> Iterator[tuple[int, str]]:
        """What a year counted from the story's ("the following year", "four years later") may
        count from, nearest first: the story's dates and the years naming a thing ("won the
        2012 election. She took office the following year"), but not such a year beside a
        date of the story in its sentence ("In 2010, the court struck down a 2006 statute.
        Four years later": from 2010)."""
        tense = self.mentions[i].tense
        for j, g in self.story_dates_before(i, names=True):
            if self._target(j, tense) and any(
                k < i and self._dated(k) and not self._target(k, tense)
                for k in self._same_sentence(j)
            ):
                continue
            yield j, g

    def _qualified(self, j: int, i: int) -> bool:
        """Mention `j` is what mention `i` qualifies ("in May of that year", "in February the
        following year"): not its anchor."""
        m = self.mentions[i]
        # (a year right after, without "of", too: not "Good Friday the same day")
        of = r"\s+of\s+" if m.recipe.get("unit") != "year" else r"\s+(?:of\s+)?"
        between = self.text[self.mentions[j].end : m.start]
        return j == i - 1 and re.fullmatch(of, between) is not None

    def _target(self, j: int, tense: str | None, names: bool = False, since: bool = False) -> bool:
        """Mention `j` is a time ahead, a state or a report, not one a story happened at: the
        day something was said ("he recalled last week"), a limit ("cut emissions by 2030";
        "runs until Friday and the following day" does count from Friday); for a story told in
        the past, also a date of a present or future clause."""
        m = self.mentions[j]
        by = _BY.search(self.text, max(0, m.start - 8), m.start)
        ahead = tense in ("present", "future")
        if (
            by is not None
            and not ahead
            and not sentence_start(self.text, by.start())
            and not _HAD_AFTER.match(self.text, m.end)  # "and by 2010 it had cut 300 jobs"
        ):
            # (but "By 1975 the chain had 60 stores. Ten years later": 1985; and a limit is
            # what a present or future "that month" points back to: "a report by June,
            # before the board meets that month")
            return True
        if _MOVED_TO.search(self.text, max(0, m.start - 60), m.start):
            # "postponed the sale to Oct. 31. The announcement, made before 11 a.m.": a day
            # something was put off to, not the story's
            return True
        if _SINCE.search(self.text, max(0, m.start - 8), m.start) and not WHEN_CLAUSE.match(
            self.text, m.end
        ):
            # "its steepest drop since February 2007, wiping out its gains for the year": the
            # start of a stretch up to now, not when the story happens (but "since 1996, when
            # musicians struck" tells of 1996; and "Since 2013, the day has been marked every
            # year. That year, ...": the year "that year" names)
            return not since
        if _SAID_ON.search(self.text, max(0, m.start - 24), m.start) is not None and not (
            self.text.startswith(("'s", "’s"), m.end) or m.text.endswith(("'s", "’s"))
        ):
            # "he recalled last week": when it was told, not when it happened (not "said
            # Friday's trading was ...", the subject of what was said)
            return True
        if _ATTRIBUTIVE_YEAR.match(self.text, m.end) and _THE_BEFORE.search(
            self.text, max(0, m.start - 6), m.start
        ):
            # "the 2015 agreement": a name of a thing, not the story's date (whatever the
            # tense of the clause it is in, the year "that year" may name; not a span,
            # "Japan's 1910-1945 colonial rule")
            return not names or m.recipe.get("kind") == "range"
        # (a date a "when" clause tells of is of the past that clause tells: "the first July
        # election since 1945, when Churchill was swept from office. The count that year")
        return (
            tense == "past"
            and m.tense in ("present", "future")
            and not WHEN_CLAUSE.match(self.text, m.end)
            # (a year written is what "that year" names, whatever its clause's tense as
            # parsed: "demanded it in July 2006, and imposed sanctions in December that year")
            and not (names and is_absolute(m))
        )

    def in_relative_clause(self, j: int) -> bool:
        """Mention `j` is in a relative clause (", who ...", ", which ...") after another date
        of its sentence, the main clause's."""
        m = self.mentions[j]
        start = self.bounds[self.sent(j)] if self.sent(j) >= 0 else 0
        clause = None
        for found in _RELATIVE_CLAUSE.finditer(self.text, start, m.start):
            clause = found
        if clause is None or _CLAUSE_END.search(self.text, clause.end(), m.start):
            return False
        return any(
            self.mentions[k].end <= clause.start() and self._dated(k)
            for k in self._same_sentence(j)
            if k < j
        )

    def _same_sentence(self, j: int) -> Iterator[int]:
        """The other mentions of mention `j`'s sentence, nearest first on each side."""
        for step in (-1, 1):
            k = j + step
            while 0 <= k < len(self.mentions) and self.sent(k) == self.sent(j):
                yield k
                k += step

    def _dated(self, k: int) -> bool:
        """Mention `k` is a date or time with a granularity (not a length or a set)."""
        m = self.mentions[k]
        return m.type in ("DATE", "TIME") and recipe_granularity(m.recipe) is not None

    def unit_told_just_before(self, i: int) -> int | None:
        """ "arrested two men on March 4 with paintings reported stolen in the autumn. A third
        was detained four days later", "warned in July. That quarter, shares fell, and it
        announced a buyback the following month": a count of days (weeks, months) counts from
        the date told to that unit or finer in this sentence or the one before, past a
        coarser date told in between (the autumn, the quarter); None when the nearest date is
        that fine, or none that fine was told that near. "The same night", "that day" (no
        count) name a day told, however far back, past years told since (which cannot hold
        them; a month told since can: "in October 1998 ... that same day")."""
        r = self.mentions[i].recipe
        rank = cal.GRAN_RANK.get(str(r.get("unit")))
        if r.get("kind") != "shift" or rank is None or rank > cal.GRAN_RANK["month"]:
            return None
        told = self.story_dates_before(i)
        j, g = next(told, (None, ""))
        if j is None or cal.GRAN_RANK.get(g, rank) <= rank:
            return None  # the nearest date is that fine (or none): the usual search finds it
        same_day = not r.get("count") and r.get("unit") == "day"
        # (not a date counted from the story's: "warned in July. That quarter, shares fell,
        # and it announced a buyback the following month": August)
        own = same_day and self.sent(j) == self.sent(i) and j not in self.told
        for k, gk in told:
            if own and self.sent(k) < self.sent(i):
                # "had released findings in late September, sending shares up 40% that day":
                # the date its own sentence tells, however coarse, not a day told before it
                return None
            far = self.sent(k) < self.sent(i) - 1
            if far and not (
                same_day
                and (
                    cal.GRAN_RANK.get(g, 0) >= cal.GRAN_RANK["year"]
                    # ("held on Monday ... [backstory] in August 1945 ... On the same day, a
                    # banquet was given": the day of the story's lead, not of the backstory)
                    or (gk == "day" and self.opening(k))
                )
            ):
                return None
            if far and cal.GRAN_RANK.get(gk, 0) < cal.GRAN_RANK["year"] and gk != "day":
                return None  # "in October 1998 ... that same day": of that month, if unsure
            if cal.GRAN_RANK.get(gk, rank + 1) <= rank:
                return k
        return None

    def near_or_lead(self, j: int, i: int) -> bool:
        """Mention `j` is in the paragraph of mention `i` or the one before, or in the lead:
        the first paragraph that tells a day, when it is among the first three (a headline, a
        dateline, then the lead)."""
        if self.paragraph(i) - self.paragraph(j) <= 1:
            return True
        if self.lead is None:
            first = next(
                (k for k, m in enumerate(self.mentions) if recipe_granularity(m.recipe) == "day"),
                None,
            )
            self.lead = self.paragraph(first) if first is not None else -1
            if self.lead > 2:
                self.lead = -1
        return self.paragraph(j) == self.lead

    def opening(self, k: int) -> bool:
        """Mention `k` is in the story's opening: its headline, dateline or lead paragraph
        (the first three)."""
        return self.paragraph(k) <= 2

    def day_of_own_clause(self, i: int) -> int | None:
        """The day told just before a time of day in its own sentence and clause ("for Tuesday
        evening at 6:30"), whatever the two clauses' tenses; None if there is none."""
        m = self.mentions[i]
        for j, g in _dates_before(self.mentions, i, self.flashbacks):
            if self.sent(j) != self.sent(i) or m.start - self.mentions[j].end > _CLAUSE_WINDOW:
                return None
            if g == "day":
                between = self.text[self.mentions[j].end : m.start]
                return None if _OTHER_CLAUSE.search(between) else j
        return None

    def day_later_in_sentence(self, i: int) -> int | None:
        """A clock time with no day before it in its sentence, and one named later in it
        ("stretched past 1 a.m., the council early Wednesday approved", "The march, which
        began at 10 a.m., coincided with Bastille Day"): that day, else None."""
        for j in range(i - 1, -1, -1):
            if self.sent(j) != self.sent(i):
                break
            if recipe_granularity(self.mentions[j].recipe) == "day":
                return None
        for j in range(i + 1, len(self.mentions)):
            if self.sent(j) != self.sent(i):
                return None
            other, m = self.mentions[j], self.mentions[i]
            if (
                recipe_granularity(other.recipe) == "day"
                and _own_day(other.recipe)
                and not other.recipe.get("time_of_day")
                and other.tense == m.tense
            ):
                # (in its clause: not "opened at 5 p.m. after a pause, which they spent over
                # Christmas")
                return None if _OTHER_CLAUSE.search(self.text, m.end, other.start) else j
        return None

    def same_unit_named(self, i: int) -> int | None:
        """ "will report second-quarter earnings on Monday ... booked in that quarter": "that
        quarter" ("that month", "that week", "that year") names the unit told in this sentence
        or the one before, past a finer date told since; None when none was."""
        r = self.mentions[i].recipe
        unit = r.get("unit")
        if r.get("kind") != "shift" or r.get("count") or unit not in _NAMED_UNITS:
            return None
        # ("After the 2013 test, trade rebounded by the end of that year": a year naming a
        # thing is the year "that year" names)
        that = self.mentions[i].text.lower().startswith("that")
        for j, g in self.story_dates_before(i, names=unit == "year", since=that):
            if self.sent(j) < self.sent(i) - 1:
                # ("In the winter of 1951, ... [paragraphs] Kruse was 11 that year": the
                # year last written, however far back, not a weekday's of the publication)
                return self._year_written_before(j) if unit == "year" else None
            if g == unit:
                return j
            if unit == "year" and is_absolute(self.mentions[j]):
                # "established in June 2009 ..., after a test in May of that year", "in
                # Beijing in March 2018. Kim returned in May and June of that year": the year
                # the date told names (past a month whose year was not told)
                return j
        return None

    def _year_written_before(self, k: int) -> int | None:
        """The nearest mention from `k` back that writes its year ("the winter of 1951", "in
        2012"), not one naming a thing or a span, and not a limit or a bound."""
        for j in range(k, -1, -1):
            m = self.mentions[j]
            if is_absolute(m) and m.recipe.get("kind") != "range" and not self._target(j, None):
                return j
        return None

    def date_before(self, i: int) -> tuple[int | None, str]:
        return next(_dates_before(self.mentions, i, self.flashbacks), (None, ""))

    def dated_before(self, i: int) -> int | None:
        """The date "a year earlier" counts from when one is told just before it: the previous
        date, in this sentence or the one before, if it names its own year ("in 2019", "on
        March 3, 2012") or is counted from the story's ("The previous year she nearly quit. A
        decade earlier ..."). Else None: in a report on a quarter "a year earlier" is that
        quarter's."""
        j, _g = self.date_before(i)
        if j is None or self.sent(j) < self.sent(i) - 1:
            return None
        if _SINCE.search(self.text, max(0, self.mentions[j].start - 8), self.mentions[j].start):
            # "its lowest level since April 2008. Wages rose 2.2 percent from a year earlier":
            # a record's bound, not the time the figures are of
            return None
        r = self.mentions[j].recipe
        last_year = r.get("kind") == "shift" and r.get("unit") == "year" and not r.get("base")
        # "Last year, strikes cost 400 million, up from 150 million a year earlier": 2021
        if is_absolute(self.mentions[j]) or j in self.told or last_year:
            return j
        # "prices rose 3.1% in November from a year earlier": the month of the figure, a year
        # before (the same sentence only: a month told before is no reporting period)
        month = r.get("kind") == "date" and bool(r.get("month")) and not r.get("day")
        return j if month and self.sent(j) == self.sent(i) else None

    def story_unit_before(self, i: int) -> int | None:
        """The mention that "the next year", "the end of the month" in a past-tense clause
        count from: the date just before it in this or the two sentences before, when that
        date is a named one (a year, a month, a day, a weekday) or one counted from the story's
        ("won it back the next year" after "in 2004"; "by the end of the month" after "in
        August"); a coarser one than the expression's unit is counted from all the same, the
        value kept at its granularity and marked uncertain ("opened in June 2001. The next
        week": 2001-06), but not a decade or a century. None (counted from the anchor, as
        "next year" is) when the clause is not past: "will hire more over the next year"
        looks ahead from the publication."""
        m = self.mentions[i]
        if m.tense != "past":
            return None
        unit = "month" if m.recipe.get("nth") else m.recipe.get("unit")  # "of the month"
        rank = cal.GRAN_RANK.get(str(unit or recipe_granularity(m.recipe)))
        finer = self.unit_told_just_before(i)
        told = self.year_bases(i) if unit == "year" else self.story_dates_before(i)
        j, g = next(told, (None, ""))
        if finer is not None:
            j, g = finer, recipe_granularity(self.mentions[finer].recipe) or ""
        if j is None or self.sent(j) < self.sent(i) - 2:
            return None
        if rank is None or cal.GRAN_RANK.get(g, rank + 1) > max(rank, cal.GRAN_RANK["year"]):
            return None  # "in the 1990s": no unit of it to count from
        if self.mentions[j].recipe.get("kind") not in ("date", "weekday") and j not in self.told:
            return None  # "a year ago", "last week": a comparison with now, not a story's date
        return j


#: A relative clause opening after a comma: ", who took office on May 10".
_RELATIVE_CLAUSE = re.compile(r",\s+(?:who|which)\s")
#: Where such a clause may have ended before a date: a semicolon, a dash, a line.
_CLAUSE_END = re.compile(r"[;\n]|\s[–—]\s")

#: A part of the week of the day told before it: "later in the week".
_IN_THE_WEEK = re.compile(r"(?:later|earlier)\s+in\s+the\s+week", re.IGNORECASE)

#: The units "that quarter" (month, week, year) names when one was told just before.
_NAMED_UNITS = ("week", "month", "quarter", "year")

#: Days from the last day of a quarter back to its middle.
_HALF_QUARTER = 45


def _quarter_middle(day: TimexRecipe) -> TimexRecipe:
    """The middle of the three months that end on `day`: "the quarter ended July 31" (May to
    July) is the calendar quarter most of it lies in, the second, not the one of its last day;
    a quarter that ends with a calendar one ("ended Sept. 30") stays that quarter."""
    middle: TimexRecipe = {"kind": "shift", "unit": "day", "count": -_HALF_QUARTER, "base": day}
    for key in ("tense", "earlier_mention"):
        if key in day:
            middle[key] = day[key]
    return middle


#: Placeholders that link a mention to the story's own time (not "topic": a report's period).
_STORY_LINKS = ("prev", "prev_day", "prev_day_sentence", "prev_past", "prev_dated")


def link_context(
    mentions: list[TimexMention],
    text: str,
    bounds: list[int],
    flashbacks: Collection[int] = (),
    stamps: dict[int, int | None] | None = None,
) -> None:
    """Replace the `base` placeholders and `topic` flags of context-relative recipes
    (`bounds`: the text's `sentence_bounds`; `flashbacks`: mentions in a past-perfect clause,
    passed over when a later one looks for the story's date, see `_dates_before`; `stamps`:
    the clock times heading the entries of a live blog, see `entry_stamps`)."""
    story = _Told(mentions, bounds, text, flashbacks)
    sent = story.sent
    stamps = stamps or {}

    for i, m in enumerate(mentions):
        r = m.recipe
        base = r.get("base")
        if i in stamps and isinstance(base, str):
            # "9:05 a.m.: Logan airport said ...": an entry of the blog's own day, the last
            # entry heading's that names one ("Thursday, 5:02 p.m.:"), else publication's;
            # never a day some earlier entry talked about
            days = [d for j, d in stamps.items() if j <= i and d is not None and d != i]
            if days:
                told = _frozen(mentions[max(days)])
                told.pop("time_of_day", None)
                r["base"] = told
            else:
                del r["base"]
            r.pop("guessed_day", None)
            continue
        compared = False  # a figure compared with its month a year before: no story date
        if base == "next_day":
            # the day written next; after a clock time, past the same time in another zone
            # ("7 a.m. local time (0500 GMT) on Nov. 24"), else of the context as usual
            after_zone = r.pop("day_after_zone", False)
            span_end = r.pop("day_of_span_end", False)
            written_after = r.pop("day_written_after", False)
            told_next = next(
                (
                    j
                    for j in range(i + 1, min(i + (3 if after_zone else 2), len(mentions)))
                    if sent(j) == sent(i)
                    and recipe_granularity(mentions[j].recipe) == "day"
                    and (
                        _own_day(mentions[j].recipe)
                        if span_end
                        else not mentions[j].recipe.get("time_of_day")
                    )
                ),
                None,
            )
            if told_next is not None:
                told = _frozen(mentions[told_next])
                told.pop("time_of_day", None)
                r["base"] = _quarter_middle(told) if r.get("unit") == "quarter" else told
                if after_zone and i > 0:
                    _zone_day(r, mentions[i - 1], m, text)
            elif after_zone or span_end or written_after:
                r["base"] = "prev_day"
            else:
                del r["base"]
            base = r.get("base")
        if base == "prev_past":
            # "have fallen since the start of the year", "had been saying since the start of
            # the month": the time up to now (or to the story's now), the publication's unit
            since = _SINCE.search(text, max(0, m.start - 8), m.start) is not None
            found = None if since else story.story_unit_before(i)
            if (
                found is None
                and i > 0
                and _IN_THE_WEEK.fullmatch(m.text)
                and sent(i - 1) == sent(i)
                and recipe_granularity(mentions[i - 1].recipe) == "day"
            ):
                # "will land on Wednesday, followed by a second landing later in the week":
                # the week of the day just told in its sentence, whatever the tense
                found = i - 1
            if (
                found is not None
                and r.get("time_of_day")
                and recipe_granularity(mentions[found].recipe) != "day"
            ):
                found = None  # "overnight" after "July 2022": no night of a month before
            if (
                found is not None
                and r.get("unit") in ("week", "day")
                and not r.get("count")
                and recipe_granularity(mentions[found].recipe) not in ("day", "week")
            ):
                # "before the end of the week" after "last September", "much of the week"
                # after "since 2015": no week of a month or a year told before
                found = None
            if found is None:
                del r["base"]
                if r.get("kind") == "shift":
                    r["of_context"] = True  # "the end of the year": no date told, publication's
                if r.get("kind") == "date":
                    r.pop("direction", None)  # "that summer" told of nothing: as "the summer"
            else:
                r["base"] = _frozen(mentions[found])
        elif base == "prev_dated":
            found = story.dated_before(i)
            if found is None:
                del r["base"]
            else:
                r["base"] = _frozen(mentions[found])
                r.pop("topic", None)
                if recipe_granularity(mentions[found].recipe) == "month":
                    r["keep_granularity"] = True  # November a year before, not the year
                    compared = True
        elif isinstance(base, str):
            found = story.unit_told_just_before(i) if base == "prev" else None
            if base == "prev" and found is None:
                found = story.same_unit_named(i)
            part_of_day = r.get("unit") == "day" and r.get("time_of_day") not in (None, "WE")
            if (
                part_of_day
                and found is not None
                and recipe_granularity(mentions[found].recipe) != "day"
            ):
                found = None  # "the following afternoon" after "last year": no afternoon of it
            if base.startswith("prev_day") and r.get("time_of_day"):
                found = story.day_of_own_clause(i)  # "rescheduled for Tuesday evening at 6:30"
                if found is None and ":" in str(r.get("time_of_day")):
                    found = story.day_later_in_sentence(i)
            # (then a year counted from a year naming a thing: "won the 2012 election. She
            # took office the following year"; not before a story's own: "In 2010, the court
            # struck down a 2006 statute. Four years later")
            told_before = (
                iter(())
                if found is not None
                else story.year_bases(i)
                if r.get("unit") == "year"
                else story.story_dates_before(i)
            )
            for j, g in told_before:
                if base == "prev_quarter" and g != "quarter":
                    continue
                if (
                    r.get("unit") in ("year", "decade")
                    and r.get("count")
                    and mentions[j].recipe.get("kind") == "weekday"
                ):
                    # "the snow began on a Sunday afternoon ... Seventy years later": years
                    # are not counted from a weekday (its year is only the publication's)
                    continue
                if (base.startswith("prev_day") or part_of_day) and g != "day":
                    continue
                if (
                    r.get("time_of_day") not in (None, "WE")
                    and _EDGE_DAY.search(text, max(0, mentions[j].start - 12), mentions[j].start)
                    and not (sent(j) == sent(i) and WHEN_CLAUSE.match(text, mentions[j].end))
                ):
                    # "three months ended March 31 ... on a call at 8 a.m.": no call day (but
                    # "until Oct. 26, when Valdera host Atletico at 9 p.m.": that day's)
                    continue
                if (
                    ":" in str(r.get("time_of_day", ""))
                    and sent(j) != sent(i)
                    and mentions[j].text.endswith(("'s", "’s"))
                ):
                    # "results from Thursday's referendum showed ... It recovered by 5 p.m.":
                    # a day named for a noun in another sentence is no day the time is on
                    continue
                if (
                    base == "prev_day_sentence"
                    and sent(j) != sent(i)
                    and not (
                        # "will travel to New Delhi on Monday. He is due to land in the late
                        # afternoon": an itinerary's day told just before
                        sent(j) == sent(i) - 1 and m.tense == mentions[j].tense == "future"
                    )
                ):
                    break
                if r.get("time_of_day") and story.in_relative_clause(j):
                    # "held talks with Yoon, who took office on May 10. Yoon hosted a dinner
                    # that night": Saturday's night, not the day a relative clause told of
                    continue
                if (
                    r.get("time_of_day")
                    and not _ANAPHORIC.match(m.text)
                    and not _ANAPHORIC.match(text, m.end)
                    and not story.near_or_lead(j, i)
                ):
                    # "... in 2017 on Sunday. [a paragraph of backstory] Moon convened a
                    # meeting at 1:30 p.m.": a day told paragraphs back is no day of this
                    # time, unless the lead told it (the day the story is about)
                    continue
                if (
                    r.get("time_of_day")
                    and sent(j) == sent(i)
                    and ":" in str(mentions[j].recipe.get("time_of_day", ""))
                    and _other_time(m.tense, mentions[j].tense)
                ):
                    # "Polls opened at 9 a.m. and will close at 8 p.m.": the earlier time's
                    # day, told of the past, is not the day of one still to come
                    continue
                if (
                    r.get("time_of_day")
                    and sent(j) != sent(i)
                    and _other_time(m.tense, mentions[j].tense)
                ):
                    # ("The performance begins at 2:30 p.m." after a decree issued on Ash
                    # Wednesday 2021: a timetable of now, not of that day)
                    break  # "will report on Feb. 8. Its shares closed at 4 p.m.": not that day
                found = j
                break
            if (
                found is not None
                and r.get("or_length")
                and m.text.lower().endswith(" on")
                and story.paragraph(found) < story.paragraph(i)
            ):
                # "Five years on, ..." opening its own paragraph: since what? ("Two days
                # later" there goes on from the last paragraph's date)
                found = None
            if found is None:
                del r["base"]
                if r.get("time_of_day") == "24:00" and m.tense == "past" and not r.get("count"):
                    # "the contract expired at midnight", told of no day: the midnight that
                    # began the publication day (the day before's 24:00), not the one to come
                    r["count"] = -1
                if r.get("kind") == "date":
                    r.pop("direction", None)  # "the following spring" told of nothing: "the spring"
                if r.pop("or_length", False):
                    # "Ten years on, ..." after no date: a length since something untold
                    m.type, m.tense = "DURATION", None
                    m.recipe = rules_duration.duration_recipe(
                        abs(r.get("count") or 0), str(r["unit"])
                    )
                    continue
            else:
                r.pop("or_length", None)
                r["base"] = _frozen(mentions[found])
                if base.startswith("prev_day") and r.get("time_of_day"):
                    day = mentions[found]
                    near = sent(found) == sent(i) and m.start - day.end <= _CLAUSE_WINDOW
                    _time_of_day(r, day, text[day.end : m.start] if near else "\n")
        if compared:
            story.compared.add(i)
        elif base in _STORY_LINKS and isinstance(r.get("base"), dict):
            # (not "rose in October from a year earlier": a figure compared, no story date)
            story.told.add(i)
        if r.get("topic"):
            _link_topic(mentions, i, sent)


def link_speech_day(mentions: list[TimexMention], text: str, bounds: list[int]) -> None:
    """A "tomorrow" or "Friday" inside a quotation counts from the day the quotation was
    spoken when its reporting clause says it (`narrative.speech_day`)."""

    def same_sentence(i: int, j: int) -> bool:
        a = bisect.bisect_right(bounds, mentions[i].start)
        return a == bisect.bisect_right(bounds, mentions[j].start)

    def is_day(j: int) -> bool:
        return recipe_granularity(mentions[j].recipe) == "day"

    for i, j in speech_day(mentions, text, same_sentence, is_day).items():
        mentions[i].recipe["base"] = _frozen(mentions[j])


def _link_topic(mentions: list[TimexMention], i: int, sent: Any) -> None:
    """Resolve a `topic` flag: the reporting period of the story becomes the base of "a year
    earlier", "the year-ago period", "the latest period"... That is the quarter or half named
    nearby (this or the previous sentence, or later in this one), else the first one of the
    document; a nearby "first nine months" makes "a year earlier" a plain year instead."""
    r = mentions[i].recipe
    si = sent(i)
    only = bool(r.get("topic_only"))
    found, months = None, False
    nearby = [*range(i - 1, -1, -1), *range(i + 1, len(mentions))]
    for j in nearby:
        if (j < i and sent(j) < si - 1) or (j > i and sent(j) != si):
            continue
        if not only and _is_months(mentions[j]):
            months = True
            if r.pop("period", None):  # "the year-earlier period" after "the nine months"
                mentions[i].type = "DURATION"
                count = mentions[j].recipe["count"]
                mentions[i].recipe = {"kind": "dur", "count": count, "unit": "M", "derived": True}
                return
            break
        if _is_topic(mentions[j]):
            found = j
            break
    if found is None and not months:
        found = next((j for j in range(i) if _is_topic(mentions[j])), None)
    default = None if months else r.pop("topic_default", None)
    r.pop("topic", None)
    r.pop("topic_only", None)
    r.pop("topic_default", None)
    r.pop("period", None)
    if found is not None:
        r["base"] = _frozen(mentions[found])
        r["keep_granularity"] = True
    elif default is not None:
        chosen = default.copy()
        chosen["derived"] = True
        if r.get("mod"):
            chosen["mod"] = r["mod"]
        mentions[i].recipe = chosen


#: A time of day that points back to a day told, however far before: "that morning", "the
#: same evening", "the following night", "6:30 that morning" (the clock time before its day).
_ANAPHORIC = re.compile(
    r"\s*(?:that|the\s+(?:same|previous|following|next))\s+(?:day|morning|afternoon|evening|night)\b",
    re.IGNORECASE,
)


#: What separates two clauses between a day and a later time of day: a sentence or semicolon,
#: a line, a contrast ("but", "while", "although") or a new clause ("and", "which" after a comma).
_OTHER_CLAUSE = re.compile(
    r"[.!?;:][\"”’')]*\s|\n|,?\s+(?:but|while|although|though|whereas|yet)\s|"
    r",?\s+(?:and|then)\s|,\s+(?:which|who|when)\s|\s[–—-]{1,2}\s",
    re.IGNORECASE,
)


#: How far (characters) a day may lie before a time of day and still be read as its clause's
#: (farther, or in another sentence, it is another clause; keeps linking linear in the text).
_CLAUSE_WINDOW = 300


def _hour(t: Any) -> int | None:
    """The hour of a recipe's clock time ("02:22" → 2), None for a part of the day."""
    return int(t[:2]) if isinstance(t, str) and re.fullmatch(r"\d\d:\d\d", t) else None


#: Between the two clock times of a span: "from 8 p.m. to 6 a.m.", "10 p.m.-5 a.m.".
_RANGE_TO = re.compile(r"\s*(?:to|until|till|and|through|[–—-])\s*", re.IGNORECASE)


def _time_of_day(r: TimexRecipe, day: TimexMention, between: str) -> None:
    """A time of day counted from the day mentioned before it: its own clause's day. After a
    night or an evening, a small hour is the next day's ("on Monday night ... at 2:22 a.m." is
    early Tuesday). A day from another clause or sentence is only a guess (`guessed_day`: the value
    is marked uncertain); one in the same clause ("On Wednesday, at 2 a.m.") is not."""
    hour, day_t = _hour(r.get("time_of_day")), day.recipe.get("time_of_day")
    late = day_t in ("NI", "EV") or (_hour(day_t) or 0) >= 18
    # "from 8 p.m. to 6 a.m.": a span's end before its evening start is the next morning's
    until = _hour(day_t) is not None and _RANGE_TO.fullmatch(between) is not None
    early = hour is not None and (hour < 6 or (until and hour < (_hour(day_t) or 0)))
    if early and late and r.get("count", 0) == 0:
        r["count"] = 1
    if _OTHER_CLAUSE.search(between):
        r["guessed_day"] = True


#: A part of a day written before the day: "the early hours of Wednesday", "the morning of
#: March 3", "the night of Dec. 31".
_PART_OF = re.compile(
    r"\bthe\s+(?:(?:(?:very\s+)?early|small|wee|late)\s+hours"
    r"|(?:(?:early|late|mid)[\s-]+)?(?:morning|afternoon|evening|night))\s+of\s+$",
    re.IGNORECASE,
)


def _other_time(own: str | None, told: str | None) -> bool:
    """A time of day in a clause of tense `own` cannot take the day of an earlier sentence of
    tense `told`: a present or future time no past day, a past time no future day."""
    return (own in ("present", "future") and told == "past") or (own == "past" and told == "future")


def _own_day(recipe: TimexRecipe) -> bool:
    """A clock time that names its day ("4 p.m. EDT on Monday"), not one counted from
    another's."""
    return recipe.get("kind") in ("weekday", "date") or (
        recipe.get("kind") == "shift" and not isinstance(recipe.get("base"), str)
    )


#: Words that make a present clause a habit: "usually in March", "typically runs from June".
_HABIT = re.compile(rf"\b(?:{_HABIT_WORDS}|traditionally)\b", re.IGNORECASE)


#: A turn between a habit and what happened once: "usually in June, but that year ...".
_BUT = re.compile(
    r"\bbut\b|\byet\b|\bwhile\b|\bwhereas\b|;|,\s+(?:so|although|though)\s"
    r"|,\s+and\s+(?:the|a|an|officials|they|he|she|it|we|I|[A-Z]\w*)\b",
)
#: A year's recurrence said after the date: "runs from Dec. 1 to Nov. 30 each year".
_EACH_YEAR_AFTER = re.compile(r"\b(?:each|every)\s+year\b|\bannually\b", re.IGNORECASE)
#: A comparison with the yearly habit: "in June, as it does every year".
_AS_BEFORE = re.compile(r"\bas\s+(?:[a-z]+\s+){0,2}$", re.IGNORECASE)
#: ... or before it: "held every year on July 14".
_EVERY_YEAR_ON = re.compile(r"\b(?:each|every)\s+year\s+(?:on|in)\s+$", re.IGNORECASE)
#: A modal before the habit: what would be usual, this year not so.
_WOULD = re.compile(r"\b(?:would|could|should|might)\s+$", re.IGNORECASE)


#: Between two months of a list: "March and April 2020", "September, October 2026".
_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+)\s*")


def _share_listed_year(mentions: list[TimexMention], text: str) -> None:
    """A bare month listed before a month with its year ("in March and April 2020", "travel
    in September and October 2026", "in March and April next year") is of that year, as the
    list's last one is."""
    for i in range(len(mentions) - 2, -1, -1):
        m, nxt = mentions[i], mentions[i + 1]
        r, n = m.recipe, nxt.recipe
        if r.get("kind") != "date" or not r.get("month") or r.get("day") or not _yearless(r):
            continue
        if n.get("kind") != "date" or not n.get("month") or n.get("day"):
            continue
        if not _LIST_GAP.fullmatch(text, m.end, nxt.start):
            continue
        if n.get("year") is not None:
            r["year"] = int(n["year"])
        elif n.get("year_relative") is not None:
            r["year_relative"] = int(n["year_relative"])  # "in March and April next year"
            r.pop("strict", None)


#: The value of some weekday of an unknown week: "a Wednesday", "a Sunday afternoon".
_SOME_WEEKDAY = re.compile(r"XXXX-WXX-[1-7](?:T\w+)?")


def _weekday_of_a_date(mentions: list[TimexMention], text: str) -> None:
    """ "FEB. 3 (WEDNESDAY) - Evening reception", "on Oct. 29, a Sunday night game": a
    weekday in brackets or in apposition after a day of a month names that day, not a
    weekday of its own on the clause's side of publication."""
    for d, w in pairwise(mentions):
        if not _day_of_month(d.recipe):
            continue
        between = text[d.end : w.start]
        bracket = re.fullmatch(r"\s*\(\s*", between) and re.match(r"\s*\)", text[w.end :])
        # "on Oct. 29, a Sunday night game", "on opening day, Sept. 23, a Wednesday"
        apposed = re.fullmatch(r",\s+(?:an?\s+)?", between)
        if w.recipe.get("kind") == "weekday" and "base" not in w.recipe and (bracket or apposed):
            part = w.recipe.get("time_of_day")
        elif (
            w.recipe.get("kind") == "value"
            and _SOME_WEEKDAY.fullmatch(str(w.recipe.get("value")))
            and apposed
        ):
            part = str(w.recipe["value"]).partition("T")[2] or None
        else:
            continue
        w.recipe = copy.deepcopy(d.recipe)
        w.recipe.pop("named_weekday", None)
        if part:
            w.recipe["time_of_day"] = part
        w.tense = d.tense


def _is_weekend(recipe: TimexRecipe) -> bool:
    """ "the weekend" (this week's, not one counted from a day told)."""
    return (
        recipe.get("kind") == "shift"
        and recipe.get("unit") == "week"
        and recipe.get("time_of_day") == "WE"
        and not recipe.get("count")
    )


def _weekend_of(base: TimexRecipe) -> TimexRecipe:
    """The weekend of the week of `base` (a day, or a heading's day)."""
    return {"kind": "shift", "unit": "week", "count": 0, "time_of_day": "WE", "base": base}


def _weekend_of_days(mentions: list[TimexMention], text: str) -> None:
    """ "a hard freeze over the weekend of March 15-16", "into the weekend of July 3-4": the
    weekend those days fall in, not the one nearest publication."""
    for w, d in pairwise(mentions):
        if (
            _is_weekend(w.recipe)
            and "base" not in w.recipe
            and re.fullmatch(r"\s+of\s+", text[w.end : d.start])
            and _day_of_month(_first_day(d.recipe))
        ):
            day = copy.deepcopy(_first_day(d.recipe))
            day.pop("parts", None)
            if d.tense:
                day["tense"] = d.tense
            w.recipe = _weekend_of(day)


#: A weekday heading a line of a schedule: "TUESDAY: WASDE report at 11 a.m.", "Wednesday"
#: on a line of its own (after it, on its line, at most a part of the day and another day).
_HEADING_END = re.compile(
    r"[^\S\n]*(?::|\n|$)|[^\S\n]+(?:night|morning|afternoon|evening)\b[^\n:]{0,20}:"
    rf"|[^\S\n]+(?:and|AND|&|to|TO|-|–)[^\S\n]+(?i:{lx.WEEKDAY_RE})[^\S\n]*:"
)


#: Between two weekdays heading one line: "WEDNESDAY AND THURSDAY: ministers meet".
_HEADING_PAIR = re.compile(r"[^\S\n]+(?:and|AND|&|to|TO|-|–)[^\S\n]+")
#: What frames a schedule as one of the week just past: "Last week in the markets".
_RECAP = re.compile(r"\b(?:last|past)\s+week\b", re.IGNORECASE)
_AHEAD = re.compile(r"\b(?:next|coming|this)\s+week\b|\bweek\s+ahead\b", re.IGNORECASE)


def _schedule_headings(mentions: list[TimexMention], text: str) -> None:
    """A week's schedule written as headings ("MONDAY: export inspections at 10 a.m.",
    "Tuesday: Mostly sunny", a "WEDNESDAY" line): its days run forward from the first, each
    the first such weekday after the one before, and the first is the next one on or after
    publication (a recap of the week just past, framed by "last week" and not by a week
    ahead, counts back). Two headings at least: one line opening with a weekday may be a
    sentence without a verb."""
    heads = [
        i
        for i, m in enumerate(mentions)
        if (m.recipe.get("kind") == "weekday" or _is_weekend(m.recipe))
        and "base" not in m.recipe
        and (m.start == 0 or text[m.start - 1] == "\n")
        and _HEADING_END.match(text, m.end) is not None
    ]
    if len(heads) < 2:
        return
    for i in list(heads):
        if (
            i + 1 < len(mentions)
            and mentions[i + 1].recipe.get("kind") == "weekday"
            and _HEADING_PAIR.fullmatch(text, mentions[i].end, mentions[i + 1].start)
        ):
            heads.append(i + 1)  # "WEDNESDAY AND THURSDAY:": the second day of the heading
    heads.sort()
    before = text[: mentions[heads[0]].start]
    past = _RECAP.search(before) is not None and _AHEAD.search(before) is None
    for n, i in enumerate(heads):
        m = mentions[i]
        if _is_weekend(m.recipe):
            if n:  # "The weekend: Quiet and cold": the weekend after the days before it
                m.recipe = _weekend_of(_frozen(mentions[heads[n - 1]]))
            continue
        m.tense = "past" if past and n == 0 else "future"
        m.recipe["strict"] = True
        m.recipe.pop("span_partner", None)
        if n:
            previous = mentions[heads[n - 1]].recipe
            m.recipe["base"] = _frozen(mentions[heads[n - 1]])
            # "Wednesday: ... / Wednesday night and Thursday: ...": the same day's night
            same = previous.get("weekday") == m.recipe.get("weekday")
            m.recipe["direction"] = 0 if same and m.recipe.get("time_of_day") else 1


#: Between a year told and its months: "last year, in January and September".
_IN_THAT_YEAR = re.compile(r",?\s+(?:in|during)\s+|,\s+(?:after|before|since)\s+the\s+")


def _months_of_a_year_told(mentions: list[TimexMention], text: str) -> None:
    """ "carried out two nuclear tests last year, in January and September", "two years ago,
    in May", "the second attack this year, after the January assault": bare months told right
    after a year counted from publication are that year's
    (as "in 2014, in June and July" are 2014's through the story's time)."""
    for i, y in enumerate(mentions[:-1]):
        r = y.recipe
        count = r.get("count")
        if not (
            r.get("kind") == "shift"
            and r.get("unit") == "year"
            and isinstance(count, int)
            and "base" not in r
            and not r.get("mod")
        ):
            continue
        gap = _IN_THAT_YEAR
        for m in mentions[i + 1 :]:
            if not (
                m.recipe.get("kind") == "date"
                and m.recipe.get("month")
                and not m.recipe.get("day")
                and _yearless(m.recipe)
            ):
                break
            if gap.fullmatch(text, y.end, m.start) is None:
                break
            m.recipe["year_relative"] = count
            m.recipe.pop("strict", None)
            y, gap = m, _LIST_GAP


def _habitual_months(mentions: list[TimexMention], text: str, bounds: list[int]) -> None:
    """A bare month, season or quarter in a clause told as a habit ("The board meets
    five times a year, usually in March, June and November"; "Apple typically previews new
    versions in June") is any year's: a TIMEX3 SET without a year (XXXX-06), as TimeBank marks
    "usually conducted in the second and fourth quarters" (XXXX-Q2, XXXX-Q4). So is a day of
    a month, or a span of them, said to come "every year" ("held every year on July 14", "runs
    from Dec. 1 to Nov. 30 each year")."""
    for m in mentions:
        r = m.recipe
        ends = _yearless_ends(r)
        if m.type != "DATE" or not ends or (r.get("kind") == "date" and not follows_story(m)):
            continue
        k = bisect.bisect_right(bounds, m.start) - 1
        end = bounds[k + 1] if k + 1 < len(bounds) else len(text)
        each_year = _EACH_YEAR_AFTER.search(text, m.end, min(end, m.end + 40))
        if each_year is not None and _AS_BEFORE.search(
            text, max(0, each_year.start() - 24), each_year.start()
        ):
            each_year = None  # "will begin in June, as it does every year": this year's June
        each_year = each_year or _EVERY_YEAR_ON.search(text, max(0, m.start - 24), m.start)
        if each_year is None:
            if any(e.get("day") for e in ends):
                continue  # a day of a month is a habit's only with "each year" said
            cues = list(_HABIT.finditer(text, bounds[k] if k >= 0 else 0, m.start))
            if not cues or _BUT.search(text, cues[-1].end(), m.start):
                continue  # ("usually came in June, but that year in August": a date)
            if _WOULD.search(text, max(0, cues[-1].start() - 12), cues[-1].start()):
                continue  # "orders that would normally ship in late February": this year's
        values = [partial_value(e) for e in ends]
        if any(v is None for v in values):
            continue
        sets: list[TimexRecipe] = [{"kind": "set", "value": str(v)} for v in values]
        m.type = "SET"
        if len(sets) == 1:
            m.recipe = sets[0]
        else:
            m.recipe = {"kind": "range", "start": sets[0], "end": sets[1], "parts": r["parts"]}


def _yearless_ends(r: TimexRecipe) -> list[TimexRecipe]:
    """The date recipe, or a range's two, when none names or counts its year; else []."""
    if r.get("kind") == "date":
        ends = [r]
    elif r.get("kind") == "range" and "parts" in r:
        ends = [r["start"], r["end"]]
    else:
        return []
    for e in ends:
        if e.get("kind") != "date" or e.get("holiday") or e.get("base") or not _yearless(e):
            return []
    return ends


def _zone_day(r: TimexRecipe, local: TimexMention, m: TimexMention, text: str) -> None:
    """The time in another zone bracketed after a local one ("4:40 a.m. (2140 GMT) Thursday")
    falls on the day before or after the written day when the hours differ by more than any
    zone does (UTC-12 to UTC+14): 2140 GMT is Wednesday's."""
    hour, local_hour = _hour(r.get("time_of_day")), _hour(local.recipe.get("time_of_day"))
    if hour is None or local_hour is None or text[local.end : m.start].strip() != "(":
        return
    if local_hour - hour > 14:  # 8:30 p.m. at UTC-5 is 0130 GMT the next day
        r["count"] = 1
    elif local_hour - hour < -12:  # 4:40 a.m. at UTC+7 is 2140 GMT the day before
        r["count"] = -1


def _day_recipe(recipe: TimexRecipe) -> bool:
    """A single day (a weekday, a day of a month, a holiday, "yesterday")."""
    kind = recipe.get("kind")
    if kind == "weekday":
        return True
    if kind == "shift":
        return recipe.get("unit") == "day" and not recipe.get("granularity")
    return kind == "date" and (
        bool(recipe.get("holiday")) or bool(recipe.get("month") and recipe.get("day"))
    )


#: The units of a length recipe, largest first.
_LENGTH_ORDER = ("Y", "M", "W", "D", "H", "MIN", "S")


def _join_adjacent(chosen: list[Cand], text: str) -> list[Cand]:
    """ "seven years and six months", "two hours and 51 minutes": two whole lengths joined by
    "and", the second of a smaller unit, are one length (`P7Y6M`, `PT2H51M`); a clock time
    right before "the next morning" is a time of that morning's day."""
    out: list[Cand] = []
    for c in chosen:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.type == c.type == "DURATION"
            and re.fullmatch(r",?\s+and\s+", text[prev.end : c.start])
            and _whole_length(prev.recipe)
            and _whole_length(c.recipe)
            and _LENGTH_ORDER.index(str(prev.recipe["unit"]))
            < _LENGTH_ORDER.index(str(c.recipe["unit"]))
        ):
            # "P7Y" + "P6M", "PT2H" + "PT51M", "P3D" + "PT12H": the second without its "P"
            # (and its "T" when the first already has one)
            first, second = duration_value(prev.recipe), duration_value(c.recipe)
            value = first + (second[2:] if first.startswith("PT") else second[1:])
            recipe: TimexRecipe = {"kind": "value", "value": value}
            if prev.recipe.get("mod"):
                recipe["mod"] = prev.recipe["mod"]
            out[-1] = Cand(prev.start, c.end, "DURATION", recipe, prev.priority, "joined_lengths")
            continue
        if (
            prev is not None
            and prev.type == "TIME"
            and c.type in ("TIME", "DATE")
            and prev.recipe.get("base") == "prev_day"
            and ":" in str(prev.recipe.get("time_of_day", ""))
            and c.recipe.get("base") == "prev"
            and c.recipe.get("count")
            and c.recipe.get("unit") == "day"
            and c.recipe.get("time_of_day", "MO") in _DAY_PARTS
            and re.fullmatch(r",?\s+", text[prev.end : c.start])
        ):
            # "shortly after 6 a.m. Central time the next morning", "end at 7am the following
            # day": the clock time of the day after the one told, one expression as "6 a.m.
            # on Tuesday" is
            recipe = {**c.recipe, "time_of_day": prev.recipe["time_of_day"]}
            if prev.recipe.get("mod"):
                recipe["mod"] = prev.recipe["mod"]
            out[-1] = Cand(prev.start, c.end, "TIME", recipe, prev.priority, "clock_of_day_told")
            continue
        years = c.recipe.get("count")
        if (
            prev is not None
            and c.recipe.get("kind") == "shift"
            and c.recipe.get("unit") == "year"
            and isinstance(years, int)
            and years < 0
            and "base" not in c.recipe
            and re.fullmatch(r"\s+", text[prev.end : c.start])
        ):
            recipe = copy.deepcopy(prev.recipe)
            if _SAME_UNIT.fullmatch(text, prev.start, prev.end) is not None:
                # "up 40 percent from the same weekend last year", "the same week two years
                # ago": that unit so many years before, one expression (the week of the same
                # number, 52 weeks a year back)
                recipe.pop("base", None)
                recipe["count"] = years * (12 if recipe.get("unit") == "month" else 52)
            elif (
                recipe.get("kind") == "date"
                and (recipe.get("quarter") or recipe.get("half"))
                and _yearless(recipe)
            ):
                recipe["year_relative"] = years  # "in the April-June period last year"
                recipe.pop("strict", None)
            else:
                out.append(c)
                continue
            out[-1] = Cand(prev.start, c.end, prev.type, recipe, prev.priority, "unit_years_before")
            continue
        out.append(c)
    return out


#: "the same weekend", "the same week", "the same month" (before "last year").
_SAME_UNIT = re.compile(r"the\s+same\s+(?:weekend|week|month)", re.IGNORECASE)

#: The parts of a day ("MO" morning ... "NI" night) a clock time may be written before.
_DAY_PARTS = ("MO", "MI", "AF", "EV", "NI", "DT")


def _whole_length(recipe: Any) -> bool:
    count = recipe.get("count")
    return (
        recipe.get("kind") == "dur"
        and str(recipe.get("unit")) in _LENGTH_ORDER
        and isinstance(count, (int, float))
        and count == int(count)
        and count > 0
    )


def drop_day_part_prefixes(chosen: list[Cand], text: str) -> list[Cand]:
    """ "the early hours of Wednesday" is a time of that Wednesday, not a length of hours: the
    part of the day before a day gives way and the day stands as the date, as TimeML marks it
    (the day alone, with the day's value)."""
    drop: set[int] = set()
    for c in chosen:
        if c.type not in ("DATE", "TIME") or not _day_recipe(c.recipe):
            continue
        m = _PART_OF.search(text, max(0, c.start - 40), c.start)
        if m is None:
            continue
        inside = [o for o in chosen if o is not c and o.start < c.start and o.end > m.start()]
        if all(o.start >= m.start() for o in inside):
            drop.update(id(o) for o in inside)
    return [c for c in chosen if id(c) not in drop]


#: A date a past verb moved something to: "pushed back to no earlier than March", "postponed
#: to May": where it now lies, which the past of the moving does not decide.
_SET_TO = re.compile(r"\bto\s+(?:no\s+(?:earlier|later|sooner)\s+than\s+)?$", re.IGNORECASE)
#: A past perfect right after a date: "by 2010 it had cut 300 jobs", a state the story reached.
_HAD_AFTER = re.compile(r"\s*,?\s+(?:[A-Za-z]+\s+){0,3}had\s+(?!to\b)[a-z]+(?:ed|en|ne|wn|t)\b")
#: A span's start before a date: "starting in late April", "beginning on Monday".
#: A plan in the present before a day of a month: "is due to expire on", "are set to vote by".
_DUE_AHEAD = re.compile(
    r"\b(?:is|are|['’]s)\s+(?:due|scheduled|set|slated)\s+to\s+[a-z]+\b[^.;:!?\n]{0,40}?"
    r"\s(?:on|by|before)\s+$"
)
_STARTING = re.compile(r"\b(?:starting|beginning)(?:\s+(?:on|in|at))?\s+$", re.IGNORECASE)
#: A day that bounds a period rather than one something happened on: "the three months
#: ended March 31", "shares have fallen since Sept. 12".
_EDGE_DAY = re.compile(r"\b(?:ended|ending|since|through|until|till)\s+$", re.IGNORECASE)
#: "since" right before a date: the time up to now.
_SINCE = re.compile(r"\bsince\s+$", re.IGNORECASE)
#: A day something was put off or moved to: "postponed the auction to Oct. 31", "delayed the
#: vote until March".
_MOVED_TO = re.compile(
    r"\b(?:postpon|delay|defer|push(?:ed|es|ing)?\s+back|resched|adjourn|extend|moved|brought\s+forward)"
    r"\w*\b[^.;!?]{0,40}?"
    r"\b(?:to|until|till)\s+$",
    re.IGNORECASE,
)
#: A day a deadline or a start was set for: "setting a deadline of March 23", "set an Aug. 26
#: start date for the trial" - set in the past, it may lie on either side of publication.
_DEADLINE_NOUN = r"(?:deadline|(?:target|due|start|launch|closing)\s+date)"
_DEADLINE_OF = re.compile(rf"\b{_DEADLINE_NOUN}\s+(?:of|for|on|is|was)\s+$", re.IGNORECASE)
_DEADLINE_AFTER = re.compile(rf"\s+(?:as\s+(?:the|a|its)\s+)?{_DEADLINE_NOUN}\b", re.IGNORECASE)
#: "by" before a bare month or season in a present or tenseless clause: a limit ahead.
_BY_AHEAD = re.compile(r"\bby\s+(?:(?:early|late|mid)[\s-]+)?$", re.IGNORECASE)
#: "by" right before a date: a limit, something to be done by then ("until", a time something
#: lasted to, may well be counted from: "runs until Friday and the following day").
_BY = re.compile(r"\bby\s+$", re.IGNORECASE)


#: A plain year before a noun ("the 2015 agreement") and the article or possessive before it.
_ATTRIBUTIVE_YEAR = re.compile(r"(?<=\d\d\d\d)\s+(?!and\b|or\b|to\b)[a-z]")
_THE_BEFORE = re.compile(r"(?:\bthe|\ban?|['’]s|\bits|\btheir)\s+$", re.IGNORECASE)


#: A reporting verb right before a date: the day something was said.
_SAID_ON = re.compile(
    r"\b(?:said|says|recalled|recalls|told\s+\w+|added|wrote|tweeted|announced)\s+(?:on\s+)?$",
    re.IGNORECASE,
)
#: Words before "the end of X" that make it a deadline ("by the end of January").
_DEADLINE = re.compile(r"\b(?:by|before|until|till|through|no\s+later\s+than)\s+$", re.IGNORECASE)


#: "in five years", "in just two weeks": a length after "in" ...
_IN_LENGTH = re.compile(r"\bin\s+(?:just\s+|only\s+)?$", re.IGNORECASE)
#: ... unless it measures back to a record or a first time ("the lowest level in two years",
#: "for the first time in a decade", "the best month in three years").
_RECORD_BEFORE = re.compile(
    r"\b(?:first|time|record|\w+est|most|least|best|worst|only|ever)\b[^.;:!?]{0,40}$",
    re.IGNORECASE,
)
_LENGTH_UNITS = {"Y": "year", "M": "month", "W": "week", "D": "day"}


def _length_ahead(m: TimexMention, text: str, doc: Any) -> None:
    """ "will be redeemed in five years": a length after "in" in a clause that looks ahead is the
    time it ends, counted from now (TIMEX3 writes it as a date, as "five years from now"); a
    length in any other clause stays a length."""
    r = m.recipe
    unit = _LENGTH_UNITS.get(str(r.get("unit")))
    count = r.get("count")
    if r.get("kind") != "dur" or unit is None or r.get("mod") or not count or count != int(count):
        return
    if re.match(r"(?:the|its|their|his|her|this|that|our)\b", m.text, re.IGNORECASE):
        return  # "in the year ending June 30": a named period, no count from now
    if "-" in m.text and re.match(r"[\s-]+[a-z]", text[m.end : m.end + 3]):
        return  # "in five-year increments": a length naming a noun's
    after = text[m.end : m.end + 12]
    if re.match(r"\s+of\b", after) or (
        re.match(r"an?\b", m.text, re.IGNORECASE)
        and not re.match(r"['’]s\s+time|\s*(?:[.,;:)]|$)", after)
    ):
        return  # "in five years of talks", "in a year on track to be the warmest": a noun
    lo = max(0, m.start - 60)
    if not _IN_LENGTH.search(text, max(0, m.start - 12), m.start):
        return
    if _RECORD_BEFORE.search(text[lo : m.start - 2]):
        return
    if tense_of(text, m.start, m.end, doc) != "future":
        return
    m.type = "DATE"
    m.recipe = {"kind": "shift", "unit": unit, "count": int(count)}


#: What joins two months of one phrase: "in January and February", "in May, June or July".
_JOINED = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)")


def _share_strictness(mentions: list[TimexMention], text: str) -> None:
    """ "Production surged in January and February": a month joined to a strict one lies on
    the same side of publication (the parse hangs the second on the first, not on the verb)."""
    for prev, m in pairwise(mentions):
        if (
            prev.recipe.get("strict")
            and not m.recipe.get("strict")
            and _tense_directed(prev.recipe)
            and _tense_directed(m.recipe)
            and _JOINED.fullmatch(text, prev.end, m.start)
        ):
            m.recipe["strict"] = True
            m.tense = prev.tense


#: A live blog's entry heading: a clock time opening its line ("9:05 a.m.: ...", "Update,
#: 12:30 p.m. ET: ...", "Thursday, 5:02 p.m. — ..."), then a colon or a dash.
_STAMP_BEFORE = re.compile(
    rf"[ \t]*(?:(?:update|updated)[,:]?[ \t]+)?(?:{lx.WEEKDAY_RE},?[ \t]+)?", re.IGNORECASE
)
_STAMP_AFTER = re.compile(r"[ \t]*(?:\(?[A-Z]{2,4}\)?[ \t]*)?(?::(?!\d)|[—–]|\s-\s)")


def entry_stamps(mentions: list[TimexMention], text: str) -> dict[int, int | None]:
    """The clock times that head the entries of a live blog (`_STAMP_BEFORE`, `_STAMP_AFTER`),
    each with the weekday written before it on its line, if any ("Thursday, 5:02 p.m.:"):
    the day of an entry is the blog's (see `link_context`), and a weekday heading one names
    a day that has begun (in Friday's blog, "Thursday" is yesterday)."""
    found: dict[int, int | None] = {}
    for i, m in enumerate(mentions):
        tod = str(m.recipe.get("time_of_day", ""))
        if m.type != "TIME" or ":" not in tod:
            continue
        line = text.rfind("\n", 0, m.start) + 1
        if not (_STAMP_BEFORE.fullmatch(text, line, m.start) and _STAMP_AFTER.match(text, m.end)):
            continue
        heading = i - 1 if i and mentions[i - 1].start >= line else None
        if heading is not None and mentions[heading].recipe.get("kind") != "weekday":
            heading = None
        for j in (i, heading):
            if j is not None and mentions[j].recipe.get("kind") == "weekday":
                mentions[j].tense = "past"
        found[i] = i if m.recipe.get("kind") == "weekday" else heading
    return found if len(found) >= 2 else {}  # one clock time opening a line is no blog


#: Two days written as a span or a pair: "between Wednesday and Friday", "from 5 p.m.
#: Saturday until 11 a.m. Monday", "to peak on Wednesday and Thursday" (`_SPAN_OPEN` before
#: the first, `_SPAN_JOIN` between them).
_SPAN_OPEN = re.compile(r"\b(?:between|from|on)\s+(?:(?:on|at)\s+)?$", re.IGNORECASE)
_SPAN_JOIN = re.compile(
    r"\s*(?:and|to|until|till|through|thru|[-–—])\s*(?:(?:on|at)\s+)?", re.IGNORECASE
)


_DAY_NUMBER = rules_calendar.DAY_NUMBER
#: Days listed before the last with its month, after a word that opens a list of days: "on
#: 13, 14, 16 and 17 December" (the last two are one candidate, "16 and 17 December"; not
#: "aged 25, 12 December").
_DAYS_LISTED_BEFORE = re.compile(
    r"\b(?:on|from|for|until|till|between|and|including|as\s+well\s+as)\s+"
    rf"(?P<list>(?:{_DAY_NUMBER}\s*,\s*)+)$",
    re.IGNORECASE,
)
#: ... or after the first with its month: "on Dec. 13, 14, 16 and 17," (a list ends with
#: "and" and then its clause: not "On Dec. 13, 14 people were hurt").
_DAYS_LISTED_AFTER = re.compile(
    rf"(?:\s*,\s*{_DAY_NUMBER}\b)*,?\s+(?:and|or|&)\s+{_DAY_NUMBER}\b"
    r"(?=\s*(?:[,.;:)]|$)|\s+(?:at|in|and|when|to|for|with|from|as)\b)"
)


def _listed_days(mentions: list[TimexMention], text: str) -> list[TimexMention]:
    """ "will walk out on 13, 14, 16 and 17 December", "strikes on Dec. 13, 14, 16 and 17": a
    list of days of one month, the month written once, is a date for every day of it, as
    TimeML marks them (only the one beside the month is a candidate of its own)."""
    out: list[TimexMention] = []
    for m in mentions:
        r = m.recipe
        first = r.get("start") if r.get("kind") == "range" and r.get("parts") else r
        if not (
            isinstance(first, dict)
            and first.get("kind") == "date"
            and first.get("month")
            and first.get("day")
        ):
            out.append(m)
            continue
        found: list[tuple[int, int]] = []
        if m.text[:1].isdigit():
            before = _DAYS_LISTED_BEFORE.search(text, max(0, m.start - 60), m.start)
            if before is not None:
                lo = before.start("list")
                found = [
                    (lo + d.start(), lo + d.end())
                    for d in re.finditer(_DAY_NUMBER, text[lo : m.start])
                ]
        elif r.get("kind") == "date" and m.text[:1].isalpha() and r.get("year") is None:
            after = _DAYS_LISTED_AFTER.match(text, m.end)
            if after is not None:
                found = [
                    (m.end + d.start(), m.end + d.end())
                    for d in re.finditer(_DAY_NUMBER, text[m.end : after.end()])
                ]
        listed = []
        for start, end in found:
            day = copy.deepcopy(first)
            day.pop("named_weekday", None)
            day["day"] = int(text[start:end])
            listed.append(TimexMention(start, end, text[start:end], "DATE", day))
        out.extend(d for d in listed if d.start < m.start)
        out.append(m)
        out.extend(d for d in listed if d.start > m.start)
    return out


def _plain_weekday(r: TimexRecipe) -> bool:
    return (
        r.get("kind") == "weekday"
        and r.get("direction") is None
        and not r.get("base")
        and not r.get("nth")
    )


#: Between two weekdays of one list: "next Tuesday and Wednesday", "last Monday or Tuesday".
_WEEKDAY_LIST = re.compile(r"\s*(?:,|and|or|&)\s*")


def _weekdays_after_directed(mentions: list[TimexMention], text: str) -> None:
    """ "a strike for next Tuesday and Wednesday": a bare weekday listed right after one with
    "next" or "last" is the first such day after it (not the nearest to publication)."""
    for a, b in pairwise(mentions):
        ra, rb = a.recipe, b.recipe
        if not (
            ra.get("kind") == "weekday"
            and ra.get("direction") is not None
            and not ra.get("base")
            and _plain_weekday(rb)
            and _WEEKDAY_LIST.fullmatch(text, a.end, b.start)
        ):
            continue
        days = (int(rb["weekday"]) - int(ra["weekday"])) % 7 or 7
        shifted: TimexRecipe = {"kind": "shift", "unit": "day", "count": days, "base": _frozen(a)}
        if rb.get("time_of_day"):
            shifted["time_of_day"] = rb["time_of_day"]
        b.recipe = shifted


def _link_weekday_spans(mentions: list[TimexMention], text: str) -> None:
    """Two weekdays written as one span are days of one stretch, the first on or before the
    second and less than a week apart: each carries the other (`span_partner`) so that
    `resolve` can make them agree when their clauses alone would not ("received complaints
    between Wednesday and Friday", written on that Friday: not next Wednesday)."""
    for a, b in pairwise(mentions):
        if not (_plain_weekday(a.recipe) and _plain_weekday(b.recipe)):
            continue
        if not _SPAN_OPEN.search(text, max(0, a.start - 12), a.start):
            continue
        if _SPAN_JOIN.fullmatch(text, a.end, b.start) is None:
            continue
        first, second = copy.deepcopy(a.recipe), copy.deepcopy(b.recipe)
        if a.tense:
            first["tense"] = a.tense
        if b.tense:
            second["tense"] = b.tense
        a.recipe["span_partner"] = {**second, "span_role": "end"}
        b.recipe["span_partner"] = {**first, "span_role": "start"}


#: "about" opening a date: an approximation after a preposition of time ("in about June",
#: "at about 3 p.m."), else the word of a topic ("worried about January").
_ABOUT = re.compile(r"about\s+", re.IGNORECASE)
_TIME_PREP_BEFORE = re.compile(r"\b(?:in|at|on|from|since|until|till|by|to|around|for)\s+$", re.I)


def _about_as_concerning(c: Cand, text: str) -> None:
    """ "were worried about January", "talked about 2020": "about" says what of, not how
    nearly; the date is the month or year alone, with no APPROX."""
    about = _ABOUT.match(text, c.start)
    if about is None or c.type != "DATE" or c.recipe.get("mod") != "APPROX" or c.parts:
        return
    if c.recipe.get("kind") not in ("date", "weekday"):
        return  # "Actually, about two years ago": a count, about so long
    if _TIME_PREP_BEFORE.search(text, max(0, c.start - 8), c.start) or not re.search(
        r"[A-Za-z]\s+$", text[max(0, c.start - 4) : c.start]
    ):
        return
    c.start = about.end()
    del c.recipe["mod"]


#: "early" or "late" said of a season's or holiday's arrival rather than of a part of the
#: year ("Easter is late this year", "Spring arrived early this year", "Flu season is
#: arriving early this year"): the date is "this year" alone, with no START or END.
_EARLY_LATE = re.compile(r"(?:early|late)\s+(?=this\s+year\b)", re.IGNORECASE)
#: ... said of a season or a holiday ("arriving early next week" is the week's start).
_ARRIVED = re.compile(
    r"\b(?:spring|summer|autumn|fall|winter|season|monsoon|harvest|rains|Easter|Christmas"
    r"|Ramadan|New\s+Year|festival|holiday)\s+(?:\w+\s+)?"
    r"(?:is|was|has\s+been|arrive[sd]?|arriving|came|comes?|coming|started|starts?|began|begins)\s+$",
    re.IGNORECASE,
)


def _early_late_as_predicate(c: Cand, text: str) -> None:
    """ "Easter is late this year": the lateness is Easter's; the date is "this year"."""
    word = _EARLY_LATE.match(text, c.start)
    if word is None or c.type != "DATE" or c.parts:
        return
    if not _ARRIVED.search(text, max(0, c.start - 50), c.start):
        return
    c.start = word.end()
    c.recipe.pop("mod", None)


def find_timexes(text: str, *, doc: Any = None, skip: Sequence[Span] = ()) -> list[TimexMention]:
    """DCT-free detection of every temporal expression in `text` (see the module docstring).

    `skip`: junk and publication-stamp spans to ignore. `doc`: a spaCy Doc of the same text,
    used for the tense of the governing verb; without it a regex fallback is used.
    """
    chosen = _join_adjacent(
        [
            c
            for c in drop_day_part_prefixes(select(find_candidates(text)), text)
            if c.type != NOT_A_DATE and not _overlaps(c, skip)
        ],
        text,
    )
    mentions = []
    for c in chosen:
        _about_as_concerning(c, text)
        _early_late_as_predicate(c, text)
        recipe = c.recipe
        if c.parts:
            recipe = recipe.copy()
            recipe["parts"] = [list(p) for p in c.parts]
        mentions.append(
            TimexMention(c.start, c.end, text[c.start : c.end], c.type, recipe)  # type: ignore[arg-type]
        )
    mentions = _listed_days(mentions, text)
    _weekdays_after_directed(mentions, text)
    for m in mentions:
        if m.type == "DURATION":
            _length_ahead(m, text, doc)
        if (
            m.type in ("DATE", "TIME")
            and m.recipe.get("mod") == "END"
            and _DEADLINE.search(text, max(0, m.start - 24), m.start)
            and re.match(r"the\s+end\s+of\b", m.text, re.IGNORECASE)
        ):
            m.recipe["edge"] = "last"  # "by the end of January": the deadline is its last day
        if (
            doc is not None
            and m.recipe.get("kind") == "date"
            and m.recipe.get("month")
            and _yearless(m.recipe)
            and (year := described_year(doc, m.start, m.end)) is not None
        ):
            m.recipe["year"] = year  # "The 2015 agreement, signed on July 14": 2015's
        if m.type in ("DATE", "TIME"):
            hint = m.recipe.pop("tense_hint", None)
            settled = m.recipe.pop("tense_settled", False)
            if settled:
                pass  # "will report fourth-quarter results": a period begun, whatever the verb
            elif (
                hint == "past"
                and direction_cue(text, m.start) == "future"
                and (
                    not _STARTING.search(text, max(0, m.start - 24), m.start)
                    or declared_ahead(text, m.start)
                )
            ):
                # "ahead of Thursday's hearing": not a report of what happened (but "were
                # active for five months, starting in late April" is)
                hint = "future"
            elif hint == "past" and doc is not None and possessed_ahead(doc, m.start, m.end):
                # "will cast ballots in Tuesday's election", "before Tuesday's runoff, which
                # will decide ...": a happening still to come
                hint = "future"
            if hint is None and _yearless(m.recipe):
                hint = direction_cue(text, m.start)
                if (
                    hint == "future"
                    and doc is not None
                    and _STARTING.search(text, max(0, m.start - 24), m.start)
                    and not declared_ahead(text, m.start)
                    and tense_of(text, m.start, m.end, doc) == "past"
                ):
                    hint = None  # "were active for five months, starting in late April"
                if hint == "past":
                    # "since June 30", "the quarter ended June 30": whatever the clause's
                    # verb, a day that has passed (the latest one begun by the anchor)
                    m.recipe["strict"] = True
            m.tense = hint or tense_of(text, m.start, m.end, doc)
            if (
                m.tense in ("present", None)
                and _tense_directed(m.recipe)
                and _BY_AHEAD.search(text, max(0, m.start - 24), m.start)
            ):
                m.tense = "future"  # "means a ruling probably by spring": a limit ahead
            if (
                m.tense == "past"
                and _yearless(m.recipe)
                and (
                    _MOVED_TO.search(text, max(0, m.start - 60), m.start)
                    or _DEADLINE_OF.search(text, max(0, m.start - 24), m.start)
                    or _DEADLINE_AFTER.match(text, m.end)
                )
            ):
                # "The race had been scheduled for Wednesday and was moved to Friday", "set a
                # deadline of March 23": the day it was put off or set to may lie on either
                # side of the putting off
                m.tense = None
                m.recipe.pop("strict", None)
            scheduled = (
                m.tense == "present"
                and hint is None
                and doc is not None
                # (a day of a month too: "The World Cup kicks off on June 11", written in
                # December, is next June's; a past verb's day may be a deadline set ahead,
                # a timetable's present is not)
                and (_tense_directed(m.recipe) or _day_of_month(m.recipe))
                and scheduled_present(doc, m.start, m.end)
            )
            told = (
                when_clause_tense(doc, m.end)
                if doc is not None and _tense_directed(m.recipe)
                else None
            )
            if told == "past":
                # "The move recalls October, when OPEC+ agreed to cut": a past clause that
                # tells what happened then puts it before publication (a "could" or "will" in
                # it may say what was possible then: "since June, when only a few labs could")
                m.tense = told
                m.recipe["strict"] = True
            elif scheduled:
                m.tense = "future"  # "The trial starts in May": a timetable, ahead
                m.recipe["strict"] = True
            elif hint is None and doc is not None and _tense_directed(m.recipe):
                own, direct = governing_tense(doc, m.start, m.end)
                if (
                    # (a holiday in a future clause, even through a noun: "will add extra
                    # flights over Easter", written after Easter, is next year's)
                    (direct or (own == "future" and bool(m.recipe.get("holiday"))))
                    and not _SET_TO.search(text, max(0, m.start - 30), m.start)
                    and own in ("past", "future")
                    and own == m.tense
                    and not (own == "future" and future_of_a_past_saying(doc, m.start, m.end))
                ):
                    m.recipe["strict"] = True
                elif own is None and m.tense == "past" and fronted(text, m.start):
                    # "In January, the North proposed talks" (the verb misparsed as an
                    # adjective, no verb governs): a month opening a past sentence, the last
                    m.recipe["strict"] = True
            elif (
                hint is None
                and doc is not None
                and m.tense == "past"
                and _day_of_month(m.recipe)
                and dated_on(doc, m.start, m.end)
                and governing_tense(doc, m.start, m.end)[0] == "past"
            ):
                # "was last seen on May 2" written in March: the May before, not the one
                # ahead (a day a past verb set, "extended the offer to Nov. 20", stays the
                # nearest)
                m.recipe["strict"] = True
            elif (
                hint is None
                and doc is not None
                and m.tense == "future"
                and _day_of_month(first := _first_day(m.recipe))
                and (
                    will_clause(doc, m.start, m.end)
                    # "is due to expire on 1 November", written in December
                    or _DUE_AHEAD.search(text, max(0, m.start - 70), m.start) is not None
                )
            ):
                # "the contests, on Nov. 8, will decide" written in January: the November
                # ahead, not the one just gone ("will be held from Nov. 11-22": the range's
                # first day, whose year the second takes)
                first["strict"] = True
            elif (
                hint is None
                and doc is None
                and _tense_directed(m.recipe)
                and m.tense == "past"
                and (dated_past_verb(text, m.start) or past_verb_before_object(text, m.start))
            ):
                # from the words: right after its own past verb ("the vote took place in
                # June" in March): the last June, as the parse would say
                m.recipe["strict"] = True
    _share_strictness(mentions, text)
    if doc is not None:
        frames = {
            i
            for i, m in enumerate(mentions)
            if is_absolute(m) and dates_main_clause(doc, m.start, m.end)
        }
    else:  # from the words: a date right after its past verb ("was founded on May 3, 2012")
        frames = {
            i
            for i, m in enumerate(mentions)
            if is_absolute(m) and m.tense == "past" and dated_past_verb(text, m.start)
        }
    bounds = sentence_bounds(text)
    _share_listed_year(mentions, text)
    _months_of_a_year_told(mentions, text)
    _weekend_of_days(mentions, text)
    _weekday_of_a_date(mentions, text)
    _schedule_headings(mentions, text)
    _times_of_a_set(mentions, bounds, text)
    _habitual_times(mentions, bounds, text)
    stamps = entry_stamps(mentions, text)
    perfect: set[int] = set()  # in a past-perfect clause: a flashback from the story's time
    flashbacks: set[int] = set()  # ... counted back from the story's date
    for i, m in enumerate(mentions):
        if i in stamps:
            continue  # a blog entry's heading: its day, whatever the entry's tenses
        base = m.recipe.get("base")
        story_relative = isinstance(base, str) and base != "next_day"
        if (story_relative or follows_story(m)) and past_perfect(text, m.start, m.end, doc):
            perfect.add(i)
            if story_relative:
                flashbacks.add(i)
    entries = timeline_entries(mentions, text)
    link_timeline(mentions, entries)
    link_story_time(mentions, text, frames, flashbacks, bounds, entries)
    link_context(mentions, text, bounds, flashbacks, stamps)
    # again, now that the dates counted from the story's own are linked and can carry it on
    link_story_time(mentions, text, frames, flashbacks, bounds, entries)
    link_own_year(mentions, text)
    for i in perfect:
        if "narrative" in mentions[i].recipe:
            mentions[i].recipe["flashback"] = True  # "In May 2012 ... In March, he had": before
    link_speech_day(mentions, text, bounds)
    _link_weekday_spans(mentions, text)
    _habitual_months(mentions, text, bounds)
    for m in mentions:
        r = m.recipe
        if m.tense == "future" and m.text.lower() == "overnight" and not r.get("base"):
            r["count"] = 0  # "will close the lanes overnight": the night to come, not the last
        night_of = r.get("base")
        if (
            m.text.lower() == "overnight"
            and r.get("count") == -1
            and isinstance(night_of, dict)
            and (night_of.get("mod") == "END" or night_of.get("time_of_day") in ("EV", "NI"))
        ):
            # "crested late Tuesday, and the shelter flooded overnight": the night that
            # followed the evening told, not the one before its day
            r["count"] = 0

    return mentions
