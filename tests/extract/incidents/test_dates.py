"""Dates: the segment's own date, else one borrowed from its paragraph, and dates told relative to
the incident before."""
from __future__ import annotations

from strife.extract.incidents.dates import date_from_earlier, incident_date, set_date
from tests.extract.incidents.conftest import bare_candidate, one_candidate, sentence_with


def dated(ctx, words):
    cand, sent = bare_candidate(ctx, words)
    set_date(cand, sent, sent.start_char, sent.end_char, ctx)
    return cand


def test_a_weekday_is_read_against_the_publication_date(context):
    cand = dated(context("Gunmen attacked a police post in Gao on Monday."), "Gao")
    assert (cand.date.iso, cand.date.precision, cand.own_date) == ("2016-03-07", 1, True)


def test_an_undated_sentence_borrows_its_paragraph_s_date(context):
    ctx = context("Militants attacked a police post in Gao on March 2, 2016. Gunmen killed two traders.")
    cand = dated(ctx, "traders")
    assert (cand.date.iso, cand.own_date) == ("2016-03-02", False)


def test_no_date_is_borrowed_across_a_paragraph_or_from_a_byline(context):
    paragraph = context("Militants attacked a police post in Gao on March 2, 2016.\n\nGunmen killed two traders.")
    byline = context("By Jane Doe | March 9, 2016\n\nGunmen killed two traders in Gao.")
    assert dated(paragraph, "traders").date is None
    assert dated(byline, "traders").date is None


def test_a_line_that_is_only_a_date_stamps_the_report(context):
    for stamp in ("Mar 9, 2016", "March 9, 2016 4:15 PM"):
        ctx = context(f"{stamp}\nGunmen killed two traders in Gao.")
        assert dated(ctx, "traders").date is None


def test_a_week_after_dates_from_the_incident_told_before(context):
    ctx = context("A car bomb killed six people in Baghdad on March 2. This attack comes just a week after "
                  "Islamic State bombed a market in Hilla.")
    anchor = one_candidate(ctx, "car bomb")
    later = one_candidate(ctx, "Hilla")
    _, sent = sentence_with(ctx, "Hilla")
    date_from_earlier(later, sent, anchor)
    assert (later.date.iso, later.date.precision, later.own_date) == ("2016-02-24", 1, True)


def test_less_than_a_month_after_dates_within_that_month(context):
    ctx = context("A car bomb killed six people in Ankara on March 13. The attack came less than a month after "
                  "another car bomb in the city killed 29 soldiers.")
    anchor = one_candidate(ctx, "six people")
    earlier = one_candidate(ctx, "29 soldiers")
    _, sent = sentence_with(ctx, "29 soldiers")
    date_from_earlier(earlier, sent, anchor)
    assert (earlier.date.start.isoformat(), earlier.date.end.isoformat()) == ("2016-02-13", "2016-03-12")
    assert earlier.own_date


def test_the_most_precise_expression_wins(context):
    ctx = context("Last year, gunmen attacked a village in Borno on Monday.")
    cand, _ = bare_candidate(ctx, "Borno")
    assert [tx[2].text for tx in ctx.event_timexes] == ["Last year", "on Monday"]
    assert incident_date(list(ctx.event_timexes), cand.triggers).iso == "2016-03-07"
    assert incident_date([], cand.triggers) is None


def test_in_recent_months_means_by_the_report_s_last_month(context):
    ctx = context("Attacks on aid workers rose in recent months in South Sudan.")
    cand, _ = bare_candidate(ctx, "Attacks")
    value = incident_date(list(ctx.event_timexes), cand.triggers)
    assert (value.iso, value.precision, value.start.isoformat()) == ("2016-03", 3, "2016-03-01")


def test_a_date_of_another_clause_dates_nothing(context):
    ctx = context("Gunmen killed two guards in Gao, and talks with the group began in March 2015.")
    assert dated(ctx, "Gao").date is None


def test_a_reporting_clause_s_date_dates_the_incident_it_reports(context):
    ctx = context("Police said on Monday that gunmen killed two traders in Gao.")
    assert dated(ctx, "Gao").date.iso == "2016-03-07"


def test_an_incident_named_as_what_came_weeks_before_is_dated_back_from_the_clause(context):
    """'arrested on Monday, three weeks after the bombing': Monday is the arrest's day."""
    ctx = context("Police arrested two men in Gao on Monday, three weeks after the bombing of the market.")
    bombing, _ = bare_candidate(ctx, "bombing")
    bombing.triggers = [t for t in bombing.triggers if t.text == "bombing"]
    sent = next(s for s in ctx.sentences)
    set_date(bombing, sent, sent.start_char, sent.end_char, ctx)
    assert bombing.date.iso == "2016-02-15"


def test_a_hedged_distance_leaves_the_incident_undated(context):
    ctx = context("Gonzales was arraigned in Uvalde on Thursday, more than two years after the school shooting.")
    shooting, _ = bare_candidate(ctx, "shooting")
    shooting.triggers = [t for t in shooting.triggers if t.text == "shooting"]
    sent = next(s for s in ctx.sentences)
    set_date(shooting, sent, sent.start_char, sent.end_char, ctx)
    assert shooting.date is None


def test_a_sentence_whose_dates_are_another_clause_s_takes_no_date_from_the_incident_before(context):
    from strife.extract.incidents.merge import follow_on_date

    ctx = context("A car bomb killed 34 people in Ankara on Sunday. In another attack, gunmen killed two guards, and "
                  "talks with the group began in March 2015.")
    first = one_candidate(ctx, "Sunday")
    later = dated(ctx, "talks")
    assert later.date is None and later.undatable
    follow_on_date(later, [first])
    assert later.date is None


def test_a_deed_named_as_what_a_trial_is_of_takes_no_date_from_the_report(context):
    """"The trial of a man accused of shooting ... opened Monday": the trial's day is not the deed's,
    and none is borrowed."""
    for text in ("The trial of a man accused of shooting a Leeds baker opened on Monday.",
                 "Jurors watched new footage in the stabbing trial of a Leeds baker.",
                 "Jurors watched new footage in the trial of two brothers accused of stabbing a Leeds baker."):
        cand, sent = bare_candidate(context(text), "Leeds")
        set_date(cand, sent, sent.start_char, sent.end_char, context(text))
        assert cand.date is None and cand.undatable, text


def test_a_deed_of_a_trial_keeps_the_time_its_own_phrase_gives(context):
    ctx = context("Jurors watched footage in the trial of two brothers accused of stabbing a Leeds baker in May 2014.")
    assert dated(ctx, "Leeds").date.iso == "2014-05"


def test_a_year_of_the_deed_an_arrest_is_for_does_not_date_the_arrest(context):
    """'arrested a man in the 1998 killings': 1998 is when the killings were done; the arrest's own
    time ("in 2009", "on Monday") is told off its verb."""
    for_old_deed = dated(context("Police in Dayton arrested a retired clerk in the 1998 killings of two guards.",
                                 pub=None), "Dayton")
    assert for_old_deed.kind == "arrest" and for_old_deed.date is None
    for_the_murder = dated(context("Police in Dayton arrested a retired clerk for the 1998 murder of a guard.",
                                   pub=None), "Dayton")
    assert for_the_murder.date is None
    arrested_then = dated(context("Police in Dayton arrested a retired clerk in 2009 for the murder of a guard.",
                                  pub=None), "Dayton")
    assert arrested_then.date.iso == "2009"
