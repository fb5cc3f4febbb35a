"""Extraction: Documents → Extractions (incident and indicator mentions with evidence).

The spaCy model runs once per document through `nlp.pipe` (batched); dates and places are
found once per document and shared by the incident and indicator steps. A batch is the unit of
work of every runner, local or a Spark partition: a worker process under a watchdog extracts it
(strife.extract.watchdog), so no document holds the run longer than its time budget.
"""
from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from functools import cache

from strife.extract.context import DocumentContext, build_context
from strife.extract.incidents import extract_incidents
from strife.extract.indicators import extract_indicators, running_totals
from strife.ingest import IngestError
from strife.nlp.limits import DOCUMENT_SECONDS
from strife.records import Document, Extraction, IncidentMention, Indicator

BATCH_SIZE = 32
# the day an undated report's relative time expressions are read against, only to compare them with each
# other (DocumentContext.told_times): any day does, none of these values is ever a date
STAND_IN_DAY = date(2001, 7, 1)
BATCH_CHARS = 200_000  # a batch's texts are parsed at once: its memory and time grow with their length


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


def read_context(parsed, doc_id: str, text: str, pub_date: str | None, pub_date_exact: bool = True) -> DocumentContext:
    """The document's one context: its time expressions read against the publication date (and, in a
    report without one, against a stand-in day only to compare them), its places from the geoparser."""
    from strife.nlp.geoparse import geoparse
    from strife.nlp.pipeline import doc_text
    from strife.nlp.timex import find_timexes

    ref = date.fromisoformat(pub_date[:10]) if pub_date else None
    timexes = find_timexes(text, ref)
    told = [tx for tx in find_timexes(text, STAND_IN_DAY) if tx[2].relative] if ref is None else []
    places = geoparse(doc_text(parsed), doc=parsed)
    return build_context(parsed, doc_id, timexes, places, pub_date, pub_date_exact=pub_date_exact, told_times=told)


def extract_one(document: Document, parsed) -> Extraction:
    """One parsed document's incidents and indicators, read from one context built once."""
    pub_date, pub_source, earliest, latest = document_date(document)
    ctx = read_context(parsed, document.id, document.text, pub_date, container_dated(document))
    places = ctx.places
    indicators = extract_indicators(ctx)
    incidents = sums_are_not_incidents(extract_incidents(ctx), running_totals(ctx, indicators))
    return Extraction(document=document, pub_date=pub_date, pub_date_source=pub_source,
                      incidents=incidents, indicators=indicators, places=places,
                      pub_date_earliest=earliest, pub_date_latest=latest, skipped_sentences=ctx.skipped_sentences)


def extract_batch(documents: list[Document],
                  starting: Callable[[int], None] | None = None) -> Iterator[Extraction | IngestError]:
    """One batch through the model (`nlp.pipe`) and the rules, each document's record as soon as it
    is ready; the unit of work of every runner (local or a Spark partition), so they all produce the
    same records. `starting(i)` is told when the rules begin on the i-th document
    (the whole batch parsed): the watchdog times each document from there."""
    from strife.nlp.pipeline import load_nlp, parse
    from strife.nlp.truecase import is_lowercase_text, truecase

    nlp = load_nlp()
    lowercase = [is_lowercase_text(d.text) for d in documents]
    texts = [truecase(d.text) if low else d.text for d, low in zip(documents, lowercase)]
    parsed = list(parse(nlp, texts))
    for i, (document, doc, low) in enumerate(zip(documents, parsed, lowercase)):
        if starting is not None:
            starting(i)
        try:
            ex = extract_one(document, doc)
            yield _restore_case(document, ex) if low else ex
        except Exception as exc:  # one document's failure must not stop the batch: report it instead
            yield IngestError(document_path(document), f"extraction failed ({type(exc).__name__}: {exc})")
        parsed[i] = None  # each parse is let go once read


def document_path(document: Document) -> str:
    """What an error names a document by: its file (or file#record), else its name or id."""
    return document.path or document.name or document.id


@cache
def warm_up() -> None:
    """Load what every extraction needs (the model, the gazetteer, the lexicons) by extracting one
    short document, so worker processes forked from this one start with them."""
    from strife.ingest import make_document

    text = "Gunmen killed two police officers at a checkpoint in Baqubah, Iraq, on Monday, officials said."
    list(extract_batch([make_document(text, path="warm-up", name="warm-up")]))


def batches(items: Iterable[Document], size: int, max_chars: int | None = None) -> Iterator[list[Document]]:
    """Lists of `size` documents, closed early when the next would take them past `max_chars` characters."""
    pending: list = []
    chars = 0
    for item in items:
        if pending and max_chars is not None and chars + len(item.text) > max_chars:
            yield pending
            pending, chars = [], 0
        pending.append(item)
        chars += len(item.text)
        if len(pending) >= size:
            yield pending
            pending, chars = [], 0
    if pending:
        yield pending


def extract_documents(documents: Iterable[Document], batch_size: int = BATCH_SIZE, workers: int = 1,
                      on_error: Callable[[IngestError], None] | None = None,
                      budget: float | None = DOCUMENT_SECONDS) -> Iterator[Extraction]:
    """Stream extractions in input order; memory stays bounded by the batch size (times the batches
    in flight). The batches run in `workers` processes, each forked with the model loaded; the
    records are the same whatever the number, in the same order. A document whose extraction fails,
    or takes more than `budget` seconds (None: no limit), is reported to `on_error` (or printed) and
    skipped; the others go on (see strife.extract.watchdog)."""
    from strife.extract.watchdog import extract_watched

    for item in extract_watched(batches(documents, batch_size, BATCH_CHARS), workers, budget):
        if isinstance(item, IngestError):
            if on_error is not None:
                on_error(item)
            else:
                print(f"error: {item}", file=sys.stderr)
            continue
        yield item
