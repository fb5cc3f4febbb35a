"""Reading the people a report names, and matching them across reports."""
from strife.records import IncidentMention, Place
from strife.resolve.people import PersonName, named_people, person_name, share_a_person


def test_titles_and_nicknames_fall_away():
    assert person_name("County Sheriff's Deputy Maria Vance") == PersonName("vance", ("maria",))
    assert person_name('Luis Alberto "Beto" Vance') == PersonName("vance", ("luis", "alberto", "beto"))
    assert person_name("Sgt. Vance") == PersonName("vance")
    assert person_name("Henry Ford Jr.") == PersonName("ford", ("henry",))


def test_phrases_that_name_nobody():
    assert person_name("a 40-year-old man") is None
    assert person_name("Riverside gang member") is None
    assert person_name("Vance") is None  # a lone word without a title may be anything
    assert person_name("Riverside Police") is None  # a force, not a person


def test_spellings_of_one_person_match():
    full = person_name("Maria Vance")
    assert full.same_person(person_name("Deputy Vance"))
    assert full.same_person(person_name("Marya Vance"))  # a typo past the first letter
    assert full.same_person(person_name('Luisa "Maria" Vance'))


def test_other_people_do_not_match():
    full = person_name("Maria Vance")
    assert not full.same_person(person_name("Tomas Vance"))
    assert not full.same_person(person_name("Maria Holt"))
    assert not person_name("Deputy Vance").same_person(person_name("Officer Vance"))  # two bare surnames


def test_named_people_skip_armed_actors_and_the_place():
    m = IncidentMention(doc_id="d", index=0, kind="attack", perpetrator="Islamic State",
                        victim_names=("Tomas Holt", "Port Vance"), place=Place(name="Port Vance"))
    assert named_people(m) == (PersonName("holt", ("tomas",)),)


def test_accused_in_one_report_victim_in_another_is_one_person():
    a = IncidentMention(doc_id="a", index=0, kind="attack", perpetrator="Tomas Holt")
    b = IncidentMention(doc_id="b", index=0, kind="attack", victim_names=("Tomas Holt",))
    assert share_a_person(a, b)
