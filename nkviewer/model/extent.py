"""Where the events are: the span a first view (or a figure) is fitted to, and how many events
lie outside a view.

Fitting to every event lets one stray bar ("the 1990s") squeeze a corpus about 2014–2023 into a
fifth of the axis. `bulk_range` keeps the span holding the central ~95 % of the events and drops
a tail only when that gains real room; a long range (an "expected" period running months on)
may run off the edge rather than stretch the axis. `outside_counts` says how many events lie
wholly before and after a view, for the markers at its edges.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Share of the events the first view holds at least.
BULK_SHARE = 0.95
#: A tail is left out only when it would take more than this share of the fitted axis.
MIN_TAIL_SHARE = 0.15
#: Fewer events than this are all shown: a small selection is what it is.
MIN_EVENTS_FOR_TAILS = 10
#: Events within this share of the bulk's span beyond its quantiles still belong to it.
TAIL_SLACK = 0.1
#: A range longer than this share of the starts' span may run off the edge of the fit.
LONG_RANGE_SHARE = 0.25


@dataclass(frozen=True, slots=True)
class Extent:
    """The fitted span [t0, t1] and the whole span [first, last] of the events."""

    t0: float
    t1: float
    first: float
    last: float

    @property
    def trimmed(self) -> bool:
        return self.t0 > self.first or self.t1 < self.last


def bulk_range(starts: np.ndarray, ends: np.ndarray, *, share: float = BULK_SHARE) -> Extent | None:
    """The span holding the bulk of the events (day numbers; `ends` >= `starts`), or None.

    Each side drops at most (1 - share) / 2 of the events (one, from `MIN_EVENTS_FOR_TAILS`
    events), and only if the dropped tail would
    otherwise take more than `MIN_TAIL_SHARE` of the axis. An event's end counts up to
    `LONG_RANGE_SHARE` of the starts' span after its start, so a long range runs off the edge.
    """
    t0 = np.asarray(starts, dtype=np.float64)
    t1 = np.maximum(np.asarray(ends, dtype=np.float64), t0)
    ok = np.isfinite(t0) & np.isfinite(t1)
    t0, t1 = t0[ok], t1[ok]
    n = len(t0)
    if n == 0:
        return None
    first, last = float(t0.min()), float(t1.max())
    # At least one event a side may be an outlier once there are enough to tell.
    k = max(1, round(n * (1.0 - share) / 2.0)) if n >= MIN_EVENTS_FOR_TAILS else 0
    s = np.sort(t0)
    lo = float(s[k])
    starts_span = float(s[n - 1 - k] - lo)
    if starts_span > 0:
        t1 = np.minimum(t1, t0 + LONG_RANGE_SHARE * starts_span)
    e = np.sort(t1)
    hi = max(float(e[n - 1 - k]), float(s[n - 1 - k]))
    # Events just beyond the quantiles belong to the bulk: only a gap makes a tail.
    slack = TAIL_SLACK * max(hi - lo, 1.0)
    lo = float(s[int(np.searchsorted(s, lo - slack, side="left"))])
    hi = float(e[int(np.searchsorted(e, hi + slack, side="right")) - 1])
    full_lo, full_hi = first, float(e[-1])
    # Keep a tail when leaving it out gains little room.
    if (lo - full_lo) <= MIN_TAIL_SHARE * (full_hi - full_lo):
        lo = full_lo
    if (full_hi - hi) <= MIN_TAIL_SHARE * (full_hi - full_lo):
        hi = full_hi
    return Extent(lo, max(hi, lo), first, last)


def outside_counts(
    starts_sorted: np.ndarray, ends_sorted: np.ndarray, t0: float, t1: float
) -> tuple[int, int]:
    """Events wholly before `t0` (ending at or before it) and wholly after `t1` (starting at or
    after it), from the sorted starts and the separately sorted ends."""
    before = int(np.searchsorted(ends_sorted, t0, side="right"))
    after = len(starts_sorted) - int(np.searchsorted(starts_sorted, t1, side="left"))
    return before, after


def bulk_range_binned(
    edges: np.ndarray, counts: np.ndarray, *, share: float = BULK_SHARE
) -> Extent | None:
    """`bulk_range` for events known only as counts of starts per bin ([edges[i], edges[i+1])),
    as a dataset's histogram gives them: the same quantiles and tail rule, to bin precision."""
    edges = np.asarray(edges, dtype=np.float64)
    counts = np.asarray(counts, dtype=np.int64)
    n = int(counts.sum())
    if n == 0 or len(edges) != len(counts) + 1:
        return None
    used = np.flatnonzero(counts)
    first, last = float(edges[used[0]]), float(edges[used[-1] + 1])
    k = max(1, round(n * (1.0 - share) / 2.0)) if n >= MIN_EVENTS_FOR_TAILS else 0
    cum = np.cumsum(counts)
    lo_bin = int(np.searchsorted(cum, k, side="right"))  # bin of the (k+1)-th start
    hi_bin = int(np.searchsorted(cum, n - k, side="left"))  # bin of the (n-k)-th start
    lo, hi = float(edges[lo_bin]), float(edges[hi_bin + 1])
    slack = TAIL_SLACK * max(hi - lo, 1.0)
    near = used[(edges[used + 1] >= lo - slack) & (edges[used] <= hi + slack)]
    lo, hi = min(lo, float(edges[near[0]])), max(hi, float(edges[near[-1] + 1]))
    if (lo - first) <= MIN_TAIL_SHARE * (last - first):
        lo = first
    if (last - hi) <= MIN_TAIL_SHARE * (last - first):
        hi = last
    return Extent(lo, max(hi, lo), first, last)
