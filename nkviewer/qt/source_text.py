"""The article text widget of the source panel: read-only, entity-aware under the mouse.

Knows the document's entity spans (Python indices) and its `Utf16Map`, so a click or hover at
a pixel maps to the exact entity drawn there: clicking emits `entityClicked`, hovering shows
what the entity is and a pointing-hand cursor.
"""

from __future__ import annotations

import html
from bisect import bisect_right
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QHelpEvent, QMouseEvent, QResizeEvent, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from nkviewer.qt.guard import guarded
from nkviewer.qt.utf16 import Utf16Map

if TYPE_CHECKING:
    from nkviewer.nlp.parsed import EntitySpan

LABEL_NAMES = {
    "PERSON": "person",
    "NORP": "nationality / group",
    "GPE": "country / city",
    "ORG": "organisation",
    "LOC": "place",
    "FAC": "facility",
    "EVENT": "named event",
}


def qt_text(text: str) -> str:
    """The text as given to QTextDocument, same length: lone CRs would become paragraphs."""
    return text.replace("\r\n", " \n").replace("\r", "\n")


class SourceText(QPlainTextEdit):
    """Read-only article text that reports clicks on entities and shows their tooltips."""

    entityClicked = Signal(object)  # EntitySpan

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.viewport().setMouseTracking(True)
        self.viewport().installEventFilter(self)
        self.document().setDocumentMargin(10)
        self.map = Utf16Map("")
        self.entities: list[EntitySpan] = []
        self._starts: list[int] = []
        # The cursor (the event's sentence) is kept centred until the reader moves it or
        # scrolls: a panel shown by the click that filled it is laid out once more after it.
        self._centred = False
        self.cursorPositionChanged.connect(self._let_go)
        self.verticalScrollBar().actionTriggered.connect(self._let_go)

    def centre_on(self, qt_pos: int) -> None:
        """Put the cursor at `qt_pos` (a UTF-16 position) and keep it centred in the view
        through later resizes until the reader moves the cursor or scrolls (`_let_go`)."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(qt_pos)
        self.setTextCursor(cursor)
        self.centerCursor()
        self._centred = True

    def _let_go(self, *_: object) -> None:
        self._centred = False

    @guarded()
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._centred:
            self.centerCursor()

    def set_entities(self, entities: list[EntitySpan]) -> None:
        self.entities = sorted(entities, key=lambda e: (e.start, e.end))
        self._starts = [e.start for e in self.entities]

    def entity_at(self, index: int) -> EntitySpan | None:
        """The entity covering Python index `index`, if any."""
        i = bisect_right(self._starts, index) - 1
        for j in range(i, max(-1, i - 4), -1):  # a few back, in case mentions overlap
            ent = self.entities[j]
            if ent.start <= index < ent.end:
                return ent
        return None

    def entity_at_point(self, pos: QPoint) -> EntitySpan | None:
        """The entity drawn under a viewport point (not merely the nearest one)."""
        cursor = self.cursorForPosition(pos)
        rect = self.cursorRect(cursor)
        if not rect.top() <= pos.y() <= rect.bottom():
            return None
        qt_pos = cursor.position()
        if pos.x() < rect.left():  # the gap is right of the point: the character is before it
            qt_pos -= 1
        if qt_pos < 0:
            return None
        return self.entity_at(self.map.from_qt(qt_pos))

    @guarded(default=False)
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.viewport():
            kind = event.type()
            if kind == QEvent.Type.MouseMove and isinstance(event, QMouseEvent):
                ent = self.entity_at_point(event.position().toPoint())
                shape = Qt.CursorShape.PointingHandCursor if ent else Qt.CursorShape.IBeamCursor
                self.viewport().setCursor(shape)
            elif kind == QEvent.Type.ToolTip:
                self._tooltip(event)
                return True
            elif (
                kind == QEvent.Type.MouseButtonRelease
                and isinstance(event, QMouseEvent)
                and event.button() == Qt.MouseButton.LeftButton
                and not self.textCursor().hasSelection()
            ):
                ent = self.entity_at_point(event.position().toPoint())
                if ent is not None:
                    self.entityClicked.emit(ent)
        return super().eventFilter(watched, event)

    def _tooltip(self, event: QEvent) -> None:
        if not isinstance(event, QHelpEvent):
            return
        ent = self.entity_at_point(event.pos())
        if ent is None:
            QToolTip.hideText()
            return
        kind = LABEL_NAMES.get(ent.label, ent.label)
        side = f" · {ent.country}" if ent.country and ent.country != ent.canonical else ""
        QToolTip.showText(
            event.globalPos(),
            f"<b>{html.escape(ent.canonical)}</b><br>{html.escape(kind)}{html.escape(side)}"
            "<br><i>Click to show only its events</i>",
            self.viewport(),
        )
