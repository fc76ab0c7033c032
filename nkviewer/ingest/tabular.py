"""Multi-document files: JSON Lines, JSON (a list, or an object holding one) and CSV/TSV.

Field names come from a `ColumnMap` the user can change; when a configured name is absent the
common aliases are tried (body/content/article, headline, published/pubdate, link, outlet...).
A bad record is reported with its row (or line) number and skipped; the good ones load.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields, replace
from typing import Any

from nkviewer.ingest.article import Origin, build_document
from nkviewer.ingest.document import FileProblem, PublishedDate
from nkviewer.ingest.problem import BadFile, ReadResult, RowProblems
from nkviewer.ingest.published import from_timestamp, parse_published
from nkviewer.ingest.textlines import normalise_newlines


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """Field/column names of a JSON/CSV corpus (aliases are tried when a name is absent)."""

    text: str = "text"
    title: str = "title"
    date: str = "date"
    url: str = "url"
    source: str = "source"
    author: str = "author"


ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "article_text", "article_body", "full_text",
             "main_text", "story", "body_text", "maintext"),
    "title": ("title", "headline", "heading", "subject"),
    "date": ("date", "published", "pubdate", "date_published", "published_at", "publish_date",
             "publication_date", "published_time", "datetime", "timestamp", "created_at", "time"),
    "url": ("url", "link", "href", "permalink", "source_url", "article_url", "uri"),
    "source": ("source", "outlet", "publisher", "site", "site_name", "sitename", "newspaper",
               "media", "source_name", "domain"),
    "author": ("author", "authors", "byline", "writer", "creator"),
}  # fmt: skip
ID_FIELDS = ("id", "doc_id", "_id", "uuid", "article_id")
#: Keys of a JSON object that usually hold its list of articles.
LIST_KEYS = ("articles", "items", "data", "documents", "docs", "results", "records", "rows",
             "entries", "posts", "stories", "news", "hits")  # fmt: skip
_NORM = re.compile(r"[\W_]+")


def _norm(name: str) -> str:
    return _NORM.sub("", name.casefold())


class FieldPicker:
    """Which key of a record holds each field, for one set of keys (a CSV header, a JSON shape)."""

    def __init__(self, columns: ColumnMap, keys: Iterable[str]) -> None:
        keys = list(keys)
        exact = set(keys)
        normal: dict[str, str] = {}
        for key in keys:
            normal.setdefault(_norm(key), key)
        self.keys: dict[str, str | None] = {}
        for f in fields(ColumnMap):
            wanted = getattr(columns, f.name)
            found = wanted if wanted in exact else normal.get(_norm(wanted))
            for alias in ALIASES[f.name]:
                if found is not None:
                    break
                found = normal.get(_norm(alias))
            self.keys[f.name] = found
        self.id_key = next((normal[_norm(k)] for k in ID_FIELDS if _norm(k) in normal), None)

    def get(self, record: dict[str, Any], name: str) -> Any:
        key = self.keys.get(name)
        return record.get(key) if key is not None else None


def _as_text(value: Any) -> str:
    """A field value as text: lists of strings are joined, {"name": ...} objects named."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        parts = [_as_text(v) for v in value]
        sep = "\n\n" if any(len(p) > 80 for p in parts) else ", "
        return sep.join(p for p in parts if p)
    if isinstance(value, dict):
        for key in ("name", "title", "text", "id"):
            if key in value:
                return _as_text(value[key])
    return ""


def _describe(columns: ColumnMap) -> str:
    others = [a for a in ALIASES["text"] if a != columns.text][:4]
    return f"'{columns.text}' (or {', '.join(others)}...)"


class _Rows:
    """Turns records into Documents for one file, collecting row problems."""

    def __init__(self, origin: Origin, columns: ColumnMap, max_chars: int, unit: str) -> None:
        self.origin = origin
        self.columns = columns
        self.max_chars = max_chars
        self.result = ReadResult()
        self.rows = RowProblems(origin.path, unit)
        self.pickers: dict[tuple[str, ...], FieldPicker] = {}

    def picker(self, record: dict[str, Any]) -> FieldPicker:
        shape = tuple(record)
        if shape not in self.pickers:
            self.pickers[shape] = FieldPicker(self.columns, shape)
        return self.pickers[shape]

    def add(self, number: int, record: Any) -> None:
        try:
            self._add(number, record)
        except RecursionError:  # lists in lists in lists... in one field
            self.rows.add(number, "nested too deeply; skipped")

    def _add(self, number: int, record: Any) -> None:
        self.rows.total += 1
        if isinstance(record, dict) and isinstance(record.get("_source"), dict):
            record = record["_source"]  # search-engine dumps wrap each hit
        if not isinstance(record, dict):
            self.rows.add(number, f"not an object ({type(record).__name__})")
            return
        pick = self.picker(record)
        text = normalise_newlines(_as_text(pick.get(record, "text")))
        if not text.strip():
            self.rows.add(number, "no text")
            return
        if len(text) > self.max_chars:
            self.rows.add(
                number, f"text of {len(text):,} characters, over the limit of {self.max_chars:,}"
            )
            return
        meta = dict(self.origin.meta)
        if pick.id_key is not None and record.get(pick.id_key) not in (None, ""):
            meta["id"] = _as_text(record[pick.id_key])
        origin = replace(
            self.origin,
            row=number,
            title=_as_text(pick.get(record, "title")).strip(),
            url=_as_text(pick.get(record, "url")).strip(),
            source=_as_text(pick.get(record, "source")).strip(),
            author=_as_text(pick.get(record, "author")).strip(),
            published=self.date(number, pick.get(record, "date")),
            row_fields_win=True,
            meta=meta,
        )
        self.result.documents.append(build_document(text, origin))

    def date(self, number: int, value: Any) -> PublishedDate | None:
        if value is None or value == "" or isinstance(value, bool):
            return None
        if isinstance(value, int | float):
            parsed = from_timestamp(float(value), "manifest")
        else:
            shown = _as_text(value).strip()
            parsed = (
                from_timestamp(float(shown), "manifest")
                if shown.isdigit() and len(shown) in (10, 13)
                else parse_published(shown, "manifest")
            )
        if parsed is None:
            self.rows.add(number, f"cannot read date {_as_text(value)[:40]!r} (kept the text)")
        return parsed

    def finish(self) -> ReadResult:
        kept = len(self.result.documents)
        if not self.rows.total:
            raise BadFile("no records")
        self.result.problems.extend(self.rows.problems(kept=kept))
        return self.result


def read_jsonl(
    text: str, origin: Origin, columns: ColumnMap, max_chars: int, *, line_offset: int = 0
) -> ReadResult:
    """One JSON object per line; blank lines are ignored, bad lines reported by number (for a
    part of a file, `line_offset` is added to the line numbers)."""
    rows = _Rows(origin, columns, max_chars, "line")
    lines = text.split("\n")
    last = max((i for i, ln in enumerate(lines) if ln.strip()), default=-1)
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            cut = " (the file is cut off?)" if i == last and not text.endswith("\n") else ""
            rows.rows.total += 1
            rows.rows.add(i + 1 + line_offset, f"invalid JSON ({exc.msg}){cut}")
            continue
        except RecursionError:  # [[[[...]]]] 100,000 deep: this line's problem only
            rows.rows.total += 1
            rows.rows.add(i + 1 + line_offset, "JSON nested too deeply; skipped")
            continue
        rows.add(i + 1 + line_offset, record)
    return rows.finish()


def _records(data: Any, picker_columns: ColumnMap, depth: int = 0) -> list[Any] | None:
    """The list of article records inside parsed JSON, or None."""
    if isinstance(data, list):
        return data
    if not isinstance(data, dict) or depth > 2:
        return None
    if FieldPicker(picker_columns, data).keys["text"] is not None:
        return [data]
    for key in LIST_KEYS:
        if isinstance(data.get(key), list):
            return list(data[key])
    for value in data.values():
        if isinstance(value, list) and any(isinstance(v, dict) for v in value):
            return value
    for value in data.values():
        found = _records(value, picker_columns, depth + 1) if isinstance(value, dict) else None
        if found is not None:
            return found
    return None


def _salvage(text: str) -> list[Any]:
    """Complete elements of the first JSON array that has any, when the file is cut or broken."""
    decoder = json.JSONDecoder()
    start = -1
    for _ in range(5):
        start = text.find("[", start + 1)
        if start < 0:
            return []
        items: list[Any] = []
        pos = start + 1
        while True:
            while pos < len(text) and text[pos] in " \t\n\r,":
                pos += 1
            if pos >= len(text) or text[pos] == "]":
                break
            try:
                item, pos = decoder.raw_decode(text, pos)
            except json.JSONDecodeError:
                break
            items.append(item)
        if any(isinstance(item, dict) for item in items):
            return items
    return []


def read_json(
    text: str, origin: Origin, columns: ColumnMap, max_chars: int, *, row_offset: int = 0
) -> ReadResult:
    """A JSON array of objects, an object holding such a list, or a single article object
    (for a part of a file, `row_offset` is added to the row numbers)."""
    warning = None
    try:
        data = json.loads(text)
        records = _records(data, columns)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}: {exc.msg}"
        records = _salvage(text)
        if not records:
            raise BadFile(f"invalid JSON ({where})") from None
        warning = f"truncated or invalid JSON ({where}); kept the {len(records)} complete records"
    if records is None:
        raise BadFile(f"no articles found: expected a list of objects with a {_describe(columns)}")
    rows = _Rows(origin, columns, max_chars, "row")
    for number, record in enumerate(records, 1 + row_offset):
        rows.add(number, record)
    result = rows.finish()
    if warning:
        result.problems.insert(0, FileProblem(origin.path, warning, "warning"))
    return result


#: After this many malformed records a CSV file is read on without re-synchronising (each
#: re-read of the lines after a bad record's first line costs up to the rest of the file).
MAX_CSV_RESYNCS = 100


def csv_records(text: str, delimiter: str) -> Iterator[tuple[int, int, list[str] | str]]:
    """(record number, index of its first line, cells) per record; a malformed record yields
    its error message instead of cells.

    A malformed record costs only its own first line: reading starts again on the line after
    it. A stray quote would otherwise run on into the next record ("B,"bad quote" then
    "C,"fine"" reads as one broken record, and C is lost) or to the end of the file.
    """
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    pos = 0
    number = 0
    resyncs = 0

    while pos < len(lines):
        consumed = pos

        def feed(start: int) -> Iterator[str]:
            nonlocal consumed
            for i in range(start, len(lines)):
                consumed = i + 1
                yield lines[i] + "\n"

        reader = csv.reader(feed(pos), delimiter=delimiter, strict=True)
        start = pos
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                number += 1
                message = str(exc)
                if "unexpected end of data" in message:
                    message = "a quote is never closed"
                yield number, start, f"malformed row ({message})"
                if resyncs < MAX_CSV_RESYNCS and consumed > start + 1:
                    resyncs += 1
                    pos = start + 1  # the bad record's other lines are read again
                    break
                start = consumed
                continue
            number += 1
            yield number, start, row
            start = consumed


def csv_delimiter(text: str, fmt: str) -> str:
    """The delimiter of a CSV (or TSV) text: the commonest of , ; tab | in its first line."""
    if fmt == "tsv":
        return "\t"
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t|", key=first_line.count)
    return delimiter if first_line.count(delimiter) else ","


def read_csv(
    text: str, origin: Origin, columns: ColumnMap, max_chars: int, *, row_offset: int = 0
) -> ReadResult:
    """A header row, then one article per row (row numbers as a spreadsheet shows them; for a
    part of a file, `row_offset` is added to the numbers of the rows after its header)."""
    csv.field_size_limit(max(max_chars, 2**20) + 1)
    records = (
        (n, cells) for n, _line, cells in csv_records(text, csv_delimiter(text, origin.format))
    )
    header: list[str] | None = None
    for _number, cells in records:
        if isinstance(cells, str):
            raise BadFile(f"header row unreadable: {cells}")
        if any(c.strip() for c in cells):
            header = [c.strip().lstrip("\ufeff") for c in cells]
            break
    if header is None:
        raise BadFile("no header row")
    picker = FieldPicker(columns, header)
    if picker.keys["text"] is None:
        found = ", ".join(header[:12])
        raise BadFile(f"no text column: looked for {_describe(columns)}; found {found}")
    rows = _Rows(origin, columns, max_chars, "row")
    width = len(header)
    for n, cells in records:
        number = n + row_offset
        if isinstance(cells, str):
            rows.rows.total += 1
            rows.rows.add(number, cells)
            continue
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > width and not any(c.strip() for c in cells[width:]):
            cells = cells[:width]
        if len(cells) != width:
            rows.rows.total += 1
            rows.rows.add(number, f"{len(cells)} fields, expected {width}")
            continue
        rows.add(number, dict(zip(header, cells, strict=True)))
    return rows.finish()
