"""Small dialogs the window opens: correcting an event's title or date, and exporting.

Each function asks, acts through the session or the exporters, and returns a status-bar
message (or "" when the user cancelled). Errors the user can fix are shown, not raised.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from nkviewer.errors import DateError, NkviewerError

if TYPE_CHECKING:
    import pandas as pd

    from nkviewer.qt.session import Session

DATA_FILTERS = (
    "CSV (*.csv);;JSON Lines (*.jsonl);;JSON (*.json);;HTML report (*.html);;"
    "TimelineJS (*.timeline.json);;Parquet (*.parquet)"
)
IMAGE_FILTERS = "PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"


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
            QMessageBox.warning(parent, "Edit date", str(exc))
            current = text


def _save_path(parent: QWidget, caption: str, suggested: Path, filters: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, caption, str(suggested), filters)
    return path


def export_events(parent: QWidget, frame: pd.DataFrame, folder: str) -> str:
    """Save the events shown (after filters) in the format the file name asks for."""
    from nkviewer.export.data import write_events

    path = _save_path(parent, "Export events", Path(folder) / "events.csv", DATA_FILTERS)
    if not path:
        return ""
    try:
        written = write_events(frame.drop(columns=["hidden"], errors="ignore"), path)
    except NkviewerError as exc:
        QMessageBox.warning(parent, "Export events", str(exc))
        return ""
    return f"Saved {len(frame):,} events to {written}"


def export_dataset_events(parent: QWidget, dataset: Any, flt: Any, folder: str) -> str:
    """Save every event of a dataset that passes the filters, streamed batch by batch."""
    from nkviewer.export.stream import write_event_stream

    path = _save_path(parent, "Export events", Path(folder) / "events.csv", DATA_FILTERS)
    if not path:
        return ""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        written, n = write_event_stream(dataset.iter_frames(flt if flt.is_active else None), path)
    except NkviewerError as exc:
        QMessageBox.warning(parent, "Export events", str(exc))
        return ""
    finally:
        QApplication.restoreOverrideCursor()
    return f"Saved {n:,} events to {written}"


def export_image(
    parent: QWidget,
    frame: pd.DataFrame | Any,
    folder: str,
    *,
    time_range: tuple[float, float],
    group_by: str,
    title: str,
) -> str:
    """Save the visible stretch of the timeline as a PNG, SVG or PDF figure (light theme)."""
    from nkviewer.export.images import ImageOptions, export_image

    path = _save_path(parent, "Export image", Path(folder) / "timeline.png", IMAGE_FILTERS)
    if not path:
        return ""
    t0, t1 = time_range
    options = ImageOptions(title=title, group_by=group_by, time_range=(t0, t1))
    try:
        if getattr(frame, "windowed", False):  # a dataset's source: drawn lazily
            source: Any = frame
            n = source.visible_count(t0, t1)
            if not n:
                raise NkviewerError("There are no events in the visible part of the timeline.")
            written = export_image(frame, path, options=options)
        else:
            shown = frame[(frame["t1"] > t0) & (frame["t0"] < t1)]
            n = len(shown)
            if not n:
                raise NkviewerError("There are no events in the visible part of the timeline.")
            written = export_image(
                shown.drop(columns=["hidden"], errors="ignore"), path, options=options
            )
    except NkviewerError as exc:
        QMessageBox.warning(parent, "Export image", str(exc))
        return ""
    return f"Saved the timeline ({n:,} events) to {written}"
