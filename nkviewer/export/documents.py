"""TimelineJS events and HTML report articles, made a column at a time.

`timeline_texts` and `html_articles` make the text of a batch of events at once — the one
rule for these formats, which `export.data`'s writers and its `timelinejs_document` and
`html_report` share: corpus text is HTML-escaped by Arrow over whole columns (with the
interpreter's lock released), dates, links and article labels are worked out once per distinct
value, and each event's text is one `%` of a template. Made event by event, these formats
were a record of every field (entities and sources made plain, dict by dict), `html.escape`
per cell and, for TimelineJS, the standard library's pure-Python indenting JSON encoder: 4-6 s
of CPU at 10^5 events in the export worker, holding the lock in long stretches while the window
waited for it. Corpus content stays data: every text is escaped, only http(s) addresses
become links (`ingest.links.http_url`).
"""

from __future__ import annotations

import html
import json
from datetime import date
from typing import TYPE_CHECKING, Any

from nkviewer.export.cells import json_cells
from nkviewer.ingest.links import http_url

if TYPE_CHECKING:
    import pandas as pd

_encode_str = json.encoder.encode_basestring  # the C encoder when there is one
#: `html.escape(text, quote=True)`, replacement by replacement, in its order.
_HTML_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;"))


# ---------------------------------------------------------------------- per distinct value


def tl_date(iso: str, granularity: str, *, end: bool = False) -> dict[str, Any]:
    """TimelineJS date object at the event's precision (year, year+month, or full day)."""
    d = date.fromisoformat(iso)
    if granularity in ("year", "decade") or (granularity == "season" and end):
        return {"year": d.year}
    if granularity in ("month", "quarter", "season"):
        return {"year": d.year, "month": d.month}
    return {"year": d.year, "month": d.month, "day": d.day}


def text(value: Any) -> str:
    """A text cell as text: "" where it is missing (None, or NaN as pandas reads a missing
    string back), anything else as `str` makes it."""
    if type(value) is str:
        return value
    if value is None or value != value or type(value).__name__ == "NAType":
        return ""
    return str(value)


def link(address: Any) -> str | None:
    """The address if it is http(s) (`ingest.links.http_url`): only those become links."""
    return http_url(text(address))


def _article_names(source: Any, title: Any) -> str:
    """The outlet and the article's title, each once ("" when neither is known)."""
    return ", ".join(dict.fromkeys(s for s in (text(source), text(title)) if s))


def _reporters(value: Any) -> str:
    """`reported_by` as text ("" for none), whether a list or an array read back."""
    return "" if value is None or len(value) == 0 else ", ".join(str(x) for x in value)


def _article_tail(link: str | None, names: str) -> str:
    """The article after an event's TimelineJS text: a link when its address is http(s)
    (never javascript:, data: or file:), else its names in brackets."""
    esc = html.escape
    if link:
        return f' <a href="{esc(link)}">{esc(names or "source")}</a>'
    return f" ({esc(names)})" if names else ""


def _article_link(url: Any, title: Any, source: Any, path: Any) -> str:
    """The article's name, a link when its address is http(s) (never javascript:, data: or
    file:, nor the article's own path), escaped."""
    esc = html.escape
    target = link(url)
    label = text(title) or text(source) or text(path) or "article"
    return f'<a href="{esc(target)}">{esc(label)}</a>' if target else esc(label)


def _extra(n_sources: int, reporters: str) -> str:
    extra = f" · reported in {n_sources} articles" if n_sources > 1 else ""
    return extra + f" · according to {reporters}" if reporters else extra


_ARTICLE = (
    '<article%s><div><span class="date">%s</span> '
    '<span class="lane">%s · %s%s</span></div>'
    '<h2 style="font-size:1.1rem;margin:.2rem 0">%s</h2>'
    "<blockquote>%s</blockquote>"
    '<div class="src">%s %s — %s</div></article>'
)


# ---------------------------------------------------------------------- a column at a time


def escaped(values: list[Any]) -> list[str]:
    """`html.escape(text(v))` of each value, by Arrow over the whole column."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:  # text, None and NaN (Arrow's nulls)
        arr = pa.array(values, pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # anything else, as `text` writes it
        arr = pa.array(list(map(text, values)), pa.string())
    arr = pc.fill_null(arr, "")
    for old, new in _HTML_ESCAPES:
        arr = pc.replace_substring(arr, old, new)
    return arr.to_pylist()


def _column(frame: pd.DataFrame, name: str) -> list[Any]:
    """The column's values (None for each event when the frame has no such column)."""
    return frame[name].tolist() if name in frame.columns else [None] * len(frame)


def _per_distinct(fn: Any, *columns: list[Any]) -> list[Any]:
    """`fn(*row)` of each row of `columns`, worked out once per distinct row (articles,
    dates and links repeat across the events of a corpus)."""
    done: dict[Any, Any] = {}
    out = []
    for key in zip(*columns, strict=True):
        value = done.get(key, _MISSING)
        if value is _MISSING:
            value = done[key] = fn(*key)
        out.append(value)
    return out


_MISSING = object()


def _date_json(iso: str, granularity: Any, end: bool, pad: str) -> str:
    """`tl_date` as `json.dumps(indent=1)` lays it out one level below `pad`."""
    d = tl_date(iso, granularity or "day", end=end)
    inner = pad + "  "
    items = ("," + inner).join(f'"{k}": {v}' for k, v in d.items())
    return "{" + inner + items + pad + " }"


def timeline_texts(frame: pd.DataFrame, *, depth: int = 0) -> list[str]:
    """Each event's TimelineJS event as `json.dumps(event, ensure_ascii=False, indent=1)` lays
    it out, every line after the first `depth` spaces further in: `unique_id`, `start_date`
    (and `end_date` when it ends on another day) at the event's precision (`tl_date`), `text`
    (the escaped title as headline; the escaped sentence, who reported it and the article, a
    link only when http(s)), `group` (the lane) and `display_date` (the time as written, else
    the start)."""
    n = len(frame)
    if n == 0:
        return []
    pad = "\n" + " " * depth
    starts, ends = _column(frame, "start"), _column(frame, "end")
    grans = _column(frame, "granularity")
    start_dates = _per_distinct(lambda s, g: _date_json(s, g, False, pad), starts, grans)
    end_dates = _per_distinct(
        lambda s, e, g: "" if e == s else f',{pad} "end_date": {_date_json(e, g, True, pad)}',
        starts,
        ends,
        grans,
    )
    # the text: the sentence, who reported it, and the article (a link when http(s))
    names = _per_distinct(_article_names, _column(frame, "doc_source"), _column(frame, "doc_title"))
    reporters = [_reporters(v) for v in _column(frame, "reported_by")]
    esc_reporters = escaped(reporters)
    links = _per_distinct(link, _column(frame, "doc_url"))
    tails = _per_distinct(_article_tail, links, names)
    bodies = [
        s + (f" (according to {r})" if r else "") + t
        for s, r, t in zip(escaped(_column(frame, "sentence")), esc_reporters, tails, strict=True)
    ]
    ids = (
        json_cells(frame["event_id"], "event_id")
        if "event_id" in frame.columns
        else [_encode_str("")] * n
    )
    shown = [text(t) or s for t, s in zip(_column(frame, "time_text"), starts, strict=True)]
    template = (
        "{" + pad + ' "unique_id": %s,' + pad + ' "start_date": %s,' + pad + ' "text": {'
        + pad + '  "headline": %s,' + pad + '  "text": %s' + pad + " }," + pad
        + ' "group": %s,' + pad + ' "display_date": %s%s' + pad + "}"
    )  # fmt: skip
    columns = zip(
        ids,
        start_dates,
        map(_encode_str, escaped(_column(frame, "title"))),
        map(_encode_str, bodies),
        map(_encode_str, map(text, _column(frame, "lane"))),
        map(_encode_str, shown),
        end_dates,
        strict=True,
    )
    return [template % row for row in columns]


def html_articles(frame: pd.DataFrame) -> list[str]:
    """Each event's article of the HTML report (`_ARTICLE`, every corpus text escaped): its
    dates, lane, modality (an expected event's article in italics), how many reports and who
    reported it, the title, the sentence, and the outlet, publication date and article (a
    link only when http(s))."""
    if len(frame) == 0:
        return []
    starts, ends = _column(frame, "start"), _column(frame, "end")
    when = [s if s == e else f"{s} – {e}" for s, e in zip(starts, ends, strict=True)]
    modality = _column(frame, "modality")
    sources = _column(frame, "sources")
    extras = [
        _extra(0 if s is None else len(s), _reporters(r))
        for s, r in zip(sources, _column(frame, "reported_by"), strict=True)
    ]
    source_names = _column(frame, "doc_source")
    links = _per_distinct(
        _article_link,
        _column(frame, "doc_url"),
        _column(frame, "doc_title"),
        source_names,
        _column(frame, "doc_path"),
    )
    columns = zip(
        [' class="expected"' if m == "expected" else "" for m in modality],
        escaped(when),
        escaped(_column(frame, "lane")),
        escaped(modality),
        escaped(extras),
        escaped(_column(frame, "title")),
        escaped(_column(frame, "sentence")),
        escaped(source_names),
        escaped(_column(frame, "doc_published")),
        links,
        strict=True,
    )
    return [_ARTICLE % row for row in columns]


def article_count(frame: pd.DataFrame) -> int:
    """How many articles the events come from (their own and every merged report's)."""
    doc_ids = set(_column(frame, "doc_id")) if "doc_id" in frame.columns else set()
    for cell in _column(frame, "sources") if "sources" in frame.columns else ():
        if cell is not None:
            doc_ids.update(s["doc_id"] for s in cell)
    return len(doc_ids)
