"""The Source panel reads an event dataset's articles in the background (issue 13: one query each
on the window's thread): it says it is reading, shows the article when it lands, drops a request
the user has moved on from, and the current event always wins."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from source_panels import shown_panel

pytest.importorskip("duckdb", reason="duckdb is not installed")

from nkviewer.corpus.dataset import EventDataset
from nkviewer.qt.session import Session
from nkviewer.qt.source_panel import READING, SourcePanel


class HeldDocuments:
    """`EventDataset.document` made to wait until released; records what it read and where."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.release = threading.Event()
        self.read: list[tuple[str, threading.Thread]] = []
        real = EventDataset.document

        def held(dataset: EventDataset, doc_id: str) -> Any:
            self.read.append((doc_id, threading.current_thread()))
            self.release.wait(30)
            return real(dataset, doc_id)

        monkeypatch.setattr(EventDataset, "document", held)


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Iterator[HeldDocuments]:
    held = HeldDocuments(monkeypatch)
    yield held
    held.release.set()  # (a failed test leaves no read waiting on the shared thread)


@pytest.fixture
def panel(qtbot: QtBot, sample_dataset: Path) -> SourcePanel:
    session = Session()
    session.open([sample_dataset])
    session.settle()
    return shown_panel(qtbot, session)


def test_the_article_is_read_in_the_background_and_shown_when_it_lands(
    qtbot: QtBot, panel: SourcePanel, held: HeldDocuments
) -> None:
    session = panel.session
    session.set_current("ev-visit")  # its article, doc-a, is not at hand
    assert panel.legend.text() == f"<i>{READING}</i>" and panel.doc_id == ""
    record = panel.record
    assert record is not None and panel.title.text() == record["doc_title"]  # the record's own
    assert panel.text.toPlainText() == record["sentence"]  # the event's sentence meanwhile
    held.release.set()
    qtbot.waitUntil(lambda: panel.doc_id == "doc-a", timeout=10_000)
    assert [doc for doc, _ in held.read] == ["doc-a"]
    assert threading.main_thread() not in [thread for _, thread in held.read]
    parsed = session.document("doc-a")  # kept: no read on this thread
    assert parsed is not None and panel.text.toPlainText() == parsed.document.text
    assert READING not in panel.legend.text()
    session.set_current("ev-summit")  # doc-a at hand, doc-b (its other report) not
    assert panel.doc_id == "doc-a"  # shown at once; the reports line names doc-b when read
    qtbot.waitUntil(lambda: session.documents_missing(["doc-b"]) == [], timeout=10_000)
    assert [doc for doc, _ in held.read] == ["doc-a", "doc-b"]


def test_the_current_event_wins_and_a_request_moved_on_from_is_dropped(
    qtbot: QtBot, panel: SourcePanel, held: HeldDocuments
) -> None:
    session = panel.session
    landed: list[list[str]] = []
    session.documentsRead.connect(landed.append)
    session.set_current("ev-summit")  # doc-b (another report), then its own doc-a
    qtbot.waitUntil(lambda: len(held.read) == 1)  # under way: reading doc-b
    moon = session.record("ev-moon")
    assert moon is not None and moon["doc_id"] == "doc-b"
    session.set_current("ev-moon")  # the user moved on before it landed
    assert panel.legend.text() == f"<i>{READING}</i>"
    held.release.set()
    qtbot.waitUntil(lambda: panel.doc_id == "doc-b", timeout=10_000)
    assert panel.record is not None and panel.record["event_id"] == "ev-moon"
    # the first request stopped after the article under way (doc-a never read) and was dropped
    assert [doc for doc, _ in held.read] == ["doc-b", "doc-b"]
    assert landed == [["doc-b"]]
