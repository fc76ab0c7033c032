"""Label placement for event glyphs: never over another glyph or label, shortened with an ellipsis
only when no place holds it whole.

Within each row, a label starts just after its glyph (or inside a bar wide enough to hold it)
and may run until the next glyph of the same row. A label that is cut there (at the next glyph
or the plot's right edge) runs left of its glyph instead when the free space there holds more of
it (as the best timeline tools do at the right edge); the space left of a glyph ends at the
previous glyph of the row or that glyph's label. A label with less room than `min_px` anywhere
is hidden; the timeline shows it whole on hover. Rows never share labels, so labels never
overlap.
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


def previous_in_row(row_key: np.ndarray, x0: np.ndarray) -> np.ndarray:
    """For each glyph, the index of the previous glyph to its left in the same row (-1: none)."""
    n = len(row_key)
    out = np.full(n, -1, np.int64)
    if n < 2:
        return out
    order = np.lexsort((x0, row_key))
    key_o = row_key[order]
    same = key_o[1:] == key_o[:-1]
    out[order[1:]] = np.where(same, order[:-1], -1)
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
    label_sep: float = 16.0,
) -> Placement:
    """Place one label per glyph; glyphs are [glyph_x0, glyph_x1] in rows named by `row_key`.

    `inner_x1` is where the inside of a bar ends (before a badge drawn at its right end). A
    label placed left of its glyph keeps `label_sep` pixels from the previous glyph's label.
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
    width = np.maximum(width, 0.0)
    inside = fits_inside

    # Left of the glyph, for a label cut or hidden on its right: from the previous glyph of the
    # row (or the end of that glyph's label placed right of it) to just before this glyph. A
    # label moving left frees room for the next glyph's, hence a second round.
    prev = previous_in_row(row_key, glyph_x0)
    has_prev = prev >= 0
    p = np.where(has_prev, prev, 0)
    for _round in range(2):
        right_of_glyph = shown[p] & (x[p] > glyph_x0[p])
        prev_end = np.where(
            has_prev,
            np.where(right_of_glyph, np.maximum(x[p] + width[p], glyph_x1[p]), glyph_x1[p]),
            -np.inf,
        )
        # A clear space after the previous glyph's label, so two labels never read as one.
        after_label = np.where(right_of_glyph, label_sep, gap)
        left_room = glyph_x0 - gap - np.maximum(prev_end + after_label, x_min)
        have = np.where(shown, width, 0.0)
        go_left = (have < text_w) & (left_room > have) & (left_room >= need)
        if not go_left.any():
            break
        left_w = np.minimum(left_room, text_w)
        x = np.where(go_left, glyph_x0 - gap - left_w, x)
        width = np.where(go_left, left_w, width)
        shown = shown | go_left
        inside = inside & ~go_left
    return Placement(x=x, width=width, shown=shown, inside=inside)


def hover_label(
    glyph_x0: float,
    glyph_x1: float,
    text_w: float,
    plot_left: float,
    plot_right: float,
    *,
    gap: float = 6.0,
    pad: float = 4.0,
) -> tuple[float, float]:
    """(x, width) of the hovered event's label: the whole title, right of its glyph, else left
    of it, else against the plot's right edge; shortened only when wider than the plot."""
    w = max(0.0, min(text_w, plot_right - plot_left - 2 * (pad + 2)))
    right = glyph_x1 + gap
    if right + w + pad <= plot_right:
        return right, w
    left = glyph_x0 - gap - w
    if left - pad >= plot_left:
        return left, w
    return max(plot_left + pad + 2, plot_right - pad - 2 - w), w


def bar_heights(
    inside: np.ndarray, row_h: float, text_h: float, *, border: float = 1.0
) -> np.ndarray:
    """Height of each bar of a row `row_h` tall: a bar holding its label is as tall as the text
    plus its borders and a pixel of air each side, so the text never runs over the border (up
    to the row's height less 2 px); other bars are a slimmer band (7..15 px)."""
    slim = max(7.0, min(15.0, row_h - 6.0))
    labelled = max(slim, min(row_h - 2.0, text_h + 2.0 * (border + 1.0)))
    return np.where(np.asarray(inside, bool), labelled, slim)


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
