"""Loading progress for the status bar: documents done / total, time left, and Cancel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from nkviewer.model.wording import plural

if TYPE_CHECKING:
    from nkviewer.corpus.progress import LoadUpdate


def format_eta(seconds: float | None) -> str:
    """ "about 40 s left", "about 3 min left"; "" when unknown."""
    if seconds is None or seconds < 0:
        return ""
    if seconds < 1.5:
        return "almost done"
    if seconds < 90:
        return f"about {round(seconds)} s left"
    if seconds < 5400:
        return f"about {round(seconds / 60)} min left"
    return f"about {seconds / 3600:.1f} h left"


def describe(update: LoadUpdate) -> str:
    """One line for a LoadUpdate."""
    stage = update.stage
    if stage == "scanning":
        return f"Scanning… {update.total:,} files found" if update.total else "Scanning files…"
    if stage == "loading model":
        return f"Loading the language model… ({update.done:,} of {update.total:,} documents ready)"
    if stage == "done":
        files = update.files or update.total
        return f"Loaded {plural(files, 'file')}"
    text = f"Reading documents: {update.done:,} of {update.total:,}"
    eta = format_eta(update.eta)
    if update.cached:
        text += f" ({update.cached:,} from the cache)"
    return f"{text} · {eta}" if eta else text


class ProgressWidget(QWidget):
    """Progress bar, a one-line description and a Cancel button; hidden when idle."""

    cancelRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 4, 0)
        lay.setSpacing(6)
        self.label = QLabel()
        self.label.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        lay.addWidget(self.label)
        self.bar = QProgressBar()
        self.bar.setFixedWidth(180)
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(14)
        lay.addWidget(self.bar)
        self.cancel_button = QToolButton()
        self.cancel_button.setText("Cancel")
        self.cancel_button.setToolTip("Stop loading; the documents read so far stay open")
        self.cancel_button.clicked.connect(self.cancelRequested)
        lay.addWidget(self.cancel_button)
        self.hide()

    @Slot(bool)
    def set_loading(self, on: bool) -> None:
        if on:
            self.label.setText("Starting…")
            self.bar.setRange(0, 0)
        self.setVisible(on)

    @Slot(object)
    def update_progress(self, update: LoadUpdate) -> None:
        self.label.setText(describe(update))
        busy = update.stage in ("scanning", "loading model") or update.total <= 0
        if busy:
            self.bar.setRange(0, 0)
        else:
            self.bar.setRange(0, update.total)
            self.bar.setValue(min(update.done, update.total))
