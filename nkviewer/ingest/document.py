"""The document as the rest of the program sees it, and its publication date (the anchor)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Literal

from nkviewer.ingest.names import one_line, quoted_path

PublishedSource = Literal["manifest", "text", "html", "inferred", "user", "unknown"]
Precision = Literal["day", "month", "year", "range", "unknown"]


@dataclass(frozen=True, slots=True)
class PublishedDate:
    """When a document was published, how precisely, and how we know.

    `earliest`/`latest` bound the date (inclusive); for a day-precise date they are equal to
    `value`. An inferred anchor may be a range only: then `value` is the range's middle day, kept
    so that absolute arithmetic has something to work with, and `precision` is "range".
    """

    value: date | None = None
    earliest: date | None = None
    latest: date | None = None
    precision: Precision = "unknown"
    source: PublishedSource = "unknown"
    text: str = ""  # the stamp as written, when there was one
    #: A printed date that reads two ways ("09/03/2017": 3 September or 9 March): `value` is
    #: the first reading until the content decides (`nkviewer.nlp.anchor`).
    choices: tuple[date, ...] = ()

    @classmethod
    def day(cls, d: date, source: PublishedSource, text: str = "") -> PublishedDate:
        return cls(d, d, d, "day", source, text)

    @classmethod
    def unknown(cls) -> PublishedDate:
        return cls()

    @property
    def is_known(self) -> bool:
        return self.value is not None

    @property
    def is_day(self) -> bool:
        return self.precision == "day" and self.value is not None

    def iso(self) -> str:
        """ISO date for a day, `YYYY-MM` / `YYYY` for coarser, `A/B` for a range, "" if unknown."""
        if self.value is None:
            return ""
        if self.precision == "day":
            return self.value.isoformat()
        if self.precision == "month":
            return self.value.strftime("%Y-%m")
        if self.precision == "year":
            return f"{self.value.year:04d}"
        if self.earliest and self.latest:
            return f"{self.earliest.isoformat()}/{self.latest.isoformat()}"
        return self.value.isoformat()

    def to_json(self) -> dict[str, Any]:
        return {
            "value": self.value.isoformat() if self.value else None,
            "earliest": self.earliest.isoformat() if self.earliest else None,
            "latest": self.latest.isoformat() if self.latest else None,
            "precision": self.precision,
            "source": self.source,
            "text": self.text,
            "choices": [d.isoformat() for d in self.choices],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PublishedDate:
        def d(key: str) -> date | None:
            v = data.get(key)
            return date.fromisoformat(v) if v else None

        return cls(
            d("value"),
            d("earliest"),
            d("latest"),
            data.get("precision", "unknown"),
            data.get("source", "unknown"),
            data.get("text", ""),
            tuple(date.fromisoformat(v) for v in data.get("choices") or ()),
        )


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range `[start, end)` in `Document.text` (Python str indices)."""

    start: int
    end: int
    kind: str = ""  # e.g. "share-button", "caption-duplicate", "related", "comment-login"


@dataclass(frozen=True, slots=True)
class Dateline:
    """A wire dateline: where it is in the text, its city, agency and day (year if written)."""

    span: Span  # the whole dateline with its dash or colon (kind "dateline")
    city: str
    agency: str = ""
    date_span: Span | None = None
    month: int | None = None
    day: int | None = None
    year: int | None = None

    @property
    def day_of(self) -> date | None:
        """The filing day when the dateline writes its year."""
        if self.year is None or self.month is None or self.day is None:
            return None
        try:
            return date(self.year, self.month, self.day)
        except ValueError:
            return None

    def to_json(self) -> dict[str, object]:
        return {
            "span": [self.span.start, self.span.end],
            "city": self.city,
            "agency": self.agency,
            "date_span": [self.date_span.start, self.date_span.end] if self.date_span else None,
            "month": self.month,
            "day": self.day,
            "year": self.year,
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Dateline:
        span: Any = data["span"]
        a, b = span
        ds = data.get("date_span")
        return cls(
            span=Span(int(a), int(b), "dateline"),
            city=str(data.get("city", "")),
            agency=str(data.get("agency", "")),
            date_span=Span(int(ds[0]), int(ds[1])) if ds else None,  # type: ignore[index]
            month=_opt_int(data.get("month")),
            day=_opt_int(data.get("day")),
            year=_opt_int(data.get("year")),
        )


def _opt_int(v: object) -> int | None:
    return int(v) if isinstance(v, int) else None


@dataclass(slots=True)
class Document:
    """One article: the text exactly as shown to the user plus what is known about it.

    `junk` lists scraped-web boilerplate (share buttons, "Most viewed", duplicated captions...):
    it stays in `text` so offsets are exact, but extraction ignores it. `stamps` lists printed
    publication/modification stamps ("Posted on : ...", "Modified on : ..."): never events.
    """

    doc_id: str
    path: str
    text: str
    title: str = ""
    source: str = ""
    url: str = ""
    author: str = ""
    published: PublishedDate = field(default_factory=PublishedDate)
    junk: list[Span] = field(default_factory=list)
    stamps: list[Span] = field(default_factory=list)
    title_span: Span | None = None
    encoding: str = "utf-8"
    meta: dict[str, str] = field(default_factory=dict)
    dateline: Dateline | None = None  # a wire dateline opening the story (its span is a stamp)
    modified: date | None = None  # the first printed "updated"/"modified" day: published by then

    def with_published(self, published: PublishedDate) -> Document:
        return replace(self, published=published)

    def content_hash(self) -> str:
        """Hash of everything extraction depends on (text and the given metadata)."""
        h = hashlib.sha256()
        for part in (self.text, self.title, self.source, self.url, self.path):
            h.update(part.encode("utf-8", "surrogatepass"))
            h.update(b"\0")
        h.update(repr(self.published.to_json()).encode())
        return h.hexdigest()

    def to_json(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "path": self.path,
            "text": self.text,
            "title": self.title,
            "source": self.source,
            "url": self.url,
            "author": self.author,
            "published": self.published.to_json(),
            "junk": [[s.start, s.end, s.kind] for s in self.junk],
            "stamps": [[s.start, s.end, s.kind] for s in self.stamps],
            "title_span": [self.title_span.start, self.title_span.end] if self.title_span else None,
            "encoding": self.encoding,
            "meta": dict(self.meta),
            "dateline": self.dateline.to_json() if self.dateline else None,
            "modified": self.modified.isoformat() if self.modified else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Document:
        ts = data.get("title_span")
        return cls(
            doc_id=data["doc_id"],
            path=data["path"],
            text=data["text"],
            title=data.get("title", ""),
            source=data.get("source", ""),
            url=data.get("url", ""),
            author=data.get("author", ""),
            published=PublishedDate.from_json(data.get("published") or {}),
            junk=[Span(int(a), int(b), str(k)) for a, b, k in data.get("junk", [])],
            stamps=[Span(int(a), int(b), str(k)) for a, b, k in data.get("stamps", [])],
            title_span=Span(int(ts[0]), int(ts[1])) if ts else None,
            encoding=data.get("encoding", "utf-8"),
            meta=dict(data.get("meta") or {}),
            dateline=Dateline.from_json(data["dateline"]) if data.get("dateline") else None,
            modified=date.fromisoformat(data["modified"]) if data.get("modified") else None,
        )


def make_doc_id(relpath: str, text: str) -> str:
    """Stable id: same relative path and same text give the same id on every run and machine."""
    h = hashlib.sha1(usedforsecurity=False)
    h.update(relpath.replace("\\", "/").encode("utf-8", "surrogatepass"))
    h.update(b"\0")
    h.update(text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class FileProblem:
    """A file that could not be (fully) read: shown to the user with its name and the reason."""

    path: str
    reason: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        """One line, whatever the file is called: a name with a line break is quoted."""
        return f"{quoted_path(self.path)}: {one_line(self.reason)}"
