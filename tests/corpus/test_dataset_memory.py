"""An event dataset never holds more decoded row groups than it needs (10^6-event memory peak),
nor leaves its decoded rows for the cyclic collector to walk."""

from __future__ import annotations

import gc
import weakref
from typing import Any

import numpy as np
import pytest

from bench.synthetic import synthetic_frame
from nkviewer import heap
from nkviewer.corpus import dataset as dataset_module
from nkviewer.corpus.dataset import EventDataset
from nkviewer.corpus.dataset_store import EVENT_ROW_GROUP, write_frame_dataset


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Any:
    frame = synthetic_frame(12 * EVENT_ROW_GROUP, years=1, seed=3)
    ds = EventDataset.open(write_frame_dataset(frame, tmp_path_factory.mktemp("ds") / "ds"))
    yield ds
    ds.close()


def test_rows_scattered_over_every_row_group_hold_one_group_at_a_time(
    dataset: EventDataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch of rows spread over all the row groups (an export's batch, a sparse filter's
    window) takes its rows from each group as it is decoded and lets the group go: holding
    every group to the end held a 10^6-event dataset decoded whole (2.3 GB)."""
    alive: set[int] = set()
    most = 0
    decode = dataset_module._decode

    def counted(table: Any) -> dict[str, np.ndarray]:
        nonlocal most
        cols = decode(table)
        key = id(cols["t0"])
        alive.add(key)
        weakref.finalize(cols["t0"], alive.discard, key)
        most = max(most, len(alive))
        return cols

    monkeypatch.setattr(dataset_module, "_decode", counted)
    n = int(dataset.count())
    every = np.arange(0, n, 3)  # a third of every row group (decoded whole), none cached
    got = dataset._fetch(every, cache=False)
    assert len(got) == len(every)
    groups = sum(pf.num_row_groups for pf in dataset._ix().parquet)
    assert groups >= 8  # the batch did touch many groups
    assert most <= 2  # the one decoded now (and at most the one before, being let go)


def test_a_sparse_fetch_decodes_only_its_rows(
    dataset: EventDataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A filter keeping a few events of each row group (a sparse facet over years) decodes
    those events alone, not every group they touch, and gives what decoding the groups whole
    gives; groups already decoded are used as they are."""
    from nkviewer.events.filters import EventFilter
    from nkviewer.export.data import records

    decoded: list[int] = []
    decode = dataset_module._decode

    def counted(table: Any) -> dict[str, np.ndarray]:
        decoded.append(table.num_rows)
        return decode(table)

    monkeypatch.setattr(dataset_module, "_decode", counted)
    flt = EventFilter(text="Guterres")  # one of many actors: a few events in each group
    bounds = dataset.time_bounds()
    assert bounds is not None
    sparse = dataset.events_in(*bounds, filters=flt)
    n = len(sparse)
    groups = sum(pf.num_row_groups for pf in dataset._ix().parquet)
    assert groups < n < len(dataset) * dataset_module._SPARSE_SHARE / 2  # the case is sparse
    assert sum(decoded) == n and len(decoded) == groups  # those rows alone, from each group
    assert not dataset._groups  # (nothing decoded whole was kept)

    monkeypatch.setattr(dataset_module, "_SPARSE_SHARE", 0.0)  # every group decoded whole
    decoded.clear()
    whole = dataset.events_in(*bounds, filters=flt)
    assert sum(decoded) == len(dataset) and len(dataset._groups) > 0
    assert records(whole) == records(sparse)
    assert whole["t0"].tolist() == sparse["t0"].tolist()

    monkeypatch.setattr(dataset_module, "_SPARSE_SHARE", 1.0)  # decoded groups stay in use
    decoded.clear()
    assert records(dataset.events_in(*bounds, filters=flt)) == records(sparse)
    assert len(dataset._groups) == groups and sum(decoded) == 0


def test_decoded_rows_leave_the_collector_nothing_to_walk(dataset: EventDataset) -> None:
    """Decoding a dataset's rows (kept decoded for panning, handed to the window in frames)
    adds a handful of objects the cyclic collector tracks, not some per event: their list
    cells (six per event) held only strings, numbers and records of those, yet each was a
    tracked list, and every full collection walked them all — two thirds of the window's
    tracked heap on a 10^5-event dataset, 0.27-0.45 s collections on the window's thread."""
    assert not heap.keeping()  # (else a collection here would freeze what it should count)
    ds = EventDataset.open(dataset.path)
    try:
        bounds = ds.time_bounds()
        assert bounds is not None
        ds.events_in(bounds[0], bounds[0] + 1)  # first use: lanes, imports, the few made once
        ds._ids_job.result()
        ds._docs_job.result()
        gc.collect()
        before = len(gc.get_objects())
        frame = ds.events_in(*bounds)  # every row group decoded, and kept
        found = ds.find(frame["event_id"].iloc[::997].tolist())  # a few rows alone (`few`)
        gc.collect()
        grown = len(gc.get_objects()) - before
        assert len(frame) == len(ds) and len(ds._groups) >= 8 and len(found) >= 20
        cells = dataset_module._LIST_COLUMNS + dataset_module._STRUCT_COLUMNS
        for part in (frame, found):
            tracked = [c for c in cells if any(map(gc.is_tracked, part[c]))]
            assert not tracked, f"tracked cells in {tracked}"
        assert grown < len(frame) // 10, f"{grown:,} tracked objects for {len(frame):,} events"
    finally:
        ds.close()


def test_decoded_row_groups_stay_within_the_row_budget(
    dataset: EventDataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Panning window by window over every row group and back keeps at most `_GROUP_ROWS`
    decoded rows (not only `_GROUP_CACHE` groups, whose size is the file's), and the latest
    group whatever its size; a window decoded again after its groups were let go is the same."""
    from nkviewer.export.data import records

    budget = 3 * EVENT_ROW_GROUP + EVENT_ROW_GROUP // 2
    monkeypatch.setattr(dataset_module, "_GROUP_ROWS", budget)
    monkeypatch.setattr(dataset_module, "_SPARSE_SHARE", 0.0)  # groups decoded whole, kept
    with EventDataset.open(dataset.path) as ds:
        lo, hi = float(ds._ix().t0.min()), float(ds._ix().t1.max())
        step = (hi - lo) / 30
        first: dict[int, list[dict[str, Any]]] = {}
        most = 0
        for k in [*range(30), *range(29, -1, -1)]:  # across and back
            got = records(ds.events_in(lo + k * step, lo + (k + 1) * step))
            if k in first:
                assert got == first[k]
            first[k] = got
            rows = sum(len(cols["t0"]) for cols in ds._groups.values())
            most = max(most, rows)
            assert rows <= budget
        assert sum(len(v) for v in first.values()) >= len(ds)  # every event was decoded
        assert most > 2 * EVENT_ROW_GROUP  # the budget was used, not left empty
        monkeypatch.setattr(dataset_module, "_GROUP_ROWS", 10)  # under one group's rows
        ds.events_in(lo, lo + step)
        assert len(ds._groups) == 1  # the group just decoded stays
