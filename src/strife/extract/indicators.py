"""Indicators: aggregate claims ("IS fields 19,000 to 25,000 fighters", "lost 40 percent of its
territory", "153 attacks in the first half of 2024") with subject, region, period and source.

Each metric is a pattern around a value phrase; the subject, region, period and source come from
the sentence's actors, places, time expressions and attribution ("according to IHS", "CENTCOM said").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from strife.nlp.numbers import NUMBER, QUALIFIER, parse_number
from strife.records import Evidence, Indicator, Place

FRACTIONS = {"a third": 1 / 3, "one third": 1 / 3, "one-third": 1 / 3, "a quarter": 0.25, "one quarter": 0.25,
             "a fourth": 0.25, "half": 0.5, "one half": 0.5, "two thirds": 2 / 3, "two-thirds": 2 / 3,
             "three quarters": 0.75, "three-quarters": 0.75, "a fifth": 0.2, "one fifth": 0.2, "a tenth": 0.1}
_FRACTION = r"(?:" + "|".join(re.escape(f) for f in sorted(FRACTIONS, key=len, reverse=True)) + r")"
_Q = rf"(?:(?P<qual>{QUALIFIER})\s+)?"
_VAL = rf"(?P<v1>{NUMBER})(?:\s*(?:-|–|to|and)\s*(?P<v2>{NUMBER}))?"
_PCT = rf"{_Q}(?:(?P<p1>\d+(?:\.\d+)?|{NUMBER})(?:\s*(?:-|–|to)\s*(?P<p2>\d+(?:\.\d+)?))?\s*(?:%|percent|per cent)|(?P<frac>{_FRACTION}))"
_AREA_UNIT = r"(?P<unit>square kilomet(?:er|re)s?|sq\.? ?km|km2|km²|square miles?|sq\.? ?mi(?:les)?)"
_LOSS = r"(?:lost|loses|losing|lose|ceded|surrendered|been driven out of|been pushed out of|a loss of|loss)"
_GAIN_BY_OTHER = r"(?:captured|recaptured|retook|retaken|seized|liberated|reclaimed|took back|taken back|cleared|freed)"
_HOLD = r"(?:controls?|controlled|controlling|held|holds|holding|seized|overran|overrun|had overrun|occupied|occupies|ruled|rules)"


@dataclass(frozen=True)
class MetricRule:
    metric: str
    pattern: re.Pattern
    unit: str
    subject_role: str = "agent"  # "agent": the actor doing it; "other": the side that lost it


def _rx(p: str) -> re.Pattern:
    return re.compile(p, re.I)


RULES = [
    # shares of territory lost / held
    MetricRule("territory_lost_share", _rx(rf"{_LOSS}\s+(?:\w+\s+){{0,3}}?{_PCT}"), "share"),
    MetricRule("territory_lost_share", _rx(rf"{_PCT}\s+(?:of\s+(?:its|their|the)\s+(?:\w+\s+)?territory\s+)?(?:loss|decline|drop|reduction)"), "share"),
    MetricRule("territory_lost_share", _rx(rf"(?:lost only|has lost)\s+[\d,]+\s*[—–-]+\s*{_PCT}"), "share"),
    MetricRule("territory_lost_share", _rx(rf"{_GAIN_BY_OTHER}\s+(?:\w+\s+){{0,3}}?{_PCT}\s+of\s+(?:the\s+)?(?:territory|land|area)"), "share", "other"),
    MetricRule("territory_lost_share", _rx(rf"\b(?:[\d,.]+\s+square\s+\w+\s*\([^)]*\)\s*,\s*){_PCT}\s+of\s+the\s+\w+\s+territory\s+it\s+once\s+held"), "share"),
    MetricRule("territory_share", _rx(rf"{_HOLD}\s+(?:\w+\s+){{0,3}}?{_PCT}\s+of\s+(?!(?:that|this|those|it)\b)"), "share"),
    # areas
    MetricRule("territory_lost_km2", _rx(rf"{_LOSS}\s+(?:\w+\s+){{0,4}}?{_Q}{_VAL}\s*{_AREA_UNIT}"), "km2"),
    MetricRule("territory_lost_km2", _rx(rf"{_GAIN_BY_OTHER}\s+(?:\w+\s+){{0,3}}?{_Q}{_VAL}\s*{_AREA_UNIT}"), "km2", "other"),
    MetricRule("territory_lost_km2", _rx(rf"(?:lost only|has lost|lost just)\s+{_Q}{_VAL}(?=\s*[—–-])"), "km2"),
    MetricRule("territory_km2", _rx(rf"{_Q}{_VAL}\s*{_AREA_UNIT}\s+of\s+(?:the\s+)?territory\s+(?:\w+\s+){{0,3}}?{_HOLD}"), "km2"),
    MetricRule("territory_km2", _rx(rf"{_HOLD}\s+(?:\w+\s+){{0,3}}?{_Q}{_VAL}\s*{_AREA_UNIT}"), "km2"),
    MetricRule("villages_lost", _rx(rf"{_Q}{_VAL}\s+(?:villages|towns|localities)\b"), "count", "other"),
    # forces
    MetricRule("fighters", _rx(rf"{_Q}{_VAL}\s+(?:\w+\s+){{0,2}}?(?:fighters|militants|members|combatants|troops|men under arms)\b"
                               rf"(?!\s+(?:were|was|have been|had been)\s+(?:killed|captured|arrested))"), "count"),
    MetricRule("fighters", _rx(rf"(?:fields|field|has|musters|commands|estimated at)\s+{_Q}{_VAL}\s+(?:\w+\s+){{0,2}}?(?:fighters|militants|members)"), "count"),
    MetricRule("fighters", _rx(rf"down from an estimated\s+{_Q}{_VAL}"), "count"),
    # counts of actions
    MetricRule("attacks_count", _rx(rf"{_Q}{_VAL}\s+(?:\w+\s+){{0,2}}?attacks\b"), "count"),
    MetricRule("operations_count", _rx(rf"{_Q}{_VAL}\s+(?:\w+\s+){{0,1}}?(?:missions|operations|raids|sorties)\b"), "count"),
    MetricRule("strikes_count", _rx(rf"{_Q}{_VAL}\s+(?:\w+\s+){{0,1}}?(?:air ?strikes|strikes|air raids)\b"), "count"),
    MetricRule("arrests_count", _rx(rf"\b(?:arresting|arrested|detaining|detained|capturing|captured)\s+{_Q}{_VAL}\b(?!\s*(?:square|%|percent))"), "count"),
    MetricRule("arrests_count", _rx(rf"{_Q}{_VAL}\s+(?:\w+\s+){{0,2}}?(?:arrests|detentions)\b"), "count"),
    MetricRule("militants_killed", _rx(rf"\bkill(?:ing|ed)\s+{_Q}{_VAL}\s+(?:\w+\s+){{0,2}}?(?:militants|fighters|insurgents|terrorists|jihadists)\b"), "count"),
    MetricRule("deaths_count", _rx(rf"{_Q}{_VAL}\s+(?:\w+\s+){{0,2}}?(?:were|have been|had been)\s+killed\b"), "count"),
]

# An aggregate needs a period or a counting frame; a bare "killing 60" is an incident, not an indicator.
_AGGREGATE_FRAME = re.compile(
    r"\b(?:alone|so far|since|between|from\s+\w+\s+(?:\d{4}\s+)?to|in the (?:first|past|last|second)|this year|last year|"
    r"per (?:month|year|week|day)|a (?:month|year|week)|in (?:all of )?(?:19|20)\d\d|in (?:january|february|march|april|"
    r"may|june|july|august|september|october|november|december)\b|over the (?:past|last)|during|as of|total)", re.I)
_COUNT_METRICS = {"attacks_count", "operations_count", "strikes_count", "arrests_count", "militants_killed", "deaths_count"}
_SOURCE_RE = re.compile(r"\baccording to\s+(?P<a>(?:the\s+)?[\w.’'-]+(?:\s+[A-Z][\w.’'-]*){0,4})|"
                        r"(?P<b>(?:the\s+)?[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,4})\s+(?:said|says|estimates|estimated|"
                        r"stated|reported|reports|announced|claimed)\b")


def extract_indicators(doc: Doc, doc_id: str, timexes: list, places: list[Place]) -> list[Indicator]:
    from strife.nlp.lexicon import load_actors

    lexicon = load_actors()
    actor_spans = list(doc.spans.get("actors", []))
    out: list[Indicator] = []
    seen: set[tuple] = set()
    for sent in doc.sents:
        text = sent.text
        for rule in RULES:
            for m in rule.pattern.finditer(text):
                low, high = _value(m, rule.unit)
                if low is None and high is None:
                    continue
                if rule.metric in _COUNT_METRICS and not _AGGREGATE_FRAME.search(text):
                    continue
                if rule.metric in ("fighters", "villages_lost") and (low or high or 0) < 10:
                    continue
                start, end = sent.start_char + m.start(), sent.start_char + m.end()
                key = (rule.metric, low, high, sent.start_char)
                if key in seen or any(o.evidence[0].start <= start < o.evidence[0].end and o.low == low and o.high == high
                                      for o in out if o.evidence):
                    continue
                seen.add(key)
                ind = Indicator(doc_id=doc_id, index=len(out), metric=rule.metric, low=low, high=high, unit=rule.unit,
                                evidence=[Evidence(doc_id, start, end, doc.text[start:end])])
                ind.subject = _subject(sent, m, rule, actor_spans, lexicon)
                ind.source = _source(sent, actor_spans, lexicon)
                ind.region = _region(sent, places)
                ind.period = _period(sent, timexes)
                out.append(ind)
    return out


def _value(m: re.Match, unit: str) -> tuple[float | None, float | None]:
    groups = m.groupdict()
    qual = (groups.get("qual") or "").lower()
    if unit == "share":
        if groups.get("frac"):
            v = round(FRACTIONS[groups["frac"].lower()], 2)
            return v, v
        p1 = parse_number(groups["p1"]) if groups.get("p1") else None
        if p1 is None:
            return None, None
        p2 = parse_number(groups["p2"]) if groups.get("p2") else None
        low, high = round(p1 / 100, 4), round(p2 / 100, 4) if p2 is not None else None
        return _qualify(qual, low, high)
    v1 = parse_number(groups["v1"]) if groups.get("v1") else None
    if v1 is None:
        return None, None
    v2 = parse_number(groups["v2"]) if groups.get("v2") else None
    if groups.get("unit") and "mi" in groups["unit"].lower() and "kilomet" not in groups["unit"].lower():
        v1 = round(v1 * 2.58999)
        v2 = round(v2 * 2.58999) if v2 is not None else None
    return _qualify(qual, v1, v2)


def _qualify(qual: str, low: float, high: float | None) -> tuple[float | None, float | None]:
    if high is not None:
        return low, high
    if qual in ("more than", "over", "at least", "upwards of", "in excess of", "no fewer than", "no less than"):
        return low, None
    if qual in ("up to", "as many as", "at most", "fewer than", "less than", "under"):
        return None, low
    return low, low


def _subject(sent: Span, m: re.Match, rule: MetricRule, actor_spans: list[Span], lexicon) -> str | None:
    inside = [sp for sp in actor_spans if sent.start_char <= sp.start_char < sent.end_char]
    if not inside:
        return None
    at = sent.start_char + m.start()
    if rule.subject_role == "other":
        # "the SDF captured 2,400 km² ... including the IS stronghold": the loser is the other side
        agent = [sp for sp in inside if sp.end_char <= at]
        others = [sp for sp in inside if not agent or sp.label_ != agent[-1].label_]
        nonstate = [sp for sp in others if sp.label_ in lexicon and lexicon.info(sp.label_).type not in
                    ("state_force", "foreign_state", "coalition")]
        return (nonstate or others or inside)[0].label_
    before = [sp for sp in inside if sp.end_char <= at]
    within = [sp for sp in inside if at <= sp.start_char < sent.start_char + m.end()]
    if rule.metric == "fighters" and within:
        return within[0].label_
    if before:
        # the sentence's grammatical subject if it is an actor, else the nearest before the value
        for sp in before:
            if sp.root.dep_ in ("nsubj", "nsubjpass") or sp.root.head.dep_ in ("nsubj",):
                return sp.label_
        return before[-1].label_
    return inside[0].label_


def _source(sent: Span, actor_spans: list[Span], lexicon) -> str | None:
    m = _SOURCE_RE.search(sent.text)
    if not m:
        return None
    name = (m.group("a") or m.group("b") or "").strip()
    start = sent.start_char + (m.start("a") if m.group("a") else m.start("b"))
    for sp in actor_spans:
        if start <= sp.start_char < start + len(name) + 1:
            return sp.label_
    name = re.sub(r"^(?:the|The)\s+", "", name)
    name = re.split(r",|\s+(?:an?|the)\s", name)[0]
    return name or None


def _region(sent: Span, places: list[Place]) -> str | None:
    codes = sorted({p.country for p in places if p.country and sent.start_char <= (p.start or -1) < sent.end_char})
    return ",".join(codes) if codes else None


def _period(sent: Span, timexes: list) -> str | None:
    inside = [tx for tx in timexes if sent.start_char <= tx[0] < sent.end_char]
    if not inside:
        return None
    # the widest stated period is the claim's period ("between August 2014 and January 2016")
    return max(inside, key=lambda tx: (tx[2].end - tx[2].start).days)[2].iso
