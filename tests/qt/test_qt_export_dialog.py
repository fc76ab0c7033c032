"""File > Export Image… and Export Events… in the window, offscreen: the live preview drawn by
the exporter, what each scope includes (read back with independent readers: XML, Pillow,
pypdf, pandas), DPI, the clipboard, size limits, empty scopes, remembered choices, and an
event dataset read lazily."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
import qt_sample
from PIL import Image
from pypdf import PdfReader
from PySide6.QtGui import QGuiApplication, QImage
from pytestqt.qtbot import QtBot

from nkviewer.export.data import write_events
from nkviewer.export.stream import write_event_stream
from nkviewer.qt.export_dialog import DEBOUNCE_MS, ExportImageDialog
from nkviewer.qt.export_events_dialog import ExportEventsDialog
from nkviewer.qt.export_scope import ExportScope
from nkviewer.qt.main_window import MainWindow

SUMMIT, VISIT, MOON = (
    "Kim Jong-un met Vladimir Putin",
    "Wang Yi will visit Pyongyang",
    "Moon Jae-in met Xi Jinping",
)


def make_window(qtbot: QtBot) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    w = make_window(qtbot)
    folder = tmp_path / "corpus"
    folder.mkdir()
    w.open_paths([folder], factory=qt_sample.fake_pipeline())
    qtbot.waitUntil(lambda: not w.session.loading, timeout=10_000)
    return w


def open_dialog(qtbot: QtBot, window: MainWindow) -> ExportImageDialog:
    """The dialog on the window's current state, with its first preview drawn."""
    dialog = ExportImageDialog(ExportScope.from_window(window), window.settings, window)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.previewUpdated, timeout=10_000):
        dialog.show()
    return dialog


def changed(qtbot: QtBot, dialog: ExportImageDialog, edit: object) -> QImage:
    """Apply `edit` (a callable), wait for the debounced preview, return it."""
    with qtbot.waitSignal(dialog.previewUpdated, timeout=10_000):
        edit()  # type: ignore[operator]
    return dialog.preview_image().copy()


def save(qtbot: QtBot, dialog: ExportImageDialog, path: Path) -> Path:
    """Save as a user does (laid out and written in the worker); the file written."""
    with qtbot.waitSignal(dialog.saved, timeout=20_000) as blocker:
        dialog.save_in_background(path)
    return blocker.args[0][0]  # type: ignore[no-any-return]


def save_events(qtbot: QtBot, dialog: ExportEventsDialog, path: Path) -> tuple[Path, int]:
    """Save as a user does (written in the worker); the file written and its events."""
    with qtbot.waitSignal(dialog.saved, timeout=20_000) as blocker:
        dialog.save_in_background(path)
    return blocker.args[0], blocker.args[1]  # type: ignore[return-value]


def svg_texts(path: Path) -> str:
    root = ET.parse(path).getroot()
    return " ".join("".join(el.itertext()) for el in root.iter() if el.tag.endswith("text"))


def set_combo(combo: object, value: str) -> None:
    combo.setCurrentIndex(combo.findData(value))  # type: ignore[attr-defined]


# ---------------------------------------------------------------------- the image dialog


def test_preview_appears_and_follows_the_options(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_dialog(qtbot, window)
    first = dialog.preview_image().copy()
    assert not first.isNull() and first.width() > 200
    assert len({first.pixel(x, first.height() // 2) for x in range(0, first.width(), 3)}) > 3
    dark = changed(qtbot, dialog, lambda: set_combo(dialog.form.theme_combo, "dark"))
    assert dark != first
    corner = dark.pixelColor(dark.width() - 3, 3)
    assert max(corner.red(), corner.green(), corner.blue()) < 80  # a dark figure
    one_lane = changed(qtbot, dialog, lambda: set_combo(dialog.form.group_combo, "none"))
    assert one_lane != dark
    fig = dialog.figure()
    assert fig is not None and fig.renderer.options.group_by == "none"
    assert dialog.save_button.isEnabled() and dialog.copy_button.isEnabled()


def test_selection_scope_exports_only_the_selected_events(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    window.timeline.set_selection(["ev-summit"])
    dialog = open_dialog(qtbot, window)
    assert dialog.form.scope() == "selection"  # the default when something is selected
    fig = dialog.figure()
    assert fig is not None and fig.t1 - fig.t0 >= 21  # one day among the weeks around it
    changed(qtbot, dialog, lambda: set_combo(dialog.form.format_combo, "svg"))
    dialog.form.title_edit.setText("One summit")
    out = save(qtbot, dialog, tmp_path / "sel.svg")
    texts = svg_texts(out)
    assert SUMMIT in texts and "One summit" in texts
    assert VISIT not in texts and MOON not in texts
    assert "1 event from 2 articles" in texts  # the summit was reported twice


def test_whole_timeline_and_visible_range_scopes(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, window)
    assert dialog.form.scope() == "visible"  # nothing selected
    assert not dialog.form.scope_group.button(0).isEnabled()
    changed(qtbot, dialog, lambda: set_combo(dialog.form.format_combo, "svg"))
    changed(qtbot, dialog, lambda: dialog.form.scope_group.button(2).setChecked(True))
    texts = svg_texts(save(qtbot, dialog, tmp_path / "all.svg"))
    assert all(t in texts for t in (SUMMIT, VISIT, MOON))
    window.timeline.set_visible_range(17_989.0, 18_020.0)  # April 2019: not Moon's December
    dialog = open_dialog(qtbot, window)
    assert dialog.form.format() == "svg"  # remembered from the last save
    texts = svg_texts(save(qtbot, dialog, tmp_path / "april.svg"))
    assert SUMMIT in texts and VISIT in texts and MOON not in texts


def test_png_at_300_dpi_has_the_pixels_and_the_metadata(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, window)
    changed(qtbot, dialog, lambda: dialog.form.width_spin.setValue(1200))
    changed(qtbot, dialog, lambda: dialog.form.dpi_spin.setValue(300))
    fig = dialog.figure()
    assert fig is not None
    assert "3,750 ×" in dialog.summary.text()  # the resulting pixel size is shown
    out = save(qtbot, dialog, tmp_path / "print.png")
    with Image.open(out) as img:
        assert img.size == (3750, round(fig.height * 300 / 96))
        assert img.info["dpi"][0] == pytest.approx(300, abs=0.05)


def test_pdf_on_an_a4_page(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    dialog = open_dialog(qtbot, window)
    portrait = dialog.preview_image().copy()
    # A PDF is printed: A4 landscape unless chosen otherwise (not a strip as tall as the lanes)
    page = changed(qtbot, dialog, lambda: set_combo(dialog.form.format_combo, "pdf"))
    fig = dialog.figure()
    assert fig is not None and fig.options.page == "a4"
    assert not dialog.form.width_spin.isEnabled()  # the page sets the width, and shows it
    assert dialog.form.width_spin.value() == fig.width != 1600
    assert page != portrait
    reader = PdfReader(save(qtbot, dialog, tmp_path / "a4.pdf"))
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx((841.9, 595.3), abs=1.5)
    assert MOON in " ".join(reader.pages[0].extract_text().split())
    changed(qtbot, dialog, lambda: set_combo(dialog.form.format_combo, "png"))
    assert dialog.form.width_spin.value() == 1600  # the width typed before, back again
    assert dialog.figure() is not None and dialog.figure().width == 1600  # type: ignore[union-attr]


def test_save_asks_for_a_file_with_the_format_s_ending(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    asked: list[tuple[str, str]] = []

    def fake_dialog(parent: object, caption: str, suggested: str, filters: str) -> tuple[str, str]:
        asked.append((suggested, filters))
        return str(tmp_path / "figure"), filters  # typed without an ending

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_dialog)
    dialog = open_dialog(qtbot, window)
    changed(qtbot, dialog, lambda: set_combo(dialog.form.format_combo, "svg"))
    with qtbot.waitSignal(dialog.message) as saved:
        dialog.save_button.click()
    assert asked[0][0].endswith(".svg") and "*.svg" in asked[0][1]
    assert (tmp_path / "figure.svg").is_file() and "figure.svg" in saved.args[0]
    assert window.settings.export_dir() == str(tmp_path)  # the next export starts there


def test_one_save_writes_several_formats_and_the_dialog_keeps_its_choices(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(tmp_path / "fig.png"), ""))
    dialog = open_dialog(qtbot, window)
    changed(qtbot, dialog, lambda: dialog.form.title_edit.setText("My own title"))
    dialog.form.also_checks["svg"].setChecked(True)
    dialog.form.also_checks["pdf"].setChecked(True)
    assert not dialog.form.also_checks["png"].isEnabled()  # the main format is written anyway
    with qtbot.waitSignal(dialog.saved) as saved:
        dialog.save_button.click()
    assert [p.name for p in saved.args[0]] == ["fig.png", "fig.svg", "fig.pdf"]
    assert all((tmp_path / n).stat().st_size > 0 for n in ("fig.png", "fig.svg", "fig.pdf"))
    assert "My own title" in svg_texts(tmp_path / "fig.svg")
    # still open, with the title and the choices as they were
    assert dialog.isVisible() and dialog.form.title() == "My own title"
    assert dialog.form.also_formats() == ["svg", "pdf"]
    again = open_dialog(qtbot, window)
    assert again.form.also_formats() == ["svg", "pdf"]  # remembered for the next export


def test_the_default_title_says_what_the_figure_shows(qtbot: QtBot, window: MainWindow) -> None:
    """Lanes and period, not the corpus folder's name; it follows the scope and the lanes until
    the user types their own."""
    from nkviewer.model.captions import figure_title

    frame = window.session.filtered
    window.timeline.set_selection(["ev-summit"])
    dialog = open_dialog(qtbot, window)
    selected = frame[frame["event_id"] == "ev-summit"]
    assert dialog.form.title() == figure_title(selected, window.group_by())
    assert dialog.form.title() != "corpus" and "," in dialog.form.title()
    # the whole filtered timeline: its title comes from the worker, with the preview
    changed(qtbot, dialog, lambda: dialog.form.scope_group.button(2).setChecked(True))
    assert dialog.form.title() == figure_title(frame, window.group_by())
    changed(qtbot, dialog, lambda: dialog.form.title_edit.setText("Mine"))
    dialog.form.scope_group.button(0).setChecked(True)
    assert dialog.form.title() == "Mine" and not dialog.form.title_pending()


class HeldTitles:
    """`ExportScope.default_title` held at a gate until the test lets it go, noting the thread
    and the scope of each call (the real title is returned)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import threading

        self.gate = threading.Event()
        self.calls: list[tuple[str, bool]] = []  # (scope, on the main thread)
        real = ExportScope.default_title

        def held(scope: ExportScope, name: str, group_by: str | None = None) -> str:
            self.calls.append((name, threading.current_thread() is threading.main_thread()))
            # a bounded wait: the old code called this on the window's thread
            self.gate.wait(timeout=5)
            return real(scope, name, group_by)

        monkeypatch.setattr(ExportScope, "default_title", held)


def test_the_dialog_opens_before_its_title_is_worked_out(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The default title reads the scope's events (0.2-0.45 s at 10^5 events in the soak, on
    the window's thread): a worker works it out while the dialog shows, its field empty and
    saying so; the preview, Save and Copy wait for it."""
    from nkviewer.model.captions import figure_title
    from nkviewer.qt.export_form import TITLE_NONE, TITLE_PENDING

    held = HeldTitles(monkeypatch)
    dialog = ExportImageDialog(ExportScope.from_window(window), window.settings, window)
    qtbot.addWidget(dialog)
    dialog.show()
    form = dialog.form
    assert form.title_pending() and form.title() == ""
    assert form.title_edit.placeholderText() == TITLE_PENDING
    assert not dialog.save_button.isEnabled() and not dialog.copy_button.isEnabled()
    qtbot.waitUntil(lambda: bool(held.calls), timeout=5_000)
    qtbot.wait(2 * DEBOUNCE_MS)  # the preview's debounce is over: it still waits
    assert dialog.preview_pending() and dialog.figure() is None
    dialog.save_in_background(tmp_path / "early.svg")  # written once the title is there
    assert not dialog.job.busy
    with qtbot.waitSignal(dialog.saved, timeout=20_000):
        held.gate.set()
    qtbot.waitUntil(lambda: not dialog.preview_pending(), timeout=10_000)
    frame = window.session.filtered
    t0, t1 = window.timeline.visible_range()
    shown = frame[(frame["t1"] > t0) & (frame["t0"] < t1)]
    assert form.title() == figure_title(shown, window.group_by())
    assert form.title_edit.placeholderText() == TITLE_NONE
    fig = dialog.figure()
    assert fig is not None and fig.options.title == form.title()  # laid out with its title
    assert dialog.save_button.isEnabled()
    assert form.title() in svg_texts(tmp_path / "early.svg")
    assert held.calls and not any(main for _, main in held.calls)  # never the window's thread


def test_a_title_typed_while_the_default_one_is_worked_out_is_kept(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = HeldTitles(monkeypatch)
    dialog = ExportImageDialog(ExportScope.from_window(window), window.settings, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: bool(held.calls), timeout=5_000)
    dialog.form.title_edit.setFocus()
    qtbot.keyClicks(dialog.form.title_edit, "Mine")  # typed: `textEdited`, as a user's keys
    assert not dialog.form.title_pending()  # the figure need not wait for a title any more
    with qtbot.waitSignal(dialog.previewUpdated, timeout=10_000):
        held.gate.set()
    qtbot.wait(100)  # the worker's title, had it not been dropped, would be back by now
    assert dialog.form.title() == "Mine"
    fig = dialog.figure()
    assert fig is not None and fig.options.title == "Mine"


def test_a_superseded_default_title_is_dropped(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lanes changed while the title is worked out: only the newest request's title is shown,
    never the one of the lanes no longer chosen."""
    from nkviewer.model.captions import figure_title

    held = HeldTitles(monkeypatch)
    dialog = ExportImageDialog(ExportScope.from_window(window), window.settings, window)
    qtbot.addWidget(dialog)
    dialog.show()
    shown_titles: list[str] = []
    dialog.form.title_edit.textChanged.connect(shown_titles.append)
    qtbot.waitUntil(lambda: bool(held.calls), timeout=5_000)
    dialog.form.scope_group.button(2).setChecked(True)  # the whole filtered timeline…
    set_combo(dialog.form.group_combo, "source")  # …by source
    with qtbot.waitSignal(dialog.previewUpdated, timeout=10_000):
        held.gate.set()
    whole = figure_title(window.session.filtered, "source")
    assert dialog.form.title() == whole
    assert [t for t in shown_titles if t] == [whole]  # the superseded ones never appeared


def test_copy_puts_the_figure_on_the_clipboard(qtbot: QtBot, window: MainWindow) -> None:
    clipboard = QGuiApplication.clipboard()
    clipboard.clear()
    dialog = open_dialog(qtbot, window)
    changed(qtbot, dialog, lambda: dialog.form.dpi_spin.setValue(192))
    with qtbot.waitSignal(dialog.message, timeout=20_000) as copied_message:
        dialog.copy_image()  # drawn in the worker: the dialog is busy meanwhile
        assert dialog.progress.isVisible() and not dialog.copy_button.isEnabled()
        assert clipboard.image().isNull()
    assert copied_message.args[0].startswith("Copied the figure")
    assert not dialog.progress.isVisible() and dialog.copy_button.isEnabled()
    image = clipboard.image()
    assert not image.isNull()
    assert image.width() == dialog.form.width_spin.value() * 2
    clipboard.clear()
    assert clipboard.image().isNull()
    window.copy_image_act.trigger()  # Edit > Copy Image, with the last choices (192 DPI)
    assert window.statusBar().currentMessage() == "Copying the visible range…"
    assert clipboard.image().isNull()  # not drawn on the window's thread: there when ready
    qtbot.waitUntil(lambda: not clipboard.image().isNull(), timeout=20_000)  # drawn in a worker
    copied = clipboard.image()
    assert copied.width() == dialog.form.width_spin.value() * 2
    assert window.statusBar().currentMessage().startswith("Copied the visible range")
    assert window.copy_image_act.shortcut().toString() == "Ctrl+Shift+C"


def test_an_oversized_request_names_the_limit_and_disables_save(
    qtbot: QtBot, window: MainWindow
) -> None:
    dialog = open_dialog(qtbot, window)
    changed(qtbot, dialog, lambda: dialog.form.width_spin.setValue(20_000))
    changed(qtbot, dialog, lambda: dialog.form.dpi_spin.setValue(600))
    assert "30,000 pixels per side" in dialog.problem()
    assert not dialog.problem_label.isHidden()
    assert "30,000" in dialog.problem_label.text()
    assert not dialog.save_button.isEnabled() and not dialog.copy_button.isEnabled()
    changed(qtbot, dialog, lambda: set_combo(dialog.form.format_combo, "svg"))
    assert dialog.save_button.isEnabled()  # a vector file has no pixel limit…
    assert not dialog.copy_button.isEnabled()  # …a copied image has
    changed(qtbot, dialog, lambda: dialog.form.dpi_spin.setValue(96))
    assert dialog.copy_button.isEnabled() and dialog.problem_label.isHidden()


def test_zero_events_in_the_scope_is_said_and_save_disabled(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.timeline.set_visible_range(10_000.0, 10_100.0)  # 1997: nothing there
    dialog = open_dialog(qtbot, window)
    assert dialog.form.scope() == "visible"
    assert "No events are in the visible part" in dialog.problem()
    assert dialog.preview_image().isNull()
    assert not dialog.save_button.isEnabled() and not dialog.copy_button.isEnabled()
    changed(qtbot, dialog, lambda: dialog.form.scope_group.button(2).setChecked(True))
    assert dialog.problem() == "" and dialog.save_button.isEnabled()


def test_choices_are_remembered_for_the_next_export(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, window)
    changed(qtbot, dialog, lambda: set_combo(dialog.form.format_combo, "svg"))
    changed(qtbot, dialog, lambda: set_combo(dialog.form.theme_combo, "dark"))
    changed(qtbot, dialog, lambda: dialog.form.legend_check.setChecked(False))
    changed(qtbot, dialog, lambda: dialog.form.width_spin.setValue(1234))
    save(qtbot, dialog, tmp_path / "a.svg")
    again = open_dialog(qtbot, window)
    assert again.form.format() == "svg"
    assert again.form.theme_combo.currentData() == "dark"
    assert not again.form.legend_check.isChecked()
    assert again.form.width_spin.value() == 1234


def test_file_menu_opens_the_dialogs_on_the_window(qtbot: QtBot, window: MainWindow) -> None:
    window.export_image_act.trigger()
    dialog = window.findChild(ExportImageDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.close()
    window.export_events_act.trigger()
    events = window.findChild(ExportEventsDialog)
    assert events is not None and events.isVisible()
    events.close()


# ---------------------------------------------------------------------- the events dialog


def events_dialog(qtbot: QtBot, window: MainWindow) -> ExportEventsDialog:
    dialog = ExportEventsDialog(ExportScope.from_window(window), window.settings, window)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_export_events_by_scope_and_format(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    window.timeline.set_selection(["ev-summit", "ev-moon"])
    dialog = events_dialog(qtbot, window)
    assert dialog.chosen_scope() == "selection"
    set_combo(dialog.format_combo, "csv")
    assert not dialog.title_edit.isEnabled()  # titles are for HTML and TimelineJS
    path, n = save_events(qtbot, dialog, tmp_path / "sel.csv")
    assert n == 2
    assert sorted(pd.read_csv(path)["event_id"]) == ["ev-moon", "ev-summit"]
    dialog.scope_group.button(1).setChecked(True)  # the current filter
    set_combo(dialog.format_combo, "timelinejs")
    assert dialog.title_edit.isEnabled()
    dialog.title_edit.setText("Summits")
    path, n = save_events(qtbot, dialog, tmp_path / "all.timeline.json")
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert n == 3 and len(doc["events"]) == 3
    assert doc["title"]["text"]["headline"] == "Summits"
    assert events_dialog(qtbot, window).format() == "timelinejs"  # remembered


def test_save_writes_in_the_background_and_closes_when_the_file_is_there(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window keeps answering while the events are written: the dialog says so, its
    choices wait, and it closes once the file is complete; a failure is said, not raised."""
    import threading

    from nkviewer.export import data

    gate = threading.Event()
    real = data.write_events

    def slow(*args: object, **kwargs: object) -> Path:
        assert threading.current_thread() is not threading.main_thread()
        gate.wait(10)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(data, "write_events", slow)
    dialog = events_dialog(qtbot, window)
    messages: list[str] = []
    dialog.message.connect(messages.append)
    dialog.save_in_background(tmp_path / "all.csv")
    qtbot.wait(50)  # the event loop runs while the worker waits
    assert "Saving all.csv" in dialog.problem_label.text()
    assert not dialog.save_button.isEnabled() and not dialog.format_combo.isEnabled()
    assert not dialog.cancel_button.isEnabled()
    assert not (tmp_path / "all.csv").exists()
    dialog.reject()  # closing waits for the file
    assert dialog.isVisible()
    gate.set()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    assert len(pd.read_csv(tmp_path / "all.csv")) == 3
    assert messages == [f"Saved 3 events to {tmp_path / 'all.csv'}"]

    warned: list[str] = []
    monkeypatch.setattr(
        "nkviewer.qt.export_events_dialog.warn", lambda _w, _t, text: warned.append(text)
    )
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    again = events_dialog(qtbot, window)
    again.save_in_background(blocker / "x.csv")  # a file where a folder should be
    qtbot.waitUntil(lambda: bool(warned), timeout=10_000)
    assert again.isVisible() and again.save_button.isEnabled()


def test_export_events_without_a_selection_offers_the_filter(
    qtbot: QtBot, window: MainWindow
) -> None:
    dialog = events_dialog(qtbot, window)
    assert dialog.chosen_scope() == "all"
    assert not dialog.scope_group.button(0).isEnabled()
    assert dialog.save_button.isEnabled()


# ---------------------------------------------------------------------- an event dataset


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, pd.DataFrame]]:
    pytest.importorskip("duckdb", reason="duckdb is not installed")
    from bench.synthetic import synthetic_frame
    from nkviewer.corpus.dataset_store import write_frame_dataset

    frame = synthetic_frame(3000, years=5, seed=1)
    out = tmp_path_factory.mktemp("export-ds") / "events"
    write_frame_dataset(frame, out)
    yield out, frame


def test_a_dataset_exports_its_selection_and_its_whole_timeline(
    qtbot: QtBot, dataset: tuple[Path, pd.DataFrame], tmp_path: Path
) -> None:
    folder, frame = dataset
    window = make_window(qtbot)
    window.open_paths([folder])
    window.session.settle()  # opened, then its first refilter, in the background
    assert window.session.list_follows_view  # an event dataset
    counts = frame["title"].value_counts()
    unique = frame[frame["title"].map(counts).eq(1) & frame["title"].str.len().lt(40)]
    unique = unique[unique["title"].str.isascii()]
    chosen, others = unique.iloc[:3], unique.iloc[3:8]
    window.timeline.set_selection(chosen["event_id"].tolist())

    dialog = open_dialog(qtbot, window)
    assert dialog.form.scope() == "selection"
    assert not dialog.preview_image().isNull()
    changed(qtbot, dialog, lambda: set_combo(dialog.form.format_combo, "svg"))
    texts = svg_texts(save(qtbot, dialog, tmp_path / "ds-sel.svg"))
    assert all(t in texts for t in chosen["title"])
    assert not any(t in texts for t in others["title"])

    changed(qtbot, dialog, lambda: dialog.form.scope_group.button(2).setChecked(True))
    changed(qtbot, dialog, lambda: set_combo(dialog.form.format_combo, "png"))
    with Image.open(save(qtbot, dialog, tmp_path / "ds-all.png")) as img:
        assert img.size[0] == dialog.form.width_spin.value()
        assert len(img.convert("L").getcolors(maxcolors=100_000) or []) > 10  # drawn, not blank

    window.session.edit_title(chosen["event_id"].iloc[0], "Retitled by hand")
    window.session.settle()  # the dialog offers what the window shows: the edit, once applied
    events = events_dialog(qtbot, window)
    events.scope_group.button(1).setChecked(True)
    set_combo(events.format_combo, "csv")
    assert events._job(tmp_path / "x.csv")[-1] == "tables"  # made by Arrow from stored rows
    path, n = save_events(qtbot, events, tmp_path / "ds.csv")  # streamed, edits applied
    out = pd.read_csv(path)
    assert n == len(out) == len(frame)
    assert "Retitled by hand" in set(out["title"])
    decoded = ExportScope.from_window(window).event_frames("all")  # the file they made before
    assert path.read_bytes() == write_event_stream(decoded, tmp_path / "m.csv")[0].read_bytes()

    # Parquet: the stored Arrow rows written as they are (edits applied), the file the same
    # events make from memory
    events = events_dialog(qtbot, window)
    events.scope_group.button(1).setChecked(True)
    set_combo(events.format_combo, "parquet")
    assert events._job(tmp_path / "x.parquet")[-1] == "tables"
    path, n = save_events(qtbot, events, tmp_path / "ds.parquet")
    decoded = ExportScope.from_window(window).event_frames("all")
    memory = write_events(pd.concat(list(decoded), ignore_index=True), tmp_path / "m.parquet")
    assert n == len(frame)
    assert path.read_bytes() == memory.read_bytes()
    assert "Retitled by hand" in set(pd.read_parquet(path)["title"])


def test_the_dialogs_open_on_the_state_shown_while_a_dataset_refilters(
    qtbot: QtBot,
    dataset: tuple[Path, pd.DataFrame],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Opening an export dialog does not wait for a refilter in flight (issue 13: seconds at
    10^6 events): it offers what the window shows, and the next one the refiltered events."""
    import threading

    from nkviewer.app.dataset import DatasetCorpus
    from nkviewer.events.facets import FilterState

    folder, frame = dataset
    window = make_window(qtbot)
    window.open_paths([folder])
    window.session.settle()
    chosen = frame["event_id"].iloc[:2].tolist()
    window.timeline.set_selection(chosen)
    gate = threading.Event()
    real = DatasetCorpus._prepare

    def held(self: DatasetCorpus, *args: object) -> object:
        gate.wait(10)
        return real(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(DatasetCorpus, "_prepare", held)
    window.session.set_filters(FilterState(text="no event says this"))
    assert window.session.refiltering
    try:
        events = events_dialog(qtbot, window)
        assert window.session.refiltering  # opened without waiting for it
        assert "(2 events)" in events.scope_group.button(0).text()
        assert f"({len(frame):,} events)" in events.scope_group.button(1).text()
        image = open_dialog(qtbot, window)
        assert window.session.refiltering
        assert image.form.scope() == "selection" and image.problem() == ""
        assert "(2 events)" in image.form.scope_group.button(0).text()
    finally:
        gate.set()
    qtbot.waitUntil(lambda: not window.session.refiltering, timeout=10_000)
    image.close()
    events.scope_group.button(1).setChecked(True)
    path, n = save_events(
        qtbot, events, tmp_path / "shown.csv"
    )  # what the dialog offered: all of them
    assert n == len(pd.read_csv(path)) == len(frame)
    events.close()
    again = events_dialog(qtbot, window)  # the refilter has landed: nothing passes now
    assert again.chosen_scope() == "all" and not again.save_button.isEnabled()
    assert "(0 events)" in again.scope_group.button(1).text()


def test_a_background_export_gives_the_window_the_gil_often_while_it_writes(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer's thread runs with a short switch interval (the window's thread waits less
    for the GIL at each call into Qt); the interval is restored once the file is written."""
    import sys

    from nkviewer.export import data
    from nkviewer.threads import SHORT_SWITCH_INTERVAL

    before = sys.getswitchinterval()
    seen: list[float] = []
    real = data.write_events

    def noted(*args: object, **kwargs: object) -> Path:
        seen.append(sys.getswitchinterval())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(data, "write_events", noted)
    dialog = events_dialog(qtbot, window)
    dialog.save_in_background(tmp_path / "all.jsonl")
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    assert seen == [pytest.approx(min(before, SHORT_SWITCH_INTERVAL))]
    assert sys.getswitchinterval() == pytest.approx(before)
    assert len((tmp_path / "all.jsonl").read_text().splitlines()) == 3


# ---------------------------------------------------------------------- a crowded page


def test_a_crowded_figure_on_a_page_is_laid_out_wider_to_keep_its_label_rows(
    qapp: object,
) -> None:
    from bench.synthetic import synthetic_frame
    from nkviewer.export.images import ImageOptions, prepare_figure

    frame = synthetic_frame(60, years=3, seed=2)
    fig = prepare_figure(frame, options=ImageOptions(page="a4"), fmt="pdf")
    printable_px = round((841.89 - 2 * 28.35) * 96 / 72)
    ratio = (595.28 - 2 * 28.35) / (841.89 - 2 * 28.35)
    r = fig.renderer
    need = r.chrome_height(fig.width) + r.lanes_height(fig.width, fig.t0, fig.t1)
    assert printable_px < fig.width <= printable_px * 1.5
    assert need <= fig.height <= fig.width * ratio + 1  # one page, every row there
    typed = prepare_figure(frame, options=ImageOptions(page="a4", width=printable_px), fmt="pdf")
    assert typed.width == printable_px  # a width asked for is kept: rows shrink instead
    assert typed.height <= printable_px * ratio + 1


def test_an_image_is_saved_in_the_background_while_the_window_answers(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Save draws the figure in a worker thread on a renderer of its own (never the
    preview's): the event loop keeps turning, the dialog shows a busy bar and "Saving …",
    Save, Copy and Close wait, and the files are right once it is done."""
    import threading

    from PySide6.QtCore import QTimer

    from nkviewer.qt import export_dialog

    gate = threading.Event()
    real = export_dialog.prepare_figure
    made: list[object] = []

    def held(*args: object, **kwargs: object) -> object:
        if not threading.current_thread().name.startswith("nkviewer-image"):
            return real(*args, **kwargs)  # type: ignore[arg-type]  # the preview
        gate.wait(10)
        figure = real(*args, **kwargs)  # type: ignore[arg-type]
        made.append(figure.renderer)
        return figure

    dialog = open_dialog(qtbot, window)
    dialog.form.title_edit.setText("Busy figure")
    dialog.form.also_checks["svg"].setChecked(True)
    monkeypatch.setattr(export_dialog, "prepare_figure", held)
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(5)
    saved: list[list[Path]] = []
    dialog.saved.connect(saved.append)
    dialog.save_in_background(tmp_path / "fig.png")
    qtbot.wait(150)  # the worker is held: the window's thread goes on meanwhile
    assert len(ticks) >= 5
    assert "Saving fig.png, fig.svg" in dialog.problem_label.text()
    assert dialog.progress.isVisible()
    assert not dialog.save_button.isEnabled() and not dialog.copy_button.isEnabled()
    assert not dialog.close_button.isEnabled()
    assert not (tmp_path / "fig.png").exists()
    # the title's preview lands first (a later one would replace the "Saved …" line)
    qtbot.waitUntil(lambda: not dialog.preview_pending(), timeout=20_000)
    gate.set()
    qtbot.waitUntil(lambda: bool(saved), timeout=20_000)
    timer.stop()
    assert saved == [[tmp_path / "fig.png", tmp_path / "fig.svg"]]
    fig = dialog.figure()
    assert fig is not None and all(r is not fig.renderer for r in made) and len(made) == 2
    with Image.open(tmp_path / "fig.png") as img:
        assert img.size == fig.pixel_size()
        assert len(img.convert("RGB").getcolors(1 << 20) or []) > 20  # drawn, not blank
    assert "Busy figure" in svg_texts(tmp_path / "fig.svg")
    assert not dialog.progress.isVisible() and dialog.save_button.isEnabled()
    assert "Saved fig.png, fig.svg" in dialog.summary.text()


def test_a_failed_background_save_names_the_file(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warned: list[str] = []
    monkeypatch.setattr("nkviewer.qt.export_dialog.warn", lambda _w, _t, text: warned.append(text))
    dialog = open_dialog(qtbot, window)
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    dialog.save_in_background(blocker / "x.png")  # a file where a folder should be
    qtbot.waitUntil(lambda: bool(warned), timeout=20_000)
    assert warned[0].startswith("x.png was not saved")
    assert dialog.isVisible() and dialog.save_button.isEnabled()
    assert not dialog.progress.isVisible()


# ---------------------------------------------------------------------- the preview's worker


def held_previews(
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[object, list[tuple[object, bool]]]:
    """Preview layouts held in the worker until the returned gate is set; each call's options
    and whether it was superseded by the time it could draw are recorded."""
    import threading

    from nkviewer.qt import export_dialog

    gate = threading.Event()
    calls: list[tuple[object, bool]] = []
    real = export_dialog.lay_out_preview

    def held(cancelled: object, work: export_dialog.PreviewWork) -> object:
        assert threading.current_thread() is not threading.main_thread()
        gate.wait(10)
        calls.append((work.options, cancelled()))  # type: ignore[operator]
        return real(cancelled, work)  # type: ignore[arg-type]

    monkeypatch.setattr(export_dialog, "lay_out_preview", held)
    return gate, calls


def test_quick_option_changes_show_only_the_last_preview(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The preview is laid out in a worker: while one is in flight the last preview stays,
    marked as updating; a change supersedes the layout in flight, changes made meanwhile
    replace each other, and only the newest options' preview is ever shown."""
    from PySide6.QtCore import QTimer

    dialog = open_dialog(qtbot, window)
    before = dialog.preview_image().copy()
    gate, calls = held_previews(monkeypatch)
    shown: list[object] = []
    dialog.previewUpdated.connect(lambda: shown.append(dialog.figure()))
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(5)
    set_combo(dialog.form.theme_combo, "dark")
    dialog.refresh()  # as the debounce would: the first layout starts, held in the worker
    qtbot.wait(100)
    assert len(ticks) >= 5  # the window's thread goes on meanwhile
    dialog.form.width_spin.setValue(1000)
    dialog.refresh()  # waits for the worker
    dialog.form.width_spin.setValue(1100)
    dialog.refresh()  # replaces the one waiting
    assert dialog.preview_pending() and dialog.preview.updating()
    assert dialog.preview_image() == before  # the last preview stays until the new one
    gate.set()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: not dialog.preview_pending(), timeout=20_000)
    qtbot.wait(50)
    timer.stop()
    assert [(o.theme, o.width, superseded) for o, superseded in calls] == [  # type: ignore[attr-defined]
        ("dark", 1600, True),  # superseded before it drew: dropped
        ("dark", 1100, False),  # the 1000 px request never ran
    ]
    fig = dialog.figure()
    assert shown == [fig] and fig is not None
    assert fig.width == 1100 and fig.options.theme == "dark"
    assert not dialog.preview.updating() and dialog.preview_image() != before
    assert dialog.save_button.isEnabled()


def test_closing_the_dialog_while_a_preview_is_laid_out_is_clean(
    qtbot: QtBot,
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The dialog closes (and is deleted, as File ▸ Export Image's is) at once; the worker
    finishes on its own objects and its outcome goes nowhere: no error, no thread left."""
    import shiboken6
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtWidgets import QApplication

    from nkviewer.qt.background import running_workers

    dialog = open_dialog(qtbot, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    gate, calls = held_previews(monkeypatch)
    updates: list[int] = []
    dialog.previewUpdated.connect(lambda: updates.append(1))
    set_combo(dialog.form.theme_combo, "dark")
    dialog.refresh()
    assert running_workers() >= 1
    dialog.reject()
    assert not dialog.isVisible()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    assert not shiboken6.isValid(dialog)  # deleted while its preview is laid out
    gate.set()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: running_workers() == 0, timeout=20_000)
    qtbot.wait(50)  # a delivery, if any, would come now
    assert len(calls) == 1 and calls[0][1]  # told it was cancelled: it stopped before drawing
    assert updates == []
    assert not [r for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")]


# ---------------------------------------------------------------------- closing while writing


def held_writes(monkeypatch: pytest.MonkeyPatch) -> object:
    """Image and event files written in the worker only once the returned gate is set."""
    import threading

    from nkviewer.export import data
    from nkviewer.qt import export_dialog

    gate = threading.Event()
    real_figure, real_events = export_dialog.prepare_figure, data.write_events

    def held_figure(*args: object, **kwargs: object) -> object:
        if threading.current_thread().name.startswith("nkviewer-image"):
            gate.wait(10)
        return real_figure(*args, **kwargs)  # type: ignore[arg-type]

    def held_events(*args: object, **kwargs: object) -> object:
        gate.wait(10)
        return real_events(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(export_dialog, "prepare_figure", held_figure)
    monkeypatch.setattr(data, "write_events", held_events)
    return gate


def test_closing_the_image_dialog_while_it_saves_closes_it_once_written(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = held_writes(monkeypatch)
    dialog = open_dialog(qtbot, window)
    saved: list[list[Path]] = []
    dialog.saved.connect(saved.append)
    dialog.save_in_background(tmp_path / "fig.png")
    dialog.reject()  # Esc or the title bar's close button while the file is written
    qtbot.wait(50)
    assert dialog.isVisible() and not (tmp_path / "fig.png").exists()
    gate.set()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)
    assert saved == [[tmp_path / "fig.png"]]
    with Image.open(tmp_path / "fig.png") as img:
        img.load()  # complete


def test_closing_the_window_waits_for_the_exports_being_written(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window closes (and the application may quit) only once the image and the events
    being written in the background are complete: no half-written file, no worker left."""
    import threading

    from nkviewer.qt.background import running_workers

    gate = held_writes(monkeypatch)
    image = open_dialog(qtbot, window)
    image.save_in_background(tmp_path / "fig.png")
    events = events_dialog(qtbot, window)
    set_combo(events.format_combo, "csv")
    events.save_in_background(tmp_path / "all.csv")
    qtbot.wait(50)
    assert running_workers() >= 2
    assert not (tmp_path / "fig.png").exists() and not (tmp_path / "all.csv").exists()
    threading.Timer(0.3, gate.set).start()  # type: ignore[attr-defined]
    window.close()  # returns once both are written
    assert running_workers() == 0
    assert len(pd.read_csv(tmp_path / "all.csv")) == 3
    with Image.open(tmp_path / "fig.png") as img:
        img.load()
        assert img.size[0] == image.form.width_spin.value()
    assert not [
        p.name
        for p in tmp_path.iterdir()
        if p.name not in ("fig.png", "all.csv") and not p.is_dir()
    ]  # no staging file left beside them


def test_an_export_asked_for_while_a_hide_is_applied_opens_without_the_hidden_event(
    qtbot: QtBot,
    dataset: tuple[Path, pd.DataFrame],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """File ▸ Export Events right after a hide on a dataset: the window does not wait for the
    refilter in the background, and the dialog opens once it is applied, without the event
    just hidden (what a user hid, no export shows)."""
    import threading

    from nkviewer.app.dataset import DatasetCorpus

    folder, frame = dataset
    window = make_window(qtbot)
    window.open_paths([folder])
    window.session.settle()
    gate = threading.Event()
    real = DatasetCorpus._prepare

    def held(self: DatasetCorpus, *args: object) -> object:
        gate.wait(10)
        return real(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(DatasetCorpus, "_prepare", held)
    window.session.hide([frame["event_id"].iloc[0]])
    assert window.session.refiltering
    try:
        window.export_events_act.trigger()
        qtbot.wait(50)
        assert not window.findChildren(ExportEventsDialog)  # not on the state being replaced
    finally:
        gate.set()
    qtbot.waitUntil(lambda: bool(window.findChildren(ExportEventsDialog)), timeout=10_000)
    (dialog,) = window.findChildren(ExportEventsDialog)
    assert f"({len(frame) - 1:,} events)" in dialog.scope_group.button(1).text()
    dialog.close()


def test_an_export_waiting_for_a_refilter_that_fails_is_dropped_with_a_message(
    qtbot: QtBot,
    dataset: tuple[Path, pd.DataFrame],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The dataset's query fails while an export waits for it: the export is not left waiting
    (to open, unasked, at some later refilter); the status bar says why nothing opened."""
    import threading

    from nkviewer.events.facets import FilterState
    from nkviewer.model.source import DatasetSource

    folder, frame = dataset
    window = make_window(qtbot)
    window.open_paths([folder])
    window.session.settle()
    gate = threading.Event()

    def broken(self: DatasetSource) -> None:
        gate.wait(10)
        raise RuntimeError("a DuckDB error")

    monkeypatch.setattr(DatasetSource, "prepare", broken)
    window.session.set_filters(FilterState(text=str(frame["title"].iloc[0]).split()[0]))
    assert window.session.refiltering
    try:
        window.export_events_act.trigger()
        assert "export opens once" in window.statusBar().currentMessage()
    finally:
        gate.set()
    qtbot.waitUntil(
        lambda: "could not be applied" in window.statusBar().currentMessage(), timeout=10_000
    )
    assert not window.session.refiltering and not window.refilter_label.isVisible()
    monkeypatch.undo()
    window.session.set_filters(window.session.filters)  # a refilter that works: nothing opens
    window.session.settle()
    qtbot.wait(50)
    assert not window.findChildren(ExportEventsDialog)


def test_closing_an_export_dialog_gives_the_window_back_its_shortcuts(
    qtbot: QtBot, window: MainWindow
) -> None:
    """Escape closes Export Image and the window is active again, so Ctrl+Q and the other
    shortcuts work (without a window manager nobody else activates it: under Xvfb, Ctrl+Q
    did nothing after the dialog closed)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
    window.export_image_act.trigger()
    dialog = window.findChild(ExportImageDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5_000)
    qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Escape)
    assert dialog.isHidden()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)


def test_image_save_runs_with_short_gil_turns_and_the_preview_without(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Save's worker gives the window the GIL often (measured to halve its turns while a file
    is written); the preview's worker does not (measured to make the preview late)."""
    import sys
    import threading

    from nkviewer.qt import export_dialog
    from nkviewer.threads import SHORT_SWITCH_INTERVAL

    before = sys.getswitchinterval()
    seen: dict[str, float] = {}
    real = export_dialog.prepare_figure

    def noted(*args: object, **kwargs: object) -> object:
        seen[threading.current_thread().name.split("_")[0]] = sys.getswitchinterval()
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(export_dialog, "prepare_figure", noted)
    dialog = open_dialog(qtbot, window)
    save(qtbot, dialog, tmp_path / "fig.png")
    assert seen["nkviewer-image"] == pytest.approx(min(before, SHORT_SWITCH_INTERVAL))
    assert seen["nkviewer-preview"] == pytest.approx(before)
    assert sys.getswitchinterval() == pytest.approx(before)
