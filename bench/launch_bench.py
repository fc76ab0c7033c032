"""Start-up of the window, against a bare Qt window measured in the same run.

    python -m bench.launch_bench [--repeat 5]

Each measurement is a fresh process started the way a user starts `nkviewer` (the real
`nkviewer.cli.gui.main` on the bundled `seeds/`, offscreen), timed from just before the process
is spawned (interpreter start-up included) to:

1. the first paint of the main window;
2. the seeds' events drawn on the timeline with the loader finished, with an empty parse cache
   (spaCy loads and parses in the background) and with a warm cache (no spaCy).

The reference is a bare PySide6 `QMainWindow` with one label, timed the same way to its first
paint: the floor any Qt application pays on this machine. Settings, cache and logs go to a
temporary folder, so the user's own are neither read nor touched.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TIMEOUT_S = 600

BARE = """
import os, sys, time
t0 = float(os.environ["NKVIEWER_BENCH_T0"])
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

class Watch(QObject):
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint:
            print(f"painted {time.time() - t0:.4f}", flush=True)
            QTimer.singleShot(0, QApplication.quit)
            QApplication.instance().removeEventFilter(self)
        return False

app = QApplication(sys.argv[:1])
watch = Watch()
app.installEventFilter(watch)
w = QMainWindow()
w.setCentralWidget(QLabel("hello"))
w.resize(1400, 900)
w.show()
app.exec()
"""

APP = """
import os, sys, time
t0 = float(os.environ["NKVIEWER_BENCH_T0"])
import nkviewer.qt.app as qt_app
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

create = qt_app.create_application

class Watch(QObject):
    painted = False
    def eventFilter(self, obj, ev):
        if not self.painted and ev.type() == QEvent.Type.Paint:
            self.painted = True
            print(f"painted {time.time() - t0:.4f}", flush=True)
        return False

def poll():
    from nkviewer.qt.main_window import MainWindow
    for w in QApplication.topLevelWidgets():
        if isinstance(w, MainWindow) and w.session.event_count() and not w.session.loading:
            w.timeline.repaint()  # the events drawn, not just loaded
            print(f"events {time.time() - t0:.4f} {w.session.event_count()}", flush=True)
            QApplication.quit()
            return
    QTimer.singleShot(5, poll)

def patched(*args, **kwargs):
    app = create(*args, **kwargs)
    app._bench_watch = Watch(app)
    app.installEventFilter(app._bench_watch)
    QTimer.singleShot(0, poll)
    return app

qt_app.create_application = patched
from nkviewer.cli.gui import main
sys.exit(main(sys.argv[1:]))
"""


def _run(script: str, args: list[str], home: Path) -> dict[str, float]:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        NKVIEWER_CACHE_DIR=str(home / "cache"),
        NKVIEWER_CONFIG_DIR=str(home / "config"),
        NKVIEWER_DATA_DIR=str(home / "data"),
        NKVIEWER_LOG_DIR=str(home / "log"),
        XDG_CONFIG_HOME=str(home / "xdg-config"),
        NKVIEWER_BENCH_T0=repr(time.time()),
    )
    out = subprocess.run(
        [sys.executable, "-c", script, *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    marks: dict[str, float] = {}
    for line in out.stdout.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] in ("painted", "events"):
            marks.setdefault(parts[0], float(parts[1]))
            if parts[0] == "events":
                marks["count"] = float(parts[2])
    if "painted" not in marks:
        raise RuntimeError(f"no paint seen (exit {out.returncode}):\n{out.stderr[-2000:]}")
    return marks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each (median)")
    args = parser.parse_args(argv)
    seeds = str(REPO / "seeds")
    bare, first, cold, warm = [], [], [], []
    count = 0.0
    for i in range(args.repeat):
        with tempfile.TemporaryDirectory(prefix="nkviewer-launch-") as tmp:
            home = Path(tmp)
            bare.append(_run(BARE, [], home)["painted"])
            run = _run(APP, [seeds, "--jobs", "1"], home)  # empty cache: spaCy parses
            first.append(run["painted"])
            cold.append(run["events"])
            again = _run(APP, [seeds, "--jobs", "1"], home)  # the cache written just now
            warm.append(again["events"])
            count = again["count"]
        print(
            f"run {i + 1}: bare {bare[-1]:.2f} s, window {first[-1]:.2f} s, "
            f"events cold {cold[-1]:.2f} s, warm {warm[-1]:.2f} s",
            file=sys.stderr,
        )
    b = statistics.median(bare)
    rows = [
        ("main window first painted", statistics.median(first)),
        (f"seeds' {count:.0f} events drawn, empty cache (spaCy loads)", statistics.median(cold)),
        (f"seeds' {count:.0f} events drawn, warm cache (no spaCy)", statistics.median(warm)),
    ]
    print(
        f"Start-up from process spawn, offscreen, median of {args.repeat}; "
        f"reference: a bare PySide6 window first painted in {b:.2f} s\n"
    )
    print("| moment | seconds | vs bare Qt window |")
    print("|---|---:|---:|")
    for label, sec in rows:
        print(f"| {label} | {sec:.2f} s | {sec / b:.1f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
