"""One spaCy pipeline per session and a document context built as `strife.extract.extract_one`
builds it, so that an indicator stage's test can take a sentence and call the stage directly."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from spacy.tokens import Span

from strife.extract.context import DocumentContext, build_context
from strife.extract.indicators.claims import Claim
from strife.extract.indicators.values import find_values

PUB_DATE = "2019-05-16"  # a Thursday: "on Monday" is 2019-05-13


@pytest.fixture(scope="session")
def nlp():
    from strife.nlp.pipeline import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def context(nlp) -> Callable[..., DocumentContext]:
    """`context(text, pub=PUB_DATE)` → the text's `DocumentContext`, time expressions read against
    the publication date and places from the geoparser over the same parse."""
    from strife.nlp.geoparse import geoparse
    from strife.nlp.pipeline import doc_text
    from strife.nlp.timex import find_timexes

    def build(text: str, pub: str | None = PUB_DATE, **kwargs) -> DocumentContext:
        parsed = nlp(text)
        timexes = find_timexes(text, date.fromisoformat(pub) if pub else None)
        return build_context(parsed, "t", timexes, geoparse(doc_text(parsed), doc=parsed), pub, **kwargs)

    return build


def sentence_with(ctx: DocumentContext, words: str) -> Span:
    """The first sentence of the context that contains `words`."""
    for sent in ctx.sentences:
        if words in sent.text:
            return sent
    raise AssertionError(f"no sentence contains {words!r}: {[s.text for s in ctx.sentences]}")


def values_of(ctx: DocumentContext, words: str = "") -> list[Claim]:
    """The value phrases `find_values` reads in the sentence containing `words`."""
    return find_values(sentence_with(ctx, words), ctx)


def counts(ctx: DocumentContext, words: str = "") -> list[tuple[str | None, float | None, float | None]]:
    """(metric, low, high) of every value phrase of that sentence, in text order."""
    return [(v.metric, v.low, v.high) for v in values_of(ctx, words)]
