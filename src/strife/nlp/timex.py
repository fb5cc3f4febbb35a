"""Temporal expressions in conflict news, resolved to calendar periods with UCDP precision.

Every expression becomes a `TimeValue`: an inclusive calendar period (`start`..`end`), a UCDP
`date_prec` code and the partial ISO form an analyst reads:

    precision 1  exact day            "2016-03-06"
    precision 2  within a week        "2016-02-29..2016-03-06" (a day range)
    precision 3  within a month       "2016-03"
    precision 4  within a year        "2014-06..2014-08" (season, quarter, half-year, a few months)
    precision 5  a year or longer     "2015", "2014-08..2016-01", "2011-01..2016-03"

Expressions that need the publication date ("yesterday", "last month", "Feb. 22", "in March")
are resolved against `ref`; without a reference they are skipped rather than guessed, so
`relative=True` always means "this value depends on the reference date (or on an anchor date
elsewhere in the text)".

Why regular expressions and not a tagger: dates in wire copy are formulaic, the resolver needs
exact arithmetic anyway, and a pure-function module runs without spaCy. The patterns run on
untrusted text (scraped pages, adversarial input), so every one of them is linear-time: no
nested unbounded quantifiers and no two adjacent quantifiers that can match the same
characters. They are compiled once at import.

Guarding against false positives is as important as recall: "May"/"March" are also a modal verb
and a noun, and most four-digit numbers in casualty reports are counts, not years. A bare
four-digit number is only a year after a temporal preposition (in/since/of/by/until/during...)
or a part-of-period word (early/mid/late), or inside a full date pattern.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from dateutil.relativedelta import relativedelta

__all__ = ["TimeValue", "find_timexes", "parse_timex", "parse_offset", "shift"]


@dataclass(frozen=True)
class TimeValue:
    """A resolved temporal expression: the inclusive period [start, end], its UCDP precision
    (1 day .. 5 year or longer), the partial ISO form, the matched text, and whether the value
    was computed from a reference/anchor date rather than read off the text."""

    start: date
    end: date
    precision: int
    iso: str
    text: str
    relative: bool


@dataclass(frozen=True)
class _Offset:
    """An anchor-relative shift ("a week after", "the day before", "two days later"): it has no
    value of its own until find_timexes pairs it with an anchor date."""

    days: int
    months: int
    precision: int
    takes_following: bool  # "after"/"before" may take the date that follows as anchor


# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------

_MONTH_NUM = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_WEEKDAY_NUM = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
_WORD_NUM = {
    "a": 1, "an": 1, "one": 1, "the": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "a few": 3, "few": 3, "several": 3, "a couple of": 2, "couple of": 2,
}
_ORDINAL = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
}
# Seasons as (first month, last month); winter starts in December of the named year.
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}
# Nouns that make "of 2000 fighters" a count rather than a year.
_COUNT_NOUNS = frozenset("""
people persons fighters militants men women children civilians soldiers troops members families
refugees residents casualties deaths dead attacks incidents km kilometres kilometers square sq miles
metres meters dollars usd euros times tonnes tons homes houses buildings villages rounds rockets
shells missiles vehicles cases hectares acres barrels students prisoners detainees hostages
displaced killed wounded injured victims bodies police officers recruits jihadists insurgents
""".split())
_S_WORDS_OK = frozenset({"was", "has", "is", "as", "this", "its", "his", "thus", "whereas", "plus", "across"})

# --------------------------------------------------------------------------------------------
# Regex building blocks. Each is a flat alternation or a bounded repetition, so the composite
# patterns stay linear. Whitespace runs are only ever matched by one quantifier at a time.
# --------------------------------------------------------------------------------------------

# each alternation opens with a one-character look-ahead: Python's engine would otherwise try every
# branch at every position of the text, and these patterns scan every document twice
_MON_FULL = r"(?=[adfjmnos])(?:january|february|march|april|may|june|july|august|september|october|november|december)\b"
_MON = (r"(?=[adfjmnos])(?:january|february|march|april|may|june|july|august|september|october|november|december"
        r"|sept|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)\b\.?")
_DAY_CORE = r"(?=\d)(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\b"
_DAY = r"(?<![\d,.])" + _DAY_CORE  # a day number that does not continue a longer number
_YEAR = r"(?<![\d,.])(?:19|20)\d\d(?![\d]|[,.]\d)"
_WD = r"(?=[fmstw])(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
_NUM = (r"(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
        r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty"
        r"|a\s+few|a\s+couple\s+of|couple\s+of|few|several|an|a)\b")
_PART = (r"(?:early|mid|late|(?:(?:at|by|in|until|till|since|from|before|after|around|towards?)\s+)?"
         r"the\s+(?:very\s+)?(?:beginning|start|end|middle)\s+of)")
_YEARREF = (r"(?:(?P<y>" + _YEAR + r")|(?:the\s+)?(?P<rel>this|last|next|current|previous)\s+year"
            r"|(?P<theyear>the\s+year))")
# "January 7 last year": a year named relative to the reference, after a month and day
_REL_YEAR_AFTER = r"(?:,?\s+(?:of\s+)?(?P<rel>this|last|next|previous)\s+year\b)?"
_RANGE_SEP = r"(?:-|–|—|and|to|until|till|through|thru)"
# A range endpoint: month [day] [year] | day month [year] | year. No named groups: the
# endpoints are re-parsed by _POINT_RE.
_ENDPOINT = (r"(?:" + _MON + r"(?:\s*" + _DAY_CORE + r")?(?:,?\s+" + _YEAR + r")?"
             r"|" + _DAY + r"\s+(?:of\s+)?" + _MON + r"(?:,?\s+" + _YEAR + r")?"
             r"|" + _YEAR + r")")

_I = re.I


def _c(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, _I)


_POINT_RE = _c(r"(?:(?P<mon>" + _MON + r")(?:\s*(?P<d>" + _DAY_CORE + r"))?(?:,?\s+(?P<y>" + _YEAR + r"))?"
               r"|(?P<d2>" + _DAY_CORE + r")\s+(?:of\s+)?(?P<mon2>" + _MON + r")(?:,?\s+(?P<y2>" + _YEAR + r"))?"
               r"|(?P<y3>" + _YEAR + r"))")
_NEXT_WORD_RE = re.compile(r"[ \t]{0,3}([A-Za-z]+)")
_SINCE_BEFORE_RE = _c(r"\bsince\s{1,3}$")
_OFFSET_GAP_RE = _c(r"\s{0,3}(?:the\s{1,3})?")
_LOWER_WORD_AFTER_RE = re.compile(r"\s{1,3}[a-z]")
# "after the shooting" names another anchor; "after that" / "after which" points back to the last date
_WORD_AFTER_RE = re.compile(r"\s{1,3}(?!(?:that|this|which)\b)\w", re.I)


# --------------------------------------------------------------------------------------------
# Calendar helpers
# --------------------------------------------------------------------------------------------

def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _month_no(token: str) -> int:
    return _MONTH_NUM[token.lower().rstrip(".")[:3]]


def _num(token: str | None, default: int | None = None) -> int | None:
    if token is None:
        return default
    t = " ".join(token.lower().split())
    if t.isdigit():
        return int(t)
    return _WORD_NUM.get(t, default)


def _span_precision(start: date, end: date) -> int:
    """UCDP precision from the length of the period (inclusive days)."""
    n = (end - start).days + 1
    if n <= 1:
        return 1
    if n <= 7:
        return 2
    if n <= 31:
        return 3
    if n < 365:
        return 4
    return 5


def _iso(s: date, e: date, precision: int) -> str:
    """Partial ISO at the granularity the precision deserves: whole years as "2015" or
    "2014..2016", whole months / month-or-coarser periods as "2016-03" or "2014-08..2016-01",
    anything finer as a day or a day range."""
    if s == e:
        return s.isoformat()
    if (s.month, s.day, e.month, e.day) == (1, 1, 12, 31):
        return f"{s.year:04d}" if s.year == e.year else f"{s.year:04d}..{e.year:04d}"
    whole_months = s.day == 1 and e == _month_end(e.year, e.month)
    same_month = (s.year, s.month) == (e.year, e.month)
    if whole_months or precision >= 4 or (precision == 3 and same_month):
        a, b = f"{s.year:04d}-{s.month:02d}", f"{e.year:04d}-{e.month:02d}"
        return a if a == b else f"{a}..{b}"
    return f"{s.isoformat()}..{e.isoformat()}"


def _tv(start: date, end: date, text: str, relative: bool, precision: int | None = None) -> TimeValue | None:
    if start > end:
        return None
    p = precision if precision is not None else _span_precision(start, end)
    return TimeValue(start, end, p, _iso(start, end, p), text, relative)


def _year_tv(y1: int, y2: int, text: str, relative: bool) -> TimeValue | None:
    return _tv(date(y1, 1, 1), date(y2, 12, 31), text, relative, 5)


def _months_tv(y1: int, m1: int, y2: int, m2: int, text: str, relative: bool,
               precision: int | None = None) -> TimeValue | None:
    return _tv(date(y1, m1, 1), _month_end(y2, m2), text, relative, precision)


def _recent_day(m: int, d: int, ref: date, slack: int = 7) -> date | None:
    """The most recent (month, day) not after ref + slack days: news reports the past, but a
    date a few days ahead is still this year's (a scheduled event, a time-zone lag)."""
    limit = ref + timedelta(days=slack)
    for y in range(limit.year, limit.year - 9, -1):
        try:
            dt = date(y, m, d)
        except ValueError:
            continue
        if dt <= limit:
            return dt
    return None


def _recent_month_year(m: int, ref: date, strict: bool = False) -> int:
    """Year of the most recent month m that started on or before ref (strictly before ref's
    month when `strict`, as in "last March")."""
    if m < ref.month or (m == ref.month and not strict):
        return ref.year
    return ref.year - 1


def _recent_weekday(wd: int, ref: date, strict: bool = False) -> date:
    delta = (ref.weekday() - wd) % 7
    if strict and delta == 0:
        delta = 7
    return ref - timedelta(days=delta)


def _rel_year(rel: str | None, ref: date | None, theyear: str | None = None) -> int | None:
    if ref is None:
        return None
    if theyear:
        return ref.year
    r = (rel or "").lower()
    if r in ("this", "current", "same"):
        return ref.year
    if r in ("last", "previous"):
        return ref.year - 1
    if r == "next":
        return ref.year + 1
    return None


def _year_of(m: re.Match[str], ref: date | None) -> int | None:
    """Year from a _YEARREF group set: an explicit year, "this/last year", or "the year"."""
    if m.group("y"):
        return int(m.group("y"))
    return _rel_year(m.group("rel"), ref, m.group("theyear"))


def _ambiguous_month(text: str, m: re.Match[str], group: str = "mon", has_year: bool = False) -> bool:
    """True when a lower-case "may"/"march" reads as a verb/noun: no year and a lower-case word
    follows ("IS may be increasing", "3 may have", "in march the"). Capitalised May/March and
    lower-case forms closed by punctuation or a year ("on 3 may, ...") stay dates."""
    tok = m.group(group)
    if tok is None or has_year:
        return False
    if tok.rstrip(".") not in ("may", "march", "mar"):
        return False
    return _LOWER_WORD_AFTER_RE.match(text, m.end()) is not None


# --------------------------------------------------------------------------------------------
# Patterns and their resolvers. A resolver gets (match, text, ref) and returns a TimeValue,
# an _Offset, or None (no date: the candidate is dropped and cannot block another).
# --------------------------------------------------------------------------------------------

def _day_tv(y: int, mo: int, d: int, text: str, relative: bool) -> TimeValue | None:
    try:
        dt = date(y, mo, d)
    except ValueError:  # "Feb. 30"
        return None
    return _tv(dt, dt, text, relative, 1)


def _r_iso(m, text, ref):
    return _day_tv(int(m["y"]), int(m["m"]), int(m["d"]), m.group(0), False)


def _r_slash(m, text, ref):
    """US order m/d/Y; d/m/Y only when the first number cannot be a month."""
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    if a <= 12:
        return _day_tv(y, a, b, m.group(0), False)
    if b <= 12:
        return _day_tv(y, b, a, m.group(0), False)
    return None


def _r_full(m, text, ref):
    return _day_tv(int(m["y"]), _month_no(m["mon"]), int(re.sub(r"\D", "", m["d"])), m.group(0), False)


def _r_month_day(m, text, ref):
    if ref is None or _ambiguous_month(text, m, has_year=bool(m["rel"])):
        return None
    mo, d = _month_no(m["mon"]), int(re.sub(r"\D", "", m["d"]))
    if m["rel"]:  # "January 7 last year": the year is given, the day need not be recent
        return _day_tv(_rel_year(m["rel"], ref), mo, d, m.group(0), True)
    dt = _recent_day(mo, d, ref)
    return None if dt is None else _tv(dt, dt, m.group(0), True, 1)


def _r_day_range(m, text, ref):
    mo = _month_no(m["mon"])
    d1, d2 = int(re.sub(r"\D", "", m["d1"])), int(re.sub(r"\D", "", m["d2"]))
    if d1 >= d2 or _ambiguous_month(text, m, has_year=bool(m["y"])):
        return None
    if m["y"]:
        y, relative = int(m["y"]), False
    else:
        if ref is None:
            return None
        first = _recent_day(mo, d1, ref)
        if first is None:
            return None
        y, relative = first.year, True
    try:
        s, e = date(y, mo, d1), date(y, mo, d2)
    except ValueError:
        return None
    return _tv(s, e, m.group(0), relative)


def _r_month_year(m, text, ref):
    y, mo = int(m["y"]), _month_no(m["mon"])
    return _months_tv(y, mo, y, mo, m.group(0), False, 3)


def _r_month_bare(m, text, ref):
    if _ambiguous_month(text, m):
        return None
    mo = _month_no(m["mon"])
    if m["rel"]:
        y = _rel_year(m["rel"], ref)
    elif ref is None:
        return None
    elif m["pre"].lower() == "this":
        y = ref.year
    else:
        y = _recent_month_year(mo, ref, strict=m["pre"].lower() == "last")
    if y is None:
        return None
    return _months_tv(y, mo, y, mo, m.group(0), True, 3)


def _part_key(part: str) -> str:
    p = part.lower()
    for key in ("early", "mid", "late", "beginning", "start", "end", "middle"):
        if p.startswith(key) or p.endswith(key + " of") or f" {key} " in f" {p} ":
            return key
    return "mid"


def _part_of_month(part: str, y: int, mo: int, text: str, relative: bool) -> TimeValue | None:
    """early 1-10, mid 11-20, late 21-end (precision 3); beginning 1-7, end last 7 days (2)."""
    last = calendar.monthrange(y, mo)[1]
    key = _part_key(part)
    lo, hi, p = {
        "early": (1, 10, 3), "mid": (11, 20, 3), "middle": (11, 20, 3), "late": (21, last, 3),
        "beginning": (1, 7, 2), "start": (1, 7, 2), "end": (last - 6, last, 2),
    }[key]
    return _tv(date(y, mo, lo), date(y, mo, hi), text, relative, p)


def _part_of_year(part: str, y: int, text: str, relative: bool) -> TimeValue | None:
    """early Jan-Apr, mid May-Aug, late Sep-Dec; beginning Jan-Mar, end Oct-Dec (precision 4)."""
    key = _part_key(part)
    m1, m2 = {
        "early": (1, 4), "mid": (5, 8), "middle": (5, 8), "late": (9, 12),
        "beginning": (1, 3), "start": (1, 3), "end": (10, 12),
    }[key]
    return _months_tv(y, m1, y, m2, text, relative, 4)


def _r_part_month(m, text, ref):
    if _ambiguous_month(text, m, has_year=bool(m["y"])):
        return None
    mo = _month_no(m["mon"])
    if m["y"]:
        y, relative = int(m["y"]), False
    elif m["rel"]:
        y, relative = _rel_year(m["rel"], ref), True
    elif ref is not None:
        y, relative = _recent_month_year(mo, ref), True
    else:
        return None
    if y is None:
        return None
    return _part_of_month(m["part"], y, mo, m.group(0), relative)


def _r_part_rel(m, text, ref):
    if m["y"]:
        return _part_of_year(m["part"], int(m["y"]), m.group(0), False)
    if ref is None:
        return None
    unit = (m["unit"] or m["unit2"]).lower()
    rel = (m["rel"] or "this").lower()
    step = {"this": 0, "last": -1, "next": 1}[rel]
    if unit == "year":
        return _part_of_year(m["part"], ref.year + step, m.group(0), True)
    first = date(ref.year, ref.month, 1) + relativedelta(months=step)
    return _part_of_month(m["part"], first.year, first.month, m.group(0), True)


def _season_period(season: str, start_year: int) -> tuple[date, date]:
    m1, m2 = _SEASONS[season]
    y2 = start_year + 1 if m2 < m1 else start_year
    return date(start_year, m1, 1), _month_end(y2, m2)


def _r_season(m, text, ref):
    season = m["s"].lower()
    rel = (m["rel"] or "").lower()
    if m["y"] or m["rel2"]:
        y = int(m["y"]) if m["y"] else _rel_year(m["rel2"], ref)
        if y is None:
            return None
        s, e = _season_period(season, y)
        return _tv(s, e, m.group(0), not m["y"], 4)
    if not rel or ref is None:  # "the fall of Mosul", "in the summer": no period to name
        return None
    periods = [_season_period(season, y) for y in range(ref.year - 2, ref.year + 2)]
    if rel in ("last", "past"):
        cands = [p for p in periods if p[1] < ref]
        s, e = max(cands, key=lambda p: p[1])
    elif rel == "next":
        s, e = min((p for p in periods if p[0] > ref), key=lambda p: p[0])
    else:  # "this summer": the one containing ref, else the one starting in ref's year
        inside = [p for p in periods if p[0] <= ref <= p[1]]
        s, e = inside[0] if inside else next(p for p in periods if p[0].year == ref.year)
    return _tv(s, e, m.group(0), True, 4)


def _r_half(m, text, ref):
    y = _year_of(m, ref)
    if y is None:
        return None
    unit = m["unit"].lower()
    size, count = (6, 2) if unit == "half" else (3, 4)
    o = m["ord"].lower()
    n = count if o in ("last", "final") else _ORDINAL.get(o)
    if n is None or n > count:
        return None
    return _months_tv(y, size * (n - 1) + 1, y, size * n, m.group(0), not m["y"], 4)


def _r_q(m, text, ref):
    n, y = int(m["n"]), int(m["y"])
    size, count = (3, 4) if m["q"].lower() == "q" else (6, 2)
    if n > count:
        return None
    return _months_tv(y, size * (n - 1) + 1, y, size * n, m.group(0), False, 4)


def _r_nmonths(m, text, ref):
    y = _year_of(m, ref)
    n = _num(m["n"])
    if y is None or n is None or not 1 <= n <= 12:
        return None
    if m["ord"].lower() == "first":
        return _months_tv(y, 1, y, n, m.group(0), not m["y"])
    return _months_tv(y, 13 - n, y, 12, m.group(0), not m["y"])


def _r_week_of(m, text, ref):
    mo = _month_no(m["mon"])
    if m["y"]:
        y, relative = int(m["y"]), False
    elif ref is not None:
        y, relative = _recent_month_year(mo, ref), True
    else:
        return None
    last = calendar.monthrange(y, mo)[1]
    o = m["ord"].lower()
    if o in ("last", "final"):
        lo, hi = last - 6, last
    else:
        k = _ORDINAL[o]
        lo, hi = 7 * (k - 1) + 1, min(7 * k, last)
    return _tv(date(y, mo, lo), date(y, mo, hi), m.group(0), relative, 2)


def _r_year(m, text, ref):
    y = int(m["y"])
    pre = m["pre"].lower()
    nxt = _NEXT_WORD_RE.match(text, m.end())
    if nxt and not (m["y2"] or m["y3"]):
        word = nxt.group(1)
        lw = word.lower()
        if lw in _COUNT_NOUNS:  # "of 2000 fighters", "in 2015 attacks"? counts win
            return None
        if pre in ("of", "by", "for") and not m["allof"]:
            if word[0].isupper() or (lw.endswith("s") and lw not in _S_WORDS_OK):
                return None  # "of 1920 Revolutionary Brigades", "by 2000 jihadists"
    y_end = y
    if m["y2"]:
        raw = m["y2"]
        y_end = y // 100 * 100 + int(raw) if len(raw) == 2 else int(raw)
    elif m["y3"]:
        y_end = int(m["y3"])
    if y_end < y or y_end - y > 100:
        return None
    return _year_tv(y, y_end, m.group(0), False)


def _r_attributive_year(m, text, ref):
    """'the 2006 poisoning of X', 'the 2020 #EndSARS protests' are years; 'the 2000 fighters' is a
    count, and 'the 1920 Revolution Brigades' a name."""
    nxt = _NEXT_WORD_RE.match(text, m.end() + 1 if text[m.end() + 1:m.end() + 2] == "#" else m.end())
    if nxt is None or nxt.group(1).lower() in _COUNT_NOUNS or (nxt.group(1)[0].isupper() and "#" not in nxt.group(0)):
        return None
    y = int(m["y"])
    return _year_tv(y, y, m.group(0), False)


def _r_rel_day(m, text, ref):
    if ref is None:
        return None
    w = " ".join(m["w"].lower().split())
    delta = {
        "the day before yesterday": -2, "the day after tomorrow": 2, "yesterday": -1,
        "last night": -1, "tomorrow": 1,
    }.get(w, 0)
    dt = ref + timedelta(days=delta)
    return _tv(dt, dt, m.group(0), True, 1)


def _r_weekday(m, text, ref):
    if ref is None:
        return None
    wd = _WEEKDAY_NUM[m["wd"][:3].lower()]
    q = " ".join((m["q"] or "").lower().split())
    if q == "next":
        delta = (wd - ref.weekday()) % 7 or 7
        dt = ref + timedelta(days=delta)
    else:
        dt = _recent_weekday(wd, ref, strict=q in ("last", "past", "this past"))
    return _tv(dt, dt, m.group(0), True, 1)


def _r_ago(m, text, ref):
    if ref is None:
        return None
    n = _num(m["n"])
    if n is None:
        return None
    unit = m["u"].lower()
    q = " ".join((m["q"] or "").lower().split())
    try:
        if q in ("exactly", "precisely"):
            # "exactly two years ago": the anniversary, so the report's own day that many units back
            dt = ref - _unit_delta(unit, n)
            return _tv(dt, dt, m.group(0), True, 1)
        if q in ("over", "more than", "just over", "at least"):
            # "over a year ago" is a little more than a year: past a quarter more, a writer reaches
            # for the next round figure ("15 months", "a year and a half"), so [ref-1.25X, ref-X]
            extra = round(0.25 * n * _UNIT_DAYS[unit])
            end = ref - _unit_delta(unit, n)
            start = end - timedelta(days=extra)
            p = _span_precision(start, end)  # days counted from the report: no rounding to months
            return TimeValue(start, end, p, start.isoformat() if start == end else f"{start}..{end}", m.group(0), True)
        if unit == "day":
            dt = ref - timedelta(days=n)
            return _tv(dt, dt, m.group(0), True, 2 if q else 1)
        if unit == "week":
            mid = ref - timedelta(days=7 * n)
            return _tv(mid - timedelta(days=3), mid + timedelta(days=3), m.group(0), True, 2)
        if unit == "month":
            first = date(ref.year, ref.month, 1) - relativedelta(months=n)
            return _months_tv(first.year, first.month, first.year, first.month, m.group(0), True, 3)
        years = n * (10 if unit == "decade" else 1)
        return _year_tv(ref.year - years, ref.year - years, m.group(0), True)
    except (ValueError, OverflowError):
        return None


_UNIT_DAYS = {"day": 1, "week": 7, "month": 30.44, "year": 365.25, "decade": 3652.5}


def _unit_delta(unit: str, n: int) -> timedelta | relativedelta:
    if unit in ("day", "night"):
        return timedelta(days=n)
    if unit == "week":
        return timedelta(days=7 * n)
    if unit == "hour":
        return timedelta(days=-(-n // 24))
    if unit == "month":
        return relativedelta(months=n)
    if unit == "decade":
        return relativedelta(years=10 * n)
    return relativedelta(years=n)


def _r_the_weekend(m, text, ref):
    """'Over the weekend' in a report is the weekend just past, or the one under way when the
    report is of a Saturday or a Sunday (up to that day)."""
    if ref is None:
        return None
    if ref.weekday() >= 5:
        return _tv(ref - timedelta(days=ref.weekday() - 5), ref, m.group(0), True, 2)
    sun = _recent_weekday(6, ref)
    return _tv(sun - timedelta(days=1), sun, m.group(0), True, 2)


def _r_rel_period(m, text, ref):
    """this/last/next week|weekend|month|year, optionally "earlier"/"later"/"so far"."""
    if ref is None:
        return None
    r = " ".join(m["r"].lower().split())
    unit = m["u"].lower()
    e = " ".join((m["e"] or "").lower().split())
    t = m.group(0)
    if r == "past" or r == "this past":
        if unit == "weekend":
            r = "last"
        else:  # "past week" = the period ending at ref
            return _tv(ref - _unit_delta(unit, 1) + timedelta(days=1), ref, t, True)
    step = {"this": 0, "last": -1, "next": 1}[r]
    if unit == "weekend":
        if step == -1:
            sun = _recent_weekday(6, ref, strict=True)
            if ref.weekday() == 6:
                sun = ref - timedelta(days=7)
        else:
            sun = ref - timedelta(days=ref.weekday()) + timedelta(days=6 + 7 * step)
        return _tv(sun - timedelta(days=1), sun, t, True, 2)
    if unit == "week":
        # on a Sunday the week is over: "last week" is the one just ended, "this week" too
        monday = ref - timedelta(days=ref.weekday()) + timedelta(days=7 * (step + (ref.weekday() == 6 and step < 0)))
        s, en = monday, monday + timedelta(days=6)
    elif unit == "month":
        s = date(ref.year, ref.month, 1) + relativedelta(months=step)
        en = _month_end(s.year, s.month)
    else:
        s, en = date(ref.year + step, 1, 1), date(ref.year + step, 12, 31)
    if step == 0:
        if e == "earlier":
            en = max(s, ref - timedelta(days=1))
        elif e == "so far":
            en = ref
        elif e == "later":
            s = min(en, ref + timedelta(days=1))
        elif unit == "week":
            en = max(s, ref)  # "this week" in a report: the days up to publication
    # Precision follows the named unit, not the clipped span: "earlier this month" is a month.
    p = {"week": 2, "month": 3, "year": 5}[unit]
    if unit == "year" and e in ("earlier", "so far", "later"):
        p = _span_precision(s, en)
    return _tv(s, en, t, True, p)


def _r_past(m, text, ref):
    """"in the past three months", "over the last 24 hours": a period ending at ref."""
    if ref is None:
        return None
    which = m["which"].lower()
    n = _num(m["n"], 1)
    if which in ("previous", "preceding") and not m["n"]:
        return None  # "the previous day" is anchor-relative: an offset
    if n is None or n == 0:
        return None
    unit = m["u"].lower()
    try:
        s = ref - _unit_delta(unit, n) + timedelta(days=1) if unit != "hour" else ref - _unit_delta(unit, n)
    except (ValueError, OverflowError):
        return None
    return _tv(s, ref, m.group(0), True)


def _r_recent(m, text, ref):
    if ref is None:
        return None
    unit = (m.groupdict().get("u") or "recently").lower()
    if unit == "recently":  # "recently captured": within about the month before the report
        return _tv(ref - timedelta(days=30), ref, m.group(0), True)
    n = {"day": 7, "week": 4, "month": 3, "year": 3}[unit]
    s = ref - (_unit_delta("day", n) if unit == "day" else _unit_delta(unit, n)) + timedelta(days=1)
    return _tv(s, ref, m.group(0), True)


def _point(s: str) -> tuple[int | None, int | None, int | None] | None:
    pm = _POINT_RE.fullmatch(s.strip())
    if not pm:
        return None
    if pm["y3"]:
        return int(pm["y3"]), None, None
    mon, d, y = (pm["mon"], pm["d"], pm["y"]) if pm["mon"] else (pm["mon2"], pm["d2"], pm["y2"])
    return (int(y) if y else None, _month_no(mon), int(re.sub(r"\D", "", d)) if d else None)


def _range_tv(a, b, qual_year: int | None, text: str, ref: date | None) -> TimeValue | None:
    """Combine two endpoints; missing years come from the other endpoint, the trailing
    qualifier ("this year"), or the reference date (the range ends on/before ref)."""
    if a is None or b is None:
        return None
    (y1, m1, d1), (y2, m2, d2) = a, b
    relative = qual_year is not None
    if y2 is None:
        y2 = qual_year
    if y1 is None and y2 is None:
        if ref is None or m2 is None:
            return None
        relative = True
        if d2:
            dt = _recent_day(m2, d2, ref)
            if dt is None:
                return None
            y2 = dt.year
        else:
            y2 = _recent_month_year(m2, ref)
    if y1 is None:
        y1 = y2 if (m1 or 1, d1 or 1) <= (m2 or 12, d2 or 31) else y2 - 1
    if y2 is None:
        y2 = y1 if (m2 or 12, d2 or 31) >= (m1 or 1, d1 or 1) else y1 + 1
    try:
        start = date(y1, m1 or 1, d1 or 1)
        if m2 is None:
            end = date(y2, 12, 31)
        elif d2 is None:
            end = _month_end(y2, m2)
        else:
            end = date(y2, m2, d2)
    except ValueError:
        return None
    return _tv(start, end, text, relative)


def _r_range(m, text, ref):
    q = _rel_year(m["rel"], ref) if m["rel"] else None
    if m["rel"] and q is None:
        return None
    return _range_tv(_point(m["a"]), _point(m["b"]), q, m.group(0), ref)


def _r_offset(m, text, ref):
    if m["d2"]:  # "the next day", "the previous week"
        sign = 1 if m["d2"].lower() in ("next", "following") else -1
        n, unit = 1, m["u2"].lower()
        if unit in ("morning", "evening", "night"):
            unit = "day"
        takes = False
    else:
        n = _num(m["n"])
        if n is None:
            return None
        unit = m["u"].lower()
        d = m["d"].lower()
        sign = 1 if d in ("after", "later") else -1
        takes = d in ("after", "before")
    n *= sign
    days, months = 0, 0
    if unit in ("day", "night"):
        days, p = n, 1
    elif unit == "week":
        days, p = 7 * n, 2
    elif unit == "month":
        months, p = n, 3
    else:
        months, p = 12 * n, 3
    return _Offset(days, months, p, takes)


_OFFSET_RE = _c(
    r"\b(?:(?P<n>" + _NUM + r"|the)\s+(?P<u>day|night|week|month|year)s?\s+(?P<d>after|later|before|earlier|prior)"
    r"|the\s+(?P<d2>next|following|previous|preceding)\s+(?P<u2>day|night|morning|evening|week|month|year))\b")

_PATTERNS: list[tuple[re.Pattern[str], object]] = [
    # 2016-03-06
    (_c(r"(?<![\d-])(?P<y>(?:19|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?!\d)"), _r_iso),
    # 03/01/2011 (US month/day/year)
    (_c(r"(?<![\d/.])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:19|20)\d\d)(?![\d/])"), _r_slash),
    # Sunday, March 6, 2016 | March 6th 2016 | Feb. 22, 2016
    (_c(r"(?:\b" + _WD + r",?\s+)?(?P<mon>\b" + _MON + r")\s*(?P<d>" + _DAY_CORE + r")(?:,\s*|\s+)(?P<y>"
        + _YEAR + r")"), _r_full),
    # Sunday 6 March 2016 | 9 September 2022 | the 6th of March, 2016
    (_c(r"(?:\b" + _WD + r",?\s+)?(?:the\s+)?(?P<d>" + _DAY + r")\s+(?:of\s+)?(?P<mon>" + _MON + r"),?\s+(?P<y>"
        + _YEAR + r")"), _r_full),
    # Feb. 22 | Wednesday, Nov. 13 (year from ref) | January 7 last year
    (_c(r"(?:\b" + _WD + r",?\s+)?(?P<mon>\b" + _MON + r")\s*(?P<d>" + _DAY_CORE + r")" + _REL_YEAR_AFTER),
     _r_month_day),
    # 3 february | the 6th of March (year from ref) | 7 January last year
    (_c(r"(?:\b" + _WD + r",?\s+)?(?P<d>" + _DAY + r")\s+(?:of\s+)?(?P<mon>" + _MON + r")" + _REL_YEAR_AFTER),
     _r_month_day),
    # 6-8 March 2016 | between 3 and 5 March
    (_c(r"(?P<d1>" + _DAY + r")\s*(?:-|–|—|to|and|until|till|through)\s*(?P<d2>" + _DAY + r")\s+(?:of\s+)?(?P<mon>"
        + _MON + r")(?:,?\s+(?P<y>" + _YEAR + r"))?"), _r_day_range),
    # March 6-8, 2016
    (_c(r"(?P<mon>\b" + _MON + r")\s*(?P<d1>" + _DAY_CORE + r")\s*(?:-|–|—|to|through)\s*(?P<d2>" + _DAY
        + r")(?:,?\s+(?P<y>" + _YEAR + r"))?"), _r_day_range),
    # March 2016 | March of 2016
    (_c(r"(?P<mon>\b" + _MON + r"),?\s+(?:of\s+)?(?P<y>" + _YEAR + r")"), _r_month_year),
    # in March | in February alone | last December | in March this year
    (_c(r"\b(?P<pre>in|during|since|until|till|by|through|throughout|last|this|from|of|for)\s+"
        r"(?:the\s+month\s+of\s+)?(?P<mon>" + _MON_FULL + r")(?!\s*\d)"
        r"(?:,?\s+(?:of\s+)?(?:the\s+)?(?P<rel>this|last|next|current|previous)\s+year)?"), _r_month_bare),
    # late January | mid-March 2015 | the end of March
    (_c(r"\b(?P<part>" + _PART + r")(?:\s+|-)(?P<mon>" + _MON_FULL + r")"
        r"(?:,?\s+(?:of\s+)?(?P<y>" + _YEAR + r")|\s+(?P<rel>this|last|next)\s+year)?(?!\s*\d)"), _r_part_month),
    # early 2015 | mid-2014 | late last year | the end of the year | early this month
    (_c(r"\b(?P<part>" + _PART + r")(?:\s+|-)(?:(?P<y>" + _YEAR + r")|(?P<rel>this|last|next)\s+(?P<unit>year|month)"
        r"|the\s+(?P<unit2>year|month))\b"), _r_part_rel),
    # in the summer of 2014 | last summer | winter 2015
    (_c(r"\b(?:(?:in|during|over|since|by|until|through|throughout)\s+)?(?:the\s+)?"
        r"(?:(?P<rel>this|last|next|past)\s+)?(?P<s>spring|summer|autumn|fall|winter)\b"
        r"(?:\s+(?:of\s+)?(?:(?P<y>" + _YEAR + r")|(?P<rel2>this|last|next)\s+year))?"), _r_season),
    # the first half of 2024 | the third quarter of last year
    (_c(r"\b(?:(?:in|during|over|for|by)\s+)?the\s+(?P<ord>first|second|third|fourth|last|final|1st|2nd|3rd|4th)"
        r"\s+(?P<unit>half|quarter)\s+of\s+" + _YEARREF), _r_half),
    # Q1 2016 | H1 2024
    (_c(r"\b(?P<q>q|h)(?P<n>[1-4])[\s/-]?(?P<y>" + _YEAR + r")"), _r_q),
    # the first six months of 2024 | the last three months of the year
    (_c(r"\b(?:(?:in|during|over|for|by)\s+)?the\s+(?P<ord>first|last|final|past)\s+(?P<n>" + _NUM + r")\s+"
        r"months\s+of\s+" + _YEARREF), _r_nmonths),
    # the first week of March (2016)
    (_c(r"\b(?:(?:in|during|over|for|by)\s+)?the\s+(?P<ord>first|second|third|fourth|last|final|1st|2nd|3rd|4th)"
        r"\s+week\s+of\s+(?P<mon>" + _MON_FULL + r")(?:,?\s+(?P<y>" + _YEAR + r"))?"), _r_week_of),
    # in 2015 | In all of 2015 | since 2011 | during 2014-15 | from 2014 to 2016
    (_c(r"\b(?P<pre>in|during|throughout|since|until|till|by|of|for|from|through)\s+"
        r"(?P<allof>(?:all|the\s+whole|the\s+entire|the\s+rest)\s+of\s+|the\s+(?:whole\s+|entire\s+)?year\s+"
        r"(?:of\s+)?)?(?P<y>" + _YEAR + r")(?:\s*(?:-|–|—)\s*(?P<y2>(?:19|20)\d\d|\d\d)(?![\d]|[,.]\d)"
        r"|\s+(?:to|and|through|until)\s+(?P<y3>" + _YEAR + r"))?"), _r_year),
    # the 2006 poisoning | a 2016 inquiry | its 2014 offensive: a year naming what follows it
    (_c(r"\b(?:the|a|its|their|his|her|this|that)\s+(?P<y>" + _YEAR + r")(?=\s+[#A-Za-z])"), _r_attributive_year),
    # yesterday | today | last night | this morning
    (_c(r"\b(?P<w>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday|today|tonight|tomorrow"
        r"|last\s+night|this\s+(?:morning|afternoon|evening))\b"), _r_rel_day),
    # on Wednesday | last Sunday | Friday night
    (_c(r"\b(?:(?P<q>this\s+past|last|next|this|past|on)\s+)?(?P<wd>" + _WD + r")"
        r"(?:\s+(?:morning|afternoon|evening|night)\b)?"), _r_weekday),
    # two days ago | over a year ago | exactly two years ago
    (_c(r"\b(?:(?P<q>just\s+over|over|more\s+than|nearly|almost|about|around|some|roughly|approximately"
        r"|less\s+than|at\s+least|under|exactly|precisely)\s+)?"
        r"(?P<n>" + _NUM + r")\s+(?P<u>day|week|month|year|decade)s?\s+ago\b"),
     _r_ago),
    # over the weekend | at the weekend
    (_c(r"\b(?:over|during|at)\s+the\s+weekend\b"), _r_the_weekend),
    # last week | earlier this month | this year | so far this year | last weekend
    (_c(r"\b(?:(?P<e>earlier|later|so\s+far)\s+)?(?P<r>this\s+past|this|last|next|past)\s+"
        r"(?P<u>weekend|week|month|year)\b"), _r_rel_period),
    # in the past three months | over the last 24 hours | the past year
    (_c(r"\b(?:(?:in|over|during|within|for|throughout)\s+)?the\s+(?P<which>past|last|previous|preceding)\s+"
        r"(?:(?P<n>" + _NUM + r")\s+)?(?P<u>hour|day|week|month|year|decade)s?\b"), _r_past),
    # in recent weeks
    (_c(r"\b(?:(?:in|over|during)\s+)?recent\s+(?P<u>day|week|month|year)s\b"), _r_recent),
    # recently captured | was only recently retaken ("until recently" describes a state, not an event)
    (_c(r"(?<!until )(?<!till )\b(?:(?:just|only|most|very)\s+)?recently\b"), _r_recent),
    # between August 2014 and January 2016 | from May to August 2014 | between January and June this year
    (_c(r"\b(?:between|from)\s+(?P<a>" + _ENDPOINT + r")\s*" + _RANGE_SEP + r"\s*(?P<b>" + _ENDPOINT + r")"
        r"(?:,?\s+(?:of\s+)?(?:the\s+)?(?P<rel>this|last|next|current|previous)\s+year)?"), _r_range),
    # January-June 2016 | October to February
    (_c(r"(?P<a>\b" + _MON_FULL + r"(?:\s+" + _YEAR + r")?)\s*(?:-|–|—|to|through|until)\s*"
        r"(?P<b>" + _MON_FULL + r"(?:,?\s+" + _YEAR + r")?)"
        r"(?:,?\s+(?:of\s+)?(?:the\s+)?(?P<rel>this|last|next|current|previous)\s+year)?"), _r_range),
    # a week after | the day before | two days later | the next day
    (_OFFSET_RE, _r_offset),
]


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------

def shift(value: TimeValue, days: int, months: int = 0) -> TimeValue:
    """The value moved by `days` (and `months`): "a week after <value>" is shift(value, 7).
    Precision is kept; a whole-month value stays whole-month when shifted by months."""
    start = value.start + relativedelta(months=months, days=days)
    end = value.end + relativedelta(months=months, days=days)
    if months and value.start.day == 1 and value.end == _month_end(value.end.year, value.end.month):
        start = start.replace(day=1)
        end = _month_end(end.year, end.month)
    return TimeValue(start, end, value.precision, _iso(start, end, value.precision), value.text, True)


def between(start: date, end: date, text: str) -> TimeValue | None:
    """The period from `start` to `end` as a relative value: "less than a month after <value>"
    is between(shift(value, 0, -1).start, value.end, ...)."""
    return _tv(start, end, text, True)


def parse_offset(expr: str) -> int | None:
    """Signed day offset of an anchor-relative phrase: "a week after" → 7, "the day before" → -1,
    "two months later" → 60 (months count as 30 days here; find_timexes shifts by calendar months)."""
    m = _OFFSET_RE.search(expr)
    off = _r_offset(m, expr, None) if m else None
    return off.days + 30 * off.months if isinstance(off, _Offset) else None


# Words without one of which a resolver's pattern cannot match: a text lacking them all skips the
# pattern (a substring test on the lower-cased text costs far less than the pattern's scan)
_NEEDS: dict[object, tuple[str, ...]] = {
    _r_ago: ("ago",), _r_season: ("spring", "summer", "autumn", "fall", "winter"), _r_recent: ("recent",),
    _r_weekday: ("day",), _r_half: ("half", "quarter"), _r_nmonths: ("months",), _r_week_of: ("week",),
    _r_rel_day: ("yesterday", "today", "tonight", "tomorrow", "night", "morning", "afternoon", "evening"),
    _r_rel_period: ("week", "month", "year"), _r_past: ("past", "last", "previous", "preceding"),
    _r_offset: ("after", "later", "before", "earlier", "prior", "next", "following", "previous", "preceding"),
}


@lru_cache(maxsize=4)
def _matches(text: str) -> tuple[tuple[re.Match[str], object], ...]:
    """Every pattern's matches in the text, with their resolvers. Matching is most of the cost and
    does not depend on the reference date, while a document is read against several (none, then the
    inferred publication date), so the last few texts' matches are kept."""
    lower = text.lower()
    return tuple((m, resolver) for pattern, resolver in _PATTERNS
                 if not (needs := _NEEDS.get(resolver)) or any(w in lower for w in needs)
                 for m in pattern.finditer(text) if m.end() > m.start())


def _candidates(text: str, ref: date | None) -> list[tuple[int, int, TimeValue | _Offset]]:
    out: list[tuple[int, int, TimeValue | _Offset]] = []
    for m, resolver in _matches(text):
        try:
            value = resolver(m, text, ref)  # type: ignore[operator]
        except (ValueError, OverflowError, KeyError, StopIteration):
            value = None
        if value is not None:
            out.append((m.start(), m.end(), value))
    return out


def _select(cands: list[tuple[int, int, TimeValue | _Offset]]) -> list[tuple[int, int, TimeValue | _Offset]]:
    """Longest match wins; ties go to the earlier pattern (the more specific one)."""
    order = sorted(range(len(cands)), key=lambda i: (-(cands[i][1] - cands[i][0]), cands[i][0], i))
    if not order:
        return []
    used = bytearray(max(e for _, e, _ in cands))  # occupancy mask: overlap checks stay linear
    chosen = []
    for i in order:
        s, e, _ = cands[i]
        if used.find(1, s, e) != -1:
            continue
        used[s:e] = b"\x01" * (e - s)
        chosen.append(cands[i])
    chosen.sort(key=lambda c: c[0])
    return chosen


def _apply_since(text: str, s: int, e: int, v: TimeValue, ref: date | None,
                 floor: int) -> tuple[int, TimeValue]:
    """"since 2011" / "since last week": the period from the value's start up to ref. The
    word "since" may be inside the match (year/month patterns) or just before it."""
    if text[s:e].lower().startswith("since"):
        new_s = s
    else:
        lo = max(0, floor, s - 10)
        m = _SINCE_BEFORE_RE.search(text[lo:s])
        if not m:
            return s, v
        new_s = lo + m.start()
    if ref is None or v.start > ref:
        return s, v
    t = text[new_s:e]
    out = _tv(v.start, ref, t, True)
    return (new_s, out) if out is not None else (s, v)


def find_timexes(text: str, ref: date | None) -> list[tuple[int, int, TimeValue]]:
    """All temporal expressions in `text` as (start, end, value), in text order, with
    text[start:end] == value.text. Expressions needing a reference date are skipped when
    `ref` is None. Anchor-relative offsets ("the day after", "a week after <date>") are
    resolved against the date that immediately follows them or, failing that, the nearest
    preceding date in the text; an offset with no anchor is dropped."""
    if not text:
        return []
    chosen = _select(_candidates(text, ref))
    out: list[tuple[int, int, TimeValue]] = []
    anchor: TimeValue | None = None
    skip = -1
    for idx, (s, e, val) in enumerate(chosen):
        if idx == skip:
            continue
        if isinstance(val, _Offset):
            nxt = chosen[idx + 1] if idx + 1 < len(chosen) else None
            if (val.takes_following and nxt is not None and isinstance(nxt[2], TimeValue)
                    and _OFFSET_GAP_RE.fullmatch(text, e, nxt[0])):
                base, end = nxt[2], nxt[1]
                skip = idx + 1
            elif anchor is not None and not (val.takes_following and _WORD_AFTER_RE.match(text, e)):
                base, end = anchor, e
            else:
                # "two years after the deadliest school shooting": the anchor is an event, not a date
                # here, and the date before it is another event's ("arraigned Thursday, two years after")
                continue
            try:
                moved = shift(base, val.days, val.months)
            except (ValueError, OverflowError):
                continue
            p = max(base.precision, val.precision)
            value = TimeValue(moved.start, moved.end, p, _iso(moved.start, moved.end, p), text[s:end], True)
            out.append((s, end, value))
            anchor = value
            continue
        s, val = _apply_since(text, s, e, val, ref, out[-1][1] if out else 0)
        out.append((s, e, val))
        anchor = val
    return out


def parse_timex(expr: str, ref: date | None) -> TimeValue | None:
    """One expression: the longest temporal expression found in `expr`, or None."""
    hits = find_timexes(expr, ref)
    if not hits:
        return None
    return max(hits, key=lambda h: (h[1] - h[0], -h[0]))[2]
