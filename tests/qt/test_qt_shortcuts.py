"""Help ▸ Keyboard Shortcuts: the list is read from the window's own actions, and every
timeline key it names is one the timeline really handles (and one it does not is refused)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtGui import QKeyEvent, QKeySequence
from pytestqt.qtbot import QtBot

from bench.synthetic import synthetic_frame
from nkviewer.qt.main_window import MainWindow
from nkviewer.qt.shortcuts_dialog import ShortcutsDialog
from nkviewer.qt.timeline_input import TIMELINE_KEYS, TIMELINE_MOUSE, handle_key
from nkviewer.qt.timeline_view import TimelineView


@pytest.fixture
def window(qtbot: QtBot) -> MainWindow:
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def key_event(sequence: str) -> QKeyEvent:
    combo = QKeySequence(sequence)[0]
    return QKeyEvent(QEvent.Type.KeyPress, combo.key(), combo.keyboardModifiers())


def test_f1_opens_one_non_modal_reference(qtbot: QtBot, window: MainWindow) -> None:
    assert window.shortcuts_act.shortcut().toString() == "F1"
    window.shortcuts_act.trigger()
    dialog = window._shortcuts
    assert isinstance(dialog, ShortcutsDialog) and dialog.isVisible() and not dialog.isModal()
    window.shortcuts_act.trigger()
    assert window._shortcuts is dialog  # raised again, not a second one


def test_the_list_comes_from_the_actions(window: MainWindow) -> None:
    rows = ShortcutsDialog(window.menuBar(), window).rows()
    native = QKeySequence.SequenceFormat.NativeText
    for action, name in (
        (window.export_image_act, "Export Image"),
        (window.hide_act, "Hide Selected Events"),
        (window.zoom_sel_act, "Zoom to Selection"),
        (window.shortcuts_act, "Keyboard Shortcuts"),
    ):
        keys = action.shortcut().toString(native)
        assert any(k.startswith(keys) and what == name for k, what in rows), (keys, name)
    headings = [k for k, what in rows if not what]
    assert headings[:2] == ["File menu", "Edit menu"]
    assert headings[-2:] == ["Timeline (when it has the focus)", "Timeline, with the mouse"]
    # A shortcut added to a menu appears without anyone editing the dialog.
    window.about_act.setShortcut(QKeySequence("Ctrl+Shift+F12"))
    again = ShortcutsDialog(window.menuBar(), window).rows()
    assert any(what == "About nkviewer" for _, what in again)
    assert all(row in again for row in TIMELINE_MOUSE)


def test_every_timeline_key_listed_is_handled(qtbot: QtBot) -> None:
    view = TimelineView()
    qtbot.addWidget(view)
    view.resize(900, 400)
    view.set_events(synthetic_frame(300, seed=3))
    view.show()
    qtbot.waitExposed(view)
    for _label, _what, sequences in TIMELINE_KEYS:
        for sequence in sequences:
            assert handle_key(view, key_event(sequence)), sequence
    assert not handle_key(view, key_event("Q"))  # not a timeline key: left to the window
