"""Extraction: Documents → Extractions (incident and indicator mentions with evidence).

The spaCy model runs once per document through `nlp.pipe` (batched); dates and places are
found once per document and shared by the incident and indicator steps.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from strife.extract.incidents import extract_incidents
from strife.extract.indicators import extract_indicators
from strife.records import Document, Extraction

BATCH_SIZE = 32


def document_date(document: Document) -> tuple[str | None, str | None]:
    """Publication date: the container's metadata first, else inferred from the text."""
    from strife.nlp.timex import infer_pub_date

    if document.pub_date:
        return document.pub_date, "metadata"
    iso, confidence, source = infer_pub_date(document.text, None)
    if iso is None:
        return None, None
    return iso, f"text:{source}:{confidence:.2f}"


def extract_one(document: Document, parsed) -> Extraction:
    from strife.nlp.geoparse import geoparse
    from strife.nlp.timex import find_timexes

    pub_date, pub_source = document_date(document)
    ref = date.fromisoformat(pub_date) if pub_date else None
    timexes = find_timexes(document.text, ref)
    places = geoparse(document.text, doc=parsed)
    incidents = extract_incidents(parsed, document.id, timexes, places)
    indicators = extract_indicators(parsed, document.id, timexes, places)
    return Extraction(document=document, pub_date=pub_date, pub_date_source=pub_source,
                      incidents=incidents, indicators=indicators, places=places)


def extract_documents(documents: Iterable[Document], batch_size: int = BATCH_SIZE) -> Iterator[Extraction]:
    """Stream extractions in input order; memory stays bounded by the batch size."""
    from strife.nlp.pipeline import load_nlp

    nlp = load_nlp()
    pending: list[Document] = []

    def flush():
        texts = [d.text for d in pending]
        for document, parsed in zip(pending, nlp.pipe(texts, batch_size=batch_size)):
            yield extract_one(document, parsed)
        pending.clear()

    for document in documents:
        pending.append(document)
        if len(pending) >= batch_size:
            yield from flush()
    if pending:
        yield from flush()
