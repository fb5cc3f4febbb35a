"""Frames: when a count of victims or arrests is a sum (an indicator) and when it is one incident's
own figure; counts of actions need a period or a date; a force size must be said as one."""
from __future__ import annotations

import pytest

from strife.extract.indicators.frames import accepted, sum_frame
from tests.extract.indicators.conftest import sentence_with, values_of


def frame(ctx, words: str = "") -> str | None:
    (v,) = values_of(ctx, words)
    return sum_frame(sentence_with(ctx, words), v.start, v.ev_end, ctx)


def is_accepted(ctx, words: str = "") -> list[bool]:
    sent = sentence_with(ctx, words)
    return [accepted(v, sent, ctx) for v in values_of(ctx, words)]


@pytest.mark.parametrize("text, reason", [
    ("So far, 212 suspects have been detained.", "period"),
    ("More than 300 people have been killed since March 2.", "period"),
    ("At least 14 people were killed across Kenya.", "scope"),
    ("The insurgency has killed at least 9,000 people.", "war"),
    ("The junta's campaign has killed 2,000 civilians.", "war"),
    ("More than 1,000 people have died in the fighting.", "war"),
    ("Saudi airstrikes killed 30 people.", "events"),
    ("Riots that left nine students dead spread further.", "events"),
])
def test_a_sum_and_why(context, text, reason):
    assert frame(context(text)) == reason


@pytest.mark.parametrize("text", [
    "An explosion at a market killed 14 people on Monday.",  # a singular incident close before the count
    "A string of coordinated bombings killed 40 people.",  # the parts of one incident
    "Gunmen killed 41 people in a raid on a village.",  # the clause names its incident
    "The fighting on Friday killed 22 people.",  # a battle on a day, not the war
    "Airstrikes on the town of Saada killed 12 people.",  # several strikes placed in one town
])
def test_an_incidents_own_figure(context, text):
    assert frame(context(text)) is None


def test_victims_need_a_sum_and_more_than_one(context):
    assert is_accepted(context("A car bomb killed 12 people in Mogadishu.")) == [False]
    assert is_accepted(context("So far one person has been arrested.")) == [False]  # one is no sum
    assert is_accepted(context("The insurgency has killed at least 9,000 people.")) == [True]


def test_bodies_recovered_are_a_count_unless_their_incident_is_named(context):
    assert is_accepted(context("Rescuers recovered 23 bodies in the district.")) == [True]
    assert is_accepted(context("Rescuers recovered 23 bodies in the aftermath of the blast.")) == [False]


def test_counts_of_actions_need_a_period_or_a_date(context):
    assert is_accepted(context("The coalition carried out 40 airstrikes in March.")) == [True]
    assert is_accepted(context("The rebels fired 90 rockets, the army said.")) == [False]


def test_a_force_size_is_said_as_one(context):
    assert is_accepted(context("The mission keeps its 1,800 peacekeepers in the north.")) == [True]
    assert is_accepted(context("The group fields about 3,000 fighters.")) == [True]
    assert is_accepted(context("About 300 fighters were killed in the assault.")) == [False]


def test_a_vague_quantity_gives_no_figure(context):
    assert is_accepted(context("The group has claimed dozens of attacks this year.")) == [False]


def test_a_frame_anywhere_in_the_sentence_frames_its_actions(context):
    text = "The frigates have fired 90 cruise missiles so far, while the jets have fired 30 rockets."
    assert is_accepted(context(text)) == [True, True]
