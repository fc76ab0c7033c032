"""Narrative reference time: the time a stretch of the story is talking about.

News is not told from the publication date alone. "In 2012, he moved to Berlin. In July, he
married." speaks of July 2012, not of the July nearest the publication. While detecting (no
anchor is known yet), each paragraph keeps its story time: the last absolute date that opens
a sentence in it ("In 2012, ...", "On March 3, 2012, ...") or, with a parse, dates its
sentence's main verb in the past ("He moved to Berlin in 2012."); a year elsewhere in a
sentence, "since 1980", "the 1988 accord", is background, not the frame of what follows. A
bare month, season or day of the month, or a weekday, found after it in the same paragraph
gets that date's recipe as its `narrative`; the resolver then decides whether the story time
applies (`resolve._story`): only when it lies in another year than the publication and on
the side of it the clause's tense points to (a past clause in a story about 2012; never a
future one). A story known to its season, month or day moves forward, as a story told in the
simple past does ("On Aug. 5, 2012, ... In March" is March 2013); one in a past-perfect clause
(`flashback`, set by the detector) looks back.

The story time is dropped the way a reader drops it:
- at a paragraph break (a blank line; a line break where the text has no blank lines);
- when a quotation opens after it: the speaker talks from the day they speak;
- at an expression counted from publication ("yesterday", "last week", "this year", "now")
  or a clause in the present or future tense with a date of its own: the story is back to
  the present;
- when the story moves on by years ("the following year", "two years later"): which year a
  later "in December" means is no longer clear, so it counts from publication again;
- at the next absolute date opening a sentence, which replaces it.

Story-relative expressions ("that year", "the same day", "a month later", "the next day",
"earlier that day") count from the mention just before them (`detect.link_context`), which
then is the story's own time: "In July, ... That year" is 2012.

A quotation speaks from the day it was spoken: in "'I meet him tomorrow,' Trump tweeted on
Thursday" tomorrow is Friday, whatever day the article came out. `speech_day` finds, for a
"tomorrow", "today", "next week" or bare weekday inside quotation marks, the day its
reporting clause gives, right outside the quote in the same sentence.
"""

from __future__ import annotations

import bisect
import copy
import re
from collections.abc import Collection
from itertools import pairwise
from typing import Any

from nkviewer.nlp.timex.calendar import SEASON_START
from nkviewer.nlp.timex.types import TimexMention, TimexRecipe

#: "since" a bare date in a present-perfect clause: the stretch up to now ("the club have
#: taken eight points since early October").
_SINCE_NOW = re.compile(
    r"\b(?:has|have|hasn['’]t|haven['’]t|['’]ve)\b[^.;!?\"“”]*\bsince\s+(?:(?:early|late|mid)[\s-]+)?$",
    re.IGNORECASE,
)
#: A date followed by a clause telling what happened then: "since 1996, when musicians struck
#: for five weeks in the fall" (the fall of 1996); group `w` is the "when".
WHEN_CLAUSE = re.compile(r",\s+(?P<w>when)\b", re.IGNORECASE)
_PARAGRAPH = re.compile(r"\n[ \t\r\f\v]*\n")
_LINE = re.compile(r"\n")
#: Quotation marks, with the wire services' plain-text pairs "``" and "''" (AP, NYT feeds).
_QUOTE = re.compile(r"[\"“”]|``|''")
_SENTENCE_START = re.compile(r"(?:^|[.!?][\"”’')]*\s+|\n)(?:[\"“(]|``)*\s*", re.M)
_FRONT = re.compile(
    r"(?:(?:and|but|then|so|yet|also)\s+)?(?:(?:back|early|late|earlier|later|sometime|only)\s+)?"
    r"(?:(?:in|on|during|by|throughout|from)\s+(?:the\s+)?)?",
    re.IGNORECASE,
)


def paragraph_starts(text: str) -> list[int]:
    """Start offsets of the paragraphs: blank-line separated, or one a line when the text has
    no blank line at all (one paragraph a line is how most scraped articles come)."""
    pattern = _PARAGRAPH if _PARAGRAPH.search(text) else _LINE
    return [0] + [m.end() for m in pattern.finditer(text)]


def fronted(text: str, start: int) -> bool:
    """The expression opens its sentence, alone or after a preposition ("In 2012, he ...",
    "On March 3, 2012, ...", "But in 2012 ..."): the frame of what follows, not the date of a
    noun or the start of a period ("since 1980", "the 1988 ceasefire", "than in 1987")."""
    lo = max(0, start - 48)
    heads = [m.end() for m in _SENTENCE_START.finditer(text, lo, start) if m.end() <= start]
    if not heads:
        return False
    return _FRONT.fullmatch(text, heads[-1], start) is not None


def is_absolute(m: TimexMention) -> bool:
    """A year, a month or a day of a given year (not a decade, a century, a range, a week)."""
    r = m.recipe
    return (
        m.type in ("DATE", "TIME")
        and r.get("kind") == "date"
        and r.get("year") is not None
        and r.get("decade") is None
        and r.get("century") is None
        and not r.get("week")
    )


def is_story_time(m: TimexMention, text: str, framed: bool = False) -> bool:
    """An absolute date that sets the story's time: one opening its sentence, or (`framed`,
    read from the parse) the date of its sentence's main verb in the past tense."""
    return is_absolute(m) and (framed or fronted(text, m.start))


def follows_story(m: TimexMention) -> bool:
    """A bare month, season, quarter, half, day of the month or weekday: its year (or week) is
    what the story time can give ("In 2012, ... in the second half of the year": 2012's)."""
    r = m.recipe
    if m.type not in ("DATE", "TIME"):
        return False
    if r.get("kind") == "weekday":
        return r.get("direction") is None and not r.get("base")
    return _yearless_date(r) and bool(
        r.get("month")
        or r.get("season")
        or r.get("quarter")
        or r.get("half")
        or r.get("holiday")
        or r.get("day")  # "on the 18th": of the story's month
    )


def _yearless_date(r: TimexRecipe) -> bool:
    """A date recipe whose year nothing gives: none written, counted or pointed to."""
    return (
        r.get("kind") == "date"
        and r.get("year") is None
        and "year_relative" not in r
        and "direction" not in r
    )


def _follower(m: TimexMention) -> TimexRecipe | None:
    """The recipe that takes the story time, if `m` takes one: its own (`follows_story`), or
    the first end of a range of bare days or months ("In 1955, Congress moved the deadline
    from March 15 to April 15": 1955's; the second end takes the first's year)."""
    if follows_story(m):
        return m.recipe
    r = m.recipe
    start, end = r.get("start"), r.get("end")
    if (
        m.type == "DATE"
        and r.get("kind") == "range"
        and isinstance(start, dict)
        and isinstance(end, dict)
        and all(_yearless_date(e) and e.get("month") for e in (start, end))
    ):
        return start
    return None


#: Between a bare month and the year of its own noun phrase: "a December night in 2019", "the
#: June vote of 2016", "a cold January morning in 1985".
_OWN_YEAR_GAP = re.compile(r"\s+(?:[a-z]+\s+){1,2}(?:in|of)\s+$")


def link_own_year(mentions: list[TimexMention], text: str) -> None:
    """A bare month or season naming a noun whose year follows ("on a December night in 2019"):
    that year is its story time, however the paragraph runs."""
    for m, nxt in pairwise(mentions):
        r = m.recipe
        if m.type == "DATE" and r.get("kind") == "range" and _of_year_named(nxt, m, text):
            # "from March to June of that year": both months that year's
            for end in (r.get("start"), r.get("end")):
                if isinstance(end, dict) and end.get("month") and end.get("year") is None:
                    end["narrative"] = story_recipe(nxt)
            continue
        if m.type != "DATE" or r.get("kind") != "date" or not follows_story(m):
            continue
        if r.get("day"):
            continue
        n = nxt.recipe
        if _of_year_named(nxt, m, text):
            # "in June of that year", "in March of the following year", "in December that
            # year": that year's month
            r["narrative"] = story_recipe(nxt)
            continue
        if not is_absolute(nxt) or n.get("month"):
            continue
        if _OWN_YEAR_GAP.fullmatch(text, m.end, nxt.start):
            r["narrative"] = story_recipe(nxt)
    for m, nxt in reversed(list(pairwise(mentions))):
        # "in May and June of that year", "from March to June of that year": the months
        # listed before one of a year are of that year too
        if (
            _bare_month(m)
            and _bare_month(nxt)
            and "narrative" not in m.recipe
            and "narrative" in nxt.recipe
            and _LISTED.fullmatch(text, m.end, nxt.start)
        ):
            m.recipe["narrative"] = copy.deepcopy(nxt.recipe["narrative"])


#: Between two months of one list or span: "May and June", "March to June", "May, June".
_LISTED = re.compile(r"\s*(?:,|,?\s+(?:and|or|to|through|until|till)|[-–])\s*")


def _bare_month(m: TimexMention) -> bool:
    """A month, season or part of a year with no year and no day of its own."""
    r = m.recipe
    return m.type == "DATE" and r.get("kind") == "date" and not r.get("day") and follows_story(m)


def _of_year_named(year: TimexMention, m: TimexMention, text: str) -> bool:
    """`year` is a year counted from the story's ("that year", "the following year") that
    qualifies `m` right before it ("June of that year", "December that year")."""
    n = year.recipe
    return (
        n.get("kind") == "shift"
        and n.get("unit") == "year"
        and isinstance(n.get("base"), dict)
        and re.fullmatch(r"\s+(?:of\s+)?", text[m.end : year.start]) is not None
    )


def _year_frame(m: TimexMention, text: str) -> bool:
    """A year counted from publication opening its sentence ("Last year, ...", "Two years
    ago, ...", "Last Christmas, ..."): the frame of that sentence's bare months, as "In 2018,
    ..." is."""
    r = m.recipe
    # ("Last Christmas, a similar programme overran into Dec. 27": that Christmas's year)
    directed = r.get("kind") == "date" and bool(r.get("direction")) and r.get("year") is None
    return (
        m.type == "DATE"
        and (
            directed
            or (
                r.get("kind") == "shift"
                and r.get("unit") == "year"
                and bool(r.get("count"))
                and not r.get("base")
                and not r.get("granularity")
                and not r.get("topic")  # "In the year-ago quarter, ...": a report's period
                and not r.get("keep_granularity")
            )
        )
        and fronted(text, m.start)
    )


def _back_to_present(m: TimexMention) -> bool:
    """An expression counted from publication ("yesterday", "last week", "now"), or a dated
    clause in the present or future tense: the story is told from its own day again."""
    r = m.recipe
    if m.type not in ("DATE", "TIME"):
        return False
    if r.get("kind") == "ref":
        return r.get("value") == "PRESENT_REF"
    if r.get("kind") in ("shift", "window") and not r.get("base"):
        return True
    if r.get("year_relative") is not None:
        return True  # "In April of this year, ...": a year counted from publication again
    if _moves_by_years(m):
        return True  # "the following year", "two years later": the story has left its year
    return m.tense in ("present", "future") and r.get("kind") in ("date", "weekday")


def told_of_story(m: TimexMention) -> bool:
    """A date counted from the story's own ("the following year", "that summer", "two days
    later", once `detect.link_context` has linked it): the story's time from then on ("The
    following year the two sides agreed to talks. The first round was held in October.")."""
    r = m.recipe
    base = r.get("base")
    return (
        m.type in ("DATE", "TIME")
        and r.get("kind") in ("date", "shift")
        and isinstance(base, dict)
        and bool(base.get("earlier_mention"))
        and not r.get("keep_granularity")  # "a year earlier" than a report's quarter
        and not _moves_by_years(m)
    )


def _moves_by_years(m: TimexMention) -> bool:
    """ "the following year", "two years later": the story moves on by years, and which year a
    later "in December" means is no longer clear (AQUAINT's annotators took the December
    nearest the publication): it counts from publication again."""
    r = m.recipe
    return r.get("kind") == "shift" and r.get("unit") in ("year", "decade") and bool(r.get("count"))


#: Before and after the date heading an entry of a timeline or a key-dates box: the line's
#: start (a bullet at most), then a dash or a colon ("Jan. 21 — The U.S. confirms its first
#: case", "2006 - North Korea conducts ...", "• March 2020: ...").
_ENTRY_BEFORE = re.compile(r"[ \t]*(?:[•*·▪-][ \t]+)?")
_ENTRY_AFTER = re.compile(r"[ \t]*(?:[—–]|--?(?=[ \t])|:(?!\d))")


def _entry_date(m: TimexMention) -> TimexRecipe | None:
    """The date recipe of a timeline entry's heading (a range's first end), if it has one of
    the calendar: a year, a month, a season, a day of a month."""
    r = m.recipe
    first = r.get("start") if r.get("kind") == "range" else r
    if m.type != "DATE" or not isinstance(first, dict) or first.get("kind") != "date":
        return None
    if not (first.get("month") or first.get("year") or first.get("season")):
        return None
    if first.get("holiday") or first.get("decade") is not None or first.get("century"):
        return None
    return first


def timeline_entries(mentions: list[TimexMention], text: str) -> list[int]:
    """The mentions heading the entries of a timeline or a key-dates box: a date opening its
    line and followed by a dash or a colon, at least three of them in the text (one or two
    such lines are no list)."""
    found = []
    for i, m in enumerate(mentions):
        if _entry_date(m) is None:
            continue
        line = text.rfind("\n", 0, m.start) + 1
        if _ENTRY_BEFORE.fullmatch(text, line, m.start) and _ENTRY_AFTER.match(text, m.end):
            found.append(i)
    return found if len(found) >= 3 else []


#: How many months back (or on, in a list running backwards) the next entry's month must lie
#: for the list to have passed into another year.
_WRAP = 6


def _calendar_key(r: TimexRecipe) -> tuple[int, int]:
    """Where a date falls within its year, to tell the order of two entries."""
    month = r.get("month") or (SEASON_START.get(str(r.get("season"))) if r.get("season") else 0)
    return int(month or 0), int(r.get("day") or 0)


def _runs_backwards(dates: list[TimexRecipe]) -> bool:
    """The entries run from the latest to the earliest: more of their steps go back than on,
    counting the years they give and the steps of less than half a year between months."""
    votes = 0
    for a, b in pairwise(dates):
        if a.get("year") and b.get("year") and a["year"] != b["year"]:
            votes += 1 if b["year"] > a["year"] else -1
            continue
        (ma, da), (mb, db) = _calendar_key(a), _calendar_key(b)
        if ma and mb and abs(mb - ma) < _WRAP and (ma, da) != (mb, db):
            votes += 1 if (mb, db) > (ma, da) else -1
    return votes < 0


def link_timeline(mentions: list[TimexMention], entries: list[int]) -> None:
    """A timeline's entries follow one another in time: an entry without a year ("Jan. 21 —
    The U.S. confirms its first case", under "Jan. 11, 2020 — ...") lies in order after the
    one before it (before it, when the entries that give years run backwards), whatever its
    historical present says; the first takes the year of a date told before the list ("Key
    dates in the 2024 race"). Such an entry is given its year (`year`, marked `entry`: a
    year told by the story, not by the words), and no tense: the present of a timeline is a
    historical one, which says nothing of when the entry lies."""
    if not entries:
        return
    back = _runs_backwards([_entry_date(mentions[i]) or {} for i in entries])
    before = next((m for m in reversed(mentions[: entries[0]]) if is_absolute(m)), None)
    year: int | None = int(before.recipe["year"]) if before is not None else None
    last = (0, 0)
    for i in entries:
        first = _entry_date(mentions[i])
        assert first is not None
        key = _calendar_key(first)
        if first.get("year") is not None:
            year = int(first["year"])
        elif year is not None:
            if key[0] and last[0] and abs(key[0] - last[0]) >= _WRAP and (key < last) != back:
                # "Dec. 14 — ..." then "Feb. 2 —": the next year (but "March 5 —" then
                # "March 4 —" is a list a little out of order)
                year += -1 if back else 1
            first["year"] = year
            first["entry"] = True
        if first.get("year") is not None:
            mentions[i].tense = None  # its present is historical: it tells nothing of the time
        if key[0]:
            last = key


def link_story_time(
    mentions: list[TimexMention],
    text: str,
    frames: Collection[int] = (),
    flashbacks: Collection[int] = (),
    bounds: list[int] | None = None,
    entries: Collection[int] = (),
) -> None:
    """Give the bare months, seasons and weekdays of a paragraph its story time (`narrative`).
    `frames`: indices of the mentions that date their sentence's main verb (from the parse);
    `flashbacks`: those counted back in the past perfect, which do not move the story on;
    `bounds`: the sentences' start offsets, where a fronted "Last year," stops framing;
    `entries`: the headings of a timeline's entries (`timeline_entries`), each the time of its
    entry, told in the past or in a historical present ("Jan. 21 — The U.S. confirms its first
    case"). Run again after `detect.link_context`, a date counted from the story's own becomes
    its time."""
    starts = paragraph_starts(text)
    quotes = [q.start() for q in _QUOTE.finditer(text)]
    para = 0
    story: TimexMention | None = None
    until = len(text)  # where the story time stops holding (a year counted from publication)
    ahead = False  # the story time is a year ahead framing its sentence ("Next year, ...")
    entry = False  # the story time heads a timeline's entry
    for i, m in enumerate(mentions):
        while para + 1 < len(starts) and starts[para + 1] <= m.start:
            para += 1
            story = None
        if story is not None:
            q = bisect.bisect_left(quotes, story.end)
            if (q < len(quotes) and quotes[q] < m.start) or m.start >= until:
                story = None  # a quotation opened since: the speaker's own time
        if i in entries:
            story, until, ahead, entry = m, len(text), False, True
            continue
        if is_story_time(m, text, i in frames) or (
            # (a story time gone with its sentence, "since 1945, when ...", is taken up
            # again in its paragraph: "The count that year took three weeks")
            (story is not None or _dated_before_in(mentions, i, starts[para]))
            and i not in flashbacks
            and told_of_story(m)
        ):
            story, until, ahead, entry = m, len(text), False, False
            continue
        when = is_absolute(m) and WHEN_CLAUSE.match(text, m.end) is not None
        if bounds is not None and (_year_frame(m, text) or when):
            # "Last year, floods in early July killed 200": that year's July, in its sentence;
            # "Next year, Hanukkah will begin on Dec. 12": next year's December; "since
            # 1996, when musicians struck for five weeks in the fall": 1996's, in its sentence
            step = m.recipe.get("count") or m.recipe.get("direction") or 0
            story, ahead, entry = m, not when and float(step) > 0, False
            k = bisect.bisect_right(bounds, m.start)
            until = bounds[k] if k < len(bounds) else len(text)
            continue
        follower = _follower(m)
        if follower is not None and _SINCE_NOW.search(text, max(0, m.start - 70), m.start):
            continue  # "have not won since Nov. 22": a stretch up to now, not the story's
        if follower is not None:
            if story is not None and entry and m.tense != "future":
                # "Jan. 23 — ... He is ousted in December": that year's ("May 12-14 - ...
                # The draw is held on May 2": of the range's first end)
                follower["narrative"] = story_recipe(story)
                follower["entry"] = True
            elif story is not None and (ahead or m.tense not in ("present", "future")):
                follower["narrative"] = story_recipe(story)
            elif m.tense in ("present", "future"):
                story = None
            continue
        if _back_to_present(m):
            story = None


def _dated_before_in(mentions: list[TimexMention], i: int, start: int) -> bool:
    """A date or time is told before mention `i` from offset `start` (its paragraph's) on."""
    j = i - 1
    while j >= 0 and mentions[j].start >= start:
        if mentions[j].type in ("DATE", "TIME"):
            return True
        j -= 1
    return False


#: Characters between a quotation and the date of the clause that reports it ("," Trump
#: tweeted on Thursday morning", "," Abe told reporters at party headquarters late on
#: Sunday": the date within this of the closing mark, or of the opening).
_SPEECH_WINDOW = 80


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks: curly pairs, or straight marks taken two by two."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for q in _QUOTE.finditer(text):
        mark = q.group()
        if mark in ("“", "``") or (mark == '"' and opened is None):
            opened = q.end()
        elif opened is not None:
            spans.append((opened, q.start()))
            opened = None
    return spans


def _counted_from_now(m: TimexMention) -> bool:
    """ "tomorrow", "today", "next week", "Friday": counted from the day of speaking."""
    r = m.recipe
    if m.type not in ("DATE", "TIME") or r.get("base"):
        return False
    if r.get("kind") == "shift":
        return r.get("unit") in ("day", "week")
    return r.get("kind") == "weekday" and r.get("direction") is None


def speech_day(
    mentions: list[TimexMention], text: str, same_sentence: Any, is_day: Any
) -> dict[int, int]:
    """For each mention counted from now inside a quotation, the index of the mention dating the
    clause that reports the quotation (`same_sentence(i, j)`, `is_day(j)` from the detector)."""
    spans = quoted_spans(text)
    if not spans:
        return {}
    starts = [a for a, _ in spans]
    at = [m.start for m in mentions]  # the detector's mentions are in text order
    longest = max((m.end - m.start for m in mentions), default=0)
    out: dict[int, int] = {}
    for i, m in enumerate(mentions):
        k = bisect.bisect_right(starts, m.start) - 1
        if k < 0 or not (spans[k][0] <= m.start and m.end <= spans[k][1]):
            continue
        if not _counted_from_now(m):
            continue
        lo, hi = spans[k]
        # only the mentions near the quotation's marks: linear in the text, however many quotes
        near = range(
            bisect.bisect_left(at, lo - _SPEECH_WINDOW - longest),
            bisect.bisect_right(at, hi + _SPEECH_WINDOW),
        )
        # a quotation that goes on after its reporting clause ('"...," she said at Friday's
        # preview. "Tomorrow the public sees it."'): that clause, between the two, is its too
        # - unless its own sentence reports it ('"...," she said on Saturday. On Friday, the
        # governor said: "Today ..."': Friday's)
        gap = spans[k - 1][1] if k > 0 and lo - spans[k - 1][1] <= _SPEECH_WINDOW else None
        carried: int | None = None
        for j in near:
            other = mentions[j]
            after = hi < other.start <= hi + _SPEECH_WINDOW
            before = lo - _SPEECH_WINDOW <= other.end < lo
            between = gap is not None and gap < other.start and other.end < lo
            if not (after or before or between) or not is_day(j):
                continue
            if (after or before) and same_sentence(i, j):
                out[i] = j
                break
            if between and carried is None:
                carried = j
        else:
            if carried is not None:
                out[i] = carried
    return out


def story_recipe(m: TimexMention) -> TimexRecipe:
    """The recipe of the story-time mention, as the resolver reads it (with its tense); of a
    range (a timeline's "May 12-14 -"), its first end's."""
    r = copy.deepcopy(m.recipe["start"] if m.recipe.get("kind") == "range" else m.recipe)
    r.pop("parts", None)
    if m.tense:
        r["tense"] = m.tense
    return r
