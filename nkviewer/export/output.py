"""Where an export goes: a regular file replaced atomically, a stream written straight, stdout.

Every writer writes into a staging file first (`staged_output`) and the result reaches its
target only when complete:

- a regular file (new or existing) is replaced atomically by a rename in its own folder; an
  existing file keeps its permission bits and owner (when the owner cannot be kept — another
  user's file you may write — the finished file is copied into it instead);
- a symbolic link is written through: its target is what gets replaced, the link stays;
- a character device or a FIFO (`/dev/null`, `/dev/stdout`, a named pipe) and `-` (standard
  output) are written straight, never replaced;
- a folder, a socket or a block device is refused with an `ExportError` saying what to give.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal

from nkviewer.errors import ExportError

STDOUT = "-"

TargetKind = Literal["stdout", "new", "regular", "stream"]


@dataclass(frozen=True, slots=True)
class OutputTarget:
    """What an output path names once links are followed."""

    kind: TargetKind
    shown: str  # as the user gave it, for messages
    real: Path | None = None  # the file finally written (links resolved); None for stdout
    info: os.stat_result | None = None  # of an existing regular file

    @property
    def is_stream(self) -> bool:
        """Written straight (stdout, a device, a pipe): no extension needed, no replacing."""
        return self.kind in ("stdout", "stream")


def output_target(path: str | os.PathLike[str]) -> OutputTarget:
    """Classify an output path; raises ExportError for what nkviewer will not write to."""
    shown = os.fspath(path)
    if shown == STDOUT:
        return OutputTarget("stdout", shown)
    real = Path(os.path.realpath(shown))
    try:
        info = os.stat(real)
    except FileNotFoundError:
        folder = real.parent
        if not folder.is_dir():
            raise ExportError(f"cannot write {shown}: the folder {folder} does not exist") from None
        return OutputTarget("new", shown, real)
    except NotADirectoryError:
        raise ExportError(f"cannot write {shown}: {real.parent} is not a folder") from None
    except OSError as exc:  # a link loop, a permission problem on the way
        raise ExportError(f"cannot write {shown}: {exc.strerror or exc}") from None
    mode = info.st_mode
    if stat.S_ISDIR(mode):
        raise ExportError(
            f"cannot write {shown}: it is a folder; give a file name inside it "
            f"(e.g. {os.path.join(shown, 'events.jsonl')})"
        )
    if stat.S_ISREG(mode):
        if not os.access(real, os.W_OK):
            raise ExportError(f"cannot write {shown}: the file is read-only")
        return OutputTarget("regular", shown, real, info)
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return OutputTarget("stream", shown, real)
    what = "a socket" if stat.S_ISSOCK(mode) else "a block device"
    raise ExportError(f"cannot write {shown}: it is {what}; give a regular file")


def check_output(path: str | os.PathLike[str]) -> OutputTarget:
    """`output_target`, plus: a new or existing file's folder must be writable. For commands
    to call before long work, so that a bad -o fails at once."""
    target = output_target(path)
    if target.kind in ("new", "regular") and target.real is not None:
        folder = target.real.parent
        if not os.access(folder, os.W_OK | os.X_OK):
            raise ExportError(f"cannot write {target.shown}: the folder {folder} is not writable")
    return target


@contextlib.contextmanager
def staged_output(path: str | os.PathLike[str], suffix: str = ".tmp") -> Iterator[Path]:
    """A staging file to write the whole output into; it reaches `path` only when the block
    ends without an error (see the module docstring). Nothing partial is ever left behind."""
    target = output_target(path)
    if target.kind in ("new", "regular"):
        assert target.real is not None
        folder = target.real.parent
        stage = _new_file(folder, f".{target.real.name}.", suffix, target)
    else:
        fd, name = tempfile.mkstemp(prefix=".nkviewer-", suffix=suffix)
        os.close(fd)
        stage = Path(name)
    try:
        yield stage
        _commit(stage, target)
    finally:
        stage.unlink(missing_ok=True)


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str], mode: str = "w") -> Iterator[IO[Any]]:
    """An open file (text in UTF-8 with untranslated newlines, or binary with `mode="wb"`) whose
    content reaches `path` only when complete (see `staged_output`)."""
    kwargs: dict[str, Any] = {} if "b" in mode else {"encoding": "utf-8", "newline": ""}
    with staged_output(path) as stage:
        try:
            with open(stage, mode, **kwargs) as fh:
                yield fh
        except OSError as exc:
            raise ExportError(f"cannot write {os.fspath(path)}: {exc.strerror or exc}") from exc


def _new_file(folder: Path, prefix: str, suffix: str, target: OutputTarget) -> Path:
    """An empty file of our own in `folder`, created with the mode a new file gets (0666 less
    the umask), so that a new output is as readable as any other file the user makes."""
    for _ in range(100):
        candidate = folder / f"{prefix}{secrets.token_hex(4)}{suffix}"
        try:
            fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        except OSError as exc:
            raise ExportError(f"cannot write {target.shown}: {exc.strerror or exc}") from exc
        os.close(fd)
        return candidate
    raise ExportError(f"cannot write {target.shown}: no temporary file name is free in {folder}")


def _commit(stage: Path, target: OutputTarget) -> None:
    try:
        if target.kind == "stdout":
            _copy_to_stdout(stage)
        elif target.kind == "stream":
            assert target.real is not None
            with open(stage, "rb") as src, open(target.real, "wb") as dst:
                shutil.copyfileobj(src, dst)
        else:
            _replace(stage, target)
    except OSError as exc:
        raise ExportError(f"cannot write {target.shown}: {exc.strerror or exc}") from exc


def _copy_to_stdout(stage: Path) -> None:
    out = sys.stdout
    out.flush()
    with open(stage, "rb") as src:
        shutil.copyfileobj(src, out.buffer)
    out.buffer.flush()


def _replace(stage: Path, target: OutputTarget) -> None:
    """Rename the finished stage over the target, keeping an existing file's mode and owner."""
    assert target.real is not None
    info = target.info
    if info is None:
        os.replace(stage, target.real)
        return
    os.chmod(stage, stat.S_IMODE(info.st_mode))
    mine = os.stat(stage)
    if (mine.st_uid, mine.st_gid) != (info.st_uid, info.st_gid):
        try:
            os.chown(stage, info.st_uid, info.st_gid)
        except PermissionError:
            # Another user's file we may write: replacing it would make it ours. Copy the
            # finished content into it instead (not atomic, but nothing partial was produced).
            with open(stage, "rb") as src, open(target.real, "r+b") as dst:
                shutil.copyfileobj(src, dst)
                dst.truncate()
            return
        os.chmod(stage, stat.S_IMODE(info.st_mode))  # chown clears set-id bits
    os.replace(stage, target.real)


def write_stdout(text: str) -> None:
    """Text to standard output; a failing stdout (a full disk, a closed pipe) is an ExportError."""
    try:
        sys.stdout.write(text)
    except OSError as exc:
        raise _stdout_error(exc) from exc


def flush_stdout() -> None:
    try:
        sys.stdout.flush()
    except OSError as exc:
        raise _stdout_error(exc) from exc


def _stdout_error(exc: OSError) -> ExportError:
    if exc.errno == errno.EPIPE:
        return ExportError("standard output was closed before all events were written")
    return ExportError(f"cannot write to standard output: {exc.strerror or exc}")
