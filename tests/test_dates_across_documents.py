"""Dates one report lends another, through the real extraction: a publication date guessed from the
text moves when the report recounts an incident other reports date later, and its relative dates
("last week") follow."""
from strife import api

WIRE = """Truck bomb kills 61 at Iraqi checkpoint

HILLA, Iraq — A suicide bomber drove a fuel tanker packed with explosives into a crowded checkpoint at the
northern entrance of Hilla on Sunday, March 6, 2016, killing 61 people and wounding 95, police and hospital
officials said. The Islamic State group claimed the attack.
"""

REVIEW = """Militants step up bombings as they lose ground

Islamic State fighters have stepped up their bombing campaign in recent weeks. On Feb. 22, 2016, twin car
bombs killed 20 people in the Syrian city of Homs.

In Iraq, a suicide truck bombing at a checkpoint in Hilla killed 61 people and wounded 95. Last week, a
roadside bomb killed three soldiers near Tikrit.
"""


def test_a_guessed_date_moves_after_an_incident_the_report_recounts(tmp_path):
    (tmp_path / "wire.txt").write_text(WIRE, encoding="utf-8")
    (tmp_path / "review.txt").write_text(REVIEW, encoding="utf-8")
    extractions, _, _ = api.extract_paths([str(tmp_path)])
    by_name = {ex.document.name: ex for ex in extractions}
    wire, review = by_name["wire"], by_name["review"]

    # The review alone reads as a week after Feb. 22; it recounts the Hilla bombing of March 6.
    assert wire.pub_date == "2016-03-06" and wire.pub_date_source.startswith("text")
    hilla = next(m for m in review.incidents if m.place and m.place.name == "Hilla")
    assert hilla.cluster_id == wire.incidents[0].cluster_id
    assert review.pub_date == "2016-03-07"
    assert review.pub_date_source == f"anchored:{hilla.cluster_id}"
    assert hilla.date == "2016-03-06" and hilla.date_from_context

    tikrit = next(m for m in review.incidents if m.place and "Tikrit" in m.place.name)
    assert tikrit.date == "2016-02-29..2016-03-06" and tikrit.date_precision == 2  # "last week" from March 7
    homs = next(m for m in review.incidents if m.place and m.place.name == "Homs")
    assert homs.date == "2016-02-22" and not homs.date_from_context
