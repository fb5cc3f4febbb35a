"""Triggers: cue words and phrases of a sentence, each with the kind it signals in context."""
from __future__ import annotations

from strife.extract.incidents.triggers import find_triggers, object_places, phrase_re
from tests.extract.incidents.conftest import sentence_with


def triggers_of(ctx, words):
    return find_triggers(sentence_with(ctx, words)[1])


def test_a_verb_of_attack_is_a_trigger_at_its_offsets(context):
    ctx = context("Gunmen attacked a police post in Gao on Monday.")
    [trig] = triggers_of(ctx, "attacked")
    assert (trig.text, trig.kind, trig.noun, trig.plural) == ("attacked", "attack", False, False)
    assert ctx.text[trig.start:trig.end] == "attacked"


def test_captured_takes_its_kind_from_its_object(context):
    """A town captured changes hands; a commander captured is arrested."""
    town = context("Iraqi forces recaptured Ramadi from Islamic State in December.")
    person = context("Government forces captured a senior al-Shabaab commander near Kismayo on Tuesday.")
    [taken] = triggers_of(town, "recaptured")
    [arrest] = triggers_of(person, "captured")
    assert taken.kind == "territory_change"
    assert [t.text for t in object_places(taken.token)] == ["Ramadi"]
    assert arrest.kind == "arrest"


def test_lost_is_a_trigger_only_with_a_place_as_object(context):
    place = context("The army lost Baiji to Islamic State fighters in June.")
    thing = context("The company lost tactical alliances in Lagos last year.")
    assert [(t.text, t.kind) for t in triggers_of(place, "lost")] == [("lost", "territory_change")]
    assert triggers_of(thing, "lost") == []


def test_a_counted_noun_is_a_plural_noun_trigger(context):
    ctx = context("There were 153 attacks in Iraq in February.")
    [trig] = triggers_of(ctx, "153")
    assert (trig.text, trig.noun, trig.plural) == ("attacks", True, True)


def test_a_phrase_replaces_the_words_it_covers(context):
    """'shot down' is one aircraft-downing trigger, not 'shot' as an attack as well."""
    ctx = context("Rebels shot down a helicopter near Aleppo on Tuesday.")
    assert [(t.text, t.kind) for t in triggers_of(ctx, "shot")] == [("shot down", "aircraft_downing")]


def test_object_places_through_place_nouns_figures_and_the_fall_of(context):
    cases = {
        "Government forces seized control of the town of Jarabulus on Friday.": "seized",
        "Rebels captured 2,400 square kilometres including the stronghold of Shaddadeh.": "captured",
        "The fall of Mosul shocked the army.": "fall",
    }
    found = {}
    for text, word in cases.items():
        ctx = context(text)
        [trig] = [t for t in triggers_of(ctx, word) if t.text == word]
        found[word] = [t.text for t in object_places(trig.token)]
    assert found == {"seized": ["Jarabulus"], "captured": ["Shaddadeh"], "fall": ["Mosul"]}


def test_phrase_re_matches_whole_words_longest_first():
    rx = phrase_re(["car", "car bomb", "Suicide Bomber"])
    assert rx.findall("A car bomb and a car; a scar, a suicide bomber, a car-bomb") == \
        ["car bomb", "car", "suicide bomber"]
    assert phrase_re([]) is None


def test_a_phrase_tells_its_kind_over_the_lemma_of_its_head(context):
    ctx = context("Two engineers were taken hostage from the dam site near Medellin on Monday.")
    assert [(t.text, t.kind) for t in triggers_of(ctx, "taken")] == [("taken hostage", "attack")]


def test_a_defeat_of_an_armed_side_at_a_place_is_a_change_of_territory(context):
    beaten = context("The army on Friday declared the defeat of Islamic State militants in Ramadi.")
    nowhere = context("The army on Friday declared the defeat of the rebels a priority.")
    [defeat] = [t for t in triggers_of(beaten, "defeat") if t.text == "defeat"]
    assert defeat.kind == "territory_change"
    assert [t.text for t in object_places(defeat.token)] == ["Ramadi"]
    assert all(t.kind != "territory_change" for t in triggers_of(nowhere, "defeat"))


def test_dislodged_from_a_town_is_a_change_of_territory(context):
    ctx = context("Government forces dislodged the rebels from Tikrit in March.")
    [trig] = triggers_of(ctx, "dislodged")
    assert trig.kind == "territory_change"
    assert [t.text for t in object_places(trig.token)] == ["Tikrit"]
