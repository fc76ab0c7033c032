"""Logging to the user log folder (rotated) and warnings to standard error, for the window
and the command line alike (Qt-free: the exception dialog only shows the log's path)."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from nkviewer import paths

LOG_NAME = "nkviewer.log"


def log_file() -> Path:
    return paths.log_dir() / LOG_NAME


def setup_logging(*, verbose: bool = False) -> Path | None:
    """Log to `<log dir>/nkviewer.log` (rotated; DEBUG with --verbose) and warnings to stderr."""
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s]: %(message)s")
    path: Path | None = log_file()
    try:
        assert path is not None
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
        handler.setFormatter(fmt)
        root.addHandler(handler)
    except OSError as exc:
        path = None
        print(
            f"nkviewer: cannot write the log file ({exc}); logging to stderr only", file=sys.stderr
        )
    console = logging.StreamHandler()
    console.setLevel(logging.DEBUG if verbose else logging.WARNING)
    console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root.addHandler(console)
    return path
