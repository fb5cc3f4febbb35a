"""Strife's Python API: the jobs the CLI (and later the web app) run, one function each.

    from strife import api
    summary = api.ingest(["articles/"], db="strife.db", workers=2)
    api.extract_to_jsonl(["articles/"], "out.jsonl")
    api.load_parquet("extracted.parquet", db="strife.db")   # what `strife extract --engine spark` wrote
"""
from __future__ import annotations

import json
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import numpy as np

from strife.extract import extract_documents
from strife.ingest import IngestError, read_paths
from strife.ingest.fetch import FetchPolicy
from strife.nlp.limits import DOCUMENT_SECONDS
from strife.records import Document, Extraction, RunSummary
from strife.resolve import resolve

SYNDICATION_BITS = 12  # simhash distance (of 64): copies with a new headline and a sentence added stay under it;
# unrelated texts sit near 32 (P(distance <= 12) for two random texts is about 4e-7)
SHORT_TEXT_CHARS = 1000  # below this, one changed name moves a fingerprint a few bits: ask for near identity
SHORT_SYNDICATION_BITS = 3
ANCHOR_ROUNDS = 3  # documents dated from the incidents they share, dating others in turn


class Syndication:
    """Remembers fingerprints of documents seen, to tell a syndicated copy from a new story.
    Of two near-identical texts the shorter is the original (a copy adds its own headline,
    boilerplate and a sentence or two), whatever order they arrive in.

    Fingerprints sit in one numpy array, so a check against 100,000 documents is one vectorised
    pass rather than 100,000 Python comparisons."""

    def __init__(self, known: Iterable[tuple[str, int, int]] = ()):
        self.ids: list[str] = []
        self.lengths: list[int] = []
        self.fingerprints = np.zeros(1024, dtype=np.uint64)
        for doc_id, fingerprint, length in known:
            self._remember(doc_id, fingerprint, length)

    def _remember(self, doc_id: str, fingerprint: int, length: int) -> None:
        n = len(self.ids)
        if n == len(self.fingerprints):
            self.fingerprints = np.concatenate([self.fingerprints, np.zeros(n, dtype=np.uint64)])
        self.fingerprints[n] = fingerprint & 0xFFFF_FFFF_FFFF_FFFF  # stored signed (BIGINT), compared as bits
        self.ids.append(doc_id)
        self.lengths.append(length)

    def pair(self, doc: Document) -> tuple[str, str] | None:
        """(copy id, original id) when `doc` is a near copy of a document seen before."""
        n = len(self.ids)
        if n:
            distances = np.bitwise_count(self.fingerprints[:n] ^ np.uint64(doc.simhash & 0xFFFF_FFFF_FFFF_FFFF))
            for i in np.flatnonzero(distances <= SYNDICATION_BITS):  # the earliest seen wins, as it always did
                doc_id, length = self.ids[i], self.lengths[i]
                if doc_id == doc.id:
                    continue
                if min(length, len(doc.text)) < SHORT_TEXT_CHARS and distances[i] > SHORT_SYNDICATION_BITS:
                    continue  # two short reports of two incidents in one place differ by a name or two
                if (length, doc_id) < (len(doc.text), doc.id):
                    return doc.id, doc_id
                return doc_id, doc.id
        self._remember(doc.id, doc.simhash, len(doc.text))
        return None


def _documents(paths: list[str], errors: list[str], on_error: Callable[[IngestError], None] | None,
               seen: Callable[[str], bool] | None = None, counter: RunSummary | None = None,
               pub_date: str | None = None, manifest: str | Path | None = None,
               fetch_policy: FetchPolicy | None = None) -> Iterator[Document]:
    ids: set[str] = set()
    for item in read_paths(paths, pub_date=pub_date, manifest=manifest, fetch_policy=fetch_policy):
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
                  progress: Callable[[Extraction], None] | None = None, workers: int = 1,
                  pub_date: str | None = None, manifest: str | Path | None = None,
                  fetch_policy: FetchPolicy | None = None, budget: float | None = DOCUMENT_SECONDS,
                  ) -> tuple[list[Extraction], dict[str, str], RunSummary]:
    """Ingest → extract → resolve in memory, touching no database. (For corpora too big to hold,
    `extract_to_jsonl` streams the same records to a file.) `pub_date`: a publication date for every
    document that carries none of its own; `manifest`: a CSV or JSONL table of each file's date,
    outlet and URL (see strife.ingest.read_paths). URLs are fetched under `fetch_policy` (default:
    public addresses only). A document whose extraction takes over `budget` seconds (None: no limit)
    is cut off and reported as an error."""
    with _resolved_extractions(paths, on_error, progress, workers, pub_date, manifest, fetch_policy, budget) as (
            extractions, syndicated, summary):
        return list(extractions), syndicated, summary


@contextmanager
def _resolved_extractions(paths: list[str], on_error, progress, workers: int, pub_date: str | None = None,
                          manifest: str | Path | None = None, fetch_policy: FetchPolicy | None = None,
                          budget: float | None = DOCUMENT_SECONDS):
    """Extract every document, resolve their incidents across documents, then replay the extractions
    with cluster ids (and dates from context) filled in. Only the incident mentions stay in memory,
    since resolution needs them all; the rest of each extraction (text included) waits in a spill
    file. Yields (extractions in input order, syndicated copy → original, summary)."""
    from strife.resolve import anchor_dates, date_from_publication

    summary = RunSummary()
    syndication = Syndication()
    syndicated: dict[str, str] = {}
    incidents_by_doc: dict[str, list] = {}  # doc id → its mentions, in input order
    indicators_by_doc: dict[str, int] = {}
    pub_dates: dict[str, tuple[str, str]] = {}  # doc id → (publication date, how it was found)
    windows: dict[str, tuple[str | None, str | None]] = {}  # doc id → what its text allows for that date
    told_alone: dict[str, set[str]] = {}  # undated doc id → the dates its text writes out in full
    with tempfile.TemporaryFile(prefix="strife-extract-") as spill:
        documents = _documents(paths, summary.errors, on_error, counter=summary, pub_date=pub_date, manifest=manifest,
                               fetch_policy=fetch_policy)
        for ex in extract_documents(documents, workers=workers, on_error=_collect(summary, on_error), budget=budget):
            summary.skipped_sentences += ex.skipped_sentences
            pair = syndication.pair(ex.document)
            if pair:
                syndicated.pop(pair[1], None)
                syndicated[pair[0]] = pair[1]
            incidents_by_doc[ex.document.id] = ex.incidents
            indicators_by_doc[ex.document.id] = len(ex.indicators)
            if ex.pub_date:
                pub_dates[ex.document.id] = (ex.pub_date, ex.pub_date_source)
            else:
                told_alone[ex.document.id] = {m.date for m in ex.incidents if m.date and not m.date_from_context}
            windows[ex.document.id] = (ex.pub_date_earliest, ex.pub_date_latest)
            pickle.dump(replace(ex, incidents=[]), spill, protocol=pickle.HIGHEST_PROTOCOL)
            if progress:
                progress(ex)
        mentions = [m for ms in incidents_by_doc.values() for m in ms]
        events = resolve(mentions, syndicated)
        # Documents that dated nothing (or whose date, inferred from their text, the incidents they
        # recount contradict), dated by the incidents they share with dated documents and extracted
        # again with that date as their reference (their "last week" now means something). A document
        # dated so may date, in turn, an incident another undated one recounts: a few rounds.
        redated: dict[str, Extraction] = {}
        for _ in range(ANCHOR_ROUNDS):
            anchors = {doc_id: a for doc_id, a in anchor_dates(mentions, pub_dates, windows, told_alone).items()
                       if doc_id not in redated}
            if not anchors:
                break
            undated = [replace(ex.document, pub_date=anchors[ex.document.id][0], pub_date_source="anchored")
                       for ex in _replay(spill) if ex.document.id in anchors]
            for ex in extract_documents(undated, workers=workers, budget=budget):
                ex.pub_date_source = f"anchored:{anchors[ex.document.id][1]}"
                ex.pub_date_earliest, ex.pub_date_latest = windows.get(ex.document.id, (None, None))
                ex.document = replace(ex.document, pub_date=None, pub_date_source=None)
                redated[ex.document.id] = ex
                incidents_by_doc[ex.document.id] = ex.incidents
                indicators_by_doc[ex.document.id] = len(ex.indicators)
            pub_dates.update((doc_id, (date, "anchored")) for doc_id, (date, _) in anchors.items())
            mentions = [m for ms in incidents_by_doc.values() for m in ms]
            events = resolve(mentions, syndicated)
        date_from_publication(mentions, {doc_id: date for doc_id, (date, _) in pub_dates.items()})
        summary.documents = len(incidents_by_doc)
        summary.syndicated = len(syndicated)
        summary.incidents = len(mentions)
        summary.indicators = sum(indicators_by_doc.values())
        summary.events = len(events)

        def resolved() -> Iterator[Extraction]:
            for ex in _replay(spill):
                doc_id = ex.document.id
                yield redated[doc_id] if doc_id in redated else replace(ex, incidents=incidents_by_doc[doc_id])

        yield resolved(), syndicated, summary


def _replay(spill) -> Iterator[Extraction]:
    spill.flush()
    spill.seek(0)
    while True:
        try:
            yield pickle.load(spill)
        except EOFError:
            return


def extract_to_jsonl(paths: list[str], out: str | Path, workers: int = 1, **kwargs) -> RunSummary:
    """The evaluation contract: one JSON line per document, with cluster ids across documents."""
    from strife.export import document_record

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with _resolved_extractions(paths, kwargs.get("on_error"), kwargs.get("progress"), workers,
                               kwargs.get("pub_date"), kwargs.get("manifest"), kwargs.get("fetch_policy"),
                               kwargs.get("budget", DOCUMENT_SECONDS)) as (
            extractions, syndicated, summary):
        with out.open("w", encoding="utf-8") as fh:
            for ex in extractions:
                fh.write(json.dumps(document_record(ex, syndicated.get(ex.document.id)), ensure_ascii=False) + "\n")
    return summary


def ingest(paths: list[str], db: str, on_error: Callable[[IngestError], None] | None = None,
           progress: Callable[[Extraction], None] | None = None, workers: int = 1,
           pub_date: str | None = None, manifest: str | Path | None = None,
           fetch_policy: FetchPolicy | None = None, budget: float | None = DOCUMENT_SECONDS) -> RunSummary:
    """Read, extract and store new documents (each in its own transaction), then re-resolve events.
    Documents already stored are skipped, so an interrupted ingest is finished by running it again.
    URLs are fetched under `fetch_policy` (default: public addresses only; see strife.ingest.fetch).
    A document whose extraction takes over `budget` seconds (None: no limit) is cut off and recorded
    as an error; the others are stored."""
    from strife.store import Store

    store = Store(db)
    summary = RunSummary()

    def record(err: IngestError) -> None:
        store.record_error(err.path, err.reason)
        if on_error:
            on_error(err)

    documents = _documents(paths, summary.errors, record, seen=store.has_document, counter=summary,
                           pub_date=pub_date, manifest=manifest, fetch_policy=fetch_policy)
    extractions = extract_documents(documents, workers=workers, on_error=_collect(summary, record), budget=budget)
    keys, stored = _store_extractions(store, extractions, summary, progress)
    summary.events = _finish_store(store, keys)
    if stored:
        _anchor_stored(store, stored, workers, budget)
    return summary


def _anchor_stored(store, doc_ids: set[str], workers: int, budget: float | None) -> None:
    """The store's counterpart of the anchoring in `_resolved_extractions`. Of the documents just
    stored, those their text left undated or only guessed a date for (and undated ones stored
    before, where a new report now dates an incident they share) are dated from the events they are
    in, read again against that date, put in place of their first reading, and their neighbourhoods
    re-resolved; a few rounds, as one document dated so may date another."""

    from strife.resolve import anchor_dates, neighbourhood_keys

    anchored: set[str] = set()
    told_alone: dict[str, set[str]] = {}  # undated doc id → the dates its text writes out in full
    for _ in range(ANCHOR_ROUNDS):
        mentions = store.mentions_beside(doc_ids)
        dates = store.document_dates({m.doc_id for m in mentions})
        # a date lent by anchoring, in this ingest or an earlier one, is "anchored" to anchor_dates
        pub_dates = {doc_id: (d[0], "anchored" if (d[1] or "").startswith("anchored") else d[1])
                     for doc_id, d in dates.items() if d[0]}
        windows = {doc_id: (d[2], d[3]) for doc_id, d in dates.items()}
        for m in mentions:
            if not dates[m.doc_id][0] and m.date and not m.date_from_context:
                told_alone.setdefault(m.doc_id, set()).add(m.date)
        anchors = {doc_id: a for doc_id, a in anchor_dates(mentions, pub_dates, windows, told_alone).items()
                   if doc_id not in anchored and (doc_id in doc_ids or not dates[doc_id][0])}
        if not anchors:
            break
        documents = [replace(store.document(doc_id), pub_date=date, pub_date_source="anchored")
                     for doc_id, (date, _) in sorted(anchors.items())]
        keys: set[tuple] = set()
        for ex in extract_documents(documents, workers=workers, budget=budget):
            ex.pub_date_source = f"anchored:{anchors[ex.document.id][1]}"
            ex.pub_date_earliest, ex.pub_date_latest = windows.get(ex.document.id, (None, None))
            keys.update(neighbourhood_keys(m, ex.pub_date) for m in store.replace_extraction(ex))
            keys.update(neighbourhood_keys(m, ex.pub_date) for m in ex.incidents)
            anchored.add(ex.document.id)
        doc_ids = doc_ids | anchored
        _resolve_neighbourhoods(store, keys)


def _collect(summary: RunSummary, report: Callable[[IngestError], None] | None) -> Callable[[IngestError], None]:
    def collect(err: IngestError) -> None:
        summary.errors.append(str(err))
        if report:
            report(err)
    return collect


def load_parquet(path: str | Path, db: str, on_error: Callable[[IngestError], None] | None = None,
                 progress: Callable[[Extraction], None] | None = None) -> RunSummary:
    """Merge what `strife extract --engine spark` wrote (a Parquet folder or file, one row per
    document) into the store, as `ingest` would have stored it: documents already stored are
    skipped, unreadable inputs are recorded, then the events around the new mentions are re-resolved."""
    from strife.scale.rows import read_rows
    from strife.store import Store

    store = Store(db)
    summary = RunSummary()
    seen: set[str] = set()

    def extractions() -> Iterator[Extraction]:
        for item in read_rows(path):
            if isinstance(item, IngestError):
                summary.errors.append(str(item))
                store.record_error(item.path, item.reason)
                if on_error:
                    on_error(item)
                continue
            if item.document.id in seen or store.has_document(item.document.id):
                summary.skipped_duplicates += 1
                continue
            seen.add(item.document.id)
            yield item

    keys, stored = _store_extractions(store, extractions(), summary, progress)
    summary.events = _finish_store(store, keys)
    if stored:  # undated reports read again here, against the date their events give them
        _anchor_stored(store, stored, workers=1, budget=DOCUMENT_SECONDS)
    return summary


def _store_extractions(store, extractions: Iterable[Extraction], summary: RunSummary,
                       progress: Callable[[Extraction], None] | None) -> tuple[set[tuple], set[str]]:
    """Save each extraction in its own transaction, marking syndicated copies. Returns the
    neighbourhoods (kind family, country, months) of the new mentions, all that re-resolution needs
    to remember of them so memory does not grow with the corpus, and the ids of the documents stored
    (anchoring dates them, or the undated ones they share an incident with)."""
    from strife.resolve import neighbourhood_keys

    syndication = Syndication(store.fingerprints())
    keys: set[tuple] = set()
    stored: set[str] = set()
    for ex in extractions:
        pair = syndication.pair(ex.document)
        copy_of = pair[1] if pair and pair[0] == ex.document.id else None
        if store.save_extraction(ex, syndicated_of=copy_of):
            summary.documents += 1
            summary.syndicated += bool(pair)
            if pair and pair[1] == ex.document.id:
                store.mark_syndicated(pair[0], pair[1])  # the stored one was the copy
            summary.incidents += len(ex.incidents)
            summary.indicators += len(ex.indicators)
            summary.skipped_sentences += ex.skipped_sentences
            keys.update(neighbourhood_keys(m, ex.pub_date) for m in ex.incidents)
            stored.add(ex.document.id)
        if progress:
            progress(ex)
    return keys, stored


def _finish_store(store, keys: set[tuple]) -> int:
    from strife.nlp.lexicon import load_actors

    from strife.resolve import neighbourhood_keys

    lexicon = load_actors()
    store.upsert_actors((a.name, a.type, list(a.countries), a.parent) for a in lexicon.actors.values())
    # mentions an interrupted run stored but never resolved get their events now
    keys = set(keys) | {neighbourhood_keys(m) for m in store.mentions(where_unclustered=True)}
    return _resolve_neighbourhoods(store, keys)


def resolve_store(store, new_mentions: list | None = None) -> int:
    """Cluster mentions into events and write them. Given the mentions just stored, only their
    neighbourhood (same kind family and country, nearby months, and the events already there) is
    re-clustered, not the whole database. Returns the number of events written."""
    from strife.resolve import neighbourhood_keys

    if new_mentions is None:
        return _resolve_neighbourhoods(store, None)
    return _resolve_neighbourhoods(store, {neighbourhood_keys(m) for m in new_mentions})


def _resolve_neighbourhoods(store, keys: set[tuple] | None) -> int:
    """Re-resolve the stored mentions in these (kind family, country, first month, last month)
    neighbourhoods (`neighbourhood_keys`), each widened by a month on either side; all mentions when
    `keys` is None."""
    from strife.resolve import FAMILY, UNDATED

    syndicated = store.syndicated()
    if keys is None:
        mentions = store.mentions()
    else:
        # an undated mention placed in a country may be any incident of its kind there: all months (None)
        wanted: dict[tuple, set[str] | None] = {}
        for family, country, first, last in keys:
            months = wanted.setdefault((family, country), set())
            if first == UNDATED and country:
                wanted[family, country] = None
            elif first != UNDATED and months is not None:
                months.update(f"{k // 12:04d}-{k % 12 + 1:02d}" for k in range(first - 1, last + 2))
        by_id = {}
        for (family, country), months in sorted(wanted.items(), key=str):
            kinds = sorted(k for k, f in FAMILY.items() if f == family)
            for m in store.mentions_near(kinds, country, None if months is None else sorted(months)):
                by_id[m.id] = m
        mentions = list(by_id.values())
    before = {m.id: (m.date, m.date_precision, m.date_from_context) for m in mentions}
    events = resolve(mentions, syndicated, store.pub_dates({m.doc_id for m in mentions}))
    # the dates resolution lent undated mentions (their event's, their report's month) are kept, as the
    # export of `strife extract` shows them
    store.save_events(events, [m for m in mentions if before[m.id] != (m.date, m.date_precision, m.date_from_context)])
    return len(events)


def extract_spark(paths: list[str], out: str, master: str | None = None,
                  partitions: int | None = None, budget: float | None = DOCUMENT_SECONDS) -> RunSummary:
    """The same extraction on a Spark cluster (or local Spark): each partition runs the model once
    per Python worker; one Parquet row per document (see strife.scale.rows), a document over its
    time `budget` an error row. Load the result into a store with `load_parquet`."""
    from strife.scale.spark import extract_to_parquet, spark_session

    spark = spark_session(master)
    try:
        return extract_to_parquet(spark, paths, out, partitions=partitions, budget=budget)
    finally:
        spark.stop()


def export(db: str, fmt: str, out: str | Path) -> int:
    from strife.export import write_events
    from strife.store import Store

    return write_events(Store(db).events(), fmt, Path(out))


def warn(message: str) -> None:
    print(message, file=sys.stderr)
