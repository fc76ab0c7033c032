"""A text search's masks come from Arrow's `match_substring` over an Arrow haystack (which
lets the interpreter's lock go while it scans); they must be those pandas' object
`str.contains` gave over the case-folded haystack before: the same case folding, every term
must match, substrings not patterns, a missing title or sentence as empty text (it matches
no term: not "none", not "nan", not everything as pandas' NaN once did), repeated events, and
rows retitled by a curation edit (`derive`), across chunk boundaries."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from bench.synthetic import synthetic_frame
from nkviewer.events import facets
from nkviewer.events.facets import FilterEngine, FilterState
from nkviewer.events.filters import EventFilter

TEXTS: list[str | None] = [
    "Straße gesperrt",
    "STRASSE GESPERRT",
    "İstanbul talks",
    "ISTANBUL talks",
    "Diyarbakır ıi",
    "한국 대통령 방문",
    "ΣΊΣΥΦΟΣ σίσυφος",
    "ﬁle ǅ",
    "a.b* (c)? [d] \\e",
    "",
    None,
    "None nan",
]
SEARCHES = [
    "straße",
    "STRASSE gesperrt",
    "İstanbul",
    "i̇stanbul",
    "istanbul talks",
    "ı",
    "대통령",
    "σίσυφος",
    "FILE",
    "ǆ",
    "a.b*",
    "(c)?",
    "[d] \\e",
    ".",
    "none",
    "nan",
    "<na>",
    "\n",
    "talks gesperrt",
    "x",
]


def _old_mask(frame: pd.DataFrame, text: str) -> list[bool]:
    """The search made by pandas' `str.contains` over Python objects, missing text empty."""
    title = frame["title"].fillna("").astype(str)
    sentence = frame["sentence"].fillna("").astype(str)
    folded = title.str.cat(sentence, sep="\n").str.casefold().to_numpy(dtype=object)
    hay = pd.Series(folded, dtype=object)
    mask = np.ones(len(frame), dtype=bool)
    for term in text.casefold().split():
        mask &= hay.str.contains(term, regex=False).to_numpy(dtype=bool)
    return mask.tolist()


def _frame(n: int, seed: int, *, objects: bool = False) -> pd.DataFrame:
    frame = synthetic_frame(n, years=2, seed=seed)
    rng = np.random.default_rng(seed)
    texts = np.array(TEXTS, dtype=object)
    for column in ("title", "sentence"):
        values = rng.choice(texts, n)
        dtype = object if objects else frame[column].dtype
        frame[column] = pd.Series(values, dtype=dtype)
    return frame


def _check(engine: FilterEngine, frame: pd.DataFrame) -> None:
    for text in SEARCHES:
        got = engine.mask(FilterState(text=text)).tolist()
        assert got == _old_mask(frame, text), text


@pytest.mark.parametrize("objects", [False, True])
def test_masks_are_pandas_masks(monkeypatch: pytest.MonkeyPatch, objects: bool) -> None:
    monkeypatch.setattr(facets, "HAYSTACK_STEP", 7)
    frame = _frame(60, seed=11, objects=objects)
    _check(FilterEngine(frame), frame)


def test_repeated_events_match_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(facets, "HAYSTACK_STEP", 5)
    once = _frame(23, seed=12)
    twice = pd.concat([once, once.iloc[::-1]], ignore_index=True)
    engine = FilterEngine(twice)
    _check(engine, twice)
    hits = engine.mask(FilterState(text="gesperrt")).tolist()
    assert hits[:23] == hits[23:][::-1]


def test_retitled_rows_match_as_a_fresh_build(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(facets, "HAYSTACK_STEP", 4)
    frame = _frame(41, seed=13)
    engine = FilterEngine(frame)
    rng = np.random.default_rng(13)
    # some rows dropped, the rest shuffled, titles edited in several chunks (one twice over)
    keep = rng.permutation(np.setdiff1d(np.arange(41), [0, 6, 40]))
    edited = frame.iloc[keep].reset_index(drop=True)
    titles = edited["title"].tolist()
    retitled = np.array([0, 1, 3, 4, 17, 18, 19, 37, 4], dtype=np.int64)
    new_titles = ["Große Straße in İzmir", "", None, "ǅ", *"abcde"]
    for row, title in zip(retitled.tolist(), new_titles, strict=True):
        titles[row] = title
    titles[4] = "e"  # the row given twice: its last value
    edited["title"] = pd.Series(titles, dtype=frame["title"].dtype)
    _check(engine.derive(edited), edited)  # rows found by id, titles compared
    _check(engine.derive(edited, rows=keep, retitled=retitled), edited)
    # the same rows, retitled in place: the chunks not edited stay shared
    same = frame.copy()
    titles = same["title"].tolist()
    titles[9] = "Diyarbakır"
    same["title"] = pd.Series(titles, dtype=frame["title"].dtype)
    _check(engine.derive(same), same)  # (a missing title counts as edited: compared, null)
    derived = engine.derive(same, retitled=np.array([9]))
    _check(derived, same)
    old_chunks, new_chunks = engine._haystack.chunks, derived._haystack.chunks
    assert len(old_chunks) == len(new_chunks) == 11
    edited_chunks = [
        i
        for i, (a, b) in enumerate(zip(old_chunks, new_chunks, strict=True))
        if _data(a) != _data(b)
    ]
    assert edited_chunks == [2]
    assert all(
        a.equals(b) for i, (a, b) in enumerate(zip(old_chunks, new_chunks, strict=True)) if i != 2
    )


def _data(chunk: object) -> int:
    """Where a chunk's characters are (its wrapper is made anew at each `chunks`)."""
    return int(chunk.buffers()[2].address)  # type: ignore[attr-defined]


def test_an_empty_frame_matches_nothing() -> None:
    frame = _frame(3, seed=14).iloc[:0]
    engine = FilterEngine(frame)
    assert engine.mask(FilterState(text="straße")).tolist() == []


@pytest.mark.parametrize("objects", [False, True])
def test_missing_text_is_empty_text(objects: bool) -> None:
    """An event without a title or a sentence is found by the text it has, and by nothing
    else: not by every search (a null haystack), not by "none" or "nan" (its str())."""
    frame = _frame(4, seed=15, objects=objects)
    dtype = object if objects else frame["title"].dtype
    missing = np.nan if objects else None
    frame["title"] = pd.Series([None, "Summit in Hanoi", missing, "x"], dtype=dtype)
    frame["sentence"] = pd.Series(["Talks resumed.", None, None, "y"], dtype=dtype)
    engine = FilterEngine(frame)
    for text, want in [
        ("talks", [True, False, False, False]),
        ("hanoi", [False, True, False, False]),
        ("none", [False] * 4),
        ("nan", [False] * 4),
        ("zzz", [False] * 4),
    ]:
        assert engine.mask(FilterState(text=text)).tolist() == want, text
        assert EventFilter(text=text).mask(frame).tolist() == want, text
        where, params = EventFilter(text=text).sql()
        query = f"SELECT {where} AS hit FROM frame"
        got = duckdb.execute(query, params).fetchnumpy()["hit"]
        assert got.tolist() == want, text
