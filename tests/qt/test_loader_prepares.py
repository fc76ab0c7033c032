"""A big loaded table's filter engine is made in the loader's thread, and the window's corpus
swaps it in instead of making it on the UI thread: it answers exactly as one made there would
(masks and facet counts), and it is used only for that table with the same documents read."""

from __future__ import annotations

from pathlib import Path

import pytest
import qt_sample
from pytestqt.qtbot import QtBot

from bench.synthetic import synthetic_frame
from nkviewer.app.memory import MemoryCorpus
from nkviewer.app.state import Curation
from nkviewer.events import facets
from nkviewer.events.facets import FilterEngine, FilterState, offer_engine, take_engine
from nkviewer.qt import loader
from nkviewer.qt.session import Session


def test_a_loaded_table_gets_the_engine_made_in_the_loader_thread(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "PREPARE_MIN", 1)  # the sample's tables are small
    offered: list[FilterEngine] = []

    def spy(engine: FilterEngine, documents: int) -> None:
        offered.append(engine)
        offer_engine(engine, documents)

    monkeypatch.setattr(loader, "offer_engine", spy)
    (tmp_path / "corpus").mkdir()
    session = Session()
    with qtbot.waitSignal(session.loader.finished, timeout=15_000):
        session.open([tmp_path / "corpus"], factory=qt_sample.fake_pipeline())
    qtbot.waitUntil(lambda: not session.loading)
    state = session.state
    assert isinstance(state, MemoryCorpus) and offered
    assert state._shown is not None
    engine = state._shown.raw_engine
    assert engine is offered[-1]  # swapped in, not made again
    assert engine.frame is state.raw
    sources = {d: p.document.source for d, p in state.documents.items()}
    fresh = FilterEngine(state.raw, kind_of=state.kinds.of, source_of_doc=sources)
    counts = fresh.counts(FilterState())
    assert any(counts.values())  # the sample has facets to compare
    states = [FilterState(), FilterState(text="kim")]
    states += [FilterState(facets={k: frozenset({v[0][0]})}) for k, v in counts.items() if v]
    for s in states:
        assert engine.mask(s).tolist() == fresh.mask(s).tolist(), s
        assert engine.counts(s) == fresh.counts(s), s
    session.shutdown()


def test_an_engine_made_ahead_is_taken_only_for_its_table_and_documents() -> None:
    frame = synthetic_frame(50, years=1, seed=3)
    other = synthetic_frame(50, years=1, seed=3)  # equal, but another table
    engine = FilterEngine(frame)
    offer_engine(engine, documents=2)
    assert take_engine(other, 2) is None
    assert take_engine(frame, 1) is None  # read with other documents: dropped
    assert take_engine(frame, 2) is None  # and taken once at most
    offer_engine(engine, documents=0)
    corpus = MemoryCorpus()  # no documents read
    corpus.set_raw(frame)
    result = corpus.refilter(FilterState(), [], Curation())
    assert result is not None and corpus.accept(result)
    assert corpus._shown is not None and corpus._shown.raw_engine is engine
    for _ in range(facets.OFFERED_MAX + 1):  # older offers make room for newer ones
        offer_engine(FilterEngine(other), documents=0)
    offer_engine(engine, documents=0)
    assert take_engine(frame, 0) is engine
