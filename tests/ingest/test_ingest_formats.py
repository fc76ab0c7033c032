"""Single-document formats: .txt, .md (headings, front matter) and .html (trafilatura)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from nkviewer.ingest import ReadResult, read_source, scan


def read(path: Path, text: str) -> ReadResult:
    path.write_text(text, encoding="utf-8")
    (source,) = scan([path]).files
    return read_source(source)


def test_txt_title_is_first_non_empty_line(tmp_path: Path) -> None:
    text = "\n\n  Kim and Xi meet in Beijing  \n\nKim Jong-un met Xi Jinping on Tuesday.\n"
    (doc,) = read(tmp_path / "a.txt", text).documents
    assert doc.title == "Kim and Xi meet in Beijing"
    assert doc.title_span is not None
    assert doc.text[doc.title_span.start : doc.title_span.end] == doc.title
    assert doc.text == text
    assert doc.meta == {"relpath": "a.txt", "format": "txt"}
    assert not doc.published.is_known


def test_txt_title_skips_leading_site_furniture(tmp_path: Path) -> None:
    text = "Skip to main content\nHome > World > Asia\n\nEnvoys meet in Moscow\n\nBody text here.\n"
    (doc,) = read(tmp_path / "a.txt", text).documents
    assert doc.title == "Envoys meet in Moscow"


def test_txt_without_a_title_line_gets_a_cut_title(tmp_path: Path) -> None:
    sentence = "North Korea and Russia agreed to expand cooperation in many fields, " * 6
    (doc,) = read(tmp_path / "a.txt", sentence + "\n").documents
    assert doc.title.endswith("…")
    assert len(doc.title) <= 201
    assert doc.title_span is None


def test_txt_doc_id_depends_on_relative_path_and_text(tmp_path: Path) -> None:
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    (a,) = read(tmp_path / "one" / "a.txt", "Same\n\nText.\n").documents
    (b,) = read(tmp_path / "two" / "a.txt", "Same\n\nText.\n").documents
    (c,) = read(tmp_path / "two" / "c.txt", "Same\n\nText.\n").documents
    assert a.doc_id == b.doc_id  # same file name relative to its root, same text
    assert a.doc_id != c.doc_id
    assert a.path != b.path


def test_markdown_heading_is_the_title(tmp_path: Path) -> None:
    text = "# Kim meets **Putin** #\n\nThe two leaders met on [Thursday](https://x.test).\n"
    (doc,) = read(tmp_path / "a.md", text).documents
    assert doc.title == "Kim meets **Putin**"
    assert doc.title_span is not None
    assert doc.text[doc.title_span.start : doc.title_span.end] == "Kim meets **Putin**"
    assert doc.text == text  # markdown stays as written


def test_markdown_front_matter(tmp_path: Path) -> None:
    text = (
        "---\n"
        'title: "Envoy visits Pyongyang"\n'
        "date: 2019-03-18\n"
        "source: Example Daily\n"
        "url: https://example.test/envoy\n"
        "author: Jane Doe\n"
        "tags: [a, b]\n"
        "---\n"
        "# Envoy visits Pyongyang\n\n"
        "The envoy arrived on Monday.\n"
    )
    (doc,) = read(tmp_path / "a.md", text).documents
    assert doc.title == "Envoy visits Pyongyang"
    assert doc.title_span is not None
    assert doc.text[doc.title_span.start : doc.title_span.end] == "Envoy visits Pyongyang"
    assert (doc.source, doc.url, doc.author) == (
        "Example Daily",
        "https://example.test/envoy",
        "Jane Doe",
    )
    assert doc.published.value == date(2019, 3, 18)
    assert doc.published.source == "text"
    assert doc.junk[0].kind == "front-matter"
    assert doc.text[doc.junk[0].start : doc.junk[0].end].startswith("---\ntitle:")
    assert doc.text[doc.junk[0].end - 3 : doc.junk[0].end] == "---"


HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="{charset}">
<title>Kim meets Putin in Vladivostok | Example News</title>
<meta property="og:title" content="Kim meets Putin in Vladivostok">
<meta property="article:published_time" content="2019-04-25T10:00:00+09:00">
<meta name="author" content="Jane Doe">
<meta property="og:site_name" content="Example News">
</head><body>
<nav><a href="/">Home</a> &gt; <a href="/world">World</a></nav>
<article>
<h1>Kim meets Putin in Vladivostok</h1>
<p>North Korean leader Kim Jong-un met Russian President Vladimir Putin on Thursday in
Vladivostok, their first summit. 김정은 위원장은 “만족스럽다”고 말했다.</p>
<p>The two leaders discussed the nuclear standoff and economic cooperation, officials said.</p>
<p>Kim arrived by armoured train on Wednesday and is expected to leave on Friday.</p>
</article>
<footer>Copyright 2019 Example News. All rights reserved.</footer>
</body></html>
"""


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    result = read(tmp_path / "a.html", HTML.format(charset="utf-8"))
    assert result.problems == []
    (doc,) = result.documents
    assert doc.title == "Kim meets Putin in Vladivostok"
    assert doc.author == "Jane Doe"
    assert doc.source == "Example News"
    assert doc.published.value == date(2019, 4, 25)
    assert doc.published.source == "html"
    assert "met Russian President Vladimir Putin on Thursday" in doc.text
    assert "김정은 위원장은 “만족스럽다”고 말했다." in doc.text
    assert "Home" not in doc.text and "All rights reserved" not in doc.text
    assert "<p>" not in doc.text
    assert doc.meta["format"] == "html"
    assert doc.title_span is not None  # the <h1> is part of the main text
    assert doc.text[doc.title_span.start : doc.title_span.end] == doc.title


def test_html_in_a_declared_legacy_charset(tmp_path: Path) -> None:
    path = tmp_path / "a.html"
    path.write_bytes(HTML.format(charset="euc-kr").encode("euc-kr"))
    (source,) = scan([path]).files
    (doc,) = read_source(source).documents
    assert "김정은 위원장은 “만족스럽다”고 말했다." in doc.text
    assert doc.encoding == "cp949"  # EUC-KR read as its superset, as browsers do


def test_html_declared_latin1_is_read_as_cp1252(tmp_path: Path) -> None:
    page = HTML.format(charset="iso-8859-1").replace("김정은 위원장은 “만족스럽다”고 말했다.", "")
    page = page.replace("officials said.", "officials said: “progress”.")
    path = tmp_path / "a.html"
    path.write_bytes(page.encode("cp1252"))
    (source,) = scan([path]).files
    (doc,) = read_source(source).documents
    assert "officials said: “progress”." in doc.text
    assert doc.encoding == "cp1252"


def test_malformed_but_readable_html(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Envoys meet</title><body><div><p>Kim met Xi in Beijing on "
        "Tuesday, <b>state media said.<p>The talks lasted <i>two hours</b>, officials said."
        "</div></span></td><p>Both sides agreed to meet again next year, a spokesman said."
    )
    result = read(tmp_path / "a.html", page)
    (doc,) = result.documents
    assert "Kim met Xi in Beijing on Tuesday" in doc.text
    assert "agreed to meet again next year" in doc.text
    assert doc.title == "Envoys meet"
    assert [p.reason for p in result.problems] == [
        "truncated: the HTML has no closing </html> (read what was there)"
    ]


def test_html_date_ranks_below_manifest_and_printed_stamp(tmp_path: Path) -> None:
    page = HTML.format(charset="utf-8").replace("<h1>", "<p>Published: March 1, 2019</p><h1>")
    (doc,) = read(tmp_path / "a.html", page).documents
    assert doc.published.value == date(2019, 3, 1)
    assert doc.published.source == "text"
    (tmp_path / "manifest.csv").write_text(
        "file,source,url,published,note\na.html,Manifest Daily,,2019-02-02,\n", encoding="utf-8"
    )
    (source,) = scan([tmp_path]).files
    (doc,) = read_source(source).documents
    assert (doc.published.value, doc.published.source) == (date(2019, 2, 2), "manifest")
    assert doc.source == "Manifest Daily"


def test_html_cut_mid_tag_keeps_the_text_and_warns(tmp_path: Path) -> None:
    page = HTML.format(charset="utf-8")
    cut = page[: page.index("economic cooperation") + 8] + '</p><p class="x'
    result = read(tmp_path / "a.html", cut)
    (doc,) = result.documents
    assert "Kim Jong-un met Russian President" in doc.text
    (problem,) = result.problems
    assert problem.severity == "warning"
    assert problem.reason == "truncated: the HTML ends in the middle of a tag (read what was there)"


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>Nothing</title></head><body></body></html>",
        "<html><body><script>var x = 1;</script></body></html>",
    ],
)
def test_html_without_article_text_is_a_problem(tmp_path: Path, page: str) -> None:
    result = read(tmp_path / "a.html", page)
    assert result.documents == []
    assert result.problems[0].reason.startswith("no article text found in the HTML")


def test_html_that_is_really_plain_text(tmp_path: Path) -> None:
    result = read(tmp_path / "a.htm", "Envoys meet\n\nJust a line of text, no tags at all.\n")
    (doc,) = result.documents
    assert doc.text == "Envoys meet\n\nJust a line of text, no tags at all.\n"
    assert doc.title == "Envoys meet"
    assert result.problems[0].reason == "no HTML tags: read as plain text"
