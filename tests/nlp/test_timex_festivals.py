"""Festivals of the lunar, lunisolar and Persian calendars, dated through the `holidays`
package's calendars (issue 11: "Some dates need knowledge the rules do not have").

Every sentence here was written for these tests; the days are the published calendars' (Umm
al-Qura for the Islamic festivals, the Chinese and Hebrew calendars, India's Diwali).
"""

from __future__ import annotations

from datetime import date

import pytest

from nkviewer.nlp.timex import tag
from nkviewer.nlp.timex.holidays import NAMES, holiday_date

MAR_15_2026 = date(2026, 3, 15)
JUL_3_2024 = date(2024, 7, 3)


@pytest.mark.parametrize(
    ("name", "year", "day"),
    [
        ("lunar new year", 2019, date(2019, 2, 5)),
        ("chuseok", 2023, date(2023, 9, 29)),
        ("eid al-fitr", 2019, date(2019, 6, 4)),
        ("eid ul-adha", 2023, date(2023, 6, 28)),
        ("ramadan", 2025, date(2025, 3, 1)),  # a festival of many days: its first
        ("passover", 2025, date(2025, 4, 13)),
        ("hanukkah", 2023, date(2023, 12, 8)),
        ("yom kippur", 2023, date(2023, 9, 25)),
        ("rosh hashanah", 2025, date(2025, 9, 23)),
        ("diwali", 2022, date(2022, 10, 24)),
        ("nowruz", 2025, date(2025, 3, 21)),  # the equinox fell after noon in Tehran
    ],
)
def test_a_festival_is_dated_by_its_calendar(name: str, year: int, day: date) -> None:
    assert name in NAMES
    assert holiday_date(name, year) == day


def test_a_year_beyond_a_calendars_table_is_no_date() -> None:
    """India's Diwali is tabled from 2001: an earlier one is not guessed."""
    with pytest.raises(ValueError, match="diwali"):
        holiday_date("diwali", 1990)


def test_an_islamic_festival_twice_in_one_year_takes_the_first() -> None:
    assert holiday_date("eid al-fitr", 2000) == date(2000, 1, 8)  # and again on 27 December


# fmt: off
IN_SENTENCES: list[tuple[str, date, str, str]] = [
    ("Families gathered across Asia for the Lunar New Year.", JUL_3_2024, "Lunar New Year",
     "2024-02-10"),
    ("Millions travelled home for the Spring Festival holiday.", JUL_3_2024,
     "Spring Festival", "2024-02-10"),
    ("Muslims marked Eid al-Fitr, ending Ramadan.", JUL_3_2024, "Eid al-Fitr", "2024-04-10"),
    ("Shops closed for Eid-ul-Adha.", JUL_3_2024, "Eid-ul-Adha", "2024-06-16"),
    ("Talks between the two Koreas will resume after Chuseok.", JUL_3_2024, "Chuseok",
     "2024-09-17"),
    ("Next Rosh Hashanah the synagogue will reopen.", JUL_3_2024, "Next Rosh Hashanah",
     "2024-10-03"),
    ("Iranians celebrated the Persian New Year.", JUL_3_2024, "Persian New Year",
     "2024-03-20"),
    ("The ceasefire was agreed during Ramadan 2025.", MAR_15_2026, "Ramadan 2025",
     "2025-03-01"),
]
# fmt: on


@pytest.mark.parametrize(("text", "dct", "expr", "value"), IN_SENTENCES)
def test_a_festival_in_a_sentence(text: str, dct: date, expr: str, value: str) -> None:
    found = {m.text: r.value for m, r in tag(text, dct)}
    assert found.get(expr) == value, found


def test_a_year_after_a_festival_dates_it_only_after_a_preposition() -> None:
    """ "on Yom Kippur in 2008" is that year's day; "recognised the Day of Vesak in 1999" names
    the festival, not its day in 1999."""
    found = {m.text: r.value for m, r in tag("Riots broke out on Yom Kippur in 2008.", JUL_3_2024)}
    assert found["Yom Kippur"] == "2008-10-09"
    found = {m.text: r.value for m, r in tag("The UN recognised Vesak in 1999.", JUL_3_2024)}
    assert found.get("Vesak") != "1999-05-29"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The Yom Kippur War began in 1973.", "Yom Kippur"),  # a name: the war
        ("The Spring Festival Gala drew record viewers.", "Spring Festival"),
        ("The Harrogate Spring Festival opens soon.", "Spring Festival"),  # a town's own
        ("The school held a spring festival.", "spring festival"),
    ],
)
def test_a_festival_in_a_name_is_no_date(text: str, name: str) -> None:
    assert all(name not in m.text for m, _ in tag(text, MAR_15_2026))


@pytest.mark.parametrize(
    ("name", "year", "day"),
    [
        # the European feasts counted from Easter (2019: Easter Sunday on April 21)
        ("ascension day", 2019, date(2019, 5, 30)),
        ("whitsun", 2019, date(2019, 6, 9)),
        ("whit monday", 2019, date(2019, 6, 10)),
        ("shrove tuesday", 2019, date(2019, 3, 5)),
        ("pasquetta", 2019, date(2019, 4, 22)),
        ("ferragosto", 2019, date(2019, 8, 15)),
        ("all saints' day", 2019, date(2019, 11, 1)),
        ("lunar new year's eve", 2024, date(2024, 2, 9)),
    ],
)
def test_a_feast_of_the_european_calendars_is_dated(name: str, year: int, day: date) -> None:
    assert name in NAMES and holiday_date(name, year) == day


@pytest.mark.parametrize(
    "text", ["His ascension to the throne was swift.", "The Ascension Island base closed."]
)
def test_ascension_as_a_word_or_a_name_is_no_date(text: str) -> None:
    assert not [m for m, _ in tag(text, date(2019, 5, 31)) if m.recipe.get("holiday")]


@pytest.mark.parametrize(
    ("name", "year", "day"),
    [
        # shopping days counted from Thanksgiving (2024: Thursday, November 28)
        ("black friday", 2024, date(2024, 11, 29)),
        ("cyber monday", 2024, date(2024, 12, 2)),
        # the third Mondays of January and April
        ("martin luther king jr. day", 2026, date(2026, 1, 19)),
        ("mlk day", 2026, date(2026, 1, 19)),
        ("patriots' day", 2016, date(2016, 4, 18)),
        # the fifteenth day of the first lunar month (2024: New Year on February 10)
        ("lantern festival", 2024, date(2024, 2, 24)),
        # days of fixed date under their own names
        ("day of the sun", 2019, date(2019, 4, 15)),
        ("day of the shining star", 2026, date(2026, 2, 16)),
        ("international labour day", 2025, date(2025, 5, 1)),
    ],
)
def test_named_days_of_shops_states_and_other_calendars(name: str, year: int, day: date) -> None:
    assert name in NAMES and holiday_date(name, year) == day


# fmt: off
NAMED_DAYS: list[tuple[str, date, str, str]] = [
    ("Stores will open at 6 a.m. on Black Friday.", date(2024, 9, 19), "Black Friday",
     "2024-11-29"),
    ("Deals will run through Cyber Monday.", date(2024, 9, 19), "Cyber Monday",
     "2024-12-02"),
    ("Crowds thinned over the Black Friday weekend last year.", date(2024, 9, 19),
     "Black Friday weekend last year", "2023-W47-WE"),
    ("Markets will be closed for Martin Luther King Jr. Day.", date(2026, 1, 15),
     "Martin Luther King Jr. Day", "2026-01-19"),
    ("Taxpayers in Maine get an extra day because of Patriots' Day.", date(2016, 4, 12),
     "Patriots' Day", "2016-04-18"),
    ("Factories will not restart until after the Lantern Festival.", date(2024, 1, 25),
     "Lantern Festival", "2024-02-24"),
    ("Flowers were laid for the Day of the Sun.", date(2019, 4, 16), "Day of the Sun",
     "2019-04-15"),
]
# fmt: on


@pytest.mark.parametrize(("text", "dct", "expr", "value"), NAMED_DAYS)
def test_named_days_in_sentences(text: str, dct: date, expr: str, value: str) -> None:
    found = {m.text: r.value for m, r in tag(text, dct)}
    assert found.get(expr) == value, found


def test_a_day_naming_a_place_is_no_date() -> None:
    """ "the May Day Stadium", "the April 25 House of Culture": names, neither the day nor its
    month; a day before a surname stays a day ("On March 10 Park was ousted")."""
    text = (
        "A meeting was held at the April 25 House of Culture and a match at the May Day "
        "Stadium; he received the July 1 Medal."
    )
    assert [m.text for m, _ in tag(text, date(2025, 4, 30))] == []
    assert [m.text for m, _ in tag("On March 10 Park was ousted.", date(2025, 4, 30))] == [
        "March 10"
    ]


def test_the_eve_of_a_festival_is_the_day_before() -> None:
    text = "On Friday evening, the eve of the Lunar New Year, families gathered."
    found = {m.text: r.value for m, r in tag(text, date(2024, 2, 10))}
    assert found["the eve of the Lunar New Year"] == "2024-02-09"
