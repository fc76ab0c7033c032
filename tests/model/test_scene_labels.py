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
