"""`manifest.csv`: per-file source, address, publication date and note for a corpus folder.

Columns `file, source, url, published, note` (header names case-insensitive; `file` is relative
to the manifest's folder). A bad row or a row naming a missing file becomes a warning; the rest
of the manifest still applies.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from nkviewer.ingest.document import FileProblem, PublishedDate
from nkviewer.ingest.encoding import decode_bytes
from nkviewer.ingest.names import shown_path
from nkviewer.ingest.problem import BadFile
from nkviewer.ingest.published import parse_published
from nkviewer.ingest.regular import read_regular

MANIFEST_NAME = "manifest.csv"
COLUMNS = ("file", "source", "url", "published", "note")
_ALIASES = {
    "file": ("file", "filename", "file_name", "path", "name"),
    "source": ("source", "outlet", "publisher"),
    "url": ("url", "link", "address"),
    "published": ("published", "date", "pubdate", "date_published", "publication_date"),
    "note": ("note", "notes", "comment", "comments"),
}
#: A manifest larger than this is not a manifest.
MAX_MANIFEST_BYTES = 16 * 2**20


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    """One manifest row: what the corpus owner says about one file."""

    file: str
    source: str = ""
    url: str = ""
    published: PublishedDate | None = None
    note: str = ""
    manifest: str = ""  # path of the manifest.csv it came from
    line: int = 0


@dataclass
class Manifest:
    """The entries of one manifest.csv keyed by the real path of the file they describe."""

    path: Path
    entries: dict[str, ManifestEntry] = field(default_factory=dict)
    problems: list[FileProblem] = field(default_factory=list)

    def lookup(self, file: Path) -> ManifestEntry | None:
        return self.entries.get(file_key(file))


def is_manifest(path: Path) -> bool:
    return path.name.lower() == MANIFEST_NAME


def file_key(path: Path) -> str:
    """Comparable identity of a file path (symlinks resolved, case folded where the OS does)."""
    return os.path.normcase(os.path.realpath(path))


def _columns(header: list[str]) -> dict[str, int]:
    names = [h.strip().lstrip("\ufeff").lower().replace(" ", "_") for h in header]
    found: dict[str, int] = {}
    for column, aliases in _ALIASES.items():
        for alias in aliases:
            if alias in names:
                found[column] = names.index(alias)
                break
    return found


def read_manifest(path: Path) -> Manifest:
    """Read a manifest; never raises for bad content (problems are warnings on the manifest)."""
    manifest = Manifest(path)

    def warn(reason: str) -> None:
        manifest.problems.append(FileProblem(shown_path(path), reason, "warning"))

    try:
        text = decode_bytes(read_regular(path, MAX_MANIFEST_BYTES)).text
    except BadFile as exc:
        if exc.reason.startswith("larger than"):
            warn("manifest larger than 16 MB; ignored")
        else:
            warn(f"manifest not readable ({exc.reason}); ignored")
        return manifest
    rows = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(rows, None)
    except csv.Error as exc:
        warn(f"manifest header unreadable ({exc}); ignored")
        return manifest
    if not header:
        warn("empty manifest; ignored")
        return manifest
    cols = _columns(header)
    if "file" not in cols:
        warn(f"manifest has no 'file' column (columns: {', '.join(COLUMNS)}); ignored")
        return manifest
    folder = path.parent
    seen: dict[str, int] = {}
    while True:
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as exc:
            warn(f"line {rows.line_num}: malformed row ({exc}); skipped")
            continue
        line = rows.line_num
        if not any(cell.strip() for cell in row):
            continue
        _add_row(manifest, row, cols, len(header), line, folder, seen, warn)
    return manifest


def _add_row(
    manifest: Manifest,
    row: list[str],
    cols: dict[str, int],
    width: int,
    line: int,
    folder: Path,
    seen: dict[str, int],
    warn: Callable[[str], None],
) -> None:
    def cell(name: str) -> str:
        i = cols.get(name)
        return row[i].strip() if i is not None and i < len(row) else ""

    if len(row) != width:
        warn(f"line {line}: {len(row)} fields, expected {width} (quote values that hold commas)")
    name = cell("file")
    if not name:
        warn(f"line {line}: no file name; skipped")
        return
    target = folder / name
    key = file_key(target)
    if key in seen:
        warn(f"line {line}: '{name}' listed again (line {seen[key]} is used)")
        return
    if not target.exists():
        warn(f"line {line}: '{name}' does not exist in {folder}")
    published = None
    stamp = cell("published")
    if stamp:
        published = parse_published(stamp, "manifest")
        if published is None:
            warn(f"line {line}: cannot read published date '{stamp}' (use YYYY-MM-DD)")
    seen[key] = line
    manifest.entries[key] = ManifestEntry(
        file=name,
        source=cell("source"),
        url=cell("url"),
        published=published,
        note=cell("note"),
        manifest=str(manifest.path),
        line=line,
    )
