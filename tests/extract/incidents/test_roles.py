"""Roles: the perpetrator (claimed, hedged, explicit, unknown, inferred), victims and targets, and
who won and lost a territorial change."""
from __future__ import annotations

import pytest

from strife.extract.incidents import extract_incidents
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


def test_the_state_of_soldiers_attacked_is_no_perpetrator(context):
    for text in ("A group of nine U.S. soldiers were attacked in La Ceiba on Monday.",
                 "The U.S. soldiers were on leave and were wounded in La Ceiba on Monday when a bomb exploded."):
        assert agency(context(text), "La Ceiba").perpetrator is None


def test_a_state_named_as_the_nationality_of_what_was_hit_is_no_perpetrator(context):
    [mention] = extract_incidents(context("Last week the Chilean-U.S. cultural institutes in Talca and Temuco were "
                                          "the target of bomb attacks."))
    assert mention.perpetrator is None
    assert agency(context("U.S. troops attacked a compound in Santiago on Monday."),
                  "Santiago").perpetrator == "United States"


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


def test_the_side_that_suffers_a_defeat_is_the_loser(context):
    cand = one_candidate(context("Islamic State suffered a defeat in Tikrit in March 2015."), "Tikrit")
    assert (cand.kind, cand.perpetrator, cand.loser) == ("territory_change", None, "Islamic State")


def test_the_day_of_an_attack_is_not_its_target(context):
    cand, _ = bare_candidate(context("A bomb exploded in a market in Hilla on Sunday."), "Hilla")
    victims_and_targets(cand)
    assert cand.target_text is None


def test_what_a_deed_was_done_with_is_no_target(context):
    cand, _ = bare_candidate(context("A gunman opened fire at a market in Kano on Monday."), "Kano")
    victims_and_targets(cand)
    assert cand.target_text == "market"


# ---- the perpetrator from the sentence's structure and voice --------------------------------------

def perpetrator(context, text, words="on Monday"):
    cand = one_candidate(context(text), words)
    return cand.perpetrator, cand.attribution


@pytest.mark.parametrize("text, expected", [
    # a demonym qualifying the deed: the state's forces, the victims' group never
    ("A Hezbollah commander was killed in an Israeli strike in Tyre on Monday.", ("Israeli forces", "explicit")),
    ("Four Islamic State fighters were killed in a U.S. drone strike near Raqqa on Monday.",
     ("United States", "explicit")),
    # a state as the subject of the deed
    ("Russia launched a missile strike on Kharkiv on Monday, killing five people.", ("Russian forces", "explicit")),
    # the possessor of the deed, however the curly apostrophe was parsed
    ("Since Hamas’ attacks on Israeli towns on Monday, the Houthis say they have fired missiles at ships.",
     ("Hamas", "explicit")),
    # the subject of a verb the deed names as its means
    ("Al-Shabaab fighters destroyed an army truck with a roadside bomb near Baidoa on Monday.",
     ("al-Shabaab", "explicit")),
])
def test_the_doer_from_the_structure_of_the_sentence(context, text, expected):
    assert perpetrator(context, text) == expected


@pytest.mark.parametrize("text", [
    # who condemns or reports an attack did not carry it out
    "The United States condemned the bombing of a mosque in Kabul on Monday.",
    # an actor qualifying another ("Hamas-run"), or among those the deed was done to, is no doer
    "The Hamas-run health ministry said 40 people were killed in Rafah on Monday.",
    "Gunmen shot dead four tribesmen accused of spying for U.S. forces in Miranshah on Monday.",
])
def test_no_doer_from_a_bystander_a_qualifier_or_the_victims(context, text):
    assert perpetrator(context, text)[0] is None


def test_the_armed_group_of_the_article_is_not_inferred_where_its_own_fighters_die(context):
    ctx = context("Islamic State fighters hold the old city. Seven civilians and two militants were killed in "
                  "the shelling of Falluja on Monday.")
    assert perpetrator(lambda _: ctx, None, "shelling") == (None, None)


def test_an_inferred_group_is_never_the_one_the_sentence_names_as_hit(context):
    ctx = context("The Taliban control the district. A drone strike hit a Taliban base in Logar on Monday.")
    assert perpetrator(lambda _: ctx, None, "Logar")[0] != "Taliban"


def test_aircraft_that_strike_are_a_state_s_not_the_article_s_armed_group(context):
    ctx = context("Hezbollah fighters hold the ridge. The army said on Monday that jets struck 40 sites, including "
                  "depots used by Hezbollah fighters, near Tyre.")
    cand = one_candidate(ctx, "jets struck")
    assert (cand.kind, cand.perpetrator) != ("attack", "Hezbollah")
    assert cand.kind == "airstrike"


@pytest.mark.parametrize("text, expected", [
    ("No group claimed the bombing in Quetta on Monday; however, sources attributed the attack to the Taliban.",
     ("Taliban", "suspected")),
    ("A money changer was abducted and killed near Beirut on Monday, likely the work of Israeli intelligence "
     "operatives.", ("Israeli forces", "suspected")),
])
def test_hedged_attribution(context, text, expected):
    cand = agency(context(text), "on Monday")
    assert (cand.perpetrator, cand.attribution) == expected


def test_a_demonym_qualifying_militants_names_no_state(context):
    cand = agency(context("Suspected Pakistani militants attacked a checkpoint in Kupwara on Monday."), "Kupwara")
    assert cand.perpetrator is None


def test_a_force_telling_its_own_deed_acknowledges_it(context):
    ctx = context("The Ukrainian military said it had destroyed a Russian fighter jet with a drone strike near "
                  "Rostov on Monday.")
    cand = one_candidate(ctx, "Rostov")
    assert (cand.perpetrator, cand.claimed) == ("Ukrainian forces", True)


def test_a_claimant_the_actor_list_lacks_is_named_as_written(context):
    ctx = context("The Northern Valley Brigades claimed responsibility for the bombing of a bus in Jidhafs on "
                  "Monday.")
    _, sent = sentence_with(ctx, "claimed")
    assert responsibility_claim(sent, ctx) == ("Northern Valley Brigades", "Northern Valley Brigades", "claimed",
                                               True)


def test_a_passive_verb_shares_no_doer_with_the_verb_before_it(context):
    cand = agency(context("A woman fell down the slope near Nablus on Monday and was struck with a rock."), "Nablus")
    assert cand.perpetrator_text != "A woman"


def test_people_named_as_doers_are_kept_as_written(context):
    cand = agency(context("Uniformed men shot dead a priest in San Miguel on Monday."), "San Miguel")
    assert (cand.perpetrator, cand.perpetrator_text) == (None, "Uniformed men")


# ---- arrests: the arresting state ------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Swiss police arrested a man in Zurich on Monday.", ("Switzerland", "explicit")),
    ("French authorities detained two suspects on Monday.", ("France", "explicit")),
    ("A man was arrested in Dusseldorf on Monday.", ("Germany", "inferred")),  # where the arrest was made
    ("Police arrested three suspects in Lahore on Monday.", ("Pakistan", "inferred")),
    ("Iraqi security forces arrested a senior Islamic State financier in Kirkuk on Monday.", ("Iraq", "explicit")),
])
def test_an_arrest_is_the_arresting_states(context, text, expected):
    cand = one_candidate(context(text), "on Monday")
    assert cand.kind == "arrest"
    assert (cand.perpetrator, cand.attribution) == expected


# ---- a named individual attacker, once the document is read -----------------------------------------

def test_a_gunman_named_later_is_the_perpetrator(context):
    ctx = context("A gunman opened fire at a supermarket in Tulsa on Monday, killing two shoppers. Police "
                  "identified the gunman as Daniel Marsh, 34.")
    found = extract_incidents(ctx)
    assert [(m.kind, m.perpetrator) for m in found] == [("attack", "Daniel Marsh")]


def test_a_victim_named_is_never_the_attacker(context):
    ctx = context("Daniel Marsh was shot dead outside his shop in Tulsa on Monday. Police are searching for the "
                  "gunman.")
    assert all(m.perpetrator != "Daniel Marsh" for m in extract_incidents(ctx))


def test_an_actor_in_a_clause_on_the_subject_is_not_its_doer(context):
    ctx = context("A bomb, which was placed at the entrance of the ELN office in Cucuta, went off on Monday.")
    cand = agency(ctx, "Cucuta")
    assert cand.perpetrator != "ELN" or cand.attribution != "explicit"


def test_an_actor_in_the_deed_s_own_of_phrase_is_not_its_doer(context):
    ctx = context("The killing of the FARC commanders in Cali on Monday has coincided with the talks.")
    cand = agency(ctx, "Cali")
    assert cand.perpetrator != "FARC" or cand.attribution != "explicit"


def test_a_deed_claimed_by_a_group_named_after_it_is_claimed(context):
    ctx = context("A car bomb killed 12 people in Ankara on Sunday, an attack claimed by the Kurdistan Freedom Hawks.")
    _, sent = sentence_with(ctx, "claimed by")
    assert responsibility_claim(sent, ctx)[2:] == ("claimed", True)


def test_a_deed_told_by_the_doers_own_army_is_acknowledged(context):
    told = agency(context("Turkish warplanes bombed camps of the PKK in northern Iraq on Monday, the army said."),
                  "warplanes")
    assert told.claimed is True
    others = agency(context("Turkish warplanes bombed camps of the PKK in northern Iraq on Monday, a villager said."),
                    "warplanes")
    assert others.claimed is None


# ---- named attackers: what "he" or "she" stands for ------------------------------------------------

def test_the_speaker_of_a_quote_is_not_the_she_inside_it(context):
    from strife.extract.incidents.attackers import named_attackers
    ctx = context("\u201cShe came back like a storm,\u201d says prosecutor Dana Velk, \u201cand she shot the two men "
                  "she blamed for her firing.\u201d")
    assert [a.name for a in named_attackers(ctx)] == []


def test_a_teller_outside_quotes_may_be_the_doer(context):
    from strife.extract.incidents.attackers import named_attackers
    ctx = context("John Harris said he shot the clerk.")
    assert [a.name for a in named_attackers(ctx)] == ["John Harris"]
@pytest.mark.parametrize("text", [
    "A gunman opened fire at a fair in Vellmar, Ohio, on Saturday. Investigators say that Derek Olms "
    "fired six times from a rifle at the governor before being killed by a US "
    "Secret Service counter sniper.",
    "The gunman opened fire on shoppers in Vellmar on Monday and was shot dead by French police.",
])
def test_those_who_kill_the_attacker_are_not_the_perpetrator(context, text):
    found = extract_incidents(context(text))
    assert found and all(m.perpetrator not in ("United States", "France") for m in found)


def test_the_passive_subject_of_a_raising_verb_did_the_deed(context):
    """'X is believed to have killed Y': X killed; the belief is the report's hedge."""
    cand = one_candidate(context("Turkey is thought to have killed two PKK fighters in Hakkari on Monday."), "Hakkari")
    assert (cand.perpetrator, cand.perpetrator_text) == ("Turkish forces", "Turkey")


def test_the_planner_of_a_deed_stands_for_the_armed_group_the_report_says_he_leads(context):
    """'X, the architect of the March 3 ambush': the group the report names X a leader of did it,
    as the report itself ties it; with no such tie the planner names no group."""
    tied = context("The leader of the PKK in the mountains, Murat Karayilan, spoke on Monday. Karayilan, the key "
                   "architect of the March 3 ambush in Hakkari, is not worried.")
    cand = one_candidate(tied, "ambush")
    assert (cand.perpetrator, cand.perpetrator_text, cand.attribution) == ("Kurdistan Workers' Party", "Karayilan",
                                                                           "explicit")
    untied = context("Karayilan, the key architect of the March 3 ambush in Hakkari, is not worried.")
    assert one_candidate(untied, "ambush").perpetrator is None
