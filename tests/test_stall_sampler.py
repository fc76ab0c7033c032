"""The soak's stall sampler (`bench/stallprof.py`) names what held a long turn of the main
thread: the function it ran in, or the call it was blocked in (then "waiting in"), and the
garbage collections that ran meanwhile in any thread. Only that is asserted; how long anything
took is not."""

from __future__ import annotations

import gc
import threading
import time
import weakref

from bench.stallprof import GcPauses, StallSampler, site, trim


def hold_the_turn_busy(seconds: float, sampler: StallSampler | None = None) -> int:
    """Python work on the main thread for `seconds`, and on until `sampler` has sampled the
    turn twice (within 30 s: on a busy machine its thread may be scheduled late)."""
    n = 0
    end = time.perf_counter() + seconds
    give_up = end + 30
    while time.perf_counter() < end or (
        sampler is not None and len(sampler._samples) < 2 and time.perf_counter() < give_up
    ):
        n += 1
    return n


def hold_the_turn_waiting(seconds: float) -> None:
    """The main thread blocked for `seconds`, as on a lock another thread holds."""
    lock = threading.Lock()
    lock.acquire()
    threading.Timer(seconds, lock.release).start()
    lock.acquire()


def test_a_long_turn_is_profiled_in_the_function_that_held_it() -> None:
    with StallSampler(threshold_ms=50, interval_ms=10) as sampler:
        sampler.begin()
        hold_the_turn_busy(0.3, sampler)
        turn = sampler.end()
    assert turn is not None
    assert turn.samples >= 2
    assert "hold_the_turn_busy" in turn.stack[0]
    assert turn.stack[0].startswith("tests/test_stall_sampler.py:")
    assert "hold_the_turn_busy" in turn.state
    assert any("test_a_long_turn_is_profiled" in f for f in turn.stack)


def test_a_turn_blocked_in_a_call_says_it_was_waiting_there() -> None:
    with StallSampler(threshold_ms=50, interval_ms=10) as sampler:
        sampler.begin()
        hold_the_turn_waiting(0.3)
        turn = sampler.end()
    assert turn is not None
    assert turn.state.startswith("waiting in tests/test_stall_sampler.py:")
    assert "hold_the_turn_waiting" in turn.state
    assert "lock.acquire()" in turn.line


def collect_in_a_thread(name: str, generation: int = 2) -> None:
    worker = threading.Thread(target=gc.collect, args=(generation,), name=name)
    worker.start()
    worker.join()


def test_a_long_turn_names_the_collections_other_threads_ran_during_it() -> None:
    with StallSampler(threshold_ms=50, interval_ms=10) as sampler:
        sampler.begin()
        collect_in_a_thread("a-worker")
        hold_the_turn_busy(0.3, sampler)
        turn = sampler.end()
    assert turn is not None
    assert "gen2" in turn.gc
    assert "a-worker" in turn.gc
    assert turn.gc_ms > 0
    assert turn.as_dict()["gc"] == turn.gc


def test_collections_before_the_turn_are_not_its() -> None:
    with StallSampler(threshold_ms=50, interval_ms=10) as sampler:
        collect_in_a_thread("before-the-turn")
        sampler.begin()
        hold_the_turn_busy(0.3, sampler)
        turn = sampler.end()
    assert turn is not None
    assert "before-the-turn" not in turn.gc


def test_the_collections_are_summed_up_by_generation_and_thread() -> None:
    gc.disable()  # no automatic collection meanwhile: only the ones asked for are recorded
    pauses = GcPauses().install()
    try:
        collect_in_a_thread("young", generation=0)
        collect_in_a_thread("old", generation=2)
    finally:
        pauses.remove()
        gc.enable()
    collect_in_a_thread("after-removal", generation=2)
    assert {p.thread for p in pauses.pauses} == {"young", "old"}
    summary = pauses.summary()
    assert summary["gen0"]["count"] == 1 and summary["gen2"]["count"] == 1
    assert "gen1" not in summary


def test_a_short_turn_has_no_profile() -> None:
    with StallSampler(threshold_ms=10_000, interval_ms=10) as sampler:
        sampler.begin()
        hold_the_turn_busy(0.05)
        assert sampler.end() is None


def test_a_stack_keeps_the_projects_frames_and_the_library_frames_at_its_edge() -> None:
    lib = "/venv/lib/python3.11/site-packages/pandas/core/"
    stack = [
        (lib + "a.py", 1, "inner"),
        (lib + "b.py", 2, "middle"),
        (lib + "frame.py", 3, "__getitem__"),
        ("/repo/nkviewer/app/dataset.py", 10, "_decode"),
        ("/repo/nkviewer/qt/view.py", 20, "click"),
        ("/repo/bench/soak.py", 30, "run"),
    ]
    names = [f for _, _, f in trim(stack)]
    assert names == ["inner", "__getitem__", "_decode", "click"]


def test_samples_deeper_or_elsewhere_in_the_same_library_call_count_as_one_site() -> None:
    lib = "/venv/lib/python3.11/site-packages/pandas/core/"
    own = [("/repo/nkviewer/app/dataset.py", 10, "_decode"), ("/repo/bench/soak.py", 30, "run")]
    one = trim([(lib + "a.py", 1, "inner"), (lib + "frame.py", 3, "__getitem__"), *own])
    two = trim([(lib + "b.py", 7, "other"), (lib + "frame.py", 5, "__getitem__"), *own])
    elsewhere = trim([(lib + "frame.py", 9, "merge"), *own])
    assert site(one) == site(two)
    assert site(one) != site(elsewhere)


def test_a_turn_says_how_much_of_it_the_main_thread_spent_on_a_cpu() -> None:
    # a long turn is work done or a wait (for the GIL, a lock, a CPU): its CPU time says which
    with StallSampler(threshold_ms=50, interval_ms=10) as sampler:
        sampler.begin()
        hold_the_turn_waiting(0.3)
        waiting = sampler.end()
        sampler.begin()
        hold_the_turn_busy(0.3, sampler)
        busy = sampler.end()
    assert waiting is not None and busy is not None
    assert waiting.cpu_ms is not None and busy.cpu_ms is not None
    assert waiting.cpu_ms < waiting.ms / 2  # blocked on the lock, not working
    assert busy.cpu_ms > waiting.cpu_ms
    assert waiting.as_dict()["cpu_ms"] == round(waiting.cpu_ms)
    assert "the turn's CPU" in waiting.text()


def test_an_unsampled_long_turn_keeps_its_cpu_time() -> None:
    with StallSampler(threshold_ms=50, interval_ms=10) as sampler:
        sampler._stop = True  # the sampling thread ends: the turn is long but never sampled
        assert sampler._thread is not None
        sampler._thread.join()
        sampler.begin()
        hold_the_turn_waiting(0.1)
        turn = sampler.end()
    assert turn is not None and turn.samples == 0
    assert turn.cpu_ms is not None
    assert "the turn's CPU" in turn.text()


def test_the_soak_counts_stalls_per_action_with_the_longest_ones_cpu() -> None:
    from bench.soak import Report
    from bench.stallprof import TurnProfile

    report = Report("dataset")
    sampled = TurnProfile.unsampled(250.0)
    sampled.cpu_ms = 12.0
    report.stalls = [(120.0, "click"), (250.0, "click (closing)"), (300.0, "wheel")]
    report.stall_at = [5.0, 15.0, 25.0]
    report.stall_stacks = [(250.0, "click (closing)", sampled)]
    rows = report.stalls_by_action()
    assert list(rows) == ["wheel", "click"]  # the longest first
    assert rows["click"] == {"over_100": 2, "over_200": 1, "worst_ms": 250, "worst_cpu_ms": 12}
    assert rows["wheel"]["worst_cpu_ms"] is None  # not sampled
    summary = report.summary()
    assert summary["stalls_over_200ms"] == 2
    assert summary["stalls_by_action"] == rows


def test_the_soak_gives_each_stall_its_time_and_the_machines_other_load() -> None:
    """A stall while other processes kept the cores busy is told apart from one of the window
    alone: each stall comes with the CPU the rest of the machine used in its sample period."""
    from bench.soak import Report, cpu_seconds

    report = Report("dataset")
    report.stalls = [(120.0, "click"), (310.0, "wheel")]
    report.stall_at = [4.0, 25.0]
    report.others = [(10.0, 0.05), (20.0, 1.5), (30.0, 0.9)]
    assert report.summary()["stall_times"] == [(4, 120, "click", 0.05), (25, 310, "wheel", 0.9)]
    machine, own = cpu_seconds()
    spin = time.process_time() + 0.1
    while time.process_time() < spin:
        pass
    later = cpu_seconds()
    # this process's CPU counts (os.times() in clock ticks: 10 ms, less a float's rounding)
    assert later[1] - own >= 0.08
    assert later[0] >= machine + (later[1] - own) - 0.03  # within the machine's (ticks)


def test_looking_at_other_threads_keeps_none_of_their_frames_alive() -> None:
    """The sampler's look at the other threads' stacks leaves no reference cycle holding their
    frames: a worker's local is freed by reference counting once the worker returns (in the
    soak, a dropped dataset corpus a worker's frame held stayed alive, frozen, until a walk)."""

    class Held:
        pass

    started, release = threading.Event(), threading.Event()
    held = Held()
    gone = weakref.ref(held)

    def work(obj: Held) -> None:  # (`obj`: a local of the worker's frame until it returns)
        started.set()
        release.wait(10)

    worker = threading.Thread(target=work, args=(held,))
    del held
    gc.disable()  # only reference counting frees anything
    try:
        worker.start()
        started.wait(10)
        StallSampler()._busiest()
        release.set()
        worker.join(10)
        assert gone() is None
    finally:
        gc.enable()
