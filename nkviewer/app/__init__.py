"""The application core, Qt-free: the open corpus' state behind one protocol (`state.py`), in
memory (`memory.py`) or read lazily from an event dataset (`dataset.py`), chosen once when the
corpus opens; and the selection (`selection.py`), one for the window's life whatever corpus is
open. The window's `Session` holds both and re-emits their changes as Qt signals."""
