#!/bin/sh
# Installs the built app (dist/nkviewer) for one user or system-wide, with its menu entry,
# icons and AppStream metadata. Usage:
#   packaging/install.sh                 into ~/.local  (the command: ~/.local/bin/nkviewer)
#   sudo packaging/install.sh /usr/local system-wide
#   packaging/install.sh --uninstall [PREFIX]
set -eu
cd "$(dirname "$0")/.."
uninstall=0
[ "${1:-}" = "--uninstall" ] && { uninstall=1; shift; }
PREFIX=${1:-$HOME/.local}
APPDIR="$PREFIX/lib/nkviewer"
SHARE="$PREFIX/share"
METAINFO=io.github.nkviewer.Nkviewer.metainfo.xml
SIZES="16 32 48 64 128 256 512"

# Refresh the menu and icon caches where the tools exist (they are optional).
refresh_caches() {
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$SHARE/applications" 2>/dev/null || true
  fi
  if command -v gtk-update-icon-cache >/dev/null 2>&1; then
    gtk-update-icon-cache -q -t "$SHARE/icons/hicolor" 2>/dev/null || true
  fi
}

if [ "$uninstall" = 1 ]; then
  rm -rf "$APPDIR"
  rm -f "$PREFIX/bin/nkviewer" "$SHARE/applications/nkviewer.desktop" \
    "$SHARE/metainfo/$METAINFO" "$SHARE/icons/hicolor/scalable/apps/nkviewer.svg"
  for n in $SIZES; do rm -f "$SHARE/icons/hicolor/${n}x${n}/apps/nkviewer.png"; done
  refresh_caches
  echo "removed nkviewer from $PREFIX"
  exit 0
fi

if [ ! -x dist/nkviewer/nkviewer ]; then
  echo "install.sh: no built app in dist/nkviewer; run 'make package' first" >&2
  exit 2
fi
mkdir -p "$PREFIX/bin" "$SHARE/applications" "$SHARE/metainfo" \
  "$SHARE/icons/hicolor/scalable/apps"
rm -rf "$APPDIR.new"
mkdir -p "$(dirname "$APPDIR")"
cp -R dist/nkviewer "$APPDIR.new"
rm -rf "$APPDIR"
mv "$APPDIR.new" "$APPDIR"
ln -sf "$APPDIR/nkviewer" "$PREFIX/bin/nkviewer"
# The menu entry runs the installed binary by its full path: ~/.local/bin is not always on
# the PATH a desktop session starts programs with.
sed -e "s|^Exec=nkviewer|Exec=\"$APPDIR/nkviewer\"|" -e "s|^TryExec=nkviewer|TryExec=$APPDIR/nkviewer|" \
  packaging/nkviewer.desktop >"$SHARE/applications/nkviewer.desktop"
cp packaging/$METAINFO "$SHARE/metainfo/$METAINFO"
cp resources/icons/nkviewer.svg "$SHARE/icons/hicolor/scalable/apps/nkviewer.svg"
for n in $SIZES; do
  mkdir -p "$SHARE/icons/hicolor/${n}x${n}/apps"
  cp "resources/icons/hicolor/${n}x${n}/apps/nkviewer.png" "$SHARE/icons/hicolor/${n}x${n}/apps/"
done
refresh_caches
echo "installed nkviewer in $APPDIR; command: $PREFIX/bin/nkviewer"
case ":$PATH:" in *":$PREFIX/bin:"*) ;; *) echo "note: $PREFIX/bin is not on your PATH" ;; esac
