"""The inference table of a text's own publication date: what gives a day (datelines, a dated lead, a
weekday the text uses, a caption, a period of the publication year), what only bounds it (the latest
dated event, "this year" beside a year, an "Updated" stamp), and what never dates it (a background year)."""
from datetime import date

import pytest

from strife.nlp.pubdate import UNDATED, estimate_pub_date

D = date.fromisoformat


def _est(text):
    e = estimate_pub_date(text)
    return (e.earliest and e.earliest.isoformat(), e.latest and e.latest.isoformat(), e.confidence, e.basis)


DAYS = [
    # datelines: the publication date itself
    ("Checkpoint attack kills four\nBy Example Wire | March 7, 2016\nGunmen attacked a checkpoint on Sunday, "
     "March 6, 2016, killing four officers.", ("2016-03-07", "2016-03-07", 0.9, "dateline")),
    ("Trial opens\nPublished: April 16, 2013 9:09 AM\nProsecutors showed the jury a video of the shooting.",
     ("2013-04-16", "2013-04-16", 0.9, "dateline")),
    ("Judge upholds sentence\nPOSTED: 05/02/07, 9:00 PM PDT |\nA judge on Thursday upheld the jury's verdict.",
     ("2007-05-02", "2007-05-02", 0.9, "dateline")),
    ("Worker charged with murder\n09/10/10 08:23 PM ET\nA plant worker who had been suspended returned with a gun.",
     ("2010-09-10", "2010-09-10", 0.9, "dateline")),
    ("Plant shooting\nSeptember 10, 2010\nA worker shot two colleagues at a food plant, police said.",
     ("2010-09-10", "2010-09-10", 0.9, "dateline")),
    ("Gunman convicted\n(June 3, 2011) - -\nA jury today convicted a man of shooting a guard in 2009.",
     ("2011-06-03", "2011-06-03", 0.9, "dateline")),
    ("BAGHDAD, March 7, 2016 (Reuters) - A bomb killed 10 people at a market.", ("2016-03-07", "2016-03-07", 0.9,
                                                                                  "dateline")),
    # the lead: a text that opens with its news, published on that day or soon after
    ("On 9 September 2022, a drone struck a weapons depot near Gardez, local sources said.",
     ("2022-09-09", "2022-09-11", 0.7, "lead")),
    ("08/04/2016: Assailants attacked a power line in the north of the country; no casualties were reported.",
     ("2016-08-04", "2016-08-06", 0.7, "lead")),
    ("Truck bomb kills 60\n\nHILLA, Iraq — A bomber drove a tanker into a checkpoint at the northern entrance of\n"
     "the city on Sunday, March 6, 2016, killing 60 people, police said.", ("2016-03-06", "2016-03-08", 0.7, "lead")),
    ("On 6 November 2024, a drone hit an army post near Aleppo, wounding a soldier who died of his wounds on "
     "12 November 2024.", ("2024-11-12", "2024-11-14", 0.7, "lead")),
    # a weekday with a day and month: the one candidate year that fits ("in 2016": 2016 or 2017)
    ("On Sunday, March 6, a suicide bomber struck a checkpoint in Hilla, the deadliest attack there in 2016.",
     ("2016-03-06", "2016-03-08", 0.7, "lead")),
    # the latest explicit day, whose weekday the text uses on its own
    ("Eighty people died when a truck drove into a crowd on the promenade of Nice on July 14, 2016. The "
     "president said in an address Friday morning that the country would respond. By early July 15, 2016 "
     "the promenade was closed.", ("2016-07-15", "2016-07-22", 0.6, "weekday")),
    # a caption near the top that nothing in the text post-dates
    ("Kurdish fighters in Kobani, Syria, November 23, 2014.\nThe fighting for the town continued for weeks.",
     ("2014-11-23", None, 0.5, "caption")),
    ("Fighters in Diyala province, November 23, 2014. Courtesy Reuters\n\nThe group is showing signs of strain.",
     ("2014-11-23", None, 0.5, "caption")),
    # a period of the publication year opening the text: "the year" is 2024, as the text writes it again
    ("Attacks rise\n\nIn the first six months of the year, the group claimed 150 attacks in Syria and Iraq.\n\n"
     "The group claimed 150 attacks in the first six months of 2024, the command said on Wednesday.",
     ("2024-06-30", "2024-12-31", 0.4, "period")),
    # bounds three days apart: an "Updated" stamp above an explicitly dated event
    ("Updated: March 8, 2016\nThe blast was heard across the city.\nThe attack on March 7, 2016 killed four people.",
     ("2016-03-07", "2016-03-08", 0.5, "bounds")),
]


@pytest.mark.parametrize("text,want", DAYS, ids=[w[3] + str(i) for i, (_, w) in enumerate(DAYS)])
def test_what_gives_a_day(text, want):
    assert _est(text) == want


UNDATED_CASES = [
    # a bare background year is never a publication date: it only says the text is no older
    ("A July article recalls that the last president shot at was killed in 1963. The gunman fired from a roof.",
     ("1963-01-01", None)),
    ("The group was founded in 2004 and expanded in 2014. Its fighters attacked a checkpoint on Saturday.",
     ("2014-01-01", None)),
    # the latest explicitly dated event is a lower bound, not the day
    ("Militants attacked a base yesterday. The group has grown since a raid on January 11, 2021.",
     ("2021-01-11", None)),
    # a plan is no lower bound
    ("The gang member was convicted on March 20, 2007 and will be sentenced on May 3, 2007.", ("2007-03-20", None)),
    ("The ceasefire holds until March 2017, officials said.", (None, None)),
    # a dated lead that the text post-dates by more than a week is a recollection, not the news
    ("On 21 October 2011, a woman was shot dead outside a school in Brooklyn while shielding children.\n"
     "A jury convicted her killer in April 2013.", ("2013-04-01", None)),
    # "this year" / "last year" beside an explicit year: the publication year, not a day
    ("Attacks rose last year (2015) and have risen again this year, officials said.",
     ("2016-01-01", "2016-12-31")),
    ("So far this year the group has claimed 40 attacks; so far in 2016 the army has lost 12 posts.",
     ("2016-01-01", "2016-12-31")),
    # "this year" beside nothing, or beside a different thing, fixes nothing
    ("The attacks this year outnumber the attacks in 2015, officials said.", ("2015-01-01", None)),
    # a weekday and a day with no year to choose among, or with several
    ("On Sunday, March 6, a suicide bomber struck a checkpoint in Hilla.", (None, None)),
    # the weekday the text uses is not the latest day's
    ("A truck drove into a crowd on July 14, 2016. The president spoke on Monday.", ("2016-07-14", None)),
    # a caption the text post-dates
    ("Fighters in Kobani, Syria, November 23, 2014.\nA year later, in 2016, the town was rebuilt.",
     ("2016-01-01", None)),
    # an archive picture's caption dates the picture
    ("FILE - Protesters in Tahrir Square in Cairo, Egypt, January 25, 2011.\nThe uprising toppled the president.",
     ("2011-01-25", None)),
    # an "Updated" stamp alone is an upper bound
    ("Updated 10:21 AM EDT, Tue July 16, 2024\nA gunman fired on a rally on Saturday.", (None, "2024-07-16")),
    ("No date here at all.", (None, None)),
    ("", (None, None)),
]


@pytest.mark.parametrize("text,window", UNDATED_CASES, ids=[str(i) for i in range(len(UNDATED_CASES))])
def test_what_only_bounds_it(text, window):
    e = estimate_pub_date(text)
    assert e.day is None and e.confidence == 0.0 and e.source == "undated"
    assert (e.earliest and e.earliest.isoformat(), e.latest and e.latest.isoformat()) == window


def test_source_names_the_rule_and_its_confidence():
    assert estimate_pub_date("On 9 September 2022, a drone struck a depot near Gardez, local sources said.").source \
        == "text:lead:0.70"
    assert estimate_pub_date("Nothing dated.") == UNDATED and UNDATED.source == "undated"


def test_a_dateline_wins_over_a_dated_lead():
    text = ("Trial of gunman opens\nApril 12, 2013\nZurana Horton was killed on Oct. 21, 2011 while walking near a "
            "school in Brownsville, prosecutors told the jury.")
    assert _est(text) == ("2013-04-12", "2013-04-12", 0.9, "dateline")


def test_narrative_dates_near_the_top_are_not_datelines():
    # "on <date>" and a date a sentence released are the story's; the lead does not open with them
    text = ("Fashion week goes on\n\nDesigners showed their work in Kyiv, a city under attack since the full-scale "
            "invasion on February 24, 2022. The video was released March 3, 2022 by the organisers.")
    assert estimate_pub_date(text).day is None
