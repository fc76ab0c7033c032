"""The time ↔ pixel transform of the timeline: one visible range mapped onto a pixel span.

Times are day numbers (float days since 1970-01-01, as in the event table). A `Viewport` is
immutable: zooming or panning returns a new one, so the renderer can cache per-frame arrays
keyed on it and tests can compare states. Zoom is limited from a few centuries down to a day.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import TypeVar

import numpy as np

_EPOCH = date(1970, 1, 1).toordinal()
#: Narrowest and widest visible span, in days.
MIN_SPAN = 1.0
MAX_SPAN = 400 * 365.25
#: Earliest and latest day the view may show (years 1 and 9999, what `datetime.date` allows).
T_MIN = float(date(1, 1, 2).toordinal() - _EPOCH)
T_MAX = float(date(9999, 12, 30).toordinal() - _EPOCH)

ArrayOrFloat = TypeVar("ArrayOrFloat", float, np.ndarray)


@dataclass(frozen=True, slots=True)
class Viewport:
    """The visible time range [t0, t1) drawn over `width` pixels starting at pixel `x0`."""

    t0: float
    t1: float
    width: float
    x0: float = 0.0

    def __post_init__(self) -> None:
        if not (self.width > 0):
            object.__setattr__(self, "width", 1.0)
        t0, t1 = _clamped(self.t0, self.t1)
        object.__setattr__(self, "t0", t0)
        object.__setattr__(self, "t1", t1)

    @property
    def span(self) -> float:
        """Visible days."""
        return self.t1 - self.t0

    @property
    def scale(self) -> float:
        """Pixels per day."""
        return self.width / self.span

    @property
    def x1(self) -> float:
        return self.x0 + self.width

    def to_x(self, t: ArrayOrFloat) -> ArrayOrFloat:
        """Pixel of time `t` (a float or a numpy array of day numbers)."""
        return (t - self.t0) * self.scale + self.x0

    def to_t(self, x: ArrayOrFloat) -> ArrayOrFloat:
        """Time at pixel `x`."""
        return (x - self.x0) / self.scale + self.t0

    def with_width(self, width: float, x0: float | None = None) -> Viewport:
        """The same time range over a new pixel span (a resize keeps what is visible)."""
        return replace(self, width=width, x0=self.x0 if x0 is None else x0)

    def with_range(self, t0: float, t1: float) -> Viewport:
        return replace(self, t0=t0, t1=t1)

    def zoomed(self, factor: float, anchor_x: float | None = None) -> Viewport:
        """Zoom in by `factor` (> 1 narrows the range) keeping the time under `anchor_x` fixed."""
        if factor <= 0:
            return self
        ax = self.x0 + self.width / 2 if anchor_x is None else anchor_x
        anchor_t = self.to_t(ax)
        new_span = min(MAX_SPAN, max(MIN_SPAN, self.span / factor))
        frac = (ax - self.x0) / self.width
        t0 = anchor_t - frac * new_span
        return replace(self, t0=t0, t1=t0 + new_span)

    def panned(self, dx: float) -> Viewport:
        """Move the content right by `dx` pixels (the view shows earlier times for dx > 0)."""
        dt = dx / self.scale
        return replace(self, t0=self.t0 - dt, t1=self.t1 - dt)

    def centered_on(self, t: float) -> Viewport:
        half = self.span / 2
        return replace(self, t0=t - half, t1=t + half)

    def fitted(self, t_min: float, t_max: float, *, margin_px: float = 24.0) -> Viewport:
        """A view showing [t_min, t_max] with `margin_px` of air on both sides."""
        return replace(self, **_fit(t_min, t_max, self.width, margin_px))

    def contains(self, t0: float, t1: float) -> bool:
        """True when [t0, t1) lies wholly inside the visible range."""
        return t0 >= self.t0 and t1 <= self.t1


def fit_viewport(
    t_min: float, t_max: float, width: float, *, x0: float = 0.0, margin_px: float = 24.0
) -> Viewport:
    """A new viewport over `width` pixels fitted to [t_min, t_max] with margins."""
    return Viewport(width=width, x0=x0, **_fit(t_min, t_max, width, margin_px))


def _fit(t_min: float, t_max: float, width: float, margin_px: float) -> dict[str, float]:
    if not (np.isfinite(t_min) and np.isfinite(t_max)):
        t_min, t_max = 0.0, 365.0
    if t_max < t_min:
        t_min, t_max = t_max, t_min
    span = max(t_max - t_min, MIN_SPAN)
    centre = (t_min + t_max) / 2
    usable = max(width - 2 * margin_px, width * 0.5, 1.0)
    full = min(MAX_SPAN, max(MIN_SPAN, span * width / usable))
    return {"t0": centre - full / 2, "t1": centre + full / 2}


def _clamped(t0: float, t1: float) -> tuple[float, float]:
    """Keep the span within the zoom limits and the range within the calendar."""
    if not (np.isfinite(t0) and np.isfinite(t1)):
        t0, t1 = 0.0, 365.0
    if t1 < t0:
        t0, t1 = t1, t0
    span = min(MAX_SPAN, max(MIN_SPAN, t1 - t0))
    if t1 - t0 != span:
        c = (t0 + t1) / 2
        t0, t1 = c - span / 2, c + span / 2
    if t0 < T_MIN:
        t0, t1 = T_MIN, T_MIN + span
    if t1 > T_MAX:
        t0, t1 = T_MAX - span, T_MAX
    return float(t0), float(t1)
