"""The event domain: the record, building it from a parse, merging reports, the event table,
and the filter and facet rules."""
