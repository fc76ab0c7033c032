"""`ExportScope`: its counts, and the events the image export's workers draw."""

from __future__ import annotations

import pytest

from nkviewer.errors import ExportError
from nkviewer.qt.export_scope import SCOPES, ExportScope


@pytest.mark.parametrize("scope", SCOPES)
def test_a_scope_of_no_corpus_counts_no_events(scope: str) -> None:
    # neither a frame nor a dataset (no corpus): no events, whatever is selected; an
    # `assert` said so before, which `python -O` drops (then `None["event_id"]`)
    empty = ExportScope(selected=["a", "b"] if scope == "selection" else [])
    assert empty.count(scope) == 0
    with pytest.raises(ExportError, match="nothing to export"):
        empty.require(scope)
