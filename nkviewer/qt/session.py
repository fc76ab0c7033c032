"""The window's model: one open corpus, its filters, selection and curation, as Qt signals.

Views wrap a `Session`, connect to its signals and only read it (napari practice); every change
goes through its methods, on the main thread. What the corpus holds and answers is a Qt-free
`nkviewer.app` state chosen once when it opens: a corpus loaded into memory (`MemoryCorpus`,
filled batch by batch by the background `Loader`) or an event dataset read lazily
(`DatasetCorpus`, whose background results are brought to this thread by queued signals). The
session keeps the edits (the Qt-free `nkviewer.app.curation.CurationStore`, changed through
undoable commands on its `QUndoStack`), debounces refreshes and re-emits every change of the
state as its own signals.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QUndoStack

from nkviewer import heap
from nkviewer.app.curation import CurationStore, OpenedEdits
from nkviewer.app.dataset import DatasetCorpus, DocumentsRead, RecordRead
from nkviewer.app.memory import MemoryCorpus
from nkviewer.app.selection import SelectionChange, SelectionModel
from nkviewer.app.state import (
    CorpusState,
    Curation,
    FacetCounts,
    FacetsCounted,
    Refiltered,
    ViewFetched,
)
from nkviewer.corpus.curation import parse_user_period
from nkviewer.corpus.options import LoadOptions
from nkviewer.corpus.progress import LoadUpdate
from nkviewer.errors import NkviewerError
from nkviewer.events.facets import FilterState
from nkviewer.ingest.document import FileProblem, PublishedDate
from nkviewer.model.source import DatasetSource, FrameSource
from nkviewer.model.wording import plural
from nkviewer.qt.curation import EditCommand
from nkviewer.qt.loader import GeneratorFactory, Loader, pipeline_factory
from nkviewer.threads import SharedThread

if TYPE_CHECKING:
    import pandas as pd

    from nkviewer.nlp.parsed import EntitySpan, ParsedDocument

__all__ = ["Session", "pipeline_factory"]

log = logging.getLogger(__name__)

#: Coalesce event snapshots that arrive faster than this (ms) into one refresh.
REFRESH_MS = 120
#: A dataset's event list follows the visible range once it stays put this long (ms).
VIEW_MS = 150
#: After a corpus is dropped, look this often (ms, on idle turns) whether it was freed, and
#: renew the collector's frozen heap only if that is worth a walk of everything
#: (`nkviewer.heap.Dropped`); never on the drop's own turn. A walk of everything that falls
#: due (`nkviewer.heap.when_walk_due`) runs at such a look too, this long after.
DROP_LOOK_MS = 1000


@dataclass(eq=False)
class _OpenRequest:
    """A corpus asked to open (`Session.open`): what, with which loader, and the job reading
    it in the opening thread."""

    serial: int
    inputs: list[Path]
    factory: GeneratorFactory | None
    job: Future[_Opened] | None = None
    attempt: int = 0  # of the job: the edits are read again when saved meanwhile


@dataclass(eq=False)
class _Opened:
    """What the opening thread made of an `_OpenRequest`: the dataset opened (None for a
    corpus loaded into memory), its edits as read, what went wrong, the problems met so far."""

    request: _OpenRequest
    attempt: int
    dataset: DatasetCorpus | None
    edits: OpenedEdits | None
    error: BaseException | None
    problems: list[str]


#: The thread opening corpora (their edits read, a dataset opened), made when first needed.
_OPENER = SharedThread("nkviewer-opening")

#: Edits the undo stack keeps (the oldest are dropped past it): each keeps the values it
#: changed, a hide of a big selection thousands of them, so an unbounded stack grows all day.
UNDO_LIMIT = 500


class Session(QObject):
    corpusOpened = Signal()  # a new corpus: views reset
    documentsChanged = Signal()
    eventsChanged = Signal()  # the curated table (all, before filters) changed
    filteredChanged = Signal()  # the filtered table changed
    filtersChanged = Signal()
    selectionChanged = Signal(object)  # the selected ids, a list (not converted: 20,000, 6 ms)
    currentChanged = Signal(str)  # event shown in the source panel ("" for none)
    problemsAdded = Signal(object)  # a list of FileProblem (not converted to a QVariantList)
    loadingChanged = Signal(bool)
    progressed = Signal(object)  # LoadUpdate
    failed = Signal(object)  # the exception that stopped loading
    message = Signal(str)  # a status-bar message
    listChanged = Signal()  # what the event list shows (`view_events`) changed
    facetCountsChanged = Signal()  # facet counts computed in the background are ready
    refilterStarted = Signal()  # a dataset's filters or edits are applied in the background
    # A dataset's background results, emitted from its worker threads: queued to this thread.
    _refilteredLater = Signal(object)  # a `Refiltered`
    _viewLater = Signal(object)  # a `ViewFetched`
    _facetsLater = Signal(object)  # a `FacetsCounted`
    _editsWritten = Signal()  # a background save of the edits ended (from the writing thread)
    _openedLater = Signal(object)  # an `_Opened`, from the opening thread
    _walkDueLater = Signal()  # a walk of the whole heap is due (`heap.when_walk_due`)
    _documentsLater = Signal(object)  # a dataset's `DocumentsRead`, from its reading thread
    documentsRead = Signal(object)  # ids of documents asked for (`request_documents`), at hand
    _recordLater = Signal(object)  # a dataset's `RecordRead`, from its reading thread
    recordRead = Signal(str)  # the record asked for (`request_record`) is at hand

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.inputs: list[Path] = []
        self.load_options = LoadOptions()
        self.problems: list[FileProblem] = []
        self.filters = FilterState()
        #: the one owner of the selection, the anchor and the current event (the timeline
        #: renders and changes it too); its changes are re-emitted as the two signals
        self.selection_model = SelectionModel()
        self.selection_model.subscribe(self._on_selection_model)
        self.show_hidden = False
        self.loading = False
        # the edits: their changes and problems are told here, on this thread; a background
        # save's outcome is brought to this thread by a queued signal
        self.store = CurationStore(
            on_changed=self._on_edits_changed,
            on_problem=self._on_store_problem,
            wake=self._editsWritten.emit,
        )
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(UNDO_LIMIT)
        self.loader = Loader(self)
        #: the open corpus: in memory (the loader fills it) or an event dataset (read from
        #: disk), chosen when it opens; the one state object everything below asks
        self.state: CorpusState = self._memory_corpus()
        self._pending: pd.DataFrame | None = None
        self._error: object | None = None  # what stopped the last load, if anything
        self._load_overrides: dict[str, PublishedDate] = {}
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(REFRESH_MS)
        self._refresh.timeout.connect(self._apply_pending)
        self._view_timer = QTimer(self)
        self._view_timer.setSingleShot(True)
        self._view_timer.setInterval(VIEW_MS)
        self._view_timer.timeout.connect(self._fetch_view)
        self._dropped = heap.Dropped()
        self._drop_timer = QTimer(self)
        self._drop_timer.setSingleShot(True)
        self._drop_timer.setInterval(DROP_LOOK_MS)
        self._drop_timer.timeout.connect(self._look_at_dropped)
        # (queued even from this thread: it is told inside a collection, anywhere)
        self._walkDueLater.connect(self._look_later, Qt.ConnectionType.QueuedConnection)
        heap.when_walk_due(self._walk_due)
        self._refilteredLater.connect(self._on_refiltered)
        self._viewLater.connect(self._on_view_fetched)
        self._facetsLater.connect(self._on_facets_counted)
        self.loader.yielded.connect(self._on_update)
        self.loader.errored.connect(self._on_error)
        self.loader.finished.connect(self._on_finished)
        self._editsWritten.connect(self._on_edits_written)
        self._opening: _OpenRequest | None = None  # an open in flight (`open`)
        self._open_serial = 0
        self._openedLater.connect(self._on_opened)
        self._documentsLater.connect(self._on_documents_read)
        self._recordLater.connect(self._on_record_read)

    # ------------------------------------------------------------------ what the views read

    @property
    def list_follows_view(self) -> bool:
        """Whether the event list shows the events of the visible range (`listChanged`) rather
        than the filtered table (`filteredChanged`)."""
        return self.state.list_follows_view

    @property
    def missing_document(self) -> str:
        """What to say when an event's article is not at hand."""
        return self.state.missing_document

    @property
    def documents(self) -> Mapping[str, ParsedDocument]:
        """The parsed documents held in memory (none for a dataset: read when asked)."""
        return self.state.documents

    @property
    def events(self) -> pd.DataFrame:
        """Every event of the corpus as curated (hidden ones only with show_hidden)."""
        return self.state.events

    @property
    def filtered(self) -> pd.DataFrame:
        """The curated events that pass the filters: what the timeline and the list show."""
        return self.state.filtered

    @property
    def view_events(self) -> pd.DataFrame:
        """What the event list shows: the filtered events, or a dataset's events in view."""
        return self.state.view_events

    def view_total(self) -> int:
        """Events the list stands for (a dataset's list shows the first `LIST_LIMIT`)."""
        return self.state.view_total()

    def event_count(self) -> int:
        return self.state.event_count()

    def shown_count(self) -> int:
        return self.state.shown_count()

    def document_count(self) -> int:
        return self.state.document_count()

    def timeline_source(self) -> FrameSource | DatasetSource:
        """What the timeline draws: the filtered events, as a `nkviewer.model.source` source."""
        return self.state.timeline_source()

    def overview_source(self) -> FrameSource | DatasetSource:
        """What the overview draws: every event (filters aside)."""
        return self.state.overview_source()

    def supports(self, edit: str) -> bool:
        """Whether curation `edit` ("hidden", "titles", "dates", "published") is available."""
        return self.state.supports(edit)

    def facet_counts(self) -> FacetCounts:
        """Per facet kind, (value, events) pairs; empty before any corpus is open. On a dataset
        they are counted in the background: `facetCountsChanged` follows."""
        return self.state.facet_counts()

    def record(self, event_id: str) -> dict[str, Any] | None:
        """The curated record of an event (hidden ones too), as a dict; None if unknown. A
        dataset's event not at hand (`record_at_hand`) is looked up on this thread: the views
        ask `request_record` instead."""
        return self.state.record(event_id)

    def record_at_hand(self, event_id: str) -> bool:
        """Whether `record` answers without a query (always, for a corpus in memory)."""
        state = self.state
        return state.record_at_hand(event_id) if isinstance(state, DatasetCorpus) else True

    def request_record(self, event_id: str) -> None:
        """Look a dataset's event up in the background; `recordRead` says when its record is
        at hand. The latest request only: a newer one, or new edits, drop it."""
        if isinstance(self.state, DatasetCorpus):
            self.state.request_record(event_id)

    @Slot(object)
    def _on_record_read(self, result: RecordRead) -> None:
        if isinstance(self.state, DatasetCorpus) and self.state.accept_record(result):
            self.recordRead.emit(result.event_id)

    def document(self, doc_id: str) -> ParsedDocument | None:
        """A document of the corpus; a dataset's only once read in the background (None until
        then: see `documents_missing` and `request_documents`), never read on this thread."""
        state = self.state
        if isinstance(state, DatasetCorpus):
            return state.kept_document(doc_id)
        return state.document(doc_id)

    def documents_missing(self, doc_ids: Iterable[str]) -> list[str]:
        """Those of `doc_ids` that `document` would read from disk (a dataset's not read yet):
        ask for them with `request_documents`."""
        state = self.state
        return state.documents_missing(doc_ids) if isinstance(state, DatasetCorpus) else []

    def request_documents(self, doc_ids: Sequence[str]) -> None:
        """Read these documents in the background; `documentsRead` says when they are at hand.
        The latest request only: a newer one drops it."""
        if isinstance(self.state, DatasetCorpus):
            self.state.request_documents(doc_ids)

    @Slot(object)
    def _on_documents_read(self, result: DocumentsRead) -> None:
        if isinstance(self.state, DatasetCorpus) and self.state.accept_documents(result):
            self.documentsRead.emit(list(result.documents))

    def entity_kind(self, ent: EntitySpan) -> str:
        """The facet an entity mention belongs to ("" when none, e.g. a named event)."""
        return self.state.entity_kind(ent)

    def published(self, doc_id: str) -> PublishedDate | None:
        """The publication date in force: the user's correction, else the document's own
        (a dataset's once its document is read: `document`)."""
        override = self.store.get("published", doc_id)
        if override is not None:
            return override
        parsed = self.document(doc_id)
        return parsed.document.published if parsed else None

    # ------------------------------------------------------------------ opening and loading

    def open(
        self,
        inputs: Sequence[str | Path],
        *,
        options: LoadOptions | None = None,
        factory: GeneratorFactory | None = None,
    ) -> None:
        """Open a corpus (folders and files) and load it in the background, or an event
        dataset folder (read lazily: nothing to load). Its edits are read first, with the
        dataset opened, in a worker (`_opening`): the window shows the previous corpus, and
        `loading` is on, until `_on_opened` shows the new one; a newer open supersedes it."""
        self.loader.cancel()
        paths = [Path(p).expanduser() for p in inputs]
        if options is not None:
            self.load_options = options
        self._open_serial += 1
        request = _OpenRequest(self._open_serial, paths, factory)
        self._opening = request
        self._set_loading(True)
        self._submit_open(request, None, [])

    def _submit_open(
        self, request: _OpenRequest, dataset: DatasetCorpus | None, problems: list[str]
    ) -> None:
        """Read the edits (and open the dataset, unless `dataset` is open already) in the
        opening thread; `_openedLater` brings the outcome to this thread."""
        saves = self.store.saves  # asked now: edits saved before are read
        request.attempt += 1
        request.job = _OPENER.executor().submit(
            self._opening_job, request, request.attempt, saves, dataset, problems
        )

    def _opening_job(
        self,
        request: _OpenRequest,
        attempt: int,
        saves: int,
        dataset: DatasetCorpus | None,
        problems: list[str],
    ) -> _Opened:
        """(Opening thread.) Open the dataset the request names, if it is one, and read the
        corpus' edits (a file that fails validation is set aside and said so)."""
        # the dataset store (with the date engine its documents need) loads after the window
        # shows (tests/test_startup_imports)
        from nkviewer.corpus import dataset_store

        opened = _Opened(request, attempt, dataset, None, None, problems)
        try:
            paths = request.inputs
            if dataset is None and len(paths) == 1 and dataset_store.is_dataset(paths[0]):
                # the callbacks run in the dataset's worker threads: each emits a queued signal
                opened.dataset = DatasetCorpus.open(
                    paths[0],
                    on_refiltered=self._refilteredLater.emit,
                    on_view=self._viewLater.emit,
                    on_facets=self._facetsLater.emit,
                    on_documents=self._documentsLater.emit,
                    on_record=self._recordLater.emit,
                )
            opened.edits = self.store.read(paths, saves)
        except Exception as exc:  # (NkviewerError: a dataset that cannot be read)
            opened.error = exc
        try:
            self._openedLater.emit(opened)
        except RuntimeError:  # the session is gone (a window deleted unclosed)
            if opened.dataset is not None:
                opened.dataset.close()
        return opened

    @Slot(object)
    def _on_opened(self, opened: _Opened) -> bool:
        """Show a corpus opened in the background (unless a newer open or a cancel came
        since): read its edits again if one was saved meanwhile, else reset every view to it;
        a corpus in memory starts loading. True when `opened` answered the open in flight
        (shown, failed or read again: `finish_opening` waits for what follows), False when
        it was stale (superseded, cancelled, or taken already by `finish_opening`)."""
        request = opened.request
        if request is not self._opening or opened.attempt != request.attempt:
            if opened.dataset is not None and opened.dataset is not self.state:
                opened.dataset.close()
            return False
        if opened.error is not None:
            self._opening = None
            if opened.dataset is not None:
                opened.dataset.close()
            self._open_failed(request, opened.error)
            return True
        assert opened.edits is not None
        problems = opened.problems + opened.edits.problems
        if not self.store.adopt(opened.edits):  # an edit was saved meanwhile: read again
            dataset, opened.dataset = opened.dataset, None
            self._submit_open(request, dataset, problems)
            return True
        self._opening = None
        self.inputs = request.inputs
        # dropped from the outcome, which `finish_opening` may have taken before its queued
        # signal lands: the dataset is freed with the state that holds it
        dataset, opened.dataset, opened.edits = opened.dataset, None, None
        if dataset is not None:
            self._show_dataset(dataset, problems)
            return True
        self._hold(self._memory_corpus())
        self._announce_opened(problems)
        self._load_overrides = self.store.published
        self._error = None
        make = request.factory or pipeline_factory(
            self.inputs, self.load_options, self._load_overrides
        )
        self.loader.start(make)
        return True

    def _open_failed(self, request: _OpenRequest, exc: BaseException) -> None:
        """The dataset could not be opened: nothing is shown, and the user is told why."""
        if not isinstance(exc, NkviewerError):
            log.error("opening %s failed", request.inputs, exc_info=exc)
        self.inputs = request.inputs
        self._hold(self._memory_corpus())
        self._set_loading(False)
        self.failed.emit(exc)
        self.corpusOpened.emit()
        self._recompute_events()

    def _show_dataset(self, dataset: DatasetCorpus, problems: list[str]) -> None:
        self._hold(dataset)
        self._set_loading(False)
        self._announce_opened(problems)
        self.message.emit(
            f"Opened the event dataset {dataset.dataset.path.name}: {len(dataset.dataset):,} "
            f"events from {dataset.document_count():,} documents"
        )

    @property
    def opening(self) -> bool:
        """Whether a corpus asked to open is still being opened (its edits read)."""
        return self._opening is not None

    def finish_opening(self, timeout: float = 60.0) -> None:
        """Wait for an open in flight and show its corpus now (tests, the soak, `settle`)."""
        while self._opening is not None:
            job = self._opening.job
            if job is None or not self._on_opened(job.result(timeout=timeout)):
                return

    def _announce_opened(self, problems: Sequence[str]) -> None:
        """Reset every view to the corpus just held (its edits taken in): a new corpus or
        dataset is open; the problems met reading the edits are reported."""
        self.corpusOpened.emit()
        self.filtersChanged.emit()
        self._recompute_events()
        self.selectionChanged.emit([])
        self.currentChanged.emit("")
        for msg in problems:
            self._on_store_problem(msg)

    def _memory_corpus(self) -> MemoryCorpus:
        """A corpus in memory; a large one applies edits in its worker thread, which brings
        them here by a queued signal."""
        return MemoryCorpus(on_refiltered=self._refilteredLater.emit)

    def _hold(self, state: CorpusState) -> None:
        """Hold `state` from now on; the previous one is closed and dropped, freed with its
        caches at once since nothing else refers to it."""
        self._view_timer.stop()
        self.state.close()
        # freed by reference counting at the next line, unless a garbage cycle holds it: only
        # then (or when much was frozen since) is a walk of the whole heap worth its turn
        watch = heap.keeping()  # (else nothing is frozen: the collector frees it in time)
        if watch:
            self._dropped.add(self.state)
        self.state = state
        self._reset()
        if watch:
            self._drop_timer.start()

    @property
    def watching_drop(self) -> bool:
        """Whether a dropped corpus is still watched for its freeing (`DROP_LOOK_MS`)."""
        return self._drop_timer.isActive()

    @Slot()
    def _look_at_dropped(self) -> None:
        if not self._dropped.look():
            self._drop_timer.start()

    def _walk_due(self) -> None:
        """(Any thread, inside a collection: `heap.when_walk_due`.) Look on a later turn."""
        self._walkDueLater.emit()

    @Slot()
    def _look_later(self) -> None:
        """A walk of the whole heap is due: on an idle turn, the next look runs it."""
        if not self._drop_timer.isActive():
            self._drop_timer.start()

    def _reset(self) -> None:
        self.problems = []
        self.selection_model.clear()
        self.filters = FilterState()
        self._pending = None
        self.undo_stack.clear()

    @Slot()
    def reload(self) -> None:
        if self.inputs:
            self.open(self.inputs)

    @Slot()
    def cancel(self) -> None:
        if self._opening is not None:  # not shown yet: the previous corpus stays
            self._opening = None
            self._set_loading(False)
            self.message.emit("Opening cancelled")
        elif self.loading:
            self.loader.cancel()

    def shutdown(self) -> None:
        """Stop loading and wait for the worker (window closing); the last edits are written."""
        self._refresh.stop()
        self._view_timer.stop()
        self._drop_timer.stop()
        heap.forget_walk_due(self._walk_due)
        self._opening = None  # an open in flight is dropped when it lands
        self.store.flush()
        self.loader.shutdown()
        self.loading = False
        self.state.close()

    def _set_loading(self, on: bool) -> None:
        if self.loading != on:
            self.loading = on
            self.loadingChanged.emit(on)

    @Slot(object)
    def _on_update(self, update: LoadUpdate) -> None:
        if update.documents:
            self.state.add_documents(update.documents)
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
                f"Loading cancelled: {plural(self.document_count(), 'document')}, "
                f"{plural(self.event_count(), 'event')}"
            )
            return
        if self.store.published != self._load_overrides:
            self._rebuild()  # dates were corrected while loading, or the pipeline ignored them
        n = len(self.problems)
        done = (
            f"Loaded {plural(self.document_count(), 'document')}, "
            f"{plural(self.event_count(), 'event')}" + (f", {plural(n, 'problem')}" if n else "")
        )
        log.info("%s from %s", done, ", ".join(str(p) for p in self.inputs) or "nothing")
        self.message.emit(done)

    @Slot()
    def _apply_pending(self) -> None:
        self._refresh.stop()
        if self._pending is not None:
            frame, self._pending = self._pending, None
            self.state.set_raw(frame)
            self._recompute_events()

    def set_raw_events(self, frame: pd.DataFrame) -> None:
        """Replace the extracted events (tests; an event dataset raises NkviewerError)."""
        self.state.set_raw(frame)
        self._recompute_events()

    def add_documents(self, documents: Iterable[ParsedDocument]) -> None:
        self.state.add_documents(documents)
        self.documentsChanged.emit()

    def _rebuild(self) -> None:
        """Re-resolve every document's dates with the corrected publication dates (no spaCy)."""
        overrides = self.store.published
        if self.state.rebuild(overrides):  # an event dataset's dates stay as extracted
            self._load_overrides = overrides
            self._recompute_events()

    # ------------------------------------------------------------------ refiltering

    def _recompute_events(self) -> None:
        """Apply the edits again, then the filters (`eventsChanged`, then `filteredChanged`)."""
        curation = Curation(
            hidden=self.store.hidden,
            titles=self.store.items("titles"),
            dates=self.store.items("dates"),
            show_hidden=self.show_hidden,
        )
        # Hidden events leave the selection now, and no click selects one while the views
        # still draw the previous state (a refilter in the background, a timeline window not
        # fetched yet); held, so that in memory selectionChanged still follows filteredChanged.
        with self.selection_model.held():
            hidden = frozenset() if self.show_hidden else curation.hidden
            self.selection_model.set_unselectable(hidden, origin=self)
            self._refilter(curation)

    def _refilter(self, curation: Curation | None = None) -> None:
        """Filter again (after new edits when `curation` is given). A small corpus in memory
        shows the result now; a large one applies new edits in its worker, and a dataset runs
        every query in the background: the window shows the previous state until
        `_on_refiltered` swaps the new one in (`settle` waits for it)."""
        result = self.state.refilter(self.filters, list(self.selection), curation)
        if result is not None:
            self._on_refiltered(result)
        elif self.state.pending:
            self.refilterStarted.emit()

    @Slot(object)
    def _on_refiltered(self, result: Refiltered) -> None:
        """Show a refilter unless a newer one was asked. The selection keeps only events still
        shown (pruned before `filteredChanged`, so its receivers never read a selection of
        hidden events); `eventsChanged` comes first, its receivers reading the new state."""
        if not self.state.accept(result):
            return
        # the user may have selected meanwhile, from what was shown then
        kept = result.kept if result.selection == self.selection else None
        if kept is None:
            kept = self.state.shown_of(self.selection) if self.selection else []
        if result.events_changed:
            self.eventsChanged.emit()
        self._show_filtered(kept)
        if result.events_changed and self.current and not self.state.knows(self.current):
            self.set_current("")

    def _show_filtered(self, kept: list[str]) -> None:
        """The filtered events, and the list's (the same table in memory, a dataset's events of
        the view) changed; selectionChanged, if pruned, comes after both."""
        with self.selection_model.held():
            self.selection_model.retain(set(kept), origin=self)
            self.filteredChanged.emit()
            self.listChanged.emit()

    def settle(self, timeout: float = 60.0) -> None:
        """Wait for an open and a dataset's refilter in flight and show them now (tests, the
        soak)."""
        self.finish_opening(timeout)
        result = self.state.wait(timeout)
        if result is not None:
            self._on_refiltered(result)

    @property
    def refiltering(self) -> bool:
        """Whether a dataset's new filters or edits are still being applied."""
        return self.state.pending

    def set_view_range(self, t0: float, t1: float) -> None:
        """The timeline's visible range: a list that follows it is fetched once the range stays
        put (the corpus in memory fetches nothing: its list is the filtered table)."""
        self.state.set_view_range(t0, t1)
        if self.list_follows_view:
            self._view_timer.start()

    @Slot()
    def _fetch_view(self) -> None:
        """A dataset's list follows the view: fetched in the background (`_on_view_fetched`)."""
        self._view_timer.stop()
        self.state.request_view()

    @Slot(object)
    def _on_view_fetched(self, result: ViewFetched) -> None:
        if self.state.accept_view(result):
            self.listChanged.emit()

    @Slot(object)
    def _on_facets_counted(self, result: FacetsCounted) -> None:
        if self.state.accept_facets(result):
            self.facetCountsChanged.emit()

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

    @property
    def selection(self) -> list[str]:
        """The selected event ids (a copy; `selection_model` owns them)."""
        return self.selection_model.ids

    @property
    def current(self) -> str:
        """The event the Source panel shows ("" for none): kept while it stays selected, else
        the only selected event, else none (see `SelectionModel`)."""
        return self.selection_model.current

    def set_selection(self, event_ids: Sequence[str]) -> None:
        self.selection_model.replace(event_ids)

    def set_current(self, event_id: str) -> None:
        self.selection_model.set_current(event_id)

    def _on_selection_model(self, change: SelectionChange) -> None:
        if change.selection:
            self.selectionChanged.emit(self.selection_model.ids)
        if change.current:
            self.currentChanged.emit(self.selection_model.current)

    @Slot(bool)
    def set_show_hidden(self, on: bool) -> None:
        if on != self.show_hidden:
            self.show_hidden = on
            self._recompute_events()

    # ------------------------------------------------------------------ curation (undoable)

    def is_hidden(self, event_id: str) -> bool:
        return self.store.get("hidden", event_id) is not None

    def hide(self, event_ids: Sequence[str], hidden: bool = True) -> None:
        ids = [e for e in event_ids if self.is_hidden(e) != hidden]
        if not ids:
            return
        verb = "Hide" if hidden else "Unhide"
        text = f"{verb} {len(ids)} events" if len(ids) > 1 else f"{verb} event"
        values: dict[str, Any] = {e: (True if hidden else None) for e in ids}
        self.undo_stack.push(EditCommand(self.store, "hidden", values, text))

    def edit_title(self, event_id: str, title: str) -> None:
        original = self.state.raw_title(event_id)
        value = None if title.strip() in ("", original) else title.strip()
        if value == self.store.get("titles", event_id):
            return
        self.undo_stack.push(EditCommand(self.store, "titles", {event_id: value}, "Edit title"))

    def edit_date(self, event_id: str, text: str) -> None:
        """Correct an event's date; raises DateError for text that is not a date."""
        value = parse_user_period(text) if text.strip() else None
        if value == self.store.get("dates", event_id):
            return
        self.undo_stack.push(EditCommand(self.store, "dates", {event_id: value}, "Edit date"))

    def set_published(self, doc_id: str, published: PublishedDate | None) -> None:
        """Correct (or with None, restore) a document's publication date; re-resolves its dates."""
        if published == self.store.get("published", doc_id):
            return
        text = "Correct publication date" if published else "Restore publication date"
        self.undo_stack.push(EditCommand(self.store, "published", {doc_id: published}, text))

    @Slot(str)
    def _on_edits_changed(self, field: str) -> None:
        """An edit was made, undone or redone: apply the edits again (a corrected publication
        date re-resolves the corpus' dates first); edits the state does not support are kept
        in the sidecar but change nothing here."""
        if not self.state.supports(field):
            return
        if field == "published":
            self._rebuild()
        else:
            self._recompute_events()

    @Slot()
    def _on_edits_written(self) -> None:
        self.store.deliver()

    def _on_store_problem(self, msg: str) -> None:
        where = str(self.store.path or "edits")
        problem = FileProblem(where, msg, "warning")
        self.problems.append(problem)
        self.problemsAdded.emit([problem])
