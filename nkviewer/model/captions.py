"""The default title of a figure: what it shows, in words — its lanes and its period
("North Korea, China and Russia, March 2019"), not the name of the corpus folder."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from nkviewer.model.axis import to_date
from nkviewer.model.extent import Extent, bulk_range, bulk_range_binned
from nkviewer.model.lanes import ALL_EVENTS, NO_ACTOR, NO_SOURCE, OTHER, lane_assignment
from nkviewer.model.wording import MONTH_NAMES

if TYPE_CHECKING:
    import pandas as pd

#: Lanes named in a title; more are summed up ("… and 4 more").
MAX_TITLE_LANES = 3
_UNNAMED = {OTHER, ALL_EVENTS, NO_ACTOR, NO_SOURCE}


def period_words(t0: float, t1: float) -> str:
    """[t0, t1) (day numbers) as a reader names it: 'March 2019', 'March–June 2019',
    'November 2018 – February 2019', '2015–2023', '2019'."""
    a, b = to_date(t0), to_date(max(t0, t1 - 1))
    if b.year - a.year >= 2 or (a.month, b.month) == (1, 12):
        return str(a.year) if a.year == b.year else f"{a.year}–{b.year}"
    first, last = MONTH_NAMES[a.month - 1], MONTH_NAMES[b.month - 1]
    if a.year == b.year:
        return f"{first} {a.year}" if a.month == b.month else f"{first}–{last} {a.year}"
    return f"{first} {a.year} – {last} {b.year}"


def lanes_words(names: list[str]) -> str:
    """'North Korea', 'North Korea and China', 'North Korea, China and Russia', or the first
    three and how many more."""
    if len(names) > MAX_TITLE_LANES:
        extra = len(names) - MAX_TITLE_LANES
        return f"{', '.join(names[:MAX_TITLE_LANES])} and {extra} more"
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def figure_title(frame: pd.DataFrame, group_by: str) -> str:
    """The default title for a figure of `frame` grouped by `group_by`: its named lanes, busiest
    first, and the period where the bulk of its events lies."""
    if len(frame) == 0:
        return ""
    lanes = lane_assignment(frame, group_by)
    ext = bulk_range(frame["t0"].to_numpy(), frame["t1"].to_numpy())
    return _title(list(lanes.names), [int(c) for c in lanes.counts], ext)


def counted_title(
    lanes: Sequence[str], counts: Sequence[int], edges: np.ndarray, starts: np.ndarray
) -> str:
    """`figure_title` for events known only as counts, as an event dataset's histogram gives
    them (no event decoded): `counts` per lane in `lanes` order, `starts` per bin
    [edges[i], edges[i + 1]). Empty lanes are not named; "" when there are no events."""
    if int(np.sum(starts)) == 0:
        return ""
    ext = bulk_range_binned(edges, starts)
    shown = [i for i, c in enumerate(counts) if c > 0]
    return _title([lanes[i] for i in shown], [counts[i] for i in shown], ext)


def _title(names: list[str], counts: Sequence[int], ext: Extent | None) -> str:
    order = sorted(range(len(names)), key=lambda i: -int(counts[i]))
    named = [names[i] for i in order if names[i] not in _UNNAMED]
    period = period_words(ext.t0, ext.t1) if ext is not None else ""
    who = lanes_words(named) or "Events"
    return f"{who}, {period}" if period else who
