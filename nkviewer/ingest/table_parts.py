"""Big JSON Lines, CSV and JSON files cut into parts of rows, each read, parsed and cached alone.

A table of a million articles is one file but hours of parsing: as one unit of work it would
run in one process, with no progress and nothing cached until the end. Over `SPLIT_BYTES` it is
cut at record boundaries into parts of at most `PART_ROWS` records (or `PART_CHARS`
characters), each a small file of the same format (a CSV part repeats the header, a JSON part
is an array of its elements) with the offset that turns its row numbers into the whole file's.
Row numbers, and so document ids, are those of the uncut file. A file that cannot be cut
cleanly (a JSON document that is not one top-level array, one broken before its end) stays one
unit and is read as before.
"""

from __future__ import annotations

import json
from dataclasses import replace

from nkviewer.ingest.discover import TABULAR, SourceFile, TablePart
from nkviewer.ingest.encoding import decode_bytes
from nkviewer.ingest.problem import BadFile
from nkviewer.ingest.tabular import csv_delimiter, csv_records

#: Tables larger than this are cut into parts.
SPLIT_BYTES = 1 << 20
#: Records per part, at most (each one an article: a part is a few seconds of parsing).
PART_ROWS = 200
#: Characters per part, at most (a part of long articles ends sooner).
PART_CHARS = 1 << 19

#: (offset added to the part's record numbers, the part's text)
Run = tuple[int, str]


def split_table(source: SourceFile, data: bytes) -> list[SourceFile]:
    """`source` cut into parts (`SourceFile`s with `part` set), or `[source]` when it is small,
    not a table, or cannot be cut cleanly. Never raises for bad content: reading reports it."""
    if source.format not in TABULAR or source.part is not None or len(data) <= SPLIT_BYTES:
        return [source]
    runs: list[Run] | None
    try:
        decoded = decode_bytes(data)
        if source.format == "jsonl":
            runs = _jsonl_runs(decoded.text)
        elif source.format == "json":
            runs = _json_runs(decoded.text)
        else:
            runs = _csv_runs(decoded.text, source.format)
    except (BadFile, RecursionError, MemoryError):
        return [source]
    if runs is None or len(runs) < 2:
        return [source]
    return [
        replace(
            source,
            part=TablePart(
                index=i,
                count=len(runs),
                offset=offset,
                text=text,
                encoding=decoded.encoding,
                warnings=decoded.warnings if i == 0 else (),
            ),
        )
        for i, (offset, text) in enumerate(runs)
    ]


def _full(rows: int, chars: int) -> bool:
    return rows >= PART_ROWS or chars >= PART_CHARS


def _jsonl_runs(text: str) -> list[Run]:
    """Runs of whole lines; a part's line numbers plus its offset are the file's."""
    runs: list[Run] = []
    start_line = start_char = pos = rows = 0
    for number, line in enumerate(text.split("\n")):
        pos += len(line) + 1
        rows += bool(line.strip())
        if _full(rows, pos - start_char):
            runs.append((start_line, text[start_char:pos]))
            start_line, start_char, rows = number + 1, pos, 0
    if text[start_char:].strip():
        runs.append((start_line, text[start_char:]))
    return runs


def _csv_runs(text: str, fmt: str) -> list[Run] | None:
    """Runs of whole records after the header, each behind a copy of the header's lines."""
    lines = text.split("\n")
    line_start = [0]
    for line in lines:
        line_start.append(line_start[-1] + len(line) + 1)
    # (record number, first line, kind): the cells themselves are not kept.
    records = [
        (n, first, "bad" if isinstance(cells, str) else "row" if any(map(str.strip, cells)) else "")
        for n, first, cells in csv_records(text, csv_delimiter(text, fmt))
    ]
    header = next((i for i, (_, _, kind) in enumerate(records) if kind), None)
    if header is None or records[header][2] == "bad" or header + 1 >= len(records):
        return None
    body = records[header + 1 :]
    head_text = text[line_start[records[header][1]] : line_start[body[0][1]]]
    runs: list[Run] = []
    first = 0
    for i in range(1, len(body) + 1):
        end_line = body[i][1] if i < len(body) else len(lines)
        chars = line_start[min(end_line, len(lines))] - line_start[body[first][1]]
        if i == len(body) or _full(i - first, chars):
            start = line_start[body[first][1]]
            stop = line_start[end_line] if i < len(body) else len(text)
            # In the part the header is record 1 and this run's first record is record 2.
            runs.append((body[first][0] - 2, head_text + text[start:stop]))
            first = i
    return runs


def _json_runs(text: str) -> list[Run] | None:
    """Runs of the elements of a top-level array, each as an array; None for other shapes."""
    start = len(text) - len(text.lstrip())
    if text[start : start + 1] != "[":
        return None
    decoder = json.JSONDecoder()
    runs: list[Run] = []
    pos = start + 1
    run_start: int | None = None
    run_first = count = 0
    while True:
        while pos < len(text) and text[pos] in " \t\n\r,":
            pos += 1
        if pos >= len(text):
            return None  # cut off: read whole, where the complete records are salvaged
        if text[pos] == "]":
            break
        try:
            _item, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError:
            return None
        if run_start is None:
            run_start, run_first = pos, count
        count += 1
        pos = end
        if _full(count - run_first, pos - run_start):
            runs.append((run_first, "[" + text[run_start:pos] + "]"))
            run_start = None
    if run_start is not None:
        runs.append((run_first, "[" + text[run_start:pos] + "]"))
    return runs
