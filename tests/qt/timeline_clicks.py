"""Clicking an event on a `TimelineView` as a user does: find its marker in the last scene."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from nkviewer.qt.timeline_view import TimelineView


def _markers(view: TimelineView) -> dict[str, QPoint]:
    """Each event drawn in the plot (not in an overflow badge), with where its marker is."""
    view.repaint()
    scene = view.renderer().last_scene
    assert scene is not None, "nothing drawn yet"
    plot = view.renderer().geometry(view.width(), view.height()).plot
    ids = view.renderer().model.arrays.ids
    g = scene.glyphs
    ok = ~g.overflow & (g.cx > plot.left() + 2) & (g.cx < plot.right() - 2)
    out: dict[str, QPoint] = {}
    for k in np.flatnonzero(ok).tolist():
        out.setdefault(ids[int(g.idx[k])], QPoint(round(float(g.cx[k])), round(float(g.y[k]))))
    return out


def drawn_ids(view: TimelineView) -> list[str]:
    """The events one can click now."""
    return list(_markers(view))


def event_pos(view: TimelineView, event_id: str) -> QPoint:
    """Where the event `event_id` is drawn (it must be in view and drawn event by event)."""
    found = _markers(view).get(event_id)
    assert found is not None, f"{event_id} is not drawn in view"
    return found


def click_event(
    qtbot: QtBot,
    view: TimelineView,
    event_id: str,
    modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, modifiers, event_pos(view, event_id))
