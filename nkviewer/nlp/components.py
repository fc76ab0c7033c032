"""nkviewer's spaCy pipeline components (imported only once spaCy is needed).

- `nkviewer_lines` (before the parser): a line break ends a sentence. News files put headlines,
  bylines, captions and datelines on lines of their own, without a full stop; such a line is
  one sentence, whatever the parser would make of it.
- `nkviewer_roles` (after NER): finds role descriptions from the gazetteer ("the North Korean
  leader", "Russia's foreign minister") with one PhraseMatcher built once per pipeline, and keeps
  them in `doc.spans["nk_roles"]` (span label = index of the role in the gazetteer).

The gazetteer's names themselves go into a stock `entity_ruler` (see `nkviewer.nlp.parse`).
"""

from __future__ import annotations

import re

from spacy.attrs import IDX, IS_SPACE
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from nkviewer.nlp.gazetteer import load_gazetteer
from nkviewer.nlp.headline import HEADLINE_ENDS, WRAP_MAX, WRAP_MIN, wrap_width
from nkviewer.nlp.headline import headline_ends as headline_ends_of

ROLES_KEY = "nk_roles"


#: Characters that end a sentence (possibly followed by closing quotes and brackets).
_TERMINAL = frozenset('.!?…:;。！？"”’)]»')
#: A sentence ending inside a line: a terminal mark (and closing quotes) before a space.
_INNER_END = re.compile(r"[.!?…:;。！？][\"”’)\]»]*\s")


@Language.component("nkviewer_lines")
def mark_line_starts(doc: Doc) -> Doc:
    """A line break ends a sentence (headlines, bylines, captions and datelines sit on lines
    of their own, without a full stop) — except inside a hard-wrapped paragraph: a line that
    does not end a sentence and runs on in lower case ("…the course for / a historic
    transformation…"), or, in a text wrapped at a fixed width, any line of that width that
    does not end a sentence.

    A line that ends no sentence and holds no sentence end either — a headline, a dateline, a
    byline — is one sentence: the parser would otherwise cut "Minister Says Port Talks Resume
    Monday" before its weekday, leaving the date a sentence of its own, dating nothing."""
    if len(doc) < 2:
        return doc
    text = doc.text
    wrapped = wrap_width(text) > 0
    # a title-case headline right above the lead, no blank line between (`nlp.headline`),
    # found in the text as written when the parse is given its copy in sentence case
    ends_given = doc.user_data.get(HEADLINE_ENDS)
    headline_ends = headline_ends_of(text) if ends_given is None else ends_given
    _keep_headline_lines(doc, text)
    spaces = doc.to_array([IS_SPACE])[:-1].nonzero()[0]
    for i in spaces.tolist():
        ws = doc[i].text
        if "\n" not in ws:
            continue
        nxt = doc[i + 1]
        prev = doc[i - 1] if i > 0 else None
        if "\n\n" in ws.replace(" ", "") or prev is None or prev.is_space:
            nxt.is_sent_start = True
            after = doc[i + 2] if i + 2 < len(doc) else None
            if after is not None and nxt.is_alpha and after.is_alpha:
                after.is_sent_start = False
            continue
        ends = prev.text[-1] in _TERMINAL
        line_start = text.rfind("\n", 0, prev.idx) + 1
        width = prev.idx + len(prev.text) - line_start
        runs_on = (
            not ends
            and ws.index("\n") + doc[i].idx not in headline_ends
            and nxt.text[:1].isalnum()
            and (nxt.text[:1].islower() or (wrapped and WRAP_MIN <= width <= WRAP_MAX))
        )
        if not runs_on:
            nxt.is_sent_start = True
            after = doc[i + 2] if i + 2 < len(doc) else None
            if after is not None and nxt.is_alpha and after.is_alpha:
                after.is_sent_start = False  # a line never opens with a one-word sentence
    return doc


def _keep_headline_lines(doc: Doc, text: str) -> None:
    """No sentence starts inside a line that ends no sentence and holds no sentence end."""
    starts = doc.to_array([IDX])
    tok = 0
    pos = 0
    n = len(doc)
    while pos < len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        line = text[pos:end].rstrip()
        if line.strip() and line[-1] not in _TERMINAL and not _INNER_END.search(line):
            while tok < n and starts[tok] < pos:
                tok += 1
            first = True
            while tok < n and starts[tok] < pos + len(line):
                if not first and not doc[tok].is_space:
                    doc[tok].is_sent_start = False
                first = first and doc[tok].is_space
                tok += 1
        if nl < 0:
            break
        pos = nl + 1


class RoleMatcher:
    """Marks role descriptions; built once (the phrase patterns are tokenised here)."""

    def __init__(self, nlp: Language, gazetteer_paths: list[str], user_paths: list[str]) -> None:
        gaz = load_gazetteer(gazetteer_paths or None, user=user_paths)
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        by_role: dict[int, list[str]] = {}
        for phrase, index in gaz.role_phrases():
            by_role.setdefault(index, []).append(phrase)
        for index, phrases in by_role.items():
            unique = sorted(set(phrases))
            self.matcher.add(str(index), [nlp.make_doc(p) for p in unique])

    def __call__(self, doc: Doc) -> Doc:
        spans = [
            Span(doc, start, end, label=match_id)
            for match_id, start, end in self.matcher(doc, as_spans=False)
        ]
        doc.spans[ROLES_KEY] = spans
        return doc


@Language.factory("nkviewer_roles", default_config={"gazetteer_paths": [], "user_paths": []})
def make_role_matcher(
    nlp: Language, name: str, gazetteer_paths: list[str], user_paths: list[str]
) -> RoleMatcher:
    return RoleMatcher(nlp, gazetteer_paths, user_paths)
