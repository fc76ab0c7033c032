"""`TextIndex`: the positions of many ids in a column, found by binary search over the column's
values as sorted fixed-width bytes, equal to a plain Python reference (first occurrence, -1
where absent) whatever the column holds: repeats, nulls, empty and non-ASCII values, values of
other lengths, several chunks, slices; and the index made once per live column."""

from __future__ import annotations

import gc
import random

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from bench.synthetic import synthetic_frame
from nkviewer.model import text_index as text_index_mod
from nkviewer.model import timeline as timeline_mod
from nkviewer.model.list_rows import list_change
from nkviewer.model.text_index import TextIndex, text_index
from nkviewer.model.timeline import SCAN_VALUES, TextColumn, prepare


def reference(cells: list[str | None], wanted: list[str]) -> list[int]:
    first = {v: i for i, v in reversed(list(enumerate(cells))) if v is not None}
    return [first.get(v, -1) for v in wanted]


def random_cells(rng: random.Random, n: int) -> list[str | None]:
    """Ids of several lengths (a few empty, non-ASCII, repeated), some missing."""
    letters = "abcxyzé한😀"
    cells: list[str | None] = []
    for _ in range(n):
        r = rng.random()
        if r < 0.05:
            cells.append(None)
        elif r < 0.08:
            cells.append("")
        else:
            length = rng.randint(1, 6)
            cells.append("".join(rng.choice(letters) for _ in range(length)))
    return cells


def wanted_of(rng: random.Random, cells: list[str | None], k: int) -> list[str]:
    present = [c for c in cells if c is not None]
    absent = ["zz", "abcxyzé한😀abc", "a" * 40, "", "é", "😀😀"]
    return [rng.choice(present) if rng.random() < 0.7 else rng.choice(absent) for _ in range(k)]


@pytest.mark.parametrize("seed", range(8))
def test_an_index_finds_what_a_python_dict_finds(seed: int) -> None:
    rng = random.Random(seed)
    cells = random_cells(rng, rng.randint(1, 900))
    cut = rng.randint(0, len(cells))
    string_type = rng.choice([pa.string(), pa.large_string()])
    column = pa.chunked_array(
        [pa.array(cells[:cut], string_type), pa.array(cells[cut:], string_type)]
    )
    index = TextIndex.of(column)
    assert index is not None
    wanted = wanted_of(rng, cells, rng.randint(1, 300))
    assert index.positions(wanted, column).tolist() == reference(cells, wanted)
    assert index.positions(pa.array(wanted), column).tolist() == reference(cells, wanted)
    assert index.positions([], column).tolist() == []


def test_an_index_of_a_slice_counts_from_the_slice() -> None:
    cells = [f"id{i % 97:03d}" for i in range(500)]  # one width: the bytes read in one piece
    whole = pa.chunked_array([pa.array(cells)])
    part = whole.slice(130, 200)
    index = TextIndex.of(part)
    assert index is not None
    wanted = ["id000", "id050", "id096", "id200", "nope"]
    assert index.positions(wanted, part).tolist() == reference(cells[130:330], wanted)


def test_missing_values_are_never_found() -> None:
    cells: list[str | None] = [None, "", "a", None, "b"]
    column = pa.chunked_array([pa.array(cells)])
    index = TextIndex.of(column)
    assert index is not None
    found = index.positions(pa.array(["", None, "a", "b", "c"]), column)
    assert found.tolist() == [1, -1, 2, 4, -1]
    nulls = pa.chunked_array([pa.array([None, None], pa.string())])
    nothing = TextIndex.of(nulls)
    assert nothing is not None and nothing.positions(["", "a"], nulls).tolist() == [-1, -1]
    no_rows = pa.chunked_array([], pa.string())
    empty = TextIndex.of(no_rows)
    assert empty is not None and empty.positions(["a"], no_rows).tolist() == [-1]


def test_values_that_pad_alike_are_told_apart_by_the_column() -> None:
    """ "a" and "a\\0" are the same bytes once padded (the same hash): what the hash finds is
    checked against the column, and a value found under another's hash is looked for again."""
    cells = ["a\x00", "b", "a", "a\x00\x00", "c"]
    column = pa.chunked_array([pa.array(cells)])
    index = TextIndex.of(column)
    assert index is not None
    wanted = ["a", "a\x00", "a\x00\x00", "a\x00\x00\x00", "b", "c", "d"]
    assert index.positions(wanted, column).tolist() == reference(list(cells), wanted)


def test_a_column_an_index_cannot_stand_for_is_still_searched_right() -> None:
    """One value far longer than the rest gets the column no index (the padding would take too
    much room): its look-ups fall back to Arrow's and find the same positions."""
    cells = ["a", "x" * 500, *[f"{i}" for i in range(20)]]
    assert TextIndex.of(pa.chunked_array([pa.array(cells)])) is None
    column = TextColumn(pd.Series(cells, dtype="str"))
    wanted = [*cells, "b", "zz", "x" * 501] * (SCAN_VALUES // len(cells) + 1)
    assert column.positions(wanted).tolist() == reference(list(cells), wanted)


@pytest.mark.parametrize("seed", range(4))
def test_a_column_finds_the_same_positions_with_and_without_its_index(seed: int) -> None:
    rng = random.Random(seed)
    cells = random_cells(rng, 3000)
    column = TextColumn(pd.Series(cells, dtype="str"))
    assert column._arrow is not None
    few = wanted_of(rng, cells, 50)
    many = wanted_of(rng, cells, SCAN_VALUES + 10)
    assert not column.indexed
    assert column.positions(few).tolist() == reference(cells, few)  # a scan: no index made
    assert not column.indexed
    assert column.positions(many).tolist() == reference(cells, many)  # made now
    assert column.indexed
    assert column.positions(few).tolist() == reference(cells, few)  # through it


@pytest.mark.parametrize("seed", range(3))
def test_a_column_of_python_strings_finds_first_occurrences_of_repeated_values(seed: int) -> None:
    """A list-backed column (a dataset's window of events) with repeated values (titles) finds
    each value's first row, before and after `prepare_index`, and in `match` (pandas looks up
    only in an index of distinct values: it raised InvalidIndexError)."""
    rng = random.Random(seed)
    cells = [c if c is not None else "" for c in random_cells(rng, 2000)]
    cells += cells[:300]  # repeats for certain
    wanted = wanted_of(rng, list(cells), 400)
    column = TextColumn(list(cells))
    assert column._arrow is None
    assert column.positions(wanted).tolist() == reference(list(cells), wanted)
    prepared = TextColumn(list(cells))
    prepared.prepare_index()
    assert prepared.indexed
    assert prepared.positions(wanted).tolist() == reference(list(cells), wanted)
    other = TextColumn(list(wanted))
    assert column.match(other).tolist() == reference(list(cells), wanted)


def test_a_long_column_gets_its_index_from_a_worker_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Above `LAZY_INDEX_MAX` a look-up makes no index (a long turn of the window's thread):
    Arrow finds the values, and `prepare_index` (a worker) makes it."""
    monkeypatch.setattr(timeline_mod, "LAZY_INDEX_MAX", 1000)
    rng = random.Random(9)
    cells = random_cells(rng, 3000)
    column = TextColumn(pd.Series(cells, dtype="str"))
    many = wanted_of(rng, cells, SCAN_VALUES + 10)
    assert column.positions(many).tolist() == reference(cells, many)
    assert not column.indexed
    column.prepare_index()
    assert column.indexed and column.positions(many).tolist() == reference(cells, many)


def test_one_index_per_live_column_freed_with_it() -> None:
    frame = synthetic_frame(300, seed=1)
    timeline_ids = prepare(frame, ["none"]).arrays.ids
    listed_ids = list_change(frame.iloc[:0], frame).new.ids
    arrow = timeline_ids._arrow
    assert arrow is not None and listed_ids._arrow is arrow
    index = text_index(arrow, make=False)
    assert index is not None  # made by the workers' `prepare` and `list_change`
    assert text_index(arrow) is index  # shared, not made again
    key = id(arrow)
    del frame, timeline_ids, listed_ids, arrow, index
    gc.collect()
    assert key not in text_index_mod._text_indexes


@pytest.mark.parametrize("seed", range(3))
def test_positions_are_right_in_each_table_after_edits(seed: int) -> None:
    """A table made after an edit (rows gone, an id changed, rows added) gets its own index in
    the worker; the ids of the old table are found where they are now, or not at all."""
    rng = np.random.default_rng(seed)
    frame = synthetic_frame(2000, seed=seed)
    ids = frame["event_id"].tolist()
    prepare(frame, ["none"])
    kept = np.sort(rng.choice(len(frame), 1500, replace=False))
    edited = frame.iloc[kept].reset_index(drop=True)
    renamed = edited["event_id"].tolist()
    renamed[7] = "edited-id"
    edited["event_id"] = pd.Series(renamed, dtype="str")
    added = synthetic_frame(40, seed=seed + 10)
    after = pd.concat([edited, added], ignore_index=True).sort_values("t0", kind="stable")
    after = after.reset_index(drop=True)
    column = prepare(after, ["none"]).arrays.ids
    assert column._arrow is not None and column.indexed
    cells: list[str | None] = list(after["event_id"])
    wanted = [*ids, "edited-id", *added["event_id"].tolist()]
    wanted = [wanted[i] for i in rng.permutation(len(wanted))]
    assert column.positions(wanted).tolist() == reference(cells, wanted)
    dupes = wanted[:100] * 2  # a selection never repeats an id; the look-up may
    assert column.positions(dupes).tolist() == reference(cells, dupes)


def test_a_dataset_window_comes_with_its_index(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The fetching thread makes a window's model and its ids' index: the window's thread
    finds a selection's positions in it without hashing the window's ids."""
    pytest.importorskip("duckdb", reason="duckdb is not installed")
    from nkviewer.corpus.dataset import EventDataset
    from nkviewer.corpus.dataset_store import write_frame_dataset
    from nkviewer.model.source import DatasetSource

    frame = synthetic_frame(6000, years=4, seed=5)
    out = tmp_path_factory.mktemp("band") / "events"
    write_frame_dataset(frame, out)
    with EventDataset.open(out) as ds:
        source = DatasetSource(ds)
        lo, hi = source.time_bounds() or (0.0, 1.0)
        mid = (lo + hi) / 2
        source.window(mid, mid + 60)
        source.wait()
        win = source.current_window()
        assert win is not None and win.model is not None and len(win.frame)
        column = win.model.arrays.ids
        assert column.indexed  # object ids (a pandas index), made by the fetching thread
        cells: list[str | None] = list(win.frame["event_id"])
        wanted = [*frame["event_id"].tolist()[::3], "not-an-id"]
        assert column.positions(wanted).tolist() == reference(cells, wanted)
        source.close()
