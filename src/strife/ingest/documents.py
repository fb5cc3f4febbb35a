"""Turn raw article text plus whatever metadata a container gave into a `Document`.

The id is a hash of the whitespace-normalised text, so the same article read from a file, a
feed and a crawl is one document; the 64-bit simhash lets resolution recognise syndicated
near-copies (same wire story, another headline and a sentence added).
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

from strife.ingest.dates import iso_date
from strife.records import Document

_WS = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
MAX_TEXT_CHARS = 2_000_000  # longer "articles" are cut: nothing in news is that long


class IngestError(Exception):
    """A document that cannot be read; the message names the file and the reason."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self):  # rebuilt from its two fields when a worker process sends it back
        return IngestError, (self.path, self.reason)


def normalise_text(text: str) -> str:
    """NFC, unify line endings, drop control characters, trim each line and blank runs."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    lines = [line.strip() for line in text.split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def content_id(text: str) -> str:
    return hashlib.sha256(_WS.sub(" ", text).strip().lower().encode("utf-8")).hexdigest()[:16]


def simhash(text: str) -> int:
    """64-bit simhash over word trigrams: near-copies differ in few bits. A bit is set when more
    than half of the trigrams' hashes set it (counted with numpy: a long text has ~10^5 trigrams)."""
    import numpy as np

    words = _WORD.findall(text.lower())
    grams = [" ".join(words[i:i + 3]) for i in range(max(1, len(words) - 2))]
    digests = b"".join(hashlib.blake2b(gram.encode("utf-8"), digest_size=8).digest() for gram in grams)
    hashes = np.frombuffer(digests, dtype=">u8").astype("<u8")
    ones = np.unpackbits(hashes.view(np.uint8), bitorder="little").reshape(-1, 64).sum(axis=0, dtype=np.int64)
    value = sum(1 << bit for bit in range(64) if 2 * int(ones[bit]) > len(grams))
    return value - (1 << 64) if value >= 1 << 63 else value  # signed, so it fits a BIGINT


def hamming(a: int, b: int) -> int:
    return bin((a ^ b) & ((1 << 64) - 1)).count("1")


def make_document(text: str, *, path: str, name: str, title: str | None = None,
                  url: str | None = None, source: str | None = None,
                  pub_date: str | None = None, pub_date_source: str | None = None) -> Document:
    """Build a Document, or raise IngestError when there is no usable text. `pub_date` is kept
    only when it is a plausible date; `pub_date_source` says where it was written."""
    if len(text or "") > 2 * MAX_TEXT_CHARS:
        text = text[:2 * MAX_TEXT_CHARS]  # normalising costs time and memory by the character: cut first
    text = normalise_text(text or "")
    if len(text) > MAX_TEXT_CHARS:
        text = text[:MAX_TEXT_CHARS]
    if len(_WORD.findall(text[:5000])) < 3:
        raise IngestError(path, "no article text found")
    iso = iso_date(pub_date)
    return Document(id=content_id(text), text=text, title=(title or "").strip() or None,
                    url=url or None, source=source or None, pub_date=iso,
                    pub_date_source=(pub_date_source or "metadata") if iso else None,
                    path=path, name=name, simhash=simhash(text))
