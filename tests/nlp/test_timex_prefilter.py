"""The rule scanner finds exactly what `finditer` finds, rule by rule, on any text."""

from __future__ import annotations

import random
import re

import pytest

from nkviewer.nlp.timex.prefilter import (
    ASCII_FOLDS,
    RuleScanner,
    normalised,
    required_literals,
    start_keys,
    with_lookahead,
)
from nkviewer.nlp.timex.rules import RULES

# Pieces of text that start, end or nearly make up the rules' expressions, plus characters the
# normalisation has to get right (case folds, non-ASCII digits and spaces, apostrophes).
VOCAB = [
    "January", "Jan.", "jan", "SEPT.", "Sept", "May", "may", "March", "the", "The", "THE", "early",
    "late", "mid", "mid-", "end", "of", "this", "last", "next", "past", "coming", "year", "years",
    "month", "week", "weekend", "day", "days", "quarter", "Q3", "q4", "half", "fiscal", "1998",
    "'98", "’90s", "1990s", "the 1990s", "2019-03-14", "03/14/2019", "3", "14", "14th", "31st",
    "two", "twenty-five", "a", "an", "few", "several", "ago", "later", "earlier", "before",
    "after", "Monday", "Mon.", "Thursday's", "morning", "night", "noon", "10:30", "p.m.", "a.m.",
    "today", "yesterday", "tomorrow", "now", "currently", "annual", "annually", "every", "per",
    "times", "once", "twice", "decade", "decades", "century", "spring", "Fall", "Christmas",
    "between", "and", "from", "to", "until", "through", "–", "-", "—", "/", ",", ".", "(", ")",
    "\u00a0", "\u2009", "\n", "\t", "  ", "\u0661\u0669\u0669\u0668", "\uff11\uff19\uff19\uff18",
    "é", "Ł", "_", "x", "ſeptember", "\u212aY", "İn", "ıt", "Σ", "ß", "2", "0", "’s", "'s",
]  # fmt: skip
SEPARATORS = [" ", " ", " ", "  ", "\n", "-", ", ", "", "\u00a0", ". "]


def _text(rng: random.Random, words: int) -> str:
    out = []
    for _ in range(words):
        out.append(rng.choice(VOCAB))
        out.append(rng.choice(SEPARATORS))
    return "".join(out)


def _spans(matches: list[re.Match[str]]) -> list[tuple[int, int, dict[str, str | None]]]:
    return [(m.start(), m.end(), m.groupdict()) for m in matches]


@pytest.fixture(scope="module")
def scanner() -> RuleScanner:
    return RuleScanner([r.pattern for r in RULES])


def test_scanner_equals_finditer_on_random_text(scanner: RuleScanner) -> None:
    rng = random.Random(20191)
    checked = 0
    for n in range(400):
        text = _text(rng, rng.randint(1, 60))
        if n % 3 == 0:  # mostly text without the characters that force a full scan
            text = "".join(c for c in text if c not in ASCII_FOLDS)
        got = scanner.matches(text)
        for r, found in zip(RULES, got, strict=True):
            want = list(r.pattern.finditer(text))
            assert _spans(found) == _spans(want), (r.name, text)
            checked += len(want)
    assert checked > 1000  # the vocabulary does produce matches of many rules


def test_scanner_equals_finditer_on_news_text(scanner: RuleScanner) -> None:
    text = (
        "SEOUL, Jan. 3 (Yonhap) -- North Korea's leader Kim Jong-un will visit Russia later "
        "this month, the Kremlin said on Thursday, three days after the 1998 talks ended. The "
        "summit of Apr. 9\u201311 follows a two-day visit in mid-2018; in the first quarter of "
        "fiscal 1999, exports rose 3% from a year earlier.\n\nPosted on : 2018-04-06 17:29 KST"
    )
    for r, found in zip(RULES, scanner.matches(text), strict=True):
        assert _spans(found) == _spans(list(r.pattern.finditer(text))), r.name


def test_ascii_folds_are_every_non_ascii_character_ignorecase_matches_to_ascii() -> None:
    everything = "".join(chr(c) for c in range(128, 0x110000) if not 0xD800 <= c < 0xE000)
    folds = {m.group() for m in re.finditer(r"[a-z]", everything, re.I)}
    lowered = {c for c in everything if any(x.isascii() for x in c.lower())}
    assert folds | lowered == set(ASCII_FOLDS)


def test_normalised_text_keeps_offsets_and_refuses_case_folds() -> None:
    assert normalised("On MAY 5,\u00a01998\t") == "on may 0, 0000 "
    assert normalised("\u0661\u0669 Jan") == "00 jan"
    assert normalised("ſeptember") is None


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?<![\w])(?:(?:early|late)\s+)?(?:jan(?:uary)?|feb)(?![\w])",
        r"(?<![\w])(?:\d{4}|'\d\d)(?![\w])",  # may start with punctuation: scanned in full
        r"(?<![\w])(?:(?P<a>\w+)\s+times)(?![\w])",  # may start with any word
        r"(?:foo|bar)baz",  # no lookbehind: any position, scanned in full
        r"(?<![\w])(?:a\s+few|several)\s+(?:days|weeks)(?![\w])",
        r"(?<![\w])(?:(?i:x)y)(?![\w])",
        r"(?<![\w])(?:the\s+(?:early|late)\s*(?:\s\d+|days))(?![\w])",  # runs of white space
        r"(?<![\w])(?:a[\s-]+few|several\s?days)(?![\w])",
        r"(?<![\w])(?:few\s\sdays|weeks\s\t?\s*later)(?![\w])",
    ],
)
def test_scanner_on_other_patterns(pattern: str) -> None:
    compiled = re.compile(pattern, re.I)
    scanner = RuleScanner([compiled])
    rng = random.Random(7)
    vocab = ["early", "Jan", "january", "feb", "1998", "'98", "twice", "x", "times", "a", "few",
             "several", "days", "weeks", "foo", "barbaz", "XY", "\u00a0", "bar", "baz", "the",
             "late", "3", "\t", " ", "later"]  # fmt: skip
    for _ in range(200):
        text = "".join(rng.choice(vocab) + rng.choice(SEPARATORS) for _ in range(20))
        want = list(compiled.finditer(text))
        assert _spans(scanner.matches(text)[0]) == _spans(want), text
        assert _spans(list(with_lookahead(compiled).finditer(text))) == _spans(want), text


def test_analysis_reads_what_every_match_needs() -> None:
    month = re.compile(r"(?<![\w])(?:(?:early|late)\s+)?(?:jan(?:uary)?|feb)(?![\w])", re.I)
    assert required_literals(month.pattern, month.flags) == {"jan", "feb"}
    keys = start_keys(month, 4)
    assert keys is not None and {"jan", "feb", "earl", "late"} <= keys
    assert start_keys(re.compile(r"(?<![\w])(?:'\d\d)"), 4) is None  # starts with punctuation


def test_runs_of_white_space_in_patterns_and_text() -> None:
    compiled = re.compile(r"(?<![\w])(?:few\s\sdays|weeks\s\t?\s*later|the\s+last)(?![\w])", re.I)
    scanner = RuleScanner([compiled])
    for text in [
        "a few  days, few \u00a0days, few   days, few days",
        "weeks\tlater; weeks \t later; weeks  \n\n later; weekslater",
        "The \n last, the\u2009last and   the      LAST",
    ]:
        want = list(compiled.finditer(text))
        assert want
        assert _spans(scanner.matches(text)[0]) == _spans(want), text


def test_without_the_regex_parser_every_rule_is_scanned_plainly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import nkviewer.nlp.timex.prefilter as prefilter

    monkeypatch.setattr(prefilter, "sre_parse", None)
    plain = RuleScanner([r.pattern for r in RULES])
    assert plain.whole == list(range(len(RULES)))
    text = _text(random.Random(3), 80)
    for r, found in zip(RULES, plain.matches(text), strict=True):
        assert _spans(found) == _spans(list(r.pattern.finditer(text))), r.name
