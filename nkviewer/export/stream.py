"""Events as data, written batch by batch: exports of an event dataset too big to hold at once.

`write_event_stream(frames, path)` takes the events as an iterable of event frames (e.g.
`EventDataset.iter_frames(filters)`) and writes CSV, JSON Lines, JSON or Parquet without ever
holding more than one batch; the result is the same file `nkviewer.export.data.write_events`
writes for the concatenated frames. TimelineJS and HTML are documents for people, written whole
from at most `MAX_WHOLE` events. `write_table_stream(tables, path)` writes a dataset's stored
Arrow rows (the same files again), decoding none of them: Parquet as they are, the text formats
made by Arrow compute (`nkviewer.export.arrow_text`).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from nkviewer.errors import ExportError
from nkviewer.events.record import ALL_FIELDS
from nkviewer.events.table import empty_frame
from nkviewer.export import data
from nkviewer.export.cells import arrow_table, columns, contract_typed
from nkviewer.export.data import DATA_FORMATS, format_for, write_events
from nkviewer.export.output import atomic_output

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from nkviewer.corpus.dataset import EventDataset
    from nkviewer.events.filters import EventFilter

#: Most events a TimelineJS or HTML export takes (they are read by people, in a browser).
MAX_WHOLE = 50_000


def write_event_stream(
    frames: Iterable[pd.DataFrame],
    path: str | os.PathLike[str],
    *,
    fmt: str | None = None,
    title: str = "",
    allow_empty: bool = False,
) -> tuple[Path, int]:
    """Write the events of `frames` (in order) to `path`; return the path and the count."""
    kind = fmt or format_for(path)
    if kind is None:
        known = ", ".join(sorted(DATA_FORMATS))
        raise ExportError(f"cannot tell the format of {os.fspath(path)!r}; use one of {known}")
    target = Path(path)
    chunks = (f.drop(columns=["hidden"], errors="ignore") for f in frames if len(f))
    if kind in ("timelinejs", "html"):
        return _write_whole(chunks, target, kind, title, allow_empty)
    writer = {"jsonl": _jsonl, "json": _json, "csv": _csv, "parquet": _parquet}.get(kind)
    if writer is None:
        raise ExportError(f"unknown data format {kind!r}")
    first = next(chunks, None)
    if first is None:
        if not allow_empty:
            raise ExportError("there are no events to export (check the filters)")
        return write_events(_empty(), target, fmt=kind, allow_empty=True, title=title), 0
    counted = _Counted(first, chunks)
    writer(counted, target)
    return target, counted.n


class _Counted:
    """A stream of frames, counting events as they pass; each at most `RECORD_BATCH` rows (a
    writer's step between two looks at the window: see `nkviewer.export.cells`)."""

    def __init__(self, first: pd.DataFrame, rest: Iterator[pd.DataFrame]) -> None:
        self._first: pd.DataFrame | None = first
        self._rest = rest
        self.n = 0
        self.columns = columns(first)

    def __iter__(self) -> Iterator[pd.DataFrame]:
        if self._first is not None:
            first, self._first = self._first, None
            self.n += len(first)
            yield from data.frame_batches(first)
        for frame in self._rest:
            self.n += len(frame)
            yield from data.frame_batches(frame)


def _empty() -> pd.DataFrame:
    return empty_frame()


def _write_whole(
    chunks: Iterator[pd.DataFrame], target: Path, kind: str, title: str, allow_empty: bool
) -> tuple[Path, int]:
    # pandas: imported on first use
    import pandas as pd

    parts: list[pd.DataFrame] = []
    n = 0
    for frame in chunks:
        n += len(frame)
        if n > MAX_WHOLE:
            raise ExportError(
                f"more than {MAX_WHOLE:,} events for a {kind} document; filter them first, or "
                "write .csv, .jsonl, .json or .parquet"
            )
        parts.append(frame)
    frame = pd.concat(parts, ignore_index=True) if parts else _empty()
    return write_events(frame, target, fmt=kind, title=title, allow_empty=allow_empty), n


def _jsonl(frames: _Counted, path: Path) -> None:
    with atomic_output(path, "wb") as fh:
        data.write_jsonl(data.text_rows(frames), fh)


def _json(frames: _Counted, path: Path) -> None:
    with atomic_output(path, "wb") as fh:
        data.write_json(data.text_rows(frames), fh)


def _csv(frames: _Counted, path: Path) -> None:
    with atomic_output(path, "wb") as fh:
        data.write_csv(data.text_rows(frames), fh, frames.columns)


def _parquet(frames: _Counted, path: Path) -> None:
    with atomic_output(path, "wb") as fh:
        data.write_parquet(_arrow_parts(frames), fh)


def _arrow_parts(frames: Iterable[pd.DataFrame]) -> Iterator[pa.Table]:
    """Each frame as an Arrow table (`cells.arrow_table`) of the first one's types."""
    schema = None
    for part in frames:
        table = arrow_table(part, schema)
        if schema is None:  # as `data.write_events` types a field no event holds a value for
            table = contract_typed(table)
            schema = table.schema
        yield table


#: The formats `write_table_stream` writes from Arrow rows.
TABLE_FORMATS = ("csv", "jsonl", "json", "parquet")


def write_table_stream(
    tables: Iterable[pa.Table],
    path: str | os.PathLike[str],
    *,
    fmt: str | None = None,
    allow_empty: bool = False,
) -> tuple[Path, int]:
    """Events that already are Arrow rows (a dataset's stored rows, `EventDataset.iter_tables`)
    written as CSV, JSON Lines, JSON or Parquet (by `fmt`, else the file name; Parquet when it
    names none): the file `write_event_stream` writes for the same events decoded. Parquet
    takes the rows as they are (their contract fields, in the contract's order, the first
    table's types); the text formats are made by Arrow (`arrow_text`). No event becomes
    Python values on the way (each was decoded to records and encoded again, the worker
    holding the interpreter's lock for most of it). Returns the path and the count."""
    kind = fmt or format_for(path) or "parquet"
    if kind not in TABLE_FORMATS:
        raise ExportError(
            f"Arrow rows are written as {', '.join(TABLE_FORMATS)}, not as {os.fspath(path)!r}"
        )
    target = Path(path)
    counted = [0]

    def contract(parts: Iterable[pa.Table]) -> Iterator[pa.Table]:
        schema = None
        for table in parts:
            if table.num_rows:
                counted[0] += table.num_rows
                names = [c for c in ALL_FIELDS if c in table.column_names]
                table = table.select(names)
                if kind == "parquet":
                    if schema is None:
                        schema = _items_named(table.schema)
                    table = table.cast(schema)
                yield table

    rows = contract(tables)
    first = next(rows, None)
    if first is None:
        if not allow_empty:
            raise ExportError("there are no events to export (check the filters)")
        return write_events(_empty(), target, fmt=kind, allow_empty=True), 0
    with atomic_output(target, "wb") as fh:
        if kind == "parquet":
            data.write_parquet(itertools.chain([first], rows), fh)
        else:
            batches: Iterator[data.TextRows] = (
                (b, {}) for b in _text_batches(itertools.chain([first], rows))
            )
            if kind == "csv":
                data.write_csv(batches, fh, first.column_names)
            else:
                (data.write_jsonl if kind == "jsonl" else data.write_json)(batches, fh)
    return target, counted[0]


def _text_batches(tables: Iterable[pa.Table]) -> Iterator[pa.RecordBatch]:
    """The tables' rows as record batches of at most `data.RECORD_BATCH` rows (the text of
    a batch is held at once), each one chunk (a few compute calls per column, however the
    stored row groups cut the rows)."""
    for table in tables:
        for lo in range(0, table.num_rows, data.RECORD_BATCH):
            yield from table.slice(lo, data.RECORD_BATCH).combine_chunks().to_batches()


def dataset_tables(
    dataset: EventDataset,
    filters: EventFilter | None,
    transform: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
) -> Iterator[pa.Table]:
    """A dataset's events of `filters` as its stored Arrow rows, batch by batch, with
    `transform` (a dataset's curation, `DatasetSource.transform`: corrected titles) applied:
    what `write_table_stream` takes, for the window's Export Events and `nkviewer export`.
    Without a transform in batches of a quarter of a Parquet row group (Arrow rows are
    compact: no Python object per cell); with one in `RECORD_BATCH` rows, the transform's
    frames as small as the other writers'."""
    if transform is None:
        return dataset.iter_tables(filters, batch=data.PARQUET_ROW_GROUP // 4)
    return curated_tables(dataset.iter_tables(filters, batch=data.RECORD_BATCH), transform)


def curated_tables(
    tables: Iterable[pa.Table], transform: Callable[[pd.DataFrame], pd.DataFrame]
) -> Iterator[pa.Table]:
    """Arrow rows with a dataset's curation applied (`DatasetSource.transform`: corrected
    titles; the dataset's filter already leaves hidden events out), the transform running on
    the two columns it reads (`event_id`, `title`) and `t0`/`t1`, not on decoded events."""
    import pandas as pd
    import pyarrow as pa

    for table in tables:
        cells = {
            name: table.column(name).to_numpy(zero_copy_only=False)
            for name in ("event_id", "title", "t0", "t1")
            if name in table.column_names
        }
        frame = pd.DataFrame(cells, copy=False)
        out = transform(frame)
        if len(out) != len(frame) or not (out["event_id"].to_numpy() == cells["event_id"]).all():
            raise ExportError("the curation of a dataset's events changed their rows")
        titles = pa.array(out["title"].tolist(), pa.string())
        yield table.set_column(table.schema.get_field_index("title"), "title", titles)


def _items_named(schema: pa.Schema) -> pa.Schema:
    """`schema` without metadata, its lists' values named `item` as Arrow names them when it
    makes a list from Python values (Parquet reads them back as `element`): the file a corpus
    in memory makes."""
    import pyarrow as pa

    def named(kind: pa.DataType) -> pa.DataType:
        if pa.types.is_list(kind):
            return pa.list_(named(kind.value_type))
        if pa.types.is_struct(kind):
            return pa.struct([f.with_type(named(f.type)) for f in kind])
        return kind

    return pa.schema([f.with_type(named(f.type)) for f in schema])
