"""A lazy view of an event dataset on disk (see `dataset_store`), queried through DuckDB.

Opening reads only the metadata and three numeric columns (`rid`, `t0`, `t1`: 24 bytes per
event) into memory. A timeline asks two questions per frame, both answered from that index plus
at most a few row groups of Parquet:

- `count_bins(t0, t1, bins, group_by=..., filters=...)`: events per lane and time bin, for
  zoomed-out views (numpy on the in-memory index; a filter costs one DuckDB query, then cached);
- `events_in(t0, t1, filters=..., limit=...)`: the individual events of the visible window
  (a `rid` range read from Parquet with row-group and year-partition pruning).

Facet counts and source documents are read on demand. One `EventDataset` may be shared between
threads, and a thread never waits for another's query or decoding unless it needs that very
result: each DuckDB query runs on a cursor of its own, each Parquet file has its own read
lock, and the caches' lock is held only to look up or store an entry. A result not cached yet
is computed once (`_once`): a second thread asking for it meanwhile waits for the first.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from nkviewer import heap
from nkviewer.corpus.dataset_store import (
    CORE_KEYS,
    DOC_INDEX,
    DOCUMENTS_DIR,
    EVENTS_DIR,
    is_dataset,
    parsed_from_row,
    read_meta,
)
from nkviewer.errors import InputError
from nkviewer.events.filters import FACET_KINDS, EventFilter, sort_counts, split_token
from nkviewer.events.record import ALL_FIELDS
from nkviewer.events.table import empty_frame, isin, one_chunk
from nkviewer.nlp.parsed import ParsedDocument
from nkviewer.threads import SharedThread, short_gil_turns

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

__all__ = ["GROUP_BY", "OTHER_LANE", "EventDataset", "EventFilter", "is_dataset"]

#: Lane keys per grouping, as SQL over the event columns ("" becomes `OTHER_LANE`).
GROUP_BY: dict[str, str] = {
    "country": "lane",
    "actor": "coalesce(actors[1], '')",
    "source": "doc_source",
    "none": "''",
}
#: Groupings whose key is a stored column.
_PLAIN_KEYS = {"country": "lane", "source": "doc_source"}
OTHER_LANE = "Other"
ALL_LANE = "All events"
_MASK_CACHE = 8
#: Decoded row groups kept for panning back and forth, at most this many (at 64 a
#: 100,000-event dataset stayed decoded whole, 0.7 million Python objects, after minutes of
#: panning) and at most `_GROUP_ROWS` rows in all.
_GROUP_CACHE = 24
#: One widest window a view fetches (`model.source.WINDOW_MAX`, 20,000 events) and half of
#: another. Counted in rows because a group's size is the file's choice: nkviewer writes 2,048
#: events per group, where 24 groups were 49,152 rows; another tool may write 10^5-10^6. In a
#: 10-minute soak at 10^5 the decoded groups were what Python's heap rose and fell with
#: (10-30 MB of traced blocks), and Python's arenas keep the highest level reached.
_GROUP_ROWS = 30_000
#: DuckDB's threads per query: one core stays free for the window's own thread (on a 2-core
#: machine a facet count on both cores held the window back as much as it sped the count up).
QUERY_THREADS = max(1, (os.cpu_count() or 2) - 1)
#: The connection's settings. `allocator_background_threads`: DuckDB's own allocator (jemalloc)
#: keeps what a query freed until a background thread returns it; without one, a 2-million-row
#: result dropped in a script left 309 MB resident, 141 MB with it (the rest Arrow's), and the
#: window kept whatever its largest query had once taken for as long as the dataset was open.
DUCKDB_CONFIG: dict[str, str | int | bool] = {
    "memory_limit": "512MB",
    "threads": QUERY_THREADS,
    "allocator_background_threads": True,
}
#: A row group not decoded yet is decoded for the rows a fetch wants alone when they are at
#: most this share of it (see `EventDataset._fetch`).
_SPARSE_SHARE = 0.25
_LIST_COLUMNS = ("actors", "places", "reported_by", "conflicts")
_STRUCT_COLUMNS = ("entities", "sources")
_FRAME_COLUMNS = (*ALL_FIELDS, "t0", "t1")


def _sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class EventDataset:
    """Read-only, lazily loaded events + documents of a dataset folder. Use `EventDataset.open`."""

    def __init__(self, path: Path, meta: dict[str, Any]) -> None:
        self.path = path
        self.meta = meta
        self._lock = threading.Lock()  # the caches' dicts only: held for a lookup or a store
        self._con_lock = threading.Lock()  # the connection makes cursors (one at a time)
        self._running: dict[int, Any] = {}  # cursors querying now (by id), for `close`
        self._closed = False
        self._computing: dict[Any, threading.Lock] = {}  # see `_once`
        self._files = sorted((path / EVENTS_DIR).glob("year=*/part-*.parquet"))
        if not self._files:
            raise_missing(path, EVENTS_DIR)
        try:
            import duckdb  # noqa: F401  (the connection is made by the opener's thread)
        except ImportError as exc:
            raise InputError("opening an event dataset needs DuckDB: pip install duckdb") from exc
        self._con: Any = None  # made with the index (0.04-0.08 s on a busy machine)
        self._reading = [threading.Lock() for _ in self._files]  # a ParquetFile reads one at a time
        # The view and the in-memory index are made in a worker: opening returns at once, and
        # the first use of the index (a refilter's worker, as a rule) waits for it.
        self._index: _Index | None = None
        self._index_job = _OPENER.executor().submit(self._make_index)
        # event id -> rid, for lookups of a few events by id (the window's thread asks them: a
        # query over every id took 0.1-0.3 s at 10^6 events); read after the index
        self._ids_job = _OPENER.executor().submit(self._make_id_index)
        # which part file holds each document: the Source panel reads one per event shown
        self._docs_job = _OPENER.executor().submit(self._make_doc_index)
        self._lanes: dict[tuple[str, str], tuple[list[str], np.ndarray, list[str]]] = {}
        self._masks: OrderedDict[str, np.ndarray | None] = OrderedDict()
        self._binned: OrderedDict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._groups: OrderedDict[tuple[int, int], dict[str, np.ndarray]] = OrderedDict()

    def _make_index(self) -> _Index:
        """The `events` view, and per rid its times and where its row lives (file, row in
        file): 0.2-0.5 s at 10^6 events, which held the window's thread on every (re)open."""
        # pyarrow: imported when a dataset is opened
        import duckdb
        import pyarrow.parquet as pq

        con = duckdb.connect(":memory:", config=dict(DUCKDB_CONFIG))
        listing = ", ".join(_sql_str(os.fspath(f)) for f in self._files)
        con.execute(
            f"CREATE VIEW events AS SELECT * FROM read_parquet([{listing}], hive_partitioning=true)"
        )
        with self._con_lock:
            self._con, closed = con, self._closed
        if closed:  # closed meanwhile: nothing queries it
            con.close()
        parquet = [pq.ParquetFile(f) for f in self._files]
        parts = [pf.read(columns=["rid", "t0", "t1"]) for pf in parquet]
        n = sum(t.num_rows for t in parts)
        ix = _Index(
            parquet=parquet,
            t0=np.empty(n, dtype=np.float64),
            t1=np.empty(n, dtype=np.float64),
            file=np.empty(n, dtype=np.int32),
            row=np.empty(n, dtype=np.int64),
        )
        for i, (pf, t) in enumerate(zip(parquet, parts, strict=True)):
            rid = t.column("rid").to_numpy()
            ix.file_rids.append(rid)
            ix.t0[rid] = t.column("t0").to_numpy()
            ix.t1[rid] = t.column("t1").to_numpy()
            ix.file[rid] = i
            ix.row[rid] = np.arange(t.num_rows)
            sizes = [pf.metadata.row_group(g).num_rows for g in range(pf.num_row_groups)]
            ix.group_starts.append(np.cumsum([0, *sizes])[:-1])
        ix.max_span = float((ix.t1 - ix.t0).max()) if n else 0.0
        return ix

    def _make_id_index(self) -> tuple[np.ndarray, np.ndarray] | None:
        """Every event id's 64-bit hash (DuckDB's `hash`), sorted, and the rid of each: 16
        bytes per event, one query of 0.3 s at 10^6 events. None when closed meanwhile."""
        if self._closed:
            return None
        got = self._query(
            "SELECT hash(event_id) AS h, rid FROM events ORDER BY h, rid", None, _numpy
        )
        return np.asarray(got["h"], dtype=np.uint64), np.asarray(got["rid"], dtype=np.int64)

    def _make_doc_index(self) -> tuple[np.ndarray, np.ndarray] | None:
        """The documents' index (`documents/_index.parquet`: doc ids, sorted, and the part
        file of each) in memory; None when closed meanwhile or unreadable (queries ask it)."""
        import pyarrow.parquet as pq

        if self._closed:
            return None
        try:
            table = pq.read_table(self.path / DOCUMENTS_DIR / DOC_INDEX, columns=["doc_id", "part"])
        except (OSError, ValueError):
            return None  # (missing or damaged: `document` asks DuckDB and says so)
        doc_ids = table.column("doc_id").to_numpy(zero_copy_only=False)
        parts = table.column("part").to_numpy(zero_copy_only=False)
        order = np.argsort(doc_ids, kind="stable")  # (written sorted; not trusted blindly)
        return doc_ids[order], parts[order]

    def _part_of(self, doc_id: str) -> str | None:
        """The part file holding `doc_id` ("" if none), from the index in memory once read;
        None while it is being read."""
        job = self._docs_job
        if not job.done() or job.cancelled() or job.exception() is not None:
            return None
        index = job.result()
        if index is None:
            return None
        doc_ids, parts = index
        i = int(np.searchsorted(doc_ids, doc_id))
        return str(parts[i]) if i < len(doc_ids) and doc_ids[i] == doc_id else ""

    def _rids_of(self, wanted: list[str]) -> np.ndarray | None:
        """The rids whose event id hashes as one of `wanted` does (ascending; a colliding
        id is possible: callers check the ids), from the id index; None while it is being
        read (callers then ask DuckDB). The ids are hashed by a query over them alone."""
        job = self._ids_job
        if not job.done() or job.cancelled() or job.exception() is not None:
            return None
        index = job.result()
        if index is None:
            return None
        hashes, rids = index
        got = self._query("SELECT hash(x) AS h FROM unnest(?::VARCHAR[]) t(x)", [wanted], _numpy)
        h = np.asarray(got["h"], dtype=np.uint64)
        lo = np.searchsorted(hashes, h, "left")
        hi = np.searchsorted(hashes, h, "right")
        if not len(h) or not (hi > lo).any():
            return np.zeros(0, np.int64)
        return np.unique(np.concatenate([rids[a:b] for a, b in zip(lo, hi, strict=True)]))

    def _ix(self) -> _Index:
        """The index, waiting for the worker making it if needed (its error raised here)."""
        ix = self._index
        if ix is None:
            ix = self._index = self._index_job.result()
        return ix

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> EventDataset:
        """Open a dataset folder; InputError (saying what to do) when it is not one."""
        folder = Path(path)
        return cls(folder, read_meta(folder))

    def close(self) -> None:
        """Close the DuckDB connection and drop the cached masks and decoded row groups.

        Queries running meanwhile on other threads are interrupted (they end there with a
        DuckDB error); the connection closes once the last of them has ended."""
        with self._con_lock:
            self._closed = True
            for cur in self._running.values():
                cur.interrupt()
            idle = self._con if not self._running else None  # else its last query closes it
        with self._lock:
            dropped: list[OrderedDict[Any, Any]] = [self._groups, self._masks, self._binned]
            self._groups, self._masks, self._binned = OrderedDict(), OrderedDict(), OrderedDict()
        _JANITOR.executor().submit(_drain, dropped, idle)

    def _query(
        self, sql: str, params: list[Any] | None = None, read: Callable[[Any], Any] | None = None
    ) -> Any:
        """Run `sql` on a cursor of its own, so threads query side by side (a cursor costs
        µs); `read` takes the result from it (default: `fetchall`)."""
        with self._cursor() as cur:
            cur.execute(sql, params or [])
            return (read or _fetchall)(cur)

    def _query_arrow(self, sql: str) -> Any:
        """`sql`'s result as a pyarrow Table (`to_arrow_table` in DuckDB 2, `arrow` in 1.x)."""
        with self._cursor() as cur:
            rel = cur.sql(sql)
            return (getattr(rel, "to_arrow_table", None) or rel.arrow)()

    @contextlib.contextmanager
    def _cursor(self) -> Iterator[Any]:
        """A cursor of its own for one query, interrupted if the dataset closes meanwhile."""
        self._ix()  # the view is made with the index
        with self._con_lock:  # DuckDB refuses a second call on a busy connection
            if self._closed:
                import duckdb

                raise duckdb.ConnectionException(f"the dataset {self.path} is closed")
            cur = self._con.cursor()
            self._running[id(cur)] = cur
        try:
            yield cur
        finally:
            with self._con_lock:
                del self._running[id(cur)]
                last = self._closed and not self._running
            cur.close()
            if last:  # closed meanwhile: this was the last query
                self._con.close()

    def _once(self, key: Any, cache: Any, compute: Callable[[], Any]) -> Any:
        """`cache[key]`, computed by `compute` if missing, by one thread at a time per key.

        The caches' lock is not held while computing: a thread wanting another entry (or one
        already cached) never waits for a query or a decode it does not need.
        """
        gate_key = (id(cache), key)
        with self._lock:
            if key in cache:
                return cache[key]
            gate = self._computing.setdefault(gate_key, threading.Lock())
        with gate:
            with self._lock:
                if key in cache:
                    return cache[key]
            try:
                value = compute()
            except BaseException:
                with self._lock:
                    self._computing.pop(gate_key, None)
                raise
            with self._lock:  # stored before the gate goes: nobody computes it twice
                cache[key] = value
                self._computing.pop(gate_key, None)
            return value

    def __enter__(self) -> EventDataset:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        if self._index is None and not self._index_job.done():  # the count it was written with
            events = self.meta.get("events")
            if isinstance(events, int) and events >= 0:
                return events
        return len(self._ix().t0)

    # ------------------------------------------------------------------ time and lanes

    def time_bounds(self) -> tuple[float, float] | None:
        """(first t0, last t1) over all events, in day numbers; None for an empty dataset."""
        ix = self._ix()
        if len(ix.t0) == 0:
            return None
        return float(ix.t0[0]), float(ix.t1.max())

    def lanes(self, group_by: str = "country") -> list[str]:
        """Lane names of a grouping, most events first (`Other` last); stable under filters."""
        return list(self._lane_codes(group_by)[0])

    def lane_keys(self, group_by: str = "country") -> list[str]:
        """The raw lane keys behind `lanes(group_by)`, in the same order ("" where none)."""
        self._lane_codes(group_by)
        return list(self._lanes[("lanes", group_by)][2])

    def _lane_codes(self, group_by: str) -> tuple[list[str], np.ndarray]:
        if group_by not in GROUP_BY:
            raise ValueError(f"group_by must be one of {', '.join(GROUP_BY)}, not {group_by!r}")
        key = ("lanes", group_by)
        labels, codes, _ = self._once(key, self._lanes, lambda: self._coded(group_by))
        return labels, codes

    def _coded(self, group_by: str) -> tuple[list[str], np.ndarray, list[str]]:
        """Lane labels in display order, each event's lane code (by rid), and the raw keys."""
        names, codes = self._raw_keys(group_by)
        counts = np.bincount(codes, minlength=len(names))
        if group_by == "none":
            names = [ALL_LANE] * len(names)
        order = sorted(range(len(names)), key=lambda i: (names[i] == "", -counts[i], names[i]))
        remap = np.empty(max(len(names), 1), dtype=np.int32)
        remap[order] = np.arange(len(order), dtype=np.int32)
        labels = [names[i] or OTHER_LANE for i in order]
        keys = [names[i] if group_by != "none" else "" for i in order]
        return labels, remap[codes] if len(codes) else codes, keys

    def _raw_keys(self, group_by: str) -> tuple[list[str], np.ndarray]:
        """Distinct lane keys and each event's index into them (by rid), unordered."""
        # pyarrow: imported on first use
        import pyarrow as pa
        import pyarrow.parquet as pq

        column = _PLAIN_KEYS.get(group_by)
        if column is None:  # computed keys: ask DuckDB
            got = self._query_arrow(f"SELECT {GROUP_BY[group_by]} AS k FROM events ORDER BY rid")
            keys = got.column("k").combine_chunks().dictionary_encode()
            names = [str(v) for v in keys.dictionary.to_pylist()]
            return names, keys.indices.to_numpy(zero_copy_only=False).astype(np.int32)
        # a stored column: Parquet's own dictionaries, file by file (no string copies)
        index: dict[str, int] = {}
        ix = self._ix()
        codes = np.zeros(len(ix.t0), dtype=np.int32)
        for path, rids in zip(self._files, ix.file_rids, strict=True):
            col = pq.read_table(path, columns=[column], read_dictionary=[column]).column(column)
            for chunk, lo in zip(
                col.chunks, np.cumsum([0, *(len(c) for c in col.chunks)]), strict=False
            ):
                if not isinstance(chunk, pa.DictionaryArray):
                    chunk = chunk.dictionary_encode()
                remap = np.array(
                    [index.setdefault(str(v), len(index)) for v in chunk.dictionary.to_pylist()]
                    or [0],
                    dtype=np.int32,
                )
                idx = chunk.indices.to_numpy(zero_copy_only=False)
                codes[rids[lo : lo + len(chunk)]] = remap[idx]
        return list(index), codes

    # ------------------------------------------------------------------ filters

    def _mask(self, filters: EventFilter | None) -> np.ndarray | None:
        """Rows passing `filters` as a boolean array over `rid`; None when nothing is filtered."""
        if filters is None or not filters.is_active:
            return None
        where, params = filters.sql()
        key = _mask_key(filters)

        def compute() -> np.ndarray:
            rids = self._query(f"SELECT rid FROM events WHERE {where}", params, _numpy)
            mask = np.zeros(len(self._ix().t0), dtype=bool)
            mask[np.asarray(rids["rid"], dtype=np.int64)] = True
            return mask

        mask: np.ndarray = self._once(key, self._masks, compute)
        with self._lock:
            if key in self._masks:
                self._masks.move_to_end(key)
            while len(self._masks) > _MASK_CACHE:
                self._masks.popitem(last=False)
        return mask

    def _cached_mask(self, filters: EventFilter) -> np.ndarray | bool | None:
        """`_mask(filters)` if cached (None: nothing filtered), else False (not computed)."""
        if not filters.is_active:
            return None
        key = _mask_key(filters)
        with self._lock:
            mask = self._masks.get(key)
        return False if mask is None else mask

    def count(self, filters: EventFilter | None = None) -> int:
        mask = self._mask(filters)
        return len(self) if mask is None else int(mask.sum())  # (len: no wait for the index)

    # ------------------------------------------------------------------ per-frame questions

    def count_bins(
        self,
        t0: float,
        t1: float,
        bins: int,
        *,
        group_by: str = "country",
        filters: EventFilter | None = None,
    ) -> np.ndarray:
        """Events per lane (rows, in `lanes(group_by)` order) and equal time bin over [t0, t1).

        An event counts in the bin holding its start (`t0`), so counts add up to the number
        of events starting in the range.
        """
        if bins < 1 or not t1 > t0:
            raise ValueError("count_bins needs bins >= 1 and t1 > t0")
        names, _ = self._lane_codes(group_by)
        starts, codes = self._binned_arrays(group_by, filters)
        lo = int(np.searchsorted(starts, t0, "left"))
        hi = int(np.searchsorted(starts, t1, "left"))
        scale = bins / (t1 - t0)
        b = ((starts[lo:hi] - t0) * scale).astype(np.int64)
        np.clip(b, 0, bins - 1, out=b)
        flat = codes[lo:hi].astype(np.int64) * bins + b
        counts = np.bincount(flat, minlength=len(names) * bins)
        return counts.reshape(len(names), bins)

    def _binned_arrays(
        self, group_by: str, filters: EventFilter | None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Sorted starts and lane codes of the events passing `filters` (cached per filter)."""
        _, codes = self._lane_codes(group_by)
        mask = self._mask(filters)
        t0 = self._ix().t0
        if mask is None:
            return t0, codes
        key = (group_by, json.dumps(filters.sql() if filters else None, default=str))
        got: tuple[np.ndarray, np.ndarray] = self._once(
            key, self._binned, lambda: (t0[mask], codes[mask])
        )
        with self._lock:
            if key in self._binned:
                self._binned.move_to_end(key)
            while len(self._binned) > _MASK_CACHE:
                self._binned.popitem(last=False)
        return got

    def events_in(
        self,
        t0: float,
        t1: float,
        *,
        filters: EventFilter | None = None,
        limit: int | None = None,
    ) -> pd.DataFrame:
        """The events overlapping [t0, t1) passing `filters`, in time order, as an event frame.

        The frame has the shape `nkviewer.events.table.events_to_frame` gives (list fields as
        lists, `t0`/`t1` day numbers). `limit` keeps the first events in time order.
        """
        ix = self._ix()
        lo = int(np.searchsorted(ix.t0, t0 - ix.max_span, "left"))
        hi = int(np.searchsorted(ix.t0, t1, "left"))
        rids = lo + np.flatnonzero(ix.t1[lo:hi] > t0)
        mask = self._mask(filters)
        if mask is not None and len(rids):
            rids = rids[mask[rids]]
        if limit is not None:
            rids = rids[: max(0, limit)]
        return self._fetch(rids)

    def rows_spanned(self, t0: float, t1: float) -> int:
        """How many stored rows `events_in(t0, t1)` looks through, filters aside: what its
        reading costs when a filter keeps few of them (each row group touched is read)."""
        ix = self._ix()
        lo = int(np.searchsorted(ix.t0, t0 - ix.max_span, "left"))
        return int(np.searchsorted(ix.t0, t1, "left")) - lo

    def find(self, event_ids: Iterable[str]) -> pd.DataFrame:
        """The events with these ids (any filter aside), in time order."""
        wanted = sorted({str(e) for e in event_ids})
        if not wanted:
            return self._fetch(np.zeros(0, np.int64))
        rids = self._rids_of(wanted)
        if rids is not None:  # the id index: rows of the candidates, colliding ones dropped
            frame = self._fetch(rids, few=True)
            hit = isin(frame["event_id"], wanted)
            return frame if hit.all() else frame[hit].reset_index(drop=True)
        got = self._query(
            "SELECT rid FROM events WHERE list_contains(?::VARCHAR[], event_id)", [wanted], _numpy
        )
        return self._fetch(np.sort(np.asarray(got["rid"], dtype=np.int64)))

    def values_of(self, event_ids: Iterable[str], column: str) -> dict[str, Any]:
        """`column` of the events with these ids (as stored: titles before any edit), read
        from that column alone; ids not in the dataset are left out."""
        wanted = sorted({str(e) for e in event_ids})
        if not wanted:
            return {}
        rids = self._rids_of(wanted)
        if rids is None:
            frame = self.find(wanted)
            return dict(zip(frame["event_id"], frame[column], strict=True))
        ids = self._column_at(rids, "event_id")
        values = self._column_at(rids, column)
        keep = set(wanted)
        return {str(e): v for e, v in zip(ids, values, strict=True) if e in keep}

    def _column_at(self, rids: np.ndarray, column: str) -> np.ndarray:
        """One stored column's values at `rids` (ascending), from the decoded row groups at
        hand, else read from Parquet that column alone (no row group decoded whole)."""
        out = np.empty(len(rids), dtype=object)
        for f, g, offsets, at in self._by_group(rids):
            with self._lock:
                cols = self._groups.get((f, g))
            if cols is not None and column in cols:
                out[at] = cols[column][offsets]
                continue
            table = self._read_group(f, g, [column])
            out[at] = table.column(0).to_numpy(zero_copy_only=False)[offsets]
        return out

    def passing(self, event_ids: Iterable[str], filters: EventFilter | None = None) -> set[str]:
        """Those of `event_ids` that are in the dataset and pass `filters`."""
        wanted = sorted({str(e) for e in event_ids})
        if not wanted:
            return set()
        flt = filters or EventFilter()
        cached = self._cached_mask(flt)
        rids = None if cached is False else self._rids_of(wanted)
        if rids is not None:  # the id index and the filter's mask at hand: no query over all
            mask = cached if isinstance(cached, np.ndarray) else None
            keep = set(wanted)
            ids = self._column_at(rids, "event_id")
            return {
                str(e)
                for e, rid in zip(ids, rids, strict=True)
                if e in keep and (mask is None or mask[rid])
            }
        where, params = flt.sql()
        rows = self._query(
            f"SELECT event_id FROM events WHERE list_contains(?::VARCHAR[], event_id) AND {where}",
            [wanted, *params],
        )
        return {str(r[0]) for r in rows}

    def iter_frames(
        self, filters: EventFilter | None = None, *, batch: int = 20_000
    ) -> Iterator[pd.DataFrame]:
        """Every event passing `filters`, in time order, a frame of at most `batch` at a time
        (exports stream a dataset without holding it in memory)."""
        mask = self._mask(filters)
        rids = np.arange(len(self._ix().t0)) if mask is None else np.flatnonzero(mask)
        for lo in range(0, len(rids), max(1, batch)):
            yield self._fetch(rids[lo : lo + batch], cache=False)

    def iter_tables(
        self, filters: EventFilter | None = None, *, batch: int = 20_000
    ) -> Iterator[pa.Table]:
        """`iter_frames` as the stored Arrow rows (the contract's fields and `t0`/`t1`),
        nothing decoded to Python: a Parquet export writes them as they are."""
        # pyarrow: imported when a dataset is opened
        import pyarrow as pa

        mask = self._mask(filters)
        rids = np.arange(len(self._ix().t0)) if mask is None else np.flatnonzero(mask)
        for lo in range(0, len(rids), max(1, batch)):
            wanted = rids[lo : lo + batch]
            pieces, order = [], []
            for f, g, offsets, at in self._by_group(wanted):
                order.append(wanted[at])
                pieces.append(self._read_group(f, g).take(offsets))
            rows = pa.concat_tables(pieces, promote_options="permissive")
            if len(pieces) > 1:  # files in turn: back to time order
                rows = rows.take(np.argsort(np.concatenate(order), kind="stable"))
            yield rows

    def to_frame(self, filters: EventFilter | None = None) -> pd.DataFrame:
        """Every event passing `filters` in memory (for exports of a filtered selection)."""
        mask = self._mask(filters)
        rids = np.arange(len(self._ix().t0)) if mask is None else np.flatnonzero(mask)
        return self._fetch(rids)

    def _fetch(self, rids: np.ndarray, *, cache: bool = True, few: bool = False) -> pd.DataFrame:
        """Rows by `rid` (ascending), from the row groups that hold them (decoded ones cached).

        Of a row group not decoded yet, only the rows wanted are decoded when they are at most
        `_SPARSE_SHARE` of it, or `few` (a lookup of a few rows by id): a sparse filter's
        events over years lie a few in every row group, and decoding each group whole cost
        2,048 rows of Python objects for each few rows. Only the groups holding wanted rows
        are read at all (the in-memory index says which). Rows are gathered column by column
        with numpy (cheap even for many small pieces) and become one DataFrame at the end.
        """
        # pandas: imported on first use, after the window shows
        import pandas as pd

        if len(rids) == 0:
            return empty_frame()
        pieces: list[dict[str, np.ndarray]] = []
        order: list[np.ndarray] = []
        for f, g, offsets, at in self._by_group(rids):
            order.append(rids[at])
            with self._lock:
                cached = self._groups.get((f, g))
            if cached is None and (few or len(offsets) <= _SPARSE_SHARE * self._rows_in(f, g)):
                pieces.append(_decode(self._read_group(f, g).take(offsets)))
                continue
            cols = self._group(f, g, cache=cache)
            # only the rows wanted, taken at once: rows scattered over a dataset touch every
            # row group, and holding each group whole until the end held the whole dataset
            # decoded (10,000 rows of 10^6: 2.3 GB for 20 s)
            pieces.append({name: cols[name][offsets] for name in _FRAME_COLUMNS})
        perm = np.argsort(np.concatenate(order), kind="stable") if len(pieces) > 1 else None
        data: dict[str, Any] = {}
        for name in _FRAME_COLUMNS:
            col = np.concatenate([piece[name] for piece in pieces])
            col = col if perm is None else col[perm]
            # object columns stay object: inferring pandas' string dtype costs more than the rest
            data[name] = pd.Series(col, dtype=col.dtype, copy=False)
        return pd.DataFrame(data, copy=False)

    def _by_group(self, rids: np.ndarray) -> Iterator[tuple[int, int, np.ndarray, np.ndarray]]:
        """Per row group holding some of `rids`: (file, group, rows in the group, where in
        `rids` they are)."""
        ix = self._ix()
        files = ix.file[rids]
        rows = ix.row[rids]
        for f in np.unique(files):
            sel = np.flatnonzero(files == f)
            f_rows = rows[sel]
            groups = np.searchsorted(ix.group_starts[f], f_rows, "right") - 1
            for g in np.unique(groups):
                in_g = groups == g
                yield int(f), int(g), f_rows[in_g] - ix.group_starts[f][g], sel[in_g]

    def _read_group(self, f: int, g: int, columns: Iterable[str] = _FRAME_COLUMNS) -> pa.Table:
        """Row group `g` of file `f` as stored (`columns`: the frame's), under the file's lock."""
        with self._reading[f]:
            return self._ix().parquet[f].read_row_group(g, columns=list(columns))

    def _rows_in(self, f: int, g: int) -> int:
        """Rows in row group `g` of file `f`."""
        ix = self._ix()
        starts = ix.group_starts[f]
        end = starts[g + 1] if g + 1 < len(starts) else len(ix.file_rids[f])
        return int(end - starts[g])

    def _group(self, f: int, g: int, *, cache: bool = True) -> dict[str, np.ndarray]:
        """One row group decoded to numpy columns, kept in a small LRU cache for panning."""
        key = (f, g)

        def decode() -> dict[str, np.ndarray]:
            return _decode(self._read_group(f, g))

        if not cache:
            with self._lock:
                cols = self._groups.get(key)
            return cols if cols is not None else decode()
        cols = self._once(key, self._groups, decode)
        with self._lock:
            if key in self._groups:
                self._groups.move_to_end(key)
            self._trim_groups()
        return cols

    def _trim_groups(self) -> None:
        """Drop the least recently used decoded groups beyond `_GROUP_CACHE` groups or
        `_GROUP_ROWS` rows (the latest one stays, whatever its size); under `_lock`."""
        groups = self._groups
        rows = sum(len(cols["t0"]) for cols in groups.values())
        while len(groups) > 1 and (len(groups) > _GROUP_CACHE or rows > _GROUP_ROWS):
            _, dropped = groups.popitem(last=False)
            rows -= len(dropped["t0"])

    # ------------------------------------------------------------------ facets and documents

    def facet_counts(self, filters: EventFilter | None = None) -> dict[str, list[tuple[str, int]]]:
        """Per facet kind, (value, events) under every filter but that facet's own."""
        flt = filters or EventFilter()
        out: dict[str, list[tuple[str, int]]] = {}
        groups: dict[str | None, list[str]] = {}
        for kind in FACET_KINDS:
            groups.setdefault(kind if flt.picked(kind) else None, []).append(kind)
        for skip, kinds in groups.items():
            where, params = flt.sql(skip_facet=skip)
            rows = self._query(
                "SELECT f, count(*) FROM (SELECT unnest(facets) AS f FROM events "
                f"WHERE {where}) GROUP BY f",
                params,
            )
            per_kind: dict[str, list[tuple[str, int]]] = {k: [] for k in kinds}
            for token, n in rows:
                kind, value = split_token(token)
                if kind in per_kind:
                    per_kind[kind].append((value, int(n)))
            for kind in kinds:
                out[kind] = sort_counts(per_kind[kind], flt.picked(kind))
        return {k: out[k] for k in FACET_KINDS}

    def document(self, doc_id: str) -> ParsedDocument:
        """One source document with its parse results, read from its part file alone."""
        docs = self.path / DOCUMENTS_DIR
        known = self._part_of(doc_id)  # the index in memory, once read
        if known is None:
            hit = self._query(
                f"SELECT part FROM read_parquet({_sql_str(os.fspath(docs / DOC_INDEX))}) "
                "WHERE doc_id = ? LIMIT 1",
                [doc_id],
                lambda cur: cur.fetchone(),
            )
            known = "" if hit is None else str(hit[0])
        if not known:
            raise KeyError(f"no document {doc_id!r} in {self.path}")
        part = docs / f"part-{known}.parquet"
        names, row = self._query(
            f"SELECT * FROM read_parquet({_sql_str(os.fspath(part))}) WHERE doc_id = ?",
            [doc_id],
            lambda cur: ([d[0] for d in cur.description or ()], cur.fetchone()),
        )
        if row is None:
            raise KeyError(f"document {doc_id!r} is listed but missing from {part}")
        return parsed_from_row(dict(zip(names, row, strict=True)))

    def document_ids(self) -> list[str]:
        docs = self.path / DOCUMENTS_DIR / DOC_INDEX
        rows = self._query(
            f"SELECT doc_id FROM read_parquet({_sql_str(os.fspath(docs))}) ORDER BY doc_id"
        )
        return [r[0] for r in rows]


@dataclass
class _Index:
    """What opening reads: see `EventDataset._make_index`."""

    parquet: list[Any]
    t0: np.ndarray
    t1: np.ndarray
    file: np.ndarray
    row: np.ndarray
    group_starts: list[np.ndarray] = field(default_factory=list)
    file_rids: list[np.ndarray] = field(default_factory=list)
    max_span: float = 0.0


#: the thread that reads a dataset's index as it opens
_OPENER = SharedThread("nkviewer-open")
#: the thread that frees a closed dataset's caches
_JANITOR = SharedThread("nkviewer-free")


def _drain(caches: list[OrderedDict[Any, Any]], con: Any = None) -> None:
    """Free caches entry by entry: decoded row groups hold about 20,000 Python objects each,
    and a reopen that freed 24 of them at once held the window's thread 0.2 s at 10^6 events
    (freed one by one here, the window's thread gets its turn between them); then close the
    DuckDB connection `con` if given (up to 0.02 s)."""
    with short_gil_turns():
        for cache in caches:
            while cache:
                cache.popitem()
    if con is not None:
        con.close()


def raise_missing(path: Path, what: str) -> None:
    raise InputError(f"the dataset {path} has no {what} files; run the extraction again")


def _mask_key(filters: EventFilter) -> str:
    where, params = filters.sql()
    return json.dumps([where, params], default=str)


def _fetchall(cur: Any) -> Any:
    return cur.fetchall()


def _numpy(cur: Any) -> Any:
    return cur.fetchnumpy()


def _decode(table: Any) -> dict[str, np.ndarray]:
    """Stored rows → numpy columns with what `events_to_frame` holds (lists as lists, records
    as dicts without the keys a record did not have), equal to a per-row `to_pylist` decoding.

    In bulk: each list column's values become Python objects in one Arrow conversion per
    column (per struct field), and rows take their slices of them by the stored offsets. The
    per-row Python that is left is a slice per row and a dict per record (4-5x less work than
    `to_pylist` + a comprehension per row, which held the GIL from the window's thread).
    The lists are left out of the cyclic collector's sight (`_lists`): six per row, kept
    decoded for panning, they were two thirds of what every full collection walked."""
    out: dict[str, np.ndarray] = {}
    n = table.num_rows
    for name in _FRAME_COLUMNS:
        column = table.column(name)
        if name in _LIST_COLUMNS or name in _STRUCT_COLUMNS:
            lists = _lists(column.combine_chunks()) if n else []
            out[name] = np.fromiter(lists, dtype=object, count=n)
        elif name in ("t0", "t1"):
            out[name] = column.to_numpy().astype(np.float64)
        elif _is_text(column.type):
            out[name] = _strings(column)
        else:
            out[name] = column.to_numpy(zero_copy_only=False)
    return out


def _is_text(kind: Any) -> bool:
    # pyarrow: imported when a dataset is opened
    import pyarrow as pa

    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind))


def _strings(values: Any) -> np.ndarray:
    """A text array's values as an object array (None for nulls) holding one Python string per
    distinct value, shared by the rows that have it. Arrow's own conversion makes a string per
    row, and most text columns repeat a few values (lanes, dates, granularities, the places and
    actors of the list columns): of a decoded row group's 4 MB of Python objects, about a third
    were copies. A decoded group is kept for panning and handed to the window's frames, so every
    copy stayed as long as they did."""
    # pyarrow: imported when a dataset is opened
    import pyarrow.compute as pc

    values = one_chunk(values)
    n = len(values)
    if values.null_count == n:
        return np.full(n, None, dtype=object)
    coded = pc.dictionary_encode(values)
    words = coded.dictionary.to_numpy(zero_copy_only=False)
    if len(words) == n:  # every value distinct: the dictionary is the array, in its order
        return words
    codes = coded.indices
    if not codes.null_count:
        return words[codes.to_numpy()]
    out = words[codes.fill_null(0).to_numpy()]
    out[~np.asarray(codes.is_valid().to_numpy(zero_copy_only=False), bool)] = None
    return out


def _lists(column: Any) -> list[list[Any]]:
    """A list column's cells as Python lists (a null cell as []), from its offsets."""
    # pyarrow: imported when a dataset is opened
    import pyarrow as pa

    offsets = column.offsets.to_numpy()
    starts, ends = offsets[:-1], offsets[1:]
    if column.null_count:  # a null cell's offsets may still span values: it is empty
        starts = starts.copy()
        ends = np.where(column.is_valid().to_numpy(zero_copy_only=False), ends, starts)
    lo = int(offsets[0])
    values = column.values.slice(lo, int(offsets[-1]) - lo)
    items = _records(values) if pa.types.is_struct(values.type) else _plain(values)
    cells = [items[a:b] for a, b in zip((starts - lo).tolist(), (ends - lo).tolist(), strict=True)]
    heap.untrack_plain(cells)  # no cycle can run through them: no collection need walk them
    return cells


def _plain(values: Any) -> list[Any]:
    """An Arrow array of scalars as a list of Python values (None for nulls), in one go."""
    # pyarrow: imported when a dataset is opened
    import pyarrow as pa

    kind = values.type
    if _is_text(kind):
        return list(_strings(values).tolist())
    if (pa.types.is_integer(kind) or pa.types.is_boolean(kind)) and not values.null_count:
        return list(values.to_numpy(zero_copy_only=False).tolist())
    return list(values.to_pylist())


@functools.cache
def _record_maker(width: int) -> Callable[..., list[dict[str, Any]]]:
    """`make(k0, ..., c0, ...)` (`width` >= 1 keys and columns): one dict {k0: c0[i], ...} per
    row i, made by a dict display: a third of the time of `dict(zip(keys, row))` per record,
    which was most of a row group's decoding. The source is made from `width` alone (the keys
    are arguments: nothing read from a file becomes code)."""
    keys = [f"k{i}" for i in range(width)]
    cols = [f"c{i}" for i in range(width)]
    vals = [f"v{i}" for i in range(width)]
    pairs = ", ".join(f"{k}: {v}" for k, v in zip(keys, vals, strict=True))
    body = f"[{{{pairs}}} for ({', '.join(vals)},) in zip({', '.join(cols)}, strict=True)]"
    source = f"def make({', '.join(keys + cols)}):\n    return {body}\n"
    scope: dict[str, Any] = {}
    exec(compile(source, f"<records of {width} keys>", "exec"), scope)
    make: Callable[..., list[dict[str, Any]]] = scope["make"]
    return make


def _records(values: Any) -> list[dict[str, Any]]:
    """Stored structs → dicts, without the keys a record did not have (null, beyond the
    contract's `CORE_KEYS`), keys in the stored order: the contract's keys by one dict display
    per record (`_record_maker`), then the keys some records have added to those records alone."""
    names = [values.type.field(i).name for i in range(values.type.num_fields)]
    fields = values.flatten()
    columns = [_plain(f) for f in fields]
    extra = [i for i, k in enumerate(names) if k not in CORE_KEYS]
    if extra and extra[0] < len(names) - len(extra):  # a key beyond the contract comes first
        return [  # (not written so by nkviewer: per record)
            {k: v for k, v in zip(names, row, strict=True) if v is not None or k in CORE_KEYS}
            for row in zip(*columns, strict=True)
        ]
    core = names[: len(names) - len(extra)]
    if 0 < len(core) <= len(CORE_KEYS):  # (more: a file repeating keys; no code made for it)
        records = _record_maker(len(core))(*core, *columns[: len(core)])
    elif core:
        rows = zip(*columns[: len(core)], strict=True)
        records = [dict(zip(core, row, strict=True)) for row in rows]
    else:
        records = [{} for _ in range(len(values))]
    for i in extra:
        if fields[i].null_count == len(values):
            continue
        key, column = names[i], columns[i]
        present = np.flatnonzero(fields[i].is_valid().to_numpy(zero_copy_only=False))
        for r in present.tolist():
            records[r][key] = column[r]
    return records
