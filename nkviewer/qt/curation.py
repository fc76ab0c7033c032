"""The user's corrections to a corpus: hidden events, titles, dates, publication dates.

Edits are keyed by `event_id` (or `doc_id` for publication dates) so they survive re-parsing,
stored in a JSON sidecar (`nkviewer.corpus.sidecar`: validated when read, written atomically)
next to the corpus when that folder is writable, else in the user data folder, and changed
only through QUndoCommands so Undo/Redo covers every edit. A sidecar that fails validation is
renamed aside and reported, never fatal.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot
from PySide6.QtGui import QUndoCommand

from nkviewer.corpus.curation import fallback_sidecar, sidecar_path
from nkviewer.corpus.sidecar import (
    FIELDS,
    Edits,
    SidecarError,
    SidecarWriter,
    read_edits,
    snapshot,
    write_edits,
)
from nkviewer.ingest.document import PublishedDate

log = logging.getLogger(__name__)

#: Up to this many edits a save is written at once; more are written on a background thread
#: (a sidecar of a million hidden events is 20 MB: writing it must not freeze the window).
SYNC_SAVE_ENTRIES = 20_000


class CurationStore(QObject):
    """The edits of one corpus, loaded from and saved to its sidecar on every change.

    The sidecar is validated as a whole when read (`nkviewer.corpus.sidecar`); one that fails
    is renamed aside and reported. Saving is atomic; a large sidecar is written on a
    background thread, the latest version first (`flush` waits for it).
    """

    changed = Signal(str)  # the field that changed
    problem = Signal(str)  # a message for the user (corrupt or unwritable sidecar)
    _written = Signal(object, str)  # (path, error): from the writing thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path: Path | None = None
        self._fallback: Path | None = None
        self._edits = Edits()
        self._writer = SidecarWriter(lambda path, error: self._written.emit(path, error))
        self._written.connect(self._on_written)

    # ------------------------------------------------------------------ reading

    def open(self, inputs: Sequence[str | Path]) -> list[str]:
        """Load the sidecar of a corpus; returns problems (already emitted) for the caller's log."""
        self.flush()  # the previous corpus' last edits reach its file first
        self._edits = Edits()
        self.path = sidecar_path(inputs)
        self._fallback = fallback_sidecar(inputs)
        messages: list[str] = []
        for candidate in dict.fromkeys([self.path, self._fallback]):
            if candidate.exists() or candidate.is_symlink():
                msg = self._read(candidate)
                if msg:
                    messages.append(msg)
                    self.problem.emit(msg)
                else:
                    self.path = candidate
                break
        for f in FIELDS:
            self.changed.emit(f)
        return messages

    def _read(self, path: Path) -> str | None:
        try:
            edits = read_edits(path)
        except SidecarError as exc:
            aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
            try:
                path.rename(aside)
                kept = f"it was renamed to {aside.name} and a fresh one will be started"
            except OSError:
                kept = "it could not be renamed and will be overwritten on the next edit"
            log.warning("corrupt edits file %s: %s", path, exc)
            return f"Your saved edits in {path} could not be read ({exc}); {kept}."
        self._edits = edits
        return None

    # ------------------------------------------------------------------ access

    def get(self, field: str, key: str) -> Any:
        return self._edits.fields()[field].get(key)

    def items(self, field: str) -> Mapping[str, Any]:
        return self._edits.fields()[field]

    @property
    def hidden(self) -> frozenset[str]:
        return frozenset(self._edits.hidden)

    @property
    def published(self) -> dict[str, PublishedDate]:
        return dict(self._edits.published)

    def is_empty(self) -> bool:
        return self._edits.entries() == 0

    def set_many(self, field: str, values: Mapping[str, Any]) -> None:
        """Set (or with None, clear) several edits of one kind, save, and announce the change."""
        target = self._edits.fields()[field]
        for key, value in values.items():
            if value is None:
                target.pop(key, None)
            else:
                target[key] = value
        self.save()
        self.changed.emit(field)

    # ------------------------------------------------------------------ writing

    def save(self) -> bool:
        """Write the edits; False when they could not be written (a large sidecar is written
        in the background: True, and a failure is reported when it happens)."""
        if self.path is None:
            return False
        if self._edits.entries() > SYNC_SAVE_ENTRIES or self._writer.pending():
            self._writer.submit(self.path, snapshot(self._edits))
            return True
        for target in dict.fromkeys([self.path, self._fallback]):
            if target is not None and self._write_now(target):
                if target != self.path:
                    self.problem.emit(f"Edits are saved in {target} ({self.path} is not writable).")
                    self.path = target
                return True
        self.problem.emit(f"Your edits could not be saved to {self.path}.")
        return False

    def _write_now(self, target: Path) -> bool:
        try:
            write_edits(target, self._edits)
        except OSError as exc:
            log.warning("cannot write %s: %s", target, exc)
            return False
        return True

    @Slot(object, str)
    def _on_written(self, path: Path, error: str) -> None:
        """A background write ended (on the window's thread)."""
        if not error:
            if path != self.path and path == self._fallback:
                self.problem.emit(f"Edits are saved in {path} ({self.path} is not writable).")
                self.path = path
            return
        log.warning("cannot write %s: %s", path, error)
        if self._fallback is not None and path != self._fallback:
            self._writer.submit(self._fallback, snapshot(self._edits))
        else:
            self.problem.emit(f"Your edits could not be saved to {self.path} ({error}).")

    def flush(self, timeout: float = 60.0) -> bool:
        """Wait for background saves to finish (before another corpus opens, at exit)."""
        done = self._writer.flush(timeout)
        QCoreApplication.sendPostedEvents(self)  # their results, on this thread now
        return done


class EditCommand(QUndoCommand):
    """One undoable edit: new values for some keys of one field, remembering the old ones."""

    def __init__(self, store: CurationStore, field: str, values: Mapping[str, Any], text: str):
        super().__init__(text)
        self._store = store
        self._field = field
        self._new = dict(values)
        self._old = {k: store.get(field, k) for k in values}

    def redo(self) -> None:
        self._store.set_many(self._field, self._new)

    def undo(self) -> None:
        self._store.set_many(self._field, self._old)
