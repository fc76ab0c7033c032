"""A corpus of good articles beside hostile and unlucky files, through the command line and the
window as a user runs them (issue 12): the good articles' events are all there, each bad file
is reported once with its reason on one line, no traceback, exit status 1 as the README says,
and time (a subprocess timeout that only a hang reaches) and memory bounded.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

pytestmark = pytest.mark.model

GOOD = ("000_60a880fe1431ab5b.txt", "001_299aeecd3ab3c2fd.txt")
BAD_NAME = b"bad\xffname.txt"
FORGED = "evil\nnkviewer extract: error: forged.txt"
#: Peak memory of one `nkviewer extract` of this corpus, with a wide margin (about 0.5 GB).
MAX_RSS_MB = 2_000


def build(folder: Path, seeds_dir: Path) -> Path:
    folder.mkdir(parents=True)
    for name in GOOD:
        shutil.copy(seeds_dir / name, folder / name)
    (folder / os.fsdecode(BAD_NAME)).write_text(
        "Bad name\n\nKim Jong-un met Xi Jinping in Beijing on March 5, 2019.\n", encoding="utf-8"
    )
    (folder / FORGED).write_bytes(b"")
    os.mkfifo(folder / "pipe.txt")
    outside = folder.parent / "outside"
    outside.mkdir()
    os.mkfifo(outside / "fifo")
    (folder / "to-fifo.txt").symlink_to(outside / "fifo")
    (folder / "zero.txt").write_text("Treaty\n\nIt was signed on 0000-01-01 by both sides.\n")
    (folder / "far.txt").write_text(
        "Far\n\nMoon Jae-in said the deal runs until 9999-12-31 and the following day.\n"
    )
    (folder / "feb.txt").write_text("Feb\n\nPutin met Kim Jong-un on the 31st of February 2019.\n")
    dashes = "Talks “went well” — envoy\n\nThe envoy said the talks on April 9, 2019 “went well” — "
    (folder / "utf8.txt").write_bytes(
        (dashes + "Pyongyang’s reply is awaited.\n").encode().replace(b"awaited", b"await\xffed")
    )
    (folder / "rows.csv").write_text(
        "title,text\n"
        'A,"Xi Jinping visited Pyongyang on June 20, 2019."\n'
        'B,"A stray quote here\n'
        'C,"Kim Jong-un visited Vladivostok on April 24, 2019."\n'
    )
    (folder / "deep.jsonl").write_text(
        json.dumps({"title": "J1", "text": "Wang Yi met Lavrov in Moscow on May 3, 2019."})
        + "\n"
        + "[" * 100_000
        + "]" * 100_000
        + "\n"
        + json.dumps({"title": "J3", "text": "Lavrov met Ri Yong-ho in Pyongyang on May 31, 2018."})
        + "\n"
    )
    (folder / "long.txt").write_text("Long\n\n" + "Kim met Putin. " * 140_000)  # 2.1 M chars
    return folder


def extract(folder: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nkviewer", "extract", str(folder), "-o", str(out), "--jobs", "1"],
        capture_output=True,
        text=True,
        timeout=900,  # only a hang (a FIFO read, a runaway read) reaches it
    )


def reports(path: Path) -> set[tuple]:
    events = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return {
        (s["doc_id"], s["sentence_start"], e["start"], e["end"])
        for e in events
        for s in e["sources"]
    }


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> dict[str, object]:
    base = tmp_path_factory.mktemp("hostile")
    good = base / "good"
    good.mkdir()
    for name in GOOD:
        shutil.copy(seeds_dir / name, good / name)
    assert extract(good, base / "good.jsonl").returncode == 0
    corpus = build(base / "corpus", seeds_dir)
    proc = extract(corpus, base / "events.jsonl")
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    moved = base / "corpus2"
    corpus.rename(moved)  # `mv corpus corpus2`, then extract again (from the cache)
    again = extract(moved, base / "again.jsonl")
    return {
        "base": base,
        "proc": proc,
        "again": again,
        "peak_mb": peak_mb,
        "good": reports(base / "good.jsonl"),
    }


def test_exit_status_1_and_no_traceback(runs: dict) -> None:
    proc = runs["proc"]
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr


def test_every_stderr_line_is_one_problem_and_names_are_quoted(runs: dict) -> None:
    *lines, summary = runs["proc"].stderr.splitlines()
    assert summary.startswith("wrote ") and summary.endswith("events.jsonl")
    assert len(lines) == 7 and all(line.startswith("nkviewer extract: ") for line in lines)
    assert any(
        '"/' in line and 'evil\\nnkviewer extract: error: forged.txt"' in line for line in lines
    )


def test_the_good_articles_events_are_all_there(runs: dict) -> None:
    assert runs["good"] <= reports(runs["base"] / "events.jsonl")


def test_each_bad_file_is_reported_with_its_reason(runs: dict) -> None:
    err = runs["proc"].stderr
    assert "pipe.txt: not a regular file (a named pipe)" in err
    assert "to-fifo.txt: not a regular file (a named pipe)" in err
    assert "long.txt: an article of 2,1" in err and "split it into several files" in err
    assert "deep.jsonl: line 2: JSON nested too deeply; skipped" in err
    assert "rows.csv: row 3: malformed row" in err
    assert "utf8.txt: 1 invalid UTF-8 byte sequence(s) replaced by �" in err
    assert 'forged.txt": empty file' in err


def test_hostile_but_readable_files_give_their_events(runs: dict) -> None:
    events = [
        json.loads(line)
        for line in (runs["base"] / "events.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    by_file: dict[str, list[dict]] = {}
    for ev in events:
        by_file.setdefault(ev["doc_path"].rsplit("/", 1)[-1], []).append(ev)
    assert [e["start"] for e in by_file["bad\\xffname.txt"]] == ["2019-03-05"]
    assert {e["start"] for e in by_file["rows.csv"]} == {"2019-06-20", "2019-04-24"}
    assert {e["start"] for e in by_file["deep.jsonl"]} == {"2019-05-03", "2018-05-31"}
    assert "feb.txt" not in by_file  # the 31st of February is no date
    assert not any(e["start"].startswith("0000") for e in events)
    utf8 = by_file["utf8.txt"]
    assert utf8 and "— " in utf8[0]["sentence"] and "â€" not in utf8[0]["sentence"]


def test_memory_is_bounded(runs: dict) -> None:
    assert runs["peak_mb"] < MAX_RSS_MB


def test_a_moved_corpus_reports_its_new_paths(runs: dict) -> None:
    again = runs["again"]
    assert again.returncode == 1 and "Traceback" not in again.stderr
    events = [
        json.loads(line)
        for line in (runs["base"] / "again.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    paths = {e["doc_path"] for e in events}
    assert paths and all("/corpus2/" in p for p in paths)
    assert "/corpus/" not in again.stderr


def test_the_window_loads_the_same_corpus(qtbot: QtBot, tmp_path: Path, seeds_dir: Path) -> None:
    """The window showed "Loading stopped" with no events for each of these files."""
    from nkviewer.corpus.options import LoadOptions
    from nkviewer.qt.session import Session

    corpus = build(tmp_path / "corpus", seeds_dir)
    session = Session()
    session.open([corpus], options=LoadOptions(jobs=1))
    with qtbot.waitSignal(session.loadingChanged, timeout=600_000):
        pass
    assert not session.loading
    assert session._error is None
    titles = {p.document.title for p in session.documents.values()}
    assert {"Bad name", "Far", "J1", "J3", "A", "C"} <= titles
    assert len(session.events) > 20
    reasons = {Path(p.path).name: p.reason for p in session.problems}
    assert reasons["pipe.txt"].startswith("not a regular file")
    assert reasons["long.txt"].startswith("an article of")
    session.shutdown()


def test_closing_the_window_while_a_long_article_parses_waits_for_one_piece(
    qtbot: QtBot, tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Closing took 50 s while one huge file parsed: the loader now stops after the piece being
    parsed (pieces made small here; the first one is held until the window closes)."""
    import threading

    from nkviewer.corpus import pipeline
    from nkviewer.corpus.options import LoadOptions
    from nkviewer.nlp import pieces
    from nkviewer.qt.session import Session

    lines = [ln for ln in (seeds_dir / GOOD[0]).read_text().split("\n") if len(ln) > 60]
    body = "\n\n".join(f"Part {i}: {lines[i % len(lines)]}" for i in range(200))
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "long.txt").write_text("Long\n\n" + body + "\n")
    monkeypatch.setattr(pieces, "PIECE_CHARS", 3_000)
    assert len(pieces.piece_bounds(body, 3_000)) > 10
    parsed: list[int] = []
    first_done, closing = threading.Event(), threading.Event()
    real = pipeline._pipeline

    class Held:
        def __init__(self, nlp: object) -> None:
            self.nlp = nlp

        def __call__(self, text: str) -> object:
            doc = self.nlp(text)  # type: ignore[operator]
            parsed.append(len(text))
            first_done.set()
            closing.wait(60)
            return doc

        def __getattr__(self, name: str) -> object:
            return getattr(self.nlp, name)

    monkeypatch.setattr(pipeline, "_pipeline", lambda model, gaz=(): Held(real(model, gaz)))
    session = Session()
    session.open([tmp_path / "c"], options=LoadOptions(jobs=1, use_cache=False))
    session.finish_opening()  # (the edits are read first, in a worker; then it loads)
    assert first_done.wait(300)
    session.loader.cancel()  # the window closes: the loader is told to stop...
    closing.set()  # ...while the first piece is still being parsed
    session.shutdown()
    assert not session.loading
    assert parsed == [parsed[0]]  # no second piece was started
