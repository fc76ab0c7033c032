"""The desktop window (PySide6). Views wrap Qt-free model objects and only read them."""
