"""The GC policy of `nkviewer.heap`: what survives a full collection is frozen (later
collections do not walk it again), a garbage cycle among frozen objects waits for `renew`,
which frees it, and the policy turned off leaves nothing frozen. Only what is frozen and what
is freed is asserted; how long a collection takes is not."""

from __future__ import annotations

import gc
import importlib
import sys
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
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


@pytest.fixture
def no_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """No window listens for due walks (`heap.when_walk_due`): a CLI run, a bench."""
    monkeypatch.setattr(heap, "_listeners", [])


class Window:
    """Stands for a window listening for due walks: it only counts that it was told."""

    def __init__(self) -> None:
        self.told = 0

    def walk_due(self) -> None:
        self.told += 1


def frozen_cycle() -> weakref.ref[Node]:
    """A garbage cycle, frozen: only a walk of everything frees it. Its weak reference."""
    a, b = Node(), Node()
    a.other, b.other = b, a
    gone = weakref.ref(a)
    gc.collect()
    del a, b
    gc.collect()
    return gone


def test_a_frozen_cycle_is_freed_once_enough_has_been_frozen_since(
    keeping: None, no_window: None
) -> None:
    """With no window, the bound on frozen garbage holds as it always did: the full collection
    after the frozen objects doubled walks everything, wherever it falls."""
    unplanned = heap.unplanned_walks()
    gc.collect()  # walks everything: what it freezes is the reference
    gone = frozen_cycle()
    assert gone() is not None  # frozen, and too little frozen since for a walk of everything
    grown = [Node() for _ in range(int(heap.REWALK_AFTER * gc.get_freeze_count()) + 5000)]
    gc.collect()  # freezes `grown`: past the share, so everything is unfrozen
    assert not heap.walk_due()  # nobody to run it on a turn of their choosing
    gc.collect()  # and walked
    assert gone() is None
    assert not walked(grown)  # frozen again after that walk
    assert heap.unplanned_walks() == unplanned + 1


def test_with_a_window_a_due_walk_waits_for_the_windows_look(keeping: None) -> None:
    """The window is told once when a walk of everything falls due; collections meanwhile
    walk only what is new, and its look (`renew_if_due`) walks everything and frees the
    frozen garbage."""
    window = Window()
    heap.when_walk_due(window.walk_due)
    try:
        gc.collect()  # the reference
        gone = frozen_cycle()
        due_before, unplanned = heap.renewals()["due"], heap.unplanned_walks()
        grown = [[] for _ in range(int(heap.REWALK_AFTER * gc.get_freeze_count()) + 5000)]
        gc.collect()  # freezes `grown`: past REWALK_AFTER, the window is told
        assert heap.walk_due()
        assert window.told == 1
        gc.collect()
        assert gone() is not None  # left for the window's look
        assert window.told == 1
        assert heap.unplanned_walks() == unplanned
        assert not heap.renew_if_due()  # nothing due after it
        assert gone() is None
        assert heap.renewals()["due"] == due_before + 1
        assert not walked(grown)  # frozen again
        assert not heap.renew_if_due() and heap.renewals()["due"] == due_before + 1
    finally:
        heap.forget_walk_due(window.walk_due)


def test_a_due_walk_no_window_runs_is_left_to_a_collection_past_the_hard_bound(
    keeping: None,
) -> None:
    """A window that never looks (busy, or no event loop) cannot hold frozen garbage past
    `REWALK_ANYWAY`: the next full collection walks everything."""
    window = Window()
    heap.when_walk_due(window.walk_due)
    try:
        gc.collect()  # the reference
        walked_after = gc.get_freeze_count()
        gone = frozen_cycle()
        unplanned = heap.unplanned_walks()
        grown = [[] for _ in range(int(heap.REWALK_AFTER * walked_after) + 5000)]
        gc.collect()
        assert heap.walk_due() and window.told == 1
        more = [[] for _ in range(int((heap.REWALK_ANYWAY - heap.REWALK_AFTER) * walked_after))]
        gc.collect()  # past the hard bound: everything unfrozen
        gc.collect()  # and walked
        assert gone() is None
        assert heap.unplanned_walks() == unplanned + 1
        assert not heap.walk_due()
        del grown, more
    finally:
        heap.forget_walk_due(window.walk_due)


def test_a_forgotten_or_dead_window_is_told_nothing(keeping: None, no_window: None) -> None:
    window = Window()
    heap.when_walk_due(window.walk_due)
    heap.forget_walk_due(window.walk_due)
    other = Window()
    heap.when_walk_due(other.walk_due)
    del other  # weakly held: gone with its window
    gc.collect()
    unplanned = heap.unplanned_walks()
    grown = [[] for _ in range(int(heap.REWALK_AFTER * gc.get_freeze_count()) + 5000)]
    gc.collect()
    assert window.told == 0
    assert not heap.walk_due()
    assert heap.unplanned_walks() == unplanned + 1
    del grown


def test_an_idle_look_runs_a_due_walk(keeping: None) -> None:
    """`Dropped.look` (the window's idle look) runs a walk that fell due, with or without
    anything dropped."""
    window = Window()
    heap.when_walk_due(window.walk_due)
    try:
        gc.collect()
        gone = frozen_cycle()
        grown = [[] for _ in range(int(heap.REWALK_AFTER * gc.get_freeze_count()) + 5000)]
        gc.collect()
        assert heap.walk_due()
        looks = heap.Dropped()
        assert looks.look()  # done: nothing watched, nothing due
        assert gone() is None
        assert not heap.walk_due()
        del grown
    finally:
        heap.forget_walk_due(window.walk_due)


def test_a_thawed_block_sees_every_object_and_freezes_them_after(keeping: None) -> None:
    node = Node()
    gc.collect()
    assert not walked(node)
    with heap.thawed():
        assert walked(node)
        gc.collect()
        assert walked(node)  # no freezing inside
    assert not walked(node)


class FullCollections:
    """Counts the full collections while the block runs, with the automatic ones off (only a
    `gc.collect()` someone calls is counted)."""

    def __init__(self) -> None:
        self.count = 0

    def _seen(self, phase: str, info: dict[str, int]) -> None:
        if phase == "stop" and info.get("generation") == 2:
            self.count += 1

    def __enter__(self) -> FullCollections:
        gc.disable()
        gc.callbacks.append(self._seen)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self._seen)
        gc.enable()


def test_a_drop_reference_counting_freed_walks_nothing(keeping: None) -> None:
    heap.renew()  # walks everything: what it freezes is the reference
    a, b = Node(), Node()
    a.other, b.other = b, a
    gone = weakref.ref(a)
    gc.collect()  # frozen
    del a, b
    dropped = heap.Dropped()
    corpus = Node()
    dropped.add(corpus)
    del corpus
    with FullCollections() as full:
        assert dropped.look()
    assert full.count == 0
    assert gone() is not None  # little frozen since the last walk: the cycle waits for one


def test_a_dropped_object_a_frozen_cycle_holds_is_freed_at_the_last_look(keeping: None) -> None:
    heap.renew()
    corpus = Node()
    a, b = Node(), Node()
    a.other, b.other = b, a
    b.held = corpus  # type: ignore[attr-defined]
    gc.collect()  # frozen, the cycle with it
    dropped = heap.Dropped()
    dropped.add(corpus)
    gone = weakref.ref(corpus)
    del corpus, a, b
    for _ in range(heap.DROP_LOOKS - 1):
        assert not dropped.look()  # a worker may still hold it: look again later
        assert gone() is not None
    assert dropped.look()
    assert gone() is None


def test_after_a_drop_frozen_cycles_are_freed_when_much_was_frozen_since(keeping: None) -> None:
    heap.renew()  # the reference
    a, b = Node(), Node()
    a.other, b.other = b, a
    gone = weakref.ref(a)
    grown = [Node() for _ in range(int(heap.DROP_REWALK * gc.get_freeze_count()) + 5000)]
    gc.collect()  # freezes the cycle and `grown`: past DROP_REWALK, short of REWALK_AFTER
    del a, b
    assert gone() is not None
    dropped = heap.Dropped()
    corpus = Node()
    dropped.add(corpus)
    del corpus
    assert dropped.look()
    assert gone() is None
    assert not walked(grown)  # frozen again after the walk


def test_untracked_lists_are_out_of_the_collectors_sight_and_still_freed() -> None:
    """`untrack` takes lists out of every generation (no collection walks them), and reference
    counting still frees them and what they hold."""
    cells: list[list[object]] = [["Kim Jong-un", "Xi"], [{"doc_id": "d", "end": 3}], []]
    assert all(map(gc.is_tracked, cells))
    heap.untrack(cells)
    assert not any(map(gc.is_tracked, cells))
    assert not any(walked(c) for c in cells)
    held = Node()
    ref = weakref.ref(held)
    holder = [held]
    heap.untrack([holder])
    del held, holder
    assert ref() is None


def test_a_drop_counts_what_is_frozen_at_its_look_not_at_the_last_collection(
    keeping: None,
) -> None:
    """A reopen's load runs full collections while both corpora are alive: what they froze,
    the dropped corpus included, is no growth once reference counting freed that corpus."""
    heap.renew()  # the reference
    corpus = [Node() for _ in range(int(heap.DROP_REWALK * gc.get_freeze_count()) + 5000)]
    gc.collect()  # frozen with the rest: past DROP_REWALK then
    dropped = heap.Dropped()
    dropped.add(corpus[0])
    del corpus  # freed by reference counting
    with FullCollections() as full:
        assert dropped.look()
    assert full.count == 0


def load_made(tmp_path: Path, name: str) -> Callable[[], Node]:
    """A load like the pipeline's: it imports a module of its own (a list, a dict, a function
    at its top level) and returns a new object holding new lists, dicts and tuples."""
    (tmp_path / f"{name}.py").write_text(
        "TABLE = [{'a': 1}, {'b': [2, 3]}]\n\ndef helper() -> list:\n    return TABLE\n"
    )

    def load() -> Node:
        sys.path.insert(0, str(tmp_path))
        try:
            importlib.import_module(name)
        finally:
            sys.path.remove(str(tmp_path))
        made = Node()
        made.rows = [[str(i), {"i": i}] for i in range(3)]  # type: ignore[attr-defined]
        made.pair = (made.rows, [])  # type: ignore[attr-defined]
        return made

    return load


def test_what_a_kept_for_good_load_made_is_walked_by_no_renewal(
    keeping: None, tmp_path: Path
) -> None:
    old = [1, 2]
    made = heap.kept_for_good(lambda: _with(load_made(tmp_path, "kept_mod")(), old))
    module = sys.modules.pop("kept_mod")
    heap.renew()  # unfreezes everything and collects it: the untracked are not there
    gc.unfreeze()  # (everything in sight, as a renewal's walk sees it)
    try:
        held = [made.rows, *made.rows, made.rows[0][1], made.pair, module.TABLE, *module.TABLE]
        assert not any(map(gc.is_tracked, held))
        assert not any(walked(o) for o in held)
        assert gc.is_tracked(made)  # not a plain container: left to the collector
        assert gc.is_tracked(module.helper)
        assert gc.is_tracked(old)  # made before the load
    finally:
        gc.freeze()


def _with(made: Node, old: object) -> Node:
    made.old = old  # type: ignore[attr-defined]
    return made


def test_what_a_kept_for_good_load_made_is_still_freed_once_dropped(
    keeping: None, tmp_path: Path
) -> None:
    made = heap.kept_for_good(load_made(tmp_path, "dropped_mod"))
    sys.modules.pop("dropped_mod")
    held = Node()
    made.rows[0].append(held)  # type: ignore[attr-defined]
    gone = weakref.ref(held)
    assert not gc.is_tracked(made.rows[0])  # type: ignore[attr-defined]
    del held, made
    assert gone() is None  # reference counting, no collection


def test_a_load_s_objects_are_told_from_old_ones_freed_while_it_runs(keeping: None) -> None:
    """Garbage cycles alive when the load starts and freed by a collection during it leave
    their addresses to what the load makes: those objects are still the load's, untracked."""
    for _ in range(2000):
        a: list[object] = [1]
        a.append({"x": a})
    del a

    def load() -> dict[str, list[list[object]]]:
        gc.collect(0)  # frees the cycles: their memory goes to the rows made next
        return {"rows": [[str(i), {"i": i}] for i in range(200)]}

    made = heap.kept_for_good(load)
    assert not any(map(gc.is_tracked, made["rows"]))


def test_without_the_policy_a_kept_for_good_load_untracks_nothing(tmp_path: Path) -> None:
    made = heap.kept_for_good(load_made(tmp_path, "plain_mod"))
    sys.modules.pop("plain_mod")
    assert gc.is_tracked(made.rows)  # type: ignore[attr-defined]


def test_the_loaded_pipeline_is_walked_by_no_renewal_and_a_drop_is_still_freed(
    keeping: None,
) -> None:
    """The pipeline (`nkviewer.nlp.model.load_pipeline`, loaded afresh here): its plain
    containers are out of a renewal's walk, which still frees a dropped corpus that a frozen
    garbage cycle holds."""
    from nkviewer.nlp.model import load_pipeline

    nlp: Any = load_pipeline.__wrapped__()  # type: ignore[attr-defined]
    corpus = Node()
    a, b = Node(), Node()
    a.other, b.other = b, a
    b.held = corpus  # type: ignore[attr-defined]
    gc.collect()  # frozen: the cycle, the corpus, the pipeline's other objects
    dropped = heap.Dropped()
    dropped.add(corpus)
    gone = weakref.ref(corpus)
    del corpus, a, b
    heap.renew()
    gc.unfreeze()
    try:
        assert gone() is None  # the renewal freed the dropped corpus
        assert dropped.look()
        plain = [nlp._components, nlp.tokenizer.rules, *nlp._components]
        assert not any(walked(o) for o in plain)
        assert all(walked(c) for _, c in nlp._components)  # components: not plain containers
    finally:
        gc.freeze()


def test_a_full_collection_far_from_due_does_not_count_every_frozen_object(
    keeping: None, no_window: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counting the frozen objects is a walk of all of them (1-20 ms at 10^5 events, after
    every full collection, in whichever thread): a collection that froze too little since the
    last walk of everything for one to be due does not count them (what it froze bounds the
    growth); past that bound they are counted, and a due walk is still found (the tests above)."""
    gc.collect()  # walks everything: what it freezes is the reference
    counted = []
    real = gc.get_freeze_count

    def count() -> int:
        counted.append(1)
        return real()

    monkeypatch.setattr(gc, "get_freeze_count", count)
    kept = []
    for _ in range(5):
        kept.append([Node() for _ in range(10)])
        gc.collect()
    assert not counted
    assert not walked(kept[0][0])  # frozen all the same
    kept.append([Node() for _ in range(int(heap.REWALK_AFTER * real()) + 5000)])
    gc.collect()
    assert counted  # the bound passed: counted
