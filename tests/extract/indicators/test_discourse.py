"""Discourse: a figure told twice is one claim; a headline's bare figure is the body's."""
from __future__ import annotations

from strife.extract.indicators import extract_indicators


def test_a_headline_figure_is_the_bodys_figure(context):
    text = ("5000 Residents Remain Trapped in Old City\n\n"
            "At least 5,000 residents remain trapped in the old city, the UN said on Tuesday.")
    found = extract_indicators(context(text))
    assert [(i.metric, i.low, i.high) for i in found] == [("civilians_trapped", 5000, None)]
    assert len(found[0].evidence) == 2 and found[0].source == "UN"


def test_two_body_figures_that_differ_stay_two(context):
    text = ("At least 5,000 residents remain trapped in the old city, the UN said on Tuesday.\n\n"
            "Some 5,000 residents remain trapped in the old city, officials said in March.")
    found = extract_indicators(context(text))
    assert [(i.low, i.high) for i in found] == [(5000, None), (5000, 5000)]
