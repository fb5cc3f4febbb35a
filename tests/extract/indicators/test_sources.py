"""Sources: who made a claim, named as the text names it."""
from __future__ import annotations

import pytest

from strife.extract.indicators import extract_indicators


def sources(ctx) -> list[tuple[str, str | None]]:
    return [(i.metric, i.source) for i in extract_indicators(ctx)]


def test_it_said_is_the_source_named_just_before(context):
    text = ("The refugee agency UNHCR said on Friday that food was running out in the old city.\n\n"
            "It said some 800 families were stranded inside.")
    assert sources(context(text)) == [("families_trapped", "UNHCR")]


@pytest.mark.parametrize("text, source", [
    ("This means 47 hostages remain in the tunnels, according to data from Ramaphosa's office.", "Ramaphosa's office"),
    ("The group holds about a tenth of the country, according to the office of Kenya's interior minister.",
     "office of Kenya's interior minister"),
])
def test_an_office_is_named_by_its_owner(context, text, source):
    assert [s for _, s in sources(context(text))] == [source]


def test_a_named_agency_beside_its_owner_is_the_agency(context):
    text = "In 2022 alone, 120 suspects were detained in 40 operations, according to Kenya's NIS intelligence agency."
    assert {s for _, s in sources(context(text))} == {"NIS"}
