"""What the window remembers between runs (QSettings): geometry, docks, recent corpora, options.

Stored under the organisation/application names set in `app.py`; the format is INI in
`nkviewer.paths.config_dir()` (platformdirs) so tests (and portable installs) can point it
elsewhere. QSettings writes the file atomically (a temporary file renamed over it: its
`isAtomicSyncRequired` is on by default), so a crash never leaves half a settings file.

The window's thread never writes the file: each sync of a changed QSettings makes two
`fdatasync` calls (its lock file's and the file's; 0.2-16 ms each on a quiet disk here, longer
on a disk busy with the file an export has just written or with other programs), and it ran
on the window's thread, blocked with no lock Python could see, in a turn after every Export
Events / Export Image (which remember their format and folder), theme or grouping change.
`Settings` reads the file once, answers from those values and the ones set since, and hands
each change to one worker thread that writes it with its own QSettings (`sync` waits for it).
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QByteArray, QSettings

from nkviewer.paths import config_dir
from nkviewer.threads import SharedThread

MAX_RECENT = 10
GROUP_BY = ("country", "actor", "source", "none")
T = TypeVar("T", str, int, bool)
#: The thread that writes every `Settings` change to its file.
_WRITER = SharedThread("nkviewer-settings")


def open_settings() -> QSettings:
    path = config_dir() / "nkviewer.ini"
    return QSettings(str(path), QSettings.Format.IniFormat)


class Settings:
    """Typed access to the few values nkviewer keeps."""

    def __init__(self, store: QSettings | None = None) -> None:
        #: the file as read when this was made (read only afterwards: see the module docstring)
        self.store = store or open_settings()
        self._values: dict[str, Any] = {k: self.store.value(k) for k in self.store.allKeys()}
        self._file = (self.store.fileName(), self.store.format())
        self._queued: dict[str, Any] = {}  # changes not yet taken by the writer
        self._queue_lock = threading.Lock()  # held for a dict's update, never across a write
        self._written: Future[None] | None = None  # the writer's last flush asked for
        # The writer's thread started now, as the settings are read at start-up before the
        # window shows (`cli.gui`): a thread's start waits until it runs (`Thread.start`), and
        # at the first change (every start's `mark_started`) that wait, and the new thread's
        # first turn with the lock Python's threads share, took the window's thread 2-9 ms.
        _WRITER.executor().submit(_nothing)

    def _value(self, key: str, default: Any = None) -> Any:
        return self._values.get(key, default)

    def _set(self, key: str, value: Any) -> None:
        """Remember `value` now; the writer thread puts it in the file with the changes made
        before it takes them (the dozen choices an export remembers: one write)."""
        self._values[key] = value
        with self._queue_lock:
            first = not self._queued
            self._queued[key] = value
        if first:
            self._written = _WRITER.executor().submit(self._flush)

    def _flush(self) -> None:
        """In the writer thread: the changes queued so far into the file, synced to disk."""
        with self._queue_lock:
            changes, self._queued = self._queued, {}
        store = QSettings(*self._file)
        for key, value in changes.items():
            store.setValue(key, value)
        store.sync()

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def _str(self, key: str, default: str = "") -> str:
        value = self._value(key, default)
        return str(value) if value is not None else default

    # geometry and docks
    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self._set("window/geometry", geometry)
        self._set("window/state", state)

    # corpora
    def recent(self) -> list[list[str]]:
        """Recent corpora, newest first; each one a list of paths (folders and files)."""
        raw = self._value("corpus/recent", [])
        items: list[object] = [raw] if isinstance(raw, str) else list(raw or [])
        return [str(i).split("\n") for i in items if str(i).strip()]

    def add_recent(self, inputs: list[str]) -> None:
        key = "\n".join(inputs)
        items = ["\n".join(r) for r in self.recent() if "\n".join(r) != key]
        self._set("corpus/recent", [key, *items][:MAX_RECENT])  # written at once, in the
        # writer thread: the next start reopens it, even after a crash

    def clear_recent(self) -> None:
        self._set("corpus/recent", [])

    def last_corpus(self) -> list[str]:
        """The most recent corpus whose paths still exist, or []."""
        for paths in self.recent():
            if paths and all(Path(p).exists() for p in paths):
                return paths
        return []

    def first_start(self) -> bool:
        """True until `mark_started`: the sample corpus opens by itself only then."""
        return "app/started" not in self._values

    def mark_started(self) -> None:
        """Remember that nkviewer has started once (written the first time only: every start
        asks, and each write is a file replaced and two `fdatasync` calls)."""
        if self.first_start():
            self._set("app/started", True)

    # options
    def group_by(self) -> str:
        value = self._str("view/group_by", "country")
        return value if value in GROUP_BY else "country"

    def set_group_by(self, value: str) -> None:
        self._set("view/group_by", value)

    def theme(self) -> str:
        value = self._str("view/theme", "system")
        return value if value in ("system", "light", "dark") else "system"

    def set_theme(self, value: str) -> None:
        self._set("view/theme", value)

    def open_dir(self) -> str:
        return self._str("corpus/open_dir", str(Path.home()))

    def set_open_dir(self, value: str) -> None:
        self._set("corpus/open_dir", value)

    # exports: the last choices of File > Export Image / Export Events
    def export_dir(self) -> str:
        """Where the last export was saved (else where corpora are opened from)."""
        return self._str("export/dir", self.open_dir())

    def set_export_dir(self, value: str) -> None:
        self._set("export/dir", value)

    def export_choice(self, key: str, default: T) -> T:
        """A remembered export choice ("export/<key>"), of the default's type, else `default`."""
        value = self._value(f"export/{key}")
        if value is None:
            return default
        try:
            if isinstance(default, bool):  # INI files store booleans as "true" / "false"
                return type(default)(str(value).lower() in ("true", "1", "yes"))
            return type(default)(value)
        except (TypeError, ValueError):
            return default

    def set_export_choice(self, key: str, value: str | int | bool) -> None:
        self._set(f"export/{key}", value)

    def sync(self) -> None:
        """Wait until every change made so far is in the file."""
        if self._written is not None:
            self._written.result()


def _nothing() -> None:
    """What starts the writer's thread (see `Settings.__init__`)."""
