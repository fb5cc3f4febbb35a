"""The document context: built once per document, read by every extraction stage."""
from __future__ import annotations

from strife.extract.context import build_context
from tests.extract.incidents.conftest import context, nlp  # noqa: F401 (the session fixtures)

REPORT = ("Al-Shabaab attacks army base in Somalia\n"
          "By Jane Doe | March 9, 2016\n\n"
          "Al-Shabaab fighters attacked a Somali army base near Baidoa on Tuesday. "
          "The Somali army said Somali troops repelled the attack. "
          "Al-Shabaab has fought the government since Feb. 28. "
          "Islamic State also operates in Puntland.")


def test_the_dominant_non_state_actor_leaves_state_forces_aside(context):  # noqa: F811
    ctx = context(REPORT)
    counts = {}
    for sp in ctx.actor_spans:
        counts[sp.label_] = counts.get(sp.label_, 0) + 1
    assert counts["Somali security forces"] == counts["al-Shabaab"] == 3  # the state is named as often
    assert ctx.dominant_nonstate == "al-Shabaab"
    assert ctx.is_state("Somali security forces") and not ctx.is_state("al-Shabaab") and not ctx.is_state(None)


def test_a_tie_between_groups_goes_to_the_first_named(context):  # noqa: F811
    ctx = context("The Taliban and the Islamic State both fought in Nangarhar. The Islamic State lost ground. "
                  "The Taliban gained ground.")
    assert ctx.dominant_nonstate == "Taliban"
    assert context("Gunmen attacked a police post in Gao on Monday.").dominant_nonstate is None


def test_the_theatre_is_the_countries_named_often_places_in_actor_names_aside(context):  # noqa: F811
    ctx = context("US Central Command said the strikes hit Mosul and Raqqa. US Central Command said Iraqi troops "
                  "advanced near Tikrit. Syria's army held Aleppo. A Turkish official said little.")
    assert sum(p.country == "US" for p in ctx.places) >= 2  # named twice, both inside the actor's name
    assert ctx.theatre == "IQ,SY"  # Turkey is named once


def test_event_timexes_leave_the_byline_out_and_read_since_as_a_point(context):  # noqa: F811
    ctx = context(REPORT)
    assert [tx[2].text for tx in ctx.timexes] == ["March 9, 2016", "on Tuesday", "since Feb. 28"]
    assert [(tx[2].text, tx[2].iso, tx[2].precision) for tx in ctx.event_timexes] == [
        ("on Tuesday", "2016-03-08", 1), ("since Feb. 28", "2016-02-28", 1)]
    dateline = context("MOGADISHU, March 9 (Wire) - A bomb exploded in Mogadishu on Tuesday.")
    assert [tx[2].text for tx in dateline.event_timexes] == ["on Tuesday"]


def test_a_headline_is_a_first_line_without_a_closing_stop(context):  # noqa: F811
    assert context(REPORT).headline_end == len("Al-Shabaab attacks army base in Somalia")
    assert context("A bomb exploded in Mogadishu.\nNo one was hurt.").headline_end == 0
    assert context("A bomb exploded in Mogadishu").headline_end == 0  # one line: no headline


def test_sentences_paragraphs_and_actors_are_indexed_by_offset(context):  # noqa: F811
    ctx = context(REPORT)
    assert ctx.sentence_starts == tuple(sp.start_char for sp in ctx.sentences)
    assert [ctx.sentence_index[sp.start] for sp in ctx.sentences] == list(range(len(ctx.sentences)))
    assert ctx.paragraph_starts == (0, REPORT.index("Al-Shabaab fighters"))
    said = next(sp for sp in ctx.sentences if sp.text.startswith("The Somali army"))
    assert [sp.text for sp in ctx.actors_in(said.start_char, said.end_char)] == ["Somali army", "Somali troops"]


def test_publication_date_is_parsed_or_left_unknown(context):  # noqa: F811
    assert context("A bomb exploded in Mogadishu on Tuesday.", pub="2016-03-10").pub_date.isoformat() == "2016-03-10"
    unknown = context("A bomb exploded in Mogadishu on Tuesday.", pub=None)
    assert unknown.pub_date is None
    assert build_context(unknown.doc, "t", [], [], "not a date").pub_date is None


def test_since_a_month_is_that_month_and_since_last_year_only_that_year(context):  # noqa: F811
    ctx = context("Rebels have held Kalvo since March. Troops have besieged Dorvik since last year.")
    assert [(tx[2].text, tx[2].precision) for tx in ctx.event_timexes] == [
        ("since March", 3), ("since last year", 5)]
