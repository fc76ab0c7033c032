"""A dialog for unhandled exceptions (logged by `nkviewer.logs` to the user log folder).

An exception that escapes a slot, a virtual method or the main code reaches `sys.excepthook`
(and `threading.excepthook` for plain threads). It is logged with its traceback and shown in a
non-blocking dialog with the details, a Copy button and the log path: never lost silently,
never a frozen window. A burst of exceptions (e.g. from paint events) fills one dialog.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nkviewer import __version__
from nkviewer.logs import log_file
from nkviewer.qt.plain import escaped

log = logging.getLogger("nkviewer")


def format_exception(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> str:
    return "".join(traceback.format_exception(exc_type, exc, tb))


class ExceptionDialog(QDialog):
    """Shows what went wrong, with Copy and the log path; stays open beside the window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("nkviewer — unexpected error")
        self.setModal(False)
        self.resize(720, 440)
        lay = QVBoxLayout(self)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.message)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        font = QGuiApplication.font()
        font.setFamily("monospace")
        font.setStyleHint(font.StyleHint.Monospace)
        self.details.setFont(font)
        lay.addWidget(self.details, 1)
        path = log_file()
        self.log_label = QLabel(
            f"The details are also in the log: <a href='{path.parent.as_uri()}'>{path}</a>"
        )
        self.log_label.setOpenExternalLinks(True)
        self.log_label.setWordWrap(True)
        lay.addWidget(self.log_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("Copy details")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.close)
        lay.addWidget(buttons)
        self.count = 0

    def add(self, summary: str, details: str) -> None:
        self.count += 1
        if self.count == 1:
            self.message.setText(
                f"<b>Something went wrong:</b> {escaped(summary)}<br>The window keeps working; "
                "if this "
                "happens again, please report it with the details below."
            )
            self.details.setPlainText(details)
        else:
            self.message.setText(
                f"<b>{self.count} unexpected errors.</b> The last: {escaped(summary)}"
            )
            self.details.appendPlainText("\n" + "-" * 60 + "\n" + details)

    @Slot()
    def copy(self) -> None:
        header = f"nkviewer {__version__}, Python {sys.version.split()[0]}\n"
        QGuiApplication.clipboard().setText(header + self.details.toPlainText())


class ExceptionReporter(QObject):
    """Installed as sys.excepthook: logs, then shows the dialog on the main thread."""

    report = Signal(str, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.dialog: ExceptionDialog | None = None
        self._previous = sys.excepthook
        self._previous_thread = threading.excepthook
        self.report.connect(self._show)

    def install(self) -> None:
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook

    def uninstall(self) -> None:
        sys.excepthook = self._previous
        threading.excepthook = self._previous_thread

    def excepthook(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        details = format_exception(exc_type, exc, tb)
        log.error("unhandled exception:\n%s", details)
        summary = f"{exc_type.__name__}: {exc}"
        try:
            self.report.emit(summary, details)  # queued to the main thread when needed
        except RuntimeError:  # the reporter is being destroyed at exit
            sys.__excepthook__(exc_type, exc, tb)

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.excepthook(args.exc_type, args.exc_value, args.exc_traceback)

    @Slot(str, str)
    def _show(self, summary: str, details: str) -> None:
        try:
            if self.dialog is None:
                parent = QApplication.activeWindow()
                self.dialog = ExceptionDialog(parent)
                self.dialog.finished.connect(self._closed)
            self.dialog.add(summary, details)
            self.dialog.show()
            self.dialog.raise_()
        except Exception:  # never recurse: the dialog itself failing is only logged
            log.exception("could not show the error dialog")

    @Slot(int)
    def _closed(self, _result: int) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None
