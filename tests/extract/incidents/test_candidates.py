"""Candidates: a sentence cut into one segment per incident it tells, each filled by the stages."""
from __future__ import annotations

from strife.extract.incidents.triggers import find_triggers
from tests.extract.incidents.conftest import candidates_in, one_candidate, sentence_with


def test_a_sentence_telling_two_anchored_incidents_gives_two(context):
    ctx = context("Gunmen killed four soldiers in Gao on Monday, and a roadside bomb killed two policemen "
                  "in Mopti on Tuesday.")
    first, second = candidates_in(ctx, "Gao")
    assert (first.place.name, first.killed, first.date.iso) == ("Gao", (4, 4), "2016-03-07")
    assert (second.place.name, second.killed, second.date.iso) == ("Mopti", (2, 2), "2016-03-08")
    assert second.attack_type == "bombing" and first.attack_type == "armed_assault"
    assert first.end <= second.start


def test_an_earlier_incident_told_as_the_cause_is_its_own(context):
    ctx = context("Turkey struck targets in northern Iraq on Monday following a deadly bomb attack carried out "
                  "by the PKK in Ankara.")
    strike, bombing = candidates_in(ctx, "Turkey")
    assert (strike.perpetrator, strike.place.country) == ("Turkish forces", "IQ")
    assert (bombing.perpetrator, bombing.place.name) == ("Kurdistan Workers' Party", "Ankara")


def test_a_piece_with_no_anchor_of_its_own_continues_the_one_before(context):
    ctx = context("Militants stormed the hotel and attacked the guests in Bamako on Friday.")
    cand = one_candidate(ctx, "Bamako")
    assert sorted(t.text for t in cand.triggers) == ["attacked", "stormed"]
    assert cand.place.name == "Bamako"


def test_a_territorial_change_gives_one_candidate_per_place(context):
    ctx = context("Iraqi forces recaptured Ramadi and Fallujah from Islamic State on Friday.")
    found = candidates_in(ctx, "Ramadi")
    assert [c.place.name for c in found] == ["Ramadi", "Fallujah"]
    assert {(c.kind, c.perpetrator, c.loser) for c in found} == \
        {("territory_change", "Iraqi security forces", "Islamic State")}


def test_a_fall_with_no_armed_party_is_no_territorial_change(context):
    ctx = context("The naira fell to a record low in Lagos on Monday.")
    _, sent = sentence_with(ctx, "naira")
    assert [t.kind for t in find_triggers(sent)] == ["territory_change"]
    assert candidates_in(ctx, "naira") == []


def test_a_candidate_carries_every_stage_s_field(context):
    ctx = context("A car bomb killed 12 people in the Syrian capital on Monday.")
    cand = one_candidate(ctx, "car bomb")
    assert (cand.kind, cand.attack_type, cand.weapon) == ("attack", "vehicle_bomb", "vehicle_bomb")
    assert (cand.place.name, cand.country, cand.killed) == ("Damascus", "SY", (12, 12))
    assert (cand.date.iso, cand.own_date, cand.anchored, cand.headline) == ("2016-03-07", True, True, False)
    assert cand.evidence == [(0, len(ctx.text))]


def test_a_headline_candidate_is_marked_as_such(context):
    ctx = context("Car bomb attack in Kirkuk kills 12\nA car bomb killed 12 people at a market in Kirkuk on Sunday.")
    headline = one_candidate(ctx, "kills 12")
    body = one_candidate(ctx, "at a market")
    assert headline.headline and not body.headline
    assert headline.date is None and body.date.iso == "2016-03-06"


def test_an_earlier_event_told_after_a_comma_is_its_own_segment(context):
    ctx = context("Militants attacked a church in Kano in January, killing two, the first such attack in years, "
                  "after a lull that followed the army takeover of Bama in 2019.")
    found = candidates_in(ctx, "church")
    assert [(c.kind, c.killed) for c in found] == [("attack", (2, 2)), ("territory_change", None)]


def test_a_deed_told_after_another_doer_s_deed_is_its_own(context):
    """'X shelled A after Y ambushed B': two doers, two deeds, which do not merge back into one."""
    from strife.extract.incidents import extract_incidents

    ctx = context("The Nigerian army shelled positions in the forest on Monday after Boko Haram fighters ambushed "
                  "an army convoy near Maiduguri.")
    assert [c.sent_index for c in candidates_in(ctx, "shelled")] == [0, 0]
    assert len(extract_incidents(ctx)) == 2


def test_a_deed_told_after_the_same_doer_s_deed_is_one(context):
    """'was shot after he killed five' and 'two were killed after a bomb exploded' tell one incident."""
    assert len(candidates_in(context("Police shot the gunman after he killed five people at a mall in Malmo on "
                                     "Monday."), "gunman")) == 1
    assert len(candidates_in(context("Two boys were killed after a car bomb exploded in a market in Kirkuk on "
                                     "Monday."), "boys")) == 1


def test_coordinated_deeds_of_two_doers_are_two_incidents(context):
    ctx = context("Since the PKK's attacks on March 3 and Turkey's subsequent offensive in Hakkari, villagers "
                  "have been fleeing the hills.")
    attacks, offensive = candidates_in(ctx, "PKK")
    assert (attacks.perpetrator, attacks.date.iso) == ("Kurdistan Workers' Party", "2016-03-03")
    assert (offensive.kind, offensive.perpetrator) == ("battle", "Turkish forces")


def test_a_deed_that_only_times_the_sentence_takes_no_weapon_from_it(context):
    """'Since X's attack on May 3, the army will patrol with drones': the drones are the patrol's."""
    ctx = context("Since the Taliban's attack on May 3, the army says it will patrol the road with drones and rifles.")
    cand = one_candidate(ctx, "Taliban")
    assert (cand.kind, cand.attack_type, cand.perpetrator) == ("attack", None, "Taliban")
