"""On-disk layout of an event dataset, and the writers that make one.

```
DATASET/
  _nkviewer.json                 format/program version, model, counts, time bounds, inputs
  events/year=YYYY/part-N.parquet merged events, contract fields + t0/t1, sorted by time
  documents/part-<pid>.parquet   document store: text + parse results, one file per partition
  documents/_index.parquet       doc_id → part file, so one document is read without the rest
  partitions/<pid>/…             per-partition work (unmerged events, done marker) for resume
```

Event files hold a global row number `rid` in time order (`t0`, `t1`, `event_id`) and small row
groups, so a reader can fetch a time window by `rid` with row-group pruning. In each year,
`part-0` holds events of up to `LONG_SPAN_DAYS`, `part-1` the longer ones. List fields
`actors`, `places`, `reported_by`, `conflicts` and the derived `facets` are Parquet lists of
strings; `entities` and `sources` (lists of objects) are lists of structs (contract keys first).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from nkviewer import __version__
from nkviewer.errors import InputError
from nkviewer.events.filters import frame_facets
from nkviewer.events.record import ALL_FIELDS
from nkviewer.events.table import sort_frame
from nkviewer.ingest.problem import BadFile
from nkviewer.ingest.regular import read_regular
from nkviewer.nlp.parsed import PARSE_FORMAT, ParsedDocument

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

FORMAT_NAME = "nkviewer-event-dataset"
FORMAT_VERSION = 1
META_FILE = "_nkviewer.json"
EVENTS_DIR = "events"
DOCUMENTS_DIR = "documents"
DOC_INDEX = "_index.parquet"
PARTITIONS_DIR = "partitions"
#: Rows per Parquet row group of the event files: a time window reads only a few of them.
EVENT_ROW_GROUP = 2048
#: Events longer than this go to `part-1` of their year, so that the few long bars that overlap
#: a window do not drag in every row group of the years before it.
LONG_SPAN_DAYS = 62.0

_INT_FIELDS = ("time_start", "time_end", "sentence_start", "sentence_end")
_STR_LIST_FIELDS = ("actors", "places", "reported_by", "conflicts")
_STRUCT_FIELDS = ("entities", "sources")
#: The keys each record of `entities` / `sources` has by the contract, with their types.
_STRUCT_KEYS: dict[str, dict[str, str]] = {
    "entities": {"text": "s", "label": "s", "canonical": "s", "start": "i", "end": "i"},
    "sources": {"doc_id": "s", "sentence_start": "i", "sentence_end": "i"},
}
#: Keys kept even when null, when a stored record is read back.
CORE_KEYS: frozenset[str] = frozenset(k for keys in _STRUCT_KEYS.values() for k in keys)


#: Largest `_nkviewer.json` read (it holds counts and the input paths: kilobytes).
MAX_META_BYTES = 16 * 2**20


def _load_meta(file: Path) -> Any:
    """The parsed JSON of a metadata file: a regular file, bounded, any nesting refused."""
    try:
        return json.loads(read_regular(file, MAX_META_BYTES).decode("utf-8"))
    except BadFile as exc:
        raise OSError(exc.reason) from None
    except RecursionError:
        raise ValueError("nested too deeply") from None


def is_dataset(path: str | os.PathLike[str]) -> bool:
    """True when `path` is a folder holding an nkviewer event dataset."""
    meta = Path(path) / META_FILE
    if not meta.is_file():
        return False
    try:
        return _load_meta(meta).get("format") == FORMAT_NAME
    except (OSError, ValueError, AttributeError):
        return False


def read_meta(path: Path) -> dict[str, Any]:
    """The dataset's `_nkviewer.json`; InputError when it is missing, foreign or too new."""
    file = path / META_FILE
    if not (file.exists() or file.is_symlink()):
        raise InputError(
            f"{path} is not an nkviewer event dataset (no {META_FILE}); make one with "
            "`nkviewer extract CORPUS --engine dask -o FOLDER`"
        )
    try:
        meta = _load_meta(file)
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read {file}: {exc}") from exc
    if not isinstance(meta, dict) or meta.get("format") != FORMAT_NAME:
        raise InputError(f"{file} does not describe an nkviewer event dataset")
    if int(meta.get("format_version", 0)) > FORMAT_VERSION:
        raise InputError(
            f"{path} was written by a newer nkviewer (dataset format "
            f"{meta.get('format_version')}); update nkviewer to open it"
        )
    return meta


def write_json_atomic(path: Path, data: Any) -> None:
    """Write JSON via a temporary file + rename, so readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def swap_in_events(stage: Path, out_dir: Path) -> None:
    """Make a fully written staging folder the dataset's events folder: the old one is moved
    aside first and removed after, so a reader never sees a half-written set of files."""
    target = out_dir / EVENTS_DIR
    old = out_dir / ".events-old"
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    stage.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def write_parquet_atomic(table: pa.Table, path: Path, **kwargs: Any) -> None:
    # pyarrow: imported on first use, after the window shows
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".parquet", dir=path.parent)
    os.close(fd)
    try:
        pq.write_table(table, tmp, compression="zstd", **kwargs)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --------------------------------------------------------------------------- events


def events_table(
    frame: pd.DataFrame, *, kind_of: Mapping[str, str], source_of_doc: Mapping[str, str]
) -> pa.Table:
    """An event frame (sorted as `table.sort_frame` sorts) as the Arrow table stored on disk."""
    # pyarrow: imported on first use
    import pyarrow as pa

    n = len(frame)
    cols: dict[str, pa.Array] = {"rid": pa.array(np.arange(n, dtype=np.int64))}
    str_list = pa.list_(pa.string())
    for name in ALL_FIELDS:
        values = frame[name].tolist() if name in frame.columns else [None] * n
        if name in _STR_LIST_FIELDS:
            cols[name] = pa.array([_str_list(v) for v in values], type=str_list)
        elif name in _STRUCT_FIELDS:
            cols[name] = _struct_lists(name, [_plain(v) or [] for v in values])
        elif name in _INT_FIELDS:
            cols[name] = pa.array([int(v or 0) for v in values], type=pa.int64())
        elif name == "uncertain":
            cols[name] = pa.array([bool(v) for v in values], type=pa.bool_())
        else:
            cols[name] = pa.array(["" if v is None else str(v) for v in values], pa.string())
    cols["t0"] = pa.array(frame["t0"].to_numpy(dtype=np.float64))
    cols["t1"] = pa.array(frame["t1"].to_numpy(dtype=np.float64))
    facets = frame_facets(frame, kind_of=kind_of, source_of_doc=source_of_doc) if n else []
    cols["facets"] = pa.array(facets, type=str_list)
    return pa.table(cols)


def write_events(
    frame: pd.DataFrame,
    out_dir: Path,
    *,
    kind_of: Mapping[str, str],
    source_of_doc: Mapping[str, str],
) -> dict[str, Any]:
    """Write the merged, sorted events as `events/year=YYYY/part-N.parquet`; return statistics.

    The new event folder is built beside the old one and swapped in, so a reader (or a crash)
    never meets a half-written mix of two runs.
    """
    table = events_table(frame, kind_of=kind_of, source_of_doc=source_of_doc)
    years = np.array([int(s[:4]) for s in frame["start"]], dtype=np.int64) if len(frame) else None
    span = frame["t1"].to_numpy(dtype=float) - frame["t0"].to_numpy(dtype=float)
    is_long = span > LONG_SPAN_DAYS
    stage = Path(tempfile.mkdtemp(prefix=".events-", dir=out_dir))
    try:
        if years is None:
            write_parquet_atomic(table, stage / "year=0" / "part-0.parquet")
        else:
            # rows are sorted by t0, hence by start year: each year is one contiguous slice
            bounds = np.flatnonzero(np.diff(years)) + 1
            for lo, hi in zip([0, *bounds.tolist()], [*bounds.tolist(), len(years)], strict=True):
                folder = stage / f"year={int(years[lo])}"
                rows = np.arange(lo, hi)
                for n, pick in enumerate((rows[~is_long[lo:hi]], rows[is_long[lo:hi]])):
                    if len(pick) or n == 0:
                        write_parquet_atomic(
                            table.take(pick),
                            folder / f"part-{n}.parquet",
                            row_group_size=EVENT_ROW_GROUP,
                        )
        swap_in_events(stage, out_dir)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    t0 = frame["t0"].to_numpy(dtype=float)
    t1 = frame["t1"].to_numpy(dtype=float)
    return {
        "events": len(frame),
        "t_min": float(t0.min()) if len(t0) else None,
        "t_max": float(t1.max()) if len(t1) else None,
        "max_span": float((t1 - t0).max()) if len(t0) else 0.0,
        "years": sorted({int(y) for y in years}) if years is not None else [],
    }


# --------------------------------------------------------------------------- documents


def documents_table(parsed: Iterable[ParsedDocument], part: str) -> pa.Table:
    """Parsed documents as document-store rows: plain columns plus the parse results as JSON."""
    # pyarrow: imported on first use, after the window shows
    import pyarrow as pa

    rows: dict[str, list[Any]] = {
        k: []
        for k in (
            "doc_id",
            "part",
            "path",
            "title",
            "source",
            "url",
            "published",
            "published_source",
            "text",
            "document",
            "sentences",
            "entities",
            "timexes",
            "candidates",
            "junk",
            "model",
        )
    }
    for p in parsed:
        data = p.to_json()
        doc = p.document
        head = {k: v for k, v in data["document"].items() if k != "text"}
        rows["doc_id"].append(doc.doc_id)
        rows["part"].append(part)
        rows["path"].append(doc.path)
        rows["title"].append(doc.title)
        rows["source"].append(doc.source)
        rows["url"].append(doc.url)
        rows["published"].append(doc.published.iso())
        rows["published_source"].append(doc.published.source)
        rows["text"].append(doc.text)
        rows["document"].append(json.dumps(head, ensure_ascii=False))
        for key in ("sentences", "entities", "timexes", "candidates"):
            rows[key].append(json.dumps(data[key], ensure_ascii=False))
        rows["junk"].append(json.dumps(head["junk"]))
        rows["model"].append(p.model)
    schema = pa.schema([(k, pa.large_string() if k == "text" else pa.string()) for k in rows])
    return pa.table(rows, schema=schema)


def parsed_from_row(row: Mapping[str, Any]) -> ParsedDocument:
    """A document-store row back into the `ParsedDocument` it was made from."""
    head = json.loads(row["document"])
    head["text"] = row["text"]
    return ParsedDocument.from_json(
        {
            "format": PARSE_FORMAT,
            "document": head,
            "sentences": json.loads(row["sentences"]),
            "entities": json.loads(row["entities"]),
            "timexes": json.loads(row["timexes"]),
            "candidates": json.loads(row["candidates"]),
            "model": row.get("model") or "",
        }
    )


def write_doc_index(out_dir: Path, doc_ids: list[str], parts: list[str]) -> None:
    """`documents/_index.parquet`: which part file holds each document (sorted by doc_id)."""
    # pyarrow: imported on first use, after the window shows
    import pyarrow as pa

    order = sorted(range(len(doc_ids)), key=doc_ids.__getitem__)
    table = pa.table(
        {
            "doc_id": pa.array([doc_ids[i] for i in order], pa.string()),
            "part": pa.array([parts[i] for i in order], pa.string()),
        }
    )
    write_parquet_atomic(table, out_dir / DOCUMENTS_DIR / DOC_INDEX)


def write_meta(out_dir: Path, stats: Mapping[str, Any], **extra: Any) -> dict[str, Any]:
    """Write `_nkviewer.json` last: a dataset counts as complete once it is there."""
    meta = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "program_version": __version__,
        "written": datetime.now(UTC).isoformat(timespec="seconds"),
        **stats,
        **extra,
    }
    write_json_atomic(out_dir / META_FILE, meta)
    return meta


def write_frame_dataset(
    frame: pd.DataFrame,
    out_dir: str | os.PathLike[str],
    *,
    documents: Iterable[ParsedDocument] = (),
    **extra: Any,
) -> Path:
    """Write an in-memory event frame (and its documents, if given) as a dataset folder.

    For frames made elsewhere (an earlier `extract_frame`, synthetic benchmarks); the
    distributed extraction writes the same layout partition by partition.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    docs = list(documents)
    kind_of: dict[str, str] = {}
    for p in docs:
        for ent in p.entities:
            if ent.kind:
                kind_of.setdefault(ent.canonical, ent.kind)
    source_of_doc = {p.document.doc_id: p.document.source for p in docs}
    stats = write_events(sort_frame(frame), out, kind_of=kind_of, source_of_doc=source_of_doc)
    write_parquet_atomic(documents_table(docs, "0"), out / DOCUMENTS_DIR / "part-0.parquet")
    write_doc_index(out, [p.document.doc_id for p in docs], ["0"] * len(docs))
    write_meta(out, stats, documents=len(docs), **extra)
    return out


# --------------------------------------------------------------------------- helpers


def _plain(value: Any) -> Any:
    """numpy scalars/arrays (as pandas may hold them) → plain Python values for JSON."""
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _struct_lists(name: str, values: list[Any]) -> pa.Array:
    """A list-of-objects column as list<struct>: the contract keys first, any others after.

    One schema per dataset (all years are written from one table); a key's type is an integer
    when every value is one, else text (values that are neither become JSON text).
    """
    # pyarrow: imported on first use, after the window shows
    import pyarrow as pa

    keys = dict(_STRUCT_KEYS[name])
    for items in values:
        for d in items:
            for k, v in d.items():
                if k not in keys:
                    keys[k] = "i"
                if keys[k] == "i" and not (isinstance(v, int) or v is None):
                    keys[k] = "s"
    fields = [pa.field(k, pa.int64() if t == "i" else pa.string()) for k, t in keys.items()]

    def cell(d: dict[str, Any], k: str) -> Any:
        v = d.get(k)
        if v is None or keys[k] == "i" or isinstance(v, str):
            return v
        return json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else str(v)

    rows = [[{k: cell(d, k) for k in keys} for d in items] for items in values]
    return pa.array(rows, type=pa.list_(pa.struct(fields)))


def _str_list(value: Any) -> list[str]:
    value = _plain(value)
    return [str(v) for v in value] if isinstance(value, list) else []
