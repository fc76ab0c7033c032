"""The event list's date order is that of a stable sort by start, then end, whether the table
comes in time order (no sort is made then) or not; ids are found by row either way."""

from __future__ import annotations

import random

import numpy as np
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from bench.synthetic import synthetic_frame
from nkviewer.events.table import sort_frame
from nkviewer.qt.event_table import EventTableModel


@pytest.mark.parametrize("seed", range(6))
def test_date_order_is_a_stable_sort_by_start_then_end(qtbot: QtBot, seed: int) -> None:
    rng = random.Random(seed)
    frame = synthetic_frame(rng.choice([1, 2, 50, 700]), years=2, seed=seed)
    if rng.random() < 0.6:
        frame = sort_frame(frame)
    model = EventTableModel()
    model.set_frame(frame)
    t0, t1 = frame["t0"].to_numpy(), frame["t1"].to_numpy()
    want = np.lexsort([t1, t0])
    ids = frame["event_id"].tolist()
    assert [model.event_id(r) for r in range(model.rowCount())] == [ids[i] for i in want]
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert [model.event_id(r) for r in range(model.rowCount())] == [ids[i] for i in want[::-1]]
    pick = rng.sample(ids, min(3, len(ids)))
    rows = model.rows_of([*pick, "no-such-event"]).tolist()
    assert [model.event_id(r) for r in rows[:-1]] == pick and rows[-1] == -1
