"""Publication dates from what an article prints, when no manifest gives one (texts written
here): a yearless wire dateline takes its year from the content, a printed "updated" day is the
publication day when the lead's own day is that day, a numeric date that reads two ways is
settled by the content, and nothing contradicts a printed date."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pytest

from nkviewer.ingest.article import Origin, build_document
from nkviewer.ingest.document import PublishedDate

if TYPE_CHECKING:
    from spacy.language import Language

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def nlp() -> Language:
    from nkviewer.nlp.model import load_pipeline
    from nkviewer.nlp.parse import configure_pipeline

    return configure_pipeline(load_pipeline())  # cached: one pipeline for every test module


def anchor(nlp: Language, text: str) -> PublishedDate:
    from nkviewer.nlp.anchor import document_anchor
    from nkviewer.nlp.parse import parse_document, pipeline_gazetteer

    document = build_document(text, Origin(path="/tmp/a.txt", relpath="a.txt", format="txt"))
    parsed = parse_document(document, nlp)
    return document_anchor(
        document, parsed.timexes, entities=parsed.entities, gazetteer=pipeline_gazetteer(nlp)
    )


def test_a_yearless_dateline_takes_the_year_its_weekday_and_officials_allow(
    nlp: Language,
) -> None:
    # 14 June fell on a Thursday in 2018 and 2029; Moon Jae-in was president from 2017 to 2022
    text = (
        "Koreas agree on military talks\n\n"
        "SEOUL, June 14 (Yonhap) -- The two Koreas agreed on Thursday to hold general-level "
        "military talks, South Korean President Moon Jae-in's office said.\n"
    )
    a = anchor(nlp, text)
    assert (a.iso(), a.source) == ("2018-06-14", "text")
    assert "year 2018 from the content" in a.text


def test_a_yearless_dateline_with_nothing_to_fix_its_year_stays_unknown(nlp: Language) -> None:
    text = "Talks\n\nGENEVA, May 3 (Reuters) - Delegates met on Tuesday to discuss water rights.\n"
    assert not anchor(nlp, text).is_known


def test_an_update_stamp_is_the_publication_day_when_the_lead_happened_that_day(
    nlp: Language,
) -> None:
    text = (
        "Ministers present a draft\n\nLatest update : 2016-11-16\n\n"
        "The environment ministers on Wednesday presented a new draft of the accord in "
        "Marrakesh, two days before the conference ends.\n"
    )  # 16 November 2016 was a Wednesday
    assert anchor(nlp, text).iso() == "2016-11-16"
    other_day = text.replace("on Wednesday", "on Monday")
    a = anchor(nlp, other_day)
    assert not a.is_day  # an honest range, or unknown, never a made-up day
    assert not a.is_known or (a.latest is not None and a.latest <= date(2016, 11, 16))


def test_a_numeric_date_that_reads_two_ways_is_settled_by_the_content(nlp: Language) -> None:
    # 03/09/2017: 9 March or 3 September; the story speaks of early March
    text = (
        "Summit in Brussels\n\n• 03/09/2017\n\n"
        "European leaders met in Brussels on Thursday, a week after the March 2 vote.\n"
    )
    assert anchor(nlp, text).iso() == "2017-03-09"
    autumn = text.replace("the March 2 vote", "the August 31 vote")
    assert anchor(nlp, autumn).iso() == "2017-09-03"


def test_a_yearless_dateline_never_yields_a_range_that_misses_its_day(nlp: Language) -> None:
    # 15 September fell on a Tuesday in 2020 and in 2026, both in a Trump term: no year
    # wins, and no inferred range may leave out the printed day
    text = (
        "Accords signed\n\n"
        "WASHINGTON, Sep 15 (APP): The two states signed the accords on Tuesday at a ceremony "
        "presided over by U.S. President Donald Trump, weeks after the Abraham Accords were "
        "announced.\n"
    )
    a = anchor(nlp, text)
    assert not a.is_known or (a.is_day and (a.value.month, a.value.day) == (9, 15))  # type: ignore[union-attr]
