"""Local scale: parallel extraction gives the records of one process in input order, the streaming
extraction gives what the in-memory one gives, and the vectorised syndication check agrees with the
pairwise one."""
import json
import random
from dataclasses import asdict, replace
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strife import api
from strife.cli import app
from strife.export import document_record
from strife.extract import extract_documents
from strife.ingest import IngestError, hamming, read_paths
from strife.records import Document
from strife.scale.rows import extraction_row, row_item, NAMES

CORPUS = Path(str(resources.files("strife.data").joinpath("sample_corpus")))


@pytest.fixture(scope="module")
def in_memory():
    return api.extract_paths([str(CORPUS)])


def test_two_processes_stream_the_same_records_in_order():
    docs = [d for d in read_paths([str(CORPUS)]) if not isinstance(d, IngestError)]
    one = [asdict(ex) for ex in extract_documents(docs, batch_size=4)]
    two = [asdict(ex) for ex in extract_documents(iter(docs), batch_size=4, workers=2)]  # 7 batches over 2 workers
    assert [ex["document"]["name"] for ex in two] == [d.name for d in docs]
    assert one == two


def test_a_document_failing_in_a_worker_is_reported_and_the_rest_go_on(monkeypatch):
    """A worker sends the failure back as an IngestError (it must survive pickling: once it did
    not, and the pool's result thread died and the run hung)."""
    import pickle

    import strife.extract as extraction

    err = pickle.loads(pickle.dumps(IngestError("a.txt", "unreadable")))
    assert (err.path, err.reason, str(err)) == ("a.txt", "unreadable", "a.txt: unreadable")
    docs = [d for d in read_paths([str(CORPUS)]) if not isinstance(d, IngestError)][:8]
    bad = docs[3].id
    real = extraction.extract_one

    def failing(document, parsed):
        if document.id == bad:
            raise RuntimeError("rule broke")
        return real(document, parsed)

    monkeypatch.setattr(extraction, "extract_one", failing)  # forked workers inherit the patch
    errors = []
    out = list(extract_documents(docs, batch_size=2, workers=2, on_error=errors.append))
    assert [ex.document.id for ex in out] == [d.id for d in docs if d.id != bad]
    assert len(errors) == 1 and "rule broke" in errors[0].reason and errors[0].path


def test_streaming_jsonl_in_two_processes_equals_in_memory_extraction(in_memory, tmp_path):
    extractions, syndicated, summary = in_memory
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["extract", str(CORPUS), "--out", str(out), "--workers", "2"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    expected = [json.loads(json.dumps(document_record(ex, syndicated.get(ex.document.id)))) for ex in extractions]
    assert lines == expected
    assert summary.documents == 25 and summary.incidents == sum(len(x["incidents"]) for x in lines)
    assert any((x["pub_date_source"] or "").startswith("anchored:") for x in lines)  # the re-extraction pass ran
    assert all(m["cluster_id"] for x in lines for m in x["incidents"])


def test_parquet_row_round_trip(in_memory):
    extractions, _, _ = in_memory
    for ex in extractions:
        row = dict(zip(NAMES, extraction_row(ex, "k", 0)))
        assert row_item(row) == replace(ex, places=[])  # places are not stored
    err = row_item(dict(zip(NAMES, (None,) * len(NAMES))) | {"path": "a.txt", "error": "empty file"})
    assert isinstance(err, IngestError) and str(err) == "a.txt: empty file"


def _pairwise(known, doc):
    """The syndication rule as first written: one comparison per document seen."""
    for doc_id, fingerprint, length in known:
        distance = hamming(fingerprint, doc.simhash)
        if doc_id == doc.id or distance > api.SYNDICATION_BITS:
            continue
        if min(length, len(doc.text)) < api.SHORT_TEXT_CHARS and distance > api.SHORT_SYNDICATION_BITS:
            continue
        return (doc.id, doc_id) if (length, doc_id) < (len(doc.text), doc.id) else (doc_id, doc.id)
    known.append((doc.id, doc.simhash, len(doc.text)))
    return None


def test_vectorised_syndication_agrees_with_pairwise():
    rng = random.Random(7)
    stories = [rng.getrandbits(64) - (1 << 63) for _ in range(40)]
    seen = api.Syndication([("stored", stories[0], 50)])
    known = [("stored", stories[0], 50)]
    for n in range(3000):  # > the initial array size, so it grows
        base = rng.choice(stories) if rng.random() < 0.3 else rng.getrandbits(64) - (1 << 63)
        flips = rng.sample(range(64), rng.choice([0, 3, 12, 13, 20]))
        fingerprint = base
        for bit in flips:
            fingerprint ^= 1 << bit
        fingerprint = fingerprint - (1 << 64) if fingerprint >= 1 << 63 else fingerprint
        doc = Document(id=f"d{n}", text="x" * rng.choice([rng.randint(10, 90), rng.randint(1000, 3000)]),
                       simhash=fingerprint)
        assert seen.pair(doc) == _pairwise(known, doc), n


def test_load_names_a_missing_parquet_folder(tmp_path):
    result = CliRunner().invoke(app, ["load", str(tmp_path / "nothing.parquet"), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 2 and "no such Parquet file or folder" in result.output
