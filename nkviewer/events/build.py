"""ParsedDocument + publication date → event records (no spaCy, no network).

Each candidate (a sentence and one DATE/TIME expression in it) becomes an event once its
expression resolves to calendar days against the anchor: the given `published` date (a user's
correction), else the document's own, else one inferred from its content. Durations, sets,
PRESENT_REF/PAST_REF ("now", "recently") and stamps never reach this point or are dropped here.
Because only resolution happens here, a corrected publication date re-dates a document at once.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date

from nkviewer.events.record import Event, Modality
from nkviewer.ingest.document import PublishedDate
from nkviewer.nlp.anchor import document_anchor
from nkviewer.nlp.parsed import Candidate, ParsedDocument
from nkviewer.nlp.timex import resolve

#: Resolved values that place nothing on the calendar even when the resolver gives days.
_REF_SUFFIX = "_REF"
_ENTITY_KEYS = ("text", "label", "canonical", "start", "end")
#: `Document.meta` key set when the parse found no publication date to infer.
NO_ANCHOR = "no_inferred_anchor"


def event_id(doc_id: str, sentence: tuple[int, int], time: tuple[int, int]) -> str:
    """Stable id: the same document, sentence and expression give the same id on every run."""
    key = f"{doc_id}\0{sentence[0]}:{sentence[1]}\0{time[0]}:{time[1]}"
    return hashlib.sha1(key.encode("utf-8"), usedforsecurity=False).hexdigest()[:16]


def anchor_of(parsed: ParsedDocument, published: PublishedDate | None = None) -> PublishedDate:
    """The date relative expressions are resolved against (see the module docstring)."""
    if published is not None and published.is_known:
        return published
    doc = parsed.document
    if doc.published.is_known and not doc.published.choices:
        return doc.published
    if doc.meta.get(NO_ANCHOR):
        return doc.published  # the parse found nothing to date it by; it would find it again

    return document_anchor(doc, parsed.timexes, entities=parsed.entities)


def modality(candidate: Candidate, first: date, last: date, anchor: PublishedDate) -> Modality:
    """`expected` for what lies after publication, or is planned/possible around it, and
    for a plan that was not carried out, whatever its day ("was going to sign the deal on
    Monday, but ..."): what was meant to happen then never did."""
    if candidate.unrealised:
        return "expected"
    if anchor.is_known and anchor.value is not None:
        pub_first = anchor.earliest or anchor.value
        pub_last = anchor.latest or anchor.value
        if first > pub_last or (first >= pub_first and last > pub_last):
            return "expected"
        if last < pub_first:
            return "happened"
    if candidate.expected_cue or candidate.tense == "future":
        return "expected"
    return "happened"


def build_events(parsed: ParsedDocument, *, published: PublishedDate | None = None) -> list[Event]:
    """The events of one document, in text order."""
    doc = parsed.document
    anchor = anchor_of(parsed, published)
    events: list[Event] = []
    for cand in parsed.candidates:
        mention = parsed.timexes[cand.timex]
        resolved = resolve(mention, anchor)
        if not resolved.is_calendar or resolved.value.endswith(_REF_SUFFIX):
            continue
        assert resolved.first is not None and resolved.last is not None
        sent = parsed.sentences[cand.sentence]
        if cand.dateline and doc.dateline is not None:
            # the lead dated by its dateline: the event's sentence starts with the dateline
            sent = replace(sent, start=min(sent.start, doc.dateline.span.start))
        sentence = doc.text[sent.start : sent.end]
        entities = [parsed.entities[i].to_json() for i in cand.entities]
        events.append(
            Event(
                event_id=event_id(doc.doc_id, (sent.start, sent.end), (mention.start, mention.end)),
                title=cand.title or _fallback_title(sentence),
                start=resolved.first.isoformat(),
                end=resolved.last.isoformat(),
                granularity=resolved.granularity or "day",
                timex_value=resolved.value,
                time_text=doc.text[mention.start : mention.end],
                time_start=mention.start,
                time_end=mention.end,
                sentence=sentence,
                sentence_start=sent.start,
                sentence_end=sent.end,
                doc_id=doc.doc_id,
                doc_path=doc.path,
                doc_title=doc.title,
                doc_source=doc.source,
                doc_url=doc.url,
                doc_published=anchor.iso(),
                doc_published_source=anchor.source if anchor.is_known else "unknown",
                actors=list(cand.actors),
                places=list(cand.places),
                reported_by=list(cand.reported_by),
                lane=cand.lane or "Other",
                entities=[{k: e[k] for k in _ENTITY_KEYS} for e in entities],
                modality=modality(cand, resolved.first, resolved.last, anchor),
                sources=[
                    {"doc_id": doc.doc_id, "sentence_start": sent.start, "sentence_end": sent.end}
                ],
                uncertain=resolved.uncertain,
            )
        )
    return events


def _fallback_title(sentence: str, limit: int = 60) -> str:
    text = " ".join(sentence.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    return text[: cut if cut > 20 else limit - 1] + "…"
