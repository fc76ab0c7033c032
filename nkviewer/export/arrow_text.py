"""Events as text made by Arrow from a dataset's stored rows: CSV cells and JSON rows.

A dataset's CSV, JSON Lines and JSON exports once decoded every stored row to Python values
(`EventDataset.iter_frames`) and encoded them again (`nkviewer.export.cells`): seconds of the
export worker's CPU at 10^5 events, most of it holding the interpreter's lock beside the window,
and a Python object per cell for the collector. Here the stored Arrow columns become the same
text by Arrow compute kernels, which run with the lock released: JSON strings escaped as
`json.dumps(..., ensure_ascii=False)` escapes them, lists and records joined with the
separators the standard library's encoder writes, a row's cells joined between its keys. No
event becomes Python values on the way. A column of a type the kernels do not cover (not
written by nkviewer: floats, nested values in a record, large lists) is decoded as
`EventDataset` decodes it and encoded by `cells` itself, so the text is the same either way;
tests compare the bytes with the files the decoding path writes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nkviewer.events.record import ALL_FIELDS, LIST_FIELDS
from nkviewer.export import cells

if TYPE_CHECKING:
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
    """The column as `cells.csv_table` makes the decoded values: list fields as their compact
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


def csv_batch(batch: pa.RecordBatch) -> pa.RecordBatch:
    """The batch's contract fields as `cells.csv_table` makes the decoded events' cells."""
    import pyarrow as pa

    names = fields(batch)
    return pa.RecordBatch.from_arrays([csv_column(batch[n], n) for n in names], names=names)


def json_rows(
    batch: pa.RecordBatch, *, indented: bool = False, start: str = "", end: str = ""
) -> pa.Array:
    """Each row as `cells.json_rows` writes the decoded event, between `start` and `end`."""
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
        if (pa.types.is_string(kind) or pa.types.is_large_string(kind)) and not column.null_count:
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
