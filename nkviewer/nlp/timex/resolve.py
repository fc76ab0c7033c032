"""Recipe + anchor → TIMEX3 value and calendar bounds (a pure function of its inputs).

The recipe schema is documented in `nkviewer.nlp.timex.detect`. The anchor is the document's
publication date. A day anchor resolves everything exactly; a month/year/range anchor is tried at
both of its ends, and a result that differs between the two is marked `uncertain` (a weekday
against an inferred range is a best guess from the range's middle day, never a silent invention).
With no anchor, absolute expressions still resolve and relative ones get an `X`-filled value
(`XXXX-XX-XX`, `XXXX-WXX`, `XXXX`...) with no calendar bounds.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from nkviewer.ingest.document import PublishedDate
from nkviewer.nlp.timex import calendar as cal
from nkviewer.nlp.timex import lexicon as lx
from nkviewer.nlp.timex.holidays import holiday_date
from nkviewer.nlp.timex.types import (
    AnchorSource,
    Granularity,
    ResolvedTimex,
    TimexMention,
    TimexRecipe,
)

#: Calendar granularity → the (coarser or equal) granularity allowed in a ResolvedTimex.
_OUT_GRAN: dict[str, Granularity] = {
    "day": "day",
    "week": "week",
    "month": "month",
    "quarter": "quarter",
    "half": "range",
    "season": "season",
    "year": "year",
    "decade": "decade",
    "century": "range",
}
_UNKNOWN_VALUE = {
    "day": "XXXX-XX-XX",
    "week": "XXXX-WXX",
    "month": "XXXX-XX",
    "quarter": "XXXX-QX",
    "half": "XXXX-HX",
    "season": "XXXX-XX",
    "year": "XXXX",
    "decade": "XXXX",
    "century": "XXXX",
}


#: Year inference for yearless dates (days of distance): a unit in another year than the
#: anchor's must be this much nearer to win; one contradicting the tense pays the penalty.
BIAS_OTHER_YEAR = 60
TENSE_PENALTY = 180
#: A weekday whose clause has no tense lies ahead when it is at most this many days ahead of
#: the anchor (then nearer than the same weekday just past), else it is the one just past.
TENSELESS_AHEAD = 3


class _NoAnchor(Exception):
    """A relative recipe met an unknown anchor; carries the granularity it would have had."""

    def __init__(self, gran: str) -> None:
        super().__init__(gran)
        self.gran = gran


class _Unit:
    """A resolved calendar unit: granularity + first day, an optional time suffix, whether it
    rests on a guess and where its anchor came from (`ResolvedTimex.anchor`)."""

    __slots__ = ("first", "gran", "source", "time", "uncertain")

    def __init__(
        self,
        gran: str,
        first: date,
        time: str = "",
        uncertain: bool = False,
        source: AnchorSource = "publication",
    ) -> None:
        self.gran, self.first, self.time, self.uncertain = gran, first, time, uncertain
        self.source: AnchorSource = source

    @property
    def last(self) -> date:
        return cal.unit_end(self.gran, self.first)

    @property
    def value(self) -> str:
        v = cal.unit_value(self.gran, self.first)
        if self.time == "WE" and self.gran == "week":
            return f"{v}-WE"
        return f"{v}T{self.time}" if self.time and self.gran == "day" else v


def resolve(mention: TimexMention, anchor: PublishedDate) -> ResolvedTimex:
    """Resolve a mention found by `find_timexes` against the publication date `anchor`."""
    return resolve_recipe(mention.recipe, anchor, mention.tense)


def resolve_recipe(recipe: TimexRecipe, anchor: PublishedDate, tense: str | None) -> ResolvedTimex:
    """Resolve a bare recipe (see `resolve`). A day outside the calendar — before year 1, after
    9999-12-31 ("9999-12-31 and the following day"), 29 February of a common year — is not a
    date: it resolves to no calendar span (value `XXXX-XX-XX`), never to a neighbouring day."""
    try:
        return _resolve_recipe(recipe, anchor, tense)
    except (ValueError, OverflowError):
        return ResolvedTimex(_UNKNOWN_VALUE["day"], mod=recipe.get("mod"))


def _resolve_recipe(recipe: TimexRecipe, anchor: PublishedDate, tense: str | None) -> ResolvedTimex:
    kind = recipe.get("kind")
    mod = recipe.get("mod")
    if kind == "ref":
        return _ref(recipe["value"], anchor, mod)
    if kind == "dur":
        return ResolvedTimex(duration_value(recipe), mod=mod)
    if kind in ("set", "value"):
        return ResolvedTimex(str(recipe["value"]), mod=mod)
    if kind == "range":
        return _range(recipe, anchor, tense)
    if kind == "window":
        return _window(recipe, anchor, mod)
    era = _before_the_era(recipe, anchor.value)
    if era is not None:
        return ResolvedTimex(era, granularity="year", mod=mod, anchor="publication")
    if anchor.value is None:
        try:
            unit = _unit(recipe, None, tense)
        except _NoAnchor as exc:
            value = partial_value(recipe) or _UNKNOWN_VALUE.get(exc.gran, "XXXX-XX-XX")
            return ResolvedTimex(value, granularity=_OUT_GRAN.get(exc.gran), mod=mod)
        return _finish(unit, mod)
    result = _finish(_unit(recipe, anchor.value, tense), mod, recipe.get("edge"), anchor.value)
    if recipe.get("guessed_day"):  # a time of day whose day comes from another clause
        result = replace(result, uncertain=True)
    if anchor.precision != "day":
        ends = [d for d in (anchor.earliest, anchor.latest) if d is not None]
        others = {_unit(recipe, d, tense).value for d in ends}
        if others - {result.value} or anchor.precision == "unknown":
            result = replace(result, uncertain=True)
    return result


#: Years in the units a count of years back may be written in.
_YEARS_OF_UNIT = {"year": 1, "decade": 10, "century": 100}


def _before_the_era(recipe: TimexRecipe, anchor: date | None) -> str | None:
    """ "some 3,000 years ago" from 2018: a year before year 1, which no calendar day can
    hold; TIMEX3 writes it "BC0983" (year 0 is 1 BC). None for any other recipe."""
    years = _YEARS_OF_UNIT.get(str(recipe.get("unit")))
    count = recipe.get("count")
    if recipe.get("kind") != "shift" or recipe.get("base") or anchor is None or years is None:
        return None
    if not isinstance(count, int | float):
        return None
    year = anchor.year + int(count) * years
    return f"BC{1 - year:04d}" if year < 1 else None


def partial_value(recipe: TimexRecipe) -> str | None:
    """With no anchor, what the expression says of its date: "July 27" `XXXX-07-27`, "March"
    `XXXX-03`, "the first quarter" `XXXX-Q1`, "the summer" `XXXX-SU`, "Thursday evening"
    `XXXX-WXX-4TEV`; None when it says nothing fixed (a count from now)."""
    kind = recipe.get("kind")
    time = recipe.get("time_of_day")
    if kind == "weekday" and not recipe.get("base") and recipe.get("direction") is None:
        if recipe.get("nth"):
            return None
        value = f"XXXX-WXX-{int(recipe['weekday']) + 1}"
        return f"{value}T{time}" if time else value
    if kind != "date" or recipe.get("year") is not None or recipe.get("base"):
        return None
    if recipe.get("direction") is not None or "year_relative" in recipe or recipe.get("holiday"):
        return None
    month, day = recipe.get("month"), recipe.get("day")
    if month and day and int(day) > 0:
        value = f"XXXX-{int(month):02d}-{int(day):02d}"
        return f"{value}T{time}" if time else value
    if month and not day:
        return f"XXXX-{int(month):02d}"
    if recipe.get("quarter"):
        return f"XXXX-Q{recipe['quarter']}"
    if recipe.get("half"):
        return f"XXXX-H{recipe['half']}"
    if recipe.get("season"):
        return f"XXXX-{recipe['season']}"
    return None


def _finish(
    unit: _Unit, mod: str | None, edge: str | None = None, anchor: date | None = None
) -> ResolvedTimex:
    first, last = cal.narrow(unit.gran, unit.first, unit.last, mod)
    if unit.gran == "week" and unit.time == "WE":
        first, last = unit.first + timedelta(days=5), unit.first + timedelta(days=6)  # Sat, Sun
    if edge == "last":
        first = last  # "by the end of January": its last day
    elif edge in ("before", "after") and anchor is not None and unit.first <= anchor <= unit.last:
        # "earlier this month": from its start to the day before the anchor; "later": after
        if edge == "before" and anchor > unit.first:
            first, last = unit.first, anchor - timedelta(days=1)
        elif edge == "after" and anchor < unit.last:
            first, last = anchor + timedelta(days=1), unit.last
    return ResolvedTimex(
        unit.value,
        first,
        last,
        _OUT_GRAN[unit.gran],
        mod=mod,
        uncertain=unit.uncertain,
        anchor=unit.source,
    )


def _ref(value: str, anchor: PublishedDate, mod: str | None) -> ResolvedTimex:
    if value == "PRESENT_REF" and anchor.value is not None:
        return ResolvedTimex(
            value, anchor.value, anchor.value, "day", mod, not anchor.is_day, "publication"
        )
    return ResolvedTimex(value, mod=mod, anchor="publication" if anchor.is_known else None)


def duration_value(recipe: TimexRecipe) -> str:
    """`P2D`, `PT3H`, `PXY`, `P2Y6M` ... from {"count": 2.5 | None, "unit": "Y"}."""
    unit, n = str(recipe["unit"]), recipe.get("count")
    time = unit in ("H", "MIN", "S")
    letter = {"MIN": "M"}.get(unit, unit)
    prefix = "PT" if time else "P"
    if n is None:
        return f"{prefix}X{letter}"
    whole, frac = int(n), float(n) - int(n)
    if frac and unit == "MIN":  # "a minute and a half": PT1M30S
        extra = round(frac * 60)
        return f"PT{whole}M{extra}S" if whole else f"PT{extra}S"
    if frac and letter in ("Y", "M", "H", "D"):
        # the fraction in the next unit down, as written: "three and a half months" P3M15D
        sub = {"Y": ("M", 12), "M": ("D", 30), "H": ("M", 60), "D": ("H", 24)}[letter]
        extra = round(frac * sub[1])
        if letter == "D":
            return f"P{whole}DT{extra}H" if whole else f"PT{extra}H"
        return f"{prefix}{whole}{letter}{extra}{sub[0]}" if whole else f"{prefix}{extra}{sub[0]}"
    return f"{prefix}{whole if not frac else n}{letter}"


def _window(recipe: TimexRecipe, anchor: PublishedDate, mod: str | None) -> ResolvedTimex:
    """ "within the next two or three months": a TIMEX3 length (P3M; PXM for "two or three")
    whose calendar days run from the anchor to n units later (or earlier)."""
    unit = str(recipe["unit"])
    count = int(recipe.get("count") or 0)
    value = duration_value(
        {"unit": lx.UNITS[unit][0], "count": None if recipe.get("vague") else count}
    )
    if anchor.value is None:
        return ResolvedTimex(value, mod=mod)
    other = cal.shift_date(anchor.value, unit, count * recipe.get("direction", 1))
    a, b = sorted((anchor.value, other))
    return ResolvedTimex(value, a, b, "range", mod, not anchor.is_day, "publication")


#: Days ahead past which a past clause's range of days starting after publication is
#: read as the year's before.
_SEASON_DAYS = 90


def range_endpoints(
    recipe: TimexRecipe, anchor: PublishedDate, tense: str | None
) -> tuple[ResolvedTimex, ResolvedTimex]:
    """The two ends of a "range" recipe, each resolved on its own: the second end takes a
    missing year from the first ("September 10-13") and a weekday counts from the first day
    ("Sunday to Wednesday"); an end before the start moves on a year ("December to March")."""
    ra = resolve_recipe(recipe["start"], anchor, tense)
    b = recipe["end"].copy()
    from_start = b.get("base") == "range_start"
    if from_start:
        del b["base"]
        if ra.first is not None:
            b["base"] = {
                "kind": "date",
                "year": ra.first.year,
                "month": ra.first.month,
                "day": ra.first.day,
            }
    yearless = b.get("kind") == "date" and b.get("year") is None
    if ra.first is not None and yearless:
        b["year"] = ra.first.year
    # a weekday counted from the first day is the first such day on or after it, whatever the
    # clause's tense ("earned $6 million from Friday through Sunday": that weekend's Sunday)
    rb = resolve_recipe(b, anchor, None if from_start else tense)
    if ra.first is not None and rb.last is not None and rb.last < ra.first and yearless:
        b["year"] = ra.first.year + 1
        rb = resolve_recipe(b, anchor, tense)
    if yearless or from_start:
        rb = replace(rb, anchor=ra.anchor)  # its year or day is the first end's
    start = recipe["start"]
    if (
        tense == "past"
        and yearless
        and start.get("kind") == "date"
        and start.get("year") is None
        and not start.get("base")
        and anchor.value is not None
        and ra.first is not None
        and rb.first is not None
        and rb.first > anchor.value
        and (
            not start.get("day")
            # a day's range may be a deadline a past verb set ahead, but not one that
            # starts after publication and ends a season later ("recorded 43 incidents
            # between Jan. 1 and Dec. 18", written on Dec. 31: this year's)
            or (ra.first > anchor.value and (rb.first - anchor.value).days > _SEASON_DAYS)
        )
    ):
        # "exports rose in the January-November period", written on Dec. 31: a past clause's
        # range lies before publication, so it is the year's whose end has been reached
        earlier = {**recipe, "start": {**start, "year": ra.first.year - 1}}
        a2, b2 = range_endpoints(earlier, anchor, tense)  # type: ignore[arg-type]
        return replace(a2, anchor=ra.anchor), replace(b2, anchor=ra.anchor)
    return ra, rb


def _range(recipe: TimexRecipe, anchor: PublishedDate, tense: str | None) -> ResolvedTimex:
    """Two endpoints: value is the ISO 8601 interval `first/last` of the two units."""
    ra, rb = range_endpoints(recipe, anchor, tense)
    mod = recipe.get("mod")
    if ra.first is None or rb.last is None:
        return ResolvedTimex(f"{ra.value}/{rb.value}", granularity="range", mod=mod)
    uncertain = ra.uncertain or rb.uncertain
    sources = {ra.anchor, rb.anchor}
    source: AnchorSource | None = (
        "narrative"
        if "narrative" in sources
        else "publication"
        if "publication" in sources
        else ra.anchor
    )
    return ResolvedTimex(
        f"{ra.first.isoformat()}/{rb.last.isoformat()}",
        ra.first,
        rb.last,
        "range",
        mod,
        uncertain,
        source,
    )


def _unit(recipe: TimexRecipe, anchor: date | None, tense: str | None) -> _Unit:
    kind = recipe.get("kind")
    if kind == "date":
        return _date(recipe, anchor, tense)
    if kind == "weekday":
        return _weekday(recipe, anchor, tense)
    if kind == "shift":
        return _shift(recipe, anchor, tense)
    raise ValueError(f"unknown recipe {recipe!r}")


def _base(recipe: TimexRecipe, anchor: date | None, tense: str | None) -> _Unit | None:
    """The unit a context-relative recipe counts from (previous mention), if any."""
    base = recipe.get("base")
    if not isinstance(base, dict) or not base:  # no base, or a placeholder left unlinked
        return None
    try:
        unit = _unit(base, anchor, base.get("tense", tense))
    except (_NoAnchor, ValueError, KeyError):
        return None
    if base.get("earlier_mention"):
        unit.source = "narrative"  # an earlier mention of the story, not this expression's own
    return unit


#: Recipe keys that need the anchor even under a base that names its year: a story time's
#: checks against the publication, "last year's quarter".
_ANCHORED_KEYS = ("narrative", "set_year_relative", "year_relative")


def _needs_anchor(recipe: Any) -> bool:
    if not isinstance(recipe, dict):
        return False
    if any(key in recipe for key in _ANCHORED_KEYS):
        return True
    return any(_needs_anchor(recipe.get(key)) for key in ("base", "start", "end"))


def fixed_recipe(recipe: TimexRecipe) -> TimexRecipe | None:
    """The calendar unit a chain of context-relative recipes comes to when it does not depend
    on the anchor ("the following year" of "that summer" of ... "March 2004"), as a plain
    date recipe of that unit ({"kind": "date", "year": 2006}); None when the chain needs the
    anchor, rests on a guess, or its unit has no plain recipe. The detector puts it in place
    of a chain too deep to keep, so the far end still counts from the story's date."""
    if _needs_anchor(recipe):
        return None
    try:
        unit = _unit(recipe, None, recipe.get("tense"))
    except (_NoAnchor, ValueError, KeyError, OverflowError):
        return None
    if unit.uncertain:
        return None
    first = unit.first
    out: TimexRecipe = {"kind": "date", "year": first.year}
    if unit.gran == "day":
        out["month"], out["day"] = first.month, first.day
    elif unit.gran == "month":
        out["month"] = first.month
    elif unit.gran == "quarter":
        out["quarter"] = (first.month - 1) // 3 + 1
    elif unit.gran == "half":
        out["half"] = 1 if first.month < 7 else 2
    elif unit.gran == "season":
        season = next((s for s, m in cal.SEASON_START.items() if m == first.month), None)
        if season is None:
            return None
        out["season"] = season
    elif unit.gran == "week":
        iso_year, week, _ = first.isocalendar()
        out["year"], out["week"] = iso_year, week
    elif unit.gran != "year":
        return None  # a decade or a century: not what a story counts on from
    if unit.time:
        out["time_of_day"] = unit.time
    if _unit(out, None, None).value != unit.value:
        return None  # a unit the plain recipe does not give back exactly
    return out


def _bare_day(recipe: TimexRecipe, anchor: date | None, tense: str | None) -> _Unit:
    """ "on the 18th": that day of the month the story is in (its `narrative`, a month or a
    day), else of the anchor's month or the one either side, the latest one by the anchor in
    a past clause, the first one from it in a future one, else the nearest."""
    day = int(recipe["day"])
    story = _narrative_unit(recipe, anchor)
    if story is not None and story.gran in ("day", "week", "month"):
        month = cal.unit_start("month", story.first)
        narr = recipe.get("narrative") or {}
        if narr.get("kind") == "shift" and not narr.get("base"):
            # "the 30th of last month": its month is told, counted from publication
            return _Unit("day", month.replace(day=day), source="publication")
        return _Unit("day", month.replace(day=day), uncertain=True, source="narrative")
    if anchor is None:
        raise _NoAnchor("day")
    this = cal.unit_start("month", anchor)
    options = []
    for step in (-1, 0, 1):
        first = cal.shift_date(this, "month", step)
        if day <= cal.unit_end("month", first).day:
            options.append(first.replace(day=day))
    if tense == "past":
        chosen = max((d for d in options if d <= anchor), default=options[0])
    elif tense == "future":
        chosen = min((d for d in options if d >= anchor), default=options[-1])
    else:
        chosen = min(options, key=lambda d: (abs((d - anchor).days), d < anchor))
    return _Unit("day", chosen)


def _date(recipe: TimexRecipe, anchor: date | None, tense: str | None) -> _Unit:
    if recipe.get("day") and not recipe.get("month") and not recipe.get("holiday"):
        return _bare_day(recipe, anchor, tense)
    gran, make = _date_shape(recipe)
    y = recipe.get("year")
    if y is None and gran in ("decade", "century"):  # "the 1990s", "the 20th century"
        return _Unit(gran, make(1), str(recipe.get("time_of_day", "")), source="explicit")
    source: AnchorSource = "explicit" if y is not None else "publication"
    if recipe.get("entry") and y is not None:
        source = "narrative"  # a timeline's entry: the year of the entries before it
    uncertain = False
    story = _story(recipe, anchor, tense) if y is None else None
    if story is not None:
        # "In 2012, ... In July": the July of the story's year, or the nearest to its day
        leap_day = recipe.get("month") == 2 and recipe.get("day") == 29
        probe = (lambda yy: date(yy, 2, 28)) if leap_day else make
        # a story told in the simple past moves forward: the first such unit not over by the
        # story's date ("On Aug. 5, 2012, ... In March" is March 2013); a flashback in the
        # past perfect looks back ("... In March he had been warned": March 2012)
        y = (
            story.first.year
            # (what a timeline's entry tells besides its day lies in its year: "Feb. 8 -
            # Nevada Republicans hold caucuses ... Haley is on the Feb. 6 primary ballot")
            if story.gran == "year" or recipe.get("entry")
            else _infer_year(
                story.first, gran, probe, "past" if recipe.get("flashback") else "future", True
            )
        )
        if (
            gran == "day"
            and story.gran == "day"
            and not recipe.get("entry")
            and probe(y) > story.first
            and 0 < (story.first - probe(y - 1)).days <= _DAYS_BEFORE_STORY
        ):
            # "... hoisted on April 30, 1975. The campaign, launched on April 26, lasted five
            # days": a day a few days before the story's is of its days, not a year after
            y -= 1
        if story.gran != "year" and anchor is not None and tense == "past" and probe(y) > anchor:
            y = _infer_year(story.first, gran, probe, "past", True)  # not after publication
        source, uncertain = "narrative", story.uncertain or tense is None
    if y is None:
        base = _base(recipe, anchor, tense) if recipe.get("direction") is not None else None
        # The leap day's year is chosen as the 28th's would be; if that year has no 29
        # February, `make` raises below: an impossible day is not a date.
        leap_day = recipe.get("month") == 2 and recipe.get("day") == 29
        probe = (lambda yy: date(yy, 2, 28)) if leap_day else make
        if recipe.get("year_relative") is not None and anchor is not None:
            y = anchor.year + int(recipe["year_relative"])
        elif base is not None:
            # "the following spring" after March 2010: the next spring from that date;
            # after 2010, the spring of 2011 ("that summer": of 2010; "the previous": 2009)
            d = int(recipe["direction"])
            y = (
                base.first.year + d
                if base.gran == "year"
                else _year_by_direction(base.first, gran, probe, d)
            )
            source, uncertain = base.source, base.uncertain
        elif anchor is None:
            raise _NoAnchor(gran)
        elif recipe.get("direction") is not None:
            y = _year_by_direction(anchor, gran, probe, int(recipe["direction"]))
            if (
                recipe["direction"] == 0
                and gran != "day"
                and tense == "future"
                and cal.unit_end(gran, probe(y)) < anchor
            ):
                y += 1  # "will rise this March", written in October: the March not over yet
            elif (
                recipe["direction"] == 0 and gran == "day" and tense == "past" and probe(y) > anchor
            ):
                y -= 1  # "held its year-end review last week", written on 5 January: Dec. 31 before
            day = make(y) if recipe.get("holiday") and recipe["direction"] else None
            if day is not None and (day.year, day.month) == (anchor.year, anchor.month):
                # "last Christmas" written on Dec. 27: not the one two days ago (that is
                # "Christmas"), the one a year before; "next Easter" in Easter's month too
                y += int(recipe["direction"])
            if recipe.get("year_back") and gran == "month":
                month_before = cal.shift_date(cal.unit_start("month", anchor), "month", -1)
                if make(y) >= month_before:
                    y -= 1  # "last February" on 1 March: the February of a year before
        else:
            y = _infer_year(anchor, gran, probe, tense, bool(recipe.get("strict")))
            y = _year_of_weekday(recipe, anchor, make, int(y))
    return _Unit(gran, make(int(y)), str(recipe.get("time_of_day", "")), uncertain, source)


#: How many days before a story's day a day of a month (no year) is still read as one of the
#: story's days, told out of order, rather than a year after it.
_DAYS_BEFORE_STORY = 31


def _year_of_weekday(recipe: TimexRecipe, anchor: date, make: Any, y: int) -> int:
    """ "The concert on Friday, March 3": the year whose March 3 is a Friday, of the year
    inferred and the ones either side, the nearest the anchor; the inferred one when none is."""
    weekday = recipe.get("named_weekday")
    if weekday is None:
        return y
    fits = []
    for year in (y, y - 1, y + 1):
        try:
            day = make(year)
        except ValueError:
            continue
        if day.weekday() == weekday:
            fits.append((abs((day - anchor).days), year))
    return min(fits)[1] if fits else y


def _narrative_unit(recipe: TimexRecipe, anchor: date | None) -> _Unit | None:
    """The unit of the story time a recipe carries (`narrative`), when it resolves."""
    narr = recipe.get("narrative")
    if not isinstance(narr, dict):
        return None
    try:
        return _unit(narr, anchor, narr.get("tense"))
    except (_NoAnchor, ValueError, KeyError):
        return None


def _story(recipe: TimexRecipe, anchor: date | None, tense: str | None) -> _Unit | None:
    """The story time (`narrative`) a bare month, season or weekday takes, when it applies: it
    lies in another year than the publication, and a clause about the past does not point
    past the publication (nor a present or future one before it)."""
    story = _narrative_unit(recipe, anchor)
    if story is None:
        return None
    if recipe.get("entry"):
        return story  # a timeline's entry: the time of the entry before, whatever the tense
    if anchor is not None:
        if story.first.year <= anchor.year <= story.last.year:
            return None  # the publication's own year: counted from publication, more exactly
        if story.last < anchor and tense in ("present", "future"):
            return None
        if story.first > anchor and tense == "past":
            return None
    return story


def _weekend_day(day: date) -> date:
    """A day of the weekend a holiday makes long: the Sunday before a Monday, else the day
    (its ISO week's weekend holds a Friday's, Saturday's or Sunday's)."""
    return day - timedelta(days=1) if day.weekday() == 0 else day


def _date_shape(recipe: TimexRecipe) -> tuple[str, Any]:
    """Granularity of a date recipe and a function year → first day of the unit."""
    m, d = recipe.get("month"), recipe.get("day")
    if recipe.get("holiday"):
        name, offset = str(recipe["holiday"]), timedelta(days=int(recipe.get("offset", 0)))
        if recipe.get("weekend_of"):
            # "the Fourth of July weekend", July 4 a Monday: the weekend just before it
            return "day", lambda y: _weekend_day(holiday_date(name, y)) + offset
        return "day", lambda y: holiday_date(name, y) + offset
    if m and d and d < 0:  # counted from the month's end: -1 its last day
        return "day", lambda y: date(y, m, monthrange(y, m)[1] + d + 1)
    if m and d:  # a day that does not exist in year y raises ValueError: it is not a date
        return "day", lambda y: date(y, m, d)
    if m:
        return "month", lambda y: date(y, m, 1)
    if recipe.get("quarter"):
        return "quarter", lambda y: date(y, 3 * (int(recipe["quarter"]) - 1) + 1, 1)
    if recipe.get("half"):
        return "half", lambda y: date(y, 1 if recipe["half"] == 1 else 7, 1)
    if recipe.get("season"):
        return "season", lambda y: date(y, cal.SEASON_START[recipe["season"]], 1)
    if recipe.get("week"):
        return "week", lambda y: date.fromisocalendar(y, int(recipe["week"]), 1)
    if recipe.get("decade") is not None:
        return "decade", lambda y: date(int(recipe["decade"]) * 10, 1, 1)
    if recipe.get("century") is not None:
        return "century", lambda y: date(max(1, int(recipe["century"]) * 100), 1, 1)
    return "year", lambda y: date(y, 1, 1)


def _infer_year(anchor: date, gran: str, make: Any, tense: str | None, strict: bool = False) -> int:
    """The year of a yearless date: the nearest such unit to the anchor, with a bias towards
    the anchor's own year and against units that contradict the clause's tense. `strict` (the
    expression's own clause is past or future): the latest unit begun by the anchor for the
    past ("handed over an invitation in June" in March: last June), the first one not over by
    then for the future ("will visit in June": this June; "will visit in February": next)."""
    if strict and tense in ("past", "future"):
        years = (
            (anchor.year, anchor.year - 1) if tense == "past" else (anchor.year, anchor.year + 1)
        )
        for y in years:
            first = make(y)
            if (tense == "past" and first <= anchor) or (
                tense == "future" and cal.unit_end(gran, first) >= anchor
            ):
                return y
    best: tuple[float, int] | None = None
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            first = make(y)
        except ValueError:  # Feb 29 in a common year
            continue
        last = cal.unit_end(gran, first)
        if first <= anchor <= last:
            dist = 0
        else:
            dist = min(abs((first - anchor).days), abs((last - anchor).days))
        score = dist + (0 if y == anchor.year else BIAS_OTHER_YEAR)
        if (tense == "past" and first > anchor) or (tense == "future" and last < anchor):
            score += TENSE_PENALTY
        if best is None or score < best[0]:
            best = (score, y)
    return best[1] if best else anchor.year


def _year_by_direction(anchor: date, gran: str, make: Any, direction: int) -> int:
    """ "last April" (before the current month), "next May" (after it), "this September"."""
    if direction == 0:  # the unit containing the anchor ("this winter" in February), else this year
        for y in (anchor.year - 1, anchor.year, anchor.year + 1):
            first = make(y)
            if first <= anchor <= cal.unit_end(gran, first):
                return y
        return anchor.year
    current = cal.unit_start(gran, anchor)
    # two years back (ahead): "last winter" written in January is the one before the winter
    # begun the December before
    years = (
        (anchor.year - 2, anchor.year - 1, anchor.year)
        if direction < 0
        else (anchor.year, anchor.year + 1, anchor.year + 2)
    )
    for y in sorted(years, reverse=direction < 0):
        first = make(y)
        if (direction < 0 and first < current) or (direction > 0 and first > current):
            return y
    return anchor.year + direction


def _weekday(recipe: TimexRecipe, anchor: date | None, tense: str | None) -> _Unit:
    partner = recipe.get("span_partner")
    if isinstance(partner, dict) and anchor is not None:
        own = {k: v for k, v in recipe.items() if k != "span_partner"}
        other = {k: v for k, v in partner.items() if k not in ("span_role", "tense")}
        mine = _weekday(own, anchor, tense)  # type: ignore[arg-type]
        theirs = _weekday(other, anchor, partner.get("tense"))  # type: ignore[arg-type]
        return _in_span(mine, theirs, partner.get("span_role") == "end", anchor)
    base = _base(recipe, anchor, tense)
    time = str(recipe.get("time_of_day", ""))
    dow, direction = int(recipe["weekday"]), recipe.get("direction")
    if recipe.get("nth"):
        month = recipe.get("base")
        if recipe.get("strict") and isinstance(month, dict):
            # "met on the first Monday in June": the month's side is its clause's tense
            base = _base({"base": {**month, "strict": True}}, anchor, tense)
        return _nth_weekday(int(recipe["nth"]), dow, base, time, anchor, tense)
    story = _story(recipe, anchor, tense) if base is None else None
    if story is not None:
        if story.gran != "day":  # "In 2012, ... on Monday": which Monday is not said
            if anchor is None:
                raise _NoAnchor("day")
            plain = recipe.copy()
            del plain["narrative"]
            unit = _weekday(plain, anchor, tense)
            unit.uncertain = True
            return unit
        # "On March 3, 2012, ... On Monday": the story moves on, to the next such day
        day = story.first + timedelta(days=(dow - story.first.weekday()) % 7)
        return _Unit("day", day, time, True, "narrative")
    ref = base.first if base is not None and base.gran in ("day", "week") else anchor
    if ref is None:
        raise _NoAnchor("day")
    source: AnchorSource = base.source if base is not None else "publication"
    if base is not None and base.gran == "week":  # "Friday" of "the week of March 6"
        return _Unit("day", ref + timedelta(days=dow), time, source=source)
    delta_back = (ref.weekday() - dow) % 7  # days back to the most recent such weekday
    delta_fwd = (dow - ref.weekday()) % 7
    if direction == -1:
        day = ref - timedelta(days=delta_back or 7)
    elif direction == 1:
        day = ref + timedelta(days=delta_fwd or 7)
    elif direction == 0 and tense == "past":
        day = ref - timedelta(days=delta_back)  # "met this Tuesday" on a Thursday: two days ago
    elif direction == 0 or tense in ("future", "present"):
        day = ref + timedelta(days=delta_fwd)
    elif tense == "past" or delta_fwd > TENSELESS_AHEAD:
        day = ref - timedelta(days=delta_back)
    else:
        # no tense ("talks grinding into the early hours of Wednesday" on a Tuesday, a verbless
        # line, "meet separately Monday" read from the words alone): a day up to three ahead
        # is the nearest such day (the one just past is four or more back); further ahead,
        # news mostly reports what has happened, so the one just past
        day = ref + timedelta(days=delta_fwd)
    return _Unit("day", day, time, source=source)


def _in_span(mine: _Unit, theirs: _Unit, first: bool, anchor: date) -> _Unit:
    """The day of a weekday written in a span with another ("between Wednesday and Friday";
    `first`: this one opens it): as resolved alone when the two lie in order less than a week
    apart; else the span is moved to agree, keeping whichever end leaves both days nearer the
    anchor ("from 5 p.m. Saturday until 11 a.m. Monday", written on Thursday: the coming
    weekend, though "Saturday" alone read as the one past)."""
    start, end = (mine.first, theirs.first) if first else (theirs.first, mine.first)
    if 0 <= (end - start).days < 7:
        return mine
    gap = timedelta(days=(end.weekday() - start.weekday()) % 7)
    keep_start, keep_end = (start, start + gap), (end - gap, end)
    spans = sorted(
        (keep_start, keep_end), key=lambda s: abs((s[0] - anchor).days) + abs((s[1] - anchor).days)
    )
    day = spans[0][0] if first else spans[0][1]
    return mine if day == mine.first else _Unit("day", day, mine.time, True, mine.source)


def _nth_weekday(
    nth: int,
    dow: int,
    month: _Unit | None,
    time: str,
    anchor: date | None,
    tense: str | None = None,
) -> _Unit:
    """ "the second Thursday of April 2023" (nth 2), "the last Saturday of May" (nth -1); "of
    the month" is the month of the day or month told before it, else the publication's. A
    fifth weekday the month does not have is no date (ValueError)."""
    if month is None:
        if anchor is None:
            raise _NoAnchor("day")
        # the publication's month, or the one before (after) it when that puts the day on the
        # side of publication the clause's tense points to
        told = _nth_weekday(nth, dow, _Unit("month", cal.unit_start("month", anchor)), time, None)
        step = -1 if tense == "past" and told.first > anchor else 0
        step = 1 if tense == "future" and told.first < anchor else step
        if step == 0:
            return told
        moved = cal.shift_date(cal.unit_start("month", anchor), "month", step)
        return _nth_weekday(nth, dow, _Unit("month", moved), time, None)
    if month.gran not in ("day", "week", "month"):
        raise ValueError("an nth weekday of something other than a month")
    day = cal.nth_weekday(month.first.year, month.first.month, dow, nth)
    if day.month != month.first.month:
        raise ValueError("no such weekday in that month")
    return _Unit("day", day, time, month.uncertain, month.source)


def holiday_week(recipe: TimexRecipe) -> bool:
    """ "Christmas week", "the Easter (long) weekend": the week that holds a holiday whose
    year nothing wrote, so that its clause's tense may choose it (see `_holiday_week_base`)."""
    base = recipe.get("base")
    return (
        recipe.get("kind") == "shift"
        and isinstance(base, dict)
        and bool(base.get("holiday"))
        and base.get("year") is None
        and "direction" not in base
    )


def _holiday_week_base(
    holiday: TimexRecipe, unit: str, n: int, anchor: date, tense: str
) -> _Unit | None:
    """The holiday whose week (weekend) lies on its clause's side: "traffic was heavy over
    the Easter weekend" in February, last year's; "as Easter week began" on its Monday, this
    year's (the week has begun, though Easter has not)."""
    fits = []
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        day = _base({"base": {**holiday, "year": y}}, anchor, tense)
        if day is None:
            continue
        week = cal.unit_start(unit, cal.shift_date(day.first, unit, n))
        if (tense == "past" and week <= anchor) or (
            tense == "future" and cal.unit_end(unit, week) >= anchor
        ):
            fits.append((week, day))
    if not fits:
        return _base({"base": holiday}, anchor, tense)
    chosen = (max(fits) if tense == "past" else min(fits))[1]
    chosen.source = "publication"  # its year is the publication's choice, not written
    return chosen


def _shift(recipe: TimexRecipe, anchor: date | None, tense: str | None) -> _Unit:
    unit, n = str(recipe["unit"]), int(recipe.get("count") or 0)
    gran = str(recipe.get("granularity") or unit)
    holiday = recipe.get("base")
    if (
        recipe.get("strict")
        and holiday_week(recipe)
        and isinstance(holiday, dict)
        and anchor is not None
        and tense in ("past", "future")
    ):
        base = _holiday_week_base(holiday, unit, n, anchor, tense)
    else:
        base = _base(recipe, anchor, tense)
    if base is not None:
        if recipe.get("keep_granularity"):
            # "a year earlier" than the third quarter: that quarter a year before
            gran = base.gran
        elif cal.GRAN_RANK[base.gran] > cal.GRAN_RANK[gran]:
            # "the day before" something known only to the month: known only to the month,
            # counted from its middle ("A day earlier" than March is March, not February)
            middle = base.first + (base.last - base.first) // 2
            moved = cal.unit_start(base.gran, cal.shift_date(middle, unit, n))
            return _Unit(base.gran, moved, uncertain=True, source=base.source)
        elif recipe.get("keep_finer"):
            gran = base.gran  # "two weeks later" than March 6: a day
        start = _set_year(recipe, cal.unit_start(gran, cal.shift_date(base.first, unit, n)), anchor)
        time = str(recipe.get("time_of_day", ""))
        return _Unit(gran, start, time, base.uncertain, base.source)
    if anchor is None:
        raise _NoAnchor(gran)
    if recipe.get("last_seven"):
        n = 0 if anchor.weekday() >= 3 else -1  # "over the past week": most of its seven days
    elif recipe.get("nearest"):  # "the weekend": the one just past early in the week, else this one
        past = tense == "past" or (tense is None and anchor.weekday() <= 1)
        n = -1 if past and anchor.weekday() < 5 else 0
    elif recipe.get("ahead") and unit == "year":
        n = 0 if anchor.month <= 2 else 1  # "in the new year": this one while it is new
    elif recipe.get("ahead"):
        n = 1 if anchor.weekday() >= 5 else 0  # "the coming weekend", written on Saturday: next
    elif recipe.get("time_of_day") == "WE" and n == 0 and tense == "past" and anchor.weekday() < 5:
        n = -1  # "met this weekend", written on a weekday: the weekend just past
    elif (
        unit == gran == "week"
        and n == 0
        and not recipe.get("time_of_day")
        and anchor.weekday() == 6
        and (tense == "future" or recipe.get("edge") == "after")
    ):
        n = 1  # "will meet this week", "later this week", written on a Sunday: the week ahead
    elif (
        n == 0
        and gran == unit
        and recipe.get("of_context")  # "the end of the year", not "late this month"
        and recipe.get("mod") in ("START", "END")
        and not recipe.get("edge")
    ):
        n = _part_on_its_side(gran, anchor, str(recipe.get("mod")), tense)
    start = _set_year(recipe, cal.unit_start(gran, cal.shift_date(anchor, unit, n)), anchor)
    return _Unit(gran, start, str(recipe.get("time_of_day", "")))


def _part_on_its_side(gran: str, anchor: date, mod: str, tense: str | None) -> int:
    """ "held a plenary meeting at the end of the year", written on 5 January: the end of the
    year before (a past clause's end of a unit not yet begun is the last one's); "will be
    released at the start of the year", written on 30 December: the next one's."""
    first = cal.unit_start(gran, anchor)
    lo, hi = cal.narrow(gran, first, cal.unit_end(gran, first), mod)
    if mod == "END" and tense == "past" and lo > anchor:
        return -1
    if mod == "START" and tense == "future" and hi < anchor:
        return 1
    return 0


def _set_year(recipe: TimexRecipe, start: date, anchor: date | None) -> date:
    """ "the 1988 quarter", "last year's quarter": the unit of the context, in another year."""
    year = recipe.get("set_year")
    if year is None and recipe.get("set_year_relative") is not None and anchor is not None:
        year = anchor.year + int(recipe["set_year_relative"])
    if year is None:
        return start
    try:
        return start.replace(year=int(year))
    except ValueError:  # Feb 29
        return start.replace(year=int(year), day=28)
