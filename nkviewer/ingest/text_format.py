"""Plain text (.txt) and Markdown (.md): the first non-empty, non-junk line is the title.

Markdown stays as written (the user sees the file); only the title loses its `#` marks. A YAML
front matter block (`---` … `---`) is read for title, date, source, url and author, and marked
as junk so its lines never become events.
"""

from __future__ import annotations

import re
from dataclasses import replace

from nkviewer.ingest.article import Origin, build_document
from nkviewer.ingest.document import Span
from nkviewer.ingest.problem import ReadResult
from nkviewer.ingest.published import parse_published

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>(?:.*\n){0,60}?)(?:---|\.\.\.)[ \t]*(?:\n|\Z)")
_FIELD = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*?)\s*$")
_KEYS = {
    "title": "title",
    "headline": "title",
    "date": "date",
    "published": "date",
    "pubdate": "date",
    "date_published": "date",
    "source": "source",
    "publisher": "source",
    "outlet": "source",
    "url": "url",
    "link": "url",
    "author": "author",
    "authors": "author",
}


def _front_matter(text: str) -> tuple[dict[str, str], Span] | None:
    """The simple `key: value` fields of a leading front matter block and its span."""
    m = _FRONT_MATTER.match(text)
    if m is None:
        return None
    fields: dict[str, str] = {}
    for line in m["body"].split("\n"):
        f = _FIELD.match(line)
        if f is None:
            continue
        name = _KEYS.get(f["key"].lower())
        value = f["value"].strip().strip("\"'")
        if name and value and name not in fields:
            fields[name] = value
    end = m.end()
    return fields, Span(0, end - 1 if text[end - 1 : end] == "\n" else end, "front-matter")


def read_text(text: str, origin: Origin) -> ReadResult:
    """One .txt/.md document; `text` is decoded, newline-normalised and not blank."""
    if origin.format == "md":
        found = _front_matter(text)
        if found is not None:
            fields, span = found
            declared = parse_published(fields["date"], "text") if "date" in fields else None
            origin = replace(
                origin,
                front_matter=span,
                title=fields.get("title", origin.title),
                source=fields.get("source", origin.source),
                url=fields.get("url", origin.url),
                author=fields.get("author", origin.author),
                declared=declared,
            )
    return ReadResult([build_document(text, origin)], [])
