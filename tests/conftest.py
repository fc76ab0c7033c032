"""Shared fixtures. Tests run headless (QT_QPA_PLATFORM=offscreen) with a private cache folder."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sidecar_fakes import SidecarWrites

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # `bench` (synthetic data) sits beside the package
    sys.path.insert(0, str(REPO))
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"
BENCHMARKS = SHARED / "benchmarks"


@pytest.fixture(autouse=True)
def _private_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep every test away from the user's real cache, settings and data folders."""
    base = tmp_path_factory.mktemp("nkviewer-home")
    for var in ("CACHE", "CONFIG", "DATA", "LOG"):
        monkeypatch.setenv(f"NKVIEWER_{var}_DIR", str(base / var.lower()))


@pytest.fixture
def keeping() -> Iterator[None]:
    """`heap.keep_long_lived` on for the test, off (everything unfrozen) after it."""
    from nkviewer import heap

    heap.keep_long_lived()
    try:
        yield
    finally:
        heap.keep_long_lived(False)


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="module")
def sample_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An event dataset of the window tests' three events and two documents (`qt_sample`:
    emoji and Hangul before entities); one per test module, as the modules' edits may leave
    an edits file beside it."""
    pytest.importorskip("duckdb", reason="duckdb is not installed")
    import qt_sample

    from nkviewer.corpus.dataset_store import write_frame_dataset

    out = tmp_path_factory.mktemp("sample") / "events"
    write_frame_dataset(qt_sample.frame(), out, documents=qt_sample.parsed_documents())
    return out


def shared_benchmarks() -> Path:
    """The gold corpora in ../shared/benchmarks, or skip the test saying why."""
    if not BENCHMARKS.is_dir():
        pytest.skip(f"gold benchmark data not found at {BENCHMARKS} (only in the development tree)")
    return BENCHMARKS


@pytest.fixture
def sidecar_writes(monkeypatch: pytest.MonkeyPatch) -> SidecarWrites:
    """Every sidecar write (all on the writer thread) through a `SidecarWrites`."""
    from nkviewer.corpus import sidecar

    fake = SidecarWrites(sidecar.write_edits)
    monkeypatch.setattr(sidecar, "write_edits", fake)
    return fake
