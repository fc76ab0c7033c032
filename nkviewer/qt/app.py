"""QApplication set-up: names for QSettings, high-DPI, Hangul fallback font, light/dark theme."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QObject, Qt, Slot
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from nkviewer import __version__, paths
from nkviewer.qt.theme import apply_theme
from nkviewer.render.fonts import ui_font

log = logging.getLogger(__name__)


def set_fonts(app: QGuiApplication) -> None:
    """Keep the platform UI font for Latin text; fall back to the bundled font for Hangul.

    `ui_font` resolves aliases such as "Sans Serif" first: a family list starting with an alias
    would otherwise make Qt use the Hangul font for every character.
    """
    app.setFont(ui_font())


class ThemeFollower(QObject):
    """Re-applies the theme when the desktop switches between light and dark."""

    def __init__(self, app: QApplication, choice: str) -> None:
        super().__init__(app)
        self.app = app
        self.choice = choice
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_scheme)

    def set_choice(self, choice: str) -> str:
        self.choice = choice
        return apply_theme(self.app, choice)

    @Slot(Qt.ColorScheme)
    def _on_scheme(self, _scheme: Qt.ColorScheme) -> None:
        if self.choice == "system":
            apply_theme(self.app, "system")


def create_application(argv: Sequence[str] | None = None, *, theme: str = "system") -> QApplication:
    """The QApplication (reused when one exists, e.g. under pytest-qt), fully set up."""
    QCoreApplication.setOrganizationName(paths.APP_AUTHOR)
    QCoreApplication.setApplicationName(paths.APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    existing = QApplication.instance()
    if existing is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        app = QApplication(list(argv) if argv is not None else ["nkviewer"])
    else:
        assert isinstance(existing, QApplication)
        app = existing
    QGuiApplication.setApplicationDisplayName("nkviewer")
    QGuiApplication.setDesktopFileName("io.github.nkviewer.Nkviewer")
    icon = paths.resources_dir() / "icons" / "nkviewer.svg"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    set_fonts(app)
    follower = app.findChild(ThemeFollower)
    if follower is None:
        follower = ThemeFollower(app, theme)
    follower.set_choice(theme)
    return app


def set_theme(choice: str) -> str:
    """Switch the running application to "system", "light" or "dark"; returns the theme used."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    follower = app.findChild(ThemeFollower)
    if follower is None:
        follower = ThemeFollower(app, choice)
    return follower.set_choice(choice)
