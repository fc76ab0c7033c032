"""manifest.csv: fields, date precision, precedence, and problems that do not stop the corpus."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from nkviewer.ingest import read_document, read_source, scan
from nkviewer.ingest.manifest import read_manifest

HEADER = "file,source,url,published,note\n"
ARTICLE = (
    "Title line\n\nPosted on : 2001-02-03 10:00 KST\n\nKim met Putin on Thursday, TASS said.\n"
)


def make(folder: Path, manifest: str, names: tuple[str, ...] = ("a.txt", "b.txt")) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(ARTICLE, encoding="utf-8")
    (folder / "manifest.csv").write_text(manifest, encoding="utf-8")
    return folder


def test_manifest_beats_printed_stamp(tmp_path: Path) -> None:
    make(tmp_path, HEADER + "a.txt,Daily,https://x.test/a,2019-03-18,checked by hand\n")
    doc = read_document(tmp_path / "a.txt")
    assert doc.published.value == date(2019, 3, 18)
    assert doc.published.source == "manifest"
    assert (doc.source, doc.url, doc.meta["note"]) == (
        "Daily",
        "https://x.test/a",
        "checked by hand",
    )
    other = read_document(tmp_path / "b.txt")  # not in the manifest: the printed stamp
    assert other.published.value == date(2001, 2, 3)
    assert other.published.source == "text"


def test_month_year_and_range_precision(tmp_path: Path) -> None:
    make(
        tmp_path,
        HEADER + "a.txt,,,2019-03,\nb.txt,,,2019,\nc.txt,,,2019-03-01/2019-03-10,\n"
        'd.txt,,,"March 18, 2019",\n',
        ("a.txt", "b.txt", "c.txt", "d.txt"),
    )
    docs = {
        d.meta["relpath"]: d.published for d in map(read_document, sorted(tmp_path.glob("*.txt")))
    }
    assert (docs["a.txt"].precision, docs["a.txt"].earliest, docs["a.txt"].latest) == (
        "month",
        date(2019, 3, 1),
        date(2019, 3, 31),
    )
    assert docs["a.txt"].iso() == "2019-03"
    assert (docs["b.txt"].precision, docs["b.txt"].iso()) == ("year", "2019")
    assert docs["c.txt"].precision == "range"
    assert (docs["c.txt"].earliest, docs["c.txt"].latest) == (date(2019, 3, 1), date(2019, 3, 10))
    assert docs["d.txt"].is_day and docs["d.txt"].value == date(2019, 3, 18)
    assert all(p.source == "manifest" for p in docs.values())


def test_bad_rows_are_warnings_and_the_rest_loads(tmp_path: Path) -> None:
    make(
        tmp_path,
        HEADER
        + "a.txt,Daily,,not a date,\n"  # unreadable date: entry kept without a date
        + "missing.txt,Daily,,2019-01-01,\n"  # names a file that does not exist
        + ",Daily,,2019-01-01,\n"  # no file name
        + "b.txt,Daily,,2019-01-02,approximate, a few days later\n"  # unquoted comma
        + "b.txt,Other,,2019-01-05,\n",  # listed twice
    )
    found = scan([tmp_path])
    assert [f.relpath for f in found.files] == ["a.txt", "b.txt"]
    reasons = [p.reason for p in found.problems]
    assert all(p.severity == "warning" for p in found.problems)
    assert all(p.path == str(tmp_path / "manifest.csv") for p in found.problems)
    assert reasons == [
        "line 2: cannot read published date 'not a date' (use YYYY-MM-DD)",
        f"line 3: 'missing.txt' does not exist in {tmp_path}",
        "line 4: no file name; skipped",
        "line 5: 6 fields, expected 5 (quote values that hold commas)",
        "line 6: 'b.txt' listed again (line 5 is used)",
    ]
    a, b = (read_source(f).documents[0] for f in found.files)
    assert a.source == "Daily" and a.published.source == "text"  # fell back to the stamp
    assert b.published.value == date(2019, 1, 2)


def test_manifest_without_file_column_is_ignored_with_a_warning(tmp_path: Path) -> None:
    make(tmp_path, "name_of_thing,date\nx,2019-01-01\n")
    found = scan([tmp_path])
    assert len(found.files) == 2
    (problem,) = found.problems
    assert "no 'file' column" in problem.reason
    assert all(f.manifest is None for f in found.files)


def test_binary_or_empty_manifest_is_a_warning(tmp_path: Path) -> None:
    make(tmp_path, "")
    (tmp_path / "manifest.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    found = scan([tmp_path])
    assert len(found.files) == 2
    assert found.problems[0].severity == "warning"
    assert "binary" in found.problems[0].reason


def test_nested_folders_and_nearest_manifest(tmp_path: Path) -> None:
    make(tmp_path, HEADER + "sub/c.txt,Top,,2010-01-01,\na.txt,Top,,2010-01-02,\n")
    make(tmp_path / "sub", HEADER + "d.txt,Sub,,2011-01-01,\n", ("c.txt", "d.txt"))
    found = scan([tmp_path])
    entries = {f.relpath: f.manifest for f in found.files}
    assert found.problems == []
    assert entries["a.txt"] is not None and entries["a.txt"].source == "Top"
    assert entries["sub/c.txt"] is not None and entries["sub/c.txt"].source == "Top"
    assert entries["sub/d.txt"] is not None and entries["sub/d.txt"].source == "Sub"
    assert entries["b.txt"] is None


def test_header_variants_bom_and_legacy_encoding(tmp_path: Path) -> None:
    make(tmp_path, "")
    text = "\ufeffFile,Source,URL,Published,Note\na.txt,한겨레,,2018-04-06,기사에 인쇄된 날짜\n"
    (tmp_path / "manifest.csv").write_bytes(text[1:].encode("cp949"))  # Excel in Korea
    manifest = read_manifest(tmp_path / "manifest.csv")
    assert manifest.problems == []
    (entry,) = manifest.entries.values()
    assert (entry.source, entry.note) == ("한겨레", "기사에 인쇄된 날짜")
    (tmp_path / "manifest.csv").write_bytes(text.encode("utf-8"))  # with a BOM
    (entry,) = read_manifest(tmp_path / "manifest.csv").entries.values()
    assert entry.source == "한겨레"


def test_explicit_file_uses_the_manifest_beside_it(seeds_dir: Path) -> None:
    doc = read_document(seeds_dir / "001_299aeecd3ab3c2fd.txt")
    assert doc.published.value == date(2019, 3, 18)
    assert doc.source == "Korea JoongAng Daily"
