"""Every export from the command line honours the edits made in the window: hidden events are
left out, corrected titles and dates shown, corrected publication dates re-anchor the
article's dates; `--no-edits` exports the events as extracted; a damaged edits file is
reported and ignored without being touched."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from bench.synthetic import synthetic_frame
from nkviewer.cli.main import main
from nkviewer.corpus.curation import apply_edits, load_corpus_edits, sidecar_path
from nkviewer.corpus.dataset_store import write_frame_dataset
from nkviewer.corpus.sidecar import SIDECAR_NAME, Edits, write_edits
from nkviewer.ingest.document import PublishedDate


@pytest.fixture(autouse=True)
def _app(qapp: object) -> None:
    """Image exports paint with Qt: a QApplication must exist."""


def _csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _export(*argv: str) -> int:
    return main(["export", *argv, "-q"])


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for name in sorted(p.name for p in seeds_dir.glob("*.txt"))[:2]:
        shutil.copy(seeds_dir / name, folder / name)
    return folder


@pytest.mark.model
@pytest.mark.slow
def test_cli_data_and_image_exports_honour_hidden_titles_and_dates(
    small_corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sidecar = small_corpus / SIDECAR_NAME
    sidecar.unlink(missing_ok=True)
    plain = tmp_path / "plain.csv"
    assert _export(str(small_corpus), "-o", str(plain)) == 0
    before = _csv(plain)
    assert len(before) >= 3
    hidden_id, retitled_id, redated_id = before["event_id"].iloc[:3]
    write_edits(
        sidecar,
        Edits(
            hidden={hidden_id: True},
            titles={retitled_id: "A title the analyst wrote"},
            dates={redated_id: ("1999-05-01", "1999-05-31", "month")},
        ),
    )

    curated = tmp_path / "curated.csv"
    assert _export(str(small_corpus), "-o", str(curated)) == 0
    after = _csv(curated).set_index("event_id")
    assert hidden_id not in after.index
    assert len(after) == len(before) - 1
    assert after.loc[retitled_id, "title"] == "A title the analyst wrote"
    assert (after.loc[redated_id, "start"], after.loc[redated_id, "end"]) == (
        "1999-05-01",
        "1999-05-31",
    )

    raw = tmp_path / "raw.csv"
    assert _export(str(small_corpus), "-o", str(raw), "--no-edits") == 0
    assert _csv(raw)["event_id"].tolist() == before["event_id"].tolist()

    capsys.readouterr()
    svg = tmp_path / "fig.svg"
    assert main(["export", str(small_corpus), "-o", str(svg)]) == 0
    err = capsys.readouterr().err
    assert "applying the edits" in err and "1 hidden" in err
    assert f"({len(before) - 1:,} events)" in err
    assert main(["export", str(small_corpus), "-o", str(svg), "--no-edits"]) == 0
    assert f"({len(before):,} events)" in capsys.readouterr().err
    sidecar.unlink()


@pytest.mark.model
@pytest.mark.slow
def test_cli_export_uses_a_corrected_publication_date(small_corpus: Path, tmp_path: Path) -> None:
    sidecar = small_corpus / SIDECAR_NAME
    sidecar.unlink(missing_ok=True)
    out = tmp_path / "events.jsonl"
    assert _export(str(small_corpus), "-o", str(out)) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    doc_id = rows[0]["doc_id"]
    days = {r["event_id"]: r["start"] for r in rows if r["doc_id"] == doc_id}
    # ten years later: every date the article resolved against its publication date moves
    write_edits(sidecar, Edits(published={doc_id: PublishedDate.day(_date("2031-06-15"), "user")}))
    assert _export(str(small_corpus), "-o", str(out)) == 0
    moved = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    later = {r["event_id"]: r["start"] for r in moved if r["doc_id"] == doc_id}
    assert later != days
    assert any(v >= "2031" for v in later.values())
    sidecar.unlink()


def _date(text: str):  # type: ignore[no-untyped-def]
    from datetime import date

    return date.fromisoformat(text)


def test_a_damaged_edits_file_is_reported_ignored_and_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    frame = synthetic_frame(60, years=2, seed=5)
    folder = write_frame_dataset(frame, tmp_path / "ds")
    damaged = folder / SIDECAR_NAME
    damaged.write_text('{"format": 1, "hidden": [[[[', encoding="utf-8")
    out = tmp_path / "events.csv"
    assert main(["export", str(folder), "-o", str(out)]) == 0
    assert "were ignored" in capsys.readouterr().err
    assert len(_csv(out)) == len(frame)
    assert damaged.read_text(encoding="utf-8") == '{"format": 1, "hidden": [[[['


def test_dataset_exports_leave_hidden_events_out_and_show_titles(tmp_path: Path) -> None:
    frame = synthetic_frame(300, years=3, seed=9)
    folder = write_frame_dataset(frame, tmp_path / "ds")
    ids = frame["event_id"].tolist()
    write_edits(
        sidecar_path([folder]),
        Edits(hidden={ids[0]: True, ids[1]: True}, titles={ids[2]: "Retitled by hand"}),
    )
    out = tmp_path / "events.csv"
    assert _export(str(folder), "-o", str(out)) == 0
    got = _csv(out).set_index("event_id")
    assert len(got) == len(frame) - 2
    assert ids[0] not in got.index and ids[1] not in got.index
    assert got.loc[ids[2], "title"] == "Retitled by hand"
    assert _export(str(folder), "-o", str(out), "--no-edits") == 0
    assert len(_csv(out)) == len(frame)

    png = tmp_path / "fig.png"
    assert _export(str(folder), "-o", str(png)) == 0 and png.stat().st_size > 0


def test_edits_are_read_from_the_fallback_when_the_folder_has_none(tmp_path: Path) -> None:
    from nkviewer.corpus.curation import fallback_sidecar

    inputs = [tmp_path / "a.txt", tmp_path / "b.txt"]  # several inputs: the fallback
    assert sidecar_path(inputs) == fallback_sidecar(inputs)
    assert load_corpus_edits(inputs).edits == Edits()
    write_edits(fallback_sidecar(inputs), Edits(hidden={"e1": True}))
    loaded = load_corpus_edits(inputs)
    assert loaded.edits.hidden == {"e1": True} and loaded.problem == ""


def test_apply_edits_marks_hides_retitles_and_redates() -> None:
    frame = synthetic_frame(40, years=1, seed=2)
    ids = frame["event_id"].tolist()
    assert apply_edits(frame) is frame  # nothing to change: the same table
    out = apply_edits(
        frame,
        hidden={ids[0]},
        titles={ids[1]: "New"},
        dates={ids[2]: ("1990-01-01", "1990-01-01", "day")},
    )
    assert ids[0] not in set(out["event_id"]) and len(out) == len(frame) - 1
    row = out.set_index("event_id")
    assert row.loc[ids[1], "title"] == "New"
    assert row.loc[ids[2], "start"] == "1990-01-01"
    assert out["event_id"].iloc[0] == ids[2]  # re-sorted: now the earliest
    shown = apply_edits(frame, hidden={ids[0]}, show_hidden=True)
    assert len(shown) == len(frame) and shown.set_index("event_id").loc[ids[0], "hidden"]
