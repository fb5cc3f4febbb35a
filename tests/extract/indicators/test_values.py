"""Count rules: what a number followed by its noun or verb counts, and where the rules refuse to
read one (a joining word between the number and its noun, a vague quantity)."""
from __future__ import annotations

import pytest

from tests.extract.indicators.conftest import counts, values_of


@pytest.mark.parametrize("text, expected", [
    ("Police said 212 suspects were detained in raids on Monday.", [("arrests_count", 212, 212)]),
    ("Officers have arrested more than 90 protesters since the vote.", [("arrests_count", 90, None)]),
    ("The army said it had neutralised 80 insurgents since January.", [("militants_killed", 80, 80)]),
    ("More than 4,000 policemen have died since the insurgency began.", [("security_forces_killed", 4000, None)]),
    ("At least 70 villagers died after the dam burst.", [("deaths_count", 70, None)]),
    ("The bombing killed 31 Yemenis.", [("deaths_count", 31, 31)]),
    ("The offensive has left 2,300 civilians dead.", [("civilians_killed", 2300, 2300)]),
    ("Roughly 9,000 soldiers were killed or wounded in the battle.", [("casualties_count", 9000, 9000)]),
    ("The shelling has wounded 1,400 others.", [("wounded_count", 1400, 1400)]),
    ("Rescuers recovered 23 bodies in the district.", [("deaths_count", 23, 23)]),
])
def test_victims_and_arrests(context, text, expected):
    assert counts(context(text)) == expected


@pytest.mark.parametrize("text, expected", [
    ("Some 47 hostages remain in the tunnels, including 12 thought to be dead.",
     [("hostages_held", 47, 47), ("hostages_dead", 12, 12)]),
    ("The kidnappers are holding 19 hostages, two of whom are presumed dead.",
     [("hostages_held", 19, 19), ("hostages_dead", 2, 2)]),
    ("Five nurses are thought to be still in captivity.", [("hostages_held", 5, 5)]),
])
def test_hostages(context, text, expected):
    assert counts(context(text)) == expected


@pytest.mark.parametrize("text, expected", [
    ("The navy has fired 90 cruise missiles and dropped 300 munitions since January.",
     [("projectiles_count", 90, 90), ("projectiles_count", 300, 300)]),
    ("The rebels launched 60 drones at the port this year.", [("drones_launched", 60, 60)]),
    ("Aircraft struck some 75 positions in the valley.", [("targets_struck", 75, 75)]),
    ("The monitors said the militia violated the ceasefire 35 times.", [("truce_violations", 35, 35)]),
    ("The coalition flew 1,200 sorties.", [("operations_count", 1200, 1200)]),
    ("The peacekeeping force keeps its 1,800 peacekeepers in the north.", [("troops", 1800, 1800)]),
])
def test_actions_and_forces(context, text, expected):
    assert counts(context(text)) == expected


@pytest.mark.parametrize("text, expected", [
    ("More than 1.2 million Syrians have fled abroad.", [("refugees", 1200000, None)]),
    ("About 700,000 people were displaced by the fighting.", [("displaced", 700000, 700000)]),
    ("The number of internally displaced people rose from 2.1 million to 2.6 million.",
     [("displaced", 2100000, 2100000), ("displaced", 2600000, 2600000)]),
    ("About 5,000 residents remain trapped in the old city.", [("civilians_trapped", 5000, 5000)]),
    ("Some 800 families are stranded inside.", [("families_trapped", 800, 800)]),
    ("The clinic has treated 140 survivors of rape.", [("sexual_violence_victims", 140, 140)]),
])
def test_people_uprooted_trapped_or_abused(context, text, expected):
    assert counts(context(text)) == expected


def test_a_joining_word_between_number_and_noun_breaks_the_count(context):
    # "three of nine raids": nine raids, not three; "12 plots or bombings": neither a count of bombings
    assert counts(context("Troops took part in three of nine raids.")) == [("operations_count", 9, 9)]
    assert counts(context("Investigators foiled 12 plots or bombings.")) == []


def test_a_vague_quantity_is_marked_and_a_date_is_no_count(context):
    (dozens,) = values_of(context("The group has claimed dozens of attacks."))
    assert dozens.attrs["vague"]
    assert counts(context("They remembered the March 15 attacks.")) == []


def test_the_rule_says_whether_its_phrasing_makes_a_sum(context):
    (bodies,) = values_of(context("Rescuers recovered 23 bodies in the district."))
    (killed,) = values_of(context("The bombing killed 31 Yemenis."))
    assert bodies.attrs["aggregate"] and not killed.attrs["aggregate"]
