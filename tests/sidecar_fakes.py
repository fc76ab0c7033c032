"""A stand-in for the sidecar writer shared by the edits store's and the sidecar's tests (the
`sidecar_writes` fixture in conftest.py installs it)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path


class SidecarWrites:
    """Stands in for `write_edits` where the edits store and the background sidecar writer call
    it: records the thread of every write (`threads`) and refuses, as a read-only folder does,
    the paths in `refused`; every other write goes to the real `write_edits`."""

    def __init__(self, real: Callable[..., None]) -> None:
        self._real = real
        self.threads: list[str] = []
        self.refused: set[Path] = set()

    def __call__(self, target: Path, edits: object, *, pause: bool = False) -> None:
        self.threads.append(threading.current_thread().name)
        if Path(target) in self.refused:
            raise PermissionError(13, "Permission denied")
        self._real(target, edits, pause=pause)
