"""Application set-up and failure handling: exception dialog and log, themes, About, settings."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QSettings, Signal, Slot
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from nkviewer import paths
from nkviewer.logs import log_file, setup_logging
from nkviewer.qt.about import AboutDialog, versions
from nkviewer.qt.errors_dialog import ExceptionReporter
from nkviewer.qt.settings import Settings
from nkviewer.qt.theme import apply_theme, widget_theme


class Raiser(QObject):
    fire = Signal()

    @Slot()
    def boom(self) -> None:
        raise ValueError("a slot failed on purpose")


def test_exception_in_a_slot_is_logged_and_shown(qtbot: QtBot) -> None:
    import logging

    handlers_before = list(logging.getLogger().handlers)
    setup_logging()
    reporter = ExceptionReporter()
    reporter.install()
    try:
        raiser = Raiser()
        raiser.fire.connect(raiser.boom)
        raiser.fire.emit()  # PySide hands the exception to sys.excepthook (the reporter)
        raiser.fire.emit()
    finally:
        reporter.uninstall()
        for h in logging.getLogger().handlers:
            if h not in handlers_before:
                logging.getLogger().removeHandler(h)
                h.close()
    dialog = reporter.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.count == 2  # a burst fills one dialog instead of opening many
    assert "ValueError: a slot failed on purpose" in dialog.details.toPlainText()
    assert "boom" in dialog.details.toPlainText()  # the traceback, not just the message
    assert str(log_file()) in dialog.log_label.text()
    dialog.copy()
    assert "a slot failed on purpose" in QGuiApplication.clipboard().text()
    logged = log_file().read_text(encoding="utf-8")
    assert "a slot failed on purpose" in logged and "Traceback" in logged
    assert Path(str(log_file())).parent == paths.log_dir()
    dialog.close()
    assert sys.excepthook is not reporter.excepthook


def test_dark_and_light_palettes(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    old = app.palette()
    try:
        assert apply_theme(app, "dark") == "dark"
        from PySide6.QtWidgets import QLabel

        label = QLabel("x")
        qtbot.addWidget(label)
        qtbot.waitUntil(lambda: widget_theme(label) == "dark", timeout=2_000)
        window = app.palette().color(QPalette.ColorRole.Window)
        text = app.palette().color(QPalette.ColorRole.WindowText)
        assert text.lightness() - window.lightness() > 120  # legible
        assert apply_theme(app, "light") == "light"
        qtbot.waitUntil(lambda: widget_theme(label) == "light", timeout=2_000)
    finally:
        app.setPalette(old)


def test_about_lists_the_versions_that_shape_results(qtbot: QtBot) -> None:
    names = dict(versions())
    assert names["nkviewer"]
    assert names["spaCy"][0].isdigit()
    assert "Language model" in names
    from PySide6.QtWidgets import QLabel

    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    shown = "".join(w.text() for w in dialog.findChildren(QLabel))
    assert "spaCy" in shown and names["spaCy"] in shown


def test_settings_remember_recent_corpora_and_options(tmp_path: Path) -> None:
    store = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    settings = Settings(store)
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    settings.add_recent([str(a)])
    settings.add_recent([str(b), str(a)])
    settings.add_recent([str(a)])
    assert settings.recent() == [[str(a)], [str(b), str(a)]]
    settings.set_group_by("actor")
    settings.set_theme("dark")
    settings.sync()
    again = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    assert again.recent()[0] == [str(a)]
    assert again.group_by() == "actor" and again.theme() == "dark"
    a.rmdir()
    assert again.last_corpus() == []  # a corpus that no longer exists is not reopened
    nonsense = QSettings(str(tmp_path / "t.ini"), QSettings.Format.IniFormat)
    nonsense.setValue("view/group_by", "nonsense")
    nonsense.sync()
    b2 = Settings(QSettings(str(tmp_path / "t.ini"), QSettings.Format.IniFormat))
    assert b2.group_by() == "country"


@pytest.mark.parametrize("argv", [["--version"], ["--help"]])
def test_gui_command_line_answers_without_a_window(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    from nkviewer.cli import gui

    with pytest.raises(SystemExit) as exit_info:
        gui.main(argv)
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "nkviewer" in out
    if argv == ["--help"]:
        assert "examples:" in out and "--no-cache" in out and "--jobs" in out


def test_gui_refuses_a_missing_path(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from nkviewer.cli import gui

    assert gui.main([str(tmp_path / "nowhere")]) == 2
    assert "not found" in capsys.readouterr().err
