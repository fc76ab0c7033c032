"""The export dialog's preview: a laid-out `Figure` drawn by the exporter at the preview's size.

Nothing is grabbed from the screen: the figure's own renderer paints it (`Figure.image`, into a
QImage, in the dialog's worker thread) at the scale that fits the widget, on its page when a PDF
goes onto an A4 or Letter sheet, so what the preview shows is what the file will hold.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, QSizeF, Qt, Signal
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


def figure_rects(fig: Figure, width: float, height: float) -> tuple[QRectF, QRectF]:
    """Where the sheet and the figure on it are drawn in a preview of `width` × `height`
    widget pixels (the sheet scaled to fit, centred, `PAD` around it)."""
    sheet, rect = sheet_layout(fig)
    avail_w, avail_h = max(1.0, width - 2 * PAD), max(1.0, height - 2 * PAD)
    k = min(avail_w / sheet.width(), avail_h / sheet.height())
    w, h = sheet.width() * k, sheet.height() * k
    drawn = QRectF((width - w) / 2, (height - h) / 2, w, h)
    on_sheet = QRectF(
        drawn.left() + rect.left() * k,
        drawn.top() + rect.top() * k,
        rect.width() * k,
        rect.height() * k,
    )
    return drawn, on_sheet


def preview_image(fig: Figure, width: int, height: int, dpr: float) -> QImage:
    """The figure drawn by its own renderer at the scale that fits a preview of `width` ×
    `height` widget pixels (device pixel ratio `dpr`). A QImage, so a worker thread can draw it."""
    _sheet, rect = figure_rects(fig, width, height)
    image = fig.image(scale=rect.width() / fig.width * dpr)
    image.setDevicePixelRatio(dpr)
    return image


class FigurePreview(QWidget):
    """Shows a figure's preview image scaled to fit, or a message where there is none; while a
    new one is laid out (`set_updating`) the last one stays, marked "Updating…".

    The image is drawn elsewhere (`preview_image`, in the dialog's worker thread); a resize
    scales the one there is and says so (`resized`), so its owner can draw it again.
    """

    resized = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(420, 260)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._figure: Figure | None = None
        self._message = ""
        self._image = QImage()
        self._updating = False

    def sizeHint(self) -> QSize:
        return QSize(640, 400)

    def set_figure(self, figure: Figure | None, image: QImage, message: str = "") -> None:
        """Show `figure` as `image` (from `preview_image`), or `message` when there is none."""
        self._figure = figure
        self._image = image if figure is not None else QImage()
        self._message = message
        self._updating = False
        self.update()

    def set_updating(self, updating: bool) -> None:
        """Mark the preview shown as out of date while the new one is drawn."""
        if updating != self._updating:
            self._updating = updating
            self.update()

    def updating(self) -> bool:
        return self._updating

    def image(self) -> QImage:
        """The preview as last drawn by the exporter (null when there is no figure)."""
        return self._image

    def render_size(self) -> tuple[int, int, float]:
        """Width, height and device pixel ratio a preview image should be drawn for."""
        return self.width(), self.height(), self.devicePixelRatioF()

    @guarded()
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()

    @guarded()
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        pal = self.palette()
        painter.fillRect(self.rect(), pal.color(QPalette.ColorRole.Mid).darker(105))
        fig = self._figure
        if fig is None or self._image.isNull():
            painter.setPen(pal.color(QPalette.ColorRole.WindowText))
            text_rect = self.rect().adjusted(PAD * 2, PAD, -PAD * 2, -PAD)
            message = "Updating the preview…" if self._updating else self._message
            painter.drawText(
                text_rect,
                int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap),
                message or "No preview",
            )
            painter.end()
            return
        sheet, figure_rect = figure_rects(fig, self.width(), self.height())
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.fillRect(sheet.translated(2, 3), QColor(0, 0, 0, 60))
        painter.fillRect(sheet, QColor("#ffffff"))  # paper (a fitted figure covers it)
        painter.drawImage(figure_rect, self._image)
        if self._updating:
            self._draw_updating(painter)
        painter.end()

    def _draw_updating(self, painter: QPainter) -> None:
        """A small "Updating…" tag in the top right corner, over a veil on the old preview."""
        painter.fillRect(self.rect(), QColor(128, 128, 128, 70))
        text = "Updating…"
        fm = painter.fontMetrics()
        w, h = fm.horizontalAdvance(text) + 16, fm.height() + 8
        tag = QRectF(self.width() - w - PAD, PAD, w, h)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(0, 0, 0, 170))
        painter.drawRoundedRect(tag, 4, 4)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, text)
