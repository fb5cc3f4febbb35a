"""The subject of a claim: the actor it is about. An actor written next to the noun ("2,500 IS
fighters") or as agent ("killed by IS", "attacks attributed to IS"); else the grammatical subject
of the verb governing the value, where "it"/"they" take the actor named before them in the
sentence ("CENTCOM said it conducted") or the discourse topic, and "the group"/"the jihadis" take
the document's main non-state actor. For "X captured N km² from Y" the subject is Y (the loser).
An incident or a war named with a state's demonym or possessive stands for that state ("Saudi
airstrikes have killed", "Russia's invasion has killed"); "accused X of violating the truce N times"
makes X the subject; troops are a state's, the one named before them. Who killed a count of
victims is never guessed from the context."""
from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Span, Token

from strife.extract.context import DocumentContext
from strife.extract.indicators.claims import (ATTRIBUTION_LEMMAS, LEXICON, PRONOUNS, Claim, Reading,
                                              actor_in_subtree, is_nonstate, is_patient, token_at)
from strife.extract.indicators.metrics import AFTER_FROM
from strife.nlp.gazetteer import Gazetteer
from strife.nlp.lexicon import load_generic_nouns, load_vocabulary

_AGENT_AFTER = re.compile(r"^\s*(?:[\w’'-]+\s+){0,3}?(?:by|attributed\s+to|claimed\s+by|blamed\s+on|carried\s+out\s+by)\s+",
                          re.I)
_JIHADIST_NOUN = re.compile(r"jihad|islamist|extremist|terror", re.I)
_GENERIC = load_generic_nouns()
_VOCAB = load_vocabulary()
# nouns of what kills or acts: "Saudi airstrikes", "Russia's invasion"
_ACTING_NOUNS = _VOCAB.words("aggregate_event_plurals") | _VOCAB.words("event_nouns") | _VOCAB.words("war_nouns") | _VOCAB.words("war_like_nouns")
_ACCUSING_LEMMAS = frozenset({"accuse", "blame", "charge"})
# counts of what an actor did to others (and the actions it took to do it): a passive subject suffered it
_PATIENT_METRICS = frozenset({"arrests_count", "abductions_count", "militants_killed", "deaths_count", "wounded_count",
                              "civilians_killed", "operations_count", "displaced"})
# counts of actions: when the sentence names no doer, the armed actor that reports them did them
_ACTION_METRICS = frozenset({"attacks_count", "strikes_count", "operations_count", "projectiles_count",
                             "targets_struck", "drones_launched"})
# people driven from their homes: by the actor the sentence names, never by a guess from the context
_UPROOTED_METRICS = frozenset({"displaced", "refugees"})
_VICTIMS_OF_SOMEONE = frozenset({"deaths_count", "wounded_count", "casualties_count", "civilians_killed",
                                  "security_forces_killed"})


def subject_of(claim: Claim, sent: Span, s_index: int, reading: Reading,
               source_span: tuple[int, int] | None) -> str | None:
    ctx = reading.ctx
    doc, text = ctx.doc, ctx.text
    sent_actors = [sp for sp in ctx.actor_spans if sent.start_char <= sp.start_char < sent.end_char
                   and not (source_span and source_span[0] <= sp.start_char < source_span[1])]
    value_tok = token_at(doc, claim.start)
    if claim.role == "other":
        agent = _dependency_subject(value_tok, claim, sent, reading) if value_tok is not None else None
        agent = agent or next((sp.label_ for sp in reversed(sent_actors)
                               if sp.end_char <= (claim.cue_start or claim.start)), None)
        claim.attrs["agent"] = agent
        m = AFTER_FROM.match(text[claim.ev_end:sent.end_char])
        if m:
            after = [sp for sp in sent_actors if claim.ev_end + m.end() <= sp.start_char <= claim.ev_end + m.end() + 12]
            if after:
                return after[0].label_
        others = [sp.label_ for sp in sent_actors if sp.label_ != agent and is_nonstate(sp.label_)]
        if others:
            return others[0]
        topic = topic_of(reading, s_index)
        if topic and topic != agent:
            return topic
        return ctx.dominant_nonstate if ctx.dominant_nonstate != agent else None
    # an actor written with the noun: "2,500 IS fighters", "18 coalition airstrikes"
    if claim.kind == "count" and claim.metric in ("fighters", "attacks_count", "strikes_count", "operations_count"):
        within = [sp for sp in sent_actors if claim.end <= sp.start_char and sp.end_char <= claim.ev_end]
        if within:
            return within[0].label_
    # the agent after the noun: "killed by IS", "attacks attributed to Islamic State"
    if claim.metric in ("attacks_count", "deaths_count", "wounded_count", "strikes_count", "abductions_count"):
        m = _AGENT_AFTER.match(text[claim.ev_end:sent.end_char])
        if m:
            at = claim.ev_end + m.end()
            after = [sp for sp in sent_actors if at <= sp.start_char <= at + 12]
            if after:
                return after[0].label_
    if claim.kind == "ellipsis":
        return reading.topic[0] if reading.topic and reading.topic[1] == s_index else topic_of(reading, s_index)
    if value_tok is not None:
        subject = _dependency_subject(value_tok, claim, sent, reading)
        if subject:
            return subject
    if claim.metric in ("strikes_count", "operations_count", "arrests_count", "militants_killed", "abductions_count"):
        before = [sp for sp in sent_actors if sp.end_char <= claim.start and not is_patient(sp)
                  and not _in_passive_subject(sp)]
        return before[-1].label_ if before else None
    if claim.metric in _VICTIMS_OF_SOMEONE:
        return None  # who killed them is not guessed from context
    if claim.metric == "troops":
        # "Kenya's army chief said it will keep its 3,000 troops": a state's contingent, the state named before
        return _state_before(sent, claim.start, reading)
    if claim.metric in _UPROOTED_METRICS:
        named = [sp for sp in sent_actors if not is_patient(sp)]
        return named[0].label_ if named else None
    if claim.metric in _ACTION_METRICS and source_span:
        # "The army said jets struck 40 targets": the armed actor that reports its own actions
        reporter = next((sp.label_ for sp in ctx.actor_spans if source_span[0] <= sp.start_char < source_span[1]), None)
        if reporter:
            return reporter
    return topic_of(reading, s_index) or ctx.dominant_nonstate


def _in_passive_subject(sp: Span) -> bool:
    """An actor named in a passive subject ("300 al-Shabaab suspects were detained") suffered the act."""
    tok = sp.root
    while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i:
        if tok.dep_ == "nsubjpass":
            return True
        tok = tok.head
    return tok.dep_ == "nsubjpass"


def _state_before(sent: Span, at: int, reading: Reading) -> str | None:
    """The last state named before an offset of the sentence: a state actor, or a country by name or
    demonym ("Kenya's army chief", "the Kenyan government")."""
    ctx = reading.ctx
    actors = [(sp.start_char, sp.label_) for sp in ctx.actor_spans
              if sent.start_char <= sp.start_char and sp.end_char <= at and ctx.is_state(sp.label_)]
    countries = [(p.start, _country_name(p.country)) for p in ctx.places
                 if p.start is not None and sent.start_char <= p.start < at and p.precision == 6 and p.country]
    named = sorted(x for x in actors + countries if x[1])
    return named[-1][1] if named else None


def _country_name(iso2: str | None) -> str | None:
    found = Gazetteer.load().country(iso2) if iso2 else None
    return found.name if found else None


def state_name(label: str | None) -> str | None:
    """The name a claim's subject takes in a series: a state's forces stand for the state ("Israeli
    forces" → "Israel"); any other actor keeps its canonical name."""
    if label is None or label not in LEXICON:
        return label
    info = LEXICON.info(label)
    if info.type != "state_force" or len(info.countries) != 1:
        return label
    return _country_name(info.countries[0]) or label


def _dependency_subject(value_tok: Token, claim: Claim, sent: Span, reading: Reading) -> str | None:
    """The grammatical subject of the verb that governs the value, resolved to an actor."""
    ctx = reading.ctx
    tok = value_tok
    for _ in range(10):
        if tok.pos_ in ("VERB", "AUX") or tok.dep_ == "ROOT":
            subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            passive = subj is not None and subj.dep_ == "nsubjpass"
            attribution = tok.lemma_.lower() in ATTRIBUTION_LEMMAS
            if attribution and subj is not None and not passive and tok.i < value_tok.i and tok.i != value_tok.head.i:
                return None  # the subject of "said"/"estimates" is the source, not the subject
            if passive and not attribution and claim.metric in _PATIENT_METRICS:
                # "426 suspects were detained (by the police)": the passive subject is who suffered it
                by = next((c for c in tok.children if c.dep_ == "agent"), None)
                doer = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
                return _resolve_phrase(doer, sent, reading) if doer is not None else None
            if subj is None and tok.dep_ == "acl" and tok.tag_ == "VBD":
                subj = tok.head  # "Saudi airstrikes killed 30" parsed as a noun with a reduced relative
            if subj is not None:
                return _resolve_phrase(subj, sent, reading)
            if tok.tag_ in ("VBZ", "VBD", "VBP"):
                # "IS fields 19,000 fighters" parsed with IS as an auxiliary: the actor right before the verb
                near = [sp for sp in ctx.actor_spans if sent.start_char <= sp.start_char and sp.end == tok.i]
                if near:
                    return near[-1].label_
            elif tok.tag_ == "VBG" and tok.head.dep_ == "prep" and tok.head.head.lemma_.lower() in _ACCUSING_LEMMAS:
                # "accused the militia of violating the truce 35 times": the accused did it
                accused = next((c for c in tok.head.head.children if c.dep_ == "dobj"), None)
                if accused is not None:
                    return _resolve_phrase(accused, sent, reading)
            elif tok.tag_ in ("VBG", "VBN"):
                # "..., killing 44 militants and arresting 166": the subject of the clause the participle hangs on
                finite = [t for t in sent if t.i < tok.i and t.tag_ in ("VBZ", "VBD", "VBP")
                          and t.lemma_.lower() not in ATTRIBUTION_LEMMAS
                          and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)]
                if finite:
                    subj = next(c for c in finite[-1].children if c.dep_ in ("nsubj", "nsubjpass"))
                    return _resolve_phrase(subj, sent, reading)
        if tok.head.i == tok.i:
            break
        tok = tok.head
    return None


def _resolve_phrase(subj: Token, sent: Span, reading: Reading):
    """An actor label for a subject phrase; None when it names no actor."""
    ctx = reading.ctx
    sp = actor_in_subtree(subj, ctx)
    if sp is not None:
        return sp.label_
    state = _state_of_noun(subj)
    if state:
        return state
    phrase = ctx.doc[subj.left_edge.i: subj.i + 1].text
    pronoun = subj.lower_ in PRONOUNS or any(c.dep_ == "poss" and c.lower_ in PRONOUNS for c in subj.children)
    if subj.lower_ in ("it", "they"):
        before = [a for a in ctx.actor_spans if sent.start_char <= a.start_char and a.end_char <= subj.idx
                  and not is_patient(a)]
        if before:
            return before[-1].label_
        return topic_of(reading, reading.s_index) or ctx.dominant_nonstate
    category = _GENERIC.category(phrase) or _GENERIC.category(subj.text)
    if category == "non_state" or (pronoun and category != "state"):
        return _main_nonstate(ctx, subj.idx, jihadist=bool(_JIHADIST_NOUN.search(phrase)))
    if category == "state":
        before = [a for a in ctx.actor_spans if a.end_char <= subj.idx and not is_nonstate(a.label_)]
        return before[-1].label_ if before else None
    return None


def _state_of_noun(noun: Token) -> str | None:
    """The state a demonym or a country's possessive gives an incident or a war: "Saudi airstrikes",
    "Russia's invasion" → the country's name."""
    if noun.lower_ not in _ACTING_NOUNS:
        return None
    for mod in noun.children:
        if mod.dep_ in ("amod", "compound", "poss", "nmod") and mod.i < noun.i:
            iso2 = Gazetteer.load().country_by_name(mod.text)
            if iso2:
                return _country_name(iso2)
    return None


def topic_of(reading: Reading, s_index: int) -> str | None:
    """The subject of the last claim, if it was made in this or the two sentences before."""
    if reading.topic and s_index - reading.topic[1] <= 2:
        return reading.topic[0]
    return None


def _main_nonstate(ctx: DocumentContext, at: int, jihadist: bool = False) -> str | None:
    """What "the group" / "the jihadis" stand for: the non-state actor named most often so far
    (the document's protagonist rather than a passing mention), the latest on a tie."""
    seen = [sp.label_ for sp in ctx.actor_spans if sp.end_char <= at and is_nonstate(sp.label_)]
    if jihadist:
        typed = [label for label in seen if LEXICON.info(label).type in ("jihadist", "terrorist")]
        seen = typed or seen
    if not seen:
        return ctx.dominant_nonstate
    counts = Counter(seen)
    top = max(counts.values())
    return next(label for label in reversed(seen) if counts[label] == top)


