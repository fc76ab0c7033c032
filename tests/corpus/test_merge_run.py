"""The blockwise merge on a 2-worker LocalCluster writes the same event files as the in-process
merge written by `write_events`: same rows, same row numbers, same facets (each article's
outlet its events' `doc_source`, as the extraction's documents give it)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.merge_corpus import article_partitions
from nkviewer.corpus.dataset_store import EVENTS_DIR, write_events, write_meta
from nkviewer.corpus.distributed import _write_partition_events
from nkviewer.corpus.pipeline import merged_frame
from nkviewer.events.record import Event
from nkviewer.events.table import sort_frame

pytest.importorskip("distributed", reason="dask[distributed] is not installed")
pytest.importorskip("duckdb", reason="duckdb is not installed")


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",
        ) as lc,
        Client(lc) as c,
    ):
        yield c


def _in_process(events: list[Event], out: Path) -> Path:
    """The in-process merge of `events` written as a dataset, with their articles' outlets."""
    frame = merged_frame(events)
    sources = {e.doc_id: e.doc_source for e in events}
    out.mkdir(parents=True)
    stats = write_events(sort_frame(frame), out, kind_of={}, source_of_doc=sources)
    write_meta(out, stats, documents=0)
    return out


def _tables(root: Path) -> dict[str, Any]:
    import pyarrow.parquet as pq

    return {
        str(p.relative_to(root)): pq.read_table(p)
        for p in sorted((root / EVENTS_DIR).glob("year=*/part-*.parquet"))
    }


def test_cluster_merge_writes_the_in_process_dataset(client: Any, tmp_path: Path) -> None:
    from nkviewer.corpus.dataset import EventDataset
    from nkviewer.corpus.merge_run import merge_to_dataset
    from nkviewer.export.data import records

    parts = article_partitions(5000, 5, seed=11, years=2)
    more = parts.pop()
    files = []
    for i, p in enumerate(parts):
        files.append(tmp_path / "parts" / f"{i}.parquet")
        _write_partition_events([e.to_json() for e in p], files[-1])
    frame = merged_frame(e for p in parts for e in p)
    want = _in_process([e for p in parts for e in p], tmp_path / "want")

    got = tmp_path / "got"
    stats = merge_to_dataset(client, files, got)
    write_meta(got, stats, documents=0)
    assert stats["events"] == len(frame)
    assert stats["months_paired"] == stats["months_merged"] == stats["months"] > 20
    mine, theirs = _tables(got), _tables(want)
    assert list(mine) == list(theirs) and len(mine) > 2
    for name, table in theirs.items():
        assert mine[name].equals(table), name
    with EventDataset.open(got) as ds:
        assert records(ds.to_frame()) == records(frame)

    # a second run over one partition more, whose articles all fall in March 2000, merges
    # again only the months those touch (February, for coarse reports ending in March; March;
    # and the months of the components they join), and replaces the events whole
    docs = {e.doc_id for e in more if not "2000-03-01" <= e.start <= e.end <= "2000-03-31"}
    more = [e for e in more if e.doc_id not in docs]
    assert len(more) > 10
    files.append(tmp_path / "parts" / "extra.parquet")
    _write_partition_events([e.to_json() for e in more], files[-1])
    stats = merge_to_dataset(client, files, got)
    assert stats["months_paired"] == 2  # February (as context) and March
    assert 1 <= stats["months_merged"] <= 3
    frame = merged_frame([*(e for p in parts for e in p), *more])
    assert stats["events"] == len(frame)
    _in_process([*(e for p in parts for e in p), *more], tmp_path / "want2")
    mine, theirs = _tables(got), _tables(tmp_path / "want2")
    assert list(mine) == list(theirs)
    assert all(mine[n].equals(t) for n, t in theirs.items())

    # a partition whose events changed, and one gone: merged again, still the same
    changed = parts[0][: len(parts[0]) // 2]
    _write_partition_events([e.to_json() for e in changed], files[0])
    del files[1]
    stats = merge_to_dataset(client, files, got)
    assert stats["months_merged"] < stats["months"]
    frame = merged_frame([*changed, *(e for p in parts[2:] for e in p), *more])
    _in_process([*changed, *(e for p in parts[2:] for e in p), *more], tmp_path / "want3")
    mine, theirs = _tables(got), _tables(tmp_path / "want3")
    assert list(mine) == list(theirs)
    assert all(mine[n].equals(t) for n, t in theirs.items())


def test_a_run_that_did_not_finish_is_not_trusted(client: Any, tmp_path: Path) -> None:
    """The work files of a run that stopped midway are thrown away: all months merge again."""
    import json

    from nkviewer.corpus.merge_run import WORK_DIR, merge_to_dataset

    parts = article_partitions(1500, 2, seed=13, years=1)
    files = []
    for i, p in enumerate(parts):
        files.append(tmp_path / f"{i}.parquet")
        _write_partition_events([e.to_json() for e in p], files[-1])
    first = merge_to_dataset(client, files, tmp_path / "ds")
    state = tmp_path / "ds" / WORK_DIR / "state.json"
    assert json.loads(state.read_text())["clean"] is True
    again = merge_to_dataset(client, files, tmp_path / "ds")
    assert again["months_paired"] == again["months_merged"] == 0
    state.write_text(json.dumps({**json.loads(state.read_text()), "clean": False}))
    redo = merge_to_dataset(client, files, tmp_path / "ds")
    assert redo["months_paired"] == redo["months_merged"] == redo["months"] == first["months"]
    assert redo["events"] == first["events"]
