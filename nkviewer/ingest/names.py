"""File names as text: always valid Unicode when stored or shown, quoted when printed on a line.

A file name on Linux is any bytes but `/` and NUL. Python hands back the bytes that are not
UTF-8 as lone surrogates (`bad\\udcffname.txt`), which no UTF-8 writer (JSON, Parquet, a
terminal) accepts; and a name may hold a line break, which would forge a line in a list of
problems on standard error. `shown_path` is the form every record and message keeps (such
bytes as `\\xff`); `quoted_path` is the form a one-line message prints.
"""

from __future__ import annotations

import os
import re

# Control characters (Unicode category Cc), line and paragraph separators.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def shown_path(path: str | os.PathLike[str]) -> str:
    """The path as text, with bytes that are not UTF-8 written as `\\xff` escapes."""
    text = os.fspath(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "backslashreplace")
    return text


def one_line(text: str) -> str:
    """`text` with line breaks and other control characters written as escapes (`\\n`)."""
    if not _UNPRINTABLE.search(text):
        return text
    return _UNPRINTABLE.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


def quoted_path(path: str | os.PathLike[str]) -> str:
    """The path for a one-line message: as it is, or quoted with escapes when it holds a line
    break, a control character or leading/trailing spaces."""
    text = shown_path(path)
    if _UNPRINTABLE.search(text) or text != text.strip():
        return '"' + one_line(text.replace("\\", "\\\\").replace('"', '\\"')) + '"'
    return text
