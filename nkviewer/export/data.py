"""Events as data: CSV, JSON Lines, JSON, Parquet, TimelineJS 3 JSON and a standalone HTML report.

Every writer goes through `nkviewer.export.output.atomic_output`: the file appears complete or
not at all, and a device, a pipe or `-` (standard output) is written straight.
"""

from __future__ import annotations

import html
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from nkviewer.errors import ExportError
from nkviewer.export import arrow_text
from nkviewer.export.cells import arrow_table, columns, contract_typed, plain
from nkviewer.export.documents import article_count, html_articles, timeline_texts
from nkviewer.export.output import atomic_output

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

#: Output format by file name ending (longest match first).
DATA_FORMATS: dict[str, str] = {
    ".timeline.json": "timelinejs",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".parquet": "parquet",
    ".html": "html",
    ".htm": "html",
}


def format_for(path: str | os.PathLike[str]) -> str | None:
    name = os.fspath(path).lower()
    for suffix in sorted(DATA_FORMATS, key=len, reverse=True):
        if name.endswith(suffix):
            return DATA_FORMATS[suffix]
    return None


#: Rows turned into Python records at a time by the writers: a whole table of 10^5 events as
#: records was 75 MB of small objects at once (one dict and its lists per event), which the
#: window's memory kept after each export.
RECORD_BATCH = 5_000


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The frame as contract-shaped dicts (plain Python values, lists as lists)."""
    cols = columns(frame)
    out = []
    for row in frame[cols].itertuples(index=False, name=None):
        rec = {}
        for key, value in zip(cols, row, strict=True):
            rec[key] = plain(value)
        out.append(rec)
    return out


def write_events(
    frame: pd.DataFrame,
    path: str | os.PathLike[str],
    *,
    fmt: str | None = None,
    allow_empty: bool = False,
    title: str = "",
) -> Path:
    """Write events in the format named by `fmt` or by the file name; return the path."""
    kind = fmt or format_for(path)
    if kind is None:
        known = ", ".join(sorted(DATA_FORMATS))
        raise ExportError(f"cannot tell the format of {os.fspath(path)!r}; use one of {known}")
    if len(frame) == 0 and not allow_empty:
        raise ExportError("there are no events to export (check the filters or the selection)")
    writer = _WRITERS.get(kind)
    if writer is None:
        raise ExportError(f"unknown data format {kind!r}")
    writer(frame, Path(path), title)
    return Path(path)


def frame_batches(frame: pd.DataFrame) -> Iterator[pd.DataFrame]:
    """The frame `RECORD_BATCH` rows at a time (views, not copies)."""
    for start in range(0, len(frame), RECORD_BATCH):
        yield frame.iloc[start : start + RECORD_BATCH]


#: Events as the text writers take them: a batch of Arrow rows and the Python values of the
#: fields written from those instead (`arrow_text.frame_batch`; none for a dataset's rows).
TextRows = tuple["pa.RecordBatch", Mapping[str, list[Any]]]


def text_rows(frames: Iterable[pd.DataFrame]) -> Iterator[TextRows]:
    """Each frame's events as rows for the text writers (`arrow_text.frame_batch`)."""
    for part in frames:
        if len(part):
            yield arrow_text.frame_batch(part)


def write_jsonl(rows: Iterable[TextRows], fh: IO[bytes]) -> None:
    """One `json.dumps(record, ensure_ascii=False)` line per event, made by Arrow
    (`arrow_text.json_rows`) a batch at a time."""
    for batch, python in rows:
        if batch.num_rows:
            text = arrow_text.json_rows(batch, end="\n", python=python)
            fh.write(arrow_text.text_bytes(text))


def write_json(rows: Iterable[TextRows], fh: IO[bytes]) -> None:
    """One JSON array, laid out as `json.dump(records, indent=1)` lays it out."""
    fh.write(b"[")
    first = True
    for batch, python in rows:  # each row after ",\n"; the first one after "[\n"
        if batch.num_rows:
            made = arrow_text.json_rows(batch, indented=True, start=",\n", python=python)
            text = arrow_text.text_bytes(made)
            fh.write(text[1:] if first else text)
            first = False
    fh.write(b"]\n" if first else b"\n]\n")


def write_csv(rows: Iterable[TextRows], fh: IO[bytes], cols: list[str]) -> None:
    """A header of `cols`, then one row per event (see `csv_row`), written by Arrow from each
    batch's cells (`arrow_text.csv_batch`): rows end in CRLF as `csv` ends them; Arrow quotes
    every text cell, `csv` only those that need it (any CSV reader reads the same cells)."""
    import pyarrow.csv as pacsv

    fh.write((",".join(cols) + "\r\n").encode())
    options = pacsv.WriteOptions(include_header=False, eol="\r\n")
    for batch, python in rows:
        if batch.num_rows:
            pacsv.write_csv(arrow_text.csv_batch(batch, python), fh, options)


def _write_jsonl(frame: pd.DataFrame, path: Path, _title: str) -> None:
    with atomic_output(path, "wb") as fh:
        write_jsonl(text_rows(frame_batches(frame)), fh)


def _write_json(frame: pd.DataFrame, path: Path, _title: str) -> None:
    with atomic_output(path, "wb") as fh:
        write_json(text_rows(frame_batches(frame)), fh)


def _write_csv(frame: pd.DataFrame, path: Path, _title: str) -> None:
    """One row per event; list fields (actors, entities, sources...) as JSON text."""
    with atomic_output(path, "wb") as fh:
        write_csv(text_rows(frame_batches(frame)), fh, columns(frame))


#: Rows per row group of a Parquet export, however the events come (`write_parquet`): a corpus
#: in memory and a dataset streamed batch by batch make the same file.
PARQUET_ROW_GROUP = 100_000


def write_parquet(tables: Iterable[pa.Table], fh: IO[bytes]) -> None:
    """The tables (in order) as one Parquet file of the first one's schema, in row groups of
    `PARQUET_ROW_GROUP` rows whatever sizes they come in; at most a row group's rows held.
    Arrow writes with the interpreter's lock released."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    writer: Any = None
    held: list[pa.Table] = []
    n = 0
    written = False
    try:
        for table in tables:
            if writer is None:
                writer = pq.ParquetWriter(fh, table.schema)
            held.append(table)
            n += table.num_rows
            while n >= PARQUET_ROW_GROUP:
                rows = pa.concat_tables(held)
                writer.write_table(rows.slice(0, PARQUET_ROW_GROUP))
                written = True
                rest = rows.slice(PARQUET_ROW_GROUP)
                held, n = ([rest] if rest.num_rows else []), rest.num_rows
        if writer is None:
            held = [pa.table({})]
            writer = pq.ParquetWriter(fh, held[0].schema)
        if n or not written:  # (no event: one empty row group, as `pq.write_table` writes)
            writer.write_table(pa.concat_tables(held))
    finally:
        if writer is not None:
            writer.close()


def _write_parquet(frame: pd.DataFrame, path: Path, _title: str) -> None:
    # pyarrow (slow to import) only for a Parquet file
    import pyarrow as pa

    # a batch at a time, as the other writers (all 10^5 records at once were 600,000 lists
    # and 100,000 dicts, which left Python's object arenas fragmented), a column at a time
    # (`cells.arrow_table`: the records' `from_pylist` without the records); the batches'
    # types merged as one inference over every record would make them
    # (fields no event holds a value for typed as a dataset stores them: `contract_typed`)
    parts = [arrow_table(part) for part in frame_batches(frame)]
    table = pa.concat_tables(parts, promote_options="permissive") if parts else pa.table({})
    table = contract_typed(table)
    with atomic_output(path, "wb") as fh:
        write_parquet([table], fh)


def _timeline_title(title: str) -> dict[str, Any]:
    return {"text": {"headline": html.escape(title), "text": ""}}


def timelinejs_document(frame: pd.DataFrame, *, title: str = "") -> dict[str, Any]:
    """A TimelineJS 3 JSON document: `events` with start/end dates, text and group (the
    file's text read back: one rule, `documents.timeline_texts`, for both)."""
    return json.loads("".join(_timelinejs_text(frame, title)))


def _timelinejs_text(frame: pd.DataFrame, title: str) -> Iterator[str]:
    """The TimelineJS file's text, as `json.dump(doc, ensure_ascii=False, indent=1)` lays
    it out, a batch of events at a time, each made a column at a time
    (`documents.timeline_texts`)."""
    sep = '{\n "events": ['
    for part in frame_batches(frame):
        for text in timeline_texts(part, depth=2):
            yield sep + "\n  " + text
            sep = ","
    yield "\n ]" if sep == "," else sep + "]"
    if title:
        text = json.dumps(_timeline_title(title), ensure_ascii=False, indent=1)
        yield ',\n "title": ' + text.replace("\n", "\n ")
    yield "\n}\n"


def _write_timelinejs(frame: pd.DataFrame, path: Path, title: str) -> None:
    with atomic_output(path) as fh:
        fh.writelines(_timelinejs_text(frame, title))


_HTML_HEAD = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: system-ui, "Noto Sans", "NanumSquare", sans-serif; margin: 2rem auto;
       max-width: 60rem; padding: 0 1rem; color: #1d2330; line-height: 1.45; }}
h1 {{ font-size: 1.6rem; margin-bottom: .2rem; }} .note {{ color: #5b6475; margin-top: 0; }}
article {{ border-top: 1px solid #dde1e8; padding: .8rem 0; }}
.date {{ font-weight: 600; color: #2b4c7e; }} .lane {{ color: #5b6475; font-size: .9rem; }}
.expected {{ font-style: italic; }} blockquote {{ margin: .4rem 0 .4rem 1rem; color: #333c4d; }}
.src {{ font-size: .9rem; }}
</style></head><body>
"""


def html_report(frame: pd.DataFrame, *, title: str = "") -> str:
    """A standalone HTML page: each event with its date, source sentence and article link
    (the file's text: one rule, `documents.html_articles`, for both)."""
    return "".join(_html_text(frame, title))


def _html_top(frame: pd.DataFrame, title: str) -> list[str]:
    heading = html.escape(title or "nkviewer events")
    return [
        _HTML_HEAD.format(title=heading),
        f"<h1>{heading}</h1>",
        f'<p class="note">{len(frame)} events from {article_count(frame)} articles</p>',
    ]


_HTML_END = "</body></html>\n"


def _html_text(frame: pd.DataFrame, title: str) -> Iterator[str]:
    """The HTML report's text, a batch of events at a time, each made a column at a time
    (`documents.html_articles`)."""
    yield "\n".join(_html_top(frame, title))
    for part in frame_batches(frame):
        for article in html_articles(part):
            yield "\n" + article
    yield "\n" + _HTML_END


def _write_html(frame: pd.DataFrame, path: Path, title: str) -> None:
    with atomic_output(path) as fh:
        fh.writelines(_html_text(frame, title))


_WRITERS = {
    "jsonl": _write_jsonl,
    "json": _write_json,
    "csv": _write_csv,
    "parquet": _write_parquet,
    "timelinejs": _write_timelinejs,
    "html": _write_html,
}
