"""Language analysis: spaCy pipeline, temporal expressions, entities, clause features."""
