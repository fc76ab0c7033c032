"""Drawing: the one QPainter timeline renderer for the screen and every image export."""
