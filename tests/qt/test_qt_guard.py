"""No exception crosses from a handler into Qt (issue 13): it reaches `sys.excepthook` and the
process keeps going. Run in a subprocess: the failure this guards against kills the process."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QEvent, QPoint, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QWidget
    from bench.synthetic import synthetic_frame
    from nkviewer.qt.guard import guarded
    from nkviewer.qt.timeline_view import TimelineView

    seen = []
    sys.excepthook = lambda t, e, tb: seen.append(t.__name__)
    app = QApplication([])

    class Plain(QWidget):  # an event() override calling super().event(), as TimelineView does
        @guarded(default=True)
        def event(self, event: QEvent) -> bool:
            return super().event(event)

        @guarded()
        def mousePressEvent(self, event) -> None:
            raise IndexError("index 4 is out of bounds for axis 0 with size 0")

    plain = Plain()
    plain.resize(200, 100)
    plain.show()
    QTest.mouseClick(plain, Qt.MouseButton.LeftButton, pos=QPoint(50, 50))

    view = TimelineView()
    view.resize(800, 400)
    view.set_events(synthetic_frame(200, years=2, seed=3))
    view.show()
    app.processEvents()

    def broken(*args, **kwargs):
        raise IndexError("index 4 is out of bounds for axis 0 with size 0")

    view._click = broken
    QTest.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(400, 200))
    view.renderer().paint = broken  # a paint that raises is reported too
    view.repaint()
    app.processEvents()
    print("alive", ",".join(seen))
    """
)


def test_an_exception_in_a_handler_reaches_the_excepthook_not_a_crash() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, cwd=root, env=env,
        timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert "alive IndexError,IndexError" in done.stdout, done.stdout + done.stderr[-2000:]


def test_every_qt_event_handler_of_the_window_is_guarded() -> None:
    """The handlers Qt calls on the window's widgets report an exception instead of letting it
    into Qt (the subprocess test above shows what `guarded` does)."""
    from nkviewer.qt.export_preview import FigurePreview
    from nkviewer.qt.filters import FiltersPanel
    from nkviewer.qt.main_window import MainWindow
    from nkviewer.qt.overview import OverviewStrip
    from nkviewer.qt.source_panel import SourcePanel
    from nkviewer.qt.source_text import SourceText
    from nkviewer.qt.timeline_view import TimelineView

    handlers = {
        FigurePreview: ["resizeEvent", "paintEvent"],
        FiltersPanel: ["showEvent"],
        MainWindow: ["dragEnterEvent", "dropEvent", "eventFilter", "changeEvent", "closeEvent"],
        OverviewStrip: ["paintEvent", "mousePressEvent", "mouseMoveEvent", "wheelEvent"],
        SourcePanel: ["changeEvent"],
        SourceText: ["eventFilter"],
        TimelineView: ["event", "paintEvent", "mousePressEvent", "wheelEvent", "keyPressEvent"],
    }
    bare = [
        f"{cls.__name__}.{name}"
        for cls, names in handlers.items()
        for name in names
        if not hasattr(cls.__dict__[name], "__wrapped__")
    ]
    assert bare == []
