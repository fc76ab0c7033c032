"""Help ▸ Keyboard Shortcuts: every shortcut of the menus, read from the actions themselves (so
the list cannot drift from what the keys do), then the timeline's own keys and mouse gestures.
Non-modal, so it can stay open beside the window while trying them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMenu,
    QMenuBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nkviewer.qt.timeline_input import TIMELINE_KEYS, TIMELINE_MOUSE


def menu_shortcuts(bar: QMenuBar) -> list[tuple[str, list[tuple[str, str]]]]:
    """(menu title, [(action, keys)]) for every menu with shortcuts, submenus folded in."""
    sections = []
    for top in bar.actions():
        menu = top.menu()
        if not isinstance(menu, QMenu):
            continue
        rows = _rows(menu)
        if rows:
            sections.append((_plain(top.text()), rows))
    return sections


def _rows(menu: QMenu) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for action in menu.actions():
        sub = action.menu()
        if isinstance(sub, QMenu):
            rows.extend(_rows(sub))
        elif keys := _keys(action):
            rows.append((_plain(action.text()), keys))
    return rows


#: Keys from here up are media and launcher keys ("Open", "Refresh", "Find") that Qt's standard
#: shortcuts add on some platforms; few keyboards have them, so they are not listed.
FIRST_MEDIA_KEY = 0x01000060


def _keys(action: QAction) -> str:
    fmt = QKeySequence.SequenceFormat.NativeText
    return ", ".join(
        k.toString(fmt)
        for k in action.shortcuts()
        if not k.isEmpty() and _first_key(k) < FIRST_MEDIA_KEY
    )


def _first_key(sequence: QKeySequence) -> int:
    combo = sequence[0]  # type: ignore[index]  # QKeySequence.__getitem__ is not in the stubs
    return int(combo.key().value)


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


class ShortcutsDialog(QDialog):
    """The reference: menus (from `bar`), then the timeline's keys and mouse."""

    def __init__(self, bar: QMenuBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard Shortcuts")
        self.setModal(False)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Keys", "Action"])
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QTreeWidget.SelectionMode.NoSelection)
        self.tree.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        sections = [
            (f"{title} menu", [(keys, name) for name, keys in rows])
            for title, rows in menu_shortcuts(bar)
        ]
        sections.append(
            ("Timeline (when it has the focus)", [(k, what) for k, what, _ in TIMELINE_KEYS])
        )
        sections.append(("Timeline, with the mouse", list(TIMELINE_MOUSE)))
        for title, rows in sections:
            head = QTreeWidgetItem(self.tree, [title])
            head.setFirstColumnSpanned(True)
            font = head.font(0)
            font.setBold(True)
            head.setFont(0, font)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for keys, what in rows:
                QTreeWidgetItem(self.tree, [keys, what]).setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.tree.resizeColumnToContents(0)
        self.tree.setColumnWidth(0, self.tree.columnWidth(0) + 24)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        self.resize(620, 720)

    def rows(self) -> list[tuple[str, str]]:
        """Every (keys, action) line shown, section headings as (heading, "")."""
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [(item.text(0), item.text(1)) for item in items if item is not None]
