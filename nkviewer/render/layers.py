"""Drawing the events of a scene: density columns, bars, markers, badges, selection, labels.

Each function draws one layer from the flat arrays of a `Scene` in a few batched calls, for the
`TimelineRenderer` that calls them in order. Raster devices get pre-drawn glyph pixmaps, vector
devices (SVG, PDF) real shapes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from nkviewer.model.labels import bar_heights, elide, hover_label
from nkviewer.model.palette import mix
from nkviewer.model.scene import Scene, label_leaders
from nkviewer.render.glyphs import (
    badge_rect,
    badge_text,
    draw_badge,
    draw_lines,
    draw_markers_vector,
    draw_rects,
    draw_sprites,
    is_vector,
)

if TYPE_CHECKING:
    from nkviewer.render.timeline import Geometry, TimelineRenderer

MARKER_R = 4.5


def snap_rects(x: np.ndarray, y: np.ndarray, w: Any, h: Any) -> np.ndarray:
    """(n, 4) rectangles with edges on whole pixels: crisp, and much faster to fill than
    fractional translucent rectangles under antialiasing."""
    x0, y0 = np.round(x), np.round(y)
    x1, y1 = np.round(x + w), np.round(y + h)
    return np.column_stack([x0, y0, np.maximum(x1 - x0, 1.0), np.maximum(y1 - y0, 1.0)])


class _no_antialiasing:
    """Turn antialiasing off for a batch of axis-aligned rectangles."""

    def __init__(self, painter: QPainter) -> None:
        self._p = painter
        self._was = painter.testRenderHint(QPainter.RenderHint.Antialiasing)

    def __enter__(self) -> None:
        self._p.setRenderHint(QPainter.RenderHint.Antialiasing, False)

    def __exit__(self, *exc: object) -> None:
        self._p.setRenderHint(QPainter.RenderHint.Antialiasing, self._was)


def draw_density(ren: TimelineRenderer, painter: QPainter, scene: Scene) -> None:
    th = ren.theme
    painter.setPen(Qt.PenStyle.NoPen)
    for d in scene.density:
        nz = d.heights > 0
        if not nz.any():
            continue
        color = QColor(ren.lane_color(d.lane))
        color.setAlphaF(th.density_alpha * (0.55 if scene.boxes[d.lane].collapsed else 1.0))
        painter.setBrush(color)
        draw_rects(painter, snap_rects(d.x[nz], d.bottom - d.heights[nz], d.bin_w, d.heights[nz]))


def draw_glyphs(
    ren: TimelineRenderer,
    painter: QPainter,
    scene: Scene,
    selected: np.ndarray | None,
    vector: bool,
    dpr: float,
) -> None:
    g = scene.glyphs
    if len(g.idx) == 0:
        return
    arrays = ren.model.arrays
    exp = arrays.expected[g.idx]
    unc = arrays.uncertain[g.idx]
    bar = g.is_bar
    th = ren.theme
    bar_end = np.round(_bar_end(g))
    inside = g.labels.inside & g.labels.shown
    # The glyphs of each lane and look (hollow: expected, faded: uncertain), sorted into
    # groups once (glyph order kept in each): a mask per lane and look cost 4 passes over
    # every glyph in view per lane.
    key = g.lane.astype(np.int64) * 4 + exp.astype(np.int64) * 2 + unc.astype(np.int64)
    order = np.argsort(key, kind="stable")
    keys = key[order]
    cuts = np.flatnonzero(np.diff(keys)) + 1
    groups = dict(zip(keys[np.r_[0, cuts]].tolist(), np.split(order, cuts), strict=True))
    for lane_i in np.unique(g.lane).tolist():
        color = ren.lane_color(lane_i)
        box = scene.boxes[lane_i]
        bar_h = max(7.0, min(15.0, box.row_h - 6.0))  # the slim bars' height
        band = th.lane_alt if lane_i % 2 else th.plot
        for hollow in (False, True):
            for faded in (False, True):
                group = groups.get(lane_i * 4 + hollow * 2 + faded)
                if group is None:
                    continue
                is_bar = bar[group]
                mb = group[is_bar & ~g.overflow[group]]
                heights = bar_heights(inside[mb], box.row_h, ren.fm.height())
                draw_bars(ren, painter, g, mb, color, hollow, faded, heights, band, bar_end)
                mk = group[~is_bar]
                if not len(mk):
                    continue
                rad = min(MARKER_R, box.row_h * 0.32)
                style = ren.marker_style(lane_i, hollow, faded)
                if vector:
                    draw_markers_vector(painter, style, rad, g.cx[mk], g.y[mk])
                else:
                    sprite = ren.sprite(("marker", style, rad), dpr)
                    draw_sprites(painter, sprite, g.cx[mk], g.y[mk])
        in_lane = g.lane == lane_i
        draw_overflow(ren, painter, g, in_lane & g.overflow, color)
        draw_run_off(painter, scene, in_lane & bar & ~g.overflow, color, bar_h, bar_end)
    draw_badges(ren, painter, scene, vector, dpr)
    if selected is not None and len(selected) == arrays.n:
        sel = selected[g.idx]
        if sel.any():
            draw_selection(ren, painter, scene, sel, vector, dpr, th.selection)


def draw_bars(
    ren: TimelineRenderer,
    painter: QPainter,
    g: Any,
    m: np.ndarray,
    color: str,
    hollow: bool,
    faded: bool,
    bar_h: np.ndarray,
    band: str,
    bar_end: np.ndarray | None = None,
) -> None:
    """Period bars on whole pixels: a tinted fill with a solid edge, dashed when expected.
    `m` picks the glyphs (a mask or their positions); `bar_end`: `_bar_end(g)` rounded,
    when the caller has it.

    Fills are pre-mixed with the lane's band colour `band`, so no translucent or stroked
    rectangle is needed for the common case (both are slow to rasterise).
    """
    m = np.asarray(m)
    if not (m.any() if m.dtype == bool else len(m)):
        return
    ends = np.round(_bar_end(g)) if bar_end is None else bar_end
    x0 = np.round(g.x0[m])
    w = np.maximum(ends[m] - x0, 2.0)
    h = np.round(bar_h)
    y = np.round(g.y[m] - h / 2)
    edge = mix(color, band, 0.45 if faded else 1.0)
    fill = mix(color, band, (0.08 if hollow else 0.30) * (0.55 if faded else 1.0))
    outer = np.column_stack([x0, y, w, h])
    painter.setPen(Qt.PenStyle.NoPen)
    with _no_antialiasing(painter):
        if hollow:
            painter.setBrush(QColor(fill))
            draw_rects(painter, outer)
            # One logical pixel, scaled with the figure: at 300 DPI or on a PDF page the dashes
            # stay visible (a cosmetic pen would be one device dot, a hairline in print).
            pen = QPen(QColor(edge), 1.0, Qt.PenStyle.DashLine)
            pen.setCosmetic(False)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            draw_rects(painter, outer + np.array([0.5, 0.5, -1.0, -1.0]))
            return
        painter.setBrush(QColor(edge))
        draw_rects(painter, outer)
        wide = (w > 2) & (h > 2)
        if wide.any():
            painter.setBrush(QColor(fill))
            draw_rects(painter, outer[wide] + np.array([1.0, 1.0, -2.0, -2.0]))


def draw_run_off(
    painter: QPainter,
    scene: Scene,
    m: np.ndarray,
    color: str,
    bar_h: float,
    bar_end: np.ndarray | None = None,
) -> None:
    """An arrowhead where a bar runs off the left or right edge of the view (a long expected
    range in a figure fitted to the bulk of the events): it goes on, the axis is not stretched.
    `bar_end`: `_bar_end` of the glyphs rounded, when the caller has it."""
    if not m.any():
        return
    g, vp = scene.glyphs, scene.viewport
    ends = np.round(_bar_end(g)) if bar_end is None else bar_end
    size = max(4.0, bar_h * 0.45)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(color))
    for side, off in ((1.0, ends >= vp.x1 - 1), (-1.0, g.x0 <= vp.x0 + 1)):
        hit = np.flatnonzero(m & off)
        tip_x = vp.x1 + size if side > 0 else vp.x0 - size
        for y in np.unique(g.y[hit]).tolist():  # one per row: the bars of a row share it
            painter.drawPolygon(
                [
                    QPointF(tip_x, y),
                    QPointF(tip_x - side * size, y - size),
                    QPointF(tip_x - side * size, y + size),
                ]
            )


def draw_overflow(
    ren: TimelineRenderer, painter: QPainter, g: Any, m: np.ndarray, color: str
) -> None:
    """Bars that found no free row: thin translucent strips that darken where they pile up."""
    if not m.any():
        return
    fill = QColor(color)
    fill.setAlphaF(0.35)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(fill)
    x0 = g.x0[m]
    rects = snap_rects(x0, g.y[m] - 1.0, np.maximum(g.x1[m] - x0, 2.0), np.full(len(x0), 2.0))
    draw_rects(painter, rects)


def draw_badges(
    ren: TimelineRenderer, painter: QPainter, scene: Scene, vector: bool, dpr: float
) -> None:
    """Count badges right of merged events' glyphs (the scene reserved their width)."""
    g = scene.glyphs
    merged = np.flatnonzero(g.badge_w > 0)
    if len(merged) == 0:
        return
    th = ren.theme
    n_src = ren.model.arrays.n_sources[g.idx[merged]]
    for count in np.unique(n_src).tolist():
        sel = merged[n_src == count]
        text = badge_text(int(count))
        br = badge_rect(ren.font_badge, text, 0, 0)
        right, cy = g.x1[sel], g.y[sel]
        if vector:
            for x, y in zip(right.tolist(), cy.tolist(), strict=True):
                rect = badge_rect(ren.font_badge, text, x, y - br.height() / 2)
                draw_badge(painter, rect, text, th.badge, th.badge_text, ren.font_badge)
        else:
            sprite = ren.sprite(("badge", text), dpr)
            draw_sprites(painter, sprite, right - br.width() / 2, cy)


def draw_selection(
    ren: TimelineRenderer,
    painter: QPainter,
    scene: Scene,
    sel: np.ndarray,
    vector: bool,
    dpr: float,
    color: str,
) -> None:
    g = scene.glyphs
    mk = sel & ~g.is_bar
    rad = MARKER_R + 3.0
    if mk.any():
        if vector:
            painter.setPen(QPen(QColor(color), 2.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for x, y in zip(g.cx[mk].tolist(), g.y[mk].tolist(), strict=True):
                painter.drawEllipse(QPointF(x, y), rad - 1, rad - 1)
        else:
            ring = ren.sprite(("ring", color, rad, 2.0), dpr)
            draw_sprites(painter, ring, g.cx[mk], g.y[mk])
    bm = sel & g.is_bar
    if bm.any():
        painter.setPen(QPen(QColor(color), 2.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        h = np.minimum(g.half_h[bm] * 2 - 1, 18.0)
        x0 = g.x0[bm] - 2
        x1 = _bar_end(g)[bm]
        rects = np.column_stack([x0, g.y[bm] - h / 2, x1 - g.x0[bm] + 4, h])
        draw_rects(painter, rects)


def draw_labels(
    ren: TimelineRenderer, painter: QPainter, scene: Scene, selected: np.ndarray | None
) -> None:
    """Event labels where the scene placed them; uncertain dates in the muted colour.

    Texts are drawn as cached QStaticText on raster devices (laid out once, not per frame).
    """
    g = scene.glyphs
    lab = g.labels
    shown = np.flatnonzero(lab.shown)
    if len(shown) == 0:
        return
    th = ren.theme
    uncertain = ren.model.arrays.uncertain
    painter.setFont(ren.font)
    vector = is_vector(painter.device())
    top = ren.fm.ascent()
    half = (ren.fm.ascent() - ren.fm.descent()) / 2
    lx, ly0, ly1 = label_leaders(g, 6.0, (ren.fm.ascent() + ren.fm.descent()) / 2 - 1.0)
    if len(lx):  # a thin line from each glyph to its label in another row
        lead = QPen(QColor(th.muted), 1.0)
        lead.setCosmetic(True)
        painter.setPen(lead)
        draw_lines(painter, np.column_stack([lx, ly0, lx, ly1]))
    normal, muted = QColor(th.text), QColor(th.muted)
    painter.setPen(normal)
    current = normal
    idx = g.idx[shown].tolist()
    xs, ys = lab.x[shown].tolist(), g.label_y[shown].tolist()
    widths = lab.width[shown].tolist()
    for i, x, y, w in zip(idx, xs, ys, widths, strict=True):
        text = ren.elided(i, w)
        if not text:
            continue
        want = muted if uncertain[i] else normal
        if want is not current:
            painter.setPen(want)
            current = want
        if vector:
            painter.drawText(QPointF(x, y + half), text)
        else:
            painter.drawStaticText(QPointF(x, y + half - top), ren.static_text(text))


def draw_hover(
    ren: TimelineRenderer, painter: QPainter, scene: Scene, hover: int, g: Geometry
) -> None:
    """The hovered event's full label on a plate, also when its label was hidden."""
    glyphs = scene.glyphs
    k = np.flatnonzero(glyphs.idx == hover)
    if len(k) == 0:
        return
    k0 = int(k[0])
    th = ren.theme
    title = ren.model.arrays.titles[hover]
    x, w = hover_label(
        float(glyphs.x0[k0]),
        float(glyphs.x1[k0]),
        ren.fm.horizontalAdvance(title),
        g.plot.left(),
        g.plot.right(),
    )
    text = elide(title, w + 0.5, ren.fm.horizontalAdvance)
    y = float(glyphs.y[k0])
    h = ren.fm.height() + 4
    plate = QRectF(x - 4, y - h / 2, w + 8, h)
    painter.setPen(QPen(QColor(th.border), 1))
    painter.setBrush(QColor(th.halo))
    painter.drawRoundedRect(plate, 3, 3)
    painter.setPen(QColor(th.text))
    painter.setFont(ren.font)
    painter.drawText(plate, Qt.AlignmentFlag.AlignCenter, text)


def _bar_end(g: Any) -> np.ndarray:
    """Right edge of each glyph without its badge."""
    return np.asarray(g.x1 - np.where(g.badge_w > 0, g.badge_w + 2.0, 0.0))
