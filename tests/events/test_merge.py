"""merge_events: reports of one happening become one event; other dates are flagged, not merged."""

from __future__ import annotations

import random
from datetime import date, timedelta

from nkviewer.events.merge import in_quotation, merge_events
from nkviewer.events.record import Event

PEOPLE = {"Kim Jong-un", "Xi Jinping", "Vladimir Putin", "Im Chon-il", "Igor Morgulov"}


def ev(
    doc: str,
    title: str,
    start: str,
    end: str | None = None,
    actors: tuple[str, ...] = ("Kim Jong-un", "Xi Jinping"),
    granularity: str = "day",
    modality: str = "happened",
    n: int = 0,
) -> Event:
    ents = [
        {
            "text": a,
            "label": "PERSON" if a in PEOPLE else "GPE",
            "canonical": a,
            "start": 0,
            "end": 1,
        }
        for a in actors
    ]
    return Event(
        event_id=f"{doc}-{start}-{n}",
        title=title,
        start=start,
        end=end or start,
        granularity=granularity,
        timex_value=start,
        time_text="x",
        time_start=n,
        time_end=n + 1,
        sentence=title,
        sentence_start=n,
        sentence_end=n + 40,
        doc_id=doc,
        doc_path=f"/c/{doc}.txt",
        actors=list(actors),
        lane="North Korea",
        entities=ents,
        modality=modality,  # type: ignore[arg-type]
        sources=[{"doc_id": doc, "sentence_start": n, "sentence_end": n + 40}],
    )


def test_two_reports_of_one_summit_become_one_event() -> None:
    a = ev("d1", "Xi Jinping's summit in Beijing", "2019-01-01", "2019-01-31", granularity="month")
    b = ev(
        "d2",
        "Kim Jong-un and Xi Jinping had four summits",
        "2019-01-01",
        "2019-01-31",
        granularity="month",
    )
    merged = merge_events([a, b])
    assert len(merged) == 1
    m = merged[0]
    assert {s["doc_id"] for s in m.sources} == {"d1", "d2"}
    assert m.event_id in (a.event_id, b.event_id)
    assert m.conflicts == []


def test_met_talks_and_summit_count_as_the_same_wording() -> None:
    a = ev(
        "d1", "Im Chon-il met Igor Morgulov", "2019-03-14", actors=("Im Chon-il", "Igor Morgulov")
    )
    b = ev(
        "d2",
        "Talks between Im Chon-il and Igor Morgulov",
        "2019-03-14",
        actors=("Im Chon-il", "Igor Morgulov"),
    )
    assert len(merge_events([a, b])) == 1


def test_not_merged_within_one_document_or_with_other_wording_or_people() -> None:
    same_doc = [ev("d1", "Kim Jong-un met Xi Jinping", "2019-01-08", n=k) for k in (0, 50)]
    assert len(merge_events(same_doc)) == 2
    wording = [
        ev("d1", "Kim Jong-un met Xi Jinping", "2019-01-08"),
        ev("d2", "Kim Jong-un fired missiles", "2019-01-08"),
    ]
    assert len(merge_events(wording)) == 2
    people = [
        ev("d1", "Kim Jong-un met Xi Jinping", "2019-01-08"),
        ev("d2", "Vladimir Putin met Xi Jinping", "2019-01-08", actors=("Vladimir Putin", "China")),
    ]
    assert len(merge_events(people)) == 2


def test_a_day_inside_a_month_joins_it_unless_two_days_compete() -> None:
    month = ev("d1", "Kim Jong-un visited Russia", "2019-04-01", "2019-04-30", granularity="month")
    day = ev("d2", "Kim Jong-un arrived in Russia", "2019-04-24")
    merged = merge_events([month, day])
    assert len(merged) == 1
    assert merged[0].start == "2019-04-24"  # the more precise report leads
    assert {s["doc_id"] for s in merged[0].sources} == {"d1", "d2"}
    other_day = ev("d3", "Kim Jong-un visited Russia", "2019-04-02")
    assert len(merge_events([month, day, other_day])) == 3


def test_the_same_happening_on_other_days_is_flagged() -> None:
    a = ev(
        "d1", "Im Chon-il met Igor Morgulov", "2019-03-14", actors=("Im Chon-il", "Igor Morgulov")
    )
    b = ev(
        "d2", "Im Chon-il met Igor Morgulov", "2019-03-15", actors=("Im Chon-il", "Igor Morgulov")
    )
    far = ev(
        "d3", "Im Chon-il met Igor Morgulov", "2019-09-01", actors=("Im Chon-il", "Igor Morgulov")
    )
    merged = {e.doc_id: e for e in merge_events([a, b, far])}
    assert len(merged) == 3
    assert merged["d1"].conflicts == [b.event_id]
    assert merged["d2"].conflicts == [a.event_id]
    assert merged["d3"].conflicts == []


def test_merged_fields_combine_the_reports() -> None:
    a = ev("d1", "Kim Jong-un met Xi Jinping", "2019-01-08", modality="expected")
    b = ev(
        "d2",
        "Kim Jong-un met Xi Jinping",
        "2019-01-08",
        actors=("Kim Jong-un", "Xi Jinping", "China"),
    )
    b.uncertain = True
    (m,) = merge_events([a, b])
    assert m.actors[:2] == ["Kim Jong-un", "Xi Jinping"] and "China" in m.actors
    assert m.modality == "happened"  # one report saw it happen
    assert m.uncertain is False  # one report dates it firmly


def test_order_of_input_does_not_matter() -> None:
    events = [
        ev(f"d{k % 7}", "Kim Jong-un met Xi Jinping", f"2019-01-{1 + k % 5:02d}", n=k)
        for k in range(40)
    ]
    first = [e.to_json() for e in merge_events(events)]
    shuffled = events[:]
    random.Random(3).shuffle(shuffled)
    assert [e.to_json() for e in merge_events(shuffled)] == first


def test_many_events_merge_by_bucket() -> None:
    """10^4 reports of 2,000 happenings across 5 documents each collapse to 2,000 events."""
    day0 = date(2015, 1, 1)
    verbs = ["met", "visited", "signed a deal with", "called", "warned"]
    people = sorted(PEOPLE)
    events = []
    for h in range(2000):
        day = (day0 + timedelta(days=h // 2)).isoformat()
        a, b = people[h % 5], people[(h + 1 + h // 5 % 4) % 5]
        title = f"{a} {verbs[h % 2 + (h // 10) % 3]} {b}"
        for d in range(5):
            events.append(ev(f"doc{d}", title, day, actors=(a, b), n=h))
    merged = merge_events(events)
    assert len(merged) == 2000
    assert all(len(m.sources) == 5 for m in merged)


def test_a_back_reference_in_the_same_document_joins_the_report() -> None:
    """Seed 001: "Im Chon-il met with Igor Morgulov ... Thursday" and, later, "The talks between
    the vice foreign ministers took place Thursday" are one happening."""
    met = ev(
        "d1", "Im Chon-il met Igor Morgulov", "2019-03-14", actors=("Im Chon-il", "Igor Morgulov")
    )
    talks = ev("d1", "Talks took place", "2019-03-14", actors=(), n=300)
    talks.lane = "Other"
    for events in ([met, talks], [talks, met]):
        (m,) = merge_events(events)
        assert m.event_id == met.event_id and m.title == "Im Chon-il met Igor Morgulov"
        assert m.lane == "North Korea" and m.actors == ["Im Chon-il", "Igor Morgulov"]
        assert [s["sentence_start"] for s in m.sources] == [0, 300]
    # a report naming one of the two people is a back-reference too
    im_talks = ev("d1", "Im Chon-il held talks", "2019-03-14", actors=("Im Chon-il",), n=300)
    assert len(merge_events([met, im_talks])) == 1


def test_a_date_inside_a_quotation_is_no_back_reference() -> None:
    """'"I meet Igor Morgulov tomorrow," Im Chon-il wrote' reports what was said: it stays
    apart from the report of the meeting, with its own sentence (also when the parser cut the
    quotation into sentences and this one starts inside it)."""
    met = ev(
        "d1",
        "Im Chon-il will meet Igor Morgulov",
        "2019-03-14",
        actors=("Im Chon-il", "Igor Morgulov"),
    )
    met.modality = "expected"
    for sentence in (
        "\u201cI meet Igor tomorrow,\u201d Im Chon-il wrote.",
        "I meet Igor tomorrow,\u201d Im Chon-il wrote.",
        '"We meet Igor tomorrow," Im Chon-il wrote.',
        'We meet Igor tomorrow," Im Chon-il wrote.',
    ):
        quoted = ev(
            "d1", "Im Chon-il wrote I meet Igor", "2019-03-14", actors=("Im Chon-il",), n=300
        )
        quoted.modality = "expected"
        quoted.sentence, quoted.time_start = sentence, 300 + sentence.index("tomorrow")
        assert in_quotation(quoted), sentence
        assert len(merge_events([met, quoted])) == 2, sentence
    # outside the quotation marks, the same report is a back-reference as before
    plain = ev("d1", "Im Chon-il wrote I meet Igor", "2019-03-14", actors=("Im Chon-il",), n=300)
    plain.modality = "expected"
    plain.sentence = (
        "Im Chon-il wrote on the day that \u201cthe talks\u201d would go ahead tomorrow."
    )
    plain.time_start = 300 + plain.sentence.index("tomorrow")
    assert not in_quotation(plain)
    assert len(merge_events([met, plain])) == 1


def test_different_happenings_of_one_day_in_one_document_stay_apart() -> None:
    """Seed 001's Saturday: a meeting, an arrival and a statement; and look-alikes that differ
    in day, modality, people or the meeting they could refer to."""
    day = "2019-03-16"
    saturday = [
        ev("d1", "Im Chon-il met Sergey Vershinin", day, actors=("Im Chon-il", "Sergey Vershinin")),
        ev("d1", "Delegation of Federal Assembly arrived in Pyongyang", day, actors=(), n=100),
        ev("d1", "Sergey Kislyak told TASS", day, actors=("Sergey Kislyak",), n=200),
        ev("d1", "A military parade was held", day, actors=(), n=300),
        ev("d1", "North Korea reported the talks", day, actors=(), n=400),
    ]
    assert len(merge_events(saturday)) == len(saturday)

    met = ev(
        "d1", "Im Chon-il met Igor Morgulov", "2019-03-14", actors=("Im Chon-il", "Igor Morgulov")
    )
    other_day = ev("d1", "Talks took place", "2019-03-15", actors=(), n=300)
    expected = ev("d1", "Talks will take place", "2019-03-14", actors=(), n=300)
    expected.modality = "expected"
    other_people = ev("d1", "Kim Jong-un met", "2019-03-14", actors=("Kim Jong-un",), n=300)
    for poor in (other_day, expected, other_people):
        assert len(merge_events([met, poor])) == 2
    # two meetings that day: "the talks" could be either, so it joins neither
    second = ev(
        "d1", "Im Chon-il met Sergey Vershinin", "2019-03-14", actors=("Im Chon-il", "Vershinin")
    )
    talks = ev("d1", "Talks took place", "2019-03-14", actors=(), n=300)
    assert len(merge_events([met, second, talks])) == 3
    # and a back-reference in another document is the cross-document rule's business
    assert len(merge_events([met, ev("d2", "Talks took place", "2019-03-14", actors=())])) == 2
