"""Scraped-web junk (share buttons, link lists, captions, login prompts...) found as spans.

Junk stays in the text the user reads; extraction skips it. Whole lines only, by general rules:
phrase patterns kept as data (`resources/boilerplate.txt`), headline lists after a "Related" /
"You might also like" / "Most viewed" header, short lines printed twice (photo captions, a
repeated headline), and short non-sentence lines after the last paragraph of prose. Article
prose is protected: phrase patterns only see short lines, and the trailer rule never touches a
line that reads as a sentence.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from nkviewer.ingest.document import Span
from nkviewer.ingest.textlines import Line, is_prose, word_count
from nkviewer.paths import resources_dir

PATTERN_FILE = "boilerplate.txt"
#: Phrase patterns are tried on lines of at most this many words (and characters).
MAX_PHRASE_WORDS = 40
MAX_PHRASE_CHARS = 400
#: Lines after a link-list header stay in the list while they look like headlines.
MAX_HEADLINE_WORDS = 25
#: Short non-sentence lines after the body (at most this many words) are trailer junk.
MAX_TRAILER_WORDS = 15
_AUTHOR = re.compile(r"(?:By|BY)\s+(?P<name>[^,|]+?)(?:\s*[,|].*|\s+(?:with|and|&)\s+.*)?$")
_KOREAN_AUTHOR = re.compile(r"(?P<name>[가-힣]{2,4})\s*(?:선임)?(?:기자|특파원|논설위원)\b")
# "Published: March 5, 2021 | By Anna Petrova": a byline sharing a line with a stamp.
_AUTHOR_ON_STAMP_LINE = re.compile(
    r"(?:^|[|·•,]|\s)\s*(?:by|By|BY)\s+(?P<name>[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){0,3})"
)
_MONTH_WORD = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*"
# List items, list introductions and "Label: 42" figures are content even after the last
# sentence; so is a short sentence ("I think so."), and a schedule's dated entry.
_CONTENT_AFTER_BODY = re.compile(
    r"^(?:[-*•·▪◦]\s|\d{1,2}[.)]\s)|:$|:\s*[-+]?[\d$€£¥][\d.,%]*$|\w[.!?…][\"'”’»)\]]*$"
    # a schedule's entry after the body, a day and a dash: "April 21 — Houston, Toyota Center"
    rf"|^(?:{_MONTH_WORD}\.?\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH_WORD}\.?)(?:,?\s+\d{{4}})?\s+[-–—]\s"
)


#: Patterns that do not start at a fixed word ("….(Korea Times file)") scan the whole line, so
#: they are only tried on lines that are short or do not read as prose.
FLOATING_PREFIXES = (".", "[^", "(?=", "(?:[^")
FLOATING_MAX_PROSE_WORDS = 12


@dataclass(frozen=True, slots=True)
class Patterns:
    """Phrase patterns compiled into two expressions, anchored and floating.

    Group `k<i>` of either expression ↔ `kinds[i]`. Splitting them keeps the common case (a
    line of prose that matches nothing) cheap: each anchored branch fails on the first word.
    """

    anchored: re.Pattern[str]
    floating: re.Pattern[str]
    kinds: tuple[str, ...]


@dataclass
class Junk:
    """What `find_junk` learnt: junk kind per line index, the title line, a byline author."""

    kinds: dict[int, str] = field(default_factory=dict)
    title_line: int | None = None
    author: str = ""

    def spans(self, lines: list[Line]) -> list[Span]:
        """The junk lines as spans; `lines` must hold every line the indices refer to."""
        by_index = {line.index: line for line in lines}
        return [
            Span(by_index[i].start, by_index[i].end, kind) for i, kind in sorted(self.kinds.items())
        ]


def parse_patterns(text: str) -> Patterns:
    """Parse the pattern file format: `kind  regex` per line, `#` comments, blank lines."""
    anchored: list[str] = []
    floating: list[str] = []
    kinds: list[str] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        kind, _, expr = line.partition(" ")
        expr = expr.strip()
        try:
            re.compile(expr, re.IGNORECASE)
        except re.error as exc:
            raise ValueError(f"{PATTERN_FILE} line {number}: bad pattern ({exc})") from exc
        group = f"(?P<k{len(kinds)}>{expr})"
        (floating if expr.startswith(FLOATING_PREFIXES) else anchored).append(group)
        kinds.append(kind)
    return Patterns(
        re.compile("|".join(anchored) or "(?!)", re.IGNORECASE),
        re.compile("|".join(floating) or "(?!)", re.IGNORECASE),
        tuple(kinds),
    )


@lru_cache(maxsize=4)
def load_patterns(path: Path | None = None) -> Patterns:
    """The junk phrase patterns from `resources/boilerplate.txt` (read once per process)."""
    source = path or resources_dir() / PATTERN_FILE
    return parse_patterns(source.read_text(encoding="utf-8"))


def phrase_kind(
    text: str, patterns: Patterns, words: int | None = None, prose: bool | None = None
) -> str | None:
    """The junk kind of one stripped line by the phrase patterns, or None.

    `words`/`prose` may be passed when already known (see `textlines.Line`).
    """
    if words is None:
        words = word_count(text)
    if len(text) > MAX_PHRASE_CHARS or words > MAX_PHRASE_WORDS:
        return None
    m = patterns.anchored.fullmatch(text)
    if m is None:
        if prose is None:
            prose = is_prose(text)
        if prose and words >= FLOATING_MAX_PROSE_WORDS:
            return None
        m = patterns.floating.fullmatch(text)
    if m is None or m.lastgroup is None:
        return None
    return patterns.kinds[int(m.lastgroup[1:])]


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _is_headline(line: Line) -> bool:
    if line.words > MAX_HEADLINE_WORDS:
        return False
    return not (line.text.endswith(".") and line.words >= 5)


def _link_lists(lines: list[Line], junk: Junk) -> None:
    """Mark the headline lines after each link-list header (and the header) as "related"."""
    in_list = False
    for line in lines:
        if line.is_blank:
            continue
        kind = junk.kinds.get(line.index)
        if kind == "related-header":
            junk.kinds[line.index] = "related"
            in_list = True
        elif in_list:
            if kind is None and _is_headline(line):
                junk.kinds[line.index] = "related"
            elif kind is None:
                in_list = False


def _duplicates(lines: list[Line], junk: Junk) -> None:
    """Lines printed twice: captions (all copies), a repeated headline, copied paragraphs."""
    keys = {line.index: _key(line.text) for line in lines if not line.is_blank}
    seen: dict[str, list[Line]] = defaultdict(list)
    for line in lines:
        if line.words >= 2:
            seen[keys[line.index]].append(line)
    title = next((ln for ln in lines if ln.index == junk.title_line), None)
    for copies in seen.values():
        if len(copies) < 2:
            continue
        if title is not None and copies[0].index == title.index:
            for line in copies[1:]:
                junk.kinds.setdefault(line.index, "title-duplicate")
        elif copies[0].prose:
            for line in copies[1:]:
                junk.kinds.setdefault(line.index, "duplicate")
        else:
            for line in copies:
                junk.kinds.setdefault(line.index, "caption-duplicate")
    # A caption printed again with a credit appended ("... Square" / "... Square Copyright X").
    text_lines = [ln for ln in lines if not ln.is_blank]
    for i, a in enumerate(text_lines):
        if (title and a.index == title.index) or a.prose or a.words < 4:
            continue
        ka = keys[a.index]
        for b in text_lines[i + 1 : i + 4]:
            kb = keys[b.index]
            related = kb != ka and (kb.startswith(ka) or ka.startswith(kb))
            if related and not b.prose and b.words >= 4:
                junk.kinds.setdefault(a.index, "caption-duplicate")
                junk.kinds.setdefault(b.index, "caption-duplicate")


def _trailer(lines: list[Line], junk: Junk) -> None:
    """Short non-sentence lines after the last paragraph of prose: site furniture."""
    last_prose = None
    for line in lines:
        if line.prose and line.index not in junk.kinds:
            last_prose = line.index
    if last_prose is None:
        return
    for line in lines:
        if line.index <= last_prose or line.is_blank or line.index in junk.kinds:
            continue
        if _CONTENT_AFTER_BODY.search(line.text):
            continue
        if line.words <= MAX_TRAILER_WORDS and not line.prose:
            junk.kinds[line.index] = "trailer"


def _author(lines: list[Line], junk: Junk, stamp_lines: frozenset[int]) -> str:
    """The writer named in the first byline ("By Kim Oi-hyun, Beijing correspondent")."""
    for line in lines:
        text = line.text
        if line.index in stamp_lines:
            m = _AUTHOR_ON_STAMP_LINE.search(text)
        elif junk.kinds.get(line.index) == "byline":
            m = _AUTHOR.match(text) or _KOREAN_AUTHOR.match(text)
        else:
            continue
        if m:
            return m["name"].strip()
    return ""


def find_junk(
    lines: list[Line], *, protected: frozenset[int] = frozenset(), patterns: Patterns | None = None
) -> Junk:
    """Junk lines of a document and its title line (the first line that is not junk).

    `lines` may be a tail of the document's lines (after front matter): indices stay global.
    `protected` lines (printed stamps, a title taken from metadata) are never marked.
    """
    pats = patterns or load_patterns()
    junk = Junk()
    for line in lines:
        if line.is_blank or line.index in protected:
            continue
        kind = phrase_kind(line.text, pats, line.words, line.prose)
        if kind is not None:
            junk.kinds[line.index] = kind
        elif junk.title_line is None:
            junk.title_line = line.index
    _link_lists(lines, junk)
    _duplicates(lines, junk)
    _trailer(lines, junk)
    for index in protected:
        junk.kinds.pop(index, None)
    junk.author = _author(lines, junk, protected)
    return junk
