"""Bad files: each is reported with its name and a reason, and the rest of the corpus loads."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from nkviewer.errors import InputError
from nkviewer.ingest import (
    Document,
    FileProblem,
    SourceFile,
    iter_documents,
    read_document,
    read_source,
)
from nkviewer.ingest import reader as reader_module
from nkviewer.ingest import regular as regular_module

GOOD = "Kim visits Russia\n\nKim Jong-un arrived in Vladivostok on Wednesday, KCNA said.\n"


def source(path: Path, fmt: str = "txt") -> SourceFile:
    return SourceFile(path, path.name, fmt)


def only_problem(path: Path, fmt: str = "txt") -> FileProblem:
    result = read_source(source(path, fmt))
    assert result.documents == []
    (problem,) = result.problems
    assert problem.path == str(path)
    assert problem.severity == "error"
    return problem


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"")
    assert only_problem(tmp_path / "a.txt").reason == "empty file"


@pytest.mark.parametrize("fmt", ["txt", "md", "html", "json", "jsonl", "csv"])
def test_whitespace_only_file(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"a.{fmt}"
    path.write_bytes(b" \n\t\r\n  \n")
    assert only_problem(path, fmt).reason == "empty file (only whitespace)"


def test_png_renamed_txt(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    assert only_problem(path).reason == "binary data (not text): looks like a PNG image"


def test_random_binary(tmp_path: Path) -> None:
    path = tmp_path / "blob.txt"
    path.write_bytes(bytes(range(256)) * 40)
    assert only_problem(path).reason.startswith("binary data (not text)")


def test_larger_than_the_limit_is_refused_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:  # sparse: takes no disk space
        fh.truncate(int(31.2 * 2**20))

    def no_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("a file over the limit must not be opened")

    monkeypatch.setattr(regular_module.os, "open", no_open)
    assert only_problem(path).reason == "larger than 20 MB (31.2 MB)"


def test_custom_limit(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(GOOD * 100, encoding="utf-8")
    result = read_source(source(path), max_bytes=2**20 // 2)
    assert result.documents  # 6 KB is well under 512 KB
    result = read_source(source(path), max_bytes=1024)
    size = path.stat().st_size / 1024
    assert result.problems[0].reason == f"larger than 1 KB ({size:.1f} KB)"


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(GOOD, encoding="utf-8")

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(regular_module.os, "open", denied)
    assert only_problem(path).reason == "permission denied"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_permission_denied_for_real(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(GOOD, encoding="utf-8")
    path.chmod(0)
    assert only_problem(path).reason == "permission denied"


def test_directory_named_like_a_text_file(tmp_path: Path) -> None:
    (tmp_path / "x.txt").mkdir()
    assert only_problem(tmp_path / "x.txt").reason == "is a folder, not a file"


def test_broken_symlink(tmp_path: Path) -> None:
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    problem = only_problem(tmp_path / "gone.txt")
    assert problem.reason == "broken link: the file it points to does not exist"


def test_file_deleted_after_scan(tmp_path: Path) -> None:
    assert only_problem(tmp_path / "vanished.txt").reason.startswith("file not found")


def test_fifo_is_not_a_regular_file(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    assert only_problem(tmp_path / "pipe.txt").reason.startswith("not a regular file")


def test_a_library_failure_becomes_a_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.html"
    path.write_text("<html><body><p>Hello there, world.</p></body></html>", encoding="utf-8")

    def explode(html: str) -> None:
        raise ValueError("parser exploded")

    monkeypatch.setattr("nkviewer.ingest.html_format._extract", explode)
    problem = only_problem(path, "html")
    assert problem.reason == "could not be read (ValueError: parser exploded)"


def test_the_rest_of_the_corpus_loads(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (tmp_path / "dir.txt").mkdir()
    (tmp_path / "gone.md").symlink_to(tmp_path / "nowhere.md")
    (tmp_path / "cut.json").write_text('[{"text": "Kim met Xi in Beijing."}, {"text": "Xi', "utf-8")
    (tmp_path / "bad.jsonl").write_text('{"text": "ok"\n', encoding="utf-8")
    (tmp_path / "page.html").write_text("<html><body><p>Kim met Xi.</p>", encoding="utf-8")
    items = list(iter_documents([tmp_path, tmp_path / "missing.txt"]))
    docs = [i for i in items if isinstance(i, Document)]
    problems = {Path(p.path).name: p for p in items if isinstance(p, FileProblem)}
    assert sorted(d.meta["relpath"] for d in docs) == ["cut.json", "good.txt", "page.html"]
    assert problems["missing.txt"].reason == "no such file or folder"
    assert problems["empty.txt"].reason == "empty file"
    assert problems["photo.txt"].reason.startswith("binary data")
    assert problems["gone.md"].reason.startswith("broken link")
    assert problems["cut.json"].severity == "warning"  # the complete record was kept
    assert problems["bad.jsonl"].reason.startswith("line 1: invalid JSON")
    assert problems["page.html"].severity == "warning"
    assert problems["page.html"].reason.startswith("truncated")
    # dir.txt is a folder inside a folder: walked (it is empty), not a problem
    assert "dir.txt" not in problems


def test_read_document_raises_input_error_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(InputError, match=r"empty\.txt: empty file"):
        read_document(tmp_path / "empty.txt")
    with pytest.raises(InputError, match="no such file or folder"):
        read_document(tmp_path / "missing.txt")
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(InputError, match="unsupported file type"):
        read_document(tmp_path / "x.pdf")


def test_read_document_returns_the_first_document(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_text('{"text": "first"}\n{"text": "second"}\n', encoding="utf-8")
    assert read_document(path).text == "first"


def test_unknown_format_in_a_hand_made_source(tmp_path: Path) -> None:
    path = tmp_path / "a.pdf"
    path.write_bytes(b"%PDF-1.4")
    assert only_problem(path, "pdf").reason == "unsupported format 'pdf'"


@pytest.mark.parametrize("fmt", ["txt", "md", "html", "jsonl"])
def test_an_article_too_long_to_analyse_is_refused_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """Articles past `MAX_ARTICLE_CHARS` (2,000,000; lowered here) are refused like any
    unreadable file, with the reason; shorter ones in the same file still load."""
    monkeypatch.setattr(reader_module, "MAX_ARTICLE_CHARS", 1_000)
    body = "Kim Jong-un met Vladimir Putin in Vladivostok on April 25, 2019. " * 40
    path = tmp_path / f"long.{fmt}"
    if fmt == "html":
        path.write_text(f"<html><body><h1>Long</h1><p>{body}</p></body></html>")
    elif fmt == "jsonl":
        path.write_text(f'{{"text": "{body}"}}\n{{"text": "Short article."}}\n')
    else:
        path.write_text(f"Long\n\n{body}\n")
    result = read_source(source(path, fmt))
    if fmt == "jsonl":
        assert [d.text for d in result.documents] == ["Short article."]
        (problem,) = result.problems
        assert problem.reason.startswith("line 1: text of 2,6")
        assert problem.reason.endswith("characters, over the limit of 1,000")
        return
    assert result.documents == []
    (problem,) = result.problems
    assert problem.reason.startswith("an article of ")
    assert problem.reason.endswith(
        "characters; nkviewer analyses articles of up to 1,000 characters "
        "(split it into several files)"
    )
