"""An incident's place: the place its trigger governs, else the nearest named one, never a place
inside an actor's or organisation's name or a dateline; the places a territorial change took; the
country when nothing finer is said."""
from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Span, Token

from strife.extract.context import DocumentContext
from strife.extract.incidents.records import Candidate, Trigger
from strife.extract.incidents.triggers import object_places
from strife.nlp.gazetteer import Gazetteer
from strife.nlp.geoparse import encloses
from strife.nlp.lexicon import load_actors, load_vocabulary
from strife.nlp.pipeline import doc_text
from strife.records import Place

_VOCAB = load_vocabulary()
# "the Britain-based Observatory", "Iran-backed militias": the place qualifies a name
_LOCAL_FORCE_WORDS = _VOCAB.words("local_force_words")
_LOCAL_FORCE_PARTS = _VOCAB.words("local_force_parts")
_ATTRIBUTIVE_SUFFIXES = tuple("-" + w for w in sorted(_VOCAB.words("place_attributive_suffixes")))
# "the main road from Baghdad", "fled to Erbil": an origin or a destination
_DIRECTION_BEFORE = re.compile(rf"\b(?:{_VOCAB.alternation('direction_prepositions')})\s+(?:the\s+)?$")
# "in Mbizi, Makamba, Burundi", "near Tha Pyay Ni village (Bilin township": areas follow the name
_CHAIN_AFTER = re.compile(rf"\s*(?:{_VOCAB.alternation('settlement_nouns')})?\s*(?:,\s*[A-Z]|\(\s*[A-Z])")
# "in Arabi neighborhood, Mosul": a street or quarter of a city
_QUARTER_AFTER = re.compile(rf"\s*(?:{_VOCAB.alternation('quarter_nouns')})\b", re.I)
# what may stand before a dateline's place on its line: nothing, or the other cities of a shared
# dateline ("KANDAHAR/" in "KANDAHAR/KABUL, Afghanistan")
_DATELINE_BEFORE = re.compile(r"\s*(?:[A-Z][A-Z.'’ -]*/\s*)*")


def set_place(cand: Candidate, seg_text: str, start: int, end: int, ctx: DocumentContext) -> None:
    """The segment's places (none inside an actor's or organisation's name; "the Syrian capital"
    as its city; a name the text calls a district or a village that the geoparser did not know)
    and the incident's place among them."""
    found = [p for p in ctx.places if p.start is not None and start <= p.start < end]
    others = _other_deeds_words(cand.triggers)
    cand.places = [p for p in found if not inside_actor_or_org(p, ctx) and not _passive_agent(p, ctx)
                   and p.start not in others]
    cand.places += capitals(seg_text, start, ctx.dominant_country)
    cand.places += [p for p in typed_names(seg_text, start) if not any(q.start <= p.start < q.end for q in found)]
    cand.places.sort(key=lambda p: p.start)
    cand.place = incident_place(cand.places, cand.triggers, ctx)
    if cand.place is None:
        cand.place = referred_place(seg_text, start, ctx)


# "in this northern district", "a village near the same town": a place told before, referred to by its
# kind (not "the city", which may be one the report has not named)
_PLACE_ANAPHOR = re.compile(r"\b(?:this|that|the same)\s+(?:[a-z]+\s+)?"
                            r"(?P<kind>city|town|village|district|neighbou?rhood)\b(?!\s+of\b|['’])")
ANAPHOR_SENTENCES = 2  # sentences before the reference in which the place it refers to is told


def referred_place(seg_text: str, start: int, ctx: DocumentContext) -> Place | None:
    """The place a demonstrative reference by kind ("this district", "the same town") refers to: the last
    fine place told in the sentences just before it (a town for "the city" or "the town"), when
    nothing else places the incident."""
    m = _PLACE_ANAPHOR.search(seg_text)
    if m is None:
        return None
    at = start + m.start()
    index = max((i for i, s in enumerate(ctx.sentence_starts) if s <= start), default=0)
    lo = ctx.sentence_starts[max(0, index - ANAPHOR_SENTENCES)]
    told = [p for p in ctx.places if p.start is not None and lo <= p.start < at and (p.precision or 9) <= 3
            and not inside_actor_or_org(p, ctx)]
    if m.group("kind") in ("district", "neighborhood", "neighbourhood"):
        told += typed_names(ctx.text[lo:at], lo)
    else:
        told = [p for p in told if p.feature == "city"]
    return max(told, key=lambda p: p.start, default=None)


def mention_place(c: Candidate) -> Place | None:
    """The place an incident is reported with: its own, given the incident's country when the
    gazetteer did not know it, else the country itself (also from the perpetrator when an armed
    group fights in one country only and nothing in the text places the incident)."""
    place = c.place
    if not c.country and c.perpetrator:
        lexicon = load_actors()
        if c.perpetrator in lexicon and len(lexicon.info(c.perpetrator).countries) == 1:
            c.country = lexicon.info(c.perpetrator).countries[0]
    if place is not None and place.country is None and c.country:
        place = replace(place, country=c.country)  # "the northern Iraqi town of X" with X unknown to the gazetteer
    if place is None and c.country:
        country = Gazetteer.load().country(c.country)
        if country is not None:
            place = Place(name=country.name, geonameid=country.geonameid, lat=country.lat, lon=country.lon,
                          country=c.country, feature="country", precision=6)
    return place



def taken_places(cand: Candidate, ctx: DocumentContext) -> list[Place]:
    """The places a territorial trigger takes as object, resolved where the geoparser resolved them;
    a name the gazetteer lacks ("the Tishrin Dam") is kept as a name without coordinates."""
    heads = [h for t in cand.triggers if t.kind == "territory_change" for h in object_places(t.token)]
    out: list[Place] = []
    for head in heads:
        match = next((p for p in cand.places if p.start <= head.idx < p.end), None)
        if match is None:
            phrase = _proper_phrase(head)
            if phrase is None:
                continue
            match = Place(name=phrase.text, start=phrase.start_char, end=phrase.end_char)
        if all(match is not q for q in out):
            out.append(match)
    for trig in cand.triggers:
        if trig.kind == "territory_change" and trig.noun:
            for start, end in _listed_names(ctx.text, trig.end):
                if any(sp.start_char <= start < sp.end_char for sp in ctx.actor_spans):
                    continue  # "the defeat of IS militants in the city": the beaten side, not the place
                match = next((p for p in cand.places if p.start <= start < p.end), None)
                match = match or Place(name=ctx.text[start:end], start=start, end=end)
                if all(match.start != q.start for q in out):
                    out.append(match)
    if not out and cand.place is not None and (cand.place.precision or 9) <= 3:
        out.append(cand.place)
    return out


_NAME = r"(?:the\s+)?[A-Z][\w'’-]*(?:\s+(?:al-|el-)?[A-Z][\w'’-]*){0,3}"


_LIST_AFTER = re.compile(rf"\s+(?:in|at|of)\s+(?P<list>{_NAME}(?:\s*,\s*(?:and\s+)?{_NAME}|\s+and\s+{_NAME}){{0,8}})")


def _listed_names(text: str, at: int) -> list[tuple[int, int]]:
    """'defeats in Bajyi, Jurf al-Sakhar, Diyala, and the Mosul Dam' → the four names' spans."""
    m = _LIST_AFTER.match(text, at)
    if not m:
        return []
    out = []
    for part in re.finditer(_NAME, m.group("list")):
        start, end = m.start("list") + part.start(), m.start("list") + part.end()
        if text[start:end].lower().startswith("the "):
            start += 4
        out.append((start, end))
    return out


def _proper_phrase(head: Token) -> Span | None:
    """'the Tishrin Dam' → 'Tishrin Dam'; 'Jurf al-Sakhar' → itself; a common noun alone → None."""
    left = head
    for child in head.lefts:
        if child.dep_ in ("compound", "amod", "nmod") and (child.pos_ == "PROPN" or child.is_title):
            left = child if child.i < left.i else left
    span = head.doc[left.i: head.i + 1]
    if not any(t.pos_ == "PROPN" or t.is_title for t in span):
        return None
    return span


# "the Syrian capital", "Kenya's capital", a heading's "in Malian capital"
_CAPITAL = re.compile(r"(?:\bthe\s+|\b(?:in|at|near|outside|into)\s+)(?P<adj>[A-Z][a-z]+)\s+capital\b"
                      r"|\b(?P<owner>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)['’]s\s+capital\b")
# "in the capital": the capital of the country the report is about ("the capital of Mali" names it)
_THE_CAPITAL = re.compile(r"\bthe\s+capital\b(?!\s+of\b|['’]s\s+(?:markets?|gains))")


def capitals(text: str, offset: int, country: str | None = None) -> list[Place]:
    """'the Syrian capital', "Kenya's capital" name the capital city of the country the adjective
    or the owner stands for; 'the capital' alone that of `country` (the report's), when given."""
    gaz = Gazetteer.load()
    found = [(m, gaz.country_by_name(m.group("adj") or m.group("owner"))) for m in _CAPITAL.finditer(text)]
    if country:
        found += [(m, country) for m in _THE_CAPITAL.finditer(text)]
    out = []
    for m, iso in found:
        cap = gaz.capital(iso) if iso else None
        if cap is not None:
            out.append(Place(name=cap.name, geonameid=cap.geonameid, lat=cap.lat, lon=cap.lon, country=iso,
                             admin1=cap.admin1, feature="city", precision=1,
                             start=offset + m.start(), end=offset + m.end()))
    return sorted(out, key=lambda p: p.start)


_TYPE_NOUN = rf"(?:{_VOCAB.alternation('settlement_nouns')}|district|neighbou?rhood|suburb|quarter)"
# "in Wadi Tabar, a Sunni district north of the capital", "Kafr Sita, a farming village, was ...": the text
# itself calls the name a place, with a type noun as the head of its apposition
_TYPED_AFTER = re.compile(rf",\s+(?:a|an)\s+(?:[\w'’-]+\s+){{0,3}}?{_TYPE_NOUN}"
                          rf"(?=\s*[,.;]|\s+(?:in|of|on|near|north|south|east|west|where|that|which|was|is)\b)")
_TYPED_NAME = re.compile(
    rf"(?:(?:^|(?<=\n)|(?<=[.!?]\s))\s*|\b(?:in|at|near|outside|into)\s+)(?P<name>(?:(?:al|el|an|ar|as|ash|az)-)?[A-Z][\w'’-]*"
    rf"(?:\s+(?:(?:al|el)-)?[A-Z][\w'’-]*){{0,2}})(?={_TYPED_AFTER.pattern})")


def typed_names(text: str, offset: int) -> list[Place]:
    """Names the text calls a district, a neighbourhood or a village in an apposition, as names
    without coordinates (the gazetteer knows few city quarters)."""
    return [Place(name=m.group("name"), start=offset + m.start("name"), end=offset + m.end("name"))
            for m in _TYPED_NAME.finditer(text)]


def _local_force(words, span) -> bool:
    """The organisation is a force named after the town, the town first ("the Dayton Police
    Department", "Dayton Sheriff's Office"): the town is where the force works, so the place of
    what it investigates."""
    if words[0].i != span.start:
        return False
    rest = [t.lower_ for t in words if t.i >= span.end]
    return any(w in _LOCAL_FORCE_WORDS for w in rest) and all(w in _LOCAL_FORCE_WORDS | _LOCAL_FORCE_PARTS
                                                              for w in rest)


def _other_deeds_words(triggers: list[Trigger]) -> set[int]:
    """Character offsets of the words of another deed coordinated with a trigger noun, one with a
    doer of its own: in "A's attacks on October 7 and B's offensive in X", X is where B's offensive
    was, not A's attacks ("the bombing and shooting in X" share X: no doer of their own)."""
    own = {t.token.i for t in triggers}
    out: set[int] = set()
    for trig in triggers:
        if not trig.noun:
            continue
        for conj in trig.token.subtree:
            if conj.dep_ == "conj" and conj.i not in own and conj.pos_ in ("NOUN", "PROPN") \
                    and any(c.dep_ == "poss" for c in conj.children):
                out.update(t.idx for t in conj.subtree)
    return out


def _passive_agent(place: Place, ctx: DocumentContext) -> bool:
    """'was targeted by Israel', 'shelled by Russia and Belarus': the state named as the doer of a
    passive is who acted, never where."""
    span = ctx.doc.char_span(place.start, place.end, alignment_mode="expand")
    return span is not None and agent_word(span.root)


def agent_word(tok: Token) -> bool:
    """The word is the 'by' agent of a passive verb, or a conjunct of it."""
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    by = tok.head
    return tok.dep_ == "pobj" and by.lower_ == "by" and (by.dep_ == "agent" or by.head.tag_ == "VBN")


def inside_actor_or_org(place: Place, ctx: DocumentContext) -> bool:
    """'U.S.' in 'U.S. special forces', 'Britain' in 'the Britain-based Observatory' name no place
    of the incident."""
    for sp in ctx.actor_spans:
        if sp.start_char <= place.start < sp.end_char:
            return True
    span = ctx.doc.char_span(place.start, place.end, alignment_mode="expand")
    if span is not None:
        for ent in ctx.doc.ents:
            # "the Syrian Observatory for Human Rights": a place word inside a longer organisation name
            # ("the Vaucluse", tagged ORG with its article, is the place alone)
            words = [t for t in ent if not (t.i == ent.start and t.dep_ == "det")]
            if ent.label_ == "ORG" and ent.start <= span.start and span.end <= ent.end and len(words) > len(span) \
                    and place.feature != "country" and not _local_force(words, span):
                return True
        if ctx.text.startswith(_ATTRIBUTIVE_SUFFIXES, place.end):
            return True
    # a dateline ("BAGHDAD, March 6 (Wire) -", "LAGOS -", "KANDAHAR/KABUL, Afghanistan") says where the
    # report was filed
    text = ctx.text
    line_start = text.rfind("\n", 0, place.start) + 1
    if _DATELINE_BEFORE.fullmatch(text, line_start, place.start) and text[place.start:place.end].isupper() \
            and re.match(r"\s*(?:,|-|–|—|\(|/)", text[place.end:place.end + 3]):
        return True
    return False


def incident_place(places: list[Place], triggers: list[Trigger], ctx: DocumentContext) -> Place | None:
    """The incident's place: a place the trigger governs ("recapture the town of Sinjar", "a bombing
    in Hilla") first, else the nearest named place; a demonym ("Iraqi") or a country only when
    nothing finer is said."""
    if not places:
        return None
    gaz = Gazetteer.load()
    doc = ctx.doc
    governed: set[int] = set()
    for trig in triggers:
        tok = trig.token
        for t in tok.subtree:
            if t.dep_ not in ("nsubj",) or t.head.i != tok.i:
                governed.add(t.idx)
        if tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj"):
            for t in tok.head.subtree:
                governed.add(t.idx)
    anchor = triggers[0].start

    def rank(p: Place):
        surface = doc_text(doc)[p.start:p.end]
        tok = doc.char_span(p.start, p.end, alignment_mode="expand")
        # "Iraqi", or one of a people the gazetteer reads as their region ("an ethnic Ossetian": an
        # indefinite article makes it a person, where "the Sindh government" is the region's)
        demonym = bool(surface) and (gaz.is_demonym(surface.split()[-1]) or (
            p.feature in ("admin1", "region") and tok is not None and tok[-1].ent_type_ == "NORP"
            and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in tok[-1].children)))
        coarse = (p.precision or 1) >= 5
        # a town before the region it is told in ("in the Bekaa town of Hermel"), a named province
        # before a part of a country ("the Vaucluse department in southern France")
        regional = 0 if p.precision != 4 else 2 if p.feature == "country" else 1
        inside = tok is not None and any(t.idx in governed for t in tok)
        after = doc_text(doc)[p.end:p.end + 30]
        # "in Mbizi, Makamba, Burundi", "near Tha Pyay Ni village (Bilin township": a name the
        # gazetteer lacks, placed by the areas that follow it, is the finest place told
        chained = p.lat is None and (bool(_CHAIN_AFTER.match(after)) or _TYPED_AFTER.match(text, p.end) is not None)
        # "in Arabi neighborhood, Mosul": a street or quarter is placed by its city
        quarter = bool(_QUARTER_AFTER.match(after))
        unresolved = p.lat is None and not chained
        # "in Mawlamyine town (Mawlamyine township, ..., Mon state)": the most specific place wins
        enclosing = any(encloses(text, q, p) for q in places if q is not p)
        return (demonym, quarter, enclosing, not inside, coarse, unresolved, regional, abs(p.start - anchor))

    # "the main road from Baghdad", "fled to Erbil": an origin or destination, not where it happened;
    # but "a teenager from Vaucluse was arrested" is placed by the province or town the one arrested is
    # from, when nothing finer than a country's part is told
    text = doc_text(doc)
    moving = [p for p in places if _DIRECTION_BEFORE.search(text[max(0, p.start - 12):p.start])]
    places = [p for p in places if all(p is not q for q in moving)]
    if not any((p.precision or 1) <= 3 for p in places):
        places += [p for p in moving if (p.precision or 9) <= 4 and p.feature != "country"
                   and _home_of_arrested(p, triggers, doc)]
    if not places:
        return None
    best = min(places, key=rank)
    return None if rank(best)[0] else best


def _home_of_arrested(place: Place, triggers: list[Trigger], doc) -> bool:
    """'a 17-year-old from X was arrested', 'police arrested a man from X': X after "from" that
    qualifies the subject or object of an arrest."""
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    prep = doc[span.start - 1] if span is not None and span.start > 0 else None
    if prep is not None and prep.lower_ == "the" and span.start > 1:
        prep = doc[span.start - 2]
    if prep is None or prep.lower_ != "from" or prep.head.dep_ not in ("nsubjpass", "dobj", "nsubj"):
        return False
    return any(t.kind == "arrest" and prep.head.head.i == t.token.i for t in triggers)


def sentence_country(sent: Span, ctx: DocumentContext) -> str | None:
    """The first country a word of the sentence names ("Iraqi", "Syria"), not as the agent of a
    passive ("struck by Israel"), else the document's."""
    gaz = Gazetteer.load()
    for tok in sent:
        if tok.ent_type_ in ("NORP", "GPE") and tok.text[:1].isupper() and not agent_word(tok):
            iso = gaz.country_by_name(tok.text)
            if iso:
                return iso
    return ctx.dominant_country

