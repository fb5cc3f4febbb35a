"""The source of a claim: "according to X", the subject of an attribution verb (said, estimates,
counted, put ... at), or "an estimate ... by X". A person or organisation entity names it, an actor
is given its canonical name."""
from __future__ import annotations

import re

from spacy.tokens import Span, Token

from strife.extract.context import DocumentContext
from strife.extract.indicators.claims import (ATTRIBUTION_LEMMAS, PRONOUNS, actor_containing, actor_in_subtree,
                                              token_at)
from strife.nlp.pipeline import span_text

_ACCORDING = re.compile(r"\baccording\s+to\s+", re.I)
_ESTIMATE_BY = re.compile(r"\b(?:estimates?|figures?|assessments?|tally|count|data|numbers)\b[^.;]{0,60}?\bby\s+", re.I)


def source_of(sent: Span, ctx: DocumentContext) -> tuple[str | None, tuple[int, int] | None]:
    """Who made the claims of a sentence, and where that is said (so its words are not places)."""
    doc = ctx.doc
    for rx in (_ACCORDING, _ESTIMATE_BY):
        m = rx.search(span_text(sent))
        if m:
            head = token_at(doc, sent.start_char + m.end())
            if head is not None:
                # "according to the Britain-based Syrian Observatory": climb to the object of the preposition
                while head.dep_ != "pobj" and head.head.i > head.i and head.head.i < sent.end:
                    head = head.head
                name, span = _name_of(head, ctx)
                if name:
                    return name, span
    for tok in sent:
        if tok.lemma_.lower() not in ATTRIBUTION_LEMMAS or tok.pos_ not in ("VERB", "AUX"):
            continue
        if tok.lemma_.lower() == "put" and not any(c.dep_ == "prep" and c.lower_ == "at" for c in tok.children):
            continue
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.lower_ in PRONOUNS or subj.pos_ == "PRON":
            continue
        name, span = _name_of(subj, ctx)
        if name:
            return name, span
    return None, None


def _name_of(head: Token, ctx: DocumentContext) -> tuple[str | None, tuple[int, int] | None]:
    """The name a source phrase gives: an actor's canonical name, a person or organisation, or
    the noun phrase itself ("some analysts")."""
    doc = ctx.doc
    lo, hi = head.left_edge, head.right_edge
    span = (lo.idx, hi.idx + len(hi.text))
    actor = actor_containing(head, ctx)
    if actor is not None:
        return actor.label_, span
    ent = next((e for e in doc.ents if e.start <= head.i < e.end and e.label_ in ("PERSON", "ORG", "NORP", "GPE")), None)
    if ent is not None:
        return re.sub(r"^(?:the|The)\s+", "", ent.text), span
    actor = actor_in_subtree(head, ctx)
    if actor is not None:
        return actor.label_, span
    # "The defence consultancy IHS": a named organisation or person in apposition
    ent = next((e for e in doc.ents if lo.i <= e.start and e.end - 1 <= hi.i and e.label_ in ("PERSON", "ORG")), None)
    if ent is not None:
        return re.sub(r"^(?:the|The)\s+", "", ent.text), span
    words = [t for t in doc[head.left_edge.i: head.i + 1] if t.dep_ != "det" and not t.is_punct]
    name = " ".join(t.text for t in words).strip()
    return (name or None), span


