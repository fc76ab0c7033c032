"""The event list model (checked by qtmodeltester), its sorting and selection sync, and the
filters: facet counts, combined filters, debounced search."""

from __future__ import annotations

import gc

import pytest
import qt_sample
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QTreeWidgetItem
from pytestqt.qtbot import QtBot

from nkviewer.events.facets import FilterEngine, FilterState
from nkviewer.qt.event_table import EventList, EventTableModel
from nkviewer.qt.filters import FiltersPanel
from nkviewer.qt.session import Session


@pytest.fixture
def session() -> Session:
    s = Session()
    s.add_documents(qt_sample.parsed_documents())
    s.set_raw_events(qt_sample.frame())
    return s


def test_model_passes_qtmodeltester(qtmodeltester, session: Session) -> None:  # type: ignore[no-untyped-def]
    model = EventTableModel()
    model.set_frame(session.events)
    qtmodeltester.check(model, force_py=True)
    model.sort(1, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model, force_py=True)


def test_model_sorts_and_shows_dates_titles_actors_sources(session: Session) -> None:
    model = EventTableModel()
    model.set_frame(session.events)
    rows = [[model.index(r, c).data() for c in range(5)] for r in range(model.rowCount())]
    assert [r[0] for r in rows] == ["2018-12", "2019-04", "2019-04-25"]
    assert rows[2][1] == "Kim Jong-un met Vladimir Putin  ×2"
    assert rows[2][2] == "Kim Jong-un, Vladimir Putin"
    assert rows[2][3] == ""  # nobody named as its reporter
    assert rows[2][4] == "Hankyoreh"
    reported = session.events.copy()
    reported["reported_by"] = [["Yonhap"]] * len(reported)
    model.set_frame(reported)
    assert model.index(2, 3).data() == "Yonhap"
    assert "according to Yonhap" in model.index(2, 1).data(Qt.ItemDataRole.ToolTipRole)
    model.sort(1, Qt.SortOrder.AscendingOrder)
    titles = [model.index(r, 1).data() for r in range(3)]
    assert titles == sorted(titles, key=str.casefold)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.event_id(0) == "ev-summit"


def test_list_and_session_selection_stay_in_step(qtbot: QtBot, session: Session) -> None:
    widget = EventList(session)
    qtbot.addWidget(widget)
    session.listChanged.emit()
    session.set_selection(["ev-visit", "ev-moon"])
    assert widget.selected_ids() == ["ev-moon", "ev-visit"]
    row = widget.model.row_of("ev-summit")
    assert row is not None
    widget.view.selectionModel().select(
        widget.model.index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    assert session.selection == ["ev-summit"]
    assert session.current == "ev-summit"
    widget.view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert widget.selected_ids() == ["ev-summit"]  # the selection survives sorting


def test_filters_combine_and_counts_drill_sideways(session: Session) -> None:
    outlets = {"doc-a": "Hankyoreh", "doc-b": "Korea JoongAng Daily"}
    engine = FilterEngine(session.events, source_of_doc=outlets)
    counts = engine.counts(FilterState())
    assert dict(counts["person"])["Kim Jong-un"] == 1
    # The merged summit counts for both outlets that reported it.
    assert dict(counts["source"]) == {"Hankyoreh": 2, "Korea JoongAng Daily": 2}
    state = FilterState().with_facet("person", "Wang Yi")
    assert list(engine.apply(state)["event_id"]) == ["ev-visit"]
    both = state.with_facet("person", "Moon Jae-in")  # OR inside one facet
    assert set(engine.apply(both)["event_id"]) == {"ev-visit", "ev-moon"}
    # Counts of "person" ignore the person filter itself but honour the others.
    assert dict(engine.counts(state)["person"])["Moon Jae-in"] == 1
    assert dict(engine.counts(state)["place"]) == {"Pyongyang": 1}
    expected_only = FilterState(modalities=frozenset({"expected"}))
    assert list(engine.apply(expected_only)["event_id"]) == ["ev-visit"]
    text = FilterState(text="PUTIN vladivostok")
    assert list(engine.apply(text)["event_id"]) == ["ev-summit"]
    from nkviewer.events.table import day_number

    dates = FilterState(start=day_number("2019-01-01"), end=day_number("2019-04-10"))
    assert list(engine.apply(dates)["event_id"]) == ["ev-visit"]  # the month overlaps


def test_filters_panel_drives_the_session(qtbot: QtBot, session: Session) -> None:
    panel = FiltersPanel(session)
    qtbot.addWidget(panel)
    panel.show()
    session.filteredChanged.emit()
    people = panel._sections["person"]

    def children() -> list[QTreeWidgetItem]:
        found = [people.child(i) for i in range(people.childCount())]
        return [c for c in found if c is not None]

    names = [c.text(0) for c in children()]
    assert "Wang Yi" in names
    children()[names.index("Wang Yi")].setCheckState(0, Qt.CheckState.Checked)
    assert list(session.filtered["event_id"]) == ["ev-visit"]
    assert "1" in panel.summary.text() and "3" in panel.summary.text()
    panel.clear()
    assert session.shown_count() == 3
    qtbot.keyClicks(panel.search, "Beijing")
    assert session.filters.text == ""  # debounced: nothing yet
    qtbot.waitUntil(lambda: session.filters.text == "Beijing", timeout=2_000)
    assert list(session.filtered["event_id"]) == ["ev-moon"]
    panel.clear()
    panel.date_from.setText("2019-04-20")
    panel.date_from.editingFinished.emit()
    assert list(session.filtered["event_id"]) == ["ev-visit", "ev-summit"]
    panel.date_to.setText("2019-04-01x")
    panel.date_to.editingFinished.emit()
    assert panel.date_error.isVisibleTo(panel)
    panel.expected.setChecked(False)
    assert list(session.filtered["event_id"]) == ["ev-summit"]
    session.filter_to_entity("person", "Kim Jong-un")  # from elsewhere: the panel follows
    assert [c.text(0) for c in children() if c.checkState(0) == Qt.CheckState.Checked] == [
        "Kim Jong-un"
    ]


@pytest.mark.parametrize(
    ("start", "end", "granularity", "value", "shown"),
    [
        ("2019-04-25", "2019-04-25", "day", "2019-04-25", "2019-04-25"),
        ("2019-04-01", "2019-04-30", "month", "2019-04", "2019-04"),
        ("1990-01-01", "1999-12-31", "decade", "199", "1990s"),
        ("2015-01-12", "2015-01-18", "week", "2015-W03", "week of 2015-01-12"),
        ("2019-06-21", "2019-09-22", "season", "2019-SU", "summer 2019"),
        ("2018-04-09", "2018-04-11", "range", "2018-04-09/2018-04-11", "2018-04-09 – 2018-04-11"),
    ],
)
def test_dates_in_the_list_read_naturally(
    start: str, end: str, granularity: str, value: str, shown: str
) -> None:
    from nkviewer.model.list_rows import display_date

    assert display_date(start, end, granularity, value) == shown


def test_the_date_column_shows_a_whole_range(qtbot: QtBot, session: Session) -> None:
    from nkviewer.model.list_rows import display_date

    widget = EventList(session)
    qtbot.addWidget(widget)
    shown = display_date("2023-09-10", "2023-09-15", "range", "2023-09-10/2023-09-15")
    fm = widget.view.fontMetrics()
    # the text plus a cell's margins fits the column as it opens
    assert widget.view.horizontalHeader().sectionSize(0) >= fm.horizontalAdvance(shown) + 12


def _tree_items() -> int:
    gc.collect()
    return sum(isinstance(o, QTreeWidgetItem) for o in gc.get_objects())


def test_facet_refreshes_free_the_items_they_replace(qtbot: QtBot, session: Session) -> None:
    """Refreshing the facet counts reuses or deletes its rows: hundreds of refreshes (each
    filter change is one) keep the number of tree items bounded (issue 13: 2,000 refreshes
    kept 122k items alive)."""
    panel = FiltersPanel(session)
    qtbot.addWidget(panel)
    panel.show()
    panel.refresh_counts()
    people = panel._sections["person"]
    listed = people.childCount()
    before = _tree_items()
    for i in range(300):
        session.set_filters(FilterState(text="Beijing" if i % 2 else ""))
        panel.refresh_counts()
    session.set_filters(FilterState())
    panel.refresh_counts()
    assert _tree_items() <= before + 5
    assert people.childCount() == listed
    names = [people.child(i).text(0) for i in range(people.childCount())]
    assert "Wang Yi" in names and len(set(names)) == len(names)


def test_clear_filters_within_the_search_debounce_clears_the_box(
    qtbot: QtBot, session: Session
) -> None:
    panel = FiltersPanel(session)
    qtbot.addWidget(panel)
    panel.show()
    session.filteredChanged.emit()
    assert not panel.clear_button.isEnabled()
    qtbot.keyClicks(panel.search, "Beijing")
    assert session.filters.text == ""  # not applied yet
    assert panel.clear_button.isEnabled()  # but there is something to clear
    panel.clear_button.click()
    assert panel.search.text() == "" and session.filters.text == ""
    assert not panel.clear_button.isEnabled()
    qtbot.wait(400)  # past the debounce: nothing comes back
    assert panel.search.text() == "" and session.shown_count() == 3
    qtbot.keyClicks(panel.search, "Beijing")
    panel.search.returnPressed.emit()
    assert session.shown_count() == 1 and panel.clear_button.isEnabled()
    qtbot.keyClicks(panel.search, " more")  # typed on, then cleared within the debounce
    panel.clear_button.click()
    qtbot.wait(400)
    assert panel.search.text() == "" and not session.filters.is_active
    assert session.shown_count() == 3 and not panel.clear_button.isEnabled()


def _tree_shown(panel: FiltersPanel) -> list[tuple[str, str, str, bool, str, object]]:
    rows = []
    for section in panel._sections.values():
        rows.append((section.text(0), section.text(1), "", False, "", None))
        for i in range(section.childCount()):
            item = section.child(i)
            on = item.checkState(0) == Qt.CheckState.Checked
            flags = int(item.flags().value)
            rows.append(
                (
                    item.text(0),
                    item.text(1),
                    item.toolTip(0),
                    on,
                    str(flags),
                    item.data(0, Qt.ItemDataRole.UserRole + 1),
                )
            )
    return rows


def test_a_refresh_that_rewrites_only_changed_rows_shows_what_a_new_panel_shows(
    qtbot: QtBot, session: Session
) -> None:
    """The facet tree rewrites only the rows whose value, count or check changed: after random
    filters, picks, hides and unpicks it shows exactly what a panel made afresh shows."""
    import random

    rng = random.Random(4)
    panel = FiltersPanel(session)
    qtbot.addWidget(panel)
    panel.show()
    ids = session.filtered["event_id"].tolist()
    for _ in range(30):
        counts = session.facet_counts()
        kinds = [k for k, v in counts.items() if v]
        kind = rng.choice(kinds) if kinds else "person"
        value = rng.choice(counts[kind])[0] if kinds else "Wang Yi"
        what = rng.random()
        if what < 0.4:
            session.set_filters(
                session.filters.with_facet(kind, value, value not in session.filters.picked(kind))
            )
        elif what < 0.6:
            session.set_filters(FilterState(text=rng.choice(["", "kim", "beijing", "summit"])))
        elif what < 0.8 and ids:
            session.hide([rng.choice(ids)])
        else:
            session.set_filters(FilterState())
        panel.refresh_counts()
        fresh = FiltersPanel(session)
        qtbot.addWidget(fresh)
        fresh.show()
        fresh.refresh_counts()
        assert _tree_shown(panel) == _tree_shown(fresh)


def test_a_refresh_rewrites_counts_alone_where_only_counts_changed(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows whose value stayed have their count rewritten, nothing else (no check state, no
    flags, no roles); the same counts under the same filters rewrite nothing at all."""
    from bench.synthetic import synthetic_frame
    from nkviewer.qt import filters

    session = Session()
    session.set_raw_events(synthetic_frame(400, years=3, seed=8))
    panel = FiltersPanel(session)
    qtbot.addWidget(panel)
    panel.show()
    panel.refresh_counts()
    calls: dict[str, int] = {"fill": 0, "count": 0}
    fill, count = filters._fill_value, filters._set_count

    def counted(name: str, real):  # type: ignore[no-untyped-def]
        def call(*args):  # type: ignore[no-untyped-def]
            calls[name] += 1
            real(*args)

        return call

    monkeypatch.setattr(filters, "_fill_value", counted("fill", fill))
    monkeypatch.setattr(filters, "_set_count", counted("count", count))
    panel.refresh_counts()
    assert calls == {"fill": 0, "count": 0}
    before = _tree_shown(panel)
    session.hide(session.filtered["event_id"].tolist()[:3])  # the panel refreshes (visible)
    after = _tree_shown(panel)
    assert len(before) == len(after)
    same_value = [(b, a) for b, a in zip(before, after, strict=True) if b[5] == a[5] and b[5]]
    recounted = sum(b[1] != a[1] for b, a in same_value)
    revalued = sum(b[5] != a[5] for b, a in zip(before, after, strict=True))
    assert recounted > 0
    assert calls == {"fill": revalued, "count": recounted}


def test_the_counts_column_fits_the_counts_after_each_refresh(
    qtbot: QtBot, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The counts' column is measured once per refresh (not once per row written): after one
    it still fits its widest count, growing and shrinking with them, and still follows its
    contents (rows expanded later)."""
    from PySide6.QtWidgets import QHeaderView

    panel = FiltersPanel(session)
    qtbot.addWidget(panel)
    panel.resize(320, 600)
    panel.show()
    header = panel.tree.header()

    def fits() -> int:
        return max(panel.tree.sizeHintForColumn(1), header.sectionSizeHint(1))

    for n in (12_345_678, 7):
        counts = {"person": [(f"Person {i}", n - i) for i in range(5)]}
        monkeypatch.setattr(session, "facet_counts", lambda counts=counts: counts)
        panel.refresh_counts()
        qtbot.wait(10)
        assert panel._sections["person"].child(0).text(1) == f"{n:,}"
        assert header.sectionResizeMode(1) == QHeaderView.ResizeMode.ResizeToContents
        assert header.sectionSize(1) == fits()
    wide = header.sectionSize(1)
    assert wide < panel.tree.fontMetrics().horizontalAdvance("12,345,678")


def test_a_refresh_tells_no_row_change_and_a_check_after_it_filters(
    qtbot: QtBot, session: Session
) -> None:
    """Rows rewritten by a refresh are not told one by one (`itemChanged`); a value checked by
    the user afterwards still picks it."""
    panel = FiltersPanel(session)
    qtbot.addWidget(panel)
    panel.show()
    told: list[object] = []
    panel.tree.itemChanged.connect(lambda item, column: told.append(item))
    session.set_filters(FilterState(text="Beijing"))
    panel.refresh_counts()
    session.set_filters(FilterState())
    panel.refresh_counts()
    assert told == []
    people = panel._sections["person"]
    names = [people.child(i).text(0) for i in range(people.childCount())]
    people.child(names.index("Wang Yi")).setCheckState(0, Qt.CheckState.Checked)
    assert len(told) == 1
    assert "Wang Yi" in session.filters.picked("person")
