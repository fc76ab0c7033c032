"""Extraction on Dask: a 2-worker LocalCluster on loopback gives the same events as the in-process
pipeline, writes the dataset layout, and a re-run resumes (unchanged partitions skipped)."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from nkviewer.corpus.options import LoadOptions
from nkviewer.corpus.pipeline import extract_frame
from nkviewer.errors import InputError
from nkviewer.export.data import records
from nkviewer.ingest import scan

pytest.importorskip("distributed", reason="dask[distributed] is not installed")
pytest.importorskip("duckdb", reason="duckdb is not installed")
if str(Path(__file__).resolve().parents[2]) not in sys.path:  # bench/ sits beside the package
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.corpus import write_corpus
from nkviewer.corpus.dataset import EventDataset, is_dataset
from nkviewer.corpus.distributed import (
    extract_distributed,
    partition_id,
    plan_partitions,
)

N_FILES = 10
PARTITION = 2


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """Two single-threaded worker processes on loopback, shared by the tests of this file."""
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",  # loopback, any free port
    ) as lc:
        yield lc


def _same_as_in_process(corpus: Path, out: Path) -> None:
    frame, _ = extract_frame([corpus], LoadOptions(use_cache=False, jobs=1))
    with EventDataset.open(out) as ds:
        got = ds.to_frame()
        assert len(got) == len(frame) > 0
        assert records(got) == records(frame)


@pytest.mark.model
@pytest.mark.slow
def test_cluster_matches_in_process_and_resumes(cluster: Any, tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", N_FILES)
    (tmp_path / "corpus" / "broken.txt").write_bytes(b"\x00\x01\x02 binary \xff" * 50)
    out = tmp_path / "dataset"
    seen: list[str] = []
    first = extract_distributed(
        [corpus],
        out,
        scheduler=cluster.scheduler_address,
        partition_files=PARTITION,
        progress=lambda u: seen.append(u.stage),
    )
    assert is_dataset(out)
    assert first.files == N_FILES + 1 and first.documents == N_FILES
    assert first.partitions > 1 and first.skipped == 0
    assert any("broken.txt" in p.path for p in first.problems)
    assert seen[0] == "scanning" and seen[-1] == "done" and "parsing" in seen
    _same_as_in_process(corpus, out)

    with EventDataset.open(out) as ds:
        assert ds.meta["events"] == first.events == len(ds)
        doc_ids = ds.document_ids()
        assert len(doc_ids) == N_FILES
        parsed = ds.document(doc_ids[0])
        assert (
            Path(parsed.document.path)
            .read_text(encoding="utf-8")
            .startswith(parsed.document.text[:40])
        )
        assert parsed.sentences and parsed.timexes

    again = extract_distributed(
        [corpus], out, scheduler=cluster.scheduler_address, partition_files=PARTITION
    )
    assert again.skipped == again.partitions == first.partitions
    assert again.events == first.events

    # One changed file and one new file: only the partitions holding them run again.
    before = {partition_id(p) for p in plan_partitions(scan([corpus]).files, PARTITION)}
    victim = sorted(corpus.glob("article_*.txt"))[0]
    victim.write_text(victim.read_text(encoding="utf-8") + "\nTalks resumed on Friday.\n")
    shutil.copy(sorted(corpus.glob("article_*.txt"))[1], corpus / "article_zzz_extra.txt")
    after = {partition_id(p) for p in plan_partitions(scan([corpus]).files, PARTITION)}
    third = extract_distributed(
        [corpus], out, scheduler=cluster.scheduler_address, partition_files=PARTITION
    )
    assert third.documents == N_FILES + 1
    changed = third.partitions - third.skipped
    assert third.skipped >= 1
    assert changed == len(after - before) + 1  # + the partition of the edited file
    _same_as_in_process(corpus, out)
    # Only live partitions keep files.
    with EventDataset.open(out) as ds:
        assert len(ds.document_ids()) == N_FILES + 1


@pytest.mark.model
@pytest.mark.slow
def test_cli_engine_dask_with_its_own_local_cluster(tmp_path: Path, seeds_dir: Path) -> None:
    from nkviewer.cli.main import main

    out = tmp_path / "seeds-dataset"
    code = main(["extract", str(seeds_dir), "--engine", "dask", "-o", str(out), "--jobs", "2"])
    assert code == 0
    _same_as_in_process(seeds_dir, out)


def test_cli_engine_dask_needs_a_folder(capsys: pytest.CaptureFixture[str]) -> None:
    from nkviewer.cli.main import main

    assert main(["extract", "seeds", "--engine", "dask"]) == 2
    assert "-o FOLDER" in capsys.readouterr().err
    assert main(["extract", "seeds", "--scheduler", "tcp://127.0.0.1:8786", "-o", "x.jsonl"]) == 2
    assert "--engine dask" in capsys.readouterr().err


def test_output_must_be_a_dataset_folder(tmp_path: Path) -> None:
    (tmp_path / "file.jsonl").write_text("{}\n", encoding="utf-8")
    with pytest.raises(InputError, match="is a file"):
        extract_distributed([tmp_path], tmp_path / "file.jsonl")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match="other files"):
        extract_distributed([tmp_path], tmp_path / "other")


def test_partitions_are_stable_when_files_come_and_go(tmp_path: Path) -> None:
    for i in range(200):
        (tmp_path / f"a{i:04d}.txt").write_text(f"Title {i}\n\nText {i}.\n", encoding="utf-8")
    files = scan([tmp_path]).files
    plan = plan_partitions(files, 8)
    assert [s for p in plan for s in p] == files
    assert max(len(p) for p in plan) <= 16
    assert 200 / 8 / 2 < len(plan) < 200 / 8 * 2
    before = {partition_id(p) for p in plan}
    (tmp_path / "a0100b.txt").write_text("Title new\n\nNew.\n", encoding="utf-8")
    after = {partition_id(p) for p in plan_partitions(scan([tmp_path]).files, 8)}
    assert len(before - after) <= 2 and len(after - before) <= 2
    with pytest.raises(InputError):
        plan_partitions(files, 0)


def test_doc_index_from_the_parts_equals_the_in_memory_index(tmp_path: Path) -> None:
    """The worker-side index (Arrow sort over the parts' doc_id columns) is the one
    `write_doc_index` writes from Python lists: same rows, same order (code points)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from nkviewer.corpus.dataset_store import DOC_INDEX, DOCUMENTS_DIR, write_doc_index
    from nkviewer.corpus.distributed import _doc_index_task

    parts = {"b": ["z-9", "ä-1", "a-2", "연합-3"], "a": [], "c": ["A-1", "a-10", "é"]}
    (tmp_path / "got" / DOCUMENTS_DIR).mkdir(parents=True)
    for pid, ids in parts.items():
        table = pa.table({"doc_id": pa.array(ids, pa.string()), "text": pa.array(["x"] * len(ids))})
        pq.write_table(table, tmp_path / "got" / DOCUMENTS_DIR / f"part-{pid}.parquet")
    assert _doc_index_task(str(tmp_path / "got"), list(parts)) == 7
    (tmp_path / "want" / DOCUMENTS_DIR).mkdir(parents=True)
    write_doc_index(
        tmp_path / "want",
        [d for ids in parts.values() for d in ids],
        [pid for pid, ids in parts.items() for _ in ids],
    )
    got = pq.read_table(tmp_path / "got" / DOCUMENTS_DIR / DOC_INDEX)
    want = pq.read_table(tmp_path / "want" / DOCUMENTS_DIR / DOC_INDEX)
    assert got.to_pylist() == want.to_pylist()
    assert got.column("doc_id").to_pylist()[:2] == ["A-1", "a-10"]


@pytest.mark.model
def test_a_partition_finds_the_local_pipelines_cache_entries_part_by_part(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker looks its files up as the local pipeline does (`pipeline.lookup`): a big table
    the window parsed part by part is served from those parts' cache entries, none parsed."""
    import json

    from nkviewer.corpus import distributed
    from nkviewer.corpus.distributed import PartitionTask, run_partition
    from nkviewer.ingest import ColumnMap, table_parts
    from nkviewer.nlp.model import model_label

    monkeypatch.setenv("NKVIEWER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(table_parts, "SPLIT_BYTES", 1_000)
    monkeypatch.setattr(table_parts, "PART_ROWS", 10)
    corpus = tmp_path / "c"
    corpus.mkdir()
    with (corpus / "big.jsonl").open("w", encoding="utf-8") as fh:
        for i in range(40):
            text = f"Kim Jong-un met Xi Jinping in Beijing on March {i % 28 + 1}, 2019 (item {i})."
            fh.write(json.dumps({"title": f"Item {i}", "text": text}) + "\n")
    frame, _ = extract_frame([corpus], LoadOptions(jobs=1, gazetteer=()))  # cached by part

    def parse_again(*_a: Any, **_k: Any) -> Any:
        raise AssertionError("a part the cache holds was parsed again")

    monkeypatch.setattr(distributed, "parse_sources", parse_again)
    files = tuple(scan([corpus]).files)
    task = PartitionTask(
        "p", files, str(tmp_path / "out"), None, model_label(None), ColumnMap(), True
    )
    marker = run_partition(task)
    assert not marker["skipped"]
    assert marker["documents"] == 40
    assert marker["events"] >= len(frame) > 0
