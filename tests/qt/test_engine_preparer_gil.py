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


def test_the_loader_gives_way_to_the_window_before_each_batch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """E.g. to the window's turn that started the load, resetting every view: the loader's
    Python work (a big table's engine) waits for it (`nkviewer.threads.give_way`)."""
    order: list[str] = []
    monkeypatch.setattr(loader, "give_way", lambda: order.append("give way") or 0.0)
    monkeypatch.setattr(loader, "lower_priority", lambda: None)  # run here, on this thread

    def batches(should_stop: Any) -> Any:
        for i in range(3):
            order.append(f"batch {i}")
            yield LoadUpdate("parsing", i, 3)

    worker = loader.LoadWorker(batches)
    worker.yielded.connect(lambda item: order.append("yielded"))
    worker.run()
    each = [[f"batch {i}", "give way", "yielded"] for i in range(3)]
    assert order == [step for batch in each for step in batch]
