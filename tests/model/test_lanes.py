"""Lanes: grouping and order, row packing without overlaps, fitting rows into the height."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from bench.synthetic import synthetic_frame
from nkviewer.events.record import Event
from nkviewer.events.table import events_to_frame
from nkviewer.model import palette
from nkviewer.model.lanes import (
    ALL_EVENTS,
    MAX_COUNTRY_LANES,
    MAX_NAMED_LANES,
    NO_ACTOR,
    OTHER,
    LabelledFit,
    allocate_rows,
    lane_assignment,
    pack_greedy,
    pack_labelled,
    rank_rows,
    rows_needed,
)
from nkviewer.model.timeline import TimelineModel, stack_lanes


def ev(i: int, start: str, end: str | None = None, **kw: object) -> Event:
    return Event(
        event_id=f"e{i}", title=f"event {i}", start=start, end=end or start,
        granularity="day" if end is None else "range", timex_value=start, time_text=start,
        time_start=0, time_end=1, sentence="s", sentence_start=0, sentence_end=1,
        doc_id=f"d{i}", doc_path="p", **kw,  # type: ignore[arg-type]
    )  # fmt: skip


def test_country_lanes_come_from_the_corpus_busiest_first() -> None:
    frame = events_to_frame([
        ev(1, "2019-01-01", lane="Russia"), ev(2, "2019-01-02", lane="North Korea"),
        ev(3, "2019-01-03", lane="Japan"), ev(4, "2019-01-04", lane=""),
        ev(5, "2019-01-05", lane="China"), ev(6, "2019-01-06", lane="Russia"),
        ev(7, "2019-01-07", lane="Other"),
    ])  # fmt: skip
    a = lane_assignment(frame, "country")
    # Russia has most events; the others tie and go by name; no event, no lane
    assert a.names == ["Russia", "China", "Japan", "North Korea", OTHER]
    assert a.counts.tolist() == [2, 1, 1, 1, 2]
    assert a.names == lane_assignment(frame.iloc[::-1], "country").names  # order of rows moot


def test_a_story_anywhere_gets_its_own_countries_and_at_most_eight_lanes() -> None:
    sides = ["Israel", "United Arab Emirates", "Bahrain", "Morocco", "United States", "Egypt",
             "Jordan", "Saudi Arabia", "Qatar", "Oman"]  # fmt: skip
    events = [
        ev(100 * k + j, f"2020-0{1 + j % 9}-01", lane=side)
        for k, side in enumerate(sides)
        for j in range(len(sides) - k)  # Israel most, Oman least
    ]
    a = lane_assignment(events_to_frame(events), "country")
    assert a.names == [*sides[:MAX_COUNTRY_LANES], OTHER]
    assert a.counts[-1] == 2 + 1  # Qatar's and Oman's events


def test_lane_colours_are_stable_and_distinct() -> None:
    lanes = ["Israel", "United Arab Emirates", "Bahrain", "Morocco", "United States", OTHER]
    colours = palette.lane_colors(lanes)
    assert len(set(colours)) == len(colours)
    assert colours[4] == palette.lane_color("United States", 0)  # a country with its own colour
    # a lane keeps its colour when the lanes around it are another corpus's
    assert palette.lane_colors(["Israel"])[0] == colours[0]
    assert palette.lane_colors(["Egypt", "Israel"])[1] in (
        colours[0],
        *palette.lane_colors(["Egypt"]),
    )
    dark = palette.lane_colors(lanes, "dark")
    assert dark != colours and len(set(dark)) == len(dark)


def test_actor_lanes_are_the_busiest_first_actors() -> None:
    events = [ev(i, f"2019-01-{1 + i % 28:02d}", actors=[f"A{i % 15}", "Z"]) for i in range(60)]
    events += [ev(100 + i, "2019-02-01", actors=["A0"]) for i in range(5)]
    events.append(ev(200, "2019-03-01", actors=[]))
    a = lane_assignment(events_to_frame(events), "actor")
    assert a.names[0] == "A0"  # 4 + 5 events
    assert len(a.names) == MAX_NAMED_LANES + 2
    assert a.names[-2:] == [OTHER, NO_ACTOR]
    assert int(a.counts.sum()) == 66


def test_source_and_none_grouping() -> None:
    frame = events_to_frame([
        ev(1, "2019-01-01", doc_source="Yonhap"), ev(2, "2019-01-02", doc_source="TASS"),
        ev(3, "2019-01-03", doc_source="Yonhap"),
    ])  # fmt: skip
    a = lane_assignment(frame, "source")
    assert a.names == ["Yonhap", "TASS"]
    assert lane_assignment(frame, "none").names == [ALL_EVENTS]
    with pytest.raises(ValueError, match="grouping"):
        lane_assignment(frame, "colour")


def _assert_no_overlap(t0: np.ndarray, end: np.ndarray, rows: np.ndarray) -> None:
    for r in set(rows.tolist()) - {-1}:
        sel = np.flatnonzero(rows == r)
        order = sel[np.argsort(t0[sel], kind="stable")]
        assert np.all(t0[order][1:] >= end[order][:-1]), f"row {r} overlaps"


def test_greedy_packing_never_overlaps_and_overflow_is_marked() -> None:
    rng = np.random.default_rng(0)
    t0 = np.sort(rng.uniform(0, 1000, 400))
    end = t0 + rng.uniform(1, 80, 400)
    rows = pack_greedy(t0, end, 64)
    _assert_no_overlap(t0, end, rows)
    assert rows.max() + 1 == rows_needed(t0, end, cap=64)
    few = pack_greedy(t0, end, 3, overflow=True)
    assert (few == -1).any() and few.max() == 2
    _assert_no_overlap(t0, end, few)


def _first_fit_by_scan(
    t0: np.ndarray, ends: list[np.ndarray], n_rows: int, *, overflow: bool = False
) -> list[int]:
    """First-fit as the rule says it, row by row: the first row free until the event's start
    by the first of `ends` (the label's end), else by the next (the glyph's), else the row of
    the last tier that frees first (-1 with `overflow`)."""
    taken = [[-np.inf] * max(1, n_rows) for _ in ends]
    out = []
    for i, a in enumerate(t0.tolist()):
        row = next(
            (k for tier in taken for k, e in enumerate(tier) if e <= a),
            -1,
        )
        if row < 0 and overflow:
            out.append(-1)
            continue
        if row < 0:
            row = taken[-1].index(min(taken[-1]))
        for tier, end in zip(taken, ends, strict=True):
            tier[row] = float(end[i])
        out.append(row)
    return out


@pytest.mark.parametrize("seed", range(12))
def test_packing_takes_the_rows_a_plain_scan_takes(seed: int) -> None:
    """The packers skip their scans when no row is free (a `min` first): the rows are those
    of a row-by-row scan, in lanes with room to spare, lanes full all the time, ties, and
    NaN ends or starts (which compare false everywhere)."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 1500))
    t0 = np.sort(rng.integers(0, int(rng.integers(1, 300)), n)).astype(float)
    glyph_end = t0 + rng.choice([0.5, 1.0, 3.0], n)
    label_end = np.maximum(glyph_end, t0 + rng.choice([1.0, 4.0, 20.0, 60.0], n))
    if seed % 3 == 0:  # a few NaN: where one lands first in a row list, `min` says NaN
        for arr in (t0, glyph_end, label_end):
            arr[rng.integers(0, n, 3)] = np.nan
    n_rows = int(rng.choice([1, 2, 5, 12, 40]))
    labelled = pack_labelled(t0, label_end, glyph_end, n_rows)
    # (a label tier that is never free where no glyph tier is either: the label ends later)
    assert labelled.tolist() == _first_fit_by_scan(t0, [label_end, glyph_end], n_rows)
    for overflow in (False, True):
        greedy = pack_greedy(t0, label_end, n_rows, overflow=overflow)
        assert greedy.tolist() == _first_fit_by_scan(t0, [label_end], n_rows, overflow=overflow)


@pytest.mark.parametrize("seed", range(12))
def test_labelled_fit_extended_piece_by_piece_takes_the_rows_of_a_scan(seed: int) -> None:
    """`LabelledFit.extend` over pieces of a lane (a view panning on), with free first rows,
    full lanes, ties, NaN, and labels that end before their glyphs (a short title: the
    quick test of both tiers at once holds only where none does) in none, a few or many
    pieces, gives every event the row a row-by-row scan of the whole lane gives."""
    rng = np.random.default_rng(100 + seed)
    n = int(rng.integers(1, 2000))
    t0 = np.sort(rng.integers(0, int(rng.integers(1, 400)), n)).astype(float)
    glyph_end = np.maximum(t0 + rng.choice([0.5, 1.0, 3.0], n), t0 + rng.choice([0, 0, 30], n))
    label_end = np.maximum(glyph_end, t0 + rng.choice([0.2, 1.0, 4.0, 20.0, 60.0], n))
    short = rng.random(n) < [0.0, 0.002, 0.3][seed % 3]
    label_end[short] = t0[short] + 0.2  # ends before its glyph
    if seed % 2:
        for arr in (t0, glyph_end, label_end):
            arr[rng.integers(0, n, 4)] = np.nan
    n_rows = int(rng.choice([1, 2, 3, 6, 12, 40]))
    fit = LabelledFit(n, n_rows)
    cuts = [0, *sorted(rng.integers(0, n + 1, 8).tolist()), n]
    for a, b in itertools.pairwise(cuts):
        fit.extend(t0[a:b], label_end[a:b], glyph_end[a:b])
        assert fit.done == b
    assert fit.rows.dtype == np.int32
    assert fit.rows.tolist() == _first_fit_by_scan(t0, [label_end, glyph_end], n_rows)


def test_same_day_markers_stack_by_rank() -> None:
    t0 = np.array([5.0, 5.0, 5.0, 6.0, 7.0, 7.0])
    assert rank_rows(t0, 4).tolist() == [0, 1, 2, 0, 0, 1]
    assert rank_rows(t0, 2).tolist() == [0, 1, 0, 0, 0, 1]


def test_allocate_rows_fits_the_height_and_keeps_a_row_per_lane() -> None:
    wants = [6, 6, 2, 1]
    h, rows = allocate_rows(
        wants, [False] * 4, available=None, row_h=20, min_row_h=13, pad=5, collapsed_h=24
    )
    assert (h, rows) == (20, wants)
    h, rows = allocate_rows(
        wants, [False, True, False, False], available=200, row_h=20, min_row_h=13, pad=5,
        collapsed_h=24,
    )  # fmt: skip
    assert rows[1] == 0 and all(r >= 1 for i, r in enumerate(rows) if i != 1)
    assert sum(rows) * h + 24 + 3 * 10 <= 200 + 1e-9
    h, rows = allocate_rows(
        [6] * 10, [False] * 10, available=100, row_h=20, min_row_h=13, pad=5, collapsed_h=24
    )
    assert rows == [1] * 10 and h == 13  # cannot shrink further: each lane keeps one row


def test_spare_height_is_shared_first_then_filled() -> None:
    kw = {"row_h": 20.0, "min_row_h": 13.0, "pad": 5.0, "collapsed_h": 24.0}
    # Two lanes: the first tier shares the height (fullest lane first), up to 12 rows each.
    _, shared = allocate_rows(
        [3, 2], [False, False], available=400, grow_to=[12, 10], grow_more=[40, 10], **kw
    )
    assert shared == [10, 9]  # 390 px hold 19 rows: both grew, neither past the first tier
    _, first_tier_only = allocate_rows(
        [3, 2], [False, False], available=400, grow_to=[12, 10], **kw
    )
    assert first_tier_only == shared  # the second tier only takes what the first left
    # One lane and a tall window: past the first tier, up to what its events can use.
    _, single = allocate_rows([3], [False], available=700, grow_to=[12], grow_more=[53], **kw)
    assert single == [34]  # (700 - 10) // 20 rows
    _, few = allocate_rows([3], [False], available=700, grow_to=[5], grow_more=[5], **kw)
    assert few == [5]  # never more rows than events


def test_model_rows_leave_room_for_labels_and_do_not_change_while_panning() -> None:
    frame = synthetic_frame(800, years=4, seed=5)
    model = TimelineModel.from_frame(frame, "country")
    reserve = np.full(model.arrays.n, 120.0)
    scale = 4.0  # px per day: a label needs 30 days
    for i, lane in enumerate(model.lanes):
        rows, n_bar_rows = model.rows(i, 40, scale, lambda idx: reserve[idx], quantize=False)
        assert n_bar_rows == 0 and rows.min() >= 0
        end = np.maximum(lane.t1, lane.t0 + 120.0 / scale)
        if rows.max() < 39:  # enough rows: nothing had to overlap
            _assert_no_overlap(lane.t0, end, rows)
        few, _ = model.rows(i, 6, 3.1, lambda idx: reserve[idx])
        assert few.max() < 6
        same, _ = model.rows(i, 6, 3.9, lambda idx: reserve[idx])  # same zoom octave
        assert same is few


@pytest.mark.parametrize("seed", range(4))
def test_rows_packed_as_far_as_a_view_needs_are_those_of_one_pass(seed: int) -> None:
    """A view packs a lane only up to its last drawn event (`upto`); views further on pack
    the rest from where it stopped: every event gets the row packing the lane at once gives,
    whatever the order of the views, and a row once drawn never changes."""
    frame = synthetic_frame(1500, years=3, seed=seed)
    rng = np.random.default_rng(seed)
    reserve = rng.uniform(40.0, 260.0, len(frame))
    whole = TimelineModel.from_frame(frame, "country")
    steps = TimelineModel.from_frame(frame, "country")
    for i, lane in enumerate(whole.lanes):
        once, _ = whole.rows(i, 5, 6.0, lambda idx: reserve[idx])
        seen = 0
        for upto in [*sorted(rng.integers(0, lane.count + 5, 6).tolist()), lane.count]:
            rows, n_bar_rows = steps.rows(i, 5, 6.0, lambda idx: reserve[idx], upto=upto)
            assert n_bar_rows == 0
            done = min(upto, lane.count)
            assert rows[:done].tolist() == once[:done].tolist()
            assert done >= seen
            seen = done
        assert rows.tolist() == once.tolist()
        # asked for fewer events later: the rows already packed are kept
        again, _ = steps.rows(i, 5, 6.0, lambda idx: reserve[idx], upto=3)
        assert again.tolist() == once.tolist()


def test_huge_lanes_put_bars_on_top_and_markers_below(monkeypatch: pytest.MonkeyPatch) -> None:
    from nkviewer.model import timeline

    monkeypatch.setattr(timeline, "GREEDY_LIMIT", 50)  # every lane counts as huge
    frame = synthetic_frame(1500, years=4, seed=6)
    model = TimelineModel.from_frame(frame, "country")
    reserve = np.full(model.arrays.n, 120.0)
    for i, lane in enumerate(model.lanes):
        rows, n_bar_rows = model.rows(i, 6, 3.1, lambda idx: reserve[idx])
        bars = lane.is_bar
        assert 1 <= n_bar_rows <= 3
        assert np.all(rows[bars] < n_bar_rows)  # -1: in the overflow strip
        assert np.all((rows[~bars] >= n_bar_rows) & (rows[~bars] < 6))
        placed = bars & (rows >= 0)
        _assert_no_overlap(lane.t0[placed], lane.t1[placed], rows[placed])


def test_stack_lanes_puts_lanes_one_under_another() -> None:
    model = TimelineModel.from_frame(synthetic_frame(300, years=3, seed=1), "country")
    boxes = stack_lanes(
        model, top=40, available=500, wants=model.screen_wants(), collapsed={"China"}
    )
    assert boxes[0].y == 40
    for a, b in itertools.pairwise(boxes):
        assert b.y == pytest.approx(a.y + a.height)
    assert boxes[-1].y + boxes[-1].height <= 540 + 1e-6
    china = model.lane_names.index("China")
    assert boxes[china].collapsed and boxes[china].rows == 0


def test_empty_frame_gives_one_empty_lane() -> None:
    frame = events_to_frame([])
    model = TimelineModel.from_frame(frame, "country")
    assert model.arrays.n == 0
    assert [lane.count for lane in model.lanes] == [0]
    assert isinstance(frame, pd.DataFrame)


@pytest.mark.parametrize("seed", range(40))
def test_rows_needed_counts_what_first_fit_packing_uses(seed: int) -> None:
    """The deepest overlap counted in numpy equals the rows first-fit packing fills, capped:
    random spans sorted by start, many ties, touching ends, a gap, all caps."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 3000))
    t0 = np.sort(rng.integers(0, int(rng.integers(1, 400)), n)).astype(float)
    end = t0 + rng.choice([1.0, 2.0, 7.0, 30.0, 0.5], n) * rng.integers(1, 4, n)
    gap = float(rng.choice([0.0, 0.0, 1.0, 2.5]))
    cap = int(rng.choice([1, 3, 16, 64]))
    packed = int(pack_greedy(t0, end, cap, gap).max()) + 1
    assert rows_needed(t0, end, gap, cap=cap) == packed
