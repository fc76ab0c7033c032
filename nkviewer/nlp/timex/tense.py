"""The tense cue of the clause that governs a temporal expression.

With a spaCy `Doc`, the expression's head is followed up the dependency tree to the first verb;
its tag and auxiliaries decide: "will/shall/'ll", "going to", modals ("may", "could", "would")
and infinitives under verbs of planning ("expected to visit", "invited Kim to attend") → future;
VBD, or a perfect/passive with a past auxiliary → past; VBZ/VBP (also "is visiting") → present.
Without a Doc, a regular-expression look at the words of the clause does a cheaper version.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from nkviewer.nlp.timex.narrative import WHEN_CLAUSE
from nkviewer.nlp.timex.types import Tense

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_FUTURE_AUX = {"will", "shall", "'ll", "wo", "ll"}
_MODALS = {"may", "might", "could", "would", "should", "must", "can", "ca"}
_PLANNING = {
    "expect",
    "forecast",
    "predict",
    "project",
    "plan",
    "schedule",
    "due",
    "set",
    "intend",
    "hope",
    "aim",
    "prepare",
    "invite",
    "agree",
    "promise",
    "pledge",
    "offer",
    "vow",
    "want",
    "seek",
    "propose",
    "decide",
    "threaten",
    "likely",
    # adjectives of readiness: "was prepared to keep negotiating through the weekend"
    "prepared",
    "ready",
    "willing",
    "poised",
    "eager",
    "keen",
    "determined",
    # directives: what one is asked, told, urged or ordered to do lies after the asking
    # ("urged both sides to resume talks in January"); not "allow", "force" (done, or not)
    "ask",
    "urge",
    "tell",
    "order",
    "instruct",
    "request",
    "press",
    "encourage",
    "direct",
    "advise",
    "warn",
}
#: Forms the small English pipeline lemmatises wrongly: every form of "hope" becomes "hop"
#: ("officials said they hoped to meet in the fall" lost its plan).
_LEMMA_FIXES = {"hoped": "hope", "hopes": "hope", "hoping": "hope"}


def _lemma(token: Token) -> str:
    """`token`'s lemma in lower case, mended where the pipeline is known to get it wrong."""
    return _LEMMA_FIXES.get(token.lower_, token.lemma_.lower())


#: "be going to" + verb is the one planning construction of "go": "is going to visit" (future),
#: "was going to sign" (an intention held in the past, dated as the past). "went to open",
#: "goes to meet", "will go to Beijing" are a movement with its purpose: their own tense.


def going_to(governor: Token) -> bool:
    """`governor` is the "going" of a progressive "be going to" ("is going to", "'m going
    to", "were going to")."""
    return (
        governor.lower_ == "going"
        and governor.tag_ == "VBG"
        and any(c.dep_ == "aux" and c.lemma_ == "be" for c in governor.children)
    )


def tense_from_doc(doc: Doc, start: int, end: int) -> Tense | None:
    """Tense of the verb governing the characters [start, end) of `doc.text`."""
    return governing_tense(doc, start, end)[0]


def _governing_verb(doc: Doc, start: int, end: int) -> tuple[Token | None, bool]:
    """The verb the dependency parse attaches the characters [start, end) to, and whether the
    way up passed through a noun; (None, False) when no verb is reached (a verbless line)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None, False
    token: Token = span.root
    via_noun = False  # "the ceremony during a meeting in November": the date is the noun's
    conjunct = False  # reached from a coordinate: "on Sunday and Monday" (Monday's head Sunday)
    for _ in range(8):
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("amod", "compound"):
            if _clause_opens_after(token, span.end):
                return None, False  # a misparse: the date lies before its clause's "that"
            return _reporting_verb(token, span.start, span.end) or token, via_noun
        if token.head is token:
            return None, False
        if (
            token.i not in range(span.start, span.end)
            and token.pos_ in ("NOUN", "PROPN")
            and not conjunct
        ):
            via_noun = True
        conjunct = token.dep_ == "conj" and token.i in range(span.start, span.end)
        token = token.head
    return None, False


def _clause_opens_after(verb: Token, end: int) -> bool:
    """The verb's clause opens with a subordinator ("that", "whether", "because") after the
    token `end`: a date before it cannot be that clause's ("glossed over warnings on
    Thursday that strikes could do harm", with "glossed" misparsed as an adjective)."""
    return any(c.dep_ == "mark" and end <= c.i < verb.i for c in verb.children)


def _reporting_verb(verb: Token, at: int, end: int | None = None) -> Token | None:
    """ "The company said on Monday it would cut jobs": the parse often hangs the date on the
    reported verb, but a date between the reporting verb and the reported clause's subject,
    with no "that" before it, is the saying's. That verb, or None."""
    head = verb.head
    if verb.dep_ != "ccomp" or head is verb or not head.i < at < verb.i:
        return None
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or not at < subject.i:
        return None
    if end is not None and subject.i < end:
        return None  # "said Good Friday would be its busiest day": the date is the subject
    if any(t.lower_ == "that" for t in verb.doc[head.i + 1 : at]):
        return None
    return head


def governing_tense(doc: Doc, start: int, end: int) -> tuple[Tense | None, bool]:
    """Tense of the verb governing the characters [start, end) of `doc.text`, and whether the
    expression belongs to that verb's own clause: reached from the expression without passing
    through a noun ("arrived in June", "will visit in June"), not the date of a noun the verb
    speaks of ("cancelled the June summit", "signed a deal due in June")."""
    _, tense, direct = _governed(doc, start, end)
    return tense, direct


def _governed(doc: Doc, start: int, end: int) -> tuple[Token | None, Tense | None, bool]:
    """`governing_tense` with the governing verb it read (None when no verb governs)."""
    verb, via_noun = _governing_verb(doc, start, end)
    if verb is None:
        return None, None, False
    span = doc.char_span(start, end, alignment_mode="expand")
    thing = _likely_thing(span.root, verb) if via_noun and span is not None else None
    if thing == "likely" or (thing == "due" and _verb_tense(verb) != "past"):
        # "warned on Thursday of possible storms over the weekend", "an election due by May":
        # the storms, the election are to come (not "paid the instalment due in March")
        return verb, "future", True
    tense = _verb_tense(verb, span.start if span is not None else None)
    if tense == "future" and via_noun and _is_planned_infinitive(verb):
        if span is not None and _happening_on_the_way(span.root, verb):
            # "urged them to join a march on Saturday": the march is what is to come
            return verb, tense, False
        if not headline_future(verb):
            return verb, None, False  # the plan is the verb's; the noun's date may lie anywhere
        # "China to host talks in January": the headline's object is the planned happening,
        # its date the plan's
        return verb, tense, True
    return verb, tense, not via_noun


def future_of_a_past_saying(doc: Doc, start: int, end: int) -> bool:
    """The governing verb's future is a "would" reported by a past verb ("Beijing said the
    delegation would travel in February"): it lies after the saying, which lies before
    publication, so the date may lie on either side of publication. (A "would" of its own,
    "if elected, she would visit in June", still looks ahead from publication.)"""
    verb, _via_noun = _governing_verb(doc, start, end)
    if verb is None:
        return False
    if not {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")} & {"would", "'d"}:
        return False
    t = verb
    for _ in range(4):
        if t.head.i == t.i:
            return False
        if t.dep_ == "ccomp":
            return t.head.tag_ == "VBD" or any(
                c.dep_ in ("aux", "auxpass") and c.lower_ in ("had", "was", "were")
                for c in t.head.children
            )
        if t.dep_ not in ("conj", "xcomp"):
            return False
        t = t.head
    return False


def will_clause(doc: Doc, start: int, end: int) -> bool:
    """The expression belongs to its own verb's clause, told with "will" or "shall" ("the
    contests, on Nov. 8, will decide"): a future of its own, not a plan's ("were planning to
    sign on March 8", which may have come and gone) nor a past saying's "would"."""
    verb, via_noun = _governing_verb(doc, start, end)
    if verb is None or via_noun:
        return False
    return any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in verb.children)


def dates_main_clause(doc: Doc, start: int, end: int) -> bool:
    """The expression is the time of its sentence's main verb, told in the past: "He moved to
    Berlin in 2012", "Police arrested him on March 3, 2012" (not "since 2012", not "the 2012
    accord", not a subordinate clause's date)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    root = span.root
    # ("at": "touched down at 4:17 p.m. EDT on July 20, 1969", whose root may be its "on")
    prep = root if root.dep_ == "prep" else root.head
    if root.dep_ not in ("pobj", "prep") or prep.lower_ not in ("in", "on", "during", "at"):
        return False
    verb = prep.head
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    tense = _verb_tense(verb)
    while verb.dep_ == "conj" and verb.head is not verb:
        # "was granted in 2021 and suspended in 2022": a main verb joined to the first, whose
        # auxiliary and tense it shares
        verb = verb.head
        tense = tense or _verb_tense(verb)
    return verb.dep_ == "ROOT" and verb.pos_ in ("VERB", "AUX") and tense == "past"


_YEAR_TOKEN = re.compile(r"(?:1[6-9]|20)\d\d")


def when_clause_tense(doc: Doc, end: int) -> Tense | None:
    """The tense of a "when" clause right after a date ("recalls October, when OPEC+ agreed
    to cut"): the clause tells what happened then; None when no such clause follows."""
    m = WHEN_CLAUSE.match(doc.text, end)
    if m is None:
        return None
    span = doc.char_span(m.start("w"), m.end("w"))
    if span is None or span[0].head is span[0]:
        return None
    verb = span[0].head
    return _verb_tense(verb) if verb.pos_ in ("VERB", "AUX") else None


def described_year(doc: Doc, start: int, end: int) -> int | None:
    """The year of the thing a yearless date is told of, when a clause describes a noun that
    names its year: "The 2015 agreement, signed in Vienna on July 14, ..." (July 14, 2015),
    "the 2018 summit, which was held in Singapore in June". Not a fiscal year, whose days
    straddle two calendar years ("fiscal 2023, which begins on Oct. 1")."""
    verb, _via_noun = _governing_verb(doc, start, end)
    if verb is None:
        return None
    for _ in range(3):
        if verb.dep_ != "conj" or verb.head is verb:
            break
        verb = verb.head  # "signed in Vienna and ratified in June"
    opening = verb.tag_ in ("VBZ", "VBP") and _lemma(verb) in _OPENING
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if verb.dep_ in ("acl", "relcl"):
        if not (verb.tag_ in ("VBN", "VBD") or opening):
            return None  # (a present only of opening: "the 2019 season, which opens on April 24")
        noun = verb.head
    elif subject is not None and _happens(verb):
        noun = subject  # "The 2019 race will take place on April 28": the race's day
    else:
        return None
    kids = list(noun.children)
    if any(k.lower_ == "fiscal" for k in kids):
        return None
    years = [
        int(k.text)
        for k in kids
        if k.dep_ in ("nummod", "compound", "amod", "nmod") and _YEAR_TOKEN.fullmatch(k.text)
    ]
    return years[0] if len(years) == 1 else None


#: Verbs of a thing's own opening, whose present still dates within its named year ("the
#: 2019 season, which opens on April 24"; not "the 1988 accord, which expires in June").
_OPENING = {"open", "begin", "start", "kick"}
#: Verbs whose subject is the happening the date is the day of: "The 2019 race will take
#: place on April 28", "the 2016 summit was held in June" (not "the 2015 accord expires").
_HAPPENING = {"open", "begin", "start", "kick", "close", "end", "finish", "conclude", "run"}


def _happens(verb: Token) -> bool:
    """`verb` says its subject happens then: "takes place", "is held", "opens", "ends"."""
    lemma = _lemma(verb)
    if lemma == "take":
        return any(c.lower_ == "place" for c in verb.children)
    if lemma in ("hold", "stage"):
        return any(c.dep_ == "auxpass" for c in verb.children)
    return lemma in _HAPPENING


#: Parts of a day a date may be "the ... of": "on the evening of May 2".
_DAY_PARTS = {"morning", "afternoon", "evening", "night", "day", "eve"}


def dated_on(doc: Doc, start: int, end: int) -> bool:
    """The expression is the day its clause's verb happened on: after "on" ("was arrested on
    March 3", "was seen on the evening of May 2") or bare after the verb ("arrested him March
    3"), not the end of something that verb set ("extended the offer to Nov. 20", "until")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    root = span.root
    if root.dep_ == "npadvmod":
        return _told_past(root.head)
    if root.dep_ != "pobj":
        return False
    prep = root.head
    if prep.lower_ == "of" and prep.head.lower_ in _DAY_PARTS and prep.head.dep_ == "pobj":
        prep = prep.head.head  # "on the evening of May 2"
    return prep.lower_ == "on" and _told_past(prep.head)


def _told_past(verb: Token) -> bool:
    """`verb` is told in the past by its own form: "arrested", "was arrested", "had been
    seen"; not an infinitive that takes a past from the verb above it ("subpoenaed him to
    testify on Feb. 10", "had been set to expire Nov. 6"), nor "has set Nov. 10 as ..."."""
    if verb.tag_ == "VBD":
        return True
    auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return verb.tag_ == "VBN" and bool(auxes & {"was", "were", "had"})


#: Auxiliaries that carry a tense (a participle after only "getting" or "being" has none).
_FINITE_AUX = {"was", "were", "had", "has", "have", "is", "are", "am", "'s", "'re", "got", "gets"}
_FINITE_AUX |= {"will", "shall", "would", "could", "may", "might", "should", "must", "can"}


#: Past participles that look ahead: "expected Wednesday", "scheduled for Friday".
_ANTICIPATED = {"expect", "schedule", "due", "slate", "plan", "set"}


def _anticipated(verb: Token) -> bool:
    """A past participle of planning that looks ahead; "set" only as "set to"/"set for"
    ("its record high set on Aug. 6" is past)."""
    lemma = _lemma(verb)
    if lemma not in _ANTICIPATED:
        return False
    if lemma in ("set", "plan"):
        return any(
            c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ == "for") for c in verb.children
        )
    return True


_NEGATIVE_WORDS = {"nobody", "none", "neither", "nothing", "no"}


def _negative_subject(verb: Token) -> bool:
    """The verb's subject is negative: "nobody", "none of them", "neither he nor", "no
    official"."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            words = {child.lower_} | {
                c.lower_ for c in child.children if c.dep_ in ("preconj", "det", "neg")
            }
            return bool(words & _NEGATIVE_WORDS)
    return False


def _is_planned_infinitive(verb: Token) -> bool:
    """ "(invited Kim) to attend": an infinitive under a verb of planning."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    return verb.tag_ == "VB" and any(a.lower_ == "to" for a in auxes)


#: Verbs whose object is a happening arranged for later: "planned a march on Saturday",
#: "called for protests on Sunday" (with "for"): a date after the object is the object's.
_ARRANGING = {"plan": "", "call": "for", "schedule": "", "slate": ""}
#: What one calls for that takes place on a day. "Called for calm on Sunday", "called for an
#: inquiry on Friday" date the call: wire copy puts the day after the object.
_CALLED_HAPPENINGS = {
    "protest", "strike", "rally", "march", "demonstration", "walkout", "boycott", "vote",
    "election", "referendum", "meeting", "talks", "summit", "vigil", "sit-in", "shutdown",
    "stoppage", "picket", "gathering", "session", "hearing", "debate", "day", "mobilization",
    "mobilisation", "uprising", "blockade",
}  # fmt: skip


def _arranged_object(verb: Token, at: int | None) -> bool:
    """The date at token `at` comes after the object of a verb of arranging ("planned a march
    in the capital on Saturday", "called for a general strike on Monday"): the date is the
    arranged happening's, which lies after the arranging. A date before that object ("On
    Friday, the government planned ...", "called on Sunday for ...") is the arranging's own."""
    lemma = _lemma(verb)
    if at is None or lemma not in _ARRANGING or at < verb.i:
        return False
    if any(c.dep_ == "aux" and c.lower_ == "had" for c in verb.children):
        return False  # "had planned a march for Saturday": a plan seen from the past
    prep = _ARRANGING[lemma]
    if lemma == "call" and _for_a_called_happening(verb, at):
        return True
    for child in verb.children:
        if prep and child.dep_ == "prep" and child.lower_ == prep:
            objects = [
                g for g in child.children if g.dep_ == "pobj" and _lemma(g) in _CALLED_HAPPENINGS
            ]
        elif not prep and child.dep_ == "dobj":
            objects = [child]
        else:
            continue
        if any(o.i < at for o in objects):
            return True
    return False


#: Verbs that set a day "for" a happening: "has been rescheduled for Tuesday evening".
_SETTING_FOR = {
    "schedule", "reschedule", "set", "slate", "move", "plan", "push", "fix", "book",
    # what is added, sold or reserved "for" a day or month is for a time ahead of the adding:
    # "have added thousands of flights for July and August"
    "add", "sell", "reserve",
}  # fmt: skip


def _set_for(verb: Token, at: int | None) -> bool:
    """The date is what a verb of setting sets something "for" ("the ceremony has been
    rescheduled for Tuesday", "was moved for Friday"): it lies ahead of the setting, unless
    set by "had"."""
    if at is None or _lemma(verb) not in _SETTING_FOR:
        return False
    prep = verb.doc[at].head
    for _ in range(2):  # "for Tuesday evening": up from "Tuesday" to "evening", then "for"
        if prep.dep_ == "prep" or prep.head is prep:
            break
        prep = prep.head
    return (
        prep.lower_ == "for"
        and prep.head.i == verb.i
        and not any(c.lower_ == "had" for c in verb.children if c.dep_ in ("aux", "auxpass"))
    )


def _for_a_called_happening(verb: Token, at: int) -> bool:
    """ "Unions called a general strike for Wednesday": a happening called, then "for" its
    day (a day after "on" may be the calling's own)."""
    date = verb.doc[at]
    while date.dep_ in ("compound", "amod", "nummod") and date.head is not date:
        date = date.head  # "for Friday afternoon": up from "Friday" to "afternoon"
    date_prep = date.head
    return (
        date_prep.lower_ == "for"
        and date_prep.i < at
        and any(
            c.dep_ == "dobj" and _lemma(c) in _CALLED_HAPPENINGS and c.i < at for c in verb.children
        )
    )


#: Verbs of saying: a headline ends with one ("Fares to rise in March, council says"); one
#: in the past shifts back the tense of what it reports (`_reported`).
_SAYING = {"say", "tell", "report", "announce", "confirm", "claim", "warn"}
#: Marks that end a sentence (a headline line has none), and closing quotes after them.
_SENTENCE_END = ".!?…。！？"
_CLOSING = '"”’)]» \n'


def headline_future(verb: Token) -> bool:
    """A headline's "to"-future: "Mayor to open bridge Saturday", "UN envoy to meet rebels on
    Friday", "Bridge to be reopened Monday", "Council says fares to rise in March". A subject
    with an infinitive and no finite verb above it, in a line that ends no sentence, tells what
    is to happen (a planned happening; the infinitive has no tense of its own elsewhere)."""
    if verb.dep_ == "conj" and verb.tag_ == "VB" and verb.head is not verb:
        if not any(c.dep_ in ("aux", "auxpass") for c in verb.children):
            return headline_future(verb.head)  # "to open bridge and close road Monday"
        return False
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if not any(a.lower_ == "to" and a.i < verb.i for a in auxes):
        return False
    if any(a.lower_ not in ("to", "be") for a in auxes):
        return False  # "to have opened": a perfect, no plan
    passive = any(a.lower_ == "be" for a in auxes)
    if verb.tag_ != ("VBN" if passive else "VB"):
        return False
    if not _headline_subject(verb):
        return False
    return _headline_line(verb)


def _headline_line(verb: Token) -> bool:
    """The verb's sentence ends no sentence: a headline's line ("Mayor to open bridge
    Saturday", "Residents mark grim Christmas")."""
    text = verb.sent.text.rstrip(_CLOSING)
    return bool(text) and text[-1] not in _SENTENCE_END


def _headline_expected(verb: Token) -> bool:
    """A headline's "Early Easter expected to bring busiest getaway", "Storm set to hit coast
    Monday": the participle of a plan with no auxiliary (the small model tags it a past verb),
    its infinitive after it, on a line that ends no sentence."""
    if _lemma(verb) not in ("expect", "set", "poise", "slate", "due") or verb.tag_ not in (
        "VBD",
        "VBN",
    ):
        return False
    if any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return False
    if not any(
        c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children) for c in verb.children
    ):
        return False
    return _headline_line(verb)


def _headline_subject(verb: Token) -> bool:
    """The infinitive has a subject and nothing finite above it: it is the root with its own
    subject ("Mayor to open"), the clause of a root noun ("UN envoy to meet", "Bridge to
    open"), or the reported clause of a present verb of saying, with its subject or of its
    subject ("Council says fares to rise", "Fares to rise, council says")."""
    head = verb.head
    subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
    if verb.dep_ == "ROOT":
        return subject
    if verb.dep_ == "ccomp":
        return subject and _saying_root(head)
    if verb.dep_ not in ("relcl", "acl", "advcl") or head.i > verb.i:
        return False
    if head.pos_ not in ("NOUN", "PROPN"):
        return False
    # "Fares to rise in March, council says" (the subject may be parsed as a bare "dep")
    return head.dep_ == "ROOT" or (head.dep_ in ("nsubj", "dep") and _saying_root(head.head))


#: Verbs whose past participle still looks ahead: "rain was forecast for Saturday".
_FORECAST = {"forecast", "predict"}
#: Verbs of expecting: "was expected to", "were forecast to".
_EXPECTING = {"expect", "project", *_FORECAST}
#: A plan's words that an expectation's reading extends to: "was due to leave on Friday",
#: "were scheduled to resume on Saturday" (not "had been": a plan as it stood then).
_DUE = {"due", "schedule", "slate", "set"}
#: Words that say an expectation came to nothing: "was expected to land on Tuesday but".
_BELIED = {"but", "instead", "however", "yet", "although", "though", "now"}


def _expectation_standing(governor: Token) -> bool:
    """ "Isaac was expected to pass through the islands on Thursday", "talks were expected
    to resume at 10 a.m. on Tuesday": an expectation in the simple past is the writer's as
    of writing, of a thing still to come, unless the sentence tells it came to nothing
    ("was expected to land on Tuesday but was diverted")."""
    if _lemma(governor) not in _EXPECTING | _DUE:
        return False
    if _told_at_a_date(governor):
        return False  # an expectation as it stood at a date told, not the writer's
    if any(_calls_off(t) and not _joined(governor, t) for t in governor.sent):
        # "was postponed hours before doors were due to open at 7 p.m.", "called off the
        # Grand Prix two hours before practice was due to begin on Friday" (not "had
        # cancelled Monday's flights and expected disruption on Tuesday": another act)
        return False
    return not any(t.lower_ in _BELIED for t in governor.sent if t.i > governor.i)


def _told_at_a_date(verb: Token) -> bool:
    """A date of the verb's own is told before it ("In the first week of March, schools
    still expected to reopen by the end of the month"): what the verb says stood then (not a
    date of another verb: "said last month it expected to fly ... in the fourth quarter")."""
    for t in verb.sent:
        if t.i >= verb.i or t.ent_type_ != "DATE":
            continue
        head = t.head
        for _ in range(6):
            if head.pos_ in ("VERB", "AUX") or head.head is head:
                break
            head = head.head
        if head.i == verb.i:
            return True
    return False


#: Verbs of calling a plan off or putting it back.
_CALLED_OFF = {
    "postpone", "cancel", "delay", "scrap", "suspend", "reschedule", "abandon", "shelve",
    "scrub", "defer", "halt",
}  # fmt: skip


def _called_off(participle: Token) -> bool:
    """The thing the participle describes ("a concert scheduled for Wednesday") is what a past
    verb calls off or puts back ("was postponed", "were cancelled", "called off")."""
    thing = participle.head
    verb = thing.head
    if (
        participle.dep_ != "acl"
        or not (_anticipated(participle) or _lemma(participle) in _SETTING_FOR)
        or any(c.dep_ in ("aux", "auxpass") for c in participle.children)
        or thing.dep_ not in ("nsubj", "nsubjpass")
        or verb is thing
    ):
        return False
    return _calls_off(verb) and verb.tag_ in ("VBD", "VBN")


def _joined(verb: Token, other: Token) -> bool:
    """`verb` is a conjunct of `other` ("had cancelled ... and expected"): a clause of its own."""
    return verb.dep_ == "conj" and verb.head.i == other.i


def _calls_off(verb: Token) -> bool:
    """A verb of calling a plan off or putting it back ("postponed", "called off")."""
    return verb.pos_ == "VERB" and (
        _lemma(verb) in _CALLED_OFF
        or (_lemma(verb) == "call" and any(c.lower_ == "off" for c in verb.children))
    )


def _reported(clause: Token) -> bool:
    """`clause` heads what a past verb of saying reports ("a spokesman said the union was
    prepared to ..."): its past tense is the saying's, shifted back from a present ("is
    prepared to"), so a plan in it still stands when reported."""
    return clause.dep_ == "ccomp" and clause.head.tag_ == "VBD" and _lemma(clause.head) in _SAYING


#: What a copula says of a thing to come: "was likely", "were possible".
_LIKELY = {"likely", "possible", "probable", "unlikely", "expected"}


def _way_up(token: Token, verb: Token) -> Iterator[Token]:
    """The tokens from a date's `token` up the parse to its `verb` (not included), at most
    eight; none past the sentence's root."""
    for _ in range(8):
        if token.i == verb.i or token.head is token:
            return
        yield token
        token = token.head


def _happening_on_the_way(token: Token, verb: Token) -> bool:
    """On the way up from the date to its verb, a happening that is the verb's object ("join
    a march on Saturday"; not "attend the ceremony during a meeting in November", where the
    meeting is where it was asked)."""
    for t in _way_up(token, verb):
        if t.dep_ == "dobj" and t.head.i == verb.i:
            return _lemma(t) in _CALLED_HAPPENINGS
    return False


def _likely_thing(token: Token, verb: Token) -> str | None:
    """On the way up from the date to its verb, a noun said to be possible or likely
    ("possible storms over the weekend", "likely delays on Monday": "likely"), or one said
    to be due ("a federal election due by May": "due"); else None."""
    for t in _way_up(token, verb):
        if t.pos_ == "NOUN" and any(
            c.dep_ == "amod" and c.lower_ in _LIKELY and c.i < t.i for c in t.children
        ):
            return "likely"
        if t.lower_ == "due" and t.pos_ == "ADJ":
            return "due"
    return None


def _infinitive_after(verb: Token, at: int | None) -> bool:
    """The verb goes on with an infinitive after the token `at` ("was forecast on Tuesday to
    weaken"): what is forecast is that, the date the forecast's own."""
    return any(
        c.dep_ in ("xcomp", "advcl")
        and c.i > (at if at is not None else verb.i)
        and any(a.lower_ == "to" for a in c.children)
        for c in verb.children
    )


def _says_to_come(verb: Token) -> bool:
    """A copula whose complement says what is to come: "is due", "is likely", "is possible"."""
    return any(c.dep_ == "acomp" and c.lower_ in _LIKELY | {"due"} for c in verb.children)


def _likely_reported(verb: Token) -> bool:
    """A past copula with "likely" or "possible" in what a past verb of saying reports ("they
    warned that more showers were possible over the weekend"): a forecast as it was made,
    shifted back from "are possible", so it looks ahead as the forecast did."""
    return verb.lemma_ == "be" and _says_to_come(verb) and _reported(verb)


def _saying_root(verb: Token) -> bool:
    """The sentence's root is a verb of saying in the present: "council says"."""
    return verb.dep_ == "ROOT" and verb.tag_ in ("VBZ", "VBP") and _lemma(verb) in _SAYING


def _verb_tense(verb: Token, at: int | None = None) -> Tense | None:
    """The tense of `verb`; `at`, the first token of the date, when it is known (see
    `_arranged_object`)."""
    if verb.tag_ == "VBN" and _called_off(verb):
        # "a concert scheduled for Wednesday was postponed": the plan was called off, so its
        # day may lie on either side of publication (yesterday's, or one still to come)
        return None
    if (
        _arranged_object(verb, at)
        or headline_future(verb)
        or _set_for(verb, at)
        or _headline_expected(verb)
    ):
        return "future"
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    participle = verb.dep_ in ("acl", "amod", "advcl", "pcomp") and not auxes
    than = verb.i > 0 and verb.doc[verb.i - 1].lower_ == "than"  # "rose more than expected"
    if than and _lemma(verb) == "expect":
        return _verb_tense(verb.head) if verb.head is not verb else None
    if (
        participle
        and verb.tag_ == "VBN"
        and verb.dep_ == "advcl"
        and _lemma(verb) in ("follow", "precede")
        and verb.head is not verb
        and verb.head.pos_ in ("VERB", "AUX")
    ):
        # "a state funeral on Saturday, followed by burial the next day", "will land on
        # Wednesday, followed by a second landing later in the week": what comes in turn has
        # the tense of what it follows
        return _verb_tense(verb.head)
    if participle and verb.tag_ == "VBN" and _anticipated(verb):
        return "future"  # "a deal expected early on Wednesday", "talks scheduled for Friday"
    if (
        verb.tag_ == "VBG"
        and not auxes
        and verb.dep_ in ("acl", "amod", "advcl", "pcomp", "xcomp", "conj", "csubj", "prep")
    ):
        # "with talks grinding into Wednesday", "to raise rates starting Jan. 1", "will begin
        # withdrawing on Friday", "(a family) taking out a loan in January would have paid":
        # a gerund or present
        # participle has the tense of the clause it is in, none when that clause has none
        # (a past participle, "the decision announced Wednesday", is past, as below)
        head = verb.head
        for _ in range(8):
            if head.pos_ in ("VERB", "AUX") or head.head.i == head.i:
                break
            head = head.head
        if head.i != verb.i and head.pos_ in ("VERB", "AUX"):
            return _verb_tense(head)
        return None
    if words & {"could", "would"} and (
        any(c.dep_ == "neg" for c in verb.children) or _negative_subject(verb)
    ):
        # "could not be reached Wednesday", "neither he nor his aides could be located
        # Wednesday": a report of the past, not a plan
        return None
    if words & _MODALS and "have" in words:
        return "past"  # "may have been responsible for Wednesday's drop": a guess about the past
    if words & _FUTURE_AUX or words & _MODALS:
        return "future"
    if verb.lower_ in _MODALS:
        return "future"
    if (
        verb.dep_ == "conj"
        and not auxes
        and verb.tag_ in ("VB", "VBN")
        and verb.head is not verb
        and (
            verb.tag_ == "VB"
            or (
                verb.head.pos_ in ("VERB", "AUX")
                and any(c.dep_ in ("aux", "auxpass") for c in verb.head.children)
            )
        )
    ):
        # "will begin at 10 p.m. Sunday and end at 8 a.m. Wednesday", "will be audited and
        # published by 31 October": the auxiliary of the first verb is the second's too
        return _verb_tense(verb.head)
    if words & {"'d", "’d"} and verb.tag_ == "VB":
        return "future"  # "we'd be back Monday": would (a "had" takes a participle)
    if verb.tag_ == "VB" and any(a.lower_ == "to" for a in auxes):
        governor = verb.head
        if verb.dep_ == "conj" and governor is not verb and governor.tag_ == "VB":
            # "told them to keep the systems offline and to report back by Monday": the
            # first infinitive's tense
            return _verb_tense(governor)
        if governor is not verb and (_lemma(governor) in _PLANNING or going_to(governor)):
            gov_aux = {a.lower_ for a in governor.children if a.dep_ in ("aux", "auxpass")}
            cop = governor.head
            if governor.dep_ in ("acomp", "attr") and governor.head is not governor:
                # "had been due to expire Friday", "was likely to close": the copula's tense
                gov_aux.add(cop.lower_)
                gov_aux |= {a.lower_ for a in cop.children if a.dep_ in ("aux", "auxpass")}
            if "had" in gov_aux or (
                gov_aux & {"was", "were"}
                and (governor.tag_ != "VBG" or going_to(governor))
                and not _reported(cop if governor.dep_ in ("acomp", "attr") else governor)
                and not _expectation_standing(governor)
            ):
                # "had been scheduled to expire Friday", "was due to", "was going to sign the
                # deal on Friday (but ...)": a plan as it stood in the past, dated as the past
                return "past"
            if (governor.tag_ == "VBD" or gov_aux & {"was", "were"}) and _told_at_a_date(governor):
                # "In the first week of March, schools still expected to reopen by the end
                # of the month": the plan as it stood at the date told, in the story's past
                return "past"
            # "were planning to march on Monday": an intention still held when reported
            return "future"
        if (
            governor is not verb
            and verb.dep_ == "xcomp"
            and _lemma(governor) == "be"
            and governor.tag_ == "VBD"
            and not _told_at_a_date(governor)
        ):
            return "future"  # "Obama was to meet Wednesday with business owners": a plan
        if governor is not verb and governor.pos_ in ("VERB", "AUX", "ADJ"):
            return _verb_tense(governor) if governor.tag_ != "VB" else None
    if (
        verb.tag_ == "VBN"
        and (
            _lemma(verb) in _FORECAST
            or (
                _lemma(verb) in _EXPECTING
                and words & {"was", "were"}
                and _expectation_standing(verb)
            )
        )
        and "had" not in words
        and (at is None or at > verb.i)
        and not _infinitive_after(verb, at)
    ):
        # "snow was forecast for Wednesday": a forecast looks ahead (but "was forecast on
        # Tuesday to weaken": the day it was made); so does an expectation standing ("was
        # expected back in Gaza on Wednesday", "teams were expected at the weekend")
        return "future"
    if verb.tag_ == "VBD" and _likely_reported(verb):
        return "future"  # "forecasters said snow was likely through the weekend"
    if verb.tag_ in ("VBZ", "VBP") and verb.lemma_ == "be" and _says_to_come(verb):
        return "future"  # "the next review is due in January", "rain is likely on Friday"
    if (
        _lemma(verb) in ("schedule", "slate", "plan")
        and verb.tag_ in ("VBD", "VBN")
        and (at is None or at > verb.i)
        and "had" not in words
    ):
        return "future"  # "has scheduled a news conference Thursday" (not "On Friday, it planned")
    if (
        _lemma(verb) in _EXPECTING
        and verb.tag_ == "VBD"
        and at is not None
        and any(c.dep_ == "dobj" and verb.i < c.i < at for c in verb.children)
        and _expectation_standing(verb)
    ):
        # "said it expected further cancellations through Sunday", "forecast more snow in the
        # mountains on Friday": what is expected, its date after it, is still to come (not
        # "forecast on Friday that ...": the forecast's own day)
        return "future"
    if verb.tag_ == "VBD":
        return "past"
    if verb.tag_ == "VBN" and verb.dep_ == "xcomp" and not words & _FINITE_AUX:
        # "is going to start getting beat up in the spring", "will keep getting pushed up":
        # a participle without a tensed auxiliary has the tense of the verb it completes
        head = verb.head
        if head.i != verb.i and head.pos_ in ("VERB", "AUX"):
            return _verb_tense(head)
    if (
        verb.tag_ == "VBN"
        and verb.dep_ in ("ccomp", "xcomp", "oprd")
        and verb.head.tag_ == "VB"
        and _lemma(verb.head) in ("have", "get")
        and any(a.lower_ == "to" for a in verb.head.children if a.dep_ == "aux")
    ):
        # "hoped to have it fully contained by mid-July": the plan's tense, not a perfect
        return _verb_tense(verb.head)
    if (
        verb.tag_ == "VBN"
        and words & {"has", "have"}
        and any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in verb.children)
    ):
        return "future"  # "can walk away if the deal has not closed by Aug. 15": a condition
    if verb.tag_ == "VBN":
        if words & {"is", "are", "am", "'s", "'re"} and _anticipated(verb):
            return "future"  # "talks on Monday are expected to ...", "is scheduled for Friday"
        if words & {"was", "were", "had"}:
            return "past"
        if words & {"has", "have"}:
            return "past"
        if words & {"is", "are", "am", "be", "being"}:
            return "present"
        return "past"
    if verb.tag_ == "VBG":
        if words & {"was", "were"}:
            return "past"
        if words & {"is", "are", "am", "'s", "'re"}:
            return "present"
        return None
    if (
        verb.tag_ in ("VBP", "VB")
        and not auxes
        and verb.lower_ in _SAME_FORM
        and _singular_subject(verb)
    ):
        return "past"  # "Weakness hurt the index on Friday": a present would be "hurts"
    if verb.tag_ in ("VBZ", "VBP") and any(
        c.dep_ == "mark" and c.lower_ in ("if", "unless", "once") for c in verb.children
    ):
        return "future"  # "if they win the White House in November": a condition to come
    if verb.tag_ in ("VBZ", "VBP"):
        return "present"
    return None


#: Verbs whose past is their present form: tagged VBP, they may well be past.
_SAME_FORM = {
    "hurt", "cut", "put", "set", "hit", "cost", "let", "shut", "spread", "split", "quit", "bid",
    "cast", "burst", "thrust", "upset", "broadcast", "forecast", "read", "beat", "bet", "shed",
}  # fmt: skip
_SINGULAR_PRONOUNS = {"he", "she", "it", "this", "that", "who", "which", "one"}


def _singular_subject(verb: Token) -> bool:
    """The verb's subject is a third person singular ("weakness", "the index", "she"), which
    a present tense would mark with -s."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            if child.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
                child = verb.head  # "the index, which hurt ...": its antecedent
            return child.tag_ in ("NN", "NNP") or child.lower_ in _SINGULAR_PRONOUNS
    return False


_CLAUSE_END = re.compile(
    r"[.!?](?=[\"”’')]*\s+(?:[\"“(]|``)?[A-Z0-9]|[\"”’')]*\s*$)|[;\n]"
    r"|,\s+(?:but|and|while|which|who|although)\b|\s[–—-]{1,2}\s"
)
#: Words whose period ends no clause: "from Sept. 14 to Thursday", "Gen. Lee said Monday".
_ABBREVIATIONS = {
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mr", "mrs", "ms", "dr", "st", "no", "gen", "col", "lt", "sgt", "capt", "sen", "rep",
    "gov", "prof", "rev", "ft", "mt", "vs", "approx", "est", "corp", "co", "bros", "messrs",
}  # fmt: skip
_WORD_BEFORE = re.compile(r"([A-Za-z]+)$")


def _ends_clause(text: str, boundary: re.Match[str]) -> bool:
    """A clause end, unless it is the period of an abbreviation ("Sept. 14", "Gen. Lee")."""
    return text[boundary.start()] != "." or not abbreviation_period(text, boundary.start())


def abbreviation_period(text: str, dot: int) -> bool:
    """The period at `dot` ends an abbreviation ("Oct. 3", "Gen. Lee"), not a sentence."""
    word = _WORD_BEFORE.search(text, max(0, dot - 12), dot)
    return word is not None and word.group(1).lower() in _ABBREVIATIONS


def _clause_ends(text: str, lo: int, hi: int) -> list[re.Match[str]]:
    return [b for b in _CLAUSE_END.finditer(text, lo, hi) if _ends_clause(text, b)]


_WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
_FUTURE_WORDS = {
    "will",
    "shall",
    "won't",
    "won’t",
    "'ll",
    "would",
    "could",
    "may",
    "might",
    "should",
    "scheduled",
    "payable",
    "effective",
    "upcoming",
    "plans",
    "planning",
    "expects",
    "intends",
    "hopes",
    "aims",
}
_PAST_WORDS = {
    "said",
    "was",
    "were",
    "had",
    "did",
    "met",
    "told",
    "went",
    "came",
    "made",
    "took",
    "gave",
    "held",
    "left",
    "began",
    "won",
    "lost",
    "fell",
    "rose",
    "sold",
    "bought",
    "paid",
    "saw",
    "got",
    "ran",
    "became",
    "since",
    "ago",
    "earlier",
    "spoke",
    "wrote",
    "sent",
    "led",
    "brought",
    "struck",
    "hit",
    "shot",
    "set",
    "put",
    "cut",
    "quit",
    "read",
    "kept",
    "felt",
    "found",
    "heard",
    "meant",
    "stood",
    "thought",
    "grew",
    "knew",
    "drew",
    "flew",
    "threw",
    # irregular past forms the "-ed" test misses
    "broke", "fought", "sought", "caught", "taught", "built", "spent", "lent", "dealt",
    "sank", "sang", "rang", "hung", "stuck", "fled", "chose", "froze", "rode", "drove",
    "wore", "tore", "swore", "stole", "woke", "shook", "forgot", "withdrew", "overtook",
    "undertook", "arose", "bore", "blew", "hid", "knelt", "laid", "lit", "misled",
    "overcame", "overran", "overthrew", "rebuilt", "rewrote", "sat", "shrank", "slept",
    "spun", "sprang", "strove", "swept", "swung", "understood", "upheld", "wept", "withheld",
    "withstood", "slid", "sped", "dug", "forbade", "foresaw", "forgave", "clung", "crept",
    "flung", "stung", "strode",
}  # fmt: skip
_PRESENT_WORDS = {"is", "are", "am", "runs", "begins", "starts", "opens", "ends", "falls", "lasts"}
_NOT_PAST = {"need", "speed", "seed", "feed", "breed", "indeed", "proceed", "exceed", "red", "bed"}
_NOT_PAST |= {"scheduled", "expected", "planned", "proposed", "united", "limited", "based", "used"}


_TO_FUTURE = {
    "going",
    "expected",
    "set",
    "plan",
    "plans",
    "planned",
    "planning",
    "intend",
    "intends",
    "likely",
}
_TO_FUTURE |= {
    "scheduled",
    "expect",
    "expects",
    "hope",
    "hopes",
    "want",
    "wants",
    "aim",
    "aims",
    "prepare",
    # an agreement's action lies after it: "agreed to buy the unit in February"
    "agree",
    "agrees",
    "agreed",
    "agreement",
}


def _cue(word: str) -> Tense | None:
    if word in ("May", "March"):
        return None  # the months, not the modal and the verb
    w = word.lower()
    if w in ("going",):
        return None
    if w in _FUTURE_WORDS or w.endswith(("'ll", "’ll")):
        return "future"
    if w in _PAST_WORDS or (len(w) > 4 and w.endswith("ed") and w not in _NOT_PAST):
        return "past"
    if w in _PRESENT_WORDS:
        return "present"
    return None


#: Words of arranging a happening for later, with the preposition before their object.
_ARRANGING_WORDS = {"planned": "", "called": "for"}
#: Words that may stand between such a verb and the date without being its object.
_NO_OBJECT = {"on", "for", "at", "in", "by", "the", "a", "an", "this", "next", "until", "early"}
_PREPOSITIONS = {"on", "for", "at", "in", "by", "to", "from", "with", "since", "until", "during"}


def _arranges(words: list[str], i: int) -> bool:
    """`words[i]` arranges a happening whose object stands between it and the date (the
    words after it up to the date): "planned a march in the capital on", "called for
    protests on". Not when the date follows the verb at once ("planned on Friday to ...",
    "called on Sunday for ..."), nor after "had" ("had planned a march for Saturday")."""
    prep = _ARRANGING_WORDS.get(words[i].lower())
    if prep is None or (i > 0 and words[i - 1].lower() == "had"):
        return False
    rest = [w.lower() for w in words[i + 1 :]]
    if prep:
        if not rest or rest[0] != prep:
            return False
        rest = rest[1:]
        # "called for protests on": a happening; not "called for calm on Sunday"
        return any(w in _CALLED_HAPPENINGS or w.rstrip("s") in _CALLED_HAPPENINGS for w in rest)
    elif not rest or rest[0] in _PREPOSITIONS:
        return False  # "the rally planned at the stadium for Saturday": a participle, no object
    return any(w not in _NO_OBJECT for w in rest)


def _attributive(words: list[str], i: int) -> bool:
    """`words[i]`, an "-ed" form, stands between a determiner (and adverbs) and its noun:
    "a still unspecified date", "the revised offer", an adjective, not a past verb."""
    word = words[i].lower()
    if word in _PAST_WORDS or i + 1 >= len(words):
        return False
    j = i - 1
    while j >= 0 and (words[j].lower().endswith("ly") or words[j].lower() in _DEGREE):
        j -= 1
    return j >= 0 and words[j].lower() in _DETERMINERS and words[j].lower() != "that"


#: Adverbs of degree or time that may stand between a determiner and its adjective.
_DEGREE = {"still", "very", "more", "most", "less", "least", "so", "too", "yet", "as", "not"}


#: A quotation mark that opens a quotation: "``", "“", or a straight double quote after a space,
#: a bracket or a colon and before a word. Its closing partners: "''", "”", a straight quote
#: after a word.
_OPEN_QUOTE = re.compile(r'``|“|(?:(?<=[\s(\[:])|^)"(?=[\w‘\'])')
_CLOSE_QUOTE = re.compile(r"''|”|(?<=[\w.,!?])\"")


def _quote_bounds(text: str, lo: int, start: int, end: int, hi: int) -> tuple[int, int]:
    """Narrow the clause [lo, hi) around a date to its side of a quotation: a date inside a
    quotation that opens before it is the speaker's ("said: "On Monday the talks will
    resume"", not the reporter's "said"), and a quotation that opens after it is another
    clause ("The mayor on Thursday: "We have been waiting ..."")."""
    opened = None
    for q in _OPEN_QUOTE.finditer(text, lo, start):
        opened = q
    if opened is not None and _CLOSE_QUOTE.search(text, opened.end(), start) is None:
        lo = opened.end()
    ahead = _OPEN_QUOTE.search(text, end, hi)
    if ahead is not None:
        hi = ahead.start()
    return lo, hi


#: Words that open a clause of time ("as soon as trading opened Monday"): its verb is put in
#: the past by the sequence of tenses after a past main verb, and follows the main clause's
#: plan when that lies ahead ("were likely to buy ... as soon as trading opened Monday"). Not
#: "when" or "after", whose past may be a real one ("will resign after the board voted
#: Friday", "will never forget when the plane crashed on Monday").
_TIME_CLAUSE = {"once", "before", "until", "till"}
_AS_SOON_AS = ("as", "soon", "as")
#: Words after "once" that make it an adverb ("once again", "once more"), not "as soon as".
_ONCE_ADVERB = {"again", "more", "before", "upon", "and", "or"}


def _time_clause_start(words: list[re.Match[str]], i: int) -> int | None:
    """Where a clause of time opens that holds the past verb `words[i]` (at most five words
    before it, no clause break between), else None."""
    for k in range(i - 1, max(-1, i - 6), -1):
        w = words[k].group(0).lower()
        if w in _CLAUSE_BREAK and w not in ("was", "were", "had"):
            return None
        if w in _TIME_CLAUSE and not (
            w == "once" and k + 1 < len(words) and words[k + 1].group(0).lower() in _ONCE_ADVERB
        ):
            return words[k].start()
        if k >= 2 and tuple(x.group(0).lower() for x in words[k - 2 : k + 1]) == _AS_SOON_AS:
            return words[k - 2].start()
    return None


def _clause_start(text: str, start: int) -> int:
    """Where the clause holding `start` opens: after the last clause end in the 200
    characters before it (bounded: linear in the text)."""
    lo = max(0, start - 200)
    for boundary in _clause_ends(text, lo, start):
        lo = boundary.end()
    return lo


def tense_from_text(text: str, start: int, end: int) -> Tense | None:
    """Regex fallback: the nearest tense cue in the clause, looking back first, then ahead."""
    lo = _clause_start(text, start)
    # bounded (linear in the text); past end + 120 nothing counts, so "$" at the bound is moot;
    # a fronted date ("In January, a week after ..., a bombing in ... killed") is its main
    # clause's, whose verb may follow a long subject: up to the clause end within 240
    reach = 240 if text.startswith(",", end) else 120
    ends = _clause_ends(text, end, end + 240)
    hi = min(ends[0].start() if ends else len(text), end + reach)
    lo, hi = _quote_bounds(text, lo, start, end, hi)
    matches = list(_WORD.finditer(text, lo, start))
    before = [w.group(0) for w in matches]
    for i in range(len(before) - 1, -1, -1):
        word = before[i].lower()
        if word == "to" and i > 0 and before[i - 1].lower() in _TO_FUTURE:
            held = {b.lower() for b in before[max(0, i - 4) : i - 1]}
            prev = before[i - 1].lower()
            past_plan = not prev.endswith("ing") or prev == "going"  # not "were planning to"
            if "had" in held or (held & {"was", "were"} and past_plan):
                return "past"  # "had been scheduled to expire Friday", "was due to"
            # "were planning to march on Monday": an intention still held when reported
            return "future"
        if _arranges(before, i):
            return "future"  # "planned a march on Saturday": the march's day
        if word == "earlier" and i + 1 < len(before) and before[i + 1].lower() == "than":
            continue  # "will launch no earlier than March": a bound, no past
        cue = _cue(before[i])
        if cue == "past" and _attributive(before, i):
            cue = None  # "on a still unspecified date", "the revised plan": an adjective
        if word == "set" and i + 1 < len(before) and before[i + 1].lower() in ("for", "to"):
            cue = "future"  # "the vote, set for Friday": a plan
        aux = [b.lower() for b in before[max(0, i - 3) : i]]
        if cue == "past" and aux[-2:] in (["will", "be"], ["would", "be"], ["shall", "be"]):
            return "future"  # "would be paid"
        if cue == "future" and word.endswith("ed") and {"had", "was", "were"} & set(aux):
            return "past"  # "had been scheduled", "was expected": a plan seen from the past
        if cue == "past":
            opens = _time_clause_start(matches, i)
            if opens is not None and opens > lo and tense_from_text(text, opens, opens) == "future":
                return "future"  # "will sell once the market opened Monday": the plan's time
        if cue is not None:
            return cue
    fronted = text.startswith(",", end)  # "On Friday, the council planned ...": its main verb
    previous = ""
    for w in _WORD.finditer(text, end, hi):
        word = w.group(0)
        cue = _cue(word)
        if fronted and word.lower() in _PLANNED_FORMS:
            # the planning's own day; after a determiner a noun's modifier ("the scheduled
            # vote was postponed"), no verb at all
            cue = None if previous in _DETERMINERS else "past"
        if cue is not None:
            return cue
        previous = word.lower()
    return None


#: Past forms of planning that are no past cue before a date ("scheduled for Friday") but are
#: the main verb's past after a fronted one ("On Friday, the council planned a bypass").
_PLANNED_FORMS = {"planned", "scheduled", "expected", "proposed"}
_DETERMINERS = {"the", "a", "an", "its", "their", "his", "her", "our", "this", "that"}


#: Words just before a date that say which way it lies whatever the verb: "until Tuesday",
#: "as early as Monday", "payable Dec. 15", "effective Feb. 1" point ahead; "since Friday" back.
_AHEAD = re.compile(
    r"\b(?:until|till|as\s+early\s+as|as\s+soon\s+as|no\s+later\s+than|starting|beginning|"
    r"effective|payable|towards?\s+(?:a|an|the)|ahead\s+of(?:\s+(?:a|an|the))?)"
    r"(?:\s+(?:at\s+least|on|in|at|next|this|\d{1,2}(?::\d\d)?\s*[ap]\.?m\.?))*\s+$",
    re.I,
)
#: A past stretch that ran up to the date and ended there: "the curfew remained in force until
#: Thursday", "waited until Tuesday to tell", "had blamed ETA until Saturday" - its clause's
#: tense, not a limit ahead (as "cancelled all flights until Monday" is).
_RAN_UNTIL = re.compile(
    r"\b(?:remained|waited|stayed|lasted|continued|lingered|persisted|worked|fought"
    r"|had\s+(?:been\s+)?[a-z]+ed)\b[^.!?;:\n]*\b(?:until|till)\s+(?:at\s+least\s+|on\s+)?$",
    re.I,
)
_BACK = re.compile(r"\b(?:since|ended|closing\s+(?:price|level|value)s?\s+(?:on|of))\s+$", re.I)
#: "not ... until" a date: when something happened (or will) at last, no limit ahead.
_NOT_UNTIL = re.compile(r"\bnot\s+(?:[\w']+\s+){0,3}(?:until|till)\s+(?:on\s+|in\s+)?$", re.I)
#: A stretch from now to a date: "between now and New Year's Day", "from now to March".
_FROM_NOW = re.compile(r"\b(?:between\s+now\s+and|from\s+now\s+(?:to|through))\s+$", re.I)


#: A day declared one of mourning (or a holiday) lies ahead of the declaring: "declared Monday
#: a day of mourning", "declared three days of national mourning starting on Thursday", "a day
#: of mourning for Monday".
_DECLARED_DAY = re.compile(
    r"\b(?:declared|proclaimed)\s+$|\bmourning\s+(?:for|from|(?:starting|beginning)(?:\s+on)?)\s+$",
    re.I,
)


def declared_ahead(text: str, start: int) -> bool:
    """The date right after the words is a day declared for mourning (see `_DECLARED_DAY`)."""
    return _DECLARED_DAY.search(text, max(0, start - 40), start) is not None


def direction_cue(text: str, start: int) -> Tense | None:
    """ "future" or "past" from the words just before a date, else None. A sentence-initial
    "Until Thursday, ..." looks back from a later vantage point, so it does not count."""
    window = text[max(0, start - 40) : start]
    if declared_ahead(text, start):
        return "future"
    if _FROM_NOW.search(window):
        return "future"  # "Between now and New Year's Day, every cubic foot counts"
    ahead = _AHEAD.search(window)
    if ahead and (_NOT_UNTIL.search(window) or _RAN_UNTIL.search(text, max(0, start - 90), start)):
        # "results were not declared until July 26", "it was not until March 11 that": when
        # it happened at last, the clause's tense tells which side; so for a past stretch
        # that ran until then
        ahead = None
    if ahead:
        lead = text[: max(0, start - 40) + ahead.start()].rstrip(" \"“'")
        if lead and lead[-1] not in ".!?\n":
            return "future"
    if _BACK.search(window):
        return "past"
    return None


_VERB_THEN_DATE = re.compile(
    r"\b([A-Za-z]+)\s+(?:(?:place|again|back|up|down|off|out|away|over|office|power)\s+)?"
    r"(?:on|in)\s+$"
)
#: Past cues that are no verb of their own before "on"/"in" a date.
_NOT_A_DATED_VERB = {"was", "were", "had", "did", "since", "ago", "earlier"}


_SUBORDINATE = re.compile(
    r"\b(?:who|whom|whose|which|that|when|after|before|since|because|as|while|if|until)\b",
    re.IGNORECASE,
)


def dated_past_verb(text: str, start: int) -> bool:
    """Read from the words: a past verb of a main clause stands right before the date's "on"
    or "in" ("was founded on March 3, 2012", "arrested in 2019", "took place in June", "took
    office in 2009"), so the date is that verb's own; not in a clause opened by "who",
    "after", "when"... ("the mayor, who retired in 2015, ...": background)."""
    m = _VERB_THEN_DATE.search(text, max(0, start - 30), start)
    if m is None or m.group(1).lower() in _NOT_A_DATED_VERB or _cue(m.group(1)) != "past":
        return False
    lo = max(0, m.start() - 80)
    opened = max(text.rfind(c, lo, m.start()) for c in ",.;:!?\n")
    return _SUBORDINATE.search(text, max(lo, opened + 1), m.start()) is None


#: Past verbs that do not date their object: reporting ("said the vote in June would ...")
#: and arranging ("set a vote in June", "announced a summit in December": it may lie ahead).
_NOT_OWN_OBJECT = {
    "said", "told", "announced", "reported", "added", "noted", "stated", "declared", "warned",
    "predicted", "expected", "planned", "scheduled", "proposed", "promised", "pledged", "vowed",
    "called", "asked", "urged", "hoped", "wanted", "set", "fixed", "slated", "booked",
    "arranged", "approved", "signed", "agreed", "indicated", "suggested", "forecast",
}  # fmt: skip
#: Words that end the verb's own clause when they stand between it and the date.
_CLAUSE_BREAK = {
    "to", "that", "will", "would", "could", "should", "may", "might", "must", "can", "shall",
    "and", "or", "but", "is", "are", "be", "being", "has", "have", "was", "were", "had",
}  # fmt: skip
_OBJECT_THEN_DATE = re.compile(r"\b(?:in|on)\s+$")
#: Words of an amount before an "-ed" form: "two million preferred shares" (an adjective).
_MODAL_BEFORE = _MODALS | {"will", "shall", "to"}
_QUANTITY = {"hundred", "thousand", "million", "billion", "trillion", "several", "many", "few"}


_CLAUSE_MARK = re.compile(r'[,;:!?\n"“”]|\.(?!\d)')


def _clause_opening(text: str, lo: int, hi: int) -> int:
    """Offset of the last clause mark in text[lo:hi] (-1 for none); a decimal point ("4.5
    million") is none."""
    last = -1
    for m in _CLAUSE_MARK.finditer(text, lo, hi):
        last = m.start()
    return last


def past_verb_before_object(text: str, start: int) -> bool:
    """Read from the words: a past verb of a main clause, then its object, then the date's "in"
    or "on" ("changed from a fiscal year to a calendar year in December", "handed over an
    invitation in June"): the date is that past verb's, so it has passed. Not after a verb of
    reporting or arranging, nor across a clause's "to", "that", modal or auxiliary."""
    prep = _OBJECT_THEN_DATE.search(text, max(0, start - 6), start)
    if prep is None:
        return False
    lo = max(0, prep.start() - 80)
    opened = _clause_opening(text, lo, prep.start())
    words = list(_WORD.finditer(text, max(lo, opened + 1), prep.start()))
    for k in range(len(words) - 1, max(-1, len(words) - 10), -1):
        word = words[k].group(0)
        w = word.lower()
        after = words[k + 1].group(0).lower() if k + 1 < len(words) else ""
        if w in _CLAUSE_BREAK and not (w == "to" and after in _DETERMINERS):
            return False  # "to" before a determiner is a preposition: "from a fiscal to a ..."
        cue = _cue(word)
        if cue is None:
            continue
        if cue != "past" or w in _NOT_OWN_OBJECT or w in _NOT_A_DATED_VERB:
            return False
        if k == len(words) - 1:
            return False  # right before the date: `dated_past_verb`'s case
        head = words[k - 1].group(0).lower() if k else ""
        if head in _DETERMINERS:
            return False  # "the revised plan in June": an adjective, no verb
        if head in _QUANTITY:
            continue  # "sold 4.5 million preferred shares in May": an adjective; the verb is before
        if any(w.group(0).lower() in _MODAL_BEFORE for w in words[:k]):
            # "will redeem 2 million Series B preferred shares on Nov. 2": the "-ed" form is in
            # the object of the modal's verb, not a past verb of its own
            return False
        return _SUBORDINATE.search(text, max(lo, opened + 1), words[k].start()) is None
    return False


def tense_of(text: str, start: int, end: int, doc: Any = None) -> Tense | None:
    """Tense from the parse when a Doc of this text is given and the parse tells, else from the
    regex fallback."""
    if doc is not None:
        parsed = tense_from_doc(doc, start, end)
        if parsed == "present":
            verb, via_noun = _governing_verb(doc, start, end)
            if via_noun and verb is not None and verb.lemma_ == "be":
                # "the attack on Monday is the deadliest": what the copula says of the noun
                # now, not when its Monday lies; no tense (the words around would say present)
                return None
        if parsed is not None:
            return parsed
        verb, _ = _governing_verb(doc, start, end)
        if verb is not None and verb.tag_ == "VBN" and _called_off(verb):
            return None  # "a concert scheduled for Wednesday was postponed": either side
    return tense_from_text(text, start, end)


#: A past perfect from the words: "had" (or "'d") before a participle, with at most two
#: adverbs between ("had nearly closed", "had already been approved", "had met").
_PAST_PERFECT = re.compile(
    r"\b(?:had|[a-z]+['’]d)\s+(?:(?:not|never|already|just|also|long|since|\w+ly)\s+){0,2}"
    r"(?:been|\w+ed|\w+en|\w+wn|\w+ght|made|met|said|left|held|told|won|lost|sent|built|"
    r"seen|gone|done|begun|spent|kept|led|set|put|cut|hit|shut|let|paid|laid|sold|found|"
    r"heard|stood|understood|come|become|struck|fled|fed|meant|dealt|felt|slept|hung|shot|"
    r"lit|run|read|quit|sat|got|spun|swum|sung|sunk|stuck|dug|split|spread|bid)\b",
    re.IGNORECASE,
)


def past_perfect(text: str, start: int, end: int, doc: Any = None) -> bool:
    """The clause governing [start, end) is in the past perfect ("The day before, inspectors
    had approved it"): it tells of a time before the story's, a flashback, without moving the
    story on. From the parse (an auxiliary "had" on the governing verb) when a Doc is given,
    else from the words of the clause."""
    if doc is not None:
        verb, _ = _governing_verb(doc, start, end)
        if verb is not None:
            return any(c.dep_ in ("aux", "auxpass") and c.lower_ == "had" for c in verb.children)
    lo = _clause_start(text, start)
    ends = _clause_ends(text, end, end + 200)
    hi = ends[0].start() if ends else min(len(text), end + 200)
    return _PAST_PERFECT.search(text, lo, hi) is not None


#: Verbs whose simple present with a date is a timetable ("The trial starts in May", "Voting
#: begins in March", "The law takes effect in January"): the date lies ahead.
_SCHEDULE = {
    "start", "begin", "open", "close", "end", "resume", "expire", "take", "kick", "launch",
    "run", "reopen", "finish", "conclude", "convene", "meet", "arrive", "depart", "leave",
    "return", "debut", "premiere", "air", "host", "play", "face", "head", "vote", "hold",
    "mark",
}  # fmt: skip


#: Happenings whose day a present "is" tells ahead: "The general election is Nov. 5".
_SCHEDULED_THINGS = _CALLED_HAPPENINGS | {
    "deadline", "trial", "primary", "runoff", "caucus", "inauguration", "launch", "premiere",
    "release", "opening", "final", "match", "game", "race", "tournament", "conference",
    "congress", "convention", "festival", "ceremony", "parade", "auction", "sentencing",
    "ballot", "poll", "count", "announcement", "decision", "ruling", "verdict",
}  # fmt: skip


_HABITUAL = {
    "usually", "normally", "typically", "often", "generally", "always", "traditionally",
    "regularly", "sometimes", "frequently", "rarely", "seldom", "never", "customarily",
}  # fmt: skip


def possessed_ahead(doc: Doc, start: int, end: int) -> bool:
    """A possessive day ("Tuesday's runoff") whose happening is still to come: the clause it
    is in looks ahead ("voters will cast ballots in Tuesday's election"; not a modal's
    guess), is a timetable ("the deal expires at Monday's close"), or the happening's own
    relative clause does ("Tuesday's runoff, which will decide control of the Senate")."""
    verb, own, _ = _governed(doc, start, end)
    if verb is None:
        return False
    if own == "future" and _will(verb):
        return True
    if own == "present" and _timetable_verb(verb):
        return True
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    thing = span.root.head  # "Tuesday's" is the possessor of "runoff"
    if thing is span.root or thing.pos_ not in ("NOUN", "PROPN"):
        return False
    return any(
        c.dep_ == "relcl" and _verb_tense(c) == "future" and _will(c)
        for c in thing.children
        if c.i > thing.i
    )


def _will(verb: Token) -> bool:
    """The verb's future is a plain one, "will", "shall" or "going to" (not a modal's guess
    or advice: "the investigation into Friday's crash could take weeks", "should not be
    fooled by Tuesday's meeting")."""
    words = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return bool(words & _FUTURE_AUX) or going_to(verb.head)


def scheduled_present(doc: Doc, start: int, end: int) -> bool:
    """The expression dates a timetable in the simple present ("The trial starts in May",
    "takes effect in January"): its own verb, reached without a noun, is one of `_SCHEDULE`
    in the present with no auxiliary."""
    verb, via_noun = _governing_verb(doc, start, end)
    if verb is None or via_noun or not _timetable_verb(verb):
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    # (not a day compared with: "The deadline is later than the usual April 15")
    return span is None or not any(
        t.lower_ == "than" for t in doc[min(verb.i + 1, span.start) : span.start]
    )


def _timetable_verb(verb: Token) -> bool:
    """One of `_SCHEDULE` in the simple present with no auxiliary, not habitual, in a line
    that ends a sentence."""
    if verb.tag_ not in ("VBZ", "VBP"):
        return False
    if verb.dep_ in ("pobj", "dobj", "nsubj", "nsubjpass", "poss", "compound"):
        return False  # a plural noun tagged a verb: "a meeting on North Korea's missile launches"
    if any(c.dep_ in ("aux", "auxpass", "neg") for c in verb.children):
        return False
    if any(c.lower_ in _HABITUAL for c in verb.children):
        return False  # "the season, which normally opens in May": every year, no timetable
    if _headline_line(verb):
        return False  # a headline's present tells what happened: "Residents mark grim Christmas"
    if verb.lemma_ == "be":
        # "The general election is Nov. 5", "The deadline is Friday": a happening's day
        return any(
            c.dep_ == "nsubj" and c.lemma_.lower() in _SCHEDULED_THINGS for c in verb.children
        )
    if verb.lemma_ == "take":  # only "takes effect", "takes place", "takes office"
        return any(c.lower_ in ("effect", "place", "office", "over") for c in verb.children)
    return verb.lemma_ in _SCHEDULE
