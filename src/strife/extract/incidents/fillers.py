"""Role fillers as entities: every named victim, target, individual perpetrator and weapon of an
incident, each as written, read from the parse of every sentence that tells it.

`roles` gives an incident one perpetrator, one victim phrase and one target phrase; a report often
names several ("killed Carlos Rey and his driver Juan Soto", "bombed two banks and a police post",
"two urban guerrillas and a woman"). These lists keep each of them, for the export and for anyone
who asks who was hit: named victims are people's names (the recogniser's PERSON entities inside
the trigger's objects, their conjuncts and appositions), targets are the non-human things attacked
(without determiners and counts: "power substation"), individual perpetrators are the people who
acted as the text calls them ("urban guerrillas", "three persons", "Pablo Escobar"), counts kept.
"""
from __future__ import annotations

from typing import NamedTuple

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from strife.extract.context import DocumentContext
from strife.extract.incidents.records import Candidate
from strife.extract.incidents.roles import COLLECTIVE_NOUNS, EVENT_NOUNS, PERSON_HARM_LEMMAS, SPEECH_LEMMAS, \
    subject_of, trigger_objects
from strife.extract.incidents.triggers import PERSON_NOUNS, find_triggers
from strife.extract.incidents.weapons import weapon_pattern
from strife.nlp.lexicon import load_vocabulary, load_weapons
from strife.nlp.numbers import SCALES, UNITS

_VOCAB = load_vocabulary()
_WEAPONS = load_weapons()  # "planted a bomb": the weapon, not a target
INDIVIDUAL_PERPETRATOR_LEMMAS = _VOCAB.words("individual_perpetrator_lemmas")
NOT_TARGET_HEADS = _VOCAB.words("not_target_heads")
RESPONSIBILITY_LEMMAS = _VOCAB.words("responsibility_lemmas")
DAMAGE_LEMMAS = _VOCAB.words("damage_lemmas")
EXPLOSION_LEMMAS = _VOCAB.words("explosion_lemmas")
TARGET_PREPOSITIONS = _VOCAB.words("target_prepositions")
PART_NOUNS = _VOCAB.words("part_nouns")
NOT_WEAPON_TERMS = _VOCAB.words("not_weapon_terms")
SEIZURE_LEMMAS = _VOCAB.words("seizure_lemmas")
IRREALIS_MODIFIERS = _VOCAB.words("irrealis_modifiers")  # "the foiled attack against X": X was not hit
QUANTIFIER_WORDS = _VOCAB.words("quantifier_words")
PERSON_ROLE_NOUNS = _VOCAB.words("person_role_nouns")
_NUMBER_WORDS = frozenset(w for w in (*UNITS, *SCALES) if " " not in w)
# entity types that are never a physical target: places, peoples, dates, figures
_NOT_TARGET_ENTS = frozenset({"GPE", "LOC", "NORP", "DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY",
                              "PERCENT", "PERSON"})
# what the recogniser may call the rest of a name it cut short ("Oscar Arnulfo | Romero" as a product)
_NAME_CONTINUES = frozenset({"", "PERSON", "PRODUCT", "WORK_OF_ART", "FAC", "LAW", "EVENT"})
_NOT_NAME_ENTS = frozenset({"GPE", "LOC", "ORG", "FAC", "DATE", "TIME"})
_CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis"})
_LEADING_DROP = frozenset({"det", "predet", "poss", "nummod", "quantmod", "punct", "cc", "preconj", "case"})
_RELATIVE = frozenset({"who", "that", "which", "whom"})
NAMED_VICTIM_KINDS = frozenset({"attack", "execution", "leader_killed"})  # deeds whose patients are victims
NAME_PARTICLES = _VOCAB.words("name_particles")


class RoleEntities(NamedTuple):
    victims: list[str]  # people's names
    targets: list[str]  # things hit
    perpetrators: list[str]  # the people who did it
    weapons: list[str]  # instruments as written


def role_entities(cand: Candidate, ctx: DocumentContext) -> RoleEntities:
    """Named victims, targets, individual perpetrators and weapons of every trigger and sentence of
    the incident, each once, in the order the text gives them."""
    victims: list[str] = []
    targets: list[str] = []
    perpetrators: list[str] = []
    actor_tokens = {i for sp in ctx.actor_spans for i in range(sp.start, sp.end)}
    for trig in cand.triggers:
        tok = trig.token
        harms_people = tok.lemma_.lower() in PERSON_HARM_LEMMAS
        for obj in _patients(tok):
            names = person_names(obj)
            if names:
                _add(victims, names)
            elif not harms_people and not _is_person_noun(obj):
                _add(targets, [t for t in (_target(_whole_of_part(o), actor_tokens) for o in _with_listed(obj)) if t])
        for doer in _doers(tok):
            _add(perpetrators, [p for p in (_individual(s) for s in _with_conjuncts(doer)) if p])
    for sent in ctx.sentences:
        if any(start <= sent.start_char < end for start, end in cand.evidence):
            _add(targets, [t for t in (_target(o, actor_tokens) for o in _things_hit(sent)) if t])
    weapons: list[str] = []
    for start, end in cand.evidence:
        told = ctx.doc.char_span(start, end, alignment_mode="expand")
        if told is not None:
            _add(weapons, weapons_used(told))
    for s_index in cand.filler_sentences:
        for trig in find_triggers(ctx.sentences[s_index]):
            aimed_only = any(c.lower_ in IRREALIS_MODIFIERS for c in trig.token.children)
            if trig.kind in NAMED_VICTIM_KINDS and not aimed_only:
                _add(victims, [n for obj in _patients(trig.token) for n in person_names(obj)])
                for doer in _doers(trig.token):
                    _add(perpetrators, [p for p in (_individual(s) for s in _with_conjuncts(doer)) if p])
        _add(targets, [t for t in (_target(o, actor_tokens) for o in _things_hit(ctx.sentences[s_index])) if t])
    return RoleEntities(victims, targets, perpetrators, weapons)


def weapons_used(told: Span) -> list[str]:
    """Every weapon of the weapons lexicon a passage names, as written ("a car bomb", "hand
    grenades and rifles"), not the words that name the deed or arms in general ("the explosion",
    "weapons"), nor arms seized, smuggled or kept ("police seized 90 carbines and ammunition", "an
    arms cache"): those were held, not used."""
    rx = weapon_pattern()
    if rx is None:
        return []
    doc = told.doc
    found = []
    for m in rx.finditer(told.text):
        if m.group(0).lower() in NOT_WEAPON_TERMS:
            continue
        words = doc.char_span(told.start_char + m.start(), told.start_char + m.end(), alignment_mode="expand")
        if words is None or not _held_not_used(words.root):
            found.append(m.group(0))
    return found


def _held_not_used(tok: Token) -> bool:
    """The weapon is what a seizure, a sale or a store holds: up through the phrase it is part of
    ("13 rifles, 2 grenades and explosives", "a cache of rifles") to the first verb, a word of
    seizure on the way or that verb."""
    node = tok
    for _ in range(8):
        if node.lemma_.lower() in SEIZURE_LEMMAS or node.lower_ in SEIZURE_LEMMAS:
            return True
        if node.pos_ in ("VERB", "AUX") or node.head is node:
            return False
        node = node.head
    return False


def one_name_each(phrases: list[str | None], shortest: bool) -> dict[str, str]:
    """Each phrase → the one phrase kept for the thing or body of people it names: two phrases with
    the same head where one's words hold the other's, counts and quantifiers aside, name the same
    ("urban guerrillas" and "several urban guerrillas", "union headquarters" and "headquarters").
    People keep the shortest phrase (the rest describes them: "several armed individuals"; a count
    stays), things the longest (the rest says which one: "union headquarters"). A pronoun is left
    out."""
    kept: list[tuple[str, frozenset[str], str]] = []
    group_of: dict[str, int] = {}
    for phrase in phrases:
        words = _content_words(phrase) if phrase else []
        if all(w in STOP_WORDS for w in words):
            continue  # "they", "someone": a pronoun names no one
        head, rest = _singular(words[-1]), frozenset(words[:-1])
        same = next((k for k, (_, other_rest, other_head) in enumerate(kept)
                     if other_head == head and (rest <= other_rest or other_rest <= rest)), None)
        if same is None:
            same = len(kept)
            kept.append((phrase, rest, head))
        elif _better(phrase, kept[same][0], shortest):
            kept[same] = (phrase, rest, head)
        group_of[phrase] = same
    return {phrase: kept[k][0] for phrase, k in group_of.items()}


def _better(phrase: str, kept: str, shortest: bool) -> bool:
    """Shorter (or longer) in words but counts, and with its count at equal length: "two
    individuals" over "individuals", "individuals" over "several armed individuals"."""
    def length(p: str) -> int:
        return sum(1 for w in p.lower().split() if w not in _NUMBER_WORDS and not any(c.isdigit() for c in w))

    if length(phrase) == length(kept):
        return len(phrase.split()) > len(kept.split())
    return (length(phrase) < length(kept)) == shortest


def _content_words(phrase: str) -> list[str]:
    words = [w.strip("\"'“”‘’.,;:()").lower() for w in phrase.split()]
    return [w for w in words if w and w not in ("a", "an", "the") and w not in QUANTIFIER_WORDS
            and not any(c.isdigit() for c in w) and w not in _NUMBER_WORDS]


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def attach_filler_sentences(incidents: list[Candidate], ctx: DocumentContext) -> None:
    """A sentence that is part of no incident kept may still tell a deed and name who was hit ("the
    FMLN denied it directed the attack against X", "condemned the murder of X", "two of her
    bodyguards, Y and Z, were killed instantly"): it is read for named victims of the incident
    told nearest before it (or, before any, the first one)."""
    if not incidents:
        return
    for s_index, sent in enumerate(ctx.sentences):
        if any(start <= sent.start_char < end for c in incidents for start, end in c.evidence):
            continue
        before = [c for c in incidents if c.sent_index <= s_index]
        (before[-1] if before else incidents[0]).filler_sentences.append(s_index)


def _things_hit(sent) -> list[Token]:
    """What a sentence of the incident tells was hit: the objects of a damage verb ("the blast
    damaged a book store and a bank", "seven bank branches were shaken") and the place of a blast
    ("exploded outside the police building", "in front of a bank", "on the 6th floor of a hotel")."""
    hit: list[Token] = []
    for tok in sent:
        lemma = tok.lemma_.lower()
        if lemma in DAMAGE_LEMMAS and tok.pos_ == "VERB":
            hit += [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        if lemma in EXPLOSION_LEMMAS and (lemma != "go" or any(c.lower_ == "off" for c in tok.children)):
            for prep in (c for c in tok.children if c.dep_ == "prep"):
                if prep.lower_ in TARGET_PREPOSITIONS or prep.lower_ == "in" and any(
                        c.lower_ == "front" for c in prep.children):
                    hit += [c for c in prep.children if c.dep_ == "pobj"]
    out: list[Token] = []
    for head in hit:
        for tok in _with_listed(head):
            out.append(_whole_of_part(tok))
    return out


def _with_listed(tok: Token) -> list[Token]:
    """A head with its conjuncts and the items of a list in apposition ("three vehicles -- an
    ambulance, a fuel truck and a station wagon")."""
    out = [tok, *tok.conjuncts]
    for appos in (c for c in tok.children if c.dep_ == "appos"):
        out += [appos, *appos.conjuncts]
    return out


def _whole_of_part(tok: Token) -> Token:
    """"the 6th floor of the hotel" → hotel, "the front of a bank" → bank; any other head as it is."""
    if tok.lower_ in PART_NOUNS:
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if pobj is not None:
            return pobj
    return tok


def _doers(tok: Token) -> list[Token]:
    """Who did the deed: the trigger's subject or passive agent ("uniformed men murdered", "murdered
    by uniformed men", also when the parser hung "by" on the noun the participle describes), and
    the people a word of responsibility ties to it ("the soldiers accused of the murder", "the arrest
    of two officers for the killing", "X is responsible for the bombing", "X ordered the killing")."""
    found: list[Token] = []
    subj = subject_of(tok)
    if subj is not None and subj.head is not tok and subj.head.lemma_.lower() in SPEECH_LEMMAS:
        subj = None  # "the archbishop condemned the murder": who speaks of the deed did not do it
    if subj is not None and subj.lower_ in _RELATIVE and tok.dep_ == "relcl":
        subj = tok.head  # "the paid assassin who killed the leader"
    if subj is not None:
        found.append(subj)
    elif tok.dep_ == "acl" and tok.tag_ == "VBN":
        by = next((c for c in tok.head.children if c.dep_ == "prep" and c.lower_ == "by"), None)
        found += [c for c in by.children if c.dep_ == "pobj"] if by is not None else []
    node = tok
    for _ in range(4):  # up through "of participating in the attack", "for killing", "behind the attack"
        head = node.head
        if head is node or node.dep_ not in ("pobj", "pcomp", "prep", "dobj", "xcomp", "advcl"):
            break
        if head.lemma_.lower() in RESPONSIBILITY_LEMMAS or head.lower_ == "behind":
            found += _tied_people(head)
            break
        node = head
    return found


def _tied_people(word: Token) -> list[Token]:
    """The people a word of responsibility speaks of: the noun a participle describes ("the men
    involved"), the object of a verb or a noun ("accused X", "the arrest of X"), else its subject."""
    if word.lower_ == "behind":
        word = word.head
    if word.dep_ in ("acl", "relcl") and word.tag_ in ("VBN", "VBG"):
        return [word.head]
    objects = [c for c in word.children if c.dep_ in ("dobj", "nsubjpass")]
    if word.pos_ == "NOUN":
        of = next((c for c in word.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        objects += [c for c in of.children if c.dep_ == "pobj"] if of is not None else []
    if objects:
        return objects
    if word.dep_ == "acomp":
        word = word.head
    return [c for c in word.children if c.dep_ == "nsubj"]


def _add(into: list[str], items: list[str]) -> None:
    for item in items:
        if item and item.lower() not in {x.lower() for x in into}:
            into.append(item)


def _patients(tok: Token) -> list[Token]:
    """What the trigger acts on, with the antecedent of a relative or participial clause: "Oqueli,
    who was abducted", "the priest killed last week"."""
    objects = trigger_objects(tok)
    if tok.dep_ == "relcl" and any(c.dep_ == "nsubjpass" and c.lower_ in _RELATIVE for c in tok.children):
        objects.append(tok.head)
    elif tok.dep_ == "acl" and tok.tag_ == "VBN":
        objects.append(tok.head)
    return [o for o in objects if o.pos_ != "PRON" and o.lower_ not in _RELATIVE]


def _with_conjuncts(tok: Token) -> list[Token]:
    return [tok, *tok.conjuncts]


def _is_person_noun(tok: Token) -> bool:
    """A noun naming people, also where the tagger took it for a name ("the Jesuits": no lemma)."""
    if tok.ent_type_ in ("PERSON", "NORP"):
        return True
    forms = {tok.lemma_.lower(), tok.lower_, _singular(tok.lower_)}
    return any(f in PERSON_NOUNS or f in INDIVIDUAL_PERPETRATOR_LEMMAS or f in PERSON_ROLE_NOUNS for f in forms)


def person_names(head: Token) -> list[str]:
    """The people's names inside a noun phrase, its conjuncts and appositions, not inside a clause
    that hangs on it ("Hector Oqueli, leader of the MNR, and Hilda Flores" → both names), each in
    the longest form the document gives it ("Oqueli" → "Hector Oqueli Colindres")."""
    doc = head.doc
    inside = _phrase_tokens(head)
    spans = _person_spans(doc)
    names: list[str] = []
    for start, end in spans:
        if any(i in inside for i in range(start, end)):
            names.append(_longest_form(_name_text(doc, start, end), [_name_text(doc, a, b) for a, b in spans]))
    return names


def _phrase_tokens(head: Token) -> set[int]:
    """Token indices of the people a noun phrase names: the phrase with its conjuncts, appositions
    and "of" phrases ("two of her bodyguards, X and Y"), without the clauses and other prepositional
    phrases that hang on it, and without the modifiers of a head that is no person ("the station
    at the Manuel Jose Arce neighbourhood" names nobody)."""
    out: set[int] = set()
    stack = [head]
    while stack:
        tok = stack.pop()
        out.add(tok.i)
        for c in tok.children:
            if c.dep_ in _CLAUSE_DEPS or (c.dep_ == "prep" and c.lower_ != "of"):
                continue
            if c.dep_ in ("compound", "amod", "nmod", "poss") and not (tok.ent_type_ == "PERSON" or _is_person_noun(tok)):
                continue
            stack.append(c)
    return out


def _person_spans(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) tokens of each person's name: the recogniser's PERSON entities, one name it
    split in two joined again ("Federico Estrada | Velez"), and the capitalised words that follow
    a name it cut short, with the particles of Spanish and Portuguese names between them
    ("Roberto Armando | Rivera Escobar", "Stela Torrado de Otalora")."""
    spans: list[list[int]] = []
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        if spans and spans[-1][1] == ent.start:
            spans[-1][1] = ent.end
        else:
            spans.append([ent.start, ent.end])
    for span in spans:
        end = span[1]
        while end < len(doc):
            tok = doc[end]
            if tok.ent_type_ not in _NAME_CONTINUES or tok.is_sent_start:
                break
            if tok.is_title and tok.is_alpha and not tok.is_stop:
                end += 1
                span[1] = end
            elif tok.lower_ in NAME_PARTICLES and end + 1 < len(doc) and doc[end + 1].is_title:
                end += 1
            else:
                break
    return sorted([(a, b) for a, b in spans] + _names_met_again(doc, spans))


def _names_met_again(doc: Doc, spans: list[list[int]]) -> list[tuple[int, int]]:
    """A person named again in words the recogniser missed or took for something else: a run of
    capitalised words that is part of a name the document gives elsewhere ("Oqueli" after "Hector
    Oqueli Colindres"), or that holds one ("Jaime Pardo Leal", read as a title, after "Pardo Leal");
    never a first name alone, nor a place's or a group's name."""
    known = [tuple(t.lower_ for t in doc[a:b] if t.is_alpha) for a, b in spans]
    known = [words for words in known if words]
    taken = {i for a, b in spans for i in range(a, b)}
    taken |= {i for sp in doc.spans.get("actors", []) for i in range(sp.start, sp.end)}
    found: list[tuple[int, int]] = []
    i = 0
    while i < len(doc):
        end = i
        while end < len(doc) and end not in taken and doc[end].is_title and doc[end].is_alpha \
                and not doc[end].is_stop and doc[end].ent_type_ not in _NOT_NAME_ENTS:
            end += 1
        if end == i:
            i += 1
            continue
        run = tuple(t.lower_ for t in doc[i:end])
        if any(_inside(run, words) and run != words[:1] or len(words) > 1 and _inside(words, run)
               for words in known):
            found.append((i, end))
        i = end
    return found


def _inside(part: tuple[str, ...], whole: tuple[str, ...]) -> bool:
    return any(whole[k:k + len(part)] == part for k in range(len(whole) - len(part) + 1))


def _name_text(doc: Doc, start: int, end: int) -> str:
    text = doc[start:end].text
    return text[:-2] if text.endswith(("'s", "’s")) else text


def _longest_form(name: str, names: list[str]) -> str:
    """The longest name of the document whose words hold this one's in a row: a later "Oqueli" or
    "Antonio Roldan" is the person first named in full."""
    words = name.lower().split()
    best = name
    for other in names:
        other_words = other.lower().split()
        if len(other_words) > len(best.split()) and any(
                other_words[k:k + len(words)] == words for k in range(len(other_words) - len(words) + 1)):
            best = other
    return best


def _target(head: Token, actor_tokens: set[int]) -> str | None:
    """A thing attacked as written, without determiners and counts ("two power pylons" → "power
    pylons"); None for a place, a person, a time, an event, a weapon, an armed actor or unit, or
    an area."""
    if head.ent_type_ in _NOT_TARGET_ENTS or head.i in actor_tokens or head.pos_ in ("PRON", "NUM") or head.like_num:
        return None
    if head.lower_ in EVENT_NOUNS or head.lower_ in NOT_TARGET_HEADS or head.lemma_.lower() in NOT_TARGET_HEADS \
            or _is_person_noun(head) or not head.is_alpha or _WEAPONS.lookup(head.text) is not None:
        return None
    if any(start <= head.i < end for start, end in _person_spans(head.doc)):
        return None  # a person's name, its last word mislabelled ("Archbishop Oscar Arnulfo | Romero")
    return _noun_phrase(head, keep_counts=False, whose=True)


def _individual(subj: Token) -> str | None:
    """The people who did it as the text calls them: a person's name, or a phrase whose head
    names people ("unidentified gunmen", "members of the 8th front"); None for an organisation."""
    names = person_names(subj) if subj.ent_type_ == "PERSON" else []
    if names:
        return names[0]
    if not (_names_people(subj) or _names_people(_collective_of(subj))):
        return None  # "a group of terrorists" are people; "the 8th front" is no person
    return _noun_phrase(subj, keep_counts=True)


def _names_people(tok: Token | None) -> bool:
    return tok is not None and (tok.lemma_.lower() in INDIVIDUAL_PERPETRATOR_LEMMAS
                                or tok.lower_ in INDIVIDUAL_PERPETRATOR_LEMMAS)


def _collective_of(head: Token) -> Token | None:
    """The head of the "of" phrase right after a collective noun: "a group of paid assassins" →
    assassins."""
    return _of_object(head) if head.lower_ in COLLECTIVE_NOUNS else None


def _of_right_after(head: Token) -> Token | None:
    return next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of" and c.i == head.i + 1), None)


def _of_object(head: Token) -> Token | None:
    """The head of the "of" phrase right after a noun ("the residences of democratic leaders" → leaders)."""
    of = _of_right_after(head)
    return next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None


def _noun_phrase(head: Token, keep_counts: bool, whose: bool = False) -> str | None:
    """The head with the modifiers before it, and through an "of" phrase after a collective noun
    ("members of the 8th front") or, when asked, one that says whose the thing is ("the residences
    of democratic leaders", not "the embassy of Peru": a place says where); determiners dropped,
    counts kept when asked."""
    doc = head.doc
    left = head.i
    for tok in reversed(list(head.lefts)):
        if tok.right_edge.i != left - 1:
            break
        left = tok.left_edge.i
    end = head.i + 1
    if head.lower_ in COLLECTIVE_NOUNS:
        of = _of_right_after(head)
        if of is not None and of.right_edge.i - head.i <= 12:
            # up to an aside: "members of the Farabundo Marti National Liberation Front (FMLN)"
            end = next((t.i for t in doc[of.i:of.right_edge.i + 1] if t.text in "(["), of.right_edge.i + 1)
    elif whose:
        owner = _of_object(head)
        if owner is not None and owner.pos_ == "NOUN" and not owner.ent_type_ and owner.i - head.i <= 6:
            end = owner.i + 1
    words = list(doc[left:end])
    while words and words[0].i < head.i and (
            words[0].dep_ in _LEADING_DROP and not (keep_counts and words[0].dep_ == "nummod")
            and not (words[0].dep_ == "poss" and words[0].pos_ != "PRON")
            or words[0].is_punct or (not keep_counts and (words[0].like_num or words[0].lower_ in QUANTIFIER_WORDS))):
        words = words[1:]
    if not words:
        return None
    text = doc[words[0].i:end].text.strip("\"“”' ,")
    return text or None
