"""World landmark happenings (resources/gazetteer-landmarks.toml): they load with the rest of the
bundled gazetteer, carry the right days, match their own names and the ways articles name them,
date undated articles, and stay silent on ordinary prose."""

from __future__ import annotations

import re
from datetime import date

import pytest

from nkviewer.nlp.anchor import infer_published
from nkviewer.nlp.gazetteer import DatedEvent, Gazetteer, bundled_paths, load_gazetteer
from nkviewer.nlp.landmarks import Constraint, _event_pattern, landmark_constraints
from nkviewer.nlp.timex import find_timexes

MAX = date.max
LANDMARKS = "gazetteer-landmarks.toml"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


@pytest.fixture(scope="module")
def world(gaz: Gazetteer) -> list[DatedEvent]:
    """The events of gazetteer-landmarks.toml (by name, read from the file itself)."""
    path = next(p for p in bundled_paths() if p.name == LANDMARKS)
    names = set(re.findall(r'^name = "(.*)"$', path.read_text(encoding="utf-8"), re.MULTILINE))
    return [e for e in gaz.events if e.name in names]


def landmarks(text: str, gaz: Gazetteer) -> dict[str, Constraint]:
    return {c.reason: c for c in landmark_constraints(text, find_timexes(text), gaz)}


def test_the_world_landmarks_load_with_the_bundled_gazetteer(
    gaz: Gazetteer, world: list[DatedEvent]
) -> None:
    assert any(p.name == LANDMARKS for p in bundled_paths())
    assert len(world) >= 250
    names = [e.name for e in gaz.events]
    assert len(names) == len(set(names))
    assert all(date(1990, 1, 1) <= e.start <= e.end <= date(2025, 1, 1) for e in world)


@pytest.mark.parametrize(
    ("name", "start", "end"),
    [
        ("September 11 attacks", date(2001, 9, 11), date(2001, 9, 11)),
        ("Invasion of Iraq", date(2003, 3, 20), date(2003, 5, 1)),
        ("Iraqi invasion of Kuwait", date(1990, 8, 2), date(1990, 8, 2)),
        ("Dissolution of the Soviet Union", date(1991, 12, 26), date(1991, 12, 26)),
        ("Good Friday Agreement", date(1998, 4, 10), date(1998, 4, 10)),
        ("Oslo I Accord", date(1993, 9, 13), date(1993, 9, 13)),
        ("Dayton Agreement", date(1995, 11, 21), date(1995, 11, 21)),
        ("Adoption of the Kyoto Protocol", date(1997, 12, 11), date(1997, 12, 11)),
        ("Paris Agreement", date(2015, 12, 12), date(2015, 12, 12)),
        ("JCPOA", date(2015, 7, 14), date(2015, 7, 14)),
        ("US withdrawal from the Iran nuclear deal", date(2018, 5, 8), date(2018, 5, 8)),
        ("Abraham Accords", date(2020, 9, 15), date(2020, 9, 15)),
        ("Minsk II", date(2015, 2, 12), date(2015, 2, 12)),
        ("New START signing", date(2010, 4, 8), date(2010, 4, 8)),
        ("US-China Phase One trade deal", date(2020, 1, 15), date(2020, 1, 15)),
        ("Signing of the USMCA", date(2018, 11, 30), date(2018, 11, 30)),
        ("Brexit referendum", date(2016, 6, 23), date(2016, 6, 23)),
        ("Iran-Saudi rapprochement", date(2023, 3, 10), date(2023, 3, 10)),
        ("Russia-Georgia war", date(2008, 8, 7), date(2008, 8, 12)),
        ("Annexation of Crimea", date(2014, 2, 27), date(2014, 3, 18)),
        ("October 7 attack", date(2023, 10, 7), date(2023, 10, 7)),
        ("Taliban takeover of Kabul", date(2021, 8, 15), date(2021, 8, 15)),
        ("Myanmar coup", date(2021, 2, 1), date(2021, 2, 1)),
        ("Wagner mutiny", date(2023, 6, 23), date(2023, 6, 24)),
        ("Ouster of Hosni Mubarak", date(2011, 2, 11), date(2011, 2, 11)),
        ("2004 Indian Ocean tsunami", date(2004, 12, 26), date(2004, 12, 26)),
        ("Fukushima nuclear disaster", date(2011, 3, 11), date(2011, 3, 11)),
        ("WHO declaration of the COVID-19 pandemic", date(2020, 3, 11), date(2020, 3, 11)),
        ("Collapse of Lehman Brothers", date(2008, 9, 15), date(2008, 9, 15)),
        ("Death of Queen Elizabeth II", date(2022, 9, 8), date(2022, 9, 8)),
        ("Helsinki summit", date(2018, 7, 16), date(2018, 7, 16)),
        ("Geneva summit", date(2021, 6, 16), date(2021, 6, 16)),
        ("Osaka G20 summit", date(2019, 6, 28), date(2019, 6, 29)),
        ("Buenos Aires G20 summit", date(2018, 11, 30), date(2018, 12, 1)),
        ("Biarritz G7 summit", date(2019, 8, 24), date(2019, 8, 26)),
        ("Vilnius NATO summit", date(2023, 7, 11), date(2023, 7, 12)),
        ("Bucharest NATO summit", date(2008, 4, 2), date(2008, 4, 4)),
        ("COP21 climate conference in Paris", date(2015, 11, 30), date(2015, 12, 12)),
        ("COP26 climate conference in Glasgow", date(2021, 10, 31), date(2021, 11, 13)),
        ("COP3 climate conference in Kyoto", date(1997, 12, 1), date(1997, 12, 11)),
        ("Killing of Osama bin Laden", date(2011, 5, 1), date(2011, 5, 2)),
    ],
)
def test_landmark_days(gaz: Gazetteer, name: str, start: date, end: date) -> None:
    ev = next(e for e in gaz.events if e.name == name)
    assert (ev.start, ev.end) == (start, end)


@pytest.mark.parametrize(
    ("text", "reason", "span"),
    [
        (
            "since the Osaka G20 summit last year",
            "Osaka G20 summit -1 year",
            (date(2020, 1, 1), date(2020, 12, 31)),
        ),
        (
            "at COP 26 last month",
            "COP26 climate conference in Glasgow -1 month",
            (date(2021, 11, 1), date(2021, 12, 31)),
        ),
        (
            "after last year's Vilnius NATO summit",
            "Vilnius NATO summit -1 year",
            (date(2024, 1, 1), date(2024, 12, 31)),
        ),
        (
            "Russia’s annexation of Crimea two years ago",
            "Annexation of Crimea -2 year",
            (date(2016, 1, 1), date(2016, 12, 31)),
        ),
        (
            "the US withdrawal from the Iran nuclear deal",
            "US withdrawal from the Iran nuclear deal named",
            (date(2018, 5, 8), MAX),
        ),
        ("the Sept. 11 attacks", "September 11 attacks named", (date(2001, 9, 11), MAX)),
        ("the Wagner mutiny", "Wagner mutiny named", (date(2023, 6, 23), MAX)),
        (
            "a G20 summit in Buenos Aires",  # named ahead: up to a year before
            "Buenos Aires G20 summit named ahead",
            (date(2017, 11, 29), MAX),
        ),
    ],
)
def test_world_landmarks_in_text(
    gaz: Gazetteer, text: str, reason: str, span: tuple[date, date]
) -> None:
    found = landmarks(text, gaz)
    assert [r for r in found if not r.endswith(" recent")] == [reason]  # and a weak pull
    assert found[reason].spans == (span,)


def test_every_world_alias_matches_its_own_landmark(
    gaz: Gazetteer, world: list[DatedEvent]
) -> None:
    for ev in world:
        for alias in ev.aliases:
            found = landmark_constraints(f"We recall the {alias} here.", [], gaz)
            assert any(c.reason == f"{ev.name} named" for c in found), alias


def test_no_world_alias_names_an_earlier_landmark_inside_a_later_one(
    gaz: Gazetteer, world: list[DatedEvent]
) -> None:
    """An alias that contains another landmark's alias ("withdrawal from the Paris Agreement")
    gives both landmarks: harmless when the outer one is the later (its bound wins), wrong when
    the inner one is later than the happening the article names."""
    wrong = []
    for outer in world:
        for other in gaz.events:
            if other.name == outer.name or other.start <= outer.start:
                continue
            pattern = _event_pattern(other.aliases)[1]
            wrong += [(a, other.name) for a in outer.aliases if pattern.search(a)]
    assert wrong == []


def test_a_shared_name_is_given_only_with_a_qualifier(gaz: Gazetteer) -> None:
    """Cities and phrases used for two happenings date neither when written alone."""
    for text in (
        "the Madrid NATO summit",  # 1997 and 2022
        "the fall of Kabul",  # 1996, 2001 and 2021
        "the Elmau G7 summit",  # 2015 and 2022
        "the COP15 talks",  # climate (2009) and biodiversity (2022)
        "the Iran nuclear deal",  # the 2013 interim deal and the JCPOA
        "Brexit day",  # 29 March 2019, then 31 October 2019, then 31 January 2020
        "the Beijing Olympics",  # named for years ahead
    ):
        assert landmarks(text, gaz) == {}, text


ORDINARY = [
    "The central bank raised interest rates by a quarter point on Wednesday, citing inflation.",
    "Leaders of the two countries held a summit in the capital and signed a trade agreement.",
    "The minister said the election would be held next year and promised a fair vote.",
    "Police said the attack on the convoy killed three soldiers near the border.",
    "Officials in Paris and Berlin discussed the climate talks planned for the autumn.",
    "A nice attack by the home side produced the opening goal in the second half.",
    "The company reported a loss for the quarter and announced a restructuring plan.",
    "Protesters gathered outside parliament to demand the resignation of the prime minister.",
    "The hurricane season is expected to be more active than usual, forecasters said.",
    "He tested positive last week and is recovering at home, his office said.",
    "The pope met refugees in Rome last month and called for compassion.",
    "The Oval Office meeting lasted an hour and covered trade and security.",
    "The war in the region has displaced hundreds of thousands of people, the agency said.",
    "Talks in Geneva ended without a deal, but both sides agreed to meet again.",
    "The earthquake struck at dawn, damaging homes in several villages.",
    "After the coup attempt failed, the army returned to its barracks.",
    "The board approved the merger of the two regional banks on Tuesday.",
    "Voters in the state will choose a new governor in November.",
    "The treaty was ratified by the senate after a long debate.",
    "The flotilla of fishing boats returned to port before the storm.",
    "A bridge collapse in the province killed four people, local media said.",
    "Scientists announced the discovery of a new species of frog in the rainforest.",
    "The G20 finance ministers met in Washington to discuss debt relief.",
    "NATO defence ministers met in Brussels to discuss ammunition supplies.",
    "The APEC trade ministers issued a joint statement on supply chains.",
    "Oslo I think is a lovely city in the summer, she said.",
    "When I was in Minsk I met several opposition activists.",
    "The hostage deal was discussed by mediators in Cairo and Doha.",
    "The Kyoto city council approved a new tourism tax last year.",
    "The Supreme Court ruling on the case is expected in June.",
    "The euro rose against the dollar after the data release.",
    "Biden's approval rating fell after the debate, a poll showed.",
    "Climate activists marched in Glasgow and London on Saturday.",
    "The leaders met in Madrid for a NATO summit on eastern defence.",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_prose_names_no_landmark(gaz: Gazetteer, text: str) -> None:
    assert landmark_constraints(text, find_timexes(text), gaz) == []


def inferred_range(text: str, gaz: Gazetteer) -> tuple[date | None, date | None]:
    inferred = infer_published(text, find_timexes(text), gazetteer=gaz)
    assert inferred.is_known and inferred.source == "inferred"
    return inferred.earliest, inferred.latest


def test_a_climate_summit_last_year_dates_an_undated_article(gaz: Gazetteer) -> None:
    text = (
        "Leaders gathered at the Red Sea resort, a year after the Glasgow climate summit last "
        "year ended with a pact on coal. Negotiators met again on Nov. 8."
    )
    earliest, latest = inferred_range(text, gaz)
    assert earliest is not None and latest is not None
    assert date(2022, 1, 1) <= earliest <= date(2022, 11, 8) <= latest <= date(2022, 12, 31)


def test_the_wagner_mutiny_last_month_gives_july_2023(gaz: Gazetteer) -> None:
    text = (
        "Since the Wagner mutiny last month, the Kremlin has tightened its grip on the "
        "mercenaries, officials said on July 12."
    )
    inferred = infer_published(text, find_timexes(text), gazetteer=gaz)
    assert inferred.precision == "month" and inferred.iso() == "2023-07"


def test_last_years_g20_summit_and_a_yearless_day(gaz: Gazetteer) -> None:
    text = (
        "Trade ministers said tariffs had risen since last year's Osaka G20 summit. "
        "They will meet again on March 3."
    )
    earliest, latest = inferred_range(text, gaz)
    assert earliest is not None and latest is not None
    assert date(2020, 1, 1) <= earliest <= latest <= date(2020, 12, 31)


def test_a_treaty_two_years_ago(gaz: Gazetteer) -> None:
    text = (
        "The Abraham Accords two years ago opened embassies and flights; on Sept. 15 the "
        "foreign ministers marked the anniversary."
    )
    earliest, latest = inferred_range(text, gaz)
    assert earliest is not None and latest is not None
    assert date(2022, 1, 1) <= earliest <= date(2022, 9, 15) <= latest <= date(2022, 12, 31)


def test_a_landmark_named_alone_is_only_a_lower_bound(gaz: Gazetteer) -> None:
    text = "Diplomats recalled the annexation of Crimea. Talks resumed on Thursday."
    assert not infer_published(text, find_timexes(text), gazetteer=gaz).is_known
