"""The rule machinery: a rule is a compiled regular expression plus a builder that turns a match
into a candidate mention (span, TIMEX3 type, recipe), or rejects it after looking at the text
around it. The rule sets: `rules_calendar`, `rules_periods`, `rules_clock`, `rules_relative`,
`rules_reporting`, `rules_duration`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from nkviewer.nlp.headline import title_case
from nkviewer.nlp.timex import lexicon as lx
from nkviewer.nlp.timex.types import TimexRecipe

Recipe = TimexRecipe


@dataclass(slots=True)
class Cand:
    """A candidate mention before overlap resolution."""

    start: int
    end: int
    type: str
    recipe: Recipe
    priority: int = 0
    rule: str = ""
    #: Offsets of the two endpoints of a range, for scorers that count them apart.
    parts: list[tuple[int, int]] = field(default_factory=list)


Builder = Callable[[re.Match[str], str], "Cand | None"]


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    build: Builder
    priority: int = 0


RULES: list[Rule] = []


def rule(
    name: str, pattern: str, *, priority: int = 0, flags: int = re.I
) -> Callable[[Builder], Builder]:
    """Register `build` for `pattern` (wrapped in word boundaries, case-insensitive by default)."""
    compiled = re.compile(rf"(?<![\w])(?:{pattern})(?![\w])", flags)

    def deco(build: Builder) -> Builder:
        RULES.append(Rule(name, compiled, build, priority))
        return build

    return deco


#: The type of a candidate that claims its span only to keep the other rules off it: a day that
#: does not exist ("the 31st of February", "2019-02-29") is not a date, nor is its month or year.
NOT_A_DATE = "NOT_A_DATE"


def not_a_date(m: re.Match[str]) -> Cand:
    return Cand(m.start(), m.end(), NOT_A_DATE, {})


def cand(m: re.Match[str], type_: str, recipe: Recipe, group: int | str = 0, **kw: Any) -> Cand:
    """A candidate for the whole match (or one group of it)."""
    return Cand(m.start(group), m.end(group), type_, recipe, **kw)


# --- shared regex fragments --------------------------------------------------------------------

#: "the" right before a date: "the last Saturday", "the April 25 House of Culture".
THE_BEFORE = re.compile(r"\bthe\s+$", re.IGNORECASE)

YEAR = r"(?:1[0-9]|20)\d\d"
YEAR_WORDS = (
    rf"(?:nineteen|twenty)[\s-]+(?:hundred|{lx.WORD_NUMBER_RE})"
    rf"|two\s+thousand(?:\s+(?:and\s+)?(?:{lx.WORD_NUMBER_RE}))?"
)
#: Prefixes that narrow a unit: "early 2013", "mid-2018", "the end of 1990"...
MOD_PREFIX = (
    r"(?:(?:the\s+)?(?:very\s+)?(?:early|late|mid|middle)(?:\s+(?:in|on)\s+|[\s-]+|(?=\d))"
    r"|(?:the\s+)?(?:end|beginning|start|middle|turn|close)\s+of\s+(?:the\s+)?"
    r"|earlier\s+(?:in\s+)?|later\s+(?:in\s+)?"
    r"|(?:around|about|approximately|roughly)\s+)"
)

_MOD_WORDS = {
    "early": "START",
    "beginning": "START",
    "start": "START",
    "earlier": "START",
    "mid": "MID",
    "middle": "MID",
    "late": "END",
    "later": "END",
    "end": "END",
    "close": "END",
    "turn": "END",
    "around": "APPROX",
    "about": "APPROX",
    "approximately": "APPROX",
    "roughly": "APPROX",
}


def mod_of(prefix: str | None) -> str | None:
    """TIMEX3 mod of a MOD_PREFIX match ("early " → START, "the end of " → END)."""
    if not prefix:
        return None
    for word in re.findall(r"[a-z]+", prefix.lower()):
        if word in _MOD_WORDS:
            return _MOD_WORDS[word]
    return None


def with_mod(recipe: Recipe, prefix: str | None) -> Recipe:
    mod = mod_of(prefix)
    if mod:
        recipe["mod"] = mod
    if prefix and re.match(r"\s*(?:earlier|later)\b", prefix, re.IGNORECASE):
        # "earlier this month": the part of the unit before the anchor; "later": after it
        recipe["edge"] = "before" if prefix.strip().lower().startswith("earlier") else "after"
    return recipe


def year_value(text: str) -> int | None:
    """A year written in digits ("1998", "'98") or words ("nineteen ninety-six")."""
    t = text.strip()
    if re.fullmatch(r"\d{4}", t):
        return int(t)
    if re.fullmatch(r"['’]\d\d", t):
        n = int(t[1:])
        return 1900 + n if n >= 30 else 2000 + n
    return lx.year_words(t)


def is_capitalized(word: str) -> bool:
    return word[:1].isupper()


_PREP_BEFORE = re.compile(
    r"(?:\b(?:in|on|since|until|till|by|from|to|through|during|of|last|next|this|that|"
    r"early|late|mid|before|after|between|and|or|the|every|each|for|since|until|past|"
    r"coming|around|about|as\s+of|starting|beginning|ending|ended|ending|"
    r"(?:earlier|later|sooner)\s+than|as\s+(?:early|late|soon)\s+as)\s*[-,]?\s*)$",
    re.I,
)


def preposition_before(text: str, start: int) -> bool:
    """Whether the word before `start` is a preposition/determiner that introduces a date."""
    return _PREP_BEFORE.search(text[max(0, start - 30) : start]) is not None


_IN_THAT = re.compile(r"\b(?:in|during|by|through|until|of)\s+$", re.I)


#: A conjunction opening a sentence: "But that summer a disc jockey began ...".
_CONJUNCTION_OPENING = re.compile(r"\b(?:But|And|Then|So|Yet)\s+$")


def demonstrative_that(m: re.Match[str], text: str) -> bool:
    """The "that" of a match's `ana` group points back to a date ("That summer, ...", "in that
    October", "was ousted that October.", "But that summer a disc jockey began ..."), not a
    conjunction or a relative pronoun ("said that summer was hot", "prices that fall
    sharply")."""
    start = m.start("ana")
    opener = _CONJUNCTION_OPENING.search(text, max(0, start - 6), start)
    return (
        (text[start] == "T" and sentence_start(text, start))
        or (opener is not None and sentence_start(text, opener.start()))
        or _IN_THAT.search(text, max(0, start - 10), start) is not None
        or re.match(r"\s*(?:[.,;:!?)]|$)", text[m.end() :]) is not None
    )


def anaphor_base(word: str) -> str:
    """The base placeholder of a month or season said with `word` ("the following", "the
    previous", "the next", "that"): "following", "previous", "preceding" always point back
    to a date told ("will open in 2026 and expand the following spring": 2027), so "prev";
    "the next" and "that" may mean the one to come, so only in a past clause ("prev_past",
    see `detect.link_context`)."""
    return "prev" if word.split()[-1] in ("following", "previous", "preceding") else "prev_past"


def sentence_start(text: str, start: int) -> bool:
    """Whether `start` begins a sentence or a line."""
    before = text[max(0, start - 3) : start]
    return start == 0 or bool(re.search(r"(?:[.!?:;\"“”]\s*|\n\s*)$", before)) or before.isspace()


def in_title_case_line(text: str, start: int) -> bool:
    """The line holding `start` is a headline in title case."""
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", start)
    return title_case(text[lo : hi if hi >= 0 else len(text)])
