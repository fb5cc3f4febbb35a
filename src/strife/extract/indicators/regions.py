"""The region of a claim: the countries of the places next to the value (up to the next value),
else of the sentence; places that are part of an actor's name ("US Central Command") or of the
source phrase do not count, nor a demonym of the one who acted ("Saudi airstrikes"); "both
countries" / "each country" stand for the last two named."""
from __future__ import annotations

import re

from spacy.tokens import Span

from strife.extract.context import DocumentContext
from strife.extract.indicators.claims import LEXICON, Claim, token_at
from strife.nlp.gazetteer import Gazetteer
from strife.nlp.lexicon import load_generic_nouns, load_vocabulary
from strife.nlp.pipeline import span_text
from strife.records import Place

_BOTH = re.compile(r"\b(?:both|the\s+two)\s+countries\b|\beach\s+country\b|\bboth\s+of\s+them\b", re.I)


def claim_places(ctx: DocumentContext, start: int, end: int, source_span: tuple[int, int] | None,
                 evidence: tuple[int, int] | None = None) -> list[Place]:
    """The places between two offsets that say where a claim holds: not a place in an actor's name or
    in the source phrase, not a demonym that only says who acted (outside the claim's evidence)."""
    out = []
    for p in ctx.places:
        if not p.country:
            continue
        at = p.start if p.start is not None else -1
        if not start <= at < end:
            continue
        if any(sp.start_char <= at < sp.end_char for sp in ctx.actor_spans):
            continue  # "US Central Command", "Iraqi security forces": an actor, not where the claim holds
        if source_span and source_span[0] <= at < source_span[1]:
            continue
        if not (evidence and evidence[0] <= at < evidence[1]) and _names_the_actor(p, ctx, evidence):
            continue
        out.append(p)
    return out


_SUBJECT_DEPS = ("nsubj", "nsubjpass", "agent", "csubj")
# nouns of what acts: "Saudi airstrikes", "a Kenyan raid" (and the generic actor nouns: "Turkish troops")
_ACTING_NOUNS = load_vocabulary().words("aggregate_event_plurals") | load_vocabulary().words("event_nouns")
_GENERIC = load_generic_nouns()


def _names_the_actor(p: Place, ctx: DocumentContext, evidence: tuple[int, int] | None) -> bool:
    """A demonym in the subject or the agent of a clause ("Saudi airstrikes have killed", "killed by
    Kenyan police", "the Turkish president said"), or before the claim on an actor or an incident
    ("Saudi airstrikes, which killed"), tells who acted, not where; one in the counted phrase ("31
    Yemenis", "600 Malian soldiers") or in a place phrase ("of Iraqi territory") does."""
    if p.end is None or not Gazetteer.load().is_demonym(ctx.text[p.start:p.end]):
        return False
    tok = token_at(ctx.doc, p.start)
    if tok is None:
        return False
    if evidence and p.start < evidence[0] and (tok.head.lower_ in _ACTING_NOUNS or _GENERIC.category(tok.head.text)):
        return True
    while tok.pos_ not in ("VERB", "AUX"):
        if tok.dep_ in _SUBJECT_DEPS:
            return True
        if tok.head.i == tok.i:
            break
        tok = tok.head
    return False


def _where_named(places: list[Place], ctx: DocumentContext) -> list[Place]:
    """A place named as such says where a claim holds more than a nationality does ("eight
    dual-American citizens held in Gaza" holds in Gaza) or than the owner of the one who acted
    ("Israel's campaign in Gaza has killed"): those give way when a named place of another country
    remains, and stand alone otherwise ("200 Syrian civilians")."""
    gaz = Gazetteer.load()
    named = [p for p in places if p.end is not None and not gaz.is_demonym(ctx.text[p.start:p.end])
             and not _owns_the_actor(p, ctx)]
    if not named:
        return places
    return [p for p in places if p in named or p.country in {n.country for n in named}]


def _source_seat(ctx: DocumentContext, source_span: tuple[int, int] | None) -> str | None:
    """Where the source sits when the claim names no place ("figures by the Ministry of Health in
    Gaza"): its count covers that place. Only a place after "in": "the US Navy said" or "Britain's
    defence ministry said" tell whose body speaks, not where the figure holds."""
    if not source_span:
        return None
    seats = []
    for p in ctx.places:
        if p.start is None or not source_span[0] <= p.start < source_span[1]:
            continue
        tok = token_at(ctx.doc, p.start)
        while tok is not None and tok.dep_ == "compound":
            tok = tok.head
        if tok is not None and tok.dep_ == "pobj" and tok.head.lower_ == "in":
            seats.append(p)
    return country_codes(seats)


def _owns_the_actor(p: Place, ctx: DocumentContext) -> bool:
    """A country in the possessive of a clause's subject ("Israel's campaign ... has killed")."""
    tok = token_at(ctx.doc, p.start)
    if tok is None or tok.dep_ != "poss":
        return False
    while tok.pos_ not in ("VERB", "AUX"):
        if tok.dep_ in _SUBJECT_DEPS:
            return True
        if tok.head.i == tok.i:
            break
        tok = tok.head
    return False


def country_codes(places: list[Place]) -> str | None:
    codes = sorted({p.country for p in places if p.country})
    return ",".join(codes) if codes else None


def region_of(claim: Claim, sent: Span, claims: list[Claim], ctx: DocumentContext, source_span, subject: str | None) -> str | None:
    later = [c.start for c in claims if c.start > claim.start]
    local_end = later[0] if later else sent.end_char
    evidence = (claim.ev_start, claim.ev_end)
    local = claim_places(ctx, claim.start, local_end, source_span, evidence)
    places = local if len(claims) > 1 and local else claim_places(ctx, sent.start_char, sent.end_char, source_span,
                                                                  evidence)
    region = country_codes(_where_named(places, ctx)) or _source_seat(ctx, source_span)
    both = _BOTH.search(ctx.text, claim.start, local_end)
    if both or (region is None and _BOTH.search(span_text(sent))):
        at = both.start() if both else sent.start_char + _BOTH.search(span_text(sent)).start()
        before = claim_places(ctx, 0, at, source_span)
        named: list[str] = []
        for p in reversed(before):
            if p.country not in named:
                named.append(p.country)
            if len(named) == 2:
                break
        if len(named) == 2:
            region = ",".join(sorted(named))
    agent = claim.attrs.get("agent")
    if region and agent and agent in LEXICON:
        # "the SDF captured ... on the road linking the Iraqi city of Mosul and the Syrian city of Raqqa":
        # where the captor fights narrows the sentence's places
        fights_in = set(LEXICON.info(agent).countries)
        narrowed = sorted(set(region.split(",")) & fights_in)
        if narrowed:
            region = ",".join(narrowed)
    return region


