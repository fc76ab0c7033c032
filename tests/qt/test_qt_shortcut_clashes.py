"""No key is bound twice in one window, on any platform Qt runs on here: two actions sharing a
sequence make Qt report an "ambiguous shortcut overload" and run neither (on X11 the standard
Delete sequence includes Ctrl+D, which Edit Date also has). Checked in this process (offscreen)
and in a subprocess under the xcb platform on a private Xvfb display, where the standard
sequences differ; the F1 list must show exactly what is bound."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from PySide6.QtGui import QAction, QKeySequence
from pytestqt.qtbot import QtBot
from shortcut_probe import bindings
from xvfb import xvfb_display

from nkviewer.qt.window_actions import STANDARD, settle_shortcuts

PROBE = Path(__file__).with_name("shortcut_probe.py")


def clashes(bound: list[list[str]]) -> dict[str, list[str]]:
    owners: dict[str, list[str]] = defaultdict(list)
    for action, keys in bound:
        owners[keys].append(action)
    return {keys: names for keys, names in owners.items() if len(names) > 1}


def check(result: dict[str, object]) -> None:
    bound = result["bound"]
    rows = result["rows"]
    assert isinstance(bound, list) and isinstance(rows, list)
    assert clashes(bound) == {}, result["platform"]
    keys = {k for _, k in bound}
    assert "Ctrl+D" in keys and "F1" in keys and "Del" in keys
    # Edit Date keeps Ctrl+D and Hide keeps Del, whatever the platform's Delete adds.
    owner = {k: a for a, k in bound}
    assert owner["Ctrl+D"] == "Edit &Date…"
    assert owner["Del"] == "&Hide Selected Events"
    # The F1 list names each menu key once (timeline keys are the widget's own, listed apart).
    menu_rows = rows[: [k for k, what in rows].index("Timeline (when it has the focus)")]
    listed = [key for cell, what in menu_rows if what for key in cell.split(", ")]
    assert len(listed) == len(set(listed)), listed
    assert set(listed) <= keys


def test_no_key_twice_offscreen(qtbot: QtBot) -> None:
    check(bindings())


@pytest.mark.parametrize("desktop", ["GNOME", "KDE", ""])
def test_no_key_twice_under_xcb(desktop: str) -> None:
    with xvfb_display() as display:
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "xcb",
            "DISPLAY": display,
            "XDG_CURRENT_DESKTOP": desktop,
            "KDE_FULL_SESSION": "true" if desktop == "KDE" else "",
        }
        proc = subprocess.run(
            [sys.executable, str(PROBE)], env=env, capture_output=True, text=True, timeout=240
        )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["platform"] == "xcb"
    check(result)
    assert "Ambiguous shortcut" not in proc.stderr


def test_standard_keys_give_way_to_explicit_ones(qtbot: QtBot) -> None:
    """The rule itself: a standard action drops a sequence another action holds explicitly."""
    hide, edit = QAction("Hide"), QAction("Edit Date")
    hide.setShortcuts([QKeySequence("Del"), QKeySequence("Ctrl+D")])
    hide.setProperty(STANDARD, True)
    edit.setShortcut(QKeySequence("Ctrl+D"))
    other = QAction("Other")
    other.setShortcuts([QKeySequence("Del"), QKeySequence("Ctrl+K")])
    other.setProperty(STANDARD, True)
    settle_shortcuts([hide, edit, other])
    assert [s.toString() for s in hide.shortcuts()] == ["Del"]
    assert [s.toString() for s in edit.shortcuts()] == ["Ctrl+D"]
    assert [s.toString() for s in other.shortcuts()] == ["Ctrl+K"]
