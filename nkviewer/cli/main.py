"""Entry point of the `nkviewer` command.

`nkviewer` alone (or `nkviewer PATH...`) opens the window; the subcommands work without a display.
Exit status: 0 success; 1 finished, but some input files could not be read (they are listed on
stderr); 2 nothing done: bad arguments or an error explained on stderr.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from types import ModuleType

from nkviewer import __version__, memory_tuning
from nkviewer.errors import NkviewerError

#: Subcommand modules in `nkviewer.cli`, in the order `--help` lists them.
SUBCOMMANDS: tuple[str, ...] = ("extract", "dates", "export")
#: Module that handles `nkviewer [PATH...]` with no subcommand, when present.
DEFAULT_COMMAND = "gui"

EXIT_OK, EXIT_PARTIAL, EXIT_ERROR = 0, 1, 2


class _Formatter(argparse.RawDescriptionHelpFormatter):
    pass


def _module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(f"nkviewer.cli.{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"nkviewer.cli.{name}":
            return None
        raise


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nkviewer",
        description="Timeline explorer for news corpora. Without a subcommand, opens the window.",
        formatter_class=_Formatter,
        epilog=(
            "examples:\n"
            "  nkviewer                          open the window on the bundled sample corpus\n"
            "  nkviewer ~/articles               open the window on a folder\n"
            "  nkviewer extract seeds -o events.jsonl\n"
            "  nkviewer dates article.txt --dct 2019-03-18\n\n"
            "exit status: 0 success, 1 some input files could not be read, 2 error"
        ),
    )
    parser.add_argument("--version", action="version", version=f"nkviewer {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="more detail in the log")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMANDS:
        mod = _module(name)
        if mod is not None:
            mod.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    memory_tuning.tune()  # before any thread starts (see the module)
    args_list = list(sys.argv[1:] if argv is None else argv)
    names = {n for n in SUBCOMMANDS if _module(n) is not None}
    first = next((a for a in args_list if not a.startswith("-")), None)
    wants_help = any(a in ("-h", "--help", "--version") for a in args_list)
    if first not in names and not (wants_help and first is None):
        gui = _module(DEFAULT_COMMAND)
        if gui is not None:
            return int(gui.main(args_list))
    parser = build_parser()
    args = parser.parse_args(args_list)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    mod = _module(args.command)
    assert mod is not None
    try:
        return int(mod.run(args))
    except NkviewerError as exc:
        print(f"nkviewer {args.command}: error: {exc}", file=sys.stderr)
        _drop_unwritable_stdout()
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("nkviewer: interrupted", file=sys.stderr)
        return 130


def _drop_unwritable_stdout() -> None:
    """After a failed write to stdout (a full disk, a closed pipe), point it at /dev/null so that
    the interpreter's own flush at exit does not print a second, raw error."""
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
        except (OSError, ValueError):
            pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
