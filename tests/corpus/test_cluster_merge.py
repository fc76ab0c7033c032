"""The blockwise cluster merge equals the in-process merge, event for event."""

from __future__ import annotations

import random

import numpy as np
import pytest

from bench.merge_corpus import article_partitions
from nkviewer.corpus.cluster_merge import (
    block_pairs,
    merge_blockwise,
    month_index,
    month_of,
    prepare,
)
from nkviewer.corpus.components import components
from nkviewer.events.merge import merge_events
from nkviewer.events.record import Event


def _reference_labels(n: int, edges: list[tuple[int, int]]) -> list[int]:
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for a, b in edges:
        ra, rb = find(a), find(b)
        parent[max(ra, rb)] = min(ra, rb)
    return [find(i) for i in range(n)]


@pytest.mark.parametrize("seed", range(6))
def test_components_match_a_plain_union_find(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.randrange(2, 300)
    edges = [(rng.randrange(n), rng.randrange(n)) for _ in range(rng.randrange(1, 2 * n))]
    if seed == 0:  # one long chain, numbered backwards: many propagation rounds
        edges = [(i + 1, i) for i in range(n - 1)][::-1]
    ids = np.array(rng.sample(range(10**12), n), dtype=np.int64)  # sparse, unsorted node ids
    u = ids[[a for a, _ in edges]]
    v = ids[[b for _, b in edges]]
    nodes, labels = components(u, v)
    ref = _reference_labels(n, edges)
    members: dict[int, list[int]] = {}
    for i in range(n):
        members.setdefault(ref[i], []).append(int(ids[i]))
    seen = set(np.concatenate([u, v]).tolist())
    want = {g: min(members[ref[i]]) for i, g in enumerate(ids.tolist()) if g in seen}
    assert dict(zip(nodes.tolist(), labels.tolist(), strict=True)) == want


def test_components_of_no_edges() -> None:
    nodes, labels = components(np.zeros(0, np.int64), np.zeros(0, np.int64))
    assert len(nodes) == len(labels) == 0


@pytest.mark.parametrize(("n", "seed", "years"), [(6000, 1, 1), (12000, 7, 3)])
def test_blockwise_merge_equals_the_in_process_merge(n: int, seed: int, years: int) -> None:
    parts = article_partitions(n, 7, seed=seed, years=years)
    events = [e for p in parts for e in p]
    expected = merge_events(events)
    assert merge_blockwise(parts) == expected  # every field: sources order, conflicts, ids
    # ... and the corpus does exercise what blocks could get wrong:
    assert sum(len(e.sources) > 1 for e in expected) > 100
    assert sum(bool(e.conflicts) for e in expected) > 50
    u, v = _all_pairs(parts)
    cross_month = int((month_of(u) != month_of(v)).sum())
    cross_year = int((month_of(u) // 12 != month_of(v) // 12).sum())
    coarse_across = sum(
        e.granularity != "day" and e.start[:7] != e.end[:7] and len(e.sources) > 1 for e in expected
    )
    assert cross_month > 10 and cross_year > 2 and coarse_across > 5


def _all_pairs(parts: list[list[Event]]) -> tuple[np.ndarray, np.ndarray]:
    keyed = [x for i, p in enumerate(parts) for x in prepare(p, i)]
    by_month: dict[int, list[tuple[int, Event]]] = {}
    for x in keyed:
        by_month.setdefault(int(month_of(x[0])), []).append(x)
    pairs = [block_pairs(rows, by_month.get(m + 1, [])) for m, rows in by_month.items()]
    return np.concatenate([a for a, _ in pairs]), np.concatenate([b for _, b in pairs])


def test_context_of_the_next_month_is_needed() -> None:
    """Without the next month's finer reports, a block misses the pairs of coarse reports that
    end there: the context is what makes the blocks exact."""
    parts = article_partitions(6000, 3, seed=1, years=1)
    keyed = [x for i, p in enumerate(parts) for x in prepare(p, i)]
    months = sorted({int(month_of(g)) for g, _ in keyed})
    missing = 0
    for m in months:
        own = [x for x in keyed if month_of(x[0]) == m]
        nxt = [x for x in keyed if month_of(x[0]) == m + 1]
        with_ctx = set(zip(*(a.tolist() for a in block_pairs(own, nxt)), strict=True))
        without = set(zip(*(a.tolist() for a in block_pairs(own)), strict=True))
        assert without <= with_ctx or nxt  # context only adds (or corrects) coarse pairs
        missing += len(with_ctx - without)
    assert missing > 0


def test_partition_order_does_not_change_the_result() -> None:
    parts = article_partitions(4000, 5, seed=3, years=2)
    assert merge_blockwise(parts[::-1]) == merge_blockwise(parts)


def test_gid_carries_the_month() -> None:
    parts = article_partitions(500, 2, seed=5, years=3)
    for gid, e in prepare(parts[1], 1):
        assert month_of(gid) == month_index(e.start)
    with pytest.raises(ValueError, match="partition number"):
        prepare(parts[0], -1)


def _coarsened(e: Event, rng: random.Random) -> Event:
    """Now and then a report coarser than the generator writes: the whole year, a range over a
    month or year edge, a quarter — what block edges could get wrong."""
    from dataclasses import replace
    from datetime import date, timedelta

    roll = rng.random()
    day = date.fromisoformat(e.start)
    if roll < 0.04:
        return replace(e, start=f"{day.year}-01-01", end=f"{day.year}-12-31", granularity="year")
    if roll < 0.08:
        first, last = (
            day - timedelta(days=rng.randrange(1, 25)),
            day + timedelta(days=rng.randrange(1, 25)),
        )
        return replace(e, start=first.isoformat(), end=last.isoformat(), granularity="range")
    if roll < 0.10:
        q = (day.month - 1) // 3
        last = date(day.year + (q == 3), 1 if q == 3 else 3 * q + 4, 1) - timedelta(days=1)
        return replace(
            e, start=date(day.year, 3 * q + 1, 1).isoformat(), end=last.isoformat(),
            granularity="quarter",
        )  # fmt: skip
    return e


@pytest.mark.parametrize("seed", range(24))
def test_random_corpora_merge_blockwise_as_in_process(seed: int) -> None:
    """Property: for any corpus — small or large, dense in one month or spread over years, cut
    into any number of partitions, starting at any year, with coarse reports across block
    edges — the blockwise merge is the in-process merge, field for field."""
    rng = random.Random(9000 + seed)
    parts = article_partitions(
        rng.randrange(50, 2500),
        rng.randrange(1, 9),
        seed=seed,
        years=rng.choice((1, 1, 2, 4)),
        start_year=rng.randrange(1995, 2025),
    )
    parts = [[_coarsened(e, rng) for e in part] for part in parts]
    events = [e for part in parts for e in part]
    assert merge_blockwise(parts) == merge_events(events)
