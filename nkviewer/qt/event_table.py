"""The event list: a table model over the filtered pandas frame, and its dock view.

The model never copies rows into Qt: `data()` reads the frame through a row-order array, so
sorting is one sort of a key column (in a worker for a long list sorted by text) and 100,000
events cost nothing until painted. The view keeps its
selection in step with the session (and so with the timeline) both ways.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nkviewer.app.memory import MemoryCorpus
from nkviewer.model.list_rows import (
    MAX_ROW_RUNS,
    ListChange,
    ListTable,
    Sort,
    cell_text,
    joined_names,
    row_plan,
    run_count,
    runs,
    runs_of,
    sorted_order,
)
from nkviewer.model.timeline import TextColumn
from nkviewer.qt.background import LatestJob
from nkviewer.qt.plain import plain_tooltip
from nkviewer.threads import short_gil_turns

if TYPE_CHECKING:
    import pandas as pd

    from nkviewer.qt.session import Session

log = logging.getLogger(__name__)

COLUMNS: tuple[str, ...] = ("Date", "Title", "Actors", "Reported by", "Source")
#: The widest date the list shows (a range of days), for the Date column's width.
WIDEST_DATE = "2023-09-10 – 2023-09-15"


def date_column_width(fm: QFontMetrics) -> int:
    """Pixels the Date column needs for `WIDEST_DATE`, with the view's cell padding and the
    header's sort arrow."""
    return fm.horizontalAdvance(WIDEST_DATE) + 28


#: Selections larger than this are shown by colour in the list, not in Qt's selection model
#: (which takes about a second to take 100,000 rows and to paint them).
MIRROR_MAX = 2000
#: Lists longer than this are sorted by a column of text in a worker, the rows shown in their
#: order before until it lands (sorting 10^5 events by title took 120-400 ms of the window's
#: thread).
SORT_IN_WORKER = 20_000
_ModelIndex = QModelIndex | QPersistentModelIndex
_NCOLS = len(COLUMNS)


class EventTableModel(QAbstractTableModel):
    """Read-only, sortable table of events (one row per frame row)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._frame: pd.DataFrame | None = None  # pandas is imported with the first events
        self._order: np.ndarray | Sequence[int] = ()
        self._rows = 0
        self._row_of: np.ndarray | None = None  # list row of each frame position
        self._ids = TextColumn([])
        self._sort: tuple[int, Qt.SortOrder] = (0, Qt.SortOrder.AscendingOrder)
        self._cols: dict[str, Any] = {}
        self._marked: np.ndarray | None = None  # per frame row: selected (huge selections)
        # of the last change, when made row by row: old rows removed, new rows of those kept
        # (not the plan, which holds the old table's columns)
        self._moved: tuple[np.ndarray, np.ndarray] | None = None
        self._sort_asked: tuple[int, Qt.SortOrder] | None = None  # sorted in the worker now
        self._sorter = LatestJob("nkviewer-list-sort", self)
        self._sorter.finished.connect(self._on_sorted)
        self._highlight = QPalette().brush(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)
        self._highlight_text = QPalette().brush(
            QPalette.ColorGroup.Active, QPalette.ColorRole.HighlightedText
        )
        self._bold = QFont()
        self._bold.setBold(True)
        self._italic = QFont()
        self._italic.setItalic(True)

    # ------------------------------------------------------------------ contents

    def set_frame(
        self, frame: pd.DataFrame, *, rowwise: bool = True, change: ListChange | None = None
    ) -> bool:
        """Show `frame`. Nothing is converted here: text columns are read cell by cell as rows
        are painted (Arrow strings stay in Arrow), ids looked up in Arrow when asked, so a new
        table of 100,000 events after an edit costs milliseconds.

        A table of the same corpus (an edit, a filter) changes the list row by row: the rows
        of events that left are removed, those of events that came are inserted, and rows
        whose cells changed are reported (`dataChanged`), so the view keeps its selection,
        current row and scroll position. Returns False when the model was reset instead (the
        first table, one too different for row-by-row changes to be worth it, or any table
        without `rowwise`: another corpus, whose events may share ids with these).

        `change`: the same worked out in a worker (`model.list_rows.list_change`), taken when it
        goes from the table shown, in the list's order, to `frame`."""
        plan, changed = None, None
        if change is not None and change.fits(self._frame, frame, self.sort_key()):
            table = change.new
            if rowwise and self._rows:
                plan, changed = change.plan, change.changed
        else:
            deferred = self._defer_text_sort(len(frame))
            table = ListTable.of(frame, self.sort_key())
            if deferred:  # shown by date until the worker's order lands: a reset
                rowwise = False
            if rowwise and self._frame is not None and self._rows and len(table.order):
                plan = row_plan(
                    self._cols,
                    self._ids,
                    np.asarray(self._order),
                    table.cols,
                    table.ids,
                    table.order,
                )
        cols, ids, order = table.cols, table.ids, table.order
        self._moved = None if plan is None else (plan.removed, plan.kept_rows)
        if self._sort_asked is not None:  # a sort under way: of the new table now (once taken)
            QTimer.singleShot(0, self, self._sort_again)
        if plan is None:
            self.beginResetModel()
            self._take(frame, cols, ids, order)
            self.endResetModel()
            return False
        self._marked = None  # per frame row: the caller marks a huge selection again
        for first, last in reversed(runs_of(plan.removed)):
            self.beginRemoveRows(QModelIndex(), first, last)
            self._order = np.delete(np.asarray(self._order), np.s_[first : last + 1])
            self._rows = len(self._order)
            self._row_of = None
            self.endRemoveRows()
        # the rows left are those of the events kept, in the same order in both tables
        self._take(frame, cols, ids, order[~plan.inserted])
        for first, last in runs_of(plan.inserted):
            self.beginInsertRows(QModelIndex(), first, last)
            self._order = np.insert(np.asarray(self._order), first, order[first : last + 1])
            self._rows = len(self._order)
            self._row_of = None
            self.endInsertRows()
        self._order = order
        rows = plan.changed() if changed is None else changed
        if run_count(rows) > MAX_ROW_RUNS:  # many scattered rows: one signal (the view repaints)
            at = np.flatnonzero(rows)
            spans = [(int(at[0]), int(at[-1]))]
        else:
            spans = runs_of(rows)
        for first, last in spans:
            self.dataChanged.emit(self.index(first, 0), self.index(last, _NCOLS - 1))
        return True

    def _defer_text_sort(self, n: int) -> bool:
        """Whether a new table of `n` rows, sorted by a column of text, is to be sorted in the
        worker (a long list: sorting 10^5 events by title took 80-250 ms of the window's
        thread at a reopen). If so the list shows it by date until that order lands
        (`sort_key` is the order shown: a change worked out meanwhile is worked out in it)."""
        column, order = self._sort
        if n <= SORT_IN_WORKER or column == 0:
            return False
        if self._sort_asked is None:
            self._sort_asked = (column, order)
        self._sort = (0, Qt.SortOrder.AscendingOrder)
        return True

    @Slot()
    def _sort_again(self) -> None:
        if self._sort_asked is not None:
            self._request_sort()

    def _take(self, frame: pd.DataFrame, cols: dict[str, Any], ids: TextColumn, order: Any) -> None:
        self._frame = frame
        self._cols = cols
        self._ids = ids
        self._order = order
        self._rows = len(order)
        self._row_of = None
        self._marked = None

    def frame(self) -> pd.DataFrame | None:
        return self._frame

    def row_after(self, old_row: int) -> int | None:
        """The row now of what was row `old_row` before the last change, made row by row
        (None: its event left, or the list was reset or sorted since): no lookup by id."""
        if self._moved is None:
            return None
        removed, kept_rows = self._moved
        if not 0 <= old_row < len(removed) or removed[old_row]:
            return None
        return int(kept_rows[old_row - int(np.count_nonzero(removed[:old_row]))])

    def sort_key(self) -> Sort:
        """The list's sort: (column, descending)."""
        column, order = self._sort
        return column, order == Qt.SortOrder.DescendingOrder

    def set_marked(self, event_ids: Sequence[str]) -> bool:
        """Mark rows as selected by colour alone (a selection too big for Qt's selection model
        to mirror quickly); returns whether anything changed."""
        had = self._marked is not None
        if not len(event_ids) or self._frame is None:
            self._marked = None
            return had
        mask = np.zeros(len(self._ids), bool)
        pos = self._ids.positions(list(event_ids))
        mask[pos[pos >= 0]] = True
        self._marked = mask
        return True

    def marked_ids(self) -> list[str]:
        if self._marked is None:
            return []
        order = np.asarray(self._order, np.int64)
        return self._ids.take(order[self._marked[order]])

    def event_id(self, row: int) -> str:
        return self._ids[int(self._order[row])]

    def event_ids(self, rows: Sequence[int] | np.ndarray) -> list[str]:
        """The event ids of list rows `rows`, in one lookup."""
        if not len(rows):
            return []
        return self._ids.take(np.asarray(self._order, np.int64)[np.asarray(rows, np.int64)])

    def row_selection(self, rows: Sequence[int] | np.ndarray) -> QItemSelection:
        """Whole rows `rows` (sorted) as one selection, a range per run of consecutive rows.
        Its indexes are made here (`createIndex`): `index()` asks the Python `rowCount` and
        `columnCount` of each, which took 45 ms for 1,900 scattered rows."""
        selection = QItemSelection()
        for first, final in runs(rows):
            selection.select(self.createIndex(first, 0), self.createIndex(final, _NCOLS - 1))
        return selection

    def row_of(self, event_id: str) -> int | None:
        row = self.rows_of([event_id])[0]
        return None if row < 0 else int(row)

    def rows_of(self, event_ids: Sequence[str]) -> np.ndarray:
        """The list row of each event id (-1 for events not listed), in one lookup."""
        if not len(self._order):
            return np.full(len(event_ids), -1, np.int64)
        if self._row_of is None:  # frame position → row, for the current order
            self._row_of = np.empty(len(self._order), np.int64)
            self._row_of[self._order] = np.arange(len(self._order))
        pos = self._ids.positions(list(event_ids))
        return np.where(pos >= 0, self._row_of[np.maximum(pos, 0)], -1)

    # ------------------------------------------------------------------ Qt model API

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else _NCOLS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Vertical:
            return section + 1
        return None

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._order):
            return None
        pos = int(self._order[index.row()])
        col = index.column()
        c = self._cols
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(pos, col)
        if self._marked is not None and self._marked[pos]:
            if role == Qt.ItemDataRole.BackgroundRole:
                return self._highlight
            if role == Qt.ItemDataRole.ForegroundRole:
                return self._highlight_text
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{c['title'][pos]}\n{self._text(pos, 0)}"
            if c["modality"][pos] == "expected":
                tip += " · expected"
            n = len(c["sources"][pos] or ())
            if n > 1:
                tip += f"\nreported by {n} sources"
            reporters = joined_names(c["reported_by"][pos])
            if reporters:
                tip += f"\naccording to {reporters}"
            if c["hidden"][pos]:
                tip += "\nhidden (Edit ▸ Unhide to show it again)"
            return plain_tooltip(tip)
        if role == Qt.ItemDataRole.FontRole:
            return self._italic if c["modality"][pos] == "expected" else None
        if role == Qt.ItemDataRole.ForegroundRole and c["hidden"][pos]:
            return QPalette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        if role == Qt.ItemDataRole.UserRole:
            return str(c["event_id"][pos])
        return None

    def _text(self, pos: int, col: int) -> str:
        return cell_text(self._cols, pos, col)

    # flags(): the base class's (enabled, selectable, no children) is what this table needs;
    # not overriding it matters, as selecting 100,000 rows asks it for every cell.

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by `column`: at once, or for a long list by a column of text in a worker (the
        rows stay in their order until it lands; `sorting` meanwhile)."""
        if not 0 <= column < len(COLUMNS):
            return
        n = len(self._frame) if self._frame is not None else 0
        if n > SORT_IN_WORKER and column != 0:
            self._sort_asked = (column, order)
            self._request_sort()
            return
        self._sorter.cancel()
        self._sort_asked = None
        descending = order == Qt.SortOrder.DescendingOrder
        self._apply_sort((column, order), sorted_order(self._cols, n, column, descending))

    @property
    def sorting(self) -> bool:
        """Whether a sort asked for is being made in the worker."""
        return self._sort_asked is not None

    def _request_sort(self) -> None:
        """Sort the table shown in the order asked for (`_sort_asked`), in the worker."""
        assert self._sort_asked is not None
        column, order = self._sort_asked
        descending = order == Qt.SortOrder.DescendingOrder
        n = len(self._frame) if self._frame is not None else 0
        self._sorter.request(_sorted_in_worker, self._frame, self._cols, n, column, descending)

    @Slot(object)
    def _on_sorted(self, future: Future[tuple[Any, np.ndarray] | None]) -> None:
        """The worker's order: shown if it is of the table shown (a newer table asked again)."""
        asked = self._sort_asked
        try:
            got = future.result()
        except Exception:  # (an error is a bug: the list stays in the order it shows)
            log.exception("sorting the event list failed")
            self._sort_asked = None
            return
        if asked is None or got is None or got[0] is not self._frame:
            return
        self._sort_asked = None
        self._apply_sort(asked, got[1])

    def _apply_sort(self, sort: tuple[int, Qt.SortOrder], order: np.ndarray) -> None:
        """Show the rows in `order` (frame positions), sorted as `sort` says; the selection,
        the current row and other persistent indexes follow their events."""
        self.layoutAboutToBeChanged.emit()
        old_list = self.persistentIndexList()
        # the same table in another order: each index follows its frame row, in arrays (by
        # id, with an index() each, it took 150 ms for the 4,000 indexes of a band's selection)
        rows = np.fromiter((i.row() for i in old_list), np.int64, len(old_list))
        columns = [i.column() for i in old_list]
        positions = np.asarray(self._order, np.int64)[rows]
        order = np.asarray(order, np.int64)
        self._sort = sort
        self._moved = None
        self._order = order
        self._row_of = np.empty(len(order), np.int64)
        self._row_of[order] = np.arange(len(order))
        new_rows = self._row_of[positions].tolist()
        new_list = [self.createIndex(r, c) for r, c in zip(new_rows, columns, strict=True)]
        self.changePersistentIndexList(old_list, new_list)
        self.layoutChanged.emit()


def _sorted_in_worker(
    cancelled: Callable[[], bool],
    frame: pd.DataFrame | None,
    cols: dict[str, Any],
    n: int,
    column: int,
    descending: bool,
) -> tuple[pd.DataFrame | None, np.ndarray] | None:
    """In the list's worker: `frame`'s rows in the order of `column` (None when superseded);
    the sort keys are made in Python, so the window's thread gets the GIL back soon."""
    if cancelled():
        return None
    with short_gil_turns():
        return frame, sorted_order(cols, n, column, descending)


class EventList(QWidget):
    """Dock content: the sortable list of filtered events, in step with the session selection.

    Double-click or Enter on a row emits `zoomRequested` (the window zooms the timeline to it).
    """

    zoomRequested = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = EventTableModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setShowGrid(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # The Date column holds a whole range ("2023-09-10 – 2023-09-15"), not a cut one.
        header.resizeSection(0, date_column_width(self.view.fontMetrics()))
        header.resizeSection(1, 440)
        header.resizeSection(2, 280)
        header.resizeSection(3, 160)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.note = QLabel()  # a dataset's list: which events of the view are listed
        self.note.setContentsMargins(6, 2, 6, 2)
        self.note.setEnabled(False)
        self.note.hide()
        layout.addWidget(self.note)
        layout.addWidget(self.view)
        self._syncing = False
        self.view.selectionModel().selectionChanged.connect(self._on_view_selection)
        self.view.activated.connect(self._on_activated)
        self._new_corpus = True  # the next table is another corpus's: the list is reset
        session.corpusOpened.connect(self._on_corpus)
        session.listChanged.connect(self._on_list)  # the filtered table, or a dataset's view
        session.selectionChanged.connect(self._on_session_selection)
        session.currentChanged.connect(self._on_current)
        self.model.layoutChanged.connect(self._note_sort)

    @Slot()
    def _note_sort(self) -> None:
        """Tell a corpus in memory the list's sort: its worker works changes out in it."""
        state = self.session.state
        if isinstance(state, MemoryCorpus):
            state.list_sort = self.model.sort_key()

    @Slot()
    def _on_corpus(self) -> None:
        self._new_corpus = True

    @Slot()
    def _on_list(self) -> None:
        """A new table: the model changes row by row, so the view keeps its selection, current
        row and scroll position by itself; when it was reset instead, they are put back."""
        top_row = self.view.rowAt(0)
        top, current = self._row_id(top_row), self._row_id(self.view.currentIndex().row())
        self._syncing = True
        try:
            view = self.session.view_events
            state = self.session.state  # a large corpus in memory: the change made in its worker
            change = state.list_change(view) if isinstance(state, MemoryCorpus) else None
            rowwise = self.model.set_frame(view, rowwise=not self._new_corpus, change=change)
            self._new_corpus = False
        finally:
            self._syncing = False
        self._note_sort()  # a corpus opened since starts sorted by date
        if rowwise:  # where the top row went, from the change (no lookup of its id)
            self._restore(None, None, top_row=self.model.row_after(top_row))
        else:
            self._restore(top, current)
        self._on_session_selection(self.session.selection, scroll=not rowwise and top is None)
        self._update_note()

    def _row_id(self, row: int) -> str | None:
        return self.model.event_id(row) if 0 <= row < self.model.rowCount() else None

    def _restore(self, top: str | None, current: str | None, top_row: int | None = None) -> None:
        """The same event at the top of the list (rows removed or inserted above it moved it:
        `top`, or where it is now, `top_row`), and after a reset the same current row."""
        row = self.model.row_of(current) if current is not None else None
        if row is not None:
            self.view.selectionModel().setCurrentIndex(
                self.model.index(row, 0), QItemSelectionModel.SelectionFlag.NoUpdate
            )
        row = self.model.row_of(top) if top is not None else top_row
        if row is not None and row != self.view.rowAt(0):
            self.view.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtTop)

    def _update_note(self) -> None:
        if not self.session.list_follows_view:
            self.note.hide()
            return
        listed, total = self.model.rowCount(), self.session.view_total()
        if total > listed:
            text = f"Events in view: the first {listed:,} of {total:,} (zoom in to list the rest)"
        else:
            text = f"Events in view: {listed:,}"
        self.note.setText(text)
        self.note.show()

    @Slot(object)
    def _on_session_selection(self, ids: Sequence[str], scroll: bool = True) -> None:
        """Select the session's selection in the view (and bring its first row into view,
        with `scroll`); nothing moves when the view has it selected already."""
        if len(ids) > MIRROR_MAX:  # a huge selection: marked rows, not Qt's selection model
            self._syncing = True
            try:
                self.view.selectionModel().clearSelection()
            finally:
                self._syncing = False
            self.model.set_marked(ids)
            self.view.viewport().update()
            return
        if self.model.set_marked(()):
            self.view.viewport().update()
        found = self.model.rows_of(ids) if len(ids) else np.zeros(0, np.int64)
        rows = np.unique(found[found >= 0])
        if np.array_equal(rows, self._view_rows()):
            return
        selection = self.model.row_selection(rows)
        model = self.view.selectionModel()
        self._syncing = True
        try:
            # Cleared first, then selected: a ClearAndSelect has Qt compare the old ranges
            # with the new ones pair by pair (40-140 ms from one band of 1,900 scattered
            # rows to another); each step alone is one pass.
            model.clearSelection()
            if len(rows):
                model.select(selection, QItemSelectionModel.SelectionFlag.Select)
        finally:
            self._syncing = False
        if len(rows) and scroll:
            self.view.scrollTo(self.model.index(int(rows[0]), 0))

    def _view_rows(self) -> np.ndarray:
        """The rows selected in the view, sorted, read from its selection's ranges in one pass
        (`selectedRows` asks every range about every row: 50-75 ms for 1,900 scattered rows).
        The view selects whole rows; a range of part of a row (none is made here) is left to
        Qt's own count."""
        model = self.view.selectionModel()
        ranges = model.selection()
        if ranges.isEmpty():
            return np.zeros(0, np.int64)
        last = self.model.columnCount() - 1
        bounds = [(r.top(), r.bottom(), r.left(), r.right()) for r in ranges.toList()]
        b = np.asarray(bounds, np.int64)
        if (b[:, 2] != 0).any() or (b[:, 3] != last).any():
            return np.unique(np.asarray([i.row() for i in model.selectedRows()], np.int64))
        sizes = b[:, 1] - b[:, 0] + 1
        offsets = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        return np.unique(np.repeat(b[:, 0], sizes) + offsets)

    @Slot(str)
    def _on_current(self, event_id: str) -> None:
        row = self.model.row_of(event_id) if event_id else None
        if row is not None:
            self.view.scrollTo(self.model.index(row, 0))

    @Slot(QItemSelection, QItemSelection)
    def _on_view_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        if self._syncing:
            return
        self.session.set_selection(self.model.event_ids(self._view_rows()))

    @Slot(QModelIndex)
    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.session.set_current(self.model.event_id(index.row()))
            self.zoomRequested.emit()

    def selected_ids(self) -> list[str]:
        marked = self.model.marked_ids()
        if marked:
            return marked
        return self.model.event_ids(self._view_rows())
