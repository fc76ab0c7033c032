"""The user's own gazetteer CSV and the people's life spans: added entries, merged spellings,
offices, and bad rows reported with file and line while the rest loads."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from nkviewer.errors import InputError
from nkviewer.nlp.gazetteer import (
    bundled_paths,
    load_gazetteer,
    parse_gazetteer,
    read_user_gazetteer,
    user_paths,
)

BASE = """
[[entity]]
name = "Freedonia"
kind = "country"
demonyms = ["Freedonian"]

[[entity]]
name = "Rufus Firefly"
kind = "person"
country = "Freedonia"
born = 1890
died = 1933-11-17

[[entity]]
name = "Freedonia Gazette"
kind = "organisation"
country = "Freedonia"
news = true
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_life_spans_and_news_outlets(tmp_path: Path) -> None:
    gaz = parse_gazetteer(BASE, tmp_path / "g.toml")
    firefly = gaz.entries["Rufus Firefly"]
    assert (firefly.born, firefly.died) == (date(1890, 1, 1), date(1933, 11, 17))
    assert firefly.alive_on(date(1933, 11, 17)) and not firefly.alive_on(date(1933, 11, 18))
    assert not firefly.alive_on(date(1889, 12, 31))
    assert gaz.entries["Freedonia Gazette"].news
    assert not gaz.entries["Freedonia"].news


@pytest.mark.parametrize(
    ("entry", "fragment"),
    [
        ('name = "A"\nkind = "person"\nborn = "1890"', "`born`"),
        ('name = "A"\nkind = "person"\nborn = 1950\ndied = 1940', "`died` is before"),
        ('name = "A"\nkind = "country"\nborn = 1950', "people only"),
        ('name = "A"\nkind = "person"\nnews = true', "organisation"),
    ],
)
def test_bad_life_spans_name_the_entry(tmp_path: Path, entry: str, fragment: str) -> None:
    with pytest.raises(InputError, match=fragment):
        parse_gazetteer(f"[[entity]]\n{entry}\n", tmp_path / "g.toml")


def test_user_rows_add_people_offices_and_spellings(tmp_path: Path) -> None:
    base = _write(tmp_path, "g.toml", BASE)
    csv = _write(
        tmp_path,
        "gazetteer.csv",
        "name,kind,country,aliases,born,died,title,from,to,news\n"
        "# a comment line\n"
        "Sylvania,country,,,,,,,,\n"
        "Trentino,person,Sylvania,Ambassador Trentino;Trentino of Sylvania,1880,,"
        "ambassador,1931-01-01,1933-06-30,\n"
        "Rufus Firefly,person,,Firefly;R. T. Firefly,,,president,1932-01-01,,\n"
        "Sylvania Times,organization,Sylvania,,,,,,,yes\n",
    )
    gaz = load_gazetteer(base, user=[csv])
    assert gaz.problems == ()
    assert gaz.forms["Trentino of Sylvania"] == "Trentino"
    assert gaz.entries["Trentino"].country == "Sylvania"
    assert gaz.entries["Sylvania"].kind == "country"
    firefly = gaz.entries["Rufus Firefly"]
    assert "R. T. Firefly" in firefly.forms and "Rufus Firefly" in firefly.forms
    assert firefly.died == date(1933, 11, 17)  # kept from the bundled entry
    assert gaz.entries["Sylvania Times"].news
    ambassador = next(r for r in gaz.roles if r.country == "Sylvania")
    assert ambassador.holder(date(1932, 5, 1)) == "Trentino"
    assert ambassador.holder(date(1934, 1, 1)) == ""
    president = next(r for r in gaz.roles if r.country == "Freedonia")
    assert president.holder(date(1933, 1, 1)) == "Rufus Firefly"


def test_bad_user_rows_are_reported_with_file_and_line_and_the_rest_loads(
    tmp_path: Path,
) -> None:
    base = _write(tmp_path, "g.toml", BASE)
    csv = _write(
        tmp_path,
        "gazetteer.csv",
        "name,kind,country,aliases,born,colour\n"
        "Good One,person,Freedonia,,1900,red\n"
        ",person,Freedonia,,,\n"
        "Bad Kind,planet,,,,\n"
        "Bad Date,person,Freedonia,,19th century,\n"
        "Lost,person,Atlantis,,,\n"
        "Thief,person,Freedonia,Rufus Firefly,,\n"
        "Too Many,person,Freedonia,,,,,extra\n"
        "Good Two,organisation,Freedonia,G2,,\n",
    )
    gaz = load_gazetteer(base, user=[csv])
    assert {"Good One", "Good Two"} <= set(gaz.entries)
    for name in ("Bad Kind", "Bad Date", "Lost", "Thief", "Too Many"):
        assert name not in gaz.entries
    reasons = [p.reason for p in gaz.problems]
    assert all(p.path == str(csv) for p in gaz.problems)
    expected = [
        "line 1: unknown column(s) colour",
        "line 3: `name` is empty",
        "line 4: kind 'planet'",
        "line 5: `born` '19th century' is not a date",
        "line 6: country 'Atlantis'",
        "line 7: alias 'Rufus Firefly' already belongs to 'Rufus Firefly'",
        "line 8: 2 cell(s) more than the header",
    ]
    assert len(reasons) == len(expected)
    for want, got in zip(expected, reasons, strict=True):
        assert got.startswith(want), (want, got)


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"who,what\nA,person\n", "missing name, kind"),
        (b"name,kind\n\xff\xfe bad bytes\n", "not UTF-8"),
        (b'name,kind\n"unterminated,person\n', "not valid CSV"),
    ],
)
def test_a_broken_user_file_is_one_problem_not_an_error(
    tmp_path: Path, content: bytes, fragment: str
) -> None:
    path = tmp_path / "gazetteer.csv"
    path.write_bytes(content)
    user = read_user_gazetteer(path)
    assert user.rows == () or fragment == "not valid CSV"
    assert any(fragment in p.reason for _, p in user.problems), user.problems
    gaz = load_gazetteer(bundled_paths(), user=[path])  # the bundled entries all load
    assert "Kim Jong-un" in gaz.entries
    assert gaz.problems


def test_user_files_are_found_in_the_config_and_corpus_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config"
    corpus = tmp_path / "corpus"
    config.mkdir()
    corpus.mkdir()
    monkeypatch.setenv("NKVIEWER_CONFIG_DIR", str(config))
    assert user_paths([corpus]) == []
    (config / "gazetteer.csv").write_text("name,kind\n", encoding="utf-8")
    (corpus / "gazetteer.csv").write_text("name,kind\n", encoding="utf-8")
    assert user_paths([corpus, corpus / "a.txt"]) == [
        config / "gazetteer.csv",
        corpus / "gazetteer.csv",
    ]


@pytest.mark.model
def test_a_corpus_folder_gazetteer_names_its_people_and_reports_its_bad_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nkviewer.corpus.options import LoadOptions
    from nkviewer.corpus.pipeline import extract_frame

    monkeypatch.setenv("NKVIEWER_CONFIG_DIR", str(tmp_path / "config"))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "Pact signed\n\nThe Freedonian leader Rufus Firefly met Ambassador Trentino of "
        "Sylvania in Geneva on March 3, 2021 to sign the pact.\n",
        encoding="utf-8",
    )
    (corpus / "gazetteer.csv").write_text(
        "name,kind,country,aliases,born,died,title,from,to\n"
        "Freedonia,country,,,,,,,\n"
        "Sylvania,country,,,,,,,\n"
        "Rufus Firefly,person,Freedonia,Firefly,1890,,leader,2019-01-01,\n"
        "Trentino,person,Sylvania,Ambassador Trentino,,,,,\n"
        "Bad Row,planet,,,,,,,\n",
        encoding="utf-8",
    )
    frame, problems = extract_frame([corpus], LoadOptions(jobs=1, use_cache=False))
    (event,) = frame.to_dict("records")
    assert event["actors"][:2] == ["Rufus Firefly", "Trentino"]
    assert event["lane"] == "Freedonia"  # a country only the user's file knows
    (problem,) = problems
    assert problem.path == str(corpus / "gazetteer.csv") and "line 6" in problem.reason
    assert len(frame) == 1  # the gazetteer was read as names, not as an article
