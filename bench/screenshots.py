"""Render the main window offscreen to PNGs (`make screenshots`): the states a user sees first.

    python bench/screenshots.py --out resources/screenshots [--corpus seeds] [--size 1600x1000]

States: the first view (fitted to where the events are), an event selected with its source
shown, a filtered view (one person's events), the figure File ▸ Export Image writes for a
selection (its default title and fit), and the selected event in the dark palette. Settings go
to a throw-away folder so the user's are untouched; the parse cache is the normal one, so a
second run is fast.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _parse_size(text: str) -> tuple[int, int]:
    w, _, h = text.lower().partition("x")
    return int(w), int(h)


def _wait(app: object, seconds: float) -> None:
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)


def _pick_event(session: object) -> str:
    """A telling event to select: merged reports first, then the most entities, in 2018–2019."""
    frame = session.filtered  # type: ignore[attr-defined]
    if not len(frame):
        return ""
    scored = frame.assign(
        _n_src=frame["sources"].map(lambda s: len(s or ())),
        _n_ent=frame["entities"].map(lambda e: len(e or ())),
        _in=frame["start"].str.slice(0, 4).isin(["2018", "2019"]),
    ).sort_values(["_in", "_n_src", "_n_ent"], ascending=False)
    return str(scored.iloc[0]["event_id"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--corpus", type=Path, default=REPO / "seeds")
    parser.add_argument("--size", type=_parse_size, default=(1600, 1000))
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds to wait for loading")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["NKVIEWER_CONFIG_DIR"] = tempfile.mkdtemp(prefix="nkviewer-shots-")

    from nkviewer.events.table import day_number
    from nkviewer.qt.app import create_application, set_theme
    from nkviewer.qt.main_window import MainWindow

    app = create_application(["screenshots"], theme="light")
    window = MainWindow()
    window.resize(*args.size)
    window.show()
    t_open = time.monotonic()
    window.open_paths([args.corpus])
    session = window.session
    while session.loading and time.monotonic() - t_open < args.timeout:
        _wait(app, 0.05)
    if session.loading:
        print(f"loading {args.corpus} did not finish in {args.timeout:.0f} s", file=sys.stderr)
        return 1
    print(
        f"loaded {len(session.documents)} documents, {session.event_count()} events "
        f"in {time.monotonic() - t_open:.1f} s"
    )
    args.out.mkdir(parents=True, exist_ok=True)
    shots: list[Path] = []

    def shot(name: str) -> None:
        _wait(app, 0.3)
        path = args.out / f"{name}.png"
        window.grab().save(str(path))
        shots.append(path)

    shot("first-view")
    window.timeline.set_visible_range(day_number("2018-01-01"), day_number("2020-01-01"))
    event_id = _pick_event(session)
    if event_id:
        session.set_selection([event_id])
        session.set_current(event_id)
    shot("event-selected")
    set_theme("dark")
    shot("dark")
    set_theme("light")

    # A filtered view: one person's events, the timeline fitted to them.
    session.set_selection([])
    session.set_current("")
    session.set_filters(session.filters.with_facet("person", "Kim Jong-un", True))
    _wait(app, 0.3)
    window.timeline.fit_all()
    shot("filtered")

    # The figure of a selection, as File ▸ Export Image writes it by default.
    session.set_filters(type(session.filters)())
    _wait(app, 0.3)
    frame = session.filtered
    picked = frame[(frame["start"].str.slice(0, 7) >= "2019-01")]
    picked = picked[picked["start"].str.slice(0, 7) <= "2019-06"]
    window.timeline.set_selection(list(picked["event_id"]))
    session.set_selection(list(picked["event_id"]))
    from nkviewer.qt.export_dialog import ExportImageDialog
    from nkviewer.qt.export_scope import ExportScope

    dialog = ExportImageDialog(ExportScope.from_window(window), window.settings, window)
    path = args.out / "exported-selection.png"
    written: list[object] = []
    dialog.saved.connect(written.append)
    dialog.save_in_background(path)  # as Save does: laid out and written in the worker
    end = time.monotonic() + 120
    while not written and time.monotonic() < end:
        _wait(app, 0.05)
    if not written:
        raise SystemExit(f"{path} was not written")
    shots.append(path)
    dialog.show()
    _wait(app, 0.5)
    dialog.refresh()
    _wait(app, 0.3)
    path = args.out / "export-dialog.png"
    dialog.grab().save(str(path))
    shots.append(path)
    dialog.close()
    window.close()
    for p in shots:
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
