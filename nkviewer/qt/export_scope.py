"""What an export from the window includes: the selected events, the visible range, or the
whole filtered timeline, for a corpus in memory and for an event dataset read lazily.

`ExportScope.from_window(w)` takes a snapshot of the window (its filtered events or its
dataset's filtered source, the selection, the visible range, the lane grouping) so the export
dialogs read one consistent state and never reach into the window's widgets. It is the state
shown now: a dataset's refilter still in flight is not waited for (that held the window's thread
for seconds at 10^6 events); the dialog exports what the window showed when it opened. Its
counts come from what that source has ready (its count and day histograms, computed in the
background when it was prepared) and, for a dataset's selection, from the ids: no query runs on
the window's thread to open a dialog.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from nkviewer.errors import ExportError
from nkviewer.events.table import empty_frame, isin
from nkviewer.model.captions import figure_title
from nkviewer.model.source import DatasetSource
from nkviewer.qt.theme import widget_theme

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa
    from PySide6.QtWidgets import QWidget

    from nkviewer.qt.main_window import MainWindow

SCOPES = ("selection", "visible", "all")
SCOPE_LABELS = {
    "selection": "Selected events",
    "visible": "Visible range",
    "all": "Whole filtered timeline",
}
#: The columns `captions.figure_title` reads (times, and each grouping's lane column).
TITLE_COLUMNS = ("t0", "t1", "lane", "actors", "doc_source")
#: What a scope with no events is called in the message that says so.
SCOPE_NOUNS = {
    "selection": "No events are selected",
    "visible": "No events are in the visible part of the timeline",
    "all": "No events pass the current filters",
}


@dataclass
class ExportScope:
    """The window's events as an export sees them (see the module docstring).

    At most one of `frame` (a corpus in memory: the filtered, curated events) and `source` (an
    event dataset: a `DatasetSource` behind the window's filters and edits) is set; with
    neither (no corpus) the scope holds no events.
    """

    frame: pd.DataFrame | None = None
    source: DatasetSource | None = None
    selected: list[str] = field(default_factory=list)
    visible: tuple[float, float] = (0.0, 1.0)
    group_by: str = "country"
    title: str = ""
    # what is worked out once, each with the state (`_state`) it was worked out from: a field
    # set anew (a frame, a selection) makes it again
    _selection: tuple[_State, pd.DataFrame] | None = field(default=None, repr=False)
    _counts: tuple[_State, dict[str, int]] | None = field(default=None, repr=False)
    _events: tuple[pd.DataFrame, pd.DataFrame] | None = field(default=None, repr=False)
    _selection_lock: threading.Lock = field(
        default_factory=threading.Lock, repr=False, compare=False
    )
    _events_lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @classmethod
    def from_window(cls, w: MainWindow) -> ExportScope:
        drawn = w.session.timeline_source()
        # a dataset: drawn from disk, not a table
        source = drawn if isinstance(drawn, DatasetSource) else None
        name = w.session.inputs[0].name if w.session.inputs else ""
        return cls(
            frame=None if source is not None else w.session.filtered,
            source=source,
            selected=list(w.timeline.selected_ids()),
            visible=w.timeline.visible_range(),
            group_by=w.group_by(),
            title=name,
        )

    def _state(self) -> _State:
        return (self.frame, self.source, self.selected, self.visible)

    @property
    def is_dataset(self) -> bool:
        return self.source is not None

    def default_title(self, scope: str, group_by: str | None = None) -> str:
        """A title saying what the figure of `scope` shows: its lanes and period ("North Korea,
        China and Russia, March 2019"); a dataset's whole timeline keeps the folder's name.
        Reads the scope's events (a dataset's selection by id): the dialog asks for it in a
        worker thread (`export_form.work_out_title`), never on the window's."""
        group = group_by or self.group_by
        if scope == "selection":
            events = self.selection()
        elif self.frame is not None:
            # only what the title reads: the rows in view of every column were most of the time
            f = self.frame[[c for c in TITLE_COLUMNS if c in self.frame.columns]]
            if scope == "visible":
                t0, t1 = self.visible
                f = f[(f["t1"] > t0) & (f["t0"] < t1)]
            events = f
        elif scope == "visible" and self.source is not None:
            # a dataset: from the histograms, nothing decoded on this thread
            return self.source.figure_title(*self.visible, group) or self.title
        else:
            return self.title
        return figure_title(events, group) or self.title

    def default_scope(self) -> str:
        """The selection when there is one, else the visible range."""
        return "selection" if self.selected else "visible"

    def selection(self) -> pd.DataFrame:
        """The selected events (curated, as on view), in time order (looked up once, by
        whichever thread asks first: the title's worker or the window's)."""
        with self._selection_lock:
            return self._find_selection()

    def _find_selection(self) -> pd.DataFrame:
        state = self._state()
        kept = self._selection
        if kept is not None and _same(kept[0], state):
            return kept[1]
        ids = list(dict.fromkeys(self.selected))
        source, frame = self.source, self.frame
        if ids and source is not None:
            found = source.find(ids)
        elif ids and frame is not None:
            found = frame[isin(frame["event_id"], ids)]
        else:  # nothing selected, or neither a corpus nor a dataset: no events
            found = empty_frame()
        found = _without_hidden_column(found).reset_index(drop=True)
        self._selection = (state, found)
        return found

    def count(self, scope: str) -> int:
        """Events in `scope` (for a dataset's visible range: the events starting in it)."""
        state = self._state()
        kept = self._counts
        if kept is None or not _same(kept[0], state):
            kept = self._counts = (state, {})
        counts = kept[1]
        if scope not in counts:
            counts[scope] = self._count(scope)
        return counts[scope]

    def _count(self, scope: str) -> int:
        if scope == "selection":
            # never `selection()` here: its lock is held by the title's worker while it looks
            # the events up, and the window's thread asks for counts
            kept = self._selection
            if kept is not None and _same(kept[0], self._state()):
                return len(kept[1])
            ids = list(dict.fromkeys(self.selected))
            if not ids or self.source is not None:
                # a dataset's selected events are shown ones, each once: no lookup by id
                return len(ids)
            if self.frame is None:  # neither a corpus nor a dataset: no events to match
                return 0
            # the ids matched, not the rows taken: the title's worker takes them
            return int(isin(self.frame["event_id"], ids).sum())
        t0, t1 = self.visible
        if self.source is not None:
            return int(
                self.source.visible_count(t0, t1) if scope == "visible" else self.source.count()
            )
        f = self.frame
        if f is None:  # neither a corpus nor a dataset: no events (`require` says so)
            return 0
        if scope == "visible":
            return int(((f["t1"] > t0) & (f["t0"] < t1)).sum())
        return len(f)

    def figure_input(self, scope: str) -> tuple[Any, tuple[float, float] | None]:
        """What `prepare_figure` draws for `scope`: events or a source, and the time range
        (None: fitted to the events). The selection is looked up (a dataset's by id: a
        query) and the whole frame taken without its hidden column, each once (`selection`,
        `events`): the export dialog asks in its workers (`export_dialog.ScopeEvents`), never
        on the window's thread."""
        self.require(scope)
        if scope == "selection":
            return self.selection(), None
        data = self.source if self.source is not None else self.events()
        return data, self.time_range(scope)

    def events(self) -> pd.DataFrame:
        """A corpus's filtered events without their hidden column (`frame`; no events when
        there is no frame), taken once per frame and handed to every preview, save and data
        export while the frame is the one it came from: the window's events, filters and
        hidden set are a new frame when they change (a new dialog takes a new scope), and a
        frame set anew is taken anew. Workers ask for it: the first takes it under a lock."""
        frame = self.frame
        if frame is None:
            return empty_frame()
        with self._events_lock:
            kept = self._events
            if kept is None or kept[0] is not frame:
                kept = self._events = (frame, _without_hidden_column(frame))
            return kept[1]

    def require(self, scope: str) -> None:
        """Raise ExportError when `scope` has no events; from its count, which looks nothing
        up by id (a dataset's selection counts its ids: see `count`)."""
        if not self.count(scope) and not (scope == "visible" and self.source is not None):
            raise ExportError(f"{SCOPE_NOUNS[scope]}: there is nothing to export.")

    def time_range(self, scope: str) -> tuple[float, float] | None:
        """The figure's time range for `scope`: the visible one, else None (fitted to the
        events)."""
        return self.visible if scope == "visible" else None

    def event_frames(self, scope: str) -> Iterator[pd.DataFrame]:
        """The events of `scope` ("selection" or "all") for a data export, batch by batch: a
        dataset's filtered events are streamed, with the window's edits (titles) applied."""
        if scope == "selection":
            yield self.selection()
        elif self.source is None:
            yield self.events()
        else:
            # the writers turn RECORD_BATCH rows into records at a time: frames of that size
            # (20,000 decoded at once took Python's object arenas 70 MB higher at 10^5 events,
            # and they stayed fragmented once freed)
            from nkviewer.export.data import RECORD_BATCH

            src = self.source
            flt = src.filters if src.filters is not None and src.filters.is_active else None
            for frame in src.dataset.iter_frames(flt, batch=RECORD_BATCH):
                if src.transform is not None:
                    frame = src.transform(frame)
                yield _without_hidden_column(frame)

    def event_tables(self) -> Iterator[pa.Table]:
        """A dataset's events of the current filter ("all") as its stored Arrow rows, batch by
        batch, the window's edits (titles) applied: for a CSV, JSON Lines, JSON or Parquet
        export, which writes them without decoding them (`stream.write_table_stream`)."""
        from nkviewer.export.stream import dataset_tables

        src = self.source
        if src is None:
            raise ExportError("only an event dataset's events are read as Arrow rows")
        flt = src.filters if src.filters is not None and src.filters.is_active else None
        yield from dataset_tables(src.dataset, flt, src.transform)


def problem_style(widget: QWidget) -> str:
    """A style sheet for the export dialogs' "why not" line, legible on either palette."""
    color = "#ff8a80" if widget_theme(widget) == "dark" else "#b3261e"
    return f"color: {color}; font-weight: 600;"


#: A scope's state, what its events come from: frame, source, selected ids, visible range.
_State = tuple[Any, Any, list[str], tuple[float, float]]


def _same(a: _State, b: _State) -> bool:
    """Whether two states are one: the same frame, source and selection objects (tables and
    selections are replaced, never changed in place; comparing 10^5 selected ids took the
    window's thread 1.4 ms per preview's counts), and equal visible ranges."""
    return a[0] is b[0] and a[1] is b[1] and a[2] is b[2] and a[3] == b[3]


def _without_hidden_column(frame: Any) -> pd.DataFrame:
    return frame.drop(columns=["hidden"], errors="ignore")
