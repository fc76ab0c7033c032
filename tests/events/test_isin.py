"""`isin`: which rows of an id (or lane) column are among some values. For Arrow strings Arrow's
`is_in` answers, not pandas' `isin` (which makes a Python scalar of each value: a large selection
held the window for a second after every refilter, `_shown_of`, and a sidecar's hidden ids,
titles and dates held the interpreter's lock in the curation worker); the answer is the same as
pandas' for every kind of column."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from nkviewer.app.memory import _shown_of
from nkviewer.corpus.curation import curate
from nkviewer.events.table import isin

IDS = ["ev-a", "ev-b", None, "ev-c", "ev-d"]
VALUES = ["ev-d", "ev-b", "nope"]


@pytest.mark.parametrize("dtype", ["str", "string[pyarrow]", "large_string[pyarrow]", object])
def test_isin_answers_as_pandas_does(dtype: Any) -> None:
    column = pd.Series(IDS, dtype=dtype)
    got = isin(column, VALUES)
    assert got.dtype == np.bool_
    assert got.tolist() == column.isin(VALUES).to_numpy(dtype=bool).tolist()
    assert got.tolist() == [False, True, False, False, True]


def test_values_that_are_not_all_strings_are_left_to_pandas() -> None:
    column = pd.Series(IDS, dtype="str")
    mixed: list[Any] = ["ev-a", 3]
    assert isin(column, mixed).tolist() == column.isin(mixed).to_numpy(dtype=bool).tolist()


def refuse_pandas_isin(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(self: pd.Series, values: object) -> pd.Series:
        raise AssertionError("pandas' isin was asked")

    monkeypatch.setattr(pd.Series, "isin", refused)


def test_arrow_strings_are_not_matched_value_by_value_by_pandas(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    refuse_pandas_isin(monkeypatch)
    filtered = pd.DataFrame({"event_id": pd.Series(["ev-a", "ev-b", "ev-c"], dtype="str")})
    assert _shown_of(filtered, ["ev-c", "ev-x", "ev-a"]) == ["ev-c", "ev-a"]


def test_curation_matches_its_ids_with_arrow(monkeypatch: pytest.MonkeyPatch) -> None:
    ids = [f"ev-{i}" for i in range(6)]
    frame = pd.DataFrame(
        {
            "event_id": pd.Series(ids, dtype="str"),
            "title": pd.Series([f"title {i}" for i in range(6)], dtype="str"),
            "start": pd.Series([f"2020-01-{i + 1:02d}" for i in range(6)], dtype="str"),
            "end": pd.Series([f"2020-01-{i + 1:02d}" for i in range(6)], dtype="str"),
            "granularity": pd.Series(["day"] * 6, dtype="str"),
            "t0": np.arange(6, dtype=float) + 18262.0,
            "t1": np.arange(6, dtype=float) + 18263.0,
        }
    )
    refuse_pandas_isin(monkeypatch)
    curated = curate(
        frame,
        hidden={"ev-1", "ev-4"},
        titles={"ev-2": "retitled"},
        dates={"ev-5": ("2019-12-31", "2019-12-31", "day")},
    ).frame
    assert curated["event_id"].tolist() == ["ev-5", "ev-0", "ev-2", "ev-3"]
    assert curated.loc[curated["event_id"] == "ev-2", "title"].tolist() == ["retitled"]
