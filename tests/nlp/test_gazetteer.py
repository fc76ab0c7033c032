"""The domain gazetteer: coverage of the names the issue lists, dated roles, and clear errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from nkviewer.errors import InputError
from nkviewer.nlp.gazetteer import (
    CONTEXTUAL_PREFIX,
    Gazetteer,
    korean_variants,
    load_gazetteer,
    parse_gazetteer,
)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("Kim Jong-un", "Kim Jong-un"),
        ("Kim Jong Un", "Kim Jong-un"),
        ("Kim Jongun", "Kim Jong-un"),
        ("Sergei Lavrov", "Sergey Lavrov"),
        ("Sergey Lavrov", "Sergey Lavrov"),
        ("Choe Son Hui", "Choe Son-hui"),
        ("Ri Yong Ho", "Ri Yong-ho"),
        ("Kim Il-sung", "Kim Il Sung"),
        ("Pyeongyang", "Pyongyang"),
        ("Xi", "Xi Jinping"),
        ("DPRK", "North Korea"),
        ("N. Korea", "North Korea"),
        ("Democratic People’s Republic of Korea", "North Korea"),
        ("KCNA", "Korean Central News Agency"),
        ("TASS", "TASS"),
        ("Yonhap", "Yonhap"),
        ("NIS", "National Intelligence Service"),
        ("Xinhua", "Xinhua"),
        ("KCTV", "Korean Central Television"),
        ("Workers’ Party of Korea", "Workers' Party of Korea"),
        ("Communist Party of China", "Communist Party of China"),
        ("United Russia", "United Russia"),
        ("State Affairs Commission", "State Affairs Commission"),
        ("Federation Council", "Federation Council"),
        ("Politburo Standing Committee", "Politburo Standing Committee"),
    ],
)
def test_spellings_resolve_to_canonical(gaz: Gazetteer, spelling: str, canonical: str) -> None:
    assert gaz.forms[spelling] == canonical


def test_covers_dozens_of_people_of_each_side(gaz: Gazetteer) -> None:
    people: dict[str, int] = {}
    for e in gaz.entries.values():
        if e.kind == "person":
            people[e.country] = people.get(e.country, 0) + 1
    assert sum(people.values()) >= 100
    for side in ("North Korea", "China", "Russia", "United States", "South Korea"):
        assert people.get(side, 0) >= 10, side


def test_entries_have_kind_label_and_side(gaz: Gazetteer) -> None:
    kim = gaz.entries["Kim Jong-un"]
    assert (kim.kind, kim.label, kim.country, kim.surname, kim.leader) == (
        "person",
        "PERSON",
        "North Korea",
        "Kim",
        True,
    )
    assert gaz.entries["Vladimir Putin"].surname == "Putin"
    assert gaz.entries["Sung Kim"].surname == "Kim"  # an American: family name last
    assert gaz.entries["Moscow"].capital_of == "Russia"
    assert gaz.capital_of["Pyongyang"] == "North Korea"
    assert gaz.demonym_country["North Korean"] == "North Korea"
    assert gaz.entries["Kim Il Sung Square"].kind == "place"


@pytest.mark.parametrize(
    ("country", "title", "day", "holder"),
    [
        ("North Korea", "leader", date(2010, 5, 1), "Kim Jong-il"),
        ("North Korea", "leader", date(2019, 3, 18), "Kim Jong-un"),
        ("Russia", "president", date(2010, 1, 1), "Dmitry Medvedev"),
        ("Russia", "president", date(2019, 1, 1), "Vladimir Putin"),
        ("China", "foreign minister", date(2023, 3, 1), "Qin Gang"),
        ("North Korea", "foreign minister", date(2018, 4, 6), "Ri Yong-ho"),
        ("United States", "president", date(2019, 2, 28), "Donald Trump"),
    ],
)
def test_roles_are_dated(gaz: Gazetteer, country: str, title: str, day: date, holder: str) -> None:
    role = next(r for r in gaz.roles if r.country == country and title in r.titles)
    assert role.holder(day) == holder


def test_undated_role_prefers_a_holder_the_document_names(gaz: Gazetteer) -> None:
    role = next(r for r in gaz.roles if r.country == "Russia" and "president" in r.titles)
    assert role.holder(None, frozenset({"Dmitry Medvedev"})) == "Dmitry Medvedev"
    assert role.holder(None) == role.holders[-1].name


def test_role_phrases_cover_descriptions(gaz: Gazetteer) -> None:
    phrases = {p for p, _ in gaz.role_phrases()}
    for p in (
        "north korean leader",
        "leader of north korea",
        "north korea's leader",
        "north's leader",
        "russian president",
        "russia’s foreign minister",
        "u.s. president",
    ):
        assert p in phrases, p


def test_contextual_names_need_the_country_and_bare_words_stay_out_of_the_ruler(
    gaz: Gazetteer,
) -> None:
    by_text = {p["pattern"]: p for p in gaz.ruler_patterns()}
    assert by_text["the North"]["id"] == CONTEXTUAL_PREFIX + "North Korea"
    assert "North" not in by_text  # "North America" must stay one name
    assert gaz.contextual_forms["North"] == "North Korea"
    assert by_text["North Korean"]["label"] == "NORP"


def test_korean_variants() -> None:
    assert set(korean_variants("Kim Jong-un")) == {
        "Kim Jong-un",
        "Kim Jong-Un",
        "Kim Jong Un",
        "Kim Jongun",
    }
    assert "Kim Il-sung" in korean_variants("Kim Il Sung")
    assert korean_variants("Vladimir Putin") == []


GOOD = """
[[entity]]
name = "Narnia"
kind = "country"

[[entity]]
name = "Caspian"
kind = "person"
country = "Narnia"

[[role]]
country = "Narnia"
titles = ["king"]
holders = [{ name = "Caspian", from = 2001-01-01 }]

[[event]]
name = "Dawn Treader voyage"
date = 2002-03-01
end = 2002-03-09
aliases = ["voyage of the Dawn Treader"]

[[event]]
name = "Battle of Beruna"
date = 2001-06-01
planned = false
"""


def test_a_small_valid_file(tmp_path: Path) -> None:
    gaz = parse_gazetteer(GOOD, tmp_path / "g.toml")
    assert gaz.entries["Caspian"].country == "Narnia"
    assert gaz.roles[0].holder(date(2002, 1, 1)) == "Caspian"
    voyage, battle = gaz.events
    assert (voyage.start, voyage.end, voyage.planned) == (date(2002, 3, 1), date(2002, 3, 9), True)
    assert voyage.aliases == ("Dawn Treader voyage", "voyage of the Dawn Treader")
    assert (battle.start, battle.end, battle.planned) == (date(2001, 6, 1), date(2001, 6, 1), False)
    ((role, term),) = gaz.tenures("Caspian", "king")
    assert role is gaz.roles[0] and term.start == date(2001, 1, 1)
    assert gaz.tenures("Caspian", "queen") == []


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[[entity]\nname = 'x'", "not valid TOML"),
        ('[[entity]]\nname = "A"\nkind = "planet"\n', "[[entity]] #1 ('A')"),
        ('[[entity]]\nname = "A"\nkind = "person"\nnickname = "B"\n', "unknown key"),
        ('[[entity]]\nname = "A"\nkind = "person"\ncountry = "Atlantis"\n', "Atlantis"),
        ('[[entity]]\nname = "A"\nkind = "person"\naliases = "B"\n', "`aliases`"),
        (
            '[[entity]]\nname = "A"\nkind = "person"\naliases = ["Z"]\n'
            '[[entity]]\nname = "B"\nkind = "person"\naliases = ["Z"]\n',
            "already belongs to 'A'",
        ),
        (GOOD.replace('name = "Caspian", from', 'name = "Aslan", from'), "[[role]] #1"),
        (GOOD.replace("from = 2001-01-01", 'from = "2001"'), "TOML dates"),
        (GOOD.replace("date = 2002-03-01", 'date = "March 2002"'), "[[event]] #1: `date`"),
        (GOOD.replace("end = 2002-03-09", "end = 2002-02-09"), "`end` is before"),
        (GOOD.replace("planned = false", 'planned = "no"'), "[[event]] #2: `planned`"),
        (GOOD.replace("planned = false", 'where = "Beruna"'), "unknown key"),
        (GOOD.replace('"Battle of Beruna"', '"Dawn Treader voyage"'), "appears twice"),
    ],
)
def test_malformed_files_name_file_and_entry(tmp_path: Path, text: str, fragment: str) -> None:
    path = tmp_path / "broken.toml"
    with pytest.raises(InputError) as info:
        parse_gazetteer(text, path)
    assert str(path) in str(info.value)
    assert fragment in str(info.value)


def test_landmark_events_are_dated_and_cover_the_issue(gaz: Gazetteer) -> None:
    """The happenings that date articles of this domain, with the dates they took place."""
    days = {e.name: (e.start, e.end) for e in gaz.events}
    assert len(days) >= 30
    assert days["Singapore summit"] == (date(2018, 6, 12), date(2018, 6, 12))
    assert days["Hanoi summit"] == (date(2019, 2, 27), date(2019, 2, 28))
    assert days["Vladivostok summit"][0] == date(2019, 4, 25)
    assert days["Vostochny summit"][0] == date(2023, 9, 13)
    assert days["Panmunjom summit"][0] == date(2018, 4, 27)
    assert days["Sixth North Korean nuclear test"][0] == date(2017, 9, 3)
    assert sum("Six-Party Talks" in name for name in days) >= 6
    assert all(date(1990, 1, 1) <= a <= b <= date(2025, 1, 1) for a, b in days.values())
    hanoi = next(e for e in gaz.events if e.name == "Hanoi summit")
    assert "Vietnam summit" in hanoi.aliases


def test_missing_file_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot be read"):
        load_gazetteer(tmp_path / "nowhere.toml")


def test_loading_is_cached_until_the_file_changes(tmp_path: Path) -> None:
    path = tmp_path / "g.toml"
    path.write_text(GOOD, encoding="utf-8")
    first = load_gazetteer(path)
    assert load_gazetteer(path) is first
    path.write_text(GOOD.replace("Caspian", "Rilian"), encoding="utf-8")
    assert "Rilian" in load_gazetteer(path).entries
