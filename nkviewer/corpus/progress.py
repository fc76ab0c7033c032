"""What a corpus load reports as it goes: one `LoadUpdate` per batch (light to import: the
window's loader, session and progress bar read it before the pipeline loads)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from nkviewer.ingest.document import FileProblem
    from nkviewer.nlp.parsed import ParsedDocument


@dataclass
class LoadUpdate:
    stage: str  # "scanning" | "loading model" | "parsing" | "done" ("merging": Dask)
    done: int  # units of work finished: source files, or parts of big tables
    total: int  # units of work in the corpus (while scanning: source files found)
    documents: list[ParsedDocument] = field(default_factory=list)  # new in this batch
    problems: list[FileProblem] = field(default_factory=list)  # new in this batch
    events: pd.DataFrame | None = None  # all events so far, merged and sorted; None: unchanged
    elapsed: float = 0.0
    eta: float | None = None
    cached: int = 0  # units served from the cache so far
    files: int = 0  # source files in the corpus (0: not known yet)
