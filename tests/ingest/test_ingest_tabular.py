"""JSON Lines, JSON and CSV/TSV corpora: fields, aliases, ColumnMap, bad rows, cut files."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest

from nkviewer.ingest import ColumnMap, ReadResult, read_source, scan

ROWS = [
    {
        "text": "Kim met Putin in Vladivostok on Thursday, officials said.",
        "title": "Kim meets Putin",
        "date": "2019-04-25",
        "url": "https://x.test/1",
        "source": "Wire A",
        "id": 17,
    },
    {
        "body": "Xi visited Pyongyang for two days.\r\nHe met Kim.",
        "headline": "Xi in Pyongyang",
        "published": "June 20, 2019",
        "link": "https://x.test/2",
        "outlet": "Wire B",
        "authors": ["A. Writer", "B. Writer"],
    },
]


def read(path: Path, text: str, columns: ColumnMap | None = None) -> ReadResult:
    path.write_text(text, encoding="utf-8")
    (source,) = scan([path]).files
    return read_source(source, columns=columns or ColumnMap())


def jsonl(rows: Sequence[object]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def test_jsonl_fields_and_aliases(tmp_path: Path) -> None:
    result = read(tmp_path / "a.jsonl", jsonl(ROWS))
    assert result.problems == []
    a, b = result.documents
    assert (a.title, a.url, a.source) == ("Kim meets Putin", "https://x.test/1", "Wire A")
    assert a.published.value == date(2019, 4, 25)
    assert a.published.source == "manifest"  # the corpus's own metadata
    assert a.meta == {"relpath": "a.jsonl", "format": "jsonl", "row": "1", "id": "17"}
    assert a.title_span is None  # the title is not part of the text
    assert (b.title, b.url, b.source) == ("Xi in Pyongyang", "https://x.test/2", "Wire B")
    assert b.text == "Xi visited Pyongyang for two days.\nHe met Kim."
    assert b.author == "A. Writer, B. Writer"
    assert b.published.value == date(2019, 6, 20)
    assert b.meta["row"] == "2"
    assert a.doc_id != b.doc_id
    assert a.path == b.path == str(tmp_path / "a.jsonl")


def test_configured_column_names_win_over_aliases(tmp_path: Path) -> None:
    rows = [{"story": "Main text.", "text": "Not this.", "hed": "Hed", "when": "2020-05-06"}]
    columns = ColumnMap(text="story", title="hed", date="when")
    (doc,) = read(tmp_path / "a.jsonl", jsonl(rows), columns).documents
    assert (doc.text, doc.title, doc.published.value) == ("Main text.", "Hed", date(2020, 5, 6))


def test_untitled_rows_take_their_first_line(tmp_path: Path) -> None:
    rows = [{"text": "Headline in the text\n\nKim arrived on Monday."}]
    (doc,) = read(tmp_path / "a.jsonl", jsonl(rows)).documents
    assert doc.title == "Headline in the text"
    assert doc.title_span is not None and doc.title_span.start == 0


def test_printed_stamp_in_a_row_is_used_when_no_date_field(tmp_path: Path) -> None:
    rows = [{"text": "Title\nPosted on : 2018-04-06 17:29 KST\n\nKim met Xi last month."}]
    (doc,) = read(tmp_path / "a.jsonl", jsonl(rows)).documents
    assert (doc.published.value, doc.published.source) == (date(2018, 4, 6), "text")
    assert doc.stamps[0].kind == "published"


def test_timestamps_and_unreadable_dates(tmp_path: Path) -> None:
    rows = [
        {"text": "a", "date": 1556150400},  # 2019-04-25 00:00 UTC, seconds
        {"text": "b", "date": "1556150400000"},  # milliseconds, as a string
        {"text": "c", "date": "2 days ago"},  # relative: refused, text kept
        {"text": "d", "date": "2019-04-25T10:00:00Z"},
    ]
    result = read(tmp_path / "a.jsonl", jsonl(rows))
    values = [d.published.value for d in result.documents]
    assert values == [date(2019, 4, 25), date(2019, 4, 25), None, date(2019, 4, 25)]
    (problem,) = result.problems
    assert problem.reason == "line 3: cannot read date '2 days ago' (kept the text)"
    assert problem.severity == "warning"


def test_jsonl_bad_lines_are_reported_and_good_ones_kept(tmp_path: Path) -> None:
    text = (
        jsonl([ROWS[0]])
        + "\n"
        + '{"text": "no comma" "title": "x"}\n'
        + "[1, 2]\n"
        + '{"title": "no text field"}\n'
        + '{"text": "   "}\n'
        + jsonl([ROWS[1]])
        + '{"text": "cut off'
    )
    result = read(tmp_path / "a.jsonl", text)
    assert len(result.documents) == 2
    assert [p.reason for p in result.problems] == [
        "line 3: invalid JSON (Expecting ',' delimiter)",
        "line 4: not an object (list)",
        "line 5: no text",
        "line 6: no text",
        "line 8: invalid JSON (Unterminated string starting at) (the file is cut off?)",
    ]
    assert all(p.severity == "warning" for p in result.problems)
    assert [d.meta["row"] for d in result.documents] == ["1", "7"]


def test_many_bad_rows_are_summarised(tmp_path: Path) -> None:
    rows = [*({"title": f"t{i}"} for i in range(30)), {"text": "kept"}]
    result = read(tmp_path / "a.jsonl", jsonl(rows))
    assert len(result.documents) == 1
    (problem,) = result.problems
    assert problem.reason.startswith("problems in 30 of 31 lines (line 1: no text; line 2: no")
    assert problem.reason.endswith("and 27 more)")
    assert problem.severity == "warning"


def test_all_rows_bad_is_an_error(tmp_path: Path) -> None:
    result = read(tmp_path / "a.jsonl", '{"title": "a"}\n{"title": "b"}\n')
    assert result.documents == []
    assert {p.severity for p in result.problems} == {"error"}


@pytest.mark.parametrize(
    "payload",
    [
        ROWS,
        {"status": "ok", "articles": ROWS},
        {"response": {"docs": ROWS}},
        {"hits": {"hits": [{"_id": "1", "_source": r} for r in ROWS]}},
    ],
)
def test_json_shapes(tmp_path: Path, payload: object) -> None:
    result = read(tmp_path / "a.json", json.dumps(payload))
    assert result.problems == []
    assert [d.title for d in result.documents] == ["Kim meets Putin", "Xi in Pyongyang"]
    assert [d.meta["row"] for d in result.documents] == ["1", "2"]


def test_json_single_article_object(tmp_path: Path) -> None:
    (doc,) = read(tmp_path / "a.json", json.dumps(ROWS[0])).documents
    assert doc.title == "Kim meets Putin"


def test_newsapi_style_source_object(tmp_path: Path) -> None:
    payload = {
        "articles": [
            {
                "source": {"id": None, "name": "Example Times"},
                "title": "T",
                "content": "Body text.",
                "publishedAt": "2021-02-03T04:05:06Z",
            }
        ]
    }
    (doc,) = read(tmp_path / "a.json", json.dumps(payload)).documents
    assert (doc.source, doc.text, doc.published.value) == (
        "Example Times",
        "Body text.",
        date(2021, 2, 3),
    )


def test_json_cut_mid_object_keeps_complete_records(tmp_path: Path) -> None:
    text = json.dumps([*ROWS, {"text": "third one"}], indent=1)
    result = read(tmp_path / "a.json", text[: text.index("third")])
    assert [d.title for d in result.documents] == ["Kim meets Putin", "Xi in Pyongyang"]
    (problem,) = result.problems
    assert problem.severity == "warning"
    assert problem.reason.startswith("truncated or invalid JSON (line ")
    assert problem.reason.endswith("kept the 2 complete records")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"text": "x", ', "invalid JSON (line 1 column 15: Expecting property name"),
        ('{"items": 3}', "no articles found: expected a list of objects with a 'text'"),
        ("[]", "no records"),
        ("nonsense", "invalid JSON (line 1 column 1: Expecting value)"),
    ],
)
def test_json_unusable(tmp_path: Path, text: str, reason: str) -> None:
    result = read(tmp_path / "a.json", text)
    assert result.documents == []
    (problem,) = result.problems
    assert problem.severity == "error"
    assert problem.reason.startswith(reason)


CSV = (
    "Headline,Body,Date,Link,Outlet\n"
    'Kim meets Putin,"Kim met Putin on Thursday, officials said.",2019-04-25,https://x.test/1,A\n'
    '"Xi, Kim meet","Multi-line\nbody text.",25/04/2019,,B\n'
)


def test_csv_with_aliases_quotes_and_multiline_cells(tmp_path: Path) -> None:
    result = read(tmp_path / "a.csv", CSV)
    assert result.problems == []
    a, b = result.documents
    assert (a.title, a.text, a.url, a.source) == (
        "Kim meets Putin",
        "Kim met Putin on Thursday, officials said.",
        "https://x.test/1",
        "A",
    )
    assert a.published.value == date(2019, 4, 25)
    assert (b.title, b.text) == ("Xi, Kim meet", "Multi-line\nbody text.")
    assert b.published.value == date(2019, 4, 25)
    assert (a.meta["row"], b.meta["row"]) == ("2", "3")  # as a spreadsheet numbers them


def test_csv_semicolons_tsv_and_legacy_encoding(tmp_path: Path) -> None:
    result = read(tmp_path / "a.csv", "title;text\nT;Body; unquoted\nU;Fine\n")
    assert [d.text for d in result.documents] == ["Fine"]
    assert result.problems[0].reason == "row 2: 3 fields, expected 2"
    (doc,) = read(tmp_path / "b.csv", 'title;text\nT;"Body; quoted"\n').documents
    assert doc.text == "Body; quoted"
    (doc,) = read(tmp_path / "c.tsv", "title\ttext\nT\tBody, with comma\n").documents
    assert doc.text == "Body, with comma"
    path = tmp_path / "d.csv"
    path.write_bytes(
        "제목,본문\n회담,김정은 위원장이 푸틴 대통령을 만났다. Kim met Putin.\n".encode("cp949")
    )
    (source,) = scan([path]).files
    result = read_source(source, columns=ColumnMap(text="본문", title="제목"))
    (doc,) = result.documents
    assert doc.text == "김정은 위원장이 푸틴 대통령을 만났다. Kim met Putin."
    assert doc.title == "회담"


def test_csv_malformed_rows(tmp_path: Path) -> None:
    text = (
        "title,text,date\n"
        "A,First article.,2019-01-01\n"
        "B,Too,many,fields\n"
        "C\n"
        'D,"bad "quote" here",2019-01-02\n'
        "E,Fine again.,2019-01-03,,\n"  # empty trailing cells are harmless
        ",,\n"
        'F,"never closed,2019-01-04\n'
        "G,Kept: the bad row costs only its own line.,2019-01-05\n"
    )
    result = read(tmp_path / "a.csv", text)
    assert [d.title for d in result.documents] == ["A", "E", "G"]
    assert [p.reason for p in result.problems] == [
        "row 3: 4 fields, expected 3",
        "row 4: 1 fields, expected 3",
        "row 5: malformed row (',' expected after '\"')",
        "row 8: malformed row (a quote is never closed)",
    ]


def test_a_malformed_csv_row_does_not_swallow_the_next(tmp_path: Path) -> None:
    """A stray quote in row B closes at the first quote of row C: without re-reading from the
    line after B, C would be lost inside B's broken record (issue 12, point 11)."""
    text = (
        "title,text\n"
        'A,"First article."\n'
        'B,"A stray quote here\n'
        'C,"Third article, quoted."\n'
        'D,"Multi-line\nbut well formed."\n'
    )
    result = read(tmp_path / "a.csv", text)
    assert [d.title for d in result.documents] == ["A", "C", "D"]
    assert [d.text for d in result.documents][2] == "Multi-line\nbut well formed."
    (problem,) = result.problems
    assert problem.reason == "row 3: malformed row (',' expected after '\"')"


def test_csv_without_a_text_column(tmp_path: Path) -> None:
    result = read(tmp_path / "a.csv", "name,when\nx,2019\n")
    assert result.documents == []
    assert result.problems[0].reason == (
        "no text column: looked for 'text' (or body, content, article, article_text...); "
        "found name, when"
    )


def test_csv_header_only(tmp_path: Path) -> None:
    result = read(tmp_path / "a.csv", "title,text\n")
    assert result.problems[0].reason == "no records"


def test_rows_get_the_manifest_entry_of_their_file(tmp_path: Path) -> None:
    (tmp_path / "manifest.csv").write_text(
        "file,source,url,published,note\na.jsonl,Manifest Wire,,2018-01-01,bulk export\n",
        encoding="utf-8",
    )
    rows = [{"text": "dated row", "date": "2019-04-25"}, {"text": "undated row"}]
    (tmp_path / "a.jsonl").write_text(jsonl(rows), encoding="utf-8")
    (source,) = scan([tmp_path]).files
    a, b = read_source(source).documents
    assert (a.published.value, b.published.value) == (date(2019, 4, 25), date(2018, 1, 1))
    assert (a.source, b.source) == ("Manifest Wire", "Manifest Wire")
    assert a.meta["note"] == "bulk export"


def test_row_text_over_the_limit_is_skipped(tmp_path: Path) -> None:
    rows = [{"text": "x" * 5000}, {"text": "short"}]
    path = tmp_path / "a.jsonl"
    path.write_text(jsonl(rows), encoding="utf-8")
    (source,) = scan([path]).files
    result = read_source(source, max_bytes=4096)  # the file (5 KB) is allowed: 8 × 4 KB
    assert [d.text for d in result.documents] == ["short"]
    (problem,) = result.problems
    assert problem.reason == "line 1: text of 5,000 characters, over the limit of 4,096"


def test_a_deeply_nested_jsonl_line_costs_only_itself(tmp_path: Path) -> None:
    """One line of 100,000 nested lists (json raises RecursionError): that line is reported,
    the lines before and after it load (issue 12, point 11)."""
    deep = "[" * 100_000 + "]" * 100_000
    text = (
        json.dumps({"title": "A", "text": "First article."})
        + "\n"
        + deep
        + "\n"
        + json.dumps({"title": "B", "text": {"text": [[[["nested"]]]]}})
        + "\n"
        + json.dumps({"title": "C", "text": "Third article."})
        + "\n"
    )
    result = read(tmp_path / "a.jsonl", text)
    assert [d.title for d in result.documents] == ["A", "B", "C"]
    (problem,) = result.problems
    assert (problem.reason, problem.severity) == (
        "line 2: JSON nested too deeply; skipped",
        "warning",
    )
