"""Small dialogs the window opens: correcting an event's title or date.

Each function asks, acts through the session, and returns a status-bar message (or "" when
the user cancelled). Errors the user can fix are shown, not raised. The export dialogs live in
`export_dialog` (image, with a preview) and `export_events_dialog` (data).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QInputDialog,
    QLineEdit,
    QWidget,
)

from nkviewer.errors import DateError
from nkviewer.qt.plain import warn

if TYPE_CHECKING:
    from nkviewer.qt.session import Session


def ask_title(parent: QWidget, session: Session, record: dict[str, Any]) -> str:
    title, ok = QInputDialog.getText(
        parent,
        "Edit title",
        "Title of the event (empty restores the extracted one):",
        QLineEdit.EchoMode.Normal,
        str(record["title"]),
    )
    if not ok:
        return ""
    session.edit_title(str(record["event_id"]), title)
    return "Title changed (Edit ▸ Undo to revert)"


def ask_date(parent: QWidget, session: Session, record: dict[str, Any]) -> str:
    """Ask until the text is a date the program understands, or the user cancels."""
    current = str(record["start"])
    if record["end"] != record["start"]:
        current += f"/{record['end']}"
    while True:
        text, ok = QInputDialog.getText(
            parent,
            "Edit date",
            "Date of the event: YYYY-MM-DD, YYYY-MM, YYYY or a range A/B\n"
            "(empty restores the extracted date):",
            QLineEdit.EchoMode.Normal,
            current,
        )
        if not ok:
            return ""
        try:
            session.edit_date(str(record["event_id"]), text)
            return "Date changed (Edit ▸ Undo to revert)"
        except DateError as exc:
            warn(parent, "Edit date", str(exc))
            current = text
