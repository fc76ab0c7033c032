"""The bundled Hangul font (NanumSquare, SIL OFL) so Korean renders on every machine and export.

`ensure_fonts()` registers it with Qt once and returns its family name; widgets and exports put it
after the UI font in `QFont.setFamilies`, so Latin text keeps the platform look and Hangul falls
back to a font that is always there. Needs a QGuiApplication.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QGuiApplication

from nkviewer.paths import resources_dir

log = logging.getLogger(__name__)

FONT_FILE = "NanumSquareR.ttf"
#: The bold face: without it PDF output (which does not embolden) draws bold Hangul regular.
BOLD_FONT_FILE = "NanumSquareB.ttf"
FALLBACK_FAMILY = "NanumSquare"
_registered: str | None = None
#: Renderers are made on the GUI thread and in export workers: register the fonts only once.
_lock = threading.Lock()


def ensure_fonts() -> str:
    """Register the bundled Hangul fonts once; return the family to use as a fallback."""
    if _registered is not None:
        return _registered
    with _lock:
        return _register()


def _register() -> str:
    global _registered
    if _registered is not None:  # another thread registered them while this one waited
        return _registered
    if QGuiApplication.instance() is None:
        raise RuntimeError("ensure_fonts() needs a QGuiApplication")
    folder = resources_dir() / "fonts"
    path = folder / FONT_FILE
    font_id = QFontDatabase.addApplicationFont(str(path)) if path.is_file() else -1
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if families:
        _registered = families[0]
        bold = folder / BOLD_FONT_FILE
        if not bold.is_file() or QFontDatabase.addApplicationFont(str(bold)) < 0:
            log.info("bold Hangul face %s not loaded; bold Korean is synthesised", bold)
    else:
        log.warning("bundled Hangul font %s could not be loaded; Korean may not render", path)
        _registered = FALLBACK_FAMILY
    return _registered


def ui_font(point_size: float | None = None, *, base: QFont | None = None) -> QFont:
    """The application font with the bundled Hangul font as fallback."""
    hangul = ensure_fonts()
    font = QFont(base) if base is not None else QGuiApplication.font()
    latin = [f for f in font.families() if f != hangul] or [font.family()]
    # Resolve aliases such as "Sans Serif" to the family really used: given a list starting with
    # an alias, Qt skips it and takes the next family (the Hangul one) for every character.
    probe = QFont(font)
    probe.setFamilies(latin)
    resolved = QFontInfo(probe).family()
    families = [resolved, *[f for f in latin if f != resolved]]
    font.setFamilies([*families, hangul])
    if point_size is not None:
        font.setPointSizeF(point_size)
    return font


def export_font(pixel_size: int) -> QFont:
    """A machine-independent font for exported images: a common sans, then the Hangul font.

    Sized in pixels of the figure's layout, so a PNG at 300 DPI and an SVG look alike.
    """
    hangul = ensure_fonts()
    font = QFont()
    font.setFamilies(["DejaVu Sans", "Helvetica", "Arial", "Liberation Sans", hangul])
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPixelSize(pixel_size)
    return font
