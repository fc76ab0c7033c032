"""The source panel: the article an event came from, with its entities and dates highlighted.

Shows title, outlet, publication date with its provenance (editable: a correction re-resolves
the document's relative dates) and a link to the original; then the full text with entities
coloured by type (character formats; Qt rich text has no <mark>), temporal expressions
underlined, scraped junk greyed out, and the event's sentence emphasised and scrolled into
view. Offsets are Python indices, converted to Qt's UTF-16 positions (`Utf16Map`).
Clicking an entity filters the timeline to it; a merged event lists all its reports.
An event dataset's articles are read in the background: until the article lands the panel shows
the event's sentence and says it is reading; the current event always wins (a request for the
one shown before is dropped). So is the record of a dataset's event that is not at hand (not in
the list's or the timeline's events): until it lands the panel shows no event, only that it is
reading it, never the event shown before.
"""

from __future__ import annotations

import html
from collections.abc import Set as AbstractSet
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, Slot
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from nkviewer.app.dataset import UNSUPPORTED_TIP
from nkviewer.corpus.curation import parse_user_published
from nkviewer.errors import DateError
from nkviewer.ingest.links import http_url
from nkviewer.qt.guard import guarded
from nkviewer.qt.highlight import HighlightColours, highlight_colours
from nkviewer.qt.plain import plain_label, plain_tooltip
from nkviewer.qt.source_text import LABEL_NAMES, SourceText, qt_text
from nkviewer.qt.theme import widget_theme
from nkviewer.qt.utf16 import Utf16Map

if TYPE_CHECKING:
    from nkviewer.nlp.parsed import EntitySpan, ParsedDocument
    from nkviewer.qt.session import Session

PROVENANCE = {
    "manifest": "from the corpus manifest",
    "text": "printed in the article",
    "html": "from the page's metadata",
    "inferred": "inferred from the text",
    "user": "corrected by you",
    "unknown": "unknown",
}


#: Other reports of a merged event whose article is read for the reports line (their outlet and
#: date); the rest are listed by number.
NAMED_REPORTS = 16
READING = "Reading the article…"
READING_EVENT = "Reading the event…"
EMPTY = "Click an event on the timeline or in the list to read its source."

PUBLISHED_TIP = (
    "Correct the publication date (YYYY-MM-DD, YYYY-MM or YYYY) and press Enter: "
    "relative dates such as “last Tuesday” are re-resolved at once."
)


class SourcePanel(QWidget):
    """Dock content: wraps a Session, follows its current event, only reads it."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.record: dict[str, Any] | None = None
        self.doc_id = ""
        self._source_index = 0
        self._theme = ""
        self._asked: set[str] = set()  # documents asked for while this event is shown
        self._awaiting = ""  # the current event, whose record is being looked up
        self._build()
        session.currentChanged.connect(self._on_current)
        session.corpusOpened.connect(self._on_corpus)
        session.eventsChanged.connect(self._on_events)
        session.documentsChanged.connect(self._on_documents)
        session.documentsRead.connect(self._on_documents_read)
        session.recordRead.connect(self._on_record_read)

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        self._stack = QStackedWidget(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._stack)

        self._empty = QLabel(EMPTY)
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty.setWordWrap(True)
        self._empty.setMargin(24)
        self._empty.setEnabled(False)
        self._stack.addWidget(self._empty)

        page = QWidget()
        lay = QVBoxLayout(page)
        lay.setContentsMargins(10, 8, 10, 6)
        lay.setSpacing(5)
        self.title = plain_label(QLabel())
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        lay.addWidget(self.title)

        self.meta = QLabel()  # nkviewer's own rich text, every corpus string escaped
        self.meta.setTextFormat(Qt.TextFormat.RichText)
        self.meta.setOpenExternalLinks(True)
        self.meta.setWordWrap(True)
        self.meta.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        lay.addWidget(self.meta)

        row = QHBoxLayout()
        row.setSpacing(6)
        row.addWidget(QLabel("Published"))
        self.published_edit = QLineEdit()
        self.published_edit.setPlaceholderText("YYYY-MM-DD")
        self.published_edit.setToolTip(PUBLISHED_TIP)
        # Wide enough for an inferred range ("2019-03-01/2019-03-31"), not only one day.
        self.published_edit.setMinimumWidth(
            self.published_edit.fontMetrics().horizontalAdvance("2019-03-01/2019-03-31") + 24
        )
        self.published_edit.returnPressed.connect(self._apply_published)
        row.addWidget(self.published_edit)
        self.provenance = plain_label(QLabel())  # quotes a stamp from the article
        self.provenance.setEnabled(False)
        row.addWidget(self.provenance, 1)
        self.restore_button = QPushButton("Restore")
        self.restore_button.setToolTip(
            "Forget your correction and use the date found in the corpus"
        )
        self.restore_button.clicked.connect(self._restore_published)
        row.addWidget(self.restore_button)
        lay.addLayout(row)
        self.date_error = plain_label(QLabel())  # quotes what the user typed
        self.date_error.setWordWrap(True)
        self.date_error.setStyleSheet("color: #c0392b;")
        self.date_error.hide()
        lay.addWidget(self.date_error)

        self.event_info = QLabel()
        self.event_info.setWordWrap(True)
        self.event_info.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.event_info)

        self.sources = QLabel()
        self.sources.setWordWrap(True)
        self.sources.setTextFormat(Qt.TextFormat.RichText)
        self.sources.linkActivated.connect(self._on_source_link)
        lay.addWidget(self.sources)

        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        lay.addWidget(self.legend)

        self.text = SourceText()
        self.text.entityClicked.connect(self._on_entity_clicked)
        lay.addWidget(self.text, 1)
        self._stack.addWidget(page)

    # ------------------------------------------------------------------ following the session

    @Slot()
    def _on_corpus(self) -> None:
        self.show_nothing()

    @Slot(str)
    def _on_current(self, event_id: str) -> None:
        self.show_event(event_id)

    @Slot()
    def _on_events(self) -> None:
        current = self.session.current
        if current and current == self._awaiting:
            self.show_event(current)  # asked again: a look-up made before new edits is dropped
        elif self.record is not None and current:
            self.show_event(current, keep_source=True)

    @Slot(str)
    def _on_record_read(self, event_id: str) -> None:
        """The record of the event being read landed: shown if that event is still current."""
        if event_id and event_id == self._awaiting and event_id == self.session.current:
            self.show_event(event_id)

    @Slot()
    def _on_documents(self) -> None:
        if self.record is not None and not self.doc_id:  # its document just arrived
            self.show_event(str(self.record["event_id"]))

    @Slot(object)
    def _on_documents_read(self, doc_ids: list[str]) -> None:
        """Articles read in the background landed: show them if the event shown asked (asked
        again should they be dropped from those kept before they are shown again)."""
        landed = self._asked.intersection(doc_ids)
        if self.record is not None and landed:
            self._asked -= landed
            self._show_source(self._source_index)

    @property
    def reading_event(self) -> str:
        """The event whose record is being looked up (shown as soon as it lands), or ""."""
        return self._awaiting

    def show_nothing(self, text: str = EMPTY) -> None:
        self.record = None
        self._asked = set()
        self._awaiting = ""
        self.doc_id = ""
        self.text.clear()
        self._empty.setText(text)
        self._stack.setCurrentIndex(0)

    def show_event(self, event_id: str, *, keep_source: bool = False) -> None:
        if event_id and not self.session.record_at_hand(event_id):
            # a dataset's event not in the frames at hand: looked up in the background
            # (`_on_record_read`); no event shown meanwhile, not the one shown before
            self.show_nothing(READING_EVENT)
            self._awaiting = event_id
            self.session.request_record(event_id)
            return
        self._awaiting = ""
        event = self.session.record(event_id) if event_id else None
        if event is None:
            self.show_nothing()
            return
        if self.record is None or self.record.get("event_id") != event.get("event_id"):
            self._asked = set()
        self.record = event
        if not keep_source:
            self._source_index = 0
        self._stack.setCurrentIndex(1)
        self._show_source(self._source_index)

    def _reports(self) -> list[dict[str, Any]]:
        assert self.record is not None
        ev = self.record
        own = {
            "doc_id": ev["doc_id"],
            "sentence_start": ev["sentence_start"],
            "sentence_end": ev["sentence_end"],
        }
        reports = [dict(s) for s in (ev.get("sources") or []) if s]
        if not any(
            r.get("doc_id") == own["doc_id"] and r.get("sentence_start") == own["sentence_start"]
            for r in reports
        ):
            reports.insert(0, own)
        return reports

    def _show_source(self, index: int) -> None:
        assert self.record is not None
        reports = self._reports()
        index = max(0, min(index, len(reports) - 1))
        self._source_index = index
        report = reports[index]
        doc_id = str(report.get("doc_id", ""))
        sentence = (int(report.get("sentence_start", 0)), int(report.get("sentence_end", 0)))
        own = doc_id == self.record["doc_id"] and sentence[0] == self.record["sentence_start"]
        timex = (int(self.record["time_start"]), int(self.record["time_end"])) if own else None
        missing = self._missing(doc_id, reports)
        if doc_id in missing:  # read in the background: `_on_documents_read` shows it
            self._fill_header(None, doc_id, reading=True)
            self._fill_event_info()
            self._fill_sources(reports, index, missing)
            self._show_sentence_only(f"<i>{READING}</i>")
            return
        parsed = self.session.document(doc_id)
        self._fill_header(parsed, doc_id)
        self._fill_event_info()
        self._fill_sources(reports, index, missing)
        if parsed is None:
            self._show_sentence_only(f"<i>{self.session.missing_document}</i>")
            return
        if doc_id != self.doc_id or self._theme != widget_theme(self):
            self._load_document(parsed)
        self._emphasise(sentence, timex)

    def _missing(self, doc_id: str, reports: list[dict[str, Any]]) -> set[str]:
        """The articles of the reports not at hand (a dataset's not read yet). `doc_id`, the
        one to show, and the first other reports' (their outlet and date for the reports line)
        are read in the background unless asked for already, `doc_id` last (so that it is kept
        with the most recent)."""
        others = list(dict.fromkeys(str(r.get("doc_id", "")) for r in reports))
        missing = set(self.session.documents_missing([*others, doc_id]))
        wanted = [*[d for d in others if d != doc_id][:NAMED_REPORTS], doc_id]
        ask = [d for d in wanted if d in missing and d not in self._asked]
        if ask:
            self._asked.update(ask)
            self.session.request_documents(ask)
        return missing

    def _show_sentence_only(self, legend: str) -> None:
        """The event's sentence alone (its article not at hand), `legend` saying why."""
        assert self.record is not None
        sentence = str(self.record.get("sentence", ""))
        self.doc_id = ""
        self.text.map = Utf16Map(sentence)
        self.text.set_entities([])
        self._set_plain(sentence)
        self.legend.setText(legend)

    # ------------------------------------------------------------------ header lines

    def _fill_header(
        self, parsed: ParsedDocument | None, doc_id: str, *, reading: bool = False
    ) -> None:
        """The article's title, outlet, link and publication date (`reading`: the article is
        being read, the record's own fields meanwhile)."""
        assert self.record is not None
        doc = parsed.document if parsed else None
        title = (doc.title if doc else "") or str(self.record.get("doc_title") or "") or "Untitled"
        self.title.setText(title)
        outlet = (doc.source if doc else "") or str(self.record.get("doc_source") or "")
        url = (doc.url if doc else "") or str(self.record.get("doc_url") or "")
        path = doc.path if doc else str(self.record.get("doc_path") or "")
        parts = [f"<b>{html.escape(outlet)}</b>"] if outlet else []
        link = http_url(url)
        if link:
            parts.append(f'<a href="{html.escape(link, quote=True)}">open the original ↗</a>')
        elif url:  # javascript:, file:, data:...: shown, never a link
            parts.append(f"<span style='color: gray'>{html.escape(url)}</span>")
        if path:
            name = path.replace("\\", "/").rsplit("/", 1)[-1]
            parts.append(f"<span style='color: gray'>{html.escape(name)}</span>")
        self.meta.setToolTip(plain_tooltip(path))
        self.meta.setText(" · ".join(parts))
        published = None if reading else self.session.published(doc_id)
        self.published_edit.setText(published.iso() if published else "")
        editable = self.session.supports("published")
        self.published_edit.setEnabled(parsed is not None and editable)
        self.published_edit.setToolTip(PUBLISHED_TIP if editable else UNSUPPORTED_TIP)
        source = published.source if published else "unknown"
        note = "reading…" if reading else PROVENANCE.get(source, source)
        if (
            published is not None
            and published.text
            and source != "user"
            and (published.text.strip() != published.iso())
        ):
            note += f" (“{published.text}”)"
        self.provenance.setText(note)
        self.restore_button.setVisible(source == "user")
        self.date_error.hide()

    def _fill_event_info(self) -> None:
        assert self.record is not None
        ev = self.record
        start, end = str(ev["start"]), str(ev["end"])
        when = start if start == end else f"{start} – {end}"
        gran = str(ev.get("granularity") or "")
        bits = [f"<b>{html.escape(when)}</b>" + (f" ({gran})" if gran and gran != "day" else "")]
        if ev.get("time_text"):
            bits.append(f"written “{html.escape(str(ev['time_text']))}”")
        modality = str(ev.get("modality") or "happened")
        bits.append("<i>expected</i>" if modality == "expected" else "happened")
        reporters = [str(r) for r in (ev.get("reported_by") or ()) if str(r).strip()]
        if reporters:
            bits.append("according to " + html.escape(", ".join(reporters)))
        if ev.get("uncertain"):
            bits.append("<i>date uncertain</i>")
        if ev.get("hidden"):
            bits.append("<b>hidden</b>")
        self.event_info.setText("Event: " + " · ".join(bits))

    def _fill_sources(self, reports: list[dict[str, Any]], current: int, missing: set[str]) -> None:
        if len(reports) < 2:
            self.sources.hide()
            return
        self.sources.setText(self._reports_html(reports, current, missing))
        self.sources.show()

    def _reports_html(
        self, reports: list[dict[str, Any]], current: int, missing: AbstractSet[str] = frozenset()
    ) -> str:
        """The reports line, e.g. `Reported by 2 articles (3 mentions): A · A, mention 2 · B`,
        each a link but the one shown: one article naming a happening twice is told apart from
        two articles reporting it."""
        doc_ids = [str(rep.get("doc_id")) for rep in reports]
        articles = list(dict.fromkeys(doc_ids))
        links = []
        for i, doc_id in enumerate(doc_ids):
            parsed = None if doc_id in missing else self.session.document(doc_id)
            name = (parsed.document.source or parsed.document.title) if parsed else "report"
            date = parsed.document.published.iso() if parsed else ""
            nth = doc_ids[: i + 1].count(doc_id)
            if len(articles) == 1:
                label = f"mention {nth}"
            else:
                label = f"{name} {date}".strip() + (f", mention {nth}" if nth > 1 else "")
            label = html.escape(label)
            links.append(f"<b>{label}</b>" if i == current else f'<a href="report:{i}">{label}</a>')
        if len(articles) == 1:
            head = f"Mentioned {len(reports)} times in this article"
        else:
            extra = f" ({len(reports)} mentions)" if len(reports) > len(articles) else ""
            head = f"Reported by {len(articles)} articles{extra}"
        return f"{head}: " + " · ".join(links)

    @Slot(str)
    def _on_source_link(self, href: str) -> None:
        if href.startswith("report:") and self.record is not None:
            self._show_source(int(href.split(":", 1)[1]))

    # ------------------------------------------------------------------ the text

    def _load_document(self, parsed: ParsedDocument) -> None:
        """Set the text and its lasting formats: entities, temporal expressions, junk."""
        doc = parsed.document
        self._theme = widget_theme(self)
        colours = highlight_colours(self._theme)
        self.doc_id = doc.doc_id
        self.text.map = Utf16Map(doc.text)
        self._set_plain(doc.text)
        entities = [e for e in parsed.entities if 0 <= e.start < e.end <= len(doc.text)]
        self.text.set_entities(entities)
        qdoc = self.text.document()
        cursor = QTextCursor(qdoc)
        cursor.beginEditBlock()

        def fmt_range(start: int, end: int, fmt: QTextCharFormat) -> None:
            a, b = self.text.map.span_to_qt(start, end)
            cursor.setPosition(a)
            cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)

        junk = QTextCharFormat()
        junk.setForeground(QColor(colours.junk))
        for span in [*doc.junk, *doc.stamps]:
            fmt_range(span.start, span.end, junk)
        for sent in parsed.sentences:
            if sent.junk:
                fmt_range(sent.start, sent.end, junk)
        labels: list[str] = []
        for ent in entities:
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(colours.entity(ent.label)))
            fmt.setForeground(QColor(colours.entity_text))
            fmt.setProperty(QTextFormat.Property.UserProperty, ent.label)
            fmt_range(ent.start, ent.end, fmt)
            if ent.label not in labels:
                labels.append(ent.label)
        timex = QTextCharFormat()
        timex.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
        timex.setUnderlineColor(QColor(colours.timex))
        for tx in parsed.timexes:
            if 0 <= tx.start < tx.end <= len(doc.text):
                fmt_range(tx.start, tx.end, timex)
        cursor.endEditBlock()
        self._fill_legend(labels, colours)

    def _set_plain(self, text: str) -> None:
        """Replace the text with no formatting at all.

        QPlainTextEdit inserts new text with the format at its cursor, which may sit inside a
        highlighted entity of the previous document: reset it, then clear every format.
        """
        self.text.setExtraSelections([])
        self.text.setCurrentCharFormat(QTextCharFormat())
        self.text.setPlainText(qt_text(text))
        cursor = QTextCursor(self.text.document())
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.setCharFormat(QTextCharFormat())

    def _fill_legend(self, labels: list[str], colours: HighlightColours) -> None:
        order = list(LABEL_NAMES)
        labels = sorted(labels, key=lambda lb: order.index(lb) if lb in order else len(order))
        chips = [
            f"<span style='background-color:{colours.entity(lb)}; color:{colours.entity_text}'>"
            f"&nbsp;{html.escape(LABEL_NAMES.get(lb, lb))}&nbsp;</span>"
            for lb in labels
        ]
        chips.append(
            f"<span style='text-decoration: underline; color:{colours.timex}'>date or time</span>"
        )
        self.legend.setText("&nbsp; ".join(chips))

    def _emphasise(self, sentence: tuple[int, int], timex: tuple[int, int] | None) -> None:
        """Emphasise the sentence (around entity colours) and the event's date; scroll to it."""
        colours = highlight_colours(self._theme or widget_theme(self))
        selections: list[QTextEdit.ExtraSelection] = []
        start, end = sentence
        gaps: list[tuple[int, int]] = []
        pos = start
        for ent in self.text.entities:
            if ent.end <= start or ent.start >= end:
                continue
            if ent.start > pos:
                gaps.append((pos, ent.start))
            pos = max(pos, ent.end)
        if pos < end:
            gaps.append((pos, end))
        for a, b in gaps:
            selections.append(self._selection(a, b, background=colours.sentence))
        if timex is not None and timex[0] < timex[1]:
            selections.append(self._selection(*timex, underline=colours.timex_event))
        self.text.setExtraSelections(selections)
        self.text.centre_on(self.text.map.to_qt(min(start, self.text.map.length)))

    def _selection(
        self, start: int, end: int, *, background: str = "", underline: str = ""
    ) -> QTextEdit.ExtraSelection:
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.text.document())
        a, b = self.text.map.span_to_qt(start, end)
        cursor.setPosition(a)
        cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cursor
        fmt = QTextCharFormat()
        if background:
            fmt.setBackground(QColor(background))
        if underline:
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(QColor(underline))
            fmt.setFontUnderline(True)
        sel.format = fmt
        return sel

    @guarded()
    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.record is not None and self.doc_id:
            self.doc_id = ""  # reload the formats in the new theme's colours
            self._show_source(self._source_index)

    # ------------------------------------------------------------------ user actions

    @Slot(object)
    def _on_entity_clicked(self, ent: EntitySpan) -> None:
        """Filter to the entity: by its facet, or by its words when it has none (e.g. "Nazi")."""
        kind = self.session.entity_kind(ent)
        if kind:
            self.session.filter_to_entity(kind, ent.canonical)
        else:
            self.session.set_filters(replace(self.session.filters, text=ent.text))

    @Slot()
    def _apply_published(self) -> None:
        if not self.doc_id:
            return
        text = self.published_edit.text().strip()
        try:
            published = parse_user_published(text)
        except DateError as exc:
            self.date_error.setText(str(exc))
            self.date_error.show()
            return
        self.date_error.hide()
        current = self.session.published(self.doc_id)
        if current is not None and current.iso() == published.iso() and current.source != "user":
            return
        self.session.set_published(self.doc_id, published)

    @Slot()
    def _restore_published(self) -> None:
        if self.doc_id:
            self.session.set_published(self.doc_id, None)
