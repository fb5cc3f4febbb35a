"""Casualties: the killed and wounded a segment counts, the attackers' own dead kept apart, one
victim when a killing verb names one person; the figures of one incident told twice; and the sums
(a war's, a period's, several incidents') that are no incident at all."""
from __future__ import annotations

import pytest

from strife.extract.incidents import extract_incidents
from strife.extract.incidents.casualties import (attackers_only, merged_toll, one_named_victim,
                                                 set_casualties, split_attackers)
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
    assert one_named_victim(one.triggers, fatal=True) == (1, 1)
    assert one_named_victim(several.triggers, fatal=True) is None


def test_a_drone_strike_killing_five_counts_five(context):
    cand = counted(context("A drone strike killed five militants near Jilib on Saturday."), "Jilib")
    assert cand.killed == (5, 5)


def incidents(context, text: str):
    return extract_incidents(context(text))


def tolls(found):
    return [((m.killed_min, m.killed_max), (m.wounded_min, m.wounded_max)) for m in found]


# --- merging the figures of one incident told twice --------------------------------------------------

@pytest.mark.parametrize("earlier,later,after_headline,expected", [
    ((80, None), (80, 80), False, (80, 80)),        # the lead's "at least 80" made exact later
    ((37, 37), (37, None), False, (37, None)),      # "killed 37", then "at least 37 died, the minister said"
    ((24, None), (89, None), False, (89, None)),    # "dozens", then "89 killed so far"
    ((20, 20), (3, None), False, (20, 20)),         # "three nurses were among the dead" says less
    ((18, 18), (23, None), False, (18, 18)),        # another figure: the first told stays
    ((5, None), (3, 3), True, (3, 3)),              # the body's figure replaces the headline's
    (None, (4, 4), False, (4, 4)),
    ((4, 4), None, False, (4, 4)),
])
def test_merged_toll(earlier, later, after_headline, expected):
    assert merged_toll(earlier, later, after_headline) == expected


# --- sums, running tolls and period totals are not incidents -----------------------------------------

@pytest.mark.parametrize("text", [
    "Since the war began in March, government air strikes have killed more than 12,000 people, the ministry said.",
    "The insurgency has killed at least 4,500 people in the province, according to the United Nations.",
    "In 2022 alone, 310 suspects were detained in 95 raids, the interior ministry said.",
    "Police said six people have been detained so far over the riot in Leeds.",
    "Rebel attacks killed at least 23 civilians across the region on Friday, officials said.",
    "By the time the siege ended, a total of 40 people had been killed by the gunmen.",
    "The army said militants had violated the ceasefire 1,200 times since the agreement.",
    "More than 30 people were killed and 90 wounded in three bombings in the capital on Monday.",
    "Six people were killed in attacks in Goma and Bunia, the army spokesman said on Tuesday.",
    "Bombs hit two busy shopping districts in Kabul, killing at least 17 people and wounding 40.",
    "More than 60,000 soldiers were killed or wounded in March and April alone, the ministry said.",
])
def test_sums_are_not_incidents(context, text):
    assert tolls(incidents(context, text)) == []


def test_a_specific_incident_beside_a_sum_stays(context):
    found = incidents(context, "An airstrike on a school in Rafah killed 12 people on Sunday; since October, "
                           "strikes have killed more than 30,000 people in the territory.")
    assert tolls(found) == [((12, 12), (None, None))]


def test_a_background_incident_with_its_own_year_stays(context):
    found = incidents(context, "Last year, a roadside bomb killed a district governor and at least six others "
                           "in Kandahar.")
    assert tolls(found) == [((7, None), (None, None))]


def test_a_comparison_is_not_a_period_total(context):
    found = incidents(context, "A suicide bomber killed 31 people at a wedding in Kabul on Saturday, the deadliest "
                           "attack since 2019.")
    assert tolls(found) == [((31, 31), (None, None))]


# --- figures as real reports write them ---------------------------------------------------------------

@pytest.mark.parametrize("text,killed,wounded", [
    ("Three die as gunmen storm a police checkpoint in Bannu on Tuesday.", (3, 3), None),
    ("A gunman opened fire at a market in Bamako on Monday, killing two and seriously wounding a third.",
     (2, 2), (1, 1)),
    ("The October 3 bombing of a mosque in Quetta killed 14 worshippers.", (14, 14), None),
    ("A 12-year-old boy was killed when a shell hit his home in Donetsk on Friday.", (1, 1), None),
    ("At least nine people, including four policemen, were wounded in a grenade attack in Mombasa on Sunday.",
     None, (9, None)),
    ("Gunmen killed 11 soldiers and three civilians in an ambush near Gao on Thursday.", (14, 14), None),
    ("Two boys, aged 8 and 10, were killed and four of the seven who were injured remain in hospital "
     "after a car bomb exploded in Kirkuk on Monday.", (2, 2), (7, 7)),
    ("Rescuers said 42 people had been killed so far in the bombing of the bus station in Maiduguri on Sunday.",
     (42, None), None),
    ("Varga and his son Tomas survived poisoning with a nerve agent in the town of Redmere in 2019.",
     (0, 0), (2, 2)),
    ("A police officer survived a stabbing outside the station in Brenmoor on Friday.",
     (0, 0), (1, 1)),
])
def test_casualty_phrasing(context, text, killed, wounded):
    found = incidents(context, text)
    assert len(found) == 1, tolls(found)
    assert (found[0].killed_min, found[0].killed_max) == (killed or (None, None))
    assert (found[0].wounded_min, found[0].wounded_max) == (wounded or (None, None))


def test_a_later_agreeing_figure_refines_the_first(context):
    found = incidents(context, "Gunmen stormed a hotel in Mogadishu on Saturday, killing at least 15 people. "
                           "The attack on the hotel killed 17 people, police said.")
    assert tolls(found) == [((17, 17), (None, None))]


# --- one victim named by the parse -----------------------------------------------------------------

@pytest.mark.parametrize("text, words, killed, wounded", [
    # a name with a person's noun in apposition
    ("Kamau, the district commissioner, was killed in the ambush near Garissa on Monday.", "Kamau", (1, 1), None),
    # any single being is the passive subject of a verb of killing, also after "abducted and"
    ("A night watchman from Mosul was seized and killed in Tal Afar on Friday.", "watchman", (1, 1), None),
    # stabbing wounds; "to death" and "fatally" kill
    ("A guard was stabbed outside the embassy in Nairobi on Monday.", "guard", None, (1, 1)),
    ("A guard was stabbed to death outside the embassy in Nairobi on Monday.", "guard", (1, 1), None),
    ("Omondi, a teacher, was fatally shot in Kisumu on Monday.", "Omondi", (1, 1), None),
])
def test_one_victim_from_the_parse(context, text, words, killed, wounded):
    cand = counted(context(text), words)
    assert (cand.killed, cand.wounded) == (killed, wounded)


def test_a_number_of_people_is_not_one_victim(context):
    cand = counted(context("An unknown number of villagers were killed near Kidal on Monday."), "villagers")
    assert cand.killed is None


# --- the attackers' own dead and the tolls of what an arrest is about ------------------------------

def test_attackers_killed_by_the_forces_are_kept_apart(context):
    cand = counted(context("Soldiers killed two of the gunmen at the checkpoint in Gao on Monday."), "checkpoint")
    assert cand.attackers_killed == (2, 2) and attackers_only(cand)
    lone = counted(context("The gunman was shot dead by police in Bamako on Monday."), "gunman")
    assert (lone.killed, lone.attackers_killed) == ((1, 1), (1, 1))


def test_a_toll_of_attackers_alone_counts_them_apart(context):
    found = incidents(context, "Gunmen stormed a hotel in Mogadishu on Saturday. Soldiers killed two of the gunmen.")
    assert tolls(found) == [((2, 2), (None, None))]  # every death the report counts
    assert (found[0].attackers_killed_min, found[0].attackers_killed_max) == (2, 2)


def test_victims_told_after_the_attacker_killed_count_every_death(context):
    found = incidents(context, "The driver was shot dead by police in Lyon on Friday. The truck attack in Lyon "
                               "killed 14 people.")
    assert tolls(found) == [((15, 15), (None, None))]


def test_an_arrest_takes_no_toll_of_the_crime(context):
    cand = counted(context("Police in Leeds arrested a man on Friday over the 2019 killings of two farmers."), "arrested")
    assert cand.kind == "arrest" and cand.killed is None


def test_the_killing_of_one_named_person_counts_one(context):
    ctx = context("Orlov was convicted of the 2019 killing of Tomas Varga in a park in Berlin.")
    cand, _ = bare_candidate(ctx, "killing")
    assert one_named_victim(cand.triggers, fatal=True) == (1, 1)


def test_one_person_qualified_by_a_killing_participle_or_dying_of_the_deed_counts_one(context):
    qualified = counted(context("The mother of a girl killed by a stray bullet in Dunmore testified on Tuesday."), "girl")
    assert qualified.killed == (1, 1)
    died = counted(context("A deputy died after a shooting in Carlow Heights on Friday."), "deputy")
    assert died.killed == (1, 1)
    several = counted(context("Residents killed by a stray shell in Dunmore were buried on Tuesday."), "Residents")
    assert several.killed is None


def test_each_person_named_as_a_victim_counts(context):
    two = counted(context("A gunman opened fire in Velby on Monday, killing Ann Lowe and Tom Reid."), "Velby")
    assert two.killed == (2, 2)
    aged = counted(context("John Dolan was found guilty of slaying Sarah Collins, 34, in Velby."), "slaying")
    assert aged.killed == (1, 1)


def test_people_a_wounding_verb_names_one_by_one_are_counted(context):
    both = counted(context("A sniper opened fire in Kelton on Friday, and a mother and a young girl were wounded."),
                   "sniper")
    assert both.wounded == (2, 2)
    one = counted(context("A gunman opened fire in Kelton on Friday; a guard sustained a gunshot wound to the arm."),
                  "gunman")
    assert one.wounded == (1, 1)


def test_a_toll_of_a_deed_its_date_qualifies_completes_the_incident(context):
    """'the March 2021 massacre that left ... dead' dates the deed: its figure is the deed's toll, not
    a month's total."""
    found = incidents(context, "A former guard pleaded not guilty on Thursday over the Brenmoor school massacre. "
                               "Prosecutors say he failed to act during the March 2021 massacre that left "
                               "14 pupils and three teachers dead.")
    assert [(m.killed_min, m.killed_max) for m in found] == [(17, 17)]


def test_a_months_toll_is_not_the_incident_s(context):
    found = incidents(context, "A car bomb exploded at a market in Dorvale on Monday, killing four people. "
                               "In March 2021 alone, 140 people were killed across the province.")
    assert [(m.killed_min, m.killed_max) for m in found][:1] == [(4, 4)]


def test_a_toll_beside_a_running_count_of_arrests_completes_the_deed(context):
    found = incidents(context, "Rioters clashed with police outside a mosque in Dorvale on Tuesday, throwing bricks "
                               "and setting cars alight. Police said six people have been arrested so far over the "
                               "violence, in which more than 30 officers were injured.")
    assert (found[0].wounded_min, found[0].wounded_max) == (30, None)


def test_a_deed_dated_closer_in_a_later_sentence_takes_that_date(context):
    found = incidents(context, "A former guard pleaded not guilty on Thursday over the 2021 Brenmoor school massacre. "
                               "Prosecutors say he failed to act during the March 2021 massacre that left "
                               "14 pupils and three teachers dead.")
    assert [(m.date, m.killed_min) for m in found] == [("2021-03", 17)]
