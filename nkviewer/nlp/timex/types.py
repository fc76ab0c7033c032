"""Data types of temporal expressions, shared by the tagger, the cache and event building.

Detection is independent of the document creation time (DCT): a `TimexMention` records what the
expression says (its `recipe`) and the tense cue of its clause. Resolution turns a mention and an
anchor into a `ResolvedTimex`. Keeping the two apart lets a corrected publication date re-resolve
a document at once, without spaCy.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal, TypedDict, cast

TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
Granularity = Literal["day", "week", "month", "quarter", "season", "year", "decade", "range"]
Tense = Literal["past", "present", "future"]
AnchorSource = Literal["explicit", "publication", "narrative"]
RecipeKind = Literal["date", "weekday", "shift", "range", "window", "ref", "dur", "set", "value"]


class TimexRecipe(TypedDict, total=False):
    """What a temporal expression says, before anchoring: written by the rules and the linking
    passes of `detect`, read by `resolve`, stored as JSON in the parse cache. Which fields a
    recipe has depends on its `kind` (see the module docstring of `detect`)."""

    kind: RecipeKind
    # -- a calendar unit ("date"); without `year`, the year comes from the anchor
    year: int
    month: int
    day: int  # without a month: a bare day of the month ("on the 18th")
    quarter: int  # 1-4
    half: int  # 1-2
    season: str  # SP, SU, FA, WI
    week: int  # ISO week
    decade: int  # 199 = the 1990s
    century: int  # 19 = the 1900s
    holiday: str  # a name in `holidays.NAMES`
    weekend_of: bool  # the holiday names a weekend: on a Monday, the weekend before it
    offset: int  # days from the holiday ("the day after Christmas": 1)
    year_relative: int  # -1 "July last year", 0, 1
    direction: int  # -1 last, 0 this, 1 next ("last April", "next Friday", "within the next")
    year_back: bool  # "last February" in March: not the month just past (that is "last month")
    strict: bool  # a bare month or season whose own clause's tense decides its side
    named_weekday: int  # "Friday, March 3": the weekday said with a yearless day (0 = Monday)
    # -- a weekday ("weekday"), 0 = Monday
    weekday: int
    nth: int  # with a month `base`: its nth such weekday (1-5), -1 its last
    # -- a shift, a window or a duration
    unit: str  # shift/window: day, week, month...; duration: Y, M, W, D, Q, H, MIN, S, L, E, C
    count: float | None  # steps (shift), units (window), length (duration; None when vague)
    vague: bool  # a window of two counts ("the next two or three months"): its value PXM
    granularity: str  # the output granularity of a shift
    base: str | TimexRecipe  # a placeholder ("prev", "prev_day"...) until linked, then a recipe
    keep_granularity: bool  # keep the base's granularity (the quarter a year before Q3)
    keep_finer: bool  # keep the base's granularity when finer ("two weeks later" than a day)
    or_length: bool  # "ten years on" told of no date: the length since then (P10Y)
    nearest: bool  # "the weekend": the one just past early in the week, else this one
    last_seven: bool  # "the past week": the week holding most of the last seven days
    #: "the coming weekend": this week's until it has begun, then the next; "the new year":
    #: the next one, this one in its first two months
    ahead: bool
    #: "the end of the year" told of no date: the publication's unit on its clause's side
    #: ("late this month" says "this" and stays the publication's month)
    of_context: bool
    set_year: int  # "the 1988 quarter": the base's unit in that year
    set_year_relative: int  # "last year's quarter"
    # -- a range: two endpoint recipes and their offsets [[start, end], [start, end]]
    start: TimexRecipe
    end: TimexRecipe
    parts: list[list[int]]
    # -- a vague reference ("ref": PRESENT_REF...), a set or a value-only date (the TIMEX3
    # value itself)
    value: str
    # -- any kind
    mod: str  # TIMEX3 mod: START, MID, END, APPROX, MORE_THAN...
    time_of_day: str  # a clock time "14:00", a part of the day MO/AF/EV/NI, "WE" on a week
    edge: str  # "last" (a deadline's last day), "before"/"after" ("earlier this month")
    derived: bool  # a default chosen for a context-relative expression
    guessed_day: bool  # a time of day whose day comes from another clause: uncertain
    narrative: TimexRecipe  # the story time of the paragraph (see `narrative`)
    flashback: bool  # with `narrative`: a past-perfect clause, before the story time
    #: a timeline's entry, or what its entry tells: its year (or `narrative`) is the entries'
    #: order's, whatever the tense (see `narrative.link_timeline`)
    entry: bool
    tense: Tense  # on a `base` or `narrative`: the earlier mention's own tense
    earlier_mention: bool  # on a `base`: an earlier mention, so counted from the story's time
    #: a weekday written in a span with another ("between Wednesday and Friday"): the other's
    #: recipe, with its `tense` and its `span_role` ("start" or "end") in the span
    span_partner: TimexRecipe
    span_role: str
    # -- used while detecting only, never in the output
    topic: bool
    topic_only: bool
    topic_default: TimexRecipe
    period: bool
    tense_hint: Tense
    tense_settled: bool  # the hint is the expression's own, whatever the words around say
    day_after_zone: bool  # "7 a.m. (0500 GMT) on Nov. 24": the day after the bracket
    day_of_span_end: bool  # "from 1 p.m. to 4 p.m. on Monday": the day of the span's end
    day_written_after: bool  # "at 1 p.m. on New Year's Eve": the day named next, if any


@dataclass(slots=True)
class TimexMention:
    """A temporal expression as found in the text, before anchoring."""

    start: int
    end: int
    text: str
    type: TimexType
    recipe: TimexRecipe = field(default_factory=lambda: TimexRecipe())  # JSON, for the resolver
    tense: Tense | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TimexMention:
        recipe = data.get("recipe")
        if isinstance(recipe, dict) and "fn" in recipe:  # written before TimexRecipe
            data = {**data, "recipe": recipe_from_short_keys(recipe)}
        return cls(**data)


#: The one-letter recipe keys of parse format 2 and their names since. The parse cache drops
#: entries of that format; event datasets written then keep them in their documents.
SHORT_KEYS = {
    "fn": "kind",
    "y": "year",
    "m": "month",
    "d": "day",
    "q": "quarter",
    "h": "half",
    "s": "season",
    "w": "week",
    "dec": "decade",
    "cent": "century",
    "yrel": "year_relative",
    "dir": "direction",
    "dow": "weekday",
    "n": "count",
    "gran": "granularity",
    "keep": "keep_granularity",
    "fine": "keep_finer",
    "near": "nearest",
    "set_yrel": "set_year_relative",
    "a": "start",
    "b": "end",
    "v": "value",
    "t": "time_of_day",
    "guess": "guessed_day",
    "narr": "narrative",
    "ctx": "earlier_mention",
    "hint": "tense_hint",
}
_NESTED = ("base", "narrative", "start", "end", "topic_default")


def recipe_from_short_keys(old: dict[str, Any]) -> TimexRecipe:
    """A recipe stored with the short keys of parse format 2, under its field names."""
    new: dict[str, Any] = {}
    for key, value in old.items():
        name = SHORT_KEYS.get(key, key)
        new[name] = (
            recipe_from_short_keys(value) if name in _NESTED and isinstance(value, dict) else value
        )
    return cast(TimexRecipe, new)


@dataclass(frozen=True, slots=True)
class ResolvedTimex:
    """A mention anchored in calendar time.

    `value` is the TIMEX3 value (`2019-03-14`, `2019-W11`, `2019-Q1`, `201` for a decade, `P2D`,
    `PAST_REF`...).
    `first`/`last` are the inclusive calendar days it covers, when it covers any.
    """

    value: str
    first: date | None = None
    last: date | None = None
    granularity: Granularity | None = None
    mod: str | None = None  # TIMEX3 mod: EARLY, MID, LATE, START, END, APPROX...
    uncertain: bool = False  # e.g. weekday resolved against a range-only anchor
    #: Where the value's anchor came from: "explicit" (the expression names its year),
    #: "publication" (counted from the publication date), "narrative" (from the story's own
    #: time: an earlier mention, or the absolute date its paragraph is about), None (a
    #: duration, a set, or a value that could not be placed).
    anchor: AnchorSource | None = None

    @property
    def is_calendar(self) -> bool:
        return self.first is not None and self.last is not None
