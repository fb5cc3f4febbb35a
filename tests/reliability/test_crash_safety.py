"""Crash safety: a `strife ingest` killed with SIGKILL in the middle of a batch leaves no
half-written document, loses nothing it committed, and a re-run finishes the job with the same
store a clean run gives. Each document's extraction is one transaction (Store.save_extraction);
events come from a resolution pass after the batch."""
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from strife import api
from strife.store import Store
from tests.reliability.corpus import write_corpus

STRIFE = str(Path(sys.executable).with_name("strife"))
TABLES = ("documents", "mentions", "events", "indicators", "evidence", "ingest_errors")


def _query(db: str, sql: str) -> list[tuple]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as conn:
        return conn.execute(sql).fetchall()


def _count(db: str, table: str) -> int:
    return _query(db, f"SELECT COUNT(*) FROM {table}")[0][0]  # noqa: S608 (fixed names)


def _per_document(db: str) -> dict[str, tuple[int, int, int]]:
    """document id → (mentions, indicators, evidence rows) as stored."""
    rows = _query(db, "SELECT d.id, (SELECT COUNT(*) FROM mentions m WHERE m.doc_id = d.id), "
                      "(SELECT COUNT(*) FROM indicators i WHERE i.doc_id = d.id), "
                      "(SELECT COUNT(*) FROM evidence e WHERE e.doc_id = d.id) FROM documents d")
    return {r[0]: (r[1], r[2], r[3]) for r in rows}


def integrity_problems(db: str) -> list[str]:
    """Rows that point at nothing: what a half-written document would leave behind."""
    checks = {
        "mention without its document": "SELECT COUNT(*) FROM mentions m LEFT JOIN documents d ON d.id = m.doc_id "
                                        "WHERE d.id IS NULL",
        "indicator without its document": "SELECT COUNT(*) FROM indicators i LEFT JOIN documents d ON d.id = i.doc_id "
                                          "WHERE d.id IS NULL",
        "evidence without its document": "SELECT COUNT(*) FROM evidence e LEFT JOIN documents d ON d.id = e.doc_id "
                                         "WHERE d.id IS NULL",
        "evidence without its mention or indicator": "SELECT COUNT(*) FROM evidence e WHERE e.owner_id NOT IN "
                                                     "(SELECT id FROM mentions UNION SELECT id FROM indicators)",
        "mention or indicator without evidence": "SELECT COUNT(*) FROM (SELECT id FROM mentions UNION "
                                                 "SELECT id FROM indicators) o WHERE o.id NOT IN "
                                                 "(SELECT owner_id FROM evidence)",
        "mention pointing at a missing event": "SELECT COUNT(*) FROM mentions m WHERE m.event_id IS NOT NULL AND "
                                               "m.event_id NOT IN (SELECT id FROM events)",
        "event without a mention": "SELECT COUNT(*) FROM events e WHERE NOT EXISTS "
                                   "(SELECT 1 FROM mentions m WHERE m.event_id = e.id)",
    }
    problems = [f"{n} x {what}" for what, sql in checks.items() if (n := _query(db, sql)[0][0])]
    if (verdict := _query(db, "PRAGMA integrity_check")[0][0]) != "ok":
        problems.append(f"integrity_check: {verdict}")
    if _query(db, "PRAGMA foreign_key_check"):
        problems.append("foreign_key_check failed")
    return problems


def _event_signature(db: str) -> list[tuple]:
    return sorted(_query(db, "SELECT e.id, e.kind, e.date, e.place_name, e.perpetrator, e.killed_low, e.killed_best, "
                             "e.killed_high, e.n_mentions, e.n_sources FROM events e"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder, 40)
    return folder


@pytest.fixture(scope="module")
def clean_db(corpus, tmp_path_factory) -> str:
    db = str(tmp_path_factory.mktemp("clean") / "clean.db")
    summary = api.ingest([str(corpus)], db)
    assert summary.documents == 40 and not summary.errors and summary.syndicated == 0
    assert summary.incidents >= 40
    return db


@pytest.fixture(scope="module")
def killed(corpus, tmp_path_factory):
    """`strife ingest` as a real process, SIGKILLed once at least 3 documents are committed; then
    the store as the kill left it (opened afterwards, as the next run will) and the re-run's output."""
    folder = tmp_path_factory.mktemp("killed")
    db = str(folder / "tmp.db")
    Store(db)  # the schema, so the poller can count from the start
    proc = subprocess.Popen([STRIFE, "ingest", str(corpus), "--db", db], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 120
    stored = 0
    try:
        while stored < 3:
            assert proc.poll() is None, f"ingest ended before it could be killed: {proc.communicate()}"
            assert time.monotonic() < deadline, "no documents stored within 120 s"
            time.sleep(0.02)
            stored = _count(db, "documents")
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    at_kill = {"documents": _count(db, "documents"), "per_document": _per_document(db),
               "problems": integrity_problems(db), "events": _count(db, "events")}
    rerun = subprocess.run([STRIFE, "ingest", str(corpus), "--db", db], capture_output=True, text=True, timeout=180)
    return {"db": db, "at_kill": at_kill, "rerun": rerun}


def test_sigkill_mid_ingest_leaves_no_half_written_document(killed, clean_db):
    at_kill = killed["at_kill"]
    print(f"\nSIGKILL after {at_kill['documents']} of 40 documents were committed; {at_kill['events']} events")
    assert 3 <= at_kill["documents"] < 40, "the kill must land in the middle of the batch"
    assert at_kill["problems"] == []
    # every committed document has all of its extraction: the same rows a clean run stores for it
    clean = _per_document(clean_db)
    assert {doc: clean[doc] for doc in at_kill["per_document"]} == at_kill["per_document"]


def test_rerun_after_sigkill_skips_what_was_stored_and_finishes(killed, clean_db):
    rerun, n = killed["rerun"], killed["at_kill"]["documents"]
    assert rerun.returncode == 0, rerun.stderr
    assert f"ingested: {40 - n} documents ({n} already seen" in rerun.stdout
    db = killed["db"]
    for table in ("documents", "mentions", "indicators", "evidence", "ingest_errors"):
        assert _count(db, table) == _count(clean_db, table), table
    assert _per_document(db) == _per_document(clean_db)
    assert integrity_problems(db) == []


def test_rerun_after_sigkill_resolves_every_mention(killed, clean_db):
    db = killed["db"]
    assert _count(db, "mentions WHERE event_id IS NULL") == 0
    assert _event_signature(db) == _event_signature(clean_db)


def test_rerun_after_a_crash_before_resolution_produces_every_event(corpus, clean_db, tmp_path, monkeypatch):
    """Killed after the last document was stored but before the resolution pass: the re-run stores
    nothing new, and must still write every event."""
    db = str(tmp_path / "unresolved.db")

    def crash(*_args, **_kwargs):
        raise KeyboardInterrupt("killed before the events were written")

    with monkeypatch.context() as patch:
        patch.setattr(Store, "save_events", crash)
        try:
            api.ingest([str(corpus)], db)
        except KeyboardInterrupt:
            pass
        else:
            pytest.fail("the ingest never reached Store.save_events")
    assert _count(db, "documents") == 40 and _count(db, "events") == 0
    again = api.ingest([str(corpus)], db)
    assert again.documents == 0 and again.skipped_duplicates == 40
    assert _event_signature(db) == _event_signature(clean_db)


def test_a_failure_inside_a_document_transaction_writes_nothing_of_it(corpus, tmp_path, monkeypatch):
    """The store fails half-way through a document's rows (after its document row and first mention):
    nothing of that document remains, the documents before it are whole."""
    from strife.store import db as store_db

    db = str(tmp_path / "partial.db")
    calls = {"n": 0}
    original = store_db.Store._insert_evidence

    def failing(self, conn, owner_id, evidence):
        calls["n"] += 1
        if calls["n"] == 4:
            raise RuntimeError("disk full")
        return original(self, conn, owner_id, evidence)

    monkeypatch.setattr(store_db.Store, "_insert_evidence", failing)
    files = sorted(corpus.iterdir())[:6]
    with pytest.raises(RuntimeError, match="disk full"):
        api.ingest([str(f) for f in files], db)
    stored = _count(db, "documents")
    assert 1 <= stored < 6
    assert integrity_problems(db) == []
    per_doc = _per_document(db)
    assert all(m >= 1 and e >= m for m, _, e in per_doc.values())  # each stored document is whole
