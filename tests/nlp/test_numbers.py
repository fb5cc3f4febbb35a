import pytest

from strife.nlp.numbers import find_casualties, parse_count, parse_number


@pytest.mark.parametrize("text,value", [
    ("61", 61), ("2,400", 2400), ("sixty-one", 61), ("a hundred", 100), ("one hundred and twenty", 120),
    ("1.5 million", 1_500_000), ("dozens", 24), ("scores", 40), ("twelve", 12), ("a dozen", 12),
    ("three thousand", 3000), ("hundreds", 200),
])
def test_parse_number(text, value):
    assert parse_number(text) == value


def test_parse_number_rejects_words():
    assert parse_number("several people") is None
    assert parse_number("") is None


@pytest.mark.parametrize("text,rng", [
    ("at least 60", (60, None)), ("over 70", (71, None)), ("more than a hundred", (101, None)),
    ("up to 18", (None, 18)), ("19,000 to 25,000", (19000, 25000)), ("approximately 2,500", (2500, 2500)),
    ("dozens", (24, None)), ("fewer than 10", (None, 9)), ("all 224", (224, 224)), ("21,000-24,000", (21000, 24000)),
])
def test_parse_count(text, rng):
    assert parse_count(text) == rng


@pytest.mark.parametrize("sentence,killed,wounded", [
    ("claimed responsibility for a truck bombing on the town, killing at least 60 and wounding another 70.", (60, None), (70, None)),
    ("a suicide truck bombing south of the capital killed 61 and wounded 95.", (61, 61), (95, 95)),
    ("a triple suicide bombing killed at least 83 people and wounded more than a hundred.", (83, None), (101, None)),
    ("an attack last week killed one person and wounded more than 600.", (1, 1), (601, None)),
    ("attacks in the capital that left 129 people dead.", (129, 129), None),
    ("the downing of a jetliner, which killed all 224 on board.", (224, 224), None),
    ("Six people were killed and 20 more injured.", (6, 6), (20, 20)),
    ("The explosion caused no damage or casualties.", (0, 0), (0, 0)),
    ("the blast killed dozens of worshippers", (24, None), None),
    ("gunmen killed three soldiers", (3, 3), None),
    ("the militants captured 2,400 square kilometers", None, None),
    ("fighters of the 1920 Revolutionary Brigades were killed", None, None),
])
def test_find_casualties(sentence, killed, wounded):
    found = find_casualties(sentence)
    assert found.killed == killed
    assert found.wounded == wounded


def test_casualties_by_side_are_summed():
    found = find_casualties("In days of fighting, 47 SDF fighters and 140 militants were killed, monitors said.")
    assert found.killed == (187, 187)
    assert [n for _, n in found.sides] == [47, 140]


def test_long_adversarial_input_is_bounded():
    import time

    text = "killed " + "1," * 20000 + " and " + "at least " * 5000
    t = time.perf_counter()
    find_casualties(text)
    assert time.perf_counter() - t < 5
