"""The soak (`bench.soak`) with the size of each of the window's caches added to every memory
sample: what an open dataset keeps between minute 2 and the end of a soak, cache by cache.

    QT_QPA_PLATFORM=offscreen NKVIEWER_CACHE_DIR=$(mktemp -d) PYTHONPATH=. \\
        python -m bench.cache_probe --minutes 4 --kinds dataset --json out.json

Takes the soak's arguments; each `memory_mb` sample of the JSON gains a `caches` dict (entries
per cache, and MB where numpy can tell). Reads the caches from the window's thread, between
the user's actions, without a lock: a size, not a snapshot.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import numpy as np

import bench.soak as soak

if TYPE_CHECKING:
    from nkviewer.qt.main_window import MainWindow

_MB = 2**20


def _arrays_mb(arrays: Any) -> float:
    """numpy bytes of `arrays` (object arrays: their pointers only)."""
    return sum(a.nbytes for a in arrays if isinstance(a, np.ndarray)) / _MB


def _objects_in(groups: Any) -> int:
    """Python objects the decoded row groups hold (one per value of an object column)."""
    return sum(len(col) for cols in groups.values() for col in cols.values() if col.dtype == object)


def cache_sizes(window: MainWindow) -> dict[str, Any]:
    """Entries (and MB where numpy tells) of each cache of the window's dataset, its renderer
    and the text indexes."""
    from nkviewer.app.dataset import DatasetCorpus
    from nkviewer.model import text_index

    out: dict[str, Any] = {}
    state = window.session.state
    if isinstance(state, DatasetCorpus):
        ds = state.dataset
        groups = dict(ds._groups)
        out["ds_groups"] = len(groups)
        out["ds_group_objects"] = _objects_in(groups)
        out["ds_masks"] = len(ds._masks)
        out["ds_masks_mb"] = round(_arrays_mb(m for m in list(ds._masks.values())), 1)
        out["ds_binned"] = len(ds._binned)
        out["ds_binned_mb"] = round(
            _arrays_mb(a for pair in list(ds._binned.values()) for a in pair), 1
        )
        out["ds_lanes"] = len(ds._lanes)
        out["docs"] = len(state._docs)
        out["records"] = len(state._records)
        out["entity_kinds"] = len(state.kinds.of)
        win = state.source.current_window()
        out["window_rows"] = 0 if win is None else len(win.frame)
        out["hist"] = len(state.source._hist)
    held = list(text_index._text_indexes.values())
    out["text_indexes"] = len(held)
    out["text_indexes_mb"] = round(
        sum((ix._hashes.nbytes + ix._slots.nbytes) / _MB for _, ix in held if ix is not None),
        1,
    )
    r = window.timeline.renderer()
    for name in ("_known_w", "_elided", "_static", "_sprites", "_badge_w"):
        out["r" + name] = len(getattr(r, name, ()))
    pa: Any = sys.modules.get("pyarrow")
    if pa is not None:
        out["arrow_total_mb"] = round(pa.total_allocated_bytes() / _MB, 1)
        out["arrow_max_mb"] = round(pa.default_memory_pool().max_memory() / _MB, 1)
    return out


def main(argv: list[str] | None = None) -> int:
    plain = soak.memory_sample

    def sample(window: MainWindow) -> dict[str, Any]:
        out = plain(window)
        try:
            out["caches"] = cache_sizes(window)
        except Exception as exc:  # a probe: say what failed, keep soaking
            out["caches"] = {"error": repr(exc)}
        return out

    soak.memory_sample = sample
    try:
        return soak.main(argv)
    finally:
        soak.memory_sample = plain


if __name__ == "__main__":
    raise SystemExit(main())
