"""The user's corrections applied to events, Qt-free: where a corpus keeps its edits, how
they change the event table, and how a typed date is read.

The window (`nkviewer.qt.curation`, which adds undo and background saving) and the command
line (`nkviewer export`) both go through this module, so what a user hid, retitled or
re-dated in the window is what every export leaves out or shows corrected.
"""

from __future__ import annotations

import calendar
import hashlib
import logging
import os
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from nkviewer import paths
from nkviewer.corpus.sidecar import SIDECAR_NAME, Edits, SidecarError, read_edits
from nkviewer.errors import DateError
from nkviewer.ingest.document import PublishedDate

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger(__name__)


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


def existing_sidecar(inputs: Sequence[str | Path]) -> Path | None:
    """The sidecar that holds a corpus' edits: the folder's, else the fallback; None if neither."""
    for candidate in dict.fromkeys([sidecar_path(inputs), fallback_sidecar(inputs)]):
        if candidate.exists() or candidate.is_symlink():
            return candidate
    return None


@dataclass(frozen=True)
class CorpusEdits:
    """The edits of a corpus as read for an export, and a warning when they could not be."""

    edits: Edits
    path: Path | None = None
    problem: str = ""


def load_corpus_edits(inputs: Sequence[str | Path]) -> CorpusEdits:
    """Read a corpus' edits without changing anything on disk (a sidecar that fails validation
    is reported and ignored here; the window sets it aside when it opens the corpus)."""
    path = existing_sidecar(inputs)
    if path is None:
        return CorpusEdits(Edits())
    try:
        return CorpusEdits(read_edits(path), path)
    except SidecarError as exc:
        log.warning("corrupt edits file %s: %s", path, exc)
        return CorpusEdits(Edits(), path, f"the edits in {path} were ignored: {exc}")


def apply_edits(
    frame: pd.DataFrame,
    *,
    hidden: Collection[str] = (),
    titles: Mapping[str, str] | None = None,
    dates: Mapping[str, tuple[str, str, str]] | None = None,
    show_hidden: bool = False,
) -> pd.DataFrame:
    """The event frame as the user curated it; a `hidden` column marks hidden events, which are
    left out unless `show_hidden`."""
    # events.table stays off the start-up path: the window imports this module
    from nkviewer.events.table import day_numbers, sort_frame

    titles = titles or {}
    dates = dates or {}
    if not (hidden or titles or dates):
        return frame
    out = frame.copy()
    ids = out["event_id"]
    out["hidden"] = ids.isin(list(hidden))
    if titles:
        m = ids.isin(list(titles))
        out.loc[m, "title"] = ids[m].map(titles)
    if dates:  # column by column: a sidecar may correct many thousands of dates
        m = ids.isin(list(dates))
        chosen = ids[m]
        for i, column in enumerate(("start", "end", "granularity")):
            out.loc[m, column] = chosen.map({k: v[i] for k, v in dates.items()})
        out.loc[m, "t0"] = day_numbers(list(out.loc[m, "start"]))
        out.loc[m, "t1"] = day_numbers(list(out.loc[m, "end"])) + 1.0
        out = sort_frame(out)
    if not show_hidden:
        out = out[~out["hidden"]].reset_index(drop=True)
    return out


def parse_user_period(text: str) -> tuple[str, str, str]:
    """A date typed by the user → (start, end, granularity), ISO dates with `end` inclusive.

    Accepts `2019-04-25`, `2019-04` (the month), `2019` (the year) and a range `A/B` or `A – B`.
    Raises DateError saying what is accepted.
    """
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
    start, end, gran = parse_user_period(text)
    first, last = date.fromisoformat(start), date.fromisoformat(end)
    if gran == "day":
        return PublishedDate.day(first, "user", text.strip())
    middle = date.fromordinal((first.toordinal() + last.toordinal()) // 2)
    precision = gran if gran in ("month", "year") else "range"
    return PublishedDate(middle, first, last, precision, "user", text.strip())  # type: ignore[arg-type]


def dataset_curation(
    hidden: Collection[str], titles: Mapping[str, str]
) -> Callable[[pd.DataFrame], pd.DataFrame] | None:
    """The transform an event dataset's frames go through: hidden events marked (the dataset's
    filter leaves them out) and titles corrected. Dates stay as extracted: a dataset's index on
    disk is sorted by them. None when there is nothing to change. The edits are copied, so the
    transform is safe to call from another thread while the user edits on."""
    hidden_ids = frozenset(hidden)
    title_map = dict(titles)
    if not (hidden_ids or title_map):
        return None

    def curate(frame: pd.DataFrame) -> pd.DataFrame:
        return apply_edits(frame, hidden=hidden_ids, titles=title_map, show_hidden=True)

    return curate
