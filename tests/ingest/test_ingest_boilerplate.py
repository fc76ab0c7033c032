"""Junk detection on made-up articles from other kinds of sites, and prose that must survive."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from conftest import shared_benchmarks

from nkviewer.ingest import Document, read_document
from nkviewer.ingest.article import Origin, build_document
from nkviewer.ingest.boilerplate import find_junk, load_patterns, parse_patterns, phrase_kind
from nkviewer.ingest.textlines import split_lines

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"

# file → every junk line with its kind, in text order; every other line must stay untouched.
EXPECTED: dict[str, list[tuple[str, str]]] = {
    "junk_wire.txt": [
        ("Skip to main content", "nav"),
        ("World > Asia > North Korea", "breadcrumb"),
        ("Updated 3 hours ago", "time-ago"),
        ("Share on Facebook | Twitter | Email", "share-button"),
        (
            "Kim Jong-un greets a Russian delegation in Pyongyang. (AP Photo/Jon Chol Jin)",
            "caption",
        ),
        ("Advertisement", "advert"),
        ("Read more: North Korea reopens border with China", "related"),
        ("Tags: North Korea, Russia, Trade", "tags"),
        ("© 2021 Example Wire. All rights reserved.", "credit"),
        ("We use cookies to give you the best experience on our website.", "cookie"),
        ("Sign up for our daily newsletter", "nav"),
    ],
    "junk_korean_site.txt": [
        ("[YONHAP]", "credit"),
        ("Kim Yong-chol at Beijing airport [YONHAP]", "caption"),
        ("홍길동 기자 hong@example.co.kr", "byline"),
        ("ⓒ Example Ilbo, 무단 전재 및 재배포 금지", "credit"),
        ("관련기사", "related"),
        ("Kim Jong-un to visit Russia", "related"),
        ("Xi Jinping sends message to Kim", "related"),
        ("많이 본 뉴스", "related"),
    ],
    "junk_blog.txt": [
        ("Menu", "nav"),
        ("Search", "nav"),
        ("Listen to this article 5:32", "button"),
        (
            "Kim Jong-un and Vladimir Putin at the Vostochny cosmodrome. Photo: KCNA via Reuters",
            "caption",
        ),
        ("3 Comments", "comment-login"),
        ("Add a comment", "comment-login"),
        ("Be the first to know when we publish: subscribe to our newsletter", "trailer"),
        ("Editor's picks", "related"),
        ("Seoul weighs response to Russia-North Korea pact", "related"),
        ("Inside the Vostochny summit", "related"),
        ("Why China is watching closely", "related"),
        ("Follow us on Telegram", "nav"),
    ],
    "prose_lookalikes.txt": [],  # sentences that start like junk but are article prose
}


def untouched_lines(doc: Document) -> list[str]:
    covered = [False] * len(doc.text)
    for span in doc.junk:
        covered[span.start : span.end] = [True] * (span.end - span.start)
    clean = []
    for line in split_lines(doc.text):
        if line.text and not any(covered[line.start : line.end]):
            clean.append(line.text)
    return clean


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_junk_lines_and_kinds(name: str) -> None:
    doc = read_document(DATA / name)
    found = [(doc.text[s.start : s.end], s.kind) for s in doc.junk]
    assert found == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_everything_else_is_untouched(name: str) -> None:
    doc = read_document(DATA / name)
    junk_lines = [text for text, _ in EXPECTED[name]]
    every_line = [ln.text for ln in split_lines(doc.text) if ln.text]
    assert untouched_lines(doc) == [ln for ln in every_line if ln not in junk_lines]


def test_made_up_articles_titles_dates_and_authors() -> None:
    wire = read_document(DATA / "junk_wire.txt")
    assert wire.title == "Russia and North Korea sign new trade deal"
    assert (wire.published.iso(), wire.published.source) == ("2021-03-05", "text")
    assert wire.author == "Anna Petrova"
    korean = read_document(DATA / "junk_korean_site.txt")
    assert korean.title == "North Korean envoy visits Beijing"
    assert korean.published.iso() == "2019-03-18"
    assert [s.kind for s in korean.stamps] == ["published", "modified"]
    assert korean.author == "홍길동"
    blog = read_document(DATA / "junk_blog.txt")
    assert blog.title == "Analysis: Why Pyongyang courts Moscow again"
    assert blog.published.iso() == "2023-09-14"
    assert blog.author == "Sam Lee"
    prose = read_document(DATA / "prose_lookalikes.txt")
    assert prose.stamps == []  # "The report, published on March 2, 2019, said..." is prose
    assert not prose.published.is_known


def test_junk_stays_in_the_text() -> None:
    path = DATA / "junk_wire.txt"
    doc = read_document(path)
    assert doc.text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "line",
    [
        "Share this article",
        "SHARE THIS STORY",
        "Share on Facebook | Twitter | Email",
        "Facebook Twitter KakaoTalk",
        "Most read",
        "Related articles:",
        "You may also be interested in",
        "Recommended for you",
        "Home › Politics › North Korea",
        "Sign in to comment",
        "You must be logged in to post a comment.",
        "Comments (12)",
        "2 hours ago",
        "• 17 minutes ago",
        "3일 전",
        "FILE PHOTO: Kim Jong-un waves from a train",
        "Photo courtesy of the Unification Ministry",
        "Copyright © 2019 The Korea Times. All rights reserved.",
        "By Jane Doe and John Roe",
        "Reporting by Hyonhee Shin; Editing by Tom Hogue",
        "Contact the writer at jdoe@example.com",
        "Story continues below advertisement",
        "Click here to read more",
    ],
)
def test_phrase_patterns_catch_other_sites_junk(line: str) -> None:
    assert phrase_kind(line, load_patterns()) is not None


@pytest.mark.parametrize(
    "line",
    [
        "By the end of the summit, no agreement had been signed, officials said.",
        "Share prices in Seoul fell after the talks collapsed on Thursday.",
        "Related talks in Geneva are planned for next month, diplomats said.",
        "Home affairs ministers from both Koreas met separately in Panmunjom.",
        "Photo opportunities were limited, journalists said.",
        "Copyright disputes were not on the agenda.",
        "By Thursday, officials expect a new round of talks.",
        "Please register your objections, the envoy told reporters.",
        "Kim declined to comment.",
        "The talks ended two years ago without a deal.",
        "Officials said. (Yonhap)",
        "BEIJING (Yonhap) — China said Thursday that a possible visit would be welcome.",
    ],
)
def test_phrase_patterns_leave_prose_alone(line: str) -> None:
    assert phrase_kind(line, load_patterns()) is None


def test_long_lines_are_never_phrase_junk() -> None:
    line = "Share this article " + "and more words " * 40
    assert phrase_kind(line, load_patterns()) is None


def test_caption_printed_twice_and_repeated_prose() -> None:
    text = (
        "Headline of the story\n\n"
        "Leaders at the summit table\n"
        "Leaders at the summit table\n"
        "The leaders met for three hours and agreed to meet again next year.\n"
        "The leaders met for three hours and agreed to meet again next year.\n"
        "Headline of the story\n"
        "A final sentence closes the article here.\n"
    )
    lines = split_lines(text)
    junk = find_junk(lines)
    kinds = {lines[i].index: k for i, k in junk.kinds.items()}
    assert kinds == {
        2: "caption-duplicate",
        3: "caption-duplicate",
        5: "duplicate",  # the first copy of a paragraph stays prose
        6: "title-duplicate",
    }
    assert junk.title_line == 0


def test_link_list_stops_at_prose() -> None:
    text = (
        "Title\n\nFirst paragraph of the story, with enough words to be prose.\n"
        "Related stories\n"
        "Kim visits Moscow\n"
        "What next for the talks?\n"
        "The story then continues with a full sentence of article text.\n"
    )
    lines = split_lines(text)
    junk = find_junk(lines)
    assert sorted(junk.kinds) == [3, 4, 5]
    assert set(junk.kinds.values()) == {"related"}


def test_trailer_spares_list_items() -> None:
    text = (
        "Title\n\nThe deal covers several areas, officials said.\n"
        "Areas:\n- fisheries\n- rail\nfooter link\n"
    )
    lines = split_lines(text)
    assert find_junk(lines).kinds == {6: "trailer"}


def test_trailer_spares_a_schedules_dated_entries() -> None:
    text = (
        "Title\n\nThe tour opens in Houston and closes in New York, the promoter said.\n"
        "The full list of dates:\n\nApril 21 — Houston, Toyota Center\n\n"
        "23 April - Dallas, American Airlines Center\n\nShare this story\n"
    )
    lines = split_lines(text)
    kinds = find_junk(lines).kinds
    assert [lines[i].text for i in kinds] == ["Share this story"]


def test_trailer_spares_figures_and_short_sentences() -> None:
    text = (
        "Title\n\nThe quake struck the capital early on Tuesday, officials said.\n"
        "Total dead: 192\nInjured: 4,877\n"
        "Do you think he will come back?\nI think so.\nGod bless him.\n"
        "Lisa Stark ABC news Washington\n"
    )
    lines = split_lines(text)
    assert find_junk(lines).kinds == {8: "trailer"}  # only the sign-off


def test_pattern_file_errors_name_the_line(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="line 3: bad pattern"):
        parse_patterns("# comment\n\nnav (unclosed\n")
    patterns = parse_patterns("nav   find\\s+us\nshare-button share\n")
    assert phrase_kind("Find us", patterns) == "nav"
    assert phrase_kind("Share", patterns) == "share-button"


@pytest.mark.shared
def test_news_nobody_here_wrote_keeps_its_prose() -> None:
    """The benchmark news texts (tags stripped): no sentence of prose is ever marked as junk."""
    root = shared_benchmarks()
    files = sorted(root.glob("timeml-tbaq/*/*.tml")) + sorted(
        root.glob("semeval2015-task4-trial/Corpus-trial-data_task4_TimeML/*.tml")
    )
    assert len(files) > 200
    for path in files:
        raw = path.read_text(encoding="utf-8", errors="replace")
        body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
        text = html.unescape(re.sub(r"<[^>]+>", "", body.group(1) if body else raw))
        doc = build_document(text, Origin(path=str(path), relpath=path.name, format="txt"))
        for span in doc.junk:
            line = text[span.start : span.end]
            assert not (
                len(line.split()) >= 6 and line.rstrip("\"'”’").endswith((".", "?", "!"))
            ), f"{path.name}: prose marked {span.kind}: {line!r}"
        # these texts print no stamps; agency copy opens with a wire dateline
        assert [s for s in doc.stamps if s.kind != "dateline"] == []
        if doc.dateline is not None:
            written = text[doc.dateline.span.start : doc.dateline.span.end]
            assert doc.dateline.agency in ("AP", "AP ", "Xinhua"), (path.name, written)
