"""Opening corpora and datasets, and exporting, for the main window (its File menu).

File > Open Folder / Open Files, Recent, drag and drop and the command line all end in
`open_paths`; a folder holding an event dataset opens lazily (the session tells them apart).
Export Image / Export Events open their dialogs (`export_dialog`, `export_events_dialog`) on a
snapshot of the window (`ExportScope`), once a dataset's filters and edits in flight are applied
(`MainWindow.when_applied`); a dataset's events are streamed, never loaded whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QDialog, QFileDialog

from nkviewer import paths
from nkviewer.ingest.discover import FORMATS
from nkviewer.qt.export_events_dialog import ExportEventsDialog
from nkviewer.qt.export_scope import ExportScope
from nkviewer.qt.plain import warn

if TYPE_CHECKING:
    from nkviewer.qt.loader import GeneratorFactory
    from nkviewer.qt.main_window import MainWindow


def open_paths(
    w: MainWindow, inputs: Sequence[str | Path], *, factory: GeneratorFactory | None = None
) -> None:
    """Open a corpus (folders and/or files) and remember it in Recent.

    `factory` replaces the pipeline (tests feed hand-made batches through it).
    """
    resolved = [str(Path(p).expanduser().resolve()) for p in inputs]
    missing = [p for p in resolved if not Path(p).exists()]
    if missing:
        warn(w, "nkviewer", "Not found:\n" + "\n".join(missing))
        return
    w.session.open(resolved, options=w.load_options, factory=factory)
    w.settings.add_recent(resolved)
    # Open Folder / Open Files start beside this corpus next time (its folder's parent).
    w.settings.set_open_dir(str(Path(resolved[0]).parent))
    name = Path(resolved[0]).name + (f" and {len(resolved) - 1} more" if len(resolved) > 1 else "")
    w.setWindowTitle(f"{name} — nkviewer")
    w.setWindowFilePath(resolved[0])


def open_folder(w: MainWindow) -> None:
    folder = QFileDialog.getExistingDirectory(
        w, "Open a folder of articles or an event dataset", w.settings.open_dir()
    )
    if folder:
        w.open_paths([folder])


def open_files(w: MainWindow) -> None:
    files, _ = QFileDialog.getOpenFileNames(
        w,
        "Open articles",
        w.settings.open_dir(),
        f"Articles ({' '.join('*' + ext for ext in FORMATS)});;All files (*)",
    )
    if files:
        w.open_paths(files)


def open_sample(w: MainWindow) -> None:
    """Help ▸ Open Sample Corpus: the bundled articles, whatever was opened last."""
    seeds = paths.sample_corpus()
    if seeds is None:
        warn(w, "nkviewer", "This installation has no sample corpus.")
        return
    w.open_paths([seeds])


def accept_drag(event: QDragEnterEvent) -> None:
    """Accept a drag of local files and folders."""
    urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
    if urls and all(u.isLocalFile() for u in urls):
        event.acceptProposedAction()


def open_dropped(w: MainWindow, event: QDropEvent) -> None:
    """Open what was dropped onto the window."""
    files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
    if files:
        event.acceptProposedAction()
        w.open_paths(files)


def export_events(w: MainWindow) -> None:
    """File > Export Events…: the selection or the current filter, in a format chosen."""
    w.when_applied(lambda: _open(w, ExportEventsDialog(ExportScope.from_window(w), w.settings, w)))


def export_image(w: MainWindow) -> None:
    """File > Export Image…: the dialog with a live preview (window-modal, not blocking)."""
    # the image export (its writers, SVG fonts, XML: about 0.1 s) loads when first used, not
    # before the window shows
    from nkviewer.qt.export_dialog import ExportImageDialog

    w.when_applied(lambda: _open(w, ExportImageDialog(ExportScope.from_window(w), w.settings, w)))


def copy_image(w: MainWindow) -> None:
    """Edit > Copy Image: the figure of the selection (else the visible range) with the last
    export's choices, onto the clipboard."""
    from nkviewer.qt.export_dialog import FigureCopier  # as in export_image: when first used

    if w.copier is None:
        w.copier = FigureCopier(w)  # drawn in its worker thread, on the clipboard when ready
        w.copier.message.connect(w._show_message)
    copier = w.copier
    w.when_applied(lambda: copier.copy(ExportScope.from_window(w), w.settings))


def _open(w: MainWindow, dialog: QDialog) -> None:
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.message.connect(w._show_message)  # type: ignore[attr-defined]
    dialog.finished.connect(w.take_focus_back)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.open()
