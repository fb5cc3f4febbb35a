"""Subjects: the actor a claim is about, a state's forces standing for the state."""
from __future__ import annotations

import pytest

from strife.extract.indicators import extract_indicators


def subjects(ctx) -> list[tuple[str, str | None]]:
    return [(i.metric, i.subject) for i in extract_indicators(ctx)]


@pytest.mark.parametrize("text, expected", [
    ("Saudi airstrikes have killed more than 300 people in Yemen this year.", [("deaths_count", "Saudi Arabia")]),
    ("Russia's invasion has killed at least 9,000 civilians since February.", [("civilians_killed", "Russia")]),
    ("The monitors accused the Houthis of violating the ceasefire 35 times since March.",
     [("truce_violations", "Houthis")]),
    ("Since January, Israeli troops have arrested 900 people in the West Bank.", [("arrests_count", "Israel")]),
])
def test_who_did_it(context, text, expected):
    assert subjects(context(text)) == expected


def test_troops_are_the_state_named_before_them(context):
    text = ("Al-Shabaab attacked a base near Mogadishu last week.\n\n"
            "Kenya's army chief said the country will keep its 3,000 troops in Somalia until 2025.")
    assert subjects(context(text)) == [("troops", "Kenya")]


def test_a_toll_with_no_killer_named_has_no_subject(context):
    text = "Al-Shabaab is active in the south.\n\nAt least 40 people have been killed across Somalia since May."
    assert subjects(context(text)) == [("deaths_count", None)]


def test_a_passive_subject_suffered_it(context):
    text = "In May alone, 300 al-Shabaab suspects were detained, according to Kenyan police."
    assert subjects(context(text)) == [("arrests_count", None)]
    text = "In May alone, 300 al-Shabaab suspects were detained by Kenyan police."
    assert subjects(context(text)) == [("arrests_count", "Kenya")]


def test_the_armed_actor_reporting_actions_did_them(context):
    text = "The Russian military said on Friday that its aircraft hit more than 70 targets in the past week."
    assert subjects(context(text)) == [("targets_struck", "Russia")]


def test_people_uprooted_by_no_one_named_have_no_subject(context):
    text = "Al-Shabaab controls much of the south.\n\nMore than 40,000 people have fled their homes since May."
    assert subjects(context(text)) == [("displaced", None)]


def test_an_actor_in_a_passive_subject_did_not_do_the_operations(context):
    text = "In May alone, 300 al-Shabaab suspects were detained in 45 operations, according to the police."
    assert subjects(context(text)) == [("arrests_count", None), ("operations_count", None)]
