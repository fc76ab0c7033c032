"""What the window's start-up imports: nothing slow that it does not need before it shows.

`nkviewer` imports every subcommand module to build its parser, then the window; spaCy, pandas,
pyarrow, DuckDB, Dask, trafilatura, dateparser, pydantic and the date engine load later (the
loader thread, the first export, the first edits file), so the window paints first.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytest.importorskip("PySide6.QtWidgets")

#: Imported only after the window shows (or by a command that needs them).
LATER = (
    "spacy",
    "pandas",
    "pyarrow",
    "duckdb",
    "dask",
    "distributed",
    "trafilatura",
    "dateparser",
    "pydantic",
    "fontTools",
    "nkviewer.nlp.timex",
    "nkviewer.nlp.parse",
    "nkviewer.corpus.pipeline",
    "nkviewer.corpus.dataset",
)

CODE = """
import json, sys
import nkviewer.cli.main as cli
cli.build_parser()
import nkviewer.cli.gui
import nkviewer.qt.main_window
print(json.dumps(sorted(sys.modules)))
"""


def test_the_window_starts_without_the_slow_imports() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", CODE],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert proc.returncode == 0, proc.stderr
    loaded = set(json.loads(proc.stdout.strip().splitlines()[-1]))
    assert "nkviewer.qt.main_window" in loaded
    early = sorted(m for m in LATER if m in loaded)
    assert early == [], f"imported before the window shows: {early}"
