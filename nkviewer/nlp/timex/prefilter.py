"""Finding every match of every timex rule without trying every rule at every position.

Each rule is a case-insensitive pattern starting with a lookbehind (`(?<![\\w])`), which keeps
Python's `re` from skipping ahead: `finditer` tries the whole pattern at each position of the
text, 49 times over. `RuleScanner` finds exactly the same matches (the tests compare them on
random text) by reading three facts from each pattern's own parse tree:

- the first (up to three) characters a match can start with: the text's word starts are looked
  up in one table of those prefixes, and only the rules listed there are tried, once each;
- the same prefixes as lookaheads in front of the pattern, for the rules that are scanned in
  full (those that can start with punctuation, and every rule in a text the tables cannot read);
- literals one of which every match contains ("jan", "feb", ...): a text holding none of them
  is not searched with that rule at all.

Comparisons are made on a normalised copy of the text (lower case, every `\\d` as "0", every
`\\s` as " "), which is what `re.IGNORECASE` sees, except for four characters that it matches
to ASCII letters (`ASCII_FOLDS`): a text holding one of those is scanned rule by rule.
Anything the analysis does not understand makes a rule fall back to plain `finditer`.
"""

from __future__ import annotations

import importlib
import itertools
import re
from collections.abc import Iterable, Sequence
from typing import Any

# The standard library's own regex parser (private, stable since 3.11): the parse tree is
# exactly what `re` compiles, so the facts read from it hold for the compiled pattern. Without
# it every rule is scanned with plain `finditer` (same matches, slower).
try:
    sre_c: Any = importlib.import_module("re._constants")
    sre_parse: Any = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover
    sre_c = sre_parse = None

#: Non-ASCII characters that `re.IGNORECASE` matches to ASCII letters (a test checks this list
#: against every code point). A text holding one is scanned rule by rule, unfiltered.
ASCII_FOLDS = "\u0130\u0131\u017f\u212a"
#: Leading characters used to pick the rules to try at a word start.
KEY_CHARS = 6
#: Required literals shorter than this filter too little to be worth testing.
MIN_LITERAL = 3
#: Most prefixes kept for one pattern (per length) before giving up on that length.
MAX_PREFIXES = 1500
#: Most characters one class may stand for in the prefix table.
MAX_CLASS_CHARS = 40

_BEHIND = "(?<![\\w])"
_WORD = re.compile(r"\w+")
_RUNS = re.compile("  +")  # in normalised text, where all white space is " "
_ASCII_NORM = {c: ("0" if chr(c).isdecimal() else " ") for c in range(128)}
_ASCII_NORM = {c: v for c, v in _ASCII_NORM.items() if chr(c).isdecimal() or chr(c).isspace()}
_CASE_FLAGS = re.IGNORECASE | re.LOCALE | re.ASCII | re.UNICODE
_REPEATS: set[Any] = set()
_ZERO_WIDTH: set[Any] = set()
_CATEGORIES: dict[Any, str] = {}
if sre_c is not None:
    _REPEATS = {sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, getattr(sre_c, "POSSESSIVE_REPEAT", None)}
    _ZERO_WIDTH = {sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT}
    _CATEGORIES = {
        sre_c.CATEGORY_DIGIT: r"\d",
        sre_c.CATEGORY_NOT_DIGIT: r"\D",
        sre_c.CATEGORY_SPACE: r"\s",
        sre_c.CATEGORY_NOT_SPACE: r"\S",
        sre_c.CATEGORY_WORD: r"\w",
        sre_c.CATEGORY_NOT_WORD: r"\W",
    }

#: One character position of a pattern: a set of items ("c", code) | ("r", lo, hi) | ("k", r"\d").
Item = tuple[Any, ...]
Token = frozenset[Item]
#: A way into a sequence: the tokens so far, and whether later items may still add to them.
_State = tuple[tuple[Token, ...], bool]


_SPACE: Token = frozenset([("k", r"\s")])


def _is_space(token: Token) -> bool:
    """Whether the token matches white space only."""
    return all(i == ("k", r"\s") or (i[0] == "c" and chr(i[1]).isspace()) for i in token)


class _Unknown(Exception):
    """The pattern uses something the analysis does not model."""


# --------------------------------------------------------------------------- leading characters


def _token(op: Any, av: Any) -> Token:
    if op is sre_c.LITERAL:
        return frozenset([("c", av)])
    items: set[Item] = set()
    for iop, iav in av:
        if iop is sre_c.LITERAL:
            items.add(("c", iav))
        elif iop is sre_c.RANGE:
            items.add(("r", iav[0], iav[1]))
        elif iop is sre_c.CATEGORY and iav in _CATEGORIES:
            items.add(("k", _CATEGORIES[iav]))
        else:  # NEGATE, locale categories...
            raise _Unknown(iop)
    return frozenset(items)


def _pre_seq(items: Iterable[tuple[Any, Any]], k: int, spaces: bool = False) -> set[_State]:
    """The first (up to) `k` character tokens of every way through the sequence. `spaces`:
    for text whose runs of white space are one space (a run of `\\s` is then one token)."""
    states: set[_State] = {((), True)}
    for op, av in items:
        nxt: set[_State] = set()
        for prefix, open_ in states:
            if not open_ or len(prefix) == k:
                nxt.add((prefix, False))
                continue
            for more, more_open in _pre_item(op, av, k - len(prefix), spaces):
                nxt.add((prefix + more, more_open))
        if len(nxt) > MAX_PREFIXES:
            raise _Unknown("too many prefixes")
        states = nxt
    return states


def _pre_item(op: Any, av: Any, k: int, spaces: bool) -> set[_State]:
    if op is sre_c.LITERAL or op is sre_c.IN:
        return {((_token(op, av),), True)}
    if op is sre_c.BRANCH:
        out: set[_State] = set()
        for alt in av[1]:
            out |= _pre_seq(alt, k, spaces)
        return out
    if op is sre_c.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        if add_flags & _CASE_FLAGS:
            raise _Unknown("inline case flags")
        return _pre_seq(sub, k, spaces)
    if op is sre_c.ATOMIC_GROUP:
        return _pre_seq(av, k, spaces)
    if op in _REPEATS:
        lo, hi, sub = av
        if hi == 0:
            return {((), True)}
        if spaces and len(sub) == 1 and sub[0][0] is sre_c.IN and _is_space(_token(*sub[0])):
            out = {((_SPACE,), True)}  # a run of white space: one space in the collapsed text
        else:  # after one pass more may follow: the prefix ends there unless at most one may
            out = {(p, o and hi == 1) for p, o in _pre_seq(sub, k, spaces)}
        if lo == 0:
            out.add(((), True))
        return out
    if op in _ZERO_WIDTH:
        return {((), True)}  # ignoring an assertion only admits more: fine for a prefilter
    raise _Unknown(op)


def leading_tokens(
    pattern: str, flags: int, k: int, spaces: bool = False
) -> set[tuple[Token, ...]] | None:
    """Every match starts with one of these token sequences (each at most `k` long); None
    when unknown, or when a match may start with anything."""
    try:
        states = _pre_seq(sre_parse.parse(pattern, flags).data, k, spaces)
    except (_Unknown, re.error, RecursionError):
        return None
    prefixes = {p for p, _ in states}
    if not prefixes or () in prefixes:
        return None
    return prefixes


def _char(code: int) -> str:
    c = chr(code)
    return c if c.isascii() and c.isalnum() else f"\\U{code:08x}"


def _render_token(token: Token) -> str:
    parts = sorted(
        _char(i[1]) if i[0] == "c" else f"{_char(i[1])}-{_char(i[2])}" if i[0] == "r" else i[1]
        for i in token
    )
    if len(parts) == 1 and next(iter(token))[0] == "c":
        return parts[0]
    return "[" + "".join(parts) + "]"


def _render(prefixes: set[tuple[Token, ...]]) -> str:
    """An alternation of the prefixes, sharing leading tokens (a trie)."""
    groups: dict[Token, set[tuple[Token, ...]]] = {}
    for p in prefixes:
        groups.setdefault(p[0], set()).add(p[1:])
    alts = []
    for head in sorted(groups, key=sorted):
        part = _render_token(head)
        tails = groups[head]
        if () not in tails:  # else a shorter prefix already admits everything after `head`
            rest = _render(tails)
            part += f"(?:{rest})" if "|" in rest else rest
        alts.append(part)
    return "|".join(alts)


def with_lookahead(pattern: re.Pattern[str], k: int = KEY_CHARS) -> re.Pattern[str]:
    """The same pattern (same matches and groups) behind lookaheads for its first characters:
    one class for the first (one test per position), then, past the lookbehind, the first `k`
    as a trie."""
    first = leading_tokens(pattern.pattern, pattern.flags, 1)
    if first is None:
        return pattern
    one = _render_token(frozenset().union(*(p[0] for p in first)))
    ahead = leading_tokens(pattern.pattern, pattern.flags, k) if k > 1 else None
    more = f"(?={_render(ahead)})" if ahead else ""
    body = pattern.pattern
    if more and body.startswith(_BEHIND):
        return re.compile(f"(?={one}){_BEHIND}{more}{body[len(_BEHIND) :]}", pattern.flags)
    return re.compile(f"(?={one}){more}{body}", pattern.flags)


# --------------------------------------------------------------------------- word-start keys


def norm_char(c: str) -> str | None:
    """A pattern character as the normalised text shows it; None for a cased non-ASCII one."""
    if c.isdecimal():
        return "0"
    if c.isspace():
        return " "
    if c.isascii() or c.lower() == c.upper() == c:
        return c.lower()
    return None


def _token_chars(token: Token) -> set[str] | None:
    """The normalised characters a token stands for; None when too many or unknown."""
    out: set[str] = set()
    for item in token:
        if item[0] == "c":
            codes: Iterable[int] = (item[1],)
        elif item[0] == "r" and item[2] < 128 and item[2] - item[1] < MAX_CLASS_CHARS:
            codes = range(item[1], item[2] + 1)
        elif item == ("k", r"\d"):
            codes = (ord("0"),)
        elif item == ("k", r"\s"):
            codes = (ord(" "),)
        else:
            return None
        for code in codes:
            n = norm_char(chr(code))
            if n is None:
                return None
            out.add(n)
    return out if len(out) <= MAX_CLASS_CHARS else None


def _is_word(token: Token) -> bool:
    """Whether every character the token matches is a word character (`\\w`)."""
    for item in token:
        if item[0] == "c" and not (chr(item[1]).isalnum() or item[1] == ord("_")):
            return False
        if item[0] == "r" and not all(chr(c).isalnum() for c in range(item[1], item[2] + 1)):
            return False
        if item[0] == "k" and item[1] not in (r"\d", r"\w"):
            return False
    return True


def start_keys(pattern: re.Pattern[str], k: int = KEY_CHARS) -> set[str] | None:
    """Strings (1 to `k` characters) one of which starts every match in the normalised text
    with its runs of white space collapsed, when every match starts a word; None otherwise
    (the rule is then scanned in full)."""
    if pattern.flags & (re.ASCII | re.LOCALE) or not pattern.pattern.startswith(_BEHIND):
        return None  # a word start must mean what the pattern's lookbehind means
    for n in range(k, 0, -1):
        keys = _keys(pattern, n)
        if keys is not None:
            return keys
    return None


def _keys(pattern: re.Pattern[str], k: int) -> set[str] | None:
    prefixes = leading_tokens(pattern.pattern, pattern.flags, k, spaces=True)
    if prefixes is None or not all(_is_word(p[0]) for p in prefixes):
        return None
    keys: set[str] = set()
    for prefix in prefixes:
        options: list[set[str]] = []
        for token in prefix:
            chars = _token_chars(token)
            if chars is None:
                break
            options.append(chars)
        if not options:
            return None
        keys.update(_RUNS.sub(" ", "".join(t)) for t in itertools.product(*options))
        if len(keys) > MAX_PREFIXES:
            return None
    return keys


def normalised(text: str) -> str | None:
    """The text as the key tables read it; None when that would not be exact (`ASCII_FOLDS`)."""
    table = _ASCII_NORM
    if not text.isascii():
        if any(c in text for c in ASCII_FOLDS):
            return None
        extra = {
            ord(c): "0" if c.isdecimal() else " "
            for c in set(text)
            if not c.isascii() and (c.isdecimal() or c.isspace())
        }
        table = {**_ASCII_NORM, **extra} if extra else table
    low = text.lower()
    return low.translate(table) if len(low) == len(text) else None


# --------------------------------------------------------------------------- required literals


def _best(options: list[frozenset[str]]) -> frozenset[str] | None:
    """The most selective requirement: longest shortest literal, then fewest literals."""
    if not options:
        return None
    return max(options, key=lambda s: (min(map(len, s)), -len(s)))


def _req_seq(items: Iterable[tuple[Any, Any]]) -> frozenset[str] | None:
    """Literals one of which every match of the sequence contains (None: no such set known)."""
    options: list[frozenset[str]] = []
    run: list[str] = []
    for op, av in items:
        if op is sre_c.LITERAL and av < 128:
            run.append(norm_char(chr(av)) or "")
            continue
        if run:
            options.append(frozenset(["".join(run)]))
            run = []
        if op not in _ZERO_WIDTH:
            req = _req_item(op, av)
            if req is not None:
                options.append(req)
    if run:
        options.append(frozenset(["".join(run)]))
    return _best(options)


def _req_item(op: Any, av: Any) -> frozenset[str] | None:
    if op is sre_c.BRANCH:
        acc: set[str] = set()
        for alt in av[1]:
            req = _req_seq(alt)
            if req is None:
                return None
            acc |= req
        return frozenset(acc)
    if op is sre_c.SUBPATTERN:
        return _req_seq(av[3])
    if op is sre_c.ATOMIC_GROUP:
        return _req_seq(av)
    if op in _REPEATS:
        lo, _hi, sub = av
        return _req_seq(sub) if lo >= 1 else None
    return None


def required_literals(pattern: str, flags: int) -> frozenset[str] | None:
    """Normalised ASCII strings one of which every match contains; None when none is known."""
    if flags & re.LOCALE:
        return None
    try:
        req = _req_seq(sre_parse.parse(pattern, flags).data)
    except (re.error, RecursionError):
        return None
    if req is None or min(map(len, req)) < MIN_LITERAL:
        return None
    return frozenset(s for s in req if not any(o != s and o in s for o in req))


# --------------------------------------------------------------------------- the scanner


class RuleScanner:
    """Every match of each of `patterns` (as `finditer` finds them), found cheaply."""

    def __init__(self, patterns: Sequence[re.Pattern[str]], key_chars: int = KEY_CHARS) -> None:
        self.patterns = list(patterns)
        self.tables: list[dict[str, list[int]]] = [{} for _ in range(key_chars + 1)]
        if sre_parse is None:  # no parser to read the patterns with: plain scans
            self.scans = list(self.patterns)
            self.needs: list[frozenset[str] | None] = [None] * len(self.patterns)
            self.whole = list(range(len(self.patterns)))
            self.lengths: list[int] = []
            return
        self.scans = [with_lookahead(p) for p in patterns]
        self.needs = [required_literals(p.pattern, p.flags) for p in patterns]
        self.whole = []  # rules scanned in full
        for i, p in enumerate(patterns):
            keys = start_keys(p, key_chars)
            if keys is None:
                self.whole.append(i)
                continue
            for key in keys:
                self.tables[len(key)].setdefault(key, []).append(i)
        self.lengths = [n for n in range(1, key_chars + 1) if self.tables[n]]

    def matches(self, text: str) -> list[list[re.Match[str]]]:
        """Per pattern, its matches in `text` in order (non-overlapping, as `finditer`)."""
        out: list[list[re.Match[str]]] = [[] for _ in self.patterns]
        norm = normalised(text)
        active = self._active(norm)
        if norm is None:
            for i, on in enumerate(active):
                if on:
                    out[i] = list(self.scans[i].finditer(text))
            return out
        for i in self.whole:
            if active[i]:
                out[i] = list(self.scans[i].finditer(text))
        nxt = [0 if on else len(text) + 1 for on in active]
        scans, tables, lengths = self.scans, self.tables, self.lengths
        collapsed = _RUNS.sub(" ", norm)
        runs = _RUNS.finditer(norm)
        run = next(runs, None)
        shift = 0  # characters that `collapsed` lacks before the word
        for word in _WORD.finditer(text):
            p = word.start()
            while run is not None and run.end() <= p:
                shift += run.end() - run.start() - 1
                run = next(runs, None)
            q = p - shift
            for n in lengths:
                for i in tables[n].get(collapsed[q : q + n], ()):
                    if p >= nxt[i]:
                        m = scans[i].match(text, p)
                        if m is not None:
                            out[i].append(m)
                            nxt[i] = m.end()
        return out

    def _active(self, norm: str | None) -> list[bool]:
        """Whether each rule can match at all: one of its required literals is in the text."""
        if norm is None:
            return [True] * len(self.patterns)
        seen: dict[str, bool] = {}
        active = []
        for needs in self.needs:
            on = needs is None
            for s in needs or ():
                hit = seen.get(s)
                if hit is None:
                    hit = seen[s] = s in norm
                if hit:
                    on = True
                    break
            active.append(on)
        return active
