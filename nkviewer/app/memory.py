"""A corpus held in memory: the events extracted so far (raw), the analyst's edits applied to
them (curated), the filters applied to those (filtered), and the parsed documents.

The window's `Session` fills it as the loader yields batches (`add_documents`, `set_raw`) and
re-resolves its dates when a publication date is corrected (`rebuild`). A refilter answers at
once. Frames are made on first use so that the window paints before pandas is imported.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from nkviewer.app.state import (
    Curation,
    EntityKinds,
    FacetCounts,
    FacetsCounted,
    Refiltered,
    ViewFetched,
)
from nkviewer.corpus.curation import curate
from nkviewer.events.facets import FilterEngine, FilterState, take_engine
from nkviewer.events.table import empty_frame
from nkviewer.model.source import FrameSource
from nkviewer.model.timeline import TextColumn

if TYPE_CHECKING:
    import pandas as pd

    from nkviewer.ingest.document import PublishedDate
    from nkviewer.nlp.parsed import EntitySpan, ParsedDocument


class MemoryCorpus:
    """The `CorpusState` of a corpus loaded into memory (see the module docstring)."""

    list_follows_view = False  # the list is the filtered table
    missing_document = "The article is still loading…"  # documents arrive with their events

    def __init__(self) -> None:
        self.documents: dict[str, ParsedDocument] = {}
        self.kinds = EntityKinds()
        self._raw: pd.DataFrame | None = None
        self._events: pd.DataFrame | None = None
        self._filtered: pd.DataFrame | None = None
        self._engine: FilterEngine | None = None  # over the curated events
        self._raw_engine: FilterEngine | None = None
        self._ids: TextColumn | None = None  # the ids of `events`, read when asked
        self._facet_cache: dict[tuple[str, int, int], tuple[tuple[str, str], ...]] = {}
        self._filters = FilterState()
        self._serial = 0  # of the latest refilter
        self._applied = 0  # of the refilter shown
        self._events_due = False  # the curated events changed since the last refilter shown

    # ------------------------------------------------------------------ filling it

    @property
    def raw(self) -> pd.DataFrame:
        """The events as extracted, before the analyst's edits."""
        if self._raw is None:
            self._raw = empty_frame()
        return self._raw

    def set_raw(self, frame: pd.DataFrame) -> None:
        """Replace the extracted events (a loading batch, a test); `refilter` with a curation
        shows them."""
        self._raw = frame

    def add_documents(self, documents: Iterable[ParsedDocument]) -> None:
        for parsed in documents:
            self.documents[parsed.document.doc_id] = parsed
            self.kinds.note(parsed)

    def rebuild(self, published: Mapping[str, PublishedDate]) -> bool:
        """Re-resolve every document's dates with these publication dates (no spaCy); False
        when there is no document to re-resolve."""
        if not self.documents:
            return False
        # the pipeline and its date engine load after the window shows (tests/test_startup_imports)
        from nkviewer.corpus.pipeline import rebuild_events

        self._raw = rebuild_events(list(self.documents.values()), published=dict(published))
        return True

    # ------------------------------------------------------------------ tables

    @property
    def events(self) -> pd.DataFrame:
        if self._events is None:
            self._events = empty_frame()
        return self._events

    @property
    def filtered(self) -> pd.DataFrame:
        if self._filtered is None:
            self._filtered = empty_frame()
        return self._filtered

    @property
    def view_events(self) -> pd.DataFrame:
        return self.filtered

    def view_total(self) -> int:
        return self.shown_count()

    def event_count(self) -> int:
        return 0 if self._events is None else len(self._events)

    def shown_count(self) -> int:
        return 0 if self._filtered is None else len(self._filtered)

    def document_count(self) -> int:
        return len(self.documents)

    def timeline_source(self) -> FrameSource:
        return FrameSource(self.filtered)

    def overview_source(self) -> FrameSource:
        return FrameSource(self.events)

    # ------------------------------------------------------------------ refiltering

    def refilter(
        self, filters: FilterState, selection: Sequence[str], curation: Curation | None = None
    ) -> Refiltered:
        if curation is not None or self._engine is None:
            self._curate(curation or Curation())
            self._events_due = True
        assert self._engine is not None
        self._filters = filters
        filtered = self._engine.apply(filters)
        self._serial += 1
        return Refiltered(
            self._serial,
            list(selection),
            _shown_of(filtered, selection),
            self._events_due,
            filtered,
            len(filtered),
        )

    def _curate(self, curation: Curation) -> None:
        raw = self.raw
        if self._raw_engine is None or self._raw_engine.frame is not raw:
            # made ahead in the loader's thread (qt.loader), else here
            self._raw_engine = take_engine(raw, len(self.documents))
        if self._raw_engine is None:
            sources = {d: p.document.source for d, p in self.documents.items()}
            self._raw_engine = FilterEngine(
                raw, kind_of=self.kinds.of, source_of_doc=sources, cache=self._facet_cache
            )
        self._events, rows, retitled = curate(
            raw,
            hidden=curation.hidden,
            titles=curation.titles,
            dates=curation.dates,
            show_hidden=curation.show_hidden,
        )
        # a curation edit changes few events: derive, rather than rebuild, the lookups
        same = self._events is raw
        self._engine = (
            self._raw_engine if same else self._raw_engine.derive(self._events, rows, retitled)
        )
        self._ids = None

    def accept(self, result: Refiltered) -> bool:
        if result.serial != self._serial or result.serial == self._applied:
            return False
        self._applied = result.serial
        self._events_due = False
        self._filtered = result.view
        return True

    def wait(self, timeout: float = 60.0) -> Refiltered | None:
        return None  # a refilter answers at once: never one in flight

    @property
    def pending(self) -> bool:
        return False

    def shown_of(self, event_ids: Sequence[str]) -> list[str]:
        return _shown_of(self.filtered, event_ids)

    def facet_counts(self) -> FacetCounts:
        return {} if self._engine is None else self._engine.counts(self._filters)

    def accept_facets(self, result: FacetsCounted) -> bool:
        return False  # counted at once (`facet_counts`), never in the background

    def supports(self, edit: str) -> bool:
        return True  # every edit: hide, retitle, redate, correct a publication date

    # ------------------------------------------------------------------ the visible range

    def set_view_range(self, t0: float, t1: float) -> None:
        """The list shows every filtered event: the visible range changes nothing."""

    def request_view(self) -> None:
        """The list shows every filtered event: nothing to fetch."""

    def accept_view(self, result: ViewFetched) -> bool:
        return False  # never fetched (`request_view`)

    # ------------------------------------------------------------------ lookups

    def record(self, event_id: str) -> dict[str, Any] | None:
        if self._ids is None:  # read in Arrow: no index of 100,000 ids built after each edit
            self._ids = TextColumn(self.events["event_id"])
        row = int(self._ids.positions([event_id])[0])
        if row >= 0:
            return dict(self.events.iloc[row])
        raw = self.raw
        hit = raw.index[raw["event_id"] == event_id]
        return dict(raw.iloc[hit[0]]) if len(hit) else None

    def knows(self, event_id: str) -> bool:
        return self.record(event_id) is not None

    def raw_title(self, event_id: str) -> str:
        raw = self.raw
        hit = raw.index[raw["event_id"] == event_id]
        return str(raw.at[hit[0], "title"]) if len(hit) else ""

    def document(self, doc_id: str) -> ParsedDocument | None:
        return self.documents.get(doc_id)

    def entity_kind(self, ent: EntitySpan) -> str:
        return self.kinds.kind(ent)

    def close(self) -> None:
        """Nothing to release: the frames go with the object."""


def _shown_of(filtered: pd.DataFrame, event_ids: Sequence[str]) -> list[str]:
    """Those of `event_ids` in `filtered`, in the order given (isin: fast at 100,000)."""
    if not event_ids:
        return []
    ids = filtered["event_id"]
    present = set(ids[ids.isin(list(event_ids)).to_numpy()].tolist())
    return [e for e in event_ids if e in present]
