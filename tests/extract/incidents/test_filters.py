"""Filters: plans, threats, negations, aggregates, weak words without violence, thin candidates."""
from __future__ import annotations

import pytest

from strife.extract.incidents.dates import set_date
from strife.extract.incidents.filters import corroborated, generic_mention, has_day_date, non_incident, worth_keeping
from strife.extract.incidents.places import set_place
from strife.extract.incidents.records import Candidate
from strife.extract.incidents.triggers import find_triggers
from tests.extract.incidents.conftest import bare_candidate, candidates_in, one_candidate, sentence_with


def verdicts(ctx, words):
    """Each trigger of the sentence with whether it is filtered out."""
    _, sent = sentence_with(ctx, words)
    return [(t.text, non_incident(t, sent)) for t in find_triggers(sent)]


@pytest.mark.parametrize("text, word", [
    ("The militants planned to attack the embassy in Kabul.", "attack"),
    ("Militants did not attack the base in Kunduz on Friday.", "attack"),
    ("The Taliban threatened to bomb the parliament in Kabul.", "bomb"),
    ("The Taliban could attack Kunduz again.", "attack"),
    ("Police foiled a planned attack on a church in Lahore on Sunday.", "attack"),
    ('Traders said the price rise had "killed" their business.', "killed"),
    ("The coalition fighting Islamic State met in Paris.", "fighting"),
])
def test_plans_threats_negations_and_figures_of_speech_are_not_incidents(context, text, word):
    assert verdicts(context(text), word) == [(word, True)]


def test_a_deed_told_as_done_is_an_incident(context):
    assert verdicts(context("Gunmen attacked a police post in Gao on Monday."), "Gao") == [("attacked", False)]


def test_a_counted_plural_is_an_aggregate_unless_a_day_is_given(context):
    assert verdicts(context("There were 153 attacks in Iraq in February."), "153") == [("attacks", True)]
    assert verdicts(context("Militants carried out 12 attacks across Borno on Monday."), "12") == [("attacks", False)]


def test_the_day_of_speaking_does_not_date_the_event(context):
    ctx = context("The minister said on Wednesday that 20 attacks had hit Borno.")
    _, sent = sentence_with(ctx, "minister")
    assert not has_day_date(sent)
    assert ("attacks", True) in verdicts(ctx, "minister")
    assert has_day_date(sentence_with(context("Gunmen attacked Gao on March 7."), "Gao")[1])


def test_a_weak_trigger_needs_a_sign_of_violence(context):
    economy = context("The slump has hit the economy of Nigeria hard.")
    cand, sent = bare_candidate(economy, "slump")
    assert not corroborated(cand, sent, sent.text, economy)
    assert candidates_in(economy, "slump") == []
    armed = context("Militants hit a checkpoint in Gao with rockets on Monday.")
    cand, sent = bare_candidate(armed, "checkpoint")
    assert corroborated(cand, sent, sent.text, armed)  # "militants": an armed noun


def test_a_toll_over_a_month_is_not_one_incident(context):
    ctx = context("Over 670 people were killed in February in Iraq.")
    cand, sent = bare_candidate(ctx, "670")
    set_place(cand, sent.text, sent.start_char, sent.end_char, ctx)
    set_date(cand, sent, sent.start_char, sent.end_char, ctx)
    assert cand.date.iso == "2016-02"
    assert generic_mention(cand)
    assert candidates_in(ctx, "670") == []


def test_worth_keeping_needs_an_anchor_or_a_perpetrator_not_inferred():
    def cand(**fields):
        return Candidate(kind=fields.pop("kind", "attack"), triggers=[], start=0, end=10, sent_index=0, **fields)

    assert not worth_keeping(cand())
    assert worth_keeping(cand(anchored=True))
    assert worth_keeping(cand(perpetrator="Taliban", attribution="explicit"))
    assert not worth_keeping(cand(perpetrator="Taliban", attribution="inferred"))
    assert not worth_keeping(cand(kind="territory_change", anchored=True))  # taken from nowhere


def test_a_report_whose_only_deed_names_the_thing_damaged_keeps_it(context):
    from strife.extract.incidents import extract_incidents

    [mention] = extract_incidents(context("Our units also sabotaged the electrical system.", pub=None))
    assert mention.kind == "attack" and "electrical system" in mention.target_texts
    # a figure of speech names no weapon and no doer
    assert extract_incidents(context("The opposition launched a fierce attack on the budget.", pub=None)) == []
    # beside an incident with its own place, the thin one is left out
    [mention] = extract_incidents(context("Our units also sabotaged the electrical system. Rebels killed five "
                                          "soldiers in Usulutan on Monday.", pub=None))
    assert mention.killed_min == 5


@pytest.mark.parametrize("text", [
    "The carrier strike group returned to its home port in Norfolk on July 14.",
    "The union kept a strike notice in place for Friday in Paris.",
    "Guards at checkpoints in Baghdad still used fake bomb detectors on Monday.",
])
def test_a_trigger_that_only_modifies_a_thing_is_no_incident(context, text):
    from strife.extract.incidents import extract_incidents

    assert extract_incidents(context(text)) == []


@pytest.mark.parametrize("text", [
    "Assailants released poison gas at a girls' school in Zaranj on Tuesday, injuring 200 students.",
    "A gunman went on a shooting rampage at a factory in Philadelphia on Thursday, killing two workers.",
])
def test_a_trigger_modifying_an_event_or_a_weapon_still_tells_an_incident(context, text):
    from strife.extract.incidents import extract_incidents

    assert len(extract_incidents(context(text))) == 1


def test_a_retreat_held_in_a_town_is_no_territorial_change(context):
    from strife.extract.incidents import extract_incidents

    ctx = context("The CIA director spoke on Saturday at the annual retreat in Aspen, where militias were discussed.")
    assert [m.kind for m in extract_incidents(ctx)] == []


# --- sums: several incidents told as one toll -------------------------------------------------------

def killed_of(found):
    return sorted(((m.killed_min, m.killed_max) for m in found), key=lambda k: (k[0] is None, k[0] or 0))


def test_a_toll_the_document_breaks_down_is_no_incident(context):
    from strife.extract.incidents import extract_incidents

    found = extract_incidents(context(
        "Blasts in Kirkuk kill at least 14\n\n"
        "A car bomb exploded at a market in Kirkuk on Sunday, killing 11 people. Hours later, an improvised "
        "explosive device went off near a mosque in Kirkuk, killing 3 people."))
    assert killed_of(found) == [(3, 3), (11, 11)]


def test_coordinated_attacks_are_one_incident(context):
    from strife.extract.incidents import extract_incidents

    found = extract_incidents(context("Gunmen carried out two coordinated attacks on hotels in Bamako on Friday, "
                                      "killing 21 people."))
    assert killed_of(found) == [(21, 21)]


def test_separate_attacks_are_a_sum_but_one_separate_attack_is_not(context):
    from strife.extract.incidents import extract_incidents

    assert extract_incidents(context("Separate attacks killed at least 20 people in Borno on Sunday.")) == []
    found = extract_incidents(context("A car bomb exploded at a market in Kirkuk on Sunday. In a separate attack, "
                                      "gunmen killed two traders in Hawija."))
    assert killed_of(found) == [(2, 2), (None, None)]  # the car bomb told no toll


def test_the_parts_of_a_sum_take_its_day(context):
    from strife.extract.incidents import extract_incidents

    found = extract_incidents(context(
        "Rebel attacks killed at least 15 civilians across the province on Sunday, officials said.\n\n"
        "At least nine people were killed when gunmen raided a village near Beni, a local official said."))
    assert [(m.killed_min, m.date) for m in found] == [(9, "2016-03-06")]


def test_a_part_told_below_quotes_and_background_still_takes_the_sum_s_day(context):
    from strife.extract.incidents import extract_incidents

    found = extract_incidents(context(
        "At least eight people were killed in clashes across the province on Sunday, police said.\n\n"
        "Students had marched for a week. \"We will not stop,\" one of them said. Shops closed early. "
        "The minister appealed for calm. Trains were cancelled. Schools shut their gates. "
        "Exams were postponed. Roads were blocked.\n\n"
        "Three people were killed in the port town of Velmora."))
    assert [(m.killed_min, m.date) for m in found] == [(3, "2016-03-06")]


def test_a_deed_given_as_the_reason_for_a_vow_is_told_as_done(context):
    ctx = context("Officials vowed to hit back after a car bomb killed at least 21 people in Kirkuk on Sunday.")
    assert ("bomb", False) in verdicts(ctx, "vowed")
    assert verdicts(context("Officials vowed to bomb the rebel camps in Hawija."), "vowed") == [("bomb", True)]


def test_attacks_told_before_are_no_new_sum(context):
    from strife.extract.incidents import extract_incidents

    found = extract_incidents(context("Gunmen stormed a hotel in Bamako on Friday. By the time troops retook the "
                                      "hotel, at least 19 people were dead. The attacks killed at least 22 people."))
    assert killed_of(found) == [(22, None)]


def test_a_charge_is_not_an_incident_unless_the_deed_has_its_own_time(context):
    charged = context("Police charged a 17-year-old boy with three counts of murder.")
    _, sent = sentence_with(charged, "charged")
    assert all(non_incident(t, sent) for t in find_triggers(sent))
    convicted = context("He was convicted by a German court of the 2019 killing of a Chechen exile in Berlin.")
    _, sent = sentence_with(convicted, "convicted")
    assert any(not non_incident(t, sent) for t in find_triggers(sent))


def test_stones_thrown_are_no_stoning(context):
    ctx = context("Residents chased the convoy, throwing stones and bottles.")
    _, sent = sentence_with(ctx, "stones")
    assert not any(t.kind == "execution" and not non_incident(t, sent) for t in find_triggers(sent))


def test_a_vehicle_driven_into_a_crowd_is_an_attack(context):
    found = candidates_in(context("A truck plowed into pedestrians in Nice on Thursday, leaving at least 80 people dead."),
                          "plowed")
    assert [(c.kind, c.killed) for c in found] == [("attack", (80, None))]
    assert candidates_in(context("A delivery van plowed into a snowbank in Oslo on Thursday."), "snowbank") == []


def test_a_vehicle_verb_without_into_is_no_attack(context):
    """'slammed the plan' is criticism; 'slammed into a crowd' is a vehicle driven into people."""
    criticism = context("Rights groups slammed the evacuation order on Tuesday as confusing for civilians.")
    _, sent = sentence_with(criticism, "slammed")
    assert all(non_incident(t, sent) for t in find_triggers(sent) if t.text == "slammed")
    found = candidates_in(context("A lorry slammed into a crowd at a market in Lyon on Tuesday, killing six people."),
                          "lorry")
    assert [(c.kind, c.killed) for c in found] == [("attack", (6, 6))]


def test_a_year_before_plural_deeds_is_their_time_not_their_number(context):
    """'the 1998 slayings': a year is no count, so the deeds are not an aggregate."""
    cand = one_candidate(context("A former porter was charged in the 1998 slayings of three hikers at a campsite in Tromso."),
                         "porter")
    assert (cand.kind, cand.date.iso, cand.killed) == ("attack", "1998", (3, 3))


def test_a_deed_under_an_investigation_is_told_as_done(context):
    """The investigation presupposes the murder, whatever the future tense of the press conference."""
    text = "Police in Marvale will hold a news conference to discuss their investigation into a double murder in 1983."
    assert verdicts(context(text), "Marvale") == [("murder", False)]
    assert verdicts(context("Police will investigate whether the gang planned to murder a witness."),
                    "witness") == [("murder", True)]


def test_a_relative_clause_tells_its_deed_as_done(context):
    """The future of 'will face trial' is the trial's; the shooting in the relative clause happened."""
    text = "The man who shot two guards at the depot in Lyon will face trial next year."
    assert verdicts(context(text), "depot") == [("shot", False)]
    assert verdicts(context("The man who wanted to shoot the guards in Lyon was arrested."), "guards") == \
        [("shoot", True), ("arrested", False)]


@pytest.mark.parametrize("text, word", [
    ("The jury recommended on Monday that Varga be executed.", "executed"),
    ("A jury in Halden on Tuesday ordered execution for the man who bombed the depot.", "execution"),
    ("The court's ruling that he be put to death was read out in Halden.", "put to death"),
])
def test_a_court_deciding_an_execution_is_no_incident(context, text, word):
    assert (word, True) in verdicts(context(text), text.split()[1])


def test_a_killing_told_as_an_execution_by_a_lone_gunman_is_an_attack(context):
    ctx = context("A dismissed clerk came back with a pistol and executed two colleagues at the depot in Lyon on Friday.")
    assert [(c.kind, c.attack_type) for c in candidates_in(ctx, "clerk")] == [("attack", "armed_assault")]
    ctx = context("Militants executed nine prisoners with bullets to the head in Raqqa on Friday.")
    assert [c.kind for c in candidates_in(ctx, "prisoners")] == ["execution"]


def test_a_wrong_alleged_as_going_on_is_no_deed(context):
    """A grievance's progressive complement is an ongoing wrong claimed, not one deed (nor its weapon)."""
    ctx = context("The clerk had long complained that her managers were poisoning her with fumes.")
    assert ("poisoning", True) in verdicts(ctx, "clerk")
    told = context("The clerk said her managers poisoned her with fumes on Monday.")
    assert ("poisoned", False) in verdicts(told, "clerk")


def test_a_deed_with_its_own_day_in_an_apposition_is_an_incident(context):
    """'X, the architect of the June 12 massacre in Y': a background deed named with its day is told as
    done; a description in an apposition with no day of its own is not ('an envoy to the coalition
    fighting the rebels')."""
    ctx = context("Okafor, the chief architect of the June 12 massacre in Yelwata, has not been seen since.")
    assert verdicts(ctx, "massacre") == [("massacre", False)]
    assert one_candidate(ctx, "massacre").date.iso == "2015-06-12"
    assert verdicts(context("Ruiz, an envoy to the coalition fighting the rebels, arrived in Bogota."),
                    "fighting") == [("fighting", True)]


def test_a_perfect_infinitive_tells_a_deed_done(context):
    """'is thought to have killed': done; 'planned to kill': a purpose."""
    assert verdicts(context("Turkey is thought to have killed two PKK fighters in Hakkari on Monday."),
                    "killed") == [("killed", False)]
    assert verdicts(context("The militants planned to kill two guards in Hakkari on Monday."),
                    "kill") == [("kill", True)]


def test_fighting_a_deal_would_end_is_no_battle(context):
    ctx = context("Both sides have agreed on a framework to end the fighting in Darfur.")
    assert verdicts(ctx, "fighting") == [("fighting", True)]
