"""Filtering an in-memory event table: the filter state, vectorised masks and facet counts.

The rules (which facets an event has, how filters combine, how counts sort) are those of
`nkviewer.events.filters`, shared with the dataset reader; this module makes them fast over one
table: facet pairs derived once per event, masks per filter combined with numpy. A facet's
counts use every filter except that facet's own, so the user sees what picking another value
would give ("drill sideways").
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from nkviewer.events.filters import (
    FACET_COLUMNS,
    FACET_KINDS,
    FACETS,
    MODALITIES,
    entity_kind,
    event_facets,
    sort_counts,
)
from nkviewer.events.table import arrow_strings
from nkviewer.slices import row_slices
from nkviewer.threads import give_way

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

# pandas and pyarrow are imported inside the functions that use them: the window imports this
# module and shows before pandas has loaded.

__all__ = [
    "FACETS",
    "FACET_KINDS",
    "FilterEngine",
    "FilterState",
    "entity_kind",
    "offer_engine",
    "take_engine",
]


#: Events per step of a filter engine's build made in a worker: between two, the window's
#: thread has its turn (`give_way`; 256 events take about 2 ms of Python).
BUILD_STEP = 256
#: Rows per call converting a column to Python objects for that build: a text column's
#: `tolist` holds the GIL throughout (5 ms at 10^5 rows); 10,000 rows take about 0.5 ms.
LISTED_STEP = 10_000

#: Rows per step of a search's haystack (`_haystack`), and per chunk of it: pandas' text
#: methods are C loops that hold the interpreter's lock throughout (a switch interval cannot
#: break them), so one step over 10^5 events held the window's thread 30-40 ms; between steps
#: the window's thread runs.
HAYSTACK_STEP = 5_000


@dataclass(frozen=True)
class FilterState:
    """What the user asked to see. Day numbers as in the event table; `end` is exclusive."""

    text: str = ""
    facets: Mapping[str, frozenset[str]] = field(default_factory=dict)
    start: float | None = None
    end: float | None = None
    modalities: frozenset[str] = MODALITIES

    @property
    def is_active(self) -> bool:
        return bool(
            self.text.strip()
            or any(self.facets.values())
            or self.start is not None
            or self.end is not None
            or self.modalities != MODALITIES
        )

    def picked(self, kind: str) -> frozenset[str]:
        return self.facets.get(kind, frozenset())

    def with_facet(self, kind: str, value: str, on: bool = True) -> FilterState:
        values = set(self.picked(kind))
        if on:
            values.add(value)
        else:
            values.discard(value)
        facets = {k: v for k, v in self.facets.items() if k != kind}
        if values:
            facets[kind] = frozenset(values)
        return replace(self, facets=facets)

    def cleared(self) -> FilterState:
        return FilterState()


class FilterEngine:
    """Precomputed lookups over one event frame; answers masks and facet counts quickly.

    Each event's facet pairs are kept as integer codes (row, kind, value), so a mask or a
    facet's counts is numpy work over those arrays. `cache` (event key → facet pairs) may be
    shared between engines of successive frames of the same corpus, so a new loading batch
    re-derives only new events; a curation edit `derive`s the engine from the last one.
    """

    def __init__(
        self,
        frame: pd.DataFrame,
        *,
        kind_of: Mapping[str, str] | None = None,
        source_of_doc: Mapping[str, str] | None = None,
        cache: dict[tuple[str, int, int], tuple[tuple[str, str], ...]] | None = None,
    ) -> None:
        self.frame = frame
        self.size = len(frame)
        self._kinds = kind_of or {}
        self._sources = source_of_doc or {}
        kind_code = {k: i for i, k in enumerate(FACET_KINDS)}
        self._values: list[str] = []  # facet value of each value code
        self._value_code: dict[str, int] = {}
        value_code = self._value_code
        rows: list[int] = []
        kinds: list[int] = []
        values: list[int] = []
        columns = [_listed(frame[c]) for c in ("event_id", *FACET_COLUMNS)]
        for i, (eid, *cells) in enumerate(zip(*columns, strict=True)):
            if not i % BUILD_STEP:
                give_way()
            # without a cache nothing is kept: each event's pairs become codes and go (a memo
            # of them all, 43 MB of small objects at 10^5 events, lived for the build alone
            # and left Python's object arenas fragmented after every reopen in the soak)
            if cache is None:
                pairs = event_facets(*cells, kind_of=self._kinds, source_of_doc=self._sources)
            else:
                key = (str(eid), len(cells[3] or ()), len(cells[0] or ()))
                found = cache.get(key)
                if found is None:
                    found = event_facets(*cells, kind_of=self._kinds, source_of_doc=self._sources)
                    cache[key] = found
                pairs = found
            for kind, name in pairs:
                code = value_code.get(name)
                if code is None:
                    code = value_code[name] = len(self._values)
                    self._values.append(name)
                rows.append(i)
                kinds.append(kind_code[kind])
                values.append(code)
        del columns  # the event ids as Python text: freed before the haystack is made
        # one entry per (event, facet value), grouped by kind (`derive` keeps the order)
        by_kind = np.argsort(np.asarray(kinds, dtype=np.int8), kind="stable")
        self._rows = np.asarray(rows, dtype=np.int64)[by_kind]
        self._kind = np.asarray(kinds, dtype=np.int8)[by_kind]
        self._value = np.asarray(values, dtype=np.int64)[by_kind]
        del rows, kinds, values
        self._haystack = _haystack(frame["title"], frame["sentence"]) if self.size else _empty()
        self._unique: bool | None = None  # whether event ids are unique: `derive` needs it

    def derive(
        self,
        frame: pd.DataFrame,
        rows: np.ndarray | None = None,
        retitled: np.ndarray | None = None,
    ) -> FilterEngine:
        """The engine of `frame`, made of this one's lookups when `frame` holds (some of) the
        same events, in any order, with edited titles or dates (a curation edit): no per-event
        Python work, so hiding one event of 100,000 costs milliseconds. `rows`, when known,
        gives the row of this engine's frame each row of `frame` comes from (distinct rows);
        else they are found by event id. `retitled`, when known, gives the rows of `frame`
        whose title may differ from their row's here; else titles are compared. Falls back to
        a full build when `frame` holds an event this engine does not know."""
        import pyarrow as pa
        import pyarrow.compute as pc

        if not len(frame):
            return FilterEngine(frame, kind_of=self._kinds, source_of_doc=self._sources)
        if rows is not None:
            pos = np.asarray(rows, np.int64)
            if len(pos) != len(frame):
                raise ValueError("derive: one row of the old frame per row of the new one")
        else:
            if self._unique is None:
                self._unique = bool(self.frame["event_id"].is_unique)
            old_ids, new_ids = _strings(self.frame["event_id"]), _strings(frame["event_id"])
            found = pc.index_in(new_ids, value_set=old_ids) if self._unique else None
            if found is None or found.null_count:
                return FilterEngine(frame, kind_of=self._kinds, source_of_doc=self._sources)
            pos = np.asarray(found.to_numpy(zero_copy_only=False), np.int64)
        new = FilterEngine.__new__(FilterEngine)
        new.frame = frame
        new.size = len(frame)
        new._kinds, new._sources = self._kinds, self._sources
        new._values, new._value_code = self._values, self._value_code
        if len(pos) == self.size and bool((pos == np.arange(self.size)).all()):
            # the same rows in the same order (hidden events shown, a title edited): shared
            new._rows, new._kind, new._value = self._rows, self._kind, self._value
            hay = self._haystack
        else:
            inverse = np.full(self.size, -1, np.int64)
            inverse[pos] = np.arange(len(pos))
            pair_rows = inverse[self._rows]
            keep = pair_rows >= 0
            new._rows, new._kind = pair_rows[keep], self._kind[keep]
            new._value = self._value[keep]
            hay = _stepped(self._haystack.take(pa.array(pos)))
        if retitled is None:
            old_titles = _strings(self.frame["title"]).take(pa.array(pos))
            changed = pc.invert(pc.equal(old_titles, _strings(frame["title"])).fill_null(False))
            retitled = np.flatnonzero(np.asarray(changed.to_numpy(zero_copy_only=False), bool))
        if len(retitled):
            rows_ = np.asarray(retitled, np.int64)
            fresh = _haystack(frame["title"].take(rows_), frame["sentence"].take(rows_))
            hay = _patched(hay, rows_, fresh.combine_chunks())
        new._haystack = hay
        new._unique = None  # `frame` may repeat an event
        return new

    # ------------------------------------------------------------------ masks

    def _facet_mask(self, kind: str, picked: frozenset[str]) -> np.ndarray:
        codes = [self._value_code[v] for v in picked if v in self._value_code]
        pairs = (self._kind == FACET_KINDS.index(kind)) & np.isin(self._value, codes)
        mask = np.zeros(self.size, dtype=bool)
        mask[self._rows[pairs]] = True
        return mask

    def component_masks(self, state: FilterState) -> dict[str, np.ndarray]:
        """One boolean mask per active filter, keyed "text", "dates", "modality" or a kind."""
        import pyarrow.compute as pc

        masks: dict[str, np.ndarray] = {}
        terms = state.text.casefold().split()
        if terms:
            m = np.ones(self.size, dtype=bool)
            for term in terms:
                # Arrow's kernel lets the interpreter's lock go while it scans (pandas' object
                # `str.contains` held it 25-26 ms a term at 10^5 events); a substring of UTF-8
                # bytes is a substring of code points.
                hit = pc.match_substring(self._haystack, term).fill_null(False)
                m &= np.asarray(hit.to_numpy(zero_copy_only=False), dtype=bool)
            masks["text"] = m
        if state.start is not None or state.end is not None:
            m = np.ones(self.size, dtype=bool)
            if state.start is not None:
                m &= self.frame["t1"].to_numpy(dtype=float) > state.start
            if state.end is not None:
                m &= self.frame["t0"].to_numpy(dtype=float) < state.end
            masks["dates"] = m
        if state.modalities != MODALITIES:
            modality = self.frame["modality"].astype(str)
            masks["modality"] = modality.isin(list(state.modalities)).to_numpy(dtype=bool)
        for kind in FACET_KINDS:
            picked = state.picked(kind)
            if picked:
                masks[kind] = self._facet_mask(kind, picked)
        return masks

    def mask(self, state: FilterState) -> np.ndarray:
        result = np.ones(self.size, dtype=bool)
        for m in self.component_masks(state).values():
            result &= m
        return result

    def apply(self, state: FilterState) -> pd.DataFrame:
        """The rows of the frame passing every filter (a new frame, index reset)."""
        if not state.is_active:
            return self.frame
        return self.frame[self.mask(state)].reset_index(drop=True)

    def counts(self, state: FilterState) -> dict[str, list[tuple[str, int]]]:
        """Per facet kind: (value, events) under all the other filters, most frequent first."""
        masks = self.component_masks(state)
        out: dict[str, list[tuple[str, int]]] = {}
        bounds = np.searchsorted(self._kind, np.arange(len(FACET_KINDS) + 1), "left")
        for k, kind in enumerate(FACET_KINDS):
            lo, hi = int(bounds[k]), int(bounds[k + 1])
            values = self._value[lo:hi]
            others = [m for name, m in masks.items() if name != kind]
            if others:  # no other filter: every pair of the kind counts
                keep = np.logical_and.reduce(others) if len(others) > 1 else others[0]
                values = values[keep[self._rows[lo:hi]]]
            per = np.bincount(values, minlength=len(self._values))
            hit = np.flatnonzero(per)
            pairs = zip([self._values[i] for i in hit.tolist()], per[hit].tolist(), strict=True)
            out[kind] = sort_counts(pairs, state.picked(kind))
        return out


# ---------------------------------------------------------------------- engines made ahead

_OFFERED: list[tuple[FilterEngine, int]] = []  # the latest engines made ahead, newest last
_OFFERED_LOCK = threading.Lock()
#: Engines kept for their tables at most (the latest loading batches; older ones are dropped).
OFFERED_MAX = 2


def offer_engine(engine: FilterEngine, documents: int) -> None:
    """Keep `engine`, made in another thread (the loader's) for its frame with the facet kinds
    of `documents` documents, until the owner of that frame takes it (`take_engine`)."""
    with _OFFERED_LOCK:
        _OFFERED.append((engine, documents))
        del _OFFERED[:-OFFERED_MAX]


def take_engine(frame: pd.DataFrame, documents: int) -> FilterEngine | None:
    """The engine offered for this very `frame` with the kinds of as many documents as its
    owner has read (else it would count facets of other kinds), or None; taken once."""
    with _OFFERED_LOCK:
        for i, (engine, known) in enumerate(_OFFERED):
            if engine.frame is frame:
                del _OFFERED[i]
                return engine if known == documents else None
    return None


def _strings(column: pd.Series) -> pa.ChunkedArray:
    """A text column as large Arrow text, so that two columns compare whatever their type."""
    import pyarrow as pa

    arrow = arrow_strings(column, convert=True)
    assert arrow is not None  # converted
    return arrow.cast(pa.large_string())


def _listed(column: pd.Series) -> list[Any]:
    """`column.tolist()`, made `LISTED_STEP` rows at a time (`row_slices`)."""
    out: list[Any] = []
    for lo, hi in row_slices(len(column), LISTED_STEP):
        out.extend(column.iloc[lo:hi].tolist())
    return out


def _haystack(titles: pd.Series, sentences: pd.Series) -> pa.ChunkedArray:
    """What a text search looks in, per event: title and sentence, case-folded as
    `str.casefold` has it (Arrow has no case folding: its `utf8_lower` keeps 'ß'), as large
    Arrow text in chunks of `HAYSTACK_STEP` rows, each made in one step. A missing title or
    sentence is empty text: it matches no term ("none" and "nan" included)."""
    import pyarrow as pa

    chunks = []
    for lo, hi in row_slices(len(titles), HAYSTACK_STEP):
        part = slice(lo, hi)
        title = titles.iloc[part].fillna("").astype(str)
        sentence = sentences.iloc[part].fillna("").astype(str)
        folded = title.str.cat(sentence, sep="\n").str.casefold()
        arrow = arrow_strings(folded)
        if arrow is None:  # text as Python objects: NaN and None become null
            data = pa.array(folded.to_numpy(dtype=object), pa.large_string(), from_pandas=True)
            chunks.append(data)
        else:
            chunks.extend(c.cast(pa.large_string()) for c in arrow.chunks)
    return pa.chunked_array(chunks, type=pa.large_string())


def _stepped(hay: pa.ChunkedArray) -> pa.ChunkedArray:
    """`hay` as chunks of `HAYSTACK_STEP` rows (views of one array), so that patching a few
    rows (`_patched`) copies only their chunks."""
    import pyarrow as pa

    whole = hay.combine_chunks()
    parts = [whole.slice(lo, hi - lo) for lo, hi in row_slices(len(whole), HAYSTACK_STEP)]
    return pa.chunked_array(parts, type=hay.type)


def _patched(hay: pa.ChunkedArray, rows: np.ndarray, fresh: pa.Array) -> pa.ChunkedArray:
    """`hay` with row `rows[i]` replaced by `fresh[i]` (the later of a repeated row wins, as
    numpy's assignment has it). Arrow arrays are immutable: each chunk holding such a row is
    remade by a take over it and its new values; the others are shared."""
    import pyarrow as pa

    chunks = list(hay.chunks)
    bounds = np.cumsum([0] + [len(c) for c in chunks])
    which = np.searchsorted(bounds, rows, side="right") - 1
    for c in np.unique(which).tolist():
        picked = np.flatnonzero(which == c)
        index = np.arange(len(chunks[c]), dtype=np.int64)
        index[rows[picked] - bounds[c]] = len(chunks[c]) + np.arange(len(picked))
        joined = pa.concat_arrays([chunks[c], fresh.take(pa.array(picked))])
        chunks[c] = joined.take(pa.array(index))
    return pa.chunked_array(chunks, type=hay.type)


def _empty() -> pa.ChunkedArray:
    import pyarrow as pa

    return pa.chunked_array([], type=pa.large_string())
