"""Entity recognition and resolution: spaCy's entities + the gazetteer → canonical mentions.

Input is a parsed Doc whose pipeline ran the gazetteer's EntityRuler before NER (gazetteer
names win where they overlap statistical ones) and the role matcher after it. Resolution, all
in one linear pass or a few:

1. every entity gets a canonical name, kind and side: from the gazetteer (ruler id, or the text
   being a known spelling), else spaCy's text;
2. role descriptions standing alone ("the North Korean leader") become the holder on the
   document's date; a role right before a name ("Russian President Vladimir Putin") is a title;
3. capitals used for governments become their country (`affiliation.capital_is_place`);
4. people the gazetteer lacks get a side from their title or apposition (`affiliation`);
5. bare surnames resolve to a full name of the same document (`coref`);
6. "the North" counts only where the document names North Korea otherwise.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import numpy as np

from nkviewer.nlp.affiliation import ROLE_WORDS, capital_is_place, title_country
from nkviewer.nlp.coref import (
    CUE_WINDOW,
    LEADER_CUES,
    LEADER_TITLES,
    Person,
    SurnameResolver,
)
from nkviewer.nlp.gazetteer import CONTEXTUAL_PREFIX, SURNAME_FIRST, Entry, Gazetteer
from nkviewer.nlp.parsed import EntitySpan

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

SPACY_LABELS = frozenset({"PERSON", "NORP", "ORG", "GPE", "LOC", "FAC", "EVENT"})
NER_KINDS = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "EVENT": "event",
    "NORP": "",
}
_TRAILING = frozenset({"'s", "’s", "'", "’", "-", "–", ",", "."})
_NOT_CURRENT = frozenset({"former", "late", "a", "an", "another", "previous", "future", "next"})
ROLES_KEY = "nk_roles"  # same key as nkviewer.nlp.components (kept here to avoid a spaCy import)


@dataclass(slots=True)
class Mention:
    """A resolved mention in token offsets (`end` exclusive)."""

    start: int
    end: int
    label: str
    canonical: str
    kind: str
    country: str
    source: str  # gazetteer | ner | role | surname
    contextual: bool = False
    leader: bool = False
    news: bool = False  # a news agency or outlet: it reports, it never acts


@dataclass(slots=True)
class DocEntities:
    """The document's mentions in order, and which mention covers each token (-1: none)."""

    mentions: list[Mention]
    token_mention: list[int]

    def at(self, token: int) -> Mention | None:
        i = self.token_mention[token]
        return self.mentions[i] if i >= 0 else None

    def to_spans(self, doc: Doc, text: str) -> list[EntitySpan]:
        out: list[EntitySpan] = []
        for m in self.mentions:
            start = doc[m.start].idx
            last = doc[m.end - 1]
            end = last.idx + len(last.text)
            out.append(
                EntitySpan(start, end, text[start:end], m.label, m.canonical, m.kind, m.country)
            )
        return out


def _from_entry(start: int, end: int, entry: Entry, source: str = "gazetteer") -> Mention:
    return Mention(
        start,
        end,
        entry.label,
        entry.name,
        entry.kind,
        entry.country or (entry.name if entry.kind == "country" else ""),
        source,
        leader=entry.leader,
        news=entry.news or (entry.kind == "organisation" and bool(_OUTLET.search(entry.name))),
    )


#: Names of outlets the gazetteer does not know: "Hankyoreh Daily", "Voice of America"...
_OUTLET = re.compile(
    r"\b(?:News|Times|Post|Press|Television|TV|Radio|Daily|Herald|Journal|Gazette|Tribune"
    r"|Broadcasting|Wire|Newswire|Telegraph|Guardian|Chronicle|Sinmun|Ilbo|Shimbun)\b"
)


def _base_mention(ent: Span, gaz: Gazetteer) -> Mention | None:
    doc = ent.doc
    start, end = ent.start, ent.end
    if ent.label_ == "PERSON":  # "Liu’s third (trip)": the name ends at its possessive
        cut = next((t.i for t in doc[start + 1 : end] if t.text in ("'s", "’s")), end)
        end = cut
    while end - start > 1 and doc[end - 1].text in _TRAILING:
        end -= 1
    ident = ent.ent_id_
    if ident:  # an EntityRuler match: the id is the canonical name
        name = ident.removeprefix(CONTEXTUAL_PREFIX)
        entry = gaz.entries.get(name)
        if entry is None:
            return None
        if ent.label_ == "NORP":
            kind = "country" if entry.kind == "country" else entry.kind  # "South American"
            return Mention(start, end, "NORP", name, kind, entry.country or name, "gazetteer")
        m = _from_entry(start, end, entry)
        m.contextual = ident.startswith(CONTEXTUAL_PREFIX)
        return m
    if end - start > 1 and doc[start].lower_ == "the":
        start += 1
    span = doc[start:end]
    if "\n" in span.text:
        return None
    text = " ".join(span.text.split())
    known = gaz.forms.get(text)
    if known is not None:
        return _from_entry(start, end, gaz.entries[known])
    country = gaz.demonym_country.get(text)
    if country is not None:
        entry = gaz.entries[country]
        side = entry.country or country
        return Mention(start, end, "NORP", country, entry.kind, side, "gazetteer")
    country = gaz.contextual_forms.get(text)
    if country is not None and not (start > 0 and doc[start - 1].like_num):  # not "38 North"
        m = _from_entry(start, end, gaz.entries[country])
        m.contextual = True
        return m
    if text.lower() in ROLE_WORDS:
        return None  # "Defence" in "Russian Defence Minister": a title word, not a body
    news = ent.label_ == "ORG" and _OUTLET.search(text) is not None
    return Mention(start, end, ent.label_, text, NER_KINDS[ent.label_], "", "ner", news=news)


#: Words that make a title, never a name on their own ("Crown Prince", "Prime Minister").
_TITLE_ONLY = ROLE_WORDS | frozenset(
    ["crown", "prince", "princess", "king", "queen", "emir", "sheikh", "sultan", "pope"]
)


def _repair_people(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Fix the statistical model's people: a title alone is no person ("Crown Prince"), a name
    it cut short takes the name word it modifies ("Liu" + "He" of "Vice Premier Liu He"), and
    a name it missed after a title is one ("US Ambassador to the UN Samantha Power said")."""
    taken = {t for m in mentions for t in range(m.start, m.end)}
    out: list[Mention] = _titled_names(doc, taken)
    for m in mentions:
        if m.kind == "person" and m.source == "ner":
            span = doc[m.start : m.end]
            if all(t.lower_ in _TITLE_ONLY for t in span if t.is_alpha):
                continue
            last = doc[m.end - 1]
            nxt = doc[m.end] if m.end < len(doc) else None
            if (
                nxt is not None
                and nxt.i not in taken
                and nxt.pos_ == "PROPN"
                and nxt.is_title
                and last.dep_ == "compound"
                and last.head.i == nxt.i
                and last.whitespace_ != ""
            ):
                text = f"{span.text} {nxt.text}"
                m.end += 1
                m.canonical = text
                taken.add(nxt.i)
        out.append(m)
    return out


def _title_table(gaz: Gazetteer) -> dict[tuple[str, ...], str]:
    """Every role title as lower-case words ("prime minister") → the title."""
    return {tuple(t.split()): t for role in gaz.roles for t in role.titles}


def _bare_titles(
    doc: Doc,
    gaz: Gazetteer,
    mentions: list[Mention],
    token_mention: list[int],
    day_at: Callable[[int], date | None],
) -> list[Mention]:
    """ "the president", "the prime minister" with no country: the latest person named before
    who holds that title (in office on the day its sentence speaks of, when it is known):
    "Mr. Trump ... the president"."""
    table = _title_table(gaz)
    longest = max((len(k) for k in table), default=0)
    people = [m for m in mentions if m.kind == "person" and m.canonical in gaz.entries]
    if not people or not table:
        return mentions
    out = list(mentions)
    n = len(doc)
    for i in range(n - 1):
        if doc[i].lower_ != "the" or token_mention[i + 1] >= 0:
            continue
        for k in range(min(longest, n - i - 1), 0, -1):
            words = tuple(t.lower_ for t in doc[i + 1 : i + 1 + k])
            title = table.get(words)
            if title is None:
                continue
            end = i + 1 + k
            after = doc[end] if end < n else None
            if after is not None and (
                (after.pos_ == "PROPN" and after.is_title) or after.lower_ in ("of", "'s", "’s")
            ):
                break  # "the president of Russia", "the president Vladimir Putin"
            holder = _latest_holder(gaz, people, i, title, day_at(i))
            if holder is not None:
                m = Mention(i, end, "PERSON", holder.canonical, "person", holder.country, "role")
                m.leader = holder.leader
                out = _insert(out, m)
            break
    return out


def _latest_holder(
    gaz: Gazetteer, people: list[Mention], before: int, title: str, day: date | None
) -> Mention | None:
    for m in reversed(people):
        if m.start >= before:
            continue
        for _, term in gaz.tenures(m.canonical, title):
            if day is None or term.holds_on(day):
                return m
    return None


#: How far before a name its title may stand ("Ambassador to the UN Samantha Power").
_TITLE_REACH = 5


def _titled_names(doc: Doc, taken: set[int]) -> list[Mention]:
    """People the model missed: two or three capitalised name words nobody claimed, right
    after a title (with at most a short "to the UN"/"of State" between), before a verb or a
    punctuation mark."""
    out: list[Mention] = []
    n = len(doc)
    i = 0
    while i < n:
        j = i
        while j < n and j - i < 3 and _name_word(doc[j]) and j not in taken:
            j += 1
        if j - i >= 2 and (j == n or not doc[j].is_title or doc[j].is_punct):
            before = doc[max(0, i - _TITLE_REACH) : i]
            if any(t.lower_ in ROLE_WORDS and t.is_title for t in before) and not any(
                t.pos_ == "VERB" for t in before
            ):
                text = " ".join(t.text for t in doc[i:j])
                out.append(Mention(i, j, "PERSON", text, "person", "", "title"))
                taken.update(range(i, j))
                i = j
                continue
        i = max(j, i + 1)
    return out


def _name_word(t: Token) -> bool:
    return t.pos_ == "PROPN" and t.is_title and t.is_alpha and t.lower_ not in _TITLE_ONLY


def _index(mentions: list[Mention], n_tokens: int) -> list[int]:
    token_mention = [-1] * n_tokens
    for i, m in enumerate(mentions):
        for t in range(m.start, m.end):
            token_mention[t] = i
    return token_mention


def _insert(mentions: list[Mention], new: Mention) -> list[Mention]:
    """Add `new`, dropping the mentions it overlaps."""
    kept = [m for m in mentions if m.end <= new.start or m.start >= new.end]
    kept.append(new)
    kept.sort(key=lambda m: m.start)
    return kept


def _surname(name: str, country: str, family_first: frozenset[str] = frozenset()) -> str:
    """The family name a bare mention would use: first for Chinese and Korean names (by the
    person's side, a Korean shape, or a family name those names are known to start with)."""
    words = name.split()
    if len(words) < 2:
        return ""
    korean_shape = "-" in words[-1] and len(words) == 2
    east_asian = len(words) == 2 and words[0] in family_first
    return words[0] if country in SURNAME_FIRST or korean_shape or east_asian else words[-1]


def _family_first(gaz: Gazetteer) -> frozenset[str]:
    """Family names that open the names of the gazetteer's Chinese and Korean people."""
    cached = _FAMILY_FIRST.get(id(gaz))
    if cached is not None and cached[0] is gaz:
        return cached[1]
    names = frozenset(
        e.surname for e in gaz.entries.values() if e.country in SURNAME_FIRST and e.surname
    )
    _FAMILY_FIRST.clear()
    _FAMILY_FIRST[id(gaz)] = (gaz, names)
    return names


_FAMILY_FIRST: dict[int, tuple[Gazetteer, frozenset[str]]] = {}


class _Sentences:
    """Sentence index of a token."""

    def __init__(self, doc: Doc, starts: Sequence[int] | None = None) -> None:
        self.starts = list(starts) if starts is not None else [s.start for s in doc.sents]

    def index(self, token: int) -> int:
        return bisect_right(self.starts, token) - 1


def resolve_entities(
    doc: Doc,
    gaz: Gazetteer,
    *,
    day: date | None = None,
    sentence_starts: Sequence[int] | None = None,
    sentence_days: Mapping[int, date] | None = None,
    text: str = "",
) -> DocEntities:
    """All entity mentions of `doc`, resolved (see the module docstring).

    `text`: the document as written, when `doc` parsed a copy with headlines in sentence
    case (`nkviewer.nlp.headline`): a name taken from the text is spelled as written there.

    `day` (the publication date) decides who holds a role, unless `sentence_days` gives the
    day a sentence speaks of (by sentence index: a date it writes with its year);
    `sentence_starts` (token indices) saves walking the sentences again when the caller has them.
    """
    days = sentence_days or {}
    mentions = [
        m for ent in doc.ents if ent.label_ in SPACY_LABELS if (m := _base_mention(ent, gaz))
    ]
    mentions = _repair_people(doc, mentions)
    token_mention = _index(mentions, len(doc))
    sents = _Sentences(doc, sentence_starts)

    # 2. roles: titles before names, or standalone descriptions
    titles: dict[int, int] = {}  # token right after a role title -> role index
    present = frozenset(m.canonical for m in mentions if m.kind == "person")
    for span in doc.spans.get(ROLES_KEY, ()):
        role_index = int(span.label_)
        j = span.end
        if j < len(doc) and (doc[j].is_title and doc[j].is_alpha):
            titles[j] = role_index
            continue
        start = span.start
        if start > 0 and doc[start - 1].lower_ in _NOT_CURRENT:
            continue
        if start > 0 and doc[start - 1].lower_ == "the":
            start -= 1
        role = gaz.roles[role_index]
        holder = role.holder(days.get(sents.index(span.start), day), present)
        entry = gaz.entries.get(holder)
        if entry is not None:
            mentions = _insert(mentions, _from_entry(start, span.end, entry, "role"))
    token_mention = _index(mentions, len(doc))
    mentions = _bare_titles(
        doc, gaz, mentions, token_mention, lambda i: days.get(sents.index(i), day)
    )
    token_mention = _index(mentions, len(doc))

    # 3. capitals used for governments become their country
    for m in mentions:
        if (
            m.kind == "place"
            and m.label == "GPE"
            and m.canonical in gaz.capital_of
            and not capital_is_place(doc[m.start : m.end].root)
        ):
            m.canonical = m.country = gaz.capital_of[m.canonical]
            m.kind = "country"

    # 4. the side of people the gazetteer lacks, from their title or apposition
    def country_at(i: int) -> str:
        k = token_mention[i]
        if k < 0:
            return ""
        m = mentions[k]
        if m.kind == "place" and m.canonical in gaz.capital_of:
            return gaz.capital_of[m.canonical]  # "White House spokesman X": a US official
        return m.country if m.kind in ("country", "organisation") else ""

    for m in mentions:
        if m.kind == "person" and not m.country:
            role_index = titles.get(m.start, -1)
            if role_index >= 0:
                m.country = gaz.roles[role_index].country
            else:
                m.country = title_country(doc, m.start, m.end, country_at)

    # 5. bare surnames
    mentions = _resolve_surnames(doc, gaz, mentions, token_mention, titles, sents, day, days)

    # 6. contextual names ("the North") only where the country is named otherwise
    named = {m.canonical for m in mentions if m.kind == "country" and not m.contextual}
    named.update(m.country for m in mentions if m.kind == "place" and m.country)
    kept: list[Mention] = []
    for m in mentions:
        if m.contextual:
            if m.canonical not in named:
                continue
            m.contextual = False
        kept.append(m)
    if text:
        for m in kept:
            if m.source in ("ner", "title"):
                m.canonical = _as_written(doc, text, m)
    return DocEntities(kept, _index(kept, len(doc)))


def _as_written(doc: Doc, text: str, m: Mention) -> str:
    """`m.canonical`, spelled from its tokens, with each letter cased as `text` writes it
    (the parsed copy differs from `text` in case only, offset for offset)."""
    parsed = "".join(t.text for t in doc[m.start : m.end])
    shown = "".join(text[t.idx : t.idx + len(t.text)] for t in doc[m.start : m.end])
    if parsed == shown or "".join(m.canonical.split()) != parsed:
        return m.canonical
    out: list[str] = []
    k = 0
    for ch in m.canonical:
        if ch.isspace():
            out.append(ch)
        else:
            out.append(shown[k])
            k += 1
    return "".join(out)


def _tokens_spelled(doc: Doc, spellings: Iterable[str]) -> list[int]:
    """Indices of the tokens spelled exactly like one of `spellings` (vectorised)."""
    # spaCy: only once a Doc exists
    from spacy.attrs import ORTH

    hashes = [doc.vocab.strings.add(s) for s in spellings]
    if not hashes or len(doc) == 0:
        return []
    orths = doc.to_array([ORTH])
    return [int(i) for i in np.isin(orths, hashes).nonzero()[0]]


def _person(gaz: Gazetteer, canonical: str, surname: str, m: Mention) -> Person:
    entry = gaz.entries.get(canonical)
    born, died = (entry.born, entry.died) if entry is not None else (None, None)
    return Person(canonical, surname, m.country, m.leader, born, died)


def _resolve_surnames(
    doc: Doc,
    gaz: Gazetteer,
    mentions: list[Mention],
    token_mention: list[int],
    titles: dict[int, int],
    sents: _Sentences,
    day: date | None,
    sentence_days: Mapping[int, date],
) -> list[Mention]:
    seen: list[tuple[int, int, Person]] = []
    for m in mentions:
        if m.kind != "person" or len(m.canonical.split()) < 2:
            continue
        surname = gaz.surname_of(m.canonical) or _surname(
            m.canonical, m.country, _family_first(gaz)
        )
        seen.append((m.start, sents.index(m.start), _person(gaz, m.canonical, surname, m)))
    countries = {m.country for m in mentions if m.country}
    leaders: dict[str, list[Entry]] = {}
    for role in gaz.roles:
        if role.country in countries:
            for h in role.holders:
                entry = gaz.entries.get(h.name)
                if entry is not None and entry.leader and entry.surname:
                    leaders.setdefault(entry.surname, []).append(entry)

    def fallback(surname: str, when: date | None) -> Person | None:
        """The leader of a country the document names, in office on `when` (else `day`)."""
        at = when or day
        for role in gaz.roles:
            if role.country not in countries:
                continue
            entry = gaz.entries.get(role.holder(at))
            if entry is not None and entry.leader and entry.surname == surname:
                return Person(
                    entry.name, entry.surname, entry.country, True, entry.born, entry.died
                )
        return None

    resolver = SurnameResolver(seen, fallback)
    n = len(doc)
    for i in _tokens_spelled(doc, resolver.surnames(leaders)):
        tok = doc[i]
        k = token_mention[i]
        if k >= 0:
            m = mentions[k]
            if m.end - m.start != 1 or m.source != "ner":
                continue
        nxt = doc[i + 1] if i + 1 < n else None
        if nxt is not None and (nxt.text == "-" or (nxt.is_title and token_mention[nxt.i] < 0)):
            continue  # part of a longer name nobody recognised
        if i > 0 and token_mention[i - 1] >= 0 and mentions[token_mention[i - 1]].kind == "person":
            continue
        person: Person | None = None
        s = sents.index(i)
        when = sentence_days.get(s, day)
        role_index = titles.get(i, -1)
        if role_index >= 0:
            holder = gaz.roles[role_index].holder(when, frozenset(p.canonical for *_, p in seen))
            if gaz.surname_of(holder) == tok.text:
                entry = gaz.entries[holder]
                person = Person(
                    entry.name, entry.surname, entry.country, entry.leader, entry.born, entry.died
                )
        if person is None:
            titled = i > 0 and doc[i - 1].text in LEADER_TITLES
            near = doc[max(0, i - CUE_WINDOW) : i + CUE_WINDOW + 1]
            cue = any(t.lower_ in LEADER_CUES for t in near)
            person = resolver.resolve(tok.text, i, s, cue=cue, titled=titled, when=when)
        if person is None:
            continue
        new = Mention(i, i + 1, "PERSON", person.canonical, "person", person.country, "surname")
        new.leader = person.leader
        if k >= 0:
            mentions[k] = new
        else:
            mentions.append(new)
            token_mention[i] = len(mentions) - 1
    mentions.sort(key=lambda m: m.start)
    return mentions
