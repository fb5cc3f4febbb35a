"""Role fillers as entities: every named victim, target and individual perpetrator of an incident."""
from __future__ import annotations

from strife.export import _one_or_all
from strife.extract.incidents.fillers import one_name_each, role_entities
from strife.extract.incidents.records import Candidate
from strife.extract.incidents.triggers import find_triggers
from tests.extract.incidents.conftest import bare_candidate, one_candidate


def fillers(ctx, words):
    return role_entities(one_candidate(ctx, words), ctx)


def test_every_named_victim_is_kept_not_one_phrase(context):
    ctx = context("Gunmen shot dead judge Carlos Rey and his driver, Juan Soto, in Cali on Monday.")
    found = fillers(ctx, "Cali")
    assert found.victims == ["Carlos Rey", "Juan Soto"] and found.targets == []


def test_every_target_is_kept_without_counts(context):
    ctx = context("Rebels bombed two banks and a police post in Huancayo on Sunday.")
    assert fillers(ctx, "Huancayo").targets == ["banks", "police post"]


def test_individual_perpetrators_keep_their_counts(context):
    ctx = context("Three armed men and a woman attacked a bus station in Cali on Monday.")
    found = fillers(ctx, "Cali")
    assert found.perpetrators == ["Three armed men", "woman"] and found.targets == ["bus station"]


def test_an_organisation_is_no_individual_perpetrator(context):
    ctx = context("The Shining Path bombed a power pylon in Huancayo on Sunday.")
    found = fillers(ctx, "Huancayo")
    assert found.perpetrators == [] and found.targets == ["power pylon"]


def test_a_town_is_no_target(context):
    ctx = context("Guerrillas attacked the town of Ayacucho on Sunday.")
    assert fillers(ctx, "Ayacucho").targets == []


def test_the_export_gives_one_string_or_every_one():
    assert _one_or_all(["power pylon"]) == "power pylon"
    assert _one_or_all(["banks", "Banks", "police post"]) == ["banks", "police post"]
    assert _one_or_all([None]) is None


def test_a_name_cut_short_is_completed_and_a_later_short_name_takes_the_full_one(context):
    ctx = context("Judge Maria Elena Quintero Zapata was a member of the court. Gunmen shot dead Quintero in "
                  "Cali on Monday.")
    assert fillers(ctx, "Gunmen").victims == ["Maria Elena Quintero Zapata"]


def test_members_of_a_group_are_individual_perpetrators_up_to_an_aside(context):
    ctx = context("Members of the Tupac Amaru Revolutionary Movement (MRTA) bombed a bank in Lima on Sunday.")
    assert fillers(ctx, "Lima").perpetrators == ["Members of the Tupac Amaru Revolutionary Movement"]


def test_a_weapon_or_a_military_unit_is_no_target(context):
    ctx = context("Rebels attacked the battalion headquarters, the troops and a bank in Huancayo on Sunday with a bomb.")
    cand, _ = bare_candidate(ctx, "Huancayo")
    assert role_entities(cand, ctx).targets == ["battalion headquarters", "bank"]


def test_names_hang_on_a_count_and_a_place_name_is_no_victim(context):
    ctx = context("Two of her bodyguards, Pedro Gomez and Luis Mora, were killed in Cali on Monday.")
    assert fillers(ctx, "Cali").victims == ["Pedro Gomez", "Luis Mora"]
    ctx = context("Rebels attacked the police station at the Simon Bolivar neighborhood in Cali on Monday.")
    found = fillers(ctx, "Cali")
    assert found.victims == [] and found.targets == ["police station"]


def test_people_tied_to_the_deed_are_its_perpetrators(context):
    cases = {"Police arrested two soldiers accused of the murder of Juan Perez in Cali on Monday.": "two soldiers",
             "Pablo Mejia ordered the assassination of the judge in Cali on Monday.": "Pablo Mejia",
             "The bodies of the priests murdered on Monday in Cali by uniformed men were found.": "uniformed men"}
    for text, doer in cases.items():
        ctx = context(text)
        cand, _ = bare_candidate(ctx, "Cali")
        assert doer in role_entities(cand, ctx).perpetrators, text


def test_things_damaged_and_the_place_of_a_blast_are_targets(context):
    ctx = context("A bomb exploded in front of a bank in Cartagena on Monday. The blast damaged the mayor's office, "
                  "a book store and three vehicles -- an ambulance and a fuel truck.")
    cand, _ = bare_candidate(ctx, "Cartagena")
    cand.evidence = [(s.start_char, s.end_char) for s in ctx.sentences]
    assert role_entities(cand, ctx).targets == ["bank", "mayor's office", "book store", "vehicles", "ambulance",
                                               "fuel truck"]


def test_quantifiers_and_people_are_not_part_of_targets(context):
    ctx = context("Rebels burned several public buses, at least 10 trucks and the missionaries in Lima on Sunday.")
    cand, _ = bare_candidate(ctx, "Lima")
    assert role_entities(cand, ctx).targets == ["public buses", "trucks"]


def test_a_sentence_outside_every_incident_still_names_victims_of_the_nearest_one(context):
    from strife.extract.incidents import extract_incidents

    ctx = context("Gunmen shot dead a judge in Cali on Monday. The ELN denied that it had planned the murder of "
                  "Jorge Ruiz Paredes, his clerk.")
    [mention] = extract_incidents(ctx)
    assert "Jorge Ruiz Paredes" in mention.victim_names


def test_every_weapon_is_written_and_the_deed_is_no_weapon(context):
    ctx = context("The explosion of a car bomb and two hand grenades killed four people in Cali on Monday.")
    assert fillers(ctx, "Cali").weapons == ["car bomb", "hand grenades"]


def test_arms_seized_are_no_weapon_of_the_incident(context):
    ctx = context("Rebels attacked a police post with hand grenades in Cali on Monday, and troops later "
                  "seized 40 rifles and a mortar from them.")
    assert fillers(ctx, "Cali").weapons == ["hand grenades"]


def test_the_antecedent_of_who_did_it_is_the_perpetrator(context):
    ctx = context("Police sought the paid assassin who killed the mayor in Cali on Monday.")
    [trigger] = find_triggers(ctx.sentences[0])
    cand = Candidate(kind="attack", triggers=[trigger], start=0, end=len(ctx.text), sent_index=0)
    assert "paid assassin" in role_entities(cand, ctx).perpetrators


def test_machinegunning_is_an_attack(context):
    ctx = context("About 20 rebels machinegunned a bus near Usulutan on Sunday.")
    found = fillers(ctx, "Usulutan")
    assert found.targets == ["bus"] and found.perpetrators == ["About 20 rebels"]


def test_the_export_names_victims_apart_from_their_description(context):
    from strife.export import incident_record
    from strife.extract.incidents import extract_incidents

    ctx = context("Gunmen shot dead three policemen in Cali on Monday.")
    [mention] = extract_incidents(ctx)
    record = incident_record(mention)
    assert record["victims_text"] is None and record["victims_description"] == "policemen"


def test_a_name_whose_last_word_is_mislabelled_is_a_victim_not_a_target(context):
    ctx = context("A court linked the colonel to the March 1980 assassination of Archbishop Oscar Arnulfo Romero.")
    [trigger] = [t for t in find_triggers(ctx.sentences[0]) if t.text == "assassination"]
    cand = Candidate(kind="attack", triggers=[trigger], start=0, end=len(ctx.text), sent_index=0)
    found = role_entities(cand, ctx)
    assert found.targets == [] and found.victims == ["Oscar Arnulfo Romero"]


def test_one_phrase_for_each_body_of_people_or_thing():
    assert one_name_each(["several urban guerrillas", "urban guerrillas", "gunmen"], shortest=True) == \
        {"several urban guerrillas": "urban guerrillas", "urban guerrillas": "urban guerrillas", "gunmen": "gunmen"}
    assert one_name_each(["individuals", "two individuals"], shortest=True)["individuals"] == "two individuals"
    assert one_name_each(["headquarters", "union headquarters", "bus", None], shortest=False) == \
        {"headquarters": "union headquarters", "union headquarters": "union headquarters", "bus": "bus"}
    assert set(one_name_each(["police post", "army post"], shortest=False).values()) == {"police post", "army post"}


def test_a_document_names_one_body_of_people_one_way_in_every_incident():
    from strife.export import document_record
    from strife.records import Document, Extraction, IncidentMention

    first = IncidentMention(doc_id="d", index=0, kind="attack", perpetrator_text="several urban guerrillas",
                            weapon_texts=("bomb",))
    second = IncidentMention(doc_id="d", index=1, kind="attack", individual_perpetrators=("urban guerrillas", "they"),
                             weapon_texts=("incendiary bomb", "bombs"))
    record = document_record(Extraction(Document(id="d", text="", name="d"), None, None, incidents=[first, second]))
    assert [i["perpetrator_text"] for i in record["incidents"]] == ["urban guerrillas", "urban guerrillas"]
    assert [i["weapon_text"] for i in record["incidents"]] == ["incendiary bomb", "incendiary bomb"]


def test_who_condemns_the_murder_did_not_do_it(context):
    ctx = context("Archbishop Marcos Rivera condemned the murder of six priests in San Salvador on Monday.")
    assert fillers(ctx, "San Salvador").perpetrators == []


def test_a_person_named_again_by_surname_is_the_person_named_in_full(context):
    ctx = context("Leftist leader Hector Oqueli Colindres arrived in Guatemala on Sunday. Gunmen killed Oqueli "
                  "and Hilda Flores in Guatemala City on Monday.")
    [trigger] = [t for t in find_triggers(ctx.sentences[1]) if t.text == "killed"]
    cand = Candidate(kind="attack", triggers=[trigger], start=ctx.sentences[1].start_char,
                     end=ctx.sentences[1].end_char, sent_index=1)
    assert role_entities(cand, ctx).victims == ["Hector Oqueli Colindres", "Hilda Flores"]


def test_a_group_of_people_is_an_individual_perpetrator(context):
    ctx = context("Two missionaries were shot dead in La Paz on Monday by a group of terrorists.")
    assert fillers(ctx, "La Paz").perpetrators == ["group of terrorists"]


def test_the_target_of_a_foiled_attack_told_beside_is_no_victim(context):
    from strife.extract.incidents import extract_incidents

    ctx = context("Gunmen shot dead a judge in Cali on Monday. The same group carried out the foiled attack "
                  "against Senator Juan Perez Gomez last year.")
    [mention] = extract_incidents(ctx)
    assert "Juan Perez Gomez" not in mention.victim_names


def test_an_arrest_s_person_may_be_the_object_of_the_verb_coordinated_with_it(context):
    """'arrested and charged X': the parser hangs X on "charged"; X is who was arrested."""
    ctx = context("Detectives in Dayton have arrested and charged Maria Ellen Voss, 58, with two counts of murder.")
    assert fillers(ctx, "Dayton").victims == ["Maria Ellen Voss"]
