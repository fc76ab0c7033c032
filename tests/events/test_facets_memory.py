"""A filter engine built without a cache keeps no event's facet pairs beyond that event: a
memo of them all (43 MB of small objects at 10^5 events) lived for the build alone and left
Python's object arenas fragmented after every reopen. With a cache, the pairs go there."""

from __future__ import annotations

import weakref
from typing import Any

import pytest

from bench.synthetic import synthetic_frame
from nkviewer.events import facets
from nkviewer.events.facets import FilterEngine, FilterState


class _Pairs(list[tuple[str, str]]):
    """An event's facet pairs, as a list that can be watched (tuples take no weak reference)."""


def _watched(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Make `event_facets` hand out watched pairs; the returned list gets, at each call, how
    many pairs handed out before are still alive."""
    made: list[weakref.ref[_Pairs]] = []
    alive: list[int] = []
    real = facets.event_facets

    def event_facets(*args: Any, **kwargs: Any) -> _Pairs:
        alive.append(sum(1 for ref in made if ref() is not None))
        pairs = _Pairs(real(*args, **kwargs))
        made.append(weakref.ref(pairs))
        return pairs

    monkeypatch.setattr(facets, "event_facets", event_facets)
    return alive


def test_a_build_without_a_cache_keeps_no_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    frame = synthetic_frame(400, years=2, seed=3)
    expected = FilterEngine(frame)  # before the patch
    alive = _watched(monkeypatch)
    engine = FilterEngine(frame)
    assert len(alive) == len(frame)
    assert max(alive) <= 1  # at most the last event's, while its codes are taken
    state = FilterState(facets={"person": frozenset({"Kim Jong-un"})})
    assert engine.mask(state).tolist() == expected.mask(state).tolist()
    assert engine.counts(FilterState()) == expected.counts(FilterState())


def test_a_build_with_a_cache_keeps_them_there(monkeypatch: pytest.MonkeyPatch) -> None:
    frame = synthetic_frame(200, years=2, seed=4)
    cache: dict[tuple[str, int, int], tuple[tuple[str, str], ...]] = {}
    FilterEngine(frame, cache=cache)
    assert len(cache) == frame["event_id"].nunique()
    alive = _watched(monkeypatch)
    FilterEngine(frame, cache=cache)  # every event's pairs found there: none made again
    assert alive == []
