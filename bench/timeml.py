"""Reading TimeML gold files (TimeBank / AQUAINT, TempEval-3 "TBAQ-cleaned").

The article text is the content of `<TEXT>` with every XML tag removed and the XML character
entities decoded; each gold `TIMEX3` inside it keeps its exact character offsets into that
stripped text, so a tagger run on `GoldDoc.text` can be compared offset by offset. The document
creation time (DCT) is the `value` of the `TIMEX3` inside `<DCT>`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)
_DCT = re.compile(r"<DCT>\s*<TIMEX3\b([^>]*)>", re.S)
_TAG = re.compile(r"<(/?)([A-Za-z_0-9]+)\b([^>]*?)(/?)>", re.S)
_ATTR = re.compile(r'([A-Za-z_]+)="([^"]*)"')


@dataclass(frozen=True, slots=True)
class GoldTimex:
    """One gold temporal expression: offsets into `GoldDoc.text`, TIMEX3 type and value."""

    start: int
    end: int
    text: str
    type: str
    value: str
    tid: str = ""
    mod: str = ""


@dataclass(slots=True)
class GoldDoc:
    """One TimeML article: stripped text, creation date and gold expressions."""

    name: str
    corpus: str
    text: str
    dct: date
    timexes: list[GoldTimex] = field(default_factory=list)


def _attrs(raw: str) -> dict[str, str]:
    return {k: html.unescape(v) for k, v in _ATTR.findall(raw)}


def parse_timeml(source: str, *, name: str = "", corpus: str = "") -> GoldDoc:
    """Parse the text of one `.tml` file (see the module docstring for the offsets)."""
    m_dct = _DCT.search(source)
    if m_dct is None:
        raise ValueError(f"{name}: no <DCT><TIMEX3 ...> element")
    dct_value = _attrs(m_dct.group(1)).get("value", "")
    dct = date.fromisoformat(dct_value[:10])
    m_text = _TEXT.search(source)
    if m_text is None:
        raise ValueError(f"{name}: no <TEXT> element")
    body = m_text.group(1)
    parts: list[str] = []
    length = 0
    open_timex: tuple[int, dict[str, str]] | None = None
    found: list[tuple[int, int, dict[str, str]]] = []
    pos = 0
    for tag in _TAG.finditer(body):
        chunk = html.unescape(body[pos : tag.start()])
        parts.append(chunk)
        length += len(chunk)
        pos = tag.end()
        closing, tag_name = tag.group(1) == "/", tag.group(2)
        if tag_name != "TIMEX3":
            continue
        if not closing and tag.group(4) != "/":
            open_timex = (length, _attrs(tag.group(3)))
        elif closing and open_timex is not None:
            found.append((open_timex[0], length, open_timex[1]))
            open_timex = None
    parts.append(html.unescape(body[pos:]))
    text = "".join(parts)
    timexes = [
        GoldTimex(
            a,
            b,
            text[a:b],
            attrs.get("type", ""),
            attrs.get("value", ""),
            attrs.get("tid", ""),
            attrs.get("mod", ""),
        )
        for a, b, attrs in found
    ]
    return GoldDoc(name, corpus, text, dct, timexes)


def read_timeml(path: Path, *, corpus: str = "") -> GoldDoc:
    """Read one `.tml` file."""
    return parse_timeml(path.read_text(encoding="utf-8"), name=path.stem, corpus=corpus)


def iter_corpus(root: Path, corpus: str = "all") -> Iterator[GoldDoc]:
    """Every gold document of `root` (the `timeml-tbaq` folder): TimeBank, AQUAINT or both."""
    names = ("TimeBank", "AQUAINT") if corpus == "all" else (corpus,)
    for sub in names:
        folder = root / sub
        if not folder.is_dir():
            raise FileNotFoundError(f"no TimeML corpus folder {folder}")
        for path in sorted(folder.glob("*.tml")):
            yield read_timeml(path, corpus=sub)
