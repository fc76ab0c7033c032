"""The first view's span (the bulk of the events) and the counts at the view's edges."""

from __future__ import annotations

import numpy as np

from nkviewer.model.extent import bulk_range, outside_counts

YEAR = 365.25


def years(*values: float) -> np.ndarray:
    return np.array(values) * YEAR


def test_one_stray_decade_does_not_squeeze_the_rest() -> None:
    rng = np.random.default_rng(1)
    starts = np.sort(rng.uniform(44 * YEAR, 53 * YEAR, 120))  # 2014–2023
    ends = starts + 1
    starts = np.append(years(20), starts)  # "the 1990s": 1990–1999
    ends = np.append(years(29.99), ends)
    ext = bulk_range(starts, ends)
    assert ext is not None and ext.trimmed
    assert ext.first == years(20)[0]
    assert 44 * YEAR <= ext.t0 < 44.2 * YEAR
    assert ext.t1 > 52.8 * YEAR
    before, after = outside_counts(np.sort(starts), np.sort(ends), ext.t0, ext.t1)
    assert (before, after) == (1, 0)


def test_an_even_spread_is_shown_whole() -> None:
    starts = np.linspace(0, 3000, 200)
    ext = bulk_range(starts, starts + 1)
    assert ext is not None and not ext.trimmed
    assert (ext.t0, ext.t1) == (0.0, 3001.0)


def test_few_events_keep_every_one() -> None:
    starts = years(20, 45, 46, 47)
    ext = bulk_range(starts, starts + 1)
    assert ext is not None and (ext.t0, ext.t1) == (starts[0], starts[-1] + 1)


def test_a_long_expected_range_runs_off_the_edge() -> None:
    # A selection: five events in March 2019, one expected to run until December.
    starts = np.array([0.0, 3, 8, 15, 22])
    ends = np.array([1.0, 4, 9, 16, 280])
    ext = bulk_range(starts, ends)
    assert ext is not None
    assert ext.t1 < 40 and ext.last == 280  # the axis spans March, not March–December
    single = bulk_range(np.array([0.0]), np.array([3650.0]))  # one long range alone: whole
    assert single is not None and (single.t0, single.t1) == (0.0, 3650.0)


def test_nothing_to_fit() -> None:
    assert bulk_range(np.zeros(0), np.zeros(0)) is None
    assert bulk_range(np.array([np.nan]), np.array([np.nan])) is None


def test_outside_counts_at_the_edges() -> None:
    starts = np.array([0.0, 10, 20, 30])
    ends = np.array([5.0, 25, 21, 31])
    s, e = np.sort(starts), np.sort(ends)
    assert outside_counts(s, e, 15, 28) == (1, 1)  # [0,5] before; [30,31] after; others overlap
    assert outside_counts(s, e, -10, 100) == (0, 0)


def test_a_dozen_events_can_have_an_outlier() -> None:
    starts = np.append(years(20), np.linspace(49 * YEAR, 50 * YEAR, 11))
    ext = bulk_range(starts, starts + 1)
    assert ext is not None and ext.t0 == 49 * YEAR and ext.first == 20 * YEAR


def test_binned_counts_fit_like_the_events() -> None:
    """A dataset knows its events as counts of start days: the same rule, to bin precision."""
    from nkviewer.model.extent import bulk_range_binned

    rng = np.random.default_rng(2)
    starts = np.append(years(20), rng.uniform(44 * YEAR, 53 * YEAR, 500))
    edges = np.arange(7300.0, 19500.0, 30.0)
    counts, _ = np.histogram(starts, edges)
    ext = bulk_range_binned(edges, counts)
    exact = bulk_range(starts, starts + 1)
    assert ext is not None and exact is not None and ext.trimmed
    assert abs(ext.t0 - exact.t0) <= 30 and abs(ext.t1 - exact.t1) <= 31
    assert ext.first <= years(20)[0] < ext.first + 30
    even = np.histogram(np.linspace(0, 3000, 300), np.arange(0.0, 3031.0, 30.0))
    whole = bulk_range_binned(even[1], even[0])
    assert whole is not None and not whole.trimmed
    assert bulk_range_binned(np.array([0.0, 1.0]), np.array([0])) is None
