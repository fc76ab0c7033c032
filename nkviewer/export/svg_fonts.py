"""Korean text in SVG exports on machines without Korean fonts.

An SVG names its fonts instead of carrying them, so a viewer without a Korean font draws Hangul
as boxes. `embed_fallback_font` adds the bundled NanumSquare faces to an SVG as `@font-face`
rules with the font data inline, subset (fontTools) to the characters the figure's text uses
that Latin fonts lack: a few kilobytes. The embedded family goes first in every `font-family`
list, limited by `unicode-range` to those characters, so Latin text keeps its fonts; browsers
do not load a web font met only as a later fallback (Chromium draws boxes then), which is why
it is not simply appended. Viewers without CSS fonts skip the unknown name and use the rest of
the list as before. An SVG without such characters is left untouched. Qt-free: it works on the
file QSvgGenerator wrote.
"""

from __future__ import annotations

import base64
import io
import logging
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from nkviewer.paths import resources_dir

log = logging.getLogger(__name__)

FACES: tuple[tuple[str, int], ...] = (("NanumSquareR.ttf", 400), ("NanumSquareB.ttf", 700))
#: Blocks taken from the bundled font (Hangul, CJK, full-width forms); everything else (Latin,
#: punctuation such as "…", symbols) stays with the fonts the text names.
EMBEDDED_BLOCKS: tuple[tuple[int, int], ...] = (
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x2E80, 0x2FDF),  # CJK radicals
    (0x3000, 0x33FF),  # CJK symbols and punctuation, kana, compatibility Jamo, enclosed CJK
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xA960, 0xA97F),  # Hangul Jamo extended A
    (0xAC00, 0xD7FF),  # Hangul syllables, Jamo extended B
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF00, 0xFFEF),  # half- and full-width forms
)
#: The family name of the embedded subsets (distinct from an installed NanumSquare).
EMBEDDED_FAMILY = "nkviewer Hangul"
_SVG_NS = "{http://www.w3.org/2000/svg}"
_BOLD = {"bold", "bolder", "600", "700", "800", "900"}
_FAMILY_ATTR = re.compile(r'font-family="([^"]*)"')


def embed_fallback_font(path: Path) -> bool:
    """Add the bundled faces, subset to the text's Hangul/CJK, to the SVG at `path`.

    Returns True when something was embedded. Never fails the export: a problem is logged
    and the SVG stays as it was (it still names the font)."""
    try:
        data = path.read_text(encoding="utf-8")
        wanted = _characters_by_weight(data)
        if not any(wanted.values()):
            return False
        rules = []
        for file_name, weight in FACES:
            chars = wanted.get(weight, set())
            font_path = resources_dir() / "fonts" / file_name
            if not chars or not font_path.is_file():
                continue
            font, covered = _subset(font_path, chars)
            if font:
                rules.append(_font_face(weight, font, covered))
        if not rules:
            return False
        style = '<style type="text/css"><![CDATA[\n' + "\n".join(rules) + "\n]]></style>\n"
        data = _FAMILY_ATTR.sub(rf'font-family="{EMBEDDED_FAMILY},\1"', data)
        path.write_text(_insert_in_defs(data, style), encoding="utf-8")
        return True
    except Exception:  # the figure matters more than the font: keep the plain SVG
        log.exception("could not embed the Hangul font in %s", path.name)
        return False


def _characters_by_weight(svg: str) -> dict[int, set[str]]:
    """The SVG's <text> characters in EMBEDDED_BLOCKS, by face (400 or 700)."""
    out: dict[int, set[str]] = {400: set(), 700: set()}
    root = ET.fromstring(svg.encode("utf-8"))

    def walk(el: ET.Element, bold: bool) -> None:
        weight = el.get("font-weight")
        if weight is not None:
            bold = weight.strip().lower() in _BOLD
        if el.tag == f"{_SVG_NS}text":
            chars = {c for c in "".join(el.itertext()) if embedded(c)}
            out[700 if bold else 400].update(chars)
            return
        for child in el:
            walk(child, bold)

    walk(root, False)
    return out


def embedded(char: str) -> bool:
    """Whether `char` is taken from the bundled font (see EMBEDDED_BLOCKS)."""
    code = ord(char)
    return any(lo <= code <= hi for lo, hi in EMBEDDED_BLOCKS)


def _subset(font_path: Path, chars: set[str]) -> tuple[bytes, list[int]]:
    """The font at `font_path` cut down to `chars`, as TrueType bytes, and the code points
    it kept (those of `chars` it has)."""
    # fontTools (slow to import) only for an SVG that needs the fallback font
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(font_path))
    cmap = font.getBestCmap() or {}
    unicodes = sorted(ord(c) for c in chars if ord(c) in cmap)
    if not unicodes:
        return b"", []
    options = subset.Options()
    options.hinting = False  # outlines only: smaller, and viewers scale SVG text anyway
    options.desubroutinize = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue(), unicodes


def _font_face(weight: int, font: bytes, covered: list[int]) -> str:
    data = base64.b64encode(font).decode("ascii")
    ranges = ", ".join(f"U+{c:04X}" for c in covered)
    return (
        f'@font-face {{ font-family: "{EMBEDDED_FAMILY}"; font-weight: {weight}; '
        f"font-style: normal; unicode-range: {ranges}; "
        f'src: url("data:font/ttf;base64,{data}") format("truetype"); }}'
    )


def _insert_in_defs(svg: str, element: str) -> str:
    """`svg` with `element` at the start of its first <defs> (one is added when missing)."""
    m = re.search(r"<defs\s*>\s*", svg)
    if m:
        return svg[: m.end()] + element + svg[m.end() :]
    start = re.search(r"<svg\b[^>]*>", svg)
    if start is None:
        raise ValueError("no <svg> element")
    return svg[: start.end()] + "\n<defs>\n" + element + "</defs>" + svg[start.end() :]
