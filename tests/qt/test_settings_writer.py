"""The settings' writer thread starts when the settings are read (start-up, before the window
shows), not at the first change: a thread's start waits until it runs, and that wait was the
window's thread's (2-9 ms on a busy machine, at every start's `mark_started`)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path


def test_the_first_change_starts_no_thread(tmp_path: Path) -> None:
    # a fresh interpreter: in this one another test may have started the writer already
    code = textwrap.dedent(
        f"""
        import threading
        from PySide6.QtCore import QSettings
        from nkviewer.qt.settings import Settings

        settings = Settings(QSettings({str(tmp_path / "s.ini")!r}, QSettings.Format.IniFormat))
        started = []
        plain = threading.Thread.start

        def counted(self):
            started.append(self.name)
            plain(self)

        threading.Thread.start = counted
        settings.mark_started()
        settings.set_theme("dark")
        settings.sync()
        assert started == [], started
        again = Settings(QSettings({str(tmp_path / "s.ini")!r}, QSettings.Format.IniFormat))
        assert again.theme() == "dark" and not again.first_start()
        assert started == [], started  # one writer thread for every Settings
        print("ok")
        """
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().endswith("ok")


def test_a_later_start_does_not_rewrite_the_file(tmp_path: Path) -> None:
    from PySide6.QtCore import QSettings

    from nkviewer.qt.settings import Settings

    path = tmp_path / "s.ini"
    first = Settings(QSettings(str(path), QSettings.Format.IniFormat))
    assert first.first_start()
    first.mark_started()
    first.sync()
    written = path.stat().st_mtime_ns, path.stat().st_ino
    later = Settings(QSettings(str(path), QSettings.Format.IniFormat))
    assert not later.first_start()
    later.mark_started()
    later.sync()
    assert (path.stat().st_mtime_ns, path.stat().st_ino) == written  # not replaced
