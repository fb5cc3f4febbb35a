"""Truecasing lower-case wire copy: capitals back where certain, every offset kept."""
import pytest

from strife.nlp.pipeline import load_nlp
from strife.nlp.truecase import is_lowercase_text, truecase

WIRE = ("liberal senator federico estrada velez was kidnapped on 3 april in western medellin. "
        "the death of salvadoran leftist leader hector oqueli colindres was confirmed. oqueli, leader of the "
        "movement, and hilda flores were abducted in guatemala city. mark white will go to the market. "
        "the guerrillas said that may change. the murder of jorge adolfo vargas gonzalez was condemned. ") * 3


def test_lower_case_wire_is_recognised_and_ordinary_text_is_not():
    assert is_lowercase_text(WIRE)
    assert not is_lowercase_text("Gunmen killed three people in Kabul on Sunday, police said. " * 10)


@pytest.mark.parametrize("name", ["Federico Estrada Velez", "Hector Oqueli Colindres", "Hilda Flores",
                                  "Guatemala City", "Jorge Adolfo Vargas Gonzalez"])
def test_names_get_their_capitals(name):
    assert name in truecase(WIRE)


def test_a_surname_seen_in_a_full_name_is_capitalised_alone():
    assert "Oqueli, leader" in truecase(WIRE)


@pytest.mark.parametrize("words", ["mark white will go", "the market", "that may change"])
def test_english_words_stay_lower_case(words):
    out = truecase(WIRE)
    assert words in out.lower() and words in out.replace("Mark", "mark")  # sentence starts aside


def test_offsets_are_kept():
    out = truecase(WIRE)
    assert len(out) == len(WIRE) and out.lower() == WIRE


def test_the_model_finds_the_person_after_truecasing():
    doc = load_nlp()(truecase("the death of salvadoran leftist leader hector oqueli colindres was confirmed. "))
    assert "Hector Oqueli Colindres" in [e.text for e in doc.ents if e.label_ == "PERSON"]


STATS = ("the rebels of the fmln fired on the national guard barracks in san miguel on 12 march, and the "
         "army said that the attack was repelled. a spokesman in mexico said the urng had strafed "
         "a bus near the zacapulas bridge on thursday. the national university stayed closed. ") * 2


@pytest.mark.parametrize("written", ["FMLN", "URNG", "San Miguel", "March", "Mexico", "Thursday",
                                     "The National University"])
def test_the_statistical_truecaser_and_the_lexicons_restore_capitals(written):
    assert written in truecase(STATS)


@pytest.mark.parametrize("words", ["had strafed", "the army said", "the attack was repelled", "a bus near"])
def test_an_unknown_or_lone_common_word_is_not_capitalised(words):
    assert words in truecase(STATS)


def test_a_foreign_word_the_model_never_saw_gets_a_capital():
    assert "Zacapulas bridge" in truecase(STATS)


def test_every_offset_is_kept_through_the_statistical_pass():
    text = "the 9-mm pistol of the fmln-fdr commander, o'neill's aide, was found in bogota. stra\u00dfe. " * 5
    out = truecase(text)
    assert len(out) == len(text) and out.lower() == text.lower()
    assert "9-mm" in out and "FMLN-" in out and "Bogota" in out
