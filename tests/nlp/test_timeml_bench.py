"""The TimeML reader and scorer of bench/ on a few gold files (skipped without ../shared)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import shared_benchmarks

from bench.timeml import iter_corpus, parse_timeml, read_timeml
from bench.timeml_eval import (
    Score,
    evaluate,
    gold_as_predictions,
    predictions,
    report,
    score_doc,
)

pytestmark = pytest.mark.shared


def gold_files(n: int = 3) -> list[Path]:
    root = shared_benchmarks() / "timeml-tbaq"
    return (
        sorted((root / "TimeBank").glob("*.tml"))[:n] + sorted((root / "AQUAINT").glob("*.tml"))[:1]
    )


def test_reader_keeps_exact_offsets_and_the_dct() -> None:
    for path in gold_files():
        doc = read_timeml(path)
        assert doc.timexes, path
        assert "<" not in doc.text or "&lt;" not in doc.text
        for t in doc.timexes:
            assert doc.text[t.start : t.end] == t.text
            assert t.type in ("DATE", "TIME", "DURATION", "SET") and t.value


def test_reader_on_a_small_document() -> None:
    source = (
        '<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08">19980108</TIMEX3></DCT>'
        '<TEXT>It rose &amp; fell <TIMEX3 tid="t1" type="DATE" value="1998-01-07">yesterday'
        '</TIMEX3>, <EVENT eid="e1">said</EVENT> analysts.</TEXT></TimeML>'
    )
    doc = parse_timeml(source, name="x")
    assert doc.text == "It rose & fell yesterday, said analysts."
    assert doc.dct.isoformat() == "1998-01-08"
    [t] = doc.timexes
    assert (t.text, t.start, t.value) == ("yesterday", 15, "1998-01-07")


def test_the_gold_itself_scores_one() -> None:
    total = Score()
    for path in gold_files():
        doc = read_timeml(path)
        total.add(score_doc(doc, gold_as_predictions(doc)))
    figures = total.figures()
    assert figures["F1"] == figures["strict_F1"] == figures["value_acc"] == 1.0


def test_no_predictions_score_zero() -> None:
    doc = read_timeml(gold_files(1)[0])
    figures = score_doc(doc, []).figures()
    assert figures["R"] == figures["value_acc"] == 0.0


def test_evaluation_runs_and_reports() -> None:
    root = shared_benchmarks() / "timeml-tbaq"
    docs = [d for d, _ in zip(iter_corpus(root, "TimeBank"), range(3), strict=False)]
    scores = evaluate(docs)
    assert set(scores) == {"TimeBank", "all"}
    figures = scores["all"].figures()
    assert all(0.0 <= v <= 1.0 for v in figures.values())
    assert scores["all"].gold == sum(len(d.timexes) for d in docs)
    text = report(scores)
    assert "TimeBank" in text and "DATE" in text


def test_range_mentions_are_scored_as_two_endpoints() -> None:
    from datetime import date

    from nkviewer.ingest.document import PublishedDate
    from nkviewer.nlp.timex import find_timexes

    text = "The summit was held on April 24 and 25 in Washington."
    preds = predictions(find_timexes(text), PublishedDate.day(date(1999, 2, 10), "user"))
    assert [(p.text, p.value) for p in preds] == [("April 24", "1999-04-24"), ("25", "1999-04-25")]
