"""HTML pages (.html/.htm): the main text, title, author and date via trafilatura + htmldate.

The text the user sees is trafilatura's main text (menus, footers and most link lists are
already gone); junk rules and stamp detection then run on it as on any text. The page's own
date (meta tags, found by htmldate inside trafilatura) ranks below the manifest and a date
printed in the text.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from nkviewer.ingest.article import Origin, build_document
from nkviewer.ingest.document import FileProblem
from nkviewer.ingest.problem import BadFile, ReadResult
from nkviewer.ingest.published import parse_published
from nkviewer.ingest.text_format import read_text
from nkviewer.ingest.textlines import normalise_newlines

if TYPE_CHECKING:
    from configparser import ConfigParser

_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HTML_OPEN = re.compile(r"<html[\s>]", re.I)
_HTML_CLOSE = re.compile(r"</html\s*>", re.I)
_TAG = re.compile(r"<[A-Za-z!/?]")


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML file declares in a <meta> tag near its top, if any."""
    m = _CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "replace").lower() if m else None


def truncation_warning(html: str) -> str | None:
    """A warning when the page was cut off (mid-tag, or no closing </html>)."""
    tail = html.rstrip()
    if tail.rfind("<") > tail.rfind(">"):
        return "truncated: the HTML ends in the middle of a tag (read what was there)"
    if _HTML_OPEN.search(html[:4096]) and not _HTML_CLOSE.search(html[-4096:]):
        return "truncated: the HTML has no closing </html> (read what was there)"
    return None


@lru_cache(maxsize=1)
def _config() -> ConfigParser:
    # trafilatura (slow to import) only for HTML files
    from trafilatura.settings import use_config

    # Failures are reported as FileProblems; the libraries' own log lines would only be noise
    # on the terminal (Python prints unhandled warnings to stderr).
    for name in ("trafilatura", "htmldate", "courlan", "justext"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    config = use_config()
    # No SIGALRM timeout: extraction may run in a worker thread, where signals are unavailable.
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    # Short articles are articles too.
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "10")
    config.set("DEFAULT", "MIN_OUTPUT_SIZE", "1")
    config.set("DEFAULT", "MIN_EXTRACTED_COMM_SIZE", "1")
    return config


def _extract(html: str) -> Any:
    # trafilatura (slow to import) only for HTML files
    from trafilatura import bare_extraction

    return bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        config=_config(),
        date_extraction_params={"extensive_search": False, "original_date": True},
    )


def _plain_text(text: str, origin: Origin) -> ReadResult:
    """A file named .html that holds no markup at all: read it as plain text, and say so."""
    result = read_text(text, origin)
    result.problems.append(FileProblem(origin.path, "no HTML tags: read as plain text", "warning"))
    return result


def read_html(html: str, origin: Origin) -> ReadResult:
    """One HTML page → one Document (main text); raises BadFile when it holds no article text."""
    result = ReadResult()
    warning = truncation_warning(html)
    extracted = _extract(html)
    text = normalise_newlines(str(getattr(extracted, "text", "") or "")) if extracted else ""
    if not text.strip():
        if not _TAG.search(html):
            return _plain_text(html, origin)
        reason = "no article text found in the HTML"
        raise BadFile(f"{reason} ({warning})" if warning else reason)
    origin.title = str(extracted.title or "").strip()
    origin.author = str(extracted.author or "").strip()
    origin.source = str(extracted.sitename or "").strip()
    origin.url = str(extracted.url or "").strip()
    if extracted.date:
        origin.published = parse_published(str(extracted.date), "html")
    result.documents.append(build_document(text, origin))
    if warning:
        result.problems.append(FileProblem(origin.path, warning, "warning"))
    return result
