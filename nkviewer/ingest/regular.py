"""Reading input files safely: regular files only (after following links), never past a limit.

A corpus folder may hold anything: a named pipe that never delivers an end of file, a link to
`/dev/zero` or to a terminal, a file that grows while it is read. Every read of corpus input
goes through here: the path is checked with `stat` (links followed) before it is opened, so a
device is never even opened; it is opened non-blocking, so a pipe swapped in meanwhile cannot
hang the open; the open file is checked again; and it is read in chunks that stop one byte past
the limit, whatever its size said.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from nkviewer.ingest.problem import BadFile, human_size

#: Bytes asked of the system per read call.
CHUNK = 1 << 20
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
_OPEN_FLAGS |= getattr(os, "O_CLOEXEC", 0)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def _not_regular(mode: int) -> BadFile:
    if stat.S_ISDIR(mode):
        return BadFile("is a folder, not a file")
    return BadFile(f"not a regular file ({_kind(mode)}); skipped without reading it")


def _os_problem(exc: OSError, path: str | os.PathLike[str]) -> BadFile:
    if isinstance(exc, FileNotFoundError):
        if os.path.islink(path):
            return BadFile("broken link: the file it points to does not exist")
        return BadFile("file not found (moved or deleted?)")
    if isinstance(exc, PermissionError):
        return BadFile("permission denied")
    if exc.errno == errno.ELOOP:
        return BadFile("symbolic link loop: the link points back to itself")
    return BadFile(f"cannot be read ({exc.strerror or exc})")


def open_regular(
    path: str | os.PathLike[str], limit: int | None = None
) -> tuple[int, os.stat_result]:
    """An open descriptor of the regular file `path` names and its status, or BadFile.

    Non-regular files, and files whose size is over `limit`, are refused before they are
    opened; the descriptor is the caller's to close.
    """
    try:
        before = os.stat(path)
    except OSError as exc:
        raise _os_problem(exc, path) from None
    if not stat.S_ISREG(before.st_mode):
        raise _not_regular(before.st_mode)
    if limit is not None and before.st_size > limit:
        raise BadFile(f"larger than {human_size(limit)} ({human_size(before.st_size)})")
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise _os_problem(exc, path) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):  # replaced between the stat and the open
            raise _not_regular(info.st_mode)
    except BaseException:
        os.close(fd)
        raise
    return fd, info


def _read_upto(fd: int, size: int) -> bytes:
    """Up to `size` bytes from `fd`, in chunks: fewer only at the end of the file."""
    parts: list[bytes] = []
    total = 0
    while total < size:
        try:
            chunk = os.read(fd, min(CHUNK, size - total))
        except BlockingIOError:  # cannot happen for a regular file; never wait for one
            raise BadFile("not a regular file (it would block)") from None
        except OSError as exc:
            raise BadFile(f"cannot be read ({exc.strerror or exc})") from None
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
    return b"".join(parts)


def read_within(fd: int, limit: int) -> bytes:
    """At most `limit` bytes from `fd`; BadFile as soon as there is more (never reads on)."""
    data = _read_upto(fd, limit + 1)
    if len(data) > limit:
        raise BadFile(f"larger than {human_size(limit)} (found while reading it)")
    return data


def read_regular(path: str | os.PathLike[str], limit: int) -> bytes:
    """The whole content of a regular file of at most `limit` bytes, or BadFile saying why not
    (missing, broken link, link loop, folder, pipe, device, too large, unreadable, empty)."""
    fd, _info = open_regular(path, limit)
    try:
        data = read_within(fd, limit)
    finally:
        os.close(fd)
    if not data:
        raise BadFile("empty file")
    return data


def read_head(path: str | os.PathLike[str], size: int) -> bytes:
    """The first `size` bytes of a regular file (fewer if it is shorter); BadFile if it cannot."""
    fd, _info = open_regular(path)
    try:
        return _read_upto(fd, size)
    finally:
        os.close(fd)


def is_regular_file(path: str | os.PathLike[str] | Path) -> bool:
    """True when `path` names a regular file once links are followed (never opens it)."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False
