"""Who takes part in a dated happening, where it happens, and who reported it.

The participants of a predicate are read from its arguments in the dependency parse, never
from everything its sentence names: the subject (and the subjects joined to it), the agent of a
passive ("approved by the Cabinet"), the object, co-participants ("with X", "between X and Y",
"alongside X", "against X"), the one at whose request or invitation it happens, and for an event
noun its owner ("Xi's visit", "their talks"), the names that modify it ("the Trump-Kim summit")
and the subject of the verb it belongs to ("officials had talks"). A group noun stands for the
countries or bodies that modify it ("Chinese and American negotiators" → China, United States;
"a US-Israeli delegation" → United States, Israel; "the leaders of Israel and the UAE").

Never participants: places where or to which it happens, news agencies and outlets (they are
`reported_by`, as is the subject of a reporting verb the happening is reported under, and
"according to X"), names inside other clauses or deep inside a noun phrase ("sanctions against
North Korea" in the subject), people named only in a relation ("the uncle of X").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from nkviewer.nlp.affiliation import ROLE_WORDS, is_locative
from nkviewer.nlp.entities import DocEntities, Mention
from nkviewer.nlp.phrases import EVENT_NOUNS, REPORT_VERBS, Phrases, words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: Prepositions whose object takes part in the happening.
PARTNER_PREPS = words("with between among alongside against")
#: "at Russia's request": the owner of these nouns made it happen.
CAUSE_NOUNS = words("request invitation behest urging initiative instigation proposal")
#: Nouns for groups of people that act for the countries or bodies modifying them.
GROUP_NOUNS = words(
    "negotiators officials official delegation delegations delegates leaders leader government "
    "governments authorities diplomats diplomat envoys envoy ministers minister troops forces "
    "military army navy lawmakers parliament parliaments team teams side sides representatives "
    "representative counterparts counterpart administration cabinet regime embassy ministry "
    "spokesman spokeswoman spokesperson president prime premier chancellor foreign nations "
    "countries states allies partners parties host hosts presidency chair secretariat bloc "
    "alliance coalition soldiers police missiles missile rockets drones jets warplanes warships "
    "ships artillery tanks units"
)
#: "a delegation led by X": the one who leads a group takes part with it.
LEAD_VERBS = words("lead head chair")
#: Decisions taken on a text by the body that wrote it: "the vote on the UNSC resolution".
DECISIONS = words("vote voting ballot decision debate")
#: Relations that make a name a bystander: "the uncle of X", "son-in-law of X".
RELATION_NOUNS = words(
    "uncle aunt son daughter wife husband brother sister father mother nephew niece cousin "
    "son-in-law daughter-in-law widow grandson granddaughter friend ally-of relative relatives"
)
#: Verbs that report or announce: their subject reports, it does not take part.
REPORTING = REPORT_VERBS | words("tweet post publish release show cite quote")
ACTOR_KINDS = ("person", "organisation", "country")


@dataclass(slots=True)
class Participants:
    actors: list[Mention] = field(default_factory=list)
    places: list[Mention] = field(default_factory=list)
    reported_by: list[Mention] = field(default_factory=list)


class Roles:
    """Reads participants for one parsed document (shares its entity lookups and phrases)."""

    def __init__(self, doc: Doc, ents: DocEntities, phrases: Phrases) -> None:
        self.doc = doc
        self.ents = ents
        self.phrases = phrases

    # ------------------------------------------------------------------ names behind a token

    def names(self, tok: Token, *, group_of: bool = True) -> list[Mention]:
        """The mentions a noun phrase headed by `tok` brings as participants (with its
        conjuncts): a name, a pronoun's antecedent, or the countries/bodies of a group noun."""
        out: list[Mention] = []
        for t in (tok, *(c for c in tok.conjuncts if c.i > tok.i)):
            out.extend(self._names_of_head(t, group_of=group_of))
        return _unique(out)

    def _names_of_head(self, t: Token, *, group_of: bool) -> list[Mention]:
        m = self.ents.at(t.i)
        if m is not None:
            if m.label == "NORP":
                return [m] if t.dep_ not in ("amod", "compound") else []
            return [m]
        if t.pos_ == "PRON":
            a = self.phrases.antecedent(t)
            return [a] if a is not None else []
        if t.pos_ not in ("NOUN", "PROPN"):
            return []
        found: list[Mention] = []
        titled = self.phrases.titled_person(t)
        if titled is not None:
            return [titled]
        if t.lower_ in GROUP_NOUNS or t.lemma_.lower() in GROUP_NOUNS:
            for c in t.children:
                if c.dep_ in ("amod", "compound", "nmod", "poss"):
                    found.extend(self._modifier_names(c))
                elif c.dep_ == "prep" and c.lower_ in ("of", "from") and group_of:
                    for p in c.children:
                        if p.dep_ == "pobj":
                            found.extend(self.names(p, group_of=False))
                elif c.dep_ == "acl" and c.lemma_.lower() in LEAD_VERBS:
                    for agent in c.children:  # "officials led by Liu"
                        if agent.dep_ == "agent":
                            found.extend(
                                m for p in agent.children if p.dep_ == "pobj" for m in self.names(p)
                            )
        return found

    def _modifier_names(self, c: Token) -> list[Mention]:
        """Names in a modifier: "Chinese" (+ "and American"), "US-Israeli", "their"."""
        out: list[Mention] = []
        if c.pos_ == "PRON" and c.dep_ == "poss":
            a = self.phrases.antecedent(c)
            return [a] if a is not None else []
        for t in (c, *c.conjuncts):
            for k in range(t.left_edge.i, t.right_edge.i + 1):
                m = self.ents.at(k)
                if m is not None and m not in out:
                    out.append(m)
        return out

    # ------------------------------------------------------------------ roles

    def of(
        self,
        gov: Token,
        subject: Token | None,
        lo: int,
        hi: int,
        skip: range,
        *,
        own: bool = False,
    ) -> Participants:
        """Participants of the predicate `gov` (a verb or an event noun) in sentence [lo, hi).
        `own`: the date sits inside the noun `gov` ("next week's elections"), whose happening
        is its own: of the clause around it only a country or body joins it ("North Korea is
        preparing to host events for the Sept. 9 anniversary"), never a person ("Biden cast
        his vote for next week's elections")."""
        found: list[Mention] = []
        if subject is not None:
            found += self.subject_names(subject)
        if gov.pos_ in ("VERB", "AUX"):
            for c in gov.children:  # the parse may give a list of names several subjects
                if c.dep_ in ("nsubj", "nsubjpass") and (subject is None or c.i != subject.i):
                    found += self.subject_names(c)
            found += self._verb_args(gov)
        else:
            found += self._noun_args(gov)
            verb = self._verb_of_noun(gov) if not found else None  # its own names first
            above = self.phrases.subject(verb) if verb is not None else None
            if above is not None:
                names = self.subject_names(above)
                found += [m for m in names if not own or m.kind == "country"]
        if not any(m.kind in ACTOR_KINDS or m.label == "GPE" for m in found):
            found += self._clause_above(gov)
        reported = self.reporters(gov, lo, hi)
        went = self._destinations(gov)
        actors: list[Mention] = []
        places: list[Mention] = []
        for m in _unique(found):
            if m.start in skip or not lo <= m.start < hi:
                continue
            if m.news:
                if m not in reported:
                    reported.append(m)
            elif m in went or (m.kind == "place" and m.label != "GPE"):
                places.append(m)  # "visited China", "at the Great Hall of the People"
            elif m.kind in ACTOR_KINDS or m.kind == "place":
                actors.append(m)  # a state acting: "Israel signed", "talks with Beijing"
        for m in self._locations(gov, lo, hi, skip):
            if m not in places and m not in actors:
                places.append(m)
        # "he said he will sign": a reporter who takes part is an actor, not only a reporter
        return Participants(actors, places, [m for m in reported if m not in actors])

    def _destinations(self, gov: Token) -> list[Mention]:
        """Where the happening goes: the object of a verb of going ("visited China")."""
        if gov.pos_ not in ("VERB", "AUX"):
            return []
        return [
            m
            for c in gov.children
            if c.dep_ == "dobj" and is_locative(c)
            for m in self.names(c)
            if m.kind in ("country", "place")
        ]

    def _verb_args(self, verb: Token) -> list[Mention]:
        out: list[Mention] = []
        for c in verb.children:
            dep = c.dep_
            if dep in ("dobj", "dative", "attr", "oprd", "nsubjpass"):
                out += self.names(c)
                if self.phrases.is_event_noun(c):
                    out += self._noun_args(c)
                else:  # "brokered the handshake between Rabin and Arafat"
                    out += [
                        m
                        for p in c.children
                        if p.dep_ == "prep" and p.lower_ in ("between", "with", "among")
                        for m in self._partner_list(p)
                    ]
            elif dep == "agent":
                out += [m for p in c.children if p.dep_ == "pobj" for m in self.names(p)]
            elif dep == "prep":
                out += self._prep_args(c)
            elif dep == "xcomp" and c.pos_ == "VERB":
                for g in c.children:  # "agreed to meet X"
                    if g.dep_ in ("dobj", "dative"):
                        out += self.names(g)
                    elif g.dep_ == "prep":
                        out += self._prep_args(g)
        return out

    def _prep_args(self, prep: Token) -> list[Mention]:
        out: list[Mention] = []
        low = prep.lower_
        for p in prep.children:
            if p.dep_ != "pobj":
                continue
            if low in PARTNER_PREPS:
                out += self._partner_list(prep)
            elif p.lemma_.lower() in CAUSE_NOUNS:  # "at Russia's request"
                for c in p.children:
                    if c.dep_ == "poss":
                        out += self.names(c)
                    elif c.dep_ == "prep" and c.lower_ == "of":
                        out += [m for q in c.children if q.dep_ == "pobj" for m in self.names(q)]
            elif low == "for" and self.phrases.is_event_noun(p):  # "met for talks with X"
                out += self._noun_args(p)
        return out

    def _partner_list(self, prep: Token) -> list[Mention]:
        """Everyone a "with"/"between" phrase lists, appositions included: "with Craig Allen,
        president of the Council, Myron Brilliant, ... and the IMF's Kristalina Georgieva"."""
        out: list[Mention] = []
        for p in prep.children:
            if p.dep_ != "pobj":
                continue
            out += self.names(p)
            for t in p.subtree:
                m = self.ents.at(t.i)
                if m is None or m.kind != "person" or m in out or t.i != m.start:
                    continue
                head = self.doc[m.start : m.end].root
                if head.dep_ in ("appos", "conj", "pobj") and head.head.lower_ != "of":
                    out.append(m)
        return out

    def _noun_args(self, noun: Token) -> list[Mention]:
        out: list[Mention] = []
        for c in noun.children:
            if c.dep_ in ("poss", "compound", "amod", "nmod") and c.i < noun.i:
                out += self._modifier_names(c)
            elif c.dep_ == "prep" and c.lower_ == "on" and noun.lemma_.lower() in DECISIONS:
                # "the vote on the UN Security Council draft resolution": the body deciding
                for p in c.children:
                    if p.dep_ == "pobj":
                        out += [
                            m
                            for d in p.children
                            if d.dep_ in ("compound", "nmod", "poss")
                            for m in self._modifier_names(d)
                            if m.kind == "organisation"
                        ]
            elif c.dep_ == "prep" and (c.lower_ in PARTNER_PREPS or c.lower_ in ("of", "by")):
                for p in c.children:
                    if p.dep_ == "pobj" and p.lemma_.lower() not in RELATION_NOUNS:
                        out += self.names(p)
        return out

    def subject_names(self, subject: Token) -> list[Mention]:
        """Who a subject names: its head and conjuncts, its owner ("Russia's request"), the
        partners in it ("traffic between North Korea and China"), and names coordinated into
        it that the parse hung as modifiers ("Xi and North Korea's leader, Kim, met")."""
        out = self.names(subject)
        if self.phrases.is_event_noun(subject):  # "its anniversary", "the Trump-Kim summit"
            out += self._noun_args(subject)
        titled = self.ents.at(subject.i) is None and any(m.kind == "person" for m in out)
        for c in subject.children:
            if c.dep_ == "poss" and titled:
                continue  # "North Korea's leader Kim": the title's country, Kim acts
            if c.dep_ == "poss":
                out += self.names(c)
            elif c.dep_ == "prep" and c.lower_ in ("between", "with", "among"):
                out += [m for p in c.children if p.dep_ == "pobj" for m in self.names(p)]
            elif c.dep_ == "nmod" and c.i < subject.i:
                out += [m for m in self.names(c) if m.kind == "person"]
        return _unique(out)

    def _clause_above(self, gov: Token) -> list[Mention]:
        """Nobody named in the happening's own clause: the subject of the clause it belongs to
        ("In an opinion piece published Wednesday ..., Xi wrote"), unless that clause reports it."""
        t = gov
        for _ in range(3):
            if t.head.i == t.i or t.dep_ in ("ccomp", "parataxis", "conj"):
                return []
            t = t.head
            if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass"):
                s = self.phrases.subject(t)
                return self.subject_names(s) if s is not None else []
        return []

    def _verb_of_noun(self, noun: Token) -> Token | None:
        """The verb an event noun is an argument of: "held talks", "during the session",
        "to host events for the anniversary"."""
        t = noun
        for _ in range(7):
            head = t.head
            if head.i == t.i:
                return None
            if t.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") and head.pos_ in ("VERB", "AUX"):
                return head
            if t.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
                return head.head
            if t.dep_ not in ("pobj", "prep", "dobj", "compound", "conj"):
                return None
            t = head
        return None

    def _locations(self, gov: Token, lo: int, hi: int, skip: range) -> list[Mention]:
        """Places named where or to which the happening goes: "in Moscow", "visited China"."""
        out: list[Mention] = []
        stack = [gov]
        seen = 0
        while stack and seen < 60:
            t = stack.pop()
            seen += 1
            for c in t.children:
                participle = c.dep_ == "advcl" and c.tag_ in ("VBG", "VBN")  # "Visiting Russia"
                if c.dep_ in ("ccomp", "parataxis", "relcl", "advcl", "csubj") and not participle:
                    continue
                stack.append(c)
                m = self.ents.at(c.i)
                if m is None or c.i in skip or not lo <= c.i < hi or m in out:
                    continue
                root = self.doc[m.start : m.end].root
                if root.i != c.i:
                    continue
                if (m.kind == "place" and m.label != "GPE") or (
                    m.kind in ("place", "country") and is_locative(root)
                ):
                    out.append(m)
        return out

    # ------------------------------------------------------------------ reporters

    def reporters(self, gov: Token, lo: int, hi: int) -> list[Mention]:
        """Who reported the happening at `gov`: the subject of a reporting verb it is reported
        under ("X said [it happened]", "[it happened], X reported"), and "according to X"."""
        out: list[Mention] = []
        t = gov
        for _ in range(4):  # up through the clauses that report it
            if t.dep_ in ("ccomp", "xcomp", "conj") and t.head.i != t.i:
                t = t.head
                if t.lemma_.lower() in REPORTING:
                    s = self.phrases.subject(t)
                    if s is not None:
                        out.extend(self.names(s))
                continue
            break
        for c in gov.children:  # "..., state media reported" hung on the happening
            if c.dep_ in ("parataxis", "advcl", "ccomp") and c.lemma_.lower() in REPORTING:
                s = next((x for x in c.children if x.dep_ in ("nsubj", "nsubjpass")), None)
                if s is not None:
                    out.extend(self.names(s))
        for tok in self.doc[lo:hi]:
            if tok.dep_ == "prep" and tok.lower_ == "according":
                # "according to China's official Xinhua News Agency": the object of "to" (the
                # parse may hang a whole list under "according"; only the source counts)
                to = next((c for c in tok.children if c.lower_ == "to"), None)
                for p in to.children if to is not None else ():
                    if p.dep_ == "pobj":
                        out.extend(m for m in self.names(p) if m.label != "NORP")
        return _unique(m for m in out if m.kind in ACTOR_KINDS or m.news)

    def is_reporter(self, m: Mention) -> bool:
        """A news outlet, or a spokesperson-like title right before the name."""
        if m.news:
            return True
        i = m.start - 1
        return i >= 0 and self.doc[i].lower_ in ("spokesman", "spokeswoman", "spokesperson")


def _unique(items: object) -> list[Mention]:
    out: list[Mention] = []
    for m in items:  # type: ignore[attr-defined]
        if m not in out:
            out.append(m)
    return out


__all__ = ["ACTOR_KINDS", "EVENT_NOUNS", "ROLE_WORDS", "Participants", "Roles"]
