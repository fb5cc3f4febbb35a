"""Merging within a document: a sentence that tells an incident again adds to it; another place,
another day or another incident stays apart."""
from __future__ import annotations

import pytest

from strife.extract.incidents import extract_incidents
from strife.extract.incidents.merge import _same_place_first, attach_details, merge_into, merge_target
from strife.extract.incidents.records import Candidate
from strife.records import Place
from tests.extract.incidents.conftest import one_candidate, sentence_with


def test_two_sentences_about_one_bombing_merge(context):
    ctx = context("A car bomb exploded at a market in Kirkuk on Sunday. The blast killed 12 people, police said.")
    first = one_candidate(ctx, "car bomb")
    second = one_candidate(ctx, "blast")
    assert merge_target(second, [first], ctx) is first
    merge_into(first, second)
    assert (first.place.name, first.killed, first.attack_type) == ("Kirkuk", (12, 12), "vehicle_bomb")
    assert len(first.evidence) == 2


def test_an_attack_in_a_distant_town_does_not_merge(context):
    ctx = context("Militants attacked a police post in Gao on March 2, 2016. Gunmen killed two traders in Mopti.")
    first = one_candidate(ctx, "Gao")
    second = one_candidate(ctx, "Mopti")
    assert merge_target(second, [first], ctx) is None
    assert [m.place.name for m in extract_incidents(ctx)] == ["Gao", "Mopti"]


def test_the_same_place_on_another_day_does_not_merge(context):
    ctx = context("A bomb exploded in Kirkuk on Sunday. Another bomb exploded in Kirkuk on Tuesday.")
    first = one_candidate(ctx, "Sunday")
    second = one_candidate(ctx, "Tuesday")
    assert merge_target(second, [first], ctx) is None


def test_a_claim_or_a_toll_with_no_trigger_completes_the_last_incident(context):
    ctx = context("A bomb exploded at a checkpoint in Kandahar on Sunday. The Taliban claimed responsibility. "
                  "There were no casualties.")
    cand = one_candidate(ctx, "Kandahar")
    for words in ("claimed", "no casualties"):
        index, sent = sentence_with(ctx, words)
        attach_details(cand, sent, index, ctx)
    assert (cand.perpetrator, cand.attribution, cand.claimed) == ("Taliban", "claimed", True)
    assert (cand.killed, cand.wounded) == ((0, 0), (0, 0))
    assert len(cand.evidence) == 3


@pytest.mark.parametrize("blame, claimed", [
    ("The Netherlands blamed the shooting on Russia; Russia has repeatedly denied any involvement.", False),
    ("Investigators blamed the shooting on Russia.", None),
])
def test_blame_told_after_the_deed_names_a_suspect_and_a_denial_is_no_claim(context, blame, claimed):
    ctx = context(f"A defector was shot dead outside his home in Rotterdam in 2019. {blame}")
    cand = one_candidate(ctx, "Rotterdam")
    index, sent = sentence_with(ctx, "blamed")
    attach_details(cand, sent, index, ctx)
    assert (cand.perpetrator, cand.attribution, cand.claimed) == ("Russian forces", "suspected", claimed)


def test_attackers_also_killed_add_to_the_toll(context):
    ctx = context("A suicide bomber killed 15 civilians in Kabul on Monday. Five attackers were also killed by guards.")
    first = one_candidate(ctx, "Kabul")
    second = one_candidate(ctx, "Five attackers")
    assert merge_target(second, [first], ctx) is first
    merge_into(first, second)
    assert (first.killed, first.attackers_killed) == ((20, 20), (5, 5))


def test_a_claim_replaces_an_inferred_perpetrator(context):
    ctx = context("Islamic State fighters hold the area. A car bomb killed six people in Baghdad on March 2. "
                  "Islamic State claimed responsibility for the attack.")
    first = one_candidate(ctx, "car bomb")
    claim = one_candidate(ctx, "claimed")
    assert (first.perpetrator, first.attribution) == ("Islamic State", "inferred")
    assert merge_target(claim, [first], ctx) is first
    merge_into(first, claim)
    assert (first.perpetrator, first.attribution, first.claimed) == ("Islamic State", "claimed", True)


def test_a_separate_attack_is_not_merged(context):
    ctx = context("A car bomb exploded at a market in Kirkuk on Sunday. In a separate attack, gunmen killed two "
                  "traders.")
    assert len(extract_incidents(ctx)) == 2


def test_a_headline_and_the_lead_that_retells_it_are_one_incident(context):
    ctx = context("Gunmen kill nine at wedding in northern Nigeria\n\n"
                  "Gunmen opened fire on a wedding party in a village in Zamfara state on Saturday, killing nine "
                  "guests, police said.")
    found = extract_incidents(ctx)
    assert len(found) == 1
    assert found[0].killed_min == 9


def test_a_subheading_retells_the_incident_told_before(context):
    ctx = context("Gunmen opened fire on a wedding party in Gusau on Saturday, killing nine guests.\n\n"
                  "### A deadly attack on a wedding\n\n"
                  "The governor visited the town on Sunday.")
    assert ctx.in_heading(ctx.text.index("### A deadly"))
    assert len(extract_incidents(ctx)) == 1


def test_a_possessed_event_noun_refers_back(context):
    ctx = context("A suicide bomber struck a bus station in Ankara on Sunday, killing 37 people. "
                  "The city's governor said later that Sunday's blast had been carried out by two attackers.")
    assert len(extract_incidents(ctx)) == 1


def test_a_town_named_after_a_region_refines_the_incident(context):
    ctx = context("Eight people were wounded in a knife attack in northern England on Monday.\n\n"
                  "Police said they received reports of a knife attack in Southport, north of Liverpool, shortly "
                  "before noon. "
                  "A teenager was detained.")
    attacks = [m for m in extract_incidents(ctx) if m.kind == "attack"]
    assert len(attacks) == 1


def test_a_claim_told_after_the_deed_names_its_perpetrator(context):
    ctx = context("Two Afghan police officers opened fire on foreign soldiers at the airport in Kandahar on "
                  "Monday, killing two of them. The Taliban claimed responsibility for the attack.")
    found = extract_incidents(ctx)
    assert [(m.perpetrator, m.attribution, m.claimed) for m in found] == [("Taliban", "claimed", True)]


def test_another_strike_is_another_incident_on_the_same_day(context):
    found = extract_incidents(context("An airstrike killed six people at a market in Idlib on Sunday. Rescuers said "
                                      "another airstrike hit a bakery nearby, killing at least three."))
    assert [(m.killed_min, m.killed_max) for m in found] == [(6, 6), (3, None)]
    assert [m.date for m in found] == ["2016-03-06", "2016-03-06"]


def test_the_other_shooting_a_deed_is_linked_to_does_not_make_it_another(context):
    ctx = context("A police officer was shot dead in Compton on Monday. The officer was shot outside a house while "
                  "he looked into another shooting.")
    assert len(extract_incidents(ctx)) == 1


def test_two_blasts_with_their_own_tolls_in_one_city_stay_apart(context):
    found = extract_incidents(context("A car bomb exploded at a market in Kirkuk on Sunday, killing 11 people. Hours "
                                      "later, an improvised explosive device went off in Kirkuk, killing 3 people."))
    assert sorted(m.killed_min for m in found) == [3, 11]


def test_a_definite_plural_after_several_incidents_adds_to_none(context):
    found = extract_incidents(context(
        "A car bomb exploded at a market in Kirkuk on Sunday, killing 11 people. Hours later, an improvised "
        "explosive device went off in Kirkuk, killing 3 people. The Kirkuk bombings came two weeks after "
        "the army retook Hawija."))
    assert sorted(m.killed_min for m in found) == [3, 11]
    assert not any("Kirkuk bombings" in e.text for m in found for e in m.evidence)


def test_a_detail_follows_the_last_sentence_that_told_the_incident(context):
    ctx = context("On 2 March 2016, a drone dropped an explosive on an army post in Tal Afar. The blast "
                  "damaged the gate of the post. Militias of both sides are present in the area. There were no "
                  "casualties.")
    found = extract_incidents(ctx)
    assert [(m.killed_min, m.killed_max) for m in found] == [(0, 0)]


def test_the_death_toll_risen_later_updates_the_incident(context):
    found = extract_incidents(context(
        "A bomb exploded at a market in Kano on Friday. Rescuers worked through the night. "
        "The governor visited the market. Officials said 41 people were dead. Shops stayed shut on Saturday. "
        "Schools were closed. Later on Saturday the interior minister said the death toll had risen to 52."))
    assert [(m.killed_min, m.killed_max) for m in found] == [(52, 52)]


def test_a_detail_after_a_background_arrest_completes_the_attack(context):
    found = extract_incidents(context(
        "On 2 March 2016, a drone carrying explosives blew up on the roof of the central prison in Kirkuk. "
        "The roof covered the wing where militants had been detained. There were no casualties."))
    attack = [m for m in found if m.kind == "attack"]
    assert [(m.killed_min, m.killed_max) for m in attack] == [(0, 0)]


def test_a_day_told_again_goes_to_the_incident_of_that_day(context):
    """The earlier bomb is known only to within a month; the caption's Sunday is the main one's."""
    ctx = context("A car bomb killed 34 people in Ankara on Sunday. The attack came less than a month after "
                  "another car bomb in Ankara killed 29 soldiers. Police guarded the scene of a blast in Ankara "
                  "on Sunday.")
    incidents = extract_incidents(ctx)
    assert [(m.killed_min, m.date) for m in incidents] == [(34, "2016-03-06"), (29, "2016-02-06..2016-03-05")]
    assert len(incidents[0].evidence) == 2


def test_a_mention_with_nothing_of_its_own_far_down_the_report_retells_the_incident(context):
    ctx = context("Gunmen stormed a hotel in Mogadishu on Monday, killing 12 guests. Police cordoned off the street. "
                  "The minister visited the hospital. Doctors appealed for blood. Shops stayed shut. "
                  "A witness said the gunmen had opened fire on everyone they could see.")
    first = one_candidate(ctx, "Mogadishu")
    later = one_candidate(ctx, "witness")
    assert merge_target(later, [first], ctx) is first
    assert len(extract_incidents(ctx)) == 1


def test_an_undated_mention_does_not_reach_back_to_a_background_incident(context):
    ctx = context("A bomb killed 30 people in Kabul in 2011. Markets reopened. Schools reopened. Roads reopened. "
                  "A witness said gunmen had opened fire on the crowd.")
    background = one_candidate(ctx, "Kabul")
    later = one_candidate(ctx, "witness")
    assert merge_target(later, [background], ctx) is None


def test_a_mention_with_another_doer_stays_apart(context):
    ctx = context("Houthi rebels attacked a ship off Yemen with a drone on Monday. Talks stalled. Prices rose. "
                  "Ports closed. Israeli jets later struck targets in Yemen.")
    first = one_candidate(ctx, "Houthi")
    later = one_candidate(ctx, "Israeli jets")
    assert merge_target(later, [first], ctx) is None


def test_a_dated_background_incident_does_not_merge_into_an_undated_recent_one(context):
    ctx = context("Troops launched a fresh assault on the town of Beni, killing dozens of people. "
                  "Rebels attacked the town on October 7, 2014, in an assault that killed 80.")
    recent = one_candidate(ctx, "fresh assault")
    background = one_candidate(ctx, "October 7")
    assert merge_target(background, [recent], ctx) is None


def test_a_fine_place_in_another_country_is_not_the_incident_told_in_a_country(context):
    ctx = context("Saboteurs set fire to railway cables across France on Friday. Trains were cancelled. "
                  "Heavy fighting raged in Kyiv.")
    sabotage = one_candidate(ctx, "railway")
    fighting = one_candidate(ctx, "Kyiv")
    assert merge_target(fighting, [sabotage], ctx) is None
    # a country named later is no such proof: "Moscow knew nothing of the arrest"
    ctx = context("Police detained a Russian man in Paris on Monday. Russia said it knew nothing of the arrest.")
    arrest = one_candidate(ctx, "Paris")
    told_again = one_candidate(ctx, "Russia said")
    assert merge_target(told_again, [arrest], ctx) is arrest


def test_a_report_without_a_date_tells_a_bare_mention_of_the_news_by_its_time(context):
    """Without a date line, a bare mention far below joins an incident told with no time or a day's
    time ("on Saturday"): the news; not one told with a month of no year, which may be background."""
    filler = ("Police cordoned off the street. The minister visited the hospital. Doctors appealed for blood. "
              "Shops stayed shut. A witness said the gunmen had opened fire on everyone they could see.")
    for opening in ("Gunmen stormed a hotel in Brevna on Saturday, killing 12 guests. ",
                    "Gunmen stormed a hotel in Brevna, killing 12 guests. "):
        ctx = context(opening + filler, pub=None)
        first = one_candidate(ctx, "Brevna")
        assert merge_target(one_candidate(ctx, "witness"), [first], ctx) is first
    ctx = context("In February, gunmen stormed a hotel in Brevna, killing 12 guests. " + filler, pub=None)
    assert merge_target(one_candidate(ctx, "witness"), [one_candidate(ctx, "Brevna")], ctx) is None
    dated = context("Gunmen stormed a hotel in Brevna, killing 12 guests. " + filler)
    assert merge_target(one_candidate(dated, "witness"), [one_candidate(dated, "Brevna")], dated) is not None


def test_a_speaker_s_today_in_an_undated_report_is_the_day_of_the_news(context):
    text = ("Masked men attacked farmers near the village of Dornhal on Saturday. The farmers were taken to hospital. "
            "The army said it was looking into the matter. Crops were burned. Tractors were damaged. "
            'An organizer said: "The attack today shows that the farmers need protection."')
    ctx = context(text, pub=None)
    first = one_candidate(ctx, "Dornhal")
    assert merge_target(one_candidate(ctx, "organizer"), [first], ctx) is first


def test_an_undated_report_keeps_a_past_dated_deed_with_its_own_toll_apart(context):
    """'the militia's March 3 attack that killed 900' is not the strike told with no time that killed four."""
    text = ("An airstrike hit tents in a camp in Gaza, killing at least four people. The war began after the "
            "militia's March 3 attack on the border that killed 900 people.")
    incidents = extract_incidents(context(text, pub=None))
    assert sorted(m.killed_min for m in incidents) == [4, 900]


def test_a_separate_attack_follows_the_last_attack_told_not_a_conquest_between(context):
    text = ("Rebels attacked a convoy near Kandahar, killing six soldiers. The army captured the "
            "town of Herat from the rebels in 1998. In a separate attack, gunmen killed two guards.")
    incidents = extract_incidents(context(text))
    separate = next(m for m in incidents if m.killed_min == 2)
    assert separate.date is None  # the attack it follows was told with no date


def test_a_region_of_another_country_is_not_the_incident_told_in_a_town(context):
    ctx = context("Artillery shelled a market in Kharkiv, killing seven people. Drones attacked southern Russia.")
    shelling = one_candidate(ctx, "Kharkiv")
    drones = one_candidate(ctx, "southern Russia")
    assert drones.place is not None and drones.place.precision < 6
    assert merge_target(drones, [shelling], ctx) is None


def test_a_drone_told_after_the_explosion_is_the_attack_s_means(context):
    ctx = context("An explosion hit a militia base in Logar on Monday. A drone strike targeted the base, "
                  "wounding 20 people, residents said.")
    (incident,) = extract_incidents(ctx)
    assert (incident.attack_type, incident.wounded_min) == ("drone", 20)


def test_the_attacker_killed_far_below_is_the_attack_s_own(context):
    """'The driver was killed by police' tells the attacker's end, not a new incident, however far
    below the attack it is told."""
    ctx = context("A truck plowed into a crowd in Nice on Monday, leaving 80 people dead. The mayor spoke of a "
                  "dark day. Shops closed early. Trains were halted. Schools stayed shut. The driver was killed "
                  "by police, officials said.")
    (incident,) = extract_incidents(ctx)
    assert incident.attackers_killed_min == 1 and len(incident.evidence) == 2


def test_an_undated_report_keeps_incidents_of_different_months_apart(context):
    """Without a publication date "in February" and "in April" date nothing, yet tell two attacks."""
    text = ("Gunmen stormed a hotel in Mogadishu on Saturday. An attack on another hotel in Mogadishu in February "
            "killed at least nine civilians. A car bomb outside a restaurant in Mogadishu in April killed five.")
    incidents = extract_incidents(context(text, pub=None))
    assert [(m.date, m.killed_min) for m in incidents] == [(None, None), (None, 9), (None, 5)]
    # the same month told twice may be one attack
    same = ("A car bomb hit a market in Mogadishu in April. The bombing in Mogadishu in April killed five.")
    assert len(extract_incidents(context(same, pub=None))) == 1
def test_a_report_headlined_by_a_past_incident_retells_it_undated(context):
    """A trial years after: with no recent incident told, "the gunfire" is the headline's."""
    ctx = context("Former guard pleads not guilty over the 2013 massacre in Dorvik\n\n"
                  "A former guard of the Dorvik market pleaded not guilty on Thursday over the massacre. "
                  "Lawyers spoke. The judge set a date. Relatives wept. Reporters waited outside. "
                  "Witnesses said the guard hid during the gunfire.")
    (massacre,) = extract_incidents(ctx)
    assert massacre.date == "2013" and len(massacre.evidence) == 3
def test_a_toll_said_to_be_still_rising_is_a_lower_bound(context):
    ctx = context("Shelling hit the market in Dorvana on Monday. Five civilians were killed and 14 were wounded "
                  "in the shelling, a nurse said. The final toll is likely to be higher as this counts only "
                  "the casualties brought to hospital.")
    [incident] = extract_incidents(ctx)
    assert (incident.killed_min, incident.killed_max) == (5, None)
    assert (incident.wounded_min, incident.wounded_max) == (14, None)


def test_an_update_of_the_victims_toll_is_not_lowered_by_the_attackers_dead(context):
    ctx = context("A truck plowed into a crowd in Velmora on Thursday, leaving at least 40 people dead. "
                  "The driver was killed by police. The death toll had risen to 40 by Friday, the minister said.")
    [incident] = extract_incidents(ctx)
    assert (incident.killed_min, incident.killed_max) == (40, 40)


def test_wounded_told_as_more_add_to_the_wounded_told_before(context):
    ctx = context("A man stabbed pupils at a school in Tarnby on Monday, killing two. Six other pupils suffered "
                  "stab wounds in the attack. Two teachers were also injured, police said.")
    [incident] = extract_incidents(ctx)
    assert (incident.killed_min, incident.wounded_min, incident.wounded_max) == (2, 8, 8)


def test_a_claim_of_the_attack_in_a_sentence_telling_another_deed_is_the_attacks(context):
    ctx = context("A bomb exploded at a checkpoint in Varnos on Monday, killing six soldiers. Al-Shabaab claimed "
                  "responsibility for the attack, saying it avenged the killing of a commander in a drone strike in 2019.")
    incidents = extract_incidents(ctx)
    assert (incidents[0].killed_min, incidents[0].perpetrator, incidents[0].claimed) == (6, "al-Shabaab", True)


def test_a_person_named_before_and_told_injured_after_is_one_wounded(context):
    ctx = context("Gunmen abducted a teacher, identified as Paul Mensah, from a school in Kumasi on Monday. "
                  "Mensah was injured and released two days later.")
    [incident] = extract_incidents(ctx)
    assert (incident.wounded_min, incident.wounded_max) == (1, 1)


def test_a_complex_attack_told_mode_by_mode_takes_its_naming_mode(context):
    """An explosion at the hotel, then gunmen holding guests: hostages taken name the attack."""
    ctx = context("A huge explosion hit a hotel in Kismayo on Saturday. "
                  "Gunmen who stormed the hotel in Kismayo took guests hostage, police said.")
    [incident] = extract_incidents(ctx)
    assert incident.attack_type == "hostage"


def test_an_undated_report_s_sentence_takes_the_time_told_just_before_it(context):
    """'Days earlier, two men were arrested' after a June sentence is not 'In April, a teenager was
    arrested', though the report has no date line: the time told just before tells them apart."""
    text = ("A court in Lyon jailed a preacher in June for inciting violence. Days earlier, two men were arrested "
            "in southern France for plotting an attack on a stadium. In April, a teenager from Annecy was "
            "arrested for researching how to make a bomb.")
    arrests = [m for m in extract_incidents(context(text, pub=None)) if m.kind == "arrest"]
    assert len(arrests) == 2 and all(m.date is None for m in arrests)


def test_an_undated_report_keeps_a_deed_of_long_before_its_latest_date_apart(context):
    """Without a date line, the latest date the report tells stands for its own: a shooting of 1975
    is not the rally shooting told with no year in a report that reaches 2021."""
    text = ("Gunmen opened fire at a rally on Saturday, wounding a candidate. Investigators said a sniper had "
            "shot a judge dead at a rally in 1975. The candidate had joined the race in March 2021.")
    incidents = extract_incidents(context(text, pub=None))
    assert sorted(str(m.date) for m in incidents) == ["1975", "None"]


def test_a_headline_deed_of_a_trial_is_the_body_s_dated_deed(context):
    """The headline's "stabbing trial" is left undatable, so the body's dated stabbing of the same
    victim in the same town is the same incident, not a recent one beside it."""
    ctx = context("New footage shown in stabbing trial of Leeds baker\n\n"
                  "Prosecutors showed new footage in the trial of two brothers accused of stabbing a Leeds baker "
                  "in May 2014.")
    (stabbing,) = extract_incidents(ctx)
    assert stabbing.date == "2014-05" and len(stabbing.evidence) == 2


def test_a_deed_borrowing_the_past_episode_s_date_goes_on_telling_it(context):
    """A trial report: a deed told far below, dated only by the past episode's date told just before
    it, is that episode's incident, not a recent one beside it; dated by another past time, it stays apart."""
    from dataclasses import replace
    from datetime import date

    ctx = context("A judge found a former warehouse worker guilty of murder in a canteen rampage in Leeds that left "
                  "two men dead. The defence called no witnesses. The judge spoke briefly. Relatives wept in court. "
                  "Then, on March 10, 2014, the worker had argued with a supervisor. "
                  "He came back with a rifle, opening fire in the canteen and killing two men.")
    rampage = one_candidate(ctx, "Leeds")
    later = one_candidate(ctx, "rifle")
    assert later.date.iso == "2014-03-10" and not later.own_date
    rampage.date, rampage.own_date = replace(later.date, start=date(2014, 1, 1), end=date(2014, 12, 31),
                                             precision=5, iso="2014"), True
    assert merge_target(later, [rampage], ctx) is rampage
    rampage.date = replace(rampage.date, start=date(2012, 1, 1), end=date(2012, 12, 31), iso="2012")
    assert merge_target(later, [rampage], ctx) is None


def test_fighting_and_air_strikes_told_apart_stay_two_incidents(context):
    ctx = context("Army troops fought rebels near Tikrit on Monday and shelled the town's northern districts.\n\n"
                  "Air strikes overnight hit houses inside the town. Four civilians were killed in the bombardment, "
                  "a doctor said.")
    kinds = [m.kind for m in extract_incidents(ctx)]
    assert kinds == ["battle", "airstrike"]


def test_a_toll_update_with_verbs_of_its_own_tells_the_incident_again(context):
    ctx = context("Troops launched a ground offensive in the town of Jenin, killing at least 12 people. "
                  "Residents fled west with what they could carry. Shops stayed shut. Schools were closed. "
                  "The death toll from the operation continued to rise, as health officials said 30 people "
                  "had been killed and 80 wounded so far.")
    [incident] = extract_incidents(ctx)
    assert (incident.killed_min, incident.wounded_min) == (30, 80)


def test_a_vague_headline_takes_the_body_s_kind_and_place(context):
    ctx = context("Dozens killed as army pushes into the north\n\n"
                  "Dozens of people were killed after troops launched a fresh ground assault on militants "
                  "in the northern town of Jenin.")
    [incident] = extract_incidents(ctx)
    assert (incident.kind, incident.place.name) == ("battle", "Jenin")


def test_a_deed_told_a_week_before_the_clause_does_not_take_a_later_day(context):
    # the report is of Thursday 2016-03-10: the incursion was over by 2016-03-03
    ctx = context("The army pulled out of the town of Jenin more than a week after an incursion and heavy "
                  "shelling that killed 12 people. The army said on Wednesday that troops had killed "
                  "militants in Jenin during the operation.")
    [incident] = extract_incidents(ctx)
    assert incident.date is None and incident.undatable  # nor, later, the report's month


def test_a_toll_counted_since_a_day_dates_when_the_incident_began(context):
    ctx = context("Troops launched a ground offensive in the town of Jenin, killing at least 12 people. "
                  "A doctor told reporters that the hospital had received the bodies of 30 people killed "
                  "since Monday morning.")
    [incident] = extract_incidents(ctx)
    assert incident.date == "2016-03-07..2016-03-10"


def test_a_war_s_toll_since_its_first_day_dates_no_incident(context):
    ctx = context("Troops launched a ground offensive in the town of Jenin, killing at least 12 people. "
                  "More than 30,000 people have been killed since October 7, 2015, officials said.")
    [incident] = extract_incidents(ctx)
    assert incident.date != "2015-10-07" and not (incident.date or "").startswith("2015-10-07..")


def test_a_recent_deed_told_after_a_background_one_is_another_incident(context):
    """'Over the weekend, A struck inside Y following a drone attack by B on Z' told just after C's
    attacks of months ago: neither the strike (its own weekend) nor the undated drone attack (an
    undated deed in a dated report is recent) is the background incident."""
    text = ("Since the PKK's attacks on October 7, the army says it will guard the border. Both the Iraqi and "
            "the Syrian governments have protested. Over the weekend, Turkey struck inside Iraq for the first "
            "time following a deadly drone attack launched by Houthi rebels on Hakkari.")
    incidents = extract_incidents(context(text))
    assert sorted((m.kind, m.perpetrator or "") for m in incidents) == [
        ("airstrike", "Turkish forces"), ("attack", "Houthis"), ("attack", "Kurdistan Workers' Party")]
    strike = next(m for m in incidents if m.kind == "airstrike")
    assert strike.date == "2016-03-05..2016-03-06"


def test_a_figure_told_after_other_deeds_completes_the_incident_retold_last(context):
    found = extract_incidents(context(
        "A car bomb killed at least 20 people in Kirkuk on Sunday. Last month another car bomb in Mosul killed "
        "nine, an attack claimed by a little-known group. Sunday's blast went off near a bus station at dusk. "
        "The health minister said at least 90 people were injured."))
    by_place = {m.place.name: m for m in found if m.place is not None}
    assert (by_place["Kirkuk"].wounded_min, by_place["Kirkuk"].wounded_max) == (90, None)
    assert by_place["Mosul"].wounded_min is None



def test_a_claim_naming_the_district_is_tried_first_on_the_deed_told_there():
    def told(name: str, precision: int | None, **kw) -> Candidate:
        return Candidate(kind="attack", triggers=[], start=0, end=0, sent_index=0,
                         place=Place(name=name, precision=precision), **kw)

    district, east = told("Jadiriya", None), told("eastern Baghdad", 2)
    claim = told("Jadiriya", None, attribution="claimed", claimed=True)
    assert _same_place_first(claim, [district, east]) == [district, east]
    # a mention that claims nothing, or names only the country, keeps the latest told first
    assert _same_place_first(told("Jadiriya", None), [district, east]) == [east, district]
    assert _same_place_first(told("Iraq", 6, attribution="claimed"), [told("Iraq", 6), east])[0] is east
