"""The application core, Qt-free: the open corpus' state behind one protocol (`state.py`), in
memory (`memory.py`) or read lazily from an event dataset (`dataset.py`), chosen once when the
corpus opens. The window's `Session` holds one and re-emits its changes as Qt signals."""
