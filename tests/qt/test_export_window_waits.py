"""What the window's thread must never wait for when an export starts and when it ends.

The soak at 10^5 events had the window's thread blocked 288 ms in an Export Events turn with no
thread holding the interpreter's lock long. Two waits did that, and these tests pin that
neither is back: every dialog made its own worker thread, and `threading.Thread.start` blocks
until the new thread runs (a CPU and the interpreter's lock for it); and the export's remembered
choices were written to the settings file by the window's thread (QSettings' `sync`: two
`fdatasync` calls, slow on a disk busy with the file just exported). Nor does the window's
thread look the events up (`ExportScope.selection` holds a lock the title's worker holds
while it looks the same events up; `figure_input` copies the whole frame).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
import qt_sample
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from nkviewer.qt.export_dialog import ExportImageDialog
from nkviewer.qt.export_events_dialog import ExportEventsDialog
from nkviewer.qt.export_scope import ExportScope
from nkviewer.qt.main_window import MainWindow
from nkviewer.qt.settings import Settings


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    ini = tmp_path / "settings.ini"
    w = MainWindow(settings=Settings(QSettings(str(ini), QSettings.Format.IniFormat)))
    qtbot.addWidget(w)
    w.show()
    folder = tmp_path / "corpus"
    folder.mkdir()
    w.open_paths([folder], factory=qt_sample.fake_pipeline())
    qtbot.waitUntil(lambda: not w.session.loading, timeout=10_000)
    return w


@pytest.fixture
def on_window_thread(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the window's thread does that waits: threads it starts, settings it writes."""
    seen: list[str] = []
    start, set_value, sync = threading.Thread.start, QSettings.setValue, QSettings.sync

    def spy(name: str, fn: Any) -> Any:
        def called(self: Any, *args: Any, **kwargs: Any) -> Any:
            if threading.current_thread() is threading.main_thread():
                seen.append(name)
            return fn(self, *args, **kwargs)

        return called

    monkeypatch.setattr(threading.Thread, "start", spy("Thread.start", start))
    monkeypatch.setattr(QSettings, "setValue", spy("QSettings.setValue", set_value))
    monkeypatch.setattr(QSettings, "sync", spy("QSettings.sync", sync))
    for name in ("selection", "figure_input"):
        monkeypatch.setattr(
            ExportScope, name, spy(f"ExportScope.{name}", getattr(ExportScope, name))
        )
    return seen


def export_events(qtbot: QtBot, window: MainWindow, path: Path, fmt: str) -> None:
    dialog = ExportEventsDialog(ExportScope.from_window(window), window.settings, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData(fmt))
    with qtbot.waitSignal(dialog.saved, timeout=20_000):
        dialog.save_in_background(path)


def test_export_events_starts_no_thread_and_writes_no_settings_on_the_window_thread(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, on_window_thread: list[str]
) -> None:
    window.timeline.set_selection(window.session.filtered["event_id"].iloc[:2].tolist())
    export_events(qtbot, window, tmp_path / "first.csv", "csv")  # may make the export's worker
    on_window_thread.clear()
    export_events(
        qtbot, window, tmp_path / "events.jsonl", "jsonl"
    )  # a new dialog, as a user opens
    assert on_window_thread == []
    # the choices are remembered at once and reach the file from the writer thread
    assert window.settings.export_choice("data_format", "csv") == "jsonl"
    window.settings.sync()
    on_disk = Settings(QSettings(window.settings.store.fileName(), QSettings.Format.IniFormat))
    assert on_disk.export_choice("data_format", "csv") == "jsonl"
    assert on_disk.export_dir() == str(tmp_path)


def test_export_image_starts_no_thread_and_writes_no_settings_on_the_window_thread(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, on_window_thread: list[str]
) -> None:
    def export_image(path: Path) -> None:
        dialog = ExportImageDialog(ExportScope.from_window(window), window.settings, window)
        qtbot.addWidget(dialog)
        combo = dialog.form.format_combo
        combo.setCurrentIndex(combo.findData(path.suffix[1:]))
        with qtbot.waitSignal(dialog.previewUpdated, timeout=10_000):
            dialog.show()
        with qtbot.waitSignal(dialog.saved, timeout=20_000):
            dialog.save_in_background(path)
        dialog.close()

    window.timeline.set_selection(window.session.filtered["event_id"].iloc[:2].tolist())
    export_image(tmp_path / "first.png")  # may make the dialog's workers
    on_window_thread.clear()
    export_image(tmp_path / "figure.svg")
    assert on_window_thread == []
    window.settings.sync()
    on_disk = Settings(QSettings(window.settings.store.fileName(), QSettings.Format.IniFormat))
    assert on_disk.export_choice("format", "png") == "svg"
