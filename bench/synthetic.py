"""Synthetic event tables shaped like real extraction output, for tests, benches and screenshots.

`synthetic_frame(n)` builds the contract columns plus `t0`/`t1` with numpy, so a million events
take seconds, not minutes: mostly day events in news-like bursts, some week/month/quarter/year
and range bars, expected and uncertain ones, merged multi-source ones, six country lanes, actors,
outlets, long titles and some Korean titles. List cells are shared objects from small pools to
keep memory close to what a real corpus of that size costs.
"""

from __future__ import annotations

import functools
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

EPOCH = date(1970, 1, 1).toordinal()

LANES = ("North Korea", "China", "Russia", "United States", "South Korea", "Other")
LANE_WEIGHTS = (0.34, 0.18, 0.14, 0.15, 0.12, 0.07)
ACTORS: dict[str, tuple[str, ...]] = {
    "North Korea": ("Kim Jong-un", "Kim Yo-jong", "Choe Son-hui", "Ri Yong-ho", "Kim Yong-chol"),
    "China": ("Xi Jinping", "Wang Yi", "Li Keqiang", "Wei Fenghe"),
    "Russia": ("Vladimir Putin", "Sergey Lavrov", "Sergei Shoigu", "Alexander Matsegora"),
    "United States": ("Donald Trump", "Joe Biden", "Mike Pompeo", "Antony Blinken"),
    "South Korea": ("Moon Jae-in", "Yoon Suk-yeol", "Kang Kyung-wha", "Chung Eui-yong"),
    "Other": ("Shinzo Abe", "António Guterres", "Narendra Modi"),
}
PLACES = (
    "Pyongyang",
    "Beijing",
    "Moscow",
    "Vladivostok",
    "Washington",
    "Seoul",
    "Singapore",
    "Hanoi",
    "Panmunjom",
    "Dandong",
    "Qingdao",
    "New York",
    "Geneva",
    "Ulan-Ude",
)
OUTLETS = (
    "Yonhap",
    "NK News",
    "KCNA Watch",
    "Reuters",
    "Korea Herald",
    "Korea JoongAng Daily",
    "Hankyoreh",
    "Xinhua",
    "TASS",
    "Euronews",
    "Arirang News",
    "The Diplomat",
)
TEMPLATES = (
    "{a} met {b} in {p}",
    "{a} visited {p}",
    "{a} held talks with {b}",
    "{a} and {b} signed a cooperation agreement in {p}",
    "{a} announced new sanctions",
    "Missile launch condemned by {a}",
    "{a} is expected to visit {p}",
    "Delegation led by {a} arrived in {p}",
    "{a} and {b} agreed to expand economic, scientific and technical cooperation, including "
    "rail links and a new bridge near {p}",
    "Summit between {a} and {b} in {p} ends without a joint statement",
)
KOREAN_TITLES = (
    "김정은 위원장, 블라디보스토크에서 푸틴 대통령과 정상회담",
    "남북 고위급 회담 판문점에서 개최",
    "시진핑 주석 평양 방문",
    "북한, 동해상으로 탄도미사일 발사",
    "한미 외교장관 회담, 대북 제재 공조 확인",
)
#: granularity, share of events
GRANULARITIES = (
    ("day", 0.78),
    ("week", 0.03),
    ("month", 0.09),
    ("quarter", 0.01),
    ("year", 0.03),
    ("range", 0.06),
)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _days(rng: np.random.Generator, n: int, lo: int, hi: int) -> np.ndarray:
    """Day numbers in [lo, hi): 55 % spread evenly, 45 % in news bursts of a few weeks."""
    span = hi - lo
    n_burst = int(n * 0.45)
    centres = rng.integers(lo, hi, size=max(8, span // 250))
    burst = rng.choice(centres, size=n_burst) + rng.normal(0, 12, size=n_burst).round()
    flat = rng.integers(lo, hi, size=n - n_burst)
    out = np.concatenate([flat, burst]).astype(np.int64)
    return np.clip(out, lo, hi - 1)


def _periods(rng: np.random.Generator, day: np.ndarray, gran: np.ndarray) -> np.ndarray:
    """Start and end (inclusive) day numbers of each event's period, shape (n, 2)."""
    d = day.astype("datetime64[D]")
    start, end = day.copy(), day.copy()
    week = gran == "week"
    start[week] = day[week] - (day[week] + 3) % 7  # Monday (1970-01-01 was a Thursday)
    end[week] = start[week] + 6
    for g, unit, step in (("month", "M", 1), ("quarter", "M", 3), ("year", "Y", 1)):
        m = gran == g
        if unit == "M":
            mon = d[m].astype("datetime64[M]").astype(np.int64)
            mon -= mon % step
            s = mon.astype("datetime64[M]")
            e = (mon + step).astype("datetime64[M]")
        else:
            s = d[m].astype("datetime64[Y]")
            e = s + 1
        start[m] = s.astype("datetime64[D]").astype(np.int64)
        end[m] = e.astype("datetime64[D]").astype(np.int64) - 1
    r = gran == "range"
    end[r] = day[r] + rng.integers(1, 45, size=int(r.sum()))
    return np.stack([start, end], axis=1)


@functools.lru_cache(maxsize=200_000)
def _timex(gran: str, s0: int, e0: int) -> tuple[str, str]:
    """(TIMEX3 value, the expression as a reporter would write it) for day numbers s0..e0."""
    s, e = date.fromordinal(s0 + EPOCH), date.fromordinal(e0 + EPOCH)
    if gran == "day":
        return s.isoformat(), f"on {MONTHS[s.month - 1]} {s.day}"
    if gran == "week":
        y, w, _ = s.isocalendar()
        return f"{y}-W{w:02d}", f"the week of {MONTHS[s.month - 1]} {s.day}"
    if gran == "month":
        return f"{s.year}-{s.month:02d}", f"in {MONTHS[s.month - 1]} {s.year}"
    if gran == "quarter":
        q = (s.month - 1) // 3 + 1
        return f"{s.year}-Q{q}", f"in the {('first', 'second', 'third', 'fourth')[q - 1]} quarter"
    if gran == "year":
        return str(s.year), f"in {s.year}"
    return f"{s.isoformat()}/{e.isoformat()}", f"from {s.day} {MONTHS[s.month - 1][:3]} to {e.day}"


def synthetic_frame(n: int, *, years: int = 30, seed: int = 0) -> pd.DataFrame:
    """`n` synthetic events over `years` years ending 2024-12-31, sorted like `events_to_frame`."""
    import pandas as pd

    from nkviewer.events.record import ALL_FIELDS

    rng = np.random.default_rng(seed)
    hi = date(2025, 1, 1).toordinal() - EPOCH
    lo = date(2025 - years, 1, 1).toordinal() - EPOCH
    day = _days(rng, n, lo, hi)
    names, weights = zip(*GRANULARITIES, strict=True)
    gran = rng.choice(np.array(names, dtype=object), size=n, p=np.array(weights))
    period = _periods(rng, day, gran)
    order = np.lexsort((period[:, 1], period[:, 0]))
    period, gran = period[order], gran[order]
    lane_i = rng.choice(len(LANES), size=n, p=np.array(LANE_WEIGHTS))

    # Pools of shared list cells: (lane, first actor, second actor) → actors list.
    actor_pool: list[list[list[str]]] = [
        [[a, b] for a in ACTORS[lane] for b in ACTORS[LANES[(li + 1) % 5]]]
        for li, lane in enumerate(LANES)
    ]
    pick = rng.integers(0, 1 << 30, size=n)
    n_src = np.where(rng.random(n) < 0.1, rng.geometric(0.45, size=n) + 1, 1)
    src_pool = {
        k: [{"doc_id": f"syn-doc-{j}", "sentence_start": 0, "sentence_end": 80} for j in range(k)]
        for k in np.unique(n_src).tolist()
    }
    korean = rng.random(n) < 0.05
    template = rng.integers(0, len(TEMPLATES), size=n)
    place = rng.integers(0, len(PLACES), size=n)
    outlet = rng.integers(0, len(OUTLETS), size=n)
    expected = rng.random(n) < 0.12
    uncertain = rng.random(n) < 0.05

    start_iso = np.datetime_as_string(period[:, 0].astype("datetime64[D]"))
    end_iso = np.datetime_as_string(period[:, 1].astype("datetime64[D]"))
    cols: dict[str, list[Any]] = {
        k: [] for k in ("title", "actors", "sources", "timex_value", "time_text", "lane")
    }
    empty: list[Any] = []
    gran_l, per_l = gran.tolist(), period.tolist()
    for i in range(n):
        li = int(lane_i[i])
        acts = actor_pool[li][int(pick[i]) % len(actor_pool[li])]
        if korean[i]:
            title = KOREAN_TITLES[int(pick[i]) % len(KOREAN_TITLES)]
        else:
            title = TEMPLATES[int(template[i])].format(
                a=acts[0], b=acts[1], p=PLACES[int(place[i])]
            )
        value, text = _timex(gran_l[i], per_l[i][0], per_l[i][1])
        cols["title"].append(title)
        cols["actors"].append(acts)
        cols["sources"].append(src_pool[int(n_src[i])])
        cols["timex_value"].append(value)
        cols["time_text"].append(text)
        cols["lane"].append(LANES[li])
    doc_no = rng.integers(0, max(1, n // 4), size=n)
    data: dict[str, Any] = {
        "event_id": [f"syn{i:07d}" for i in range(n)],
        "title": cols["title"],
        "start": start_iso,
        "end": end_iso,
        "granularity": gran,
        "timex_value": cols["timex_value"],
        "time_text": cols["time_text"],
        "time_start": np.zeros(n, dtype=np.int64),
        "time_end": np.full(n, 10, dtype=np.int64),
        "sentence": cols["title"],
        "sentence_start": np.zeros(n, dtype=np.int64),
        "sentence_end": np.full(n, 80, dtype=np.int64),
        "doc_id": [f"syn-doc-{d}" for d in doc_no.tolist()],
        "doc_path": "",
        "doc_title": "",
        "doc_source": np.array(OUTLETS, dtype=object)[outlet],
        "doc_url": "",
        "doc_published": end_iso,
        "doc_published_source": "manifest",
        "actors": cols["actors"],
        "places": [empty] * n,
        "reported_by": [empty] * n,
        "lane": cols["lane"],
        "entities": [empty] * n,
        "modality": np.where(expected, "expected", "happened"),
        "sources": cols["sources"],
        "uncertain": uncertain,
        "conflicts": [empty] * n,
    }
    frame = pd.DataFrame({k: data[k] for k in ALL_FIELDS})
    frame["t0"] = period[:, 0].astype(np.float64)
    frame["t1"] = period[:, 1].astype(np.float64) + 1.0
    return frame


if __name__ == "__main__":  # pragma: no cover
    import sys
    import time

    size = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    t = time.perf_counter()
    df = synthetic_frame(size)
    print(f"{size} events in {time.perf_counter() - t:.2f} s")
    print(df[["start", "end", "granularity", "lane", "title", "modality"]].head(12))
