"""Workers give way to the window's thread (`nkviewer.threads.give_way`): between the steps of
a long loop a worker waits while the window's thread is using the CPU, so that a turn of the
window does not wait for the GIL at every call into Qt."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest

from nkviewer import threads
from nkviewer.events import facets
from nkviewer.threads import give_way, short_gil_turns


class FakeWindow:
    """A window's thread whose CPU time rises by 1 ms at every reading while `busy` is set."""

    ident = threading.main_thread().ident
    clock = 0

    def __init__(self) -> None:
        self.busy = threading.Event()
        self.cpu = 0
        self.reads = 0

    def read(self) -> int:
        self.reads += 1
        if self.busy.is_set():
            self.cpu += 1_000_000
        return self.cpu


@pytest.fixture
def window(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeWindow]:
    fake = FakeWindow()
    monkeypatch.setattr(threads, "_window_clock", fake)
    yield fake


def _in_worker(fn: Any) -> Any:
    out: list[Any] = []
    t = threading.Thread(target=lambda: out.append(fn()))
    t.start()
    t.join(timeout=30)
    assert not t.is_alive()
    return out[0]


def test_the_window_thread_itself_never_waits(window: FakeWindow) -> None:
    window.busy.set()
    assert give_way(limit=5.0) == 0.0
    assert window.reads == 0


def test_a_worker_waits_while_the_window_is_busy_and_goes_on_when_it_is_idle(
    window: FakeWindow,
) -> None:
    window.busy.set()
    timer = threading.Timer(0.15, window.busy.clear)  # the window's turn ends
    timer.start()
    try:
        waited = _in_worker(lambda: give_way(limit=10.0))
    finally:
        timer.cancel()
    assert waited >= 0.1  # it waited for the turn...
    assert waited < 5.0  # ...not for its limit


def test_a_worker_waits_no_longer_than_the_limit(window: FakeWindow) -> None:
    window.busy.set()  # a window busy for good (or waiting for this very worker)
    waited = _in_worker(lambda: give_way(limit=0.05))
    assert 0.05 <= waited < 5.0


def test_an_idle_window_costs_a_worker_one_look_and_no_sleep(
    window: FakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    def looks() -> list[float]:
        give_way()  # the first look: nothing to compare with yet
        slept: list[float] = []
        monkeypatch.setattr(threads.time, "sleep", slept.append)
        for _ in range(100):
            assert give_way() == 0.0
        return slept

    assert _in_worker(looks) == []


def test_a_clock_that_cannot_be_read_lets_the_worker_go_on(
    window: FakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fails() -> int:
        raise OSError("no such thread")

    monkeypatch.setattr(window, "read", fails)
    window.busy.set()
    assert _in_worker(give_way) == 0.0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="thread CPU clocks: Linux's")
def test_the_window_clock_is_the_main_thread_cpu_time() -> None:
    clock = threads._WindowClock()
    assert clock.clock is not None and clock.ident == threading.main_thread().ident
    before = _in_worker(clock.read)
    end = time.thread_time() + 0.02
    while time.thread_time() < end:  # the main thread busy for 20 ms of CPU
        pass
    assert _in_worker(clock.read) - before >= 15_000_000


def test_work_in_slices_gives_way_before_each(monkeypatch: pytest.MonkeyPatch) -> None:
    from nkviewer import slices

    calls: list[int] = []
    monkeypatch.setattr(slices, "give_way", lambda: calls.append(1) or 0.0)
    assert list(slices.row_slices(10, 4)) == [(0, 4), (4, 8), (8, 10)]
    assert len(calls) == 3


def test_a_filter_engine_built_in_a_worker_gives_way_every_step(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []
    monkeypatch.setattr(facets, "give_way", lambda: calls.append("engine") or 0.0)
    n = 3 * facets.BUILD_STEP + 1
    frame = pd.DataFrame(
        {
            "event_id": [f"e{i}" for i in range(n)],
            "title": ["talks"] * n,
            "sentence": ["They met."] * n,
            "entities": [[{"text": "China", "label": "GPE"}]] * n,
            "actors": [["China"]] * n,
            "places": [[]] * n,
            "sources": [[]] * n,
            "doc_source": ["Reuters"] * n,
        }
    )
    engine = _in_worker(lambda: facets.FilterEngine(frame))
    assert calls == ["engine"] * 4  # one per BUILD_STEP events, the first step included
    assert engine.counts(facets.FilterState())["country"] == [("China", n)]


def test_python_work_beside_the_window_starts_after_its_turn(window: FakeWindow) -> None:
    window.busy.set()
    timer = threading.Timer(0.1, window.busy.clear)
    timer.start()

    def work() -> float:
        t = time.perf_counter()
        with short_gil_turns():
            return time.perf_counter() - t

    try:
        assert _in_worker(work) >= 0.05
    finally:
        timer.cancel()
