"""Candidates: a sentence's triggers cut into segments, one per incident it tells, and each
segment filled by the stages in turn (casualties, place, date, roles, attack type and kind), then
filtered. A territorial change yields one candidate per place taken or lost."""
from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Span

from strife.extract.context import DocumentContext
from strife.extract.incidents.casualties import set_casualties
from strife.extract.incidents.dates import set_date
from strife.extract.incidents.filters import (ARMED_NOUNS, FACT_ANCHORS, corroborated, generic_mention,
                                              non_incident, sum_of_incidents)
from strife.extract.incidents.kinds import killed_named_person, refine_kind, set_attack_type
from strife.extract.incidents.places import sentence_country, set_place, taken_places
from strife.extract.incidents.records import KIND_PRIORITY, Candidate, Trigger
from strife.extract.incidents.roles import assign_agency, victims_and_targets
from strife.extract.incidents.triggers import find_triggers
from strife.nlp.lexicon import load_vocabulary
from strife.nlp.pipeline import doc_text, span_text

_VOCAB = load_vocabulary()
# coordination points where a sentence may start telling another incident
_SPLIT = re.compile(r"(?:,?\s+and\s+(?=the\s|an?\s|on\s|in\s)|;\s+|\s+as well as\s+|,\s+while\s+|,\s+whereas\s+|"
                    rf",\s+(?=(?:{_VOCAB.alternation('consequence_words')}|{_VOCAB.alternation('sequence_words')})\s)"
                    rf"|\s+(?=(?:{_VOCAB.alternation('cause_words')})\s+an?\s))", re.I)
_CASUALTY_WORD = re.compile(rf"\b(?:{_VOCAB.alternation('casualty_words')})\b", re.I)


def sentence_candidates(sent: Span, s_index: int, ctx: DocumentContext, with_sums: bool = False) -> list[Candidate]:
    """The sentence's incidents; with `with_sums`, also the sums it tells (flagged `summed`)."""
    triggers = [t for t in find_triggers(sent) if not non_incident(t, sent)]
    if not triggers:
        return []
    out = []
    for seg_start, seg_end, seg_triggers in _segments(sent, triggers):
        cand = build_candidate(seg_start, seg_end, seg_triggers, sent, s_index, ctx)
        if cand is None:
            continue
        out.extend(_one_per_place(cand, ctx) if cand.kind == "territory_change" else [cand])
    return [c for c in out if with_sums or not c.summed]


def _one_per_place(cand: Candidate, ctx: DocumentContext) -> list[Candidate]:
    """'lost Baiji, and lost Sinjar'; 'defeats in Bajyi, Jurf al-Sakhar and the Mosul Dam': one
    territorial change per place taken or lost."""
    if len(cand.places) <= 1:
        return [cand]
    return [replace(cand, place=p, evidence=list(cand.evidence)) for p in cand.places]


def _segments(sent: Span, triggers: list[Trigger]) -> list[tuple[int, int, list[Trigger]]]:
    """Cut a sentence at coordination points; a piece without a trigger joins the one before."""
    text = span_text(sent)
    cuts = sorted({sent.start_char, sent.end_char, *(sent.start_char + m.end() for m in _SPLIT.finditer(text)),
                   *_later_clause_starts(triggers), *_coordinated_deeds(triggers)})
    pieces = []
    for a, b in zip(cuts, cuts[1:]):
        trig = [t for t in triggers if a <= t.start < b]
        if trig or not pieces:
            pieces.append([a, b, trig])
        else:
            pieces[-1][1] = b
    # a piece whose triggers carry no anchor of their own is a continuation of the previous piece
    merged: list[list] = []
    for a, b, trig in pieces:
        if merged and (not trig or not _piece_has_anchor(doc_text(sent.doc)[a:b])):
            merged[-1][1] = b
            merged[-1][2] += trig
        else:
            merged.append([a, b, trig])
    if merged and not merged[0][2] and len(merged) > 1:
        merged[1][0] = merged[0][0]
        merged.pop(0)
    return [(a, b, t) for a, b, t in merged if t]


_SEQUENCE_MARKS = _VOCAB.words("sequence_words")
_OCCURRING = _VOCAB.words("occurring_verbs")


def _later_clause_starts(triggers: list[Trigger]) -> list[int]:
    """Where a clause telling what another doer did before starts: "Israel launched its offensive
    on October 7 | after Hamas attacked southern Israel" tells two incidents, not "the gunman was
    shot after he killed five" (one doer, told again by a pronoun), nor "the attack came a week after
    a bomb killed 29" (a time told by the deed before)."""
    starts = []
    for trig in triggers:
        tok = trig.token
        mark = next((c for c in tok.children if c.dep_ == "mark" and c.lower_ in _SEQUENCE_MARKS), None)
        doer = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if tok.dep_ != "advcl" or mark is None or doer is None or doer.pos_ == "PRON" \
                or tok.head.lemma_.lower() in _OCCURRING:
            continue
        # the main clause is a deed of its own, done by someone to something ("two boys were killed
        # after a car bomb exploded" tells the bomb's toll)
        main_doer = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
        done_to = any(c.dep_ == "dobj" for c in tok.head.children)
        if main_doer is not None and done_to and main_doer.lemma_.lower() != doer.lemma_.lower():
            starts.append(mark.idx)
    return starts


def _coordinated_deeds(triggers: list[Trigger]) -> list[int]:
    """Where a deed noun coordinated with another, with a doer of its own, starts: "the PKK's attacks on
    March 3 and | Turkey's offensive in Hakkari" tells two incidents ("the bombing and shooting in X",
    with no doer of their own, tell one)."""
    nouns = [t.token for t in triggers if t.noun]
    return [tok.left_edge.idx for tok in nouns if tok.dep_ == "conj" and any(c.dep_ == "poss" for c in tok.children)
            and any(other.is_ancestor(tok) for other in nouns)]


_LOSS_VERBS = _VOCAB.words("loss_verbs")


def _state_taker(cand: Candidate) -> bool:
    """A state names the side that took the place: "Israel captured the West Bank", "annexed by
    Russia" (a country that takes ground is an armed party)."""
    for trig in cand.triggers:
        tok = trig.token
        if tok.lemma_.lower() in _LOSS_VERBS:
            continue  # "Nigeria's naira fell": the subject of a loss is what fell, not a taker
        doers = [c for c in tok.children if c.dep_ == "nsubj"]
        doers += [pc for c in tok.children if c.dep_ == "agent" for pc in c.children if pc.dep_ == "pobj"]
        if any(d.ent_type_ == "GPE" for d in doers):
            return True
    return False


def _told_text(triggers: list[Trigger], start: int, end: int, ctx: DocumentContext) -> str:
    """The words that tell how the incident was done: the segment, or, when every trigger lies in one
    phrase that only times the rest of the sentence ("Since X's attacks on October 7, the Houthis
    have targeted ships with drones"), that phrase (the weapons of the clause it times are that
    clause's)."""
    phrases = {_anchoring_phrase(t.token) for t in triggers}
    if len(phrases) != 1 or None in phrases:
        return ctx.text[start:end]
    head = ctx.doc[phrases.pop()]
    right = head.right_edge
    return ctx.text[max(start, head.left_edge.idx):min(end, right.idx + len(right))]


def _anchoring_phrase(tok) -> int | None:
    """The index of the head of the phrase that gives the trigger as the reference point of another
    clause ("after the bombing", "since gunmen stormed the hotel"), if the trigger lies in one."""
    t = tok
    while True:
        if t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in FACT_ANCHORS for c in t.children):
            return t.i
        if t.dep_ == "pobj" and t.head.dep_ == "prep" and t.head.lower_ in FACT_ANCHORS:
            return t.head.i
        if t.head.i == t.i or t.pos_ in ("VERB", "AUX"):
            return None
        t = t.head


def _piece_has_anchor(text: str) -> bool:
    """A piece of a sentence that names a figure, a casualty or a proper name tells its own incident."""
    return bool(re.search(r"\d", text) or _CASUALTY_WORD.search(text) or re.search(r"\s[A-Z][A-Za-z]", text))


def build_candidate(start: int, end: int, triggers: list[Trigger], sent: Span, s_index: int,
                    ctx: DocumentContext) -> Candidate | None:
    """One segment's incident, or None when the filters find it is not one (a sum of incidents is
    returned flagged `summed`)."""
    seg_text = ctx.text[start:end]
    kinds = {t.kind for t in triggers}
    kind = next(k for k in KIND_PRIORITY if k in kinds)
    cand = Candidate(kind=kind, triggers=triggers, start=start, end=end, sent_index=s_index,
                     headline=start < ctx.headline_end or ctx.in_heading(start))
    if kind in ("arrest", "attack", "airstrike", "raid", "battle") and killed_named_person(cand, sent):
        cand.kind = kind = "leader_killed"
    cand.evidence.append((sent.start_char, sent.end_char))

    set_casualties(cand, seg_text)
    set_place(cand, seg_text, start, end, ctx)
    set_date(cand, sent, start, end, ctx)
    cand.anchored = bool(cand.place or cand.own_date or cand.killed or cand.wounded)

    assign_agency(cand, sent, start, end, ctx)
    victims_and_targets(cand)
    told = _told_text(triggers, start, end, ctx)
    set_attack_type(cand, told)
    refine_kind(cand, sent, told, ctx)
    if cand.kind == "aircraft_downing":
        # "shot down an explosives-laden drone": the drone was the attack
        cand.kind, cand.attack_type = "attack", "drone" if cand.attack_type == "drone" else "aircraft_downing"
    if cand.kind not in ("attack", "battle", "airstrike", "raid"):
        cand.attack_type = None
    if cand.kind == "territory_change":
        if not (ctx.actors_in(sent.start_char, sent.end_char) or ARMED_NOUNS.search(span_text(sent))
                or _state_taker(cand)):
            return None  # "the naira fell to a record low": no armed party, no territory changing hands
        taken = taken_places(cand, ctx)
        if not taken:
            return None
        cand.places = taken
        cand.place = taken[0]
    if generic_mention(cand) or not corroborated(cand, sent, seg_text, ctx):
        return None
    cand.summed = sum_of_incidents(cand, seg_text)
    cand.country = (cand.place.country if cand.place and cand.place.country else None) or sentence_country(sent, ctx)
    return cand
