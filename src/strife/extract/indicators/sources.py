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

_SPEAKER_PRONOUNS = frozenset({"it", "he", "she", "they"})
_ACCORDING = re.compile(r"\baccording\s+to\s+", re.I)
_ESTIMATE_BY = re.compile(r"\b(?:estimates?|figures?|assessments?|tally|count|data|numbers)\b[^.;]{0,60}?\bby\s+", re.I)


def source_of(sent: Span, ctx: DocumentContext, previous: str | None = None) -> tuple[str | None, tuple[int, int] | None]:
    """Who made the claims of a sentence, and where that is said (so its words are not places); a
    pronoun that said it ("It said", "he told reporters") is the source named just before (`previous`)."""
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
        if subj is not None and subj.lower_ in _SPEAKER_PRONOUNS and previous:
            return previous, (subj.idx, subj.idx + len(subj.text))
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
    if head.lower_ in _DATA_NOUNS:
        # "data from the interior ministry", "figures by the army": whose data
        origin = next((g for c in head.children if c.dep_ == "prep" and c.lower_ in ("from", "by", "of")
                       for g in c.children if g.dep_ == "pobj"), None)
        if origin is not None:
            return _name_of(origin, ctx)
    owner = _owner(head)
    owned = range(owner.left_edge.i, owner.right_edge.i + 1) if owner is not None else range(0)
    # "The defence consultancy IHS", "Kenya's NIS intelligence agency": a named organisation or person in
    # apposition, not the owner
    ent = next((e for e in doc.ents if lo.i <= e.start and e.end - 1 <= hi.i and e.label_ in ("PERSON", "ORG")
                and e.start not in owned), None)
    if ent is not None:
        return re.sub(r"^(?:the|The)\s+", "", ent.text), span
    if owner is not None:
        # "the president's office", "the office of the prime minister": the office, named by its owner
        first = next(t for t in doc[lo.i: head.i + 1] if t.dep_ != "det")
        last = owner.right_edge if owner.i > head.i else head
        return doc[first.i: last.i + 1].text, span
    words = [t for t in doc[head.left_edge.i: head.i + 1] if t.dep_ != "det" and not t.is_punct]
    name = doc[words[0].i: words[-1].i + 1].text.strip() if words else ""
    return (name or None), span


# what a source publishes rather than who it is
_DATA_NOUNS = frozenset({"data", "figures", "figure", "statistics", "numbers", "estimates", "estimate", "count", "tally",
                         "records", "report", "statement"})


def _owner(head: Token) -> Token | None:
    """A named person, organisation or country that owns a noun: "Kenya's army chief", "the office of
    the prime minister" (whose "prime minister" owns it in turn)."""
    for c in head.children:
        if c.dep_ == "poss" and c.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
            return c
        if c.dep_ == "prep" and c.lower_ == "of":
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if pobj is not None and any(t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") for t in pobj.subtree):
                return pobj
    return None


