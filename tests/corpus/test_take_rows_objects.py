"""`take_rows` joins a curated table's Arrow columns from slices of the raw table's, all the
columns at once (one Arrow table sliced per segment), not column by column: the same values
and the same chunks as a join column by column, without the tens of thousands of Python
objects (an array, a list of its chunks, a list to add them, per segment and column) that
made the curate worker's collections, full ones included (issue 13)."""

from __future__ import annotations

import gc
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from curation_support import scattered, synthetic_raw

from nkviewer.corpus import curation
from nkviewer.corpus.curation import CONTIGUOUS_COLUMNS, curate, sliced_segments, take_rows


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    return synthetic_raw()


def _column_by_column(frame: pd.DataFrame, rows: np.ndarray, name: str) -> pa.ChunkedArray:
    """One Arrow column of `take_rows(frame, rows)` as it was joined before: each segment of
    that column sliced on its own (the reference)."""
    segments = sliced_segments(rows)
    copied = [taken for _, _, taken in segments if taken is not None]
    gaps = pa.array(np.concatenate(copied)) if copied else None
    data = frame[name].array.__arrow_array__()
    whole: Any = data.chunk(0) if data.num_chunks == 1 else data
    copy = whole.take(gaps) if gaps is not None else None
    chunks: list[pa.Array] = []
    at = 0
    for first, length, taken in segments:
        if taken is None:
            part = whole.slice(first, length)
        else:
            part, at = copy.slice(at, length), at + length
        chunks += part.chunks if isinstance(part, pa.ChunkedArray) else [part]
    joined = pa.chunked_array(chunks, data.type)
    if joined.num_chunks > 1 and name in CONTIGUOUS_COLUMNS:
        joined = pa.chunked_array([joined.combine_chunks()], data.type)
    return joined


def _row_patterns(raw: pd.DataFrame) -> dict[str, np.ndarray]:
    n = len(raw)
    rng = np.random.default_rng(11)
    keep = np.ones(n, bool)
    keep[rng.choice(n, 300, replace=False)] = False
    moved = np.r_[np.arange(0, 5000), np.arange(9000, 9100), np.arange(5000, 9000), 17]
    return {
        "one run": np.arange(100, n - 100),
        "hundreds of runs": np.flatnonzero(keep),
        "moved rows": moved.astype(np.int64),
        "single rows": rng.permutation(n)[:50].astype(np.int64),
    }


@pytest.mark.parametrize("cap", [1024, 16])
def test_columns_are_those_joined_column_by_column(
    raw: pd.DataFrame, cap: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same values, types and chunk lengths as the join column by column, with every run
    sliced (`cap` 1024) or the rows between the longest runs copied (16), from a raw table
    whose title column is itself in chunks (a retitled table)."""
    monkeypatch.setattr(curation, "MAX_SLICED_RUNS", cap)
    titled = curate(raw, titles={e: "Renamed" for e in scattered(raw, 7, 4)}, show_hidden=True)
    frame = titled.frame
    assert frame["title"].array.__arrow_array__().num_chunks > 1
    texts = [
        str(c) for c in frame.columns if isinstance(frame[c].array, pd.arrays.ArrowExtensionArray)
    ]
    assert "title" in texts and "event_id" in texts
    for what, rows in _row_patterns(frame).items():
        got = take_rows(frame, rows)
        pd.testing.assert_frame_equal(got, frame.take(rows).reset_index(drop=True), obj=what)
        for name in texts:
            mine = got[name].array.__arrow_array__()
            want = _column_by_column(frame, rows, name)
            assert mine.type == want.type, (what, name)
            assert [len(c) for c in mine.chunks] == [len(c) for c in want.chunks], (what, name)
            assert mine.equals(want), (what, name)


def test_a_table_of_a_thousand_runs_sets_off_few_collections(raw: pd.DataFrame) -> None:
    """1,000 hidden events cut 1,000 runs: joining them column by column set off 19 young
    collections per table (the Python objects made per segment and column, 700 of them a
    collection at CPython's default threshold); one table sliced per segment, one or two."""
    rng = np.random.default_rng(0)
    keep = np.ones(len(raw), bool)
    keep[rng.choice(len(raw), 1000, replace=False)] = False
    rows = np.flatnonzero(keep)
    assert len(sliced_segments(rows)) > 900
    take_rows(raw, rows)  # (imports and caches)
    seen = [0]

    def count(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            seen[0] += 1

    threshold = gc.get_threshold()
    gc.collect()
    gc.set_threshold(700, 10, 10)
    gc.callbacks.append(count)
    try:
        for _ in range(5):
            take_rows(raw, rows)
    finally:
        gc.callbacks.remove(count)
        gc.set_threshold(*threshold)
    assert seen[0] <= 5 * 5
