"""`take_rows` works on the columns' arrays, not a pandas Series per column: the table is the
one `frame.take(rows)` gives, column types included (numbers, booleans, Python objects,
nullable integers, categories, dates, Arrow text with missing values), for repeated, moved and
single rows; and it leaves none of the weak references pandas keeps in the source table's
blocks for each Series made from it (they lived on into the curate worker's full
collections, issue 13)."""

from __future__ import annotations

import gc
import weakref

import numpy as np
import pandas as pd
import pytest

from bench.synthetic import synthetic_frame
from nkviewer.corpus.curation import take_rows


def _tricky(n: int) -> pd.DataFrame:
    frame = synthetic_frame(n, years=2, seed=31)
    rng = np.random.default_rng(31)
    titles = frame["title"].tolist()
    for i in rng.choice(n, n // 5, replace=False).tolist():
        titles[i] = rng.choice(np.array([None, "", "Straße", "İzmir"], dtype=object))
    frame["title"] = pd.Series(titles, dtype=frame["title"].dtype)
    frame["count"] = pd.array(rng.choice([1, 2, None], n), dtype="Int64")
    frame["kind"] = pd.Categorical(rng.choice(["a", "b", "c"], n))
    frame["when"] = pd.to_datetime("2019-01-01") + pd.to_timedelta(rng.integers(0, 900, n), "D")
    frame["flag"] = rng.random(n) < 0.5
    return frame


def _rows(n: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(32)
    return {
        "one run": np.arange(3, n - 3),
        "runs": np.flatnonzero(rng.random(n) < 0.8),
        "repeated": np.r_[np.arange(0, 50), np.arange(10, 60), np.arange(0, 50)],
        "moved": np.r_[np.arange(100, 200), np.arange(0, 100)],
        "shuffled": rng.permutation(n),
        "one row": np.array([n - 1]),
    }


@pytest.mark.parametrize("series_walk", [False, True])
def test_rows_are_those_of_pandas_take(monkeypatch: pytest.MonkeyPatch, series_walk: bool) -> None:
    frame = _tricky(400)
    if series_walk:  # a pandas without the private column walk: by the columns' Series
        monkeypatch.delattr(pd.DataFrame, "_iter_column_arrays")
    for what, rows in _rows(len(frame)).items():
        got = take_rows(frame, rows.astype(np.int64))
        want = frame.take(rows).reset_index(drop=True)
        pd.testing.assert_frame_equal(got, want, check_exact=True, obj=what)
        assert list(got.dtypes) == list(frame.dtypes), what
        assert got["actors"].tolist() == want["actors"].tolist(), what
        assert all(a is b for a, b in zip(got["entities"], want["entities"], strict=True))


def test_no_weak_references_are_left_behind() -> None:
    frame = _tricky(400)
    rows = np.flatnonzero(np.arange(400) % 7 != 0)
    take_rows(frame, rows)  # (imports and caches)
    gc.collect()
    before = sum(isinstance(o, weakref.ref) for o in gc.get_objects())
    for _ in range(20):
        take_rows(frame, rows)
    gc.collect()
    after = sum(isinstance(o, weakref.ref) for o in gc.get_objects())
    # a Series per column left one each: 20 tables of 35 columns, 700
    assert after - before < 20
