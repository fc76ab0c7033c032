"""Events: building records from parsed documents, merging reports, the event table."""
