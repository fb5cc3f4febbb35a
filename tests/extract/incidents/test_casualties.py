"""Casualties: the killed and wounded a segment counts, the attackers' own dead kept apart, one
victim when a killing verb names one person."""
from __future__ import annotations

import pytest

from strife.extract.incidents.casualties import (KILLING_LEMMAS, attackers_only, one_named_victim, set_casualties,
                                                 split_attackers)
from strife.extract.incidents.records import Candidate
from tests.extract.incidents.conftest import bare_candidate


def counted(ctx, words):
    cand, sent = bare_candidate(ctx, words)
    set_casualties(cand, sent.text)
    return cand


def test_killed_and_wounded_are_counted_apart(context):
    cand = counted(context("Gunmen killed four soldiers and wounded seven in Gao on Monday."), "Gao")
    assert (cand.killed, cand.wounded, cand.attackers_killed) == ((4, 4), (7, 7), None)


def test_attackers_among_the_dead_are_split_out_of_a_total(context):
    cand = counted(context("Gunmen stormed a hotel in Bamako on Friday. 15 civilians and five attackers were killed."),
                   "15 civilians")
    assert cand.killed == (20, 20)  # every death the report counts
    assert cand.attackers_killed == (5, 5)


def test_attackers_also_killed_are_the_attackers_own_dead(context):
    cand = counted(context("A suicide bomber killed 15 civilians in Kabul on Monday. "
                           "Five attackers were also killed by guards."), "Five attackers")
    assert cand.attackers_killed == (5, 5)
    assert attackers_only(cand)


def test_split_attackers_reads_the_attackers_own_deaths_only():
    blew_up = Candidate(kind="attack", triggers=[], start=0, end=0, sent_index=0)
    fled = Candidate(kind="attack", triggers=[], start=0, end=0, sent_index=0)
    split_attackers(blew_up, "Police said three of the gunmen blew themselves up.")
    split_attackers(fled, "Police said three gunmen fled.")
    assert (blew_up.attackers_killed, fled.attackers_killed) == ((3, 3), None)


def test_one_person_named_as_the_object_of_a_killing_verb_is_one_killed(context):
    one, _ = bare_candidate(context("Gunmen shot and killed the district prosecutor in Quetta on Monday."), "Quetta")
    several, _ = bare_candidate(context("Gunmen shot and killed several policemen in Quetta on Monday."), "Quetta")
    assert one_named_victim(one.triggers, KILLING_LEMMAS) == (1, 1)
    assert one_named_victim(several.triggers, KILLING_LEMMAS) is None


@pytest.mark.xfail(strict=True, reason="bug in strife.nlp.numbers: the 'N ... were killed' pattern has no word "
                                       "boundary before the count, so 'one' inside 'drone' counts one killed")
def test_a_drone_strike_killing_five_counts_five(context):
    cand = counted(context("A drone strike killed five militants near Jilib on Saturday."), "Jilib")
    assert cand.killed == (5, 5)
