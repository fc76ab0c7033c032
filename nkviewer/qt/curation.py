"""Undoable edits: each change of the analyst's edits is a `QUndoCommand` on the session's
`QUndoStack`, so Undo/Redo covers every edit. The edits themselves, their sidecar file and its
saving are the Qt-free `nkviewer.app.curation.CurationStore`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtGui import QUndoCommand

from nkviewer.app.curation import CurationStore

__all__ = ["EditCommand"]


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
