"""Label widths of many titles at once, from a table of per-character advances.

Measuring every newly visible title with the font (`QFontMetricsF.horizontalAdvance`, ~15 µs
each) froze a drag-pan on a 10^6-event dataset for 0.7 s: each new window of events measured
tens of thousands of titles on the UI thread. Without kerning (the renderer's label font has it
off) a text's width is the sum of its characters' advances, so `AdvanceTable` asks the font
once per code point and sums the advances of a whole batch of titles with numpy.

The sum is exact for simple text (Latin, Greek, Cyrillic, CJK, Hangul syllables) and an upper
bound where the font joins characters (ligatures, combining marks composed onto their base).
Text whose shape depends on its neighbours (Arabic, Indic and other shaped scripts, joiners,
control characters, characters beyond the Basic Multilingual Plane) is flagged `shaped`:
the renderer measures a few such titles per batch as laid out and places the rest by the
estimate, measuring the real text before drawing it (only the labels shown) and eliding it
if it would not fit its room.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

#: Code point ranges whose width depends on shaping with their neighbours (half-open).
SHAPED_RANGES: tuple[tuple[int, int], ...] = (
    (0x0000, 0x0020),  # control characters (tabs, newlines)
    (0x007F, 0x00A0),
    (0x0590, 0x0900),  # Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan, Mandaic
    (0x0900, 0x0E00),  # Indic scripts, Sinhala
    (0x0E00, 0x1000),  # Thai, Lao, Tibetan
    (0x1000, 0x10A0),  # Myanmar
    (0x1100, 0x1200),  # conjoining Hangul jamo (composed into syllables)
    (0x1700, 0x1900),  # Philippine scripts, Khmer, Mongolian
    (0x1A00, 0x1C50),  # Buginese, Tai Tham, Balinese, Sundanese, Batak, Lepcha
    (0x200B, 0x2010),  # zero-width space and joiners, directional marks
    (0x202A, 0x202F),  # directional embeddings
    (0x2060, 0x2070),  # invisible operators, isolates
    (0xA800, 0xA830),  # Syloti Nagri
    (0xA840, 0xAA60),  # Phags-pa, Saurashtra, Devanagari ext., Kayah Li, Rejang, Javanese, Cham
    (0xD800, 0xE000),  # surrogates
    (0xFB1D, 0xFE00),  # Hebrew and Arabic presentation forms
    (0xFE00, 0xFE10),  # variation selectors
    (0xFE20, 0xFE30),  # combining half marks
    (0xFE70, 0xFF00),  # Arabic presentation forms B, byte order mark
)

#: Code points below this have a slot in the table; the last slot stands for every one above.
_BMP = 0x10000
_ASTRAL = _BMP - 1  # U+FFFF is a noncharacter: its slot marks characters beyond the BMP


class AdvanceTable:
    """Per-code-point advances of one font (`measure` of a one-character string), cached."""

    def __init__(self, measure: Callable[[str], float]) -> None:
        self._measure = measure
        # float32 holds the fonts' advances exactly (multiples of 1/64 px); sums are float64
        self._adv = np.full(_BMP, np.nan, np.float32)
        self._shaped = np.zeros(_BMP, bool)
        for lo, hi in SHAPED_RANGES:
            self._shaped[lo:hi] = True
        self._adv[_ASTRAL] = 0.0
        self._shaped[_ASTRAL] = True
        self._astral: dict[int, float] = {}

    def widths(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(width in px, shaped) of each of `texts`: the sum of its characters' advances, and
        whether that sum is only an estimate of the shaped text's width (see the module)."""
        n = len(texts)
        if n == 0:
            return np.zeros(0), np.zeros(0, bool)
        lengths = np.fromiter(map(len, texts), np.int64, n)
        joined = "".join(texts).encode("utf-32-le", "surrogatepass")
        codes = np.frombuffer(joined, np.uint32)
        slots = np.minimum(codes, _ASTRAL)
        adv = self._adv[slots]
        unknown = np.isnan(adv)
        if unknown.any():
            for c in np.unique(slots[unknown]).tolist():
                self._adv[c] = self._measure(chr(c))
            adv = self._adv[slots]
        shaped = self._shaped[slots]
        astral = np.flatnonzero(slots == _ASTRAL)
        if len(astral):  # rare: measured one by one
            adv[astral] = [self._astral_advance(c) for c in codes[astral].tolist()]
        # sums over each text's characters; a trailing 0 keeps every start inside the array
        starts = np.cumsum(lengths) - lengths
        empty = lengths == 0
        total = np.add.reduceat(np.append(adv, np.float32(0)), starts, dtype=np.float64)
        flagged = np.logical_or.reduceat(np.append(shaped, False), starts)
        total[empty] = 0.0
        flagged[empty] = False
        return total, flagged

    def width(self, text: str) -> float:
        """The sum of `text`'s characters' advances (one short text: no arrays)."""
        adv = self._adv
        total = 0.0
        for ch in text:
            c = ord(ch)
            if c >= _ASTRAL:
                total += self._astral_advance(c)
                continue
            a = adv[c]
            if a != a:  # not asked yet
                a = adv[c] = self._measure(ch)
            total += float(a)
        return total

    def _astral_advance(self, code: int) -> float:
        adv = self._astral.get(code)
        if adv is None:
            adv = self._astral[code] = float(self._measure(chr(code)))
        return adv


class LabelWidths:
    """The label widths of one table's titles in one font, filled in as they are measured
    (NaN: not yet): the summed advances (`AdvanceTable.widths`, capped), whether each is an
    estimate (`shaped`), and the width as laid out where it was measured (`exact`).

    Held by the table's columns (`EventArrays.widths`, by font), so that a worker making the
    next table (a filter, hide or edit) carries them over (`carried`) and the window's thread
    does not work them out again for every table: at 100,000 events, packing a view's lanes
    asked for up to 15-20 ms of widths in one pan or zoom after each new table."""

    __slots__ = ("earlier", "exact", "shaped", "text")

    def __init__(self, text: np.ndarray, shaped: np.ndarray, exact: np.ndarray) -> None:
        self.text = text
        self.shaped = shaped
        self.exact = exact
        #: the titles of earlier tables whose widths were carried to this one, and those
        #: widths (`model.timeline.EventArrays.carry_widths`), to carry on to the next table
        self.earlier: tuple[Any, LabelWidths] | None = None

    @classmethod
    def empty(cls, n: int) -> LabelWidths:
        return cls(np.full(n, np.nan), np.zeros(n, bool), np.full(n, np.nan))

    def __len__(self) -> int:
        return len(self.text)

    def carried(self, positions: np.ndarray) -> LabelWidths:
        """The widths of another table's titles, `positions` giving where each one's text is
        among these (-1: absent). Only simple titles' widths are taken: theirs are what
        summing gives again, where a shaped title's depends on which batch measured it."""
        out = LabelWidths.empty(len(positions))
        found = np.flatnonzero(positions >= 0)
        if len(found):
            at = positions[found]
            text = self.text[at]  # (read while the window's thread may fill in more: a NaN
            simple = ~np.isnan(text) & ~self.shaped[at]  # read is a width not carried)
            out.text[found[simple]] = text[simple]
            out.exact[found[simple]] = self.exact[at[simple]]
        return out

    def merge(self, other: LabelWidths) -> None:
        """Take `other`'s widths (of the same table) where these have none yet."""
        fill = np.isnan(self.text) & ~np.isnan(other.text)
        self.text[fill] = other.text[fill]
        self.shaped[fill] = other.shaped[fill]
        fill = np.isnan(self.exact) & ~np.isnan(other.exact)
        self.exact[fill] = other.exact[fill]
