"""Keys and tooltips of the timeline widget (`TimelineView`), kept apart from its painting and
mouse handling: what each key does, and what the tooltip says over an event, a bin or a lane.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QToolTip

from nkviewer.model.describe import density_tooltip, event_tooltip
from nkviewer.model.scene import density_at
from nkviewer.model.viewport import fit_viewport

if TYPE_CHECKING:
    from nkviewer.qt.timeline_view import TimelineView

#: Zoom per wheel notch (120 angle units): ×1.6, between the ×1.2 of a timid viewer (14 notches
#: from 43 years to 4.5) and the ×2 of a web map's zoom level; 5 notches make that trip.
NOTCH_ZOOM = 1.6
#: A trackpad's scroll in pixels worth one notch (smooth zoom: any fraction of a notch counts).
PIXELS_PER_NOTCH = 100.0


def widen(t0: float, t1: float, min_days: float) -> tuple[float, float]:
    """[t0, t1] widened around its centre to at least `min_days`."""
    if t1 - t0 >= min_days:
        return t0, t1
    c = (t0 + t1) / 2
    return c - min_days / 2, c + min_days / 2


#: The timeline's own keys (handled by `handle_key` when it has the focus), as Help ▸ Keyboard
#: Shortcuts lists them: (keys, what they do, one key sequence per key to try it with).
TIMELINE_KEYS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("+ / −", "zoom in / out around the centre", ("+", "-")),
    ("Ctrl+0", "fit to where the events are", ("Ctrl+0",)),
    ("← / →", "select the previous / next event", ("Left", "Right")),
    ("Shift+← / Shift+→", "pan by a fifth of the view", ("Shift+Left", "Shift+Right")),
    ("Page Up / Page Down", "pan by a screen", ("PgUp", "PgDown")),
    ("Home / End", "select the first / last event", ("Home", "End")),
    ("Esc", "clear the selection", ("Esc",)),
)
#: What the mouse does on the timeline (`wheel`, `double_click`, the view's press/drag).
TIMELINE_MOUSE: tuple[tuple[str, str], ...] = (
    ("Wheel, pinch", "zoom around the pointer"),
    ("Shift+wheel, horizontal scroll", "pan"),
    ("Drag", "pan"),
    ("Shift+drag, right-button drag", "select the events in a rubber band"),
    ("Click / Ctrl+click / Shift+click", "select / add to the selection / extend it"),
    ("Double-click", "zoom to the event (or in, around the pointer)"),
    ("Click a lane header", "collapse or expand the lane"),
    ("Click “◀ N earlier” / “N later ▶”", "fit all events, outliers included"),
)


def handle_key(view: TimelineView, event: QKeyEvent) -> bool:
    """+ / − zoom, Ctrl+0 fit all, ← / → previous / next event, Shift+← / → and
    Page Up / Page Down pan, Home / End first / last event, Esc clears the selection."""
    key = event.key()
    mods = event.modifiers()
    shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
    ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
    vp = view.viewport()
    if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
        view.zoom_in()
    elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
        view.zoom_out()
    elif key == Qt.Key.Key_0 and ctrl:
        view.fit_all()
    elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and shift:
        sign = 1 if key == Qt.Key.Key_Left else -1
        view.apply_viewport(vp.panned(sign * vp.width / 5))
    elif key == Qt.Key.Key_Left:
        view.select_previous()
    elif key == Qt.Key.Key_Right:
        view.select_next()
    elif key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
        sign = 1 if key == Qt.Key.Key_PageUp else -1
        view.apply_viewport(vp.panned(sign * vp.width * 0.9))
    elif key == Qt.Key.Key_Home:
        view.select_first()
    elif key == Qt.Key.Key_End:
        view.select_last()
    elif key == Qt.Key.Key_Escape:
        view.clear_selection()
    else:
        return False
    return True


def show_tooltip(view: TimelineView, event: QEvent) -> None:
    """Title, dates and sources of the event under the mouse; counts of a density bin or lane."""
    pos = QPointF(event.pos())  # type: ignore[attr-defined]
    glob = event.globalPos()  # type: ignore[attr-defined]
    text = ""
    renderer = view.renderer()
    hit = view.event_at(pos)
    frame = renderer.frame
    if hit is not None and frame is not None:
        text = event_tooltip(frame, hit)
    elif view.in_plot(pos) and renderer.last_scene is not None:
        found = density_at(renderer.last_scene, pos.x(), pos.y())
        if found is not None:
            lane, count, a, b = found
            text = density_tooltip(renderer.model.lanes[lane].name, count, a, b)
    elif pos.x() < renderer.geometry(view.width(), view.height()).plot.left():
        lane_name = view.lane_at(pos.y())
        if lane_name is not None:
            names = renderer.model.lane_names
            count = renderer.lane_counts()[names.index(lane_name)]
            text = density_tooltip(lane_name, count, None, None)
    if text:
        QToolTip.showText(glob, text, view)
    else:
        QToolTip.hideText()


def double_click(view: TimelineView, event: QMouseEvent) -> None:
    """Zoom to the event under the mouse, or zoom in ×2 around it."""
    pos = event.position()
    if event.button() != Qt.MouseButton.LeftButton or not view.in_plot(pos):
        return
    hit = view.event_at(pos)
    vp = view.viewport()
    if hit is None:
        view.apply_viewport(vp.zoomed(2.0, pos.x()))
        return
    arrays = view.renderer().model.arrays
    a, b = float(arrays.t0[hit]), float(arrays.t1[hit])
    fitted = fit_viewport(a, b, vp.width, x0=vp.x0, margin_px=vp.width / 3)
    view.apply_viewport(fitted.with_range(*widen(fitted.t0, fitted.t1, 14.0)))


def wheel(view: TimelineView, event: QWheelEvent) -> None:
    """The wheel zooms around the cursor; horizontal (or Shift+) wheel pans."""
    angle = event.angleDelta()
    pixel = event.pixelDelta()
    vp = view.viewport()
    dx = pixel.x() if not pixel.isNull() else angle.x() / 2
    if event.modifiers() & Qt.KeyboardModifier.ShiftModifier and angle.x() == 0:
        dx = angle.y() / 2  # Shift+wheel pans on platforms that do not swap the axes
        angle.setY(0)
    if dx:
        vp = vp.panned(dx)
    # A trackpad reports pixels (smooth, small steps); a mouse wheel reports notches of 120.
    notches = pixel.y() / PIXELS_PER_NOTCH if not pixel.isNull() else angle.y() / 120
    if angle.y() and notches:
        vp = vp.zoomed(NOTCH_ZOOM**notches, event.position().x())
    view.apply_viewport(vp)
    event.accept()
