"""A huge lane's bars are packed once, by the worker that makes the model, for every row count
a layout gives them (`BarRows`): the window's thread picks rows, it does not pack them."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from bench.synthetic import synthetic_frame
from nkviewer.model import lanes as lanes_mod
from nkviewer.model import timeline as timeline_mod
from nkviewer.model.lanes import BarRows, pack_greedy, rank_rows
from nkviewer.model.timeline import TimelineModel, prepare


def _bars(rng: np.random.Generator, n: int, *, nan: bool) -> tuple[np.ndarray, np.ndarray]:
    t0 = np.sort(rng.integers(0, int(rng.integers(1, 400)), n)).astype(float)
    end = t0 + rng.choice([1.0, 2.0, 7.0, 30.0, 0.5], n) * rng.integers(1, 6, n)
    if nan:  # compare false everywhere: such a bar is never free, and finds no free row
        end[rng.integers(0, n, 3)] = np.nan
        t0[rng.integers(0, n, 2)] = np.nan
    return t0, end


@pytest.mark.parametrize("seed", range(30))
def test_bars_packed_over_more_rows_give_the_rows_of_fewer(seed: int) -> None:
    """Rows picked from one packing equal those packed directly over that many rows, for
    every row count it says it serves: all counts up to its own, and any when none overflowed."""
    rng = np.random.default_rng(seed)
    t0, end = _bars(rng, int(rng.integers(1, 2500)), nan=seed % 4 == 0)
    for cap in (1, 2, 3, 7, 16, 40):
        packed = BarRows.pack(t0, end, cap)
        assert packed.rows.tolist() == pack_greedy(t0, end, cap, overflow=True).tolist()
        for n in range(0, 45):
            assert packed.serves(n) == (n <= cap or not packed.overflowed)
            if packed.serves(n):
                direct = pack_greedy(t0, end, n, overflow=True)
                assert packed.over(n).tolist() == direct.tolist(), (cap, n)


def _counting(monkeypatch: pytest.MonkeyPatch) -> Counter[int]:
    """Calls of `pack_greedy`, by thread."""
    calls: Counter[int] = Counter()
    original: Callable[..., Any] = lanes_mod.pack_greedy

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls[threading.get_ident()] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(lanes_mod, "pack_greedy", counted)
    return calls


def _direct(lane: timeline_mod.LaneData, n_rows: int) -> tuple[list[int], int]:
    """A huge lane's rows as packed before `BarRows`: bars first-fit over their share of the
    rows, markers by same-day rank below."""
    rows = np.zeros(lane.count, np.int32)
    bar = lane.is_bar
    n_bar, n_marker = lane.split(max(1, n_rows))
    if bar.any():
        rows[bar] = pack_greedy(lane.t0[bar], lane.t1[bar], n_bar, overflow=True)
    if (~bar).any():
        rows[~bar] = rank_rows(lane.t0[~bar], max(1, n_marker)) + (n_bar if n_marker else 0)
    return rows.tolist(), n_bar


@pytest.mark.parametrize("seed", range(3))
def test_a_model_made_in_a_worker_answers_huge_lanes_rows_without_packing(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`prepare` (a worker) packs the huge lanes' bars: the asking thread then gets every
    row count a layout or a resize gives a lane, each equal to packing it directly, and
    packs nothing; a table a hide made reuses the packing of lanes it left alone."""
    monkeypatch.setattr(timeline_mod, "GREEDY_LIMIT", 40)  # every lane counts as huge
    calls = _counting(monkeypatch)
    frame = synthetic_frame(2500, years=4, seed=seed)
    made: list[timeline_mod.PreparedModel] = []
    worker = threading.Thread(target=lambda: made.append(prepare(frame, ["country"])))
    worker.start()
    worker.join()
    assert calls[worker.ident or 0] > 0  # the worker packed
    model = TimelineModel.from_frame(frame, "country", prepared=made[0])
    reserve = np.full(model.arrays.n, 100.0)
    me = threading.get_ident()
    for i, lane in enumerate(model.lanes):
        assert not lane.greedy
        for n_rows in (1, 2, 3, 6, 12, 40, 5):
            rows, n_bar = model.rows(i, n_rows, 2.0, lambda idx: reserve[idx])
            assert (rows.tolist(), n_bar) == _direct(lane, n_rows)
    assert calls[me] == 0
    # a hide: the lanes it left alone keep their packing, the others are packed by the worker
    kept = frame.drop(index=frame.index[frame["lane"] == model.lanes[0].name][:3])
    kept = kept.reset_index(drop=True)
    calls.clear()
    again = prepare(kept, ["country"], previous=[model])
    changed = sum(
        not np.array_equal(new.t0, old.t0)
        for new, old in zip(again.models["country"].lanes, model.lanes, strict=True)
    )
    assert 1 <= changed < len(model.lanes)
    assert calls[me] == changed  # (prepare runs on this thread here)
    calls.clear()
    after = TimelineModel.from_frame(kept, "country", prepared=again)
    for i, lane in enumerate(after.lanes):
        rows, n_bar = after.rows(i, 4, 2.0, lambda idx: reserve[: len(kept)][idx])
        assert (rows.tolist(), n_bar) == _direct(lane, 4)
    assert calls[me] == 0


def test_rows_asked_of_a_model_no_worker_made_are_packed_where_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without a worker's packing the asking thread packs, as few rows as asked, once per
    row count it cannot serve from a packing it has: the rows are the same."""
    monkeypatch.setattr(timeline_mod, "GREEDY_LIMIT", 40)
    calls = _counting(monkeypatch)
    model = TimelineModel.from_frame(synthetic_frame(2500, years=4, seed=7), "country")
    reserve = np.full(model.arrays.n, 100.0)
    calls.clear()
    for i, lane in enumerate(model.lanes):
        for n_rows in (6, 2, 6, 1):
            rows, n_bar = model.rows(i, n_rows, 2.0, lambda idx: reserve[idx])
            assert (rows.tolist(), n_bar) == _direct(lane, n_rows)
    # six rows give a lane its most bar rows here: the fewer asked later are picked from them
    assert calls[threading.get_ident()] == sum(1 for lane in model.lanes if lane.n_bars)


def test_a_dataset_window_comes_with_its_bars_packed(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fetching thread makes a dataset window's model with its huge lanes' bars packed:
    the window's thread draws them without packing."""
    pytest.importorskip("duckdb", reason="duckdb is not installed")
    from nkviewer.corpus.dataset import EventDataset
    from nkviewer.corpus.dataset_store import write_frame_dataset
    from nkviewer.model.source import DatasetSource

    monkeypatch.setattr(timeline_mod, "GREEDY_LIMIT", 40)  # lanes of over 40 events are huge
    frame = synthetic_frame(6000, years=4, seed=5)
    out = tmp_path_factory.mktemp("bars") / "events"
    write_frame_dataset(frame, out)
    calls = _counting(monkeypatch)
    with EventDataset.open(out) as ds:
        source = DatasetSource(ds)
        lo, hi = source.time_bounds() or (0.0, 1.0)
        mid = (lo + hi) / 2
        source.window(mid, mid + 120)
        source.wait()
        win = source.current_window()
        source.close()
    assert win is not None and win.model is not None and len(win.frame)
    model = win.model
    assert sum(lane.n_bars for lane in model.lanes if not lane.greedy) > 0
    reserve = np.full(model.arrays.n, 100.0)
    calls.clear()
    for i, lane in enumerate(model.lanes):
        for n_rows in (1, 3, 6, 12):
            rows, n_bar = model.rows(i, n_rows, 2.0, lambda idx: reserve[idx])
            assert (rows.tolist(), n_bar) == _direct(lane, n_rows)
    assert calls[threading.get_ident()] == 0
