"""A dataset's event that is not at hand (in neither the list's nor the timeline's events) is
looked up in the background, not on the window's thread (issue 13): the Source panel shows no
event meanwhile (never the one shown before), then the event clicked; the latest request wins,
and a look-up made before an edit is dropped and made again. A dataset's documents are never read
on the window's thread either (`Session.document`, `Session.published`)."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from source_panels import shown_panel

pytest.importorskip("duckdb", reason="duckdb is not installed")

from nkviewer.corpus.dataset import EventDataset
from nkviewer.qt.session import Session
from nkviewer.qt.source_panel import READING_EVENT, SourcePanel


class Held:
    """An `EventDataset` look-up (`find`, `document`) made to wait while held; records what it
    looked up (ids joined by commas) and on which thread."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, method: str = "find") -> None:
        self.release = threading.Event()
        self.release.set()
        self.found: list[tuple[str, threading.Thread]] = []
        real = getattr(EventDataset, method)

        def held(dataset: EventDataset, wanted: str | list[str]) -> Any:
            key = wanted if isinstance(wanted, str) else ",".join(wanted)
            self.found.append((key, threading.current_thread()))
            self.release.wait(30)
            return real(dataset, wanted)

        monkeypatch.setattr(EventDataset, method, held)

    def hold(self) -> None:
        self.found = []
        self.release.clear()

    def ids(self) -> list[str]:
        return [ids for ids, _ in self.found]

    def off_the_window_thread(self) -> bool:
        """Whether every look-up so far ran on another thread than the window's."""
        return threading.main_thread() not in [thread for _, thread in self.found]


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Iterator[Held]:
    finds = Held(monkeypatch)
    yield finds
    finds.release.set()  # (a failed test leaves no look-up waiting on the shared thread)


@pytest.fixture
def panel(qtbot: QtBot, sample_dataset: Path) -> Iterator[SourcePanel]:
    """A Source panel on a dataset whose list shows a range without events: none at hand."""
    session = Session()
    session.open([sample_dataset])
    session.settle()
    with qtbot.waitSignal(session.listChanged, timeout=10_000):
        session.set_view_range(-50_000.0, -49_000.0)
    assert not any(session.record_at_hand(e) for e in ("ev-summit", "ev-visit", "ev-moon"))
    yield shown_panel(qtbot, session)
    session.shutdown()


def shown_id(panel: SourcePanel) -> str:
    return str(panel.record["event_id"]) if panel.record is not None else ""


def show(qtbot: QtBot, panel: SourcePanel, event_id: str) -> None:
    """Make `event_id` current and wait until the panel shows it."""
    panel.session.set_current(event_id)
    qtbot.waitUntil(lambda: shown_id(panel) == event_id, timeout=10_000)


def test_an_event_not_at_hand_is_looked_up_in_the_background_and_the_latest_wins(
    qtbot: QtBot, panel: SourcePanel, held: Held
) -> None:
    session = panel.session
    show(qtbot, panel, "ev-summit")
    assert panel.title.text()  # its article's title, or the record's own
    landed: list[str] = []
    session.recordRead.connect(landed.append)
    held.hold()
    session.set_current("ev-visit")  # not at hand: looked up
    assert shown_id(panel) == "" and panel._empty.text() == READING_EVENT  # not ev-summit
    assert panel.reading_event == "ev-visit"
    qtbot.waitUntil(lambda: held.ids() == ["ev-visit"])  # under way
    session.set_current("ev-moon")  # the user moved on before it landed
    assert shown_id(panel) == "" and panel.reading_event == "ev-moon"
    held.release.set()
    qtbot.waitUntil(lambda: shown_id(panel) == "ev-moon", timeout=10_000)
    assert panel.reading_event == ""
    assert held.ids() == ["ev-visit", "ev-moon"]
    assert held.off_the_window_thread()
    # (one thread looks up in order: the superseded record landed before, and was dropped)
    assert landed == ["ev-moon"]
    assert shown_id(panel) == "ev-moon" and session.record_at_hand("ev-moon")
    assert not session.record_at_hand("ev-visit")
    record = panel.record
    assert record is not None and record["title"] == session.record("ev-moon")["title"]  # type: ignore[index]


def test_a_look_up_made_before_an_edit_is_dropped_and_made_again(
    qtbot: QtBot, panel: SourcePanel, held: Held
) -> None:
    session = panel.session
    held.hold()
    session.set_selection(["ev-visit"])  # current: the only event selected
    assert session.current == "ev-visit" and shown_id(panel) == ""
    qtbot.waitUntil(lambda: held.ids() == ["ev-visit"])  # under way, with the old title
    session.edit_title("ev-visit", "Retitled while read")
    held.release.set()
    qtbot.waitUntil(lambda: shown_id(panel) == "ev-visit", timeout=10_000)
    record = panel.record
    assert record is not None and record["title"] == "Retitled while read"
    assert held.ids() == ["ev-visit", "ev-visit"]  # looked up again after the edit
    assert panel.title.text() != "" and shown_id(panel) == session.current


def test_a_datasets_documents_are_never_read_on_the_window_thread(
    qtbot: QtBot, panel: SourcePanel, monkeypatch: pytest.MonkeyPatch
) -> None:
    read = Held(monkeypatch, "document")
    session = panel.session
    assert session.document("doc-a") is None and session.published("doc-a") is None
    assert read.ids() == []  # not read yet: nothing, rather than a query here
    with qtbot.waitSignal(session.documentsRead, timeout=10_000):
        session.request_documents(["doc-a"])
    parsed = session.document("doc-a")
    published = session.published("doc-a")
    assert parsed is not None and published is not None
    assert published == parsed.document.published
    assert "doc-a" in read.ids() and read.off_the_window_thread()


def test_a_dropped_dataset_is_freed_without_a_collection(
    qtbot: QtBot, panel: SourcePanel, sample_dataset: Path
) -> None:
    # A finished look-up's result (RecordRead, DocumentsRead) refers back to its corpus, and
    # the corpus kept the finished job: closing it left a cycle that only a full collection
    # freed (on the window's thread, 0.3-0.45 s at 10^5 events in the soak; heap.Dropped).
    session = panel.session
    show(qtbot, panel, "ev-summit")
    dropped = weakref.ref(session.state)
    gc.collect()
    gc.disable()
    try:
        session.open([sample_dataset])  # the open drops the corpus shown
        session.settle()
        qtbot.waitUntil(lambda: session.state is not dropped(), timeout=10_000)
        qtbot.wait(20)
        assert dropped() is None  # freed by reference counting alone
    finally:
        gc.enable()
