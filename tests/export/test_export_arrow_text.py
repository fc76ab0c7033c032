"""A dataset's CSV, JSON Lines and JSON exports made by Arrow from its stored rows
(`stream.write_table_stream`) are byte for byte the files its decoded events make
(`stream.write_event_stream` over `iter_frames`, the path they replace), whatever the cells
hold (lists, records with keys of their own, formula-like, Korean, quoted and multi-line text,
control characters, nulls, fields empty in the first batch only), the batches and the scope
(a filter, hidden events, corrected titles)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from nkviewer.corpus.curation import dataset_curation
from nkviewer.corpus.dataset import EventDataset
from nkviewer.corpus.dataset_store import write_frame_dataset
from nkviewer.events.filters import EventFilter
from nkviewer.export import arrow_text, cells, data, stream

TEXT = [
    '=HYPERLINK("http://x", "y")',
    "+1-2",
    "-12.5",
    "@SUM(A1)",
    "\tTab first",
    "\rCR first",
    '김정은 위원장이 "평양"에서\n푸틴과 회담',
    "back\\slash and \x01 control \x1f and \b\f",
    "",
    "line one\r\nline two, with a comma",
    "emoji 🇰🇵 and U+2028 \u2028 end",
]


def awkward(frame: pd.DataFrame) -> pd.DataFrame:
    """The synthetic frame with every awkward cell a column can hold, a few events each;
    `reported_by` and `conflicts` empty in the earliest events (the first batches)."""
    n = len(frame)

    def text(i: int, base: Any) -> Any:
        return TEXT[i % len(TEXT)] if i % 3 == 0 else base

    entities = []
    for i, ents in enumerate(frame["entities"]):
        ents = [dict(e) for e in cells.plain(ents)]
        if i % 4 == 0:  # keys of its own: an integer, text, and nulls among them
            ents.append(
                {"text": "@Moscow", "label": "GPE", "canonical": None, "start": 3, "end": 9}
            )
            ents[-1]["score"] = i if i % 8 else None
            ents[-1]["gloss"] = '모스크바 "Moscow"' if i % 12 == 0 else None
        entities.append(ents)
    return frame.assign(
        title=[text(i, t) for i, t in enumerate(frame["title"])],
        sentence=[text(i + 1, t) for i, t in enumerate(frame["sentence"])],
        doc_title=[text(i + 2, t) for i, t in enumerate(frame["doc_title"])],
        doc_url=[None if i % 5 == 0 else u for i, u in enumerate(frame["doc_url"])],
        places=[[TEXT[i % len(TEXT)], "서울"] if i % 7 == 0 else [] for i in range(n)],
        reported_by=[[] if i < n // 2 else ['KCNA "news"', "-1"] for i in range(n)],
        conflicts=[[] if i < n // 2 or i % 3 else ["ev-x", "=ev"] for i in range(n)],
        entities=entities,
        uncertain=[i % 6 == 0 for i in range(n)],
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    from bench.synthetic import synthetic_frame

    return write_frame_dataset(awkward(synthetic_frame(120, years=3, seed=5)), tmp_path / "ds")


SCOPES = ["all", "filtered", "hidden+edited"]


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json"])
@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("batch", [7, 10_000])
def test_arrow_text_is_the_file_the_decoded_events_make(
    folder: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
    scope: str,
    batch: int,
) -> None:
    monkeypatch.setattr(data, "RECORD_BATCH", 8)
    with EventDataset.open(folder) as ds:
        ids = ds.to_frame()["event_id"].tolist()
        flt: EventFilter | None = None
        curate = None
        if scope == "filtered":
            flt = EventFilter(lanes=frozenset({"North Korea", "China"}))
        elif scope == "hidden+edited":
            hidden = frozenset(ids[1::4])
            flt = EventFilter(exclude=hidden)
            titles = {ids[0]: "=1+2 edited", ids[2]: '김 "quoted"\nnew line', ids[6]: "-3"}
            curate = dataset_curation(hidden, titles)
            assert curate is not None
        tables = ds.iter_tables(flt, batch=batch)
        frames = ds.iter_frames(flt, batch=batch)
        if curate is not None:
            tables = stream.curated_tables(tables, curate)
            frames = (curate(f) for f in frames)
        arrow, n = stream.write_table_stream(tables, tmp_path / f"arrow.{fmt}")
        reference, m = stream.write_event_stream(frames, tmp_path / f"frames.{fmt}")
        expected = ds.count(flt)
    assert 0 < n == m == expected
    assert arrow.read_bytes() == reference.read_bytes()
    if scope == "hidden+edited":  # (and the edits are there to compare)
        assert "=1+2 edited" in reference.read_text(encoding="utf-8")


def test_a_record_with_a_key_of_its_own_and_a_null_one(tmp_path: Path) -> None:
    """What `EventDataset` decodes a stored record to: its null keys beyond the contract's
    left out, the contract's kept as null; a null list as []."""
    import pyarrow as pa

    records = pa.array(
        [
            [{"text": "a", "label": None, "canonical": "A", "start": 1, "end": 2, "x": None}],
            [{"text": "b\n", "label": "L", "canonical": "B", "start": None, "end": 2, "x": 5}],
            None,
            [],
        ],
        pa.list_(
            pa.struct(
                [
                    ("text", pa.string()),
                    ("label", pa.string()),
                    ("canonical", pa.string()),
                    ("start", pa.int64()),
                    ("end", pa.int64()),
                    ("x", pa.int64()),
                ]
            )
        ),
    )
    values = arrow_text.decoded(records, "entities")
    assert values[0] == [{"text": "a", "label": None, "canonical": "A", "start": 1, "end": 2}]
    assert values[2] == []
    for depth in (0, 2):
        made = arrow_text.json_column(records, "entities", depth=depth).to_pylist()
        assert made == cells.json_values(values, "entities", depth=depth)
    made = arrow_text.csv_column(records, "entities").to_pylist()
    assert made == cells.csv_array(values, "entities").to_pylist()


@pytest.mark.parametrize(
    "column",
    [
        [1.5, None, 2.0],  # floats: not a kernel's (numpy's text)
        [1, None, 3],  # integers with a null: numpy makes them floats
        [True, None, False],
        [None, None, None],
    ],
)
def test_a_column_no_kernel_covers_is_written_as_decoded(column: list[Any]) -> None:
    import pyarrow as pa

    array = pa.array(column)
    values = arrow_text.decoded(array, "time_start")
    for depth in (0, 2):
        made = arrow_text.json_column(array, "time_start", depth=depth).to_pylist()
        assert made == cells.json_values(values, "time_start", depth=depth)
    made = arrow_text.csv_column(array, "time_start")
    assert made.to_pylist() == cells.csv_array(values, "time_start").to_pylist()
    assert made.type == cells.csv_array(values, "time_start").type


def test_json_strings_escape_as_the_standard_library() -> None:
    import json

    import pyarrow as pa

    texts = [*TEXT, "".join(chr(i) for i in range(0x20)) + '"\\\x7f', None]
    made = arrow_text.json_strings(pa.array(texts, pa.string())).to_pylist()
    assert made == [json.dumps(t, ensure_ascii=False) for t in texts]


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json", "parquet"])
def test_the_command_line_writes_a_datasets_data_from_its_arrow_rows(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """`nkviewer export DATASET -o FILE` (hidden events left out, titles corrected by the
    edits sidecar) writes the stored rows, and the file the decoded events make."""
    from nkviewer.cli.main import main
    from nkviewer.corpus.curation import sidecar_path
    from nkviewer.corpus.sidecar import Edits, write_edits

    with EventDataset.open(folder) as ds:
        ids = ds.to_frame()["event_id"].tolist()
    hidden, titles = {ids[1]: True, ids[5]: True}, {ids[2]: "=SUM(1) 고침"}
    write_edits(sidecar_path([folder]), Edits(hidden=hidden, titles=titles))
    written: list[str] = []
    real = stream.write_table_stream

    def spy(*args: Any, **kwargs: Any) -> tuple[Path, int]:
        written.append(str(args[1]))
        return real(*args, **kwargs)

    monkeypatch.setattr(stream, "write_table_stream", spy)
    out = tmp_path / f"cli.{fmt}"
    assert main(["export", str(folder), "-o", str(out), "-q"]) == 0
    assert written == [str(out)]
    curate = dataset_curation((), titles)
    flt = EventFilter(exclude=frozenset(hidden))
    with EventDataset.open(folder) as ds:
        if fmt == "parquet":  # the stored rows as they are, as the window writes them
            # (`test_export_arrow`: the file of the events in memory, for records of the
            # contract's keys; these hold keys of their own, typed as stored)
            tables = stream.curated_tables(ds.iter_tables(flt), curate)
            reference, n = real(tables, tmp_path / f"window.{fmt}")
        else:
            frames = map(curate, ds.iter_frames(flt))
            reference, n = stream.write_event_stream(frames, tmp_path / f"frames.{fmt}")
    assert n == len(ids) - 2
    assert out.read_bytes() == reference.read_bytes()
