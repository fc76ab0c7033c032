"""Batched drawing of event glyphs: numpy arrays straight into QPainter's array calls.

`draw_rects` hands a float64 (n, 4) array to `QPainter.drawRects(QRectF*, count)` without making a
Python object per rectangle; `draw_sprites` stamps one pre-drawn glyph at many points. Sprites are
drawn into QImages; on the GUI thread the renderer turns them into QPixmaps, stamped in one
`drawPixmapFragments` call (about 5× faster than a `drawImage` per glyph, which matters on screen).
Off the GUI thread (Save, the preview and Copy Image draw in a worker) Qt allows no QPixmap, so
the QImage is drawn once per glyph instead. Vector devices (SVG, PDF) get real shapes instead of
images so exports stay sharp at any zoom; that path loops in Python but exports hold few events.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import numpy as np
import shiboken6
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt, QThread
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPaintDevice,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
)

_FRAGMENT_FIELDS = (
    10  # x, y, sourceLeft, sourceTop, width, height, scaleX, scaleY, rotation, opacity
)


def draw_rects(painter: QPainter, rects: np.ndarray) -> None:
    """Draw an (n, 4) array of x, y, w, h with the current pen and brush, in one call."""
    n = len(rects)
    if n == 0:
        return
    buf = np.ascontiguousarray(rects, dtype=np.float64)
    first = cast(QRectF, shiboken6.wrapInstance(buf.ctypes.data, QRectF))
    painter.drawRects(first, n)
    del first, buf


def draw_lines(painter: QPainter, lines: np.ndarray) -> None:
    """Draw an (n, 4) array of x1, y1, x2, y2 with the current pen, in one call."""
    n = len(lines)
    if n == 0:
        return
    buf = np.ascontiguousarray(lines, dtype=np.float64)
    first = cast(QLineF, shiboken6.wrapInstance(buf.ctypes.data, QLineF))
    painter.drawLines(first, n)
    del first, buf


def on_gui_thread() -> bool:
    """Whether this is the thread of the Qt application (the only one where QPixmap is safe)."""
    return QThread.isMainThread()


def is_vector(device: QPaintDevice | None) -> bool:
    """A vector device (SVG generator, PDF writer): glyphs drawn as paths, text as text. A pixel
    device (image, pixmap, widget), or none (a painter not begun), gets sprites and cached
    static text."""
    if device is None:
        return False
    return not (isinstance(device, QImage | QPixmap) or hasattr(device, "grab"))


def draw_sprites(
    painter: QPainter, sprite: QPixmap | QImage, cx: np.ndarray, cy: np.ndarray
) -> None:
    """Stamp `sprite` centred on every (cx, cy), honouring its device pixel ratio.

    A QPixmap (GUI thread only) goes in one call; a QImage (any thread) one call per point."""
    n = len(cx)
    if n == 0:
        return
    dpr = sprite.devicePixelRatio() or 1.0
    if isinstance(sprite, QImage):
        w, h = sprite.width() / dpr, sprite.height() / dpr
        target = QRectF(0, 0, w, h)
        for x, y in zip((cx - w / 2).tolist(), (cy - h / 2).tolist(), strict=True):
            target.moveTo(x, y)
            painter.drawImage(target, sprite)
        return
    frags = np.zeros((n, _FRAGMENT_FIELDS), dtype=np.float64)
    frags[:, 0] = cx
    frags[:, 1] = cy
    frags[:, 4] = sprite.width()
    frags[:, 5] = sprite.height()
    frags[:, 6] = 1.0 / dpr
    frags[:, 7] = 1.0 / dpr
    frags[:, 9] = 1.0
    first = cast(
        QPainter.PixmapFragment, shiboken6.wrapInstance(frags.ctypes.data, QPainter.PixmapFragment)
    )
    painter.drawPixmapFragments(first, n, sprite)
    del first, frags


@dataclass(frozen=True, slots=True)
class MarkerStyle:
    """How one kind of marker looks: its colour, hollow or filled, faded or not."""

    color: str
    hollow: bool
    faded: bool
    ring: str  # thin outline that separates overlapping markers (the background colour)


def marker_path(cx: float, cy: float, r: float) -> QPainterPath:
    path = QPainterPath()
    path.addEllipse(QPointF(cx, cy), r, r)
    return path


def _marker_pen_brush(style: MarkerStyle, r: float) -> tuple[QPen, QBrush]:
    color = QColor(style.color)
    if style.faded:
        color.setAlphaF(0.45)
    if style.hollow:
        pen = QPen(color, max(1.4, r * 0.36))
        return pen, QBrush(QColor(style.ring))
    pen = QPen(QColor(style.ring), 1.0)
    return pen, QBrush(color)


def marker_sprite(style: MarkerStyle, r: float, dpr: float) -> QImage:
    """A pre-drawn marker of radius `r` (logical px) at device pixel ratio `dpr`."""
    side = int(np.ceil((2 * r + 3) * dpr))
    image = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(dpr, dpr)
    pen, brush = _marker_pen_brush(style, r)
    p.setPen(pen)
    p.setBrush(brush)
    c = side / dpr / 2
    inset = pen.widthF() / 2 if style.hollow else 0.0
    p.drawEllipse(QPointF(c, c), r - inset, r - inset)
    p.end()
    image.setDevicePixelRatio(dpr)
    return image


def draw_markers_vector(
    painter: QPainter, style: MarkerStyle, r: float, cx: np.ndarray, cy: np.ndarray
) -> None:
    """Markers as one vector path (SVG/PDF)."""
    if len(cx) == 0:
        return
    pen, brush = _marker_pen_brush(style, r)
    inset = pen.widthF() / 2 if style.hollow else 0.0
    path = QPainterPath()
    for x, y in zip(cx.tolist(), cy.tolist(), strict=True):
        path.addEllipse(QPointF(x, y), r - inset, r - inset)
    painter.setPen(pen)
    painter.setBrush(brush)
    painter.drawPath(path)


def ring_sprite(color: str, r: float, width: float, dpr: float) -> QImage:
    """A ring (selection or hover highlight) of outer radius `r`."""
    side = int(np.ceil((2 * r + 2) * dpr))
    image = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(dpr, dpr)
    p.setPen(QPen(QColor(color), width))
    p.setBrush(Qt.BrushStyle.NoBrush)
    c = side / dpr / 2
    p.drawEllipse(QPointF(c, c), r - width / 2, r - width / 2)
    p.end()
    image.setDevicePixelRatio(dpr)
    return image


def badge_text(count: int) -> str:
    return str(count) if count < 100 else "99+"


def badge_rect(font: QFont, text: str, right: float, top: float) -> QRectF:
    """Rectangle of a count badge whose right edge is `right` and top is `top`."""
    fm = QFontMetricsF(font)
    h = fm.height() + 1
    w = max(h, fm.horizontalAdvance(text) + 6)
    return QRectF(right - w, top, w, h)


def draw_badge(painter: QPainter, rect: QRectF, text: str, bg: str, fg: str, font: QFont) -> None:
    """A rounded count badge ("3") for an event merged from several reports."""
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(bg))
    painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
    painter.setPen(QColor(fg))
    painter.setFont(font)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)


def badge_sprite(text: str, bg: str, fg: str, font: QFont, dpr: float) -> QImage:
    rect = badge_rect(font, text, 0, 0)
    w, h = int(np.ceil(rect.width() * dpr)), int(np.ceil(rect.height() * dpr))
    image = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    p.scale(dpr, dpr)
    draw_badge(p, QRectF(0, 0, rect.width(), rect.height()), text, bg, fg, font)
    p.end()
    image.setDevicePixelRatio(dpr)
    return image
