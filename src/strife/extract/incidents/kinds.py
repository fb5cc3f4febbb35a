"""An incident's kind and attack type, refined from what its segment says: a named leader killed,
a battle between armed sides, a drone or an aircraft's weapons, a raid by forces or an armed group.

The refinements are a tuple of small named rules run in order (`KIND_RULES`); a rule returns True
when the kind it decided must not be refined further."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from strife.extract.context import DocumentContext
from strife.extract.incidents.records import Candidate
from strife.extract.incidents.roles import subject_of, trigger_objects
from strife.extract.incidents.weapons import aerial, attack_type, find_weapon, names_attack_type
from strife.nlp.lexicon import load_vocabulary

_VOCAB = load_vocabulary()
LEADER_RE = rf"\b(?:{_VOCAB.alternation('leader_nouns')})\b"
LEADER_KILLING_LEMMAS = _VOCAB.words("leader_killing_lemmas")
_EXECUTION_OF_NAMED = re.compile(rf"\b(?:{_VOCAB.alternation('execution_nouns')}) of (?:an?\s+|the\s+)?"
                                 r"(?:[A-Z]\w+\s+)*[a-z]+\s+[A-Z]")
_EXECUTION_OF_CAPTIVE = re.compile(rf"\bexecution of (?:an?|the)\s+\w+(?:\s+\w+)?\s+"
                                   rf"(?:{_VOCAB.alternation('captive_roles')})\b")
_BATTLE_WORDS = re.compile(rf"\b(?:{_VOCAB.alternation('battle_words')})")  # a prefix: "battles", "skirmishes"
_ASSAULT_ON_PLACE = re.compile(rf"\bassault on (?:the\s+)?(?:\w+\s+){{0,4}}(?:{_VOCAB.alternation('assaulted_places')})\b")
_GROUND_OPERATION = re.compile(rf"\b(?:{_VOCAB.alternation('ground_operation_words')})\b")
_DRONE = re.compile(r"\bdrones?\b")
_OFFICE = re.compile(rf"\b(?:{_VOCAB.alternation('office_titles')})\b", re.I)
_EXECUTION_SIGNS = re.compile(rf"\b(?:{_VOCAB.alternation('execution_signs')})\b")
_STATE_FORCE_TEXT = re.compile(rf"\b(?:{_VOCAB.alternation('state_force_words')})\b")
_RAIDING_FORCES = re.compile(rf"\b(?:{_VOCAB.alternation('raiding_forces')})\b", re.I)  # "Police raided ..."
_COMBATANTS = re.compile(rf"\b(?:{_VOCAB.alternation('combatant_words')})", re.I)  # a prefix: "soldiers"
_ARMED_WORDS = re.compile(rf"\b(?:{_VOCAB.alternation('armed_words')})")  # a prefix: "militants"
_BOMBING_TYPES = ("bombing", "suicide_bombing", "vehicle_bomb", "chemical")
FACILITY_NOUNS = _VOCAB.words("facility_nouns")
STATE_STRIKE_LEMMAS = _VOCAB.words("state_strike_lemmas")


def set_attack_type(cand: Candidate, seg_text: str) -> None:
    weapon = find_weapon(seg_text)
    if weapon:
        cand.weapon, cand.weapon_text = weapon.weapon_class, weapon.text
    cand.attack_type = attack_type(seg_text, weapon)


@dataclass(frozen=True)
class Segment:
    """What a kind rule reads: the sentence, the segment's text (and lower-cased), the document."""

    sent: Span
    text: str
    lower: str
    ctx: DocumentContext

    def perpetrator_is_state(self, cand: Candidate) -> bool:
        return bool(cand.perpetrator) and self.ctx.is_state(cand.perpetrator)

    def perpetrator_is_nonstate(self, cand: Candidate) -> bool:
        return bool(cand.perpetrator) and not self.ctx.is_state(cand.perpetrator)


def leader_killed(cand: Candidate, seg: Segment) -> bool:
    """Killing a named leader is its own kind ("killed ranking IS leader Abu Sayyaf")."""
    if cand.kind not in ("attack", "airstrike", "raid", "leader_killed"):
        return False
    killed_person = killed_named_person(cand, seg.sent)
    if not (killed_person or cand.kind == "leader_killed"):
        return False
    if killed_person or re.search(LEADER_RE, seg.lower):
        cand.kind = "leader_killed"
        if not cand.killed:
            cand.killed = (1, 1)
        cand.victims_text = cand.victims_text or killed_person
        cand.attack_type = None
        return True
    cand.kind = "attack"
    return False


def execution_of_one(cand: Candidate, seg: Segment) -> bool:
    """'the execution of Jordanian pilot Moaz al-Kasasbeh': one killed."""
    if cand.kind == "execution" and not cand.killed:
        if _EXECUTION_OF_NAMED.search(seg.text) or _EXECUTION_OF_CAPTIVE.search(seg.lower):
            cand.killed = (1, 1)
    return False


def shooting_told_as_execution(cand: Candidate, seg: Segment) -> bool:
    """'found her foes in a break room and executed two of them': the word tells how coldly a shooter
    killed, not the killing of captives by their captors (a gun, and no captive, no mode of execution, no
    armed group or state doing it)."""
    if cand.kind != "execution" or _EXECUTION_SIGNS.search(seg.lower) or cand.perpetrator \
            or seg.perpetrator_is_state(cand) or seg.perpetrator_is_nonstate(cand):
        return False
    weapon = find_weapon(seg.text)
    if weapon is not None and weapon.attack_type == "armed_assault":
        cand.kind, cand.attack_type = "attack", "armed_assault"
    return False


def assassination(cand: Candidate, seg: Segment) -> bool:
    """An attack aimed at an office holder ("opened fire on the district prosecutor", "threw a grenade at
    X", X told elsewhere as "the Human Rights Minister") is an assassination, whatever the weapon; not a
    suicide, vehicle or drone attack, nor a kidnapping (their own types come first, as GTD codes them)."""
    if cand.kind != "attack" or cand.attack_type not in (None, "armed_assault", "bombing"):
        return False
    for trig in cand.triggers:
        for obj in trigger_objects(trig.token):
            if _holds_office(obj, seg.ctx.text):
                cand.attack_type = "assassination"
                return False
    return False


def _holds_office(head: Token, text: str) -> bool:
    """The noun phrase names an office ("the Oursi prefect"), or names a person whom the text gives
    one ("Niyonkuru, the Burundian Environment Minister"; "Environment Minister Niyonkuru")."""
    # the head with its modifiers and appositions: not "the residence of a tribal elder"
    words = [t for left in head.lefts for t in left.subtree] + [head] + \
        [t for c in head.rights if c.dep_ == "appos" for t in c.subtree]
    if _OFFICE.search(" ".join(t.text for t in words)):
        return True
    if head.pos_ != "PROPN" or head.ent_type_ in ("GPE", "LOC", "FAC", "NORP"):
        return False
    name = re.escape(head.text)
    return bool(re.search(rf"\b{name}\b,\s+(?:a|an|the)\s+(?:[\w'’-]+\s+){{0,4}}?{_OFFICE.pattern}", text, re.I)
                or re.search(rf"{_OFFICE.pattern}\s+(?:[A-Z][\w'’-]+\s+){{0,3}}{name}\b", text, re.I))


def battle(cand: Candidate, seg: Segment) -> bool:
    """Fighting with losses on both armed sides, a clash, an assault on a town: a battle. Fighting
    told around an attack on a thing no armed side holds is not: "heavy fighting raged when the rebels
    attacked a power substation" is an attack on the substation."""
    armed_sides = [who for who, _ in cand.sides if _COMBATANTS.search(who)]
    if cand.kind == "battle" and len(armed_sides) < 2 and _facility_attacked(cand):
        cand.kind = "attack"
    if cand.kind not in ("attack", "airstrike"):
        return False
    if len(armed_sides) >= 2 or _BATTLE_WORDS.search(seg.lower) and not _facility_attacked(cand):
        if cand.kind == "attack" and cand.attack_type not in _BOMBING_TYPES:
            cand.kind = "battle"
            cand.attack_type = cand.attack_type or "armed_assault"
    if cand.kind == "attack" and _ASSAULT_ON_PLACE.search(seg.lower):
        cand.kind = "battle"
        cand.attack_type = cand.attack_type or "armed_assault"
    return False


def _facility_attacked(cand: Candidate) -> bool:
    """An attack trigger's object is a thing no armed side holds ("attacked an electric power
    substation"): the fighting told around it does not make the deed a battle."""
    return any(obj.lemma_.lower() in FACILITY_NOUNS for trig in cand.triggers if trig.kind == "attack"
               for obj in trigger_objects(trig.token))


def drone_strike(cand: Candidate, seg: Segment) -> bool:
    """A drone strike is an airstrike when a state's forces fly it, an attack when an armed group does."""
    if cand.kind in ("attack", "airstrike") and (cand.attack_type == "drone" or _DRONE.search(seg.lower)):
        state = seg.perpetrator_is_state(cand) or _STATE_FORCE_TEXT.search((cand.perpetrator_text or "").lower())
        cand.kind = "airstrike" if state and not seg.perpetrator_is_nonstate(cand) else "attack"
        cand.attack_type = "drone"
    return False


def aircraft_weapons(cand: Candidate, seg: Segment) -> bool:
    """'military jets bombed', 'barrel bombs dropped': an airstrike, unless an armed group did it."""
    if cand.kind in ("attack", "battle") and aerial(find_weapon(seg.text)) and not seg.perpetrator_is_nonstate(cand):
        cand.kind, cand.attack_type = "airstrike", None
    return False


def raid_by_armed_group(cand: Candidate, seg: Segment) -> bool:
    """'assailants raided a platform': a raid by no state's forces is an armed assault."""
    if cand.kind == "raid" and not seg.perpetrator_is_state(cand) \
            and not _RAIDING_FORCES.search(cand.perpetrator_text or seg.lower):
        cand.kind, cand.attack_type = "attack", cand.attack_type or "armed_assault"
    return False


def state_strike(cand: Candidate, seg: Segment) -> bool:
    """'the U.S. and its allies conducted 18 strikes', 'targeted by Israel in a bombing': a state's
    strike or bombing is an airstrike."""
    if cand.kind == "attack" and seg.perpetrator_is_state(cand) \
            and any(t.token.lemma_.lower() in STATE_STRIKE_LEMMAS for t in cand.triggers):
        cand.kind = "airstrike"
    return False


_OFFENSIVE_PURPOSE = re.compile(rf"\bto\s+(?:{_VOCAB.alternation('offensive_purpose_verbs')})\b")
AIRCRAFT_NOUNS = _VOCAB.words("aircraft_nouns")


def offensive(cand: Candidate, seg: Segment) -> bool:
    """'launched a military operation to recapture the city': an offensive, a battle (a raid is a
    swoop on a place, not a push to take it)."""
    if cand.kind == "raid" and _OFFENSIVE_PURPOSE.search(seg.lower):
        cand.kind = "battle"
    return False


def aircraft_doer(cand: Candidate, seg: Segment) -> bool:
    """'army helicopters were rocketing positions': aircraft that strike make an airstrike, unless an
    armed group flies them."""
    if cand.kind == "attack" and not seg.perpetrator_is_nonstate(cand) and any(
            c.dep_ == "nsubj" and (c.lower_ in AIRCRAFT_NOUNS or c.lemma_.lower() in AIRCRAFT_NOUNS)
            for t in cand.triggers if not t.noun for c in t.token.children):
        cand.kind, cand.attack_type = "airstrike", None
    return False


def fighting_with_bombardment(cand: Candidate, seg: Segment) -> bool:
    """'troops fought the militants near the town and bombarded its centre': a battle whose side also
    shelled. The main verb tells the fighting; a bombardment only coordinated with it is part of it."""
    verbs = [t for t in cand.triggers if not t.noun]
    if cand.kind != "airstrike" or not verbs or verbs[0].kind != "battle":
        return False
    main = verbs[0].token
    if all(t.token.dep_ == "conj" and t.token.head.i == main.i for t in cand.triggers if t.kind == "airstrike"):
        cand.kind, cand.attack_type = "battle", None
    return False


def ground_operation(cand: Candidate, seg: Segment) -> bool:
    """'a fresh ground assault on the city', 'an incursion and heavy bombardment that killed dozens': a
    state's troops sent in on the ground fight whoever holds the place, a battle, though aircraft or
    guns back them (an airstrike is the bombardment alone). Not a drone's strike, nor an armed
    group's raid across a line."""
    if cand.kind in ("attack", "airstrike") and cand.attack_type != "drone" \
            and seg.perpetrator_is_state(cand) and _GROUND_OPERATION.search(seg.lower):
        cand.kind, cand.attack_type = "battle", None
    return False


def airstrike_type(cand: Candidate, seg: Segment) -> bool:
    """An airstrike has no attack type but drone ("missile strikes from a drone" is a drone's)."""
    if cand.kind == "airstrike" and cand.attack_type != "drone":
        cand.attack_type = "drone" if names_attack_type("drone", seg.text) else None
    return False


KIND_RULES: tuple[Callable[[Candidate, Segment], bool], ...] = (
    leader_killed, execution_of_one, shooting_told_as_execution, assassination, battle, drone_strike,
    aircraft_weapons, aircraft_doer, raid_by_armed_group, offensive, state_strike, fighting_with_bombardment,
    ground_operation, airstrike_type)


def refine_kind(cand: Candidate, sent: Span, seg_text: str, ctx: DocumentContext) -> None:
    seg = Segment(sent, seg_text, seg_text.lower(), ctx)
    for rule in KIND_RULES:
        if rule(cand, seg):
            return


def killed_named_person(cand: Candidate, sent: Span) -> str | None:
    """The named leader a killing trigger kills: 'killed ranking IS leader Abu Sayyaf', 'killed
    al-Baghdadi' (known as a leader elsewhere in the text), 'al-Shishani died of his wounds'."""
    tokens = [t.token for t in cand.triggers]
    tokens += [t for t in sent if t.lemma_.lower() == "die" and t.pos_ == "VERB" and cand.start <= t.idx < cand.end]
    for tok in tokens:
        lemma = tok.lemma_.lower()
        if lemma not in LEADER_KILLING_LEMMAS:
            continue
        victims = []
        if lemma == "die":
            subj = subject_of(tok)
            if subj is not None:
                victims.append(subj)
        else:
            victims.extend(c for c in tok.children if c.dep_ in ("dobj", "nsubjpass"))
        for v in victims:
            phrase = _victim_phrase(v, tok)
            actor_tokens = {i for sp in sent.doc.spans.get("actors", []) for i in range(sp.start, sp.end)}
            names = [t for t in phrase if t.pos_ == "PROPN" and t.ent_type_ not in ("GPE", "LOC", "NORP", "FAC")
                     and t.i not in actor_tokens]
            if names and _known_leader(names[-1], sent.doc):
                return phrase.text
            # the victim's own words, without a clause about it ("a businessman who was sanctioned by
            # the United States" is no armed man)
            clause = {t.i for c in v.children if c.dep_ in ("relcl", "acl") for t in c.subtree}
            own_end = min([phrase.end] + [i for i in clause])
            own_text = sent.doc[phrase.start:own_end].text.lower()
            # the parse may leave "prominent IS" outside the subject: look two tokens further left
            armed = any(sp.start >= phrase.start - 2 and sp.end <= own_end for sp in sent.doc.spans.get("actors", [])) \
                or _ARMED_WORDS.search(own_text)
            if armed and re.search(LEADER_RE, own_text):
                return phrase.text
    return None


def _victim_phrase(victim: Token, verb: Token) -> Span:
    """The victim's words with the apposition that names it, which the parser may hang on the verb
    or elsewhere ("killed only one: X, the group's deputy leader")."""
    doc = victim.doc
    end = victim.right_edge.i
    for appos in (c for c in verb.children if c.dep_ == "appos" and c.i > victim.i):
        end = max(end, appos.right_edge.i)
    colon = end if doc[end].text == ":" else end + 1
    if colon + 1 < len(doc) and doc[colon].text == ":":
        # the name told after the colon: the largest phrase that starts there
        name = doc[colon + 1]
        while name.head.i != name.i and name.head.i > colon and name.head.left_edge.i > colon:
            name = name.head
        end = max(end, name.right_edge.i)
    return doc[victim.left_edge.i: end + 1]


def _known_leader(name: Token, doc: Doc) -> bool:
    """The name appears elsewhere after a leader noun or 'led by' ("IS, then led by Abu Bakr al-Baghdadi")."""
    surname = name.text.lower()
    for tok in doc:
        if tok.lower_ == surname and tok.i != name.i:
            window = doc[max(0, tok.i - 8): tok.i].text.lower()
            if re.search(r"\bled by\b|" + LEADER_RE, window):
                return True
    return False
