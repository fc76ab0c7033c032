"""Lanes of the timeline: which lane each event belongs to, in what order, and in which row.

Grouping is by country/side (the default: the countries the corpus names most, busiest first),
first actor, outlet, or none. Inside a
lane, events are packed into rows so bars (and, where labels are reserved, labels) do not overlap.
Small lanes use a greedy first-fit that reserves room for each label; very large lanes use a
vectorised packing (bars by overlap depth, same-day markers by rank), as they are shown as density
when zoomed out anyway.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from nkviewer.events.table import arrow_strings, one_chunk

if TYPE_CHECKING:
    import pandas as pd

GROUP_MODES: tuple[str, ...] = ("country", "actor", "source", "none")
OTHER = "Other"
ALL_EVENTS = "All events"
NO_ACTOR = "No actor named"
NO_SOURCE = "Unknown source"
#: Actor and source grouping show the busiest lanes by name and fold the rest into "Other".
MAX_NAMED_LANES = 11
#: Country grouping shows the countries with most events (the corpus decides which), the rest
#: in "Other": about eight sides are what a reader follows on one screen.
MAX_COUNTRY_LANES = 8
#: Lanes with at most this many events get label-aware greedy packing.
GREEDY_LIMIT = 4000


@dataclass(frozen=True, slots=True)
class LaneAssignment:
    """Lane names in display order, the lane index of every event, and events per lane."""

    mode: str
    names: list[str]
    index: np.ndarray  # int32, one per event (frame order)
    counts: np.ndarray  # int64, one per lane


def lane_assignment(
    frame: pd.DataFrame, mode: str, *, names: Sequence[str] | None = None
) -> LaneAssignment:
    """Assign every event of `frame` to a lane for grouping `mode`; empty lanes are left out.

    With `names` (the lanes of a whole dataset, of which `frame` is a window) the lanes are
    exactly those, empty ones included, so lanes stay put while the window moves.
    """
    # pandas: imported on first use, after the window shows
    import pandas as pd

    if mode not in GROUP_MODES:
        raise ValueError(f"unknown grouping {mode!r}; use one of {', '.join(GROUP_MODES)}")
    n = len(frame)
    if names is not None:
        return _fixed_assignment(frame, mode, list(names))
    if mode == "none" or n == 0:
        return LaneAssignment(mode, [ALL_EVENTS], np.zeros(n, np.int32), np.array([n]))
    column = {"country": "lane", "actor": "actors", "source": "doc_source"}[mode]
    raw = frame[column] if column in frame.columns else pd.Series([None] * n, dtype=object)
    # the rules are applied per distinct key, not per event: an edit re-assigns 100,000
    # events in a few milliseconds (the keys found in Arrow / C)
    codes, uniques = _first_names(raw) if mode == "actor" else _factorized(raw)
    keys = [_first(u) if mode == "actor" else _named(u) for u in uniques]
    per_key = np.bincount(codes[codes >= 0], minlength=len(keys))
    if mode == "country":
        fallback = OTHER
        limit = MAX_COUNTRY_LANES
        named_keys = [k if k != OTHER else None for k in keys]
    else:
        fallback = NO_ACTOR if mode == "actor" else NO_SOURCE
        limit = MAX_NAMED_LANES
        named_keys = [k if k != fallback else None for k in keys]
    totals: dict[str, int] = {}
    for key, count in zip(named_keys, per_key.tolist(), strict=True):
        if key is not None:
            totals[key] = totals.get(key, 0) + count
    # a key spelt "Other" joins the Other lane
    ranked = sorted((-c, k) for k, c in totals.items() if c > 0 and k != OTHER)
    named = [k for _, k in ranked[:limit]]
    order = [*named, OTHER] if mode == "country" else [*named, OTHER, fallback]
    position = {name: i for i, name in enumerate(order)}
    lane_of_key = np.array(
        [
            position.get(k, position[OTHER]) if k is not None else position[fallback]
            for k in named_keys
        ]
        + [position[fallback]],  # the last entry: events with no key (code -1)
        dtype=np.int32,
    )
    full = lane_of_key[codes]
    counts_full = np.bincount(full, minlength=len(order))
    used = np.flatnonzero(counts_full)
    remap = np.full(len(order), -1, np.int32)
    remap[used] = np.arange(len(used), dtype=np.int32)
    return LaneAssignment(mode, [order[i] for i in used], remap[full], counts_full[used])


def lane_keys(frame: pd.DataFrame, mode: str) -> pd.Series:
    """Each event's raw lane key for `mode` (before folding into "Other"); "" when none."""
    # pandas: imported on first use, after the window shows
    import pandas as pd

    n = len(frame)
    if mode == "country":
        raw = frame["lane"] if "lane" in frame.columns else pd.Series([""] * n)
        return raw.fillna("").astype(object)
    if mode == "actor":
        raw = frame["actors"] if "actors" in frame.columns else pd.Series([None] * n)
        return raw.map(_first).fillna("").astype(object)
    if mode == "source":
        raw = frame["doc_source"] if "doc_source" in frame.columns else pd.Series([None] * n)
        return raw.where(raw.map(_present), "").fillna("").astype(object)
    return pd.Series([""] * n, dtype=object)


def display_lanes(
    mode: str, keys: Sequence[str], counts: Sequence[int]
) -> tuple[list[str], np.ndarray]:
    """Lanes shown for raw lane `keys` with event `counts`: the names in display order and, per
    key, the index of its lane. The same folding as `lane_assignment` (busiest named lanes,
    the rest in "Other"), for a dataset that knows only its keys and their counts."""
    counts_arr = np.asarray(counts, dtype=np.int64)
    if mode not in GROUP_MODES:
        raise ValueError(f"unknown grouping {mode!r}; use one of {', '.join(GROUP_MODES)}")
    if mode == "none":
        return [ALL_EVENTS], np.zeros(len(keys), np.int32)
    if mode == "country":
        present = [k.strip() != "" and k != OTHER for k in keys]
        ranked = sorted(
            (i for i in range(len(keys)) if present[i] and counts_arr[i] > 0),
            key=lambda i: (-counts_arr[i], keys[i]),
        )
        named = [keys[i] for i in ranked[:MAX_COUNTRY_LANES]]
        chosen = set(named)
        lane_of = [k if k in chosen else OTHER for k in keys]
        order = [*named, OTHER]
    else:
        fallback = NO_ACTOR if mode == "actor" else NO_SOURCE
        named_keys = [k.strip() != "" for k in keys]
        ranked = sorted(
            (i for i in range(len(keys)) if named_keys[i] and counts_arr[i] > 0),
            key=lambda i: (-counts_arr[i], keys[i]),
        )
        named = [keys[i] for i in ranked[:MAX_NAMED_LANES]]
        chosen = set(named)
        lane_of = [
            (k if k in chosen else OTHER) if named_keys[i] else fallback for i, k in enumerate(keys)
        ]
        order = [*named, OTHER, fallback]
    position = {name: i for i, name in enumerate(order)}
    full = np.array([position[n] for n in lane_of], dtype=np.int32)
    totals = np.bincount(full, weights=counts_arr, minlength=len(order)) if len(keys) else None
    used = np.flatnonzero(totals) if totals is not None else np.zeros(0, np.int64)
    remap = np.full(len(order), -1, np.int32)
    remap[used] = np.arange(len(used), dtype=np.int32)
    return [order[i] for i in used], remap[full] if len(full) else full


def _fixed_assignment(frame: pd.DataFrame, mode: str, names: list[str]) -> LaneAssignment:
    """Events of `frame` in the given lanes: a key not named goes to "Other" (or the last lane)."""
    n = len(frame)
    if mode == "none" or not names:
        index = np.zeros(n, np.int32)
    else:
        keys = lane_keys(frame, mode)
        fallback = {"actor": NO_ACTOR, "source": NO_SOURCE}.get(mode)
        position = {name: i for i, name in enumerate(names)}
        other = position.get(OTHER, len(names) - 1)
        empty = position.get(fallback, other) if fallback else other
        index = np.fromiter(
            (position.get(k, other) if k else empty for k in keys.tolist()), np.int32, n
        )
    counts = np.bincount(index, minlength=len(names)) if names else np.zeros(0, np.int64)
    return LaneAssignment(mode, names, index, counts)


def _factorized(raw: pd.Series) -> tuple[np.ndarray, list[object]]:
    """`pd.factorize(raw)` as codes (-1 for a missing value) and the distinct values (a list),
    in some order (callers rank keys by count and name, never by where they came first). A
    column of Arrow text is encoded by Arrow's own kernels: pandas' factorize of it made
    index and array objects enough to set off the collector (35 young collections per 150
    curation jobs at 10^5 events in the curate worker)."""
    import pandas as pd
    import pyarrow.compute as pc

    arrow = arrow_strings(raw)
    if arrow is None:  # Python objects (an actor's first name, a missing column)
        codes, uniques = pd.factorize(raw, use_na_sentinel=True)
        return np.asarray(codes, np.int64), uniques.tolist()
    # one array: encoding a curated table's thousand slices one by one cost twice as much
    whole = one_chunk(arrow)
    encoded = pc.dictionary_encode(whole)  # (a missing value: a null index)
    codes = np.asarray(encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False), np.int64)
    return codes, encoded.dictionary.to_pylist()


def _first_names(raw: pd.Series) -> tuple[np.ndarray, list[object]]:
    """`_factorized(raw.map(_first))`: each event's first actor as a code (-1: none) and the
    distinct names, in a loop of Python (which lets the interpreter's lock go at every switch
    interval): pandas' `map` ended in making Arrow text of 10^5 names, one call that held the
    lock (119 ms in the curate worker in a soak on the loaded machine)."""
    code_of: dict[str, int] = {}
    codes = np.fromiter(
        (
            -1 if (name := _first(v)) is None else code_of.setdefault(name, len(code_of))
            for v in raw.tolist()
        ),
        np.int64,
        len(raw),
    )
    return codes, list(code_of)


def _present(v: object) -> bool:
    return isinstance(v, str) and v.strip() != ""


def _named(v: object) -> str | None:
    return v if isinstance(v, str) and v.strip() != "" else None


def _first(v: object) -> str | None:
    if isinstance(v, str):
        return v or None
    try:
        for item in v:  # type: ignore[attr-defined]
            if isinstance(item, str) and item:
                return item
    except TypeError:
        return None
    return None


def pack_greedy(
    t0: np.ndarray, end: np.ndarray, n_rows: int, gap: float = 0.0, *, overflow: bool = False
) -> np.ndarray:
    """First-fit rows for intervals [t0, end) sorted by t0.

    An interval that fits no row goes to the row that frees first, or gets row -1 when
    `overflow` is set (the caller draws those apart).
    """
    rows = np.zeros(len(t0), np.int32)
    ends = [-np.inf] * max(1, n_rows)
    for i, (a, b) in enumerate(zip(t0.tolist(), end.tolist(), strict=True)):
        # the earliest end first (in C): when every row is taken, none is scanned in Python
        row = -1 if min(ends) > a else _first_free(ends, a)
        if row < 0:
            if overflow:
                rows[i] = -1
                continue
            row = ends.index(min(ends))
        rows[i] = row
        ends[row] = b + gap
    return rows


@dataclass(frozen=True, slots=True)
class BarRows:
    """A huge lane's bars packed first-fit over `cap` rows, -1 where a bar found none
    (`pack_greedy(..., cap, overflow=True)`): the rows of that packing over any fewer rows too.

    First-fit puts each bar in the lowest row free at its start, so rows below `n` fill
    exactly as they would with only `n` rows: with `n` rows, a bar the packing over `cap` put
    in row `n` or above finds no row (-1), and the others keep theirs. And when every bar
    found a row (not `overflowed`), rows past `cap` would stay empty: the rows are those of
    any `n` above it too. So one packing, made by a worker before the lane's rows on screen
    are known, serves every row count a layout or a resize asks of it."""

    rows: np.ndarray  # int32, one per bar
    cap: int
    overflowed: bool

    @classmethod
    def pack(cls, t0: np.ndarray, end: np.ndarray, cap: int) -> BarRows:
        """First-fit of the bars [t0, end) (sorted by t0) over `cap` rows (at least one)."""
        cap = max(1, cap)
        rows = pack_greedy(t0, end, cap, overflow=True)
        return cls(rows, cap, bool((rows < 0).any()))

    def serves(self, n_rows: int) -> bool:
        """Whether these rows give those of a packing over `n_rows` rows."""
        return max(1, n_rows) <= self.cap or not self.overflowed

    def over(self, n_rows: int) -> np.ndarray:
        """The bars' rows packed over `n_rows` rows (`serves(n_rows)` holds): those equal to
        `pack_greedy(t0, end, n_rows, overflow=True)`."""
        n = max(1, n_rows)  # pack_greedy packs over one row when asked for none
        if n >= self.cap:
            return self.rows
        return np.where(self.rows < n, self.rows, -1).astype(np.int32)


def _first_free(ends: list[float], a: float) -> int:
    """The first row whose end is at or before `a`, -1 when none is.

    Callers skip it when `min(ends) > a` (no row free): a NaN end makes that test fail (NaN
    compares false), never wrongly pass, so the rows are those of a plain scan."""
    for k, e in enumerate(ends):
        if e <= a:
            return k
    return -1


def pack_labelled(
    t0: np.ndarray, label_end: np.ndarray, glyph_end: np.ndarray, n_rows: int
) -> np.ndarray:
    """First-fit rows for glyphs that want room for a label after them.

    Each event takes the first row free until its label's end; failing that, the first row where
    at least its glyph fits (the label before it will be shortened or hidden, never overlapped);
    failing that, the row that frees first.
    """
    fit = LabelledFit(len(t0), n_rows)
    fit.extend(t0, label_end, glyph_end)
    return fit.rows


class LabelledFit:
    """`pack_labelled` done as far as asked: the rows of the first `done` events, and the rows'
    ends so far, from which the next events are packed (`extend`) exactly as in one pass.

    The timeline packs a lane only up to the last event it shows: a view early in a lane
    packs none of the events after it, and panning on packs only the events it brings.
    """

    __slots__ = ("_dominated", "_gly", "_lab", "done", "rows")

    def __init__(self, n: int, n_rows: int) -> None:
        self.rows = np.zeros(n, np.int32)  # rows past `done`: 0, not packed yet
        self.done = 0
        self._lab = [-np.inf] * max(1, n_rows)
        self._gly = [-np.inf] * max(1, n_rows)
        #: whether every row's label ends no earlier than its glyph (no NaN either)
        self._dominated = True

    def extend(self, t0: np.ndarray, label_end: np.ndarray, glyph_end: np.ndarray) -> None:
        """Pack the next `len(t0)` events (those after the first `done`, in order).

        A busy lane's rows are mostly all taken: each tier is first asked in C whether any row
        is free (`min`) before its rows are scanned in Python (2-4x less time than a scan).
        Where every label ends no earlier than its glyph (all but the shortest titles), a row
        whose glyph is not free has no free label either: one `min` over the glyphs' ends
        then tells that no row is free in either tier (a third less time per event than asking
        each tier). A free first row is taken without a scan; the rows are gathered in a list
        and stored in one slice (a numpy item stored per event cost a fifth of the loop)."""
        lab, gly = self._lab, self._gly
        out: list[int] = []
        put = out.append
        events = zip(t0.tolist(), label_end.tolist(), glyph_end.tolist(), strict=True)
        # (False where an end is NaN: those are packed by the loop that asks both tiers)
        dominated = self._dominated and bool((label_end >= glyph_end).all())
        if dominated:
            for a, b, c in events:
                first = min(gly)
                if first > a:  # no glyph free, so no label either: the row that frees first
                    row = gly.index(first)
                elif lab[0] <= a:  # what the scan finds first (False for NaN)
                    row = 0
                else:
                    row = -1 if min(lab) > a else _first_free(lab, a)
                    if row < 0:
                        row = _first_free(gly, a)
                        if row < 0:
                            row = gly.index(first)
                put(row)
                lab[row] = b
                gly[row] = c
        else:
            for a, b, c in events:
                if lab[0] <= a:  # what the scan finds first (False for NaN: scanned below)
                    row = 0
                else:
                    row = -1 if min(lab) > a else _first_free(lab, a)
                    if row < 0:
                        first = min(gly)
                        row = -1 if first > a else _first_free(gly, a)
                        if row < 0:
                            row = gly.index(first)
                put(row)
                lab[row] = b
                gly[row] = c
            dominated = all(x >= y for x, y in zip(lab, gly, strict=True))
        self._dominated = dominated
        stop = self.done + len(out)
        self.rows[self.done : stop] = out
        self.done = stop


def rows_needed(t0: np.ndarray, end: np.ndarray, gap: float = 0.0, cap: int = 64) -> int:
    """How many rows first-fit packing of [t0, end) needs (at most `cap`).

    First-fit over intervals in order of their starts uses as many rows as the most intervals
    open at once (an interval graph is coloured optimally so), and with `cap` rows it fills
    all of them exactly when it would need more: so the answer is the deepest overlap, counted
    in numpy, instead of packing in Python (7 ms for a lane of 4,000 bars after each edit).
    Intervals of no length, or not in order, are packed (where the count and first-fit may
    differ)."""
    if len(t0) == 0:
        return 0
    stop = end + gap
    if len(t0) > GREEDY_LIMIT or (
        bool((stop > t0).all()) and bool((np.diff(t0) >= 0).all())  # also False for NaN
    ):
        return int(min(cap, overlap_depth(t0, stop).max() + 1))
    rows = pack_greedy(t0, end, cap, gap)
    return int(rows.max()) + 1


def overlap_depth(t0: np.ndarray, end: np.ndarray) -> np.ndarray:
    """For intervals sorted by t0: how many earlier intervals are still open at each start."""
    ends_sorted = np.sort(end)
    closed = np.searchsorted(ends_sorted, t0, side="right")
    return (np.arange(len(t0)) - closed).astype(np.int32)


def depth_rows(t0: np.ndarray, t1: np.ndarray, n_rows: int) -> np.ndarray:
    """Vectorised rows for the bars of a very large lane: the overlap depth, -1 past `n_rows`.

    Unlike first-fit this may put two overlapping bars in one row now and then; it is used only
    where first-fit in Python would be too slow, and such lanes show as density when zoomed out.
    """
    depth = overlap_depth(t0, t1)
    return np.where(depth < n_rows, depth, -1).astype(np.int32)


def rank_rows(t0: np.ndarray, n_rows: int) -> np.ndarray:
    """Vectorised rows for many day markers: their rank among markers of the same day."""
    n = len(t0)
    if n == 0:
        return np.zeros(0, np.int32)
    idx = np.arange(n)
    starts = np.r_[True, t0[1:] != t0[:-1]]
    group_start = np.maximum.accumulate(np.where(starts, idx, 0))
    return ((idx - group_start) % max(1, n_rows)).astype(np.int32)


def allocate_rows(
    wants: list[int],
    collapsed: list[bool],
    *,
    available: float | None,
    row_h: float,
    min_row_h: float,
    pad: float,
    collapsed_h: float,
    grow_to: list[int] | None = None,
    grow_more: list[int] | None = None,
) -> tuple[float, list[int]]:
    """Row height and rows per lane so the lanes fit `available` pixels (None: no limit).

    Rows shrink to `min_row_h` first; then the busiest lanes give up rows, each keeping one.
    With room to spare, lanes get extra rows (up to `grow_to`, the fullest lane first), so
    more labels show instead of blank space under the lanes; room still left over then goes
    the same way up to `grow_more` (e.g. a single lane filling the window).
    """
    rows = [0 if c else max(1, w) for w, c in zip(wants, collapsed, strict=True)]
    fixed = sum(collapsed_h if c else 2 * pad for c in collapsed)
    if available is None or not any(rows):
        return row_h, rows
    room = max(0.0, available - fixed)
    total = sum(rows)
    if total * row_h <= room:
        for tier in (grow_to, grow_more):
            if tier is None:
                continue
            limits = [0 if c else g for g, c in zip(tier, collapsed, strict=True)]
            while (sum(rows) + 1) * row_h <= room:
                spare = [i for i, r in enumerate(rows) if r < limits[i]]
                if not spare:
                    break
                i = max(spare, key=lambda k: (limits[k] - rows[k]) / (rows[k] + 1))
                rows[i] += 1
        return row_h, rows
    h = max(min_row_h, room / max(total, 1))
    while sum(rows) * h > room:
        i = int(np.argmax(rows))
        if rows[i] <= 1:
            break
        rows[i] -= 1
    return h, rows
