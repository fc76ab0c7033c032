"""Words for events and counts on the timeline: tooltip texts (Qt rich text, no Qt import).

A tooltip gives the title, the date as written and as normalised, whether the event was expected
or its date uncertain, the actors, and where it was reported.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from nkviewer.model.axis import MONTH_ABBR, to_date

if TYPE_CHECKING:
    import pandas as pd


def _day(t: float) -> str:
    d = to_date(t)
    return f"{d.day} {MONTH_ABBR[d.month - 1]} {d.year}"


def span_text(t0: float, t1: float) -> str:
    """[t0, t1) as '14 Mar 2019' or '1 Mar 2019 – 31 Mar 2019'."""
    a, b = _day(t0), _day(max(t0, t1 - 1))
    return a if a == b else f"{a} – {b}"


def _get(row: Any, name: str, default: Any = "") -> Any:
    value = row.get(name, default) if hasattr(row, "get") else default
    if value is None or (isinstance(value, float) and value != value):
        return default
    return value


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, str) or value is None:
        return []
    try:
        return list(value)
    except TypeError:
        return []


def event_tooltip(frame: pd.DataFrame, i: int) -> str:
    """Rich-text tooltip for row `i` of an event table."""
    row = frame.iloc[i]
    e = html.escape
    title = str(_get(row, "title")) or "(untitled event)"
    parts = [f"<b>{e(title)}</b>"]
    when = span_text(float(row["t0"]), float(row["t1"]))
    written = str(_get(row, "time_text"))
    value = str(_get(row, "timex_value"))
    date_line = f"{e(when)}"
    if value:
        date_line += f" <span style='color:gray'>({e(value)})</span>"
    parts.append(date_line)
    if written:
        parts.append(f"written: “{e(written)}”")
    flags = []
    if _get(row, "modality") == "expected":
        flags.append("expected / planned")
    if bool(_get(row, "uncertain", False)):
        flags.append("date uncertain")
    if flags:
        parts.append(f"<i>{e(', '.join(flags))}</i>")
    actors = [str(a) for a in _as_list(_get(row, "actors", []))]
    if actors:
        parts.append("actors: " + e(", ".join(actors[:6])) + (" …" if len(actors) > 6 else ""))
    source = str(_get(row, "doc_source"))
    doc_title = str(_get(row, "doc_title"))
    published = str(_get(row, "doc_published"))
    src = ", ".join(x for x in (source, published) if x)
    if doc_title:
        src = f"{doc_title} — {src}" if src else doc_title
    n = len(_as_list(_get(row, "sources", [])))
    if n > 1:
        parts.append(f"reported in {n} articles" + (f", first: {e(src)}" if src else ""))
    elif src:
        parts.append(f"source: {e(src)}")
    return "<br>".join(parts)


def density_tooltip(lane: str, count: int, t0: float | None, t1: float | None) -> str:
    """Tooltip for a lane header (no range) or an aggregated density bin."""
    noun = "event" if count == 1 else "events"
    text = f"<b>{html.escape(lane)}</b><br>{count:,} {noun}"
    if t0 is not None and t1 is not None:
        text += f" starting {html.escape(span_text(t0, t1))}<br><i>zoom in to see them</i>"
    else:
        text += "<br><i>click to collapse or expand</i>"
    return text
