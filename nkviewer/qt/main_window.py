"""The main window: timeline in the centre, docks around it, menus, toolbar and status bar.

Built like the Qt for Python examples (create_actions / create_menus / create_tool_bars /
read_settings). The window wraps a `Session` and wires the views to it with slots; the views
never talk to each other directly.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from nkviewer import paths
from nkviewer.app import memory
from nkviewer.app.dataset import UNSUPPORTED_TIP
from nkviewer.app.selection import SelectionChange
from nkviewer.corpus.options import LoadOptions
from nkviewer.errors import NkviewerError
from nkviewer.events.table import empty_frame
from nkviewer.ingest.document import FileProblem
from nkviewer.model.source import DatasetSource, FrameSource
from nkviewer.model.timeline import PreparedModel, note_grouping, prepare
from nkviewer.model.wording import format_range, plural
from nkviewer.qt import dialogs, window_actions, window_files
from nkviewer.qt.about import AboutDialog
from nkviewer.qt.app import set_theme
from nkviewer.qt.background import LatestJob, wait_for_workers
from nkviewer.qt.event_table import EventList
from nkviewer.qt.filters import FiltersPanel
from nkviewer.qt.guard import guarded
from nkviewer.qt.loader import GeneratorFactory
from nkviewer.qt.overview import OverviewStrip
from nkviewer.qt.plain import message_box
from nkviewer.qt.problems import ProblemsPanel
from nkviewer.qt.progress import ProgressWidget
from nkviewer.qt.session import Session
from nkviewer.qt.settings import Settings
from nkviewer.qt.shortcuts_dialog import ShortcutsDialog
from nkviewer.qt.source_panel import SourcePanel
from nkviewer.qt.theme import widget_theme
from nkviewer.qt.timeline_view import TimelineView
from nkviewer.qt.window_actions import GROUP_LABELS, WindowActions

if TYPE_CHECKING:  # the image export loads when first used (see window_files.export_image)
    from concurrent.futures import Future

    import pandas as pd

    from nkviewer.qt.export_dialog import FigureCopier

__all__ = ["GROUP_LABELS", "MainWindow"]

log = logging.getLogger(__name__)

OVERVIEW_HEIGHT = 56
#: How often, once a dataset's refilter has started, the status bar checks whether it runs still
REFILTER_POLL_MS = 250


class MainWindow(WindowActions, QMainWindow):
    def __init__(
        self,
        session: Session | None = None,
        *,
        settings: Settings | None = None,
        load_options: LoadOptions | None = None,
    ) -> None:
        super().__init__()
        self.session = session or Session(self)
        self.settings = settings or Settings()
        self.load_options = load_options or LoadOptions()
        self._auto_fit = True
        #: An export asked for while a dataset's filters or edits were being applied: it opens
        #: on the state they give, once shown (`when_applied`)
        self._when_applied: Callable[[], None] | None = None
        #: The Source panel opens by itself when an event is first shown, until the user
        #: shows or hides it (then their choice holds); see `_on_current`.
        self._source_auto = True
        self._source_auto_change = False
        self._shortcuts: ShortcutsDialog | None = None
        #: Edit ▸ Copy Image's worker, made when first used (`window_files.copy_image`)
        self.copier: FigureCopier | None = None
        #: A large table's new grouping is laid out in a worker (`_on_group_combo`); the
        #: timeline shows the grouping it has (`_drawn_group`) until the new one lands.
        self._grouping = LatestJob("nkviewer-grouping", self)
        self._grouping.finished.connect(self._on_grouped)
        self._drawn_group = ""
        self._group_asked: tuple[object, str] | None = None  # (table, grouping) in the worker
        self._reveal_asked = ""  # a dataset's event to bring into view once looked up
        self.setWindowTitle("nkviewer")
        self.setAcceptDrops(True)
        self.setDockOptions(
            QMainWindow.DockOption.AnimatedDocks
            | QMainWindow.DockOption.AllowTabbedDocks
            | QMainWindow.DockOption.AllowNestedDocks
        )
        self.create_central()
        self.create_docks()
        self.create_actions()
        self.create_menus()
        self.create_tool_bars()
        self.create_status_bar()
        self.create_context_menus()
        self.connect_session()
        self.read_settings()
        theme = widget_theme(self)
        self.timeline.set_theme(theme)
        self.overview.set_theme(theme)

    # ------------------------------------------------------------------ construction

    def create_central(self) -> None:
        self.timeline = TimelineView()
        self.overview = OverviewStrip()
        self.overview.setFixedHeight(OVERVIEW_HEIGHT)
        self.timeline.installEventFilter(self)
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.timeline, 1)
        lay.addWidget(self.overview)
        welcome = QWidget()
        wl = QVBoxLayout(welcome)
        wl.addStretch(2)
        hint = QLabel(
            "<h2>No corpus open</h2>Open a folder of articles (.txt, .md, .html, .csv, .jsonl…)"
            " or an event dataset made by <tt>nkviewer extract --engine dask</tt>,"
            " or drop files and folders onto this window."
        )
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setWordWrap(True)
        wl.addWidget(hint)
        button = QPushButton("Open Folder…")
        button.setFixedWidth(160)
        button.clicked.connect(self.open_folder)
        wl.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        wl.addStretch(3)
        self.central = QStackedWidget()
        self.central.addWidget(welcome)
        self.central.addWidget(page)
        self.setCentralWidget(self.central)

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)  # restoreState() matches docks by object name
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def create_docks(self) -> None:
        s = self.session
        self.filters_panel = FiltersPanel(s)
        self.source_panel = SourcePanel(s)
        self.event_list = EventList(s)
        self.problems_panel = ProblemsPanel(s)
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        self.filters_dock = self._dock("Filters", "filters", self.filters_panel, left)
        self.source_dock = self._dock("Source", "source", self.source_panel, right)
        self.events_dock = self._dock("Events", "events", self.event_list, bottom)
        self.problems_dock = self._dock("Problems", "problems", self.problems_panel, bottom)
        self.source_dock.toggleViewAction().triggered.connect(self._source_chosen)
        self.source_dock.visibilityChanged.connect(self._source_visibility)
        self.tabifyDockWidget(self.events_dock, self.problems_dock)
        self.events_dock.raise_()
        self.resizeDocks(
            [self.filters_dock, self.source_dock], [250, 460], Qt.Orientation.Horizontal
        )
        self.resizeDocks([self.events_dock], [230], Qt.Orientation.Vertical)

    def create_actions(self) -> None:
        window_actions.create_actions(self)

    def create_menus(self) -> None:
        window_actions.create_menus(self)

    def create_tool_bars(self) -> None:
        window_actions.create_tool_bars(self)

    def create_context_menus(self) -> None:
        window_actions.create_context_menus(self)

    def create_status_bar(self) -> None:
        bar = self.statusBar()
        self.progress = ProgressWidget()
        self.progress.cancelRequested.connect(self.session.cancel)
        self.docs_label = QLabel()
        self.events_label = QLabel()
        self.range_label = QLabel()
        self.selected_label = QLabel()
        # shown while a dataset's filters or edits take longer than a moment to apply
        self.refilter_label = QLabel("Applying filters…")
        self.refilter_label.setVisible(False)
        self._refilter_poll = QTimer(self)
        self._refilter_poll.setInterval(REFILTER_POLL_MS)
        self._refilter_poll.timeout.connect(self._show_refiltering)
        labels = (
            self.progress,
            self.refilter_label,
            self.selected_label,
            self.docs_label,
            self.events_label,
        )
        for w in (*labels, self.range_label):
            if isinstance(w, QLabel):
                w.setContentsMargins(6, 0, 6, 0)
            bar.addPermanentWidget(w)
        self._update_counts()

    def connect_session(self) -> None:
        s = self.session
        s.corpusOpened.connect(self._on_corpus_opened)
        s.refilterStarted.connect(self._refilter_poll.start)
        s.eventsChanged.connect(self._on_events_changed)
        s.filteredChanged.connect(self._on_filtered)
        s.currentChanged.connect(self._on_current)
        s.documentsChanged.connect(self._update_counts)
        s.recordRead.connect(self._on_record_read)
        s.problemsAdded.connect(self._on_problems)
        s.loadingChanged.connect(self.progress.set_loading)
        s.loadingChanged.connect(self._on_loading)
        s.progressed.connect(self.progress.update_progress)
        s.failed.connect(self._on_failed)
        s.message.connect(self._show_message)
        self.event_list.zoomRequested.connect(self.timeline.zoom_to_selection)
        # the timeline draws and changes the session's selection itself: nothing to relay
        self.timeline.set_selection_model(s.selection_model)
        self.destroyed.connect(s.selection_model.subscribe(self._on_selection_change))
        self.timeline.rangeChanged.connect(self._on_range)
        self.overview.rangeRequested.connect(self._on_overview_range)
        self._on_loading(False)

    # ------------------------------------------------------------------ settings

    def read_settings(self) -> None:
        geometry = self.settings.geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1500, 940)
        state = self.settings.window_state()
        if state is not None:
            self.restoreState(state)
        self.set_group_by(self.settings.group_by())
        theme = self.settings.theme()
        for act in self.theme_actions.actions():
            act.setChecked(act.data() == theme)

    def write_settings(self) -> None:
        self.settings.save_window(self.saveGeometry(), self.saveState())
        self.settings.set_group_by(self.group_by())
        self.settings.sync()

    # ------------------------------------------------------------------ opening

    # ------------------------------------------------------------------ opening

    def open_paths(
        self, inputs: Sequence[str | Path], *, factory: GeneratorFactory | None = None
    ) -> None:
        """Open a corpus (folders and/or files) or an event dataset and remember it in Recent.

        `factory` replaces the pipeline (tests feed hand-made batches through it).
        """
        window_files.open_paths(self, inputs, factory=factory)

    @Slot()
    def open_folder(self) -> None:
        window_files.open_folder(self)

    @Slot()
    def open_files(self) -> None:
        window_files.open_files(self)

    @Slot()
    def reload(self) -> None:
        self.session.reload()

    @Slot(list)
    def _open_recent(self, paths: list[str]) -> None:
        self.open_paths(paths)

    @guarded()
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        window_files.accept_drag(event)

    @guarded()
    def dropEvent(self, event: QDropEvent) -> None:
        window_files.open_dropped(self, event)

    # ------------------------------------------------------------------ session → views

    def when_applied(self, action: Callable[[], None]) -> None:
        """Run `action` (an export) on what the window shows: at once, or, while a dataset's
        new filters or edits are still applied in the background, as soon as they are shown,
        so that an event just hidden is never exported; the window does not wait meanwhile.
        A later request replaces a waiting one; opening another corpus, or the refilter
        failing (the status bar says so), drops it."""
        if not self.session.refiltering:
            action()
            return
        self._when_applied = action
        self._show_message("Applying filters… the export opens once they are applied")

    @Slot()
    def take_focus_back(self) -> None:
        """After a dialog of this window closed (connected to its `finished`): the window is
        made active again if no window is. A window manager does that; without one (Xvfb, some
        kiosk set-ups) the window stayed inactive and its shortcuts, Ctrl+Q among them, did
        nothing until a click. (Not an application-wide focusChanged handler: that one is also
        called while a window's widgets are destroyed.)"""
        if self.isVisible() and QApplication.activeWindow() is None:
            self.activateWindow()

    def _run_when_applied(self) -> None:
        action, self._when_applied = self._when_applied, None
        if action is not None:
            QTimer.singleShot(0, action)  # after the signal that brought the new state

    @Slot()
    def _on_corpus_opened(self) -> None:
        self._when_applied = None
        # A new corpus is fitted once, when its events are shown; set here, when it is opened
        # (the edits are read in a worker first), not when it was asked for: the previous
        # corpus, refiltered meanwhile, would use the fit up.
        self._auto_fit = True
        self._update_reload()
        # The previous corpus is closed already: never draw its sources again (their queries
        # would fail on its closed dataset). A dataset's first refilter (started next) runs in
        # the background and brings the sources to draw (`_on_filtered`, `_on_events_changed`);
        # until then the views are empty rather than reading the new dataset's lanes here.
        source = self.session.timeline_source()
        if isinstance(source, DatasetSource):
            # the grouping drawn, so that the first refilter's worker makes its lanes and
            # histogram (a new dataset's sources knew "country" only: by actor or source the
            # window's thread made them when the refilter landed, 58-92 ms at 10^5 events)
            source.drawn_by(self.group_by())
            nothing = FrameSource(empty_frame())
            self.overview.set_source(nothing)
            self.timeline.set_source(nothing)
        else:
            self.overview.set_source(self.session.overview_source())
            self.timeline.set_source(self.session.timeline_source())
        self.central.setCurrentIndex(1)
        if self._source_auto and not self.session.current:
            # Nothing to read yet: the timeline gets the room until an event is chosen.
            self._set_source_shown(False)
        self._update_counts()

    @Slot(str)
    def _on_current(self, event_id: str) -> None:
        if event_id and self._source_auto:
            self._set_source_shown(True)

    def _set_source_shown(self, shown: bool) -> None:
        if self.source_dock.isVisible() == shown or self.source_dock.isFloating():
            return
        self._source_auto_change = True
        try:
            self.source_dock.setVisible(shown)
            if shown:
                self.resizeDocks(
                    [self.source_dock],
                    [max(380, self.width() * 3 // 10)],
                    Qt.Orientation.Horizontal,
                )
        finally:
            self._source_auto_change = False

    @Slot(bool)
    def _source_chosen(self, _checked: bool) -> None:
        self._source_auto = False  # View ▸ Panels ▸ Source: the user decides from now on

    @Slot(bool)
    def _source_visibility(self, visible: bool) -> None:
        closed = not visible and not self.source_dock.isVisible()
        if closed and not self._source_auto_change and self.isVisible() and self.session.current:
            self._source_auto = False  # closed by the user while showing an event

    @Slot()
    def _on_events_changed(self) -> None:
        self.overview.set_source(self.session.overview_source())

    @Slot()
    def _on_filtered(self) -> None:
        self.timeline.set_source(self.session.timeline_source())
        if self._auto_fit and self.session.shown_count():
            # A new corpus: fit once; the timeline keeps fitting as batches arrive until the
            # user zooms or pans.
            self._auto_fit = False
            self.timeline.fit_all()
        self._update_counts()
        if self._when_applied is not None and not self.session.refiltering:
            self._run_when_applied()

    def _on_selection_change(self, change: SelectionChange) -> None:
        """The actions follow the selection; one event chosen elsewhere (the list) is brought
        into view, while the timeline's own clicks and keys, and the filters pruning the
        selection, leave the view where it is."""
        if not change.selection:
            return
        self._update_actions()
        if change.origin not in (self.timeline, self.session):
            ids = self.session.selection
            if len(ids) == 1:
                self._reveal(ids[0])

    @Slot(bool)
    def _on_loading(self, loading: bool) -> None:
        self.timeline.set_empty_text(
            "Reading the corpus… events appear here as they are found"
            if loading
            else "No events to show"
        )
        self.cancel_act.setEnabled(loading)
        self._update_reload()
        self._update_counts()

    def _update_reload(self) -> None:
        # a dataset opens without loading: its corpusOpened enables Reload too
        self.reload_act.setEnabled(bool(self.session.inputs) and not self.session.loading)

    @Slot(object)
    def _on_problems(self, problems: list[FileProblem]) -> None:
        if problems and self.problems_panel.count() == len(problems):
            self.problems_dock.show()
            self.problems_dock.raise_()
        n = self.problems_panel.count()
        self._show_message(f"{n} file(s) could not be read — see the Problems panel")

    @Slot(object)
    def _on_failed(self, exc: object) -> None:
        if isinstance(exc, NkviewerError):
            box = message_box(self, "nkviewer", str(exc))
            box.setWindowModality(Qt.WindowModality.WindowModal)
            box.open()
        elif isinstance(exc, BaseException):
            sys.excepthook(type(exc), exc, exc.__traceback__)

    @Slot(str)
    def _show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    @Slot()
    def _show_refiltering(self) -> None:
        """While a dataset's refilter runs (polled from its first `REFILTER_POLL_MS` on, so a
        quick one shows nothing), say so in the status bar; the previous state stays drawn."""
        busy = self.session.refiltering
        self.refilter_label.setVisible(busy)
        if busy:
            return
        self._refilter_poll.stop()
        if self._when_applied is not None:
            # over without new filters shown (a shown refilter runs the export at once,
            # `_on_filtered`): its query failed, and the window still shows the old state
            self._when_applied = None
            self._show_message(
                "The filters could not be applied (the error is in the log): "
                "the export was not opened"
            )

    def _update_counts(self) -> None:
        s = self.session
        self.docs_label.setText(plural(s.document_count(), "document"))
        total, shown = s.event_count(), s.shown_count()
        self.events_label.setText(
            f"{shown:,} of {plural(total, 'event')}" if shown != total else plural(total, "event")
        )
        for act in (
            self.zoom_in_act,
            self.zoom_out_act,
            self.fit_act,
            self.fit_every_act,
            self.select_all_act,
        ):
            act.setEnabled(shown > 0)
        self.prev_act.setEnabled(shown > 0)
        self.next_act.setEnabled(shown > 0)
        self.export_events_act.setEnabled(shown > 0)
        self.export_image_act.setEnabled(shown > 0)
        self._update_actions()

    def _update_actions(self) -> None:
        sel = self.session.selection
        self.selected_label.setText(f"{len(sel):,} selected" if sel else "")
        self.selected_label.setVisible(bool(sel))
        one = len(sel) == 1
        hidden = self.session.store.hidden
        self.hide_act.setEnabled(bool(sel) and not hidden.issuperset(sel))
        self.unhide_act.setEnabled(not hidden.isdisjoint(sel))
        self.edit_title_act.setEnabled(one)
        self.edit_date_act.setEnabled(one and self.session.supports("dates"))
        tip = "Correct the event's date" if self.session.supports("dates") else UNSUPPORTED_TIP
        self.edit_date_act.setToolTip(tip)
        self.edit_date_act.setStatusTip(tip)
        self.zoom_sel_act.setEnabled(bool(sel))

    # ------------------------------------------------------------------ views → session

    def _reveal(self, event_id: str) -> None:
        """Pan the timeline (same zoom) so that the event is in view, if it is not. A dataset's
        event not at hand is looked up in the background first (`_on_record_read`)."""
        if not self.session.record_at_hand(event_id):
            self._reveal_asked = event_id
            self.session.request_record(event_id)
            return
        self._reveal_asked = ""
        record = self.session.record(event_id)
        if record is None:
            return
        t0, t1 = self.timeline.visible_range()
        a, b = float(record["t0"]), float(record["t1"])
        if b > t0 and a < t1:
            return
        half = (t1 - t0) / 2
        middle = (a + min(b, a + 2 * half)) / 2
        self.timeline.set_visible_range(middle - half, middle + half)

    @Slot(str)
    def _on_record_read(self, event_id: str) -> None:
        """A record looked up landed: the event asked to be revealed is, if it is still the
        one selected."""
        if event_id and event_id == self._reveal_asked:
            self._reveal_asked = ""
            if self.session.selection == [event_id]:
                self._reveal(event_id)

    @Slot(float, float)
    def _on_range(self, t0: float, t1: float) -> None:
        self.session.set_view_range(t0, t1)
        self.overview.set_visible_range(t0, t1)
        self.range_label.setText(format_range(t0, t1))
        self._align_overview()

    def _align_overview(self) -> None:
        """Line the overview's plot up with the timeline's (right of the lane headers)."""
        w = self.timeline.width()
        g = self.timeline.renderer().geometry(w, self.timeline.height())
        self.overview.set_margins(g.plot.left(), w - g.plot.right())

    @guarded(default=False)
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.timeline and event.type() == QEvent.Type.Resize:
            self._align_overview()
        return super().eventFilter(watched, event)

    @Slot(float, float)
    def _on_overview_range(self, t0: float, t1: float) -> None:
        self.timeline.set_visible_range(t0, t1)

    # ------------------------------------------------------------------ commands

    @Slot()
    def fit_all(self) -> None:
        self.timeline.fit_all()

    @Slot()
    def select_all_in_view(self) -> None:
        if not self.timeline.select_all_in_view():
            source = self.session.timeline_source()
            in_view = self.timeline.visible_range()
            n = source.visible_count(*in_view) if isinstance(source, DatasetSource) else 0
            self._show_message(
                f"{n:,} events in view are shown as counts: zoom in to select them one by one"
            )

    def group_by(self) -> str:
        return str(self.group_combo.currentData() or "country")

    def set_group_by(self, mode: str) -> None:
        index = self.group_combo.findData(mode)
        if index >= 0:
            self.group_combo.setCurrentIndex(index)
            self._on_group_combo(index)

    @Slot(int)
    def _on_group_combo(self, index: int) -> None:
        mode = str(self.group_combo.itemData(index) or "country")
        for act in self.group_actions.actions():
            act.setChecked(act.data() == mode)
        self._regroup(mode)

    def _regroup(self, mode: str) -> None:
        """Draw the timeline grouped by `mode`: at once for a small table (or one an edit's
        worker prepared for it); for an in-memory table of `BACKGROUND_EVENTS` events or more,
        its columns, lanes and model are made in a worker (`timeline.prepare`, as an edit's
        are), and for a dataset its lanes, day histogram and the model of its window of events
        (`DatasetSource.regroup`, a query), while the previous grouping stays shown."""
        source = self.session.timeline_source()
        prepared = source.prepared if isinstance(source, FrameSource) else None
        ready = prepared is not None and prepared.has(mode)  # made with an edit's table
        table = _laid_out(source)
        if mode == self._drawn_group or table is None or ready:
            self._grouping.cancel()
            self._group_asked = None
            self._show_group(mode, prepared)
            return
        asked = self._group_asked
        if asked is not None and asked[0] is table and asked[1] == mode:
            return  # asked already (the combo and the menu both report a choice)
        self._group_asked = (table, mode)
        if not isinstance(table, DatasetSource):
            note_grouping(self._drawn_group, asked=mode)  # an edit meanwhile prepares it too
        self._grouping.request(_grouped, table, mode)

    def _show_group(self, mode: str, prepared: PreparedModel | None = None) -> None:
        self._drawn_group = mode
        note_grouping(mode)
        self.timeline.set_group_by(mode, prepared=prepared)

    @Slot(object)
    def _on_grouped(self, future: Future[PreparedModel | None]) -> None:
        asked, self._group_asked = self._group_asked, None
        if asked is None:
            return
        table, mode = asked
        if _laid_out(self.session.timeline_source()) is not table:
            # the table, or the dataset's filter, changed meanwhile (a dataset's source may
            # have been closed under the worker): lay the new one out
            self._regroup(mode)
            return
        if future.exception() is not None:  # drawn anyway: the model is made here instead
            log.error("laying out the grouping failed", exc_info=future.exception())
        self._show_group(mode, None if future.exception() is not None else future.result())

    @property
    def grouping_pending(self) -> bool:
        """Whether a new grouping is being laid out in the background (the previous shown)."""
        return self._group_asked is not None

    @Slot(QAction)
    def _on_group_action(self, action: QAction) -> None:
        self.set_group_by(str(action.data()))

    @Slot(QAction)
    def _on_theme_action(self, action: QAction) -> None:
        choice = str(action.data())
        self.settings.set_theme(choice)
        set_theme(choice)

    @guarded()
    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "timeline"):
            theme = widget_theme(self)
            self.timeline.set_theme(theme)
            self.overview.set_theme(theme)

    @Slot()
    def focus_search(self) -> None:
        self.filters_dock.show()
        self.filters_dock.raise_()
        self.filters_panel.focus_search()

    @Slot()
    def hide_selected(self) -> None:
        self.session.hide(self.session.selection, True)

    @Slot()
    def unhide_selected(self) -> None:
        self.session.hide(self.session.selection, False)

    def _single(self) -> dict[str, Any] | None:
        """The record of the one event selected; None if not exactly one is, or while a
        dataset's event is still looked up in the background (the status bar says so)."""
        sel = self.session.selection
        if len(sel) != 1:
            return None
        if not self.session.record_at_hand(sel[0]):
            self.session.request_record(sel[0])
            self._show_message("Reading the event… try again once the Source panel shows it")
            return None
        return self.session.record(sel[0])

    @Slot()
    def edit_title(self) -> None:
        record = self._single()
        if record is not None:
            self._show_message(dialogs.ask_title(self, self.session, record))

    @Slot()
    def edit_date(self) -> None:
        record = self._single()
        if record is not None:
            self._show_message(dialogs.ask_date(self, self.session, record))

    @Slot()
    def export_events(self) -> None:
        window_files.export_events(self)

    @Slot()
    def export_image(self) -> None:
        window_files.export_image(self)

    @Slot()
    def about(self) -> None:
        AboutDialog(self, model=self.load_options.model).exec()
        self.take_focus_back()

    @Slot()
    def show_shortcuts(self) -> None:
        """Help ▸ Keyboard Shortcuts (non-modal; one dialog, raised when already open)."""
        if self._shortcuts is None:
            self._shortcuts = ShortcutsDialog(self.menuBar(), self)
            self._shortcuts.finished.connect(self.take_focus_back)
        self._shortcuts.show()
        self._shortcuts.raise_()
        self._shortcuts.activateWindow()

    @Slot()
    def open_log_folder(self) -> None:
        folder = paths.log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # ------------------------------------------------------------------ closing

    @guarded()
    def closeEvent(self, event: QCloseEvent) -> None:
        """Save the layout, hide at once, then wait for the loader to stop at its next batch
        and for exports being written in the background to finish (no half-written file)."""
        self.write_settings()
        self.session.cancel()
        self.hide()
        self._grouping.shutdown()
        wait_for_workers()
        self.session.shutdown()
        event.accept()


def _laid_out(source: FrameSource | DatasetSource) -> pd.DataFrame | DatasetSource | None:
    """What a new grouping of `source` lays out in the grouping worker: a dataset's source, an
    in-memory table of `BACKGROUND_EVENTS` events or more; None for a smaller table (at once)."""
    if isinstance(source, DatasetSource):
        return source
    frame = source.frame
    return frame if len(frame) >= memory.BACKGROUND_EVENTS else None


def _grouped(
    cancelled: Callable[[], bool], table: pd.DataFrame | DatasetSource, mode: str
) -> PreparedModel | None:
    """In the grouping worker: a dataset's lanes, histogram and window model by `mode`, kept
    by its source (where the timeline takes them); an in-memory table's columns, lanes and
    model, handed with the outcome to the timeline (`TimelineModel.from_frame`)."""
    if cancelled():
        return None
    if isinstance(table, DatasetSource):
        table.regroup(mode, cancelled)
        return None
    return prepare(table, [mode])
