"""Label widths from the per-character advance table (`model.advances`) against the font.

The renderer places labels with widths summed per character and measures only the labels it
draws where that sum is an estimate: a drawn label never runs past the room it was given (so
labels never overlap), and a title that fits is never shortened.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from PySide6.QtGui import QColor, QImage, QPainter

from nkviewer.events.record import Event
from nkviewer.events.table import events_to_frame
from nkviewer.render.timeline import RenderOptions, TimelineRenderer

TITLES = (
    "AVAV To Ty Wa: Yoon and Putin agree",  # kerning pairs
    "Office fi fl ffi official traffic",  # ligatures
    "김정은 위원장, 블라디보스토크에서 푸틴 대통령과 정상회담",
    "시진핑 주석 평양 방문",
    "Ça va? naïve café in Zürich",
    "e\u0301te\u0301 combining accents",
    "مرحبا بالعالم: القمة في الرياض",
    "नमस्ते दुनिया शिखर सम्मेलन",
    "Москва и Пекин подписали соглашение",
    "東京で首脳会談",
    "Kim 😀 heads to Russia",
    "A very long title that certainly will not fit in the room a crowded row can give it",
)


@pytest.fixture(autouse=True)
def _app(qapp: object) -> None:
    """Text measurement needs a QGuiApplication."""


def _frame(n: int = 120) -> pd.DataFrame:
    events = []
    for i in range(n):
        day = 1 + (i * 7) % 28
        events.append(
            Event(
                event_id=f"e{i}",
                title=TITLES[i % len(TITLES)],
                start=f"2019-03-{day:02d}",
                end=f"2019-03-{day:02d}",
                granularity="day",
                timex_value="2019-03",
                time_text="March",
                time_start=0,
                time_end=1,
                sentence="x",
                sentence_start=0,
                sentence_end=1,
                doc_id="d",
                doc_path="p",
                lane=("France", "Korea", "Russia")[i % 3],
            )
        )
    return events_to_frame(events)


def test_summed_widths_match_the_font() -> None:
    r = TimelineRenderer(RenderOptions())
    r.set_frame(_frame(len(TITLES)))
    idx = np.arange(len(TITLES))
    widths = r.text_widths(idx)
    shaped = r._shaped[idx]
    for i in idx.tolist():
        title = r.model.arrays.titles[i]
        exact = r.fm.horizontalAdvance(title)
        if not shaped[i]:  # the sum is exact, or over by a ligature's saving
            assert exact - 1e-6 <= widths[i] <= exact + 1.0, title
        else:  # a few shaped titles per batch are measured as laid out
            assert widths[i] == exact, title
    scripts = {r.model.arrays.titles[i] for i in idx.tolist() if shaped[i]}
    assert scripts == {t for t in TITLES if t.startswith(("مرحبا", "नमस्ते", "Kim 😀"))}


def test_shaped_titles_beyond_the_batch_budget_are_placed_by_their_estimate(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from nkviewer.render import timeline

    monkeypatch.setattr(timeline, "SHAPED_EXACT_PER_CALL", 0)
    r = TimelineRenderer(RenderOptions())
    r.set_frame(_frame(len(TITLES)))
    idx = np.arange(len(TITLES))
    widths = r.text_widths(idx)
    for i in np.flatnonzero(r._shaped[idx]).tolist():
        title = r.model.arrays.titles[i]
        assert widths[i] >= r.fm.horizontalAdvance(title)  # these scripts: an upper bound
        room = r.fm.horizontalAdvance(title) - 5.0
        assert r.fm.horizontalAdvance(r.elided(i, room)) <= room  # measured before drawn
        assert r.elided(i, widths[i]) == title


@pytest.mark.parametrize("days", [3.0, 10.0, 40.0])
def test_drawn_labels_stay_in_their_room_and_fitting_ones_are_whole(days: float) -> None:
    r = TimelineRenderer(RenderOptions(interactive=True))
    r.set_frame(_frame())
    t0 = float(r.model.arrays.t0.min()) - 1
    image = QImage(1000, 500, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    p = QPainter(image)
    scene = r.paint(p, 1000, 500, t0, t0 + days)
    p.end()
    g = scene.glyphs
    lab = g.labels
    shown = np.flatnonzero(lab.shown)
    assert len(shown) > 5
    drawn: dict[float, list[tuple[float, float]]] = {}
    for k in shown.tolist():
        i, room, x = int(g.idx[k]), float(lab.width[k]), float(lab.x[k])
        text = r.elided(i, room)
        width = r.fm.horizontalAdvance(text)
        assert width <= room + 1e-6, (text, width, room)
        title = r.model.arrays.titles[i]
        if r.fm.horizontalAdvance(title) <= room:
            assert text == title  # never shortened when it fits
        drawn.setdefault(float(g.label_y[k]), []).append((x, x + width))
    for spans in drawn.values():  # labels of one row never run into each other
        spans.sort()
        for (_, end), (start, _) in itertools.pairwise(spans):
            assert end <= start + 1e-6


def test_a_new_table_takes_the_widths_summed_for_the_last_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A filter, hide or edit gives the renderer a new table of mostly the same titles: simple
    titles already summed are not summed again, and every width (and shaped flag) is the one a
    fresh renderer finds; shaped titles are worked out again (their estimates are measured)."""
    full = _frame(len(TITLES) * 3)
    r = TimelineRenderer(RenderOptions())
    r.set_frame(full)
    r.text_widths(np.arange(len(full)))
    summed: list[str] = []
    real = r._advances.widths

    def counting(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        summed.extend(texts)
        return real(texts)

    monkeypatch.setattr(r._advances, "widths", counting)
    part = full.iloc[::2].reset_index(drop=True)
    r.set_frame(part)
    idx = np.arange(len(part))
    widths = r.text_widths(idx)
    fresh = TimelineRenderer(RenderOptions())
    fresh.set_frame(part)
    assert widths.tolist() == fresh.text_widths(idx).tolist()
    assert r._shaped[idx].tolist() == fresh._shaped[idx].tolist()
    shaped = {t for t in TITLES if t.startswith(("مرحبا", "नमस्ते", "Kim 😀"))}
    assert summed and set(summed) <= shaped  # only shaped titles were summed again
    r.set_options(font_px=15)  # another font: nothing summed before holds
    other = TimelineRenderer(RenderOptions(font_px=15))
    other.set_frame(part)
    assert r.text_widths(idx).tolist() == other.text_widths(idx).tolist() != widths.tolist()


def test_a_table_made_in_a_worker_brings_the_widths_measured_of_the_last_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The worker making the next table (`prepare(previous=...)`) carries over the widths the
    renderer measured of the table drawn, by title, in a new order and with titles of its
    own: the window measures only titles it never measured (and shaped ones, worked out
    again), and every width and shaped flag is the one a fresh renderer finds."""
    from nkviewer.model.timeline import prepare

    full = _frame(len(TITLES) * 3)
    r = TimelineRenderer(RenderOptions())
    r.set_frame(full, prepared=prepare(full))
    r.text_widths(np.arange(0, len(full) - len(TITLES)))  # the last titles' rows: not measured
    # a new table: a part of the last one, a title edited, in the order a new sort gives
    part = full.iloc[::-2].copy()
    part.loc[part.index[0], "title"] = "A title never measured before"
    part = part.sort_values("t0", kind="stable").reset_index(drop=True)
    taken: list[int] = []
    real = TimelineRenderer.text_widths

    def counting(self: TimelineRenderer, idx: np.ndarray) -> np.ndarray:
        taken.extend(idx[np.isnan(self._text_w[idx])].tolist())
        return real(self, idx)

    r.set_frame(part, prepared=prepare(part, previous=[r.model]))
    r.model  # noqa: B018 - the model's widths are the renderer's once it is made
    monkeypatch.setattr(TimelineRenderer, "text_widths", counting)
    idx = np.arange(len(part))
    widths = r.text_widths(idx)
    monkeypatch.undo()
    fresh = TimelineRenderer(RenderOptions())
    fresh.set_frame(part)
    assert widths.tolist() == fresh.text_widths(idx).tolist()
    assert r._shaped[idx].tolist() == fresh._shaped[idx].tolist()
    measured = set(full["title"].iloc[: len(full) - len(TITLES)])
    shaped = {t for t in TITLES if t.startswith(("مرحبا", "नमस्ते", "Kim 😀"))}
    again = {part["title"].iloc[i] for i in taken}
    assert "A title never measured before" in again
    assert again <= (set(part["title"]) - measured) | shaped
    assert len(taken) < len(part) // 2
    # a table of one title's events, then every event again (Clear Filters): the widths
    # measured of the tables before the one drawn come along too
    one = full[full["title"] == TITLES[8]].reset_index(drop=True)
    r.set_frame(one, prepared=prepare(one, previous=[r.model]))
    r.text_widths(np.arange(len(one)))
    again_full = full.copy()
    r.set_frame(again_full, prepared=prepare(again_full, previous=[r.model]))
    r.model  # noqa: B018
    taken.clear()
    monkeypatch.setattr(TimelineRenderer, "text_widths", counting)
    everything = np.arange(len(again_full))
    r.text_widths(everything)
    monkeypatch.undo()
    assert {again_full["title"].iloc[i] for i in taken} <= shaped | {
        "A title never measured before"
    }
    fresh.set_frame(again_full)
    assert r.text_widths(everything).tolist() == fresh.text_widths(everything).tolist()
    # another font: its widths are its own, none carried from this one
    big = TimelineRenderer(RenderOptions(font_px=15))
    big.set_frame(part, prepared=prepare(part, previous=[r.model]))
    other = TimelineRenderer(RenderOptions(font_px=15))
    other.set_frame(part)
    assert big.text_widths(idx).tolist() == other.text_widths(idx).tolist() != widths.tolist()
