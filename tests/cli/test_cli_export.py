"""`nkviewer export`: date bounds, actor filter, dispatch to image and data writers."""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image

from bench.synthetic import synthetic_frame
from nkviewer.cli.export import date_span, export_frame, filter_frame, parse_date_bound
from nkviewer.cli.main import build_parser, main
from nkviewer.errors import DateError, ExportError
from nkviewer.events.table import day_number


def args(output: Path, *extra: str) -> argparse.Namespace:
    return build_parser().parse_args(["export", "corpus", "-o", str(output), *extra])


@pytest.fixture(autouse=True)
def _app(qapp: object) -> None:
    """A QApplication from pytest-qt, so widget tests later in the session still find one."""


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return synthetic_frame(500, years=8, seed=11)


def test_date_bounds_cover_whole_years_months_and_days() -> None:
    assert parse_date_bound("2018", end=False) == day_number("2018-01-01")
    assert parse_date_bound("2018", end=True) == day_number("2019-01-01")
    assert parse_date_bound("2019-12", end=True) == day_number("2020-01-01")
    assert parse_date_bound("2019-02-28", end=True) == day_number("2019-03-01")
    assert date_span(None, None) is None
    assert date_span("2019", None) == (day_number("2019-01-01"), float("inf"))
    with pytest.raises(DateError, match="YYYY-MM"):
        parse_date_bound("March 2019", end=False)
    with pytest.raises(DateError, match="before"):
        date_span("2020", "2019-06")


def test_filter_by_span_and_actor(frame: pd.DataFrame) -> None:
    span = date_span("2019-01", "2019-12")
    assert span is not None
    kept = filter_frame(frame, span=span, actors=["kim jong-un"])
    assert len(kept) > 0
    assert ((kept["t1"] > span[0]) & (kept["t0"] < span[1])).all()
    assert all("Kim Jong-un" in a for a in kept["actors"])
    part = filter_frame(frame, span=None, actors=["Putin"])  # part of a name
    assert len(part) > 0 and all(any("Putin" in x for x in a) for a in part["actors"])
    with pytest.raises(ExportError, match="actors here include"):
        filter_frame(frame, span=None, actors=["Nobody Atall"])


def test_image_export_uses_the_span_as_the_figure_range(
    tmp_path: Path, frame: pd.DataFrame
) -> None:
    out = tmp_path / "t.png"
    path, n = export_frame(
        frame, args(out, "--from", "2019-01", "--to", "2019-06", "--width", "900", "--dpi", "192")
    )
    assert path == out and n > 0
    with Image.open(out) as img:
        assert img.size[0] == 1800
        assert img.info["dpi"][0] == pytest.approx(192, abs=0.05)


def test_data_formats_go_to_the_data_writers(tmp_path: Path, frame: pd.DataFrame) -> None:
    out = tmp_path / "events.csv"
    _, n = export_frame(frame, args(out, "--from", "2020"))
    back = pd.read_csv(out)
    assert len(back) == n and (back["end"] >= "2020-01-01").all()


def test_bad_extension_and_empty_selection(tmp_path: Path, frame: pd.DataFrame) -> None:
    with pytest.raises(ExportError, match="extension"):
        export_frame(frame, args(tmp_path / "t.docx"))
    with pytest.raises(ExportError, match="no events"):
        export_frame(frame, args(tmp_path / "t.svg", "--from", "1950", "--to", "1951"))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.model
@pytest.mark.slow
def test_export_command_on_the_seeds(tmp_path: Path, seeds_dir: Path) -> None:
    out = tmp_path / "seeds.svg"
    code = main(["export", str(seeds_dir), "-o", str(out), "--title", "Seeds", "-q"])
    assert code == 0
    text = out.read_text(encoding="utf-8")
    assert "<svg" in text and "Seeds" in text
    assert main(["export", str(seeds_dir), "-o", str(tmp_path / "x.gif")]) == 2
