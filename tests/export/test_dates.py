"""The single event date of the exports (ACLED's event_date) and the period behind it."""
import pytest

from strife.export import incident_record
from strife.resolve import single_date
from strife.records import IncidentMention


@pytest.mark.parametrize("period,single", [
    ("2016-03-06", "2016-03-06"),
    ("2016-02-29..2016-03-06", "2016-03-03"),  # a week: its middle day
    ("2016-03-05..2016-03-06", "2016-03-05"),
    ("2016-03", "2016-03"),
    ("2016-03-01..2016-03-20", "2016-03"),
    ("2016-02-06..2016-03-07", "2016-02"),  # a month across two: the month of its middle
    ("2014-12-06..2015-03-07", "2015-01"),  # up to about a quarter: still a month
    ("2014-06..2014-08", "2014"),
    ("2015", "2015"),
    ("2014-08..2015-07", "2015"),  # a year across two: the year of its middle
    ("2014-08..2016-01", "2014-08..2016-01"),  # longer stays a period
    ("2011..2016", "2011..2016"),
    (None, None),
])
def test_single_date(period, single):
    assert single_date(period) == single


def test_incident_record_keeps_the_period_beside_the_single_date():
    m = IncidentMention(doc_id="d", index=0, kind="attack", date="2016-02-29..2016-03-06", date_precision=2)
    rec = incident_record(m)
    assert (rec["date"], rec["date_start"], rec["date_end"], rec["date_precision"]) == (
        "2016-03-03", "2016-02-29", "2016-03-06", 2)
