"""Bare surnames to the full person they mean, within one document.

"Kim" is the hard case: a North Korea story may name Kim Jong-un, Kim Yong-chol, Kim Hyok-chol
and a reporter called Kim in one page. The rules, in order:

1. a leader's title right before the name ("leader Kim", "Chairman Kim") → the leader;
2. a full-name mention with that surname in the same sentence or one of the two before → that
   person ("... diplomat Kim Hyok-chol. ... Kim of the State Affairs Commission" → Kim Hyok-chol);
3. a leader with that surname named anywhere in the document (or, failing that, in office on
   its date), when the words around the name speak of a leader or summit, or no earlier full
   name exists → the leader;

Only people who could act on the day the sentence speaks of count (the gazetteer's life spans:
a "Kim" of 2019 is never Kim Jong-il, dead since 2011, however recently he was named).
4. the most recent earlier full-name mention; else the first later one;
5. otherwise the leader in office on the document's date of a country the document mentions
   (a headline "Kim due to meet Putin" in a 2023 article → Kim Jong-un).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date


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
    """A person known by full name in the document (or by role, or by the gazetteer), with the
    days they could act when the gazetteer knows them."""

    canonical: str
    surname: str
    country: str = ""
    leader: bool = False
    born: date | None = None
    died: date | None = None

    def could_act(self, day: date | None) -> bool:
        if day is None:
            return True
        return (self.born is None or self.born <= day) and (self.died is None or day <= self.died)


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
        fallback: dict[str, Person] | Callable[[str, date | None], Person | None] | None = None,
    ) -> None:
        self._by_surname: dict[str, list[_Seen]] = {}
        for token, sentence, person in sorted(seen, key=lambda s: s[0]):
            if person.surname:
                self._by_surname.setdefault(person.surname, []).append(
                    _Seen(token, sentence, person)
                )
        self._fallback = fallback or {}

    def _fallback_for(self, surname: str, when: date | None) -> Person | None:
        if callable(self._fallback):
            return self._fallback(surname, when)
        return self._fallback.get(surname)

    def knows(self, surname: str) -> bool:
        return surname in self._by_surname or surname in self.surnames()

    def surnames(self, extra: Iterable[str] = ()) -> set[str]:
        known = set(self._fallback) if isinstance(self._fallback, dict) else set()
        return set(self._by_surname) | known | set(extra)

    def resolve(
        self,
        surname: str,
        token: int,
        sentence: int,
        *,
        cue: bool,
        titled: bool,
        when: date | None = None,
    ) -> Person | None:
        """The person a bare `surname` at `token` (in sentence `sentence`) refers to.

        `cue`: a leader/summit word is near; `titled`: a leader's title precedes it; `when`:
        the day the sentence speaks of, when known (nobody dead by then, or not yet born, is
        meant: "Kim" in 2019 is not Kim Jong-il, who died in 2011).
        """
        seen = [s for s in self._by_surname.get(surname, []) if s.person.could_act(when)]
        if not seen:
            return self._fallback_for(surname, when)
        k = bisect_left([s.token for s in seen], token)
        recent = seen[k - 1] if k > 0 else None
        leader = next((s.person for s in seen if s.person.leader), None)
        if leader is None:
            fb = self._fallback_for(surname, when)
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
