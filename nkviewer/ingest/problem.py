"""What reading a file gives back, and how readers report bad input.

`BadFile` (raised) for a file that cannot be read at all, `RowProblems` for bad rows of a
multi-document file, `ReadResult` for everything read from one file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from nkviewer.ingest.document import Document, FileProblem

#: More bad rows than this in one file are summarised in a single problem.
MAX_ROW_PROBLEMS = 10


def human_size(n: int) -> str:
    """20 MB, 31.2 MB, 6.5 KB: how a size limit and a file size are shown to the user."""
    for unit, scale in (("MB", 2**20), ("KB", 2**10)):
        if n >= scale:
            return f"{n // scale} {unit}" if n % scale == 0 else f"{n / scale:.1f} {unit}"
    return f"{n} bytes"


@dataclass
class ReadResult:
    """Documents read from one file and the problems met (warnings when some text was kept)."""

    documents: list[Document] = field(default_factory=list)
    problems: list[FileProblem] = field(default_factory=list)


class BadFile(Exception):
    """The file cannot be read at all; `reason` is shown to the user next to the file name."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class RowProblems:
    """Bad rows of a multi-document file (JSON, JSONL, CSV), turned into FileProblems at the end."""

    path: str
    unit: str = "row"  # "row" or "line": how the user finds the bad record in the file
    items: list[tuple[int, str]] = field(default_factory=list)
    total: int = 0  # records seen, good or bad

    def add(self, number: int, reason: str) -> None:
        self.items.append((number, reason))

    def problems(self, *, kept: int) -> list[FileProblem]:
        """One problem per bad row, or one summary when there are many; errors when none kept."""
        if not self.items:
            return []
        severity: Literal["error", "warning"] = "warning" if kept else "error"
        if len(self.items) <= MAX_ROW_PROBLEMS:
            return [
                FileProblem(self.path, f"{self.unit} {n}: {reason}", severity)
                for n, reason in self.items
            ]
        shown = "; ".join(f"{self.unit} {n}: {r}" for n, r in self.items[:3])
        more = len(self.items) - 3
        count = f"{len(self.items)} of {self.total} {self.unit}s"
        reason = f"problems in {count} ({shown}; and {more} more)"
        return [FileProblem(self.path, reason, severity)]
