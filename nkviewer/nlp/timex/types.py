"""Data types of temporal expressions, shared by the tagger, the cache and event building.

Detection is independent of the document creation time (DCT): a `TimexMention` records what the
expression says (its `recipe`) and the tense cue of its clause. Resolution turns a mention and an
anchor into a `ResolvedTimex`. Keeping the two apart lets a corrected publication date re-resolve
a document at once, without spaCy.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
Granularity = Literal["day", "week", "month", "quarter", "season", "year", "decade", "range"]
Tense = Literal["past", "present", "future"]
AnchorSource = Literal["explicit", "publication", "narrative"]


@dataclass(slots=True)
class TimexMention:
    """A temporal expression as found in the text, before anchoring."""

    start: int
    end: int
    text: str
    type: TimexType
    recipe: dict[str, Any] = field(default_factory=dict)  # JSON-able, read only by the resolver
    tense: Tense | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TimexMention:
        return cls(**data)


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
