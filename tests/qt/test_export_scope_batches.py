"""A dataset's events are exported `RECORD_BATCH` at a time, the size the writers turn into
records: frames of 20,000 decoded at once took Python's object arenas 70 MB higher at 10^5
events, and the arenas stayed fragmented once the frames were freed."""

from __future__ import annotations

from pathlib import Path

import pytest

from nkviewer.corpus.dataset import EventDataset
from nkviewer.export import data
from nkviewer.model.source import DatasetSource
from nkviewer.qt.export_scope import ExportScope


def test_a_dataset_is_exported_record_batch_events_at_a_time(
    sample_dataset: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(data, "RECORD_BATCH", 2)
    with EventDataset.open(sample_dataset) as ds:
        scope = ExportScope(source=DatasetSource(ds, background=False))
        frames = list(scope.event_frames("all"))
        everything = ds.to_frame()
    assert [len(f) for f in frames] == [2, 1]  # the sample's three events
    ids = [e for f in frames for e in f["event_id"]]
    assert ids == list(everything["event_id"])
    assert "hidden" not in frames[0].columns
