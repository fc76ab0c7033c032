"""spaCy for the frozen app: every submodule and data file except its test suite.

Overrides pyinstaller-hooks-contrib's hook-spacy, which also lists spacy.tests (excluded in
nkviewer.spec, so each test module would be reported as a missing hidden import).
"""

from PyInstaller.utils.hooks import collect_data_files, collect_submodules

datas = collect_data_files("spacy", excludes=["**/tests/**"])
hiddenimports = collect_submodules("spacy", filter=lambda name: "tests" not in name.split("."))
