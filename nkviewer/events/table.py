"""The event table: all events of a corpus as one pandas DataFrame, sorted by time.

Besides the record fields it keeps numeric columns for fast drawing and filtering:
`t0`/`t1` are day numbers (days since 1970-01-01; `t1` is the day *after* `end`, so a day event
spans one unit) as float64, sorted ascending by `t0`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np

from nkviewer import heap
from nkviewer.events.record import ALL_FIELDS, LIST_FIELDS, Event

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def day_number(iso: str) -> float:
    """Days since 1970-01-01 for an ISO date string (`YYYY-MM-DD`)."""
    return float(date.fromisoformat(iso).toordinal() - EPOCH_ORDINAL)


def from_day_number(t: float) -> date:
    return date.fromordinal(int(t) + EPOCH_ORDINAL)


_empty: pd.DataFrame | None = None


def empty_frame() -> pd.DataFrame:
    """An event frame without rows: a copy of one made once (making it costs 7-15 ms, a
    third of the turn that shows a reopened corpus before its events arrive; a copy 0.1 ms)."""
    global _empty
    if _empty is None:
        # pandas: imported on first use, after the window shows
        import pandas as pd

        df = pd.DataFrame({k: pd.Series(dtype=object) for k in ALL_FIELDS})
        df["t0"] = pd.Series(dtype="float64")
        df["t1"] = pd.Series(dtype="float64")
        _empty = df
    return _empty.copy()


def events_to_frame(events: Iterable[Event | dict[str, Any]]) -> pd.DataFrame:
    """Build a sorted event frame from records (dataclasses or dicts in contract shape)."""
    # pandas: imported on first use, after the window shows
    import pandas as pd

    rows = [e.to_json() if isinstance(e, Event) else e for e in events]
    if not rows:
        return empty_frame()
    columns = {k: [r.get(k) for r in rows] for k in ALL_FIELDS}
    for field in LIST_FIELDS:  # six lists per event: most of what a full collection walked
        heap.untrack_plain(columns[field])
    df = pd.DataFrame(columns)
    df["t0"] = day_numbers(columns["start"])
    df["t1"] = day_numbers(columns["end"]) + 1.0
    return sort_frame(df)


def day_numbers(isos: list[Any]) -> Any:
    """Day numbers of many ISO dates at once (numpy datetime64 parses them in C)."""
    return np.array(isos, dtype="datetime64[D]").astype("int64").astype("float64")


#: The order of an event table: by start, then end, then id (stable).
SORT_KEYS = ["t0", "t1", "event_id"]


def sort_frame(df: pd.DataFrame) -> pd.DataFrame:
    return df.sort_values(SORT_KEYS, kind="stable").reset_index(drop=True)


def time_order_ties(t0: np.ndarray, t1: np.ndarray) -> np.ndarray | None:
    """None when rows are not sorted by start, then end; else the rows `i` equal to row `i + 1`
    on both (which `SORT_KEYS` then orders by event_id)."""
    d0 = np.diff(np.asarray(t0, dtype=float))
    d1 = np.diff(np.asarray(t1, dtype=float))
    if (d0 < 0).any() or ((d0 == 0) & (d1 < 0)).any():
        return None
    return np.flatnonzero((d0 == 0) & (d1 == 0))


def one_chunk(array: pa.Array | pa.ChunkedArray) -> pa.Array:
    """An Arrow array as one contiguous array: a chunked one's only chunk (no copy) or its
    chunks combined."""
    import pyarrow as pa

    if isinstance(array, pa.ChunkedArray):
        return array.chunk(0) if array.num_chunks == 1 else array.combine_chunks()
    return array


def arrow_strings(series: pd.Series, *, convert: bool = False) -> pa.ChunkedArray | None:
    """The Arrow array behind a pandas string column (no copy); for any other column None, or
    with `convert` its values as Arrow text (a copy)."""
    import pandas as pd
    import pyarrow as pa

    arrow = getattr(series.array, "__arrow_array__", None)
    if isinstance(series.dtype, pd.StringDtype) and arrow is not None:
        # as it is: `pa.chunked_array` of a chunked array costs ~1.4 µs a chunk, and a curated
        # table's columns are slices of the raw one's (`curation.take_rows`), thousands of them
        data = arrow()
        return data if isinstance(data, pa.ChunkedArray) else pa.chunked_array([data])
    if not convert:
        return None
    return pa.chunked_array([pa.array(series.astype(str).tolist(), pa.string())])


def isin(column: pd.Series, values: Iterable[str]) -> np.ndarray:
    """`column.isin(values)` as a numpy bool array. For a column of Arrow strings (pandas 3's
    `str`) Arrow's own `is_in`: pandas 3.1 makes a `pa.scalar` of each value in Python, which for
    the ids of a large selection ran on the window's thread after every refilter (a rubber band
    over 10^5 events: 0.8-1.1 s turns in a 30-minute soak; 20,000 values of 100,000 ids: 97 ms
    of CPU, 13 ms with `is_in`), and in the curation worker held the interpreter's lock for as
    long for a sidecar's hidden ids, titles and dates."""
    import pyarrow as pa
    import pyarrow.compute as pc

    wanted_values = values if isinstance(values, list) else list(values)
    to_arrow = getattr(column.array, "__arrow_array__", None)
    data = to_arrow() if to_arrow is not None else None
    if data is not None and (pa.types.is_string(data.type) or pa.types.is_large_string(data.type)):
        try:
            wanted = pa.array(wanted_values, type=data.type)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            pass  # not all strings: as pandas does it
        else:
            hit = pc.is_in(data, value_set=wanted).fill_null(False)
            return np.asarray(hit.to_numpy(zero_copy_only=False), dtype=bool)
    return np.asarray(column.isin(wanted_values).to_numpy(dtype=bool), dtype=bool)


def frame_to_events(df: pd.DataFrame) -> list[Event]:
    cols = [c for c in ALL_FIELDS if c in df.columns]
    return [
        Event.from_json(dict(zip(cols, row, strict=True)))
        for row in df[cols].itertuples(index=False)
    ]
