"""A filter engine derived after random curation edits answers as one built from scratch:
masks and facet counts for text, facet, date and modality filters, on random tables."""

from __future__ import annotations

import random

import numpy as np
import pytest

from bench.synthetic import synthetic_frame
from nkviewer.events.facets import FilterEngine, FilterState
from nkviewer.events.table import sort_frame


@pytest.mark.parametrize("seed", range(10))
def test_a_derived_engine_equals_a_fresh_one_after_random_edits(seed: int) -> None:
    rng = random.Random(seed)
    raw = synthetic_frame(rng.choice([30, 400, 3000]), years=3, seed=seed)
    raw = raw.assign(__row=range(len(raw)))  # which row of `raw` each edited row comes from
    base = FilterEngine(raw)
    frame = raw
    for _ in range(4):
        frame = frame.copy()
        for _ in range(rng.randint(1, 5)):
            i = frame.index[rng.randrange(len(frame))]
            what = rng.choice(["hide", "title", "date"])
            if what == "hide" and len(frame) > 1:
                frame = frame.drop(index=i)
            elif what == "title":
                frame.loc[i, "title"] = rng.choice(["Summit in Hanoi", "회담 재개", "KIM visits"])
            else:
                frame.loc[i, "t0"] = frame.loc[i, "t0"] + rng.randint(-400, 400)
                frame.loc[i, "t1"] = frame.loc[i, "t0"] + rng.randint(1, 60)
        frame = sort_frame(frame)
        if rng.random() < 0.3:  # only titles edited (or hidden events shown): the same rows
            frame = raw.assign(title=raw["title"].where(raw.index % 7 != seed, "KIM visits"))
        derived, fresh = base.derive(frame), FilterEngine(frame)
        titles = frame["title"].tolist()
        person = rng.choice(["Kim Jong-un", "Xi Jinping", "Vladimir Putin"])
        states = [
            FilterState(),
            FilterState(text=rng.choice(["summit", "회담", "kim visits", titles[0][:5]])),
            FilterState(facets={"person": frozenset({person})}),
            FilterState(start=float(frame["t0"].median()), modalities=frozenset({"expected"})),
        ]
        rows = raw.reset_index(drop=True).index.get_indexer(frame["__row"])
        placed = base.derive(frame, rows)  # where each row came from, given: no id matching
        titled = frame["title"].to_numpy() != raw["title"].to_numpy()[rows]
        told = base.derive(frame, rows, np.flatnonzero(titled))  # and which were retitled
        for state in states:
            assert derived.mask(state).tolist() == fresh.mask(state).tolist(), state
            assert derived.counts(state) == fresh.counts(state), state
            assert placed.mask(state).tolist() == fresh.mask(state).tolist(), state
            assert placed.counts(state) == fresh.counts(state), state
            assert told.mask(state).tolist() == fresh.mask(state).tolist(), state
