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
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
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


class DatasetState(QObject):
    """The lazy side of a session on an `EventDataset` (see the module docstring)."""

    facetsReady = Signal()  # emitted from the worker thread; receivers run in their own

    def __init__(self, dataset: EventDataset, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.dataset = dataset
        self.overview = DatasetSource(dataset)
        self.source = DatasetSource(dataset)
        self.filter = EventFilter()
        self.view_frame: pd.DataFrame | None = None
        self.view_total = 0  # events starting in the visible range
        self._range: tuple[float, float] | None = None
        self._docs: OrderedDict[str, ParsedDocument | None] = OrderedDict()
        self._facets: dict[str, list[tuple[str, int]]] = {}
        self._facets_for: EventFilter | None = None
        self._facets_job: Future[Any] | None = None
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nkviewer-facets")

    @property
    def documents(self) -> int:
        return int(self.dataset.meta.get("documents", 0) or 0)

    def close(self) -> None:
        self.source.close()
        self.overview.close()
        self._pool.shutdown(wait=False, cancel_futures=True)
        self.dataset.close()

    # ------------------------------------------------------------------ filters and edits

    def refilter(
        self,
        state: FilterState,
        *,
        hidden: frozenset[str],
        titles: Mapping[str, str],
        show_hidden: bool,
    ) -> None:
        """A new source for these filters and edits (hidden events left out unless shown)."""
        flt = EventFilter.from_state(state, exclude=() if show_hidden else hidden)
        curate = dataset_curation(hidden, titles)

        self.source.close()
        self.filter = flt
        self.source = DatasetSource(
            self.dataset,
            flt if flt.is_active else None,
            transform=curate,
        )
        self.view_frame = None

    def count(self) -> int:
        return self.source.count()

    def shown_of(self, event_ids: list[str]) -> list[str]:
        """Those of `event_ids` that pass the current filters (hidden ones left out unless
        shown), in the order given."""
        passing = self.dataset.passing(event_ids, self.filter)
        return [e for e in event_ids if e in passing]

    # ------------------------------------------------------------------ the visible range

    def set_range(self, t0: float, t1: float) -> None:
        self._range = (t0, t1)

    def fetch_view(self) -> pd.DataFrame:
        """The events overlapping the visible range, the first `LIST_LIMIT` in time order."""
        if self._range is None:
            bounds = self.source.time_bounds()
            self._range = bounds if bounds is not None else (0.0, 1.0)
        t0, t1 = self._range
        self.view_frame = self.source.events_in(t0, t1, limit=LIST_LIMIT)
        self.view_total = self.source.visible_count(t0, t1)
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
