"""Roles: who did it (the claimant, the hedged suspect, the explicit agent, a named attacker, the
actor a generic noun stands for, or the article's armed group, marked inferred; for an arrest the
arresting state), who or what was hit (victims and targets as written), and who won and lost a
territorial change."""
from __future__ import annotations

import re
from bisect import bisect_right

from spacy.tokens import Span, Token

from strife.extract.context import STATE_TYPES, DocumentContext
from strife.extract.incidents.records import Candidate, Trigger
from strife.extract.incidents.triggers import PERSON_NOUNS
from strife.nlp.gazetteer import Gazetteer
from strife.nlp.lexicon import load_actors, load_generic_nouns, load_vocabulary, load_weapons
from strife.nlp.pipeline import span_text

_VOCAB = load_vocabulary()
EVENT_NOUNS = _VOCAB.words("event_nouns")  # an object that is an event is neither victim nor target
DEED_OBJECTS = _VOCAB.words("deed_objects")  # nor one that is the deed's own means ("opened fire")
PERSON_HARM_LEMMAS = _VOCAB.words("person_harm_lemmas")  # their objects are victims, never targets
COLLECTIVE_NOUNS = _VOCAB.words("collective_nouns")
SPEECH_LEMMAS = _VOCAB.words("speech_lemmas")
LOSS_VERBS = _VOCAB.words("loss_verbs")
DEFEAT_NOUNS = _VOCAB.words("defeat_nouns")
PATIENT_PREPOSITIONS = _VOCAB.words("patient_prepositions")
PERPETRATION_VERBS = _VOCAB.words("perpetration_verbs")
COUNTERING_LEMMAS = _VOCAB.words("countering_lemmas")
PARTICIPATION_LEMMAS = _VOCAB.words("participation_lemmas")
ACKNOWLEDGEMENT_LEMMAS = _VOCAB.words("acknowledgement_lemmas")
STATE_NOUNS = _VOCAB.words("state_nouns")
RAISING_LEMMAS = _VOCAB.words("raising_lemmas")
PLANNER_NOUNS = _VOCAB.words("planner_nouns")
LEADER_NOUNS = _VOCAB.words("leader_nouns")
TITLE_HOPS = 4  # words from a name up to the leader noun it is apposed to ("leader | of | Hamas | in | Gaza")
# the verbs whose object is the one hit: the harm verbs, an attacker's verbs, and the attack verbs of places
HIT_LEMMAS = PERSON_HARM_LEMMAS | _VOCAB.words("attacker_verbs") | _VOCAB.words("hit_lemmas")
_ARMED_WORDS = tuple(sorted(_VOCAB.words("armed_words")))  # prefixes: "militants", "insurgents"
# a state's forces and their people (prefixes): "U.S. troops", "Israeli soldiers", "the Salvadoran army"
_FORCE_WORDS = tuple(sorted(_VOCAB.words("combatant_words") | _VOCAB.words("raiding_forces")))
ATTACKER_NOUNS = _VOCAB.words("attacker_nouns")
# the actors a generic force noun ("troops", "the police") may stand for: a state's own forces or a coalition's
_ACTING_STATE_TYPES = frozenset({"state_force", "foreign_state", "coalition"})
_ACTOR_ATTRIBUTIVE_SUFFIXES = tuple("-" + w for w in sorted(_VOCAB.words("actor_attributive_suffixes")))
_NO_CLAIM = re.compile(r"\bno (?:group|one|organi[sz]ation) (?:has |had )?(?:claimed|took|has taken)", re.I)
# "suspected X", "blamed on X", "believed to be X": a hedged attribution to the actor that follows
_HEDGED = re.compile(rf"\b(?:{_VOCAB.alternation('hedged_attribution')})\s+"
                     rf"|\b(?:{_VOCAB.alternation('blame_verbs')})\s+(?:(?:the|this|that|it|them)\s+)?"
                     r"(?:[\w'’-]+\s+){0,2}?(?:to|on)\s+", re.I)  # "attributed the attack to X"


_ROLE_OBJECT_PREPS = ("on", "against", "at", "of", "targeting")
_HIT_PREPOSITIONS = ("on", "against", "at", "targeting")


def victims_and_targets(cand: Candidate) -> None:
    """Who and what was hit, as written: the people killed, hurt or taken (victims) and the
    things attacked (target), from the trigger's objects ("guerrillas attacked the presidential
    farm", "the murder of Carlos Pizarro", "an attack on a police post")."""
    for trig in cand.triggers:
        for obj in trigger_objects(trig.token):
            if obj.lower_ in EVENT_NOUNS or obj.lower_ in DEED_OBJECTS or obj.pos_ == "PRON" or obj.like_num \
                    or obj.ent_type_ in ("DATE", "TIME"):
                continue  # "claimed the attack", "opened fire", "on Sunday", "on October 7" are no target
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
    of the verb it is coordinated with ("shot and killed four tribesmen"; "arrested and charged
    X": the person the parser hung on the other verb, when that verb has no subject of its own;
    "clashed with a column and inflicted three casualties" hangs no person on "clashed")."""
    objects = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ in _ROLE_OBJECT_PREPS):
        if tok.pos_ in ("NOUN", "PROPN") or prep.lower_ in ("on", "against", "at"):
            objects += [c for c in prep.children if c.dep_ == "pobj"]
    if tok.dep_ == "conj" and not objects:
        objects = [c for c in tok.head.children if c.dep_ == "dobj"]
    if tok.pos_ == "VERB" and not objects:
        objects = [c for conj in tok.children if conj.dep_ == "conj" and conj.pos_ == "VERB"
                   and not any(s.dep_ in ("nsubj", "nsubjpass") for s in conj.children)
                   for c in conj.children if c.dep_ == "dobj" and _is_person(c)]
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
    if cand.kind == "arrest":
        _arrest_perpetrator(cand, sent, ctx)
    else:
        _perpetrator(cand, sent, start, end, ctx)
    territorial = [t for t in cand.triggers if t.kind == "territory_change"]
    if cand.kind == "territory_change" and territorial:
        _territory_roles(cand, territorial[0], ctx)


def _own_triggers_first(cand: Candidate) -> list[Trigger]:
    """The triggers of the candidate's own kind first: 'ISIS-K attacked a church ... after the
    Taliban takeover' is a takeover by the Taliban."""
    return sorted(cand.triggers, key=lambda t: t.kind != cand.kind)


def _perpetrator(cand: Candidate, sent: Span, start: int, end: int, ctx: DocumentContext) -> None:
    sent_actors = ctx.actors_in(sent.start_char, sent.end_char)
    # 1. claims of responsibility
    claim = responsibility_claim(sent, ctx)
    if claim:
        cand.perpetrator, cand.perpetrator_text, cand.attribution, cand.claimed = claim
        return
    claimed_by = _claimed_by(start, end, sent_actors, ctx)
    if claimed_by:
        cand.perpetrator, cand.perpetrator_text, cand.attribution, cand.claimed = claimed_by
        return
    if _NO_CLAIM.search(span_text(sent)):
        cand.claimed = False
    # 2. hedged: suspected X / blamed on X / believed to be X
    for m in _HEDGED.finditer(span_text(sent)):
        at = sent.start_char + m.end()
        after = [sp for sp in sent_actors if at <= sp.start_char <= at + 40 and not _attributive(sp, ctx)
                 and not _in_victims(sp, cand)]
        if after:
            sp = after[0]
            cand.perpetrator, cand.perpetrator_text, cand.attribution = sp.label_, sp.text, "suspected"
            return
        forces = _state_named_at(sent, at, ctx)  # "likely the work of Israeli intelligence operatives"
        if forces:
            cand.perpetrator, cand.perpetrator_text, cand.attribution = *forces, "suspected"
            return
    # 3. explicit agent: the actor or state that is the subject of a trigger, the "by X" agent, or
    # the state or actor that qualifies a deed ("an Israeli strike", "a U.S. airstrike")
    doers = [t for t in _own_triggers_first(cand) if not _countering(t.token) and not _doer_dies(t.token, cand)]
    for trig in doers:
        agent = _agent_of(trig.token, ctx)
        if agent is not None:
            label, surface = agent
            cand.perpetrator, cand.perpetrator_text, cand.attribution = label, surface, "explicit"
            if _told_by_own_side(trig.token, label, ctx):
                cand.claimed = True
            return
    # 5. a generic noun or pronoun subject ("the group", "the jihadis", "it") stands for an actor of
    # context; "unidentified gunmen", "assailants" say the perpetrator is not known
    generic = load_generic_nouns()
    for trig in doers:
        subj = _doer_subject(trig.token)
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
        if subj.lower_ in ("it", "they"):
            resolved = _antecedent_actor(subj, sent, ctx) or _resolve_generic(ctx, subj.idx)
            if resolved and _acknowledged_by(subj, resolved, ctx):
                cand.claimed = True  # "the military said it had destroyed ...": an official acknowledgement
        elif category == "state":
            resolved, attribution = _state_forces_meant(subj, cand, sent, ctx)
            if resolved:
                cand.perpetrator, cand.perpetrator_text, cand.attribution = resolved, phrase, attribution
                return
        elif category == "non_state":
            resolved = _resolve_generic(ctx, subj.idx)
        else:
            if cand.perpetrator_text is None and _people_noun(subj):
                cand.perpetrator_text = phrase  # "uniformed individuals", "a guerrilla column": as written
            continue
        if resolved:
            cand.perpetrator, cand.perpetrator_text, cand.attribution = resolved, phrase, "explicit"
            return
        cand.perpetrator_text = phrase
    # 4. an actor in the segment that is not the target ("on IS positions", "from IS militants")
    seg_actors = [sp for sp in ctx.actors_in(start, end) if not _not_doer(sp, ctx) and not _in_victims(sp, cand)
                  and not _nationality_of_others(sp, ctx) and not _doer_dies(_role_head(sp), cand)]
    if seg_actors:
        sp = min(seg_actors, key=lambda s: abs(s.start_char - cand.triggers[0].start))
        cand.perpetrator, cand.perpetrator_text, cand.attribution = sp.label_, sp.text, "explicit"
        return
    # 5b. the planner the sentence names ("X, the architect of the bombing"), whom the report names a
    # leader of an armed group ("the group's leader, X"): that group
    for trig in cand.triggers:
        planner = _planner_of(trig.token)
        group = _group_led_by(planner, ctx) if planner is not None else None
        if group is not None:
            cand.perpetrator, cand.perpetrator_text, cand.attribution = group.label_, planner.text, "explicit"
            return
    # 6. an attack with no named agent in an article about one armed group: that group, marked as
    # inferred; never a battle (two sides fight), an airstrike or an arrest (states do those), nor
    # where the sentence names a state's forces at work
    if cand.attribution == "unknown":
        return
    if cand.kind in ("attack", "execution") and cand.perpetrator is None and not _state_at_work(cand, sent, ctx) \
            and not _armed_side_harmed(sent):
        group = _recent_nonstate(ctx, sent) or ctx.dominant_nonstate
        # never the side the sentence names as hit, speaking or qualifying ("the Hamas-run ministry said")
        if group and not any(sp.label_ == group and _hit_or_telling(sp, ctx)
                             for sp in ctx.actors_in(sent.start_char, sent.end_char)):
            cand.perpetrator, cand.attribution = group, "inferred"


def _planner_of(tok: Token) -> Token | None:
    """The person named as the deed's planner: "X, the key architect of the May 3 bombing", "X was
    the mastermind of the raid"."""
    if tok.dep_ != "pobj" or tok.head.lower_ != "of" or tok.head.head.lemma_.lower() not in PLANNER_NOUNS:
        return None
    noun = tok.head.head
    if noun.dep_ == "appos":
        person = noun.head
    elif noun.dep_ == "attr":
        person = next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
    else:
        return None
    return person if person is not None and _personal_name(person) else None


def _personal_name(tok: Token) -> bool:
    """A name that may be a person's (the recogniser leaves some surnames unlabelled, or labels them
    an organisation): no place, people or time."""
    return tok.pos_ == "PROPN" and tok.ent_type_ not in ("GPE", "LOC", "FAC", "NORP", "DATE", "TIME")


def _group_led_by(person: Token, ctx: DocumentContext) -> Span | None:
    """The armed group the report names the person a leader of, wherever it names them so: "the
    leader of the group in the north, X", "group leader X", "X, the group's chief" (a state's
    leader is no armed group's)."""
    for tok in ctx.doc:
        if tok.lower_ != person.lower_ or not _personal_name(tok):
            continue
        titles = [c for c in tok.children if c.dep_ in ("compound", "appos") and c.lemma_.lower() in LEADER_NOUNS]
        title = _apposed_title(tok)
        if title is not None:
            titles.append(title)
        for title in titles:
            led = [sp for sp in ctx.actor_spans if title.left_edge.idx <= sp.start_char < title.right_edge.idx
                   and not ctx.is_state(sp.label_) and not (sp.start <= tok.i < sp.end)]
            if led:
                return led[0]
    return None


def _apposed_title(name: Token) -> Token | None:
    """The leader noun a name stands in apposition to, which the parser may hang on the last noun of
    the title's phrase ("the leader of the group in the north, X": X on "north")."""
    if name.dep_ != "appos":
        return None
    head = name.head
    for _ in range(TITLE_HOPS):
        if head.lemma_.lower() in LEADER_NOUNS:
            return head
        if head.dep_ not in ("pobj", "prep"):
            return None
        head = head.head
    return None


def _nationality_of_others(sp: Span, ctx: DocumentContext) -> bool:
    """A state named as the nationality of people or things the sentence speaks of ("the four U.S.
    nuns", "the Chilean-U.S. cultural institutes", "a U.S. State Department plane"), not of its
    forces, its arms or a deed ("U.S. troops", "U.S. warplanes", "a U.S. strike"): not the doer."""
    if not ctx.is_state(sp.label_) or sp.root.dep_ not in ("compound", "amod", "nmod"):
        return False
    head = sp.root.head
    while head.dep_ == "compound" and head.head.i != head.i:
        head = head.head
    lemma = head.lemma_.lower()
    return not (lemma in EVENT_NOUNS or head.lower_ in EVENT_NOUNS or lemma.startswith(_FORCE_WORDS)
                or head.lower_.startswith(_FORCE_WORDS) or load_weapons().lookup(head.text) is not None)


def _armed_side_harmed(sent: Span) -> bool:
    """The sentence counts an armed group's own people among those hit ("seven civilians and two
    militants were killed in the shelling"): the group is the side that suffered, not the doer."""
    for tok in sent:
        if not tok.lower_.startswith(_ARMED_WORDS):
            continue
        role = tok.head if tok.dep_ == "conj" else tok
        if role.dep_ in ("nsubjpass", "dobj") and role.head.lemma_.lower() in PERSON_HARM_LEMMAS:
            return True
    return False


def _arrest_perpetrator(cand: Candidate, sent: Span, ctx: DocumentContext) -> None:
    """An arrest is the arresting state's act: the state whose forces are named as the agent
    ("Swiss police arrested ..." → Switzerland; "French authorities detained ..." → France), else,
    when the agent is the police or the authorities or nobody is named ("X was arrested in
    Dusseldorf"), the state where the arrest was made. An armed group that detains someone is
    that group. An actor merely named in the sentence is usually the one arrested, never the
    perpetrator ("IS suspects were arrested")."""
    lexicon = load_actors()
    generic = load_generic_nouns()
    phrase = None
    for trig in _own_triggers_first(cand):
        agent = _arrest_agent(trig.token)
        if agent is None:
            continue
        phrase = _perpetrator_phrase(agent)
        sp = _actor_at(agent, ctx) or _actor_in_subtree(agent, ctx)
        label, surface = (sp.label_, sp.text) if sp is not None else (None, phrase)
        if label is None and (agent.lower_ in ("it", "they") or generic.category(phrase) == "non_state"):
            label = _antecedent_actor(agent, sent, ctx, window=2)  # "the group captured a high level operative"
        if label is not None:
            cand.perpetrator = lexicon.state_of(label) or label
            cand.perpetrator_text, cand.attribution = surface, "explicit"
            return
        if generic.is_unknown_perpetrator(phrase) or generic.category(phrase) == "unknown":
            cand.perpetrator_text, cand.attribution = phrase, "unknown"  # "gunmen seized two men"
            return
        country = _country_named(agent, ctx)
        if country and lexicon.force_of(country):
            cand.perpetrator = lexicon.state_of(lexicon.force_of(country))
            cand.perpetrator_text, cand.attribution = phrase, "explicit"
            return
        break
    # the state is inferred from where the arrest was made, whether "police" are named or nobody is
    state = lexicon.state_of(lexicon.force_of(_incident_country(cand, sent, ctx)))
    if state:
        named = phrase is not None and "state" in (generic.category(phrase), generic.category(phrase.split()[-1]))
        cand.perpetrator, cand.perpetrator_text, cand.attribution = state, phrase if named else None, "inferred"


def _arrest_agent(tok: Token) -> Token | None:
    """Who makes the arrest: the subject of an active arrest verb, the `by` agent of a passive one
    or of an arrest noun ("the arrest of X by French police"), the subject of a verb doing the arrest
    noun ("police made arrests"), a force noun compounded with the noun ("a police arrest")."""
    verbs = [tok] + ([tok.head] if tok.dep_ in ("conj", "xcomp") and tok.head.pos_ == "VERB" else [])
    for v in verbs:
        for child in v.children:
            if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in v.children)
        if v.pos_ == "VERB" and not passive:
            subj = next((c for c in v.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                return subj
    if tok.pos_ == "NOUN":
        if tok.dep_ == "dobj" and tok.head.lemma_.lower() in PERPETRATION_VERBS:
            subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                return subj  # "police made several arrests", "the army carried out arrests"
        return next((c for c in tok.children if c.dep_ in ("compound", "poss") and c.pos_ in ("NOUN", "PROPN")), None)
    return None


def _state_named_at(sent: Span, at: int, ctx: DocumentContext) -> tuple[str, str] | None:
    """The forces of the state named at a document offset, by its name ("blamed on Israel") or by a
    demonym qualifying the state itself or its people ("on behalf of the Russian state", "Israeli
    intelligence operatives", not "Pakistani militants"), with the phrase as written."""
    tok = next((t for t in sent if t.idx >= at and not t.is_space), None)
    if tok is not None and tok.dep_ == "det" and tok.i + 1 < sent.end:
        tok = tok.nbor()
    if tok is None:
        return None
    forces = load_actors().force_of(_country_of(tok))
    if forces is None or ctx.text.startswith(_ACTOR_ATTRIBUTIVE_SUFFIXES, tok.idx + len(_entity_text(tok))):
        return None  # "an Iran-backed militia" is no Iranian force
    if tok.ent_type_ == "GPE" and not Gazetteer.load().is_demonym(tok.text):
        return forces, _entity_text(tok)
    head = tok.head
    if tok.dep_ not in ("amod", "compound", "nmod") or head.i <= tok.i:
        return None
    generic = load_generic_nouns()
    phrase = sent.doc[tok.i + 1: head.i + 1].text
    if "state" in (generic.category(phrase), generic.category(head.text)) or head.lemma_.lower() in STATE_NOUNS:
        return forces, sent.doc[tok.i: head.i + 1].text
    return None


def _country_named(tok: Token, ctx: DocumentContext) -> str | None:
    """The country a phrase names as the one acting: 'France' itself, or the demonym or country that
    qualifies its head ('French authorities', 'German police', 'Israeli strike')."""
    if tok.ent_type_ == "GPE":
        cc = _country_of(tok)
        if cc:
            return cc
    for child in tok.children:
        if child.dep_ in ("amod", "compound", "nmod", "poss") and child.i < tok.i:
            cc = _country_of(child)
            if cc:
                return cc
    return None


def _country_of(tok: Token) -> str | None:
    """The country a country name or a demonym names ("Israel", "Israeli", "U.K."), else None."""
    if tok.ent_type_ not in ("GPE", "NORP"):
        return None
    return Gazetteer.load().country_by_name(_entity_text(tok))


def _entity_text(tok: Token) -> str:
    """The named entity a token is part of, as written ("South Korea", not "Korea")."""
    doc = tok.doc
    start = tok.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end].text


def _incident_country(cand: Candidate, sent: Span, ctx: DocumentContext) -> str | None:
    """Where the incident happened: its place's country, else a country the sentence names as a
    place (not a nationality: "Russian detained in Paris"), else the document's country."""
    if cand.place is not None and cand.place.country:
        return cand.place.country
    gaz = Gazetteer.load()
    for tok in sent:
        if tok.ent_type_ == "GPE" and tok.ent_iob_ == "B" and not gaz.is_demonym(tok.text):
            cc = gaz.country_by_name(_entity_text(tok))
            if cc:
                return cc
    return ctx.dominant_country


def _state_forces_meant(subj: Token, cand: Candidate, sent: Span, ctx: DocumentContext) -> tuple[str | None, str]:
    """The state's forces a generic noun stands for ("troops", "security forces", "the police"):
    those of the country that qualifies it ("Nigerian troops"), else the state forces named last
    in this sentence or the two before, else (inferred) the forces of the country the incident is
    in, when the noun is the subject of the trigger itself ("security forces opened fire on
    protesters"), not of a verb that governs it."""
    lexicon = load_actors()
    country = _country_named(subj, ctx)
    if country and lexicon.force_of(country):
        return lexicon.force_of(country), "explicit"
    index = ctx.sentence_index.get(sent.start, 0)
    window_start = ctx.sentence_starts[max(0, index - 2)]
    named = [sp for sp in ctx.actor_spans if window_start <= sp.start_char < subj.idx
             and ctx.actor_types.get(sp.label_) in _ACTING_STATE_TYPES
             and not _not_doer(sp, ctx, speaker_is_patient=False)]  # "the IDF said troops had killed"
    if named:
        return named[-1].label_, "explicit"
    doing = {t.token for t in cand.triggers} | {t.token.head for t in cand.triggers if t.token.dep_ == "dobj"}
    if subj.head in doing or any(c in doing for c in subj.head.conjuncts):
        return lexicon.force_of(_incident_country(cand, sent, ctx)), "inferred"
    return None, "explicit"


def _state_at_work(cand: Candidate, sent: Span, ctx: DocumentContext) -> bool:
    """The sentence names a state's forces or a state as doers (not as the target or the speaker),
    or a country qualifies a trigger ("an Israeli strike"): the incident is no armed group's to infer."""
    if any(ctx.is_state(sp.label_) and not _not_doer(sp, ctx) for sp in ctx.actors_in(sent.start_char, sent.end_char)):
        return True
    lexicon = load_actors()
    for tok in sent:
        if tok.dep_ == "nsubj" and tok.ent_type_ == "GPE" and tok.head.lemma_.lower() not in SPEECH_LEMMAS \
                and lexicon.force_of(_country_of(tok)):
            return True  # "Dozens killed as Israel shrinks the zone"
    generic = load_generic_nouns()
    for trig in cand.triggers:
        if _country_named(trig.token, ctx) and trig.noun:
            return True
        subj = subject_of(trig.token)
        if subj is not None and generic.category(_perpetrator_phrase(subj)) == "state":
            return True
    return False


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
        named = _named_claimant(sent, at)
        if named:
            return named, named, "claimed", True
    # "an attack claimed by a separatist group known as TAK", "responsibility was claimed by IS": the claimant after
    for m in _CLAIMED_BY.finditer(span_text(sent)):
        at = sent.start_char + m.end()
        after = [sp for sp in sent_actors if at <= sp.start_char <= at + 60]
        if after:
            return after[0].label_, after[0].text, "claimed", True
    return None


# "Russia has consistently denied involvement", "the group denies any role": a denial by the actor named before
_DENIED = re.compile(rf"\s+(?:(?:has|have|had)\s+)?(?:\w+ly\s+)?(?:{_VOCAB.alternation('denial_verbs')})\s+"
                     rf"(?:any\s+|all\s+)?(?:{_VOCAB.alternation('denied_things')})\b", re.I)
BLAME_REACH = 40  # characters after "blamed the poisoning on" in which the one blamed is named


def blamed_and_denied(sent: Span, ctx: DocumentContext) -> tuple[str, str, str, bool | None] | None:
    """A sentence with no deed of its own that blames the deed told before on an actor ("Britain
    blamed the poisoning on Russia"): that actor, suspected; and when the same actor denies it
    ("Russia has consistently denied involvement"), the deed is not acknowledged (claimed false)."""
    actors = ctx.actors_in(sent.start_char, sent.end_char)
    for m in _HEDGED.finditer(span_text(sent)):
        at = sent.start_char + m.end()
        after = [(sp.label_, sp.text) for sp in actors if at <= sp.start_char <= at + BLAME_REACH]
        blamed = after[0] if after else _state_named_at(sent, at, ctx)
        if blamed is None:
            continue
        rest = ctx.text[at + len(blamed[1]):sent.end_char]
        denied = re.search(rf"\b(?:{re.escape(blamed[1])}|it|they|which|who){_DENIED.pattern}", rest, re.I)
        return blamed[0], blamed[1], "suspected", False if denied else None
    return None


# "an attack claimed by the TAK", "the bombing, which was claimed by IS"
_CLAIMED_BY = re.compile(rf"\b(?:{_VOCAB.alternation('claimable_deeds')})s?,?\s+(?:which\s+|that\s+)?"
                         r"(?:was\s+|were\s+|has\s+been\s+|had\s+been\s+)?(?:later\s+|since\s+)?claimed\s+by\s+",
                         re.I)
CLAIMANT_REACH = 60  # characters after "claimed by" in which the claimant is named ("separatist Kurdish group known as TAK")


def _claimed_by(start: int, end: int, sent_actors: list, ctx: DocumentContext) -> tuple[str, str, str, bool] | None:
    """A deed the segment tells as claimed by a group: the first actor named after "claimed by"."""
    for m in _CLAIMED_BY.finditer(ctx.text[start:end]):
        at = start + m.end()
        after = [sp for sp in sent_actors if at <= sp.start_char <= at + CLAIMANT_REACH]
        if after:
            return after[0].label_, after[0].text, "claimed", True
    return None


def _named_claimant(sent: Span, at: int) -> str | None:
    """A group the actor list lacks that claims by name: the proper-noun subject of the claim verb
    ("Saraya Waad Allah claimed responsibility"), as written, without its article."""
    verb = next((t for t in sent if t.idx >= at), None)
    if verb is None:
        return None
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.pos_ != "PROPN" or subj.ent_type_ not in ("ORG", "NORP", "PERSON"):
        return None
    if load_generic_nouns().category(subj.text) is not None:
        return None
    span = sent.doc[subj.left_edge.i: subj.i + 1]
    while len(span) > 1 and span[0].dep_ == "det":
        span = span[1:]
    if any(t.pos_ not in ("PROPN", "PUNCT", "ADP", "CCONJ") for t in span):
        return None
    return span.text


# "IS claimed responsibility", "claimed the bombing", "said its fighters carried out", "acknowledged carrying out"
_CLAIM = re.compile(
    rf"\b(?:{_VOCAB.alternation('responsibility_verbs')})\s+(?:\w+ly\s+)?(?:the\s+|full\s+)?responsibility\b"
    rf"|\bclaimed\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+)?(?:\w+\s+)?(?:{_VOCAB.alternation('claimable_deeds')})s?\b"
    r"|\bsaid\s+(?:that\s+)?(?:it|they)\s+(?:was|were|had\s+been)\s+behind\b"
    r"|\bsaid\s+(?:that\s+)?(?:it|they|its\s+fighters|its\s+militants|its\s+members)\s+(?:had\s+)?"
    rf"(?:{_VOCAB.alternation('claim_deed_verbs')})\b"
    r"|\backnowledged\s+(?:carrying\s+out|that\s+its\s+(?:fighters|militants|members))", re.I)


_CLAIMED_BY = re.compile(
    rf"\b(?:(?:{_VOCAB.alternation('claimable_deeds')})s?|responsibility)\s*,?\s+(?:(?:that|which)\s+)?"
    r"(?:(?:was|were|has been|had been|have been|later|since|quickly|swiftly)\s+){0,2}claimed\s+by\s", re.I)


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
             and ctx.actor_types.get(sp.label_) not in STATE_TYPES and not _not_doer(sp, ctx)]
    return names[-1].label_ if names else None


def _generic_before(text: str, sent_start: int, at: int) -> str | None:
    m = re.search(r"((?:the|an?|no)\s+)?([\w-]+)\s+(?:has\s+|have\s+|had\s+)?$", text[max(sent_start, at - 40):at], re.I)
    return m.group(0).strip() if m else None


def _resolve_generic(ctx: DocumentContext, at: int) -> str | None:
    """The armed group a generic noun stands for: the non-state actor named last before it, else
    the document's dominant one, unless its own sentence names that one as the side hit
    ("Militants attacked pro-government militia personnel")."""
    before = [sp for sp in ctx.actor_spans if sp.end_char <= at and ctx.actor_types.get(sp.label_) not in STATE_TYPES]
    if before:
        return before[-1].label_
    index = max(0, bisect_right(ctx.sentence_starts, at) - 1)
    sent = ctx.sentences[index] if ctx.sentences else None
    if sent is not None and any(sp.label_ == ctx.dominant_nonstate and _hit_or_telling(sp, ctx)
                                for sp in ctx.actors_in(sent.start_char, sent.end_char)):
        return None
    return ctx.dominant_nonstate


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


def _people_noun(tok: Token) -> bool:
    """A noun naming people or a body of them, not an actor of the list nor a thing ("uniformed
    individuals", "a guerrilla column", "the masked men")."""
    if tok.pos_ not in ("NOUN", "PROPN") or tok.ent_type_ not in ("", "NORP"):
        return False
    word = tok.lower_
    return word in PERSON_NOUNS or tok.lemma_.lower() in PERSON_NOUNS or word in COLLECTIVE_NOUNS \
        or word.startswith(_ARMED_WORDS)


def _countering(tok: Token) -> bool:
    """A trigger whose subject acts against the attack, not in it: "police defused the IED",
    "security forces identified and killed three suicide bombers"."""
    if tok.lemma_.lower() in COUNTERING_LEMMAS:
        return True
    return tok.pos_ == "VERB" and any(c.dep_ == "dobj" and c.lower_ in ATTACKER_NOUNS for c in tok.children)


def _doer_dies(tok: Token, cand: Candidate) -> bool:
    """A passive deed with no patient of its own, hung on the deed it follows, tells that deed's doer
    dying at the hands of those who respond: "X fired at the crowd before being killed by a sniper",
    "the gunman opened fire and was shot dead by police" (the police are no perpetrator; nor is the
    sniper, a deed noun itself, who kills him)."""
    if tok.dep_ == "pobj" and tok.head.dep_ == "agent":
        return _doer_dies(tok.head.head, cand)
    if tok.pos_ != "VERB" or not any(c.dep_ == "auxpass" for c in tok.children) \
            or any(c.dep_ in ("nsubjpass", "nsubj") for c in tok.children):
        return False
    if tok.dep_ == "conj":
        deed = tok.head
    elif tok.dep_ == "pcomp" and tok.head.dep_ == "prep" and tok.head.lower_ in ("before", "after", "until"):
        deed = tok.head.head
    else:
        return False
    if deed.pos_ != "VERB" or not any(c.dep_ == "nsubj" for c in deed.children):
        return False
    own = {t.token.i for t in cand.triggers} | {t.token.head.i for t in cand.triggers if t.token.dep_ == "dobj"}
    return deed.i in own


def _doer_subject(tok: Token) -> Token | None:
    """The subject that does the trigger: its own subject or passive agent, that of the verb it is
    coordinated with or subordinate to, or that of a verb doing the deed it names as its object
    ("the jihadis carried out the attack"); not the subject of a verb about the deed ("security
    forces repelled a drone")."""
    if tok.dep_ == "dobj" and (tok.head.lemma_.lower() not in PERPETRATION_VERBS or _countering(tok.head)):
        return next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if tok.dep_ in ("conj", "xcomp", "advcl") and _countering(tok.head):
        return None
    verb = _participating_verb(tok)
    if verb is not None and not _countering(verb):
        return next((c for c in verb.children if c.dep_ == "nsubj"), None) or subject_of(tok)
    return subject_of(tok)


_OWN_MILITARY = re.compile(rf"^(?:the\s+|its\s+)?(?:{_VOCAB.alternation('own_military_speakers')})$", re.I)


def _told_by_own_side(tok: Token, actor: str, ctx: DocumentContext) -> bool:
    """The deed told by the doer's own side: "Turkish warplanes bombed camps ..., the army said",
    "Israeli jets struck the depot, the Israeli military said" (an official acknowledgement)."""
    verb = tok if tok.pos_ == "VERB" else tok.head if tok.head.pos_ in ("VERB", "AUX") else None
    while verb is not None and verb.dep_ == "conj":
        verb = verb.head
    if verb is None:
        return False
    if verb.dep_ in ("ccomp", "parataxis") and verb.head.lemma_.lower() in ACKNOWLEDGEMENT_LEMMAS:
        telling = verb.head
    else:
        telling = next((c for c in verb.children if c.dep_ in ("parataxis", "ccomp") and c.i > verb.i
                        and c.lemma_.lower() in ACKNOWLEDGEMENT_LEMMAS), None)
    speaker = next((c for c in telling.children if c.dep_ == "nsubj"), None) if telling is not None else None
    if speaker is None:
        return False
    sp = _actor_at(speaker, ctx) or _actor_in_subtree(speaker, ctx)
    if sp is not None:
        return sp.label_ == actor
    phrase = _phrase_text(speaker)
    return ctx.is_state(actor) and bool(_OWN_MILITARY.match(phrase))


def _phrase_text(token: Token) -> str:
    """A token's whole phrase as written."""
    return token.doc[token.left_edge.i: token.right_edge.i + 1].text


def _acknowledged_by(pron: Token, actor: str, ctx: DocumentContext) -> bool:
    """The pronoun doing the deed stands for the one who tells it: "the Ukrainian military said it
    had destroyed", "the army confirmed they killed" (the actor's own account of its act)."""
    verb = pron.head
    if verb.dep_ == "conj":
        verb = verb.head
    if verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in ACKNOWLEDGEMENT_LEMMAS:
        return False
    speaker = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    if speaker is None:
        return False
    sp = _actor_at(speaker, ctx) or _actor_in_subtree(speaker, ctx)
    return sp is not None and sp.label_ == actor


def _participating_verb(tok: Token) -> Token | None:
    """The verb whose subject took part in the deed a noun names under a preposition: "gunmen killed
    five in an attack", "it destroyed the jet with a drone strike", "took part in the raid"."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in ("in", "with", "during"):
        return None
    verb = prep.head
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in PARTICIPATION_LEMMAS | PERPETRATION_VERBS:
        return None
    return verb


def subject_of(tok: Token) -> Token | None:
    """Who does the trigger: its subject, or the agent of a passive ("killed by unidentified men")."""
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)
    # "fell down the hill and was struck": a passive verb shares no doer with the verb before it
    hops = [tok] + ([tok.head] if tok.dep_ in ("conj", "xcomp", "advcl", "acl", "dobj", "pobj") and not passive else [])
    for t in hops:
        for child in t.children:
            if child.dep_ in ("nsubj",):
                return child
    for t in hops:
        for child in t.children:
            if child.dep_ == "agent":
                return next((c for c in child.children if c.dep_ == "pobj"), None)
    return _stray_agent(tok)


def _stray_agent(tok: Token) -> Token | None:
    """The `by` agent of a participle that the parser hung elsewhere: "the priests murdered last
    Friday (17 November) by uniformed men were buried" (no verb between the participle and "by")."""
    if tok.tag_ != "VBN":
        return None
    doc = tok.doc
    for t in doc[tok.i + 1: min(tok.sent.end, tok.i + 9)]:
        if t.pos_ in ("VERB", "AUX") or t.text in (";", ":"):
            return None
        if t.lower_ == "by" and t.head.pos_ != "VERB":
            return next((c for c in t.children if c.dep_ == "pobj"), None)
    return None


def _agent_of(tok: Token, ctx: DocumentContext) -> tuple[str, str] | None:
    """The actor doing the trigger: nsubj of a verb, `by` agent of a passive, the subject of a verb
    that does the deed the trigger names ("IS carried out the attack", not "the U.S. condemned the
    attack"), a state named as the subject ("Israel launched a ground assault"), or the
    possessor/compound/adjective of a noun ("an IS chemical weapons attack", "a U.S. airstrike", "an
    Israeli strike"). A person as subject or agent is left to `attackers`, even with an actor in
    their apposition ("kidnapped by X, a son of the Sinaloa cartel's co-founder")."""
    candidates: list[Token] = []
    verb = tok
    if tok.pos_ != "VERB" and tok.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") and tok.head.pos_ in ("VERB", "AUX"):
        verb = tok.head
        if tok.dep_ != "nsubj" and verb.lemma_.lower() not in PERPETRATION_VERBS:
            verb = None  # "the U.S. condemned the attack", "the attack was condemned by ..."
    elif tok.pos_ != "VERB" and tok.dep_ == "pobj":
        verb = _participating_verb(tok)  # "destroyed a jet with a drone strike"
    hops = [] if verb is None else [verb]
    # a verb coordinated with or subordinate to another shares its subject ("returned and opened
    # fire", "claimed to have dropped"), unless that verb only tells of the deed ("the Houthis say
    # ... since Hamas' attacks")
    if verb is not None and verb.pos_ == "VERB" and verb.dep_ in ("conj", "xcomp", "advcl") \
            and verb.head.pos_ in ("VERB", "AUX") \
            and (verb.dep_ == "xcomp" or verb.head.lemma_.lower() not in SPEECH_LEMMAS):
        hops.append(verb.head)
    raised = next((r for r in map(_raising_subject, hops) if r is not None), None)
    for v in hops:
        for child in v.children:
            if child.dep_ in ("nsubj", "csubj"):
                candidates.append(child)
            if child.dep_ == "agent":
                candidates.extend(c for c in child.children if c.dep_ == "pobj")
    if raised is not None:
        candidates.append(raised)
    if tok.pos_ in ("NOUN", "PROPN"):
        for child in tok.children:
            if child.dep_ in ("compound", "amod", "poss", "nmod") or (child.dep_ == "prep" and child.lower_ == "by"):
                candidates.append(child)
                candidates.extend(c for c in child.children if c.dep_ == "pobj")
    possessor = _possessor_before(tok, ctx)
    if possessor is not None:
        return possessor.label_, possessor.text
    lexicon = load_actors()
    for c in candidates:
        if c.i == tok.i:  # "the killing of the U.S. missionaries has coincided ...": the deed is no doer
            continue
        sp = _actor_at(c, ctx)
        if sp is None and c.ent_type_ == "PERSON":
            continue
        if sp is None and c.dep_ in ("nsubj", "pobj", "csubj"):
            sp = _actor_in_subtree(c, ctx)
        if sp is not None:
            return sp.label_, sp.text
        country = _country_of(c)
        if country and lexicon.force_of(country) and (c.ent_type_ == "GPE" or c.dep_ != "nsubj"):
            return lexicon.force_of(country), _entity_text(c)  # "Israel launched", "an Israeli strike"
    return None


def _raising_subject(verb: Token) -> Token | None:
    """The passive subject of a raising verb whose infinitive is the deed: in "X is believed to have
    killed Y", X did the killing (the belief is the reporter's hedge, not X's act)."""
    if verb.dep_ != "xcomp" or verb.head.lemma_.lower() not in RAISING_LEMMAS \
            or not any(c.dep_ == "auxpass" for c in verb.head.children):
        return None
    return next((c for c in verb.head.children if c.dep_ == "nsubjpass"), None)


def _possessor_before(tok: Token, ctx: DocumentContext) -> Span | None:
    """The actor whose possessive stands right before a deed noun and its modifiers ("Hamas’ attacks",
    "the Taliban's latest offensive"), however the parser attached it (a curly apostrophe often
    breaks the possessive)."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    doc = tok.doc
    i = tok.i - 1
    while i >= 0 and doc[i].head.i == tok.i and doc[i].dep_ in ("amod", "compound", "nmod", "nummod", "advmod"):
        i -= 1
    if i < 1 or doc[i].lower_ not in ("'s", "’s", "'", "’"):
        return None
    return next((sp for sp in ctx.actor_spans if sp.end == i), None)


def _antecedent_actor(pron: Token, sent: Span, ctx: DocumentContext, window: int = 0) -> str | None:
    """The actor a pronoun or a generic noun stands for: the one named last before it in its own
    sentence (a speaker too: "the IDF said ... where it launched a fresh offensive"), or with a
    window, in the sentences before; never one that is attacked there."""
    index = ctx.sentence_index.get(sent.start, 0)
    first = ctx.sentence_starts[max(0, index - window)]
    before = [sp for sp in ctx.actor_spans if first <= sp.start_char and sp.end_char <= pron.idx
              and not _not_doer(sp, ctx, speaker_is_patient=False)]
    return before[-1].label_ if before else None


def _not_doer(sp: Span, ctx: DocumentContext, speaker_is_patient: bool = True) -> bool:
    """An actor named in a role that is not the doer's: the patient (below), or attributively."""
    return _attributive(sp, ctx) or _is_patient(sp, speaker_is_patient)


def _attributive(sp: Span, ctx: DocumentContext) -> bool:
    """The actor of an attributive compound: "Iran-backed militias", "the Hamas-run media office",
    "IS-held territory" name another doer, or none."""
    return ctx.text.startswith(_ACTOR_ATTRIBUTIVE_SUFFIXES, sp.end_char)


def _role_head(sp: Span) -> Token:
    """The word whose role in the clause is the actor's: the noun it qualifies ("IS positions"),
    the first of a coordination or apposition it is part of ("FAMa and Wagner installations"), the
    body of people it counts in ("a group of U.S. soldiers were attacked")."""
    head = sp.root
    while head.head.i != head.i:
        if head.dep_ in ("compound", "amod", "nmod", "poss", "conj", "appos"):
            head = head.head
        elif head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lower_ in COLLECTIVE_NOUNS:
            head = head.head.head
        else:
            break
    return head


def _in_victims(sp: Span, cand: Candidate) -> bool:
    """An actor inside the phrase of those the deed was done to: "killed four tribesmen accused of
    spying for U.S. forces", "kidnapped a son of the cartel's founder"."""
    for trig in cand.triggers:
        verbs = [trig.token] + ([trig.token.head] if trig.token.dep_ == "conj" else [])
        for obj in (c for v in verbs for c in v.children if c.dep_ in ("dobj", "nsubjpass")):
            if obj.left_edge.i <= sp.start and sp.end - 1 <= obj.right_edge.i:
                return True
    return False


def _hit_or_telling(sp: Span, ctx: DocumentContext) -> bool:
    """An actor the sentence names as the one hit ("targeted a Taliban base", "an attack on IS
    positions"), as the one telling ("the Taliban said"), or attributively ("the Hamas-run
    ministry"): never the doer to infer there. Narrower than `_not_doer`: "attributed the attack
    to X" or "fighting in X's ranks" do not make X the one hit."""
    if _attributive(sp, ctx):
        return True
    head = _role_head(sp)
    if head.dep_ in ("dobj", "nsubjpass") and head.head.lemma_.lower() in HIT_LEMMAS:
        return True  # not "convincing the FMLN to stop"
    if head.dep_ == "pobj" and head.head.lower_ in _HIT_PREPOSITIONS:
        return True
    return head.dep_ == "nsubj" and head.head.lemma_.lower() in SPEECH_LEMMAS


def _is_patient(sp: Span, speaker_is_patient: bool = True) -> bool:
    """An actor that is not the doer: the one attacked or driven out ('on IS positions', 'from IS
    militants', 'against the Islamic State', 'near the US embassy'), or the one speaking ('the
    Malian army said a landmine ...')."""
    head = _role_head(sp)
    if head.dep_ == "pobj" and head.head.lower_ in PATIENT_PREPOSITIONS:
        return True
    if head.dep_ in ("dobj", "nsubjpass"):
        return True
    if head.dep_ == "nsubj" and any(verb.lemma_.lower() in HIT_LEMMAS
                                    and any(c.dep_ == "auxpass" for c in verb.children)
                                    for verb in head.head.conjuncts):
        return True  # the subject of a passive conjunct: "the soldiers were on leave and were wounded"
    if speaker_is_patient and head.dep_ == "nsubj" and head.head.lemma_.lower() in SPEECH_LEMMAS:
        return True
    return False


def _territory_roles(cand: Candidate, trig: Trigger, ctx: DocumentContext) -> None:
    """Who took the place and who lost it. 'IS lost Baiji': the subject lost it. 'Kunduz fell to
    the Taliban': the winner follows "to". 'Forces retook Ramadi from IS', 'drove out IS': the
    side after "from", or an armed actor as the object, lost it."""
    tok = trig.token
    lemma = tok.lemma_.lower()
    if lemma in DEFEAT_NOUNS and tok.dep_ == "dobj" and tok.head.lemma_.lower() in LOSS_VERBS:
        tok, lemma = tok.head, tok.head.lemma_.lower()  # "IS suffered a defeat in Tikrit": IS lost it
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

