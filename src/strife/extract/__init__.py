"""Extraction: Documents → Extractions (incident and indicator mentions with evidence).

The spaCy model runs once per document through `nlp.pipe` (batched); dates and places are
found once per document and shared by the incident and indicator steps. A batch is the unit of
work of every runner: in this process, in worker processes (`workers=N`), in a Spark partition.
"""
from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date

from strife.extract.context import build_context
from strife.extract.incidents import extract_incidents
from strife.extract.indicators import extract_indicators, running_totals
from strife.ingest import IngestError
from strife.records import Document, Extraction, IncidentMention, Indicator

BATCH_SIZE = 32


def document_date(document: Document) -> tuple[str | None, str, str | None, str | None]:
    """(publication date, its source, earliest, latest): what the container knew first (its source
    as the reader recorded it), else what the text's own evidence narrows to a few days, else None
    and "undated", with the window the text allows."""
    from strife.nlp.pubdate import estimate_pub_date

    if document.pub_date:
        return document.pub_date, document.pub_date_source or "metadata", document.pub_date, document.pub_date
    estimate = estimate_pub_date(document.text)
    day = estimate.day.isoformat() if estimate.day else None
    return (day, estimate.source, estimate.earliest.isoformat() if estimate.earliest else None,
            estimate.latest.isoformat() if estimate.latest else None)


def sums_are_not_incidents(incidents: list[IncidentMention], totals: list[Indicator]) -> list[IncidentMention]:
    """A running total is an indicator, never an incident: a mention whose dead are a figure the
    indicator stage read as a war's or a period's total ("the war has killed 6,000", "300 have been
    killed since March") in the mention's own evidence is dropped; a mention whose wounded only are
    such a total keeps its dead and loses that figure ("1,200 were killed on the first day; strikes
    have since wounded 90,000"). A sum over several places or incidents of one day ("five were killed
    across the country on Tuesday") may be what a report calls one incident: it stays."""
    sums = [(ev.start, ev.end, value) for ind in totals for ev in ind.evidence
            for value in (ind.low, ind.high) if value is not None]

    def summed(m: IncidentMention, tolls: tuple[int | None, ...]) -> bool:
        return any(toll is not None and ev.start < end and start < ev.end and abs(toll - value) <= 1
                   for ev in m.evidence for start, end, value in sums for toll in tolls)

    kept = []
    for m in incidents:
        if summed(m, (m.killed_min, m.killed_max)):
            continue
        if summed(m, (m.wounded_min, m.wounded_max)):
            m.wounded_min = m.wounded_max = None
        kept.append(m)
    return kept


def container_dated(document: Document) -> bool:
    """The document's container gave its publication day: not inferred from its text, nor anchored
    on another document's incident (the resolver's "anchored" date is a guess of a few days)."""
    return bool(document.pub_date) and not (document.pub_date_source or "").startswith("anchored")


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
        for name in ("victim_names", "target_texts", "individual_perpetrators", "weapon_texts"):
            setattr(m, name, tuple(v.lower() for v in getattr(m, name)))
    return ex


def extract_one(document: Document, parsed) -> Extraction:
    """One parsed document's incidents and indicators, read from one context built once."""
    from strife.nlp.geoparse import geoparse
    from strife.nlp.pipeline import doc_text
    from strife.nlp.timex import find_timexes

    pub_date, pub_source, earliest, latest = document_date(document)
    ref = date.fromisoformat(pub_date) if pub_date else None
    timexes = find_timexes(document.text, ref)
    places = geoparse(doc_text(parsed), doc=parsed)
    ctx = build_context(parsed, document.id, timexes, places, pub_date, pub_date_exact=container_dated(document))
    indicators = extract_indicators(ctx)
    incidents = sums_are_not_incidents(extract_incidents(ctx), running_totals(ctx, indicators))
    return Extraction(document=document, pub_date=pub_date, pub_date_source=pub_source,
                      incidents=incidents, indicators=indicators, places=places,
                      pub_date_earliest=earliest, pub_date_latest=latest)


def extract_batch(documents: list[Document]) -> list[Extraction | IngestError]:
    """One batch through the model (`nlp.pipe`) and the rules; the unit of work of every runner
    (in-process, a worker process, a Spark partition), so they all produce the same records."""
    from strife.nlp.pipeline import load_nlp
    from strife.nlp.truecase import is_lowercase_text, truecase

    nlp = load_nlp()
    lowercase = [is_lowercase_text(d.text) for d in documents]
    texts = [truecase(d.text) if low else d.text for d, low in zip(documents, lowercase)]
    out: list = []
    for document, parsed, low in zip(documents, nlp.pipe(texts, batch_size=len(texts) or 1), lowercase):
        try:
            ex = extract_one(document, parsed)
            out.append(_restore_case(document, ex) if low else ex)
        except Exception as exc:  # one document's failure must not stop the batch: report it instead
            out.append(IngestError(document.path or document.name or document.id,
                                   f"extraction failed ({type(exc).__name__}: {exc})"))
    return out


def batches(items: Iterable, size: int) -> Iterator[list]:
    pending: list = []
    for item in items:
        pending.append(item)
        if len(pending) >= size:
            yield pending
            pending = []
    if pending:
        yield pending


def extract_documents(documents: Iterable[Document], batch_size: int = BATCH_SIZE, workers: int = 1,
                      on_error: Callable[[IngestError], None] | None = None) -> Iterator[Extraction]:
    """Stream extractions in input order; memory stays bounded by the batch size (times the batches
    in flight). With `workers` > 1 the batches run in that many processes, each loading the model
    once; the records are the same as with one process, in the same order. A document whose
    extraction fails is reported to `on_error` (or printed) and skipped."""
    if workers <= 1:
        results = (item for batch in batches(documents, batch_size) for item in extract_batch(batch))
    else:
        results = _extract_parallel(documents, batch_size, workers)
    for item in results:
        if isinstance(item, IngestError):
            if on_error is not None:
                on_error(item)
            else:
                print(f"error: {item}", file=sys.stderr)
            continue
        yield item


def _extract_parallel(documents: Iterable[Document], batch_size: int, workers: int) -> Iterator[Extraction]:
    import multiprocessing as mp
    from collections import deque

    from strife.nlp.pipeline import load_nlp

    # fork shares the loaded model with the workers (copy-on-write), so they start at once;
    # elsewhere each spawned worker loads it on its first batch
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    if method == "fork":
        load_nlp()
    in_flight_limit = 2 * workers  # enough to keep every worker busy, few enough to bound memory
    with mp.get_context(method).Pool(workers) as pool:
        in_flight: deque = deque()
        for batch in batches(documents, batch_size):
            in_flight.append(pool.apply_async(extract_batch, (batch,)))
            while len(in_flight) >= in_flight_limit:
                yield from in_flight.popleft().get()
        while in_flight:
            yield from in_flight.popleft().get()
