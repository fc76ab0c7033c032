"""Extraction on a Dask cluster: a corpus becomes an event dataset folder (see `dataset_store`).

The work unit is a partition of source files (about `partition_files` of them). Each partition
runs on a worker: looked up in the parse cache as the local pipeline does (`pipeline.lookup`),
the rest read + parsed (`pipeline.parse_sources`, which loads spaCy once per worker) → events
per document (`pipeline.events_of`) → written as Parquet beside the document store part. The
partitions' events are then merged on the same cluster (`merge_run.merge_to_dataset`:
candidate pairs per month, connected components over integer ids, each component merged on a
worker, one writer per year), with the same result as the in-process `pipeline.merged_frame`,
and written as the year-partitioned event files.

Resume: a partition's key hashes the content keys of its files (the parse cache's keys: bytes,
manifest entry, column mapping, program fingerprint, model). A partition whose marker holds the
same key is skipped without loading spaCy; partition boundaries are chosen from the file names
themselves, so adding or removing a file disturbs only its own partition. The merge runs again
over all partitions' events.

Workers must see the input files and the output folder at the same paths as the client (one
machine, or a shared filesystem on a cluster), and have nkviewer and the spaCy model installed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nkviewer.corpus.cache import ParseCache
from nkviewer.corpus.dataset_store import (
    DOC_INDEX,
    DOCUMENTS_DIR,
    FORMAT_VERSION,
    PARTITIONS_DIR,
    documents_table,
    is_dataset,
    write_json_atomic,
    write_meta,
    write_parquet_atomic,
)
from nkviewer.corpus.merge_run import merge_to_dataset
from nkviewer.corpus.pipeline import FileResult, events_of, lookup, parse_sources
from nkviewer.corpus.progress import LoadUpdate
from nkviewer.errors import InputError
from nkviewer.ingest import ColumnMap, SourceFile, scan
from nkviewer.ingest.document import FileProblem
from nkviewer.nlp.model import model_label as get_model_label

log = logging.getLogger(__name__)

_DONE = "done.json"
_EVENTS = "events.parquet"


@dataclass
class DatasetSummary:
    """What an extraction run wrote and how it went."""

    path: Path
    events: int
    documents: int
    files: int
    partitions: int
    skipped: int  # partitions found done and unchanged (resumed)
    problems: list[FileProblem] = field(default_factory=list)
    elapsed: float = 0.0
    model: str = ""


@dataclass(frozen=True)
class PartitionTask:
    """Everything a worker needs to process one partition (picklable)."""

    pid: str
    sources: tuple[SourceFile, ...]
    out_dir: str
    model: str | None
    model_label: str
    columns: ColumnMap
    use_cache: bool


# --------------------------------------------------------------------------- partitions


def plan_partitions(files: Sequence[SourceFile], partition_files: int) -> list[list[SourceFile]]:
    """Files (in `scan` order) cut into runs of about `partition_files`, stable under edits.

    A run ends after a file whose name hashes to 0 modulo `partition_files` (content-defined
    chunking), or at twice the target size. Inserting a file therefore changes one partition,
    not every partition after it, and re-runs skip the rest.
    """
    if partition_files < 1:
        raise InputError("partition_files must be 1 or more")
    out: list[list[SourceFile]] = []
    run: list[SourceFile] = []
    for source in files:
        run.append(source)
        digest = hashlib.sha1(source.relpath.encode("utf-8", "surrogatepass")).digest()
        boundary = int.from_bytes(digest[:8], "big") % partition_files == 0
        if boundary or len(run) >= 2 * partition_files:
            out.append(run)
            run = []
    if run:
        out.append(run)
    return out


def partition_id(sources: Sequence[SourceFile]) -> str:
    h = hashlib.sha1(usedforsecurity=False)
    for s in sources:
        h.update(s.relpath.encode("utf-8", "surrogatepass") + b"\0")
    return h.hexdigest()[:16]


def run_partition(task: PartitionTask) -> dict[str, Any]:
    """Worker side: skip an unchanged partition, else parse it and write its two Parquet parts.

    Returns the partition's marker (counts, problems, entity kinds); `skipped` tells whether it
    was resumed.
    """
    out = Path(task.out_dir)
    work = out / PARTITIONS_DIR / task.pid
    cache = ParseCache(model_label=task.model_label)
    # the local pipeline's lookup: the same keys, a big table as the same parts; the keys are
    # made even without the cache, as the partition's key
    units = [u for s in task.sources for u in lookup(s, cache, task.columns, read=task.use_cache)]
    pkey = hashlib.sha256(
        json.dumps(
            [FORMAT_VERSION, [s.relpath for s in task.sources], [u.key for u in units]]
        ).encode()
    ).hexdigest()
    marker = _read_marker(work / _DONE)
    doc_part = out / DOCUMENTS_DIR / f"part-{task.pid}.parquet"
    if marker and marker.get("key") == pkey and (work / _EVENTS).is_file() and doc_part.is_file():
        return {**_without_ids(marker), "skipped": True}

    found: list[FileResult | None] = [u.hit() for u in units]
    misses = [i for i, hit in enumerate(found) if hit is None]
    if misses:
        parsed = parse_sources(
            [units[i].source for i in misses],
            [units[i].key for i in misses],
            model=task.model,
            model_label=task.model_label,
            columns=task.columns,
            cache_root=str(cache.root.parent) if task.use_cache else None,
        )
        for i, result in zip(misses, parsed, strict=True):
            found[i] = result
    results = [r for r in found if r is not None]  # every unit's, in the files' order
    docs = [d for r in results for d in r.documents]
    events = [e.to_json() for d in docs for e in events_of(d, {})]
    _write_partition_events(events, work / _EVENTS)
    write_parquet_atomic(documents_table(docs, task.pid), doc_part)
    kind_of: dict[str, str] = {}
    for d in docs:
        for ent in d.entities:
            if ent.kind:
                kind_of.setdefault(ent.canonical, ent.kind)
    marker = {
        "key": pkey,
        "pid": task.pid,
        "files": len(task.sources),
        "documents": len(docs),
        "doc_ids": [d.document.doc_id for d in docs],
        "events": len(events),
        "problems": [
            {"path": p.path, "reason": p.reason, "severity": p.severity}
            for r in results
            for p in r.problems
        ],
        "kind_of": kind_of,
        "model": task.model_label,
    }
    write_json_atomic(work / _DONE, marker)
    return {**_without_ids(marker), "skipped": False}


def _without_ids(marker: dict[str, Any]) -> dict[str, Any]:
    """A marker as sent back to the client: without its document ids (the client needs only
    their number; the index is built on a worker from the document parts)."""
    return {k: v for k, v in marker.items() if k != "doc_ids"}


def _doc_index_task(out: str, pids: Sequence[str]) -> int:
    """`documents/_index.parquet` from the partitions' document parts, with Arrow columns
    (no Python object per document); returns the number of documents."""
    # pyarrow (slow to import): on first use
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    ids, parts = [], []
    for pid in pids:
        column = pq.read_table(
            Path(out) / DOCUMENTS_DIR / f"part-{pid}.parquet", columns=["doc_id"]
        ).column("doc_id")
        ids.append(column)
        parts.append(pa.array([pid] * len(column), pa.string()) if len(column) else None)
    doc_id = pa.chunked_array([c for i in ids for c in i.chunks], pa.string())
    part = pa.chunked_array([p for p in parts if p is not None], pa.string())
    table = pa.table({"doc_id": doc_id, "part": part})
    order = pc.sort_indices(table, sort_keys=[("doc_id", "ascending")])
    write_parquet_atomic(table.take(order), Path(out) / DOCUMENTS_DIR / DOC_INDEX)
    return len(table)


def _read_marker(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else None
    except (OSError, ValueError):
        return None


def _write_partition_events(events: list[dict[str, Any]], path: Path) -> None:
    """Unmerged events of one partition, one JSON record per row (exact round trip)."""
    # pyarrow (slow to import): on first use
    import pyarrow as pa

    rows = [json.dumps(e, ensure_ascii=False) for e in events]
    write_parquet_atomic(pa.table({"event": pa.array(rows, pa.large_string())}), path)


def _read_partition_events(path: Path) -> list[dict[str, Any]]:
    # pyarrow (slow to import): on first use
    import pyarrow.parquet as pq

    return [json.loads(s) for s in pq.read_table(path).column("event").to_pylist()]


# --------------------------------------------------------------------------- the client


def extract_distributed(
    inputs: Sequence[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    model: str | None = None,
    partition_files: int = 64,
    progress: Callable[[LoadUpdate], None] | None = None,
    use_cache: bool = False,
) -> DatasetSummary:
    """Extract a corpus on Dask into the dataset folder `out_dir`; resume what is done there.

    `scheduler` is the address of a running Dask scheduler (`tcp://HOST:8786`); without one a
    `LocalCluster` of `workers` processes (default: CPU count), one thread each, starts on
    loopback and stops at the end. `use_cache` also reads/writes the per-file parse cache of
    each worker (useful on one machine, where `nkviewer extract` shares it).
    """
    t_start = time.monotonic()
    out = Path(out_dir)
    _check_out_dir(out)
    found = scan([os.fspath(p) for p in inputs])
    problems = list(found.problems)
    label = get_model_label(model)
    columns = ColumnMap()
    plan = plan_partitions(found.files, partition_files)
    tasks = [
        PartitionTask(
            partition_id(p), tuple(p), str(out.resolve()), model, label, columns, use_cache
        )
        for p in plan
    ]
    total = len(found.files)
    report = progress or (lambda _u: None)
    report(LoadUpdate(stage="scanning", done=0, total=total, problems=list(found.problems)))

    finished: list[dict[str, Any]] = []

    def merge(client: Any, markers: list[dict[str, Any]]) -> None:
        """On the same cluster, once every partition is parsed."""
        elapsed = time.monotonic() - t_start
        report(LoadUpdate(stage="merging", done=total, total=total, elapsed=elapsed))
        finished.append(
            _finish(client, out, tasks, markers, inputs=inputs, model=label, files=total)
        )

    markers = _run_tasks(
        tasks, scheduler=scheduler, workers=workers, report=report, total=total, after=merge
    )
    for m in markers:
        problems += [
            FileProblem(p["path"], p["reason"], p.get("severity", "error")) for p in m["problems"]
        ]
    if not finished:  # no partitions: no cluster was started
        merge(None, markers)
    meta = finished[0]
    summary = DatasetSummary(
        path=out,
        events=int(meta["events"]),
        documents=int(meta["documents"]),
        files=total,
        partitions=len(tasks),
        skipped=sum(1 for m in markers if m.get("skipped")),
        problems=problems,
        elapsed=time.monotonic() - t_start,
        model=label,
    )
    report(LoadUpdate(stage="done", done=total, total=total, elapsed=summary.elapsed, eta=0.0))
    return summary


def _check_out_dir(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise InputError(
            f"{out} is a file; the dask engine writes a dataset folder: give -o FOLDER"
        )
    if (
        out.is_dir()
        and any(out.iterdir())
        and not is_dataset(out)
        and not (out / PARTITIONS_DIR).is_dir()
    ):
        raise InputError(
            f"{out} is a folder with other files in it; give an empty or new folder, or an "
            "nkviewer dataset to update"
        )
    out.mkdir(parents=True, exist_ok=True)


def _run_tasks(
    tasks: list[PartitionTask],
    *,
    scheduler: str | None,
    workers: int | None,
    report: Callable[[LoadUpdate], None],
    total: int,
    after: Callable[[Any, list[dict[str, Any]]], None] | None = None,
) -> list[dict[str, Any]]:
    """Run every partition on the cluster; markers in task order. A failure cancels the rest.
    `after(client, markers)` then runs while the cluster is still up (the merge)."""
    try:
        # dask.distributed: imported only for --engine dask
        from distributed import Client, as_completed
    except ImportError as exc:
        raise InputError(
            "the dask engine needs Dask: pip install 'dask[distributed]' (or use --engine local)"
        ) from exc

    if not tasks:
        return []
    cluster = None
    try:
        if scheduler:
            client = _connect(scheduler)
        else:
            cluster = _local_cluster(workers)
            client = Client(cluster)
        with client:
            run = uuid.uuid4().hex[:12]
            futures = {
                client.submit(run_partition, t, key=f"nkviewer-partition-{t.pid}-{run}"): i
                for i, t in enumerate(tasks)
            }
            markers: list[dict[str, Any] | None] = [None] * len(tasks)
            done = cached = 0
            t0 = time.monotonic()
            try:
                for fut in as_completed(futures):
                    m = fut.result()
                    markers[futures[fut]] = m
                    done += m["files"]
                    cached += m["files"] if m.get("skipped") else 0
                    elapsed = time.monotonic() - t0
                    rate = elapsed / max(1, done - cached)
                    report(
                        LoadUpdate(
                            stage="parsing",
                            done=done,
                            total=total,
                            elapsed=elapsed,
                            eta=rate * (total - done) if done > cached else None,
                            cached=cached,
                        )
                    )
            except BaseException:
                client.cancel(list(futures))
                raise
            done_markers = [m for m in markers if m is not None]
            if after is not None:
                after(client, done_markers)
            return done_markers
    finally:
        if cluster is not None:
            cluster.close()


#: Seconds to wait for a scheduler's answer before giving up on it.
CONNECT_TIMEOUT = 30.0


def _connect(scheduler: str) -> Any:
    """A client of the scheduler at `scheduler`, or InputError saying why not. The attempt runs
    on its own thread with a deadline: Dask's own timeout does not cover its handshake, so a
    server that accepts the connection and then stays silent would hang the command, and one
    that answers in another protocol makes Dask read its bytes as a message length."""
    # dask.distributed: imported only for --engine dask
    from distributed import Client

    box: dict[str, Any] = {}

    def attempt() -> None:
        try:
            box["client"] = Client(scheduler, timeout=f"{CONNECT_TIMEOUT:.0f}s")
        except BaseException as exc:  # MemoryError for a non-Dask answer, OSError, timeouts
            box["error"] = exc

    thread = threading.Thread(target=attempt, name="nkviewer-dask-connect", daemon=True)
    thread.start()
    thread.join(CONNECT_TIMEOUT)
    advice = "check the address (tcp://HOST:8786) and that a Dask scheduler runs there"
    if thread.is_alive():
        raise InputError(
            f"no answer from a Dask scheduler at {scheduler} within {CONNECT_TIMEOUT:.0f} s; "
            f"{advice}"
        )
    if "error" in box:
        exc = box["error"]
        what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        if isinstance(exc, MemoryError):
            what = "the server there does not speak Dask's protocol"
        raise InputError(f"cannot use the Dask scheduler at {scheduler} ({what[:200]}); {advice}")
    return box["client"]


def finished_partitions(out: str | os.PathLike[str]) -> int:
    """Partitions of a dataset folder that a run finished (a later run resumes after them)."""
    work = Path(out) / PARTITIONS_DIR
    return sum(1 for _ in work.glob(f"*/{_DONE}")) if work.is_dir() else 0


def _local_cluster(workers: int | None) -> Any:
    # dask.distributed: imported only for --engine dask
    from distributed import LocalCluster

    n = workers or max(1, os.cpu_count() or 1)
    if not logging.getLogger().isEnabledFor(logging.DEBUG):
        # Dask logs every cluster start/stop at INFO; keep a command's stderr for the user.
        logging.getLogger("distributed").setLevel(logging.WARNING)
    return LocalCluster(
        n_workers=n,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",  # loopback, any free port
        silence_logs=logging.ERROR,
    )


def _finish(
    client: Any,
    out: Path,
    tasks: list[PartitionTask],
    markers: list[dict[str, Any]],
    *,
    inputs: Sequence[str | os.PathLike[str]],
    model: str,
    files: int,
) -> dict[str, Any]:
    """Merge all partitions' events on the cluster (`merge_run`), write the event files, the
    document index and metadata."""
    kind_of: dict[str, str] = {}
    for marker in markers:
        for k, v in marker.get("kind_of", {}).items():
            kind_of.setdefault(k, v)
    event_files = [out / PARTITIONS_DIR / t.pid / _EVENTS for t in tasks]
    stats = merge_to_dataset(client, event_files, out, kind_of=kind_of)
    pids = [t.pid for t in tasks]
    if client is None:  # no partitions: no cluster
        documents = _doc_index_task(str(out), pids)
    else:
        documents = client.submit(_doc_index_task, str(out), pids, pure=False).result()
    _remove_stale(out, {t.pid for t in tasks})
    return write_meta(
        out,
        stats,
        documents=documents,
        files=files,
        partitions=len(tasks),
        model=model,
        inputs=[os.fspath(Path(p).resolve()) if Path(p).exists() else os.fspath(p) for p in inputs],
        engine="dask",
    )


def _remove_stale(out: Path, live: set[str]) -> None:
    """Drop partitions (work folders and document parts) no longer in the corpus."""
    work = out / PARTITIONS_DIR
    for folder in work.iterdir() if work.is_dir() else ():
        if folder.is_dir() and folder.name not in live:
            shutil.rmtree(folder, ignore_errors=True)
    for part in (out / DOCUMENTS_DIR).glob("part-*.parquet"):
        if part.stem.removeprefix("part-") not in live:
            part.unlink(missing_ok=True)
