"""The SemEval-2015 entity-timeline bench: reading, sentence offsets and scoring (no pipeline)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import shared_benchmarks

from bench.semeval_timelines import (
    CORPUS_DIR,
    TIMELINE_DIR,
    Article,
    GoldEvent,
    detokenise,
    mentions_target,
    read_article,
    read_timeline,
    score,
    span_of,
)
from nkviewer.events.record import Event

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def data() -> Path:
    return shared_benchmarks() / "semeval2015-task4-trial"


def test_detokenise() -> None:
    assert detokenise("January 12 , 2007") == "January 12, 2007"
    assert detokenise("Apple 's iPhone ( the phone ) .") == "Apple's iPhone (the phone)."
    assert detokenise('<EVENT eid="e1">made</EVENT> it') == "made it"


def test_sentences_map_to_offsets(data: Path) -> None:
    for path in sorted((data / CORPUS_DIR).glob("*.tml"))[:5]:
        art = read_article(path)
        assert art.sentence_ids == sorted(art.sentence_ids)
        lines = art.text.split("\n")
        assert len(lines) == len(art.sentence_ids)
        for sid, start, line in zip(art.sentence_ids, art.sentence_starts, lines, strict=True):
            assert art.text[start : start + len(line)] == line
            assert art.sentence_at(start) == sid
            assert art.sentence_at(start + len(line) - 1) == sid


def test_timelines_read(data: Path) -> None:
    timelines = [read_timeline(p) for p in sorted((data / TIMELINE_DIR).glob("*.txt"))]
    assert len(timelines) == 6
    for target, events in timelines:
        assert target and events
        for g in events:
            assert g.mentions
            if g.date:
                first, last = span_of(g.date)
                assert first <= last


def test_span_of() -> None:
    assert span_of("2006-03") == (date(2006, 3, 1), date(2006, 3, 31))
    assert span_of("2008-06-09") == (date(2008, 6, 9), date(2008, 6, 9))
    assert span_of("1976") == (date(1976, 1, 1), date(1976, 12, 31))


def _event_for(art: Article, sid: int, when: str, name: str) -> Event:
    k = art.sentence_ids.index(sid)
    start = art.sentence_starts[k]
    first, last = span_of(when)
    return Event(
        event_id=f"{art.doc_id}-{sid}",
        title=name,
        start=first.isoformat(),
        end=last.isoformat(),
        granularity="day",
        timex_value=when,
        time_text="x",
        time_start=start,
        time_end=start + 1,
        sentence=name,
        sentence_start=start,
        sentence_end=start + 1,
        doc_id=art.doc_id,
        doc_path=str(art.path),
        actors=[name],
    )


def test_scorer_gives_full_marks_to_the_gold_itself(data: Path) -> None:
    articles = [read_article(p) for p in sorted((data / CORPUS_DIR).glob("*.tml"))]
    by_id = {a.doc_id: a for a in articles}
    target, gold = read_timeline(data / TIMELINE_DIR / "iphone_4.txt")
    events = [
        _event_for(by_id[doc], sid, g.date, target)
        for g in gold
        if g.date
        for doc, sid in g.mentions[:1]
        if doc in by_id
    ]
    (row,) = score(articles, events, [(target, gold)])
    reachable = sum(1 for g in gold if g.date and g.mentions[0][0] in by_id)
    assert row["gold_dated"] == sum(1 for g in gold if g.date)
    assert row["strict"] == row["lenient"] == reachable > 0
    (empty,) = score(articles, [], [(target, gold)])
    assert empty["strict"] == 0 and len(empty["misses"]) == empty["gold_dated"]


def test_a_wrong_date_scores_nothing(data: Path) -> None:
    art = read_article(sorted((data / CORPUS_DIR).glob("*.tml"))[0])
    gold = [GoldEvent("2001-02-03", ((art.doc_id, art.sentence_ids[0]),))]
    wrong = _event_for(art, art.sentence_ids[0], "2001-02-04", "Steve Jobs")
    (row,) = score([art], [wrong], [("Steve Jobs", gold)])
    assert (row["strict"], row["lenient"]) == (0, 0)


def test_mentions_target_matches_whole_words() -> None:
    art = Article("1", Path("x"), "", date(2000, 1, 1), "")
    art.sentence_ids, art.sentence_starts = [1], [0]
    e = _event_for(art, 1, "2000-01-01", "x")
    e.sentence = "Jobs unveiled the iPhone 4 today."
    assert mentions_target(e, ("iPhone 4",))
    assert mentions_target(e, ("Steve Jobs", "Jobs"))
    assert not mentions_target(e, ("iPhone 3G",))
    e.sentence = "The iPhone 45 is fictional."
    assert not mentions_target(e, ("iPhone 4",))
