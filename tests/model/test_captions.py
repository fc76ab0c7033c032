"""Default figure titles say what the figure shows: lanes and period."""

from __future__ import annotations

import pandas as pd

from nkviewer.events.table import day_number
from nkviewer.model.captions import figure_title, lanes_words, period_words


def d(text: str) -> float:
    return day_number(text)


def test_period_in_words() -> None:
    assert period_words(d("2019-03-01"), d("2019-04-01")) == "March 2019"
    assert period_words(d("2019-03-05"), d("2019-06-20")) == "March–June 2019"
    assert period_words(d("2018-11-05"), d("2019-02-20")) == "November 2018 – February 2019"
    assert period_words(d("2015-02-01"), d("2023-06-01")) == "2015–2023"
    assert period_words(d("2019-01-01"), d("2020-01-01")) == "2019"


def test_lanes_in_words() -> None:
    assert lanes_words(["North Korea"]) == "North Korea"
    assert lanes_words(["North Korea", "China"]) == "North Korea and China"
    assert lanes_words(["North Korea", "China", "Russia"]) == "North Korea, China and Russia"
    assert lanes_words(["A", "B", "C", "D", "E"]) == "A, B, C and 2 more"


def test_title_names_the_busiest_lanes_and_the_period() -> None:
    rows = [
        ("North Korea", "2019-03-02"), ("North Korea", "2019-03-09"), ("North Korea", "2019-03-20"),
        ("China", "2019-03-05"), ("China", "2019-03-28"), ("Russia", "2019-03-14"),
        ("Other", "2019-03-15"),
    ]  # fmt: skip
    frame = pd.DataFrame(
        {
            "lane": [lane for lane, _ in rows],
            "t0": [d(day) for _, day in rows],
            "t1": [d(day) + 1 for _, day in rows],
        }
    )
    assert figure_title(frame, "country") == "North Korea, China and Russia, March 2019"
    assert figure_title(frame, "none") == "Events, March 2019"
    assert figure_title(frame.iloc[:0], "country") == ""


def test_a_title_from_counts_says_what_the_events_would() -> None:
    """An event dataset's title comes from its histograms: lanes' counts and starts per day
    give the words the events themselves give (day events, so starts are the whole story)."""
    import numpy as np

    from nkviewer.model.captions import counted_title
    from nkviewer.model.lanes import lane_assignment

    rng = np.random.default_rng(3)
    lanes = ["North Korea", "China", "Russia", "Other"]
    for _ in range(20):
        n = int(rng.integers(1, 400))
        lane = rng.choice(lanes[: int(rng.integers(1, 5))], n)
        t0 = np.floor(d("2018-01-01") + rng.gamma(2.0, rng.uniform(5, 400), n))
        frame = pd.DataFrame({"lane": lane, "t0": t0, "t1": t0 + 1})
        edges = np.arange(t0.min() - 3, t0.max() + 5)
        starts = np.histogram(t0, edges)[0]
        names = list(lane_assignment(frame, "country").names)  # its order breaks ties
        counts = [int((lane == name).sum()) for name in names]
        assert counted_title(names, counts, edges, starts) == figure_title(frame, "country")
    assert counted_title(lanes, [0, 0, 0, 0], np.arange(3.0), np.zeros(2, int)) == ""
