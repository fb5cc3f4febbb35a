"""Readers for each container format: text, HTML, JSON/JSONL, RSS/Atom feeds, WARC.

Each reader yields Documents and IngestErrors (never raises for one bad record), so one broken
file or record never stops a batch.
"""
from __future__ import annotations

import codecs
import gzip
import io
import json
import os
import zlib
from collections.abc import Iterator
from pathlib import Path

from strife.ingest.documents import MAX_TEXT_CHARS, IngestError, make_document
from strife.ingest.fetch import FetchPolicy, fetch
from strife.records import Document

MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_RECORD_BYTES = 32 * 1024 * 1024  # per WARC/feed record, after decompression; per HTML or feed file
MAX_JSON_BYTES = 64 * 1024 * 1024  # a .json array is parsed whole; JSONL is streamed a line at a time
MAX_TEXT_BYTES = 4 * MAX_TEXT_CHARS + 4  # what a text file can give before its text is cut (UTF-8: <= 4 bytes a char)
TEXT_FIELDS = ("text", "content", "body", "article", "full_text", "maintext", "description")
DATE_FIELDS = ("pub_date", "published", "date", "publish_date", "date_publish", "pubDate", "timestamp")

Item = Document | IngestError


_UTF_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
              (codecs.BOM_UTF16_BE, "utf-16"))


def decode_bytes(data: bytes, path: str, *, complete: bool = True) -> str:
    """UTF-8 first, byte run by byte run: bytes that are not UTF-8 (a legacy single-byte encoding,
    or latin-1 pasted into UTF-8) are decoded as cp1252; UTF-16/32 with a byte-order mark are
    decoded as such; binary is refused. `complete=False` says `data` is a cut prefix, whose last
    character may be incomplete."""
    if not data.strip():
        raise IngestError(path, "empty file")
    for bom, encoding in _UTF_BOMS:
        if data.startswith(bom):
            text = data.decode(encoding, errors="replace")
            if not text.strip():
                raise IngestError(path, "empty file")
            return text
    sample = data[:8192]
    if b"\x00" in sample or sum(b < 9 or 13 < b < 32 for b in sample) > len(sample) * 0.05:
        raise IngestError(path, "binary content, not text")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    parts: list[str] = []
    pos = 0
    while True:
        try:
            parts.append(data[pos:].decode("utf-8"))
            return "".join(parts)
        except UnicodeDecodeError as exc:
            start, end = pos + exc.start, pos + exc.end
            parts.append(data[pos:start].decode("utf-8"))
            if not complete and exc.reason == "unexpected end of data" and end == len(data):
                return "".join(parts)  # a character cut in two by the size limit
            parts.append(data[start:end].decode("cp1252", errors="replace"))
            pos = end


def _read(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    size = path.stat().st_size
    if size > limit:
        raise IngestError(str(path), f"file too large ({size} bytes > {limit})")
    return path.read_bytes()


def read_text(path: Path) -> Iterator[Item]:
    """A plain-text article. Only the first MAX_TEXT_BYTES are read: the text is cut at
    MAX_TEXT_CHARS anyway, so a huge file costs no more than that."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise IngestError(str(path), f"file too large ({size} bytes > {MAX_FILE_BYTES})")
        with open(path, "rb") as fh:
            data = fh.read(MAX_TEXT_BYTES)
        text = decode_bytes(data, str(path), complete=size <= MAX_TEXT_BYTES)
        yield make_document(text, path=str(path), name=path.stem)
    except IngestError as err:
        yield err


def html_to_document(html: str | bytes, *, path: str, name: str, url: str | None = None,
                     pub_date: str | None = None, source: str | None = None) -> Document:
    """Boilerplate removal by trafilatura; its metadata (title, date, site) fills the gaps."""
    import trafilatura

    if isinstance(html, bytes):
        html = decode_bytes(html, path)
    if "<" not in html:
        raise IngestError(path, "not HTML")
    try:
        result = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                             include_tables=False)
        result = result.as_dict() if result is not None else None
    except Exception as exc:  # trafilatura raises many lxml types on broken markup
        raise IngestError(path, f"HTML could not be parsed ({type(exc).__name__})") from exc
    if not result or not result.get("text"):
        raise IngestError(path, "no article text found in HTML")
    body = result["text"]
    title = result.get("title")
    return make_document(body, path=path, name=name, title=title, url=url or result.get("url"),
                         source=source or result.get("sitename") or result.get("hostname"),
                         pub_date=pub_date or result.get("date"))


def read_html(path: Path) -> Iterator[Item]:
    try:
        yield html_to_document(_read(path, MAX_RECORD_BYTES), path=str(path), name=path.stem)
    except IngestError as err:
        yield err


def _record_to_document(record: dict, *, path: str, name: str) -> Document:
    if not isinstance(record, dict):
        raise IngestError(path, "record is not a JSON object")
    text = next((record[k] for k in TEXT_FIELDS if isinstance(record.get(k), str) and record[k].strip()), None)
    if text is None:
        raise IngestError(path, f"record has no text field (one of {', '.join(TEXT_FIELDS)})")
    date = next((str(record[k]) for k in DATE_FIELDS if record.get(k)), None)
    rec_name = str(record.get("doc_id") or record.get("id") or name)
    if "<" in text and "</" in text:
        return html_to_document(text, path=path, name=rec_name, url=record.get("url"), pub_date=date,
                                source=record.get("source"))
    return make_document(text, path=path, name=rec_name, title=record.get("title"), url=record.get("url"),
                         source=record.get("source") or record.get("outlet"), pub_date=date)


def read_jsonl(path: Path) -> Iterator[Item]:
    """JSON Lines, read a line at a time (memory bounded by the longest line, itself bounded by
    MAX_RECORD_BYTES); a .json file, or one holding a JSON array, is parsed whole (MAX_JSON_BYTES)."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise IngestError(str(path), f"file too large ({size} bytes > {MAX_FILE_BYTES})")
        with open(path, "rb") as fh:
            head = fh.read(8192)
        head_text = decode_bytes(head, str(path), complete=size <= len(head))  # empty or binary: refused here
    except IngestError as err:
        yield err
        return
    whole = path.suffix == ".json" or head_text.lstrip().startswith("[")
    if whole or head.startswith(tuple(bom for bom, _ in _UTF_BOMS)):
        try:
            raw = decode_bytes(_read(path, MAX_JSON_BYTES), str(path))
        except IngestError as err:
            yield err
            return
        if whole:
            yield from _json_records(path, raw)
        else:  # UTF-16/32 JSON Lines: small enough to hold, and not splittable as bytes
            for n, line in enumerate(raw.splitlines(), 1):
                if line.strip():
                    yield _line_record(path, n, line)
        return
    with open(path, "rb") as fh:
        n = 0
        while line := fh.readline(MAX_RECORD_BYTES + 1):
            n += 1
            if len(line) > MAX_RECORD_BYTES and not line.endswith(b"\n"):
                while (rest := fh.readline(1 << 20)) and not rest.endswith(b"\n"):
                    pass  # skip the rest of the oversized line without holding it
                yield IngestError(f"{path}#{n}", f"record longer than {MAX_RECORD_BYTES} bytes")
            elif line.strip():
                try:
                    yield _line_record(path, n, decode_bytes(line, f"{path}#{n}"))
                except IngestError as err:
                    yield err


def _line_record(path: Path, n: int, line: str) -> Item:
    where = f"{path}#{n}"
    try:
        return _record_to_document(json.loads(line), path=where, name=f"{path.stem}#{n}")
    except json.JSONDecodeError as exc:
        return IngestError(where, f"malformed JSON: {exc.msg}")
    except RecursionError:
        return IngestError(where, "malformed JSON: nested too deeply")
    except IngestError as err:
        return err


def _json_records(path: Path, raw: str) -> Iterator[Item]:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        yield IngestError(str(path), f"malformed JSON at line {exc.lineno}: {exc.msg}")
        return
    except RecursionError:
        yield IngestError(str(path), "malformed JSON: nested too deeply")
        return
    records = data if isinstance(data, list) else [data]
    for n, record in enumerate(records, 1):
        try:
            yield _record_to_document(record, path=f"{path}#{n}", name=f"{path.stem}#{n}")
        except IngestError as err:
            yield err


def parse_feed_bytes(data: bytes, where: str) -> Iterator[Item]:
    """RSS/Atom. defusedxml vets the XML first: entity expansion ("billion laughs") and external
    entities are refused before feedparser sees the bytes."""
    import defusedxml.ElementTree as SafeET
    import feedparser

    try:
        SafeET.fromstring(data)
    except SafeET.ParseError as exc:
        yield IngestError(where, f"malformed feed XML: {exc}")
        return
    except Exception as exc:  # defusedxml's EntitiesForbidden, DTDForbidden, ...
        yield IngestError(where, f"unsafe feed XML refused ({type(exc).__name__})")
        return
    feed = feedparser.parse(data)
    if not feed.entries:
        yield IngestError(where, "feed has no entries")
        return
    outlet = feed.feed.get("title")
    stem = Path(where.split("://")[-1]).stem or "feed"
    for n, entry in enumerate(feed.entries, 1):
        entry_where = f"{where}#{n}"
        body = ""
        if entry.get("content"):
            body = entry.content[0].get("value", "")
        body = body or entry.get("summary", "") or entry.get("description", "")
        date = entry.get("published") or entry.get("updated")
        try:
            if "<" in body and ">" in body:
                doc = html_to_document(f"<html><body><article>{body}</article></body></html>", path=entry_where,
                                       name=f"{stem}#{n}", url=entry.get("link"), pub_date=date, source=outlet)
                doc = _with_title(doc, entry.get("title"))
            else:
                doc = make_document(body, path=entry_where, name=f"{stem}#{n}", title=entry.get("title"),
                                    url=entry.get("link"), source=outlet, pub_date=date)
            yield doc
        except IngestError as err:
            yield err


def _with_title(doc: Document, title: str | None) -> Document:
    from dataclasses import replace

    return replace(doc, title=title or doc.title)


def read_feed(path: Path) -> Iterator[Item]:
    try:
        data = _read(path, MAX_RECORD_BYTES)
    except IngestError as err:
        yield err
        return
    if not data.strip():
        yield IngestError(str(path), "empty file")
        return
    yield from parse_feed_bytes(data, str(path))


def read_url(url: str, policy: FetchPolicy | None = None) -> Iterator[Item]:
    """A feed (or a page) given by URL: fetched once under `policy` (by default: public addresses
    only, 32 MiB, 30 s: see strife.ingest.fetch)."""
    try:
        page = fetch(url, policy or FetchPolicy())
    except IngestError as err:
        yield err
        return
    data = page.data
    head = data[:2048].lower()
    if b"<rss" in head or b"<feed" in head or b"<rdf" in head:
        yield from parse_feed_bytes(data, url)
    else:
        try:
            yield html_to_document(data, path=url, name=Path(url.rstrip("/")).name or "page", url=page.url)
        except IngestError as err:
            yield err


class _Bounded(io.RawIOBase):
    """A stream that refuses to inflate past a limit (gzip bombs in crawls)."""

    def __init__(self, raw, limit: int):
        self.raw, self.limit, self.seen = raw, limit, 0

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self.raw.read(len(buffer))
        self.seen += len(data)
        if self.seen > self.limit:
            raise IngestError("warc", f"decompressed size exceeds {self.limit} bytes")
        buffer[:len(data)] = data
        return len(data)


RECORD_HEADER_BYTES = 64 * 1024  # WARC and HTTP headers around a record's body


class _CrawlBomb(IngestError):
    """A compressed record inflates past the limit: the whole rest of the crawl is refused."""


class _InflatedMembers(io.RawIOBase):
    """A compressed crawl inflated member by member (one gzip member holds one WARC record), each
    member refused as soon as it inflates past `limit`. warcio then reads a plain WARC: a gzip bomb
    costs `limit` bytes of inflation, whatever it would inflate to, and whatever length its record
    header declares (warcio would otherwise inflate a lying record to its end in memory)."""

    def __init__(self, raw, limit: int):
        self.raw, self.limit = raw, limit
        self.inflater = zlib.decompressobj(31)
        self.member_bytes = self.position = 0
        self.pending = b""

    def readable(self):
        return True

    def tell(self):
        return self.position

    def readinto(self, buffer):
        while True:
            if self.inflater.eof:  # the next member, if any, starts in what the last one left
                self.pending = self.inflater.unused_data + self.pending
                self.inflater, self.member_bytes = zlib.decompressobj(31), 0
            if not self.pending:
                self.pending = self.raw.read(64 * 1024)
                if not self.pending:
                    return 0
            try:
                data = self.inflater.decompress(self.pending, len(buffer))
            except zlib.error as exc:
                raise ValueError(f"corrupt gzip data ({exc})") from None
            self.pending = self.inflater.unconsumed_tail
            if not data and self.inflater.eof and not self.inflater.unused_data and not self.pending:
                continue
            self.member_bytes += len(data)
            if self.member_bytes > self.limit:
                raise _CrawlBomb("warc", f"a record inflates past {self.limit} bytes (gzip bomb?); "
                                          "the rest of the crawl is not read")
            if data:
                buffer[:len(data)] = data
                self.position += len(data)
                return len(data)


def read_warc(path: Path) -> Iterator[Item]:
    """HTML responses of a crawl, each record body read through `_Bounded`; a compressed crawl is
    inflated through `_InflatedMembers`, so no record can inflate past MAX_RECORD_BYTES."""
    from warcio.archiveiterator import ArchiveIterator

    n = produced = 0
    try:
        with open(path, "rb") as fh:
            compressed = fh.read(2) == b"\x1f\x8b"
            fh.seek(0)
            source = io.BufferedReader(_InflatedMembers(fh, MAX_RECORD_BYTES + RECORD_HEADER_BYTES),
                                       buffer_size=64 * 1024) if compressed else fh
            for record in ArchiveIterator(source, block_size=1 << 20):  # readline joins blocks: big ones keep it linear
                if record.rec_type not in ("response", "resource"):
                    continue
                n += 1
                url = record.rec_headers.get_header("WARC-Target-URI")
                where = f"{path}#{n}"
                ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else
                         record.rec_headers.get_header("Content-Type")) or ""
                if "html" not in ctype and "text" not in ctype:
                    continue
                stream = _Bounded(record.content_stream(), MAX_RECORD_BYTES)
                produced += 1
                try:
                    body = stream.read(MAX_RECORD_BYTES + 1)
                    yield html_to_document(body, path=where, name=f"{path.name.split('.')[0]}#{n}", url=url,
                                           pub_date=record.rec_headers.get_header("WARC-Date"))
                except _CrawlBomb:
                    raise
                except IngestError as err:
                    yield IngestError(where, err.reason)
        if produced == 0:
            yield IngestError(str(path), f"no HTML response records among {n} WARC records")
    except IngestError as err:
        yield IngestError(str(path), err.reason)
    except (OSError, EOFError, ValueError, gzip.BadGzipFile) as exc:
        yield IngestError(str(path), f"malformed WARC: {exc}")
    except Exception as exc:  # warcio raises ArchiveLoadFailed and friends
        yield IngestError(str(path), f"malformed WARC ({type(exc).__name__}: {exc})")


READERS = {
    ".txt": read_text, ".text": read_text,
    ".html": read_html, ".htm": read_html, ".xhtml": read_html,
    ".json": read_jsonl, ".jsonl": read_jsonl, ".ndjson": read_jsonl,
    ".xml": read_feed, ".rss": read_feed, ".atom": read_feed, ".feed": read_feed,
    ".warc": read_warc, ".arc": read_warc,
}


def reader_for(path: Path):
    name = path.name.lower()
    if name.endswith((".warc.gz", ".arc.gz")):
        return read_warc
    if name.endswith(".gz"):
        return None
    return READERS.get(path.suffix.lower())


def iter_files(paths: list[str]) -> Iterator[Path | str]:
    """Files under the given paths in a stable order; URLs pass through as strings."""
    for given in paths:
        if given.startswith(("http://", "https://")):
            yield given
            continue
        p = Path(given)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    if not f.startswith("."):
                        yield Path(root) / f
        else:
            yield p


def read_paths(paths: list[str], fetch_policy: FetchPolicy | None = None) -> Iterator[Item]:
    """Every document under `paths` (files, folders, feed URLs), with an IngestError for each
    thing that could not be read. Files of unknown type inside a folder are skipped silently;
    named explicitly, they are an error. URLs are fetched under `fetch_policy` (see read_url)."""
    explicit = {str(Path(p)) for p in paths}
    for item in iter_files(paths):
        if isinstance(item, str):
            yield from read_url(item, fetch_policy)
            continue
        if not item.exists():
            yield IngestError(str(item), "no such file or folder")
            continue
        reader = reader_for(item)
        if reader is None:
            if str(item) in explicit:
                yield IngestError(str(item), f"unsupported file type '{item.suffix}'")
            continue
        try:
            yield from reader(item)
        except IngestError as err:
            yield err
        except Exception as exc:  # a reader bug must not stop the batch; say what happened
            yield IngestError(str(item), f"unreadable ({type(exc).__name__}: {exc})")
