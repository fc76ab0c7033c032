"""The two corpus states behind the window, Qt-free: the same behaviour table run against the
corpus in memory and an event dataset of the same events (issue 14). A refilter answers with a
`Refiltered` result either way (at once in memory, from a worker thread for a dataset); a result
that a newer request superseded is never shown."""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

import pandas as pd
import pytest
import qt_sample

from nkviewer.app import memory
from nkviewer.app.memory import MemoryCorpus
from nkviewer.app.state import CorpusState, Curation, FacetsCounted, Refiltered, ViewFetched
from nkviewer.errors import NkviewerError
from nkviewer.events.facets import FilterState
from nkviewer.events.table import empty_frame

ALL = {"ev-summit", "ev-visit", "ev-moon"}


class Delivered:
    """What a dataset's worker threads hand back through its callbacks."""

    def __init__(self) -> None:
        self.refiltered: list[Refiltered] = []
        self.views: list[ViewFetched] = []
        self.facets: list[FacetsCounted] = []
        self.threads: set[str] = set()

    def _note(self) -> None:
        self.threads.add(threading.current_thread().name)

    def on_refiltered(self, result: Refiltered) -> None:
        self._note()
        self.refiltered.append(result)

    def on_view(self, result: ViewFetched) -> None:
        self._note()
        self.views.append(result)

    def on_facets(self, result: FacetsCounted) -> None:
        self._note()
        self.facets.append(result)

    def next_facets(self) -> FacetsCounted:
        """The oldest facet count not taken yet, waiting for it."""
        for _ in range(600):
            if self.facets:
                return self.facets.pop(0)
            threading.Event().wait(0.05)
        raise AssertionError("no facet count was delivered")


def memory_corpus(**kw: object) -> MemoryCorpus:
    corpus = MemoryCorpus(**kw)  # type: ignore[arg-type]
    corpus.add_documents(qt_sample.parsed_documents())
    corpus.set_raw(qt_sample.frame())
    return corpus


@pytest.fixture(params=["memory", "memory-worker", "dataset"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def delivered() -> Delivered:
    return Delivered()


@pytest.fixture
def state(kind: str, request: pytest.FixtureRequest, delivered: Delivered) -> Iterator[CorpusState]:
    made: CorpusState
    if kind == "memory":
        made = memory_corpus()
    elif kind == "memory-worker":  # edits applied in the worker, as in a large corpus
        monkeypatch = request.getfixturevalue("monkeypatch")
        monkeypatch.setattr(memory, "BACKGROUND_EVENTS", 0)
        made = memory_corpus(on_refiltered=delivered.on_refiltered)
    else:
        from nkviewer.app.dataset import DatasetCorpus

        made = DatasetCorpus.open(
            request.getfixturevalue("sample_dataset"),
            on_refiltered=delivered.on_refiltered,
            on_view=delivered.on_view,
            on_facets=delivered.on_facets,
        )
    show(made, refilter(made, curation=Curation()))  # as a window does when it opens one
    yield made
    made.close()


def refilter(
    state: CorpusState,
    filters: FilterState | None = None,
    selection: Sequence[str] = (),
    curation: Curation | None = None,
) -> Refiltered:
    """The refilter's result: given back at once, or prepared in the background."""
    result = state.refilter(filters or FilterState(), selection, curation)
    if result is None:
        assert state.pending
        result = state.wait(30)
    assert result is not None
    return result


def show(state: CorpusState, result: Refiltered) -> None:
    assert state.accept(result)
    assert not state.pending


def ids(state: CorpusState) -> set[str]:
    return set(state.view_events["event_id"])


def test_an_open_corpus_shows_every_event(state: CorpusState, kind: str) -> None:
    assert state.list_follows_view == (kind == "dataset")
    assert state.missing_document == (
        "The article is not in the dataset's document store."
        if kind == "dataset"
        else "The article is still loading…"
    )
    assert state.event_count() == state.shown_count() == state.view_total() == 3
    assert ids(state) == ALL
    assert state.document_count() == 2
    assert state.timeline_source().count() == state.overview_source().count() == 3
    assert state.supports("hidden") and state.supports("titles")


def test_filters_prune_the_selection_and_keep_its_order(state: CorpusState) -> None:
    result = refilter(state, FilterState(text="putin"), ["ev-moon", "ev-summit"])
    assert result.selection == ["ev-moon", "ev-summit"]
    assert result.kept == ["ev-summit"] and not result.events_changed
    assert list(result.view["event_id"]) == ["ev-summit"] and result.view_total == 1
    show(state, result)
    assert state.shown_count() == 1 and ids(state) == {"ev-summit"}
    assert state.event_count() == 3  # filters aside
    assert state.shown_of(["ev-visit", "ev-summit", "nope"]) == ["ev-summit"]
    show(state, refilter(state, FilterState(facets={"person": frozenset({"Xi Jinping"})})))
    assert ids(state) == {"ev-moon"}


def test_hidden_events_are_left_out_unless_shown(state: CorpusState) -> None:
    hide_moon = Curation(hidden=frozenset({"ev-moon"}))
    result = refilter(state, selection=["ev-moon", "ev-visit"], curation=hide_moon)
    assert result.events_changed and result.kept == ["ev-visit"]
    show(state, result)
    assert state.shown_count() == state.event_count() == 2 and ids(state) == ALL - {"ev-moon"}
    again = refilter(state, FilterState(text="met"))  # the edits stay applied
    assert not again.events_changed and set(again.view["event_id"]) == {"ev-summit"}
    show(state, again)
    shown_too = Curation(hidden=frozenset({"ev-moon"}), show_hidden=True)
    show(state, refilter(state, FilterState(text="met"), curation=shown_too))
    assert ids(state) == {"ev-summit", "ev-moon"} and state.event_count() == 3
    record = state.record("ev-moon")
    assert record is not None and bool(record["hidden"])


def test_a_retitled_event_keeps_its_extracted_title_apart(state: CorpusState) -> None:
    original = state.raw_title("ev-visit")
    assert original == "Wang Yi will visit Pyongyang"
    show(state, refilter(state, curation=Curation(titles={"ev-visit": "A visit, retitled"})))
    record = state.record("ev-visit")
    assert record is not None and record["title"] == "A visit, retitled"
    assert state.raw_title("ev-visit") == original
    assert "A visit, retitled" in set(state.view_events["title"])
    assert state.record("nope") is None and state.raw_title("nope") == ""


def test_a_superseded_refilter_is_never_shown(state: CorpusState) -> None:
    first = refilter(state, FilterState(text="putin"))
    second = refilter(state, FilterState(text="xi"))
    assert not state.accept(first)
    show(state, second)
    assert not state.accept(second)  # shown once
    assert ids(state) == {"ev-moon"}


def test_new_edits_are_announced_even_when_a_later_refilter_replaces_them(
    state: CorpusState,
) -> None:
    edited = refilter(state, curation=Curation(hidden=frozenset({"ev-visit"})))
    filtered = refilter(state, FilterState(text="met"))  # before the edit was shown
    assert edited.events_changed and filtered.events_changed
    assert not state.accept(edited)
    show(state, filtered)
    assert not refilter(state, FilterState()).events_changed


def test_documents_and_entity_kinds(state: CorpusState) -> None:
    parsed = state.document("doc-a")
    assert parsed is not None and parsed.document.text == qt_sample.TEXT_A
    kim = next(e for e in parsed.entities if e.text == "Kim Jong-un")
    beijing = next(e for e in qt_sample.parsed_documents()[1].entities if e.text == "Beijing")
    assert state.entity_kind(kim) == "person" and state.entity_kind(beijing) == "place"
    assert state.document("nope") is None


def test_facet_counts_are_the_same_in_memory_and_on_a_dataset(
    state: CorpusState, kind: str, delivered: Delivered
) -> None:
    show(state, refilter(state, FilterState(text="met")))
    counts = state.facet_counts()
    if kind == "dataset":  # counted in the background, taken on the owner's thread
        assert counts == {}
        assert state.accept_facets(delivered.next_facets())
        counts = state.facet_counts()
    want = memory_corpus()
    want.accept(want.refilter(FilterState(text="met"), []))
    assert counts == want.facet_counts() and counts["person"]
    assert not delivered.facets  # counted once


def test_facet_counts_for_filters_since_changed_are_counted_again(
    sample_dataset: Path, delivered: Delivered
) -> None:
    from nkviewer.app.dataset import DatasetCorpus

    state = DatasetCorpus.open(
        sample_dataset,
        on_refiltered=delivered.on_refiltered,
        on_view=delivered.on_view,
        on_facets=delivered.on_facets,
    )
    try:
        show(state, refilter(state, curation=Curation()))
        assert state.facet_counts() == {}  # counting for every event
        state.facet_counts()  # asked again meanwhile: not counted twice
        show(state, refilter(state, FilterState(text="putin")))
        first = delivered.next_facets()
        assert not delivered.facets
        assert state.accept_facets(first)  # the previous filters' counts, shown meanwhile
        assert state.facet_counts() == first.counts
        second = delivered.next_facets()  # and the new filters' asked for
        assert state.accept_facets(second) and second.counts != first.counts
        assert dict(state.facet_counts()["person"]) == {"Kim Jong-un": 1, "Vladimir Putin": 1}
        assert not delivered.facets
    finally:
        state.close()


def test_the_corpus_in_memory_applies_every_edit() -> None:
    corpus = memory_corpus()
    assert all(corpus.supports(e) for e in ("hidden", "titles", "dates", "published"))
    redate = Curation(dates={"ev-visit": ("2019-05-01", "2019-05-31", "month")})
    corpus.accept(corpus.refilter(FilterState(), [], redate))
    record = corpus.record("ev-visit")
    assert record is not None and (record["start"], record["end"]) == ("2019-05-01", "2019-05-31")
    assert corpus.knows("ev-visit") and not corpus.knows("nope")
    assert not corpus.list_follows_view and corpus.wait() is None
    assert not MemoryCorpus().rebuild({})  # no document to re-resolve


def test_a_dataset_lists_the_events_of_the_view_from_a_worker_thread(
    sample_dataset: Path, delivered: Delivered
) -> None:
    from nkviewer.app.dataset import DatasetCorpus
    from nkviewer.events.table import day_numbers

    state = DatasetCorpus.open(
        sample_dataset,
        on_refiltered=delivered.on_refiltered,
        on_view=delivered.on_view,
        on_facets=delivered.on_facets,
    )
    try:
        assert not state.supports("dates") and not state.supports("published")
        assert not state.rebuild({})  # its dates stay as extracted
        with pytest.raises(NkviewerError, match="read from disk"):
            state.set_raw(empty_frame())
        with pytest.raises(NkviewerError, match="read from disk"):
            state.add_documents([])
        assert state.refilter(FilterState(), [], Curation()) is None  # delivered later
        result = state.wait(30)
        assert result is not None and delivered.refiltered == [result]
        show(state, result)
        assert state.list_follows_view
        december = day_numbers(["2018-12-01", "2018-12-31"])
        state.set_view_range(float(december[0]), float(december[1]) + 1)
        state.request_view()
        for _ in range(300):
            if delivered.views:
                break
            threading.Event().wait(0.05)
        (fetched,) = delivered.views
        assert state.accept_view(fetched)
        assert ids(state) == {"ev-moon"} and state.view_total() == 1
        assert state.shown_count() == 3  # the timeline still draws every event
        assert threading.current_thread().name not in delivered.threads
        stale = refilter(state, FilterState(text="xi"))
        state.close()
        assert not state.accept(stale)  # nothing in flight lands once closed
        assert state.facet_counts() == {}
    finally:
        state.close()


def test_a_failed_refilter_is_no_longer_pending_and_keeps_the_state_shown(
    sample_dataset: Path, delivered: Delivered, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A dataset query that fails leaves the last state shown and is not "still applying"
    forever (the status bar's "Applying filters…" and an export waiting for it would be)."""
    from nkviewer.app.dataset import DatasetCorpus
    from nkviewer.model.source import DatasetSource

    state = DatasetCorpus.open(
        sample_dataset,
        on_refiltered=delivered.on_refiltered,
        on_view=delivered.on_view,
        on_facets=delivered.on_facets,
    )
    try:
        show(state, refilter(state, curation=Curation()))
        before = ids(state)

        def broken(self: DatasetSource) -> None:
            raise RuntimeError("a DuckDB error")

        monkeypatch.setattr(DatasetSource, "prepare", broken)
        assert state.refilter(FilterState(text="Kim"), []) is None
        assert state.wait(30) is None  # failed (and logged)
        assert not state.pending
        assert ids(state) == before
        monkeypatch.undo()
        show(state, refilter(state, FilterState(text="Kim")))  # the next one works
    finally:
        state.close()


def _random_curation(ids: list[str], rng: random.Random) -> Curation:
    picked = rng.sample(ids, min(len(ids), 12))
    return Curation(
        hidden=frozenset(picked[:4]),
        titles={e: f"Retitled {i}" for i, e in enumerate(picked[4:7])},
        dates={e: ("2019-05-01", "2019-05-31", "month") for e in picked[7:9]},
        show_hidden=rng.random() < 0.3,
    )


@pytest.mark.parametrize("seed", range(6))
def test_edits_applied_in_the_worker_give_what_they_give_at_once(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large corpus applies edits in its worker (and so does every refilter asked while they
    are applied): the events, the filtered events and the facet counts shown at the end are
    those the same edits and filters give on the window's thread."""
    from bench.synthetic import synthetic_frame

    rng = random.Random(seed)
    frame = synthetic_frame(rng.choice([30, 400, 3000]), years=3, seed=seed)
    ids = frame["event_id"].tolist()
    now = MemoryCorpus()
    now.set_raw(frame)
    delivered = Delivered()
    monkeypatch.setattr(memory, "BACKGROUND_EVENTS", 0)
    later = MemoryCorpus(on_refiltered=delivered.on_refiltered)
    later.set_raw(frame)
    try:
        for _ in range(4):
            curation = _random_curation(ids, rng)
            filters = rng.choice(
                [FilterState(), FilterState(text="a"), FilterState(start=17_000.0)]
            )
            at_once = now.refilter(filters, ids[:5], curation)
            assert at_once is not None and now.accept(at_once)
            assert later.refilter(FilterState(text="zzz"), ids[:5], curation) is None
            assert later.pending  # the previous state is shown meanwhile
            assert later.refilter(filters, ids[:5]) is None  # waits for the edits: a job too
            result = later.wait(30)
            assert result is not None and later.accept(result) and not later.pending
            assert result.kept == at_once.kept and result.events_changed
            pd.testing.assert_frame_equal(later.events, now.events)
            pd.testing.assert_frame_equal(later.filtered, now.filtered)
            assert later.facet_counts() == now.facet_counts()
        assert delivered.threads == {"nkviewer-curate_0"}
    finally:
        later.close()


def test_facet_counts_asked_while_the_worker_refilters_are_those_shown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """While a large corpus' refilter is in the worker, the facet counts are those of the
    state shown, counted by no one on the asking (window's) thread; the result brings the
    counts of the new filters."""
    from nkviewer.events.facets import FilterEngine

    monkeypatch.setattr(memory, "BACKGROUND_EVENTS", 0)
    state = memory_corpus(on_refiltered=Delivered().on_refiltered)
    try:
        show(state, refilter(state, curation=Curation()))
        shown = state.facet_counts()
        gate = threading.Event()
        counted_here: list[FilterState] = []
        real = FilterEngine.counts

        def counts(self: FilterEngine, filters: FilterState) -> object:
            if threading.current_thread() is threading.main_thread():
                counted_here.append(filters)
            else:
                gate.wait(20)
            return real(self, filters)

        monkeypatch.setattr(FilterEngine, "counts", counts)
        search = FilterState(text="Putin")
        assert state.refilter(search, []) is None and state.pending
        assert state.facet_counts() is shown
        assert counted_here == []
        gate.set()
        result = state.wait(30)
        assert result is not None and state.accept(result)
        assert state.facet_counts() == real(state._shown.engine, search)  # type: ignore[union-attr]
        assert counted_here == []
    finally:
        state.close()


def test_a_large_corpus_worker_refilters_with_short_gil_turns(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A large corpus' refilter (a search's masks, the list's sort keys: Python) runs under
    `short_gil_turns`, so the window's thread gets the GIL back within 0.5 ms, not 5 ms."""
    import sys

    from nkviewer.events.facets import FilterEngine
    from nkviewer.threads import SHORT_SWITCH_INTERVAL

    monkeypatch.setattr(memory, "BACKGROUND_EVENTS", 0)
    state = memory_corpus(on_refiltered=Delivered().on_refiltered)
    seen: list[float] = []
    real = FilterEngine.apply

    def apply(self: FilterEngine, filters: FilterState) -> pd.DataFrame:
        seen.append(sys.getswitchinterval())
        return real(self, filters)

    monkeypatch.setattr(FilterEngine, "apply", apply)
    try:
        show(state, refilter(state, FilterState(text="Putin"), curation=Curation()))
    finally:
        state.close()
    assert seen and all(s <= SHORT_SWITCH_INTERVAL for s in seen)


def test_a_failure_in_the_worker_keeps_the_state_shown_and_is_not_pending(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(memory, "BACKGROUND_EVENTS", 0)
    state = memory_corpus(on_refiltered=Delivered().on_refiltered)
    try:
        show(state, refilter(state, curation=Curation()))

        def broken(*args: object, **kw: object) -> None:
            raise RuntimeError("no memory")

        monkeypatch.setattr(memory, "curate", broken)
        assert state.refilter(FilterState(), [], Curation(hidden=frozenset({"ev-moon"}))) is None
        assert state.wait(30) is None and not state.pending
        assert ids(state) == ALL and "applying the edits failed" in caplog.text
        monkeypatch.undo()
        monkeypatch.setattr(memory, "BACKGROUND_EVENTS", 0)
        show(state, refilter(state, curation=Curation(hidden=frozenset({"ev-moon"}))))
        assert ids(state) == ALL - {"ev-moon"}
    finally:
        state.close()


@pytest.mark.parametrize("large", ["small", "events", "documents"])
def test_curations_and_rebuilds_are_made_in_the_worker_unless_small(
    large: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The raw events, their engines and the curated tables are made in the corpus' worker,
    which tells the window, for a large corpus; a small one makes them at once on its own
    thread (the worker idle), never waiting for the worker. A corrected publication date
    re-resolves the dates there too (5,000 documents took 35 s), the previous state shown
    meanwhile; a corpus of few events but many documents is not waited for either."""
    from datetime import date

    from nkviewer.corpus import pipeline
    from nkviewer.ingest.document import PublishedDate

    made_in: list[str] = []
    real_make, real_rebuild = MemoryCorpus._make, pipeline.rebuild_events

    def make(self: MemoryCorpus, *args: object) -> object:
        made_in.append(threading.current_thread().name)
        return real_make(self, *args)  # type: ignore[arg-type]

    def rebuild(*args: object, **kw: object) -> pd.DataFrame:
        made_in.append("rebuild in " + threading.current_thread().name)
        return real_rebuild(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(MemoryCorpus, "_make", make)
    monkeypatch.setattr(pipeline, "rebuild_events", rebuild)
    if large == "events":
        monkeypatch.setattr(memory, "BACKGROUND_EVENTS", 0)
    if large == "documents":  # its curations are waited for, its rebuild is not
        monkeypatch.setattr(memory, "BACKGROUND_DOCUMENTS", len(qt_sample.parsed_documents()))
    state = memory_corpus(on_refiltered=Delivered().on_refiltered)
    # where a small table is made (a corpus of many documents: until it is rebuilt)
    first = "nkviewer-curate_0" if large == "events" else "MainThread"
    worker = "MainThread" if large == "small" else "nkviewer-curate_0"  # the rebuild's
    try:
        show(state, refilter(state, curation=Curation()))
        assert made_in == [first]
        made_in.clear()
        before = state.events.copy()
        published = {"doc-b": PublishedDate.day(date(2020, 1, 2), "user")}
        assert state.rebuild(published)
        assert not made_in  # asked for, made with the next curation
        curation = Curation(hidden=frozenset({"ev-moon"}))
        result = state.refilter(FilterState(), [], curation)
        if large != "small":
            assert result is None and state.pending
            pd.testing.assert_frame_equal(state.events, before)  # shown until replaced
            result = state.wait(30)
        assert result is not None and result.events_changed
        show(state, result)
        want = real_rebuild(qt_sample.parsed_documents(), published=published)
        pd.testing.assert_frame_equal(state.raw, want)
        assert set(state.events["event_id"]) == set(want["event_id"]) - {"ev-moon"}
        show(state, refilter(state, FilterState(text="met")))  # made already: taken again
        assert made_in.count(f"rebuild in {worker}") == 1
        assert set(made_in) == {worker, f"rebuild in {worker}"}
    finally:
        state.close()


def test_a_small_refilter_asked_while_the_worker_is_busy_does_not_wait_for_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The worker still busy (here: held by the test after it delivered a large refilter, as a
    collection in it held it), a small corpus' refilter returns at once without waiting for it
    (it waited, 0.2-0.7 s turns in the seeds soak): the worker prepares it after what it is
    doing and `on_refiltered` brings it, the previous state shown meanwhile."""
    arrived, hold, freed = threading.Event(), threading.Event(), threading.Event()
    delivered = Delivered()
    first = [True]

    def on_refiltered(result: Refiltered) -> None:
        delivered.on_refiltered(result)
        if first[0]:  # the worker stays busy after handing over its first result
            first[0] = False
            arrived.set()
            hold.wait(30)
            freed.set()

    monkeypatch.setattr(memory, "BACKGROUND_EVENTS", 0)  # the first refilter in the worker
    state = memory_corpus(on_refiltered=on_refiltered)
    try:
        assert state.refilter(FilterState(), [], Curation()) is None
        assert arrived.wait(30)
        assert state.accept(delivered.refiltered[0]) and not state.pending
        monkeypatch.setattr(memory, "BACKGROUND_EVENTS", 10_000)  # small from now on
        hide_moon = Curation(hidden=frozenset({"ev-moon"}))
        assert state.refilter(FilterState(), ["ev-moon", "ev-visit"], hide_moon) is None
        assert not freed.is_set()  # returned while the worker was still held
        assert state.pending and ids(state) == ALL  # the previous state, until it lands
        hold.set()
        result = state.wait(30)
        assert result is not None and result.kept == ["ev-visit"] and result.events_changed
        show(state, result)
        assert ids(state) == ALL - {"ev-moon"} and freed.is_set()
        assert delivered.threads == {"nkviewer-curate_0"}
        # the worker idle again: at once, on this thread
        again = state.refilter(FilterState(text="putin"), [])
        assert again is not None and set(again.view["event_id"]) == {"ev-summit"}
    finally:
        hold.set()
        state.close()


def test_an_event_is_looked_up_by_id_without_scanning_or_copying_the_table(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`record`, `knows` and `raw_title` (each click, the Source panel) find an event's row in
    the worker's sort of the raw ids: neither the ids are compared cell by cell nor is the
    table copied, whether the event is shown, hidden, or unknown."""
    import pyarrow.compute as pc

    from nkviewer.model import timeline

    state = memory_corpus()
    show(state, refilter(state, curation=Curation(hidden=frozenset({"ev-moon"}))))
    show(state, refilter(state, FilterState(text="putin")))  # filters aside: every event
    scans: list[str] = []
    real_equal, real_is_in = pc.equal, pc.is_in

    def equal(*args: object, **kw: object) -> object:
        scans.append("equal")
        return real_equal(*args, **kw)

    def is_in(*args: object, **kw: object) -> object:
        scans.append("is_in")
        return real_is_in(*args, **kw)

    def no_scan(*args: object, **kw: object) -> object:
        raise AssertionError("the ids were scanned")

    def no_copy(*args: object, **kw: object) -> object:
        raise AssertionError("the table was copied")

    monkeypatch.setattr(pc, "equal", equal)
    monkeypatch.setattr(pc, "is_in", is_in)
    monkeypatch.setattr(timeline, "scan_positions", no_scan)
    monkeypatch.setattr(pd.DataFrame, "copy", no_copy)
    monkeypatch.setattr(pd.Series, "__eq__", no_scan)
    for event_id in ("ev-summit", "ev-visit"):
        record = state.record(event_id)
        assert record is not None and record["event_id"] == event_id
        assert not bool(record["hidden"]) and state.knows(event_id)
    hidden = state.record("ev-moon")  # not among the curated events: the extracted one
    assert hidden is not None and hidden["event_id"] == "ev-moon" and state.knows("ev-moon")
    assert state.raw_title("ev-visit") == "Wang Yi will visit Pyongyang"
    assert state.record("nope") is None and not state.knows("nope")
    assert state.record("") is None and state.raw_title("zzz") == ""
    assert scans == []
    state.close()
