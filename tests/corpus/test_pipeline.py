"""The corpus pipeline: progress, problems, cache without spaCy, cancellation, processes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nkviewer.corpus import pipeline
from nkviewer.corpus.pipeline import LoadOptions, extract_frame, load_corpus, rebuild_events
from nkviewer.ingest.document import PublishedDate

pytestmark = pytest.mark.model


@pytest.fixture
def corpus(tmp_path: Path, seeds_dir: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(seeds_dir, folder)
    (folder / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    (folder / "empty.txt").write_bytes(b"")
    return folder


def test_load_corpus_reports_progress_events_and_problems(corpus: Path) -> None:
    updates = list(load_corpus([corpus], options=LoadOptions(jobs=1)))
    stages = [u.stage for u in updates]
    assert stages[0] == "scanning" and stages[-1] == "done"
    assert "parsing" in stages
    final = updates[-1]
    assert final.total == 7 and final.done == 7
    docs = [d for u in updates for d in u.documents]
    assert len(docs) == 5
    problems = {Path(p.path).name: p.reason for u in updates for p in u.problems}
    assert set(problems) == {"broken.txt", "empty.txt"}
    assert "binary" in problems["broken.txt"] and "empty" in problems["empty.txt"]
    assert final.events is not None and len(final.events) > 20
    assert list(final.events["t0"]) == sorted(final.events["t0"])


def test_cached_corpus_reopens_without_spacy(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, _ = extract_frame([corpus], LoadOptions(jobs=1))

    def no_spacy(*_a: object, **_k: object) -> None:
        raise AssertionError("spaCy was loaded for a cached corpus")

    monkeypatch.setattr(pipeline, "_PIPELINES", {})
    monkeypatch.setattr("nkviewer.nlp.model.load_pipeline", no_spacy)
    updates = list(load_corpus([corpus], options=LoadOptions(jobs=1)))
    assert updates[-1].cached == 5
    again = updates[-1].events
    assert again is not None
    assert list(again["event_id"]) == list(first["event_id"])
    # The failing files are not cached: they are reported again.
    assert {Path(p.path).name for u in updates for p in u.problems} == {"broken.txt", "empty.txt"}


def test_changed_file_is_parsed_again(corpus: Path) -> None:
    extract_frame([corpus], LoadOptions(jobs=1))
    target = corpus / "004_b59908d4dad8afdc.txt"
    target.write_text(
        target.read_text(encoding="utf-8") + "\nPutin met Kim Jong-un on March 3.\n",
        encoding="utf-8",
    )
    updates = list(load_corpus([corpus], options=LoadOptions(jobs=1)))
    assert updates[-1].cached == 4
    titles = " ".join(updates[-1].events["title"])  # type: ignore[index]
    assert "Putin" in titles


def test_should_stop_ends_the_generator_early(corpus: Path) -> None:
    seen: list[pipeline.LoadUpdate] = []

    def stop() -> bool:
        return len(seen) >= 2

    for update in load_corpus(
        [corpus], options=LoadOptions(jobs=1, use_cache=False), should_stop=stop
    ):
        seen.append(update)
    assert seen[-1].stage != "done"


def test_corrected_publication_date_redates_relative_events(corpus: Path) -> None:
    docs = [d for u in load_corpus([corpus], options=LoadOptions(jobs=1)) for d in u.documents]
    seed001 = next(d for d in docs if d.document.path.endswith("001_299aeecd3ab3c2fd.txt"))
    before = rebuild_events(docs)
    moved = PublishedDate.day(__import__("datetime").date(2019, 3, 25), "user")
    after = rebuild_events(docs, published={seed001.document.doc_id: moved})
    key = "Im Chon-il met Igor Morgulov"
    assert before.loc[before["title"] == key, "start"].tolist() == ["2019-03-14"]
    assert after.loc[after["title"] == key, "start"].tolist() == ["2019-03-21"]
    assert set(before["event_id"]) == set(after["event_id"])  # same events, new dates


@pytest.mark.slow
def test_worker_processes_give_the_same_events(tmp_path: Path) -> None:
    from bench.corpus import write_corpus

    folder = write_corpus(tmp_path / "gen", pipeline.MIN_FILES_FOR_PROCESSES + 2)
    one, p1 = extract_frame([folder], LoadOptions(jobs=1, use_cache=False))
    two, p2 = extract_frame([folder], LoadOptions(jobs=2, use_cache=False))
    assert p1 == p2 == []
    cols = ["event_id", "start", "end", "title", "actors"]
    assert one[cols].to_dict("records") == two[cols].to_dict("records")


@pytest.mark.parametrize(
    ("remaining", "jobs", "size"),
    [(600, 2, pipeline.CHUNK_FILES), (48, 2, 8), (30, 2, 5), (12, 2, pipeline.MIN_CHUNK_FILES),
     (1, 2, pipeline.MIN_CHUNK_FILES), (26, 8, pipeline.MIN_CHUNK_FILES), (600, 1, 8)],
)  # fmt: skip
def test_units_of_work_shrink_towards_the_end(remaining: int, jobs: int, size: int) -> None:
    assert pipeline.chunk_size(remaining, jobs) == size


def test_cached_corpus_starts_no_worker_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bench.corpus import write_corpus

    folder = write_corpus(tmp_path / "gen", pipeline.MIN_FILES_FOR_PROCESSES + 2)
    first, _ = extract_frame([folder], LoadOptions(jobs=1))

    def no_workers(*_a: object, **_k: object) -> None:
        raise AssertionError("worker processes started for a cached corpus")

    monkeypatch.setattr(pipeline, "_start_workers", no_workers)
    again, _ = extract_frame([folder], LoadOptions(jobs=2))
    assert list(again["event_id"]) == list(first["event_id"])


@pytest.mark.slow
def test_worker_processes_stop_when_the_consumer_stops(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bench.corpus import write_corpus

    folder = write_corpus(tmp_path / "gen", pipeline.MIN_FILES_FOR_PROCESSES + 2)
    pools = []
    start = pipeline._start_workers

    def recording(jobs: int, model: str | None, gazetteer: tuple[str, ...] = ()) -> object:
        pool = start(jobs, model, gazetteer)
        pools.append(pool)
        return pool

    monkeypatch.setattr(pipeline, "_start_workers", recording)
    updates = load_corpus([folder], options=LoadOptions(jobs=2, use_cache=False))
    for update in updates:
        if update.documents:
            break  # the first parsed unit: stop listening, as a closed window does
    del updates  # the generator is closed: its `finally` shuts the workers down
    (pool,) = pools
    # Shut down, unfinished units cancelled. When the shutdown terminated a busy worker, the
    # pool's manager may mark it broken first; either way it takes no more work.
    with pytest.raises(RuntimeError, match=r"shutdown|not usable"):
        pool.submit(print)


def test_garbage_collector_is_on_whenever_the_consumer_runs(corpus: Path) -> None:
    import gc

    extract_frame(
        [corpus], LoadOptions(jobs=1)
    )  # cached: the re-open builds documents and events in bulk
    assert gc.isenabled()
    seen = [gc.isenabled() for _ in load_corpus([corpus], options=LoadOptions(jobs=1))]
    assert seen and all(seen) and gc.isenabled()
    gc.disable()  # the caller's own choice is kept
    try:
        list(load_corpus([corpus], options=LoadOptions(jobs=1)))
        assert not gc.isenabled()
    finally:
        gc.enable()
