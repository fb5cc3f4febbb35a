"""Indicators: aggregate claims ("IS fields 19,000 to 25,000 fighters", "lost 40 percent of its
territory", "153 attacks in the first half of 2024") with subject, region, period and source.

Metrics and units (`Indicator.metric`, `Indicator.unit`):

    territory_share        share of a country or region an actor holds         share (0..1)
    territory_lost_share   share of its territory an actor lost                 share (0..1)
    territory_km2          area an actor holds                                  km2
    territory_lost_km2     area an actor lost                                   km2
    territory_gained_km2   area an actor took when no loser can be named        km2
    villages_lost          villages / towns an actor lost                       count
    villages_held          villages / towns an actor holds                      count
    fighters               fighters an actor fields                             count
    attacks_count          attacks by an actor over a period                    count
    strikes_count          air or drone strikes by an actor over a period       count
    operations_count       missions, operations, raids, sorties                 count
    arrests_count          people an actor arrested or detained                 count
    abductions_count       people an actor kidnapped                            count
    militants_killed       militants an actor killed                            count
    deaths_count           people killed (subject: who killed them, if said)    count
    wounded_count          people wounded                                       count

Values: "19,000 to 25,000" → 19000..25000; "more than 20 percent" → 0.2..null; "up to 18" →
null..18; "about a third" → 0.33; square miles are converted to km². A vague quantity ("dozens")
is a lower bound.

How the fields are found, in order of trust:

* metric: every value phrase of a sentence (a share, an area, a count followed by its noun) is
  classified by the nearest cue before it ("lost", "recaptured", "controls") or after it ("a 20
  percent loss", "of territory ISIS controls"); a value in apposition or coordination with a
  classified one takes its class ("lost 700 km², around one percent"; "40 percent in Iraq and 20
  percent in Syria"); "down from 20,000" and "lost only 700" take the noun or unit of the sentence.
  A count of actions must sit in an aggregate frame (a period, "so far", "in total") so that
  "killing 60" stays an incident.
* subject: the actor the claim is about. An actor written next to the noun ("2,500 IS fighters")
  or as agent ("killed by IS", "attacks attributed to IS"); else the grammatical subject of the
  verb governing the value, where "it"/"they" take the actor named before them in the sentence
  ("CENTCOM said it conducted") or the discourse topic, and "the group"/"the jihadis" take the
  document's main non-state actor. For "X captured N km² from Y" the subject is Y (the loser).
* region: the countries of the places next to the value (up to the next value), else of the
  sentence; places that are part of an actor's name ("US Central Command") or of the source
  phrase do not count; "both countries" / "each country" stand for the last two named; a sentence
  without places continues the previous claim of its paragraph, else the previous sentence.
* period: the time expression nearest the value ("between August 2014 and January 2016" is one
  range); the date of the statement ("said on Wednesday") only when there is nothing else; day
  and week precision is widened to the month (indicator series are monthly); a claim with no
  time expression holds for its publication year.
* source: "according to X", the subject of an attribution verb (said, estimates, counted, put
  ... at), or "an estimate ... by X"; a person or organisation entity names it, an actor is
  given its canonical name; a sentence without attribution continues the previous claim of the
  same metric in its paragraph ("In the past three months, they lost another eight percent").

The same figure for the same metric told twice in a document is one claim whose fields are
merged (the lead and the body of a news story repeat their numbers).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date

from spacy.tokens import Doc, Span, Token

from strife.extract.context import STATE_TYPES, DocumentContext
from strife.nlp.lexicon import load_actors, load_generic_nouns, load_vocabulary
from strife.nlp.pipeline import span_text
from strife.nlp.numbers import NUMBER, QUALIFIER, VAGUE, parse_number
from strife.records import Evidence, Indicator, Place

__all__ = ["METRICS", "extract_indicators"]

METRICS = ("territory_share", "territory_lost_share", "territory_km2", "territory_lost_km2", "territory_gained_km2",
           "villages_lost", "villages_held", "fighters", "attacks_count", "strikes_count", "operations_count",
           "arrests_count", "abductions_count", "militants_killed", "deaths_count", "wounded_count")

FRACTIONS = {"a third": 1 / 3, "one third": 1 / 3, "one-third": 1 / 3, "a quarter": 0.25, "one quarter": 0.25,
             "a fourth": 0.25, "half": 0.5, "one half": 0.5, "two thirds": 2 / 3, "two-thirds": 2 / 3,
             "three quarters": 0.75, "three-quarters": 0.75, "a fifth": 0.2, "one fifth": 0.2, "a tenth": 0.1}
SQ_MILE_KM2 = 2.58999
_LEXICON = load_actors()
_VOCAB = load_vocabulary()
_GENERIC = load_generic_nouns()

_FRACTION = r"(?:" + "|".join(re.escape(f) for f in sorted(FRACTIONS, key=len, reverse=True)) + r")"
_START = r"(?<![\w.,-])"  # a value starts a word: "drone" holds no "one"
_Q = rf"(?:(?P<qual>{QUALIFIER})\s+)?"
_VAL = rf"(?P<v1>{NUMBER})(?:\s*(?:-|–|to|and)\s*(?P<v2>{NUMBER}))?"
_AREA_UNIT = r"(?P<unit>square\s+kilomet(?:er|re)s?|square\s+km|sq\.?\s?km|km2|km²|square\s+miles?|sq\.?\s?mi(?:les)?\b)"

_SHARE_RE = re.compile(rf"{_START}{_Q}(?:(?P<p1>\d+(?:\.\d+)?|{NUMBER})(?:\s*(?:-|–|to|and)\s*(?P<p2>\d+(?:\.\d+)?))?"
                       rf"\s*(?:%|\bpercent\b|\bper\s+cent\b)|(?P<frac>\b{_FRACTION}\b))", re.I)
# what every value pattern below needs somewhere in the sentence
_ANY_VALUE_RE = re.compile(rf"{_START}(?:{NUMBER})|%|\bper\s*cent\b|\b{_FRACTION}\b", re.I)
_AREA_RE = re.compile(rf"{_START}{_Q}{_VAL}\s*{_AREA_UNIT}", re.I)
_MODS = r"(?:[\w’'-]+\s+){0,2}?"


@dataclass(frozen=True)
class CountRule:
    """A count of something an actor did or has: the metric it measures, its pattern, and the words
    (substrings of the lower-cased sentence) without one of which it cannot match, so that a
    sentence lacking them all skips the pattern's scan."""

    name: str
    metric: str
    pattern: re.Pattern
    needs: tuple[str, ...]


def _nouns(name: str) -> str:
    return _VOCAB.alternation(name)


# earlier rules win a value both could read
COUNT_RULES: tuple[CountRule, ...] = tuple(CountRule(name, metric, re.compile(pattern, re.I), needs) for
                                           name, metric, pattern, needs in [
    ("killing militants", "militants_killed",
     rf"\bkill(?:ing|ed|s)\s+{_Q}{_VAL}\s+{_MODS}(?:{_nouns('militant_plurals')})\b", ("kill",)),
    ("arresting n", "arrests_count",
     rf"\b(?:arresting|arrested|arrests|detaining|detained|detains|rounding\s+up|rounded\s+up)\s+{_Q}{_VAL}"
     rf"\b(?!\s*(?:%|percent|per cent|square|sq|km|miles|villages|towns|times))",
     ("arrest", "detain", "rounding", "rounded")),
    ("capturing militants", "arrests_count",
     rf"\bcaptur(?:ing|ed)\s+{_Q}{_VAL}\s+{_MODS}(?:{_nouns('captive_plurals')})\b", ("captur",)),
    ("kidnapping n", "abductions_count",
     rf"\b(?:kidnapp(?:ed|ing)|abduct(?:ed|ing))\s+{_Q}{_VAL}\b(?!\s*(?:%|percent|times))", ("kidnapp", "abduct")),
    ("n were killed", "deaths_count",
     rf"{_START}{_Q}{_VAL}\s+{_MODS}(?:were|have\s+been|had\s+been)\s+killed\b", ("killed",)),
    ("killed n people", "deaths_count",
     rf"\b(?:killed|killing|left)\s+{_Q}{_VAL}\s+(?:{_nouns('victim_plurals')})\b", ("kill", "left")),
    ("n deaths", "deaths_count", rf"{_START}{_Q}{_VAL}\s+(?:deaths|fatalities)\b", ("deaths", "fatalities")),
    ("n were wounded", "wounded_count",
     rf"{_START}{_Q}{_VAL}\s+{_MODS}(?:were|have\s+been|had\s+been)\s+(?:wounded|injured)\b", ("wounded", "injured")),
    ("n strikes", "strikes_count",
     rf"{_START}{_Q}{_VAL}\s+{_MODS}(?:air\s?strikes|drone\s+strikes|strikes|air\s+raids|bombing\s+raids)\b",
     ("strike", "raids")),
    ("n attacks", "attacks_count", rf"{_START}{_Q}{_VAL}\s+{_MODS}(?:{_nouns('attack_plurals')})\b",
     ("attacks", "bombings", "assaults", "ambushes")),
    ("n operations", "operations_count", rf"{_START}{_Q}{_VAL}\s+{_MODS}(?:{_nouns('operation_plurals')})\b",
     ("missions", "operations", "raids", "sorties")),
    ("n arrests", "arrests_count", rf"{_START}{_Q}{_VAL}\s+{_MODS}(?:arrests|detentions)\b", ("arrests", "detentions")),
    ("n kidnappings", "abductions_count", rf"{_START}{_Q}{_VAL}\s+{_MODS}(?:kidnappings|abductions)\b",
     ("kidnappings", "abductions")),
    ("n fighters", "fighters", rf"{_START}{_Q}{_VAL}\s+{_MODS}(?:{_nouns('force_plurals')})\b",
     ("fighters", "militants", "members", "combatants", "troops", "jihadists", "insurgents", "under")),
    ("n villages", "villages", rf"{_START}{_Q}{_VAL}\s+{_MODS}(?:{_nouns('settlement_plurals')})\b",
     ("villages", "towns", "hamlets", "localities", "settlements")),
])
# "down from an estimated 20,000 to 31,500": the noun of the value before it
_ELLIPSIS_RE = re.compile(rf"\b(?:down|up)\s+from\s+(?:an?\s+)?(?:estimated\s+|(?:earlier\s+)?estimates?\s+of\s+)?"
                          rf"{_Q}{_VAL}(?!\s*(?:%|percent|per cent|square|sq\b|km))", re.I)

# the verb or noun before a value that says what it measures: "lost 40 percent", "retook 700 km²"
_LOSS_CUE = (rf"\b(?:{_VOCAB.alternation('loss_cue_words')}|"
             r"(?:driven|pushed|forced|expelled)\s+(?:\w+\s+)?(?:out\s+of|from)|retreated\s+from)\b")
_RETAKE_CUE = rf"\b(?:{_VOCAB.alternation('retake_cue_words')})\b"
_CAPTURE_CUE = rf"\b(?:{_VOCAB.alternation('capture_cue_words')})\b"
_HOLD_CUE = rf"\b(?:{_VOCAB.alternation('hold_cue_words')})\b"
_CUES = [(re.compile(_LOSS_CUE, re.I), "loss"), (re.compile(_RETAKE_CUE, re.I), "retake"),
         (re.compile(_CAPTURE_CUE, re.I), "capture"), (re.compile(_HOLD_CUE, re.I), "hold")]
_AFTER_LOSS = re.compile(r"^\s*(?:of\s+(?:its|their|the)\s+(?:[\w-]+\s+)?territory\s+)?(?:loss|losses|decline|drop|"
                         r"reduction|fall|contraction|shrinkage)\b", re.I)
_AFTER_ONCE_HELD = re.compile(r"^\s*of\s+(?:the|its|their)\s+(?:[\w-]+\s+){0,2}(?:territory|land|area|ground)\s+"
                              r"(?:that\s+)?(?:it|they|the\s+group)\s+(?:once|had|previously|formerly)\s+(?:held|controlled)",
                              re.I)
_AFTER_HOLD = re.compile(rf"^\s*of\s+(?:the\s+)?(?:[\w-]+\s+)?(?:territory|land|area|ground)\s+(?:[\w’'-]+\s+){{0,3}}?"
                         rf"{_HOLD_CUE}", re.I)
_AFTER_FROM = re.compile(r"^\s*(?:[\w’'-]+\s+){0,4}?(?:from|held\s+by|controlled\s+by)\s+", re.I)
_APPOSITION = re.compile(r"^\s*(?:\([^()]*\)\s*)?(?:,\s*or\s+|,\s*|[—–]\s*|-{1,2}\s*|\s+or\s+|consisting\s+of\s+|"
                         r"including\s+|comprising\s+|,?\s*some\s+)$", re.I)
_COORDINATION = re.compile(r"^[^.;]{0,70}?(?:\band\b|\bbut\b|\bwhile\b|,)\s*$", re.I)
_TERRITORY_WORDS = re.compile(r"\b(?:territor\w*|ground|land|lands|area|areas|villages|towns|cities|countr(?:y|ies)|"
                              r"caliphate|enclave|region|provinces?)\b", re.I)
# a force size is said as one: "fields 19,000 fighters", "2,500 fighters who remain at large", "a 1,300-strong"
_FORCE_BEFORE = re.compile(r"\b(?:fields?|fielded|musters?|commands?|has|have|had|boasts?|numbers?|numbering|"
                           r"estimated|estimates?\s+of|deploy\w*|recruit\w*|pursuit\s+of|total\s+of|strength\s+of)\s+"
                           r"(?:[\w-]+\s+){0,3}$", re.I)
_FORCE_AFTER = re.compile(r"^[^.;]{0,40}?\b(?:strong|at\s+large|remain\w*|in\s+(?:its|their)\s+ranks|under\s+arms)\b",
                          re.I)
_CASUALTY_AFTER = re.compile(r"^[^.;]{0,70}?\b(?:(?:were|was|have\s+been|had\s+been|are|being)\s+(?:killed|captured|"
                             r"arrested|wounded|injured|executed|detained)|died)\b", re.I)
# an aggregate needs a period or a counting frame; a bare "killing 60" is an incident, not an indicator
_MONTH = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
_AGGREGATE_FRAME = re.compile(
    rf"\b(?:alone|so\s+far|since|between\s+(?:[\w-]+\s+){{0,8}}?(?:(?:19|20)\d\d|{_MONTH})\b|"
    rf"from\s+\w+\s+(?:\d{{4}}\s+)?to|in\s+the\s+(?:first|past|last|second)|this\s+year|last\s+year|"
    rf"per\s+(?:month|year|week|day)|a\s+(?:month|year|week)\b(?!\s+(?:after|before|later|earlier|ago))|"
    rf"in\s+(?:all\s+of\s+)?(?:19|20)\d\d|in\s+{_MONTH}\b|over\s+the\s+(?:past|last)|"
    rf"during\s+(?:the\s+)?(?:(?:first|past|last|previous|same|whole|entire)\s+\w+|(?:19|20)\d\d|{_MONTH}|"
    rf"(?:this|that)\s+(?:year|month|week|period))|as\s+of|total|altogether|in\s+all)", re.I)
_COUNT_METRICS = {"attacks_count", "operations_count", "strikes_count", "arrests_count", "abductions_count",
                  "militants_killed", "deaths_count", "wounded_count"}
# a plural count of actions with a date is already an aggregate ("up to 18 strikes yesterday")
_ACTION_METRICS = {"attacks_count", "operations_count", "strikes_count"}
_AGENT_AFTER = re.compile(r"^\s*(?:[\w’'-]+\s+){0,3}?(?:by|attributed\s+to|claimed\s+by|blamed\s+on|carried\s+out\s+by)\s+",
                          re.I)
_BOTH = re.compile(r"\b(?:both|the\s+two)\s+countries\b|\beach\s+country\b|\bboth\s+of\s+them\b", re.I)
_OVERALL = re.compile(r"\b(?:overall|in\s+total|altogether|across|combined)\b", re.I)
_ACCORDING = re.compile(r"\baccording\s+to\s+", re.I)
_ESTIMATE_BY = re.compile(r"\b(?:estimates?|figures?|assessments?|tally|count|data|numbers)\b[^.;]{0,60}?\bby\s+", re.I)
_STATEMENT_BEFORE = re.compile(r"\b(?:said|says|stated|announced|reported|told\s+(?:[\w-]+\s+){0,2}?|confirmed|"
                               r"estimated|estimates)\s*(?:on\s+)?$", re.I)
_ATTRIBUTION_LEMMAS = _VOCAB.words("attribution_lemmas")  # their subject is a source, not a subject
_PRONOUNS = {"it", "they", "its", "their", "them"}
_JIHADIST_NOUN = re.compile(r"jihad|islamist|extremist|terror", re.I)


@dataclass
class _Claim:
    """A value phrase of a sentence while it is classified, before it becomes an `Indicator`."""

    kind: str  # share | area | count | ellipsis
    metric: str | None
    start: int  # the value phrase, document offsets
    end: int
    ev_start: int  # the evidence: cue and noun around the value
    ev_end: int
    low: float | None
    high: float | None
    unit: str
    area_unit: str | None = None
    role: str = "agent"  # "agent": the actor doing or holding; "other": the side that lost it
    cue_start: int | None = None
    attrs: dict = field(default_factory=dict)


@dataclass
class _Reading:
    """One pass over a document's sentences: the document's context and what the pass has read so
    far (the subject of the last claim is the topic a later "it" or "they" may stand for)."""

    ctx: DocumentContext
    topic: tuple[str, int] | None = None  # (actor, sentence index) of the last claim's subject
    s_index: int = 0  # the sentence being read


def extract_indicators(ctx: DocumentContext) -> list[Indicator]:
    """Aggregate claims of a document; a claim that states no time holds for its publication year."""
    reading = _Reading(ctx)
    sents = list(ctx.sentences)
    found: list[tuple[int, Indicator]] = []  # (sentence index, indicator)
    for s_index, sent in enumerate(sents):
        reading.s_index = s_index
        claims = _sentence_claims(sent, s_index, found, sents, ctx)
        source_name, source_span = _source(sent, ctx)
        for claim in claims:
            ind = Indicator(doc_id=ctx.doc_id, index=0, metric=claim.metric, low=claim.low, high=claim.high,
                            unit=claim.unit, evidence=[Evidence(ctx.doc_id, claim.ev_start, claim.ev_end,
                                                                ctx.text[claim.ev_start:claim.ev_end])])
            ind.subject = _subject(claim, sent, s_index, reading, source_span)
            if ind.subject is None and claim.metric == "territory_lost_km2" and claim.attrs.get("agent"):
                # "X captured 2,400 km²" with no loser named anywhere: X's gain
                ind.metric, ind.subject = "territory_gained_km2", claim.attrs["agent"]
            ind.source = source_name
            ind.region = _region(claim, sent, claims, ctx, source_span, ind.subject)
            ind.period = _period(claim, sent, claims, ctx)
            _continue_previous(ind, s_index, sent, found, ctx)
            if ind.subject:
                reading.topic = (ind.subject, s_index)
            found.append((s_index, ind))
    out = _merge_repeats([ind for _, ind in found])
    year = str(ctx.pub_date.year) if ctx.pub_date else None
    for n, ind in enumerate(out):
        ind.index = n
        if ind.period is None:
            ind.period = year
    return out


def _is_nonstate(label: str, lexicon) -> bool:
    return label in lexicon and lexicon.info(label).type not in STATE_TYPES


def _paragraph(ctx: DocumentContext, char: int) -> int:
    return sum(1 for s in ctx.paragraph_starts if s <= char)


# ---- values and their metric ----------------------------------------------------------------

def _sentence_claims(sent: Span, s_index: int, found: list, sents: list[Span], ctx: DocumentContext) -> list[_Claim]:
    text, base = span_text(sent), sent.start_char
    if not _ANY_VALUE_RE.search(text):
        return []  # two sentences in three: one scan instead of every value pattern's
    values: list[_Claim] = []
    for m in _SHARE_RE.finditer(text):
        low, high = _share_value(m)
        if low is None and high is None or max(v for v in (low, high) if v is not None) > 1:
            continue
        if m.group("frac") and re.search(r"\b(?:first|second|the|other|latter)\s+$", text[:m.start()], re.I):
            continue  # "the second half of 2015"
        values.append(_Claim("share", None, base + m.start(), base + m.end(), base + m.start(), base + m.end(),
                             low, high, "share"))
    for m in _AREA_RE.finditer(text):
        low, high = _count_value(m, m.group("unit"))
        values.append(_Claim("area", None, base + m.start(), base + m.end(), base + m.start(), base + m.end(),
                             low, high, "km2", area_unit=m.group("unit")))
    lower = text.lower()
    for rule in COUNT_RULES:
        metric = rule.metric
        if not any(w in lower for w in rule.needs):
            continue
        for m in rule.pattern.finditer(text):
            low, high = _count_value(m, None)
            v_start = base + m.start("qual") if m.group("qual") else base + m.start("v1")
            values.append(_Claim("count", metric, v_start, base + (m.end("v2") if m.group("v2") else m.end("v1")),
                                 base + m.start(), base + m.end(), low, high, "count",
                                 attrs={"vague": m.group("v1").strip().lower() in VAGUE}))
    for m in _ELLIPSIS_RE.finditer(text):
        low, high = _count_value(m, None)
        values.append(_Claim("ellipsis", None, base + m.start("v1") if not m.group("qual") else base + m.start("qual"),
                             base + (m.end("v2") if m.group("v2") else m.end("v1")), base + m.start(), base + m.end(),
                             low, high, "count"))
    # "the Nov. 13 Paris attacks": a number that is part of a date is no count
    values = [v for v in _exclusive(values) if not any(tx[0] < v.end and v.start < tx[1] for tx in ctx.timexes)]
    if not values:
        return []
    # "it has lost only 700—around one percent": a bare number after a loss verb takes the area unit of the sentence
    area_unit = next((v.area_unit for v in values if v.kind == "area"), None)
    if area_unit:
        for m in re.finditer(rf"{_LOSS_CUE}\s+{_Q}{_VAL}(?=\s*(?:[—–,;.)]|-{{1,2}}\s|\s+\(|$))", text, re.I):
            v_start = base + (m.start("qual") if m.group("qual") else m.start("v1"))
            v_end = base + (m.end("v2") if m.group("v2") else m.end("v1"))
            if any(v.start < v_end and v_start < v.end for v in values):
                continue
            low, high = _count_value(m, area_unit)
            values.append(_Claim("area", None, v_start, v_end, base + m.start(), v_end, low, high, "km2",
                                 area_unit=area_unit))
        values.sort(key=lambda v: v.start)
    territory_context = bool(_TERRITORY_WORDS.search(text)) or any(
        i.metric.startswith(("territory", "villages")) for k, i in found if s_index - 2 <= k < s_index)
    out: list[_Claim] = []
    prev: _Claim | None = None
    prev_end = sent.start_char
    for v in values:
        if v.kind == "area" and prev is not None and prev.kind == "area" and \
                re.fullmatch(r"\s*\(\s*", ctx.text[prev.ev_end:v.start]):
            continue  # "(927 square miles)": a conversion of the value before
        cls = _classify(v, prev, prev_end, sent, ctx, territory_context)
        prev_end = _conversion_end(v, ctx.text)
        if cls is None:
            prev = None
            continue
        if not _accept(v, sent, ctx):
            continue
        out.append(v)
        prev = v
    return out


def _exclusive(values: list[_Claim]) -> list[_Claim]:
    """A value phrase is read once: the first reading (shares, areas, then counts in rule order) wins."""
    kept: list[_Claim] = []
    for v in values:
        if not any(k.start < v.end and v.start < k.end for k in kept):
            kept.append(v)
    return sorted(kept, key=lambda v: v.start)


def _conversion_end(v: _Claim, text: str) -> int:
    m = re.match(r"\s*\([^()]*\)", text[v.ev_end:])
    return v.ev_end + (m.end() if m and v.kind == "area" else 0)


_RELATIVE_HOLD = re.compile(r"\b(?:territory|land|lands|area|areas|ground)\s+(?:that\s+|which\s+)?(?:it|they|the\s+group)\s+"
                            r"(?:once\s+|had\s+|previously\s+|formerly\s+|still\s+)*$", re.I)


def _cue_matches(window: str):
    """(match, cue name) of the cue words of a window; "the territory they once held" describes the
    territory, it is no cue of its own."""
    for rx, name in _CUES:
        for m in rx.finditer(window):
            if name == "hold" and _RELATIVE_HOLD.search(window[:m.start()]):
                continue
            yield m, name


def _nearest_cue(window: str) -> str | None:
    best: tuple[int, str] | None = None
    for m, name in _cue_matches(window):
        if best is None or m.end() > best[0]:
            best = (m.end(), name)
    return best[1] if best else None


def _classify(v: _Claim, prev: _Claim | None, prev_end: int, sent: Span, ctx: DocumentContext,
              territory_context: bool) -> str | None:
    """Give the value its metric; None when it is not an indicator."""
    text = ctx.text
    after = text[v.end:sent.end_char]
    between = text[prev_end:v.start] if prev is not None else ""
    inherits = prev is not None and (_APPOSITION.match(between) or _COORDINATION.match(between)) \
        and prev.kind in ("share", "area", "count") and not _nearest_cue(between)
    if v.kind == "count" and v.metric != "villages":
        return v.metric
    if v.kind == "ellipsis":
        if prev is None or prev.kind != "count":
            return None
        v.metric, v.unit, v.role = prev.metric, prev.unit, prev.role
        return v.metric
    window = text[max(sent.start_char, prev_end, v.start - 80):v.start]
    cue = _nearest_cue(window)
    if cue:
        m = max((m2 for m2, name in _cue_matches(window) if name == cue), key=lambda m2: m2.end())
        v.cue_start = max(sent.start_char, prev_end, v.start - 80) + m.start()
        v.ev_start = min(v.ev_start, v.cue_start)
    if v.kind == "share":
        if cue is None and _AFTER_LOSS.match(after):
            cue = "loss"
        elif cue is None and _AFTER_ONCE_HELD.match(after):
            cue = "loss"
        elif cue is None and inherits and prev.metric and prev.metric.startswith("territory"):
            v.metric, v.role = ("territory_lost_share" if "lost" in prev.metric else "territory_share"), prev.role
            return v.metric if territory_context else None
        if not territory_context and not re.match(r"\s*of\s+[A-Z]", after):
            return None
        if cue == "loss":
            v.metric = "territory_lost_share"
        elif cue == "retake":
            v.metric, v.role = "territory_lost_share", "other"
        elif cue in ("capture", "hold"):
            if re.match(r"\s*of\s+(?:that|this|those|it)\b", after, re.I):
                return None
            if cue == "capture" and _AFTER_FROM.match(after):
                v.metric, v.role = "territory_lost_share", "other"
            else:
                v.metric = "territory_share"
        else:
            return None
        return v.metric
    if v.kind == "area":
        if cue is None and _AFTER_HOLD.match(after):
            cue = "hold"
        if cue is None and inherits and prev.metric:
            v.metric = "territory_lost_km2" if "lost" in prev.metric else "territory_km2"
            v.role = prev.role
            return v.metric
        v.metric, v.role = {"loss": ("territory_lost_km2", "agent"), "retake": ("territory_lost_km2", "other"),
                            "capture": ("territory_lost_km2", "other"), "hold": ("territory_km2", "agent")}.get(
            cue, (None, "agent"))
        return v.metric
    # villages and towns
    if cue is None and inherits and prev.metric and prev.metric.startswith("territory"):
        v.metric, v.role = ("villages_lost" if "lost" in prev.metric else "villages_held"), prev.role
        return v.metric
    v.metric, v.role = {"loss": ("villages_lost", "agent"), "retake": ("villages_lost", "other"),
                        "capture": ("villages_lost", "other"), "hold": ("villages_held", "agent")}.get(cue, (None, "agent"))
    return v.metric


def _accept(v: _Claim, sent: Span, ctx: DocumentContext) -> bool:
    if v.attrs.get("vague"):
        return False  # "dozens of attacks", "hundreds of members": no figure to put in a series
    size = max(x for x in (v.low, v.high, 0) if x is not None)
    if v.metric in _COUNT_METRICS:
        # the frame must be in the value's own clause: "the deadliest since Feb. 28, when ... killed 70" is no total
        clause_start, clause_end = _clause(sent, v)
        framed = _AGGREGATE_FRAME.search(ctx.text[clause_start:clause_end])
        timed = any(sent.start_char <= tx[0] < sent.end_char for tx in ctx.timexes)
        if not framed and not (timed and size >= 5 and v.metric in _ACTION_METRICS):
            return False
    if v.metric == "fighters":
        before = ctx.text[max(sent.start_char, v.start - 40):v.start]
        after = ctx.text[v.ev_end:sent.end_char]
        if size < 10 or not (_FORCE_BEFORE.search(before) or _FORCE_AFTER.match(after)) or _CASUALTY_AFTER.match(after):
            return False
    if v.metric in ("villages_lost", "villages_held") and size < 2:
        return False
    return True


_CLAUSE_BREAK = re.compile(r",\s*(?=(?:when|after|before|as|while|where|which)\b)|;|\s[—–]\s", re.I)


def _clause(sent: Span, v: _Claim) -> tuple[int, int]:
    """The stretch of the sentence around a value up to a subordinate clause, a semicolon or a dash."""
    text, base = span_text(sent), sent.start_char
    start, end = base, sent.end_char
    for m in _CLAUSE_BREAK.finditer(text):
        if base + m.end() <= v.start:
            start = base + m.end()
        elif base + m.start() >= v.ev_end:
            end = base + m.start()
            break
    return start, end


def _share_value(m: re.Match) -> tuple[float | None, float | None]:
    qual = (m.group("qual") or "").lower()
    if m.group("frac"):
        v = round(FRACTIONS[m.group("frac").lower()], 2)
        return _qualify(qual, v, None)
    p1 = parse_number(m.group("p1")) if m.group("p1") else None
    if p1 is None:
        return None, None
    p2 = parse_number(m.group("p2")) if m.group("p2") else None
    return _qualify(qual, round(p1 / 100, 4), round(p2 / 100, 4) if p2 is not None else None)


def _count_value(m: re.Match, unit: str | None) -> tuple[float | None, float | None]:
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
    if qual in ("more than", "over", "at least", "upwards of", "in excess of", "no fewer than", "no less than",
                "not less than", "a minimum of", "at a minimum"):
        return low, None
    if qual in ("up to", "as many as", "as much as", "at most", "fewer than", "less than", "under", "a maximum of"):
        return None, low
    return low, low


# ---- subject --------------------------------------------------------------------------------

def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _actor_containing(tok: Token, ctx: DocumentContext) -> Span | None:
    return next((sp for sp in ctx.actor_spans if sp.start <= tok.i < sp.end), None)


def _actor_in_subtree(tok: Token, ctx: DocumentContext) -> Span | None:
    own = _actor_containing(tok, ctx)
    if own is not None:
        return own
    lo, hi = tok.left_edge.i, tok.right_edge.i
    inside = [sp for sp in ctx.actor_spans if lo <= sp.start and sp.end - 1 <= hi and not _is_patient(sp)]
    return inside[0] if inside else None


def _is_patient(sp: Span) -> bool:
    """An actor named as the one attacked: 'strikes on IS positions', 'the fight against IS'."""
    head = sp.root
    while head.dep_ in ("compound", "amod", "nmod", "poss") and head.head is not head:
        head = head.head
    return head.dep_ == "pobj" and head.head.lower_ in ("on", "against", "targeting")


def _subject(claim: _Claim, sent: Span, s_index: int, reading: _Reading,
             source_span: tuple[int, int] | None) -> str | None:
    ctx = reading.ctx
    doc, text = ctx.doc, ctx.text
    sent_actors = [sp for sp in ctx.actor_spans if sent.start_char <= sp.start_char < sent.end_char
                   and not (source_span and source_span[0] <= sp.start_char < source_span[1])]
    value_tok = _token_at(doc, claim.start)
    if claim.role == "other":
        agent = _dependency_subject(value_tok, claim, sent, reading) if value_tok is not None else None
        agent = agent or next((sp.label_ for sp in reversed(sent_actors)
                               if sp.end_char <= (claim.cue_start or claim.start)), None)
        claim.attrs["agent"] = agent
        m = _AFTER_FROM.match(text[claim.ev_end:sent.end_char])
        if m:
            after = [sp for sp in sent_actors if claim.ev_end + m.end() <= sp.start_char <= claim.ev_end + m.end() + 12]
            if after:
                return after[0].label_
        others = [sp.label_ for sp in sent_actors if sp.label_ != agent and _is_nonstate(sp.label_, _LEXICON)]
        if others:
            return others[0]
        topic = _topic(reading, s_index)
        if topic and topic != agent:
            return topic
        return ctx.dominant_nonstate if ctx.dominant_nonstate != agent else None
    # an actor written with the noun: "2,500 IS fighters", "18 coalition airstrikes"
    if claim.kind == "count" and claim.metric in ("fighters", "attacks_count", "strikes_count", "operations_count"):
        within = [sp for sp in sent_actors if claim.end <= sp.start_char and sp.end_char <= claim.ev_end]
        if within:
            return within[0].label_
    # the agent after the noun: "killed by IS", "attacks attributed to Islamic State"
    if claim.metric in ("attacks_count", "deaths_count", "wounded_count", "strikes_count", "abductions_count"):
        m = _AGENT_AFTER.match(text[claim.ev_end:sent.end_char])
        if m:
            at = claim.ev_end + m.end()
            after = [sp for sp in sent_actors if at <= sp.start_char <= at + 12]
            if after:
                return after[0].label_
    if claim.kind == "ellipsis":
        return reading.topic[0] if reading.topic and reading.topic[1] == s_index else _topic(reading, s_index)
    if value_tok is not None:
        subject = _dependency_subject(value_tok, claim, sent, reading)
        if subject:
            return subject
    if claim.metric in ("strikes_count", "operations_count", "arrests_count", "militants_killed", "abductions_count"):
        before = [sp for sp in sent_actors if sp.end_char <= claim.start and not _is_patient(sp)]
        return before[-1].label_ if before else None
    if claim.metric in ("deaths_count", "wounded_count"):
        return None  # who killed them is not guessed from context
    return _topic(reading, s_index) or ctx.dominant_nonstate


def _dependency_subject(value_tok: Token, claim: _Claim, sent: Span, reading: _Reading) -> str | None:
    """The grammatical subject of the verb that governs the value, resolved to an actor."""
    ctx = reading.ctx
    tok = value_tok
    for _ in range(10):
        if tok.pos_ in ("VERB", "AUX") or tok.dep_ == "ROOT":
            subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            passive = subj is not None and subj.dep_ == "nsubjpass"
            if tok.lemma_.lower() in _ATTRIBUTION_LEMMAS and subj is not None and not passive \
                    and tok.i < value_tok.i and tok is not value_tok.head:
                return None  # the subject of "said"/"estimates" is the source, not the subject
            if subj is not None:
                return _resolve_phrase(subj, sent, reading)
            if tok.tag_ in ("VBZ", "VBD", "VBP"):
                # "IS fields 19,000 fighters" parsed with IS as an auxiliary: the actor right before the verb
                near = [sp for sp in ctx.actor_spans if sent.start_char <= sp.start_char and sp.end == tok.i]
                if near:
                    return near[-1].label_
            elif tok.tag_ in ("VBG", "VBN"):
                # "..., killing 44 militants and arresting 166": the subject of the clause the participle hangs on
                finite = [t for t in sent if t.i < tok.i and t.tag_ in ("VBZ", "VBD", "VBP")
                          and t.lemma_.lower() not in _ATTRIBUTION_LEMMAS
                          and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)]
                if finite:
                    subj = next(c for c in finite[-1].children if c.dep_ in ("nsubj", "nsubjpass"))
                    return _resolve_phrase(subj, sent, reading)
        if tok.head is tok:
            break
        tok = tok.head
    return None


def _resolve_phrase(subj: Token, sent: Span, reading: _Reading):
    """An actor label for a subject phrase; None when it names no actor."""
    ctx = reading.ctx
    sp = _actor_in_subtree(subj, ctx)
    if sp is not None:
        return sp.label_
    phrase = ctx.doc[subj.left_edge.i: subj.i + 1].text
    pronoun = subj.lower_ in _PRONOUNS or any(c.dep_ == "poss" and c.lower_ in _PRONOUNS for c in subj.children)
    if subj.lower_ in ("it", "they"):
        before = [a for a in ctx.actor_spans if sent.start_char <= a.start_char and a.end_char <= subj.idx
                  and not _is_patient(a)]
        if before:
            return before[-1].label_
        return _topic(reading, reading.s_index) or ctx.dominant_nonstate
    category = _GENERIC.category(phrase) or _GENERIC.category(subj.text)
    if category == "non_state" or (pronoun and category != "state"):
        return _main_nonstate(ctx, subj.idx, jihadist=bool(_JIHADIST_NOUN.search(phrase)))
    if category == "state":
        before = [a for a in ctx.actor_spans if a.end_char <= subj.idx and not _is_nonstate(a.label_, _LEXICON)]
        return before[-1].label_ if before else None
    return None


def _topic(reading: _Reading, s_index: int) -> str | None:
    """The subject of the last claim, if it was made in this or the two sentences before."""
    if reading.topic and s_index - reading.topic[1] <= 2:
        return reading.topic[0]
    return None


def _main_nonstate(ctx: DocumentContext, at: int, jihadist: bool = False) -> str | None:
    """What "the group" / "the jihadis" stand for: the non-state actor named most often so far
    (the document's protagonist rather than a passing mention), the latest on a tie."""
    seen = [sp.label_ for sp in ctx.actor_spans if sp.end_char <= at and _is_nonstate(sp.label_, _LEXICON)]
    if jihadist:
        typed = [label for label in seen if _LEXICON.info(label).type in ("jihadist", "terrorist")]
        seen = typed or seen
    if not seen:
        return ctx.dominant_nonstate
    counts = Counter(seen)
    top = max(counts.values())
    return next(label for label in reversed(seen) if counts[label] == top)


# ---- source ---------------------------------------------------------------------------------

def _source(sent: Span, ctx: DocumentContext) -> tuple[str | None, tuple[int, int] | None]:
    """Who made the claims of a sentence, and where that is said (so its words are not places)."""
    doc = ctx.doc
    for rx in (_ACCORDING, _ESTIMATE_BY):
        m = rx.search(span_text(sent))
        if m:
            head = _token_at(doc, sent.start_char + m.end())
            if head is not None:
                # "according to the Britain-based Syrian Observatory": climb to the object of the preposition
                while head.dep_ != "pobj" and head.head.i > head.i and head.head.i < sent.end:
                    head = head.head
                name, span = _name_of(head, ctx)
                if name:
                    return name, span
    for tok in sent:
        if tok.lemma_.lower() not in _ATTRIBUTION_LEMMAS or tok.pos_ not in ("VERB", "AUX"):
            continue
        if tok.lemma_.lower() == "put" and not any(c.dep_ == "prep" and c.lower_ == "at" for c in tok.children):
            continue
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.lower_ in _PRONOUNS or subj.pos_ == "PRON":
            continue
        name, span = _name_of(subj, ctx)
        if name:
            return name, span
    return None, None


def _name_of(head: Token, ctx: DocumentContext) -> tuple[str | None, tuple[int, int] | None]:
    """The name a source phrase gives: an actor's canonical name, a person or organisation, or
    the noun phrase itself ("some analysts")."""
    doc = ctx.doc
    lo, hi = head.left_edge, head.right_edge
    span = (lo.idx, hi.idx + len(hi.text))
    actor = _actor_containing(head, ctx)
    if actor is not None:
        return actor.label_, span
    ent = next((e for e in doc.ents if e.start <= head.i < e.end and e.label_ in ("PERSON", "ORG", "NORP", "GPE")), None)
    if ent is not None:
        return re.sub(r"^(?:the|The)\s+", "", ent.text), span
    actor = _actor_in_subtree(head, ctx)
    if actor is not None:
        return actor.label_, span
    # "The defence consultancy IHS": a named organisation or person in apposition
    ent = next((e for e in doc.ents if lo.i <= e.start and e.end - 1 <= hi.i and e.label_ in ("PERSON", "ORG")), None)
    if ent is not None:
        return re.sub(r"^(?:the|The)\s+", "", ent.text), span
    words = [t for t in doc[head.left_edge.i: head.i + 1] if t.dep_ != "det" and not t.is_punct]
    name = " ".join(t.text for t in words).strip()
    return (name or None), span


# ---- region ---------------------------------------------------------------------------------

def _claim_places(ctx: DocumentContext, start: int, end: int, source_span: tuple[int, int] | None) -> list[Place]:
    out = []
    for p in ctx.places:
        if not p.country:
            continue
        at = p.start if p.start is not None else -1
        if not start <= at < end:
            continue
        if any(sp.start_char <= at < sp.end_char for sp in ctx.actor_spans):
            continue  # "US Central Command", "Iraqi security forces": an actor, not where the claim holds
        if source_span and source_span[0] <= at < source_span[1]:
            continue
        out.append(p)
    return out


def _codes(places: list[Place]) -> str | None:
    codes = sorted({p.country for p in places if p.country})
    return ",".join(codes) if codes else None


def _region(claim: _Claim, sent: Span, claims: list[_Claim], ctx: DocumentContext, source_span, subject: str | None) -> str | None:
    later = [c.start for c in claims if c.start > claim.start]
    local_end = later[0] if later else sent.end_char
    local = _claim_places(ctx, claim.start, local_end, source_span)
    places = local if len(claims) > 1 and local else _claim_places(ctx, sent.start_char, sent.end_char, source_span)
    region = _codes(places)
    both = _BOTH.search(ctx.text, claim.start, local_end)
    if both or (region is None and _BOTH.search(span_text(sent))):
        at = both.start() if both else sent.start_char + _BOTH.search(span_text(sent)).start()
        before = _claim_places(ctx, 0, at, source_span)
        named: list[str] = []
        for p in reversed(before):
            if p.country not in named:
                named.append(p.country)
            if len(named) == 2:
                break
        if len(named) == 2:
            region = ",".join(sorted(named))
    agent = claim.attrs.get("agent")
    if region and agent and agent in _LEXICON:
        # "the SDF captured ... on the road linking the Iraqi city of Mosul and the Syrian city of Raqqa":
        # where the captor fights narrows the sentence's places
        fights_in = set(_LEXICON.info(agent).countries)
        narrowed = sorted(set(region.split(",")) & fights_in)
        if narrowed:
            region = ",".join(narrowed)
    return region


# ---- period ---------------------------------------------------------------------------------

def _period(claim: _Claim, sent: Span, claims: list[_Claim], ctx: DocumentContext) -> str | None:
    """The time of a claim: a time expression in the claim's own stretch (up to the next value), else
    one before the sentence's first value, else the date of the statement, else the nearest."""
    text = ctx.text
    inside = sorted((tx for tx in ctx.timexes if sent.start_char <= tx[0] < sent.end_char), key=lambda tx: tx[0])
    if not inside:
        return None
    spans: list[tuple[int, int, object, bool]] = []  # start, end, value (or (from, to)), statement date
    i = 0
    while i < len(inside):
        s, e, tv = inside[i]
        if i + 1 < len(inside):
            s2, e2, tv2 = inside[i + 1]
            joined = re.fullmatch(r"\s*(?:and|to|until|till|through|-|–)\s*", text[e:s2], re.I)
            opened = re.search(r"\b(?:between|from)\b", text[max(sent.start_char, s - 60):s], re.I)
            if joined and opened and tv2.end >= tv.start:
                spans.append((s, e2, (tv, tv2), False))
                i += 2
                continue
        statement = bool(_STATEMENT_BEFORE.search(text[max(sent.start_char, s - 40):s]))
        spans.append((s, e, tv, statement))
        i += 1
    later = [c.start for c in claims if c.start > claim.start]
    own_end = later[0] if later else sent.end_char
    first_value = min(c.start for c in claims)

    def distance(sp):
        if sp[1] <= claim.start:
            return claim.start - sp[1], 0
        if sp[0] >= claim.ev_end:
            return sp[0] - claim.ev_end, 1
        return 0, 0

    tiers = ([sp for sp in spans if not sp[3] and claim.start <= sp[0] < own_end],
             [sp for sp in spans if not sp[3] and sp[1] <= first_value
              and not _CONTRAST.search(text, sp[1], claim.start)],
             [sp for sp in spans if sp[3]],
             [sp for sp in spans if not (sp[1] <= claim.start and _CONTRAST.search(text, sp[1], claim.start))])
    tier = next((t for t in tiers if t), None)
    if tier is None:
        return None
    chosen = min(tier, key=distance)
    value = chosen[2]
    if isinstance(value, tuple):
        return _iso_range(value[0].start, value[1].end)
    if value.precision <= 2:
        return value.end.strftime("%Y-%m")  # "yesterday", "this week": indicator series are monthly
    return value.iso


# "At its peak last year, it had seized a third, but it has lost a third of that": the time of the
# first clause is not the time of the contrasted one
_CONTRAST = re.compile(r",\s*(?:but|while|whereas|although|though)\b|;", re.I)


def _iso_range(start: date, end: date) -> str:
    a, b = start.strftime("%Y-%m"), end.strftime("%Y-%m")
    if start.month == 1 and end.month == 12:
        a, b = str(start.year), str(end.year)
    return a if a == b else f"{a}..{b}"


# ---- discourse ------------------------------------------------------------------------------

def _continue_previous(ind: Indicator, s_index: int, sent: Span, found: list, ctx: DocumentContext) -> None:
    """A sentence that names no place or source continues the claim before it in its paragraph."""
    paragraph = _paragraph(ctx, sent.start_char)
    previous = [i for k, i in found if s_index - 2 <= k <= s_index and i.evidence
                and _paragraph(ctx, i.evidence[0].start) == paragraph]
    if ind.source is None:
        same = [i for i in previous if i.metric == ind.metric and i.source and i.subject == ind.subject]
        if same and not re.search(r"\b(?:said|says|estimat|according|reported)", span_text(sent)):
            ind.source = same[-1].source
    if ind.region is None and _OVERALL.search(span_text(sent)):
        ind.region = ctx.theatre  # "the group's overall losses": not the region of the claim before
    if ind.region is None:
        if previous and previous[-1].region:
            ind.region = previous[-1].region
        else:
            sents = ctx.sentences
            if s_index > 0 and _paragraph(ctx, sents[s_index - 1].start_char) == paragraph:
                prev_sent = sents[s_index - 1]
                ind.region = _codes(_claim_places(ctx, prev_sent.start_char, prev_sent.end_char, None))
        if ind.region is None:
            ind.region = ctx.theatre


def _merge_repeats(indicators: list[Indicator]) -> list[Indicator]:
    """One claim per (metric, low, high) when nothing says they differ: the fields that one mention
    leaves empty are filled from the others."""
    out: list[Indicator] = []
    for ind in indicators:
        twin = next((o for o in out if o.metric == ind.metric and o.low == ind.low and o.high == ind.high
                     and all(getattr(o, f) is None or getattr(ind, f) is None or getattr(o, f) == getattr(ind, f)
                             for f in ("subject", "period"))
                     and _regions_agree(o.region, ind.region)), None)
        if twin is None:
            out.append(ind)
            continue
        richer, poorer = (ind, twin) if _filled(ind) > _filled(twin) else (twin, ind)
        merged = replace(richer, evidence=twin.evidence + ind.evidence)
        for f in ("subject", "region", "period", "source"):
            if getattr(merged, f) is None:
                setattr(merged, f, getattr(poorer, f))
        out[out.index(twin)] = merged
    return out


def _regions_agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _filled(ind: Indicator) -> int:
    return sum(getattr(ind, f) is not None for f in ("subject", "region", "period", "source"))
