"""Bytes → text: BOMs, UTF-8 (also cut mid-character), legacy encodings, binary detection.

Order of trust: a byte-order mark; a charset the file declares (HTML); strict UTF-8; then
charset-normalizer for legacy encodings, with cp1252 preferred for Western text because
charset-normalizer often names an exotic single-byte code page for short English text with
curly quotes. Bytes that are not text raise `BadFile` with a reason the user can act on.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from nkviewer.ingest.problem import BadFile
from nkviewer.ingest.textlines import normalise_newlines

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)

# File signatures worth naming when someone renames a non-text file to .txt.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document (save it as text first)"),
    (b"PK\x03\x04", "a ZIP archive or an Office document (save it as text first)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office or HWP document (save it as text first)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "a program"),
    (b"RIFF", "a media file"),
    (b"SQLite format 3\x00", "an SQLite database"),
)

_CJK_ENCODINGS = {
    "cp949",
    "euc_kr",
    "johab",
    "iso2022_kr",
    "big5",
    "big5hkscs",
    "cp950",
    "gb2312",
    "gbk",
    "gb18030",
    "hz",
    "shift_jis",
    "cp932",
    "euc_jp",
    "iso2022_jp",
}
_KOREAN_ENCODINGS = {"cp949", "euc_kr", "johab", "iso2022_kr"}
#: Up to this many non-ASCII characters, cp949 Hangul is preferred to another guess.
MAX_KOREAN_GUESS = 200
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
SAMPLE = 64 * 1024
# Declared charsets read the way browsers read them (WHATWG Encoding): the Latin-1 and EUC-KR
# labels mean their Windows supersets, which also decode the curly quotes and rarer Hangul.
_DECLARED_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "euc-kr": "cp949",
    "euc_kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "ksc5601": "cp949",
    "windows-949": "cp949",
    "x-windows-949": "cp949",
}
# Control characters (Unicode category Cc) other than tab, newlines and form feeds.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text with newlines normalised, the codec that produced it, and any warnings."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = field(default=())


def sniff_binary(data: bytes) -> str | None:
    """A reason when `data` is clearly not text (known signature, or NUL bytes without a BOM)."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return f"binary data (not text): looks like {what}"
    head = data[:SAMPLE]
    has_bom = any(head.startswith(bom) for bom, _, _ in _BOMS)
    if b"\x00" in head and not has_bom and _bomless_utf16(head) is None:
        return "binary data (not text): contains NUL bytes"
    return None


def _bomless_utf16(head: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NULs sit at every other byte (ASCII text in UTF-16)."""
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    even_nul = even.count(0) / len(even)
    odd_nul = odd.count(0) / max(len(odd), 1)
    if odd_nul > 0.6 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.6 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _control_share(text: str) -> float:
    sample = text[:SAMPLE]
    if not sample:
        return 0.0
    return len(_CONTROL.findall(sample)) / len(sample)


def _utf8(data: bytes) -> tuple[str, tuple[str, ...]] | None:
    """Strict UTF-8; a file cut inside its last character keeps the rest, with a warning."""
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            try:
                text = data[: exc.start].decode("utf-8")
            except UnicodeDecodeError:
                return None
            return text, ("truncated: the file ends in the middle of a character (dropped it)",)
        # UTF-8 with a few stray bytes: as many well-formed multi-byte characters as bad bytes
        # (text in a legacy encoding has almost none: its accents are lone high bytes). Keep
        # it as UTF-8 with the bad bytes replaced, and say so, rather than read the whole file
        # as cp1252 ("â€”" for every dash).
        replaced = data.decode("utf-8", "replace")
        bad = replaced.count("\ufffd") - data.count(b"\xef\xbf\xbd")
        good = sum(1 for ch in replaced if ord(ch) > 127) - replaced.count("\ufffd")
        if good >= bad:
            return replaced, (f"{bad} invalid UTF-8 byte sequence(s) replaced by �",)
        return None


def _western(data: bytes) -> str | None:
    """cp1252 text when its non-ASCII bytes look like accents and typographic punctuation."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    runs = _NON_ASCII_RUN.findall(text[:SAMPLE])
    if not runs:
        return text
    if max(len(r) for r in runs) > 3 or sum(len(r) for r in runs) > 0.3 * len(text[:SAMPLE]):
        return None  # long runs of high bytes: a multi-byte or non-Latin script
    return text


def _few_korean_words(data: bytes) -> str | None:
    """cp949 text for English with a few Korean words, which statistics mistake for Big5 etc.

    Only for little non-ASCII text: with more, charset-normalizer's guess is reliable (and a
    Chinese GB text would also decode as cp949, mostly to Hangul).
    """
    try:
        text = data.decode("cp949")
    except UnicodeDecodeError:
        return None
    high = sum(1 for ch in text[:SAMPLE] if ord(ch) > 127)
    if 0 < high <= MAX_KOREAN_GUESS and _hangul_share(text) >= 0.8:
        return text
    return None


def _hangul_share(text: str) -> float:
    """Share of Hangul syllables among the non-ASCII characters of a sample."""
    sample = text[:SAMPLE]
    high = [ch for ch in sample if ord(ch) > 127]
    if not high:
        return 0.0
    return sum(1 for ch in high if "\uac00" <= ch <= "\ud7a3") / len(high)


def _decode_guess(data: bytes, encoding: str) -> tuple[str, str, tuple[str, ...]] | None:
    """Decode with a detected codec; a few undecodable bytes are replaced, with a warning."""
    try:
        return data.decode(encoding), encoding, ()
    except LookupError:
        return None
    except UnicodeDecodeError:
        text = data.decode(encoding, "replace")
        bad = text.count("\ufffd")
        if bad > max(2, len(text) // 1000):
            return None
        return text, encoding, (f"{bad} byte sequence(s) not valid {encoding} replaced by �",)


def _legacy(data: bytes) -> tuple[str, str, tuple[str, ...]] | None:
    """A legacy (non-Unicode) encoding: charset-normalizer's guess, or cp1252 for Western text."""
    # charset-normalizer (slow to import) only for a file that is not UTF-8
    from charset_normalizer import from_bytes

    best = from_bytes(data[: SAMPLE * 4] if len(data) > SAMPLE * 4 else data).best()
    if best is None or best.encoding not in _KOREAN_ENCODINGS:
        korean = _few_korean_words(data)
        if korean is not None:
            return korean, "cp949", ()
    if best is not None and best.encoding in _CJK_ENCODINGS:
        guess = _decode_guess(data, best.encoding)
        if guess is not None:
            return guess
    western = _western(data)
    if western is not None:
        return western, "cp1252", ()
    if best is not None:
        return _decode_guess(data, best.encoding)
    # No codec decodes every byte (a damaged file): try Korean, the corpus's main legacy script.
    guess = _decode_guess(data, "cp949")
    if guess is not None and _hangul_share(guess[0]) >= 0.5:
        return guess
    return None


def _codec_name(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name


def decode_bytes(data: bytes, *, declared: str | None = None) -> Decoded:
    """Decode a whole file. Raises `BadFile` for binary data or text in no known encoding."""
    reason = sniff_binary(data)
    if reason:
        raise BadFile(reason)
    warnings: tuple[str, ...] = ()
    text: str | None = None
    encoding = ""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            try:
                text = body.decode(codec)
            except UnicodeDecodeError:
                text = body.decode(codec, "replace")
                warnings = (f"truncated or damaged {label} text (unreadable bytes replaced by �)",)
            encoding = label
            break
    if text is None and b"\x00" in data[:SAMPLE]:
        codec16 = _bomless_utf16(data[:SAMPLE])
        if codec16:
            text, encoding = data.decode(codec16, "replace"), codec16
    if text is None and declared:
        declared = _DECLARED_ALIASES.get(declared.lower(), declared)
        try:
            text, encoding = data.decode(declared), _codec_name(declared)
        except (UnicodeDecodeError, LookupError):
            text = None
    if text is None:
        utf8 = _utf8(data)
        if utf8 is not None:
            (text, warnings), encoding = utf8, "utf-8"
    if text is None:
        legacy = _legacy(data)
        if legacy is None:
            raise BadFile("binary data (not text), or text in an unknown encoding")
        text, encoding, warnings = legacy[0], _codec_name(legacy[1]), legacy[2]
    if _control_share(text) > 0.05:
        raise BadFile("binary data (not text): mostly control characters")
    return Decoded(normalise_newlines(text), encoding, warnings)
