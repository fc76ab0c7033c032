"""The export dialog's preview: a laid-out `Figure` drawn by the exporter at the preview's size.

Nothing is grabbed from the screen: the figure's own renderer paints it (`Figure.image`) at the
scale that fits the widget, on its page when a PDF goes onto an A4 or Letter sheet, so what the
preview shows is what the file will hold.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from nkviewer.export.images import PAGE_MARGIN_PT, page_points
from nkviewer.qt.guard import guarded

if TYPE_CHECKING:
    from nkviewer.export.images import Figure

PAD = 14  # air around the sheet inside the preview


def sheet_layout(fig: Figure) -> tuple[QSizeF, QRectF]:
    """The sheet the figure is printed on and where the figure sits on it (sheet units).

    A PNG, an SVG or a fitted PDF is its own sheet; on an A4/Letter page the figure is scaled
    into the printable area, at its top, as `images._write_pdf` places it.
    """
    if fig.fmt == "pdf" and fig.options.page != "fit":
        page_w, page_h = page_points(fig.options.page)
        avail_w, avail_h = page_w - 2 * PAGE_MARGIN_PT, page_h - 2 * PAGE_MARGIN_PT
        s = min(avail_w / fig.width, avail_h / fig.height)
        x = PAGE_MARGIN_PT + (avail_w - fig.width * s) / 2
        return QSizeF(page_w, page_h), QRectF(x, PAGE_MARGIN_PT, fig.width * s, fig.height * s)
    return QSizeF(fig.width, fig.height), QRectF(0, 0, fig.width, fig.height)


class FigurePreview(QWidget):
    """Shows a figure scaled to fit, or a message where there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(420, 260)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._figure: Figure | None = None
        self._message = ""
        self._image = QImage()
        self._sheet = QRectF()  # where the sheet is drawn, widget pixels
        self._figure_rect = QRectF()  # where the figure is drawn on it, widget pixels

    def sizeHint(self) -> QSize:
        return QSize(640, 400)

    def set_figure(self, figure: Figure | None, message: str = "") -> None:
        """Show `figure` (drawn now), or `message` when there is no figure."""
        self._figure = figure
        self._message = message
        self._render()
        self.update()

    def image(self) -> QImage:
        """The preview as last drawn by the exporter (null when there is no figure)."""
        return self._image

    def _render(self) -> None:
        fig = self._figure
        if fig is None:
            self._image = QImage()
            return
        sheet, rect = sheet_layout(fig)
        avail_w, avail_h = max(1, self.width() - 2 * PAD), max(1, self.height() - 2 * PAD)
        k = min(avail_w / sheet.width(), avail_h / sheet.height())
        w, h = sheet.width() * k, sheet.height() * k
        self._sheet = QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)
        self._figure_rect = QRectF(
            self._sheet.left() + rect.left() * k,
            self._sheet.top() + rect.top() * k,
            rect.width() * k,
            rect.height() * k,
        )
        dpr = self.devicePixelRatioF()
        self._image = fig.image(scale=self._figure_rect.width() / fig.width * dpr)
        self._image.setDevicePixelRatio(dpr)

    @guarded()
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._figure is not None:
            self._render()

    @guarded()
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        pal = self.palette()
        painter.fillRect(self.rect(), pal.color(QPalette.ColorRole.Mid).darker(105))
        if self._image.isNull():
            painter.setPen(pal.color(QPalette.ColorRole.WindowText))
            text_rect = self.rect().adjusted(PAD * 2, PAD, -PAD * 2, -PAD)
            painter.drawText(
                text_rect,
                int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap),
                self._message or "No preview",
            )
            painter.end()
            return
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        shadow = self._sheet.translated(2, 3)
        painter.fillRect(shadow, QColor(0, 0, 0, 60))
        painter.fillRect(self._sheet, QColor("#ffffff"))  # paper (a fitted figure covers it)
        painter.drawImage(self._figure_rect, self._image)
        painter.end()
