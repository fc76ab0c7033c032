"""Events as data, written batch by batch: exports of an event dataset too big to hold at once.

`write_event_stream(frames, path)` takes the events as an iterable of event frames (e.g.
`EventDataset.iter_frames(filters)`) and writes CSV, JSON Lines, JSON or Parquet without ever
holding more than one batch; the result is the same file `nkviewer.export.data.write_events`
writes for the concatenated frames. TimelineJS and HTML are documents for people, written whole
from at most `MAX_WHOLE` events.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nkviewer.errors import ExportError
from nkviewer.events.table import empty_frame
from nkviewer.export import data
from nkviewer.export.cells import arrow_table, columns
from nkviewer.export.data import DATA_FORMATS, format_for, write_events
from nkviewer.export.output import atomic_output

if TYPE_CHECKING:
    import pandas as pd

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
    with atomic_output(path) as fh:
        data.write_jsonl(frames, fh)


def _json(frames: _Counted, path: Path) -> None:
    with atomic_output(path) as fh:
        data.write_json(frames, fh)


def _csv(frames: _Counted, path: Path) -> None:
    with atomic_output(path, "wb") as fh:
        data.write_csv(frames, fh, frames.columns)


def _parquet(frames: _Counted, path: Path) -> None:
    # pyarrow (slow to import) only for a Parquet file
    import pyarrow.parquet as pq

    with atomic_output(path, "wb") as fh:
        writer: Any = None
        try:
            for part in frames:
                if writer is None:
                    table = arrow_table(part)
                    writer = pq.ParquetWriter(fh, table.schema)
                else:
                    table = arrow_table(part, writer.schema)
                writer.write_table(table)
        finally:
            if writer is not None:
                writer.close()
