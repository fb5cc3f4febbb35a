"""The Spark runner: corpora on any path Spark reads → one Parquet row per document (strife.scale.rows).

Files (text, HTML, feeds, JSON/JSONL, WARC) are read whole by Spark's `binaryFile` source and
parsed on the executors by Strife's own readers, so names, paths and records are what a local
run gives. Parquet corpora (`*.parquet`, one article per row with a text column as in JSONL) are
read by Spark's Parquet source, split as Spark splits them. Each partition runs the same
`extract_documents` as a local run, under the same watchdog (a document over its time budget is
an error row); the spaCy model is loaded once per Python worker (workers are reused across
tasks), and the watchdog's extraction processes are forked from it. Resolution needs every
mention at once, so it is not done here: `strife load` merges the rows into a store and resolves
there.
"""
from __future__ import annotations

import os
import sys
import tempfile
from collections import deque
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote

from strife.nlp.limits import DOCUMENT_SECONDS
from strife.records import RunSummary
from strife.scale.rows import COLUMNS, error_row, extraction_row

DEFAULT_MASTER = "local[*]"


class SparkUnavailable(Exception):
    """pyspark is not installed, or Spark (its JVM) could not start; the message says which."""


def spark_session(master: str | None = None, app_name: str = "strife"):
    """A SparkSession. Under spark-submit the master and settings are spark-submit's; run as a plain
    program it is `master` or local[*], with the settings local mode needs here (loopback address,
    the workers on this interpreter, no web UI)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise SparkUnavailable("pyspark is not installed: pip install 'strife[spark]'") from exc
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ  # launched by spark-submit: the JVM is already up
    builder = SparkSession.builder.appName(app_name)
    if master or not submitted:
        master = master or DEFAULT_MASTER
        builder = builder.master(master)
        if master.startswith("local"):
            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
            os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
            builder = builder.config("spark.ui.enabled", "false")
    try:
        return builder.getOrCreate()
    except Exception as exc:  # py4j / JVM start-up failures come in many types
        raise SparkUnavailable(f"Spark could not start ({type(exc).__name__}: {exc})".splitlines()[0]) from exc


def spark_schema():
    from pyspark.sql import types as T

    kinds = {"string": T.StringType(), "int64": T.LongType()}
    return T.StructType([T.StructField(name, kinds[kind], True) for name, kind in COLUMNS])


def extract_to_parquet(spark, paths: list[str], out: str, partitions: int | None = None,
                       budget: float | None = DOCUMENT_SECONDS):
    """Extract every document under `paths` and write the rows, sorted as a local run reads them,
    to the Parquet folder `out` (replaced); a document over `budget` seconds is an error row.
    Returns a RunSummary (documents, errors, sentences skipped)."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F
    from pyspark.sql.utils import AnalysisException
    from pyspark.sql.window import Window

    from strife.ingest import IngestError

    partitions = partitions or max(1, spark.sparkContext.defaultParallelism * 2)
    explicit = frozenset(_local_path(p) for p in paths)
    parts, driver_errors = [], []
    for input_no, given in enumerate(paths):
        if given.startswith(("http://", "https://")):
            driver_errors.append(error_row(IngestError(given, "URLs are fetched by `strife ingest`, not by Spark"),
                                           _order_key(input_no, given), 0))
            continue
        try:
            if given.rstrip("/").lower().endswith(".parquet"):
                frame = spark.read.parquet(given)
                rows = (frame.withColumn("_file", F.input_file_name())
                        .withColumn("_seq", F.monotonically_increasing_id()))
                rows = rows.withColumn("_row", F.row_number().over(Window.partitionBy("_file").orderBy("_seq")))
                parts.append(rows.drop("_seq").rdd.repartition(partitions)
                             .mapPartitions(lambda it, n=input_no: extract_records(it, n, budget)))
            else:
                files = (spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(given)
                         .select("path", "content"))
                driver_errors.extend(_empty_files(files, input_no, explicit))
                parts.append(files.repartition(partitions).rdd
                             .mapPartitions(lambda it, n=input_no: extract_files(it, n, explicit, budget)))
        except AnalysisException as exc:
            driver_errors.append(error_row(IngestError(given, f"Spark cannot read it ({str(exc).splitlines()[0]})"),
                                           _order_key(input_no, given), 0))
    rdd = spark.sparkContext.union(parts) if parts else spark.sparkContext.emptyRDD()
    if driver_errors:
        rdd = rdd.union(spark.sparkContext.parallelize(driver_errors, 1))
    frame = spark.createDataFrame(rdd, spark_schema()).persist(StorageLevel.MEMORY_AND_DISK)  # the sort samples it first
    try:
        frame.orderBy("order_key", "record").write.mode("overwrite").parquet(out)
        counts = {row["failed"]: row["count"] for row in
                  frame.groupBy(F.col("error").isNotNull().alias("failed")).count().collect()}
        errors = [f"{r['path']}: {r['error']}" for r in frame.where("error IS NOT NULL").select("path", "error").collect()]
        skipped = frame.agg(F.sum("skipped_sentences")).first()[0] or 0
    finally:
        frame.unpersist()
    return RunSummary(documents=counts.get(False, 0), errors=errors, skipped_sentences=skipped)


def _empty_files(files, input_no: int, explicit: frozenset[str]) -> list[tuple]:
    """Spark's file sources drop empty files without a word; a local run calls each one an error.
    They are the files listed but never scanned (the scan of paths alone reads no content)."""
    from strife.ingest import IngestError
    from strife.ingest.readers import read_in_folder

    listed = {_local_path(p) for p in files.inputFiles()}
    scanned = {_local_path(r["path"]) for r in files.select("path").collect()}
    return [error_row(IngestError(path, "empty file"), _order_key(input_no, path), 0)
            for path in sorted(listed - scanned) if read_in_folder(Path(path)) or path in explicit]


# ---- on the executors ------------------------------------------------------------------------

def _local_path(uri: str) -> str:
    """Spark's `file:/a/b.txt` is the local run's `/a/b.txt`; other file systems keep their URI."""
    if uri.startswith("file:"):
        path = unquote(uri[len("file:"):])
        return "/" + path.lstrip("/")
    return uri.rstrip("/") if "://" in uri else str(Path(uri).resolve())


def _order_key(input_no: int, path: str) -> str:
    """Sorts files as a sorted folder walk visits them: a folder's own files before its subfolders."""
    folder, _, name = path.rpartition("/")
    return f"{input_no:06d}\x02" + "\x01".join(folder.split("/")) + "\x00" + name


def _relocate(item, local: str, original: str):
    from strife.ingest import IngestError

    if isinstance(item, IngestError):
        return IngestError(item.path.replace(local, original, 1), item.reason.replace(local, original))
    return replace(item, path=item.path.replace(local, original, 1))


def _extract_rows(documents: Iterator[tuple[str, int, object]], budget: float | None) -> Iterator[tuple]:
    """(order key, record number, Document or IngestError) → rows, documents through the model in
    batches, in order; a document whose extraction fails or is cut off, an error row."""
    from strife.extract import extract_documents

    keys: deque = deque()
    errors: list[tuple] = []

    def only_documents():
        from strife.ingest import IngestError

        for key, record, item in documents:
            if isinstance(item, IngestError):
                errors.append(error_row(item, key, record))
            else:
                keys.append((key, record))
                yield item

    def failed(err) -> None:
        errors.append(error_row(err, *keys.popleft()))

    for ex in extract_documents(only_documents(), on_error=failed, budget=budget):
        key, record = keys.popleft()
        yield extraction_row(ex, key, record)
        while errors:
            yield errors.pop(0)
    yield from errors


def extract_files(rows, input_no: int, explicit: frozenset[str], budget: float | None) -> Iterator[tuple]:
    """A partition of (path, content) rows: each file written to a scratch folder under its own name,
    read by Strife's readers, extracted."""
    from strife.ingest import IngestError
    from strife.ingest.readers import read_in_folder, read_paths, reader_for

    def items():
        with tempfile.TemporaryDirectory(prefix="strife-spark-") as scratch:
            for row in rows:
                original = _local_path(row["path"])
                name = original.rsplit("/", 1)[-1]
                key = _order_key(input_no, original)
                # as in a local walk: skipped inside a folder (a type no reader takes, a README, a manifest);
                # named, an unknown type is refused
                if original not in explicit and not read_in_folder(Path(name)):
                    continue
                if reader_for(Path(name)) is None:
                    yield key, 0, IngestError(original, f"unsupported file type '{Path(name).suffix}'")
                    continue
                local = Path(scratch) / name
                local.write_bytes(bytes(row["content"]))
                for record, item in enumerate(read_paths([str(local)])):
                    yield key, record, _relocate(item, str(local), original)
                local.unlink()

    return _extract_rows(items(), budget)


def extract_records(rows, input_no: int, budget: float | None) -> Iterator[tuple]:
    """A partition of Parquet corpus rows (one article per row, fields as in JSONL)."""
    from strife.ingest import IngestError
    from strife.ingest.readers import _record_to_document  # the JSONL record reader: same fields, same rules

    def items():
        for row in rows:
            record = row.asDict()
            file, number = _local_path(record.pop("_file")), record.pop("_row")
            where = f"{file}#{number}"
            key = _order_key(input_no, file)
            try:
                stem = file.rsplit("/", 1)[-1].split(".")[0]
                yield key, number, _record_to_document(record, path=where, name=f"{stem}#{number}")
            except IngestError as err:
                yield key, number, err

    return _extract_rows(items(), budget)
