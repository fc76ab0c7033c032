"""Paint benchmark of the timeline: `python -m bench.paint_bench [--sizes 1000,10000,...]`.

For 1,000 / 10,000 / 100,000 / 1,000,000 synthetic events over 30 years it times, offscreen at
1600 × 900, one frame of the timeline zoomed out (all 30 years) and zoomed in (one month), each
frame after a small pan as when the user drags, next to a bare `QPainter.drawRects` of the same
number of rectangles measured in the same run. It also times panning into unseen titles (each
frame one whole view further, one month wide, so every label is new: its width is measured in
that frame), alone and next to a thread busy in pure Python (the window's workers: each call
into Qt gives the GIL up and waits for it back), the first painted widget (set_events + show +
paint) and, in a fresh process, the peak memory at 100,000 events. Prints markdown.
Targets: at most 16 ms per frame at 100,000 events and 33 ms at 1,000,000.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np

W, H = 1600, 900
FRAMES = 30


def _app() -> Any:
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(["paint_bench"])


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def bare_draw_rects(n: int, frames: int = 10) -> float:
    """Median ms to draw `n` small filled rectangles with one drawRects call (the floor)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QImage, QPainter

    from nkviewer.render.glyphs import draw_rects

    rng = np.random.default_rng(1)
    rects = np.column_stack(
        [rng.uniform(0, W, n), rng.uniform(0, H, n), np.full(n, 4.0), np.full(n, 8.0)]
    )
    image = QImage(W, H, QImage.Format.Format_ARGB32_Premultiplied)
    samples = []
    for _ in range(frames):
        image.fill(QColor("white"))
        p = QPainter(image)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#88aacc"))
        t = time.perf_counter()
        draw_rects(p, rects)
        p.end()
        samples.append(time.perf_counter() - t)
    return _median_ms(samples)


def timeline_frames(frame: Any, t0: float, t1: float, frames: int = FRAMES) -> tuple[float, float]:
    """(median, 95th percentile) ms of painting the timeline for [t0, t1) into a 1600×900 image."""
    from PySide6.QtGui import QColor, QImage, QPainter

    from nkviewer.render.timeline import RenderOptions, TimelineRenderer

    renderer = TimelineRenderer(RenderOptions(interactive=True))
    renderer.set_frame(frame)
    image = QImage(W, H, QImage.Format.Format_ARGB32_Premultiplied)
    span = t1 - t0
    samples = []
    for k in range(frames + 2):
        shift = span * 0.004 * k  # a few pixels of pan per frame, as in a drag
        image.fill(QColor("white"))
        p = QPainter(image)
        p.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        t = time.perf_counter()
        renderer.paint(p, W, H, t0 + shift, t1 + shift)
        p.end()
        if k >= 2:  # the first frames fill caches (text widths, glyph pixmaps, row packing)
            samples.append(time.perf_counter() - t)
    return _median_ms(samples), float(np.percentile(samples, 95) * 1000)


def unseen_pan_frames(frame: Any, t0: float, t1: float, frames: int = 12) -> tuple[float, float]:
    """(median, max) ms of painting frames each one whole view right of the last: every title
    in view is new to the renderer (as when a drag-pan or a dataset's new window brings them)."""
    from PySide6.QtGui import QColor, QImage, QPainter

    from nkviewer.render.timeline import RenderOptions, TimelineRenderer

    renderer = TimelineRenderer(RenderOptions(interactive=True))
    renderer.set_frame(frame)
    image = QImage(W, H, QImage.Format.Format_ARGB32_Premultiplied)
    span = t1 - t0
    samples = []
    for k in range(frames + 1):
        image.fill(QColor("white"))
        p = QPainter(image)
        p.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        t = time.perf_counter()
        renderer.paint(p, W, H, t0 + span * k, t1 + span * k)
        p.end()
        if k >= 1:  # the first frame also packs rows and makes glyph pixmaps
            samples.append(time.perf_counter() - t)
    return _median_ms(samples), max(samples) * 1000


def window_pan_frames(frame: Any, frames: int = 8, window: int = 20_000) -> tuple[float, float]:
    """(median, max) ms of the first paint of each new window of a dataset (`WINDOW_MAX`
    events around a view a sixteenth as wide: individual glyphs, whose lanes pack rows with
    room for the labels of all their events), each window half a window right of the last:
    every title is new to the renderer, as when a drag-pan brings a dataset's next window."""
    from PySide6.QtGui import QColor, QImage, QPainter

    from nkviewer.render.timeline import RenderOptions, TimelineRenderer

    renderer = TimelineRenderer(RenderOptions(interactive=True))
    image = QImage(W, H, QImage.Format.Format_ARGB32_Premultiplied)
    start = max(0, min(len(frame) // 3, len(frame) - window - (frames - 1) * (window // 2)))
    samples = []
    for k in range(frames):
        part = frame.iloc[start + k * window // 2 : start + k * window // 2 + window]
        part = part.reset_index(drop=True)
        renderer.set_frame(part)
        renderer.model  # noqa: B018 - made by the fetching thread in the window, not timed
        a, b = float(part["t0"].iloc[0]), float(part["t0"].iloc[-1])
        middle, half = (a + b) / 2, (b - a) / 32
        image.fill(QColor("white"))
        p = QPainter(image)
        p.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        t = time.perf_counter()
        renderer.paint(p, W, H, middle - half, middle + half)
        p.end()
        samples.append(time.perf_counter() - t)
    return _median_ms(samples), max(samples) * 1000


@contextmanager
def _thread_while(step: Callable[[], object]) -> Iterator[None]:
    """A daemon thread calling `step` again and again for as long as the block runs."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            step()

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _spin() -> None:
    x = 0
    for i in range(1000):
        x += i * i


def busy_python_thread() -> AbstractContextManager[None]:
    """A thread running pure-Python work for as long as the block runs (default switch
    interval): what a window worker decoding rows does to the UI thread's calls into Qt."""
    return _thread_while(_spin)


def gil_holding_thread(seconds: float = 0.25) -> AbstractContextManager[None]:
    """A thread holding the GIL in one C call after another (~`seconds` each, a builtin `sum`
    that never lets go): what a worker inside a long C call that keeps the GIL does."""
    n = int(seconds * 3e7)
    return _thread_while(lambda: sum(range(n)))


def strip_and_axis(frame: Any, frames: int = 8) -> dict[str, float]:
    """Worst ms of the timeline's axis (`chrome.draw_axis`) and of the overview strip's paint
    over `frames` pans, alone and next to a thread holding the GIL (`gil_holding_thread`)."""
    from PySide6.QtGui import QImage, QPainter

    from nkviewer.model.axis import axis_ticks
    from nkviewer.qt.overview import OverviewStrip
    from nkviewer.render import chrome
    from nkviewer.render.timeline import RenderOptions, TimelineRenderer

    renderer = TimelineRenderer(RenderOptions(interactive=True))
    strip = OverviewStrip()
    strip.resize(W, 56)
    strip.set_events(frame)
    image = QImage(W, H, QImage.Format.Format_ARGB32_Premultiplied)
    g = renderer.geometry(W, H)
    lo = float(frame["t0"].min())
    out: dict[str, float] = {}
    contexts: tuple[tuple[str, AbstractContextManager[None]], ...] = (
        ("alone", nullcontext()),
        ("held", gil_holding_thread()),
    )
    for name, context in contexts:
        axis, overview = [], []
        with context:
            for k in range(frames + 1):  # the first frame loads fonts: not counted
                vp = renderer.viewport(g, lo + 400 + 30 * k, lo + 1400 + 30 * k)
                ticks = axis_ticks(
                    vp.t0, vp.t1, vp.width, char_px=renderer.fm.horizontalAdvance("0")
                )
                p = QPainter(image)
                t = time.perf_counter()
                chrome.draw_axis(p, g, vp, ticks, renderer.theme, renderer.font, renderer.font_bold)
                axis.append(time.perf_counter() - t)
                p.end()
                strip.set_visible_range(vp.t0, vp.t1)
                t = time.perf_counter()
                strip.grab()
                overview.append(time.perf_counter() - t)
                time.sleep(0.02)
        out[f"axis {name}"] = max(axis[1:]) * 1000
        out[f"overview {name}"] = max(overview[1:]) * 1000
    strip.deleteLater()
    return out


def first_paint(frame: Any) -> float:
    """Seconds from a new TimelineView to its first painted frame with `frame` loaded."""
    from nkviewer.qt.timeline_view import TimelineView

    t = time.perf_counter()
    view = TimelineView()
    view.resize(W, H)
    view.set_events(frame)
    view.show()
    view.repaint()
    elapsed = time.perf_counter() - t
    view.close()
    view.deleteLater()
    return elapsed


def memory_child(n: int) -> dict[str, float]:
    """Run in a fresh process: RSS before/after building `n` events and painting them."""
    from bench.procmem import status_mb
    from bench.synthetic import synthetic_frame

    def rss_mb(field: str = "VmRSS") -> float:
        mb = status_mb(field)
        return float("nan") if mb is None else mb

    _app()
    from nkviewer.qt.timeline_view import TimelineView

    base = rss_mb()
    frame = synthetic_frame(n, years=30)
    with_frame = rss_mb()
    view = TimelineView()
    view.resize(W, H)
    view.set_events(frame)
    view.show()
    view.repaint()
    a, b = view.visible_range()
    for k in range(20):
        view.set_visible_range(a + k, b + k)
        view.repaint()
    after = rss_mb()
    peak = rss_mb("VmHWM")
    return {"base": base, "frame": with_frame, "painted": after, "peak": peak}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000,1000000")
    parser.add_argument("--memory-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--no-memory", action="store_true", help="skip the memory measurement")
    args = parser.parse_args(argv)
    if args.memory_child:
        print(json.dumps(memory_child(args.memory_child)))
        return 0

    _app()
    from bench.synthetic import synthetic_frame

    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    unseen = []
    chrome_ms: dict[int, dict[str, float]] = {}
    firsts = []
    for n in sizes:
        frame = synthetic_frame(n, years=30)
        lo, hi = float(frame["t0"].min()), float(frame["t1"].max())
        mid = (lo + hi) / 2
        bare = bare_draw_rects(n)
        for view, (t0, t1) in (
            ("zoomed out (30 years)", (lo, hi)),
            ("zoomed in (1 month)", (mid, mid + 30)),
        ):
            med, p95 = timeline_frames(frame, t0, t1)
            rows.append((n, view, med, p95, bare, med / bare if bare else float("nan")))
        if n >= 100_000:
            a, b = lo + (hi - lo) * 0.3, lo + (hi - lo) * 0.3 + 30
            idle = unseen_pan_frames(frame, a, b)
            with busy_python_thread():
                busy = unseen_pan_frames(frame, a, b)
            unseen.append((n, "month-wide views", idle, busy, bare))
            idle = window_pan_frames(frame)
            with busy_python_thread():
                busy = window_pan_frames(frame)
            unseen.append((n, "new 20,000-event windows", idle, busy, bare))
            chrome_ms[n] = strip_and_axis(frame)
        firsts.append((n, first_paint(frame)))
        del frame
        gc.collect()

    print(f"Timeline paint time, offscreen {W}×{H}, median of {FRAMES} panned frames (ms)\n")
    print("| events | view | timeline ms (median) | p95 | bare drawRects ms | timeline / bare |")
    print("|---:|---|---:|---:|---:|---:|")
    for n, view, med, p95, bare, ratio in rows:
        print(f"| {n:,} | {view} | {med:.1f} | {p95:.1f} | {bare:.1f} | {ratio:.2f} |")
    if unseen:
        print("\nPanning into unseen titles: each frame's titles new to the renderer (ms)\n")
        print("| events | frames | median | max | median, busy thread | max, busy thread |")
        print("|---:|---|---:|---:|---:|---:|")
        for n, kind, (med, worst), (bmed, bworst), _bare in unseen:
            print(f"| {n:,} | {kind} | {med:.1f} | {worst:.1f} | {bmed:.1f} | {bworst:.1f} |")
    if chrome_ms:
        print("\nAxis and overview strip, worst of 8 pans (ms), alone and next to a thread")
        print("holding the GIL in 0.25-s C calls\n")
        print("| events | axis alone | axis, GIL held | overview alone | overview, GIL held |")
        print("|---:|---:|---:|---:|---:|")
        for n, c in chrome_ms.items():
            print(
                f"| {n:,} | {c['axis alone']:.1f} | {c['axis held']:.1f} "
                f"| {c['overview alone']:.1f} | {c['overview held']:.1f} |"
            )
    print("\nTime to first painted widget (set_events + show + paint)\n")
    print("| events | seconds |")
    print("|---:|---:|")
    for n, sec in firsts:
        print(f"| {n:,} | {sec:.2f} |")
    if not args.no_memory:
        out = subprocess.run(
            [sys.executable, "-m", "bench.paint_bench", "--memory-child", "100000"],
            capture_output=True,
            text=True,
            check=True,
        )
        mem = json.loads(out.stdout.strip().splitlines()[-1])
        print("\nMemory at 100,000 events (resident set, MB, fresh process)\n")
        print("| after imports + QApplication | + event table | + painted view | peak |")
        print("|---:|---:|---:|---:|")
        print(
            f"| {mem['base']:.0f} | {mem['frame']:.0f} | {mem['painted']:.0f} | {mem['peak']:.0f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
