"""`TimelineView`: the zoomable, pannable lane timeline at the centre of the window.

The widget owns only interaction state (visible range, hover, drags); all drawing and geometry
is the shared `TimelineRenderer`, so the screen and the exports look the same. The selection is
a `SelectionModel` it is given (the session's) or makes: the widget draws it through a mask
derived from the model's version and the events drawn, and its clicks, bands and keys change
the model. Wheel and pinch zoom around the cursor, drags pan (Shift- or right-drag draws a
rubber band), clicks select, lane headers collapse lanes. See `keyPressEvent` for the keys.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import (
    QKeyEvent,
    QMouseEvent,
    QNativeGestureEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from nkviewer.app.selection import SelectionChange, SelectionModel
from nkviewer.model.scene import events_in_rect, hit_test
from nkviewer.model.source import DatasetSource
from nkviewer.model.viewport import Viewport, fit_viewport
from nkviewer.qt import timeline_input
from nkviewer.qt.guard import guarded
from nkviewer.render.fonts import ui_font
from nkviewer.render.timeline import RenderOptions, TimelineRenderer

if TYPE_CHECKING:
    import pandas as pd

    from nkviewer.model.source import EventSource
    from nkviewer.model.timeline import PreparedModel

ZOOM_STEP = 1.5  # + / − keys


class TimelineView(QWidget):
    """Lane timeline of an event table; emits what the user selects, activates and looks at."""

    # event ids (a list), after a user action changed the selection; `object`, not `list`:
    # a `list` signal converts every id to a Qt string and back (6 ms for 20,000 ids)
    selectionChanged = Signal(object)
    eventActivated = Signal(str)  # event id clicked or stepped to (now the current event)
    rangeChanged = Signal(float, float)  # visible t0, t1 (day numbers)
    windowLoaded = Signal()  # a dataset's events for the view arrived (from a worker thread)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, False)
        self.setMinimumSize(320, 160)
        self._renderer = TimelineRenderer(
            RenderOptions(interactive=True, edge_counts=True), font=ui_font()
        )
        self._range = (17532.0, 17897.0)  # 2018, until events arrive
        self._user_moved = False
        self._selection = SelectionModel()
        self.destroyed.connect(self._selection.subscribe(self._on_selection_model))
        # The selection drawn: a mask over the events drawn, derived from (model version,
        # frame drawn) and rebuilt when either changes.
        self._mask = np.zeros(0, bool)
        self._mask_key: tuple[int, object] | None = None
        self._hover: int | None = None
        self._press: QPointF | None = None
        self._press_range = self._range
        self._drag: str | None = None  # "pan" | "band" | None
        self._band_drag = False
        self._band: QRectF | None = None
        self.windowLoaded.connect(self._on_window_loaded)

    # ------------------------------------------------------------------ API
    def renderer(self) -> TimelineRenderer:
        """The renderer and its options, so an export can draw the same view."""
        return self._renderer

    def selection_model(self) -> SelectionModel:
        """The selection drawn and changed here."""
        return self._selection

    def set_selection_model(self, model: SelectionModel) -> None:
        """Draw and change `model` (the session's) instead of the one the widget made."""
        if model is self._selection:
            return
        self._selection.unsubscribe(self._on_selection_model)
        self._selection = model
        self.destroyed.connect(model.subscribe(self._on_selection_model))
        self._mask_key = None
        self.update()

    def set_events(self, frame: pd.DataFrame, *, prepared: PreparedModel | None = None) -> None:
        """Show `frame` (filtered, curated, sorted by t0); keeps the range once the user moved.
        `prepared`: what a worker made of it (`model.timeline.prepare`), taken as it is."""
        self._listen_to(None)
        self._renderer.set_frame(frame, prepared=prepared)
        self._reset_events()

    def set_source(self, source: EventSource) -> None:
        """Show a `nkviewer.model.source` source: a `FrameSource` as `set_events` does, a
        dataset's `DatasetSource` lazily (density from its counts, events of the view fetched
        in the background, the widget repainted when they arrive)."""
        if not isinstance(source, DatasetSource):
            self.set_events(source.frame, prepared=source.prepared)
            return
        self._listen_to(source)
        self._renderer.set_source(source)
        self._reset_events()

    def _listen_to(self, source: DatasetSource | None) -> None:
        """Be told when `source`'s windows arrive, and no longer by the source drawn before."""
        old = self._renderer.source
        if old is not None and old is not source:
            old.set_on_ready(None)
        if source is not None:
            source.set_on_ready(self.windowLoaded.emit)  # from the fetching thread: queued

    def _reset_events(self) -> None:
        self._hover = None
        if not self._user_moved and self._total:
            self._fit(user=False)
        self._sync_window()
        self.update()

    def events_covered(self) -> bool:
        """Whether every event of the view is at hand (a dataset zoomed out shows counts)."""
        return self._renderer.covered()

    @Slot()
    def _on_window_loaded(self) -> None:
        self._sync_window()
        self.update()

    def _sync_window(self) -> None:
        """Fetch or switch a dataset's window for the current view.

        The one place where the events drawn and hit-tested change for a dataset: called on the
        UI thread when the view moves or resizes and when a background fetch has landed (queued
        `windowLoaded`), never from painting, so a paint and its scene describe the same events.
        The selection needs no remapping: its mask is derived from the ids for the new events.
        """
        if self._renderer.source is None:
            return
        if self._renderer.sync_window(self.width(), self.height(), *self._range):
            self._hover = None

    def set_group_by(self, mode: str, *, prepared: PreparedModel | None = None) -> None:
        """Group lanes by "country", "actor", "source" or "none"; `prepared`: the model of the
        table drawn by `mode`, made in a worker (`model.timeline.prepare`), taken as it is."""
        self._renderer.offer(prepared)
        self._renderer.set_options(group_by=mode, collapsed=frozenset())
        self._hover = None
        self._sync_window()
        self.update()

    def set_selection(self, event_ids: Sequence[str]) -> None:
        """Select exactly `event_ids` in the selection model; emits nothing. Where every event
        is at hand, ids of no event are left out; a dataset keeps those outside its window."""
        ids = list(event_ids)
        if self._renderer.source is None and ids:
            pos = self._positions(ids)
            ids = [e for e, p in zip(ids, pos.tolist(), strict=True) if p >= 0]
        self._selection.replace(ids, origin=self)

    def selected_ids(self) -> list[str]:
        """The selected ids (in or out of a dataset's current window), as the model has them."""
        return self._selection.ids

    def selected_drawn(self) -> list[str]:
        """The selected events among those drawn now (in time order): what is highlighted."""
        idx = np.flatnonzero(self._selected_mask())
        return self._renderer.model.arrays.ids.take(idx) if len(idx) else []

    def visible_range(self) -> tuple[float, float]:
        return self._range

    def set_visible_range(self, t0: float, t1: float) -> None:
        self._set_range(t0, t1, user=True)

    def viewport(self) -> Viewport:
        """The time ↔ pixel transform of the plot as it is now."""
        g = self._renderer.geometry(self.width(), self.height())
        return self._renderer.viewport(g, *self._range)

    def apply_viewport(self, vp: Viewport) -> None:
        """Show `vp`'s range (the user moved the view: new events no longer refit it)."""
        self._set_range(vp.t0, vp.t1, user=True)

    def fit_all(self) -> None:
        """Fit the view to where the events are (the bulk; outliers marked at the edges)."""
        self._fit(user=True)

    def fit_all_events(self) -> None:
        """Fit the view to every event, outliers included."""
        self._fit(user=True, every=True)

    def zoom_in(self) -> None:
        self.apply_viewport(self.viewport().zoomed(ZOOM_STEP))

    def zoom_out(self) -> None:
        self.apply_viewport(self.viewport().zoomed(1 / ZOOM_STEP))

    def zoom_to_selection(self) -> None:
        """Fit the view to the selected events at hand."""
        sel = np.flatnonzero(self._selected_mask())
        if len(sel) == 0:
            return
        arrays = self._renderer.model.arrays
        a, b = float(arrays.t0[sel].min()), float(arrays.t1[sel].max())
        vp = self.viewport()
        fitted = fit_viewport(a, b, vp.width, x0=vp.x0, margin_px=60.0)
        if len(sel) == 1:  # a single day: show the weeks around it, not one day
            fitted = fitted.with_range(*timeline_input.widen(fitted.t0, fitted.t1, 21.0))
        self.apply_viewport(fitted)

    def select_all_in_view(self) -> bool:
        """Select every event in view; False (nothing done) when a dataset shows counts only."""
        self._sync_window()
        if not self._renderer.covered():
            return False
        vp = self.viewport()
        model = self._renderer.model
        found = []
        for lane in model.lanes:
            lo = int(np.searchsorted(lane.t0, vp.t0 - lane.max_len))
            hi = int(np.searchsorted(lane.t0, vp.t1))
            local = np.arange(lo, hi)
            found.append(lane.idx[local[lane.t1[local] > vp.t0]])
        idx = np.sort(np.concatenate(found)) if found else np.zeros(0, np.int64)
        self._user_change(lambda: self._selection.replace(model.arrays.ids.take(idx), origin=self))
        return True

    def select_next(self) -> None:
        self._step(+1)

    def select_previous(self) -> None:
        self._step(-1)

    def select_first(self) -> None:
        """Select the earliest event at hand (and bring it into view)."""
        if self._n:
            self._select_index(0)

    def select_last(self) -> None:
        """Select the latest event at hand (and bring it into view)."""
        if self._n:
            self._select_index(self._n - 1)

    def clear_selection(self) -> None:
        """Nothing selected, no current event (Esc, a click on no event)."""
        self._user_change(lambda: self._selection.clear(origin=self))

    def set_empty_text(self, text: str) -> None:
        """What the timeline says while it has no events ("Reading the corpus…")."""
        if text != self._renderer.options.empty_text:
            self._renderer.set_options(empty_text=text)
            self.update()

    def set_theme(self, theme: str) -> None:
        self._renderer.set_options(theme=theme)
        self.update()

    def set_lane_collapsed(self, lane: str, collapsed: bool) -> None:
        current = set(self._renderer.options.collapsed)
        (current.add if collapsed else current.discard)(lane)
        self._renderer.set_options(collapsed=frozenset(current))
        self._sync_window()
        self.update()

    def in_plot(self, pos: QPointF) -> bool:
        """Whether `pos` lies in the plot (right of the lane headers, between the axes)."""
        g = self._renderer.geometry(self.width(), self.height())
        return g.plot.contains(pos)

    def lane_at(self, y: float) -> str | None:
        """The name of the lane drawn at height `y`, if any."""
        scene = self._renderer.last_scene
        if scene is None:
            return None
        for box in scene.boxes:
            if box.y <= y < box.y + box.height:
                return self._renderer.model.lanes[box.lane].name
        return None

    def event_at(self, pos: QPointF) -> int | None:
        """The position (in the events drawn) of the event under `pos`, if any."""
        scene = self._renderer.last_scene
        if scene is None or not self.in_plot(pos):
            return None
        return hit_test(scene, pos.x(), pos.y())

    # -------------------------------------------------------------- helpers
    @property
    def _n(self) -> int:
        """Events at hand: all of them, or a dataset's current window."""
        frame = self._renderer.frame
        return 0 if frame is None else len(frame)

    @property
    def _total(self) -> int:
        source = self._renderer.source
        return self._n if source is None else source.count()

    def _set_range(self, t0: float, t1: float, *, user: bool) -> None:
        vp = self.viewport().with_range(t0, t1)
        new = (vp.t0, vp.t1)
        if user:
            self._user_moved = True
        if new != self._range:
            self._range = new
            if self._hover is not None:  # the hover label belongs to where the pointer was
                self._hover = None
                QToolTip.hideText()
            self._sync_window()
            self.update()
            self.rangeChanged.emit(new[0], new[1])

    def _fit(self, *, user: bool, every: bool = False) -> None:
        if self._total == 0:
            return
        fitted = self._renderer.fit_range(max(self.width(), 320), every=every)
        self._set_range(*fitted, user=False)
        if user:
            self._user_moved = False  # fitted by request: keep fitting as events arrive

    # -------------------------------------------------------------- the selection drawn
    def _on_selection_model(self, change: SelectionChange) -> None:
        if change.selection:
            self.update()

    def _positions(self, ids: Sequence[str]) -> np.ndarray:
        """Positions of `ids` among the events drawn (-1 for an id not among them)."""
        if not self._n or not len(ids):
            return np.full(len(ids), -1, np.int64)
        # found in Arrow: no index of every id is built per new table (an edit at 100,000)
        return self._renderer.model.arrays.ids.positions(list(ids))

    def _selected_mask(self) -> np.ndarray:
        """Which of the events drawn are selected: a cache of the selection model, rebuilt when
        its version or the events drawn change."""
        version, frame = self._selection.version, self._renderer.frame
        key = self._mask_key
        if key is None or key[0] != version or key[1] is not frame:
            mask = np.zeros(self._n, bool)
            ids = self._selection.ids
            if ids and self._n:
                pos = self._positions(ids)
                mask[pos[pos >= 0]] = True
            self._mask, self._mask_key = mask, (version, frame)
        return self._mask

    def _index_of(self, event_id: str) -> int | None:
        """Position of `event_id` among the events drawn, if it is one of them."""
        if not event_id or not self._n:
            return None
        pos = int(self._positions([event_id])[0])
        return pos if pos >= 0 else None

    def _user_change(self, change: Callable[[], object]) -> None:
        """Make a change the user asked for; `selectionChanged` when the selected ids moved."""
        version = self._selection.version
        change()
        if self._selection.version != version:
            self.selectionChanged.emit(self._selection.ids)

    def _step(self, direction: int) -> None:
        n = self._n
        if n == 0:
            return
        arrays = self._renderer.model.arrays
        current = self._index_of(self._selection.current)
        if current is None:
            t0, t1 = self._range
            if direction > 0:
                i = int(np.searchsorted(arrays.t0, t0))
            else:
                i = int(np.searchsorted(arrays.t0, t1)) - 1
        else:
            i = current + direction
        self._select_index(min(max(i, 0), n - 1))

    def _select_index(self, i: int) -> None:
        """Select the event drawn at `i` alone, make it current and bring it into view."""
        arrays = self._renderer.model.arrays
        event_id = arrays.ids[i]  # before the view moves (a dataset's window may change)
        a, b = float(arrays.t0[i]), float(arrays.t1[i])
        vp = self.viewport()
        if not vp.contains(a, min(b, a + 1)):
            self.apply_viewport(vp.centered_on((a + b) / 2))
        self._user_change(
            lambda: self._selection.replace(
                [event_id], anchor=event_id, current=event_id, origin=self
            )
        )
        self.eventActivated.emit(event_id)

    # ------------------------------------------------------------- painting
    def sizeHint(self) -> QSize:
        return QSize(900, 480)

    @guarded()
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHints(
            QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
        )
        mask = self._selected_mask()
        sel = mask if mask.any() else None
        self._renderer.paint(
            painter,
            self.width(),
            self.height(),
            *self._range,
            selected=sel,
            hover=self._hover,
            band=self._band,
        )
        painter.end()

    @guarded()
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self._user_moved and self._total:  # a dataset too (no window yet)
            self._fit(user=False)
        self._sync_window()

    # ------------------------------------------------------------ the mouse
    @guarded()
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton):
            self._press = event.position()
            self._press_range = self._range
            self._drag = None
            # Shift or the right button at the press makes a drag draw a rubber band.
            self._band_drag = event.button() == Qt.MouseButton.RightButton or bool(
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            )
            event.accept()
            return
        super().mousePressEvent(event)

    @guarded()
    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if self._press is None:
            hover = self.event_at(pos)
            if hover != self._hover:
                self._hover = hover
                self.update()
            in_header = pos.x() < self._renderer.geometry(self.width(), self.height()).plot.left()
            pointing = hover is not None or (in_header and self.lane_at(pos.y()) is not None)
            self.setCursor(
                Qt.CursorShape.PointingHandCursor if pointing else Qt.CursorShape.ArrowCursor
            )
            return
        delta = pos - self._press
        if self._drag is None:
            if delta.manhattanLength() < QApplication.startDragDistance():
                return
            self._drag = "band" if self._band_drag else "pan"
            if self._drag == "pan":
                self.setCursor(Qt.CursorShape.ClosedHandCursor)
        if self._drag == "pan":
            start = self.viewport().with_range(*self._press_range)
            self.apply_viewport(start.panned(delta.x()))
        else:
            self._band = QRectF(self._press, pos).normalized()
            self.update()

    @guarded()
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._press is None:
            return
        pos = event.position()
        mods = event.modifiers()
        if self._drag == "band" and self._band is not None:
            self._finish_band(self._band, additive=bool(mods & Qt.KeyboardModifier.ControlModifier))
        elif self._drag is None and event.button() == Qt.MouseButton.LeftButton:
            self._click(pos, mods)
        self._press = None
        self._drag = None
        self._band = None
        self.setCursor(Qt.CursorShape.ArrowCursor)
        self.update()

    def _finish_band(self, band: QRectF, *, additive: bool) -> None:
        scene = self._renderer.last_scene
        if scene is None:
            return
        idx = events_in_rect(
            scene, self._renderer.model, band.left(), band.top(), band.right(), band.bottom()
        )
        ids = self._renderer.model.arrays.ids.take(np.sort(idx))
        if additive:  # Ctrl: added to what is selected (outside a dataset's window too)
            ids = self._selection.ids + ids
        self._user_change(lambda: self._selection.replace(ids, origin=self))

    def _click(self, pos: QPointF, mods: Qt.KeyboardModifier) -> None:
        if any(rect.contains(pos) for rect in self._renderer.last_edge_marks.values()):
            self.fit_all_events()  # "◀ 3 earlier": bring the outliers into view
            return
        g = self._renderer.geometry(self.width(), self.height())
        if pos.x() < g.plot.left() and pos.y() >= g.lanes.top():
            lane = self.lane_at(pos.y())
            if lane is not None:
                collapsed = lane in self._renderer.options.collapsed
                self.set_lane_collapsed(lane, not collapsed)
            return
        hit = self.event_at(pos)
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        if hit is None:
            if not ctrl and not shift:
                self.clear_selection()
            return
        ids = self._renderer.model.arrays.ids
        if hit >= len(ids):
            return  # a scene of other events than those at hand: never happens, never crashes
        event_id = ids[hit]
        model = self._selection
        anchor = self._index_of(model.anchor)
        if ctrl:
            added: list[bool] = []
            self._user_change(lambda: added.append(model.toggle(event_id, origin=self)))
            if not added[0]:
                return  # Ctrl-click took it out of the selection: not the one to show now
        elif shift and anchor is not None:
            lo, hi = sorted((anchor, hit))
            between = ids.take(self._visible_between(lo, hi))
            self._user_change(
                lambda: model.replace(between, anchor=model.anchor, current=event_id, origin=self)
            )
        else:
            self._user_change(
                lambda: model.replace([event_id], anchor=event_id, current=event_id, origin=self)
            )
        self.eventActivated.emit(event_id)

    def _visible_between(self, lo: int, hi: int) -> np.ndarray:
        """Events from index `lo` to `hi` in time order, leaving out collapsed lanes."""
        idx = np.arange(lo, hi + 1)
        model = self._renderer.model
        collapsed = self._renderer.options.collapsed
        if collapsed:
            lane_of = model.assignment.index[idx]
            hidden = [i for i, lane in enumerate(model.lanes) if lane.name in collapsed]
            idx = idx[~np.isin(lane_of, hidden)]
        return idx

    @guarded()
    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        timeline_input.double_click(self, event)

    @guarded()
    def wheelEvent(self, event: QWheelEvent) -> None:
        timeline_input.wheel(self, event)

    @guarded(default=True)
    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.NativeGesture and isinstance(event, QNativeGestureEvent):
            if event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture:
                zoomed = self.viewport().zoomed(1.0 + event.value(), event.position().x())
                self.apply_viewport(zoomed)
                return True
            if event.gestureType() == Qt.NativeGestureType.SmartZoomNativeGesture:
                self.fit_all()
                return True
        if event.type() == QEvent.Type.ToolTip:
            self._show_tooltip(event)
            return True
        return super().event(event)

    def _show_tooltip(self, event: QEvent) -> None:
        timeline_input.show_tooltip(self, event)

    @guarded()
    def leaveEvent(self, event: QEvent) -> None:
        if self._hover is not None:
            self._hover = None
            self.update()
        super().leaveEvent(event)

    # ------------------------------------------------------------- the keys
    @guarded()
    def keyPressEvent(self, event: QKeyEvent) -> None:
        """+ / − zoom, Ctrl+0 fit all, ← / → previous / next event, Shift+← / → and
        Page Up / Page Down pan, Home / End first / last event, Esc clears the selection."""
        if timeline_input.handle_key(self, event):
            event.accept()
        else:
            super().keyPressEvent(event)
