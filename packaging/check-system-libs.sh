#!/bin/sh
# Checks that the system libraries Qt needs are present and prints the exact install line if not.
# Usage: check-system-libs.sh [--offscreen]   (--offscreen: only what headless Qt needs)
# Qt's own message names only xcb-cursor even when another xcb library (often icccm4) is missing.
offscreen=0
[ "${1:-}" = "--offscreen" ] && offscreen=1
[ "${QT_QPA_PLATFORM:-}" = "offscreen" ] && offscreen=1
[ "$(uname -s)" = "Linux" ] || exit 0
command -v ldconfig >/dev/null 2>&1 || PATH="$PATH:/sbin:/usr/sbin"
command -v ldconfig >/dev/null 2>&1 || exit 0

# An empty or unreadable cache (some containers, NixOS) tells nothing: do not block on it.
cache=$(ldconfig -p 2>/dev/null) || exit 0
printf '%s\n' "$cache" | grep -q '=>' || exit 0

missing=""
check() { # check SONAME DEBIAN-PACKAGE
  printf '%s\n' "$cache" | grep -q "[[:space:]]$1 " || missing="$missing $2"
}
check libGL.so.1 libgl1
check libEGL.so.1 libegl1
check libxkbcommon.so.0 libxkbcommon0
check libfontconfig.so.1 libfontconfig1
check libglib-2.0.so.0 libglib2.0-0
check libdbus-1.so.3 libdbus-1-3
if [ "$offscreen" = 0 ]; then
  check libxcb-cursor.so.0 libxcb-cursor0
  check libxcb-icccm.so.4 libxcb-icccm4
  check libxcb-image.so.0 libxcb-image0
  check libxcb-keysyms.so.1 libxcb-keysyms1
  check libxcb-render-util.so.0 libxcb-render-util0
  check libxcb-shape.so.0 libxcb-shape0
  check libxkbcommon-x11.so.0 libxkbcommon-x11-0
fi
if [ -n "$missing" ]; then
  echo "nkviewer: Qt needs system libraries that are not installed. Install them with:" >&2
  echo "    sudo apt-get install -y$missing" >&2
  exit 1
fi
exit 0
