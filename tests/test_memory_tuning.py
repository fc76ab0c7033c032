"""The allocator settings the `nkviewer` command makes at start-up (`nkviewer.memory_tuning`)."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import textwrap

import pytest

from nkviewer import memory_tuning

# In a process of its own: a block of 8 MiB is mapped and freed, which (left to glibc) raises
# the threshold to 8 MiB; then a 1 MiB block is mapped on its own only if the threshold stayed.
_PROBE = textwrap.dedent(
    """
    import ctypes, sys
    from nkviewer import memory_tuning

    class Info(ctypes.Structure):
        _fields_ = [(n, ctypes.c_size_t) for n in (
            "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost"
        ).split()]

    libc = ctypes.CDLL("libc.so.6")
    libc.mallinfo2.restype = Info
    libc.malloc.restype = ctypes.c_void_p
    libc.malloc.argtypes = [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    if sys.argv[1] == "tuned":
        assert memory_tuning.tune()
    libc.free(libc.malloc(8 << 20))
    before = libc.mallinfo2().hblks
    block = libc.malloc(1 << 20)
    print("mapped" if libc.mallinfo2().hblks == before + 1 else "heap")
    libc.free(block)
    """
)


def _probe(mode: str) -> str:
    # isolated from the environment (a malloc tunable set there would decide the answer)
    out = subprocess.run(
        [sys.executable, "-I", "-c", _PROBE, mode],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": os.environ.get("PATH", "")},
    )
    return out.stdout.strip()


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
    reason="the malloc settings are glibc's (Linux); elsewhere tune() does nothing",
)
def test_freed_blocks_keep_being_mapped_on_their_own() -> None:
    assert _probe("untuned") == "heap"  # glibc's own behaviour: the threshold rose
    assert _probe("tuned") == "mapped"  # fixed: a 1 MiB block is returned when freed


def test_a_no_op_off_glibc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memory_tuning, "_done", False)
    monkeypatch.setattr(sys, "platform", "darwin")
    assert memory_tuning.tune() is False


def test_the_command_tunes_before_anything_else(monkeypatch: pytest.MonkeyPatch) -> None:
    from nkviewer.cli import main as cli

    calls: list[str] = []
    monkeypatch.setattr(memory_tuning, "tune", lambda: calls.append("tune") or True)
    with pytest.raises(SystemExit):
        cli.main(["--version"])
    assert calls == ["tune"]
