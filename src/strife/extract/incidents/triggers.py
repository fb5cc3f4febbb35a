"""The incident cue lexicon (data/incident_cues.yaml) compiled for fast matching over a parse.

A trigger's kind depends on its object where a word is ambiguous: "captured Ramadi" is a
territorial change, "captured a high level operative" an arrest, "lost Baiji" a territorial
change but "lost tactical alliances" nothing.
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Span, Token

from strife.extract.incidents.records import Trigger
from strife.nlp.lexicon import load_incident_cues, load_vocabulary
from strife.nlp.pipeline import span_text

KIND_ORDER = ["execution", "aircraft_downing", "territory_change", "arrest", "airstrike", "battle", "raid",
              "leader_killed", "attack"]
PLACE_ENTS = {"GPE", "LOC", "FAC"}


def phrase_re(phrases) -> re.Pattern | None:
    """Any of the phrases as a whole word sequence, the longest at a position. The alternatives are
    grouped by their first character behind a one-character look-ahead, as a trie's first level:
    Python's regex engine tries a plain alternation's hundreds of branches at every position."""
    phrases = sorted({p.lower() for p in phrases}, key=len, reverse=True)
    if not phrases:
        return None
    by_first: dict[str, list[str]] = {}
    for p in phrases:  # longest first within each group too
        by_first.setdefault(p[0], []).append(re.escape(p[1:]))
    firsts = "".join(re.escape(c) for c in by_first)
    body = "|".join(re.escape(c) + "(?:" + "|".join(rest) + ")" for c, rest in by_first.items())
    return re.compile(rf"(?<![\w-])(?=[{firsts}])(?:{body})(?![\w-])", re.I)


@lru_cache(maxsize=1)
def _compiled():
    cues = load_incident_cues()
    lemma_kinds: dict[str, list[str]] = {}
    phrase_kinds = []
    for kind in KIND_ORDER:
        spec = cues.kinds.get(kind, {})
        for lemma in spec.get("lemmas") or []:
            lemma_kinds.setdefault(lemma.lower(), []).append(kind)
        rx = phrase_re(spec.get("phrases") or [])
        if rx is not None:
            phrase_kinds.append((kind, rx))
    return lemma_kinds, phrase_kinds


_VOCAB = load_vocabulary()
PLACE_OBJECT_LEMMAS = _VOCAB.words("place_object_lemmas")
PERSON_OBJECT_LEMMAS = _VOCAB.words("person_object_lemmas")
PERSON_NOUNS = _VOCAB.words("person_nouns")
NOT_PLACE_OBJECTS = _VOCAB.words("not_place_objects")
PLACE_NOUNS = _VOCAB.words("place_nouns")  # "the town of X": a noun that a place name may follow
CONTROL_NOUNS = _VOCAB.words("control_nouns")  # "control of X", "most of X": X is what was taken
DEFEAT_NOUNS = _VOCAB.words("defeat_nouns")  # "defeat in X", "the fall of X"


def object_places(tok: Token) -> list[Token]:
    """Place-naming heads among the trigger's objects: 'recaptured Ramadi', 'retake the town of
    Sinjar', 'forced out of Kobani', 'the fall of Mosul'. 'lost a third of Iraq' names none."""
    objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
    described = tok.head if tok.dep_ == "acl" and tok.tag_ == "VBN" else None
    if described is not None:
        objs.append(described)  # "Crimea, annexed by Russia in 2014": the noun the participle describes
    small_clause = tok.tag_ == "VBN" and tok.dep_ in ("ccomp", "xcomp", "oprd") \
        and not any(c.dep_ in ("aux", "auxpass") for c in tok.children)  # not "gunmen have taken ..."
    if tok.lemma_.lower() in ("fall",) or small_clause:
        # "Mosul fell"; "declared the city of X liberated": the subject of a participle told as a state
        objs += [c for c in tok.children if c.dep_ == "nsubj"]
    # a verb's "in X" says where it happened, not what was taken; a noun's ("defeats in X") does
    # ("the retreat in Sun Valley" is a gathering, "the defeat in Ramadi" a loss)
    noun_of_loss = tok.pos_ in ("NOUN", "PROPN") and tok.lemma_.lower() in DEFEAT_NOUNS
    heads_of = ("of", "in", "over", "from", "out") if noun_of_loss else ("of", "over", "from", "out")
    preps = [c for c in tok.children if c.dep_ in ("prep", "prt", "agent")]
    for prep in preps:
        if prep.lower_ in heads_of:
            objs += [c for c in prep.children if c.dep_ == "pobj"]
            for sub in (c for c in prep.children if c.dep_ == "prep" and c.lower_ == "of"):
                objs += [c for c in sub.children if c.dep_ == "pobj"]
    actor_tokens = {i for sp in tok.doc.spans.get("actors", []) for i in range(sp.start, sp.end)}
    objs = [o for o in objs if o.i not in actor_tokens]  # "drove Islamic State out of Sinjar"
    found = _places_of_beaten(tok) if noun_of_loss else []
    for obj in objs:
        heads = [obj] + [c for c in obj.children if c.dep_ == "conj"]
        heads += [cc for c in obj.children if c.dep_ == "conj" for cc in c.children if cc.dep_ == "conj"]
        for c in list(heads):
            if c.lower_ in CONTROL_NOUNS:  # "wrested control of the refinery of Baiji"
                heads += [pc for p in c.children if p.dep_ == "prep" and p.lower_ == "of" for pc in p.children
                          if pc.dep_ == "pobj"]
        for head in heads:
            if head.lower_ in NOT_PLACE_OBJECTS or head.lemma_.lower() in NOT_PLACE_OBJECTS:
                continue
            if head.like_num or head.pos_ == "NUM" or any(c.dep_ == "nummod" for c in head.children):
                # "captured 2,400 square kilometers ... including the stronghold of Shaddadeh"
                found.extend(t for t in head.subtree if t.ent_type_ in PLACE_ENTS and t.pos_ == "PROPN")
                continue
            if head.ent_type_ in PLACE_ENTS or (head.pos_ == "PROPN" and not head.ent_type_):
                found.append(head)
            elif head is described and head.pos_ == "PROPN" and head.ent_type_ not in ("PERSON", "NORP", "DATE"):
                found.append(head)  # a name set off by commas and taken: the parser's label is no matter
            elif _place_noun(head.lower_):
                # "the city of Ramadi", "the towns of Hit and Rutba"
                named = [c for p in head.children if p.dep_ == "prep" and p.lower_ == "of" for c in p.children
                         if c.dep_ == "pobj" and (c.ent_type_ in PLACE_ENTS or c.pos_ == "PROPN")]
                named += [c for n in named for c in n.children
                          if c.dep_ == "conj" and (c.ent_type_ in PLACE_ENTS or c.pos_ == "PROPN")]
                if named or head.tag_ != "NNS":  # "reclaim towns and cities": generic
                    found.extend(named or [head])
    return found


def _places_of_beaten(tok: Token) -> list[Token]:
    """'declared the defeat of the militants in the city': a defeat of an armed side told with where
    it was beaten, so that side lost the place; the place's head tokens."""
    actor_tokens = {i for sp in tok.doc.spans.get("actors", []) for i in range(sp.start, sp.end)}
    beaten = [c for p in tok.children if p.dep_ == "prep" and p.lower_ == "of" for c in p.children
              if c.dep_ == "pobj" and c.i in actor_tokens]
    return [t for b in beaten for t in b.subtree if t.dep_ == "pobj" and t.head.lower_ in ("in", "at")
            and t.head.i > b.i and (t.ent_type_ in PLACE_ENTS or t.pos_ == "PROPN") and t.i not in actor_tokens]


def _place_noun(word: str) -> bool:
    return word in PLACE_NOUNS or (word.endswith("s") and word[:-1] in PLACE_NOUNS)


def _has_place_object(tok: Token) -> bool:
    return bool(object_places(tok))


def _has_person_object(tok: Token) -> bool:
    """'captured a senior commander', 'captured 20 suspects'; of a noun, its possessor or its "of"
    ("Hassan's capture in 2003", "the capture of Hassan"): a person taken, not a place."""
    objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    if tok.pos_ == "NOUN":
        objs += [c for c in tok.children if c.dep_ == "poss" and c.ent_type_ == "PERSON"]
        objs += [pc for p in tok.children if p.dep_ == "prep" and p.lower_ == "of" for pc in p.children
                 if pc.dep_ == "pobj" and pc.ent_type_ == "PERSON"]
    for obj in objs:
        if obj.ent_type_ == "PERSON" or obj.lower_ in PERSON_NOUNS or obj.lemma_.lower() in PERSON_NOUNS:
            return True
        if obj.like_num or any(c.like_num for c in obj.children):
            return True
    return False


def _cue_tokens(doc) -> np.ndarray:
    """Sorted indices of the document's tokens whose lemma or lower-case form is a cue lemma, found
    once per document over the parse's arrays (a Python pass over every token of every sentence
    cost more than the rest of the trigger rules). Kept in `doc.user_data`."""
    cached = doc.user_data.get("strife_cue_tokens")
    if cached is not None:
        return cached
    lemma_kinds = _compiled()[0]
    arr = doc.to_array([LEMMA, LOWER]).astype(np.uint64)
    strings = doc.vocab.strings
    good = np.array([h for h in np.unique(arr) if _string(strings, int(h)).lower() in lemma_kinds], dtype=np.uint64)
    found = np.flatnonzero(np.isin(arr[:, 0], good) | np.isin(arr[:, 1], good)) if len(arr) else np.array([], int)
    doc.user_data["strife_cue_tokens"] = found
    return found


def _string(strings, key: int) -> str:
    try:
        return strings[key]
    except KeyError:
        return ""


def find_triggers(sent: Span):
    """Triggers of a sentence, each with the kind it signals in context."""
    lemma_kinds, phrase_kinds = _compiled()
    doc = sent.doc
    found: dict[int, Trigger] = {}
    candidates = _cue_tokens(doc)
    for i in candidates[np.searchsorted(candidates, sent.start):np.searchsorted(candidates, sent.end)]:
        tok = doc[int(i)]
        lemma = tok.lemma_.lower()
        kinds = lemma_kinds.get(lemma) or lemma_kinds.get(tok.lower_)
        if not kinds or tok.pos_ not in ("VERB", "NOUN", "PROPN", "ADJ"):
            continue
        kind = _kind_in_context(tok, kinds)
        if kind is None:
            continue
        found[tok.i] = Trigger(tok.idx, tok.idx + len(tok.text), tok.text, kind, tok,
                               plural=tok.tag_ in ("NNS", "NNPS"), noun=tok.pos_ in ("NOUN", "PROPN"))
    sent_text = span_text(sent)
    from_phrase: set[int] = set()  # a phrase is more specific than a lemma: "taken hostage" is no taking of ground
    for kind, rx in phrase_kinds:
        for m in rx.finditer(sent_text):
            start = sent.start_char + m.start()
            span = doc.char_span(start, sent.start_char + m.end(), alignment_mode="expand")
            if span is None:
                continue
            head = span.root
            if kind == "territory_change" and not _has_place_object(head):
                continue
            if head.i in found and (head.i in from_phrase or found[head.i].kind == kind) \
                    and KIND_ORDER.index(found[head.i].kind) <= KIND_ORDER.index(kind):
                continue
            for t in span:
                found.pop(t.i, None)
            from_phrase.add(head.i)
            found[head.i] = Trigger(start, sent.start_char + m.end(), m.group(0), kind, head,
                                    plural=head.tag_ in ("NNS", "NNPS"), noun=head.pos_ in ("NOUN", "PROPN"))
    return sorted(found.values(), key=lambda t: t.start)


def _kind_in_context(tok: Token, kinds: list[str]) -> str | None:
    lemma = tok.lemma_.lower()
    for kind in kinds:
        if kind == "territory_change" and tok.pos_ == "NOUN" and lemma in DEFEAT_NOUNS:
            after = tok.doc[tok.i + 1: tok.i + 3]
            if len(after) == 2 and after[0].lower_ in ("in", "at", "of") and after[1].is_title \
                    or _places_of_beaten(tok):
                return kind
            continue
        if kind == "territory_change" and lemma in PLACE_OBJECT_LEMMAS:
            if _has_place_object(tok):
                return kind
            continue
        if kind == "arrest" and lemma in PERSON_OBJECT_LEMMAS:
            if _has_person_object(tok):
                return kind
            continue
        return kind
    return None
