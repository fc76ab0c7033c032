"""Image export, read back by independent readers: Pillow (PNG), ElementTree (SVG), pypdf (PDF)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PIL import Image
from pypdf import PdfReader
from PySide6.QtGui import QColor

from nkviewer.errors import ExportError
from nkviewer.events.record import Event
from nkviewer.events.table import day_number, events_to_frame
from nkviewer.export.images import ImageOptions, export_image
from nkviewer.model import palette

TITLES = {
    "North Korea": ["Kim visited Moscow", "Missile test condemned"],
    "China": ["Wang Yi met Lavrov"],
    "Russia": ["Putin hosted summit"],
}
KOREAN = "정상회담 개최"


def ev(i: int, start: str, end: str, title: str, lane: str, **kw: object) -> Event:
    return Event(
        event_id=f"e{i}", title=title, start=start, end=end,
        granularity="day" if start == end else "month", timex_value=start, time_text=start,
        time_start=0, time_end=1, sentence=title, sentence_start=0, sentence_end=1,
        doc_id=f"d{i % 2}", doc_path="p", lane=lane, **kw,  # type: ignore[arg-type]
    )  # fmt: skip


@pytest.fixture(autouse=True)
def _app(qapp: object) -> None:
    """A QApplication from pytest-qt, so widget tests later in the session still find one."""


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    events = [
        ev(1, "2019-02-10", "2019-02-10", TITLES["North Korea"][0], "North Korea"),
        ev(2, "2019-06-01", "2019-06-30", TITLES["North Korea"][1], "North Korea",
           modality="expected"),
        ev(3, "2019-03-05", "2019-03-05", TITLES["China"][0], "China",
           sources=[{"doc_id": "d0"}, {"doc_id": "d1"}, {"doc_id": "d2"}]),
        ev(4, "2019-09-20", "2019-09-20", TITLES["Russia"][0], "Russia", uncertain=True),
        ev(5, "2019-11-02", "2019-11-02", KOREAN, "South Korea"),
    ]  # fmt: skip
    return events_to_frame(events)


RANGE = (day_number("2019-01-01"), day_number("2020-01-01"))


def _plot_x(t: float, width: int, scale: float) -> int:
    """Pixel column of day `t` in a figure laid out like the renderer's (header 150, pad 14)."""
    plot_left, plot_w = 150.0, width - 150.0 - 14.0
    return round((plot_left + (t - RANGE[0]) / (RANGE[1] - RANGE[0]) * plot_w) * scale)


def _has_color(img: Image.Image, x: int, color: str, tol: int = 40) -> bool:
    rgb = np.asarray(img.convert("RGB"), dtype=int)
    target = np.array([int(color[i : i + 2], 16) for i in (1, 3, 5)])
    cols = rgb[:, max(0, x - 2) : x + 3, :]
    return bool((np.abs(cols - target).sum(axis=2) < tol).any())


def test_png_size_dpi_and_marks_where_the_events_are(tmp_path: Path, frame: pd.DataFrame) -> None:
    out = export_image(
        frame, tmp_path / "t.png", options=ImageOptions(width=1000, dpi=192, time_range=RANGE)
    )
    with Image.open(out) as img:
        assert img.size[0] == 2000  # 1000 layout px at 192 DPI
        assert img.info["dpi"][0] == pytest.approx(192, abs=0.05)
        img.load()
        nk = palette.lane_color("North Korea", 0)
        kim = day_number("2019-02-10") + 0.5
        assert _has_color(img, _plot_x(kim, 1000, 2.0), nk)
        empty = day_number("2019-04-20")  # no event of any lane near mid-April
        assert not _has_color(img, _plot_x(empty, 1000, 2.0), nk)
        faded_ru = palette.mix(palette.lane_color("Russia", 2), "#ffffff", 0.45)  # date uncertain
        assert _has_color(img, _plot_x(day_number("2019-09-20") + 0.5, 1000, 2.0), faded_ru)
        cn = palette.lane_color("China", 1)
        assert _has_color(img, _plot_x(day_number("2019-03-05") + 0.5, 1000, 2.0), cn)


def test_png_height_follows_the_lanes(tmp_path: Path, frame: pd.DataFrame) -> None:
    small = export_image(frame.iloc[:1], tmp_path / "a.png", options=ImageOptions(width=900))
    big = export_image(frame, tmp_path / "b.png", options=ImageOptions(width=900))
    with Image.open(small) as a, Image.open(big) as b:
        assert a.size[0] == b.size[0] == 900
        assert b.size[1] > a.size[1]
    fixed = export_image(frame, tmp_path / "c.png", options=ImageOptions(width=900, height=700))
    with Image.open(fixed) as c:
        assert c.size == (900, 700)


def test_svg_is_xml_with_the_titles_as_text(tmp_path: Path, frame: pd.DataFrame) -> None:
    out = export_image(frame, tmp_path / "t.svg", options=ImageOptions(title="Spring talks"))
    root = ET.parse(out).getroot()
    assert root.tag.endswith("svg")
    texts = " ".join("".join(el.itertext()) for el in root.iter() if el.tag.endswith("text"))
    for title in [t for ts in TITLES.values() for t in ts] + ["Spring talks"]:
        assert title in texts
    # Qt writes a run of text per font: the Hangul words and the space between come apart.
    assert KOREAN.replace(" ", "") in texts.replace(" ", "")
    assert "5 events from 3 articles" in texts


def test_pdf_opens_and_its_text_holds_the_titles(tmp_path: Path, frame: pd.DataFrame) -> None:
    out = export_image(frame, tmp_path / "t.pdf", options=ImageOptions(title="Spring talks"))
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())  # pypdf puts tabs between words
    for title in [t for ts in TITLES.values() for t in ts] + ["Spring talks"]:
        assert title in text
    assert KOREAN.replace(" ", "") in text.replace(" ", "")


def test_pdf_on_an_a4_landscape_page(tmp_path: Path, frame: pd.DataFrame) -> None:
    out = export_image(frame, tmp_path / "t.pdf", options=ImageOptions(page="a4"))
    box = PdfReader(out).pages[0].mediabox
    assert float(box.width) == pytest.approx(841.9, abs=1.5)
    assert float(box.height) == pytest.approx(595.3, abs=1.5)


def test_dark_theme_on_request(tmp_path: Path, frame: pd.DataFrame) -> None:
    out = export_image(frame, tmp_path / "d.png", options=ImageOptions(width=800, theme="dark"))
    with Image.open(out) as img:
        r, g, b = img.convert("RGB").getpixel((img.size[0] - 3, 3))
        assert max(r, g, b) < 80


def test_zero_events_is_an_error_and_writes_nothing(tmp_path: Path, frame: pd.DataFrame) -> None:
    target = tmp_path / "none.png"
    with pytest.raises(ExportError, match="no events"):
        export_image(frame.iloc[:0], target, options=ImageOptions())
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_a_range_without_events_is_an_error(tmp_path: Path, frame: pd.DataFrame) -> None:
    with pytest.raises(ExportError, match="time range"):
        export_image(frame, tmp_path / "x.svg", options=ImageOptions(time_range=(0.0, 100.0)))


def test_unwritable_paths_give_clear_errors(tmp_path: Path, frame: pd.DataFrame) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        export_image(frame, tmp_path / "missing" / "t.png", options=ImageOptions())
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="cannot write"):
        export_image(frame, blocker / "t.png", options=ImageOptions())
    with pytest.raises(ExportError, match="format"):
        export_image(frame, tmp_path / "t.gif", options=ImageOptions())


def test_a_failure_while_drawing_leaves_no_partial_file(
    tmp_path: Path, frame: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nkviewer.render import timeline as render

    target = tmp_path / "t.pdf"
    target.write_bytes(b"old figure")

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(render.TimelineRenderer, "paint", boom)
    for name in ("t.pdf", "u.png", "v.svg"):
        with pytest.raises(RuntimeError):
            export_image(frame, tmp_path / name, options=ImageOptions())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.pdf"]
    assert target.read_bytes() == b"old figure"


def test_huge_requests_are_refused_naming_the_limit(tmp_path: Path, frame: pd.DataFrame) -> None:
    with pytest.raises(ExportError, match="30,000 pixels per side"):
        export_image(frame, tmp_path / "h.png", options=ImageOptions(width=20_000, dpi=600))
    with pytest.raises(ExportError, match="100 megapixels"):
        export_image(
            frame, tmp_path / "h.png", options=ImageOptions(width=9000, height=9000, dpi=130)
        )
    with pytest.raises(ExportError, match="width must be between"):
        export_image(frame, tmp_path / "h.svg", options=ImageOptions(width=50_000))
    assert list(tmp_path.iterdir()) == []


def test_bundled_hangul_font_covers_korean() -> None:
    from PySide6.QtGui import QFont, QRawFont

    from nkviewer.export.images import ensure_app
    from nkviewer.render.fonts import ensure_fonts

    ensure_app()
    family = ensure_fonts()
    raw = QRawFont.fromFont(QFont(family))
    assert family == "NanumSquare"
    assert all(raw.supportsCharacter(ord(ch)) for ch in KOREAN.replace(" ", ""))


def test_without_a_range_the_figure_fits_the_bulk_and_counts_the_outlier(
    tmp_path: Path, frame: pd.DataFrame
) -> None:
    """`nkviewer export PATH -o fig.png` without --from/--to: the events' bulk, as the window
    fits it; a stray decade is counted at the edge instead of squeezing the rest."""
    from nkviewer.export.images import prepare_figure

    stray = events_to_frame(
        [ev(9, "1990-01-01", "1999-12-31", "Famine", "North Korea")]
        + [ev(10 + i, f"2019-{m:02d}-15", f"2019-{m:02d}-15", f"Talks {m}", "China")
           for i, m in enumerate(range(1, 13))]
    )  # fmt: skip
    both = pd.concat([stray, frame], ignore_index=True)
    fig = prepare_figure(both, options=ImageOptions(width=1000))
    assert fig.t0 > day_number("2000-01-01")
    assert fig.t0 < day_number("2019-01-15") and fig.t1 > day_number("2019-12-15")
    fig.image(1.0)
    assert set(fig.renderer.last_edge_marks) == {"left"}
    assert fig.renderer.outside_counts(fig.t0, fig.t1) == (1, 0)
    whole = prepare_figure(frame, options=ImageOptions(width=1000))
    whole.image(1.0)
    assert whole.renderer.last_edge_marks == {}


def _selection_with_a_long_expected_range() -> pd.DataFrame:
    return events_to_frame(
        [
            ev(1, "2019-03-02", "2019-03-02", "Kim arrived in Vladivostok", "North Korea"),
            ev(2, "2019-03-05", "2019-03-05", "Wang Yi met Ri Yong-ho", "China"),
            ev(3, "2019-03-11", "2019-03-11", "Rail links agreed", "Russia"),
            ev(4, "2019-03-14", "2019-12-31", "Joint zone expected to open", "Russia",
               modality="expected"),
            ev(5, "2019-03-20", "2019-03-20", "Delegation sent to Moscow", "North Korea"),
        ]
    )  # fmt: skip


def test_a_selection_figure_fits_the_selection_and_a_long_range_runs_off_with_an_arrow(
    tmp_path: Path,
) -> None:
    from nkviewer.export.images import prepare_figure

    fig = prepare_figure(_selection_with_a_long_expected_range(), options=ImageOptions(width=1000))
    assert fig.t1 < day_number("2019-04-15")  # March, not March–December
    scale = 3.0
    image = fig.image(scale)
    scene = fig.renderer.last_scene
    assert scene is not None
    arrays = fig.renderer.model.arrays
    k = int(np.flatnonzero(arrays.expected[scene.glyphs.idx])[0])
    y = float(scene.glyphs.y[k])
    vp = scene.viewport
    lane = fig.renderer.lane_color(int(scene.glyphs.lane[k]))
    tip = image.pixelColor(round((vp.x1 + 2) * scale), round(y * scale))
    want = QColor(lane)
    assert abs(tip.red() - want.red()) + abs(tip.green() - want.green()) < 60  # the arrowhead
    # The dashed outline is one logical pixel wide at any resolution, not a device hairline.
    x_mid = (float(scene.glyphs.x0[k]) + vp.x1) / 2
    thickest = 0
    for dx in range(0, 60, 3):
        run = best = 0
        for py in range(round((y - 12) * scale), round(y * scale)):
            c = image.pixelColor(round(x_mid * scale) + dx, py)
            dark = abs(c.red() - want.red()) + abs(c.green() - want.green()) < 90
            run = run + 1 if dark else 0
            best = max(best, run)
        thickest = max(thickest, best)
    assert thickest >= 2
