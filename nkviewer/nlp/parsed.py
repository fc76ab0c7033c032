"""The result of parsing one document: everything event building needs, without spaCy.

A `ParsedDocument` is what the cache stores. Event building (`nkviewer.events.build`) turns it
plus an anchor date into event records; it needs neither spaCy nor the network.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from nkviewer.ingest.document import Document
from nkviewer.nlp.timex.types import TimexMention

#: Bump when the parse output changes in a way that invalidates cached documents
#: (3: the timex recipes' readable field names, `timex.types.TimexRecipe`; 4: weekdays in
#: quoted titles and parts of a day before a day dropped, tense cues past abbreviations;
#: 5: modal perfects, same-form pasts and present copulas of a noun in the parsed tense;
#: 6: a day right after a reporting verb takes that verb's tense; 7: a day after the object
#: of a verb of arranging, "were planning to", is ahead; 8: outlets named with a weekday, "Fox
#: News Sunday", are no date; a fronted day takes its main verb's past, "On Friday, X planned";
#: 9: "could" with a negative subject, a day before its verb's "that", "-ed" adjectives;
#: 10: "called for" looks ahead only for a happening, "called for protests", not "for calm";
#: 11: a line without a sentence end is one sentence, title-case headlines parsed in sentence
#: case; 12: a headline's "to"-future, "Mayor to open bridge Saturday", is future; a title-case
#: headline right above a hard-wrapped lead is a sentence of its own; 13: only headlines are
#: parsed in sentence case, titles and names spelled as written; 14: of "go" only "be going
#: to" plans, "went to open on Monday" is past; 15: a sentence-case headline right above a
#: hard-wrapped lead is a sentence of its own; 16: a plan told in the past and not carried
#: out, "was going to sign on Monday, but ...", is marked `unrealised`, and a title keeps a
#: perfect infinitive's "have", "Treaty to have been signed"; 17: in a past clause "the next
#: year", "the end of the month", "later in the year", "the following spring" and "a year
#: earlier", "for the week" count from the date just told, a day after "ended" or "since" lies
#: behind, a fronted date takes its main verb's tense, what is "agreed to" lies ahead; without
#: the parser a date right after its past verb sets the story's time; 18: "last February"
#: written in March is a year before, "today is the eighth day of" names the day of writing;
#: without the parser a past verb, its object, then the date puts the date behind; in a past
#: clause "overnight" is the night before the day just told; a "would" reported by a past
#: verb, "said the delegation would travel in February", does not look ahead of publication;
#: a sentence-case headline wrapped over two lines above a hard-wrapped lead is its own sentence;
#: 19: a clock time with its day's part, "9:30 this morning", "10 o'clock tonight", is one TIME
#: of that day at that time; "March 7 in the evening" is no 7 p.m.; "Saturday nights",
#: "Monday and Wednesday mornings", "on weekends", "every weekend" are TIMEX3 sets; without
#: the parser a decimal point ends no clause and an "-ed" word after an amount or in a modal's
#: object is no past verb, "will redeem 4.5 million preferred shares in November"; "the last
#: week of February" is that ISO week, not "last week"; "the summer of last year" one season;
#: 20: "paid quarterly" is a SET of P3M, "at dawn on Tuesday" that day's morning, "the night
#: before" the night of the day before the story's day, and "one Friday in May" no date;
#: 21: "a Friday" is the value-only DATE XXXX-WXX-5 (recipe kind "value"), "annual" before its
#: noun no SET, "the day before he had flown" the story's day before, "the week before the
#: election" no date, "the second half of the year" and "the start of the year" one mention,
#: "Christmas week" the ISO week that holds the day, "three and a half months" P3M15D,
#: "the past three summers" a SET of summers, not "the past"; "In the years that followed"
#: a vague length, as it was mid-sentence; "the first of May" that day;
#: 22: "during the 90s", "the early 80s" decades without their apostrophe; a quarter or half
#: of an earlier year's story takes the story's year; "the second half of the month";
#: "this year as last" dates "last"; "a high for the year of $42" dates "the year";
#: 23: a date counted back in the past perfect, "The day before, engineers had inspected it",
#: is a flashback that does not move the story on; "later that year", "the same month" are
#: the story's date for what follows; a chain of story-relative dates too deep to keep keeps
#: the unit it comes to instead of counting its far end from publication; a bare month after
#: a story day moves forward from it, back in the past perfect (`flashback`); a main verb
#: joined to the first dates the story too; 24: "the second Thursday of next month", "the last
#: Saturday of May 2024" are that day; "the end of the decade" is the decade told of; a
#: decade or century names its own years, anchor "explicit"; 25: a date counted from the
#: story's own carries the story on; a coarser story date is counted from, uncertain; 26:
#: a holiday takes its clause's tense and a story's year; "this Tuesday" in a past clause;
#: 27: names are no dates, "the 1700s" a century, "Easter Monday", "at 10:30", "the next
#: morning" without a comma; chains of parts of days merge; 28: "Friday, March 3" takes the
#: year of its weekday, "12 and 13 January", "the October-December quarter"; a time in a past
#: clause does not take a future clause's day; 29: a timetable in the simple present, "The
#: trial starts in May", lies ahead; 30: "Oct." ends no sentence; "the day after Christmas";
#: 31: "scheduled for the 18th", a bare day of the month; 32: "3rd February this year",
#: "March 3 in 2019", "PT", "the coming weekend", "last winter" in January, "a year earlier"
#: after "last year"; 33: "overnight Sunday", a second verb's shared auxiliary, "ahead of
#: Thursday's"; 34: a past clause's range of months, joined months, rates with a counted
#: noun, "the Easter weekend", a longer reporting clause, a habit is no timetable; 35: "the
#: same evening", "the end of the year" in a past clause written in January; 36: only when
#: told of no date ("late this month" stays this month); 37: "within the next two weeks" a
#: TIMEX3 length, directives and reported plans look ahead, a day a past verb happened on lies
#: before publication and one in a "will" clause after it, "seventy years ago today", "last
#: Christmas", "ten years on", "by 0900 GMT", "in the new year", "by mid-century", "that
#: October", a limit ("by 2030") is no story date, a year named by the noun a clause describes;
#: 38: the twelfth pass - a clock time with the same time in another zone bracketed takes
#: the day written after the bracket, spans of clock times, habits as SETs of any year's, a
#: fronted "Last year," frames its sentence, forecasts look ahead, BC years, more holidays;
#: 39: the thirteenth pass - festivals of other calendars dated, live-blog entry headings of
#: the blog's day, weekday spans in order, "when" clauses, BC years, "the week to April 17";
#: 40: the fourteenth pass - timeline entries in order, a clock time's day from its own or
#: the previous paragraph or the lead, a timetable's day of a month ahead, possessive days
#: still to come, Juche years, "the 30th of last month", "1400hrs", "FY2021"; 41: the
#: fifteenth pass - "that year" of a year naming a thing or written far back, days of a story,
#: clock times through a zone or before "the next morning", more named days, monthly sets;
#: 42: the sixteenth pass - expectations and plans in the simple past, habits' clock times,
#: week schedules under weekday headings, holiday weekends, futures months, listed days, and
#: a schedule's dated entries kept by the scrape cleaner; 43: the seventeenth pass - "Saturday
#: week", "a fortnight ago", "until" after a past stretch, expectations without an infinitive,
#: bare lengths in lists, wire clocks with no zone, days declared for mourning, a clock time's
#: day later in its clause, headline lengths read as written, datelines with no city).
PARSE_FORMAT = 43


@dataclass(frozen=True, slots=True)
class SentenceSpan:
    start: int
    end: int
    junk: bool = False  # inside scraped boilerplate: no events, no entities


@dataclass(frozen=True, slots=True)
class EntitySpan:
    """A recognised entity mention, resolved to its canonical entity.

    `label` is spaCy's (PERSON, NORP, ORG, GPE, LOC, FAC, EVENT); `kind` is ours
    (person, country, organisation, place, event); `country` is the side it belongs to, if known.
    """

    start: int
    end: int
    text: str
    label: str
    canonical: str
    kind: str = ""
    country: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Candidate:
    """One (sentence, temporal expression) pair that may become an event.

    Everything here is computed from the parse and does not depend on the anchor date.
    """

    timex: int  # index into ParsedDocument.timexes
    sentence: int  # index into ParsedDocument.sentences
    title: str
    actors: list[str] = field(default_factory=list)  # canonical names, leading actor first
    places: list[str] = field(default_factory=list)
    entities: list[int] = field(default_factory=list)  # indices into ParsedDocument.entities
    lane: str = ""
    expected_cue: str = ""  # e.g. "will", "expected", "invited", "planned"; "" when none
    tense: str = ""  # tense of the governing clause: past/present/future
    reported_by: list[str] = field(default_factory=list)  # outlets, spokespeople: not actors
    dateline: bool = False  # dated by the wire dateline before its sentence
    #: planned, and as the sentence tells it not carried out ("was going to sign on Monday,
    #: but ..."): expected, whatever its day (`events.build.modality`)
    unrealised: bool = False


@dataclass(slots=True)
class ParsedDocument:
    document: Document
    sentences: list[SentenceSpan] = field(default_factory=list)
    entities: list[EntitySpan] = field(default_factory=list)
    timexes: list[TimexMention] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    model: str = ""  # pipeline name and version, e.g. "en_core_web_sm-3.8.0"

    def to_json(self) -> dict[str, Any]:
        return {
            "format": PARSE_FORMAT,
            "document": self.document.to_json(),
            "sentences": [asdict(s) for s in self.sentences],
            "entities": [asdict(e) for e in self.entities],
            "timexes": [t.to_json() for t in self.timexes],
            "candidates": [asdict(c) for c in self.candidates],
            "model": self.model,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ParsedDocument:
        if data.get("format") != PARSE_FORMAT:
            raise ValueError(f"parse format {data.get('format')!r}, expected {PARSE_FORMAT}")
        return cls(
            document=Document.from_json(data["document"]),
            sentences=[SentenceSpan(**s) for s in data["sentences"]],
            entities=[EntitySpan(**e) for e in data["entities"]],
            timexes=[TimexMention.from_json(t) for t in data["timexes"]],
            candidates=[Candidate(**c) for c in data["candidates"]],
            model=data.get("model", ""),
        )
