"""A dataset's events exported as the Arrow rows it stores (no event decoded to Python) make
the file the same events make from memory, whatever the batches, the row groups and the slices
Arrow converts at once; and a stream whose first batch holds no value for a field still writes
the values of later batches there."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from nkviewer.corpus.curation import dataset_curation
from nkviewer.corpus.dataset import EventDataset
from nkviewer.corpus.dataset_store import write_frame_dataset
from nkviewer.events.filters import EventFilter
from nkviewer.export import cells, data, stream
from nkviewer.export.data import write_events


@pytest.fixture
def frame() -> pd.DataFrame:
    from bench.synthetic import synthetic_frame

    f = synthetic_frame(90, years=3, seed=11)
    # what the contract allows and a synthetic frame may not hold: text starting like a
    # formula, places and reporters for a few events, the rest empty
    titles = [f"=HYPERLINK({i})" if i % 9 == 0 else t for i, t in enumerate(f["title"])]
    places = [["Pyongyang", "@Moscow"] if i % 7 == 0 else [] for i in range(len(f))]
    reported = [["KCNA"] if i % 5 == 0 else [] for i in range(len(f))]
    return f.assign(title=titles, places=places, reported_by=reported)


@pytest.mark.parametrize("group", [7, 10**6])
@pytest.mark.parametrize("curated", [False, True])
def test_a_datasets_arrow_rows_make_the_file_its_events_make_from_memory(
    frame: pd.DataFrame,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    group: int,
    curated: bool,
) -> None:
    monkeypatch.setattr(data, "PARQUET_ROW_GROUP", group)
    monkeypatch.setattr(data, "RECORD_BATCH", 8)
    monkeypatch.setattr(cells, "ARROW_SLICE", 3)
    folder = write_frame_dataset(frame, tmp_path / "ds")
    flt = EventFilter(lanes=frozenset({"North Korea", "China"}))
    with EventDataset.open(folder) as ds:
        events = ds.to_frame(flt)
        assert 0 < len(events) < len(frame)
        tables = ds.iter_tables(flt, batch=5)
        if curated:  # a title edited in the window, the new one starting like a formula
            edit = dataset_curation((), {str(events["event_id"].iloc[3]): "=1+2 edited"})
            assert edit is not None
            events = edit(events).drop(columns=["hidden"])
            tables = stream.curated_tables(tables, edit)
        arrow, n = stream.write_table_stream(tables, tmp_path / "arrow.parquet")
        streamed, m = stream.write_event_stream(
            ds.iter_frames(flt, batch=6), tmp_path / "frames.parquet"
        )
    memory = write_events(events, tmp_path / "memory.parquet")
    assert n == len(events) and (curated or m == len(events))
    assert arrow.read_bytes() == memory.read_bytes()
    if not curated:
        assert streamed.read_bytes() == memory.read_bytes()

    import pyarrow.parquet as pq

    table = pq.read_table(arrow)
    assert table.column_names == cells.columns(events)
    assert table["title"].to_pylist() == list(events["title"])
    rows = pq.ParquetFile(arrow).metadata.num_row_groups
    assert rows == -(-len(events) // group)


def test_a_stream_types_a_field_its_first_batch_holds_no_value_for(
    frame: pd.DataFrame, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first batch's types are the file's: a field empty in every event of it was
    `list<null>` and the later batches' values could not be written there."""
    import pyarrow.parquet as pq

    monkeypatch.setattr(data, "RECORD_BATCH", 4)
    later = frame.assign(conflicts=[[] if i < 20 else ["ev-x"] for i in range(len(frame))])
    path, n = stream.write_event_stream([later.iloc[:20], later.iloc[20:]], tmp_path / "s.parquet")
    table = pq.read_table(path)
    assert n == len(frame)
    assert table["conflicts"].to_pylist() == list(later["conflicts"])
    assert path.read_bytes() == write_events(later, tmp_path / "m.parquet").read_bytes()


def test_arrow_rows_are_written_as_data_only(tmp_path: Path) -> None:
    from nkviewer.errors import ExportError

    with pytest.raises(ExportError, match="not as"):
        stream.write_table_stream(iter([]), tmp_path / "e.html")
    with pytest.raises(ExportError):
        stream.write_table_stream(iter([]), tmp_path / "e.parquet")
    path, n = stream.write_table_stream(iter([]), tmp_path / "e.parquet", allow_empty=True)
    assert n == 0
    assert (
        path.read_bytes()
        == write_events(frame_of_nothing(), tmp_path / "m.parquet", allow_empty=True).read_bytes()
    )


def frame_of_nothing() -> pd.DataFrame:
    from nkviewer.events.table import empty_frame

    return empty_frame()
