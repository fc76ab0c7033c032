"""What the window's thread's full collections walk: a soak (`bench/soak.py`) with a probe.

(`--any-thread`: every thread's.)

With `nkviewer.heap.keep_long_lived` on, a full (generation-2) collection walks only the objects
not frozen, i.e. made (and still alive) since the last one. For every full collection on the
main thread, this counts those objects by type just before it runs (`gc.get_objects()` lists
only the unfrozen ones; walks of everything, `heap.renew` and the first, are left out), with
the number of references the containers among them hold (a list of 10^5 strings is one object
but 10^5 visits), what the lists hold, and a few lists with what holds them; with `--trace`,
also where each was made (`tracemalloc`, started `--trace-after` seconds in: the innermost
frames in nkviewer, or else the innermost frames at all), which slows the soak tenfold. A
probe, kept out of the app: run as

    PYTHONPATH=. python -m bench.gcyoung [--trace] --top 25 -- --minutes 2 --kinds memory

(everything after `--` goes to `bench.soak`).
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import threading
import time
import tracemalloc
import types
from collections import Counter
from pathlib import Path
from typing import Any

_SIZED = (list, tuple, dict, set, frozenset)


class YoungCensus:
    """A `gc.callbacks` entry: before each full collection in the main thread, a census of
    the objects it is about to walk."""

    def __init__(self, *, trace: bool, frames: int, any_thread: bool = False) -> None:
        self.trace = trace
        self.any_thread = any_thread
        self.threads: Counter[str] = Counter()
        self._young: list[object] = []
        self.frames = frames
        self.collections = 0
        self.objects: list[int] = []  # per collection
        self.by_type: Counter[str] = Counter()
        self.refs_by_type: Counter[str] = Counter()
        self.by_site: Counter[str] = Counter()
        self.dict_keys: Counter[str] = Counter()
        self.list_items: Counter[str] = Counter()
        self._busy = False
        self.walks_of_all = 0
        self.samples: dict[str, list[str]] = {}
        #: per full collection censused: thread, objects walked, then (at its end) how many
        #: it freed and its wall time without the census (the census' own time left out)
        self.each: list[dict[str, Any]] = []
        self._began: dict[int, tuple[float, dict[str, Any]]] = {}
        self.by_thread_type: dict[str, Counter[str]] = {}

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "stop":
            began = self._began.pop(threading.get_ident(), None)
            if began is not None and info.get("generation") == 2:
                at, row = began
                row["ms"] = round((time.perf_counter() - at) * 1000, 1)
                row["collected"] = info.get("collected", 0)
            return
        if (
            phase != "start"
            or info.get("generation") != 2
            or (not self.any_thread and threading.current_thread() is not threading.main_thread())
            or self._busy
        ):
            return
        from nkviewer import heap

        if heap._walk_all or heap._thawed or not heap.keeping():  # walks of everything
            self.walks_of_all += 1
            return
        self._busy = True
        try:
            self._census()
        finally:
            self._busy = False
        self._began[threading.get_ident()] = (time.perf_counter(), self.each[-1])

    def _census(self) -> None:
        young = self._young = gc.get_objects()
        self.collections += 1
        thread = threading.current_thread().name
        self.threads[thread] += 1
        self.objects.append(len(young))
        where = _where(sys._getframe(2))  # (the frame that allocated past the threshold)
        self.each.append({"thread": thread, "objects": len(young), "where": where})
        mine = self.by_thread_type.setdefault(thread, Counter())
        for obj in young:
            kind = type(obj)
            name = kind.__qualname__
            self.by_type[name] += 1
            mine[name] += 1
            if kind in _SIZED:
                self.refs_by_type[name] += len(obj) * (2 if kind is dict else 1)
            if kind is dict and len(obj) <= 40:
                keys = sorted(map(str, list(obj)[:6]))
                self.dict_keys[",".join(keys)[:90]] += 1
            elif kind is list and obj:
                key = f"len<={_bucket(len(obj))} of {type(obj[0]).__qualname__}"
                self.list_items[key] += 1
                seen = self.samples.setdefault(key, [])
                if len(seen) < 4 and self.list_items[key] % 997 == 1:
                    seen.append(f"{obj!r:.120} held by {self._holders(obj)}")
            if self.trace:
                self.by_site[self._site(obj)] += 1
        del young
        self._young = []

    def _holders(self, obj: object, depth: int = 3, skip: list[object] | None = None) -> str:
        """What holds `obj`, `depth` levels up (a frame by its code and line), leaving out the
        probe's own lists and frames."""
        if depth == 0:
            return ""
        skip = [] if skip is None else skip
        referrers = gc.get_referrers(obj)
        skip.append(referrers)
        out = []
        for r in referrers:
            if r is self._young or any(r is k for k in skip) or _is_probe_frame(r):
                continue
            if isinstance(r, types.FrameType):
                out.append(f"frame {_short(r.f_code.co_filename)}:{r.f_lineno} {r.f_code.co_name}")
                continue
            size = len(r) if isinstance(r, _SIZED) else "?"
            up = self._holders(r, depth - 1, skip)
            out.append(f"{type(r).__qualname__}(len {size})" + (f" < [{up}]" if up else ""))
            if len(out) >= 2:
                break
        return "; ".join(out)

    def _site(self, obj: object) -> str:
        tb = tracemalloc.get_object_traceback(obj)
        if tb is None:
            return "(not traced)"
        frames = list(tb)[::-1]  # (a traceback lists the oldest frame first)
        ours = [f for f in frames if "/nkviewer/" in f.filename]
        pick = ours[:3] if ours else frames[:3]
        return " < ".join(f"{_short(f.filename)}:{f.lineno}" for f in pick)

    def report(self, top: int) -> dict[str, Any]:
        objs = sorted(self.objects)
        return {
            "collections": self.collections,
            "walks_of_all_skipped": self.walks_of_all,
            "threads": dict(self.threads),
            "samples": self.samples,
            "young_objects_median": objs[len(objs) // 2] if objs else 0,
            "young_objects_max": objs[-1] if objs else 0,
            "young_objects_total": sum(objs),
            "each": self.each,
            "by_type": self.by_type.most_common(top),
            "by_thread_type": {t: c.most_common(12) for t, c in self.by_thread_type.items()},
            "refs_by_type": self.refs_by_type.most_common(top),
            "dict_keys": self.dict_keys.most_common(top),
            "list_items": self.list_items.most_common(top),
            "by_site": self.by_site.most_common(top),
        }


def _where(frame: types.FrameType | None) -> str:
    """Where a thread was when its allocation set off a collection: the innermost frames in
    nkviewer (else in bench), then the innermost two at all."""
    frames = []
    while frame is not None and len(frames) < 60:
        frames.append(frame)
        frame = frame.f_back
    ours = [f for f in frames if "/nkviewer/" in f.f_code.co_filename][:3]
    ours = ours or [f for f in frames if "/bench/" in f.f_code.co_filename][:3]
    text = " < ".join(
        f"{_short(f.f_code.co_filename)}:{f.f_lineno} {f.f_code.co_name}" for f in ours
    )
    inner = " < ".join(f"{_short(f.f_code.co_filename)}:{f.f_lineno}" for f in frames[:2])
    return f"{text} || {inner}"


def _is_probe_frame(obj: object) -> bool:
    return isinstance(obj, types.FrameType) and obj.f_code.co_filename == __file__


def _bucket(n: int) -> int:
    b = 1
    while b < n:
        b *= 4
    return b


def _short(path: str) -> str:
    for mark in ("/nkviewer/", "/bench/", "/site-packages/", "/lib/python"):
        if mark in path:
            return path[path.index(mark) + 1 :]
    return path


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    soak_argv = argv[argv.index("--") + 1 :] if "--" in argv else []
    own = argv[: argv.index("--")] if "--" in argv else argv
    ap = argparse.ArgumentParser(prog="python -m bench.gcyoung", description=__doc__.split("\n")[0])
    ap.add_argument("--trace", action="store_true", help="where each object was made (slow)")
    ap.add_argument("--frames", type=int, default=10, help="tracemalloc frames kept")
    ap.add_argument(
        "--trace-after",
        type=float,
        default=45.0,
        help="start tracing this many seconds in (the soak's corpus is made by then: tracing "
        "its making took minutes)",
    )
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--any-thread", action="store_true", help="the workers' full collections too")
    ap.add_argument("--out", type=Path, help="write the census here as JSON")
    args = ap.parse_args(own)
    if args.trace:
        timer = threading.Timer(args.trace_after, tracemalloc.start, (args.frames,))
        timer.daemon = True
        timer.start()
    census = YoungCensus(trace=args.trace, frames=args.frames, any_thread=args.any_thread)
    gc.callbacks.insert(0, census)
    from bench import soak

    try:
        rc = soak.main(soak_argv)
    finally:
        gc.callbacks.remove(census)
    result = census.report(args.top)
    text = json.dumps(result, indent=1)
    print(text)
    if args.out:
        args.out.write_text(text)
    return rc


if __name__ == "__main__":
    raise SystemExit(main())
