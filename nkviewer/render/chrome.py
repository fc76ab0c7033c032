"""The parts of the timeline around the events: lane bands, grid, axis, lane headers, title, footer.

Kept apart from `render.py` (which draws the events) so each module stays one concept. All take a
QPainter and the geometry computed by the renderer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF

from nkviewer.model.axis import AxisTicks, grid_times
from nkviewer.model.palette import Theme
from nkviewer.model.scene import Scene, free_row_y
from nkviewer.model.timeline import LaneBox
from nkviewer.model.viewport import Viewport
from nkviewer.render.glyphs import (
    MarkerStyle,
    badge_rect,
    draw_badge,
    draw_lines,
    draw_markers_vector,
    draw_rects,
)

if TYPE_CHECKING:
    from nkviewer.render.timeline import Geometry, TimelineRenderer


def _pen(color: str, width: float = 1.0) -> QPen:
    pen = QPen(QColor(color), width)
    pen.setCosmetic(True)
    return pen


def _verticals(x: np.ndarray, y0: float, y1: float) -> np.ndarray:
    """(n, 4) line array of vertical segments at `x` from `y0` to `y1`."""
    lines = np.empty((len(x), 4))
    lines[:, 0] = lines[:, 2] = x
    lines[:, 1], lines[:, 3] = y0, y1
    return lines


def draw_lane_bands(painter: QPainter, g: Geometry, boxes: list[LaneBox], th: Theme) -> None:
    """Alternate lane backgrounds and thin separators, across header and plot: one batch
    each, however many lanes."""
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(th.plot))
    painter.drawRect(g.lanes)
    ys = np.array([b.y for b in boxes], dtype=float)
    heights = np.array([b.height for b in boxes], dtype=float)
    if len(boxes) > 1:
        painter.setBrush(QColor(th.lane_alt))
        left, width = g.plot.left(), g.width - g.plot.left()
        alt = np.column_stack(
            [np.full(len(ys[1::2]), left), ys[1::2], np.full(len(ys[1::2]), width), heights[1::2]]
        )
        draw_rects(painter, alt)
    if len(boxes):
        ends = np.round(ys + heights) + 0.5
        right = np.full(len(ends), round(g.width))
        lines = np.column_stack([np.zeros(len(ends)), ends, right, ends])
        painter.setPen(_pen(th.border))
        draw_lines(painter, lines)


def draw_grid(painter: QPainter, g: Geometry, vp: Viewport, ticks: AxisTicks, th: Theme) -> None:
    """Vertical grid lines through the lanes: context boundaries strong, majors faint."""
    top, bottom = g.lanes.top(), g.lanes.bottom()
    faint, strong = grid_times(ticks, vp.t0)
    for times, color in (
        (faint, th.grid_minor if strong else th.grid_major),
        (strong, th.grid_major),
    ):
        if not times:
            continue
        x = np.round(vp.to_x(np.asarray(times, dtype=float))) + 0.5
        x = x[(x >= g.plot.left()) & (x <= g.plot.right())]
        painter.setPen(_pen(color))
        draw_lines(painter, _verticals(x, top, bottom))


def draw_axis(
    painter: QPainter,
    g: Geometry,
    vp: Viewport,
    ticks: AxisTicks,
    th: Theme,
    font: QFont,
    font_bold: QFont,
) -> None:
    """The time axis band: context row (year or month) above the tick labels."""
    a = g.axis
    painter.fillRect(a, QColor(th.axis))
    painter.setPen(_pen(th.border))
    y_line = round(a.bottom()) - 0.5
    painter.drawLine(QPointF(0, y_line), QPointF(g.width, y_line))
    painter.save()
    painter.setClipRect(QRectF(g.plot.left(), a.top(), g.plot.width() + 6, a.height()))
    fm = QFontMetricsF(font)
    row2 = a.bottom() - 8
    # Minor and major tick marks.
    if len(ticks.minor):
        xm = np.round(vp.to_x(ticks.minor)) + 0.5
        painter.setPen(_pen(th.grid_major))
        draw_lines(painter, _verticals(xm, a.bottom() - 4, a.bottom()))
    majors = np.array([t.t for t in ticks.major], dtype=float)
    if len(majors):
        xj = np.round(vp.to_x(majors)) + 0.5
        painter.setPen(_pen(th.axis_text))
        draw_lines(painter, _verticals(xj, a.bottom() - 7, a.bottom()))
    # Major labels: centred on their interval when it has room, else just right of the tick.
    painter.setFont(font)
    painter.setPen(QColor(th.axis_text))
    has_context = bool(ticks.context)
    base = row2 - 2 if has_context else a.center().y() + fm.ascent() / 2 + 2
    # The context row's separators run down through the label row: a label they would cross
    # ("31" of a week starting Dec 31, just before the January line) is left out.
    seps = np.array([float(vp.to_x(t.t)) for t in ticks.context], dtype=float)
    for k, tick in enumerate(ticks.major):
        x = float(vp.to_x(tick.t))
        w = fm.horizontalAdvance(tick.label)
        nxt = float(vp.to_x(ticks.major[k + 1].t)) if k + 1 < len(ticks.major) else None
        if nxt is not None and ticks.level in _INTERVAL_LEVELS and nxt - x >= w + 8:
            lx = (x + nxt) / 2 - w / 2
        else:
            lx = x + 4
        if lx + w > g.plot.right() + 4:
            continue
        if len(seps) and bool(((seps > lx - 2) & (seps < lx + w + 2)).any()):
            continue
        painter.drawText(QPointF(lx, base), tick.label)
    # Context row, each label stuck to the left edge until the next one pushes it out.
    if has_context:
        painter.setFont(font_bold)
        painter.setPen(QColor(th.axis_context))
        fmb = QFontMetricsF(font_bold)
        cy = a.top() + 4 + fmb.ascent()
        xs = [float(vp.to_x(t.t)) for t in ticks.context]
        for k, tick in enumerate(ticks.context):
            w = fmb.horizontalAdvance(tick.label)
            lx = max(xs[k], g.plot.left()) + 5
            if k + 1 < len(xs):
                lx = min(lx, xs[k + 1] - w - 10)
            if lx < g.plot.left() + 2 or lx + w > g.plot.right() + 4:
                continue  # pushed out by the next label, or cut by the edge
            painter.drawText(QPointF(lx, cy), tick.label)
        painter.setPen(_pen(th.grid_major))
        for x in xs:
            if x >= g.plot.left():
                xr = round(x) + 0.5
                painter.drawLine(QPointF(xr, a.top() + 3), QPointF(xr, a.bottom()))
    painter.restore()


_INTERVAL_LEVELS = frozenset({"day", "month", "year"})


def draw_headers(
    painter: QPainter,
    g: Geometry,
    boxes: list[LaneBox],
    names: list[str],
    counts: list[int],
    colors: list[str],
    th: Theme,
    renderer: TimelineRenderer,
) -> None:
    """The fixed lane-header column: colour chip, lane name, event count, collapse chevron."""
    h = g.header
    painter.fillRect(QRectF(0, g.axis.top(), h.width(), g.axis.height()), QColor(th.axis))
    painter.fillRect(h, QColor(th.header))
    fm_b = QFontMetricsF(renderer.font_bold)
    fm_s = QFontMetricsF(renderer.font_small)
    interactive = renderer.options.interactive
    right = h.right() - (22 if interactive else 8)
    for box in boxes:
        if box.y > h.bottom():
            break
        painter.save()
        painter.setClipRect(QRectF(0, box.y, h.width(), box.height).intersected(h))
        chip = QRectF(10, box.y + (8 if box.height > 30 else box.height / 2 - 4), 8, 8)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colors[box.lane]))
        painter.drawRoundedRect(chip, 2, 2)
        count = f"{counts[box.lane]:,}"
        name_x = chip.right() + 7
        name_y = chip.center().y() + (fm_b.ascent() - fm_b.descent()) / 2
        painter.setFont(renderer.font_bold)
        painter.setPen(QColor(th.header_text))
        two_lines = box.height >= fm_b.height() + fm_s.height() + 10
        name = names[box.lane]
        count_w = fm_s.horizontalAdvance(count) + 8
        # One line: the name comes first; the count only where it fits beside the whole name.
        show_count = two_lines or fm_b.horizontalAdvance(name) + count_w <= right - name_x
        room = right - name_x - (0 if two_lines or not show_count else count_w)
        name = fm_b.elidedText(name, Qt.TextElideMode.ElideRight, max(room, 10))
        painter.drawText(QPointF(name_x, name_y), name)
        painter.setFont(renderer.font_small)
        painter.setPen(QColor(th.muted))
        noun = "event" if counts[box.lane] == 1 else "events"
        if two_lines:
            painter.drawText(QPointF(name_x, name_y + fm_s.height() + 2), f"{count} {noun}")
        elif show_count:
            painter.drawText(QPointF(right - fm_s.horizontalAdvance(count), name_y), count)
        if interactive:
            _chevron(painter, QPointF(h.right() - 13, chip.center().y()), box.collapsed, th)
        painter.restore()
    painter.setPen(_pen(th.border))
    x = round(h.right()) - 0.5
    painter.drawLine(QPointF(x, g.axis.top()), QPointF(x, h.bottom()))


def _chevron(painter: QPainter, c: QPointF, collapsed: bool, th: Theme) -> None:
    s = 3.5
    if collapsed:  # pointing right
        pts = [QPointF(c.x() - s / 2, c.y() - s), QPointF(c.x() + s, c.y()),
               QPointF(c.x() - s / 2, c.y() + s)]  # fmt: skip
    else:  # pointing down
        pts = [QPointF(c.x() - s, c.y() - s / 2), QPointF(c.x() + s, c.y() - s / 2),
               QPointF(c.x(), c.y() + s)]  # fmt: skip
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(th.muted))
    painter.drawPolygon(QPolygonF(pts))


def draw_empty(
    painter: QPainter, g: Geometry, th: Theme, font: QFont, text: str = "No events to show"
) -> None:
    """The lanes area when there is nothing to show (or, while loading, nothing yet)."""
    painter.fillRect(g.header, QColor(th.header))
    painter.setFont(font)
    painter.setPen(QColor(th.muted))
    painter.drawText(g.plot, Qt.AlignmentFlag.AlignCenter, text)


def draw_title(painter: QPainter, rect: QRectF, title: str, th: Theme, font: QFont) -> None:
    painter.setFont(font)
    painter.setPen(QColor(th.text))
    fm = QFontMetricsF(font)
    text = fm.elidedText(title, Qt.TextElideMode.ElideRight, rect.width() - 28)
    painter.drawText(rect.adjusted(14, 0, -14, 0), Qt.AlignmentFlag.AlignVCenter, text)


def draw_footer(
    painter: QPainter,
    rect: QRectF,
    legend: bool,
    note: str,
    th: Theme,
    renderer: TimelineRenderer,
    vector: bool,
    dpr: float,
) -> None:
    """Legend of glyph kinds on the left, the source note on the right."""
    painter.setPen(_pen(th.border))
    painter.drawLine(
        QPointF(0, round(rect.top()) + 0.5), QPointF(rect.right(), round(rect.top()) + 0.5)
    )
    font = renderer.font_small
    fm = QFontMetricsF(font)
    cy = rect.center().y()
    base = cy + (fm.ascent() - fm.descent()) / 2
    if note:
        painter.setFont(font)
        painter.setPen(QColor(th.muted))
        w = fm.horizontalAdvance(note)
        painter.drawText(QPointF(rect.right() - 14 - w, base), note)
    if not legend:
        return
    sample = "#6b7280" if th.name == "light" else "#a3adb0"
    x = 14.0
    r = 4.5
    items = (("happened", False, False), ("expected", True, False), ("date uncertain", False, True))
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for text, hollow, faded in items:
        style = MarkerStyle(sample, hollow, faded, th.background)

        draw_markers_vector(painter, style, r, np.array([x + r]), np.array([cy]))
        painter.setFont(font)
        painter.setPen(QColor(th.text))
        painter.drawText(QPointF(x + 2 * r + 5, base), text)
        x += 2 * r + 5 + fm.horizontalAdvance(text) + 18
    bar = QColor(sample)
    bar.setAlphaF(0.32)
    painter.setPen(_pen(sample, 1.2))
    painter.setBrush(bar)
    painter.drawRect(QRectF(x, cy - 4, 26, 8))
    painter.setPen(QColor(th.text))
    painter.drawText(QPointF(x + 32, base), "week, month, year or range")
    x += 32 + fm.horizontalAdvance("week, month, year or range") + 18
    b = badge_rect(renderer.font_badge, "3", x + 14, cy - fm.height() / 2)
    draw_badge(painter, b, "3", th.badge, th.badge_text, renderer.font_badge)
    painter.setFont(font)
    painter.setPen(QColor(th.text))
    painter.drawText(QPointF(b.right() + 6, base), "reports merged")
    del vector, dpr
    _ = QPainterPath


def edge_count_text(count: int, side: str) -> str:
    """The marker text for `count` events beyond the `side` ("left"/"right") edge of a view."""
    return f"◀ {count:,} earlier" if side == "left" else f"{count:,} later ▶"


def draw_edge_counts(
    painter: QPainter,
    g: Geometry,
    scene: Scene,
    before: int,
    after: int,
    th: Theme,
    font: QFont,
) -> dict[str, QRectF]:
    """Pills at the plot's left and right edges saying how many events lie beyond them, with an
    arrow, each in the highest free band at its edge (never over an event or its label);
    returns their rectangles (the screen makes them clickable: Fit All Events)."""
    rects: dict[str, QRectF] = {}
    fm = QFontMetricsF(font)
    h = fm.height() + 6
    painter.setFont(font)
    for side, count in (("left", before), ("right", after)):
        if count <= 0:
            continue
        text = edge_count_text(count, side)
        w = fm.horizontalAdvance(text) + 14
        x = g.plot.left() + 4 if side == "left" else g.plot.right() - 4 - w
        y = free_row_y(scene, x, x + w, h, g.plot.top() + 2, g.plot.bottom() - 2)
        rect = QRectF(x, y, w, h)
        fill = QColor(th.halo)
        fill.setAlphaF(0.92)
        painter.setPen(_pen(th.border))
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, h / 2, h / 2)
        painter.setPen(QColor(th.muted))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        rects[side] = rect
    return rects
