"""The soak's tally of collections (`bench.soak.GcTally`) tells the window's full collections
from those run while the soak checks the window's state on the same thread (its own objects,
not the window's). Only counts are asserted; how long anything took is not."""

from __future__ import annotations

import gc

from bench.soak import GcTally


def test_full_collections_during_the_soaks_checks_are_counted_apart() -> None:
    tally = GcTally().install()
    try:
        gc.collect()
        tally.soak_side = True
        gc.collect()
        gc.collect()
        tally.soak_side = False
    finally:
        tally.remove()
    got = tally.summary()
    by_thread = got["gen2_by_thread"]
    assert by_thread["MainThread"]["count"] == 1
    assert by_thread["MainThread (the soak's checks)"]["count"] == 2
    assert got["main_gen2_with_callbacks"]["count"] == 1
    assert tally._callback not in gc.callbacks and tally._last not in gc.callbacks
