"""A private X display (Xvfb) for tests that must run under the real xcb platform, where Qt's
standard key sequences and window management differ from the offscreen platform's."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

SCREEN = "1600x1000x24"
CHECK_LIBS = Path(__file__).resolve().parents[2] / "packaging" / "check-system-libs.sh"


def _xcb_libraries_missing() -> str | None:
    """The install line `check-system-libs.sh` prints when Qt's xcb plugin cannot load, else
    None: with Xvfb installed but libxcb-cursor0 (say) missing, the subprocess would abort in
    Qt's plugin loader, which says nothing about the keys under test."""
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    done = subprocess.run(["sh", str(CHECK_LIBS)], env=env, capture_output=True, text=True)
    if done.returncode == 0:
        return None
    return " ".join(done.stderr.split()) or "xcb libraries are missing"


@contextmanager
def xvfb_display() -> Iterator[str]:
    """Start Xvfb on a free display number and yield ":N"; skip when Xvfb or the libraries
    Qt's xcb platform needs are not installed."""
    binary = shutil.which("Xvfb")
    if binary is None:
        pytest.skip("Xvfb is not installed: the xcb-platform check needs an X display")
    missing = _xcb_libraries_missing()
    if missing is not None:
        pytest.skip(f"Qt's xcb platform cannot load here: {missing}")
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        [binary, "-displayfd", str(write_fd), "-screen", "0", SCREEN, "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    try:
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()
        if not number:
            pytest.skip("Xvfb did not start (no display number reported)")
        yield f":{number}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
