"""What workers giving way to the window's thread buys (`nkviewer.threads.give_way`):
`python -m bench.give_way [--events 100000] [--rounds 8] [--json out.json]`.

The real window offscreen at 1600 × 1000 on a synthetic corpus in memory (as `bench/soak.py`
opens it), two scenes, each run `--rounds` times with workers giving way and as many without
(`give_way` switched off), alternated so that both see the same machine:

- reopen: after five of the soak's random actions, the corpus is opened again and the loop
  run, turn by turn, until it is loaded (the loader's thread makes the filter engine of the
  10^5 events, a Python loop, while the window resets every view). Per reopen: its longest
  loop turn (wall time), the window's CPU time in that turn, and the whole reopen's wall time.
- export: a worker turns the corpus into the Arrow table a Parquet export writes
  (`cells.arrow_table`, 500 rows per call) again and again while the window's thread makes
  the soak's fit, wheel and click actions, each followed by its idle loop turns. Per action:
  its longest turn and the window's CPU in it; and how many tables the worker made per second.

A turn's wall time beyond the window's own CPU is, on a quiet machine, time spent waiting for
the GIL. Not a test: figures compared as ratios within one run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


class _Off:
    """A window clock that cannot be read: `give_way` returns at once (the code before)."""

    ident = None
    clock = None


def _switch(on: bool, real: Any) -> None:
    from nkviewer import threads

    threads._window_clock = real if on else _Off()  # type: ignore[assignment]


def _turns(app: Any, done: Callable[[], bool], limit: float = 120.0) -> list[Any]:
    """Run the loop until `done()` (and at least one turn): each turn's (wall, window CPU) s."""
    from PySide6.QtCore import QEvent

    out = []
    deadline = time.perf_counter() + limit
    while True:
        t, c = time.perf_counter(), time.thread_time()
        app.processEvents()
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        out.append((time.perf_counter() - t, time.thread_time() - c))
        if done() or time.perf_counter() > deadline:
            return out
        time.sleep(0.005)


def _action_turns(app: Any, action: Callable[[], None], idle: float = 0.15) -> list[Any]:
    t, c = time.perf_counter(), time.thread_time()
    action()
    first = [(time.perf_counter() - t, time.thread_time() - c)]
    until = time.perf_counter() + idle
    return first + _turns(app, lambda: time.perf_counter() >= until)


def run(events: int, rounds: int, seed: int) -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication

    from bench.soak import User, window_on
    from nkviewer import heap, memory_tuning, threads
    from nkviewer.export.cells import _stored_schema

    memory_tuning.tune()
    heap.keep_long_lived()
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    threads.give_way()  # made here, on the window's thread (a no-op there)
    real = threads._window_clock
    out: dict[str, Any] = {"reopen": {True: [], False: []}, "export": {True: [], False: []}}
    with window_on("memory", events, seed, app, "nkviewer-giveway-") as (work, corpus, window):
        user = User(window, app, random.Random(seed), work)
        session = window.session
        for r in range(rounds):
            for on in (r % 2 == 0, r % 2 == 1):  # alternated: neither always goes first
                _switch(on, real)
                for _ in range(5):
                    try:
                        user.pick()()
                    except Exception as exc:  # a random action may fail: not what is measured
                        print(f"   (an action failed: {exc})", file=sys.stderr)
                    _turns(app, lambda: not session.refiltering, 30)
                t0 = time.perf_counter()
                session.open([corpus.path], factory=corpus._deliver)
                turns = _turns(app, lambda: not session.loading)
                wall = time.perf_counter() - t0
                _turns(app, lambda: not session.refiltering, 30)
                longest = max(turns)
                out["reopen"][on].append({"turn": longest[0], "cpu": longest[1], "wall": wall})
        frame = corpus.frame
        schema = _stored_schema()
        for r in range(rounds):
            for on in (r % 2 == 0, r % 2 == 1):
                _switch(on, real)
                stop = threading.Event()
                made = [0]

                worker = threading.Thread(
                    target=_convert, args=(stop, made, frame, schema), name="bench-export"
                )
                t0 = time.perf_counter()
                worker.start()
                rows = []
                for _ in range(12):
                    action = random.Random(r).choice([user.fit, user.wheel, user.click])
                    turns = _action_turns(app, action)
                    longest = max(turns)
                    rows.append({"turn": longest[0], "cpu": longest[1]})
                stop.set()
                worker.join()
                per_s = made[0] / (time.perf_counter() - t0)
                out["export"][on].append({"actions": rows, "tables_per_s": per_s})
        _switch(True, real)
        window.close()
    return out


def _convert(stop: threading.Event, made: list[int], frame: Any, schema: Any) -> None:
    """(A worker, as an export's.) Make the Parquet export's Arrow table until `stop`."""
    from nkviewer import threads
    from nkviewer.export.cells import arrow_table

    threads.lower_priority()
    while not stop.is_set():
        arrow_table(frame, schema)
        made[0] += 1


def _ms(xs: list[float]) -> str:
    return f"{statistics.median(xs) * 1000:.0f} / {max(xs) * 1000:.0f}"


def markdown(out: dict[str, Any]) -> str:
    lines = [
        "| scene | workers | longest turn, median / max (ms) | window's CPU in it, median / max "
        "(ms) | the worker's work |",
        "|---|---|---|---|---|",
    ]
    for on in (False, True):
        rows = out["reopen"][on]
        walls = [r["wall"] for r in rows]
        lines.append(
            f"| reopen, 10^5 in memory | {'give way' if on else 'do not'} | "
            f"{_ms([r['turn'] for r in rows])} | {_ms([r['cpu'] for r in rows])} | "
            f"reopen {statistics.median(walls):.2f} s (median) |"
        )
    for on in (False, True):
        rounds = out["export"][on]
        acts = [a for r in rounds for a in r["actions"]]
        rate = statistics.median(r["tables_per_s"] for r in rounds)
        lines.append(
            f"| fit / wheel / click beside a Parquet export's conversion | "
            f"{'give way' if on else 'do not'} | {_ms([a['turn'] for a in acts])} | "
            f"{_ms([a['cpu'] for a in acts])} | {rate:.2f} tables/s (median) |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m bench.give_way", description=__doc__.split("\n")[0]
    )
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=8)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    out = run(args.events, args.rounds, args.seed)
    print(markdown(out))
    if args.json:
        args.json.write_text(
            json.dumps({k: {str(on): v for on, v in d.items()} for k, d in out.items()}, indent=1)
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
