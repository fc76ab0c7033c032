"""What the window remembers between runs (QSettings): geometry, docks, recent corpora, options.

Stored under the organisation/application names set in `app.py`; the format is INI in
`nkviewer.paths.config_dir()` (platformdirs) so tests (and portable installs) can point it
elsewhere. QSettings writes the file atomically (a temporary file renamed over it: its
`isAtomicSyncRequired` is on by default), so a crash never leaves half a settings file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QByteArray, QSettings

from nkviewer.paths import config_dir

MAX_RECENT = 10
GROUP_BY = ("country", "actor", "source", "none")
T = TypeVar("T", str, int, bool)


def open_settings() -> QSettings:
    path = config_dir() / "nkviewer.ini"
    return QSettings(str(path), QSettings.Format.IniFormat)


class Settings:
    """Typed access to the few values nkviewer keeps."""

    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store or open_settings()

    def _bytes(self, key: str) -> QByteArray | None:
        value = self.store.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def _str(self, key: str, default: str = "") -> str:
        value = self.store.value(key, default)
        return str(value) if value is not None else default

    # geometry and docks
    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self.store.setValue("window/geometry", geometry)
        self.store.setValue("window/state", state)

    # corpora
    def recent(self) -> list[list[str]]:
        """Recent corpora, newest first; each one a list of paths (folders and files)."""
        raw = self.store.value("corpus/recent", [])
        items: list[object] = [raw] if isinstance(raw, str) else list(raw or [])  # type: ignore[call-overload]
        return [str(i).split("\n") for i in items if str(i).strip()]

    def add_recent(self, inputs: list[str]) -> None:
        key = "\n".join(inputs)
        items = ["\n".join(r) for r in self.recent() if "\n".join(r) != key]
        self.store.setValue("corpus/recent", [key, *items][:MAX_RECENT])
        self.store.sync()  # the next start reopens it, even after a crash

    def clear_recent(self) -> None:
        self.store.setValue("corpus/recent", [])

    def last_corpus(self) -> list[str]:
        """The most recent corpus whose paths still exist, or []."""
        for paths in self.recent():
            if paths and all(Path(p).exists() for p in paths):
                return paths
        return []

    def first_start(self) -> bool:
        """True until `mark_started`: the sample corpus opens by itself only then."""
        return not self.store.contains("app/started")

    def mark_started(self) -> None:
        self.store.setValue("app/started", True)
        self.store.sync()

    # options
    def group_by(self) -> str:
        value = self._str("view/group_by", "country")
        return value if value in GROUP_BY else "country"

    def set_group_by(self, value: str) -> None:
        self.store.setValue("view/group_by", value)

    def theme(self) -> str:
        value = self._str("view/theme", "system")
        return value if value in ("system", "light", "dark") else "system"

    def set_theme(self, value: str) -> None:
        self.store.setValue("view/theme", value)

    def open_dir(self) -> str:
        return self._str("corpus/open_dir", str(Path.home()))

    def set_open_dir(self, value: str) -> None:
        self.store.setValue("corpus/open_dir", value)

    # exports: the last choices of File > Export Image / Export Events
    def export_dir(self) -> str:
        """Where the last export was saved (else where corpora are opened from)."""
        return self._str("export/dir", self.open_dir())

    def set_export_dir(self, value: str) -> None:
        self.store.setValue("export/dir", value)

    def export_choice(self, key: str, default: T) -> T:
        """A remembered export choice ("export/<key>"), of the default's type, else `default`."""
        value = self.store.value(f"export/{key}")
        if value is None:
            return default
        try:
            if isinstance(default, bool):  # INI files store booleans as "true" / "false"
                return type(default)(str(value).lower() in ("true", "1", "yes"))
            return type(default)(value)
        except (TypeError, ValueError):
            return default

    def set_export_choice(self, key: str, value: str | int | bool) -> None:
        self.store.setValue(f"export/{key}", value)

    def sync(self) -> None:
        self.store.sync()
