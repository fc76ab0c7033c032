"""The event list changes row by row when the table changes (an edit, a filter): after any
sequence of hides, unhides, edits, filters and sorts its rows are those of a list made afresh
from the same table, every step passes the model tester, and the view keeps its current row
and the selection of the rows still listed."""

from __future__ import annotations

import functools
import random
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from pytestqt.qtbot import QtBot

from bench.synthetic import synthetic_frame
from nkviewer.app import memory
from nkviewer.events.facets import FilterState
from nkviewer.model.list_rows import list_change
from nkviewer.qt import event_table
from nkviewer.qt.event_table import EventList, EventTableModel
from nkviewer.qt.session import Session


def _rows(model: EventTableModel) -> list[tuple[object, ...]]:
    """Everything the list shows of each row: the cells, the tooltip, the hidden look."""
    out = []
    for r in range(model.rowCount()):
        cells = tuple(model.index(r, c).data() for c in range(model.columnCount()))
        first = model.index(r, 0)
        look = (
            first.data(Qt.ItemDataRole.ToolTipRole),
            first.data(Qt.ItemDataRole.ForegroundRole) is not None,
            model.index(r, 1).data(Qt.ItemDataRole.FontRole) is not None,
        )
        out.append((model.event_id(r), *cells, *look))
    return out


def _session(n: int, seed: int) -> Session:
    session = Session()
    session.set_raw_events(synthetic_frame(n, years=3, seed=seed))
    return session


def _step(session: Session, rng: random.Random, widget: EventList, step: int) -> str:
    """One random change of the table the list shows (or of its sort); what it was."""
    ids = session.filtered["event_id"].tolist()
    every = session.events["event_id"].tolist()
    kind = rng.choice(["hide", "hide", "unhide", "title", "date", "filter", "clear", "sort"])
    if kind == "hide" and ids:
        session.hide(rng.sample(ids, min(len(ids), rng.choice([1, 1, 3, 40]))))
    elif kind == "unhide":
        session.set_show_hidden(True)
        events = session.events
        hidden = events.loc[events["hidden"], "event_id"].tolist() if "hidden" in events else []
        if hidden:
            session.hide(rng.sample(hidden, min(len(hidden), 2)), False)
        session.set_show_hidden(rng.random() < 0.3)
    elif kind == "title" and every:
        session.edit_title(rng.choice(every), f"Renamed {step}")
    elif kind == "date" and every:
        session.edit_date(rng.choice(every), rng.choice(["2001-03", "2019-11-02", "1999"]))
    elif kind == "filter":
        counts = session.facet_counts().get("person", [])
        if counts and rng.random() < 0.5:
            value = rng.choice(counts[:10])[0]
            session.set_filters(FilterState(facets={"person": frozenset({value})}))
        else:
            session.set_filters(FilterState(text=rng.choice(["met", "visit", "a"])))
    elif kind == "clear":
        session.set_filters(FilterState())
    else:
        order = rng.choice([Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
        widget.view.sortByColumn(rng.choice([0, 0, 1, 4]), order)
    return kind


@pytest.fixture
def kept() -> Iterator[list[object]]:
    """Objects kept alive until after the model tester lets go of them (asked for before
    `qtmodeltester`, it is torn down after it)."""
    keep: list[object] = []
    yield keep
    keep.clear()


def _planned_here(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The changes the list works out itself (on the window's thread) from now on."""
    here: list[int] = []
    real = event_table.row_plan

    def noted(*args, **kw):  # type: ignore[no-untyped-def]
        here.append(1)
        return real(*args, **kw)

    monkeypatch.setattr(event_table, "row_plan", noted)
    return here


@pytest.mark.parametrize(("seed", "background"), [(s, b) for s in range(4) for b in (0, 1)])
def test_rows_after_any_changes_equal_a_list_made_afresh(
    qtbot: QtBot,
    kept: list[object],
    qtmodeltester,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
    seed: int,
    background: int,
) -> None:
    """In memory and, with `background`, as a large corpus, whose worker works each change
    of the list out in the list's sort (the list then works out none itself)."""
    if background:
        monkeypatch.setattr(memory, "BACKGROUND_EVENTS", 10)
    rng = random.Random(seed)
    session = _session(rng.choice([30, 300, 900]), seed)
    session.settle()
    widget = EventList(session)  # not qtbot's: closed and deleted before the tester's teardown
    kept.append(widget)
    session.listChanged.emit()
    qtmodeltester.check(widget.model, force_py=True)  # rechecks the model at every signal
    resets: list[int] = []
    widget.model.modelReset.connect(lambda: resets.append(1))
    here = _planned_here(monkeypatch)
    for step in range(40):
        kind = _step(session, rng, widget, step)
        session.settle()
        fresh = EventTableModel()
        fresh.sort(*widget.model._sort)
        fresh.set_frame(session.view_events)
        assert _rows(widget.model) == _rows(fresh), (step, kind)
    assert len(resets) < 40  # most changes were made row by row
    if background:
        assert here == []
    session.shutdown()


def _log(model: EventTableModel) -> list[tuple[object, ...]]:
    """The row changes `model` reports, in order."""
    log: list[tuple[object, ...]] = []
    model.rowsRemoved.connect(lambda _p, a, b: log.append(("removed", a, b)))
    model.rowsInserted.connect(lambda _p, a, b: log.append(("inserted", a, b)))
    model.dataChanged.connect(lambda a, b: log.append(("changed", a.row(), b.row())))
    model.modelReset.connect(lambda: log.append(("reset",)))
    model.layoutChanged.connect(lambda: log.append(("sorted",)))
    return log


@pytest.mark.parametrize("seed", range(6))
def test_a_change_worked_out_ahead_is_the_one_the_list_works_out(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    """`list_change` (what a refilter's worker works out) gives the very row changes the list
    works out itself, after random hides, unhides, edits, filters and sorts: a second model
    given them reports the same removals, insertions and changes, and shows the same rows."""
    rng = random.Random(seed)
    session = _session(rng.choice([30, 300, 900]), seed)
    widget = EventList(session)
    qtbot.addWidget(widget)
    session.listChanged.emit()
    ahead = EventTableModel()
    ahead.set_frame(session.view_events)
    theirs, mine = _log(widget.model), _log(ahead)
    planned = _planned_here(monkeypatch)
    compared = []

    def follow() -> None:  # after the list's own handler (connected first)
        del planned[:]
        old, new = ahead.frame(), session.view_events
        assert old is not None
        change = list_change(old, new, ahead.sort_key())
        ahead.set_frame(new, change=change)
        assert planned == []  # taken as worked out, not worked out again
        assert mine == theirs
        assert _rows(ahead) == _rows(widget.model)
        compared.append(change.plan is not None)
        mine.clear()
        theirs.clear()

    session.listChanged.connect(follow)
    for step in range(40):
        _step(session, rng, widget, step)
        if ("sorted",) in theirs:  # the list was sorted (a step that found nothing to edit)
            ahead.sort(*widget.model._sort)
            mine.clear()
            theirs.clear()
    assert compared and any(compared)  # row by row, not only resets


def test_one_hidden_event_is_one_row_removed_and_an_edit_one_row_changed(qtbot: QtBot) -> None:
    session = _session(500, 3)
    widget = EventList(session)
    qtbot.addWidget(widget)
    session.listChanged.emit()
    model = widget.model
    removed: list[tuple[int, int]] = []
    changed: list[tuple[int, int]] = []
    model.rowsRemoved.connect(lambda _p, a, b: removed.append((a, b)))
    model.dataChanged.connect(lambda a, b: changed.append((a.row(), b.row())))
    model.modelReset.connect(lambda: pytest.fail("the list was reset"))
    victim = model.event_id(100)
    session.hide([victim])
    assert removed == [(100, 100)] and model.row_of(victim) is None
    retitled = model.event_id(7)
    session.edit_title(retitled, "Another title")
    assert changed == [(7, 7)] and model.index(7, 1).data() == "Another title"


def test_the_current_row_and_the_selection_survive_a_hide_of_another_row(
    qtbot: QtBot,
) -> None:
    session = _session(400, 5)
    widget = EventList(session)
    widget.resize(800, 400)
    qtbot.addWidget(widget)
    widget.show()
    session.listChanged.emit()
    model, view = widget.model, widget.view
    qtbot.waitExposed(widget)
    qtbot.wait(20)  # laid out: scrolling is done at once
    view.scrollTo(model.index(250, 0), view.ScrollHint.PositionAtTop)
    qtbot.wait(10)
    top = model.event_id(view.rowAt(0))
    assert top == model.event_id(250)
    current = model.event_id(260)
    view.selectionModel().setCurrentIndex(
        model.index(260, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    assert session.selection == [current]
    other = model.event_id(120)  # above the rows shown: every row below moves up one
    session.hide([other])
    assert model.row_of(other) is None
    assert view.currentIndex() != QModelIndex()
    assert model.event_id(view.currentIndex().row()) == current
    assert widget.selected_ids() == [current] == session.selection
    assert model.event_id(view.rowAt(0)) == top  # the same events stay in view
    session.hide([current])  # the current event itself: it leaves the list and the selection
    assert model.row_of(current) is None
    assert session.selection == [] and widget.selected_ids() == []


def test_neither_a_change_nor_the_list_keeps_the_table_before(qtbot: QtBot) -> None:
    """A change worked out ahead refers to the table it goes from weakly, and the list keeps
    only where its rows went: once the list shows the new table the old one is freed."""
    import gc
    import weakref

    frame = synthetic_frame(300, years=3, seed=2)
    old = frame.iloc[5:].reset_index(drop=True)
    new = frame.iloc[:-5].reset_index(drop=True)
    model = EventTableModel()
    model.set_frame(old)
    change = list_change(old, new, model.sort_key())
    assert change.plan is not None and change.fits(old, new, model.sort_key())
    assert model.set_frame(new, change=change)  # row by row
    gone = weakref.ref(old)
    del old
    gc.collect()
    assert gone() is None and change.old() is None
    assert not change.fits(None, new, model.sort_key())
    assert model.row_after(0) == 5 and model.row_after(294) is None  # 5 came before, 5 left


@pytest.mark.parametrize("column", [1, 4])
def test_a_sort_while_a_refilter_runs_is_worked_out_in_the_worker(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, column: int
) -> None:
    """The list sorted anew while a large corpus' refilter is in the worker (or landed there,
    not yet shown): the worker works the change out again in the new sort, the previous
    state shown meanwhile, and the list works out none itself on the window's thread."""
    monkeypatch.setattr(memory, "BACKGROUND_EVENTS", 10)
    session = _session(600, 7)
    session.settle()
    widget = EventList(session)
    qtbot.addWidget(widget)
    session.listChanged.emit()
    here = _planned_here(monkeypatch)
    resets: list[int] = []
    widget.model.modelReset.connect(lambda: resets.append(1))
    before = session.view_events
    victims = before["event_id"].tolist()[100:103]
    session.hide(victims)
    assert session.refiltering and session.view_events is before  # shown once relisted
    widget.view.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: not session.refiltering, timeout=10_000)
    assert session.view_events is not before
    assert here == [] and resets == []  # row by row, as the worker worked it out
    assert all(widget.model.row_of(v) is None for v in victims)
    fresh = EventTableModel()
    fresh.sort(*widget.model._sort)
    fresh.set_frame(session.view_events)
    assert _rows(widget.model) == _rows(fresh)
    session.shutdown()


@pytest.mark.parametrize("column", [1, 2, 3, 4])
def test_the_sort_keys_are_the_cells_casefolded(column: int) -> None:
    """`sorted_order` sorts by the text `cell_text` shows (casefolded), then by start, ties in
    frame order; on rows with several sources, empty and missing values, and non-ASCII text."""
    import numpy as np

    from nkviewer.model.list_rows import ListTable, cell_text, sorted_order

    frame = synthetic_frame(400, years=2, seed=column)
    rng = random.Random(column)
    titles = frame["title"].tolist()
    for i in rng.sample(range(len(frame)), 60):
        titles[i] = rng.choice(["Straße", "STRASSE", "Ärger", "평양 회담", "", "ǅemal", "a"])
    frame["title"] = titles
    table = ListTable.of(frame)
    n = len(frame)
    texts = np.array([cell_text(table.cols, i, column).casefold() for i in range(n)], object)
    expected = np.lexsort([table.cols["t0"], texts])
    assert sorted_order(table.cols, n, column, False).tolist() == expected.tolist()
    assert sorted_order(table.cols, n, column, True).tolist() == expected[::-1].tolist()


def test_a_long_list_is_sorted_by_text_in_a_worker(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sorting a long list by a column of text: the rows stay as they are until the worker's
    order lands (no sort on the window's thread), then they equal a list sorted at once; a
    table given meanwhile is sorted again, and the current event keeps its row's selection."""
    import threading

    from nkviewer.model import list_rows

    monkeypatch.setattr(event_table, "SORT_IN_WORKER", 50)
    monkeypatch.setattr(memory, "BACKGROUND_EVENTS", 10)  # tables made in the worker too
    session = _session(600, 9)
    session.settle()
    widget = EventList(session)
    qtbot.addWidget(widget)
    session.listChanged.emit()
    model = widget.model
    here: list[int] = []
    real = list_rows.sorted_order

    def noted(*args, **kw):  # type: ignore[no-untyped-def]
        if threading.current_thread() is threading.main_thread():
            here.append(1)
        return real(*args, **kw)

    monkeypatch.setattr(event_table, "sorted_order", noted)
    current = model.event_id(40)
    widget.view.selectionModel().setCurrentIndex(
        model.index(40, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    before = _rows(model)
    widget.view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert model.sorting and _rows(model) == before  # shown as before meanwhile
    qtbot.waitUntil(lambda: not model.sorting, timeout=10_000)
    assert here == []
    fresh = EventTableModel()  # sorted by itself (in its worker too: a long list)
    fresh.sort(1, Qt.SortOrder.DescendingOrder)
    fresh.set_frame(session.view_events)
    qtbot.waitUntil(lambda: not fresh.sorting, timeout=10_000)
    assert _rows(model) == _rows(fresh) != before
    del here[:]
    assert model.event_id(widget.view.currentIndex().row()) == current
    assert session.selection == [current]
    # a new table while the worker sorts: the order that lands is the new table's
    widget.view.sortByColumn(4, Qt.SortOrder.AscendingOrder)
    session.hide([model.event_id(5)])
    qtbot.waitUntil(lambda: not (model.sorting or session.refiltering), timeout=10_000)
    qtbot.waitUntil(lambda: not model.sorting, timeout=10_000)
    assert here == []
    fresh = EventTableModel()
    fresh.sort(4, Qt.SortOrder.AscendingOrder)
    fresh.set_frame(session.view_events)
    qtbot.waitUntil(lambda: not fresh.sorting, timeout=10_000)
    assert _rows(model) == _rows(fresh)
    session.shutdown()


def test_run_count_counts_the_runs_runs_of_makes() -> None:
    """`run_count` (which decides between row-by-row changes and one signal or a reset) is the
    number of runs `runs_of` lists, for empty, full, edge and scattered masks."""
    import numpy as np

    from nkviewer.model.list_rows import run_count, runs_of

    rng = np.random.default_rng(3)
    masks = [np.zeros(0, bool), np.zeros(5, bool), np.ones(5, bool), np.array([True, False])]
    masks += [np.array([False, True]), np.array([True, False, True])]
    masks += [rng.random(n) < p for n in (1, 2, 50, 1000) for p in (0.05, 0.5, 0.95)]
    for mask in masks:
        assert run_count(mask) == len(runs_of(mask)), mask


def _tell(
    told: list[tuple[int, int]], first: QModelIndex, last: QModelIndex, _roles: object = ()
) -> None:
    told.append((first.row(), last.row()))


def test_many_scattered_changed_rows_are_one_signal_over_their_span(qtbot: QtBot) -> None:
    """Edits to more scattered rows than `MAX_ROW_RUNS` are told as one `dataChanged` from the
    first changed row to the last; a few are told run by run."""
    from nkviewer.model.list_rows import MAX_ROW_RUNS

    frame = synthetic_frame(2000, years=3, seed=9)
    model = EventTableModel()
    model.set_frame(frame)
    for every, many in ((7, True), (400, False)):
        edited = frame.copy()
        rows = list(range(3, len(frame), every))
        ids = {model.event_id(r) for r in rows}
        at = edited["event_id"].isin(ids)
        edited.loc[at, "title"] = edited.loc[at, "title"] + " (edited)"
        told: list[tuple[int, int]] = []
        model.dataChanged.connect(functools.partial(_tell, told))
        assert model.set_frame(edited)
        model.dataChanged.disconnect()
        if many:
            assert len(rows) > MAX_ROW_RUNS and told == [(rows[0], rows[-1])]
        else:
            assert told == [(r, r) for r in rows]
        frame = edited


def test_ids_in_python_lists_compare_as_the_same_ids_in_arrow() -> None:
    """`differs` on columns of Python strings (a dataset's window of events; compared through
    object arrays cached per column) says what it says of the same values in Arrow, missing
    values read as "", however often a column is compared."""
    import numpy as np
    import pandas as pd

    from nkviewer.model.timeline import TextColumn

    rng = np.random.default_rng(5)
    words = ["a", "b", "회담", "", "a b"]
    old = [str(rng.choice(words)) for _ in range(300)]
    new = [str(rng.choice(words)) for _ in range(300)]
    arrow_old = TextColumn(pd.Series([v or None for v in old], dtype="str"))
    arrow_new = TextColumn(pd.Series(new, dtype="str"))
    listed_old, listed_new = TextColumn(old), TextColumn(new)
    for _ in range(4):
        a, b = rng.integers(0, 300, 120), rng.integers(0, 300, 120)
        want = arrow_old.differs(a, arrow_new, b)
        assert want.tolist() == [old[i] != new[j] for i, j in zip(a, b, strict=True)]
        assert (listed_old.differs(a, listed_new, b) == want).all()
        assert (listed_old.differs(a, arrow_new, b) == want).all()
        assert (arrow_old.differs(a, listed_new, b) == want).all()
        assert listed_old.equal_at(a[:7], listed_new, b).tolist() == (~want[:7]).tolist()
