"""Temporal expressions: find them (independent of the anchor date), then resolve them."""
