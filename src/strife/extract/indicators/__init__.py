"""Indicators: aggregate claims ("IS fields 19,000 to 25,000 fighters", "lost 40 percent of its
territory", "153 attacks in the first half of 2024") with subject, region, period and source.

Metrics and units (`Indicator.metric`, `Indicator.unit`); the subject is the actor the claim is about
(a state's forces stand for the state: "Israeli forces" → "Israel"):

    territory_share        share of a country or region an actor holds         share (0..1)
    territory_lost_share   share of its territory an actor lost                 share (0..1)
    territory_km2          area an actor holds                                  km2
    territory_lost_km2     area an actor lost                                   km2
    territory_gained_km2   area an actor took when no loser can be named        km2
    villages_lost          villages / towns an actor lost                       count
    villages_held          villages / towns an actor holds                      count
    fighters               fighters a non-state actor fields                    count
    troops                 troops a state deploys                               count
    attacks_count          attacks by an actor over a period                    count
    strikes_count          air or drone strikes by an actor over a period       count
    operations_count       missions, operations, raids, sorties                 count
    projectiles_count      missiles, rockets, shells, bombs an actor fired      count
    drones_launched        drones an actor launched                             count
    targets_struck         targets an actor hit                                 count
    truce_violations       violations of a truce an actor is accused of         count
    arrests_count          people an actor arrested or detained                 count
    abductions_count       people an actor kidnapped                            count
    hostages_held          hostages an actor holds (subject: the captor)        count
    hostages_dead          hostages held who are dead (subject: the captor)     count
    militants_killed       militants an actor killed                            count
    deaths_count           people killed (subject: who killed them, if said)    count
    civilians_killed       civilians killed (subject: who killed them)          count
    security_forces_killed soldiers or police killed (subject: whose they were) count
    wounded_count          people wounded (subject: who wounded them)           count
    casualties_count       people killed or wounded, told together              count
    displaced              people who fled or were displaced within a country   count
    refugees               people who fled abroad                               count
    civilians_trapped      civilians trapped in a besieged or encircled place   count
    families_trapped       families trapped there (the unit is a family)        count
    besieged_population    people living in besieged areas                      count
    sexual_violence_victims survivors or victims of sexual violence             count

Values: "19,000 to 25,000" → 19000..25000; "more than 20 percent" → 0.2..null; "up to 18" →
null..18; "about a third" → 0.33; square miles are converted to km². A vague quantity ("dozens")
is a lower bound.

Stages (one module each), over the one `DocumentContext` of the document:
1. `values`: the value phrases of a sentence (shares, areas, counts with what they count);
2. `metrics`: what each value measures, from the cue words around it;
3. `frames`: which values are aggregate claims (a count of actions or victims needs a period or a
   counting frame, so that "killing 60" stays an incident's toll);
4. `subjects`, `sources`, `regions`, `periods`: the claim's fields;
5. `discourse`: a sentence without place or source continues the claim before it; a figure told
   twice is one claim.
"""
from __future__ import annotations

from bisect import bisect_right

from strife.extract.context import DocumentContext
from strife.extract.indicators.claims import Reading
from strife.extract.indicators.discourse import continue_previous, merge_repeats
from strife.extract.indicators.frames import VICTIM_METRICS, sum_frame
from strife.extract.indicators.metrics import sentence_claims
from strife.extract.indicators.periods import default_period, period_of, war_period
from strife.extract.indicators.regions import region_of
from strife.extract.indicators.sources import source_of
from strife.extract.indicators.subjects import state_name, subject_of
from strife.records import Evidence, Indicator

__all__ = ["METRICS", "extract_indicators", "running_totals"]

METRICS = ("territory_share", "territory_lost_share", "territory_km2", "territory_lost_km2", "territory_gained_km2",
           "villages_lost", "villages_held", "fighters", "troops", "attacks_count", "strikes_count", "operations_count",
           "projectiles_count", "drones_launched", "targets_struck", "truce_violations", "arrests_count",
           "abductions_count", "hostages_held", "hostages_dead", "militants_killed", "deaths_count", "civilians_killed",
           "security_forces_killed", "wounded_count", "casualties_count", "displaced", "refugees", "civilians_trapped",
           "families_trapped", "besieged_population", "sexual_violence_victims")


# the tolls of a war as a whole: with no time of their own, they run from its outbreak
_WAR_TOLLS = VICTIM_METRICS | {"displaced", "refugees"}
_SOURCE_LOOKBACK = 2  # sentences: how far back "it said" finds who "it" is


def running_totals(ctx: DocumentContext, indicators: list[Indicator]) -> list[Indicator]:
    """The counts of victims among a document's indicators that total a war or a period ("the war has
    killed 6,000", "300 have been killed since March"): figures the incident stages must not read as
    one incident's toll."""
    out = []
    for ind in indicators:
        if ind.metric not in VICTIM_METRICS or not ind.evidence:
            continue
        ev = ind.evidence[0]
        sent = ctx.sentences[bisect_right(ctx.sentence_starts, ev.start) - 1]
        if sum_frame(sent, ev.start, ev.end, ctx) in ("war", "period"):
            out.append(ind)
    return out


def extract_indicators(ctx: DocumentContext) -> list[Indicator]:
    """Aggregate claims of a document; a claim that states no time holds at its publication."""
    reading = Reading(ctx)
    sents = list(ctx.sentences)
    found: list[tuple[int, Indicator]] = []  # (sentence index, indicator)
    for s_index, sent in enumerate(sents):
        reading.s_index = s_index
        claims = sentence_claims(sent, s_index, found, ctx)
        recent = reading.source if reading.source and s_index - reading.source[1] <= _SOURCE_LOOKBACK else None
        source_name, source_span = source_of(sent, ctx, recent[0] if recent else None)
        if source_name:
            reading.source = (source_name, s_index)
        for claim in claims:
            ind = Indicator(doc_id=ctx.doc_id, index=0, metric=claim.metric, low=claim.low, high=claim.high,
                            unit=claim.unit, evidence=[Evidence(ctx.doc_id, claim.ev_start, claim.ev_end,
                                                                ctx.text[claim.ev_start:claim.ev_end])])
            ind.subject = subject_of(claim, sent, s_index, reading, source_span)
            if ind.subject is None and claim.metric == "territory_lost_km2" and claim.attrs.get("agent"):
                # "X captured 2,400 km²" with no loser named anywhere: X's gain
                ind.metric, ind.subject = "territory_gained_km2", claim.attrs["agent"]
            ind.source = source_name
            ind.region = region_of(claim, sent, claims, ctx, source_span, ind.subject)
            ind.period = period_of(claim, sent, claims, ctx)
            continue_previous(ind, s_index, sent, found, ctx)
            if ind.subject:
                reading.topic = (ind.subject, s_index)
            found.append((s_index, ind))
    out = merge_repeats([ind for _, ind in found], ctx)
    default, war = default_period(ctx), war_period(ctx)
    for n, ind in enumerate(out):
        ind.index = n
        ind.subject = state_name(ind.subject)
        if ind.period is None:
            ind.period = war if war and ind.metric in _WAR_TOLLS else default
    return out
