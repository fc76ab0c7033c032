#!/bin/sh
# Builds the one-folder app dist/nkviewer/ with PyInstaller (called by `make package`).
# Usage: packaging/build.sh [--clean]   (--clean: drop PyInstaller's cache and rebuild from scratch)
# Prints the build time and the size of dist/nkviewer.
set -eu
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
clean=""
[ "${1:-}" = "--clean" ] && clean="--clean"

"$PY" -c 'import PyInstaller' 2>/dev/null || {
  echo "PyInstaller is not installed: run make package (it installs packaging/requirements-build.txt)" >&2
  exit 2
}
start=$(date +%s)
"$PY" -m PyInstaller --noconfirm $clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/nkviewer.spec
end=$(date +%s)
size=$(du -sh dist/nkviewer | cut -f1)
files=$(find dist/nkviewer -type f | wc -l)
echo "built dist/nkviewer in $((end - start)) s: $size in $files files; run it with dist/nkviewer/nkviewer"
