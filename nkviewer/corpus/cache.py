"""Cache of parsed documents: one Parquet file per source file, in the user cache folder.

The key covers everything the parse depends on: the file's bytes, its manifest entry, the column
mapping, the program (version + a fingerprint of the extraction code and gazetteer) and the
spaCy pipeline's name and version. An unchanged corpus therefore re-opens without loading
spaCy. A corrupt, truncated or foreign entry is deleted and rebuilt, never fatal.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from nkviewer import __version__
from nkviewer.ingest.document import FileProblem
from nkviewer.nlp.parsed import PARSE_FORMAT, ParsedDocument
from nkviewer.paths import cache_dir, resources_dir

log = logging.getLogger(__name__)

CACHE_LAYOUT = "parsed-v1"
_PACKAGE_ROOT = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=1)
def program_fingerprint() -> str:
    """Version plus a hash of the code and data that shape a parse (ingest, nlp, gazetteer).

    During development this invalidates the cache whenever extraction code changes; in a frozen
    build without sources it falls back to the version alone.
    """
    h = hashlib.sha256(f"{__version__}|{PARSE_FORMAT}".encode())
    files = sorted((_PACKAGE_ROOT / "ingest").rglob("*.py")) + sorted(
        (_PACKAGE_ROOT / "nlp").rglob("*.py")
    )
    res = resources_dir()
    files += sorted(res.glob("*.toml")) + sorted(res.glob("*.txt"))
    for f in files:
        try:
            h.update(f.read_bytes())
        except OSError:
            continue
    return h.hexdigest()[:20]


@dataclass(frozen=True, slots=True)
class CachedFile:
    documents: list[ParsedDocument]
    problems: list[FileProblem]


class ParseCache:
    """Get/put parse results for a source file under a content key."""

    def __init__(self, *, model_label: str, root: Path | None = None) -> None:
        self.model_label = model_label
        self.root = (root or cache_dir()) / CACHE_LAYOUT

    def key(self, data: bytes, *extra: str) -> str:
        """Cache key of a source file: its bytes plus whatever else shaped its reading."""
        h = hashlib.sha256(data)
        for part in (program_fingerprint(), self.model_label, *extra):
            h.update(b"\0")
            h.update(part.encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.parquet"

    def get(self, key: str, *, path: str) -> CachedFile | None:
        """The cached result, or None on a miss. A broken entry is removed (and logged).

        The key holds the file's content and its path relative to the corpus, not where the
        corpus is: the documents and problems come back with `path`, the file's path in this
        run (a corpus moved or copied elsewhere shares the entries, never their old paths).
        """
        entry = self.path(key)
        if not entry.is_file():
            return None
        try:
            # pyarrow: imported on first use, after the window shows
            import pyarrow.parquet as pq

            table = pq.read_table(entry)
            meta = table.schema.metadata or {}
            if meta.get(b"nkviewer.key", b"").decode() != key:
                raise ValueError("entry belongs to another key")
            docs = [
                ParsedDocument.from_json(json.loads(s)) for s in table.column("parsed").to_pylist()
            ]
            for d in docs:
                d.document.path = path
            problems = [
                FileProblem(path, p["reason"], p.get("severity", "error"))
                for p in json.loads(meta.get(b"nkviewer.problems", b"[]").decode())
            ]
            return CachedFile(docs, problems)
        except Exception as exc:  # any damage means: parse again
            log.warning("cache entry %s is unusable (%s); rebuilding it", entry, exc)
            entry.unlink(missing_ok=True)
            return None

    def put(self, key: str, documents: list[ParsedDocument], problems: list[FileProblem]) -> None:
        """Store atomically (temporary file + rename); a cache that cannot be written is skipped."""
        try:
            # pyarrow: imported on first use, after the window shows
            import pyarrow as pa
            import pyarrow.parquet as pq

            payload = [json.dumps(d.to_json(), ensure_ascii=False) for d in documents]
            problem_json = json.dumps(
                [{"path": p.path, "reason": p.reason, "severity": p.severity} for p in problems]
            )
            table = pa.table({"parsed": pa.array(payload, type=pa.large_string())})
            table = table.replace_schema_metadata(
                {
                    "nkviewer.key": key,
                    "nkviewer.program": program_fingerprint(),
                    "nkviewer.model": self.model_label,
                    "nkviewer.problems": problem_json,
                }
            )
            path = self.path(key)
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".parquet", dir=path.parent)
            os.close(fd)
            try:
                pq.write_table(table, tmp, compression="zstd")
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            log.warning(
                "cannot write the parse cache in %s (%s); continuing without", self.root, exc
            )
