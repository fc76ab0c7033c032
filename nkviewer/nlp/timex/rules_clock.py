"""Rules for days named relative to the document and for clock times: weekdays ("Thursday",
"last Friday", "Saturday night"), "today"/"yesterday"/"tomorrow"/"tonight", parts of the day,
and times ("5 p.m. EST Nov. 9", "noon Saturday", "10:35 a.m.").
"""

from __future__ import annotations

import re

from nkviewer.nlp.timex import lexicon as lx
from nkviewer.nlp.timex.rules import (
    MOD_PREFIX,
    THE_BEFORE,
    Cand,
    Recipe,
    cand,
    is_capitalized,
    rule,
    sentence_start,
    with_mod,
)

WD = lx.WEEKDAY_RE
PART = r"(?P<part>morning|afternoon|evening|night)"
_NAMES_AFTER = re.compile(
    r"\s+(?:Times|Telegraph|Express|Mirror|Herald|Post|Mail|Star|Tribune|Independent|Sport|"
    r"Review|Magazine|Edition|Night\s+Live|Night\s+Football|School|Club|Service|Show)\b"
)
#: Outlets and programmes whose name ends in a weekday, written without quotation marks:
#: "told Fox News Sunday", "The Mail on Sunday reported", "CBS Sunday Morning". Only names
#: that read as nothing else: "told Harbour Radio Sunday" stays a day.
_NAMES_BEFORE = re.compile(
    r"(?:\bFox\s+News|\b(?P<on>(?P<land>Scotland|Wales|Ireland)|Mail|Independent)\s+on)\s+$"
    r"|\bSheffield\s+(?=$)"
)  # (and the football club Sheffield Wednesday)
#: A place visited before "Wales on": "will go to Wales on Friday" is a day.
_TO_PLACE = re.compile(r"\b(?:to|in|from|into|across|around|visit\w*|tour\w*|left|leave\w*)\s+$")
_NAMES_AROUND = re.compile(r"\bCBS(?:['’]s)?\s+$")
_MORNING_TITLE = re.compile(r"\s+Morning\b")
#: "... and Tuesday nights" after a weekday: the two days share the plural part.
_SHARED_PARTS = re.compile(rf"\s*(?:,|and|or|&)\s+(?P<wd2>{WD})\s+{PART}s\b", re.I)
_REL = {"last": -1, "past": -1, "previous": -1, "next": 1, "following": 1, "coming": 1, "this": 0}
#: "a Friday", "one Sunday": some day of that name, not one that can be dated (its month or
#: year, when written, is its own mention): the value-only DATE `XXXX-WXX-5`. Only when no
#: noun follows: "a Friday statement", "in a Monday vote" are the days just past or ahead.
_INDEFINITE_BEFORE = re.compile(r"\b(?:a|one|some)\s+$", re.I)
_INDEFINITE_AFTER = re.compile(
    r"\s+(?:in|of|during|last|this|that|earlier|later|before|after|when|and|but)\b"
    r"|\s*(?:[,.;:!?)]|$)"
)
#: (and "Patch Tuesday", the monthly day of software fixes, not a date)
_HOLY = re.compile(r"(?:Good|Black|Ash|Palm|Easter|Holy|Bloody|Super|Cyber|Maundy|Patch)\s+$")


#: A title in quotation marks, every word capitalised but the small ones: a programme, a film
#: or a column ("on “Fox News Sunday.”", "‘Sunday Morning Futures’"), not a date.
_QUOTED_TITLE = re.compile(
    r"(?:(?<=[\s(\[])|^)[\"“‘'](?P<title>(?:(?:[A-Z0-9][\w'’&.-]*|of|the|and|on|in|at|a|an|"
    r"with|for|to|&)\s+){0,6}(?:[A-Z0-9][\w'’&.-]*))[.,!?]?[\"”’'](?![A-Za-z])"
)


def in_quoted_title(text: str, start: int, end: int) -> bool:
    """Whether [start, end) is a word of a quoted title of two or more words (see
    `_QUOTED_TITLE`)."""
    for m in _QUOTED_TITLE.finditer(text, max(0, start - 80), min(len(text), end + 80)):
        if m.start("title") <= start and end <= m.end("title"):
            return len(m.group("title").split()) >= 2
    return False


def _part(text: str | None) -> str:
    return lx.DAY_PARTS[text.lower()] if text else ""


def weekday_recipe(word: str, rel: str | None = None) -> Recipe:
    recipe: Recipe = {"kind": "weekday", "weekday": lx.weekday_number(word.rstrip("'’s"))}
    if rel:
        key = rel.lower().split()[-1]
        recipe["direction"] = _REL[key]
        if rel.lower().startswith("the ") and key in ("previous", "following"):
            recipe["base"] = "prev_day"
            recipe["direction"] = -1 if key == "previous" else 1
    return recipe


_NTH = r"first|second|third|fourth|fifth|last|final|1st|2nd|3rd|4th|5th"


@rule(
    "nth_weekday_monthly",
    rf"(?:the\s+)?(?:{_NTH})(?:\s*(?:,|and|or)\s*(?:the\s+)?(?:{_NTH}))*\s+(?P<wd>{WD})s?\s+"
    r"(?:of|in)\s+(?:each|every)\s+month",
    priority=4,
)
def _nth_weekday_monthly(m: re.Match[str], text: str) -> Cand | None:
    """ "The council meets the first Tuesday of each month", "on the second and fourth Monday
    of every month": a day of every month, a monthly SET (TIMEX3 has no value for the nth
    weekday of any month), not the next such Tuesday."""
    if not is_capitalized(m.group("wd")):
        return None
    return cand(m, "SET", {"kind": "set", "value": "P1M"})


@rule(
    "nth_weekday",
    rf"(?:the\s+)?(?P<n>first|second|third|fourth|fifth|last|final|1st|2nd|3rd|4th|5th)\s+"
    rf"(?P<wd>{WD})\s+(?:of|in)\s+(?:(?P<rel>next|last|this|the)\s+month"
    rf"|(?P<mon>{lx.MONTH_RE})(?:,?\s+(?P<y>(?:1[0-9]|20)\d\d))?)",
    priority=3,
)
def _nth_weekday(m: re.Match[str], text: str) -> Cand | None:
    """ "the second Thursday of next month", "the last Saturday of May 2024", "the first Monday
    in June": that weekday of that month (the month's year from the anchor when not written)."""
    nth = -1 if m.group("n").lower() in ("last", "final") else lx.ordinal_value(m.group("n"))
    if not is_capitalized(m.group("wd")) or nth is None:
        return None
    month: Recipe | str
    rel = (m.group("rel") or "").lower()
    if rel == "the":
        # "the last Friday of the month": in a past clause the month of the date just told
        # (`detect.link_context`), else the publication's
        month = "prev_past"
    elif rel:
        month = {"kind": "shift", "unit": "month", "count": {"next": 1, "last": -1}.get(rel, 0)}
    else:
        if not is_capitalized(m.group("mon")):
            return None
        month = {"kind": "date", "month": lx.month_number(m.group("mon"))}
        if m.group("y"):
            month["year"] = int(m.group("y"))
    recipe: Recipe = {
        "kind": "weekday",
        "weekday": lx.weekday_number(m.group("wd")),
        "nth": nth,
        "base": month,
    }
    return cand(m, "DATE", recipe)


#: "every Tuesday and" before a weekday: it is one of the set.
_EVERY_BEFORE = re.compile(
    rf"\b(?:every|each)\s+{lx.WEEKDAY_RE}(?:\s*,\s*{lx.WEEKDAY_RE})*\s*(?:,|and|or|,\s*and)\s+$",
    re.I,
)


@rule(
    "weekday_of_week",
    rf"(?P<wd>{WD}),?\s+(?:of\s+)?(?P<rel>last|next|this)\s+week\b",
    priority=3,
)
def _weekday_of_week(m: re.Match[str], text: str) -> Cand | None:
    """ "on Saturday last week", "Friday of next week": that weekday of that week, one
    expression (not the Saturday nearest and "last week" beside it)."""
    if not is_capitalized(m.group("wd")):
        return None
    week: Recipe = {"kind": "shift", "unit": "week", "count": _REL[m.group("rel").lower()]}
    recipe: Recipe = {"kind": "weekday", "weekday": lx.weekday_number(m.group("wd"))}
    recipe["base"] = week
    return cand(m, "DATE", recipe)


def _some_weekday(start: int, m: re.Match[str], dow: int) -> Cand:
    """That weekday (and part of it, "a Sunday afternoon") of an unknown week: `XXXX-WXX-7TAF`."""
    value = f"XXXX-WXX-{dow + 1}"
    if m.group("part"):
        value += f"T{_part(m.group('part'))}"
    kind = "TIME" if m.group("part") else "DATE"
    return Cand(start, m.end(), kind, {"kind": "value", "value": value})


@rule(
    "weekday",
    rf"(?P<mod>{MOD_PREFIX})?(?:(?P<rel>this\s+coming|this\s+past|the\s+previous|the\s+following|last|next|this|coming|past|previous|following)\s+)?"
    rf"(?P<wd>{WD})(?P<pl>s\b)?(?:['’]s)?(?:\s+{PART}(?P<ppl>s)?)?",
    priority=2,
)
def _weekday(m: re.Match[str], text: str) -> Cand | None:
    word = m.group("wd")
    if not is_capitalized(word) or _NAMES_AFTER.match(text, m.end("wd")):
        return None
    if _HOLY.search(text[max(0, m.start() - 8) : m.start()]):
        return None
    if in_quoted_title(text, m.start("wd"), m.end("wd")):
        return None  # "said on “Fox News Sunday”": a programme's name, not a day
    before = text[max(0, m.start("wd") - 24) : m.start("wd")]
    name = _NAMES_BEFORE.search(before)
    if name is not None and (
        # only the names' own days: the Mail on Sunday, Fox News Sunday, Sheffield Wednesday
        lx.weekday_number(word) != (2 if name.group(0).startswith("Sheffield") else 6)
        or (name.group("land") and _TO_PLACE.search(before, 0, name.start()))
    ):
        name = None
    if name is not None or (
        _NAMES_AROUND.search(before) and _MORNING_TITLE.match(text, m.end("wd"))
    ):
        return None  # "told Fox News Sunday", "the Mail on Sunday": an outlet's name
    dow = lx.weekday_number(word)
    if not m.group("rel") and _EVERY_BEFORE.search(text, max(0, m.start() - 60), m.start()):
        # "every Tuesday and Friday": every Friday too
        return Cand(m.start(), m.end("wd"), "SET", {"kind": "set", "value": f"XXXX-WXX-{dow + 1}"})
    if m.group("pl"):  # "Tuesdays": every Tuesday
        return Cand(m.start(), m.end("pl"), "SET", {"kind": "set", "value": f"XXXX-WXX-{dow + 1}"})
    if m.group("ppl"):  # "Tuesday nights": every Tuesday night
        value = f"XXXX-WXX-{dow + 1}T{_part(m.group('part'))}"
        return cand(m, "SET", {"kind": "set", "value": value})
    shared = _SHARED_PARTS.match(text, m.end())
    if shared and not m.group("part") and not m.group("rel") and is_capitalized(shared["wd2"]):
        # "on Monday and Tuesday nights": the plural part is Monday's too - every Monday night
        value = f"XXXX-WXX-{dow + 1}T{_part(shared.group('part'))}"
        return cand(m, "SET", {"kind": "set", "value": value})
    the = THE_BEFORE.search(text, max(0, m.start() - 6), m.start())
    if m.group("rel") and m.group("rel").lower() == "last" and not m.group("mod") and the:
        # "come in on the last Saturday with a shoebox of receipts": the final one of some
        # stretch, not the one before publication - that weekday of an unknown week
        return _some_weekday(the.start(), m, dow)
    article = _INDEFINITE_BEFORE.search(text[max(0, m.start() - 8) : m.start()])
    if article and not m.group("rel") and _INDEFINITE_AFTER.match(text, m.end()):
        # "a Friday in May", "one Sunday last year": some such day, not a date the calendar
        # can place; TIMEX3 writes what is known of it, that weekday of an unknown week
        start = m.start() - len(article[0])
        return _some_weekday(start, m, dow)
    possessive = re.match(r"['’]s\b", text[m.end("wd") :]) is not None
    rel = m.group("rel")
    if possessive and rel and rel.lower() == "following" and not m.group("mod"):
        # "grounded the jet following Sunday's crash": "following" is "after", the day is
        # Sunday's own (not "the following Sunday")
        recipe = weekday_recipe(word)
        recipe["tense_hint"] = "past"
        start = m.start("wd")
        end = m.end("part") if m.group("part") else m.end()
        if m.group("part"):
            recipe["time_of_day"] = _part(m.group("part"))
        return Cand(start, end, "TIME" if m.group("part") else "DATE", recipe)
    recipe = with_mod(weekday_recipe(word, rel), m.group("mod"))
    if possessive and not rel:
        recipe["tense_hint"] = "past"  # "Friday's close": a report of what happened

    if m.group("part"):
        recipe["time_of_day"] = _part(m.group("part"))
        return cand(m, "TIME", recipe)
    return cand(m, "DATE", recipe)


@rule(
    "weekday_range",
    rf"(?:from\s+)?(?P<a>{WD})\s*(?:-|–|—|to|through|thru|until|till)\s*(?P<b>{WD})",
    priority=5,
)
def _weekday_range(m: re.Match[str], text: str) -> Cand | None:
    """ "from Sunday to Wednesday": the second day is the first such day on or after the first."""
    if not (is_capitalized(m.group("a")) and is_capitalized(m.group("b"))):
        return None
    a = weekday_recipe(m.group("a"))
    b = weekday_recipe(m.group("b"))
    b["direction"] = 0
    b["base"] = "range_start"
    return Cand(
        m.start("a"),
        m.end(),
        "DATE",
        {"kind": "range", "start": a, "end": b},
        parts=[(m.start("a"), m.end("a")), (m.start("b"), m.end())],
    )


_DAYWORD = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0}
#: What names a programme after its title: "the "Today" show", "Today programme".
_SHOW_AFTER = re.compile(r"[\"”’']?\s+(?:show|programme|program)\b")


@rule(
    "today",
    r"(?:(?P<mod>early|late|earlier|later)\s+)?(?:the\s+day\s+(?P<ba>before|after)\s+)?"
    r"(?P<w>today|yesterday|tomorrow|tonight)(?:['’]s)?(?:\s+" + PART + r")?",
    priority=3,
)
def _today(m: re.Match[str], text: str) -> Cand | None:
    if m.group("w")[:1].isupper() and _SHOW_AFTER.match(text, m.end()):
        return None  # NBC's "Today" show, BBC Radio 4's Today programme: a programme's name
    word = m.group("w").lower()
    n = _DAYWORD[word]
    if m.group("ba"):
        n += -1 if m.group("ba").lower() == "before" else 1
    recipe: Recipe = {"kind": "shift", "unit": "day", "count": n}
    if m.group("mod"):
        recipe["mod"] = "START" if m.group("mod").lower().startswith("early") else "END"
    if word == "tonight" or m.group("part"):
        recipe["time_of_day"] = _part(m.group("part") or "night")
        return cand(m, "TIME", recipe)
    return cand(m, "DATE", recipe)


@rule(
    "day_part",
    r"(?P<mod>(?:early|late|mid|later|earlier)[\s-]+)?"
    r"(?P<rel>this|last|the(?:\s+(?:very\s+)?same)?|that(?:\s+(?:very\s+)?same)?)[\s-]+" + PART,
    priority=2,
)
def _day_part(m: re.Match[str], text: str) -> Cand | None:
    rel = m.group("rel").lower().split()[0]  # "that same evening": as "that evening"
    part = m.group("part").lower()
    if rel in ("the", "that"):
        if not m.group("mod") and m.group("rel").lower() == "the":
            return None
        recipe: Recipe = {"kind": "shift", "unit": "day", "count": 0, "base": "prev_day"}
    elif rel == "last":
        if part != "night":
            return None
        if not m.group("mod") and THE_BEFORE.search(text, max(0, m.start() - 6), m.start()):
            return None  # "calling at 11 p.m. on the last night": the final one, not yesterday's
        recipe = {"kind": "shift", "unit": "day", "count": -1}
    else:
        recipe = {"kind": "shift", "unit": "day", "count": 0}
    recipe["time_of_day"] = _part(part)
    with_mod(recipe, m.group("mod"))
    return cand(m, "TIME", recipe)


#: What "overnight" names in money markets rather than a night: "the overnight rate".
_OVERNIGHT_NAME = re.compile(
    r"\s+(?:(?:policy|target|interbank|lending|borrowing|deposit|repo|index|call|money)\s+)*"
    r"(?:rate|rates|lending|borrowing|deposit|deposits|repo|repos|facility|index|swap|swaps|"
    r"loan|loans|funding)\b",
    re.IGNORECASE,
)


#: What makes "overnight" mean "suddenly": "won't happen overnight", "cannot build readiness
#: overnight", "did not change overnight".
_OVERNIGHT_IDIOM = re.compile(
    r"(?:\bhappen|\bchange|\btransform|\bdisappear|\bvanish|\balmost|\bnearly|\bvirtually"
    r"|\bpractically|\bseemingly|\bliterally"
    r"|\b(?:not|never|cannot|can't|can’t|won't|won’t|n't|n’t)\b[^.;:!?]{0,30})\s+$",
    re.IGNORECASE,
)


@rule(
    "overnight",
    r"(?P<on>overnight)(?:\s+(?:on\s+)?(?P<nwd>" + WD + r"))?"
    r"|(?:(?P<mod>mid|late|early)[\s-]?)(?P<part>afternoon|morning)"
    r"(?:\s+(?P<rd>today|yesterday|tomorrow)|\s+(?P<wd>" + WD + r"))?",
)
def _overnight(m: re.Match[str], text: str) -> Cand | None:
    recipe: Recipe
    if m.group("nwd") and is_capitalized(m.group("nwd")):
        # "strike for 48 hours starting overnight Sunday": that weekday's night
        recipe = weekday_recipe(m.group("nwd"))
        recipe["time_of_day"] = "NI"
        return cand(m, "TIME", recipe)
    if m.group("on") and m.group("on")[0].isupper() and not sentence_start(text, m.start()):
        return None  # "the Secured Overnight Financing Rate": a name
    if m.group("on") and _OVERNIGHT_NAME.match(text, m.end()):
        return None  # "its key overnight rate", "the overnight lending facility": a name
    if m.group("on") and _OVERNIGHT_IDIOM.search(text, max(0, m.start() - 40), m.start()):
        return None  # "it will not happen overnight": suddenly, no night
    if m.group("on"):
        # the night before: before publication, or in a past clause before the day just told
        # ("closed lower Friday ... depressed by overnight losses in New York": Thursday's)
        recipe = {
            "kind": "shift",
            "unit": "day",
            "count": -1,
            "time_of_day": "NI",
            "base": "prev_past",
        }
        return cand(m, "TIME", recipe)
    if m.group("wd") and is_capitalized(m.group("wd")):
        recipe = weekday_recipe(m.group("wd"))
    elif m.group("rd"):
        recipe = {"kind": "shift", "unit": "day", "count": _DAYWORD[m.group("rd").lower()]}
    else:
        # "On Monday, the Dow plunged in a late-afternoon rout": of the day told in its
        # sentence (else of publication: "Sterling rose by late afternoon")
        recipe = {"kind": "shift", "unit": "day", "count": 0, "base": "prev_day_sentence"}
    recipe["time_of_day"] = _part(m.group("part"))
    return cand(m, "TIME", with_mod(recipe, m.group("mod")))


@rule(
    "early_hours",
    r"the\s+(?:(?:very\s+)?early|small|wee)\s+hours(?!\s+of\b|[\w-])",
    priority=2,
)
def _early_hours(m: re.Match[str], text: str) -> Cand | None:
    """ "fled in the early hours": the small hours of the day just told (or of publication),
    dated as that day, as "the early hours of Wednesday" is (`detect.drop_day_part_prefixes`);
    without a preposition a length ("The early hours were the worst")."""
    if not re.search(
        r"\b(?:in|into|during|until|till|through|since|by)\s+$",
        text[max(0, m.start() - 8) : m.start()],
        re.I,
    ):
        return None
    recipe: Recipe = {"kind": "shift", "unit": "day", "count": 0, "base": "prev_day"}
    return cand(m, "DATE", recipe)


@rule(
    "in_the_part",
    r"(?:in|by|during|through|throughout|until|till|into)\s+(?P<the>the\s+"
    # ("the early evening"; "late afternoon", "early morning" are the next rule's)
    r"(?:(?P<mod>early|late)[\s-]+(?=evening))?(?P<part>morning|afternoon|evening))"
    r"|(?:by|until|till)\s+(?P<bare>(?P<part2>morning|afternoon|evening))\b(?!\s+[a-z])",
    priority=1,
)
def _in_the_part(m: re.Match[str], text: str) -> Cand | None:
    """ "in the morning", "by the afternoon", "in the early evening", "run late into the
    evening", "By evening, crowds had gathered": of the day just mentioned (or of the
    publication day)."""
    recipe: Recipe = {
        "kind": "shift",
        "unit": "day",
        "count": 0,
        "base": "prev_day",
        "time_of_day": _part(m.group("part") or m.group("part2")),
    }
    with_mod(recipe, m.group("mod"))
    start = m.start("the") if m.group("the") else m.start("bare")
    return Cand(start, m.end(), "TIME", recipe)


#: "p.m." (its last dot its own), "pm" (a dot after it ends the sentence: "left at 6pm.")
_AMPM = r"(?P<ap>[ap](?:\.\s?m\b\.?|\s?m\b))"
#: A time zone after a clock time: "EDT", "GMT", "local time", "Alaska Standard Time".
ZONE = (
    r"(?:[ECMP][SD]?T|GMT|UTC|KST|JST|BST|CET|CEST|IST|HKT|SGT|AEST|AEDT|MSK|SAST|WAT|local\s+time"
    r"|(?:Pacific|Eastern|Central|Mountain|Atlantic|Alaska|Hawaii|Newfoundland|Greenwich|Moscow"
    r"|Beijing|Tokyo|Korea|Japan|India|British|(?:Central|Eastern|Western)\s+European"
    # capitals and hubs whose clock news quotes: "at 9:30 a.m. Seoul time (0030 GMT) on Sunday"
    r"|Seoul|Pyongyang|Singapore|Hong\s+Kong|Taipei|Manila|Bangkok|Jakarta|Delhi|Tehran"
    r"|Jerusalem|Cairo|Istanbul|Kyiv|Kiev|Vienna|Berlin|Paris|London|Brussels|Irish|Sydney"
    r"|Dubai|Riyadh|Baghdad|Kabul|Karachi|Islamabad|Mumbai|Shanghai|Hanoi|Tel\s+Aviv"
    r"|New\s+York|Washington|Chicago|Los\s+Angeles|Geneva|Rome|Madrid|Frankfurt|Ankara"
    r"|Nairobi|Lagos|Johannesburg|Melbourne|Auckland|Kuala\s+Lumpur|Mexico\s+City|Brasilia)"
    r"(?:\s+(?:[Ss]tandard|[Dd]aylight|[Ss]ummer|[Mm]ean))?\s+(?:time|Time))\b"
)
_TZ = rf"(?:\s+{ZONE})"
_DAY_AFTER = (
    rf"(?:,?[^\S\n]+(?:on\s+)?(?:(?P<wd>{WD})(?!,?\s+(?:{lx.MONTH_RE})\s+\d|,?\s+\d{{1,2}}\s+(?:{lx.MONTH_RE}))|(?P<rd>today|yesterday|tomorrow|tonight)"
    rf"|(?P<m>{lx.MONTH_RE})\s+(?P<d>[12]\d|3[01]|0?[1-9])\b(?:,\s*(?P<y>(?:1[6-9]|20)\d\d)(?!\d|,\d))?))?"
)


def _with_day(m: re.Match[str], hhmm: str) -> Recipe:
    """A time of day on the day written after it ("Thursday"), or on the day of the context."""
    if m.group("wd") and is_capitalized(m.group("wd")):
        recipe = weekday_recipe(m.group("wd"))
    elif m.group("rd"):
        recipe = {"kind": "shift", "unit": "day", "count": _DAYWORD[m.group("rd").lower()]}
    elif m.group("m") and is_capitalized(m.group("m")):
        recipe = {"kind": "date", "month": lx.month_number(m.group("m")), "day": int(m.group("d"))}
        if m.group("y"):  # "at 4:17 p.m. EDT on July 20, 1969"
            recipe["year"] = int(m.group("y"))
    elif _ZONE_THEN_DAY.match(m.string, m.end()) or (
        m.string[m.start() - 1 : m.start()] == "(" and _ZONE_CLOSED.match(m.string, m.end())
    ):
        # "7 a.m. local time (0500 GMT) on Nov. 24": both times of the day written after
        recipe = {"kind": "shift", "unit": "day", "count": 0, "base": "next_day"}
        recipe["day_after_zone"] = True
    elif _TO_CLOCK.match(m.string, m.end()):
        # "from 1 p.m. to 4 p.m. EDT on Monday": the day the span's end names, if it names one
        recipe = {"kind": "shift", "unit": "day", "count": 0, "base": "next_day"}
        recipe["day_of_span_end"] = True
    elif _DAY_NAMED_AFTER.match(m.string, m.end()):
        # "will close at 1 p.m. on New Year's Eve", "at 10 a.m. next Wednesday": the day
        # written next, if it is one (else the context's, as below)
        recipe = {"kind": "shift", "unit": "day", "count": 0, "base": "next_day"}
        recipe["day_written_after"] = True
    else:
        recipe = {"kind": "shift", "unit": "day", "count": 0, "base": "prev_day"}
    recipe["time_of_day"] = hhmm
    return recipe


#: A day named right after a time of day, in words `_DAY_AFTER` does not take in: "on New
#: Year's Eve", "on Election Day", "next Wednesday".
#: (on the same line: a day opening the next paragraph is that paragraph's)
_DAY_NAMED_AFTER = re.compile(
    rf",?[^\S\n]+(?:on\s+(?:the\s+)?(?=[A-Z]|\d{{1,2}}\s+(?i:{lx.MONTH_RE})\b)|(?:next|last|this)\s+(?=[A-Z]))"
)


#: The same time in another zone in brackets, then its day: "7 a.m. (0500 GMT) on Nov. 24";
#: and, for the bracketed time itself, the bracket's end before the day.
_ZONE_THEN_DAY = re.compile(r"\s*\((?=[^()\n]*\d)[^()\n]{1,40}\)\s*,?\s*(?:on\s+)?(?=[A-Z0-9])")
#: The end of a span of clock times right after its start: "1 p.m. to 4 p.m. ... on Monday".
_TO_CLOCK = re.compile(
    r"\s*(?:to|until|till|and|[–—-])\s*(?:\d{1,2}(?:[:.]\d\d)?\s*[ap]\.?\s?m\b|[01]?\d:[0-5]\d\b"
    r"|2[0-3]:[0-5]\d\b|noon\b|midnight\b)",
    re.IGNORECASE,
)
_ZONE_CLOSED = re.compile(r"\)\s*,?\s*(?:on\s+)?(?=[A-Z0-9])")


@rule(
    "clock",
    rf"(?P<approx>(?:around|about|approximately|shortly\s+(?:before|after))\s+)?"
    rf"(?P<h>[01]?\d|2[0-3])(?:[:.](?P<mi>[0-5]\d))?\s*(?:{_AMPM}|(?P<oc>o['’]clock))"
    rf"(?:{_TZ})?{_DAY_AFTER}",
    priority=4,
)
def _clock(m: re.Match[str], text: str) -> Cand | None:
    h = int(m.group("h"))
    ap = (m.group("ap") or "").lower().replace(".", "").replace(" ", "")
    if ap and not 1 <= h <= 12:
        return None
    if ap == "pm" and h != 12:
        h += 12
    elif ap == "am" and h == 12:
        h = 0
    recipe = _with_day(m, f"{h:02d}:{m.group('mi') or '00'}")
    if m.group("approx"):
        recipe["mod"] = "APPROX"
    return cand(m, "TIME", recipe)


@rule(
    "clock_span_start",
    rf"(?:from|between)\s+(?P<h1>1[0-2]|0?[1-9])(?:[:.](?P<m1>[0-5]\d))?\s*(?:to|until|till|and|[–-])"
    rf"\s*(?P<h>1[0-2]|0?[1-9])(?:[:.][0-5]\d)?\s*{_AMPM}",
    priority=4,
)
def _clock_span_start(m: re.Match[str], text: str) -> Cand | None:
    """ "from 4 to 8 p.m.": the span's start, its "p.m." written only after the end (the
    morning's when its hour is past the end's: "from 11 to 2 p.m."); of the day the end names
    ("from 4 to 8 p.m. on Friday"), else of the context's, as a bare clock time is."""
    h1, h2 = int(m.group("h1")), int(m.group("h"))
    pm = m.group("ap").lower().startswith("p")
    if pm and h1 <= h2 and h1 != 12:
        h1 += 12
    elif not pm and h1 == 12:
        h1 = 0
    recipe: Recipe = {"kind": "shift", "unit": "day", "count": 0, "base": "next_day"}
    recipe["day_of_span_end"] = True
    recipe["time_of_day"] = f"{h1:02d}:{m.group('m1') or '00'}"
    return Cand(m.start("h1"), m.end("m1") if m.group("m1") else m.end("h1"), "TIME", recipe)


@rule("clock24", rf"(?P<h>[01]\d|2[0-3]):(?P<mi>[0-5]\d){_TZ}{_DAY_AFTER}", priority=4)
def _clock24(m: re.Match[str], text: str) -> Cand | None:
    return cand(m, "TIME", _with_day(m, f"{m.group('h')}:{m.group('mi')}"))


@rule(
    "clock_wire",
    rf"(?P<h>[01]\d|2[0-3])(?P<mi>[0-5]\d)(?:\s+hours)?\s+(?-i:GMT|UTC|IST|HKT|SGT|AEST|AEDT|"
    rf"CEST|CET|BST|EST|EDT|KST|JST|MSK|(?:London|local|Tokyo|Seoul|Beijing|Moscow)\s+time)"
    rf"{_DAY_AFTER}",
    priority=5,
)
def _clock_wire(m: re.Match[str], text: str) -> Cand | None:
    """ "by 0900 GMT", "at 1130 GMT", "at 1345 IST on Friday", "each working day at 1300
    London time": the wire services' four-digit clock before a zone (not the year 1130)."""
    return cand(m, "TIME", _with_day(m, f"{m.group('h')}:{m.group('mi')}"))


#: A word of time before a wire clock written with no zone: "at 0200", "by 1930 on Thursday".
_AT_WIRE = re.compile(
    r"\b(?:at|by|until|till|before|after|around|about|shortly\s+(?:before|after))\s+$", re.I
)


@rule(
    "clock_wire_bare",
    rf"(?P<h>[01]\d|2[0-3])(?P<mi>[0-5]\d)(?![\w:/-]|[.,]\d){_DAY_AFTER}",
    priority=5,
)
def _clock_wire_bare(m: re.Match[str], text: str) -> Cand | None:
    """ "released without charge at 0200 on Friday", "left port at 1930 on Thursday": the wire
    services' four-digit clock with no zone, after a word of time and either written with its
    leading zero (no year is) or followed by its day ("at 1930 levels" stays a year's)."""
    if not _AT_WIRE.search(text, max(0, m.start() - 20), m.start()):
        return None
    if not (m.group("h").startswith("0") or m.group("wd") or m.group("rd")):
        return None
    if m.group("wd") and not is_capitalized(m.group("wd")):
        return None
    return cand(m, "TIME", _with_day(m, f"{m.group('h')}:{m.group('mi')}"))


#: A bare "10:30" is a clock time after a preposition of time ("landed at 10:30", "until
#: 17:45"); elsewhere it may be a score, a ratio or a verse.
_AT_CLOCK = re.compile(
    r"(?:\b(?:at|by|until|till|from|before|after|around|about|since|to|between)"
    r"|\d[:.]\d\d\s+and|\d[:.]\d\d\s*[–-])\s*$",
    re.IGNORECASE,
)


@rule(
    "clock_hrs",
    rf"(?P<h>[01]\d|2[0-3])(?P<mi>[0-5]\d)\s?(?P<w>hrs|HRS|hours)\b(?!\s+of\b){_DAY_AFTER}",
    flags=0,
    priority=4,
)
def _clock_hrs(m: re.Match[str], text: str) -> Cand | None:
    """ "at 1400hrs on Monday", "by 0930 hrs": the military and police way of writing a clock
    time ("1400 hours" only after a preposition of time: "logged 1400 hours" is a length)."""
    if m.group("w") == "hours" and not _AT_CLOCK.search(text, max(0, m.start() - 12), m.start()):
        return None
    return cand(m, "TIME", _with_day(m, f"{m.group('h')}:{m.group('mi')}"))


@rule("clock_at", rf"(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?![\d:]){_DAY_AFTER}", priority=3)
def _clock_at(m: re.Match[str], text: str) -> Cand | None:
    if not _AT_CLOCK.search(text, max(0, m.start() - 12), m.start()):
        return None  # (the end of a span too: "between 14:00 and 18:00")
    h = int(m.group("h"))
    if 1 <= h < 12 and _LATE_PART_BEFORE.search(text, max(0, m.start() - 24), m.start()):
        h += 12  # "Tuesday evening at 6:30": the evening's 18:30
    return cand(m, "TIME", _with_day(m, f"{h:02d}:{m.group('mi')}"))


#: An afternoon, evening or night just before a bare clock time: its hours are p.m.
_LATE_PART_BEFORE = re.compile(r"\b(?:afternoon|evening|night|tonight)\s+(?:at\s+)?$", re.I)


@rule("noon", rf"(?P<w>noon|midnight|midday)(?:{_TZ})?{_DAY_AFTER}", priority=3)
def _noon(m: re.Match[str], text: str) -> Cand | None:
    word = m.group("w").lower()
    if m.group("w")[:1].isupper() or text[max(0, m.start() - 5) : m.start()].lower().endswith(
        "high "
    ):
        return None  # "High Noon"
    if word == "midnight" and _AFTER_BEFORE.search(text, max(0, m.start() - 8), m.start()):
        # "shortly after midnight on Sept. 15": the first minutes of that day, not its end
        return cand(m, "TIME", _with_day(m, "00:00"))
    return cand(m, "TIME", _with_day(m, "24:00" if word == "midnight" else "12:00"))


#: "after" just before a time: "shortly after midnight".
_AFTER_BEFORE = re.compile(r"\bafter\s+$", re.IGNORECASE)


#: The ends of daylight and the part of the day each falls in.
_TWILIGHT = {
    "dawn": "MO",
    "daybreak": "MO",
    "sunrise": "MO",
    "first light": "MO",
    "dusk": "EV",
    "sunset": "EV",
    "nightfall": "NI",
}
_TWILIGHT_RE = r"(?P<tw>dawn|daybreak|sunrise|first\s+light|dusk|sunset|nightfall)"


@rule(
    "twilight",
    rf"(?<![\w-]){_TWILIGHT_RE}(?=,?\s+(?:on\s+)?(?:{WD}|today|yesterday|tomorrow)\b){_DAY_AFTER}"
    rf"|(?:(?P<wd2>{WD})|(?P<rd2>today|yesterday|tomorrow))\s+(?:at\s+|before\s+|after\s+)?"
    rf"{_TWILIGHT_RE.replace('tw', 'tw2')}",
    priority=3,
)
def _twilight(m: re.Match[str], text: str) -> Cand | None:
    """ "at dawn on Tuesday", "before dawn Friday", "Sunday at dusk": that day's part of the
    day (dawn in the morning, dusk in the evening). Without a day the word is not dated."""
    said = m.group("tw") or m.group("tw2")
    if is_capitalized(said) and not sentence_start(text, m.start()):
        return None  # "Dawn" in mid-sentence is a name
    word = re.sub(r"\s+", " ", said.lower())
    wd = m.group("wd") or m.group("wd2")
    rd = m.group("rd") or m.group("rd2")
    if wd:
        if not is_capitalized(wd):
            return None
        recipe = weekday_recipe(wd)
    elif rd:
        recipe = {"kind": "shift", "unit": "day", "count": _DAYWORD[rd.lower()]}
    else:
        return None
    recipe["time_of_day"] = _TWILIGHT[word]
    return cand(m, "TIME", recipe)


@rule(
    "weekday_time",
    rf"(?:(?P<wd>{WD})|(?P<rd>today|yesterday|tomorrow))\s+(?:at\s+)?(?P<w>noon|midnight|midday)"
    rf"(?:{_TZ})?",
    priority=4,
)
def _weekday_noon(m: re.Match[str], text: str) -> Cand | None:
    if m.group("wd") and not is_capitalized(m.group("wd")):
        return None
    if m.group("wd"):
        recipe = weekday_recipe(m.group("wd"))
    else:
        recipe = {"kind": "shift", "unit": "day", "count": _DAYWORD[m.group("rd").lower()]}
    recipe["time_of_day"] = "24:00" if m.group("w").lower() == "midnight" else "12:00"
    return cand(m, "TIME", recipe)


#: An hour written as a word, as in "at seven in the morning", "eleven o'clock tonight".
_HOUR_WORDS = {w: n for w, n in lx.UNITS_SMALL.items() if 1 <= n <= 12}
_HOUR = rf"(?P<h>[01]?\d|2[0-3]|{'|'.join(_HOUR_WORDS)})(?:[:.](?P<mi>[0-5]\d))?"
#: A bare hour ("at 8 tonight") is a time only after a word that introduces one.
_AT_BEFORE = re.compile(
    r"\b(?:at|around|about|approximately|by|until|till|before|after|from|since|to|and|between"
    r"|shortly\s+(?:before|after))\s+$",
    re.I,
)
_MONTH_BEFORE = re.compile(rf"\b{lx.MONTH_RE}\s+$", re.I)


def _hour_of(m: re.Match[str], part: str) -> tuple[int, int] | None:
    """The 24-hour clock time of an hour said with a part of the day: "9:30 this morning",
    "10 o'clock tonight" (22:00), "7 in the evening"; None for an impossible one."""
    word = m.group("h").lower()
    h = _HOUR_WORDS[word] if word in _HOUR_WORDS else int(word)
    mi = int(m.group("mi") or 0)
    ap = (m.groupdict().get("ap") or "").lower().replace(".", "").replace(" ", "")
    if ap:
        if not 1 <= h <= 12:
            return None
        if ap == "pm" and h != 12:
            h += 12
        elif ap == "am" and h == 12:
            h = 0
        return h, mi
    if h > 12:
        return h, mi
    if not 1 <= h <= 12:
        return None
    if part == "MO":
        return (0 if h == 12 else h), mi
    if part in ("AF", "EV"):
        return (h if h == 12 else h + 12), mi
    # at night: "10 tonight" is 22:00, "12 tonight" midnight, "2 last night" a small hour
    if h == 12:
        return 24, mi
    return (h + 12 if h >= 6 else h), mi


def _clock_said(m: re.Match[str], text: str) -> bool:
    """Whether the number is written as a clock time: with minutes, a.m./p.m. or o'clock, or
    after a word that introduces a time ("at 8 tonight"; not "fell 9 this morning")."""
    if m.group("mi") or m.groupdict().get("ap") or m.groupdict().get("oc"):
        return True
    return _AT_BEFORE.search(text[max(0, m.start() - 20) : m.start()]) is not None


@rule(
    "clock_part",
    rf"{_HOUR}\s*(?:{_AMPM}|(?P<oc>o['’]clock))?(?:{_TZ})?,?\s+(?:"
    rf"(?P<this>this)\s+{PART}|(?P<tonight>tonight)|(?P<last>last)\s+(?P<lpart>night)"
    rf"|(?P<rd>today|yesterday|tomorrow)\s+(?P<rpart>morning|afternoon|evening|night)"
    rf"|(?:on\s+)?(?P<wd>{WD})\s+(?P<wpart>morning|afternoon|evening|night))",
    priority=5,
)
def _clock_part(m: re.Match[str], text: str) -> Cand | None:
    """A clock time said with its day's part: "9:30 this morning", "10 o'clock tonight",
    "11 p.m. last night", "6:15 yesterday morning", "10:30 on Monday morning" - one TIME,
    the day's date with the time (TIMEX3 writes the time, not the part, when both are said)."""
    if not _clock_said(m, text):
        return None
    word = m.group("part") or m.group("lpart") or m.group("rpart") or m.group("wpart")
    part = _part(word or "night")
    hm = _hour_of(m, part)
    if hm is None:
        return None
    h, mi = hm
    small = part == "NI" and h < 6  # "2 a.m. last night": the small hours after that night
    if m.group("wd"):
        if not is_capitalized(m.group("wd")) or small:
            return None
        recipe = weekday_recipe(m.group("wd"))
    else:
        n = -1 if m.group("last") else 0
        if m.group("rd"):
            n = _DAYWORD[m.group("rd").lower()]
        recipe = {"kind": "shift", "unit": "day", "count": n + (1 if small else 0)}
    recipe["time_of_day"] = "24:00" if h == 24 else f"{h:02d}:{mi:02d}"
    return cand(m, "TIME", recipe)


@rule(
    "in_the_morning",
    rf"{_HOUR}(?:\s*o['’]clock)?\s+in\s+the\s+(?P<part>morning|afternoon|evening){_DAY_AFTER}",
    priority=4,
)
def _in_the_morning(m: re.Match[str], text: str) -> Cand | None:
    """ "7 in the evening", "seven in the morning", "3 o'clock in the afternoon", "3 in the
    afternoon on Friday"; not the
    day of a date ("on March 7 in the evening": March 7, then its evening)."""
    if _MONTH_BEFORE.search(text[max(0, m.start() - 12) : m.start()]):
        return None
    hm = _hour_of(m, _part(m.group("part")))
    if hm is None or (m.group("h").isdigit() and int(m.group("h")) > 12):
        return None
    h, mi = hm
    return cand(m, "TIME", _with_day(m, f"{h:02d}:{mi:02d}"))


@rule(
    "parts_of_days",
    r"(?:(?<=\bin\s)the\s+(?P<p>mornings|afternoons|evenings)"
    r"|(?P<wd>weekday|weeknight|weekend)\s+(?P<p2>mornings|afternoons|evenings|nights)"
    r"|(?P<wn>weeknights))\b",
    priority=3,
)
def _parts_of_days(m: re.Match[str], text: str) -> Cand | None:
    """ "read in the evenings", "busiest in the afternoons": that part of any day, a set
    (XXXX-XX-XXTEV); "on weeknights", "weekday mornings": that part of the weekdays
    (XXXX-WXX-WDTNI), as "on weekdays" is XXXX-WXX-WD."""
    if m.group("wn"):
        return cand(m, "SET", {"kind": "set", "value": "XXXX-WXX-WDTNI"})
    part = _part((m.group("p") or m.group("p2"))[:-1])
    days = {"weekday": "XXXX-WXX-WD", "weeknight": "XXXX-WXX-WD", "weekend": "XXXX-WXX-WE"}
    prefix = days.get((m.group("wd") or "").lower(), "XXXX-XX-XX")
    return cand(m, "SET", {"kind": "set", "value": f"{prefix}T{part}"})


@rule(
    "part_of_trading",
    r"(?<=\bin\s)(?:(?P<mod>early|late|mid)[\s-]?)?(?P<part>morning|afternoon|evening)"
    r"(?=\s+(?:trading|trade|dealings|deals|session)\b)",
    priority=3,
)
def _part_of_trading(m: re.Match[str], text: str) -> Cand | None:
    """ "dropped below $27 in afternoon trading", "in early morning trade on Tuesday": that
    part of the day told in its sentence (else of publication), as "in the afternoon" is."""
    recipe: Recipe = {"kind": "shift", "unit": "day", "count": 0, "base": "prev_day_sentence"}
    if _TRADING_ON_DAY.match(text, m.end()):
        recipe["base"] = "next_day"  # "in early morning trade on Tuesday": Tuesday's
        recipe["day_written_after"] = True
    recipe["time_of_day"] = _part(m.group("part"))
    return cand(m, "TIME", with_mod(recipe, m.group("mod")))


_TRADING_ON_DAY = re.compile(r"\s+(?:trading|trade|dealings|deals|session)\s+on\s+(?=[A-Z])")
