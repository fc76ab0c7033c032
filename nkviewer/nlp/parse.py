"""Documents → ParsedDocuments: spaCy once per text, then entities, dates and event candidates.

Junk (scraped boilerplate) and printed stamps are blanked out of a copy of the text before
parsing — same length, so every offset stays exact — which is how they get no entities, no
dates and no events while the user still sees them. In the same copy a headline in title case
has its common words in lower case (`nkviewer.nlp.headline`), so that it parses as a sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from nkviewer.ingest.document import Document, PublishedDate, Span, make_doc_id
from nkviewer.nlp.clauses import candidates
from nkviewer.nlp.entities import resolve_entities
from nkviewer.nlp.gazetteer import Gazetteer, bundled_paths, load_gazetteer
from nkviewer.nlp.headline import headline_ends, sentence_cased
from nkviewer.nlp.parsed import ParsedDocument, SentenceSpan
from nkviewer.nlp.pieces import parse_texts
from nkviewer.nlp.timex import as_anchor, find_timexes, resolve
from nkviewer.nlp.timex.types import TimexMention

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

RULER = "nkviewer_gazetteer"
LINES = "nkviewer_lines"
ROLES = "nkviewer_roles"


def configure_pipeline(
    nlp: Language, *, gazetteer: Sequence[str] | None = None, user: Sequence[str] = ()
) -> Language:
    """Add nkviewer's components to `nlp` for the gazetteer files `gazetteer` (default: the
    bundled ones) and the user's CSV files `user`. Calling again with the same files changes
    nothing; with other files the components are rebuilt.

    The gazetteer's EntityRuler goes before the statistical NER so that its matches win where
    they overlap; sentence starts at line breaks go before the parser.
    """
    # spaCy: registering the factories imports it, on first use
    import nkviewer.nlp.components  # noqa: F401  (registers the component factories)

    files = [str(p) for p in gazetteer] if gazetteer is not None else []
    files = files or [str(p) for p in bundled_paths()]
    config = {"gazetteer_paths": files, "user_paths": [str(u) for u in user]}
    if ROLES in nlp.pipe_names:
        current = nlp.get_pipe_config(ROLES)
        if all(current.get(k) == v for k, v in config.items()):
            return nlp
        nlp.remove_pipe(RULER)
        nlp.remove_pipe(ROLES)
    else:
        # spaCy splits "Im" like "I'm"; in news it is the surname of Im Chon-il and others.
        tokenizer: Any = nlp.tokenizer
        tokenizer.rules = {k: v for k, v in (tokenizer.rules or {}).items() if k != "Im"}
        if "parser" in nlp.pipe_names:
            nlp.add_pipe(LINES, before="parser")
        elif "senter" not in nlp.pipe_names and "sentencizer" not in nlp.pipe_names:
            nlp.add_pipe("sentencizer", first=True)
            nlp.add_pipe(LINES, after="sentencizer")
    gaz = load_gazetteer(files, user=config["user_paths"])
    names = nlp.pipe_names
    ruler_config = {"phrase_matcher_attr": "ORTH", "overwrite_ents": False, "validate": False}
    ruler: Any = (
        nlp.add_pipe("entity_ruler", name=RULER, config=ruler_config, before="ner")
        if "ner" in names
        else nlp.add_pipe("entity_ruler", name=RULER, config=ruler_config, last=True)
    )
    # The ruler runs every component before it over its phrases; matching on ORTH needs only
    # the tokenizer, so the others sit out (same patterns, a third of a second less per start).
    with nlp.select_pipes(disable=nlp.pipe_names):
        ruler.add_patterns(gaz.ruler_patterns())
    nlp.add_pipe(ROLES, last=True, config=config)
    return nlp


def pipeline_gazetteer(nlp: Language) -> Gazetteer:
    """The gazetteer `configure_pipeline` gave `nlp` (the bundled one if it was not configured)."""
    if ROLES in nlp.pipe_names:
        config = nlp.get_pipe_config(ROLES)
        return load_gazetteer(config.get("gazetteer_paths") or None, user=config["user_paths"])
    return load_gazetteer()


def _without_junk(document: Document) -> str:
    """The text with junk and stamp characters replaced by spaces (line breaks kept); the copy
    that is parsed has its title-case headlines in sentence case too (`_prepared`)."""
    spans = [*document.junk, *document.stamps]
    if not spans:
        return document.text
    chars = list(document.text)
    for span in spans:
        for i in range(max(0, span.start), min(len(chars), span.end)):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


#: What `_prepared` hands through the parse: the document, the copy parsed, the headline
#: ends, and the text as written with its junk blanked (what the date rules read).
_Context = tuple[Document, str, frozenset[int], str]


def _prepared(document: Document) -> tuple[str, _Context]:
    """The copy to parse, with the document, that copy, the headline ends found in the text as
    written (before sentence case hides which lines were in title case) and that text."""
    shown = _without_junk(document)
    ends = headline_ends(shown)
    blank = sentence_cased(shown, ends)
    return blank, (document, blank, ends, shown)


def _headline_ends(context: _Context) -> frozenset[int]:
    return context[2]


def model_label(nlp: Language) -> str:
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}-{meta.get('version', '?')}"


def parse_documents(
    docs: Iterable[Document],
    nlp: Language,
    *,
    batch_size: int = 32,
    should_stop: Callable[[], bool] | None = None,
) -> Iterator[ParsedDocument]:
    """Parse documents in batches with `nlp.pipe`; yields one ParsedDocument per Document.

    Texts of any length (long ones in pieces, `nkviewer.nlp.pieces`); raises `Cancelled`
    between batches or pieces once `should_stop()` is true."""
    if ROLES not in nlp.pipe_names:
        configure_pipeline(nlp)
    gaz = pipeline_gazetteer(nlp)
    label = model_label(nlp)
    pairs = (_prepared(d) for d in docs)
    parsed = parse_texts(
        nlp, pairs, batch_size=batch_size, should_stop=should_stop, headline_ends=_headline_ends
    )
    for sdoc, (document, blank, _, shown) in parsed:
        yield analyse(sdoc, document, gaz, model=label, blank=blank, shown=shown)


def warm_up(nlp: Language) -> list[ParsedDocument]:
    """Do now what the first document would otherwise pay for: configure the pipeline, import
    the analysis modules, build the date rules' scanner, run every component once."""
    text = "Warm-up\n\nOn Monday, March 4, Kim Jong-un met Xi Jinping in Beijing."
    doc = Document(
        doc_id=make_doc_id("warm-up", text),
        path="warm-up",
        title="Warm-up",
        text=text,
        published=PublishedDate.unknown(),
    )
    return list(parse_documents([doc], nlp))


def parse_document(document: Document, nlp: Language) -> ParsedDocument:
    return next(parse_documents([document], nlp))


_CAPTION_LINE = re.compile(
    r"^\s*[▲△►■]|\bfile\s+photo\b|\bphoto\s+(?:taken|shows)\b|\bpictured\b"
    r"|\b(?:is|are)\s+seen\b",
    re.IGNORECASE,
)


def sentence_days(
    sentences: Sequence[tuple[SentenceSpan, int, int]], timexes: Sequence[TimexMention]
) -> dict[int, date]:
    """The day each sentence speaks of when it writes a date with its year ("In 2010, Kim
    visited China"): who could act then decides who a bare name is (by sentence index)."""
    starts = [s.start for s, _, _ in sentences]
    out: dict[int, date] = {}
    for t in timexes:
        r = t.recipe
        if r.get("kind") != "date" or r.get("year") is None or t.type != "DATE":
            continue
        k = bisect_right(starts, t.start) - 1
        if k < 0 or k in out:
            continue
        first = resolve(t, as_anchor(None)).first
        if first is not None:
            out[k] = first
    return out


def caption_lines(document: Document) -> list[tuple[int, int]]:
    """Character ranges of the lines that are photo captions: a credit in the line, or the
    words captions use ("file photo", "is seen", a leading ▲)."""
    text = document.text
    credits = [j for j in document.junk if j.kind == "credit"]
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if line.strip() and (
            _CAPTION_LINE.search(line) or any(pos <= c.start < end for c in credits)
        ):
            out.append((pos, end))
        pos = end + 1
    return out


def sentence_spans(
    doc: Doc, text: str, skip: Sequence[Span], blank: str | None = None
) -> list[tuple[SentenceSpan, int, int]]:
    """Sentences trimmed of whitespace and of junk at their ends, with their token range.

    Sentences wholly inside junk or stamps are dropped; one that is mostly junk inside is kept
    with `junk=True` (no events come from it).
    """
    out: list[tuple[SentenceSpan, int, int]] = []
    blank = doc.text if blank is None else blank  # Doc.text joins every token: pass it if known
    starts = sentence_starts(doc)
    for k, lo in enumerate(starts):
        hi = starts[k + 1] if k + 1 < len(starts) else len(doc)
        last = doc[hi - 1]
        start, end = doc[lo].idx, last.idx + len(last.text)
        chunk = blank[start:end]  # trimmed where the parsed copy is blank (junk at the ends)
        stripped = chunk.strip()
        if not stripped:
            continue
        lead = len(chunk) - len(chunk.lstrip())
        start, end = start + lead, start + lead + len(stripped)
        junk = False
        if skip:
            visible = len("".join(text[start:end].split()))
            kept = len("".join(stripped.split()))
            junk = kept * 2 < visible
        out.append((SentenceSpan(start, end, junk=junk), lo, hi))
    return out


def sentence_starts(doc: Doc) -> list[int]:
    """Token index of each sentence start (vectorised; `doc.sents` builds a Span per sentence)."""
    # spaCy: only once a Doc exists
    from spacy.attrs import SENT_START

    if len(doc) == 0:
        return []
    flags = doc.to_array([SENT_START])
    starts = (flags == 1).nonzero()[0].tolist()
    return starts if starts and starts[0] == 0 else [0, *starts]


def analyse(
    sdoc: Doc,
    document: Document,
    gaz: Gazetteer,
    *,
    model: str = "",
    blank: str | None = None,
    shown: str | None = None,
) -> ParsedDocument:
    """One parsed Doc of the blanked text (`blank`, parsed in sentence case from `shown`, the
    text as written with its junk blanked) → ParsedDocument with entities, candidates."""
    text = document.text
    if shown is None:
        shown = _without_junk(document)
    if blank is None:
        blank = sentence_cased(shown)
    skip = [*document.junk, *document.stamps]
    sentences = sentence_spans(sdoc, text, skip, blank)
    # the rules read the text as written (a title-case headline's "Two Days" is a length
    # there, a name in the sentence-cased copy), the parse of the copy tells the tense
    timexes = find_timexes(shown, doc=sdoc, skip=skip)
    for t in timexes:  # the mention's text as the user sees it (the blanked copy is identical)
        t.text = text[t.start : t.end]
    resolved = resolve_entities(
        sdoc,
        gaz,
        day=document.published.value,
        sentence_starts=[lo for _, lo, _ in sentences],
        sentence_days=sentence_days(sentences, timexes),
        text=text,
    )
    entities = resolved.to_spans(sdoc, text)
    cands = candidates(
        sdoc,
        resolved,
        sentences,
        timexes,
        gaz,
        text=text,
        dateline=document.dateline,
        captions=caption_lines(document),
    )
    return ParsedDocument(
        document=document,
        sentences=[s for s, _, _ in sentences],
        entities=entities,
        timexes=timexes,
        candidates=cands,
        model=model,
    )
