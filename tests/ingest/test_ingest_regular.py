"""Corpus input is read only from regular files, and never past the size limit (issue 12, 3).

Devices are stood in for by a FIFO and links the tests make (never a real device): a FIFO has
no end of file until a writer closes it, so any attempt to read one would hang the test, which
runs the read in a thread and fails if it has not returned.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from nkviewer.ingest import SourceFile, iter_documents, read_source, scan
from nkviewer.ingest import regular as regular_module
from nkviewer.ingest.discover import is_event_export
from nkviewer.ingest.problem import BadFile
from nkviewer.ingest.regular import read_head, read_regular

GOOD = "Kim visits Russia\n\nKim Jong-un arrived in Vladivostok on Wednesday, KCNA said.\n"
#: Generous: only a hang ever reaches it.
HANG = 60.0


def finishes(fn: Callable[[], Any]) -> Any:
    """fn() run in a thread; fails the test if it has not returned after `HANG` seconds."""
    box: list[Any] = []

    def run() -> None:
        try:
            box.append(fn())
        except BaseException as exc:  # handed back to the test
            box.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(HANG)
    assert not thread.is_alive(), "the read hung"
    if isinstance(box[0], BaseException):
        raise box[0]
    return box[0]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    os.mkfifo(tmp_path / "pipe.csv")
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    os.mkfifo(outside / "fifo")
    (tmp_path / "to-pipe.txt").symlink_to(outside / "fifo")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    return tmp_path


def test_a_fifo_and_links_to_one_are_reported_and_the_rest_loads(corpus: Path) -> None:
    items = finishes(lambda: list(iter_documents([corpus])))
    docs = [i for i in items if hasattr(i, "doc_id")]
    problems = {Path(i.path).name: i.reason for i in items if not hasattr(i, "doc_id")}
    assert [d.title for d in docs] == ["Kim visits Russia"]
    assert problems["pipe.txt"].startswith("not a regular file (a named pipe)")
    assert problems["pipe.csv"].startswith("not a regular file (a named pipe)")
    assert problems["to-pipe.txt"].startswith("not a regular file (a named pipe)")
    assert problems["loop.txt"].startswith("symbolic link loop")


def test_the_cache_key_reads_no_fifo(corpus: Path) -> None:
    from nkviewer.corpus.pipeline import _bytes_for_key

    found = finishes(lambda: scan([corpus]))
    keys = finishes(lambda: {s.path.name: _bytes_for_key(s) for s in found.files})
    assert keys["good.txt"] == GOOD.encode()
    assert keys["pipe.txt"] is None and keys["to-pipe.txt"] is None and keys["pipe.csv"] is None


def test_event_export_sniffing_opens_no_fifo(corpus: Path) -> None:
    assert finishes(lambda: is_event_export(corpus / "pipe.csv")) is False


def test_a_regular_file_behind_a_link_is_read(tmp_path: Path) -> None:
    (tmp_path / "real.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(tmp_path / "real.txt")
    result = read_source(SourceFile(tmp_path / "link.txt", "link.txt", "txt"))
    assert [d.title for d in result.documents] == ["Kim visits Russia"]


class _Spy:
    """The largest request made of `os.read`, and the bytes it handed back in all."""

    def __init__(self, real: Callable[[int, int], bytes]) -> None:
        self.real = real
        self.largest = 0
        self.got = 0

    def __call__(self, fd: int, n: int) -> bytes:
        self.largest = max(self.largest, n)
        data = self.real(fd, n)
        self.got += len(data)
        return data


def test_reading_stops_at_the_limit_whatever_the_size_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file whose size says 0 (as /dev/zero, /proc files or a file growing while it is read
    do) but holds far more than the limit: the read stops one byte past the limit."""
    path = tmp_path / "endless.txt"
    path.write_bytes(b"x" * (3 * 2**20))
    limit = 64 * 2**10
    real_fstat = os.fstat

    def zero_size(fd: int) -> os.stat_result:
        st = list(real_fstat(fd))
        st[6] = 0  # st_size
        return os.stat_result(st)

    spy = _Spy(os.read)
    monkeypatch.setattr(regular_module.os, "fstat", zero_size)
    monkeypatch.setattr(regular_module.os, "read", spy)
    with pytest.raises(BadFile, match="larger than 64 KB"):
        read_regular(path, limit)
    assert spy.largest <= limit + 1
    assert spy.got <= limit + 1


def test_reading_a_file_under_the_limit_asks_for_no_more_than_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(GOOD.encode() * 50)
    spy = _Spy(os.read)
    monkeypatch.setattr(regular_module.os, "read", spy)
    assert read_regular(path, 8192) == GOOD.encode() * 50
    assert spy.largest <= 8193
    spy.largest = spy.got = 0
    assert read_head(path, 100) == (GOOD.encode() * 50)[:100]
    assert spy.largest <= 100 and spy.got == 100


def test_a_device_is_never_opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    os.mkfifo(tmp_path / "pipe.txt")

    def no_open(*args: object, **kwargs: object) -> int:
        raise AssertionError("a non-regular file must not be opened")

    monkeypatch.setattr(regular_module.os, "open", no_open)
    with pytest.raises(BadFile, match="named pipe"):
        read_regular(tmp_path / "pipe.txt", 1024)
