"""The user's corrections to a corpus: hidden events, titles, dates, publication dates.

Edits are keyed by `event_id` (or `doc_id` for publication dates) so they survive re-parsing,
stored in a JSON sidecar written atomically with QSaveFile — next to the corpus when that
folder is writable, else in the user data folder — and changed only through QUndoCommands so
Undo/Redo covers every edit. A corrupt sidecar is renamed aside and reported, never fatal.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QIODevice, QObject, QSaveFile, Signal
from PySide6.QtGui import QUndoCommand

from nkviewer import paths
from nkviewer.ingest.document import PublishedDate

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger(__name__)

SIDECAR_NAME = ".nkviewer-edits.json"
SIDECAR_FORMAT = 1
#: The kinds of edit, each a mapping key → value (value None means "no edit").
FIELDS = ("hidden", "titles", "dates", "published")


def corpus_key(inputs: Sequence[str | Path]) -> str:
    return "\n".join(sorted(str(Path(p).expanduser().resolve()) for p in inputs))


def fallback_sidecar(inputs: Sequence[str | Path]) -> Path:
    """Sidecar in the user data folder, named by a hash of the corpus paths."""
    digest = hashlib.sha1(corpus_key(inputs).encode("utf-8"), usedforsecurity=False).hexdigest()
    return paths.data_dir() / "edits" / f"{digest[:16]}.json"


def sidecar_path(inputs: Sequence[str | Path]) -> Path:
    """`<folder>/.nkviewer-edits.json` for one writable folder, else the fallback location."""
    if len(inputs) == 1:
        folder = Path(inputs[0]).expanduser()
        if folder.is_dir() and os.access(folder, os.W_OK):
            return folder / SIDECAR_NAME
    return fallback_sidecar(inputs)


class CurationStore(QObject):
    """The edits of one corpus, loaded from and saved to its sidecar on every change."""

    changed = Signal(str)  # the field that changed
    problem = Signal(str)  # a message for the user (corrupt or unwritable sidecar)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path: Path | None = None
        self._fallback: Path | None = None
        self._data: dict[str, dict[str, Any]] = {f: {} for f in FIELDS}

    # ------------------------------------------------------------------ reading

    def open(self, inputs: Sequence[str | Path]) -> list[str]:
        """Load the sidecar of a corpus; returns problems (already emitted) for the caller's log."""
        self._data = {f: {} for f in FIELDS}
        self.path = sidecar_path(inputs)
        self._fallback = fallback_sidecar(inputs)
        messages: list[str] = []
        for candidate in dict.fromkeys([self.path, self._fallback]):
            if candidate.is_file():
                msg = self._read(candidate)
                if msg:
                    messages.append(msg)
                    self.problem.emit(msg)
                else:
                    self.path = candidate
                break
        for f in FIELDS:
            self.changed.emit(f)
        return messages

    def _read(self, path: Path) -> str | None:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(raw, dict) or raw.get("format") != SIDECAR_FORMAT:
                raise ValueError("not an nkviewer edits file of a known format")
            data: dict[str, dict[str, Any]] = {
                "hidden": {str(k): True for k in raw.get("hidden", [])},
                "titles": {str(k): str(v) for k, v in raw.get("titles", {}).items()},
                "dates": {
                    str(k): tuple(str(x) for x in v) for k, v in raw.get("dates", {}).items()
                },
                "published": {
                    str(k): PublishedDate.from_json(v) for k, v in raw.get("published", {}).items()
                },
            }
            for key, value in data["dates"].items():
                if len(value) != 3:
                    raise ValueError(f"bad date edit for {key}")
        except (OSError, ValueError, TypeError, AttributeError) as exc:
            aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
            try:
                path.rename(aside)
                kept = f"it was renamed to {aside.name} and a fresh one will be started"
            except OSError:
                kept = "it could not be renamed and will be overwritten on the next edit"
            log.warning("corrupt edits file %s: %s", path, exc)
            return f"Your saved edits in {path} could not be read ({exc}); {kept}."
        self._data = data
        return None

    # ------------------------------------------------------------------ access

    def get(self, field: str, key: str) -> Any:
        return self._data[field].get(key)

    def items(self, field: str) -> Mapping[str, Any]:
        return self._data[field]

    @property
    def hidden(self) -> frozenset[str]:
        return frozenset(self._data["hidden"])

    @property
    def published(self) -> dict[str, PublishedDate]:
        return dict(self._data["published"])

    def is_empty(self) -> bool:
        return not any(self._data.values())

    def set_many(self, field: str, values: Mapping[str, Any]) -> None:
        """Set (or with None, clear) several edits of one kind, save, and announce the change."""
        target = self._data[field]
        for key, value in values.items():
            if value is None:
                target.pop(key, None)
            else:
                target[key] = value
        self.save()
        self.changed.emit(field)

    # ------------------------------------------------------------------ writing

    def to_json(self) -> dict[str, Any]:
        return {
            "format": SIDECAR_FORMAT,
            "hidden": sorted(self._data["hidden"]),
            "titles": dict(sorted(self._data["titles"].items())),
            "dates": {k: list(v) for k, v in sorted(self._data["dates"].items())},
            "published": {k: v.to_json() for k, v in sorted(self._data["published"].items())},
        }

    def save(self) -> bool:
        if self.path is None:
            return False
        payload = json.dumps(self.to_json(), ensure_ascii=False, indent=1).encode("utf-8")
        for target in dict.fromkeys([self.path, self._fallback]):
            if target is not None and _write_atomically(target, payload):
                if target != self.path:
                    self.problem.emit(f"Edits are saved in {target} ({self.path} is not writable).")
                    self.path = target
                return True
        self.problem.emit(f"Your edits could not be saved to {self.path}.")
        return False


def _write_atomically(path: Path, payload: bytes) -> bool:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    out = QSaveFile(str(path))
    if not out.open(QIODevice.OpenModeFlag.WriteOnly):
        return False
    if out.write(QByteArray(payload)) != len(payload):
        out.cancelWriting()
        out.commit()
        return False
    return bool(out.commit())


class EditCommand(QUndoCommand):
    """One undoable edit: new values for some keys of one field, remembering the old ones."""

    def __init__(self, store: CurationStore, field: str, values: Mapping[str, Any], text: str):
        super().__init__(text)
        self._store = store
        self._field = field
        self._new = dict(values)
        self._old = {k: store.get(field, k) for k in values}

    def redo(self) -> None:
        self._store.set_many(self._field, self._new)

    def undo(self) -> None:
        self._store.set_many(self._field, self._old)


def apply_edits(frame: pd.DataFrame, store: CurationStore, *, show_hidden: bool) -> pd.DataFrame:
    """The event frame as the user curated it; a `hidden` column marks hidden events."""
    from nkviewer.events.table import day_number, sort_frame

    hidden = store.hidden
    titles = store.items("titles")
    dates = store.items("dates")
    if not (hidden or titles or dates):
        return frame
    out = frame.copy()
    ids = out["event_id"]
    out["hidden"] = ids.isin(hidden)
    if titles:
        m = ids.isin(list(titles))
        out.loc[m, "title"] = ids[m].map(titles)
    if dates:
        for pos in ids.index[ids.isin(list(dates))]:
            start, end, granularity = dates[ids[pos]]
            out.at[pos, "start"] = start
            out.at[pos, "end"] = end
            out.at[pos, "granularity"] = granularity
            out.at[pos, "t0"] = day_number(start)
            out.at[pos, "t1"] = day_number(end) + 1.0
        out = sort_frame(out)
    if not show_hidden:
        out = out[~out["hidden"]].reset_index(drop=True)
    return out


def parse_user_period(text: str) -> tuple[str, str, str]:
    """A date typed by the user → (start, end, granularity), ISO dates with `end` inclusive.

    Accepts `2019-04-25`, `2019-04` (the month), `2019` (the year) and a range `A/B` or `A – B`.
    Raises DateError saying what is accepted.
    """
    import calendar
    import re
    from datetime import date

    from nkviewer.errors import DateError

    cleaned = text.strip()
    parts = [p.strip() for p in re.split(r"\s*(?:/|–|—|\s-\s|\.\.)\s*", cleaned) if p.strip()]

    def bounds(part: str) -> tuple[date, date, str]:
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", part):
                d = date.fromisoformat(part)
                return d, d, "day"
            if m := re.fullmatch(r"(\d{4})-(\d{2})", part):
                y, mo = int(m[1]), int(m[2])
                return date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1]), "month"
            if re.fullmatch(r"\d{4}", part):
                y = int(part)
                return date(y, 1, 1), date(y, 12, 31), "year"
        except ValueError as exc:
            raise DateError(f"{part!r} is not a valid date ({exc}).") from exc
        raise DateError(
            f"{part!r} is not a date nkviewer understands: use YYYY-MM-DD, YYYY-MM or YYYY, "
            "or a range such as 2019-04-24/2019-04-26."
        )

    if len(parts) == 1:
        first, last, gran = bounds(parts[0])
    elif len(parts) == 2:
        first, _, _ = bounds(parts[0])
        _, last, _ = bounds(parts[1])
        gran = "range"
        if last < first:
            raise DateError(f"The range {cleaned!r} ends before it starts.")
    else:
        raise DateError("Type one date (YYYY-MM-DD, YYYY-MM or YYYY) or a range A/B.")
    return first.isoformat(), last.isoformat(), gran


def parse_user_published(text: str) -> PublishedDate:
    """A publication date typed by the user (a day, a month or a year), with source "user"."""
    from datetime import date

    start, end, gran = parse_user_period(text)
    first, last = date.fromisoformat(start), date.fromisoformat(end)
    if gran == "day":
        return PublishedDate.day(first, "user", text.strip())
    middle = date.fromordinal((first.toordinal() + last.toordinal()) // 2)
    precision = gran if gran in ("month", "year") else "range"
    return PublishedDate(middle, first, last, precision, "user", text.strip())  # type: ignore[arg-type]
