"""A corpus held in memory: the events extracted so far (raw), the analyst's edits applied to
them (curated), the filters applied to those (filtered), and the parsed documents.

The window's `Session` fills it as the loader yields batches (`add_documents`, `set_raw`) and
re-resolves its dates when a publication date is corrected (`rebuild`). The raw events of a
rebuild, the filter engines and the curated tables are made in the corpus' worker thread, or,
for a small corpus while the worker is idle, on the window's thread at once (never in both at
the same time). In a corpus of `BACKGROUND_EVENTS` events or more, and for any refilter asked
while the worker is busy, new edits and new filters are applied in the worker as a dataset's
refilter is: the filtered events and their facet counts are delivered through `on_refiltered`;
meanwhile the window shows the previous state (the window's thread never waits for the
worker). Frames are made on first use so that the window paints before pandas is imported.
"""

from __future__ import annotations

import logging
import threading
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, TypeVar

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
from nkviewer.events.table import arrow_strings, empty_frame, isin
from nkviewer.model.list_rows import BY_DATE, ListChange, Sort, list_change
from nkviewer.model.source import FrameSource
from nkviewer.model.timeline import PreparedModel, prepare
from nkviewer.threads import lower_priority, short_gil_turns

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from nkviewer.ingest.document import PublishedDate
    from nkviewer.nlp.parsed import EntitySpan, ParsedDocument

log = logging.getLogger(__name__)

_T = TypeVar("_T")

#: From this many events on, new edits and filters are applied in a worker thread (at 100,000
#: events the table, the filter engine and the filters took 20-30 ms of the window's thread
#: per edit).
BACKGROUND_EVENTS = 10_000

#: From this many documents on, a rebuild (a corrected publication date re-resolves every
#: document's dates) is made in the worker without the window waiting, whatever the number of
#: events: the seeds' documents copied 1,000 times took 3.8 s, about 4 ms a document.
BACKGROUND_DOCUMENTS = 20


@dataclass(frozen=True, slots=True)
class _Rebuild:
    """Raw events to be made again from these documents with these publication dates (a
    corrected publication date): made with the next curation, wherever curations are made."""

    documents: list[ParsedDocument]
    published: dict[str, PublishedDate]


@dataclass(frozen=True, slots=True)
class _Job:
    """A refilter asked of the worker: these edits of these raw events (`documents` read so
    far) under `filters`, the selection to keep, and what was shown when it was asked (and
    what the timeline drew of it, whose lanes an edit leaves alone are reused; the table the
    list showed, from which its change is worked out in the list's sort of that moment)."""

    serial: int
    curation: Curation
    source: pd.DataFrame | _Rebuild
    documents: int
    filters: FilterState
    selection: list[str]
    shown: _Made | None
    drawn: PreparedModel | None = None
    listed: pd.DataFrame | None = None


class _IdRows:
    """The row of each event id in a table, found by bisection of its ids in sorted order: a
    lookup reads some 17 ids at 10^5 events (`record` scanned the column, 0.8-3.8 ms a click on
    the window's thread, and a dict of every id would hold 10^5 Python strings). The sort is
    Arrow's, made once per raw table in the worker."""

    __slots__ = ("_order", "_size", "_sorted")

    def __init__(self, ids: pd.Series) -> None:
        import numpy as np
        import pyarrow.compute as pc

        column = arrow_strings(ids, convert=True)
        assert column is not None  # converted
        order = pc.sort_indices(column)  # stable (the first of equal ids first), missing last
        self._sorted = column.take(order).combine_chunks()
        self._order = np.asarray(order.to_numpy(), np.int64)
        self._size = len(column) - column.null_count

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, i: int) -> str:
        return str(self._sorted[i].as_py())

    def find(self, event_id: str) -> int:
        """The row of `event_id` (its first), -1 if absent."""
        at = bisect_left(self, event_id)
        return int(self._order[at]) if at < self._size and self[at] == event_id else -1


@dataclass(frozen=True, slots=True)
class _Made:
    """What the curating thread made last: the raw events (from `source`, the table given or
    the rebuild asked for), their filter engine and rows by id, and the curated events of
    `curation`, theirs, and the row of each raw row among them (-1: hidden) (and as the
    overview's source, its density read there)."""

    curation: Curation
    source: pd.DataFrame | _Rebuild
    raw: pd.DataFrame
    raw_engine: FilterEngine
    raw_rows: _IdRows
    events: pd.DataFrame
    engine: FilterEngine
    curated_rows: np.ndarray
    overview: FrameSource


@dataclass(frozen=True, slots=True)
class MemoryRefiltered(Refiltered):
    """A refilter with what it was made of (the curated events and their filter engine), the
    facet counts under its filters and, made in the worker, the timeline's model of `view`
    and the list's change to it."""

    made: _Made
    counts: FacetCounts
    timeline: PreparedModel | None = None
    listing: ListChange | None = None


class MemoryCorpus:
    """The `CorpusState` of a corpus loaded into memory (see the module docstring).
    `on_refiltered` is called from the worker thread with each refilter prepared there.

    Threads: the raw events, the filter engines and the curated tables are made by `_make`,
    which alone reads and writes `_made`: in the corpus' worker, which tells the window by
    `on_refiltered`, or for a small corpus on the window's thread while no job of the worker
    is running or queued (only that thread gives it jobs). The window's thread owns the rest:
    the edits and raw events last asked for (`_asked`, `_asked_raw`) and what is shown
    (`_shown`, taken in `accept`); a result is new events when what it was made of is not what
    is shown."""

    list_follows_view = False  # the list is the filtered table
    missing_document = "The article is still loading…"  # documents arrive with their events

    def __init__(self, on_refiltered: Callable[[Refiltered], None] | None = None) -> None:
        self._on_refiltered = on_refiltered
        self.documents: dict[str, ParsedDocument] = {}
        self.kinds = EntityKinds()
        # the source of each document read: only ever added to, so the worker looks up in it
        # while the loader adds documents (never iterated there)
        self._sources: dict[str, str] = {}
        self._raw: pd.DataFrame | None = None  # the raw events of what is shown
        self._filtered: pd.DataFrame | None = None
        self._timeline: PreparedModel | None = None  # what the worker prepared of `_filtered`
        self._listing: ListChange | None = None  # the list's change to `_filtered`, likewise
        #: the event list's sort, which the list sets: its change is worked out in that order
        self.list_sort: Sort = BY_DATE
        self._facet_cache: dict[tuple[str, int, int], tuple[tuple[str, str], ...]] = {}
        self._filters = FilterState()
        self._serial = 0  # of the latest refilter
        self._applied = 0  # of the refilter shown
        # asked (the window's thread): the latest edits and the raw events they apply to
        self._asked = Curation()
        self._asked_raw: pd.DataFrame | _Rebuild | None = None
        # made (the worker's alone): the tables and engines of the last curation made
        self._made: _Made | None = None
        # shown (the window's thread): what the refilter shown was made of
        self._shown: _Made | None = None
        # the worker (made when first needed): one thread, so jobs run in the order asked
        self._pool: ThreadPoolExecutor | None = None
        self._job: Future[Refiltered | None] | None = None
        self._last: Future[Any] | None = None  # the last job given to the worker (`_submit`)
        self._failed = 0  # the serial of a background refilter that failed
        self._closed = threading.Event()
        # the facet counts last made: for this engine and these filters
        self._counted: tuple[FilterEngine | None, FilterState, FacetCounts] = (
            None,
            self._filters,
            {},
        )

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
        self._raw = self._asked_raw = frame

    def add_documents(self, documents: Iterable[ParsedDocument]) -> None:
        for parsed in documents:
            self.documents[parsed.document.doc_id] = parsed
            self._sources[parsed.document.doc_id] = parsed.document.source
            self.kinds.note(parsed)

    def rebuild(self, published: Mapping[str, PublishedDate]) -> bool:
        """Re-resolve every document's dates with these publication dates (no spaCy), in the
        worker with the curation `refilter` asks for next; False when there is no document to
        re-resolve. (It ran on the window's thread: the seeds' documents copied 1,000 and 5,000
        times took 3.8 s and 35 s.)"""
        if not self.documents:
            return False
        self._asked_raw = _Rebuild(list(self.documents.values()), dict(published))
        return True

    # ------------------------------------------------------------------ tables

    @property
    def events(self) -> pd.DataFrame:
        return empty_frame() if self._shown is None else self._shown.events

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
        return 0 if self._shown is None else len(self._shown.events)

    def shown_count(self) -> int:
        return 0 if self._filtered is None else len(self._filtered)

    def document_count(self) -> int:
        return len(self.documents)

    def timeline_source(self) -> FrameSource:
        return FrameSource(self.filtered, prepared=self._timeline)

    def overview_source(self) -> FrameSource:
        return FrameSource(self.events) if self._shown is None else self._shown.overview

    # ------------------------------------------------------------------ refiltering

    def refilter(
        self, filters: FilterState, selection: Sequence[str], curation: Curation | None = None
    ) -> Refiltered | None:
        """The result now; or, for a large corpus (and for any refilter asked while one is
        prepared, or while the worker is busy), None: the worker prepares it and
        `on_refiltered` brings it."""
        busy = self.pending  # the worker's table is the latest: what follows goes there too
        if curation is not None:
            # copied: the worker reads them while the user edits on
            self._asked = Curation(
                frozenset(curation.hidden),
                dict(curation.titles),
                dict(curation.dates),
                curation.show_hidden,
            )
        self._filters = filters
        self._serial += 1
        source = self._asked_raw  # new raw events, else those shown
        if source is None:
            source = self.raw if self._shown is None else self._shown.source
        job = _Job(
            self._serial,
            self._asked,
            source,
            len(self.documents),
            filters,
            list(selection),
            self._shown,
            self._timeline,
            self._filtered,
        )
        heavy = len(self.raw) >= BACKGROUND_EVENTS or (
            isinstance(source, _Rebuild) and len(source.documents) >= BACKGROUND_DOCUMENTS
        )
        idle = self._last is None or self._last.done()  # no job of the worker running or queued
        if self._on_refiltered is not None and (busy or heavy or not idle):
            self._job = self._submit(self._prepare, job)
            return None
        if idle:
            # A small corpus: made here, at once. (It was made in the worker and waited for,
            # and the wait was the seeds soak's longest turns, 0.28-0.69 s for a table of 49
            # events: the window's thread blocked until the worker's thread was woken and run
            # on a loaded machine, or had run a collection.) The worker is idle and only this
            # thread gives it jobs, so what it made (`_made`) is this thread's until the next.
            return self._refiltered(job)
        # no `on_refiltered` to bring it later: waited for, after the jobs asked before
        return self._submit(self._refiltered, job).result()

    def _submit(self, work: Callable[..., _T], *args: Any) -> Future[_T]:
        """Run `work(*args)` in the worker (made when first needed), after the jobs asked
        before; the last job asked is kept (`refilter` tells an idle worker by it)."""
        if self._pool is None:
            self._pool = ThreadPoolExecutor(
                max_workers=1, thread_name_prefix="nkviewer-curate", initializer=lower_priority
            )
        future = self._pool.submit(work, *args)
        self._last = future
        return future

    def _refiltered(self, job: _Job) -> MemoryRefiltered:
        """In the worker (or, the worker idle, on the window's thread): the refilter of these
        edits of these raw events, under `filters` (the tables and engines made unless made
        already)."""
        made = self._make(job.curation, job.source, job.documents)
        filtered = made.engine.apply(job.filters)
        return MemoryRefiltered(
            job.serial,
            job.selection,
            _shown_of(filtered, job.selection),
            made is not job.shown,
            filtered,
            len(filtered),
            made,
            made.engine.counts(job.filters),  # a search's masks: 20-30 ms at 100,000 events
        )

    def _prepare(self, job: _Job) -> Refiltered | None:
        """In the worker, for a large corpus: `_refiltered`, and the timeline's model of its
        events (with the lanes of the one drawn that the edits left alone), handed together to
        `on_refiltered` unless a newer request came meanwhile."""
        serial = job.serial
        if serial != self._serial or self._closed.is_set():
            return None  # superseded before it started
        try:
            # (a search's masks and the list's sort keys are Python: the window gets its turns)
            with short_gil_turns():
                result = self._refiltered(job)
                drawn = list(job.drawn.models.values()) if job.drawn is not None else []
                listed = job.listed
                # in the list's sort now (the analyst may have sorted it since it was asked)
                sort = self.list_sort
                listing = list_change(listed, result.view, sort) if listed is not None else None
                timeline = prepare(result.view, previous=drawn)
            result = replace(result, timeline=timeline, listing=listing)
        except Exception:
            log.exception("applying the edits failed")
            self._failed = serial  # no longer pending: the previous state stays shown
            return None
        if serial != self._serial or self._closed.is_set():
            return None  # superseded meanwhile
        assert self._on_refiltered is not None
        self._on_refiltered(result)
        return result

    def _make(self, curation: Curation, source: pd.DataFrame | _Rebuild, documents: int) -> _Made:
        """Where `_refiltered` runs: the raw events of `source`, their engine and rows by id,
        and the curated events of `curation` and theirs (what was made last is reused where it
        is the same)."""
        import numpy as np

        made = self._made
        if made is not None and made.source is source:
            if made.curation is curation:
                return made
            raw, raw_engine, raw_rows = made.raw, made.raw_engine, made.raw_rows
        else:
            if isinstance(source, _Rebuild):
                # the pipeline and its date engine load after the window shows
                # (tests/test_startup_imports)
                from nkviewer.corpus.pipeline import rebuild_events

                raw = rebuild_events(source.documents, published=source.published)
            else:
                raw = source
            # made ahead in the loader's thread (qt.loader), else here
            raw_engine = take_engine(raw, documents) or FilterEngine(
                raw, kind_of=self.kinds.of, source_of_doc=self._sources, cache=self._facet_cache
            )
            raw_rows = _IdRows(raw["event_id"])
        events, rows, retitled = curate(
            raw,
            hidden=curation.hidden,
            titles=curation.titles,
            dates=curation.dates,
            show_hidden=curation.show_hidden,
        )
        # a curation edit changes few events: derive, rather than rebuild, the lookups
        engine = raw_engine if events is raw else raw_engine.derive(events, rows, retitled)
        curated_rows = np.full(len(raw), -1, np.int64)
        curated_rows[rows] = np.arange(len(rows), dtype=np.int64)
        overview = FrameSource(events)
        overview.starts()  # the overview's density, read here rather than on the window's thread
        self._made = _Made(
            curation, source, raw, raw_engine, raw_rows, events, engine, curated_rows, overview
        )
        return self._made

    def accept(self, result: Refiltered) -> bool:
        if result.serial != self._serial or result.serial == self._applied:
            return False
        if self._relist(result):
            return False  # the worker brings it again, with the list's change in its sort
        self._applied = result.serial
        if isinstance(result, MemoryRefiltered):
            made = result.made
            if made.source is self._asked_raw:
                self._asked_raw = None  # made: the raw events shown from now on
            self._shown, self._raw = made, made.raw
            self._counted = (made.engine, self._filters, result.counts)
            self._timeline, self._listing = result.timeline, result.listing
        self._filtered = result.view
        return True

    def _relist(self, result: Refiltered) -> bool:
        """Whether the list was sorted anew after the worker worked out its change to
        `result`: then the worker works it out again in the list's sort and brings the result
        again, the previous state shown meanwhile (the list worked it out itself on the
        window's thread: 0.3-0.6 s at 100,000 events sorted by a column of text)."""
        if not isinstance(result, MemoryRefiltered) or result.listing is None:
            return False
        if result.listing.new.sort == self.list_sort or self._pool is None:
            return False
        if self._on_refiltered is None:
            return False
        self._job = self._submit(self._relisted, result, self.list_sort, True)
        return True

    def _relisted(
        self, result: MemoryRefiltered, sort: Sort, deliver: bool
    ) -> MemoryRefiltered | None:
        """In the worker: `result` with the list's change in `sort` (handed to
        `on_refiltered` with `deliver`, unless a newer request came meanwhile)."""
        if result.serial != self._serial or self._closed.is_set():
            return None  # superseded
        assert result.listing is not None
        try:
            listed = result.listing.old()  # None: the list shows another table (it resets)
            listing = list_change(listed, result.view, sort) if listed is not None else None
        except Exception:
            log.exception("applying the edits failed")
            self._failed = result.serial
            return None
        result = replace(result, listing=listing)
        if deliver and result.serial == self._serial and not self._closed.is_set():
            assert self._on_refiltered is not None
            self._on_refiltered(result)
        return result

    def wait(self, timeout: float = 60.0) -> Refiltered | None:
        """The refilter in the worker, once prepared (None when none is, or it failed), with
        the list's change in the list's sort now."""
        job = self._job
        if job is None or job.cancelled() or not self.pending:
            return None
        result = job.result(timeout=timeout)
        listing = result.listing if isinstance(result, MemoryRefiltered) else None
        if listing is not None and listing.new.sort != self.list_sort and self._pool is not None:
            assert isinstance(result, MemoryRefiltered)
            relisted = self._submit(self._relisted, result, self.list_sort, False)
            return relisted.result(timeout=timeout)
        return result

    @property
    def pending(self) -> bool:
        """Whether the latest refilter is still prepared in the worker (one that failed is
        not: the previous state stays shown, the error is in the log)."""
        return self._serial not in (self._applied, self._failed) and self._job is not None

    def list_change(self, view: pd.DataFrame) -> ListChange | None:
        """How the list goes to `view` from the table shown before, made in the worker (a
        large corpus), when `view` is the table the worker made it for."""
        listing = self._listing
        return listing if listing is not None and listing.new.frame is view else None

    def shown_of(self, event_ids: Sequence[str]) -> list[str]:
        return _shown_of(self.filtered, event_ids)

    def facet_counts(self) -> FacetCounts:
        """Counted by the worker with the refilter shown, else now (and kept for the same
        engine and filters: the Filters panel asks after every refilter). While a refilter is
        in the worker, the counts of what is shown: its result brings the new ones (counted
        here for the filters asked, a search's took 0.27-0.33 s of the window's thread at
        10^5 events in a soak)."""
        if self._shown is None:
            return {}
        engine, filters, counts = self._counted
        if self.pending and engine is self._shown.engine:
            return counts
        if engine is not self._shown.engine or filters != self._filters:
            counts = self._shown.engine.counts(self._filters)
            self._counted = (self._shown.engine, self._filters, counts)
        return counts

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

    def _rows(self, event_id: str) -> tuple[pd.DataFrame, int, int]:
        """The raw events shown, the row of `event_id` there and in the curated events (-1:
        none; hidden), looked up by bisection in the worker's sort of the raw ids (the ids
        were scanned: at 10^5 events 0.86 ms a call alone, 3.8 ms in a soak; now 0.01 ms)."""
        shown = self._shown
        if shown is None:  # raw events given, nothing shown yet: a scan of the few there are
            import numpy as np

            raw = self.raw
            hit = np.flatnonzero((raw["event_id"] == event_id).to_numpy(dtype=bool))
            return raw, (int(hit[0]) if len(hit) else -1), -1
        row = shown.raw_rows.find(event_id)
        return shown.raw, row, (int(shown.curated_rows[row]) if row >= 0 else -1)

    def record(self, event_id: str) -> dict[str, Any] | None:
        raw, at, row = self._rows(event_id)
        if row >= 0:
            return dict(self.events.iloc[row])
        return dict(raw.iloc[at]) if at >= 0 else None

    def knows(self, event_id: str) -> bool:
        return self._rows(event_id)[1] >= 0

    def raw_title(self, event_id: str) -> str:
        raw, at, _ = self._rows(event_id)
        return str(raw["title"].iat[at]) if at >= 0 else ""

    def document(self, doc_id: str) -> ParsedDocument | None:
        return self.documents.get(doc_id)

    def entity_kind(self, ent: EntitySpan) -> str:
        return self.kinds.kind(ent)

    def close(self) -> None:
        """Stop the worker (a job under way ends unseen); the frames go with the object."""
        self._closed.set()
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)


def _shown_of(filtered: pd.DataFrame, event_ids: Sequence[str]) -> list[str]:
    """Those of `event_ids` in `filtered`, in the order given."""
    if not event_ids:
        return []
    ids = filtered["event_id"]
    present = set(ids[isin(ids, event_ids)].tolist())
    return [e for e in event_ids if e in present]
