"""One bad document never costs the corpus, the machine or the user's time (issue 12, 2 and 4).

Each test builds its hostile input in a temporary folder beside copies of good articles and
checks that the good articles' events are all there and the bad one is reported with its
reason.
"""

from __future__ import annotations

import multiprocessing
import shutil
import time
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from nkviewer.corpus import pipeline
from nkviewer.corpus.pipeline import LoadOptions, extract_frame, load_corpus
from nkviewer.ingest.document import FileProblem
from nkviewer.nlp import pieces

pytestmark = pytest.mark.model

SEEDS = ("000_60a880fe1431ab5b.txt", "001_299aeecd3ab3c2fd.txt")


def copy_seeds(seeds_dir: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in SEEDS:
        shutil.copy(seeds_dir / name, folder / name)
    return folder


@pytest.fixture(scope="module")
def good_events(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> set[tuple]:
    folder = copy_seeds(seeds_dir, tmp_path_factory.mktemp("good") / "c")
    frame, problems = extract_frame([folder], LoadOptions(jobs=1, use_cache=False))
    assert problems == [] and len(frame) > 5
    return report_keys(frame)


def report_keys(frame: pd.DataFrame) -> set[tuple]:
    """Every report of every event: (article, sentence start, date), stable under merging."""
    return {
        (s["doc_id"], s["sentence_start"], row.start, row.end)
        for row in frame.itertuples()
        for s in row.sources
    }


def reasons(problems: list[FileProblem]) -> dict[str, str]:
    return {Path(p.path).name: p.reason for p in problems}


def _text_of(arg: Any) -> str:
    """The text of a spaCy Doc, a Document or a ParsedDocument."""
    text = getattr(arg, "text", None) or getattr(getattr(arg, "document", None), "text", "")
    return text if isinstance(text, str) else ""


@pytest.mark.parametrize(
    ("target", "what"),
    [
        ("nkviewer.nlp.parse.analyse", "could not be analysed"),
        ("nkviewer.events.build.build_events", "its events could not be built"),
    ],
)
def test_a_failure_in_one_documents_analysis_is_that_documents_problem(
    tmp_path: Path,
    seeds_dir: Path,
    good_events: set[tuple],
    monkeypatch: pytest.MonkeyPatch,
    target: str,
    what: str,
) -> None:
    """A bug meeting an odd document (a parse, or the events built from it) stopped the whole
    corpus: now that document is listed with the error and every other event is there."""
    import importlib

    module_name, name = target.rsplit(".", 1)
    module = importlib.import_module(module_name)
    real = getattr(module, name)

    def failing(*args: Any, **kwargs: Any) -> Any:
        if any("BOOM" in _text_of(a) for a in args):
            raise OverflowError("date value out of range")
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, failing)
    folder = copy_seeds(seeds_dir, tmp_path / "c")
    (folder / "boom.txt").write_text("Boom\n\nBOOM: Kim met Xi on 5 March 2019.\n")
    frame, problems = extract_frame([folder], LoadOptions(jobs=1, use_cache=False))
    assert report_keys(frame) == good_events
    assert reasons(problems) == {
        "boom.txt": f"{what} (OverflowError: date value out of range); skipped"
    }


def test_years_outside_the_calendar_cost_nothing(
    tmp_path: Path, seeds_dir: Path, good_events: set[tuple]
) -> None:
    """`0000-01-01` raised ValueError and "9999-12-31 and the following day" OverflowError:
    each stopped the whole corpus."""
    folder = copy_seeds(seeds_dir, tmp_path / "c")
    (folder / "zero.txt").write_text("Treaty\n\nIt was signed on 0000-01-01 by both sides.\n")
    (folder / "far.txt").write_text(
        "Far\n\nKim Jong-un said the deal runs until 9999-12-31 and the following day.\n"
    )
    frame, problems = extract_frame([folder], LoadOptions(jobs=1, use_cache=False))
    assert problems == []
    assert good_events <= report_keys(frame)
    assert not frame["start"].str.startswith("0000").any()
    assert set(frame.loc[frame["doc_path"].str.endswith("far.txt"), "start"]) <= {"9999-12-31"}


def _long_article(seeds_dir: Path, chars: int) -> str:
    lines = [
        ln
        for name in SEEDS
        for ln in (seeds_dir / name).read_text(encoding="utf-8").split("\n")
        if len(ln) > 60
    ]
    body: list[str] = []
    i = 0
    while sum(len(p) + 2 for p in body) < chars:
        body.append(f"In part {i}, {lines[i % len(lines)]}")
        i += 1
    return "A long report\n\n" + "\n\n".join(body) + "\n"


def test_an_article_longer_than_spacy_takes_is_parsed_in_pieces(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """spaCy's max_length and the piece size made small so that the test stays quick: the
    article is over max_length, parsed in pieces, and every offset points into its text."""
    from nkviewer.ingest import read_document
    from nkviewer.nlp.parse import parse_documents

    path = tmp_path / "long.txt"
    path.write_text(_long_article(seeds_dir, 12_000), encoding="utf-8")
    doc = read_document(path)
    nlp = pipeline._pipeline(None)
    monkeypatch.setattr(nlp, "max_length", 5_000)
    monkeypatch.setattr(pieces, "PIECE_CHARS", 3_000)
    cuts = pieces.piece_bounds(doc.text, 3_000)
    assert len(cuts) >= 4
    (parsed,) = parse_documents([doc], nlp)
    text = doc.text
    assert parsed.sentences and parsed.entities and parsed.timexes and parsed.candidates
    assert all(text[e.start : e.end] == e.text for e in parsed.entities)
    assert all(text[t.start : t.end] == t.text for t in parsed.timexes)
    starts = [s.start for s in parsed.sentences]
    assert starts == sorted(starts) and parsed.sentences[-1].end <= len(text)
    # A cut falls on a paragraph break, where a sentence starts anyway.
    assert all(text[b - 2 : b] == "\n\n" for _, b in cuts[:-1])
    assert {b for _, b in cuts[:-1]} <= set(starts)


def test_closing_the_window_mid_article_stops_within_a_piece(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In-process parsing polls `should_stop` between the pieces of a long article: the load
    ends after the piece being parsed, not after the whole article."""
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "long.txt").write_text(_long_article(seeds_dir, 30_000), encoding="utf-8")
    monkeypatch.setattr(pieces, "PIECE_CHARS", 3_000)
    parsed_pieces: list[int] = []
    stop = {"now": False}
    real_pipeline = pipeline._pipeline

    class Counting:
        def __init__(self, nlp: Any) -> None:
            self.nlp = nlp

        def __call__(self, text: str) -> Any:
            parsed_pieces.append(len(text))
            stop["now"] = True  # the user closes the window during the first piece
            return self.nlp(text)

        def __getattr__(self, name: str) -> Any:
            return getattr(self.nlp, name)

    monkeypatch.setattr(
        pipeline, "_pipeline", lambda model, gaz=(): Counting(real_pipeline(model, gaz))
    )
    updates = list(
        load_corpus(
            [tmp_path / "c"],
            options=LoadOptions(jobs=1, use_cache=False),
            should_stop=lambda: stop["now"],
        )
    )
    assert len(pieces.piece_bounds((tmp_path / "c" / "long.txt").read_text(), 3_000)) >= 8
    assert len(parsed_pieces) == 1
    assert updates[-1].stage != "done"


def _sleep(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def test_stopping_terminates_busy_worker_processes() -> None:
    """A closing window must not wait for a worker parsing a huge file (Python joins the
    worker processes at exit)."""
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    busy = pool.submit(_sleep, 600)
    while not busy.running():
        time.sleep(0.05)
    procs = list(pool._processes.values())  # type: ignore[attr-defined]
    pipeline._stop_workers(pool, busy=True)
    for proc in procs:
        proc.join(timeout=60)  # only a hang reaches the timeout
        # The pool's own thread reaps the worker too: until it has recorded the exit code,
        # is_alive() here may still say True (waitpid finds no child). Let it finish.
        for _ in range(600):
            if not proc.is_alive():
                break
            time.sleep(0.1)
        assert not proc.is_alive()


@pytest.mark.parametrize(
    ("requested", "units", "cores", "expected"),
    [(64, 36, 2, 2), (64, 36, 64, 18), (None, 100, 4, 4), (3, None, 8, 3), (2, 1, 8, 1)],
)
def test_workers_are_capped_by_cores_and_work(
    requested: int | None,
    units: int | None,
    cores: int,
    expected: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pipeline, "cpu_cores", lambda: cores)
    assert pipeline.worker_count(requested, units) == expected


class _Started(Exception):
    pass


def workers_started(folder: Path, monkeypatch: pytest.MonkeyPatch, jobs: int | None) -> int:
    """How many worker processes loading `folder` starts (the load stops right there)."""
    asked: list[int] = []

    def recording(n: int, model: str | None, gazetteer: object = ()) -> None:
        asked.append(n)
        raise _Started

    monkeypatch.setattr(pipeline, "_start_workers", recording)
    with pytest.raises(_Started):
        list(load_corpus([folder], options=LoadOptions(jobs=jobs, use_cache=False)))
    (n,) = asked
    return n


def test_jobs_64_on_36_files_starts_no_more_workers_than_cores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bench.corpus import write_corpus

    folder = write_corpus(tmp_path / "gen", 36)
    assert workers_started(folder, monkeypatch, 64) == min(pipeline.cpu_cores(), 18)


def _table(folder: Path, n: int) -> Path:
    import json

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "big.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text = f"Kim Jong-un met Xi Jinping in Beijing on March {i % 28 + 1}, 2019 (item {i})."
            fh.write(json.dumps({"title": f"Item {i}", "text": text}) + "\n")
    return path


def test_a_big_table_is_parsed_part_by_part_with_progress_and_a_cache_per_part(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 1-million-row file was one unit: one process, no progress, nothing cached until the
    end. Cut into parts (made small here), each part reports progress and is cached alone:
    editing one row re-parses one part."""
    from nkviewer.ingest import table_parts

    path = _table(tmp_path / "c", 60)
    whole, _ = extract_frame([tmp_path / "c"], LoadOptions(jobs=1, use_cache=False))
    monkeypatch.setattr(table_parts, "SPLIT_BYTES", 1_000)
    monkeypatch.setattr(table_parts, "PART_ROWS", 10)

    updates = list(load_corpus([tmp_path / "c"], options=LoadOptions(jobs=1)))
    parsing = [u for u in updates if u.stage == "parsing"]
    assert updates[-1].total == 6 and updates[-1].files == 1
    assert [u.done for u in parsing] == [1, 2, 3, 4, 5, 6]  # one update per part
    final = updates[-1].events
    assert final is not None
    cols = ["event_id", "start", "title"]
    assert final[cols].to_dict("records") == whole[cols].to_dict("records")

    lines = path.read_text(encoding="utf-8").split("\n")
    lines[33] = lines[33].replace("(item 33)", "(item 33, corrected)")
    path.write_text("\n".join(lines), encoding="utf-8")
    again = list(load_corpus([tmp_path / "c"], options=LoadOptions(jobs=1)))
    assert again[-1].cached == 5  # the five other parts came from the cache
    assert again[-1].done == 6


def test_the_parts_of_one_big_table_are_shared_among_worker_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nkviewer.ingest import table_parts

    _table(tmp_path / "c", 300)
    monkeypatch.setattr(table_parts, "SPLIT_BYTES", 1_000)
    monkeypatch.setattr(table_parts, "PART_ROWS", 10)
    monkeypatch.setattr(pipeline, "cpu_cores", lambda: 4)
    # One file, 30 parts: four workers, not one.
    assert workers_started(tmp_path / "c", monkeypatch, None) == 4
