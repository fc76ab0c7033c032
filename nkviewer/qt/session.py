"""The window's model: one open corpus, its events, filters, selection and curation.

Views wrap a `Session`, connect to its signals and only read it (napari practice); every change
goes through its methods, on the main thread. The corpus loads in the background (`Loader`);
events arrive batch by batch and each batch refreshes the curated and filtered tables.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtGui import QUndoStack

from nkviewer.corpus.curation import apply_edits
from nkviewer.corpus.options import LoadOptions
from nkviewer.errors import NkviewerError
from nkviewer.events.facets import FilterEngine, FilterState
from nkviewer.events.filters import entity_kind, note_kind
from nkviewer.ingest.document import FileProblem, PublishedDate
from nkviewer.qt.curation import CurationStore
from nkviewer.qt.loader import GeneratorFactory, Loader, pipeline_factory

__all__ = ["Session", "pipeline_factory"]
from nkviewer.model.wording import plural
from nkviewer.qt.session_edits import SessionEdits, SessionViews

if TYPE_CHECKING:
    import pandas as pd

    from nkviewer.nlp.parsed import EntitySpan, ParsedDocument
    from nkviewer.qt.dataset_state import DatasetState, Refiltered, ViewFetched

log = logging.getLogger(__name__)

#: Coalesce event snapshots that arrive faster than this (ms) into one refresh.
REFRESH_MS = 120
#: A dataset's event list follows the visible range once it stays put this long (ms).
VIEW_MS = 150


def pd_index(values: list[str]) -> pd.Index:
    import pandas as pd

    return pd.Index(values)


class Session(SessionEdits, SessionViews, QObject):
    corpusOpened = Signal()  # a new corpus: views reset
    documentsChanged = Signal()
    eventsChanged = Signal()  # the curated table (all, before filters) changed
    filteredChanged = Signal()  # the filtered table changed
    filtersChanged = Signal()
    selectionChanged = Signal(list)
    currentChanged = Signal(str)  # event shown in the source panel ("" for none)
    problemsAdded = Signal(list)
    loadingChanged = Signal(bool)
    progressed = Signal(object)  # LoadUpdate
    failed = Signal(object)  # the exception that stopped loading
    message = Signal(str)  # a status-bar message
    listChanged = Signal()  # a dataset's events in view (`view_events`) changed
    facetCountsChanged = Signal()  # facet counts computed in the background are ready

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.inputs: list[Path] = []
        self.settings = LoadOptions()
        self.documents: dict[str, ParsedDocument] = {}
        self.problems: list[FileProblem] = []
        self.filters = FilterState()
        self.selection: list[str] = []
        self.current = ""
        self.show_hidden = False
        self.loading = False
        self.store = CurationStore(self)
        self.undo_stack = QUndoStack(self)
        self.loader = Loader(self)
        # Frames are created on first use so that the window paints before pandas is imported.
        self._raw_frame: pd.DataFrame | None = None
        self._events: pd.DataFrame | None = None
        self._filtered: pd.DataFrame | None = None
        self._engine: FilterEngine | None = None
        self._row_of: pd.Index | None = None  # event id → row of `events`, built when asked
        self._raw_engine: FilterEngine | None = None
        self._kind_of: dict[str, str] = {}
        self._facet_cache: dict[tuple[str, int, int], tuple[tuple[str, str], ...]] = {}
        self._pending: pd.DataFrame | None = None
        self._error: object | None = None  # what stopped the last load, if anything
        self._load_overrides: dict[str, PublishedDate] = {}
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(REFRESH_MS)
        self._refresh.timeout.connect(self._apply_pending)
        self.lazy: DatasetState | None = None  # an event dataset, read lazily
        self._lazy_events_changed = False  # eventsChanged is due once the refilter lands
        self._view_timer = QTimer(self)
        self._view_timer.setSingleShot(True)
        self._view_timer.setInterval(VIEW_MS)
        self._view_timer.timeout.connect(self._fetch_view)
        self.loader.yielded.connect(self._on_update)
        self.loader.errored.connect(self._on_error)
        self.loader.finished.connect(self._on_finished)
        self.store.changed.connect(self._on_edits_changed)
        self.store.problem.connect(self._on_store_problem)

    # ------------------------------------------------------------------ tables

    @property
    def _raw(self) -> pd.DataFrame:
        if self._raw_frame is None:
            self._raw_frame = self._empty()
        return self._raw_frame

    @_raw.setter
    def _raw(self, frame: pd.DataFrame) -> None:
        self._raw_frame = frame

    def set_view_range(self, t0: float, t1: float) -> None:
        """The timeline's visible range: a dataset's list follows it (debounced)."""
        if self.lazy is not None:
            self.lazy.set_range(t0, t1)
            self._view_timer.start()

    @Slot()
    def _fetch_view(self) -> None:
        """A dataset's list follows the view: fetched in the background (`_on_view_fetched`)."""
        self._view_timer.stop()
        if self.lazy is not None:
            self.lazy.request_view()

    @Slot(object)
    def _on_view_fetched(self, result: ViewFetched) -> None:
        if self.lazy is not None and self.lazy.accept_view(result):
            self.listChanged.emit()

    @Slot()
    def _on_facets_ready(self) -> None:
        self.facetCountsChanged.emit()

    @property
    def events(self) -> pd.DataFrame:
        """Every event of the corpus as curated (hidden ones only with show_hidden)."""
        if self.lazy is not None:
            return self.view_events
        if self._events is None:
            self._events = self._empty()
        return self._events

    @property
    def filtered(self) -> pd.DataFrame:
        """The curated events that pass the filters: what the timeline and the list show."""
        if self.lazy is not None:
            return self.view_events
        if self._filtered is None:
            self._filtered = self._empty()
        return self._filtered

    def event_count(self) -> int:
        if self.lazy is not None:
            return len(self.lazy.dataset) - (0 if self.show_hidden else len(self.store.hidden))
        return 0 if self._events is None else len(self._events)

    def shown_count(self) -> int:
        if self.lazy is not None:
            return self.lazy.count()
        return 0 if self._filtered is None else len(self._filtered)

    # ------------------------------------------------------------------ opening and loading

    def open(
        self,
        inputs: Sequence[str | Path],
        *,
        settings: LoadOptions | None = None,
        factory: GeneratorFactory | None = None,
    ) -> None:
        """Open a corpus (folders and files) and start loading it in the background, or an
        event dataset folder (read lazily: nothing to load)."""
        from nkviewer.corpus.dataset_store import is_dataset

        self.loader.cancel()
        self._close_dataset()
        self.inputs = [Path(p).expanduser() for p in inputs]
        if len(self.inputs) == 1 and is_dataset(self.inputs[0]):
            self._open_dataset(self.inputs[0], settings)
            return
        if settings is not None:
            self.settings = settings
        self._reset()
        self._announce_opened()
        self._load_overrides = self.store.published
        self._error = None
        make = factory or pipeline_factory(self.inputs, self.settings, self._load_overrides)
        self._set_loading(True)
        self.loader.start(make)

    def _announce_opened(self) -> None:
        """Read the corpus' edits and reset every view to it: a new corpus or dataset is open."""
        messages = self._open_store()
        self.corpusOpened.emit()
        self.filtersChanged.emit()
        self._recompute_events()
        self.selectionChanged.emit([])
        self.currentChanged.emit("")
        for msg in messages:
            self._on_store_problem(msg)

    def _open_dataset(self, path: Path, settings: LoadOptions | None) -> None:
        from nkviewer.corpus.dataset import EventDataset
        from nkviewer.qt.dataset_state import DatasetState

        if settings is not None:
            self.settings = settings
        self._reset()
        try:
            dataset = EventDataset.open(path)
        except NkviewerError as exc:
            self._set_loading(False)
            self.failed.emit(exc)
            self.corpusOpened.emit()
            self._recompute_events()
            return
        # no Qt parent: a parent keeps it (and its decoded rows) alive until a deferred delete
        # that a running event loop must deliver; unreferenced, Python frees it at once
        self.lazy = DatasetState(dataset)
        self.lazy.facetsReady.connect(self._on_facets_ready)
        self.lazy.refiltered.connect(self._on_refiltered)
        self.lazy.viewFetched.connect(self._on_view_fetched)
        self._announce_opened()
        self.message.emit(
            f"Opened the event dataset {path.name}: {len(dataset):,} events from "
            f"{self.lazy.documents:,} documents"
        )

    def _close_dataset(self) -> None:
        if self.lazy is not None:
            self._view_timer.stop()
            self.lazy.close()
            self.lazy = None  # Python owns it (no Qt parent): freed with its caches now

    def _reset(self) -> None:
        self.documents = {}
        self.problems = []
        self.selection = []
        self.current = ""
        self.filters = FilterState()
        self._kind_of = {}
        self._facet_cache = {}
        self._pending = None
        self._raw = self._empty()
        self.undo_stack.clear()

    def _open_store(self) -> list[str]:
        self.store.blockSignals(True)
        try:
            return self.store.open(self.inputs)
        finally:
            self.store.blockSignals(False)

    @Slot()
    def reload(self) -> None:
        if self.inputs:
            self.open(self.inputs)

    @Slot()
    def cancel(self) -> None:
        if self.loading:
            self.loader.cancel()

    def shutdown(self) -> None:
        """Stop loading and wait for the worker (window closing); the last edits are written."""
        self._refresh.stop()
        self.store.flush()
        self.loader.shutdown()
        self.loading = False
        self._close_dataset()

    def _set_loading(self, on: bool) -> None:
        if self.loading != on:
            self.loading = on
            self.loadingChanged.emit(on)

    @Slot(object)
    def _on_update(self, update: Any) -> None:
        if update.documents:
            for parsed in update.documents:
                self.documents[parsed.document.doc_id] = parsed
                self._note_kinds(parsed)
            self.documentsChanged.emit()
        if update.problems:
            self.problems.extend(update.problems)
            self.problemsAdded.emit(list(update.problems))
        if update.events is not None:
            self._pending = update.events
            if update.stage == "done":
                self._apply_pending()
            elif not self._refresh.isActive():
                self._refresh.start()
        self.progressed.emit(update)

    @Slot(object)
    def _on_error(self, exc: object) -> None:
        self._error = exc
        self.failed.emit(exc)

    @Slot(bool)
    def _on_finished(self, completed: bool) -> None:
        self._apply_pending()
        self._set_loading(False)
        if self._error is not None:
            first_line = str(self._error).splitlines()[0] if str(self._error) else ""
            self.message.emit(f"Loading stopped: {first_line or type(self._error).__name__}")
            return
        if not completed:
            self.message.emit(
                f"Loading cancelled: {plural(len(self.documents), 'document')}, "
                f"{plural(self.event_count(), 'event')}"
            )
            return
        if self.store.published != self._load_overrides:
            self._rebuild()  # dates were corrected while loading, or the pipeline ignored them
        n = len(self.problems)
        done = (
            f"Loaded {plural(len(self.documents), 'document')}, "
            f"{plural(self.event_count(), 'event')}" + (f", {plural(n, 'problem')}" if n else "")
        )
        log.info("%s from %s", done, ", ".join(str(p) for p in self.inputs) or "nothing")
        self.message.emit(done)

    @Slot()
    def _apply_pending(self) -> None:
        self._refresh.stop()
        if self._pending is not None:
            self._raw, self._pending = self._pending, None
            self._recompute_events()

    def set_raw_events(self, frame: pd.DataFrame) -> None:
        """Replace the extracted events (tests and re-resolution)."""
        self._raw = frame
        self._recompute_events()

    def add_documents(self, documents: Iterable[ParsedDocument]) -> None:
        for parsed in documents:
            self.documents[parsed.document.doc_id] = parsed
            self._note_kinds(parsed)
        self.documentsChanged.emit()

    def _note_kinds(self, parsed: ParsedDocument) -> None:
        """Remember each entity's kind; a known kind wins over "" (no facet)."""
        for ent in parsed.entities:
            note_kind(self._kind_of, ent.canonical, ent.kind)

    def entity_kind(self, ent: EntitySpan) -> str:
        """The facet an entity mention belongs to ("" when none, e.g. a named event)."""
        return entity_kind(
            {"kind": ent.kind, "label": ent.label, "canonical": ent.canonical}, self._kind_of
        )

    # ------------------------------------------------------------------ derived tables

    def _recompute_events(self) -> None:
        if self.lazy is not None:
            # the dataset's source is rebuilt first: `eventsChanged` receivers (the Source
            # panel) read the curated state it now holds, never the one before the edit
            self._refilter(events_changed=True)
            return
        if self._raw_engine is None or self._raw_engine.frame is not self._raw:
            sources = {d: p.document.source for d, p in self.documents.items()}
            self._raw_engine = FilterEngine(
                self._raw, kind_of=self._kind_of, source_of_doc=sources, cache=self._facet_cache
            )
        self._events = apply_edits(
            self._raw,
            hidden=self.store.hidden,
            titles=self.store.items("titles"),
            dates=self.store.items("dates"),
            show_hidden=self.show_hidden,
        )
        # a curation edit changes few events: derive, rather than rebuild, the lookups
        same = self._events is self._raw
        self._engine = self._raw_engine if same else self._raw_engine.derive(self._events)
        self._row_of = None
        self.eventsChanged.emit()
        self._refilter()
        if self.current and self.record(self.current) is None:
            self.set_current("")

    def _refilter(self, *, events_changed: bool = False) -> None:
        """Filter again; the selection keeps only events still shown (pruned before
        `filteredChanged`, so its receivers never read a selection of hidden events).

        On a dataset the query runs in the background: the window shows the previous state
        until `_on_refiltered` swaps the new one in (`settle` waits for it)."""
        if self.lazy is not None:
            self._lazy_events_changed |= events_changed
            self.lazy.refilter(
                self.filters,
                hidden=self.store.hidden,
                titles=dict(self.store.items("titles")),
                show_hidden=self.show_hidden,
                selection=list(self.selection),
            )
            return
        assert self._engine is not None
        self._filtered = self._engine.apply(self.filters)
        kept = self.selection
        if kept:  # the selected events still shown (isin: fast at 100,000 selected)
            ids = self.filtered["event_id"]
            present = set(ids[ids.isin(kept).to_numpy()].tolist())
            kept = [e for e in self.selection if e in present]
        self._show_filtered(kept)

    def _show_filtered(self, kept: list[str]) -> None:
        pruned = kept != self.selection
        self.selection = kept
        self.filteredChanged.emit()
        if pruned:
            self.selectionChanged.emit(list(kept))
            self._current_in_selection()

    @Slot(object)
    def _on_refiltered(self, result: Refiltered) -> None:
        """A dataset's refilter is ready (UI thread): show it unless a newer one was asked."""
        lazy = self.lazy
        if lazy is None or not lazy.accept(result):
            return
        # the user may have selected meanwhile, from what was shown then
        kept = result.kept if result.selection == self.selection else None
        if kept is None:
            kept = lazy.shown_of(self.selection) if self.selection else []
        if self._lazy_events_changed:
            self._lazy_events_changed = False
            self.eventsChanged.emit()
        self._show_filtered(kept)
        self.listChanged.emit()

    def settle(self, timeout: float = 60.0) -> None:
        """Wait for a dataset's refilter in flight and show it now (tests, the soak)."""
        if self.lazy is not None:
            result = self.lazy.wait(timeout)
            if result is not None:
                self._on_refiltered(result)

    @property
    def refiltering(self) -> bool:
        """Whether a dataset's new filters or edits are still being applied."""
        return self.lazy is not None and self.lazy.pending

    def facet_counts(self) -> dict[str, list[tuple[str, int]]]:
        """Per facet kind, (value, events) pairs; empty before any corpus is open. On a dataset
        they are counted in the background: `facetCountsChanged` follows."""
        if self.lazy is not None:
            return self.lazy.facet_counts()
        if self._engine is None:
            return {}
        return self._engine.counts(self.filters)

    # ------------------------------------------------------------------ filters and selection

    def set_filters(self, state: FilterState) -> None:
        if state == self.filters:
            return
        self.filters = state
        self.filtersChanged.emit()
        self._refilter()

    def filter_to_entity(self, kind: str, name: str) -> None:
        """Show only events involving this entity (added to what is already picked)."""
        self.set_filters(self.filters.with_facet(kind, name, True))

    def set_selection(self, event_ids: Sequence[str]) -> None:
        ids = list(dict.fromkeys(event_ids))
        if ids == self.selection:
            return
        self.selection = ids
        self.selectionChanged.emit(list(ids))
        self._current_in_selection()

    def _current_in_selection(self) -> None:
        """The current event (the one the Source panel reads) is always one of the selection:
        kept while it stays selected, else the only selected event, else none (the panel says
        so, never showing an event that is no longer selected)."""
        if len(self.selection) == 1:
            self.set_current(self.selection[0])
        elif self.current not in self.selection:
            self.set_current("")

    def set_current(self, event_id: str) -> None:
        if event_id != self.current:
            self.current = event_id
            self.currentChanged.emit(event_id)

    @Slot(bool)
    def set_show_hidden(self, on: bool) -> None:
        if on != self.show_hidden:
            self.show_hidden = on
            self._recompute_events()

    # ------------------------------------------------------------------ lookups

    def record(self, event_id: str) -> dict[str, Any] | None:
        """The curated record of an event (hidden ones too), as a dict; None if unknown."""
        if self.lazy is not None:
            return self.lazy.record(event_id)
        if self._row_of is None:
            import pandas as pd

            self._row_of = pd.Index(self.events["event_id"])
        rows = self._row_of.get_indexer(pd_index([event_id]))
        if rows[0] >= 0:
            return dict(self.events.iloc[int(rows[0])])
        hit = self._raw.index[self._raw["event_id"] == event_id]
        return dict(self._raw.iloc[hit[0]]) if len(hit) else None

    def document(self, doc_id: str) -> ParsedDocument | None:
        if self.lazy is not None:
            parsed = self.lazy.document(doc_id)
            if parsed is not None:
                self._note_kinds(parsed)
            return parsed
        return self.documents.get(doc_id)

    def published(self, doc_id: str) -> PublishedDate | None:
        """The publication date in force: the user's correction, else the document's own."""
        override = self.store.get("published", doc_id)
        if override is not None:
            return override
        parsed = self.document(doc_id)
        return parsed.document.published if parsed else None

    def _raw_title(self, event_id: str) -> str:
        if self.lazy is not None:
            return self.lazy.raw_title(event_id)
        hit = self._raw.index[self._raw["event_id"] == event_id]
        return str(self._raw.at[hit[0], "title"]) if len(hit) else ""

    @Slot(str)
    def _on_edits_changed(self, field: str) -> None:
        if self.lazy is not None:
            if field in ("hidden", "titles"):
                self._recompute_events()
            return
        if field == "published":
            self._rebuild()
        else:
            self._recompute_events()

    def _rebuild(self) -> None:
        """Re-resolve every document's dates with the corrected publication dates (no spaCy)."""
        if not self.documents:
            return
        from nkviewer.corpus.pipeline import rebuild_events

        overrides = self.store.published
        self._load_overrides = overrides
        self._raw = rebuild_events(list(self.documents.values()), published=overrides)
        self._recompute_events()

    @Slot(str)
    def _on_store_problem(self, msg: str) -> None:
        where = str(self.store.path or "edits")
        problem = FileProblem(where, msg, "warning")
        self.problems.append(problem)
        self.problemsAdded.emit([problem])
