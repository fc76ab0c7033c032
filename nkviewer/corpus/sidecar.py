"""The edits sidecar (`.nkviewer-edits.json`): its schema, validated reading, atomic writing.

The sidecar travels with a corpus folder, so it is input like any article: it may be damaged,
hand-edited or hostile (a list nested 100,000 deep, dates that are not dates, a title that is
not a string, a file of a hundred megabytes). `read_edits` reads at most `MAX_SIDECAR_BYTES`
from a regular file and validates the whole of it against the schema below (types, sizes,
date strings, date order) in one pass with pydantic before anything is trusted; a file that
fails raises `SidecarError` with the first problems found, and the caller sets it aside.

`write_edits` writes atomically (a temporary file in the same folder renamed over the old one,
its permissions kept) and in chunks, so that a background thread writing a large file lets
the window's thread run between chunks (`SidecarWriter`).
"""

from __future__ import annotations

import json
import logging
import os
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from nkviewer.errors import NkviewerError
from nkviewer.ingest.document import PublishedDate
from nkviewer.ingest.problem import BadFile
from nkviewer.ingest.regular import read_regular
from nkviewer.threads import lower_priority

if TYPE_CHECKING:
    from pydantic import BaseModel

SIDECAR_NAME = ".nkviewer-edits.json"
SIDECAR_FORMAT = 1
#: The kinds of edit, each a mapping key → value.
FIELDS = ("hidden", "titles", "dates", "published")
#: Largest sidecar read (a million hidden events take about 21 MB).
MAX_SIDECAR_BYTES = 256 * 2**20
MAX_ID_CHARS = 128  # event and document ids are 16 hex digits
MAX_TITLE_CHARS = 2_000
MAX_STAMP_CHARS = 500
MAX_CHOICES = 8  # readings of a printed date ("09/03/2017": two)
GRANULARITIES = ("day", "week", "month", "quarter", "season", "year", "decade", "range")
PRECISIONS = ("day", "month", "year", "range", "unknown")
PUBLISHED_SOURCES = ("manifest", "text", "html", "inferred", "user", "unknown")
#: Entries written per chunk (between chunks a writing thread lets others run).
CHUNK_ENTRIES = 5_000

log = logging.getLogger(__name__)


class SidecarError(NkviewerError):
    """The edits file cannot be trusted: not readable, not JSON, or not of the schema."""


@dataclass
class Edits:
    """The user's corrections: hidden event ids, titles, dates (start, end, granularity as ISO
    strings) by event id, and publication dates by document id."""

    hidden: dict[str, bool] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    dates: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    published: dict[str, PublishedDate] = field(default_factory=dict)

    def fields(self) -> dict[str, dict[str, Any]]:
        return {"hidden": self.hidden, "titles": self.titles, "dates": self.dates,
                "published": self.published}  # fmt: skip

    def entries(self) -> int:
        return sum(len(v) for v in self.fields().values())


def _schema() -> type[BaseModel]:
    """The sidecar's pydantic model (built on first use: pydantic is imported only then)."""
    global _MODEL
    if _MODEL is not None:
        return _MODEL
    # pydantic (slow to import) only when an edits file is read or written
    from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

    key = Annotated[str, StringConstraints(min_length=1, max_length=MAX_ID_CHARS)]
    title = Annotated[str, StringConstraints(max_length=MAX_TITLE_CHARS)]
    stamp = Annotated[str, StringConstraints(max_length=MAX_STAMP_CHARS)]
    gran = Literal[GRANULARITIES]  # type: ignore[valid-type]

    class Published(BaseModel):
        model_config = ConfigDict(strict=True, extra="forbid")
        value: date | None = None
        earliest: date | None = None
        latest: date | None = None
        precision: Literal[PRECISIONS] = "unknown"  # type: ignore[valid-type]
        source: Literal[PUBLISHED_SOURCES] = "unknown"  # type: ignore[valid-type]
        text: stamp = ""
        choices: Annotated[list[date], Field(max_length=MAX_CHOICES)] = []

        @model_validator(mode="after")
        def _ordered(self) -> Published:
            if self.earliest and self.latest and self.latest < self.earliest:
                raise ValueError("latest is before earliest")
            if self.precision != "unknown" and self.value is None:
                raise ValueError(f"a {self.precision} date without a value")
            return self

    class Sidecar(BaseModel):
        model_config = ConfigDict(strict=True, extra="forbid")
        format: Literal[1]
        hidden: list[key] = []
        titles: dict[key, title] = {}
        dates: dict[key, tuple[date, date, gran]] = {}
        published: dict[key, Published] = {}

        @model_validator(mode="after")
        def _ordered(self) -> Sidecar:
            for k, (start, end, _g) in self.dates.items():
                if end < start:
                    raise ValueError(f"dates.{k}: ends before it starts")
            return self

    _MODEL = Sidecar
    return Sidecar


_MODEL: type[BaseModel] | None = None


def parse_edits(raw: bytes) -> Edits:
    """Validate a sidecar's bytes against the schema; SidecarError saying where it fails."""
    # pydantic (slow to import) only when an edits file is read
    from pydantic import ValidationError

    try:
        model: Any = _schema().model_validate_json(raw)
    except ValidationError as exc:
        raise SidecarError(_describe(exc)) from None
    return Edits(
        hidden=dict.fromkeys(model.hidden, True),
        titles=dict(model.titles),
        dates={k: (a.isoformat(), b.isoformat(), g) for k, (a, b, g) in model.dates.items()},
        published={
            k: PublishedDate(
                p.value, p.earliest, p.latest, p.precision, p.source, p.text, tuple(p.choices)
            )
            for k, p in model.published.items()
        },
    )


def _describe(exc: Any) -> str:
    """The first problems of a pydantic ValidationError, for a person: `dates.e1.0: ...`."""
    parts = []
    errors = exc.errors(include_url=False, include_input=False)
    for err in errors[:3]:
        where = ".".join(str(x) for x in err.get("loc", ()))
        parts.append(f"{where}: {err.get('msg')}" if where else str(err.get("msg")))
    more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
    return "; ".join(parts) + more


def read_edits(path: str | os.PathLike[str]) -> Edits:
    """The edits in the sidecar `path` (a regular file of at most `MAX_SIDECAR_BYTES`),
    validated; SidecarError with the reason when it cannot be trusted."""
    try:
        raw = read_regular(path, MAX_SIDECAR_BYTES)
    except BadFile as exc:
        raise SidecarError(exc.reason) from None
    return parse_edits(raw)


# --------------------------------------------------------------------------- writing


def edit_chunks(edits: Edits) -> Iterator[str]:
    """The sidecar's JSON text, in pieces of at most `CHUNK_ENTRIES` entries."""
    dump = json.dumps
    yield f'{{\n "format": {SIDECAR_FORMAT}'
    lists: list[tuple[str, Iterable[Any], bool]] = [
        ("hidden", edits.hidden, False),
        ("titles", edits.titles.items(), True),
        ("dates", ((k, list(v)) for k, v in edits.dates.items()), True),
        ("published", ((k, v.to_json()) for k, v in edits.published.items()), True),
    ]
    for name, items, is_map in lists:
        yield f',\n "{name}": ' + ("{" if is_map else "[")
        first = True
        batch: list[str] = []
        for item in items:
            if is_map:
                k, v = item
                batch.append(f"{dump(k, ensure_ascii=False)}: {dump(v, ensure_ascii=False)}")
            else:
                batch.append(dump(item, ensure_ascii=False))
            if len(batch) >= CHUNK_ENTRIES:
                yield ("" if first else ",") + "\n  " + ",\n  ".join(batch)
                first, batch = False, []
        if batch:
            yield ("" if first else ",") + "\n  " + ",\n  ".join(batch)
            first = False
        yield ("" if first else "\n ") + ("}" if is_map else "]")
    yield "\n}\n"


def write_edits(path: str | os.PathLike[str], edits: Edits, *, pause: bool = False) -> None:
    """Write `edits` to `path` atomically (the old file stays whole until the new one is
    complete), keeping an existing file's permissions; `pause` lets other threads run between
    chunks. Raises OSError when it cannot."""
    target = Path(os.path.realpath(path))
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = None
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            for chunk in edit_chunks(edits):
                fh.write(chunk)
                if pause:
                    _yield_gil()
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode if mode is not None else 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _yield_gil() -> None:
    time.sleep(0)


def snapshot(edits: Edits) -> Edits:
    """A copy to write while the original keeps changing (the mappings are copied, their
    values are immutable)."""
    return Edits(dict(edits.hidden), dict(edits.titles), dict(edits.dates), dict(edits.published))


#: Seconds the writing thread waits for another save before it ends (a new one is started
#: for the next save after that).
WRITER_IDLE = 30.0


class SidecarWriter:
    """Writes sidecars on one background thread, newest version first: while one is written,
    later saves of the same file replace each other, so only the last one is written next.

    `done(path, error)` is called on the writing thread after each write (`error` is "" on
    success); connect it to a Qt signal to hear of it on the window's thread.
    """

    def __init__(self, done: Callable[[Path, str], None]) -> None:
        self._done = done
        self._lock = threading.Condition()
        self._pending: dict[Path, Edits] = {}
        self._busy = False  # a write is under way
        self._running = False  # the thread is (or is about to be) running

    def submit(self, path: Path, edits: Edits) -> None:
        with self._lock:
            self._pending[path] = edits
            self._lock.notify_all()  # a writer waiting for work
            if not self._running:
                self._running = True
                threading.Thread(
                    target=self._run, name="nkviewer-edits-writer", daemon=True
                ).start()

    def _run(self) -> None:
        lower_priority()
        while True:
            with self._lock:
                if not self._pending:
                    self._busy = False
                    self._lock.notify_all()
                    # stays a while for the next save: starting a thread waits for it to run,
                    # which took the window 0.36 s on an undo while workers held the GIL
                    self._lock.wait_for(lambda: bool(self._pending), WRITER_IDLE)
                    if not self._pending:
                        self._running = False
                        return
                path = next(iter(self._pending))
                edits = self._pending.pop(path)
                self._busy = True
            try:
                write_edits(path, edits, pause=True)
                error = ""
            except OSError as exc:
                error = exc.strerror or str(exc)
            except Exception as exc:  # reported like a failed write; the writer carries on
                log.exception("writing %s failed", path)
                error = str(exc) or type(exc).__name__
            try:
                self._done(path, error)
            except RuntimeError as exc:  # its owner is gone (a window deleted unclosed)
                log.warning("the outcome of writing %s was not delivered: %s", path, exc)

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every submitted save is written; False if `timeout` ran out first."""
        with self._lock:
            return self._lock.wait_for(lambda: not self._pending and not self._busy, timeout)

    def pending(self) -> bool:
        with self._lock:
            return bool(self._pending) or self._busy
