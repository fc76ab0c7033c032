"""File > Export Image…: a figure of the timeline as PNG, SVG or PDF, with a live preview.

The preview is drawn by the exporter itself (`nkviewer.export.images.prepare_figure`) and is
laid out again, debounced, whenever an option changes, in a worker thread (`LatestJob`): the
worker lays the figure out on a renderer of its own from a snapshot of the events and options and
draws it into a QImage; the last preview stays on screen, marked "Updating…", until the new one
arrives, and a request superseded by a newer change is dropped (only the latest is shown).
What the figure includes (selection, visible range, whole filtered timeline) comes from an
`ExportScope`, so a corpus in memory and an event dataset read lazily go through the same code.
The default title is worked out in a worker too (`ImageForm`): the dialog opens at once, and
the preview, Save and Copy wait until the title is there (a figure is never laid out under a
title about to change).
Size limits and empty scopes are shown in the dialog with Save and Copy disabled. The choices
are remembered (`Settings`).

Save writes in a worker thread (`BackgroundJob`, as Export Events does): the worker lays the
figure out again on a renderer of its own, from a snapshot of the events and options taken when
Save was pressed, never the preview's renderer, so the window and the dialog keep answering while
a figure of 100,000 events is drawn; a busy bar and "Saving …" show meanwhile, Save, Copy and
Close wait (closing the dialog then closes it once the files are written), and a failure is
reported with the file's name. The window, when it closes, waits for the files too
(`background.wait_for_workers`). Copy Image to Clipboard draws its image the same way, in the
worker, and puts it on the clipboard when it is ready; so does Edit ▸ Copy Image
(`FigureCopier`, the last export's choices without the dialog).

Save and Copy run under `nkviewer.threads.short_gil_turns` (0.5 ms switch interval): at 10^5
events, with the window repainting its timeline meanwhile on a loaded 2-core machine, the
window's turns while a PNG was written fell from 32-33 ms (median) and 124-145 ms (95th
percentile) to 18 and 58-60 ms, the file taking 3-13 % longer. The preview does not: its turns
halved too (p95 65-78 → 34-42 ms, already under 100 ms) but it took 18-30 % longer to appear.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nkviewer.errors import ExportError, NkviewerError
from nkviewer.export.images import (
    BASE_DPI,
    Figure,
    ImageOptions,
    image_format,
    prepare_figure,
)
from nkviewer.model.source import DatasetSource
from nkviewer.model.wording import plural
from nkviewer.qt.background import BackgroundJob, LatestJob
from nkviewer.qt.export_form import FORMAT_FILTERS, ImageForm, remembered_options
from nkviewer.qt.export_preview import FigurePreview, preview_image
from nkviewer.qt.export_scope import SCOPE_NOUNS, ExportScope, problem_style
from nkviewer.qt.plain import plain_label, warn
from nkviewer.qt.settings import Settings

DEBOUNCE_MS = 250
MM_PER_PX = 25.4 / 96
PAGE_NAMES = {"a4": "A4 landscape", "letter": "Letter landscape"}


class ExportImageDialog(QDialog):
    """The preview above, the options below it, Copy / Save at the bottom (see the module doc)."""

    message = Signal(str)  # a status-bar message for the window ("Saved …", "Copied …")
    previewUpdated = Signal()  # the preview was drawn again (tests wait for it)
    saved = Signal(list)  # the paths one Save wrote

    def __init__(self, scope: ExportScope, settings: Settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export Image")
        self.scope = scope
        self.settings = settings
        self._figure: Figure | None = None
        self._problem = ""  # why the figure cannot be saved or copied ("" when it can)
        self._raster_problem = ""  # why no PNG / copied image can be made at this DPI
        self._close_when_written: int | None = None  # a close asked for while saving
        self._save_when_titled: Path | None = None  # a save asked for before the title came

        self.form = ImageForm(scope, settings, self)
        self.preview = FigurePreview(self)
        self.summary = QLabel()
        self.summary.setObjectName("export-summary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem_label = plain_label(QLabel())  # may quote a path or an error
        self.problem_label.setObjectName("export-problem")
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet(problem_style(self))
        self.problem_label.hide()
        self.progress = QProgressBar()  # busy (no steps) while a file is written
        self.progress.setRange(0, 0)
        self.progress.setMaximumHeight(10)
        self.progress.setTextVisible(False)
        self.progress.hide()
        # Save and Copy run with short GIL turns, the preview not (see the module docstring)
        self.job = BackgroundJob("nkviewer-image", self, short_gil_turns=True)
        self.job.finished.connect(self._on_job)
        self._copying = False  # the job in hand draws an image for the clipboard, not files
        self.preview_job = LatestJob("nkviewer-preview", self)
        self.preview_job.finished.connect(self._on_preview)

        self.copy_button = QPushButton("&Copy Image to Clipboard")
        self.copy_button.setAutoDefault(False)
        self.copy_button.setToolTip(
            "Copy the figure as an image at the chosen resolution, to paste into a document"
        )
        self.copy_button.clicked.connect(self.copy_image)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("&Save…")
        self.save_button.setDefault(True)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.copy_button)
        bottom.addStretch(1)
        bottom.addWidget(buttons)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.setSpacing(8)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.progress)
        layout.addSpacing(4)
        layout.addWidget(self.form)
        layout.addSpacing(4)
        layout.addLayout(bottom)
        self.resize(1180, 780)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh)
        self.form.changed.connect(self._on_options_changed)
        self.form.changed.connect(self._update_summary)
        self.preview.resized.connect(self._on_resized)
        self._set_enabled(False)
        self._timer.start()

    # ------------------------------------------------------------------ state

    def figure(self) -> Figure | None:
        """The figure as last laid out (None when the options make no figure)."""
        return self._figure

    def preview_image(self) -> QImage:
        return self.preview.image()

    def problem(self) -> str:
        """What stops Save (and Copy), as shown in the dialog; "" when nothing does."""
        return self._problem or (self._raster_problem if self.form.format() == "png" else "")

    def preview_pending(self) -> bool:
        """Whether the preview shown is out of date (options changed, the new one not drawn yet,
        or the default title still being worked out)."""
        return self._timer.isActive() or self.preview_job.busy or self.form.title_pending()

    @Slot()
    def _on_options_changed(self) -> None:
        # the preview in flight (if any) answers older options: drop it, keep the last one shown
        self.preview_job.cancel()
        self.preview.set_updating(True)
        self._timer.start()
        self._set_enabled(self._figure is not None)  # Save and Copy wait for a pending title
        if self._save_when_titled is not None and not self.form.title_pending():
            path, self._save_when_titled = self._save_when_titled, None
            self.save_in_background(path)

    @Slot()
    def _on_resized(self) -> None:
        if self._figure is not None:  # the image is scaled meanwhile; drawn again to fit
            self._timer.start()

    @Slot()
    def refresh(self) -> None:
        """Ask for the preview of the current options (debounced target): laid out and drawn in
        the worker thread; `_on_preview` shows it (the last one stays until then)."""
        self._timer.stop()
        if self.form.title_pending():  # asked again when the title is there
            self.preview_job.cancel()
            self.preview.set_updating(True)
            return
        work = self._preview_work()
        if work is None:
            return
        self.preview.set_updating(True)
        self.preview_job.request(lay_out_preview, work)

    def _preview_work(self) -> PreviewWork | None:
        """What the worker needs for the current options, or None when there is nothing to lay
        out (the reason is shown at once)."""
        scope = self.form.scope()
        if not self.scope.count(scope) and not (scope == "visible" and self.scope.is_dataset):
            self.preview_job.cancel()
            self._show(
                PreviewResult(None, QImage(), f"{SCOPE_NOUNS[scope]}: there is nothing to export.")
            )
            return None
        try:
            self.scope.require(scope)  # from the counts: the worker looks the events up
            options = self.form.options(self.scope.time_range(scope))
        except NkviewerError as exc:
            self.preview_job.cancel()
            self._show(PreviewResult(None, QImage(), _sentence(str(exc))))
            return None
        return PreviewWork(
            ScopeEvents(self.scope, scope),
            options,
            self.form.format(),
            self.form.dpi(),
            self.preview.render_size(),
        )

    @Slot(object)
    def _on_preview(self, future: Future[PreviewResult | None]) -> None:
        exc = future.exception()
        if exc is not None:  # a bug: the exception dialog, and the dialog says so
            self._show(PreviewResult(None, QImage(), "The preview could not be drawn."))
            sys.excepthook(type(exc), exc, exc.__traceback__)
            return
        result = future.result()
        if result is not None:
            self._show(result)

    def _show(self, result: PreviewResult) -> None:
        """Make `result` the figure and preview on show (the enabled buttons follow)."""
        self._figure = result.figure
        self._problem, self._raster_problem = result.problem, result.raster_problem
        self.preview.set_figure(result.figure, result.image, result.problem)
        if result.figure is not None:
            self.form.show_layout(result.figure.width, result.figure.height)
        self._update_summary()
        self._set_enabled(result.figure is not None)
        self.previewUpdated.emit()

    def _set_enabled(self, ready: bool) -> None:
        # one file at a time (Copy too waits for it), and the figure waits for its title
        idle = not self.job.busy
        ready = ready and not self.form.title_pending()
        self.save_button.setEnabled(idle and ready and not self.problem())
        self.copy_button.setEnabled(idle and ready and not self._raster_problem)
        self.close_button.setEnabled(idle)

    @Slot()
    def _update_summary(self) -> None:
        if self.job.busy:
            return  # "Saving …" stays until the file is written
        fig = self._figure
        problem = self.problem()
        if not problem and self._raster_problem:  # a vector file can be saved, not copied
            problem = f"Copy Image: {_sentence(self._raster_problem)}"
        self.problem_label.setText(_sentence(problem))
        self.problem_label.setVisible(bool(problem) and fig is not None)  # else the preview says
        self.summary.setVisible(fig is not None)
        if fig is None:
            return
        w, h = fig.pixel_size(self.form.dpi())
        fmt = self.form.format()
        if fmt == "png":
            what = f"PNG: {w:,} × {h:,} pixels at {self.form.dpi()} DPI"
        elif fmt == "svg":
            what = f"SVG: {fig.width:,} × {fig.height:,} px, vector (text stays text)"
        elif fig.options.page == "fit":
            what = f"PDF: one {fig.width * MM_PER_PX:.0f} × {fig.height * MM_PER_PX:.0f} mm page"
        else:
            what = f"PDF: one {PAGE_NAMES[fig.options.page]} page"
        note = fig.renderer.options.source_note
        self.summary.setText(f"{what} · {note}" if note else what)

    # ------------------------------------------------------------------ actions

    @Slot()
    def copy_image(self) -> None:
        """Put the figure on the clipboard as an image at the chosen resolution, drawn in the
        worker thread (as Save draws its files); `message` says when it is there."""
        if self.job.busy or self.form.title_pending():
            return
        if not self.preview_pending() and (self._figure is None or self._raster_problem):
            return  # the reason is shown
        name = self.form.scope()
        try:
            self.scope.require(name)  # from the counts: the worker looks the events up
        except NkviewerError as exc:
            warn(self, "Copy image", str(exc))
            return
        options = self.form.options(self.scope.time_range(name))
        work = CopyWork(ScopeEvents(self.scope, name), options, self.form.dpi())
        self._copying = True
        self.job.start(_draw_copy, work)
        self.problem_label.setStyleSheet("")
        self.problem_label.setText("Copying the figure…")
        self.problem_label.setVisible(True)
        self.progress.show()
        self._set_enabled(self._figure is not None)

    @Slot(object)
    def _on_job(self, future: Future[Any]) -> None:
        copying, self._copying = self._copying, False
        if copying:
            self._on_copied(future)
        else:
            self._on_written(future)
        if self._close_when_written is not None:  # closing was asked for meanwhile
            self.done(self._close_when_written)

    def _job_ended(self, future: Future[Any], what: str) -> bool:
        """The dialog back to ready after a Save or Copy; whether the job succeeded (a failure
        is reported: an input problem in a message box, a bug through the exception dialog)."""
        self.progress.hide()
        self.problem_label.setStyleSheet(problem_style(self))
        self._set_enabled(self._figure is not None)
        self._update_summary()
        exc = future.exception()
        if isinstance(exc, NkviewerError):
            warn(self, what, str(exc))
        elif exc is not None:  # a bug: the exception dialog, and the window goes on
            sys.excepthook(type(exc), exc, exc.__traceback__)
        return exc is None

    def _on_copied(self, future: Future[QImage]) -> None:
        if self._job_ended(future, "Copy image"):
            image = future.result()
            QGuiApplication.clipboard().setImage(image)
            self.form.remember()
            self.message.emit(f"Copied the figure ({image.width():,} × {image.height():,} px)")

    @Slot()
    def save(self) -> None:
        """Ask where, then write the figure (and the other formats ticked under "Also save",
        with the same name); the dialog stays open with its choices, for another figure."""
        if self.form.title_pending():
            return  # Save is disabled until the title is there
        if not self.preview_pending() and (self._figure is None or self.problem()):
            return  # the reason is shown (a pending preview: the worker checks the options)
        fmt = self.form.format()
        stem = _slug(self.form.title()) or "timeline"  # one name, one extension per format
        suggested = Path(self.settings.export_dir()) / f"{stem}.{fmt}"
        path, _ = QFileDialog.getSaveFileName(
            self, "Save figure", str(suggested), FORMAT_FILTERS[fmt]
        )
        if not path:
            return
        if image_format(path) is None:
            path += f".{fmt}"
        self.save_in_background(path)

    def save_in_background(self, path: str | Path) -> None:
        """Write the figure to `path`, and the formats ticked under "Also save" beside it, in a
        worker thread; `job.finished` brings the outcome back (`_on_written`). Nothing is laid
        out here: the worker does it from the options as they are now (checking them, also
        when the preview has not caught up with them yet). Asked before the default title is
        worked out, it starts once the title is there (the Save button waits disabled)."""
        if self.form.title_pending():
            self._save_when_titled = Path(path)
            return
        if self.job.busy:
            return
        if not self.preview_pending() and (self._figure is None or self.problem()):
            return  # the reason is shown
        target = Path(path)
        fmts = [image_format(target) or self.form.format(), *self.form.also_formats()]
        paths = [target, *(target.with_suffix(f".{f}") for f in fmts[1:])]
        name = self.form.scope()
        try:
            self.scope.require(name)  # from the counts: the worker looks the events up
        except NkviewerError as exc:
            warn(self, "Export image", str(exc))
            return
        work = ImageWork(
            ScopeEvents(self.scope, name),
            self.form.options(self.scope.time_range(name)),
            list(zip(paths, fmts, strict=True)),
        )
        self.job.start(_write_figures, work)
        self.problem_label.setStyleSheet("")
        self.problem_label.setText(f"Saving {', '.join(p.name for p in paths)}…")
        self.problem_label.setVisible(True)
        self.progress.show()
        self._set_enabled(self._figure is not None)

    def _on_written(self, future: Future[list[Path]]) -> None:
        if not self._job_ended(future, "Export image"):
            return
        written = future.result()
        self.form.remember()
        self.settings.set_export_dir(str(written[0].parent))
        n = self.scope.count(self.form.scope())
        for path in written:
            self.message.emit(f"Saved the figure ({plural(n, 'event')}) to {path}")
        names = ", ".join(p.name for p in written)
        self.summary.setText(f"Saved {names} in {written[0].parent}")
        self.saved.emit(written)

    def done(self, result: int) -> None:
        if self.job.busy:  # closing while writing: once the files are written
            self._close_when_written = result
            return
        self._close_when_written = None
        self._save_when_titled = None
        self.preview_job.shutdown()  # a preview in flight ends on its own objects, unseen
        self.form.shutdown()  # so does a title
        self.job.shutdown()
        super().done(result)


@dataclass(frozen=True)
class PreviewWork:
    """What the preview's worker needs: the events (`ScopeEvents`), the figure's options, its
    format and DPI, and the preview's size (width, height, device pixel ratio)."""

    data: Any
    options: ImageOptions
    fmt: str
    dpi: int
    size: tuple[int, int, float]


@dataclass(frozen=True)
class PreviewResult:
    """A laid-out figure and its preview image, or why there is none (`problem`)."""

    figure: Figure | None
    image: QImage
    problem: str = ""
    raster_problem: str = ""  # why no PNG / copied image at the chosen DPI


def lay_out_preview(cancelled: Callable[[], bool], work: PreviewWork) -> PreviewResult | None:
    """Lay the figure out on a renderer of its own and draw its preview (the worker thread);
    None when a newer request superseded this one before the drawing."""
    try:
        figure = prepare_figure(_events(work.data), options=work.options, fmt=work.fmt)
        if cancelled():
            return None
        image = preview_image(figure, *work.size)
    except NkviewerError as exc:
        return PreviewResult(None, QImage(), _sentence(str(exc)))
    return PreviewResult(figure, image, raster_problem=figure.raster_problem(work.dpi))


@dataclass(frozen=True)
class ImageWork:
    """What a background image export needs: the events (a frame, or a source of its own),
    the figure's options and the files to write, each with its format."""

    data: Any
    options: ImageOptions
    files: list[tuple[Path, str]]


@dataclass(frozen=True)
class CopyWork:
    """What copying the figure needs: the events (`ScopeEvents`), its options, the DPI."""

    data: Any
    options: ImageOptions
    dpi: int


def _draw_copy(work: CopyWork) -> QImage:
    """Lay out and draw the figure for the clipboard (the worker thread, a renderer of its
    own); raises ExportError when the image would be too large."""
    figure = prepare_figure(_events(work.data), options=work.options, fmt="png")
    if problem := figure.raster_problem(work.dpi):
        raise ExportError(problem)
    return figure.image(scale=work.dpi / BASE_DPI)


def _draw_scope(scope: ExportScope, name: str, options: ImageOptions) -> QImage:
    """Edit ▸ Copy Image's work (the worker thread): the events of `scope`'s `name` — a
    dataset's selection looked up by id here, not on the window's thread (at 10^6 events that
    query was the whole turn of the action: 17-60 ms of CPU for 5,000 selected) — then the
    image, as the dialog's Copy draws it (`_draw_copy`), under the title Export Image would
    give it (`ExportScope.default_title`, one rule for both; the copy was titled with the
    corpus's name)."""
    titled = replace(options, title=scope.default_title(name, options.group_by))
    return _draw_copy(CopyWork(ScopeEvents(scope, name), titled, titled.dpi))


@dataclass(frozen=True)
class ScopeEvents:
    """The events of `scope`'s `name`, looked up by the worker that draws them (`_events`),
    never by the window's thread: a selection's look-up holds the scope's lock, which the
    title's worker holds while it looks the same events up (a dataset's: a query), and the
    whole timeline's frame is copied without its hidden column (10^5 rows)."""

    scope: ExportScope
    name: str


def _events(data: Any) -> Any:
    """What `prepare_figure` draws for a work's `data` (a `ScopeEvents`, or events given)."""
    if isinstance(data, ScopeEvents):
        data, _range = data.scope.figure_input(data.name)
    return _snapshot(data)


def _snapshot(data: Any) -> Any:
    """The events for the worker: a frame as it is (tables are replaced, never changed in
    place), a dataset through a source of its own (the window's fetches windows for the view)."""
    if isinstance(data, DatasetSource):
        return DatasetSource(data.dataset, data.filters, transform=data.transform, background=False)
    return data


def _write_figures(work: ImageWork) -> list[Path]:
    """Lay out and write each file (the worker thread: a renderer of its own per figure)."""
    written = []
    data = _events(work.data)  # once for every file
    for path, fmt in work.files:
        try:
            figure = prepare_figure(data, options=work.options, fmt=fmt)
            written.append(figure.write(path))
        except NkviewerError as exc:
            raise ExportError(f"{path.name} was not saved: {exc}") from exc
    return written


class FigureCopier(QObject):
    """Edit ▸ Copy Image: the figure of the selection (else the visible range) with the last
    export's choices, drawn in a worker thread as the dialog's Copy draws it (on the window's
    thread the whole layout and drawing held the window) and put on the clipboard when it is
    ready; `message` says what was copied, or why nothing was. The worker also looks the
    events up (`_draw_scope`): the window's thread only checks from the counts that there are
    some."""

    message = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.job = BackgroundJob("nkviewer-copy", self, short_gil_turns=True)
        self.job.finished.connect(self._on_drawn)
        self._what = ""

    def copy(self, scope: ExportScope, settings: Settings) -> None:
        """Start drawing the figure of `scope` (one at a time: a second request while one is
        drawn is told to wait)."""
        if self.job.busy:
            self.message.emit("Still copying the last figure…")
            return
        name = scope.default_scope()
        try:
            scope.require(name)  # from the counts: the events are looked up in the worker
        except NkviewerError as exc:
            self.message.emit(f"Nothing copied: {_sentence(str(exc))}")
            return
        # (titled in the worker, as the dialog titles it: `_draw_scope`)
        options = remembered_options(
            settings, group_by=scope.group_by, title="", time_range=scope.time_range(name)
        )
        self._what = "selected events" if name == "selection" else "visible range"
        self.job.start(_draw_scope, scope, name, options)
        self.message.emit(f"Copying the {self._what}…")

    @Slot(object)
    def _on_drawn(self, future: Future[QImage]) -> None:
        exc = future.exception()
        if isinstance(exc, NkviewerError):
            self.message.emit(f"Nothing copied: {_sentence(str(exc))}")
            return
        if exc is not None:  # a bug: the exception dialog, and the window goes on
            sys.excepthook(type(exc), exc, exc.__traceback__)
            return
        image = future.result()
        QGuiApplication.clipboard().setImage(image)
        self.message.emit(
            f"Copied the {self._what} as an image ({image.width():,} × {image.height():,} px)"
        )


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] if text else text


def _slug(title: str) -> str:
    return re.sub(r"[^\w.-]+", "-", title.strip(), flags=re.UNICODE).strip("-.")[:80]
