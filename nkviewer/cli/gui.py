"""`nkviewer [PATH...]`: open the window (the default command).

With no PATH it reopens the last corpus opened; the bundled sample corpus (`seeds/` in a source
tree) only on the very first start (later from Help ▸ Open Sample Corpus). Qt and the window
are imported only here, so the other subcommands work without a display; spaCy and pandas are
imported by the loader thread, after the window has painted.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from nkviewer import __version__, heap, memory_tuning, paths
from nkviewer.corpus.options import LoadOptions
from nkviewer.logs import setup_logging

log = logging.getLogger(__name__)

#: How long the window waits at exit for the loader to reach its next stop check.
SHUTDOWN_WAIT_MS = 20_000

EPILOG = """\
examples:
  nkviewer                         reopen the last corpus (the first time: the sample corpus)
  nkviewer ~/articles              open a folder of articles
  nkviewer a.html b.md notes.txt   open some files
  nkviewer ~/articles --jobs 4     parse with 4 worker processes
  nkviewer ~/articles --no-cache   parse everything again, ignoring the cache
  nkviewer --theme dark            force the dark palette

Other commands (no window): nkviewer extract|dates|export --help.
Logs: {log_dir}
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nkviewer",
        description="Open the nkviewer window: a zoomable timeline of the events in a news corpus.",
        epilog=EPILOG.format(log_dir=paths.log_dir()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="folders and/or article files")
    parser.add_argument("--model", metavar="NAME", help="spaCy pipeline to use (package or folder)")
    parser.add_argument("--jobs", type=int, metavar="N", help="worker processes for parsing")
    parser.add_argument("--no-cache", action="store_true", help="ignore the parse cache")
    parser.add_argument(
        "--theme", choices=("system", "light", "dark"), help="colour theme (default: as before)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="more detail in the log")
    parser.add_argument("--version", action="version", version=f"nkviewer {__version__}")
    return parser


def default_corpus(last: list[str], *, first_start: bool) -> list[str]:
    """What to open without PATH: the last corpus that still exists; on the very first start
    the bundled sample corpus; else nothing (the window's welcome page)."""
    if last:
        return last
    seeds = paths.sample_corpus()
    return [str(seeds)] if first_start and seeds is not None else []


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    if args.jobs is not None and args.jobs < 1:
        print("nkviewer: error: --jobs must be at least 1", file=sys.stderr)
        return 2
    missing = [p for p in args.paths if not Path(p).expanduser().exists()]
    if missing:
        print(f"nkviewer: error: not found: {', '.join(missing)}", file=sys.stderr)
        return 2

    log_path = setup_logging(verbose=args.verbose)
    log.info("nkviewer %s starting; log at %s", __version__, log_path)
    try:
        # Qt may lack its system libraries: checked here, said plainly below
        from PySide6.QtWidgets import QApplication  # noqa: F401
    except ImportError as exc:  # e.g. libGL or libxkbcommon missing on a bare system
        print(
            f"nkviewer: error: Qt cannot start ({exc}).\n"
            "Install the system libraries it needs, e.g. on Debian/Ubuntu:\n"
            "  sudo apt-get install libgl1 libegl1 libxkbcommon0 libfontconfig1 libglib2.0-0 "
            "libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 "
            "libxcb-render-util0 libxcb-shape0 libxkbcommon-x11-0",
            file=sys.stderr,
        )
        return 2

    # Qt and the window only once the arguments are good and Qt can start
    from nkviewer.qt.app import create_application
    from nkviewer.qt.errors_dialog import ExceptionReporter
    from nkviewer.qt.main_window import MainWindow
    from nkviewer.qt.settings import Settings
    from nkviewer.qt.signals import QuitOnSignals

    settings = Settings()
    theme = args.theme or settings.theme()
    if args.theme:
        settings.set_theme(args.theme)
    app = create_application([sys.argv[0] if sys.argv else "nkviewer"], theme=theme)
    reporter = ExceptionReporter(app)
    reporter.install()
    load = LoadOptions(model=args.model, jobs=args.jobs, use_cache=not args.no_cache)
    window = MainWindow(settings=settings, load_options=load)
    window.show()
    window.activateWindow()  # a window manager does it; without one (Xvfb) no shortcut worked
    app.processEvents()  # paint the window before pandas and spaCy are imported
    memory_tuning.start_releasing()  # hand freed memory back every few seconds (see there)
    heap.keep_long_lived()  # short GC pauses in every thread (see there)
    signals = QuitOnSignals(window.close)
    log.info("window shown; Ctrl+C or SIGTERM closes it")
    inputs = args.paths or default_corpus(
        settings.last_corpus(), first_start=settings.first_start()
    )
    settings.mark_started()
    if inputs:
        window.open_paths(inputs)
    try:
        status = int(app.exec())
    finally:
        signals.uninstall()
        stopped = window.session.loader.shutdown(SHUTDOWN_WAIT_MS)
        reporter.uninstall()
    if not stopped:
        # A parse that ignores the stop flag for this long (one huge file) would otherwise
        # keep the process alive, or crash it at interpreter exit: leave now, like a kill.
        log.warning("the loader did not stop within %d ms; exiting anyway", SHUTDOWN_WAIT_MS)
        logging.shutdown()
        os._exit(status)
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
