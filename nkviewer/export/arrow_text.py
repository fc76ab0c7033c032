"""Events as text made by Arrow: CSV cells and JSON rows, from a dataset's stored rows or a
corpus' event frame.

A dataset's CSV, JSON Lines and JSON exports once decoded every stored row to Python values
(`EventDataset.iter_frames`) and encoded them again (`nkviewer.export.cells`), and a corpus in
memory encoded its frame's Python values cell by cell: seconds of the export worker's CPU at
10^5 events, most of it holding the interpreter's lock beside the window, and a Python object
per cell for the collector. Here Arrow columns become the same text by Arrow compute kernels,
which run with the lock released: JSON strings escaped as `json.dumps(..., ensure_ascii=False)`
escapes them, lists and records joined with the separators the standard library's encoder
writes, a row's cells joined between its keys. A frame's columns become Arrow first
(`frame_batch`: pandas' text columns are Arrow already; lists and records are converted in C).
A column of a type the kernels do not cover (floats, dates, NaN, nested values in a record,
records of several key orders) is encoded by `cells` itself from the Python values (a dataset's
decoded as `EventDataset` decodes it), so the text is the same either way; tests compare the
bytes with those of the Python encoders.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from nkviewer.events.record import ALL_FIELDS, LIST_FIELDS
from nkviewer.events.table import one_chunk
from nkviewer.export import cells
from nkviewer.slices import row_slices

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    import pyarrow as pa

#: What `json.encoder.encode_basestring` writes for each character it escapes (the standard
#: library's table: `\\uXXXX` in lower-case hex for the control characters without a name).
_NAMED = {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_CONTROL = {chr(i): _NAMED.get(chr(i), f"\\u{i:04x}") for i in range(0x20)}


def json_strings(text: pa.Array) -> pa.Array:
    """Each string as `json.encoder.encode_basestring` writes it (quoted, escaped; non-ASCII
    kept); null as `null`."""
    import pyarrow.compute as pc

    quoted = pc.binary_join_element_wise('"', _escaped(text), '"', "")
    return pc.fill_null(quoted, "null") if quoted.null_count else quoted


def _escaped(text: pa.Array) -> pa.Array:
    """`json_strings` without the quotes around (null stays null)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    text = text.cast(pa.string())
    # which characters need escaping, searched in the column's bytes at once by Arrow (a
    # multi-byte UTF-8 character holds none below 0x80): the replacements run only for those
    # a column holds
    values = cells.whole(text)
    if _found(pc.match_substring_regex(values, r'["\\]')):
        text = pc.replace_substring(text, "\\", "\\\\")  # first: the others add backslashes
        text = pc.replace_substring(text, '"', '\\"')
    if _found(pc.match_substring_regex(values, r"[\x00-\x1f]")):
        for char, escaped in _CONTROL.items():
            if _found(pc.match_substring(values, char)):
                text = pc.replace_substring(text, char, escaped)
    return text


def _found(match: pa.Array) -> bool:
    return bool(match[0].as_py())


def _scalar_json(values: pa.Array) -> pa.Array | None:
    """JSON text of a column of strings, integers or booleans (None: another type)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = values.type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_null(kind):
        return json_strings(values)
    if pa.types.is_integer(kind):
        return pc.fill_null(values.cast(pa.string()), "null")
    if pa.types.is_boolean(kind):
        return pc.fill_null(pc.if_else(values, "true", "false"), "null")
    return None


def _layout(depth: int) -> tuple[str, str, str]:
    """(opening, separator, closing) around the items of a non-empty list or record that
    stands `depth` levels deep: `json.dumps`'s compact ", " at depth 0, else `indent=1`'s
    lines (see `cells._indented`)."""
    if not depth:
        return "", ", ", ""
    pad = "\n" + " " * depth
    return pad + " ", "," + pad + " ", pad


def _list_json(column: pa.Array, depth: int) -> pa.Array | None:
    """JSON text of a list column as `cells` writes the decoded lists (a null list as `[]`,
    as `EventDataset` decodes it); None: a type the kernels do not cover."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not pa.types.is_list(column.type):
        return None
    # the values of these lists alone (a slice's `values` are its whole table's)
    offsets = column.offsets
    lo = offsets[0].as_py()
    items = column.values.slice(lo, offsets[-1].as_py() - lo)
    if lo:
        offsets = pc.subtract(offsets, pa.scalar(lo, pa.int32()))
    if pa.types.is_struct(items.type):
        texts = _records_json(items, depth + 1 if depth else 0)
    else:
        texts = _scalar_json(items)
    if texts is None:
        return None
    opening, sep, closing = _layout(depth)
    lists = pa.ListArray.from_arrays(offsets, texts)  # (no mask: null → [] below)
    joined = pc.binary_join(lists, sep)
    wrapped = pc.binary_join_element_wise("[" + opening, joined, closing + "]", "")
    empty = pc.equal(pc.list_value_length(lists), 0)
    if column.null_count:
        empty = pc.or_(empty, pc.is_null(column))
    return pc.if_else(empty, "[]", wrapped)


def _records_json(records: pa.StructArray, depth: int) -> pa.Array | None:
    """JSON text of each record as `EventDataset` decodes it (a dict of the stored keys in
    their order, without the null ones beyond `CORE_KEYS`), `depth` levels deep."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from nkviewer.corpus.dataset_store import CORE_KEYS  # (the store: off the start-up path)

    opening, sep, closing = _layout(depth)
    pieces = []
    for i, field in enumerate(records.flatten()):  # (a null record: its fields null)
        name = records.type.field(i).name
        text = _scalar_json(field)
        if text is None:
            return None
        if name not in CORE_KEYS and field.null_count:
            text = pc.if_else(pc.is_null(field), pa.scalar(None, pa.string()), text)
        key = cells.encode_str(name) + ": "
        pieces.append(pc.binary_join_element_wise(key, text, ""))
    if not pieces:
        return pa.array(["{}"] * len(records), pa.string())
    joined = pc.binary_join_element_wise(*pieces, sep, null_handling="skip")
    wrapped = pc.binary_join_element_wise("{" + opening, joined, closing + "}", "")
    return pc.if_else(pc.equal(joined, ""), "{}", wrapped)


def decoded(column: pa.Array, name: str) -> list[Any]:
    """The column's values as `EventDataset.iter_frames` hands them to the writers: lists as
    lists (a null one empty), records as dicts without their null keys beyond `CORE_KEYS`,
    scalars as numpy makes them Python values."""
    from nkviewer.corpus.dataset_store import CORE_KEYS  # (the store: off the start-up path)

    if name in LIST_FIELDS:
        return [
            [
                {k: v for k, v in item.items() if v is not None or k in CORE_KEYS}
                if isinstance(item, dict)
                else item
                for item in cell
            ]
            if cell is not None
            else []
            for cell in column.to_pylist()
        ]
    values: list[Any] = column.to_numpy(zero_copy_only=False).tolist()
    return values


def json_column(column: pa.Array, name: str, *, depth: int = 0) -> pa.Array:
    """Each cell as `cells.json_cells` writes the decoded value in its record."""
    import pyarrow as pa

    if name in LIST_FIELDS:
        text = _list_json(column, depth)
    elif pa.types.is_integer(column.type) and column.null_count:
        text = None  # (decoded by numpy as floats: `1.0`, `NaN`)
    else:
        text = _scalar_json(column)
    if text is None:
        return pa.array(cells.json_values(decoded(column, name), name, depth=depth), pa.string())
    return text


def csv_column(column: pa.Array, name: str) -> pa.Array:
    """The column as `cells.csv_array` makes the decoded values: list fields as their compact
    JSON, text neutralised (`cells.neutralised`), integers as integers, booleans as `True`
    / `False`, null as null."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = column.type
    if name in LIST_FIELDS:
        text = _list_json(column, 0)
        if text is not None:
            return cells.neutralised(text)
    elif pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return cells.neutralised(column.cast(pa.string()))
    elif pa.types.is_signed_integer(kind) and not column.null_count:
        return column.cast(pa.int64())
    elif pa.types.is_boolean(kind):
        return pc.if_else(column, "True", "False")
    return cells.csv_array(decoded(column, name), name)


def fields(batch: pa.RecordBatch) -> list[str]:
    """The contract's fields the batch holds, in the contract's order (`cells.columns`)."""
    return [c for c in ALL_FIELDS if c in batch.schema.names]


def csv_batch(
    batch: pa.RecordBatch, python: Mapping[str, list[Any]] | None = None
) -> pa.RecordBatch:
    """The batch's contract fields as CSV cells (`csv_column`); a field in `python`: those
    Python values' cells (`cells.csv_array`) instead of its column's."""
    import pyarrow as pa

    names = fields(batch)
    made = [
        cells.csv_array(python[n], n) if python and n in python else csv_column(batch[n], n)
        for n in names
    ]
    return pa.RecordBatch.from_arrays(made, names=names)


def json_rows(
    batch: pa.RecordBatch,
    *,
    indented: bool = False,
    start: str = "",
    end: str = "",
    python: Mapping[str, list[Any]] | None = None,
) -> pa.Array:
    """Each row as `json.dumps(record, ensure_ascii=False)` writes its event (`indented`: as
    the record stands in `json.dump(records, indent=1)`, one space in, without the comma),
    between `start` and `end`; a field in `python`: those Python values' JSON
    (`cells.json_values`) instead of its column's."""
    import pyarrow as pa
    import pyarrow.compute as pc

    names = fields(batch)
    depth = 2 if indented else 0
    if indented:
        keys = [f"{'{' if not i else ','}\n  {cells.encode_str(c)}: " for i, c in enumerate(names)]
        head, tail = start + " ", "\n }"
    else:
        keys = [f"{'{' if not i else ', '}{cells.encode_str(c)}: " for i, c in enumerate(names)]
        head, tail = start, "}"
    parts: list[Any] = []
    literal = head
    for key, name in zip(keys, names, strict=True):
        column = batch[name]
        kind = column.type
        if python and name in python:
            made = cells.json_values(python[name], name, depth=depth)
            parts += [literal + key, pa.array(made, pa.string())]
            literal = ""
        elif (pa.types.is_string(kind) or pa.types.is_large_string(kind)) and not column.null_count:
            # text without nulls: its quotes are the row's (one copy of the column fewer)
            parts += [literal + key + '"', _escaped(column)]
            literal = '"'
        else:
            parts += [literal + key, json_column(column, name, depth=depth)]
            literal = ""
    return pc.binary_join_element_wise(*parts, literal + tail + end, "")


def text_bytes(text: pa.Array) -> memoryview:
    """A string array's values one after another, as the buffer Arrow holds them in (UTF-8):
    what writing each string in turn writes, without a Python string per row (no value may be
    null)."""
    assert not text.null_count
    return cells.utf8(text)[0].data


def frame_batch(frame: pd.DataFrame) -> tuple[pa.RecordBatch, dict[str, list[Any]]]:
    """An event frame's contract fields as a batch that `csv_batch` and `json_rows` write as
    `cells` writes the frame's Python values (a corpus in memory: its text made by the
    kernels, not by a Python loop over its cells), and the Python values of the fields whose
    Arrow text would not be that (`frame_column`), for those to write from them instead."""
    import pyarrow as pa

    names = cells.columns(frame)
    arrays: list[pa.Array] = []
    python: dict[str, list[Any]] = {}
    for name in names:
        array = frame_column(frame[name], name)
        if array is None:
            python[name] = frame[name].tolist()
            array = pa.nulls(len(frame))
        arrays.append(array)
    return pa.RecordBatch.from_arrays(arrays, names=names), python


def frame_column(series: pd.Series, name: str) -> pa.Array | None:
    """The column as Arrow when `csv_column` and `json_column` write it as `cells` writes its
    Python values (`series.tolist()`): text without missing values (pandas' `str` columns
    are Arrow's already), signed integers, booleans, text / integers / booleans in an object
    column (None: null), lists of those or of records all holding the same keys in the same
    order. Anything else (NaN, floats, dates, lists with None, records whose keys differ or
    hold nested values): None, and `cells` writes its Python values, as before."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    kind = series.dtype
    if isinstance(kind, pd.StringDtype):
        # (a missing value is NaN or NA to `tolist`, which `cells` writes as such)
        text = one_chunk(pa.array(series))
        return None if text.null_count else text
    if not isinstance(kind, np.dtype) or kind.kind not in "ibO":
        return None  # (floats, dates, unsigned integers…)
    if kind.kind != "O":
        return None if name in LIST_FIELDS else pa.array(series.to_numpy())
    values = series.to_numpy()
    try:
        array = converted(values)
    except (pa.ArrowException, TypeError, ValueError, OverflowError):
        return None
    if name in LIST_FIELDS:
        return array if _lists_as_cells(array, values) else None
    if pa.types.is_string(array.type) or pa.types.is_boolean(array.type):
        return array
    if pa.types.is_signed_integer(array.type) and not array.null_count:
        return array
    return None  # (integers with None: `json_column` reads them as a dataset decodes them)


#: Rows of an object column turned into Arrow by one call (`converted`): a call holds the
#: interpreter's lock from start to end, and a 5,000-row batch's records (`entities`) took
#: about 4 ms of CPU in one, which a loaded machine stretches to tens of milliseconds.
CONVERT_SLICE = 1_000


def converted(values: np.ndarray) -> pa.Array:
    """`pa.array(values, from_pandas=False)` (NaN stays a float, which text and integers do not
    mix with), made `CONVERT_SLICE` rows per call: the slices' arrays joined when Arrow
    inferred one type for each (the type it infers for them all), else the whole converted at
    once as before (a slice of only None or empty lists, records whose keys differ)."""
    import pyarrow as pa

    n = len(values)
    if n <= CONVERT_SLICE:
        return pa.array(values, from_pandas=False)
    parts = [pa.array(values[lo:hi], from_pandas=False) for lo, hi in row_slices(n, CONVERT_SLICE)]
    kind = parts[0].type
    if all(part.type == kind for part in parts):
        return pa.concat_arrays(parts)
    return pa.array(values, from_pandas=False)


def _lists_as_cells(array: pa.Array, values: np.ndarray) -> bool:
    """Whether `_list_json` writes the lists as `cells` writes the Python ones: no list is
    None (a dataset's null list is written `[]`, None is `null`), their items text, integers
    or booleans, or records (dicts) that all hold the same keys in the same order (a struct
    has one order; a dataset drops the null values beyond `CORE_KEYS`, so none may be null)
    of such values."""
    import pyarrow as pa

    from nkviewer.corpus.dataset_store import CORE_KEYS  # (the store: off the start-up path)

    if not pa.types.is_list(array.type) or array.null_count:
        return False
    items = array.values
    if not pa.types.is_struct(items.type):
        return _scalar(items.type)
    names = tuple(f.name for f in items.type)
    try:  # (in C: a tuple of each dict's keys, no Python loop; a None item fails)
        orders = set(map(tuple, itertools.chain.from_iterable(values)))
    except TypeError:
        return False
    if orders - {names} or items.null_count:
        return False
    fields = items.flatten()
    return all(
        _scalar(f.type) and (not f.null_count or f_name in CORE_KEYS)
        for f, f_name in zip(fields, names, strict=True)
    )


def _scalar(kind: pa.DataType) -> bool:
    """A type `_scalar_json` writes."""
    import pyarrow as pa

    return bool(
        pa.types.is_string(kind)
        or pa.types.is_large_string(kind)
        or pa.types.is_null(kind)
        or pa.types.is_integer(kind)
        or pa.types.is_boolean(kind)
    )
