"""An event dataset written before parse format 3 stores its documents' timex recipes with
short keys ("fn", "dow"...): its documents read back with the recipes' field names."""

from __future__ import annotations

import json
from datetime import date

from nkviewer.corpus.dataset_store import documents_table, parsed_from_row
from nkviewer.ingest.document import Document, PublishedDate
from nkviewer.nlp.parsed import ParsedDocument, SentenceSpan
from nkviewer.nlp.timex.types import TimexMention


def test_a_format_2_document_row_reads_back_with_named_recipes() -> None:
    doc = Document(
        doc_id="abc",
        path="a.txt",
        text="Kim met Putin on Thursday.",
        title="T",
        published=PublishedDate.day(date(2019, 3, 18), "manifest"),
    )
    mention = TimexMention(17, 25, "Thursday", "DATE", {"kind": "weekday", "weekday": 3}, "past")
    parsed = ParsedDocument(document=doc, sentences=[SentenceSpan(0, 26)], timexes=[mention])
    row = documents_table([parsed], "0").to_pylist()[0]
    timexes = json.loads(row["timexes"])
    timexes[0]["recipe"] = {"fn": "weekday", "dow": 3}  # as parse format 2 wrote it
    row["timexes"] = json.dumps(timexes)
    assert parsed_from_row(row).timexes == [mention]
