"""One spaCy pipeline per session, and a document context built exactly as `strife.extract.extract_one`
builds it, so a stage's test can take a sentence of `ctx.sentences` and call the stage directly.

The helpers below are plain functions (imported by the test modules) over a context the fixture built."""
from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.tokens import Span

from strife.extract.context import DocumentContext
from strife.extract.incidents.candidates import sentence_candidates
from strife.extract.incidents.filters import non_incident
from strife.extract.incidents.records import KIND_PRIORITY, Candidate
from strife.extract.incidents.triggers import find_triggers

PUB_DATE = "2016-03-10"  # a Thursday: "on Monday" is 2016-03-07, "on Sunday" 2016-03-06


@pytest.fixture(scope="session")
def nlp():
    from strife.nlp.pipeline import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def context(nlp) -> Callable[..., DocumentContext]:
    """`context(text, pub=PUB_DATE)` → the text's `DocumentContext`, built as `extract_one` builds it."""
    from strife.extract import read_context

    def build(text: str, pub: str | None = PUB_DATE, doc_id: str = "t") -> DocumentContext:
        return read_context(nlp(text), doc_id, text, pub)

    return build


def sentence_with(ctx: DocumentContext, words: str) -> tuple[int, Span]:
    """The position and span of the first sentence of the context that contains `words`."""
    for index, sent in enumerate(ctx.sentences):
        if words in sent.text:
            return index, sent
    raise AssertionError(f"no sentence contains {words!r}: {[s.text for s in ctx.sentences]}")


def bare_candidate(ctx: DocumentContext, words: str) -> tuple[Candidate, Span]:
    """A candidate over the whole sentence containing `words` with its incident triggers and no
    field filled yet: what a stage receives before it runs."""
    index, sent = sentence_with(ctx, words)
    triggers = [t for t in find_triggers(sent) if not non_incident(t, sent)]
    assert triggers, f"no trigger in {sent.text!r}"
    kinds = {t.kind for t in triggers}
    kind = next(k for k in KIND_PRIORITY if k in kinds)
    return Candidate(kind=kind, triggers=triggers, start=sent.start_char, end=sent.end_char, sent_index=index), sent


def candidates_in(ctx: DocumentContext, words: str) -> list[Candidate]:
    """Every stage run over the sentence containing `words` (`sentence_candidates`)."""
    index, sent = sentence_with(ctx, words)
    return sentence_candidates(sent, index, ctx)


def one_candidate(ctx: DocumentContext, words: str) -> Candidate:
    found = candidates_in(ctx, words)
    assert len(found) == 1, [(c.kind, ctx.text[c.start:c.end]) for c in found]
    return found[0]
