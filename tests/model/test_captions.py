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
