"""Texts of any length through spaCy: long ones in pieces, joined back with every offset kept.

spaCy refuses a text over `nlp.max_length` (1,000,000 characters by default) and its parser
needs memory in proportion to a text's length, while nkviewer reads articles of up to 20 MB. A
text longer than `PIECE_CHARS` is cut at paragraph breaks (else line breaks, else sentence
ends, else spaces) into pieces that are parsed as a batch and joined with `Doc.from_docs`
without inserted whitespace, so the joined Doc's text is the text and every character offset
is the one of the whole text. Line breaks start sentences in nkviewer's pipeline anyway, so a
cut at a paragraph break changes no sentence, entity or dependency.

Between batches and between pieces `should_stop()` is polled: a stop raises `Cancelled`, so a
window closing while a long article parses waits for one piece, not the whole article.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, TypeVar

from nkviewer.errors import Cancelled
from nkviewer.nlp.headline import HEADLINE_ENDS

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

T = TypeVar("T")

#: A text longer than this is parsed in pieces of at most this many characters.
PIECE_CHARS = 100_000
#: Places to cut, best first: a paragraph break, a line break, a sentence end, a space.
_CUTS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"[.!?。]\s"), re.compile(r"\s"))


def piece_bounds(text: str, size: int | None = None) -> list[tuple[int, int]]:
    """[start, end) of consecutive pieces covering `text`, each at most `size` characters
    (default `PIECE_CHARS`), cut after the last good break in the second half of a window."""
    size = size or PIECE_CHARS
    bounds: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > size:
        window_end = start + size
        cut = window_end
        for pattern in _CUTS:
            ends = [m.end() for m in pattern.finditer(text, start + size // 2, window_end)]
            if ends:
                cut = ends[-1]
                break
        bounds.append((start, cut))
        start = cut
    bounds.append((start, len(text)))
    return bounds


def _never() -> bool:
    return False


def parse_texts(
    nlp: Language,
    items: Iterable[tuple[str, T]],
    *,
    batch_size: int = 32,
    should_stop: Callable[[], bool] | None = None,
    headline_ends: Callable[[T], frozenset[int]] | None = None,
) -> Iterator[tuple[Doc, T]]:
    """`nlp.pipe(items, as_tuples=True)` for texts of any length, in order (see the module
    docstring). Raises `Cancelled` when `should_stop()` turns true. `headline_ends(context)`:
    offsets of the line breaks that end a headline in the text as written, handed to the
    line-break component (`nkviewer.nlp.headline.HEADLINE_ENDS`)."""
    stop = should_stop or _never
    size = min(PIECE_CHARS, nlp.max_length)
    batch: list[tuple[str, T]] = []
    ends_of = headline_ends or _no_ends

    def flush() -> Iterator[tuple[Doc, T]]:
        if stop():
            raise Cancelled
        docs = [(_marked(nlp, text, 0, ends_of(context)), context) for text, context in batch]
        yield from nlp.pipe(docs, as_tuples=True, batch_size=batch_size)
        batch.clear()

    for text, context in items:
        if len(text) <= size:
            batch.append((text, context))
            if len(batch) >= batch_size:
                yield from flush()
            continue
        if batch:
            yield from flush()
        yield _parse_long(nlp, text, size, stop, ends_of(context)), context
    if batch:
        yield from flush()


def _no_ends(context: object) -> frozenset[int]:
    return frozenset()


def _marked(nlp: Language, text: str, start: int, ends: frozenset[int]) -> Doc:
    """`text` (from `start` of the whole text) made a Doc that carries its headline ends."""
    doc = nlp.make_doc(text)
    doc.user_data[HEADLINE_ENDS] = frozenset(o - start for o in ends if 0 <= o - start < len(text))
    return doc


def _parse_long(
    nlp: Language, text: str, size: int, stop: Callable[[], bool], ends: frozenset[int]
) -> Doc:
    # spaCy: only once a pipeline exists
    from spacy.tokens import Doc

    docs = []
    for start, end in piece_bounds(text, size):
        if stop():
            raise Cancelled
        docs.append(nlp(_marked(nlp, text[start:end], start, ends)))
    # `exclude` is missing from spaCy's type stub (spaCy >= 3.3 has it).
    joined = Doc.from_docs(  # type: ignore[call-arg]
        docs, ensure_whitespace=False, exclude=["tensor", "user_data"]
    )
    assert joined is not None
    return joined
