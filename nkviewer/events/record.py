"""The event record: the contract between extraction, the window, exports and outside tools.

Field names and meanings follow the table in DESIGN.md ("The event record"). Two fields are added
and documented in the README: `uncertain` (the date rests on a guess, e.g. a weekday resolved
against an anchor known only as a range) and `conflicts` (ids of events that look like the same
happening but carry a different date).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Modality = Literal["happened", "expected"]

#: The contract's fields, in output order.
CONTRACT_FIELDS: tuple[str, ...] = (
    "event_id",
    "title",
    "start",
    "end",
    "granularity",
    "timex_value",
    "time_text",
    "time_start",
    "time_end",
    "sentence",
    "sentence_start",
    "sentence_end",
    "doc_id",
    "doc_path",
    "doc_title",
    "doc_source",
    "doc_url",
    "doc_published",
    "doc_published_source",
    "actors",
    "places",
    "reported_by",
    "lane",
    "entities",
    "modality",
    "sources",
)
EXTRA_FIELDS: tuple[str, ...] = ("uncertain", "conflicts")
ALL_FIELDS: tuple[str, ...] = CONTRACT_FIELDS + EXTRA_FIELDS
LIST_FIELDS: frozenset[str] = frozenset(
    {"actors", "places", "reported_by", "entities", "sources", "conflicts"}
)


@dataclass(slots=True)
class Event:
    event_id: str
    title: str
    start: str  # ISO date
    end: str  # ISO date, inclusive
    granularity: str
    timex_value: str
    time_text: str
    time_start: int
    time_end: int
    sentence: str
    sentence_start: int
    sentence_end: int
    doc_id: str
    doc_path: str
    doc_title: str = ""
    doc_source: str = ""
    doc_url: str = ""
    doc_published: str = ""
    doc_published_source: str = "unknown"
    actors: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    reported_by: list[str] = field(default_factory=list)  # who reported or announced it
    lane: str = ""
    entities: list[dict[str, Any]] = field(default_factory=list)
    modality: Modality = "happened"
    sources: list[dict[str, Any]] = field(default_factory=list)
    uncertain: bool = False
    conflicts: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """A plain dict with the fields in contract order (extras last).

        Shallow: list fields are the event's own lists (no deep copy; this runs per event when
        tables are built, so it must be cheap). Copy them before mutating.
        """
        return {k: getattr(self, k) for k in ALL_FIELDS}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Event:
        return cls(**{k: data[k] for k in ALL_FIELDS if k in data})
