"""Convert between Python string indices (code points) and Qt text positions (UTF-16 units).

Event and entity offsets are Python `str` indices; QTextDocument counts UTF-16 code units, so
every character outside the Basic Multilingual Plane (emoji, rare CJK) shifts Qt positions by
one. Hangul syllables are in the BMP and count once in both.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Utf16Map:
    """Index conversion for one text; O(log k) per lookup with k astral characters."""

    def __init__(self, text: str) -> None:
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]
        # Qt position of the first unit after each astral character's surrogate pair.
        self._after_pair = [i + j + 2 for j, i in enumerate(self._astral)]
        self.length = len(text)

    def to_qt(self, index: int) -> int:
        """Qt position of the character at Python `index` (or of the end, for len(text))."""
        return index + bisect_left(self._astral, index)

    def from_qt(self, position: int) -> int:
        """Python index of the character at Qt `position`; inside a surrogate pair, its start."""
        whole_pairs = bisect_right(self._after_pair, position)
        index = position - whole_pairs
        if whole_pairs < len(self._astral) and self._astral[whole_pairs] < index:
            index = self._astral[whole_pairs]
        return max(0, min(index, self.length))

    def span_to_qt(self, start: int, end: int) -> tuple[int, int]:
        return self.to_qt(start), self.to_qt(end)
