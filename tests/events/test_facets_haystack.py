"""A text search's haystack is made a few thousand rows at a time (`HAYSTACK_STEP`), so that
no single call into pandas holds the interpreter's lock for long; the matches are those of
one step over all rows, case-insensitively as `str.casefold` has it (German ß, Turkish
dotted I, Greek final sigma, Korean)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bench.synthetic import synthetic_frame
from nkviewer.events import facets
from nkviewer.events.facets import FilterEngine, FilterState

TRICKY = [
    "Straße gesperrt",
    "STRASSE GESPERRT",
    "İstanbul talks",
    "ISTANBUL TALKS",
    "Diyarbakır ıi",
    "한국 대통령 방문",
    "ΣΊΣΥΦΟΣ σίσυφος",
    "ﬁle ǅ",
    "plain words",
]
SEARCHES = ["straße", "STRASSE", "İstanbul", "istanbul", "ı", "대통령", "σίσυφος", "FILE", "ǆ", "x"]


def _frame(n: int, seed: int) -> pd.DataFrame:
    frame = synthetic_frame(n, years=2, seed=seed)
    rng = np.random.default_rng(seed)
    tricky = np.array(TRICKY, dtype=object)
    frame["title"] = pd.Series(rng.choice(tricky, n), dtype=frame["title"].dtype)
    frame["sentence"] = pd.Series(rng.choice(tricky, n), dtype=frame["sentence"].dtype)
    return frame


def _masks(engine: FilterEngine) -> dict[str, list[bool]]:
    return {t: engine.mask(FilterState(text=t)).tolist() for t in SEARCHES}


def test_a_haystack_made_in_steps_matches_as_one_made_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    frame = _frame(50, seed=5)
    monkeypatch.setattr(facets, "HAYSTACK_STEP", 10**9)
    whole = FilterEngine(frame)
    monkeypatch.setattr(facets, "HAYSTACK_STEP", 7)  # 8 steps, the last a short one
    stepped = FilterEngine(frame)
    assert stepped._haystack.to_pylist() == whole._haystack.to_pylist()
    assert _masks(stepped) == _masks(whole)


def test_case_folding_finds_every_spelling(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(facets, "HAYSTACK_STEP", 3)
    frame = _frame(40, seed=6)
    engine = FilterEngine(frame)
    text = (frame["title"] + "\n" + frame["sentence"]).tolist()
    for term in ("strasse", "Straße", "대통령", "ΣΊΣΥΦΟΣ"):
        want = [term.casefold() in t.casefold() for t in text]
        assert any(want)
        assert engine.mask(FilterState(text=term)).tolist() == want
    german = engine.mask(FilterState(text="straße"))
    assert german.tolist() == [("strasse" in t.casefold()) for t in text]


def test_an_edited_title_is_found_in_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(facets, "HAYSTACK_STEP", 4)
    frame = _frame(30, seed=7)
    engine = FilterEngine(frame)
    edited = frame.copy()
    titles = edited["title"].tolist()
    for i in (2, 9, 10, 11, 17, 29):
        titles[i] = "Große Straße in İzmir"
    edited["title"] = pd.Series(titles, dtype=frame["title"].dtype)
    derived = engine.derive(edited)
    monkeypatch.setattr(facets, "HAYSTACK_STEP", 10**9)
    assert _masks(derived) == _masks(FilterEngine(edited))
    hits = derived.mask(FilterState(text="GROSSE strasse")).tolist()
    assert [i for i, hit in enumerate(hits) if hit] == [2, 9, 10, 11, 17, 29]
