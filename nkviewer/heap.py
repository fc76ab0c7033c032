"""Short pauses of the cyclic garbage collector next to the window (Qt-free).

CPython's cyclic GC holds the GIL while it runs, so a collection in any thread stops the
window's thread as long. A full (generation-2) collection walks every container object alive:
with 10^5 events in memory some 90,000-130,000, about 45 ms of CPU on a quiet machine, and it
runs in whichever thread allocates past the collector's threshold (most often a worker making
records or tables). Before this module such collections made the longest stalls of soaks
(`bench/soak.py`; figures in the README, Speed).

`keep_long_lived()` (the window and the soak call it at start-up) freezes what survives each
full collection (`gc.freeze`): later collections walk only the objects made since. A frozen
object is still freed as soon as nothing refers to it (reference counting); only garbage
*cycles* among frozen objects wait, until `renew()` unfreezes everything and collects it at
once (what survives is frozen again). A renewal is a full collection like any other, so the
window chooses the turn that runs it.

When a walk is due: once there are twice as many frozen objects as right after the last walk
of everything (`REWALK_AFTER`; live ones and garbage alike, so frozen garbage never outnumbers
the heap that walk left). Counting them is itself a walk of the frozen list, so each full
collection only adds what it froze to an upper bound of the count and counts for real once
that bound passes the share. The collection that finds a walk due only tells the window
(`when_walk_due`: a queued signal), and the window renews on an idle look a second later
(`Dropped.look`), a turn that does nothing else. A process with no window listening
(benchmarks, tests; the CLI freezes nothing) leaves the walk to its next full collection, and
so does a window that has not looked by the time the frozen objects tripled (`REWALK_ANYWAY`):
the bound holds in every process.

Corpus drops: the window watches a dropped corpus by weak reference (`Dropped`) and, on idle
turns after the new corpus is shown, renews only when a walk of everything is worth it: the
dropped corpus is still alive (a garbage cycle holds it: only a walk frees it), or much was
frozen since the last walk (`DROP_REWALK`, counted at the look with `gc.get_freeze_count()`,
not taken from the last full collection, which a reopen's load runs while both corpora are
alive). A dropped corpus that reference counting freed at the drop costs no walk.

What lives as long as the process would only lengthen every walk: the NLP pipeline and the
modules it loads (spaCy, thinc, pydantic...: some 100,000 tracked objects). `kept_for_good`
takes their plain containers (lists, dicts, tuples, sets) out of the collector's sight for
good; their functions, classes and spaCy's own objects cannot be (freeing an untracked one
would crash), and no freezing keeps anything out of a renewal (`gc.unfreeze` unfreezes
everything).
"""

from __future__ import annotations

import gc
import sys
import threading
import weakref
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import chain
from typing import Any, TypeVar

T = TypeVar("T")

#: Once the frozen objects are this share more than right after the last collection that
#: walked everything, a walk of everything is due (see the module): a window renews on a turn
#: of its own choosing (`when_walk_due`); a process with none walks at its next full
#: collection. At 0.5 an export of 10^5 events, whose records live a while, set it off again
#: and again.
REWALK_AFTER = 1.0
#: Once they are this share more and no window renewed meanwhile (busy, or its event loop not
#: running), the next full collection walks everything wherever it falls: the bound on frozen
#: garbage holds in every process.
REWALK_ANYWAY = 2.0
#: After a corpus drop whose objects reference counting freed, renew only when the frozen
#: objects are this share more than right after the last walk of everything (`Dropped`).
DROP_REWALK = 0.25
#: How many looks `Dropped` takes (on idle turns some way apart) at a dropped object still
#: alive before it renews: a worker may hold it a little while, which a walk would not change.
DROP_LOOKS = 3

_lock = threading.Lock()
_keeping = False
_walk_all = True  # the next full collection walks everything (nothing frozen since)
_walked = 0  # how many objects were frozen right after the last collection that walked all
_frozen_at_most = 0  # an upper bound of how many objects are frozen (`gc.get_freeze_count`)
_thawed = 0  # `thawed` blocks running: nothing is frozen meanwhile
_settling = 0  # `kept_for_good` loads running: nothing is frozen or renewed meanwhile
_unfreezes = 0  # how many times everything was unfrozen (`kept_for_good` checks it)
_renewals: Counter[str] = Counter()  # `renew`'s walks of everything, by why (benchmarks)
_unplanned = 0  # walks left to whichever full collection came next (benchmarks report it)
_due = False  # a walk of everything is due (REWALK_AFTER), for a window to run (`walk_due`)
_listeners: list[weakref.WeakMethod[Callable[[], None]]] = []  # `when_walk_due`


def _after_collection(phase: str, info: dict[str, Any]) -> None:
    """(A `gc.callbacks` entry, in the thread that collected.) Freeze the survivors of a full
    collection (then every object alive is in the oldest generation, nothing unreachable).
    Once the frozen objects grew by `REWALK_AFTER`, a walk of everything is due: a window is
    told (`when_walk_due`) and renews on a turn it chooses; with no window, or past
    `REWALK_ANYWAY`, everything is unfrozen instead and the next full collection walks it."""
    global _walk_all, _walked, _due, _unplanned, _frozen_at_most
    if phase != "stop" or info.get("generation") != 2 or not _keeping or _thawed or _settling:
        return
    if not _walk_all:
        # what this freeze adds is what survived (and what callbacks made since): listing it
        # costs less than the collection did; counting every frozen object instead
        # (`gc.get_freeze_count`, a walk of the frozen list: 1-20 ms at 10^5) is left for
        # when this upper bound says a walk may be due (frozen objects freed since only
        # make the real count smaller)
        _frozen_at_most += len(gc.get_objects())
    gc.freeze()
    if _walk_all:
        frozen = _frozen_at_most = gc.get_freeze_count()
        _walk_all, _walked, _due = False, frozen, False
        return
    if _frozen_at_most <= (1 + REWALK_AFTER) * _walked:
        return
    frozen = _frozen_at_most = gc.get_freeze_count()
    if frozen > (1 + REWALK_AFTER) * _walked:
        if frozen <= (1 + REWALK_ANYWAY) * _walked and (_due or _tell_walk_due()):
            _due = True
        else:  # nobody to take it, or it waited too long: the next full collection walks
            _unfreeze()
            _walk_all, _unplanned = True, _unplanned + 1


def _tell_walk_due() -> bool:
    """Call the listeners of `when_walk_due` still alive; whether there was one."""
    told, gone = False, []
    for ref in list(_listeners):
        listener = ref()
        try:
            if listener is not None:
                listener()
                told = True
                continue
        except Exception:  # (a window's object deleted under it: it takes no walk)
            pass
        gone.append(ref)
    if gone:
        _listeners[:] = [r for r in _listeners if r not in gone]
    return told


def when_walk_due(listener: Callable[[], None]) -> None:
    """Call `listener` (a bound method, weakly held) whenever a walk of everything becomes due
    (`REWALK_AFTER`), from the thread that collected and inside its collection: it must only
    arrange for `renew_if_due` to run soon on a turn of its choosing (the window posts a
    queued signal to an idle look, `Dropped.look`), and not wait for it. While a listener is
    alive, the walk waits for it up to `REWALK_ANYWAY`."""
    _listeners.append(weakref.WeakMethod(listener))


def forget_walk_due(listener: Callable[[], None]) -> None:
    """Stop calling `listener` (`when_walk_due`): a window closing."""
    _listeners[:] = [r for r in _listeners if r() not in (None, listener)]


def walk_due() -> bool:
    """Whether a walk of everything is due (`when_walk_due`) and has not run yet."""
    return _due


def renew_if_due() -> bool:
    """`renew` if a walk of everything is due (`walk_due`); whether one is still due after
    (a load running, `kept_for_good`, puts it off: look again later)."""
    if _due:
        renew(why="due")
    return _due


def _unfreeze() -> None:
    """`gc.unfreeze()`, counted (`kept_for_good` tells by the count that it happened)."""
    global _unfreezes
    gc.unfreeze()
    _unfreezes += 1


def keep_long_lived(on: bool = True) -> None:
    """From now on (`on`), or no more, freeze what survives every full collection (see the
    module); turning it off unfreezes everything (the collector walks it all again)."""
    global _keeping, _walk_all, _due
    with _lock:
        _due = False
        if on and not _keeping:
            _keeping, _walk_all = True, True
            gc.callbacks.append(_after_collection)
        elif not on and _keeping:
            _keeping = False
            gc.callbacks.remove(_after_collection)
            _unfreeze()


def renewals() -> Counter[str]:
    """How many renewals (`renew`, walks of everything) ran so far, by why (`due`: the
    frozen objects grew, `REWALK_AFTER`; `dropped`: a dropped corpus outlived its looks;
    `drop_grown`: much was frozen since, at a drop; `asked`: anything else): a benchmark's
    count."""
    return _renewals.copy()


def unplanned_walks() -> int:
    """How many walks of everything were left to whichever full collection came next, in
    whichever thread (no window to take them, or it did not in time: `REWALK_ANYWAY`)."""
    return _unplanned


def keeping() -> bool:
    """Whether `keep_long_lived` is on."""
    return _keeping


def renew(*, why: str = "asked") -> int:
    """(With `keep_long_lived` on; else nothing.) Unfreeze everything and collect it all once,
    so garbage cycles among frozen objects are freed; what survives is frozen again. One full
    collection of the whole heap (its cost is that of the collections `keep_long_lived`
    avoids), to be called where much has just become garbage and a walk is worth it (`Dropped`
    decides that after a corpus drop). Returns how many objects were collected."""
    global _walk_all
    if not _keeping or _settling:  # (a load's new objects are being told from the old)
        return 0
    _unfreeze()
    _walk_all = True
    _renewals[why] += 1
    return gc.collect()  # the callback freezes its survivors (and clears `walk_due`)


@contextmanager
def thawed() -> Iterator[None]:
    """Nothing frozen while the block runs, so `gc.get_objects()` sees every object (a census
    of the heap) and a collection in it walks everything; after it, everything is collected
    once more and frozen (with `keep_long_lived` on; else the block changes nothing)."""
    global _thawed
    with _lock:
        _thawed += 1
        _unfreeze()
    try:
        yield
    finally:
        with _lock:
            _thawed -= 1
        renew()


_untrack_one: Callable[[object], None] | None = None


def untrack(containers: Iterable[object]) -> None:
    """Take `containers` (lists, as a rule) out of the cyclic collector's sight, as CPython
    does itself for the dicts and tuples that hold only untracked objects (str, int, float,
    None, such dicts) — never for lists. A container of such objects alone can be no part of
    a reference cycle, so the collector has nothing to find in it; reference counting still
    frees it. The caller guarantees that: only untracked objects in each, and nobody adds
    others later (if one did, a cycle through the container would be freed never, not
    wrongly; nothing breaks).

    What it saves: a full collection walks every tracked object alive. A dataset's decoded
    rows hold six lists each (`nkviewer.corpus.dataset`): 0.2-0.3 million of them at 10^5
    events, two thirds of the tracked heap, and each full walk (a renewal, or the walk of
    everything after `REWALK_AFTER`) was that much longer — 0.27-0.45 s of the window's
    turns in the 30-minute dataset soak. (`PyObject_GC_UnTrack`, the C API's own call,
    through ctypes: 0.2 µs a container, 2.2 ms more CPU for a decoded row group's 12,288
    lists, a worker's; where ctypes is missing, nothing is done.)"""
    global _untrack_one
    if _untrack_one is None:
        try:
            import ctypes

            fn = ctypes.pythonapi.PyObject_GC_UnTrack
        except (ImportError, AttributeError):  # not CPython: leave them tracked
            _untrack_one = _keep_tracked
        else:
            fn.argtypes, fn.restype = [ctypes.py_object], None
            _untrack_one = fn
    if _untrack_one is not _keep_tracked:
        deque(map(_untrack_one, containers), maxlen=0)


def _keep_tracked(_obj: object) -> None:
    """(`untrack` where it cannot.)"""


def kept_for_good(load: Callable[[], T]) -> T:
    """`load()`, for what lives as long as the process — the NLP pipeline, which loads its
    modules (spaCy, thinc, pydantic...) with it: with `keep_long_lived` on, the objects the
    load made that its result or the modules it imported hold are taken out of the collector's
    sight for good (`untrack`), so that no collection walks them again, a renewal included
    (`gc.unfreeze` unfreezes everything: freezing them would not keep them out of it).

    Only plain containers (`_UNTRACKABLE`) are untracked: of the English pipeline's some
    100,000 tracked objects (the window loads it to parse, and keeps it), 28,000; a renewal
    after loading it took 62-66 ms of CPU instead of 82-100. Reference counting still frees
    any of them that is dropped; only one that is then part of a garbage cycle is never freed
    — at most what the load made, once (a dict that is given a container is tracked again by
    CPython). Objects made meanwhile in other threads are untracked only if the pipeline or
    its modules hold them. While the load runs, nothing is frozen nor renewed (new objects are
    told from old by being tracked, unfrozen, and not there before); if something unfroze
    everything meanwhile (`thawed`, or `keep_long_lived(False)`), nothing is untracked."""
    global _settling
    if not _keeping:
        return load()
    with _lock:
        _settling += 1
        unfreezes = _unfreezes
    try:
        modules = set(sys.modules)
        # The objects alive before, held while the load runs: one of them freed meanwhile
        # (a young cycle a collection frees) would leave its address, and so its id, to an
        # object the load makes, which would then pass for old. (The frozen ones are old
        # too: not here.)
        old = gc.get_objects()
        before = {id(o) for o in old}
        made = load()
        made_now = {id(o): o for o in gc.get_objects() if id(o) not in before}
        del old, before
    finally:
        with _lock:
            _settling -= 1
    if _unfreezes != unfreezes:  # old frozen objects were listed as made: untrack none
        return made
    # the load's objects: those made now that its result or its new modules reach through
    # objects made now (never through older ones: `sys.modules` reaches everything)
    roots = [made, *(m for name, m in list(sys.modules.items()) if name not in modules)]
    kept = [o for o in roots if made_now.pop(id(o), None) is not None]
    todo = list(kept)
    while todo:
        for ref in gc.get_referents(todo.pop()):
            obj = made_now.pop(id(ref), None)
            if obj is not None:
                kept.append(obj)
                todo.append(obj)
    made_now.clear()
    untrack(o for o in kept if type(o) in _UNTRACKABLE)
    return made


#: The containers `kept_for_good` untracks: those whose every way out of the collector's lists
#: (freeing one included) allows for an untracked one (`PyObject_GC_UnTrack`: CPython itself
#: untracks such dicts and tuples). Freeing an untracked function, type, cell or descriptor
#: would crash the interpreter (their deallocators unlink without checking).
_UNTRACKABLE = frozenset({list, dict, tuple, set, frozenset})


class Dropped:
    """The window's idle looks at the heap: a walk of everything that is due runs there
    (`walk_due`), and objects just dropped (a corpus) are watched by weak reference until they
    are known freed, to decide whether a renewal is worth its full walk (see the module).
    `look()` runs on idle turns, never on the drop's own turn."""

    def __init__(self) -> None:
        self._refs: list[weakref.ref[Any]] = []
        self._unknown = False  # something not weakly referable was dropped
        self._watching = False  # something was dropped and is not judged yet
        self._looks = 0

    def add(self, obj: object) -> None:
        """Watch `obj` too (call before dropping the last reference to it); the looks start
        over."""
        try:
            self._refs.append(weakref.ref(obj))
        except TypeError:
            self._unknown = True
        self._watching = True
        self._looks = 0

    @property
    def freed(self) -> bool:
        """Whether every watched object is gone."""
        self._refs = [r for r in self._refs if r() is not None]
        return not self._refs and not self._unknown

    def look(self) -> bool:
        """One look: a walk of everything that is due runs (`renew_if_due`); dropped objects
        found freed cost a walk only if much was frozen since the last (`DROP_REWALK`), and
        one still alive at the last of `DROP_LOOKS` looks, a renewal. True when done: nothing
        is watched or due any more; False: look again later."""
        if not _keeping:
            return True
        if _settling:  # (a renewal would not run now)
            return False
        if self._watching and self.freed:
            self._watching = False
            # counted now (a walk of the frozen list, 1-15 ms; not when its upper bound is
            # under): the count after the last full collection still held the dropped objects
            # when that ran while both corpora were alive (a reopen's load), and set off
            # renewals that found next to nothing
            grown = (1 + DROP_REWALK) * _walked
            if (
                not _due
                and not _walk_all
                and _frozen_at_most > grown
                and gc.get_freeze_count() > grown
            ):
                renew(why="drop_grown")
        elif self._watching:
            self._looks += 1
            if self._looks >= DROP_LOOKS:
                renew(why="dropped")
                self._refs.clear()
                self._unknown = self._watching = False
        return not renew_if_due() and not self._watching


def untrack_plain(cells: list[Any]) -> None:
    """`untrack` the lists among `cells` (an event column's list cells: actors, entities…)
    that hold only untracked objects (str, numbers, None, and the dicts of those CPython
    untracks itself); anything else in `cells` is left alone. As a rule every cell is such a
    list: one check in C over all their items then settles the whole column (10^5 cells of
    two strings: 24 ms of CPU with the untracking, 35 ms checked cell by cell); only when
    that finds a tracked item or a cell that is no list is each cell checked on its own."""
    if set(map(type, cells)) <= {list} and not any(map(gc.is_tracked, chain.from_iterable(cells))):
        untrack(cells)
    else:
        untrack(c for c in cells if type(c) is list and not any(map(gc.is_tracked, c)))
