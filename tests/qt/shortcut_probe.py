"""Print, as JSON, every key sequence bound by the main window's actions and the rows of the
F1 list: run in a subprocess by test_qt_shortcut_clashes.py under a chosen Qt platform."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def bindings() -> dict[str, object]:
    from PySide6.QtGui import QAction, QGuiApplication, QKeySequence

    from nkviewer.qt.app import create_application
    from nkviewer.qt.main_window import MainWindow
    from nkviewer.qt.shortcuts_dialog import ShortcutsDialog

    create_application(["probe"])
    window = MainWindow()
    window.show()
    native = QKeySequence.SequenceFormat.NativeText
    bound = [
        [action.text(), seq.toString(native)]
        for action in window.findChildren(QAction)
        for seq in action.shortcuts()
        if not seq.isEmpty()
    ]
    rows = ShortcutsDialog(window.menuBar(), window).rows()
    return {"platform": QGuiApplication.platformName(), "bound": bound, "rows": rows}


if __name__ == "__main__":
    print(json.dumps(bindings()))
