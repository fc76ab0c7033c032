"""Event filters and facets: one definition, answered by DuckDB (a dataset on disk) or pandas
(in memory), for the window's filter dock (`nkviewer.events.facets`) and the dataset reader alike.

Values picked inside one facet are alternatives (OR); facets, actors, lanes, text, dates and
modality combine (AND); a facet's counts use every filter except that facet's own. Each event's
facet values ("person", "country", "organisation", "place", "source") come from `event_facets`:
the window derives them from an in-memory table, a dataset stores them when it is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from nkviewer.events.table import isin

if TYPE_CHECKING:
    import pandas as pd

#: Facet kinds in display order, with their headings.
FACETS: tuple[tuple[str, str], ...] = (
    ("person", "People"),
    ("country", "Countries"),
    ("organisation", "Organisations"),
    ("place", "Places"),
    ("source", "Sources"),
)
FACET_KINDS: tuple[str, ...] = tuple(k for k, _ in FACETS)
MODALITIES: frozenset[str] = frozenset({"happened", "expected"})
#: spaCy label → facet kind, for entities whose kind the extractor did not record.
LABEL_KIND: dict[str, str] = {
    "PERSON": "person",
    "NORP": "country",
    "GPE": "country",
    "ORG": "organisation",
    "LOC": "place",
    "FAC": "place",
}
#: Separates kind and value in a stored facet token ("person\x1fKim Jong-un").
SEP = "\x1f"


def facet_token(kind: str, value: str) -> str:
    return f"{kind}{SEP}{value}"


def split_token(token: str) -> tuple[str, str]:
    kind, _, value = token.partition(SEP)
    return kind, value


def entity_kind(entity: Mapping[str, Any], kind_of: Mapping[str, str]) -> str:
    """The facet kind of an event's entity dict: its own `kind`, the corpus' or the label's."""
    kind = str(entity.get("kind") or "")
    if kind in FACET_KINDS:
        return kind
    canonical = str(entity.get("canonical") or entity.get("text") or "")
    if canonical in kind_of:  # the extractor's verdict, "" included (e.g. "Nazi": no facet)
        return kind_of[canonical] if kind_of[canonical] in FACET_KINDS else ""
    return LABEL_KIND.get(str(entity.get("label") or ""), "")


def note_kind(kind_of: dict[str, str], canonical: str, kind: str) -> None:
    """Remember the kind of an entity seen in a document; a known kind wins over "" (none)."""
    if kind or canonical not in kind_of:
        kind_of[canonical] = kind_of.get(canonical) or kind


def event_facets(
    entities: Any,
    actors: Any,
    places: Any,
    sources: Any,
    doc_source: Any,
    *,
    kind_of: Mapping[str, str],
    source_of_doc: Mapping[str, str],
) -> tuple[tuple[str, str], ...]:
    """The (facet kind, value) pairs of one event, without repeats: its entities (by
    `entity_kind`), actors (people unless known otherwise), places, and the outlets of its
    reports (else its own `doc_source`). List cells may be lists, tuples or numpy arrays."""
    seen: set[tuple[str, str]] = set()
    local: dict[str, str] = {}
    for ent in _as_list(entities):
        if not isinstance(ent, Mapping):
            continue
        kind = entity_kind(ent, kind_of)
        name = str(ent.get("canonical") or ent.get("text") or "")
        if kind and name:
            seen.add((kind, name))
            local[name] = kind
    for name in _as_list(actors):
        kind = local.get(name) or kind_of.get(name, "")
        seen.add((kind if kind in FACET_KINDS else "person", name))
    for name in _as_list(places):
        kind = local.get(name) or kind_of.get(name, "")
        seen.add((kind if kind in ("country", "place") else "place", name))
    outlets = {
        source_of_doc.get(str(s.get("doc_id")), "")
        for s in _as_list(sources)
        if isinstance(s, Mapping)
    }
    outlets.discard("")
    if not outlets and doc_source:
        outlets = {str(doc_source)}
    seen.update(("source", o) for o in outlets)
    return tuple(seen)


def event_tokens(
    *cells: Any, kind_of: Mapping[str, str], source_of_doc: Mapping[str, str]
) -> list[str]:
    """`event_facets` as the sorted tokens a dataset stores ("person\x1fKim Jong-un")."""
    pairs = event_facets(*cells, kind_of=kind_of, source_of_doc=source_of_doc)
    return sorted(facet_token(k, v) for k, v in pairs)


@dataclass(frozen=True)
class EventFilter:
    """What to show. Day numbers as in the event table (`end` exclusive); empty means no limit.

    `facets` maps a kind of `FACET_KINDS` to the values picked in it; `actors` keeps events
    naming any of the given actors; `lanes` keeps events whose `lane` field is one of them;
    `exclude` drops events by id (events the user hid).
    """

    text: str = ""
    facets: Mapping[str, frozenset[str]] = field(default_factory=dict)
    actors: frozenset[str] = frozenset()
    lanes: frozenset[str] = frozenset()
    start: float | None = None
    end: float | None = None
    modalities: frozenset[str] = MODALITIES
    exclude: frozenset[str] = frozenset()

    @classmethod
    def from_state(cls, state: Any, *, exclude: Iterable[str] = ()) -> EventFilter:
        """From the window's `FilterState` (text, facets, start, end, modalities): duck typed."""
        return cls(
            text=str(getattr(state, "text", "")),
            facets={k: frozenset(v) for k, v in dict(getattr(state, "facets", {})).items()},
            start=getattr(state, "start", None),
            end=getattr(state, "end", None),
            modalities=frozenset(getattr(state, "modalities", MODALITIES)),
            exclude=frozenset(exclude),
        )

    @property
    def is_active(self) -> bool:
        return bool(
            self.terms()
            or any(self.facets.values())
            or self.actors
            or self.lanes
            or self.start is not None
            or self.end is not None
            or self.modalities != MODALITIES
            or self.exclude
        )

    def terms(self) -> list[str]:
        return self.text.casefold().split()

    def picked(self, kind: str) -> frozenset[str]:
        return frozenset(self.facets.get(kind, frozenset()))

    # ------------------------------------------------------------------ SQL (DuckDB)

    def sql(self, *, skip_facet: str | None = None) -> tuple[str, list[Any]]:
        """A WHERE condition (never empty) and its parameters; `skip_facet` leaves that one out."""
        parts: list[str] = []
        params: list[Any] = []
        for term in self.terms():
            hay = "coalesce(title, '') || chr(10) || coalesce(sentence, '')"
            parts.append(f"contains(lower({hay}), ?)")
            params.append(term)
        if self.start is not None:
            parts.append("t1 > ?")
            params.append(float(self.start))
        if self.end is not None:
            parts.append("t0 < ?")
            params.append(float(self.end))
        if self.modalities != MODALITIES:
            parts.append("list_contains(?::VARCHAR[], modality)")
            params.append(sorted(self.modalities))
        if self.actors:
            parts.append("list_has_any(actors, ?::VARCHAR[])")
            params.append(sorted(self.actors))
        if self.lanes:
            parts.append("list_contains(?::VARCHAR[], lane)")
            params.append(sorted(self.lanes))
        for kind in FACET_KINDS:
            picked = self.picked(kind)
            if picked and kind != skip_facet:
                parts.append("list_has_any(facets, ?::VARCHAR[])")
                params.append(sorted(facet_token(kind, v) for v in picked))
        if self.exclude:
            parts.append("NOT list_contains(?::VARCHAR[], event_id)")
            params.append(sorted(self.exclude))
        return (" AND ".join(parts) or "TRUE"), params

    # ------------------------------------------------------------------ pandas (in memory)

    def mask(
        self,
        frame: pd.DataFrame,
        *,
        kind_of: Mapping[str, str] | None = None,
        source_of_doc: Mapping[str, str] | None = None,
        skip_facet: str | None = None,
    ) -> np.ndarray:
        """Which rows of an in-memory event frame pass (the same rules as `sql`)."""
        n = len(frame)
        keep = np.ones(n, dtype=bool)
        if n == 0:
            return keep
        terms = self.terms()
        if terms:
            title, sentence = frame["title"].fillna(""), frame["sentence"].fillna("")
            hay = (title.astype(str) + "\n" + sentence.astype(str)).str.casefold()
            for term in terms:
                keep &= hay.str.contains(term, regex=False).to_numpy(dtype=bool)
        if self.start is not None:
            keep &= frame["t1"].to_numpy(dtype=float) > self.start
        if self.end is not None:
            keep &= frame["t0"].to_numpy(dtype=float) < self.end
        if self.modalities != MODALITIES:
            keep &= frame["modality"].isin(list(self.modalities)).to_numpy(dtype=bool)
        if self.actors:
            wanted = self.actors
            keep &= np.fromiter(
                (bool(wanted.intersection(a or ())) for a in frame["actors"]), bool, n
            )
        if self.lanes:
            keep &= isin(frame["lane"], self.lanes)
        if self.exclude:
            keep &= ~isin(frame["event_id"], self.exclude)
        kinds = [k for k in FACET_KINDS if self.picked(k) and k != skip_facet]
        if kinds:
            tokens = frame_facets(frame, kind_of=kind_of or {}, source_of_doc=source_of_doc or {})
            for kind in kinds:
                want = {facet_token(kind, v) for v in self.picked(kind)}
                keep &= np.fromiter((not want.isdisjoint(t) for t in tokens), bool, n)
        return keep


#: The event columns `event_facets` reads, in its argument order.
FACET_COLUMNS = ("entities", "actors", "places", "sources", "doc_source")


def frame_facets(
    frame: pd.DataFrame, *, kind_of: Mapping[str, str], source_of_doc: Mapping[str, str]
) -> list[list[str]]:
    """The stored facet tokens (`event_tokens`) of every row of an event frame."""
    cols = [frame[c].tolist() for c in FACET_COLUMNS]
    return [
        event_tokens(*cells, kind_of=kind_of, source_of_doc=source_of_doc)
        for cells in zip(*cols, strict=True)
    ]


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if hasattr(value, "tolist"):
        value = value.tolist()
    return list(value) if isinstance(value, list | tuple) else []


def sort_counts(pairs: Iterable[tuple[str, int]], picked: frozenset[str]) -> list[tuple[str, int]]:
    """Most frequent first, then by name; picked values stay listed (with 0) to be unpicked."""
    out = sorted(((str(v), int(n)) for v, n in pairs), key=lambda p: (-p[1], p[0].casefold()))
    present = {v for v, _ in out}
    out.extend((v, 0) for v in sorted(picked) if v not in present)
    return out
