"""Who did what, when: each rule of the event semantics on sentences written for these tests.

A date belongs to the clause it modifies; the title is that clause's predicate with its own
subject, object and negation; the actors are its participants (never places, datelines, news
agencies or names of other clauses); reporting verbs give `reported_by`; names resolve to who
could act at the time; dates that date nothing (statistics, reports, captions of scenes, clock
times, periods) make no event.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pytest
from wrapped_lead import LEAD

from nkviewer.events.record import Event
from nkviewer.ingest.article import Origin, build_document
from nkviewer.ingest.document import PublishedDate

if TYPE_CHECKING:
    from spacy.language import Language

pytestmark = pytest.mark.model

PUBLISHED = date(2019, 3, 18)  # a Monday


@pytest.fixture(scope="module")
def nlp() -> Language:
    from nkviewer.nlp.model import load_pipeline
    from nkviewer.nlp.parse import configure_pipeline

    return configure_pipeline(load_pipeline())  # cached: one pipeline for every test module


def events(
    nlp: Language, text: str, published: date | None = PUBLISHED, title: str = "A story"
) -> list[Event]:
    from nkviewer.events.build import build_events
    from nkviewer.nlp.parse import parse_document

    origin = Origin(path="/tmp/story.txt", relpath="story.txt", format="txt")
    if published is not None:
        origin.declared = PublishedDate.day(published, "manifest")
    document = build_document(f"{title}\n\n{text}\n", origin)
    return build_events(parse_document(document, nlp))


def one(found: list[Event], time_text: str) -> Event:
    hits = [e for e in found if e.time_text == time_text]
    assert len(hits) == 1, [(e.time_text, e.title) for e in found]
    return hits[0]


# ----------------------------------------------------------------------- the clause a date dates


def test_the_date_dates_its_own_clause_and_a_noun_date_its_noun(nlp: Language) -> None:
    found = events(
        nlp, "The Latvian parliament on Friday ratified a 2008 border treaty with Russia."
    )
    friday = one(found, "Friday")
    assert friday.start == "2019-03-15"
    assert "ratified" in friday.title and "treaty" in friday.title
    old = one(found, "2008")
    assert "treaty" in old.title.lower() and "ratif" not in old.title.lower()
    assert old.start == "2008-01-01" and old.end == "2008-12-31"


def test_a_date_inside_a_noun_phrase_names_that_noun_and_its_partners(nlp: Language) -> None:
    e = one(events(nlp, "Kim Jong-un recalled the June 12 summit with Donald Trump."), "June 12")
    assert "summit" in e.title.lower() and "recalled" not in e.title
    assert "Donald Trump" in e.actors


def test_the_day_of_a_statement_about_the_future_is_the_saying(nlp: Language) -> None:
    """ "said on Friday it would close": Friday is when it was said (the past Friday), not a
    Friday to come, whatever verb the parse hangs the date on."""
    found = events(nlp, "The mill said on Friday it would close two furnaces.")
    assert one(found, "Friday").start == "2019-03-15"


def test_negation_stays_in_the_title(nlp: Language) -> None:
    e = one(events(nlp, "Vladimir Putin did not attend the regional summit on Friday."), "Friday")
    assert e.title.startswith("Vladimir Putin") and "not attend" in e.title
    assert e.actors == ["Vladimir Putin"]


def test_a_copula_title_keeps_its_whole_complement(nlp: Language) -> None:
    e = one(events(nlp, "The vote in the assembly was 13-2 on Thursday."), "Thursday")
    assert "13-2" in e.title


def test_a_when_clause_after_a_state_verb_is_the_happening(nlp: Language) -> None:
    e = one(
        events(
            nlp,
            "The envoy had a tense tone on Monday night when he asked negotiators to "
            "find a compromise.",
        ),
        "Monday night",
    )
    assert "asked" in e.title.lower() and e.title.lower().startswith("he")


def test_a_photo_day_dates_what_the_photo_shows(nlp: Language) -> None:
    found = events(
        nlp,
        "This file photo, taken on May 2, 2016 and released by Xinhua on May 4, shows "
        "Xi Jinping shaking hands with Vladimir Putin in Beijing.",
    )
    shown = one(found, "May 2, 2016")
    assert {"Xi Jinping", "Vladimir Putin"} <= set(shown.actors)
    assert "shak" in shown.title.lower()
    assert not [e for e in found if e.time_text == "May 4"]  # the release is reporting


# --------------------------------------------------------------------------- participants


def test_actors_are_participants_not_places_topics_or_bystanders(nlp: Language) -> None:
    e = one(
        events(
            nlp,
            "Chinese and American negotiators reached an agreement on tariffs in Geneva "
            "on Saturday, a week after sanctions against Iran took effect.",
        ),
        "Saturday",
    )
    assert set(e.actors) == {"China", "United States"}
    assert "Geneva" in e.places and "Iran" not in e.actors


def test_the_one_who_asked_and_the_body_that_votes(nlp: Language) -> None:
    e = one(
        events(
            nlp,
            "The vote on the UN Security Council draft resolution was postponed until "
            "Wednesday at Russia's request.",
        ),
        "Wednesday",
    )
    assert "Russia" in e.actors and "UN Security Council" in e.actors


def test_a_group_stands_for_its_countries_and_its_leader(nlp: Language) -> None:
    found = events(
        nlp,
        "A Japanese-Korean delegation led by Taro Kono signed three accords with Vietnam in "
        "Hanoi on Tuesday.",
    )
    e = one(found, "Tuesday")
    assert {"Japan", "Vietnam", "Taro Kono"} <= set(e.actors)
    assert "Hanoi" in e.places and "Hanoi" not in e.actors


def test_partners_named_in_a_list_with_appositions(nlp: Language) -> None:
    e = one(
        events(
            nlp,
            "Angela Merkel held talks in Berlin on Wednesday with Emmanuel Macron, the "
            "French president, and Justin Trudeau.",
        ),
        "Wednesday",
    )
    assert {"Angela Merkel", "Emmanuel Macron", "Justin Trudeau"} <= set(e.actors)
    assert e.actors[0] == "Angela Merkel"


def test_people_named_in_a_relation_are_bystanders(nlp: Language) -> None:
    e = one(
        events(nlp, "Kim Jong-un met the uncle of Moon Jae-in in Pyongyang on Friday."),
        "Friday",
    )
    assert "Kim Jong-un" in e.actors and "Moon Jae-in" not in e.actors


def test_short_forms_and_seats_of_government_are_canonical(nlp: Language) -> None:
    found = events(
        nlp,
        "The EU and Britain agreed on Thursday to extend the talks. "
        "The Kremlin warned on Friday that the deal would fail.",
    )
    assert set(one(found, "Thursday").actors) == {"European Union", "United Kingdom"}
    assert one(found, "Friday").actors == ["Russia"]


def test_the_lane_is_the_country_of_the_leading_actor_anywhere(nlp: Language) -> None:
    e = one(
        events(
            nlp,
            "Israeli Prime Minister Benjamin Netanyahu met Bahrain's foreign minister "
            "in Manama on Sunday.",
        ),
        "Sunday",
    )
    assert e.actors[0] == "Benjamin Netanyahu" and e.lane == "Israel"


# --------------------------------------------------------------------------- reporting


def test_an_outlets_report_is_the_happening_it_reports(nlp: Language) -> None:
    found = events(
        nlp, "KCNA said on Sunday that Kim Jong-un inspected a munitions factory in Jagang."
    )
    e = one(found, "Sunday")
    assert e.title.startswith("Kim Jong-un inspected")
    assert e.actors == ["Kim Jong-un"]
    assert e.reported_by == ["Korean Central News Agency"]


def test_a_report_of_a_happening_with_its_own_day_is_no_event(nlp: Language) -> None:
    found = events(
        nlp, "Yonhap reported on Sunday that Moon Jae-in met Xi Jinping in Beijing on Thursday."
    )
    assert [e.time_text for e in found] == ["Thursday"]
    e = found[0]
    assert set(e.actors) == {"Moon Jae-in", "Xi Jinping"} and e.reported_by == ["Yonhap"]


def test_a_statement_is_the_speakers_event_and_a_reported_one_keeps_its_reporter(
    nlp: Language,
) -> None:
    found = events(
        nlp,
        "Sergey Lavrov said on Tuesday that Russia would block the draft. "
        "Kim Jong-un will visit Vladivostok next month, the Kremlin said.",
    )
    said = one(found, "Tuesday")
    assert said.actors[0] == "Sergey Lavrov" and "said" in said.title
    visit = one(found, "next month")
    assert visit.actors == ["Kim Jong-un"] and "Vladivostok" in visit.places
    assert visit.reported_by == ["Russia"]


def test_according_to_names_a_reporter_not_an_actor(nlp: Language) -> None:
    e = one(
        events(
            nlp, "According to the Associated Press, Joe Biden met Xi Jinping in Bali on Monday."
        ),
        "Monday",
    )
    assert set(e.actors) == {"Joe Biden", "Xi Jinping"}
    assert e.reported_by == ["Associated Press"]


def test_a_first_person_quote_is_the_speakers_statement(nlp: Language) -> None:
    e = one(
        events(nlp, "“We are here this afternoon to open a new chapter,” Emmanuel Macron said."),
        "this afternoon",
    )
    assert e.actors == ["Emmanuel Macron"] and "said" in e.title


def test_a_dateline_is_metadata_and_dates_a_lead_without_a_date(nlp: Language) -> None:
    found = events(
        nlp,
        "MADRID, March 15 (EFE) -- Spain and Portugal signed a water-sharing accord at the "
        "border.\n\nThe accord replaces the one of 1998.",
    )
    lead = one(found, "March 15")
    assert lead.start == "2019-03-15"
    assert set(lead.actors) == {"Spain", "Portugal"}
    assert "Madrid" not in lead.actors and "EFE" not in lead.title
    assert lead.sentence.startswith("MADRID")
    dated = events(nlp, "MADRID, March 15 (EFE) -- Spain signed the accord on Thursday.")
    assert [e.time_text for e in dated] == ["Thursday"]  # the lead's own date wins


# ----------------------------------------------------------------------- dates that date nothing


@pytest.mark.parametrize(
    "sentence",
    [
        "Exports to China totaled $5.8 million in May.",
        "Trade between the two countries plunged 40 percent in April.",
        "Customs data showed on Saturday that trade had fallen.",
        "Xinhua gave few details in its brief report on Tuesday.",
        "2018 marked the 30th anniversary of the treaty.",
        "Morocco became the fourth state this year to sign the pact.",
        "The plane landed at 3:15 p.m. local time.",
    ],
)
def test_dates_that_date_no_happening(nlp: Language, sentence: str) -> None:
    assert events(nlp, sentence) == [], sentence


def test_a_caption_dates_a_scene_only_when_someone_acts_in_it(nlp: Language) -> None:
    scene = events(nlp, "Flags of both countries flutter along a road in Doha, Sept. 14. "
                   "(Reuters/Ann Brook)")  # fmt: skip
    assert scene == []
    acting = events(nlp, "Emir Tamim bin Hamad Al Thani greets Joe Biden in Doha, Sept. 14. "
                    "(Reuters/Ann Brook)")  # fmt: skip
    assert [e.time_text for e in acting] == ["Sept. 14"]


def test_hard_wrapped_agency_copy_keeps_its_sentences(nlp: Language) -> None:
    text = (
        "The ministers of the twelve countries in the pact\n"
        "agreed on Saturday to cut tariffs on farm goods by half,\n"
        "setting the course for the first trade deal of the decade.\n"
        "The accord was signed in the evening after talks that ran\n"
        "late into the night in the old conference hall of the city.\n"
    )
    e = one(events(nlp, text), "Saturday")
    assert e.sentence.startswith("The ministers") and "first trade deal" in e.sentence


def test_a_headline_without_a_full_stop_is_one_sentence_with_its_date(nlp: Language) -> None:
    """A headline line is its own sentence: not cut before its weekday (which then dated
    nothing), not run into the lead; in title case it is parsed in sentence case."""
    body = "The harbour board said the pier will reopen after repairs to the storm damage."
    for title, verb in (
        ("Harbour Board Says Pier Will Reopen Saturday", "reopen"),
        ("Mayor will open new bridge Saturday", "open"),
    ):
        found = events(nlp, body, title=title)
        e = one(found, "Saturday")
        assert e.sentence == title
        assert e.start == "2019-03-23"  # the Saturday after the Monday of publication
        assert verb in e.title.lower().split(), e.title


def test_a_headlines_to_future_is_expected(nlp: Language) -> None:
    """ "Mayor to open bridge Saturday": a headline's infinitive with a subject is what is to
    happen, so its weekday is the next one and the event is expected."""
    body = "The council said the work on the river crossing was finished after long delays."
    e = one(events(nlp, body, title="Mayor to open ferry bridge Saturday"), "Saturday")
    assert (e.start, e.modality) == ("2019-03-23", "expected")
    e = one(events(nlp, body, title="Mayor opened ferry bridge Saturday"), "Saturday")
    assert (e.start, e.modality) == ("2019-03-16", "happened")


@pytest.mark.parametrize(
    "head",
    [
        "Osterberg Harbour Board Says the Old Pier Will Reopen on Saturday",  # title case
        "Harbour board says old pier will reopen to ferries on Saturday",  # sentence case
        # in sentence case over two lines, the second as wide as a wrapped line
        "Osterberg harbour board says the old pier will reopen to\n"
        "ferries and fishing boats on Saturday once the deck is fixed",
    ],
)
def test_a_headline_right_above_a_wrapped_lead_is_its_own_sentence(
    nlp: Language, head: str
) -> None:
    found = events(nlp, head + "\n" + LEAD)
    e = one(found, "Saturday")
    assert e.sentence == head
    assert e.start == "2019-03-23" and "reopen" in e.title.lower().split(), e.title
    lead = one(found, "Tuesday")
    assert lead.sentence.startswith("The harbour board of Osterberg said on Tuesday")


def test_a_wrapped_paragraph_opening_with_names_stays_one_sentence(nlp: Language) -> None:
    text = (
        "President Ana Lind of Osterberg and the Haldian Prime Minister Piet\n"
        "Vanderberg met on Monday in the old harbour town to talk it over.\n\n" + LEAD
    )
    e = one(events(nlp, text), "Monday")
    assert e.sentence.startswith("President Ana Lind") and "met on Monday" in e.sentence


def test_a_headline_line_stays_one_sentence_in_the_parse(nlp: Language) -> None:
    doc = nlp("Port Talks Resume Monday After Long Pause\n\nThe two sides met in May.")
    assert [s.text.strip() for s in doc.sents] == [
        "Port Talks Resume Monday After Long Pause",
        "The two sides met in May.",
    ]


# ------------------------------------------------------------------- plans not carried out

# fmt: off
#: A plan told in the past and, as the sentence tells it, not carried out is no happening: its
#: day is the day it was planned for, its event `expected` (published Monday 18 March 2019).
#: Each row: text, expression, modality.
UNREALISED: list[tuple[str, str, str]] = [
    # a past plan undone by what follows: "but", "instead", "before"/"until" a happening
    ("The mayor was going to sign the lease on March 12, but the council objected.",
     "March 12", "expected"),
    ("The two ministers had planned to meet in Lund on March 11 but the talks were called off.",
     "March 11", "expected"),
    ("The dockers were due to strike on March 4 before the port raised its offer.",
     "March 4", "expected"),
    ("The ferry company had hoped to open the new route in February, until the storms came.",
     "February", "expected"),
    ("The envoys were planning to sign the accord on March 8. Instead, they left for home.",
     "March 8", "expected"),
    ("The two ferry lines had planned to merge on March 1; however, the regulator objected.",
     "March 1", "expected"),
    # a form that says so by itself: "was supposed to", "was to have"
    ("The ferry was supposed to sail to Lund on March 9.", "March 9", "expected"),
    ("The treaty was to have been signed in Osterberg on March 1.", "March 1", "expected"),
    # a planned happening that something stopped
    ("The late offer averted a strike planned for March 13.", "March 13", "expected"),
    ("The accord staved off a round of port fees set to start on March 6.", "March 6",
     "expected"),
    ("The talks scheduled for March 7 were called off.", "March 7", "expected"),
    ("The harbour union called off the March 5 strike.", "March 5", "expected"),
    ("The union called off Sunday's strike.", "Sunday's", "expected"),
    # ... but a plan that nothing undoes, or a happening inside the object, stays as it was
    ("The keepers were going to strike on March 11.", "March 11", "happened"),
    ("The envoy was expected to visit Lund on March 11.", "March 11", "happened"),
    ("The ministers planned to meet on March 11 and met in Lund.", "March 11", "happened"),
    ("The port cancelled the contract it signed on March 5.", "March 5", "happened"),
    ("Police stopped protesters who had gathered on March 11.", "March 11", "happened"),
    ("The union held March 5's strike.", "March 5", "happened"),
]
# fmt: on


@pytest.mark.parametrize(("text", "when", "modality"), UNREALISED)
def test_a_past_plan_not_carried_out_is_expected(
    nlp: Language, text: str, when: str, modality: str
) -> None:
    e = one(events(nlp, text), when)
    assert e.start < PUBLISHED.isoformat()  # its day is past: the modality says what it was
    assert e.modality == modality, e.title


# --------------------------------------------------------------------------- names in time


def test_a_bare_surname_is_who_could_act_then(nlp: Language) -> None:
    found = events(
        nlp,
        "In 2009, Kim Jong-il visited Beijing.\n\nOn Thursday, Kim met Xi Jinping in Pyongyang.",
        published=date(2019, 6, 21),
    )
    assert one(found, "2009").actors == ["Kim Jong-il"]
    assert one(found, "Thursday").actors[0] == "Kim Jong-un"  # Kim Jong-il died in 2011


def test_the_president_is_the_latest_person_named_who_holds_that_office(nlp: Language) -> None:
    found = events(
        nlp,
        "Mr. Trump spoke to reporters in Washington.\n\nOn Friday, the president signed the bill.",
    )
    assert one(found, "Friday").actors == ["Donald Trump"]


def test_a_role_description_is_its_holder_on_the_day_the_sentence_speaks_of(
    nlp: Language,
) -> None:
    found = events(
        nlp,
        "In 2010, the Russian president visited Hanoi.",
        published=date(2019, 3, 18),
    )
    assert one(found, "2010").actors == ["Dmitry Medvedev"]


def test_a_name_is_not_repeated_for_its_own_possessive(nlp: Language) -> None:
    """The pronoun stays ("Abe and his advisers"), never "Shinzo Abe and Shinzo Abe's"."""
    e = one(
        events(
            nlp,
            "Japanese Prime Minister Shinzo Abe and his advisers left Tokyo for Manila on "
            "Wednesday.",
        ),
        "Wednesday",
    )
    assert e.title.count("Abe") == 1, e.title
    assert "his advisers" in e.title, e.title


def test_a_possessive_of_someone_named_elsewhere_gets_the_name(nlp: Language) -> None:
    e = one(
        events(
            nlp,
            "Angela Merkel spoke to reporters in Berlin. Her spokesman resigned on Tuesday.",
        ),
        "Tuesday",
    )
    assert e.title.startswith("Angela Merkel's spokesman"), e.title


def test_a_gerund_after_a_nouns_of_borrows_no_subject(nlp: Language) -> None:
    """The pact "sets a target of planting a billion trees by 2030": the title is the
    planting, not "It planting a billion trees"."""
    e = one(
        events(
            nlp,
            "Signed by forty countries, it sets an ambitious target of planting a billion "
            "trees by 2030.",
        ),
        "2030",
    )
    assert e.title.lower().startswith("planting"), e.title


def test_a_speaker_named_in_the_report_is_not_named_twice(nlp: Language) -> None:
    """ "Ms Ardern will visit Fiji in May, she said on Friday": she said she will visit."""
    e = one(
        events(nlp, "Prime Minister Jacinda Ardern will visit Fiji in May, she said on Friday."),
        "Friday",
    )
    assert e.title.count("Ardern") == 1, e.title
    assert e.title.startswith("Jacinda Ardern said she will visit"), e.title


def test_held_talks_with_keeps_what_was_held(nlp: Language) -> None:
    e = one(
        events(nlp, "Vladimir Putin held talks with Xi Jinping in Beijing on Friday."), "Friday"
    )
    assert e.title == "Vladimir Putin held talks with Xi Jinping", e.title


def test_a_phase_of_a_happening_as_a_reference_point_is_the_event(nlp: Language) -> None:
    """ "Until the expiry of the ceasefire on June 3" dates the expiry, not what the
    delegations know; "at the end of the summit on Friday" still dates the main clause."""
    found = events(
        nlp,
        "With two weeks until the expiry of the ceasefire on June 3, both delegations know "
        "time is short.",
    )
    assert one(found, "June 3").title == "Expiry of ceasefire"
    e = one(
        events(nlp, "At the end of the summit on Friday, the leaders issued a statement."),
        "Friday",
    )
    assert "issued statement" in e.title, e.title


def test_a_what_to_heading_dates_the_happening_it_names_or_nothing(nlp: Language) -> None:
    summit = one(events(nlp, "What to expect from the G7 summit on Friday"), "Friday")
    assert summit.title == "G7 summit", summit.title
    assert events(nlp, "What to watch for on Tuesday") == []


def test_a_pronouns_partners_stay_in_the_subject(nlp: Language) -> None:
    """ "Modi said he and his wife would travel": both travel, not Modi alone."""
    e = one(
        events(
            nlp,
            "Prime Minister Narendra Modi said he and his wife would travel to Japan on Friday.",
        ),
        "Friday",
    )
    assert e.title.startswith("Narendra Modi and his wife would travel"), e.title


def test_a_copula_whose_complement_is_the_date_titles_its_subject(nlp: Language) -> None:
    """ "The anniversary is Saturday": the anniversary, not "Anniversary is"."""
    e = one(events(nlp, "Germany's 30th reunification anniversary is Saturday."), "Saturday")
    assert e.title == "Germany's 30th reunification anniversary", e.title
    assert one(events(nlp, "The vote is on Thursday."), "Thursday").title == "Vote"


def test_a_particle_parsed_as_an_adverb_stays_with_its_verb(nlp: Language) -> None:
    e = one(events(nlp, "Negotiations with the union fell apart last month."), "last month")
    assert e.title == "Negotiations fell apart", e.title
    e = one(events(nlp, "The merger fell through at the last minute on Monday."), "Monday")
    assert e.title.startswith("Merger fell through"), e.title


def test_a_length_counted_from_publication_dates_its_happening(nlp: Language) -> None:
    """ "within the next two or three months" is the TIMEX3 length PXM, and the happening it
    dates spans its calendar days, from publication to three months on."""
    e = one(
        events(nlp, "Xi Jinping may visit Pyongyang within the next two or three months."),
        "the next two or three months",
    )
    assert (e.start, e.end, e.granularity, e.timex_value) == (
        "2019-03-18",
        "2019-06-18",
        "range",
        "PXM",
    )
    assert e.modality == "expected"
