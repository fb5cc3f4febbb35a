"""Cross-source resolution: what must merge, what must not, and reconciled figures."""
from strife.records import IncidentMention, Place
import pytest

from strife.resolve import cluster, date_range, resolve, same_perpetrator

HILLA = Place(name="Hilla", geonameid=99071, lat=32.46, lon=44.42, country="IQ", precision=1)
SOUTH_OF_BAGHDAD = Place(name="south of Baghdad", geonameid=98182, lat=33.34, lon=44.40, country="IQ", precision=3)
BAQUBAH = Place(name="Baqubah", geonameid=98854, lat=33.75, lon=44.64, country="IQ", precision=1)
IRAQ = Place(name="Iraq", geonameid=99237, lat=33.0, lon=44.0, country="IQ", precision=6)


def m(doc, kind="attack", date="2016-03-06", place=HILLA, killed=(60, None), attack_type="vehicle_bomb", perp=None,
      index=0):
    return IncidentMention(doc_id=doc, index=index, kind=kind, attack_type=attack_type, date=date,
                           date_precision=1 if date and len(date) == 10 else 3, place=place, perpetrator=perp,
                           killed_min=killed[0], killed_max=killed[1])


def same(a, b) -> bool:
    ids = cluster([a, b])
    return ids[a.id] == ids[b.id]


def test_different_figures_and_spelled_places_merge():
    assert same(m("d1"), m("d2", date=None, place=SOUTH_OF_BAGHDAD, killed=(61, 61)))


def test_country_precision_report_merges_on_figures():
    assert same(m("d1", killed=(61, 61)), m("d2", place=IRAQ, killed=(60, None)))


def test_same_town_different_days_do_not_merge():
    assert not same(m("d1", date="2016-03-06"), m("d2", date="2016-03-20"))


def test_same_day_different_towns_do_not_merge():
    assert not same(m("d1"), m("d2", place=BAQUBAH))


def test_same_place_and_day_different_kinds_do_not_merge():
    assert not same(m("d1"), m("d2", kind="arrest", killed=(None, None), attack_type=None))


def test_mentions_of_one_document_naming_nobody_never_merge():
    assert not same(m("d1", index=0), m("d1", index=1))


def test_order_does_not_change_events():
    mentions = [m("d1"), m("d2", killed=(61, 61)), m("d3", place=BAQUBAH, killed=(5, 5)), m("d4", date="2016-04-02")]
    forward = cluster(mentions)
    backward = cluster(list(reversed(mentions)))
    assert forward == backward


def test_reconciled_figures_keep_low_best_high():
    events = resolve([m("d1", killed=(60, None)), m("d2", killed=(61, 61)), m("d3", killed=(64, 64))])
    [event] = events
    assert event.killed == (60, 61, None)  # an open "at least" keeps the high end open
    assert event.n_sources == 3
    events = resolve([m("d1", killed=(61, 61)), m("d2", killed=(64, 64))])
    assert events[0].killed == (61, 61, 64)


def test_syndicated_copies_count_as_one_source():
    events = resolve([m("d1"), m("d2")], syndicated={"d2": "d1"})
    assert events[0].n_sources == 1


def test_date_range():
    assert str(date_range("2016-02")[1]) == "2016-02-29"
    assert str(date_range("2014-08..2016-01")[0]) == "2014-08-01"
    assert date_range("garbage") is None


# ---- dates across reports ------------------------------------------------------------------

def test_another_reports_own_date_replaces_a_date_borrowed_from_context():
    dated = m("d1", date="2016-03-06")
    borrowed = m("d2", date="2016-03", killed=(61, 61))
    borrowed.date_from_context = True
    resolve([dated, borrowed])
    assert borrowed.date == "2016-03-06" and borrowed.date_from_context


def test_anchor_dates_moves_a_guessed_publication_date_but_never_a_metadata_one():
    from strife.resolve import anchor_dates

    told = m("told", date="2016-03-06")
    guessed = m("guessed", date=None, killed=(61, 61))
    from_feed = m("feed", date=None, killed=(60, None))
    undated = m("undated", date=None, killed=(61, 61))
    resolve([told, guessed, from_feed, undated])
    pub = {"told": ("2016-03-07", "text:text:0.70"), "guessed": ("2016-02-29", "text:text:0.70"),
           "feed": ("2016-02-20", "metadata")}
    anchors = anchor_dates([told, guessed, from_feed, undated], pub)
    assert anchors["guessed"][0] == anchors["undated"][0] == "2016-03-07"  # the day after the incident
    assert anchors["guessed"][1] == told.cluster_id
    assert "feed" not in anchors and "told" not in anchors


def test_anchor_dates_ignores_a_gap_too_large_to_be_a_wrong_guess():
    from strife.resolve import ANCHOR_MAX_SHIFT_DAYS, anchor_dates

    told = m("told", date="2016-03-06")
    guessed = m("guessed", date=None, killed=(61, 61))
    resolve([told, guessed])
    long_before = date_range("2016-03-06")[0].toordinal() - ANCHOR_MAX_SHIFT_DAYS - 5
    from datetime import date
    pub = {"told": ("2016-03-07", "metadata"), "guessed": (date.fromordinal(long_before).isoformat(), "text:text:0.7")}
    assert anchor_dates([told, guessed], pub) == {}


def test_anchor_dates_stays_inside_the_window_the_text_allows():
    from strife.resolve import anchor_dates

    told = m("told", date="2016-03-06")
    recalls = m("recalls", date=None, killed=(61, 61))  # its text names 2017: it is no report of March 2016
    undated = m("undated", date=None, killed=(61, 61))  # its text says nothing of its date
    datelined = m("datelined", date=None, killed=(61, 61))  # "March 5, 2016" on its own line: that day stands
    lead = m("lead", date=None, killed=(61, 61))  # opened with a day: published on it or in the two days after
    resolve([told, recalls, undated, datelined, lead])
    pub = {"told": ("2016-03-07", "html:article:published_time"), "datelined": ("2016-03-05", "text:dateline:0.90"),
           "lead": ("2016-03-05", "text:lead:0.70")}
    windows = {"told": ("2016-03-07", "2016-03-07"), "recalls": ("2017-01-01", None), "undated": (None, None),
               "datelined": ("2016-03-05", "2016-03-05"), "lead": ("2016-03-05", "2016-03-07")}
    anchors = anchor_dates([told, recalls, undated, datelined, lead], pub, windows)
    assert set(anchors) == {"undated", "lead"}
    assert anchors["undated"][0] == anchors["lead"][0] == "2016-03-07"


def test_anchor_dates_take_an_undated_reports_days_for_others_but_not_for_itself():
    """An undated report's incident dates are all written out in full: they date the other reports of
    the incident; for the report itself its latest dated incident is only a lower bound."""
    from strife.resolve import anchor_dates

    written = m("written", date="2016-03-06")
    other = m("other", date=None, killed=(61, 61))
    resolve([written, other])
    anchors = anchor_dates([written, other], {}, {})
    assert anchors["other"][0] == "2016-03-07" and "written" not in anchors


def _one_event(*mentions):
    for x in mentions:
        x.cluster_id = "ev-1"
    return list(mentions)


def test_anchor_dates_take_the_day_most_reports_give_not_one_reports_outlier():
    """One report that dated the bombing by the day of its trial's verdict does not date, months
    later, a report that recounts the bombing: the day most reports give does."""
    from strife.resolve import anchor_dates

    told = [m(f"told{i}", date="2016-03-06") for i in range(3)]
    by_verdict = m("verdict", date="2016-09-20")
    undated = m("undated", date=None, killed=(61, 61))
    pub = {f"told{i}": ("2016-03-07", "metadata") for i in range(3)} | {"verdict": ("2016-09-21", "metadata")}
    assert anchor_dates(_one_event(*told, by_verdict, undated), pub) == {"undated": ("2016-03-07", "ev-1")}


def test_anchor_dates_lend_no_day_to_a_report_naming_another_victim():
    """A report of a deputy shot in the same county, naming its own victim, is not dated by the
    shooting of the deputy the other reports name."""
    from strife.resolve import anchor_dates

    told = [m(f"told{i}", date="2016-03-06") for i in range(2)]
    for x in told:
        x.victim_names = ("Jane Roe",)
    other_deed, same_deed = m("other", date=None), m("same", date=None)
    other_deed.victim_names, same_deed.victim_names = ("John Smith",), ("Deputy Roe",)
    pub = {"told0": ("2016-03-07", "metadata"), "told1": ("2016-03-08", "metadata")}
    assert anchor_dates(_one_event(*told, other_deed, same_deed), pub) == {"same": ("2016-03-07", "ev-1")}


def test_anchor_dates_trust_an_anchored_report_s_day_only_where_no_other_report_dates_the_event():
    """A report dated by anchoring read its "yesterday" against a guess: a report that knows its own
    date outweighs it, whatever the count; what it wrote out in full (told when it had no date at
    all) counts as known; alone, its day is better than none."""
    from strife.resolve import anchor_dates

    relays = [m(f"anchored{i}", date="2016-05-02", place=BAQUBAH) for i in range(2)]
    knows = m("knows", date="2016-04-30", place=BAQUBAH)
    undated = m("undated", date=None, place=BAQUBAH)
    pub = {"anchored0": ("2016-05-03", "anchored"), "anchored1": ("2016-05-03", "anchored"),
           "knows": ("2016-05-01", "metadata")}
    mentions = _one_event(*relays, knows, undated)
    assert anchor_dates(mentions, pub, {}, {}) == {"undated": ("2016-05-01", "ev-1")}
    written = {"anchored0": {"2016-05-02"}, "anchored1": {"2016-05-02"}}
    assert anchor_dates(mentions, pub, {}, written) == {"undated": ("2016-05-03", "ev-1")}
    alone = _one_event(relays[0], undated)
    assert anchor_dates(alone, pub, {}, {}) == {"undated": ("2016-05-03", "ev-1")}


def test_a_mention_naming_another_victim_borrows_no_date_from_its_event():
    """Clustered on place and kind alone with a shooting whose reports name their victim, a report
    naming another victim tells another deed: it keeps no date rather than a wrong one."""
    told = [m(f"told{i}", date="2016-03-06", killed=(1, 1), attack_type="armed_assault") for i in range(2)]
    for x in told:
        x.victim_names = ("Jane Roe",)
    other = m("other", date=None, killed=(None, None), attack_type="armed_assault")
    same = m("same", date=None, killed=(None, None), attack_type="armed_assault")
    other.victim_names, same.victim_names = ("John Smith",), ("Deputy Roe",)
    resolve([*told, other, same])
    assert len({x.cluster_id for x in [*told, other, same]}) == 1
    assert other.date is None and same.date == "2016-03-06"


def test_undated_incident_gets_the_month_before_its_report_after_clustering():
    told = m("told", date="2016-03-06")
    same_incident = m("other", date=None, killed=(61, 61))
    background = m("other", date=None, place=BAQUBAH, killed=(5, 5), index=1)
    events = resolve([told, same_incident, background], pub_dates={"told": "2016-03-07", "other": "2016-04-20"})
    assert same_incident.date == "2016-03-06"  # its event's date, not its report's month
    assert background.date == "2016-03-21..2016-04-20" and background.date_from_context
    assert background.date_precision == 3
    assert len(events) == 2 and same_incident.cluster_id == told.cluster_id


@pytest.mark.parametrize("a, b, expected", [
    ("French forces", "France", True),  # an arrest names the state, another report its forces
    ("Israeli forces", "Hamas", False),
    ("France", "Germany", False),
    ("Marquise Dalton", "Marqiuse Dalton", True),  # a report's misspelt first name
    ("Joaquín Guzmán López", "Joaquin Guzman Lopez", True),
    ("Orozco", "Jose Luis Orozco", True),
    ("Jose Luis Orozco", "Maria Orozco", False),
    ("Jose Luis Orozco", "Hamas", False),
])
def test_same_perpetrator(a, b, expected):
    assert same_perpetrator(a, b) is expected


def test_reports_naming_a_shooter_differently_merge_but_two_groups_do_not():
    assert same(m("d1", perp="Marquise Dalton"), m("d2", perp="Marqiuse Dalton"))
    assert not same(m("d1", perp="Islamic State"), m("d2", perp="al-Shabaab"))


# ---- places at different precisions, and people named across reports ----------------------

EASTPORT = Place(name="Eastport", lat=40.66, lon=-73.92, country="US", admin1="NY", precision=1)
NEW_STATE = Place(name="New State", lat=42.9, lon=-75.5, country="US", admin1="NY", precision=4)
FAR_TOWN_OF_NEW_STATE = Place(name="Lakeside", lat=42.88, lon=-78.88, country="US", admin1="NY", precision=1)
USA = Place(name="United States", lat=39.76, lon=-98.5, country="US", precision=6)
RIVERTON_US = Place(name="Riverton", lat=42.65, lon=-73.75, country="US", precision=1)
RIVERTON_CA = Place(name="Riverton", lat=53.63, lon=-113.55, country="CA", precision=1)


def shooting(doc, date=None, place=EASTPORT, killed=(None, None), accused=None, victims=(), evidence="", index=0,
             attack_type=None):
    from strife.records import Evidence

    mention = IncidentMention(doc_id=doc, index=index, kind="attack", attack_type=attack_type, date=date,
                              date_precision=1 if date and len(date) == 10 else 5 if date else None, place=place,
                              perpetrator=accused, attribution="explicit" if accused else None,
                              killed_min=killed[0], killed_max=killed[1], victim_names=tuple(victims))
    mention.evidence = [Evidence(doc_id=doc, start=0, end=len(evidence), text=evidence)] if evidence else []
    return mention


def test_a_country_holds_its_towns_however_far_from_its_centre():
    assert same(shooting("d1", "2011-10-21", EASTPORT, accused="Tomas Holt"),
                shooting("d2", "2011-10-21", USA, accused="Tomas Holt"))


def test_a_first_level_area_holds_its_towns_however_far_from_its_centre():
    assert same(shooting("d1", "2011-10-21", FAR_TOWN_OF_NEW_STATE, killed=(2, 2)),
                shooting("d2", "2011-10-21", NEW_STATE, killed=(2, 2)))


def test_one_name_the_geocoder_read_as_two_places_is_one_place():
    # reports placed in two countries meet only through a person they name (see _candidate_pairs)
    assert same(shooting("d1", place=RIVERTON_US, accused="Tomas Holt"),
                shooting("d2", place=RIVERTON_CA, accused="Tomas Holt"))
    assert not same(shooting("d1", place=RIVERTON_US, accused="Tomas Holt"), shooting("d2", place=USA, accused="Peter Lund"))


def test_undated_reports_naming_one_accused_merge():
    assert same(shooting("d1", accused="Tomas Holt"), shooting("d2", accused="Tomas Holt", killed=(1, 1)))


def test_a_victim_named_in_both_merges_a_report_that_names_no_place():
    assert same(shooting("d1", "2011-10-21", None, victims=["Ana Ruiz"]),
                shooting("d2", "2011-10-21", EASTPORT, victims=["Ana Ruiz"], killed=(1, 1)))


def test_undated_shootings_of_one_town_without_a_name_or_toll_stay_apart():
    assert not same(shooting("d1"), shooting("d2"))
    assert same(shooting("d1", accused="Tomas Holt"), shooting("d2", victims=["Ana Ruiz", "Tomas Holt"]))


def test_another_accused_in_the_same_town_is_another_shooting():
    assert not same(shooting("d1", accused="Tomas Holt", killed=(1, 1)),
                    shooting("d2", accused="Peter Lund", killed=(1, 1)))


def test_a_trial_report_that_dates_the_crime_by_the_trial_joins_the_crime():
    crime = shooting("d1", "2011-10-21", accused="Tomas Holt", killed=(1, 1))
    trial = shooting("d2", "2013-04-10", accused="Tomas Holt", killed=(1, 1),
                     evidence="Tomas Holt went on trial Wednesday for killing a mother as she walked home.")
    assert same(crime, trial)


def test_one_accused_days_apart_is_two_deeds_even_in_court():
    first = shooting("d1", "2005-06-20", accused="Tomas Holt")
    second = shooting("d2", "2005-06-24", accused="Tomas Holt", killed=(1, 1),
                      evidence="Tomas Holt was charged and will stand trial for the killing.")
    assert not same(first, second)


def test_one_accused_a_year_apart_without_a_court_step_is_two_deeds():
    assert not same(shooting("d1", "2011-10-21", accused="Tomas Holt"),
                    shooting("d2", "2012-11-02", accused="Tomas Holt", evidence="Holt opened fire again on Friday."))


def test_one_report_telling_one_accused_shooting_twice_is_one_incident():
    ids = cluster([shooting("d1", accused="Tomas Holt", index=0), shooting("d1", accused="Tomas Holt", index=1)])
    assert len(set(ids.values())) == 1


def test_country_reports_of_one_day_merge_on_the_doer_both_name():
    a = m("d1", place=IRAQ, killed=(None, None), perp="Islamic State")
    b = m("d2", place=IRAQ, killed=(18, 18), perp="Islamic State")
    a.attribution = b.attribution = "explicit"
    assert same(a, b)
    b.attribution = "inferred"  # a doer the report did not name proves nothing
    assert not same(a, b)


def test_one_accused_on_one_day_in_two_countries_is_a_misread_place():
    assert same(shooting("d1", "2010-09-09", USA, accused="Tomas Holt"),
                shooting("d2", "2010-09-09", Place(name="Farland", lat=31.0, lon=36.0, country="JO", precision=6),
                         accused="Tomas Holt"))
    assert not same(shooting("d1", None, USA, accused="Tomas Holt"),
                    shooting("d2", None, Place(name="Farland", lat=31.0, lon=36.0, country="JO", precision=6),
                             accused="Tomas Holt"))


def test_an_undatable_mention_is_not_dated_from_its_report_s_publication():
    from strife.resolve import date_from_publication

    guessed, undatable = m("d1", date=None), m("d2", date=None)
    undatable.undatable = True
    date_from_publication([guessed, undatable], {"d1": "2016-03-10", "d2": "2016-03-10"})
    assert guessed.date == "2016-02-09..2016-03-10" and guessed.date_from_context
    assert undatable.date is None


def test_a_report_joins_the_incident_it_is_tied_to_most_whatever_the_id_order():
    # the first report (in id order) names another doer: the bare report tied to it and to the three
    # naming one doer belongs with the three, not with the report it happened to meet first
    odd = m("a-odd", killed=(2, 2), perp="Tomas Verrick")
    bare = m("b-bare", killed=(2, 2))
    main = [m(f"c{k}", killed=(2, 2), perp="Orla Braddock") for k in range(3)]
    ids = cluster([odd, bare, *main])
    assert ids[bare.id] == ids[main[0].id] == ids[main[1].id] == ids[main[2].id] != ids[odd.id]


def told(mention):
    mention.date_from_context = True
    return mention


def test_a_report_dated_only_by_its_own_day_days_after_the_crime_joins_it():
    crime = shooting("d1", "2009-05-12", accused="Tomas Holt", killed=(1, 1))
    assert same(crime, told(shooting("d2", "2009-05-17", accused="Tomas Holt", killed=(1, 1))))


def test_a_borrowed_day_before_the_crime_or_weeks_after_it_still_contradicts():
    crime = shooting("d1", "2009-05-12", accused="Tomas Holt", killed=(1, 1))
    assert not same(crime, told(shooting("d2", "2009-05-10", accused="Tomas Holt", killed=(1, 1))))
    assert not same(crime, told(shooting("d2", "2009-06-20", accused="Tomas Holt", killed=(1, 1))))


def test_two_reports_own_days_apart_stay_two_deeds_of_one_accused():
    assert not same(shooting("d1", "2009-05-12", accused="Tomas Holt"),
                    shooting("d2", "2009-05-17", accused="Tomas Holt", killed=(1, 1)))


def test_a_group_a_mention_left_falls_apart_into_the_parts_still_tied():
    from strife.resolve import _tied_parts

    neighbours = {0: {2}, 2: {0, 5}, 5: {2}, 7: {9}, 9: {7}}
    assert _tied_parts([0, 2, 5, 7, 9, 11], neighbours) == [[0, 2, 5], [7, 9], [11]]
