"""The time ↔ pixel transform: inverse mapping, zoom around a point, limits, pan, fit."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nkviewer.model.viewport import MAX_SPAN, MIN_SPAN, T_MAX, T_MIN, Viewport, fit_viewport


def test_to_x_and_to_t_are_inverse_for_scalars_and_arrays() -> None:
    vp = Viewport(17000.0, 18000.0, width=1000.0, x0=150.0)
    assert vp.scale == pytest.approx(1.0)
    assert vp.to_x(17000.0) == pytest.approx(150.0)
    assert vp.to_x(18000.0) == pytest.approx(1150.0)
    ts = np.array([16000.0, 17250.5, 18500.0])
    assert np.allclose(vp.to_t(vp.to_x(ts)), ts)


@pytest.mark.parametrize("factor", [1.25, 3.0, 0.5, 0.8])
@pytest.mark.parametrize("anchor", [150.0, 400.0, 1149.0])
def test_zoom_keeps_the_time_under_the_anchor_fixed(factor: float, anchor: float) -> None:
    vp = Viewport(17000.0, 18000.0, width=1000.0, x0=150.0)
    before = vp.to_t(anchor)
    zoomed = vp.zoomed(factor, anchor)
    assert zoomed.to_t(anchor) == pytest.approx(before)
    assert zoomed.span == pytest.approx(vp.span / factor)


def test_zoom_stops_at_a_day_and_at_centuries() -> None:
    vp = Viewport(17000.0, 18000.0, width=1200.0)
    for _ in range(100):
        vp = vp.zoomed(2.0, 300.0)
    assert vp.span == pytest.approx(MIN_SPAN)
    for _ in range(100):
        vp = vp.zoomed(0.5, 300.0)
    assert vp.span == pytest.approx(MAX_SPAN)
    assert MAX_SPAN > 300 * 365  # centuries


def test_pan_moves_by_pixels_and_back() -> None:
    vp = Viewport(17000.0, 17100.0, width=1000.0)
    moved = vp.panned(250.0)  # content moves right: earlier times come into view
    assert moved.t0 == pytest.approx(17000.0 - 25.0)
    assert moved.span == pytest.approx(vp.span)
    back = moved.panned(-250.0)
    assert back.t0 == pytest.approx(vp.t0) and back.t1 == pytest.approx(vp.t1)


def test_fit_leaves_the_margins_asked_for() -> None:
    vp = fit_viewport(17000.0, 17365.0, 1000.0, x0=100.0, margin_px=40.0)
    assert vp.to_x(17000.0) == pytest.approx(140.0)
    assert vp.to_x(17365.0) == pytest.approx(1060.0)
    same = Viewport(0.0, 10.0, width=1000.0, x0=100.0).fitted(17000.0, 17365.0, margin_px=40.0)
    assert (same.t0, same.t1) == pytest.approx((vp.t0, vp.t1))


def test_fit_of_a_single_day_is_not_narrower_than_the_limit() -> None:
    vp = fit_viewport(17000.0, 17000.0, 800.0)
    assert vp.span >= MIN_SPAN
    assert vp.t0 <= 17000.0 <= vp.t1


def test_ranges_are_clamped_to_the_calendar_and_repaired() -> None:
    early = Viewport(T_MIN - 5000.0, T_MIN + 100.0, width=500.0)
    assert early.t0 == pytest.approx(T_MIN)
    assert early.span == pytest.approx(5100.0)
    late = Viewport(T_MAX - 10.0, T_MAX + 1000.0, width=500.0)
    assert late.t1 == pytest.approx(T_MAX)
    swapped = Viewport(18000.0, 17000.0, width=500.0)
    assert (swapped.t0, swapped.t1) == (17000.0, 18000.0)
    broken = Viewport(math.nan, 5.0, width=0.0)
    assert math.isfinite(broken.t0) and broken.width == 1.0


def test_resize_keeps_the_range_and_contains() -> None:
    vp = Viewport(17000.0, 17100.0, width=1000.0, x0=150.0)
    wider = vp.with_width(2000.0)
    assert (wider.t0, wider.t1) == (vp.t0, vp.t1)
    assert wider.scale == pytest.approx(2 * vp.scale)
    assert vp.contains(17010.0, 17020.0)
    assert not vp.contains(16990.0, 17020.0)
