"""Short pauses of the cyclic garbage collector next to the window (Qt-free).

CPython's cyclic GC holds the GIL while it runs, so a collection in any thread stops the
window's thread as long. A full (generation-2) collection walks every container object alive:
with 10^5 events in memory some 90,000-130,000 (modules, functions, the window's objects, the
corpus'), 45 ms of CPU on a quiet machine. It runs in whichever thread allocates past the
collector's threshold, most often a worker making records or tables, every few seconds of such
work: in 3-minute soaks on 10^5 events in memory (`bench/soak.py`, load 4-14) there were 50-69
of them, 90-100 ms of CPU at the median and up to 0.3 s (0.2-1.9 s of wall time), half of them
in the export worker, and they made the longest stalls (a click held 0.59 s by one in the
export worker).

`keep_long_lived()` (the window and the soak call it at start-up) freezes what survives each
full collection (`gc.freeze`): later collections walk only the objects made since.
A frozen object is still freed as soon as nothing refers to it (reference counting); only
garbage *cycles* among frozen objects wait, until a collection walks everything again: once
there are twice as many frozen objects as right after the last such walk (`REWALK_AFTER`;
live ones and garbage alike, so frozen garbage never outnumbers the heap that walk left), or
when `renew()` unfreezes everything and collects it at once (what survives is frozen again).
The window renews when it drops a corpus, where nearly all that becomes garbage does (in the
soaks a renewal found 0-1,745 such objects, once 35,853: the dropped corpus' own), so frozen
cycles do not pile up over more than one corpus' life. RSS after the soaks was within the
spread of the runs without freezing.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

#: Once the frozen objects are this share more than right after the last collection that
#: walked everything, the next full collection walks everything again (see the module). At
#: 0.5 an export of 10^5 events, whose records live a while, set it off again and again.
REWALK_AFTER = 1.0

_lock = threading.Lock()
_keeping = False
_walk_all = True  # the next full collection walks everything (nothing frozen since)
_walked = 0  # how many objects were frozen right after the last collection that walked all
_thawed = 0  # `thawed` blocks running: nothing is frozen meanwhile


def _after_collection(phase: str, info: dict[str, Any]) -> None:
    """(A `gc.callbacks` entry, in the thread that collected.) Freeze the survivors of a full
    collection (then every object alive is in the oldest generation, nothing unreachable);
    unfreeze everything instead once the frozen objects grew by `REWALK_AFTER`."""
    global _walk_all, _walked
    if phase != "stop" or info.get("generation") != 2 or not _keeping or _thawed:
        return
    gc.freeze()
    frozen = gc.get_freeze_count()  # (a walk of the frozen list: 1 ms at 150,000 objects)
    if _walk_all:
        _walk_all, _walked = False, frozen
    elif frozen > (1 + REWALK_AFTER) * _walked:
        gc.unfreeze()
        _walk_all = True


def keep_long_lived(on: bool = True) -> None:
    """From now on (`on`), or no more, freeze what survives every full collection (see the
    module); turning it off unfreezes everything (the collector walks it all again)."""
    global _keeping, _walk_all
    with _lock:
        if on and not _keeping:
            _keeping, _walk_all = True, True
            gc.callbacks.append(_after_collection)
        elif not on and _keeping:
            _keeping = False
            gc.callbacks.remove(_after_collection)
            gc.unfreeze()


def keeping() -> bool:
    """Whether `keep_long_lived` is on."""
    return _keeping


def renew() -> int:
    """(With `keep_long_lived` on; else nothing.) Unfreeze everything and collect it all once,
    so garbage cycles among frozen objects are freed; what survives is frozen again. One full
    collection of the whole heap (its cost is that of the collections `keep_long_lived`
    avoids), to be called where much has just become garbage (a corpus dropped). Returns how
    many objects were collected."""
    global _walk_all
    if not _keeping:
        return 0
    gc.unfreeze()
    _walk_all = True
    return gc.collect()  # the callback freezes its survivors


@contextmanager
def thawed() -> Iterator[None]:
    """Nothing frozen while the block runs, so `gc.get_objects()` sees every object (a census
    of the heap) and a collection in it walks everything; after it, everything is collected
    once more and frozen (with `keep_long_lived` on; else the block changes nothing)."""
    global _thawed
    with _lock:
        _thawed += 1
        gc.unfreeze()
    try:
        yield
    finally:
        with _lock:
            _thawed -= 1
        renew()
