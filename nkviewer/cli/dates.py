"""`nkviewer dates FILE`: every temporal expression of one article, one JSON object per line.

Offsets are Python string indices into the article text as nkviewer shows it (the text ingest
reads: decoded, HTML main text...). The anchor is `--dct`, else the publication date ingest
finds (manifest, printed stamp, HTML metadata), else one inferred from the content.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date
from typing import Any

from nkviewer.errors import DateError

EPILOG = """\
examples:
  nkviewer dates seeds/001_299aeecd3ab3c2fd.txt --dct 2019-03-18
  nkviewer dates article.html --no-parser
  nkviewer dates article.txt --model en_core_web_md

Each line: start, end, text, type (DATE TIME DURATION SET), value (TIMEX3), granularity,
first, last (the calendar days covered, or null; a length counted from publication, "the
next two weeks" P2W, gives its days), mod, uncertain, tense, anchor (where the value's anchor
came from: explicit, publication, narrative; null for other durations and for sets) and
range (for each end of a range written as one, "2009-2010" or "April 9-11", printed as its
two ends as TimeML does: the whole range's value; else null).
The anchor used goes to standard error.
exit status: 0 success, 2 error (missing or unreadable file, bad --dct, no spaCy pipeline)"""

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "dates",
        help="list the temporal expressions of one article",
        description="List every temporal expression of one article with its TIMEX3 value.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", metavar="FILE", help="an article (.txt, .md, .html, ...)")
    p.add_argument("--dct", metavar="YYYY-MM-DD", help="publication date to resolve against")
    p.add_argument("--model", metavar="NAME", help="installed spaCy pipeline for the tense cues")
    p.add_argument(
        "--no-parser", action="store_true", help="no spaCy: tense cues from the words only"
    )
    p.add_argument(
        "--all",
        action="store_true",
        help="also list expressions in boilerplate and publication stamps",
    )


def parse_dct(text: str) -> date:
    """`YYYY-MM-DD` → date, or DateError saying what is expected."""
    if not _ISO_DAY.fullmatch(text.strip()):
        raise DateError(f"--dct {text!r}: give the publication date as YYYY-MM-DD, e.g. 2019-03-18")
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise DateError(f"--dct {text!r} is not a calendar date ({exc})") from exc


def run(args: argparse.Namespace) -> int:
    # loaded when the command runs: `nkviewer` imports this module for its parser
    from nkviewer.ingest import PublishedDate, read_document
    from nkviewer.nlp.anchor import document_anchor
    from nkviewer.nlp.timex import find_timexes

    dct = parse_dct(args.dct) if args.dct else None
    document = read_document(args.file)
    text = document.text
    skip = [*document.junk, *document.stamps]
    if args.no_parser:
        mentions = find_timexes(text, skip=skip)
        anchor = document_anchor(document, mentions)
        if args.all:
            mentions = find_timexes(text)
    else:
        # spaCy and the parser only when they are used (`--no-parser` goes without them)
        from nkviewer.nlp.gazetteer import user_paths
        from nkviewer.nlp.model import load_pipeline
        from nkviewer.nlp.parse import configure_pipeline, parse_document, pipeline_gazetteer

        user = [str(p) for p in user_paths([args.file])]
        nlp = configure_pipeline(load_pipeline(args.model), user=user)
        for problem in pipeline_gazetteer(nlp).problems:
            print(f"{problem}", file=sys.stderr)
        parsed = parse_document(document, nlp)
        # (the dateline's day, added to date a lead that tells none, is metadata: not listed)
        mentions = [m for m in parsed.timexes if not _in_any(m, document.stamps)]
        gaz = pipeline_gazetteer(nlp)
        anchor = document_anchor(document, mentions, entities=parsed.entities, gazetteer=gaz)
        if args.all:
            mentions = find_timexes(text, doc=nlp(text))
    if dct is not None:
        anchor = PublishedDate.day(dct, "user")
    label = f"{anchor.iso()} ({anchor.source})" if anchor.is_known else "unknown"
    print(f"anchor: {label}", file=sys.stderr)
    try:
        _write(mentions, anchor)
    except BrokenPipeError:  # `| head`: the reader has what it wanted
        sys.stderr.close()
    return 0


def _in_any(m: Any, spans: list[Any]) -> bool:
    return any(s.start <= m.start and m.end <= s.end for s in spans)


def _write(mentions: list[Any], anchor: Any) -> None:
    # loaded when the command runs: `nkviewer` imports this module for its parser
    from nkviewer.nlp.timex import resolve
    from nkviewer.nlp.timex.resolve import range_endpoints

    out = sys.stdout
    for m in mentions:
        r = resolve(m, anchor)
        parts = m.recipe.get("parts") if m.recipe.get("kind") == "range" else None
        if parts:  # "2009-2010": the two years, each its own TIMEX3 (the TimeML way)
            ends = range_endpoints(m.recipe, anchor, m.tense)
            for (start, end), one in zip(parts, ends, strict=True):
                text = m.text[start - m.start : end - m.start]
                out.write(_line(start, end, text, m, one, r.value))
            continue
        out.write(_line(m.start, m.end, m.text, m, r, None))
    out.flush()


def _line(start: int, end: int, text: str, m: Any, r: Any, whole: str | None) -> str:
    record = {
        "start": start,
        "end": end,
        "text": text,
        "type": m.type,
        "value": r.value,
        "granularity": r.granularity,
        "first": r.first.isoformat() if r.first else None,
        "last": r.last.isoformat() if r.last else None,
        "mod": r.mod,
        "uncertain": r.uncertain,
        "tense": m.tense,
        "anchor": r.anchor,
        "range": whole,
    }
    return json.dumps(record, ensure_ascii=False) + "\n"
