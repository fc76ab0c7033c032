"""Which addresses from a corpus may become links: absolute http and https URLs, nothing else.

A manifest, an HTML page or a JSON row can hold any string as an article's address:
`javascript:…`, `file:///home/…`, `data:text/html,…`. Shown as a link (in the Source panel, an
HTML report, a TimelineJS timeline) such an address runs code or opens local files when
clicked. `http_url` is the one test every link goes through; anything else stays text.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")


def http_url(address: str | None) -> str | None:
    """`address` (trimmed) if it is an absolute http(s) URL with a host, else None."""
    url = (address or "").strip()
    if not url or _SPACE_OR_CONTROL.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url
