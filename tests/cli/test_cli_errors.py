"""Errors the user can cause end in a message and exit status 2, never a traceback; a failed
Dask run leaves nothing behind, or a resumable folder it names (issue 12, point 12)."""

from __future__ import annotations

import errno
import io
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from nkviewer.cli.main import main
from nkviewer.corpus import distributed
from nkviewer.errors import InputError

EVENT = {"event_id": "e1", "title": "Kim met Putin", "start": "2019-04-25", "end": "2019-04-25"}


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nkviewer", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,  # only a hang reaches it
    )


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text("Title\n\nKim Jong-un met Vladimir Putin on 25 April 2019.\n")
    return folder


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("not-a-url", "no port"),
        ("http://example.org:80", "unknown protocol 'http'"),
        ("tcp://:8786", "no host"),
        ("tcp://host:99999", "Port out of range"),
        ("tcp://host:8786/path", "more than a host and a port"),
    ],
)
def test_a_scheduler_that_is_not_an_address_is_exit_2(
    corpus: Path, address: str, reason: str
) -> None:
    proc = run_cli(
        "extract", "c", "--engine", "dask", "--scheduler", address, "-o", "ds", cwd=corpus.parent
    )
    assert proc.returncode == 2
    assert f"is not a scheduler address ({reason}" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (corpus.parent / "ds").exists()


@pytest.fixture
def not_dask() -> Iterator[int]:
    """A server that answers every connection in another protocol (HTTP), on a free port."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            with conn:
                conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    server.close()


def test_a_server_that_is_not_dask_is_exit_2_and_leaves_nothing(
    corpus: Path, not_dask: int
) -> None:
    """Dask read the HTTP reply as a message length ("cannot allocate 3.07 EiB")."""
    proc = run_cli(
        "extract",
        "c",
        "--engine",
        "dask",
        "--scheduler",
        f"tcp://127.0.0.1:{not_dask}",
        "-o",
        "ds",
        cwd=corpus.parent,
    )
    assert proc.returncode == 2, proc.stderr
    assert "does not speak Dask's protocol" in proc.stderr
    assert "nothing was written" in proc.stderr
    assert "Traceback" not in proc.stderr and "EiB" not in proc.stderr
    assert not (corpus.parent / "ds").exists()


def test_a_silent_server_times_out_with_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    """It accepts the connection and never answers: Dask's own timeout misses that."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)  # connections complete in the backlog, nobody ever reads them
    monkeypatch.setattr(distributed, "CONNECT_TIMEOUT", 1.0)
    try:
        with pytest.raises(InputError, match=r"no answer from a Dask scheduler .* within 1 s"):
            distributed._connect(f"tcp://127.0.0.1:{server.getsockname()[1]}")
    finally:
        server.close()


def test_a_run_that_fails_midway_says_what_is_kept(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = corpus.parent / "ds"

    def half_done(tasks: list, **_kw: object) -> list:
        marker = out / distributed.PARTITIONS_DIR / "p1" / distributed._DONE
        marker.parent.mkdir(parents=True)
        marker.write_text("{}")
        raise RuntimeError("KilledWorker: a worker died")

    monkeypatch.setattr(distributed, "_run_tasks", half_done)
    status = main(["extract", str(corpus), "--engine", "dask", "-o", str(out), "--jobs", "1"])
    err = capsys.readouterr().err
    assert status == 2
    assert "the Dask run failed (RuntimeError: KilledWorker: a worker died)" in err
    assert f"1 finished partition(s) are kept in {out}: run the same command again" in err
    assert "Traceback" not in err


def test_a_run_that_fails_before_any_partition_leaves_no_folder(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = corpus.parent / "ds"

    def fails(tasks: list, **_kw: object) -> list:
        raise RuntimeError("the cluster went away")

    monkeypatch.setattr(distributed, "_run_tasks", fails)
    assert main(["extract", str(corpus), "--engine", "dask", "-o", str(out)]) == 2
    assert "nothing was written" in capsys.readouterr().err
    assert not out.exists()


class _FullDisk(io.TextIOBase):
    """A stdout on a full disk: every write fails with ENOSPC."""

    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    def flush(self) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    def fileno(self) -> int:
        raise io.UnsupportedOperation("fileno")


def test_stdout_on_a_full_disk_is_exit_2_with_a_message(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from nkviewer.corpus import pipeline
    from nkviewer.events.table import events_to_frame

    monkeypatch.setattr(pipeline, "extract_frame", lambda *a, **k: (events_to_frame([EVENT]), []))
    monkeypatch.setattr(sys, "stdout", _FullDisk())
    status = main(["extract", str(corpus), "-q"])
    err = capsys.readouterr().err
    assert status == 2
    assert "cannot write to standard output: No space left on device" in err
    monkeypatch.undo()


@pytest.mark.parametrize("command", ["extract", "export"])
def test_cli_output_to_a_folder_is_exit_2_with_a_message(tmp_path: Path, command: str) -> None:
    (tmp_path / "a.txt").write_text("Title\n\nKim met Putin on 25 April 2019.\n")
    folder = tmp_path / ("out.png" if command == "export" else "out")
    folder.mkdir()
    proc = run_cli(command, "a.txt", "-o", folder.name, cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert "it is a folder" in proc.stderr
    assert "Traceback" not in proc.stderr
