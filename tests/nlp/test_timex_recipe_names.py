"""Recipes stored with the short keys of parse format 2 (event datasets written before the
recipe had field names) read back under the field names, nested recipes included."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from nkviewer.ingest.document import PublishedDate
from nkviewer.nlp.timex import find_timexes, resolve
from nkviewer.nlp.timex.types import SHORT_KEYS, TimexMention

TEXT = (
    "In 2012, he moved to Berlin. In July, he married.\n\n"
    "The talks took place Thursday. State media reported it four days later, at 2 a.m. "
    "Sales rose in the third quarter from a year earlier, between January and July. "
    "The fair runs from Sunday to Wednesday; the season ends next May."
)
LONG = {v: k for k, v in SHORT_KEYS.items()}
NESTED = ("base", "narrative", "start", "end", "topic_default")


def _short(recipe: dict[str, Any]) -> dict[str, Any]:
    """A recipe as parse format 2 wrote it."""
    return {
        LONG.get(k, k): _short(v) if k in NESTED and isinstance(v, dict) else v
        for k, v in recipe.items()
    }


def test_short_key_recipes_read_back_under_their_names() -> None:
    found = find_timexes(TEXT)
    nested = {k for m in found for k in NESTED if isinstance(m.recipe.get(k), dict)}
    assert {"base", "narrative", "start", "end"} <= nested  # the test covers nesting
    anchor = PublishedDate.day(date(2019, 3, 18), "user")
    for m in found:
        stored = json.loads(json.dumps({**m.to_json(), "recipe": _short(dict(m.recipe))}))
        assert "fn" in stored["recipe"]
        again = TimexMention.from_json(stored)
        assert again == m
        assert resolve(again, anchor) == resolve(m, anchor)


def test_a_short_key_range_names_its_ends() -> None:
    old = {"fn": "range", "a": {"fn": "weekday", "dow": 6}, "b": {"fn": "weekday", "dow": 2}}
    old["b"].update(dir=0, base="range_start")
    m = TimexMention.from_json(
        {"start": 0, "end": 18, "text": "Sunday to Wednesday", "type": "DATE", "recipe": old}
    )
    assert m.recipe == {
        "kind": "range",
        "start": {"kind": "weekday", "weekday": 6},
        "end": {"kind": "weekday", "weekday": 2, "direction": 0, "base": "range_start"},
    }
