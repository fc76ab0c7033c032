"""Which of a selection's ids a filtered table shows (`_shown_of`, on the window's thread after
every refilter): for Arrow strings Arrow's `is_in` answers, not pandas' `isin` (which makes a
Python scalar of each value: a large selection held the window for a second); the answer is
the same as pandas' for every kind of column."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from nkviewer.app.memory import _isin, _shown_of

IDS = ["ev-a", "ev-b", None, "ev-c", "ev-d"]
VALUES = ["ev-d", "ev-b", "nope"]


@pytest.mark.parametrize("dtype", ["str", "string[pyarrow]", "large_string[pyarrow]", object])
def test_isin_answers_as_pandas_does(dtype: Any) -> None:
    column = pd.Series(IDS, dtype=dtype)
    got = _isin(column, VALUES)
    assert got.dtype == np.bool_
    assert got.tolist() == column.isin(VALUES).to_numpy(dtype=bool).tolist()
    assert got.tolist() == [False, True, False, False, True]


def test_values_that_are_not_all_strings_are_left_to_pandas() -> None:
    column = pd.Series(IDS, dtype="str")
    mixed: list[Any] = ["ev-a", 3]
    assert _isin(column, mixed).tolist() == column.isin(mixed).to_numpy(dtype=bool).tolist()


def test_arrow_strings_are_not_matched_value_by_value_by_pandas(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refused(self: pd.Series, values: object) -> pd.Series:
        raise AssertionError("pandas' isin was asked")

    monkeypatch.setattr(pd.Series, "isin", refused)
    filtered = pd.DataFrame({"event_id": pd.Series(["ev-a", "ev-b", "ev-c"], dtype="str")})
    assert _shown_of(filtered, ["ev-c", "ev-x", "ev-a"]) == ["ev-c", "ev-a"]
