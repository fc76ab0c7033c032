"""Two halves of `Session` kept apart to keep modules small: its undoable curation commands
(hide, retitle, redate, correct a publication date) and what its views read of it (sources,
counts), in memory or on an event dataset.

Each edit is pushed to the session's undo stack as an `EditCommand` on its `CurationStore`; the
session recomputes its tables when the store announces the change. A mixin, so `Session` stays
one object for the views while its modules stay small.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from nkviewer.corpus.curation import parse_user_period
from nkviewer.qt.curation import EditCommand

if TYPE_CHECKING:
    import pandas as pd
    from PySide6.QtGui import QUndoStack

    from nkviewer.ingest.document import PublishedDate
    from nkviewer.qt.curation import CurationStore
    from nkviewer.qt.dataset_state import DatasetState


class SessionEdits:
    """The curation half of `Session` (it provides `store`, `undo_stack` and `_raw_title`)."""

    store: CurationStore
    undo_stack: QUndoStack

    def _raw_title(self, event_id: str) -> str:
        raise NotImplementedError

    def is_hidden(self, event_id: str) -> bool:
        return self.store.get("hidden", event_id) is not None

    def hide(self, event_ids: Sequence[str], hidden: bool = True) -> None:
        ids = [e for e in event_ids if self.is_hidden(e) != hidden]
        if not ids:
            return
        verb = "Hide" if hidden else "Unhide"
        text = f"{verb} {len(ids)} events" if len(ids) > 1 else f"{verb} event"
        values: dict[str, Any] = {e: (True if hidden else None) for e in ids}
        self.undo_stack.push(EditCommand(self.store, "hidden", values, text))

    def edit_title(self, event_id: str, title: str) -> None:
        original = self._raw_title(event_id)
        value = None if title.strip() in ("", original) else title.strip()
        if value == self.store.get("titles", event_id):
            return
        self.undo_stack.push(EditCommand(self.store, "titles", {event_id: value}, "Edit title"))

    def edit_date(self, event_id: str, text: str) -> None:
        """Correct an event's date; raises DateError for text that is not a date."""
        value = parse_user_period(text) if text.strip() else None
        if value == self.store.get("dates", event_id):
            return
        self.undo_stack.push(EditCommand(self.store, "dates", {event_id: value}, "Edit date"))

    def set_published(self, doc_id: str, published: PublishedDate | None) -> None:
        """Correct (or with None, restore) a document's publication date; re-resolves its dates."""
        if published == self.store.get("published", doc_id):
            return
        text = "Correct publication date" if published else "Restore publication date"
        self.undo_stack.push(EditCommand(self.store, "published", {doc_id: published}, text))


class SessionViews:
    """What the views read of a `Session`: in memory, or of an event dataset (`lazy`)."""

    lazy: DatasetState | None
    documents: dict[str, Any]

    @property
    def filtered(self) -> pd.DataFrame:
        raise NotImplementedError

    @property
    def events(self) -> pd.DataFrame:
        raise NotImplementedError

    def shown_count(self) -> int:
        raise NotImplementedError

    @staticmethod
    def _empty() -> pd.DataFrame:
        from nkviewer.events.table import empty_frame

        return empty_frame()

    @property
    def is_dataset(self) -> bool:
        """True while an event dataset is open (read lazily, not loaded)."""
        return self.lazy is not None

    def supports(self, edit: str) -> bool:
        """Whether curation `edit` ("hidden", "titles", "dates", "published") is available."""
        from nkviewer.qt.dataset_state import SUPPORTED_EDITS

        return self.lazy is None or edit in SUPPORTED_EDITS

    def timeline_source(self) -> Any:
        """What the timeline draws: the filtered events, as a `nkviewer.model.source` source."""
        from nkviewer.model.source import FrameSource

        return self.lazy.source if self.lazy is not None else FrameSource(self.filtered)

    def overview_source(self) -> Any:
        """What the overview draws: every event (filters aside)."""
        from nkviewer.model.source import FrameSource

        return self.lazy.overview if self.lazy is not None else FrameSource(self.events)

    @property
    def view_events(self) -> pd.DataFrame:
        """What the event list shows: the filtered events, or a dataset's events in view."""
        if self.lazy is not None:
            return self.lazy.view_frame if self.lazy.view_frame is not None else self._empty()
        return self.filtered

    def view_total(self) -> int:
        """Events the list stands for (a dataset's list shows the first `LIST_LIMIT`)."""
        return self.lazy.view_total if self.lazy is not None else self.shown_count()

    def document_count(self) -> int:
        return self.lazy.documents if self.lazy is not None else len(self.documents)
