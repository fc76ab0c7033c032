"""Regression guard for PySide6 6.12.0, which drops a reference to None on every void call.

After a few thousand such calls CPython aborts with "Fatal Python error: none_dealloc"; the
dependency range excludes 6.12, and this test catches any build with the same fault.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QRectF
from PySide6.QtGui import QBrush, QColor, QImage, QPainter


def test_painting_ten_thousand_rects_keeps_none_refcount() -> None:
    image = QImage(200, 200, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    brush = QBrush(QColor("#3366cc"))
    before = sys.getrefcount(None)
    for i in range(10_000):
        painter.setBrush(brush)
        painter.drawRect(QRectF(i % 190, (i * 7) % 190, 5, 5))
    painter.end()
    after = sys.getrefcount(None)
    assert after >= before - 10, f"refcount of None fell from {before} to {after}"
