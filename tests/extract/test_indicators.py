"""Indicator extraction: metric, value range, subject, region, period and source of aggregate claims."""
from __future__ import annotations

from datetime import date

import pytest

from strife.extract.context import build_context
from strife.extract.indicators import METRICS, extract_indicators


@pytest.fixture(scope="module")
def nlp():
    from strife.nlp.pipeline import load_nlp

    return load_nlp()


def indicators(nlp, text: str, pub: str = "2023-06-15"):
    from strife.nlp.geoparse import geoparse
    from strife.nlp.timex import find_timexes

    doc = nlp(text)
    ctx = build_context(doc, "t", find_timexes(text, date.fromisoformat(pub)), geoparse(text, doc=doc), pub)
    return extract_indicators(ctx)


def one(found, metric):
    hits = [i for i in found if i.metric == metric]
    assert len(hits) == 1, [(i.metric, i.low, i.high) for i in found]
    return hits[0]


def test_share_held_with_source_and_fraction(nlp):
    ind = one(indicators(nlp, "Al-Shabaab controls about a quarter of Somalia, according to the International Crisis Group."),
              "territory_share")
    assert (ind.low, ind.high, ind.unit) == (0.25, 0.25, "share")
    assert ind.subject == "al-Shabaab"
    assert ind.region == "SO"
    assert ind.source == "International Crisis Group"
    assert ind.period == "2023-06"  # no time said: the month of the publication day
    assert ind.evidence and "a quarter" in ind.evidence[0].text


def test_recapture_makes_the_other_side_the_loser(nlp):
    found = indicators(nlp, "In March alone, Iraqi forces retook 1,200 square kilometres from the Islamic State in Anbar, "
                            "a military spokesman said.", pub="2016-04-10")
    ind = one(found, "territory_lost_km2")
    assert (ind.low, ind.high) == (1200, 1200)
    assert ind.subject == "Islamic State"
    assert ind.region == "IQ"
    assert ind.period == "2016-03"


def test_square_miles_range_converted_and_between_period(nlp):
    text = ("Between the start of the offensive in May 2017 and October 2017, Boko Haram lost between 1,000 and "
            "2,000 square miles in Nigeria, the army said.")
    ind = one(indicators(nlp, text, pub="2018-01-20"), "territory_lost_km2")
    assert ind.low == pytest.approx(2590, abs=1) and ind.high == pytest.approx(5180, abs=1)
    assert ind.subject == "Boko Haram"
    assert ind.region == "NG"
    assert ind.period == "2017-05..2017-10"


def test_pronoun_subject_takes_the_speaker_and_period_range(nlp):
    found = indicators(nlp, "The Taliban said they carried out 300 attacks in Afghanistan in the first three months "
                            "of 2021.", pub="2021-05-02")
    ind = one(found, "attacks_count")
    assert (ind.low, ind.high) == (300, 300)
    assert ind.subject == "Taliban"
    assert ind.source == "Taliban"
    assert ind.region == "AF"
    assert ind.period == "2021-01..2021-03"


def test_fighters_lower_bound_and_earlier_estimate(nlp):
    text = ("Western officials estimate that al-Shabaab fields more than 7,000 fighters in Somalia, down from "
            "an estimated 9,000 in 2019.")
    found = [i for i in indicators(nlp, text) if i.metric == "fighters"]
    now = next(i for i in found if i.low == 7000)
    assert now.high is None
    assert now.subject == "al-Shabaab" and now.region == "SO"
    before = next(i for i in found if i.low == 9000)
    assert before.subject == "al-Shabaab"
    assert before.period == "2019"


def test_coordinated_shares_keep_their_own_country(nlp):
    text = "Last year, the jihadists of JNIM lost about 30 percent of their territory in Mali and 10 percent in Niger."
    found = [i for i in indicators(nlp, text) if i.metric == "territory_lost_share"]
    by_value = {i.low: i for i in found}
    assert set(by_value) == {0.3, 0.1}
    assert by_value[0.3].region == "ML" and by_value[0.1].region == "NE"
    assert all(i.period == "2022" for i in found)
    assert all(i.subject == "Jama'at Nusrat al-Islam wal-Muslimin" for i in found)


def test_both_countries_and_the_group(nlp):
    text = ("Boko Haram has been active in Nigeria and Cameroon for years.\n\n"
            "Officials said the group carried out 210 attacks in both countries in 2022.")
    ind = one(indicators(nlp, text), "attacks_count")
    assert ind.subject == "Boko Haram"
    assert ind.region == "CM,NG"
    assert ind.period == "2022"


def test_as_of_last_month_is_the_month_before_publication(nlp):
    ind = one(indicators(nlp, "As of last month, the Taliban held 70 percent of Afghanistan, the BBC reported.",
                         pub="2021-08-05"), "territory_share")
    assert ind.period == "2021-07"
    assert (ind.low, ind.high) == (0.7, 0.7)


def test_repeated_figure_is_one_claim_with_merged_fields(nlp):
    text = ("The Taliban carried out 120 attacks in the first half of 2020.\n\n"
            "The group carried out 120 attacks in Afghanistan in the first half of 2020, the UN mission said.")
    found = [i for i in indicators(nlp, text, pub="2020-07-20") if i.metric == "attacks_count"]
    assert len(found) == 1
    assert found[0].region == "AF" and found[0].source == "UN"  # an international organisation by its acronym
    assert len(found[0].evidence) == 2


def test_not_indicators(nlp):
    # an incident's toll, a currency's fall, a date's number
    assert indicators(nlp, "A car bomb killed 12 people in Mogadishu on Tuesday.") == []
    assert indicators(nlp, "The naira lost 40 percent of its value in 2023.") == []
    assert [i.metric for i in indicators(nlp, "Drone attacks on the base resumed in 2022, officials said.")] == []


def test_metrics_are_documented():
    import strife.extract.indicators as module

    for metric in METRICS:
        assert metric in module.__doc__
