#!/bin/sh
# Smoke test of the built app (called by `make package-test`): runs dist/nkviewer/nkviewer
# headless, from an empty folder, with a clean environment (no venv, no source tree on the path,
# private cache/config/log folders) and, where the kernel allows it, without network.
# Runs every check, then exits 1 if any failed. Usage: packaging/package-test.sh [APP]
set -eu
cd "$(dirname "$0")/.."
REPO=$(pwd)
APP=${1:-dist/nkviewer/nkviewer}
case "$APP" in /*) ;; *) APP="$REPO/$APP" ;; esac
PY=${PY:-$REPO/.venv/bin/python}
[ -x "$PY" ] || PY=python3
WIDTH=1600
WINDOW_SECONDS=${WINDOW_SECONDS:-30}
STEP_SECONDS=${STEP_SECONDS:-600} # any other run that takes longer has hung

if [ ! -x "$APP" ]; then
  echo "package-test: no built app at $APP; run 'make package' first" >&2
  exit 2
fi
INTERNAL="$(dirname "$APP")/_internal"

work=$(mktemp -d "${TMPDIR:-/tmp}/nkviewer-package-test.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
mkdir -p "$work/home" "$work/run"
chmod 700 "$work/run"

# No network for the app, to prove nothing is downloaded at run time (needs user namespaces).
# Loopback stays up: `extract --engine dask` talks to its local cluster over 127.0.0.1.
cat >"$work/nonet.sh" <<'EOF'
#!/bin/sh
for ip in ip /usr/sbin/ip /sbin/ip; do "$ip" link set lo up 2>/dev/null && break; done
exec "$@"
EOF
nonet=""
if unshare -n -r true 2>/dev/null; then
  nonet="unshare -n -r sh $work/nonet.sh"
elif unshare -n true 2>/dev/null; then
  nonet="unshare -n sh $work/nonet.sh"
fi

failures=0
pass() { echo "  ok    $1"; }
fail() { echo "  FAIL  $1" >&2; failures=$((failures + 1)); }

# Run the app in $work with a minimal environment; stdout/stderr go to $work/<name>.out/.err.
run_app() { # run_app NAME ARGS...
  name=$1
  shift
  (cd "$work" && env -i PATH=/usr/bin:/bin HOME="$work/home" LANG=C.UTF-8 \
    XDG_RUNTIME_DIR="$work/run" QT_QPA_PLATFORM=offscreen \
    NKVIEWER_CACHE_DIR="$work/${cache:-cache}" NKVIEWER_CONFIG_DIR="$work/config" \
    NKVIEWER_DATA_DIR="$work/data" NKVIEWER_LOG_DIR="$work/log" \
    $nonet timeout -s TERM "$limit" "$APP" "$@" >"$work/$name.out" 2>"$work/$name.err")
}
limit=$STEP_SECONDS
show_err() { sed -n '1,25p' "$work/$1.err" | sed 's/^/        /' >&2; }

echo "package-test: $APP${nonet:+ (no network)}"

# 1. --version
if run_app version --version && grep -Eq '^nkviewer [0-9]' "$work/version.out"; then
  pass "--version: $(cat "$work/version.out")"
else
  fail "--version"
  show_err version
fi

# 2. --help of the top level and of each subcommand lists examples
if run_app help --help && grep -q 'examples:' "$work/help.out"; then
  pass "--help"
else
  fail "--help"
  show_err help
fi
for cmd in $(sed -n 's/^ \{4\}\([a-z]\{1,\}\) \{2,\}.*/\1/p' "$work/help.out"); do
  if run_app "help-$cmd" "$cmd" --help && grep -q 'examples:' "$work/help-$cmd.out"; then
    pass "$cmd --help"
  else
    fail "$cmd --help"
    show_err "help-$cmd"
  fi
done

# The sample corpus must be inside the bundle; the checks below read that copy.
if [ -f "$INTERNAL/seeds/manifest.csv" ] && [ -d "$INTERNAL/resources" ]; then
  cp -R "$INTERNAL/seeds" "$work/seeds"
  chmod -R u+w "$work/seeds"
  pass "bundle holds seeds/ and resources/"
else
  fail "bundle lacks seeds/ or resources/ in $INTERNAL"
fi

# 3. extract seeds -o x.jsonl: non-empty, valid JSON lines with the event-record fields
if run_app extract extract seeds -o x.jsonl && "$PY" - "$work/x.jsonl" <<'EOF'; then
import json, sys
lines = [ln for ln in open(sys.argv[1], encoding="utf-8") if ln.strip()]
assert lines, "no events"
for ln in lines:
    rec = json.loads(ln)
    missing = {"event_id", "title", "start", "end", "sentence", "doc_id"} - rec.keys()
    assert not missing, f"missing fields {missing}"
EOF
  pass "extract seeds -o x.jsonl: $(grep -c . "$work/x.jsonl") events"
else
  fail "extract seeds -o x.jsonl"
  show_err extract
fi

# 3b. The same on a local Dask cluster: worker processes are this binary started again, and
#     parse with spaCy themselves (an empty parse cache of their own).
cache=cache-dask
status=0
run_app dask extract seeds --engine dask --jobs 2 -o dataset || status=$?
cache=""
if [ "$status" = 0 ] &&
  grep -Eq 'wrote [1-9][0-9]* events' "$work/dask.err" &&
  find "$work/dataset" -name '*.parquet' | grep -q .; then
  pass "extract seeds --engine dask -o dataset: $(grep -Eo 'wrote [0-9]+ events' "$work/dask.err")"
else
  fail "extract seeds --engine dask -o dataset"
  show_err dask
fi

# 4. export seeds -o timeline.png: a PNG of the requested width
if run_app export export seeds -o timeline.png --width "$WIDTH" && "$PY" - "$work/timeline.png" "$WIDTH" <<'EOF'; then
import struct, sys
data = open(sys.argv[1], "rb").read(32)
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
width, height = struct.unpack(">II", data[16:24])
assert width == int(sys.argv[2]), f"width {width}, expected {sys.argv[2]}"
assert height >= 100, f"height {height}"
EOF
  pass "export seeds -o timeline.png --width $WIDTH"
else
  fail "export seeds -o timeline.png --width $WIDTH"
  show_err export
fi

# 4b. An SVG with Korean text carries the Hangul glyphs it uses (fontTools subset, frozen)
if run_app svg export seeds -o korean.svg --title "북한 외교" &&
  grep -q '@font-face { font-family: "nkviewer Hangul"' "$work/korean.svg"; then
  pass "export seeds -o korean.svg: Hangul font subset embedded"
else
  fail "export seeds -o korean.svg: no embedded Hangul font"
  show_err svg
fi

# 5. The window opens the bundled seeds (no PATH given), parses them in the background (its
#    own empty parse cache fills up) and is still up after a while, with no error logged.
#    `timeout` ends it; 124 means it was still running.
status=0
limit=$WINDOW_SECONDS
cache=cache-window
run_app window || status=$?
limit=$STEP_SECONDS
cache=""
if [ "$status" != 124 ]; then
  fail "window exited with status $status within ${WINDOW_SECONDS} s"
  show_err window
elif grep -Eqs 'Traceback|ERROR|CRITICAL' "$work/window.err" "$work"/log/*; then
  fail "window logged an error"
  grep -Ehs -A5 'Traceback|ERROR|CRITICAL' "$work/window.err" "$work"/log/* | sed -n '1,25p' >&2
elif ! find "$work/cache-window" -type f 2>/dev/null | grep -q .; then
  fail "window parsed nothing from the bundled seeds in ${WINDOW_SECONDS} s"
elif ! grep -qs 'SIGTERM received: closing the window' "$work"/log/*; then
  fail "window did not close on SIGTERM (timeout's signal) as File > Quit does"
else
  pass "window opens the bundled seeds offscreen, parses them without errors, closes on SIGTERM"
fi

# 6. packaging/install.sh puts a working command, menu entry and icons under a prefix.
prefix="$work/prefix"
if sh packaging/install.sh "$prefix" >"$work/install.out" 2>&1 &&
  [ "$("$prefix/bin/nkviewer" --version 2>&1)" = "$(cat "$work/version.out")" ] &&
  [ -f "$prefix/share/icons/hicolor/48x48/apps/nkviewer.png" ] &&
  [ -f "$prefix/share/metainfo/io.github.nkviewer.Nkviewer.metainfo.xml" ] &&
  { ! command -v desktop-file-validate >/dev/null 2>&1 ||
    desktop-file-validate "$prefix/share/applications/nkviewer.desktop"; }; then
  pass "install.sh $prefix: command, menu entry, icons"
else
  fail "install.sh"
  sed 's/^/        /' "$work/install.out" >&2
fi

if [ "$failures" -gt 0 ]; then
  echo "package-test: $failures check(s) failed" >&2
  exit 1
fi
echo "package-test: all checks passed"
