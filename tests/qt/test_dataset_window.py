"""An event dataset in the window and in `nkviewer export`, read lazily: the window opens it
without loading it, zooming in fetches the events of the view only, filters and facet counts
equal the in-memory ones, the source panel reads documents from the dataset's store."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import qt_sample
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot
from timeline_clicks import click_event, drawn_ids

pytest.importorskip("duckdb", reason="duckdb is not installed")

from bench.synthetic import synthetic_frame
from nkviewer.app import dataset as dataset_mod
from nkviewer.app.dataset import DatasetCorpus
from nkviewer.cli.main import main
from nkviewer.corpus.dataset import EventDataset
from nkviewer.corpus.dataset_store import write_frame_dataset
from nkviewer.events.facets import FilterState
from nkviewer.events.filters import EventFilter
from nkviewer.export.data import write_events
from nkviewer.export.stream import write_event_stream
from nkviewer.model import source as source_mod
from nkviewer.model.scene import density_edges
from nkviewer.model.source import DatasetSource, FrameSource, RecentGroupings
from nkviewer.qt.main_window import MainWindow
from nkviewer.qt.session import Session


@pytest.fixture(scope="module")
def big() -> pd.DataFrame:
    return synthetic_frame(20_000, years=10, seed=3)


@pytest.fixture(scope="module")
def big_dataset(tmp_path_factory: pytest.TempPathFactory, big: pd.DataFrame) -> Path:
    out = tmp_path_factory.mktemp("big") / "events"
    write_frame_dataset(big, out)
    return out


def make_window(qtbot: QtBot) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    qtbot.waitExposed(window)
    return window


def settle(qtbot: QtBot, window: MainWindow) -> None:
    """Let background fetches land and the debounced list follow the view."""
    window.session.settle()  # the refilter in flight, if any
    for _ in range(3):
        window.timeline.repaint()
        source = window.session.timeline_source()
        if isinstance(source, DatasetSource):
            source.wait()
        qtbot.wait(200)


class CountingDataset:
    """An `EventDataset` that records which time ranges were read event by event."""

    def __init__(self, inner: EventDataset) -> None:
        self._inner = inner
        self.fetched: list[tuple[float, float, int]] = []

    def events_in(self, t0: float, t1: float, **kw: Any) -> pd.DataFrame:
        frame = self._inner.events_in(t0, t1, **kw)
        self.fetched.append((t0, t1, len(frame)))
        return frame

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def __len__(self) -> int:
        return len(self._inner)


# ---------------------------------------------------------------------- the source layer


@pytest.mark.parametrize("group_by", ["country", "actor", "source", "none"])
def test_dataset_counts_equal_the_in_memory_ones(
    big: pd.DataFrame, big_dataset: Path, group_by: str
) -> None:
    mem = FrameSource(big)
    with EventDataset.open(big_dataset) as ds:
        lazy = DatasetSource(ds, background=False)
        assert lazy.lanes(group_by).names == mem.lanes(group_by).names
        assert lazy.lanes(group_by).counts.tolist() == mem.lanes(group_by).counts.tolist()
        lo, hi = mem.time_bounds() or (0.0, 1.0)
        for a, b, width in ((lo - 30, hi + 30, 1600.0), (lo + 400, lo + 700, 900.0)):
            from nkviewer.model.viewport import Viewport

            edges = density_edges(Viewport(a, b, width))
            assert np.array_equal(lazy.count_bins(edges, group_by), mem.count_bins(edges, group_by))
        assert lazy.time_bounds() == mem.time_bounds()


def test_a_window_is_fetched_only_when_few_events_are_in_view(big_dataset: Path) -> None:
    with EventDataset.open(big_dataset) as inner:
        ds = CountingDataset(inner)
        src = DatasetSource(ds, background=False)
        lo, hi = src.time_bounds() or (0.0, 1.0)
        assert src.window(lo, hi) is None  # 20,000 events in view: counts only
        assert ds.fetched == []
        mid = (lo + hi) / 2
        win = src.window(mid, mid + 20)
        assert win is not None and win.covers(mid, mid + 20)
        ((a, b, n),) = ds.fetched
        assert a < mid and b > mid + 20 and b - a <= 20 * (1 + 2 * source_mod.MARGIN)
        assert n <= source_mod.WINDOW_MAX
        assert src.window(mid + 2, mid + 22) is win  # a small pan: the same window
        assert len(ds.fetched) == 1


def test_a_dataset_figure_title_reads_no_event(big: pd.DataFrame, big_dataset: Path) -> None:
    """The Export Image dialog's title for a dataset's view comes from the histograms: the
    words the events starting in the range give, and not one event read (at 10^6 events the
    first 20,000 of the view took seconds to decode on the window's thread)."""
    from nkviewer.model.captions import figure_title

    with EventDataset.open(big_dataset) as inner:
        ds = CountingDataset(inner)
        src = DatasetSource(ds, background=False)
        lo, hi = src.time_bounds() or (0.0, 1.0)
        for a, b in ((lo - 30, hi + 30), (lo + 400, lo + 700), (lo + 1000, lo + 1003)):
            for group_by in ("country", "source"):
                starting = big[(big["t0"] >= a) & (big["t0"] < b)]
                day_events = starting.assign(t1=starting["t0"] + 1)  # starts are what it counts
                want = figure_title(day_events, group_by).rsplit(", ", 1)
                got = src.figure_title(a, b, group_by).rsplit(", ", 1)
                assert got[1] == want[1]  # the period
                if group_by == "country":  # (by source the view's lanes fold small ones)
                    assert set(got[0].split(", ")) == set(want[0].split(", "))
        assert ds.fetched == []


def test_a_refilters_worker_prepares_what_the_window_paints(
    qtbot: QtBot, big_dataset: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The groupings a timeline draws a dataset by are computed by the refilter's worker
    (`prepare`), lanes of every grouping are read after opening: the window's thread paints
    a new filter or grouping from ready histograms (at 10^6 events 0.1-0.5 s each)."""
    from nkviewer.render.timeline import TimelineRenderer

    with EventDataset.open(big_dataset) as inner:
        ds = CountingDataset(inner)
        binned: list[str] = []
        count_bins = inner.count_bins

        def counting_bins(*args: Any, group_by: str = "country", **kw: Any) -> Any:
            binned.append(group_by)
            return count_bins(*args, group_by=group_by, **kw)

        ds.count_bins = counting_bins  # type: ignore[attr-defined]
        drawn = RecentGroupings()  # shared by the sources of one dataset
        TimelineRenderer().set_source(DatasetSource(ds, background=False, drawn=drawn))
        renderer = TimelineRenderer()
        renderer.set_source(DatasetSource(ds, background=False, drawn=drawn))
        renderer.set_options(group_by="source")  # drawn by source lately, then by country
        renderer.set_options(group_by="country")
        assert DatasetSource(ds).drawn.recent() == ("country",)  # another dataset's: its own
        china = EventFilter(lanes=frozenset({"China"}))
        fresh = DatasetSource(ds, china, background=False, drawn=drawn)
        fresh.prepare()  # in the refilter's worker
        assert sorted(binned) == ["country", "none", "source"]
        binned.clear()
        renderer.set_source(fresh)
        renderer.set_options(group_by="source")
        for group_by in ("country", "source", "none"):
            fresh.lanes(group_by)
            fresh.count_bins(np.array([18000.0, 18100.0, 18200.0]), group_by)
        assert binned == []  # all ready
        fresh.lanes("actor")
        assert binned == ["actor"]  # not drawn lately: computed when asked
        corpus = DatasetCorpus(
            inner, on_refiltered=lambda r: None, on_view=lambda r: None, on_facets=lambda r: None
        )
        corpus.facet_counts()  # the lanes are read after the first facet count
        every = {"country", "actor", "source", "none"}
        for _ in range(50):  # each grouping queues the next behind what was asked meanwhile
            if {key[1] for key in inner._lanes} == every:
                break
            dataset_mod._COUNTER.executor().submit(lambda: None).result(60)
        assert {key[1] for key in inner._lanes} == every
        corpus.close()


# ---------------------------------------------------------------------- the window


def test_the_window_opens_a_dataset_without_loading_it(qtbot: QtBot, sample_dataset: Path) -> None:
    window = make_window(qtbot)
    window.open_paths([sample_dataset])
    assert window.session.loading  # opened in the background (its edits read)
    settle(qtbot, window)
    assert window.session.list_follows_view and not window.session.loading
    assert window.session.documents == {}  # nothing parsed, nothing loaded
    frame = window.timeline.renderer().frame
    assert frame is not None and sorted(frame["event_id"]) == ["ev-moon", "ev-summit", "ev-visit"]
    assert window.timeline.events_covered()
    assert window.event_list.model.rowCount() == 3
    assert window.docs_label.text() == "2 documents"
    assert window.events_label.text() == "3 events"
    assert not window.edit_date_act.isEnabled()
    assert "dataset" in window.edit_date_act.toolTip()


def test_the_source_panel_reads_a_dataset_document_with_highlights(
    qtbot: QtBot, sample_dataset: Path
) -> None:
    window = make_window(qtbot)
    window.open_paths([sample_dataset])
    settle(qtbot, window)
    click_event(qtbot, window.timeline, "ev-summit")
    panel = window.source_panel
    qtbot.waitUntil(lambda: panel.doc_id == "doc-a")  # read in the background
    parsed = window.session.document("doc-a")
    assert parsed is not None
    text = parsed.document.text
    kim = next(e for e in parsed.entities if e.text == "Kim Jong-un")
    a = len(text[: kim.start].encode("utf-16-le")) // 2
    cursor = QTextCursor(panel.text.document())
    cursor.setPosition(a)
    cursor.setPosition(a + len("Kim Jong-un"), QTextCursor.MoveMode.KeepAnchor)
    assert cursor.selectedText() == "Kim Jong-un"
    cursor.setPosition(a + 1)
    assert cursor.charFormat().background().style() != 0  # highlighted
    assert panel.text.extraSelections()  # the sentence is emphasised
    assert not panel.published_edit.isEnabled()  # a dataset's dates stay as extracted


def test_zooming_in_fetches_events_of_the_view_only(
    qtbot: QtBot, big_dataset: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[CountingDataset] = []
    real_open = EventDataset.open

    def counting_open(path: Any) -> Any:
        made.append(CountingDataset(real_open(path)))
        return made[-1]

    monkeypatch.setattr(EventDataset, "open", staticmethod(counting_open))
    window = make_window(qtbot)
    window.open_paths([big_dataset])
    settle(qtbot, window)
    ds = made[0]
    assert not window.timeline.events_covered()  # zoomed out: counts
    assert all(n <= 2000 for _, _, n in ds.fetched)  # only the list's first rows were read
    ds.fetched.clear()
    lo, hi = window.timeline.visible_range()
    mid = (lo + hi) / 2
    window.timeline.set_visible_range(mid, mid + 14)
    settle(qtbot, window)
    assert window.timeline.events_covered()
    frame = window.timeline.renderer().frame
    assert frame is not None and 0 < len(frame) < 20_000 / 10
    assert ds.fetched and all(
        a >= mid - 14 * 1.01 and b <= mid + 28 * 1.01 for a, b, _ in ds.fetched
    )
    before = len(ds.fetched)
    window.timeline.set_visible_range(mid + 1, mid + 15)  # a small pan: nothing new to read
    window.timeline.repaint()
    assert len(ds.fetched) == before
    assert window.timeline.select_all_in_view()
    assert window.session.selection


def test_selected_events_outside_the_window_stay_selected(qtbot: QtBot, big_dataset: Path) -> None:
    """The selection is kept by id: panning to another window of events neither drops the
    events selected nor marks others; coming back marks them again."""
    window = make_window(qtbot)
    window.open_paths([big_dataset])
    settle(qtbot, window)
    view, session = window.timeline, window.session
    lo, hi = view.visible_range()
    mid = (lo + hi) / 2
    view.set_visible_range(mid, mid + 14)
    settle(qtbot, window)
    assert view.select_all_in_view()
    chosen = list(session.selection)
    assert chosen and view.selected_drawn() == chosen and view.selected_ids() == chosen
    view.set_visible_range(mid + 400, mid + 414)  # another window: none of them drawn
    settle(qtbot, window)
    frame = view.renderer().frame
    assert frame is not None and len(frame) and not set(frame["event_id"]) & set(chosen)
    assert session.selection == chosen and view.selected_ids() == chosen
    assert view.selected_drawn() == []
    other = drawn_ids(view)[0]
    click_event(qtbot, view, other, Qt.KeyboardModifier.ControlModifier)  # added to them
    assert session.selection == [*chosen, other] and session.current == other
    assert view.selected_drawn() == [other]
    view.set_visible_range(mid, mid + 14)
    settle(qtbot, window)
    assert view.selected_drawn() == chosen  # marked again; the other one is out of the window
    assert session.selection == [*chosen, other]


@pytest.mark.parametrize(
    "make",
    [
        lambda lo, hi: FilterState(text="summit"),
        lambda lo, hi: FilterState(facets={"person": frozenset({"Kim Jong-un"})}),
        lambda lo, hi: FilterState(facets={"source": frozenset({"Yonhap", "TASS"})}, text="visit"),
        lambda lo, hi: FilterState(
            modalities=frozenset({"expected"}), start=lo + (hi - lo) / 3, end=hi - (hi - lo) / 3
        ),
    ],
)
def test_filters_and_facet_counts_on_a_dataset_equal_the_in_memory_ones(
    qtbot: QtBot, big: pd.DataFrame, big_dataset: Path, make: Any
) -> None:
    state = make(float(big["t0"].min()), float(big["t1"].max()))
    mem = Session()
    mem.set_raw_events(big)
    mem.set_filters(state)
    mem.settle()  # a large corpus in memory is curated in its worker too
    lazy = Session()
    lazy.open([big_dataset])
    lazy.finish_opening()
    with qtbot.waitSignal(lazy.facetCountsChanged, timeout=20_000):
        lazy.set_filters(state)
        lazy.facet_counts()
    lazy.settle()
    assert 0 < lazy.shown_count() == mem.shown_count() < len(big)
    assert lazy.facet_counts() == mem.facet_counts()
    flt = lazy.timeline_source()
    assert (
        flt.lanes("country").counts.tolist()
        == FrameSource(mem.filtered).lanes("country").counts.tolist()
    )
    lazy.shutdown()


def test_hiding_and_retitling_on_a_dataset(qtbot: QtBot, sample_dataset: Path) -> None:
    window = make_window(qtbot)
    window.open_paths([sample_dataset])
    settle(qtbot, window)
    session = window.session
    session.set_selection(["ev-moon"])
    window.hide_act.trigger()
    settle(qtbot, window)
    assert session.shown_count() == 2 and window.event_list.model.rowCount() == 2
    session.undo_stack.undo()
    settle(qtbot, window)
    assert session.shown_count() == 3
    session.edit_title("ev-visit", "A visit, retitled")
    settle(qtbot, window)
    record = session.record("ev-visit")
    assert record is not None and record["title"] == "A visit, retitled"
    frame = window.timeline.renderer().frame
    assert frame is not None and "A visit, retitled" in set(frame["title"])


# ---------------------------------------------------------------------- exports


@pytest.mark.parametrize("name", ["x.png", "x.svg", "x.csv", "x.jsonl", "x.json"])
def test_export_command_reads_a_dataset(
    qapp: object, tmp_path: Path, big: pd.DataFrame, big_dataset: Path, name: str
) -> None:
    out = tmp_path / name
    code = main(["export", str(big_dataset), "-o", str(out), "--from", "2003", "-q"])
    assert code == 0 and out.stat().st_size > 0
    if name.endswith((".csv", ".jsonl", ".json")):
        start = 12053.0  # 2003-01-01
        want = big[big["t1"] > start].reset_index(drop=True)
        expect = tmp_path / f"want{out.suffix}"
        write_events(want, expect)
        assert out.read_text(encoding="utf-8") == expect.read_text(encoding="utf-8")


def test_streamed_exports_equal_whole_ones(tmp_path: Path, big: pd.DataFrame) -> None:
    part = big.iloc[:700].reset_index(drop=True)
    for suffix in (".csv", ".jsonl", ".json", ".parquet"):
        chunks = [part.iloc[i : i + 256].reset_index(drop=True) for i in range(0, 700, 256)]
        path, n = write_event_stream(chunks, tmp_path / f"s{suffix}")
        write_events(part, tmp_path / f"w{suffix}")
        assert n == 700
        if suffix == ".parquet":
            assert pd.read_parquet(path).equals(pd.read_parquet(tmp_path / f"w{suffix}"))
        else:
            assert path.read_bytes() == (tmp_path / f"w{suffix}").read_bytes()


def test_export_filter_of_a_dataset_matches_the_date_filter(big_dataset: Path) -> None:
    with EventDataset.open(big_dataset) as ds:
        flt = EventFilter(start=12053.0)
        assert sum(len(f) for f in ds.iter_frames(flt, batch=3000)) == ds.count(flt)


# ---------------------------------------------------------------------- selection and current


def test_filters_and_hide_prune_the_selection_on_a_dataset(
    qtbot: QtBot, sample_dataset: Path
) -> None:
    """Filtered down to nothing, nothing stays selected: Hide is off, the Source panel says none
    is selected and an export of the selection has nothing (issue 13)."""
    from nkviewer.qt.export_scope import ExportScope

    window = make_window(qtbot)
    window.open_paths([sample_dataset])
    settle(qtbot, window)
    session = window.session
    session.set_selection(["ev-moon", "ev-visit"])
    assert window.hide_act.isEnabled()
    session.set_filters(FilterState(text="no event says this"))
    settle(qtbot, window)
    assert session.shown_count() == 0
    assert session.selection == [] and session.current == ""
    assert window.timeline.selected_ids() == []
    assert not window.hide_act.isEnabled()
    assert window.source_panel.record is None
    assert len(ExportScope.from_window(window).selection()) == 0
    session.set_filters(FilterState())
    settle(qtbot, window)
    session.set_selection(["ev-moon", "ev-visit"])
    window.hide_act.trigger()  # both hidden: neither stays selected...
    assert session.selection == []  # ...from the moment they are, not once the refilter lands
    settle(qtbot, window)
    assert session.selection == [] and not window.hide_act.isEnabled()
    assert window.timeline.selected_ids() == []
    session.set_selection(["ev-summit"])
    session.set_filters(FilterState(text="putin"))  # still shown: kept
    settle(qtbot, window)
    assert session.selection == ["ev-summit"] and session.current == "ev-summit"
    session.undo_stack.undo()  # the dataset is shared by this module's tests


def test_the_source_panel_follows_a_retitled_or_hidden_current_event_on_a_dataset(
    qtbot: QtBot, sample_dataset: Path
) -> None:
    window = make_window(qtbot)
    window.open_paths([sample_dataset])
    settle(qtbot, window)
    session, panel = window.session, window.source_panel
    session.set_selection(["ev-visit"])
    assert panel.record is not None and panel.record["event_id"] == "ev-visit"
    seen: list[str] = []
    session.eventsChanged.connect(
        lambda: seen.append(str((session.record("ev-visit") or {}).get("title")))
    )
    before = str(panel.record["title"])
    session.edit_title("ev-visit", "Wang Yi's visit, as the analyst puts it")
    session.settle()
    assert seen == ["Wang Yi's visit, as the analyst puts it"]  # eventsChanged: the new state
    assert panel.record["title"] == "Wang Yi's visit, as the analyst puts it"
    session.undo_stack.undo()
    session.settle()
    assert panel.record["title"] == before
    window.hide_act.trigger()
    session.settle()
    assert session.selection == [] and session.current == "" and panel.record is None
    session.undo_stack.undo()


def test_a_dataset_refilters_in_the_background_and_drops_superseded_requests(
    qtbot: QtBot, big: pd.DataFrame, big_dataset: Path
) -> None:
    """Filters on a dataset are queried off the UI thread: the previous state stays shown until
    the new one is ready, and a request that a newer one replaces never shows (issue 13)."""
    window = make_window(qtbot)
    window.open_paths([big_dataset])
    settle(qtbot, window)
    session = window.session
    assert isinstance(session.state, DatasetCorpus)
    dataset = session.state.dataset
    gate = threading.Event()
    real_count = dataset.count

    def held_count(filters: Any = None) -> int:
        assert threading.current_thread() is not threading.main_thread()
        gate.wait(20)
        return real_count(filters)

    dataset.count = held_count  # type: ignore[method-assign]
    shown: list[int] = []
    session.filteredChanged.connect(lambda: shown.append(session.shown_count()))
    t_mid = float(big["t0"].median())
    first = FilterState(start=t_mid)
    second = FilterState(end=t_mid)
    session.set_filters(first)  # returns at once: the query waits in the worker
    assert session.refiltering and session.shown_count() == len(big) and shown == []
    session.set_filters(second)  # replaces the first before it is shown
    gate.set()
    qtbot.waitUntil(lambda: not session.refiltering, timeout=20_000)
    qtbot.wait(100)  # anything else queued lands too
    want = int((big["t0"] < t_mid).sum())
    assert shown == [want]  # only the latest request was shown
    assert session.shown_count() == want and session.filters == second
    dataset.count = real_count  # type: ignore[method-assign]
    settle(qtbot, window)
    listed = window.event_list.model.rowCount()
    assert listed > 0 and session.view_events["t0"].lt(t_mid).all()


def test_a_selection_changed_while_a_dataset_refilters_looks_up_only_the_events_added(
    qtbot: QtBot, big: pd.DataFrame, big_dataset: Path
) -> None:
    """The selection changed while a refilter ran: the window's thread looks up only the
    events selected since (the worker judged the rest), and keeps exactly those that pass."""
    window = make_window(qtbot)
    window.open_paths([big_dataset])
    settle(qtbot, window)
    session = window.session
    assert isinstance(session.state, DatasetCorpus)
    dataset = session.state.dataset
    t_mid = float(big["t0"].median())
    early = big.loc[big["t0"] < t_mid, "event_id"].tolist()
    late = big.loc[big["t0"] >= t_mid, "event_id"].tolist()
    before = [early[0], late[0], late[1]]
    session.set_selection(before)
    gate = threading.Event()
    real_count, real_passing = dataset.count, dataset.passing
    here: list[list[str]] = []

    def held_count(filters: Any = None) -> int:
        gate.wait(20)
        return real_count(filters)

    def noted(event_ids: Any, filters: Any = None) -> set[str]:
        ids = list(event_ids)
        if threading.current_thread() is threading.main_thread():
            here.append(sorted(ids))
        return real_passing(ids, filters)

    dataset.count = held_count  # type: ignore[method-assign]
    dataset.passing = noted  # type: ignore[method-assign]
    session.set_filters(FilterState(start=t_mid))
    assert session.refiltering
    added = [early[1], late[2]]
    session.set_selection([*before, *added])  # while the refilter runs
    gate.set()
    qtbot.waitUntil(lambda: not session.refiltering, timeout=20_000)
    dataset.count, dataset.passing = real_count, real_passing  # type: ignore[method-assign]
    assert here == [sorted(added)]  # the worker's answer for the rest is taken
    assert sorted(session.selection) == sorted([late[0], late[1], late[2]])


# ---------------------------------------------------------------------- the first view


def _with_outliers(n: int = 8000, n_out: int = 20) -> pd.DataFrame:
    """Ten years of events ending 2024 (too many to fetch at once: a dataset shows their
    counts), and `n_out` of them moved twenty years earlier."""
    from nkviewer.events.table import sort_frame

    frame = synthetic_frame(n, years=10, seed=11)
    out = frame.iloc[:n_out].copy()
    shift = 20 * 365
    out["t0"] -= shift
    out["t1"] -= shift
    for col in ("start", "end"):
        days = pd.to_datetime(out[col]) - pd.Timedelta(days=shift)
        out[col] = days.dt.strftime("%Y-%m-%d")
    out["event_id"] = [f"old-{i}" for i in range(n_out)]
    return sort_frame(pd.concat([frame.iloc[n_out:], out], ignore_index=True))


def test_a_dataset_first_view_fits_the_bulk_like_the_same_events_in_memory(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """The dataset's first view is the in-memory one: fitted to the central ~95 % of the events
    to the day, the stray early events marked at the left edge with their count, and fitted at
    the timeline's real width (it used to keep the range fitted before the window was laid
    out: a dataset ending in 2025 was shown to 2027)."""
    from nkviewer.qt.timeline_view import TimelineView

    frame = _with_outliers()
    out = tmp_path / "events"
    write_frame_dataset(frame, out)
    views = []
    with EventDataset.open(out) as ds:
        for source in (FrameSource(frame), DatasetSource(ds, background=False)):
            view = TimelineView()
            qtbot.addWidget(view)
            view.resize(700, 500)
            view.show()
            qtbot.waitExposed(view)
            view.set_source(source)
            view.resize(1400, 500)  # laid out after the events arrived: fitted again
            qtbot.wait(50)
            view.repaint()
            views.append(view)
        (mem_a, mem_b), (ds_a, ds_b) = (v.visible_range() for v in views)
        assert abs(ds_a - mem_a) <= 2.0 and abs(ds_b - mem_b) <= 2.0  # to the day (and a bin)
        bulk = views[1].renderer().bulk_range()
        assert bulk is not None
        first, last = float(frame["t0"].min()), float(frame["t1"].max())
        assert bulk[0] > first + 15 * 365  # the twenty stray years are left out...
        assert abs(bulk[1] - last) <= 31  # ...the bulk's end is the data's, to the month
        span = bulk[1] - bulk[0]
        assert ds_b - bulk[1] < 0.25 * span  # room for the last labels, not two empty years
        for view in views:
            assert set(view.renderer().last_edge_marks) == {"left"}
            assert view.renderer().outside_counts(*view.visible_range()) == (20, 0)


def test_reopening_a_dataset_frees_the_previous_one(qtbot: QtBot, big_dataset: Path) -> None:
    """Each reopen used to keep the previous dataset's state and decoded rows alive (+150 MB a
    reopen at 100,000 events in the soak): it is freed even where no event loop runs."""
    import gc
    import weakref

    session = Session()
    session.open([big_dataset])
    session.settle()
    first = session.state
    assert isinstance(first, DatasetCorpus)
    t0, t1 = first.source.time_bounds() or (0.0, 1.0)
    assert len(first.dataset.events_in(t0, t0 + (t1 - t0) / 50)) > 0
    dataset = first.dataset
    state = weakref.ref(first)
    del first
    session.open([big_dataset])
    session.settle()
    gc.collect()
    assert state() is None
    assert not dataset._groups and not dataset._masks  # its caches went with it
    session.shutdown()


def test_only_the_source_drawn_tells_the_timeline_its_window_arrived(
    qtbot: QtBot, big_dataset: Path
) -> None:
    """The timeline registers with the dataset source it draws and unregisters from it when it
    draws another source or a frame: a window landing for a source swapped out wakes nothing."""
    from nkviewer.qt.timeline_view import TimelineView

    view = TimelineView()
    qtbot.addWidget(view)
    landed: list[int] = []
    view.windowLoaded.connect(lambda: landed.append(1))
    with EventDataset.open(big_dataset) as ds:
        bounds = ds.time_bounds()
        assert bounds is not None
        first, second = DatasetSource(ds), DatasetSource(ds)
        try:
            week = bounds[0] + 100.0

            def fetch(source: DatasetSource, t0: float) -> None:
                assert source.window(t0, t0 + 7) is None  # fetched in the background
                source.wait()

            view.set_source(first)
            fetch(first, week)
            qtbot.waitUntil(lambda: len(landed) == 1, timeout=10_000)
            view.set_source(second)
            fetch(first, week + 400)
            qtbot.wait(50)
            assert len(landed) == 1  # the swapped-out source told nobody
            fetch(second, week)
            qtbot.waitUntil(lambda: len(landed) == 2, timeout=10_000)
            view.set_events(qt_sample.frame())
            fetch(second, week + 400)
            qtbot.wait(50)
            assert len(landed) == 2
        finally:
            first.close()
            second.close()


def test_window_fetches_share_one_thread_and_drop_superseded_ones(big_dataset: Path) -> None:
    """A source's newer window request cancels its older one not yet started; a closed
    source's fetch lands nowhere; every source fetches on one thread (not one per filter)."""
    import threading

    with EventDataset.open(big_dataset) as inner:
        ds = CountingDataset(inner)
        src = DatasetSource(ds)
        other = DatasetSource(ds, EventFilter(lanes=frozenset({"China"})))
        lo = (src.time_bounds() or (0.0, 1.0))[0]
        hold = threading.Event()
        fetcher = source_mod._FETCHER.executor()
        fetcher.submit(hold.wait, 30)  # the fetching thread is busy meanwhile
        landed: list[str] = []
        src.set_on_ready(lambda: landed.append("src"))
        other.set_on_ready(lambda: landed.append("other"))
        assert src.window(lo + 100, lo + 110) is None  # asked...
        assert src.window(lo + 500, lo + 510) is None  # ...and superseded before it started
        assert other.window(lo + 100, lo + 110) is None
        other.close()  # dropped with its source
        hold.set()
        src.wait()
        assert landed == ["src"]
        assert [round(a) for a, _, _ in ds.fetched] == [round(lo + 500 - 10 * source_mod.MARGIN)]
        win = src.current_window()
        assert win is not None and win.covers(lo + 500, lo + 510)
        names = {t.name for t in threading.enumerate()}
        assert sum(n.startswith("nkviewer-window") for n in names) == 1


def test_reopening_a_dataset_never_draws_the_closed_one(qtbot: QtBot, big_dataset: Path) -> None:
    """A reopen closes the previous dataset at once while the new one's first refilter runs in
    the background: the views must draw the new state from the start. The 10^6 soak raised
    "the dataset … is closed" when a group-by or a click in that gap asked the old source."""
    window = make_window(qtbot)
    window.session.open([big_dataset])
    settle(qtbot, window)
    window.set_group_by("source")
    settle(qtbot, window)
    old = window.timeline.renderer().source
    assert old is not None
    window.session.open([big_dataset])
    window.session.finish_opening()  # shown; no settle: the new refilter is still in flight
    assert window.session.refiltering
    # nothing of the closed dataset is drawn; the new one's lanes are not read on this thread
    assert window.timeline.renderer().source is None
    assert window.overview._source is None
    for mode in ("actor", "country", "none"):
        window.set_group_by(mode)
        window.timeline.renderer().geometry(window.timeline.width(), window.timeline.height())
        window.timeline.repaint()
        window.overview.repaint()
    settle(qtbot, window)
    assert window.timeline.renderer().source is window.session.timeline_source()
    assert window.overview._source is window.session.overview_source()
    assert window.session.shown_count() == window.timeline.renderer().source.count() > 0


@pytest.mark.parametrize("group_by", ["actor", "source"])
def test_a_reopened_datasets_first_refilter_prepares_the_grouping_drawn(
    qtbot: QtBot, big_dataset: Path, monkeypatch: pytest.MonkeyPatch, group_by: str
) -> None:
    """Reopened while the timeline is grouped by actor or source, the new dataset's first
    refilter makes that grouping's lanes and histogram in its worker: the window's thread
    made them when it landed (a soak's Clear Filters right after a reopen: 0.24 s at 10^5
    events; a reopen at 10^6 grouped by actor 0.98 s)."""
    window = make_window(qtbot)
    window.session.open([big_dataset])
    settle(qtbot, window)
    window.set_group_by(group_by)
    settle(qtbot, window)
    here: list[str] = []
    compute = DatasetSource._compute_histogram

    def noted(self: DatasetSource, grouping: str) -> Any:
        if threading.current_thread() is threading.main_thread():
            here.append(grouping)
        return compute(self, grouping)

    monkeypatch.setattr(DatasetSource, "_compute_histogram", noted)
    window.session.open([big_dataset])
    settle(qtbot, window)
    window.timeline.repaint()
    window.overview.repaint()
    assert window.timeline.renderer().source is window.session.timeline_source()
    assert window.timeline.renderer().options.group_by == group_by
    assert here == []


def test_the_status_bar_says_while_a_datasets_filters_are_applied(
    qtbot: QtBot, sample_dataset: Path
) -> None:
    window = make_window(qtbot)
    window.session.open([sample_dataset])
    settle(qtbot, window)
    assert not window.refilter_label.isVisible()
    state = window.session.state
    assert isinstance(state, DatasetCorpus)
    hold = threading.Event()
    query_thread = dataset_mod._QUERIES.executor()
    query_thread.submit(hold.wait, 30)  # the query thread is busy: the refilter waits
    try:
        window.session.set_filters(FilterState(text="Kim"))
        assert window.session.refiltering
        qtbot.waitUntil(window.refilter_label.isVisible, timeout=5000)
    finally:
        hold.set()
    qtbot.waitUntil(lambda: not window.refilter_label.isVisible(), timeout=10000)
    assert not window.session.refiltering


def test_reload_is_offered_for_a_dataset_opened_without_loading(
    qtbot: QtBot, sample_dataset: Path
) -> None:
    window = make_window(qtbot)
    assert not window.reload_act.isEnabled()  # nothing open
    window.session.open([sample_dataset])
    settle(qtbot, window)
    assert window.reload_act.isEnabled()


def test_a_source_waits_for_its_own_fetch_only(big_dataset: Path) -> None:
    """`DatasetSource.wait` returns once its own window has landed, not once the shared
    fetching thread has done every other source's work queued after it."""
    with EventDataset.open(big_dataset) as ds:
        src = DatasetSource(ds)
        lo = (src.time_bounds() or (0.0, 1.0))[0]
        assert src.window(lo + 100, lo + 110) is None  # asked
        hold = threading.Event()
        behind = source_mod._FETCHER.executor().submit(hold.wait, 30)  # queued after it
        try:
            src.wait(timeout=20)
            win = src.current_window()
            assert win is not None and win.covers(lo + 100, lo + 110)
            assert not behind.done()
        finally:
            hold.set()


def test_datasets_opened_share_two_threads_and_close_drops_their_work(
    big_dataset: Path,
) -> None:
    """A `DatasetCorpus` starts no thread of its own (the query and the facets threads are
    made once, when first needed); closing it drops its work not started (its facet count
    never reports)."""
    counted: list[Any] = []
    hold = threading.Event()
    dataset_mod._COUNTER.executor().submit(hold.wait, 30)  # the facets thread is busy
    corpora = [
        DatasetCorpus(
            EventDataset.open(big_dataset),
            on_refiltered=lambda r: None,
            on_view=lambda r: None,
            on_facets=counted.append,
        )
        for _ in range(3)
    ]
    try:
        for corpus in corpora:
            corpus.facet_counts()
            corpus.refilter(FilterState(text="Kim"), [])
        queued = list(corpora[0]._background)  # its overview's histogram, its facet count
        corpora[0].close()
        assert len(queued) == 2 and all(job.cancelled() for job in queued)
    finally:
        hold.set()
    for corpus in corpora[1:]:
        corpus.wait(30)
    dataset_mod._COUNTER.executor().submit(lambda: None).result(30)
    assert len(counted) == 2  # the closed corpus' count never ran
    names = [t.name for t in threading.enumerate()]
    assert sum(n.startswith("nkviewer-facets") for n in names) == 1
    assert sum(n.startswith("nkviewer-query") for n in names) == 1
    for corpus in corpora[1:]:
        corpus.close()


def test_dataset_workers_decode_with_short_gil_turns(big_dataset: Path) -> None:
    """A window fetch and a refilter decode rows in Python next to the window's thread, which
    gives the GIL up at every call into Qt: they run under `short_gil_turns`, so it gets it
    back within 0.5 ms, not 5 ms (nkviewer.threads)."""
    import sys

    from nkviewer.threads import SHORT_SWITCH_INTERVAL

    seen: list[float] = []
    with EventDataset.open(big_dataset) as inner:
        ds = CountingDataset(inner)
        events_in = ds.events_in

        def recording(*args: Any, **kw: Any) -> pd.DataFrame:
            seen.append(sys.getswitchinterval())
            return events_in(*args, **kw)

        ds.events_in = recording  # type: ignore[method-assign]
        src = DatasetSource(ds)
        lo = (src.time_bounds() or (0.0, 1.0))[0]
        assert src.window(lo + 100, lo + 110) is None
        src.wait(30)
        assert src.current_window() is not None
        corpus = DatasetCorpus(
            ds,  # type: ignore[arg-type]
            on_refiltered=lambda r: None,
            on_view=lambda r: None,
            on_facets=lambda r: None,
        )
        corpus.set_view_range(lo + 100, lo + 110)
        corpus.refilter(FilterState(text="Kim"), [])
        assert corpus.wait(30) is not None
        corpus.close()
    assert len(seen) >= 2 and all(s <= SHORT_SWITCH_INTERVAL for s in seen)


def test_a_refilter_brings_the_views_events_and_their_model(
    qtbot: QtBot, big_dataset: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refilter's worker also fetches the timeline's events of the view and makes their
    model: the timeline draws the new filter's events at once, with no model made on the
    window's thread; a window fetched later comes with its model too."""
    from nkviewer.model import timeline as timeline_mod
    from nkviewer.render.timeline import TimelineRenderer

    with EventDataset.open(big_dataset) as ds:
        corpus = DatasetCorpus(
            ds, on_refiltered=lambda r: None, on_view=lambda r: None, on_facets=lambda r: None
        )
        lo = (corpus.source.time_bounds() or (0.0, 1.0))[0]
        corpus.set_view_range(lo + 100, lo + 110)
        corpus.refilter(FilterState(text="Kim"), [])
        result = corpus.wait(30)
        assert result is not None and corpus.accept(result)
        source = corpus.source
        win = source.current_window()
        assert win is not None and win.covers(lo + 100, lo + 110)
        assert win.model is not None and win.group_by == "country"
        made: list[int] = []  # events of each model made here
        from_frame = timeline_mod.TimelineModel.from_frame

        def counting(frame: pd.DataFrame, *args: Any, **kw: Any) -> Any:
            made.append(len(frame))
            return from_frame(frame, *args, **kw)

        monkeypatch.setattr(timeline_mod.TimelineModel, "from_frame", counting)
        renderer = TimelineRenderer()
        renderer.set_source(source)
        assert renderer.sync_window(1600, 900, lo + 100, lo + 110)
        assert renderer.model is win.model and not any(made)  # (the lanes' headers: 0 events)
        assert set(renderer.model.arrays.ids) == set(win.frame["event_id"])
        monkeypatch.setattr(timeline_mod.TimelineModel, "from_frame", from_frame)
        assert source.window(lo + 400, lo + 410) is None  # far away: fetched in the background
        source.wait(30)
        later = source.current_window()
        assert later is not None and later.covers(lo + 400, lo + 410)
        assert later.model is not None and len(later.model.arrays.ids) == len(later.frame)
        renderer.set_options(group_by="source")  # another grouping: made when drawn
        assert renderer.sync_window(1600, 900, lo + 400, lo + 410)
        assert renderer.model is not later.model
        assert list(renderer.model.lane_names) == list(source.lanes("source").names)
        corpus.close()


def test_a_window_whose_model_fails_still_brings_its_events(
    big_dataset: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fetching thread's model of a window is a head start only: if making it fails, the
    window still arrives (the renderer makes the model when it draws) and the error is logged."""
    with EventDataset.open(big_dataset) as ds:
        src = DatasetSource(ds)

        def failing(frame: pd.DataFrame) -> Any:
            raise ValueError("no model")

        monkeypatch.setattr(src, "_model_of", failing)
        lo = (src.time_bounds() or (0.0, 1.0))[0]
        assert src.window(lo + 100, lo + 110) is None
        src.wait(30)
        win = src.current_window()
        assert win is not None and win.covers(lo + 100, lo + 110) and win.model is None
        src.preload(lo + 300, lo + 310)
        win = src.current_window()
        assert win is not None and win.covers(lo + 300, lo + 310) and win.model is None


def test_a_refilter_leaves_events_spread_over_many_rows_to_the_timelines_fetch(
    big_dataset: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sparse filter's events over a long view lie in every row group: the refilter's
    worker does not decode them all (at 10^6 events that held it 10-60 s); the timeline's
    own fetch brings them in the background when it asks."""
    with EventDataset.open(big_dataset) as inner:
        ds = CountingDataset(inner)
        src = DatasetSource(ds, EventFilter(lanes=frozenset({"China"})))
        lo = (src.time_bounds() or (0.0, 1.0))[0]
        monkeypatch.setattr(source_mod, "PRELOAD_MAX_ROWS", ds.rows_spanned(lo, lo + 30) - 1)
        src.preload(lo + 10, lo + 20)  # its window spans more rows than that
        assert ds.fetched == [] and src.current_window() is None
        monkeypatch.setattr(source_mod, "PRELOAD_MAX_ROWS", len(ds))
        src.preload(lo + 10, lo + 20)
        win = src.current_window()
        assert len(ds.fetched) == 1 and win is not None and win.covers(lo + 10, lo + 20)
