"""Opening reads the edits off the window's thread (issue 13: the first read imported pydantic on
it, a 1.2 s stall at reopen): the previous corpus stays shown until the new one is ready, an
edit made meanwhile is not lost, a bad edits file is still reported, Cancel keeps the previous
corpus."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import qt_sample
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from nkviewer.app.curation import CurationStore
from nkviewer.corpus.sidecar import SIDECAR_NAME, read_edits
from nkviewer.qt import session as session_module
from nkviewer.qt.session import Session

ALL_EVENTS = {"ev-summit", "ev-visit", "ev-moon"}


def corpus(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    return folder


def open_and_wait(qtbot: QtBot, session: Session, folder: Path) -> None:
    session.open([folder], factory=qt_sample.fake_pipeline())
    qtbot.waitUntil(lambda: not session.loading, timeout=10_000)


def landed() -> None:
    """Every open asked for so far has been read and its outcome delivered to this thread."""
    session_module._OPENER.executor().submit(lambda: None).result(30)  # (one thread, in order)
    QCoreApplication.processEvents()


class HeldReads:
    """`CurationStore.read` made to wait, after reading, until released (once `hold` is
    called); records the threads it ran on since."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.release = threading.Event()
        self.release.set()
        self.threads: list[threading.Thread] = []
        self.reads = 0
        real = CurationStore.read

        def held(store: CurationStore, inputs: Any, saves: int) -> Any:
            opened = real(store, inputs, saves)
            self.threads.append(threading.current_thread())
            self.reads += 1
            self.release.wait(30)
            return opened

        monkeypatch.setattr(CurationStore, "read", held)

    def hold(self) -> None:
        self.threads, self.reads = [], 0
        self.release.clear()


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Iterator[HeldReads]:
    reads = HeldReads(monkeypatch)
    yield reads
    reads.release.set()  # (a failed test leaves no read waiting on the shared thread)


def test_the_edits_are_read_off_the_window_thread_and_the_previous_corpus_stays_shown(
    qtbot: QtBot, tmp_path: Path, held: HeldReads
) -> None:
    first, second = corpus(tmp_path, "first"), corpus(tmp_path, "second")
    (second / SIDECAR_NAME).write_text('{"format": 1, "hidden": ["ev-moon"]}', encoding="utf-8")
    session = Session()
    open_and_wait(qtbot, session, first)
    session.hide(["ev-visit"])
    held.hold()
    opened: list[str] = []
    session.corpusOpened.connect(lambda: opened.append(str(session.inputs[0])))
    session.open([second], factory=qt_sample.fake_pipeline())
    assert session.loading and session.opening
    qtbot.waitUntil(lambda: held.reads == 1)
    qtbot.wait(50)  # the window keeps turning: the first corpus is still what it shows
    assert opened == [] and session.inputs == [first]
    assert set(session.filtered["event_id"]) == ALL_EVENTS - {"ev-visit"}
    held.release.set()
    qtbot.waitUntil(lambda: not session.loading, timeout=10_000)
    assert held.threads and threading.main_thread() not in held.threads
    assert opened == [str(second)] and session.inputs == [second]
    assert set(session.filtered["event_id"]) == ALL_EVENTS - {"ev-moon"}
    assert session.store.path == second / SIDECAR_NAME


def test_an_edit_made_while_the_same_corpus_reopens_is_read_again(
    qtbot: QtBot, tmp_path: Path, held: HeldReads
) -> None:
    folder = corpus(tmp_path, "c")
    session = Session()
    open_and_wait(qtbot, session, folder)
    session.hide(["ev-visit"])
    held.hold()
    session.open([folder], factory=qt_sample.fake_pipeline())  # reopened
    qtbot.waitUntil(lambda: held.reads == 1)  # read: ev-visit hidden, not yet ev-moon
    session.hide(["ev-moon"])  # the previous state is still shown and editable
    held.release.set()
    qtbot.waitUntil(lambda: not session.loading, timeout=10_000)
    assert held.reads == 2  # the edit came after the read: read again
    assert session.store.hidden == {"ev-visit", "ev-moon"}
    assert set(session.filtered["event_id"]) == {"ev-summit"}
    assert session.store.flush()
    assert set(read_edits(folder / SIDECAR_NAME).hidden) == {"ev-visit", "ev-moon"}


def test_a_bad_edits_file_is_reported_when_read_in_the_background(
    qtbot: QtBot, tmp_path: Path
) -> None:
    folder = corpus(tmp_path, "c")
    (folder / SIDECAR_NAME).write_text("{not json", encoding="utf-8")
    session = Session()
    open_and_wait(qtbot, session, folder)
    (problem,) = [p for p in session.problems if "could not be read" in p.reason]
    assert str(folder / SIDECAR_NAME) in problem.reason and "Invalid JSON" in problem.reason
    (aside,) = folder.glob(SIDECAR_NAME + ".corrupt-*")
    assert aside.read_text(encoding="utf-8") == "{not json"  # nothing lost
    assert set(session.filtered["event_id"]) == ALL_EVENTS


def test_cancel_while_opening_keeps_the_previous_corpus(
    qtbot: QtBot, tmp_path: Path, held: HeldReads
) -> None:
    first, second = corpus(tmp_path, "first"), corpus(tmp_path, "second")
    session = Session()
    open_and_wait(qtbot, session, first)
    held.hold()
    session.open([second], factory=qt_sample.fake_pipeline())
    qtbot.waitUntil(lambda: held.reads == 1)
    session.cancel()
    assert not session.loading and not session.opening
    held.release.set()
    landed()  # its outcome lands and is dropped
    assert session.inputs == [first] and set(session.filtered["event_id"]) == ALL_EVENTS


def test_a_newer_open_supersedes_one_in_flight(
    qtbot: QtBot, tmp_path: Path, held: HeldReads
) -> None:
    first, second, third = (corpus(tmp_path, n) for n in ("first", "second", "third"))
    session = Session()
    open_and_wait(qtbot, session, first)
    held.hold()
    opened: list[Path] = []
    session.corpusOpened.connect(lambda: opened.append(session.inputs[0]))
    session.open([second], factory=qt_sample.fake_pipeline())
    session.open([third], factory=qt_sample.fake_pipeline())
    held.release.set()
    qtbot.waitUntil(lambda: not session.loading, timeout=10_000)
    landed()
    assert opened == [third] and session.inputs == [third]


def test_the_new_corpus_is_fitted_though_the_old_one_was_refiltered_while_it_opened(
    qtbot: QtBot, tmp_path: Path, held: HeldReads
) -> None:
    """A new corpus is fitted once when it is shown: a filter change of the previous corpus
    while the edits are read (now in a worker) must not use that fit up."""
    from nkviewer.events.facets import FilterState
    from nkviewer.qt.main_window import MainWindow

    first, second = corpus(tmp_path, "first"), corpus(tmp_path, "second")
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    session, timeline = window.session, window.timeline
    window.open_paths([first], factory=qt_sample.fake_pipeline())
    qtbot.waitUntil(lambda: not session.loading and session.shown_count() == 3, timeout=10_000)
    fitted = timeline.visible_range()
    held.hold()
    window.open_paths([second], factory=qt_sample.fake_pipeline())
    qtbot.waitUntil(lambda: held.reads == 1, timeout=10_000)
    session.set_filters(FilterState(text="summit"))  # the previous corpus, refiltered meanwhile
    session.set_filters(FilterState())
    timeline.set_visible_range(fitted[0], fitted[0] + 2)  # and the user zooms in
    held.release.set()
    landed()
    qtbot.waitUntil(lambda: not session.loading and session.shown_count() == 3, timeout=10_000)
    assert timeline.visible_range() == pytest.approx(fitted)
    window.close()


def test_finish_opening_waits_through_a_second_read_and_stops_once_shown(
    qtbot: QtBot, tmp_path: Path, held: HeldReads
) -> None:
    """An edit saved after the edits were read makes the open read them again:
    `finish_opening` (tests, the soak) waits for that read too and returns with the corpus
    shown, the late edit in it."""
    folder = corpus(tmp_path, "c")
    session = Session()
    open_and_wait(qtbot, session, folder)
    held.hold()
    session.open([folder], factory=qt_sample.fake_pipeline())
    qtbot.waitUntil(lambda: held.reads == 1)
    session.hide(["ev-moon"])  # saved after the read
    held.release.set()
    session.finish_opening(timeout=30)
    assert not session.opening and held.reads == 2
    assert session.store.hidden == {"ev-moon"}
    landed()  # the outcomes' queued signals land too, and are dropped
    assert not session.opening and session.store.hidden == {"ev-moon"}
    qtbot.waitUntil(lambda: not session.loading, timeout=10_000)  # (it loads meanwhile)
