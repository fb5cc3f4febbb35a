"""Extraction under a watchdog: no document may hold the pipeline.

Batches of documents are extracted in worker processes. A document that takes more than its time
budget, or whose worker passes the memory ceiling (strife.nlp.limits), is cut off: its worker is
killed and replaced, the document comes back as an IngestError naming it and the reason, and the
batch goes on. A document's clock runs from the moment the rules begin on it (the whole batch
parsed); a document alone in its batch has its parse counted too. When a batch of several overruns
while it is being parsed, no single document is to blame yet: each is extracted again on its own.

Workers are forked from this process once the model, gazetteer and lexicons are loaded here
(`warm_up`), so a new one starts at once and shares them copy-on-write; each serves batch after
batch. On Linux a worker dies with the process that forked it (prctl PR_SET_PDEATHSIG), so a run
killed from outside leaves no worker behind.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import wait

from strife.extract import document_path, extract_batch, warm_up
from strife.ingest import IngestError
from strife.nlp.limits import WORKER_MEMORY_MB
from strife.nlp.truecase import is_lowercase_text
from strife.nlp.truecase import load as load_truecaser
from strife.records import Document, Extraction

POLL_SECONDS = 0.1  # how often the clocks and the memory of busy workers are read
IN_FLIGHT_PER_WORKER = 2  # batches read ahead of the oldest one not yet given back, per worker
_PARSING = -1  # the document index a worker reports while it parses its batch
_PAGE_BYTES = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass
class _Job:
    batch: int  # the batch's position in input order
    offset: int  # the position of documents[0] in that batch
    documents: list[Document]


@dataclass
class _Failed:
    """What a worker sends when its batch fails outside any one document's rules (in the parse)."""

    reason: str


class _Worker:
    """One worker process, its pipe, and what it reports of its progress: in shared memory, the
    monotonic time its current document (or batch parse) began and that document's index; the time
    is 0 while it waits or sends, when no clock runs."""

    def __init__(self, context):
        self.progress = context.RawArray("d", 2)
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, self.progress, os.getpid()), daemon=True)
        self.process.start()
        child.close()
        self.job: _Job | None = None
        self.done = 0  # records received for the job
        self.forked_mb = self.resident_mb()  # what it shares with this process, already counted as resident

    def give(self, job: _Job) -> None:
        self.job, self.done = job, 0
        self.conn.send(job.documents)

    def parsing(self) -> bool:
        return self.done == 0 and self.progress[1] == _PARSING

    def seconds(self, now: float) -> float:
        """How long the current document (or parse) has run."""
        began = self.progress[0]
        return now - began if began else 0.0

    def grown_mb(self) -> float:
        """Memory the worker has added to what it was forked with: what its documents cost."""
        return self.resident_mb() - self.forked_mb

    def resident_mb(self) -> float:
        try:
            with open(f"/proc/{self.process.pid}/statm") as fh:
                return int(fh.read().split()[1]) * _PAGE_BYTES / 2**20
        except (OSError, IndexError, ValueError):  # not Linux, or the worker is gone
            return 0.0

    def death(self) -> str:
        self.process.join(timeout=1)
        return f"extraction cut off: its worker process died (exit code {self.process.exitcode})"

    def stop(self, kill: bool = False) -> None:
        if not kill and self.job is None:
            try:
                self.conn.send(None)
                self.process.join(timeout=5)
            except (OSError, ValueError):
                pass
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


def _serve(conn, progress, parent_pid: int) -> None:
    """A worker's life: batches in, one record (or IngestError) out per document, in order."""
    _die_with(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the workers
    warm_up()  # at once when forked from a warm parent; a spawned worker loads here, with no clock running
    while True:
        try:
            documents = conn.recv()
        except EOFError:
            return
        if documents is None:
            return
        _load_for(documents)  # with no clock running
        began = time.monotonic()
        alone = len(documents) == 1

        def starting(i: int) -> None:
            progress[1] = i
            progress[0] = began if alone else time.monotonic()  # a lone document's parse is its own

        progress[1], progress[0] = _PARSING, began
        try:
            for item in extract_batch(documents, starting):
                progress[0] = 0.0
                conn.send(item)
        except Exception as exc:  # each document's rules catch their own: this is the batch's parse
            progress[0] = 0.0
            conn.send(_Failed(f"extraction failed ({type(exc).__name__}: {exc})"))
        progress[0] = 0.0


def _load_for(documents: list[Document]) -> bool:
    """Load what extracting these documents needs beyond `warm_up` (the truecaser and its word lists,
    seconds to load, when one of them is in lower case); whether they needed it."""
    if any(is_lowercase_text(d.text) for d in documents):
        load_truecaser()
        return True
    return False


def _die_with(parent_pid: int) -> None:
    """Ask Linux to kill this process when its parent dies, however it dies."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent_pid:  # the parent died before the request was made
        os._exit(1)


def extract_watched(batches: Iterable[list[Document]], workers: int = 1, budget: float | None = None,
                    memory_mb: float | None = WORKER_MEMORY_MB) -> Iterator[Extraction | IngestError]:
    """Each document's record (or IngestError), in input order, from `workers` processes; a document
    over `budget` seconds, or whose worker grows by more than `memory_mb`, is cut off and reported."""
    fork = "fork" in mp.get_all_start_methods()
    context = mp.get_context("fork" if fork else "spawn")
    if fork:
        warm_up()  # before any fork, so every worker (and every replacement) starts warm
    pool = [_Worker(context) for _ in range(max(1, workers))]
    source = iter(batches)
    jobs: deque[_Job] = deque()  # cut-off batches' remaining documents first, then new batches
    records: dict[int, list] = {}  # batch → its records so far (None: not yet known)
    missing: dict[int, int] = {}  # batch → records not yet known
    read = given_back = 0  # batches read from the source; batches given back in order
    exhausted = False
    lower_case_loaded = not fork  # a spawned worker loads for itself what it needs

    def fill(job: _Job, k: int, item) -> None:
        records[job.batch][job.offset + k] = item
        missing[job.batch] -= 1

    def replace(worker: _Worker) -> _Worker:
        worker.stop(kill=worker.job is not None)
        pool[pool.index(worker)] = fresh = _Worker(context)
        return fresh

    def cut_off(worker: _Worker, reason: str) -> None:
        job, at, parsing = worker.job, worker.done, worker.parsing()
        replace(worker)
        rest = job.documents[at:]
        if parsing and len(rest) > 1:  # no one document to blame yet: each again, on its own
            jobs.extendleft(reversed([_Job(job.batch, job.offset + at + k, [d]) for k, d in enumerate(rest)]))
            return
        fill(job, at, IngestError(document_path(rest[0]), reason))
        if len(rest) > 1:
            jobs.appendleft(_Job(job.batch, job.offset + at + 1, rest[1:]))

    def receive(worker: _Worker) -> None:
        """Every record the worker has sent; a dead worker's document is cut off."""
        try:
            while worker.job is not None and worker.conn.poll():
                item = worker.conn.recv()
                if isinstance(item, _Failed):
                    cut_off(worker, item.reason)
                    return
                fill(worker.job, worker.done, item)
                worker.done += 1
                if worker.done == len(worker.job.documents):
                    worker.job = None
        except (EOFError, OSError):
            cut_off(worker, worker.death())

    try:
        while True:
            while given_back in records and missing[given_back] == 0:
                missing.pop(given_back)
                yield from records.pop(given_back)
                given_back += 1
            for worker in pool:
                room = read - given_back < IN_FLIGHT_PER_WORKER * len(pool)
                if worker.job is None and not jobs and not exhausted and room:
                    documents = next(source, None)
                    if documents is None:
                        exhausted = True
                    else:
                        # loaded here too, so that a worker forked after (a replacement) has it
                        lower_case_loaded = lower_case_loaded or _load_for(documents)
                        records[read], missing[read] = [None] * len(documents), len(documents)
                        jobs.append(_Job(read, 0, documents))
                        read += 1
                if worker.job is None and jobs:
                    if memory_mb is not None and worker.grown_mb() > memory_mb * 3 / 4:
                        # what a process once held it seldom gives back: a fresh worker, so that the
                        # ceiling measures the next batch rather than the peaks of those before
                        worker = replace(worker)
                    worker.give(jobs.popleft())
            busy = [w for w in pool if w.job is not None]
            if not busy:
                if exhausted and not jobs and not records:
                    return
                continue
            wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=POLL_SECONDS)
            now = time.monotonic()
            for worker in busy:
                receive(worker)
                if worker.job is None or worker not in pool:
                    continue
                if not worker.process.is_alive():
                    receive(worker)  # what it sent before it died
                    if worker.job is not None:
                        cut_off(worker, worker.death())
                elif budget is not None and worker.seconds(now) > budget:
                    cut_off(worker, f"extraction cut off: over the time budget of {budget:g} s")
                elif memory_mb is not None and worker.grown_mb() > memory_mb:
                    cut_off(worker, f"extraction cut off: its worker's memory grew by over {memory_mb:g} MB")
    finally:
        for worker in pool:
            worker.stop(kill=worker.job is not None)
