"""Rules for durations ("two-day", "for 70 years", "the past two years", "several months")
and sets ("annual", "every week", "twice a year", "each Thursday"). Their values are TIMEX3
period strings (`P2D`, `P70Y`, `PXM`, `P1W` ...); they never get calendar bounds.
"""

from __future__ import annotations

import re

from nkviewer.nlp.timex import holidays
from nkviewer.nlp.timex import lexicon as lx
from nkviewer.nlp.timex.resolve import duration_value
from nkviewer.nlp.timex.rules import (
    Cand,
    Recipe,
    cand,
    in_title_case_line,
    is_capitalized,
    rule,
    sentence_start,
)

_DUR_MOD = {
    "about": "APPROX",
    "around": "APPROX",
    "approximately": "APPROX",
    "roughly": "APPROX",
    "some": "APPROX",
    "nearly": "LESS_THAN",
    "almost": "LESS_THAN",
    "more than": "MORE_THAN",
    "over": "MORE_THAN",
    "less than": "LESS_THAN",
    "under": "LESS_THAN",
    "at least": "EQUAL_OR_MORE",
    "up to": "EQUAL_OR_LESS",
    "no more than": "EQUAL_OR_LESS",
    "at most": "EQUAL_OR_LESS",
}
_DUR_MOD_RE = lx.alternation(_DUR_MOD)
_LETTER = {
    "second": "S",
    "minute": "MIN",
    "hour": "H",
    "day": "D",
    "night": "D",
    "week": "W",
    "month": "M",
    "quarter": "Q",
    "year": "Y",
    "millennium": "L",
}


def duration_recipe(count: float | None, unit_word: str) -> Recipe:
    """{"kind": "dur"} for `count` units (None = vague); decades and centuries become years."""
    unit = lx.unit_name(unit_word)
    if unit == "fortnight":
        return {"kind": "dur", "count": None if count is None else count * 2, "unit": "W"}
    if unit in ("decade", "century"):
        if count is None:
            return {"kind": "dur", "count": None, "unit": "E" if unit == "decade" else "C"}
        return {"kind": "dur", "count": count * (10 if unit == "decade" else 100), "unit": "Y"}
    if unit == "year" and count is not None and count >= 1000 and count % 1000 == 0:
        return {"kind": "dur", "count": count // 1000, "unit": "L"}
    if count is not None and count != int(count) and unit == "week":
        sub = {"week": (7, "D")}[unit]
        return {"kind": "dur", "count": round(count * sub[0]), "unit": sub[1]}
    return {"kind": "dur", "count": count, "unit": _LETTER[unit]}


#: What makes a length an age: "12 to 15 months of age", "everyone 6 months and older".
_AGE_AFTER = re.compile(
    r"-old\b|\s+of\s+age\b|\s+(?:and|or)\s+(?:older|younger|over|under|up|above|below)\b",
    re.IGNORECASE,
)
#: Nouns after "a day", "a night" that make it a kind of thing, not a length.
_KIND_OF_DAY = re.compile(
    r"\s+(?:shift|shifts|job|jobs|school|nurse|porter|watchman|guard|curfew|raid|raids|flight"
    r"|flights|train|trains|bus|buses|game|games|match|club|clubs|market|markets|sky)\b"
)


@rule(
    "another_unit",
    r"(?:another|a\s+further|an\s+additional|an\s+extra|one\s+more)\s+"
    r"(?P<u>day|week|fortnight|month|year|decade|hour|minute)(?![\w-]|\s+of\s+the\b)",
    priority=1,
)
def _another_unit(m: re.Match[str], text: str) -> Cand | None:
    """ "cannot wait another year", "an option of a further year", "another fortnight": one
    more such length (the count rule's "a" does not take these words)."""
    return cand(m, "DURATION", duration_recipe(1, lx.unit_name(m.group("u"))))


def _count(text: str) -> float | None:
    return None if lx.is_vague(text) else lx.word_number(text)


#: Cricket's one-day game: "one-day internationals", "his one-day debut".
_ONE_DAY_GAME = re.compile(
    r"\s+(?:internationals?|series|cricket|format|matches|match|games?|debut|caps?|cup|side|squad"
    r"|team|specialists?|runs|wickets|hundreds?|centur(?:y|ies))\b",
    re.IGNORECASE,
)


@rule(
    "duration",
    rf"(?:(?P<mod>{_DUR_MOD_RE})\s+)?(?P<the>(?:the|a|an|its|their|his|her)\s+(?:(?:past|last|next|first|final|"
    r"latest|coming|previous|following|remaining|initial|same|full|entire|whole)\s+)?)?"
    rf"(?P<n>{lx.COUNT_RE})(?:\s+(?:or|to)\s+(?P<n2>{lx.COUNT_RE}))?(?:\s+or\s+so)?[\s-]+"
    r"(?P<more>(?:more|additional|extra|straight|consecutive|full|trading|business|working|calendar"
    r"|difficult|long|hard|tough|short|brief|busy|lean|turbulent|painful|grueling|gruelling"
    r"|tense|quiet|frantic|dark|bitter|successive|school)\s+)?"
    rf"(?P<u>{lx.UNIT_RE})(?P<orn>\s+or\s+(?:two|three|more))?(?P<half>\s+and\s+a\s+half)?"
    r"(?P<long>-long)?",
    priority=1,
)
def _duration(m: re.Match[str], text: str) -> Cand | None:
    after = text[m.end() : m.end() + 24]
    if re.match(r"[\s-]+old\b", after) or _AGE_AFTER.match(after):
        return None  # an age: "6 months old", "12 to 15 months of age", "6 months and older"
    if m.group(0).lower() in ("a night", "a day") and _KIND_OF_DAY.match(after):
        return None  # "finished a night shift", "a day job": a kind of work, no length
    count_text = m.group("n")
    low = count_text.lower()
    unit = lx.unit_name(m.group("u"))
    if m.group("mod") and m.group("the") and m.group("mod").lower() in ("over", "under"):
        # "over the past two years": a preposition, not "more than"
        return Cand(m.start("the"), m.end(), "DURATION", duration_recipe(_count(count_text), unit))
    if unit == "quarter" and re.match(r"\s+of\b", after):
        return None  # "three-quarters of its food": a fraction
    if unit == "quarter" and _MEASURE_AFTER.match(text, m.end()):
        return None  # "less than a quarter mile", "a quarter-point cut": a fraction of a measure
    if low == "zero" and unit == "day":
        return None  # "a zero-day flaw", "six zero-days": an unpatched flaw, no length
    if unit == "quarter" and _QUARTER_HOUR.match(text, m.end()):
        return None  # "at a quarter to nine": a clock time, no three months
    if (
        unit == "quarter"
        and low in ("a", "one")
        and _BY_SHARE.search(text, max(0, m.start() - 24), m.start())
    ):
        return None  # "shrank by roughly a quarter": a share, no three months
    if re.search(r"\d{4}\s*[-–/]\s*$", text[max(0, m.start() - 6) : m.start()]):
        return None  # "the 2013-14 school year": the end of a range of years, no length
    if low in ("one", "1") and _ONE_DAY_GAME.match(text, m.end()):
        return None  # "the one-day international series": cricket's format, no length
    if low in ("a", "an") and m.group("long") and m.group("u").lower().endswith("s"):
        # "a months-long campaign": the article is the campaign's, the length vague (PXM)
        return Cand(m.start("u"), m.end(), "DURATION", duration_recipe(None, m.group("u")))
    if (
        m.group("u")[:1].isupper()
        and not m.group(0)[:1].isupper()
        and not in_title_case_line(text, m.start())
    ):
        return None  # "60 Minutes": a name (not "Silent 50 Years After the Bomb", a headline)
    if re.fullmatch(r"\d{4}", count_text) and unit in ("quarter", "year", "month"):
        return None  # "the 1988 quarter": a year, not a count
    if (
        re.fullmatch(r"(?:1[6-9]|2[01])\d\d", count_text)
        and lx.unit_name(m.group("u")) == m.group("u").lower()
        and not m.group("long")
        and text[m.start("u") - 1] == " "
    ):
        return None  # "ranked 2019 second": a year and a rank, no 2019 seconds
    if (
        low in ("a", "an")
        and unit in ("year", "month", "week", "day", "quarter")
        and not m.group("mod")  # ("Many customers waited more than a year": a length)
        and _per(text, m.start())
    ):
        return None  # "$5 a year": a set, see `_per_unit`
    if low in ("a", "an") and _SPEED.search(text, max(0, m.start() - 24), m.start()):
        return None  # "70 miles an hour": a speed
    if unit == "second" and re.match(r"[\s-]", text[m.start("u") - 1]) and low in ("a", "the"):
        return None
    vague = lx.is_vague(count_text)
    count = None if vague else lx.word_number(count_text)
    if count is None and not vague:
        return None
    if low in ("a couple of", "couple of"):
        count = 2
    if m.group("half") and count is not None:
        count += 0.5
    recipe = duration_recipe(count, unit)
    if (
        m.group("mod")
        and m.group("mod").lower() == "over"
        and not _OVER_MORE.search(text, max(0, m.start() - 16), m.start())
    ):
        # "released in batches over four days", "flew over 69 minutes": across that length,
        # not more than it ("for over a week", "lasted over three hours", "of over a year")
        start = m.start("the") if m.group("the") else m.start("n")
        return Cand(start, m.end(), "DURATION", recipe)
    if m.group("mod"):
        recipe["mod"] = _DUR_MOD[re.sub(r"\s+", " ", m.group("mod").lower())]
    elif low in ("a couple of", "couple of") or m.group("n2"):
        recipe["mod"] = "APPROX"
    if m.group("orn"):
        # "a year or two": its first count, as "two or three weeks"; "a year or more": at least
        recipe["mod"] = "EQUAL_OR_MORE" if m.group("orn").endswith("more") else "APPROX"
    return cand(m, "DURATION", recipe)


#: "by" before "a quarter": a share it grew or shrank by ("by roughly a quarter last year").
_BY_SHARE = re.compile(
    r"\bby\s+(?:(?:roughly|about|nearly|almost|around|some|more\s+than|less\s+than|over"
    r"|just\s+under|just\s+over)\s+)?$",
    re.IGNORECASE,
)
#: "a quarter to nine", "a quarter past 10": the clock's quarter hour.
#: A measure after "quarter": "a quarter mile", "a quarter-point", "a quarter pound".
_MEASURE_AFTER = re.compile(
    r"[\s-]+(?:miles?|mile-|inch(?:es)?|pounds?|points?|percentage|tons?|tonnes?|gallons?|acres?"
    r"|pints?|cups?|teaspoons?|ounces?|kilometers?|kilometres?|meters?|metres?)\b",
    re.IGNORECASE,
)
_QUARTER_HOUR = re.compile(
    r"\s+(?:to|past|after|before)\s+(?:\d|one|two|three|four|five|six|seven|eight|nine|ten"
    r"|eleven|twelve|noon|midnight)\b",
    re.IGNORECASE,
)


#: Words before "over" that make it "more than": "for over a week", "lasted over an hour".
_OVER_MORE = re.compile(
    r"\b(?:for|of|in|after|than|last|lasts|lasted|lasting|take|takes|took|taking|taken|spent|"
    r"spend|spending|waited|wait|is|was|were|are|be|been|just|well|to|by|with|at|ago)\s+$",
    re.IGNORECASE,
)
#: Words before "last" that make it the verb ("will last weeks", "to last months").
_VERB_LAST = re.compile(
    r"\b(?:will|would|could|may|might|should|can|must|to|does|do|did|not|'ll)\s+$", re.I
)
_VAGUE_PRE = re.compile(
    r"(?:\b(?:for|in|over|within|after|take|takes|took|taken|taking|last|lasted|lasts|spend|spent|just|"
    r"spending|of|recent|coming|past|the\s+past|the\s+coming|few|many|several|next|the\s+next|"
    r"two|three|some|need|needs|needed|gone)\s+)$",
    re.I,
)
_UNITS = r"(?:days|weeks|months|quarters|years|decades|centuries|hours|minutes|seconds)"
#: What makes bare "seconds" a length: "within seconds", "in seconds", "lasted seconds".
_SECONDS_CUE = re.compile(r"\b(?:within|in|lasted|lasting|took|takes|take|just|only)\s+$", re.I)
#: A year or month named after "the first months of": "of 2015", "of January", "of next year".
_OF_NAMED = re.compile(
    rf"\s+of\s+(?:(?:1[6-9]|20)\d\d\b|(?i:{lx.MONTH_RE})\b|(?:this|next|last|the)\s+(?:new\s+)?year\b)"
)
#: A bare length listed after another, itself cued: "for days, weeks or even months", "take
#: years, not months", "ruined for months, if not years", "within days, not months", "for
#: months, maybe years", "in the coming weeks and months".
_LISTED_AFTER = re.compile(
    rf"\b(?:for|in|over|within|take|takes|took|last|lasted|spend|spent|need|needs|needed)\s+"
    rf"(?:the\s+)?(?:(?:coming|next|past|last|recent|following)\s+)?{_UNITS}(?:\s*,\s*{_UNITS})*"
    r"(?:\s*,\s*|\s+)(?:(?:or|and|if\s+not|not|rather\s+than|but\s+not|maybe|perhaps"
    r"|possibly)\s+)?(?:even\s+)?$",
    re.I,
)


@rule(
    "unit_long",
    r"(?P<u>day|week|month|year|hour|minute|days|weeks|months|years|decades|centuries)-long",
)
def _unit_long(m: re.Match[str], text: str) -> Cand | None:
    word = m.group("u").lower()
    count = None if word.endswith("s") else 1.0
    return cand(m, "DURATION", duration_recipe(count, word))


@rule(
    "a_while",
    r"(?:for|in|after|over|within|during)\s+(?P<w>a\s+(?:little\s+|long\s+|short\s+)?while|some\s+time"
    r"|a\s+long\s+time|a\s+(?:(?:fairly|very|relatively|rather)\s+)?(?:long|lengthy|short|brief|"
    r"limited|extended)\s+period(?:\s+of\s+time)?)",
)
def _a_while(m: re.Match[str], text: str) -> Cand | None:
    """ "for a while", "for some time", "for a fairly lengthy period": a duration of unknown
    length."""
    return cand(m, "DURATION", {"kind": "dur", "count": None, "unit": "X"}, group="w")


@rule(
    "quarter_century",
    r"(?P<n>a|one|three)\s+quarters?(?:\s+of\s+a\s+|[\s-])century\b(?!-old)",
    priority=3,
)
def _quarter_century(m: re.Match[str], text: str) -> Cand | None:
    """ "a quarter of a century on the throne", "the biggest trial in a quarter century": 25
    years (not "a century", nor a quarter of a year)."""
    quarters = 3 if m.group("n").lower() == "three" else 1
    return cand(m, "DURATION", {"kind": "dur", "count": 25.0 * quarters, "unit": "Y"})


@rule(
    "edge_hour",
    r"the\s+(?:first|final|last|opening|closing)\s+(?P<half>half[\s-]+)?hour(?![\w-])",
    priority=2,
)
def _edge_hour(m: re.Match[str], text: str) -> Cand | None:
    """ "fell 186 points in the first hour", "in the final half hour of trading": an hour (half
    an hour) of the session, a length, as "the first 30 minutes" is."""
    recipe = duration_recipe(30, "minute") if m.group("half") else duration_recipe(1, "hour")
    return cand(m, "DURATION", recipe)


@rule(
    "fortnight",
    r"(?:the|this)\s+(?:(?:past|last|next|coming|previous|following|first|final)\s+)?fortnight\b",
    priority=3,
)
def _fortnight(m: re.Match[str], text: str) -> Cand | None:
    """ "three signings in the past fortnight", "over the next fortnight": two weeks."""
    return cand(m, "DURATION", {"kind": "dur", "count": 2.0, "unit": "W"})


@rule(
    "half_century",
    r"(?:(?:the|a)\s+(?:(?:past|last|next|previous|coming|first)\s+)?)?half[\s-]century\b(?!-old)",
    priority=3,
)
def _half_century(m: re.Match[str], text: str) -> Cand | None:
    """ "no single term in the past half-century", "a half century of rule": 50 years (the
    words "half a century" are the fraction rule's)."""
    return cand(m, "DURATION", {"kind": "dur", "count": 50.0, "unit": "Y"})


@rule("long_word", r"(?P<u>year|week|month|day|night|hour|decade|century)-?long\b", priority=2)
def _long_word(m: re.Match[str], text: str) -> Cand | None:
    """ "a yearlong review", "a weeklong break", "a month-long strike": one such unit."""
    if text[m.start() - 1 : m.start()].isalpha():
        return None
    return cand(m, "DURATION", duration_recipe(1, m.group("u")))


#: A number right before a plural unit: "six months", "10 to 15 years" (not a vague count:
#: "several quarters of losses" is the vague rule's).
_COUNT_BEFORE = re.compile(
    rf"(?:^|[^\w-])(?:\d+(?:[,.]\d+)*|{lx.WORD_NUMBER_RE}|million|billion)[\s-]+$",
    re.IGNORECASE,
)  # ("67 million years ago": a count too large for a date, no vague length either)


@rule(
    "vague_units",
    r"(?P<pre>(?:(?:the\s+)?(?:past|last|next|coming|recent|following|first|early)\s+|the\s+)?)"
    r"(?P<u>days|weeks|months|quarters|years|decades|centuries|hours|minutes|seconds)"
    r"(?P<or>\s+(?:or|to)\s+(?:even\s+)?(?:days|weeks|months|years|decades|hours|minutes))?"
    r"(?P<ahead>\s+ahead)?",
    priority=0,
)
def _vague_units(m: re.Match[str], text: str) -> Cand | None:
    """ "for years", "the past months", "in recent days", "planned weeks in advance", "would need
    months", each of "for days, weeks or even months"; "weeks or months" is one vague
    length, counted in its first (smaller) unit as "two or three weeks" is in its first count."""
    if not m.group("pre") and _COUNT_BEFORE.search(text, max(0, m.start() - 24), m.start()):
        return None  # "six months ahead": the counted length is the duration rule's
    alone = re.match(
        r"\s+(?:ago|(?:later|earlier|after|before)\b|in\s+advance\b"
        r"|of\s+(?!the\b|a\b|an\b|its\b|their\b)[a-z])",
        text[m.end() :],
    )
    if m.group("u").lower() == "seconds":
        alone = None  # "within seconds" is a length, "seconds before the bomb" left as TimeML does
        if not m.group("pre") and not _SECONDS_CUE.search(text, max(0, m.start() - 12), m.start()):
            return None  # "came back for seconds": a second helping
    if not (
        m.group("pre")
        or alone
        or _VAGUE_PRE.search(text[max(0, m.start() - 20) : m.start()])
        or _LISTED_AFTER.search(text, max(0, m.start() - 80), m.start())
    ):
        # without a cue, only "years ago", "days later", "hours before the deadline", "months
        # of talks" stand alone (TimeML: a length, as "several months before he ...")
        return None
    if m.group("u").lower() == "years" and re.match(r"\s+(?:1[6-9]|20)\d\d\b", text[m.end() :]):
        return None  # "for the years 2008 through 2010": the years are the ones named
    if re.match(
        r"(?:the\s+)?(?:first|early|final|last)\s", m.group("pre"), re.I
    ) and _OF_NAMED.match(text, m.end()):
        # "in the first months of 2015", "the first weeks of January": a part of the year or
        # month named after it (its own mention), not a length
        return None
    pre = m.group("pre").lower()
    if pre.strip() == "last" and _VERB_LAST.search(text, max(0, m.start() - 12), m.start()):
        # "could last days or weeks": the verb, then a bare length
        return Cand(m.start("u"), m.end(), "DURATION", duration_recipe(None, m.group("u")))
    if pre.strip() == "the" and not (
        m.group("ahead")
        or re.search(
            r"\b(?:in|over|during|for|within|throughout)\s+$",
            text[max(0, m.start() - 12) : m.start()],
            re.I,  # also opening a sentence: "Over the years, ..."
        )
    ):
        return None
    if (m.group("pre") or not alone) and re.match(
        r"\s+(?:earlier|later|old)\b|-old", text[m.end() : m.end() + 10]
    ):
        return None
    if pre.strip() in ("recent", "past") and m.group("u").lower() in ("days", "years"):
        return cand(
            m, "DATE", {"kind": "ref", "value": "PAST_REF"}
        )  # "in recent years": the vague past
    return cand(m, "DURATION", duration_recipe(None, m.group("u")))


_SET_WORDS = {
    "annual": "P1Y",
    "annually": "P1Y",
    "yearly": "P1Y",
    "year-round": "P1Y",
    "semiannual": "P6M",
    "semiannually": "P6M",
    "semi-annual": "P6M",
    "semi-annually": "P6M",
    "biannual": "P6M",
    "quarterly": "P3M",
    "monthly": "P1M",
    "bimonthly": "P2M",
    "weekly": "P1W",
    "biweekly": "P2W",
    "daily": "P1D",
    "nightly": "P1D",
    "hourly": "PT1H",
}


#: What follows "quarterly" or "annual" when it says how often something is done ("paid
#: quarterly", "reviewed quarterly in arrears", "on a quarterly basis") rather than naming a
#: kind of thing ("the quarterly dividend", "its first quarterly loss", "the annual meeting",
#: "annual sales"), which TimeML annotation leaves untagged.
_ADVERB_AFTER = re.compile(
    r"\s*(?:[,.;:!?)\"”]|$)|\s+(?:basis|and|or|but|in|on|at|by|to|from|for|with|since|until"
    r"|after|before|instead|rather|as|if|when|while|through|thereafter)\b"
)


#: The words of `_SET_WORDS` read as a kind of thing before a noun (see `_ADVERB_AFTER`):
#: "quarterly", and "annual" with its kin, which are adjectives only. Not "daily", "weekly",
#: "hourly": TimeML annotation marks "his weekly radio address" and "average hourly earnings"
#: as sets (dropping them before a noun lost TimeBank 1 value and AQUAINT 8).
_ADJECTIVE_USE = frozenset(("quarterly", "annual", "semiannual", "semi-annual", "biannual"))


#: An article and at most one word before a "weekly" or "daily" naming a publication.
_PUBLICATION_BEFORE = re.compile(r"\b(?:[Tt]he|[Aa]n?)\s+(?P<kind>[\w-]+\s+)?$")


@rule("set_word", lx.alternation(_SET_WORDS), priority=1)
def _set_word(m: re.Match[str], text: str) -> Cand | None:
    word = m.group(0)
    if is_capitalized(word) and not sentence_start(text, m.start()):
        return None  # "People's Daily", "Korea JoongAng Daily"
    if word.lower() == "year-round":
        return None
    paper = _PUBLICATION_BEFORE.search(text, max(0, m.start() - 30), m.start())
    if paper and re.match(r"\s+[A-Z][a-z]" if paper["kind"] else r"\s*[,.;)]", text[m.end() :]):
        # "the satirical weekly Charlie Hebdo", "the business daily Handelsblatt", "published
        # as a weekly." (but "the weekly Muslim prayers" are held every week)
        return None
    if word.lower() in _ADJECTIVE_USE and not _ADVERB_AFTER.match(text, m.end()):
        return None  # "its quarterly dividend", "an initial quarterly of 5 cents": a kind of thing
    if re.match(r"\s+(?:basis)\b", text[m.end() :]) is None and re.search(
        r"\bper\s*$", text[: m.start()]
    ):
        return None
    return cand(m, "SET", {"kind": "set", "value": _SET_WORDS[word.lower()]})


@rule(
    "every_day_of_year",
    rf"(?:every|each)\s+(?P<m>{lx.MONTH_RE})\s+(?P<d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
    r"(?![\w,.:]\w)",
    priority=4,
)
def _every_day_of_year(m: re.Match[str], text: str) -> Cand | None:
    """ "rallies each June 25", "marks Victory Day every May 9": that day of every year."""
    if not is_capitalized(m.group("m")):
        return None
    month = lx.month_number(m.group("m"))
    return cand(m, "SET", {"kind": "set", "value": f"XXXX-{month:02d}-{int(m.group('d')):02d}"})


@rule(
    "every",
    rf"(?P<q>every|each|per)\s+(?:single\s+)?(?:(?P<other>other)\s+)?"
    r"(?:(?P<ord>second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+)?"
    rf"(?:(?P<n>{lx.COUNT_RE})(?:\s+(?:or|to)\s+(?P<n2>{lx.COUNT_RE}))?\s+)?"
    rf"(?P<u>{lx.UNIT_RE}|{lx.WEEKDAY_RE}|{lx.MONTH_RE}|{lx.SEASON_RE}|{lx.DAY_PART_RE}|season|weekend"
    r"|weekday"
    rf"|(?P<h>{lx.alternation(holidays.NAMES)}))"
    rf"(?:(?<=[a-z]day)\s+(?P<part>{lx.DAY_PART_RE})\b)?",
    priority=3,
)
def _every(m: re.Match[str], text: str) -> Cand | None:
    if _SPEED.search(text, max(0, m.start() - 24), m.start()):
        return None
    word = m.group("u")
    low = word.lower().rstrip(".")
    if m.group("h"):
        # "every Christmas": that day of every year; a movable feast once a year
        if not is_capitalized(word) or m.group("n") or m.group("ord"):
            return None
        day = holidays.fixed_day(word)
        return cand(
            m,
            "SET",
            {"kind": "set", "value": f"XXXX-{day[0]:02d}-{day[1]:02d}"}
            if day
            else {"kind": "set", "value": "P1Y"},
        )
    if low in lx.DAY_PARTS and not m.group("n"):  # "every morning": that part of every day
        return cand(m, "SET", {"kind": "set", "value": f"XXXX-XX-XXT{lx.DAY_PARTS[low]}"})
    if low == "weekend" and not m.group("n") and not m.group("other"):
        return cand(m, "SET", {"kind": "set", "value": "XXXX-WXX-WE"})  # "every weekend"
    if low == "weekday" and not m.group("n") and not m.group("other"):
        # "carries 60 trains every weekday": the working days of every week (`WD` as `WE`);
        # "each weekday afternoon": their afternoons
        part_of = f"T{lx.DAY_PARTS[m.group('part').lower()]}" if m.group("part") else ""
        return cand(m, "SET", {"kind": "set", "value": f"XXXX-WXX-WD{part_of}"})
    if low == "season" and not m.group("n"):
        # a season with no name in news is a sports, fashion or harvest season: once a year
        return cand(m, "SET", {"kind": "set", "value": "P1Y"})
    part = m.group("part")
    if low in lx.WEEKDAYS and is_capitalized(word):
        # "every Sunday morning": that part of every Sunday
        time = f"T{lx.DAY_PARTS[part.lower()]}" if part else ""
        return cand(m, "SET", {"kind": "set", "value": f"XXXX-WXX-{lx.WEEKDAYS[low] + 1}{time}"})
    if low in lx.MONTHS and is_capitalized(word):
        return cand(m, "SET", {"kind": "set", "value": f"XXXX-{lx.MONTHS[low]:02d}"})
    if low in lx.SEASONS:
        return cand(m, "SET", {"kind": "set", "value": f"XXXX-{lx.SEASONS[low]}"})
    unit = lx.unit_name(word)
    if unit not in lx.UNITS:
        return None
    n = m.group("n")
    count = lx.word_number(n) if n else 1.0
    if count is None and (m.group("n2") or n.lower() not in lx.VAGUE):
        return None
    if count is not None and m.group("other"):
        count *= 2
    if m.group("ord") and not m.group("n") and count is not None:
        # "every fifth year": one year in five
        count = float(_ORDINALS.index(m.group("ord").lower()) + 2)
    if unit == "quarter":
        recipe: Recipe = {"kind": "set", "value": f"P{int(count or 0) or 'X'}Q"}
    else:
        recipe = {"kind": "set", "value": duration_value(duration_recipe(count, unit))}
    if m.group("n2"):
        recipe["mod"] = "APPROX"  # "every four or five years": the first, about (P4Y)
    return cand(m, "SET", recipe)  # "every few months": PXM


_ORDINALS = ("second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")

#: A day of a month just before: "on Dec. 22, a day after the strike" is no rate of 22 a day.
#: ("declared July 20 a day of mourning": no rate of 20 a day either).
_DATE_BEFORE = re.compile(
    rf"\b{lx.MONTH_RE}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:[-–]\d{{1,2}})?\s*,?\s*$", re.IGNORECASE
)

#: A distance just before "an hour", "per minute": a speed ("70 miles an hour", "3,000 feet
#: per minute"), no set of times.
_SPEED = re.compile(
    r"\b(?:miles?|mi|kilomet(?:er|re)s?|km|met(?:er|re)s?|feet|foot|ft|knots?|yards?|inches)"
    r"\s+(?:(?:an?|per)\s+)?$",
    re.IGNORECASE,
)


#: "a week after his wedding", "a year before the vote": a length counted to or from an event.
_RELATIVE_AFTER = re.compile(
    r"an?\s+\w+\s+(?:and\s+a\s+half\s+)?(?:after|before|later|earlier|ago|since|from(?!\s+an?\b)|of)\b",
    re.IGNORECASE,
)


_PER_CLOCK_UNIT = re.compile(r"(?:an?|per)\s+(?:hour|minute|second)\b", re.IGNORECASE)


def _per(text: str, start: int) -> bool:
    """Whether "a year" at `start` follows an amount ("$5 a year", "twice a year")."""
    if _DATE_BEFORE.search(text, max(0, start - 24), start):
        return False
    if _SPEED.search(text, max(0, start - 24), start) and _PER_CLOCK_UNIT.match(text, start):
        return False  # "70 miles an hour" is a speed ("220 kilometres a week" a rate)
    if re.search(r"\b(?:for|within|over|after|in)\s+$", text[max(0, start - 8) : start], re.I):
        return False  # "upgrades from Windows 7 for a year": a length
    if _RELATIVE_AFTER.match(text, start):
        return False  # "married in 1947, a week after his wedding": a length before or after
    before = text[max(0, start - 40) : start].lower()
    if re.search(r"\b(?:1[6-9]|20)\d\d[\s),]*,[\s)]*$", before):
        return False  # "released on Oct. 25, 2001, a month and a half after": a year, no amount
    return bool(
        re.search(
            r"(?:\d|%|percent|dollars?|cents?|yen|won|yuan|euros?|times|twice|once|million|billion"
            r"|hundreds|thousands|dozens|several|few|many"
            # "two shifts a day", "six people a year", "one train an hour"
            r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
            r"|thirty|forty|fifty|hundred|dozen)"
            r"|(?:hours|minutes|days|weeks|months)(?=\s*$))"
            # "1.6 million barrels a day", "50,000 tonnes of grain a year", "18 short-notice
            # inspections a year": a counted noun
            r"(?:\s+[a-z]+(?:-[a-z]+)?(?:\s+(?:of\s+)?[a-z]+){0,2})?[\s),]*$",
            before,
        )
    )


@rule(
    "per_unit",
    r"(?P<freq>(?:once|twice|(?:\w+)\s+times"
    # "three days a week", "four or five nights a week": days of each week
    rf"|(?:{lx.COUNT_RE})(?:\s+or\s+(?:{lx.COUNT_RE}))?\s+(?:days|nights|mornings|evenings))\s+)?"
    r"(?:a|an|per)\s+(?P<u>year|month|week|day|quarter|hour|decade|century)",
    priority=2,
)
def _per_unit(m: re.Match[str], text: str) -> Cand | None:
    if not m.group("freq") and not _per(text, m.start()):
        return None
    unit = m.group("u").lower()
    if unit in ("decade", "century") and not m.group("freq"):
        return None  # "a decade" after an amount is a length ("$5 a decade" is not said)
    value = {
        "year": "P1Y",
        "month": "P1M",
        "week": "P1W",
        "day": "P1D",
        "quarter": "P1Q",
        "decade": "P10Y",
        "century": "P100Y",
    }.get(unit, "PT1H")
    recipe: Recipe = {"kind": "set", "value": value}
    return cand(m, "SET", recipe)


@rule(
    "term_of_office",
    r"(?:(?P<pos>his|her|their)\s+(?:(?P<ord>first|second|third|fourth|fifth|next|new|current|"
    r"previous|final|last)\s+)?|(?P<art>a|the)\s+(?P<ord2>first|second|third|fourth|fifth|"
    r"final|last)\s+)term(?P<office>\s+(?:in|of)\s+office)?"
    r"(?!\s+(?:limits?|papers?|sheets?|loans?|deposits?|insurance|for\b|that\b|used\b))",
    priority=1,
)
def _term(m: re.Match[str], text: str) -> Cand | None:
    """ "his second term", "a third term in office": a term of office, some years long (a
    written length is the length's own rule: "a four-year term" is P4Y). Without an ordinal
    or "in office", only a person's own term counts: "a term" alone is a word."""
    named = m.group("ord") or m.group("ord2") or m.group("office")
    own = m.group("pos") and re.match(r"\s+(?:as|in|ends?|ended|expires?)\b", text[m.end() :])
    if not (named or own):
        return None
    return cand(m, "DURATION", {"kind": "dur", "count": None, "unit": "Y"})
