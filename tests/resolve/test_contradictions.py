"""Clustering splits an incident only on contradictions: a report that says too little to be tied
to every other report of an incident joins it through the ones it is tied to (invented mentions)."""
from dataclasses import replace

from strife.records import Evidence, IncidentMention, Place
from strife.resolve import agreed_date, cluster, shared_words, verdict

VELMORA = Place(name="Velmora", geonameid=9100001, lat=44.10, lon=21.30, country="XR", admin1="01", precision=1)
DRASK = Place(name="Drask", geonameid=9100002, lat=44.90, lon=22.40, country="XR", admin1="02", precision=1)
XR = Place(name="Xaria", geonameid=9100000, lat=44.5, lon=21.8, country="XR", precision=6)
# a town of Xaria's neighbour a few kilometres across the border from Velmora, and the neighbour itself
OSTREN = Place(name="Ostren", geonameid=9100003, lat=44.15, lon=21.25, country="YQ", admin1="05", precision=1)
YQ = Place(name="Yquenia", geonameid=9100004, lat=44.35, lon=21.05, country="YQ", precision=6)


def m(doc, *, kind="attack", date="2031-05-14", place=VELMORA, killed=(None, None), attack_type="armed_assault",
      perp=None, attribution=None, index=0, text="", accused=()):
    return IncidentMention(doc_id=doc, index=index, kind=kind, attack_type=attack_type, date=date,
                           date_precision=(1 if len(date) == 10 else 3) if date else None, place=place,
                           perpetrator=perp, attribution=attribution or ("explicit" if perp else None),
                           killed_min=killed[0], killed_max=killed[1], individual_perpetrators=accused,
                           evidence=[Evidence(doc, 0, len(text), text)] if text else [])


def groups(mentions):
    ids = cluster(mentions)
    return sorted(sorted(m.doc_id for m in mentions if ids[m.id] == cid) for cid in set(ids.values()))


def test_a_mention_tied_to_some_and_contradicting_none_joins():
    # the country-wide report has no toll: it is tied to the report naming the doer, not to the one with the toll
    town_toll = m("a", killed=(4, 4))
    town_doer = m("b", perp="Tarn Movement", killed=(4, 4))
    country_doer = m("c", place=XR, perp="Tarn Movement")
    assert verdict(town_toll, country_doer) == 0
    assert groups([town_toll, town_doer, country_doer]) == [["a", "b", "c"]]


def test_a_contradiction_still_splits():
    # tied to the first through the place, but its toll contradicts the second's
    first = m("a", killed=(4, 4))
    second = m("b", place=XR, killed=(4, 4))
    other = m("c", killed=(30, 30))
    assert verdict(other, first) == -1
    assert groups([first, second, other]) in ([["a", "b"], ["c"]],)


def test_groups_do_not_depend_on_order():
    mentions = [m("a", killed=(4, 4)), m("b", perp="Tarn Movement"), m("c", place=XR, perp="Tarn Movement"),
                m("d", killed=(30, 30)), m("e", date="2031-05-15", killed=(4, 4))]
    assert cluster(mentions) == cluster(list(reversed(mentions)))


def test_a_day_after_in_the_same_town_merges():
    assert groups([m("a", killed=(4, 4)), m("b", date="2031-05-15", killed=(4, 4))]) == [["a", "b"]]


def test_one_deed_told_on_either_side_of_a_border():
    home = m("a", place=OSTREN, perp="Tarn Movement")
    across = m("b", place=VELMORA, perp="Tarn Movement")
    assert verdict(across, home) == 1
    # the neighbour named alone, its centre within reach of the attacked town
    country = m("c", place=YQ, perp="Tarn Movement", killed=(12, 12))
    assert groups([across, home, country]) == [["a", "b", "c"]]


def test_no_border_crossing_without_the_doer_or_the_day():
    assert verdict(m("a", place=VELMORA, perp="Tarn Movement"), m("b", place=OSTREN)) == 0
    assert verdict(m("a", place=VELMORA, perp="Tarn Movement"),
                   m("b", place=OSTREN, perp="Tarn Movement", date="2031-05-20")) == -1
    assert verdict(m("a", place=DRASK, perp="Tarn Movement"), m("b", place=OSTREN, perp="Tarn Movement")) == -1


def test_country_reports_of_one_day_tie_on_distinctive_words():
    one = m("a", place=XR, attack_type=None, text="Saboteurs cut the signal cables of the northern canal locks.")
    two = m("b", place=XR, attack_type=None, perp="Tarn Movement",
            text="Canal traffic stopped after the lock cables were cut, signal engineers said.")
    assert {"cable", "signal", "lock", "canal"} <= shared_words(one, two)
    assert verdict(one, two) == 1
    unrelated = m("c", place=XR, attack_type=None, text="Police said gunmen killed two people on Friday.")
    assert verdict(one, unrelated) == 0


def test_undated_mentions_borrow_only_an_agreed_date():
    crime = m("a", perp="Odo Varnell", accused=("Odo Varnell",))
    trial = m("b", date="2032-11-03", perp="Odo Varnell", accused=("Odo Varnell",))
    undated = m("c", date=None, perp="Odo Varnell", accused=("Odo Varnell",))
    assert agreed_date([crime, trial, undated]) is None
    again = m("d", date="2031-05-14", perp="Odo Varnell", accused=("Odo Varnell",))
    assert agreed_date([crime, trial, undated, again]).date == "2031-05-14"


def test_a_mention_tied_to_few_of_the_dated_reports_borrows_no_date():
    from strife.resolve import resolve

    dated = [m("a", date="2031-05", killed=(2, 2)), m("b", date="2031-05", killed=(2, 2)),
             m("e", date="2031-05", place=XR, killed=(2, 2))]
    dated[0].victim_names = ("Lena Ostrova",)
    tied = m("d", date=None, killed=(2, 2))  # the town and the toll: tied to both town reports
    named = m("c", date=None, place=XR, attack_type=None)  # the victim alone: tied to one report
    named.victim_names = ("Lena Ostrova",)
    mentions = [*dated, tied, named]
    resolve(mentions)
    assert len({x.cluster_id for x in mentions}) == 1
    assert tied.date == "2031-05" and tied.date_from_context
    assert named.date is None


def test_two_periods_meeting_at_midnight_do_not_agree():
    assert verdict(m("a", date="2030-12"), m("b", date="2031")) == -1
    assert verdict(m("a", date="2030-12-31"), m("b", date="2031-01-01")) == 1


def test_a_town_read_as_its_far_namesake_does_not_contradict_a_report_near_the_other(monkeypatch):
    import strife.resolve as R
    # "Drask" also names a quarter a few kilometres from Velmora; one report's geocoder took the far town
    monkeypatch.setattr(R, "_senses", lambda name: ((44.90, 22.40), (44.12, 21.31)) if name == "Drask" else ())
    assert verdict(m("a"), m("b", place=DRASK)) == 0
    monkeypatch.setattr(R, "_senses", lambda name: ((44.90, 22.40),) if name == "Drask" else ())
    assert verdict(m("a"), m("b", place=DRASK)) == -1


# names the gazetteer does not hold: a city's districts
ZELLAH = Place(name="Zellah", country="XR")
ZELAH = Place(name="al-Zelah", country="XR")
MORVAN = Place(name="Morvan", country="XR")


def test_a_district_spelt_two_ways_is_one_place_and_its_toll_a_count_that_rose():
    early = m("a", place=ZELLAH, killed=(12, 12), attack_type="vehicle_bomb")
    late = m("b", place=ZELAH, killed=(70, 70), attack_type="vehicle_bomb")
    assert verdict(early, late) == 1


def test_two_districts_the_gazetteer_lacks_are_two_places():
    one = m("a", place=ZELLAH, killed=(12, 12), attack_type="bombing")
    other = m("b", place=MORVAN, killed=(3, None), attack_type="bombing")
    assert verdict(one, other) == -1


def test_a_district_s_tolls_on_two_days_still_contradict():
    assert verdict(m("a", place=ZELLAH, killed=(12, 12)), m("b", date="2031-05-16", place=ZELAH, killed=(70, 70))) == -1


def test_a_town_s_tolls_still_tell_its_incidents_apart():
    assert verdict(m("a", killed=(12, 12), attack_type="vehicle_bomb"),
                   m("b", killed=(70, 70), attack_type="vehicle_bomb")) == -1


def test_a_battle_for_a_town_a_report_leaves_undated_is_the_one_others_date():
    dated = m("a", kind="battle", attack_type=None)
    undated = m("b", kind="battle", date=None, attack_type=None)
    assert verdict(dated, undated) == 1
    # an attack is over in an hour: an undated one at the town may be any of its attacks
    assert verdict(m("a", attack_type=None), m("b", date=None, attack_type=None)) == 0
    # a report naming only the province proves no town
    assert verdict(dated, m("b", kind="battle", date=None, attack_type=None,
                            place=replace(VELMORA, precision=4, name="Velmora Province"))) == 0
