"""Roles: who did it (the claimant, the hedged suspect, the explicit agent, the actor a generic
noun stands for, or the article's armed group, marked inferred), who or what was hit (victims
and targets as written), and who won and lost a territorial change."""
from __future__ import annotations

import re

from spacy.tokens import Span, Token

from strife.extract.context import STATE_TYPES, DocumentContext
from strife.extract.incidents.records import Candidate, Trigger
from strife.extract.incidents.triggers import PERSON_NOUNS
from strife.nlp.lexicon import load_generic_nouns, load_vocabulary
from strife.nlp.pipeline import span_text

_VOCAB = load_vocabulary()
EVENT_NOUNS = _VOCAB.words("event_nouns")  # an object that is an event is neither victim nor target
PERSON_HARM_LEMMAS = _VOCAB.words("person_harm_lemmas")  # their objects are victims, never targets
COLLECTIVE_NOUNS = _VOCAB.words("collective_nouns")
SPEECH_LEMMAS = _VOCAB.words("speech_lemmas")
LOSS_VERBS = _VOCAB.words("loss_verbs")
PATIENT_PREPOSITIONS = _VOCAB.words("patient_prepositions")
_ACTOR_ATTRIBUTIVE_SUFFIXES = tuple("-" + w for w in sorted(_VOCAB.words("actor_attributive_suffixes")))
_NO_CLAIM = re.compile(r"\bno (?:group|one|organi[sz]ation) (?:has |had )?(?:claimed|took|has taken)", re.I)
# "suspected X", "blamed on X", "believed to be X": a hedged attribution to the actor that follows
_HEDGED = re.compile(rf"\b(?:{_VOCAB.alternation('hedged_attribution')})\s+", re.I)


_ROLE_OBJECT_PREPS = ("on", "against", "at", "of", "targeting")


def victims_and_targets(cand: Candidate) -> None:
    """Who and what was hit, as written: the people killed, hurt or taken (victims) and the
    things attacked (target), from the trigger's objects ("guerrillas attacked the presidential
    farm", "the murder of Carlos Pizarro", "an attack on a police post")."""
    for trig in cand.triggers:
        for obj in trigger_objects(trig.token):
            if obj.lower_ in EVENT_NOUNS or obj.pos_ == "PRON" or obj.like_num:
                continue
            phrase = _np_text(obj)
            if not phrase:
                continue
            if _is_person(obj):
                cand.victims_text = cand.victims_text or phrase
            elif trig.token.lemma_.lower() not in PERSON_HARM_LEMMAS:
                cand.target_text = cand.target_text or phrase


def trigger_objects(tok: Token) -> list[Token]:
    """The heads of what a trigger acts on: its object or passive subject, the object of "on",
    "against", "at" (and of "of", "targeting" after a noun: "the murder of X"), or the object
    of the verb it is coordinated with ("shot and killed four tribesmen")."""
    objects = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ in _ROLE_OBJECT_PREPS):
        if tok.pos_ in ("NOUN", "PROPN") or prep.lower_ in ("on", "against", "at"):
            objects += [c for c in prep.children if c.dep_ == "pobj"]
    if tok.dep_ == "conj" and not objects:
        objects = [c for c in tok.head.children if c.dep_ == "dobj"]
    return objects


def _is_person(tok: Token) -> bool:
    return tok.ent_type_ in ("PERSON", "NORP") or tok.lemma_.lower() in PERSON_NOUNS \
        or tok.lower_ in PERSON_NOUNS


def _np_text(head: Token) -> str | None:
    """The noun phrase of a head as written, without determiners, numbers or trailing clauses:
    'the "santo tomas" presidential farm' → 'santo tomas" presidential farm'."""
    doc = head.doc
    if head.ent_type_ == "PERSON":
        ents = [e for e in doc.ents if e.label_ == "PERSON"]
        k = next((k for k, e in enumerate(ents) if e.start <= head.i < e.end), None)
        if k is not None:
            # "Federico Estrada | Velez": the recogniser split one name in two
            start, end = ents[k].start, ents[k].end
            while k > 0 and ents[k - 1].end == start:
                k -= 1
                start = ents[k].start
            later = [e for e in ents if e.start >= end]
            while later and later[0].start == end:
                end = later.pop(0).end
            return doc[start:end].text
    left = head.i
    for tok in reversed(list(head.lefts)):
        if tok.dep_ in ("det", "predet", "poss", "nummod", "quantmod", "punct", "case", "cc", "preconj") \
                and tok.i == left - 1 and tok.i < head.i:
            break
        if tok.dep_ in ("compound", "amod", "nmod", "npadvmod", "punct", "hmod", "hyph"):
            left = min(left, tok.left_edge.i)
    span = doc[left: head.i + 1]
    while len(span) > 1 and (span[0].dep_ in ("det", "poss", "nummod", "predet") or span[0].is_punct
                              or span[0].like_num):
        span = span[1:]
    return span.text.strip("\"“”' ") or None


def assign_agency(cand: Candidate, sent: Span, start: int, end: int, ctx: DocumentContext) -> None:
    """The perpetrator, and for a territorial change the side that lost the place."""
    _perpetrator(cand, sent, start, end, ctx)
    territorial = [t for t in cand.triggers if t.kind == "territory_change"]
    if cand.kind == "territory_change" and territorial:
        _territory_roles(cand, territorial[0], ctx)


def _perpetrator(cand: Candidate, sent: Span, start: int, end: int, ctx: DocumentContext) -> None:
    sent_actors = ctx.actors_in(sent.start_char, sent.end_char)
    # 1. claims of responsibility
    claim = responsibility_claim(sent, ctx)
    if claim:
        cand.perpetrator, cand.perpetrator_text, cand.attribution, cand.claimed = claim
        return
    if _NO_CLAIM.search(span_text(sent)):
        cand.claimed = False
    # 2. hedged: suspected X / blamed on X / believed to be X
    for m in _HEDGED.finditer(span_text(sent)):
        at = sent.start_char + m.end()
        after = [sp for sp in sent_actors if at <= sp.start_char <= at + 40]
        if after:
            sp = after[0]
            cand.perpetrator, cand.perpetrator_text, cand.attribution = sp.label_, sp.text, "suspected"
            return
    # 3. explicit agent: the actor that is the subject of a trigger, or the "by X" agent
    for trig in cand.triggers:
        agent = _agent_of(trig.token, ctx)
        if agent is not None:
            label, surface = agent
            cand.perpetrator, cand.perpetrator_text, cand.attribution = label, surface, "explicit"
            return
    # 5. a generic noun or pronoun subject ("the group", "the jihadis", "it") stands for an actor of
    # context; "unidentified gunmen", "assailants" say the perpetrator is not known
    generic = load_generic_nouns()
    for trig in cand.triggers:
        subj = subject_of(trig.token)
        if subj is None:
            continue
        phrase = _perpetrator_phrase(subj)
        if any(c.dep_ == "poss" and c.lower_ in ("his", "her", "their") for c in subj.children):
            # "his men helped recapture X ..., an officer with Kurdish security forces"
            unit = _affiliation(sent, ctx)
            if unit:
                cand.perpetrator, cand.perpetrator_text, cand.attribution = unit, phrase, "explicit"
                return
        category = generic.category(phrase) or generic.category(subj.text)
        if generic.is_unknown_perpetrator(phrase) or category == "unknown":
            cand.perpetrator_text, cand.attribution = phrase, "unknown"
            return
        if category in ("non_state", "state") or subj.lower_ in ("it", "they"):
            resolved = _resolve_generic(ctx, subj.idx, state=category == "state")
            if resolved:
                cand.perpetrator, cand.perpetrator_text, cand.attribution = resolved, phrase, "explicit"
                return
            cand.perpetrator_text = phrase
    # 4. an actor in the segment that is not the target ("on IS positions", "from IS militants")
    seg_actors = [sp for sp in ctx.actors_in(start, end) if not _is_patient(sp)
                  and not ctx.text.startswith(_ACTOR_ATTRIBUTIVE_SUFFIXES, sp.end_char)]
    if seg_actors:
        sp = min(seg_actors, key=lambda s: abs(s.start_char - cand.triggers[0].start))
        cand.perpetrator, cand.perpetrator_text, cand.attribution = sp.label_, sp.text, "explicit"
        return
    # 6. an attack with no named agent in an article about one armed group: that group, marked as inferred
    if cand.attribution == "unknown":
        return
    if cand.kind in ("attack", "execution", "battle") and cand.perpetrator is None:
        recent = _recent_nonstate(ctx, sent)
        if recent or ctx.dominant_nonstate:
            cand.perpetrator, cand.attribution = recent or ctx.dominant_nonstate, "inferred"


def responsibility_claim(sent: Span, ctx: DocumentContext) -> tuple[str, str, str, bool] | None:
    """'IS claimed responsibility', 'The armed group has claimed responsibility' (resolved)."""
    text = ctx.text
    sent_actors = ctx.actors_in(sent.start_char, sent.end_char)
    for m in _CLAIM.finditer(span_text(sent)):
        at = sent.start_char + m.start()
        before = [sp for sp in sent_actors if sp.end_char <= at]
        if before:
            sp = before[-1]
            return sp.label_, sp.text, "claimed", True
        generic = _generic_before(text, sent.start_char, at)
        if generic and not re.match(r"no\b|none\b", generic, re.I):
            resolved = _resolve_generic(ctx, at)
            if resolved:
                return resolved, generic, "claimed", True
    return None


# "IS claimed responsibility", "claimed the bombing", "said its fighters carried out", "acknowledged carrying out"
_CLAIM = re.compile(
    rf"\b(?:{_VOCAB.alternation('responsibility_verbs')})\s+(?:\w+ly\s+)?(?:the\s+|full\s+)?responsibility\b"
    rf"|\bclaimed\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+)?(?:\w+\s+)?(?:{_VOCAB.alternation('claimable_deeds')})s?\b"
    r"|\bsaid\s+(?:that\s+)?(?:it|they)\s+(?:was|were|had\s+been)\s+behind\b"
    r"|\bsaid\s+(?:that\s+)?(?:it|they|its\s+fighters|its\s+militants|its\s+members)\s+(?:had\s+)?"
    rf"(?:{_VOCAB.alternation('claim_deed_verbs')})\b"
    r"|\backnowledged\s+(?:carrying\s+out|that\s+its\s+(?:fighters|militants|members))", re.I)


# "an officer with Kurdish security forces": a person of an armed actor
_AFFILIATION = re.compile(rf"\b(?:{_VOCAB.alternation('affiliation_nouns')})s?\s+(?:with|of|in|from)\s+(?:the\s+)?$",
                          re.I)


def _affiliation(sent: Span, ctx: DocumentContext) -> str | None:
    """The armed actor a person of the sentence belongs to ('an officer with Kurdish security forces')."""
    text = ctx.text
    for sp in ctx.actors_in(sent.start_char, sent.end_char):
        if _AFFILIATION.search(text[max(sent.start_char, sp.start_char - 40):sp.start_char]):
            return sp.label_
    return None


def _recent_nonstate(ctx: DocumentContext, sent: Span) -> str | None:
    """The non-state actor named last in this or the two sentences before ("The Islamic Resistance said
    its attacks were in retaliation ... These attacks largely came to a halt after an attack ...")."""
    index = ctx.sentence_index.get(sent.start, 0)
    window_start = ctx.sentence_starts[max(0, index - 2)]
    names = [sp for sp in ctx.actor_spans if window_start <= sp.start_char < sent.end_char
             and ctx.actor_types.get(sp.label_) not in STATE_TYPES and not _is_patient(sp)]
    return names[-1].label_ if names else None


def _generic_before(text: str, sent_start: int, at: int) -> str | None:
    m = re.search(r"((?:the|an?|no)\s+)?([\w-]+)\s+(?:has\s+|have\s+|had\s+)?$", text[max(sent_start, at - 40):at], re.I)
    return m.group(0).strip() if m else None


def _resolve_generic(ctx: DocumentContext, at: int, state: bool = False) -> str | None:
    """The armed actor a generic noun stands for: the most recent actor of its side (non-state for
    "the group", state for "troops") named before it, else the document's dominant non-state one."""
    before = [sp for sp in ctx.actor_spans if sp.end_char <= at
              and (ctx.actor_types.get(sp.label_) in STATE_TYPES) == state]
    if before:
        return before[-1].label_
    return None if state else ctx.dominant_nonstate


def _actor_at(token: Token, ctx: DocumentContext) -> Span | None:
    for sp in ctx.actor_spans:
        if sp.start <= token.i < sp.end:
            return sp
    return None


def _actor_in_subtree(token: Token, ctx: DocumentContext) -> Span | None:
    """An actor inside the phrase of a token, not inside a clause hanging on it: in "a bomb, which was
    placed in the U.S. institute, went off" the bomb's subject phrase names no actor."""
    lo, hi = token.left_edge.i, token.right_edge.i
    in_clause = {t.i for c in token.subtree if c.dep_ in ("relcl", "acl", "advcl") and c.i != token.i
                 for t in c.subtree}
    inside = [sp for sp in ctx.actor_spans if lo <= sp.start and sp.end - 1 <= hi and sp.start not in in_clause]
    # prefer the head's own words, then the nearest compound/modifier
    for sp in inside:
        if sp.start <= token.i < sp.end:
            return sp
    return inside[0] if inside else None


def _perpetrator_phrase(subj: Token) -> str:
    """The subject as written up to its head, or through its "of" phrase when the head is a
    collective noun: "a group of armed men", "members of the 8th front", not "a group"."""
    end = subj.i + 1
    if subj.lower_ in COLLECTIVE_NOUNS:
        of = next((c for c in subj.children if c.dep_ == "prep" and c.lower_ == "of" and c.i == subj.i + 1), None)
        if of is not None and len(list(of.subtree)) <= 8:
            end = of.right_edge.i + 1
    return subj.doc[subj.left_edge.i:end].text


def subject_of(tok: Token) -> Token | None:
    """Who does the trigger: its subject, or the agent of a passive ("killed by unidentified men")."""
    hops = [tok] + ([tok.head] if tok.dep_ in ("conj", "xcomp", "advcl", "acl", "dobj", "pobj") else [])
    for t in hops:
        for child in t.children:
            if child.dep_ in ("nsubj",):
                return child
    for t in hops:
        for child in t.children:
            if child.dep_ == "agent":
                return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _agent_of(tok: Token, ctx: DocumentContext) -> tuple[str, str] | None:
    """The actor doing the trigger: nsubj of a verb, `by` agent of a passive, or the
    possessor/compound of a noun ("an IS chemical weapons attack", "a U.S. airstrike")."""
    candidates: list[Token] = []
    verb = tok
    if tok.pos_ != "VERB" and tok.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass", "attr") and tok.head.pos_ in ("VERB", "AUX"):
        verb = tok.head if tok.dep_ != "pobj" else tok.head.head
    hops = [verb]
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
        hops.append(verb.head)
    for v in hops:
        for child in v.children:
            if child.dep_ in ("nsubj", "csubj"):
                candidates.append(child)
            if child.dep_ == "agent":
                candidates.extend(c for c in child.children if c.dep_ == "pobj")
    if tok.pos_ in ("NOUN", "PROPN"):
        for child in tok.children:
            if child.dep_ in ("compound", "amod", "poss", "nmod") or (child.dep_ == "prep" and child.lower_ == "by"):
                candidates.append(child)
                candidates.extend(c for c in child.children if c.dep_ == "pobj")
    for c in candidates:
        if c.i == tok.i:  # "the killing of the U.S. missionaries has coincided ...": the deed is no doer
            continue
        sp = _actor_in_subtree(c, ctx) if c.dep_ in ("nsubj", "pobj", "csubj") else _actor_at(c, ctx)
        if sp is not None:
            return sp.label_, sp.text
    return None


def _is_patient(sp: Span) -> bool:
    """An actor that is not the doer: the one attacked or driven out ('on IS positions', 'from IS
    militants', 'against the Islamic State', 'near the US embassy'), or the one speaking ('the
    Malian army said a landmine ...')."""
    head = sp.root
    while head.dep_ in ("compound", "amod", "nmod", "poss") and head.head is not head:
        head = head.head
    if head.dep_ == "pobj" and head.head.lower_ in PATIENT_PREPOSITIONS:
        return True
    if head.dep_ in ("dobj", "nsubjpass"):
        return True
    if head.dep_ == "nsubj" and head.head.lemma_.lower() in SPEECH_LEMMAS:
        return True
    return False


def _territory_roles(cand: Candidate, trig: Trigger, ctx: DocumentContext) -> None:
    """Who took the place and who lost it. 'IS lost Baiji': the subject lost it. 'Kunduz fell to
    the Taliban': the winner follows "to". 'Forces retook Ramadi from IS', 'drove out IS': the
    side after "from", or an armed actor as the object, lost it."""
    tok = trig.token
    lemma = tok.lemma_.lower()
    prep_actor = {}
    for child in tok.children:
        if child.dep_ in ("prep", "agent") and child.lower_ in ("from", "to", "by"):
            for pobj in child.children:
                sp = _actor_in_subtree(pobj, ctx)
                if sp is not None:
                    prep_actor.setdefault(child.lower_, sp)
    if lemma == "fall":
        winner = prep_actor.get("to") or prep_actor.get("by")
        cand.perpetrator, cand.perpetrator_text = (winner.label_, winner.text) if winner else (None, None)
        cand.attribution = "explicit" if winner else None
        return
    if lemma in LOSS_VERBS:
        cand.loser = cand.perpetrator
        winner = prep_actor.get("to") or prep_actor.get("by")
        cand.perpetrator, cand.perpetrator_text = (winner.label_, winner.text) if winner else (None, None)
        cand.attribution = "explicit" if winner else None
        return
    if "from" in prep_actor:
        cand.loser = prep_actor["from"].label_
        return
    for obj in (c for c in tok.children if c.dep_ == "dobj"):
        sp = _actor_in_subtree(obj, ctx)
        if sp is not None and sp.label_ != cand.perpetrator:
            cand.loser = sp.label_

