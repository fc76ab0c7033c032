"""Stored rows decode to exactly what the per-row decoding made (lists, records, types).

`_reference_decode` is the decoding the dataset used before it was done in bulk (one
`to_pylist` per column and a dict per record): the bulk one must give the same columns, with
the same element types, lists and dicts (keys in the same order) — the event frame, the
Source panel and exports read them."""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

from nkviewer.corpus.dataset import _FRAME_COLUMNS, _LIST_COLUMNS, _STRUCT_COLUMNS, _decode
from nkviewer.corpus.dataset_store import CORE_KEYS, events_table
from nkviewer.events.table import events_to_frame

WORDS = ["Kim Jong-un", "시진핑", "Ümlaut", "", "emoji 🙂", "a'b\"c", "line\nbreak", "Xi"]


def _reference_decode(table: Any) -> dict[str, np.ndarray]:
    """The per-row decoding (as it was): kept here as the definition of the right answer."""

    def records(items: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
        return [
            {k: v for k, v in d.items() if v is not None or k in CORE_KEYS} for d in items or ()
        ]

    out: dict[str, np.ndarray] = {}
    n = table.num_rows
    for name in _FRAME_COLUMNS:
        column = table.column(name)
        if name in _LIST_COLUMNS or name in _STRUCT_COLUMNS:
            values = column.to_pylist()
            arr = np.empty(n, dtype=object)
            for i, v in enumerate(values):
                arr[i] = records(v) if name in _STRUCT_COLUMNS else list(v or ())
            out[name] = arr
        elif name in ("t0", "t1"):
            out[name] = column.to_numpy().astype(np.float64)
        else:
            out[name] = column.to_numpy(zero_copy_only=False)
    return out


def _event(rng: random.Random, i: int) -> dict[str, Any]:
    def words(most: int) -> list[str]:
        return [rng.choice(WORDS) for _ in range(rng.randrange(0, most + 1))]

    entities = []
    for _ in range(rng.randrange(0, 4)):
        ent: dict[str, Any] = {
            "text": rng.choice(WORDS),
            "label": rng.choice(["PERSON", "GPE", None]),
            "canonical": rng.choice([*WORDS, None]),
            "start": rng.choice([0, 5, None]),
            "end": rng.randrange(0, 90),
        }
        if rng.random() < 0.4:  # keys beyond the contract: some records have them, some not
            ent["kind"] = rng.choice(["person", "place", "기관"])
        if rng.random() < 0.3:
            ent["rank"] = rng.randrange(0, 5)
        entities.append(ent)
    sources = [
        {"doc_id": f"doc-{rng.randrange(9)}-한", "sentence_start": 3, "sentence_end": 40}
        for _ in range(rng.randrange(0, 3))
    ]
    if sources and rng.random() < 0.2:
        sources[0]["note"] = {"nested": [1, "x"]}  # stored as JSON text
    if sources and rng.random() < 0.2:
        sources[-1]["sentence_end"] = None
    day = 1 + i % 28
    return {
        "event_id": f"ev{i:04d}",
        "title": f"{rng.choice(WORDS)} {i}",
        "start": f"2019-03-{day:02d}",
        "end": f"2019-03-{day:02d}",
        "granularity": "day",
        "timex_value": f"2019-03-{day:02d}",
        "time_text": rng.choice(WORDS),
        "time_start": 4,
        "time_end": 9,
        "sentence": rng.choice(WORDS),
        "sentence_start": 0,
        "sentence_end": 30,
        "doc_id": "doc-1-한",
        "doc_path": "/corpus/기사.txt",
        "actors": words(3),
        "places": words(2),
        "reported_by": words(1),
        "conflicts": [f"ev{i + 1:04d}"] if rng.random() < 0.1 else [],
        "lane": rng.choice(["China", "", "북한"]),
        "entities": entities,
        "sources": sources,
        "uncertain": rng.random() < 0.3,
        "modality": "happened",
    }


def _stored(n: int, seed: int) -> pa.Table:
    from nkviewer.events.record import Event

    rng = random.Random(seed)
    frame = events_to_frame([Event(**_event(rng, i)) for i in range(n)])
    return events_table(frame, kind_of={}, source_of_doc={})


def _with_null_lists(table: pa.Table) -> pa.Table:
    """Null list cells (a foreign writer's), whose offsets may even span values."""
    for name in (*_LIST_COLUMNS, *_STRUCT_COLUMNS):
        col = table.column(name).combine_chunks()
        valid = np.arange(len(col)) % 5 != 2
        nulled = pa.ListArray.from_arrays(
            col.offsets, col.values, type=col.type, mask=pa.array(~valid)
        )
        table = table.set_column(table.schema.get_field_index(name), name, nulled)
    return table


def _same(got: dict[str, np.ndarray], want: dict[str, np.ndarray]) -> None:
    assert list(got) == list(want)
    for name in want:
        a, b = got[name], want[name]
        assert a.dtype == b.dtype and a.shape == b.shape, name
        if name in _LIST_COLUMNS or name in _STRUCT_COLUMNS:
            for x, y in zip(a.tolist(), b.tolist(), strict=True):
                assert type(x) is list and x == y, name
                for u, v in zip(x, y, strict=True):
                    assert type(u) is type(v), name
                    if isinstance(v, dict):  # same keys in the same order, same value types
                        assert list(u.items()) == list(v.items()), name
                        assert [type(t) for t in u.values()] == [type(t) for t in v.values()]
        else:
            assert a.tolist() == b.tolist(), name
            assert [type(t) for t in a.tolist()] == [type(t) for t in b.tolist()], name


@pytest.fixture(scope="module")
def stored() -> pa.Table:
    table = _stored(300, seed=11)
    # the case means something: extra keys present and absent, nulls, empty lists
    entities = table.column("entities").to_pylist()
    assert any(e.get("kind") is None for row in entities for e in row)
    assert any(e.get("kind") is not None for row in entities for e in row)
    assert any(e["label"] is None for row in entities for e in row)
    assert any(not row for row in entities) and any(not row for row in table["actors"].to_pylist())
    return table


def test_bulk_decoding_equals_the_per_row_one(stored: pa.Table) -> None:
    _same(_decode(stored), _reference_decode(stored))


@pytest.mark.parametrize("cut", [(0, 0), (0, 1), (17, 40), (299, 1), (100, 200)])
def test_slices_decode_alike(stored: pa.Table, cut: tuple[int, int]) -> None:
    part = stored.slice(*cut)
    _same(_decode(part), _reference_decode(part))


def test_taken_rows_chunks_and_null_lists_decode_alike(stored: pa.Table) -> None:
    rows = np.array([5, 3, 3, 250, 0, 120, 299])
    taken = stored.take(rows)
    _same(_decode(taken), _reference_decode(taken))
    chunked = pa.concat_tables([stored.slice(0, 70), stored.slice(200, 50), stored.slice(90, 9)])
    assert chunked.column("entities").num_chunks == 3
    _same(_decode(chunked), _reference_decode(chunked))
    nulled = _with_null_lists(stored.slice(10, 60))
    assert nulled.column("sources").null_count > 0
    _same(_decode(nulled), _reference_decode(nulled))


def test_records_are_fresh_objects(stored: pa.Table) -> None:
    """Every list and record is its own object: editing one row's never changes another's."""
    got = _decode(stored)
    for name in (*_LIST_COLUMNS, *_STRUCT_COLUMNS):
        lists = got[name].tolist()
        assert len({id(x) for x in lists}) == len(lists)
    recs = [r for row in got["entities"].tolist() for r in row]
    assert len({id(r) for r in recs}) == len(recs)


def test_records_with_a_key_beyond_the_contract_first_decode_alike(stored: pa.Table) -> None:
    """(nkviewer writes the contract's keys first; another writer may not.)"""
    part = stored.slice(0, 80)
    kind = part.schema.field("entities").type.value_type
    names = [kind.field(i).name for i in range(kind.num_fields)]
    assert "kind" in names
    fields = [kind.field("kind"), *(kind.field(k) for k in names if k != "kind")]
    rows = part.column("entities").to_pylist()
    moved = pa.array(rows, type=pa.list_(pa.struct(fields)))
    table = part.set_column(part.schema.get_field_index("entities"), "entities", moved)
    _same(_decode(table), _reference_decode(table))
    firsts = [list(r) for row in _decode(table)["entities"].tolist() for r in row if "kind" in r]
    assert firsts and all(keys[0] == "kind" for keys in firsts)


def test_records_repeating_a_key_more_often_than_the_contract_has_keys_make_no_code() -> None:
    """A file whose records repeat a contract key (a foreign or broken writer) decodes as a
    dict would take the pairs (the last value kept), and no record maker is compiled for a
    width the contract cannot have."""
    from nkviewer.corpus.dataset import _record_maker, _records

    width = len(CORE_KEYS) + 3
    columns = [pa.array([f"v{i}-{r}" for r in range(4)]) for i in range(width)]
    values = pa.StructArray.from_arrays(columns, names=["text"] * width)
    before = _record_maker.cache_info().currsize
    assert _records(values) == [{"text": f"v{width - 1}-{r}"} for r in range(4)]
    assert _record_maker.cache_info().currsize == before


def test_repeated_text_is_one_string_shared_by_its_rows(stored: pa.Table) -> None:
    """Each distinct text of a column (scalar or in a list) decodes to one Python string that
    the rows having it share: a decoded row group, kept for panning, held a copy per row."""
    got = _decode(stored)
    for name in ("lane", "doc_id", "granularity", "start"):
        values = got[name].tolist()
        assert len({id(v) for v in values}) == len(set(values)) < len(values), name
    for name in ("places", "actors"):
        items = [v for row in got[name].tolist() for v in row]
        assert len({id(v) for v in items}) == len(set(items)) < len(items), name


@pytest.mark.parametrize(
    "values",
    [
        pa.array(["a", None, "b", "a", None, "시진핑", "a"]),
        pa.array([None, None], pa.string()),
        pa.array([], pa.string()),
        pa.array(["every", "value", "distinct", ""]),
        pa.chunked_array([["x", "y"], ["x", None, "🙂"]], pa.large_string()),
    ],
)
def test_text_decodes_to_its_values_nulls_as_none(values: pa.Array | pa.ChunkedArray) -> None:
    from nkviewer.corpus.dataset import _strings

    got = _strings(values)
    assert got.dtype == object and got.tolist() == values.to_pylist()
    assert all(v is None or type(v) is str for v in got.tolist())
