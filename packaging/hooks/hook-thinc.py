"""thinc for the frozen app: every submodule and data file except its test suite.

Overrides pyinstaller-hooks-contrib's hook-thinc for the same reason as hook-spacy.py.
"""

from PyInstaller.utils.hooks import collect_data_files, collect_submodules

datas = collect_data_files("thinc", excludes=["**/tests/**"])
hiddenimports = collect_submodules("thinc", filter=lambda name: "tests" not in name.split("."))
