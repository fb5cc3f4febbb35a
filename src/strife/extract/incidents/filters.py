"""Filters: what a trigger finds that is not one incident. Plans, threats, hypotheticals,
negations, habits, figurative words, aggregates and period-long patterns; weak triggers without a
sign of violence; candidates with nothing to pin them down."""
from __future__ import annotations

import re

from spacy.tokens import Span

from strife.extract.context import DocumentContext
from strife.extract.incidents.fillers import DAMAGE_LEMMAS
from strife.extract.incidents.records import Candidate, Trigger
from strife.nlp.lexicon import load_vocabulary, load_weapons
from strife.nlp.numbers import COUNT as NUMBER_PHRASE, mask_non_counts, parse_count, told_as_total
from strife.nlp.pipeline import doc_text, span_text

_VOCAB = load_vocabulary()
MODALS = _VOCAB.words("modals")
IRREALIS_VERBS = _VOCAB.words("irrealis_verbs")
EPISTEMIC_NOUNS = _VOCAB.words("epistemic_nouns")
IRREALIS_MODIFIERS = _VOCAB.words("irrealis_modifiers")
ASPECTUAL_VERBS = _VOCAB.words("aspectual_verbs")
GRIEVANCE_VERBS = _VOCAB.words("grievance_verbs")
WEAK_LEMMAS = _VOCAB.words("weak_lemmas")
VERB_ONLY = _VOCAB.words("verb_only")
INTO_ONLY = _VOCAB.words("into_only")
DYING_LEMMAS = _VOCAB.words("dying_lemmas")
CHARGING_LEMMAS = _VOCAB.words("charging_lemmas")
JUDICIAL_DECIDERS = _VOCAB.words("judicial_deciders")
JUDICIAL_DECISIONS = _VOCAB.words("judicial_decisions")
EVENT_NOUNS = _VOCAB.words("event_nouns") | _VOCAB.words("event_head_nouns")
WAR_NOUNS = _VOCAB.words("war_nouns")


def non_incident(trigger: Trigger, sent: Span) -> bool:
    """Plans, threats, hypotheticals, negations, habits and aggregates are not incidents."""
    tok = trigger.token
    chain = _governing_chain(tok)
    for t in chain:
        for child in t.children:
            if child.dep_ == "neg" and t in chain[:2]:
                return True
            if child.dep_ == "aux" and child.lemma_.lower() in MODALS:
                return True
        if t is not tok and t.lemma_.lower() in IRREALIS_VERBS:
            return True
        if t is not tok and t.pos_ == "NOUN" and t.lemma_.lower() in EPISTEMIC_NOUNS \
                and any(c.dep_ == "det" and c.lower_ == "no" for c in t.children):
            return True  # "no information that any Americans were killed"
        if t.dep_ == "advcl" and any(c.lower_ in ("if", "unless") for c in t.children):
            return True
    if tok.dep_ in ("xcomp", "ccomp") and tok.head.lemma_.lower() in ASPECTUAL_VERBS:
        return True
    # "the jury recommended that he be executed", "asked that they be released": a base-form passive is a
    # wish, an order or a proposal, never a deed told as done
    if any(c.dep_ == "auxpass" and c.tag_ == "VB" for c in tok.children):
        return True
    if trigger.kind == "execution" and _judicial(chain):
        return True
    # "charged with three counts of murder", "indicted for attacking civilians": the charge, not the deed
    if any(t.lemma_.lower() in CHARGING_LEMMAS for t in chain[1:]) and not _own_time(tok):
        return True
    # "slammed the evacuation order": criticism; "slammed into the crowd": a vehicle driven into people
    if tok.lemma_.lower() in INTO_ONLY and not any(c.lower_ == "into" for c in tok.children):
        return True
    # "the coalition fighting IS": a participle describing an actor, not an event
    if tok.tag_ == "VBG" and tok.dep_ == "acl":
        return True
    # "has been fighting ... for a year", "are fighting us": ongoing, not one incident
    if tok.tag_ == "VBG" and any(c.dep_ == "aux" and c.lower_ in ("been", "is", "are", "am", "'re", "'s")
                                 for c in tok.children):
        return True
    # "claimed they were poisoning her": a wrong alleged as going on, not one deed (nor its weapon)
    if _progressive(tok) and any(t.lemma_.lower() in GRIEVANCE_VERBS for t in chain[1:]):
        return True
    # "formed to fight IS", "an effort to retake Mosul": an infinitive is a purpose, not a deed; a
    # perfect one tells a deed done ("is believed to have killed", "claimed to have shot down")
    if tok.pos_ == "VERB" and any(c.dep_ == "aux" and c.tag_ == "TO" for c in tok.children) \
            and not any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in tok.children):
        return True
    # present simple ("when it fights alone, it loses"): generic, unless a day is given
    if tok.tag_ in ("VBZ", "VBP") and not has_day_date(sent):
        return True
    # '"killed" liquidity', 'a "bloodbath"': a word in quotes is figurative
    text = doc_text(sent.doc)
    if text[trigger.start - 1:trigger.start] in "\"“'‘" and text[trigger.end:trigger.end + 1] in "\"”'’" \
            and trigger.start > 0:
        return True
    before = doc_text(sent.doc)[sent.start_char:trigger.start].lower()
    if _IRREALIS_BEFORE.search(before):
        return True
    if (trigger.kind == "battle" or tok.lemma_.lower() in WAR_NOUNS) and background_fighting(tok):
        return True
    if trigger.noun:
        # "the carrier strike group", "a strike notice", "fake bomb detectors": a modifier of a thing
        if tok.dep_ == "compound" and tok.head.pos_ in ("NOUN", "PROPN") and not _event_or_weapon(tok, tok.head):
            return True
        # "a planned spring offensive", "foiled attack", "attempted bombing"
        for child in tok.children:
            if child.lower_ in IRREALIS_MODIFIERS:
                return True
        # "153 attacks": a counted plural is an aggregate (an indicator, not one incident)
        # ("the 1967 slayings": a year read as a count is the deeds' time, not their number)
        if trigger.plural and any(c.dep_ == "nummod" and c.like_num and c.ent_type_ != "DATE" for c in tok.children):
            return not has_day_date(sent)
        if tok.lemma_.lower() in VERB_ONLY:
            return True
        # "McGurk, envoy to the coalition fighting IS": a description inside an apposition; a deed
        # with its own day is still told as done ("X, planner of the March 3 bombing in Y")
        if any(a.dep_ == "appos" for a in tok.ancestors) and not _own_day(tok):
            return True
    return False


FACT_ANCHORS = _VOCAB.words("fact_anchors")
PRESUPPOSING_NOUNS = _VOCAB.words("presupposing_nouns")


def _judicial(chain: list) -> bool:
    """'A jury ordered execution for a gang member': a court decides an execution; none has happened."""
    for t in chain:
        if t.lemma_.lower() in JUDICIAL_DECISIONS or t.lemma_.lower() in JUDICIAL_DECIDERS:
            return True
        if any(c.dep_ in ("nsubj", "poss") and c.lemma_.lower() in JUDICIAL_DECIDERS for c in t.children):
            return True
    return False
BACKGROUND_PREPOSITIONS = _VOCAB.words("background_prepositions")
OUTBREAK_VERBS = _VOCAB.words("outbreak_verbs")
CESSATION_NOUNS = _VOCAB.words("cessation_nouns")
WITNESS_VERBS = _VOCAB.words("witness_verbs")


def background_fighting(tok) -> bool:
    """Fighting told as the time or setting of something else, not as one battle: "a staunch ally
    throughout the fighting", "abuses since fighting began last year", "after any end to the
    fighting", "a deal to end the fighting", "the province has seen heavy fighting"."""
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ in BACKGROUND_PREPOSITIONS:
        return True
    if tok.dep_ == "pobj" and head.dep_ == "prep" and head.head.lemma_.lower() in CESSATION_NOUNS:
        return True
    if tok.dep_ == "dobj" and head.lemma_.lower() in CESSATION_NOUNS:
        return True  # "a deal to end the fighting", "calls to halt the fighting"
    if tok.dep_ == "nsubj" and head.lemma_.lower() in OUTBREAK_VERBS \
            and any(c.dep_ == "mark" and c.lower_ in BACKGROUND_PREPOSITIONS for c in head.children):
        return True
    return tok.dep_ == "dobj" and head.lemma_.lower() in WITNESS_VERBS \
        and any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in head.children)


def _progressive(tok) -> bool:
    """A past or present progressive ("were poisoning", "is beating"): the deed told as going on."""
    return tok.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_.lower() == "be" for c in tok.children)


def _own_time(tok) -> bool:
    """The deed carries its own time: "the 2019 killing", "the killing in March"."""
    return any(t.ent_type_ == "DATE" for t in tok.subtree if t.i != tok.i)


def _own_day(tok) -> bool:
    """The event noun is modified by a day of its own ("the October 7 massacre", "the bombing on
    March 3"), not merely a year or a season."""
    mods = [c for c in tok.children if c.dep_ in ("nmod", "compound", "npadvmod")]
    mods += [pc for p in tok.children if p.dep_ == "prep" and p.lower_ == "on"
             for pc in p.children if pc.dep_ == "pobj"]
    return any(has_day_date(m.doc[m.left_edge.i:m.right_edge.i + 1]) for m in mods if m.ent_type_ == "DATE")


def _governing_chain(tok) -> list:
    """The trigger and the words that govern it, up to the clause or phrase that gives it as the
    reference point of another ("vowed to retaliate after a bombing killed 30": the vow governs the
    retaliation, not the bombing)."""
    chain = [tok]
    for t in tok.ancestors:
        last = chain[-1]
        anchored = last.dep_ == "pobj" and (t.lower_ in FACT_ANCHORS or _after_presupposing_noun(t)) or \
            last.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in FACT_ANCHORS for c in last.children)
        # "the woman who allegedly shot two co-workers will face trial": a relative clause tells its
        # deed as done, whatever the clause of the noun it describes says
        if anchored or last.dep_ == "relcl" and tok.pos_ == "VERB":
            break
        chain.append(t)
    return chain


def _after_presupposing_noun(prep) -> bool:
    """"its investigation into a double murder": the preposition follows (or hangs on) a noun that
    takes the deed as done (the parser often hangs the preposition on the verb before the noun)."""
    if prep.dep_ != "prep":
        return False
    before = prep.doc[prep.i - 1] if prep.i > 0 else prep
    return prep.head.lemma_.lower() in PRESUPPOSING_NOUNS or before.lemma_.lower() in PRESUPPOSING_NOUNS


# "planned to attack", "in order to retake", "an effort to recapture": words up to three words before
# a trigger that make it a purpose or a possibility
_IRREALIS_BEFORE = re.compile(rf"\b(?:{_VOCAB.alternation('irrealis_before')})\s+(?:\w+\s+){{0,3}}$")
# "said on Wednesday": the date of speaking, not of the event
SPEAKING_DAY = re.compile(rf"\b(?:{_VOCAB.alternation('speech_forms')}|told \w+)\s+(?:on\s+)?\w+day\b")


def _event_or_weapon(modifier, head) -> bool:
    """'a shooting rampage', 'a car bomb attack', 'poison gas': the modified noun is itself an
    event, or the two words name a weapon, so the trigger still tells an incident."""
    weapons = load_weapons()
    return head.lemma_.lower() in EVENT_NOUNS or head.lower_ in EVENT_NOUNS \
        or any(weapons.lookup(name) is not None for name in (head.text, f"{modifier.text} {head.text}"))


def has_day_date(sent: Span) -> bool:
    """A day-precise date of the event (a date of speaking, "said on Wednesday", does not count)."""
    text = SPEAKING_DAY.sub("", span_text(sent))
    return bool(re.search(r"\b(?:yesterday|today|last night|on (?:mon|tues|wednes|thurs|fri|satur|sun)day|"
                          r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}\b|"
                          r"\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)", text, re.I))


ARMED_NOUNS = re.compile(rf"\b(?:{_VOCAB.alternation('armed_nouns')})\b", re.I)


def corroborated(cand: Candidate, sent: Span, seg_text: str, ctx: DocumentContext) -> bool:
    """Weak triggers ("hit", "target", "drop") need a sign of violence: a weapon, an armed actor or
    noun, or casualties ("the slump has hit Africa's biggest economy" has none)."""
    if any(t.token.lemma_.lower() not in WEAK_LEMMAS for t in cand.triggers):
        return True
    return bool(cand.killed or cand.wounded or cand.weapon or ctx.actors_in(sent.start_char, sent.end_char)
                or ARMED_NOUNS.search(span_text(sent)) or cand.perpetrator_text)


def generic_mention(cand: Candidate) -> bool:
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
    only_verbs_of_dying = all(t.token.lemma_.lower() in DYING_LEMMAS for t in cand.triggers)
    if only_verbs_of_dying and cand.date is not None and cand.date.precision >= 3 and \
            not (cand.place and (cand.place.precision or 9) <= 3) and cand.kind != "leader_killed":
        return True
    return False


def worth_keeping(c: Candidate) -> bool:
    """A lone trigger with nothing to pin it (no place, date, casualties or agent) is too thin."""
    if c.kind == "territory_change":
        return c.place is not None
    return bool(c.anchored or c.perpetrator and c.attribution != "inferred")


def kept_incidents(found: list[Candidate]) -> list[Candidate]:
    """The candidates worth keeping; in a report where none is, the ground attacks that name the
    thing they damaged and the weapon or the doer ("our units sabotaged the electrical system",
    "the bomb attack on the university", not "a fierce attack on the budget"): a report that tells
    of such an attack and gives no place or date for it still tells that attack. A drone's strike
    is left out: with nothing named, even its kind (a state's airstrike or an armed group's attack)
    is unknown."""
    kept = [c for c in found if worth_keeping(c)]
    return kept or [c for c in found if c.kind in ("attack", "battle") and c.attack_type != "drone" and c.target_text
                    and (c.weapon or c.perpetrator or c.perpetrator_text)
                    and any(t.token.lemma_.lower() in DAMAGE_LEMMAS for t in c.triggers)]



# --- sums: a toll or a count of many incidents ------------------------------------------------------
_PLURAL_EVENTS = _VOCAB.alternation("plural_event_nouns")
_PLURAL_EVENT = re.compile(rf"(?:{_PLURAL_EVENTS})", re.I)
_SPREAD = re.compile(rf"\b(?:{_VOCAB.alternation('spread_words')})\b(?!\s+the\s+(?:border|street|road|river|line))",
                     re.I)
_ACCUMULATION = re.compile(rf"\b(?:{_VOCAB.alternation('accumulation_words')})\b", re.I)
_RUNNING = re.compile(rf"\b(?:{_VOCAB.alternation('running_words')})\b", re.I)
# "in 80 raids", "two bombings", "struck two busy neighbourhoods": a count of events or of places hit
_COUNTED_EVENTS = re.compile(rf"(?<![\w-])(?P<count>{NUMBER_PHRASE}|{_VOCAB.alternation('plurality_words')})\s+"
                             rf"(?:[\w-]+\s+){{0,2}}?"
                             rf"(?:{_PLURAL_EVENTS}|{_VOCAB.alternation('counted_place_plurals')})\b", re.I)
_ONE_OPERATION = re.compile(rf"\b(?:{_VOCAB.alternation('one_operation_words')})\b", re.I)
_PLURALITY = re.compile(rf"(?:{_VOCAB.alternation('plurality_words')})", re.I)  # "separate attacks", "a wave of bombings"
# "breaking the ceasefire 2,500 times": a tally of events
_MANY_TIMES = re.compile(r"(?<![\w.,])(?P<count>\d{1,3}(?:,\d{3})+|\d{2,})\s+times\b")
# "killed in attacks in Maiduguri and Bama", "killed in protests across the country"
_PLURAL_CAUSE = re.compile(rf"\b(?:killed|dead|died|wounded|injured|hurt|kill|kills)\s+(?:[\w'’-]+\s+){{0,3}}?"
                           rf"(?:in|during|by)\s+(?:[\w'’-]+\s+){{0,3}}?(?:{_PLURAL_EVENTS})\b", re.I)
_SEVERAL_PLACES = re.compile(r"\bin\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*(?:,\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)*"
                             r",?\s+and\s+(?:in\s+)?[A-Z]")
# "killed ... across the country", "nationwide, 30 people died": a toll spread over a region
_SPREAD_TOLL = re.compile(rf"\b(?:killed|killing|kill|kills|dead|died|wounded|injured|injuring)\b[^.;]{{0,100}}?"
                          rf"\b(?:{_VOCAB.alternation('spread_words')})\b(?!\s+the\s+(?:border|street|road|river|line))"
                          rf"|\b(?:{_VOCAB.alternation('spread_words')})\b[^.;]{{0,60}}?\b(?:killed|dead|died|wounded|injured)\b",
                          re.I)
_ANY_COUNT = re.compile(rf"(?<![\w-])(?P<count>{NUMBER_PHRASE})(?![\w-])", re.I)
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
MANY_TIMES_MIN = 50  # "shot 17 times" is one incident; "broke the ceasefire 2,500 times" is not
COUNTRY_PRECISION = 6


def sum_of_incidents(cand: Candidate, seg_text: str) -> bool:
    """A sum, a running toll or a period total is an indicator or nothing, never one incident:
    "air strikes have killed more than 12,000 since March", "the insurgency has killed 9,000",
    "air raids kill 12 across the province", "killed in two bombings", "300 suspects were held in
    80 raids in 2021 alone", "four have been detained so far", "a total of 40 people died over the
    week", "breaking the ceasefire 2,500 times". A specific incident a sum
    names keeps its own segment and stays an incident, as does a background incident with its own
    year ("in 2015 a bomb killed 30")."""
    if cand.kind == "arrest":
        # "four have been detained so far", "300 suspects were held in 80 raids in 2021 alone"
        return _many_people(seg_text) and bool(_RUNNING.search(seg_text) or told_as_total(seg_text)
                                               or _counted_events(seg_text))
    if cand.kind == "territory_change":
        return False
    if _several_dead_or_wounded(cand) and _counted_events(seg_text):
        return True  # "rockets struck two neighbourhoods, killing 15": one toll of several incidents
    if _one_specific_incident(cand):
        return False
    if cand.total and not (cand.killed or cand.wounded):
        return True  # its only figure is a war's, a campaign's or a period's
    if _many_times(seg_text) or _many_targets(seg_text) and not (cand.own_date and cand.date is not None
                                                                 and cand.date.precision <= 1):
        return True
    if not _several_dead_or_wounded(cand):
        return False  # without a toll of its own, a plural is left to the generic-mention filter
    spread = _SPREAD.search(seg_text) or _SEVERAL_PLACES.search(seg_text)
    if _plural_events(cand, seg_text) and (spread or _country_only(cand) and not _told_before(cand)):
        return True
    if _SPREAD_TOLL.search(seg_text) and _country_only(cand):
        return True  # "six people died across the country on Friday"
    return bool(_ACCUMULATION.search(seg_text)) and not _singular_event(cand)


def _one_specific_incident(cand: Candidate) -> bool:
    """A singular event noun with its own day or a fine place: "an airstrike on a school in Idlib
    on Monday" is one incident whatever else its sentence sums up."""
    day = cand.own_date and cand.date is not None and cand.date.precision <= 2
    fine = cand.place is not None and (cand.place.precision or 9) <= 3
    return _singular_event(cand) and day and fine


def _singular_event(cand: Candidate) -> bool:
    return any(t.noun and not t.plural and t.token.lemma_.lower() not in WAR_NOUNS for t in cand.triggers)


def _told_before(cand: Candidate) -> bool:
    """'The attacks killed at least 130': plural events named as already told (definite or
    possessed) refer back to an incident of the document, not to a new sum."""
    plural = [t for t in cand.triggers if t.noun and t.plural]
    return bool(plural) and all(any(c.dep_ == "poss" or c.dep_ == "det" and c.lower_ in ("the", "these", "those")
                                    for c in t.token.children) for t in plural)


def _plural_events(cand: Candidate, seg_text: str) -> bool:
    """Events told in the plural as the agent or the cause of the dead: "Israeli attacks killed",
    "killed in protests"."""
    plural = [t for t in cand.triggers if t.noun and t.plural and _PLURAL_EVENT.fullmatch(t.text)]
    return bool(plural and not _singular_event(cand)) or bool(_PLURAL_CAUSE.search(seg_text))


def _counted_events(seg_text: str) -> bool:
    """'in two bombings', 'in 122 operations' (not 'one of the two attacks', 'the Nov. 13 attacks')."""
    seg_text = mask_non_counts(seg_text)
    for m in _COUNTED_EVENTS.finditer(seg_text):
        if _YEAR.fullmatch(m.group("count")):
            continue  # "the 1967 killings"
        if _ONE_OPERATION.search(m.group(0)):
            continue  # "two coordinated attacks": one operation
        count = parse_count(m.group("count")) or ((2, None) if _PLURALITY.fullmatch(m.group("count")) else (0, 0))
        if (count[0] or 0) >= 2 and not seg_text[:m.start()].rstrip().lower().endswith(("of", "first")):
            return True
    return False


# "hit more than 460 Houthi targets": a count of places or targets struck
_COUNTED_TARGETS = re.compile(rf"(?<![\w-])(?P<count>{NUMBER_PHRASE})\s+(?:[\w-]+\s+){{0,3}}?"
                              rf"(?:{_VOCAB.alternation('counted_place_plurals')})\b", re.I)
MANY_TARGETS_MIN = 100  # "struck 12 sites" may be one night's raid; "hit 460 targets" is a campaign's tally


def _many_targets(seg_text: str) -> bool:
    for m in _COUNTED_TARGETS.finditer(mask_non_counts(seg_text)):
        count = parse_count(m.group("count"))
        if count and not _YEAR.fullmatch(m.group("count").strip()) and (count[0] or count[1] or 0) >= MANY_TARGETS_MIN:
            return True
    return False


def _many_times(seg_text: str) -> bool:
    return any(int(m.group("count").replace(",", "")) >= MANY_TIMES_MIN for m in _MANY_TIMES.finditer(seg_text))


def _several_dead_or_wounded(cand: Candidate) -> bool:
    return any(rng is not None and ((rng[0] or 0) >= 2 or (rng[1] or 0) >= 2) for rng in (cand.killed, cand.wounded))


def _many_people(seg_text: str) -> bool:
    """A count of two or more: the arrests it tells are several."""
    for m in _ANY_COUNT.finditer(mask_non_counts(seg_text)):
        if _YEAR.fullmatch(m.group("count")):
            continue
        count = parse_count(m.group("count"))
        if count and (count[0] or count[1] or 0) >= 2:
            return True
    return False


def _country_only(cand: Candidate) -> bool:
    """No place finer than a country (a name the gazetteer does not know may be a village)."""
    return cand.place is None or (cand.place.precision is not None and cand.place.precision >= COUNTRY_PRECISION)


def sums_of_parts(found: list[Candidate]) -> list[Candidate]:
    """The incidents of a document without the sums the document breaks down: "blasts in Kirkuk
    kill at least 14" is the sum of "a car bomb ... killing 11" and "a roadside bomb ... killing 3"
    told after it; the parts are the incidents."""
    return [c for c in found if not _sum_of_parts(c, found)]


def _sum_of_parts(cand: Candidate, found: list[Candidate]) -> bool:
    if not cand.killed or not _told_in_plural(cand):
        return False
    low = cand.killed[0] if cand.killed[0] is not None else cand.killed[1]
    high = cand.killed[1] if cand.killed[1] is not None else float("inf")
    parts = [p for p in found if p is not cand and p.killed and p.killed[0] is not None and p.killed[0] < low
             and (p.country is None or cand.country is None or p.country == cand.country)]
    total = sum(p.killed[0] for p in parts)
    return len(parts) >= 2 and low / 2 <= total <= high


def _told_in_plural(cand: Candidate) -> bool:
    """Where it is first told, every event noun of the incident is plural ("blasts in Kirkuk kill at
    least 14", "killed in weekend raids")."""
    nouns = [t for t in cand.triggers if t.noun and cand.start <= t.start < cand.end
             and t.token.lemma_.lower() not in DYING_LEMMAS]
    return bool(nouns) and all(t.plural and _PLURAL_EVENT.fullmatch(t.text) for t in nouns)


SUM_PARTS_WINDOW = 12  # sentences after a sum in which its parts are told (quotes and background between them)


def date_from_sum(cand: Candidate, last_sum: Candidate | None) -> None:
    """'Rebel attacks killed at least 15 across the province on Sunday. Nine were killed when
    gunmen raided a village near Beni.' The parts a sum is broken into, told just after it with
    no date of their own, happened on its day."""
    if last_sum is None or cand.own_date or last_sum.date is None or not last_sum.own_date \
            or last_sum.date.precision > 2 or cand.sent_index - last_sum.sent_index > SUM_PARTS_WINDOW:
        return
    if cand.date is None or (cand.date.precision > last_sum.date.precision
                             and cand.date.start <= last_sum.date.start and last_sum.date.end <= cand.date.end):
        cand.date = last_sum.date
