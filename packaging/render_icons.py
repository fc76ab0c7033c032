"""Render resources/icons/nkviewer.svg to the hicolor PNG sizes desktops and the window use.

Run after editing the SVG: `.venv/bin/python packaging/render_icons.py`. Uses Qt's own SVG
renderer (QtSvg ships in PySide6-Essentials), so no extra tool is needed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SIZES = (16, 32, 48, 64, 128, 256, 512)
ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"


def render(svg: Path, out_root: Path, sizes: tuple[int, ...] = SIZES) -> list[Path]:
    """Write `<out_root>/hicolor/<n>x<n>/apps/nkviewer.png` for each size; return the paths."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    written = []
    for n in sizes:
        image = QImage(n, n, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        target = out_root / "hicolor" / f"{n}x{n}" / "apps" / "nkviewer.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(target)):  # format from the .png suffix
            raise SystemExit(f"cannot write {target}")
        written.append(target)
    return written


if __name__ == "__main__":
    for path in render(ICONS / "nkviewer.svg", ICONS):
        print(path.relative_to(ICONS.parent.parent))
