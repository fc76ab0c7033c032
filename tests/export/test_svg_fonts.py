"""SVG exports carry the Hangul glyphs they use (a subset of the bundled font as @font-face), so
Korean renders in viewers without Korean fonts; Latin-only figures stay unchanged. The embedded
font is read back with fontTools, the SVG with the standard library's XML parser."""

from __future__ import annotations

import base64
import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest
from fontTools.ttLib import TTFont

from nkviewer.events.record import Event
from nkviewer.events.table import events_to_frame
from nkviewer.export.images import ImageOptions, export_image
from nkviewer.export.svg_fonts import EMBEDDED_FAMILY, embed_fallback_font

KOREAN_TITLE = "북한 외교"
KOREAN_EVENT = "정상회담 개최"
FACE = re.compile(
    r'@font-face \{ font-family: "(?P<family>[^"]+)"; font-weight: (?P<weight>\d+);'
    r".*?unicode-range: (?P<range>[^;]+);.*?base64,(?P<data>[A-Za-z0-9+/=]+)",
    re.S,
)


@pytest.fixture(autouse=True)
def _app(qapp: object) -> None:
    """A QApplication from pytest-qt (the exporter draws with QPainter)."""


def ev(i: int, day: str, title: str, lane: str) -> Event:
    return Event(
        event_id=f"e{i}", title=title, start=day, end=day, granularity="day", timex_value=day,
        time_text=day, time_start=0, time_end=1, sentence=title, sentence_start=0,
        sentence_end=1, doc_id=f"d{i}", doc_path="p", lane=lane,
    )  # fmt: skip


def frame(*titles: str) -> pd.DataFrame:
    lanes = ("North Korea", "China", "Russia")
    days = ("2019-02-10", "2019-03-05", "2019-04-20")
    return events_to_frame([ev(i, days[i % 3], t, lanes[i % 3]) for i, t in enumerate(titles)])


def texts(root: ET.Element) -> list[ET.Element]:
    return [el for el in root.iter() if el.tag.endswith("}text")]


def faces(svg: str) -> dict[int, tuple[TTFont, str]]:
    return {
        int(m["weight"]): (TTFont(io.BytesIO(base64.b64decode(m["data"]))), m["range"])
        for m in FACE.finditer(svg)
        if m["family"] == EMBEDDED_FAMILY
    }


def test_hangul_glyphs_travel_inside_the_svg(tmp_path: Path) -> None:
    out = export_image(
        frame("Kim visited Moscow", KOREAN_EVENT, "Wang Yi met Lavrov"),
        tmp_path / "k.svg",
        options=ImageOptions(title=KOREAN_TITLE),
    )
    svg = out.read_text(encoding="utf-8")
    root = ET.fromstring(svg.encode("utf-8"))
    found = faces(svg)
    assert set(found) == {400, 700}  # event labels regular, the title bold
    for weight, words in ((700, KOREAN_TITLE), (400, KOREAN_EVENT)):
        font, ranges = found[weight]
        cmap = font.getBestCmap()
        for ch in words.replace(" ", ""):
            assert ord(ch) in cmap, (weight, ch)
            assert f"U+{ord(ch):04X}" in ranges
            assert font["glyf"][cmap[ord(ch)]].numberOfContours > 0  # an outline, not a box
        assert all(c >= 0x1100 for c in cmap)  # Hangul only: Latin keeps its own fonts
        assert len(cmap) < 20  # a subset, not the 11,172-syllable font
    # Every run of text names the embedded family first, then the fonts it named before.
    for el in texts(root):
        families = el.get("font-family", "").split(",")
        assert families[0] == EMBEDDED_FAMILY
        assert "NanumSquare" in families or "Sans Serif" in families
    joined = " ".join("".join(el.itertext()) for el in texts(root))
    assert "Kim visited Moscow" in joined and "Wang Yi met Lavrov" in joined
    assert out.stat().st_size < 150_000


def test_a_latin_only_svg_is_left_as_qt_wrote_it(tmp_path: Path) -> None:
    out = export_image(
        frame("Kim visited Moscow", "Wang Yi met Lavrov…"),
        tmp_path / "l.svg",
        options=ImageOptions(title="Spring talks"),
    )
    svg = out.read_text(encoding="utf-8")
    assert "@font-face" not in svg and EMBEDDED_FAMILY not in svg
    ET.fromstring(svg.encode("utf-8"))


def test_a_defective_svg_is_kept_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "broken.svg"
    broken = "<svg xmlns='http://www.w3.org/2000/svg'><text>북한"  # cut short
    path.write_text(broken, encoding="utf-8")
    assert embed_fallback_font(path) is False
    assert path.read_text(encoding="utf-8") == broken


def test_a_missing_defs_element_is_added(tmp_path: Path) -> None:
    path = tmp_path / "plain.svg"
    path.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        '<text font-family="Sans" font-weight="400">한</text></svg>',
        encoding="utf-8",
    )
    assert embed_fallback_font(path) is True
    root = ET.parse(path).getroot()
    defs = [el for el in root if el.tag.endswith("}defs")]
    assert defs and "@font-face" in "".join(defs[0].itertext())
    assert texts(root)[0].get("font-family") == f"{EMBEDDED_FAMILY},Sans"
