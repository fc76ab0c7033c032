"""The one palette of the app: lane colours, entity highlight colours and the two themes.

Everything is a hex string so the Qt-free core, the widgets and the exports share it. Entity
colours start from displaCy's palette; the dark theme uses deeper tones of the same hues so the
highlighted text stays readable on a dark background.
"""

from __future__ import annotations

import colorsys
import functools
import zlib
from dataclasses import dataclass

THEMES: tuple[str, ...] = ("light", "dark")

#: Countries with a colour of their own (the sample corpus' sides), and "Other". Any other
#: lane takes a colour of the cycle chosen from its name (`lane_colors`).
COUNTRY_LANES: tuple[str, ...] = (
    "North Korea",
    "China",
    "Russia",
    "United States",
    "South Korea",
    "Other",
)
_COUNTRY_LIGHT: dict[str, str] = {
    "North Korea": "#b5443b",
    "China": "#c7871f",
    "Russia": "#3a6fb0",
    "United States": "#6b55a8",
    "South Korea": "#2a8f83",
    "Other": "#7b8689",
}
_COUNTRY_DARK: dict[str, str] = {
    "North Korea": "#e2766b",
    "China": "#e6ad4f",
    "Russia": "#6f9fe0",
    "United States": "#a28fdc",
    "South Korea": "#53c2b4",
    "Other": "#a3adb0",
}
#: Colours for lanes without a fixed colour (actors, sources), used in order.
_CYCLE_LIGHT: tuple[str, ...] = (
    "#4e79a7",
    "#e0782a",
    "#c9474a",
    "#4b9c95",
    "#4f8f45",
    "#b8962a",
    "#9b6a92",
    "#d47a87",
    "#8c6a52",
    "#6d7a86",
)
_CYCLE_DARK: tuple[str, ...] = (
    "#7ea6d4",
    "#f1a05e",
    "#ea7f80",
    "#7fc7c0",
    "#86c27b",
    "#e0c25a",
    "#c79bbd",
    "#f0a6b0",
    "#c09a7e",
    "#a3b0bb",
)

#: displaCy's entity colours (spacy/displacy/render.py), extended with the labels we emit.
_ENTITY_LIGHT: dict[str, str] = {
    "PERSON": "#aa9cfc",
    "NORP": "#c887fb",
    "FAC": "#9cc9cc",
    "ORG": "#7aecec",
    "GPE": "#feca74",
    "LOC": "#ff9561",
    "PRODUCT": "#bfeeb7",
    "EVENT": "#ffeb80",
    "WORK_OF_ART": "#f0d0ff",
    "LAW": "#ff8197",
    "LANGUAGE": "#ff8197",
    "DATE": "#bfe1d9",
    "TIME": "#bfe1d9",
    "MONEY": "#e4e7d2",
    "QUANTITY": "#e4e7d2",
    "ORDINAL": "#e4e7d2",
    "CARDINAL": "#e4e7d2",
    "PERCENT": "#e4e7d2",
}
_ENTITY_DARK: dict[str, str] = {
    "PERSON": "#574a9e",
    "NORP": "#6e3f96",
    "FAC": "#3d6b6e",
    "ORG": "#1f6f6f",
    "GPE": "#85601d",
    "LOC": "#8f4526",
    "PRODUCT": "#426b3b",
    "EVENT": "#7a6a1c",
    "WORK_OF_ART": "#6b4d7a",
    "LAW": "#8a3345",
    "LANGUAGE": "#8a3345",
    "DATE": "#3e6459",
    "TIME": "#3e6459",
    "MONEY": "#5c5f4a",
    "QUANTITY": "#5c5f4a",
    "ORDINAL": "#5c5f4a",
    "CARDINAL": "#5c5f4a",
    "PERCENT": "#5c5f4a",
}
_ENTITY_DEFAULT = {"light": "#dddddd", "dark": "#555555"}


@dataclass(frozen=True, slots=True)
class Theme:
    """Colours of every part of the timeline and the exports for one theme."""

    name: str
    background: str  # whole canvas
    plot: str  # lane area
    lane_alt: str  # every other lane, for a calm banding
    header: str  # fixed lane-header column
    header_text: str
    border: str  # separators between header, axis and lanes
    axis: str  # axis band
    axis_text: str
    axis_context: str  # the upper axis row (year above months, month above days)
    grid_major: str
    grid_minor: str
    text: str  # event labels
    muted: str  # counts, notes, secondary text
    halo: str  # plate behind hover labels
    selection: str  # ring around selected glyphs
    rubber_band: str  # fill of the rubber band (with alpha, #aarrggbb)
    badge: str  # merged-event count badge
    badge_text: str
    density_alpha: float  # opacity of aggregated density columns


LIGHT = Theme(
    name="light",
    background="#ffffff",
    plot="#ffffff",
    lane_alt="#f6f7f9",
    header="#f0f2f5",
    header_text="#2b2f36",
    border="#d5d9e0",
    axis="#fafbfc",
    axis_text="#4a505a",
    axis_context="#1f2329",
    grid_major="#dfe3e8",
    grid_minor="#eef0f3",
    text="#262a31",
    muted="#6b7280",
    halo="#ffffff",
    selection="#1a73e8",
    rubber_band="#301a73e8",
    badge="#3c4350",
    badge_text="#ffffff",
    density_alpha=0.85,
)
DARK = Theme(
    name="dark",
    background="#1e2126",
    plot="#1e2126",
    lane_alt="#23272d",
    header="#262a31",
    header_text="#e3e6ea",
    border="#3a4049",
    axis="#22262b",
    axis_text="#aab1bb",
    axis_context="#e8ebef",
    grid_major="#363c45",
    grid_minor="#2a2f36",
    text="#e3e6ea",
    muted="#9aa2ad",
    halo="#2b3038",
    selection="#5ea2ff",
    rubber_band="#405ea2ff",
    badge="#d7dbe0",
    badge_text="#1e2126",
    density_alpha=0.9,
)


def theme(name: str) -> Theme:
    """The theme called `name` ("light" or "dark")."""
    if name == "dark":
        return DARK
    if name == "light":
        return LIGHT
    raise ValueError(f"unknown theme {name!r}; use one of {', '.join(THEMES)}")


def lane_color(lane: str, index: int, theme_name: str = "light") -> str:
    """Colour of one lane on its own: fixed for the named countries, else the colour its
    name picks from the cycle (`index` is kept for callers that colour lanes by position)."""
    fixed = _COUNTRY_DARK if theme_name == "dark" else _COUNTRY_LIGHT
    if lane in fixed:
        return fixed[lane]
    cycle = _CYCLE_DARK if theme_name == "dark" else _CYCLE_LIGHT
    return cycle[_slot(lane, len(cycle))]


def lane_colors(lanes: list[str], theme_name: str = "light") -> list[str]:
    """Colours of the lanes shown together: the named countries keep theirs; every other lane
    takes the cycle colour its name picks, or, when a busier lane has it already, the next free
    one. A lane keeps its colour from one view to the next as long as its neighbours do."""
    fixed = _COUNTRY_DARK if theme_name == "dark" else _COUNTRY_LIGHT
    cycle = _CYCLE_DARK if theme_name == "dark" else _CYCLE_LIGHT
    out: list[str] = []
    # a cycle colour close in hue to a fixed country colour shown beside it is taken
    used = {
        k
        for k, c in enumerate(cycle)
        for lane in lanes
        if lane in fixed and lane != "Other" and _hue_gap(c, fixed[lane]) < _MIN_HUE_GAP
    }
    if len(used) >= len(cycle):
        used = set()
    for lane in lanes:
        if lane in fixed:
            out.append(fixed[lane])
            continue
        slot = _slot(lane, len(cycle))
        for step in range(len(cycle)):
            if (slot + step) % len(cycle) not in used:
                slot = (slot + step) % len(cycle)
                break
        used.add(slot)
        out.append(cycle[slot])
    return out


#: Degrees of hue two lanes' colours keep apart where they can.
_MIN_HUE_GAP = 25.0


def _hue_gap(a: str, b: str) -> float:
    def hue(c: str) -> float:
        r, g, bl = (int(c.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
        return colorsys.rgb_to_hls(r, g, bl)[0] * 360

    d = abs(hue(a) - hue(b)) % 360
    return min(d, 360 - d)


def _slot(name: str, size: int) -> int:
    """A colour slot from the name alone (a stable hash: the same on every run and machine)."""
    return zlib.crc32(name.encode("utf-8")) % size


def entity_colors(theme_name: str = "light") -> dict[str, str]:
    """Highlight colour per spaCy entity label (a copy; displaCy's palette in the light theme)."""
    return dict(_ENTITY_DARK if theme_name == "dark" else _ENTITY_LIGHT)


def entity_color(label: str, theme_name: str = "light") -> str:
    """Highlight colour for one entity label; unknown labels get a neutral grey."""
    table = _ENTITY_DARK if theme_name == "dark" else _ENTITY_LIGHT
    return table.get(label.upper(), _ENTITY_DEFAULT["dark" if theme_name == "dark" else "light"])


def entity_text_color(theme_name: str = "light") -> str:
    """Text colour to use on top of an entity highlight."""
    return "#f2f2f2" if theme_name == "dark" else "#1d1d1f"


def timex_underline_color(theme_name: str = "light") -> str:
    """Underline colour for temporal expressions in the source text."""
    return "#4fb39c" if theme_name == "dark" else "#2f8f78"


@functools.lru_cache(maxsize=512)
def mix(color: str, background: str, amount: float) -> str:
    """`color` laid over `background` at opacity `amount` (0..1), as an opaque hex colour
    (kept: the timeline asks the same few per lane in every paint)."""
    a = max(0.0, min(1.0, amount))
    c = [int(color.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    b = [int(background.lstrip("#")[-6:][i : i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(x * a + y * (1 - a)):02x}" for x, y in zip(c, b, strict=True))
