"""Reading a corpus: files in many formats become `Document`s; bad files become `FileProblem`s.

    found = scan(["corpus/", "more/*.html"])        # files to read + problems with the inputs
    for source in found.files:                      # picklable: fine to send to worker processes
        result = read_source(source)                # never raises for bad input
        result.documents, result.problems

`read_document(path)` reads one file (raising InputError), `iter_documents(inputs)` streams a
whole corpus. Layer rule: this package imports only `nkviewer.errors` and `nkviewer.paths`.
"""

from nkviewer.ingest.discover import FORMATS, Scan, SourceFile, detect_format, scan
from nkviewer.ingest.document import Document, FileProblem, PublishedDate, Span, make_doc_id
from nkviewer.ingest.manifest import ManifestEntry
from nkviewer.ingest.problem import ReadResult
from nkviewer.ingest.reader import MAX_BYTES, iter_documents, read_document, read_source
from nkviewer.ingest.tabular import ColumnMap

__all__ = [
    "FORMATS",
    "MAX_BYTES",
    "ColumnMap",
    "Document",
    "FileProblem",
    "ManifestEntry",
    "PublishedDate",
    "ReadResult",
    "Scan",
    "SourceFile",
    "Span",
    "detect_format",
    "iter_documents",
    "make_doc_id",
    "read_document",
    "read_source",
    "scan",
]
