"""Encodings: BOMs, UTF-16, legacy Korean and Western code pages, cut and damaged UTF-8."""

from __future__ import annotations

from pathlib import Path

import pytest

from nkviewer.ingest import ReadResult, read_source, scan
from nkviewer.ingest.encoding import decode_bytes
from nkviewer.ingest.problem import BadFile

KOREAN = (
    "김정은, 푸틴과 첫 정상회담 마무리\n\n"
    "북한 김정은 국무위원장이 블라디미르 푸틴 러시아 대통령과 블라디보스토크에서 첫 정상회담을 "
    "가졌다. North Korean leader Kim Jong-un met Russian President Vladimir Putin in "
    "Vladivostok on April 25. 회담은 약 세 시간 동안 진행됐다.\n"
)
WESTERN = (
    "Talks “went well”, envoy says\n\n"
    "The envoy said the talks in Hanoi “went well” and that it’s up to Pyongyang now — "
    "a café owner nearby said the crowds were “enormous”.\n"
)


def read_one(path: Path) -> ReadResult:
    (source,) = scan([path]).files
    return read_source(source)


def write_bytes(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("encoding", "prefix", "recorded"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
        ("utf-16-le", b"\xff\xfe", "utf-16"),
        ("utf-16-be", b"\xfe\xff", "utf-16"),
        ("utf-32-le", b"\xff\xfe\x00\x00", "utf-32"),
    ],
)
def test_unicode_encodings_and_boms(
    tmp_path: Path, encoding: str, prefix: bytes, recorded: str
) -> None:
    path = write_bytes(tmp_path, "a.txt", prefix + KOREAN.encode(encoding))
    result = read_one(path)
    assert result.problems == []
    (doc,) = result.documents
    assert doc.text == KOREAN  # the BOM is not part of the text
    assert doc.encoding == recorded
    assert doc.title == "김정은, 푸틴과 첫 정상회담 마무리"


@pytest.mark.parametrize("encoding", ["cp949", "euc-kr"])
def test_legacy_korean_with_english_survives(tmp_path: Path, encoding: str) -> None:
    path = write_bytes(tmp_path, "a.txt", KOREAN.encode(encoding))
    (doc,) = read_one(path).documents
    assert doc.text == KOREAN
    assert doc.encoding in ("cp949", "euc_kr")


def test_short_korean_headline_in_cp949(tmp_path: Path) -> None:
    text = "김정은, 푸틴과 첫 정상회담 마무리... 다음 외교행보는?\n"
    (doc,) = read_one(write_bytes(tmp_path, "a.txt", text.encode("cp949"))).documents
    assert doc.text == text


@pytest.mark.parametrize(
    "text",
    [
        WESTERN,
        "It’s “fine”.\n",  # too short for statistics: charset-normalizer alone guesses cp720
        "Café crème, naïve résumé — “déjà vu”.\n",
    ],
)
def test_cp1252_with_curly_quotes(tmp_path: Path, text: str) -> None:
    (doc,) = read_one(write_bytes(tmp_path, "a.txt", text.encode("cp1252"))).documents
    assert doc.text == text
    assert doc.encoding == "cp1252"


def test_newlines_are_normalised_and_offsets_match(tmp_path: Path) -> None:
    raw = "Title here\r\n\r\nFirst paragraph, said Kim.\rSecond line.\r\n"
    (doc,) = read_one(write_bytes(tmp_path, "a.txt", raw.encode())).documents
    assert doc.text == "Title here\n\nFirst paragraph, said Kim.\nSecond line.\n"
    assert doc.title_span is not None
    assert doc.text[doc.title_span.start : doc.title_span.end] == "Title here"


def test_emoji_and_astral_characters_survive(tmp_path: Path) -> None:
    text = "Summit 🇰🇵🇷🇺 recap\n\nKim 😀 met Putin 𝕏 in Vladivostok.\n"
    (doc,) = read_one(write_bytes(tmp_path, "a.txt", text.encode("utf-8"))).documents
    assert doc.text == text


def test_utf8_cut_mid_character_keeps_the_rest_and_warns(tmp_path: Path) -> None:
    cut = KOREAN.rstrip("\n.")
    data = cut.encode("utf-8")[:-1]  # the last Hangul syllable loses 1 of its 3 bytes
    result = read_one(write_bytes(tmp_path, "a.txt", data))
    (doc,) = result.documents
    assert doc.text == cut[:-1]
    (problem,) = result.problems
    assert problem.severity == "warning"
    assert problem.reason.startswith("truncated")


def test_utf16_with_odd_byte_count_warns(tmp_path: Path) -> None:
    data = b"\xff\xfe" + KOREAN.encode("utf-16-le")[:-1]
    result = read_one(write_bytes(tmp_path, "a.txt", data))
    assert result.documents
    assert result.problems[0].severity == "warning"
    assert "truncated" in result.problems[0].reason


def test_mostly_utf8_with_a_stray_byte_stays_utf8(tmp_path: Path) -> None:
    data = KOREAN.encode("utf-8") + b"Stray \x92 byte.\n"
    result = read_one(write_bytes(tmp_path, "a.txt", data))
    (doc,) = result.documents
    assert doc.text.startswith(KOREAN)
    assert doc.encoding == "utf-8"
    assert "replaced" in result.problems[0].reason


def test_english_utf8_with_a_few_bad_bytes_is_not_read_as_cp1252(tmp_path: Path) -> None:
    """A handful of dashes and quotes and one bad byte: UTF-8 with the byte replaced and a
    warning, not the whole file as cp1252 ("â€”") without a word (issue 12, point 11)."""
    data = WESTERN.encode("utf-8").replace(b"now", b"n\xffow")
    result = read_one(write_bytes(tmp_path, "a.txt", data))
    (doc,) = result.documents
    assert doc.encoding == "utf-8"
    assert "it’s up to Pyongyang n�ow — a café" in doc.text
    (problem,) = result.problems
    assert problem.severity == "warning"
    assert problem.reason == "1 invalid UTF-8 byte sequence(s) replaced by �"


def test_bomless_utf16_ascii_is_read() -> None:
    decoded = decode_bytes("Kim met Putin in Moscow.\n".encode("utf-16-le"))
    assert decoded.text == "Kim met Putin in Moscow.\n"
    assert decoded.encoding == "utf-16-le"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary data (not text): looks like a PNG"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "binary data (not text): looks like a PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00", "binary data (not text): looks like a ZIP"),
        (b"some text\x00\x01\x02\x00\xff\xfe more", "binary data (not text): contains NUL"),
        (bytes(range(1, 9)) * 50 + b"abc", "binary data (not text): mostly control"),
    ],
)
def test_binary_data_is_refused(data: bytes, reason: str) -> None:
    with pytest.raises(BadFile) as info:
        decode_bytes(data)
    assert info.value.reason.startswith(reason)


def test_legacy_text_with_a_damaged_byte_keeps_the_rest() -> None:
    data = KOREAN.encode("cp949") * 5 + b"\xff\n" + KOREAN.encode("cp949") * 5
    decoded = decode_bytes(data)
    assert decoded.encoding == "cp949"
    assert decoded.text.startswith(KOREAN)
    assert decoded.text.endswith(KOREAN)
    assert decoded.warnings == ("1 byte sequence(s) not valid cp949 replaced by �",)


@pytest.mark.parametrize(
    "text",
    [
        "North Korean leader Kim Jong-un (김정은) met Putin.\n",
        "Seoul (서울) and Pyongyang (평양) held talks on Monday, officials said.\n",
    ],
)
def test_a_few_korean_words_in_cp949_are_not_taken_for_chinese(text: str) -> None:
    decoded = decode_bytes(text.encode("cp949"))
    assert (decoded.text, decoded.encoding) == (text, "cp949")


def test_chinese_gb_text_is_not_taken_for_korean() -> None:
    text = "中华人民共和国外交部发言人华春莹表示，朝鲜和俄罗斯都是中国的友好邻邦。\n" * 4
    decoded = decode_bytes(text.encode("gb2312"))
    assert decoded.text == text
    assert decoded.encoding in ("gb2312", "gbk", "gb18030")
