"""The blockwise merge (`cluster_merge`) run on a Dask cluster, from the partitions' unmerged
event files straight into the year-partitioned event files of a dataset.

Every stage's data stays on disk under a work folder in the dataset (`.merge-work/`); the
client only handles month numbers, counts and digests (nothing per event):

1. one task per partition: within-document merge and ids (`prep/p-N.parquet`, sorted by id so
   by month, small row groups: a month is read by row-group pruning);
2. one task per month: candidate pairs, as a spanning forest of id pairs (`pairs/m-M.npy`);
3. one task: connected components of all the pairs (`components`, integer arrays only), cut
   into each month's share (`labels/m-M.npy`);
4. one task per month: the components whose smallest id is in that month, merged
   (`merged/m-M.parquet`), with each representative's (people, action) conflict key and the
   outlets of the reports (for the source facets);
5. one task per conflict-key bucket: conflicts between representatives
   (`conflicts/k-K.parquet`);
6. one task per year: that year's merged events with their conflicts, sorted, numbered after
   the years before (`rid`), written as `events/year=Y/part-N.parquet` in a staging folder that
   replaces the old event folder only once every year is written.

The work folder stays for the next run, which merges again only what changed: a partition
whose events file has the same digest keeps its prepared rows (and its number, so its ids); the
months of changed, new or removed partitions are *touched*; a month's pairs are found again
when it or the next month is touched, and its components merged again when a month they read
is touched or their labels differ. Conflicts and the year files are always redone (they number
every event). A run that stops midway leaves `state.json` unclean, and the next one starts over.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from nkviewer.corpus.cluster_merge import (
    _rank_key,
    conflict_key,
    conflicts_in,
    is_fine,
    merge_component,
    month_of,
    prepare,
    profile_of,
    profile_pairs,
)
from nkviewer.corpus.components import IntArray, components
from nkviewer.corpus.dataset_store import (
    EVENT_ROW_GROUP,
    LONG_SPAN_DAYS,
    events_table,
    swap_in_events,
    write_events,
    write_json_atomic,
    write_parquet_atomic,
)
from nkviewer.events.merge import _profile
from nkviewer.events.record import Event
from nkviewer.events.table import empty_frame, events_to_frame

WORK_DIR = ".merge-work"
#: Rows per row group of the work files: a month's rows are read without the rest.
WORK_ROW_GROUP = 4096
#: Buckets of conflict keys (one task each).
CONFLICT_BUCKETS = 16


def _read_events(path: Path) -> list[Event]:
    # pyarrow (slow to import): on first use
    import pyarrow.parquet as pq

    return [Event.from_json(json.loads(s)) for s in pq.read_table(path).column("event").to_pylist()]


def _dumps(e: Event) -> str:
    return json.dumps(e.to_json(), ensure_ascii=False)


def _loads(s: str) -> Event:
    return Event.from_json(json.loads(s))


# --------------------------------------------------------------------------- worker tasks


_PROFILE_COLUMNS = [
    "gid",
    "start",
    "end",
    "event_id",
    "doc_id",
    "persons",
    "actors",
    "words",
    "first",
    "last",
    "rank",
]


def _file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _marker(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def prep_task(events_file: str, part: int, work: str) -> dict[str, Any]:
    """Stage 1: within-document merge, ids and profiles of one partition (its events sorted by
    id, so by month). Returns the months it has events in, and — when its events changed since
    the last run — the months it had then (`changed`, `old`)."""
    digest = _file_digest(Path(events_file))
    out = Path(work) / "prep" / f"p-{part}.parquet"
    marker = _marker(out.with_suffix(".json"))
    if marker.get("digest") == digest and out.is_file():
        return {"months": marker["months"], "changed": False, "old": []}
    months = _prep(events_file, part, out)
    write_json_atomic(out.with_suffix(".json"), {"digest": digest, "months": months})
    return {"months": months, "changed": True, "old": marker.get("months", [])}


def _prep(events_file: str, part: int, out: Path) -> list[int]:
    # pyarrow (slow to import): on first use
    import pyarrow as pa

    rows = sorted(prepare(_read_events(Path(events_file)), part), key=lambda x: x[0])
    profiles = [_profile(e) for _, e in rows]
    gids = np.array([g for g, _ in rows], dtype=np.int64)
    strs = pa.list_(pa.string())
    table = pa.table(
        {
            "gid": pa.array(gids),
            "month": pa.array(month_of(gids).astype(np.int32)),
            "fine": pa.array([is_fine(e) for _, e in rows], pa.bool_()),
            "start": pa.array([e.start for _, e in rows], pa.string()),
            "end": pa.array([e.end for _, e in rows], pa.string()),
            "event_id": pa.array([e.event_id for _, e in rows], pa.string()),
            "doc_id": pa.array([p.doc_id for p in profiles], pa.string()),
            "persons": pa.array([sorted(p.persons) for p in profiles], strs),
            "actors": pa.array([sorted(p.actors) for p in profiles], strs),
            "words": pa.array([sorted(p.words) for p in profiles], strs),
            "first": pa.array([p.first for p in profiles], pa.int32()),
            "last": pa.array([p.last for p in profiles], pa.int32()),
            "rank": pa.array([p.rank for p in profiles], pa.int8()),
            "ckey": pa.array([conflict_key(p) for p in profiles], pa.string()),
            "event": pa.array([_dumps(e) for _, e in rows], pa.large_string()),
        }
    )
    write_parquet_atomic(table, out, row_group_size=WORK_ROW_GROUP)
    return [int(m) for m in sorted(set(month_of(gids).tolist()))]


def _files(folder: Path, prefix: str) -> Any:
    """The work files of one stage as one Arrow dataset (markers and temporary files left out)."""
    # pyarrow (slow to import): on first use
    import pyarrow.dataset as ds

    return ds.dataset(sorted(str(p) for p in folder.glob(f"{prefix}*.parquet")), format="parquet")


def _prep_table(work: str, flt: Any, columns: list[str]) -> Any:
    """Rows of the prepared events, in `order_key` order."""

    table = _files(Path(work) / "prep", "p-").to_table(columns=columns, filter=flt)
    return table.sort_by([("start", "ascending"), ("end", "ascending"), ("event_id", "ascending")])


def _profiles(table: Any) -> tuple[list[int], list[Any]]:
    cols = {c: table.column(c).to_pylist() for c in _PROFILE_COLUMNS}
    profiles = [
        profile_of(*row)
        for row in zip(
            cols["doc_id"],
            cols["persons"],
            cols["actors"],
            cols["words"],
            cols["first"],
            cols["last"],
            cols["rank"],
            strict=True,
        )
    ]
    return cols["gid"], profiles


def pairs_task(month: int, work: str, again: bool) -> int:
    """Stage 2: candidate pairs of one month (the next month's finer reports as context),
    written as `pairs/m-M.npy`; those of the last run are kept unless `again` (its events or
    the next month's changed). Returns how many edges the file holds."""
    cached = Path(work) / "pairs" / f"m-{month}.npy"
    if not again and cached.is_file():
        return int(np.load(cached, mmap_mode="r").shape[1])
    u, v = _pairs(month, work)
    # a spanning forest of the pairs (each id to its block component's smallest id): the same
    # components, with fewer edges than ids however many alike reports a day has
    nodes, labels = components(u, v)
    keep = nodes != labels
    u, v = nodes[keep], labels[keep]
    _save_npy(cached, np.stack([u, v]))
    return len(u)


def _save_npy(path: Path, array: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".tmp-{path.name}")
    with tmp.open("wb") as fh:
        np.save(fh, array)
    tmp.replace(path)


def _pairs(month: int, work: str) -> tuple[IntArray, IntArray]:
    # pyarrow (slow to import): on first use
    import pyarrow.dataset as ds

    m = ds.field("month")
    gids, profiles = _profiles(_prep_table(work, m == month, _PROFILE_COLUMNS))
    cgids, context = _profiles(
        _prep_table(work, (m == month + 1) & ds.field("fine"), _PROFILE_COLUMNS)
    )
    return profile_pairs(gids, profiles, cgids, context)


_MERGE_COLUMNS = [*_PROFILE_COLUMNS, "ckey", "event"]


def components_task(work: str, months: Sequence[int], touched: Sequence[int]) -> dict[int, Any]:
    """Stage 3: connected components of every month's pairs (read from `pairs/`), over integer
    ids only; each month's share is written as `labels/m-M.npy`: the labels of that month's ids
    that have one, and of the ids elsewhere whose component's label lies in that month. Returns,
    per month, a digest of its share and whether an id it imports lies in a `touched` month."""
    root = Path(work)
    u, v = [], []
    for m in months:
        both = np.load(root / "pairs" / f"m-{m}.npy")
        u.append(both[0])
        v.append(both[1])
    nodes, labels = components(
        np.concatenate(u) if u else np.zeros(0, np.int64),
        np.concatenate(v) if v else np.zeros(0, np.int64),
    )
    del u, v
    node_month = month_of(nodes)
    label_month = month_of(labels)
    moved = np.flatnonzero(node_month != label_month)
    moved = moved[np.argsort(label_month[moved], kind="stable")]
    hit = np.array(sorted(touched), dtype=np.int64)
    found: dict[int, Any] = {}
    for m in months:
        lo, hi = np.searchsorted(node_month, [m, m + 1])
        a, b = np.searchsorted(label_month[moved], [m, m + 1])
        pick = np.concatenate([np.arange(lo, hi), moved[a:b]])
        share = np.stack([nodes[pick], labels[pick]])
        _save_npy(root / "labels" / f"m-{m}.npy", share)
        found[m] = {
            "digest": hashlib.sha256(np.ascontiguousarray(share).tobytes()).hexdigest(),
            "imports_touched": bool(np.isin(node_month[moved[a:b]], hit).any()),
        }
    return found


def merge_task(month: int, work: str, digest: str, buckets: int, again: bool) -> dict[str, Any]:
    """Stage 4: merge the components whose smallest id lies in `month`, by the month's share of
    the labels (`labels/m-M.npy`, whose digest is `digest`). The last run's result is kept
    unless `again` (the events of a month it reads changed) or the labels differ. Returns
    events per year and whether it merged again."""
    out = Path(work) / "merged" / f"m-{month}.parquet"
    key = f"{digest}:{buckets}"
    marker = _marker(out.with_suffix(".json"))
    if not again and marker.get("digest") == key and out.is_file():
        return {"years": {int(k): v for k, v in marker["years"].items()}, "merged": False}
    share = np.load(Path(work) / "labels" / f"m-{month}.npy")
    years = _merge(month, work, share[0], share[1], buckets, out)
    write_json_atomic(out.with_suffix(".json"), {"digest": key, "years": years})
    return {"years": years, "merged": True}


def _merge(
    month: int, work: str, nodes: IntArray, labels: IntArray, buckets: int, out_file: Path
) -> dict[int, int]:
    # pyarrow (slow to import): on first use
    import pyarrow as pa
    import pyarrow.dataset as ds

    label_of = dict(zip(nodes.tolist(), labels.tolist(), strict=True))
    tables = [_prep_table(work, ds.field("month") == month, _MERGE_COLUMNS)]
    imports = nodes[month_of(nodes) != month]
    for other in np.unique(month_of(imports)).tolist():
        wanted = pa.array(imports[month_of(imports) == other])
        flt = (ds.field("month") == other) & ds.field("gid").isin(wanted)
        tables.append(_prep_table(work, flt, _MERGE_COLUMNS))
    table = pa.concat_tables(tables).sort_by(
        [("start", "ascending"), ("end", "ascending"), ("event_id", "ascending")]
    )
    gids, profiles = _profiles(table)
    ckeys = table.column("ckey").to_pylist()
    texts = table.column("event").to_pylist()
    del table, tables
    groups: dict[int, list[int]] = defaultdict(list)  # label -> rows, in order_key order
    for row, gid in enumerate(gids):
        label = label_of.get(gid, gid)
        if month_of(label) == month:
            groups[label].append(row)
    cols: dict[str, list[Any]] = {
        k: [] for k in ("year", "ckey", "bucket", "event_id", "rep", "event", "outlets")
    }
    years: Counter[int] = Counter()
    strs = pa.list_(pa.string())
    for rows in groups.values():
        pos = min(range(len(rows)), key=lambda k: _rank_key(profiles[rows[k]], k))
        rep = rows[pos]
        if len(rows) == 1:
            text = texts[rep]
            outlets = None  # its own outlet: the event's `doc_source`
        else:
            members = [_loads(texts[r]) for r in rows]
            text = _dumps(merge_component(members))
            outlets = sorted(_outlets(members))
        p = profiles[rep]
        key = ckeys[rep]
        year = date.fromordinal(p.first).year
        years[year] += 1
        cols["year"].append(year)
        cols["ckey"].append(key)
        cols["bucket"].append(_bucket(key, buckets) if key else -1)
        cols["event_id"].append(_event_id(texts[rep]) if key else None)
        cols["rep"].append(
            [
                p.doc_id,
                str(p.first),
                str(p.last),
                str(p.rank),
                "\x1e".join(sorted(p.persons)),
                "\x1e".join(sorted(p.actors)),
                "\x1e".join(sorted(p.words)),
            ]
            if key
            else None
        )
        cols["event"].append(text)
        cols["outlets"].append(outlets)
    out = pa.table(
        {
            "year": pa.array(cols["year"], pa.int32()),
            "ckey": pa.array(cols["ckey"], pa.string()),
            "bucket": pa.array(cols["bucket"], pa.int32()),
            "event_id": pa.array(cols["event_id"], pa.string()),
            "rep": pa.array(cols["rep"], strs),
            "event": pa.array(cols["event"], pa.large_string()),
            "outlets": pa.array(cols["outlets"], strs),
        }
    )
    write_parquet_atomic(out, out_file)
    return dict(years)


def _outlets(members: Sequence[Event]) -> set[str]:
    """`doc_id` + `_SEP` + outlet of every report of a merged event: a report's article is its
    member's (the within-article merge keeps to one article), so its outlet is the member's
    `doc_source`, the same as the document's `source` the in-process writer looks up."""
    return {
        f"{s.get('doc_id')}{_SEP}{m.doc_source}"
        for m in members
        if m.doc_source
        for s in m.sources
        if isinstance(s, Mapping)
    }


_SEP = "\x1f"


def _event_id(text: str) -> str:
    return str(json.loads(text)["event_id"])


def _rep_profile(parts: list[str]) -> Any:
    doc_id, first, last, rank, persons, actors, words = parts
    split = lambda s: [x for x in s.split("\x1e") if x]  # noqa: E731
    return profile_of(
        doc_id, split(persons), split(actors), split(words), int(first), int(last), int(rank)
    )


def _bucket(key: str, buckets: int) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=4).digest(), "big") % buckets


def conflicts_task(bucket: int, work: str) -> int:
    """Stage 5: conflicts among the representatives of one bucket of conflict keys."""
    # pyarrow (slow to import): on first use
    import pyarrow as pa
    import pyarrow.dataset as ds

    table = _files(Path(work) / "merged", "m-").to_table(
        columns=["ckey", "event_id", "year", "rep"], filter=ds.field("bucket") == bucket
    )
    by_key: dict[str, list[tuple[Any, str]]] = defaultdict(list)
    year_of: dict[str, int] = {}
    for key, event_id, year, rep in zip(
        table.column("ckey").to_pylist(),
        table.column("event_id").to_pylist(),
        table.column("year").to_pylist(),
        table.column("rep").to_pylist(),
        strict=True,
    ):
        by_key[key].append((_rep_profile(rep), event_id))
        year_of[event_id] = year
    found: dict[str, list[str]] = {}
    for reps in by_key.values():
        found.update(conflicts_in(reps))
    ids = sorted(found)
    out = pa.table(
        {
            "event_id": pa.array(ids, pa.string()),
            "year": pa.array([year_of[i] for i in ids], pa.int32()),
            "conflicts": pa.array([found[i] for i in ids], pa.list_(pa.string())),
        }
    )
    write_parquet_atomic(out, Path(work) / "conflicts" / f"k-{bucket}.parquet")
    return len(ids)


def year_task(
    year: int, first_rid: int, work: str, stage: str, kind_of: Mapping[str, str]
) -> dict[str, Any]:
    """Stage 6: one year's merged events, with conflicts, sorted and written (the outlets of
    their reports, for the facets, come with the merged events: no corpus-wide lookup)."""
    # pyarrow (slow to import): on first use
    import pyarrow as pa
    import pyarrow.dataset as ds

    root = Path(work)
    merged = _files(root / "merged", "m-").to_table(
        columns=["event", "outlets"], filter=ds.field("year") == year
    )
    source_of_doc: dict[str, str] = {}
    for pairs in merged.column("outlets").to_pylist():
        for pair in pairs or ():
            doc_id, _, outlet = pair.partition(_SEP)
            source_of_doc[doc_id] = outlet
    conflicts: dict[str, list[str]] = {}
    if (root / "conflicts").is_dir():
        found = _files(root / "conflicts", "k-").to_table(filter=ds.field("year") == year)
        conflicts = dict(
            zip(
                found.column("event_id").to_pylist(),
                found.column("conflicts").to_pylist(),
                strict=True,
            )
        )
    events = [json.loads(s) for s in merged.column("event").to_pylist()]
    del merged
    for e in events:
        ids = conflicts.get(e["event_id"])
        if ids:
            e["conflicts"] = ids
    frame = events_to_frame(events)
    del events
    table = events_table(frame, kind_of=kind_of, source_of_doc=source_of_doc)
    rid = pa.array(np.arange(first_rid, first_rid + len(frame), dtype=np.int64))
    table = table.set_column(0, "rid", rid)
    span = frame["t1"].to_numpy(dtype=float) - frame["t0"].to_numpy(dtype=float)
    is_long = span > LONG_SPAN_DAYS
    rows = np.arange(len(frame))
    folder = Path(stage) / f"year={year}"
    for n, pick in enumerate((rows[~is_long], rows[is_long])):
        if len(pick) or n == 0:
            write_parquet_atomic(
                table.take(pick), folder / f"part-{n}.parquet", row_group_size=EVENT_ROW_GROUP
            )
    t0 = frame["t0"].to_numpy(dtype=float)
    t1 = frame["t1"].to_numpy(dtype=float)
    return {
        "events": len(frame),
        "t_min": float(t0.min()),
        "t_max": float(t1.max()),
        "max_span": float((t1 - t0).max()),
    }


# --------------------------------------------------------------------------- the client


def _drop_other_months(work: Path, months: set[int]) -> None:
    """Cached pairs and merges of months that no longer have events."""
    for folder, ext in (
        ("pairs", ".npy"),
        ("labels", ".npy"),
        ("merged", ".parquet"),
        ("merged", ".json"),
    ):
        for f in (work / folder).glob(f"m-*{ext}"):
            if int(f.stem.removeprefix("m-")) not in months:
                f.unlink(missing_ok=True)


def merge_to_dataset(
    client: Any,
    event_files: Sequence[str | Path],
    out_dir: str | Path,
    *,
    kind_of: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Merge the unmerged events of `event_files` (one per partition, as the extraction writes
    them) on the cluster of `client` into `out_dir/events/`; return the event statistics (as
    `dataset_store.write_events` does). The result equals `merge_events` of all the events."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if not event_files:
        return write_events(empty_frame(), out, kind_of={}, source_of_doc={})
    work = out / WORK_DIR
    work.mkdir(exist_ok=True)
    state_file = work / "state.json"
    state = _marker(state_file)
    clean = bool(state.get("clean"))  # the last run finished: its cached stages are whole
    numbers: dict[str, int] = dict(state.get("parts", {})) if clean else {}
    if not clean:
        for folder in ("prep", "pairs", "labels", "merged", "conflicts"):
            shutil.rmtree(work / folder, ignore_errors=True)
    paths = [str(Path(f).resolve()) for f in event_files]
    gone = [numbers.pop(p) for p in list(numbers) if p not in set(paths)]
    for p in paths:
        if p not in numbers:
            numbers[p] = max([*numbers.values(), *gone, -1]) + 1
    write_json_atomic(state_file, {"clean": False, "parts": numbers})
    stage = Path(tempfile.mkdtemp(prefix=".events-", dir=out))
    try:
        w = str(work)
        preps = client.gather(
            [client.submit(prep_task, p, numbers[p], w, pure=False) for p in paths]
        )
        touched = {m for r in preps if r["changed"] for m in (*r["months"], *r["old"])}
        for n in gone:
            prep = work / "prep" / f"p-{n}.parquet"
            touched.update(_marker(prep.with_suffix(".json")).get("months", []))
            prep.unlink(missing_ok=True)
            prep.with_suffix(".json").unlink(missing_ok=True)
        months = sorted({m for r in preps for m in r["months"]})
        _drop_other_months(work, set(months))
        redo = [not clean or m in touched or m + 1 in touched for m in months]
        client.gather(
            [
                client.submit(pairs_task, m, w, r, pure=False)
                for m, r in zip(months, redo, strict=True)
            ]
        )
        shares = client.submit(components_task, w, months, sorted(touched), pure=False).result()
        futures = [
            client.submit(
                merge_task,
                m,
                w,
                shares[m]["digest"],
                CONFLICT_BUCKETS,
                m in touched or shares[m]["imports_touched"],
                pure=False,
            )
            for m in months
        ]
        merged = client.gather(futures)
        per_year: Counter[int] = Counter()
        for result in merged:
            per_year.update(result["years"])
        client.gather(
            [client.submit(conflicts_task, k, w, pure=False) for k in range(CONFLICT_BUCKETS)]
        )
        # one copy of the lookup per worker, not one per task
        [kinds] = client.scatter([dict(kind_of or {})], broadcast=True)  # a list: a dict is keys
        first = 0
        year_futures = []
        for year in sorted(per_year):
            year_futures.append(
                client.submit(year_task, year, first, w, str(stage), kinds, pure=False)
            )
            first += per_year[year]
        stats = client.gather(year_futures)
        if not stats:  # partitions without events
            write_parquet_atomic(
                events_table(empty_frame(), kind_of={}, source_of_doc={}),
                stage / "year=0" / "part-0.parquet",
            )
        swap_in_events(stage, out)
        write_json_atomic(state_file, {"clean": True, "parts": numbers})
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return {
        "months": len(months),
        "months_paired": sum(redo),
        "months_merged": sum(1 for r in merged if r["merged"]),
        "events": sum(s["events"] for s in stats),
        "t_min": min((s["t_min"] for s in stats), default=None),
        "t_max": max((s["t_max"] for s in stats), default=None),
        "max_span": max((s["max_span"] for s in stats), default=0.0),
        "years": sorted(per_year),
    }
