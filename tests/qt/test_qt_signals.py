"""Ctrl+C and SIGTERM close the window like File ▸ Quit: in-process (the handler wakes Qt's
event loop) and end to end (`python -m nkviewer` offscreen, SIGTERM, a clean exit with the
settings written)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from nkviewer.qt import signals as qt_signals
from nkviewer.qt.signals import QuitOnSignals

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def test_a_signal_closes_once_then_quits(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    closed: list[bool] = []
    quits: list[bool] = []

    class App:
        @staticmethod
        def quit() -> None:
            quits.append(True)

    monkeypatch.setattr(qt_signals, "QCoreApplication", App)
    before = signal.getsignal(signal.SIGTERM)
    hook = QuitOnSignals(lambda: closed.append(True))
    try:
        os.kill(os.getpid(), signal.SIGTERM)
        qtbot.waitUntil(lambda: closed == [True], timeout=5_000)  # the event loop woke up
        assert quits == []
        os.kill(os.getpid(), signal.SIGINT)
        qtbot.waitUntil(lambda: quits == [True], timeout=5_000)
        assert closed == [True]
    finally:
        hook.uninstall()
        hook.uninstall()  # idempotent
    assert signal.getsignal(signal.SIGTERM) == before


def test_sigterm_closes_the_running_app_cleanly(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "note.txt").write_text("A title\n\nNothing happened.\n", encoding="utf-8")
    dirs = {k: tmp_path / k.lower() for k in ("CACHE", "CONFIG", "DATA", "LOG")}
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        **{f"NKVIEWER_{k}_DIR": str(v) for k, v in dirs.items()},
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "nkviewer", str(corpus)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    log = dirs["LOG"] / "nkviewer.log"
    try:
        deadline = time.monotonic() + 120
        while "Loaded 1 document," not in (log.read_text() if log.exists() else ""):
            assert proc.poll() is None, proc.communicate()[1]
            assert time.monotonic() < deadline, "the corpus never finished loading"
            time.sleep(0.1)
        time.sleep(1.0)  # idle: Qt waits in C++, no Python runs until something wakes it
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert "SIGTERM received: closing the window" in log.read_text()
    assert (dirs["CONFIG"] / "nkviewer.ini").is_file()  # the layout was saved on the way out
