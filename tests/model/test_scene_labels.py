"""Labels of a built scene: in free rows of their lane, clear of every glyph and label."""

from __future__ import annotations

import numpy as np

from bench.synthetic import synthetic_frame
from nkviewer.model.scene import build_scene
from nkviewer.model.timeline import TimelineModel, stack_lanes
from nkviewer.model.viewport import Viewport


def test_scene_labels_use_free_rows_and_overlap_nothing() -> None:
    frame = synthetic_frame(3_000, years=30, seed=7)
    model = TimelineModel.from_frame(frame, "country")
    boxes = stack_lanes(model, top=40, available=800, wants=model.screen_wants(), collapsed=set())
    widths = lambda idx: 60.0 + (idx % 7) * 40.0  # noqa: E731
    mid = float(np.median(frame["t0"]))
    scene = build_scene(
        model, boxes, Viewport(mid, mid + 240, width=1400, x0=150),
        label_width=widths, reserve_px=lambda idx: np.full(len(idx), 40.0),
    )  # fmt: skip
    g, lab = scene.glyphs, scene.glyphs.labels
    shown = np.flatnonzero(lab.shown)
    assert len(shown) > 0 and (lab.shift[shown] != 0).any()
    box_of = {b.lane: b for b in scene.boxes}
    for i in shown:
        box = box_of[int(g.lane[i])]
        assert box.y + box.pad <= g.label_y[i] - box.row_h / 2 + 1e-6  # inside its lane band
        assert g.label_y[i] + box.row_h / 2 <= box.y + box.pad + box.rows * box.row_h + 1e-6
    a, b = lab.x[shown], lab.x[shown] + lab.width[shown]
    ly = g.label_y[shown]
    for k, i in enumerate(shown):
        same = np.abs(ly - ly[k]) < 0.5
        same[k] = False
        assert not np.any(same & (a < b[k] - 1e-6) & (b > a[k] + 1e-6)), i  # no label
        on_row = np.abs(g.y - ly[k]) < g.half_h  # glyphs drawn in that row (incl. overflow)
        if not lab.inside[i]:
            hits = on_row & (g.x0 < b[k] - 1e-6) & (g.x1 > a[k] + 1e-6)
            assert not hits.any(), i  # no glyph, its own included


def test_leaders_tie_moved_labels_to_their_glyphs_and_cross_nothing() -> None:
    from nkviewer.model.scene import label_leaders

    frame = synthetic_frame(3_000, years=30, seed=7)
    model = TimelineModel.from_frame(frame, "country")
    boxes = stack_lanes(model, top=40, available=800, wants=model.screen_wants(), collapsed=set())
    widths = lambda idx: 60.0 + (idx % 7) * 40.0  # noqa: E731
    mid = float(np.median(frame["t0"]))
    scene = build_scene(
        model, boxes, Viewport(mid, mid + 240, width=1400, x0=150),
        label_width=widths, reserve_px=lambda idx: np.full(len(idx), 40.0),
    )  # fmt: skip
    g, lab = scene.glyphs, scene.glyphs.labels
    x, y0, y1 = label_leaders(g, 4.0, 5.0)
    moved = np.flatnonzero(lab.shown & (lab.shift != 0))
    near = moved[np.abs(lab.shift[moved]) == 1]
    assert len(near) > 0 and len(x) >= len(near)  # every caption in the next row has a line
    shown = np.flatnonzero(lab.shown)
    for k in range(len(x)):
        # it starts at a glyph's edge and ends at a moved label's, inside both spans
        edge = np.abs(g.y[moved] + np.sign(y1[k] - y0[k]) * 4.0 - y0[k]) < 1e-6
        in_glyph = (g.x0[moved] <= x[k]) & (g.x1[moved] >= x[k])
        in_label = (lab.x[moved] <= x[k]) & (lab.x[moved] + lab.width[moved] >= x[k])
        owner = moved[edge & in_glyph & in_label]
        assert len(owner) > 0, k
        lo, hi = sorted((y0[k], y1[k]))
        # no glyph box and no other label box between its ends at that x
        glyph_hit = (
            (g.x0 < x[k]) & (g.x1 > x[k]) & (g.y - 4.0 < hi - 1e-6) & (g.y + 4.0 > lo + 1e-6)
        )
        assert not glyph_hit.any(), k
        label_hit = (
            (lab.x[shown] < x[k]) & (lab.x[shown] + lab.width[shown] > x[k])
            & (g.label_y[shown] - 5.0 < hi - 1e-6) & (g.label_y[shown] + 5.0 > lo + 1e-6)
        )  # fmt: skip
        assert not label_hit.any(), k


def _free_row_y_band_by_band(
    scene: object, x0: float, x1: float, height: float, top: float, bottom: float
) -> float:
    """The rule `free_row_y` follows, band by band from the top (half a band apart)."""
    g = scene.glyphs  # type: ignore[attr-defined]
    lab = g.labels
    near = (g.x1 >= x0) & (g.x0 <= x1)
    near_label = lab.shown & (lab.x <= x1) & (lab.x + lab.width >= x0)
    lo = np.concatenate([(g.y - g.half_h)[near], (g.label_y - g.half_h)[near_label]])
    hi = np.concatenate([(g.y + g.half_h)[near], (g.label_y + g.half_h)[near_label]])
    counted = {d.lane for d in scene.density}  # type: ignore[attr-defined]
    boxes = [b for b in scene.boxes if b.lane in counted]  # type: ignore[attr-defined]
    lo = np.concatenate([lo, [b.y for b in boxes]])
    hi = np.concatenate([hi, [b.y + b.height for b in boxes]])
    y = top
    while y + height <= bottom:
        if not np.any((lo < y + height) & (hi > y)):
            return y
        y += height / 2
    return top + max(0.0, (bottom - top - height) / 2)


def test_the_free_band_for_an_edge_pill_is_the_highest_clear_of_everything() -> None:
    """`free_row_y` (one sort for all bands) finds the band the band-by-band rule finds, over
    spans and heights where glyphs, labels and density columns take some bands or all."""
    import random

    from nkviewer.model.scene import free_row_y

    frame = synthetic_frame(3_000, years=30, seed=7)
    model = TimelineModel.from_frame(frame, "country")
    boxes = stack_lanes(model, top=40, available=800, wants=model.screen_wants(), collapsed=set())
    widths = lambda idx: 60.0 + (idx % 7) * 40.0  # noqa: E731
    mid = float(np.median(frame["t0"]))
    rng = random.Random(3)
    found = set()
    for span in (40.0, 240.0, 4000.0):  # glyphs with room, crowded, density columns
        scene = build_scene(
            model, boxes, Viewport(mid, mid + span, width=1400, x0=150),
            label_width=widths, reserve_px=lambda idx: np.full(len(idx), 40.0),
        )  # fmt: skip
        for _ in range(60):
            x0 = rng.uniform(150, 1500)
            x1 = x0 + rng.uniform(20, 200)
            height = rng.choice([6.0, 13.0, 20.0, 33.3])
            top = rng.uniform(30, 120)
            bottom = top + rng.uniform(10, 800)
            y = free_row_y(scene, x0, x1, height, top, bottom)
            assert y == _free_row_y_band_by_band(scene, x0, x1, height, top, bottom)
            found.add(y == top)
    assert found == {True, False}  # free at the top, and lower down or none


def test_a_scene_after_pans_is_the_scene_of_a_fresh_model() -> None:
    """Rows are packed only as far as each view draws: a model panned over its lanes step by
    step draws at every view what a model asked for that view alone draws (glyph rows and
    label placement alike)."""
    frame = synthetic_frame(3_000, years=6, seed=8)
    panned = TimelineModel.from_frame(frame, "country")
    boxes = stack_lanes(panned, top=40, available=800, wants=panned.screen_wants(), collapsed=set())
    widths = lambda idx: 60.0 + (idx % 7) * 40.0  # noqa: E731
    reserve = lambda idx: 40.0 + (idx % 5) * 30.0  # noqa: E731
    start = float(np.quantile(frame["t0"], 0.2))

    def scene_of(model: TimelineModel, t0: float) -> tuple[np.ndarray, ...]:
        s = build_scene(
            model, boxes, Viewport(t0, t0 + 90, width=1400, x0=150),
            label_width=widths, reserve_px=reserve,
        )  # fmt: skip
        g = s.glyphs
        return g.idx, g.row, g.x0, g.x1, g.labels.x, g.labels.width, g.labels.shown, g.label_y

    for step in (0, 40, 20, 300, 120, 700):  # right, back left, far right, back
        t0 = start + step
        fresh = TimelineModel.from_frame(frame, "country")
        got, want = scene_of(panned, t0), scene_of(fresh, t0)
        assert len(got[0]) > 20
        for a, b in zip(got, want, strict=True):
            assert a.tolist() == b.tolist()
