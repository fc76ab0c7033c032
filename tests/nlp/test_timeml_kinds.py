"""`bench.timeml_eval.error_kind`: the kinds the wrong values are counted by (`--kinds`).

The expressions and values are made up for these tests; no gold file is read.
"""

from __future__ import annotations

from datetime import date

import pytest

from bench.timeml import GoldTimex
from bench.timeml_eval import Pred, Score, error_kind, kinds_report

DCT = date(2026, 3, 12)  # a Thursday

# fmt: off
KINDS: list[tuple[str, str, str, str, str]] = [
    # gold text, gold value, predicted text, predicted value, the kind's first words
    ("Monday night", "2026-03-09", "Monday night", "2026-03-09TNI", "gold convention: part"),
    ("this week", "2026-W7", "this week", "2026-W07", "gold convention: week"),
    ("1987", "1987-XX", "1987", "1987", "gold convention: unknown digits"),
    ("the 1970s", "197X", "the 1970s", "197", "gold convention: unknown digits"),
    ("Saturday", "2026-03-14", "Saturday", "2026-03-07", "weekday: taken as past"),
    ("Monday", "2026-03-09", "Monday", "2026-03-16", "weekday: taken as ahead"),
    ("Friday", "2026-02-20", "Friday", "2026-03-06", "weekday: gold over a week"),
    ("Friday", "2026-03-05", "Friday", "2026-03-06", "weekday: gold's day is another"),
    ("last week", "P1W", "last week", "2026-W10", "duration read as a point"),
    ("two years", "P2Y", "two years", "P3Y", "duration: another length"),
    ("last month", "2026-02-XX", "last month", "2026-03", "last/this/next"),
    ("in June", "2025-06", "June", "2026-06", "yearless month"),
    ("1999", "1999-05", "1999", "1999", "coarser or finer"),
]
# fmt: on


@pytest.mark.parametrize(("gtext", "gvalue", "ptext", "pvalue", "kind"), KINDS)
def test_error_kinds(gtext: str, gvalue: str, ptext: str, pvalue: str, kind: str) -> None:
    gold = GoldTimex(0, len(gtext), gtext, "DATE", gvalue)
    pred = Pred(0, len(ptext), ptext, "DATE", pvalue)
    assert error_kind(gold, pred, DCT).startswith(kind)


def test_a_missed_expression_and_the_report() -> None:
    gold = GoldTimex(0, 4, "then", "DATE", "2026-03-01")
    assert error_kind(gold, None, DCT) == "missed"
    a, b = Score(), Score()
    a.kinds["missed"] += 2
    b.kinds["other"] += 1
    lines = kinds_report({"A": a, "B": b, "all": Score()}).splitlines()
    assert lines[1].split()[-2:] == ["2", "0"] and lines[1].startswith("missed")
    assert lines[2].split()[-2:] == ["0", "1"]
