"""Running and storing a corpus: the pipeline, its cache, event datasets on disk, the Dask
engine and cluster merge, and the analyst's edits (sidecar file, applying them)."""
