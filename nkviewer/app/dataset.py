"""An event dataset opened in the window (`nkviewer extract --engine dask -o DIR`), read lazily:
nothing is loaded whole.

The timeline draws from `source` (a `DatasetSource` behind the window's filters and the
analyst's hidden events and titles), the overview from `overview` (every event); the event list
shows the events of the visible range (at most `LIST_LIMIT`); documents, and the records of
events not in the frames at hand, are read when asked, in the background for the window
(`request_documents`, `request_record`). Refilters, list fetches, document reads and record
look-ups run in worker threads (DuckDB queries, Parquet decoding), the latest request only: one
that a newer request supersedes is dropped before it starts or once it ends. Facet counts are
computed in another thread. Results reach the owner through the plain callbacks the corpus was made
with, called from those threads: the owner brings them to its own thread (the window's
`Session` emits a queued Qt signal) and shows them there (`accept`, `accept_view`,
`accept_documents`, `accept_record`).
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nkviewer.app.state import (
    Curation,
    EntityKinds,
    FacetCounts,
    FacetsCounted,
    Refiltered,
    ViewFetched,
)
from nkviewer.corpus.curation import dataset_curation
from nkviewer.errors import NkviewerError
from nkviewer.events.filters import EventFilter
from nkviewer.events.table import empty_frame
from nkviewer.model.source import DatasetSource, RecentGroupings
from nkviewer.threads import SharedThread, short_gil_turns

if TYPE_CHECKING:
    import pandas as pd

    from nkviewer.corpus.dataset import EventDataset
    from nkviewer.events.facets import FilterState
    from nkviewer.ingest.document import PublishedDate
    from nkviewer.nlp.parsed import EntitySpan, ParsedDocument

log = logging.getLogger(__name__)

#: Most events the list shows for the visible range (in time order).
LIST_LIMIT = 2000
#: Source documents kept in memory once read.
DOCUMENT_CACHE = 64
#: Curation a dataset supports; dates stay as extracted (the index on disk is sorted by them).
SUPPORTED_EDITS = frozenset({"hidden", "titles"})
#: Why a dataset takes no loaded documents or events.
READ_FROM_DISK = "An event dataset is open: its events are read from disk."
UNSUPPORTED_TIP = (
    "Not available for an event dataset: its events stay at the dates they were extracted "
    "with. Open the corpus itself to correct dates."
)


@dataclass(frozen=True, slots=True)
class DocumentsRead:
    """Documents read in the background (`DatasetCorpus.request_documents`): by id, None for
    one the dataset does not hold; `corpus` and `serial` tell which request they answer."""

    corpus: DatasetCorpus
    serial: int
    documents: dict[str, ParsedDocument | None]


@dataclass(frozen=True, slots=True)
class RecordRead:
    """An event's record looked up in the background (`DatasetCorpus.request_record`): None
    for an id the dataset does not hold; `corpus` and `serial` tell which request it answers."""

    corpus: DatasetCorpus
    serial: int
    event_id: str
    record: dict[str, Any] | None


def _ignore(_result: object) -> None:
    """No listener."""


@dataclass(frozen=True, slots=True)
class DatasetRefiltered(Refiltered):
    """A dataset's refilter, prepared in the background: with the new source to draw from and
    the filter it answers."""

    source: DatasetSource
    filter: EventFilter


class DatasetCorpus:
    """The `CorpusState` of an `EventDataset` (see the module docstring). The callbacks are
    called from worker threads: `on_refiltered` with each refilter prepared, `on_view` with
    each list fetched, `on_facets` with each facet count, `on_documents` with each set of
    documents read for `request_documents`, `on_record` with each record looked up for
    `request_record`."""

    list_follows_view = True
    missing_document = "The article is not in the dataset's document store."

    def __init__(
        self,
        dataset: EventDataset,
        *,
        on_refiltered: Callable[[Refiltered], None],
        on_view: Callable[[ViewFetched], None],
        on_facets: Callable[[FacetsCounted], None],
        on_documents: Callable[[DocumentsRead], None] = _ignore,
        on_record: Callable[[RecordRead], None] = _ignore,
    ) -> None:
        self.dataset = dataset
        self._drawn = RecentGroupings()  # shared by the timeline's sources (one per filter)
        self.overview = DatasetSource(dataset)
        self.source = DatasetSource(dataset, drawn=self._drawn)
        self.filter = EventFilter()  # the latest asked for (facet counts follow it)
        self.kinds = EntityKinds()
        self._on_refiltered = on_refiltered
        self._on_view = on_view
        self._on_facets = on_facets
        self._on_documents = on_documents
        self._on_record = on_record
        self._doc_serial = 0  # of the latest documents asked for
        self._doc_job: Future[DocumentsRead | None] | None = None
        self._record_serial = 0  # of the latest record asked for
        self._record_job: Future[RecordRead | None] | None = None
        #: records looked up (`request_record`), curated as the latest edits asked for
        self._records: OrderedDict[str, dict[str, Any] | None] = OrderedDict()
        self._view_frame: pd.DataFrame | None = None
        self._view_total = 0  # events starting in the visible range
        self._range: tuple[float, float] | None = None
        self._hidden: frozenset[str] = frozenset()
        self._show_hidden = False
        self._transform: Callable[[pd.DataFrame], pd.DataFrame] | None = None
        self._events_due = False  # the curated events changed since the last refilter shown
        self._docs: OrderedDict[str, ParsedDocument | None] = OrderedDict()
        self._facets: FacetCounts = {}
        self._facets_for: EventFilter | None = None
        self._counting = False  # a facet count is asked for and not accepted yet
        self._background: list[Future[Any]] = []  # on _COUNTER, dropped by `close`
        self._background_lock = threading.Lock()  # (workers queue work too)
        self._serial = 0  # of the latest refilter asked for
        self._applied = 0  # of the refilter shown
        self._failed = 0  # of the latest refilter whose query failed (its worker sets it)
        self._job: Future[Refiltered | None] | None = None
        # the selection the refilter shown was asked with, and those of it that pass
        self._judged: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())
        self._view_serial = 0
        self._view_job: Future[ViewFetched | None] | None = None
        self._closed = False
        # the overview's histogram, made before it is asked for (painted, it held the window
        # 0.1-0.5 s at 10^6 events; errors show when asked); every grouping's lanes follow the
        # first facet count (`_count_facets`)
        self._lanes_due = True
        self._submit(self.overview.prepare, ("none",))

    def _submit(self, fn: Callable[..., Any], *args: Any) -> None:
        """Run `fn` on the thread counting facets (shared by every dataset opened, started
        when first needed); `close` cancels what has not started."""
        with self._background_lock:
            self._background = [f for f in self._background if not f.done()]
            self._background.append(_COUNTER.executor().submit(fn, *args))

    def _lanes_of(self, groupings: list[str]) -> None:
        """Read the lane keys of the first of `groupings` (0.1-0.4 s each at 10^6 events),
        then queue the rest behind what was asked meanwhile: a facet count asked for while
        they are read waits for one grouping at most."""
        if self._closed or not groupings:
            return
        try:
            with short_gil_turns():
                self.dataset.lanes(groupings[0])
        except Exception:  # a dataset closed meanwhile; else the error shows when asked
            return
        self._submit(self._lanes_of, groupings[1:])

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        on_refiltered: Callable[[Refiltered], None],
        on_view: Callable[[ViewFetched], None],
        on_facets: Callable[[FacetsCounted], None],
        on_documents: Callable[[DocumentsRead], None] = _ignore,
        on_record: Callable[[RecordRead], None] = _ignore,
    ) -> DatasetCorpus:
        """Open the dataset folder `path`; raises NkviewerError when it cannot be read."""
        # the dataset reader (and its date engine) loads when a dataset is first opened, after
        # the window shows (tests/test_startup_imports)
        from nkviewer.corpus.dataset import EventDataset

        return cls(
            EventDataset.open(path),
            on_refiltered=on_refiltered,
            on_view=on_view,
            on_facets=on_facets,
            on_documents=on_documents,
            on_record=on_record,
        )

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._serial += 1  # nothing in flight lands any more
        self._view_serial += 1
        self._doc_serial += 1
        self._record_serial += 1
        self.source.close()
        self.overview.close()
        with self._background_lock:
            jobs = [self._job, self._view_job, self._doc_job, self._record_job]
            jobs += self._background
            self._background = []
        for job in jobs:
            if job is not None:
                job.cancel()
        # a finished job's result (a DocumentsRead, a RecordRead) refers back to this corpus:
        # kept here, that cycle held the closed corpus until a full collection (a walk of the
        # whole heap on the window's thread, 0.3-0.45 s at 10^5; `heap.Dropped`)
        self._job = self._view_job = self._doc_job = self._record_job = None
        self.dataset.close()
        self._view_frame = None
        self._docs.clear()
        self._records.clear()
        self._facets = {}

    # ------------------------------------------------------------------ what is shown

    @property
    def documents(self) -> Mapping[str, ParsedDocument]:
        return {}  # read one at a time (`document`), none held

    def add_documents(self, documents: Iterable[ParsedDocument]) -> None:
        raise NkviewerError(READ_FROM_DISK)

    def set_raw(self, frame: pd.DataFrame) -> None:
        raise NkviewerError(READ_FROM_DISK)

    def rebuild(self, published: Mapping[str, PublishedDate]) -> bool:
        return False  # dates stay as extracted (SUPPORTED_EDITS)

    @property
    def view_events(self) -> pd.DataFrame:
        return self._view_frame if self._view_frame is not None else empty_frame()

    @property
    def events(self) -> pd.DataFrame:
        return self.view_events

    @property
    def filtered(self) -> pd.DataFrame:
        return self.view_events

    def view_total(self) -> int:
        return self._view_total

    def event_count(self) -> int:
        return len(self.dataset) - (0 if self._show_hidden else len(self._hidden))

    def shown_count(self) -> int:
        return self.source.count()

    def document_count(self) -> int:
        return int(self.dataset.meta.get("documents", 0) or 0)

    def timeline_source(self) -> DatasetSource:
        return self.source

    def overview_source(self) -> DatasetSource:
        return self.overview

    def supports(self, edit: str) -> bool:
        return edit in SUPPORTED_EDITS

    # ------------------------------------------------------------------ filters and edits

    def refilter(
        self, filters: FilterState, selection: Sequence[str], curation: Curation | None = None
    ) -> None:
        """Prepare, in the background, a source for these filters and the edits (hidden events
        left out unless shown); `on_refiltered` brings it."""
        if curation is not None:
            self._hidden, self._show_hidden = frozenset(curation.hidden), curation.show_hidden
            self._transform = dataset_curation(self._hidden, curation.titles)  # copied
            self._events_due = True
            # records looked up under the previous edits are stale (a title): looked up again
            self._records.clear()
            self._record_serial += 1
        flt = EventFilter.from_state(filters, exclude=() if self._show_hidden else self._hidden)
        self.filter = flt
        self._serial += 1
        self._view_serial += 1  # a list fetch for the old source is moot
        if self._job is not None:
            self._job.cancel()
        self._job = _QUERIES.executor().submit(
            self._prepare,
            self._serial,
            flt,
            self._transform,
            list(selection),
            self._range,
            self._events_due,
        )
        return None

    def _prepare(
        self,
        serial: int,
        flt: EventFilter,
        curate: Callable[[pd.DataFrame], pd.DataFrame] | None,
        selection: list[str],
        rng: tuple[float, float] | None,
        events_changed: bool,
    ) -> Refiltered | None:
        if serial != self._serial:
            return None  # superseded before it started
        with short_gil_turns():  # (decoding and curating are Python; see nkviewer.threads)
            return self._prepared(serial, flt, curate, selection, rng, events_changed)

    def _prepared(
        self,
        serial: int,
        flt: EventFilter,
        curate: Callable[[pd.DataFrame], pd.DataFrame] | None,
        selection: list[str],
        rng: tuple[float, float] | None,
        events_changed: bool,
    ) -> Refiltered | None:
        source = DatasetSource(
            self.dataset, flt if flt.is_active else None, transform=curate, drawn=self._drawn
        )
        try:
            source.prepare()  # the filter's query, lanes and histograms: ready for painting
            if rng is not None:  # and the timeline's events of the view, with their model
                source.preload(*rng)
            passing = self.dataset.passing(selection, flt) if selection else set()
            kept = [e for e in selection if e in passing]
            view, total = _view_of(source, rng) if serial == self._serial else (None, 0)
        except Exception:  # a DuckDB error is logged; a dataset closed meanwhile is expected
            if not self._closed:
                log.exception("refiltering the dataset failed")
            source.close()
            self._failed = serial  # no longer pending: the previous state stays shown
            return None
        if view is None or serial != self._serial:
            source.close()
            return None  # superseded meanwhile
        result = DatasetRefiltered(
            serial, selection, kept, events_changed, view, total, source=source, filter=flt
        )
        self._on_refiltered(result)
        return result

    def accept(self, result: Refiltered) -> bool:
        """Show `result` if it is the latest request and not shown yet (owner's thread)."""
        if not isinstance(result, DatasetRefiltered):
            return False
        if result.serial != self._serial or result.serial == self._applied:
            if result.source is not self.source:
                result.source.close()
            return False
        old, self.source = self.source, result.source
        old.close()
        self._applied = result.serial
        self._events_due = False
        self._view_frame, self._view_total = result.view, result.view_total
        self._judged = (frozenset(result.selection), frozenset(result.kept))
        return True

    def wait(self, timeout: float = 60.0) -> Refiltered | None:
        job = self._job
        if job is None or job.cancelled():
            return None
        return job.result(timeout=timeout)

    @property
    def pending(self) -> bool:
        """Whether the latest refilter is still running (one that failed is not: the window
        keeps the state it shows, and the error is in the log)."""
        return self._serial not in (self._applied, self._failed)

    def shown_of(self, event_ids: Sequence[str]) -> list[str]:
        """Those of `event_ids` that pass the latest filters (hidden ones left out unless
        shown), in the order given. The window asks it on its thread for a selection changed
        while a refilter ran: the ids that refilter's worker judged already (the selection
        asked with) are not looked up again, only those selected since (a lookup of 1,000
        events not at hand took 0.2 s at 10^6 events)."""
        ids = list(event_ids)
        asked, kept = self._judged if self._judged_for() else (frozenset(), frozenset())
        new = [e for e in ids if e not in asked]
        passing = self.dataset.passing(new, self.filter) if new else set()
        return [e for e in ids if e in kept or e in passing]

    def _judged_for(self) -> bool:
        """Whether `_judged` answers for the filters now: those of the refilter shown (the
        latest asked), no newer one asked since."""
        return self._serial == self._applied

    # ------------------------------------------------------------------ the visible range

    def set_view_range(self, t0: float, t1: float) -> None:
        self._range = (t0, t1)

    def request_view(self) -> None:
        """Fetch the events of the visible range in the background; `on_view` brings them."""
        self._view_serial += 1
        if self._view_job is not None:
            self._view_job.cancel()
        self._view_job = _QUERIES.executor().submit(
            self._fetch_view, self._view_serial, self.source, self._range
        )

    def _fetch_view(
        self, serial: int, source: DatasetSource, rng: tuple[float, float] | None
    ) -> ViewFetched | None:
        if serial != self._view_serial:
            return None
        try:
            with short_gil_turns():
                view, total = _view_of(source, rng)
        except Exception:
            log.exception("fetching the dataset's list failed")
            return None
        result = ViewFetched(serial, source, view, total)
        self._on_view(result)
        return result

    def accept_view(self, result: ViewFetched) -> bool:
        if result.serial != self._view_serial or result.for_source is not self.source:
            return False
        self._view_frame, self._view_total = result.view, result.view_total
        return True

    # ------------------------------------------------------------------ lookups

    def record(self, event_id: str) -> dict[str, Any] | None:
        """An event's curated record: from the frames at hand, else looked up on disk (a
        query on the calling thread: the window asks `request_record` instead)."""
        at_hand, record = self._record_at_hand(event_id)
        if at_hand:
            return record
        found = self.source.find([event_id])
        return dict(found.iloc[0]) if len(found) else None

    def _record_at_hand(self, event_id: str) -> tuple[bool, dict[str, Any] | None]:
        """(True, record) when the event is in the frames at hand (the list's, the timeline's
        window of events) or was looked up (None: the dataset does not hold it); else
        (False, None)."""
        window = self.source.current_window()
        for frame in (self._view_frame, window.frame if window is not None else None):
            if frame is not None and len(frame):
                hit = frame.index[frame["event_id"] == event_id]
                if len(hit):
                    return True, dict(frame.loc[hit[0]])
        if event_id in self._records:
            self._records.move_to_end(event_id)
            return True, self._records[event_id]
        return False, None

    def record_at_hand(self, event_id: str) -> bool:
        """Whether `record` answers without a query (else ask `request_record`)."""
        return self._record_at_hand(event_id)[0]

    def request_record(self, event_id: str) -> None:
        """Look an event's record up in the background (a query); `on_record` brings it for
        `accept_record`. The latest request only: an older one is dropped, and so is one made
        before the edits changed."""
        self._record_serial += 1
        if self._record_job is not None:
            self._record_job.cancel()
        self._record_job = _DOCUMENTS.executor().submit(
            self._look_up, self._record_serial, event_id, self._transform
        )

    def _look_up(
        self,
        serial: int,
        event_id: str,
        curate: Callable[[pd.DataFrame], pd.DataFrame] | None,
    ) -> RecordRead | None:
        if serial != self._record_serial:
            return None  # superseded before it started
        try:
            found = self.dataset.find([event_id])
            if curate is not None:
                found = curate(found)
        except Exception:  # a DuckDB error: the panel shows nothing for it
            if self._closed:
                return None
            log.exception("looking up the event %s failed", event_id)
            found = None
        record = dict(found.iloc[0]) if found is not None and len(found) else None
        result = RecordRead(self, serial, event_id, record)
        self._on_record(result)
        return result

    def accept_record(self, result: RecordRead) -> bool:
        """Keep a record looked up in the background (owner's thread), the `DOCUMENT_CACHE`
        latest; True when it answers the latest request (a superseded or stale one is
        dropped)."""
        if result.corpus is not self or result.serial != self._record_serial:
            return False
        self._records[result.event_id] = result.record
        self._records.move_to_end(result.event_id)
        while len(self._records) > DOCUMENT_CACHE:
            self._records.popitem(last=False)
        return True

    def knows(self, event_id: str) -> bool:
        return True  # an open dataset's events stay the same (edits change no id)

    def raw_title(self, event_id: str) -> str:
        """The title as extracted (before the analyst's edit), read from the title column
        alone (by the dataset's id index once read)."""
        title = self.dataset.values_of([event_id], "title").get(event_id)
        return "" if title is None else str(title)

    def document(self, doc_id: str) -> ParsedDocument | None:
        """A document: from the ones kept, else read now (one query: the window asks for it in
        the background instead, `request_documents`, and takes `kept_document`)."""
        if doc_id in self._docs:
            return self.kept_document(doc_id)
        parsed = self._read_document(doc_id)
        self._keep(doc_id, parsed)
        return parsed

    def kept_document(self, doc_id: str) -> ParsedDocument | None:
        """A document read already (None when not read yet or not in the dataset): never a
        query."""
        if doc_id not in self._docs:
            return None
        self._docs.move_to_end(doc_id)
        return self._docs[doc_id]

    def _read_document(self, doc_id: str) -> ParsedDocument | None:
        try:
            return self.dataset.document(doc_id)
        except KeyError:
            return None

    def _keep(self, doc_id: str, parsed: ParsedDocument | None) -> None:
        """Keep a document read (owner's thread), the `DOCUMENT_CACHE` latest."""
        if parsed is not None:
            self.kinds.note(parsed)
        self._docs[doc_id] = parsed
        self._docs.move_to_end(doc_id)
        while len(self._docs) > DOCUMENT_CACHE:
            self._docs.popitem(last=False)

    def documents_missing(self, doc_ids: Iterable[str]) -> list[str]:
        """Those of `doc_ids` not kept: `document` would read them from disk."""
        return [d for d in dict.fromkeys(doc_ids) if d not in self._docs]

    def request_documents(self, doc_ids: Sequence[str]) -> None:
        """Read `doc_ids` in the background (one query each); `on_documents` brings them for
        `accept_documents`. The latest request only: one not started yet is dropped, one under
        way stops at its next document."""
        self._doc_serial += 1
        if self._doc_job is not None:
            self._doc_job.cancel()
        self._doc_job = _DOCUMENTS.executor().submit(
            self._read_documents, self._doc_serial, list(doc_ids)
        )

    def _read_documents(self, serial: int, doc_ids: list[str]) -> DocumentsRead | None:
        read: dict[str, ParsedDocument | None] = {}
        for doc_id in doc_ids:
            if serial != self._doc_serial:
                return None  # superseded (or the dataset closed)
            try:
                read[doc_id] = self._read_document(doc_id)
            except Exception:  # a DuckDB error: the panel says the article is not at hand
                if self._closed:
                    return None
                log.exception("reading the document %s failed", doc_id)
                read[doc_id] = None
        result = DocumentsRead(self, serial, read)
        self._on_documents(result)
        return result

    def accept_documents(self, result: DocumentsRead) -> bool:
        """Keep documents read in the background (owner's thread); True when they answer the
        latest request (a superseded one's are dropped)."""
        if result.corpus is not self or result.serial != self._doc_serial:
            return False
        for doc_id, parsed in result.documents.items():
            self._keep(doc_id, parsed)
        return True

    def entity_kind(self, ent: EntitySpan) -> str:
        return self.kinds.kind(ent)

    # ------------------------------------------------------------------ facet counts

    def facet_counts(self) -> FacetCounts:
        """The counts under the current filters when ready; else the last ones, and
        `on_facets` brings the new ones (a query over every event) for `accept_facets`."""
        if self._facets_for != self.filter and not self._counting and not self._closed:
            self._counting = True
            self._submit(self._count_facets, self.filter)
        return self._facets

    def _count_facets(self, flt: EventFilter) -> None:
        counts: FacetCounts | None
        try:
            counts = self.dataset.facet_counts(flt)
        except Exception:  # a DuckDB error is logged; a dataset closed meanwhile is expected
            if not self._closed:
                log.exception("facet counts failed")
            counts = None
        if self._closed:
            return  # (the owner shows another corpus now)
        if self._lanes_due:  # low priority: after the first counts, one grouping at a time
            from nkviewer.corpus.dataset import GROUP_BY  # (loaded: the dataset is open)

            self._lanes_due = False
            self._submit(self._lanes_of, list(GROUP_BY))
        self._on_facets(FacetsCounted(flt, counts))

    def accept_facets(self, result: FacetsCounted) -> bool:
        """Keep counts made in the background (owner's thread); if the filters changed
        meanwhile, count again for the new ones."""
        self._counting = False
        if self._closed or result.counts is None:
            return False
        self._facets, self._facets_for = result.counts, result.for_filter
        self.facet_counts()  # the filters changed meanwhile: count again
        return True


#: The thread preparing refilters and fetching the list, and the one counting facets (and
#: preparing histograms and lanes): each made when first needed, shared by every dataset opened.
_QUERIES = SharedThread("nkviewer-query")
_COUNTER = SharedThread("nkviewer-facets")
#: The thread reading documents and looking records up for the Source panel (a query each,
#: beside the others; a record asked before its articles is read first).
_DOCUMENTS = SharedThread("nkviewer-documents")


def _view_of(source: DatasetSource, rng: tuple[float, float] | None) -> tuple[pd.DataFrame, int]:
    """The first `LIST_LIMIT` events overlapping `rng` (all when None) and how many start in it."""
    if rng is None:
        bounds = source.time_bounds()
        rng = bounds if bounds is not None else (0.0, 1.0)
    t0, t1 = rng
    return source.events_in(t0, t1, limit=LIST_LIMIT), source.visible_count(t0, t1)
