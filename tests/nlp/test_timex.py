"""Temporal expressions: a table of (text, reference date, iso, start, end, precision), failure
cases that must not yield a date, publication-date inference, and property tests (never raises,
start <= end, linear time on adversarial input)."""
from __future__ import annotations

import time
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strife.nlp.pubdate import infer_pub_date
from strife.nlp.timex import TimeValue, find_timexes, parse_offset, parse_timex, shift

D = date.fromisoformat
R = D("2016-03-07")  # a Monday: the day after the Sunday, March 6, 2016 attack
R2 = D("2024-07-15")  # a Monday in the second half of 2024
WED = D("2016-03-09")

# (text, ref, iso, start, end, precision)
CASES: list[tuple[str, date | None, str, str, str, int]] = [
    # --- explicit days ---------------------------------------------------------------------
    ("On Sunday, March 6, 2016", R, "2016-03-06", "2016-03-06", "2016-03-06", 1),
    ("March 6, 2016", None, "2016-03-06", "2016-03-06", "2016-03-06", 1),
    ("6 March 2016", None, "2016-03-06", "2016-03-06", "2016-03-06", 1),
    ("9 September 2022", None, "2022-09-09", "2022-09-09", "2022-09-09", 1),
    ("9 september 2022", None, "2022-09-09", "2022-09-09", "2022-09-09", 1),
    ("03/01/2011", None, "2011-03-01", "2011-03-01", "2011-03-01", 1),
    ("25/12/2015", None, "2015-12-25", "2015-12-25", "2015-12-25", 1),
    ("2016-03-06", None, "2016-03-06", "2016-03-06", "2016-03-06", 1),
    ("published 2014-11-23T10:00:00Z", None, "2014-11-23", "2014-11-23", "2014-11-23", 1),
    ("Sunday 6 March 2016", None, "2016-03-06", "2016-03-06", "2016-03-06", 1),
    ("the 6th of March, 2016", None, "2016-03-06", "2016-03-06", "2016-03-06", 1),
    ("March 6th 2016", None, "2016-03-06", "2016-03-06", "2016-03-06", 1),
    ("Feb. 22, 2016", None, "2016-02-22", "2016-02-22", "2016-02-22", 1),
    ("sept. 9, 2022", None, "2022-09-09", "2022-09-09", "2022-09-09", 1),
    ("on 3 february 2015", None, "2015-02-03", "2015-02-03", "2015-02-03", 1),
    ("MARCH 6, 2016", None, "2016-03-06", "2016-03-06", "2016-03-06", 1),
    ("November 23, 2014", None, "2014-11-23", "2014-11-23", "2014-11-23", 1),
    # --- month + day, year from the reference ------------------------------------------------
    ("Feb. 22", R, "2016-02-22", "2016-02-22", "2016-02-22", 1),
    ("Nov. 13", R, "2015-11-13", "2015-11-13", "2015-11-13", 1),
    ("Oct. 31", R, "2015-10-31", "2015-10-31", "2015-10-31", 1),
    ("Feb. 22", D("2016-02-20"), "2016-02-22", "2016-02-22", "2016-02-22", 1),  # a few days ahead
    ("Feb. 22", D("2016-02-10"), "2015-02-22", "2015-02-22", "2015-02-22", 1),
    ("on 3 february", R, "2016-02-03", "2016-02-03", "2016-02-03", 1),
    ("on 3 may, gunmen attacked", R, "2015-05-03", "2015-05-03", "2015-05-03", 1),
    ("Dec. 31", D("2016-01-02"), "2015-12-31", "2015-12-31", "2015-12-31", 1),
    ("Feb. 29", R, "2016-02-29", "2016-02-29", "2016-02-29", 1),
    ("Feb. 29", D("2017-03-01"), "2016-02-29", "2016-02-29", "2016-02-29", 1),
    ("Wednesday, Nov. 13", D("2013-11-20"), "2013-11-13", "2013-11-13", "2013-11-13", 1),
    ("the 6th of March", R, "2016-03-06", "2016-03-06", "2016-03-06", 1),
    # a relative year after the day: the day keeps that year however far back it lies
    ("on January 7 last year", R, "2015-01-07", "2015-01-07", "2015-01-07", 1),
    ("on 14 July last year", R2, "2023-07-14", "2023-07-14", "2023-07-14", 1),
    ("Nov. 2 this year", R2, "2024-11-02", "2024-11-02", "2024-11-02", 1),
    ("on March 6 of last year", R, "2015-03-06", "2015-03-06", "2015-03-06", 1),
    # --- months ----------------------------------------------------------------------------
    ("in March", R, "2016-03", "2016-03-01", "2016-03-31", 3),
    ("in February alone", R, "2016-02", "2016-02-01", "2016-02-29", 3),
    ("in December", R, "2015-12", "2015-12-01", "2015-12-31", 3),
    ("in december", R, "2015-12", "2015-12-01", "2015-12-31", 3),
    ("March 2016", None, "2016-03", "2016-03-01", "2016-03-31", 3),
    ("in May 2015", None, "2015-05", "2015-05-01", "2015-05-31", 3),
    ("Feb. 2016", None, "2016-02", "2016-02-01", "2016-02-29", 3),
    ("last March", R, "2015-03", "2015-03-01", "2015-03-31", 3),
    ("in March last year", R, "2015-03", "2015-03-01", "2015-03-31", 3),
    ("in june this year", R2, "2024-06", "2024-06-01", "2024-06-30", 3),
    # --- parts of a month --------------------------------------------------------------------
    ("late January", R, "2016-01", "2016-01-21", "2016-01-31", 3),
    ("early March 2015", None, "2015-03", "2015-03-01", "2015-03-10", 3),
    ("mid-March", R, "2016-03", "2016-03-11", "2016-03-20", 3),
    ("at the end of February", R, "2016-02-23..2016-02-29", "2016-02-23", "2016-02-29", 2),
    ("late last month", R, "2016-02", "2016-02-21", "2016-02-29", 3),
    ("the first week of March 2016", None, "2016-03-01..2016-03-07", "2016-03-01", "2016-03-07", 2),
    # --- years -------------------------------------------------------------------------------
    ("in 2015", None, "2015", "2015-01-01", "2015-12-31", 5),
    ("In all of 2015", None, "2015", "2015-01-01", "2015-12-31", 5),
    ("in 2019", R, "2019", "2019-01-01", "2019-12-31", 5),
    ("since 2011", R, "2011-01..2016-03", "2011-01-01", "2016-03-07", 5),
    ("during 2014-15", None, "2014..2015", "2014-01-01", "2015-12-31", 5),
    ("from 2014 to 2016", None, "2014..2016", "2014-01-01", "2016-12-31", 5),
    ("throughout 2015", None, "2015", "2015-01-01", "2015-12-31", 5),
    ("until 2012", None, "2012", "2012-01-01", "2012-12-31", 5),
    ("in the year 2015", None, "2015", "2015-01-01", "2015-12-31", 5),
    ("IN 2015", None, "2015", "2015-01-01", "2015-12-31", 5),
    # --- parts of a year -----------------------------------------------------------------------
    ("early 2015", None, "2015-01..2015-04", "2015-01-01", "2015-04-30", 4),
    ("mid-2014", None, "2014-05..2014-08", "2014-05-01", "2014-08-31", 4),
    ("late 2014", None, "2014-09..2014-12", "2014-09-01", "2014-12-31", 4),
    ("the end of 2015", None, "2015-10..2015-12", "2015-10-01", "2015-12-31", 4),
    ("late last year", R, "2015-09..2015-12", "2015-09-01", "2015-12-31", 4),
    ("earlier this year", R, "2016-01..2016-03", "2016-01-01", "2016-03-06", 4),
    ("so far this year", R, "2016-01..2016-03", "2016-01-01", "2016-03-07", 4),
    # --- seasons ------------------------------------------------------------------------------
    ("in the summer of 2014", None, "2014-06..2014-08", "2014-06-01", "2014-08-31", 4),
    ("summer 2014", None, "2014-06..2014-08", "2014-06-01", "2014-08-31", 4),
    ("in the spring of 2015", None, "2015-03..2015-05", "2015-03-01", "2015-05-31", 4),
    ("the winter of 2014", None, "2014-12..2015-02", "2014-12-01", "2015-02-28", 4),
    ("last summer", R, "2015-06..2015-08", "2015-06-01", "2015-08-31", 4),
    ("last winter", R, "2015-12..2016-02", "2015-12-01", "2016-02-29", 4),
    # --- halves, quarters, first N months --------------------------------------------------------
    ("the first half of 2024", None, "2024-01..2024-06", "2024-01-01", "2024-06-30", 4),
    ("the second half of 2015", None, "2015-07..2015-12", "2015-07-01", "2015-12-31", 4),
    ("the third quarter of 2015", None, "2015-07..2015-09", "2015-07-01", "2015-09-30", 4),
    ("Q1 2016", None, "2016-01..2016-03", "2016-01-01", "2016-03-31", 4),
    ("the first six months of the year", R2, "2024-01..2024-06", "2024-01-01", "2024-06-30", 4),
    ("the first six months of 2024", None, "2024-01..2024-06", "2024-01-01", "2024-06-30", 4),
    ("the last three months of 2015", None, "2015-10..2015-12", "2015-10-01", "2015-12-31", 4),
    ("in the first 9 months of 2015", None, "2015-01..2015-09", "2015-01-01", "2015-09-30", 4),
    ("the first half of last year", R, "2015-01..2015-06", "2015-01-01", "2015-06-30", 4),
    # --- ranges ----------------------------------------------------------------------------------
    ("between January and June this year", R2, "2024-01..2024-06", "2024-01-01", "2024-06-30", 4),
    ("between August 2014 and January 2016", None, "2014-08..2016-01", "2014-08-01", "2016-01-31", 5),
    ("from May to August 2014", None, "2014-05..2014-08", "2014-05-01", "2014-08-31", 4),
    ("From October to February", R, "2015-10..2016-02", "2015-10-01", "2016-02-29", 4),
    ("from October 2015 to February", None, "2015-10..2016-02", "2015-10-01", "2016-02-29", 4),
    ("between March 1 and March 5, 2016", None, "2016-03-01..2016-03-05", "2016-03-01", "2016-03-05", 2),
    ("January-June 2016", None, "2016-01..2016-06", "2016-01-01", "2016-06-30", 4),
    ("between 2014 and 2016", None, "2014..2016", "2014-01-01", "2016-12-31", 5),
    ("between 3 and 5 March", R, "2016-03-03..2016-03-05", "2016-03-03", "2016-03-05", 2),
    ("March 6-8, 2016", None, "2016-03-06..2016-03-08", "2016-03-06", "2016-03-08", 2),
    ("from january to march this year", R2, "2024-01..2024-03", "2024-01-01", "2024-03-31", 4),
    # --- days relative to the reference ------------------------------------------------------------
    ("yesterday", R, "2016-03-06", "2016-03-06", "2016-03-06", 1),
    ("today", R, "2016-03-07", "2016-03-07", "2016-03-07", 1),
    ("TODAY", R, "2016-03-07", "2016-03-07", "2016-03-07", 1),
    ("last night", R, "2016-03-06", "2016-03-06", "2016-03-06", 1),
    ("the day before yesterday", R, "2016-03-05", "2016-03-05", "2016-03-05", 1),
    ("on Wednesday", R, "2016-03-02", "2016-03-02", "2016-03-02", 1),
    ("on wednesday", R, "2016-03-02", "2016-03-02", "2016-03-02", 1),
    ("on Monday", R, "2016-03-07", "2016-03-07", "2016-03-07", 1),
    ("last Sunday", R, "2016-03-06", "2016-03-06", "2016-03-06", 1),
    ("last Monday", R, "2016-02-29", "2016-02-29", "2016-02-29", 1),
    ("Friday night", R, "2016-03-04", "2016-03-04", "2016-03-04", 1),
    ("two days ago", R, "2016-03-05", "2016-03-05", "2016-03-05", 1),
    ("2 days ago", R, "2016-03-05", "2016-03-05", "2016-03-05", 1),
    ("a week ago", R, "2016-02-26..2016-03-03", "2016-02-26", "2016-03-03", 2),
    ("three months ago", R, "2015-12", "2015-12-01", "2015-12-31", 3),
    ("over a year ago", R, "2014-12-06..2015-03-07", "2014-12-06", "2015-03-07", 4),
    ("more than two weeks ago", R, "2016-02-18..2016-02-22", "2016-02-18", "2016-02-22", 2),
    ("recently", R, "2016-02-06..2016-03-07", "2016-02-06", "2016-03-07", 3),
    ("in recent weeks", R, "2016-02-09..2016-03-07", "2016-02-09", "2016-03-07", 3),
    ("a year ago", R, "2015", "2015-01-01", "2015-12-31", 5),
    ("exactly two years ago", R, "2014-03-07", "2014-03-07", "2014-03-07", 1),  # the anniversary
    ("precisely three months ago", R, "2015-12-07", "2015-12-07", "2015-12-07", 1),
    # --- periods relative to the reference --------------------------------------------------------
    ("last week", R, "2016-02-29..2016-03-06", "2016-02-29", "2016-03-06", 2),
    ("this week", WED, "2016-03-07..2016-03-09", "2016-03-07", "2016-03-09", 2),
    ("last week", D("2016-03-06"), "2016-02-29..2016-03-06", "2016-02-29", "2016-03-06", 2),  # on a Sunday: just ended
    ("last week", D("2016-03-05"), "2016-02-22..2016-02-28", "2016-02-22", "2016-02-28", 2),
    ("the 2006 poisoning of a defector", R, "2006", "2006-01-01", "2006-12-31", 5),
    ("last weekend", R, "2016-03-05..2016-03-06", "2016-03-05", "2016-03-06", 2),
    ("over the weekend", R, "2016-03-05..2016-03-06", "2016-03-05", "2016-03-06", 2),
    ("at the weekend", D("2016-03-06"), "2016-03-05..2016-03-06", "2016-03-05", "2016-03-06", 2),  # under way
    ("during the weekend", D("2016-03-05"), "2016-03-05", "2016-03-05", "2016-03-05", 2),
    ("earlier this month", R, "2016-03", "2016-03-01", "2016-03-06", 3),
    ("last month", R, "2016-02", "2016-02-01", "2016-02-29", 3),
    ("as of last month", R, "2016-02", "2016-02-01", "2016-02-29", 3),
    ("last year", R, "2015", "2015-01-01", "2015-12-31", 5),
    ("this year", R, "2016", "2016-01-01", "2016-12-31", 5),
    ("at its peak last year", R, "2015", "2015-01-01", "2015-12-31", 5),
    ("in recent weeks", R, "2016-02-09..2016-03-07", "2016-02-09", "2016-03-07", 3),
    ("in the past three months", R, "2015-12..2016-03", "2015-12-08", "2016-03-07", 4),
    ("over the past year", R, "2015-03..2016-03", "2015-03-08", "2016-03-07", 5),
    ("in the past 24 hours", R, "2016-03-06..2016-03-07", "2016-03-06", "2016-03-07", 2),
    ("since last week", R, "2016-02-29..2016-03-07", "2016-02-29", "2016-03-07", 3),
    ("since March", R, "2016-03-01..2016-03-07", "2016-03-01", "2016-03-07", 2),
    ("since January 2015", R, "2015-01..2016-03", "2015-01-01", "2016-03-07", 5),
    # --- anchor-relative offsets -------------------------------------------------------------------
    ("a week after March 6, 2016", None, "2016-03-13", "2016-03-13", "2016-03-13", 2),
    ("two days after March 6, 2016", None, "2016-03-08", "2016-03-08", "2016-03-08", 1),
    ("the day before March 6, 2016", None, "2016-03-05", "2016-03-05", "2016-03-05", 1),
    ("a month after the March 2016 offensive", None, "2016-04", "2016-04-01", "2016-04-30", 3),
]

# Expressions that must not produce any date.
NEGATIVE: list[tuple[str, date | None]] = [
    ("IS may be increasing", R),
    ("the group may be increasing its attacks", R),
    ("they may have fled", R),
    ("3 may be killed", R),
    ("a march through the city", R),
    ("the march on Baghdad", R),
    ("129 people", R),
    ("the 2006 fighters", R),  # a count, not a year
    ("the 2006 World Cup", R),  # a name
    ("the 1920 Revolutionary Brigades", R),
    ("members of 1920 Revolutionary Brigades", R),
    ("2,400 square kilometres", R),
    ("a force of 2000 fighters", R),
    ("Feb. 30", R),
    ("February 30, 2016", None),
    ("13/13/2015", None),
    ("the fall of Mosul", R),
    ("Jan Egeland said", R),
    ("the last time", R),
    ("the day after", R),  # no anchor
    ("yesterday", None),  # no reference date
    ("Feb. 22", None),  # no year and no reference date
    ("in March", None),
    ("until recently", R),  # a state that ended, not when anything happened
    ("recently", None),
]


def test_table_is_large():
    assert len(CASES) + len(NEGATIVE) >= 110


@pytest.mark.parametrize("text,ref,iso,start,end,precision", CASES, ids=[c[0] for c in CASES])
def test_parse_timex(text, ref, iso, start, end, precision):
    v = parse_timex(text, ref)
    assert v is not None, text
    assert (v.iso, v.start, v.end, v.precision) == (iso, D(start), D(end), precision)
    assert v.start <= v.end


@pytest.mark.parametrize("text,ref", NEGATIVE, ids=[n[0] for n in NEGATIVE])
def test_no_date(text, ref):
    assert parse_timex(text, ref) is None
    assert find_timexes(text, ref) == []


def test_relative_flag():
    assert parse_timex("March 6, 2016", R).relative is False
    assert parse_timex("in 2015", R).relative is False
    assert parse_timex("yesterday", R).relative is True
    assert parse_timex("Feb. 22", R).relative is True
    assert parse_timex("the first six months of the year", R2).relative is True


def test_find_timexes_offsets_and_order():
    text = ("On Sunday, March 6, 2016, a suicide bomber struck in Hilla. Police said yesterday that "
            "attacks had risen in February alone, and more than 1,200 people died last year.")
    hits = find_timexes(text, R)
    assert [text[s:e] for s, e, _ in hits] == ["Sunday, March 6, 2016", "yesterday", "in February", "last year"]
    for s, e, v in hits:
        assert text[s:e] == v.text
    assert [v.iso for _, _, v in hits] == ["2016-03-06", "2016-03-06", "2016-02", "2015"]
    assert all(a[1] <= b[0] for a, b in zip(hits, hits[1:]))


def test_offset_anchors_to_previous_date():
    text = "On March 6, 2016 a bomb exploded in Hilla. The day after, police arrested two men."
    hits = find_timexes(text, None)
    assert [(text[s:e], v.iso, v.relative) for s, e, v in hits] == [
        ("March 6, 2016", "2016-03-06", False), ("The day after", "2016-03-07", True)]


def test_offset_chain_and_later():
    text = "Fighting began on 3 May 2015. Two days later the town fell; a week after that, the army returned."
    isos = [v.iso for _, _, v in find_timexes(text, None)]
    assert isos == ["2015-05-03", "2015-05-05", "2015-05-12"]


def test_offset_before_an_event_has_no_date_anchor():
    """'arraigned Thursday, two years after the shooting' dates the shooting two years before
    Thursday, not the arraignment two years after it: an offset whose anchor is an event, not a
    date, gives no date (and takes none from the dates before it)."""
    text = ("Gonzales was arraigned Thursday, more than two years after the deadliest school shooting. "
            "The chief was fired three months after the shooting.")
    hits = find_timexes(text, D("2024-07-26"))
    assert [(text[s:e], v.iso) for s, e, v in hits] == [("Thursday", "2024-07-25")]


def test_shift_and_parse_offset():
    v = parse_timex("March 6, 2016", None)
    assert shift(v, 7).iso == "2016-03-13"
    assert shift(v, -6).start == D("2016-02-29")
    m = parse_timex("February 2016", None)
    moved = shift(m, 0, months=1)
    assert (moved.iso, moved.start, moved.end) == ("2016-03", D("2016-03-01"), D("2016-03-31"))
    assert parse_offset("a week after the attack") == 7
    assert parse_offset("the day before") == -1
    assert parse_offset("two days later") == 2
    assert parse_offset("the next day") == 1
    assert parse_offset("no offset here") is None


def test_since_without_ref_keeps_start():
    v = parse_timex("since 2011", None)
    assert v is not None and v.start == D("2011-01-01")


# --- publication date -------------------------------------------------------------------------

PUB_CASES: list[tuple[str, str | None, str | None, float, str]] = [
    ("Anything at all. March 6, 2016.", "2016-03-07", "2016-03-07", 1.0, "metadata"),
    ("x", "2016-03-07T10:00:00Z", "2016-03-07", 1.0, "metadata"),
    ("x", "Mon, 07 Mar 2016 10:00:00 GMT", "2016-03-07", 1.0, "metadata"),
    ("Islamic State claims attack\nBy Long War Journal | March 7, 2016\nMilitants attacked a checkpoint "
     "on Sunday, March 6, 2016.", None, "2016-03-07", 0.9, "dateline"),
    # the text's evidence, read by strife.nlp.pubdate (its own table is in tests/nlp/test_pubdate.py)
    ("The group was founded in 2013 and expanded in 2015.", None, None, 0.0, "undated"),
    ("No date here at all.", None, None, 0.0, "undated"),
    ("", None, None, 0.0, "undated"),
    ("Militants attacked yesterday.", "not a date", None, 0.0, "undated"),
]


@pytest.mark.parametrize("text,meta,iso,conf,source", PUB_CASES, ids=[str(i) for i in range(len(PUB_CASES))])
def test_infer_pub_date(text, meta, iso, conf, source):
    assert infer_pub_date(text, meta) == (iso, conf, source)


# --- properties ---------------------------------------------------------------------------------

_VOCAB = ["in", "since", "of", "the", "last", "this", "early", "mid-", "late", "between", "and", "from", "to",
          "March", "may", "Feb.", "June", "Sunday", "2016", "1920", "6", "30", "31", ",", "-", "/", "03/01/2011",
          "2016-03-06", "first", "half", "six", "months", "year", "week", "days", "ago", "after", "before",
          "yesterday", "summer", "winter", "Q1", "day", "over", "a", "recent", "past", "all", "end", "until"]


def _check(text: str, ref: date | None) -> None:
    v = parse_timex(text, ref)
    assert v is None or (isinstance(v, TimeValue) and v.start <= v.end and 1 <= v.precision <= 5)
    prev_end = -1
    for s, e, tv in find_timexes(text, ref):
        assert 0 <= s < e <= len(text) and s >= prev_end
        assert text[s:e] == tv.text and tv.start <= tv.end
        prev_end = e


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), st.one_of(st.none(), st.dates()))
def test_never_raises_on_arbitrary_text(text, ref):
    _check(text, ref)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_VOCAB), max_size=25).map(" ".join),
       st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))))
def test_never_raises_on_temporal_word_soup(text, ref):
    _check(text, ref)
    infer_pub_date(text)


ADVERSARIAL = ["1" * 50_000, "of " * 17_000, "in " * 17_000, " " * 50_000, "March " * 9_000,
               "between January and " * 2_500, "the first " * 5_000, "1/" * 25_000, "2016-" * 10_000,
               "9 " * 25_000, "a a " * 12_500, "Sunday, " * 6_000, "mid-" * 12_000, "the end of " * 4_500,
               "March 6, 2016 " * 3_500, "since " * 8_000, "\n" * 50_000, "2 days ago " * 4_500]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=[repr(a[:12]) for a in ADVERSARIAL])
def test_linear_time_on_adversarial_input(text):
    t0 = time.perf_counter()
    find_timexes(text, R)
    infer_pub_date(text)
    assert time.perf_counter() - t0 < 10.0  # ~1 s on a laptop; catastrophic backtracking takes hours


def test_time_grows_linearly():
    """Doubling an adversarial input should roughly double the time, not square it."""
    def run(n: int) -> float:
        text = ("of 1/9 March in " * n)
        best = float("inf")
        for _ in range(3):  # best of three: robust to a busy machine
            t0 = time.perf_counter()
            find_timexes(text, R)
            best = min(best, time.perf_counter() - t0)
        return best

    run(500)  # warm up
    small, big = run(2_000), run(8_000)
    assert big < max(small, 0.01) * 16  # 4x input; quadratic would be ~16x
