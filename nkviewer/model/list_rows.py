"""The event list's rows, Qt-free: the columns the list reads of a table, its row order for a
sort, and how it goes from one table to the next row by row (`RowPlan`), so that a worker can
work that out (`list_change`) and the window's thread only reports the rows removed, inserted
and changed (`nkviewer.qt.event_table`)."""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from nkviewer.events.table import arrow_strings, time_order_ties
from nkviewer.model.timeline import TextColumn, paired_runs

if TYPE_CHECKING:
    import pandas as pd

#: The frame columns the list reads.
FRAME_COLUMNS = (
    "event_id",
    "title",
    "start",
    "end",
    "granularity",
    "timex_value",
    "actors",
    "reported_by",
    "doc_source",
    "sources",
    "modality",
    "t0",
    "t1",
)


SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "AU": "autumn", "WI": "winter"}


def display_date(start: str, end: str, granularity: str, timex_value: str) -> str:
    """A compact, readable date for the list: "2019-04-25", "2019-04", "1990s", "week of …"."""
    if start == end:
        return start
    if granularity == "month":
        return start[:7]
    if granularity == "year":
        return start[:4]
    if granularity == "decade":
        return f"{start[:3]}0s"
    if granularity == "week":
        return f"week of {start}"
    if granularity == "quarter" and timex_value:
        return timex_value
    if granularity == "season" and "-" in timex_value:
        year, _, code = timex_value.partition("-")
        return f"{SEASONS.get(code, code)} {year}"
    return f"{start} – {end}"


def list_columns(frame: pd.DataFrame) -> tuple[dict[str, Any], TextColumn]:
    """The columns the list reads of `frame` (text left in Arrow), and its ids."""
    n = len(frame)
    cols: dict[str, Any] = {}
    for c in FRAME_COLUMNS:
        column = frame.get(c)
        if column is None:
            cols[c] = np.full(n, None, dtype=object)
        elif arrow_strings(column) is not None:
            cols[c] = TextColumn(column)
        else:
            cols[c] = column.to_numpy()
    cols["hidden"] = (
        frame["hidden"].to_numpy(dtype=bool) if "hidden" in frame else np.zeros(n, dtype=bool)
    )
    return cols, TextColumn(frame["event_id"] if "event_id" in frame else [""] * n)


def cell_text(c: dict[str, Any], pos: int, col: int) -> str:
    """What column `col` of the list shows for frame row `pos`."""
    if col == 0:
        return display_date(
            str(c["start"][pos]),
            str(c["end"][pos]),
            str(c["granularity"][pos]),
            str(c["timex_value"][pos] or ""),
        )
    if col == 1:
        n = len(c["sources"][pos] or ())
        return f"{c['title'][pos]}  ×{n}" if n > 1 else str(c["title"][pos])
    if col == 2:
        return joined_names(c["actors"][pos])
    if col == 3:
        return joined_names(c["reported_by"][pos])
    if col == 4:
        return str(c["doc_source"][pos] or "")
    return ""


def sorted_order(c: dict[str, Any], n: int, column: int, descending: bool) -> np.ndarray:
    """Frame rows in the list's order: by `column`, then by date (`descending` reverses it)."""
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    if column == 0 and time_order_ties(c["t0"], c["t1"]) is not None:  # as tables come: no sort
        idx = np.arange(n)
        return (idx[::-1] if descending else idx).astype(np.int64)
    if column == 0:
        idx = np.lexsort([c["t1"], c["t0"]])  # lexsort: last key is primary
    else:
        idx = _by_text(sort_texts(c, n, column), c["t0"])
    if descending:
        idx = idx[::-1]
    return idx.astype(np.int64)


def sort_texts(c: dict[str, Any], n: int, column: int) -> list[str]:
    """What column `column` shows in each frame row, casefolded: the list's sort key, the
    same as `cell_text` gives row by row (a call per row took 60-260 ms at 100,000 events,
    on the window's thread when the analyst sorted by a column of text)."""
    if column == 1:
        counts = [0 if v is None else len(v) for v in c["sources"]]
        return [
            (f"{t}  ×{k}" if k > 1 else t).casefold()
            for t, k in zip(_texts(c["title"], n), counts, strict=True)
        ]
    if column in (2, 3):
        return [joined_names(v).casefold() for v in c["actors" if column == 2 else "reported_by"]]
    if column == 4:
        return [(v or "").casefold() for v in _texts(c["doc_source"], n)]
    return [""] * n


def _texts(column: Any, n: int) -> list[str]:
    """A text column's values as `cell_text` reads them (`str` of each)."""
    if isinstance(column, TextColumn):
        return column.tolist()
    return [str(v) for v in column[:n]]


def _by_text(texts: list[str], t0: Any) -> np.ndarray:
    """Rows by `texts`, then by `t0`, ties in frame order (a stable sort): Arrow compares
    UTF-8 bytes, which order as Python compares code points."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        table = pa.table({"text": pa.array(texts, pa.large_string()), "t0": np.asarray(t0)})
        keys = [("text", "ascending"), ("t0", "ascending")]
        return np.asarray(pc.sort_indices(table, sort_keys=keys), np.int64)
    except (pa.ArrowException, UnicodeEncodeError):  # (lone surrogates; t0 not numbers)
        return np.lexsort([t0, np.array(texts, dtype=object)])


#: Above this many runs of rows removed and inserted, a new table resets the list instead
#: (each run is a signal every view and selection model handles by itself).
MAX_ROW_RUNS = 64
#: Above this many rows between the rows both tables begin and end with, a new table resets
#: the list instead (a filter: most rows come or go; rows are matched by id between those).
MAX_ROWS_BETWEEN = 20_000
#: The columns whose change in a kept event is reported (`dataChanged`): what the analyst's
#: edits change and the list shows (title, date, hidden; a date's TIMEX value is shown only
#: with its granularity); the rest belongs to the event as extracted (another corpus resets
#: the list).
_EDITED = ("title", "start", "end", "granularity", "hidden")


@dataclass(frozen=True, slots=True)
class RowPlan:
    """How the list goes from one table to the next row by row: the old rows removed, the new
    rows inserted; the rows of neither are the same events, in the same order in both."""

    removed: np.ndarray  # bool per old row
    inserted: np.ndarray  # bool per new row
    kept_old: np.ndarray  # old frame row of each event kept, in list order
    kept_new: np.ndarray  # new frame row of each, likewise
    kept_rows: np.ndarray  # new list row of each
    old: dict[str, Any]  # the old table's columns
    new: dict[str, Any]

    def changed(self) -> np.ndarray:
        """Per new list row: a kept event whose edited cells (`_EDITED`) changed."""
        differ = np.zeros(len(self.kept_new), bool)
        a, b = self.kept_old, self.kept_new
        starts = paired_runs(a, b)
        ends = [*starts[1:].tolist(), len(a)]
        for name in _EDITED:
            old, new = self.old[name], self.new[name]
            if isinstance(old, TextColumn) and isinstance(new, TextColumn):
                differ |= old.differs(a, new, b, starts)
            elif isinstance(old, TextColumn) or isinstance(new, TextColumn):
                differ[:] = True
            elif len(starts) <= MAX_ROW_RUNS:  # runs in step: slices, no copies
                for i, j in zip(starts.tolist(), ends, strict=True):
                    x, y = old[a[i] : a[i] + j - i], new[b[i] : b[i] + j - i]
                    differ[i:j] |= np.asarray(x != y, bool)
            else:
                differ |= np.asarray(old[a] != new[b], bool)
        rows = np.zeros(len(self.inserted), bool)
        rows[self.kept_rows[differ]] = True
        return rows


def row_plan(
    old: dict[str, Any],
    old_ids: TextColumn,
    old_order: np.ndarray,
    new: dict[str, Any],
    new_ids: TextColumn,
    new_order: np.ndarray,
) -> RowPlan | None:
    """The row changes from the old table to the new (None when a reset is the better way).

    The rows both lists begin and end with are kept (compared in one pass); between them,
    events are matched by id. Events in both tables keep their rows unless their order
    changed (a date edit moves an event): of those, the longer of two increasing runs is
    kept (the events before which no later one stands, or those after which no earlier one
    does), the others are moved as a removal and an insertion."""
    m, n = len(old_order), len(new_order)
    same = old_ids.equal_at(old_order, new_ids, new_order)  # in list order, common length
    head = int(np.argmin(same)) if not same.all() else len(same)
    k = min(m, n) - head  # the ends may not overlap the head
    tail_same = old_ids.equal_at(old_order[m - k :], new_ids, new_order[n - k :]) if k else same[:0]
    tail = k - (int(np.flatnonzero(~tail_same)[-1]) + 1 if not tail_same.all() else 0)
    if max(m, n) - head - tail > MAX_ROWS_BETWEEN:
        return None
    mid_old, mid_new = old_order[head : m - tail], new_order[head : n - tail]
    was = np.full(len(mid_new), -1, np.int64)  # old list row of each new one between, -1: new
    if len(mid_old) and len(mid_new):
        at = old_ids.subset(mid_old).match(new_ids.subset(mid_new))
        was = np.where(at >= 0, at + head, -1)
    cand = np.flatnonzero(was >= 0)
    v = was[cand]
    if len(v):
        after_max = np.concatenate(([True], v[1:] > np.maximum.accumulate(v)[:-1]))
        before_min = np.concatenate((v[:-1] < np.minimum.accumulate(v[::-1])[::-1][1:], [True]))
        keep = after_max if after_max.sum() >= before_min.sum() else before_min
        cand, v = cand[keep], v[keep]
    kept_rows = np.concatenate((np.arange(head), cand + head, np.arange(n - tail, n)))
    kept_was = np.concatenate((np.arange(head), v, np.arange(m - tail, m)))
    if not len(kept_rows):
        return None
    removed = np.ones(m, bool)
    removed[kept_was] = False
    inserted = np.ones(n, bool)
    inserted[kept_rows] = False
    if run_count(removed) + run_count(inserted) > MAX_ROW_RUNS:
        return None
    return RowPlan(
        removed, inserted, old_order[kept_was], new_order[kept_rows], kept_rows, old, new
    )


def runs_of(mask: np.ndarray) -> list[tuple[int, int]]:
    """(first, last) of each run of True in `mask`."""
    return runs(np.flatnonzero(mask))


def run_count(mask: np.ndarray) -> int:
    """How many runs of True `mask` has (`len(runs_of(mask))`, without a tuple per run: a
    scattered mask at 10^6 events made tens of thousands of them only to be counted)."""
    m = np.asarray(mask, bool)
    if not len(m):
        return 0
    return int(m[0]) + int(np.count_nonzero(m[1:] & ~m[:-1]))


def joined_names(value: Any) -> str:
    """A list cell (actors, reporters) as text; lists come back as arrays from Parquet."""
    if isinstance(value, str) or value is None:
        return value or ""
    try:
        return ", ".join(str(v) for v in value)
    except TypeError:
        return ""


def runs(rows: Sequence[int] | np.ndarray) -> list[tuple[int, int]]:
    """Sorted rows → (first, last) runs of consecutive rows: few selection ranges, fast."""
    r = np.asarray(rows, np.int64)
    if not len(r):
        return []
    breaks = np.flatnonzero(np.diff(r) != 1) + 1
    firsts = np.concatenate(([0], breaks))
    lasts = np.concatenate((breaks - 1, [len(r) - 1]))
    return list(zip(r[firsts].tolist(), r[lasts].tolist(), strict=True))


#: The list's sort: (column, descending). Tables come sorted by date, the list's first sort.
Sort = tuple[int, bool]
BY_DATE: Sort = (0, False)


@dataclass(frozen=True, slots=True)
class ListTable:
    """What the list reads of a table: its columns, its ids, and its rows in the order of
    `sort` (frame positions)."""

    frame: pd.DataFrame
    cols: dict[str, Any]
    ids: TextColumn
    order: np.ndarray
    sort: Sort

    @classmethod
    def of(cls, frame: pd.DataFrame, sort: Sort = BY_DATE) -> ListTable:
        cols, ids = list_columns(frame)
        return cls(frame, cols, ids, sorted_order(cols, len(frame), *sort), sort)


@dataclass(frozen=True, slots=True)
class ListChange:
    """How the list goes from the table `old` to `new` (sorted by `new.sort`), worked out in a
    worker: the rows removed, inserted and changed (`plan`, `changed`), or None for a reset
    (`plan`: one too different, or either table empty). The old table is referred to weakly
    (the list holds it while it shows it): a change kept with its result keeps it no longer."""

    old: weakref.ref[pd.DataFrame]
    new: ListTable
    plan: RowPlan | None
    changed: np.ndarray | None  # per new list row (with a plan)

    def fits(self, old: pd.DataFrame | None, new: pd.DataFrame, sort: Sort) -> bool:
        """Whether this goes from the table `old` to `new`, sorted by `sort` (the very tables:
        compared by identity)."""
        return (
            old is not None
            and self.old() is old
            and self.new.frame is new
            and (self.new.sort == sort)
        )


def list_change(old: pd.DataFrame, new: pd.DataFrame, sort: Sort = BY_DATE) -> ListChange:
    """The list's change from the table `old` to `new`, both sorted by `sort`: what the list
    works out when it is given `new` while it shows `old` (`EventTableModel.set_frame`), made
    in the worker that made `new` (13-18 ms of the window's thread at 100,000 events)."""
    table = ListTable.of(new, sort)
    table.ids.prepare_index()  # the selection's rows, found from the window's thread
    plan = changed = None
    if len(old) and len(new):
        before = ListTable.of(old, sort)
        plan = row_plan(before.cols, before.ids, before.order, table.cols, table.ids, table.order)
        changed = plan.changed() if plan is not None else None
        if plan is not None:  # the old table's columns are not kept with it (`changed` is made)
            plan = replace(plan, old={}, new={})
    return ListChange(weakref.ref(old), table, plan, changed)
