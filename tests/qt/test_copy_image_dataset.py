"""Edit ▸ Copy Image on an event dataset: the selected events are looked up by id in the copy's
worker, never on the window's thread (a query: at 10^6 events the whole turn of the action),
and the clipboard gets the figure of exactly those events, as drawn before."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QGuiApplication, QImage
from pytestqt.qtbot import QtBot

pytest.importorskip("duckdb", reason="duckdb is not installed")

from nkviewer.corpus.dataset import EventDataset
from nkviewer.qt.export_dialog import CopyWork, _draw_copy
from nkviewer.qt.export_form import remembered_options
from nkviewer.qt.export_scope import ExportScope
from nkviewer.qt.main_window import MainWindow

SELECTED = ["ev-visit", "ev-moon"]


def _argb(image: QImage) -> QImage:
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def test_copy_image_looks_the_selection_up_in_its_worker(
    qtbot: QtBot, sample_dataset: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    window.session.open([sample_dataset])
    window.session.settle()
    window.timeline.set_selection(SELECTED)
    assert sorted(window.timeline.selected_ids()) == sorted(SELECTED)
    # the figure of the selection as Copy Image drew it before, all of it here
    scope = ExportScope.from_window(window)
    assert scope.is_dataset and scope.default_scope() == "selection"
    title = scope.default_title("selection", scope.group_by)  # as Export Image titles it
    options = remembered_options(
        window.settings, group_by=scope.group_by, title=title, time_range=None
    )
    expected = _draw_copy(CopyWork(scope.selection(), options, options.dpi))
    assert not expected.isNull()

    finds: list[tuple[list[str], threading.Thread]] = []
    real = EventDataset.find

    def noted(dataset: EventDataset, event_ids: list[str]) -> Any:
        finds.append((list(event_ids), threading.current_thread()))
        return real(dataset, event_ids)

    monkeypatch.setattr(EventDataset, "find", noted)
    clipboard = QGuiApplication.clipboard()
    clipboard.clear()
    window.copy_image_act.trigger()
    assert window.statusBar().currentMessage() == "Copying the selected events…"
    assert threading.main_thread() not in [thread for _, thread in finds]  # not looked up here
    qtbot.waitUntil(lambda: not clipboard.image().isNull(), timeout=20_000)
    assert window.statusBar().currentMessage().startswith("Copied the selected events")
    looked_up = [sorted(ids) for ids, _ in finds]
    assert sorted(SELECTED) in looked_up  # by the copy's worker
    assert threading.main_thread() not in [thread for _, thread in finds]
    assert _argb(clipboard.image()) == _argb(expected)
    window.close()
