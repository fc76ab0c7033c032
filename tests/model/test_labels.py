"""Label placement: no overlap with labels or glyphs, inside the plot, elided with an ellipsis."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from nkviewer.model.labels import ELLIPSIS, approx_width, elide, next_in_row, place_labels


def _random_rows(seed: int, n: int = 300) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(seed)
    row = rng.integers(0, 5, n)
    x0 = rng.uniform(100, 1500, n)
    bar = rng.random(n) < 0.3
    x1 = np.where(bar, x0 + rng.uniform(3, 400, n), x0 + 9)
    text_w = rng.uniform(30, 300, n)
    return row, x0, x1, bar, text_w


@pytest.mark.parametrize("seed", range(5))
def test_shown_labels_overlap_neither_labels_nor_glyphs_of_their_row(seed: int) -> None:
    row, x0, x1, bar, text_w = _random_rows(seed)
    # Glyphs of one row must not overlap for placement to be meaningful: keep the first of each.
    keep = np.ones(len(row), bool)
    for r in np.unique(row):
        sel = np.flatnonzero(row == r)
        sel = sel[np.argsort(x0[sel])]
        end = -np.inf
        for i in sel:
            if x0[i] < end:
                keep[i] = False
            else:
                end = x1[i]
    row, x0, x1, bar, text_w = (a[keep] for a in (row, x0, x1, bar, text_w))
    p = place_labels(row, x0, x1, text_w, x_min=100.0, x_max=1500.0, is_bar=bar)
    shown = np.flatnonzero(p.shown)
    assert len(shown) > 0
    assert np.all(p.width[shown] <= text_w[shown] + 1e-9)
    assert np.all(p.x[shown] >= 100.0) and np.all(p.x[shown] + p.width[shown] <= 1500.0 + 1e-9)
    out = shown[~p.inside[shown]]  # a label outside its glyph: left or right of it, not over it
    assert np.all((p.x[out] + p.width[out] <= x0[out]) | (p.x[out] >= x1[out]))
    for r in np.unique(row):
        spans = [(p.x[i], p.x[i] + p.width[i]) for i in shown if row[i] == r]
        spans.sort()
        for (_a0, a1), (b0, _) in itertools.pairwise(spans):
            assert a1 <= b0 + 1e-9
        glyphs = [(x0[i], x1[i]) for i in range(len(row)) if row[i] == r]
        for i in shown:
            if row[i] != r:
                continue
            for j, (g0, g1) in enumerate(glyphs):
                own = x0[i] == g0 and x1[i] == g1
                if not own and not p.inside[i]:
                    assert p.x[i] + p.width[i] <= g0 + 1e-9 or p.x[i] >= g1 - 1e-9, j


def test_labels_go_inside_wide_bars_and_after_markers() -> None:
    row = np.array([0, 0, 1])
    x0 = np.array([200.0, 700.0, 200.0])
    x1 = np.array([600.0, 709.0, 209.0])
    bar = np.array([True, False, False])
    text_w = np.array([120.0, 80.0, 2000.0])
    p = place_labels(row, x0, x1, text_w, x_min=150, x_max=1200, is_bar=bar)
    assert p.shown.tolist() == [True, True, True]
    assert p.inside.tolist() == [True, False, False]
    assert p.x[0] == pytest.approx(205.0)  # inside, after the padding
    assert p.x[1] == pytest.approx(713.0)  # after the marker
    assert p.width[2] == pytest.approx(1200 - 213.0)  # shortened at the plot's edge


def test_a_label_without_room_is_hidden() -> None:
    row = np.array([0, 0])
    x0 = np.array([200.0, 230.0])
    x1 = np.array([209.0, 239.0])
    p = place_labels(row, x0, x1, np.array([150.0, 40.0]), x_min=150, x_max=1200)
    assert p.shown.tolist() == [False, True]


def test_sticky_label_of_a_bar_that_starts_off_screen() -> None:
    p = place_labels(
        np.array([0]), np.array([-500.0]), np.array([900.0]), np.array([100.0]),
        x_min=150, x_max=1200, is_bar=np.array([True]),
    )  # fmt: skip
    assert p.inside[0] and p.x[0] == pytest.approx(155.0)


def test_next_in_row() -> None:
    nxt = next_in_row(np.array([0, 1, 0, 0]), np.array([50.0, 10.0, 5.0, 90.0]))
    assert nxt.tolist() == [90.0, np.inf, 50.0, np.inf]


def measure(text: str) -> float:
    return approx_width(text, 7.0)


def test_elide_fits_and_prefers_a_word_boundary() -> None:
    title = "Kim Jong-un met Vladimir Putin in Vladivostok for their first summit"
    assert elide(title, 10_000, measure) == title
    short = elide(title, 200, measure)
    assert short.endswith(ELLIPSIS) and measure(short) <= 200
    assert short == "Kim Jong-un met Vladimir…"  # cut after a whole word, not "Pu…"
    assert elide(title, 3, measure) == ""


def test_elide_counts_hangul_as_wide() -> None:
    title = "김정은 위원장, 블라디보스토크에서 푸틴 대통령과 정상회담"
    short = elide(title, 150, measure)
    assert measure(short) <= 150 and short.endswith(ELLIPSIS) and short.startswith("김정은")


def test_a_label_cut_at_the_right_edge_runs_left_of_its_marker() -> None:
    """'Kim Jong-un…' at the plot's right edge with empty space beside it: the label goes left
    of its marker, whole, instead of being cut."""
    row = np.array([0, 0])
    x0 = np.array([200.0, 1150.0])
    x1 = np.array([209.0, 1159.0])
    text_w = np.array([120.0, 300.0])
    p = place_labels(row, x0, x1, text_w, x_min=150, x_max=1200)
    assert p.shown.tolist() == [True, True]
    assert p.width[1] == pytest.approx(300.0)  # whole
    assert p.x[1] + p.width[1] == pytest.approx(1150.0 - 4.0)  # ends just before its marker
    assert p.x[1] >= p.x[0] + p.width[0] + 16.0  # clear of the previous label


def test_left_room_ends_at_the_previous_glyph_and_its_label() -> None:
    row = np.array([0, 0])
    x0 = np.array([900.0, 1150.0])
    x1 = np.array([909.0, 1159.0])
    # the first label, cut at the next marker on its right, goes left whole; the second then
    # has the space between the markers
    p = place_labels(row, x0, x1, np.array([400.0, 300.0]), x_min=150, x_max=1200)
    assert p.x[0] == pytest.approx(900.0 - 4.0 - 400.0) and p.width[0] == 400.0
    assert p.shown[1] and p.x[1] == pytest.approx(913.0) and p.width[1] == pytest.approx(233.0)
    # hemmed in on both sides: shortened where the room is larger (right of the first)
    p = place_labels(row, x0, x1, np.array([400.0, 300.0]), x_min=700, x_max=1200)
    assert p.x[0] == pytest.approx(913.0) and not p.shown[1]
    # a shorter first label leaves room: the second runs left as far as it can, shortened
    p = place_labels(row, x0, x1, np.array([60.0, 300.0]), x_min=150, x_max=1200)
    assert p.shown[1] and p.x[1] == pytest.approx(913.0 + 60.0 + 16.0)
    assert p.x[1] + p.width[1] == pytest.approx(1146.0) and p.width[1] < 300.0
    # a label that fits whole on the right stays there
    p = place_labels(row, x0, x1, np.array([60.0, 30.0]), x_min=150, x_max=1200)
    assert p.x[1] == pytest.approx(1163.0)


def test_a_bar_holding_its_label_is_taller_than_the_text() -> None:
    """In-bar labels never run over the bar's border: such a bar is the text's height plus a
    border and a pixel of air each side (within the row); other bars stay slim."""
    from nkviewer.model.labels import bar_heights

    text_h = 14.0  # a 12 px font's line height: the screen's 20 px rows hold it
    h = bar_heights(np.array([True, False]), 20.0, text_h)
    assert h[0] >= text_h + 2 * 1.0 + 2 and h[0] <= 20.0 - 2.0
    assert h[1] == 14.0
    roomy = bar_heights(np.array([True]), 30.0, text_h)
    assert roomy[0] == text_h + 4.0


def test_the_hover_label_shows_the_whole_title() -> None:
    from nkviewer.model.labels import hover_label

    # room on the right: there, whole
    assert hover_label(300.0, 309.0, 500.0, 150.0, 1200.0) == (315.0, 500.0)
    # at the right edge: left of the glyph, whole
    x, w = hover_label(1100.0, 1109.0, 500.0, 150.0, 1200.0)
    assert w == 500.0 and x + w == pytest.approx(1094.0)
    # neither side holds it: against the right edge, still whole
    x, w = hover_label(600.0, 609.0, 700.0, 150.0, 1200.0)
    assert w == 700.0 and x + w <= 1200.0 and x >= 150.0
    # wider than the plot: as wide as the plot allows
    x, w = hover_label(600.0, 609.0, 5000.0, 150.0, 1200.0)
    assert x >= 150.0 and x + w <= 1200.0 and w > 1000.0
