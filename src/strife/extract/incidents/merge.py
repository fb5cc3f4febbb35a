"""Merging within a document: a sentence that tells an incident again or continues it (the
headline, the lead, the details, a claim) adds to that incident instead of making another."""
from __future__ import annotations

import re

from spacy.tokens import Span

from strife.extract.context import DocumentContext
from strife.extract.incidents.casualties import attackers_only
from strife.extract.incidents.dates import dates_compatible
from strife.extract.incidents.records import FAMILY, Candidate
from strife.extract.incidents.roles import responsibility_claim
from strife.nlp.gazetteer import distance_km
from strife.nlp.numbers import find_casualties
from strife.nlp.pipeline import span_text
from strife.records import PRECISION_RADIUS_KM, Place

_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_NO_CLAIM = re.compile(r"\bno (?:group|one|organi[sz]ation) (?:has |had )?(?:claimed|took|has taken|claiming)", re.I)


def attach_details(cand: Candidate, sent: Span, s_index: int, ctx: DocumentContext) -> None:
    """A sentence with no incident of its own may complete the last one: 'There were no reported
    casualties.' 'The Taliban claimed responsibility.' 'Six people were killed.'"""
    detail = Candidate(kind=cand.kind, triggers=[], start=sent.start_char, end=sent.end_char, sent_index=s_index)
    own_period = any(sent.start_char <= tx[0] < sent.end_char and tx[2].precision >= 3 for tx in ctx.event_timexes)
    if s_index - cand.sent_index <= 2 and not own_period:
        # figures belong to the incident just told (not "in February alone, 670 were killed");
        # claims belong to the last incident told
        cas = find_casualties(span_text(sent))
        detail.killed, detail.wounded = cas.killed, cas.wounded
    claim = responsibility_claim(sent, ctx)
    if claim:
        detail.perpetrator, detail.perpetrator_text, detail.attribution, detail.claimed = claim
    elif _NO_CLAIM.search(span_text(sent)):
        detail.claimed = False
    if detail.killed or detail.wounded or detail.claimed is not None or detail.perpetrator:
        if detail.killed and cand.killed or detail.wounded and cand.wounded:
            return  # its own figures: another matter, not a completion
        detail.evidence.append((sent.start_char, sent.end_char))
        merge_into(cand, detail)


def merge_target(cand: Candidate, found: list[Candidate], ctx: DocumentContext) -> Candidate | None:
    """An earlier incident of this document that the candidate tells again or continues: the same
    or a nearby fine place; a retelling (a heading tells what the body tells, "the attack" and
    "Sunday's blast" refer to one already told) with nothing that tells them apart (a distant
    place, a different own date); or, close by in the text, nothing that tells them apart (a
    distant place, a different own date, other casualty figures)."""
    for prev in reversed(found):
        if FAMILY.get(prev.kind) != FAMILY.get(cand.kind) and not (
                _anaphoric(cand) and {FAMILY.get(prev.kind), FAMILY.get(cand.kind)} <= {"violent", "leader"}):
            continue
        relation = _place_relation(cand.place, prev.place)
        if relation == "different":
            continue
        if cand.own_date and cand.date is not None and prev.date is not None \
                and not dates_compatible(cand.date, prev.date):
            continue
        # a heading's figures are rounder than the body's, and a reference back may give an update
        retelling = prev.headline or cand.headline or _anaphoric(cand)
        if not retelling and not _ranges_overlap(cand.killed, prev.killed) and relation != "same" \
                and not attackers_only(cand):
            continue
        if relation == "same":
            return prev
        if cand.kind == "territory_change":
            continue
        if retelling:
            return prev
        fine = cand.place is not None and (cand.place.precision or 1) <= 3
        near_in_text = cand.sent_index - prev.sent_index <= 2
        if relation == "near" or (near_in_text and not (fine and _introduces_new(cand))):
            return prev
        if near_in_text and fine and cand.sent_index != prev.sent_index and cand.kind == prev.kind \
                and _refines(cand.place, prev.place):
            return prev  # "a knife attack in northern England" ... "a stabbing in Southport"
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
    """'... claimed responsibility for the attack', 'killed in the assault', "Sunday's blast": every
    event noun is definite or possessed, so it refers back to an incident already told."""
    nouns = [t for t in cand.triggers if t.noun]
    return bool(nouns) and all(any(c.dep_ == "poss" or c.dep_ == "det" and c.lower_ in _DEFINITE
                                   for c in t.token.children) for t in nouns)


def _refines(fine: Place, coarse: Place | None) -> bool:
    """A fine place that a coarse one (a region, a country) told before may contain."""
    if coarse is None or (coarse.precision or 1) <= 3 or fine.country is None or fine.country != coarse.country:
        return False
    if coarse.feature == "admin1" and coarse.admin1:  # a province contains its own towns only
        return fine.admin1 is not None and fine.admin1 == coarse.admin1
    return True


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


def merge_into(into: Candidate, other: Candidate) -> None:
    # 'Five attackers were also killed': add them to the toll told before
    if attackers_only(other) and into.killed and not into.attackers_killed and into is not other:
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

