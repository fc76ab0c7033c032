"""The selection model: ids, anchor, current event, the rule tying them, and its notifications."""

from __future__ import annotations

import pytest

from nkviewer.app.selection import SelectionChange, SelectionModel


@pytest.fixture
def sel() -> tuple[SelectionModel, list[SelectionChange]]:
    model = SelectionModel()
    seen: list[SelectionChange] = []
    model.subscribe(seen.append)
    return model, seen


def test_replace_keeps_order_drops_duplicates_and_bumps_the_version(
    sel: tuple[SelectionModel, list[SelectionChange]],
) -> None:
    model, seen = sel
    model.replace(["b", "a", "b", "", "c"])
    assert model.ids == ["b", "a", "c"] and len(model) == 3 and "a" in model
    assert model.version == 1 and model.anchor == "b" and model.current == ""
    assert seen == [SelectionChange(selection=True, current=False)]
    model.replace(["b", "a", "c"])  # the same: nothing changes, nobody is told
    assert model.version == 1 and len(seen) == 1


def test_one_selected_event_is_current_and_a_deselected_one_is_not(
    sel: tuple[SelectionModel, list[SelectionChange]],
) -> None:
    model, seen = sel
    model.replace(["a"])
    assert model.current == "a"
    assert seen[-1] == SelectionChange(selection=True, current=True)
    model.replace(["a", "b"])  # still selected: stays current
    assert model.current == "a"
    assert seen[-1] == SelectionChange(selection=True, current=False)
    model.replace(["b", "c"])  # let go of the current event: none
    assert model.current == ""
    model.replace(["b", "c"], current="c")  # chosen among the selected
    assert model.current == "c"
    model.replace(["b", "c"], current="zz")  # not selected: refused
    assert model.current == "c"
    model.replace([])
    assert model.current == "" and model.anchor == ""


def test_toggle_is_ctrl_click(sel: tuple[SelectionModel, list[SelectionChange]]) -> None:
    model, _ = sel
    model.replace(["a"], anchor="a")
    assert model.toggle("b") is True
    assert model.ids == ["a", "b"] and model.current == "b" and model.anchor == "b"
    assert model.toggle("b") is False  # out again: not the event to show
    assert model.ids == ["a"] and model.current == "a" and model.anchor == "b"
    model.replace(["a", "c"])
    model.set_current("c")
    model.toggle("a")
    assert model.current == "c"  # the current event stays while still selected
    assert model.toggle("") is False and model.ids == ["c"]


def test_shift_click_selects_the_range_from_the_anchor(
    sel: tuple[SelectionModel, list[SelectionChange]],
) -> None:
    model, _ = sel
    model.replace(["c"], anchor="c")
    model.replace(["c", "d", "e"], anchor=model.anchor, current="e")
    assert model.ids == ["c", "d", "e"] and model.anchor == "c" and model.current == "e"
    model.replace(["a", "b", "c"], anchor=model.anchor, current="a")  # the other way: it holds
    assert model.ids == ["a", "b", "c"] and model.anchor == "c" and model.current == "a"


def test_clear_forgets_selection_anchor_and_current(
    sel: tuple[SelectionModel, list[SelectionChange]],
) -> None:
    model, seen = sel
    model.replace(["a", "b"], current="b")
    seen.clear()
    model.clear()
    assert (model.ids, model.anchor, model.current) == ([], "", "")
    assert seen == [SelectionChange(selection=True, current=True)]  # one notification
    model.set_current("x")  # shown without being selected
    model.clear()
    assert model.current == ""


def test_retain_prunes_to_what_is_shown(sel: tuple[SelectionModel, list[SelectionChange]]) -> None:
    model, seen = sel
    model.replace(["a", "b", "c"], current="b")
    version, told = model.version, len(seen)
    assert model.retain({"a", "b", "c", "d"}) is False and model.version == version
    assert len(seen) == told  # nothing pruned: nobody is told
    assert model.retain({"c", "b"}) is True
    assert model.ids == ["b", "c"] and model.current == "b"
    assert model.retain({"c"}) is True
    assert model.ids == ["c"] and model.current == "c"
    assert model.retain(set()) is True and model.ids == [] and model.current == ""


def test_set_current_alone_may_point_outside_the_selection(
    sel: tuple[SelectionModel, list[SelectionChange]],
) -> None:
    model, seen = sel
    model.set_current("x")
    assert model.current == "x" and model.ids == []
    assert seen == [SelectionChange(selection=False, current=True)]
    version = model.version
    model.set_current("x")
    assert len(seen) == 1 and model.version == version  # the ids did not change


def test_held_gathers_changes_into_one_notification(
    sel: tuple[SelectionModel, list[SelectionChange]],
) -> None:
    model, seen = sel
    with model.held():
        model.replace(["a", "b"])
        with model.held():
            model.set_current("a")
        assert seen == []  # nested: still held
        model.retain({"a"})
        assert model.ids == ["a"]  # readers inside the block see the new state
    assert seen == [SelectionChange(selection=True, current=True)]
    with model.held():
        model.replace(["a"])  # no change at all: nobody is told
    assert len(seen) == 1


def test_unsubscribe_and_listeners_see_the_new_state() -> None:
    model = SelectionModel()
    states: list[tuple[list[str], str]] = []

    def listener(_change: SelectionChange) -> None:
        states.append((model.ids, model.current))

    model.subscribe(listener)
    model.subscribe(listener)  # once is enough
    model.replace(["a"])
    assert states == [(["a"], "a")]
    model.unsubscribe(listener)
    model.replace(["b"])
    assert len(states) == 1


def test_a_change_says_who_made_it(sel: tuple[SelectionModel, list[SelectionChange]]) -> None:
    """A listener tells its own changes (and a prune) from a choice made elsewhere."""
    model, seen = sel
    me = object()
    model.replace(["a", "b"], origin=me)
    assert seen[-1].origin is me
    model.replace(["a"])
    assert seen[-1].origin is None
    with model.held():
        model.retain({"b"}, origin=me)
        model.set_current("b")
    assert seen[-1] == SelectionChange(selection=True, current=True, origin=me)
    unsubscribe = model.subscribe(seen.append)  # already subscribed: once only
    unsubscribe()
    model.replace(["c"])
    assert seen[-1].origin is me  # nobody told any more


def test_unselectable_ids_are_never_selected(
    sel: tuple[SelectionModel, list[SelectionChange]],
) -> None:
    model, seen = sel
    model.replace(["a", "b", "c"], current="b")
    model.set_unselectable({"b", "x"})  # selected ones leave, in one change
    assert model.ids == ["a", "c"] and model.current == "" and model.unselectable == {"b", "x"}
    assert seen[-1] == SelectionChange(selection=True, current=True)
    n, version = len(seen), model.version
    assert model.toggle("x") is False and model.ids == ["a", "c"]
    assert len(seen) == n and model.version == version  # nothing happened, nobody told
    model.replace(["x", "b", "c"])
    assert model.ids == ["c"] and model.current == "c"
    model.set_unselectable(())
    assert model.toggle("b") is True and model.ids == ["c", "b"]
