"""Corpus text is shown as written, never as Qt rich text; only http(s) addresses are links
(issue 12, points 5 and 6)."""

from __future__ import annotations

import dataclasses
import re

import pytest
import qt_sample
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from nkviewer.events.table import events_to_frame
from nkviewer.ingest.document import FileProblem
from nkviewer.qt.event_table import EventTableModel
from nkviewer.qt.problems import ProblemsPanel
from nkviewer.qt.session import Session
from nkviewer.qt.source_panel import SourcePanel

IMG = '<img src="file:///etc/hostname"> <b>Kim heads to Russia</b>'
SCRIPT = "javascript:alert(document.cookie)"


def hostile_session(url: str) -> Session:
    pa, pb = qt_sample.parsed_documents()
    doc = dataclasses.replace(pa.document, title=IMG, url=url, source="<i>Hankyoreh</i>")
    pa = dataclasses.replace(pa, document=doc)
    events = qt_sample.events()
    for ev in events:
        if ev.doc_id == "doc-a":
            ev.title = f"<a href='{SCRIPT}'>Kim</a> met <img src=x> Putin"
            ev.doc_title, ev.doc_url, ev.doc_source = IMG, url, "<i>Hankyoreh</i>"
    session = Session()
    session.add_documents([pa, pb])
    session.set_raw_events(events_to_frame(events))
    return session


@pytest.fixture
def panel(qtbot: QtBot) -> SourcePanel:
    widget = SourcePanel(hostile_session(SCRIPT))
    qtbot.addWidget(widget)
    widget.resize(560, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.session.set_current("ev-summit")
    return widget


def hrefs(label: QLabel) -> list[str]:
    return re.findall(r"href=\"([^\"]*)\"", label.text())


def test_the_source_panel_title_is_plain_text(panel: SourcePanel) -> None:
    assert panel.title.textFormat() == Qt.TextFormat.PlainText
    assert panel.title.text() == IMG  # the characters, shown as they are
    assert panel.provenance.textFormat() == Qt.TextFormat.PlainText
    assert panel.date_error.textFormat() == Qt.TextFormat.PlainText


def test_a_javascript_address_is_shown_not_linked(panel: SourcePanel) -> None:
    assert hrefs(panel.meta) == []
    assert "javascript:alert(document.cookie)" in panel.meta.text()  # as text, escaped
    assert "<i>Hankyoreh" not in panel.meta.text() and "&lt;i&gt;Hankyoreh" in panel.meta.text()


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "data:text/html,<script>alert(1)</script>", "ftp://x.org/a"]
)
def test_other_addresses_are_not_links(qtbot: QtBot, url: str) -> None:
    widget = SourcePanel(hostile_session(url))
    qtbot.addWidget(widget)
    widget.session.set_current("ev-summit")
    assert hrefs(widget.meta) == []


def test_an_http_address_is_a_link(qtbot: QtBot) -> None:
    widget = SourcePanel(hostile_session("https://example.org/a?x=1&y=2"))
    qtbot.addWidget(widget)
    widget.session.set_current("ev-summit")
    assert hrefs(widget.meta) == ["https://example.org/a?x=1&amp;y=2"]


def test_event_list_tooltips_show_markup_as_text() -> None:
    session = hostile_session(SCRIPT)
    model = EventTableModel()
    model.set_frame(session.events)
    tips = [
        str(model.index(r, 1).data(Qt.ItemDataRole.ToolTipRole)) for r in range(model.rowCount())
    ]
    tip = next(t for t in tips if "Putin" in t and "Kim" in t)
    assert "<img" not in tip and "<a " not in tip
    assert "&lt;img src=x&gt;" in tip and "&lt;a href=" in tip
    titles = [str(model.index(r, 1).data()) for r in range(model.rowCount())]
    assert any(t.startswith("<a href='javascript:") for t in titles)  # shown as written


def test_problem_tooltips_show_markup_as_text(qtbot: QtBot) -> None:
    panel = ProblemsPanel(Session())
    qtbot.addWidget(panel)
    panel.add([FileProblem('/c/<img src="x">.txt', "<b>binary</b> data")])
    item = panel.tree.topLevelItem(0)
    assert item is not None
    assert "<img" not in item.toolTip(0) and "&lt;img" in item.toolTip(0)
    assert "<b>" not in item.toolTip(1) and "&lt;b&gt;binary" in item.toolTip(1)
