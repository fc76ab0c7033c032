"""Run the corpus pipeline generator off the UI thread (superqt / napari worker pattern).

`LoadWorker` lives in its own QThread and re-emits what the generator yields; it checks a stop
flag between yields. Connect its signals to `@Slot` methods of main-thread objects only (queued
connections); never to lambdas, which would run in the worker thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QThread, Signal, Slot

from nkviewer.app.state import EntityKinds
from nkviewer.corpus.options import LoadOptions
from nkviewer.corpus.progress import LoadUpdate
from nkviewer.errors import NkviewerError
from nkviewer.events.facets import FilterEngine, offer_engine
from nkviewer.threads import give_way, lower_priority, short_gil_turns

if TYPE_CHECKING:
    from nkviewer.ingest.document import PublishedDate

log = logging.getLogger(__name__)

#: Builds the generator to run; it receives a `should_stop()` callable to poll.
GeneratorFactory = Callable[[Callable[[], bool]], Iterator[LoadUpdate]]

#: Threads of cancelled or finished loads. Kept here, not on the Loader, so that a QThread is
#: never destroyed while it runs (Qt aborts the process) even if its Loader goes away first.
_RETIRED: list[tuple[QThread, LoadWorker]] = []


def _reap() -> None:
    _RETIRED[:] = [(t, w) for t, w in _RETIRED if t.isRunning()]


#: A loading batch of at least this many events gets its filter engine made in the loader's
#: thread (a few hundred ms of Python at 100,000 events); smaller ones are made at once.
PREPARE_MIN = 5_000


class EnginePreparer:
    """Makes, in the loader's thread, the filter engine of each big table the load yields, with
    the facet kinds of the documents read so far, as the window's `MemoryCorpus` would on its
    own thread when the table is swapped in; the corpus takes it (`take_engine`) if it has read
    the same documents. Qt-free; one per load."""

    def __init__(self, minimum: int | None = None) -> None:
        self.minimum = PREPARE_MIN if minimum is None else minimum
        self.kinds = EntityKinds()
        self.sources: dict[str, str] = {}
        self.memo: dict[tuple[str, int, int], tuple[tuple[str, str], ...]] = {}

    def __call__(self, update: LoadUpdate) -> None:
        for parsed in getattr(update, "documents", None) or ():
            self.sources[parsed.document.doc_id] = parsed.document.source
            self.kinds.note(parsed)
        frame = getattr(update, "events", None)
        if frame is None or len(frame) < self.minimum:
            return
        # A batch reuses the facet pairs of events seen in the batches before (as the window's
        # corpus does); the last table is made afresh, as an outlet learnt from a document read
        # after an event first came changes that event's sources.
        final = getattr(update, "stage", "") == "done"
        # a Python loop over every event (0.8 s at 10^5) beside the window, whose thread waited
        # up to 5 ms for the GIL at each call into Qt: 0.2 s turns on a reopen at 10^5
        with short_gil_turns():
            engine = FilterEngine(
                frame,
                kind_of=dict(self.kinds.of),
                source_of_doc=dict(self.sources),
                cache=None if final else self.memo,
            )
        offer_engine(engine, len(self.sources))


class LoadWorker(QObject):
    """Drives one generator to its end, or until stopped, in whatever thread it lives in; a big
    table it yields gets its filter engine made here first (`EnginePreparer`)."""

    yielded = Signal(object)
    errored = Signal(object)  # the exception
    finished = Signal()

    def __init__(self, factory: GeneratorFactory) -> None:
        super().__init__()
        self._factory = factory
        self._stop = threading.Event()
        self._prepare = EnginePreparer()

    def stop(self) -> None:
        """Ask the generator to stop at its next yield (thread-safe; callable from any thread)."""
        self._stop.set()

    def stopped(self) -> bool:
        return self._stop.is_set()

    @Slot()
    def run(self) -> None:
        lower_priority()  # the window's thread first (nkviewer.threads)
        gen: Iterator[LoadUpdate] | None = None
        try:
            gen = self._factory(self.stopped)
            for item in gen:
                if self._stop.is_set():
                    break
                give_way()  # e.g. the window's turn that started this load, resetting its views
                try:
                    self._prepare(item)
                except Exception:  # the window makes the engine itself: nothing is lost
                    log.exception("could not prepare the filter engine of a loaded table")
                self.yielded.emit(item)
        except Exception as exc:  # reported to the main thread, which decides how to show it
            if isinstance(exc, NkviewerError):  # the user can fix it: no traceback
                log.warning("loading stopped: %s", exc)
            else:
                log.exception("loading failed")
            self.errored.emit(exc)
        finally:
            close = getattr(gen, "close", None)
            if close is not None:
                try:
                    close()  # runs the generator's cleanup (e.g. shuts down worker processes)
                except Exception:
                    log.exception("error while closing the loader")
            self.finished.emit()


class Loader(QObject):
    """Owns the thread and the current worker; one load at a time. Lives in the main thread."""

    yielded = Signal(object)
    errored = Signal(object)
    finished = Signal(bool)  # True when the load ran to its end, False when cancelled

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: QThread | None = None
        self._worker: LoadWorker | None = None
        self._mine: list[QThread] = []  # threads this loader started and may have to wait for

    def is_running(self) -> bool:
        return self._worker is not None

    def start(self, factory: GeneratorFactory) -> None:
        """Start a new load, cancelling any running one (whose late results are ignored)."""
        self.cancel()
        thread = QThread()
        thread.setObjectName("nkviewer-loader")
        worker = LoadWorker(factory)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.yielded.connect(self._on_yielded)
        worker.errored.connect(self._on_errored)
        worker.finished.connect(self._on_finished)
        # Direct: QThread.quit() is thread-safe, and a queued call would wait for the main
        # thread, which may itself be blocked in shutdown() waiting for this thread.
        worker.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
        thread.finished.connect(self._on_thread_finished)
        self._thread, self._worker = thread, worker
        self._mine = [t for t in self._mine if t.isRunning()] + [thread]
        thread.start()

    def cancel(self) -> None:
        """Stop the running load; returns at once, the thread ends at the generator's next yield."""
        if self._worker is None or self._thread is None:
            return
        self._worker.stop()
        # Deliver what the worker emitted before the stop flag was set (queued, not yet run):
        # the documents read so far stay open.
        QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)
        if self._worker is None or self._thread is None:  # it finished meanwhile
            return
        _RETIRED.append((self._thread, self._worker))
        self._thread = None
        self._worker = None
        self.finished.emit(False)

    def shutdown(self, timeout_ms: int = 30_000) -> bool:
        """Cancel and wait for this loader's threads to end (at exit). False if one still runs."""
        self.cancel()
        ok = True
        for thread in self._mine:
            if thread.isRunning() and not thread.wait(timeout_ms):
                log.warning("the loader thread did not stop within %d ms", timeout_ms)
                ok = False
        self._mine = [t for t in self._mine if t.isRunning()]
        _reap()
        return ok

    @Slot()
    def _on_thread_finished(self) -> None:
        _reap()

    def _current(self) -> bool:
        return self._worker is not None and self.sender() is self._worker

    @Slot(object)
    def _on_yielded(self, item: object) -> None:
        if self._current():
            self.yielded.emit(item)

    @Slot(object)
    def _on_errored(self, exc: object) -> None:
        if self._current():
            self.errored.emit(exc)

    @Slot()
    def _on_finished(self) -> None:
        if not self._current():
            return
        assert self._thread is not None and self._worker is not None
        thread = self._thread
        _RETIRED.append((thread, self._worker))
        self._thread = None
        self._worker = None
        thread.wait(5_000)  # run() has returned: only the thread's own exit is left
        _reap()
        self.finished.emit(True)


def pipeline_factory(
    inputs: Sequence[Path], options: LoadOptions, overrides: dict[str, PublishedDate]
) -> GeneratorFactory:
    """A factory for the loader thread; the pipeline (pandas, spaCy) is imported there."""

    def make(should_stop: Callable[[], bool]) -> Iterator[LoadUpdate]:
        # the pipeline (and pandas, spaCy) loads here, in the loader thread, after the window shows
        from nkviewer.corpus.pipeline import load_corpus

        chosen = replace(options, published_overrides=overrides)
        return load_corpus(list(inputs), options=chosen, should_stop=should_stop)

    return make
