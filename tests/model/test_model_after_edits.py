"""A timeline model made from the model before an edit equals one made from scratch: random
edits (hide, retitle, re-date) on random tables, every lane's rows, counts and packings
compared; and the lanes of a grouping follow the written rules (a per-event reference)."""

from __future__ import annotations

import random
from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from bench.synthetic import synthetic_frame
from nkviewer.events.table import day_numbers, sort_frame
from nkviewer.model.lanes import (
    ALL_EVENTS,
    GROUP_MODES,
    MAX_COUNTRY_LANES,
    MAX_NAMED_LANES,
    NO_ACTOR,
    NO_SOURCE,
    OTHER,
    lane_assignment,
)
from nkviewer.model.timeline import (
    SCAN_VALUES,
    TextColumn,
    TimelineModel,
    note_grouping,
    prepare,
    scan_positions,
)


def _edited(frame: pd.DataFrame, rng: random.Random) -> pd.DataFrame:
    """`frame` after a few random curation edits, sorted as the curated table is."""
    out = frame.copy()
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(out))
        what = rng.choice(["hide", "title", "date", "longer"])
        if what == "hide":
            out = out.drop(index=out.index[i])
        elif what == "title":
            out.loc[out.index[i], "title"] = rng.choice(["R", "회담 재개", "x" * 80])
        elif what == "longer":  # the same start (and place in its lane), a later end
            out.loc[out.index[i], "t1"] += rng.choice([40.0, 400.0, 4000.0])
        else:
            year = rng.randint(2015, 2022)
            start, end = f"{year}-0{rng.randint(1, 9)}-01", f"{year}-1{rng.randint(0, 2)}-28"
            out.loc[out.index[i], ["start", "end"]] = [start, end]
            out.loc[out.index[i], "t0"] = day_numbers([start])[0]
            out.loc[out.index[i], "t1"] = day_numbers([end])[0] + 1.0
    return sort_frame(out)


def _same(a: TimelineModel, b: TimelineModel) -> None:
    assert a.lane_names == b.lane_names
    assert np.array_equal(a.assignment.index, b.assignment.index)
    for la, lb in zip(a.lanes, b.lanes, strict=True):
        assert np.array_equal(la.idx, lb.idx)
        assert (la.bar_rows, la.marker_rows, la.greedy) == (lb.bar_rows, lb.marker_rows, lb.greedy)
        for n_rows in (1, 3, 6):
            ra = a.rows(la.position, n_rows, 2.0, _label_room(a))
            rb = b.rows(lb.position, n_rows, 2.0, _label_room(b))
            assert np.array_equal(ra[0], rb[0]) and ra[1] == rb[1]


def _label_room(model: TimelineModel) -> Callable[[np.ndarray], np.ndarray]:
    """Room for each label as a renderer reserves it: from its title (and badge)."""
    arrays = model.arrays

    def room(idx: np.ndarray) -> np.ndarray:
        widths = [7.0 * len(t) for t in arrays.titles.take(idx)]
        return np.asarray(widths) + 20.0 * (arrays.n_sources[idx] > 1)

    return room


@pytest.mark.parametrize("seed", range(12))
def test_a_model_made_after_an_edit_equals_a_fresh_one(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.choice([40, 300, 5000, 9000])  # small lanes, and lanes past the greedy limit
    frame = synthetic_frame(n, years=rng.randint(1, 6), seed=seed)
    mode = rng.choice(["country", "source", "actor", "none"])
    model = TimelineModel.from_frame(frame, mode)
    for _ in range(4):
        for lane in model.lanes:  # packed before the edit: reused packings are tested too
            for n_rows in (1, 3, 6):
                model.rows(lane.position, n_rows, 2.0, _label_room(model))
        frame = _edited(frame, rng)
        derived = TimelineModel.from_frame(frame, mode, previous=model)
        _same(derived, TimelineModel.from_frame(frame, mode))
        model = derived


@pytest.mark.parametrize("seed", range(6))
def test_a_model_made_from_a_table_read_ahead_equals_a_fresh_one(seed: int) -> None:
    """A worker prepares a table's columns, lanes and model (`prepare`, for the grouping
    drawn last unless told); the model made from that very table takes them, for that
    grouping (the model itself) or another (its columns), and ignores another table's."""
    rng = random.Random(seed)
    frame = synthetic_frame(rng.choice([40, 3000]), years=3, seed=seed)
    drawn, asked = rng.choice(GROUP_MODES), rng.choice(GROUP_MODES)
    TimelineModel.from_frame(frame.copy(), drawn)  # the grouping drawn last
    note_grouping(drawn)
    prepared = prepare(frame)
    assert list(prepared.models) == [drawn]
    model = TimelineModel.from_frame(frame, asked, prepared=prepared)
    if asked == drawn:
        assert model is prepared.models[drawn]
    else:
        assert model.arrays is prepared.arrays  # the columns lent, the lanes made here
    _same(model, TimelineModel.from_frame(frame, asked))
    assert model.arrays.n == len(frame) and np.array_equal(model.arrays.t0, frame["t0"])
    other = frame.copy()  # equal, but another table: what was made of `frame` is not its
    assert TimelineModel.from_frame(other, drawn, prepared=prepared) is not model
    note_grouping(drawn, asked=asked)  # a grouping on its way: a table is prepared for both
    both = prepare(frame)
    assert set(both.models) == {drawn, asked}
    _same(both.models[asked], TimelineModel.from_frame(frame, asked))
    TimelineModel.from_frame(frame, asked, prepared=both)  # drawn: no longer on its way
    assert list(prepare(frame).models) == [asked]


@pytest.mark.parametrize("seed", range(8))
def test_a_model_prepared_after_edits_from_the_one_drawn_equals_a_fresh_one(seed: int) -> None:
    """The edit worker makes each table's model from the one drawn before (`previous`, its
    lanes the edits left alone reused, their packings too, while the window's thread may
    still pack rows in it): random edits, every model equal to one made from scratch, and
    the bulk span and sorted ends read ahead equal to those read from scratch."""
    from nkviewer.model.extent import bulk_range

    rng = random.Random(seed)
    frame = synthetic_frame(rng.choice([60, 2500]), years=4, seed=seed)
    mode = rng.choice(GROUP_MODES)
    drawn = prepare(frame, [mode]).models[mode]
    for _ in range(5):
        for lane in drawn.lanes:  # the window packs rows as it paints
            drawn.rows(lane.position, rng.choice([1, 3, 6]), 2.0, _label_room(drawn))
        frame = _edited(frame, rng)
        made = prepare(frame, [mode], previous=[drawn])
        assert made.fits(frame) and list(made.models) == [mode]
        _same(made.models[mode], TimelineModel.from_frame(frame, mode))
        assert made.arrays.bulk() == bulk_range(frame["t0"].to_numpy(), made.arrays.t1)
        assert np.array_equal(made.arrays.ends_sorted(), np.sort(made.arrays.t1))
        drawn = made.models[mode]
    other = rng.choice([m for m in GROUP_MODES if m != mode])
    regrouped = prepare(frame, [other], previous=[drawn])  # another grouping: nothing reused
    _same(regrouped.models[other], TimelineModel.from_frame(frame, other))


def _reference_lanes(frame: pd.DataFrame, mode: str) -> tuple[list[str], list[str]]:
    """The grouping rules event by event: (lane names in order, each event's lane)."""
    if mode == "none":
        return [ALL_EVENTS], [ALL_EVENTS] * len(frame)
    if mode == "country":
        keys = [
            v if isinstance(v, str) and v.strip() and v != OTHER else None for v in frame["lane"]
        ]
        fallback, limit = OTHER, MAX_COUNTRY_LANES
    else:
        fallback, limit = (
            (NO_ACTOR, MAX_NAMED_LANES) if mode == "actor" else (NO_SOURCE, MAX_NAMED_LANES)
        )
        if mode == "actor":
            keys = [
                next((a for a in (v or []) if isinstance(a, str) and a), None)
                for v in frame["actors"]
            ]
        else:
            keys = [v if isinstance(v, str) and v.strip() else None for v in frame["doc_source"]]
        keys = [k if k != fallback else None for k in keys]
    counts: dict[str, int] = {}
    for k in keys:
        if k is not None and k != OTHER:
            counts[k] = counts.get(k, 0) + 1
    named = [k for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))][:limit]
    lane = [fallback if k is None else k if k in named else OTHER for k in keys]
    order = [*named, OTHER] if mode == "country" else [*named, OTHER, fallback]
    return [name for name in order if name in set(lane)], lane


@pytest.mark.parametrize("seed", range(30))
def test_lanes_follow_the_grouping_rules(seed: int) -> None:
    rng = random.Random(seed)
    pool = ["China", "Russia", "", "  ", None, OTHER, NO_ACTOR, NO_SOURCE, *"ABCDEFGHIJKLMN"]
    n = rng.randint(1, 80)
    frame = pd.DataFrame(
        {
            "lane": pd.Series(
                [rng.choice(pool) for _ in range(n)], dtype=rng.choice(["object", "str"])
            ),
            "doc_source": pd.Series([rng.choice(pool) for _ in range(n)], dtype="str"),
            "actors": [
                [a for a in rng.sample(pool, rng.randint(0, 3)) if a is not None] for _ in range(n)
            ],
        }
    )
    for mode in ("country", "actor", "source", "none"):
        names, lane = _reference_lanes(frame, mode)
        got = lane_assignment(frame, mode)
        assert got.names == names, mode
        assert [got.names[i] for i in got.index] == lane, mode
        assert got.counts.tolist() == [lane.count(name) for name in names]


def test_a_text_column_finds_and_reads_values_through_arrow() -> None:
    values = pd.Series(["a", None, "b", "a"], dtype="str")
    column = TextColumn(values)
    assert column.tolist() == ["a", "", "b", "a"]
    assert column[1] == "" and column[2] == "b"
    assert column.take(np.array([2, 0])) == ["b", "a"]
    assert column.positions(["b", "zz", "a"]).tolist() == [2, -1, 0]
    plain = TextColumn(pd.Series(["a", None, 3], dtype=object))
    assert plain.tolist() == ["a", "", "3"] and plain.positions(["3"]).tolist() == [2]


@pytest.mark.parametrize("seed", range(6))
def test_a_scan_for_a_few_ids_finds_what_hashing_the_column_finds(seed: int) -> None:
    """Few values are found by one scan, many by hashing the column: the same positions (first
    occurrence, -1 when absent), also over a column of several chunks with repeats and nulls."""
    rng = random.Random(seed)
    cells: list[str | None] = [
        f"{rng.choice('abcdefgh')}{rng.randrange(40)}" if rng.random() > 0.05 else None
        for _ in range(600)
    ]
    parts = [pd.Series(cells[:250], dtype="str"), pd.Series(cells[250:], dtype="str")]
    column = TextColumn(pd.concat(parts, ignore_index=True))
    assert column._arrow is not None and column._arrow.num_chunks == 2
    wanted = [rng.choice(["zz", *[c for c in cells if c]]) for _ in range(rng.randint(1, 30))]
    first = {v: i for i, v in reversed(list(enumerate(cells))) if v is not None}
    reference = [first.get(v, -1) for v in wanted]
    assert scan_positions(column._arrow, wanted).tolist() == reference
    many = wanted * (SCAN_VALUES // len(wanted) + 1)  # more than a scan takes: hashed
    assert column.positions(many).tolist() == reference * (SCAN_VALUES // len(wanted) + 1)
    assert column.positions(wanted).tolist() == reference
