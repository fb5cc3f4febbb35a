"""Publication dates that a document's container knows, before any guess from its text.

A page's own metadata (`article:published_time`, JSON-LD `datePublished`, `<time datetime>`, Dublin
Core, `og:`/`itemprop` forms), a feed entry's date, a JSON record's date field, a sidecar manifest
that lists each file's date, a date in the file's path or the page's URL (`2024/07/16/slug.txt`), a
date given for a whole run (`--pub-date`) and a crawl's capture date (`WARC-Date`) all say when a
document appeared, with different trust. Each date keeps its source (`Document.pub_date_source`),
and when several are known the most trusted wins (`TRUST`): what the document says of itself, then
what the person who collected it says of each file, then the file's path, then the run's date,
then the capture date (a crawl may fetch a page years after it appeared).
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from strife.nlp.pubdate import vocabulary
from strife.records import Document

MANIFEST_NAMES = ("manifest.csv", "manifest.jsonl")
EARLIEST_YEAR = 1900  # before this, a "publication date" is a parse accident
MAX_JSONLD_BYTES = 1 << 20
MAX_MANIFEST_BYTES = 64 * 1024 * 1024


def trust(source: str | None) -> int:
    """How much a source of a publication date is trusted: higher wins."""
    if not source:
        return 0
    family = source.split(":", 1)[0]
    return {"manifest": 4, "path": 3, "url": 3, "option": 2, "warc": 1}.get(family, 5)  # 5: the document's own


def iso_date(value: object) -> str | None:
    """A metadata date as YYYY-MM-DD (RFC 822, ISO with a time, or a bare date; the day as the
    document wrote it, not moved across time zones); None when it is not a plausible date."""
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    if not text or len(text) > 100:
        return None
    parsed: date | None = None
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)", text)
    if m:
        parsed = _date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    else:
        from email.utils import parsedate_to_datetime

        try:
            parsed = parsedate_to_datetime(text).date()
        except (TypeError, ValueError, IndexError):
            from dateutil import parser as dateparser

            try:
                parsed = dateparser.parse(text, fuzzy=False).date()
            except (ValueError, OverflowError, TypeError):
                parsed = None
    if parsed is None or not EARLIEST_YEAR <= parsed.year <= date.today().year + 1:
        return None
    return parsed.isoformat()


def _date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def best(*candidates: tuple[str | None, str | None]) -> tuple[str | None, str | None]:
    """The most trusted (date, source) among candidates with a date; ties go to the earlier one."""
    dated = [(iso, source) for iso, source in candidates if iso]
    if not dated:
        return None, None
    return max(dated, key=lambda c: trust(c[1]))  # max keeps the first of equals


# ---- HTML ----------------------------------------------------------------------------------------

def html_pub_date(html: str) -> tuple[str, str] | None:
    """(date, source) from a page's metadata: the listed <meta> keys, JSON-LD `datePublished`,
    `itemprop="datePublished"` on any element, then the first `<time datetime>` of the article
    (a `<time pubdate>` first). None when the page states none."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html)
    except (ValueError, TypeError, lxml.etree.ParserError):
        return None
    found: dict[str, str] = {}
    for el in root.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        if key and key not in found and (iso := iso_date(el.get("content"))):
            found[key] = iso
    for entry in vocabulary()["html_meta"]:
        if entry["key"] in found:
            return found[entry["key"]], entry["source"]
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() == "application/ld+json" and script.text:
            iso = _jsonld_date(script.text)
            if iso:
                return iso, "jsonld"
    for el in root.xpath("//*[@itemprop='datePublished']"):
        iso = iso_date(el.get("datetime") or el.get("content") or el.text_content())
        if iso:
            return iso, "html:itemprop:datePublished"
    times = root.xpath("//time[@pubdate]") + root.xpath("//article//time[@datetime]") + root.xpath("//time[@datetime]")
    for el in times:
        iso = iso_date(el.get("datetime"))
        if iso:
            return iso, "time"
    return None


def _jsonld_date(raw: str) -> str | None:
    """The first `datePublished` in a JSON-LD block, breadth first (objects, lists, `@graph`)."""
    if len(raw) > MAX_JSONLD_BYTES:
        return None
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, RecursionError):
        return None
    queue, seen = [data], 0
    while queue and seen < 1000:
        item = queue.pop(0)
        seen += 1
        if isinstance(item, dict):
            iso = iso_date(item.get("datePublished"))
            if iso:
                return iso
            queue.extend(v for v in item.values() if isinstance(v, (dict, list)))
        elif isinstance(item, list):
            queue.extend(v for v in item if isinstance(v, (dict, list)))
    return None


# ---- JSON records ----------------------------------------------------------------------------------

def json_pub_date(record: dict) -> tuple[str | None, str | None]:
    """(date, "json:<field>") from the first listed field holding a plausible date."""
    for name in vocabulary()["json_fields"]:
        iso = iso_date(record.get(name))
        if iso:
            return iso, f"json:{name}"
    return None, None


# ---- paths and URLs --------------------------------------------------------------------------------

# a day written with separators ("2024/07/16", "2016-05-23", "2016_05_23") or as eight digits
# ("20160523"), each standing apart from other digits: a longer number (an id, a count) is no date
_PATH_DAY_RE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)(?P<sep>[/_.-]?)(?P<m>0[1-9]|1[0-2]|[1-9](?=[/_.-]))"
                          r"(?P=sep)(?P<d>0[1-9]|[12]\d|3[01]|[1-9](?!\d))(?!\d)")


def path_pub_date(path: str | None) -> str | None:
    """The day a file's path or a URL's path names ("2024/07/16/slug.txt", "2016-05-23-slug.md",
    "20160523_x.txt"), the one nearest the file name when several do; None for anything that is not
    a plausible date (an eight-digit id, a month 13, a future year)."""
    if not path:
        return None
    if "://" in path:
        path = urlsplit(path).path
    path = path.replace("\\", "/")
    for m in reversed(list(_PATH_DAY_RE.finditer(path))):
        if not m["sep"] and (len(m["m"]) != 2 or len(m["d"]) != 2):
            continue  # undelimited digits must be YYYYMMDD exactly
        day = _date(int(m["y"]), int(m["m"]), int(m["d"]))
        if day is not None and EARLIEST_YEAR <= day.year <= date.today().year + 1 and day <= date.today():
            return day.isoformat()
    return None


# ---- manifests -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ManifestEntry:
    """What a manifest says of one file."""

    pub_date: str | None
    source: str | None = None
    url: str | None = None


class ManifestError(ValueError):
    """A manifest, or one of its rows, that cannot be used; `where` names the file (and row)."""

    def __init__(self, where: str, reason: str):
        super().__init__(f"{where}: {reason}")
        self.where, self.reason = where, reason


@dataclass
class Manifest:
    """A sidecar table for a folder of texts: each file (relative to the manifest's folder, or by
    name) with its publication date, outlet and URL. CSV with a header, or JSON Lines."""

    folder: Path
    entries: dict[str, ManifestEntry]
    by_name: dict[str, ManifestEntry]

    def lookup(self, file: Path) -> ManifestEntry | None:
        try:
            key = PurePosixPath(file.resolve().relative_to(self.folder.resolve())).as_posix()
        except ValueError:
            key = None
        if key is not None and key in self.entries:
            return self.entries[key]
        return self.by_name.get(file.name) or self.by_name.get(file.stem)


def load_manifest(path: Path) -> tuple[Manifest, list[ManifestError]]:
    """The manifest at `path` and an error for each row it could not use (no file named, a date
    that is not a date). Raises ManifestError when the file itself cannot be read."""
    where = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_MANIFEST_BYTES:
            raise ManifestError(where, f"manifest too large ({size} bytes > {MAX_MANIFEST_BYTES})")
        raw = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ManifestError(where, f"manifest could not be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise ManifestError(where, "manifest is not UTF-8 text") from None
    rows = _jsonl_rows(raw, where) if path.suffix.lower() in (".jsonl", ".ndjson", ".json") else _csv_rows(raw, where)
    vocab = vocabulary()
    entries: dict[str, ManifestEntry] = {}
    names: dict[str, list[ManifestEntry]] = {}
    errors: list[ManifestError] = []
    for n, row in rows:
        if isinstance(row, ManifestError):
            errors.append(row)
            continue
        fields = {str(k).strip().lower(): v for k, v in row.items() if k is not None}
        file = _first(fields, vocab["manifest_file"])
        if not file:
            errors.append(ManifestError(f"{where}#{n}", f"row names no file (one of {', '.join(vocab['manifest_file'])})"))
            continue
        raw_date = _first(fields, [k.lower() for k in vocab["manifest_date"]])
        iso = iso_date(raw_date)
        if raw_date and iso is None:
            errors.append(ManifestError(f"{where}#{n}", f"{raw_date!r} is not a date"))
        entry = ManifestEntry(iso, _first(fields, vocab["manifest_source"]), _first(fields, vocab["manifest_url"]))
        key = PurePosixPath(str(file).replace("\\", "/").lstrip("./") or str(file)).as_posix()
        entries[key] = entry
        for name in {PurePosixPath(key).name, PurePosixPath(key).stem}:
            names.setdefault(name, []).append(entry)
    # a bare name stands for a file only when one row has it
    by_name = {name: found[0] for name, found in names.items() if len(found) == 1}
    return Manifest(path.parent, entries, by_name), errors


def _first(fields: dict, keys: list[str]) -> str | None:
    for key in keys:
        value = fields.get(key)
        if value is not None and str(value).strip():
            return str(value).strip()
    return None


def _csv_rows(raw: str, where: str):
    reader = csv.DictReader(io.StringIO(raw))
    if not reader.fieldnames:
        raise ManifestError(where, "manifest has no header row")
    try:
        for n, row in enumerate(reader, 2):
            yield n, row
    except csv.Error as exc:
        raise ManifestError(where, f"malformed CSV ({exc})") from None


def _jsonl_rows(raw: str, where: str):
    for n, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except (json.JSONDecodeError, RecursionError):
            yield n, ManifestError(f"{where}#{n}", "malformed JSON")
            continue
        yield n, row if isinstance(row, dict) else ManifestError(f"{where}#{n}", "row is not a JSON object")


# ---- putting them together -----------------------------------------------------------------------

def with_container_dates(doc: Document, file: Path | None, entry: ManifestEntry | None,
                         run_date: str | None) -> Document:
    """The document with the most trusted of the dates it carries and those around it: its manifest
    row, its file's path, its URL, the run's date. A manifest row also fills a missing outlet and URL."""
    candidates = [(doc.pub_date, doc.pub_date_source)]
    if entry is not None:
        candidates.append((entry.pub_date, "manifest"))
    candidates += [(path_pub_date(str(file)) if file else None, "path"), (path_pub_date(doc.url), "url"),
                   (run_date, "option")]
    iso, source = best(*candidates)
    source_name, url = doc.source, doc.url
    if entry is not None:
        source_name, url = doc.source or entry.source, doc.url or entry.url
    if (iso, source, source_name, url) == (doc.pub_date, doc.pub_date_source, doc.source, doc.url):
        return doc
    return replace(doc, pub_date=iso, pub_date_source=source, source=source_name, url=url)
