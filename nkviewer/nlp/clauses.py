"""Event candidates: for each date in a sentence, the happening it dates, or none.

Each temporal expression is attached to the predicate it modifies in the dependency parse: the
verb of its own clause ("the parliament on Friday ratified a treaty"), or the noun it sits in
("a 2010 treaty", "the June 12 meeting with Trump", "Tuesday's declaration"). The title comes
from that predicate with its own subject, object and negation (`nkviewer.nlp.phrases`), the
actors and places from its arguments (`nkviewer.nlp.roles`), plus the cue that makes it expected
("will", "expected", "planned", "possible") and its tense.

A date dates nothing when it is the subject of its clause ("2019 marked the anniversary"), a
bare clock time ("at 3:15 p.m.": the day is the story's), the as-of period of a statistic
("exports totaled $5.8 million in May"), the moment an outlet or a data set reported ("Xinhua
gave few details in its report on Tuesday", "customs data showed Saturday"), or a photo
caption's day of a scene nobody acts in ("flags flutter along a road, Sept. 14"). A reporting
verb is not the happening when an outlet reports: "KCNA said Monday that Kim inspected a
factory" is Kim's inspection, reported by KCNA. A wire dateline's day dates the lead sentence
when that sentence has no date of its own. Everything here is anchor-free; `events.build` adds
the calendar.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from nkviewer.ingest.document import Dateline
from nkviewer.nlp.entities import DocEntities, Mention
from nkviewer.nlp.gazetteer import Gazetteer
from nkviewer.nlp.parsed import Candidate, SentenceSpan
from nkviewer.nlp.phrases import Phrases, words
from nkviewer.nlp.roles import REPORTING, Participants, Roles
from nkviewer.nlp.timex.tense import going_to, headline_future
from nkviewer.nlp.timex.types import TimexMention, TimexRecipe

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

CLAUSE_DEPS = words("advcl relcl acl xcomp ccomp csubj parataxis")
OTHER_LANE = "Other"
MAX_ACTORS = 6

EXPECT_HEADS = words(
    "expect plan schedule invite intend aim prepare hope propose consider due set likely "
    "possible seek want agree promise pledge vow decide arrange announce unveil threaten "
    "ask urge call"
)
EXPECT_ADJ = words(
    "planned possible upcoming proposed expected scheduled potential likely future prospective "
    "anticipated forthcoming"
)
FUTURE_AUX = words("will shall 'll wo")
MODALS = words("would could may might can should must")
_ASCEND = words("xcomp ccomp advcl pcomp prep pobj relcl acl dobj")
#: Dependents of a noun that make a date part of that noun's phrase: "a 2010 treaty",
#: "Tuesday's declaration", "the June 12 meeting".
_NOUN_DATE_DEPS = words("compound nmod amod nummod poss npadvmod")

#: Verbs of a plan whose past ("had planned to", "were due to", "was set to") is an intention
#: as it stood then, not its outcome (lemmas and forms: the small model makes "hoped" "hop").
PLAN_VERBS = words(
    "plan planned planning intend intended hope hoped aim aimed mean meant schedule scheduled "
    "set slate slated expect expected due arrange arranged prepare prepared suppose supposed"
)
#: A past plan that says by its form that it was not carried out: "was supposed to", "was
#: meant to" (and "was to have signed", a perfect infinitive).
UNDONE_PLANS = words("suppose supposed mean meant")
#: Words after a past plan that say it did not happen as planned: "was going to sign on
#: Monday, but ...", "had planned to meet in May. Instead, ...".
CONTRAST_WORDS = words("but however instead yet")
#: Verbs that stop a planned happening: their object did not take place ("averted a strike
#: planned for Monday", "called off Friday's talks", "staved off duties set to start in May").
PREVENT_VERBS = words(
    "cancel scrap postpone delay defer abandon shelve scuttle avert prevent thwart derail "
    "scupper stave suspend"
)
#: Verbs that stop a planned happening with "off": "call off", "put off", "head off".
PREVENT_OFF = words("call put head hold")
PAST_BE = words("was were")

#: What statistics count, and the verbs that give their level or change: an as-of period.
STAT_NOUNS = words(
    "trade volume volumes exports export imports import output production gdp growth inflation "
    "price prices rate rates index sales revenue revenues profit profits deficit surplus "
    "unemployment figure figures number numbers value shipments investment investments "
    "spending debt reserves turnover earnings income exchange yield yields toll tally"
)
STAT_VERBS = words(
    "total stand amount reach rise fall drop plunge increase decrease grow decline jump surge "
    "climb slump shrink expand slide soar tumble dip edge ease fall come hit top average "
    "contract rebound recover"
)
#: What data and outlets do when they report: their moment is not a happening.
DATA_NOUNS = words(
    "data datum figures statistics report reports survey poll polls study census numbers tally "
    "estimate estimates"
)
RELEASE_VERBS = REPORTING | words("give provide unveil issue put carry air broadcast")
#: Verbs of a state or a reference, not a happening: a "when" clause after their date is it.
STATE_VERBS = words(
    "have be seem appear look sound feel remain invoke evoke recall remember mirror echo recreate"
)
#: Common nouns for outlets: "state media said", "the newspaper reported".
MEDIA_NOUNS = words(
    "media medium newspaper newspapers agency broadcaster television outlet press tv"
)  # "medium": the small model's lemma of "media"
#: A photo "taken on January 8" that "shows" a happening dates that happening.
PHOTO_VERBS = words("take shoot capture snap")
PHOTO_NOUNS = words("photo photograph picture image footage video still")
SHOW_VERBS = words("show depict feature capture")
_CLOCK = re.compile(
    r"\d{1,2}(?::\d\d)?\s*(?:[ap]\.?m\b|[ap]\.m\.)|\d{1,2}:\d\d|\b\d{4}\s*(?:GMT|UTC)\b"
    r"|\bnoon\b|\bmidnight\b",
    re.IGNORECASE,
)
_DAY_WORDS = re.compile(
    r"\b(?:today|tonight|yesterday|tomorrow|morning|afternoon|evening|night|day|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    re.IGNORECASE,
)
#: Periods something is counted in: "the third this year", "the first time this month".
_COUNTING_PERIOD = re.compile(
    r"(?:so\s+far\s+)?this\s+(?:year|month|week|season|decade|century)$", re.IGNORECASE
)
#: Lines that are photo captions: "▲ This file photo...", "... (Reuters/Nir Elias)".
_CAPTION = re.compile(
    r"^\s*[▲△►■]|\b(?:file\s+)?photos?\b|\bpictured\b|\(\s*(?:AP|AFP|Reuters|Yonhap|EPA|Getty)\b",
    re.IGNORECASE,
)


class ClauseReader:
    """Reads the clauses of one parsed document (entity lookups shared by all its dates)."""

    def __init__(
        self,
        doc: Doc,
        ents: DocEntities,
        gaz: Gazetteer,
        dated: frozenset[int] = frozenset(),
        *,
        text: str = "",
    ) -> None:
        self.doc = doc
        self.ents = ents
        self.phrases = Phrases(doc, ents, gaz, text=text)  # titles show `text` as written
        self.roles = Roles(doc, ents, self.phrases)
        self.dated = dated  # tokens inside a date or time expression

    # ------------------------------------------------------------------ governing predicate

    def governor(self, span_start: int, span_end: int) -> Token | None:
        """The verb (or noun) the expression at tokens [start, end) dates. A photo's day
        ("This file photo, taken on January 8, 2019, shows Kim shaking hands with Xi") dates
        what the photo shows."""
        gov = self._attached(span_start, span_end)
        if gov is not None and gov.lemma_.lower() in PHOTO_VERBS and gov.dep_ in ("acl", "relcl"):
            shown = self._shown(gov.head)
            if shown is not None:
                return shown
        if gov is not None and gov.lemma_.lower() in STATE_VERBS:
            when = self._when_clause(gov, span_end)
            if when is not None:
                return when
        return gov

    def _when_clause(self, gov: Token, after: int) -> Token | None:
        """ "had an urgent tone on Monday night when he asked negotiators...", "invoke the
        scene 25 years ago ... when Clinton brokered the handshake": the date is the time of
        the clause introduced by "when" right after it, inside `gov`'s phrase."""
        for t in self.doc[after : min(len(self.doc), after + 10)]:
            if t.lower_ != "when" or t.dep_ not in ("advmod", "mark"):
                continue
            verb = t.head
            if verb.pos_ not in ("VERB", "AUX") or any(x.i in self.dated for x in verb.subtree):
                return None
            if any(a.i == gov.i for a in verb.ancestors):
                return verb
            return None
        return None

    def _shown(self, photo: Token) -> Token | None:
        """What a photo noun shows: "(photo) shows [Kim shaking hands]" → shaking."""
        if photo.lemma_.lower() not in PHOTO_NOUNS or photo.dep_ not in ("nsubj", "nsubjpass"):
            return None
        verb = photo.head
        if verb.lemma_.lower() not in SHOW_VERBS:
            return None
        for c in verb.children:
            if c.dep_ in ("ccomp", "xcomp", "advcl") and c.pos_ in ("VERB", "AUX"):
                return c
        for c in verb.children:
            if c.dep_ == "dobj":
                act = next((a for a in c.children if a.dep_ == "acl" and a.pos_ == "VERB"), None)
                return act or c
        return None

    def _inside_noun(self, span: Span, gov: Token) -> bool:
        """The date modifies the noun `gov` from inside its phrase ("next week's elections")."""
        root = span.root
        return (
            gov.pos_ in ("NOUN", "PROPN")
            and root.dep_ in _NOUN_DATE_DEPS
            and root.i < gov.i
            and any(a.i == gov.i for a in root.ancestors)
            and all(a.dep_ == "compound" for a in root.ancestors if a.i < gov.i)
        )

    def _attached(self, span_start: int, span_end: int) -> Token | None:
        t = self.doc[span_start:span_end].root
        if t.dep_ in _NOUN_DATE_DEPS and t.head.pos_ in ("NOUN", "PROPN") and t.i < t.head.i:
            noun = t.head
            while noun.dep_ == "compound" and noun.head.pos_ in ("NOUN", "PROPN"):
                noun = noun.head  # "a 2008 border treaty": the treaty
            if not span_start <= noun.i < span_end and self.ents.at(noun.i) is None:
                # "a 2010 treaty", "Tuesday's declaration": that noun's own happening
                return noun
        for _ in range(16):
            h = t.head
            if h.i == t.i:
                break
            t = h
            if span_start <= t.i < span_end:
                continue
            if t.pos_ == "VERB" or (t.pos_ == "AUX" and t.dep_ not in ("aux", "auxpass")):
                return t
            if self.phrases.is_event_noun(t):
                t = self._nearer_event(span_start, t)
                return self.phrases.light_verb(t) or t
            if self.phrases.phase_of(t) is not None and _reference_point(t):
                # "until the expiry of the truce on June 3": the expiry ("at the end of the
                # summit on Friday, leaders issued a statement" dates the statement)
                return t
        return None if span_start <= t.i < span_end else t

    def _nearer_event(self, span_start: int, noun: Token) -> Token:
        """The event noun right before the date, when the parse hung the date on another one
        ("a summit with Xi ahead of a planned summit late this month": the second summit)."""
        i = span_start - 1
        if i >= 0 and self.doc[i].dep_ == "prep":
            i -= 1
        if i >= 0 and i != noun.i and self.phrases.is_event_noun(self.doc[i]):
            return self.doc[i]
        return noun

    # ------------------------------------------------------------------ what dates nothing

    def dates_nothing(
        self, span: Span, gov: Token, subject: Token | None, caption: bool, bounds: tuple[int, int]
    ) -> bool:
        """True for dates that date no happening (see the module docstring); `bounds`: the
        sentence's tokens."""
        root = span.root
        if root.dep_ in ("nsubj", "nsubjpass", "csubj") and root.head.i == gov.i:
            return True  # "2019 marked the 70th anniversary": a period described
        if _COUNTING_PERIOD.match(span.text) and self._ranked(gov):
            return True  # "became the third Arab state this year": the period counted in
        if self.is_statistic(gov, subject):
            return True
        if self.is_report_moment(gov, subject):
            return True
        return caption and not self._acts(gov, subject, bounds)

    def _ranked(self, gov: Token) -> bool:
        """The clause ranks something: "the third state", "the first time", "the biggest"."""
        for c in gov.children:
            if c.dep_ in ("attr", "dobj", "oprd"):
                for a in c.children:
                    if a.ent_type_ == "ORDINAL" or a.tag_ in ("JJS", "RBS"):
                        return True
        return False

    def is_statistic(self, gov: Token, subject: Token | None) -> bool:
        """ "exports totaled $5.8 million in May", "trade with China plunged in May"."""
        if gov.pos_ not in ("VERB", "AUX") or gov.lemma_.lower() not in STAT_VERBS:
            return False
        if subject is not None and subject.lemma_.lower() in STAT_NOUNS:
            return True
        return any(
            t.ent_type_ in ("MONEY", "PERCENT", "QUANTITY")
            for c in gov.children
            if c.dep_ in ("dobj", "attr", "prep", "npadvmod", "advmod")
            for t in c.subtree
        )

    def is_report_moment(self, gov: Token, subject: Token | None) -> bool:
        """An outlet or a data set reporting, with no happening of its own in the clause:
        "Xinhua gave few details in its report on Tuesday", "customs data showed Saturday".
        A report that is the subject of what it revealed ("a Reuters report published Monday
        unearthed a prospectus") is that revelation, not a moment of reporting."""
        if gov.dep_ == "acl" and gov.head.dep_ in ("nsubj", "nsubjpass"):
            main = gov.head.head
            if main.pos_ in ("VERB", "AUX") and main.lemma_.lower() not in RELEASE_VERBS:
                return False
        if gov.lemma_.lower() not in RELEASE_VERBS:
            if self.phrases.is_event_noun(gov) or gov.lemma_.lower() not in DATA_NOUNS:
                return False
            owner = next((c for c in gov.children if c.dep_ == "poss"), None)
            return owner is not None and self._is_outlet(owner)
        if subject is not None and subject.lemma_.lower() in DATA_NOUNS:
            return True  # "customs data showed Saturday [that trade plunged]"
        inner = [c for c in gov.children if c.dep_ in ("ccomp", "xcomp")]
        if inner:
            # "KCNA said Monday that Kim inspected a factory": the report dates the happening;
            # "KCNA said Sunday that Kim met Putin on Thursday": the happening has its own day
            outlet = subject is not None and self._is_outlet(subject)
            return outlet and any(t.i in self.dated for c in inner for t in c.subtree)
        agent = next(
            (p for c in gov.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"),
            None,
        )
        if agent is not None:  # "released by KCNA on January 10"
            return self._is_outlet(agent)
        if subject is None:
            return False
        return self._is_outlet(subject) or subject.lemma_.lower() in DATA_NOUNS

    def _is_outlet(self, tok: Token) -> bool:
        """A news outlet: named ("KCNA", "Xinhua") or described ("the North's state media")."""
        m = self.ents.at(tok.i)
        if m is None and tok.pos_ == "PRON":
            m = self.phrases.antecedent(tok)
        if m is None:
            return tok.lemma_.lower() in MEDIA_NOUNS or tok.lower_ in MEDIA_NOUNS
        return m.news

    def _acts(self, gov: Token, subject: Token | None, bounds: tuple[int, int]) -> bool:
        """A caption shows a happening when somebody named acts in it or it names an event."""
        actors = self.roles.of(gov, subject, bounds[0], bounds[1], range(0)).actors
        if any(m.kind in ("person", "organisation") for m in actors):
            return True
        return any(self.phrases.is_event_noun(t) for t in gov.subtree)

    # ------------------------------------------------------------------ modality

    def modality(self, gov: Token) -> tuple[str, str]:
        """(expected cue, tense): "will"/"expected"/"planned"...; past/present/future."""
        cue, tense = "", ""
        t = gov
        for depth in range(5):
            for c in t.children:
                low = c.lower_
                if c.dep_ in ("aux", "auxpass") and low in FUTURE_AUX:
                    cue, tense = cue or low, tense or "future"
                elif (c.dep_ == "aux" and low in MODALS) or (
                    c.dep_ in ("amod", "compound") and low in EXPECT_ADJ
                ):
                    cue = cue or low
            if depth > 0 and (t.lemma_.lower() in EXPECT_HEADS or going_to(t)):
                cue = cue or t.lower_  # "went to open", "goes to meet": no plan (`going_to`)
            if (
                t.dep_ == "xcomp"
                and t.head.lemma_ == "be"
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children)
            ):
                cue = cue or "to"  # "the Knesset was to vote Thursday": it was planned
            if depth == 0 and headline_future(t):
                cue, tense = cue or "to", tense or "future"  # "Mayor to open bridge Saturday"
            if not tense and t.pos_ in ("VERB", "AUX"):
                tense = _tense(t)
                if tense == "present" and _temporal_clause(t):
                    tense = ""  # "when Trump sits down for dinner Saturday, ...": the main clause's
            if t.dep_ not in _ASCEND or t.head.i == t.i:
                break
            t = t.head
        return cue, tense

    def unrealised(self, gov: Token, span: Span | None) -> bool:
        """The happening `gov` was planned and, as the sentence tells it, did not take place:
        a plan told in the past that was undone ("was going to sign the deal on Monday, but
        ...", "had planned to meet in May until ...", "was supposed to sail on Tuesday", "was
        to have been signed on Friday"), or a planned happening that something stopped
        ("averted a strike planned for Monday", "called off Monday's talks"). Its day is the
        day it was planned for; what was meant to happen then is an expectation, never a
        happening."""
        plan = self._past_plan(gov)
        if plan is not None:
            head, undone = plan
            return undone or self._contrasted(head)
        return self._prevented(gov, span)

    def _past_plan(self, gov: Token) -> tuple[Token, bool] | None:
        """The head of a plan told in the past above `gov` ("was going to", "had planned to",
        "were due to", "was to", "was supposed to") and whether its form alone says it was
        not carried out; None when `gov` is not the planned happening of such a plan."""
        t = gov
        for _ in range(4):
            if t.dep_ not in ("xcomp", "acomp") or t.head.i == t.i:
                return None
            infinitive = t.dep_ == "xcomp" and any(
                c.dep_ == "aux" and c.tag_ == "TO" for c in t.children
            )
            perfect = infinitive and any(
                c.dep_ == "aux" and c.lower_ in ("have", "'ve") for c in t.children
            )
            head = t.head
            aux = {c.lower_ for c in head.children if c.dep_ in ("aux", "auxpass")}
            past = head.tag_ == "VBD" or bool(aux & (PAST_BE | {"had"}))
            low = {head.lemma_.lower(), head.lower_}
            if infinitive and head.lemma_ == "be" and head.lower_ in PAST_BE:
                return head, perfect  # "the vote was to take place", "was to have been held"
            if infinitive and past and going_to(head):
                return head, perfect  # "was going to sign"
            if infinitive and past and low & PLAN_VERBS and head.pos_ in ("VERB", "ADJ"):
                return head, perfect or (bool(low & UNDONE_PLANS) and bool(aux & PAST_BE))
            if head.lemma_.lower() == "due" and head.dep_ == "acomp":
                be = head.head
                if be.lower_ in PAST_BE or any(c.lower_ == "had" for c in be.children):
                    return head, perfect  # "were due to strike", "had been due to expire"
            if not infinitive and head.dep_ != "acomp":
                return None
            t = head
        return None

    def _contrasted(self, plan: Token) -> bool:
        """The sentence of a past plan goes on to undo it: a "but" / "instead" after the plan,
        a clause "before" / "until" something happened, or a next sentence that opens with
        "But", "However", "Instead", "Yet"."""
        top = plan.head if plan.dep_ == "acomp" else plan  # "were" of "were due to"
        for t in top.subtree:  # the plan's own clause: not "…, officials said, but …"
            if t.i <= plan.i:
                continue
            if t.lower_ in CONTRAST_WORDS and t.dep_ in ("cc", "advmod", "mark", "prep"):
                return True
            if (
                t.lower_ in ("before", "until", "till")
                and t.dep_ == "mark"
                and t.head.tag_ == "VBD"
            ):
                return True  # "were due to strike on Monday before the board raised …"
        # "had planned to meet on Monday; however, the talks collapsed": the parse makes the
        # clause that undoes the plan its head
        after = top.head
        if (
            top.dep_ in ("ccomp", "parataxis")
            and after.i > top.i
            and any(c.lower_ in CONTRAST_WORDS and c.i > top.i for c in after.children)
        ):
            return True
        sent = plan.sent
        nxt = sent.end
        while nxt < len(self.doc) and (self.doc[nxt].is_space or self.doc[nxt].is_punct):
            nxt += 1
        return nxt < len(self.doc) and self.doc[nxt].lower_ in CONTRAST_WORDS

    def _prevented(self, gov: Token, span: Span | None) -> bool:
        """`gov` is a planned happening stopped by the verb it is the object of: "averted a
        strike planned for Monday", "staved off duties set to start in May", "the talks
        scheduled for Friday were called off", "called off Monday's strike"."""
        planned = span is not None and _dates_noun(span, gov)  # "Monday's strike"
        t = gov
        for _ in range(6):
            low = {t.lemma_.lower(), t.lower_}
            if (
                t.pos_ in ("VERB", "ADJ")
                and low & PLAN_VERBS
                and not any(c.dep_ == "prt" for c in t.children)  # "set up", "set out"
            ):
                planned = True  # "planned for Monday", "set to start", "due to open"
            head = t.head
            if head.i == t.i:
                return False
            if t.pos_ in ("NOUN", "PROPN") and planned:
                if t.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
                    t = head.head  # "a round of duties set to start in May"
                    continue
                verb = head.head if head.dep_ == "prt" else head
                if t.dep_ in ("dobj", "oprd", "nsubjpass") or head.dep_ == "prt":
                    return _prevents(verb)
                return False
            if t.dep_ not in ("xcomp", "acl", "relcl", "prep", "pobj", "acomp"):
                return False
            t = head
        return False

    # ------------------------------------------------------------------ one candidate

    def candidate(
        self,
        ti: int,
        si: int,
        span: Span | None,
        sentence: tuple[SentenceSpan, int, int],
        *,
        caption: bool = False,
        gov: Token | None = None,
    ) -> Candidate | None:
        """The candidate for the date at `span` (None: a dateline's day, for `gov`)."""
        _, lo, hi = sentence
        if gov is None and span is not None:
            gov = self.governor(span.start, span.end)
        if gov is None:
            return None  # the date stands alone (a caption's date line): nothing it dates
        skip = range(span.start, span.end) if span is not None else range(0)
        if caption and gov.pos_ not in ("VERB", "AUX"):
            # "Xi enters for the start of the G20 summit in Buenos Aires, Friday, Nov. 30":
            # a caption's date dates what its main verb shows
            root = gov.sent.root
            if root.pos_ == "VERB":
                gov = root
        if _how_to(gov):
            # a "What to watch at COP28 on Tuesday" heading: no one does the watching; the
            # happening it names, if any, is the event ("What to expect from the summit")
            gov = next(
                (t for t in gov.subtree if t.i != gov.i and self.phrases.is_event_noun(t)), None
            )
            if gov is None:
                return None
        own = span is not None and self._inside_noun(span, gov)
        subject = None if own else self.phrases.subject(gov)
        if span is not None and self.dates_nothing(span, gov, subject, caption, (lo, hi)):
            return None
        gov, subject, reported = self._reported_happening(gov, subject)
        gov, subject = self._spoken(gov, subject)
        title = self.phrases.title(gov, subject, skip)
        p = self.roles.of(gov, subject, lo, hi, skip, own=own)
        for m in reported:
            if m not in p.reported_by:
                p.reported_by.append(m)
        p.actors = [m for m in p.actors if m not in p.reported_by]
        cue, tense = self.modality(gov)
        undone = self.unrealised(gov, span)
        return Candidate(
            timex=ti,
            sentence=si,
            title=title,
            actors=_unique(m.canonical for m in p.actors)[:MAX_ACTORS],
            places=_unique(m.canonical for m in p.places),
            entities=[],
            lane=_lane(p),
            expected_cue=cue,
            tense=tense,
            reported_by=_unique(m.canonical for m in p.reported_by),
            unrealised=undone,
        )

    def _spoken(self, gov: Token, subject: Token | None) -> tuple[Token, Token | None]:
        """A quote in the first person ("“We're here this afternoon to change the course of
        history,” Trump said") dates the speaker's statement: the happening is the saying."""
        if subject is None or subject.lower_ not in ("i", "we"):
            return gov, subject
        head = gov.head
        if gov.dep_ in ("ccomp", "parataxis") and head.lemma_.lower() in REPORTING:
            speaker = self.phrases.subject(head)
            if speaker is not None and speaker.lower_ not in ("i", "we"):
                return head, speaker
        return gov, subject

    def _reported_happening(
        self, gov: Token, subject: Token | None
    ) -> tuple[Token, Token | None, list[Mention]]:
        """An outlet's report ("KCNA said Monday that Kim inspected a factory") is the
        happening it reports, by the outlet; a person's or a government's statement stays
        their statement."""
        if gov.lemma_.lower() not in REPORTING or subject is None:
            return gov, subject, []
        speaker = self.roles.names(subject)
        outlet = self._is_outlet(subject) and not speaker
        if not outlet and (not speaker or not all(self.roles.is_reporter(m) for m in speaker)):
            return gov, subject, []
        inner = next(
            (c for c in gov.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")), None
        )
        if inner is None:
            return gov, subject, []
        return inner, self.phrases.subject(inner), speaker


#: Prepositions that make their object a point the clause is measured from, not its setting.
_REFERENCE_PREPS = words("until till before after ahead by")


def _reference_point(noun: Token) -> bool:
    """ "until the end of the truce", "ahead of the expiry of the deal"."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.dep_ != "prep":
        return False
    if prep.lower_ == "of" and prep.head.lower_ == "ahead":
        return True
    return prep.lower_ in _REFERENCE_PREPS


def _how_to(verb: Token) -> bool:
    """A wh-infinitive heading: "What to watch on Tuesday", "How to follow the vote"."""
    return (
        verb.dep_ == "ROOT"
        and verb.tag_ == "VB"
        and any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)
        and any(t.tag_ in ("WP", "WRB") and t.i < verb.i for t in verb.subtree)
    )


def _tense(verb: Token) -> str:
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if aux & FUTURE_AUX:
        return "future"
    tag = verb.tag_
    if tag == "VBD" or aux & {"had", "was", "were", "did"}:
        return "past"
    if tag == "VBN" and aux & {"has", "have"}:
        return "past"
    if tag in ("VBZ", "VBP") or aux & {"is", "are", "am", "has", "have", "does", "do"}:
        return "present"
    return ""


def _dates_noun(span: Span, noun: Token) -> bool:
    """The date at `span` is a modifier inside `noun`'s phrase: "Monday's strike", "the June
    summit", "the May 3 vote"."""
    t = span.root
    if t.dep_ not in _NOUN_DATE_DEPS or noun.pos_ not in ("NOUN", "PROPN") or t.i > noun.i:
        return False
    while t.head.i != noun.i:
        if t.head.i == t.i or t.head.dep_ != "compound":
            return False
        t = t.head
    return True


def _prevents(verb: Token) -> bool:
    """ "cancel", "avert", "postpone" ..., or "call off", "put off": a verb that stops what it
    takes as object."""
    low = verb.lemma_.lower()
    if low in PREVENT_VERBS:
        return True
    return low in PREVENT_OFF and any(c.dep_ == "prt" and c.lower_ == "off" for c in verb.children)


def _temporal_clause(verb: Token) -> bool:
    """ "when/once/after/before/until X happens": its present tense stands for any time."""
    return verb.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in ("when", "once", "after", "before", "until", "as")
        for c in verb.children
    )


def _lane(p: Participants) -> str:
    """The side of the leading actor: its country (any country the corpus names)."""
    for m in p.actors:
        if m.country:
            return m.country
        if m.kind == "place" and m.label == "GPE":
            return m.canonical  # a state the gazetteer does not know, acting
    return OTHER_LANE


def _bare_clock(tm: TimexMention) -> bool:
    """ "at 3:15 p.m.", "until 03:00AM": a time of day that names no day."""
    r = tm.recipe
    if tm.type != "TIME" or r.get("kind") != "shift" or r.get("count", 0) != 0 or r.get("base"):
        return tm.type == "TIME" and bool(r.get("base")) and _CLOCK.search(tm.text) is not None
    return _CLOCK.search(tm.text) is not None and _DAY_WORDS.search(tm.text) is None


def _on_the_calendar(tm: TimexMention) -> bool:
    """A DATE or TIME, or a length counted from publication whose days are a stretch of the
    calendar ("may visit within the next two or three months": TIMEX3 `PXM`, the event dated
    from publication to three months on)."""
    return tm.type in ("DATE", "TIME") or tm.recipe.get("kind") == "window"


def candidates(
    doc: Doc,
    ents: DocEntities,
    sentences: Sequence[tuple[SentenceSpan, int, int]],
    timexes: list[TimexMention],
    gaz: Gazetteer,
    *,
    text: str = "",
    dateline: Dateline | None = None,
    captions: Sequence[tuple[int, int]] = (),
) -> list[Candidate]:
    """One candidate per DATE/TIME expression (`_on_the_calendar`) in a non-junk sentence that
    dates a happening; `dateline`'s day dates the lead sentence when that has no date of its
    own (a mention for it is appended to `timexes`). `captions`: character ranges of caption
    lines."""
    date_tokens = frozenset(
        t.i
        for tm in timexes
        if _on_the_calendar(tm)
        for span in [doc.char_span(tm.start, tm.end, alignment_mode="expand")]
        if span is not None
        for t in span
    )
    reader = ClauseReader(doc, ents, gaz, date_tokens, text=text)
    sent_starts = [s.start for s, _, _ in sentences]
    ent_starts = [doc[m.start].idx for m in ents.mentions]
    out: list[Candidate] = []
    dated: set[int] = set()
    for ti, tm in enumerate(timexes):
        if not _on_the_calendar(tm) or _bare_clock(tm):
            continue
        si = bisect_right(sent_starts, tm.start) - 1
        if si < 0:
            continue
        sentence = sentences[si]
        sent = sentence[0]
        if sent.junk or tm.start >= sent.end:
            continue
        span = doc.char_span(tm.start, tm.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        dated.add(si)
        caption = any(a <= tm.start < b for a, b in captions)
        c = reader.candidate(ti, si, span, sentence, caption=caption)
        if c is not None:
            out.append(c)
    lead = _dateline_candidate(reader, sentences, timexes, dateline, dated, text)
    if lead is not None:
        out.append(lead)
    for c in out:
        sent = sentences[c.sentence][0]
        c.entities = list(
            range(bisect_left(ent_starts, sent.start), bisect_left(ent_starts, sent.end))
        )
    return out


def _dateline_candidate(
    reader: ClauseReader,
    sentences: Sequence[tuple[SentenceSpan, int, int]],
    timexes: list[TimexMention],
    dateline: Dateline | None,
    dated: set[int],
    text: str,
) -> Candidate | None:
    """The lead happening dated by the dateline ("TOKYO, Oct. 4 (Kyodo) -- Japan said ..."),
    when the lead sentence writes no date of its own."""
    if dateline is None or dateline.date_span is None or dateline.month is None:
        return None
    si = next(
        (k for k, (s, _, _) in enumerate(sentences) if s.start >= dateline.span.end and not s.junk),
        None,
    )
    if si is None or si in dated:
        return None
    sent, lo, hi = sentences[si]
    if text and text[dateline.span.end : sent.start].strip():
        return None  # something stands between the dateline and this sentence
    root = next((t for t in reader.doc[lo:hi] if t.dep_ == "ROOT"), None)
    if root is None or root.pos_ not in ("VERB", "AUX"):
        return None
    ds = dateline.date_span
    recipe: TimexRecipe = {"kind": "date", "month": dateline.month}
    if dateline.day is not None:
        recipe["day"] = dateline.day
    if dateline.year is not None:
        recipe["year"] = dateline.year
    mention = TimexMention(ds.start, ds.end, text[ds.start : ds.end], "DATE", recipe, "past")
    c = reader.candidate(len(timexes), si, None, sentences[si], gov=root)
    if c is None:
        return None
    timexes.append(mention)
    c.dateline = True
    return c


def _unique(names: Iterable[str]) -> list[str]:
    out: list[str] = []
    for n in names:
        if n not in out:
            out.append(n)
    return out
