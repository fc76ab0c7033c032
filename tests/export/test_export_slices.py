"""The writers' conversions made a slice of rows per call (each call holds the interpreter's
lock throughout) give what one call over every row gives, slice boundaries crossed (slices
of 2 rows) on awkward values: no row, one row, repeated values, missing ones, unicode, lists
and records that differ from slice to slice; and pandas' text columns taken as the Arrow text
they are give the table their Python values give."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from nkviewer.export import arrow_text, cells

COLUMNS: list[list[Any]] = [
    [],
    [["평양"]],
    [["Kim 🚀", "Xi"], [], ["Kim 🚀", "Xi"], ["Kim 🚀", "Xi"], ["Пхеньян"]],
    [[], [], [], ["late"], []],  # the first slices' lists empty: another inferred type
    [None, None, ["x"], [], None],
    [["a", None], ["b"], [None], []],
    [[{"text": "Kim", "start": 1}], [], [{"text": "Xi", "start": 2}], [{"text": "Xi", "start": 2}]],
    [[{"text": "Kim"}], [{"text": "Xi", "start": 2}], [], [{"start": 3, "text": "Lee"}]],
    [1, 2, None, 2**40, 5],
    [True, False, None, True],
    ["é", "", "é", None, "🚀"],
]


@pytest.mark.parametrize("values", COLUMNS)
def test_an_object_columns_arrow_made_by_slices_is_the_one_made_at_once(
    values: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    column = np.empty(len(values), dtype=object)
    column[:] = values
    whole = pa.array(column, from_pandas=False)
    monkeypatch.setattr(arrow_text, "CONVERT_SLICE", 2)
    sliced = arrow_text.converted(column)
    assert sliced.type == whole.type
    assert sliced.equals(whole)
    assert sliced.to_pylist() == whole.to_pylist()


@pytest.mark.parametrize("values", [[1, "a", 2, 3], [["a"], [1], ["b"]], ["a", "b", 3]])
def test_values_arrow_cannot_convert_fail_by_slices_as_at_once(
    values: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    column = np.empty(len(values), dtype=object)
    column[:] = values
    with pytest.raises(pa.ArrowException) as whole:
        pa.array(column, from_pandas=False)
    monkeypatch.setattr(arrow_text, "CONVERT_SLICE", 2)
    with pytest.raises(pa.ArrowException) as sliced:
        arrow_text.converted(column)
    assert type(sliced.value) is type(whole.value)


def _events(n: int) -> pd.DataFrame:
    from bench.synthetic import synthetic_frame

    f = synthetic_frame(max(n, 1), years=2, seed=3).head(n).reset_index(drop=True)
    titles = ["=1+1", "Kim 🚀 met Xi", "김정은", "Kim 🚀 met Xi", "", "Пхеньян"]
    return f.assign(title=pd.Series([titles[i % len(titles)] for i in range(n)], dtype="str"))


def _as_python(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with its text columns as object columns: `arrow_table` takes their values
    through Python, as it did for every column."""
    text = [c for c in frame.columns if isinstance(frame[c].dtype, pd.StringDtype)]
    return frame.astype(dict.fromkeys(text, object))


@pytest.mark.parametrize("n", [0, 1, 2, 5, 9])
def test_text_columns_taken_as_arrow_make_the_table_their_values_make(
    n: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cells, "ARROW_SLICE", 2)
    frame = _events(n)
    assert n == 0 or isinstance(frame["title"].dtype, pd.StringDtype)
    if n:
        assert cells._arrow_text(frame, "title", pa.string()) is not None
    table = cells.arrow_table(frame)
    reference = cells.arrow_table(_as_python(frame))
    assert table.schema == reference.schema
    assert table.equals(reference)
    # with a schema (a stream's later batches), large text too
    schema = cells.arrow_table(_events(4)).schema
    schema = schema.set(0, schema.field(0).with_type(pa.large_string()))
    typed = cells.arrow_table(frame, schema)
    assert typed.schema == schema
    assert typed.equals(cells.arrow_table(_as_python(frame), schema))


def test_a_text_column_with_a_missing_value_goes_through_python() -> None:
    frame = _events(5)
    frame["doc_url"] = pd.Series(["https://a", None, "https://b", "", None], dtype="str")
    assert cells._arrow_text(frame, "doc_url", pa.string()) is None
    assert cells._arrow_text(frame, "title", pa.int64()) is None  # not text: as before
    assert cells._arrow_text(frame, "no such field", pa.string()) is None
