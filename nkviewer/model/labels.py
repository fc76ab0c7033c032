"""Label placement for event glyphs: never over another glyph or label, shortened with an ellipsis
only when no place holds it whole.

Within each row, a label starts just after its glyph (or inside a bar wide enough to hold it)
and may run until the next glyph of the same row. A label that is cut there (at the next glyph
or the plot's right edge) runs left of its glyph instead when the free space there holds more of
it (as the best timeline tools do at the right edge); the space left of a glyph ends at the
previous glyph of the row or that glyph's label. A label with less room than `min_px` anywhere
is hidden; the timeline shows it whole on hover.

A label still cut or hidden then looks for a free row of its lane (`into_free_rows`): one or
two rows above or below its glyph, starting at the glyph's left edge (or ending at its right
edge) like a caption, where no glyph, bar or other label meets it and a clear space keeps it
from reading as the label of something else in that row. It moves there only when it gains
room; it stays shortened only when no row has room for the whole title.
"""

from __future__ import annotations

import math
from bisect import bisect_right
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
    shift: np.ndarray  # int: rows between the glyph's row and its label's (-1: the row above)

    @classmethod
    def empty(cls, n: int = 0) -> Placement:
        """`n` labels, none shown."""
        z = np.zeros(n)
        return cls(z, z.copy(), np.zeros(n, bool), np.zeros(n, bool), np.zeros(n, np.int64))


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
    if n == 0:
        return Placement.empty()
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
    return Placement(x=x, width=width, shown=shown, inside=inside, shift=np.zeros(n, np.int64))


class _RowSpans:
    """The taken stretches of one row: disjoint [start, end) intervals sorted by start."""

    __slots__ = ("ends", "starts")

    def __init__(self) -> None:
        self.starts: list[float] = []
        self.ends: list[float] = []

    def add(self, a: float, b: float) -> None:
        i = bisect_right(self.starts, a)
        if i > 0 and self.ends[i - 1] >= a:  # joins the previous interval
            i -= 1
            a = self.starts[i]
        j = i
        while j < len(self.starts) and self.starts[j] <= b:
            b = max(b, self.ends[j])
            j += 1
        self.starts[i:j] = [a]
        self.ends[i:j] = [b]

    def gap_at(self, x: float) -> tuple[float, float] | None:
        """(lo, hi) of the free stretch holding x, or None when x is taken."""
        i = bisect_right(self.starts, x)
        lo = self.ends[i - 1] if i > 0 else -np.inf
        if lo > x:
            return None
        hi = self.starts[i] if i < len(self.starts) else np.inf
        return lo, hi


def into_free_rows(
    placement: Placement,
    row_key: np.ndarray,
    glyph_x0: np.ndarray,
    glyph_x1: np.ndarray,
    text_w: np.ndarray,
    *,
    row_lo: np.ndarray,
    row_hi: np.ndarray,
    x_min: float,
    x_max: float,
    blockers: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
    max_shift: int = 2,
    gap: float = 4.0,
    min_px: float = 90.0,
    label_sep: float = 16.0,
    min_gain: float = 24.0,
) -> Placement:
    """`placement` with labels that are cut or hidden in their own row moved to a free row of
    their lane, when one holds more of them.

    Rows are named by `row_key`; a glyph's label may go to rows `row_key ± 1..max_shift` within
    [`row_lo`, `row_hi`] (its lane's rows), nearer rows first and above before below. There it
    starts at the glyph's left edge (or ends at its right edge) and keeps `label_sep` pixels
    from whatever comes before it in that row and `gap` from what comes after. `blockers`
    (row key, x0, x1) are further taken stretches (e.g. an overflow strip between two rows).
    A label moves when it then fits whole, or gains `min_gain` pixels, or was hidden and now
    has `min_px` (or its whole width, if less).
    """
    want = np.where(placement.shown & ~placement.inside, placement.width, 0.0)
    cand = np.flatnonzero(~placement.inside & (want < text_w - 0.5) & (row_hi > row_lo))
    if len(cand) == 0:
        return placement
    keys = row_key.astype(np.int64)
    shown = placement.shown
    # Every taken stretch: glyphs in their rows, shown labels in theirs, and the blockers.
    parts_k = [keys, (keys + placement.shift)[shown]]
    parts_a = [glyph_x0, placement.x[shown]]
    parts_b = [glyph_x1, (placement.x + placement.width)[shown]]
    if blockers is not None:
        parts_k.append(np.asarray(blockers[0], np.int64))
        parts_a.append(np.asarray(blockers[1], np.float64))
        parts_b.append(np.asarray(blockers[2], np.float64))
    taken = _Taken(
        np.concatenate(parts_k),
        np.concatenate(parts_a),
        np.concatenate(parts_b),
        x_min,
        x_max,
    )
    shifts = [d for s in range(1, max_shift + 1) for d in (-s, s)]
    # What the rows hold now rules most labels out at once (room only shrinks as labels move
    # in); the rest take their places one by one, left to right, each seeing the labels moved
    # before it.
    most = np.full(len(cand), -np.inf)
    a = np.maximum(glyph_x0[cand], x_min)  # a caption starting at the glyph's left edge
    b = np.minimum(glyph_x1[cand], x_max)  # or one ending at its right edge
    for d in shifts:
        key = keys[cand] + d
        ok = (key >= row_lo[cand]) & (key <= row_hi[cand])
        lo, hi = taken.gap_at(key, a)
        right = np.where(lo + label_sep <= a, np.minimum(hi - gap, x_max) - a, -np.inf)
        lo, hi = taken.gap_at(key, b)
        left = np.where(hi >= b + gap, b - np.maximum(lo + label_sep, x_min), -np.inf)
        most = np.where(ok, np.maximum(most, np.maximum(right, left)), most)
    tw, have = text_w[cand], want[cand]
    most = np.minimum(most, tw)
    gains = (
        (most >= tw - 0.5)
        | ((have > 0) & (most >= have + min_gain))
        | ((have == 0) & (most >= np.minimum(tw, min_px)))
    )
    cand = cand[gains]
    x = placement.x.copy()
    width = placement.width.copy()
    shown = placement.shown.copy()
    shift = placement.shift.copy()
    for i in cand[np.argsort(glyph_x0[cand], kind="stable")].tolist():
        tw_i, have_i = float(text_w[i]), float(want[i])
        g0, g1 = float(glyph_x0[i]), float(glyph_x1[i])
        best: tuple[float, float, int] | None = None  # (room, x, shift)
        for d in shifts:
            row_i = int(keys[i]) + d
            if row_i < row_lo[i] or row_i > row_hi[i]:
                continue
            rs = taken.row(row_i)
            xa = max(g0, x_min)  # a caption starting at the glyph's left edge
            span = rs.gap_at(xa) if rs is not None else (-math.inf, math.inf)
            if span is not None and span[0] + label_sep <= xa:
                room = min(min(span[1] - gap, x_max) - xa, tw_i)
                if best is None or room > best[0] + 0.5:
                    best = (room, xa, d)
            xb = min(g1, x_max)  # a caption ending at the glyph's right edge
            span = rs.gap_at(xb) if rs is not None else (-math.inf, math.inf)
            if span is not None and span[1] >= xb + gap:
                start = max(span[0] + label_sep, x_min)
                room = min(xb - start, tw_i)
                if best is None or room > best[0] + 0.5:
                    best = (room, max(start, xb - tw_i), d)
            if best is not None and best[0] >= tw_i - 0.5:
                break  # whole in the nearest row that holds it
        if best is None:
            continue
        r, at, d = best
        if not (
            r >= tw_i - 0.5
            or (have_i > 0 and r >= have_i + min_gain)
            or (have_i == 0 and r >= min(tw_i, min_px))
        ):
            continue
        x[i], width[i], shown[i], shift[i] = at, r, True, d
        taken.add(int(keys[i]) + d, at, at + r)
    return Placement(x=x, width=width, shown=shown, inside=placement.inside.copy(), shift=shift)


class _Taken:
    """Taken stretches of many rows: disjoint intervals sorted by (row, start), looked up for
    many labels at once (`gap_at`, before any label moves), and one row at a time as
    `_RowSpans` that take the labels moved into it (`row`, `add`).

    Positions are clipped to the plot with a wide margin: beyond it nothing is placed.
    """

    def __init__(
        self, keys: np.ndarray, a: np.ndarray, b: np.ndarray, x_min: float, x_max: float
    ) -> None:
        self._lo, self._hi = x_min - 1e4, x_max + 1e4
        a, b = np.clip(a, self._lo, self._hi), np.clip(b, self._lo, self._hi)
        order = np.lexsort((a, keys))
        k, a, b = keys[order], a[order], b[order]
        first_of_row = np.r_[True, k[1:] != k[:-1]] if len(k) else np.zeros(0, bool)
        # running max of the ends within each row (rows lifted apart by a large offset)
        off = np.cumsum(first_of_row) * 4 * (self._hi - self._lo)
        run_end = np.maximum.accumulate(b + off) - off if len(k) else b
        new = first_of_row.copy()
        new[1:] |= a[1:] > run_end[:-1]
        starts = np.flatnonzero(new)
        last = np.r_[starts[1:], len(k)] - 1
        self.k, self.s, self.e = k[starts], a[starts], run_end[last]
        self._keys = self.k[np.r_[True, self.k[1:] != self.k[:-1]]] if len(self.k) else self.k
        self._w = 3 * (self._hi - self._lo)
        self._row_of = np.searchsorted(self._keys, self.k)
        self._comp = self._row_of * self._w + (self.s - self._lo)
        self._rows: dict[int, _RowSpans] = {}

    def gap_at(self, key: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(lo, hi) of the free stretch of row `key` holding x; lo = +inf when x is taken."""
        n = len(self.k)
        r = np.searchsorted(self._keys, key)
        q = r * self._w + (np.clip(x, self._lo, self._hi) - self._lo)
        i = np.searchsorted(self._comp, q, side="right")
        prev_ok = (i > 0) & (self.k[np.maximum(i - 1, 0)] == key) if n else np.zeros(len(key), bool)
        next_ok = (i < n) & (self.k[np.minimum(i, n - 1)] == key) if n else prev_ok
        lo = np.where(prev_ok, self.e[np.maximum(i - 1, 0)] if n else 0.0, -np.inf)
        hi = np.where(next_ok, self.s[np.minimum(i, n - 1)] if n else 0.0, np.inf)
        return np.where(lo > x, np.inf, lo), hi

    def row(self, key: int) -> _RowSpans | None:
        """Row `key` as spans that take additions (None: nothing taken there yet)."""
        rs = self._rows.get(key)
        if rs is None:
            lo, hi = np.searchsorted(self.k, [key, key + 1])
            if lo == hi:
                return None
            rs = self._rows[key] = _RowSpans()
            rs.starts, rs.ends = self.s[lo:hi].tolist(), self.e[lo:hi].tolist()
        return rs

    def add(self, key: int, a: float, b: float) -> None:
        rs = self.row(key)
        if rs is None:
            rs = self._rows[key] = _RowSpans()
        rs.add(a, b)


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
