"""Rules for calendar periods longer than a month: quarters and halves ("the third quarter",
"Q1 2019", "the first half of 1990"), seasons ("this summer", "the winter of 1994"), decades
("the 1990s", "the mid-1990s") and centuries ("the 20th century").
"""

from __future__ import annotations

import re

from nkviewer.nlp.timex import lexicon as lx
from nkviewer.nlp.timex.rules import (
    MOD_PREFIX,
    YEAR,
    YEAR_WORDS,
    Cand,
    Recipe,
    anaphor_base,
    cand,
    demonstrative_that,
    preposition_before,
    rule,
    sentence_start,
    with_mod,
)
from nkviewer.nlp.timex.rules_calendar import ERA_BC, REL_WORD, direction, year_part

_DECADE_WORDS = {
    "twenties": 2,
    "thirties": 3,
    "forties": 4,
    "fifties": 5,
    "sixties": 6,
    "seventies": 7,
    "eighties": 8,
    "nineties": 9,
}


#: "the first half of" just before a decade or century: TIMEX3 has no half of either, so the
#: value is the decade's or century's with the part as its mod ("the last half of the '80s":
#: 198, END). Looked for behind the match rather than in the rule's pattern, which every
#: position of every text would have to try.
_HALF_OF = re.compile(r"(?:\bthe\s+)?\b(first|second|last|latter)\s+half\s+of\s+$", re.I)


def _with_half(m: re.Match[str], text: str, recipe: Recipe) -> Cand:
    """The candidate for `m`, widened to a "the first half of" just before it (mod START, END
    for the second or last half)."""
    half = _HALF_OF.search(text, max(0, m.start() - 30), m.start())
    if half is None:
        return cand(m, "DATE", recipe)
    recipe["mod"] = "START" if half.group(1).lower() == "first" else "END"
    return Cand(half.start(), m.end(), "DATE", recipe)


#: A preposition of time before "the 90s" written without its apostrophe: "during the 90s",
#: "since the 80s" (not "in the 90s", which is as often a temperature or a score).
_DECADE_PREP = re.compile(
    r"\b(?:during|since|throughout|through|until|till|from|of|by|before|after)\s+$", re.I
)

#: Words near "the 90s" that make it a number, not a decade: a temperature, a share, a score,
#: a speed, an age.
_NOT_DECADE = re.compile(
    r"degree|°|percent|per\s+cent|%|temperature|fahrenheit|celsius|thermometer|heat\b|"
    r"\bhighs?\b|\blows?\b|score|points?\b|\bmph\b|miles|\bage[sd]?\b|years?\s+old|"
    r"poll|rating|\bmarks?\b|\bpar\b",
    re.I,
)


def _bare_decade(m: re.Match[str], text: str) -> bool:
    """ "the 90s" without its apostrophe is a decade only where the words say time: "the early
    90s", "the late 80s", or after a preposition of time ("during the 90s", "since the 80s",
    "during the mid-90s"), and with no temperature, percentage, score or age near it ("highs
    in the mid-90s", "his approval in the late 80s"). "in the 90s" alone is left alone."""
    if not m.group(0).lower().startswith("the"):
        return False  # "his early 90s", "mid-90s" alone: an age, a temperature
    sent_lo = max(text.rfind(".", 0, m.start()), text.rfind("\n", 0, m.start()), m.start() - 80)
    after = re.match(r"[^\n]{0,60}?(?:[.!?](?=\s|$)|(?=\n)|$)", text[m.end() : m.end() + 60])
    near = text[max(0, sent_lo) : m.end() + (after.end() if after else 0)]
    if _NOT_DECADE.search(near):
        return False
    cue = (m.group("mod") or m.group("mod2") or "").lower()
    if re.search(r"\b(?:around|about|approximately|roughly)\b", cue):
        return False  # "around the 90s": a number
    if re.search(r"\b(?:early|late|end|beginning|start|turn|close)\b", cue):
        return True  # "the early 90s", "the end of the 80s"
    return _DECADE_PREP.search(text, max(0, m.start() - 12), m.start()) is not None


@rule(
    "decade",
    rf"(?P<mod>{MOD_PREFIX})?(?:the\s+)?(?:(?P<mod2>early|mid|late)[\s-]+)?"
    rf"(?:(?P<dec>1[0-9]\d|20\d)0['’]?s|['’](?P<short>\d)0['’]?s|(?P<bare>[3-9])0s\b"
    rf"|(?:nineteen[\s-]+)?(?P<word>{lx.alternation(_DECADE_WORDS)}))",
    priority=3,
)
def _decade(m: re.Match[str], text: str) -> Cand | None:
    if m.group("dec"):
        dec = int(m.group("dec"))
    elif m.group("bare"):
        if not _bare_decade(m, text):
            return None
        dec = 190 + int(m.group("bare"))
    else:
        digit = (
            int(m.group("short")) if m.group("short") else _DECADE_WORDS[m.group("word").lower()]
        )
        if m.group("word") and not (
            m.group(0).lower().startswith("the") or "nineteen" in m.group(0).lower()
        ):
            return None  # "in his sixties" is an age
        dec = 190 + digit if digit != 0 else 200
        if m.group("short") and digit <= 2:
            dec = 200 + digit
    recipe: Recipe = {"kind": "date", "decade": dec}
    if m.group("dec") and dec % 10 == 0 and dec <= 190:
        # "the 1700s", "the early 1900s": the century of those years (TIMEX3 `17`, `19`); "the
        # 2000s" stays the decade, as it is mostly said
        recipe = {"kind": "date", "century": dec // 10}
    recipe = with_mod(recipe, m.group("mod") or m.group("mod2"))
    return _with_half(m, text, recipe)


#: "B.C." after a century: "the fifth century B.C." (no province has a century).
_ERA = re.compile(ERA_BC)


@rule(
    "century",
    rf"(?P<mod>{MOD_PREFIX})?(?:the\s+)?(?P<n>{lx.ORDINAL_RE})[\s-]+century",
    priority=3,
)
def _century(m: re.Match[str], text: str) -> Cand | None:
    n = lx.ordinal_value(m.group("n"))
    if n is None or not 1 <= n <= 21:
        return None
    era = _ERA.match(text, m.end())
    if era is not None:  # "the fifth century B.C.": TIMEX3 BC04
        return Cand(m.start(), era.end(), "DATE", {"kind": "value", "value": f"BC{n - 1:02d}"})
    recipe = with_mod({"kind": "date", "century": n - 1}, m.group("mod"))
    return _with_half(m, text, recipe)


@rule(
    "two_centuries",
    rf"(?:the\s+)?(?P<a>{lx.ORDINAL_RE})\s+(?:and|or|to|through)\s+(?:the\s+)?(?P<b>{lx.ORDINAL_RE})"
    r"[\s-]+centuries",
    priority=4,
)
def _two_centuries(m: re.Match[str], text: str) -> Cand | None:
    """ "the 14th and 15th centuries": the two centuries, each its own (not a day "the 14th")."""
    a, b = lx.ordinal_value(m.group("a")), lx.ordinal_value(m.group("b"))
    if a is None or b is None or not 1 <= a < b <= 21:
        return None
    return Cand(
        m.start(),
        m.end(),
        "DATE",
        {
            "kind": "range",
            "start": {"kind": "date", "century": a - 1},
            "end": {"kind": "date", "century": b - 1},
        },
        parts=[(m.start(), m.end("a")), (m.start("b"), m.end())],
    )


_QORD = (
    r"(?P<q>first|second|third|fourth|1st|2nd|3rd|4th|last|latter|final|front|back"
    r"|first\s+two|last\s+two)"
)
_Q = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_Q.update({"last": 4, "latter": 4, "final": 4, "front": 1, "back": 2})
_YEAR_POSS = rf"(?P<yp>{YEAR}|this\s+year|last\s+year|next\s+year)['’]s"


_OF_MONTH = re.compile(rf"\s+of\s+(?P<m>{lx.MONTH_RE})\b(?!\s*\d)")


@rule(
    "half_of_month",
    rf"the\s+(?P<h>first|second|latter)\s+half\s+of\s+(?P<m>{lx.MONTH_RE})\b(?!\s*\d)",
)
def _half_of_month(m: re.Match[str], text: str) -> Cand | None:
    """ "in the second half of April": that month's second half, the month with END (as "the
    first half of the month" is the month with START)."""
    if not m.group("m")[0].isupper():
        return None
    mod = "START" if m.group("h").lower() == "first" else "END"
    return cand(m, "DATE", {"kind": "date", "month": lx.month_number(m.group("m")), "mod": mod})


@rule(
    "quarter",
    rf"(?P<mod>{MOD_PREFIX})?(?:(?:the|its|a|their|this|{_YEAR_POSS})\s+)?(?:(?:fiscal|calendar)[\s-]+)?"
    rf"(?:(?P<y0>{YEAR})\s+)?{_QORD}[\s-]+(?:(?:fiscal|calendar)[\s-]+)?(?P<unit>quarters?|half|period)"
    rf"(?:\s+of\s+(?:the\s+)?(?:fiscal\s+)?(?:year\s+)?(?P<y>{YEAR}|this\s+year|last\s+year|next\s+year)"
    r"|(?P<oy>\s+of\s+the\s+(?:fiscal\s+|calendar\s+)?year\b(?![’'-])))?",
    priority=4,
)
def _quarter(m: re.Match[str], text: str) -> Cand | None:
    q = re.sub(r"\s+", " ", m.group("q").lower())
    unit = m.group("unit").lower()
    if unit == "quarters":
        if q not in ("first two", "last two"):
            return None
        unit, q = "half", ("first" if q == "first two" else "second")
    elif q in ("first two", "last two"):
        return None
    if not m.group("y") and re.match(
        r"\s+of\s+(?:the|this|that|a|an)\s+(?!(?:fiscal\s+|calendar\s+)?year\b)[a-z]",
        text[m.end() :],
    ):
        return None  # "the second half of the match", "the first quarter of the century"
    if unit == "half" and not m.group("y") and _OF_MONTH.match(text, m.end()):
        return None  # "the second half of April": the month's, see `_half_of_month`
    if (
        unit == "half"
        and not (m.group("y") or m.group("oy") or m.group("y0"))
        and re.match(r"an?\s", m.group(0), re.I)
        and re.search(r"(?:first|second)-half$", m.group(0), re.I)
    ):
        return None  # "a first-half double", "a second-half penalty": a half of a match
    n = _Q[q]
    of_year = bool(m.group("y") or m.group("oy"))
    if q in ("final", "front", "back") and not of_year:
        return None  # "in the final quarter" of a game; "the back half" of anything
    if q in ("front", "back") and unit != "half":
        return None  # "the back quarter": no such period; "the back half of last year" is
    if q in ("last", "latter", "final") and (unit == "half" or of_year):
        n = 2 if unit == "half" else 4  # "the last quarter of the year": its fourth
    if (
        (unit == "half" and n > 2)
        or unit == "period"
        or (unit == "quarter" and q in ("last", "latter") and not of_year)
    ):
        return None
    recipe: Recipe = {"kind": "date"}
    if unit == "quarter":
        recipe["quarter"] = n
    else:
        recipe["half"] = n
    year = m.group("y") or m.group("y0") or m.group("yp")
    year_part(recipe, year)
    with_mod(recipe, m.group("mod"))
    if (
        not year
        and _RESULTS_AFTER.match(text, m.end())
        and _REPORTING_BEFORE.search(text, max(0, m.start() - 24), m.start())
    ):
        # "will report fourth-quarter results" in February: a period already begun, the
        # results are its (not next year's fourth quarter, as the future verb would say)
        recipe["tense_hint"] = "past"
        recipe["tense_settled"] = True
        recipe["strict"] = True
    return cand(m, "DATE", recipe)


#: A period's results after it, and a verb making them public before it: "will report
#: fourth-quarter results", "posted its second-quarter earnings".
_RESULTS_AFTER = re.compile(r"[\s-]+(?:results|earnings|figures|accounts)\b", re.IGNORECASE)
_REPORTING_BEFORE = re.compile(
    r"\b(?:report|reports|reported|reporting|post|posts|posted|posting|release|releases|"
    r"released|releasing|announce|announces|announced|announcing|publish|publishes|"
    r"published|unveil|unveils|unveiled)\s+(?:its\s+|their\s+|his\s+|her\s+|the\s+)?$",
    re.IGNORECASE,
)


@rule(
    "month_span_quarter",
    rf"(?:the\s+)?(?P<a>{lx.MONTH_RE})\s*(?P<dash>[-–—/])\s*(?P<b>{lx.MONTH_RE})"
    rf"(?:\s+(?P<y>{YEAR}))?(?:\s+(?P<unit>quarter|period|months|season))?",
    priority=5,
)
def _month_span_quarter(m: re.Match[str], text: str) -> Cand | None:
    """ "the October-December quarter", "the April-June period": three calendar months that
    make a quarter are that quarter; other spans ("the November-January period") the months
    from one to the other."""
    if not (m.group("a")[0].isupper() and m.group("b")[0].isupper()):
        return None
    a, b = lx.month_number(m.group("a")), lx.month_number(m.group("b"))
    if not m.group("unit") and not (
        m.group("dash") != "/" and b == a + 2 and a % 3 == 1 and len(m.group("a")) > 4
    ):
        return None  # bare, only a quarter's months written out: "January-March growth"
    if b == a + 2 and a % 3 == 1:
        recipe: Recipe = {"kind": "date", "quarter": (a - 1) // 3 + 1}
        year_part(recipe, m.group("y"))
        return cand(m, "DATE", recipe)
    start: Recipe = year_part({"kind": "date", "month": a}, m.group("y"))
    end: Recipe = year_part({"kind": "date", "month": b}, m.group("y"))
    return Cand(
        m.start(),
        m.end(),
        "DATE",
        {"kind": "range", "start": start, "end": end},
        parts=[
            (m.start("a"), m.end("a")),
            (m.start("b"), m.end("y") if m.group("y") else m.end("b")),
        ],
    )


@rule(
    "month_quarter",
    rf"the\s+(?P<m>March|June|September|December)(?:\s+(?P<y>{YEAR}))?\s+quarter\b",
    flags=0,
    priority=5,
)
def _month_quarter(m: re.Match[str], text: str) -> Cand | None:
    """ "the September quarter" (Australian and British usage): the quarter that ends with
    that month, Q3."""
    recipe: Recipe = {"kind": "date", "quarter": lx.month_number(m.group("m")) // 3}
    year_part(recipe, m.group("y"))
    return cand(m, "DATE", recipe)


@rule("q_number", rf"(?:(?P<y0>{YEAR})\s*)?Q(?P<q>[1-4])(?:\s*(?P<y>{YEAR}|['’]\d\d))?", flags=0)
def _q_number(m: re.Match[str], text: str) -> Cand | None:
    recipe: Recipe = {"kind": "date", "quarter": int(m.group("q"))}
    year_part(recipe, m.group("y") or m.group("y0"))
    return cand(m, "DATE", recipe)


#: A preposition before "that summer" that makes "that" a demonstrative ("during that summer").


#: A preposition of time before a bare "spring" or "fall", and what may end it: "a ruling
#: by spring.", "opens in fall, officials said" (not "in spring water", "a fall in prices").
#: A verb of spending time before "the spring" ("have spent the spring on other bills"),
#: or another season joined after it ("the spring and most of the summer"): the season.
_SPENT = re.compile(r"\b(?:spent|spend|spends|spending|passed)\s+$", re.IGNORECASE)
_AND_SEASON = re.compile(
    rf"\s+and\s+(?:(?:most|much|part|all)\s+of\s+)?the\s+(?:{lx.SEASON_RE})\b", re.IGNORECASE
)
#: A season opening its sentence as the subject of a happening: "Summer brought a second
#: wave", "Winter arrived early".
_SEASON_VERB = re.compile(
    r"\s+(?:brought|came|saw|arrived|began|ended|dragged|passed|turned|proved|delivered)\b"
)
_INTO = re.compile(r"\binto\s+$", re.I)
#: A crop named after the season it is sown in ("winter wheat", "spring barley"), and things
#: named after the season they are for ("the winter fuel payment", "winter tyres").
_NAMED_FOR_THE_SEASON = re.compile(
    r"[\s-]+(?:wheat|barley|rye|oats|grains?|crops?|rapeseed|canola|cereals?|fuel|tyres?|"
    r"tires?|coats?|clothing|jackets?|storms?)\b",
    re.IGNORECASE,
)
_SEASON_PREP = re.compile(
    r"\b(?:in|by|until|till|before|after|since|through|during|into)\s+$", re.I
)
_SEASON_END = re.compile(r"\s*(?:[,.;:!?)]|$|\s(?:and|or|when|as|if|but)\b)")


@rule(
    "past_seasons",
    rf"(?:the\s+)?(?:past|last|previous)\s+(?:(?P<n>{lx.COUNT_RE})\s+)?(?P<s>summers|winters|autumns)\b",
    priority=3,
)
def _past_seasons(m: re.Match[str], text: str) -> Cand | None:
    """ "for the past three summers", "each of the last two winters": that season, year after
    year - a set, as "every summer" is ("falls" and "springs" are too often something else)."""
    return cand(m, "SET", {"kind": "set", "value": f"XXXX-{lx.SEASONS[m.group('s')[:-1].lower()]}"})


@rule(
    "season",
    rf"(?P<mod>{MOD_PREFIX})?(?:{REL_WORD}\s+|(?P<ana>the\s+(?:following|next|previous|preceding)|that)\s+|(?P<the>the)\s+)?"
    r"(?:(?P<mod2>early|late|mid)[\s-]+)?"
    rf"(?P<s>{lx.SEASON_RE})(?:\s+(?:of\s+)?(?P<y>{YEAR}|{YEAR_WORDS}|['’]\d\d(?![\w'’]))"
    r"|\s+of\s+(?P<yr>(?:this|last|next)\s+year)|\s+of\s+(?P<that>that\s+(?:same\s+)?year))?",
    priority=2,
)
def _season(m: re.Match[str], text: str) -> Cand | None:
    word = m.group("s").lower()
    year = m.group("y") or m.group("yr")  # "the summer of 2024", "the summer of last year"
    anchored = (
        m.group("rel") or year or m.group("mod") or m.group("mod2") or m.group("ana") or m["that"]
    )
    if m.group("yr") and re.match(r"['’]s\b", text[m.end() :]):
        return None  # "the fall of last year's prices": a decline, not a season
    if not year and _NAMED_FOR_THE_SEASON.match(text, m.end()):
        return None  # "the winter wheat crop", "hectares of winter grain": a kind of crop
    spent = bool(m.group("the")) and (
        _SPENT.search(text, max(0, m.start() - 16), m.start()) is not None
        or _AND_SEASON.match(text, m.end()) is not None
    )
    opens = (
        not m.group("the")
        and m.group("s")[0].isupper()
        and sentence_start(text, m.start())
        and _SEASON_VERB.match(text, m.end()) is not None
    )
    if not anchored and not spent and not opens:
        if word in ("fall", "spring") and not (
            (m.group("the") and preposition_before(text, m.start()))
            or (
                _SEASON_PREP.search(text, max(0, m.start() - 10), m.start())
                and _SEASON_END.match(text, m.end())
            )
        ):
            return None  # (but "a ruling by spring.", "opens in fall, officials said")
        if not (
            m.group("the")
            or preposition_before(text, m.start())
            or _INTO.search(text, max(0, m.start() - 8), m.start())  # "heading into winter"
        ):
            return None
        if re.match(r"\s+of\s+(?!\d)", text[m.end() :]) or re.match(r"['’]s\b", text[m.end() :]):
            return None  # "the fall of Saigon", "the spring's water"
    if re.match(r"\s+[A-Z][a-z]", text[m.end() :]) and m.group("s")[0].isupper() and not year:
        return None  # "The Summer Olympics", "the Spring Festival": a name
    ana = "that" if m["that"] else (m.group("ana") or "").lower()  # "the autumn of that year"
    if ana == "that" and not m["that"] and not demonstrative_that(m, text):
        return None  # "said that summer was hot", "prices that fall": no demonstrative
    if ana and word in ("fall", "spring") and re.match(r"\s+(?:in|of)\b", text[m.end() :]):
        return None  # "the next fall in prices"
    recipe: Recipe = {"kind": "date", "season": lx.SEASONS[word]}
    year_part(recipe, year)
    d = direction(m.group("rel"))
    if d is not None:
        recipe["direction"] = d
    elif ana and not year:
        # "the following spring", "that summer", "the previous spring": counted from the date
        # just told ("opened in March 2010; the next spring it closed": 2011; "the next" and
        # "that" only in a past clause, see `anaphor_base`); told of no date, as "the spring"
        recipe["direction"] = (
            0 if ana == "that" else -1 if ana.endswith(("previous", "preceding")) else 1
        )
        recipe["base"] = anaphor_base(ana)
    with_mod(recipe, m.group("mod") or m.group("mod2"))
    return cand(m, "DATE", recipe)
