"""`nkviewer dates FILE`: one JSON object per expression, errors exit 2."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import SEEDS

from nkviewer.cli.main import main

FIELDS = {
    "start",
    "end",
    "text",
    "type",
    "value",
    "granularity",
    "first",
    "last",
    "mod",
    "uncertain",
    "tense",
    "anchor",
    "range",
}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict], str]:
    code = main(["dates", *args])
    out, err = capsys.readouterr()
    rows = [json.loads(line) for line in out.splitlines() if line.strip()]
    return code, rows, err


def seed_file(name: str) -> Path:
    return next(SEEDS.glob(f"{name}_*.txt"))


def test_json_lines_with_offsets_into_the_text(capsys: pytest.CaptureFixture[str]) -> None:
    path = seed_file("001")
    code, rows, err = run(capsys, str(path), "--dct", "2019-03-18", "--no-parser")
    assert code == 0
    assert "2019-03-18" in err
    assert rows and all(set(r) == FIELDS for r in rows)
    from nkviewer.ingest import read_document

    text = read_document(path).text
    for r in rows:
        assert text[r["start"] : r["end"]] == r["text"]
    by_text = {r["text"]: r for r in rows}
    assert by_text["Feb. 28"]["value"] == "2019-02-28"
    assert by_text["last month"]["value"] == "2019-02"
    assert by_text["six-day"]["type"] == "DURATION" and by_text["six-day"]["first"] is None
    assert {r["type"] for r in rows} <= {"DATE", "TIME", "DURATION", "SET"}


def test_without_dct_uses_the_manifest_date(capsys: pytest.CaptureFixture[str]) -> None:
    code, rows, err = run(capsys, str(seed_file("003")), "--no-parser")
    assert code == 0
    assert "2023-09-07 (manifest)" in err
    values = {r["text"]: r["value"] for r in rows}
    assert values["Last month"] == "2023-08"


def test_stamps_are_left_out_unless_all(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    src = seed_file("000")
    target = tmp_path / "article.txt"  # no manifest here: the printed stamp dates it
    shutil.copy(src, target)
    code, rows, err = run(capsys, str(target), "--no-parser")
    assert code == 0
    assert "2018-04-06" in err
    assert not any(r["text"].startswith("2019-10-19") for r in rows)
    code, rows, _ = run(capsys, str(target), "--no-parser", "--all")
    assert any(r["text"].startswith("2019-10-19") for r in rows)


def test_unknown_anchor_still_lists_expressions(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "plain.txt"
    target.write_text("Talks\n\nThey met last month and again on April 5, 2018.", encoding="utf-8")
    code, rows, _ = run(capsys, str(target), "--no-parser")
    assert code == 0
    values = {r["text"]: r["value"] for r in rows}
    assert values["April 5, 2018"] == "2018-04-05"


@pytest.mark.parametrize("dct", ["2019-13-01", "yesterday", "18/03/2019"])
def test_bad_dct_exits_2(capsys: pytest.CaptureFixture[str], dct: str) -> None:
    code, rows, err = run(capsys, str(seed_file("001")), "--dct", dct, "--no-parser")
    assert code == 2 and not rows
    assert "YYYY-MM-DD" in err or "not a calendar date" in err


def test_missing_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, rows, err = run(capsys, str(tmp_path / "missing.txt"), "--no-parser")
    assert code == 2 and not rows
    assert "missing.txt" in err


@pytest.mark.model
def test_with_the_parser(capsys: pytest.CaptureFixture[str]) -> None:
    code, rows, _ = run(capsys, str(seed_file("003")), "--dct", "2023-09-07")
    assert code == 0
    values = {r["text"]: r["value"] for r in rows}
    assert values["Saturday"] == "2023-09-09"
    # a range is printed as its two ends (TimeML's TIMEX3s), each with the whole range
    ranged = {r["text"]: r for r in rows if r["range"] == "2023-09-10/2023-09-13"}
    assert ranged["Sunday"]["value"] == "2023-09-10"
    assert ranged["Wednesday"]["value"] == "2023-09-13"


@pytest.mark.model
def test_the_datelines_day_is_not_listed_with_the_parser(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # the parse dates a lead that tells no day by its dateline: that day is still metadata
    path = tmp_path / "wire.txt"
    path.write_text(
        "Oil up\n\nNEW YORK, Aug. 5 (AP) -- Oil importers face a week of pain.\n",
        encoding="utf-8",
    )
    code, rows, _ = run(capsys, str(path), "--dct", "1990-08-05")
    assert code == 0
    assert [r["text"] for r in rows] == ["a week"]


def test_anchor_provenance_and_year_ranges(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "story.txt"
    path.write_text(
        "Mill town closes its last mill\n\n"
        "In 2012, the mill cut its staff. In July, it closed. Exports had fallen in 2009-2010. "
        "The town is now quiet; guards patrol the gates every morning.\n",
        encoding="utf-8",
    )
    code, rows, _ = run(capsys, str(path), "--dct", "2026-03-15", "--no-parser")
    assert code == 0
    by_text = {r["text"]: r for r in rows}
    assert (by_text["2012"]["anchor"], by_text["2012"]["range"]) == ("explicit", None)
    assert (by_text["July"]["value"], by_text["July"]["anchor"]) == ("2012-07", "narrative")
    assert [(r["text"], r["value"], r["range"]) for r in rows if r["range"]] == [
        ("2009", "2009", "2009-01-01/2010-12-31"),
        ("2010", "2010", "2009-01-01/2010-12-31"),
    ]
    assert (by_text["now"]["value"], by_text["now"]["anchor"]) == ("PRESENT_REF", "publication")
    assert by_text["every morning"]["value"] == "XXXX-XX-XXTMO"
    assert by_text["every morning"]["anchor"] is None


def test_a_length_from_publication_prints_as_timex3_with_its_days(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """ "within the next two weeks": TimeML's DURATION "the next two weeks" P2W (no interval
    string, which no TIMEX3 reader takes), its calendar days and its anchor given."""
    path = tmp_path / "story.txt"
    path.write_text("The panel will report within the next two weeks.\n", encoding="utf-8")
    code, rows, _err = run(capsys, str(path), "--dct", "2019-06-29", "--no-parser")
    assert code == 0
    [row] = rows
    assert (row["text"], row["type"], row["value"]) == ("the next two weeks", "DURATION", "P2W")
    assert (row["first"], row["last"], row["anchor"]) == ("2019-06-29", "2019-07-13", "publication")
