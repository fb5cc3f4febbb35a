"""The Spark runner, in local mode: the bundled corpus through `strife extract --engine spark` and
`strife load` gives the store, and the exports, that `strife ingest` gives. Skipped, loudly, when
pyspark is not installed or Spark cannot start here."""
import json
import os
import sys
import warnings
from dataclasses import asdict
from importlib import resources
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from strife import api
from strife.cli import app
from strife.extract import extract_documents
from strife.ingest import IngestError, read_paths
from strife.scale.rows import read_rows
from strife.store import Store
from tests.reliability.stress import ARTICLE, SHAPES

CORPUS = Path(str(resources.files("strife.data").joinpath("sample_corpus")))
BAD = Path(__file__).parent.parent / "fixtures" / "bad"
JAVA_17 = "/usr/lib/jvm/java-17-openjdk-amd64"


def _skip(reason: str):
    warnings.warn(f"Spark tests are SKIPPED: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def spark_env():
    try:
        import pyspark  # noqa: F401
    except ImportError:
        _skip("pyspark is not installed (pip install -e '.[spark]')")
    saved = dict(os.environ)
    os.environ.update(SPARK_LOCAL_IP="127.0.0.1", PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
    if "JAVA_HOME" not in os.environ and Path(JAVA_17).is_dir():
        os.environ["JAVA_HOME"] = JAVA_17
    yield
    os.environ.clear()
    os.environ.update(saved)


@pytest.fixture(scope="module")
def spark_run(spark_env, tmp_path_factory):
    """The corpus through the CLI's Spark engine, loaded into one store; the corpus through `ingest`
    into another."""
    tmp = tmp_path_factory.mktemp("spark")
    out = tmp / "corpus.parquet"
    result = CliRunner().invoke(app, ["extract", "--engine", "spark", str(CORPUS), "--out", str(out),
                                      "--partitions", "3"])
    if result.exit_code == 2 and "Spark could not start" in result.output:
        _skip(result.output.strip())
    assert result.exit_code == 0, result.output
    assert "25 documents, 0 errors" in result.output
    spark_db, local_db = str(tmp / "spark.db"), str(tmp / "local.db")
    loaded = CliRunner().invoke(app, ["load", str(out), "--db", spark_db])
    assert loaded.exit_code == 0, loaded.output
    api.ingest([str(CORPUS)], local_db)
    return tmp, out, spark_db, local_db


def test_spark_and_local_runs_export_the_same_events(spark_run):
    tmp, _, spark_db, local_db = spark_run
    assert Store(spark_db).counts() == Store(local_db).counts()
    for fmt in ("jsonl", "csv"):
        api.export(spark_db, fmt, tmp / f"spark.{fmt}")
        api.export(local_db, fmt, tmp / f"local.{fmt}")
        assert (tmp / f"spark.{fmt}").read_text() == (tmp / f"local.{fmt}").read_text()
    events = [json.loads(line) for line in (tmp / "spark.jsonl").read_text().splitlines()]
    assert len(events) == Store(local_db).counts()["events"] > 0 and any(e["n_sources"] >= 2 for e in events)
    # undated reports are dated from their events on load as on ingest
    dates = {db: sorted((d["name"], d["pub_date"], d["pub_date_source"]) for d in Store(db).documents())
             for db in (spark_db, local_db)}
    assert dates[spark_db] == dates[local_db]
    assert any((source or "").startswith("anchored") for _, _, source in dates[local_db])


def test_spark_rows_are_the_local_extractions_in_local_order(spark_run):
    _, out, _, _ = spark_run
    docs = [d for d in read_paths([str(CORPUS)]) if not isinstance(d, IngestError)]
    local = [asdict(ex) | {"places": []} for ex in extract_documents(docs)]
    spark = [asdict(ex) for ex in read_rows(out)]
    for row in local + spark:
        row["document"]["path"] = row["document"]["path"].removeprefix(str(CORPUS.resolve()))
    for row in local:
        row["document"]["path"] = row["document"]["path"].removeprefix(str(CORPUS))
    assert spark == local


def test_load_skips_documents_already_stored(spark_run):
    _, out, spark_db, _ = spark_run
    again = api.load_parquet(out, spark_db)
    assert again.documents == 0 and again.skipped_duplicates == 25
    assert Store(spark_db).counts()["documents"] == 25


def test_parquet_corpus_and_unreadable_files(spark_run):
    """A Parquet corpus (one article per row, JSONL's fields) is read by Spark's Parquet source; bad
    files give the errors a local ingest gives, and `strife load` records them."""
    tmp, _, _, _ = spark_run
    records = [json.loads(line) for line in (CORPUS / "wire.jsonl").read_text().splitlines()]
    records.append({"text": records[0]["text"].replace("Dalori", "Dalori village")})  # no id: named file#row
    corpus = tmp / "wire.parquet"
    pq.write_table(pa.Table.from_pylist(records), corpus)
    out = tmp / "mixed.parquet"
    summary = api.extract_spark([str(corpus), str(BAD)], str(out), partitions=2)
    store = str(tmp / "mixed.db")
    loaded = api.load_parquet(out, store)
    local = api.ingest([str(BAD)], str(tmp / "bad.db"))
    assert sorted(loaded.errors) == sorted(e.replace(str(BAD), str(BAD.resolve())) for e in local.errors)
    assert len(summary.errors) == len(local.errors) and Store(store).errors()
    names = [d["name"] for d in Store(store).documents()]
    assert {"mw-2016-0201-0412", "wire#4"} <= set(names)
    assert summary.documents == loaded.documents + loaded.skipped_duplicates == len(records) + local.documents


def test_a_document_over_its_time_budget_is_an_error_row_and_the_others_are_extracted(spark_run):
    """The Spark runner's partitions extract under the same watchdog as a local run."""
    tmp, _, _, _ = spark_run
    folder = tmp / "hostile"
    folder.mkdir()
    (folder / "a_article.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "b_paragraph.txt").write_text(SHAPES["single_paragraph"](400_000), encoding="utf-8")
    (folder / "c_article.txt").write_text(ARTICLE.replace("Baqubah", "Kirkuk"), encoding="utf-8")
    out = tmp / "hostile.parquet"
    summary = api.extract_spark([str(folder)], str(out), partitions=1, budget=3)
    assert summary.documents == 2
    (error,) = summary.errors
    assert error == f"{(folder / 'b_paragraph.txt').resolve()}: extraction cut off: over the time budget of 3 s"
    loaded = api.load_parquet(out, str(tmp / "hostile.db"))
    assert loaded.documents == 2 and loaded.incidents >= 2 and loaded.errors == [error]
