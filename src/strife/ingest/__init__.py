"""Ingest: files, folders, feeds and crawls → Documents (and IngestErrors for what cannot be read)."""
from strife.ingest.documents import IngestError, hamming, make_document
from strife.ingest.readers import read_paths

__all__ = ["IngestError", "hamming", "make_document", "read_paths"]
