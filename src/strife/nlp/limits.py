"""Every cap that keeps one document's extraction bounded in time and memory, in one place.

A news feed is hostile input: a text can be made (or broken) to stress a tokenizer, a parser or a
pattern. Strife's cost must grow linearly with a text's size, so wherever a step could do more
(strip affixes one by one off a long token, hold a long text's whole parse at once, walk a parse
or a pattern that can backtrack), it stops at a cap written here:

    MAX_CHUNK_CHARS       a run of characters with no space in it is tokenized in pieces this long
                          (spaCy's tokenizer strips prefixes and suffixes one at a time off the whole
                          run: quadratic in the run's length)
    PARSE_TOKENS          the model is given at most this many tokens at once: a batch of documents
                          goes through it in parts, a longer document in pieces cut at paragraph,
                          line or sentence ends whose parses are joined (the model holds ~17 kB a
                          token while it runs: 40,000 tokens ~0.7 GB, a 2 MB text at once gigabytes;
                          the longest batch of 32 development texts holds 29,000)
    MAX_SENTENCE_TOKENS   a longer sentence is no sentence of a report: the rules that walk its parse
    MAX_NESTING_DEPTH     brackets nested deeper,
    MAX_REPEAT_RUN        a word repeated more times in a row ("Monday, Monday, Monday, ..."),
    MAX_LIST_NUMBERS      more figures in one list ("1, 8, 15, 22, ...")
                          skip the sentence, and the extraction counts it (`Extraction.skipped_sentences`)
    MAX_CHAIN_NAMES       names the geoparser reads after a place as the areas that contain it
                          ("in Mbizi, Makamba, Burundi"); a comma list of names goes no further

and beyond them a document has a time budget and its worker a memory ceiling (strife.extract.watchdog):

    DOCUMENT_SECONDS      the default time one document may take (`--budget` on the command line)
    WORKER_MEMORY_MB      the memory an extraction worker may add to what it was forked with (the model,
                          gazetteer and lexicons, ~0.4 GB) before it is stopped: with them, under 2 GB
                          (a batch of ordinary news adds up to ~0.7 GB, the truecaser's model included)

No cap bites on ordinary news. Over every development set (691 texts): the longest run with no
space holds 53 characters, the longest sentence 148 tokens, the deepest brackets 1, the longest
repeat 3 words ("My son, my son, my brother"), the longest list 4 figures.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span

MAX_CHUNK_CHARS = 100
PARSE_TOKENS = 40_000
MAX_SENTENCE_TOKENS = 400
MAX_NESTING_DEPTH = 6
MAX_REPEAT_RUN = 12
MAX_LIST_NUMBERS = 30
MAX_CHAIN_NAMES = 8

DOCUMENT_SECONDS = 30.0
WORKER_MEMORY_MB = 1280

_OPENING = frozenset("([{")
_CLOSING = frozenset(")]}")
_LIST_LINKS = frozenset({",", ";", "and", "or", "to", "-", "–", "—", "/"})


def over_cap(sentence: Span) -> str | None:
    """Which cap a sentence passes ("tokens", "nesting", "repeats", "numbers"), or None: one pass
    over its tokens."""
    if len(sentence) > MAX_SENTENCE_TOKENS:
        return "tokens"
    depth = repeats = numbers = 0
    before = before_last = None  # the two words before this one (punctuation aside)
    for token in sentence:
        text = token.text
        if text in _OPENING:
            depth += 1
            if depth > MAX_NESTING_DEPTH:
                return "nesting"
            continue
        if text in _CLOSING:
            depth = max(0, depth - 1)
            continue
        if token.like_num:
            numbers += 1
            if numbers > MAX_LIST_NUMBERS:
                return "numbers"
        elif token.is_space or token.lower_ not in _LIST_LINKS:
            numbers = 0
        if token.is_punct or token.is_space:
            continue
        word = token.lower_
        repeats = repeats + 1 if word in (before, before_last) else 0
        if repeats >= MAX_REPEAT_RUN:
            return "repeats"
        before_last, before = before, word
    return None
