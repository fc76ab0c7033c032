"""The filters dock: text search, date range, happened/expected, and facets with counts.

Every control writes a new `FilterState` into the session; the session filters with vectorised
masks and the timeline and list follow. Typing is debounced. Facet counts are recomputed when
the events or the filters change, and only while the dock is visible.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nkviewer.corpus.curation import parse_user_period
from nkviewer.errors import DateError
from nkviewer.events.filters import FACETS
from nkviewer.events.table import day_number, from_day_number
from nkviewer.qt.guard import guarded
from nkviewer.qt.plain import plain_label, plain_tooltip

if TYPE_CHECKING:
    from nkviewer.qt.session import Session

#: Debounce of the search box (ms): filter once the user pauses typing.
SEARCH_DELAY_MS = 250
#: Values listed per facet (most frequent first); picked values are always listed.
FACET_LIMIT = 150
_KIND_ROLE = Qt.ItemDataRole.UserRole
_VALUE_ROLE = Qt.ItemDataRole.UserRole + 1


def _iso(day: float) -> str:
    return from_day_number(day).isoformat()


def _resize_children(section: QTreeWidgetItem, n: int) -> list[QTreeWidgetItem]:
    """Keep exactly `n` children under `section`: the ones there are reused (a refresh only
    rewrites them), extra ones are deleted now, not left to PySide (`takeChildren` leaves each
    taken item alive: 2,000 refreshes kept 122k of them)."""
    while section.childCount() > n:
        taken = section.takeChild(section.childCount() - 1)
        if taken is not None:
            shiboken6.delete(taken)
    for _ in range(n - section.childCount()):
        QTreeWidgetItem(section, ["", ""])
    return [item for i in range(n) if (item := section.child(i)) is not None]


def _set_count(item: QTreeWidgetItem, value: str, n: int) -> None:
    """Only the count of a facet value's row changed: its count and tooltip are rewritten."""
    item.setText(1, f"{n:,}")
    item.setToolTip(0, plain_tooltip(f"{value}: {n:,} events with the other filters"))


def _fill_value(item: QTreeWidgetItem, kind: str, value: str, n: int, on: bool) -> None:
    """A facet value's row: checkable, its count right-aligned."""
    item.setText(0, value)
    item.setText(1, f"{n:,}")
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
    item.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
    item.setData(0, _KIND_ROLE, kind)
    item.setData(0, _VALUE_ROLE, value)
    item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
    item.setToolTip(0, plain_tooltip(f"{value}: {n:,} events with the other filters"))


class FiltersPanel(QWidget):
    """Dock content: wraps a Session, writes its FilterState, shows facet counts."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._updating = False
        self._counts_dirty = True
        # per section, what each of its rows shows: a refresh rewrites only the rows that change
        self._filled: dict[str, list[tuple[str, int, bool] | None]] = {}
        self._shown: tuple[object, object] | None = None  # the counts and filters shown
        self._build()
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self.search.textEdited.connect(self._on_search_edited)
        self.search.returnPressed.connect(self._apply_search)
        session.filtersChanged.connect(self._on_filters_changed)
        session.filteredChanged.connect(self._on_filtered)
        session.facetCountsChanged.connect(self._on_counts_ready)

    def _build(self) -> None:
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        lay.setSpacing(6)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search titles and sentences")
        self.search.setClearButtonEnabled(True)
        lay.addWidget(self.search)

        grid = QGridLayout()
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(4)
        self.date_from = QLineEdit()
        self.date_to = QLineEdit()
        for col, (label, edit) in enumerate((("From", self.date_from), ("To", self.date_to))):
            edit.setPlaceholderText("e.g. 2018-04")
            edit.setToolTip("A year, a month or a day; leave empty for no limit. Enter applies.")
            edit.setClearButtonEnabled(True)
            edit.editingFinished.connect(self._apply_dates)
            grid.addWidget(QLabel(label), 0, col * 2)
            grid.addWidget(edit, 0, col * 2 + 1)
        lay.addLayout(grid)
        self.date_error = plain_label(QLabel())
        self.date_error.setWordWrap(True)
        self.date_error.setStyleSheet("color: #c0392b;")
        self.date_error.hide()
        lay.addWidget(self.date_error)

        row = QHBoxLayout()
        self.happened = QCheckBox("Happened")
        self.expected = QCheckBox("Expected")
        for box in (self.happened, self.expected):
            box.setChecked(True)
            box.toggled.connect(self._apply_modality)
            row.addWidget(box)
        row.addStretch(1)
        self.clear_button = QPushButton("Clear filters")
        self.clear_button.setEnabled(False)
        self.clear_button.clicked.connect(self.clear)
        row.addWidget(self.clear_button)
        lay.addLayout(row)

        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self._sections: dict[str, QTreeWidgetItem] = {}
        for kind, heading in FACETS:
            item = QTreeWidgetItem(self.tree, [heading, ""])
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            item.setData(0, _KIND_ROLE, kind)
            item.setExpanded(kind in ("person", "country"))
            self._sections[kind] = item
        self.tree.itemChanged.connect(self._on_item_changed)
        lay.addWidget(self.tree, 1)

    # ------------------------------------------------------------------ from the session

    @Slot()
    def _on_filters_changed(self) -> None:
        state = self.session.filters
        self._updating = True
        try:
            if self.search.text() != state.text and not self._search_timer.isActive():
                self.search.setText(state.text)
            self.date_from.setText(_iso(state.start) if state.start is not None else "")
            self.date_to.setText(_iso(state.end - 1) if state.end is not None else "")
            self.happened.setChecked("happened" in state.modalities)
            self.expected.setChecked("expected" in state.modalities)
            self.date_error.hide()
        finally:
            self._updating = False

    @Slot()
    def _on_filtered(self) -> None:
        total = self.session.event_count()
        shown = self.session.shown_count()
        if self.session.filters.is_active:
            self.summary.setText(f"Showing <b>{shown:,}</b> of {total:,} events")
        else:
            self.summary.setText(f"<b>{total:,}</b> events")
        self._update_clear()
        self._counts_dirty = True
        if self.isVisible():
            self.refresh_counts()

    @Slot()
    def _on_counts_ready(self) -> None:
        """Counts computed in the background (a dataset) arrived."""
        self._counts_dirty = True
        if self.isVisible():
            self.refresh_counts()

    @guarded()
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._counts_dirty:
            self.refresh_counts()

    def refresh_counts(self) -> None:
        """Show the facet lists with counts under the current filters: rows are reused and
        only what changed in them is rewritten (a count alone: its text and tooltip); the
        same counts under the same filters (an edit that changed none) rewrite nothing."""
        self._counts_dirty = False
        counts = self.session.facet_counts()
        state = self.session.filters
        if self._shown is not None and self._shown[0] is counts and self._shown[1] == state:
            return
        self._shown = (counts, state)
        scroll = self.tree.verticalScrollBar().value()
        self._updating = True
        self.tree.setUpdatesEnabled(False)
        # the counts' column fits its contents once, after the rows are written: while it is
        # ResizeToContents every row's change measures the whole column again (10^6 dataset,
        # clear filters: 40 ms of the window's thread in the rows' setters; 250 rows: 230 ms)
        header = self.tree.header()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        # nor is each row's change told to `_on_item_changed` (which ignores it while updating:
        # a Python call per setter, 800 of them over 10 date-filter changes at 10^5)
        blocked = self.tree.blockSignals(True)
        try:
            for kind, section in self._sections.items():
                pairs = counts.get(kind, [])
                picked = state.picked(kind)
                shown = list(pairs[:FACET_LIMIT])
                shown += [p for p in pairs[FACET_LIMIT:] if p[0] in picked]
                more = len(pairs) - len(shown)
                kept = min(section.childCount(), len(shown) + (1 if more else 0))
                rows = _resize_children(section, len(shown) + (1 if more else 0))
                filled = self._filled.setdefault(kind, [])
                del filled[kept:]  # rows deleted or new: nothing known of them
                filled += [None] * (len(rows) - len(filled))
                for i, (row, (value, n)) in enumerate(zip(rows, shown, strict=False)):
                    on = value in picked
                    was = filled[i]
                    if was == (value, n, on):
                        continue
                    checked = row.checkState(0) == Qt.CheckState.Checked
                    if was is not None and was[0] == value and was[2] == on == checked:
                        _set_count(row, value, n)
                    else:
                        _fill_value(row, kind, value, n, on)
                    filled[i] = (value, n, on)
                if more:
                    item = rows[-1]
                    filled[-1] = None
                    item.setText(0, f"… {more:,} more")
                    item.setText(1, "")
                    item.setFlags(Qt.ItemFlag.NoItemFlags)
                    item.setData(0, Qt.ItemDataRole.CheckStateRole, None)
                    item.setData(0, _KIND_ROLE, None)
                    item.setData(0, _VALUE_ROLE, None)
                    item.setToolTip(0, "Use the search box to find a name not listed here")
                label = dict(FACETS)[kind]
                section.setText(0, f"{label} ({len(picked)} picked)" if picked else label)
                section.setText(1, f"{len(pairs):,}" if pairs else "")
        finally:
            self.tree.blockSignals(blocked)
            header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
            self.tree.setUpdatesEnabled(True)
            self._updating = False
        self.tree.verticalScrollBar().setValue(scroll)

    # ------------------------------------------------------------------ to the session

    @Slot(str)
    def _on_search_edited(self, _text: str) -> None:
        self._search_timer.start()
        self._update_clear()

    @Slot()
    def _apply_search(self) -> None:
        self._search_timer.stop()
        self.session.set_filters(replace(self.session.filters, text=self.search.text()))

    @Slot()
    def _apply_dates(self) -> None:
        if self._updating:
            return
        try:
            start = self._bound(self.date_from.text(), first=True)
            end = self._bound(self.date_to.text(), first=False)
        except DateError as exc:
            self.date_error.setText(str(exc))
            self.date_error.show()
            return
        if start is not None and end is not None and end <= start:
            self.date_error.setText("“To” is before “From”.")
            self.date_error.show()
            return
        self.date_error.hide()
        self.session.set_filters(replace(self.session.filters, start=start, end=end))

    @staticmethod
    def _bound(text: str, *, first: bool) -> float | None:
        if not text.strip():
            return None
        start, end, _ = parse_user_period(text)
        return day_number(start) if first else day_number(end) + 1.0

    @Slot(bool)
    def _apply_modality(self, _on: bool) -> None:
        if self._updating:
            return
        picked = frozenset(
            m
            for m, box in (("happened", self.happened), ("expected", self.expected))
            if box.isChecked()
        )
        self.session.set_filters(replace(self.session.filters, modalities=picked))

    @Slot(QTreeWidgetItem, int)
    def _on_item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._updating or column != 0:
            return
        value = item.data(0, _VALUE_ROLE)
        kind = item.data(0, _KIND_ROLE)
        if value is None or kind is None:
            return
        on = item.checkState(0) == Qt.CheckState.Checked
        self.session.set_filters(self.session.filters.with_facet(str(kind), str(value), on))

    @Slot()
    def clear(self) -> None:
        """Clear every filter, text typed but not yet applied (within the debounce) too."""
        self._search_timer.stop()
        self._updating = True
        try:
            self.search.clear()
            self.date_from.clear()
            self.date_to.clear()
            self.date_error.hide()
        finally:
            self._updating = False
        self.session.set_filters(self.session.filters.cleared())
        self._update_clear()

    def _update_clear(self) -> None:
        """Clear is on while a filter is applied or text waits in the search box."""
        pending = self.search.text() != self.session.filters.text
        self.clear_button.setEnabled(self.session.filters.is_active or pending)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def set_date_range(self, start: date | None, end: date | None) -> None:
        """Limit to [start, end] (inclusive days), as if typed by the user."""
        self.session.set_filters(
            replace(
                self.session.filters,
                start=day_number(start.isoformat()) if start else None,
                end=day_number(end.isoformat()) + 1.0 if end else None,
            )
        )
