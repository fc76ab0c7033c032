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
# PyInstaller copies the system libraries Qt's xcb plugin links to from THIS machine; the ones
# missing here are missing from the app and must then be installed where it runs.
if ! sh packaging/check-system-libs.sh 2>/dev/null; then
  echo "build.sh: warning: some X11 libraries are missing here, so the app will not contain them:" >&2
  sh packaging/check-system-libs.sh 2>&1 | sed 's/^/  /' >&2 || true
fi
start=$(date +%s)
"$PY" -m PyInstaller --noconfirm $clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/nkviewer.spec

# Drop debug sections (about 120 MB, most of it in spaCy's extension modules) from shared
# objects the linker wrote. Files patchelf rewrote (auditwheel's vendored *.libs and the modules
# with an RPATH/RUNPATH pointing at them) are left alone: strip breaks their page alignment.
if command -v strip >/dev/null 2>&1 && command -v readelf >/dev/null 2>&1; then
  find dist/nkviewer/_internal -type f -name '*.so*' ! -path '*.libs/*' | while read -r so; do
    readelf -d "$so" 2>/dev/null | grep -Eq '\((RPATH|RUNPATH)\)' && continue
    readelf -SW "$so" 2>/dev/null | grep -q '\.debug_' || continue
    strip --strip-debug "$so"
  done
else
  echo "build.sh: binutils (strip, readelf) not found: debug sections kept" >&2
fi
end=$(date +%s)
size=$(du -sh dist/nkviewer | cut -f1)
files=$(find dist/nkviewer -type f | wc -l)
echo "built dist/nkviewer in $((end - start)) s: $size in $files files; run it with dist/nkviewer/nkviewer"
