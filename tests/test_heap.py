"""The GC policy of `nkviewer.heap`: what survives a full collection is frozen (later
collections do not walk it again), a garbage cycle among frozen objects waits for `renew`,
which frees it, and the policy turned off leaves nothing frozen. Only what is frozen and what
is freed is asserted; how long a collection takes is not."""

from __future__ import annotations

import gc
import weakref

from heap_support import Node

from nkviewer import heap


def walked(obj: object) -> bool:
    """Whether the collector's generations hold `obj` (a frozen object is in none of them)."""
    return any(o is obj for o in gc.get_objects())


def test_what_survives_a_full_collection_is_frozen(keeping: None) -> None:
    node = Node()
    assert walked(node)
    gc.collect()
    assert not walked(node)
    assert gc.get_freeze_count() > 0


def test_without_the_policy_a_full_collection_freezes_nothing() -> None:
    assert not heap.keeping()
    node = Node()
    gc.collect()
    assert walked(node)
    assert gc.get_freeze_count() == 0


def test_a_frozen_cycle_is_kept_until_renew_frees_it(keeping: None) -> None:
    a, b = Node(), Node()
    a.other, b.other = b, a
    gone = weakref.ref(a)
    gc.collect()  # frozen with its survivors
    del a, b
    gc.collect()
    assert gone() is not None  # garbage, but frozen: the collector no longer looks at it
    assert heap.renew() > 0
    assert gone() is None


def test_renew_freezes_the_survivors_again(keeping: None) -> None:
    node = Node()
    heap.renew()
    assert not walked(node)


def test_renew_without_the_policy_does_not_collect() -> None:
    a, b = Node(), Node()
    a.other, b.other = b, a
    gone = weakref.ref(a)
    del a, b
    gc.disable()
    try:
        assert heap.renew() == 0
        assert gone() is not None
    finally:
        gc.enable()
    gc.collect()
    assert gone() is None


def test_turning_the_policy_off_unfreezes_everything() -> None:
    heap.keep_long_lived()
    node = Node()
    gc.collect()
    assert gc.get_freeze_count() > 0
    heap.keep_long_lived(False)
    assert gc.get_freeze_count() == 0
    assert walked(node)
    gc.collect()
    assert walked(node)  # and no collection freezes any more


def test_a_frozen_cycle_is_freed_once_enough_has_been_frozen_since(keeping: None) -> None:
    gc.collect()  # walks everything: what it freezes is the reference
    a, b = Node(), Node()
    a.other, b.other = b, a
    gone = weakref.ref(a)
    gc.collect()
    del a, b
    gc.collect()
    assert gone() is not None  # frozen, and too little frozen since for a walk of everything
    grown = [Node() for _ in range(int(heap.REWALK_AFTER * gc.get_freeze_count()) + 5000)]
    gc.collect()  # freezes `grown`: past the share, so everything is unfrozen
    gc.collect()  # and walked
    assert gone() is None
    assert not walked(grown)  # frozen again after that walk


def test_a_thawed_block_sees_every_object_and_freezes_them_after(keeping: None) -> None:
    node = Node()
    gc.collect()
    assert not walked(node)
    with heap.thawed():
        assert walked(node)
        gc.collect()
        assert walked(node)  # no freezing inside
    assert not walked(node)
