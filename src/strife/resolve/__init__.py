"""Resolution: incident mentions from many documents → events, with every source's figures kept.

Two mentions are the same real-world incident when their kinds belong together, their dates
agree at the coarser precision (a day may be off by one), their places lie within the coarser
place's radius (or one holds the other: a country its towns), and their figures and perpetrators
do not contradict; the place must agree, or the reports name one person (an accused, a victim:
people.py), or, for a report that only names the country, the day and the toll, the day and the
doer, the day and a rare attack type, or the day and distinctive words (`shared_words`) must.
A report that tells a court's step may date the crime by that step: one accused, weeks or more
apart, is then no contradiction (without the step, two deeds). A mention dated only by its context
(its report's or paragraph's day) is told days after the incident at most: a week later than another
report's own date is no contradiction (`_told_days_later`). Two places the gazetteer does not hold
(a city's districts) are one when spelt alike but for a doubled letter, an article or a hyphen, and
two otherwise; reports of one day at one such place tell one incident whatever their tolls, counted
at different hours (`_counted_again`). A battle for a town lasts weeks: a report of one there
that dates none tells the one other reports date. One deed may be placed on either
side of a border (the attackers' home, the attacked town): reports naming its doer on one day, at
places near each other, tell one incident. A report's own
mentions stay apart unless they name one person (the extraction split one incident in two).
`verdict` says it for a pair: +1 one incident, -1 two (a contradiction), 0 nothing either way.

The result depends only on the set of mentions, never on their order, and costs near-linear time:
1. blocking: a mention is compared only with mentions of the same kind family and country whose
   dates fall in the same or the neighbouring month (undated ones with the country's other
   undated ones and with its dated ones only through a place match; see `_candidate_pairs` for
   the few indexes that reach further: one person, one doer's day across a border);
2. the pairs tied (+1) form a graph; each connected component is split, in a fixed order (mentions
   sorted by id), into groups where no two mentions contradict (-1), so that a report saying too
   little to be tied to every other (only its country, no place) does not split an incident, while
   chains cannot drift into another day, town, doer or toll; a mention the order placed in a group
   it is tied to less then moves to the group it is tied to most where nothing contradicts it (`_groups`);
3. an event's id is a hash of its first mention's id.
Adding documents later re-clusters only the components they touch (see `neighbourhood`).
Syndicated copies (near-identical texts) count as one source.
"""
from __future__ import annotations

import hashlib
import math
import re
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from functools import lru_cache

from strife.nlp.gazetteer import distance_km, spelling_key
from strife.nlp.lexicon import load_actors, load_vocabulary, normalize
from strife.records import PRECISION_RADIUS_KM, Event, IncidentMention, Place
from strife.resolve.people import accused, named_people, share_a_person

FAMILY = {"attack": "violent", "battle": "violent", "airstrike": "violent", "raid": "violent",
          "execution": "violent", "leader_killed": "leader", "arrest": "arrest", "territory_change": "territory"}
UNDATED = -1


@lru_cache(maxsize=65536)
def date_range(iso: str | None) -> tuple[date, date] | None:
    """'2016-03-06' → that day; '2016-03' → the month; '2015' → the year; 'A..B' → the span."""
    if not iso:
        return None
    if ".." in iso:
        a, b = iso.split("..", 1)
        ra, rb = date_range(a), date_range(b)
        return (ra[0], rb[1]) if ra and rb else None
    parts = iso.split("-")
    try:
        y = int(parts[0])
        if len(parts) == 1:
            return date(y, 1, 1), date(y, 12, 31)
        m = int(parts[1])
        if len(parts) == 2:
            end = date(y + (m == 12), m % 12 + 1, 1)
            return date(y, m, 1), date.fromordinal(end.toordinal() - 1)
        d = date(y, m, int(parts[2][:2]))
        return d, d
    except (ValueError, IndexError):
        return None


def single_date(iso: str | None) -> str | None:
    """One calendar value for a period, as event datasets code it (ACLED's event_date with its
    time_precision): a day; the middle day of a period of a week or less; the month of a period
    inside one month, or of up to two months (the month holding its middle); the year of a period
    inside one year ("summer 2014" is 2014, not July); the month holding the middle of a period of up
    to three months across a new year (whose year alone would be a coin toss); the year holding the
    middle of a period of up to about a year; longer periods stay ranges. The period itself goes in
    date_start/date_end."""
    rng = date_range(iso)
    if rng is None:
        return iso
    start, end = rng
    days = (end - start).days + 1
    middle = start + (end - start) / 2
    if days <= 7:
        return middle.isoformat()
    if (start.year, start.month) == (end.year, end.month) or days <= 62 or start.year != end.year and days <= 92:
        return f"{middle.year:04d}-{middle.month:02d}"
    if start.year == end.year or days <= 400:
        return f"{middle.year:04d}"
    return iso


def _date_agreement(a: IncidentMention, b: IncidentMention) -> int:
    """+1 agree, 0 unknown, -1 contradict (a day may be off by one: reports straddle midnight; two
    periods may not: December 2004 is not 2005)."""
    ra, rb = date_range(a.date), date_range(b.date)
    if ra is None or rb is None:
        return 0
    slack = 1 if ra[0] == ra[1] or rb[0] == rb[1] else 0
    if ra[0].toordinal() - slack <= rb[1].toordinal() and rb[0].toordinal() - slack <= ra[1].toordinal():
        return 1
    return -1


def _place_agreement(a: Place | None, b: Place | None) -> int:
    """+1 one place; 0 compatible but unproven; -1 two places. Places at different precisions are
    compatible when one holds the other: a country any of its places (0: it proves nothing), a
    first-order area its towns however far from its centre (by admin1 code). One name the geocoder
    read as two far-apart places ("Albany", New York or Alberta) is one place: the reports say the same."""
    if a is None or b is None:
        return 0
    same_name = _same_name(a, b)
    coarse, fine = sorted((a, b), key=lambda p: p.precision or 1, reverse=True)
    if (coarse.precision or 1) >= 6:
        return -1 if a.country and b.country and a.country != b.country and not same_name else 0
    if a.lat is not None and b.lat is not None:
        radius = max(PRECISION_RADIUS_KM.get(a.precision or 1, 25), PRECISION_RADIUS_KM.get(b.precision or 1, 25))
        if distance_km(a.lat, a.lon, b.lat, b.lon) <= radius:
            # a report at country or border precision agrees with anything inside it but proves nothing
            return 1 if max(a.precision or 1, b.precision or 1) <= 4 else 0
        if coarse.precision == 4 and coarse.admin1 and coarse.admin1 == fine.admin1 and coarse.country == fine.country:
            return 1
        if same_name:
            return 1
        # a town name the geocoder read as its namesake far away ("Brownsville" of Texas for the
        # neighbourhood of Brooklyn when nothing else in the report placed it): another report near
        # a place of that name does not contradict it
        return 0 if _namesake_near(a, b, radius) or _namesake_near(b, a, radius) else -1
    if same_name:
        return 1
    if a.country and b.country and a.country != b.country:
        return -1
    if _unplaced(a) and _unplaced(b):
        # two names the gazetteer does not hold (a city's district, a village): one place when
        # spelt alike but for a doubled letter, an article or a hyphen; else two places
        return 1 if _same_small_place(a, b) else -1
    return 0


def _town(p: Place) -> bool:
    """A place at a town's precision or finer, with a point."""
    return p.lat is not None and (p.precision or 1) <= 2


def _unplaced(p: Place | None) -> bool:
    """A named place the gazetteer does not hold: no point, so only its name can compare it."""
    return p is not None and p.lat is None and bool(p.name)


def _same_small_place(a: Place, b: Place) -> bool:
    return spelling_key(a.name) == spelling_key(b.name) != ""


def _counted_again(a: IncidentMention, b: IncidentMention) -> bool:
    """Two reports of one day placing an incident in one place too small for the gazetteer (a
    city's district, a village): their tolls are counts made at different hours ("a dozen killed"
    by noon, sixty by night), not two incidents; two incidents of one day in one such place are
    rarer than a toll that rose. A town's or a city's toll still tells its incidents apart."""
    return _same_day(a, b) and _unplaced(a.place) and _unplaced(b.place) and _same_small_place(a.place, b.place)


def _namesake_near(a: Place, b: Place, radius: float) -> bool:
    """Whether a place of a town's name (a town or a neighbourhood) lies within `radius` of the other."""
    if not a.name or (a.precision or 1) > 2 or b.lat is None:
        return False
    return any(distance_km(lat, lon, b.lat, b.lon) <= radius for lat, lon in _senses(a.name))


@lru_cache(maxsize=4096)
def _senses(name: str) -> tuple[tuple[float, float], ...]:
    """Where the towns spelt `name` lie."""
    from strife.nlp.geoparse import _get_parser
    key = normalize(name)
    return tuple((c.lat, c.lon) for c in _get_parser().g.lookup(name, fuzzy=False)
                 if c.feature == "city" and normalize(c.name) == key and c.lat is not None)


def _same_name(a: Place, b: Place) -> bool:
    return bool(a.name and b.name and normalize(a.name) == normalize(b.name))


def _range_agreement(lo1, hi1, lo2, hi2) -> int:
    if lo1 is None and hi1 is None or lo2 is None and hi2 is None:
        return 0
    a_lo, b_lo = lo1 if lo1 is not None else 0, lo2 if lo2 is not None else 0
    a_hi = hi1 if hi1 is not None else math.inf
    b_hi = hi2 if hi2 is not None else math.inf
    if max(a_lo, b_lo) <= min(a_hi, b_hi):
        return 1
    # figures a few percent apart are usually the same toll counted at another hour
    gap = max(a_lo, b_lo) - min(a_hi, b_hi)
    ref = max(a_lo, b_lo, 1)
    return 1 if gap <= max(2, 0.1 * ref) else -1


def same_perpetrator(a: str, b: str) -> bool:
    """Two reports name the same perpetrator: the same actor of the list (a state's forces and the
    state itself are one: "French security forces" and an arrest's "France"), or a person's name
    spelt alike but for accents, case or a typo in the first name ("Marquise Dalton" and a
    report's "Marqiuse Dalton"; "Joaquín Guzmán López" and "Joaquin Guzman Lopez"; "Orozco" and
    "Jose Luis Orozco")."""
    if a == b:
        return True
    lexicon = load_actors()
    known_a, known_b = _actor_key(a, lexicon), _actor_key(b, lexicon)
    if known_a or known_b:
        return known_a == known_b
    words_a, words_b = normalize(a).split(), normalize(b).split()
    if not words_a or not words_b or words_a[-1] != words_b[-1]:
        return False
    return len(words_a) == 1 or len(words_b) == 1 or words_a[0][:1] == words_b[0][:1]


def _actor_key(name: str, lexicon) -> str | None:
    """The state an actor of the list is the forces of, else its canonical name; a state's own
    name when it is one; None for a name the list does not know (a person, an unlisted group)."""
    if name in lexicon:
        return lexicon.state_of(name) or name
    return name if lexicon.force_of(name) else None


# Attack types reports of one incident mix up (a car bomb, a bombing, a suicide bombing, gunmen who
# also detonated one): two of them do not contradict, and one alone is too common to tie two reports
# of one country and day
COMMON_ATTACK_TYPES = frozenset({"bombing", "suicide_bombing", "vehicle_bomb", "armed_assault"})


def compatible(a: IncidentMention, b: IncidentMention) -> bool:
    """Whether two mentions' own evidence ties them to one incident (see `verdict`)."""
    return verdict(a, b) == 1


def verdict(a: IncidentMention, b: IncidentMention) -> int:
    """+1: the two mentions tell one incident; -1: they cannot (their kinds, doers, dates, places or
    tolls contradict); 0: nothing contradicts, but nothing ties them either (a report naming only the
    country and no toll, a report with no place). Clustering joins on +1 and splits on -1 only."""
    if FAMILY.get(a.kind) != FAMILY.get(b.kind):
        return -1
    if a.kind != b.kind and {a.kind, b.kind} & {"airstrike", "execution"}:
        return -1
    if a.perpetrator and b.perpetrator and not same_perpetrator(a.perpetrator, b.perpetrator) and \
            "inferred" not in (a.attribution, b.attribution):
        return -1
    if a.attack_type and b.attack_type and a.attack_type != b.attack_type and \
            {a.attack_type, b.attack_type} - COMMON_ATTACK_TYPES:
        return -1
    place_ok = _place_agreement(a.place, b.place)
    date_ok = _date_agreement(a, b)
    if date_ok == -1 and (_dated_by_court_step(a, b) or _told_days_later(a, b)):
        date_ok = 0
    people = share_a_person(a, b)
    country_a = a.place.country if a.place else None
    country_b = b.place.country if b.place else None
    if country_a and country_b and country_a != country_b and not _same_name(a.place, b.place):
        # two countries: two incidents, or a name the geocoder misread ("Philadelphia" as Amman's old
        # name), which only one person named on one day tells, or one deed placed on either side of
        # a border (the attackers' home, the attacked town) by reports naming its doer on one day
        if date_ok != 1 or not (people or _near_a_border(a, b)):
            return -1
        if not (people or _across_a_border(a, b)):
            return 0
        place_ok = 0
    killed_ok = _range_agreement(a.killed_min, a.killed_max, b.killed_min, b.killed_max)
    if killed_ok == -1 and _counted_again(a, b):
        killed_ok = 0
    if -1 in (date_ok, place_ok, killed_ok):
        return -1
    if FAMILY.get(a.kind) == "territory":
        # the same place changing hands again months later is another event
        return 1 if place_ok == 1 and date_ok >= 0 else 0
    if a.kind == b.kind == "battle" and place_ok == 1 and date_ok == 0 and _town(a.place) and _town(b.place):
        # a battle for a town lasts weeks: a report that dates none tells the one other reports date
        return 1
    same_type = bool(a.attack_type and a.attack_type == b.attack_type)
    # the place must agree, or the same named person be in both, or (reports at country precision)
    # the day and the toll, the day and the doer both name, the day and a rare attack type, or the
    # day and distinctive words
    if place_ok == 1:
        return 1 if date_ok + killed_ok + same_type + people >= 1 else 0
    if people:
        return 1
    if date_ok == 1 and country_a and country_b and country_a != country_b:
        return 1  # across a border, named on one day (above)
    if not (country_a and country_a == country_b and date_ok == 1):
        return 0
    if killed_ok == 1 or killed_ok == 0 and _same_day_same_doer(a, b):
        return 1
    if not _same_day(a, b):
        return 0
    if same_type and a.attack_type not in COMMON_ATTACK_TYPES:
        return 1
    return 1 if len(shared_words(a, b)) >= SHARED_WORDS_MIN else 0


# How far apart two places on either side of a border may lie and still be one deed's
BORDER_KM = 100


# Distinctive words two reports of one country and day must share to tell one incident
SHARED_WORDS_MIN = 3


def shared_words(a: IncidentMention, b: IncidentMention) -> set[str]:
    """The distinctive words both mentions' evidence uses ("sabotage", "rail", "deputy"): not a
    function word, not a word of any conflict report (`report_common_words`), not their places'
    names; plurals counted as their singular."""
    return _distinctive_words(a) & _distinctive_words(b) - _place_words(a) - _place_words(b)


def _distinctive_words(m: IncidentMention) -> set[str]:
    return _words_of(tuple(e.text for e in m.evidence))


@lru_cache(maxsize=65536)
def _words_of(texts: tuple[str, ...]) -> frozenset[str]:
    common = _common_words()
    words = set()
    for word in re.findall(r"[a-z]+", " ".join(texts).lower()):
        if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        if len(word) >= 4 and word not in common:
            words.add(word)
    return frozenset(words)


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    common = set(STOP_WORDS) | set(load_vocabulary().words("report_common_words"))
    return frozenset(common | {w[:-1] for w in common if len(w) > 4 and w.endswith("s")})


def _place_words(m: IncidentMention) -> set[str]:
    return set(re.findall(r"[a-z]+", (m.place.name or "").lower())) if m.place is not None else set()


def _same_day(a: IncidentMention, b: IncidentMention) -> bool:
    return len(a.date or "") == 10 and a.date == b.date


def _near_a_border(a: IncidentMention, b: IncidentMention) -> bool:
    """Places in two countries (a town, or a country's centre) at most BORDER_KM apart."""
    pa, pb = a.place, b.place
    return pa.lat is not None and pb.lat is not None and distance_km(pa.lat, pa.lon, pb.lat, pb.lon) <= BORDER_KM


def _across_a_border(a: IncidentMention, b: IncidentMention) -> bool:
    """One deed told on either side of a border: one kind, one day, one doer both reports name (one
    of them in its own words, not inferred), places (a town, or a country's centre) at most
    BORDER_KM apart."""
    if a.kind != b.kind or not _same_day(a, b) or not _near_a_border(a, b):
        return False
    return bool(a.perpetrator and b.perpetrator and same_perpetrator(a.perpetrator, b.perpetrator)) and \
        not a.attribution == b.attribution == "inferred"


def _same_day_same_doer(a: IncidentMention, b: IncidentMention) -> bool:
    """Both reports date the incident to a day and name its doer themselves (not inferred)."""
    return bool(a.perpetrator and b.perpetrator and len(a.date or "") == 10 and len(b.date or "") == 10
                and "inferred" not in (a.attribution, b.attribution) and same_perpetrator(a.perpetrator, b.perpetrator))


# A court's step (a trial, a verdict) comes weeks after the crime at the earliest: an accused's two
# dates nearer than this are two deeds (a shooting, and the killing of the deputy who sought him four days later)
COURT_STEP_MIN_DAYS = 14


def _dated_by_court_step(a: IncidentMention, b: IncidentMention) -> bool:
    """Whether two mentions whose dates disagree may still tell one crime: both name one person as
    its accused, and the later-dated one's report tells a court's step weeks or more after the
    other's date, so its date may be the step's ("two accused went on trial Wednesday for killing a
    mother of 12": the killing dated by the trial's Wednesday)."""
    person_a, person_b = accused(a), accused(b)
    if person_a is None or person_b is None or not person_a.same_person(person_b):
        return False
    (start_a, end_a), (start_b, end_b) = date_range(a.date), date_range(b.date)
    earlier_end, later, later_start = (end_a, b, start_b) if start_a <= start_b else (end_b, a, start_a)
    if (later_start - earlier_end).days < COURT_STEP_MIN_DAYS:
        return False
    words = {w for e in later.evidence for w in re.findall(r"[a-z]+", e.text.lower())}
    return not words.isdisjoint(load_vocabulary().words("legal_step_words"))


# How long after an incident a report may tell it: a sentence that gives no date of its own takes its
# paragraph's or report's day (date_from_context), which may be that many days after the incident
TOLD_LATER_MAX_DAYS = 7


def _told_days_later(a: IncidentMention, b: IncidentMention) -> bool:
    """Whether two mentions' disagreeing days may still be one incident's: one dates it by its own
    words, the other only by its context (its report's or paragraph's day), and that day comes at
    most TOLD_LATER_MAX_DAYS after the own date: the day it was told, not the day it happened. A
    context day before the own date, or weeks after it, still contradicts."""
    if a.date_from_context == b.date_from_context:
        return False
    own, told = (b, a) if a.date_from_context else (a, b)
    r_own, r_told = date_range(own.date), date_range(told.date)
    if r_own is None or r_told is None or r_told[0] != r_told[1]:
        return False
    return 0 < (r_told[0] - r_own[1]).days <= TOLD_LATER_MAX_DAYS


def _time_keys(m: IncidentMention) -> tuple[list[tuple], list[tuple]] | None:
    """Where a dated mention is filed and where it looks, so that only mentions whose dates can
    agree meet: a day meets the days on either side and the month-precise reports of its month;
    a month-precise report meets the reports of its month. None when undated (or a long period)."""
    rng = date_range(m.date)
    if rng is None or (rng[1] - rng[0]).days > 62:
        return None
    if rng[0] == rng[1]:
        day = rng[0].toordinal()
        month = rng[0].year * 12 + rng[0].month - 1
        return [("d", day), ("md", month)], [("d", day - 1), ("d", day), ("d", day + 1), ("m", month)]
    months = sorted({d.year * 12 + d.month - 1 for d in (rng[0], rng[1])})
    months = list(range(months[0], months[-1] + 1))
    return [("m", k) for k in months], [key for k in months for key in (("m", k), ("md", k))]


def _fine(m: IncidentMention) -> bool:
    return m.place is not None and m.place.lat is not None and (m.place.precision or 1) <= 4


def _killed_bucket(m: IncidentMention) -> int | None:
    value = m.killed_min if m.killed_min is not None else m.killed_max
    return None if value is None else int(math.log2(value + 1))


# Two grids: reports placed to a town (radius ≤ 50 km) look through 0.25° cells two around; reports
# placed to a district or province (radius 150–400 km) look through 2° cells one or two around.
# Every placed report is filed in both, and a pair is yielded by the side with the larger radius.
FINE_CELL, COARSE_CELL = 0.25, 2.0
# Reports of one kind family naming a surname, beyond which it is too common to pair them all on it
PERSON_BUCKET_MAX = 200


def _search(precision: int) -> tuple[float, int]:
    radius = PRECISION_RADIUS_KM.get(precision or 1, 25)
    if radius <= 50:
        return FINE_CELL, 2
    return COARSE_CELL, 1 if radius <= 200 else 2


def _cell_of(lat: float, lon: float, size: float) -> tuple[int, int]:
    return int(math.floor(lat / size)), int(math.floor(lon / size))


def _candidate_pairs(mentions: list[IncidentMention]) -> Iterable[tuple[int, int]]:
    """Pairs worth comparing, each once, found through indexes so the work grows with the number
    of mentions, not its square (index keys are hashed tuples: a collision only adds a pair to test):
    - placed reports (town to province precision): same family and country, near enough on a
      grid matched to the place's precision, and dates that can agree (see `_time_keys`);
    - a report placed only at country precision can only join through the day and the toll or the
      doer, so it meets reports of the same family and country with dates that can agree and a
      similar toll, or dated to the day with the doer it names;
    - an undated report can only join through its place, so it meets the reports named alike or
      near it, whatever their date;
    - reports naming one person (a shooter, a victim: see people.py) meet whatever their dates,
      places and countries (the only way one place name the geocoder read in two countries meets),
      unless the surname is too common to tell anything (over PERSON_BUCKET_MAX reports);
    - a report dated to a day but placed only at country precision (or not at all) meets the
      reports of its family, country and day (unless over PERSON_BUCKET_MAX), which it may share
      distinctive words with (`shared_words`);
    - placed reports in two countries dated to one day and naming one doer meet (one deed told on
      either side of a border), unless that doer's day is too busy (over PERSON_BUCKET_MAX reports).
    A pair found through two indexes may come twice."""
    by_cell: dict[tuple, list[int]] = defaultdict(list)
    by_toll: dict[tuple, list[int]] = defaultdict(list)
    by_cell_any: dict[tuple, list[int]] = defaultdict(list)
    by_name: dict[tuple, list[int]] = defaultdict(list)
    undated_by_name: dict[tuple, list[int]] = defaultdict(list)
    undated_by_cell: dict[tuple, list[int]] = defaultdict(list)
    by_surname: dict[tuple, list[int]] = defaultdict(list)
    by_doer: dict[tuple, list[int]] = defaultdict(list)
    by_day_doer: dict[tuple, list[int]] = defaultdict(list)
    by_day: dict[tuple, list[int]] = defaultdict(list)
    info = []
    for i, m in enumerate(mentions):
        family = FAMILY.get(m.kind, m.kind)
        country = m.place.country if m.place and m.place.country else "?"
        fine = _fine(m)
        toll = _killed_bucket(m)
        times = _time_keys(m)
        # a place the gazetteer does not hold meets its spelling variants ("Karrada", "Karada")
        name = (m.place.geonameid or spelling_key(m.place.name) or m.place.name.lower()) if m.place is not None else None
        search = _search(m.place.precision) if fine else None
        rank = PRECISION_RADIUS_KM.get(m.place.precision or 1, 25) if fine else 10 ** 6
        info.append((family, country, fine, toll, times, name, search, rank))
        for surname in dict.fromkeys(person.surname for person in named_people(m)):
            by_surname[hash((family, surname))].append(i)
        if len(m.date or "") == 10:
            by_day[hash((family, country, m.date))].append(i)
        if m.perpetrator and len(m.date or "") == 10 and m.place is not None and m.place.lat is not None:
            doer = _actor_key(m.perpetrator, load_actors()) or normalize(m.perpetrator)
            by_day_doer[hash((family, m.date, doer))].append(i)
        # the fine grid only holds what fine searches must find (a wider search yields its own pairs)
        sizes = (FINE_CELL, COARSE_CELL) if fine and search[0] == FINE_CELL else (COARSE_CELL,) if fine else ()
        cells = [(size, _cell_of(m.place.lat, m.place.lon, size)) for size in sizes]
        if times is None:
            if name is not None:
                undated_by_name[hash((family, country, name))].append(i)
            for size, cell in cells:
                undated_by_cell[hash((family, country, size, cell))].append(i)
            continue
        filed, _ = times
        doer = _doer_key(m)
        for t in filed:
            if doer is not None:
                by_doer[hash((family, country, t, doer))].append(i)
            for size, cell in cells:
                by_cell[hash((family, country, t, size, cell))].append(i)
            if toll is not None:
                by_toll[hash((family, country, t, toll, not fine))].append(i)
        for size, cell in cells:
            by_cell_any[hash((family, country, size, cell))].append(i)
        if name is not None:
            by_name[hash((family, country, name))].append(i)

    def around(m: IncidentMention, search: tuple[float, int]):
        size, reach = search
        la, lo = _cell_of(m.place.lat, m.place.lon, size)
        return [(size, (la + dla, lo + dlo)) for dla in range(-reach, reach + 1) for dlo in range(-reach, reach + 1)]

    for i, (family, country, fine, toll, times, name, search, rank) in enumerate(info):
        m = mentions[i]
        near = around(m, search) if fine else []
        if times is None:
            found: set[int] = set()
            if name is not None:
                found.update(by_name.get(hash((family, country, name)), ()))
            for size, cell in near:
                found.update(by_cell_any.get(hash((family, country, size, cell)), ()))
            yield from ((i, j) for j in sorted(found))  # dated reports never look for undated ones
            others: set[int] = set()  # undated with undated: through the place too
            if name is not None:
                others.update(undated_by_name.get(hash((family, country, name)), ()))
            for size, cell in near:
                others.update(undated_by_cell.get(hash((family, country, size, cell)), ()))
            yield from ((i, j) for j in sorted(others) if j > i and _yields(rank, info[j][7], i, j))
            continue
        found = set()
        _, looks = times
        doer = _doer_key(m) if not fine else None
        if doer is not None:  # placed or not, what names the doer on the day meets a report without a place
            same_doer = {j for t in looks for j in by_doer.get(hash((family, country, t, doer)), ()) if j != i}
            yield from ((min(i, j), max(i, j)) for j in sorted(same_doer))
        for t in looks:
            for size, cell in near:
                found.update(by_cell.get(hash((family, country, t, size, cell)), ()))
            if toll is not None:
                for dt in (-1, 0, 1):
                    # one side at country precision: placed reports meet coarse ones and the reverse
                    found.update(by_toll.get(hash((family, country, t, toll + dt, True)), ()))
                    if not fine:
                        found.update(by_toll.get(hash((family, country, t, toll + dt, False)), ()))
        for j in sorted(found):
            if j == i:
                continue
            if info[j][2] and fine:  # both placed: the wider search yields it
                if _yields(rank, info[j][7], i, j):
                    yield min(i, j), max(i, j)
            elif j > i:
                yield i, j
    for members in by_surname.values():
        if len(members) <= PERSON_BUCKET_MAX:
            yield from ((i, j) for x, i in enumerate(members) for j in members[x + 1:])
    for members in by_day.values():  # a report placed only in its country meets its country's day
        if len(members) <= PERSON_BUCKET_MAX:
            yield from ((i, j) for x, i in enumerate(members) for j in members[x + 1:] if not (info[i][2] and info[j][2]))
    for members in by_day_doer.values():  # one doer's deeds of a day on either side of a border
        if len(members) <= PERSON_BUCKET_MAX:
            yield from ((i, j) for x, i in enumerate(members) for j in members[x + 1:] if info[i][1] != info[j][1])


def _doer_key(m: IncidentMention) -> str | None:
    """Who a report itself says did it (not an inferred doer), as `same_perpetrator` compares them."""
    if not m.perpetrator or m.attribution == "inferred" or len(m.date or "") != 10:
        return None
    return _actor_key(m.perpetrator, load_actors()) or normalize(m.perpetrator)


def _yields(rank_i: int, rank_j: int, i: int, j: int) -> bool:
    """Of two placed reports, the one with the wider search reports the pair (ties: the lower index)."""
    return rank_i > rank_j or (rank_i == rank_j and i < j)


def cluster(mentions: list[IncidentMention], syndicated: dict[str, str] | None = None) -> dict[str, str]:
    """mention id → cluster id, the same whatever the order of `mentions`."""
    syndicated = syndicated or {}
    ordered = sorted(mentions, key=lambda m: (m.doc_id, m.index))
    parent = list(range(len(ordered)))
    neighbours: dict[int, set[int]] = defaultdict(set)

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    spans = []  # each mention's date as ordinal days, for a cheap first test
    for m in ordered:
        rng = date_range(m.date)
        spans.append((rng[0].toordinal() - 1, rng[1].toordinal() + 1) if rng else None)
    for i, j in _candidate_pairs(ordered):
        a, b = ordered[i], ordered[j]
        si, sj = spans[i], spans[j]
        if si is not None and sj is not None and (si[1] < sj[0] or sj[1] < si[0]) and not _dated_by_court_step(a, b) \
                and not _told_days_later(a, b):
            continue  # days apart: most pairs of a busy cell and month end here
        if _pair_verdict(a, b, syndicated) == 1:
            neighbours[i].add(j)
            neighbours[j].add(i)
            ri, rj = find(i), find(j)
            if ri != rj:
                parent[max(ri, rj)] = min(ri, rj)
    components: dict[int, list[int]] = defaultdict(list)
    for i in range(len(ordered)):
        components[find(i)].append(i)
    assignment: dict[str, str] = {}
    for members in components.values():
        for group in _groups(members, neighbours, ordered, syndicated):
            cid = cluster_id([ordered[i] for i in group])
            for i in group:
                assignment[ordered[i].id] = cid
    return assignment


def _pair_verdict(a: IncidentMention, b: IncidentMention, syndicated: Mapping[str, str]) -> int:
    """`verdict`, with what the documents say: a syndicated copy's incident is its original's, and
    a report's own incidents are its own to tell apart, unless it names one person in two (the
    extraction split one incident in two)."""
    copy = syndicated.get(a.doc_id) == b.doc_id or syndicated.get(b.doc_id) == a.doc_id
    if copy and a.index == b.index:
        return 1
    if a.doc_id == b.doc_id and not share_a_person(a, b):
        return -1
    return verdict(a, b)


# Rounds of merging groups and moving mentions to the group they are tied to most (`_groups`)
REGROUP_ROUNDS = 4


def _groups(members: list[int], neighbours: dict[int, set[int]], ordered: list[IncidentMention],
            syndicated: Mapping[str, str]) -> list[list[int]]:
    """Within a component (members in id order), groups that no pair of their mentions contradicts:
    a mention joins, of the groups holding a mention it is tied to, the one it is tied to most (the
    first on a tie) where no member contradicts it, else starts a group; then two groups tied by a
    pair of mentions merge (the most tied first) while nothing across them contradicts. A mention
    that says too little to be tied to every member (a report of the country alone, one with no
    place) does not split an incident, while one that contradicts a member (another day, town,
    doer or toll) does."""
    verdicts: dict[tuple[int, int], int] = {}

    def fits(i: int, j: int) -> bool:
        if j in neighbours.get(i, ()):
            return True
        key = (i, j) if i < j else (j, i)
        if key not in verdicts:
            verdicts[key] = _pair_verdict(ordered[key[0]], ordered[key[1]], syndicated)
        return verdicts[key] != -1

    groups: list[list[int]] = []
    group_of: dict[int, int] = {}
    for i in members:
        ties: dict[int, int] = defaultdict(int)
        for j in neighbours.get(i, ()):
            if j in group_of:
                ties[group_of[j]] += 1
        home = next((g for g in sorted(ties, key=lambda g: (-ties[g], g)) if all(fits(i, j) for j in groups[g])), None)
        if home is None:
            home = len(groups)
            groups.append([])
        groups[home].append(i)
        group_of[i] = home
    refused: set[tuple[int, int]] = set()
    for _ in range(REGROUP_ROUNDS):
        while True:
            ties = defaultdict(int)
            for i in members:
                for j in neighbours.get(i, ()):
                    g, h = group_of[i], group_of[j]
                    if g < h and (g, h) not in refused:
                        ties[(g, h)] += 1
            merged = False
            for g, h in sorted(ties, key=lambda pair: (-ties[pair], pair)):
                if all(fits(i, j) for i in groups[g] for j in groups[h]):
                    for j in groups[h]:
                        group_of[j] = g
                    groups[g] = sorted(groups[g] + groups[h])
                    groups[h] = []
                    merged = True
                    break
                refused.add((g, h))
            if not merged:
                break
        # a mention the id order placed early stays where it is tied less: it moves to the group it is
        # tied to most (and more than to its own) where no member contradicts it; a group that loses
        # a mention may then merge with one it was refused
        left: set[int] = set()
        for i in members:
            ties = defaultdict(int)
            for j in neighbours.get(i, ()):
                ties[group_of[j]] += 1
            own = group_of[i]
            home = next((g for g in sorted(ties, key=lambda g: (-ties[g], g))
                         if g != own and ties[g] > ties[own] and all(fits(i, j) for j in groups[g])), None)
            if home is not None:
                groups[own].remove(i)
                groups[home] = sorted(groups[home] + [i])
                group_of[i] = home
                left.add(own)
        if not left:
            break
        # what a mention that moved away held together falls apart into the parts still tied
        for g in sorted(left):
            for part in _tied_parts(groups[g], neighbours)[1:]:
                groups.append(part)
                for j in part:
                    group_of[j] = len(groups) - 1
                groups[g] = [j for j in groups[g] if j not in part]
        refused = {pair for pair in refused if not left & set(pair)}
    return [group for group in groups if group]


def _tied_parts(group: list[int], neighbours: dict[int, set[int]]) -> list[list[int]]:
    """A group's members in the parts that ties connect (each part in id order; parts by their first)."""
    inside, seen, parts = set(group), set(), []
    for start in group:
        if start in seen:
            continue
        part, stack = [], [start]
        seen.add(start)
        while stack:
            i = stack.pop()
            part.append(i)
            for j in neighbours.get(i, ()):
                if j in inside and j not in seen:
                    seen.add(j)
                    stack.append(j)
        parts.append(sorted(part))
    return parts


def cluster_id(group: list[IncidentMention]) -> str:
    first = min(m.id for m in group)
    return "ev-" + hashlib.sha1(first.encode()).hexdigest()[:12]


def neighbourhood_keys(m: IncidentMention, pub_date: str | None = None) -> tuple[str, str | None, int, int]:
    """What a store query needs to fetch the mentions a new one could join: family, country, and the
    first and last month it may fall in (UNDATED both when nothing bounds it). A period of up to a
    year ("2016") spans its months; an undated mention of a dated report falls in the months just
    before its report (news tells what happened lately), as the batch resolver's comparisons allow."""
    rng = date_range(m.date)
    if rng is None and pub_date and not m.undatable:
        pub = date_range(pub_date)
        if pub:
            rng = (pub[0] - timedelta(days=62), pub[1])
    if rng is None or (rng[1] - rng[0]).days > 400:
        first = last = UNDATED
    else:
        first, last = (d.year * 12 + d.month - 1 for d in rng)
    return FAMILY.get(m.kind, m.kind), (m.place.country if m.place else None), first, last


def reconcile(event_id: str, group: list[IncidentMention], syndicated: dict[str, str] | None = None) -> Event:
    """One event from its mentions. Casualties: low = the smallest lower bound any source gives,
    high = the largest upper bound (open if a source leaves it open), best = the median of the
    sources' point figures (a source's lower bound where it gives no point). Date and place: the
    most precise that a source gives. Perpetrator: the most often named, claims first."""
    syndicated = syndicated or {}
    sources = {syndicated.get(m.doc_id, m.doc_id) for m in group}

    def triple(get_lo, get_hi):
        lows = [get_lo(m) for m in group if get_lo(m) is not None]
        highs = [get_hi(m) for m in group if get_lo(m) is not None or get_hi(m) is not None]
        if not lows and not highs:
            return (None, None, None)
        low = min(lows) if lows else None
        high = None if any(h is None for h in highs) or not highs else max(highs)
        points = [get_lo(m) if get_hi(m) is None or get_lo(m) == get_hi(m) else (get_lo(m) + get_hi(m)) // 2
                  for m in group if get_lo(m) is not None]
        best = int(statistics.median_low(points)) if points else high
        return (low, best, high)

    killed = triple(lambda m: m.killed_min, lambda m: m.killed_max)
    wounded = triple(lambda m: m.wounded_min, lambda m: m.wounded_max)
    dated = [m for m in group if m.date]
    best_date = min(dated, key=lambda m: (m.date_precision or 9, -len(m.date or ""), m.id)) if dated else None
    placed = [m for m in group if m.place is not None]
    best_place = min(placed, key=lambda m: (m.place.precision or 9, m.place.lat is None, m.id)).place if placed else None
    votes: dict[str, int] = defaultdict(int)
    for m in group:
        if m.perpetrator:
            votes[m.perpetrator] += 3 if m.attribution == "claimed" else 2 if m.attribution == "explicit" else 1
    perpetrator = max(sorted(votes), key=votes.get) if votes else None
    kinds = [m.kind for m in group]
    kind = max(sorted(set(kinds)), key=kinds.count)
    types = [m.attack_type for m in group if m.attack_type]
    return Event(
        id=event_id, kind=kind, attack_type=max(sorted(set(types)), key=types.count) if types else None,
        date=best_date.date if best_date else None,
        date_precision=best_date.date_precision if best_date else None, place=best_place,
        perpetrator=perpetrator, claimed=True if any(m.claimed for m in group) else None,
        killed=killed, wounded=wounded, mention_ids=sorted(m.id for m in group), n_sources=len(sources))


# An incident a report leaves undated happened before the report, and news reports recent events
RECENT_DAYS = 30


def date_from_publication(mentions: Iterable[IncidentMention], pub_dates: Mapping[str, str | None]) -> None:
    """Date what neither its report nor any other report dates to the month before its report's
    publication ([pub - RECENT_DAYS, pub], flagged as from context): what a coder does with a report
    that gives no date, the report's period at a coarser precision, so the incident is on the
    timeline and says how little is known. Run after clustering, which must not take this guess for
    evidence. A mention its text leaves `undatable` (a background incident, a sentence whose time
    is another clause's) stays undated: a null beats a guess its own text contradicts."""
    for m in mentions:
        pub = date_range(pub_dates.get(m.doc_id)) if m.date is None and not m.undatable else None
        if pub is None:
            continue
        start, end = date.fromordinal(pub[1].toordinal() - RECENT_DAYS), pub[1]
        m.date, m.date_precision, m.date_from_context = f"{start.isoformat()}..{end.isoformat()}", 3, True


def resolve(mentions: list[IncidentMention], syndicated: dict[str, str] | None = None,
            pub_dates: Mapping[str, str | None] | None = None) -> list[Event]:
    """Cluster and reconcile; sets each mention's cluster_id, and gives a mention its text left
    undated (or dated only from its context) the date its event has from the reports that date it
    (flagged as from context); given the reports' publication dates, what is still undated gets
    the month before its report (`date_from_publication`)."""
    ids = cluster(mentions, syndicated)
    groups: dict[str, list[IncidentMention]] = defaultdict(list)
    for m in mentions:
        m.cluster_id = ids[m.id]
        groups[m.cluster_id].append(m)
    for group in groups.values():
        best = agreed_date(group)
        if best is None:
            continue
        dated = [m for m in group if m.date and not m.date_from_context]
        for m in group:
            # another report's own date for the incident beats a date this one borrowed from its context;
            # lent only to a mention tied to most of the reports that date the event (one that joined
            # through a few of them, as a report of the country alone does, may have joined the wrong one)
            # and naming none but the people they name (`_names_another_deed`)
            if (m.date is None or m.date_from_context and (m.date_precision or 9) >= (best.date_precision or 9)) \
                    and 2 * sum(_pair_verdict(m, d, syndicated or {}) == 1 for d in dated if d is not m) > len(dated) \
                    and not _names_another_deed(m, dated):
                m.date, m.date_precision, m.date_from_context = best.date, best.date_precision, True
    if pub_dates:
        date_from_publication(mentions, pub_dates)
    return [reconcile(eid, group, syndicated) for eid, group in sorted(groups.items())]


def agreed_date(group: list[IncidentMention]) -> IncidentMention | None:
    """The mention whose own date (not one from its context) an event's other mentions lend the
    undated: of the dates that most of the group's own dates agree with, the most precise. None
    when no date has most of them (one report dates the crime, another by its trial's day: which
    is the crime's is not known, and a borrowed date must not be a wrong one)."""
    dated = [m for m in group if m.date and not m.date_from_context and date_range(m.date)]
    support = {m.id: sum(_date_agreement(m, other) == 1 for other in dated) for m in dated}
    best = min(dated, key=lambda m: (-support[m.id], m.date_precision or 9, m.id), default=None)
    return best if best is not None and 2 * support[best.id] > len(dated) else None


# How far the incidents another report dates may move a publication date guessed from the text
ANCHOR_MAX_SHIFT_DAYS = 62


def anchor_dates(mentions: list[IncidentMention], pub_dates: Mapping[str, tuple[str, str]],
                 windows: Mapping[str, tuple[str | None, str | None]] | None = None,
                 told_alone: Mapping[str, Iterable[str]] | None = None) -> dict[str, tuple[str, str]]:
    """Publication dates from the incidents a document shares with dated ones. A report comes after
    every incident it recounts, so an article that dates nothing but mentions "the Paris attacks
    that left 129 dead" is dated the day after that incident as the dated reports of it tell it; and
    an article whose date was only inferred from its text ("On Feb. 22" → some days after) is moved
    later when it recounts an incident other reports date after that (by at most
    ANCHOR_MAX_SHIFT_DAYS: a larger gap says more about a wrong cluster than about the text).
    A date from metadata is never moved. An event dates a report only as most of the other reports
    that date it tell it (`_event_day`): one report that dated the deed by its trial's day does not
    move a report years away. `pub_dates`: doc id → (ISO date, how it was found, as in
    Extraction.pub_date_source; "anchored" for a date this function gave). `windows`: doc id →
    (earliest, latest) ISO dates (None: open) that the document's own text allows
    (Extraction.pub_date_earliest/latest): an anchor outside it is not taken (an article that names
    2023 is not dated from a 2016 incident it recalls, and a dateline's day does not move).
    `told_alone`: doc id → the dates an anchored report told when read with no publication date
    (written out in full): its others were read against a guess, and date an event only where no
    report with a date of its own does (`_lends_its_day`). Returns doc id → (ISO date, the event it
    came from). Mentions must carry their cluster ids (run `resolve` first)."""
    windows = windows or {}
    told_alone = {doc_id: set(days) for doc_id, days in (told_alone or {}).items()}
    by_event: dict[str, list[IncidentMention]] = defaultdict(list)
    for m in mentions:
        if m.cluster_id:
            by_event[m.cluster_id].append(m)
    anchors: dict[str, tuple[str, str]] = {}
    for event_id, group in sorted(by_event.items()):
        trusted = [m for m in group if _lends_its_day(m, pub_dates, told_alone)]
        trusted_ids = {m.id for m in trusted}
        relayed = [m for m in group if m.id not in trusted_ids and _lends_its_day(m, {}, {})]
        for m in group:
            known = pub_dates.get(m.doc_id)
            if known is not None and not _guessed(known):
                continue
            lenders = [d for d in trusted if d.doc_id != m.doc_id] or [d for d in relayed if d.doc_id != m.doc_id]
            day = _event_day(m, lenders)
            if day is None:
                continue
            anchor = day + 1  # a report comes after the incident it recalls
            if known is not None:
                guessed = date_range(known[0])
                # a date no earlier than the incident stands: the report may be from that very day
                if not 1 < anchor - guessed[1].toordinal() <= ANCHOR_MAX_SHIFT_DAYS + 1:
                    continue
            if not _inside(anchor, windows.get(m.doc_id)):
                continue
            previous = anchors.get(m.doc_id)
            if previous is None or date.fromisoformat(previous[0]).toordinal() < anchor:
                anchors[m.doc_id] = (date.fromordinal(anchor).isoformat(), event_id)
    return anchors


def _guessed(known: tuple[str, str]) -> bool:
    """A publication date inferred from the text (which the incidents others date may move), not
    one from metadata or one this module lent."""
    return (known[1] or "").startswith("text") and date_range(known[0]) is not None


def _lends_its_day(m: IncidentMention, pub_dates: Mapping[str, tuple[str, str]],
                   told_alone: Mapping[str, set[str]]) -> bool:
    """A day a report gives the incident itself: read off its text, or resolved against a publication
    date it did not borrow (an undated report's dates are all written out in full: nothing else
    resolves without one). An anchored report's "yesterday" was read against a guess: never taken
    as if it were known, it dates a third report only when no report that knows its date dates the
    event (`anchor_dates`; `pub_dates` and `told_alone` empty: any day the report gives)."""
    if not (m.date and len(m.date) == 10 and not m.date_from_context and date_range(m.date)):
        return False
    known = pub_dates.get(m.doc_id)
    return known is None or known[1] != "anchored" or m.date in told_alone.get(m.doc_id, ())


def _event_day(m: IncidentMention, others: list[IncidentMention]) -> int | None:
    """The day (an ordinal) the other reports' own days give `m`'s event, or None: the day most of
    them agree with (`agreed_date`), and only when `m` is tied to most of the reports that date it
    (like a lent date: a mention that joined through a few of them may have joined the wrong event)
    and, when it names someone, names one of the people they name (`_names_another_deed`). A date
    lent to a report dates everything the report tells: it takes the strongest evidence."""
    best = agreed_date(others)
    if best is None or len(best.date) != 10:
        return None
    reports = {d.doc_id for d in others}
    tied = {d.doc_id for d in others if verdict(m, d) == 1}
    if 2 * len(tied) <= len(reports) or _names_another_deed(m, others):
        return None
    return date_range(best.date)[0].toordinal()


def _names_another_deed(m: IncidentMention, others: list[IncidentMention]) -> bool:
    """`m` names people (its victim, its accused) and the reports that name theirs name none of
    them: another deed of the same kind nearby (two deputies shot in one county), which a place
    and a kind alone tie together."""
    if not named_people(m):
        return False
    naming = [d for d in others if named_people(d)]
    return bool(naming) and not any(share_a_person(m, d) for d in naming)


def _inside(day: int, window: tuple[str | None, str | None] | None) -> bool:
    """Whether the ordinal `day` lies in a publication window (either side may be open)."""
    if window is None:
        return True
    earliest, latest = (date_range(iso) if iso else None for iso in window)
    return (earliest is None or earliest[0].toordinal() <= day) and (latest is None or day <= latest[1].toordinal())
