"""The window at 100,000 events stays quick by construction (no timings here: see bench/):
curation edits derive the filter lookups instead of rebuilding them, and a huge selection is
shown in the list by colour rather than pushed through Qt's selection model."""

from __future__ import annotations

import pandas as pd
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from bench.synthetic import synthetic_frame
from nkviewer.events.facets import FilterEngine, FilterState
from nkviewer.qt.event_table import MIRROR_MAX, EventList
from nkviewer.qt.session import Session


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return synthetic_frame(6000, years=5, seed=5)


STATES = [
    FilterState(),
    FilterState(text="summit kim"),
    FilterState(facets={"person": frozenset({"Kim Jong-un", "Xi Jinping"})}),
    FilterState(facets={"source": frozenset({"Yonhap"})}, modalities=frozenset({"expected"})),
]


def test_a_derived_engine_answers_as_a_fresh_one(frame: pd.DataFrame) -> None:
    base = FilterEngine(frame)
    edited = frame.drop(index=range(0, 6000, 7)).reset_index(drop=True)
    edited.loc[3, "title"] = "A summit with Kim, retitled"
    edited = edited.iloc[::-1].reset_index(drop=True)  # any order
    derived, fresh = base.derive(edited), FilterEngine(edited)
    for state in STATES:
        assert derived.mask(state).tolist() == fresh.mask(state).tolist()
        assert derived.counts(state) == fresh.counts(state)
    assert derived.derive(edited.iloc[:100]).counts(STATES[2]) == FilterEngine(
        edited.iloc[:100]
    ).counts(STATES[2])


def test_hiding_in_a_big_corpus_keeps_filters_right(qtbot: QtBot, frame: pd.DataFrame) -> None:
    session = Session()
    session.set_raw_events(frame)
    session.set_filters(STATES[2])
    before = session.shown_count()
    victim = str(session.filtered["event_id"].iloc[0])
    session.hide([victim])
    assert session.shown_count() == before - 1
    assert victim not in set(session.filtered["event_id"])
    assert session.facet_counts() == FilterEngine(session.events).counts(STATES[2])
    session.undo_stack.undo()
    assert session.shown_count() == before


def test_a_huge_selection_is_marked_in_the_list(qtbot: QtBot, frame: pd.DataFrame) -> None:
    session = Session()
    session.set_raw_events(frame)
    widget = EventList(session)
    qtbot.addWidget(widget)
    session.listChanged.emit()
    ids = frame["event_id"].tolist()[: MIRROR_MAX + 500]
    session.set_selection(ids)
    assert not widget.view.selectionModel().hasSelection()
    assert sorted(widget.selected_ids()) == sorted(ids)
    model = widget.model
    first = model.row_of(ids[0])
    assert first is not None
    assert model.index(first, 1).data(Qt.ItemDataRole.BackgroundRole) is not None
    session.set_selection(ids[:3])  # small again: Qt's own selection
    assert sorted(widget.selected_ids()) == sorted(ids[:3])
    assert model.index(first, 1).data(Qt.ItemDataRole.BackgroundRole) is None or first in {
        model.row_of(i) for i in ids[:3]
    }
