"""The edits sidecar is input too: validated whole before it is trusted, set aside when it
fails, written atomically and, when large, off the window's thread (issue 12, point 8)."""

from __future__ import annotations

import dataclasses
import json
import os
import stat
import threading
from datetime import date
from pathlib import Path

import pytest
import qt_sample
from pytestqt.qtbot import QtBot
from sidecar_fakes import SidecarWrites

from nkviewer.corpus import sidecar as sidecar_module
from nkviewer.corpus.sidecar import (
    SIDECAR_NAME,
    Edits,
    SidecarError,
    SidecarWriter,
    edit_chunks,
    parse_edits,
    read_edits,
    write_edits,
)
from nkviewer.ingest.document import PublishedDate
from nkviewer.qt.session import Session

ALL_EVENTS = {"ev-summit", "ev-visit", "ev-moon"}


def open_sample(qtbot: QtBot, folder: Path) -> Session:
    session = Session()
    session.open([folder], factory=qt_sample.fake_pipeline())  # type: ignore[arg-type]
    if session.loading:
        with qtbot.waitSignal(session.loadingChanged, timeout=10_000):
            pass
    return session


HOSTILE = {
    "deep": '{"format": 1, "hidden": ' + "[" * 100_000 + "]" * 100_000 + "}",
    "bad date": '{"format": 1, "dates": {"ev-summit": ["2019-02-30", "2019-03-01", "day"]}}',
    "not a date": '{"format": 1, "dates": {"ev-summit": ["yesterday", "today", "day"]}}',
    "reversed": '{"format": 1, "dates": {"ev-summit": ["2019-03-02", "2019-03-01", "range"]}}',
    "title type": '{"format": 1, "titles": {"ev-summit": 5}}',
    "hidden type": '{"format": 1, "hidden": [{"id": "ev-summit"}]}',
    "granularity": '{"format": 1, "dates": {"ev-summit": ["2019-03-01", "2019-03-01", "eon"]}}',
    "published": '{"format": 1, "published": {"doc-a": {"value": "soon", "source": "user"}}}',
    "long title": '{"format": 1, "titles": {"ev-summit": "' + "x" * 5000 + '"}}',
    "format": '{"format": 2, "hidden": []}',
    "not json": "{not json",
}


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_a_hostile_sidecar_is_set_aside_and_reported(
    qtbot: QtBot, tmp_path: Path, kind: str
) -> None:
    (tmp_path / SIDECAR_NAME).write_text(HOSTILE[kind], encoding="utf-8")
    session = open_sample(qtbot, tmp_path)  # no RecursionError, no error dialog
    assert set(session.filtered["event_id"]) == ALL_EVENTS  # nothing hidden, nothing re-dated
    assert session.record("ev-summit")["title"] == "Kim Jong-un met Vladimir Putin"  # type: ignore[index]
    (problem,) = [p for p in session.problems if "could not be read" in p.reason]
    assert "renamed to .nkviewer-edits.json.corrupt-" in problem.reason
    assert not (tmp_path / SIDECAR_NAME).exists()
    (aside,) = tmp_path.glob(SIDECAR_NAME + ".corrupt-*")
    assert aside.read_text(encoding="utf-8") == HOSTILE[kind]
    session.hide(["ev-moon"])  # a fresh sidecar is started
    assert session.store.flush()
    assert read_edits(tmp_path / SIDECAR_NAME).hidden == {"ev-moon": True}


def test_reasons_say_where_the_file_fails(tmp_path: Path) -> None:
    with pytest.raises(SidecarError, match=r"dates\.ev-summit\.0: Input should be a valid date"):
        parse_edits(HOSTILE["bad date"].encode())
    with pytest.raises(SidecarError, match="recursion limit exceeded"):
        parse_edits(HOSTILE["deep"].encode())
    with pytest.raises(SidecarError, match=r"titles\.ev-summit: Input should be a valid string"):
        parse_edits(HOSTILE["title type"].encode())


def test_a_sidecar_over_the_size_limit_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / SIDECAR_NAME
    path.write_text(json.dumps({"format": 1, "hidden": [f"e{i}" for i in range(5000)]}))
    monkeypatch.setattr(sidecar_module, "MAX_SIDECAR_BYTES", 10_000)
    with pytest.raises(SidecarError, match="larger than"):
        read_edits(path)


def test_a_sidecar_that_is_a_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / SIDECAR_NAME)
    with pytest.raises(SidecarError, match="named pipe"):
        read_edits(tmp_path / SIDECAR_NAME)


def sample_edits(n: int = 3) -> Edits:
    return Edits(
        hidden={f"ev{i}": True for i in range(n)},
        titles={"ev1": 'A "quoted" title, 김정은 😀'},
        dates={"ev2": ("2019-04-01", "2019-04-30", "month")},
        published={
            "doc-a": PublishedDate.day(date(2019, 3, 18), "user", "18 March"),
            "doc-b": PublishedDate(
                date(2019, 4, 15), date(2019, 4, 1), date(2019, 4, 30), "month", "user", "April"
            ),
            "doc-c": dataclasses.replace(
                PublishedDate.day(date(2017, 9, 3), "text", "09/03/2017"),
                choices=(date(2017, 9, 3), date(2017, 3, 9)),  # a date that reads two ways
            ),
        },
    )


@pytest.mark.parametrize("n", [0, 3, 12_345])
def test_written_edits_read_back_the_same(tmp_path: Path, n: int) -> None:
    edits = sample_edits(n)
    write_edits(tmp_path / SIDECAR_NAME, edits)
    assert read_edits(tmp_path / SIDECAR_NAME) == edits
    assert json.loads((tmp_path / SIDECAR_NAME).read_text(encoding="utf-8"))["format"] == 1


def test_writing_is_atomic_and_keeps_the_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / SIDECAR_NAME
    write_edits(path, sample_edits())
    path.chmod(0o600)
    before = path.read_bytes()

    def failing(edits: Edits):  # type: ignore[no-untyped-def]
        yield from list(edit_chunks(edits))[:2]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(sidecar_module, "edit_chunks", failing)
    with pytest.raises(OSError):
        write_edits(path, sample_edits(50))
    assert path.read_bytes() == before  # the old file is whole
    assert [p.name for p in tmp_path.iterdir()] == [SIDECAR_NAME]  # no temporary left
    monkeypatch.undo()
    write_edits(path, sample_edits(50))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_large_sidecar_is_saved_off_the_window_thread(
    qtbot: QtBot, tmp_path: Path, sidecar_writes: SidecarWrites
) -> None:
    """Every edit of a large sidecar is written by the writer thread; the window's thread
    only hands over a copy. The last edit wins, whatever order the writes finish in."""
    path = tmp_path / SIDECAR_NAME
    big = Edits(hidden={f"{i:016x}": True for i in range(30_000)})
    write_edits(path, big)
    session = open_sample(qtbot, tmp_path)
    assert len(session.store.hidden) == 30_000

    sidecar_writes.threads.clear()
    session.hide(["ev-summit"])
    session.edit_title("ev-moon", "Moon met Xi")
    session.hide(["ev-visit"])
    assert session.store.flush()
    writers = sidecar_writes.threads
    assert writers and set(writers) == {"nkviewer-edits-writer"}
    saved = read_edits(path)
    assert len(saved.hidden) == 30_002 and saved.titles == {"ev-moon": "Moon met Xi"}


def test_saves_a_while_apart_reuse_one_writing_thread(tmp_path: Path) -> None:
    """The writing thread waits for the next save instead of ending with each: starting a
    thread waits until it runs, which cost the window 0.36 s on an undo while workers held
    the GIL. After `WRITER_IDLE` seconds without a save it ends (a later save starts one)."""
    threads: list[threading.Thread] = []
    errors: list[str] = []

    def done(_path: Path, error: str) -> None:
        threads.append(threading.current_thread())
        errors.append(error)

    writer = SidecarWriter(done)
    path = tmp_path / SIDECAR_NAME
    for i in range(3):
        writer.submit(path, Edits(hidden={f"{i:016x}": True}))
        assert writer.flush(30)
        # the writer is between saves now (written, nothing pending), not gone
        assert not writer.pending()
    assert errors == ["", "", ""] and all(t is threads[0] for t in threads)
    assert read_edits(path).hidden == {f"{2:016x}": True}


def test_an_idle_writing_thread_ends_and_the_next_save_starts_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sidecar_module, "WRITER_IDLE", 0.01)
    writers: list[threading.Thread] = []
    writer = SidecarWriter(lambda _p, _e: writers.append(threading.current_thread()))
    path = tmp_path / SIDECAR_NAME
    writer.submit(path, Edits(hidden={"a": True}))
    assert writer.flush(30)
    writers[0].join(30)  # it ends once idle
    assert not writers[0].is_alive()
    writer.submit(path, Edits(hidden={"b": True}))
    assert writer.flush(30)
    assert len(writers) == 2 and writers[1] is not writers[0]
    assert read_edits(path).hidden == {"b": True}
