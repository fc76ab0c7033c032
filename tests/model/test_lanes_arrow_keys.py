"""Lane keys of Arrow text are found by Arrow's `dictionary_encode` (`lanes._factorized`), not
pandas' `factorize`, and first actors by a loop of Python (`lanes._first_names`), not pandas'
`map` and `factorize`: the lanes, every event's lane and the counts must be those the pandas
way gave, whatever the order the keys come in (missing, empty and blank keys and actors, a key
spelt "Other", more keys than lanes with ties, unicode, repeated events, a curated table's many
chunks)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bench.synthetic import synthetic_frame
from nkviewer.corpus.curation import take_rows
from nkviewer.events.table import arrow_strings
from nkviewer.model import lanes
from nkviewer.model.lanes import MAX_COUNTRY_LANES, lane_assignment

KEYS: list[str | None] = [
    None,
    "",
    "   ",
    "Other",
    "China",
    "Russia",
    "North Korea",
    "Straße",
    "STRASSE",
    "İstanbul",
    "한국",
    "ΣΊΣΥΦΟΣ",
    *[f"Land {i}" for i in range(MAX_COUNTRY_LANES + 4)],
]


def _pandas_factorized(raw: pd.Series) -> tuple[np.ndarray, list[object]]:
    codes, uniques = pd.factorize(raw, use_na_sentinel=True)
    return np.asarray(codes, np.int64), uniques.tolist()


def _pandas_first_names(raw: pd.Series) -> tuple[np.ndarray, list[object]]:
    return _pandas_factorized(raw.map(lanes._first))


ACTORS: list[object] = [
    None,
    [],
    ["", "Kim Jong Un"],
    [None, "Putin"],
    ("Xi Jinping",),
    "Lavrov",
    "",
    ["Straße", "x"],
    ["İzmir"],
    ["Other"],
    ["   "],
    float("nan"),
    ["Kim Jong Un", "Putin"],
]


def _frame(n: int, seed: int) -> pd.DataFrame:
    frame = synthetic_frame(n, years=2, seed=seed)
    rng = np.random.default_rng(seed)
    # skewed so that counts differ, with ties among the rarer keys
    weights = np.r_[np.full(12, 4.0), np.ones(len(KEYS) - 12)]
    keys = rng.choice(np.array(KEYS, dtype=object), n, p=weights / weights.sum())
    frame["lane"] = pd.Series(keys, dtype=frame["lane"].dtype)
    frame["doc_source"] = pd.Series(keys[::-1], dtype=frame["doc_source"].dtype)
    actors = frame["actors"].tolist()
    for i in rng.choice(n, n // 3, replace=False).tolist():
        actors[i] = ACTORS[i % len(ACTORS)]
    frame["actors"] = pd.Series(actors, dtype=object)
    return frame


def _same(a: lanes.LaneAssignment, b: lanes.LaneAssignment) -> None:
    assert a.names == b.names
    assert a.index.tolist() == b.index.tolist()
    assert a.index.dtype == b.index.dtype
    assert a.counts.tolist() == b.counts.tolist()


@pytest.mark.parametrize("mode", ["country", "source", "actor", "none"])
def test_lanes_are_those_of_pandas_factorize(monkeypatch: pytest.MonkeyPatch, mode: str) -> None:
    frame = _frame(3_000, seed=21)
    repeated = pd.concat([frame, frame.iloc[::3]], ignore_index=True)
    rows = np.sort(np.random.default_rng(21).choice(len(repeated), 2_000, replace=False))
    curated = take_rows(repeated, rows)  # slices of the raw table's columns
    if mode == "country":
        assert arrow_strings(curated["lane"]) is not None
        assert arrow_strings(curated["lane"]).num_chunks > 1  # type: ignore[union-attr]
    for table in (frame, repeated, curated, frame.iloc[:0]):
        got = lane_assignment(table, mode)
        with monkeypatch.context() as patch:
            patch.setattr(lanes, "_factorized", _pandas_factorized)
            patch.setattr(lanes, "_first_names", _pandas_first_names)
            want = lane_assignment(table, mode)
        _same(got, want)


def test_codes_name_each_value_and_missing_ones() -> None:
    frame = _frame(500, seed=22)
    for raw in (frame["lane"], take_rows(frame, np.arange(0, 500, 3))["lane"]):
        codes, uniques = lanes._factorized(raw)
        values = raw.tolist()
        assert len(set(uniques)) == len(uniques)
        assert set(uniques) == {v for v in values if isinstance(v, str)}
        for code, value in zip(codes.tolist(), values, strict=True):
            if isinstance(value, str):
                assert uniques[code] == value
            else:
                assert code == -1


def test_object_keys_go_the_pandas_way() -> None:
    raw = pd.Series(["b", None, "a", "b", ""], dtype=object)
    codes, uniques = lanes._factorized(raw)
    assert codes.tolist() == [0, -1, 1, 0, 2]
    assert uniques == ["b", "a", ""]


def test_first_names_name_each_event() -> None:
    raw = pd.Series(ACTORS * 3, dtype=object)
    codes, names = lanes._first_names(raw)
    firsts = [lanes._first(v) for v in raw.tolist()]
    assert [names[c] if c >= 0 else None for c in codes.tolist()] == firsts
    assert len(set(names)) == len(names) == len({f for f in firsts if f is not None})
