"""Where the timeline's events come from: a table in memory, or an event dataset on disk.

A source answers the four questions a frame of the timeline asks: its lanes (with event
counts), events per lane per pixel bin for [t0, t1), the events in [t0, t1) when they are few
enough to draw one by one, and the time bounds. `FrameSource` wraps an in-memory event frame
(the renderer keeps its fast per-lane arrays for it); `DatasetSource` wraps a lazily read
`EventDataset` behind filters: binned counts come from a per-day histogram made once (so a
zoomed-out frame costs lanes × bins, not events), and the events of the visible window are
fetched from Parquet, with a margin on both sides, in a background thread.
"""

from __future__ import annotations

import contextlib
import logging
import math
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import CancelledError, Future
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from nkviewer.model.extent import bulk_range_binned
from nkviewer.model.lanes import display_lanes, lane_assignment
from nkviewer.threads import SharedThread, short_gil_turns

if TYPE_CHECKING:
    import pandas as pd

    from nkviewer.corpus.dataset import EventDataset
    from nkviewer.events.filters import EventFilter
    from nkviewer.model.timeline import PreparedModel, TimelineModel

log = logging.getLogger(__name__)

#: The window is fetched (events drawn one by one) when at most this many start in view.
VIEW_FETCH_MAX = 6000
#: Most events fetched at once: the margins around the view shrink to stay below it.
WINDOW_MAX = 20_000
#: A refilter's worker fetches the view's events (`DatasetSource.preload`) only when they lie
#: within this many stored rows: a sparse filter's events over years sit in every row group,
#: and decoding them all held the refilter 10-60 s (the timeline's own fetch does it later).
PRELOAD_MAX_ROWS = 4 * WINDOW_MAX
#: Margin fetched on each side of the view, in view widths.
MARGIN = 1.0
#: A new window is fetched once the view comes this close (in view widths) to the window's edge.
PREFETCH_AT = 0.5
#: Most histogram cells (lanes × days) kept per grouping; coarser days beyond.
MAX_HIST_CELLS = 8_000_000
#: How many of the groupings drawn lately `prepare` computes (see `RecentGroupings`).
_DRAWN_KEEP = 2

#: Told, from the fetching thread, that a window of events has arrived (`set_on_ready`).
WindowReady = Callable[[], None]


@dataclass(frozen=True, slots=True)
class LaneTable:
    """The lanes of a grouping: names in display order and their event counts."""

    names: list[str]
    counts: np.ndarray


@dataclass(frozen=True, slots=True)
class Window:
    """Events overlapping [t0, t1), fetched for a view inside that range (sorted by t0);
    with the timeline's model of `frame` grouped by `group_by` when the fetching thread made
    it (at 10^4 events 30-50 ms less on the window's thread when the window arrives)."""

    t0: float
    t1: float
    frame: pd.DataFrame
    serial: int
    model: TimelineModel | None = None
    group_by: str = ""

    def covers(self, t0: float, t1: float) -> bool:
        return self.t0 <= t0 and t1 <= self.t1


class RecentGroupings:
    """The groupings timelines drew a dataset by lately, most recent first: what
    `DatasetSource.prepare` computes in a worker so that the window's thread finds it ready.
    One is shared by the sources made for one dataset (each filter makes a new source); noted
    on the window's thread, read by workers, hence the lock."""

    def __init__(self, first: str = "country", keep: int = _DRAWN_KEEP) -> None:
        self._lock = threading.Lock()
        self._recent = [first]
        self._keep = keep

    def note(self, group_by: str) -> None:
        with self._lock:
            if self._recent[:1] != [group_by]:
                rest = (g for g in self._recent if g != group_by)
                self._recent = [group_by, *rest][: self._keep]

    def recent(self) -> tuple[str, ...]:
        with self._lock:
            return tuple(self._recent)


def starts_and_span(frame: pd.DataFrame) -> tuple[np.ndarray, tuple[float, float] | None]:
    """The starts of `frame`'s events, sorted, and the span from the first start to the last
    end (at least a day after the last start); None without events."""
    t0 = frame["t0"].to_numpy(dtype=np.float64) if len(frame) else np.zeros(0)
    if len(t0) and np.any(np.diff(t0) < 0):
        t0 = np.sort(t0)
    if not len(t0):
        return t0, None
    last = float(frame["t1"].max())
    return t0, (float(t0[0]), max(last, float(t0[-1]) + 1))


class FrameSource:
    """An in-memory event frame (sorted by t0) as a source; with what a worker prepared of
    it for the timeline (`prepared`, see `model.timeline.prepare`), which the timeline takes
    rather than making it on the window's thread."""

    def __init__(self, frame: pd.DataFrame, *, prepared: PreparedModel | None = None) -> None:
        if prepared is None or not prepared.fits(frame):
            prepared = None  # a table prepared in a worker was sorted there already
            if len(frame) and not frame["t0"].is_monotonic_increasing:
                # events.table stays off the start-up path: the window imports this module
                from nkviewer.events.table import sort_frame

                frame = sort_frame(frame)
        self.frame = frame
        self.prepared = prepared
        self._lanes: dict[str, tuple[LaneTable, list[np.ndarray]]] = {}
        self._starts: tuple[np.ndarray, tuple[float, float] | None] | None = None

    def count(self) -> int:
        return len(self.frame)

    def starts(self) -> tuple[np.ndarray, tuple[float, float] | None]:
        """The events' starts (sorted) and their span, read once (`starts_and_span`): the
        overview's density, read ahead by the worker that made the table."""
        if self._starts is None:
            self._starts = starts_and_span(self.frame)
        return self._starts

    def time_bounds(self) -> tuple[float, float] | None:
        if len(self.frame) == 0:
            return None
        return float(self.frame["t0"].iloc[0]), float(self.frame["t1"].max())

    def _grouped(self, group_by: str) -> tuple[LaneTable, list[np.ndarray]]:
        if group_by not in self._lanes:
            a = lane_assignment(self.frame, group_by)
            t0 = self.frame["t0"].to_numpy(dtype=np.float64)
            starts = [t0[a.index == i] for i in range(len(a.names))]
            self._lanes[group_by] = (LaneTable(list(a.names), np.asarray(a.counts)), starts)
        return self._lanes[group_by]

    def lanes(self, group_by: str) -> LaneTable:
        return self._grouped(group_by)[0]

    def count_bins(self, edges: np.ndarray, group_by: str) -> np.ndarray:
        """Events starting in each bin [edges[i], edges[i + 1]), per lane."""
        starts = self._grouped(group_by)[1]
        if not starts:
            return np.zeros((0, max(len(edges) - 1, 0)), np.int64)
        return np.vstack([np.diff(np.searchsorted(s, edges, "left")) for s in starts])

    def events_in(self, t0: float, t1: float, *, limit: int | None = None) -> pd.DataFrame:
        f = self.frame
        if len(f) == 0:
            return f
        hit = f[(f["t1"].to_numpy() > t0) & (f["t0"].to_numpy() < t1)]
        return (hit if limit is None else hit.iloc[:limit]).reset_index(drop=True)


class DatasetSource:
    """An `EventDataset` behind filters (an `EventFilter`), read lazily.

    `transform` is applied to every fetched frame (the window's curation: edited titles, the
    `hidden` flag); `drawn` is shared by the sources of one dataset (a new one when None). The
    widget drawing the source registers with `set_on_ready` to be told,
    from the fetching thread, when a window arrives.
    """

    def __init__(
        self,
        dataset: EventDataset,
        filters: EventFilter | None = None,
        *,
        transform: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
        background: bool = True,
        drawn: RecentGroupings | None = None,
    ) -> None:
        self.dataset = dataset
        self.drawn = drawn if drawn is not None else RecentGroupings()
        self.filters = filters
        self.transform = transform
        self._on_ready: WindowReady | None = None
        self._background = background
        self._lock = threading.Lock()
        self._hist: dict[str, tuple[LaneTable, np.ndarray, float, float]] = {}
        self._hist_gates: dict[str, threading.Lock] = {}  # one per grouping (`_histogram`)
        self._window: Window | None = None
        self._pending: tuple[float, float] | None = None
        self._serial = 0
        self._future: Future[None] | None = None  # the latest fetch asked for
        self._closed = False
        self._count: int | None = None

    # ------------------------------------------------------------------ totals

    def count(self) -> int:
        if self._count is None:
            self._count = int(self.dataset.count(self.filters))
        return self._count

    def prepare(self, groupings: Iterable[str] | None = None) -> None:
        """Compute what the first frames of this source ask for — its count, and the lanes and
        day histograms of `groupings` (default: no grouping and those timelines drew by lately)
        — on the calling thread (a worker), so that the window's thread finds them ready: at
        10^6 events a grouping's lane keys and histogram took 0.1-0.5 s when first painted."""
        self.count()
        wanted = ("none", *self.drawn.recent()) if groupings is None else groupings
        for group_by in dict.fromkeys(wanted):
            self._histogram(group_by)

    def drawn_by(self, group_by: str) -> None:
        """Note that a timeline draws this dataset grouped by `group_by` (see `prepare`)."""
        self.drawn.note(group_by)

    def time_bounds(self) -> tuple[float, float] | None:
        """First and last day with events passing the filters (whole dataset when unfiltered)."""
        bounds = self.dataset.time_bounds()
        if bounds is None or self.filters is None or not self.filters.is_active:
            return bounds
        _, cum, day0, res = self._histogram("none")
        per = np.diff(cum[0])
        hit = np.flatnonzero(per)
        if len(hit) == 0:
            return None
        return day0 + float(hit[0]) * res, day0 + float(hit[-1] + 1) * res

    def lanes(self, group_by: str) -> LaneTable:
        return self._histogram(group_by)[0]

    def bulk_bounds(self) -> tuple[float, float] | None:
        """Where the bulk of the filtered events starts (`extent.bulk_range_binned` over the
        day histogram): a dataset's first view, as a corpus in memory gets `bulk_range`."""
        _, cum, day0, res = self._histogram("none")
        if cum.shape[0] == 0:
            return None
        per = np.diff(cum[0])
        edges = day0 + np.arange(len(per) + 1) * res
        ext = bulk_range_binned(edges, per)
        return None if ext is None else (ext.t0, ext.t1)

    def figure_title(self, t0: float, t1: float, group_by: str) -> str:
        """`captions.figure_title` of the events starting in [t0, t1), from the histograms
        (lanes × days: no event is read or decoded, whatever the range holds)."""
        # captions' words stay off the start-up path: the window imports this module
        from nkviewer.model.captions import counted_title

        table = self.lanes(group_by)
        if not table.names:
            return ""
        before = self._before(np.array([t0, t1]), group_by)
        _, cum, day0, res = self._histogram("none")
        k0, k1 = (int(k) for k in np.clip(np.ceil((np.array([t0, t1]) - day0) / res), 0, None))
        k1 = min(max(k1, k0), cum.shape[1] - 1)
        k0 = min(k0, k1)
        starts = np.diff(cum[0, k0 : k1 + 1])
        edges = day0 + np.arange(k0, k1 + 1, dtype=np.float64) * res
        return counted_title(table.names, (before[:, 1] - before[:, 0]).tolist(), edges, starts)

    def _histogram(self, group_by: str) -> tuple[LaneTable, np.ndarray, float, float]:
        """Per display lane, the cumulative count of events starting before each day boundary.

        One `count_bins` call at one-day bins (coarser for very long spans), folded from the
        dataset's raw lane keys into the lanes the window shows.
        """
        with self._lock:
            hit = self._hist.get(group_by)
            if hit is not None:
                return hit
            gate = self._hist_gates.setdefault(group_by, threading.Lock())
        # One thread computes a grouping (others wanting it wait); `_lock` is not held
        # meanwhile, so the window's thread painting the grouping it has never waits for a
        # worker computing another (`regroup`: 0.1-0.5 s at 10^6 events).
        with gate:
            with self._lock:
                hit = self._hist.get(group_by)
            if hit is None:
                hit = self._compute_histogram(group_by)
                with self._lock:
                    self._hist[group_by] = hit
            return hit

    def _compute_histogram(self, group_by: str) -> tuple[LaneTable, np.ndarray, float, float]:
        ds = self.dataset
        raw_keys = ds.lane_keys(group_by)
        bounds = ds.time_bounds()
        if bounds is None or not raw_keys:
            return (LaneTable([], np.zeros(0, np.int64)), np.zeros((0, 2), np.int64), 0.0, 1.0)
        day0 = math.floor(bounds[0])
        days = max(1, math.ceil(bounds[1]) - day0 + 1)
        res = max(1.0, float(math.ceil(days * len(raw_keys) / MAX_HIST_CELLS)))
        bins = max(1, math.ceil(days / res))
        raw = ds.count_bins(day0, day0 + bins * res, bins, group_by=group_by, filters=self.filters)
        names, lane_of = display_lanes(group_by, raw_keys, raw.sum(axis=1).tolist())
        per_lane = np.zeros((len(names), bins), np.int64)
        keep = lane_of >= 0
        np.add.at(per_lane, lane_of[keep], raw[keep])
        cum = np.zeros((len(names), bins + 1), np.int64)
        np.cumsum(per_lane, axis=1, out=cum[:, 1:])
        return (LaneTable(names, cum[:, -1].copy()), cum, float(day0), res)

    def _before(self, t: np.ndarray, group_by: str) -> np.ndarray:
        """Per lane, events starting before each time of `t` (lanes × len(t))."""
        _, cum, day0, res = self._histogram(group_by)
        # day numbers are whole days: "starts before t" is "starts before ceil(t)"
        k = np.clip(np.ceil((np.asarray(t, dtype=np.float64) - day0) / res), 0, cum.shape[1] - 1)
        return cum[:, k.astype(np.int64)]

    def count_bins(self, edges: np.ndarray, group_by: str) -> np.ndarray:
        """Events starting in each bin [edges[i], edges[i + 1]), per lane; O(lanes × bins)."""
        return np.diff(self._before(edges, group_by), axis=1)

    def visible_count(self, t0: float, t1: float, group_by: str = "none") -> int:
        """Events starting in [t0, t1)."""
        if self._histogram(group_by)[1].shape[0] == 0:
            return 0
        c = self._before(np.array([t0, t1]), group_by)
        return int((c[:, 1] - c[:, 0]).sum())

    # ------------------------------------------------------------------ events

    def events_in(self, t0: float, t1: float, *, limit: int | None = None) -> pd.DataFrame:
        frame = self.dataset.events_in(t0, t1, filters=self.filters, limit=limit)
        return self.transform(frame) if self.transform is not None else frame

    def find(self, event_ids: list[str]) -> pd.DataFrame:
        """The events with these ids (filters not applied), curated."""
        frame = self.dataset.find(event_ids)
        return self.transform(frame) if self.transform is not None else frame

    def set_on_ready(self, callback: WindowReady | None) -> None:
        """Call `callback`, from the fetching thread, whenever a window arrives; None: call
        nobody (the widget that drew this source draws another now)."""
        self._on_ready = callback

    def current_window(self) -> Window | None:
        return self._window

    def window(self, t0: float, t1: float, *, wait: bool = False) -> Window | None:
        """A window of events covering the view [t0, t1), or None while it is being fetched.

        Returns the cached window when it covers the view; starts fetching a new one (the view
        plus margins) when the view nears the window's edge, so panning finds it ready.
        """
        if self.visible_count(t0, t1) > VIEW_FETCH_MAX:
            return None
        cur = self._window
        span = t1 - t0
        if cur is not None and cur.covers(t0, t1):
            near = cur.t0 > t0 - span * PREFETCH_AT or cur.t1 < t1 + span * PREFETCH_AT
            if near and not wait and self._background:
                self._request(t0, t1)
            return cur
        if wait or not self._background:
            a, b = self._extent(t0, t1)
            return self._store(a, b, self._fetch(a, b))
        self._request(t0, t1)
        return None

    def _extent(self, t0: float, t1: float) -> tuple[float, float]:
        """The range to fetch for a view: margins on both sides, narrower where events crowd."""
        span = t1 - t0
        margin = MARGIN
        while margin > 0.05 and self.visible_count(t0 - span * margin, t1 + span * margin) > (
            WINDOW_MAX
        ):
            margin /= 2
        return t0 - span * margin, t1 + span * margin

    def _fetch(self, a: float, b: float) -> pd.DataFrame:
        return self.events_in(a, b)

    def _store(
        self,
        a: float,
        b: float,
        frame: pd.DataFrame,
        model: tuple[str, TimelineModel] | None = None,
    ) -> Window:
        group_by, made = model if model is not None else ("", None)
        with self._lock:
            self._serial += 1
            self._window = Window(a, b, frame, self._serial, made, group_by)
            return self._window

    def _model_of(
        self, frame: pd.DataFrame, group_by: str | None = None
    ) -> tuple[str, TimelineModel]:
        """The timeline's model of a window's `frame` grouped by `group_by` (default: as the
        timeline drew this dataset last), made by a worker; the renderer takes it if it
        groups so."""
        from nkviewer.model.timeline import TimelineModel

        if group_by is None:
            group_by = self.drawn.recent()[0]
        table = self.lanes(group_by)
        model = TimelineModel.from_frame(
            frame, group_by, lanes=table.names, totals=table.counts.tolist()
        )
        model.arrays.ids.prepare_index()  # the selection drawn, found from the window's thread
        model.pack_bars()  # the huge lanes' rows, picked rather than packed on the window's thread
        drawn = self._window  # the label widths measured of the window drawn carry over
        if drawn is not None and drawn.model is not None:
            model.arrays.carry_widths([drawn.model.arrays])
        return group_by, model

    def regroup(self, group_by: str, cancelled: Callable[[], bool] = lambda: False) -> None:
        """Make, on the calling thread (the window's grouping worker), what drawing this source
        grouped by `group_by` asks for: its lanes and day histogram, and the model of the
        current window of events (kept with the window, where the renderer takes it), so that
        the window's thread switches grouping without a query or a layout (at 10^6 events
        0.1-0.6 s). Stops early once `cancelled()`; a window fetched meanwhile keeps its own
        model."""
        self._histogram(group_by)
        win = self._window
        if cancelled() or self._closed or win is None or win.group_by == group_by:
            return
        _, made = self._model_of(win.frame, group_by)
        with self._lock:
            if self._window is win:
                self._window = replace(win, model=made, group_by=group_by)

    def preload(self, t0: float, t1: float) -> None:
        """Fetch the window of events for the view [t0, t1), with its model, on the calling
        thread (a refilter's worker) if the view draws events one by one and they lie within
        `PRELOAD_MAX_ROWS` stored rows: the timeline then
        draws the new filter's events at once, not its counts first and the events (and their
        model, on the window's thread) when a fetch lands."""
        if self._closed or self.visible_count(t0, t1) > VIEW_FETCH_MAX:
            return
        a, b = self._extent(t0, t1)
        if self.dataset.rows_spanned(a, b) > PRELOAD_MAX_ROWS:
            return  # left to the fetching thread, when the timeline asks
        frame = self._fetch(a, b)
        try:
            model = self._model_of(frame)
        except Exception:  # the events still come: the renderer makes the model then
            log.exception("the timeline's model of a window of events failed")
            model = None
        self._store(a, b, frame, model)

    def _request(self, t0: float, t1: float) -> None:
        pending = self._pending
        if pending is not None and pending[0] <= t0 and t1 <= pending[1]:
            return
        a, b = self._extent(t0, t1)
        cur = self._window
        if cur is not None and cur.covers(a, b):
            return  # as wide as the events allow already
        if self._closed:
            return
        self._pending = (a, b)
        if self._future is not None:
            self._future.cancel()  # superseded: dropped unless it has started
        self._future = _FETCHER.executor().submit(self._fetch_and_store, a, b)

    def _fetch_and_store(self, a: float, b: float) -> None:
        """The fetching thread's work for one request: the window stored (unless a newer
        request replaced it meanwhile) before the future is done, so `wait` finds it."""
        try:
            with short_gil_turns():  # decoding is Python: the window's thread gets its turns
                frame = self._fetch(a, b)
        except Exception:
            if self._pending == (a, b):
                self._pending = None  # failed (a dataset closed meanwhile, as a rule)
            return
        if self._pending != (a, b) or self._closed:
            return  # a newer request replaced this one, or the source was dropped
        try:
            with short_gil_turns():
                model = self._model_of(frame)
        except Exception:  # the events still arrive: the renderer makes the model then
            log.exception("the timeline's model of a window of events failed")
            model = None
        if self._pending != (a, b) or self._closed:
            return
        self._pending = None
        self._store(a, b, frame, model)
        callback = self._on_ready
        if callback is not None:
            with contextlib.suppress(RuntimeError):  # the widget that asked is gone
                callback()

    def wait(self, timeout: float = 30.0) -> None:
        """Block until this source's latest fetch has landed (tests, exports); other sources'
        fetches on the shared thread are not waited for, except those queued before it."""
        future = self._future
        if future is not None:
            with contextlib.suppress(CancelledError):
                future.result(timeout=timeout)

    def close(self) -> None:
        """Drop this source's fetch in flight (one that has started lands nowhere)."""
        self._closed = True
        if self._future is not None:
            self._future.cancel()


#: The one thread fetching windows of events for every source (a thread per source started one
#: per filter change). A source's newer request cancels its older one not yet started.
_FETCHER = SharedThread("nkviewer-window")


#: What the timeline, the overview and the exports draw from: all events in memory, or a
#: dataset read window by window. Callers tell them apart with `isinstance(_, DatasetSource)`.
EventSource = FrameSource | DatasetSource
