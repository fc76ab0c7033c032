"""The loader's thread makes a big table's filter engine (a Python loop over every event) with
short GIL turns (`nkviewer.threads.short_gil_turns`), so the window's thread, which takes the
GIL back at every call into Qt, does not wait the default 5 ms each time."""

from __future__ import annotations

import sys
from typing import Any

import pytest

from nkviewer.corpus.progress import LoadUpdate
from nkviewer.events.table import events_to_frame
from nkviewer.qt import loader
from nkviewer.threads import SHORT_SWITCH_INTERVAL


def test_the_engine_is_made_with_short_gil_turns(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[float] = []

    class Recording:
        def __init__(self, frame: Any, **kw: Any) -> None:
            seen.append(sys.getswitchinterval())

    monkeypatch.setattr(loader, "FilterEngine", Recording)
    monkeypatch.setattr(loader, "offer_engine", lambda engine, documents: None)
    before = sys.getswitchinterval()
    assert before > SHORT_SWITCH_INTERVAL
    frame = events_to_frame(
        [{"event_id": "e1", "start": "2019-03-14", "end": "2019-03-14", "title": "Talks"}]
    )
    loader.EnginePreparer(minimum=1)(LoadUpdate("done", 1, 1, events=frame))
    assert seen == [SHORT_SWITCH_INTERVAL]
    assert sys.getswitchinterval() == before  # restored after
