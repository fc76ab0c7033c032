"""The corpus pipeline: files → documents → parse (cached) → events → merged event table.

`load_corpus` is a plain generator (no Qt): it yields `LoadUpdate`s batch by batch so that a
GUI worker can show progress and events as they arrive and stop between yields, and the CLI can
drive it to completion. Parsing runs in this process for small jobs and in `jobs` worker
processes (spawned, one spaCy pipeline each) for larger ones. Cached files are served without
loading spaCy at all.

With worker processes the start-up (a fresh interpreter, spaCy, the model: 1-2 s) is the cost
to hide: the workers start as soon as the cache lookups have found enough files to parse, while
the lookups go on; the units of work shrink towards the end so that the workers finish
together; and this process loads the event modules while the last units are parsed.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from nkviewer.corpus.cache import CachedFile, ParseCache
from nkviewer.corpus.options import LoadOptions
from nkviewer.corpus.progress import LoadUpdate
from nkviewer.errors import Cancelled
from nkviewer.events import build as event_build
from nkviewer.events.build import NO_ANCHOR
from nkviewer.events.merge import merge_events
from nkviewer.events.record import Event
from nkviewer.events.table import empty_frame, events_to_frame
from nkviewer.ingest import ColumnMap, SourceFile, read_source, scan, table_parts
from nkviewer.ingest.discover import TABULAR
from nkviewer.ingest.document import Document, FileProblem, PublishedDate
from nkviewer.ingest.names import shown_path
from nkviewer.ingest.problem import BadFile
from nkviewer.ingest.reader import MAX_BYTES, TABLE_FACTOR
from nkviewer.ingest.regular import read_regular
from nkviewer.nlp.anchor import document_anchor
from nkviewer.nlp.gazetteer import fingerprint, load_gazetteer, user_paths
from nkviewer.nlp.model import load_pipeline
from nkviewer.nlp.model import model_label as get_model_label
from nkviewer.nlp.parsed import ParsedDocument

if TYPE_CHECKING:
    from concurrent.futures import Future

    import pandas as pd
    from spacy.language import Language

log = logging.getLogger(__name__)

#: Files per unit of work: small enough that Cancel and progress stay responsive.
CHUNK_FILES = 8
#: Documents parsed together by spaCy (`nlp.pipe`); after a failure, redone one by one.
ANALYSIS_BATCH = 32
#: The smallest unit sent to a worker process (the last units shrink down to it).
MIN_CHUNK_FILES = 2
#: Below this many files to parse, worker processes cost more (start-up, model load) than they save.
MIN_FILES_FOR_PROCESSES = 24
#: Cache entries read with the garbage collector held off (see `_gc_paused`).
GC_PAUSE_FILES = 2048
#: Minimum seconds between two event-table snapshots while loading.
SNAPSHOT_INTERVAL = 0.5


@dataclass
class FileResult:
    """What one source file gave: parsed documents and problems."""

    relpath: str
    documents: list[ParsedDocument]
    problems: list[FileProblem]
    cached: bool = False


# --------------------------------------------------------------------------- parsing work units


def _cache_extra(source: SourceFile, columns: ColumnMap) -> tuple[str, ...]:
    extra = (source.relpath, repr(source.manifest), repr(columns))
    if source.part is not None:  # its row numbers (and so its documents' ids) depend on it
        return (*extra, f"part at row {source.part.offset}")
    return extra


@dataclass(frozen=True, slots=True)
class WorkUnit:
    """A unit of parsing work (a file, or a part of a big table) as the parse cache knows it."""

    source: SourceFile
    key: str | None  # the parse cache's key; None: no cache, or the file cannot be read
    cached: CachedFile | None = None  # its cache entry; None: not cached (or not looked up)

    def hit(self) -> FileResult | None:
        """What the cache holds for this unit, as a result; None when it must be parsed."""
        if self.cached is None:
            return None
        return FileResult(self.source.relpath, self.cached.documents, self.cached.problems, True)


def lookup(
    source: SourceFile, cache: ParseCache | None, columns: ColumnMap, *, read: bool = True
) -> list[WorkUnit]:
    """The units of work of a file (itself, or the parts of a big table), each with its cache
    key and, when `read`, its cache entry. One definition for the local pipeline and the Dask
    workers (`distributed.run_partition`, which keys partitions even without reading)."""
    if cache is None and not (source.format in TABULAR and _size(source) > table_parts.SPLIT_BYTES):
        return [WorkUnit(source, None)]
    data = _bytes_for_key(source)
    if data is None:
        return [WorkUnit(source, None)]
    units = table_parts.split_table(source, data)
    if cache is None:
        return [WorkUnit(unit, None) for unit in units]
    path = shown_path(source.path)
    out: list[WorkUnit] = []
    for unit in units:
        content = data if unit.part is None else unit.part.text.encode("utf-8", "surrogatepass")
        key = unit_key(cache, unit, columns, content)
        out.append(WorkUnit(unit, key, cache.get(key, path=path) if read else None))
    return out


def unit_key(cache: ParseCache, unit: SourceFile, columns: ColumnMap, content: bytes) -> str:
    """The parse cache's key of one unit of work (a file, or a part of a big table) whose
    bytes are `content`."""
    return cache.key(content, *_cache_extra(unit, columns))


def _with_anchor(parsed: ParsedDocument) -> ParsedDocument:
    """Give a document without a known publication date the one its content implies (and
    settle a printed date that reads two ways)."""
    doc = parsed.document
    if doc.published.is_known and not doc.published.choices:
        return parsed

    anchor = document_anchor(doc, parsed.timexes, entities=parsed.entities)
    if anchor.is_known:
        parsed.document = doc.with_published(anchor)
    else:  # nothing to infer: building its events need not try again (nor load the gazetteer)
        doc.meta[NO_ANCHOR] = "1"
    return parsed


_PIPELINES: dict[str | None, Language] = {}


def _pipeline(model: str | None, gazetteer: Sequence[str] = ()) -> Language:
    """The configured spaCy pipeline of this process (loaded once per model), with the user's
    gazetteer files `gazetteer` (its components are rebuilt when they change)."""
    # the analysis modules load only when a file must be parsed (a cached corpus opens without)
    from nkviewer.nlp.parse import configure_pipeline

    if model not in _PIPELINES:
        _PIPELINES[model] = load_pipeline(model)
    return configure_pipeline(_PIPELINES[model], user=list(gazetteer))


def user_gazetteer(
    inputs: Sequence[str | Path],
) -> tuple[tuple[str, ...], str, list[FileProblem]]:
    """The user's gazetteer files for a corpus (the config folder's, then each input folder's
    `gazetteer.csv`), a fingerprint of their contents for cache keys, and their problems."""
    return user_gazetteer_of(tuple(str(p) for p in user_paths(inputs)))


def user_gazetteer_of(files: tuple[str, ...]) -> tuple[tuple[str, ...], str, list[FileProblem]]:
    """`files` as the user's gazetteer: themselves, a fingerprint, their problems."""
    if not files:
        return (), "", []

    gaz = load_gazetteer(user=files)
    return files, fingerprint(gaz), list(gaz.problems)


def parse_sources(
    sources: Sequence[SourceFile],
    keys: Sequence[str | None],
    *,
    model: str | None,
    model_label: str,
    gazetteer: Sequence[str] = (),
    columns: ColumnMap,
    cache_root: str | None,
    should_stop: Callable[[], bool] | None = None,
) -> list[FileResult]:
    """Read and parse a chunk of files, store the results in the cache, return them.

    Runs in the calling process or in a worker process (everything but `should_stop` is
    picklable; in this process, a true `should_stop()` raises `Cancelled` within a batch or a
    piece of a long article). A document whose analysis fails is its file's problem, listed
    with the reason; the other documents are kept.
    """
    reads = [read_source(s, columns=columns) for s in sources]
    docs = [d for r in reads for d in r.documents]
    analysed: list[ParsedDocument | FileProblem] = []
    if docs:
        analysed = analyse_documents(docs, _pipeline(model, gazetteer), should_stop=should_stop)
    cache = ParseCache(model_label=model_label, root=Path(cache_root)) if cache_root else None
    results: list[FileResult] = []
    it = iter(analysed)
    for source, key, read in zip(sources, keys, reads, strict=True):
        outcomes = [next(it) for _ in read.documents]
        file_docs = [o for o in outcomes if isinstance(o, ParsedDocument)]
        problems = [*read.problems, *(o for o in outcomes if isinstance(o, FileProblem))]
        results.append(FileResult(source.relpath, file_docs, problems))
        fatal = any(p.severity == "error" for p in problems) and not file_docs
        if cache is not None and key is not None and not fatal:
            cache.put(key, file_docs, problems)
    return results


def analyse_documents(
    docs: Sequence[Document],
    nlp: Language,
    *,
    should_stop: Callable[[], bool] | None = None,
) -> list[ParsedDocument | FileProblem]:
    """Parse and analyse documents in batches; one outcome per document, in order: its
    ParsedDocument, or a FileProblem saying why its analysis failed. When a batch fails, its
    documents are redone one by one, so that only the failing one is lost."""
    # the analysis modules load only when a file must be parsed
    from nkviewer.nlp.parse import parse_documents

    out: list[ParsedDocument | FileProblem] = []
    i = 0
    while i < len(docs):
        try:
            for parsed in parse_documents(docs[i:], nlp, should_stop=should_stop):
                out.append(_with_anchor(parsed))
                i += 1
        except Cancelled:
            raise
        except Exception:
            for doc in docs[i : i + ANALYSIS_BATCH]:
                out.append(_analyse_one(doc, nlp, should_stop))
            i = min(len(docs), i + ANALYSIS_BATCH)
    return out


def _analyse_one(
    doc: Document, nlp: Language, should_stop: Callable[[], bool] | None
) -> ParsedDocument | FileProblem:
    # the analysis modules load only when a file must be parsed
    from nkviewer.nlp.parse import parse_documents

    try:
        return _with_anchor(next(parse_documents([doc], nlp, should_stop=should_stop)))
    except Cancelled:
        raise
    except Exception as exc:  # this document's problem, never the corpus's
        log.warning("analysis of %s failed", doc.path, exc_info=True)
        return FileProblem(doc.path, failure_reason("could not be analysed", doc, exc))


def failure_reason(what: str, doc: Document, exc: BaseException) -> str:
    """ "row 12: could not be analysed (ValueError: ...); skipped" for a problem list."""
    row = doc.meta.get("row")
    detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    if len(detail) > 200:
        detail = detail[:199] + "…"
    return f"{f'row {row}: ' if row else ''}{what} ({detail}); skipped"


def _init_worker(model: str | None, gazetteer: Sequence[str] = ()) -> None:
    """Worker start: one BLAS thread each (processes are the parallelism); load spaCy and
    everything the analysis reads once, so that the first unit of work is no slower."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = "1"
    # the analysis modules load only when a file must be parsed
    from nkviewer.nlp.parse import warm_up

    for parsed in warm_up(_pipeline(model, gazetteer)):
        _with_anchor(parsed)


def _ready() -> int:
    """A no-op task: submitting one per worker starts every worker process now."""
    return os.getpid()


# --------------------------------------------------------------------------- events


def events_of(parsed: ParsedDocument, overrides: Mapping[str, PublishedDate]) -> list[Event]:
    return event_build.build_events(parsed, published=overrides.get(parsed.document.doc_id))


def events_or_problem(
    parsed: ParsedDocument, overrides: Mapping[str, PublishedDate]
) -> tuple[list[Event], FileProblem | None]:
    """A document's events, or none and the problem that stopped them (never raises for it)."""
    try:
        return events_of(parsed, overrides), None
    except Exception as exc:  # this document's problem, never the corpus's
        doc = parsed.document
        log.warning("building the events of %s failed", doc.path, exc_info=True)
        return [], FileProblem(doc.path, failure_reason("its events could not be built", doc, exc))


def merged_frame(events: Iterable[Event]) -> pd.DataFrame:
    return events_to_frame(merge_events(list(events)))


def rebuild_events(
    documents: Iterable[ParsedDocument], *, published: Mapping[str, PublishedDate] | None = None
) -> pd.DataFrame:
    """Re-resolve every document's dates (with per-doc_id overrides) and merge. No spaCy."""
    overrides = published or {}
    return merged_frame(e for d in documents for e in events_or_problem(d, overrides)[0])


# --------------------------------------------------------------------------- the generator


def cpu_cores() -> int:
    """Cores this process may run on (its affinity where the system tells it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def worker_count(requested: int | None, units: int | None = None) -> int:
    """Worker processes to start: as many as asked (default: one per core), but never more
    than the cores (each worker holds a spaCy pipeline: hundreds of MB) nor than the units of
    work there are to share (`MIN_CHUNK_FILES` each)."""
    n = min(requested or cpu_cores(), cpu_cores())
    if units is not None:
        n = min(n, -(-units // MIN_CHUNK_FILES))
    if requested and n < requested:
        log.info("using %d worker processes, not the %d asked for", n, requested)
    return max(1, n)


def load_corpus(
    inputs: Sequence[str | Path],
    *,
    options: LoadOptions | None = None,
    should_stop: Callable[[], bool] = lambda: False,
) -> Iterator[LoadUpdate]:
    """Load a corpus, yielding progress, new documents, problems and event snapshots.

    Raises `ModelNotFoundError` (before parsing anything) when parsing is needed and no spaCy
    pipeline is installed. Stops quietly, without a final "done" update, when `should_stop()`.
    """
    opts = options or LoadOptions()
    t_start = time.monotonic()
    yield LoadUpdate(stage="scanning", done=0, total=0)
    found = scan([str(p) for p in inputs])
    total = len(found.files)
    label = get_model_label(opts.model)
    if opts.gazetteer is None:
        user, printed, gaz_problems = user_gazetteer(inputs)
    else:
        user, printed, gaz_problems = user_gazetteer_of(opts.gazetteer)
    opts = replace(opts, gazetteer=user)
    if printed:  # the user's names shape the parse: their contents are part of every key
        label = f"{label}+gazetteer:{printed}"
    cache = ParseCache(model_label=label) if opts.use_cache else None

    state = _LoadState(
        total=total,
        files=total,
        t_start=t_start,
        overrides=opts.published_overrides,
        snapshots=opts.snapshots,
    )
    first = LoadUpdate(
        stage="scanning", done=0, total=total, problems=[*gaz_problems, *found.problems]
    )
    yield first
    if should_stop():
        return

    workers: ProcessPoolExecutor | None = None
    jobs = worker_count(opts.jobs, total)
    finished = False
    try:
        # 1. Cache hits: served at once, without spaCy. Worker processes start as soon as
        #    enough units need parsing, so that their start-up overlaps the rest of the
        #    lookups. A big table is looked up (and later parsed) part by part.
        misses: list[tuple[SourceFile, str | None]] = []
        hits: list[FileResult] = []
        units = 0
        for i in range(0, len(found.files), GC_PAUSE_FILES):
            with _gc_paused():
                looked = [
                    unit
                    for s in found.files[i : i + GC_PAUSE_FILES]
                    for unit in lookup(s, cache, opts.columns)
                ]
            units += len(looked)
            for unit in looked:
                hit = unit.hit()
                if hit is not None:
                    hits.append(hit)
                    continue
                misses.append((unit.source, unit.key))
                if workers is None and len(misses) == MIN_FILES_FOR_PROCESSES:
                    unlooked = len(found.files) - i - GC_PAUSE_FILES
                    jobs = worker_count(opts.jobs, units + max(0, unlooked))
                    if jobs > 1:
                        workers = _start_workers(jobs, opts.model, opts.gazetteer or ())
        state.total = total = units
        if hits:
            with _gc_paused():
                update = state.add(hits, stage="parsing" if misses else "done", force_snapshot=True)
            yield update
            if should_stop():
                return

        # 2. Misses: parsed here or in the worker processes, unit by unit.
        if misses:
            yield LoadUpdate(
                stage="loading model",
                done=state.done,
                total=total,
                files=state.files,
                elapsed=state.elapsed(),
            )
            cache_root = str(cache.root.parent) if cache is not None else None
            if workers is not None:
                yield from _parse_in_processes(
                    workers, misses, jobs, opts, label, cache_root, state, should_stop
                )
                if should_stop():
                    return
            else:
                queue = list(reversed(misses))
                while queue:
                    chunk = _take(queue, CHUNK_FILES)
                    try:
                        results = _parse_chunk(
                            chunk,
                            opts.model,
                            label,
                            opts.columns,
                            cache_root,
                            should_stop,
                            gazetteer=opts.gazetteer or (),
                        )
                    except Cancelled:
                        return
                    yield state.add(results, stage="parsing")
                    if should_stop():
                        return
        finished = True  # no unit of work is left running
        with _gc_paused():
            final = state.finish()
        yield final
    finally:
        if workers is not None:
            _stop_workers(workers, busy=not finished)


def _size(source: SourceFile) -> int:
    try:
        return source.path.stat().st_size
    except OSError:
        return 0


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Hold off Python's cyclic garbage collector while many small objects are built that are
    not garbage (cache entries, events, the merged table): its full passes over everything in
    memory cost a quarter of a cached re-open. Never held across a `yield` of `load_corpus`."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _stop_workers(pool: ProcessPoolExecutor, *, busy: bool) -> None:
    """Shut the pool down now: queued units are dropped and, when some may be `busy`, the
    workers are terminated, so that a Cancel or a closing window never waits for a long unit
    to finish (at exit, Python would join them). Idle workers just exit."""
    terminate = getattr(pool, "terminate_workers", None)  # Python >= 3.14
    # Before 3.14 the pool has no public way to stop a busy worker: its process table.
    procs = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    if not busy:
        return
    if terminate is not None:
        terminate()
        return
    for proc in procs:
        if proc.is_alive():
            proc.terminate()


def _start_workers(
    jobs: int, model: str | None, gazetteer: Sequence[str] = ()
) -> ProcessPoolExecutor:
    """`jobs` spawned worker processes, started now (each loads spaCy as it starts)."""
    ctx = multiprocessing.get_context("spawn")  # fork is unsafe next to Qt and BLAS threads
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=ctx,
        initializer=_init_worker,
        initargs=(model, tuple(gazetteer)),
    )
    for _ in range(jobs):  # a spawning pool starts one process per task it has no idle one for
        pool.submit(_ready)
    return pool


def _take(
    queue: list[tuple[SourceFile, str | None]], n: int
) -> list[tuple[SourceFile, str | None]]:
    """The next unit of work from the end of `queue`: up to `n` files, or one part of a big
    table alone (a part is already as much work as a unit of files)."""
    chunk = [queue.pop()]
    while queue and len(chunk) < n and chunk[0][0].part is None and queue[-1][0].part is None:
        chunk.append(queue.pop())
    return chunk


def chunk_size(remaining: int, jobs: int) -> int:
    """Files in the next unit for `jobs` workers when `remaining` files are left to hand out:
    `CHUNK_FILES` at first, smaller at the end so that no worker is left with a long last unit
    while the others wait."""
    return max(MIN_CHUNK_FILES, min(CHUNK_FILES, -(-remaining // (3 * jobs))))


def _parse_in_processes(
    pool: ProcessPoolExecutor,
    misses: list[tuple[SourceFile, str | None]],
    jobs: int,
    opts: LoadOptions,
    label: str,
    cache_root: str | None,
    state: _LoadState,
    should_stop: Callable[[], bool],
) -> Iterator[LoadUpdate]:
    queue = list(reversed(misses))  # popped from the end: scan order
    units: dict[Future[list[FileResult]], list[tuple[SourceFile, str | None]]] = {}

    def submit_next() -> None:
        chunk = _take(queue, chunk_size(len(queue), jobs))
        fut = _submit(pool, chunk, opts, label, cache_root)
        units[fut] = chunk
        pending.add(fut)

    pending: set[Future[list[FileResult]]] = set()
    # Keep two units per worker in flight: bounded memory, prompt cancellation.
    while queue and len(pending) < 2 * jobs:
        submit_next()
    warmed = False
    while pending:
        done, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
        if should_stop():
            return
        for fut in done:
            yield state.add(_unit_results(fut, units.pop(fut)), stage="parsing")
            if queue:
                submit_next()
        if not warmed and not queue and len(pending) < jobs:
            _warm_events()  # a worker is idle now: load what the end needs on its core
            warmed = True
        if should_stop():
            return


def _unit_results(
    fut: Future[list[FileResult]], chunk: list[tuple[SourceFile, str | None]]
) -> list[FileResult]:
    """A finished unit's results; if its worker failed (a crash, memory), each of its files
    is listed as a problem and the corpus goes on (a dead pool fails the units after it too,
    and `submit` below then raises: the load stops with that error)."""
    try:
        return fut.result()
    except Exception as exc:
        log.warning("a parser process failed", exc_info=True)
        what = type(exc).__name__ + (f": {exc}" if str(exc) else "")
        reason = f"could not be analysed: the parser process failed ({what})"

        return [
            FileResult(s.relpath, [], [FileProblem(shown_path(s.path), reason)]) for s, _ in chunk
        ]


def _submit(
    pool: ProcessPoolExecutor,
    chunk: list[tuple[SourceFile, str | None]],
    opts: LoadOptions,
    label: str,
    cache_root: str | None,
) -> Future[list[FileResult]]:
    return pool.submit(
        _parse_chunk,
        chunk,
        opts.model,
        label,
        opts.columns,
        cache_root,
        gazetteer=opts.gazetteer or (),
    )


def _parse_chunk(
    chunk: list[tuple[SourceFile, str | None]],
    model: str | None,
    label: str,
    columns: ColumnMap,
    cache_root: str | None,
    should_stop: Callable[[], bool] | None = None,
    *,
    gazetteer: Sequence[str] = (),
) -> list[FileResult]:
    """Parse one unit of (file, cache key) pairs, here or in a worker process."""
    return parse_sources(
        [s for s, _ in chunk],
        [k for _, k in chunk],
        model=model,
        model_label=label,
        gazetteer=gazetteer,
        columns=columns,
        cache_root=cache_root,
        should_stop=should_stop,
    )


def _warm_events() -> None:
    """Import pandas, which the event table needs, while the last units are parsed (the modules
    that build and merge events are imported with this one)."""
    import pandas  # noqa: F401


def _bytes_for_key(source: SourceFile) -> bytes | None:
    """The file's bytes for the cache key; None when it cannot or should not be read (the read
    itself then reports why). Regular files only, never read past the size limit."""
    limit = MAX_BYTES * TABLE_FACTOR if source.format in TABULAR else MAX_BYTES
    try:
        return read_regular(source.path, limit)
    except BadFile:
        return None


@dataclass
class _LoadState:
    """Accumulates results and decides when to publish a new event snapshot."""

    total: int
    t_start: float
    overrides: Mapping[str, PublishedDate]
    snapshots: bool = True
    files: int = 0
    done: int = 0
    cached: int = 0
    parsed_files: int = 0
    events: list[Event] = field(default_factory=list)
    last_snapshot: float = 0.0
    dirty: bool = False
    interval: float = SNAPSHOT_INTERVAL
    t_parse_start: float | None = None

    def elapsed(self) -> float:
        return time.monotonic() - self.t_start

    def add(
        self, results: list[FileResult], *, stage: str, force_snapshot: bool = False
    ) -> LoadUpdate:
        docs: list[ParsedDocument] = []
        problems: list[FileProblem] = []
        for r in results:
            self.done += 1
            if r.cached:
                self.cached += 1
            else:
                self.parsed_files += 1
                if self.t_parse_start is None:
                    self.t_parse_start = time.monotonic()
            docs.extend(r.documents)
            problems.extend(r.problems)
            for d in r.documents:
                events, problem = events_or_problem(d, self.overrides)
                self.events.extend(events)
                if problem is not None:
                    problems.append(problem)
        self.dirty = self.dirty or bool(docs)
        frame = None
        now = time.monotonic()
        due = force_snapshot or now - self.last_snapshot >= self.interval
        if self.snapshots and self.dirty and due:
            frame = merged_frame(self.events)
            self.last_snapshot = time.monotonic()
            # Merging grows with the corpus: keep it to a small share of the loading time.
            self.interval = max(SNAPSHOT_INTERVAL, 4 * (self.last_snapshot - now))
            self.dirty = False
        return LoadUpdate(
            stage=stage,
            done=self.done,
            total=self.total,
            documents=docs,
            problems=problems,
            events=frame,
            elapsed=self.elapsed(),
            eta=self._eta(now),
            cached=self.cached,
            files=self.files,
        )

    def _eta(self, now: float) -> float | None:
        if self.t_parse_start is None or self.parsed_files == 0:
            return None
        rate = (now - self.t_parse_start) / self.parsed_files
        return rate * max(0, self.total - self.done)

    def finish(self) -> LoadUpdate:
        return LoadUpdate(
            stage="done",
            done=self.done,
            total=self.total,
            events=merged_frame(self.events),
            elapsed=self.elapsed(),
            eta=0.0,
            cached=self.cached,
            files=self.files,
        )


def extract_frame(
    inputs: Sequence[str | Path],
    options: LoadOptions | None = None,
    *,
    progress: Callable[[LoadUpdate], None] | None = None,
) -> tuple[pd.DataFrame, list[FileProblem]]:
    """Run the whole pipeline; return the merged event table and every file problem.
    Snapshots are never published here: the table is built once, at the end."""
    options = replace(options or LoadOptions(), snapshots=False)
    frame = empty_frame()
    problems: list[FileProblem] = []
    for update in load_corpus(inputs, options=options):
        problems.extend(update.problems)
        if update.events is not None:
            frame = update.events
        if progress is not None:
            progress(update)
    return frame, problems
