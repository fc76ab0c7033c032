"""The user's corrections applied to events, Qt-free: where a corpus keeps its edits, how
they change the event table, and how a typed date is read.

The window (through `nkviewer.app.curation`, which keeps, saves and sets aside the sidecar)
and the command line (`nkviewer export`) both go through this module, so what a user hid,
retitled or re-dated in the window is what every export leaves out or shows corrected.
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
from typing import TYPE_CHECKING, Any, NamedTuple

from nkviewer import paths
from nkviewer.corpus.sidecar import SIDECAR_NAME, Edits, SidecarError, read_edits
from nkviewer.errors import DateError
from nkviewer.ingest.document import PublishedDate

# pandas and pyarrow are imported inside the functions that change a table: the window imports
# this module at start (through nkviewer.app.curation) and tests/test_startup_imports.py keeps
# them off that path.
if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    import pyarrow as pa

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


#: Most chunks a curated table's Arrow column is joined from. An edit leaves runs of consecutive
#: rows of the raw table (a hidden event cuts one, a re-dated one two): up to this many runs
#: are slices of the raw table's columns, sharing their buffers; of more, the longest half of
#: this many are slices and the rows between them are copied, a chunk per gap. (Before, more
#: than 64 runs copied every column: one rubber band's hide in the 10^5-event soak left about
#: 250, and the curated table doubled Arrow's live bytes, 35 -> 70 MB.) At 100,000 rows a
#: table of 1,200 slices filtered, laid out and listed as fast as a copied one, of 5,000 up to
#: 15 times slower; a chunk costs some 300 bytes beside Arrow's pool (5 MB for 17 text columns
#: of 1,024).
MAX_SLICED_RUNS = 1024

#: Columns of a curated table made one contiguous Arrow array (a copy, once per curated table)
#: rather than joined from slices: the window looks events up by id in them (the selection
#: drawn, the list's rows of the selected ids, the event shown in the source panel, the
#: selection kept through a refilter), and Arrow's lookups (`is_in`, `index_in`, `take`,
#: `filter`) cost per chunk: at 10^5 events a table of 800 slices took 0.25-0.6 ms more per
#: lookup (`MemoryCorpus.shown_of` 1.37 against 0.78 ms, a take of 100 ids 0.20 against 0.02).
#: The ids are 1.8 MB at 10^5, against 36 MB of the other text columns, which stay slices.
CONTIGUOUS_COLUMNS = frozenset({"event_id"})

#: Most cells of one Arrow text column replaced by joining slices around them; more rewrite
#: the (edited) column.
MAX_REPLACED_CELLS = 64


class Curated(NamedTuple):
    """A curated table; for each of its rows, the row of the table it was made from; and which
    of its rows got a title of the user's (positions in `frame`)."""

    frame: pd.DataFrame
    rows: np.ndarray
    retitled: np.ndarray


def apply_edits(
    frame: pd.DataFrame,
    *,
    hidden: Collection[str] = (),
    titles: Mapping[str, str] | None = None,
    dates: Mapping[str, tuple[str, str, str]] | None = None,
    show_hidden: bool = False,
) -> pd.DataFrame:
    """The event frame as the user curated it; a `hidden` column marks hidden events, which are
    left out unless `show_hidden` (see `curate`)."""
    return curate(frame, hidden=hidden, titles=titles, dates=dates, show_hidden=show_hidden).frame


def curate(
    frame: pd.DataFrame,
    *,
    hidden: Collection[str] = (),
    titles: Mapping[str, str] | None = None,
    dates: Mapping[str, tuple[str, str, str]] | None = None,
    show_hidden: bool = False,
) -> Curated:
    """`apply_edits`, with the row of `frame` each curated row comes from (so what was derived
    from `frame` can be derived for the result without matching ids).

    Only the edited cells are rewritten (pandas copies a column on write, never the table).
    Re-dated events are moved to their place in an already sorted table instead of sorting it
    again; a table that is not sorted is sorted as `sort_frame` sorts. The rows are then
    assembled once: an edit leaves long runs of consecutive rows, which are sliced and joined
    (Arrow text is not copied: the columns an edit leaves alone keep the buffers of `frame`'s)
    instead of taken one by one (`take_rows`)."""
    import numpy as np
    import pandas as pd

    from nkviewer.events.table import day_numbers, isin

    titles = titles or {}
    dates = dates or {}
    n = len(frame)
    if not (hidden or titles or dates):
        return Curated(frame, np.arange(n, dtype=np.int64), np.zeros(0, np.int64))
    out = frame.copy(deep=False)
    ids = out["event_id"]
    out["hidden"] = isin(ids, hidden)
    titled = np.zeros(n, bool)
    # The edited rows' values are looked up in the edits one by one (pandas' `map` of a dict
    # made a Series of the whole dict first: about 1 ms a call, four calls an edit).
    if titles:
        titled = isin(ids, titles)
        edited = ids[titled]
        new = [titles[e] for e in edited.tolist()]
        out["title"] = _replaced(out["title"], titled, pd.Series(new, index=edited.index))
    order: np.ndarray | None = None
    if dates:  # column by column: a sidecar may correct many thousands of dates
        m = isin(ids, dates)
        chosen = ids[m]
        periods = [dates[e] for e in chosen.tolist()]
        for i, column in enumerate(("start", "end", "granularity")):
            new = [p[i] for p in periods]
            out[column] = _replaced(out[column], m, pd.Series(new, index=chosen.index))
        t0, t1 = out["t0"].to_numpy(dtype=float).copy(), out["t1"].to_numpy(dtype=float).copy()
        t0[m] = day_numbers(list(out.loc[m, "start"]))
        t1[m] = day_numbers(list(out.loc[m, "end"])) + 1.0
        out["t0"], out["t1"] = t0, t1
        order = _sorted_order(frame, out, np.flatnonzero(m))
        if order is None:
            order = _sort_order(out)
    rows = np.arange(n, dtype=np.int64) if order is None else order
    if not show_hidden:
        keep = ~out["hidden"].to_numpy(dtype=bool)
        rows = rows[keep[rows]]
    retitled = np.flatnonzero(titled[rows])
    if len(rows) == n and (order is None or bool((np.diff(order) == 1).all())):
        same = out if frame.index.equals(pd.RangeIndex(n)) else out.reset_index(drop=True)
        return Curated(same, rows, retitled)
    return Curated(take_rows(out, rows), rows, retitled)


def take_rows(frame: pd.DataFrame, rows: np.ndarray) -> pd.DataFrame:
    """`frame.take(rows)` with a fresh index, its Arrow columns joined from slices of
    `frame`'s (sharing their buffers) where `rows` are runs of consecutive rows: every run when
    there are at most `MAX_SLICED_RUNS`, else the longest half of that many, the rows between
    them copied (see `sliced_segments`); those of `CONTIGUOUS_COLUMNS` are then made one
    array. Other columns are taken (numbers, and pointers to the same objects). (A take of 30
    columns, most of them text, costs 20 ms at 100,000 rows and copies 35 MB; pandas' `concat`
    of 2,500 slices took 3 s, joining them column by column in Arrow 40 ms.)"""
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    rows = np.asarray(rows, dtype=np.int64)
    if not len(rows):
        return frame.iloc[:0].reset_index(drop=True)
    segments = sliced_segments(rows)
    copied = [taken for _, _, taken in segments if taken is not None]
    gaps = pa.array(np.concatenate(copied)) if copied else None  # taken at once, then sliced
    # each column's array, by position, and the result made of arrays: a pandas Series per
    # column (`frame.items()`, twice, and one per result column) made some 1,000 Python
    # objects per table, among them a weak reference each that pandas keeps in the raw
    # table's blocks (copy-on-write), so that they lived on into the full collections
    given = _column_arrays(frame)
    arrow = [isinstance(a, pd.arrays.ArrowExtensionArray) for a in given]
    texts = [a.__arrow_array__() for a, is_arrow in zip(given, arrow, strict=True) if is_arrow]
    joined_texts = iter(_joined_slices(texts, segments, gaps))
    columns: dict[int, Any] = {}
    for i, values in enumerate(given):
        if not arrow[i]:  # numbers, and pointers to the same objects
            columns[i] = values.take(rows)
            continue
        joined = next(joined_texts)
        if joined.num_chunks > 1 and frame.columns[i] in CONTIGUOUS_COLUMNS:
            joined = pa.chunked_array([joined.combine_chunks()], joined.type)
        columns[i] = pd.array(joined, dtype=values.dtype)
    index = pd.RangeIndex(len(rows))
    result = pd.DataFrame(columns, index=index, copy=False)
    result.columns = frame.columns
    return result


def _column_arrays(frame: pd.DataFrame) -> list[Any]:
    """Each column's values (a numpy or pandas extension array) in order, without a Series
    each: pandas' own walk over its columns where it has one (a private name, pandas 1.3 to
    3.x), else by the columns' Series."""
    walk = getattr(frame, "_iter_column_arrays", None)
    if walk is not None:
        return list(walk())
    return [column.array for _, column in frame.items()]


def _joined_slices(
    arrays: Sequence[pa.ChunkedArray],
    segments: list[tuple[int, int, np.ndarray | None]],
    gaps: pa.Array | None,
) -> list[pa.ChunkedArray]:
    """`arrays` (the Arrow columns of one table, as many rows each), each joined from
    `segments` (`sliced_segments`; the rows to copy are `gaps`, taken at once): the columns
    sliced together, as one Arrow table, one slice per segment. (Sliced column by column, every
    segment of every column made Python objects of its own (an array, a list of its chunks, a
    list to add it), alive until its column was joined: at 1,000 runs, 19 of the collector's
    young collections per curated table (the same chunks now: 1.4), and in a run of 150 hides,
    edits and filters at 10^5 events most of the curate worker's collections and 6 of its 7
    full ones.)"""
    import pyarrow as pa

    if not arrays:
        return []
    table = pa.table({str(k): a for k, a in enumerate(arrays)})
    copy = table.take(gaps) if gaps is not None else None
    parts: list[pa.Table] = []
    at = 0  # in `copy`
    for first, length, taken in segments:
        if taken is None:
            parts.append(table.slice(first, length))
        else:
            assert copy is not None
            parts.append(copy.slice(at, length))
            at += length
    joined = pa.concat_tables(parts)  # (no copy: each column's chunks, one after another)
    return list(joined.columns)


def sliced_segments(rows: np.ndarray) -> list[tuple[int, int, np.ndarray | None]]:
    """`rows` (not empty) as at most `MAX_SLICED_RUNS` + 1 segments, in order, each a run of
    consecutive rows to slice, `(first row, length, None)`, or rows to copy,
    `(0, length, rows)`: every run when there are at most that many, else the longest half of
    that many runs and, between them, the rows they leave."""
    import numpy as np

    rows = np.asarray(rows, dtype=np.int64)
    breaks = np.flatnonzero(np.diff(rows) != 1) + 1
    starts = np.r_[0, breaks]  # where each run starts in `rows`
    ends = np.r_[breaks, len(rows)]
    if len(starts) <= MAX_SLICED_RUNS:
        kept = np.arange(len(starts))
    else:
        half = MAX_SLICED_RUNS // 2
        kept = np.sort(np.argpartition(starts - ends, half - 1)[:half])  # the longest
    segments: list[tuple[int, int, np.ndarray | None]] = []
    at = 0
    for a, b in zip(starts[kept].tolist(), ends[kept].tolist(), strict=True):
        if a > at:
            segments.append((0, a - at, rows[at:a]))
        segments.append((int(rows[a]), b - a, None))
        at = b
    if at < len(rows):
        segments.append((0, len(rows) - at, rows[at:]))
    return segments


def _sort_order(frame: pd.DataFrame) -> np.ndarray:
    """The row order `sort_frame` gives `frame` (stable, by t0, t1 and event_id)."""
    import numpy as np

    from nkviewer.events.table import SORT_KEYS

    keys = frame[SORT_KEYS].reset_index(drop=True)
    return np.asarray(keys.sort_values(SORT_KEYS, kind="stable").index, np.int64)


def _replaced(column: pd.Series, mask: np.ndarray, values: pd.Series) -> pd.Series:
    """`column` with the cells under `mask` replaced by `values` (indexed as the column). A few
    cells of Arrow text are replaced by joining slices of the column around them (no copy:
    rewriting the whole column costs 3 ms at 100,000)."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    from nkviewer.events.table import arrow_strings

    if not mask.any():
        return column
    arrow = arrow_strings(column)
    at = np.flatnonzero(mask)
    if arrow is None or len(at) > MAX_REPLACED_CELLS:
        return column.mask(mask, values)
    new = values.to_numpy(dtype=object)
    chunks, start = [], 0
    for i, value in zip(at.tolist(), new.tolist(), strict=True):
        chunks += arrow.slice(start, i - start).chunks
        chunks.append(pa.array([None if pd.isna(value) else str(value)], arrow.type))
        start = i + 1
    chunks += arrow.slice(start).chunks
    joined = pa.chunked_array([c for c in chunks if len(c)], arrow.type)
    return pd.Series(pd.array(joined, dtype=column.dtype), index=column.index, name=column.name)


def _sorted_order(
    before: pd.DataFrame, after: pd.DataFrame, moved: np.ndarray
) -> np.ndarray | None:
    """Row order of `after` sorted as `sort_frame` sorts (t0, t1, event_id), when `before` was
    sorted so and only the rows `moved` changed their times: the other rows keep their order and
    each moved row is put in its place. None when `before` is not sorted or a moved row ties
    with another on every key (then the caller sorts)."""
    import numpy as np

    from nkviewer.events.table import time_order_ties

    n = len(before)
    t0, t1 = before["t0"].to_numpy(dtype=float), before["t1"].to_numpy(dtype=float)
    ids = before["event_id"]
    if n < 2:
        return np.arange(n)
    ties = time_order_ties(t0, t1)
    if ties is None:
        return None
    if len(ties):  # rows equal on (t0, t1) must be in event_id order
        ordered = _next_is_greater(ids)  # each id against the next, in Arrow: no copy
        if ordered is None or not bool(ordered[ties].all()):
            return None
    stay = np.ones(n, bool)
    stay[moved] = False
    kept = np.flatnonzero(stay)
    k0, k1 = t0[kept], t1[kept]
    new0, new1 = after["t0"].to_numpy(dtype=float), after["t1"].to_numpy(dtype=float)
    new_ids = after["event_id"]
    keys = sorted((new0[i], new1[i], str(new_ids.iat[i]), int(i)) for i in moved.tolist())
    places = []
    for a, b, eid, _ in keys:
        lo, hi = np.searchsorted(k0, a, "left"), np.searchsorted(k0, a, "right")
        segment = k1[lo:hi]
        lo, hi = lo + np.searchsorted(segment, b, "left"), lo + np.searchsorted(segment, b, "right")
        place = int(hi)
        for j in range(int(lo), int(hi)):  # same t0 and t1: by event_id
            other = str(ids.iat[int(kept[j])])
            if other == eid:
                return None
            if other > eid:
                place = j
                break
        places.append(place)
    return np.insert(kept, places, [i for *_, i in keys]).astype(np.int64)


def _next_is_greater(ids: pd.Series) -> np.ndarray | None:
    """Per row but the last, whether the next id is greater (compared in Arrow, the column
    against itself shifted by one: no copy); None when an id is missing."""
    import numpy as np
    import pyarrow.compute as pc

    from nkviewer.events.table import arrow_strings

    column = arrow_strings(ids, convert=True)
    assert column is not None  # converted
    if column.null_count:
        return None
    n = len(column)
    greater = pc.less(column.slice(0, n - 1), column.slice(1))
    return np.asarray(greater.to_numpy(zero_copy_only=False), bool)


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
