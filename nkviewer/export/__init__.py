"""Exporting: image files drawn by `nkviewer.render` (PNG, SVG, PDF) and the data writers."""
