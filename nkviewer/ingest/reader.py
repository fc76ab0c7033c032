"""One source file → Documents + problems: size and access checks, decoding, format dispatch.

`read_source` never raises for bad input; every failure is a `FileProblem` naming the file and
the reason. Only regular files are read (links followed), checked with `stat` before they are
opened and never read past the size limit (`nkviewer.ingest.regular`).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from nkviewer.errors import InputError
from nkviewer.ingest.article import Origin
from nkviewer.ingest.discover import FORMATS, TABULAR, SourceFile, scan
from nkviewer.ingest.document import Document, FileProblem
from nkviewer.ingest.encoding import decode_bytes
from nkviewer.ingest.html_format import declared_charset, read_html
from nkviewer.ingest.names import shown_path
from nkviewer.ingest.problem import BadFile, ReadResult
from nkviewer.ingest.regular import read_regular
from nkviewer.ingest.tabular import ColumnMap, read_csv, read_json, read_jsonl
from nkviewer.ingest.text_format import read_text

log = logging.getLogger(__name__)

MAX_BYTES = 20 * 2**20
#: Longest article analysed (twice spaCy's default `max_length`; longer texts are parsed in
#: pieces, `nkviewer.nlp.pieces`). About 70 s and 800 MB on one core; a 20 MB article would
#: take minutes and gigabytes, so it is refused with the reason instead.
MAX_ARTICLE_CHARS = 2_000_000
DEFAULT_COLUMNS = ColumnMap()
#: A JSON/CSV/JSONL corpus file may hold many articles: it may be this many times larger.
TABLE_FACTOR = 8


def read_bytes(path: Path, limit: int) -> bytes:
    """The file's bytes, or BadFile: missing, broken link, folder, pipe or device, too large,
    unreadable, empty (see `nkviewer.ingest.regular`: regular files only, bounded reads)."""
    return read_regular(path, limit)


def too_long(chars: int) -> str:
    """Why an article of `chars` characters is not analysed."""
    limit = MAX_ARTICLE_CHARS
    return (
        f"an article of {chars:,} characters; nkviewer analyses articles of up to {limit:,} "
        "characters (split it into several files)"
    )


def _read(source: SourceFile, columns: ColumnMap, max_bytes: int) -> ReadResult:
    if source.format not in FORMATS.values():
        raise BadFile(f"unsupported format {source.format!r}")
    part = source.part
    if part is not None:  # a run of rows of a big table, decoded when it was cut
        text, encoding, warnings, offset = part.text, part.encoding, part.warnings, part.offset
    else:
        tabular = source.format in TABULAR
        data = read_bytes(source.path, max_bytes * TABLE_FACTOR if tabular else max_bytes)
        declared = declared_charset(data) if source.format == "html" else None
        decoded = decode_bytes(data, declared=declared)
        text, encoding, warnings, offset = decoded.text, decoded.encoding, decoded.warnings, 0
    if not text.strip():
        raise BadFile("empty file (only whitespace)")
    origin = Origin(
        path=shown_path(source.path),
        relpath=shown_path(source.relpath),
        format=source.format,
        encoding=encoding,
        manifest=source.manifest,
    )
    max_chars = min(max_bytes, MAX_ARTICLE_CHARS)
    if source.format == "html":
        result = read_html(text, origin)
        if any(len(d.text) > MAX_ARTICLE_CHARS for d in result.documents):
            raise BadFile(too_long(max(len(d.text) for d in result.documents)))
    elif source.format == "jsonl":
        result = read_jsonl(text, origin, columns, max_chars, line_offset=offset)
    elif source.format == "json":
        result = read_json(text, origin, columns, max_chars, row_offset=offset)
    elif source.format in ("csv", "tsv"):
        result = read_csv(text, origin, columns, max_chars, row_offset=offset)
    elif len(text) > MAX_ARTICLE_CHARS:
        raise BadFile(too_long(len(text)))
    else:
        result = read_text(text, origin)
    result.problems[:0] = [FileProblem(origin.path, w, "warning") for w in warnings]
    return result


def read_source(
    source: SourceFile, *, columns: ColumnMap = DEFAULT_COLUMNS, max_bytes: int = MAX_BYTES
) -> ReadResult:
    """Read one file. Never raises for bad input: failures become FileProblems.

    JSON/JSONL/CSV files may be up to `TABLE_FACTOR` × `max_bytes` (each article's text at most
    `max_bytes` characters); other files at most `max_bytes`. No article longer than
    `MAX_ARTICLE_CHARS` is kept.
    """
    path = shown_path(source.path)
    try:
        return _read(source, columns, max_bytes)
    except BadFile as exc:
        return ReadResult([], [FileProblem(path, exc.reason)])
    except (MemoryError, RecursionError) as exc:
        return ReadResult([], [FileProblem(path, f"too large or deep to read ({exc})")])
    except Exception as exc:  # a library choking on odd input must not stop the corpus
        log.exception("unexpected error reading %s", path)
        reason = f"could not be read ({type(exc).__name__}: {exc})"
        return ReadResult([], [FileProblem(path, reason)])


def read_document(path: str | os.PathLike[str]) -> Document:
    """One file → its (first) Document; raises InputError with the reason when it cannot."""
    found = scan([path])
    if not found.files:
        reason = found.problems[0].reason if found.problems else "no article file found"
        raise InputError(f"{os.fspath(path)}: {reason}")
    result = read_source(found.files[0])
    if not result.documents:
        reason = result.problems[0].reason if result.problems else "no text"
        raise InputError(f"{found.files[0].path}: {reason}")
    return result.documents[0]


def iter_documents(
    inputs: Sequence[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    columns: ColumnMap = DEFAULT_COLUMNS,
) -> Iterator[Document | FileProblem]:
    """Every Document of a corpus, and every problem met, in file order (scan problems first)."""
    found = scan(inputs)
    yield from found.problems
    for source in found.files:
        result = read_source(source, columns=columns)
        yield from result.documents
        yield from result.problems
