"""Incident mentions from a parsed document: who did what to whom, where, when, how many.

Rule-based over the spaCy parse, sentence by sentence, in named stages (one module each):
1. `triggers`: trigger words (lemmas and phrases from the cue lexicon) and the kind they signal;
2. `candidates`: a sentence cut into segments when it tells several incidents with their own
   anchors ("the Nov. 13 Paris attacks ... and the Oct. 31 downing of a jetliner ..."), each
   filled by the stages below;
3. `filters`: what is not an incident: plans, threats, hypotheticals, negations, aggregates
   ("153 attacks", "over 670 people were killed in February");
4. `roles`: perpetrator (explicit agent, claim of responsibility, hedged attribution, or a generic
   noun resolved to the actor it stands for; for an arrest the arresting state), victims and targets;
   `attackers` gives a person the text names as the attacker ("a gunman identified as X", "X is
   accused of murdering ...") to the incident that naming belongs to, once the document is read;
5. `places`, `dates`, `casualties`, `kinds` (with `weapons`): the incident's fields;
6. `merge`: a sentence that tells again or continues an incident already told is merged into it
   ("The group drove a truck ...");
7. `fillers`: every named victim, target, individual perpetrator and weapon of the merged incident.
Every stage reads the one `DocumentContext` of the document.
"""
from __future__ import annotations

from strife.extract.context import DocumentContext
from strife.extract.incidents.attackers import attribute_named_attackers
from strife.extract.incidents.candidates import sentence_candidates
from strife.extract.incidents.dates import date_from_earlier
from strife.extract.incidents.fillers import attach_filler_sentences, role_entities
from strife.extract.incidents.filters import date_from_sum, kept_incidents, sums_of_parts
from strife.extract.incidents.merge import (arrest_at_scene, attach_details, began_when_counted, claim_of_told,
                                            detail_target, follow_on_date, merge_into, merge_target, retells_several)
from strife.extract.incidents.places import mention_place
from strife.extract.incidents.records import Candidate
from strife.records import Evidence, IncidentMention

__all__ = ["extract_incidents"]


def extract_incidents(ctx: DocumentContext) -> list[IncidentMention]:
    found: list[Candidate] = []
    last_sum: Candidate | None = None  # a sum is no incident, but dates the parts told after it
    for s_index, sent in enumerate(ctx.sentences):
        cands = sentence_candidates(sent, s_index, ctx, with_sums=True)
        sums = [c for c in cands if c.summed]
        cands = [c for c in cands if not c.summed]
        last_sum = sums[-1] if sums else last_sum
        # a running count of arrests is no toll of its own: its sentence may still complete the deed
        if not cands and found and all(c.kind == "arrest" for c in sums):
            attach_details(detail_target(found), sent, s_index, ctx)
        if not cands and found:
            began_when_counted(detail_target(found), sent, s_index, ctx)
        anchor = found[-1] if found else None
        for cand in cands:
            if retells_several(cand, found):
                continue
            date_from_earlier(cand, sent, anchor)
            follow_on_date(cand, found)
            date_from_sum(cand, last_sum)
            arrest_at_scene(cand, found, ctx)
            target = merge_target(cand, found, ctx)
            if target is None:
                claim_of_told(cand, sent, found)
                found.append(cand)
            else:
                merge_into(target, cand)
    kept = kept_incidents(sums_of_parts(found))
    attribute_named_attackers(kept, ctx)
    attach_filler_sentences(kept, ctx)
    return [_to_mention(c, n, ctx) for n, c in enumerate(kept)]


def _to_mention(c: Candidate, index: int, ctx: DocumentContext) -> IncidentMention:
    place = mention_place(c)
    killed = c.killed or (None, None)
    wounded = c.wounded or (None, None)
    attackers_killed = c.attackers_killed or (None, None)
    evidence = [Evidence(ctx.doc_id, s, e, ctx.text[s:e]) for s, e in c.evidence]
    fillers = role_entities(c, ctx)
    return IncidentMention(
        doc_id=ctx.doc_id, index=index, kind=c.kind, attack_type=c.attack_type,
        date=c.date.iso if c.date is not None else None,
        date_precision=c.date.precision if c.date is not None else None,
        date_from_context=c.date is not None and not c.own_date, undatable=c.date is None and c.undatable,
        place=place, perpetrator=c.perpetrator, perpetrator_text=c.perpetrator_text,
        attribution=c.attribution, claimed=c.claimed, target_text=c.target_text,
        victims_text=c.victims_text, weapon=c.weapon, weapon_text=c.weapon_text,
        killed_min=killed[0], killed_max=killed[1], wounded_min=wounded[0], wounded_max=wounded[1],
        attackers_killed_min=attackers_killed[0], attackers_killed_max=attackers_killed[1],
        loser=c.loser, evidence=evidence, victim_names=tuple(fillers.victims), target_texts=tuple(fillers.targets),
        individual_perpetrators=tuple(fillers.perpetrators), weapon_texts=tuple(fillers.weapons))
