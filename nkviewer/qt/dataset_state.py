"""A dataset opened in the window: its filtered source, the events of the view, facet counts.

The `Session` keeps one of these while an event dataset (`nkviewer extract --engine dask -o
DIR`) is open instead of a corpus: nothing is loaded whole. The timeline draws from
`source` (a `DatasetSource` behind the window's filters and the user's hidden events), the
overview from `overview` (every event), the event list shows the events of the visible range
(`view_frame`, at most `LIST_LIMIT`), facet counts are computed in a background thread, and
documents are read one at a time when the source panel asks.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from nkviewer.corpus.curation import dataset_curation
from nkviewer.events.filters import EventFilter
from nkviewer.model.source import DatasetSource

if TYPE_CHECKING:
    import pandas as pd

    from nkviewer.corpus.dataset import EventDataset
    from nkviewer.events.facets import FilterState
    from nkviewer.nlp.parsed import ParsedDocument

log = logging.getLogger(__name__)

#: Most events the list shows for the visible range (in time order).
LIST_LIMIT = 2000
#: Source documents kept in memory once read.
DOCUMENT_CACHE = 64
#: Curation a dataset supports; dates stay as extracted (the index on disk is sorted by them).
SUPPORTED_EDITS = frozenset({"hidden", "titles"})
UNSUPPORTED_TIP = (
    "Not available for an event dataset: its events stay at the dates they were extracted "
    "with. Open the corpus itself to correct dates."
)


@dataclass(frozen=True, slots=True)
class Refiltered:
    """A refilter prepared in the background: the new source, the selection pruned to it and
    the events of the view (`DatasetState.refilter`)."""

    serial: int
    filter: EventFilter
    source: DatasetSource
    selection: list[str]  # the selection when it was asked for
    kept: list[str]  # those of `selection` that the new filters show
    view: pd.DataFrame
    view_total: int


@dataclass(frozen=True, slots=True)
class ViewFetched:
    """The events of the visible range, fetched in the background for `source`."""

    serial: int
    source: DatasetSource
    view: pd.DataFrame
    view_total: int


class DatasetState(QObject):
    """The lazy side of a session on an `EventDataset` (see the module docstring).

    Filter and edit changes and list fetches run in a worker thread (DuckDB queries, Parquet
    decoding), the latest request only: a request that a newer one supersedes is dropped before
    it starts or once it ends, and the window keeps showing the previous state until
    `refiltered` brings the new one.
    """

    facetsReady = Signal()  # emitted from the worker thread; receivers run in their own
    refiltered = Signal(object)  # a `Refiltered`, from the worker thread (queued)
    viewFetched = Signal(object)  # a `ViewFetched`, from the worker thread (queued)

    def __init__(self, dataset: EventDataset, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.dataset = dataset
        self.overview = DatasetSource(dataset)
        self.source = DatasetSource(dataset)
        self.filter = EventFilter()  # the latest asked for (facet counts follow it)
        self.view_frame: pd.DataFrame | None = None
        self.view_total = 0  # events starting in the visible range
        self._range: tuple[float, float] | None = None
        self._docs: OrderedDict[str, ParsedDocument | None] = OrderedDict()
        self._facets: dict[str, list[tuple[str, int]]] = {}
        self._facets_for: EventFilter | None = None
        self._facets_job: Future[Any] | None = None
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nkviewer-facets")
        self._queries = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nkviewer-query")
        self._serial = 0  # of the latest refilter asked for
        self._applied = 0  # of the refilter shown
        self._job: Future[Refiltered | None] | None = None
        self._view_serial = 0
        self._view_job: Future[ViewFetched | None] | None = None

    @property
    def documents(self) -> int:
        return int(self.dataset.meta.get("documents", 0) or 0)

    def close(self) -> None:
        self._serial += 1  # nothing in flight lands any more
        self._view_serial += 1
        self.source.close()
        self.overview.close()
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._queries.shutdown(wait=False, cancel_futures=True)
        self.dataset.close()
        self.view_frame = None
        self._docs.clear()
        self._facets = {}

    # ------------------------------------------------------------------ filters and edits

    def refilter(
        self,
        state: FilterState,
        *,
        hidden: frozenset[str],
        titles: Mapping[str, str],
        show_hidden: bool,
        selection: list[str],
    ) -> int:
        """Prepare, in the background, a source for these filters and edits (hidden events
        left out unless shown); `refiltered` brings it. Returns the request's serial."""
        flt = EventFilter.from_state(state, exclude=() if show_hidden else hidden)
        curate = dataset_curation(hidden, dict(titles))
        self.filter = flt
        self._serial += 1
        self._view_serial += 1  # a list fetch for the old source is moot
        if self._job is not None:
            self._job.cancel()
        self._job = self._queries.submit(
            self._prepare, self._serial, flt, curate, list(selection), self._range
        )
        return self._serial

    def _prepare(
        self,
        serial: int,
        flt: EventFilter,
        curate: Callable[[pd.DataFrame], pd.DataFrame] | None,
        selection: list[str],
        rng: tuple[float, float] | None,
    ) -> Refiltered | None:
        if serial != self._serial:
            return None  # superseded before it started
        source = DatasetSource(self.dataset, flt if flt.is_active else None, transform=curate)
        try:
            source.count()  # the filter's query (then cached by the dataset)
            source.lanes("none")
            passing = self.dataset.passing(selection, flt) if selection else set()
            kept = [e for e in selection if e in passing]
            view, total = _view_of(source, rng) if serial == self._serial else (None, 0)
        except Exception:  # a closed dataset (window closing) or a DuckDB error: log it
            log.exception("refiltering the dataset failed")
            source.close()
            return None
        if view is None or serial != self._serial:
            source.close()
            return None  # superseded meanwhile
        result = Refiltered(serial, flt, source, selection, kept, view, total)
        self.refiltered.emit(result)
        return result

    def accept(self, result: Refiltered) -> bool:
        """Show `result` if it is the latest request and not shown yet (UI thread)."""
        if result.serial != self._serial or result.serial == self._applied:
            if result.source is not self.source:
                result.source.close()
            return False
        old, self.source = self.source, result.source
        old.close()
        self._applied = result.serial
        self.view_frame, self.view_total = result.view, result.view_total
        return True

    def wait(self, timeout: float = 60.0) -> Refiltered | None:
        """Block until the latest refilter is prepared (tests, the soak); None if none is."""
        job = self._job
        if job is None or job.cancelled():
            return None
        return job.result(timeout=timeout)

    @property
    def pending(self) -> bool:
        """Whether a refilter asked for is not shown yet."""
        return self._applied != self._serial

    def count(self) -> int:
        return self.source.count()

    def shown_of(self, event_ids: list[str]) -> list[str]:
        """Those of `event_ids` that pass the latest filters (hidden ones left out unless
        shown), in the order given."""
        passing = self.dataset.passing(event_ids, self.filter)
        return [e for e in event_ids if e in passing]

    # ------------------------------------------------------------------ the visible range

    def set_range(self, t0: float, t1: float) -> None:
        self._range = (t0, t1)

    def request_view(self) -> None:
        """Fetch the events of the visible range in the background; `viewFetched` brings them."""
        self._view_serial += 1
        if self._view_job is not None:
            self._view_job.cancel()
        self._view_job = self._queries.submit(
            self._fetch_view, self._view_serial, self.source, self._range
        )

    def _fetch_view(
        self, serial: int, source: DatasetSource, rng: tuple[float, float] | None
    ) -> ViewFetched | None:
        if serial != self._view_serial:
            return None
        try:
            view, total = _view_of(source, rng)
        except Exception:
            log.exception("fetching the dataset's list failed")
            return None
        result = ViewFetched(serial, source, view, total)
        self.viewFetched.emit(result)
        return result

    def accept_view(self, result: ViewFetched) -> bool:
        """Show the fetched list if it is the latest and for the source shown (UI thread)."""
        if result.serial != self._view_serial or result.source is not self.source:
            return False
        self.view_frame, self.view_total = result.view, result.view_total
        return True

    def fetch_view(self) -> pd.DataFrame:
        """The events overlapping the visible range, now (the first `LIST_LIMIT` in time
        order)."""
        self._view_serial += 1
        self.view_frame, self.view_total = _view_of(self.source, self._range)
        return self.view_frame

    # ------------------------------------------------------------------ lookups

    def record(self, event_id: str) -> dict[str, Any] | None:
        """An event's curated record: from the frames at hand, else looked up on disk."""
        window = self.source.current_window()
        for frame in (self.view_frame, window.frame if window is not None else None):
            if frame is not None and len(frame):
                hit = frame.index[frame["event_id"] == event_id]
                if len(hit):
                    return dict(frame.loc[hit[0]])
        found = self.source.find([event_id])
        return dict(found.iloc[0]) if len(found) else None

    def raw_title(self, event_id: str) -> str:
        found = self.dataset.find([event_id])
        return str(found["title"].iloc[0]) if len(found) else ""

    def document(self, doc_id: str) -> ParsedDocument | None:
        if doc_id in self._docs:
            self._docs.move_to_end(doc_id)
            return self._docs[doc_id]
        try:
            parsed: ParsedDocument | None = self.dataset.document(doc_id)
        except KeyError:
            parsed = None
        self._docs[doc_id] = parsed
        while len(self._docs) > DOCUMENT_CACHE:
            self._docs.popitem(last=False)
        return parsed

    # ------------------------------------------------------------------ facet counts

    def facet_counts(self) -> dict[str, list[tuple[str, int]]]:
        """The counts under the current filters when ready; else the last ones, and
        `facetsReady` follows when the new ones are (a query over every event)."""
        flt = self.filter
        if self._facets_for == flt:
            return self._facets
        if self._facets_job is None or self._facets_job.done():
            self._facets_job = self._pool.submit(self._count_facets, flt)
        return self._facets

    def _count_facets(self, flt: EventFilter) -> None:
        try:
            counts = self.dataset.facet_counts(flt)
        except Exception:  # a closed dataset (window closing) or a DuckDB error: log it
            log.exception("facet counts failed")
            return
        self._facets, self._facets_for = counts, flt
        if flt != self.filter:  # the filters changed meanwhile: count again
            self._facets_job = self._pool.submit(self._count_facets, self.filter)
        self.facetsReady.emit()


def _view_of(source: DatasetSource, rng: tuple[float, float] | None) -> tuple[pd.DataFrame, int]:
    """The first `LIST_LIMIT` events overlapping `rng` (all when None) and how many start in it."""
    if rng is None:
        bounds = source.time_bounds()
        rng = bounds if bounds is not None else (0.0, 1.0)
    t0, t1 = rng
    return source.events_in(t0, t1, limit=LIST_LIMIT), source.visible_count(t0, t1)
