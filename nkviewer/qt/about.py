"""The About dialog: what nkviewer is, and the versions of everything that shapes its results."""

from __future__ import annotations

import html
import platform
from importlib.metadata import PackageNotFoundError, version

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from nkviewer import __version__, paths
from nkviewer.errors import ModelNotFoundError
from nkviewer.nlp.model import model_label


def _dist_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def model_description(requested: str | None = None) -> str:
    """`name-version` of the spaCy pipeline, read from its metadata (without loading spaCy)."""
    try:
        return model_label(requested)
    except ModelNotFoundError:
        return "none installed (see the README: Troubleshooting)"
    except Exception as exc:  # a broken package: show it rather than fail the dialog
        return f"unreadable ({exc})"


def versions(model: str | None = None) -> list[tuple[str, str]]:
    return [
        ("nkviewer", __version__),
        ("spaCy", _dist_version("spacy")),
        ("Language model", model_description(model)),
        ("dateparser", _dist_version("dateparser")),
        ("pandas", _dist_version("pandas")),
        ("Qt", f"{qVersion()} (PySide6 {PySide6.__version__})"),
        ("Python", f"{platform.python_version()} on {platform.system()} {platform.machine()}"),
    ]


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, *, model: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About nkviewer")
        lay = QVBoxLayout(self)
        lay.setSpacing(10)
        head = QLabel(
            f"<h2 style='margin-bottom:2px'>nkviewer {html.escape(__version__)}</h2>"
            "A timeline explorer for news corpora: it turns a folder of articles into one "
            "zoomable timeline of dated events, each one click away from the sentence it came "
            "from."
        )
        head.setWordWrap(True)
        lay.addWidget(head)
        rows = "".join(
            f"<tr><td style='padding-right:14px'><b>{html.escape(k)}</b></td>"
            f"<td>{html.escape(v)}</td></tr>"
            for k, v in versions(model)
        )
        table = QLabel(f"<table>{rows}</table>")
        table.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(table)
        where = QLabel(
            f"<small>Logs: {html.escape(str(paths.log_dir()))}<br>"
            f"Cache: {html.escape(str(paths.cache_dir()))}<br>"
            "Licence: MIT. Hangul font: NanumSquare (SIL Open Font License).</small>"
        )
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(where)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(480, self.sizeHint().height())
