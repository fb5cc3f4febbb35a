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
