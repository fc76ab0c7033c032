"""Label placement for event glyphs: never over another glyph or label, shortened with an ellipsis.

Within each row, labels are placed greedily from left to right: a label starts just after its
glyph (or inside a bar wide enough to hold it) and may run until the next glyph of the same row.
A label with less room than `min_px` is hidden; the timeline shows it on hover. Rows never share
labels, so labels never overlap.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

ELLIPSIS = "…"


@dataclass(frozen=True, slots=True)
class Placement:
    """Where each candidate label goes: left x, room in pixels, shown or not, inside its bar."""

    x: np.ndarray
    width: np.ndarray
    shown: np.ndarray  # bool
    inside: np.ndarray  # bool: drawn inside the bar (use the on-bar text colour)


def next_in_row(row_key: np.ndarray, x0: np.ndarray) -> np.ndarray:
    """For each glyph, the left edge of the next glyph to its right in the same row (inf: none)."""
    n = len(row_key)
    out = np.full(n, np.inf)
    if n < 2:
        return out
    order = np.lexsort((x0, row_key))
    key_o = row_key[order]
    same = key_o[1:] == key_o[:-1]
    out[order[:-1]] = np.where(same, x0[order][1:], np.inf)
    return out


def place_labels(
    row_key: np.ndarray,
    glyph_x0: np.ndarray,
    glyph_x1: np.ndarray,
    text_w: np.ndarray,
    *,
    x_min: float,
    x_max: float,
    is_bar: np.ndarray | None = None,
    inner_x1: np.ndarray | None = None,
    gap: float = 4.0,
    min_px: float = 90.0,
    inside_pad: float = 5.0,
    min_inside_px: float = 56.0,
) -> Placement:
    """Place one label per glyph; glyphs are [glyph_x0, glyph_x1] in rows named by `row_key`.

    `inner_x1` is where the inside of a bar ends (before a badge drawn at its right end).
    """
    n = len(row_key)
    x = np.zeros(n)
    width = np.zeros(n)
    shown = np.zeros(n, bool)
    inside = np.zeros(n, bool)
    if n == 0:
        return Placement(x, width, shown, inside)
    bar = np.zeros(n, bool) if is_bar is None else is_bar.astype(bool)
    next_x0 = next_in_row(row_key, glyph_x0)
    limit = np.minimum(next_x0 - gap, x_max)

    # Inside a bar: from the visible part of the bar's left edge to its right edge.
    in_x = np.maximum(glyph_x0, x_min) + inside_pad
    bar_end = glyph_x1 if inner_x1 is None else inner_x1
    in_room = np.minimum(np.minimum(bar_end, x_max) - inside_pad, limit) - in_x
    # Outside: after the glyph, up to the next glyph of the row or the plot's edge.
    out_x = glyph_x1 + gap
    out_room = np.where(out_x >= x_min, limit - out_x, -np.inf)
    # Inside a bar when the whole label fits there, or when it is at least `min_inside_px` and
    # does not fit whole outside either (then the wider of the two places wins).
    whole_in = in_room >= text_w
    whole_out = out_room >= text_w
    fits_inside = bar & (
        whole_in | ((in_room >= min_inside_px) & ~whole_out & (in_room >= out_room))
    )
    need = np.minimum(text_w, min_px)
    fits_outside = ~fits_inside & (out_room >= need)

    x = np.where(fits_inside, in_x, out_x)
    width = np.where(fits_inside, np.minimum(in_room, text_w), np.minimum(out_room, text_w))
    shown = fits_inside | fits_outside
    return Placement(x=x, width=np.maximum(width, 0.0), shown=shown, inside=fits_inside)


def elide(text: str, max_px: float, measure: Callable[[str], float]) -> str:
    """`text` shortened with an ellipsis at a word boundary when possible, to fit `max_px`."""
    if measure(text) <= max_px:
        return text
    if measure(ELLIPSIS) > max_px:
        return ""
    lo, hi = 0, len(text)
    while lo < hi:  # longest prefix p with measure(prefix + …) <= max_px
        mid = (lo + hi + 1) // 2
        if measure(text[:mid].rstrip() + ELLIPSIS) <= max_px:
            lo = mid
        else:
            hi = mid - 1
    prefix = text[:lo]
    cut = prefix.rfind(" ")
    if cut >= max(4, int(lo * 0.6)):  # prefer a word boundary when it costs little
        prefix = prefix[:cut]
    return prefix.rstrip(" ,;:–-") + ELLIPSIS


def approx_width(text: str, char_px: float = 6.5) -> float:
    """A font-free width estimate: wide (CJK/Hangul) characters count double."""
    wide = sum(1 for ch in text if ord(ch) >= 0x1100)
    return (len(text) + wide) * char_px
