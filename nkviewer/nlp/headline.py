"""Headlines in title case, given to the tagger and parser in sentence case.

"Trump Says He'll Meet China's Top Trade Negotiator Friday": with every word capitalised the
tagger reads "Meet" and "Top Trade Negotiator" as names, the parser hangs the weekday on
"Says", and the event is titled "Trump Says". A word of such a headline that the article
itself writes in lower case somewhere ("meet", "trade") is a common word, not a name, and is
lower-cased in the copy the pipeline parses — the same length, so every offset stays exact;
the user still sees the text as written. Names, months and weekdays, the headline's first word,
and a word the article also capitalises inside a sentence ("House" of "the White House", "Court"
of "the Supreme Court", even where it writes "the court" too) stay as they are.

In hard-wrapped agency copy a headline may sit on the line right above the lead, with no blank
line between, and end without a full stop just as every wrapped line of a paragraph does.
`wrapped_headline_ends` tells them apart the way a reader does: the headline opens the text or a
paragraph, is in title case, stops where the lead's first word would still have fitted on the
line (or capitalises words the article writes in lower case), and the next line opens a sentence.
"""

from __future__ import annotations

import re

#: A word as a headline writes it (letters, inner apostrophes and hyphens).
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
#: The small words title case may leave in lower case.
_SMALL = "a an and as at but by for from in into of on or over the to up via vs with"
SMALL_WORDS = frozenset(_SMALL.split())
#: Words that stay capitalised: a date is read from its capital ("May", "March", "Sunday").
_DATES = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "monday tuesday wednesday thursday friday saturday sunday"
)
_DATE_WORDS = frozenset(_DATES.split())
_TERMINAL = frozenset('.!?…:;。！？"”’)]»')
#: A sentence ending inside a line: a word's full stop (not an abbreviation's: "U.S.",
#: "Gov.") or a question or exclamation mark, then a space and a capital.
_SENTENCE_INSIDE = re.compile(r"(?:[a-z]{3}[.…]|[!?])[\"”’)\]»]*\s+[\"“‘(]?[A-Z]")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]*")
#: A capitalised word inside a sentence: after a word, a comma or a semicolon and a space.
_INNER_CAPITAL = re.compile(r"(?<=[\w,;] )[A-Z][\w'’-]*")


def title_case(line: str) -> bool:
    """A headline in title case: three words or more, no sentence end at the end of the line,
    every word capitalised but the small ones."""
    stripped = line.rstrip()
    if not stripped or stripped[-1] in _TERMINAL:
        return False
    words = _WORD.findall(stripped)
    if len(words) < 3:
        return False
    return all(w[0].isupper() or w.lower() in SMALL_WORDS for w in words)


#: A byline ("By Ana Lind") or a wire dateline ("OSTERBERG, May 3 (Wire) -") opening a line:
#: what follows a headline, not more of it.
_BYLINE_OR_DATELINE = re.compile(
    r"\s*(?:By\s+[A-Z]|[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+)*\s*(?:,|\(|[-–—]))"
)
#: What may open a sentence: a capital, a digit, an opening quote or bracket.
_OPENS_SENTENCE = re.compile(r"\s*[\"“‘'(]?[A-Z0-9]")
#: Share of a headline's words after the first that the article writes in lower case, above
#: which a line that fills the wrap width is a headline too ("Harbour Board Says Pier Will
#: Reopen"); a paragraph line of names ("President Ana Lind of Osterberg and Prime Minister")
#: has few or none.
COMMON_SHARE = 0.5


#: A headline line wider than every other line of a hard-wrapped text by this many characters
#: was not cut at the text's width (its lines reach that width within a few characters).
WIDER_BY = 5
#: A document is hard-wrapped (agency copy at 65-72 columns) when at least this share of its
#: lines of text stop at a similar width without ending a sentence.
WRAPPED_SHARE = 0.3
WRAP_MIN, WRAP_MAX = 45, 90
#: `Doc.user_data` key: the offsets `headline_ends` found in the text as written, for the
#: line-break component, which sees the copy in sentence case.
HEADLINE_ENDS = "nkviewer_headline_ends"


def wrap_width(text: str) -> int:
    """The width `text` is hard-wrapped at (its longest line of a wrapping width), or 0 when
    it is not hard-wrapped."""
    lines = [ln.strip() for ln in text.split("\n")]
    full = [ln for ln in lines if len(ln) >= 20]
    if len(full) < 5:
        return 0
    cut = [ln for ln in full if WRAP_MIN <= len(ln) <= WRAP_MAX and ln[-1] not in _TERMINAL]
    if len(cut) < WRAPPED_SHARE * len(full):
        return 0
    return max(len(ln) for ln in full if len(ln) <= WRAP_MAX)


def headline_ends(text: str) -> frozenset[int]:
    """Offsets of the line breaks in `text`, if hard-wrapped, that end a headline sitting
    right above the lead, with no blank line between (module docstring)."""
    width = wrap_width(text)
    if not width:
        return frozenset()
    lines = text.split("\n")
    offsets = [0]
    for line in lines[:-1]:
        offsets.append(offsets[-1] + len(line) + 1)
    common: set[str] | None = None
    ends: set[int] = set()
    widths = sorted(((len(line.rstrip()), i) for i, line in enumerate(lines)), reverse=True)[:2]
    for k in range(len(lines)):
        if k > 0 and lines[k - 1].strip():
            continue  # a headline opens the text or a paragraph
        j = k
        while j < len(lines) and title_case(lines[j]) and not _BYLINE_OR_DATELINE.match(lines[j]):
            j += 1
        if j == k:
            if _sentence_case_headline(lines, k, widths):
                ends.add(offsets[k + 1] - 1)
            elif _two_line_sentence_case_headline(lines, k):
                ends.add(offsets[k + 2] - 1)
            continue
        if j >= len(lines) or not _OPENS_SENTENCE.match(lines[j]):
            continue
        last = lines[j - 1].strip()
        words = [w for ln in lines[k:j] for w in _WORD.findall(ln)]
        if words[-1].lower() in SMALL_WORDS or last[-1] in ",-–—":
            continue  # "... of the" / "Minister Lind,": the sentence runs on
        first_next = lines[j].split()[0]
        fits = len(last) + 1 + len(first_next) <= width  # not wrapped for want of room
        if not fits:
            common = _lower_case_words(lines) if common is None else common
            told = [w for w in words[1:] if w[0].isupper() and w.lower() not in _DATE_WORDS]
            shown = sum(1 for w in told if w.lower() in common)
            fits = bool(told) and shown >= COMMON_SHARE * len(told)
        if fits:
            ends.add(offsets[j] - 1)
    return frozenset(ends)


def _sentence_case_headline(lines: list[str], k: int, widths: list[tuple[int, int]]) -> bool:
    """Line `k`, opening the text or a paragraph, is a headline in sentence case right above
    the lead ("Harbour board says old pier will reopen on Saturday" over "The harbour board
    of Osterberg said …"): one phrase of three words or more that opens with a capital, ends
    no sentence and holds no sentence end, does not stop on a small word or a comma, and
    stops where the next line's first word would still have fitted — a wrapped line is cut
    only where the next word did not fit, and the paragraph's own lines (never the text's
    widest, which may be another headline) tell the width it was wrapped at — or is clearly
    wider than every other line of the text. The next line opens a sentence. `widths`: the
    text's two widest lines, (width, index)."""
    if k + 1 >= len(lines):
        return False
    line = lines[k].rstrip()
    nxt = lines[k + 1]
    if not line or line[-1] in _TERMINAL or _SENTENCE_INSIDE.search(line):
        return False
    if not _OPENS_SENTENCE.match(line) or not nxt.strip() or not _OPENS_SENTENCE.match(nxt):
        return False
    words = _WORD.findall(line)
    if len(words) < 3 or words[-1].lower() in SMALL_WORDS or line[-1] in ",-–—":
        return False
    para: list[int] = []
    for below in lines[k + 1 :]:
        if not below.strip():
            break
        para.append(len(below.rstrip()))
    if len(line) + 1 + len(nxt.split()[0]) <= max(para):
        return True
    # clearly wider than any other line of the text: not cut at the width it is wrapped at
    # (the one line that happens to reach that width is only as wide as the rest, nearly)
    widest = next((w for w, i in widths if i != k), 0)
    return len(line) >= widest + WIDER_BY


def _two_line_sentence_case_headline(lines: list[str], k: int) -> bool:
    """Lines `k` and `k + 1`, opening the text or a paragraph, are one headline in sentence
    case wrapped over two lines right above the lead ("Osterberg harbour board says the old
    pier will reopen" / "to ferries on Saturday" over "The harbour board …"): neither line ends
    a sentence or holds a sentence end, the first opens with a capital, and the second stops
    where the next line's first word would still have fitted, which a line of a wrapped
    paragraph never does (it is cut only where the next word did not fit). The next line opens
    a sentence."""
    if k + 2 >= len(lines):
        return False
    first, second, nxt = lines[k].rstrip(), lines[k + 1].rstrip(), lines[k + 2]
    if not first or not second or not nxt.strip():
        return False
    if _BYLINE_OR_DATELINE.match(first) or _BYLINE_OR_DATELINE.match(second):
        return False  # "By Ana Lind" under a headline: a line of its own
    for line in (first, second):
        if line[-1] in _TERMINAL or _SENTENCE_INSIDE.search(line):
            return False
    if not _OPENS_SENTENCE.match(first) or not _OPENS_SENTENCE.match(nxt):
        return False
    words = _WORD.findall(second)
    if len(_WORD.findall(first)) + len(words) < 4 or not words:
        return False
    if words[-1].lower() in SMALL_WORDS or second[-1] in ",-–—":
        return False
    para: list[int] = []
    for below in lines[k + 2 :]:
        if not below.strip():
            break
        para.append(len(below.rstrip()))
    return len(second) + 1 + len(nxt.split()[0]) <= max(para)


def _lower_case_words(lines: list[str]) -> set[str]:
    """Words the article writes in lower case outside its title-case lines and never
    capitalises inside a sentence: common words, not names."""
    body = "\n".join(line for line in lines if not title_case(line))
    common = {m.group() for m in _LOWER_WORD.finditer(body)}
    return common - {m.group().lower() for m in _INNER_CAPITAL.finditer(body)}


def headline_lines(text: str, ends: frozenset[int] | None = None) -> list[int]:
    """Indexes of the lines of `text` that are headlines in title case: a run of title-case
    lines that opens the text or a paragraph and stands as a sentence of its own — a blank line
    or the end after it, a headline end (`headline_ends`, given as `ends` if known), or, in text
    not hard-wrapped, a next line that opens a sentence. A title-case line inside a paragraph
    ("The Prime Minister of Osterberg and the Mayor of Valda" over "opened the bridge ...") is
    part of a sentence, not a headline."""
    lines = text.split("\n")
    titled = [title_case(line) for line in lines]
    if not any(titled):
        return []
    ends = headline_ends(text) if ends is None else ends
    wrapped = wrap_width(text) > 0
    out: list[int] = []
    k = 0
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    while k < len(lines):
        if not titled[k] or (k > 0 and lines[k - 1].strip()):
            k += 1
            continue
        j = k
        while j < len(lines) and titled[j]:
            j += 1
        offset = starts[j] - 1 if j < len(lines) else len(text)
        alone = (
            j >= len(lines)
            or not lines[j].strip()
            or offset in ends
            or (not wrapped and _OPENS_SENTENCE.match(lines[j]) is not None)
        )
        if alone:
            out.extend(range(k, j))
        k = j
    return out


def sentence_cased(text: str, ends: frozenset[int] | None = None) -> str:
    """`text` with the common words of its title-case headlines (`headline_lines`) in lower
    case (module docstring); `ends`: `headline_ends(text)` if known."""
    lines = text.split("\n")
    heads = headline_lines(text, ends)
    if not heads:
        return text
    common = _lower_case_words(lines)
    for k in heads:
        line = lines[k]
        out: list[str] = []
        pos = 0
        first = True
        for m in _WORD.finditer(line):
            word = m.group()
            low = word.lower()
            keep = first or low in _DATE_WORDS or low not in common or len(low) != len(word)
            first = False
            if not keep:
                out += [line[pos : m.start()], low]
                pos = m.end()
        lines[k] = "".join(out) + line[pos:]
    return "\n".join(lines)
