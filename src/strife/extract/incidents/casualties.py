"""An incident's casualties: the killed and wounded its segment counts, the attackers' own dead
kept apart, and one victim when a killing verb names one person."""
from __future__ import annotations

import re

from strife.extract.incidents.records import Candidate, Trigger
from strife.extract.incidents.triggers import PERSON_NOUNS
from strife.nlp.lexicon import load_vocabulary
from strife.nlp.numbers import COUNT as NUMBER_PHRASE, find_casualties, parse_count

_VOCAB = load_vocabulary()
KILLING_LEMMAS = _VOCAB.words("killing_lemmas")
KILLING_NOUNS = _VOCAB.words("killing_nouns")
WOUNDING_LEMMAS = _VOCAB.words("wounding_lemmas")
LIVING_OBJECT_LEMMAS = _VOCAB.words("living_object_lemmas")
SURVIVED_HARM_NOUNS = _VOCAB.words("survived_harm_nouns")
VICTIM_NOUNS = PERSON_NOUNS | _VOCAB.words("victim_nouns")
COLLECTIVE_NOUNS = _VOCAB.words("victim_collective_nouns")
# "15 civilians and five attackers were killed": the attackers among the dead
_ATTACKER_PLURALS = _VOCAB.words("attacker_plurals")
_ATTACKER_NOUNS = re.compile(rf"\b(?:{_VOCAB.alternation('attacker_nouns')})\b", re.I)
_ATTACKERS_KILLED = re.compile(rf"(?P<count>{NUMBER_PHRASE})\s+(?:of the\s+)?(?:\w+\s+)?"
                               rf"(?:{_VOCAB.alternation('attacker_plurals')})\s+(?:were\s+|was\s+)?(?:also\s+)?"
                               rf"(?:{_VOCAB.alternation('attacker_death_phrases')})", re.I)
# "troops killed three of the gunmen", "police shot dead two raiders"
_KILLED_ATTACKERS = re.compile(rf"\b(?:{_VOCAB.alternation('attacker_killing_phrases')})\s+(?:all\s+)?"
                               rf"(?P<count>{NUMBER_PHRASE}|the)\s+(?:of the\s+)?(?:\w+\s+)?"
                               rf"(?P<who>{_VOCAB.alternation('attacker_nouns')})\b", re.I)

# "the bomber was shot dead by guards", "the knifeman was killed by an officer"
_PERPETRATOR_KILLED_BY_RESPONDERS = re.compile(
    rf"\b(?:the|an?|one)\s+(?:[\w'’-]+\s+){{0,2}}?(?:{_VOCAB.alternation('lone_perpetrator_nouns')})\s+"
    rf"(?:was|had been|has been)\s+(?:later\s+|eventually\s+)?(?:shot dead|killed|shot and killed|gunned down|"
    rf"neutrali[sz]ed)\s+by\s+(?:the\s+|an?\s+)?(?:[\w.'’-]+\s+){{0,3}}?"
    rf"(?:{_VOCAB.alternation('responder_words')})\b", re.I)


def set_casualties(cand: Candidate, seg_text: str) -> None:
    """The segment's tolls; a killing or wounding verb whose object is one person counts one."""
    cas = find_casualties(seg_text)
    cand.killed, cand.wounded, cand.sides, cand.total = cas.killed, cas.wounded, cas.sides, cas.total
    cand.rising, cand.added = cas.rising, cas.added
    split_attackers(cand, seg_text)
    if cand.kind == "arrest":
        # "arrested over the 2012 killings of three farmers": the toll is the crime's, not the arrest's
        cand.killed = cand.wounded = cand.attackers_killed = None
        cand.sides = ()
        return
    if cand.killed is None:
        cand.killed = one_named_victim(cand.triggers, fatal=True)
    if cand.wounded is None:
        cand.wounded = one_named_victim(cand.triggers, fatal=False)
    if cand.wounded is None and cand.triggers:
        tokens = [t for t in cand.triggers[0].token.sent if cand.start <= t.idx < cand.end]
        cand.wounded = persons_wounded(tokens)
        if cand.wounded is None and cand.killed is None:
            survived = survivors_harmed(tokens)
            if survived:
                cand.killed, cand.wounded = (0, 0), survived


def survivors_harmed(tokens) -> tuple[int, int] | None:
    """Those who survived a harm done to them, named one by one: 'Varga and his son survived
    poisoning', 'the envoy survived stab wounds' → that many wounded, none killed."""
    for verb in (t for t in tokens if t.pos_ == "VERB" and t.lemma_.lower() == "survive"):
        harmed = any(c.dep_ == "dobj" and c.lemma_.lower() in SURVIVED_HARM_NOUNS for c in verb.children)
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if not harmed or subj is None:
            continue
        people = [subj] + [c for c in subj.conjuncts if c.i > subj.i]
        if all(_one_person(p, living=False) or _a_name(p) for p in people):
            return (len(people), len(people))
    return None


def _a_name(tok) -> bool:
    """A proper name the tagger did not place as a thing or a people: a person's surname it took for an
    organisation ('Varga and his son')."""
    return tok.tag_ == "NNP" and tok.ent_type_ not in ("GPE", "LOC", "NORP", "FAC", "DATE", "EVENT", "PRODUCT")


def persons_wounded(tokens) -> tuple[int, int] | None:
    """People a wounding verb of the text (not only a trigger) names one by one: 'Mensah was injured
    and released', 'another mother and a girl were wounded by the sniper', 'a guard sustained a
    gunshot wound'."""
    found = _victims_named([t for t in tokens if t.pos_ == "VERB" and t.lemma_.lower() in WOUNDING_LEMMAS],
                           fatal=False)
    if found:
        return found
    for verb in (t for t in tokens if t.lemma_.lower() in ("sustain", "suffer")):
        # "Armstead sustained a gunshot wound to her arm"
        hurt = any(c.dep_ == "dobj" and c.lemma_.lower() in ("wound", "injury") and c.tag_ == "NN" for c in verb.children)
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if hurt and subj is not None and _one_person(subj, living=False):
            return (1, 1)
    return None


def split_attackers(cand: Candidate, text: str) -> None:
    """The attackers' own dead, kept apart: '15 civilians and five attackers were killed' → killed 20
    (every death the report counts, as GTD and ACLED count them), attackers killed 5."""
    if cand.sides:
        attackers = [n for who, n in cand.sides if _ATTACKER_NOUNS.search(who)]
        if attackers:
            cand.attackers_killed = (sum(attackers), sum(attackers))
            return
    m = _ATTACKERS_KILLED.search(text)
    if m:
        cand.attackers_killed = parse_count(m.group("count")) or None
        return
    m = _PERPETRATOR_KILLED_BY_RESPONDERS.search(text)
    if m:
        cand.attackers_killed = (1, 1)
        if cand.killed is None:
            cand.killed = (1, 1)
        return
    m = _KILLED_ATTACKERS.search(text)
    if m:
        if m.group("count").lower() == "the":  # "killed the attacker", "killed the gunmen": how many is not told
            count = (1, 1) if m.group("who").lower() not in _ATTACKER_PLURALS else None
        else:
            count = parse_count(m.group("count"))
        cand.attackers_killed = count or None


def attackers_only(cand: Candidate) -> bool:
    """'Five attackers were also killed by guards': the only dead it tells are the attackers."""
    return bool(cand.attackers_killed and cand.killed == cand.attackers_killed)


def merged_toll(earlier: tuple | None, later: tuple | None, after_headline: bool) -> tuple | None:
    """The toll of one incident told twice. The body's figure replaces the headline's; a later
    figure that agrees with the earlier one and says at least as much refines it (a lead's "at
    least 30" by "the toll climbed to 30", "dozens" by "52 dead so far", "killed 12" by "at least
    12 died, officials said"); a later figure that disagrees, or says less ("two nurses were among
    the dead"), leaves the first."""
    if later is None:
        return earlier
    if earlier is None or after_headline:
        return later
    if _overlap(earlier, later) and _low(later) >= _low(earlier):
        return later
    return earlier


def _low(rng: tuple) -> int:
    return rng[0] if rng[0] is not None else 0


def _overlap(a: tuple, b: tuple) -> bool:
    high_a = a[1] if a[1] is not None else float("inf")
    high_b = b[1] if b[1] is not None else float("inf")
    return max(_low(a), _low(b)) <= min(high_a, high_b)


def one_named_victim(triggers: list[Trigger], fatal: bool) -> tuple[int, int] | None:
    """'shot and killed the district chief prosecutor', 'his wife was killed', 'Otieno, the
    county commissioner, was killed', 'a night watchman was seized and killed': one victim, killed
    (fatal) or wounded ('a guard was stabbed'; stabbed 'to death' kills); 'killing Ann Lowe and Tom
    Reid': each person named."""
    return _victims_named([trig.token for trig in triggers], fatal)


def _victims_named(tokens: list, fatal: bool) -> tuple[int, int] | None:
    for tok in tokens:
        if fatal and (_killing_of_one_named(tok) or _one_died_of(tok)):
            return (1, 1)
        verbs = [tok] + [c for c in tok.children if c.dep_ == "conj"]
        if tok.dep_ == "conj":
            verbs.append(tok.head)
        for verb in verbs:
            lemma = verb.lemma_.lower()
            to_death = _to_death(verb)
            wanted = lemma in KILLING_LEMMAS or to_death if fatal else lemma in WOUNDING_LEMMAS and not to_death
            if not wanted or verb.pos_ != "VERB":
                continue
            objs = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
            if verb.dep_ == "conj" and not objs:  # "was seized and killed", "shot and killed X"
                objs = [c for c in verb.head.children if c.dep_ in ("dobj", "nsubjpass")]
            if verb.dep_ == "acl" and not objs:  # "a girl killed by a stray bullet": the noun it qualifies
                objs = [verb.head]
            for obj in objs:
                passive = obj.dep_ == "nsubjpass" or obj.i == verb.head.i
                if _one_person(obj, living=fatal and lemma in LIVING_OBJECT_LEMMAS and passive):
                    # "killing Ann Lowe and Tom Reid": each person named
                    named = 1 + sum(_one_person(c, living=False) for c in obj.conjuncts if c.i > obj.i)
                    return (named, named)
    return None


def _killing_of_one_named(tok) -> bool:
    """'the 2019 killing of Jon Varga', 'the assassination of Varga': one named person (not 'the
    killing of Varga and his wife')."""
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in KILLING_NOUNS:
        return False
    objs = [o for p in tok.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children if o.dep_ == "pobj"]
    if len(objs) != 1 or objs[0].tag_ != "NNP" or any(c.dep_ == "conj" for c in objs[0].children):
        return False
    obj = objs[0]
    # a name the tagger misreads ("Jon “JV” Varga" as a facility) still names a person when an
    # apposition says who ("Varga, a veteran reporter")
    return obj.ent_type_ == "PERSON" or obj.ent_type_ not in ("GPE", "LOC", "ORG", "NORP", "DATE", "EVENT") \
        and any(c.dep_ == "appos" and c.pos_ in ("NOUN", "PROPN") for c in obj.children)


def _one_died_of(tok) -> bool:
    """'A deputy died after a shooting', 'the guard died in the attack': one person who died of the deed."""
    if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ != "pobj" or tok.head.lower_ not in ("after", "in", "during", "from"):
        return False
    verb = tok.head.head
    if verb.pos_ != "VERB" or verb.lemma_.lower() != "die":
        return False
    return any(c.dep_ == "nsubj" and _one_person(c, living=True) for c in verb.children)


def _to_death(verb) -> bool:
    """'stabbed to death', 'beaten to death', 'fatally shot', 'mortally wounded'."""
    return any(c.dep_ == "prep" and c.lower_ == "to" and any(g.lower_ == "death" for g in c.children)
               or c.dep_ == "advmod" and c.lower_ in ("fatally", "mortally") for c in verb.children)


def _named_before(obj) -> bool:
    """A surname the tagger missed here that names a person elsewhere in the text ('Paul Mensah ...
    Mensah was injured')."""
    return obj.tag_ == "NNP" and not obj.ent_type_ and any(
        e.label_ == "PERSON" and obj.text in e.text.split() for e in obj.doc.ents)


def _one_person(obj, living: bool) -> bool:
    """One person: a person's name or noun (an age in apposition is no count: 'Horvat, 34'), a name
    with a person noun in apposition ('Otieno, the county commissioner'), or any single being a verb
    of killing has as its passive subject."""
    if obj.tag_ not in ("NN", "NNP") or obj.lemma_.lower() in COLLECTIVE_NOUNS or any(
            c.like_num and c.dep_ != "appos" or c.lower_ in ("some", "several", "many") for c in obj.children):
        return False
    if obj.ent_type_ == "PERSON" or obj.lemma_.lower() in VICTIM_NOUNS or _named_before(obj):
        return True
    if any(c.dep_ == "appos" and (c.ent_type_ == "PERSON" or c.lemma_.lower() in VICTIM_NOUNS) for c in obj.children):
        return True
    # "a night watchman was killed" (not "the driver's car", not "one of the guards")
    return living and obj.pos_ in ("NOUN", "PROPN") and obj.ent_type_ not in ("ORG", "FAC", "PRODUCT", "EVENT") \
        and not any(c.dep_ == "prep" and c.lower_ == "of" for c in obj.children)
