"""Cross-source resolution: what must merge, what must not, and reconciled figures."""
from strife.records import IncidentMention, Place
from strife.resolve import cluster, date_range, resolve

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


def test_mentions_of_one_document_never_merge():
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


def test_undated_incident_gets_the_month_before_its_report_after_clustering():
    told = m("told", date="2016-03-06")
    same_incident = m("other", date=None, killed=(61, 61))
    background = m("other", date=None, place=BAQUBAH, killed=(5, 5), index=1)
    events = resolve([told, same_incident, background], pub_dates={"told": "2016-03-07", "other": "2016-04-20"})
    assert same_incident.date == "2016-03-06"  # its event's date, not its report's month
    assert background.date == "2016-03-21..2016-04-20" and background.date_from_context
    assert background.date_precision == 3
    assert len(events) == 2 and same_incident.cluster_id == told.cluster_id
