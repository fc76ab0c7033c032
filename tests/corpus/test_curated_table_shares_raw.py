"""A curated table is the raw table plus its edits, not a copy of it: the Arrow columns an
edit leaves alone are slices of the raw table's (the same buffers), so Arrow's live bytes after
edits are the raw table's plus the edited columns' and the rows between the longest runs when
an edit cuts the table into more than `MAX_SLICED_RUNS` runs. (In the 10^5-event soak a hide
of a rubber band's events cut ~250 runs, and more than 64 made the curated table a copy of
every column: Arrow's live bytes doubled.) The one exception is `CONTIGUOUS_COLUMNS` (the
ids): the window looks events up by id, which costs per chunk, so they are copied into one
array (their own bytes, a twentieth of the text), whatever the edit."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from curation_support import scattered, synthetic_raw

from nkviewer.app.memory import MemoryCorpus
from nkviewer.app.state import Curation
from nkviewer.corpus import curation
from nkviewer.corpus.curation import CONTIGUOUS_COLUMNS, curate, sliced_segments, take_rows
from nkviewer.events.facets import FilterState


def _buffers(column: pd.Series) -> set[int]:
    values = column.array
    assert isinstance(values, pd.arrays.ArrowExtensionArray)
    return {b.address for c in values.__arrow_array__().chunks for b in c.buffers() if b}


def _text_columns(frame: pd.DataFrame) -> list[str]:
    return [
        str(c) for c in frame.columns if isinstance(frame[c].array, pd.arrays.ArrowExtensionArray)
    ]


def _copied_bytes(raw: pd.DataFrame, curated: pd.DataFrame) -> dict[str, int]:
    """Per Arrow column of `curated`, the bytes of its buffers that are not `raw`'s (each
    buffer once, however many chunks are slices of it)."""
    out = {}
    for name in _text_columns(curated):
        theirs = _buffers(raw[name])
        chunks = curated[name].array.__arrow_array__().chunks
        own = {b.address: b.size for c in chunks for b in c.buffers() if b}
        out[name] = sum(size for address, size in own.items() if address not in theirs)
    return out


def _arrow_bytes(column: pd.Series) -> int:
    """The bytes of a column's Arrow buffers (each once)."""
    chunks = column.array.__arrow_array__().chunks
    return sum({b.address: b.size for c in chunks for b in c.buffers() if b}.values())


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    return synthetic_raw()


def test_hiding_hundreds_of_scattered_events_copies_no_column(raw: pd.DataFrame) -> None:
    """250 scattered hidden events (a rubber band's hide in the soak) and some edited dates
    and titles: every column but the edited ones shares the raw table's buffers."""
    hidden = scattered(raw, 250, 1)
    moved = scattered(raw, 20, 2)
    dates = {e: ("2019-03-01", "2019-03-31", "month") for e in moved}
    titles = {e: "Renamed" for e in scattered(raw, 5, 3)}
    got = curate(raw, hidden=hidden, titles=titles, dates=dates).frame
    assert len(got) == len(raw) - len(set(hidden))
    edited = {"title", "start", "end", "granularity"}
    copied = _copied_bytes(raw, got)
    assert {c for c, n in copied.items() if n} <= edited | CONTIGUOUS_COLUMNS
    for name in CONTIGUOUS_COLUMNS:  # one array of their own, no bigger than the raw one
        assert copied[name] <= _arrow_bytes(raw[name])
    for name in set(_text_columns(got)) - edited - CONTIGUOUS_COLUMNS:
        assert _buffers(got[name]) <= _buffers(raw[name]), name
    # and the table is the one a copy would give
    plain = curate(raw, hidden=hidden, titles=titles, dates=dates, show_hidden=True).frame
    want = plain[~plain["hidden"]].reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want)


def test_more_runs_than_sliced_copy_only_the_rows_between_the_longest(
    raw: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past `MAX_SLICED_RUNS` runs, a column has at most that many chunks (+1) and copies the
    rows outside the longest runs it slices, not the whole column."""
    monkeypatch.setattr(curation, "MAX_SLICED_RUNS", 64)
    rng = random.Random(5)
    n = len(raw)
    # a few long stretches left alone, many short runs elsewhere (rubber bands)
    keep = np.ones(n, bool)
    for lo in range(0, n, n // 8):
        band = np.arange(lo, min(n, lo + n // 16))
        keep[band[[rng.random() < 0.3 for _ in band]]] = False
    rows = np.flatnonzero(keep)
    runs = int((np.diff(rows) != 1).sum()) + 1
    assert runs > 64
    got = take_rows(raw, rows)
    pd.testing.assert_frame_equal(got, raw.take(rows).reset_index(drop=True))
    segments = sliced_segments(rows)
    assert len(segments) <= 65
    copied_rows = sum(length for _, length, taken in segments if taken is not None)
    assert 0 < copied_rows < len(rows) // 2  # the long stretches are sliced
    for name in set(_text_columns(got)) - CONTIGUOUS_COLUMNS:  # those are one array
        arrow = got[name].array.__arrow_array__()
        assert arrow.num_chunks <= 65
        own = _copied_bytes(raw, got)[name]
        assert own < _arrow_bytes(raw[name]) // 2, name


def test_segments_cover_the_rows_in_order() -> None:
    rng = np.random.default_rng(7)
    for cap in (2, 4, 1024):
        for _ in range(20):
            rows = np.sort(rng.choice(5_000, rng.integers(1, 3_000), replace=False))
            if rng.random() < 0.5:
                rows = rng.permutation(rows)
            old = curation.MAX_SLICED_RUNS
            curation.MAX_SLICED_RUNS = cap
            try:
                segments = sliced_segments(rows)
            finally:
                curation.MAX_SLICED_RUNS = old
            assert len(segments) <= cap + 1
            again = np.concatenate(
                [
                    taken if taken is not None else np.arange(first, first + length)
                    for first, length, taken in segments
                ]
            )
            assert again.tolist() == rows.tolist()


def test_edits_undone_and_redone_in_memory_keep_arrow_bytes_to_the_raw_table(
    raw: pd.DataFrame,
) -> None:
    """A corpus in memory through many hides, date and title edits, undos and redos: the
    curated table shown never holds a copy of a column the edits left alone, so Arrow's live
    bytes stay those of the raw table plus the edited columns (title, start, end, granularity)."""
    corpus = MemoryCorpus()
    corpus.set_raw(raw)
    rng = random.Random(11)
    ids = raw["event_id"].tolist()
    edited = {"title", "start", "end", "granularity"}
    history = [Curation()]
    try:
        for step in range(40):
            now = history[-1]
            roll = rng.random()
            if roll < 0.2 and len(history) > 1:
                history.pop()  # undo
            elif roll < 0.6:
                band = scattered(raw, rng.randint(5, 60), step)
                history.append(Curation(now.hidden | set(band), now.titles, now.dates))
            elif roll < 0.8:
                dates = {**now.dates, rng.choice(ids): ("2020-01-01", "2020-01-31", "month")}
                history.append(Curation(now.hidden, now.titles, dates))
            else:
                titles = {**now.titles, rng.choice(ids): f"Renamed {step}"}
                history.append(Curation(now.hidden, titles, now.dates))
            result = corpus.refilter(FilterState(), [], history[-1])
            assert result is not None
            assert corpus.accept(result)
            shown = corpus.events
            copied = _copied_bytes(raw, shown)
            assert {c for c, n in copied.items() if n} <= edited | CONTIGUOUS_COLUMNS, step
            for name in CONTIGUOUS_COLUMNS:
                assert copied[name] <= _arrow_bytes(raw[name]), step
            last = history[-1]
            assert len(shown) == len(raw) - len(last.hidden)
            assert set(shown["event_id"]).isdisjoint(last.hidden)
    finally:
        corpus.close()


def test_a_slice_shares_and_a_take_copies() -> None:
    """The test's own yardstick: a slice's buffers are the array's, a take's are not."""
    column = pd.Series(pa.array(["a", "bb", None, "ccc"], pa.large_string())).astype("str")
    sliced = pd.Series(
        pd.array(
            pa.chunked_array([column.array.__arrow_array__().chunk(0).slice(1, 2)]),
            dtype=column.dtype,
        )
    )
    assert _buffers(sliced) <= _buffers(column)
    assert not _buffers(column.take([3, 0]).reset_index(drop=True)) & _buffers(column) - {0}
