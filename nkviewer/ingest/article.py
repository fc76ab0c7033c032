"""Text of one article → a `Document`: title, junk spans, printed stamps, dates by precedence.

Every format ends here, so the rules are the same for a .txt file, a JSON row and the main text
of an HTML page. The text is never changed: everything found is a span or a field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from nkviewer.ingest.boilerplate import find_junk
from nkviewer.ingest.credits import find_credits
from nkviewer.ingest.dateline import find_dateline
from nkviewer.ingest.document import Dateline, Document, PublishedDate, Span, make_doc_id
from nkviewer.ingest.manifest import ManifestEntry
from nkviewer.ingest.stamps import Stamp, find_stamps, published_from_stamps
from nkviewer.ingest.textlines import Line, split_lines

#: A first line longer than this is a paragraph, not a title: the title is cut from it.
MAX_TITLE_CHARS = 200
_MD_HEADING = re.compile(r"^#{1,6}\s+(?P<title>.*?)(?:\s+#+)?\s*$")
_MD_EMPHASIS = re.compile(r"^(?P<m>\*\*|__|\*|_)(?P<title>.+)(?P=m)$")
_SPACES = re.compile(r"\s+")


@dataclass
class Origin:
    """Where an article's text came from and what its container said about it."""

    path: str
    relpath: str
    format: str
    encoding: str = "utf-8"
    row: int | None = None
    manifest: ManifestEntry | None = None
    title: str = ""  # from metadata (HTML <title>, a JSON field...)
    source: str = ""
    url: str = ""
    author: str = ""
    declared: PublishedDate | None = None  # stated by the file itself (Markdown front matter)
    published: PublishedDate | None = None  # from the container: a date field, HTML metadata
    row_fields_win: bool = False  # a JSON/CSV row's own fields beat the manifest entry
    meta: dict[str, str] = field(default_factory=dict)
    front_matter: Span | None = None


def _key(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


def _title_from_line(line: Line, markdown: bool) -> tuple[str, Span | None]:
    text, start = line.text, line.start
    if markdown:
        for pattern in (_MD_HEADING, _MD_EMPHASIS):
            m = pattern.match(text)
            if m and m["title"].strip():
                start += m.start("title")
                text = m["title"]
    if len(text) > MAX_TITLE_CHARS:
        cut = text.rfind(" ", 0, MAX_TITLE_CHARS)
        return text[: cut if cut > 0 else MAX_TITLE_CHARS].rstrip(" ,;:") + "…", None
    return text, Span(start, start + len(text))


def _metadata_title_line(
    lines: list[Line], title: str, first: int, markdown: bool
) -> tuple[Line, Span] | None:
    """The line near the top that repeats a title given by metadata, and the title's span."""
    want = _key(title)
    seen = 0
    for line in lines[first:]:
        if line.is_blank:
            continue
        shown, span = _title_from_line(line, markdown)
        if _key(shown) == want and span is not None:
            return line, span
        seen += 1
        if seen >= 10:
            break
    return None


def build_document(text: str, origin: Origin) -> Document:
    """Analyse `text` (already decoded and newline-normalised) into a Document."""
    lines = split_lines(text)
    first = 0
    if origin.front_matter is not None:
        first = next((ln.index for ln in lines if ln.start >= origin.front_matter.end), len(lines))
    body = lines[first:]
    stamps = find_stamps(body)
    stamp_lines = frozenset(
        ln.index
        for ln in body
        for s in stamps
        if not ln.is_blank and ln.start <= s.span.start <= ln.end
    )
    markdown = origin.format == "md"
    found = _metadata_title_line(lines, origin.title, first, markdown) if origin.title else None
    title_line = found[0] if found else None
    protected = stamp_lines | ({title_line.index} if title_line else frozenset())
    junk = find_junk(body, protected=protected)
    if title_line is not None:
        junk.title_line = title_line.index
    title, title_span = origin.title, None
    if found is not None:
        title_span = found[1]
    elif not title and junk.title_line is not None:
        title, title_span = _title_from_line(lines[junk.title_line], markdown)
    spans = junk.spans(lines)
    if origin.front_matter is not None:
        spans.insert(0, origin.front_matter)
    stamp_spans = [s.span for s in stamps]
    dateline = find_dateline(body, stamp_spans, spans)
    if dateline is not None:
        stamp_spans.append(dateline.span)
        stamp_spans.sort(key=lambda sp: sp.start)
    spans = _with_credits(spans, find_credits(body))

    entry = origin.manifest
    printed = published_from_stamps(stamps)
    filed = dateline.day_of if dateline is not None else None
    wired = PublishedDate.day(filed, "text", _dateline_text(text, dateline)) if filed else None
    manifest = entry.published if entry else None
    ordered = [manifest, origin.declared, printed, wired, origin.published]
    source = (entry.source if entry else "") or origin.source
    url = (entry.url if entry else "") or origin.url
    if origin.row_fields_win:
        ordered = [origin.published, manifest, printed]
        source = origin.source or (entry.source if entry else "")
        url = origin.url or (entry.url if entry else "")
    published = next((p for p in ordered if p is not None and p.is_known), PublishedDate.unknown())

    meta = {"relpath": origin.relpath, "format": origin.format, **origin.meta}
    key = origin.relpath
    if origin.row is not None:
        meta["row"] = str(origin.row)
        key = f"{origin.relpath}#{origin.row}"
    if entry is not None and entry.note:
        meta["note"] = entry.note
    return Document(
        doc_id=make_doc_id(key, text),
        path=origin.path,
        text=text,
        title=title,
        source=source,
        url=url,
        author=origin.author or junk.author,
        published=published,
        junk=spans,
        stamps=stamp_spans,
        title_span=title_span,
        encoding=origin.encoding,
        meta=meta,
        dateline=dateline,
        modified=min(
            (s.date for s in stamps if s.span.kind == "modified" and s.date), default=None
        ),
    )


def _first_modified(stamps: list[Stamp]) -> date | None:
    return min((s.date for s in stamps if s.span.kind == "modified" and s.date), default=None)


def _with_credits(junk: list[Span], credits: list[Span]) -> list[Span]:
    """Junk plus the credits not already inside it, in text order."""
    extra = [c for c in credits if not any(j.start <= c.start and c.end <= j.end for j in junk)]
    return sorted([*junk, *extra], key=lambda sp: sp.start) if extra else junk


def _dateline_text(text: str, dateline: Dateline | None) -> str:
    return text[dateline.span.start : dateline.span.end].strip() if dateline else ""
