"""Where `-o` writes: regular files replaced atomically with their mode and owner, symbolic links
written through, FIFOs (and so devices) written straight, `-` to stdout, folders refused."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pandas as pd
import pytest

from nkviewer.errors import ExportError
from nkviewer.export.data import write_events
from nkviewer.export.output import atomic_output, check_output, output_target


def frame() -> pd.DataFrame:
    from nkviewer.events.table import events_to_frame

    return events_to_frame(
        [{"event_id": "e1", "title": "Kim met Putin", "start": "2019-04-25", "end": "2019-04-25"}]
    )


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_a_regular_file_is_replaced_keeping_its_mode(tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    out.write_text("old\n")
    out.chmod(0o600)
    before = out.stat().st_ino
    write_events(frame(), out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.stat().st_ino != before  # a new file renamed into place: atomic
    assert '"Kim met Putin"' in out.read_text(encoding="utf-8")
    assert leftovers(tmp_path) == []


def test_a_new_file_gets_the_usual_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_events(frame(), tmp_path / "new.jsonl")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.jsonl").stat().st_mode) == 0o640


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can make a file owned by another user")
def test_a_regular_file_keeps_its_owner(tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    out.write_text("old\n")
    os.chown(out, 4321, 4322)
    write_events(frame(), out)
    info = out.stat()
    assert (info.st_uid, info.st_gid) == (4321, 4322)


def test_a_symlink_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "real" / "events.jsonl"
    real.parent.mkdir()
    real.write_text("old\n")
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    write_events(frame(), link)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert '"Kim met Putin"' in real.read_text(encoding="utf-8")
    assert leftovers(real.parent) == [] and leftovers(tmp_path) == []


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "made.csv")
    write_events(frame(), link)
    assert link.is_symlink() and (tmp_path / "made.csv").is_file()


def _read_fifo(path: Path, into: list[bytes]) -> threading.Thread:
    def read() -> None:
        with open(path, "rb") as fh:
            into.append(fh.read())

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


@pytest.mark.parametrize("through_link", [False, True])
def test_a_fifo_is_written_straight(tmp_path: Path, through_link: bool) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    target = fifo
    if through_link:
        target = tmp_path / "to-pipe"
        target.symlink_to(fifo)
    assert output_target(target).is_stream
    got: list[bytes] = []
    reader = _read_fifo(fifo, got)
    write_events(frame(), target, fmt="jsonl")
    reader.join(timeout=60)
    assert not reader.is_alive()
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # still a pipe, not replaced by a file
    assert b'"Kim met Putin"' in got[0]
    assert leftovers(tmp_path) == []


def test_dash_is_standard_output(capfd: pytest.CaptureFixture[str]) -> None:
    write_events(frame(), "-", fmt="csv")
    out = capfd.readouterr().out
    assert out.startswith("event_id,") and "Kim met Putin" in out


def test_a_folder_is_refused_with_a_message(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="it is a folder; give a file name inside it"):
        write_events(frame(), tmp_path, fmt="jsonl")
    with pytest.raises(ExportError, match=r"folder .* does not exist"):
        check_output(tmp_path / "missing" / "x.jsonl")


def test_a_read_only_file_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "locked.jsonl"
    out.write_text("keep\n")
    out.chmod(0o444)
    if os.access(out, os.W_OK):
        pytest.skip("root may write any file")
    with pytest.raises(ExportError, match="read-only"):
        write_events(frame(), out)
    assert out.read_text() == "keep\n"


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    out.write_text("old\n")
    with pytest.raises(RuntimeError), atomic_output(out) as fh:
        fh.write("half")
        raise RuntimeError("the writer failed")
    assert out.read_text() == "old\n"
    assert leftovers(tmp_path) == []
