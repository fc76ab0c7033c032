"""`AdvanceTable`: label widths summed from per-character advances, each character asked once."""

from __future__ import annotations

import numpy as np

from nkviewer.model.advances import AdvanceTable, LabelWidths


class Measure:
    """A fake font: every character has its own advance; counts what it was asked."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def __call__(self, text: str) -> float:
        self.asked.append(text)
        return sum(3.0 + (ord(ch) % 7) * 0.5 for ch in text)


def test_widths_are_the_sums_of_the_characters_advances() -> None:
    measure = Measure()
    table = AdvanceTable(measure)
    texts = ["Kim met Putin", "", "한국어 제목", "a", "", "Xi 🙂 again", "x" * 500]
    widths, shaped = table.widths(texts)
    assert widths.tolist() == [Measure()(t) for t in texts]
    # simple text is exact; beyond the BMP the sum is only an estimate
    assert shaped.tolist() == [False, False, False, False, False, True, False]
    assert sorted(measure.asked) == sorted(set("".join(texts)))  # one character at a time, once


def test_a_second_batch_asks_only_for_new_characters() -> None:
    measure = Measure()
    table = AdvanceTable(measure)
    table.widths(["abc", "cab"])
    measure.asked.clear()
    widths, _ = table.widths(["bad", "cabbage"])
    assert sorted(measure.asked) == ["d", "e", "g"]
    assert widths.tolist() == [Measure()("bad"), Measure()("cabbage")]


def test_shaped_scripts_and_control_characters_are_flagged() -> None:
    table = AdvanceTable(Measure())
    texts = ["مرحبا", "नमस्ते", "tab\there", "zero\u200dwidth", "Ελλάδα", "Москва", "東京"]
    _, shaped = table.widths(texts)
    assert shaped.tolist() == [True, True, True, True, False, False, False]


def test_no_texts() -> None:
    widths, shaped = AdvanceTable(Measure()).widths([])
    assert len(widths) == 0 and len(shaped) == 0 and shaped.dtype == np.bool_


def test_the_width_of_one_text_is_the_same_sum() -> None:
    measure = Measure()
    table = AdvanceTable(measure)
    for text in ("Kim met Putin", "", "한국어 제목", "Xi 🙂 again"):
        assert table.width(text) == Measure()(text)
    assert sorted(measure.asked) == sorted(set("Kim met Putin한국어 제목Xi 🙂 again"))


def test_label_widths_carried_to_another_table_are_the_simple_titles_measured() -> None:
    """`LabelWidths.carried` gives each title of a new table the width measured of its text
    in the last one, where that was measured and simple (a shaped title's width depends on
    the batch that measured it: worked out again); `merge` fills in only what is missing."""
    old = LabelWidths.empty(5)
    old.text[:] = [10.0, 20.0, np.nan, 40.0, 50.0]
    old.shaped[3] = True
    old.exact[1] = 19.5
    new = old.carried(np.array([4, -1, 1, 2, 3, 0, 1]))
    assert np.array_equal(new.text, [50.0, np.nan, 20.0, np.nan, np.nan, 10.0, 20.0], True)
    assert np.array_equal(new.exact, [np.nan, np.nan, 19.5, np.nan, np.nan, np.nan, 19.5], True)
    assert not new.shaped.any()
    mine = LabelWidths.empty(7)
    mine.text[[0, 1, 3]] = [99.0, 11.0, 33.0]
    mine.shaped[3] = True
    new.merge(mine)
    assert np.array_equal(new.text, [50.0, 11.0, 20.0, 33.0, np.nan, 10.0, 20.0], True)
    assert new.shaped.tolist() == [False, False, False, True, False, False, False]
