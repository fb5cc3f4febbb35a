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

from strife.ingest.dates import (MANIFEST_NAMES, Manifest, ManifestError, best, html_pub_date, iso_date,
                                 json_pub_date, load_manifest, with_container_dates)
from strife.ingest.documents import MAX_TEXT_CHARS, IngestError, make_document
from strife.ingest.fetch import FetchPolicy, fetch
from strife.records import Document

MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_RECORD_BYTES = 32 * 1024 * 1024  # per WARC/feed record, after decompression; per HTML or feed file
MAX_JSON_BYTES = 64 * 1024 * 1024  # a .json array is parsed whole; JSONL is streamed a line at a time
MAX_TEXT_BYTES = 4 * MAX_TEXT_CHARS + 4  # what a text file can give before its text is cut (UTF-8: <= 4 bytes a char)
TEXT_FIELDS = ("text", "content", "body", "article", "full_text", "maintext", "description")

Item = Document | IngestError
# a folder's notes on itself (README.md beside a folder of .md articles), read only when named
FOLDER_NOTES = frozenset({"readme", "license", "licence", "changelog"})


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
                     pub_date: str | None = None, pub_date_source: str | None = None,
                     source: str | None = None) -> Document:
    """Boilerplate removal by trafilatura; its metadata (title, site) fills the gaps. The publication
    date is the more trusted of the one given (a feed's, a record's, a crawl's capture date) and the
    page's own metadata (see strife.ingest.dates), never trafilatura's, which may guess from the text."""
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
    iso, date_source = best((iso_date(pub_date), pub_date_source or "metadata"), html_pub_date(html) or (None, None))
    return make_document(body, path=path, name=name, title=title, url=url or result.get("url"),
                         source=source or result.get("sitename") or result.get("hostname"),
                         pub_date=iso, pub_date_source=date_source)


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
    date, date_source = json_pub_date(record)
    rec_name = str(record.get("doc_id") or record.get("id") or name)
    url = record.get("url") if isinstance(record.get("url"), str) else None
    if "<" in text and "</" in text:
        return html_to_document(text, path=path, name=rec_name, url=url, pub_date=date,
                                pub_date_source=date_source, source=record.get("source"))
    return make_document(text, path=path, name=rec_name, title=record.get("title"), url=url,
                         source=record.get("source") or record.get("outlet"), pub_date=date,
                         pub_date_source=date_source)


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
                                       name=f"{stem}#{n}", url=entry.get("link"), pub_date=date,
                                       pub_date_source="feed", source=outlet)
                doc = _with_title(doc, entry.get("title"))
            else:
                doc = make_document(body, path=entry_where, name=f"{stem}#{n}", title=entry.get("title"),
                                    url=entry.get("link"), source=outlet, pub_date=date, pub_date_source="feed")
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
                    # the capture date: the page's own metadata, when it has some, wins over it
                    yield html_to_document(body, path=where, name=f"{path.name.split('.')[0]}#{n}", url=url,
                                           pub_date=record.rec_headers.get_header("WARC-Date"),
                                           pub_date_source="warc")
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
    ".txt": read_text, ".text": read_text, ".md": read_text, ".markdown": read_text,
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


def read_in_folder(path: Path) -> bool:
    """Whether a file found inside a folder is read as documents: a type a reader takes, and not the
    folder's notes on itself (README, ...) nor its manifest (read as a table of dates)."""
    return (reader_for(path) is not None and path.stem.lower() not in FOLDER_NOTES
            and path.name.lower() not in MANIFEST_NAMES)


def iter_files(paths: list[str]) -> Iterator[tuple[Path | str, Path | None]]:
    """(file, the folder it was found under) for the given paths in a stable order; URLs pass
    through as strings; a file named on its own is found under its own folder."""
    for given in paths:
        if given.startswith(("http://", "https://")):
            yield given, None
            continue
        p = Path(given)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    if not f.startswith("."):
                        yield Path(root) / f, p
        else:
            yield p, p.parent


def read_paths(paths: list[str], *, pub_date: str | None = None, manifest: str | Path | None = None,
               fetch_policy: FetchPolicy | None = None) -> Iterator[Item]:
    """Every document under `paths` (files, folders, feed URLs), with an IngestError for each
    thing that could not be read. Files of unknown type inside a folder, and its notes (README, ...),
    are skipped silently; named explicitly, they are an error or read. URLs are fetched under
    `fetch_policy` (see read_url).

    Publication dates from around the documents join those they carry (the most trusted wins, see
    strife.ingest.dates): a row of the sidecar `manifest` (or of a `manifest.csv` / `manifest.jsonl`
    found in a folder read, which is not itself read as a document), a date in the file's path or
    the document's URL, and `pub_date`, a date given for the whole run."""
    run_date = iso_date(pub_date) if pub_date else None
    if pub_date and run_date is None:
        raise ValueError(f"--pub-date {pub_date!r} is not a date (YYYY-MM-DD)")
    manifests = _Manifests(Path(manifest) if manifest else None)
    yield from manifests.errors()
    explicit = {str(Path(p)) for p in paths}
    for item, root in iter_files(paths):
        if isinstance(item, str):
            yield from (with_container_dates(d, None, None, run_date) if isinstance(d, Document) else d
                        for d in read_url(item, fetch_policy))
            continue
        if not item.exists():
            yield IngestError(str(item), "no such file or folder")
            continue
        named = str(item) in explicit
        if manifests.is_given(item) or not (named or read_in_folder(item)):
            continue
        reader = reader_for(item)
        if reader is None:
            yield IngestError(str(item), f"unsupported file type '{item.suffix}'")
            continue
        entry, errors = manifests.entry(item, root)
        yield from errors
        try:
            for doc in reader(item):
                yield with_container_dates(doc, item, entry, run_date) if isinstance(doc, Document) else doc
        except IngestError as err:
            yield err
        except Exception as exc:  # a reader bug must not stop the batch; say what happened
            yield IngestError(str(item), f"unreadable ({type(exc).__name__}: {exc})")


class _Manifests:
    """The manifest given for the run, and those found in the folders read (the one nearest the
    file wins, then the given one), each loaded once; their errors are reported once."""

    def __init__(self, given: Path | None):
        self.given = given
        self.by_folder: dict[Path, Manifest | None] = {}
        self.pending: list[IngestError] = []
        self.loaded: Manifest | None = self._load(given) if given is not None else None

    def _load(self, path: Path) -> Manifest | None:
        try:
            manifest, row_errors = load_manifest(path)
        except ManifestError as exc:
            self.pending.append(IngestError(exc.where, exc.reason))
            return None
        self.pending += [IngestError(e.where, e.reason) for e in row_errors]
        return manifest

    def errors(self) -> list[IngestError]:
        errors, self.pending = self.pending, []
        return errors

    def is_given(self, file: Path) -> bool:
        """The run's manifest is read as a table, not as a document, wherever it lies."""
        return self.given is not None and file.resolve() == self.given.resolve()

    def entry(self, file: Path, root: Path):
        """(the manifest row for `file`, errors of a manifest loaded on the way): manifests are
        looked for in the file's folder and each folder above it up to `root`, the folder read."""
        folders = [file.parent]
        while folders[-1] != root and folders[-1] != folders[-1].parent and root in folders[-1].parents:
            folders.append(folders[-1].parent)
        for folder in folders:
            if folder not in self.by_folder:
                found = next((folder / name for name in MANIFEST_NAMES if (folder / name).is_file()), None)
                self.by_folder[folder] = self._load(found) if found is not None else None
        for manifest in [*(self.by_folder[f] for f in folders), self.loaded]:
            if manifest is not None and (row := manifest.lookup(file)) is not None:
                return row, self.errors()
        return None, self.errors()
