"""Which classified values are aggregate claims: the one decision, for a count of victims, arrests or
actions, between an incident's own figure and a sum.

A count of victims or arrests ("killed 60", "212 suspects were detained") is a sum when its own
clause (up to a subordinate clause, a semicolon or a dash) says so, by `sum_frame`:

* a period or a counting frame: "since March 2", "so far", "in May alone", "a total of",
  "over the past week", "this year", "between January and June";
* a war or a campaign as the killer: "the insurgency has killed", "the junta's campaign has killed",
  "killed in the fighting" (unless a day is given: "the fighting on Friday" is one battle);
* several incidents as the killer: "Saudi airstrikes killed", "riots that left nine dead",
  "hurt in protests" (unless they are one incident: "a string of coordinated bombings", bombings
  placed in one town, or a singular incident nearer the count, "an ambush on a convoy ... killed");
* a whole country as the scope: "across Kenya", "nationwide".

It is an incident's figure, whatever the frame, when the clause names the incident it belongs to
("killed 41 people in a raid on ...", "the death toll from the blast rose ..."). A count
of actions (attacks, strikes, missiles fired, targets hit) is a sum with any frame or date, a
month or a year included; a stock (fighters, hostages held, displaced people, bodies recovered) is
a claim as it stands. A force size must be said as one ("fields 19,000 fighters"); a vague
quantity ("dozens of attacks") gives no figure to put in a series.
"""
from __future__ import annotations

import re

from spacy.tokens import Span

from strife.extract.context import DocumentContext
from strife.extract.indicators.claims import Claim
from strife.nlp.gazetteer import Gazetteer
from strife.nlp.lexicon import load_vocabulary
from strife.nlp.pipeline import span_text

_VOCAB = load_vocabulary()

# counts of people an incident also reports: a sum only in a frame that says so
VICTIM_METRICS = frozenset({"deaths_count", "wounded_count", "casualties_count", "civilians_killed",
                            "security_forces_killed", "militants_killed"})
EVENT_METRICS = VICTIM_METRICS | {"arrests_count", "abductions_count"}
# counts of actions: several actions with a date are already a sum ("up to 18 strikes yesterday")
ACTION_METRICS = frozenset({"attacks_count", "operations_count", "strikes_count", "projectiles_count",
                            "targets_struck", "drones_launched"})
FORCE_METRICS = frozenset({"fighters", "troops"})

# a force size is said as one: "fields 19,000 fighters", "2,500 fighters who remain at large", "a 1,300-strong",
# "there are 300 gunmen in the town", "its 1,800 peacekeepers"
_FORCE_BEFORE = re.compile(r"\b(?:fields?|fielded|musters?|commands?|has|have|had|boasts?|numbers?|numbering|"
                           r"estimated|estimates?\s+of|deploy\w*|recruit\w*|pursuit\s+of|total\s+of|strength\s+of|"
                           r"there\s+(?:are|were|remain)|its|their)\s+(?:[\w-]+\s+){0,3}$", re.I)
_FORCE_AFTER = re.compile(r"^[^.;]{0,40}?\b(?:strong|at\s+large|remain\w*|in\s+(?:its|their)\s+ranks|under\s+arms)\b",
                          re.I)
_CASUALTY_AFTER = re.compile(r"^[^.;]{0,70}?\b(?:(?:were|was|have\s+been|had\s+been|are|being)\s+(?:killed|captured|"
                             r"arrested|wounded|injured|executed|detained)|died)\b", re.I)
_MONTH = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
# a period or a counting frame
_PERIOD_FRAME = re.compile(
    rf"\b(?:{_VOCAB.alternation('total_words')}|since|between\s+(?:[\w-]+\s+){{0,8}}?(?:(?:19|20)\d\d|{_MONTH})\b|"
    rf"from\s+\w+\s+(?:\d{{4}}\s+)?to|in\s+the\s+(?:first|past|last|second)|this\s+year|last\s+year|"
    rf"per\s+(?:month|year|week|day)|a\s+(?:month|year|week)\b(?!\s+(?:after|before|later|earlier|ago))|"
    rf"over\s+the\s+(?:past|last)|as\s+of|"
    rf"during\s+(?:the\s+)?(?:(?:first|past|last|previous|same|whole|entire)\s+\w+|(?:19|20)\d\d|{_MONTH}|"
    rf"(?:this|that)\s+(?:year|month|week|period))|during\s+(?:those|these|the)\s+[\w-]+s\b)\b", re.I)
# a month or a year: a period for a count of actions, but the date of one incident for a toll
_DATED_FRAME = re.compile(rf"\b(?:in|during)\s+(?:all\s+of\s+)?(?:(?:19|20)\d\d|{_MONTH})\b", re.I)
# one incident named by a noun: "the attack", "the shelling"
_SINGLE_EVENT = "|".join(re.escape(w) for w in sorted(_VOCAB.words("event_nouns") | _VOCAB.words("event_head_nouns")
                                                       | _VOCAB.words("single_incident_nouns"), key=len, reverse=True)
                         if not w.endswith("s") and w != "fighting")
_WAR_WORDS = f"{_VOCAB.alternation('war_nouns')}|{_VOCAB.alternation('war_like_nouns')}"
_WAR_NOUN = rf"(?:the|this|that|its|their|his|her|[\w-]+(?:'s|’s))\s+(?:[\w-]+\s+){{0,2}}?(?:{_WAR_WORDS})\b"
_WAR_AFTER = re.compile(rf"[^.;]{{0,50}}?\b(?:in|during)\s+{_WAR_NOUN}", re.I)
_KILLER_NOUN = re.compile(rf"(?P<war>\b{_WAR_NOUN})|\b(?:(?P<plural>{_VOCAB.alternation('aggregate_event_plurals')})|"
                          rf"{_SINGLE_EVENT})\b", re.I)
# "the bombings", "Friday's raids": a plural that refers back to one incident told before
_REFERS_BACK = re.compile(r"\b(?:the|these|those|both|[\w-]+(?:'s|’s))\s+(?:[\w-]+\s+){0,2}$", re.I)
_ONE_SERIES = re.compile(rf"\b(?:{_VOCAB.alternation('single_series_words')})\s+(?:[\w-]+\s+){{0,2}}$", re.I)
_ALTERNATIVE_BEFORE = re.compile(r"\bor\s+(?:[\w-]+\s+){0,2}$", re.I)
_ALTERNATIVE_AFTER = re.compile(r"\s+or\b", re.I)
_EVENTS_AFTER = re.compile(rf"[^.;]{{0,50}}?\bin\s+(?:the\s+)?(?:[\w-]+\s+){{0,2}}?"
                           rf"(?:{_VOCAB.alternation('aggregate_event_plurals')})\b", re.I)
# "in the French capital", "at a military base": one place named in words
_PLACE_PHRASE = re.compile(rf"\b(?:in|at|on)\s+(?:the|an?)\s+(?:[\w-]+\s+){{0,2}}?(?:{_VOCAB.alternation('place_nouns')})\b",
                           re.I)
_SCOPE = re.compile(rf"\b(?:{_VOCAB.alternation('scope_words')})\b", re.I)
# "killed 41 people in a raid on ...": the toll of the incident the clause names
_OWN_INCIDENT_AFTER = re.compile(rf"[^.;]{{0,40}}?\b(?:in|during)\s+(?:an?|the|that|this)\s+(?:[\w-]+\s+){{0,3}}?"
                                 rf"(?:{_SINGLE_EVENT})\b(?!s)", re.I)
# "the death toll from the blast rose to ...": the sentence counts one incident's dead
_OWN_INCIDENT_TOLL = re.compile(rf"\btoll\s+(?:from|of|in)\s+(?:the|this|that|[\w-]+(?:'s|’s))\s+(?:[\w-]+\s+){{0,2}}?"
                                rf"(?:{_SINGLE_EVENT})\b(?!s)", re.I)
_DAY = re.compile(r"\b(?:yesterday|today|last\s+night|on\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b", re.I)


def accepted(v: Claim, sent: Span, ctx: DocumentContext) -> bool:
    """Whether a classified value is an aggregate claim worth a series: a count of victims or
    arrests that is a sum, a count of actions with a frame or a date, a stock, a force size said as
    one, more than one village."""
    if v.attrs.get("vague"):
        return False  # "dozens of attacks", "hundreds of members": no figure to put in a series
    size = max(x for x in (v.low, v.high, 0) if x is not None)
    if v.metric in EVENT_METRICS:
        if v.attrs.get("aggregate"):
            # "recovered 23 bodies in the district": a count over an area, unless its clause names the one
            # incident they died in ("recovered 23 bodies from the rubble of the blast")
            if names_incident(sent, v.start, v.ev_end, ctx):
                return False
        elif size < 2 or sum_frame(sent, v.start, v.ev_end, ctx) is None:
            return False
    if v.metric in ACTION_METRICS:
        # anywhere in the sentence, as a date is: "have fired 90 missiles so far, while the jets have fired 30
        # rockets" (a clause of the sentence frames the actions of the others)
        start, end = sent.start_char, sent.end_char
        framed = _PERIOD_FRAME.search(ctx.text, start, end) or _DATED_FRAME.search(ctx.text, start, end)
        timed = any(sent.start_char <= tx[0] < sent.end_char for tx in ctx.timexes)
        if not framed and not (timed and size >= 5):
            return False
    if v.metric in FORCE_METRICS:
        before = ctx.text[max(sent.start_char, v.start - 40):v.start]
        after = ctx.text[v.ev_end:sent.end_char]
        if size < 10 or not (_FORCE_BEFORE.search(before) or _FORCE_AFTER.match(after)) or _CASUALTY_AFTER.match(after):
            return False
    if v.metric in ("villages_lost", "villages_held") and size < 2:
        return False
    return True


def sum_frame(sent: Span, start: int, end: int, ctx: DocumentContext) -> str | None:
    """Why a count of victims or arrests told at document offsets start..end is a sum ("period",
    "scope", "war", "events"), or None when it is an incident's own figure."""
    text = ctx.text
    c_start, c_end = clause(sent, start, end)
    killer = _killer(text, c_start, start)
    if names_incident(sent, start, end, ctx):
        return None
    if _PERIOD_FRAME.search(text, c_start, c_end):
        return "period"
    if _SCOPE.search(text, c_start, c_end):
        return "scope"
    day = _DAY.search(text, c_start, c_end) or any(c_start <= s < c_end and v.precision <= 1
                                                   for s, _, v in ctx.timexes)
    if not day and (killer == "war" or _WAR_AFTER.match(text, end, c_end)):
        return "war"
    if (killer == "events" or killer is None and _EVENTS_AFTER.match(text, end, c_end)) \
            and not _placed(ctx, c_start, c_end):
        return "events"
    return None


def names_incident(sent: Span, start: int, end: int, ctx: DocumentContext) -> bool:
    """The clause of a count names the one incident it belongs to: a singular incident close before
    it, "in an ambush on ..." after it, or "the toll from the blast" in its sentence."""
    text = ctx.text
    c_start, c_end = clause(sent, start, end)
    return (_killer(text, c_start, start) == "incident" or _OWN_INCIDENT_AFTER.match(text, end, c_end) is not None
            or _OWN_INCIDENT_TOLL.search(span_text(sent)) is not None)


def _killer(text: str, c_start: int, start: int) -> str | None:
    """What the nearest event noun before a count says of it: "war" (the war, the junta's campaign),
    "events" (a plural of incidents: "Saudi airstrikes killed", "riots that left nine dead", unless
    they hesitate between two kinds, "raids or shelling"), "incident" (a singular incident close
    before the count, "a knife rampage that left four dead", or one incident's parts, "a string of
    coordinated bombings", "the bombings"), else None."""
    nearest = None
    for m in _KILLER_NOUN.finditer(text, c_start, start):
        nearest = m
    if nearest is None:
        return None
    if nearest.group("war"):
        return "war"
    if nearest.group("plural"):
        if _ONE_SERIES.search(text, c_start, nearest.start()) or _REFERS_BACK.search(text, c_start, nearest.start()):
            return "incident"
        if _ALTERNATIVE_BEFORE.search(text, c_start, nearest.start()) or _ALTERNATIVE_AFTER.match(text, nearest.end()):
            return None
        return "events"
    between = text[nearest.end():start]
    return "incident" if "," not in between and len(between.split()) <= 12 else None


def _placed(ctx: DocumentContext, start: int, end: int) -> bool:
    """The clause puts what it counts in one place: a place finer than a country (not a demonym, not
    part of an actor's name), or a place noun ("in the capital")."""
    if _PLACE_PHRASE.search(ctx.text, start, end):
        return True
    gazetteer = Gazetteer.load()
    return any(p.start is not None and start <= p.start < end and p.precision is not None and p.precision <= 4
               and not gazetteer.is_demonym(ctx.text[p.start:p.end or p.start])
               and not any(sp.start_char <= p.start < sp.end_char for sp in ctx.actor_spans)
               for p in ctx.places)


# "..., when ...", "..., in which ...", "; ", " — ": where a value's own clause ends
_CLAUSE_BREAK = re.compile(r",\s*(?=(?:when|after|before|as|while|where|which|in\s+which)\b)|;|\s[—–]\s", re.I)


def clause(sent: Span, start: int, end: int) -> tuple[int, int]:
    """The stretch of the sentence around a value up to a subordinate clause, a semicolon or a dash."""
    text, base = span_text(sent), sent.start_char
    c_start, c_end = base, sent.end_char
    for m in _CLAUSE_BREAK.finditer(text):
        if base + m.end() <= start:
            c_start = base + m.end()
        elif base + m.start() >= end:
            c_end = base + m.start()
            break
    return c_start, c_end
