"""One Parquet row per document: what a Spark run writes and `strife load` reads back.

Columns (all nullable strings unless said):
  order_key, record (int64)  where the row came from: input number, file path (sorted as a folder
                             walk visits it) and record number in the file; rows are written in
                             this order, so loading them reproduces the order `strife ingest` sees
  id, name, path, title, url, source, text, simhash (int64)   the Document
  metadata_pub_date          the container's publication date (Document.pub_date)
  metadata_pub_date_source   where the container's date came from (Document.pub_date_source)
  pub_date, pub_date_source  the date extraction settled on, and how ("undated" when none)
  pub_date_earliest, pub_date_latest   the window the text allows for it
  incidents, indicators      JSON arrays: each IncidentMention / Indicator as its dataclass fields,
                             place and evidence nested (strife.records)
  skipped_sentences (int64)  sentences the rules left unread, past a cap (strife.nlp.limits)
  error                      set for an input that could not be read, or whose extraction failed or
                             was cut off (then path names it, and the Document columns are empty)
JSON strings rather than nested structs: the records' fields can grow without a schema migration
of every Parquet file written before, and any engine reads them with its JSON functions.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, fields
from pathlib import Path

from strife.ingest import IngestError
from strife.records import Document, Evidence, Extraction, IncidentMention, Indicator, Place

COLUMNS = [("order_key", "string"), ("record", "int64"), ("id", "string"), ("name", "string"), ("path", "string"),
           ("title", "string"), ("url", "string"), ("source", "string"), ("metadata_pub_date", "string"),
           ("simhash", "int64"), ("text", "string"), ("pub_date", "string"), ("pub_date_source", "string"),
           ("incidents", "string"), ("indicators", "string"), ("error", "string"),
           ("metadata_pub_date_source", "string"), ("pub_date_earliest", "string"), ("pub_date_latest", "string"),
           ("skipped_sentences", "int64")]
NAMES = [name for name, _ in COLUMNS]
# columns added after the first Parquet outputs were written: read when present
LATER_NAMES = frozenset({"metadata_pub_date_source", "pub_date_earliest", "pub_date_latest", "skipped_sentences"})


def extraction_row(ex: Extraction, order_key: str, record: int) -> tuple:
    d = ex.document
    values = {"order_key": order_key, "record": record, "id": d.id, "name": d.name, "path": d.path,
              "title": d.title, "url": d.url, "source": d.source, "metadata_pub_date": d.pub_date,
              "metadata_pub_date_source": d.pub_date_source, "simhash": d.simhash, "text": d.text,
              "pub_date": ex.pub_date, "pub_date_source": ex.pub_date_source,
              "pub_date_earliest": ex.pub_date_earliest, "pub_date_latest": ex.pub_date_latest,
              "incidents": json.dumps([asdict(m) for m in ex.incidents], ensure_ascii=False),
              "indicators": json.dumps([asdict(i) for i in ex.indicators], ensure_ascii=False),
              "skipped_sentences": ex.skipped_sentences, "error": None}
    return tuple(values[n] for n in NAMES)


def error_row(err: IngestError, order_key: str, record: int) -> tuple:
    values = dict.fromkeys(NAMES)
    values.update(order_key=order_key, record=record, path=err.path, error=err.reason)
    return tuple(values[n] for n in NAMES)


# the mention's tuple fields (every filler as written), which JSON gives back as lists
_TUPLE_FIELDS = tuple(f.name for f in fields(IncidentMention) if f.default == ())


def _mention(d: dict) -> IncidentMention:
    place = Place(**d["place"]) if d.get("place") else None
    tuples = {name: tuple(d[name]) for name in _TUPLE_FIELDS if name in d}
    return IncidentMention(**{**d, **tuples, "place": place, "evidence": [Evidence(**e) for e in d["evidence"]]})


def _indicator(d: dict) -> Indicator:
    return Indicator(**{**d, "evidence": [Evidence(**e) for e in d["evidence"]]})


def row_item(row: dict) -> Extraction | IngestError:
    """A row back as the Extraction it was written from (or the IngestError)."""
    if row.get("error"):
        return IngestError(row["path"], row["error"])
    document = Document(id=row["id"], text=row["text"], title=row["title"], url=row["url"], source=row["source"],
                        pub_date=row["metadata_pub_date"], pub_date_source=row.get("metadata_pub_date_source"),
                        path=row["path"], name=row["name"], simhash=row["simhash"])
    return Extraction(document=document, pub_date=row["pub_date"], pub_date_source=row["pub_date_source"],
                      incidents=[_mention(m) for m in json.loads(row["incidents"])],
                      indicators=[_indicator(i) for i in json.loads(row["indicators"])],
                      pub_date_earliest=row.get("pub_date_earliest"), pub_date_latest=row.get("pub_date_latest"),
                      skipped_sentences=row.get("skipped_sentences") or 0)


class RowsError(Exception):
    """The Parquet input cannot be read as Strife rows; the message says why."""


def parquet_files(path: str | Path) -> list[str]:
    """A Parquet file, or the part files of a Parquet folder in name order (Spark writes the parts
    of a sorted result in that order)."""
    p = Path(path)
    if p.is_file():
        return [str(p)]
    if not p.is_dir():
        raise RowsError(f"{path}: no such Parquet file or folder")
    files = sorted(str(f) for f in p.rglob("*.parquet") if not f.name.startswith(("_", ".")))
    if not files:
        raise RowsError(f"{path}: no Parquet files in the folder")
    return files


def read_rows(path: str | Path, batch_rows: int = 256) -> Iterator[Extraction | IngestError]:
    """Stream the rows of a Strife Parquet output in order, a batch at a time."""
    import pyarrow.parquet as pq

    for file in parquet_files(path):
        parquet = pq.ParquetFile(file)
        present = set(parquet.schema_arrow.names)
        missing = set(NAMES) - present - LATER_NAMES
        if missing:
            raise RowsError(f"{file}: not a Strife extraction (missing columns: {', '.join(sorted(missing))})")
        for batch in parquet.iter_batches(batch_size=batch_rows, columns=[n for n in NAMES if n in present]):
            for row in batch.to_pylist():
                yield row_item(row)
