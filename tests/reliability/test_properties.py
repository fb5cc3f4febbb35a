"""Property-based tests of the number, date and place parsers: on any text they never raise,
return well-formed values, and take bounded time. Each test prints how many cases it ran and its
slowest one (run with -s to see them)."""
import time
from datetime import date

import pytest

from hypothesis import HealthCheck, given, settings, strategies as st

from strife.nlp.gazetteer import Gazetteer
from strife.nlp.geoparse import resolve_place
from strife.nlp.numbers import find_casualties, parse_count
from strife.nlp.timex import find_timexes, parse_timex

MAX_SECONDS = 1.0  # for one example of a few hundred characters
WORDS = ["at least", "more than", "up to", "about", "between", "and", "to", "-", "–", ",", ".", "of", "the",
         "killed", "dead", "wounded", "injured", "killing", "people", "soldiers", "were", "including", "dozens",
         "hundreds", "a dozen", "twenty-one", "one hundred", "thousand", "million", "1,000", "19,000", "2.5",
         "0", "00", "99999999999", "January", "March", "May", "Feb.", "2016", "1999", "3000", "31",
         "29", "Monday", "last", "week", "ago", "days", "since", "early", "mid", "late", "spring", "Q3", "/",
         "2016-02-30", "2016-13-01", "in", "on", "until", "Baghdad", "Paris", "Al", "New", "St.", "'", '"',
         "\n", "  ", "é", "ﬁ", "İ"]
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

phrases = st.lists(st.one_of(st.sampled_from(WORDS), st.integers(-10, 10**12).map(str), st.text(max_size=6)),
                   max_size=40).map(" ".join)
# digit runs of any length: a number too large to count anything is not a count
digit_runs = st.text(alphabet="0123456789,. ", max_size=300)
texts = st.one_of(phrases, st.text(max_size=200), digit_runs, digit_runs.map(lambda d: f"killing {d} people"))
refs = st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))


class Timer:
    """Counts the examples a test ran and keeps its slowest."""

    def __init__(self, name: str):
        self.name, self.cases, self.slowest, self.slowest_input = name, 0, 0.0, None

    def __call__(self, fn, *args):
        start = time.perf_counter()
        result = fn(*args)
        spent = time.perf_counter() - start
        self.cases += 1
        if spent > self.slowest:
            self.slowest, self.slowest_input = spent, args
        assert spent < MAX_SECONDS, (self.name, args, spent)
        return result

    def report(self):
        print(f"\n{self.name}: {self.cases} cases, slowest {self.slowest * 1000:.1f} ms "
              f"on {str(self.slowest_input)[:80]!r}")


def _well_formed_range(rng):
    if rng is None:
        return True
    low, high = rng
    return ((low is None or (isinstance(low, int) and low >= 0)) and (high is None or (isinstance(high, int) and high >= 0))
            and (low is None or high is None or low <= high))


def _iso_parses(iso: str) -> bool:
    for part in iso.split(".."):
        pieces = part.split("-")
        assert len(pieces[0]) == 4 and pieces[0].isdigit() and 1 <= len(pieces) <= 3, iso
        date(int(pieces[0]), int(pieces[1]) if len(pieces) > 1 else 1, int(pieces[2]) if len(pieces) > 2 else 1)
    return True


def test_parse_count():
    timer = Timer("numbers.parse_count")

    @SETTINGS
    @given(texts)
    def check(text):
        rng = timer(parse_count, text)
        assert _well_formed_range(rng), (text, rng)

    check()
    timer.report()


def test_find_casualties():
    timer = Timer("numbers.find_casualties")

    @SETTINGS
    @given(texts)
    def check(text):
        found = timer(find_casualties, text)
        assert _well_formed_range(found.killed) and _well_formed_range(found.wounded), (text, found)
        for span in (found.killed_span, found.wounded_span):
            assert span is None or 0 <= span[0] <= span[1] <= len(text)

    check()
    timer.report()


def test_find_timexes():
    timer = Timer("timex.find_timexes")

    @SETTINGS
    @given(texts, refs)
    def check(text, ref):
        for start, end, value in timer(find_timexes, text, ref):
            assert 0 <= start < end <= len(text)
            assert value.start <= value.end and 1 <= value.precision <= 5
            assert _iso_parses(value.iso)

    check()
    timer.report()


def test_parse_timex():
    timer = Timer("timex.parse_timex")

    @SETTINGS
    @given(texts, refs)
    def check(text, ref):
        value = timer(parse_timex, text, ref)
        assert value is None or (value.start <= value.end and _iso_parses(value.iso))

    check()
    timer.report()


place_names = st.one_of(st.text(max_size=40), st.sampled_from(WORDS),
                        st.lists(st.sampled_from(["Al", "New", "Baghdad", "Paris", "St.", "the", "-", "Mosul",
                                                  "Kunduz", "York", "Saint", "'", "Ville"]), max_size=6).map(" ".join))


def test_resolve_place():
    timer = Timer("geoparse.resolve_place")
    resolve_place("Baghdad")  # the first call loads the gazetteer and the model (seconds): not a case

    @settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(place_names, st.lists(st.text(max_size=3), max_size=3))
    def check(name, countries):
        place = timer(resolve_place, name, countries)
        if place is not None:
            assert (place.lat is None) == (place.lon is None)
            assert place.lat is None or (-90 <= place.lat <= 90 and -180 <= place.lon <= 180)
            assert place.precision is None or 1 <= place.precision <= 7

    check()
    timer.report()


def test_gazetteer_lookup():
    timer = Timer("gazetteer.lookup")
    gazetteer = Gazetteer.load()

    @settings(max_examples=300, deadline=None)
    @given(place_names, st.booleans())
    def check(name, fuzzy):
        for candidate in timer(lambda n, f: gazetteer.lookup(n, fuzzy=f), name, fuzzy):
            assert -90 <= candidate.lat <= 90 and -180 <= candidate.lon <= 180
            assert 1 <= candidate.precision <= 7

    check()
    timer.report()


def test_a_count_of_more_than_308_digits_does_not_raise():
    assert find_casualties("Gunmen killed " + "1" * 309 + "1 people.").killed is None


def test_counts_stay_within_a_database_integer():
    for text in ("killing 99999999999999999999 people", "99999999999999999999"):
        rng = find_casualties(text).killed if "killing" in text else parse_count(text)
        assert rng is None or all(v is None or v < 2**63 for v in rng), (text, rng)
