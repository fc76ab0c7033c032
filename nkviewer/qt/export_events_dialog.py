"""File > Export Events…: the selected events or those of the current filter, as data.

CSV, JSON Lines, JSON, Parquet, TimelineJS 3 or a standalone HTML report (those two with an
optional title). A dataset's filtered events are streamed batch by batch, never loaded whole.
Save writes in a worker thread (the scope is a snapshot taken when the dialog opened), so the
window keeps answering while 100,000 events are written; the dialog says "Saving…" meanwhile.
The format and the folder are remembered (`Settings`).

The writers work a column at a time (`nkviewer.export.cells`: Arrow and C encoders, no dict
per event), but what Python is left (a dataset's decoding, TimelineJS and HTML) still makes the
window's thread, which gives the GIL up and takes it back at every call into Qt, wait up to
the interpreter's switch interval each time: the job writes with a 0.5 ms switch interval
(`nkviewer.threads.short_gil_turns`; at 5 ms `bench.export_stalls` had twice the late ticks
over 100 ms); the old interval is back when the last such job is done.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from nkviewer.errors import NkviewerError
from nkviewer.export import data, stream
from nkviewer.model.wording import plural
from nkviewer.qt.background import BackgroundJob
from nkviewer.qt.export_scope import SCOPE_NOUNS, ExportScope, problem_style
from nkviewer.qt.plain import warn
from nkviewer.qt.settings import Settings

#: format → (label, file name ending), in the order offered.
DATA_CHOICES = {
    "csv": ("CSV", ".csv"),
    "jsonl": ("JSON Lines", ".jsonl"),
    "json": ("JSON", ".json"),
    "parquet": ("Parquet", ".parquet"),
    "timelinejs": ("TimelineJS 3", ".timeline.json"),
    "html": ("HTML report", ".html"),
}
TITLED = ("timelinejs", "html")
EVENT_SCOPES = {"selection": "Selected events", "all": "Events of the current filter"}


class ExportEventsDialog(QDialog):
    """Scope, format and title, then Save… (a file dialog with the format's ending)."""

    message = Signal(str)  # a status-bar message for the window
    saved = Signal(object, int)  # the file written and how many events it holds

    def __init__(self, scope: ExportScope, settings: Settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export Events")
        self.scope = scope
        self.settings = settings

        self.scope_group = QButtonGroup(self)
        scopes = QVBoxLayout()
        for i, name in enumerate(EVENT_SCOPES):
            n = scope.count(name)
            button = QRadioButton(f"{EVENT_SCOPES[name]} ({plural(n, 'event')})")
            button.setObjectName(f"scope-{name}")
            button.setEnabled(n > 0)
            self.scope_group.addButton(button, i)
            scopes.addWidget(button)
        first = 0 if scope.count("selection") else 1
        self.scope_group.button(first).setChecked(True)

        self.format_combo = QComboBox()
        for fmt, (label, ending) in DATA_CHOICES.items():
            self.format_combo.addItem(f"{label} ({ending})", fmt)
        remembered = settings.export_choice("data_format", "csv")
        self.format_combo.setCurrentIndex(max(0, self.format_combo.findData(remembered)))
        self.title_edit = QLineEdit(scope.title)
        self.title_edit.setPlaceholderText("No title")
        self.title_edit.setToolTip("The heading of an HTML report or a TimelineJS timeline")
        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet(problem_style(self))

        form = QFormLayout()
        form.addRow("Include:", scopes)
        form.addRow("Format:", self.format_combo)
        form.addRow("Title:", self.title_edit)
        hint = QLabel("For an HTML report or a TimelineJS timeline")
        hint.setEnabled(False)  # drawn in the palette's muted text colour
        form.addRow("", hint)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("&Save…")
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.setSpacing(12)
        layout.addLayout(form)
        layout.addWidget(self.problem_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)

        self.job = BackgroundJob("nkviewer-export", self, short_gil_turns=True)
        self.job.finished.connect(self._on_written)
        self.format_combo.currentIndexChanged.connect(self._update)
        self.scope_group.idToggled.connect(self._update)
        self._update()

    def chosen_scope(self) -> str:
        return list(EVENT_SCOPES)[max(0, self.scope_group.checkedId())]

    def format(self) -> str:
        return str(self.format_combo.currentData())

    @Slot()
    def _update(self) -> None:
        self.title_edit.setEnabled(self.format() in TITLED)
        n = self.scope.count(self.chosen_scope())
        problem = "" if n else f"{SCOPE_NOUNS[self.chosen_scope()]}: there is nothing to export."
        self.problem_label.setText(problem)
        self.problem_label.setVisible(bool(problem))
        self.save_button.setEnabled(not problem and not self.job.busy)

    @Slot()
    def save(self) -> None:
        """Ask where, then write in the background; the dialog closes when the file is saved."""
        fmt = self.format()
        label, ending = DATA_CHOICES[fmt]
        suggested = Path(self.settings.export_dir()) / f"events{ending}"
        path, _ = QFileDialog.getSaveFileName(
            self, "Export events", str(suggested), f"{label} (*{ending})"
        )
        if not path:
            return
        if data.format_for(path) is None:
            path += ending
        self.save_in_background(path)

    def save_in_background(self, path: str | Path) -> None:
        """Write the chosen events to `path` in a worker thread; `job.finished` brings the result
        back to the window's thread (the file saved and the dialog closed, or the reason)."""
        job = self._job(path)
        self.job.start(_write, *job)
        self._update()
        for w in (
            self.format_combo,
            self.title_edit,
            self.cancel_button,
            *self.scope_group.buttons(),
        ):
            w.setEnabled(False)  # the dialog closes by itself once the file is complete
        self.problem_label.setStyleSheet("")
        self.problem_label.setText(f"Saving {Path(path).name}…")
        self.problem_label.setVisible(True)

    @Slot(object)
    def _on_written(self, future: Future[tuple[Path, int]]) -> None:
        self.problem_label.setStyleSheet(problem_style(self))
        for w in (self.format_combo, self.cancel_button, *self.scope_group.buttons()):
            w.setEnabled(True)
        self._update()
        exc = future.exception()
        if isinstance(exc, NkviewerError):
            warn(self, "Export events", str(exc))
            return
        if exc is not None:  # a bug: the exception dialog, and the window goes on
            sys.excepthook(type(exc), exc, exc.__traceback__)
            return
        written, n = future.result()
        self.settings.set_export_choice("data_format", self.format())
        self.settings.set_export_dir(str(written.parent))
        self.message.emit(f"Saved {plural(n, 'event')} to {written}")
        self.saved.emit(written, n)
        self.accept()

    def _job(self, path: str | Path) -> tuple[Iterator[Any], str | Path, str, str, str]:
        fmt = data.format_for(path) or self.format()
        title = self.title_edit.text().strip() if fmt in TITLED else ""
        name = self.chosen_scope()
        if self.scope.is_dataset and fmt in stream.TABLE_FORMATS and name == "all":
            return self.scope.event_tables(), path, fmt, title, "tables"
        frames = self.scope.event_frames(name)
        return frames, path, fmt, title, "frames" if self.scope.is_dataset else "frame"

    def done(self, result: int) -> None:
        if self.job.busy:  # closing while writing: the file is finished first
            return
        self.job.shutdown()
        super().done(result)


def _write(
    events: Iterator[Any], path: str | Path, fmt: str, title: str, how: str
) -> tuple[Path, int]:
    """Write the events (any thread: they are the dialog's snapshot; a dataset's queries are
    serialised by its own lock): `how` they come is "frame" (one, a corpus in memory),
    "frames" (a dataset's, batch by batch) or "tables" (a dataset's stored Arrow rows, batch by
    batch, for CSV, JSON Lines, JSON and Parquet)."""
    if how == "tables":
        return stream.write_table_stream(events, path, fmt=fmt)
    if how == "frames":
        return stream.write_event_stream(events, path, fmt=fmt, title=title)
    frame = next(events)
    return data.write_events(frame, path, fmt=fmt, title=title), len(frame)
