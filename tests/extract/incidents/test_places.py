"""Places: the incident's place, never a place inside a name, an origin or destination, or a dateline."""
from __future__ import annotations

from strife.extract.incidents.places import capitals, inside_actor_or_org, mention_place, set_place, taken_places
from tests.extract.incidents.conftest import bare_candidate, candidates_in, one_candidate


def placed(ctx, words):
    cand, sent = bare_candidate(ctx, words)
    set_place(cand, ctx.text[sent.start_char:sent.end_char], sent.start_char, sent.end_char, ctx)
    return cand


def test_a_place_inside_an_organisation_s_name_is_not_the_incident_s(context):
    ctx = context("At least 20 people were killed in Aleppo on Monday, the Britain-based Syrian Observatory "
                  "for Human Rights said.")
    inside = {p.name: inside_actor_or_org(p, ctx) for p in ctx.places}
    assert inside["Britain"] and not inside["Aleppo"]
    cand = placed(ctx, "Aleppo")
    assert "Britain" not in [p.name for p in cand.places]
    assert cand.place.name == "Aleppo"


def test_a_town_naming_its_own_police_force_places_what_the_force_investigates(context):
    """'The Dayton Police Department ... a double murder': the force's town is where it works; a
    station of a force named after a town ("the Sheriff's Lakewood Station") is where officers work."""
    ctx = context("The Dayton Police Department reopened its investigation into a double murder in 1975.")
    assert placed(ctx, "double murder").place.name == "Dayton"
    station = context("A deputy from the Sheriff's Lakewood Station was shot dead on Monday.")
    assert {p.name: inside_actor_or_org(p, station) for p in station.places} == {"Lakewood": True}


def test_a_place_in_an_actor_s_name_is_not_the_incident_s(context):
    ctx = context("Iran-backed militias attacked a base in Anbar on Sunday.")
    assert [p.name for p in ctx.places if inside_actor_or_org(p, ctx)] == ["Iran"]
    assert placed(ctx, "Anbar").place.name == "Anbar"


def test_a_destination_or_an_origin_is_not_where_it_happened(context):
    fled = placed(context("Families fled to Erbil after militants attacked Bartella on Sunday."), "Erbil")
    road = placed(context("Militants attacked a checkpoint on the main road from Baghdad on Sunday."), "Baghdad")
    assert [p.name for p in fled.places] == ["Erbil"] and fled.place is None
    assert [p.name for p in road.places] == ["Baghdad"] and road.place is None


def test_a_dateline_is_where_the_report_was_filed(context):
    ctx = context("BAGHDAD, March 6 (Wire) - A bomb killed four people in Hilla on Sunday.")
    assert {p.name: inside_actor_or_org(p, ctx) for p in ctx.places} == {"BAGHDAD": True, "Hilla": False}
    assert placed(ctx, "Hilla").place.name == "Hilla"


def test_the_syrian_capital_is_damascus(context):
    [cap] = capitals("A car bomb killed 12 people in the Syrian capital on Monday.", 100)
    assert (cap.name, cap.country, cap.precision, cap.start) == ("Damascus", "SY", 1, 131)
    assert capitals("A car bomb killed 12 people in the capital on Monday.", 0) == []


def test_a_country_s_capital_and_the_capital_of_the_report_s_country(context):
    [owned] = capitals("Militants attacked a bus station in Kenya’s capital on Friday.", 0)
    [heading] = capitals("Blast at market in Malian capital", 0)
    [bare] = capitals("Two grenades wounded six people in the capital last week.", 0, country="ML")
    assert [(p.name, p.country) for p in (owned, heading, bare)] == [("Nairobi", "KE"), ("Bamako", "ML"),
                                                                      ("Bamako", "ML")]
    assert capitals("Two grenades wounded six people in the capital of Chad.", 0, country="ML") == []
    ctx = context("Fighting in Mali went on. Two grenades wounded six people in the capital on Monday.")
    assert placed(ctx, "grenades").place.name == "Bamako"


def test_a_name_the_text_calls_a_district_is_the_finest_place(context):
    ctx = context("Fighting in Iraq went on. Gunmen shot dead a shopkeeper in al-Qaws, a Sunni district east of "
                  "the capital, on Monday.")
    place = placed(ctx, "shot dead").place
    assert (place.name, place.lat) == ("al-Qaws", None)


def test_a_place_taken_unknown_to_the_gazetteer_is_kept_by_name(context):
    ctx = context("Islamic State fighters captured the Tishrin Dam on Friday.")
    cand = placed(ctx, "Tishrin")
    [dam] = taken_places(cand, ctx)
    assert (dam.name, dam.lat, ctx.text[dam.start:dam.end]) == ("Tishrin Dam", None, "Tishrin Dam")


def test_a_one_country_group_places_an_unplaced_incident_in_its_country(context):
    cand = one_candidate(context("The Taliban killed four policemen on Monday."), "Taliban")
    assert cand.place is None
    place = mention_place(cand)
    assert (place.name, place.country, place.feature, place.precision) == ("Afghanistan", "AF", "country", 6)


def test_the_most_specific_place_of_a_chain_is_the_incident_s(context):
    ctx = context("Soldiers shelled houses in Kyauk Gyi village (Bilin township, Thaton district, Mon state) on Monday.")
    assert placed(ctx, "shelled").place.name == "Kyauk Gyi"


def test_every_city_of_a_shared_dateline_is_where_the_report_was_filed(context):
    ctx = context("KANDAHAR/KABUL, Afghanistan - A bomb killed four people at a market in Lashkar Gah on Sunday.")
    inside = {p.name: inside_actor_or_org(p, ctx) for p in ctx.places}
    assert inside["KANDAHAR"] and inside["KABUL"] and not inside["Lashkar Gah"]
    assert placed(ctx, "bomb").place.name == "Lashkar Gah"


def test_a_finer_place_told_after_a_region_narrows_it_down(context):
    after = placed(context("Settlers attacked a shepherd on Saturday in the West Bank, south of Nablus."), "attacked")
    assert after.place.name == "south of Nablus"
    town = placed(context("Settlers attacked a shepherd in the West Bank village of Turmus Ayya on Saturday."),
                  "attacked")
    assert town.place.name == "Turmus Ayya"


def test_one_of_a_people_is_not_their_region(context):
    ctx = context("A court found Orlovsky guilty of the murder of Aslan Dudayev, an ethnic Chechen, in a square "
                  "in Hamburg in 2018.")
    assert placed(ctx, "murder").place.name == "Hamburg"


def test_this_district_is_the_one_told_just_before(context):
    ctx = context("Bombs hit two markets in Mosul on Sunday. Zuhur, a busy commercial neighborhood, took the first "
                  "blast. A bomb went off in this northern district at noon, killing nine people.")
    assert placed(ctx, "went off").place.name == "Zuhur"
    town = context("Gunmen raided a newspaper's office in Lyon on Monday, killing four. Two days later, a guard "
                   "was shot dead near a school in the same city.")
    assert placed(town, "guard").place.name == "Lyon"


def test_an_arrest_is_placed_by_the_province_the_one_arrested_is_from(context):
    ctx = context("A 17-year-old from the Vaucluse department in southern France was arrested on terrorism "
                  "charges.")
    assert placed(ctx, "arrested").place.name == "Vaucluse"
    abroad = context("A student from Serbia was arrested in Austria on terrorism charges.")
    assert placed(abroad, "arrested").place.name == "Austria"


def test_the_agent_of_a_passive_is_not_the_place(context):
    """'targeted by Turkey in a bombing': Turkey acted; it is not where (nor the country: the
    paragraph's Syria is)."""
    ctx = context("Fighting went on in northern Syria. Its deputy leader was targeted by Turkey in a bombing on "
                  "Sunday that killed 12 people.")
    cand = one_candidate(ctx, "targeted")
    assert cand.place is None and cand.country == "SY"


def test_a_coordinated_deed_of_another_doer_keeps_its_place(context):
    """'A's attacks on March 3 and B's campaign in X': X is where B's campaign was, not A's attacks."""
    ctx = context("Since the PKK's attacks on March 3 and Turkey's subsequent raids in Hakkari, villagers "
                  "have been leaving.")
    attacks = next(c for c in candidates_in(ctx, "PKK") if c.perpetrator == "Kurdistan Workers' Party")
    assert attacks.place is None or attacks.place.name != "Hakkari"
    shared = one_candidate(context("The bombing and shooting in Hakkari on Monday killed six people."), "Hakkari")
    assert shared.place.name == "Hakkari"
