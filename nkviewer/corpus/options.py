"""How to run the corpus pipeline: one set of options for the window, the command line and
the benchmarks (light to import: the window reads it before the pipeline loads)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from nkviewer.ingest import ColumnMap, PublishedDate


@dataclass(frozen=True)
class LoadOptions:
    model: str | None = None  # spaCy pipeline name; None: NKVIEWER_MODEL or the default
    jobs: int | None = None  # worker processes; None: CPU count
    use_cache: bool = True
    columns: ColumnMap = field(default_factory=ColumnMap)
    #: Publication dates the user corrected, by doc_id (they re-anchor relative dates).
    published_overrides: Mapping[str, PublishedDate] = field(default_factory=dict)
    #: Publish merged event snapshots while loading (the window); False: only at the end (CLI).
    snapshots: bool = True
    #: The user's gazetteer CSV files; None: those of the config folder and the corpus folders.
    gazetteer: tuple[str, ...] | None = None
