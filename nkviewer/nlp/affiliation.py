"""Context rules around a mention: a person's side from their title, and capitals as governments.

"Chinese Foreign Minister Wang Yi", "Sergey Vershinin, Russia's deputy foreign minister" and
"a Russian senator" give a person the country of the demonym or possessive next to the title.
"Beijing and Moscow are broadening their connections with Pyongyang" uses capitals for
governments, while "met ... in Moscow" names a place: the dependency parse tells them apart.
Everything here looks at a handful of tokens per mention.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


def _words(text: str) -> list[str]:
    return text.split()


#: Lower-case words that may stand in a title before or after a name.
ROLE_WORDS = frozenset(
    _words(
        """minister vice deputy foreign first president senator diplomat envoy ambassador spokesman
        spokeswoman spokesperson leader chairman chairwoman premier official officials lawmaker
        general secretary chief head representative negotiator counterpart director commander
        special state defense defence prime top nuclear senior former then party delegate delegation
        member politburo central committee affairs external economic military intelligence security
        adviser advisor advisers national assistant undersecretary under executive supreme marshal
        army navy air force chairperson speaker parliamentary deputy-director ministry agency
        journalist correspondent reporter analyst scholar professor researcher expert officer
        governor mayor prosecutor judge minister's vice-minister co-chair"""
    )
)
_DETERMINERS = frozenset({"the", "a", "an", "The", "A", "An", "its", "his", "her", "their"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_MAX_TITLE = 8

#: Prepositions that make a capital a place ("in Moscow", "at Beijing airport").
LOCATIVE_PREPS = frozenset(_words("in at near outside inside around via across through within"))
#: Prepositions of direction: a place only after a verb or noun of going ("a trip to Moscow").
DIRECTION_PREPS = frozenset(_words("to into toward towards onto from before after"))
#: Verbs and nouns of going somewhere: "visited Pyongyang", "a delegation to Beijing".
MOTION_WORDS = frozenset(
    _words(
        "visit arrive travel fly return reach leave depart go come head tour stay move land "
        "cross enter send dispatch trip journey flight delegation route invitation transfer"
    )
)
#: Nouns next to which a capital means its government ("the Pyongyang regime", "allies Beijing").
POLITICAL_NOUNS = frozenset(
    _words(
        "government regime leadership authorities administration officials official side "
        "policy position stance ally allies partner partners neighbor neighbors neighbour "
        "neighbours rival rivals adversary adversaries counterpart counterparts"
    )
)

#: country_of(token index) -> the country of the mention covering that token, or "".
CountryAt = Callable[[int], str]


def title_country(doc: Doc, start: int, end: int, country_at: CountryAt) -> str:
    """The country named in a title right before or an apposition right after a person."""
    i = start - 1
    steps = 0
    while i >= 0 and steps < _MAX_TITLE and not doc[i + 1].is_sent_start:
        tok = doc[i]
        found = country_at(i)
        if found:
            return found
        text = tok.text
        if not (
            text in _POSSESSIVE
            or text in _DETERMINERS
            or text == "-"
            or text.lower() in ROLE_WORDS
            or (tok.is_title and tok.is_alpha and not tok.is_sent_start)
        ):
            break
        i -= 1
        steps += 1
    return apposition_country(doc, end, country_at)


def apposition_country(doc: Doc, end: int, country_at: CountryAt) -> str:
    """ ", Russia's deputy foreign minister" / ", a Russian senator" after a name."""
    n = len(doc)
    if end >= n or doc[end].text != ",":
        return ""
    i = end + 1
    if i < n and doc[i].text in _DETERMINERS:
        i += 1
    for j in range(i, min(i + 3, n)):
        country = country_at(j)
        if country:
            k = j + 1
            while k < n and country_at(k) == country:
                k += 1  # the rest of a multi-token name
            if k < n and doc[k].text in _POSSESSIVE:
                k += 1
            return country if k < n and doc[k].lower_ in ROLE_WORDS else ""
        if j == i and doc[j].lower_ not in ROLE_WORDS:
            return ""
    return ""


def _first_conjunct(tok: Token) -> Token:
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def is_locative(tok: Token) -> bool:
    """Whether a name is where something happens or goes ("in Moscow", "visited China")."""
    tok = _first_conjunct(tok)
    dep, head = tok.dep_, tok.head
    if dep == "pobj":
        prep = head.lower_
        if prep in LOCATIVE_PREPS:
            return True
        return prep in DIRECTION_PREPS and head.head.lemma_.lower() in MOTION_WORDS
    if dep == "dobj":
        return head.lemma_.lower() in MOTION_WORDS or head.lemma_ in {"choose", "pick"}
    return dep == "npadvmod"


def capital_is_place(tok: Token) -> bool:
    """Whether a capital names the city (True) rather than its government (False)."""
    first = _first_conjunct(tok)
    if first.dep_ in {"compound", "nmod", "amod", "appos"}:
        return first.head.lemma_.lower() not in POLITICAL_NOUNS
    return is_locative(first)
