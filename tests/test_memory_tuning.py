"""The allocator settings the `nkviewer` command makes at start-up (`nkviewer.memory_tuning`)."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import textwrap
from pathlib import Path

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


# Arrow buffers of 200 MiB made and freed: Arrow's pool, resident MB before, with them, and
# 0.2 s after ("untuned", "tuned") or the lowest seen within 5 s of release() ("released":
# jemalloc hands pages back over about a second).
_ARROW = textwrap.dedent(
    """
    import sys, time
    from nkviewer import memory_tuning

    if sys.argv[1] != "untuned":
        memory_tuning.tune()
    import numpy as np, pyarrow as pa, pyarrow.compute as pc

    def rss():
        for line in open("/proc/self/status"):
            if line.startswith("VmRSS"):
                return int(line.split()[1]) // 1024

    a = pa.array(np.arange(64 * 1024, dtype=np.int64))
    before = rss()
    kept = [pc.add(a, i) for i in range(400)]
    held = rss()
    del kept
    if sys.argv[1] == "released":
        memory_tuning.release()
        after = held
        for _ in range(50):
            after = min(after, rss())
            if after - before < 30:
                break
            time.sleep(0.1)
    else:
        time.sleep(0.2)
        after = rss()
    print(pa.default_memory_pool().backend_name, before, held, after)
    """
)


def _probe(mode: str, script: str = _PROBE, **env: str) -> str:
    # isolated from the environment (a malloc tunable set there would decide the answer)
    out = subprocess.run(
        [sys.executable, "-I", "-c", script, mode],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": os.environ.get("PATH", ""), **env},
    )
    return out.stdout.strip()


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
    reason="the malloc settings are glibc's (Linux); elsewhere tune() does nothing",
)
def test_freed_blocks_keep_being_mapped_on_their_own() -> None:
    assert _probe("untuned") == "heap"  # glibc's own behaviour: the threshold rose
    assert _probe("tuned") == "mapped"  # fixed: a 1 MiB block is returned when freed


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="RSS is read from /proc")
def test_freed_mimalloc_buffers_are_returned() -> None:
    # mimalloc's delay still matters when the user names that pool (or off Linux)
    pytest.importorskip("pyarrow")
    pool, _, held, after = _probe("untuned", _ARROW).split()
    if pool != "mimalloc":
        pytest.skip(f"Arrow's pool here is {pool}, not mimalloc")
    assert int(held) - int(after) < 50  # mimalloc's own behaviour: kept (250 MB)
    pool, before, held, after = _probe(
        "tuned", _ARROW, ARROW_DEFAULT_MEMORY_POOL="mimalloc"
    ).split()
    assert pool == "mimalloc"
    assert int(held) - int(before) > 150  # the buffers were resident
    assert int(after) - int(before) < 50  # and went back when freed


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="Arrow's pool is chosen on Linux only"
)
def test_arrow_uses_jemalloc_on_linux_and_hands_pages_back() -> None:
    pa = pytest.importorskip("pyarrow")
    if memory_tuning.ARROW_POOL not in pa.supported_memory_backends():
        pytest.skip(f"this pyarrow was built without {memory_tuning.ARROW_POOL}")
    pool, before, held, lowest = _probe("released", _ARROW).split()
    assert pool == memory_tuning.ARROW_POOL
    assert int(held) - int(before) > 150  # the buffers were resident
    assert int(lowest) - int(before) < 50  # and went back when freed


def test_the_environment_still_names_the_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memory_tuning, "_done", False)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "system")
    memory_tuning.tune()
    assert os.environ["ARROW_DEFAULT_MEMORY_POOL"] == "system"  # the user's choice kept
    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL")
    monkeypatch.setattr(memory_tuning, "_done", False)
    memory_tuning.tune()
    assert os.environ["ARROW_DEFAULT_MEMORY_POOL"] == memory_tuning.ARROW_POOL


def test_malloc_part_a_no_op_off_glibc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memory_tuning, "_done", False)
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setenv("MIMALLOC_PURGE_DELAY", "")  # restored afterwards
    monkeypatch.delenv("MIMALLOC_PURGE_DELAY")
    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL", raising=False)
    assert memory_tuning.tune() is False  # malloc's part: glibc's only
    assert os.environ["MIMALLOC_PURGE_DELAY"] == "0"  # Arrow's pool: everywhere
    assert "ARROW_DEFAULT_MEMORY_POOL" not in os.environ  # its default kept off Linux


def test_the_command_tunes_before_anything_else(monkeypatch: pytest.MonkeyPatch) -> None:
    from nkviewer.cli import main as cli

    calls: list[str] = []
    monkeypatch.setattr(memory_tuning, "tune", lambda: calls.append("tune") or True)
    with pytest.raises(SystemExit):
        cli.main(["--version"])
    assert calls == ["tune"]


# 100,000 dicts (each over pymalloc's 512 bytes: malloc's) made in a worker thread, then all
# but one in a hundred freed (those kept stop the heap from shrinking from its top): resident
# MB before, with them, after the free, after `release()`.
_RELEASE = textwrap.dedent(
    """
    import sys, threading
    from nkviewer import memory_tuning

    memory_tuning.tune()

    def rss():
        for line in open("/proc/self/status"):
            if line.startswith("VmRSS"):
                return int(line.split()[1]) // 1024

    before = rss()
    made = []
    worker = threading.Thread(
        target=lambda: made.append([dict.fromkeys(range(40)) for _ in range(100_000)])
    )
    worker.start()
    worker.join()
    held = rss()
    kept = made.pop()[::100]
    freed = rss()
    memory_tuning.release()
    print(before, held, freed, rss())
    """
)


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
    reason="malloc_trim is glibc's (Linux); elsewhere release() gives back Arrow's pool only",
)
def test_release_gives_back_what_malloc_holds_free() -> None:
    before, held, freed, released = map(int, _probe("tuned", _RELEASE).split())
    assert held - before > 100  # the dicts were resident
    assert freed - before > 80  # malloc's own behaviour: kept, free, in the thread's heap
    assert released - before < 30  # given back


def test_the_releasing_thread_runs_release_and_is_started_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import threading

    calls = threading.Semaphore(0)
    monkeypatch.setattr(memory_tuning, "release", calls.release)
    monkeypatch.setattr(memory_tuning, "_releaser", None)
    thread = memory_tuning.start_releasing(every=0.01)
    assert thread.daemon and memory_tuning.start_releasing() is thread
    assert calls.acquire(timeout=10) and calls.acquire(timeout=10)  # again and again
