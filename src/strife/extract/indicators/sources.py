"""The source of a claim: "according to X", the subject of an attribution verb (said, estimates,
counted, put ... at), or "an estimate ... by X". A person or organisation entity names it, an actor
is given its canonical name."""
from __future__ import annotations

import re

from spacy.tokens import Span, Token

from strife.extract.context import DocumentContext
from strife.extract.indicators.claims import (ATTRIBUTION_LEMMAS, LEXICON, PRONOUNS, actor_containing,
                                              actor_in_subtree, token_at)
from strife.nlp.gazetteer import Gazetteer
from strife.nlp.lexicon import load_vocabulary
from strife.nlp.pipeline import span_text

_SPEAKER_PRONOUNS = frozenset({"it", "he", "she", "they"})
_ACCORDING = re.compile(r"\baccording\s+to\s+", re.I)
_ESTIMATE_BY = re.compile(r"\b(?:estimates?|figures?|assessments?|tally|count|data|numbers)\b[^.;]{0,60}?\bby\s+", re.I)


def source_of(sent: Span, ctx: DocumentContext, previous: str | None = None) -> tuple[str | None, tuple[int, int] | None]:
    """Who made the claims of a sentence, and where that is said (so its words are not places); a
    pronoun that said it ("It said", "he told reporters") is the source named just before (`previous`).
    A state body is named with the place it serves ("Gaza's Ministry of Health" → "Gaza Ministry of
    Health"), an international organisation by its acronym ("United Nations" → "UN")."""
    name, span = _source_phrase(sent, ctx, previous)
    if name and span:
        name = _qualified(_short_name(name), span, sent, ctx)
    return name, span


def _source_phrase(sent: Span, ctx: DocumentContext, previous: str | None) -> tuple[str | None, tuple[int, int] | None]:
    """The source as the sentence names it (see `source_of`)."""
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
        return _actor_name(actor), span
    ent = next((e for e in doc.ents if e.start <= head.i < e.end and e.label_ in ("PERSON", "ORG", "NORP", "GPE")), None)
    if ent is not None:
        return re.sub(r"^(?:the|The)\s+", "", ent.text), span
    actor = actor_in_subtree(head, ctx)
    if actor is not None:
        return _actor_name(actor), span
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




def _actor_name(actor: Span) -> str:
    """An actor as the text names it ("the IDF said" → "IDF", not the canonical "Israeli forces"):
    a source is cited, not resolved."""
    return re.sub(r"^(?:the|The)\s+", "", actor.text)


def _short_name(name: str) -> str:
    """An international organisation is cited by its acronym ("the United Nations" → "UN"): the
    first all-capital alias of the lexicon entry, when it has one."""
    canonical = LEXICON.canonical(name)
    actor = LEXICON.actors.get(canonical) if canonical else None
    if actor is None or actor.type != "international":
        return name
    return next((a for a in actor.case_sensitive if a.isupper() and a.isalpha()), name)


# the heads of a state body that news names without its place ("the Navy", "the Ministry of Health")
_BODY = re.compile(r"\b(?:" + load_vocabulary().alternation("state_body_words") + r")\b", re.I)
_POSSESSIVE = re.compile(r"^\s*(?:['’]s)?\s*$")
_AFTER = re.compile(r"\s+(?:in|of)\s+(?:the\s+)?$|\s+there\b")


def _qualified(name: str, span: tuple[int, int], sent: Span, ctx: DocumentContext) -> str:
    """A state body named without its place takes the place the text gives it: just after ("the
    Ministry of Health in Gaza", "the Ministry of Health there"), just before ("Gaza's Ministry of
    Health", "the US Navy"), or in an earlier mention of the same body ("a US Navy pilot ... the Navy
    said"). A demonym before the body gives way to a place after it ("the Palestinian Ministry of
    Health in Gaza" → "Gaza Ministry of Health"); the place is never guessed."""
    if not _BODY.search(name):
        return name
    at = ctx.text.find(name, span[0], max(span[1], span[0] + len(name)))
    if at < 0:
        return name
    owned = re.match(r"^(.+?)['’]s\s+", name)
    if owned and _place_at(ctx, at, at + len(owned.group(1))):
        return f"{owned.group(1)} {name[owned.end():]}"  # "Gaza's Civil Defense": "Gaza Civil Defense"
    words = name.split()
    lead = len(words) > 1 and Gazetteer.load().is_demonym(words[0])
    inner = _LOCATIVE_END.search(name)
    if inner and _place_at(ctx, at + inner.start(1), at + len(name)):
        # the named entity holds the place: "Syrian Ministry of Health in Idlib"
        body = name[:inner.start()].split()
        return " ".join([inner.group(1)] + (body[1:] if lead else body))
    before = None if lead else _place_named(ctx, span[0], at)
    if before:
        return f"{before} {name}"
    place = _place_after(ctx, at + len(name), sent)
    if place:
        return " ".join([place] + (words[1:] if lead else words))
    return name if lead else (_earlier_mention(ctx, name, span[0]) or name)


_LOCATIVE_END = re.compile(r"\s+(?:in|of)\s+(?:the\s+)?([A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)$")


def _place_at(ctx: DocumentContext, start: int, end: int) -> bool:
    """A place (not a demonym) is written exactly at these offsets."""
    return any(p.start == start and p.end == end for p in ctx.places) and \
        not Gazetteer.load().is_demonym(ctx.text[start:end])


def _place_named(ctx: DocumentContext, lo: int, hi: int, demonym: bool = False) -> str | None:
    """The place written just before `hi`, in its possessive or as a modifier ("Gaza's", "the US");
    a demonym ("the French Navy") only when `demonym`."""
    gaz = Gazetteer.load()
    for p in ctx.places:
        if p.start is None or p.end is None or not lo <= p.start < p.end <= hi:
            continue
        word = ctx.text[p.start:p.end]
        if _POSSESSIVE.match(ctx.text[p.end:hi]) and (demonym or not gaz.is_demonym(word)):
            return word
    m = re.search(r"\b([A-Z][A-Za-z.]*)\s*(?:['’]s)?\s*$", ctx.text[lo:hi])
    if m and gaz.country_by_name(m.group(1)) and (demonym or not gaz.is_demonym(m.group(1))):
        return m.group(1)
    return None


def _place_after(ctx: DocumentContext, end: int, sent: Span) -> str | None:
    """"... in Gaza" just after the body, or "there": the last place named before it in the sentence."""
    m = re.match(r"\s+(?:in|of)\s+(?:the\s+)?", ctx.text[end:end + 12])
    if m:
        at = end + m.end()
        place = next((p for p in ctx.places if p.start == at and p.end is not None), None)
        if place is not None and not Gazetteer.load().is_demonym(ctx.text[place.start:place.end]):
            return ctx.text[place.start:place.end]
    if re.match(r"\s+there\b", ctx.text[end:end + 8]):
        before = [p for p in ctx.places if p.start is not None and p.end is not None
                  and sent.start_char <= p.start and p.end <= end
                  and not Gazetteer.load().is_demonym(ctx.text[p.start:p.end])]
        if before:
            return ctx.text[before[-1].start:before[-1].end]
    return None


def _earlier_mention(ctx: DocumentContext, name: str, before: int) -> str | None:
    """The body's fuller name from an earlier mention: with its place or demonym ("a US Navy pilot
    ... the Navy said"), or a proper name ("Merseyside Police ... Police said"); of several
    ("Merseyside Police ... Lancashire Police"), the one named most often, the first on a tie: the
    article's own."""
    named: list[str] = []
    for m in re.finditer(r"\b" + re.escape(name) + r"\b", ctx.text[:before]):
        qualifier = _place_named(ctx, max(0, m.start() - 40), m.start(), demonym=True) or \
            _proper_name_before(ctx, m.start())
        if qualifier:
            named.append(f"{qualifier} {name}")
    return max(named, key=lambda n: (named.count(n), -named.index(n))) if named else None


def _proper_name_before(ctx: DocumentContext, at: int) -> str | None:
    """The proper noun that modifies a name written at `at` ("Merseyside" of "Merseyside Police")."""
    tok = token_at(ctx.doc, at)
    if tok is None or tok.i == 0:
        return None
    prev = ctx.doc[tok.i - 1]
    if prev.pos_ == "PROPN" and prev.text[:1].isupper() and prev.is_alpha and not prev.is_stop \
            and not _BODY.fullmatch(prev.text):
        return prev.text
    return None
