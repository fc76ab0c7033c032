"""File ▸ Open Recent: the corpora opened before, newest first, filled when the menu opens."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from nkviewer.qt.plain import plain_tooltip
from nkviewer.qt.settings import Settings


class RecentMenu(QMenu):
    """Emits `openRequested(paths)` when the user picks a corpus."""

    openRequested = Signal(list)

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__("Open &Recent", parent)
        self.settings = settings
        self.aboutToShow.connect(self.refill)

    @Slot()
    def refill(self) -> None:
        self.clear()
        recent = self.settings.recent()
        for i, entry in enumerate(recent):
            label = " + ".join(Path(p).name or p for p in entry)
            act = self.addAction(f"&{i + 1} {label}" if i < 9 else label)
            act.setData(entry)
            act.setToolTip(plain_tooltip("\n".join(entry)))
            act.triggered.connect(self._picked)
        if not recent:
            self.addAction("No recent corpora").setEnabled(False)
        self.addSeparator()
        clear = self.addAction("Clear Menu")
        clear.triggered.connect(self._clear)
        clear.setEnabled(bool(recent))

    @Slot()
    def _picked(self) -> None:
        act = self.sender()
        if isinstance(act, QAction) and act.data():
            self.openRequested.emit(list(act.data()))

    @Slot()
    def _clear(self) -> None:
        self.settings.clear_recent()
