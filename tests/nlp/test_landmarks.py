"""Domain evidence for publication dates: dated landmarks and officials' terms (no spaCy)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from nkviewer.ingest.document import Span
from nkviewer.nlp.gazetteer import Gazetteer, load_gazetteer
from nkviewer.nlp.landmarks import (
    Constraint,
    feasible_window,
    landmark_constraints,
    tenure_constraints,
)
from nkviewer.nlp.parsed import EntitySpan
from nkviewer.nlp.timex import find_timexes

MAX = date.max


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def landmarks(text: str, gaz: Gazetteer, skip: tuple[Span, ...] = ()) -> dict[str, Constraint]:
    return {c.reason: c for c in landmark_constraints(text, find_timexes(text), gaz, skip=skip)}


def person(text: str, name: str, canonical: str = "") -> EntitySpan:
    start = text.index(name)
    return EntitySpan(start, start + len(name), name, "PERSON", canonical or name, "person")


def tenures(text: str, gaz: Gazetteer, *people: EntitySpan) -> list[Constraint]:
    return tenure_constraints(text, people, gaz)


@pytest.mark.parametrize(
    ("text", "reason", "span"),
    [
        (
            "the Vietnam summit last month",
            "Hanoi summit -1 month",
            (date(2019, 3, 1), date(2019, 3, 31)),
        ),
        (
            "since last year’s Singapore summit",
            "Singapore summit -1 year",
            (date(2019, 1, 1), date(2019, 12, 31)),
        ),
        (
            "the second North Korea–US summit, held last month,",
            "Hanoi summit -1 month",
            (date(2019, 3, 1), date(2019, 3, 31)),
        ),
        (
            "the Hanoi summit, and last month talks with China",  # another clause
            "Hanoi summit named",
            (date(2018, 10, 30), MAX),
        ),
        (
            "the Vostochny summit two years ago",
            "Vostochny summit -2 year",
            (date(2025, 1, 1), date(2025, 12, 31)),
        ),
        (
            "the 2018 Singapore summit",
            "Singapore summit named",
            (date(2018, 2, 12), MAX),
        ),
        (
            "the Hanoi summit next month",
            "Hanoi summit +1 month",
            (date(2019, 1, 1), date(2019, 1, 31)),
        ),
        (
            "after its sixth nuclear test",
            "Sixth North Korean nuclear test named",
            (date(2017, 9, 3), MAX),
        ),
        (
            "UN Security Council resolution 2397",
            "UNSC Resolution 2397 named",
            (date(2017, 12, 22), MAX),
        ),
        (
            "a second North-U.S. summit",
            "Hanoi summit named ahead",
            (date(2018, 2, 26), MAX),
        ),
    ],
)
def test_landmarks(gaz: Gazetteer, text: str, reason: str, span: tuple[date, date]) -> None:
    found = landmarks(text, gaz)
    assert [r for r in found if not r.endswith(" recent")] == [reason]
    assert found[reason].spans == (span,)
    recent = [c for r, c in found.items() if r.endswith(" recent")]
    if reason.endswith(" named") or reason.endswith(" named ahead"):
        # named alone: also a weak pull towards the two years after it (news is recent)
        (pull,) = recent
        assert pull.weight < found[reason].weight
        assert pull.spans[0][0] == span[0] and pull.spans[0][1] < MAX
    else:
        assert recent == []


def test_a_landmark_named_in_the_future_tense_was_written_before_it(gaz: Gazetteer) -> None:
    found = landmarks("Trump will travel to the Hanoi summit with his top aides", gaz)
    (ahead,) = found.values()
    first, last = ahead.spans[0]
    assert last < date(2019, 2, 27) <= first + timedelta(days=366)


@pytest.mark.parametrize(
    "text",
    [
        "North Korea may conduct a sixth nuclear test",  # not yet: no evidence
        "India's first nuclear test",  # somebody else's
        "the summit in Singapore of Asian leaders",
        "the Hanoi summitry",
        "Russia's 2014 invasion of Ukraine",  # another invasion than the gazetteer's
    ],
)
def test_no_landmark(gaz: Gazetteer, text: str) -> None:
    assert landmarks(text, gaz) == {}


def test_landmarks_in_junk_are_no_evidence(gaz: Gazetteer) -> None:
    text = "Related stories: Vietnam summit last month ends without a deal"
    assert landmarks(text, gaz, (Span(0, len(text), "related"),)) == {}


def test_gazetteer_events_match_their_own_names(gaz: Gazetteer) -> None:
    for ev in gaz.events:
        for alias in ev.aliases:
            found = landmark_constraints(f"We recall the {alias} here.", [], gaz)
            assert any(c.reason == f"{ev.name} named" for c in found), alias


def test_a_titled_official_is_in_office(gaz: Gazetteer) -> None:
    text = "talks between North Korean leader Kim Jong-un and U.S. President Donald Trump"
    kim, trump = person(text, "Kim Jong-un"), person(text, "Donald Trump")
    by = {c.reason: c for c in tenures(text, gaz, kim, trump)}
    assert by["Kim Jong-un as North Korea leader"].spans == ((date(2011, 12, 17), MAX),)
    assert by["Donald Trump as United States president"].spans == (
        (date(2017, 1, 20), date(2021, 1, 19)),
        (date(2025, 1, 20), MAX),
    )


def test_bare_titles_and_appositives(gaz: Gazetteer) -> None:
    text = "President Putin met Sergei Lavrov, Russia's foreign minister, and Premier Li Qiang."
    people = (
        person(text, "Putin", "Vladimir Putin"),
        person(text, "Sergei Lavrov", "Sergey Lavrov"),
        person(text, "Li Qiang"),
    )
    by = {c.reason: c.spans for c in tenures(text, gaz, *people)}
    assert by["Vladimir Putin as Russia president"] == (
        (date(2000, 5, 7), date(2008, 5, 6)),
        (date(2012, 5, 7), MAX),
    )
    assert by["Sergey Lavrov as Russia foreign minister"] == ((date(2004, 3, 9), MAX),)
    assert by["Li Qiang as China premier"] == ((date(2023, 3, 11), MAX),)


def test_former_then_and_other_offices(gaz: Gazetteer) -> None:
    text = (
        "Former U.S. President Donald Trump, then-Secretary of State Mike Pompeo and North "
        "Korean Vice Foreign Minister Choe Son-hui; First Vice Foreign Minister Choe Son Hui."
    )
    people = (
        person(text, "Donald Trump"),
        person(text, "Mike Pompeo"),
        person(text, "Choe Son-hui"),
        person(text, "Choe Son Hui", "Choe Son-hui"),
    )
    by = {c.reason: c.spans for c in tenures(text, gaz, *people)}
    assert by == {
        "Donald Trump former United States president": ((date(2021, 1, 20), MAX),),
        "Mike Pompeo then United States secretary of state": ((date(2018, 4, 26), MAX),),
    }  # a vice foreign minister is not the foreign minister


def test_a_title_the_person_never_held_says_nothing(gaz: Gazetteer) -> None:
    text = "South Korean President Kim Jong-un"  # a mistake, or another Kim: no evidence
    assert tenures(text, gaz, person(text, "Kim Jong-un")) == []


def test_feasible_window_is_where_least_weight_breaks() -> None:
    term = Constraint(((date(2017, 1, 20), date(2021, 1, 19)),), 3.0, "term")
    month = Constraint(((date(2019, 3, 1), date(2019, 3, 31)),), 4.0, "month")
    after = Constraint(((date(2018, 10, 30), MAX),), 2.0, "after")
    assert feasible_window([term, month, after]) == (date(2019, 3, 1), date(2019, 3, 31))
    assert feasible_window([after]) == (date(2018, 10, 30), None)
    assert feasible_window([]) == (None, None)
    # contradicting evidence: the heavier wins
    later = Constraint(((date(2021, 6, 1), date(2021, 6, 30)),), 5.0, "later")
    assert feasible_window([term, later]) == (date(2021, 6, 1), date(2021, 6, 30))
