"""The domain gazetteer: loading and validating `resources/gazetteer.toml`, and its lookups.

The TOML lists people, countries, places, organisations and events with canonical names,
aliases and sides, roles ("the North Korean leader") with dated holders, and dated landmark
happenings (`[[event]]`: the Hanoi summit, the nuclear tests...) that date an article naming
them. This module turns it into EntityRuler patterns (spelling variants generated here, so the
file stays short) and the tables that entity resolution and anchor inference need. A malformed
file raises `InputError` naming the file and the entry, because a user may edit it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from nkviewer.errors import InputError

#: Our kinds and the spaCy label each gets unless the entry says otherwise.
KIND_LABELS: dict[str, str] = {
    "person": "PERSON",
    "country": "GPE",
    "organisation": "ORG",
    "place": "GPE",
    "event": "EVENT",
}
LABELS = frozenset({"PERSON", "NORP", "ORG", "GPE", "LOC", "FAC", "EVENT"})
#: Countries whose people write the family name first.
SURNAME_FIRST = frozenset({"North Korea", "South Korea", "China"})
KOREAN = frozenset({"North Korea", "South Korea"})
#: Pattern ids of contextual names ("the North") start with this, then the country.
CONTEXTUAL_PREFIX = "ctx:"

_ENTITY_KEYS = frozenset(
    {"name", "kind", "country", "aliases", "label", "surname", "leader", "demonyms"}
    | {"contextual", "capital_of"}
)
_ROLE_KEYS = frozenset({"country", "titles", "holders"})
_HOLDER_KEYS = frozenset({"name", "from", "to"})
_EVENT_KEYS = frozenset({"name", "date", "end", "aliases", "planned"})


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer entity. `forms` holds every surface spelling, the name itself included."""

    name: str
    kind: str
    label: str
    country: str = ""
    forms: tuple[str, ...] = ()
    surname: str = ""
    leader: bool = False
    demonyms: tuple[str, ...] = ()
    contextual: tuple[str, ...] = ()
    capital_of: str = ""


@dataclass(frozen=True, slots=True)
class Holder:
    name: str
    start: date
    end: date | None = None  # exclusive; None while in office

    def holds_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True, slots=True)
class Role:
    """A description ("Russian president") and who filled it when."""

    country: str
    titles: tuple[str, ...]
    holders: tuple[Holder, ...]

    def holder(self, day: date | None, present: frozenset[str] = frozenset()) -> str:
        """Who the description means: the holder on `day`; without a day, a holder the document
        names, else the latest one."""
        if day is not None:
            for h in self.holders:
                if h.holds_on(day):
                    return h.name
            return ""
        for h in reversed(self.holders):
            if h.name in present:
                return h.name
        return self.holders[-1].name if self.holders else ""


@dataclass(frozen=True, slots=True)
class DatedEvent:
    """A landmark happening with its days (`end` inclusive) and the names articles give it.

    `planned`: announced ahead (a summit), so articles may name it before it happens.
    """

    name: str
    start: date
    end: date
    aliases: tuple[str, ...] = ()
    planned: bool = True


@dataclass(slots=True)
class Gazetteer:
    path: Path
    entries: dict[str, Entry]
    roles: tuple[Role, ...]
    forms: dict[str, str] = field(default_factory=dict)  # every spelling -> canonical name
    demonym_country: dict[str, str] = field(default_factory=dict)  # "North Korean" -> country
    capital_of: dict[str, str] = field(default_factory=dict)  # "Pyongyang" -> "North Korea"
    contextual_forms: dict[str, str] = field(default_factory=dict)  # "North" -> "North Korea"
    events: tuple[DatedEvent, ...] = ()  # dated landmark happenings

    def tenures(self, person: str, title: str = "") -> list[tuple[Role, Holder]]:
        """Every (role, term) `person` held, only roles with `title` when one is given."""
        return [
            (role, h)
            for role in self.roles
            if not title or title in role.titles
            for h in role.holders
            if h.name == person
        ]

    def ruler_patterns(self) -> list[dict[str, str]]:
        """EntityRuler phrase patterns: every spelling, demonym and contextual name."""
        seen: set[str] = set()
        out: list[dict[str, str]] = []

        def add(text: str, label: str, ident: str) -> None:
            if text not in seen:
                seen.add(text)
                out.append({"label": label, "pattern": text, "id": ident})

        for e in self.entries.values():
            for form in e.forms:
                add(form, e.label, e.name)
            for dem in e.demonyms:
                add(dem, "NORP", e.name)
            for ctx in e.contextual:
                if ctx.split()[0] in ("the", "The"):  # bare words: see `contextual_forms`
                    add(ctx, e.label, CONTEXTUAL_PREFIX + e.name)
        return out

    def role_phrases(self) -> Iterator[tuple[str, int]]:
        """(lower-case phrase, role index): "north korean leader", "leader of north korea"..."""
        for i, role in enumerate(self.roles):
            country = self.entries.get(role.country)
            if country is None:
                continue
            adjectives = [d for d in country.demonyms if not d.endswith("s")]
            adjectives += [f for f in country.forms if f.isupper() or "." in f]
            names = [f for f in country.forms if not f.startswith("the ")]
            names += [c.removeprefix("the ").removeprefix("The ") for c in country.contextual]
            for title in role.titles:
                for adj in adjectives:
                    yield f"{adj} {title}".lower(), i
                for name in names:
                    for apos in ("'s", "’s"):
                        yield f"{name}{apos} {title}".lower(), i
                    yield f"{title} of {name}".lower(), i

    def surname_of(self, name: str) -> str:
        e = self.entries.get(name)
        return e.surname if e else ""


# --------------------------------------------------------------------------- spelling variants

_KOREAN_NAME = re.compile(r"^(\S+) ([A-Z][a-z]+)(?:-| )([A-Za-z][a-z]+)$")


def korean_variants(name: str) -> list[str]:
    """Kim Jong-un → Kim Jong Un, Kim Jong-Un, Kim Jongun (and back): one given name, 4 shapes."""
    m = _KOREAN_NAME.match(name)
    if not m:
        return []
    fam, a, b = m.group(1), m.group(2), m.group(3)
    low, cap = b.lower(), b.capitalize()
    return [f"{fam} {a}-{low}", f"{fam} {a}-{cap}", f"{fam} {a} {cap}", f"{fam} {a}{low}"]


def apostrophe_variants(text: str) -> list[str]:
    if "'" in text:
        return [text.replace("'", "’")]
    if "’" in text:
        return [text.replace("’", "'")]
    return []


def given_name_variants(name: str, groups: dict[str, tuple[str, ...]]) -> list[str]:
    first, _, rest = name.partition(" ")
    if not rest or first not in groups:
        return []
    return [f"{alt} {rest}" for alt in groups[first] if alt != first]


# --------------------------------------------------------------------------- loading


class _Problem(Exception):
    pass


def _strings(value: Any, what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _Problem(f"{what} must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _text(raw: dict[str, Any], key: str, *, required: bool = False) -> str:
    value = raw.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise _Problem(f"`{key}` must be a {'non-empty ' if required else ''}string")
    return value.strip()


def _default_surname(name: str, country: str) -> str:
    words = name.split()
    if len(words) < 2:
        return ""
    return words[0] if country in SURNAME_FIRST else words[-1]


def _entry(raw: Any, groups: dict[str, tuple[str, ...]]) -> Entry:
    if not isinstance(raw, dict):
        raise _Problem("must be a table")
    unknown = set(raw) - _ENTITY_KEYS
    if unknown:
        raise _Problem(f"unknown key(s) {', '.join(sorted(unknown))}")
    name = _text(raw, "name", required=True)
    kind = _text(raw, "kind", required=True)
    if kind not in KIND_LABELS:
        raise _Problem(f"kind {kind!r} is not one of {', '.join(KIND_LABELS)}")
    label = _text(raw, "label") or KIND_LABELS[kind]
    if label not in LABELS:
        raise _Problem(f"label {label!r} is not one of {', '.join(sorted(LABELS))}")
    country = _text(raw, "country")
    leader = raw.get("leader", False)
    if not isinstance(leader, bool):
        raise _Problem("`leader` must be true or false")
    explicit = (name, *_strings(raw.get("aliases"), "`aliases`"))
    forms: list[str] = []
    for form in explicit:
        derived = [form]
        if kind == "person":
            derived += given_name_variants(form, groups)
            if country in KOREAN:
                derived += korean_variants(form)
        for d in list(derived):
            derived += apostrophe_variants(d)
        for d in derived:
            if d not in forms:
                forms.append(d)
    surname = _text(raw, "surname") or (_default_surname(name, country) if kind == "person" else "")
    return Entry(
        name=name,
        kind=kind,
        label=label,
        country=country,
        forms=tuple(forms),
        surname=surname,
        leader=leader,
        demonyms=_strings(raw.get("demonyms"), "`demonyms`"),
        contextual=_strings(raw.get("contextual"), "`contextual`"),
        capital_of=_text(raw, "capital_of"),
    )


def _role(raw: Any, entries: dict[str, Entry]) -> Role:
    if not isinstance(raw, dict):
        raise _Problem("must be a table")
    unknown = set(raw) - _ROLE_KEYS
    if unknown:
        raise _Problem(f"unknown key(s) {', '.join(sorted(unknown))}")
    country = _text(raw, "country", required=True)
    if entries.get(country) is None or entries[country].kind != "country":
        raise _Problem(f'country {country!r} is not a kind="country" entity')
    titles = tuple(t.lower() for t in _strings(raw.get("titles"), "`titles`"))
    if not titles:
        raise _Problem("`titles` is empty")
    holders: list[Holder] = []
    for h in raw.get("holders") or []:
        if not isinstance(h, dict) or set(h) - _HOLDER_KEYS or "name" not in h:
            raise _Problem("each holder must be {name = ..., from = YYYY-MM-DD, to = YYYY-MM-DD}")
        start, end = h.get("from"), h.get("to")
        if not isinstance(start, date) or (end is not None and not isinstance(end, date)):
            raise _Problem(f"holder {h['name']!r}: `from`/`to` must be TOML dates (2019-03-14)")
        if end is not None and end <= start:
            raise _Problem(f"holder {h['name']!r}: `to` is not after `from`")
        person = entries.get(h["name"])
        if person is None or person.kind != "person":
            raise _Problem(f'holder {h["name"]!r} is not a kind="person" entity')
        holders.append(Holder(h["name"], start, end))
    if not holders:
        raise _Problem("`holders` is empty")
    return Role(country, titles, tuple(holders))


def _dated_event(raw: Any) -> DatedEvent:
    if not isinstance(raw, dict):
        raise _Problem("must be a table")
    unknown = set(raw) - _EVENT_KEYS
    if unknown:
        raise _Problem(f"unknown key(s) {', '.join(sorted(unknown))}")
    name = _text(raw, "name", required=True)
    start, end = raw.get("date"), raw.get("end", raw.get("date"))
    if type(start) is not date or type(end) is not date:
        raise _Problem("`date` (and `end`, if given) must be TOML dates (2019-02-27)")
    if end < start:
        raise _Problem("`end` is before `date`")
    planned = raw.get("planned", True)
    if not isinstance(planned, bool):
        raise _Problem("`planned` must be true or false")
    aliases = _strings(raw.get("aliases"), "`aliases`")
    return DatedEvent(name, start, end, (name, *[a for a in aliases if a != name]), planned)


def parse_gazetteer(text: str, path: Path) -> Gazetteer:
    """Validate the TOML text; `InputError` names the file and the entry at fault."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML ({exc}). Fix the syntax there.") from exc
    groups: dict[str, tuple[str, ...]] = {}
    for group in data.get("transliteration", {}).get("given_names", []):
        spellings = _strings_or_fail(group, path)
        for s in spellings:
            groups[s] = spellings
    entries: dict[str, Entry] = {}
    owner: dict[str, str] = {}
    for i, raw in enumerate(data.get("entity", []), start=1):
        where = f"{path}: [[entity]] #{i}" + (
            f" ({raw.get('name')!r})" if isinstance(raw, dict) else ""
        )
        try:
            e = _entry(raw, groups)
            if e.name in entries:
                raise _Problem("the same name appears twice")
            for form in e.forms[:1] + tuple(_explicit(raw)):
                if form in owner and owner[form] != e.name:
                    raise _Problem(f"alias {form!r} already belongs to {owner[form]!r}")
        except _Problem as exc:
            raise InputError(f"{where}: {exc}. Fix or remove that entry.") from None
        entries[e.name] = e
        for form in e.forms:
            owner.setdefault(form, e.name)
    for name, e in entries.items():
        for ref, what in ((e.country, "country"), (e.capital_of, "capital_of")):
            if ref and (ref not in entries or entries[ref].kind != "country"):
                raise InputError(
                    f'{path}: entity {name!r}: {what} {ref!r} is not a kind="country" entity. '
                    "Add that country or correct the name."
                )
    roles: list[Role] = []
    for i, raw in enumerate(data.get("role", []), start=1):
        try:
            roles.append(_role(raw, entries))
        except _Problem as exc:
            raise InputError(f"{path}: [[role]] #{i}: {exc}. Fix or remove that entry.") from None
    events: list[DatedEvent] = []
    for i, raw in enumerate(data.get("event", []), start=1):
        try:
            ev = _dated_event(raw)
            if any(e.name == ev.name for e in events):
                raise _Problem("the same name appears twice")
        except _Problem as exc:
            raise InputError(f"{path}: [[event]] #{i}: {exc}. Fix or remove that entry.") from None
        events.append(ev)
    gaz = Gazetteer(path, entries, tuple(roles), events=tuple(events))
    for e in entries.values():
        for form in e.forms:
            gaz.forms.setdefault(form, e.name)
        for dem in e.demonyms:
            gaz.demonym_country[dem] = e.name
        if e.capital_of:
            gaz.capital_of[e.name] = e.capital_of
        for ctx in e.contextual:
            gaz.contextual_forms[ctx.removeprefix("the ").removeprefix("The ")] = e.name
    return gaz


def _explicit(raw: dict[str, Any]) -> list[str]:
    aliases = raw.get("aliases") or []
    return [a.strip() for a in aliases if isinstance(a, str)]


def _strings_or_fail(group: Any, path: Path) -> tuple[str, ...]:
    try:
        return _strings(group, "[transliteration] given_names entries")
    except _Problem as exc:
        raise InputError(f"{path}: {exc}. Fix that list.") from None


def default_path() -> Path:
    from nkviewer.paths import resources_dir

    return resources_dir() / "gazetteer.toml"


def load_gazetteer(path: str | Path | None = None) -> Gazetteer:
    """The gazetteer at `path` (default `resources/gazetteer.toml`), parsed once per version."""
    p = Path(path) if path is not None else default_path()
    try:
        stat = p.stat()
    except OSError as exc:
        raise InputError(
            f"The gazetteer {p} cannot be read ({exc.strerror}). Reinstall nkviewer or point "
            "NKVIEWER_RESOURCES at a folder holding gazetteer.toml."
        ) from exc
    return _load_cached(str(p), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _load_cached(path: str, mtime_ns: int, size: int) -> Gazetteer:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"The gazetteer {p} cannot be read ({exc}). It must be UTF-8.") from exc
    return parse_gazetteer(text, p)
