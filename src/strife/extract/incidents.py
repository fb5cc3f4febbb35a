"""Incident mentions from a parsed document: who did what to whom, where, when, how many.

Rule-based over the spaCy parse, sentence by sentence:
1. find trigger words (lemmas and phrases from the cue lexicon) and the incident kind they signal;
2. drop what is not an incident: plans, threats, hypotheticals, negations, and aggregates
   ("153 attacks", "over 670 people were killed in February");
3. split a sentence into segments when it tells several incidents with their own anchors
   ("the Nov. 13 Paris attacks ... and the Oct. 31 downing of a jetliner ...");
4. fill each incident from its segment: casualties, place, date, perpetrator (explicit agent,
   claim of responsibility, hedged attribution, or a generic noun resolved to the actor it
   stands for), target, weapon and attack type;
5. merge a sentence that continues an incident already told ("The group drove a truck ...").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from strife.extract import cues
from strife.nlp.lexicon import load_generic_nouns
from strife.nlp.pipeline import doc_text, sentences, span_text
from strife.nlp.numbers import COUNT as NUMBER_PHRASE, find_casualties
from strife.nlp.gazetteer import distance_km
from strife.records import PRECISION_RADIUS_KM, Evidence, IncidentMention, Place

Timex = tuple[int, int, object]  # (start, end, TimeValue)

STATE_TYPES = {"state_force", "foreign_state", "coalition", "international"}
KIND_PRIORITY = ["leader_killed", "execution", "aircraft_downing", "territory_change", "arrest", "airstrike",
                 "raid", "battle", "attack"]


@dataclass
class Trigger:
    start: int  # char offsets in the document
    end: int
    text: str
    kind: str
    token: Token
    plural: bool
    noun: bool


@dataclass
class Candidate:
    """An incident being assembled from one segment (then maybe merged with others)."""

    kind: str
    triggers: list[Trigger]
    start: int
    end: int
    sent_index: int
    attack_type: str | None = None
    date: object | None = None  # TimeValue
    place: Place | None = None
    places: list[Place] = field(default_factory=list)
    perpetrator: str | None = None
    perpetrator_text: str | None = None
    attribution: str | None = None
    claimed: bool | None = None
    target_text: str | None = None
    victims_text: str | None = None
    weapon: str | None = None
    weapon_text: str | None = None
    killed: tuple | None = None
    wounded: tuple | None = None
    sides: tuple = ()
    attackers_killed: tuple | None = None
    loser: str | None = None
    country: str | None = None
    evidence: list[tuple[int, int]] = field(default_factory=list)
    anchored: bool = False  # has its own place, date or casualty figure
    own_date: bool = False  # the date is written in its own sentence, not borrowed from context
    headline: bool = False  # told in the headline, whose figures are rounder than the body's


@dataclass
class DocContext:
    """What the whole document says that a sentence may need: its actors, places and dates."""

    doc: Doc
    doc_id: str
    timexes: list[Timex]
    places: list[Place]
    actor_spans: list[Span]
    dominant_nonstate: str | None
    dominant_country: str | None
    actor_types: dict[str, str]
    headline_end: int  # end of a headline (a first line with no closing full stop), else 0
    text: str  # the document text (spaCy rebuilds Doc.text on every access)
    sentence_starts: list[int]  # char offset of each sentence, in order
    sentence_index: dict[int, int]  # token index of a sentence's start → its position


def extract_incidents(doc: Doc, doc_id: str, timexes: list[Timex], places: list[Place]) -> list[IncidentMention]:
    # a byline dates the report, not an incident; "since Feb. 28" dates what happened on Feb. 28
    dating = [_since_point(tx) for tx in timexes if not _byline(doc_text(doc), tx[0])]
    ctx = _context(doc, doc_id, dating, places)
    found: list[Candidate] = []
    for s_index, sent in enumerate(sentences(doc)):
        cands = _sentence_candidates(sent, s_index, ctx)
        if not cands and found:
            _attach_details(found[-1], sent, s_index, ctx)
        anchor = found[-1] if found else None
        for cand in cands:
            _date_from_earlier(cand, sent, anchor)
            target = _merge_target(cand, found, ctx)
            if target is None:
                found.append(cand)
            else:
                _merge(target, cand)
    return [_to_mention(c, n, ctx) for n, c in enumerate(c for c in found if _keep(c))]


def _since_point(tx: Timex) -> Timex:
    """'since Feb. 28' (a period up to the report) → Feb. 28 itself."""
    from dataclasses import replace

    start, end, value = tx
    if not value.text.lower().startswith("since"):
        return tx
    if re.search(r"\d{1,2}(?!\d)", value.text.replace(str(value.start.year), "")):
        point = replace(value, end=value.start, precision=1, iso=value.start.isoformat())
    elif re.search(r"[A-Za-z]{3,}\.?\s", value.text[6:] + " "):
        point = replace(value, end=value.start, precision=3, iso=value.start.isoformat()[:7])
    else:
        point = replace(value, end=value.start, precision=5, iso=str(value.start.year))
    return start, end, point


_COMES_AFTER = re.compile(r"\b(?:comes?|came|was|occurred|happened|follows?|followed)\s+(?:just\s+|only\s+|barely\s+)?"
                          r"(?P<n>an?|one|two|three|four|five|six|seven|ten|\d+)\s+(?P<unit>days?|weeks?|months?)\s+"
                          r"(?P<rel>after|before)\s", re.I)
_SMALL = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10}


def _date_from_earlier(cand: Candidate, sent: Span, anchor: Candidate | None) -> None:
    """'This attack comes just a week after IS targeted Sadr': the incident in the after-clause is
    dated from the one the main clause refers back to (the incident told just before)."""
    if anchor is None or anchor.date is None or anchor.date.precision > 1 or cand.own_date and cand.date \
            and "after" not in cand.date.text.lower() and "before" not in cand.date.text.lower():
        return
    m = _COMES_AFTER.search(span_text(sent))
    if not m or not any(t.start >= sent.start_char + m.end() for t in cand.triggers):
        return
    from strife.nlp.timex import shift

    n = int(m.group("n")) if m.group("n").isdigit() else _SMALL[m.group("n").lower()]
    unit = m.group("unit").lower().rstrip("s")
    sign = -1 if m.group("rel").lower() == "after" else 1
    days, months = (n * 7, 0) if unit == "week" else (n, 0) if unit == "day" else (0, n)
    cand.date = shift(anchor.date, sign * days, sign * months)
    cand.own_date = True


def _byline(text: str, at: int) -> bool:
    """A date on a byline or dateline line dates the report, not the incident."""
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.find("\n", at)
    line = text[line_start: line_end if line_end >= 0 else len(text)]
    dateline = re.match(r"\s*[A-Z][A-Z .'-]+,\s+\w+\.? \d{1,2}(?:, \d{4})?\s*\(", line)
    return bool(re.match(r"\s*(?:By |Published|Updated|Posted)", line) or " | " in line
                or (dateline and at - line_start < dateline.end()))


def _attach_details(cand: Candidate, sent: Span, s_index: int, ctx: DocContext) -> None:
    """A sentence with no incident of its own may complete the last one: 'There were no reported
    casualties.' 'The Taliban claimed responsibility.' 'Six people were killed.'"""
    detail = Candidate(kind=cand.kind, triggers=[], start=sent.start_char, end=sent.end_char, sent_index=s_index)
    own_period = any(sent.start_char <= tx[0] < sent.end_char and tx[2].precision >= 3 for tx in ctx.timexes)
    if s_index - cand.sent_index <= 2 and not own_period:
        # figures belong to the incident just told (not "in February alone, 670 were killed");
        # claims belong to the last incident told
        cas = find_casualties(span_text(sent))
        detail.killed, detail.wounded = cas.killed, cas.wounded
    claim = _claim(sent, ctx)
    if claim:
        detail.perpetrator, detail.perpetrator_text, detail.attribution, detail.claimed = claim
    elif re.search(r"\bno (?:group|one|organi[sz]ation) (?:has |had )?(?:claimed|took|has taken|claiming)", span_text(sent), re.I):
        detail.claimed = False
    if detail.killed or detail.wounded or detail.claimed is not None or detail.perpetrator:
        if detail.killed and cand.killed or detail.wounded and cand.wounded:
            return  # its own figures: another matter, not a completion
        detail.evidence.append((sent.start_char, sent.end_char))
        _merge(cand, detail)


# ---- context --------------------------------------------------------------------------------

def _context(doc: Doc, doc_id: str, timexes: list[Timex], places: list[Place]) -> DocContext:
    from strife.nlp.lexicon import load_actors

    lexicon = load_actors()
    spans = list(doc.spans.get("actors", []))
    types = {}
    counts: dict[str, int] = {}
    for sp in spans:
        types[sp.label_] = lexicon.info(sp.label_).type if sp.label_ in lexicon else "unknown"
        if types[sp.label_] not in STATE_TYPES:
            counts[sp.label_] = counts.get(sp.label_, 0) + 1
    dominant = max(counts, key=lambda k: (counts[k], -min(s.start for s in spans if s.label_ == k))) if counts else None
    country_counts: dict[str, int] = {}
    for p in places:
        if p.country:
            country_counts[p.country] = country_counts.get(p.country, 0) + 1
    dom_country = max(country_counts, key=country_counts.get) if country_counts else None
    first_line = doc_text(doc).split("\n", 1)[0].rstrip()
    headline_end = len(first_line) if "\n" in doc_text(doc) and not first_line.endswith((".", "!", "?", '"', "”")) else 0
    sents = sentences(doc)
    return DocContext(doc, doc_id, timexes, places, spans, dominant, dom_country, types, headline_end, doc_text(doc),
                      [sp.start_char for sp in sents], {sp.start: i for i, sp in enumerate(sents)})


# ---- sentence → candidates ------------------------------------------------------------------

def _sentence_candidates(sent: Span, s_index: int, ctx: DocContext) -> list[Candidate]:
    triggers = [t for t in cues.find_triggers(sent) if not _non_incident(t, sent)]
    if not triggers:
        return []
    out = []
    for seg_start, seg_end, seg_triggers in _segments(sent, triggers):
        cand = _build(seg_start, seg_end, seg_triggers, sent, s_index, ctx)
        if cand is None:
            continue
        out.extend(_one_per_place(cand, ctx) if cand.kind == "territory_change" else [cand])
    return out


def _one_per_place(cand: Candidate, ctx: DocContext) -> list[Candidate]:
    """'lost Baiji, and lost Sinjar'; 'defeats in Bajyi, Jurf al-Sakhar and the Mosul Dam': one
    territorial change per place taken or lost."""
    from dataclasses import replace

    if len(cand.places) <= 1:
        return [cand]
    return [replace(cand, place=p, evidence=list(cand.evidence)) for p in cand.places]


def _taken_places(cand: Candidate, ctx: DocContext) -> list[Place]:
    """The places a territorial trigger takes as object, resolved where the geoparser resolved them;
    a name the gazetteer lacks ("the Tishrin Dam") is kept as a name without coordinates."""
    heads = [h for t in cand.triggers if t.kind == "territory_change" for h in cues.object_places(t.token)]
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


def _non_incident(trigger: Trigger, sent: Span) -> bool:
    """Plans, threats, hypotheticals, negations, habits and aggregates are not incidents."""
    tok = trigger.token
    chain = [tok] + list(tok.ancestors)
    for t in chain:
        for child in t.children:
            if child.dep_ == "neg" and t in chain[:2]:
                return True
            if child.dep_ == "aux" and child.lemma_.lower() in cues.MODALS:
                return True
        if t is not tok and t.lemma_.lower() in cues.IRREALIS_VERBS:
            return True
        if t.dep_ == "advcl" and any(c.lower_ in ("if", "unless") for c in t.children):
            return True
    if tok.dep_ in ("xcomp", "ccomp") and tok.head.lemma_.lower() in cues.ASPECTUAL_VERBS:
        return True
    # "the coalition fighting IS": a participle describing an actor, not an event
    if tok.tag_ == "VBG" and tok.dep_ == "acl":
        return True
    # "has been fighting ... for a year", "are fighting us": ongoing, not one incident
    if tok.tag_ == "VBG" and any(c.dep_ == "aux" and c.lower_ in ("been", "is", "are", "am", "'re", "'s")
                                 for c in tok.children):
        return True
    # "formed to fight IS", "an effort to retake Mosul": an infinitive is a purpose, not a deed
    if tok.pos_ == "VERB" and any(c.dep_ == "aux" and c.tag_ == "TO" for c in tok.children):
        return True
    # present simple ("when it fights alone, it loses"): generic, unless a day is given
    if tok.tag_ in ("VBZ", "VBP") and not _has_day_date(sent):
        return True
    # '"killed" liquidity', 'a "bloodbath"': a word in quotes is figurative
    text = doc_text(sent.doc)
    if text[trigger.start - 1:trigger.start] in "\"“'‘" and text[trigger.end:trigger.end + 1] in "\"”'’" \
            and trigger.start > 0:
        return True
    before = doc_text(sent.doc)[sent.start_char:trigger.start].lower()
    if _IRREALIS_BEFORE.search(before):
        return True
    if trigger.noun:
        # "a planned spring offensive", "foiled attack", "attempted bombing"
        for child in tok.children:
            if child.lower_ in cues.IRREALIS_MODIFIERS:
                return True
        # "153 attacks": a counted plural is an aggregate (an indicator, not one incident)
        if trigger.plural and any(c.dep_ == "nummod" and c.like_num for c in tok.children):
            return not _has_day_date(sent)
        if tok.lemma_.lower() in cues.VERB_ONLY:
            return True
        # "McGurk, envoy to the coalition fighting IS": a description inside an apposition
        if any(a.dep_ == "appos" for a in tok.ancestors):
            return True
    return False


_IRREALIS_BEFORE = re.compile(
    r"\b(?:planned|planning|plans? to|threat(?:ened|ens)? to|vow(?:ed|s)? to|would|could|might|may|will|if|unless|"
    r"whether|when we|in order to|used to|(?:effort|bid|attempt|push|drive|campaign|operation|mission|offensive|"
    r"plan|aim|intention|order|preparations?) to|aim(?:ed|s)? to|seeks? to|ready to|able to|capable of)\s+"
    r"(?:\w+\s+){0,3}$")


def _has_day_date(sent: Span) -> bool:
    """A day-precise date of the event (a date of speaking, "said on Wednesday", does not count)."""
    text = re.sub(r"\b(?:said|says|announced|reported|stated|told \w+)\s+(?:on\s+)?\w+day\b", "", span_text(sent))
    return bool(re.search(r"\b(?:yesterday|today|last night|on (?:mon|tues|wednes|thurs|fri|satur|sun)day|"
                          r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}\b|"
                          r"\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)", text, re.I))


_SPLIT = re.compile(r"(?:,?\s+and\s+(?=the\s|an?\s|on\s|in\s)|;\s+|\s+as well as\s+|,\s+while\s+|,\s+whereas\s+|"
                    r",\s+(?=(?:prompting|triggering|sparking|provoking|drawing|when)\s))", re.I)


def _segments(sent: Span, triggers: list[Trigger]) -> list[tuple[int, int, list[Trigger]]]:
    """Cut a sentence at coordination points; a piece without a trigger joins the one before."""
    text = span_text(sent)
    cuts = [sent.start_char] + [sent.start_char + m.end() for m in _SPLIT.finditer(text)] + [sent.end_char]
    pieces = []
    for a, b in zip(cuts, cuts[1:]):
        trig = [t for t in triggers if a <= t.start < b]
        if trig or not pieces:
            pieces.append([a, b, trig])
        else:
            pieces[-1][1] = b
    # a piece whose triggers carry no anchor of their own is a continuation of the previous piece
    merged: list[list] = []
    for a, b, trig in pieces:
        if merged and (not trig or not _piece_has_anchor(doc_text(sent.doc)[a:b])):
            merged[-1][1] = b
            merged[-1][2] += trig
        else:
            merged.append([a, b, trig])
    if merged and not merged[0][2] and len(merged) > 1:
        merged[1][0] = merged[0][0]
        merged.pop(0)
    return [(a, b, t) for a, b, t in merged if t]


def _piece_has_anchor(text: str) -> bool:
    """A piece of a sentence that names a figure, a casualty or a proper name tells its own incident."""
    return bool(re.search(r"\d|\b(?:killed|dead|died|wounded|injured)\b", text, re.I)
                or re.search(r"\s[A-Z][A-Za-z]", text))


def _build(start: int, end: int, triggers: list[Trigger], sent: Span, s_index: int,
           ctx: DocContext) -> Candidate | None:
    doc = ctx.doc
    seg_text = doc_text(doc)[start:end]
    kinds = {t.kind for t in triggers}
    kind = next(k for k in KIND_PRIORITY if k in kinds)
    cand = Candidate(kind=kind, triggers=triggers, start=start, end=end, sent_index=s_index,
                     headline=start < ctx.headline_end)
    if kind in ("arrest", "attack", "airstrike", "raid", "battle") and _killed_named_person(cand, sent):
        cand.kind = kind = "leader_killed"
    cand.evidence.append((sent.start_char, sent.end_char))

    cas = find_casualties(seg_text)
    cand.killed, cand.wounded, cand.sides = cas.killed, cas.wounded, cas.sides
    _split_attackers(cand, seg_text)
    if cand.killed is None:
        cand.killed = _one_named_victim(triggers, ("kill", "murder", "assassinate", "behead", "execute", "slay", "stab"))
    if cand.wounded is None:
        cand.wounded = _one_named_victim(triggers, ("wound", "injure"))

    seg_places = [p for p in ctx.places if p.start is not None and start <= p.start < end
                  and not _inside_actor_or_org(p, ctx)] + _capitals(seg_text, start)
    cand.places = seg_places
    cand.place = _incident_place(seg_places, triggers, ctx)
    seg_times = [tx for tx in ctx.timexes if start <= tx[0] < end]
    sent_times = [tx for tx in ctx.timexes if sent.start_char <= tx[0] < sent.end_char]
    cand.own_date = bool(seg_times or sent_times)
    own_place = cand.place is not None and (cand.place.precision or 1) <= 3
    cand.date = _incident_date(seg_times or sent_times or _earlier_times(sent, ctx, own_place), triggers)
    cand.anchored = bool(cand.place or cand.own_date or cand.killed or cand.wounded)

    _agency(cand, sent, start, end, ctx)
    _roles(cand)
    _attack_type(cand, seg_text)
    _kind_refinement(cand, sent, seg_text, ctx)
    if cand.kind == "aircraft_downing":
        cand.kind, cand.attack_type = "attack", "aircraft_downing"
    if cand.kind not in ("attack", "battle", "airstrike", "raid"):
        cand.attack_type = None
    if cand.kind == "territory_change":
        if not (_actors_in(ctx, sent.start_char, sent.end_char) or _ARMED_NOUNS.search(span_text(sent))):
            return None  # "the naira fell to a record low": no armed party, no territory changing hands
        taken = _taken_places(cand, ctx)
        if not taken:
            return None
        cand.places = taken
        cand.place = taken[0]
    if _generic_mention(cand) or not _corroborated(cand, sent, seg_text, ctx):
        return None
    cand.country = (cand.place.country if cand.place and cand.place.country else None) or _sentence_country(sent, ctx)
    return cand


_CAPITAL = re.compile(r"\bthe\s+([A-Z][a-z]+)\s+capital\b")


def _capitals(text: str, offset: int) -> list[Place]:
    """'the Syrian capital' names the capital city of the country its adjective stands for."""
    from strife.nlp.gazetteer import Gazetteer

    gaz = Gazetteer.load()
    out = []
    for m in _CAPITAL.finditer(text):
        iso = gaz.country_by_name(m.group(1))
        cap = gaz.capital(iso) if iso else None
        if cap is not None:
            out.append(Place(name=cap.name, geonameid=cap.geonameid, lat=cap.lat, lon=cap.lon, country=iso,
                             admin1=cap.admin1, feature="city", precision=1,
                             start=offset + m.start(), end=offset + m.end()))
    return out


_ARMED_NOUNS = re.compile(r"\b(?:forces|troops|army|soldiers|militants|militia|militiamen|fighters|rebels|insurgents|"
                          r"jihadists?|jihadis|guerrillas|gunmen|insurgency|offensive|military|police)\b", re.I)


def _corroborated(cand: Candidate, sent: Span, seg_text: str, ctx: DocContext) -> bool:
    """Weak triggers ("hit", "target", "drop") need a sign of violence: a weapon, an armed actor or
    noun, or casualties ("the slump has hit Africa's biggest economy" has none)."""
    if any(t.token.lemma_.lower() not in cues.WEAK_LEMMAS for t in cand.triggers):
        return True
    return bool(cand.killed or cand.wounded or cand.weapon or _actors_in(ctx, sent.start_char, sent.end_char)
                or _ARMED_NOUNS.search(span_text(sent)) or cand.perpetrator_text)


def _generic_mention(cand: Candidate) -> bool:
    """Not one incident: a period-long pattern ("from October to February ... regular attacks"),
    a bare plural ("airstrikes have targeted ..."), or a toll over a period ("over 670 people were
    killed in February")."""
    if cand.date is not None and (cand.date.end - cand.date.start).days > 35 and cand.date.precision < 5 \
            and cand.kind != "territory_change":
        return True
    event_nouns = [t for t in cand.triggers if t.noun]
    if event_nouns and all(t.plural for t in event_nouns) and len(event_nouns) == len(cand.triggers):
        precise_place = cand.place is not None and (cand.place.precision or 9) <= 3
        day = cand.own_date and cand.date is not None and cand.date.precision <= 2
        return not (day or (precise_place and (cand.killed or cand.wounded)))
    only_verbs_of_dying = all(t.token.lemma_.lower() in ("kill", "die") for t in cand.triggers)
    if only_verbs_of_dying and cand.date is not None and cand.date.precision >= 3 and \
            not (cand.place and (cand.place.precision or 9) <= 3) and cand.kind != "leader_killed":
        return True
    return False


def _inside_actor_or_org(place: Place, ctx: DocContext) -> bool:
    """'U.S.' in 'U.S. special forces', 'Britain' in 'the Britain-based Observatory' name no place
    of the incident."""
    for sp in ctx.actor_spans:
        if sp.start_char <= place.start < sp.end_char:
            return True
    span = ctx.doc.char_span(place.start, place.end, alignment_mode="expand")
    if span is not None:
        for ent in ctx.doc.ents:
            # "the Syrian Observatory for Human Rights": a place word inside a longer organisation name
            if ent.label_ == "ORG" and ent.start <= span.start and span.end <= ent.end and len(ent) > len(span) \
                    and place.feature != "country":
                return True
        after = ctx.text[place.end:place.end + 7]
        if after.startswith(("-based", "-backed", "-led", "-allied", "-born")):
            return True
    # a dateline ("BAGHDAD, March 6 (Wire) -", "LAGOS -") says where the report was filed
    text = ctx.text
    line_start = text.rfind("\n", 0, place.start) + 1
    if not text[line_start:place.start].strip() and text[place.start:place.end].isupper() \
            and re.match(r"\s*(?:,|-|–|—|\()", text[place.end:place.end + 3]):
        return True
    return False


_ATTACKER_NOUNS = re.compile(r"\b(?:attackers?|assailants?|gunm[ae]n|(?:suicide )?bombers?|hijackers?|kidnappers?|"
                             r"raiders?|perpetrators?)\b", re.I)
_ATTACKERS_KILLED = re.compile(rf"(?P<count>{NUMBER_PHRASE})\s+(?:of the\s+)?(?:\w+\s+)?(?:attackers|assailants|gunmen|"
                               rf"bombers|hijackers|raiders)\s+(?:were\s+|was\s+)?(?:also\s+)?(?:killed|shot dead|"
                               rf"died|blew themselves up)", re.I)


def _split_attackers(cand: Candidate, text: str) -> None:
    """The attackers' own dead, kept apart: '15 civilians and five attackers were killed' → killed 20
    (every death the report counts, as GTD and ACLED count them), attackers killed 5."""
    from strife.nlp.numbers import parse_count

    if cand.sides:
        attackers = [n for who, n in cand.sides if _ATTACKER_NOUNS.search(who)]
        if attackers:
            cand.attackers_killed = (sum(attackers), sum(attackers))
            return
    m = _ATTACKERS_KILLED.search(text)
    if m:
        cand.attackers_killed = parse_count(m.group("count")) or None


def _attackers_only(cand: Candidate) -> bool:
    """'Five attackers were also killed by guards': the only dead it tells are the attackers."""
    return bool(cand.attackers_killed and cand.killed == cand.attackers_killed)


def _one_named_victim(triggers: list[Trigger], lemmas: tuple[str, ...]) -> tuple[int, int] | None:
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
                person = obj.ent_type_ == "PERSON" or obj.lemma_.lower() in cues.PERSON_NOUNS
                if person and obj.tag_ in ("NN", "NNP") and not any(
                        c.like_num or c.lower_ in ("some", "several", "many") for c in obj.children):
                    return (1, 1)
    return None


def _earlier_times(sent: Span, ctx: DocContext, own_place: bool) -> list[Timex]:
    """A sentence with no date of its own takes the nearest earlier day or month of its paragraph
    (unless it names a place of its own: then it likely tells another incident), or the date that
    opens a short report ("03/15/2016: Assailants ...")."""
    text = ctx.text
    if own_place:
        opening = [tx for tx in ctx.timexes if tx[0] < 40 and tx[2].precision <= 2]
        return opening[:1]
    para_start = text.rfind("\n\n", 0, sent.start_char)
    para_start = 0 if para_start < 0 else para_start
    earlier = [tx for tx in ctx.timexes if para_start <= tx[0] < sent.start_char and tx[2].precision <= 3
               and sent.start_char - tx[0] < 400]
    if earlier:
        return [earlier[-1]]
    opening = [tx for tx in ctx.timexes if tx[0] < 40 and tx[2].precision <= 2]
    return opening[:1]


_EVENT_NOUNS = frozenset({"attack", "attacks", "bombing", "explosion", "blast", "assault", "incident", "raid",
                          "ambush", "strike", "airstrike", "clash", "clashes", "fighting", "shooting", "operation"})
_ROLE_OBJECT_PREPS = ("on", "against", "at", "of", "targeting")


def _roles(cand: Candidate) -> None:
    """Who and what was hit, as written: the people killed, hurt or taken (victims) and the
    things attacked (target), from the trigger's objects ("guerrillas attacked the presidential
    farm", "the murder of Carlos Pizarro", "an attack on a police post")."""
    for trig in cand.triggers:
        tok = trig.token
        objects = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ in _ROLE_OBJECT_PREPS):
            if tok.pos_ in ("NOUN", "PROPN") or prep.lower_ in ("on", "against", "at"):
                objects += [c for c in prep.children if c.dep_ == "pobj"]
        if tok.dep_ == "conj" and not objects:  # "shot and killed four tribesmen"
            objects = [c for c in tok.head.children if c.dep_ == "dobj"]
        for obj in objects:
            if obj.lower_ in _EVENT_NOUNS or obj.pos_ == "PRON" or obj.like_num:
                continue
            phrase = _np_text(obj)
            if not phrase:
                continue
            if _is_person(obj):
                cand.victims_text = cand.victims_text or phrase
            elif trig.token.lemma_.lower() not in ("kill", "murder", "execute", "behead", "kidnap", "abduct",
                                                   "wound", "injure", "assassinate"):
                cand.target_text = cand.target_text or phrase


def _is_person(tok: Token) -> bool:
    return tok.ent_type_ in ("PERSON", "NORP") or tok.lemma_.lower() in cues.PERSON_NOUNS \
        or tok.lower_ in cues.PERSON_NOUNS


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


_CHAIN_AFTER = re.compile(r"\s*(?:village|town|hamlet|locality|settlement|camp)?\s*(?:,\s*[A-Z]|\(\s*[A-Z])")
_QUARTER_AFTER = re.compile(r"\s*(?:neighbou?rhood|quarter|district of|street|avenue|road|square|market|suburb)\b",
                            re.I)


def _incident_place(places: list[Place], triggers: list[Trigger], ctx: DocContext) -> Place | None:
    """The incident's place: a place the trigger governs ("recapture the town of Sinjar", "a bombing
    in Hilla") first, else the nearest named place; a demonym ("Iraqi") or a country only when
    nothing finer is said."""
    if not places:
        return None
    from strife.nlp.gazetteer import Gazetteer

    gaz = Gazetteer.load()
    doc = ctx.doc
    governed: set[int] = set()
    for trig in triggers:
        tok = trig.token
        for t in tok.subtree:
            if t.dep_ not in ("nsubj",) or t.head is not tok:
                governed.add(t.idx)
        if tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj"):
            for t in tok.head.subtree:
                governed.add(t.idx)
    anchor = triggers[0].start

    def rank(p: Place):
        surface = doc_text(doc)[p.start:p.end]
        demonym = gaz.is_demonym(surface.split()[-1]) if surface else False
        coarse = (p.precision or 1) >= 5
        tok = doc.char_span(p.start, p.end, alignment_mode="expand")
        inside = tok is not None and any(t.idx in governed for t in tok)
        after = doc_text(doc)[p.end:p.end + 30]
        # "in Mbizi, Makamba, Burundi", "near Tha Pyay Ni village (Bilin township": a name the
        # gazetteer lacks, placed by the areas that follow it, is the finest place told
        chained = p.lat is None and bool(_CHAIN_AFTER.match(after))
        # "in Arabi neighborhood, Mosul": a street or quarter is placed by its city
        quarter = bool(_QUARTER_AFTER.match(after))
        unresolved = p.lat is None and not chained
        return (demonym, quarter, not inside, coarse, unresolved, abs(p.start - anchor))

    # "the main road from Baghdad", "fled to Erbil": an origin or destination, not where it happened
    places = [p for p in places if not re.search(r"\b(?:from|to|towards?|toward|via)\s+(?:the\s+)?$",
                                                 doc_text(doc)[max(0, p.start - 12):p.start])] or None
    if not places:
        return None
    best = min(places, key=rank)
    return None if rank(best)[0] else best


def _incident_date(times: list[Timex], triggers: list[Trigger]):
    if not times:
        return None
    # the most precise expression; ties go to the one nearest the trigger
    anchor = triggers[0].start
    value = min(times, key=lambda tx: (tx[2].precision, abs(tx[0] - anchor)))[2]
    if (value.end - value.start).days > 35 and re.search(r"\b(?:recent|past|last)\b", value.text, re.I):
        # "in recent months": what the report calls recent happened by its last month
        from dataclasses import replace

        end = value.end
        value = replace(value, start=end.replace(day=1), precision=3, iso=end.isoformat()[:7])
    return value


def _sentence_country(sent: Span, ctx: DocContext) -> str | None:
    from strife.nlp.gazetteer import Gazetteer

    gaz = Gazetteer.load()
    for tok in sent:
        if tok.ent_type_ in ("NORP", "GPE") and tok.text[:1].isupper():
            iso = gaz.country_by_name(tok.text)
            if iso:
                return iso
    return ctx.dominant_country


# ---- agency ---------------------------------------------------------------------------------

def _actors_in(ctx: DocContext, start: int, end: int) -> list[Span]:
    return [sp for sp in ctx.actor_spans if start <= sp.start_char < end]


def _agency(cand: Candidate, sent: Span, start: int, end: int, ctx: DocContext) -> None:
    _perpetrator(cand, sent, start, end, ctx)
    territorial = [t for t in cand.triggers if t.kind == "territory_change"]
    if cand.kind == "territory_change" and territorial:
        _territory_roles(cand, territorial[0], ctx)


def _perpetrator(cand: Candidate, sent: Span, start: int, end: int, ctx: DocContext) -> None:
    doc = ctx.doc
    text = doc_text(doc)
    sent_actors = _actors_in(ctx, sent.start_char, sent.end_char)
    # 1. claims of responsibility
    claim = _claim(sent, ctx)
    if claim:
        cand.perpetrator, cand.perpetrator_text, cand.attribution, cand.claimed = claim
        return
    if re.search(r"\bno (?:group|one|organi[sz]ation) (?:has |had )?(?:claimed|took|has taken)", span_text(sent), re.I):
        cand.claimed = False
    # 2. hedged: suspected X / blamed on X / believed to be X
    for m in re.finditer(r"\b(?:suspected|alleged|presumed|believed to be|blamed (?:it )?on|attributed to|accused)\s+",
                         span_text(sent), re.I):
        at = sent.start_char + m.end()
        after = [sp for sp in sent_actors if at <= sp.start_char <= at + 40]
        if after:
            sp = after[0]
            cand.perpetrator, cand.perpetrator_text, cand.attribution = sp.label_, sp.text, "suspected"
            return
    # 3. explicit agent: the actor that is the subject of a trigger, or the "by X" agent
    for trig in cand.triggers:
        agent = _agent_of(trig.token, ctx)
        if agent is not None:
            label, surface = agent
            cand.perpetrator, cand.perpetrator_text, cand.attribution = label, surface, "explicit"
            return
    # 5. a generic noun or pronoun subject ("the group", "the jihadis", "it") stands for an actor of
    # context; "unidentified gunmen", "assailants" say the perpetrator is not known
    generic = load_generic_nouns()
    for trig in cand.triggers:
        subj = _subject_of(trig.token)
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
        if category in ("non_state", "state") or subj.lower_ in ("it", "they"):
            resolved = _resolve_generic(ctx, subj.idx, state=category == "state")
            if resolved:
                cand.perpetrator, cand.perpetrator_text, cand.attribution = resolved, phrase, "explicit"
                return
            cand.perpetrator_text = phrase
    # 4. an actor in the segment that is not the target ("on IS positions", "from IS militants")
    seg_actors = [sp for sp in _actors_in(ctx, start, end) if not _is_patient(sp)
                  and not ctx.text[sp.end_char:sp.end_char + 8].startswith(("-backed", "-led", "-allied", "-based",
                                                                              "-trained", "-funded"))]
    if seg_actors:
        sp = min(seg_actors, key=lambda s: abs(s.start_char - cand.triggers[0].start))
        cand.perpetrator, cand.perpetrator_text, cand.attribution = sp.label_, sp.text, "explicit"
        return
    # 6. an attack with no named agent in an article about one armed group: that group, marked as inferred
    if cand.attribution == "unknown":
        return
    if cand.kind in ("attack", "execution", "battle") and cand.perpetrator is None:
        recent = _recent_nonstate(ctx, sent)
        if recent or ctx.dominant_nonstate:
            cand.perpetrator, cand.attribution = recent or ctx.dominant_nonstate, "inferred"


def _claim(sent: Span, ctx: DocContext) -> tuple[str, str, str, bool] | None:
    """'IS claimed responsibility', 'The armed group has claimed responsibility' (resolved)."""
    text = ctx.text
    sent_actors = _actors_in(ctx, sent.start_char, sent.end_char)
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
    return None


_CLAIM = re.compile(
    r"\b(?:claim(?:ed|s|ing)?|took|taken|takes|accept(?:ed|s)?|admit(?:ted|s)?|assum(?:ed|es))\s+(?:\w+ly\s+)?"
    r"(?:the\s+|full\s+)?responsibility\b"
    r"|\bclaimed\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+)?(?:\w+\s+)?(?:attack|bombing|killing|ambush|kidnapping|"
    r"abduction|raid|assault|strike|operation|shooting|assassination|beheading|execution)s?\b"
    r"|\bsaid\s+(?:that\s+)?(?:it|they)\s+(?:was|were|had\s+been)\s+behind\b"
    r"|\bsaid\s+(?:that\s+)?(?:it|they|its\s+fighters|its\s+militants|its\s+members)\s+(?:had\s+)?"
    r"(?:carried\s+out|conducted|staged|launched|planted|detonated|killed|shot\s+down)\b"
    r"|\backnowledged\s+(?:carrying\s+out|that\s+its\s+(?:fighters|militants|members))", re.I)


_AFFILIATION = re.compile(r"\b(?:officer|commander|member|head|chief|leader|spokes(?:man|woman|person)|general|"
                          r"colonel|fighter|soldier)s?\s+(?:with|of|in|from)\s+(?:the\s+)?$", re.I)


def _affiliation(sent: Span, ctx: DocContext) -> str | None:
    """The armed actor a person of the sentence belongs to ('an officer with Kurdish security forces')."""
    text = ctx.text
    for sp in _actors_in(ctx, sent.start_char, sent.end_char):
        if _AFFILIATION.search(text[max(sent.start_char, sp.start_char - 40):sp.start_char]):
            return sp.label_
    return None


def _recent_nonstate(ctx: DocContext, sent: Span) -> str | None:
    """The non-state actor named last in this or the two sentences before ("The Islamic Resistance said
    its attacks were in retaliation ... These attacks largely came to a halt after an attack ...")."""
    index = ctx.sentence_index.get(sent.start, 0)
    window_start = ctx.sentence_starts[max(0, index - 2)]
    names = [sp for sp in ctx.actor_spans if window_start <= sp.start_char < sent.end_char
             and ctx.actor_types.get(sp.label_) not in STATE_TYPES and not _is_patient(sp)]
    return names[-1].label_ if names else None


def _generic_before(text: str, sent_start: int, at: int) -> str | None:
    m = re.search(r"((?:the|an?|no)\s+)?([\w-]+)\s+(?:has\s+|have\s+|had\s+)?$", text[max(sent_start, at - 40):at], re.I)
    return m.group(0).strip() if m else None


def _resolve_generic(ctx: DocContext, at: int, state: bool = False) -> str | None:
    """The armed actor a generic noun stands for: the most recent actor of its side (non-state for
    "the group", state for "troops") named before it, else the document's dominant non-state one."""
    before = [sp for sp in ctx.actor_spans if sp.end_char <= at
              and (ctx.actor_types.get(sp.label_) in STATE_TYPES) == state]
    if before:
        return before[-1].label_
    return None if state else ctx.dominant_nonstate


def _actor_at(token: Token, ctx: DocContext) -> Span | None:
    for sp in ctx.actor_spans:
        if sp.start <= token.i < sp.end:
            return sp
    return None


def _actor_in_subtree(token: Token, ctx: DocContext) -> Span | None:
    lo, hi = token.left_edge.i, token.right_edge.i
    inside = [sp for sp in ctx.actor_spans if lo <= sp.start and sp.end - 1 <= hi]
    # prefer the head's own words, then the nearest compound/modifier
    for sp in inside:
        if sp.start <= token.i < sp.end:
            return sp
    return inside[0] if inside else None


_COLLECTIVE_NOUNS = frozenset({"group", "groups", "band", "bands", "unit", "units", "gang", "gangs", "squad", "squads",
                               "column", "columns", "cell", "cells", "members", "member", "commando", "commandos",
                               "detachment", "platoon", "team", "teams"})


def _perpetrator_phrase(subj: Token) -> str:
    """The subject as written up to its head, or through its "of" phrase when the head is a
    collective noun: "a group of armed men", "members of the 8th front", not "a group"."""
    end = subj.i + 1
    if subj.lower_ in _COLLECTIVE_NOUNS:
        of = next((c for c in subj.children if c.dep_ == "prep" and c.lower_ == "of" and c.i == subj.i + 1), None)
        if of is not None and len(list(of.subtree)) <= 8:
            end = of.right_edge.i + 1
    return subj.doc[subj.left_edge.i:end].text


def _subject_of(tok: Token) -> Token | None:
    """Who does the trigger: its subject, or the agent of a passive ("killed by unidentified men")."""
    hops = [tok] + ([tok.head] if tok.dep_ in ("conj", "xcomp", "advcl", "acl", "dobj", "pobj") else [])
    for t in hops:
        for child in t.children:
            if child.dep_ in ("nsubj",):
                return child
    for t in hops:
        for child in t.children:
            if child.dep_ == "agent":
                return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _agent_of(tok: Token, ctx: DocContext) -> tuple[str, str] | None:
    """The actor doing the trigger: nsubj of a verb, `by` agent of a passive, or the
    possessor/compound of a noun ("an IS chemical weapons attack", "a U.S. airstrike")."""
    candidates: list[Token] = []
    verb = tok
    if tok.pos_ != "VERB" and tok.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass", "attr") and tok.head.pos_ in ("VERB", "AUX"):
        verb = tok.head if tok.dep_ != "pobj" else tok.head.head
    hops = [verb]
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
        hops.append(verb.head)
    for v in hops:
        for child in v.children:
            if child.dep_ in ("nsubj", "csubj"):
                candidates.append(child)
            if child.dep_ == "agent":
                candidates.extend(c for c in child.children if c.dep_ == "pobj")
    if tok.pos_ in ("NOUN", "PROPN"):
        for child in tok.children:
            if child.dep_ in ("compound", "amod", "poss", "nmod") or (child.dep_ == "prep" and child.lower_ == "by"):
                candidates.append(child)
                candidates.extend(c for c in child.children if c.dep_ == "pobj")
    for c in candidates:
        sp = _actor_in_subtree(c, ctx) if c.dep_ in ("nsubj", "pobj", "csubj") else _actor_at(c, ctx)
        if sp is not None:
            return sp.label_, sp.text
    return None


_SPEECH_VERBS = frozenset({"say", "tell", "report", "announce", "state", "confirm", "claim", "add", "note", "deny",
                           "accuse", "blame", "warn", "explain", "estimate", "allege", "describe"})


def _is_patient(sp: Span) -> bool:
    """An actor that is not the doer: the one attacked or driven out ('on IS positions', 'from IS
    militants', 'against the Islamic State', 'near the US embassy'), or the one speaking ('the
    Malian army said a landmine ...')."""
    head = sp.root
    while head.dep_ in ("compound", "amod", "nmod", "poss") and head.head is not head:
        head = head.head
    if head.dep_ == "pobj" and head.head.lower_ in ("on", "from", "against", "of", "in", "at", "targeting", "with",
                                                    "to", "near", "outside", "inside", "beside", "behind",
                                                    "opposite", "across", "around"):
        return True
    if head.dep_ in ("dobj", "nsubjpass"):
        return True
    if head.dep_ == "nsubj" and head.head.lemma_.lower() in _SPEECH_VERBS:
        return True
    return False


def _territory_roles(cand: Candidate, trig: Trigger, ctx: DocContext) -> None:
    """Who took the place and who lost it. 'IS lost Baiji': the subject lost it. 'Kunduz fell to
    the Taliban': the winner follows "to". 'Forces retook Ramadi from IS', 'drove out IS': the
    side after "from", or an armed actor as the object, lost it."""
    tok = trig.token
    lemma = tok.lemma_.lower()
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
    if lemma in cues.LOSS_VERBS:
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


# ---- type and kind --------------------------------------------------------------------------

def _attack_type(cand: Candidate, seg_text: str) -> None:
    weapon = cues.find_weapon(seg_text)
    if weapon:
        cand.weapon, cand.weapon_text = weapon.weapon_class, weapon.text
    cand.attack_type = cues.attack_type(seg_text, weapon)


def _kind_refinement(cand: Candidate, sent: Span, seg_text: str, ctx: DocContext) -> None:
    lower = seg_text.lower()
    # killing a named leader is its own kind
    if cand.kind in ("attack", "airstrike", "raid", "leader_killed"):
        killed_person = _killed_named_person(cand, sent)
        if killed_person or cand.kind == "leader_killed":
            if killed_person or re.search(cues.LEADER_RE, lower):
                cand.kind = "leader_killed"
                if not cand.killed:
                    cand.killed = (1, 1)
                cand.victims_text = cand.victims_text or killed_person
                cand.attack_type = None
                return
            cand.kind = "attack"
    if cand.kind == "execution" and not cand.killed:
        if re.search(r"\b(?:execution|beheading|hanging|killing) of (?:an?\s+|the\s+)?(?:[A-Z]\w+\s+)*[a-z]+\s+[A-Z]", seg_text) \
                or re.search(r"\bexecution of (?:an?|the)\s+\w+(?:\s+\w+)?\s+(?:pilot|journalist|soldier|hostage|aid worker|officer)\b", lower):
            cand.killed = (1, 1)
    if cand.kind in ("attack", "airstrike"):
        # fighting with losses on both armed sides is a battle
        armed_sides = [who for who, _ in cand.sides if _COMBATANTS.search(who)]
        if len(armed_sides) >= 2 or re.search(r"\b(?:clash(?:es|ed)?|fighting|battle|firefight|gun ?battle|skirmish)", lower):
            if cand.kind == "attack" and not (cand.attack_type in ("bombing", "suicide_bombing", "vehicle_bomb", "chemical")):
                cand.kind = "battle"
                cand.attack_type = cand.attack_type or "armed_assault"
        if cand.kind == "attack" and re.search(r"\bassault on (?:the\s+)?(?:\w+\s+){0,4}(?:town|city|village|base|positions?)\b", lower):
            cand.kind = "battle"
            cand.attack_type = cand.attack_type or "armed_assault"
    if cand.kind in ("attack", "airstrike") and (cand.attack_type == "drone" or re.search(r"\bdrones?\b", lower)):
        # a drone strike is an airstrike when a state's forces fly it, an attack when an armed group does
        state = (cand.perpetrator and ctx.actor_types.get(cand.perpetrator) in STATE_TYPES) or \
            re.search(r"\b(?:military|air|international|security|government|regime|coalition) forces\b|"
                      r"\bair force\b|\bmilitary\b", (cand.perpetrator_text or "").lower())
        non_state = cand.perpetrator and ctx.actor_types.get(cand.perpetrator) not in STATE_TYPES
        cand.kind = "airstrike" if state and not non_state else "attack"
        cand.attack_type = "drone"
    if cand.kind in ("attack", "battle") and cues.aerial(cues.find_weapon(seg_text)) and not (
            cand.perpetrator and ctx.actor_types.get(cand.perpetrator) not in STATE_TYPES):
        cand.kind, cand.attack_type = "airstrike", None  # "military jets bombed", "barrel bombs dropped"
    if cand.kind == "raid" and not (cand.perpetrator and ctx.actor_types.get(cand.perpetrator) in STATE_TYPES) \
            and not re.search(r"\b(?:police|troops|soldiers|army|security forces|special forces|commandos|"
                              r"military|forces)\b", (cand.perpetrator_text or lower)):
        cand.kind, cand.attack_type = "attack", cand.attack_type or "armed_assault"  # "assailants raided a platform"
    if cand.kind == "attack" and cand.perpetrator and ctx.actor_types.get(cand.perpetrator) in STATE_TYPES \
            and any(t.token.lemma_.lower() == "strike" for t in cand.triggers):
        cand.kind = "airstrike"  # "the U.S. and its allies conducted 18 strikes"
    if cand.kind == "airstrike" and cand.attack_type not in ("drone",):
        cand.attack_type = None if cand.attack_type != "drone" else "drone"


_COMBATANTS = re.compile(r"\b(?:soldiers?|troops|fighters?|militants?|insurgents?|rebels?|guerrillas?|police(?:men)?|"
                         r"officers|attackers|assailants|gunmen|jihadists?|militiamen|militia|combatants|"
                         r"servicemen|personnel|commandos|forces)", re.I)


def _killed_named_person(cand: Candidate, sent: Span) -> str | None:
    """The named leader a killing trigger kills: 'killed ranking IS leader Abu Sayyaf', 'killed
    al-Baghdadi' (known as a leader elsewhere in the text), 'al-Shishani died of his wounds'."""
    tokens = [t.token for t in cand.triggers]
    tokens += [t for t in sent if t.lemma_.lower() == "die" and t.pos_ == "VERB" and cand.start <= t.idx < cand.end]
    for tok in tokens:
        lemma = tok.lemma_.lower()
        if lemma not in ("kill", "die", "assassinate", "eliminate", "slay"):
            continue
        victims = []
        if lemma == "die":
            subj = _subject_of(tok)
            if subj is not None:
                victims.append(subj)
        else:
            victims.extend(c for c in tok.children if c.dep_ in ("dobj", "nsubjpass"))
        for v in victims:
            phrase = sent.doc[v.left_edge.i: v.right_edge.i + 1]
            actor_tokens = {i for sp in sent.doc.spans.get("actors", []) for i in range(sp.start, sp.end)}
            names = [t for t in phrase if t.pos_ == "PROPN" and t.ent_type_ not in ("GPE", "LOC", "NORP", "FAC")
                     and t.i not in actor_tokens]
            if names and _known_leader(names[-1], sent.doc):
                return phrase.text
            # the parse may leave "prominent IS" outside the subject: look two tokens further left
            armed = any(sp.start >= phrase.start - 2 and sp.end <= phrase.end for sp in sent.doc.spans.get("actors", [])) \
                or re.search(r"\b(?:militant|rebel|insurgent|jihadist|terrorist|extremist|militia|guerrilla|group's|"
                             r"gang|cartel|warlord)", phrase.text.lower())
            if armed and re.search(cues.LEADER_RE, phrase.text.lower()):
                return phrase.text
    return None


def _known_leader(name: Token, doc: Doc) -> bool:
    """The name appears elsewhere after a leader noun or 'led by' ("IS, then led by Abu Bakr al-Baghdadi")."""
    surname = name.text.lower()
    for tok in doc:
        if tok.lower_ == surname and tok.i != name.i:
            window = doc[max(0, tok.i - 8): tok.i].text.lower()
            if re.search(r"\bled by\b|" + cues.LEADER_RE, window):
                return True
    return False


# ---- merging --------------------------------------------------------------------------------

FAMILY = {"attack": "violent", "battle": "violent", "airstrike": "violent", "raid": "violent",
          "execution": "violent", "leader_killed": "leader", "arrest": "arrest", "territory_change": "territory"}


def _merge_target(cand: Candidate, found: list[Candidate], ctx: DocContext) -> Candidate | None:
    """An earlier incident of this document that the candidate tells again or continues: the same
    or a nearby fine place, or, close by in the text (or after the headline), nothing that tells
    them apart (a distant place, a different own date, other casualty figures)."""
    for prev in reversed(found):
        if FAMILY.get(prev.kind) != FAMILY.get(cand.kind) and not (
                _anaphoric(cand) and {FAMILY.get(prev.kind), FAMILY.get(cand.kind)} <= {"violent", "leader"}):
            continue
        relation = _place_relation(cand.place, prev.place)
        if relation == "different":
            continue
        if cand.own_date and cand.date is not None and prev.date is not None \
                and not _dates_compatible(cand.date, prev.date):
            continue
        if not _ranges_overlap(cand.killed, prev.killed) and relation != "same" and not _attackers_only(cand):
            continue
        if relation == "same":
            return prev
        if cand.kind == "territory_change":
            continue
        fine = cand.place is not None and (cand.place.precision or 1) <= 3
        if _anaphoric(cand) and not fine and not cand.own_date:
            return prev
        near_in_text = cand.sent_index - prev.sent_index <= 2 or (prev.start < ctx.headline_end)
        if relation == "near" or (near_in_text and not (fine and _introduces_new(cand))):
            return prev
    return None


def _place_relation(a: Place | None, b: Place | None) -> str:
    """'same', 'near' (within the coarser place's radius), 'different' (two fine places apart),
    or 'unknown'."""
    if a is None or b is None:
        return "unknown"
    if _same_place(a, b):
        return "same"
    fine_a, fine_b = (a.precision or 1) <= 3, (b.precision or 1) <= 3
    if a.lat is not None and b.lat is not None:
        radius = max(PRECISION_RADIUS_KM.get(a.precision or 1, 25), PRECISION_RADIUS_KM.get(b.precision or 1, 25))
        if distance_km(a.lat, a.lon, b.lat, b.lon) <= radius:
            return "near" if fine_a and fine_b else "unknown"
        return "different" if fine_a and fine_b else "unknown"
    return "different" if fine_a and fine_b and a.lat is None and b.lat is None else "unknown"


def _ranges_overlap(a: tuple | None, b: tuple | None) -> bool:
    if not a or not b:
        return True
    lo_a, hi_a = a[0] or 0, a[1] if a[1] is not None else float("inf")
    lo_b, hi_b = b[0] or 0, b[1] if b[1] is not None else float("inf")
    return max(lo_a, lo_b) <= min(hi_a, hi_b)


def _anaphoric(cand: Candidate) -> bool:
    """'... claimed responsibility for the attack', 'killed in the assault': every event noun is
    definite, so it refers back to an incident already told."""
    nouns = [t for t in cand.triggers if t.noun]
    return bool(nouns) and all(any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "its", "their")
                                   for c in t.token.children) for t in nouns)


def _introduces_new(cand: Candidate) -> bool:
    for t in cand.triggers:
        if t.noun and any(c.dep_ == "det" and c.lower_ in ("a", "an", "another") for c in t.token.children):
            return True
    return False


def _same_place(a: Place, b: Place) -> bool:
    """Two fine places that are the same; a country or region proves nothing."""
    if (a.precision or 1) > 3 or (b.precision or 1) > 3:
        return False
    if a.geonameid and b.geonameid:
        return a.geonameid == b.geonameid
    return a.name.lower() == b.name.lower()


def _dates_compatible(a, b) -> bool:
    return a.start <= b.end and b.start <= a.end


def _merge(into: Candidate, other: Candidate) -> None:
    # 'Five attackers were also killed': add them to the toll told before
    if _attackers_only(other) and into.killed and not into.attackers_killed and into is not other:
        lo, hi = into.killed
        add_lo, add_hi = other.attackers_killed
        into.killed = ((lo or 0) + (add_lo or 0), None if hi is None or add_hi is None else hi + add_hi)
        into.attackers_killed = other.attackers_killed
    into.evidence.extend(e for e in other.evidence if e not in into.evidence)
    into.triggers.extend(other.triggers)
    # a later sentence may tell what the first only hinted at ("...died" → leader killed); a clash
    # mentioned after an attack does not make the attack a battle
    if other.kind in ("leader_killed", "execution") and FAMILY.get(into.kind) in ("violent", "leader"):
        into.kind = other.kind
    for name in ("attack_type", "date", "place", "perpetrator", "perpetrator_text", "attribution", "claimed",
                 "target_text", "victims_text", "weapon", "weapon_text", "killed", "wounded", "loser", "country",
                 "attackers_killed"):
        mine = getattr(into, name)
        theirs = getattr(other, name)
        if name == "perpetrator" and into.attribution == "inferred" and other.attribution not in (None, "inferred"):
            into.perpetrator, into.attribution = theirs, other.attribution
            continue
        if mine in (None, ()) and theirs not in (None, ()):
            setattr(into, name, theirs)
            if name == "date":
                into.own_date = other.own_date
    if into.date is not None and other.date is not None and other.own_date and (
            other.date.precision < into.date.precision or not into.own_date):
        into.date, into.own_date = other.date, True
    if into.place is not None and other.place is not None and other.place.lat is not None and \
            (other.place.precision or 9) < (into.place.precision or 9):
        into.place = other.place  # "south of Baghdad" in the headline, "Hilla" in the body
    if into.headline and not other.headline:
        into.killed, into.wounded = other.killed or into.killed, other.wounded or into.wounded
        into.headline = False
    if other.sides and not into.sides:
        into.sides = other.sides
    into.anchored = into.anchored or other.anchored


def _keep(c: Candidate) -> bool:
    """A lone trigger with nothing to pin it (no place, date, casualties or agent) is too thin."""
    if c.kind == "territory_change":
        return c.place is not None
    return bool(c.anchored or c.perpetrator and c.attribution != "inferred")


def _to_mention(c: Candidate, index: int, ctx: DocContext) -> IncidentMention:
    place = c.place
    if not c.country and c.perpetrator:
        # nothing in the text places it: an armed group that fights in one country fights there
        from strife.nlp.lexicon import load_actors

        lexicon = load_actors()
        if c.perpetrator in lexicon and len(lexicon.info(c.perpetrator).countries) == 1:
            c.country = lexicon.info(c.perpetrator).countries[0]
    if place is not None and place.country is None and c.country:
        from dataclasses import replace

        place = replace(place, country=c.country)  # "the northern Iraqi town of X" with X unknown to the gazetteer
    if place is None and c.country:
        from strife.nlp.gazetteer import Gazetteer

        country = Gazetteer.load().country(c.country)
        if country is not None:
            place = Place(name=country.name, geonameid=country.geonameid, lat=country.lat, lon=country.lon,
                          country=c.country, feature="country", precision=6)
    killed = c.killed or (None, None)
    wounded = c.wounded or (None, None)
    text = ctx.text
    evidence = [Evidence(ctx.doc_id, s, e, text[s:e]) for s, e in c.evidence]
    return IncidentMention(
        doc_id=ctx.doc_id, index=index, kind=c.kind, attack_type=c.attack_type,
        date=c.date.iso if c.date is not None else None,
        date_precision=c.date.precision if c.date is not None else None,
        date_from_context=c.date is not None and not c.own_date,
        place=place, perpetrator=c.perpetrator, perpetrator_text=c.perpetrator_text,
        attribution=c.attribution, claimed=c.claimed, target_text=c.target_text,
        victims_text=c.victims_text, weapon=c.weapon, weapon_text=c.weapon_text,
        killed_min=killed[0], killed_max=killed[1], wounded_min=wounded[0], wounded_max=wounded[1],
        attackers_killed_min=(c.attackers_killed or (None, None))[0],
        attackers_killed_max=(c.attackers_killed or (None, None))[1],
        loser=c.loser, evidence=evidence)
