"""A short soak (`bench/soak.py`): a seeded random user drives the real window offscreen and
every invariant holds after every action — selection within the shown events, the Source panel
on the current event, the timeline's selection equal to the session's, the undo stack sound, the
filtered table equal to an independent filter — with no exception from actions or Qt handlers.
Times are reported by the bench, never asserted here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from bench import soak


@pytest.mark.parametrize("kind", ["memory", "dataset"])
def test_a_random_user_meets_no_exception_and_no_wrong_state(qtbot: QtBot, kind: str) -> None:
    # a number of actions, not of seconds: on a busy machine 10 s held fewer than 40 of them
    # (the GIL watch on one kind: its holds per stall and by site are in the report)
    gil = kind == "dataset"
    report = soak.run(kind, seconds=600, actions=60, events=3000, seed=7, stacks=True, gil=gil)
    summary = report.summary()
    json.dumps(summary)  # the report, with where the stalls were spent, is written as JSON
    assert len(report.stall_holds) == (len(report.stalls) if gil else 0)
    assert ("by_thread" in summary["gil_holds"][0]) if gil else summary["gil_holds"] == []
    assert all(bool(prof.stack) == (prof.samples > 0) for _, _, prof in report.stall_stacks)
    assert summary["actions"] == 60
    assert len(report.actions) >= 12  # most kinds of action were tried
    assert report.exceptions == [], report.exceptions[0]
    assert report.violations == [], report.violations[:5]


def test_the_seeds_are_soaked_in_a_copy(tmp_path: Path) -> None:
    """Hides and edits write a sidecar beside the corpus: never into the bundled seeds."""
    corpus = soak.Corpus("seeds", 0, 1, tmp_path)
    assert corpus.path.is_relative_to(tmp_path)
    bundled = soak.REPO / "seeds"
    assert sorted(p.name for p in corpus.path.iterdir()) == sorted(
        p.name for p in bundled.iterdir() if not p.name.startswith(".nkviewer-edits")
    )
