"""Filtering an in-memory event table: the filter state, vectorised masks and facet counts.

The rules (which facets an event has, how filters combine, how counts sort) are those of
`nkviewer.events.filters`, shared with the dataset reader; this module makes them fast over one
table: facet pairs derived once per event, masks per filter combined with numpy. A facet's
counts use every filter except that facet's own, so the user sees what picking another value
would give ("drill sideways").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["FACETS", "FACET_KINDS", "FilterEngine", "FilterState", "entity_kind"]


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

    `cache` (event key → facet pairs) may be shared between engines of successive frames of
    the same corpus, so a curation edit or a new loading batch re-derives only new events.
    """

    def __init__(
        self,
        frame: pd.DataFrame,
        *,
        kind_of: Mapping[str, str] | None = None,
        source_of_doc: Mapping[str, str] | None = None,
        cache: dict[tuple[str, int, int], tuple[tuple[str, str], ...]] | None = None,
    ) -> None:
        # pandas: imported on first use, after the window shows
        import pandas as pd

        self.frame = frame
        self.size = len(frame)
        kinds = kind_of or {}
        sources = source_of_doc or {}
        memo = cache if cache is not None else {}
        rows: list[int] = []
        facet: list[str] = []
        values: list[str] = []
        columns = [frame[c].tolist() for c in ("event_id", *FACET_COLUMNS)]
        for i, (eid, *cells) in enumerate(zip(*columns, strict=True)):
            key = (str(eid), len(cells[3] or ()), len(cells[0] or ()))
            pairs = memo.get(key)
            if pairs is None:
                pairs = event_facets(*cells, kind_of=kinds, source_of_doc=sources)
                memo[key] = pairs
            for kind, name in pairs:
                rows.append(i)
                facet.append(kind)
                values.append(name)
        self._index = pd.DataFrame(
            {
                "row": np.asarray(rows, dtype=np.int64),
                "kind": pd.Series(facet, dtype="category"),
                "value": pd.Series(values, dtype=object),
            }
        )
        titles = frame["title"].astype(str) if self.size else pd.Series([], dtype=object)
        sentences = frame["sentence"].astype(str) if self.size else pd.Series([], dtype=object)
        self._haystack = (titles + "\n" + sentences).str.casefold()
        self._titles: np.ndarray | None = None  # object array, made by `derive` when asked
        self._t0 = frame["t0"].to_numpy(dtype=float)
        self._t1 = frame["t1"].to_numpy(dtype=float)
        self._modality = frame["modality"].astype(str).to_numpy()

    def derive(self, frame: pd.DataFrame) -> FilterEngine:
        """The engine of `frame`, made of this one's lookups when `frame` holds (some of) the
        same events, in any order and with edited titles (a curation edit): no per-event Python
        work, so hiding one event of 100,000 costs milliseconds. Falls back to a full build."""
        # pandas: imported on first use, after the window shows
        import pandas as pd

        ids = self.frame["event_id"]
        if not ids.is_unique or not len(frame):
            return FilterEngine(frame)
        pos = pd.Index(ids).get_indexer(frame["event_id"])
        if (pos < 0).any():
            return FilterEngine(frame)
        new = FilterEngine.__new__(FilterEngine)
        new.frame = frame
        new.size = len(frame)
        inverse = np.full(self.size, -1, np.int64)
        inverse[pos] = np.arange(len(pos))
        idx = self._index
        rows = inverse[idx["row"].to_numpy()]
        keep = rows >= 0
        new._index = pd.DataFrame(
            {"row": rows[keep], "kind": idx["kind"][keep].to_numpy(), "value": idx["value"][keep]}
        ).reset_index(drop=True)
        new._index["kind"] = new._index["kind"].astype("category")
        if self._titles is None:  # kept: successive edits derive from the same engine
            self._titles = self.frame["title"].to_numpy(dtype=object)
            self._haystack = pd.Series(self._haystack.to_numpy(dtype=object), dtype=object)
        hay = self._haystack.to_numpy()[pos]
        old_titles = self._titles[pos]
        titles = frame["title"].to_numpy(dtype=object)
        for i in np.flatnonzero(old_titles != titles).tolist():
            hay[i] = f"{titles[i]}\n{frame['sentence'].iat[i]}".casefold()
        new._haystack = pd.Series(hay, dtype=object)
        new._titles = None
        new._t0 = frame["t0"].to_numpy(dtype=float)
        new._t1 = frame["t1"].to_numpy(dtype=float)
        new._modality = frame["modality"].astype(str).to_numpy()
        return new

    # ------------------------------------------------------------------ masks

    def _facet_mask(self, kind: str, picked: frozenset[str]) -> np.ndarray:
        idx = self._index
        hit = idx["row"].to_numpy()[((idx["kind"] == kind) & idx["value"].isin(picked)).to_numpy()]
        mask = np.zeros(self.size, dtype=bool)
        mask[hit] = True
        return mask

    def component_masks(self, state: FilterState) -> dict[str, np.ndarray]:
        """One boolean mask per active filter, keyed "text", "dates", "modality" or a kind."""
        masks: dict[str, np.ndarray] = {}
        terms = state.text.casefold().split()
        if terms:
            m = np.ones(self.size, dtype=bool)
            for term in terms:
                m &= self._haystack.str.contains(term, regex=False).to_numpy(dtype=bool)
            masks["text"] = m
        if state.start is not None or state.end is not None:
            m = np.ones(self.size, dtype=bool)
            if state.start is not None:
                m &= self._t1 > state.start
            if state.end is not None:
                m &= self._t0 < state.end
            masks["dates"] = m
        if state.modalities != MODALITIES:
            masks["modality"] = np.isin(self._modality, list(state.modalities))
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
        idx = self._index
        rows = idx["row"].to_numpy()
        out: dict[str, list[tuple[str, int]]] = {}
        for kind in FACET_KINDS:
            keep = np.ones(self.size, dtype=bool)
            for name, m in masks.items():
                if name != kind:
                    keep &= m
            sel = (idx["kind"] == kind).to_numpy() & keep[rows] if self.size else []
            vc = idx["value"][sel].value_counts()
            out[kind] = sort_counts(((str(v), int(n)) for v, n in vc.items()), state.picked(kind))
        return out
