"""Events as data: CSV, JSON Lines, JSON, Parquet, TimelineJS 3 JSON and a standalone HTML report.

Every writer goes through `nkviewer.export.output.atomic_output`: the file appears complete or
not at all, and a device, a pipe or `-` (standard output) is written straight.
"""

from __future__ import annotations

import csv
import html
import json
import os
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nkviewer.errors import ExportError
from nkviewer.events.record import ALL_FIELDS, LIST_FIELDS
from nkviewer.export.output import atomic_output
from nkviewer.ingest.links import http_url

if TYPE_CHECKING:
    import pandas as pd

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


def record_batches(frame: pd.DataFrame) -> Iterator[list[dict[str, Any]]]:
    """`records` of the frame, `RECORD_BATCH` rows at a time."""
    for start in range(0, len(frame), RECORD_BATCH):
        yield records(frame.iloc[start : start + RECORD_BATCH])


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The frame as contract-shaped dicts (plain Python values, lists as lists)."""
    cols = [c for c in ALL_FIELDS if c in frame.columns]
    out = []
    for row in frame[cols].itertuples(index=False, name=None):
        rec = {}
        for key, value in zip(cols, row, strict=True):
            rec[key] = _plain(value)
        out.append(rec)
    return out


def _plain(value: Any) -> Any:
    """numpy scalars/arrays → Python values (pandas may hand them back from Parquet)."""
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


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


def _write_jsonl(frame: pd.DataFrame, path: Path, _title: str) -> None:
    with atomic_output(path) as fh:
        for batch in record_batches(frame):
            fh.writelines(json.dumps(rec, ensure_ascii=False) + "\n" for rec in batch)


def _write_json(frame: pd.DataFrame, path: Path, _title: str) -> None:
    """One JSON array, laid out as `json.dump(..., indent=1)` lays it out, a batch at a time."""
    with atomic_output(path) as fh:
        sep = "[\n"
        for batch in record_batches(frame):
            for rec in batch:
                text = json.dumps(rec, ensure_ascii=False, indent=1)
                fh.write(sep + " " + text.replace("\n", "\n "))
                sep = ",\n"
        fh.write("\n]\n" if sep == ",\n" else "[]\n")


#: A number as a spreadsheet reads it: such a cell stays as it is, even with a leading sign.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
#: Cell starts a spreadsheet takes for a formula (OWASP's CSV injection list).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A CSV cell that no spreadsheet runs: text starting like a formula (`=HYPERLINK(…)`,
    `=cmd|' /C calc'!A0`, `@SUM(…)`, `+1-2`) gets a leading `'`, as OWASP advises, so that it
    shows as the text it is; numbers (`-12.5`) and everything else are kept unchanged."""
    formula = isinstance(value, str) and value.startswith(_FORMULA_START)
    if formula and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_row(rec: dict[str, Any]) -> dict[str, Any]:
    """An event record as a CSV row: list fields as JSON text, every cell spreadsheet-safe."""
    return {
        k: spreadsheet_safe(json.dumps(v, ensure_ascii=False) if k in LIST_FIELDS else v)
        for k, v in rec.items()
    }


def _write_csv(frame: pd.DataFrame, path: Path, _title: str) -> None:
    """One row per event; list fields (actors, entities, sources...) as JSON text."""
    cols = [c for c in ALL_FIELDS if c in frame.columns]
    with atomic_output(path) as fh:
        writer = csv.DictWriter(fh, fieldnames=cols)
        writer.writeheader()
        for batch in record_batches(frame):
            writer.writerows(csv_row(rec) for rec in batch)


def _write_parquet(frame: pd.DataFrame, path: Path, _title: str) -> None:
    # pyarrow (slow to import) only for a Parquet file
    import pyarrow as pa
    import pyarrow.parquet as pq

    # a batch of records at a time, as the other writers (all 10^5 records at once were
    # 600,000 lists and 100,000 dicts, which left Python's object arenas fragmented); the
    # batches' types merged as one inference over every record would make them
    parts = [pa.Table.from_pylist(batch) for batch in record_batches(frame)]
    table = pa.concat_tables(parts, promote_options="permissive") if parts else pa.table({})
    with atomic_output(path, "wb") as fh:
        pq.write_table(table, fh)


def _tl_date(iso: str, granularity: str, *, end: bool = False) -> dict[str, Any]:
    """TimelineJS date object at the event's precision (year, year+month, or full day)."""
    d = date.fromisoformat(iso)
    if granularity in ("year", "decade") or (granularity == "season" and end):
        return {"year": d.year}
    if granularity in ("month", "quarter", "season"):
        return {"year": d.year, "month": d.month}
    return {"year": d.year, "month": d.month, "day": d.day}


def timelinejs_document(frame: pd.DataFrame, *, title: str = "") -> dict[str, Any]:
    """A TimelineJS 3 JSON document: `events` with start/end dates, text and group."""
    events = []
    for rec in records(frame):
        sources = ", ".join(
            s for s in {rec.get("doc_source") or "", rec.get("doc_title") or ""} if s
        )
        text = html.escape(rec.get("sentence") or "")
        reporters = ", ".join(str(x) for x in (rec.get("reported_by") or ()))
        if reporters:
            text += f" (according to {html.escape(reporters)})"
        link = http_url(rec.get("doc_url"))
        if link:  # only http(s): a javascript: or file: address never becomes a link
            text += f' <a href="{html.escape(link)}">{html.escape(sources or "source")}</a>'
        elif sources:
            text += f" ({html.escape(sources)})"
        event: dict[str, Any] = {
            "unique_id": rec["event_id"],
            "start_date": _tl_date(rec["start"], rec.get("granularity") or "day"),
            "text": {"headline": html.escape(rec.get("title") or ""), "text": text},
            "group": rec.get("lane") or "",
            "display_date": rec.get("time_text") or rec["start"],
        }
        if rec["end"] != rec["start"]:
            event["end_date"] = _tl_date(rec["end"], rec.get("granularity") or "day", end=True)
        events.append(event)
    doc: dict[str, Any] = {"events": events}
    if title:
        doc["title"] = {"text": {"headline": html.escape(title), "text": ""}}
    return doc


def _write_timelinejs(frame: pd.DataFrame, path: Path, title: str) -> None:
    with atomic_output(path) as fh:
        json.dump(timelinejs_document(frame, title=title), fh, ensure_ascii=False, indent=1)
        fh.write("\n")


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
    """A standalone HTML page: each event with its date, source sentence and article link."""
    esc = html.escape
    recs = records(frame)
    doc_ids = {s["doc_id"] for r in recs for s in (r.get("sources") or [])}
    n_docs = len(doc_ids | {r["doc_id"] for r in recs})
    heading = title or "nkviewer events"
    parts = [_HTML_HEAD.format(title=esc(heading)), f"<h1>{esc(heading)}</h1>"]
    parts.append(f'<p class="note">{len(recs)} events from {n_docs} articles</p>')
    for r in recs:
        when = r["start"] if r["start"] == r["end"] else f"{r['start']} – {r['end']}"
        cls = ' class="expected"' if r.get("modality") == "expected" else ""
        # Only http(s) addresses become links: never javascript:, data: or file: (nor the
        # article's own path), whatever the corpus says.
        link_target = http_url(r.get("doc_url"))
        label = r.get("doc_title") or r.get("doc_source") or r.get("doc_path") or "article"
        link = f'<a href="{esc(link_target)}">{esc(label)}</a>' if link_target else esc(label)
        extra = ""
        if len(r.get("sources") or []) > 1:
            extra = f" · reported in {len(r['sources'])} articles"
        reporters = ", ".join(str(x) for x in (r.get("reported_by") or ()))
        if reporters:
            extra += f" · according to {reporters}"
        parts.append(
            f'<article{cls}><div><span class="date">{esc(when)}</span> '
            f'<span class="lane">{esc(r.get("lane") or "")} · {esc(r.get("modality") or "")}'
            f"{esc(extra)}</span></div>"
            f'<h2 style="font-size:1.1rem;margin:.2rem 0">{esc(r.get("title") or "")}</h2>'
            f"<blockquote>{esc(r.get('sentence') or '')}</blockquote>"
            f'<div class="src">{esc(r.get("doc_source") or "")} '
            f"{esc(r.get('doc_published') or '')} — {link}</div></article>"
        )
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _write_html(frame: pd.DataFrame, path: Path, title: str) -> None:
    with atomic_output(path) as fh:
        fh.write(html_report(frame, title=title))


_WRITERS = {
    "jsonl": _write_jsonl,
    "json": _write_json,
    "csv": _write_csv,
    "parquet": _write_parquet,
    "timelinejs": _write_timelinejs,
    "html": _write_html,
}
