"""The session and its background loader, on hand-made data (no spaCy): batches, problems,
Cancel, shutdown mid-load, and curation with undo/redo persisted in the sidecar."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import qt_sample
from pytestqt.qtbot import QtBot

from nkviewer.app import memory
from nkviewer.corpus import sidecar as sidecar_module
from nkviewer.corpus.curation import fallback_sidecar, sidecar_path
from nkviewer.corpus.progress import LoadUpdate
from nkviewer.corpus.sidecar import SIDECAR_NAME, Edits
from nkviewer.errors import DateError
from nkviewer.events.facets import FilterState
from nkviewer.ingest.document import FileProblem
from nkviewer.qt.problems import ProblemsPanel
from nkviewer.qt.session import Session

#: How long the waits for the worker may take on a loaded machine (they end as soon as it is
#: done: a bound for a hung worker, not a speed requirement; 5 s failed at load 5-6)
LOADED_MS = 30_000


def wait_loaded(qtbot: QtBot, session: Session) -> None:
    if session.loading:
        with qtbot.waitSignal(session.loadingChanged, timeout=10_000):
            pass
    assert not session.loading


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    return folder


def open_sample(qtbot: QtBot, folder: Path, **kw: object) -> Session:
    session = Session()
    session.open([folder], factory=qt_sample.fake_pipeline(**kw))  # type: ignore[arg-type]
    wait_loaded(qtbot, session)
    return session


def test_events_arrive_batch_by_batch_and_problems_are_listed(qtbot: QtBot, corpus: Path) -> None:
    session = Session()
    panel = ProblemsPanel(session)
    qtbot.addWidget(panel)
    first_batch_shown = threading.Event()
    listed_with_first_batch: list[int] = []

    def on_filtered() -> None:
        if session.shown_count() == 2:
            listed_with_first_batch.append(panel.count())
            first_batch_shown.set()

    def gate(should_stop: Callable[[], bool]) -> None:
        while not should_stop() and not first_batch_shown.wait(0.02):
            pass

    session.filteredChanged.connect(on_filtered)
    problem = FileProblem(str(corpus / "broken.pdf"), "not a PDF file (damaged or encrypted?)")
    session.open([corpus], factory=qt_sample.fake_pipeline(problems=[problem], gate=gate))
    wait_loaded(qtbot, session)
    assert set(session.events["event_id"]) == {"ev-summit", "ev-visit", "ev-moon"}
    assert len(session.documents) == 2
    assert listed_with_first_batch == [1]  # the problem was listed while the others loaded
    assert panel.problems() == [(problem.path, problem.reason)]


def test_cancel_mid_load_keeps_what_was_read(qtbot: QtBot, corpus: Path) -> None:
    release = threading.Event()

    def gate(should_stop: Callable[[], bool]) -> None:
        while not should_stop() and not release.wait(0.02):
            pass

    session = Session()
    session.open([corpus], factory=qt_sample.fake_pipeline(gate=gate))
    qtbot.waitUntil(lambda: session.shown_count() == 2, timeout=10_000)
    with qtbot.waitSignal(session.loadingChanged, timeout=5_000):
        session.cancel()
    assert session.shown_count() == 2
    assert len(session.documents) == 1
    assert session.loader.shutdown(5_000)


def test_shutdown_while_loading_stops_the_thread(qtbot: QtBot, corpus: Path) -> None:
    started = threading.Event()

    def gate(should_stop: Callable[[], bool]) -> None:
        started.set()
        while not should_stop():
            threading.Event().wait(0.02)

    session = Session()
    session.open([corpus], factory=qt_sample.fake_pipeline(gate=gate))
    qtbot.waitUntil(started.is_set, timeout=5_000)  # (the edits are read first, in a worker)
    assert session.loader.shutdown(5_000)
    assert not session.loader.is_running()


def test_loader_error_is_reported_not_raised(qtbot: QtBot, corpus: Path) -> None:
    def broken(should_stop: Callable[[], bool]):  # type: ignore[no-untyped-def]
        yield LoadUpdate("scanning", 0, 1)
        raise DateError("the anchor date cannot be read")

    session = Session()
    with qtbot.waitSignal(session.failed, timeout=5_000) as blocker:
        session.open([corpus], factory=broken)
    assert isinstance(blocker.args[0], DateError)
    wait_loaded(qtbot, session)


def test_hide_undo_redo_and_persistence(qtbot: QtBot, corpus: Path) -> None:
    session = open_sample(qtbot, corpus)
    session.hide(["ev-summit"])
    assert "ev-summit" not in set(session.filtered["event_id"])
    assert session.store.flush() and (corpus / SIDECAR_NAME).is_file()
    session.undo_stack.undo()
    assert "ev-summit" in set(session.filtered["event_id"])
    session.undo_stack.redo()
    assert "ev-summit" not in set(session.filtered["event_id"])
    session.edit_title("ev-moon", "Moon and Xi met in Beijing")
    session.edit_date("ev-visit", "2019-05")
    session.shutdown()  # closing waits for the last write

    again = open_sample(qtbot, corpus)  # a new session, as after a restart
    ids = set(again.filtered["event_id"])
    assert "ev-summit" not in ids
    moon = again.record("ev-moon")
    visit = again.record("ev-visit")
    assert moon is not None and moon["title"] == "Moon and Xi met in Beijing"
    assert visit is not None and (visit["start"], visit["end"]) == ("2019-05-01", "2019-05-31")
    again.set_show_hidden(True)
    assert "ev-summit" in set(again.events["event_id"])
    again.hide(["ev-summit"], False)
    again.set_show_hidden(False)
    assert "ev-summit" in set(again.filtered["event_id"])
    again.shutdown()
    saved = json.loads((corpus / SIDECAR_NAME).read_text(encoding="utf-8"))
    assert saved["hidden"] == [] and saved["titles"] == {"ev-moon": "Moon and Xi met in Beijing"}


def test_a_bad_date_is_refused_with_a_message(qtbot: QtBot, corpus: Path) -> None:
    session = open_sample(qtbot, corpus)
    with pytest.raises(DateError, match="YYYY-MM-DD"):
        session.edit_date("ev-visit", "next spring")
    assert session.undo_stack.count() == 0


def test_corrupt_sidecar_is_kept_aside_and_reported(qtbot: QtBot, corpus: Path) -> None:
    (corpus / SIDECAR_NAME).write_text("{not json", encoding="utf-8")
    session = open_sample(qtbot, corpus)
    assert session.shown_count() == 3
    assert any("could not be read" in p.reason for p in session.problems)
    aside = list(corpus.glob(SIDECAR_NAME + ".corrupt-*"))
    assert len(aside) == 1 and aside[0].read_text(encoding="utf-8") == "{not json"
    session.hide(["ev-moon"])
    assert session.store.flush()
    assert json.loads((corpus / SIDECAR_NAME).read_text(encoding="utf-8"))["hidden"] == ["ev-moon"]


def test_an_edit_is_written_off_the_window_thread_and_closing_waits_for_it(
    qtbot: QtBot, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = sidecar_module.write_edits
    writers: list[str] = []

    def slow(target: Path, edits: Edits, *, pause: bool = False) -> None:
        writers.append(threading.current_thread().name)
        time.sleep(0.3)  # a slow disk: the write is still under way when the window closes
        real(target, edits, pause=pause)

    monkeypatch.setattr(sidecar_module, "write_edits", slow)
    session = open_sample(qtbot, corpus)
    session.hide(["ev-moon"])
    assert session.store.pending()  # the edit returned before the file was written
    session.shutdown()
    assert json.loads((corpus / SIDECAR_NAME).read_text(encoding="utf-8"))["hidden"] == ["ev-moon"]
    assert writers == ["nkviewer-edits-writer"]


def test_a_failed_write_is_reported_with_the_file_and_the_reason(
    qtbot: QtBot, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refusing(target: Path, edits: Edits, *, pause: bool = False) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(sidecar_module, "write_edits", refusing)
    session = open_sample(qtbot, corpus)
    session.hide(["ev-moon"])
    qtbot.waitUntil(lambda: any("No space left" in p.reason for p in session.problems))
    (problem,) = [p for p in session.problems if "No space left" in p.reason]
    assert str(corpus / SIDECAR_NAME) in problem.reason
    assert "ev-moon" not in set(session.filtered["event_id"])  # the edit itself stays
    session.shutdown()


def test_sidecar_goes_to_the_data_folder_for_files_and_read_only_folders(tmp_path: Path) -> None:
    files = [tmp_path / "a.txt", tmp_path / "b.txt"]
    assert sidecar_path(files) == fallback_sidecar(files)
    assert sidecar_path([tmp_path]) == tmp_path / SIDECAR_NAME


def test_a_large_corpus_shows_the_previous_state_until_its_edits_are_applied(
    qtbot: QtBot, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From `BACKGROUND_EVENTS` events on, an edit is applied in the worker: the window's
    thread returns at once and the new state arrives by the queued signal, the hidden event
    already out of the selection."""
    monkeypatch.setattr(memory, "BACKGROUND_EVENTS", 0)
    session = open_sample(qtbot, corpus)
    qtbot.waitUntil(lambda: not session.refiltering)
    session.set_selection(["ev-summit", "ev-moon"])
    with qtbot.waitSignal(session.filteredChanged, timeout=10_000):
        session.hide(["ev-summit"])
        assert session.refiltering and session.selection == ["ev-moon"]
        assert "ev-summit" in set(session.filtered["event_id"])  # shown until replaced
    assert set(session.filtered["event_id"]) == {"ev-visit", "ev-moon"}
    with qtbot.waitSignal(session.filteredChanged, timeout=10_000):
        session.undo_stack.undo()
    assert set(session.filtered["event_id"]) == {"ev-summit", "ev-visit", "ev-moon"}
    session.shutdown()


def test_a_hidden_event_still_drawn_cannot_be_selected(
    qtbot: QtBot, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the previous state is still drawn (the edit applied in the worker), a click on the
    event just hidden selects nothing; shown again (Show Hidden), it can be selected."""
    monkeypatch.setattr(memory, "BACKGROUND_EVENTS", 0)
    session = open_sample(qtbot, corpus)
    qtbot.waitUntil(lambda: not session.refiltering)
    with qtbot.waitSignal(session.filteredChanged, timeout=10_000):
        session.hide(["ev-summit"])
        assert "ev-summit" in set(session.filtered["event_id"])  # still drawn
        session.selection_model.toggle("ev-summit")  # a Ctrl-click on it
        session.selection_model.replace(["ev-summit", "ev-moon"])  # a rubber band over both
        assert session.selection == ["ev-moon"]
    assert session.selection == ["ev-moon"]
    with qtbot.waitSignal(session.filteredChanged, timeout=10_000):
        session.set_show_hidden(True)
    session.set_selection(["ev-summit"])
    assert session.selection == ["ev-summit"]
    with qtbot.waitSignal(session.filteredChanged, timeout=10_000):
        session.set_show_hidden(False)
    assert session.selection == []
    session.shutdown()


def test_panning_an_in_memory_corpus_starts_no_list_fetch(qtbot: QtBot, corpus: Path) -> None:
    """The list of a corpus in memory is its filtered table: moving the view fetches nothing,
    so no fetch is scheduled (a dataset's list follows the view and is fetched once it rests)."""
    session = open_sample(qtbot, corpus)
    assert not session.list_follows_view
    session.set_view_range(17_000.0, 18_000.0)
    assert not session._view_timer.isActive()


def test_selection_follows_filters(qtbot: QtBot, corpus: Path) -> None:
    session = open_sample(qtbot, corpus)
    session.set_selection(["ev-moon", "ev-summit"])
    assert session.current == ""
    session.set_selection(["ev-moon"])
    assert session.current == "ev-moon"
    session.filter_to_entity("person", "Vladimir Putin")
    assert list(session.filtered["event_id"]) == ["ev-summit"]
    assert session.selection == []  # the selected event is filtered out
    assert session.current == ""  # and the Source panel no longer reads it


def test_the_current_event_is_always_one_of_the_selection(qtbot: QtBot, corpus: Path) -> None:
    """A rubber band or a filter that leaves the current event out never keeps it current:
    the Source panel shows a selected event or says none is selected."""
    from nkviewer.qt.source_panel import SourcePanel

    session = open_sample(qtbot, corpus)
    panel = SourcePanel(session)
    qtbot.addWidget(panel)
    session.set_selection(["ev-moon"])
    assert session.current == "ev-moon" and panel.record is not None
    session.set_selection(["ev-moon", "ev-summit"])  # still selected: stays current
    assert session.current == "ev-moon"
    session.set_selection(["ev-summit"])
    assert session.current == "ev-summit"
    session.set_selection(["ev-moon", "ev-summit"])
    session.set_selection(["ev-moon"])  # the band let go of the current event
    assert session.current == "ev-moon"
    session.set_selection([])
    assert session.current == "" and panel.record is None


def test_the_source_panel_follows_a_retitled_or_hidden_current_event(
    qtbot: QtBot, corpus: Path
) -> None:
    from nkviewer.qt.source_panel import SourcePanel

    session = open_sample(qtbot, corpus)
    panel = SourcePanel(session)
    qtbot.addWidget(panel)
    session.set_selection(["ev-visit"])
    assert panel.record is not None
    before = str(panel.record["title"])
    session.edit_title("ev-visit", "Wang Yi's visit, as the analyst puts it")
    assert panel.record["title"] == "Wang Yi's visit, as the analyst puts it"
    session.undo_stack.undo()
    assert panel.record["title"] == before
    session.hide(["ev-visit"])
    assert session.selection == [] and session.current == "" and panel.record is None
    session.undo_stack.undo()
    session.set_selection(["ev-visit"])
    assert panel.record is not None and panel.record["title"] == before


def test_the_undo_stack_keeps_at_most_its_limit_of_edits(qtbot: QtBot, corpus: Path) -> None:
    from nkviewer.qt.session import UNDO_LIMIT

    session = open_sample(qtbot, corpus)
    for i in range(UNDO_LIMIT + 20):
        session.edit_title("ev-moon", f"Title {i % 2}")
    assert session.undo_stack.count() == UNDO_LIMIT
    session.undo_stack.undo()
    moon = session.record("ev-moon")
    assert moon is not None and moon["title"] == f"Title {(UNDO_LIMIT + 18) % 2}"
    session.loader.shutdown()


def test_an_edit_asked_while_the_worker_is_busy_shows_the_previous_state_consistently(
    qtbot: QtBot, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A small corpus' edit made while its worker is still busy (held here after it delivered
    a refilter) returns without waiting for it: the hidden event leaves the selection and the
    Source panel at once, the previous events are shown until the new ones land, and the undo
    stack is the edit's."""
    hold, freed = threading.Event(), threading.Event()
    real = memory.MemoryCorpus._prepare
    held = [True]  # not yet

    def prepare(self: memory.MemoryCorpus, job: object) -> object:
        # Held: the first job started after `held` is cleared, busy once it has handed its
        # result over. (Decided at its start: the opening's last job hands its result over
        # inside `real`, and the window may take it in and clear `held` before `real`
        # returns; that job was then held, and the refilter asked next waited behind it.)
        hold_this = not held[0]
        held[0] = True
        result = real(self, job)  # type: ignore[arg-type]
        if hold_this:
            hold.wait(30)
            freed.set()
        return result

    monkeypatch.setattr(memory.MemoryCorpus, "_prepare", prepare)
    monkeypatch.setattr(memory, "BACKGROUND_EVENTS", 0)  # the first refilter in the worker
    session = open_sample(qtbot, corpus)
    try:
        qtbot.waitUntil(lambda: not session.refiltering, timeout=LOADED_MS)
        held[0] = False
        session.set_filters(FilterState(start=0.0))  # the same events, from the worker
        qtbot.waitUntil(lambda: not session.refiltering, timeout=LOADED_MS)
        monkeypatch.setattr(memory, "BACKGROUND_EVENTS", 10_000)  # small from now on
        session.set_selection(["ev-summit"])
        assert session.current == "ev-summit"
        session.hide(["ev-summit"])
        assert not freed.is_set()  # returned while the worker was held
        assert session.refiltering and session.selection == [] and session.current == ""
        assert "ev-summit" in set(session.filtered["event_id"])  # shown until replaced
        assert session.undo_stack.index() == 1 and session.undo_stack.canUndo()
        with qtbot.waitSignal(session.filteredChanged, timeout=LOADED_MS):
            hold.set()
        assert set(session.filtered["event_id"]) == {"ev-visit", "ev-moon"}
        assert not session.refiltering and session.selection == []
        session.undo_stack.undo()
        qtbot.waitUntil(lambda: not session.refiltering, timeout=LOADED_MS)
        assert set(session.filtered["event_id"]) == {"ev-summit", "ev-visit", "ev-moon"}
    finally:
        hold.set()
        session.shutdown()
