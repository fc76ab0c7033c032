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

from nkviewer.model.lanes import (
    GREEDY_LIMIT,
    LaneAssignment,
    allocate_rows,
    lane_assignment,
    pack_greedy,
    rank_rows,
    rows_needed,
)

if TYPE_CHECKING:
    import pandas as pd

#: Most rows a lane asks for on screen, before fitting the lanes to the height available.
MAX_SCREEN_ROWS = 6
#: Most rows a lane may take in an export sized for its labels.
MAX_EXPORT_ROWS = 16


@dataclass(frozen=True, slots=True)
class EventArrays:
    """The columns the timeline draws from, one entry per event in frame order (sorted by t0)."""

    t0: np.ndarray
    t1: np.ndarray
    is_bar: np.ndarray  # bool: a period (week, month, year, range) rather than a single day
    expected: np.ndarray  # bool: modality == "expected"
    uncertain: np.ndarray  # bool
    n_sources: np.ndarray  # int32: reports merged into this event (>= 1)
    titles: list[str]
    ids: list[str]

    @property
    def n(self) -> int:
        return len(self.t0)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> EventArrays:
        n = len(frame)
        t0 = np.ascontiguousarray(frame["t0"].to_numpy(dtype=np.float64)) if n else np.zeros(0)
        t1 = np.ascontiguousarray(frame["t1"].to_numpy(dtype=np.float64)) if n else np.zeros(0)
        if n and np.any(np.diff(t0) < 0):
            raise ValueError("the event table must be sorted by t0 (use events.table.sort_frame)")
        t1 = np.maximum(t1, t0 + 1.0)

        def col(name: str, default: Any) -> list[Any]:
            return frame[name].tolist() if name in frame.columns else [default] * n

        expected = np.array([m == "expected" for m in col("modality", "")], dtype=bool)
        uncertain = np.array([bool(u) and u == u for u in col("uncertain", False)], dtype=bool)
        n_src = np.fromiter((_count(s) for s in col("sources", [])), dtype=np.int32, count=n)
        titles = [t if isinstance(t, str) else "" for t in col("title", "")]
        ids = [str(i) for i in col("event_id", "")]
        return cls(t0, t1, (t1 - t0) > 1.0, expected, uncertain, np.maximum(n_src, 1), titles, ids)


def _count(sources: object) -> int:
    try:
        return len(sources)  # type: ignore[arg-type]
    except TypeError:
        return 1


@dataclass(slots=True)
class LaneData:
    """One lane's events (indices into EventArrays) sorted by start time.

    Rows are split in two bands: period bars on top (packed so they never overlap; bars that do
    not fit go to an overflow strip), day markers below (overlapping only when rows run out).
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
    _rows: dict[tuple[int, int], np.ndarray] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.idx)

    @property
    def n_bars(self) -> int:
        return int(self.is_bar.sum())

    def split(self, n_rows: int) -> tuple[int, int]:
        """(bar rows, marker rows) for the lane given `n_rows` rows."""
        n_markers = self.count - self.n_bars
        if self.n_bars == 0:
            return 0, n_rows
        if n_markers == 0 or n_rows <= 1:
            return n_rows, 0
        bars = min(self.bar_rows, max(1, n_rows // 2))
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

    def __init__(self, arrays: EventArrays, assignment: LaneAssignment) -> None:
        self.arrays = arrays
        self.assignment = assignment
        self.lanes: list[LaneData] = []
        order = np.argsort(assignment.index, kind="stable")  # keeps t0 order inside lanes
        bounds = np.searchsorted(assignment.index[order], np.arange(len(assignment.names) + 1))
        for pos, name in enumerate(assignment.names):
            idx = order[bounds[pos] : bounds[pos + 1]]
            t0, t1 = arrays.t0[idx], arrays.t1[idx]
            bar = arrays.is_bar[idx]
            max_len = float((t1 - t0).max()) if len(idx) else 1.0
            bar_rows = rows_needed(t0[bar], t1[bar], cap=MAX_EXPORT_ROWS)
            marker_rows = rows_needed(t0[~bar], t1[~bar], cap=MAX_EXPORT_ROWS)
            self.lanes.append(LaneData(name, pos, idx, t0, t1, bar, max_len, bar_rows, marker_rows))

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, group_by: str) -> TimelineModel:
        return cls(EventArrays.from_frame(frame), lane_assignment(frame, group_by))

    @property
    def lane_names(self) -> list[str]:
        return [lane.name for lane in self.lanes]

    def screen_wants(self) -> list[int]:
        """Rows each lane would like on screen: its bars, and a few rows for markers' labels."""
        out = []
        for lane in self.lanes:
            n_markers = lane.count - lane.n_bars
            markers = max(lane.marker_rows, math.ceil(math.log2(n_markers + 1))) if n_markers else 0
            out.append(max(1, min(MAX_SCREEN_ROWS, min(lane.bar_rows, 3) + min(markers, 4))))
        return out

    def label_wants(self, scale: float, reserve_px: np.ndarray, cap: int) -> list[int]:
        """Rows each lane needs so every label fits at `scale` px/day (exports sized to fit)."""
        out = []
        for lane in self.lanes:
            if lane.count > GREEDY_LIMIT:
                out.append(min(cap, max(1, lane.bar_rows + lane.marker_rows)))
                continue
            end = np.maximum(lane.t1, lane.t0 + reserve_px[lane.idx] / scale)
            bars = rows_needed(lane.t0[lane.is_bar], end[lane.is_bar], cap=cap)
            markers = rows_needed(lane.t0[~lane.is_bar], end[~lane.is_bar], cap=cap)
            out.append(max(1, min(cap, bars + markers)))
        return out

    def rows(
        self, lane_i: int, n_rows: int, scale: float, reserve_px: Callable[[np.ndarray], np.ndarray]
    ) -> np.ndarray:
        """Row of each event of lane `lane_i` (-1: a bar in the overflow strip) at `scale`.

        Small lanes reserve room for labels, which depends on the zoom: rows are recomputed per
        octave of zoom and cached, so panning never moves events between rows.
        """
        lane = self.lanes[lane_i]
        greedy = lane.count <= GREEDY_LIMIT
        octave = math.floor(math.log2(max(scale, 1e-9))) if greedy else 0
        key = (n_rows, octave)
        cached = lane._rows.get(key)
        if cached is not None:
            return cached
        n_bar_rows, n_marker_rows = lane.split(max(1, n_rows))
        rows = np.zeros(lane.count, np.int32)
        bar = lane.is_bar
        end = lane.t1
        if greedy:
            end = np.maximum(lane.t1, lane.t0 + reserve_px(lane.idx) / 2.0**octave)
        if bar.any():  # first-fit even for huge lanes: bars are few and rows are few
            rows[bar] = pack_greedy(lane.t0[bar], end[bar], n_bar_rows, overflow=True)
        if (~bar).any():
            m = max(1, n_marker_rows)
            if greedy:
                marker_rows = pack_greedy(lane.t0[~bar], end[~bar], m)
            else:
                marker_rows = rank_rows(lane.t0[~bar], m)
            rows[~bar] = marker_rows + (n_bar_rows if n_marker_rows else 0)
        if len(lane._rows) > 16:
            lane._rows.clear()
        lane._rows[key] = rows
        return rows


def stack_lanes(
    model: TimelineModel,
    *,
    top: float,
    available: float | None,
    wants: Sequence[int],
    collapsed: set[str],
    row_h: float = 20.0,
    min_row_h: float = 13.0,
    pad: float = 5.0,
    collapsed_h: float = 24.0,
) -> list[LaneBox]:
    """Lay the lanes out top to bottom; `available` height (None: as tall as needed)."""
    flags = [lane.name in collapsed for lane in model.lanes]
    h, rows = allocate_rows(
        list(wants),
        flags,
        available=available,
        row_h=row_h,
        min_row_h=min_row_h,
        pad=pad,
        collapsed_h=collapsed_h,
    )
    boxes = []
    y = top
    for i, (r, c) in enumerate(zip(rows, flags, strict=True)):
        height = collapsed_h if c else r * h + 2 * pad
        boxes.append(LaneBox(lane=i, y=y, height=height, rows=r, row_h=h, pad=pad, collapsed=c))
        y += height
    return boxes
