"""The selection: which events are selected, the anchor a Shift-click extends from, and the
current event (the one ←/→ step from and the Source panel reads).

One owner for all three, without Qt: the session holds one `SelectionModel`, the timeline
renders it and changes it, the event list and the Source panel follow its changes. It keeps
event ids, never row positions, so a dataset's window of events moving (or a table being
filtered again) remaps nothing: whoever draws derives its mask from the ids.

The rule that ties the current event to the selection: after every change of the selection,
the current event is kept while it stays selected, else it is the only selected event, else
none. `set_current` alone may point elsewhere (an event shown without being selected).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

__all__ = ["SelectionChange", "SelectionListener", "SelectionModel"]


@dataclass(frozen=True, slots=True)
class SelectionChange:
    """What a change touched: the selected ids, the current event, or both; and who made it
    (`origin`, the object the changer passed; None when it passed none), so a listener can
    tell a selection it made itself from one chosen elsewhere."""

    selection: bool
    current: bool
    origin: object = None


SelectionListener = Callable[[SelectionChange], None]


class SelectionModel:
    """Selected event ids (in the order chosen, no duplicates), the anchor and the current event.

    Listeners are told after each change (`subscribe`); `held()` gathers the changes of a block
    into one notification. `version` grows whenever the selected ids change, so a view can key
    a cached mask on it.
    """

    def __init__(self) -> None:
        self._ids: dict[str, None] = {}  # ordered set
        self._anchor = ""
        self._current = ""
        self._version = 0
        self._listeners: list[SelectionListener] = []
        self._held = 0
        self._pending_selection = False
        self._pending_current = False
        self._pending_origin: object = None
        self._unselectable: frozenset[str] = frozenset()

    # ------------------------------------------------------------------ reading
    @property
    def ids(self) -> list[str]:
        """The selected ids, in the order they were chosen (a copy)."""
        return list(self._ids)

    @property
    def anchor(self) -> str:
        """The event a Shift-click extends from ("" for none)."""
        return self._anchor

    @property
    def current(self) -> str:
        """The event ←/→ step from and the Source panel shows ("" for none)."""
        return self._current

    @property
    def version(self) -> int:
        """Grows by one whenever the selected ids change."""
        return self._version

    def __contains__(self, event_id: object) -> bool:
        return event_id in self._ids

    def __len__(self) -> int:
        return len(self._ids)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._ids))

    # ------------------------------------------------------------------ listening
    def subscribe(self, listener: SelectionListener) -> Callable[[], None]:
        """Call `listener(change)` after every change (on the thread that made it). Returns a
        function that unsubscribes it (for a widget's `destroyed`: a model that outlives the
        widget stops calling it)."""
        if listener not in self._listeners:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            self.unsubscribe(listener)

        return unsubscribe

    def unsubscribe(self, listener: SelectionListener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    @contextmanager
    def held(self) -> Iterator[None]:
        """Tell listeners once, when the block ends, of every change made inside it (the session
        prunes the selection before saying the table changed, and says so after)."""
        self._held += 1
        try:
            yield
        finally:
            self._held -= 1
            if not self._held:
                self._notify(False, False)

    @property
    def unselectable(self) -> frozenset[str]:
        """Ids no change can select (`set_unselectable`)."""
        return self._unselectable

    # ------------------------------------------------------------------ changing
    def set_unselectable(self, event_ids: Collection[str], *, origin: object = None) -> None:
        """Ids that no later change may select — the events the user hid, while the views may
        still draw them (a refilter in the background, a window of the timeline not fetched
        yet): a click on one selects nothing. Selected ones among them leave the selection."""
        self._unselectable = frozenset(event_ids)
        if self._unselectable and not self._unselectable.isdisjoint(self._ids):
            self.replace(self._ids, origin=origin)

    def replace(
        self,
        event_ids: Iterable[str],
        *,
        anchor: str | None = None,
        current: str | None = None,
        origin: object = None,
    ) -> None:
        """Select exactly `event_ids` (duplicates and empty ids dropped, order kept).

        `anchor` defaults to the old anchor while it stays selected, else the first id;
        `current` (when given and selected) becomes the current event, else the rule applies.
        """
        no = self._unselectable
        if no:
            ids = dict.fromkeys(e for e in event_ids if e and e not in no)
        else:  # (a rubber band's 20,000 ids: 8 ms through a generator)
            ids = dict.fromkeys(event_ids)
            ids.pop("", None)
        changed = list(ids) != list(self._ids)
        if changed:
            self._ids = ids
            self._version += 1
        if anchor is None:
            anchor = self._anchor if self._anchor in ids else next(iter(ids), "")
        self._anchor = anchor
        self._after(changed, current, origin)

    def toggle(self, event_id: str, *, origin: object = None) -> bool:
        """Ctrl-click: add `event_id` (it becomes current) or take it out; it becomes the anchor.
        Returns whether it is selected now (an unselectable id changes nothing)."""
        if not event_id or (event_id in self._unselectable and event_id not in self._ids):
            return False
        if event_id in self._ids:
            ids = dict(self._ids)
            del ids[event_id]
            self._ids = ids
            added = False
        else:
            self._ids = {**self._ids, event_id: None}
            added = True
        self._version += 1
        self._anchor = event_id
        self._after(True, event_id if added else None, origin)
        return added

    def clear(self, *, origin: object = None) -> None:
        """Nothing selected, no anchor, no current event."""
        with self.held():
            self.replace((), anchor="", origin=origin)
            self.set_current("", origin=origin)  # also one `set_current` showed unselected

    def retain(self, shown: Collection[str], *, origin: object = None) -> bool:
        """Keep only the selected ids in `shown` (what the filters still show); True if any
        went. The current event follows the rule."""
        kept = [e for e in self._ids if e in shown]
        if len(kept) == len(self._ids):
            return False
        self.replace(kept, origin=origin)
        return True

    def set_current(self, event_id: str, *, origin: object = None) -> None:
        """Show `event_id` (selected or not; "" for none) without changing the selection."""
        if event_id != self._current:
            self._current = event_id
            self._notify(False, True, origin)

    # ------------------------------------------------------------------ internals
    def _after(self, selection_changed: bool, current: str | None, origin: object) -> None:
        """Apply the current-event rule after a change of the selection, then notify."""
        old = self._current
        if current is not None and current in self._ids:
            self._current = current
        elif selection_changed:
            if len(self._ids) == 1:
                self._current = next(iter(self._ids))
            elif self._current not in self._ids:
                self._current = ""
        self._notify(selection_changed, self._current != old, origin)

    def _notify(self, selection: bool, current: bool, origin: object = None) -> None:
        if (selection or current) and self._pending_origin is None:
            self._pending_origin = origin  # a held block: the first that named itself
        self._pending_selection |= selection
        self._pending_current |= current
        if self._held or not (self._pending_selection or self._pending_current):
            return
        change = SelectionChange(
            self._pending_selection, self._pending_current, self._pending_origin
        )
        self._pending_selection = self._pending_current = False
        self._pending_origin = None
        for listener in list(self._listeners):
            listener(change)
