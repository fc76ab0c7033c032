"""The event list with large, scattered selections: how a selection reaches the view (the
shape of the calls, not their time) and that it stays in step with the session both ways, with
the keyboard, after a sort and after a change of the table."""

from __future__ import annotations

import random
import threading

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from bench.synthetic import synthetic_frame
from nkviewer.model import list_rows
from nkviewer.qt import event_table
from nkviewer.qt.event_table import EventList, EventTableModel
from nkviewer.qt.session import Session


def _widget(qtbot: QtBot, n: int = 2000) -> tuple[Session, EventList]:
    session = Session()
    session.set_raw_events(synthetic_frame(n, years=3, seed=4))
    session.settle()
    widget = EventList(session)
    widget.resize(900, 500)
    qtbot.addWidget(widget)
    widget.show()
    session.listChanged.emit()
    return session, widget


def _scattered(widget: EventList, k: int, seed: int) -> list[str]:
    """Ids of `k` rows of the list, no two next to each other (a range each)."""
    rows = random.Random(seed).sample(range(0, widget.model.rowCount(), 2), k)
    return [widget.model.event_id(r) for r in sorted(rows)]


def _view_ids(widget: EventList) -> list[str]:
    """The ids of the rows the view's own selection model says are selected (Qt's count)."""
    rows = sorted({i.row() for i in widget.view.selectionModel().selectedRows()})
    return [widget.model.event_id(r) for r in rows]


def test_a_large_selection_replaces_another_without_qt_comparing_their_ranges(
    qtbot: QtBot,
) -> None:
    """One selection of hundreds of scattered rows replaced by another: the view is told of
    what left and of what came in separate signals (a ClearAndSelect has Qt compare the old
    ranges with the new ones pair by pair, quadratic in their number) and ends with exactly
    the session's rows."""
    session, widget = _widget(qtbot)
    first, second = _scattered(widget, 300, 1), _scattered(widget, 300, 2)
    session.set_selection(first)
    assert _view_ids(widget) == first
    signals: list[tuple[int, int]] = []

    def seen(selected: QItemSelection, deselected: QItemSelection) -> None:
        signals.append((len(selected), len(deselected)))

    widget.view.selectionModel().selectionChanged.connect(seen)
    session.set_selection(second)
    assert _view_ids(widget) == second == widget.selected_ids()
    assert signals and all(0 in pair for pair in signals)
    assert sum(s for s, _ in signals) >= 290  # a range per run of rows, made at once


def test_a_large_selection_is_read_from_the_view_without_asking_the_model_per_row(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Selections of 600 rows in three runs synced into the view and read back: the model's
    Python `rowCount` / `columnCount` are asked a few times per run, never per row
    (`selectedRows` asked them about every row of every range: thousands of calls)."""
    calls: list[int] = []
    rows, cols = EventTableModel.rowCount, EventTableModel.columnCount

    def row_count(self, parent=event_table.QModelIndex()):  # type: ignore[no-untyped-def]  # noqa: B008
        calls.append(1)
        return rows(self, parent)

    def column_count(self, parent=event_table.QModelIndex()):  # type: ignore[no-untyped-def]  # noqa: B008
        calls.append(1)
        return cols(self, parent)

    monkeypatch.setattr(EventTableModel, "rowCount", row_count)
    monkeypatch.setattr(EventTableModel, "columnCount", column_count)
    # (patched before the model is made: Qt's calls into Python find the methods it had)
    session, widget = _widget(qtbot)
    model = widget.model
    first = [model.event_id(r) for r in (*range(100, 300), *range(500, 700), *range(900, 1100))]
    second = [model.event_id(r) for r in (*range(50, 250), *range(600, 800), *range(1200, 1400))]
    calls.clear()
    model.rowCount()
    assert calls == [1]  # the patch is what Python (and Qt) call
    calls.clear()
    session.set_selection(first)
    assert widget.selected_ids() == first
    session.set_selection(second)
    assert widget.selected_ids() == second
    assert len(calls) < 100
    monkeypatch.undo()
    assert _view_ids(widget) == second


def test_selections_stay_in_step_both_ways_with_the_keyboard_sorts_and_hides(
    qtbot: QtBot,
) -> None:
    session, widget = _widget(qtbot, 800)
    model, view = widget.model, widget.view
    ids = _scattered(widget, 120, 4)
    session.set_selection(ids)
    assert widget.selected_ids() == _view_ids(widget) == ids
    # the user Ctrl-clicks one of them in the list: the session drops it
    dropped = ids[7]
    row = model.row_of(dropped)
    assert row is not None
    view.selectionModel().select(
        model.index(row, 0),
        QItemSelectionModel.SelectionFlag.Deselect | QItemSelectionModel.SelectionFlag.Rows,
    )
    rest = [e for e in ids if e != dropped]
    assert session.selection == rest == widget.selected_ids()
    # sorted by title: the same events stay selected, listed in the new order
    view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert sorted(widget.selected_ids()) == sorted(rest)
    assert widget.selected_ids() == _view_ids(widget)
    # a hide of two of them and of an unselected event: the list changes row by row
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    other = next(model.event_id(r) for r in range(model.rowCount()) if model.event_id(r) not in ids)
    session.hide([rest[0], rest[1], other])
    assert resets == []
    assert sorted(session.selection) == sorted(rest[2:]) == sorted(widget.selected_ids())
    # the keyboard: Down moves the current row and selects it alone
    view.setFocus()
    start = model.row_of(rest[5])
    assert start is not None
    view.selectionModel().setCurrentIndex(
        model.index(start, 0), QItemSelectionModel.SelectionFlag.NoUpdate
    )
    for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
        QApplication.sendEvent(
            view, QKeyEvent(kind, Qt.Key.Key_Down, Qt.KeyboardModifier.NoModifier)
        )
    below = model.event_id(start + 1)
    assert view.currentIndex().row() == start + 1
    assert session.selection == [below] == widget.selected_ids() == _view_ids(widget)
    session.shutdown()


def test_a_new_long_table_is_not_sorted_by_text_on_the_window_thread(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long list sorted by title given another table (a reopen): shown by date at once, its
    title order made in the worker (no sort keys on the window's thread), then the same rows
    as a list sorted by title at once."""
    monkeypatch.setattr(event_table, "SORT_IN_WORKER", 50)
    frame = synthetic_frame(600, years=2, seed=6)
    model = EventTableModel()
    model.set_frame(frame)
    model.sort(1, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: not model.sorting, timeout=10_000)
    on_window: list[int] = []
    real = list_rows.sort_texts

    def noted(*args, **kw):  # type: ignore[no-untyped-def]
        if threading.current_thread() is threading.main_thread():
            on_window.append(1)
        return real(*args, **kw)

    monkeypatch.setattr(list_rows, "sort_texts", noted)
    other = synthetic_frame(700, years=2, seed=7)
    assert not model.set_frame(other, rowwise=False)
    assert on_window == [] and model.sorting
    by_date = [model.event_id(r) for r in range(model.rowCount())]
    assert by_date == other["event_id"].tolist()  # tables come sorted by date
    qtbot.waitUntil(lambda: not model.sorting, timeout=10_000)
    assert on_window == [] and model.sort_key() == (1, False)
    monkeypatch.undo()
    titles = [model.index(r, 1).data() for r in range(model.rowCount())]
    assert titles == sorted(titles, key=str.casefold)
    assert sorted(by_date) == sorted(model.event_id(r) for r in range(model.rowCount()))
