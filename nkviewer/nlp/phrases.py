"""Short phrases from the dependency parse: the subject, verb and object of a clause as a title.

Names are written canonically ("Vladimir Putin", not "the Russian president"), noun phrases are
trimmed to their modifiers ("planned inter-Korean summit"), the date itself is left out, and a
title never exceeds `MAX_TITLE` characters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from nkviewer.nlp.affiliation import ROLE_WORDS
from nkviewer.nlp.entities import DocEntities, Mention
from nkviewer.nlp.gazetteer import Gazetteer

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

MAX_TITLE = 60


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Nouns that name a happening a date can belong to ("a summit next month"), as lemmas.
EVENT_NOUNS = words(
    "summit visit talk talks meeting trip tour ceremony parade anniversary celebration "
    "conference forum election test launch drill exercise congress plenum plenary session "
    "negotiation negotiations dialogue games olympics festival rally war invasion attack strike "
    "deadline signing reunion funeral inauguration birthday famine pandemic crisis flood "
    "earthquake coup revolution uprising disaster accident crash agreement deal accord treaty "
    "pact declaration ceasefire truce vote referendum dinner consultation consultations round "
    "briefing interview speech address hearing trial ruling verdict"
)
#: Nouns for a phase of a happening named by their "of" ("the expiry of the truce on June 3").
PHASE_NOUNS = words(
    "end start beginning expiry expiration resumption completion collapse opening close"
)
#: Verbs whose object is the happening itself ("held talks", "attended the ceremony",
#: "signed an agreement").
LIGHT_VERBS = words(
    "hold have attend begin open host join participate take stage conduct wrap end make pay "
    "start finish mark celebrate launch hold-up convene sign reach conclude ink seal strike "
    "adopt approve ratify accept reject veto clinch broker finalize finalise give deliver"
)
MEET_VERBS = words("meet talk confer negotiate")
#: Verbs whose prepositional object can be the happening ("invited to the ceremony").
INVITE_VERBS = words("invite schedule set plan")
REPORT_VERBS = words(
    "report say tell announce state confirm quote claim add note write reveal warn"
)
_EXPECT_XCOMP = words(
    "expect plan schedule invite intend aim prepare hope propose due set likely agree "
    "promise pledge vow decide arrange want seek ask urge"
)
_RELATIVE = words("who which that whom")
_SUBJECT_DEPS = words("nsubj nsubjpass csubj")
_OBJECT_DEPS = words("dobj attr oprd")
_SKIP_PREPS = words("on at during since until till by as according from after before of")
_NOUN_PREPS = words("with to between in by")
_CLAUSE_DEPS = words("advcl relcl acl xcomp ccomp csubj parataxis")
_HE_SHE = words("he she him her his hers")
_FIRST_PERSON = words("i me my we us our")
#: Adverbs that complete a verb as its particle ("fell apart", "pulled back", "broke away").
_ADVERB_PARTICLES = words("apart away back down off out through")
#: Words that say nothing on their own after a copula once the date is gone ("is on").
_EMPTY_REST = words("on at in by for from until till of to during before after since")


def _says_something(rest: str) -> bool:
    return any(w.lower() not in _EMPTY_REST for w in rest.split())


_QUOTING = words("tweet post add insist stress")
#: Contracted and plain forms of "be" as a title writes them.
_BE = {"’re": "are", "'re": "are", "’s": "is", "'s": "is", "’m": "am", "'m": "am"}


def is_copula(tok: Token) -> bool:
    """A form of "be" as the main verb ("’re" has no lemma of its own in the small model)."""
    return tok.lemma_ == "be" or tok.lower_ in _BE


_IT = words("it its")
_THEY = words("they their them")
_FILLER_DEPS = words("det punct cc case")
_AUX_KEPT = words("will shall 'll wo would could may might can should must to")


@dataclass
class TitleSoFar:
    """What the title being built has written, so that it names nobody twice: its subjects as
    written ("France", "Trump and Kim"), every entity written anywhere in it (canonical), and
    the pronoun a subject stood as ("it", "he"), to say it again in a reported clause."""

    subjects: set[str] = field(default_factory=set)
    entities: set[str] = field(default_factory=set)
    pronoun_of: dict[str, str] = field(default_factory=dict)

    def has(self, canonical: str) -> bool:
        """Whether the title names `canonical` already, as a subject or anywhere else."""
        return canonical in self.subjects or canonical in self.entities


def _to_infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


class Phrases:
    """Phrase rendering for one document."""

    def __init__(self, doc: Doc, ents: DocEntities, gaz: Gazetteer, *, text: str = "") -> None:
        self.doc = doc
        self.ents = ents
        self.gaz = gaz
        self.text = text  # the document as written; `doc` may be its copy in sentence case
        self.so_far = TitleSoFar()  # of the title being built

    def shown(self, tok: Token) -> str:
        """The token as the article writes it: the parse may have read a headline's words in
        lower case (`nkviewer.nlp.headline`), a title shows them as written."""
        return self.text[tok.idx : tok.idx + len(tok.text)] if self.text else tok.text

    def word(self, tok: Token) -> str:
        """A function word of a title ("will", "not", "out") in lower case, unless the parse
        read it in lower case from a title-case headline ("Mayor Will Open New Bridge")."""
        shown = self.shown(tok)
        return shown if shown != tok.text else tok.lower_

    def span_shown(self, start: int, end: int) -> str:
        """Tokens `start:end` as the article writes them."""
        if not self.text or start >= end:
            return self.doc[start:end].text
        last = self.doc[end - 1]
        return self.text[self.doc[start].idx : last.idx + len(last.text)]

    # ------------------------------------------------------------------ structure

    def is_event_noun(self, tok: Token) -> bool:
        return tok.pos_ in ("NOUN", "PROPN") and (
            tok.lemma_.lower() in EVENT_NOUNS or tok.lower_ in EVENT_NOUNS
        )

    def phase_of(self, noun: Token) -> Token | None:
        """The happening a phase noun is of: "the expiry of the ceasefire" → ceasefire."""
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in PHASE_NOUNS:
            return None
        for c in noun.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
                if pobj is not None and self.is_event_noun(pobj):
                    return pobj
        return None

    def light_verb(self, noun: Token) -> Token | None:
        """The verb an event noun completes: "held talks", "met for talks", "invited to"."""
        head = noun.head
        if noun.dep_ in ("dobj", "attr") and head.pos_ == "VERB":
            return head if head.lemma_.lower() in LIGHT_VERBS | MEET_VERBS else None
        if noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "VERB":
            verb, prep = head.head.lemma_.lower(), head.lower_
            if (verb in MEET_VERBS and prep in ("for", "in", "at")) or (
                verb in INVITE_VERBS and prep in ("to", "for")
            ):
                return head.head
        return None

    @staticmethod
    def verb_above(tok: Token, limit: int = 6) -> tuple[Token | None, int]:
        """The nearest verb governing `tok`, and how many steps up it is."""
        t = tok
        for hops in range(1, limit + 1):
            if t.head.i == t.i:
                break
            t = t.head
            if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass"):
                return t, hops
        return None, 0

    def subject(self, gov: Token, depth: int = 0) -> Token | None:
        """The subject of a clause, through relative pronouns, control verbs and adjuncts.

        For an event noun: the subject of the verb it directly depends on, if any.
        """
        if gov.pos_ not in ("VERB", "AUX"):
            verb, hops = self.verb_above(gov)
            return self.subject(verb, depth + 1) if verb is not None and hops <= 2 else None
        for c in gov.children:
            if c.dep_ in _SUBJECT_DEPS:
                if c.lower_ in _RELATIVE and gov.dep_ in ("relcl", "acl"):
                    return gov.head
                return self._antecedent(c)
        for c in gov.children:
            # "North Korea, locked in a standoff with the US, is preparing...": the parse gave
            # the subject to the participle clause set off before the verb
            if c.dep_ == "advcl" and c.i < gov.i and c.tag_ in ("VBN", "VBG"):
                inner = next((x for x in c.children if x.dep_ in _SUBJECT_DEPS), None)
                if inner is not None and inner.i < c.i:
                    return self._antecedent(inner)
        if depth > 3 or gov.head.i == gov.i:
            return None
        if (
            gov.tag_ == "VBG"
            and gov.dep_ == "pcomp"
            and gov.head.lower_ == "of"
            and gov.head.head.pos_ in ("NOUN", "PROPN")
        ):
            # "a goal of eliminating emissions this century": the gerund names the goal's
            # content, its subject is not the clause's ("it sets a goal"), so none
            return None
        prev = self.doc[gov.i - 1] if gov.i > 0 else None
        if gov.tag_ in ("VBG", "VBN") and prev is not None and self.is_event_noun(prev):
            return prev  # "trade talks starting Thursday": the talks start
        if gov.dep_ in ("relcl", "acl"):
            return gov.head
        if gov.dep_ == "xcomp":
            for c in gov.head.children:
                if c.dep_ == "dobj":  # "invited Kim to attend": Kim attends
                    return c
        verb, _ = self.verb_above(gov)
        return self.subject(verb, depth + 1) if verb is not None else None

    def _antecedent(self, tok: Token) -> Token:
        """A pronoun → the latest fitting entity mention before it, when one is close ("I"
        and "we" stay: a title says "we are here", roles know who speaks)."""
        if tok.lower_ in _FIRST_PERSON:
            return tok
        m = self.antecedent(tok)
        if m is None and tok.lower_ in _HE_SHE:
            speaker = self._reporting_subject(tok)
            if speaker is not None:
                return speaker  # "A spokesman says he is expecting...": the spokesman
        return self.doc[m.start : m.end].root if m is not None else tok

    def antecedent(self, tok: Token) -> Mention | None:
        low = tok.lower_
        if tok.pos_ != "PRON":
            return None
        if low in _FIRST_PERSON:
            return self.speaker(tok)
        if low in _HE_SHE:
            kinds: tuple[str, ...] = ("person",)
        elif low in _IT or low in _THEY:
            kinds = ("country", "organisation")
            root = tok
            while root.head.i != root.i:
                root = root.head
            for c in root.children:  # "North Korea is ... so that it can ..."
                if c.dep_ == "nsubj" and c.i < tok.i:
                    m = self.ents.at(c.i)
                    if m is not None and m.kind in kinds:
                        return m
            if low in _THEY:
                return None
        else:
            return None
        floor = max(-1, tok.i - 80)  # about this sentence and the one before
        for i in range(tok.i - 1, floor, -1):
            m = self.ents.at(i)
            if m is not None and m.kind in kinds and m.label != "NORP":
                return m
        return None

    def _reporting_subject(self, tok: Token) -> Token | None:
        """The subject of the reporting verb whose complement `tok` is the subject of."""
        clause = tok.head
        if tok.dep_ not in _SUBJECT_DEPS or clause.dep_ not in ("ccomp", "parataxis"):
            return None
        verb = clause.head
        if verb.lemma_.lower() not in REPORT_VERBS | _QUOTING:
            return None
        s = next((c for c in verb.children if c.dep_ in _SUBJECT_DEPS), None)
        return s if s is not None and s.pos_ in ("NOUN", "PROPN") else None

    def speaker(self, tok: Token) -> Mention | None:
        """Who says "I"/"we" in a quote: the subject of the reporting verb the quote is the
        complement of ("“We're here to change history,” Trump said")."""
        t = tok
        for _ in range(8):
            if t.head.i == t.i:
                return None
            via = t.dep_
            t = t.head
            if via in ("ccomp", "parataxis") and t.lemma_.lower() in REPORT_VERBS | _QUOTING:
                s = next((c for c in t.children if c.dep_ in _SUBJECT_DEPS), None)
                if s is None or s.lower_ in _FIRST_PERSON:
                    return None
                m = self.ents.at(s.i)
                if m is None and s.pos_ == "PRON":
                    return self.antecedent(s)
                return m if m is None or m.label != "NORP" else None
        return None

    # ------------------------------------------------------------------ noun phrases

    def name(self, tok: Token, skip: range, *, short: bool = False) -> str:
        m = self.ents.at(tok.i)
        if m is None:
            m = self.titled_person(tok)
        if m is not None and m.label != "NORP":
            self.so_far.entities.add(m.canonical)
            return self._short(m) if short else m.canonical
        return self.compact(tok, skip, short=short)

    def titled_person(self, tok: Token) -> Mention | None:
        """The person a title word stands before ("Minister Im Chon-il", "counterpart Shoigu")."""
        if not (tok.is_title or tok.lower_ in ROLE_WORDS):
            return None
        for c in tok.children:
            if c.dep_ in ("appos", "compound") and c.i > tok.i:
                m = self.ents.at(c.i)
                if m is not None and m.kind == "person":
                    return m
        if tok.i + 1 < len(self.doc):
            m = self.ents.at(tok.i + 1)
            if m is not None and m.kind == "person" and m.start == tok.i + 1:
                return m
        for c in tok.children:  # "Ambassador to the UN Samantha Power": the parse hung the
            if c.dep_ == "prep" and c.lower_ in ("to", "of", "for"):  # on the title's "to"
                for p in c.children:
                    m = self.ents.at(p.i) if p.dep_ == "pobj" else None
                    if m is not None and m.kind == "person" and m.end == p.i + 1:
                        return m
        return None

    def _short(self, m: Mention) -> str:
        """A shorter spelling for long titles: an organisation's acronym, else the canonical."""
        if m.kind != "organisation":
            return m.canonical
        entry = self.gaz.entries.get(m.canonical)
        if entry is not None:
            acronyms = [f for f in entry.forms if f.isupper() and 1 < len(f) < len(m.canonical)]
            if acronyms:
                return min(acronyms, key=len)
        return m.canonical

    def noun_phrase(self, tok: Token, skip: range, *, short: bool = False) -> str:
        parts = [self.name(tok, skip, short=short)]
        for c in tok.conjuncts:
            if c.i > tok.i and c.i not in skip and len(parts) < 3:
                parts.append(self.name(c, skip, short=short))
        return " and ".join(p for i, p in enumerate(parts) if p and p not in parts[:i])

    def compact(self, tok: Token, skip: range, *, short: bool = False) -> str:
        """The noun with its modifiers, without determiners or the date, names canonical."""
        left = tok.i
        for c in tok.lefts:
            if c.dep_ not in _FILLER_DEPS and c.i not in skip:
                left = min(left, c.left_edge.i)
        for k in range(tok.i - 1, left - 1, -1):  # the modifiers that touch it, not across a
            if self.doc[k].is_punct and self.doc[k].text not in ("-", "–", "'s", "’s"):  # comma
                left = k + 1
                break
        pieces: list[str] = []
        i = left
        while i <= tok.i:
            t = self.doc[i]
            i += 1
            if (
                t.i in skip
                or t.is_space
                or t.dep_ in ("det", "cc")
                or (t.is_punct and t.text not in ("-", "–"))
            ):
                if t.whitespace_ and pieces and not pieces[-1].endswith(" "):
                    pieces[-1] += " "
                continue
            if t.text in ("'s", "’s"):
                if pieces:
                    pieces[-1] = pieces[-1].rstrip() + "'s "
                continue
            if t.pos_ == "PRON":
                m = self.antecedent(t) if t.dep_ == "poss" and t.lower_ not in _THEY else None
                if m is not None and self.so_far.has(m.canonical):
                    # "Choe and her entourage": the pronoun, not the name twice
                    pieces.append(t.lower_ + " ")
                elif m is not None:
                    self.so_far.entities.add(m.canonical)
                    pieces.append(f"{self._short(m) if short else m.canonical}'s ")
                continue
            k = self.ents.token_mention[t.i]
            if k >= 0:
                m = self.ents.mentions[k]
                text = self.span_shown(m.start, m.end) if m.label == "NORP" else m.canonical
                if short and m.label != "NORP":
                    text = self._short(m)
                self.so_far.entities.add(m.canonical)
                pieces.append(text + self.doc[m.end - 1].whitespace_)
                i = max(i, m.end)
                continue
            pieces.append(self.shown(t) + t.whitespace_)
        text = "".join(pieces).strip()
        for c in tok.rights:
            if c.dep_ == "prep" and c.lower_ == "of":
                pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
                if pobj is not None and pobj.i not in skip and self.ents.at(pobj.i) is not None:
                    text += " of " + self.name(pobj, skip, short=short)
                break
        return text

    # ------------------------------------------------------------------ titles

    def verb_phrase(self, verb: Token) -> str:
        """The verb with what it needs to read right: its modal ("will visit"), its passive
        "be" after a modal ("would be signed"), its negation ("did not attend", "was not
        ready") and its particle ("pulled out")."""
        out: list[str] = []
        neg = [self.word(c) for c in verb.children if c.dep_ == "neg"]
        head = verb.head
        if verb.dep_ == "xcomp" and head.lemma_.lower() in _EXPECT_XCOMP:
            out += [self.shown(head), "to"]
        elif verb.dep_ in ("xcomp", "advcl") and head.lemma_ == "go" and _to_infinitive(verb):
            # "went to open the bridge", "is going to close the ferry": not "He to open"
            out += [self.word(c) for c in head.children if c.dep_ == "aux" and c.i < head.i]
            out += [self.shown(head), "to"]
        else:
            kept = [c for c in verb.children if c.dep_ == "aux" and c.lower_ in _AUX_KEPT]
            to = next((c.i for c in kept if c.lower_ == "to"), None)
            if to is not None:  # "was to have been signed": not "to been signed"
                kept = [c for c in verb.children if c.dep_ == "aux" and c.i >= to]
            if neg and not kept and not is_copula(verb):  # "did not attend", "has not signed"
                kept = [c for c in verb.children if c.dep_ == "aux" and c.i < verb.i][:1]
            out += [self.word(c) for c in kept]
            if kept:
                out += [self.word(c) for c in verb.children if c.dep_ == "auxpass"]
        if is_copula(verb):
            out += [_BE.get(verb.lower_, self.shown(verb)), *neg]  # "was not ready"
        else:
            out += [*neg, self.shown(verb)]
        out += [self.word(c) for c in verb.children if c.dep_ == "prt"]
        out += [  # "fell apart", "broke away": a particle the parse calls an adverb
            self.word(c)
            for c in verb.children
            if c.i == verb.i + 1
            and c.lower_ in _ADVERB_PARTICLES
            and (c.dep_ == "advmod" or (c.dep_ == "prep" and not any(c.children)))
        ]  # ("fell through at the summit": a preposition without an object is a particle)
        return " ".join(out)

    def object_phrase(
        self, verb: Token, subject: Token | None, skip: range, short: bool, depth: int = 0
    ) -> str:
        lemma = verb.lemma_.lower()
        if lemma in MEET_VERBS or lemma == "hold":
            partners = self._partners(verb, subject, skip, short)
            held = next((c for c in verb.children if c.dep_ == "dobj"), None)
            if partners and lemma == "hold" and held is not None and self.ents.at(held.i) is None:
                # "held meetings with Craig Allen": what was held, then with whom
                return f"{self.compact(held, skip, short=short)} with {partners}"
            if partners:
                return partners
        for c in verb.children:
            if c.dep_ in _OBJECT_DEPS and c.i not in skip:
                m = self.ents.at(c.i)
                if m is not None and m.news:
                    continue  # "signed on Tuesday, AFP": the outlet is no object of it
                return self.noun_phrase(c, skip, short=short)
            if c.dep_ == "dobj" and c.i in skip:
                # "expecting a plenary about 8am": the parse made the time the object; what
                # stands before the time is
                words = [
                    self.shown(t)
                    for t in c.subtree
                    if t.i not in skip and t.i < skip.start and t.is_alpha and t.dep_ != "det"
                ]
                if words:
                    return " ".join(words)
        if lemma in REPORT_VERBS | _QUOTING and depth == 0:
            for c in verb.children:
                if c.dep_ == "ccomp":
                    return self.clause(c, self.subject(c), skip, short, nested=True)
                if c.dep_ == "xcomp" and c.pos_ != "VERB":  # wrote: “HUGE breakthrough today”
                    return self.gist(c, skip, whole=True)
        for c in verb.children:
            if c.dep_ == "xcomp" and c.i not in skip and c.pos_ == "VERB" and depth < 2:
                inner = self.object_phrase(c, subject, skip, short, depth + 1)
                return f"to {self.shown(c)} {inner}".strip()
        preps = [c for c in verb.children if c.dep_ == "prep" and c.i not in skip]
        # partners first ("signed between Israel and Morocco"), then the rest in text order
        preps.sort(key=lambda c: (not self._names_partners(c), c.i))
        for c in preps:
            if c.lower_ not in _SKIP_PREPS:
                pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
                if pobj is None or pobj.i in skip or pobj.ent_type_ in ("DATE", "TIME"):
                    continue
                return f"{self.word(c)} {self.noun_phrase(pobj, skip, short=short)}"
        for c in verb.children:
            if c.dep_ == "acomp":
                return self.shown(c)
        return ""

    def _names_partners(self, prep: Token) -> bool:
        """ "between Israel and Morocco", "with Xi": a partner phrase that names someone."""
        return prep.lower_ in ("between", "with") and any(
            self.ents.at(p.i) is not None for p in prep.children if p.dep_ == "pobj"
        )

    def _partners(self, verb: Token, subject: Token | None, skip: range, short: bool) -> str:
        """Who was met: people and bodies under the verb's "with"/object, not in sub-clauses."""
        banned: set[int] = set()
        if subject is not None:
            m = self.ents.at(subject.i)
            banned = set(range(m.start, m.end)) if m is not None else {subject.i}
        people: list[str] = []
        others: list[str] = []
        stack = [
            c
            for c in verb.children
            if c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ in ("with", "for"))
        ]
        visited: list[Token] = []
        while stack:
            t = stack.pop(0)
            visited.append(t)
            stack.extend(
                c for c in t.children if c.dep_ not in _CLAUSE_DEPS and c.pos_ not in ("VERB",)
            )
        for t in sorted(visited, key=lambda x: x.i):
            m = self.ents.at(t.i)
            if m is None or t.i in skip or t.i in banned or m.label == "NORP":
                continue
            root = self.doc[m.start : m.end].root  # "in the Oval Office": where, not whom
            if root.dep_ == "poss" or root.head.lower_ in ("in", "at"):
                continue
            name = self._short(m) if short else m.canonical
            bucket = people if m.kind in ("person", "organisation") else others
            if m.kind in ("person", "organisation", "country") and name not in bucket:
                bucket.append(name)
        return " and ".join((people or others)[:3])

    def clause(
        self, gov: Token, subject: Token | None, skip: range, short: bool, nested: bool = False
    ) -> str:
        subj = self.noun_phrase(subject, skip, short=short) if subject is not None else ""
        if subject is not None and subject.pos_ == "PRON" and not subj:
            # a pronoun nobody named: "he asked negotiators", "we are here"
            subj = subject.lower_ if subject.lower_ != "i" else "I"
        own = next((c for c in gov.children if c.dep_ in _SUBJECT_DEPS), None)  # as written
        if nested and subj and subj in self.so_far.subjects:
            # "France said it was not ready": the pronoun, not the name again; "Trump will
            # sign the deal, he said": the speaker's pronoun for the name in the report
            if own is not None and own.pos_ == "PRON":
                subj = own.lower_
            elif subj in self.so_far.pronoun_of:
                subj = self.so_far.pronoun_of[subj]
        elif (
            subj
            and subject is not None
            and subject.pos_ != "PRON"
            and own is not None
            and own.pos_ == "PRON"
            and own.lower_ in _HE_SHE | {"it"}
        ):
            self.so_far.pronoun_of[subj] = own.lower_
        if subj and subject is not None and own is not None and own.i != subject.i:
            # "said he and Netanyahu had discussed": the pronoun's partners after it
            more = [self.name(c, skip, short=short) for c in own.conjuncts if c.i > own.i]
            subj = " and ".join([subj, *(m for m in more if m and m not in subj)][:3])
        self.so_far.subjects.add(subj)
        if is_copula(gov):
            comp = next((c for c in gov.children if c.dep_ in ("acomp", "attr")), None)
            be = _BE.get(gov.lower_, gov.lower_)
            if comp is None:
                # "We're here this afternoon to change the course of history"
                rest = self.gist(gov, skip, exclude=subject)
                if subj and not _says_something(rest):
                    return subj  # "The vote is on Thursday": the vote, not "Vote is on"
                return " ".join(p for p in (subj, be, rest) if p) or self.shown(gov)
            # "The vote was 13-2": the whole complement, not its first word
            words = self.gist(comp, skip, whole=True)
            if subj and not _says_something(words):
                return subj  # "The anniversary is Saturday": the anniversary
            return " ".join(p for p in (subj, self.verb_phrase(gov), words) if p)
        obj = self.object_phrase(gov, subject, skip, short, depth=1 if nested else 0)
        return " ".join(p for p in (subj, self.verb_phrase(gov), obj) if p)

    def gist(
        self, head: Token, skip: range, *, exclude: Token | None = None, whole: bool = False
    ) -> str:
        """The words under `head` after it (all of them with `whole`), without determiners,
        punctuation, the date and quotes: "here to change course of history"."""
        out: list[str] = []
        avoid = set(exclude.subtree) if exclude is not None else set()
        for t in head.subtree:
            if t in avoid or t.i in skip or (not whole and t.i <= head.i):
                continue
            if (t.is_punct and t.text not in ("-", "–")) or t.is_space or t.dep_ in ("det", "mark"):
                continue
            m = self.ents.at(t.i)
            if m is not None and t.i != m.start:
                continue
            out.append(m.canonical if m is not None and m.label != "NORP" else self.shown(t))
        return " ".join(out).replace(" - ", "-")

    def noun_title(self, noun: Token, subject: Token | None, skip: range, short: bool) -> str:
        text = self.compact(noun, skip, short=short)
        of = self.phase_of(noun)
        if of is not None:  # "Expiry of ceasefire"
            text += " of " + self.compact(of, skip, short=short)
        for c in noun.rights:
            if c.dep_ == "prep" and c.lower_ in _NOUN_PREPS:
                pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
                named = pobj is not None and self.ents.at(pobj.i) is not None
                if pobj is not None and pobj.i not in skip and (named or c.lower_ == "with"):
                    text += f" {self.word(c)} {self.noun_phrase(pobj, skip, short=short)}"
        if subject is not None and "'s " not in text and noun.dep_ in ("dobj", "nsubj"):
            # "Kim made a visit" → "Kim's visit"; a noun deeper in the clause is not theirs
            who = self.noun_phrase(subject, skip, short=short)
            m = self.ents.at(subject.i)
            if m is not None and m.kind == "person" and who not in text:
                text = f"{who}'s {text}"
        return text

    def title(self, gov: Token, subject: Token | None, skip: range) -> str:
        """A label of at most MAX_TITLE characters for the clause headed by `gov`."""
        text = ""
        for short in (False, True):
            self.so_far = TitleSoFar()
            if gov.pos_ in ("VERB", "AUX"):
                text = self.clause(gov, subject, skip, short)
            else:
                text = self.noun_title(gov, subject, skip, short)
            text = " ".join(text.split())
            if len(text) <= MAX_TITLE:
                break
        if len(text) > MAX_TITLE:
            cut = text.rfind(" ", 0, MAX_TITLE - 1)
            text = text[: cut if cut > 20 else MAX_TITLE - 1].rstrip(" ,;:-") + "…"
        return text[:1].upper() + text[1:]
