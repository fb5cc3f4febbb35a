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


def _restore_case(document: Document, ex: Extraction) -> Extraction:
    """After parsing a truecased copy of lower-case wire text, every evidence span and surface string
    goes back to the text as written (same offsets: truecasing only changes letters' case)."""
    from dataclasses import replace

    text = document.text
    for item in [*ex.incidents, *ex.indicators]:
        item.evidence = [replace(ev, text=text[ev.start:ev.end]) for ev in item.evidence]
    for m in ex.incidents:
        for name in ("perpetrator_text", "target_text", "victims_text", "weapon_text"):
            value = getattr(m, name)
            if value:
                setattr(m, name, value.lower())
    return ex


def extract_one(document: Document, parsed) -> Extraction:
    from strife.nlp.geoparse import geoparse
    from strife.nlp.timex import find_timexes

    pub_date, pub_source = document_date(document)
    ref = date.fromisoformat(pub_date) if pub_date else None
    timexes = find_timexes(document.text, ref)
    places = geoparse(parsed.text, doc=parsed)
    incidents = extract_incidents(parsed, document.id, timexes, places)
    indicators = extract_indicators(parsed, document.id, timexes, places, pub_date=pub_date)
    return Extraction(document=document, pub_date=pub_date, pub_date_source=pub_source,
                      incidents=incidents, indicators=indicators, places=places)


def extract_documents(documents: Iterable[Document], batch_size: int = BATCH_SIZE) -> Iterator[Extraction]:
    """Stream extractions in input order; memory stays bounded by the batch size."""
    from strife.nlp.pipeline import load_nlp
    from strife.nlp.truecase import is_lowercase_text, truecase

    nlp = load_nlp()
    pending: list[Document] = []

    def flush():
        lowercase = [is_lowercase_text(d.text) for d in pending]
        texts = [truecase(d.text) if low else d.text for d, low in zip(pending, lowercase)]
        for document, parsed, low in zip(pending, nlp.pipe(texts, batch_size=batch_size), lowercase):
            ex = extract_one(document, parsed)
            yield _restore_case(document, ex) if low else ex
        pending.clear()

    for document in documents:
        pending.append(document)
        if len(pending) >= batch_size:
            yield from flush()
    if pending:
        yield from flush()
