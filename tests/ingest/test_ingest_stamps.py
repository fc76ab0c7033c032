"""Printed publication/modification stamps and absolute date strings."""

from __future__ import annotations

from datetime import date

import pytest

from nkviewer.ingest.published import parse_date, parse_published
from nkviewer.ingest.stamps import find_stamps, published_from_stamps
from nkviewer.ingest.textlines import split_lines


def stamps(text: str) -> list[tuple[str, str, date | None]]:
    return [
        (text[s.span.start : s.span.end], s.span.kind, s.date)
        for s in find_stamps(split_lines(text))
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Posted on : 2018-04-06 17:29 KST Modified on : 2019-10-19 20:29 KST",
            [
                ("Posted on : 2018-04-06 17:29 KST", "published", date(2018, 4, 6)),
                ("Modified on : 2019-10-19 20:29 KST", "modified", date(2019, 10, 19)),
            ],
        ),
        (
            "Published: 22 January 2015 | By John Smith",
            [("Published: 22 January 2015", "published", date(2015, 1, 22))],
        ),
        (
            "Updated Jan. 22, 2015 10:32 a.m. ET",
            [("Updated Jan. 22, 2015 10:32 a.m. ET", "modified", date(2015, 1, 22))],
        ),
        (
            "First published: Thursday, 22 January 2015 08:00 GMT",
            [
                (
                    "First published: Thursday, 22 January 2015 08:00 GMT",
                    "published",
                    date(2015, 1, 22),
                )
            ],
        ),
        (
            "입력 2019.03.18 10:30 수정 2019.03.18 11:00",
            [
                ("입력 2019.03.18 10:30", "published", date(2019, 3, 18)),
                ("수정 2019.03.18 11:00", "modified", date(2019, 3, 18)),
            ],
        ),
        (
            "Hankyoreh | Posted on : 2018-04-06 17:29 KST",
            [("Posted on : 2018-04-06 17:29 KST", "published", date(2018, 4, 6))],
        ),
        ("Date: 03/18/2019", [("Date: 03/18/2019", "published", date(2019, 3, 18))]),
        (
            "Posted 2019년 3월 18일 오후 3:20",
            [("Posted 2019년 3월 18일 오후 3:20", "published", date(2019, 3, 18))],
        ),
        (
            "Last updated: 2019-03-18T10:00:00+09:00",
            [("Last updated: 2019-03-18T10:00:00+09:00", "modified", date(2019, 3, 18))],
        ),
    ],
)
def test_labelled_stamps(line: str, expected: list[tuple[str, str, date]]) -> None:
    text = "Some title\n\n" + line + "\n\nBody text of the article goes here.\n"
    assert stamps(text) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Published on January 22, 2015, the report says the army has mobilised along the border.",
        "The report was published on March 2, 2019, officials said.",
        "Updated figures for January 22, 2015 show a rise in trade volumes with China.",
        "BEIJING (Yonhap) — China said Thursday that a possible visit was welcome.",
        "Posted on: yesterday",
    ],
)
def test_prose_and_relative_words_are_not_stamps(line: str) -> None:
    assert stamps("Title\n\n" + line + "\n") == []


@pytest.mark.parametrize(
    "line",
    ["January 22, 2015", "Thursday, January 22, 2015", "22 January 2015 10:32 KST", "2015-01-22"],
)
def test_dateline_near_the_top(line: str) -> None:
    (found,) = stamps(f"Title\n\n{line}\nBody.\n")
    assert found == (line, "published", date(2015, 1, 22))


def test_dateline_far_down_is_not_a_stamp() -> None:
    text = "Title\n" + "A line of the article.\n" * 12 + "January 22, 2015\n"
    assert stamps(text) == []


def test_publication_date_comes_from_published_stamps_only() -> None:
    text = "Title\nModified on : 2019-10-19 20:29 KST\nPosted on : 2018-04-06 17:29 KST\n"
    published = published_from_stamps(find_stamps(split_lines(text)))
    assert published is not None
    assert (published.value, published.source, published.precision) == (
        date(2018, 4, 6),
        "text",
        "day",
    )
    only_modified = "Title\nModified on : 2019-10-19 20:29 KST\n"
    assert published_from_stamps(find_stamps(split_lines(only_modified))) is None


def test_stamp_spans_are_offsets_into_the_text() -> None:
    text = "Title\n  Posted on : 2018-04-06 17:29 KST  \nBody.\n"
    (stamp,) = find_stamps(split_lines(text))
    assert text[stamp.span.start : stamp.span.end] == "Posted on : 2018-04-06 17:29 KST"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019-03-18", (date(2019, 3, 18), "day")),
        ("2019/3/8", (date(2019, 3, 8), "day")),
        ("20190318", (date(2019, 3, 18), "day")),
        ("2019-03", (date(2019, 3, 1), "month")),
        ("2019", (date(2019, 1, 1), "year")),
        ("2019-03-18T10:00:00Z", (date(2019, 3, 18), "day")),
        ("March 18, 2019", (date(2019, 3, 18), "day")),
        ("18 Mar 2019", (date(2019, 3, 18), "day")),
        ("March 2019", (date(2019, 3, 1), "month")),
        ("2019년 3월 18일", (date(2019, 3, 18), "day")),
        ("2019-02-30", None),
        ("yesterday", None),
        ("2 days ago", None),
        ("Thursday", None),
        ("", None),
        ("0999-01-01", None),
        ("not a date", None),
    ],
)
def test_parse_date(text: str, expected: tuple[date, str] | None) -> None:
    assert parse_date(text) == expected


def test_parse_published_ranges_and_bounds() -> None:
    month = parse_published("2019-02", "manifest")
    assert month is not None
    assert (month.earliest, month.latest, month.iso()) == (
        date(2019, 2, 1),
        date(2019, 2, 28),
        "2019-02",
    )
    span = parse_published("2019-03-01 - 2019-03-31", "manifest", stamp="early March")
    assert span is not None
    assert (span.precision, span.value, span.text) == ("range", date(2019, 3, 16), "early March")
    assert parse_published("2019-03-31/2019-03-01", "manifest") is None  # backwards
