"""Light and dark palettes for the whole application, following the system by default.

Uses the Fusion style with explicit palettes so both themes look the same on every platform
(and offscreen, where there is no system theme). Colours for entities and lanes come from
`nkviewer.model.palette`; this module only sets the widget chrome.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QWidget

THEMES = ("system", "light", "dark")


def system_theme() -> str:
    """ "dark" when the desktop asks for a dark colour scheme (Qt 6.5+), else "light"."""
    app = QGuiApplication.instance()
    if app is None:
        return "light"
    scheme = QGuiApplication.styleHints().colorScheme()
    return "dark" if scheme == Qt.ColorScheme.Dark else "light"


def effective_theme(choice: str) -> str:
    return system_theme() if choice not in ("light", "dark") else choice


def widget_theme(widget: QWidget) -> str:
    """The theme a widget is drawn in, read from its palette (works for any palette source)."""
    return (
        "dark" if widget.palette().color(QPalette.ColorRole.Window).lightness() < 128 else "light"
    )


def _palette(theme: str) -> QPalette:
    pal = QPalette()
    R = QPalette.ColorRole
    G = QPalette.ColorGroup
    if theme == "dark":
        colours = {
            R.Window: "#26282b",
            R.WindowText: "#e6e6e6",
            R.Base: "#1c1d1f",
            R.AlternateBase: "#232427",
            R.ToolTipBase: "#34363a",
            R.ToolTipText: "#f0f0f0",
            R.PlaceholderText: "#8a8d91",
            R.Text: "#e6e6e6",
            R.Button: "#303236",
            R.ButtonText: "#e6e6e6",
            R.BrightText: "#ff6b6b",
            R.Light: "#45484d",
            R.Midlight: "#3a3c40",
            R.Mid: "#2c2e31",
            R.Dark: "#151618",
            R.Shadow: "#000000",
            R.Highlight: "#3d7bd9",
            R.HighlightedText: "#ffffff",
            R.Link: "#79b0ff",
            R.LinkVisited: "#b59cff",
        }
        disabled = {R.WindowText: "#7b7e82", R.Text: "#7b7e82", R.ButtonText: "#7b7e82"}
    else:
        colours = {
            R.Window: "#f3f3f4",
            R.WindowText: "#1d1f21",
            R.Base: "#ffffff",
            R.AlternateBase: "#f6f7f8",
            R.ToolTipBase: "#ffffe8",
            R.ToolTipText: "#1d1f21",
            R.PlaceholderText: "#8a8d91",
            R.Text: "#1d1f21",
            R.Button: "#f6f6f7",
            R.ButtonText: "#1d1f21",
            R.BrightText: "#c0392b",
            R.Light: "#ffffff",
            R.Midlight: "#e9e9eb",
            R.Mid: "#c9cacd",
            R.Dark: "#a0a2a6",
            R.Shadow: "#5c5e62",
            R.Highlight: "#2f6fd6",
            R.HighlightedText: "#ffffff",
            R.Link: "#1f5fbf",
            R.LinkVisited: "#6a3fb5",
        }
        disabled = {R.WindowText: "#9a9ca0", R.Text: "#9a9ca0", R.ButtonText: "#9a9ca0"}
    for role, colour in colours.items():
        pal.setColor(role, QColor(colour))
    for role, colour in disabled.items():
        pal.setColor(G.Disabled, role, QColor(colour))
    return pal


_OUTLINED = (
    QStyle.PrimitiveElement.PE_IndicatorCheckBox,
    QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck,
    QStyle.PrimitiveElement.PE_PanelLineEdit,
)


class NkStyle(QProxyStyle):
    """Fusion, with outlines that stay visible on dark palettes.

    Fusion derives the outline of check boxes and text fields from the window colour made
    darker, which all but disappears on a dark background; this redraws it lighter there.
    """

    def __init__(self) -> None:
        super().__init__("Fusion")

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element not in _OUTLINED:
            return
        window = option.palette.color(QPalette.ColorRole.Window)
        if window.lightness() >= 128:
            return
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        colour = (
            option.palette.color(QPalette.ColorRole.Highlight) if focused else QColor("#6c7076")
        )
        if element == QStyle.PrimitiveElement.PE_PanelLineEdit and not focused:
            colour = QColor("#50545a")
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(colour, 1.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        rect = QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.drawRoundedRect(rect, 2.0, 2.0)
        painter.restore()


def apply_theme(app: QApplication, choice: str) -> str:
    """Apply "system", "light" or "dark"; returns the theme in force ("light" or "dark")."""
    theme = effective_theme(choice)
    if not isinstance(app.style(), NkStyle):
        app.setStyle(NkStyle())
    app.setPalette(_palette(theme))
    app.setProperty("nkviewer_theme", theme)
    return theme
