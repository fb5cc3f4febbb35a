"""Which clause's time dates an incident: its own, one below it, a reporting clause above it; not a
coordinated clause of another event, nor the time of a verb the incident is shown by or charged in."""
from __future__ import annotations

from strife.extract.incidents.dates import set_date
from tests.extract.incidents.conftest import bare_candidate


def dated(ctx, words, trigger=None):
    cand, sent = bare_candidate(ctx, words)
    if trigger:
        cand.triggers = [t for t in cand.triggers if t.text == trigger]
    set_date(cand, sent, sent.start_char, sent.end_char, ctx)
    return cand


def test_a_predicate_that_shares_the_subject_shares_its_time(context):
    ctx = context("Rebels killed four farmers and wounded six others near Kalvo on Sunday.")
    assert dated(ctx, "Kalvo", trigger="killed").date.iso == "2016-03-06"


def test_a_contrasted_predicate_s_time_is_another_event_s(context):
    ctx = context("Police arrested the two brothers in Gao but released them in May 2015.")
    cand = dated(ctx, "brothers", trigger="arrested")
    assert cand.date is None and cand.undatable


def test_the_time_a_scene_is_shown_does_not_date_the_scene(context):
    ctx = context("Jurors on Tuesday watched footage of a trader shot outside his shop in Mervale.")
    cand = dated(ctx, "footage", trigger="shot")
    assert cand.date is None and cand.undatable


def test_the_time_of_a_trial_does_not_date_the_killing_it_is_for(context):
    ctx = context("Two men went on trial in Dorvik on Wednesday for killing a shopkeeper.")
    cand = dated(ctx, "Dorvik", trigger="killing")
    assert cand.date is None and cand.undatable


def test_the_time_of_the_noun_a_clause_describes_dates_it(context):
    ctx = context("The gang struck during a 2012 festival in Kalvo, when three guests were kidnapped.")
    assert dated(ctx, "Kalvo", trigger="kidnapped").date.iso == "2012"


def test_since_a_weekday_is_that_day(context):
    ctx = context("Officials have been on alert since Saturday, when a gunman fired at a rally in Mervale.")
    cand = dated(ctx, "Mervale", trigger="fired")
    assert (cand.date.iso, cand.date.precision) == ("2016-03-05", 1)


def test_the_last_time_is_an_earlier_occasion_left_undated(context):
    ctx = context("Students marched in Velmora on Monday. The last time students marched on the parliament, "
                  "troops opened fire on them.")
    cand = dated(ctx, "parliament")
    assert cand.date is None and cand.undatable


def test_a_past_episode_told_over_several_paragraphs_keeps_its_date(context):
    ctx = context("Two days of terror began with an attack on a newspaper in Velmora on June 3 last year.\n\n"
                  "On the second and final day, gunmen killed four shoppers at a market.\n\n"
                  "Militants attacked a police post in Gao on March 2, 2016.\n\n"
                  "Gunmen killed two traders.")
    assert dated(ctx, "shoppers").date.iso == "2015-06-03"
    assert dated(ctx, "traders").date is None  # a recent date stays in its paragraph


def test_a_passive_predicate_joined_to_an_active_one_tells_another_event(context):
    ctx = context("Two gunmen shot a guard in Mervale and were arrested on Sunday.")
    cand = dated(ctx, "Mervale", trigger="shot")
    assert cand.date is None or cand.date.iso != "2016-03-06"
def test_a_captioned_scene_after_the_deed_does_not_date_the_deed(context):
    ctx = context("A soldier guards the square in Dorvik early on March 8 after at least 30 people were killed there.")
    cand = dated(ctx, "Dorvik", trigger="killed")
    assert cand.date is None


def test_a_past_deed_after_another_on_a_day_keeps_that_day(context):
    ctx = context("Rebels attacked Kalvo on Sunday after troops killed four farmers there.")
    assert dated(ctx, "Kalvo", trigger="killed").date.iso == "2016-03-06"


def test_a_year_in_a_clause_about_another_actor_s_deed_does_not_date_the_head(context):
    ctx = context("The siege of Tarvik was part of a long campaign against the Drask Front, which overran "
                  "much of the valley in 2013.")
    cand = dated(ctx, "Tarvik", trigger="siege")
    assert cand.date is None and cand.undatable


def test_a_time_in_a_clause_the_place_undergoes_still_dates_the_deed(context):
    ctx = context("Gunmen opened fire on a crowd at the market in Kalvo, which was attacked on Sunday.")
    assert dated(ctx, "Kalvo").date.iso == "2016-03-06"


def test_since_on_a_perfect_state_does_not_date_a_coordinated_predicate(context):
    ctx = context("Government troops have encircled Tarvik since last year but focused most combat "
                  "operations on villages further south.")
    cand = dated(ctx, "Tarvik", trigger="combat")
    assert cand.date is None and cand.undatable
