"""Roles: the perpetrator (claimed, hedged, explicit, unknown, inferred), victims and targets, and
who won and lost a territorial change."""
from __future__ import annotations

import pytest

from strife.extract.incidents.roles import assign_agency, responsibility_claim, victims_and_targets
from tests.extract.incidents.conftest import bare_candidate, one_candidate, sentence_with


def agency(ctx, words):
    cand, sent = bare_candidate(ctx, words)
    assign_agency(cand, sent, sent.start_char, sent.end_char, ctx)
    return cand


def test_a_named_claimant_is_the_claimed_perpetrator(context):
    ctx = context("Islamic State claimed responsibility for the bombing in Baghdad on Sunday.")
    _, sent = sentence_with(ctx, "claimed")
    assert responsibility_claim(sent, ctx) == ("Islamic State", "Islamic State", "claimed", True)


def test_a_generic_claimant_stands_for_the_group_named_before(context):
    ctx = context("Al-Shabaab was active in the region. The group claimed responsibility for the attack on a "
                  "hotel in Mogadishu on Friday.")
    _, sent = sentence_with(ctx, "The group")
    assert responsibility_claim(sent, ctx) == ("al-Shabaab", "The group", "claimed", True)


def test_no_group_claiming_is_no_claim(context):
    ctx = context("A suicide bomber killed nine people in Maiduguri on Sunday. "
                  "No group has claimed responsibility for the attack.")
    _, sent = sentence_with(ctx, "No group")
    assert responsibility_claim(sent, ctx) is None
    assert agency(ctx, "No group").claimed is False


def test_unidentified_gunmen_are_an_unknown_perpetrator(context):
    cand = agency(context("Two policemen were killed by unidentified gunmen in Quetta on Monday."), "Quetta")
    assert (cand.perpetrator, cand.perpetrator_text, cand.attribution) == (None, "unidentified gunmen", "unknown")


@pytest.mark.parametrize("text, expected", [
    ("Suspected Boko Haram militants killed six villagers in Borno on Sunday.",
     ("Boko Haram", "Boko Haram militants", "suspected")),
    ("The Taliban killed four policemen on Monday.", ("Taliban", "Taliban", "explicit")),
    ("Al-Shabaab fighters are active in Somalia. A bomb exploded at a market on Monday.",
     ("al-Shabaab", None, "inferred")),  # no agent named: the article's armed group, marked as inferred
])
def test_perpetrator_hedged_explicit_or_inferred(context, text, expected):
    cand = agency(context(text), "on ")
    assert (cand.perpetrator, cand.perpetrator_text, cand.attribution) == expected


def test_victims_are_people_hit_and_targets_things_attacked(context):
    post, _ = bare_candidate(context("Gunmen attacked a police post in Gao on Monday."), "Gao")
    governor, _ = bare_candidate(context("A roadside bomb killed the district governor in Helmand on Monday."),
                                 "Helmand")
    victims_and_targets(post)
    victims_and_targets(governor)
    assert (post.victims_text, post.target_text) == (None, "police post")
    assert (governor.victims_text, governor.target_text) == ("district governor", None)


@pytest.mark.parametrize("text, winner, loser", [
    ("Iraqi forces lost Baiji to Islamic State on Friday.", "Islamic State", "Iraqi security forces"),
    ("Iraqi forces recaptured Ramadi from Islamic State on Monday.", "Iraqi security forces", "Islamic State"),
])
def test_territory_winner_and_loser(context, text, winner, loser):
    cand = agency(context(text), "Islamic State")
    assert (cand.perpetrator, cand.loser, cand.attribution) == (winner, loser, "explicit")


@pytest.mark.xfail(strict=True, reason="bug: the side that 'suffered a defeat' is made the winner of the "
                                       "territorial change (perpetrator), and no loser is set")
def test_the_side_that_suffers_a_defeat_is_the_loser(context):
    cand = one_candidate(context("Islamic State suffered a defeat in Tikrit in March 2015."), "Tikrit")
    assert (cand.kind, cand.perpetrator, cand.loser) == ("territory_change", None, "Islamic State")


@pytest.mark.xfail(strict=True, reason="bug: victims_and_targets takes the object of 'on' whatever it is, so "
                                       "'on Sunday' makes the day the target")
def test_the_day_of_an_attack_is_not_its_target(context):
    cand, _ = bare_candidate(context("A bomb exploded in a market in Hilla on Sunday."), "Hilla")
    victims_and_targets(cand)
    assert cand.target_text is None


def test_an_actor_in_a_clause_on_the_subject_is_not_its_doer(context):
    ctx = context("A bomb, which was placed at the entrance of the ELN office in Cucuta, went off on Monday.")
    cand = agency(ctx, "Cucuta")
    assert cand.perpetrator != "ELN" or cand.attribution != "explicit"


def test_an_actor_in_the_deed_s_own_of_phrase_is_not_its_doer(context):
    ctx = context("The killing of the FARC commanders in Cali on Monday has coincided with the talks.")
    cand = agency(ctx, "Cali")
    assert cand.perpetrator != "FARC" or cand.attribution != "explicit"
