"""Exports: images drawn by the same painter as the screen (QtGui only) and data files."""
