"""The source panel: entity spans land on the right characters (emoji and Korean before them),
the event's sentence is emphasised, clicking an entity filters, merged reports are one click away.
"""

from __future__ import annotations

import pytest
import qt_sample
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextFormat
from pytestqt.qtbot import QtBot
from source_panels import shown_panel

from nkviewer.model import palette
from nkviewer.qt.session import Session
from nkviewer.qt.source_panel import SourcePanel


def utf16_len(text: str) -> int:
    """Qt position of a Python index, computed independently of the code under test."""
    return len(text.encode("utf-16-le")) // 2


@pytest.fixture
def panel(qtbot: QtBot) -> SourcePanel:
    session = Session()
    session.add_documents(qt_sample.parsed_documents())
    session.set_raw_events(qt_sample.frame())
    return shown_panel(qtbot, session)


def formats(panel: SourcePanel) -> dict[int, QTextCharFormat]:
    """Qt position → character format, read fragment by fragment (exact at block starts)."""
    out: dict[int, QTextCharFormat] = {}
    block = panel.text.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            for pos in range(frag.position(), frag.position() + frag.length()):
                out[pos] = frag.charFormat()
            it += 1
        block = block.next()
    return out


def label_at(panel: SourcePanel, qt_pos: int) -> str | None:
    fmt = formats(panel).get(qt_pos)
    value = fmt.property(QTextFormat.Property.UserProperty) if fmt is not None else None
    return str(value) if value else None


def test_entities_are_highlighted_at_exact_utf16_offsets(panel: SourcePanel) -> None:
    panel.session.set_current("ev-summit")
    parsed = panel.session.document("doc-a")
    assert parsed is not None
    text = parsed.document.text
    kim = next(e for e in parsed.entities if e.text == "Kim Jong-un")
    assert "😀" in text[: kim.start] and "김정은" in text[: kim.start]
    a, b = utf16_len(text[: kim.start]), utf16_len(text[: kim.end])
    assert b - a == len("Kim Jong-un")
    assert a != kim.start  # the emoji really shifts Qt positions
    cursor = QTextCursor(panel.text.document())
    cursor.setPosition(a)
    cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
    assert cursor.selectedText() == "Kim Jong-un"
    assert [label_at(panel, p) for p in range(a, b)] == ["PERSON"] * (b - a)
    assert label_at(panel, a - 1) is None and label_at(panel, b) is None
    expected = QColor(palette.entity_color("PERSON", "light"))
    cursor.setPosition(a + 1)
    assert cursor.charFormat().background().color() == expected
    for ent in parsed.entities:
        s, e = utf16_len(text[: ent.start]), utf16_len(text[: ent.end])
        cursor.setPosition(s)
        cursor.setPosition(e, QTextCursor.MoveMode.KeepAnchor)
        assert cursor.selectedText() == ent.text


def test_sentence_is_emphasised_around_entities(panel: SourcePanel) -> None:
    panel.session.set_current("ev-summit")
    record = panel.session.record("ev-summit")
    assert record is not None
    text = qt_sample.TEXT_A
    s0, s1 = utf16_len(text[: record["sentence_start"]]), utf16_len(text[: record["sentence_end"]])
    covered: set[int] = set()
    for sel in panel.text.extraSelections():
        if sel.format.background().style() != Qt.BrushStyle.NoBrush:
            covered.update(range(sel.cursor.selectionStart(), sel.cursor.selectionEnd()))
    entity_positions = {
        p
        for ent in panel.text.entities
        for p in range(utf16_len(text[: ent.start]), utf16_len(text[: ent.end]))
    }
    assert covered | (entity_positions & set(range(s0, s1))) == set(range(s0, s1))
    assert not covered & entity_positions  # entity colours stay visible inside the sentence
    t0 = utf16_len(text[: record["time_start"]])
    underlined = [sel for sel in panel.text.extraSelections() if sel.format.fontUnderline()]
    assert [s.cursor.selectionStart() for s in underlined] == [t0]
    assert s0 <= panel.text.textCursor().position() <= s1  # scrolled to the sentence


def test_clicking_an_entity_filters_to_it(panel: SourcePanel, qtbot: QtBot) -> None:
    session = panel.session
    session.set_current("ev-visit")
    text = qt_sample.TEXT_A
    wang = text.index("Wang Yi") + 2
    cursor = QTextCursor(panel.text.document())
    cursor.setPosition(utf16_len(text[:wang]))
    point = panel.text.cursorRect(cursor).center()
    qtbot.mouseClick(panel.text.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert session.filters.picked("person") == frozenset({"Wang Yi"})
    assert list(session.filtered["event_id"]) == ["ev-visit"]


def test_merged_event_lists_every_report(panel: SourcePanel) -> None:
    panel.session.set_current("ev-summit")
    assert panel.sources.isVisibleTo(panel)
    assert "Korea JoongAng Daily" in panel.sources.text()
    panel.sources.linkActivated.emit("report:1")
    assert panel.doc_id == "doc-b"
    assert panel.title.text() == "Summit in the Far East"
    text = qt_sample.TEXT_B
    start = text.index("Kim Jong-un and")
    starts = [s.cursor.selectionStart() for s in panel.text.extraSelections()]
    assert utf16_len(text[:start]) in [*starts, *(p.start for p in panel.text.entities)]


def test_header_shows_outlet_link_and_date_provenance(panel: SourcePanel) -> None:
    panel.session.set_current("ev-moon")
    assert panel.doc_id == "doc-b"
    assert panel.published_edit.text() == "2019-04-26"
    assert "printed in the article" in panel.provenance.text()
    panel.session.set_current("ev-visit")
    assert 'href="https://example.org/a"' in panel.meta.text()
    assert "expected" in panel.event_info.text()


def test_a_bad_publication_date_is_explained(panel: SourcePanel) -> None:
    panel.session.set_current("ev-visit")
    panel.published_edit.setText("last spring")
    panel.published_edit.returnPressed.emit()
    assert panel.date_error.isVisibleTo(panel)
    assert "YYYY-MM-DD" in panel.date_error.text()
    assert panel.session.undo_stack.count() == 0


def test_junk_is_greyed_out(panel: SourcePanel) -> None:
    panel.session.set_current("ev-summit")
    text = qt_sample.TEXT_A
    junk = utf16_len(text[: text.index("Share this article")])
    normal = utf16_len(text[: text.index("met Vladimir")])
    cursor = QTextCursor(panel.text.document())
    cursor.setPosition(junk + 1)
    grey = cursor.charFormat().foreground().color()
    cursor.setPosition(normal + 1)
    assert grey != cursor.charFormat().foreground().color()
    assert grey.lightness() > 140


def test_switching_documents_leaves_no_stale_formats(panel: SourcePanel) -> None:
    # ev-visit's sentence starts a line with an entity ("China"): the text cursor rests there.
    panel.session.set_current("ev-visit")
    panel.session.set_current("ev-moon")
    assert panel.doc_id == "doc-b"
    text = qt_sample.TEXT_B
    plain = [utf16_len(text[:i]) for i in range(len(text)) if panel.text.entity_at(i) is None]
    found = formats(panel)
    assert plain and all(
        not found.get(p, QTextCharFormat()).property(QTextFormat.Property.UserProperty)
        for p in plain
    )


def test_dark_palette_reloads_highlights_in_dark_colours(panel: SourcePanel, qtbot: QtBot) -> None:
    from nkviewer.qt.theme import _palette

    panel.session.set_current("ev-visit")
    panel.setPalette(_palette("dark"))
    qtbot.waitUntil(lambda: panel._theme == "dark", timeout=2_000)
    text = qt_sample.TEXT_A
    wang = utf16_len(text[: text.index("Wang Yi")])
    cursor = QTextCursor(panel.text.document())
    cursor.setPosition(wang + 1)
    assert cursor.charFormat().background().color() == QColor(
        palette.entity_color("PERSON", "dark")
    )
    plain = [utf16_len(text[:i]) for i in range(len(text)) if panel.text.entity_at(i) is None]
    found = formats(panel)
    assert all(
        not found.get(p, QTextCharFormat()).property(QTextFormat.Property.UserProperty)
        for p in plain
    )


def test_reports_line_tells_articles_from_repeated_mentions(panel: SourcePanel) -> None:
    def line(doc_ids: list[str], current: int = 0) -> str:
        reports = [{"doc_id": d} for d in doc_ids]
        return panel._reports_html(reports, current)

    two_articles = line(["doc-a", "doc-b"])
    assert two_articles.startswith("Reported by 2 articles: ")
    assert "mention" not in two_articles and 'href="report:1"' in two_articles
    one_article = line(["doc-b", "doc-b"], current=1)
    assert one_article.startswith("Mentioned 2 times in this article: ")
    assert '<a href="report:0">mention 1</a>' in one_article
    assert "<b>mention 2</b>" in one_article
    mixed = line(["doc-a", "doc-b", "doc-b"])
    assert mixed.startswith("Reported by 2 articles (3 mentions): ")
    assert ", mention 2</a>" in mixed and mixed.count("Korea JoongAng Daily") == 2


def test_the_published_field_holds_an_inferred_range(panel: SourcePanel) -> None:
    edit = panel.published_edit
    text = "2019-03-01/2019-03-31"
    edit.setText(text)
    assert edit.minimumWidth() >= edit.fontMetrics().horizontalAdvance(text) + 12
    assert edit.maximumWidth() >= edit.minimumWidth()


def test_an_event_whose_article_is_not_read_yet_says_it_is_loading(qtbot: QtBot) -> None:
    """The panel asks the corpus why an article is missing (a dataset: not in its document
    store, tests/app/test_corpus_state.py); in memory, it is still loading."""
    session = Session()
    session.set_raw_events(qt_sample.frame())  # the events came before their documents
    widget = SourcePanel(session)
    qtbot.addWidget(widget)
    session.set_current("ev-summit")
    assert widget.legend.text() == "<i>The article is still loading…</i>"
    assert session.missing_document == "The article is still loading…"
