"""Headlines in title case, given to the tagger and parser in sentence case.

"Trump Says He'll Meet China's Top Trade Negotiator Friday": with every word capitalised the
tagger reads "Meet" and "Top Trade Negotiator" as names, the parser hangs the weekday on
"Says", and the event is titled "Trump Says". A word of such a headline that the article
itself writes in lower case somewhere ("meet", "trade") is a common word, not a name, and is
lower-cased in the copy the pipeline parses — the same length, so every offset stays exact;
the user still sees the text as written. Names, months and weekdays, the headline's first word,
and a word the article also capitalises inside a sentence ("House" of "the White House", "Court"
of "the Supreme Court", even where it writes "the court" too) stay as they are.
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


def sentence_cased(text: str) -> str:
    """`text` with the common words of its title-case lines in lower case (module docstring)."""
    lines = text.split("\n")
    heads = [k for k, line in enumerate(lines) if title_case(line)]
    if not heads:
        return text
    skip = set(heads)
    body = "\n".join(line for k, line in enumerate(lines) if k not in skip)
    common = {m.group() for m in _LOWER_WORD.finditer(body)}
    common -= {m.group().lower() for m in _INNER_CAPITAL.finditer(body)}
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
