"""Big tables cut into parts read exactly as the whole file reads (issue 12, point 4)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from nkviewer.ingest import read_source, scan
from nkviewer.ingest import table_parts as parts_module
from nkviewer.ingest.document import FileProblem
from nkviewer.ingest.table_parts import split_table


def rows(n: int) -> list[dict[str, str]]:
    return [
        {
            "title": f"Article {i}",
            "text": f"Kim Jong-un met Xi Jinping in Beijing on March {i % 28 + 1}, 2019.\n\n"
            f"Talks went on ({i}).",
            "date": f"2019-04-{i % 28 + 1:02d}",
        }
        for i in range(n)
    ]


def as_csv(records: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["title", "text", "date"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue()


def hostile(fmt: str, n: int) -> str:
    """A table of `n` articles with bad records among them."""
    good = rows(n)
    if fmt == "jsonl":
        lines = [json.dumps(r) for r in good]
        lines[10] = '{"text": "unterminated'
        lines[25] = "[" * 5000 + "]" * 5000
        lines[40] = ""
        return "\n".join(lines) + "\n"
    if fmt == "csv":
        text = as_csv(good)
        return text.replace("Article 12,", 'Article 12,"stray quote ', 1)
    items = [json.dumps(r) for r in good]
    items[7] = '"not an object"'
    return "[\n" + ",\n".join(items) + "\n]\n"


def outcome(result: object) -> tuple[list[tuple[str, str, str]], list[FileProblem]]:
    docs = [(d.doc_id, d.title, d.text) for d in result.documents]  # type: ignore[attr-defined]
    return docs, list(result.problems)  # type: ignore[attr-defined]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "json"])
def test_parts_read_as_the_whole_file_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    path = tmp_path / f"big.{fmt}"
    path.write_text(hostile(fmt, 1000), encoding="utf-8")
    (source,) = scan([path]).files
    whole_docs, whole_problems = outcome(read_source(source))
    assert len(whole_docs) > 950

    monkeypatch.setattr(parts_module, "SPLIT_BYTES", 10_000)
    monkeypatch.setattr(parts_module, "PART_ROWS", 64)
    units = split_table(source, path.read_bytes())
    assert len(units) >= 1000 // 64
    assert [u.part.index for u in units if u.part] == list(range(len(units)))
    docs: list[tuple[str, str, str]] = []
    problems: list[FileProblem] = []
    for unit in units:
        unit_docs, unit_problems = outcome(read_source(unit))
        docs += unit_docs
        problems += unit_problems
    assert docs == whole_docs  # same ids (row numbers), titles and texts, in order
    assert [p.reason for p in problems] == [p.reason for p in whole_problems]
    assert whole_problems


def test_small_and_uncuttable_tables_stay_whole(tmp_path: Path) -> None:
    small = tmp_path / "small.jsonl"
    small.write_text(json.dumps(rows(3)[0]) + "\n")
    (source,) = scan([small]).files
    assert split_table(source, small.read_bytes()) == [source]
    wrapped = tmp_path / "wrapped.json"
    wrapped.write_text(json.dumps({"articles": rows(3000)}))
    (source,) = scan([wrapped]).files
    assert split_table(source, wrapped.read_bytes()) == [source]  # not a top-level array
