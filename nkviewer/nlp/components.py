"""nkviewer's spaCy pipeline components (imported only once spaCy is needed).

- `nkviewer_lines` (before the parser): a line break ends a sentence. News files put headlines,
  bylines, captions and datelines on lines of their own, without a full stop.
- `nkviewer_roles` (after NER): finds role descriptions from the gazetteer ("the North Korean
  leader", "Russia's foreign minister") with one PhraseMatcher built once per pipeline, and keeps
  them in `doc.spans["nk_roles"]` (span label = index of the role in the gazetteer).

The gazetteer's names themselves go into a stock `entity_ruler` (see `nkviewer.nlp.parse`).
"""

from __future__ import annotations

from spacy.attrs import IS_SPACE
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from nkviewer.nlp.gazetteer import load_gazetteer

ROLES_KEY = "nk_roles"


@Language.component("nkviewer_lines")
def mark_line_starts(doc: Doc) -> Doc:
    """Start a sentence after every whitespace token holding a line break."""
    if len(doc) < 2:
        return doc
    spaces = doc.to_array([IS_SPACE])[:-1].nonzero()[0]
    for i in spaces.tolist():
        if "\n" in doc[i].text:
            doc[i + 1].is_sent_start = True
    return doc


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
