"""Shared by the tests of `nkviewer.heap` (the frozen long-lived objects; the `keeping` fixture
is in conftest.py)."""

from __future__ import annotations


class Node:
    """A container the collector tracks, weakly referable, that can sit in a cycle."""

    def __init__(self) -> None:
        self.other: Node | None = None
