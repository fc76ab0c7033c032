"""Event candidates: for each date in a sentence, the clause it dates.

From the dependency parse of the clause that governs a temporal expression we take a short
title ("Im Chon-il met Igor Morgulov", "Kim Jong-un visited China"), its actors (leading actor
first: the subject), its places, the cue that makes it expected ("will", "expected",
"planned", "possible") and its tense. A date attached to an event noun ("a planned
inter-Korean summit late this month") dates that noun, not the sentence's main verb.
Everything here is anchor-free; `nkviewer.events.build` adds the calendar.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from nkviewer.nlp.affiliation import is_locative
from nkviewer.nlp.entities import DocEntities, Mention
from nkviewer.nlp.gazetteer import Gazetteer
from nkviewer.nlp.parsed import Candidate, SentenceSpan
from nkviewer.nlp.phrases import Phrases, words
from nkviewer.nlp.timex.types import TimexMention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

CLAUSE_DEPS = words("advcl relcl acl xcomp ccomp csubj parataxis")
ATTRIBUTION = words("according")
#: The sides a timeline lane can belong to; any other country goes to "Other".
SIDES = ("North Korea", "China", "Russia", "United States", "South Korea")
OTHER_LANE = "Other"
MAX_ACTORS = 6

EXPECT_HEADS = words(
    "expect plan schedule invite intend aim prepare hope propose consider due set likely "
    "possible go seek want agree promise pledge vow decide arrange announce unveil threaten "
    "ask urge call"
)
EXPECT_ADJ = words(
    "planned possible upcoming proposed expected scheduled potential likely future prospective "
    "anticipated forthcoming"
)
FUTURE_AUX = words("will shall 'll wo")
MODALS = words("would could may might can should must")
_ASCEND = words("xcomp ccomp advcl pcomp prep pobj relcl acl dobj")


class ClauseReader:
    """Reads the clauses of one parsed document (entity lookups shared by all its dates)."""

    def __init__(self, doc: Doc, ents: DocEntities, gaz: Gazetteer) -> None:
        self.doc = doc
        self.ents = ents
        self.phrases = Phrases(doc, ents, gaz)
        self._attributions: dict[int, frozenset[int]] = {}

    # ------------------------------------------------------------------ governing clause

    def governor(self, span_start: int, span_end: int) -> Token | None:
        """The verb (or event noun) the expression at tokens [start, end) dates."""
        t = self.doc[span_start:span_end].root
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

    # ------------------------------------------------------------------ participants

    def _attribution(self, lo: int, hi: int) -> frozenset[int]:
        """Tokens of "according to ..." phrases in the sentence [lo, hi): sources, not actors."""
        if lo not in self._attributions:
            self._attributions[lo] = frozenset(
                t.i
                for prep in self.doc[lo:hi]
                if prep.dep_ == "prep" and prep.lower_ in ATTRIBUTION
                for t in prep.subtree
            )
        return self._attributions[lo]

    def participants(
        self, gov: Token, subject: Token | None, lo: int, hi: int, skip: range
    ) -> tuple[list[Mention], list[Mention]]:
        """Actors (leading actor first) and places of the clause headed by `gov`, in [lo, hi).

        Order: the subject (or the owner in "its anniversary"), then names in the clause
        proper, then names in its sub-clauses; the whole sentence only when that finds none.
        """
        seen: set[int] = set()
        actors: list[Mention] = []
        places: list[Mention] = []

        def take_mention(k: int, owner: bool = False) -> None:
            m = self.ents.mentions[k]
            if owner:  # "its anniversary": the owner acts, wherever else it is named
                if m not in actors and m.kind in ("person", "organisation", "country"):
                    actors.append(m)
                return
            if k in seen:
                return
            seen.add(k)
            root = self.doc[m.start : m.end].root
            if m.label == "NORP" and root.dep_ in ("amod", "compound", "nmod", "poss"):
                return  # "Chinese" in "Chinese Foreign Minister Wang Yi": a title, not an actor
            if m.kind == "place" or (m.kind == "country" and is_locative(root)):
                places.append(m)
            elif m.kind in ("person", "organisation", "country") and m not in actors:
                actors.append(m)

        attribution = self._attribution(lo, hi)

        def take(tok: Token) -> None:
            if tok.i in skip or tok.i in attribution or not lo <= tok.i < hi:
                return
            k = self.ents.token_mention[tok.i]
            if k >= 0:
                take_mention(k)
            elif tok.dep_ == "poss" and tok.pos_ == "PRON":
                m = self.phrases.antecedent(tok)
                if m is not None:
                    take_mention(self.ents.mentions.index(m), owner=True)

        heads = [subject, *subject.conjuncts] if subject is not None else []
        if gov.pos_ not in ("VERB", "AUX"):
            heads.append(gov)
        for tok in heads:
            if tok is not None:
                take(tok)
                for c in tok.children:
                    if c.dep_ == "poss":
                        take(c)
        inner: list[Token] = []
        outer: list[Token] = []
        stack = [(gov, True)]
        while stack:
            t, core = stack.pop()
            (inner if core else outer).append(t)
            stack.extend((c, core and c.dep_ not in CLAUSE_DEPS) for c in t.children)
        for tok in sorted(inner, key=lambda x: x.i):
            take(tok)
        for tok in sorted(outer, key=lambda x: x.i):
            take(tok)
        verb: Token | None = gov
        for _ in range(2):  # nobody named in the clause: the clause it belongs to
            if actors or verb is None:
                break
            verb, _hops = self.phrases.verb_above(verb)
            above = self.phrases.subject(verb) if verb is not None else None
            if above is not None:
                take(above)
        if not actors:
            for tok in self.doc[lo:hi]:
                take(tok)
        return actors[:MAX_ACTORS], places

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
            if depth > 0 and t.lemma_.lower() in EXPECT_HEADS:
                cue = cue or t.lower_
            if not tense and t.pos_ in ("VERB", "AUX"):
                tense = _tense(t)
            if t.dep_ not in _ASCEND or t.head.i == t.i:
                break
            t = t.head
        return cue, tense


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


def _lane(actors: Sequence[Mention]) -> str:
    for m in actors:
        if m.country:
            return m.country if m.country in SIDES else OTHER_LANE
    return OTHER_LANE


def candidates(
    doc: Doc,
    ents: DocEntities,
    sentences: Sequence[tuple[SentenceSpan, int, int]],
    timexes: Sequence[TimexMention],
    gaz: Gazetteer,
) -> list[Candidate]:
    """One candidate per DATE/TIME expression in a non-junk sentence with a clause to date."""
    reader = ClauseReader(doc, ents, gaz)
    sent_starts = [s.start for s, _, _ in sentences]
    ent_starts = [doc[m.start].idx for m in ents.mentions]
    out: list[Candidate] = []
    for ti, tm in enumerate(timexes):
        if tm.type not in ("DATE", "TIME"):
            continue
        si = bisect_right(sent_starts, tm.start) - 1
        if si < 0:
            continue
        sent, lo, hi = sentences[si]
        if sent.junk or tm.start >= sent.end:
            continue
        span = doc.char_span(tm.start, tm.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        gov = reader.governor(span.start, span.end)
        if gov is None:
            continue  # the date stands alone (a dateline, a caption): nothing it dates
        skip = range(span.start, span.end)
        subject = reader.phrases.subject(gov)
        title = reader.phrases.title(gov, subject, skip)
        actors, places = reader.participants(gov, subject, lo, hi, skip)
        cue, tense = reader.modality(gov)
        first = bisect_left(ent_starts, sent.start)
        last = bisect_left(ent_starts, sent.end)
        out.append(
            Candidate(
                timex=ti,
                sentence=si,
                title=title,
                actors=_unique(m.canonical for m in actors),
                places=_unique(m.canonical for m in places),
                entities=list(range(first, last)),
                lane=_lane(actors),
                expected_cue=cue,
                tense=tense,
            )
        )
    return out


def _unique(names: Iterable[str]) -> list[str]:
    out: list[str] = []
    for n in names:
        if n not in out:
            out.append(n)
    return out
