"""Bare surnames to the full person they mean, within one document.

"Kim" is the hard case: a North Korea story may name Kim Jong-un, Kim Yong-chol, Kim Hyok-chol
and a reporter called Kim in one page. The rules, in order:

1. a leader's title right before the name ("leader Kim", "Chairman Kim") → the leader;
2. a full-name mention with that surname in the same sentence or one of the two before → that
   person ("... diplomat Kim Hyok-chol. ... Kim of the State Affairs Commission" → Kim Hyok-chol);
3. a leader with that surname named anywhere in the document (or, failing that, in office on
   its date), when the words around the name speak of a leader or summit, or no earlier full
   name exists → the leader;
4. the most recent earlier full-name mention; else the first later one;
5. otherwise the leader in office on the document's date of a country the document mentions
   (a headline "Kim due to meet Putin" in a 2023 article → Kim Jong-un).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass


def _words(text: str) -> list[str]:
    return text.split()


#: Words near a bare surname that make it mean the leader who bears it.
LEADER_CUES = frozenset(
    _words(
        "leader leaders summit summits chairman marshal supreme regime dictator leadership "
        "head-of-state"
    )
)
#: How many sentences back a full name still decides what a bare surname means.
RECENT_SENTENCES = 2
#: How many tokens either side of a bare surname are searched for LEADER_CUES.
CUE_WINDOW = 8
#: Titles directly before a bare name that single out the leader.
LEADER_TITLES = frozenset({"leader", "Leader", "Chairman", "chairman", "Marshal", "President"})


@dataclass(frozen=True, slots=True)
class Person:
    """A person known by full name in the document (or by role, or by the gazetteer)."""

    canonical: str
    surname: str
    country: str = ""
    leader: bool = False


@dataclass(frozen=True, slots=True)
class _Seen:
    token: int
    sentence: int
    person: Person


class SurnameResolver:
    """Resolves bare surnames against the full names of one document (built per document)."""

    def __init__(
        self,
        seen: Iterable[tuple[int, int, Person]],
        fallback: dict[str, Person] | None = None,
    ) -> None:
        self._by_surname: dict[str, list[_Seen]] = {}
        for token, sentence, person in sorted(seen, key=lambda s: s[0]):
            if person.surname:
                self._by_surname.setdefault(person.surname, []).append(
                    _Seen(token, sentence, person)
                )
        self._tokens = {s: [x.token for x in xs] for s, xs in self._by_surname.items()}
        self._fallback = fallback or {}

    def knows(self, surname: str) -> bool:
        return surname in self._by_surname or surname in self._fallback

    def surnames(self) -> set[str]:
        return set(self._by_surname) | set(self._fallback)

    def resolve(
        self, surname: str, token: int, sentence: int, *, cue: bool, titled: bool
    ) -> Person | None:
        """The person a bare `surname` at `token` (in sentence `sentence`) refers to.

        `cue`: a leader/summit word is near; `titled`: a leader's title precedes it.
        """
        seen = self._by_surname.get(surname)
        if not seen:
            return self._fallback.get(surname)
        k = bisect_left(self._tokens[surname], token)
        recent = seen[k - 1] if k > 0 else None
        leader = next((s.person for s in seen if s.person.leader), None)
        if leader is None:
            fb = self._fallback.get(surname)
            leader = fb if fb is not None and fb.leader else None
        if titled and leader is not None:
            return leader
        if recent is not None and sentence - recent.sentence <= RECENT_SENTENCES:
            return recent.person
        if leader is not None and (cue or recent is None):
            return leader
        if recent is not None:
            return recent.person
        return seen[k].person if k < len(seen) else None
