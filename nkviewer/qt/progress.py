"""Loading progress for the status bar: documents done / total, time left, and Cancel."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal, Slot
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


#: Progress is shown at most this often (s): a load reports every batch, and each report
#: shown is a turn of the window's thread (the last one is shown when this has passed).
SHOW_EVERY = 0.2


class ProgressWidget(QWidget):
    """Progress bar, a one-line description and a Cancel button; hidden when idle.

    Reports are shown at most every `SHOW_EVERY` seconds, and never painted there and then:
    `QProgressBar.setValue` repaints at once, and a repaint paints every part of the window
    waiting for one (the timeline, the overview, the list) in the turn of the report — a
    load's turns of 0.2 s in the soak. Here the bar is only marked for the next paint."""

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
        self._pending: LoadUpdate | None = None  # the latest report, not shown yet
        self._shown_at = -SHOW_EVERY  # time.monotonic() when a report was last shown
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.timeout.connect(self._show_pending)
        self.hide()

    @Slot(bool)
    def set_loading(self, on: bool) -> None:
        self._later.stop()
        self._pending = None
        if on:
            self.label.setText("Starting…")
            self._set_bar(0, 0)
        self.setVisible(on)

    @Slot(object)
    def update_progress(self, update: LoadUpdate) -> None:
        """Show `update` now, or the latest report once `SHOW_EVERY` has passed since the
        last one shown."""
        self._pending = update
        if self._later.isActive():
            return
        wait = SHOW_EVERY - (time.monotonic() - self._shown_at)
        if wait <= 0:
            self._show_pending()
        else:
            self._later.start(max(1, round(wait * 1000)))

    @Slot()
    def _show_pending(self) -> None:
        update, self._pending = self._pending, None
        if update is None:
            return
        self._shown_at = time.monotonic()
        self.label.setText(describe(update))  # (a label waits for the next paint by itself)
        if update.stage in ("scanning", "loading model") or update.total <= 0:
            self._set_bar(0, 0)
        else:
            self._set_bar(update.total, min(update.done, update.total))

    def _set_bar(self, maximum: int, value: int) -> None:
        """The bar's range (0: busy) and value, painted with the window's next paint: with
        its updates off, `setValue` cannot repaint at once; turning them on asks a paint."""
        self.bar.setUpdatesEnabled(False)
        try:
            self.bar.setRange(0, maximum)
            if maximum:
                self.bar.setValue(value)
        finally:
            self.bar.setUpdatesEnabled(True)
