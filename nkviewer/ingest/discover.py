"""Inputs (folders, files, globs) → the article files to read, with their manifest entries.

Folders are walked recursively, skipping hidden files and folders, our own sidecars and event
exports, and files of types we do not read (a corpus folder holds images too). What the user
named explicitly and cannot be read (missing, unknown type) becomes a `FileProblem`.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from nkviewer.ingest.document import FileProblem
from nkviewer.ingest.manifest import Manifest, ManifestEntry, file_key, is_manifest, read_manifest
from nkviewer.ingest.names import shown_path
from nkviewer.ingest.problem import BadFile
from nkviewer.ingest.regular import read_head
from nkviewer.paths import USER_GAZETTEER_NAME

FORMATS: dict[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "tsv",
}
TABULAR = frozenset({"jsonl", "json", "csv", "tsv"})


def _not_articles(path: Path) -> bool:
    """A corpus folder's own configuration: its manifest and its gazetteer of names."""
    return is_manifest(path) or path.name.lower() == USER_GAZETTEER_NAME


SKIPPED_FOLDERS = frozenset({"__pycache__", "node_modules", "__MACOSX"})
#: Field names that together mark an nkviewer event export (never read back as articles).
_EXPORT_MARKS = (b"event_id", b"timex_value")


@dataclass(frozen=True, slots=True)
class TablePart:
    """A run of rows of a big JSON Lines, CSV or JSON file, read and parsed on its own (see
    `nkviewer.ingest.table_parts`): its text is a small file of the same format."""

    index: int  # 0-based, of `count`
    count: int
    offset: int  # added to the row (line) numbers of `text` to give those of the whole file
    text: str = field(repr=False)
    encoding: str = "utf-8"
    warnings: tuple[str, ...] = ()  # the whole file's decoding warnings, on its first part


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One file to read: absolute path, path relative to its corpus root, format, manifest row;
    for a part of a big table, which part."""

    path: Path
    relpath: str
    format: str
    manifest: ManifestEntry | None = None
    part: TablePart | None = None


@dataclass
class Scan:
    """What `scan` found: files to read (sorted), problems with the inputs, the corpus roots."""

    files: list[SourceFile] = field(default_factory=list)
    problems: list[FileProblem] = field(default_factory=list)
    roots: list[Path] = field(default_factory=list)


def detect_format(path: Path) -> str | None:
    """The reader for a file name ("txt", "md", "html", "jsonl", "json", "csv", "tsv")."""
    return FORMATS.get(path.suffix.lower())


def supported_types() -> str:
    return ", ".join(sorted(FORMATS))


def is_event_export(path: Path) -> bool:
    """True for a JSON/CSV file written by `nkviewer extract` (event rows, not articles)."""
    try:
        head = read_head(path, 4096)
    except BadFile:
        return False
    return all(mark in head for mark in _EXPORT_MARKS)


class _Scanner:
    def __init__(self) -> None:
        self.result = Scan()
        self.seen: set[str] = set()
        self.manifests: dict[str, Manifest | None] = {}

    # -- manifests -----------------------------------------------------------------------
    def manifest_in(self, folder: Path) -> Manifest | None:
        key = file_key(folder)
        if key not in self.manifests:
            found = None
            try:
                candidates = [e for e in os.scandir(folder) if is_manifest(Path(e.name))]
            except OSError:
                candidates = []
            for entry in candidates:
                if entry.is_file():
                    found = read_manifest(Path(entry.path))
                    self.result.problems.extend(found.problems)
                    break
            self.manifests[key] = found
        return self.manifests[key]

    def entry_for(self, path: Path, stop: Path) -> ManifestEntry | None:
        """The nearest manifest row for `path`, looking in its folder and up to `stop`."""
        folder = path.parent
        while True:
            manifest = self.manifest_in(folder)
            entry = manifest.lookup(path) if manifest else None
            if entry is not None or folder == stop or folder.parent == folder:
                return entry
            if stop not in folder.parents:
                return None
            folder = folder.parent

    # -- files ---------------------------------------------------------------------------
    def add(self, path: Path, root: Path, fmt: str) -> None:
        key = file_key(path)
        if key in self.seen:
            return
        self.seen.add(key)
        try:
            relpath = path.relative_to(root).as_posix()
        except ValueError:
            relpath = path.name
        entry = self.entry_for(path, root)
        self.result.files.append(SourceFile(path, relpath, fmt, entry))

    def problem(self, path: str, reason: str) -> None:
        self.result.problems.append(FileProblem(shown_path(path), reason))

    def root(self, folder: Path) -> None:
        if folder not in self.result.roots:
            self.result.roots.append(folder)

    def walk(self, folder: Path, root: Path) -> int:
        """Add every readable article file under `folder`; returns how many were added."""
        before = len(self.result.files)

        def unreadable(exc: OSError) -> None:
            self.problem(str(exc.filename or folder), f"folder not readable ({exc.strerror})")

        for dirpath, dirnames, filenames in os.walk(folder, onerror=unreadable):
            dirnames[:] = sorted(
                d for d in dirnames if not d.startswith(".") and d not in SKIPPED_FOLDERS
            )
            here = Path(dirpath)
            if any(is_manifest(Path(name)) for name in filenames):
                self.manifest_in(here)  # its problems are reported even if it names no file here
            for name in sorted(filenames):
                path = here / name
                fmt = detect_format(path)
                if name.startswith(".") or fmt is None or _not_articles(path):
                    continue
                if fmt in TABULAR and is_event_export(path):
                    continue
                self.add(path, root, fmt)
        return len(self.result.files) - before

    def explicit(self, path: Path, shown: str) -> None:
        if is_manifest(path):
            self.manifest_in(path.parent)  # read for its problems; applies to files named too
            return
        if path.name.lower() == USER_GAZETTEER_NAME:
            self.problem(shown, "the corpus' own gazetteer, not articles: read as names, skipped")
            return
        fmt = detect_format(path)
        if fmt is None:
            self.problem(shown, f"unsupported file type (nkviewer reads {supported_types()})")
            return
        if fmt in TABULAR and is_event_export(path):
            self.problem(shown, "an nkviewer event export, not articles; skipped")
            return
        self.root(path.parent)
        self.add(path, path.parent, fmt)

    def glob(self, pattern: str, shown: str) -> None:
        base = Path(_glob_base(pattern)).absolute()
        matches = sorted(glob.glob(pattern, recursive=True))
        if not matches:
            self.problem(shown, "no files match this pattern")
            return
        self.root(base)
        added = 0
        for match in matches:
            path = Path(match).absolute()
            if path.is_dir():
                added += self.walk(path, base)
                continue
            fmt = detect_format(path)
            if fmt is None or _not_articles(path) or (fmt in TABULAR and is_event_export(path)):
                continue
            before = len(self.result.files)
            self.add(path, base, fmt)
            added += len(self.result.files) - before
        if not added:
            self.problem(shown, f"no readable files match this pattern ({supported_types()})")


def _glob_base(pattern: str) -> str:
    """The folder part of a glob before its first wildcard ('.' when it starts with one)."""
    parts = Path(pattern).parts
    fixed: list[str] = []
    for part in parts:
        if glob.has_magic(part):
            break
        fixed.append(part)
    return str(Path(*fixed)) if fixed else "."


def scan(inputs: Sequence[str | os.PathLike[str]] | str | os.PathLike[str]) -> Scan:
    """Folders (recursive), files and globs → the article files to read, sorted, deduplicated.

    manifest.csv files are read here (not returned as articles). Missing paths / globs matching
    nothing → FileProblem. Files of unknown type inside a folder are skipped silently (a folder
    of articles has images etc.); an explicitly named file of unknown type is a problem.
    """
    items: Iterable[str | os.PathLike[str]]
    items = [inputs] if isinstance(inputs, str | os.PathLike) else inputs
    scanner = _Scanner()
    for raw in items:
        shown = os.fspath(raw)
        expanded = os.path.expanduser(shown)
        path = Path(expanded).absolute()
        if path.is_dir():
            scanner.root(path)
            scanner.walk(path, path)
        elif path.exists() or path.is_symlink():
            scanner.explicit(path, str(path))
        elif glob.has_magic(expanded):
            scanner.glob(expanded, shown)
        else:
            scanner.problem(str(path), "no such file or folder")
    scanner.result.files.sort(key=lambda f: str(f.path))
    return scanner.result
