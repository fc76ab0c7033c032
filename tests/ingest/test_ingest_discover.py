"""scan(): folders (nested), files, globs, hidden files, unknown types, exports, dedup, order."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from nkviewer.ingest import detect_format, scan

ARTICLE = "A title\n\nNorth Korea and Russia held talks in Moscow on Thursday, officials said.\n"


def write(path: Path, text: str = ARTICLE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    write(root / "b.txt")
    write(root / "a.md")
    write(root / "sub" / "deeper" / "c.html", "<html><body><p>Text.</p></body></html>")
    write(root / "sub" / "d.jsonl", '{"text": "x"}\n')
    write(root / "sub" / "e.csv", "text\nx\n")
    write(root / "f.json", '[{"text": "x"}]')
    (root / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # other files in a corpus folder
    write(root / "notes.docx", "x")
    write(root / "README", "x")
    write(root / ".hidden.txt")
    write(root / ".git" / "x.txt")
    write(root / "__pycache__" / "y.txt")
    write(root / ".nkviewer-edits.json", '{"events": {}}')
    return root


def test_folder_is_walked_recursively_and_sorted(corpus: Path) -> None:
    found = scan([corpus])
    assert found.problems == []
    assert [f.relpath for f in found.files] == [
        "a.md",
        "b.txt",
        "f.json",
        "sub/d.jsonl",
        "sub/deeper/c.html",
        "sub/e.csv",
    ]
    assert [f.format for f in found.files] == ["md", "txt", "json", "jsonl", "html", "csv"]
    assert found.roots == [corpus]
    assert all(f.path.is_absolute() for f in found.files)


def test_a_single_path_string_is_accepted(corpus: Path) -> None:
    assert len(scan(str(corpus)).files) == 6


def test_explicit_files_and_duplicates(corpus: Path) -> None:
    found = scan([corpus / "b.txt", corpus, str(corpus / "b.txt")])
    relpaths = [f.relpath for f in found.files]
    assert relpaths.count("b.txt") == 1
    assert len(found.files) == 6
    assert found.problems == []


def test_relative_inputs(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(corpus.parent)
    found = scan(["corpus/sub", "corpus/b.txt"])
    assert sorted(f.relpath for f in found.files) == [
        "b.txt",
        "d.jsonl",
        "deeper/c.html",
        "e.csv",
    ]


def test_globs(corpus: Path) -> None:
    found = scan([str(corpus / "*.txt"), str(corpus / "**" / "*.html")])
    assert [f.relpath for f in found.files] == ["b.txt", "sub/deeper/c.html"]
    assert found.problems == []
    assert corpus in found.roots


def test_glob_matching_nothing_is_a_problem(corpus: Path) -> None:
    found = scan([str(corpus / "*.xml")])
    assert found.files == []
    (problem,) = found.problems
    assert problem.path.endswith("*.xml")
    assert "no files match" in problem.reason


def test_glob_matching_only_unreadable_types_is_a_problem(corpus: Path) -> None:
    found = scan([str(corpus / "*.png")])
    (problem,) = found.problems
    assert "no readable files" in problem.reason


def test_missing_path_is_a_problem_and_the_rest_loads(corpus: Path) -> None:
    found = scan([corpus / "nope.txt", corpus / "b.txt"])
    assert [f.relpath for f in found.files] == ["b.txt"]
    (problem,) = found.problems
    assert problem.path.endswith("nope.txt")
    assert problem.reason == "no such file or folder"
    assert problem.severity == "error"


def test_explicit_file_of_unknown_type_is_a_problem(corpus: Path) -> None:
    found = scan([corpus / "notes.docx"])
    (problem,) = found.problems
    assert problem.reason.startswith("unsupported file type")
    assert ".txt" in problem.reason


def test_hidden_files_named_explicitly_are_read(corpus: Path) -> None:
    found = scan([corpus / ".hidden.txt"])
    assert [f.relpath for f in found.files] == [".hidden.txt"]


def test_own_event_exports_are_skipped_in_folders(tmp_path: Path) -> None:
    export = '{"event_id": "e1", "title": "t", "timex_value": "2019-03-14", "start": "x"}\n'
    write(tmp_path / "events.jsonl", export)
    write(tmp_path / "a.txt")
    found = scan([tmp_path])
    assert [f.relpath for f in found.files] == ["a.txt"]
    named = scan([tmp_path / "events.jsonl"])
    assert named.files == []
    assert "event export" in named.problems[0].reason


def test_manifest_is_not_an_article(tmp_path: Path) -> None:
    write(tmp_path / "a.txt")
    write(tmp_path / "manifest.csv", "file,source,url,published,note\na.txt,Src,,2020-01-02,\n")
    found = scan([tmp_path])
    assert [f.relpath for f in found.files] == ["a.txt"]
    entry = found.files[0].manifest
    assert entry is not None
    assert entry.source == "Src"


def test_folder_named_like_a_text_file_is_walked(tmp_path: Path) -> None:
    write(tmp_path / "x.txt" / "inner.txt")
    found = scan([tmp_path])
    assert [f.relpath for f in found.files] == ["x.txt/inner.txt"]


def test_broken_symlink_in_a_folder_is_passed_on_for_reporting(tmp_path: Path) -> None:
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing-target.txt")
    found = scan([tmp_path])
    assert [f.relpath for f in found.files] == ["gone.txt"]


def test_symlink_to_a_file_already_seen_is_deduplicated(tmp_path: Path) -> None:
    write(tmp_path / "a.txt")
    (tmp_path / "link.txt").symlink_to(tmp_path / "a.txt")
    assert len(scan([tmp_path]).files) == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any folder")
def test_unreadable_subfolder_is_a_problem(tmp_path: Path) -> None:
    write(tmp_path / "a.txt")
    locked = tmp_path / "locked"
    write(locked / "b.txt")
    locked.chmod(0)
    try:
        found = scan([tmp_path])
    finally:
        locked.chmod(0o755)
    assert [f.relpath for f in found.files] == ["a.txt"]
    assert "not readable" in found.problems[0].reason


def test_unreadable_subfolder_is_a_problem_simulated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same as above where tests run as root: the folder listing itself is refused."""
    write(tmp_path / "a.txt")
    locked = tmp_path / "locked"
    write(locked / "b.txt")
    real_scandir = os.scandir

    def scandir(path: str | os.PathLike[str] = ".") -> object:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = scan([tmp_path])
    assert [f.relpath for f in found.files] == ["a.txt"]
    (problem,) = found.problems
    assert problem.path == str(locked)
    assert problem.reason == "folder not readable (Permission denied)"


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.TXT", "txt"),
        ("a.markdown", "md"),
        ("a.HTM", "html"),
        ("a.ndjson", "jsonl"),
        ("a.tsv", "tsv"),
        ("a.pdf", None),
        ("a", None),
    ],
)
def test_detect_format(name: str, fmt: str | None) -> None:
    assert detect_format(Path(name)) == fmt
