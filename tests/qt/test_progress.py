"""The status bar's loading progress: reports are shown at most every so often (the latest
one always), and never painted in the turn that reports them."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from nkviewer.corpus.progress import LoadUpdate
from nkviewer.qt import progress
from nkviewer.qt.progress import ProgressWidget, describe


class _Paints(QObject):
    """Counts the paint events its watched widgets get."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def _shown(qtbot: QtBot) -> tuple[QWidget, ProgressWidget, QLabel]:
    window = QWidget()
    layout = QVBoxLayout(window)
    other = QLabel("the rest of the window")
    widget = ProgressWidget()
    layout.addWidget(other)
    layout.addWidget(widget)
    qtbot.addWidget(window)
    window.resize(500, 120)
    window.show()
    widget.set_loading(True)
    qtbot.waitExposed(window)
    qtbot.wait(20)
    return window, widget, other


def test_a_report_is_not_painted_in_its_turn(qtbot: QtBot) -> None:
    """`QProgressBar.setValue` repaints at once, and with it whatever else of the window waits
    for a paint: a report only marks the bar, painted with the window's next paint."""
    _window, widget, other = _shown(qtbot)
    paints = _Paints()
    widget.bar.installEventFilter(paints)
    other.installEventFilter(paints)
    other.update()  # something else of the window waits for its paint
    widget.update_progress(LoadUpdate("parsing", done=3, total=10))
    assert paints.count == 0
    assert widget.bar.value() == 3 and widget.bar.maximum() == 10
    qtbot.waitUntil(lambda: paints.count >= 2, timeout=5_000)  # both, with the next paint


def test_reports_are_shown_at_most_every_so_often_the_latest_at_last(qtbot: QtBot) -> None:
    _window, widget, _other = _shown(qtbot)
    shown: list[str] = []
    real = widget.label.setText
    widget.label.setText = lambda text: (shown.append(text), real(text))  # type: ignore[method-assign]
    updates = [LoadUpdate("parsing", done=k, total=40) for k in range(1, 41)]
    for update in updates:
        widget.update_progress(update)
    assert len(shown) <= 1  # the first at once (or none: one was shown just before)
    qtbot.waitUntil(lambda: widget.label.text() == describe(updates[-1]), timeout=5_000)
    assert len(shown) <= 2 and widget.bar.value() == 40
    assert progress.SHOW_EVERY > 0
    # a report after a while is shown at once; a load that ends drops what waits
    qtbot.wait(round(progress.SHOW_EVERY * 1000) + 20)
    widget.update_progress(LoadUpdate("parsing", done=1, total=5))
    assert widget.bar.value() == 1 and widget.bar.maximum() == 5
    widget.update_progress(LoadUpdate("parsing", done=2, total=5))
    widget.set_loading(False)
    qtbot.wait(round(progress.SHOW_EVERY * 1000) + 20)
    assert widget.bar.value() == 1 and not widget.isVisible()
