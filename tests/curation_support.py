"""The synthetic raw table the curated-table tests edit, and the scattered events they pick
(tests/corpus/test_curated_ids_contiguous.py, test_curated_table_shares_raw.py)."""

from __future__ import annotations

import random

import pandas as pd

from bench.synthetic import synthetic_frame
from nkviewer.events.table import sort_frame


def synthetic_raw() -> pd.DataFrame:
    """20,000 events over four years in the raw table's order."""
    return sort_frame(synthetic_frame(20_000, years=4, seed=3))


def scattered(raw: pd.DataFrame, k: int, seed: int) -> list[str]:
    """`k` event ids picked at random (by `seed`) across the table, in its order."""
    rng = random.Random(seed)
    ids = raw["event_id"].tolist()
    return [ids[i] for i in sorted(rng.sample(range(len(ids)), k))]
