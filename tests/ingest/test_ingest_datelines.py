"""Publication stamps and wire datelines as newsrooms print them (sentences written here).

Stamps of every common shape are found and never become events; "updated" stamps and copyright
years never count as publication; a wire dateline is metadata (its span is a stamp), its day the
filing day when it prints its year.
"""

from __future__ import annotations

from datetime import date

import pytest

from nkviewer.ingest.article import Origin, build_document
from nkviewer.ingest.credits import find_credits
from nkviewer.ingest.dateline import match_dateline
from nkviewer.ingest.document import Document
from nkviewer.ingest.stamps import find_stamps
from nkviewer.ingest.textlines import split_lines


def doc(text: str) -> Document:
    return build_document(text, Origin(path="/tmp/x.txt", relpath="x.txt", format="txt"))


def stamps(text: str) -> list[tuple[str, str]]:
    return [(text[s.span.start : s.span.end], s.span.kind) for s in find_stamps(split_lines(text))]


@pytest.mark.parametrize(
    ("line", "stamp", "day"),
    [
        ("Posted: Mar 3, 2016 9:12 AM", "Posted: Mar 3, 2016 9:12 AM", date(2016, 3, 3)),
        ("Published : Feb 2, 2018 - 10:05", "Published : Feb 2, 2018 - 10:05", date(2018, 2, 2)),
        ("Aug. 9, 2021 / 3:41 PM", "Aug. 9, 2021 / 3:41 PM", date(2021, 8, 9)),
        ("Friday 4 June 2021 - 17:20", "Friday 4 June 2021 - 17:20", date(2021, 6, 4)),
        ("| 2020-11-02 08:15:00", "2020-11-02 08:15:00", date(2020, 11, 2)),
        ("By Ann Lee and Bo Park | July 7, 2019 at 6:01 AM EDT", "July 7, 2019 at 6:01 AM EDT",
         date(2019, 7, 7)),
        (" date 2016-03-03 Leaders gather in Vienna for the nuclear talks", "date 2016-03-03",
         date(2016, 3, 3)),
    ],
)  # fmt: skip
def test_publication_stamps_of_every_common_shape(line: str, stamp: str, day: date) -> None:
    text = (
        f"Leaders meet in Vienna\n\n{line}\n\nThe talks opened on Monday in the Austrian capital.\n"
    )
    d = doc(text)
    assert stamp in [t for t, _ in stamps(text)]
    assert (d.published.value, d.published.source, d.published.precision) == (day, "text", "day")


def test_updated_and_modified_stamps_bound_but_never_date_publication() -> None:
    text = (
        "Talks resume\n\nMay 21, 2018 Updated: May 22, 2018\n\nNegotiators met again on Monday.\n"
    )
    assert stamps(text) == [("May 21, 2018", "published"), ("Updated: May 22, 2018", "modified")]
    d = doc(text)
    assert d.published.value == date(2018, 5, 21) and d.modified == date(2018, 5, 22)
    only_update = doc("Talks resume\n\nLast updated: 2018-05-22\n\nNegotiators met on Monday.\n")
    assert not only_update.published.is_known and only_update.modified == date(2018, 5, 22)
    yearless = stamps("T\n\nBy Kim Lee | June 3, 2020 at 9:00 AM - Updated June 3 at 11:15 AM\n")
    assert [k for _, k in yearless] == ["published", "modified"]


def test_a_numeric_date_next_to_a_bullet_keeps_both_readings() -> None:
    d = doc("Summit ends\n\n• 09/03/2017\n\nThe summit ended on Thursday.\n")
    assert d.published.choices == (date(2017, 9, 3), date(2017, 3, 9))
    one_way = doc("Summit ends\n\n• 25/03/2017\n\nThe summit ended on Thursday.\n")
    assert one_way.published.value == date(2017, 3, 25) and one_way.published.choices == ()


@pytest.mark.parametrize(
    ("opening", "city", "agency", "month_day", "year"),
    [
        ("TOKYO, Oct. 4 (Kyodo) --", "TOKYO", "Kyodo", (10, 4), None),
        ("LONDON, May 7 (Reuters) -", "LONDON", "Reuters", (5, 7), None),
        ("Vienna, Jun. 2, (dpa) -", "Vienna", "dpa", (6, 2), None),
        ("BEIJING, May 5. /TASS/.", "BEIJING", "TASS", (5, 5), None),
        ("WASHINGTON (AP) —", "WASHINGTON", "AP", None, None),
        ("NAIROBI, Kenya, March 9 (AFP) --", "NAIROBI", "AFP", (3, 9), None),
        ("MOSCOW, Feb. 24, 2022 (Interfax) -", "MOSCOW", "Interfax", (2, 24), 2022),
        ("CAIRO (Agencies):", "CAIRO", "Agencies", None, None),
        ("RABAT:", "RABAT", "", None, None),
        ("BERLIN --", "BERLIN", "", None, None),
        ("Ottawa —", "Ottawa", "", None, None),
        ("SANTIAGO, Chile (AP) —", "SANTIAGO", "AP", None, None),
        ("GENEVA—", "GENEVA", "", None, None),
        # two places filed from
        ("PANMUNJOM/SEOUL, April 27 (Yonhap) --", "PANMUNJOM/SEOUL", "Yonhap", (4, 27), None),
        # Reuters' business copy: the day and the agency, no city
        ("June 19 (Reuters) -", "", "Reuters", (6, 19), None),
    ],
)  # fmt: skip
def test_wire_datelines_of_every_agency_style(
    opening: str,
    city: str,
    agency: str,
    month_day: tuple[int, int] | None,
    year: int | None,
) -> None:
    lead = "The ministers agreed to meet again after the holidays."
    text = f"Ministers agree to meet again\n\n{opening} {lead}\n"
    d = doc(text)
    line = d.dateline
    assert line is not None, opening
    assert (line.city, line.agency, line.year) == (city, agency, year)
    assert ((line.month, line.day) if line.month else None) == month_day
    assert text[line.span.start : line.span.end].strip() == opening.strip()
    assert line.span in d.stamps  # metadata: blanked for the parse, never an actor or event
    if year is not None:
        assert d.published.value == date(year, *month_day)  # type: ignore[misc]


@pytest.mark.parametrize(
    "opening",
    [
        "BREAKING: The ministers",
        "UPDATE - The ministers",
        "NATO (North Atlantic Treaty Organization) members",
        "Kim Jong-un (L) shakes hands",
        "U.S. President Joe Biden said",
        "Trump: I will",
        "The UN Security Council (UNSC) voted",
        # a week-ahead schedule's heading
        "MONDAY: China's statistics bureau publishes output data, and ministers",
        # a day and a bracket that is no agency
        "June 19 (left) - the ministers",
        "Feb. 3 (Wednesday) - Evening reception for the delegations",
    ],
)
def test_capitals_and_brackets_that_are_no_dateline(opening: str) -> None:
    assert match_dateline(f"{opening} agreed to meet again.") is None


def test_a_dateline_alone_on_its_line_and_one_after_a_metadata_stamp() -> None:
    alone = doc("Talks\n\nLONDON --\nBritain and France agreed on Friday to share patrols.\n")
    assert alone.dateline is not None and alone.dateline.city == "LONDON"
    after = doc("Talks\n date 2021-05-07 LISBON (Lusa) - Portugal agreed to host the talks.\n")
    assert after.dateline is not None and after.dateline.agency == "Lusa"
    assert after.published.value == date(2021, 5, 7)


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("© AFP 2019 / JOHN SMITH Delegates arrive for the talks in Geneva",
         "© AFP 2019 / JOHN SMITH"),
        ("Delegates arrive for the talks in Geneva. (AP Photo/Jane Roe) (Jane Roe)",
         "(AP Photo/Jane Roe) (Jane Roe)"),
        ("Delegates arrive for the talks in Geneva, June 2. (Reuters/Ann Brook)",
         "(Reuters/Ann Brook)"),
        ("Delegates arrive for the talks in Geneva on June 2, 2019 - Daily Planet",
         " - Daily Planet"),
        ("Delegates arrive for the talks in Geneva. Photo: Li Wei/Xinhua", "Photo: Li Wei/Xinhua"),
        ("Copyright 2019 Daily Planet. All rights reserved.", "Copyright 2019"),
    ],
)  # fmt: skip
def test_copyright_years_and_photo_credits_are_set_aside(line: str, credit: str) -> None:
    found = [line[s.start : s.end] for s in find_credits(split_lines(line))]
    assert found == [credit]


@pytest.mark.parametrize(
    "line",
    [
        "Talks between Russia - Ukraine resumed in Geneva on June 2, 2019 at the UN building",
        "The price of (US/China) trade fell sharply",
        "Officials shared photos (such as maps, charts and photos) with reporters",
    ],
)
def test_prose_keeps_its_words(line: str) -> None:
    assert find_credits(split_lines(line)) == []
