"""Title-case headlines parse as sentences: their common words are lower-cased in the parsed
copy (same length), names and dates are not. Every text here was written for these tests."""

from __future__ import annotations

import pytest
from wrapped_lead import LEAD

from nkviewer.nlp.headline import headline_ends, headline_lines, sentence_cased, title_case

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


# ------------------------------------------------- a headline right above a hard-wrapped lead


def _break_after(text: str, line: str) -> int:
    """Offset of the line break that ends `line` in `text`."""
    return text.index(line) + len(line)


@pytest.mark.parametrize(
    "head",
    [
        # the lead's first word would have fitted on the line: a line end of its own
        "Harbour Board Says Pier Will Reopen Saturday",
        "Osterberg Harbour Board Says the Old Pier Will Reopen on Saturday",
        # as wide as the text, but its words are the article's common words in capitals
        "Harbour Board Says Storm-Damaged Pier Will Reopen to Ferries Saturday",
        # in quotes, or of two title-case lines
        '"Old Pier Will Reopen," Harbour Board Tells Ferry Operators',
        "Storm-Hit Pier in Osterberg Harbour\nWill Reopen to Ferries on Saturday",
    ],
)
def test_a_title_case_headline_above_a_wrapped_lead_ends_at_its_line(head: str) -> None:
    text = head + "\n" + LEAD
    assert headline_ends(text) == {_break_after(text, head)}


def test_a_headline_above_a_dateline_and_after_a_blank_line() -> None:
    lead = "OSTERBERG, March 3 (Wire) - " + LEAD[: LEAD.index("\n") - 28] + LEAD[LEAD.index("\n") :]
    head = "Harbour Board Says Pier Will Reopen Saturday"
    text = "By Ana Lind\n\n" + head + "\n" + lead
    assert headline_ends(text) == {_break_after(text, head)}


def test_a_headline_above_its_byline() -> None:
    head = "Storm-Hit Pier in Osterberg Harbour Will Reopen Saturday"
    text = head + "\nBy Ana Lind\n" + LEAD
    assert headline_ends(text) == {_break_after(text, head)}


@pytest.mark.parametrize(
    ("first", "rest"),
    [
        # a paragraph that opens with names, cut inside a name where the next word did not fit
        (
            "President Ana Lind of Osterberg and the Haldian Prime Minister Piet",
            "Vanderberg met on Tuesday in the old harbour town to talk about",
        ),
        # cut after a small word or a comma: the sentence runs on
        (
            "President Ana Lind of Osterberg and Prime Minister Piet Vos of",
            "Haldia met on Tuesday in the old harbour town to talk about the",
        ),
        (
            "President Ana Lind of Osterberg, Prime Minister Piet Vos of Haldia,",
            "Governor Jon Berg and the mayor met on Tuesday in the old town",
        ),
        # the next line runs on in lower case
        ("Harbour Board Says Pier Will Reopen Saturday", "and the ferries will sail again"),
    ],
)
def test_a_wrapped_paragraphs_first_line_is_no_headline(first: str, rest: str) -> None:
    text = first + "\n" + rest + "\n" + LEAD
    assert headline_ends(text) == frozenset()


def test_a_title_case_line_inside_a_paragraph_is_no_headline() -> None:
    line = "Harbour Board Says Pier Will Reopen Saturday"
    text = LEAD + line + "\n" + LEAD
    assert headline_ends(text) == frozenset()


def test_text_that_is_not_hard_wrapped_has_no_wrapped_headline() -> None:
    text = "Harbour Board Says Pier Will Reopen Saturday\n" + LEAD.replace("\n", " ") + "\n"
    assert headline_ends(text) == frozenset()


# ------------------------------------------------- only headlines are read in sentence case

#: A hard-wrapped paragraph whose first line looks like a title-case headline (written for
#: these tests): it is the subject of the sentence the next line goes on with.
PARAGRAPH = (
    "Lund Opens New Pier for Larger Ferries\n\n"
    "The Prime Minister and the Harbour Master of Lund\n"
    "opened the new pier in the old port on Monday, officials said.\n"
    "The minister said the pier would take the larger ferries, and the\n"
    "master of the harbour said the board would meet again in May.\n"
)


def test_a_title_case_line_that_opens_a_paragraph_is_not_lower_cased() -> None:
    out = sentence_cased(PARAGRAPH)
    assert "The Prime Minister and the Harbour Master of Lund\n" in out
    # the headline above it still is: "new", "pier", "larger", "ferries" are common words
    assert out.startswith("Lund Opens new pier for larger ferries\n\n")
    assert len(out) == len(PARAGRAPH)
    assert headline_lines(PARAGRAPH) == [0]


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("Harbour Board Says Pier Will Reopen Saturday" + BODY, [0]),  # a blank line after
        ("Harbour Board Says Pier Will Reopen Saturday", [0]),  # the whole text
        # not hard-wrapped: a next line that opens a sentence is a sentence of its own
        ("Harbour Board Says Pier Will Reopen Saturday\nThe board said so.\n", [0]),
        # ... one in lower case goes on with the line's sentence
        ("Harbour Board Says Pier Will Reopen Saturday\nand the board said so.\n", []),
        # inside a paragraph, after a line of text
        ("The board met.\nHarbour Board Says Pier Will Reopen Saturday\n\nThe end.\n", []),
    ],
)
def test_headline_lines(text: str, lines: list[int]) -> None:
    assert headline_lines(text) == lines


# ------------------------------------------- a sentence-case headline above a hard-wrapped lead


@pytest.mark.parametrize(
    "head",
    [
        # the lead's first word would have fitted on the line
        "Harbour board says old pier will reopen to ferries on Saturday",
        "Osterberg pier to reopen on Saturday after storm repairs",
        "U.S. envoy says ferry talks in Osterberg resume on Monday",  # abbreviations inside
        # wider than every line of the text: not cut at its wrap width
        "Storm-hit pier in Osterberg will reopen to ferries and fishing boats on Saturday",
    ],
)
def test_a_sentence_case_headline_above_a_wrapped_lead_ends_at_its_line(head: str) -> None:
    text = head + "\n" + LEAD
    assert headline_ends(text) == {_break_after(text, head)}


def test_a_sentence_case_headline_after_a_byline_and_above_a_dateline() -> None:
    lead = "OSTERBERG, March 3 (Wire) - " + LEAD[: LEAD.index("\n") - 28] + LEAD[LEAD.index("\n") :]
    head = "Harbour board says old pier will reopen on Saturday"
    text = "By Ana Lind\n\n" + head + "\n" + lead
    assert headline_ends(text) == {_break_after(text, head)}


@pytest.mark.parametrize(
    ("first", "rest"),
    [
        # a wrapped paragraph's first line, cut where the next word (a name) did not fit
        (
            "The ministers of the twelve countries in the pact met the envoy",
            "Osterberg sent to the talks and agreed to cut the tariffs by half.",
        ),
        # ... indented: the indent counts in its width
        (
            "    The harbour board said on Tuesday that the old pier would be",
            "Osterberg's first to reopen once its timber deck was repaired.",
        ),
        # cut after a small word or a comma: the sentence runs on
        (
            "The harbour board said on Tuesday that the pier would reopen to",
            "Ferries and fishing boats once the storm damage had been repaired.",
        ),
        (
            "The board thanked its divers, the crews of the two ferries,",
            "Osterberg's fire brigade and the volunteers who cleared the deck.",
        ),
        # a line that holds a sentence end is no headline
        ("The pier was shut. The board said it will reopen on Saturday", "Ferries will return."),
        # the next line runs on in lower case
        ("Harbour board says old pier will reopen to ferries on Saturday", "and fishing boats"),
    ],
)
def test_a_wrapped_paragraphs_first_line_in_sentence_case_is_no_headline(
    first: str, rest: str
) -> None:
    text = LEAD + "\n" + first + "\n" + rest + "\n\n" + LEAD
    assert headline_ends(text) == frozenset()


# ------------------------------- a sentence-case headline wrapped over two lines above the lead


@pytest.mark.parametrize(
    "head",
    [
        "Osterberg harbour board says the old pier will reopen to\nferries on Saturday",
        "Storm-hit pier in Osterberg will reopen on Saturday after\nthree weeks of repairs",
        # the second line as wide as a wrapped one, but the lead's first word would have fitted
        "Osterberg harbour board says the old pier will reopen to\n"
        "ferries and fishing boats on Saturday once the deck is fixed",
    ],
)
def test_a_two_line_sentence_case_headline_above_a_wrapped_lead_ends_at_its_second_line(
    head: str,
) -> None:
    text = head + "\n" + LEAD
    assert headline_ends(text) == {_break_after(text, head)}


@pytest.mark.parametrize(
    "head",
    [
        # the second line is a byline: the headline is the first line alone, if anything
        "Osterberg harbour board says the old pier will reopen to ferries on\nBy Ana Lind",
        # the second line ends a sentence, or stops on a small word: the sentence runs on
        "The harbour board met on Tuesday and said that the old pier would\nreopen soon.",
        "The harbour board met on Tuesday and said that the old pier would\nreopen to the",
    ],
)
def test_two_lines_that_are_no_headline(head: str) -> None:
    text = head + "\n" + LEAD
    assert headline_ends(text) == frozenset()
