"""Events as text a column at a time from Python values: JSON values and spreadsheet-safe CSV
cells.

The data writers once turned every event into a dict of Python values and encoded it (`records`,
`csv_row`, `json.dumps`): a pure-Python loop over every cell, and 10^5 dicts and their lists to
collect, that the export worker ran holding the interpreter's lock beside the window. The text
is now made by Arrow kernels (`nkviewer.export.arrow_text`) from a dataset's stored rows or a
corpus' frame; a column they do not take (NaN, floats, dates, records of mixed keys) is
encoded here, at once: text cells by the C JSON string encoder over the whole column, numbers
by `str`, list cells by one C `json.dumps` each. CSV cells go to Arrow (`pyarrow.csv`, which
writes with the lock released) and formula-like text is neutralised by Arrow compute with the
rule `spreadsheet_safe` states. The text is the one the per-record encoders made (tested
against them).
"""

from __future__ import annotations

import functools
import json
import re
from typing import TYPE_CHECKING, Any

from nkviewer.events.record import ALL_FIELDS, LIST_FIELDS
from nkviewer.slices import row_slices

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    import pyarrow as pa

#: Cell starts a spreadsheet takes for a formula (OWASP's CSV injection list): the one list the
#: cell-by-cell rule, its regular expression and its byte test below are made of.
FORMULA_CHARS = "=+-@\t\r"
#: `spreadsheet_safe`'s rule in RE2 (Arrow's regex engine): a cell starting like a formula…
FORMULA_START_RE = "^[" + re.escape(FORMULA_CHARS) + "]"
#: …that is not a number as a spreadsheet reads it (Python's `\d` is any Unicode decimal digit).
NUMBER_RE = r"^[+-]?(?:\p{Nd}+(?:\.\p{Nd}*)?|\.\p{Nd}+)(?:[eE][+-]?\p{Nd}+)?$"


#: A number as a spreadsheet reads it: such a cell stays as it is, even with a leading sign.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_FORMULA_START = tuple(FORMULA_CHARS)


def spreadsheet_safe(value: Any) -> Any:
    """A CSV cell that no spreadsheet runs: text starting like a formula (`=HYPERLINK(…)`,
    `=cmd|' /C calc'!A0`, `@SUM(…)`, `+1-2`) gets a leading `'`, as OWASP advises, so that it
    shows as the text it is; numbers (`-12.5`) and everything else are kept unchanged."""
    formula = isinstance(value, str) and value.startswith(_FORMULA_START)
    if formula and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_row(rec: dict[str, Any]) -> dict[str, Any]:
    """An event record as a CSV row: list fields as JSON text, every cell spreadsheet-safe.
    (The rule; the writers apply it a column at a time, `neutralised`.)"""
    return {
        k: spreadsheet_safe(json.dumps(v, ensure_ascii=False) if k in LIST_FIELDS else v)
        for k, v in rec.items()
    }


def columns(frame: pd.DataFrame) -> list[str]:
    """The contract's fields the frame holds, in the contract's order."""
    return [c for c in ALL_FIELDS if c in frame.columns]


def _tolist(value: Any) -> Any:
    """`json`'s `default`: numpy arrays and scalars (pandas may hand them back from Parquet) as
    Python values, as `records` makes them."""
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


_COMPACT_ENCODER = json.JSONEncoder(ensure_ascii=False, default=_tolist)
_c_make_encoder: Any = getattr(json.encoder, "c_make_encoder", None)
_C_COMPACT = (
    # what `_COMPACT_ENCODER.encode` makes anew at each call (its C encoder, without the
    # circular-reference check cells never need): 2-3 times faster per cell
    _c_make_encoder(
        None, _tolist, json.encoder.encode_basestring, None, ": ", ", ", False, False, True
    )
    if _c_make_encoder is not None
    else None
)


def _compact(value: Any) -> str:
    """`json.dumps(value, ensure_ascii=False)`, numpy values as Python ones."""
    if _C_COMPACT is None or type(value) is str:
        return _COMPACT_ENCODER.encode(value)
    return "".join(_C_COMPACT(value, 0))


_INDENTED = json.JSONEncoder(ensure_ascii=False, indent=1, default=_tolist).encode
_BOOL_JSON = {True: "true", False: "false"}
_encode_str = json.encoder.encode_basestring  # the C encoder when there is one


def encode_str(text: str) -> str:
    """`text` as a JSON string, as `json.dumps(text, ensure_ascii=False)` writes it."""
    return str(_encode_str(text))


def _kind(values: list[Any]) -> str:
    # pandas (imported by whoever made the frame) tells in C what a column holds
    from pandas.api.types import infer_dtype

    return str(infer_dtype(values, skipna=False))


def json_cells(series: pd.Series, name: str, *, depth: int = 0) -> list[str]:
    """Each value of the column as `json.dumps(record, ensure_ascii=False)` writes it in its
    record; with `depth`, as `indent=1` lays it out that many levels deep."""
    return json_values(series.tolist(), name, depth=depth)


def json_values(values: list[Any], name: str, *, depth: int = 0) -> list[str]:
    """`json_cells` of the column's values as Python values."""
    if name in LIST_FIELDS:
        if not depth:
            return [_compact(v) for v in values]
        pad = "\n" + " " * depth
        return [_indented(v, pad) for v in values]
    kind = _kind(values)
    if kind == "string":
        return list(map(_encode_str, values))
    if kind == "integer":
        return list(map(str, values))
    if kind == "boolean":
        return list(map(_BOOL_JSON.__getitem__, values))
    encode = _INDENTED if depth else _compact
    pad = "\n" + " " * depth
    return [encode(v).replace("\n", pad) if depth else encode(v) for v in values]


def _indented(value: Any, pad: str) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=1)` laid out at the indentation `pad`
    ("\\n" and a space per level), for the lists and dicts of str and int cells hold (the
    standard library's indenting encoder is pure Python, and 3-4 times slower); anything
    else goes to that encoder."""
    kind = type(value)
    if kind is str:
        return _encode_str(value)
    if kind is list:
        if not value:
            return "[]"
        inner = pad + " "
        return "[" + inner + ("," + inner).join([_indented(v, inner) for v in value]) + pad + "]"
    if kind is dict and all(type(k) is str for k in value):
        if not value:
            return "{}"
        inner = pad + " "
        items = [_encode_str(k) + ": " + _indented(v, inner) for k, v in value.items()]
        return "{" + inner + ("," + inner).join(items) + pad + "}"
    if kind is int:
        return int.__repr__(value)
    return _INDENTED(value).replace("\n", pad)


def csv_array(values: list[Any], name: str) -> pa.Array:
    """A column's CSV cells (`csv_row`'s, as Arrow writes them) from its Python values: list
    fields as JSON text, formula-like text neutralised, integers as integers, None as null
    (the values `arrow_text.frame_column` does not take)."""
    import pyarrow as pa

    if name in LIST_FIELDS:
        return neutralised(pa.array([_compact(v) for v in values], pa.string()))
    kind = _kind(values)
    if kind == "string":
        return neutralised(pa.array(values, pa.string()))
    if kind == "integer":
        return pa.array(values, pa.int64())
    # None, booleans, mixed: as `csv` writes them, cell by cell
    return pa.array([_csv_text(v) for v in values], pa.string())


#: Rows of a column turned into Arrow by one call (`arrow_table`): a call holds the
#: interpreter's lock from start to end (a shorter switch interval cannot cut it), and a
#: worker that the machine takes off its core in the middle of one keeps the window waiting
#: for the whole of it; at 500 rows the longest call (`sources`) is about a tenth of a 5,000-row
#: one's 2-3 ms of CPU.
ARROW_SLICE = 500


def arrow_table(frame: pd.DataFrame, schema: pa.Schema | None = None) -> pa.Table:
    """`pa.Table.from_pylist(records(frame), schema=schema)`, made a column at a time: each
    column's Python values go to Arrow `ARROW_SLICE` rows per conversion, with no dict per
    event between (the slices' types merged as one inference over every record would make
    them). A list column whose cells are not all lists (numpy arrays from Parquet) is made
    plain first, as `records` makes it."""
    import pyarrow as pa

    names = schema.names if schema is not None else columns(frame)
    n = len(frame)
    kinds = {name: schema.field(name).type if schema is not None else pa.string() for name in names}
    # pandas' text columns as the Arrow text they are (no Python str per cell and back)
    text = {name: _arrow_text(frame, name, kinds[name]) for name in names}
    values = {name: _column_values(frame, name, n) for name in names if text[name] is None}

    def part(name: str, lo: int, hi: int) -> pa.Array:
        got = text[name]
        if got is not None:
            return got.slice(lo, hi - lo)
        if schema is not None:
            return pa.array(values[name][lo:hi], type=kinds[name])
        return pa.array(values[name][lo:hi])

    if schema is not None:
        chunks = [
            [part(name, lo, hi) for lo, hi in row_slices(n, ARROW_SLICE)]
            or [pa.array([], type=schema.field(name).type)]
            for name in names
        ]
        return pa.Table.from_arrays(
            [
                pa.chunked_array(c, type=schema.field(name).type)
                for c, name in zip(chunks, names, strict=True)
            ],
            schema=schema,
        )
    if n <= ARROW_SLICE:
        return pa.table([part(name, 0, n) for name in names], names=names)
    slices = [
        pa.table([part(name, lo, hi) for name in names], names=names)
        for lo, hi in row_slices(n, ARROW_SLICE)
    ]
    return pa.concat_tables(slices, promote_options="permissive")


@functools.cache
def _stored_schema() -> pa.Schema:
    """The Arrow types an event dataset stores the contract's fields as (its writer's table of
    no events): what a field is when no event holds a value to infer one from."""
    from nkviewer.corpus.dataset_store import events_table
    from nkviewer.events.table import empty_frame

    return events_table(empty_frame(), kind_of={}, source_of_doc={}).schema


def contract_typed(table: pa.Table) -> pa.Table:
    """`table` with each field that inference left untyped (no event holds a value: `null`,
    or a list of `null` for lists all empty) cast to the type an event dataset stores it as,
    so that a Parquet export of a corpus in memory types every field as the same export of a
    dataset does (and a stream's later batches, typed by its first, can hold values there)."""
    import pyarrow as pa

    stored = _stored_schema()
    fields = list(table.schema)
    for i, field in enumerate(fields):
        kind = field.type
        untyped = pa.types.is_null(kind) or (
            pa.types.is_list(kind) and pa.types.is_null(kind.value_type)
        )
        if untyped and field.name in stored.names:
            fields[i] = field.with_type(stored.field(field.name).type)
    schema = pa.schema(fields, metadata=table.schema.metadata)
    return table if schema.equals(table.schema) else table.cast(schema)


def _arrow_text(frame: pd.DataFrame, name: str, kind: pa.DataType) -> pa.Array | None:
    """A pandas text column of `frame` without missing values as Arrow text of type `kind`
    (its own Arrow data, cast in C): the array `pa.array` makes of its `tolist()`, without
    the Python str per cell (at 10^5 events, each 5,000-row column's `tolist` held the
    interpreter's lock up to 6 ms). None for any other column, a missing value (NaN to
    `tolist`), no row or a `kind` that is not text: those go through Python as before."""
    import pyarrow as pa

    from nkviewer.events.table import arrow_strings, one_chunk

    if not len(frame) or name not in frame.columns:
        return None
    if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
        return None
    data = arrow_strings(frame[name])
    if data is None or data.null_count:
        return None
    return one_chunk(data).cast(kind)


def _column_values(frame: pd.DataFrame, name: str, n: int) -> list[Any]:
    """The column `name` of `frame` as Python values for Arrow (a field the frame does not hold:
    nulls, as `from_pylist` makes a field no record holds)."""
    if name not in frame.columns:
        return [None] * n
    values: list[Any] = frame[name].tolist()
    if name in LIST_FIELDS and not all(type(v) is list or v is None for v in values):
        values = [plain(v) for v in values]
    return values


def plain(value: Any) -> Any:
    """numpy scalars/arrays → Python values (pandas may hand them back from Parquet)."""
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def _csv_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return str(spreadsheet_safe(value))
    return str(value)


def utf8(text: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """A string array's bytes as numpy sees Arrow's buffers, without a copy: the values one
    after another (UTF-8) and where each starts and ends in them (`len(text) + 1` offsets)."""
    import numpy as np
    import pyarrow as pa

    text = text.cast(pa.string())
    _, offsets, values = text.buffers()
    if values is None or not len(text):
        return np.empty(0, np.uint8), np.zeros(len(text) + 1, np.int32)
    ends = np.frombuffer(offsets, np.int32)[text.offset : text.offset + len(text) + 1]
    return np.frombuffer(values, np.uint8)[ends[0] : ends[-1]], ends - ends[0]


def whole(text: pa.Array) -> pa.Array:
    """A string array's values as one binary value, without a copy (`utf8`'s bytes): what
    Arrow's kernels search at once, with the interpreter's lock released (numpy's searches
    keep it)."""
    import numpy as np
    import pyarrow as pa

    values, _ = utf8(text)
    bounds = pa.py_buffer(np.array([0, len(values)], np.int32).tobytes())
    return pa.Array.from_buffers(pa.binary(), 1, [None, bounds, pa.py_buffer(values)])


#: The first bytes of the cells `FORMULA_START_RE` matches (each character is one byte).
_FORMULA_BYTES = FORMULA_CHARS.encode("ascii")


def neutralised(text: pa.Array) -> pa.Array:
    """Arrow's `spreadsheet_safe` of a string array: a `'` before each formula-like cell
    (the regular expressions run only when some cell starts with one of their characters)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    values, ends = utf8(text)
    starts = ends[:-1][ends[1:] > ends[:-1]]  # (null and empty cells: nothing to start with)
    first = values[starts]
    if not (first[:, None] == np.frombuffer(_FORMULA_BYTES, np.uint8)).any():
        return text

    formula = pc.and_(
        pc.match_substring_regex(text, FORMULA_START_RE),
        pc.invert(pc.match_substring_regex(text, NUMBER_RE)),
    )
    quoted = pc.binary_join_element_wise(pa.scalar("'"), text, pa.scalar(""))
    return pc.if_else(formula, quoted, text)
