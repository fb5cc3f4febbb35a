"""Value phrases of a sentence and their numbers: shares ("about a third", "40 percent"), areas
("2,400 square kilometers", square miles converted), counts followed by what they count (the count
rules below, earlier rules winning a value two could read), and "down from N" that takes the noun
of the value before it. A number that is part of a date is no value.

Values: "19,000 to 25,000" → 19000..25000; "more than 20 percent" → 0.2..null; "up to 18" →
null..18; "about a third" → 0.33. A vague quantity ("dozens") is a lower bound, marked vague.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span

from strife.extract.context import DocumentContext
from strife.extract.indicators.claims import Claim
from strife.nlp.lexicon import load_vocabulary
from strife.nlp.numbers import NUMBER, QUALIFIER, VAGUE, parse_number
from strife.nlp.pipeline import span_text

FRACTIONS = {"a third": 1 / 3, "one third": 1 / 3, "one-third": 1 / 3, "a quarter": 0.25, "one quarter": 0.25,
             "a fourth": 0.25, "half": 0.5, "one half": 0.5, "two thirds": 2 / 3, "two-thirds": 2 / 3,
             "three quarters": 0.75, "three-quarters": 0.75, "a fifth": 0.2, "one fifth": 0.2, "a tenth": 0.1}
SQ_MILE_KM2 = 2.58999
_VOCAB = load_vocabulary()

FRACTION = r"(?:" + "|".join(re.escape(f) for f in sorted(FRACTIONS, key=len, reverse=True)) + r")"
START = r"(?<![\w.,-])"  # a value starts a word: "drone" holds no "one"
Q = rf"(?:(?P<qual>{QUALIFIER})\s+)?"
VAL = rf"(?P<v1>{NUMBER})(?:\s*(?:-|–|to|and)\s*(?P<v2>{NUMBER}))?"
_AREA_UNIT = r"(?P<unit>square\s+kilomet(?:er|re)s?|square\s+km|sq\.?\s?km|km2|km²|square\s+miles?|sq\.?\s?mi(?:les)?\b)"

_SHARE_RE = re.compile(rf"{START}{Q}(?:(?P<p1>\d+(?:\.\d+)?|{NUMBER})(?:\s*(?:-|–|to|and)\s*(?P<p2>\d+(?:\.\d+)?))?"
                       rf"\s*(?:%|\bpercent\b|\bper\s+cent\b)|(?P<frac>\b{FRACTION}\b))", re.I)
# what every value pattern below needs somewhere in the sentence
ANY_VALUE_RE = re.compile(rf"{START}(?:{NUMBER})|%|\bper\s*cent\b|\b{FRACTION}\b", re.I)
_AREA_RE = re.compile(rf"{START}{Q}{VAL}\s*{_AREA_UNIT}", re.I)
# up to two words between a count and its noun ("2,500 IS fighters", "40 cruise missiles"), never a
# word that joins or relates ("three of nine raids", "12 plots or bombings", "10 to 15 people"), but
# the "of" of a vague quantity ("dozens of raids": read, then refused as no figure)
MODS = (r"(?:(?:(?<=dozens\s)|(?<=scores\s)|(?<=hundreds\s)|(?<=thousands\s))of\s+)?"
        r"(?:(?-i:(?!(?:of|or|and|nor|to|in|on|at|by|from|with|than|the|an?|were|was|is|are|have|has|had|been|who|"
        r"which|that|per)\b))[\w’'-]+\s+){0,2}?")
# any character up to the sentence's end or a semicolon, a decimal point included ("rose from 2.1 million")
_SAME_CLAUSE = r"(?:[^.;]|\.(?=\d))"
# "Yemenis", "Congolese": a people named by a plural demonym
_PEOPLE_NAME = r"(?-i:[A-Z][a-z]+(?:s|ese)\b)"
_BE = r"(?:(?:were|was|have\s+been|had\s+been|has\s+been|are|is|being)\s+)"
_ADVERB = r"(?:(?:\w+ly|also|reportedly|all|now|since|still)\s+)?"
# "from 2.1 million to 2.6 million": two values, each read alone
_ONE = rf"(?P<v1>{NUMBER})(?P<v2>(?!x)x)?"


@dataclass(frozen=True)
class CountRule:
    """A count of something an actor did, suffered or has: the metric it measures, its pattern,
    the words (substrings of the lower-cased sentence) without one of which it cannot match, so that
    a sentence lacking them all skips the pattern's scan, and whether the phrasing alone makes it a
    sum or a stock ("recovered 23 bodies" counts bodies found over an area, not one incident's dead)."""

    name: str
    metric: str
    pattern: re.Pattern
    needs: tuple[str, ...]
    aggregate: bool = False


def _w(name: str) -> str:
    return _VOCAB.alternation(name)


_VICTIMS = rf"(?:{_w('victim_plurals')}|{_PEOPLE_NAME})"
# "..., including 12 thought to be dead", "two of whom are presumed dead"
_HOSTAGES_DEAD = (r"(?:(?:are|were|have\s+been|had\s+been)\s+)?(?:(?:believed|thought|confirmed|presumed|declared|feared|"
                  r"known|reported)\s+)?(?:to\s+(?:be|have\s+been)\s+)?(?:dead|killed)\b")
# earlier rules win a value several could read
COUNT_RULES: tuple[CountRule, ...] = tuple(
    CountRule(name, metric, re.compile(pattern, re.I), needs, *extra) for name, metric, pattern, needs, *extra in [
    ("n killed or wounded", "casualties_count",
     rf"{START}{Q}{VAL}\s+{MODS}{_BE}?{_ADVERB}(?:killed|dead)\s+or\s+(?:wounded|injured)\b", (" or ",)),
    ("n casualties", "casualties_count", rf"{START}{Q}{VAL}\s+{MODS}casualties\b", ("casualties",)),
    ("killing militants", "militants_killed",
     rf"\b(?:{_w('militant_killing_verbs')})\s+{Q}{VAL}\s+{MODS}(?:{_w('militant_plurals')})\b",
     ("kill", "eliminat", "neutrali")),
    ("n militants were killed", "militants_killed",
     rf"{START}{Q}{VAL}\s+{MODS}(?:{_w('militant_plurals')})\s+{_BE}{_ADVERB}(?:killed|eliminated|neutrali[sz]ed)\b",
     ("kill", "eliminat", "neutrali")),
    ("n soldiers died", "security_forces_killed",
     rf"{START}{Q}{VAL}\s+{MODS}(?:{_w('security_plurals')})\s+(?:{_BE}{_ADVERB}(?:{_w('death_participles')})|"
     rf"{_ADVERB}(?:{_w('dying_verbs')}))\b", ("kill", "died", "perished", "lives", "slain", "dead", "murdered")),
    ("killed n soldiers", "security_forces_killed",
     rf"\b(?:killed|killing|kills|left)\s+{Q}{VAL}\s+{MODS}(?:{_w('security_plurals')})\b", ("kill", "left")),
    ("n civilians died", "civilians_killed",
     rf"{START}{Q}{VAL}\s+{MODS}civilians\s+(?:{_BE}{_ADVERB}(?:{_w('death_participles')})|"
     rf"{_ADVERB}(?:{_w('dying_verbs')}))\b", ("civilians",)),
    ("killed n civilians", "civilians_killed", rf"\b(?:killed|killing|kills|left)\s+{Q}{VAL}\s+{MODS}civilians\b",
     ("civilians",)),
    ("arresting n", "arrests_count",
     rf"\b(?:arresting|arrested|arrests|detaining|detained|detains|rounding\s+up|rounded\s+up)\s+{Q}{VAL}"
     rf"\b(?!\s*(?:%|percent|per cent|square|sq|km|miles|villages|towns|times))",
     ("arrest", "detain", "rounding", "rounded")),
    ("n were arrested", "arrests_count",
     rf"{START}{Q}{VAL}\s+{MODS}{_BE}{_ADVERB}(?:{_w('arrest_participles')})\b",
     ("arrest", "detain", "rounded", "custody", "apprehend", "picked")),
    ("capturing militants", "arrests_count",
     rf"\bcaptur(?:ing|ed)\s+{Q}{VAL}\s+{MODS}(?:{_w('captive_plurals')})\b", ("captur",)),
    ("kidnapping n", "abductions_count",
     rf"\b(?:kidnapp(?:ed|ing)|abduct(?:ed|ing))\s+{Q}{VAL}\b(?!\s*(?:%|percent|times))", ("kidnapp", "abduct")),
    ("n hostages held", "hostages_held",
     rf"{START}{Q}{VAL}\s+{MODS}(?:{_w('hostage_plurals')})\s+(?:(?:who\s+)?(?:are|were|remain|remained)\s+)?"
     rf"(?:still\s+)?(?:remain|held|being\s+held|in\s+captivity)\b", ("hostage", "captiv", "abductees"), True),
    ("n people held captive", "hostages_held",
     rf"{START}{Q}{VAL}\s+{MODS}(?:{_VICTIMS}|{_w('hostage_plurals')})\s+(?:who\s+)?(?:(?:are|were|remain)\s+)?"
     rf"(?:(?:believed|thought|known|said|presumed)\s+)?(?:still\s+)?(?:to\s+be\s+)?(?:still\s+)?"
     rf"(?:{_w('captivity_words')})\b", ("captiv", "hostage"), True),
    ("holding n hostages", "hostages_held",
     rf"\b(?:holding|holds|hold|held|still\s+has)\s+{Q}{VAL}\s+{MODS}(?:{_w('hostage_plurals')})\b",
     ("hostage", "captives", "abductees"), True),
    ("including n dead", "hostages_dead",
     rf"\bincluding\s+{Q}{VAL}\s+{_HOSTAGES_DEAD}", ("hostage", "captiv"), True),
    ("of whom n dead", "hostages_dead",
     rf"{START}{Q}{VAL}\s+of\s+(?:whom|them)\s+{_HOSTAGES_DEAD}", ("hostage", "captiv"), True),
    ("n were killed", "deaths_count",
     rf"{START}{Q}{VAL}\s+{MODS}{_BE}{_ADVERB}(?:{_w('death_participles')})\b",
     ("killed", "massacred", "slain", "murdered", "shot dead")),
    ("n people died", "deaths_count",
     rf"{START}{Q}{VAL}\s+{MODS}(?:{_VICTIMS}\s+)?{_ADVERB}(?:{_w('dying_verbs')})\b", ("died", "perished", "lives")),
    ("killed n people", "deaths_count",
     rf"\b(?:killed|killing|kills|left|massacred)\s+{Q}{VAL}\s+{MODS}{_VICTIMS}", ("kill", "left", "massacred")),
    ("n deaths", "deaths_count", rf"{START}{Q}{VAL}\s+(?:deaths|fatalities)\b", ("deaths", "fatalities")),
    ("n bodies", "deaths_count",
     rf"\b(?:recovered|retrieved|found|pulled|exhumed|discovered|recovering|retrieving|finding)\s+{Q}{VAL}\s+{MODS}"
     rf"bodies\b", ("bodies",), True),
    ("n were wounded", "wounded_count",
     rf"{START}{Q}{VAL}\s+{MODS}{_BE}{_ADVERB}(?:wounded|injured)\b", ("wounded", "injured")),
    ("wounding n", "wounded_count",
     rf"\b(?:{_w('wounding_verbs')})\s+{Q}{VAL}\b(?:\s+{MODS}{_VICTIMS})?"
     rf"(?!\s*(?:%|percent|per cent|square|sq|km|miles|times|of\b))", ("injur", "wound", "maim")),
    ("number displaced from n", "displaced",
     rf"\bnumber\s+of\s+(?:{MODS}(?:{_w('victim_plurals')})\s+)?(?:{_w('displacement_words')})\b{_SAME_CLAUSE}{{0,60}}?"
     rf"\bfrom\s+{Q}{_ONE}", ("displaced", "uprooted")),
    ("number displaced to n", "displaced",
     rf"\bnumber\s+of\s+(?:{MODS}(?:{_w('victim_plurals')})\s+)?(?:{_w('displacement_words')})\b{_SAME_CLAUSE}{{0,60}}?"
     rf"\bto\s+{Q}{_ONE}", ("displaced", "uprooted")),
    ("n refugees", "refugees", rf"{START}{Q}{VAL}\s+{MODS}refugees\b", ("refugees",), True),
    ("n sought refuge abroad", "refugees",
     rf"{START}{Q}{VAL}\s+(?:{MODS}{_VICTIMS}\s+)?(?:{_w('refuge_abroad_words')})\b", ("abroad", "fled"), True),
    ("n were displaced", "displaced",
     rf"{START}{Q}{VAL}\s+{MODS}(?:{_BE}|(?:have|had)\s+been\s+)?(?:{_w('displacement_words')})\b",
     ("displaced", "uprooted", "their homes", "to flee"), True),
    ("n people fled", "displaced",
     rf"{START}{Q}{VAL}\s+{MODS}{_VICTIMS}\s+(?:{_w('fleeing_words')})\b", ("fled", "fleeing"), True),
    ("displacing n", "displaced",
     rf"\b(?:displaced|displacing|uprooted|uprooting)\s+{Q}{VAL}\s+{MODS}{_VICTIMS}", ("displac", "uproot"), True),
    ("n families trapped", "families_trapped",
     rf"{START}{Q}{VAL}\s+{MODS}families\s+(?:(?:are|were|remain|remained|remaining|still)\s+)*(?:{_w('trapped_words')})\b",
     ("families",), True),
    ("n civilians trapped", "civilians_trapped",
     rf"{START}{Q}{VAL}\s+{MODS}(?:{_w('trapped_people')})\s+(?:(?:are|were|remain|remained|remaining|still)\s+)*"
     rf"(?:{_w('trapped_words')})\b", ("trapped", "stuck", "stranded", "besieged", "siege", "encircled"), True),
    ("civilians still in", "civilians_trapped",
     rf"\bthere\s+(?:are|were|remain)\s+{Q}{VAL}\s+{MODS}(?:{_w('trapped_people')})\s+still\s+(?:in|inside)\b",
     ("still",), True),
    ("besieged population", "besieged_population",
     rf"\b(?:home\s+to|population\s+of)\s+{Q}{VAL}\s+{MODS}(?:{_w('trapped_people')})\b", ("besieg", "siege"), True),
    ("survivors of sexual violence", "sexual_violence_victims",
     rf"{START}{Q}{VAL}\s+{MODS}(?:survivors|victims)\s+of\s+(?:{_w('sexual_violence_words')})\b",
     ("sexual", "rape"), True),
    ("violating a truce n times", "truce_violations",
     rf"\bviolat(?:ed|ing|es|e)\s+(?:the\s+|a\s+|its\s+)?(?:{_w('truce_nouns')})\s+{Q}{VAL}\s+times\b",
     ("violat",), True),
    ("n truce violations", "truce_violations",
     rf"{START}{Q}{VAL}\s+{MODS}(?:{_w('truce_nouns')})\s+violations\b", ("violations",), True),
    ("launching n drones", "drones_launched",
     rf"\b(?:{_w('firing_verbs')}|deployed|sent)\s+{Q}{VAL}\s+{MODS}(?:{_w('drone_plurals')})\b",
     ("drone", "uav", "unmanned")),
    ("firing n weapons", "projectiles_count",
     rf"\b(?:{_w('firing_verbs')})\s+{Q}{VAL}\s+{MODS}(?:{_w('munition_plurals')})\b",
     ("fire", "firing", "launch", "releas", "drop", "shot", "lobbed")),
    ("n missiles", "projectiles_count", rf"{START}{Q}{VAL}\s+{MODS}(?:{_w('projectile_plurals')})\b",
     ("missile", "rocket", "shell", "mortar", "bomb", "projectile", "grenade", "torpedo", "interceptor")),
    ("striking n targets", "targets_struck",
     rf"\b(?:{_w('striking_verbs')})\s+{Q}{VAL}\s+{MODS}(?:{_w('target_plurals')})\b",
     ("targets", "sites", "positions", "facilities", "installations", "locations")),
    ("n strikes", "strikes_count",
     rf"{START}{Q}{VAL}\s+{MODS}(?:air\s?strikes|drone\s+strikes|strikes|air\s+raids|bombing\s+raids)\b",
     ("strike", "raids")),
    ("n attacks", "attacks_count", rf"{START}{Q}{VAL}\s+{MODS}(?:{_w('attack_plurals')})\b(?!\s+or\b)",
     ("attacks", "bombings", "assaults", "ambushes")),
    ("n operations", "operations_count", rf"{START}{Q}{VAL}\s+{MODS}(?:{_w('operation_plurals')})\b",
     ("missions", "operations", "raids", "sorties")),
    ("n arrests", "arrests_count", rf"{START}{Q}{VAL}\s+{MODS}(?:arrests|detentions)\b", ("arrests", "detentions")),
    ("n kidnappings", "abductions_count", rf"{START}{Q}{VAL}\s+{MODS}(?:kidnappings|abductions)\b",
     ("kidnappings", "abductions")),
    ("n troops", "troops", rf"{START}{Q}{VAL}\s+{MODS}(?:{_w('troop_plurals')})\b",
     ("troops", "soldiers", "peacekeepers", "servicemen", "service members")),
    ("n fighters", "fighters", rf"{START}{Q}{VAL}\s+{MODS}(?:{_w('force_plurals')})\b",
     ("fighters", "militants", "members", "combatants", "jihadists", "insurgents", "under")),
    ("n villages", "villages", rf"{START}{Q}{VAL}\s+{MODS}(?:{_w('settlement_plurals')})\b",
     ("villages", "towns", "hamlets", "localities", "settlements")),
])
# "down from an estimated 20,000 to 31,500": the noun of the value before it
_ELLIPSIS_RE = re.compile(rf"\b(?:down|up)\s+from\s+(?:an?\s+)?(?:estimated\s+|(?:earlier\s+)?estimates?\s+of\s+)?"
                          rf"{Q}{VAL}(?!\s*(?:%|percent|per cent|square|sq\b|km))", re.I)


def find_values(sent: Span, ctx: DocumentContext) -> list[Claim]:
    """Every value phrase of a sentence, in text order, each read once."""
    text, base = span_text(sent), sent.start_char
    if not ANY_VALUE_RE.search(text):
        return []  # two sentences in three: one scan instead of every value pattern's
    values: list[Claim] = []
    for m in _SHARE_RE.finditer(text):
        low, high = share_value(m)
        if low is None and high is None or max(v for v in (low, high) if v is not None) > 1:
            continue
        if m.group("frac") and re.search(r"\b(?:first|second|the|other|latter)\s+$", text[:m.start()], re.I):
            continue  # "the second half of 2015"
        values.append(Claim("share", None, base + m.start(), base + m.end(), base + m.start(), base + m.end(),
                             low, high, "share"))
    for m in _AREA_RE.finditer(text):
        low, high = count_value(m, m.group("unit"))
        values.append(Claim("area", None, base + m.start(), base + m.end(), base + m.start(), base + m.end(),
                             low, high, "km2", area_unit=m.group("unit")))
    lower = text.lower()
    for rule in COUNT_RULES:
        metric = rule.metric
        if not any(w in lower for w in rule.needs):
            continue
        for m in rule.pattern.finditer(text):
            low, high = count_value(m, None)
            v_start = base + m.start("qual") if m.group("qual") else base + m.start("v1")
            values.append(Claim("count", metric, v_start, base + (m.end("v2") if m.group("v2") else m.end("v1")),
                                 base + m.start(), base + m.end(), low, high, "count",
                                 attrs={"vague": m.group("v1").strip().lower() in VAGUE, "rule": rule.name,
                                        "aggregate": rule.aggregate}))
    for m in _ELLIPSIS_RE.finditer(text):
        low, high = count_value(m, None)
        values.append(Claim("ellipsis", None, base + m.start("v1") if not m.group("qual") else base + m.start("qual"),
                             base + (m.end("v2") if m.group("v2") else m.end("v1")), base + m.start(), base + m.end(),
                             low, high, "count"))
    # "the Nov. 13 Paris attacks": a number that is part of a date is no count
    values = [v for v in _exclusive(values) if not any(tx[0] < v.end and v.start < tx[1] for tx in ctx.timexes)]
    return values


def _exclusive(values: list[Claim]) -> list[Claim]:
    """A value phrase is read once: the first reading (shares, areas, then counts in rule order) wins."""
    kept: list[Claim] = []
    for v in values:
        if not any(k.start < v.end and v.start < k.end for k in kept):
            kept.append(v)
    return sorted(kept, key=lambda v: v.start)


def share_value(m: re.Match) -> tuple[float | None, float | None]:
    qual = (m.group("qual") or "").lower()
    if m.group("frac"):
        v = round(FRACTIONS[m.group("frac").lower()], 2)
        return _qualify(qual, v, None)
    p1 = parse_number(m.group("p1")) if m.group("p1") else None
    if p1 is None:
        return None, None
    p2 = parse_number(m.group("p2")) if m.group("p2") else None
    return _qualify(qual, round(p1 / 100, 4), round(p2 / 100, 4) if p2 is not None else None)


def count_value(m: re.Match, unit: str | None) -> tuple[float | None, float | None]:
    v1 = parse_number(m.group("v1")) if m.group("v1") else None
    if v1 is None:
        return None, None
    v2 = parse_number(m.group("v2")) if m.group("v2") else None
    if unit and "mi" in unit.lower() and "kilomet" not in unit.lower():
        v1 = round(v1 * SQ_MILE_KM2)
        v2 = round(v2 * SQ_MILE_KM2) if v2 is not None else None
    if v2 is None and m.group("v1").strip().lower() in VAGUE:
        return v1, None  # "dozens": at least
    return _qualify((m.group("qual") or "").lower(), v1, v2)


def _qualify(qual: str, low: float, high: float | None) -> tuple[float | None, float | None]:
    if high is not None:
        return low, high
    if qual in ("more than", "over", "at least", "least", "upwards of", "in excess of", "no fewer than", "no less than",
                "not less than", "a minimum of", "at a minimum"):
        return low, None
    if qual in ("up to", "as many as", "as much as", "at most", "fewer than", "less than", "under", "a maximum of"):
        return None, low
    return low, low

