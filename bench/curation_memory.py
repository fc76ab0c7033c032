"""Arrow memory of a curated table after many edits: `python -m bench.curation_memory`.

A synthetic corpus of `--events` events held in memory (`MemoryCorpus`, as the window holds
one), then `--edits` mixed edits as a user makes them — hide a rubber band's worth of events,
unhide some, edit a title, edit a date, show hidden events and back, a filter now and then —
with undos and redos among them (an undo goes back to the edits before, as the window's undo
stack does), each curated in the corpus' worker and shown. Reported after the edits, against
the corpus just opened: Arrow's live bytes (`pyarrow.total_allocated_bytes()` and the default
pool's), the process' RSS, how many Arrow text columns of the curated table share the raw
table's buffers, how many chunks they have, and the worker's time per edit (median, worst).
(Corrected publication dates re-resolve a corpus from its documents, which a synthetic table
has none of: not among the edits.)
Prints markdown; not a test.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

REPO = Path(__file__).resolve().parent.parent

if TYPE_CHECKING:
    import pandas as pd


def shared_columns(raw: pd.DataFrame, curated: pd.DataFrame) -> tuple[list[str], int, int]:
    """The Arrow columns of `curated` whose buffers (validity, offsets, text) are all buffers of
    the same column of `raw` (slices of it); the bytes of the other buffers of its Arrow
    columns (each buffer once); and the bytes of `raw`'s Arrow columns."""
    import pandas as pd

    shared, copied, whole = [], 0, 0
    for name in curated.columns:
        values = curated[name].array
        if name not in raw.columns or not isinstance(values, pd.arrays.ArrowExtensionArray):
            continue
        raw_values = raw[name].array
        if not isinstance(raw_values, pd.arrays.ArrowExtensionArray):
            continue
        theirs = {
            b.address: b.size for c in raw_values.__arrow_array__().chunks for b in c.buffers() if b
        }
        mine = {
            b.address: b.size for c in values.__arrow_array__().chunks for b in c.buffers() if b
        }
        own = sum(size for address, size in mine.items() if address not in theirs)
        whole += sum(theirs.values())
        copied += own
        if not own:
            shared.append(str(name))
    return shared, copied, whole


def _arrow_mb() -> tuple[float, float]:
    import pyarrow as pa

    return pa.total_allocated_bytes() / 1e6, pa.default_memory_pool().bytes_allocated() / 1e6


def _settled() -> None:
    import pyarrow as pa

    gc.collect()
    pa.default_memory_pool().release_unused()


def run(events: int, edits: int, seed: int) -> dict[str, Any]:
    sys.path.insert(0, str(REPO))
    import pandas as pd

    from bench.procmem import status_mb
    from bench.synthetic import synthetic_frame
    from nkviewer.app.memory import MemoryCorpus
    from nkviewer.app.state import Curation
    from nkviewer.events.facets import FilterState

    rng = random.Random(seed)
    corpus = MemoryCorpus()
    corpus.set_raw(synthetic_frame(events, years=8, seed=seed))
    raw = corpus.raw
    ids = raw["event_id"].tolist()
    t0 = raw["t0"].to_numpy()

    def show(curation: Curation, filters: FilterState) -> float:
        t = time.perf_counter()
        result = corpus.refilter(filters, [], curation)
        assert result is not None
        corpus.accept(result)
        return time.perf_counter() - t

    show(Curation(), FilterState())
    _settled()
    out: dict[str, Any] = {"events": events, "edits": edits}
    out["opened_arrow_mb"], out["opened_pool_mb"] = _arrow_mb()
    out["opened_rss_mb"] = status_mb("VmRSS") or 0.0

    history, undone = [Curation()], []
    filters = FilterState()
    spent: list[float] = []
    for _ in range(edits):
        now = history[-1]
        roll = rng.random()
        if roll < 0.12 and len(history) > 1:  # undo
            undone.append(history.pop())
            spent.append(show(history[-1], filters))
            continue
        if roll < 0.2 and undone:  # redo
            history.append(undone.pop())
            spent.append(show(history[-1], filters))
            continue
        if roll < 0.45:  # hide a rubber band's worth: some of the events of a time range
            at = rng.randrange(len(ids))
            span = rng.randint(20, 1200)
            band = [ids[i] for i in range(at, min(len(ids), at + span)) if rng.random() < 0.3]
            new = Curation(now.hidden | set(band), now.titles, now.dates, now.show_hidden)
        elif roll < 0.55 and now.hidden:  # unhide some
            back = set(rng.sample(sorted(now.hidden), min(len(now.hidden), rng.randint(1, 50))))
            new = Curation(now.hidden - back, now.titles, now.dates, now.show_hidden)
        elif roll < 0.7:
            titles = {**now.titles, rng.choice(ids): rng.choice(["Renamed", "회담 재개"])}
            new = Curation(now.hidden, titles, now.dates, now.show_hidden)
        elif roll < 0.85:
            year, month = rng.randint(2014, 2021), rng.randint(1, 12)
            period = (f"{year}-{month:02d}-01", f"{year}-{month:02d}-28", "range")
            dates = {**now.dates, rng.choice(ids): period}
            new = Curation(now.hidden, now.titles, dates, now.show_hidden)
        elif roll < 0.92:
            new = Curation(now.hidden, now.titles, now.dates, not now.show_hidden)
        else:  # a filter, then the next edits under it (or none)
            if filters.is_active:
                filters = FilterState()
            else:
                lo = float(t0[rng.randrange(len(t0))])
                filters = FilterState(start=lo, end=lo + rng.choice([30.0, 365.0, 1500.0]))
            spent.append(show(now, filters))
            continue
        history.append(new)
        undone.clear()
        spent.append(show(new, filters))

    last = history[-1]
    if last.show_hidden:  # the hidden events left out again, as they mostly are
        last = Curation(last.hidden, last.titles, last.dates, False)
        spent.append(show(last, filters))
    _settled()
    out["edited_arrow_mb"], out["edited_pool_mb"] = _arrow_mb()
    out["edited_rss_mb"] = status_mb("VmRSS") or 0.0
    curated = corpus.events
    out["shared"], out["copied_mb"], out["raw_text_mb"] = (
        v / 1e6 if isinstance(v, int) else v for v in shared_columns(corpus.raw, curated)
    )
    out["text_columns"] = [
        c for c in curated.columns if isinstance(curated[c].array, pd.arrays.ArrowExtensionArray)
    ]
    out["chunks"] = max(
        (curated[c].array.__arrow_array__().num_chunks for c in out["text_columns"]), default=0
    )
    out["last"] = (len(last.hidden), len(last.titles), len(last.dates), last.show_hidden)
    out["rows"] = len(curated)
    out["edit_ms"] = (statistics.median(spent) * 1000, max(spent) * 1000)
    corpus.close()
    return out


def markdown(r: dict[str, Any]) -> str:
    hidden, titles, dates, show_hidden = r["last"]
    return "\n".join(
        [
            f"{r['events']:,} events in memory, {r['edits']} edits, undos, redos and filters; "
            f"at the end {hidden} hidden ({'shown' if show_hidden else 'left out'}), "
            f"{titles} titles and {dates} dates edited, {r['rows']:,} rows curated",
            "",
            "| | Arrow live (total / default pool) | RSS |",
            "|---|---:|---:|",
            f"| opened | {r['opened_arrow_mb']:.1f} / {r['opened_pool_mb']:.1f} MB "
            f"| {r['opened_rss_mb']:.0f} MB |",
            f"| after the edits | {r['edited_arrow_mb']:.1f} / {r['edited_pool_mb']:.1f} MB "
            f"| {r['edited_rss_mb']:.0f} MB |",
            f"| ratio | {r['edited_arrow_mb'] / max(r['opened_arrow_mb'], 1e-9):.2f} | "
            f"{r['edited_rss_mb'] / max(r['opened_rss_mb'], 1e-9):.2f} |",
            "",
            f"The curated table's Arrow columns: {len(r['shared'])} of "
            f"{len(r['text_columns'])} wholly slices of the raw table's; "
            f"{r['copied_mb']:.1f} MB of their buffers copied, against the raw table's "
            f"{r['raw_text_mb']:.1f} MB; at most {r['chunks']} chunks a column.",
            f"The worker's time per edit: median {r['edit_ms'][0]:.0f} ms, "
            f"worst {r['edit_ms'][1]:.0f} ms.",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--edits", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    print(markdown(run(args.events, args.edits, args.seed)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
