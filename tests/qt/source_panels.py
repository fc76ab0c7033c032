"""A Source panel on a session, shown at the size the panel tests read it at."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from nkviewer.qt.session import Session
from nkviewer.qt.source_panel import SourcePanel


def shown_panel(qtbot: QtBot, session: Session) -> SourcePanel:
    widget = SourcePanel(session)
    qtbot.addWidget(widget)
    widget.resize(560, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget
