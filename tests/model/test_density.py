"""Aggregated counts: exact per bin, anchored to time, and splitting apart into glyphs on zoom."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from bench.synthetic import synthetic_frame
from nkviewer.model.density import (
    aligned_edges,
    bin_counts,
    column_heights,
    should_aggregate,
    visible_slice,
)
from nkviewer.model.scene import build_scene
from nkviewer.model.timeline import TimelineModel, stack_lanes
from nkviewer.model.viewport import Viewport


def test_bin_counts_match_a_plain_histogram() -> None:
    rng = np.random.default_rng(2)
    t0 = np.sort(rng.integers(0, 10_000, 50_000).astype(float))
    edges = aligned_edges(2_000.3, 7_000.8, 13.0)
    bins = bin_counts(t0, edges)
    expected = [int(((t0 >= a) & (t0 < b)).sum()) for a, b in itertools.pairwise(edges)]
    assert bins.counts.tolist() == expected
    inside = ((t0 >= edges[0]) & (t0 < edges[-1])).sum()
    assert bins.total == inside


def test_bins_are_anchored_to_time_so_panning_does_not_shift_them() -> None:
    a = aligned_edges(1000.0, 2000.0, 7.0)
    b = aligned_edges(1003.5, 2003.5, 7.0)
    assert np.allclose(a / 7.0, np.round(a / 7.0))
    assert np.allclose(b / 7.0, np.round(b / 7.0))
    assert set(np.round(b[:-2], 6)) <= set(np.round(a, 6)) | {np.round(b[-2], 6)}
    assert aligned_edges(0.0, 10.0, 0.1)[1] - aligned_edges(0.0, 10.0, 0.1)[0] == 1.0  # ≥ a day


def test_visible_slice_follows_the_window() -> None:
    t0 = np.arange(0.0, 1_000_000.0)
    sl = visible_slice(t0, 500.0, 600.0)
    assert (sl.start, sl.stop) == (500, 600)
    assert visible_slice(t0, 500.0, 600.0, lead=30.0).start == 470


def test_column_heights_scale_to_the_peak_and_show_single_events() -> None:
    h = column_heights(np.array([0, 1, 4, 100]), 50.0, floor_px=1.5)
    assert h[0] == 0 and h[-1] == pytest.approx(50.0)
    assert h[1] >= 1.5 and h[1] < h[2] < h[3]


def test_aggregation_threshold_grows_with_width_and_rows() -> None:
    assert should_aggregate(5_000, 1_000, 4)
    assert not should_aggregate(50, 1_000, 4)
    assert should_aggregate(200, 1_000, 2) and not should_aggregate(200, 1_000, 6)


def test_dense_lanes_aggregate_when_zoomed_out_and_split_apart_when_zoomed_in() -> None:
    frame = synthetic_frame(30_000, years=30, seed=4)
    model = TimelineModel.from_frame(frame, "country")
    boxes = stack_lanes(model, top=40, available=800, wants=model.screen_wants(), collapsed=set())
    widths = lambda idx: np.full(len(idx), 150.0)  # noqa: E731
    lo, hi = float(frame["t0"].min()), float(frame["t1"].max())
    out = build_scene(
        model, boxes, Viewport(lo, hi, width=1400, x0=150), label_width=widths, reserve_px=widths
    )
    assert len(out.density) == len(model.lanes)  # every lane aggregated
    assert len(out.glyphs.idx) == 0
    assert sum(d.bins.total for d in out.density) == len(frame)
    mid = (lo + hi) / 2
    zoomed = build_scene(
        model, boxes, Viewport(mid, mid + 20, width=1400, x0=150),
        label_width=widths, reserve_px=widths,
    )  # fmt: skip
    assert not zoomed.density
    in_view = ((frame["t1"] > mid) & (frame["t0"] < mid + 20)).sum()
    assert len(zoomed.glyphs.idx) == in_view  # every visible event drawn one by one
