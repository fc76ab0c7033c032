"""The parse cache: round trip, invalidation by key, and corrupt entries rebuilt, never fatal."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import nkviewer.corpus.cache as cache_module
from nkviewer.corpus.cache import ParseCache, program_fingerprint
from nkviewer.ingest.document import Document, FileProblem, PublishedDate, Span
from nkviewer.nlp.parsed import PARSE_FORMAT, EntitySpan, ParsedDocument, SentenceSpan
from nkviewer.nlp.timex.types import TimexMention


def _parsed() -> ParsedDocument:
    from datetime import date

    doc = Document(
        doc_id="abc",
        path="/c/a.txt",
        text="Kim 김정은 met Putin on Thursday. 🙂",
        title="T",
        published=PublishedDate.day(date(2019, 3, 18), "manifest"),
        junk=[Span(30, 32, "emoji")],
    )
    return ParsedDocument(
        document=doc,
        sentences=[SentenceSpan(0, 30)],
        entities=[EntitySpan(0, 3, "Kim", "PERSON", "Kim Jong-un", "person", "North Korea")],
        timexes=[TimexMention(20, 28, "Thursday", "DATE", {"kind": "weekday", "weekday": 3})],
        model="en_core_web_sm-3.8.0",
    )


def test_round_trip(tmp_path: Path) -> None:
    cache = ParseCache(model_label="m-1", root=tmp_path)
    key = cache.key(b"file bytes", "a.txt")
    assert cache.get(key, path="a.txt") is None
    problem = FileProblem("/c/a.txt", "row 3: no text", "warning")
    cache.put(key, [_parsed()], [problem])
    hit = cache.get(key, path="/c/a.txt")
    assert hit is not None
    assert hit.documents[0].to_json() == _parsed().to_json()
    assert hit.problems == [problem]


def test_paths_come_from_the_current_run_never_from_the_cache(tmp_path: Path) -> None:
    """`mv corpus corpus2`: same bytes, same relative path, same entry; the new paths."""
    cache = ParseCache(model_label="m-1", root=tmp_path)
    key = cache.key(b"file bytes", "a.txt")
    cache.put(key, [_parsed()], [FileProblem("/c/a.txt", "row 3: no text", "warning")])
    hit = cache.get(key, path="/c2/a.txt")
    assert hit is not None
    assert [d.document.path for d in hit.documents] == ["/c2/a.txt"]
    assert [p.path for p in hit.problems] == ["/c2/a.txt"]


def test_key_depends_on_bytes_model_and_extras(tmp_path: Path) -> None:
    a = ParseCache(model_label="m-1", root=tmp_path)
    b = ParseCache(model_label="m-2", root=tmp_path)
    assert a.key(b"x") != a.key(b"y")
    assert a.key(b"x") != b.key(b"x")
    assert a.key(b"x", "manifest-1") != a.key(b"x", "manifest-2")
    assert a.key(b"x") == ParseCache(model_label="m-1", root=tmp_path).key(b"x")
    assert program_fingerprint() == program_fingerprint()


def test_corrupt_entry_is_removed_and_reported_as_miss(tmp_path: Path) -> None:
    cache = ParseCache(model_label="m", root=tmp_path)
    key = cache.key(b"data")
    cache.put(key, [_parsed()], [])
    path = cache.path(key)
    path.write_bytes(path.read_bytes()[:40])  # truncated
    assert cache.get(key, path="a.txt") is None
    assert not path.exists()
    cache.put(key, [_parsed()], [])
    assert cache.get(key, path="a.txt") is not None


def test_foreign_entry_under_our_name_is_rebuilt(tmp_path: Path) -> None:
    cache = ParseCache(model_label="m", root=tmp_path)
    k1, k2 = cache.key(b"one"), cache.key(b"two")
    cache.put(k1, [_parsed()], [])
    cache.path(k2).parent.mkdir(parents=True, exist_ok=True)
    cache.path(k2).write_bytes(cache.path(k1).read_bytes())  # right format, wrong key
    assert cache.get(k2, path="a.txt") is None


def test_unwritable_cache_is_skipped(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    cache = ParseCache(model_label="m", root=blocker)
    cache.put(cache.key(b"x"), [_parsed()], [])  # logs, does not raise
    assert cache.get(cache.key(b"x"), path="a.txt") is None


def _rewrite_payload(path: Path, edit: Callable[[dict[str, Any]], None]) -> None:
    """Change the stored JSON of every document of a cache entry, keeping its metadata."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    docs = [json.loads(s) for s in table.column("parsed").to_pylist()]
    for d in docs:
        edit(d)
    payload = pa.array([json.dumps(d) for d in docs], type=pa.large_string())
    pq.write_table(
        pa.table({"parsed": payload}).replace_schema_metadata(table.schema.metadata), path
    )


def test_entry_of_an_older_parse_format_is_rebuilt_not_misread(tmp_path: Path) -> None:
    """Format 2 stored the timex recipes with one-letter keys ("fn", "dow"...): such an entry,
    even under the current key, is a miss (and removed), never a recipe the resolver misreads."""
    cache = ParseCache(model_label="m", root=tmp_path)
    key = cache.key(b"data")
    cache.put(key, [_parsed()], [])

    def old_format(doc: dict[str, Any]) -> None:
        doc["format"] = 2
        for t in doc["timexes"]:
            t["recipe"] = {"fn": "weekday", "dow": 3}

    _rewrite_payload(cache.path(key), old_format)
    assert cache.get(key, path="a.txt") is None
    assert not cache.path(key).exists()
    cache.put(key, [_parsed()], [])
    hit = cache.get(key, path="a.txt")
    assert hit is not None and hit.documents[0].timexes[0].recipe == {
        "kind": "weekday",
        "weekday": 3,
    }


def test_key_changes_with_the_parse_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An older program's entries are not even looked up: the format is part of every key."""
    cache = ParseCache(model_label="m", root=tmp_path)
    now = cache.key(b"data")
    program_fingerprint.cache_clear()
    monkeypatch.setattr(cache_module, "PARSE_FORMAT", PARSE_FORMAT - 1)
    try:
        assert cache.key(b"data") != now
    finally:
        program_fingerprint.cache_clear()
