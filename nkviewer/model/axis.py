"""Date-axis ticks for the timeline, chosen from a table of zoom levels (pyqtgraph's DateAxisItem).

A level pairs a labelled major step with a finer unlabelled minor step and a context row above
the labels (the year over months, the month over days). The finest level whose labels fit with
air between them wins, so the axis goes decades → years → quarters → months → weeks → days as
the user zooms in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from nkviewer.model.wording import MONTH_ABBR, MONTH_NAMES, WEEKDAY_ABBR

_EPOCH = date(1970, 1, 1).toordinal()


@dataclass(frozen=True, slots=True)
class Step:
    """A calendar step: `n` days, weeks (Mondays), months or years."""

    unit: str  # "day" | "week" | "month" | "year"
    n: int

    @property
    def days(self) -> float:
        """Approximate length in days (for choosing a level)."""
        per = {"day": 1.0, "week": 7.0, "month": 30.44, "year": 365.25}[self.unit]
        return per * self.n


@dataclass(frozen=True, slots=True)
class Level:
    name: str
    major: Step
    minors: tuple[Step, ...]  # candidates, finest first
    label_chars: int  # widest major label, in digit widths
    context: str | None  # "year" | "month" | None


#: Zoom levels, finest first.
LEVELS: tuple[Level, ...] = (
    Level("day", Step("day", 1), (), 6, "month"),
    Level("week", Step("week", 1), (Step("day", 1),), 2, "month"),
    Level("month", Step("month", 1), (Step("day", 1), Step("week", 1)), 3, "year"),
    Level("quarter", Step("month", 3), (Step("month", 1),), 3, "year"),
    Level("half-year", Step("month", 6), (Step("month", 1),), 3, "year"),
    Level("year", Step("year", 1), (Step("month", 1), Step("month", 3)), 4, None),
    Level("2 years", Step("year", 2), (Step("month", 3), Step("year", 1)), 4, None),
    Level("5 years", Step("year", 5), (Step("year", 1),), 4, None),
    Level("decade", Step("year", 10), (Step("year", 1), Step("year", 5)), 4, None),
    Level("20 years", Step("year", 20), (Step("year", 5), Step("year", 10)), 4, None),
    Level("50 years", Step("year", 50), (Step("year", 10),), 4, None),
    Level("century", Step("year", 100), (Step("year", 10), Step("year", 50)), 4, None),
)
MIN_MINOR_PX = 5.0


@dataclass(frozen=True, slots=True)
class Tick:
    t: float
    label: str


@dataclass(frozen=True, slots=True)
class AxisTicks:
    """Everything the axis draws for one view: labelled majors, minors and the context row."""

    level: str
    major: list[Tick]
    minor: np.ndarray = field(default_factory=lambda: np.empty(0))
    #: Context labels; the first one may start before the view (draw it stuck to the left edge).
    context: list[Tick] = field(default_factory=list)


def to_date(t: float) -> date:
    """Calendar date of day number `t` (clamped to what `datetime.date` allows)."""
    return date.fromordinal(min(max(int(np.floor(t)) + _EPOCH, 1), date.max.toordinal()))


def day_number(d: date) -> float:
    return float(d.toordinal() - _EPOCH)


def choose_level(scale: float, char_px: float = 7.0, pad_px: float = 14.0) -> Level:
    """The finest level whose major labels fit at `scale` pixels per day."""
    for level in LEVELS:
        chars = level.label_chars
        if level.name == "day" and level.major.days * scale < chars * char_px + pad_px:
            chars = 2  # "14" instead of "Thu 14"
        if level.major.days * scale >= chars * char_px + pad_px:
            return level
    return LEVELS[-1]


def axis_ticks(t0: float, t1: float, width: float, *, char_px: float = 7.0) -> AxisTicks:
    """Ticks for the visible range [t0, t1) drawn over `width` pixels."""
    scale = width / max(t1 - t0, 1e-9)
    level = choose_level(scale, char_px)
    wide_days = level.name == "day" and scale >= 6 * char_px + 14
    major = [Tick(t, _label(level, t, wide_days)) for t in step_times(level.major, t0, t1)]
    minor = np.empty(0)
    for step in level.minors:
        if step.days * scale >= MIN_MINOR_PX:
            minor = np.asarray(step_times(step, t0, t1), dtype=float)
            break
    context: list[Tick] = []
    if level.context == "year":
        start = to_date(t0)
        context = [Tick(t, str(to_date(t).year)) for t in step_times(Step("year", 1), t0, t1)]
        if not context or context[0].t > t0:
            context.insert(0, Tick(day_number(date(start.year, 1, 1)), str(start.year)))
    elif level.context == "month":
        start = to_date(t0)
        fmt: Callable[[date], str] = lambda d: f"{MONTH_NAMES[d.month - 1]} {d.year}"  # noqa: E731
        context = [Tick(t, fmt(to_date(t))) for t in step_times(Step("month", 1), t0, t1)]
        if not context or context[0].t > t0:
            context.insert(0, Tick(day_number(start.replace(day=1)), fmt(start)))
    return AxisTicks(level=level.name, major=major, minor=minor, context=context)


def strip_labels(ticks: AxisTicks, t0: float) -> list[Tick]:
    """The labels of a one-row axis (the overview strip): the context row (years, or months)
    when there is one, since majors alone ("Jan Jul Jan") do not say which year; else the
    majors."""
    return [t for t in ticks.context if t.t >= t0] or list(ticks.major)


#: A faint major line closer than this share of a major step to a strong (context) line is left
#: out: a Monday beside the 1st of a month otherwise draws a double line.
GRID_MIN_GAP = 0.45


def grid_times(ticks: AxisTicks, t0: float) -> tuple[list[float], list[float]]:
    """(faint, strong) grid-line times: context boundaries strong, majors faint, and no faint
    line crowding a strong one (see `GRID_MIN_GAP`)."""
    strong = [t.t for t in ticks.context if t.t >= t0]
    majors = [t.t for t in ticks.major]
    if not strong or len(majors) < 2:
        return [t for t in majors if t not in set(strong)], strong
    step = float(np.min(np.diff(majors)))
    # each major's distance to the nearest strong line, its neighbours in sorted order, all at
    # once (a numpy reduction per major took 2.5 ms of each paint of the timeline)
    s = np.sort(np.asarray(strong, dtype=float))
    m = np.asarray(majors, dtype=float)
    at = np.searchsorted(s, m)
    left, right = s[np.maximum(at - 1, 0)], s[np.minimum(at, len(s) - 1)]
    near = np.minimum(np.abs(left - m), np.abs(right - m))
    faint = [
        t for t, far in zip(majors, (near >= GRID_MIN_GAP * step).tolist(), strict=True) if far
    ]
    return faint, strong


def _label(level: Level, t: float, wide_days: bool) -> str:
    d = to_date(t)
    unit = level.major.unit
    if unit == "day":
        return f"{WEEKDAY_ABBR[d.weekday()]} {d.day}" if wide_days else str(d.day)
    if unit == "week":
        return str(d.day)
    if unit == "month":
        return MONTH_ABBR[d.month - 1]
    return str(d.year)


def step_times(step: Step, t0: float, t1: float) -> list[float]:
    """Day numbers of every step boundary in [t0, t1], aligned to the calendar."""
    lo, hi = to_date(t0), to_date(t1)
    out: list[float] = []
    if step.unit == "day":
        first = np.ceil(t0 / step.n) * step.n
        return [float(t) for t in np.arange(first, t1 + 1e-9, step.n)]
    if step.unit == "week":
        monday = np.ceil((t0 - 4) / 7) * 7 + 4  # day 4 (1970-01-05) was a Monday
        return [float(t) for t in np.arange(monday, t1 + 1e-9, 7 * step.n)]
    if step.unit == "month":
        m = lo.year * 12 + lo.month - 1
        m -= m % step.n
        while True:
            y, mo = divmod(m, 12)
            if y > 9999:
                break
            t = day_number(date(max(y, 1), mo + 1, 1))
            if t > t1:
                break
            if t >= t0:
                out.append(t)
            m += step.n
        return out
    y = lo.year - lo.year % step.n
    while y <= min(hi.year, 9999):
        if y >= 1:
            t = day_number(date(y, 1, 1))
            if t0 <= t <= t1:
                out.append(t)
        y += step.n
    return out


def format_day(t: float) -> str:
    """A day number as '14 March 2019'."""
    d = to_date(t)
    return f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}"
