"""`nkviewer extract`: the output schema, formats, exit statuses and messages."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nkviewer.events.record import ALL_FIELDS, CONTRACT_FIELDS

pytestmark = pytest.mark.model

ISO = r"^\d{4}-\d{2}-\d{2}$"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nkviewer", "extract", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=600,
    )


@pytest.fixture(scope="module")
def seeds_events(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> list[dict]:
    out = tmp_path_factory.mktemp("extract") / "events.jsonl"
    proc = run(str(seeds_dir), "-o", str(out), "--jobs", "1")
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_every_record_follows_the_contract(seeds_events: list[dict]) -> None:
    import re

    assert len(seeds_events) >= 30
    for ev in seeds_events:
        assert list(ev) == list(ALL_FIELDS)
        assert set(CONTRACT_FIELDS) <= set(ev)
        assert re.match(ISO, ev["start"]) and re.match(ISO, ev["end"])
        assert ev["start"] <= ev["end"]
        assert ev["granularity"] in {
            "day",
            "week",
            "month",
            "quarter",
            "season",
            "year",
            "decade",
            "range",
        }
        assert ev["modality"] in {"happened", "expected"}
        assert ev["doc_published_source"] in {
            "manifest",
            "text",
            "html",
            "inferred",
            "user",
            "unknown",
        }
        for key in ("time_start", "time_end", "sentence_start", "sentence_end"):
            assert isinstance(ev[key], int)
        assert ev["sentence_start"] <= ev["time_start"] < ev["time_end"] <= ev["sentence_end"]
        assert isinstance(ev["actors"], list) and isinstance(ev["places"], list)
        for ent in ev["entities"]:
            assert set(ent) >= {"text", "label", "canonical", "start", "end"}
        assert ev["sources"] and all(
            set(s) >= {"doc_id", "sentence_start", "sentence_end"} for s in ev["sources"]
        )
        assert ev["title"] and len(ev["title"]) <= 80


def test_offsets_point_into_the_document_text(seeds_events: list[dict]) -> None:
    from nkviewer.ingest import read_document

    texts: dict[str, str] = {}
    for ev in seeds_events:
        text = texts.setdefault(ev["doc_path"], read_document(ev["doc_path"]).text)
        assert text[ev["time_start"] : ev["time_end"]] == ev["time_text"]
        assert text[ev["sentence_start"] : ev["sentence_end"]] == ev["sentence"]
        for ent in ev["entities"]:
            assert text[ent["start"] : ent["end"]] == ent["text"]


def test_ids_are_stable_across_runs(seeds_events: list[dict], seeds_dir: Path) -> None:
    proc = run(str(seeds_dir), "--no-cache", "--jobs", "1", "-q")
    assert proc.returncode == 0, proc.stderr
    again = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [e["event_id"] for e in again] == [e["event_id"] for e in seeds_events]


def test_seed_orientation_points(seeds_events: list[dict]) -> None:
    def find(title_part: str, start: str) -> dict:
        hits = [e for e in seeds_events if title_part in e["title"] and e["start"] == start]
        assert hits, f"no event with {title_part!r} on {start}"
        return hits[0]

    wang = find("Wang Yi", "2018-04-05")
    assert {"Vladimir Putin", "Sergey Lavrov"} <= set(wang["actors"])
    im = find("Im Chon-il", "2019-03-14")
    assert "Igor Morgulov" in im["actors"]
    assert find("anniversary", "2023-09-09")["modality"] == "expected"
    assert not [e for e in seeds_events if "2019-10-19" in (e["start"], e["end"])]


def test_bad_files_are_listed_and_change_the_exit_status(tmp_path: Path, seeds_dir: Path) -> None:
    folder = tmp_path / "c"
    shutil.copytree(seeds_dir, folder)
    (folder / "bad.json").write_text('{"text": "unterminated', encoding="utf-8")
    proc = run(str(folder), "-o", str(tmp_path / "e.csv"), "--jobs", "1")
    assert proc.returncode == 1
    assert "bad.json" in proc.stderr
    assert (tmp_path / "e.csv").stat().st_size > 1000  # the rest still loaded


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--jobs", "0"], "--jobs"),
        (["-o", "events.xyz"], "cannot tell the format"),
        (["--format", "parquet"], "needs a file"),
    ],
)
def test_user_errors_exit_2_with_a_message(
    args: list[str], message: str, seeds_dir: Path, tmp_path: Path
) -> None:
    proc = run(str(seeds_dir), *args, cwd=tmp_path)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_missing_input_is_reported(tmp_path: Path) -> None:
    proc = run(str(tmp_path / "nowhere"))
    assert proc.returncode == 1
    assert "nowhere" in proc.stderr
