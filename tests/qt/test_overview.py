"""OverviewStrip: drag, resize and click the window rectangle; following the view never echoes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from bench.synthetic import synthetic_frame
from nkviewer.qt.overview import OverviewStrip


@pytest.fixture
def strip(qtbot: QtBot) -> OverviewStrip:
    s = OverviewStrip()
    qtbot.addWidget(s)
    s.resize(1000, 60)
    s.set_events(synthetic_frame(2000, years=10, seed=3))
    s.set_visible_range(18000.0, 18400.0)
    s.show()
    qtbot.waitExposed(s)
    return s


def _x(s: OverviewStrip, t: float) -> int:
    return round(float(s._viewport().to_x(t)))


def test_following_the_view_emits_nothing(qtbot: QtBot, strip: OverviewStrip) -> None:
    with qtbot.assertNotEmitted(strip.rangeRequested):
        strip.set_visible_range(17000.0, 17500.0)
        strip.repaint()


def test_dragging_the_window_moves_it(qtbot: QtBot, strip: OverviewStrip) -> None:
    scale = strip._viewport().scale
    mid = _x(strip, 18200.0)
    got: list[tuple[float, float]] = []
    strip.rangeRequested.connect(lambda a, b: got.append((a, b)))
    qtbot.mousePress(strip, Qt.MouseButton.LeftButton, pos=QPoint(mid, 20))
    qtbot.mouseMove(strip, QPoint(mid + 50, 22))
    qtbot.mouseRelease(strip, Qt.MouseButton.LeftButton, pos=QPoint(mid + 50, 22))
    a, b = got[-1]
    assert a == pytest.approx(18000.0 + 50 / scale) and b - a == pytest.approx(400.0)


def test_dragging_an_edge_resizes(qtbot: QtBot, strip: OverviewStrip) -> None:
    scale = strip._viewport().scale
    right = _x(strip, 18400.0)
    with qtbot.waitSignal(strip.rangeRequested) as blocker:
        qtbot.mousePress(strip, Qt.MouseButton.LeftButton, pos=QPoint(right, 20))
        qtbot.mouseMove(strip, QPoint(right + 40, 20))
    qtbot.mouseRelease(strip, Qt.MouseButton.LeftButton, pos=QPoint(right + 40, 20))
    a, b = blocker.args
    assert a == pytest.approx(18000.0)
    assert b == pytest.approx(18400.0 + 40 / scale, abs=1.5 / scale)


def test_click_elsewhere_centres_the_window_there(qtbot: QtBot, strip: OverviewStrip) -> None:
    target = 16000.0
    with qtbot.waitSignal(strip.rangeRequested) as blocker:
        qtbot.mouseClick(strip, Qt.MouseButton.LeftButton, pos=QPoint(_x(strip, target), 20))
    a, b = blocker.args
    assert (a + b) / 2 == pytest.approx(target, abs=1.5 / strip._viewport().scale)
    assert b - a == pytest.approx(400.0)


def test_panning_reuses_the_columns_and_new_events_replace_them(
    strip: OverviewStrip, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pan only moves the window rectangle: the density columns and ticks of the strip's span
    are made once; new events (or a wider span) make them again, and the image matches."""
    from nkviewer.qt import overview

    made: list[int] = []
    real = overview.bin_counts
    monkeypatch.setattr(overview, "bin_counts", lambda *a: made.append(1) or real(*a))
    first = strip.grab().toImage()
    for k in range(5):
        strip.set_visible_range(18000.0 + 30 * k, 18400.0 + 30 * k)
        strip.grab()
    strip.set_visible_range(18000.0, 18400.0)
    assert strip.grab().toImage() == first
    assert made == []  # made when the fixture first showed the strip
    strip.set_events(synthetic_frame(500, years=10, seed=4))
    changed = strip.grab().toImage()
    assert len(made) == 1 and changed != first
    fresh = OverviewStrip()
    fresh.resize(strip.size())
    fresh.set_events(synthetic_frame(500, years=10, seed=4))
    fresh.set_visible_range(18000.0, 18400.0)
    assert fresh.grab().toImage() == changed  # what was reused is what would be made
