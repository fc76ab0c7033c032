"""A corpus in memory is written as text by Arrow (`arrow_text.frame_batch`): the bytes are
those the Python encoders make of the same frames, batch by batch — `json.dumps` of each
event's record for JSON Lines and JSON, and for CSV `pyarrow.csv` of the cells
`cells.csv_array` makes of each column's Python values (what the writer wrote before) — for
awkward cells too; and the usual columns are Arrow's, not Python's."""

from __future__ import annotations

import datetime
import io
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

from nkviewer.events.record import LIST_FIELDS
from nkviewer.export import arrow_text, cells, data
from nkviewer.export.data import records, write_events
from nkviewer.export.stream import write_event_stream
from tests.export.test_export_cells import TRICKY_TEXT, _tricky_frame

BATCH = 5  # rows per batch here: a column's type is the batch's, as the writers see it


def _old_csv(frame: pd.DataFrame) -> bytes:
    """The CSV the writer wrote cell by cell: its header, then each batch's `csv_array`s."""
    out = io.BytesIO()
    cols = cells.columns(frame)
    out.write((",".join(cols) + "\r\n").encode())
    options = pacsv.WriteOptions(include_header=False, eol="\r\n")
    for lo in range(0, len(frame), BATCH):
        part = frame.iloc[lo : lo + BATCH]
        table = pa.table([cells.csv_array(part[c].tolist(), c) for c in cols], names=cols)
        pacsv.write_csv(table, out, options)
    return out.getvalue()


def _old_text(frame: pd.DataFrame, fmt: str) -> bytes:
    if fmt == "csv":
        return _old_csv(frame)
    if fmt == "jsonl":
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records(frame))
    else:
        text = json.dumps(records(frame), ensure_ascii=False, indent=1) + "\n"
    return text.encode()


def _awkward_frame() -> pd.DataFrame:
    """The tricky cells, and columns of each kind the Arrow path leaves to `cells`."""
    frame = _tricky_frame()
    n = len(frame)
    frame = frame.assign(
        # text with None in an object column (Arrow: null) and with NaN (pandas' `str`)
        doc_title=pd.Series(
            [None if i % 3 == 1 else t for i, t in enumerate(TRICKY_TEXT)], dtype=object
        ),
        doc_path=pd.Series([math.nan if i == 7 else "/a,b" for i in range(n)], dtype="str"),
        # pandas' text column of Python strings (not Arrow's)
        lane=pd.Series([t or "x" for t in TRICKY_TEXT], dtype="string[python]"),
        # dates of every granularity (BCE ones start like a formula), integers with None,
        # booleans with None, floats
        start=[("2019", "2019-03", "2019-03-14", "-0044-03-15")[i % 4] for i in range(n)],
        doc_published=pd.Series(["" if i == 4 else "2019-03-18" for i in range(n)], dtype=object),
        sentence_start=pd.Series([None if i == 12 else i for i in range(n)], dtype=object),
        uncertain=pd.Series([None if i == 3 else bool(i % 2) for i in range(n)], dtype=object),
        time_end=pd.Series([i + 0.5 if i == 16 else i for i in range(n)], dtype=object),
        # list cells: None, integers, text and None items
        conflicts=[None if i == 6 else ([i, -i] if i % 2 else ["=x", None]) for i in range(n)],
        # records: keys in other orders, None beyond the contract's keys, nested values
        entities=[
            [{"label": "PERSON", "text": t}]
            if i == 2
            else [{"text": t, "label": "GPE", "extra": None}]
            if i == 8
            else [{"text": t, "label": "ORG", "more": {"k": [1]}}]
            if i == 11
            else [{"text": t, "label": "PERSON", "canonical": None, "start": i, "end": None}]
            for i, t in enumerate(TRICKY_TEXT)
        ],
    )
    return frame


@pytest.fixture(params=["tricky", "awkward", "synthetic"])
def frame(request: pytest.FixtureRequest) -> pd.DataFrame:
    if request.param == "tricky":
        return _tricky_frame()
    if request.param == "awkward":
        return _awkward_frame()
    from bench.synthetic import synthetic_frame

    return synthetic_frame(60, years=2, seed=5)


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json"])
@pytest.mark.parametrize("streamed", [False, True])
def test_text_is_the_bytes_the_python_encoders_wrote(
    frame: pd.DataFrame,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
    streamed: bool,
) -> None:
    monkeypatch.setattr(data, "RECORD_BATCH", BATCH)
    path = tmp_path / f"e.{fmt}"
    if streamed:  # (frames cut at a batch's end: the batches are the same)
        write_event_stream([frame.iloc[:10], frame.iloc[10:]], path)
    else:
        write_events(frame, path)
    assert path.read_bytes() == _old_text(frame, fmt)


def test_empty_frames_write_what_they_wrote(tmp_path: Path) -> None:
    frame = _tricky_frame().head(0)
    for fmt in ("csv", "jsonl", "json"):
        path = write_events(frame, tmp_path / f"e.{fmt}", allow_empty=True)
        assert path.read_bytes() == _old_text(frame, fmt), fmt


def test_dates_as_dates_are_csv_text_as_before(tmp_path: Path) -> None:
    """`datetime.date` cells: their text in CSV (from Python values), and no JSON (not JSON
    serialisable), as before."""
    frame = _tricky_frame()
    frame = frame.assign(doc_published=[datetime.date(2019, 3, 1 + i) for i in range(len(frame))])
    assert "doc_published" in arrow_text.frame_batch(frame)[1]
    path = write_events(frame, tmp_path / "e.csv")
    assert path.read_bytes() == _old_csv(frame)
    with pytest.raises(TypeError):
        _old_text(frame, "jsonl")
    with pytest.raises(TypeError):
        write_events(frame, tmp_path / "e.jsonl")


def test_the_usual_columns_are_arrow_not_python() -> None:
    """An extracted corpus' columns (text, integers, booleans, lists of text, records of one
    key order) all go to the kernels: the fallback to Python values is for the odd ones."""
    from bench.synthetic import synthetic_frame

    batch, python = arrow_text.frame_batch(synthetic_frame(200, years=2, seed=6))
    assert python == {}
    assert batch.num_rows == 200
    _, python = arrow_text.frame_batch(_tricky_frame())
    assert python == {}  # (numpy arrays among the lists too)


def test_odd_columns_fall_back_to_their_python_values() -> None:
    frame = _awkward_frame()
    _, python = arrow_text.frame_batch(frame)
    assert set(python) == {
        "doc_path",  # NaN in a `str` column
        "sentence_start",  # an integer column with None
        "time_end",  # a float among integers
        "conflicts",  # a None list
        "entities",  # records of several key orders
    }
    for name, values in python.items():
        assert values == frame[name].tolist() or name in LIST_FIELDS or name == "doc_path"
    one_order = frame.assign(entities=[[{"text": "a", "label": "P", "extra": None}]] * len(frame))
    assert "entities" in arrow_text.frame_batch(one_order)[1]  # None beyond the contract
    core_none = frame.assign(entities=[[{"text": "a", "canonical": None}]] * len(frame))
    assert "entities" not in arrow_text.frame_batch(core_none)[1]


def test_integer_and_boolean_columns_keep_their_types() -> None:
    frame = _tricky_frame()
    batch, _ = arrow_text.frame_batch(frame)
    assert pa.types.is_integer(batch["time_start"].type)
    assert pa.types.is_boolean(batch["uncertain"].type)
    made = arrow_text.csv_batch(batch)
    assert made["time_start"].type == pa.int64()  # written unquoted, as before
    assert made["uncertain"].to_pylist() == [str(v) for v in frame["uncertain"]]
    assert np.array_equal(batch["time_start"].to_numpy(), frame["time_start"].to_numpy())
