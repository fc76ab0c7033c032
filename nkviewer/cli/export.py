"""`nkviewer export`: a corpus becomes a timeline figure (PNG, SVG, PDF) or event data, headless.

The image is drawn by the same renderer as the window; data formats go to the data writers.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nkviewer.errors import DateError, ExportError, InputError
from nkviewer.model.wording import plural

# The corpus, curation and export modules are imported in the functions that run the command:
# `nkviewer` imports this module to build its parser (tests/test_startup_imports.py).

if TYPE_CHECKING:
    import pandas as pd

    from nkviewer.corpus.sidecar import Edits
    from nkviewer.export.images import ImageOptions

LANE_MODES = ("country", "actor", "source", "none")

EPILOG = """\
examples:
  nkviewer export seeds -o timeline.svg
  nkviewer export seeds -o 2018-2019.png --from 2018-01 --to 2019-12 --dpi 300
  nkviewer export ~/articles -o kim.pdf --actor "Kim Jong-un" --lane-by source --title "Kim Jong-un"
  nkviewer export seeds -o events.csv --from 2019
  nkviewer export events/ -o timeline.png --from 2015 --lane-by actor   (an event dataset)

The edits made in the window (hidden events, corrected titles, dates and publication dates,
kept in the corpus' .nkviewer-edits.json) apply to every export, as in the window; --no-edits
exports the events as extracted.
The format comes from the output's extension: .png .svg .pdf draw the timeline; .csv .jsonl
.json .parquet .timeline.json (TimelineJS 3) .html write the events as data. --from/--to take
YYYY, YYYY-MM or YYYY-MM-DD and keep the events that overlap that span; for images the span is
also the figure's time range. Sizes are pixels at 96 DPI: --width 1600 --dpi 300 makes a
5000-pixel-wide PNG for print. An event dataset (made by `nkviewer extract --engine dask -o
DIR`) is read lazily: figures show counts where events crowd, data is written as it streams.
exit status: 0 success, 1 some files could not be read (listed on stderr), 2 error"""


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "export",
        help="draw a corpus' timeline as PNG/SVG/PDF, or write its events as data",
        description="Draw the timeline of a corpus as an image, or write its events as data.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("inputs", nargs="+", metavar="PATH", help="folder (recursive), file or glob")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="file to write")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="first day/month/year kept")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="last day/month/year kept")
    p.add_argument(
        "--actor", action="append", default=[], metavar="NAME", help="keep events with this actor"
    )
    p.add_argument("--lane-by", choices=LANE_MODES, default="country", help="lane grouping")
    p.add_argument("--title", default="", help="title above the figure")
    p.add_argument("--width", type=int, metavar="PX", help="figure width (default 1600)")
    p.add_argument("--height", type=int, metavar="PX", help="figure height (default: fit lanes)")
    p.add_argument("--dpi", type=int, default=96, metavar="N", help="PNG resolution (default 96)")
    p.add_argument("--theme", choices=("light", "dark"), default="light")
    p.add_argument(
        "--page",
        choices=("fit", "a4", "letter"),
        default="a4",
        help="PDF page (default: A4 landscape; fit: the page is the figure)",
    )
    p.add_argument("--no-legend", action="store_true", help="leave out the legend")
    p.add_argument("--no-note", action="store_true", help='leave out "N events from M articles"')
    p.add_argument("--jobs", type=int, metavar="N", help="parser processes")
    p.add_argument("--model", metavar="NAME", help="installed spaCy pipeline to use")
    p.add_argument("--no-cache", action="store_true", help="parse again, ignoring the cache")
    p.add_argument(
        "--no-edits",
        action="store_true",
        help="ignore the edits made in the window (hidden events, corrected titles and dates)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no summary line")


def run(args: argparse.Namespace) -> int:
    # loaded when the command runs: `nkviewer` imports this module for its parser
    from nkviewer.corpus.dataset_store import is_dataset
    from nkviewer.export.output import check_output

    if args.jobs is not None and args.jobs < 1:
        raise InputError("--jobs must be 1 or more")
    _output_kind(args.output)  # fail on a bad extension or output before parsing anything
    check_output(args.output)
    edits = _edits(args)
    if len(args.inputs) == 1 and is_dataset(args.inputs[0]):
        path, n = export_dataset(args.inputs[0], args, edits)
        if not args.quiet:
            print(f"wrote {path} ({plural(n, 'event')})", file=sys.stderr)
        return 0
    from nkviewer.corpus.curation import apply_edits
    from nkviewer.corpus.options import LoadOptions
    from nkviewer.corpus.pipeline import extract_frame

    options = LoadOptions(
        model=args.model,
        jobs=args.jobs,
        use_cache=not args.no_cache,
        published_overrides=edits.published,
    )
    frame, problems = extract_frame(args.inputs, options)
    for problem in problems:
        print(f"nkviewer export: {problem.severity}: {problem}", file=sys.stderr)
    frame = apply_edits(frame, hidden=edits.hidden, titles=edits.titles, dates=edits.dates)
    path, n = export_frame(frame, args)
    if not args.quiet:
        print(f"wrote {path} ({plural(n, 'event')})", file=sys.stderr)
    return 1 if any(p.severity == "error" for p in problems) else 0


def _edits(args: argparse.Namespace) -> Edits:
    """The corpus' edits as the window saved them (none with --no-edits); a sidecar that cannot
    be read is reported and the export goes on without it."""
    # loaded when the command runs: `nkviewer` imports this module for its parser
    from nkviewer.corpus.curation import load_corpus_edits
    from nkviewer.corpus.sidecar import Edits

    if args.no_edits:
        return Edits()
    loaded = load_corpus_edits(args.inputs)
    if loaded.problem:
        print(f"nkviewer export: warning: {loaded.problem}", file=sys.stderr)
    elif loaded.path is not None and not args.quiet:
        edits = loaded.edits
        hidden = len(edits.hidden)
        print(
            f"nkviewer export: applying the edits in {loaded.path} ({hidden:,} hidden, "
            f"{len(edits.titles):,} titles, {len(edits.dates):,} dates, "
            f"{len(edits.published):,} publication dates; --no-edits to ignore them)",
            file=sys.stderr,
        )
    return loaded.edits


def export_frame(frame: pd.DataFrame, args: argparse.Namespace) -> tuple[Path, int]:
    """Filter `frame` as the arguments ask and write it; return the path and the event count."""
    kind = _output_kind(args.output)
    span = date_span(args.date_from, args.date_to)
    frame = filter_frame(frame, span=span, actors=args.actor)
    if kind == "image":
        # loaded when the command runs: `nkviewer` imports this module for its parser
        from nkviewer.export.images import export_image

        time_range = None
        if span is not None and len(frame):
            lo = span[0] if args.date_from else float(frame["t0"].min())
            hi = span[1] if args.date_to else float(frame["t1"].max())
            time_range = (lo, hi)
        options = _image_options(args, time_range)
        return export_image(frame, args.output, options=options), len(frame)
    from nkviewer.export.data import write_events

    return write_events(frame, args.output, title=args.title), len(frame)


def export_dataset(
    folder: str, args: argparse.Namespace, edits: Edits | None = None
) -> tuple[Path, int]:
    """Export from an event dataset without loading it: images from its counts and the events
    of crowded-free stretches, data streamed batch by batch. Hidden events are left out and
    corrected titles shown; dates stay as extracted (as in the window)."""
    # loaded when the command runs: `nkviewer` imports this module for its parser
    from nkviewer.corpus.curation import dataset_curation
    from nkviewer.corpus.dataset import EventDataset
    from nkviewer.events.filters import EventFilter

    kind = _output_kind(args.output)
    span = date_span(args.date_from, args.date_to)
    with EventDataset.open(folder) as ds:
        actors = frozenset(_dataset_actors(ds, args.actor)) if args.actor else frozenset()
        flt = EventFilter(
            start=span[0] if span and args.date_from else None,
            end=span[1] if span and args.date_to else None,
            actors=actors,
            exclude=frozenset(edits.hidden) if edits else frozenset(),
        )
        active = flt if flt.is_active else None
        curate = dataset_curation((), edits.titles) if edits else None
        if kind == "data":
            from nkviewer.export import stream
            from nkviewer.export.data import format_for

            if format_for(args.output) in stream.TABLE_FORMATS:  # its stored rows, undecoded
                tables = stream.dataset_tables(ds, active, curate)
                return stream.write_table_stream(tables, args.output)
            frames = ds.iter_frames(active)
            if curate is not None:
                frames = map(curate, frames)
            return stream.write_event_stream(frames, args.output, title=args.title)
        from nkviewer.export.images import export_image
        from nkviewer.model.source import DatasetSource

        source = DatasetSource(ds, active, background=False, transform=curate)
        n = source.count()
        if n == 0:
            raise ExportError("there are no events to export (check --from, --to and --actor)")
        time_range = None
        if span is not None:
            bounds = source.time_bounds() or (span[0], span[1])
            lo = span[0] if args.date_from else bounds[0]
            hi = span[1] if args.date_to else bounds[1]
            time_range = (lo, hi)
        options = _image_options(args, time_range)
        return export_image(source, args.output, options=options), n


def _dataset_actors(ds: Any, wanted: list[str]) -> set[str]:
    """Actor names of the dataset matching --actor: exact (any case), else part of a name."""
    names = [n for n, _ in ds.facet_counts()["person"]]
    keys = {w.casefold() for w in wanted}
    found = {n for n in names if n.casefold() in keys}
    if not found:
        found = {n for n in names if any(k in n.casefold() for k in keys)}
    if not found:
        hint = f"; actors here include {', '.join(names[:8])}" if names else ""
        raise ExportError(f"no events with the actor {' or '.join(wanted)}{hint}")
    return found


def _output_kind(output: str) -> str:
    # loaded when the command runs: `nkviewer` imports this module for its parser
    from nkviewer.export.data import format_for
    from nkviewer.export.images import IMAGE_FORMATS, image_format

    if image_format(output):
        return "image"
    if format_for(output):
        return "data"
    known = ", ".join([*IMAGE_FORMATS, ".csv", ".jsonl", ".json", ".parquet", ".timeline.json"])
    raise ExportError(f"cannot tell the format of {output!r} from its extension; use {known}")


def parse_date_bound(text: str, *, end: bool) -> float:
    """YYYY, YYYY-MM or YYYY-MM-DD as a day number: its first day, or the day after its last."""
    # loaded when the command runs: `nkviewer` imports this module for its parser
    from nkviewer.events.table import EPOCH_ORDINAL

    parts = text.strip().split("-")
    try:
        nums = [int(p) for p in parts]
        if len(nums) == 1:
            first, after = date(nums[0], 1, 1), date(nums[0] + 1, 1, 1)
        elif len(nums) == 2:
            first = date(nums[0], nums[1], 1)
            y, m = (nums[0] + 1, 1) if nums[1] == 12 else (nums[0], nums[1] + 1)
            after = date(y, m, 1)
        elif len(nums) == 3:
            first = date(nums[0], nums[1], nums[2])
            after = date.fromordinal(first.toordinal() + 1)
        else:
            raise ValueError(text)
    except ValueError as exc:
        raise DateError(f"cannot read the date {text!r}: use YYYY, YYYY-MM or YYYY-MM-DD") from exc
    return float((after if end else first).toordinal() - EPOCH_ORDINAL)


def date_span(date_from: str | None, date_to: str | None) -> tuple[float, float] | None:
    """[first day, day after the last) for --from/--to; open ends are infinite."""
    if not date_from and not date_to:
        return None
    lo = parse_date_bound(date_from, end=False) if date_from else float("-inf")
    hi = parse_date_bound(date_to, end=True) if date_to else float("inf")
    if hi <= lo:
        raise DateError(f"--to ({date_to}) comes before --from ({date_from})")
    return lo, hi


def filter_frame(
    frame: pd.DataFrame, *, span: tuple[float, float] | None, actors: list[str]
) -> pd.DataFrame:
    """Events overlapping `span` with any of `actors` (exact name, else part of a name)."""
    if span is not None and len(frame):
        frame = frame[(frame["t1"] > span[0]) & (frame["t0"] < span[1])]
    if actors and len(frame):
        wanted = {a.casefold() for a in actors}
        names = frame["actors"].map(lambda v: {str(a).casefold() for a in _items(v)})
        mask = names.map(lambda s: bool(s & wanted))
        if not mask.any():  # "Kim" or "Putin": match part of a name
            mask = names.map(lambda s: any(w in n for n in s for w in wanted))
        if not mask.any():
            known = sorted({a for v in frame["actors"] for a in _items(v)})
            hint = f"; actors here include {', '.join(known[:8])}" if known else ""
            raise ExportError(f"no events with the actor {' or '.join(actors)}{hint}")
        frame = frame[mask]
    return frame.reset_index(drop=True)


def _items(value: object) -> list[Any]:
    if isinstance(value, str) or value is None:
        return []
    try:
        return list(value)  # type: ignore[call-overload]
    except TypeError:
        return []


def _image_options(
    args: argparse.Namespace, time_range: tuple[float, float] | None
) -> ImageOptions:
    """The figure options the command line asked for."""
    # loaded when the command runs: `nkviewer` imports this module for its parser
    from nkviewer.export.images import ImageOptions

    return ImageOptions(
        width=args.width,
        height=args.height,
        dpi=args.dpi,
        title=args.title,
        legend=not args.no_legend,
        source_note=not args.no_note,
        theme=args.theme,
        group_by=args.lane_by,
        time_range=time_range,
        page=args.page,
    )
