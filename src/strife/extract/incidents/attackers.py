"""Named individual attackers: the person a text names as the one who shot, stabbed or bombed, and
the incident each naming belongs to.

A shooting is often told first with "a gunman" and named later ("Deputies identified the suspect
as Jose Luis Orozco"; "Orozco was charged with murdering the deputy"; a trial report's "jury finds
X guilty in the murder of Y"), so the namings are found once over the whole document, each with the
sentence that gives it. A person is named as the attacker when the parse makes them:
- the subject of an attack verb, or the `by` agent of its passive ("Hiller shot three co-workers",
  "shot in the back by Orozco");
- the name of an accused noun ("suspect X", "the alleged shooter, X", "a gunman identified as X",
  "X is the accused gunman", "Deputies identified the suspect as X");
- the accused of a crime ("X is accused of murdering", "convicted of the 2019 killing of", "found
  guilty in the murder of", "the trial of X, who is accused of firing the fatal shot");
- "he" or "she" in one of those roles, read as the nearest person named before it in the sentence
  (not its speaker: the one who says it).
A victim ("the murder of X", "X was shot", "fired at X") is never the attacker. The name is written
in its fullest form in the document ("Crooks" → "Thomas Matthew Crooks").
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from strife.extract.context import DocumentContext
from strife.extract.incidents.records import Candidate
from strife.nlp.lexicon import load_vocabulary, normalize

_VOCAB = load_vocabulary()
ATTACKER_VERBS = _VOCAB.words("attacker_verbs")
ACCUSED_NOUNS = _VOCAB.words("accused_nouns")
ACCUSATION_LEMMAS = _VOCAB.words("accusation_lemmas")
ADMISSION_LEMMAS = _VOCAB.words("admission_lemmas")
CRIME_WORDS = _VOCAB.words("crime_nouns") | ATTACKER_VERBS
NAMING_LEMMAS = _VOCAB.words("naming_lemmas")
JUDICIAL_NOUNS = _VOCAB.words("judicial_nouns")
SPEECH_LEMMAS = _VOCAB.words("speech_lemmas")
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
# "saw X killed", "found X shot": the participle under these tells what was done to X
_SMALL_CLAUSE_HEADS = frozenset({"see", "watch", "hear", "find", "leave", "get", "have", "want", "witness"})
# the kinds of incident a single named person is the doer of (not a battle, an airstrike or an arrest)
PERSON_DEED_KINDS = frozenset({"attack", "execution", "leader_killed"})
_CACHE_KEY = "strife_named_attackers"


@dataclass(frozen=True)
class NamedAttacker:
    name: str  # the fullest form of the name in the document
    start: int  # document offset of the naming
    sent_index: int


def named_attackers(ctx: DocumentContext) -> tuple[NamedAttacker, ...]:
    """Every naming of an attacker in the document, in text order (found once per document and
    kept in `doc.user_data` as plain records)."""
    cached = ctx.doc.user_data.get(_CACHE_KEY)
    if cached is not None:
        return cached
    names = _person_names(ctx)
    # a person the document tells as a victim is no antecedent of "he shot" ("Salcedo ... was searching
    # for Orozco because he was a suspect")
    victims = {_surname(n) for n in names if _victim(n.root)}
    found = []
    for s_index, sent in enumerate(ctx.sentences):
        in_sent = [n for n in names if sent.start <= n.start < sent.end]
        for name in in_sent:
            if attacker_role(name.root):
                found.append(NamedAttacker(_fullest(name, names), name.start_char, s_index))
        for tok in sent:
            if tok.lower_ in PERSON_PRONOUNS and tok.pos_ == "PRON" and attacker_role(tok):
                before = [n for n in in_sent if n.end <= tok.i and not _victim(n.root)
                          and not (_speaker(n.root) and _quoted(sent, tok))]
                if before and _surname(before[-1]) not in victims:
                    found.append(NamedAttacker(_fullest(before[-1], names), tok.idx, s_index))
    ctx.doc.user_data[_CACHE_KEY] = result = tuple(found)
    return result


def _speaker(h: Token) -> bool:
    """The subject of a speech verb: one who tells a quote ("'She came back armed,' says prosecutor
    Dole, 'and she shot them'") is no antecedent of the "she" inside it (a speaker says "I"); outside
    quotes the teller may be the doer ("Dole said he fired first")."""
    return h.dep_ == "nsubj" and h.head.lemma_.lower() in SPEECH_LEMMAS


def _quoted(sent: Span, tok: Token) -> bool:
    """Whether the token lies inside quotation marks opened earlier in its sentence."""
    before = sent.doc.text[sent.start_char:tok.idx]
    return before.count("\u201c") > before.count("\u201d") or before.count('"') % 2 == 1


def attribute_named_attackers(found: list[Candidate], ctx: DocumentContext) -> None:
    """Give each naming to the incident it belongs to, when that incident has no named doer: the
    incident told in the naming's sentence, else the one told last before it, else the first. The
    first naming an incident receives is its perpetrator; a person among its victims never is."""
    deeds = [c for c in found if c.kind in PERSON_DEED_KINDS]
    if not deeds:
        return
    for naming in named_attackers(ctx):
        owner = _owner(naming, deeds, ctx)
        if owner.perpetrator is not None and owner.attribution not in ("inferred", "unknown", None):
            continue
        surname = normalize(naming.name.split()[-1])
        if owner.victims_text and surname in normalize(owner.victims_text).split():
            continue
        owner.perpetrator = owner.perpetrator_text = naming.name
        owner.attribution = "explicit"


def _owner(naming: NamedAttacker, deeds: list[Candidate], ctx: DocumentContext) -> Candidate:
    """The incident told in the naming's sentence, else the one told last before it that hurt
    someone (a charge sheet told between the attack and the naming hurt no one), else the last
    before it, else the first."""
    sent = ctx.sentences[naming.sent_index]
    for c in deeds:
        if (sent.start_char, sent.end_char) in c.evidence:
            return c
    before = [c for c in deeds if c.sent_index <= naming.sent_index]
    harmful = [c for c in before if c.killed or c.wounded or c.victims_text]
    return harmful[-1] if harmful else before[-1] if before else deeds[0]


def attacker_role(h: Token, depth: int = 0) -> bool:
    """Whether the parse makes this person (the head of a name, or a pronoun) the attacker."""
    if _victim(h):
        return False
    dep, head = h.dep_, h.head
    if dep == "nsubj":
        if _attack_verb(head) or any(c.dep_ == "conj" and _attack_verb(c) and not _has_subject(c)
                                     and _same_form(c, head) for c in head.children):
            return True  # "X shot three co-workers", "X returned and opened fire" (not "X ... and he was shot")
        if _owns_deed(head, h, ADMISSION_LEMMAS):
            return True  # "X confessed to the murder of", "jury finds X guilty in murder of"
        if head.lemma_ == "be" and any(c.dep_ == "attr" and c.lemma_.lower() in ACCUSED_NOUNS for c in head.children):
            return True  # "X is the accused gunman"
    if dep in ("nsubjpass", "dobj") and _owns_deed(head, h, ACCUSATION_LEMMAS):
        return True  # "X was charged with murdering", "the jury found X guilty of", "convicted X of"
    if dep == "pobj" and head.dep_ == "agent" and _attack_verb(head.head):
        return True  # "shot in the back by X"
    if dep == "dobj" and head.lemma_.lower() in NAMING_LEMMAS and _as_accused(head):
        return True  # "identified him as the gunman"
    if dep == "pobj" and head.lower_ in ("of", "for", "against") and head.head.lemma_.lower() in JUDICIAL_NOUNS:
        return True  # "a guilty verdict for X for the murder of Y", "the trial against X"
    for rel in (c for c in h.children if c.dep_ == "relcl"):
        who = {c.dep_ for c in rel.children if c.lower_ in ("who", "that")}
        if ("nsubj" in who and (_attack_verb(rel) or _owns_deed(rel, h, ADMISSION_LEMMAS))) \
                or ("nsubjpass" in who and _owns_deed(rel, h, ACCUSATION_LEMMAS)):
            return True  # "X, who is accused of firing the fatal shot"
    if any(c.dep_ in ("compound", "appos", "amod", "nmod") and c.lemma_.lower() in ACCUSED_NOUNS for c in h.children):
        return True  # "suspect X", "X, the alleged shooter"
    if dep == "appos" and (head.lemma_.lower() in ACCUSED_NOUNS or any(
            c.dep_ == "acl" and _owns_deed(c, h, ACCUSATION_LEMMAS) for c in head.children)):
        return True  # "the alleged shooter, X", "the 16-year-old accused of firing the fatal shot, X"
    if dep == "appos" and head.pos_ in ("NOUN", "PROPN") and depth < 2 and attacker_role(head, depth + 1):
        return True  # "That man, X, is now the main suspect in the slaying"
    if dep == "pobj" and head.lower_ == "as" and head.head.lemma_.lower() in NAMING_LEMMAS \
            and _named_is_accused(head.head):
        return True  # "Deputies identified the suspect as X", "a gunman identified as X"
    if _described_before(h):
        return True  # "the alleged shooter, X", "the 16-year-old accused of firing the fatal shot, X"
    if dep in ("oprd", "attr", "dobj", "npadvmod") and head.lemma_.lower() in NAMING_LEMMAS and head.dep_ == "acl" \
            and depth < 2:
        return attacker_role(head.head, depth + 1)  # "a woman named X shot and killed two co-workers"
    return False


def _attack_verb(tok: Token) -> bool:
    """An attack verb in the active voice ("she saw Horton killed" has Horton killed, not killing)."""
    if tok.pos_ != "VERB":
        return False
    if tok.tag_ == "VBN" and tok.dep_ in ("ccomp", "xcomp", "oprd") and tok.head.lemma_.lower() in _SMALL_CLAUSE_HEADS:
        return False
    if any(c.dep_ == "neg" for c in tok.children):
        return False  # "his client did not pull the trigger"
    lemma = tok.lemma_.lower()
    if lemma in ATTACKER_VERBS:
        return True
    # "opened fire", "pulled the trigger"
    return any(c.dep_ == "dobj" and (lemma, c.lower_) in (("open", "fire"), ("pull", "trigger")) for c in tok.children)


def _same_form(a: Token, b: Token) -> bool:
    """Two coordinated verbs of one subject share their form ("returned ... and gunned down"); a
    bare verb coordinated with a finite one is a misparse ("Lynch has a tough job ... proving that his
    client did not pull the trigger and ... kill Thomas")."""
    finite = {"VBD", "VBZ", "VBP"}
    return a.tag_ == b.tag_ or (a.tag_ in finite and b.tag_ in finite)


def _described_before(h: Token) -> bool:
    """The words just before a name and its comma describe the attacker, whatever the parse made of
    them: "the alleged shooter, X"; "the 16-year-old accused of firing the fatal shot, X"."""
    doc = h.doc
    first = h.i
    while first > 0 and doc[first].ent_iob_ == "I":
        first -= 1
    if first < 2 or doc[first - 1].text != ",":
        return False
    if doc[first - 2].lemma_.lower() in ACCUSED_NOUNS:
        return True
    window = doc[max(doc[first].sent.start, first - 12): first - 1]
    accused = [t for t in window if t.lemma_.lower() in ACCUSATION_LEMMAS - {"find", "try"} and t.tag_ == "VBN"]
    return bool(accused) and any(t.i > accused[0].i and t.lemma_.lower() in CRIME_WORDS for t in window) \
        and not any(t.ent_type_ == "PERSON" for t in window)


def _has_subject(verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "auxpass") for c in verb.children)


def _owns_deed(verb: Token, person: Token, lemmas: frozenset[str]) -> bool:
    """A verb of the list that names a crime outside the person's own phrase; "found" only with
    "guilty" ("found X guilty of murder", not "found X shot dead")."""
    lemma = verb.lemma_.lower()
    if lemma not in lemmas:
        return False
    if lemma == "find":
        return any(t.lower_ == "guilty" for t in verb.subtree) and _names_crime(verb, person)
    return _names_crime(verb, person)


def _names_crime(head: Token | Span, person: Token) -> bool:
    """A crime word under the head, outside the person's name and outside a clause with a
    subject of its own ("admitting that Dalton had a gun ... died from a gunshot wound" is no
    admission of a crime by the one admitting)."""
    own = {person.i} | {t.i for c in person.children if c.dep_ in ("compound", "flat", "appos", "nummod", "poss")
                        for t in c.subtree}
    if isinstance(head, Token):
        for clause in (c for c in head.children if c.dep_ in ("ccomp", "advcl", "relcl", "parataxis")):
            if any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in clause.children):
                own |= {t.i for t in clause.subtree}
    subtree = head if isinstance(head, Span) else head.subtree
    return any(t.i not in own and t.lemma_.lower() in CRIME_WORDS for t in subtree)


def _as_accused(verb: Token) -> bool:
    return any(c.dep_ == "prep" and c.lower_ == "as" and any(p.lemma_.lower() in ACCUSED_NOUNS for p in c.children)
               for c in verb.children)


def _named_is_accused(verb: Token) -> bool:
    """The one named is an accused noun: the verb's object or subject ("identified the suspect as",
    "the suspect was named as"), the noun it qualifies ("a gunman identified as"), or the subject
    of the verb it is coordinated with ("The suspect appeared in court and was named as")."""
    heads = [verb] + ([verb.head] if verb.dep_ == "conj" else [])
    for v in heads:
        if any(c.dep_ in ("dobj", "nsubjpass", "nsubj") and c.lemma_.lower() in ACCUSED_NOUNS for c in v.children):
            return True
    return verb.dep_ == "acl" and verb.head.lemma_.lower() in ACCUSED_NOUNS


# How far up a chain of appositions and conjuncts a name is followed to the word that governs it: a
# list of victims is a shallow tree; a hostile text's parse can chain thousands of names
MAX_CONJUNCT_STEPS = 30


def _victim(h: Token) -> bool:
    """A person the attack was done to: 'X was shot', 'killed X', 'the murder of X', 'fired at X',
    'X's slaying'; or a name in apposition or a list with such a person ('killed A, B and C')."""
    for _ in range(MAX_CONJUNCT_STEPS):
        dep, head = h.dep_, h.head
        if dep in ("dobj", "nsubjpass") and (_attack_verb(head) or head.lemma_.lower() in CRIME_WORDS):
            return True
        if dep == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in CRIME_WORDS:
            return True
        if dep == "pobj" and head.lower_ in ("at", "on") and _attack_verb(head.head):
            return True
        if dep == "poss" and head.lemma_.lower() in CRIME_WORDS:
            return True
        if dep not in ("appos", "conj") or head.i == h.i:
            return False
        h = head
    return False


def _person_names(ctx: DocumentContext) -> list[Span]:
    """The names of persons in the document, a name the recogniser split in two joined again
    ("Federico Estrada | Velez"), a possessive ending left out; none inside an actor's name."""
    doc: Doc = ctx.doc
    actor_tokens = {i for sp in ctx.actor_spans for i in range(sp.start, sp.end)}
    spans: list[list[int]] = []
    for ent in doc.ents:
        if ent.label_ != "PERSON" or any(i in actor_tokens for i in range(ent.start, ent.end)):
            continue
        start, end = ent.start, ent.end
        while end > start and (doc[end - 1].lower_ in ("'s", "’s", "'", "’") or doc[end - 1].is_space):
            end -= 1
        if end <= start or not doc[start].text[:1].isupper():
            continue
        if spans and spans[-1][1] == start:
            spans[-1][1] = end
        else:
            spans.append([start, end])
    # the recogniser misses a surname it found elsewhere ("Orozco, 29, was found guilty"): a
    # capitalised word that is the last word of a full name of the document is that person too
    named = {i for a, b in spans for i in range(a, b)}
    surnames = {doc[b - 1].text for a, b in spans if b - a >= 2}
    for tok in doc:
        if tok.text in surnames and tok.i not in named and tok.i not in actor_tokens:
            spans.append([tok.i, tok.i + 1])
    return [doc[a:b] for a, b in sorted(spans)]


def _surname(name: Span) -> str:
    return normalize(name[-1].text)


def _fullest(name: Span, names: list[Span]) -> str:
    """The longest name of the document that holds every word of this one and ends with its last."""
    words = [normalize(t.text) for t in name]
    best = name
    for other in names:
        other_words = [normalize(t.text) for t in other]
        if other_words[-1] == words[-1] and set(words) <= set(other_words) and len(other) > len(best):
            best = other
    return best.text
