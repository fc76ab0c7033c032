"""What the window reads of an open corpus and asks of it, whether it is held in memory or read
from an event dataset on disk: `CorpusState`, and the types both implementations share.

A refilter (new filters, or new edits and then the filters) answers one way for both: a
`Refiltered` result, given back at once by the corpus in memory and delivered later, from a
worker thread, by a dataset. The owner shows it on its own thread through `accept`, which
refuses a result that a newer request superseded; a dataset's list of the visible range and its
facet counts arrive the same way (`accept_view`, `accept_facets`), so that the state only ever
changes on its owner's thread.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from nkviewer.events.filters import EventFilter, entity_kind, note_kind

if TYPE_CHECKING:
    import pandas as pd

    from nkviewer.events.facets import FilterState
    from nkviewer.ingest.document import PublishedDate
    from nkviewer.model.source import DatasetSource, FrameSource
    from nkviewer.nlp.parsed import EntitySpan, ParsedDocument

#: Counts per facet kind: (value, events) pairs.
FacetCounts = dict[str, list[tuple[str, int]]]


@dataclass(frozen=True, slots=True)
class Curation:
    """The analyst's edits as a corpus applies them to its events: hidden event ids, corrected
    titles and dates (start, end, granularity) by event id, and whether hidden events are shown.
    (Corrected publication dates re-resolve a corpus' dates instead: `MemoryCorpus.rebuild`.)"""

    hidden: frozenset[str] = frozenset()
    titles: Mapping[str, str] = field(default_factory=dict)
    dates: Mapping[str, tuple[str, str, str]] = field(default_factory=dict)
    show_hidden: bool = False


@dataclass(frozen=True, slots=True)
class Refiltered:
    """The outcome of one refilter: the events that pass (`view`, the list's events, of
    `view_total` it stands for), the selection asked with and those of it still shown, and
    whether the curated events changed too (new edits)."""

    serial: int
    selection: list[str]  # the selection when the refilter was asked for
    kept: list[str]  # those of `selection` that pass the new filters
    events_changed: bool
    view: pd.DataFrame
    view_total: int


@dataclass(frozen=True, slots=True)
class ViewFetched:
    """The events of the visible range, fetched in the background for the source `for_source`
    (compared by identity: a list fetched for a source since replaced is dropped)."""

    serial: int
    for_source: object
    view: pd.DataFrame
    view_total: int


@dataclass(frozen=True, slots=True)
class FacetsCounted:
    """Facet counts computed in the background for the filter `for_filter` (None `counts`: the
    query failed, and was logged)."""

    for_filter: EventFilter
    counts: FacetCounts | None


class EntityKinds:
    """Each entity's facet kind, learnt from the documents read; a known kind wins over ""."""

    def __init__(self) -> None:
        self.of: dict[str, str] = {}

    def note(self, parsed: ParsedDocument) -> None:
        for ent in parsed.entities:
            note_kind(self.of, ent.canonical, ent.kind)

    def kind(self, ent: EntitySpan) -> str:
        """The facet an entity mention belongs to ("" when none, e.g. a named event)."""
        return entity_kind(
            {"kind": ent.kind, "label": ent.label, "canonical": ent.canonical}, self.of
        )


class CorpusState(Protocol):
    """One open corpus as the window sees it (see the module docstring). Every method is called
    on the owner's thread; a dataset's background work reports through the callbacks it was
    made with."""

    @property
    def list_follows_view(self) -> bool:
        """True when the event list shows the events of the visible range, fetched on their
        own (`request_view`), rather than the filtered table."""
        ...

    @property
    def missing_document(self) -> str:
        """What the Source panel says when an event's article is not at hand (still loading,
        or not in a dataset's document store)."""
        ...

    @property
    def documents(self) -> Mapping[str, ParsedDocument]:
        """The documents held in memory (a dataset reads them one at a time: none)."""
        ...

    def add_documents(self, documents: Iterable[ParsedDocument]) -> None:
        """Take documents a load parsed (raises NkviewerError where nothing is loaded)."""
        ...

    def set_raw(self, frame: pd.DataFrame) -> None:
        """Replace the extracted events (a loading batch, a test; raises NkviewerError where
        events are read from disk); `refilter` with a curation shows them."""
        ...

    def rebuild(self, published: Mapping[str, PublishedDate]) -> bool:
        """Re-resolve the documents' dates with these publication dates (no spaCy); False when
        there is nothing to re-resolve (no document held, or dates that stay as extracted)."""
        ...

    @property
    def events(self) -> pd.DataFrame:
        """The curated events (hidden ones only when shown); a dataset's: those of the list."""
        ...

    @property
    def filtered(self) -> pd.DataFrame:
        """The curated events that pass the filters; a dataset's: those of the list."""
        ...

    @property
    def view_events(self) -> pd.DataFrame:
        """What the event list shows."""
        ...

    def view_total(self) -> int:
        """Events the list stands for (a dataset's list shows only the first ones)."""
        ...

    def event_count(self) -> int: ...

    def shown_count(self) -> int: ...

    def document_count(self) -> int: ...

    def timeline_source(self) -> FrameSource | DatasetSource:
        """What the timeline draws: the filtered events."""
        ...

    def overview_source(self) -> FrameSource | DatasetSource:
        """What the overview draws: every curated event, filters aside."""
        ...

    def record(self, event_id: str) -> dict[str, Any] | None:
        """The curated record of an event (hidden ones too); None if unknown."""
        ...

    def knows(self, event_id: str) -> bool:
        """Whether the corpus still has this event (re-resolved dates can change the ids)."""
        ...

    def raw_title(self, event_id: str) -> str:
        """The title as extracted, before the analyst's correction ("" if unknown)."""
        ...

    def document(self, doc_id: str) -> ParsedDocument | None: ...

    def entity_kind(self, ent: EntitySpan) -> str: ...

    def facet_counts(self) -> FacetCounts:
        """Per facet kind under the latest filters (a dataset's may still be counting: the
        previous ones, and its `on_facets` callback brings the new ones)."""
        ...

    def accept_facets(self, result: FacetsCounted) -> bool:
        """Take counts made in the background; True when there are new ones to show."""
        ...

    def supports(self, edit: str) -> bool:
        """Whether curation `edit` ("hidden", "titles", "dates", "published") applies."""
        ...

    def refilter(
        self, filters: FilterState, selection: Sequence[str], curation: Curation | None = None
    ) -> Refiltered | None:
        """Filter again, after applying `curation` when given (new edits; else the last ones).
        Returns the result, or None when it is prepared in the background and delivered later."""
        ...

    def accept(self, result: Refiltered) -> bool:
        """Show `result` unless a newer refilter superseded it (or it is shown already)."""
        ...

    def wait(self, timeout: float = 60.0) -> Refiltered | None:
        """Block until the refilter in flight is prepared; None when none is."""
        ...

    @property
    def pending(self) -> bool:
        """Whether a refilter asked for is not shown yet."""
        ...

    def shown_of(self, event_ids: Sequence[str]) -> list[str]:
        """Those of `event_ids` that pass the latest filters, in the order given."""
        ...

    def set_view_range(self, t0: float, t1: float) -> None:
        """The timeline's visible range (a list that follows the view fetches it)."""
        ...

    def request_view(self) -> None:
        """Fetch the events of the visible range (in the background) if the list follows it."""
        ...

    def accept_view(self, result: ViewFetched) -> bool:
        """Show a fetched list if it is the latest and for the source shown."""
        ...

    def close(self) -> None:
        """Release files, threads and caches; nothing in flight is delivered any more."""
        ...
