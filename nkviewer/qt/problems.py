"""The problems list: files that could not be read (file, reason), non-modal, never a dialog each.

Filled batch by batch while the corpus loads; the window shows the dock and a status-bar note
when the first problem arrives.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nkviewer.ingest.document import FileProblem
from nkviewer.qt.plain import plain_tooltip

if TYPE_CHECKING:
    from nkviewer.qt.session import Session


class ProblemsPanel(QWidget):
    """Dock content listing every FileProblem of the open corpus."""

    countChanged = Signal(int)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["File", "Problem", ""])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        header.resizeSection(0, 320)
        lay.addWidget(self.tree, 1)
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 4, 6, 4)
        self.summary = QLabel("No problems.")
        self.summary.setEnabled(False)
        bar.addWidget(self.summary, 1)
        self.copy_button = QPushButton("Copy list")
        self.copy_button.setToolTip("Copy every problem as text (file, tab, reason)")
        self.copy_button.clicked.connect(self.copy)
        bar.addWidget(self.copy_button)
        lay.addLayout(bar)
        session.corpusOpened.connect(self.clear)
        session.problemsAdded.connect(self.add)

    def count(self) -> int:
        return self.tree.topLevelItemCount()

    def problems(self) -> list[tuple[str, str]]:
        items = [self.tree.topLevelItem(i) for i in range(self.count())]
        return [(item.text(0), item.text(1)) for item in items if item is not None]

    @Slot()
    def clear(self) -> None:
        self.tree.clear()
        self._update()

    @Slot(object)
    def add(self, problems: Sequence[FileProblem]) -> None:
        for p in problems:
            item = QTreeWidgetItem([p.path, p.reason, p.severity])
            item.setToolTip(0, plain_tooltip(p.path))
            item.setToolTip(1, plain_tooltip(p.reason))
            if p.severity != "error":
                item.setForeground(2, self.palette().placeholderText())
            self.tree.addTopLevelItem(item)
        self._update()

    def _update(self) -> None:
        n = self.count()
        items = [self.tree.topLevelItem(i) for i in range(n)]
        errors = sum(1 for item in items if item is not None and item.text(2) == "error")
        if n == 0:
            self.summary.setText("No problems.")
        else:
            self.summary.setText(
                f"{errors} file(s) could not be read"
                + (f", {n - errors} warning(s)" if n - errors else "")
            )
        self.copy_button.setEnabled(n > 0)
        self.countChanged.emit(n)

    @Slot()
    def copy(self) -> None:
        text = "\n".join(f"{f}\t{r}" for f, r in self.problems())
        QGuiApplication.clipboard().setText(text)

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), 160)
