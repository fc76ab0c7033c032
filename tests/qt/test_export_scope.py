"""`ExportScope`: its counts, and the events the image export's workers draw."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pytest

from bench.synthetic import synthetic_frame
from nkviewer.errors import ExportError
from nkviewer.qt import export_scope
from nkviewer.qt.export_dialog import ScopeEvents, _events
from nkviewer.qt.export_scope import SCOPES, ExportScope


@pytest.mark.parametrize("scope", SCOPES)
def test_a_scope_of_no_corpus_counts_no_events(scope: str) -> None:
    # neither a frame nor a dataset (no corpus): no events, whatever is selected; an
    # `assert` said so before, which `python -O` drops (then `None["event_id"]`)
    empty = ExportScope(selected=["a", "b"] if scope == "selection" else [])
    assert empty.count(scope) == 0
    with pytest.raises(ExportError, match="nothing to export"):
        empty.require(scope)


def _frame(n: int = 40, *, seed: int = 0) -> pd.DataFrame:
    frame = synthetic_frame(n, years=1, seed=seed)
    frame["hidden"] = np.zeros(len(frame), bool)
    return frame


@pytest.fixture
def takes(monkeypatch: pytest.MonkeyPatch) -> list[pd.DataFrame]:
    """The frames a scope took its events from without their hidden column, one per take."""
    taken: list[pd.DataFrame] = []
    plain = export_scope._without_hidden_column

    def counted(frame: pd.DataFrame) -> pd.DataFrame:
        time.sleep(0.01)  # a take as long as a worker's turn: racing workers would both take
        taken.append(frame)
        return plain(frame)

    monkeypatch.setattr(export_scope, "_without_hidden_column", counted)
    return taken


def test_previews_of_an_unchanged_scope_take_the_frame_once(takes: list[pd.DataFrame]) -> None:
    frame = _frame()
    scope = ExportScope(frame=frame, visible=(float(frame["t0"].min()), float(frame["t1"].max())))
    # what each preview's and each save's worker asks for (`export_dialog._events`)
    drawn = [_events(ScopeEvents(scope, name)) for name in ("all", "visible", "all", "visible")]
    written = list(scope.event_frames("all"))  # a data export of the same state
    assert len(takes) == 1
    assert all(d is drawn[0] for d in [*drawn, *written])
    assert "hidden" not in drawn[0].columns
    assert list(drawn[0]["event_id"]) == list(frame["event_id"])


def test_workers_asking_at_once_share_one_take(takes: list[pd.DataFrame]) -> None:
    scope = ExportScope(frame=_frame())
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda _: scope.figure_input("all")[0], range(8)))
    assert len(takes) == 1
    assert all(g is got[0] for g in got)


def test_a_new_frame_or_selection_is_taken_anew(takes: list[pd.DataFrame]) -> None:
    first = _frame(seed=1)
    scope = ExportScope(frame=first, selected=list(first["event_id"].iloc[:2]))
    before = scope.figure_input("all")[0]
    chosen = scope.figure_input("selection")[0]
    assert scope.count("selection") == 2

    # new events, filters or hidden set: the window's frame is a new one
    second = _frame(30, seed=2)
    scope.frame = second
    after = scope.figure_input("all")[0]
    assert after is not before
    assert list(after["event_id"]) == list(second["event_id"])
    assert scope.figure_input("all")[0] is after  # and kept again
    assert len(takes) == 3 and takes[-1] is second  # (the selection's rows were the other)

    scope.selected = list(second["event_id"].iloc[:3])
    assert scope.count("selection") == 3
    reselected = scope.figure_input("selection")[0]
    assert reselected is not chosen
    assert list(reselected["event_id"]) == scope.selected


def test_counts_follow_the_visible_range() -> None:
    frame = _frame()
    t0, t1 = float(frame["t0"].min()), float(frame["t1"].max())
    scope = ExportScope(frame=frame, visible=(t0, t1))
    assert scope.count("visible") == len(frame)
    scope.visible = (t1 + 1, t1 + 2)
    assert scope.count("visible") == 0


def test_a_selection_of_no_corpus_is_no_events() -> None:
    assert ExportScope(selected=["a"]).selection().empty
