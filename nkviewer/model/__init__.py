"""Qt-free geometry of the timeline: time↔pixel transform, axis ticks, lanes, density, labels."""
