"""Weapons and attack types from the weapons lexicon and the attack-type cues."""
from __future__ import annotations

import pytest

from strife.extract.incidents.weapons import Weapon, aerial, attack_type, find_weapon


def test_the_longest_weapon_term_at_a_position():
    assert find_weapon("A car bomb exploded near the car park.") == Weapon("vehicle_bomb", "car bomb", "vehicle_bomb")
    assert find_weapon("The market was busy.") is None


@pytest.mark.parametrize("text, expected", [
    ("a suicide bomber blew himself up", "suicide_bombing"),  # the cue, not the weapon's class
    ("militants kidnapped ten aid workers", "hostage"),  # a cue with no weapon at all
    ("rockets hit the base", "bombing"),  # rocket attacks fold into bombing
    ("a roadside mine exploded", "bombing"),
    ("gunmen opened fire with AK-47 rifles", "armed_assault"),
    ("warplanes bombed the town", None),  # an aircraft says airstrike, not a type of attack
])
def test_attack_type_from_cues_else_the_weapon_folded(text, expected):
    assert attack_type(text, find_weapon(text)) == expected


def test_aerial_weapons_are_aircraft_and_their_munitions():
    assert [aerial(find_weapon(t)) for t in ("warplanes", "barrel bombs", "a helicopter gunship", "AK-47")] == \
        [True, True, True, False]
    assert not aerial(None)


def test_a_drone_shot_down_is_a_drone_attack():
    assert attack_type("Security forces shot down an explosives-laden drone near the base.", None) == "drone"
    assert attack_type("Rebels shot down a military helicopter.", None) == "aircraft_downing"


def test_an_explosive_vest_is_no_vehicle_bomb_but_a_rigged_motorcycle_is():
    assert attack_type("A suicide bomber detonated an explosives-laden vest at a market.", None) == "suicide_bombing"
    assert attack_type("A motorcycle rigged with explosives went off near a rally.", None) == "vehicle_bomb"
