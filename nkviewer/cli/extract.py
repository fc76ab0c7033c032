"""`nkviewer extract`: a corpus becomes event records (JSON Lines by default), headless."""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from nkviewer.errors import InputError, NkviewerError

log = logging.getLogger(__name__)

FORMATS = ("jsonl", "json", "csv", "parquet", "timelinejs", "html")
ENGINES = ("local", "dask")
#: Protocols of Dask scheduler addresses.
SCHEDULER_SCHEMES = ("tcp", "tls", "ws", "wss", "ucx", "inproc")
PROGRESS_MIN_FILES = 10

EPILOG = """\
examples:
  nkviewer extract seeds -o events.jsonl
  nkviewer extract ~/articles '*.html' --format csv -o events.csv --jobs 2
  nkviewer extract corpus.jsonl --no-cache --model en_core_web_md
  nkviewer extract ~/archive --engine dask -o archive-events/ --jobs 2
  nkviewer extract /shared/archive --engine dask --scheduler tcp://scheduler:8786 -o /shared/ds

Without -o (or with -o -), JSON Lines go to standard output. The format comes from --format,
else from the output file's extension (.jsonl .json .csv .parquet .timeline.json .html); a
device or a named pipe without an extension gets JSON Lines. An existing file is replaced
atomically and keeps its permissions; a symbolic link is written through; a device or a pipe
is written straight; a folder is refused.
--engine dask runs on Dask (a local cluster of --jobs worker processes, or the cluster whose
scheduler --scheduler names) and writes an event dataset FOLDER (-o): events as Parquet by
year plus the source documents; the window opens it without loading it all. Running the same
command again resumes: unchanged partitions of the corpus are skipped.
exit status: 0 success, 1 some files could not be read (listed on stderr), 2 error"""


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "extract",
        help="parse a corpus into dated events",
        description="Parse a folder, files or globs of news articles into dated events.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("inputs", nargs="+", metavar="PATH", help="folder (recursive), file or glob")
    p.add_argument(
        "-o", "--output", metavar="FILE", help="output file, or - for stdout (default: stdout)"
    )
    p.add_argument("--format", choices=FORMATS, help="output format (default: from -o, else jsonl)")
    p.add_argument("--jobs", type=int, metavar="N", help="parser processes (default: CPU count)")
    p.add_argument("--model", metavar="NAME", help="installed spaCy pipeline to use")
    p.add_argument("--no-cache", action="store_true", help="parse again, ignoring the cache")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.add_argument(
        "--engine",
        choices=ENGINES,
        default="local",
        help="local: this machine, one output file (default); dask: a dataset folder via Dask",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="Dask scheduler to use with --engine dask, e.g. tcp://HOST:8786 "
        "(default: a local cluster of --jobs workers)",
    )


def run(args: argparse.Namespace) -> int:
    # loaded when the command runs: `nkviewer` imports this module for its parser
    from nkviewer.corpus.options import LoadOptions
    from nkviewer.corpus.pipeline import extract_frame
    from nkviewer.export.data import format_for, records, write_events
    from nkviewer.export.output import STDOUT, check_output, flush_stdout, write_stdout

    if args.jobs is not None and args.jobs < 1:
        raise InputError("--jobs must be 1 or more")
    if getattr(args, "engine", "local") == "dask":
        return _run_dask(args)
    if getattr(args, "scheduler", None):
        raise InputError("--scheduler works with --engine dask; add --engine dask")
    output = args.output or STDOUT
    target = check_output(output)  # a folder or a missing folder fails now, not after parsing
    fmt = args.format or format_for(output) or ("jsonl" if target.is_stream else None)
    if fmt is None:
        raise InputError(
            f"cannot tell the format of {output!r}; give --format ({', '.join(FORMATS)})"
        )
    if args.output is None and fmt == "parquet":  # binary: only where asked for (-o -)
        raise InputError("Parquet output needs a file: add -o events.parquet")

    progress = _Progress(enabled=not args.quiet and sys.stderr.isatty())
    try:
        options = LoadOptions(model=args.model, jobs=args.jobs, use_cache=not args.no_cache)
        frame, problems = extract_frame(args.inputs, options, progress=progress.update)
    finally:
        progress.close()

    for problem in problems:
        print(f"nkviewer extract: {problem.severity}: {problem}", file=sys.stderr)
    if target.kind == "stdout" and fmt == "jsonl":
        for rec in records(frame):
            write_stdout(json.dumps(rec, ensure_ascii=False) + "\n")
        flush_stdout()
    else:
        write_events(frame, output, fmt=fmt, allow_empty=True)
        if not args.quiet and target.kind != "stdout":
            print(f"wrote {len(frame)} events to {output}", file=sys.stderr)
    failed = any(p.severity == "error" for p in problems)
    return 1 if failed else 0


def _run_dask(args: argparse.Namespace) -> int:
    """`--engine dask`: write (or resume) an event dataset folder."""
    # loaded when the command runs: `nkviewer` imports this module for its parser
    from nkviewer.corpus.distributed import extract_distributed
    from nkviewer.corpus.pipeline import worker_count

    if not args.output:
        raise InputError("--engine dask writes a dataset folder: add -o FOLDER")
    if args.format is not None:
        raise InputError("--engine dask writes a dataset folder (Parquet); leave out --format")
    scheduler = scheduler_address(args.scheduler) if args.scheduler else None
    out = Path(args.output)
    created = not (out.exists() or out.is_symlink())
    progress = _Progress(enabled=not args.quiet and sys.stderr.isatty())
    try:
        summary = extract_distributed(
            args.inputs,
            args.output,
            scheduler=scheduler,
            workers=None if scheduler else worker_count(args.jobs),
            model=args.model,
            progress=progress.update,
            use_cache=not args.no_cache and not scheduler,
        )
    except NkviewerError as exc:
        raise type(exc)(f"{exc}{_after_failed_run(out, created)}") from exc
    except Exception as exc:  # a worker died, the cluster went away...: said, not dumped
        log.info("the Dask run failed", exc_info=True)  # the traceback with -v only
        what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        suffix = _after_failed_run(out, created)
        raise InputError(f"the Dask run failed ({what[:300]}){suffix}") from exc
    finally:
        progress.close()
    for problem in summary.problems:
        print(f"nkviewer extract: {problem.severity}: {problem}", file=sys.stderr)
    if not args.quiet:
        print(
            f"wrote {summary.events} events from {summary.documents} documents to "
            f"{summary.path} ({summary.skipped} of {summary.partitions} partitions unchanged, "
            f"{summary.elapsed:.1f} s)",
            file=sys.stderr,
        )
    failed = any(p.severity == "error" for p in summary.problems)
    return 1 if failed else 0


def scheduler_address(text: str) -> str:
    """A Dask scheduler address as `SCHEME://HOST:PORT` (`HOST:PORT` means tcp), or InputError
    saying what is expected: a mistyped address must not reach Dask's parser."""
    address = text.strip()
    full = address if "://" in address else f"tcp://{address}"
    problem = ""
    try:
        parts = urlsplit(full)
        port = parts.port
    except ValueError as exc:
        parts, port, problem = None, None, str(exc)
    if parts is not None and parts.scheme not in SCHEDULER_SCHEMES:
        problem = f"unknown protocol {parts.scheme!r}"
    elif parts is not None and not parts.hostname:
        problem = "no host"
    elif parts is not None and port is None:
        problem = "no port"
    elif parts is not None and (parts.path not in ("", "/") or parts.query or parts.fragment):
        problem = "more than a host and a port"
    if problem:
        raise InputError(
            f"--scheduler {text!r} is not a scheduler address ({problem}); "
            "give one such as tcp://HOST:8786"
        )
    return full.rstrip("/")


def _after_failed_run(out: Path, created: bool) -> str:
    """Clean up after a failed Dask run and say what is left: a folder this run created and
    finished nothing in is removed; finished partitions are kept, and a re-run resumes."""
    # loaded when the command runs: `nkviewer` imports this module for its parser
    from nkviewer.corpus.distributed import finished_partitions

    done = finished_partitions(out)
    if done:
        return (
            f"; {done} finished partition(s) are kept in {out}: run the same command again to "
            "resume"
        )
    if created and out.is_dir():
        shutil.rmtree(out, ignore_errors=True)
        return f"; nothing was written ({out} was removed)"
    return ""


class _Progress:
    """A progress bar on stderr (tqdm) for corpora of more than a handful of files."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Any = None

    def update(self, update: Any) -> None:
        if not self.enabled or update.total < PROGRESS_MIN_FILES:
            return
        if self.bar is None:
            # tqdm only for the progress bar on a terminal
            from tqdm import tqdm

            self.bar = tqdm(total=update.total, unit="part", file=sys.stderr, leave=False)
        self.bar.total = update.total  # a big table adds its parts once it is cut
        self.bar.set_description(update.stage)
        self.bar.update(update.done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
