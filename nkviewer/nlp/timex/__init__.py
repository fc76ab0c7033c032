"""Temporal expressions: find them (independent of the anchor date), then resolve them.

`find_timexes` detects and records a DCT-free recipe per expression; `resolve` anchors one
mention to a publication date; `tag` does both for a text.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from nkviewer.ingest.document import PublishedDate
from nkviewer.nlp.timex.detect import find_timexes
from nkviewer.nlp.timex.resolve import resolve
from nkviewer.nlp.timex.types import ResolvedTimex, TimexMention

__all__ = ["ResolvedTimex", "TimexMention", "as_anchor", "find_timexes", "resolve", "tag"]


def as_anchor(dct: date | PublishedDate | None) -> PublishedDate:
    """A PublishedDate for a plain date (source "user"), or unknown for None."""
    if dct is None:
        return PublishedDate.unknown()
    if isinstance(dct, PublishedDate):
        return dct
    return PublishedDate.day(dct, "user")


def tag(
    text: str, dct: date | PublishedDate | None, *, doc: Any = None
) -> list[tuple[TimexMention, ResolvedTimex]]:
    """Find every temporal expression of `text` and resolve it against `dct`."""
    anchor = as_anchor(dct)
    return [(m, resolve(m, anchor)) for m in find_timexes(text, doc=doc)]
