"""The lazy event dataset answers the same events, filters, counts and facets as the in-memory
table (and the window's FilterEngine), and gives documents back exactly."""

from __future__ import annotations

import concurrent.futures
import math
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from nkviewer.errors import InputError

pytest.importorskip("duckdb", reason="duckdb is not installed")

from nkviewer.corpus import dataset as dataset_module
from nkviewer.corpus import dataset_store
from nkviewer.corpus.dataset import EventDataset, is_dataset
from nkviewer.corpus.dataset_store import write_frame_dataset
from nkviewer.events.filters import EventFilter
from nkviewer.events.record import Event
from nkviewer.events.table import events_to_frame
from nkviewer.export.data import records
from nkviewer.ingest.document import Document, PublishedDate, Span
from nkviewer.nlp.parsed import Candidate, EntitySpan, ParsedDocument, SentenceSpan
from nkviewer.nlp.timex.types import TimexMention

PEOPLE = [
    ("Kim Jong-un", "North Korea"),
    ("Xi Jinping", "China"),
    ("Vladimir Putin", "Russia"),
    ("Wang Yi", "China"),
    ("Choe Son-hui", "North Korea"),
]
PLACES = [("Pyongyang", "place"), ("Beijing", "place"), ("Russia", "country")]
OUTLETS = ["Yonhap", "Hankyoreh", "TASS", ""]
GRANS = [("day", 0), ("day", 0), ("day", 0), ("month", 29), ("year", 364), ("range", 80)]


def _documents(n: int) -> list[ParsedDocument]:
    docs = []
    for i in range(n):
        text = f"Report {i}\n\n😀 김정은 Kim Jong-un met Xi Jinping in Beijing on Monday.\n"
        start = text.index("Kim")
        doc = Document(
            doc_id=f"doc{i:03d}",
            path=f"/corpus/a{i}.txt",
            text=text,
            title=f"Report {i}",
            source=OUTLETS[i % len(OUTLETS)],
            url=f"https://example.org/{i}" if i % 2 else "",
            published=PublishedDate.day(date(2019, 3, 1) + timedelta(days=i), "manifest"),
            junk=[Span(0, 3, "byline")] if i % 3 == 0 else [],
            title_span=Span(0, len(f"Report {i}")),
            meta={"relpath": f"a{i}.txt"},
        )
        docs.append(
            ParsedDocument(
                document=doc,
                sentences=[SentenceSpan(0, 9), SentenceSpan(11, len(text) - 1, junk=i % 5 == 0)],
                entities=[
                    EntitySpan(start, start + 11, "Kim Jong-un", "PERSON", "Kim Jong-un", "person"),
                    EntitySpan(
                        text.index("Beijing"),
                        text.index("Beijing") + 7,
                        "Beijing",
                        "GPE",
                        "Beijing",
                        "place",
                        "China",
                    ),
                ],
                timexes=[
                    TimexMention(
                        text.index("Monday"),
                        text.index("Monday") + 6,
                        "Monday",
                        "DATE",
                        {"weekday": 0},
                        "past",
                    )
                ],
                candidates=[Candidate(0, 1, "Kim Jong-un met Xi Jinping", ["Kim Jong-un"])],
                model="test-model-1.0",
            )
        )
    return docs


def _events(n: int, n_docs: int, seed: int = 7) -> pd.DataFrame:
    rng = random.Random(seed)
    events = []
    for i in range(n):
        gran, span = rng.choice(GRANS)
        start = date(2010, 1, 1) + timedelta(days=rng.randrange(0, 4000))
        actors = [p for p, _ in rng.sample(PEOPLE, rng.randrange(0, 3))]
        places = [p for p, _ in rng.sample(PLACES, rng.randrange(0, 3))]
        ents: list[dict[str, Any]] = []
        for name in actors:
            ent = {
                "text": name.split()[0],
                "label": "PERSON",
                "canonical": name,
                "start": 5,
                "end": 9,
            }
            if rng.random() < 0.5:
                ent["kind"] = "person"
            ents.append(ent)
        for name, _kind in (p for p in PLACES if p[0] in places):
            ents.append({"text": name, "label": "GPE", "canonical": name, "start": 1, "end": 2})
        docs = rng.sample(range(n_docs), rng.choice([1, 1, 1, 2, 3]))
        sources = [
            {"doc_id": f"doc{d:03d}", "sentence_start": 11, "sentence_end": 40} for d in docs
        ]
        title = rng.choice(["Kim met Xi", "Talks in Beijing", "Summit planned", "정상회담 개최"])
        events.append(
            Event(
                event_id=f"ev{i:05d}",
                title=f"{title} {i}",
                start=start.isoformat(),
                end=(start + timedelta(days=span)).isoformat(),
                granularity=gran,
                timex_value=start.isoformat(),
                time_text="on Monday",
                time_start=40,
                time_end=46,
                sentence=rng.choice(["Kim Jong-un met Xi Jinping.", "A STRASSE talk", "회담"]),
                sentence_start=11,
                sentence_end=40,
                doc_id=sources[0]["doc_id"],
                doc_path="/corpus/x.txt",
                doc_source=OUTLETS[docs[0] % len(OUTLETS)],
                doc_published="2019-03-01",
                doc_published_source="manifest",
                actors=actors,
                places=places,
                lane=rng.choice(["North Korea", "China", "Russia", ""]),
                entities=ents,
                modality=rng.choice(["happened", "happened", "expected"]),
                sources=sources,
                uncertain=rng.random() < 0.1,
                conflicts=[f"ev{i + 1:05d}"] if rng.random() < 0.05 else [],
            )
        )
    return events_to_frame(events)


@pytest.fixture(scope="module")
def corpus(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[pd.DataFrame, list[ParsedDocument], Path]:
    docs = _documents(12)
    frame = _events(400, len(docs))
    out = tmp_path_factory.mktemp("dataset")
    with pytest.MonkeyPatch.context() as mp:  # tiny row groups: windows span many of them
        mp.setattr(dataset_store, "EVENT_ROW_GROUP", 16)
        write_frame_dataset(frame, out, documents=docs)
    return frame, docs, out


@pytest.fixture()
def dataset(corpus: tuple[pd.DataFrame, list[ParsedDocument], Path]) -> Any:
    with EventDataset.open(corpus[2]) as ds:
        yield ds


def _lookups(docs: list[ParsedDocument]) -> tuple[dict[str, str], dict[str, str]]:
    kind_of: dict[str, str] = {}
    for d in docs:
        for e in d.entities:
            kind_of.setdefault(e.canonical, e.kind)
    return kind_of, {d.document.doc_id: d.document.source for d in docs}


def test_layout_and_metadata(corpus: tuple[pd.DataFrame, list[ParsedDocument], Path]) -> None:
    frame, docs, out = corpus
    assert is_dataset(out)
    years = sorted(p.name for p in (out / "events").iterdir())
    assert years == sorted({f"year={s[:4]}" for s in frame["start"]})
    assert all((out / "events" / y / "part-0.parquet").is_file() for y in years)
    ds = EventDataset.open(out)
    assert len(ds) == len(frame)
    assert ds.meta["documents"] == len(docs)
    assert ds.time_bounds() == (frame["t0"].min(), frame["t1"].max())


def test_not_a_dataset(tmp_path: Path) -> None:
    assert not is_dataset(tmp_path)
    (tmp_path / "_nkviewer.json").write_text("{not json", encoding="utf-8")
    assert not is_dataset(tmp_path)
    with pytest.raises(InputError, match="cannot read"):
        EventDataset.open(tmp_path)
    with pytest.raises(InputError, match="not an nkviewer event dataset"):
        EventDataset.open(tmp_path / "missing")


def test_all_events_round_trip(corpus: Any, dataset: EventDataset) -> None:
    frame = corpus[0]
    back = dataset.to_frame()
    assert list(back.columns) == list(frame.columns)
    assert records(back) == records(frame)
    assert back["t0"].tolist() == frame["t0"].tolist()


@pytest.mark.parametrize(
    "window", [(14700.0, 14710.0), (15000.0, 15400.0), (0.0, 1e6), (14000.0, 14610.0)]
)
def test_events_in_window(corpus: Any, dataset: EventDataset, window: tuple[float, float]) -> None:
    frame = corpus[0]
    a, b = window
    want = frame[(frame["t1"] > a) & (frame["t0"] < b)]
    got = dataset.events_in(a, b)
    assert got["event_id"].tolist() == want["event_id"].tolist()
    assert records(got) == records(want)
    assert dataset.events_in(a, b, limit=3)["event_id"].tolist() == want["event_id"].tolist()[:3]


FILTERS = [
    EventFilter(),
    EventFilter(text="kim"),
    EventFilter(text="KIM xi"),
    EventFilter(text="정상"),
    EventFilter(start=14700.0, end=15500.0),
    EventFilter(modalities=frozenset({"expected"})),
    EventFilter(actors=frozenset({"Wang Yi", "Choe Son-hui"})),
    EventFilter(lanes=frozenset({"China", ""})),
    EventFilter(facets={"person": frozenset({"Kim Jong-un"})}),
    EventFilter(facets={"place": frozenset({"Beijing"}), "country": frozenset({"Russia"})}),
    EventFilter(facets={"source": frozenset({"Yonhap", "TASS"})}, text="talks"),
    EventFilter(
        facets={"person": frozenset({"Xi Jinping"})},
        modalities=frozenset({"happened"}),
        start=14800.0,
    ),
]


@pytest.mark.parametrize("flt", FILTERS, ids=range(len(FILTERS)))
def test_filters_match_in_memory(corpus: Any, dataset: EventDataset, flt: EventFilter) -> None:
    frame, docs, _ = corpus
    kind_of, source_of = _lookups(docs)
    want = frame[flt.mask(frame, kind_of=kind_of, source_of_doc=source_of)]
    assert dataset.to_frame(flt)["event_id"].tolist() == want["event_id"].tolist()
    assert dataset.count(flt) == len(want)
    assert (
        dataset.events_in(14600.0, 15000.0, filters=flt)["event_id"].tolist()
        == want[(want["t1"] > 14600.0) & (want["t0"] < 15000.0)]["event_id"].tolist()
    )
    if flt != EventFilter():
        assert 0 < len(want) < len(frame)  # the case means something


def test_filters_and_facets_match_the_window(corpus: Any, dataset: EventDataset) -> None:
    """The same answers as the filter dock's engine (nkviewer.events.facets)."""
    from nkviewer.events import facets

    frame, docs, _ = corpus
    kind_of, source_of = _lookups(docs)
    engine = facets.FilterEngine(frame, kind_of=kind_of, source_of_doc=source_of)
    for flt in FILTERS:
        if flt.actors or flt.lanes:
            continue  # not filters of the dock
        state = facets.FilterState(
            text=flt.text,
            facets=dict(flt.facets),
            start=flt.start,
            end=flt.end,
            modalities=flt.modalities,
        )
        mine = EventFilter.from_state(state)
        want = engine.apply(state)["event_id"].tolist()
        assert dataset.to_frame(mine)["event_id"].tolist() == want
        assert dataset.facet_counts(mine) == engine.counts(state)


@pytest.mark.parametrize("group_by", ["country", "actor", "source", "none"])
def test_count_bins(corpus: Any, dataset: EventDataset, group_by: str) -> None:
    frame, docs, _ = corpus
    kind_of, source_of = _lookups(docs)
    keys = {
        "country": frame["lane"],
        "actor": frame["actors"].map(lambda a: a[0] if a else ""),
        "source": frame["doc_source"],
        "none": pd.Series([""] * len(frame)),
    }[group_by].map(lambda k: k or "Other")
    lanes = dataset.lanes(group_by)
    assert sorted(lanes) == sorted(set(keys)) if group_by != "none" else lanes == ["All events"]
    if "Other" in lanes:
        assert lanes[-1] == "Other"
    for flt in (None, EventFilter(text="kim"), EventFilter(facets={"source": frozenset({"TASS"})})):
        mask = (
            np.ones(len(frame), bool)
            if flt is None
            else flt.mask(frame, kind_of=kind_of, source_of_doc=source_of)
        )
        for a, b, bins in ((14600.0, 15600.0, 7), (0.0, 30000.0, 100), (14700.5, 14701.0, 3)):
            got = dataset.count_bins(a, b, bins, group_by=group_by, filters=flt)
            assert got.shape == (len(lanes), bins)
            t0 = frame["t0"].to_numpy()
            for row, lane in enumerate(lanes):
                sel = mask & (keys.to_numpy() == lane) if group_by != "none" else mask
                sel = sel & (t0 >= a) & (t0 < b)
                idx = np.minimum(((t0[sel] - a) * bins / (b - a)).astype(int), bins - 1)
                assert got[row].tolist() == np.bincount(idx, minlength=bins).tolist()
    with pytest.raises(ValueError):
        dataset.count_bins(10.0, 10.0, 5)
    with pytest.raises(ValueError):
        dataset.lanes("planet")


def test_documents_on_demand(corpus: Any, dataset: EventDataset) -> None:
    docs = corpus[1]
    for parsed in docs:
        got = dataset.document(parsed.document.doc_id)
        assert got.to_json() == parsed.to_json()
    assert dataset.document_ids() == sorted(d.document.doc_id for d in docs)
    with pytest.raises(KeyError):
        dataset.document("nope")


def test_empty_dataset(tmp_path: Path) -> None:
    write_frame_dataset(events_to_frame([]), tmp_path / "empty")
    with EventDataset.open(tmp_path / "empty") as ds:
        assert len(ds) == 0
        assert ds.time_bounds() is None
        assert ds.lanes() == []
        assert ds.count_bins(0.0, 10.0, 4).shape == (0, 4)
        assert ds.events_in(-math.inf, math.inf).empty
        assert ds.facet_counts()["person"] == []


def test_a_hostile_dataset_metadata_file_is_refused_without_hanging(tmp_path: Path) -> None:
    """A folder's `_nkviewer.json` is input too: nested 100,000 deep, or a named pipe, it is
    refused with a message (issue 12, point 3)."""
    import os

    from nkviewer.corpus.dataset_store import META_FILE, read_meta

    deep = tmp_path / "deep"
    deep.mkdir()
    (deep / META_FILE).write_text("[" * 100_000 + "]" * 100_000)
    assert not is_dataset(deep)
    with pytest.raises(InputError, match="nested too deeply"):
        read_meta(deep)
    pipe = tmp_path / "pipe"
    pipe.mkdir()
    os.mkfifo(pipe / META_FILE)
    assert not is_dataset(pipe)
    with pytest.raises(InputError, match="named pipe"):
        read_meta(pipe)


def test_decoded_row_groups_stay_within_the_cache_limit(
    dataset: EventDataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nkviewer.corpus import dataset as dataset_module

    monkeypatch.setattr(dataset_module, "_GROUP_CACHE", 5)
    monkeypatch.setattr(dataset_module, "_SPARSE_SHARE", 0.0)  # groups decoded whole, kept
    lo, hi = float(dataset._ix().t0.min()), float(dataset._ix().t1.max())
    step = (hi - lo) / 40
    seen = 0
    first = dataset.events_in(lo, lo + step)
    first_groups = set(dataset._groups)
    for k in range(40):  # panning across the whole dataset, window by window
        seen += len(dataset.events_in(lo + k * step, lo + (k + 1) * step))
    assert seen >= len(dataset._ix().t0)  # every event was decoded at some point
    assert 0 < len(dataset._groups) <= 5
    from nkviewer.export.data import records

    assert first_groups and not first_groups & set(dataset._groups)  # let go...
    again = dataset.events_in(lo, lo + step)  # ...so read and decoded again
    assert len(first) > 0 and records(again) == records(first)


def test_cached_answers_do_not_wait_for_another_threads_query(
    dataset: EventDataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window's thread reads lanes, counts and decoded events while a worker's query (a
    facet count) is still running: only the caches' lock is shared, never held for a query."""
    import threading

    flt = EventFilter(lanes=frozenset({"China"}))
    lo, hi = float(dataset._ix().t0.min()), float(dataset._ix().t1.max())
    dataset.count_bins(lo, hi + 1, 10, filters=flt)  # the mask, lane codes, binned arrays
    dataset.events_in(lo, lo + 30)  # decoded row groups
    started, release = threading.Event(), threading.Event()
    query = dataset._query

    def slow_query(sql: str, *args: Any) -> Any:
        if "unnest(facets)" in sql:
            started.set()
            assert release.wait(30)
        return query(sql, *args)

    monkeypatch.setattr(dataset, "_query", slow_query)
    answers: list[Any] = []

    def read() -> None:  # what a paint or a click on the window's thread asks
        answers.append(dataset.lanes("country"))
        answers.append(int(dataset.count_bins(lo, hi + 1, 10, filters=flt).sum()))
        answers.append(len(dataset.events_in(lo, lo + 30)))

    worker = threading.Thread(target=dataset.facet_counts)
    reader = threading.Thread(target=read)
    worker.start()
    try:
        assert started.wait(30)
        reader.start()
        reader.join(30)  # held up by the query, it would still wait here
        assert not reader.is_alive() and worker.is_alive() and not release.is_set()
        assert answers[0] and answers[1] == dataset.count(flt) and answers[2] > 0
    finally:
        release.set()
        worker.join(30)
        reader.join(30)


def test_a_result_two_threads_want_is_computed_once(
    dataset: EventDataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading
    import time

    dataset._ids_job.result(30)  # (its query, made after opening, is not counted)
    calls: list[str] = []
    gate = threading.Event()
    query = dataset._query

    def counting_query(sql: str, *args: Any) -> Any:
        calls.append(sql)
        assert gate.wait(30)
        return query(sql, *args)

    monkeypatch.setattr(dataset, "_query", counting_query)
    flt = EventFilter(lanes=frozenset({"Russia"}))
    counts: list[int] = []
    threads = [threading.Thread(target=lambda: counts.append(dataset.count(flt))) for _ in "ab"]
    threads[0].start()
    while not calls:  # the first is querying...
        time.sleep(0.01)
    threads[1].start()  # ...when the second asks for the same mask
    time.sleep(0.2)
    gate.set()
    for t in threads:
        t.join(30)
    assert len(calls) == 1 and len(counts) == 2 and counts[0] == counts[1] > 0


def test_closing_while_another_thread_queries(corpus: Any) -> None:
    """The window closes a dataset whose worker is querying: no error in the closing thread
    (DuckDB refuses to close a connection busy with a cursor), the query there ends, later
    ones are refused, and the connection is closed when the last query is over."""
    import threading

    import duckdb

    ds = EventDataset.open(corpus[2])
    reading, release = threading.Event(), threading.Event()
    results: list[Any] = []

    def read(cur: Any) -> Any:
        reading.set()
        assert release.wait(30)
        return cur.fetchall()

    def worker() -> None:
        try:
            results.append(ds._query("SELECT count(*) FROM events", read=read))
        except duckdb.Error as exc:
            results.append(exc)

    t = threading.Thread(target=worker)
    t.start()
    assert reading.wait(30)
    ds.close()  # while the worker's cursor is open
    release.set()
    t.join(30)
    assert len(results) == 1
    with pytest.raises(duckdb.Error):
        ds.count(EventFilter(lanes=frozenset({"China"})))
    concurrent.futures.wait([ds._ids_job], 30)  # (the id index' query, if it ran, ends too)
    with pytest.raises(duckdb.Error):
        ds._con.execute("SELECT 1")  # closed by the last query as it ended


def test_a_closed_datasets_caches_are_freed_in_the_background(corpus: Any) -> None:
    from nkviewer.corpus import dataset as dataset_module

    ds = EventDataset.open(corpus[2])
    lo, hi = float(ds._ix().t0.min()), float(ds._ix().t1.max())
    ds.events_in(lo, hi)
    decoded = ds._groups
    assert len(decoded) > 0
    ds.close()  # returns without freeing them on the closing thread...
    assert len(ds._groups) == 0
    dataset_module._JANITOR.executor().submit(lambda: None).result(30)
    assert len(decoded) == 0  # ...the janitor thread has


def test_opening_returns_before_the_index_is_read(
    corpus: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window's thread opens a dataset without reading its index (0.2-0.5 s at 10^6
    events): a worker reads it, the first use waits for it, the count comes from the metadata
    meanwhile."""
    import threading

    release = threading.Event()
    make_index = EventDataset._make_index

    def slow_index(self: EventDataset) -> Any:
        assert release.wait(30)
        return make_index(self)

    monkeypatch.setattr(EventDataset, "_make_index", slow_index)
    opened: list[EventDataset] = []
    opener = threading.Thread(target=lambda: opened.append(EventDataset.open(corpus[2])))
    opener.start()
    opener.join(30)
    try:
        assert opened and not opener.is_alive()  # returned while the index was not read
        ds = opened[0]
        assert len(ds) == len(corpus[0]) and ds._index is None
    finally:
        release.set()
    assert ds.count(EventFilter(lanes=frozenset({"China"}))) == int(
        (corpus[0]["lane"] == "China").sum()
    )
    assert len(ds) == len(corpus[0]) and ds._index is not None
    ds.close()


def test_lookups_by_id_come_from_the_id_index(corpus: Any, dataset: EventDataset) -> None:
    """Once the id index is read, `find`, `passing` and `values_of` answer a few ids without
    a query over every event (at 10^6 events 0.1-0.3 s on the window's thread), the same as
    that query; ids whose hashes collide are told apart by their stored id."""
    frame = corpus[0]
    ids = [frame["event_id"].iloc[i] for i in (0, 17, 200, 399)] + ["nope"]
    flt = EventFilter(lanes=frozenset({"China"}))
    dataset.count(flt)  # the filter's mask, as a refilter's worker leaves it
    assert dataset._ids_job.result(30) is not None  # read after opening
    asked: list[str] = []
    query = dataset._query

    def counting(sql: str, *args: Any, **kw: Any) -> Any:
        asked.append(sql)
        return query(sql, *args, **kw)

    dataset._query = counting  # type: ignore[method-assign]
    found = dataset.find(ids)
    passing = dataset.passing(ids, flt)
    titles = dataset.values_of(ids, "title")
    assert asked and not any("FROM events" in sql for sql in asked)
    assert not dataset._groups  # only the rows looked up were decoded, no whole row group
    want = frame[frame["event_id"].isin(ids)].sort_values("t0", kind="stable")
    assert records(found) == records(want.reset_index(drop=True))
    assert passing == set(want.loc[want["lane"] == "China", "event_id"])
    assert titles == dict(zip(want["event_id"], want["title"], strict=True))
    every = np.arange(len(frame))  # as if every id's hash collided with every other's
    dataset._rids_of = lambda wanted: every  # type: ignore[method-assign]
    assert records(dataset.find(ids)) == records(want.reset_index(drop=True))
    assert dataset.passing(ids, flt) == passing
    assert dataset.values_of(ids, "title") == titles


def test_a_dataset_closed_as_it_opens_closes_its_connection(corpus: Any) -> None:
    """The DuckDB connection is made by the opener's thread and an idle one is closed by the
    janitor's (each up to 0.08 s on a busy machine, once on the window's thread per reopen):
    closed at once after opening, before or after the connection exists, it ends closed."""
    import duckdb

    from nkviewer.corpus import dataset as dataset_mod

    for _ in range(3):
        ds = EventDataset.open(corpus[2])
        ds.close()
        concurrent.futures.wait([ds._index_job, ds._ids_job], 30)
        dataset_mod._JANITOR.executor().submit(lambda: None).result(30)
        with pytest.raises(duckdb.Error):
            ds._con.execute("SELECT 1")
        with pytest.raises(duckdb.Error):
            ds.count(EventFilter(lanes=frozenset({"China"})))


def test_documents_are_found_by_the_index_in_memory(corpus: Any, dataset: EventDataset) -> None:
    """Once the documents' index is read (after opening), a document costs one query on its
    part file, and one not in the dataset none (the Source panel asks one per report shown)."""
    docs = corpus[1]
    assert dataset._docs_job.result(30) is not None
    asked: list[str] = []
    query = dataset._query

    def counting(sql: str, *args: Any, **kw: Any) -> Any:
        asked.append(sql)
        return query(sql, *args, **kw)

    dataset._query = counting  # type: ignore[method-assign]
    for parsed in docs[:3]:
        assert dataset.document(parsed.document.doc_id).to_json() == parsed.to_json()
    assert len(asked) == 3 and not any(dataset_store.DOC_INDEX in sql for sql in asked)
    with pytest.raises(KeyError):
        dataset.document("nope")
    assert len(asked) == 3


def test_duckdb_gives_freed_memory_back(dataset: EventDataset) -> None:
    """DuckDB's allocator returns what a query freed (a background thread), with the memory limit
    and thread count asked for: without it the window kept the memory of its largest query."""
    settings = dict(
        dataset._query(
            "SELECT name, value FROM duckdb_settings() WHERE name IN "
            "('allocator_background_threads', 'threads')"
        )
    )
    assert settings["allocator_background_threads"] == "true"
    assert int(settings["threads"]) == dataset_module.QUERY_THREADS
