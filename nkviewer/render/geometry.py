"""Areas of a timeline canvas: title, axis, lane headers, plot and footer, in logical pixels."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF


@dataclass(frozen=True, slots=True)
class Geometry:
    """Areas of the canvas, in the painter's logical pixels."""

    width: float
    height: float
    title: QRectF | None
    axis: QRectF
    lanes: QRectF  # header column + plot, below the axis
    plot: QRectF  # where time runs
    footer: QRectF | None

    @property
    def header(self) -> QRectF:
        return QRectF(0, self.lanes.top(), self.plot.left(), self.lanes.height())


AXIS_H = 40.0
TITLE_H = 36.0
FOOTER_H = 30.0
RIGHT_PAD = 14.0
MARKER_R = 4.5
