"""`OverviewStrip`: the whole corpus' event density under the timeline, with the visible window.

The window rectangle can be dragged (move), its edges dragged (resize), and a click elsewhere
centres it there; the wheel zooms it. Each change emits `rangeRequested`; the strip itself only
follows `set_visible_range`, so connecting both ways cannot loop.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from nkviewer.model import palette
from nkviewer.model.axis import AxisTicks, axis_ticks, strip_labels
from nkviewer.model.density import Bins, aligned_edges, bin_counts, column_heights
from nkviewer.model.source import DatasetSource, starts_and_span
from nkviewer.model.viewport import MIN_SPAN, Viewport, fit_viewport
from nkviewer.qt.guard import guarded
from nkviewer.render.fonts import ui_font
from nkviewer.render.glyphs import draw_lines, draw_rects

if TYPE_CHECKING:
    import pandas as pd

    from nkviewer.model.source import EventSource

EDGE_PX = 6.0  # grab distance for resizing the window rectangle
BIN_PX = 2.0


class OverviewStrip(QWidget):
    """Density of every event over the corpus' whole time span, with a draggable window."""

    rangeRequested = Signal(float, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setMinimumHeight(40)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._t0 = np.zeros(0)
        self._span = (17532.0, 17897.0)  # time range the strip covers
        self._window = self._span
        self._theme = "light"
        self._left = 150.0  # line the plot up with the timeline's header column
        self._right = 14.0
        self._drag: str | None = None  # "move" | "left" | "right"
        self._press_x = 0.0
        self._press_window = self._window
        self._font = ui_font()
        self._font.setPixelSize(10)
        self._count = 0
        # a dataset's source; None: the counts come from `_t0`
        self._source: DatasetSource | None = None
        # what a repaint of the same span reuses (a pan only moves the window rectangle):
        # (key, density rectangles, axis ticks); the key says what they were made for
        self._data_serial = 0
        self._layout: tuple[tuple[object, ...], np.ndarray, AxisTicks] | None = None

    # ------------------------------------------------------------------ API
    def set_source(self, source: EventSource) -> None:
        """Show the density of a `nkviewer.model.source` source: an in-memory frame as by
        `set_events`, a dataset from its binned counts (nothing loaded)."""
        if not isinstance(source, DatasetSource):
            self._show_starts(*source.starts())  # read in the worker that made the table
            return
        self._source = source
        self._data_serial += 1
        self._t0 = np.zeros(0)
        self._count = source.count()
        bounds = source.time_bounds()
        if bounds is not None:
            self._span = (float(bounds[0]), max(float(bounds[1]), float(bounds[0]) + 1))
        self.update()

    def set_events(self, frame: pd.DataFrame) -> None:
        self._show_starts(*starts_and_span(frame))

    def _show_starts(self, t0: np.ndarray, span: tuple[float, float] | None) -> None:
        """Show the density of these starts (sorted) over `span` (None: no events)."""
        self._source = None
        self._data_serial += 1
        self._t0 = t0
        self._count = len(t0)
        if span is not None:
            self._span = span
        self.update()

    def set_visible_range(self, t0: float, t1: float) -> None:
        self._window = (float(t0), float(t1))
        self.update()

    def set_theme(self, theme: str) -> None:
        self._theme = theme
        self.update()

    def set_margins(self, left: float, right: float) -> None:
        """Pixels left and right of the strip's plot (match the timeline's header column)."""
        self._left, self._right = float(left), float(right)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(900, 56)

    # ------------------------------------------------------------- geometry
    def _viewport(self) -> Viewport:
        """Maps the corpus span (widened to include the window) onto the strip's plot."""
        a = min(self._span[0], self._window[0])
        b = max(self._span[1], self._window[1])
        width = max(1.0, self.width() - self._left - self._right)
        return fit_viewport(a, b, width, x0=self._left, margin_px=6.0)

    def _window_rect(self, vp: Viewport) -> QRectF:
        x0 = float(vp.to_x(self._window[0]))
        x1 = max(float(vp.to_x(self._window[1])), x0 + 3.0)
        return QRectF(x0, 2.0, x1 - x0, self.height() - 16.0)

    # ------------------------------------------------------------- painting
    @guarded()
    def paintEvent(self, event: QPaintEvent) -> None:
        th = palette.theme(self._theme)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        p.fillRect(self.rect(), QColor(th.header))
        vp = self._viewport()
        plot = QRectF(self._left, 0, vp.width, self.height())
        p.fillRect(plot, QColor(th.plot))
        bottom = self.height() - 14.0
        rects, ticks = self._columns(vp, bottom)
        if len(rects):
            color = QColor(th.muted)
            color.setAlphaF(0.75)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(color)
            draw_rects(p, rects)
        self._paint_axis(p, vp, ticks, bottom, th)
        self._paint_window(p, vp, th)
        self._paint_caption(p, th)
        p.end()

    def _columns(self, vp: Viewport, bottom: float) -> tuple[np.ndarray, AxisTicks]:
        """The density columns (x, y, w, h rectangles) and axis ticks of this span and size,
        made once: panning the timeline repaints the strip with the same ones."""
        key = (vp, bottom, self._data_serial, self._count)
        if self._layout is not None and self._layout[0] == key:
            return self._layout[1], self._layout[2]
        rects = np.zeros((0, 4))
        if len(self._t0) or self._source is not None:
            edges = aligned_edges(vp.t0, vp.t1, BIN_PX / vp.scale)
            if self._source is not None:
                bins = Bins(edges, self._source.count_bins(edges, "none").sum(axis=0))
            else:
                bins = bin_counts(self._t0, edges)
            heights = column_heights(bins.counts, bottom - 4.0, floor_px=1.0)
            x = vp.to_x(bins.edges[:-1])
            w = float(vp.to_x(bins.edges[1]) - x[0]) if len(x) else 0.0
            nz = heights > 0
            rects = np.column_stack(
                [x[nz], bottom - heights[nz], np.full(nz.sum(), w), heights[nz]]
            )
        char_px = QFontMetricsF(self._font).horizontalAdvance("0") * 1.6
        ticks = axis_ticks(vp.t0, vp.t1, vp.width, char_px=char_px)
        self._layout = (key, rects, ticks)
        return rects, ticks

    def _paint_axis(
        self, p: QPainter, vp: Viewport, ticks: AxisTicks, bottom: float, th: palette.Theme
    ) -> None:
        fm = QFontMetricsF(self._font)
        pen = QPen(QColor(th.border), 1)
        pen.setCosmetic(True)
        p.setPen(pen)
        p.drawLine(QPointF(self._left, bottom + 0.5), QPointF(vp.x1, bottom + 0.5))
        xs = np.round(vp.to_x(np.array([t.t for t in ticks.major], dtype=float))) + 0.5
        if len(xs):
            draw_lines(
                p, np.column_stack([xs, np.full(len(xs), bottom), xs, np.full(len(xs), bottom + 3)])
            )
        p.setFont(self._font)
        p.setPen(QColor(th.axis_text))
        labelled = strip_labels(ticks, vp.t0)
        lx = np.round(vp.to_x(np.array([t.t for t in labelled], dtype=float))) + 0.5
        right = -1e9
        for tick, x in zip(labelled, lx.tolist(), strict=True):
            w = fm.horizontalAdvance(tick.label)
            if x + 2 + w <= vp.x1 and x > right:
                p.drawText(QPointF(x + 2, self.height() - 2.0), tick.label)
                right = x + 2 + w + 6

    def _paint_window(self, p: QPainter, vp: Viewport, th: palette.Theme) -> None:
        r = self._window_rect(vp)
        shade = QColor(th.background)
        shade.setAlphaF(0.55)
        band = QRectF(self._left, r.top(), vp.width, r.height())
        p.fillRect(
            QRectF(band.left(), band.top(), max(0.0, r.left() - band.left()), band.height()), shade
        )
        p.fillRect(
            QRectF(r.right(), band.top(), max(0.0, band.right() - r.right()), band.height()), shade
        )
        fill = QColor(th.selection)
        fill.setAlphaF(0.12)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QPen(QColor(th.selection), 1.5))
        p.setBrush(fill)
        p.drawRoundedRect(r.adjusted(0.75, 0.75, -0.75, -0.75), 2, 2)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(th.selection))
        for x in (r.left(), r.right()):
            p.drawRoundedRect(QRectF(x - 2, r.center().y() - 7, 4, 14), 1.5, 1.5)

    def _paint_caption(self, p: QPainter, th: palette.Theme) -> None:
        if self._left < 40:
            return
        p.setFont(self._font)
        p.setPen(QColor(th.muted))
        fm = QFontMetricsF(self._font)
        p.drawText(QPointF(10, 4 + fm.ascent()), "Overview")
        p.drawText(QPointF(10, 6 + fm.ascent() + fm.height()), f"{self._count:,} events")

    # ------------------------------------------------------------ the mouse
    def _hit(self, x: float) -> str | None:
        r = self._window_rect(self._viewport())
        if abs(x - r.left()) <= EDGE_PX:
            return "left"
        if abs(x - r.right()) <= EDGE_PX:
            return "right"
        if r.left() < x < r.right():
            return "move"
        return None

    @guarded()
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        x = event.position().x()
        vp = self._viewport()
        part = self._hit(x)
        if part is None:  # jump: centre the window where clicked, then drag it from there
            half = (self._window[1] - self._window[0]) / 2
            t = float(vp.to_t(x))
            self._request(t - half, t + half)
            part = "move"
        self._drag = part
        self._press_x = x
        self._press_window = self._window

    @guarded()
    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        x = event.position().x()
        if self._drag is None:
            part = self._hit(x)
            shape = (
                Qt.CursorShape.SizeHorCursor
                if part in ("left", "right")
                else Qt.CursorShape.OpenHandCursor
                if part == "move"
                else Qt.CursorShape.ArrowCursor
            )
            self.setCursor(shape)
            return
        vp = self._viewport()
        dt = (x - self._press_x) / vp.scale
        a, b = self._press_window
        if self._drag == "move":
            self._request(a + dt, b + dt)
        elif self._drag == "left":
            self._request(min(a + dt, b - MIN_SPAN), b)
        else:
            self._request(a, max(b + dt, a + MIN_SPAN))

    @guarded()
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._drag = None

    @guarded()
    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120.0
        if not steps:
            return
        vp = self._viewport()
        t = float(vp.to_t(event.position().x()))
        a, b = self._window
        factor = 1.2**-steps
        self._request(t - (t - a) * factor, t + (b - t) * factor)
        event.accept()

    def _request(self, t0: float, t1: float) -> None:
        self._window = (t0, t1)
        self.update()
        self.rangeRequested.emit(t0, t1)
