"""Strife's Python API: the jobs the CLI (and later the web app) run, one function each.

    from strife import api
    summary = api.ingest(["articles/"], db="strife.db")
    api.extract_to_jsonl(["articles/"], "out.jsonl")
"""
from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from strife.extract import extract_documents
from strife.ingest import IngestError, hamming, read_paths
from strife.records import Document, Extraction
from strife.resolve import resolve

SYNDICATION_BITS = 12  # simhash distance (of 64): copies with a new headline and a sentence added stay under it;
# unrelated texts sit near 32 (P(distance <= 12) for two random texts is about 4e-7)


@dataclass
class RunSummary:
    documents: int = 0
    skipped_duplicates: int = 0
    syndicated: int = 0
    incidents: int = 0
    indicators: int = 0
    events: int = 0
    errors: list[str] = field(default_factory=list)


class Syndication:
    """Remembers fingerprints of documents seen, to tell a syndicated copy from a new story.
    Of two near-identical texts the shorter is the original (a copy adds its own headline,
    boilerplate and a sentence or two), whatever order they arrive in."""

    def __init__(self, known: Iterable[tuple[str, int, int]] = ()):
        self.known = list(known)  # (doc id, simhash, text length)

    def pair(self, doc: Document) -> tuple[str, str] | None:
        """(copy id, original id) when `doc` is a near copy of a document seen before."""
        for doc_id, fingerprint, length in self.known:
            if doc_id != doc.id and hamming(fingerprint, doc.simhash) <= SYNDICATION_BITS:
                mine = (len(doc.text), doc.id)
                if (length, doc_id) < mine:
                    return doc.id, doc_id
                return doc_id, doc.id
        self.known.append((doc.id, doc.simhash, len(doc.text)))
        return None


def _documents(paths: list[str], errors: list[str], on_error: Callable[[IngestError], None] | None,
               seen: Callable[[str], bool] | None = None, counter: RunSummary | None = None) -> Iterator[Document]:
    ids: set[str] = set()
    for item in read_paths(paths):
        if isinstance(item, IngestError):
            errors.append(str(item))
            if on_error:
                on_error(item)
            continue
        if item.id in ids or (seen and seen(item.id)):
            if counter:
                counter.skipped_duplicates += 1
            continue
        ids.add(item.id)
        yield item


def extract_paths(paths: list[str], on_error: Callable[[IngestError], None] | None = None,
                  progress: Callable[[Extraction], None] | None = None) -> tuple[list[Extraction], dict[str, str], RunSummary]:
    """Ingest → extract → resolve in memory, touching no database."""
    summary = RunSummary()
    syndication = Syndication()
    extractions: list[Extraction] = []
    syndicated: dict[str, str] = {}
    for ex in extract_documents(_documents(paths, summary.errors, on_error, counter=summary)):
        pair = syndication.pair(ex.document)
        if pair:
            syndicated.pop(pair[1], None)
            syndicated[pair[0]] = pair[1]
        extractions.append(ex)
        if progress:
            progress(ex)
    mentions = [m for ex in extractions for m in ex.incidents]
    events = resolve(mentions, syndicated)
    redated = _date_from_anchors(extractions, mentions)
    if redated:
        extractions = [redated.get(ex.document.id, ex) for ex in extractions]
        mentions = [m for ex in extractions for m in ex.incidents]
        events = resolve(mentions, syndicated)
    summary.documents = len(extractions)
    summary.syndicated = len(syndicated)
    summary.incidents = len(mentions)
    summary.indicators = sum(len(ex.indicators) for ex in extractions)
    summary.events = len(events)
    return extractions, syndicated, summary


def _date_from_anchors(extractions: list[Extraction], mentions) -> dict[str, Extraction]:
    """Documents that dated nothing, dated by the incidents they share with dated documents and
    extracted again with that date as their reference (their "last week" now means something)."""
    from dataclasses import replace

    from strife.resolve import anchor_dates

    dated = {ex.document.id for ex in extractions if ex.pub_date}
    anchors = anchor_dates(mentions, dated)
    if not anchors:
        return {}
    undated = [replace(ex.document, pub_date=anchors[ex.document.id][0]) for ex in extractions
               if ex.document.id in anchors]
    out = {}
    for ex in extract_documents(undated):
        ex.pub_date_source = f"anchored:{anchors[ex.document.id][1]}"
        ex.document = replace(ex.document, pub_date=None)
        out[ex.document.id] = ex
    return out


def extract_to_jsonl(paths: list[str], out: str | Path, **kwargs) -> RunSummary:
    """The evaluation contract: one JSON line per document, with cluster ids across documents."""
    from strife.export import document_record

    extractions, syndicated, summary = extract_paths(paths, **kwargs)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for ex in extractions:
            fh.write(json.dumps(document_record(ex, syndicated.get(ex.document.id)), ensure_ascii=False) + "\n")
    return summary


def ingest(paths: list[str], db: str, on_error: Callable[[IngestError], None] | None = None,
           progress: Callable[[Extraction], None] | None = None) -> RunSummary:
    """Read, extract and store new documents (each in its own transaction), then re-resolve events.
    Documents already stored are skipped, so an interrupted ingest is finished by running it again."""
    from strife.nlp.lexicon import load_actors
    from strife.store import Store

    store = Store(db)
    summary = RunSummary()

    def record(err: IngestError) -> None:
        store.record_error(err.path, err.reason)
        if on_error:
            on_error(err)

    syndication = Syndication(store.fingerprints())
    new_mentions = []
    for ex in extract_documents(_documents(paths, summary.errors, record, seen=store.has_document, counter=summary)):
        pair = syndication.pair(ex.document)
        copy_of = pair[1] if pair and pair[0] == ex.document.id else None
        if store.save_extraction(ex, syndicated_of=copy_of):
            summary.documents += 1
            summary.syndicated += bool(pair)
            if pair and pair[1] == ex.document.id:
                store.mark_syndicated(pair[0], pair[1])  # the stored one was the copy
            summary.incidents += len(ex.incidents)
            summary.indicators += len(ex.indicators)
            new_mentions.extend(ex.incidents)
        if progress:
            progress(ex)
    lexicon = load_actors()
    store.upsert_actors((a.name, a.type, list(a.countries), a.parent) for a in lexicon.actors.values())
    summary.events = resolve_store(store, new_mentions)
    return summary


def resolve_store(store, new_mentions: list | None = None) -> int:
    """Cluster mentions into events and write them. Given the mentions just stored, only their
    neighbourhood (same kind family and country, nearby months, and the events already there) is
    re-clustered, not the whole database. Returns the number of events written."""
    from strife.resolve import FAMILY, neighbourhood_keys

    syndicated = store.syndicated()
    if new_mentions is None:
        mentions = store.mentions()
    else:
        wanted: dict[tuple, set[str]] = {}
        for m in new_mentions:
            family, country, month = neighbourhood_keys(m)
            months = wanted.setdefault((family, country), set())
            if month >= 0:
                months.update(f"{k // 12:04d}-{k % 12 + 1:02d}" for k in (month - 1, month, month + 1))
        by_id = {}
        for (family, country), months in sorted(wanted.items(), key=str):
            kinds = sorted(k for k, f in FAMILY.items() if f == family)
            for m in store.mentions_near(kinds, country, sorted(months)):
                by_id[m.id] = m
        mentions = list(by_id.values())
    events = resolve(mentions, syndicated)
    store.save_events(events)
    return len(events)


def export(db: str, fmt: str, out: str | Path) -> int:
    from strife.export import write_events
    from strife.store import Store

    return write_events(Store(db).events(), fmt, Path(out))


def warn(message: str) -> None:
    print(message, file=sys.stderr)
