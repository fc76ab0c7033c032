"""Lines of a document with their offsets, and cheap tests of what a line looks like.

Junk detection, stamp detection and title picking all walk the text line by line and report
spans as offsets into the exact text, so they share this one splitter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends in . ! ? … (or their CJK forms), possibly followed by closing quotes/brackets.
_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»)\]]*$")


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text: `start`/`end` bound its content without surrounding whitespace."""

    index: int
    start: int
    end: int
    text: str  # the stripped content, text[start:end] of the document
    words: int = 0
    prose: bool = False  # reads like article prose (see `is_prose`)

    @property
    def is_blank(self) -> bool:
        return not self.text


def split_lines(text: str) -> list[Line]:
    """Every line of `text` (split on "\\n" only: the text is already normalised)."""
    lines: list[Line] = []
    pos = 0
    for index, raw in enumerate(text.split("\n")):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            start = pos + lead
            words = len(stripped.split())
            prose = words >= 20 or (words >= 4 and bool(_SENTENCE_END.search(stripped)))
            lines.append(Line(index, start, start + len(stripped), stripped, words, prose))
        else:
            lines.append(Line(index, pos, pos, ""))
        pos += len(raw) + 1
    return lines


def normalise_newlines(text: str) -> str:
    """CR LF and lone CR become LF; nothing else changes (offsets stay meaningful)."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def word_count(text: str) -> int:
    """Words in a line (whitespace-separated: cheap, and right for English and Korean)."""
    return len(text.split())


def ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text))


def is_prose(text: str) -> bool:
    """A line that reads like article prose: a sentence of a few words, or a long passage."""
    words = word_count(text)
    return (words >= 4 and ends_sentence(text)) or words >= 20
