"""The cross-document merge cut into blocks that workers run apart, with the same result as
`merge.merge_events` on the whole corpus, event for event.

`merge_events` is two things: finding pairs of reports of one happening, and taking the
connected components of those pairs (its union-find is transitive, so the order of the unions
does not matter). Everything else is decided per component or per pair:

1. **Prepare** (per extraction partition): the within-document merge (an article lies in one
   partition), and an integer id per event, `gid`, whose high bits are the month of its
   `start`, so the month of any id is known without looking it up.
2. **Candidate pairs** (per calendar month M): `merge_events` compares events of the same days
   (the same month, always) and a coarse report of up to 31 days against the finer reports
   (< 7 days) starting in its first or last month. Block M therefore holds the events starting
   in M, plus — as context only — the finer reports starting in M+1: every comparison the
   in-process merge makes is made in exactly one block, over the same candidates in the same
   order (by `start`, `end`, `event_id`), so its caps on peers per key cut the same lists.
3. **Components** of all pairs, over integer ids only (`components.components`); a component
   is labelled with its smallest id, so its *home* month is that id's month.
4. **Conflicts** among the components' representatives (the most precise report, as in
   `merge_events`): a pure pairwise test (same people and action, alike, disjoint dates at most
   60 days apart), computed per (people, action) key.
5. **Merge** per component with `merge_events`' own rules (`merge._combined`): sources, actors,
   places and reporters in the in-process order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

import numpy as np

from nkviewer.corpus.components import IntArray, components
from nkviewer.events.merge import (
    _CLASSES,
    CONFLICT_WINDOW_DAYS,
    GRANULARITY_RANK,
    _alike,
    _combined,
    _compare_in,
    _merge_containers,
    _Profile,
    _profile,
    merge_within_documents,
)
from nkviewer.events.record import Event

#: gid = month << MONTH_SHIFT | partition << PART_SHIFT | row
MONTH_SHIFT = 44
PART_SHIFT = 24
MAX_PARTS = 1 << (MONTH_SHIFT - PART_SHIFT)
MAX_ROWS = 1 << PART_SHIFT
#: A finer report (context of the month before) spans fewer days than this, as in
#: `merge._merge_containers`.
FINE_DAYS = 7

Keyed = tuple[int, Event]  # (gid, event)


def month_index(iso: str) -> int:
    """Months since year 0 of an ISO date (`YYYY-MM-…`)."""
    return int(iso[:4]) * 12 + int(iso[5:7]) - 1


def month_of(gid: int | IntArray) -> Any:
    return np.right_shift(gid, MONTH_SHIFT)


def order_key(e: Event) -> tuple[str, str, str]:
    """The in-process merge's order of events (its index order)."""
    return (e.start, e.end, e.event_id)


# --------------------------------------------------------------------------- 1. prepare


def prepare(events: Sequence[Event], part: int) -> list[Keyed]:
    """Within-document merge of one partition's events, each with its gid."""
    if not 0 <= part < MAX_PARTS:
        raise ValueError(f"partition number {part} out of range (0..{MAX_PARTS - 1})")
    within = merge_within_documents(sorted(events, key=lambda e: e.event_id))
    if len(within) >= MAX_ROWS:
        raise ValueError(f"a partition holds at most {MAX_ROWS - 1} events; cut it smaller")
    return [
        ((month_index(e.start) << MONTH_SHIFT) | (part << PART_SHIFT) | row, e)
        for row, e in enumerate(within)
    ]


def is_fine(e: Event) -> bool:
    """A report finer than a week: compared against the coarse reports around it."""
    return _days(e) < FINE_DAYS


def _days(e: Event) -> int:
    return date.fromisoformat(e.end).toordinal() - date.fromisoformat(e.start).toordinal()


# --------------------------------------------------------------------------- 2. candidate pairs


class _Pairs:
    """Records the unions `merge_events` would make, as index pairs."""

    def __init__(self) -> None:
        self.a: list[int] = []
        self.b: list[int] = []

    def union(self, i: int, j: int) -> None:
        self.a.append(i)
        self.b.append(j)


def block_pairs(own: Iterable[Keyed], context: Iterable[Keyed] = ()) -> tuple[IntArray, IntArray]:
    """Candidate pairs (as gid arrays) of one month's events `own`, with the finer reports of
    the next month as `context` (others there are ignored)."""
    mine = sorted(own, key=lambda x: order_key(x[1]))
    extra = sorted((x for x in context if is_fine(x[1])), key=lambda x: order_key(x[1]))
    return profile_pairs(
        [g for g, _ in mine],
        [_profile(e) for _, e in mine],
        [g for g, _ in extra],
        [_profile(e) for _, e in extra],
    )


def profile_pairs(
    gids: Sequence[int],
    profiles: Sequence[_Profile],
    context_gids: Sequence[int] = (),
    context: Sequence[_Profile] = (),
) -> tuple[IntArray, IntArray]:
    """`block_pairs` over profiles already in `order_key` order (`context`: finer reports of
    the next month only)."""
    every = [*profiles, *context]
    pairs = _Pairs()
    exact: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, p in enumerate(profiles):
        exact[(p.first, p.last)].append(i)
    for group in exact.values():
        if len(group) > 1:
            _compare_in(group, every, pairs)
    _merge_containers(every, pairs, among=len(profiles))
    ids = np.asarray([*gids, *context_gids], dtype=np.int64)
    return ids[np.asarray(pairs.a, dtype=np.int64)], ids[np.asarray(pairs.b, dtype=np.int64)]


def profile_of(
    doc_id: str,
    persons: Sequence[str],
    actors: Sequence[str],
    words: Sequence[str],
    first: int,
    last: int,
    rank: int,
) -> _Profile:
    """A profile rebuilt from its stored parts (as `merge._profile` makes it)."""
    who = sorted(persons or actors)
    ws = sorted(words)
    return _Profile(
        doc_id,
        frozenset(persons),
        frozenset(actors),
        frozenset(words),
        first,
        last,
        rank,
        tuple((a, w) for a in who for w in ws),
    )


# --------------------------------------------------------------------------- 4. conflicts


def _rank_key(p: _Profile, position: int) -> tuple[int, int, int]:
    return (p.rank, p.last - p.first, position)


def representative(members: Sequence[Event]) -> int:
    """Position of the component's representative among `members` (in `order_key` order)."""
    profiles = [_profile(e) for e in members]
    return min(range(len(members)), key=lambda k: _rank_key(profiles[k], k))


def conflict_key(rep: Event | _Profile) -> str:
    """The (people, action) block of a representative in the conflict search; '' for none."""
    p = rep if isinstance(rep, _Profile) else _profile(rep)
    if p.rank > GRANULARITY_RANK["month"]:
        return ""
    who = tuple(sorted(p.persons)[:2]) or tuple(sorted(p.actors)[:2])
    action = next((w for w in sorted(p.words) if w in _CLASSES.values()), "")
    return "\x1f".join((*who, action)) if who and action else ""


def conflicts_in(reps: Sequence[Event] | Sequence[tuple[_Profile, str]]) -> dict[str, list[str]]:
    """event_id → sorted event_ids of the alike representatives with disjoint dates at most
    `CONFLICT_WINDOW_DAYS` apart; `reps` (events, or (profile, event_id) pairs) all share one
    `conflict_key`."""
    pairs = [r if isinstance(r, tuple) else (_profile(r), r.event_id) for r in reps]
    profiles = sorted(pairs, key=lambda x: x[0].first)
    found: dict[str, set[str]] = defaultdict(set)
    for x, (a, ida) in enumerate(profiles):
        for b, idb in profiles[x + 1 :]:
            if b.first - a.last > CONFLICT_WINDOW_DAYS:
                break
            if (b.first > a.last or a.first > b.last) and _alike(a, b):
                found[ida].add(idb)
                found[idb].add(ida)
    return {k: sorted(v) for k, v in found.items()}


# --------------------------------------------------------------------------- 5. merge


def merge_component(members: Sequence[Event], conflicts: Sequence[str] = ()) -> Event:
    """One component's reports (in `order_key` order) as one event, as `merge_events` does."""
    rep = representative(members)
    base = members[rep]
    others = [e for k, e in enumerate(members) if k != rep]
    ids = list(conflicts)
    if not others:
        return replace(base, conflicts=ids) if ids else base
    return _combined(base, others, ids)


# --------------------------------------------------------------------------- in one process


Mapper = Callable[..., Iterable[Any]]


def merge_blockwise(partitions: Sequence[Sequence[Event]], run: Mapper = map) -> list[Event]:
    """All five steps over in-memory partitions; `run` maps a function over argument lists
    (the builtin `map`, or a pool's). The result equals `merge_events` of all the events."""
    prepared = list(run(prepare, partitions, range(len(partitions))))
    by_month: dict[int, list[Keyed]] = defaultdict(list)
    for rows in prepared:
        for gid, e in rows:
            by_month[int(month_of(gid))].append((gid, e))
    months = sorted(by_month)
    edges = list(
        run(block_pairs, [by_month[m] for m in months], [by_month.get(m + 1, []) for m in months])
    )
    u = np.concatenate([a for a, _ in edges]) if edges else np.zeros(0, np.int64)
    v = np.concatenate([b for _, b in edges]) if edges else np.zeros(0, np.int64)
    nodes, labels = components(u, v)
    label_of = dict(zip(nodes.tolist(), labels.tolist(), strict=True))
    groups: dict[int, list[Keyed]] = defaultdict(list)
    for m in months:
        for gid, e in by_month[m]:
            groups[label_of.get(gid, gid)].append((gid, e))
    comps = [sorted((e for _, e in g), key=order_key) for g in groups.values()]
    reps = [c[representative(c)] for c in comps]
    keyed: dict[str, list[Event]] = defaultdict(list)
    for r in reps:
        key = conflict_key(r)
        if key:
            keyed[key].append(r)
    conflicts: dict[str, list[str]] = {}
    for found in run(conflicts_in, list(keyed.values())):
        conflicts.update(found)
    out = [
        merge_component(c, conflicts.get(r.event_id, ())) for c, r in zip(comps, reps, strict=True)
    ]
    out.sort(key=order_key)
    return out
