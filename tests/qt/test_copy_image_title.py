"""Edit ▸ Copy Image titles its figure as File ▸ Export Image titles it by default: one rule,
`ExportScope.default_title` (the copy was titled with the corpus's name, whatever it showed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import qt_sample
from PySide6.QtGui import QImage

from nkviewer.export.images import ImageOptions
from nkviewer.qt import export_dialog
from nkviewer.qt.export_form import work_out_title
from nkviewer.qt.export_scope import ExportScope

CORPUS_NAME = "my-corpus-folder"


def _copied_title(scope: ExportScope, name: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The title Copy Image's worker draws the figure of `name` under."""
    drawn: list[Any] = []

    def draw(work: Any) -> QImage:
        drawn.append(work)
        return QImage(1, 1, QImage.Format.Format_ARGB32)

    monkeypatch.setattr(export_dialog, "_draw_copy", draw)
    options = ImageOptions(width=800, title="", group_by=scope.group_by, time_range=None)
    export_dialog._draw_scope(scope, name, options)
    (work,) = drawn
    return str(work.options.title)


@pytest.mark.parametrize("group_by", ["country", "source"])
@pytest.mark.parametrize("name", ["selection", "visible"])
def test_copy_image_of_a_corpus_in_memory_is_titled_as_export_image_titles_it(
    qapp: Any, monkeypatch: pytest.MonkeyPatch, name: str, group_by: str
) -> None:
    frame = qt_sample.frame()
    scope = ExportScope(
        frame=frame,
        selected=["ev-summit", "ev-visit"],
        visible=(float(frame["t0"].min()), float(frame["t1"].max())),
        group_by=group_by,
        title=CORPUS_NAME,
    )
    title = _copied_title(scope, name, monkeypatch)
    assert title == work_out_title(lambda: False, scope, name, group_by)
    assert title and title != CORPUS_NAME  # what the figure shows, not the folder's name


def test_copy_image_of_a_dataset_selection_is_titled_as_export_image_titles_it(
    qapp: Any, sample_dataset: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("duckdb", reason="duckdb is not installed")
    from nkviewer.corpus.dataset import EventDataset
    from nkviewer.model.source import DatasetSource

    with EventDataset.open(sample_dataset) as ds:
        scope = ExportScope(
            source=DatasetSource(ds, background=False),
            selected=["ev-visit", "ev-moon"],
            title=CORPUS_NAME,
        )
        title = _copied_title(scope, "selection", monkeypatch)
        assert title == work_out_title(lambda: False, scope, "selection", scope.group_by)
    assert title and title != CORPUS_NAME
