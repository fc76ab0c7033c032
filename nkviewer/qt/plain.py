"""Corpus text on screen as plain text, never as Qt rich text.

Qt guesses: a `QLabel`, a tooltip or a `QMessageBox` whose text looks like markup
(`Qt.mightBeRichText`) is rendered as HTML, so an article whose first line is
`<img src="file:///…">` would show a local image in a title, and `<a href="…">` would become a
link. Everything that can carry text from a corpus, a manifest, the edits sidecar or a file
name goes through these helpers: labels are set to `Qt.PlainText`, tooltips and messages are
converted to rich text that shows the characters as written.
"""

from __future__ import annotations

import html

from PySide6.QtGui import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget


def plain_label(label: QLabel) -> QLabel:
    """`label`, made to show its text as written (never as rich text)."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def plain_tooltip(text: str) -> str:
    """A tooltip that shows `text` as written (line breaks kept, markup shown, not obeyed)."""
    if not text:
        return ""
    return Qt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)


def escaped(text: str) -> str:
    """`text` for a place inside rich text written by nkviewer itself."""
    return html.escape(text, quote=True)


def message_box(
    parent: QWidget | None,
    title: str,
    text: str,
    icon: QMessageBox.Icon = QMessageBox.Icon.Warning,
) -> QMessageBox:
    """A message box that shows `text` as written; the caller shows it (`open()` / `exec()`)."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def warn(parent: QWidget | None, title: str, text: str) -> None:
    """`QMessageBox.warning`, with the text shown as written (it may name a file or quote a
    date the user typed)."""
    message_box(parent, title, text).exec()
