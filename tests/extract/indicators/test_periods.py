"""Periods: a relative day is kept as a day only when the publication day is known; a claim that
says no time holds in the publication month, or year when the text only narrows the publication
to a window; "since ..." runs to the publication."""
from __future__ import annotations

from strife.extract.indicators import extract_indicators
from strife.extract.indicators.periods import default_period


def periods(ctx) -> list[tuple[str, str | None]]:
    return [(i.metric, i.period) for i in extract_indicators(ctx)]


def test_a_weekday_is_that_day_when_the_publication_day_is_known(context):
    ctx = context("At least 40 people were killed across Kenya on Monday.", pub="2019-05-16")
    assert periods(ctx) == [("deaths_count", "2019-05-13")]


def test_a_weekday_is_its_month_when_the_publication_is_a_window(context):
    ctx = context("At least 40 people were killed across Kenya on Monday.", pub="2019-05-16", pub_date_exact=False)
    assert periods(ctx) == [("deaths_count", "2019-05")]


def test_an_absolute_day_stays_a_day_whatever_the_publication(context):
    ctx = context("At least 40 people were killed across Kenya on May 13, 2019.", pub="2019-05-16",
                  pub_date_exact=False)
    assert periods(ctx) == [("deaths_count", "2019-05-13")]


def test_no_time_said_is_the_publication_month_or_year(context):
    text = "The rebels are holding 19 hostages in the forest."
    assert periods(context(text, pub="2019-05-16")) == [("hostages_held", "2019-05")]
    assert periods(context(text, pub="2019-05-16", pub_date_exact=False)) == [("hostages_held", "2019")]
    assert default_period(context(text, pub=None)) is None


def test_since_runs_to_the_publication(context):
    ctx = context("Since March 2018, the insurgency has killed at least 9,000 people.", pub="2019-05-16")
    assert periods(ctx) == [("deaths_count", "2018-03..2019-05")]


def test_have_since_runs_from_the_time_told_before(context):
    text = ("The rebels seized the port on March 3, 2018.\n\n"
            "Government airstrikes have since killed more than 600 people, the monitors said.")
    assert periods(context(text, pub="2019-05-16")) == [("deaths_count", "2018-03..2019-05")]


def test_a_deadline_after_publication_dates_nothing(context):
    text = "Kenya's army chief said the country will withdraw its 3,000 troops from Somalia by December 2020."
    assert periods(context(text, pub="2019-05-16")) == [("troops", "2019-05")]


def test_a_war_toll_without_a_time_runs_from_the_outbreak_the_text_dates(context):
    text = ("Since the civil war broke out in March 2017, the city has changed hands twice.\n\n"
            "Aid agencies say more than 2 million people have been internally displaced.")
    assert [(i.metric, i.period) for i in extract_indicators(context(text))] == [("displaced", "2017-03..2019-05")]


def test_a_stock_without_a_time_holds_at_publication_even_in_a_dated_war(context):
    text = ("Since the civil war broke out in March 2017, the city has changed hands twice.\n\n"
            "The rebels hold 40 hostages, officials said.")
    assert [(i.metric, i.period) for i in extract_indicators(context(text))] == [("hostages_held", "2019-05")]
