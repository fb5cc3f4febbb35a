"""Detection and merging within one article: what is no incident (an exchange of prisoners,
fighting told as background, a deed an indictment names, a denied report), what is one (a poisoning,
a capture of a person, a protest turned violent, ground a state took), and which later mentions retell
an incident already told (a quoted speaker's "today", the incident's own toll, an arrest at the scene)."""
from __future__ import annotations

import pytest

from strife.extract.incidents import extract_incidents

PUB = "2025-03-12"  # a Wednesday


def _kinds(ctx) -> list[str]:
    return [m.kind for m in extract_incidents(ctx)]


@pytest.mark.parametrize("text", [
    "The two journalists were freed in a prisoner exchange brokered by Oman last week.",
    "Agents from both sides were exchanged on a bridge at dawn.",
    "The senator has remained a firm ally of the government throughout the fighting.",
    "Aid groups have documented abuses in the capital since fighting began last year.",
    "The farming region has seen heavy fighting between rival militias.",
    "A 40-page indictment describes a conspiracy involving training, money and an attack on an embassy.",
    "The ministry said it had no information that any of its citizens were killed or injured.",
    "Ghana's cedi fell to a record low against the dollar on Thursday.",
])
def test_not_an_incident(context, text):
    assert _kinds(context(text, pub=PUB)) == []


def test_an_exchange_of_fire_is_a_battle(context):
    ctx = context("Troops and rebels exchanged fire near Goma on Monday.", pub=PUB)
    assert _kinds(ctx) == ["battle"]


def test_fighting_that_breaks_out_on_a_day_is_a_battle(context):
    ctx = context("Heavy fighting broke out in Goma on Monday.", pub=PUB)
    assert _kinds(ctx) == ["battle"]


def test_a_poisoning_a_capture_and_violent_protests_are_incidents(context):
    ctx = context("The defector survived a poisoning with a nerve agent in Bristol in 2011. "
                  "The trial stalled for years after Hadrami's capture in Peshawar in 2004. "
                  "In Kisumu, the protests turned violent on Monday, police said.", pub=PUB)
    assert _kinds(ctx) == ["attack", "arrest", "attack"]


def test_a_state_that_takes_ground_is_an_armed_party(context):
    ctx = context("Egypt captured the Sinai Peninsula from Israel in the 1973 war.", pub=PUB)
    [m] = extract_incidents(ctx)
    assert (m.kind, m.date) == ("territory_change", "1973")


def test_a_participle_takes_the_name_it_describes(context):
    ctx = context("Drones hit a depot near the Baltic coast of Kaliningrad, annexed by Russia in 1945.", pub=PUB)
    assert [(m.kind, m.place.name) for m in extract_incidents(ctx) if m.kind == "territory_change"] == \
        [("territory_change", "Kaliningrad")]


def test_each_town_of_a_list_is_taken(context):
    ctx = context("Government forces have made gains this year, retaking the city of Kismayo and the towns of "
                  "Baidoa and Beledweyne.", pub=PUB)
    assert sorted(m.place.name for m in extract_incidents(ctx) if m.kind == "territory_change") == \
        ["Baidoa", "Beledweyne", "Kismayo"]


def test_a_city_declared_liberated_is_taken(context):
    ctx = context("The blasts came a week after the army declared the city of Mosul \"fully liberated\" from "
                  "the militants.", pub=PUB)
    assert [m.place.name for m in extract_incidents(ctx) if m.kind == "territory_change"] == ["Mosul"]


def test_a_quoted_speakers_today_retells_the_incident_of_the_day_before(context):
    ctx = context("Armed settlers attacked a group of farmers in the village of Burin on Tuesday. "
                  "Two farmers were taken to hospital after the attack. "
                  "An organizer of the farmers said: \u201cThe attack today shows the need for protection.\u201d",
                  pub=PUB)
    assert len(extract_incidents(ctx)) == 1


def test_a_mention_with_the_incidents_own_toll_joins_it(context):
    ctx = context("Four men were killed in a shooting at a bar in Leeds on Monday, police said. "
                  "The suspect was charged on Tuesday. Crowds gathered for a vigil. "
                  "Hundreds of mourners laid flowers for the victims. "
                  "A memorial honoured the four men who were killed.", pub=PUB)
    [m] = extract_incidents(ctx)
    assert (m.place.name, m.killed_min) == ("Leeds", 4)


def test_an_arrest_at_the_scene_is_made_where_the_incident_happened(context):
    ctx = context("A man stabbed three people at a school in Leeds on Monday, police said. "
                  "A 17-year-old boy was arrested at the scene.", pub=PUB)
    arrests = [m for m in extract_incidents(ctx) if m.kind == "arrest"]
    assert [(m.place.name, m.date) for m in arrests] == [("Leeds", "2025-03-10")]


def test_an_attack_claimed_by_a_group_names_it(context):
    ctx = context("A car bomb killed 12 people in Diyarbakir on Sunday, an attack claimed by the Islamic State.",
                  pub=PUB)
    [m] = extract_incidents(ctx)
    assert (m.perpetrator, m.claimed) == ("Islamic State", True)


def test_a_tally_of_hundreds_of_targets_is_no_incident(context):
    ctx = context("Over six months, the carrier's jets hit more than 300 rebel targets in Yemen.", pub=PUB)
    assert _kinds(ctx) == []


def test_a_heading_and_its_body_tell_one_strike_and_its_killing(context):
    ctx = context("Airstrike kills trader near the border\n\n"
                  "An airstrike near the border has killed a prominent trader, local media reported Monday.",
                  pub=PUB)
    assert len(extract_incidents(ctx)) == 1


def test_a_clause_about_the_victim_does_not_make_him_an_armed_leader(context):
    ctx = context("An airstrike near Homs has killed a prominent trader who was sanctioned by the United States, "
                  "local media reported Monday.", pub=PUB)
    assert _kinds(ctx) == ["airstrike"]


def test_arrests_told_in_different_months_stay_apart_in_an_undated_text(context):
    ctx = context("In April, a 16-year-old was arrested in Lyon for planning an attack. "
                  "Police in March arrested two teenagers in Lyon for plotting bomb attacks.", pub=None)
    assert len([m for m in extract_incidents(ctx) if m.kind == "arrest"]) == 2


def test_attacks_told_on_different_weekdays_stay_apart_in_an_undated_text(context):
    ctx = context("Settlers attacked farmers near Nablus on Sunday. "
                  "Settlers attacked a family near Nablus on Saturday.", pub=None)
    assert len(extract_incidents(ctx)) == 2


def test_aircraft_that_strike_make_an_airstrike(context):
    ctx = context("Army helicopters were rocketing rebel positions near Tarhuna on Monday.", pub=PUB)
    assert _kinds(ctx) == ["airstrike"]


def test_an_operation_to_retake_a_city_is_a_battle(context):
    ctx = context("Government troops launched a military operation on Monday to recapture Sirte.", pub=PUB)
    assert _kinds(ctx) == ["battle"]


def test_a_suicide_bomber_is_no_aircraft(context):
    ctx = context("A suicide bomber blew himself up at a bus stop in Kabul on Monday, killing four.", pub=PUB)
    assert _kinds(ctx) == ["attack"]


def test_a_clause_about_the_place_does_not_date_the_offensive(context):
    ctx = context("Troops launched an offensive last week to recapture Sirte, which has been under rebel control "
                  "since 2014.", pub=PUB)
    [battle] = [m for m in extract_incidents(ctx) if m.kind == "battle"]
    assert battle.date.startswith("2025-03")  # last week, not when the rebels' control began
