"""Filters: what a trigger finds that is not one incident. Plans, threats, hypotheticals,
negations, habits, figurative words, aggregates and period-long patterns; weak triggers without a
sign of violence; candidates with nothing to pin them down."""
from __future__ import annotations

import re

from spacy.tokens import Span

from strife.extract.context import DocumentContext
from strife.extract.incidents.records import Candidate, Trigger
from strife.nlp.lexicon import load_vocabulary, load_weapons
from strife.nlp.pipeline import doc_text, span_text

_VOCAB = load_vocabulary()
MODALS = _VOCAB.words("modals")
IRREALIS_VERBS = _VOCAB.words("irrealis_verbs")
IRREALIS_MODIFIERS = _VOCAB.words("irrealis_modifiers")
ASPECTUAL_VERBS = _VOCAB.words("aspectual_verbs")
WEAK_LEMMAS = _VOCAB.words("weak_lemmas")
VERB_ONLY = _VOCAB.words("verb_only")
DYING_LEMMAS = _VOCAB.words("dying_lemmas")
EVENT_NOUNS = _VOCAB.words("event_nouns") | _VOCAB.words("event_head_nouns")


def non_incident(trigger: Trigger, sent: Span) -> bool:
    """Plans, threats, hypotheticals, negations, habits and aggregates are not incidents."""
    tok = trigger.token
    chain = [tok] + list(tok.ancestors)
    for t in chain:
        for child in t.children:
            if child.dep_ == "neg" and t in chain[:2]:
                return True
            if child.dep_ == "aux" and child.lemma_.lower() in MODALS:
                return True
        if t is not tok and t.lemma_.lower() in IRREALIS_VERBS:
            return True
        if t.dep_ == "advcl" and any(c.lower_ in ("if", "unless") for c in t.children):
            return True
    if tok.dep_ in ("xcomp", "ccomp") and tok.head.lemma_.lower() in ASPECTUAL_VERBS:
        return True
    # "the coalition fighting IS": a participle describing an actor, not an event
    if tok.tag_ == "VBG" and tok.dep_ == "acl":
        return True
    # "has been fighting ... for a year", "are fighting us": ongoing, not one incident
    if tok.tag_ == "VBG" and any(c.dep_ == "aux" and c.lower_ in ("been", "is", "are", "am", "'re", "'s")
                                 for c in tok.children):
        return True
    # "formed to fight IS", "an effort to retake Mosul": an infinitive is a purpose, not a deed
    if tok.pos_ == "VERB" and any(c.dep_ == "aux" and c.tag_ == "TO" for c in tok.children):
        return True
    # present simple ("when it fights alone, it loses"): generic, unless a day is given
    if tok.tag_ in ("VBZ", "VBP") and not has_day_date(sent):
        return True
    # '"killed" liquidity', 'a "bloodbath"': a word in quotes is figurative
    text = doc_text(sent.doc)
    if text[trigger.start - 1:trigger.start] in "\"“'‘" and text[trigger.end:trigger.end + 1] in "\"”'’" \
            and trigger.start > 0:
        return True
    before = doc_text(sent.doc)[sent.start_char:trigger.start].lower()
    if _IRREALIS_BEFORE.search(before):
        return True
    if trigger.noun:
        # "the carrier strike group", "a strike notice", "fake bomb detectors": a modifier of a thing
        if tok.dep_ == "compound" and tok.head.pos_ in ("NOUN", "PROPN") and not _event_or_weapon(tok, tok.head):
            return True
        # "a planned spring offensive", "foiled attack", "attempted bombing"
        for child in tok.children:
            if child.lower_ in IRREALIS_MODIFIERS:
                return True
        # "153 attacks": a counted plural is an aggregate (an indicator, not one incident)
        if trigger.plural and any(c.dep_ == "nummod" and c.like_num for c in tok.children):
            return not has_day_date(sent)
        if tok.lemma_.lower() in VERB_ONLY:
            return True
        # "McGurk, envoy to the coalition fighting IS": a description inside an apposition
        if any(a.dep_ == "appos" for a in tok.ancestors):
            return True
    return False


# "planned to attack", "in order to retake", "an effort to recapture": words up to three words before
# a trigger that make it a purpose or a possibility
_IRREALIS_BEFORE = re.compile(rf"\b(?:{_VOCAB.alternation('irrealis_before')})\s+(?:\w+\s+){{0,3}}$")
# "said on Wednesday": the date of speaking, not of the event
_SPEAKING_DAY = re.compile(rf"\b(?:{_VOCAB.alternation('speech_forms')}|told \w+)\s+(?:on\s+)?\w+day\b")


def _event_or_weapon(modifier, head) -> bool:
    """'a shooting rampage', 'a car bomb attack', 'poison gas': the modified noun is itself an
    event, or the two words name a weapon, so the trigger still tells an incident."""
    weapons = load_weapons()
    return head.lemma_.lower() in EVENT_NOUNS or head.lower_ in EVENT_NOUNS \
        or any(weapons.lookup(name) is not None for name in (head.text, f"{modifier.text} {head.text}"))


def has_day_date(sent: Span) -> bool:
    """A day-precise date of the event (a date of speaking, "said on Wednesday", does not count)."""
    text = _SPEAKING_DAY.sub("", span_text(sent))
    return bool(re.search(r"\b(?:yesterday|today|last night|on (?:mon|tues|wednes|thurs|fri|satur|sun)day|"
                          r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}\b|"
                          r"\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)", text, re.I))


ARMED_NOUNS = re.compile(rf"\b(?:{_VOCAB.alternation('armed_nouns')})\b", re.I)


def corroborated(cand: Candidate, sent: Span, seg_text: str, ctx: DocumentContext) -> bool:
    """Weak triggers ("hit", "target", "drop") need a sign of violence: a weapon, an armed actor or
    noun, or casualties ("the slump has hit Africa's biggest economy" has none)."""
    if any(t.token.lemma_.lower() not in WEAK_LEMMAS for t in cand.triggers):
        return True
    return bool(cand.killed or cand.wounded or cand.weapon or ctx.actors_in(sent.start_char, sent.end_char)
                or ARMED_NOUNS.search(span_text(sent)) or cand.perpetrator_text)


def generic_mention(cand: Candidate) -> bool:
    """Not one incident: a period-long pattern ("from October to February ... regular attacks"),
    a bare plural ("airstrikes have targeted ..."), or a toll over a period ("over 670 people were
    killed in February")."""
    if cand.date is not None and (cand.date.end - cand.date.start).days > 35 and cand.date.precision < 5 \
            and cand.kind != "territory_change":
        return True
    event_nouns = [t for t in cand.triggers if t.noun]
    if event_nouns and all(t.plural for t in event_nouns) and len(event_nouns) == len(cand.triggers):
        precise_place = cand.place is not None and (cand.place.precision or 9) <= 3
        day = cand.own_date and cand.date is not None and cand.date.precision <= 2
        return not (day or (precise_place and (cand.killed or cand.wounded)))
    only_verbs_of_dying = all(t.token.lemma_.lower() in DYING_LEMMAS for t in cand.triggers)
    if only_verbs_of_dying and cand.date is not None and cand.date.precision >= 3 and \
            not (cand.place and (cand.place.precision or 9) <= 3) and cand.kind != "leader_killed":
        return True
    return False


def worth_keeping(c: Candidate) -> bool:
    """A lone trigger with nothing to pin it (no place, date, casualties or agent) is too thin."""
    if c.kind == "territory_change":
        return c.place is not None
    return bool(c.anchored or c.perpetrator and c.attribution != "inferred")

