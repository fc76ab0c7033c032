"""Renderer layout that depends on measured text: the lane-header column fits the names."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontMetricsF

from nkviewer.events.record import Event
from nkviewer.events.table import events_to_frame
from nkviewer.render.timeline import HEADER_MAX, HEADER_MIN, RenderOptions, TimelineRenderer


@pytest.fixture(autouse=True)
def _app(qapp: object) -> None:
    """Text measurement needs a QGuiApplication."""


def ev(i: int, actor: str) -> Event:
    return Event(
        event_id=f"e{i}", title=f"{actor} spoke", start="2019-03-0" + str(i + 1),
        end="2019-03-0" + str(i + 1), granularity="day", timex_value="2019-03-01",
        time_text="March", time_start=0, time_end=1, sentence="x", sentence_start=0,
        sentence_end=1, doc_id="d", doc_path="p", lane="France", actors=[actor],
    )  # fmt: skip


@pytest.mark.parametrize("interactive", [True, False])
def test_lane_headers_are_wide_enough_for_the_names(interactive: bool) -> None:
    frame = events_to_frame([ev(0, "Emmanuel Macron"), ev(1, "Xi Jinping")])
    r = TimelineRenderer(RenderOptions(group_by="actor", interactive=interactive))
    r.set_frame(frame)
    assert "Emmanuel Macron" in r.model.lane_names
    name_w = QFontMetricsF(r.font_bold).horizontalAdvance("Emmanuel Macron")
    # draw_headers: name from x = 25, up to the chevron (22 px) or an 8 px margin
    room = r.header_px() - 25 - (22 if interactive else 8)
    assert room >= name_w
    g = r.geometry(1600, 800)
    assert g.plot.left() == r.header_px()
    # Short names keep the usual column; a very long one is capped (and elided when drawn).
    short = TimelineRenderer(RenderOptions(group_by="actor"))
    short.set_frame(events_to_frame([ev(0, "Kim")]))
    assert short.header_px() == HEADER_MIN
    long = TimelineRenderer(RenderOptions(group_by="actor"))
    long.set_frame(events_to_frame([ev(0, "Supreme People's Assembly Standing Committee " * 2)]))
    assert long.header_px() == HEADER_MAX
    fixed = TimelineRenderer(RenderOptions(group_by="actor", header_width=90.0))
    fixed.set_frame(frame)
    assert fixed.geometry(1600, 800).plot.left() == 90.0


@pytest.mark.parametrize("screen", [True, False])
def test_rows_hold_a_labelled_bar_with_its_text(screen: bool) -> None:
    """The row height leaves room for a bar around its label (see `labels.bar_heights`), with
    the fonts the screen and the exports really use."""
    import numpy as np

    from nkviewer.model.labels import bar_heights
    from nkviewer.render.fonts import ui_font

    r = TimelineRenderer(RenderOptions(), font=ui_font() if screen else None)
    text_h = r.fm.height()
    row_h = r.options.row_height
    h = float(bar_heights(np.array([True]), row_h, text_h)[0])
    assert h >= text_h + 2.0  # the text inside the borders
    assert h <= row_h - 2.0  # and rows still apart


def test_the_label_and_glyph_caches_stay_within_their_limits() -> None:
    from nkviewer.render import timeline

    r = TimelineRenderer(RenderOptions())
    for n in range(timeline.SPRITE_LIMIT + 50):  # a count badge for every count panned over
        r.sprite(("badge", str(n)), 1.0)
    for n in range(timeline.STATIC_TEXT_LIMIT + 50):
        r.static_text(f"label {n}")
    assert 0 < len(r._sprites) <= timeline.SPRITE_LIMIT
    assert 0 < len(r._static) <= timeline.STATIC_TEXT_LIMIT
    assert "label 0" not in r._static  # let go, and laid out again when asked
    assert r.static_text("label 0").text() == "label 0"
