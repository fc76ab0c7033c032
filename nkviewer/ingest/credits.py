"""Copyright notices and photo credits inside a line: "© AFP 2023 / TIMOTHY A. CLARY",
"(AP Photo/Ricardo Mazalan)", "(Reuters/Nir Elias)", "Photo: Zhang Qi/Caixin", "(Via AFP)".

They name agencies, photographers and a copyright year, none of which is an actor, a place or an
event, so their spans join the document's junk: kept in the text, never parsed. Whole lines of
boilerplate are `boilerplate`'s business; these are the pieces inside caption and prose lines.
"""

from __future__ import annotations

import re

from nkviewer.ingest.document import Span
from nkviewer.ingest.textlines import Line

_CAPS_NAME = r"(?-i:[A-Z][A-Z'’.\-]*(?:\s+[A-Z][A-Z'’.\-]*){0,4})"
#: "© AFP 2023 / TIMOTHY A. CLARY", "© Dominique Faget , AFP |", "Copyright 2019 Reuters."
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|\bCopyright\b)\s*"
    r"(?:[^|/\n]{0,60}?(?=\s*[|/])\s*(?:[|]|/\s*" + _CAPS_NAME + r"(?=\s|$))"
    r"|[^|/\n.;]{0,60}?\b(?:19|20)\d\d\b\.?)",
    re.IGNORECASE,
)
#: "(AP Photo/Ricardo Mazalan)", "(Reuters/Nir Elias)", "(Yonhap photo)", "(Via AFP)".
_PAREN = re.compile(
    r"\((?:(?:[\w.&'’\-]+\s+){0,2}(?:file\s+)?photos?(?:\s*(?:/|by\b|:|courtesy)[^()\n]{0,40})?"
    r"|(?-i:[A-Z][\w.&’'\- ]{0,30}/[A-Z][\w.’'\-]*(?:\s+[A-Z][\w.’'\-]*)+)"
    r"|via\s+[^()\n]{1,40}|file\s+photo|photo\s+courtesy[^()\n]{0,40})\)",
    re.IGNORECASE,
)
#: "Photo: Zhang Qi/Caixin", "Photo by Jane Doe", "Picture credit: ..." ending a line.
_TRAILING = re.compile(
    r"(?:^|(?<=[.)\s]))(?:photo|photograph|picture|image)s?(?:\s+credit)?\s*(?::|by)\s*[^.\n]{1,50}$",
    re.IGNORECASE,
)


#: An outlet's name appended to a caption it printed: "... on December 18, 2015 - Sputnik
#: International" (a caption of at least six words, then a dash and a short capitalised name).
_SUFFIX = re.compile(r"(?<=\S)\s+[-–—|]\s+(?-i:(?:[A-Z][\w.&’'\-]*\s?){1,4})$")
_MIN_CAPTION_WORDS = 6
#: The photographer's name repeated right after a credit: "(AP Photo/Ricardo Mazalan) (Ricardo
#: Mazalan)".
_REPEATED_NAME = re.compile(r"\s*\([A-Z][\w.’'\-]*(?:\s+[A-Z][\w.’'\-]*)+\)")


def find_credits(lines: list[Line]) -> list[Span]:
    """Spans of copyright notices and photo credits, in text order."""
    out: list[Span] = []
    for line in lines:
        text = line.text
        if line.is_blank:
            continue
        suffix = _SUFFIX.search(text)
        before = text[: suffix.start()].split() if suffix is not None else []
        if (
            suffix is not None
            and len(before) >= _MIN_CAPTION_WORDS
            and not before[-1][:1].isupper()  # "Russia - Ukraine" is a pair, not a credit
            and re.search(r"\d{4}|\d{1,2}:\d\d", text[: suffix.start()])  # a dated caption
        ):
            out.append(Span(line.start + suffix.start(), line.start + suffix.end(), "credit"))
        for pattern in (_COPYRIGHT, _PAREN, _TRAILING):
            for m in pattern.finditer(text):
                start, end = line.start + m.start(), line.start + m.end()
                again = _REPEATED_NAME.match(text, m.end()) if text[m.end() - 1] == ")" else None
                if again is not None:
                    end = line.start + again.end()
                if not any(s.start < end and start < s.end for s in out):
                    out.append(Span(start, end, "credit"))
    out.sort(key=lambda s: s.start)
    return out
