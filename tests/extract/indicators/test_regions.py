"""Regions: the countries where a claim holds, not those of the one who acted or of the source."""
from __future__ import annotations

from strife.extract.indicators import extract_indicators


def regions(ctx) -> list[tuple[str, str | None]]:
    return [(i.metric, i.region) for i in extract_indicators(ctx)]


def test_the_demonym_of_the_killer_is_not_the_region(context):
    ctx = context("Saudi airstrikes have killed more than 300 people in Yemen this year.")
    assert regions(ctx) == [("deaths_count", "YE")]


def test_the_demonym_of_the_counted_people_is_the_region(context):
    ctx = context("Turkish drones have killed 200 Syrian civilians since January.")
    assert regions(ctx) == [("civilians_killed", "SY")]


def test_a_demonym_of_the_measured_land_is_the_region(context):
    ctx = context("The group still holds about a tenth of Iraqi territory, Turkish officials said.")
    assert regions(ctx) == [("territory_share", "IQ")]


def test_a_named_place_outweighs_the_nationality_of_the_counted(context):
    ctx = context("Five dual-French citizens are believed to be still captive in Gaza, the foreign ministry said.")
    assert regions(ctx) == [("hostages_held", "PS")]


def test_the_owner_of_the_acting_campaign_is_not_the_region(context):
    ctx = context("Russia’s campaign in Ukraine has killed more than 10,000 civilians, according to the UN.")
    assert regions(ctx) == [("civilians_killed", "UA")]


def test_the_owner_of_a_war_alone_is_the_region(context):
    ctx = context("Syria’s war has killed more than 500,000 people, according to the UN.")
    assert regions(ctx) == [("deaths_count", "SY")]


def test_the_seat_of_the_source_is_the_region_when_the_claim_names_none(context):
    ctx = context("Diplomats met in Moscow and St Petersburg on Monday.\n\n"
                  "Russian attacks have killed more than 9,000 people since March, according to figures by the "
                  "health ministry in Kyiv.")
    assert regions(ctx) == [("deaths_count", "UA")]
