"""The domain gazetteer: loading and validating `resources/gazetteer.toml`, and its lookups.

The TOML lists people, countries, places, organisations and events with canonical names,
aliases and sides, roles ("the North Korean leader") with dated holders, and dated landmark
happenings (`[[event]]`: the Hanoi summit, the nuclear tests...) that date an article naming
them. This module turns it into EntityRuler patterns (spelling variants generated here, so the
file stays short) and the tables that entity resolution and anchor inference need. A malformed
file raises `InputError` naming the file and the entry, because a user may edit it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from nkviewer.errors import InputError
from nkviewer.ingest.document import FileProblem
from nkviewer.paths import USER_GAZETTEER_NAME, config_dir, resources_dir

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
    | {"contextual", "capital_of", "born", "died", "news"}
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
    born: date | None = None  # people: the first and last day they could act
    died: date | None = None
    news: bool = False  # a news agency or outlet: it reports, it is never an actor

    def alive_on(self, day: date) -> bool:
        """Whether this person could act on `day` (True when the gazetteer does not know)."""
        return (self.born is None or self.born <= day) and (self.died is None or day <= self.died)


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
    paths: tuple[Path, ...]  # the files it was read from (bundled TOML, then user CSV)
    entries: dict[str, Entry]
    roles: tuple[Role, ...]
    forms: dict[str, str] = field(default_factory=dict)  # every spelling -> canonical name
    demonym_country: dict[str, str] = field(default_factory=dict)  # "North Korean" -> country
    capital_of: dict[str, str] = field(default_factory=dict)  # "Pyongyang" -> "North Korea"
    contextual_forms: dict[str, str] = field(default_factory=dict)  # "North" -> "North Korea"
    events: tuple[DatedEvent, ...] = ()  # dated landmark happenings
    problems: tuple[FileProblem, ...] = ()  # rows of user files that were skipped, and why

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
    born, died = _life_day(raw, "born"), _life_day(raw, "died")
    if (born or died) and kind != "person":
        raise _Problem("`born`/`died` are for people only")
    if born and died and died < born:
        raise _Problem("`died` is before `born`")
    news = raw.get("news", False)
    if not isinstance(news, bool):
        raise _Problem("`news` must be true or false")
    if news and kind != "organisation":
        raise _Problem('`news` is for kind="organisation" entries only')
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
        born=born,
        died=died,
        news=news,
    )


def _life_day(raw: dict[str, Any], key: str) -> date | None:
    """`born`/`died`: a TOML date, or a year alone (its first day for born, last for died)."""
    value = raw.get(key)
    if value is None:
        return None
    if type(value) is date:
        return value
    if type(value) is int and 1 <= value <= 9999:
        return date(value, 1, 1) if key == "born" else date(value, 12, 31)
    raise _Problem(f"`{key}` must be a TOML date (1942-02-16) or a year (1942)")


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
    """Validate one TOML text; `InputError` names the file and the entry at fault."""
    return build_gazetteer([_toml(text, path)])


@dataclass(frozen=True, slots=True)
class _Source:
    """One bundled or user TOML file, parsed but not yet validated."""

    data: dict[str, Any]
    path: Path


def _toml(text: str, path: Path) -> _Source:
    try:
        return _Source(tomllib.loads(text), path)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML ({exc}). Fix the syntax there.") from exc


def _tables(sources: Sequence[_Source], key: str) -> Iterator[tuple[str, Any]]:
    """(where, raw table) of every `[[key]]` table, numbered per file."""
    for src in sources:
        items = src.data.get(key, [])
        if not isinstance(items, list):
            raise InputError(f"{src.path}: `{key}` must be an array of tables ([[{key}]]).")
        for i, raw in enumerate(items, start=1):
            yield f"{src.path}: [[{key}]] #{i}", raw


def build_gazetteer(sources: Sequence[_Source], user: Sequence[UserFile] = ()) -> Gazetteer:
    """Validate the bundled `sources` together (later files may name earlier files' countries
    and people; a fault raises `InputError`), then apply the user's rows (a fault there is a
    problem of that row, reported, and the row is skipped)."""
    groups: dict[str, tuple[str, ...]] = {}
    for src in sources:
        for group in src.data.get("transliteration", {}).get("given_names", []):
            spellings = _strings_or_fail(group, src.path)
            for s in spellings:
                groups[s] = spellings
    entries: dict[str, Entry] = {}
    owner: dict[str, str] = {}
    for where, raw in _tables(sources, "entity"):
        if isinstance(raw, dict):
            where += f" ({raw.get('name')!r})"
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
                path = sources[0].path if len(sources) == 1 else "the gazetteer"
                raise InputError(
                    f'{path}: entity {name!r}: {what} {ref!r} is not a kind="country" entity. '
                    "Add that country or correct the name."
                )
    roles: list[Role] = []
    for where, raw in _tables(sources, "role"):
        try:
            roles.append(_role(raw, entries))
        except _Problem as exc:
            raise InputError(f"{where}: {exc}. Fix or remove that entry.") from None
    events: list[DatedEvent] = []
    for where, raw in _tables(sources, "event"):
        try:
            ev = _dated_event(raw)
            if any(e.name == ev.name for e in events):
                raise _Problem("the same name appears twice")
        except _Problem as exc:
            raise InputError(f"{where}: {exc}. Fix or remove that entry.") from None
        events.append(ev)
    problems: list[FileProblem] = []
    for uf in user:
        found = list(uf.problems)
        for row in uf.rows:
            try:
                _apply_user_row(row, entries, owner, roles, groups)
            except _Problem as exc:
                reason = f"line {row.line}: {exc}; row skipped"
                found.append((row.line, FileProblem(str(uf.path), reason)))
        problems.extend(p for _, p in sorted(found, key=lambda lp: lp[0]))
    gaz = Gazetteer(
        tuple(s.path for s in sources) + tuple(u.path for u in user),
        entries,
        tuple(roles),
        events=tuple(events),
        problems=tuple(problems),
    )
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


# --------------------------------------------------------------------------- user CSV files

#: The user's own entries: this file in the config folder and in a corpus folder.
USER_FILE = USER_GAZETTEER_NAME
USER_COLUMNS = (
    "name",
    "kind",
    "country",
    "aliases",
    "surname",
    "born",
    "died",
    "title",
    "from",
    "to",
    "news",
)
_KIND_SPELLINGS = {"organization": "organisation", "org": "organisation", "news": "organisation"}
_TRUE = frozenset({"1", "true", "yes", "y", "x"})
_FALSE = frozenset({"", "0", "false", "no", "n"})
#: A user file larger than this is not read (it is a list of names, not a corpus).
MAX_USER_BYTES = 5_000_000


@dataclass(frozen=True, slots=True)
class UserRow:
    line: int
    fields: dict[str, str]


@dataclass(frozen=True, slots=True)
class UserFile:
    """The rows of one user gazetteer CSV, and what was wrong with the file as a whole."""

    path: Path
    rows: tuple[UserRow, ...]
    problems: tuple[tuple[int, FileProblem], ...] = ()  # (line, problem); line 0: the file


def read_user_gazetteer(path: Path) -> UserFile:
    """A user CSV (header row: `USER_COLUMNS`, `name` and `kind` required). Never raises for
    what is in the file: an unreadable file, a bad header or a malformed row becomes a problem
    naming the file and line, and everything else still loads."""
    try:
        if path.stat().st_size > MAX_USER_BYTES:
            return _unread(path, "larger than 5 MB; not read")
        raw = path.read_bytes()
    except OSError as exc:
        return _unread(path, f"cannot be read ({exc.strerror})")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return _unread(path, f"not UTF-8 (byte {exc.start}); save it as UTF-8")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems: list[tuple[int, FileProblem]] = []
    rows: list[UserRow] = []
    header: list[str] | None = None
    try:
        for fields in reader:
            line = reader.line_num
            if not any(f.strip() for f in fields) or fields[0].lstrip().startswith("#"):
                continue
            if header is None:
                header = [f.strip().lower() for f in fields]
                missing = [c for c in ("name", "kind") if c not in header]
                if missing:
                    reason = (
                        f"line {line}: the header must name the columns "
                        f"{', '.join(USER_COLUMNS)} (missing {', '.join(missing)}); not read"
                    )
                    return _unread(path, reason)
                unknown = [c for c in header if c and c not in USER_COLUMNS]
                if unknown:
                    reason = (
                        f"line {line}: unknown column(s) {', '.join(unknown)} ignored "
                        f"(known: {', '.join(USER_COLUMNS)})"
                    )
                    problems.append((line, FileProblem(str(path), reason, "warning")))
                continue
            if len(fields) > len(header):
                extra = len(fields) - len(header)
                reason = f"line {line}: {extra} cell(s) more than the header; row skipped"
                problems.append((line, FileProblem(str(path), reason)))
                continue
            cells = {k: v.strip() for k, v in zip(header, fields, strict=False) if k}
            rows.append(UserRow(line, cells))
    except csv.Error as exc:
        reason = f"line {reader.line_num}: not valid CSV ({exc}); rest not read"
        problems.append((reader.line_num, FileProblem(str(path), reason)))
    return UserFile(path, tuple(rows), tuple(problems))


def _unread(path: Path, reason: str) -> UserFile:
    return UserFile(path, (), ((0, FileProblem(str(path), reason)),))


def _user_day(text: str, what: str) -> date | int | None:
    """ISO day or a year, as TOML would give it."""
    if not text:
        return None
    if re.fullmatch(r"\d{4}", text):
        return int(text)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _Problem(f"{what} {text!r} is not a date (YYYY-MM-DD) or a year") from None


def _user_flag(text: str, what: str) -> bool:
    low = text.lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise _Problem(f"{what} {text!r} is not yes/no")


def _apply_user_row(
    row: UserRow,
    entries: dict[str, Entry],
    owner: dict[str, str],
    roles: list[Role],
    groups: dict[str, tuple[str, ...]],
) -> None:
    """Add (or extend: more aliases, dates, a country) one entity and its office, if any."""
    f = row.fields
    name = f.get("name", "")
    if not name:
        raise _Problem("`name` is empty")
    kind = f.get("kind", "").lower()
    kind = _KIND_SPELLINGS.get(kind, kind)
    raw: dict[str, Any] = {"name": name, "kind": kind}
    aliases = [a.strip() for a in re.split(r"[;|]", f.get("aliases", "")) if a.strip()]
    if aliases:
        raw["aliases"] = aliases
    for key in ("country", "surname"):
        if f.get(key):
            raw[key] = f[key]
    for key in ("born", "died"):
        day = _user_day(f.get(key, ""), f"`{key}`")
        if day is not None:
            raw[key] = day
    if _user_flag(f.get("news", ""), "`news`") or f.get("kind", "").lower() == "news":
        raw["news"] = True
    country = raw.get("country", "")
    known = country in entries and entries[country].kind == "country"
    if country and not known and not (kind == "country" and country == name):
        raise _Problem(f"country {country!r} is not a country the gazetteer knows")
    new = _entry(raw, groups)
    old = entries.get(name)
    if old is not None:
        if old.kind != new.kind:
            raise _Problem(f"{name!r} is already a {old.kind}, not a {new.kind}")
        forms = tuple(dict.fromkeys((*old.forms, *new.forms)))
        new = replace(
            old,
            forms=forms,
            country=new.country or old.country,
            surname=f.get("surname") or old.surname,
            born=new.born or old.born,
            died=new.died or old.died,
            news=new.news or old.news,
        )
    for form in new.forms:
        if owner.get(form, name) != name:
            raise _Problem(f"alias {form!r} already belongs to {owner[form]!r}")
    title = f.get("title", "").lower()
    holder: Holder | None = None
    if title:
        if new.kind != "person" or not new.country:
            raise _Problem("`title` needs a person with a `country`")
        start = _user_day(f.get("from", ""), "`from`")
        end = _user_day(f.get("to", ""), "`to`")
        if start is None:
            raise _Problem("`title` needs `from` (the first day in office)")
        first = start if isinstance(start, date) else date(start, 1, 1)
        last = end if isinstance(end, date) or end is None else date(end, 12, 31)
        if last is not None and last <= first:
            raise _Problem("`to` is not after `from`")
        holder = Holder(name, first, last)
    entries[name] = new
    for form in new.forms:
        owner[form] = name
    if holder is not None:
        for k, role in enumerate(roles):
            if role.country == new.country and title in role.titles:
                roles[k] = replace(role, holders=(*role.holders, holder))
                break
        else:
            roles.append(Role(new.country, (title,), (holder,)))


# --------------------------------------------------------------------------- loading


def default_path() -> Path:
    return resources_dir() / "gazetteer.toml"


def bundled_paths() -> list[Path]:
    """The gazetteer shipped with nkviewer: `gazetteer.toml`, then `gazetteer-*.toml`."""
    main = default_path()
    return [main, *sorted(main.parent.glob("gazetteer-*.toml"))]


def user_paths(folders: Iterable[str | Path] = ()) -> list[Path]:
    """The user's gazetteer CSVs that exist: the config folder's, then each corpus folder's."""
    out: list[Path] = []
    for folder in (config_dir(), *folders):
        p = Path(folder)
        candidate = p / USER_FILE if p.is_dir() or not p.suffix else p.parent / USER_FILE
        if candidate.is_file() and candidate not in out:
            out.append(candidate)
    return out


def load_gazetteer(
    path: str | Path | Sequence[str | Path] | None = None, *, user: Sequence[str | Path] = ()
) -> Gazetteer:
    """The gazetteer from `path` (one TOML file or several; default: the bundled files) plus
    the `user` CSV files, parsed once per version of those files."""
    if path is None:
        paths = bundled_paths()
    elif isinstance(path, str | Path):
        paths = [Path(path)]
    else:
        paths = [Path(p) for p in path]
    stamps: list[tuple[str, int, int]] = []
    for p in paths:
        try:
            stat = p.stat()
        except OSError as exc:
            raise InputError(
                f"The gazetteer {p} cannot be read ({exc.strerror}). Reinstall nkviewer or point "
                "NKVIEWER_RESOURCES at a folder holding gazetteer.toml."
            ) from exc
        stamps.append((str(p), stat.st_mtime_ns, stat.st_size))
    users: list[tuple[str, int, int]] = []
    for u in user:
        try:
            stat = Path(u).stat()
            users.append((str(u), stat.st_mtime_ns, stat.st_size))
        except OSError:
            users.append((str(u), -1, -1))  # reported as a problem by the reader
    return _load_cached(tuple(stamps), tuple(users))


def fingerprint(gaz: Gazetteer) -> str:
    """A short hash of the files behind `gaz` (their bytes), for cache keys."""
    h = hashlib.sha256()
    for p in gaz.paths:
        try:
            h.update(p.read_bytes())
        except OSError:
            h.update(b"-")
        h.update(b"\0")
    return h.hexdigest()[:16]


@lru_cache(maxsize=8)
def _load_cached(
    files: tuple[tuple[str, int, int], ...], users: tuple[tuple[str, int, int], ...]
) -> Gazetteer:
    sources: list[_Source] = []
    for name, _, _ in files:
        p = Path(name)
        try:
            text = p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(
                f"The gazetteer {p} cannot be read ({exc}). It must be UTF-8."
            ) from exc
        sources.append(_toml(text, p))
    user = [read_user_gazetteer(Path(name)) for name, _, _ in users]
    return build_gazetteer(sources, user)
