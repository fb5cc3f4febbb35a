"""Kinds: the named refinement rules over a candidate's kind and attack type."""
from __future__ import annotations

import pytest

from strife.extract.incidents.kinds import Segment, drone_strike, execution_of_one
from strife.extract.incidents.records import Candidate
from tests.extract.incidents.conftest import candidates_in, one_candidate, sentence_with


def kind_of(context, text, words):
    cand = one_candidate(context(text), words)
    return cand.kind, cand.attack_type


@pytest.mark.parametrize("text, words, expected", [
    # drone_strike: a state's drone is an airstrike, an armed group's an attack
    ("U.S. forces carried out a drone strike near Raqqa on Monday.", "Raqqa", ("airstrike", "drone")),
    ("Houthi drones struck an airport in Abha on Monday.", "Abha", ("attack", "drone")),
    # airstrike_type: an air raid by a drone is a drone's; a drone shot down was the attack
    ("Air raids or missile strikes from a drone hit a car in Ataq on Monday, killing two gunmen.", "Ataq",
     ("airstrike", "drone")),
    ("Soldiers shot down an explosives-laden drone over Mosul on Monday.", "Mosul", ("attack", "drone")),
    ("Rebels shot down an army helicopter over Idlib on Monday.", "Idlib", ("attack", "aircraft_downing")),
    # state_strike and aircraft_weapons: a state's strike, warplanes bombing
    ("U.S. forces carried out a strike near Raqqa on Monday.", "Raqqa", ("airstrike", None)),
    ("Warplanes bombed the town of Daraya on Monday, killing 12 people.", "Daraya", ("airstrike", None)),
    # battle: losses on two armed sides, a clash
    ("Three soldiers and ten militants were killed in Beni on Monday.", "Beni", ("battle", "armed_assault")),
    ("Clashes between soldiers and rebels in Beni killed 12 people on Monday.", "Beni", ("battle", None)),
    # fighting_with_bombardment: fighting told first, a bombardment coordinated with it, is a battle
    ("Army troops fought rebels near Tarvik on Monday and bombarded the town centre.", "Tarvik", ("battle", None)),
    ("Army jets bombarded rebel positions near Tarvik on Monday.", "Tarvik", ("airstrike", None)),
    # fighting told around an attack on a thing no side holds: an attack on that thing
    ("Heavy fighting raged in Beni on Monday when rebels attacked a power substation.", "Beni", ("attack", None)),
    # raid_by_armed_group: gunmen raiding is an armed assault, forces raiding a raid
    ("Gunmen raided a village in Zamfara on Monday.", "Zamfara", ("attack", "armed_assault")),
    ("Pakistani troops raided a compound in Quetta on Monday.", "Quetta", ("raid", None)),
    ("On Monday, police raided a house in Lahore.", "Lahore", ("raid", None)),
    # ground_operation: a state's troops sent in on the ground fight a battle, bombardment or not
    ("Turkish troops began a ground incursion and heavy shelling on Monday that killed 14 people near Afrin.",
     "Afrin", ("battle", None)),
    ("Ethiopian forces launched a fresh ground assault against militants in Baidoa on Monday.", "Baidoa",
     ("battle", None)),
])
def test_kind_and_attack_type_after_every_rule(context, text, words, expected):
    assert kind_of(context, text, words) == expected


def test_the_drone_rule_follows_the_perpetrator_s_side(context):
    ctx = context("U.S. forces and Houthi rebels both fly drones. Drones struck a base near Raqqa on Monday.")
    _, sent = sentence_with(ctx, "Raqqa")
    seg = Segment(sent, sent.text, sent.text.lower(), ctx)
    found = {}
    for perpetrator in ("United States", "Houthis", None):
        cand = Candidate(kind="attack", triggers=[], start=sent.start_char, end=sent.end_char, sent_index=1,
                         perpetrator=perpetrator)
        drone_strike(cand, seg)
        found[perpetrator] = (cand.kind, cand.attack_type)
    assert found == {"United States": ("airstrike", "drone"), "Houthis": ("attack", "drone"),
                     None: ("attack", "drone")}  # nobody named: no state's forces either


def test_a_named_leader_killed_is_its_own_kind(context):
    leader = one_candidate(context("A U.S. airstrike killed ranking Islamic State leader Abu Sayyaf in Syria on "
                                   "Saturday."), "Abu Sayyaf")
    assert (leader.kind, leader.attack_type, leader.killed, leader.victims_text) == \
        ("leader_killed", None, (1, 1), "Abu Sayyaf")


def test_the_execution_of_a_named_person_kills_one(context):
    ctx = context("Islamic State showed the execution of Jordanian pilot Moaz al-Kasasbeh on Tuesday. "
                  "Islamic State showed the execution of prisoners on Tuesday.")
    found = []
    for words in ("pilot", "prisoners"):
        _, sent = sentence_with(ctx, words)
        cand = Candidate(kind="execution", triggers=[], start=sent.start_char, end=sent.end_char, sent_index=0)
        execution_of_one(cand, Segment(sent, sent.text, sent.text.lower(), ctx))
        found.append(cand.killed)
    assert found == [(1, 1), None]


def test_helicopters_dropping_barrel_bombs_is_an_airstrike(context):
    # aircraft that strike make an airstrike (kinds.aircraft_doer), whatever weapon aircraft_weapons reads first
    assert kind_of(context, "Syrian government helicopters dropped barrel bombs on Daraya on Monday, killing "
                            "12 people.", "Daraya") == ("airstrike", None)


def test_police_opening_a_sentence_still_raid(context):
    assert kind_of(context, "Police raided a house in Lahore on Monday.", "Lahore") == ("raid", None)
    assert kind_of(context, "Police raided a house on Monday.", "house") == ("raid", None)  # no state to infer


@pytest.mark.parametrize("text, words", [
    ("Gunmen opened fire on the district prosecutor in Kunduz on Monday.", "prosecutor"),
    ("Assailants threw a grenade at Anna Teller in Gitega on Monday. Teller, the Trade Minister, was hurt.", "grenade"),
    ("A gunman shot Finance Minister Olo Barre and his driver in Kismayo on Monday.", "gunman"),
])
def test_an_attack_aimed_at_an_office_holder_is_an_assassination(context, text, words):
    assert [c.attack_type for c in candidates_in(context(text), words)] == ["assassination"]


def test_an_attack_on_a_building_of_an_office_holder_or_on_ordinary_people_is_not(context):
    text = "A bomb destroyed the residence of a tribal elder and former commander in Kunduz on Monday."
    assert [c.attack_type for c in candidates_in(context(text), "bomb")] == ["bombing"]
    text = "Gunmen opened fire on a police officer in Kunduz on Monday."
    assert [c.attack_type for c in candidates_in(context(text), "Gunmen")] == ["armed_assault"]


def test_a_leader_named_after_a_colon_is_a_leader_killed(context):
    """'killed only one: X, the second in command of the armed wing': the name and title after the
    colon say who was killed, wherever the parser hangs them; the killer is the raised subject."""
    text = ("Of the four top commanders of al-Shabaab, Kenya is believed to have killed only one: Ali Farah, "
            "the second in command of the armed wing.")
    cand = one_candidate(context(text), "Farah")
    assert (cand.kind, cand.killed, cand.perpetrator) == ("leader_killed", (1, 1), "Kenyan security forces")


def test_a_state_s_bombing_is_an_airstrike(context):
    assert kind_of(context, "Its deputy leader was targeted by Turkey in a bombing on Sunday that killed 12 "
                            "people, according to local officials.", "bombing") == ("airstrike", None)
    assert kind_of(context, "Militants carried out a bombing in Diyarbakir on Sunday that killed 12 people.",
                   "bombing") == ("attack", "bombing")
