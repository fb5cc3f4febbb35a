"""A running total is an indicator, never an incident (extract_one's `sums_are_not_incidents`, over
the indicators that `running_totals` finds)."""
from __future__ import annotations

import pytest

from strife.extract import extract_batch
from strife.ingest.documents import make_document


def extract(text: str):
    doc = make_document(text, path="t.txt", name="t.txt", pub_date="2019-05-16")
    (ex,) = extract_batch([doc])
    return ex


def tolls(ex) -> list[int | None]:
    return sorted(m.killed_min for m in ex.incidents if m.killed_min is not None)


@pytest.mark.parametrize("text, metric, total", [
    ("Russia's campaign in Syria has killed more than 8,000 civilians, according to monitors.", "civilians_killed", 8000),
    ("The fighting in Darfur has killed more than 15,000 people, the UN said.", "deaths_count", 15000),
    ("More than 20,000 soldiers were killed or wounded in March and April alone, officials said.",
     "casualties_count", 20000),
])
def test_a_running_total_is_an_indicator_and_no_incident(text, metric, total):
    ex = extract(text)
    assert [(i.metric, i.low) for i in ex.indicators] == [(metric, total)]
    assert ex.incidents == []


def test_a_specific_attack_told_beside_a_total_keeps_its_toll():
    ex = extract("A car bomb killed 12 people in Mogadishu on Tuesday, police said. "
                 "The fighting in Somalia has killed more than 4,000 people, the UN says.")
    assert [(i.metric, i.low) for i in ex.indicators] == [("deaths_count", 4000)]
    assert tolls(ex) == [12]


@pytest.mark.parametrize("text, totals", [
    ("The war has killed at least 6,000 people.", [6000]),
    ("At least five people were killed across Kenya on Tuesday.", []),  # one day's sum over a country
])
def test_running_totals(context, text, totals):
    from strife.extract.indicators import extract_indicators, running_totals

    ctx = context(text)
    assert [i.low for i in running_totals(ctx, extract_indicators(ctx))] == totals
