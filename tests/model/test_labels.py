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


# Labels into free rows: a label cut or hidden in its own row moves to a free row of its lane.


def _crowded_lane(seed: int, n_rows: int = 6, busy_rows: int = 3, n: int = 60) -> tuple:
    """Markers packed in the first `busy_rows` rows of one lane of `n_rows` (plus bars)."""
    rng = np.random.default_rng(seed)
    row = rng.integers(0, busy_rows, n)
    x0 = rng.uniform(100, 1500, n)
    bar = rng.random(n) < 0.2
    x1 = np.where(bar, x0 + rng.uniform(3, 250, n), x0 + 9)
    keep = np.ones(n, bool)  # glyphs of one row never overlap (the packer's promise)
    for r in np.unique(row):
        sel = np.flatnonzero(row == r)
        end = -np.inf
        for i in sel[np.argsort(x0[sel])]:
            keep[i] = x0[i] >= end + 2
            end = x1[i] if keep[i] else end
    row, x0, x1, bar = (a[keep] for a in (row, x0, x1, bar))
    text_w = rng.uniform(60, 320, len(row))
    lo = np.zeros(len(row), np.int64)
    return row.astype(np.int64), x0, x1, bar, text_w, lo, lo + n_rows - 1


def _free(row, x0, x1, bar, text_w, lo, hi, **kw):  # type: ignore[no-untyped-def]
    from nkviewer.model.labels import into_free_rows

    own = place_labels(row, x0, x1, text_w, x_min=100.0, x_max=1500.0, is_bar=bar)
    moved = into_free_rows(
        own, row, x0, x1, text_w, row_lo=lo, row_hi=hi, x_min=100.0, x_max=1500.0, **kw
    )
    return own, moved


def _assert_clear(row, x0, x1, p, lo, hi, blockers=()) -> None:  # type: ignore[no-untyped-def]
    """Shown labels meet no other label and no glyph of the row they are drawn in, stay in
    their lane and in the plot; a label in another row keeps 16 px from what precedes it."""
    shown = np.flatnonzero(p.shown)
    lab_row = row + p.shift
    assert np.all((lab_row[shown] >= lo[shown]) & (lab_row[shown] <= hi[shown]))
    assert np.all(p.x[shown] >= 100.0 - 1e-9)
    assert np.all(p.x[shown] + p.width[shown] <= 1500.0 + 1e-9)
    for i in shown:
        a, b = p.x[i], p.x[i] + p.width[i]
        for j in shown:
            if j != i and lab_row[j] == lab_row[i]:
                assert b <= p.x[j] + 1e-9 or a >= p.x[j] + p.width[j] - 1e-9, (i, j)
        for j in range(len(row)):
            if row[j] != lab_row[i] or (j == i and p.inside[i]):
                continue
            assert b <= x0[j] + 1e-9 or a >= x1[j] - 1e-9, (i, j)
            if p.shift[i] != 0:  # nothing of its new row right before it, read as its owner
                assert a >= x1[j] + 16.0 - 1e-9 or b <= x0[j] + 1e-9, (i, j)
        for k, g0, g1 in blockers:
            if k == lab_row[i] and p.shift[i] != 0:
                assert b <= g0 + 1e-9 or a >= g1 - 1e-9


@pytest.mark.parametrize("seed", range(6))
def test_labels_in_free_rows_overlap_nothing_and_stay_in_their_lane(seed: int) -> None:
    row, x0, x1, bar, text_w, lo, hi = _crowded_lane(seed)
    blockers = ((3, 600.0, 700.0), (4, 300.0, 900.0))
    keys, a, b = (np.array(v) for v in zip(*blockers, strict=True))
    own, p = _free(row, x0, x1, bar, text_w, lo, hi, blockers=(keys, a, b))
    _assert_clear(row, x0, x1, p, lo, hi, blockers)
    assert np.all(p.width[p.shown] <= text_w[p.shown] + 1e-9)
    assert (p.shift != 0).any()
    # a label never loses room by moving, and labels placed whole in their row stay there
    have = np.where(own.shown, own.width, 0.0)
    assert np.all(np.where(p.shown, p.width, 0.0) >= have - 1e-9)
    whole = own.shown & (own.width >= text_w - 0.5)
    assert np.all(p.shift[whole] == 0) and np.all(p.x[whole] == own.x[whole])


@pytest.mark.parametrize("seed", range(6))
def test_a_crowded_lane_shows_more_labels_whole_with_free_rows(seed: int) -> None:
    row, x0, x1, bar, text_w, lo, hi = _crowded_lane(seed)
    own, p = _free(row, x0, x1, bar, text_w, lo, hi)
    whole = lambda q: int((q.shown & (q.width >= text_w - 0.5)).sum())  # noqa: E731
    assert p.shown.sum() > own.shown.sum()
    assert whole(p) > whole(own)
    # the busy rows alone (no empty row): fewer gains, still clear of everything
    _own3, busy = _free(row, x0, x1, bar, text_w, lo, lo + 2)
    _assert_clear(row, x0, x1, busy, lo, lo + 2)
    assert whole(own) <= whole(busy) <= whole(p)
    # a lane of one row has no other row: nothing moves
    one = np.zeros(len(row), np.int64)
    own1, same = _free(one, x0, x1, bar, text_w, lo, lo)
    assert np.array_equal(same.x, own1.x) and not (same.shift != 0).any()


def test_a_label_is_shortened_only_when_no_row_has_room() -> None:
    """Two markers 120 px apart in row 1 of a three-row lane: the first's 300 px title is cut
    at the second marker; row 0 above is free, so it goes there whole, as a caption starting at
    its marker. With row 0 and row 2 taken by a long bar, it stays in its row, shortened."""
    row = np.array([1, 1])
    x0 = np.array([400.0, 520.0])
    x1 = x0 + 9.0
    text_w = np.array([300.0, 80.0])
    lo, hi = np.zeros(2, np.int64), np.full(2, 2, np.int64)
    own, p = _free(row, x0, x1, None, text_w, lo, hi)
    assert own.shown[0] and own.width[0] < 300.0  # cut in its own row
    assert p.shown[0] and p.width[0] == 300.0 and p.shift[0] == -1 and p.x[0] == 400.0
    assert p.shift[1] == 0 and p.width[1] == 80.0  # the second needed no move
    # rows above and below taken where the title would run: shortened in its own row
    row3 = np.array([1, 1, 0, 2])
    x0b = np.array([400.0, 520.0, 380.0, 380.0])
    x1b = np.array([409.0, 529.0, 1400.0, 1400.0])
    bar = np.array([False, False, True, True])
    tw = np.array([300.0, 80.0, 50.0, 50.0])
    lo4, hi4 = np.zeros(4, np.int64), np.full(4, 2, np.int64)
    own, p = _free(row3, x0b, x1b, bar, tw, lo4, hi4)
    assert p.shift[0] == 0 and p.shown[0] and p.width[0] == own.width[0] < 300.0
    _assert_clear(row3, x0b, x1b, p, lo4, hi4)


def test_a_label_hidden_in_its_row_shows_in_a_free_row() -> None:
    """A marker hemmed in by its neighbours (no 90 px anywhere in its row) has its label
    hidden; the free row below takes it, ending at its marker since a bar takes the right."""
    row = np.array([0, 0, 0, 1, 1])
    x0 = np.array([400.0, 440.0, 480.0, 460.0, 200.0])
    x1 = np.array([409.0, 449.0, 489.0, 1400.0, 300.0])  # row 1: bars on both sides
    text_w = np.array([40.0, 200.0, 30.0, 50.0, 50.0])
    bar = np.array([False, False, False, True, True])
    lo, hi = np.zeros(5, np.int64), np.full(5, 1, np.int64)
    own, p = _free(row, x0, x1, bar, text_w, lo, hi)
    assert not own.shown[1]
    assert p.shown[1] and p.shift[1] == 1
    assert p.x[1] + p.width[1] == 449.0  # ends at its marker, clear of the bar on the right
    assert p.x[1] == 300.0 + 16.0 and p.width[1] < 200.0  # shortened: no row holds it whole
    _assert_clear(row, x0, x1, p, lo, hi)
