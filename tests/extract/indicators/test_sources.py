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



@pytest.mark.parametrize("text, source", [
    ("Russian strikes on Kharkiv have killed more than 2,000 civilians since March, according to Ukraine's Ministry "
     "of Health.", "Ukraine Ministry of Health"),
    ("Russian strikes have killed more than 700 civilians since January, according to figures by the Syrian Ministry "
     "of Health in Idlib.", "Idlib Ministry of Health"),
    ("Russian strikes on Idlib have since killed 700 civilians, according to the Ministry of Health there.",
     "Idlib Ministry of Health"),
    ("Russian strikes on Kharkiv have killed more than 2,000 civilians since March, according to the Ministry of "
     "Health.", "Ministry of Health"),
])
def test_a_state_body_is_named_with_the_place_it_serves(context, text, source):
    assert [s for _, s in sources(context(text))] == [source]


def test_a_bare_body_takes_the_name_of_its_earlier_mention(context):
    text = ("A French Navy frigate returned to Toulon on Sunday.\n\n"
            "Its helicopters flew more than 300 combat missions over the Red Sea since January, the Navy said.")
    assert [s for _, s in sources(context(text))] == ["French Navy"]


def test_an_international_organisation_is_named_by_its_acronym(context):
    text = "Some 40,000 people have fled the province since January, the United Nations said."
    assert [s for _, s in sources(context(text))] == ["UN"]


def test_a_bare_body_takes_the_proper_name_the_article_gives_it_most(context):
    text = ("Kent Police said on Monday that officers from Essex Police had joined the search.\n\n"
            "A Kent Police spokesman urged calm.\n\n"
            "Police said 12 people have been arrested so far in connection with the riots.")
    assert sources(context(text)) == [("arrests_count", "Kent Police")]


def test_a_place_owning_a_body_qualifies_it(context):
    text = "Russian strikes on Kharkiv have killed more than 2,000 civilians since March, Ukraine's Civil Defense said."
    assert [s for _, s in sources(context(text))] == ["Ukraine Civil Defense"]
