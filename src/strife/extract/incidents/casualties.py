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
WOUNDING_LEMMAS = _VOCAB.words("wounding_lemmas")
# "15 civilians and five attackers were killed": the attackers among the dead
_ATTACKER_NOUNS = re.compile(rf"\b(?:{_VOCAB.alternation('attacker_nouns')})\b", re.I)
_ATTACKERS_KILLED = re.compile(rf"(?P<count>{NUMBER_PHRASE})\s+(?:of the\s+)?(?:\w+\s+)?"
                               rf"(?:{_VOCAB.alternation('attacker_plurals')})\s+(?:were\s+|was\s+)?(?:also\s+)?"
                               rf"(?:{_VOCAB.alternation('attacker_death_phrases')})", re.I)


def set_casualties(cand: Candidate, seg_text: str) -> None:
    """The segment's tolls; a killing or wounding verb whose object is one person counts one."""
    cas = find_casualties(seg_text)
    cand.killed, cand.wounded, cand.sides = cas.killed, cas.wounded, cas.sides
    split_attackers(cand, seg_text)
    if cand.killed is None:
        cand.killed = one_named_victim(cand.triggers, KILLING_LEMMAS)
    if cand.wounded is None:
        cand.wounded = one_named_victim(cand.triggers, WOUNDING_LEMMAS)


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


def attackers_only(cand: Candidate) -> bool:
    """'Five attackers were also killed by guards': the only dead it tells are the attackers."""
    return bool(cand.attackers_killed and cand.killed == cand.attackers_killed)


def one_named_victim(triggers: list[Trigger], lemmas: frozenset[str]) -> tuple[int, int] | None:
    """'shot and killed the district chief prosecutor', 'his wife was killed': one victim."""
    for trig in triggers:
        tok = trig.token
        verbs = [tok] + [c for c in tok.children if c.dep_ == "conj"]
        if tok.dep_ == "conj":
            verbs.append(tok.head)
        for verb in verbs:
            if verb.lemma_.lower() not in lemmas or verb.pos_ != "VERB":
                continue
            objs = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
            if verb.dep_ == "conj" and not objs:
                objs = [c for c in verb.head.children if c.dep_ in ("dobj",)]
            for obj in objs:
                person = obj.ent_type_ == "PERSON" or obj.lemma_.lower() in PERSON_NOUNS
                if person and obj.tag_ in ("NN", "NNP") and not any(
                        c.like_num or c.lower_ in ("some", "several", "many") for c in obj.children):
                    return (1, 1)
    return None
