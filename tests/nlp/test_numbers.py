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
    ("at least 60", (60, None)), ("over 70", (71, None)), ("more than a hundred", (100, None)), ("more than 50", (50, None)),
    ("up to 18", (None, 18)), ("19,000 to 25,000", (19000, 25000)), ("approximately 2,500", (2500, 2500)),
    ("dozens", (24, None)), ("fewer than 10", (None, 9)), ("all 224", (224, 224)), ("21,000-24,000", (21000, 24000)),
])
def test_parse_count(text, rng):
    assert parse_count(text) == rng


@pytest.mark.parametrize("sentence,killed,wounded", [
    ("claimed responsibility for a truck bombing on the town, killing at least 60 and wounding another 70.", (60, None), (70, None)),
    ("a suicide truck bombing south of the capital killed 61 and wounded 95.", (61, 61), (95, 95)),
    ("a triple suicide bombing killed at least 83 people and wounded more than a hundred.", (83, None), (100, None)),
    ("an attack last week killed one person and wounded more than 600.", (1, 1), (600, None)),
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


@pytest.mark.parametrize("sentence,killed,wounded", [
    # an aside inside the count's noun phrase is a part, not another side
    ("At least 12 people, including five soldiers, were killed and at least 30 others were wounded.",
     (12, None), (30, None)),
    ("At least six people, including two police officers, were injured in the blast.", None, (6, None)),
    # dates, ages, clock times and family sizes are not counts
    ("the group's March 22 attack on a concert hall that killed 145 people", (145, 145), None),
    ("And 11 pupils aged between 7 and 9 were murdered in the school attack.", (11, 11), None),
    ("a stray bullet killed 9-year-old Amina as she walked home", None, None),
    ("a father of 5 killed in the crossfire", None, None),
    ("The blast at 9 p.m. killed three people.", (3, 3), None),
    # verbs and phrases of death as reports write them
    ("Three die in bus attack", (3, 3), None),
    ("two guards were stabbed to death and a third was wounded", (2, 2), (1, 1)),
    ("A deputy was fatally shot during the raid.", (1, 1), None),
    ("A soldier was injured in the blast.", None, (1, 1)),
    ("Four people lost their lives in the fire.", (4, 4), None),
    ("the murder of the 14 passengers listed in the indictment", (14, 14), None),
    ("the kidnapping and killing of a trader in 2019", (1, 1), None),
    ("causing the injury of a nurse", None, (1, 1)),
    ("two Canadians were among the dead", (2, None), None),
    # victims listed by side after the verb, or one named and the others
    ("the raid left 9 students and two teachers dead", (11, 11), None),
    ("gunmen killed 4 soldiers, 3 policemen and 2 civilians at the checkpoint", (9, 9), None),
    ("a bomb killed a senior judge and at least five others", (6, None), None),
    ("Colonel Ahmed and four others were killed in the ambush.", (5, 5), None),
    ("the soldiers and four others were killed", (4, 4), None),
    ("seven civilians and two soldiers were killed, while 12 civilians and three soldiers were wounded",
     (9, 9), (15, 15)),
    # "four of the seven who were injured": the seven are the injured
    ("three were killed and four of the seven who were injured remain in hospital", (3, 3), (7, 7)),
    # a running toll is a lower bound
    ("officials said 41 people had been killed and 120 injured so far", (41, None), (120, None)),
    # ... and so is one the sentence says will rise
    ("Nine people were killed and 30 wounded; the toll is expected to rise, the governor said.", (9, None), (30, None)),
    ("Six villagers died and the death toll could rise, medics said.", (6, None), None),
    # wounded as reports write them
    ("Five pupils suffered stab wounds in the attack.", None, (5, 5)),
    ("Two guides were taken to hospital with suspected fractures.", None, (2, 2)),
    ("Three nurses remain in hospital after being injured in the blast.", None, (3, 3)),
    # those one witness carried to hospital are some of the wounded: the least the toll is
    ("A paramedic said he evacuated 14 people injured in the blast to two clinics.", None, (14, None)),
    ("The bomb killed three guards and injured 14 people.", (3, 3), (14, 14)),
    # the others of a new clause are not more victims of the killing verb
    ("The blast killed 12 people and three others were wounded.", (12, 12), (3, 3)),
    ("The blast killed 12 people and four others suffered burns injuries.", (12, 12), (4, 4)),
    # one wounded told without a figure
    ("The gunman shot dead two clerks, leaving a guard wounded.", (2, 2), (1, 1)),
    ("The rampage left two women dead and a third employee wounded.", (2, 2), (1, 1)),
    ("Another man was also injured.", None, (1, 1)),
    # one named and the kin or companions killed with them; a count and one more
    ("Gunmen shot dead a farmer and his three sons near Kaduna.", (4, 4), None),
    ("Nine rangers and their driver were killed.", (10, 10), None),
    ("Three soldiers and a civilian were killed.", (4, 4), None),
    ("The militants beheaded four captured guards.", (4, 4), None),
])
def test_find_casualties_as_written(sentence, killed, wounded):
    found = find_casualties(sentence)
    assert (found.killed, found.wounded) == (killed, wounded)


@pytest.mark.parametrize("sentence", [
    "Since then, air strikes have killed more than 3,000 people and wounded 8,000 since October 7.",
    "The insurgency has killed at least 9,400 people, the United Nations says.",
    "Israel's campaign in the territory has killed more than 1,900 people.",
    "Officials said 75 people had been killed since Monday morning.",
    "More than 400 civilians were killed in January alone.",
    "More than 2,000 people were killed over the past three months.",
    "more than 120,000 have been killed in the fighting",  # no single incident kills ten thousand
])
def test_totals_are_no_incident_toll(sentence):
    found = find_casualties(sentence)
    assert (found.killed, found.wounded, found.total) == (None, None, True)


def test_a_comparison_with_a_period_is_not_a_total():
    found = find_casualties("The bombing killed 40 people, the deadliest attack in the city since 2017.")
    assert (found.killed, found.total) == ((40, 40), False)


def test_a_background_toll_before_a_total_keeps_its_figure():
    found = find_casualties("An airstrike killed 10 people on Sunday, bringing the toll since October to 39,000.")
    assert found.killed == (10, 10)


@pytest.mark.parametrize("sentence,killed,wounded", [
    # no one hurt, told of those attacked
    ("drones dropped explosives on the soldiers, who remained unharmed", (0, 0), (0, 0)),
    ("she let one customer leave unharmed", None, None),
    # the wounded who later died are dead
    ("wounding a guard who later succumbed to his wounds", (1, 1), None),
    ("Fatalities coded as 4 in the absence of a reported figure.", (4, 4), None),
    # a charge, an attempt, a threat are no toll
    ("He faces two counts of murder of a shopkeeper and one count of robbery.", None, None),
    ("She is accused of trying to murder at least four neighbours.", None, None),
    ("The rebels vowed to kill 30 soldiers.", None, None),
    ("found guilty of murder, robbery and possession of a firearm", None, None),
    # the deed that the charge names keeps its toll
    ("they pleaded guilty to every charge, among them the murder of the 12 passengers", (12, 12), None),
    ("the abduction, killing and burning of a farmer in 2021", (1, 1), None),
])
def test_find_casualties_beside_charges_and_attempts(sentence, killed, wounded):
    found = find_casualties(sentence)
    assert (found.killed, found.wounded) == (killed, wounded)


def test_a_double_or_triple_murder_counts_its_dead():
    assert find_casualties("Detectives reopened the double murder at the lake in 1984.").killed == (2, 2)
    assert find_casualties("Police called it a triple homicide.").killed == (3, 3)
    assert find_casualties("He was charged with murder and a double assault.").killed is None
@pytest.mark.parametrize("sentence,rising", [
    ("The final toll is likely to be higher as this counts only casualties brought to hospital.",
     {"killed", "wounded"}),
    ("The death toll is expected to rise.", {"killed"}),
    ("Doctors expect the number of deaths to rise.", {"killed"}),
    ("The number of displaced people is expected to rise.", set()),
    ("Prices are likely to rise.", set()),
])
def test_a_toll_still_rising(sentence, rising):
    assert find_casualties(sentence).rising == rising


@pytest.mark.parametrize("sentence,added", [
    ("Two guards were also injured, police said.", {"wounded"}),
    ("Another 14 people were wounded.", {"wounded"}),
    ("Two soldiers were also killed.", {"killed"}),
    # the wounded told apart from the dead of the same sentence, not more than told before
    ("The bomb killed 20 and wounded another 30.", set()),
    ("Eight people were wounded.", set()),
])
def test_figures_told_as_more_than_before(sentence, added):
    assert find_casualties(sentence).added == added


def test_a_dropped_at_before_least_still_gives_a_minimum():
    cas = find_casualties("A night raid on the Varnholt inn killed least 12 people, including a magistrate.")
    assert cas.killed == (12, None)


@pytest.mark.parametrize("sentence,killed", [
    ("The blast in Orlen left 14 shoppers injured.", None),
    ("The fire at the Orlen depot left 40 families homeless.", None),
    ("The ambush left nine guards and two drivers dead.", (11, 11)),
    ("Shelling hit Orlen overnight, leaving at least six people dead.", (6, None)),
])
def test_left_counts_the_dead_only_when_it_left_them_dead(sentence, killed):
    assert find_casualties(sentence).killed == killed


@pytest.mark.parametrize("sentence,killed", [
    ("Police in Orlen said a striking miner died after he was taken to hospital.", (1, 1)),
    ("Another guard later died of his injuries, the ministry said.", (1, 1)),
    ("The march began a day after the old mayor died.", None),
])
def test_one_person_who_died(sentence, killed):
    assert find_casualties(sentence).killed == killed


@pytest.mark.parametrize("sentence,wounded", [
    ("A gunman fired at the mayor of Orlen, striking the mayor in the shoulder and killing one aide "
     "and critically injuring two others.", (3, 3)),
    ("A sniper hit a guard in the leg.", (1, 1)),
    ("The shell hit the school in the back yard, injuring two others.", (2, 2)),
])
def test_one_struck_in_the_body_is_wounded(sentence, wounded):
    assert find_casualties(sentence).wounded == wounded


@pytest.mark.parametrize("sentence, killed", [
    # the dead among a count of captives are the captives' tally, not a deed's toll
    ("That leaves 60 hostages in the tunnels, including 20 thought to be dead.", None),
    ("Militants seized 40 hostages and killed 10 of them on Sunday.", (10, 10)),
])
def test_the_dead_among_captives_counted_are_no_toll(sentence, killed):
    assert find_casualties(sentence).killed == killed
