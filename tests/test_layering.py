"""The core (app, ingest, nlp, events, corpus, model) imports without Qt (PySide6 blocked)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

CORE_PACKAGES = (
    "nkviewer.app",
    "nkviewer.ingest",
    "nkviewer.nlp",
    "nkviewer.events",
    "nkviewer.corpus",
    "nkviewer.model",
)


def test_core_imports_without_pyside6() -> None:
    code = textwrap.dedent(
        f"""
        import importlib, pkgutil, sys

        class Block:
            def find_spec(self, name, path=None, target=None):
                if name == "PySide6" or name.startswith("PySide6."):
                    raise ImportError("PySide6 is blocked in this test")
                return None

        sys.meta_path.insert(0, Block())
        for pkg_name in {CORE_PACKAGES!r}:
            pkg = importlib.import_module(pkg_name)
            for info in pkgutil.walk_packages(pkg.__path__, pkg_name + "."):
                importlib.import_module(info.name)
        assert not any(m.startswith("PySide6") for m in sys.modules)
        print("ok")
        """
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().endswith("ok")


#: Drawing and exporting use QtGui (QPainter, QImage, QSvgGenerator, QPdfWriter), never
#: widgets: `nkviewer export` draws headless, as the window does.
DRAWING_PACKAGES = ("nkviewer.render", "nkviewer.export")


def test_drawing_and_exporting_import_without_qt_widgets() -> None:
    code = textwrap.dedent(
        f"""
        import importlib, pkgutil, sys

        class Block:
            def find_spec(self, name, path=None, target=None):
                if name == "PySide6.QtWidgets":
                    raise ImportError("Qt widgets are blocked in this test")
                return None

        sys.meta_path.insert(0, Block())
        for pkg_name in {DRAWING_PACKAGES!r}:
            pkg = importlib.import_module(pkg_name)
            for info in pkgutil.walk_packages(pkg.__path__, pkg_name + "."):
                importlib.import_module(info.name)
        import nkviewer.cli.export
        assert "PySide6.QtWidgets" not in sys.modules
        print("ok")
        """
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().endswith("ok")
