"""The records the indicator stages pass along (a value phrase being read, one pass over a document)
and the lookups over the parse that several stages share."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from strife.extract.context import STATE_TYPES, DocumentContext
from strife.nlp.lexicon import load_actors, load_vocabulary

LEXICON = load_actors()
ATTRIBUTION_LEMMAS = load_vocabulary().words("attribution_lemmas")  # their subject is a source, not a subject
PRONOUNS = {"it", "they", "its", "their", "them"}


@dataclass
class Claim:
    """A value phrase of a sentence while it is classified, before it becomes an `Indicator`."""

    kind: str  # share | area | count | ellipsis
    metric: str | None
    start: int  # the value phrase, document offsets
    end: int
    ev_start: int  # the evidence: cue and noun around the value
    ev_end: int
    low: float | None
    high: float | None
    unit: str
    area_unit: str | None = None
    role: str = "agent"  # "agent": the actor doing or holding; "other": the side that lost it
    cue_start: int | None = None
    attrs: dict = field(default_factory=dict)


@dataclass
class Reading:
    """One pass over a document's sentences: the document's context and what the pass has read so
    far (the subject of the last claim is the topic a later "it" or "they" may stand for; the last
    source named is who a later "it said" is)."""

    ctx: DocumentContext
    topic: tuple[str, int] | None = None  # (actor, sentence index) of the last claim's subject
    source: tuple[str, int] | None = None  # (name, sentence index) of the last source named
    s_index: int = 0  # the sentence being read


def is_nonstate(label: str) -> bool:
    return label in LEXICON and LEXICON.info(label).type not in STATE_TYPES


def paragraph_of(ctx: DocumentContext, char: int) -> int:
    return sum(1 for s in ctx.paragraph_starts if s <= char)


def token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def actor_containing(tok: Token, ctx: DocumentContext) -> Span | None:
    return next((sp for sp in ctx.actor_spans if sp.start <= tok.i < sp.end), None)


def actor_in_subtree(tok: Token, ctx: DocumentContext) -> Span | None:
    own = actor_containing(tok, ctx)
    if own is not None:
        return own
    lo, hi = tok.left_edge.i, tok.right_edge.i
    inside = [sp for sp in ctx.actor_spans if lo <= sp.start and sp.end - 1 <= hi and not is_patient(sp)]
    return inside[0] if inside else None


def is_patient(sp: Span) -> bool:
    """An actor named as the one attacked: 'strikes on IS positions', 'the fight against IS'."""
    head = sp.root
    while head.dep_ in ("compound", "amod", "nmod", "poss") and head.head is not head:
        head = head.head
    return head.dep_ == "pobj" and head.head.lower_ in ("on", "against", "targeting")
