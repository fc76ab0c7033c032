"""The main window's actions, menus, toolbar and context menus.

Built like the Qt for Python examples: `create_actions` makes every QAction with its standard
shortcut and tip, `create_menus` and `create_tool_bars` place them, `create_context_menus` offers
the selection's actions on right-click. The slots they call are the window's.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QToolBar

from nkviewer.qt import window_files
from nkviewer.qt.recent import RecentMenu
from nkviewer.qt.settings import GROUP_BY

if TYPE_CHECKING:
    from nkviewer.qt.main_window import MainWindow

log = logging.getLogger(__name__)

#: Set on actions whose shortcuts are a platform's standard keys (QKeySequence.StandardKey):
#: their list differs by platform (on X11, Delete also means Ctrl+D), so they give way.
STANDARD = "nkviewer-standard-shortcut"

GROUP_LABELS = {"country": "Country", "actor": "Actor", "source": "Source", "none": "None"}


class WindowActions:
    """What `create_actions`, `create_menus` and `create_tool_bars` add to the window (a base
    class of `MainWindow` that declares them)."""

    about_act: QAction
    cancel_act: QAction
    clear_filters_act: QAction
    copy_image_act: QAction
    edit_date_act: QAction
    edit_title_act: QAction
    export_events_act: QAction
    export_image_act: QAction
    find_act: QAction
    fit_act: QAction
    fit_every_act: QAction
    hide_act: QAction
    log_act: QAction
    shortcuts_act: QAction
    next_act: QAction
    open_files_act: QAction
    open_folder_act: QAction
    open_sample_act: QAction
    prev_act: QAction
    quit_act: QAction
    redo_act: QAction
    reload_act: QAction
    select_all_act: QAction
    show_hidden_act: QAction
    undo_act: QAction
    unhide_act: QAction
    zoom_in_act: QAction
    zoom_out_act: QAction
    zoom_sel_act: QAction
    group_actions: QActionGroup
    theme_actions: QActionGroup
    group_combo: QComboBox
    recent_menu: RecentMenu
    toolbar: QToolBar


def _action(
    w: MainWindow,
    text: str,
    slot: Any,
    shortcut: QKeySequence.StandardKey | str | Sequence[str] | None = None,
    tip: str = "",
    *,
    checkable: bool = False,
) -> QAction:
    action = QAction(text, w)
    if isinstance(shortcut, QKeySequence.StandardKey):
        action.setShortcuts(shortcut)
        action.setProperty(STANDARD, True)
    elif isinstance(shortcut, str):
        action.setShortcut(QKeySequence(shortcut))
    elif shortcut:
        action.setShortcuts([QKeySequence(k) for k in shortcut])
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    action.setCheckable(checkable)
    action.triggered.connect(slot)
    return action


def create_actions(w: MainWindow) -> None:
    K = QKeySequence.StandardKey
    a = functools.partial(_action, w)
    w.open_folder_act = a("Open &Folder…", w.open_folder, K.Open, "Open a folder of articles")
    w.open_files_act = a("Open F&iles…", w.open_files, "Ctrl+Shift+O", "Open article files")
    w.reload_act = a("&Reload", w.reload, K.Refresh, "Read the corpus again")
    w.cancel_act = a("&Cancel Loading", w.session.cancel, None, "Stop loading")
    w.export_image_act = a(
        "Export &Image…",
        w.export_image,
        "Ctrl+E",
        "Save the selection, the visible range or the whole timeline as a PNG, SVG or PDF figure",
    )
    w.export_events_act = a(
        "Export &Events…",
        w.export_events,
        "Ctrl+Shift+E",
        "Save the selected or filtered events as CSV, JSON Lines, JSON, Parquet, TimelineJS or"
        " an HTML report",
    )
    w.copy_image_act = a(
        "&Copy Image",
        functools.partial(window_files.copy_image, w),
        "Ctrl+Shift+C",
        "Copy the figure of the selection (else of the visible range) as an image, with the"
        " last Export Image choices",
    )
    w.copy_image_act.setEnabled(w.export_image_act.isEnabled())
    w.export_image_act.enabledChanged.connect(w.copy_image_act.setEnabled)
    w.quit_act = a("&Quit", w.close, K.Quit, "Quit nkviewer")
    stack = w.session.undo_stack
    w.undo_act = stack.createUndoAction(w, "&Undo")
    w.undo_act.setShortcuts(QKeySequence.StandardKey.Undo)
    w.undo_act.setProperty(STANDARD, True)
    w.redo_act = stack.createRedoAction(w, "&Redo")
    w.redo_act.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    w.hide_act = a(
        "&Hide Selected Events",
        w.hide_selected,
        K.Delete,
        "Hide the selected events from the timeline (undoable)",
    )
    w.unhide_act = a(
        "U&nhide Selected Events",
        w.unhide_selected,
        "Shift+Del",
        "Show hidden events again (turn on View ▸ Show Hidden Events first)",
    )
    w.edit_title_act = a("Edit &Title…", w.edit_title, "F2", "Correct the event's title")
    w.edit_date_act = a("Edit &Date…", w.edit_date, "Ctrl+D", "Correct the event's date")
    w.select_all_act = a("Select &All in View", w.select_all_in_view, K.SelectAll)
    w.find_act = a("&Find…", w.focus_search, K.Find, "Search titles and sentences")
    w.clear_filters_act = a("C&lear Filters", w.filters_panel.clear, "Ctrl+Shift+L")
    w.zoom_in_act = a("Zoom &In", w.timeline.zoom_in, ["Ctrl++", "Ctrl+="], "Zoom in")
    w.zoom_out_act = a("Zoom &Out", w.timeline.zoom_out, "Ctrl+-", "Zoom out")
    w.fit_act = a(
        "&Fit to Events",
        w.fit_all,
        "Ctrl+0",
        "Fit the view to where the events are (the central 95 %; outliers are marked at the edges)",
    )
    w.fit_every_act = a(
        "Fit &All Events", w.timeline.fit_all_events, "Ctrl+Alt+0", "Show every event, outliers too"
    )
    w.zoom_sel_act = a("Zoom to &Selection", w.timeline.zoom_to_selection, "Ctrl+Shift+0")
    # ← / → belong to the timeline (Shift pans): shown in the menu, handled by the widget.
    w.prev_act = a("&Previous Event\t←", w.timeline.select_previous)
    w.next_act = a("&Next Event\t→", w.timeline.select_next)
    w.show_hidden_act = a(
        "Show &Hidden Events", w.session.set_show_hidden, "Ctrl+H", checkable=True
    )
    w.group_actions = QActionGroup(w)
    for mode in GROUP_BY:
        act = QAction(GROUP_LABELS[mode], w.group_actions)
        act.setCheckable(True)
        act.setData(mode)
    w.group_actions.triggered.connect(w._on_group_action)
    w.theme_actions = QActionGroup(w)
    for choice in ("system", "light", "dark"):
        act = QAction(choice.capitalize(), w.theme_actions)
        act.setCheckable(True)
        act.setData(choice)
    w.theme_actions.triggered.connect(w._on_theme_action)
    w.shortcuts_act = a(
        "&Keyboard Shortcuts", w.show_shortcuts, "F1", "The shortcuts of the menus and timeline"
    )
    w.open_sample_act = a(
        "Open &Sample Corpus",
        functools.partial(window_files.open_sample, w),
        None,
        "Open the articles that come with nkviewer",
    )
    w.about_act = a("&About nkviewer", w.about)
    w.log_act = a("Open &Log Folder", w.open_log_folder)
    settle_shortcuts(w.findChildren(QAction))


def settle_shortcuts(actions: Iterable[QAction]) -> None:
    """No key sequence bound twice in one window, on any platform.

    A platform's standard sequences are more than the key named (on X11 the standard Delete is
    Del *and* Ctrl+D, which Edit Date has); two actions holding one sequence make Qt report an
    "ambiguous shortcut" and run neither. Explicit shortcuts win; a standard action drops the
    platform's extra sequences that another action claims (and a repeat within standard ones).
    """
    actions = list(actions)
    taken = {
        seq.toString()
        for act in actions
        if not act.property(STANDARD)
        for seq in act.shortcuts()
        if not seq.isEmpty()
    }
    for act in actions:
        if not act.property(STANDARD):
            continue
        kept = []
        for seq in act.shortcuts():
            key = seq.toString()
            if seq.isEmpty() or key in taken:
                log.debug("%r: standard shortcut %s left to another action", act.text(), key)
                continue
            taken.add(key)
            kept.append(seq)
        act.setShortcuts(kept)


def create_menus(w: MainWindow) -> None:
    bar = w.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addActions([w.open_folder_act, w.open_files_act])
    w.recent_menu = RecentMenu(w.settings, w)
    w.recent_menu.openRequested.connect(w._open_recent)
    file_menu.addMenu(w.recent_menu)
    file_menu.addAction(w.reload_act)
    file_menu.addAction(w.cancel_act)
    file_menu.addSeparator()
    file_menu.addActions([w.export_image_act, w.export_events_act])
    file_menu.addSeparator()
    file_menu.addAction(w.quit_act)

    edit = bar.addMenu("&Edit")
    edit.addActions([w.undo_act, w.redo_act])
    edit.addSeparator()
    edit.addAction(w.copy_image_act)
    edit.addSeparator()
    edit.addActions([w.hide_act, w.unhide_act, w.edit_title_act, w.edit_date_act])
    edit.addSeparator()
    edit.addActions([w.select_all_act, w.find_act, w.clear_filters_act])

    view = bar.addMenu("&View")
    view.addActions([w.zoom_in_act, w.zoom_out_act, w.fit_act, w.fit_every_act, w.zoom_sel_act])
    view.addSeparator()
    view.addActions([w.prev_act, w.next_act])
    view.addSeparator()
    group = view.addMenu("&Group By")
    group.addActions(w.group_actions.actions())
    view.addAction(w.show_hidden_act)
    theme = view.addMenu("&Theme")
    theme.addActions(w.theme_actions.actions())
    view.addSeparator()
    panels = view.addMenu("&Panels")
    for dock in (w.filters_dock, w.source_dock, w.events_dock, w.problems_dock):
        panels.addAction(dock.toggleViewAction())

    help_menu = bar.addMenu("&Help")
    help_menu.addActions([w.shortcuts_act, w.open_sample_act, w.log_act, w.about_act])


def create_tool_bars(w: MainWindow) -> None:
    tb = w.addToolBar("Main")
    tb.setObjectName("main-toolbar")
    tb.setMovable(False)
    tb.setIconSize(QSize(18, 18))
    tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    tb.addAction(w.open_folder_act)
    tb.addAction(w.reload_act)
    tb.addSeparator()
    tb.addWidget(QLabel(" Group by "))
    w.group_combo = QComboBox()
    for mode in GROUP_BY:
        w.group_combo.addItem(GROUP_LABELS[mode], mode)
    w.group_combo.setToolTip("Lanes of the timeline: one per country/side, actor or source")
    w.group_combo.currentIndexChanged.connect(w._on_group_combo)
    tb.addWidget(w.group_combo)
    tb.addSeparator()
    for act in (w.zoom_in_act, w.zoom_out_act, w.fit_act, w.zoom_sel_act):
        tb.addAction(act)
    tb.addSeparator()
    for act in (w.undo_act, w.redo_act, w.hide_act):
        tb.addAction(act)
    w.hide_act.setIconText("Hide")
    # The undo stack renames its actions ("Undo Hide event"); keep the toolbar steady.
    w.undo_act.setIconText("Undo")
    w.redo_act.setIconText("Redo")
    w.zoom_sel_act.setIconText("Zoom to Selection")
    w.toolbar = tb


def create_context_menus(w: MainWindow) -> None:
    """Right-click on the timeline or the list offers what applies to the selection."""
    curation = [w.hide_act, w.unhide_act, w.edit_title_act, w.edit_date_act]
    for widget in (w.timeline, w.event_list.view):
        widget.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        separator = QAction(w)
        separator.setSeparator(True)
        widget.addActions([w.zoom_sel_act, separator, *curation])
