"""Cross-document merging: one event per happening, however many articles report it.

Two events from different documents are the same happening when their dates are compatible
(the same days, or a day inside a week or month the other names), they share a person — or
two actors — and their titles share most of their wording once names are set aside ("met",
"talks" and "summit" count as one word, as do "visit" and "trip"). The merged event keeps the
most precise report's fields and lists every report in `sources`.

Events that look like the same happening but carry disjoint dates stay separate and name each
other in `conflicts`.

Within one document, an article often names a happening twice: "Im Chon-il met with Igor
Morgulov in Moscow Thursday" and, later, "The talks between the vice foreign ministers took
place Thursday". The later sentence names fewer people, so it is a back-reference: a day event
whose actors are a proper subset (often none) of another's on the same day, with the same
modality and similar wording (light verbs such as "took place" and "held" and reporting verbs
set aside), joins it when that other event is the only such candidate. Equally attributed
events of one day stay apart (two sittings are as likely as one repeated), as do different
happenings on the same day ("met" / "arrived" / "told"). A date inside a quotation ("'I meet
the minister tomorrow,' the mayor wrote") is the speaker's own word, counted from the day they
spoke: that sentence reports what someone said, a happening of its own, and joins no other.

Scaling: candidates are only compared within a date bucket (the exact days; a coarse event also
against the day events inside it) and, inside it, only when they share an (actor, word) key;
conflicts only within a (people, action) block and a 60-day window. Sorting dominates:
O(n log n) for the 10^5 events of a large corpus.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import Protocol

from nkviewer.events.record import Event

GRANULARITY_RANK = {
    "day": 0,
    "week": 1,
    "range": 2,
    "month": 3,
    "season": 4,
    "quarter": 5,
    "year": 6,
    "decade": 7,
}
#: A coarse event is merged with finer ones inside it only up to this many days.
MAX_CONTAINER_DAYS = 31
CONFLICT_WINDOW_DAYS = 60
MAX_KEY_PEERS = 32  # comparisons per (actor, word) key inside one bucket
WORDING_MIN = 0.5


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_STOP = _words(
    "a an the of in on at to with and or for by from as into over its his her their our "
    "is are was were be been being has have had will would could may might can should "
    "not no also that this these those who which it they he she first last next new "
    "s 's"
)
#: Words that name the same kind of happening.
_CLASSES = {
    "meet": "meet",
    "met": "meet",
    "meeting": "meet",
    "talk": "meet",
    "talked": "meet",
    "summit": "meet",
    "held": "meet",
    "hold": "meet",
    "confer": "meet",
    "visit": "visit",
    "visited": "visit",
    "visiting": "visit",
    "trip": "visit",
    "tour": "visit",
    "travel": "visit",
    "traveled": "visit",
    "travelled": "visit",
    "arrive": "visit",
    "arrived": "visit",
    "say": "say",
    "said": "say",
    "told": "say",
    "tell": "say",
    "report": "say",
    "reported": "say",
    "announce": "say",
    "announced": "say",
    "state": "say",
    "stated": "say",
    "sign": "sign",
    "signed": "sign",
    "signing": "sign",
    "invite": "invite",
    "invited": "invite",
    "invitation": "invite",
}
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


@lru_cache(maxsize=1 << 16)
def _name_words(name: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in _WORD.findall(name))


@lru_cache(maxsize=1 << 16)
def _title_words(title: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(title.lower()))


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    w = word.lower().replace("’", "'").removesuffix("'s")
    if w in _CLASSES:
        return _CLASSES[w]
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and not w.endswith("ss"):
            w = w[: -len(suffix)] + keep
            break
    return _CLASSES.get(w, w)


@dataclass(slots=True)
class _Profile:
    doc_id: str
    persons: frozenset[str]
    actors: frozenset[str]
    words: frozenset[str]
    first: int
    last: int
    rank: int
    keys: tuple[tuple[str, str], ...] = ()  # (person or actor, word): who did what


def _profile(e: Event) -> _Profile:
    names = {w for n in (*e.actors, *e.places) for w in _name_words(n)}
    words = frozenset(
        [_stem(w) for w in _title_words(e.title) if w not in names and w not in _STOP]
    )
    actors = frozenset(e.actors)
    persons = (
        frozenset(x.get("canonical", "") for x in e.entities if x.get("label") == "PERSON") & actors
    )
    who = sorted(persons or actors)
    return _Profile(
        e.doc_id,
        persons,
        actors,
        words,
        date.fromisoformat(e.start).toordinal(),
        date.fromisoformat(e.end).toordinal(),
        GRANULARITY_RANK.get(e.granularity, 8),
        tuple((a, w) for a in who for w in sorted(words)),
    )


def _alike(a: _Profile, b: _Profile) -> bool:
    """Same people, similar wording, different documents (dates are checked by the caller)."""
    if a.doc_id == b.doc_id or not a.words or not b.words:
        return False
    if not (a.persons & b.persons or len(a.actors & b.actors) >= 2):
        return False
    shared = len(a.words & b.words)
    return shared > 0 and shared / min(len(a.words), len(b.words)) >= WORDING_MIN


class _Sets:
    """Union-find over event indices."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def _compare_in(group: Sequence[int], profiles: Sequence[_Profile], sets: _Union) -> None:
    """Union the alike events of one date bucket, comparing only events sharing a key."""
    peers: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i in group:
        tried: set[int] = set()
        for key in profiles[i].keys:
            bucket = peers[key]
            for j in bucket[-MAX_KEY_PEERS:]:
                if j not in tried:
                    tried.add(j)
                    if _alike(profiles[i], profiles[j]):
                        sets.union(i, j)
            bucket.append(i)


def _month_keys(first: int, last: int) -> list[str]:
    a, b = date.fromordinal(first), date.fromordinal(last)
    keys = [f"{a.year:04d}-{a.month:02d}"]
    if (b.year, b.month) != (a.year, a.month):
        keys.append(f"{b.year:04d}-{b.month:02d}")
    return keys


class _Union(Protocol):
    def union(self, i: int, j: int) -> None: ...


def _merge_containers(profiles: Sequence[_Profile], sets: _Union, among: int | None = None) -> None:
    """A coarse report (a week, a month) joins the finer reports inside it that are alike —
    but only when those all name the same days, so two visits in one month stay two.

    Only the first `among` profiles (default: all) are taken as coarse reports; the others are
    only looked at as finer reports inside them (the blockwise merge's context)."""
    containers = [
        i for i, p in enumerate(profiles[:among]) if 1 < p.last - p.first + 1 <= MAX_CONTAINER_DAYS
    ]
    months = {m for i in containers for m in _month_keys(profiles[i].first, profiles[i].last)}
    fine: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for j, p in enumerate(profiles):
        if p.last - p.first < 7:
            month = _month_keys(p.first, p.first)[0]
            if month in months:
                for actor, word in p.keys:
                    fine[(month, actor, word)].append(j)
    for i in containers:
        p = profiles[i]
        span = p.last - p.first + 1
        alike: set[int] = set()
        for month in _month_keys(p.first, p.last):
            for actor, word in p.keys:
                for j in fine.get((month, actor, word), ())[: 4 * MAX_KEY_PEERS]:
                    q = profiles[j]
                    inside = p.first <= q.first and q.last <= p.last and q.last - q.first < span - 1
                    if inside and j not in alike and _alike(p, q):
                        alike.add(j)
        if alike and len({(profiles[j].first, profiles[j].last) for j in alike}) == 1:
            for j in alike:
                sets.union(i, j)


#: Words that name no particular happening ("took place", "held"), left out of the wording
#: compared within one document; and the class of reporting verbs: a report is a happening of
#: its own ("KCNA reported the talks", "Kislyak told TASS").
_LIGHT = _words("take took taken takes taking place held hold holds holding make made have had")
_REPORTING = "say"


def _doc_words(e: Event) -> frozenset[str]:
    """The title's wording without names, stop words and light verbs; empty for a report of a
    report ("KCNA reported the talks"), which is a happening of its own."""
    names = {w for n in (*e.actors, *e.places) for w in _name_words(n)}
    words = (w for w in _title_words(e.title) if w not in names and w not in _STOP)
    stems = frozenset(_stem(w) for w in words if w not in _LIGHT)
    return frozenset() if _REPORTING in stems else stems


_OPEN, _CLOSE, _STRAIGHT = "“", "”", '"'


def in_quotation(e: Event) -> bool:
    """Whether the event's date lies inside quotation marks, read from its sentence alone: an
    opening mark before it not closed since, or — a sentence that starts inside a quotation the
    parser cut into sentences ("I meet him tomorrow," she wrote.) — no mark before it and a
    closing one after it."""
    text = e.sentence
    at = e.time_start - e.sentence_start
    if not 0 <= at <= len(text):
        return False
    before, after = text[:at], text[at:]
    curly = [c for c in before if c in (_OPEN, _CLOSE)]
    if curly:
        return curly[-1] == _OPEN
    straight = before.count(_STRAIGHT)
    if straight:
        return straight % 2 == 1
    if (text.count(_OPEN) + text.count(_CLOSE)) == 0:
        return after.count(_STRAIGHT) % 2 == 1
    follows = [c for c in after if c in (_OPEN, _CLOSE)]
    return follows[0] == _CLOSE


def _back_reference(poor: Event, rich: Event, poor_words: frozenset[str]) -> bool:
    """`poor` names the happening `rich` reports, with fewer people (see the module doc)."""
    if poor.modality != rich.modality or not set(poor.actors) < set(rich.actors):
        return False
    rich_words = _doc_words(rich)
    if not rich_words:
        return False
    shared = len(poor_words & rich_words)
    return shared > 0 and shared / min(len(poor_words), len(rich_words)) >= WORDING_MIN


def merge_within_documents(events: Sequence[Event]) -> list[Event]:
    """Merge back-references to a happening into the report of it in the same document
    (module docstring); the richer report keeps its title and fields and lists both
    sentences in `sources`."""
    days: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, e in enumerate(events):
        if e.granularity == "day" and e.start == e.end:
            days[(e.doc_id, e.start)].append(i)
    into: dict[int, int] = {}
    for group in days.values():
        if len(group) < 2:
            continue
        for i in group:
            poor = events[i]
            words = _doc_words(poor)
            if not words or in_quotation(poor):
                continue
            richer = [j for j in group if j != i and _back_reference(poor, events[j], words)]
            widest = [
                j
                for j in richer
                if not any(set(events[j].actors) < set(events[k].actors) for k in richer)
            ]
            if len(widest) == 1:
                into[i] = widest[0]
    if not into:
        return list(events)
    absorbed: dict[int, list[int]] = defaultdict(list)
    for i in into:
        j = i
        while j in into:  # a chain of ever richer reports ends at the richest
            j = into[j]
        absorbed[j].append(i)
    out: list[Event] = []
    for k, e in enumerate(events):
        if k in into:
            continue
        others = [events[i] for i in sorted(absorbed.get(k, ()))]
        out.append(_combined(e, others, []) if others else e)
    return out


def merge_events(events: Sequence[Event]) -> list[Event]:
    """Merge reports of the same happening (within a document, then across documents); flag
    same-looking events with other dates."""
    within = merge_within_documents(sorted(events, key=lambda e: e.event_id))
    ordered = sorted(within, key=lambda e: (e.start, e.end, e.event_id))
    profiles = [_profile(e) for e in ordered]
    sets = _Sets(len(ordered))

    exact: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, p in enumerate(profiles):
        exact[(p.first, p.last)].append(i)
    for group in exact.values():
        if len(group) > 1:
            _compare_in(group, profiles, sets)

    _merge_containers(profiles, sets)

    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(ordered)):
        clusters[sets.find(i)].append(i)
    rep_of: dict[int, int] = {}
    for members in clusters.values():
        rep = min(
            members, key=lambda k: (profiles[k].rank, profiles[k].last - profiles[k].first, k)
        )
        for k in members:
            rep_of[k] = rep

    conflicts = _conflicts(ordered, profiles, rep_of)
    out: list[Event] = []
    for members in clusters.values():
        rep = rep_of[members[0]]
        out.append(_merged(ordered, rep, members, conflicts.get(rep, set()), rep_of))
    out.sort(key=lambda e: (e.start, e.end, e.event_id))
    return out


def _conflicts(
    ordered: Sequence[Event], profiles: Sequence[_Profile], rep_of: dict[int, int]
) -> dict[int, set[int]]:
    """Representative → representatives of alike events with disjoint dates."""
    blocks: dict[tuple[tuple[str, ...], str], list[int]] = defaultdict(list)
    for i, p in enumerate(profiles):
        if rep_of[i] != i or p.rank > GRANULARITY_RANK["month"]:
            continue
        who = tuple(sorted(p.persons)[:2]) or tuple(sorted(p.actors)[:2])
        action = next((w for w in sorted(p.words) if w in _CLASSES.values()), "")
        if who and action:
            blocks[(who, action)].append(i)
    found: dict[int, set[int]] = defaultdict(set)
    for members in blocks.values():
        members.sort(key=lambda k: profiles[k].first)
        for x, i in enumerate(members):
            a = profiles[i]
            for j in members[x + 1 :]:
                b = profiles[j]
                if b.first - a.last > CONFLICT_WINDOW_DAYS:
                    break
                disjoint = b.first > a.last or a.first > b.last
                if disjoint and _alike(a, b):
                    found[i].add(j)
                    found[j].add(i)
    return found


def _merged(
    ordered: Sequence[Event],
    rep: int,
    members: Sequence[int],
    conflicts: set[int],
    rep_of: dict[int, int],
) -> Event:
    base = ordered[rep]
    others = [ordered[k] for k in sorted(members) if k != rep]
    conflict_ids = sorted({ordered[rep_of[k]].event_id for k in conflicts})
    if not others:
        return replace(base, conflicts=conflict_ids) if conflict_ids else base
    return _combined(base, others, conflict_ids)


def _combined(base: Event, others: Sequence[Event], conflict_ids: list[str]) -> Event:
    """`base` with the sources, actors, places and reporters of `others` added."""
    sources = list(base.sources)
    actors, places, reporters = list(base.actors), list(base.places), list(base.reported_by)
    for e in others:
        sources += [s for s in e.sources if s not in sources]
        actors += [a for a in e.actors if a not in actors]
        places += [p for p in e.places if p not in places]
        reporters += [r for r in e.reported_by if r not in reporters and r not in actors]
    reports = [base, *others]
    return replace(
        base,
        sources=sources,
        actors=actors,
        places=places,
        reported_by=reporters,
        modality="happened" if any(e.modality == "happened" for e in reports) else "expected",
        uncertain=all(e.uncertain for e in reports),
        conflicts=conflict_ids,
    )
