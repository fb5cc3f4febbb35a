"""What a document says across sentences: a sentence that names no place or source continues the
claim before it in its paragraph ("In the past three months, they lost another eight percent"),
and the same figure for the same metric told twice is one claim whose fields are merged (the lead
and the body of a news story repeat their numbers)."""
from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Span

from strife.extract.context import DocumentContext
from strife.extract.indicators.claims import paragraph_of
from strife.extract.indicators.regions import claim_places, country_codes
from strife.nlp.pipeline import span_text
from strife.records import Indicator

_OVERALL = re.compile(r"\b(?:overall|in\s+total|altogether|across|combined)\b", re.I)


def continue_previous(ind: Indicator, s_index: int, sent: Span, found: list, ctx: DocumentContext) -> None:
    """A sentence that names no place or source continues the claim before it in its paragraph."""
    paragraph = paragraph_of(ctx, sent.start_char)
    previous = [i for k, i in found if s_index - 2 <= k <= s_index and i.evidence
                and paragraph_of(ctx, i.evidence[0].start) == paragraph]
    if ind.source is None:
        same = [i for i in previous if i.metric == ind.metric and i.source and i.subject == ind.subject]
        if same and not re.search(r"\b(?:said|says|estimat|according|reported)", span_text(sent)):
            ind.source = same[-1].source
    if ind.region is None and _OVERALL.search(span_text(sent)):
        ind.region = ctx.theatre  # "the group's overall losses": not the region of the claim before
    if ind.region is None:
        if previous and previous[-1].region:
            ind.region = previous[-1].region
        else:
            sents = ctx.sentences
            if s_index > 0 and paragraph_of(ctx, sents[s_index - 1].start_char) == paragraph:
                prev_sent = sents[s_index - 1]
                ind.region = country_codes(claim_places(ctx, prev_sent.start_char, prev_sent.end_char, None))
        if ind.region is None:
            ind.region = ctx.theatre


def merge_repeats(indicators: list[Indicator], ctx: DocumentContext) -> list[Indicator]:
    """One claim per (metric, low, high) when nothing says they differ: the fields that one mention
    leaves empty are filled from the others. A headline states the body's figure bare ("20,000
    trapped" for "at least 20,000"): the body's figure stands."""
    out: list[Indicator] = []
    for ind in indicators:
        twin = next((o for o in out if o.metric == ind.metric and _same_figure(o, ind, ctx)
                     and all(getattr(o, f) is None or getattr(ind, f) is None or getattr(o, f) == getattr(ind, f)
                             for f in ("subject", "period"))
                     and _regions_agree(o.region, ind.region)), None)
        if twin is None:
            out.append(ind)
            continue
        richer, poorer = (ind, twin) if _filled(ind) > _filled(twin) else (twin, ind)
        if _in_heading(richer, ctx) and not _in_heading(poorer, ctx):
            richer, poorer = poorer, richer
        merged = replace(richer, evidence=twin.evidence + ind.evidence)
        for f in ("subject", "region", "period", "source"):
            if getattr(merged, f) is None:
                setattr(merged, f, getattr(poorer, f))
        out[out.index(twin)] = merged
    return out


def _in_heading(ind: Indicator, ctx: DocumentContext) -> bool:
    return bool(ind.evidence) and ctx.in_heading(ind.evidence[0].start)


def _same_figure(a: Indicator, b: Indicator, ctx: DocumentContext) -> bool:
    if (a.low, a.high) == (b.low, b.high):
        return True
    if _in_heading(a, ctx) == _in_heading(b, ctx):
        return False
    bare = a if _in_heading(a, ctx) else b
    body = b if bare is a else a
    return bare.low is not None and bare.low == bare.high and bare.low in (body.low, body.high)


def _regions_agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _filled(ind: Indicator) -> int:
    return sum(getattr(ind, f) is not None for f in ("subject", "region", "period", "source"))
