"""A curated table's ids are one Arrow array, whatever the edit cut the table into: the
window looks events up by id (the selection drawn, the list's rows of the selected ids, the
event the source panel shows, the selection kept through a refilter), and each of Arrow's
lookups costs per chunk. The other text columns stay slices of the raw table's (see
test_curated_table_shares_raw.py)."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest
from curation_support import scattered, synthetic_raw

from nkviewer.app.memory import MemoryCorpus, _shown_of
from nkviewer.app.state import Curation
from nkviewer.corpus import curation
from nkviewer.corpus.curation import CONTIGUOUS_COLUMNS, curate
from nkviewer.events.facets import FilterState
from nkviewer.events.table import isin
from nkviewer.model.timeline import TextColumn


def _chunks(column: pd.Series) -> int:
    return int(column.array.__arrow_array__().num_chunks)


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    return synthetic_raw()


def _edits(raw: pd.DataFrame) -> dict[str, object]:
    """250 scattered hides (a rubber band's in the 10^5-event soak), 20 dates, 5 titles."""
    return {
        "hidden": scattered(raw, 250, 1),
        "dates": {e: ("2019-03-01", "2019-03-31", "month") for e in scattered(raw, 20, 2)},
        "titles": {e: "Renamed" for e in scattered(raw, 5, 3)},
    }


def test_after_scattered_hides_the_ids_are_one_chunk_and_the_rest_slices(
    raw: pd.DataFrame,
) -> None:
    got = curate(raw, **_edits(raw)).frame  # type: ignore[arg-type]
    assert "event_id" in CONTIGUOUS_COLUMNS
    assert _chunks(got["event_id"]) == 1
    # the columns the edits left alone are still joined from slices (not copied)
    assert _chunks(got["doc_title"]) > 250
    assert _chunks(got["sentence"]) > 250


@pytest.mark.parametrize("cap", [1024, 64])
def test_the_ids_are_one_chunk_past_the_sliced_runs_too(
    raw: pd.DataFrame, cap: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """400 hidden rows, none next to another, leave 401 runs: all sliced under the cap of
    1,024, the longest 32 past a cap of 64 (with the rows between copied); the ids are one
    array either way."""
    monkeypatch.setattr(curation, "MAX_SLICED_RUNS", cap)
    ids = raw["event_id"]
    hidden = ids.iloc[25::50].tolist()
    got = curate(raw, hidden=hidden).frame
    assert _chunks(got["event_id"]) == 1
    titles = _chunks(got["title"])  # still slices
    assert titles == 401 if cap == 1024 else cap // 2 <= titles <= cap + 1
    want = ids[~isin(ids, hidden)].reset_index(drop=True)
    pd.testing.assert_series_equal(got["event_id"], want)


def test_lookups_by_id_answer_as_on_the_sliced_ids(
    raw: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every lookup the window makes by id gives the same answer on the one-chunk ids as on
    the same ids joined from slices (how they were made before)."""
    edits = _edits(raw)
    whole = curate(raw, **edits).frame  # type: ignore[arg-type]
    monkeypatch.setattr(curation, "CONTIGUOUS_COLUMNS", frozenset())
    sliced = curate(raw, **edits).frame  # type: ignore[arg-type]
    assert _chunks(sliced["event_id"]) > 250 and _chunks(whole["event_id"]) == 1
    pd.testing.assert_frame_equal(whole, sliced)

    rng = random.Random(9)
    ids = raw["event_id"].tolist()
    hidden = list(edits["hidden"])  # type: ignore[call-overload]
    few = [rng.choice(ids) for _ in range(5)] + hidden[:3] + ["no such id"]
    many = [rng.choice(ids) for _ in range(2_000)] + hidden + ["no such id"]
    assert _shown_of(whole, few) == _shown_of(sliced, few)
    assert _shown_of(whole, many) == _shown_of(sliced, many)
    assert set(_shown_of(whole, few)) == set(few) - set(hidden) - {"no such id"}
    assert isin(whole["event_id"], many).tolist() == isin(sliced["event_id"], many).tolist()
    mine, theirs = TextColumn(whole["event_id"]), TextColumn(sliced["event_id"])
    listed = set(whole["event_id"])
    for values in (few, many):  # a scan of a few, a hash join of many
        found = mine.positions(values)
        assert found.tolist() == theirs.positions(values).tolist()
        assert [mine[int(p)] if p >= 0 else None for p in found] == [
            v if v in listed else None for v in values
        ]
    idx = np.asarray(rng.sample(range(len(whole)), 300), np.int64)
    assert mine.take(idx) == theirs.take(idx)
    assert mine.match(TextColumn(raw["event_id"])).tolist() == (
        theirs.match(TextColumn(raw["event_id"])).tolist()
    )


def test_the_corpus_in_memory_shows_and_filters_one_chunk_ids(raw: pd.DataFrame) -> None:
    """Through `MemoryCorpus`: the curated and the filtered tables' ids are one chunk, and the
    window's lookups on them find what is shown."""
    corpus = MemoryCorpus()
    corpus.set_raw(raw)
    edits = _edits(raw)
    curation_ = Curation(
        frozenset(edits["hidden"]),  # type: ignore[arg-type]
        dict(edits["titles"]),  # type: ignore[call-overload]
        dict(edits["dates"]),  # type: ignore[call-overload]
    )
    try:
        t0 = float(raw["t0"].iloc[len(raw) // 3])
        for filters in (FilterState(), FilterState(start=t0, end=t0 + 365.0)):
            result = corpus.refilter(filters, [], curation_)
            assert result is not None and corpus.accept(result)
            assert _chunks(corpus.events["event_id"]) == 1
            assert _chunks(corpus.filtered["event_id"]) == 1
            shown = corpus.filtered["event_id"].tolist()
            picked = shown[:: max(1, len(shown) // 7)]
            hidden = sorted(curation_.hidden)[:4]
            assert corpus.shown_of(hidden + picked) == picked
            record = corpus.record(picked[-1])
            assert record is not None and record["event_id"] == picked[-1]
    finally:
        corpus.close()
