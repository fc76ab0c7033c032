"""The five seed articles: titles, dates (manifest and printed), junk spans, untouched prose."""

from __future__ import annotations

import pickle
import shutil
from datetime import date
from pathlib import Path

import pytest

from nkviewer.ingest import Document, read_source, scan

# Every junk line of each seed (a line listed twice is printed twice). Everything else in a
# seed is article text (title, deck, prose, stamps) and must not be touched by any junk span.
EXPECTED_JUNK: dict[str, list[str]] = {
    "000": [
        "US Director of National Intelligence Dan Coats",
        "US Director of National Intelligence Dan Coats",
        "By Kim Oi-hyun, Beijing correspondent",
        "Please direct questions or comments to []",
        "button that move to original korean article (클릭시 원문으로 이동하는 버튼)",
        "Related stories",
        "Most viewed articles",
    ],
    "001": [
        "Home > National > Politics",
        "print dictionary print",
        "North beefing up ties with its traditional allies",  # the headline printed again
        "Log in to Twitter or Facebook account to connect",
        "with the Korea JoongAng Daily",
        "help-image Social comment?",
        "lock icon",
        "To write comments, please log in to one of the accounts.",
        "Standards Board Policy (0/250자)",
    ],
    "002": ["• 5 years ago", "Oh Jung-hee, Arirang News.", "Recommended"],
    "003": [
        "Find Us",
        "FILE - A huge North Korean flag is displayed during a celebration of the nation's 73rd "
        "anniversary at Kim Il Sung Square",
        "FILE - A huge North Korean flag is displayed during a celebration of the nation's 73rd "
        "anniversary at Kim Il Sung Square Copyright\xa0North Korean handout",
        "Copyright\xa0North Korean handout",
        "By\xa0Daniel Bellamy with\xa0AP",
        "Share this articleComments",
        "Share this articleClose Button",
        "Share this articleComments",
        "You might also like",
        "'Kim Jong Unsanitary': What do North Korea's trash balloons really mean?",
        "North Korean leader Kim Jong-un commemorates death of chief propagandist",
        "North Korea says Putin could visit at an 'early date' amid US tensions",
    ],
    "004": [
        "Vladimir Putin, left, and Kim Jong-un. (Korea Times file)",
        "Vladimir Putin, left, and Kim Jong-un. (Korea Times file)",
    ],
}

TITLES = {
    "000": "Kim Jong-un reportedly receives invitation to visit Moscow",
    "001": "North beefing up ties with its traditional allies",
    "002": "N. Korea to coordinate with China, Russia to strengthen leverage against U.S.: experts",
    "003": "China's VP to visit North Korea shortly after Kim due to meet Putin",
    "004": "China says Kim’s possible visit to Russia ‘conducive to peace’",
}

MANIFEST_DATES = {
    "000": date(2018, 4, 6),
    "001": date(2019, 3, 18),
    "002": date(2019, 4, 29),
    "003": date(2023, 9, 7),
    "004": date(2015, 1, 22),
}


def _read_all(folder: Path) -> dict[str, Document]:
    found = scan([folder])
    assert found.problems == []
    docs: dict[str, Document] = {}
    for source in found.files:
        result = read_source(source)
        assert result.problems == [], result.problems
        (doc,) = result.documents
        docs[source.relpath[:3]] = doc
    return docs


@pytest.fixture(scope="module")
def seed_docs(seeds_dir: Path) -> dict[str, Document]:
    return _read_all(seeds_dir)


@pytest.fixture(scope="module")
def seed_docs_without_manifest(
    seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Document]:
    folder = tmp_path_factory.mktemp("seeds-no-manifest")
    for path in seeds_dir.glob("*.txt"):
        shutil.copy(path, folder / path.name)
    return _read_all(folder)


def test_all_five_seeds_are_read(seed_docs: dict[str, Document]) -> None:
    assert sorted(seed_docs) == ["000", "001", "002", "003", "004"]


def test_text_is_the_file_exactly(seed_docs: dict[str, Document], seeds_dir: Path) -> None:
    for doc in seed_docs.values():
        assert doc.text == Path(doc.path).read_text(encoding="utf-8")
        assert doc.encoding == "utf-8"
        assert Path(doc.path).is_absolute()


@pytest.mark.parametrize("seed", sorted(TITLES))
def test_titles(seed_docs: dict[str, Document], seed: str) -> None:
    doc = seed_docs[seed]
    assert doc.title == TITLES[seed]
    assert doc.title_span is not None
    assert doc.text[doc.title_span.start : doc.title_span.end] == TITLES[seed]


@pytest.mark.parametrize("seed", sorted(MANIFEST_DATES))
def test_published_from_manifest(seed_docs: dict[str, Document], seed: str) -> None:
    published = seed_docs[seed].published
    assert published.value == MANIFEST_DATES[seed]
    assert published.precision == "day"
    assert published.source == "manifest"


def test_manifest_fields(seed_docs: dict[str, Document]) -> None:
    assert seed_docs["000"].source == "Hankyoreh"
    assert seed_docs["001"].url.startswith("https://koreajoongangdaily.joins.com/2019/03/18/")
    assert seed_docs["000"].url == ""
    assert seed_docs["002"].meta["note"].startswith("approximate")
    assert seed_docs["003"].meta == {
        "relpath": "003_9a86afba15384e2a.txt",
        "format": "txt",
        "note": "date from the article's address",
    }


def test_published_printed_in_text_without_manifest(
    seed_docs_without_manifest: dict[str, Document],
) -> None:
    docs = seed_docs_without_manifest
    assert docs["000"].published.value == date(2018, 4, 6)
    assert docs["000"].published.source == "text"
    assert docs["000"].published.text == "Posted on : 2018-04-06 17:29 KST"
    assert docs["004"].published.value == date(2015, 1, 22)
    assert docs["004"].published.source == "text"
    assert docs["004"].published.text == "January 22, 2015"
    # Nothing printed: the nlp layer infers these from content.
    for seed in ("001", "002", "003"):
        assert not docs[seed].published.is_known
        assert docs[seed].published.source == "unknown"


def test_modified_stamp_is_recorded_but_never_the_publication_date(
    seed_docs_without_manifest: dict[str, Document],
) -> None:
    doc = seed_docs_without_manifest["000"]
    stamps = {(doc.text[s.start : s.end], s.kind) for s in doc.stamps}
    assert stamps == {
        ("Posted on : 2018-04-06 17:29 KST", "published"),
        ("Modified on : 2019-10-19 20:29 KST", "modified"),
    }
    assert doc.published.value != date(2019, 10, 19)


def test_dateline_stamp_and_yonhap_dateline_is_not_a_date(
    seed_docs: dict[str, Document],
) -> None:
    doc = seed_docs["004"]
    assert [(doc.text[s.start : s.end], s.kind) for s in doc.stamps] == [
        ("January 22, 2015", "published"),
        ("BEIJING (Yonhap) —", "dateline"),  # metadata: its city is no actor, no title word
    ]
    assert doc.dateline is not None
    line = doc.dateline
    assert (line.city, line.agency, line.month) == ("BEIJING", "Yonhap", None)
    for seed in ("001", "002", "003"):
        assert seed_docs[seed].stamps == []


@pytest.mark.parametrize("seed", sorted(EXPECTED_JUNK))
def test_junk_spans_are_exactly_the_junk_lines(seed_docs: dict[str, Document], seed: str) -> None:
    doc = seed_docs[seed]
    found = [doc.text[s.start : s.end] for s in doc.junk]
    assert found == EXPECTED_JUNK[seed]
    assert all(s.kind for s in doc.junk)


@pytest.mark.parametrize("seed", sorted(EXPECTED_JUNK))
def test_article_prose_survives(seed_docs: dict[str, Document], seed: str) -> None:
    """Every line that is not listed as junk is untouched by junk spans (title, deck, prose)."""
    doc = seed_docs[seed]
    covered = [False] * len(doc.text)
    for span in doc.junk:
        for i in range(span.start, span.end):
            covered[i] = True
    pos = 0
    junk_left = list(EXPECTED_JUNK[seed])
    for raw in doc.text.split("\n"):
        line = raw.strip()
        start = pos + (len(raw) - len(raw.lstrip()))
        pos += len(raw) + 1
        if not line:
            continue
        marked = covered[start : start + len(line)]
        if all(marked) and line in junk_left:
            junk_left.remove(line)
        else:
            assert not any(marked), f"prose marked as junk: {line!r}"
    assert junk_left == []


def test_junk_kinds(seed_docs: dict[str, Document]) -> None:
    def kinds(seed: str) -> dict[str, str]:
        doc = seed_docs[seed]
        return {doc.text[s.start : s.end]: s.kind for s in doc.junk}

    assert kinds("000")["By Kim Oi-hyun, Beijing correspondent"] == "byline"
    assert kinds("000")["Related stories"] == "related"
    assert kinds("000")["US Director of National Intelligence Dan Coats"] == "caption-duplicate"
    assert kinds("001")["Home > National > Politics"] == "breadcrumb"
    assert kinds("001")["North beefing up ties with its traditional allies"] == "title-duplicate"
    assert kinds("001")["lock icon"] == "button"
    assert kinds("001")["Standards Board Policy (0/250자)"] == "comment-login"
    assert kinds("002")["• 5 years ago"] == "time-ago"
    assert kinds("003")["Share this articleClose Button"] == "share-button"
    assert kinds("003")["By\xa0Daniel Bellamy with\xa0AP"] == "byline"
    assert kinds("003")["You might also like"] == "related"
    assert kinds("004")["Vladimir Putin, left, and Kim Jong-un. (Korea Times file)"] == "caption"


def test_authors_from_bylines(seed_docs: dict[str, Document]) -> None:
    assert seed_docs["000"].author == "Kim Oi-hyun"
    assert seed_docs["003"].author == "Daniel Bellamy"


def test_doc_ids_are_stable_and_distinct(seed_docs: dict[str, Document], seeds_dir: Path) -> None:
    again = _read_all(seeds_dir)
    assert {k: d.doc_id for k, d in again.items()} == {k: d.doc_id for k, d in seed_docs.items()}
    assert len({d.doc_id for d in seed_docs.values()}) == 5


def test_documents_pickle_and_round_trip_json(seed_docs: dict[str, Document]) -> None:
    for doc in seed_docs.values():
        assert pickle.loads(pickle.dumps(doc)) == doc
        assert Document.from_json(doc.to_json()) == doc


def test_source_files_pickle(seeds_dir: Path) -> None:
    found = scan([seeds_dir])
    assert pickle.loads(pickle.dumps(found.files)) == found.files
