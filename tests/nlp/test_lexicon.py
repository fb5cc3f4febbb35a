"""Tests for the lexicon data files and their loader (strife.nlp.lexicon)."""
from __future__ import annotations

import pytest
import yaml

from strife.nlp.lexicon import (
    ACTOR_TYPES,
    ATTACK_TYPES,
    DATA_DIR,
    GENERIC_CATEGORIES,
    WEAPON_CLASSES,
    build_actor_lexicon,
    build_vocabulary,
    load_actors,
    load_generic_nouns,
    load_incident_cues,
    load_vocabulary,
    load_weapons,
    normalize,
)


@pytest.fixture(scope="module")
def actors():
    return load_actors()


def test_yaml_files_load():
    for name in ("actors.yaml", "weapons.yaml", "incident_cues.yaml", "generic_actor_nouns.yaml",
                 "extraction_vocab.yaml"):
        with (DATA_DIR / name).open(encoding="utf-8") as fh:
            assert yaml.safe_load(fh)


def test_at_least_450_actors(actors):
    assert len(actors) >= 450


def test_no_alias_clash_in_data():
    # build_actor_lexicon raises ValueError on any clash; build it afresh (not cached).
    with (DATA_DIR / "actors.yaml").open(encoding="utf-8") as fh:
        entries = yaml.safe_load(fh)["actors"]
    lex = build_actor_lexicon(entries)
    assert len(lex) == len(entries)


def test_clash_is_reported_with_both_names():
    entries = [
        {"name": "Alpha Front", "type": "rebel", "countries": ["XX"], "aliases": ["AF Rebels"]},
        {"name": "Beta Front", "type": "rebel", "countries": ["YY"], "aliases": ["af-rebels"]},
    ]
    with pytest.raises(ValueError) as err:
        build_actor_lexicon(entries)
    assert "Alpha Front" in str(err.value) and "Beta Front" in str(err.value)


def test_actor_fields_are_valid(actors):
    for name in actors.names:
        actor = actors.info(name)
        assert actor.type in ACTOR_TYPES
        assert all(len(c) == 2 and c.isupper() for c in actor.countries)
        assert actor.parent is None or actor.parent in actors


@pytest.mark.parametrize(
    "surface",
    ["IS", "ISIS", "ISIL", "Daesh", "Islamic State group", "the Islamic State", "Da\u2019esh",
     "Islamic State of Iraq and the Levant"],
)
def test_islamic_state_aliases(actors, surface):
    assert actors.canonical(surface) == "Islamic State"


@pytest.mark.parametrize("surface", ["is", "Is", "us", "aa", "let", "ira"])
def test_case_sensitive_acronyms_do_not_match_words(actors, surface):
    assert actors.canonical(surface) is None


def test_aqap_variants(actors):
    canon = actors.canonical("AQAP")
    assert canon == "al-Qaeda in the Arabian Peninsula"
    assert actors.canonical("al-Qaida in the Arabian Peninsula") == canon
    assert actors.canonical("al Qaeda in the Arabian Peninsula") == canon
    assert actors.info(canon).parent == "al-Qaeda"


@pytest.mark.parametrize(
    "surface",
    ["U.S. special forces", "US", "U.S.", "US military", "CENTCOM", "Pentagon", "Delta Force"],
)
def test_united_states(actors, surface):
    assert actors.canonical(surface) == "United States"


@pytest.mark.parametrize("surface", ["Peshmerga", "YPG", "YPJ", "Kurdish Peshmerga", "Kurdish fighters"])
def test_kurdish_forces(actors, surface):
    assert actors.canonical(surface) == "Kurdish forces"


def test_jnim(actors):
    canon = actors.canonical("JNIM")
    assert canon == "Jama'at Nusrat al-Islam wal-Muslimin"
    assert actors.canonical("GSIM") == canon
    assert actors.canonical("Jama\u2019at Nusrat al-Islam wal-Muslimin") == canon


@pytest.mark.parametrize(
    ("surface", "canonical"),
    [
        ("SDF", "Syrian Democratic Forces"),
        ("ISF", "Iraqi security forces"),
        ("Iraqi army", "Iraqi security forces"),
        ("the coalition", "US-led coalition"),
        ("Operation Inherent Resolve", "US-led coalition"),
        ("Houthi rebels", "Houthis"),
        ("Ansar Allah", "Houthis"),
        ("Pakistani Taliban", "Tehrik-i-Taliban Pakistan"),
        ("Afghan Taliban", "Taliban"),
        ("PKK", "Kurdistan Workers' Party"),
        ("Kurdistan Workers Party", "Kurdistan Workers' Party"),
        ("Lashkar-e-Toiba", "Lashkar-e-Taiba"),
        ("ISIS-K", "Islamic State Khorasan Province"),
        ("IS Somalia", "Islamic State Somalia Province"),
        ("KNLA", "Karen National Liberation Army"),
        ("IRI", "Islamic Resistance in Iraq"),
        ("Asaib al- Haq", "Asaib Ahl al-Haq"),
        ("AAH", "Asaib Ahl al-Haq"),
        ("Sendero Luminoso", "Shining Path"),
        ("Jaime Mart\u00ednez front", "Jaime Martinez front"),
        ("government forces", "pro-government forces"),
        ("Syrian Arab Army", "Syrian government forces"),
        ("IDF", "Israeli forces"),
        ("FARDC", "Congolese security forces"),
        ("Tatmadaw", "Myanmar security forces"),
        ("al Qaida", "al-Qaeda"),
        ("CPI (Maoist)", "Communist Party of India (Maoist)"),
        ("CPI-Maoist", "Communist Party of India (Maoist)"),
    ],
)
def test_assorted_aliases(actors, surface, canonical):
    assert actors.canonical(surface) == canonical


def test_parent_links(actors):
    assert actors.info("Islamic State Khorasan Province").parent == "Islamic State"
    assert "Islamic State West Africa Province" in actors.children("Islamic State")


def test_patterns_cover_aliases(actors):
    pats = actors.patterns()
    assert all({"label", "pattern", "canonical", "case_sensitive"} <= p.keys() for p in pats)
    by_text = {(p["pattern"], p["case_sensitive"]): p["canonical"] for p in pats}
    assert by_text[("IS", True)] == "Islamic State"
    assert by_text[("al Qaeda", False)] == "al-Qaeda"
    assert len(pats) >= sum(1 + len(actors.info(n).aliases) for n in actors.names) * 0.9


def test_normalize():
    assert normalize("  The  al\u2010Qa\u2019ida ") == "al qaida"
    assert normalize("U.S.") == "u.s."
    assert normalize("S\u00e9l\u00e9ka") == "seleka"


def test_weapons():
    weapons = load_weapons()
    assert len(weapons) >= 150
    assert weapons.lookup("truck bomb").attack_type == "vehicle_bomb"
    assert weapons.lookup("VBIED").weapon_class == "vehicle_bomb"
    assert weapons.lookup("suicide vest").attack_type == "suicide_bombing"
    assert weapons.lookup("car bombs").attack_type == "vehicle_bomb"
    assert weapons.lookup("chlorine").weapon_class == "chemical"
    assert weapons.lookup("nonexistent gizmo") is None
    for w in weapons.weapons.values():
        assert w.weapon_class in WEAPON_CLASSES
        assert w.attack_type is None or w.attack_type in ATTACK_TYPES


def test_generic_nouns():
    nouns = load_generic_nouns()
    assert set(nouns.nouns.values()) <= GENERIC_CATEGORIES
    assert nouns.category("the jihadists") == "non_state"
    assert nouns.category("the group") == "non_state"
    assert nouns.category("troops") == "state"
    assert nouns.category("the assailants") == "unknown"
    assert nouns.is_unknown_perpetrator("unidentified gunmen")


# ---- word lists of the extraction rules ------------------------------------------------------

def test_vocabulary_loads_every_list_the_rules_read():
    vocab = load_vocabulary()
    for name in ("modals", "armed_nouns", "speech_lemmas", "patient_prepositions", "hold_cue_words"):
        assert vocab.words(name)
    assert "on" in vocab.words("patient_prepositions")  # a YAML boolean unless quoted


@pytest.mark.parametrize("lists, message", [
    ({"a": ["kill", "kill"]}, "twice"),
    ({"a": ["Kill"]}, "lower case"),
    ({"a": []}, "empty"),
    ({"a": ["to", True]}, "quote"),
])
def test_vocabulary_refuses_bad_lists(lists, message):
    with pytest.raises(ValueError, match=message):
        build_vocabulary([("test.yaml", lists)])


def test_vocabulary_refuses_a_name_defined_twice():
    with pytest.raises(ValueError, match="both"):
        build_vocabulary([("one.yaml", {"a": ["x"]}), ("two.yaml", {"a": ["y"]})])


def test_unknown_word_list_names_the_files():
    with pytest.raises(KeyError, match="extraction_vocab.yaml"):
        load_vocabulary().words("no_such_list")


def test_alternation_tries_longest_first_and_spaces_match_any_whitespace():
    import re

    vocab = build_vocabulary([("t.yaml", {"w": ["gunman", "gunmen", "car", "car bomb"]})])
    rx = re.compile(rf"\b(?:{vocab.alternation('w')})")
    assert rx.match("car\nbomb").group(0) == "car\nbomb"
    assert rx.match("car park").group(0) == "car"


def test_incident_cues_validated():
    cues = load_incident_cues()
    assert "attack" in cues.kinds and cues.kinds["attack"]["lemmas"]
    assert [name for name, _ in cues.attack_types][:2] == ["aircraft_downing", "chemical"]  # most specific first



def test_a_key_written_twice_in_a_data_file_is_refused(tmp_path, monkeypatch):
    import strife.nlp.lexicon as lexicon

    (tmp_path / "twice.yaml").write_text("war_nouns: [war]\nother: [x]\nwar_nouns: [conflict]\n", encoding="utf-8")
    monkeypatch.setattr(lexicon, "DATA_DIR", tmp_path)
    with pytest.raises(ValueError, match="war_nouns.*twice"):
        lexicon._read_yaml("twice.yaml")
