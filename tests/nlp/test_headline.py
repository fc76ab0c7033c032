"""Title-case headlines parse as sentences: their common words are lower-cased in the parsed
copy (same length), names and dates are not. Every text here was written for these tests."""

from __future__ import annotations

import pytest

from nkviewer.nlp.headline import sentence_cased, title_case

BODY = "\n\nThe board said the pier will reopen once the storm damage is repaired.\n"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Harbour Board Says Pier Will Reopen Saturday", True),
        ("Mayor Vows to Rebuild the Old Bridge", True),  # small words may stay in lower case
        ("Mayor to open new bridge Saturday", False),  # sentence case already
        ("Harbour Board Says Pier Will Reopen.", False),  # ends a sentence
        ("Pier Reopens", False),  # too short to tell
    ],
)
def test_title_case(line: str, expected: bool) -> None:
    assert title_case(line) is expected


def test_common_words_of_a_title_case_headline_are_lower_cased() -> None:
    text = "Harbour Board Says Pier Will Reopen Saturday" + BODY
    out = sentence_cased(text)
    assert len(out) == len(text)
    head = out.split("\n")[0]
    # "board", "pier", "will", "reopen" are written in lower case in the body; "Says" is not
    # ("said" is), "Harbour" is the first word, "Saturday" a date
    assert head == "Harbour board Says pier will reopen Saturday"
    assert out[len(head) :] == text[len(head) :]  # the rest untouched


def test_months_and_names_keep_their_capitals() -> None:
    text = "Talks May Resume in May, Says Osterberg Envoy\n\nTalks may resume, the envoy said.\n"
    head = sentence_cased(text).split("\n")[0]
    assert head == "Talks May resume in May, Says Osterberg envoy"


def test_a_word_the_article_capitalises_inside_a_sentence_stays_a_name() -> None:
    text = (
        "Harbour Court Says Pier Will Reopen Saturday\n\n"
        "The pier will reopen, the Harbour Court said, and the court says it will sit again.\n"
    )
    head = sentence_cased(text).split("\n")[0]
    assert head == "Harbour Court says pier will reopen Saturday"


def test_text_without_title_case_lines_is_returned_as_is() -> None:
    text = "Mayor to open new bridge Saturday" + BODY
    assert sentence_cased(text) is text
