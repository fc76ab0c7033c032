"""The main window end to end, offscreen: loading, selection, source, filters, curation,
settings, drag and drop, Cancel and closing mid-load. Hand-made batches keep most tests fast;
the ones on the real seeds need the spaCy model."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
import qt_sample
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QTextCursor
from PySide6.QtWidgets import QDockWidget, QMenu
from pytestqt.qtbot import QtBot
from timeline_clicks import click_event

from nkviewer.corpus.progress import LoadUpdate
from nkviewer.ingest.document import FileProblem
from nkviewer.qt.main_window import MainWindow
from nkviewer.qt.source_panel import SourcePanel

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def make_window(qtbot: QtBot, *, size: tuple[int, int] | None = (1600, 1000)) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    if size is not None:
        window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    return window


def wait_loaded(qtbot: QtBot, window: MainWindow, timeout: int = 10_000) -> None:
    qtbot.waitUntil(lambda: not window.session.loading, timeout=timeout)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    return folder


@pytest.fixture
def window(qtbot: QtBot, corpus: Path) -> MainWindow:
    w = make_window(qtbot)
    w.open_paths([corpus], factory=qt_sample.fake_pipeline())
    wait_loaded(qtbot, w)
    return w


def timeline_count(window: MainWindow) -> int:
    frame = window.timeline.renderer().frame
    return 0 if frame is None else len(frame)


def test_window_shows_events_everywhere(window: MainWindow) -> None:
    assert timeline_count(window) == 3
    assert window.event_list.model.rowCount() == 3
    assert window.docs_label.text() == "2 documents"
    assert window.events_label.text() == "3 events"
    assert window.range_label.text()  # the visible range is shown
    assert not window.progress.isVisible()
    assert window.central.currentIndex() == 1
    assert "corpus" in window.windowTitle()


def test_selecting_on_the_timeline_shows_the_source(window: MainWindow, qtbot: QtBot) -> None:
    click_event(qtbot, window.timeline, "ev-summit")
    assert window.session.selection == ["ev-summit"]
    assert window.event_list.selected_ids() == ["ev-summit"]
    panel: SourcePanel = window.source_panel
    assert panel.doc_id == "doc-a"
    assert panel.text.extraSelections()  # the sentence is emphasised
    assert window.hide_act.isEnabled() and window.edit_title_act.isEnabled()


def test_selecting_in_the_list_selects_on_the_timeline(window: MainWindow) -> None:
    window.session.set_selection(["ev-moon", "ev-visit"])
    assert sorted(window.timeline.selected_ids()) == ["ev-moon", "ev-visit"]
    window.timeline.select_next()  # ← / → move along the timeline
    assert len(window.session.selection) == 1


def test_clicking_an_entity_filters_timeline_and_list(window: MainWindow, qtbot: QtBot) -> None:
    window.session.set_selection(["ev-summit"])
    panel = window.source_panel
    text = qt_sample.TEXT_A
    index = text.index("Vladimir Putin") + 3
    cursor = QTextCursor(panel.text.document())
    cursor.setPosition(panel.text.map.to_qt(index))
    panel.text.centerCursor()
    point = panel.text.cursorRect(cursor).center()
    qtbot.mouseClick(panel.text.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert timeline_count(window) == 1
    assert window.event_list.model.rowCount() == 1
    assert window.events_label.text() == "1 of 3 events"
    window.clear_filters_act.trigger()
    assert timeline_count(window) == 3


def test_group_by_drives_the_timeline(window: MainWindow) -> None:
    window.group_combo.setCurrentIndex(window.group_combo.findData("actor"))
    assert window.timeline.renderer().options.group_by == "actor"
    assert [a.isChecked() for a in window.group_actions.actions()] == [False, True, False, False]


def test_curation_with_keys_undo_redo_and_a_new_window(
    window: MainWindow, qtbot: QtBot, corpus: Path
) -> None:
    window.session.set_selection(["ev-moon"])
    window.hide_act.trigger()
    assert timeline_count(window) == 2
    window.undo_act.trigger()
    assert timeline_count(window) == 3
    window.redo_act.trigger()
    assert timeline_count(window) == 2
    assert window.redo_act.shortcuts()[0].toString() == "Ctrl+Shift+Z"
    window.session.edit_title("ev-summit", "Kim and Putin met in Vladivostok")
    window.close()

    again = make_window(qtbot)
    again.open_paths([corpus], factory=qt_sample.fake_pipeline())
    wait_loaded(qtbot, again)
    assert timeline_count(again) == 2
    summit = again.session.record("ev-summit")
    assert summit is not None and summit["title"] == "Kim and Putin met in Vladivostok"


def test_problems_are_listed_while_loading_continues(qtbot: QtBot, corpus: Path) -> None:
    window = make_window(qtbot)
    bad = FileProblem(str(corpus / "scan.pdf"), "the PDF has no text layer (scanned?)")
    window.open_paths([corpus], factory=qt_sample.fake_pipeline(problems=[bad]))
    wait_loaded(qtbot, window)
    assert window.problems_panel.problems() == [(bad.path, bad.reason)]
    assert window.problems_dock.isVisible()
    assert timeline_count(window) == 3


def _blocking_gate() -> tuple[Callable[[Callable[[], bool]], None], threading.Event]:
    reached = threading.Event()

    def gate(should_stop: Callable[[], bool]) -> None:
        reached.set()
        while not should_stop():
            threading.Event().wait(0.02)

    return gate, reached


def test_cancel_button_stops_loading(qtbot: QtBot, corpus: Path) -> None:
    window = make_window(qtbot)
    gate, reached = _blocking_gate()
    window.open_paths([corpus], factory=qt_sample.fake_pipeline(gate=gate))
    qtbot.waitUntil(reached.is_set, timeout=5_000)  # (opened in the background first)
    qtbot.waitUntil(window.progress.isVisible, timeout=5_000)
    qtbot.mouseClick(window.progress.cancel_button, Qt.MouseButton.LeftButton)
    wait_loaded(qtbot, window)
    assert not window.progress.isVisible()
    qtbot.waitUntil(lambda: timeline_count(window) == 2, timeout=5_000)
    assert "cancelled" in window.statusBar().currentMessage()


def test_closing_mid_load_is_clean(qtbot: QtBot, corpus: Path) -> None:
    window = make_window(qtbot)
    gate, reached = _blocking_gate()
    window.open_paths([corpus], factory=qt_sample.fake_pipeline(gate=gate))
    qtbot.waitUntil(reached.is_set, timeout=5_000)  # (opened in the background first)
    assert window.close()
    assert not window.session.loader.is_running()
    assert not window.session.loading


def test_settings_are_restored_in_a_new_window(qtbot: QtBot, corpus: Path) -> None:
    from PySide6.QtGui import QGuiApplication

    screen = QGuiApplication.primaryScreen().availableGeometry()  # 800 px wide offscreen
    first = make_window(qtbot)
    first.filters_dock.hide()
    first.set_group_by("source")
    qtbot.wait(50)
    first.resize(screen.width() - 100, screen.height() - 100)
    qtbot.wait(50)
    size = (first.width(), first.height())
    assert size == (screen.width() - 100, screen.height() - 100)
    first.open_paths([corpus], factory=qt_sample.fake_pipeline())
    wait_loaded(qtbot, first)
    first.close()

    second = make_window(qtbot, size=None)  # geometry from the settings
    assert second.group_by() == "source"
    assert second.timeline.renderer().options.group_by == "source"
    assert not second.filters_dock.isVisible()
    assert not second.source_dock.isVisible()  # no event shown yet: it opens with the first
    assert (second.width(), second.height()) == size
    assert second.settings.last_corpus() == [str(corpus.resolve())]
    second.recent_menu.refill()
    labels = [a.text() for a in second.recent_menu.actions()]
    assert any("corpus" in t for t in labels)


def test_dropping_a_folder_opens_it(qtbot: QtBot, corpus: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot)
    opened: list[list[str]] = []
    monkeypatch.setattr(window, "open_paths", lambda paths, **kw: opened.append(list(paths)))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(corpus))])
    event = QDropEvent(
        QPointF(400, 300),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    assert opened == [[str(corpus)]]


def test_every_dock_can_be_toggled_from_the_view_menu(window: MainWindow) -> None:
    docks = window.findChildren(QDockWidget)
    assert {d.objectName() for d in docks} == {"filters", "source", "events", "problems"}
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert isinstance(view, QMenu)
    panels = next(a.menu() for a in view.actions() if a.text() == "&Panels")
    assert isinstance(panels, QMenu)
    assert {a.text() for a in panels.actions()} == {d.windowTitle() for d in docks}


def test_theme_switch_reaches_the_timeline(window: MainWindow, qtbot: QtBot) -> None:
    dark = next(a for a in window.theme_actions.actions() if a.data() == "dark")
    light = next(a for a in window.theme_actions.actions() if a.data() == "light")
    try:
        dark.trigger()
        qtbot.waitUntil(lambda: window.timeline.renderer().options.theme == "dark", timeout=3_000)
    finally:
        light.trigger()
    qtbot.waitUntil(lambda: window.timeline.renderer().options.theme == "light", timeout=3_000)


# --------------------------------------------------------------------------- real seeds


@pytest.mark.model
def test_window_opens_on_the_seeds_and_shows_their_sources(qtbot: QtBot) -> None:
    window = make_window(qtbot)
    window.open_paths([SEEDS])
    wait_loaded(qtbot, window, timeout=120_000)
    assert len(window.session.documents) == 5
    n = timeline_count(window)
    assert n > 10 and window.event_list.model.rowCount() == n
    first = window.event_list.model.event_id(0)
    index = window.event_list.model.index(0, 1)
    rect = window.event_list.view.visualRect(index)
    window.events_dock.raise_()
    qtbot.mouseClick(
        window.event_list.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center()
    )
    assert window.session.current == first
    record = window.session.record(first)
    assert record is not None
    panel = window.source_panel
    assert panel.doc_id == record["doc_id"]
    start = panel.text.map.to_qt(int(record["sentence_start"]))
    assert any(s.cursor.selectionStart() >= start for s in panel.text.extraSelections())
    assert QPoint(0, 0) != rect.center()


def test_missing_language_model_is_explained_not_a_traceback(qtbot: QtBot, corpus: Path) -> None:
    from PySide6.QtWidgets import QMessageBox

    from nkviewer.errors import ModelNotFoundError
    from nkviewer.nlp.model import INSTALL_HINT

    def no_model(should_stop: Callable[[], bool]):  # type: ignore[no-untyped-def]
        yield LoadUpdate("loading model", 0, 2)
        raise ModelNotFoundError(f"No English spaCy pipeline is installed. {INSTALL_HINT}")

    window = make_window(qtbot)
    window.open_paths([corpus], factory=no_model)
    wait_loaded(qtbot, window)
    qtbot.waitUntil(lambda: bool(window.findChildren(QMessageBox)), timeout=3_000)
    box = window.findChildren(QMessageBox)[0]
    assert "pip install" in box.text() and box.isVisible()
    assert "No English spaCy pipeline" in window.statusBar().currentMessage()
    box.close()


@pytest.mark.model
@pytest.mark.parametrize("in_background", [False, True])
def test_correcting_a_publication_date_re_resolves_and_persists(
    qtbot: QtBot, tmp_path: Path, in_background: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A corrected publication date re-resolves the article's relative dates; in a corpus of
    many documents that runs in the corpus' worker while the window shows the old dates."""
    import re
    import shutil

    from nkviewer.app import memory

    if in_background:
        monkeypatch.setattr(memory, "BACKGROUND_DOCUMENTS", 1)

    corpus = tmp_path / "seeds"
    shutil.copytree(SEEDS, corpus)
    window = make_window(qtbot)
    window.open_paths([corpus])
    wait_loaded(qtbot, window, timeout=120_000)
    session = window.session
    doc_id = next(
        d for d, p in session.documents.items() if Path(p.document.path).name.startswith("001_")
    )

    def dates() -> dict[int, str]:
        ev = session.events
        mine = ev[ev["doc_id"] == doc_id]
        return dict(zip(mine["time_start"], mine["start"], strict=True))

    before = dates()
    first = session.events[session.events["doc_id"] == doc_id].iloc[0]["event_id"]
    session.set_selection([first])
    panel = window.source_panel
    assert panel.published_edit.text() == "2019-03-18"
    panel.published_edit.setText("2020-03-18")
    panel.published_edit.returnPressed.emit()
    if in_background:
        assert dates() == before and session.state.pending  # shown until the rebuild lands
        qtbot.waitUntil(lambda: not session.state.pending, timeout=30_000)
    after = dates()
    changed = [k for k in before if k in after and before[k] != after[k]]
    assert changed, "no relative date moved with the publication date"
    ev = session.events[session.events["doc_id"] == doc_id]
    written = dict(zip(ev["time_start"], ev["time_text"], strict=True))
    for start in changed:  # only expressions without a written year move
        assert not re.search(r"\b\d{4}\b", str(written[start]))
    assert "corrected by you" in panel.provenance.text()
    window.close()

    again = make_window(qtbot)
    again.open_paths([corpus])
    wait_loaded(qtbot, again, timeout=120_000)
    session = again.session
    assert dates() == after  # the correction survived the restart (and re-parsing)
    session.undo_stack.clear()
    session.set_published(doc_id, None)
    qtbot.waitUntil(lambda: not session.state.pending, timeout=30_000)
    assert dates() == before


def test_choosing_an_event_in_the_list_brings_it_into_view(window: MainWindow) -> None:
    from nkviewer.events.table import day_number

    window.timeline.set_visible_range(day_number("2018-11-15"), day_number("2018-12-31"))
    window.session.set_selection(["ev-summit"])
    t0, t1 = window.timeline.visible_range()
    assert t0 < day_number("2019-04-25") < t1
    assert t1 - t0 == pytest.approx(day_number("2018-12-31") - day_number("2018-11-15"), rel=0.05)


@pytest.mark.model
def test_a_corrupt_file_is_listed_while_the_others_load(qtbot: QtBot, tmp_path: Path) -> None:
    import shutil

    corpus = tmp_path / "mixed"
    corpus.mkdir()
    for name in sorted(p.name for p in SEEDS.glob("*.txt"))[:2]:
        shutil.copy(SEEDS / name, corpus / name)
    (corpus / "broken.html").write_bytes(b"\xff\xfe\x00\x13\x00\x00binary, not an article\x00")
    window = make_window(qtbot)
    window.open_paths([corpus])
    wait_loaded(qtbot, window, timeout=120_000)
    listed = window.problems_panel.problems()
    assert [Path(f).name for f, _ in listed] == ["broken.html"]
    assert listed[0][1]  # a reason the user can read
    assert len(window.session.documents) == 2
    assert timeline_count(window) > 0
    assert window.problems_dock.isVisible()


def test_restart_reopens_the_last_corpus_and_seeds_only_first(
    qtbot: QtBot, corpus: Path, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """`nkviewer` without PATH: the sample corpus on the very first start only, then the last
    corpus opened (persisted in the config folder), and nothing when that is gone."""
    from nkviewer import paths
    from nkviewer.cli.gui import default_corpus
    from nkviewer.qt.settings import Settings

    seeds = paths.sample_corpus()
    assert seeds is not None
    fresh = Settings()
    assert fresh.first_start()
    assert default_corpus(fresh.last_corpus(), first_start=fresh.first_start()) == [str(seeds)]
    fresh.mark_started()
    fresh.sync()  # written by the settings' writer thread, never the window's
    assert (paths.config_dir() / "nkviewer.ini").is_file()

    window = make_window(qtbot)
    window.open_paths([corpus], factory=qt_sample.fake_pipeline())
    wait_loaded(qtbot, window)
    # Nothing more needs saving: a new process (here a new Settings on the same file, once the
    # writer thread has written the change) reads it.
    window.settings.sync()
    restarted = Settings()
    assert not restarted.first_start()
    last = default_corpus(restarted.last_corpus(), first_start=restarted.first_start())
    assert last == [str(corpus.resolve())]
    assert restarted.open_dir() == str(corpus.resolve().parent)  # Open Folder starts beside it

    moved = tmp_path / "moved-away"
    corpus.rename(moved)
    gone = Settings()
    assert default_corpus(gone.last_corpus(), first_start=gone.first_start()) == []

    opened: list[list[str]] = []
    monkeypatch.setattr(window, "open_paths", lambda p, **kw: opened.append([str(x) for x in p]))
    assert window.open_sample_act in window.menuBar().actions()[-1].menu().actions()
    window.open_sample_act.trigger()
    assert opened == [[str(seeds)]]


def test_the_timeline_gets_the_room_until_an_event_is_chosen(
    qtbot: QtBot, window: MainWindow
) -> None:
    """No empty Source panel beside a fresh corpus: it opens when an event is first shown, and
    once the user shows or hides it, their choice holds."""
    assert not window.source_dock.isVisible()
    wide = window.timeline.width()
    assert wide > 0.55 * window.width()
    first, second = window.session.filtered["event_id"].iloc[:2]
    window.session.set_current(first)
    qtbot.waitUntil(window.source_dock.isVisible)
    assert window.timeline.width() < wide
    assert window.source_dock.width() >= 380
    window.source_dock.toggleViewAction().trigger()  # the user hides it
    assert not window.source_dock.isVisible()
    window.session.set_current(second)
    qtbot.wait(20)
    assert not window.source_dock.isVisible()


def test_a_cold_start_says_it_is_reading_and_the_status_bar_counts_the_selection(
    qtbot: QtBot, corpus: Path
) -> None:
    window = make_window(qtbot)
    gate, reached = _blocking_gate()
    window.open_paths([corpus], factory=qt_sample.fake_pipeline(gate=gate))
    qtbot.waitUntil(reached.is_set, timeout=5_000)  # (opened in the background first)
    qtbot.waitUntil(lambda: window.session.loading, timeout=5_000)
    assert window.timeline.renderer().options.empty_text.startswith("Reading the corpus")
    window.session.cancel()
    wait_loaded(qtbot, window)
    assert window.timeline.renderer().options.empty_text == "No events to show"
    assert not window.selected_label.isVisible()
    ids = list(window.session.filtered["event_id"].iloc[:2])
    window.session.set_selection(ids)
    assert window.selected_label.text() == "2 selected" and window.selected_label.isVisible()
    window.session.set_selection([])
    assert not window.selected_label.isVisible()


def test_an_event_chosen_in_the_list_is_brought_into_view(window: MainWindow) -> None:
    record = window.session.record("ev-moon")
    assert record is not None
    t = float(record["t0"])
    window.timeline.set_visible_range(t + 400, t + 430)
    window.session.set_selection(["ev-moon"])
    a, b = window.timeline.visible_range()
    assert a <= t <= b and b - a == pytest.approx(30)
    assert window.timeline.selected_drawn() == ["ev-moon"]


def test_the_view_stays_when_the_filters_leave_one_selected_event(window: MainWindow) -> None:
    """Only a choice made elsewhere (the list) moves the timeline: a selection that hiding an
    event prunes to one event out of view leaves the view where the analyst put it."""
    record = window.session.record("ev-moon")
    assert record is not None
    t = float(record["t0"])
    window.session.set_selection(["ev-moon", "ev-summit"])
    window.timeline.set_visible_range(t + 400, t + 430)
    window.session.hide(["ev-summit"])
    assert window.session.selection == ["ev-moon"]
    assert window.timeline.visible_range() == pytest.approx((t + 400, t + 430))
