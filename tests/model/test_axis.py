"""Date-axis ticks: the level follows the zoom, labels fit, ticks sit on calendar boundaries."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from nkviewer.model.axis import (
    LEVELS,
    Step,
    axis_ticks,
    choose_level,
    day_number,
    step_times,
    strip_labels,
    to_date,
)
from nkviewer.model.wording import format_range, plural

CHAR_PX = 7.0


def d(iso: str) -> float:
    return day_number(date.fromisoformat(iso))


def test_levels_go_from_centuries_to_days_as_the_zoom_grows() -> None:
    names = [level.name for level in LEVELS]
    order = [
        names.index(choose_level(scale, CHAR_PX).name) for scale in np.geomspace(1e-4, 200, 60)
    ]
    assert order == sorted(order, reverse=True)  # finer levels as pixels per day grow
    assert choose_level(1e-4, CHAR_PX).name == "century"
    assert choose_level(200, CHAR_PX).name == "day"


@pytest.mark.parametrize(
    ("t0", "t1", "level", "first_label"),
    [
        ("1965-01-01", "2025-01-01", "2 years", "1966"),
        ("1995-01-01", "2025-01-01", "year", "1995"),
        ("2018-01-01", "2020-01-01", "month", "Jan"),
        ("2019-03-01", "2019-06-01", "week", "4"),
        ("2019-03-01", "2019-04-15", "day", "1"),
        ("2019-03-10", "2019-03-20", "day", "Sun 10"),
    ],
)
def test_ticks_for_typical_views(t0: str, t1: str, level: str, first_label: str) -> None:
    ticks = axis_ticks(d(t0), d(t1), 1400.0, char_px=CHAR_PX)
    assert ticks.level == level
    assert ticks.major[0].label == first_label


def test_major_labels_have_room_between_them() -> None:
    rng = np.random.default_rng(3)
    for _ in range(200):
        t0 = float(rng.uniform(-20000, 30000))
        span = float(np.exp(rng.uniform(np.log(2), np.log(80000))))
        width = float(rng.uniform(300, 2400))
        ticks = axis_ticks(t0, t0 + span, width, char_px=CHAR_PX)
        xs = [(t.t - t0) * width / span for t in ticks.major]
        widest = max((len(t.label) for t in ticks.major), default=0) * CHAR_PX
        gaps = np.diff(xs)
        if len(gaps):
            assert gaps.min() >= widest, (ticks.level, t0, span, width)


def test_context_row_names_the_year_or_month_and_starts_before_the_view() -> None:
    months = axis_ticks(d("2019-03-15"), d("2020-06-01"), 1200.0, char_px=CHAR_PX)
    assert [t.label for t in months.context] == ["2019", "2020"]
    assert months.context[0].t <= d("2019-03-15")
    days = axis_ticks(d("2019-03-28"), d("2019-04-05"), 1200.0, char_px=CHAR_PX)
    assert [t.label for t in days.context] == ["March 2019", "April 2019"]
    years = axis_ticks(d("1990-01-01"), d("2020-01-01"), 1200.0, char_px=CHAR_PX)
    assert years.context == []


def test_step_times_sit_on_calendar_boundaries() -> None:
    t0, t1 = d("2018-11-20"), d("2019-05-03")
    months = [to_date(t) for t in step_times(Step("month", 1), t0, t1)]
    assert months[0] == date(2018, 12, 1) and months[-1] == date(2019, 5, 1)
    assert all(m.day == 1 for m in months)
    quarters = [to_date(t).month for t in step_times(Step("month", 3), t0, t1)]
    assert quarters == [1, 4]
    weeks = [to_date(t) for t in step_times(Step("week", 1), t0, t1)]
    assert all(w.weekday() == 0 for w in weeks)
    assert weeks[0] == date(2018, 11, 26)
    years = [to_date(t).year for t in step_times(Step("year", 5), d("1991-06-01"), d("2012-01-01"))]
    assert years == [1995, 2000, 2005, 2010]


def test_minor_ticks_are_finer_than_majors_and_a_few_pixels_apart() -> None:
    t0, t1, width = d("2017-01-01"), d("2021-01-01"), 1400.0
    ticks = axis_ticks(t0, t1, width, char_px=CHAR_PX)
    assert len(ticks.minor) > len(ticks.major)
    px = np.diff(ticks.minor) * width / (t1 - t0)
    assert px.min() >= 5.0


def test_format_range_at_the_precision_of_the_span() -> None:
    assert format_range(d("2019-03-14"), d("2019-03-15")) == "14 Mar 2019"
    assert format_range(d("2019-03-14"), d("2019-04-02")) == "14 Mar 2019 – 1 Apr 2019"
    assert format_range(d("2018-01-03"), d("2019-03-01")) == "Jan 2018 – Feb 2019"
    assert format_range(d("2019-01-03"), d("2019-05-30")) == "Jan 2019 – May 2019"
    assert format_range(d("2015-02-01"), d("2023-07-01")) == "2015 – 2023"
    assert format_range(d("2019-03-14"), d("2019-03-14")) == ""
    assert plural(1, "event") == "1 event" and plural(12345, "event") == "12,345 events"


def test_no_double_gridline_where_a_week_meets_a_month() -> None:
    """At the week level a Monday next to the 1st of a month is not drawn beside the month
    line; at the month level the quarter/year lines replace the month lines they fall on."""
    from nkviewer.model.axis import grid_times

    t0, t1 = day_number(date(2019, 3, 1)), day_number(date(2019, 6, 1))
    ticks = axis_ticks(t0, t1, 2400)
    assert ticks.level == "week"
    faint, strong = grid_times(ticks, t0)
    assert strong and faint
    week = 7.0
    for s in strong:
        assert all(abs(f - s) >= 0.45 * week for f in faint), s
    # 2019-04-01 is a Monday and the 1st: one strong line, no faint one on it
    april = day_number(date(2019, 4, 1))
    assert april in strong and april not in faint
    # 1 May 2019 is a Wednesday: Monday 29 April (two days before) crowds it and is left out,
    # Monday 6 May (five days after) stays
    assert day_number(date(2019, 5, 1)) in strong
    assert day_number(date(2019, 4, 29)) not in faint
    assert day_number(date(2019, 5, 6)) in faint
    t0, t1 = day_number(date(2015, 1, 1)), day_number(date(2020, 1, 1))
    faint, strong = grid_times(axis_ticks(t0, t1, 1400), t0)
    assert not set(faint) & set(strong)


def test_a_one_row_strip_names_the_years_when_its_ticks_are_months() -> None:
    """The overview strip over nine years at 1,000 px: "2017 2018 ...", not "Jan Jul Jan"."""
    t0, t1 = d("2016-06-01"), d("2025-03-01")
    ticks = axis_ticks(t0, t1, 1000.0, char_px=CHAR_PX * 1.6)
    labels = [t.label for t in strip_labels(ticks, t0)]
    assert labels[:3] == ["2017", "2018", "2019"], labels
    assert all(label.isdigit() for label in labels)
    decades = axis_ticks(d("1960-01-01"), d("2020-01-01"), 1000.0, char_px=CHAR_PX)
    assert strip_labels(decades, d("1960-01-01")) == decades.major  # no context row: majors


def test_grid_lines_are_those_of_a_major_by_major_distance_to_every_strong_line() -> None:
    """The faint lines kept (found through each major's nearest strong lines, all at once) are
    those a major-by-major look at every strong line keeps, over spans from days to decades."""
    import random

    import numpy as np

    from nkviewer.model.axis import GRID_MIN_GAP, axis_ticks, grid_times

    rng = random.Random(8)
    for _ in range(300):
        t0 = rng.uniform(730_000, 740_000)
        t1 = t0 + 10 ** rng.uniform(0.3, 4.3)
        ticks = axis_ticks(t0, t1, rng.uniform(200, 3000))
        faint, strong = grid_times(ticks, t0)
        majors = [t.t for t in ticks.major]
        if strong and len(majors) >= 2:
            step = float(np.min(np.diff(majors)))
            s = np.asarray(strong, dtype=float)
            want = [t for t in majors if float(np.min(np.abs(s - t))) >= GRID_MIN_GAP * step]
            assert faint == want
