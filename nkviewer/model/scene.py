"""One frame of the timeline as plain arrays: what to draw where, and what is under the mouse.

`build_scene` slices each lane to the visible window (`searchsorted`), decides per lane between
individual glyphs and aggregated density, computes glyph positions and label placement, and
returns flat numpy arrays the Qt renderer draws in a few batched calls. The same scene answers
hit tests and rubber-band queries, so what is clicked is exactly what was drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from nkviewer.model.density import (
    BIN_PX,
    Bins,
    aligned_edges,
    bin_counts,
    column_heights,
    should_aggregate,
    visible_slice,
)
from nkviewer.model.labels import Placement, into_free_rows, next_in_row, place_labels
from nkviewer.model.timeline import LaneBox, TimelineModel
from nkviewer.model.viewport import Viewport

WidthFn = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True, slots=True)
class Glyphs:
    """Visible individual events (flat over lanes): glyph extents in px and their labels."""

    idx: np.ndarray  # event index (into EventArrays)
    lane: np.ndarray  # lane position
    row: np.ndarray
    x0: np.ndarray  # glyph left / right edges (markers: centre ± radius), badge included
    x1: np.ndarray
    cx: np.ndarray  # marker centre (bars: middle of the period)
    y: np.ndarray  # row centre
    half_h: np.ndarray  # half the row height (hit slop)
    is_bar: np.ndarray
    overflow: np.ndarray  # bool: a bar that found no free row, drawn thin in the overflow strip
    badge_w: np.ndarray  # width of the merged-reports badge at the right end (0: none)
    labels: Placement
    label_y: np.ndarray  # centre y of each label's row (a free row of the lane, or the glyph's)


@dataclass(frozen=True, slots=True)
class Density:
    """Aggregated counts of one lane: a column per bin, bottom-aligned in the lane."""

    lane: int
    bins: Bins
    x: np.ndarray  # left edge of each bin
    bin_w: float
    bottom: float
    heights: np.ndarray


@dataclass(frozen=True, slots=True)
class Scene:
    viewport: Viewport
    boxes: list[LaneBox]
    glyphs: Glyphs
    density: list[Density]


def _empty_glyphs() -> Glyphs:
    z = np.zeros(0)
    zi = np.zeros(0, np.int64)
    return Glyphs(
        zi, zi, zi, z, z, z, z, z, np.zeros(0, bool), np.zeros(0, bool), z, Placement.empty(), z
    )


def build_scene(
    model: TimelineModel,
    boxes: Sequence[LaneBox],
    vp: Viewport,
    *,
    label_width: WidthFn,
    reserve_px: WidthFn,
    badge_width: WidthFn | None = None,
    marker_r: float = 4.5,
    show_labels: bool = True,
    aggregate: bool = True,
    quantize_rows: bool = True,
) -> Scene:
    """Everything visible in `vp` for lanes laid out as `boxes`."""
    parts: list[tuple[np.ndarray, ...]] = []
    dens_counts: list[tuple[int, Bins, LaneBox]] = []
    arrays = model.arrays
    edges = density_edges(vp)
    for box in boxes:
        lane = model.lanes[box.lane]
        if lane.count == 0:
            continue
        core = visible_slice(lane.t0, vp.t0, vp.t1)
        n_vis = core.stop - core.start
        if box.collapsed or (aggregate and should_aggregate(n_vis, vp.width, box.rows)):
            dens_counts.append((box.lane, bin_counts(lane.t0, edges), box))
            continue
        sl = visible_slice(lane.t0, vp.t0, vp.t1, lead=lane.max_len)
        local = np.arange(sl.start, sl.stop)
        local = local[lane.t1[local] > vp.t0]
        if len(local) == 0:
            continue
        rows_all, n_bar_rows = model.rows(
            box.lane, box.rows, vp.scale, reserve_px, quantize=quantize_rows, upto=sl.stop
        )
        row = rows_all[local]
        ev = lane.idx[local]
        x0 = vp.to_x(lane.t0[local])
        x1 = vp.to_x(lane.t1[local])
        bar = arrays.is_bar[ev]
        cx = (x0 + x1) / 2
        r = min(marker_r, box.row_h * 0.32)
        gx0 = np.where(bar, x0, cx - r)
        gx1 = np.where(bar, np.maximum(x1, x0 + 3.0), cx + r)
        bw = badge_width(ev) if badge_width is not None else np.zeros(len(ev))
        gx1 = gx1 + np.where(bw > 0, bw + 2.0, 0.0)
        over = row < 0
        y = box.row_y(np.maximum(row, 0))
        half = np.full(len(ev), box.row_h / 2)
        if over.any():
            y[over] = box.y + box.pad + n_bar_rows * box.row_h - 1.0
            half[over] = 2.0
            gx1[over] = np.maximum(x1[over], x0[over] + 2.0)
            bw[over] = 0.0
        lane_col = np.full(len(ev), box.lane)
        row_h = np.full(len(ev), box.row_h)
        # Rows a label may move to (its lane's); none for the overflow strip's thin bars.
        n_rows = np.where(over, 0, box.rows)
        bar_rows = np.full(len(ev), n_bar_rows)
        parts.append(
            (ev, lane_col, row, gx0, gx1, cx, y, half, bar, over, bw, row_h, n_rows, bar_rows)
        )

    density = _densities(dens_counts, vp)
    if not parts:
        return Scene(vp, list(boxes), _empty_glyphs(), density)
    cols = [np.concatenate(p) for p in zip(*parts, strict=True)]
    ev, lane_col, row, gx0, gx1, cx, y, half, bar, over, bw, row_h, n_rows, bar_rows = cols
    row_key = lane_col.astype(np.int64) * ROW_KEY + row
    if bw.any():  # a badge only where it does not run into the next glyph of its row
        bare_x1 = gx1 - np.where(bw > 0, bw + 2.0, 0.0)
        crowded = (bw > 0) & (next_in_row(row_key, gx0) - 2.0 < gx1)
        gx1 = np.where(crowded, bare_x1, gx1)
        bw = np.where(crowded, 0.0, bw)
    if show_labels:
        text_w = label_width(ev)
        placement = place_labels(
            row_key,
            gx0,
            gx1,
            text_w,
            x_min=vp.x0,
            x_max=vp.x1,
            is_bar=bar,
            inner_x1=gx1 - np.where(bw > 0, bw + 2.0, 0.0),
        )
        placement.shown[over] = False
        lane_key = lane_col.astype(np.int64) * ROW_KEY
        placement = into_free_rows(
            placement,
            row_key,
            gx0,
            gx1,
            text_w,
            row_lo=lane_key,
            row_hi=lane_key + n_rows - 1,
            x_min=vp.x0,
            x_max=vp.x1,
            blockers=_overflow_blockers(lane_key, bar_rows, gx0, gx1, over),
        )
    else:
        placement = Placement.empty(len(ev))
    label_y = y + placement.shift * row_h
    glyphs = Glyphs(ev, lane_col, row, gx0, gx1, cx, y, half, bar, over, bw, placement, label_y)
    return Scene(vp, list(boxes), glyphs, density)


#: Row keys: lane position × ROW_KEY + row, so rows of different lanes never meet.
ROW_KEY = 4096


def _overflow_blockers(
    lane_key: np.ndarray, bar_rows: np.ndarray, gx0: np.ndarray, gx1: np.ndarray, over: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The overflow strip's thin bars, drawn on the line between the last bar row and the
    first marker row: taken in both rows, so no label moved there runs over them."""
    if not over.any():
        return None
    below = lane_key[over] + bar_rows[over]
    keys = np.concatenate([below - 1, below])
    return keys, np.tile(gx0[over], 2), np.tile(gx1[over], 2)


def _densities(dens_counts: list[tuple[int, Bins, LaneBox]], vp: Viewport) -> list[Density]:
    """Density columns of the aggregated lanes, scaled to the busiest bin among them."""
    density = []
    if dens_counts:
        peak = max(int(b.counts.max()) if len(b.counts) else 0 for _, b, _ in dens_counts)
        for lane_i, bins, box in dens_counts:
            room = box.height - 2 * (3.0 if box.collapsed else box.pad)
            counts = bins.counts
            scaled = column_heights(np.append(counts, peak), room)[:-1]
            xs = vp.to_x(bins.edges[:-1])
            bin_w = float(vp.to_x(bins.edges[1]) - xs[0]) if len(xs) else 0.0
            bottom = box.y + box.height - (3.0 if box.collapsed else box.pad)
            density.append(Density(lane_i, bins, xs, bin_w, bottom, scaled))
    return density


def density_edges(vp: Viewport) -> np.ndarray:
    """The bin edges a frame of `vp` aggregates over (a grid anchored in time)."""
    return aligned_edges(vp.t0, vp.t1, BIN_PX / vp.scale)


def density_scene(
    boxes: Sequence[LaneBox], vp: Viewport, counts: np.ndarray, edges: np.ndarray
) -> Scene:
    """A frame drawn from counts alone (lanes × bins over `edges`): every lane as density.

    For sources too big to hold in memory when zoomed out (counts from a dataset's histogram).
    """
    dens = [
        (box.lane, Bins(edges=edges, counts=counts[box.lane]), box)
        for box in boxes
        if box.lane < len(counts) and counts[box.lane].any()
    ]
    return Scene(vp, list(boxes), _empty_glyphs(), _densities(dens, vp))


def hit_test(scene: Scene, x: float, y: float, *, slop: float = 3.0) -> int | None:
    """Event index under (x, y): a glyph or its shown label, nearest centre first."""
    g = scene.glyphs
    if len(g.idx) == 0:
        return None
    in_y = np.abs(g.y - y) <= g.half_h
    on_glyph = (g.x0 - slop <= x) & (x <= g.x1 + slop)
    lab = g.labels
    on_label = lab.shown & (lab.x <= x) & (x <= lab.x + lab.width)
    on_label &= np.abs(g.label_y - y) <= g.half_h
    cand = np.flatnonzero((in_y & on_glyph) | on_label)
    if len(cand) == 0:
        return None
    dist = np.abs(g.cx[cand] - x) + np.where(on_glyph[cand], 0.0, 1e4)
    return int(g.idx[cand[int(np.argmin(dist))]])


def events_in_rect(
    scene: Scene, model: TimelineModel, x0: float, y0: float, x1: float, y1: float
) -> np.ndarray:
    """Event indices whose glyph meets the rectangle, plus aggregated events in its time span."""
    xa, xb = min(x0, x1), max(x0, x1)
    ya, yb = min(y0, y1), max(y0, y1)
    g = scene.glyphs
    hit = (g.x1 >= xa) & (g.x0 <= xb) & (g.y + g.half_h * 0.6 >= ya) & (g.y - g.half_h * 0.6 <= yb)
    found = [g.idx[hit]]
    vp = scene.viewport
    ta, tb = vp.to_t(max(xa, vp.x0)), vp.to_t(min(xb, vp.x1))
    for d in scene.density:
        box = scene.boxes[d.lane] if d.lane < len(scene.boxes) else None
        box = next((b for b in scene.boxes if b.lane == d.lane), box)
        if box is None or box.y > yb or box.y + box.height < ya:
            continue
        lane = model.lanes[d.lane]
        sl = visible_slice(lane.t0, ta, tb)
        found.append(lane.idx[sl])
    out = np.unique(np.concatenate(found)) if found else np.zeros(0, np.int64)
    return out.astype(np.int64)


def density_at(scene: Scene, x: float, y: float) -> tuple[int, int, float, float] | None:
    """(lane, count, t0, t1) of the density bin under (x, y), or None."""
    for d in scene.density:
        box = next((b for b in scene.boxes if b.lane == d.lane), None)
        if box is None or not (box.y <= y <= box.y + box.height) or d.bin_w <= 0:
            continue
        i = int((x - d.x[0]) // d.bin_w) if len(d.x) else -1
        if 0 <= i < len(d.bins.counts):
            return d.lane, int(d.bins.counts[i]), float(d.bins.edges[i]), float(d.bins.edges[i + 1])
    return None


def free_row_y(
    scene: Scene, x0: float, x1: float, height: float, top: float, bottom: float
) -> float:
    """The top of the highest band `height` tall between `top` and `bottom` where nothing of
    the scene (glyph, shown label, density column) meets the span [x0, x1]: where a marker laid
    over the plot (the "◀ 3 earlier" pill) hides no event. The middle when no band is free."""
    g = scene.glyphs
    lab = g.labels
    near = (g.x1 >= x0) & (g.x0 <= x1)
    near_label = lab.shown & (lab.x <= x1) & (lab.x + lab.width >= x0)
    taken_lo = np.concatenate([(g.y - g.half_h)[near], (g.label_y - g.half_h)[near_label]])
    taken_hi = np.concatenate([(g.y + g.half_h)[near], (g.label_y + g.half_h)[near_label]])
    lanes_with_counts = {d.lane for d in scene.density}
    boxes = [b for b in scene.boxes if b.lane in lanes_with_counts]
    if boxes:
        taken_lo = np.concatenate([taken_lo, [b.y for b in boxes]])
        taken_hi = np.concatenate([taken_hi, [b.y + b.height for b in boxes]])
    # the bands from the top down, half a band apart (added up one by one, as a loop would)
    steps = max(0, int((bottom - top - height) / (height / 2)) + 2) if height > 0 else 0
    ys = np.cumsum(np.concatenate(([top], np.full(steps, height / 2))))
    ys = ys[ys + height <= bottom]
    if len(ys) and len(taken_lo):
        # a band is taken when, of the things starting above its bottom, one ends below its
        # top: one sort for all bands (a pass over everything per band took 1-2 ms a pill)
        order = np.argsort(taken_lo, kind="stable")
        reach = np.maximum.accumulate(taken_hi[order])
        above = np.searchsorted(taken_lo[order], ys + height, side="left")
        taken = (above > 0) & (reach[np.maximum(above - 1, 0)] > ys)
        ys = ys[~taken]
    if len(ys):
        return float(ys[0])
    return top + max(0.0, (bottom - top - height) / 2)


def label_leaders(
    g: Glyphs, glyph_half: float, text_half: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Leader lines (x, y from, y to) tying labels moved to another row to their glyphs.

    A leader is vertical, at the glyph's end where the caption starts (or ends), from the
    glyph's edge (`glyph_half` from its row's centre) to the text's (`text_half` from its
    row's centre). A label two rows away gets one only when nothing (no glyph, no other label)
    lies in the row between at that x; otherwise it stays a caption without a line.
    """
    lab = g.labels
    moved = np.flatnonzero(lab.shown & (lab.shift != 0))
    if len(moved) == 0:
        z = np.zeros(0)
        return z, z.copy(), z.copy()
    inset = np.minimum(3.0, (g.x1[moved] - g.x0[moved]) / 2)
    x = np.where(  # a caption starting at the glyph's left edge, or one ending at its right
        lab.x[moved] >= g.x0[moved] - 0.5,
        lab.x[moved] + inset,
        lab.x[moved] + lab.width[moved] - inset,
    )
    sign = np.sign(lab.shift[moved]).astype(np.float64)
    y0 = g.y[moved] + sign * glyph_half
    y1 = g.label_y[moved] - sign * text_half
    keep = np.ones(len(moved), bool)
    far = np.flatnonzero(np.abs(lab.shift[moved]) > 1)
    shown = lab.shown
    for k in far.tolist():
        lo, hi = sorted((float(g.y[moved[k]]), float(g.label_y[moved[k]])))
        xk = float(x[k])
        glyph_between = (g.y > lo + 0.5) & (g.y < hi - 0.5) & (g.x0 <= xk) & (g.x1 >= xk)
        label_between = (
            shown
            & (g.label_y > lo + 0.5)
            & (g.label_y < hi - 0.5)
            & (lab.x <= xk)
            & (lab.x + lab.width >= xk)
        )
        keep[k] = not (glyph_between.any() or label_between.any())
    return x[keep], y0[keep], y1[keep]
