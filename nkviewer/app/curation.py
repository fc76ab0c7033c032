"""The analyst's edits of the open corpus as the application keeps them, Qt-free: where the
sidecar lives, reading it (one that fails validation is set aside and reported, never fatal),
changing it and saving it after every change, atomically, on a background thread.

Edits are keyed by `event_id` (or `doc_id` for publication dates) so they survive re-parsing.
The file format and how edits change the events are `nkviewer.corpus.sidecar` and
`nkviewer.corpus.curation`, shared with the command line (`nkviewer export` reads the same
sidecar through `load_corpus_edits`). The window's undo commands (`nkviewer.qt.curation`)
change a store only through `set_many`.

Like the dataset corpus (`dataset.py`), the store reports through plain callbacks, on its
owner's thread: `on_changed(field)` after an edit, `on_problem(message)` for the user. A
save ends on the writing thread: the store keeps its outcome and calls `wake()`
there, and the owner calls `deliver()` on its own thread (the window with a queued signal);
`flush` waits for the saves and delivers what they left.
"""

from __future__ import annotations

import logging
import queue
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nkviewer.corpus.curation import existing_sidecar, fallback_sidecar, sidecar_path
from nkviewer.corpus.sidecar import (
    Edits,
    SidecarError,
    SidecarWriter,
    read_edits,
    snapshot,
)
from nkviewer.ingest.document import PublishedDate

__all__ = ["CurationStore", "OpenedEdits"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OpenedEdits:
    """The edits of a corpus as `CurationStore.read` found them, for `adopt`: the edits, where
    they are saved from now on, the fallback, the problems met (a file set aside), and the
    store's save count when the read was asked for."""

    edits: Edits
    path: Path
    fallback: Path
    problems: list[str]
    saves: int


class _SetAside(Exception):
    """An edits file failed validation and was set aside; the message is for the user."""


def _ignore(*_args: object) -> None:
    """No listener."""


class CurationStore:
    """The edits of one corpus, loaded from its sidecar and saved to it on every change (see
    the module docstring for the callbacks and the thread each runs on)."""

    def __init__(
        self,
        *,
        on_changed: Callable[[str], None] = _ignore,
        on_problem: Callable[[str], None] = _ignore,
        wake: Callable[[], None] | None = None,
    ) -> None:
        self.on_changed = on_changed
        self.on_problem = on_problem
        #: where the edits are saved (the corpus folder's sidecar, else the user data folder's)
        self.path: Path | None = None
        self._fallback: Path | None = None
        self._edits = Edits()
        self._written: queue.SimpleQueue[tuple[Path, str]] = queue.SimpleQueue()
        # no owner to wake: the outcome waits for the next `deliver` or `flush`
        self._wake = wake or (lambda: None)
        self._writer = SidecarWriter(self._on_written_elsewhere)
        self._saves = 0
        self._hidden: frozenset[str] | None = None  # `hidden`, made once per change

    # ------------------------------------------------------------------ reading

    @property
    def saves(self) -> int:
        """How many saves were handed to the writer so far (owner's thread): `read` compares it
        to tell whether an edit made meanwhile may be missing from what it read."""
        return self._saves

    def read(self, inputs: Sequence[str | Path], saves: int) -> OpenedEdits:
        """Read the edits of a corpus, on any thread (the first read imports pydantic and builds
        the schema: 0.3-1.2 s). `saves` is `self.saves` when the owner asked: the saves handed
        to the writer by then are written first (reopening a corpus reads its latest edits). A
        file that fails validation is set aside here and the message kept for `adopt`."""
        self._writer.flush()
        path = sidecar_path(inputs)
        fallback = fallback_sidecar(inputs)
        found = existing_sidecar(inputs)
        if found is None:
            return OpenedEdits(Edits(), path, fallback, [], saves)
        try:
            edits = self._read(found)
        except _SetAside as exc:
            return OpenedEdits(Edits(), path, fallback, [str(exc)], saves)
        return OpenedEdits(edits, found, fallback, [], saves)

    def adopt(self, opened: OpenedEdits) -> bool:
        """Take in edits `read` for a corpus now opened (owner's thread); the caller reports
        `opened.problems`. False when an edit was saved after the owner asked for the read
        (the previous corpus' edits may be that same file): read again, keeping the problems
        met. The previous corpus' last edits are written first (they were, in `read`, unless
        made meanwhile)."""
        self.flush()
        if opened.saves != self._saves:
            return False
        self._edits = opened.edits
        self._hidden = None
        self.path = opened.path
        self._fallback = opened.fallback
        return True

    @staticmethod
    def _read(path: Path) -> Edits:
        """The edits in `path`; a file that fails validation is renamed aside (or, when it
        cannot be, overwritten by the next save) and `_SetAside` says so."""
        try:
            return read_edits(path)
        except SidecarError as exc:
            aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
            try:
                path.rename(aside)
                kept = f"it was renamed to {aside.name} and a fresh one will be started"
            except OSError:
                kept = "it could not be renamed and will be overwritten on the next edit"
            log.warning("corrupt edits file %s: %s", path, exc)
            raise _SetAside(
                f"Your saved edits in {path} could not be read ({exc}); {kept}."
            ) from None

    # ------------------------------------------------------------------ access

    def get(self, field: str, key: str) -> Any:
        return self._edits.fields()[field].get(key)

    def items(self, field: str) -> Mapping[str, Any]:
        return self._edits.fields()[field]

    @property
    def hidden(self) -> frozenset[str]:
        """The hidden event ids: one frozenset per change, the same object until the next (the
        window asks at every selection change and every refilter; each call copied them)."""
        if self._hidden is None:
            self._hidden = frozenset(self._edits.hidden)
        return self._hidden

    @property
    def published(self) -> dict[str, PublishedDate]:
        return dict(self._edits.published)

    def is_empty(self) -> bool:
        return self._edits.entries() == 0

    def set_many(self, field: str, values: Mapping[str, Any]) -> None:
        """Set (or with None, clear) several edits of one kind, save, and announce the change."""
        target = self._edits.fields()[field]
        if field == "hidden":
            self._hidden = None
        for key, value in values.items():
            if value is None:
                target.pop(key, None)
            else:
                target[key] = value
        self.save()
        self.on_changed(field)

    # ------------------------------------------------------------------ writing

    def save(self) -> None:
        """Write the edits, on the writing thread: the window's thread never waits for the disk
        (a write and its fsync take 2–5 ms, a sidecar of a million hidden events a second or
        more). The file is replaced atomically; a failed write is retried in the fallback
        folder, else reported with the file and the reason when its outcome is delivered;
        `flush` (before another corpus opens, at exit) waits for it."""
        if self.path is not None:
            self._submit(self.path)

    def _submit(self, path: Path) -> None:
        self._saves += 1  # before the writer has it (see `read`)
        self._writer.submit(path, snapshot(self._edits))

    def _moved_to(self, target: Path) -> None:
        """The edits were written to `target` (the fallback), not where they lived: they live
        there now, and the user is told."""
        self.on_problem(f"Edits are saved in {target} ({self.path} is not writable).")
        self.path = target

    def _on_written_elsewhere(self, path: Path, error: str) -> None:
        """A background write ended (on the writing thread): kept for the owner's thread."""
        self._written.put((path, error))
        self._wake()

    def deliver(self) -> None:
        """Take in the background writes that ended (on the owner's thread): a write to the
        fallback becomes where the edits live; a failure is retried there, else reported."""
        while True:
            try:
                path, error = self._written.get_nowait()
            except queue.Empty:
                return
            self._written_one(path, error)

    def _written_one(self, path: Path, error: str) -> None:
        if not error:
            if path != self.path and path == self._fallback:
                self._moved_to(path)
            return
        log.warning("cannot write %s: %s", path, error)
        if self._fallback is not None and path != self._fallback:
            self._submit(self._fallback)
        else:
            self.on_problem(f"Your edits could not be saved to {self.path} ({error}).")

    def pending(self) -> bool:
        """Whether a save is still being written."""
        return self._writer.pending()

    def flush(self, timeout: float = 60.0) -> bool:
        """Wait for background saves to finish (before another corpus opens, at exit) and take
        in their outcomes; False if `timeout` ran out first."""
        while True:
            if not self._writer.flush(timeout):
                self.deliver()
                return False
            self.deliver()
            # a failed write delivered just now was resubmitted to the fallback (and may even
            # be written already): wait for it and take in its outcome too
            if not self._writer.pending() and self._written.empty():
                return True
