"""Entity recognition and resolution: the gazetteer, roles, the several Kims, sides, capitals."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from nkviewer.ingest.document import Document, PublishedDate, Span
from nkviewer.nlp.parsed import EntitySpan, ParsedDocument

if TYPE_CHECKING:
    from spacy.language import Language

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def nlp() -> Language:
    from nkviewer.nlp.model import load_pipeline
    from nkviewer.nlp.parse import configure_pipeline

    return configure_pipeline(load_pipeline())  # cached: one pipeline for every test module


def parse(
    nlp: Language, text: str, day: date | None = date(2019, 3, 18), junk: list[Span] | None = None
) -> ParsedDocument:
    from nkviewer.nlp.parse import parse_document

    published = PublishedDate.day(day, "manifest") if day else PublishedDate.unknown()
    doc = Document("d1", "/tmp/d1.txt", text, published=published, junk=junk or [])
    return parse_document(doc, nlp)


def at(parsed: ParsedDocument, needle: str, nth: int = 0) -> EntitySpan:
    """The entity starting at the nth occurrence of `needle` in the text."""
    text = parsed.document.text
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(needle, pos + 1)
    found = [e for e in parsed.entities if e.start == pos]
    assert found, f"no entity at {needle!r} #{nth}: {[(e.text, e.start) for e in parsed.entities]}"
    return found[0]


def test_configure_pipeline_is_idempotent(nlp: Language) -> None:
    from nkviewer.nlp.parse import RULER, configure_pipeline

    names = list(nlp.pipe_names)
    assert configure_pipeline(nlp) is nlp
    assert nlp.pipe_names == names
    assert names.index(RULER) < names.index("ner")  # gazetteer matches win over NER


def test_spelling_variants_share_one_canonical(nlp: Language) -> None:
    p = parse(
        nlp,
        "Kim Jong Un met Sergei Lavrov in Pyeongyang. Choe Son Hui and Ri Yong Ho were there. "
        "Kim Jong-un later thanked the DPRK delegation.",
    )
    assert at(p, "Kim Jong Un").canonical == "Kim Jong-un"
    assert at(p, "Sergei Lavrov").canonical == "Sergey Lavrov"
    assert at(p, "Pyeongyang").canonical == "Pyongyang"
    assert at(p, "Choe Son Hui").canonical == "Choe Son-hui"
    assert at(p, "Ri Yong Ho").canonical == "Ri Yong-ho"
    assert at(p, "DPRK").canonical == "North Korea"


def test_the_several_kims(nlp: Language) -> None:
    text = (
        "North Korean leader Kim Jong-un held a summit with Xi Jinping in Beijing. "
        "Pyongyang also sent diplomat Kim Hyok-chol to Hanoi. "
        "Neither side confirmed this. "
        "Kim of the State Affairs Commission met Stephen Biegun. "
        "Kim Yong-chol was later replaced. "
        "Analysts said the talks went well. "
        "Officials were pleased. "
        "Kim pledged another summit with Xi. "
        "Crowds gathered at Kim Il Sung Square.\n"
        "By Kim Oi-hyun, Beijing correspondent"
    )
    p = parse(nlp, text)
    assert at(p, "Kim of the").canonical == "Kim Hyok-chol"  # the full Kim just before
    assert at(p, "Kim pledged").canonical == "Kim Jong-un"  # far back + summit: the leader
    assert at(p, "Kim Yong-chol").canonical == "Kim Yong-chol"
    assert at(p, "Kim Oi-hyun").canonical == "Kim Oi-hyun"  # a byline stays its own person
    square = at(p, "Kim Il Sung Square")
    assert (square.kind, square.canonical) == ("place", "Kim Il Sung Square")
    assert not any(e.canonical == "Kim Il Sung" for e in p.entities)


def test_bare_kim_before_any_full_name_is_the_leader_of_the_day(nlp: Language) -> None:
    text = "Kim due to meet Putin.\nIt would be his first trip since North Korea shut its borders."
    p = parse(nlp, text, day=date(2023, 9, 7))
    assert at(p, "Kim due").canonical == "Kim Jong-un"
    assert at(p, "Putin").canonical == "Vladimir Putin"


def test_descriptions_resolve_by_date(nlp: Language) -> None:
    text = "The North Korean leader met the Russian president in Vladivostok."
    p2010 = parse(nlp, text, day=date(2010, 6, 1))
    assert at(p2010, "The North Korean leader").canonical == "Kim Jong-il"
    assert at(p2010, "the Russian president").canonical == "Dmitry Medvedev"
    p2019 = parse(nlp, text, day=date(2019, 4, 25))
    assert at(p2019, "The North Korean leader").canonical == "Kim Jong-un"
    assert at(p2019, "the Russian president").canonical == "Vladimir Putin"


def test_surnames_resolve_within_the_document(nlp: Language) -> None:
    p = parse(
        nlp,
        "North Korean Vice Foreign Minister Im Chon-il met Igor Morgulov. "
        "Im also met with Sergey Vershinin on Saturday. "
        "China's foreign ministry spokeswoman Hua Chunying spoke. Hua said little. "
        "Xi stayed home.",
    )
    assert at(p, "Im also").canonical == "Im Chon-il"
    assert at(p, "Hua said").canonical == "Hua Chunying"
    assert at(p, "Xi stayed").canonical == "Xi Jinping"


@pytest.mark.parametrize(
    ("sentence", "name", "side"),
    [
        ("Russian Deputy Foreign Minister Ivan Petrovsky spoke.", "Ivan Petrovsky", "Russia"),
        ("North Korean Vice Foreign Minister Ri Chang-ho spoke.", "Ri Chang-ho", "North Korea"),
        ("Zhang Wenlong, China's deputy foreign minister, spoke.", "Zhang Wenlong", "China"),
        ("Mikhail Orlov, a Russian senator, said the visit went well.", "Mikhail Orlov", "Russia"),
        ("U.S. Ambassador Mark Whitfield spoke.", "Mark Whitfield", "United States"),
        ("Lee Dong-min, a professor of North Korean studies, spoke.", "Lee Dong-min", ""),
    ],
)
def test_affiliation_from_title_or_apposition(
    nlp: Language, sentence: str, name: str, side: str
) -> None:
    p = parse(nlp, sentence)
    person = at(p, name)
    assert (person.kind, person.country) == ("person", side)


def test_capitals_are_governments_in_political_sentences_only(nlp: Language) -> None:
    p = parse(
        nlp,
        "Beijing and Moscow are broadening their connections with Pyongyang. "
        "Ri Yong-ho met Sergey Lavrov in Moscow.",
    )
    assert at(p, "Beijing").canonical == "China"
    assert at(p, "Moscow").canonical == "Russia"
    assert at(p, "Pyongyang").canonical == "North Korea"
    place = at(p, "Moscow", 1)
    assert (place.canonical, place.kind, place.country) == ("Moscow", "place", "Russia")


def test_the_north_needs_north_korea_in_the_document(nlp: Language) -> None:
    with_nk = parse(nlp, "North Korea fired a missile. The North said it was a test.")
    assert at(with_nk, "The North").canonical == "North Korea"
    without = parse(nlp, "Storms hit the North of England on Monday.")
    assert not any(e.canonical == "North Korea" for e in without.entities)


def test_junk_gets_no_entities(nlp: Language) -> None:
    text = "Putin met Xi in Moscow.\nMost viewed: Kim Jong-un visits Russia\n"
    junk = Span(text.index("Most"), text.index("Russia") + len("Russia"), "related")
    p = parse(nlp, text, junk=[junk])
    assert all(e.end <= junk.start for e in p.entities)
    assert [(s.start, s.end, s.junk) for s in p.sentences] == [(0, 23, False)]


def test_entity_offsets_are_exact(nlp: Language, seeds_dir: Path) -> None:
    from nkviewer.ingest import read_document
    from nkviewer.nlp.parse import parse_document

    doc = read_document(seeds_dir / "001_299aeecd3ab3c2fd.txt")
    p = parse_document(doc, nlp)
    assert p.entities
    for e in p.entities:
        assert doc.text[e.start : e.end] == e.text
        assert e.label in {"PERSON", "NORP", "ORG", "GPE", "LOC", "FAC", "EVENT"}


def test_seed_resolutions(nlp: Language, seeds_dir: Path) -> None:
    from nkviewer.ingest import read_document
    from nkviewer.nlp.parse import parse_documents

    names = ["000_60a880fe1431ab5b", "001_299aeecd3ab3c2fd", "002_18bbfce1784db9f7"]
    docs = [read_document(seeds_dir / f"{n}.txt") for n in names]
    s000, s001, s002 = parse_documents(docs, nlp)
    assert at(s000, "Kim]").canonical == "Kim Jong-un"
    byline = s000.document.text.index("By Kim Oi-hyun")
    assert any(j.start <= byline < j.end for j in s000.document.junk)  # ingest: a byline
    assert not any(e.start >= byline and e.end <= byline + 40 for e in s000.entities)
    assert at(s001, "Kim of the North").canonical == "Kim Hyok-chol"
    assert at(s001, "Im also").canonical == "Im Chon-il"
    assert at(s001, "The North’s").canonical == "North Korea"
    assert at(s002, "Kim and Xi").canonical == "Kim Jong-un"
    assert at(s002, "the North Korean leader").canonical == "Kim Jong-un"
