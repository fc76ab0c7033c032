"""Aggregated event counts per pixel bin, for when events outnumber the pixels that show them.

Counting uses `np.searchsorted` on the sorted start times, so the cost follows the number of bins
in the visible window, not the size of the corpus. When a lane has more visible events than it
has room to draw one by one, the timeline draws these counts instead; zooming in lowers the
visible count until the events split apart into glyphs again.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: A lane is aggregated when each of its rows would hold more than one event per this many px.
PX_PER_EVENT = 20.0
#: Width of one density bin in pixels.
BIN_PX = 4.0


def visible_slice(
    t0_sorted: np.ndarray, view_t0: float, view_t1: float, lead: float = 0.0
) -> slice:
    """Indices of the sorted starts inside [view_t0 - lead, view_t1)."""
    lo = int(np.searchsorted(t0_sorted, view_t0 - lead, side="left"))
    hi = int(np.searchsorted(t0_sorted, view_t1, side="left"))
    return slice(lo, hi)


def should_aggregate(n_visible: int, width_px: float, rows: int = 1) -> bool:
    """Whether `n_visible` events over `width_px` pixels and `rows` rows are too many to draw."""
    return n_visible > max(width_px, 1.0) * max(rows, 2) / PX_PER_EVENT


@dataclass(frozen=True, slots=True)
class Bins:
    """Counts per bin over [t0, t1): bin i covers edges[i]..edges[i + 1]."""

    edges: np.ndarray
    counts: np.ndarray

    @property
    def total(self) -> int:
        return int(self.counts.sum())


def bin_counts(t0_sorted: np.ndarray, edges: np.ndarray) -> Bins:
    """Events starting in each bin [edges[i], edges[i + 1])."""
    idx = np.searchsorted(t0_sorted, edges, side="left")
    return Bins(edges=edges, counts=np.diff(idx))


def aligned_edges(view_t0: float, view_t1: float, bin_days: float) -> np.ndarray:
    """Bin edges covering [view_t0, view_t1) on a grid anchored at day 0.

    Anchoring the grid to time rather than to the view keeps the columns still while panning
    (no shimmer); bins are at least a day wide as no finer time is known.
    """
    bin_days = max(float(bin_days), 1.0)
    first = np.floor(view_t0 / bin_days) * bin_days
    count = int(np.ceil((view_t1 - first) / bin_days))
    return first + np.arange(max(count, 1) + 1) * bin_days


def column_heights(counts: np.ndarray, max_height: float, *, floor_px: float = 1.5) -> np.ndarray:
    """Bar heights for counts: square-root scaled to the busiest bin; any event shows."""
    if len(counts) == 0:
        return np.zeros(0)
    peak = float(counts.max())
    if peak <= 0:
        return np.zeros(len(counts))
    h = np.sqrt(counts / peak) * max_height
    return np.where(counts > 0, np.maximum(h, floor_px), 0.0)
