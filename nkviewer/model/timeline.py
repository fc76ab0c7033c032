"""The timeline's Qt-free state: event columns as numpy arrays, lanes, and rows inside lanes.

Built once per event table and grouping (not per frame): per-lane index arrays sorted by start
time, so each frame can slice the visible events with `searchsorted`. Row packing is cached per
lane for a row capacity and a zoom octave (labels need more room in days as the view zooms out).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from nkviewer.events.table import arrow_strings
from nkviewer.model.advances import LabelWidths
from nkviewer.model.extent import Extent, bulk_range
from nkviewer.model.lanes import (
    GREEDY_LIMIT,
    BarRows,
    LabelledFit,
    LaneAssignment,
    allocate_rows,
    lane_assignment,
    rank_rows,
    rows_needed,
)
from nkviewer.model.text_index import text_index
from nkviewer.slices import row_slices

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

# pandas and pyarrow are imported inside the functions that read a table: the window imports
# this module (through the renderer) and paints before pandas has loaded.

#: Most rows a lane asks for on screen, before fitting the lanes to the height available.
MAX_SCREEN_ROWS = 6
#: Most rows a lane grows to on screen when the window has height to spare.
MAX_GROWN_ROWS = 12
#: Most rows a lane grows to with height still left once every lane has MAX_GROWN_ROWS.
MAX_FILL_ROWS = 40
#: Most rows a lane may take in an export sized for its labels.
MAX_EXPORT_ROWS = 16
#: Room a marker needs in its row when its label cannot have any (marker, badge, a gap).
GLYPH_ROOM_PX = 30.0


class TextColumn:
    """A text column read lazily: drawing needs the titles of visible events only.

    An Arrow-backed column (pandas' `str` dtype) is read through Arrow, value by value or in
    one `take`, without converting the whole column to Python strings (40 ms at 100,000)."""

    def __init__(self, values: pd.Series | list[str]) -> None:
        self._series = values if not isinstance(values, list) else None
        self._list: list[str] | None = values if isinstance(values, list) else None
        self._arrow: pa.ChunkedArray | None = None
        self._index: pd.Index | None = None  # a list's distinct values (`_list_index`)
        self._index_rows: np.ndarray | None = None  # their first rows, when values repeat
        self._objects: np.ndarray | None = None  # the values as an object array (`_objects_at`)
        if self._series is not None:
            self._arrow = arrow_strings(self._series)

    def __len__(self) -> int:
        if self._list is not None:
            return len(self._list)
        if self._arrow is not None:
            return len(self._arrow)
        return len(self._series)  # type: ignore[arg-type]

    def __getitem__(self, i: int) -> str:
        if self._list is not None:
            return self._list[i]
        if self._arrow is not None:
            return _text(self._arrow[int(i)].as_py())
        if len(self) <= 200_000:
            return self.tolist()[i]  # small tables: one conversion beats a lookup per label
        assert self._series is not None
        return _text(self._series.iat[int(i)])

    def take(self, idx: np.ndarray) -> list[str]:
        """The values at positions `idx`, in one call."""
        if self._list is not None:
            return [self._list[i] for i in idx.tolist()]
        if self._arrow is not None:
            taken = self._arrow.take(np.asarray(idx, np.int64))
            values = taken.to_pylist()
            return [_text(v) for v in values] if taken.null_count else values
        assert self._series is not None
        return [_text(v) for v in self._series.take(idx).tolist()]

    def _objects_at(self, idx: np.ndarray) -> np.ndarray:
        """The values at `idx` as an object array: a column of Python strings (a dataset's
        window of events) through an object array of them made once per column, taken
        in C (a list comprehension and its conversion took 20 ms per 10^5 values, each time
        `differs` compared the list's ids on the window's thread)."""
        if self._arrow is not None:
            return np.asarray(self.take(idx), dtype=object)
        if self._objects is None:
            self._objects = np.empty(len(self), dtype=object)
            self._objects[:] = self.tolist()
        return self._objects[idx]

    def tolist(self) -> list[str]:
        if self._list is None:
            if self._arrow is not None:
                values = self._arrow.to_pylist()
                self._list = [_text(v) for v in values] if self._arrow.null_count else values
            else:
                assert self._series is not None
                self._list = [_text(v) for v in self._series.tolist()]
        return self._list

    def prepare_index(self) -> None:
        """Make what `positions` looks values up in now (a worker making the table, for the
        window's thread): an Arrow column's `TextIndex` (no Python string per value is made),
        else a pandas index of the values (a dataset's window of events: object ids)."""
        if self._arrow is not None:
            text_index(self._arrow)
        elif self._index is None:
            self._list_index()

    def _list_index(self) -> pd.Index:
        """The index `positions` looks a list's values up in: its values, or, when some
        repeat (titles do; pandas looks up only in an index of distinct values), each value
        once with the row of its first occurrence (`_index_rows`)."""
        if self._index is None:
            import pandas as pd

            index = pd.Index(self.tolist())
            if not index.is_unique:
                first = ~index.duplicated(keep="first")
                index, self._index_rows = index[first], np.flatnonzero(first)
            self._index = index
        return self._index

    @property
    def indexed(self) -> bool:
        """Whether `positions` has its index made (`prepare_index`), or needs none (empty)."""
        if self._arrow is not None:
            return not len(self._arrow) or text_index(self._arrow, make=False) is not None
        return not len(self) or self._index is not None

    def positions(self, values: Sequence[str]) -> np.ndarray:
        """Position of each of `values` in the column (its first occurrence), -1 where absent.
        Through the column's `TextIndex` (made once per column, by the worker that made the
        table where it could): time in the number of `values`. Without one yet, a few values
        are found by one scan of the column; more make it (3-9 ms at 100,000, where Arrow's
        `index_in` hashed the whole column on every call, 20-60 ms on the window's thread)
        unless the column is longer than `LAZY_INDEX_MAX`; no Python index of every value is
        built for a table just made after an edit."""
        if not len(values):
            return np.zeros(0, np.int64)
        import pandas as pd
        import pyarrow as pa
        import pyarrow.compute as pc

        if self._arrow is not None:
            many = len(values) > SCAN_VALUES and len(self._arrow) <= LAZY_INDEX_MAX
            index = text_index(self._arrow, make=many)
            if index is not None:
                return index.positions(values, self._arrow)
            if len(values) <= SCAN_VALUES:
                return scan_positions(self._arrow, values)
            found = pc.index_in(pa.array(list(values), pa.string()), value_set=self._arrow)
            return np.asarray(found.fill_null(-1).to_numpy(zero_copy_only=False), np.int64)
        found = np.asarray(self._list_index().get_indexer(pd.Index(list(values))), np.int64)
        rows = self._index_rows
        return found if rows is None else np.where(found >= 0, rows[found], -1)

    def match(self, other: TextColumn) -> np.ndarray:
        """Position in this column of each value of `other` (its first occurrence), -1 where
        absent: two tables' ids matched in one hash join (Arrow's, when both are Arrow)."""
        import pyarrow.compute as pc

        if self._arrow is not None and other._arrow is not None:
            found = pc.index_in(other._arrow, value_set=self._arrow)
            return np.asarray(found.fill_null(-1).to_numpy(zero_copy_only=False), np.int64)
        return self.positions(other.tolist())

    def subset(self, idx: np.ndarray) -> TextColumn:
        """The values at positions `idx`, as a column: in Arrow (a slice when `idx` is a run
        of consecutive positions, no copy), else a list."""
        idx = np.asarray(idx, np.int64)
        if self._arrow is None:
            return TextColumn(self.take(idx))
        if len(idx) and idx[-1] - idx[0] + 1 == len(idx) and (np.diff(idx) == 1).all():
            arrow = self._arrow.slice(int(idx[0]), len(idx))
        else:
            arrow = self._arrow.take(idx)
        return TextColumn.from_arrow(arrow)

    @classmethod
    def from_arrow(cls, arrow: pa.ChunkedArray) -> TextColumn:
        """A column over Arrow text values (no pandas Series behind it)."""
        column = cls([])
        column._list, column._arrow = None, arrow
        return column

    def equal_at(self, idx: np.ndarray, other: TextColumn, other_idx: np.ndarray) -> np.ndarray:
        """Whether the values at `idx` equal `other`'s at `other_idx`, pair by pair over the
        shorter of the two."""
        k = min(len(idx), len(other_idx))
        return ~self.differs(idx[:k], other, other_idx[:k])

    def differs(
        self,
        idx: np.ndarray,
        other: TextColumn,
        other_idx: np.ndarray,
        starts: np.ndarray | None = None,
    ) -> np.ndarray:
        """Whether the value at each of `idx` differs from `other`'s at `other_idx` (missing
        values read as ""). Where both advance one by one (tables in the same order), Arrow
        compares slices of the two columns without copying them (`starts`: those runs, as
        `paired_runs` finds them, when known)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        idx, other_idx = np.asarray(idx, np.int64), np.asarray(other_idx, np.int64)
        if self._arrow is None or other._arrow is None:
            mine, theirs = self._objects_at(idx), other._objects_at(other_idx)
            return np.asarray(mine != theirs, bool)
        if starts is None:
            starts = paired_runs(idx, other_idx)
        if len(starts) > FEW_VALUES:
            pieces = [(self._arrow.take(idx), other._arrow.take(other_idx))]
        else:
            ends = [*starts[1:].tolist(), len(idx)]
            pieces = [
                (self._arrow.slice(idx[a], b - a), other._arrow.slice(other_idx[a], b - a))
                for a, b in zip(starts.tolist(), ends, strict=True)
            ]
        out = []
        for mine_, theirs_ in pieces:
            x = pc.fill_null(mine_, "") if mine_.null_count else mine_
            y = pc.fill_null(theirs_, "") if theirs_.null_count else theirs_
            if x.type != y.type:
                x, y = x.cast(pa.large_string()), y.cast(pa.large_string())
            out.append(np.asarray(pc.not_equal(x, y).to_numpy(zero_copy_only=False), bool))
        return np.concatenate(out) if out else np.zeros(0, bool)


#: Most titles whose label widths a table keeps from the tables before it (to carry on to
#: the next, `EventArrays.carry_widths`): beyond, only the last table's are kept.
KNOWN_TITLES_LIMIT = 100_000


def _large_strings(column: TextColumn) -> pa.ChunkedArray:
    """A text column's values as Arrow large strings (a list's converted)."""
    import pyarrow as pa

    values = column._arrow if column._arrow is not None else column.tolist()
    if isinstance(values, list):
        return pa.chunked_array([pa.array(values, pa.large_string())], pa.large_string())
    return values if values.type == pa.large_string() else values.cast(pa.large_string())


def _known_widths(titles: TextColumn, widths: LabelWidths) -> tuple[pa.ChunkedArray, LabelWidths]:
    """The titles of a table whose widths were measured (simple ones: a shaped title's depends
    on the batch that measured it), then those it kept from earlier tables, with their widths:
    what the next table looks its titles' widths up in."""
    import pyarrow as pa

    # (the window's thread may fill in more meanwhile: a width read NaN is one not carried)
    simple = np.flatnonzero(~np.isnan(widths.text) & ~widths.shaped)
    mine = _large_strings(titles).take(simple)
    text, exact = widths.text[simple], widths.exact[simple]
    earlier = widths.earlier
    if earlier is not None and len(simple) + len(earlier[1]) <= KNOWN_TITLES_LIMIT:
        mine = pa.chunked_array([*mine.chunks, *earlier[0].chunks], pa.large_string())
        text = np.concatenate([text, earlier[1].text])
        exact = np.concatenate([exact, earlier[1].exact])
    return mine, LabelWidths(text, np.zeros(len(text), bool), exact)


def paired_runs(idx: np.ndarray, other_idx: np.ndarray) -> np.ndarray:
    """Where runs start in which both position arrays advance one by one together."""
    if not len(idx):
        return np.zeros(0, np.int64)
    steps = (np.diff(idx) != 1) | (np.diff(other_idx) != 1)
    return np.concatenate(([0], np.flatnonzero(steps) + 1))


#: Above this many runs of positions, `TextColumn.differs` takes values rather than slices.
FEW_VALUES = 256
#: Up to this many values are looked up by one scan of the column (`scan_positions`) rather
#: than by hashing the whole column: at 100,000 ids a scan took 2.4 ms for 2,000 values and
#: 2.7 for 5,000, hashing the column 4-5 (9-20 in the window, next to its other threads).
SCAN_VALUES = 4096
#: Longest column whose `TextIndex` a look-up makes when it finds none (on whatever thread
#: asks: the window's, as a rule). Longer ones get theirs from workers only: 100-190 ms at
#: 10^6 would be one long turn; Arrow's `index_in` is used meanwhile.
LAZY_INDEX_MAX = 250_000


def scan_positions(column: pa.ChunkedArray, values: Sequence[str]) -> np.ndarray:
    """Position of each of a few `values` in an Arrow text `column` (its first occurrence),
    -1 where absent: one pass comparing each cell against a hash of the values (about 1 ms
    at 100,000, where hashing the column to look them up costs 7)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    wanted = pa.array(list(values), pa.string()).cast(column.type)
    hit = pc.is_in(column, value_set=wanted)
    rows = np.flatnonzero(np.asarray(hit.to_numpy(zero_copy_only=False), bool))
    first: dict[str, int] = {}
    for row, value in zip(rows.tolist(), column.take(rows).to_pylist(), strict=True):
        first.setdefault(value, row)
    return np.asarray([first.get(v, -1) for v in values], np.int64)


def _length(cell: object) -> int:
    """Reports in a `sources` cell (a list or array; 1 when missing or not a list)."""
    try:
        return len(cell)  # type: ignore[arg-type]
    except TypeError:
        return 1


#: Cells measured by one call in `_lengths` (a call holds the interpreter's lock throughout:
#: all 10^5 of a curated table's at once were 3-4 ms of CPU, ten times that at 10^6).
LENGTHS_SLICE = 20_000


def _lengths(cells: np.ndarray) -> np.ndarray:
    """`_length` of each cell: `len` straight away (lists, as tables hold them), else per cell;
    `LENGTHS_SLICE` cells per call."""
    out = np.empty(len(cells), np.int32)
    for lo, hi in row_slices(len(cells), LENGTHS_SLICE):
        part = cells[lo:hi]
        try:
            out[lo:hi] = np.fromiter(map(len, part), np.int32, hi - lo)
        except TypeError:  # a missing cell or a value that is no list
            out[lo:hi] = np.fromiter(map(_length, part), np.int32, hi - lo)
    return out


def _text(value: object) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


@dataclass(frozen=True, slots=True)
class EventArrays:
    """The columns the timeline draws from, one entry per event in frame order (sorted by t0)."""

    t0: np.ndarray
    t1: np.ndarray
    is_bar: np.ndarray  # bool: a period (week, month, year, range) rather than a single day
    expected: np.ndarray  # bool: modality == "expected"
    uncertain: np.ndarray  # bool
    n_sources: np.ndarray  # int32: reports merged into this event (>= 1)
    titles: TextColumn
    ids: TextColumn
    #: what is read of the whole table once (`prepare_extent`): the bulk span, sorted ends
    _extent: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    #: the titles' label widths by font, as far as measured (the renderer's; `carry_widths`)
    widths: dict[str, LabelWidths] = field(default_factory=dict, compare=False, repr=False)

    @property
    def n(self) -> int:
        return len(self.t0)

    def prepare_extent(self) -> None:
        """Compute the bulk span and the sorted ends now (a worker, for the window's thread:
        three sorts, 15-25 ms at 100,000 events)."""
        self.bulk()
        self.ends_sorted()

    def carry_widths(self, previous: Sequence[EventArrays]) -> None:
        """Take the label widths measured of `previous` tables' titles (in each font), and of
        the tables before them (up to `KNOWN_TITLES_LIMIT` titles), where these titles are
        theirs: a worker making this table, for the window's thread. One Arrow hash join of
        the titles per table (5-10 ms at 100,000 events)."""
        import pyarrow.compute as pc

        seen = {id(self)}  # (the models of one table share its columns: joined once)
        for old in previous:
            if id(old) in seen:
                continue
            seen.add(id(old))
            for key, widths in list(old.widths.items()):  # (one call: no size change inside)
                if key in self.widths or len(widths) != old.n:
                    continue
                titles, known = _known_widths(old.titles, widths)
                if not len(known) or not self.n:
                    continue
                found = pc.index_in(_large_strings(self.titles), value_set=titles)
                positions = np.asarray(found.fill_null(-1).to_numpy(zero_copy_only=False))
                carried = known.carried(positions.astype(np.int64))
                carried.earlier = (titles, known)
                self.widths[key] = carried

    def bulk(self) -> Extent | None:
        """Where the bulk of the events lies (`extent.bulk_range`), computed once."""
        if "bulk" not in self._extent:
            self._extent["bulk"] = bulk_range(self.t0, self.t1)
        result: Extent | None = self._extent["bulk"]
        return result

    def ends_sorted(self) -> np.ndarray:
        """The events' ends, sorted (`extent.outside_counts`), computed once."""
        ends = self._extent.get("ends")
        if ends is None:
            ends = self._extent["ends"] = np.sort(self.t1)
        return ends

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> EventArrays:
        """Columns of `frame` as arrays; vectorised, as this runs on every filter change."""
        n = len(frame)
        t0 = np.ascontiguousarray(frame["t0"].to_numpy(dtype=np.float64)) if n else np.zeros(0)
        t1 = np.ascontiguousarray(frame["t1"].to_numpy(dtype=np.float64)) if n else np.zeros(0)
        if n and np.any(np.diff(t0) < 0):
            raise ValueError("the event table must be sorted by t0 (use events.table.sort_frame)")
        t1 = np.maximum(t1, t0 + 1.0)
        cols = frame.columns
        expected = (
            (frame["modality"] == "expected").to_numpy(dtype=bool, na_value=False)
            if "modality" in cols
            else np.zeros(n, bool)
        )
        uncertain = (
            frame["uncertain"].fillna(False).astype(bool).to_numpy(dtype=bool)
            if "uncertain" in cols
            else np.zeros(n, bool)
        )
        n_src = np.ones(n, np.int32)
        if "sources" in cols and n and frame["sources"].dtype == object:
            n_src = _lengths(frame["sources"].to_numpy())
        titles = TextColumn(frame["title"] if "title" in cols else [""] * n)
        ids = TextColumn(frame["event_id"] if "event_id" in cols else [str(i) for i in range(n)])
        return cls(t0, t1, (t1 - t0) > 1.0, expected, uncertain, np.maximum(n_src, 1), titles, ids)


@dataclass(slots=True)
class LaneData:
    """One lane's events (indices into EventArrays) sorted by start time.

    Small lanes pack bars and markers together, first-fit with room for labels. Huge lanes split
    their rows in two bands: bars on top (never overlapping; bars that find no row go to an
    overflow strip) and day markers below, stacked by same-day rank (vectorised).
    """

    name: str
    position: int
    idx: np.ndarray
    t0: np.ndarray
    t1: np.ndarray
    is_bar: np.ndarray
    max_len: float  # longest event in days: how far back a visible event may start
    bar_rows: int  # rows the bars need to never overlap (capped)
    marker_rows: int  # rows same-day markers need (capped)
    greedy: bool = True  # small lane: one band packed first-fit with label room
    #: rows per (rows, zoom octave): a greedy lane's packed as far as drawn (`LabelledFit`)
    _rows: dict[tuple[int, float], tuple[np.ndarray, int] | LabelledFit] = field(
        default_factory=dict
    )
    #: a huge lane's bars packed first-fit, for any row count it serves (`BarRows`)
    _bars: BarRows | None = None

    @property
    def count(self) -> int:
        return len(self.idx)

    @property
    def n_bars(self) -> int:
        return int(self.is_bar.sum())

    def split(self, n_rows: int) -> tuple[int, int]:
        """(bar rows, marker rows) of a huge lane given `n_rows` rows."""
        n_markers = self.count - self.n_bars
        if self.n_bars == 0:
            return 0, n_rows
        if n_markers == 0 or n_rows <= 1:
            return n_rows, 0
        bars = max(1, min(self.bar_rows, n_rows - max(1, n_rows // 2)))
        return bars, n_rows - bars


@dataclass(frozen=True, slots=True)
class LaneBox:
    """Where a lane sits vertically: top y, height, rows and row height; collapsed lanes no rows."""

    lane: int
    y: float
    height: float
    rows: int
    row_h: float
    pad: float
    collapsed: bool

    def row_y(self, row: np.ndarray | int) -> Any:
        """Centre y of row(s)."""
        return self.y + self.pad + (np.minimum(row, max(self.rows - 1, 0)) + 0.5) * self.row_h


class TimelineModel:
    """Events grouped into lanes with cached row packing; rebuilt when events or grouping change."""

    def __init__(
        self,
        arrays: EventArrays,
        assignment: LaneAssignment,
        *,
        huge: Sequence[bool] | None = None,
        previous: TimelineModel | None = None,
    ) -> None:
        """`huge` marks lanes laid out as huge ones (bars over markers) whatever their size
        here: the lanes of a big dataset, of which `arrays` holds a window. A lane whose
        events are those of a lane of `previous` (the model before an edit) keeps its row
        counts and packings instead of packing them again."""
        self.arrays = arrays
        self.assignment = assignment
        self.lanes: list[LaneData] = []
        before = {lane.name: lane for lane in previous.lanes} if previous is not None else {}
        lane_of = assignment.index
        if len(assignment.names) < 2**15:  # numpy sorts 16-bit integers by radix: 5x faster
            lane_of = lane_of.astype(np.int16)
        order = np.argsort(lane_of, kind="stable")  # keeps t0 order inside lanes
        bounds = np.searchsorted(lane_of[order], np.arange(len(assignment.names) + 1))
        for pos, name in enumerate(assignment.names):
            idx = order[bounds[pos] : bounds[pos + 1]]
            t0, t1 = arrays.t0[idx], arrays.t1[idx]
            bar = arrays.is_bar[idx]
            max_len = float((t1 - t0).max()) if len(idx) else 1.0
            greedy = len(idx) <= GREEDY_LIMIT and not (huge is not None and huge[pos])
            old = before.get(name)
            if old is not None and _same_lane(old, greedy, t0, t1, bar):
                assert previous is not None
                same_labels = not greedy or _same_labels(previous.arrays, old.idx, arrays, idx)
                rows = old._rows if same_labels else {}
                self.lanes.append(
                    LaneData(
                        name,
                        pos,
                        idx,
                        t0,
                        t1,
                        bar,
                        max_len,
                        old.bar_rows,
                        old.marker_rows,
                        greedy,
                        dict(rows),
                        old._bars,
                    )
                )
                continue
            if greedy:  # one band: bars and markers share rows
                bar_rows, marker_rows = 0, rows_needed(t0, t1, cap=MAX_EXPORT_ROWS)
            else:
                bar_rows = rows_needed(t0[bar], t1[bar], cap=MAX_EXPORT_ROWS)
                marker_rows = rows_needed(t0[~bar], t1[~bar], cap=MAX_EXPORT_ROWS)
            self.lanes.append(
                LaneData(name, pos, idx, t0, t1, bar, max_len, bar_rows, marker_rows, greedy)
            )

    @classmethod
    def from_frame(
        cls,
        frame: pd.DataFrame,
        group_by: str,
        *,
        lanes: Sequence[str] | None = None,
        totals: Sequence[int] | None = None,
        previous: TimelineModel | None = None,
        prepared: PreparedModel | None = None,
    ) -> TimelineModel:
        """The model of `frame`; with `lanes`, exactly those lanes, and with `totals` (their
        events in the whole dataset) the layout of lanes that size (`frame` is a window).
        With `previous` (the model of the table before an edit), lanes the edit left alone
        are not packed again: the result is the same as without it, only faster. With
        `prepared` (what a worker read of this very table, `prepare`), what it holds is
        taken rather than made again: its model when made for `group_by`, else its columns."""
        huge = [int(c) > GREEDY_LIMIT for c in totals] if totals is not None else None
        if prepared is not None and (lanes is not None or not prepared.fits(frame)):
            prepared = None  # another table's, or lanes asked for by name (a dataset window)
        _drew(group_by)
        made = prepared.models.get(group_by) if prepared is not None else None
        if made is not None and huge is None:
            return made  # the same as made here (`prepare`)
        assignment = lane_assignment(frame, group_by, names=lanes)
        arrays = prepared.arrays if prepared is not None else EventArrays.from_frame(frame)
        if previous is not None and previous.assignment.mode != assignment.mode:
            previous = None
        return cls(arrays, assignment, huge=huge, previous=previous)

    @property
    def lane_names(self) -> list[str]:
        return [lane.name for lane in self.lanes]

    def screen_wants(self) -> list[int]:
        """Rows each lane would like on screen: its bars, and a few rows for markers' labels."""
        out = []
        for lane in self.lanes:
            if lane.greedy:
                want = max(lane.marker_rows, math.ceil(math.log2(lane.count + 1)))
            else:
                want = min(lane.bar_rows, 3) + min(max(lane.marker_rows, 3), 4)
            out.append(max(1, min(MAX_SCREEN_ROWS, want)))
        return out

    def label_wants(self, scale: float, reserve_px: np.ndarray, cap: int) -> list[int]:
        """Rows each lane needs so every label fits at `scale` px/day (exports sized to fit)."""
        out = []
        for lane in self.lanes:
            if not lane.greedy:
                out.append(min(cap, max(1, lane.bar_rows + lane.marker_rows)))
                continue
            end = np.maximum(lane.t1, lane.t0 + reserve_px[lane.idx] / scale)
            out.append(max(1, rows_needed(lane.t0, end, cap=cap)))
        return out

    def rows(
        self,
        lane_i: int,
        n_rows: int,
        scale: float,
        reserve_px: Callable[[np.ndarray], np.ndarray],
        *,
        quantize: bool = True,
        upto: int | None = None,
    ) -> tuple[np.ndarray, int]:
        """Row of each event of lane `lane_i` at `scale`, and how many rows on top hold only
        bars (huge lanes; their bars that find no row get -1, the overflow strip).

        Small lanes reserve room for labels, which depends on the zoom: rows are recomputed per
        octave of zoom (`quantize`, for the screen) and cached, so panning never moves events
        between rows. Static figures pack at their exact scale. With `upto`, a small lane's
        rows are only sure for its first `upto` events (those a view draws): first-fit packs
        in order, so the events after them are packed when a view needs them, to the same rows.
        """
        lane = self.lanes[lane_i]
        greedy = lane.greedy
        if greedy and quantize:
            scale = 2.0 ** math.floor(math.log2(max(scale, 1e-9)))
        key = (n_rows, scale if greedy else 0.0)
        cached = lane._rows.get(key)
        if isinstance(cached, tuple):
            return cached
        if greedy:  # first-fit over bars and markers together, each with room for its label
            fit = cached
            if fit is None:
                fit = LabelledFit(lane.count, n_rows)
                self._cache(lane, key, fit)
            stop = lane.count if upto is None else max(0, min(upto, lane.count))
            if fit.done < stop:
                part = slice(fit.done, stop)
                t0, t1 = lane.t0[part], lane.t1[part]
                label_end = np.maximum(t1, t0 + reserve_px(lane.idx[part]) / scale)
                glyph_end = np.maximum(t1, t0 + GLYPH_ROOM_PX / scale)
                fit.extend(t0, label_end, glyph_end)
            return fit.rows, 0
        # bars on top (first-fit, overflow strip), markers below by same-day rank
        rows = np.zeros(lane.count, np.int32)
        bar = lane.is_bar
        n_bar_rows, n_marker_rows = lane.split(max(1, n_rows))
        if bar.any():
            packed = lane._bars
            if packed is None or not packed.serves(n_bar_rows):  # none made by a worker
                packed = lane._bars = BarRows.pack(lane.t0[bar], lane.t1[bar], n_bar_rows)
            rows[bar] = packed.over(n_bar_rows)
        if (~bar).any():
            marker_rows = rank_rows(lane.t0[~bar], max(1, n_marker_rows))
            rows[~bar] = marker_rows + (n_bar_rows if n_marker_rows else 0)
        self._cache(lane, key, (rows, n_bar_rows))
        return rows, n_bar_rows

    def pack_bars(self) -> None:
        """Pack the bars of every huge lane now, over as many rows as a layout gives them (a
        worker making the model, for the window's thread, which then only picks the rows of
        its row count: `rows`). Whole-lane first-fit in Python is 2-10 ms per lane at 100,000
        events, redone after every filter, hide or edit that changes the lane."""
        for lane in self.lanes:
            if lane.greedy or not lane.n_bars:
                continue
            # a lane with markers gives its bars at most `bar_rows` (`split`); one of bars only
            # all its rows, up to MAX_FILL_ROWS (fewer when they need fewer: `bar_rows` is
            # then their overlap depth, and a packing over it leaves none out)
            markers = lane.n_bars < lane.count
            cap = lane.bar_rows if markers or lane.bar_rows < MAX_EXPORT_ROWS else MAX_FILL_ROWS
            if lane._bars is not None and lane._bars.serves(cap):
                continue
            bar = lane.is_bar
            lane._bars = BarRows.pack(lane.t0[bar], lane.t1[bar], cap)

    @staticmethod
    def _cache(
        lane: LaneData, key: tuple[int, float], rows: tuple[np.ndarray, int] | LabelledFit
    ) -> None:
        if len(lane._rows) > 16:
            lane._rows.clear()
        lane._rows[key] = rows


#: The grouping the timeline drew last, and one asked for and not drawn yet (a new grouping
#: laid out in a worker): those a worker prepares a table for when not told which (`prepare`).
#: Hints only, set on the window's thread: a table prepared for other groupings still lends
#: its columns.
_groupings: dict[str, str | None] = {"drawn": "country", "asked": None}


def note_grouping(drawn: str, *, asked: str | None = None) -> None:
    """Note the grouping the timeline draws and one asked for, laid out in a worker meanwhile:
    a table prepared while it is on its way is prepared for both."""
    _groupings.update(drawn=drawn, asked=None if asked == drawn else asked)


def _drew(mode: str) -> None:
    """A model was made for `mode`: the grouping drawn, no longer one on its way."""
    _groupings["drawn"] = mode
    if _groupings["asked"] == mode:
        _groupings["asked"] = None


def noted_groupings() -> list[str]:
    """The groupings a worker prepares a table for: the one drawn, and one asked for."""
    drawn, asked = _groupings["drawn"] or "country", _groupings["asked"]
    return [drawn] if asked is None or asked == drawn else [drawn, asked]


@dataclass(frozen=True, slots=True)
class PreparedModel:
    """What a worker made of a table the timeline is about to draw: its columns (with their
    bulk span and sorted ends, `EventArrays.prepare_extent`) and, per grouping, its lanes and
    its model. It travels with the result it belongs to (a refilter, a new grouping) to the
    view that draws it, so that no other producer can push it out; the model made of that
    very table (`TimelineModel.from_frame(prepared=...)`) takes it."""

    frame: pd.DataFrame
    arrays: EventArrays
    models: dict[str, TimelineModel]  # by grouping

    def fits(self, frame: pd.DataFrame | None) -> bool:
        """Whether this was prepared from `frame` (the same table object)."""
        return frame is not None and self.frame is frame

    def has(self, mode: str) -> bool:
        return mode in self.models

    def merged(self, other: PreparedModel) -> PreparedModel:
        """The groupings of both (of the same table; `other`'s win)."""
        if not other.fits(self.frame):
            return other
        return PreparedModel(self.frame, self.arrays, {**self.models, **other.models})


def prepare(
    frame: pd.DataFrame,
    groupings: Sequence[str] | None = None,
    *,
    previous: Sequence[TimelineModel] = (),
) -> PreparedModel:
    """Make the columns of `frame`, a table the window is about to draw, and its model for
    each of `groupings` (else `noted_groupings`), reusing the lanes of the one of `previous`
    (the models drawn when the table was asked for) of the same grouping that the edits left
    alone, so that the window's thread takes them rather than making them: at 100,000
    events 10-25 ms of an edit (lanes, label comparisons, the bulk span's two sorts, the
    ids' `TextIndex`), 10-40 ms of a new grouping, and the huge lanes' bars packed
    (`TimelineModel.pack_bars`, 5-15 ms); the label widths measured of the tables drawn
    are carried over (`EventArrays.carry_widths`). Called from a worker thread; each model
    equals the one the window's thread would make (`previous` only saves packing)."""
    modes = list(dict.fromkeys(noted_groupings() if groupings is None else groupings))
    arrays = EventArrays.from_frame(frame)
    arrays.prepare_extent()
    arrays.ids.prepare_index()
    arrays.carry_widths([model.arrays for model in previous])
    before = {model.assignment.mode: model for model in previous}
    models = {
        mode: TimelineModel(arrays, lane_assignment(frame, mode), previous=before.get(mode))
        for mode in modes
    }
    for model in models.values():
        model.pack_bars()
    return PreparedModel(frame, arrays, models)


def _same_lane(
    old: LaneData, greedy: bool, t0: np.ndarray, t1: np.ndarray, bar: np.ndarray
) -> bool:
    """Whether a lane holds the same spans as `old`, so their rows are packed alike."""
    return (
        old.greedy == greedy
        and np.array_equal(old.t0, t0)
        and np.array_equal(old.t1, t1)
        and np.array_equal(old.is_bar, bar)
    )


def _same_labels(
    old_arrays: EventArrays, old_idx: np.ndarray, arrays: EventArrays, idx: np.ndarray
) -> bool:
    """Whether the events of a lane keep their labels (titles and report badges): a small
    lane packs its rows with room for them."""
    return np.array_equal(old_arrays.n_sources[old_idx], arrays.n_sources[idx]) and (
        old_arrays.titles.take(old_idx) == arrays.titles.take(idx)
    )


def stack_lanes(
    model: TimelineModel,
    *,
    top: float,
    available: float | None,
    wants: Sequence[int],
    collapsed: set[str],
    row_h: float = 20.0,
    min_row_h: float = 16.0,
    pad: float = 5.0,
    collapsed_h: float = 24.0,
    min_lane_h: float = 38.0,
    grow: bool = False,
    counts: Sequence[int] | None = None,
) -> list[LaneBox]:
    """Lay the lanes out top to bottom; `available` height (None: as tall as needed).

    Open lanes are at least `min_lane_h` tall when there is room, so the header shows the lane's
    name and its count on two lines. With `grow` (the screen), lanes take spare height as
    extra rows, up to what their events could use.
    """
    flags = [lane.name in collapsed for lane in model.lanes]
    sizes = counts if counts is not None else [lane.count for lane in model.lanes]
    grow_to = [min(int(c), MAX_GROWN_ROWS) for c in sizes] if grow else None
    grow_more = [min(int(c), MAX_FILL_ROWS) for c in sizes] if grow else None
    h, rows = allocate_rows(
        list(wants),
        flags,
        available=available,
        row_h=row_h,
        min_row_h=min_row_h,
        pad=pad,
        collapsed_h=collapsed_h,
        grow_to=grow_to,
        grow_more=grow_more,
    )
    heights = [collapsed_h if c else r * h + 2 * pad for r, c in zip(rows, flags, strict=True)]
    tall = [hh if c else max(hh, min_lane_h) for hh, c in zip(heights, flags, strict=True)]
    if available is None or sum(tall) <= available:
        heights = tall
    boxes = []
    y = top
    for i, (r, c) in enumerate(zip(rows, flags, strict=True)):
        height = heights[i]
        boxes.append(LaneBox(lane=i, y=y, height=height, rows=r, row_h=h, pad=pad, collapsed=c))
        y += height
    return boxes
