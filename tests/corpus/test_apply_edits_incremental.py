"""`apply_edits` rewrites only the edited cells and moves re-dated events into place: its
result equals the plain way (copy the table, set the cells, sort it all again, drop the
hidden) for random hides, titles and dates on random tables, sorted or not."""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping

import numpy as np
import pandas as pd
import pytest

from bench.synthetic import synthetic_frame
from nkviewer.corpus.curation import apply_edits, curate, take_rows
from nkviewer.events.table import day_numbers, sort_frame


def plain_apply(
    frame: pd.DataFrame,
    hidden: Collection[str],
    titles: Mapping[str, str],
    dates: Mapping[str, tuple[str, str, str]],
    show_hidden: bool,
) -> pd.DataFrame:
    """The reference: every step over the whole table."""
    out = frame.copy()
    out["hidden"] = out["event_id"].isin(list(hidden))
    for eid, title in titles.items():
        out.loc[out["event_id"] == eid, "title"] = title
    if dates:
        for eid, (start, end, gran) in dates.items():
            at = out["event_id"] == eid
            out.loc[at, ["start", "end", "granularity"]] = [start, end, gran]
            out.loc[at, "t0"] = day_numbers([start])[0]
            out.loc[at, "t1"] = day_numbers([end])[0] + 1.0
        out = sort_frame(out)
    if not show_hidden:
        out = out[~out["hidden"]]
    return out.reset_index(drop=True)


@pytest.mark.parametrize("seed", range(24))
def test_curated_table_equals_the_plain_way(seed: int) -> None:
    rng = random.Random(seed)
    frame = synthetic_frame(rng.choice([5, 60, 800]), years=rng.randint(1, 3), seed=seed)
    if rng.random() < 0.7:
        frame = sort_frame(frame)  # as the pipeline delivers it; else in any order
    if rng.random() < 0.4:  # many events on a few days, of several lengths: ties on t0
        days = [f"2019-{m:02d}-01" for m in range(1, 7)]
        starts = [rng.choice(days) for _ in range(len(frame))]
        ends = [f"{d[:8]}{rng.choice(['01', '07', '28'])}" for d in starts]
        frame = frame.assign(start=starts, end=ends)
        frame["t0"] = day_numbers(starts)
        frame["t1"] = day_numbers(ends) + 1.0
        frame = sort_frame(frame) if rng.random() < 0.8 else frame
    ids = frame["event_id"].tolist()
    some = lambda k: rng.sample(ids, min(k, len(ids)))  # noqa: E731
    hidden = some(rng.randint(0, 4))
    titles = {e: rng.choice(["Renamed", "회담", "=SUM(A1)"]) for e in some(rng.randint(0, 3))}
    dates: dict[str, tuple[str, str, str]] = {}
    for e in some(rng.randint(0, 5)):
        if rng.random() < 0.3:  # the same day as another event: a tie to break by id
            other = frame.iloc[rng.randrange(len(frame))]
            dates[e] = (str(other["start"]), str(other["end"]), str(other["granularity"]))
        else:
            y, m = rng.choice([2019, 2019, 2020]), rng.randint(1, 6)
            dates[e] = (f"{y}-{m:02d}-01", f"{y}-{m:02d}-{rng.choice(['01', '07', '28'])}", "range")
    show = rng.random() < 0.3
    got = apply_edits(frame, hidden=hidden, titles=titles, dates=dates, show_hidden=show)
    want = plain_apply(frame, hidden, titles, dates, show)
    assert got["event_id"].tolist() == want["event_id"].tolist()
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    curated = curate(frame, hidden=hidden, titles=titles, dates=dates, show_hidden=show)
    assert frame["event_id"].take(curated.rows).tolist() == want["event_id"].tolist()
    assert curated.retitled.tolist() == want.index[want["event_id"].isin(titles)].tolist()


@pytest.mark.parametrize("seed", range(8))
def test_rows_taken_by_slices_equal_a_take(seed: int) -> None:
    """A few runs of rows are sliced and joined, many taken: both equal `DataFrame.take`."""
    rng = random.Random(seed)
    frame = synthetic_frame(rng.choice([1, 40, 700]), years=2, seed=seed)
    frame.index = frame.index + rng.choice([0, 5])  # an index that is not 0..n-1
    n = len(frame)
    if rng.random() < 0.5:  # an edit: a few rows out, a few moved
        keep = [i for i in range(n) if rng.random() > 0.01]
        for _ in range(rng.randint(0, 3)):
            if len(keep) > 1:
                keep.insert(rng.randrange(len(keep)), keep.pop(rng.randrange(len(keep))))
    else:  # anything: more runs than are sliced
        keep = rng.sample(range(n), rng.randint(0, n))
    got = take_rows(frame, np.asarray(keep, np.int64))
    pd.testing.assert_frame_equal(got, frame.take(keep).reset_index(drop=True))
