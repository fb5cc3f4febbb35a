"""A document's publication date from the evidence in its own text, or none.

A text handed over bare (no metadata, no path, no manifest) is read for what it says of its own date:
the result is a window (`earliest`..`latest`, either side open) with a confidence and the rule behind
it. It names a day only when the evidence ties the text to a few days:

    basis     confidence  evidence                                                 window
    dateline  0.9         a date standing apart near the top: alone on its line    [d, d]
                          (or alone in brackets there, "(March 7, 2016) --"),
                          after "Published:"/"Posted", after a byline separator
                          ("By Outlet | March 7, 2016"), after a wire city
                          ("BAGHDAD, March 7"), "POSTED: 05/02/07, 9:00 PM PDT"
    lead      0.7         the text opens with a dated event ("On 9 September       [d, d + 2]
                          2022, ...", "08/04/2016: Assailants ...", "HILLA, Iraq —
                          A bomber struck on Sunday, March 6, 2016"): news leads
                          with its news; d is that day, or a later day the text
                          dates within a week of it
    weekday   0.6         the latest explicit day, whose weekday the text also      [d, d + 7]
                          uses as a relative date ("July 15, 2016" and "said in
                          an address Friday"): a weekday alone names a day of the
                          past week
    caption   0.5         a date closing a line near the top (a photo caption)     [d, open]
                          that nothing in the text post-dates
    period    0.4         the text opens with a period of the publication year     [end, end of year]
                          ("In the first six months of the year, ..." where the
                          text also writes "the first six months of 2024")
    bounds    0.5         lower and upper bounds three days apart or less          [floor, ceiling]

Otherwise the window is what the text allows and no day is given (basis "undated"):
- the latest explicitly dated event is a lower bound (a report comes after what it reports; a plan or
  a deadline, "will be sentenced May 3", is not one);
- a bare year ("in 2004", "in 1963") only says the text is not older than that year: a background
  year is never a publication date;
- "this year" or "last year" beside an explicit year fixes the publication year (the same period
  written both ways, "the first six months of the year" and "the first six months of 2024"; or
  side by side, "last year (2015)");
- a weekday with a day and month ("Sunday, March 6") is that day in the one candidate year (a year
  the text names, or the one after) that puts it on that weekday;
- an "Updated" date is an upper bound.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from importlib import resources

import yaml

from strife.nlp.timex import TimeValue, find_timexes

__all__ = ["PubDateEstimate", "estimate_pub_date", "UNDATED"]

TOP_CHARS = 600  # datelines, bylines and captions sit above the story
LEAD_SEARCH_CHARS = 2000  # the first sentence line is found within this many characters
LEAD_MIN_WORDS = 8  # shorter lines are headlines, bylines, captions
BYLINE_MAX_WORDS = 8  # "By Long War Journal | ", "First Posted: ": a dateline's prefix, not a sentence
LEAD_FOLLOW_DAYS = 7  # a later day the text dates within this of its lead still belongs to its news
SLACK_DAYS = 2  # a dated line may trail the text's latest event by this much (time zones, late reports)
NARROW_DAYS = 3  # bounds this close give a day


@dataclass(frozen=True)
class PubDateEstimate:
    """When a text was published, as far as the text tells: [earliest, latest] (None: open on that
    side), the confidence that the publication date is `earliest` give or take the window, and the
    rule that set it. `day` is the publication date, or None when nothing narrows the window."""

    earliest: date | None
    latest: date | None
    confidence: float
    basis: str

    @property
    def day(self) -> date | None:
        return self.earliest if self.confidence > 0 else None

    @property
    def source(self) -> str:
        """How it was found, as Extraction.pub_date_source records it."""
        return f"text:{self.basis}:{self.confidence:.2f}" if self.day else "undated"


UNDATED = PubDateEstimate(None, None, 0.0, "undated")

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                        "dec"), 1)}
_WD = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_MON = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?" \
       r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY = r"(?P<d>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_NO_YEAR = r"(?!,?\s{0,3}(?:19|20)\d\d)(?!\d)"
_WEEKDAY_DATE_RES = (re.compile(rf"\b{_WD},?\s{{1,3}}{_MON}\s{{1,3}}{_DAY}\b{_NO_YEAR}", re.I),
                     re.compile(rf"\b{_WD},?\s{{1,3}}(?:the\s{{1,3}})?{_DAY}\s{{1,3}}(?:of\s{{1,3}})?{_MON}(?![a-z]){_NO_YEAR}", re.I))
_RELATIVE_WEEKDAY_RE = re.compile(rf"\b{_WD}(?:'s|’s)?\b", re.I)
_SHORT_NUMERIC_RE = re.compile(r"(?<![\d/.])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d\d)(?![\d/])")
_TIME_AFTER_RE = re.compile(r",?\s{0,3}(?:@\s{0,2})?\d{1,2}[:.]\d\d")
_WIRE_DATELINE_RE = re.compile(r"[A-Z][A-Z.'’ -]{1,40}(?:,\s{0,2}[A-Z][\w.'’ -]{1,40})?\s{0,3}(?:\([^)\n]{1,40}\))?"
                               r"\s{0,3}[—–-]{1,2}\s{0,3}")
_CITY_PREFIX_RE = re.compile(r"[A-Z][A-Z .'’-]{1,40},\s*\Z")
_SEPARATOR_PREFIX_RE = re.compile(r"[|•·—–]\s*\Z|\s-\s*\Z")
_CAPTION_PREFIX_RE = re.compile(r"\w,\s{1,3}\Z")  # "... in Diyala province, November 23, 2014."
_CAPTION_SUFFIX_RE = re.compile(r"\.?(?:\s{1,3}[^\s.]+){0,5}\s*\.?\s*")  # then at most a short credit
_ON_ONLY_RE = re.compile(r"\s*on\s{1,3}\Z", re.I)
# a date alone in brackets on its line, maybe led into the story by dashes: "(March 7, 2016) --"
_BRACKET_OPEN_RE = re.compile(r"\s*[(\[]\s*")
_BRACKET_CLOSE_RE = re.compile(r"\s*[)\]]\s*(?:[-—–]\s*)*")
_RECORD_SUFFIX_RE = re.compile(r"\s{0,3}(?::|\s-\s)\s{0,3}\w")
_WRAPPED_RE = re.compile(r"\n[ \t]*[a-z0-9]")
_OPENING_RE = re.compile(r"(?:on|in|during|by|at)\s{1,3}", re.I)
_SENTENCE_END_RE = re.compile(r"[.!?][\"”’)]?(?:\s|\Z)")
_JOIN_WORDS = frozenset({"the", "a", "an", "of", "in", "on", "at", "for", "to", "and", "was", "were", "is", "its"})


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    """The keys, fields and cue words of data/pub_dates.yaml (read by the text's estimate here and
    by ingest's reading of a container's metadata)."""
    with resources.files("strife.data").joinpath("pub_dates.yaml").open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@lru_cache(maxsize=1)
def _cues() -> dict[str, re.Pattern[str]]:
    """The cue words of data/pub_dates.yaml as patterns."""
    vocab = vocabulary()

    def words(key: str) -> str:
        return "|".join(sorted((re.escape(w).replace(r"\ ", r"\s{1,3}") for w in vocab[key]), key=len, reverse=True))

    return {
        # "Published: ", "Posted on ", "First Posted: "
        "dateline": re.compile(rf"\b(?:{words('dateline_cues')})(?:\s{{1,3}}on)?\s{{0,3}}:?\s{{0,3}}\Z", re.I),
        "updated": re.compile(rf"\b(?:{words('update_cues')})\b", re.I),
        "future": re.compile(rf"(?<![\w'])(?:{words('future_cues')})\b", re.I),
        "deadline": re.compile(rf"\b(?:{words('deadline_cues')})\s{{1,3}}(?:the\s{{1,3}})?\Z", re.I),
        "deadline_opening": re.compile(rf"(?:{words('deadline_cues')})\b", re.I),
        "file_photo": re.compile(rf"^\s*(?:{words('file_photo_cues')})\b|\b(?:{words('file_photo_cues')})\s{{1,3}}(?:photo|picture|image)\b",
                                 re.I),
    }


def estimate_pub_date(text: str) -> PubDateEstimate:
    """The publication date window of a text from its own evidence (see the module's table)."""
    if not text or not text.strip():
        return UNDATED
    hits = [(s, e, v) for s, e, v in find_timexes(text, None) if not v.relative and not _is_plan(text, s, v.text)]
    year = _publication_year(text)
    days = sorted([(s, e, v.start) for s, e, v in hits if v.precision == 1 and v.start == v.end]
                  + _weekday_days(text, hits, year), key=lambda d: d[0])
    floor = max((v.start for _, _, v in hits), default=None)  # nothing the text dates as past is after it
    ceiling = date(year, 12, 31) if year else None
    if year and (floor is None or floor.year < year):
        floor = date(year, 1, 1)

    dated_line = _dated_line(text, days)
    if dated_line is not None:
        kind, day, at = dated_line
        if kind == "dateline":
            return PubDateEstimate(day, day, 0.9, "dateline")
        if kind == "updated":  # an upper bound, and no event the text reports
            ceiling = min(ceiling, day) if ceiling else day
            floor = max((v.start for s, _, v in hits if s != at), default=None)
            if year and (floor is None or floor.year < year):
                floor = date(year, 1, 1)
        elif kind == "caption" and (floor is None or floor <= day + timedelta(days=SLACK_DAYS)):
            return PubDateEstimate(day, ceiling, 0.5, "caption")

    lead = _lead(text, days, hits, floor, year)
    if lead is not None:
        return lead

    latest_day = max((d for _, _, d in days), default=None)
    if latest_day is not None and (floor is None or floor <= latest_day):
        spans = [(s, e) for s, e, _ in days]
        if _names_weekday(text, latest_day, spans):
            return PubDateEstimate(latest_day, latest_day + timedelta(days=7), 0.6, "weekday")

    if floor is not None and ceiling is not None and 0 <= (ceiling - floor).days <= NARROW_DAYS:
        return PubDateEstimate(floor, ceiling, 0.5, "bounds")
    if floor is not None and ceiling is not None and floor > ceiling:
        return UNDATED  # the text contradicts itself: nothing it says can be trusted to bound it
    return PubDateEstimate(floor, ceiling, 0.0, "undated")


def _is_plan(text: str, start: int, expression: str) -> bool:
    """A date its clause makes a plan or a deadline ("will be sentenced May 3, 2007", "until March
    2017", "by the end of 2016"): not something that has happened, so no lower bound."""
    head = text[max(0, start - 80):start]
    cut = max(head.rfind(c) for c in ".;!?\n")
    clause = head[cut + 1:]
    cues = _cues()
    return bool(cues["deadline"].search(clause) or cues["future"].search(clause)
                or cues["deadline_opening"].match(expression))


# ---- the publication year ------------------------------------------------------------------------

_REL_YEAR_RE = re.compile(r"\b(?P<rel>this|last|next|the)\s{1,3}year\b", re.I)
_EXPLICIT_YEAR_RE = re.compile(r"(?<![\d,.])(?P<y>(?:19|20)\d\d)(?![\d]|[,.]\d)")
_APPOSITION_RE = re.compile(
    r"\b(?P<rel>this|last|next)\s{1,3}year(?:'s|’s)?\s{0,3}[(,–—-]\s{0,3}(?:in\s{1,3})?(?P<y>(?:19|20)\d\d)\b"
    r"|\b(?:in\s{1,3})?(?P<y2>(?:19|20)\d\d)\s{0,3}[(,–—-]\s{0,3}(?P<rel2>this|last|next)\s{1,3}year\b", re.I)
_YEAR_STEP = {"this": 0, "the": 0, "last": -1, "next": 1}


def _publication_year(text: str) -> int | None:
    """The publication year when "this year" / "last year" stands beside an explicit year: side by
    side ("last year (2015)", "this year, 2016"), or the same period written both ways ("the first
    six months of the year" and "the first six months of 2024"; "so far this year" and "so far in
    2016"). None when nothing links them, or the links disagree."""
    years: set[int] = set()
    for m in _APPOSITION_RE.finditer(text):
        rel, y = (m["rel"], m["y"]) if m["rel"] else (m["rel2"], m["y2"])
        years.add(int(y) - _YEAR_STEP[rel.lower()])
    relative: dict[tuple[str, ...], set[str]] = {}
    for m in _REL_YEAR_RE.finditer(text):
        key = _period_key(text, m.start())
        if key:
            relative.setdefault(key, set()).add(m["rel"].lower())
    if relative:
        for m in _EXPLICIT_YEAR_RE.finditer(text):
            key = _period_key(text, m.start())
            for rel in relative.get(key, ()) if key else ():
                years.add(int(m["y"]) - _YEAR_STEP[rel])
    return years.pop() if len(years) == 1 else None


def _period_key(text: str, start: int) -> tuple[str, ...] | None:
    """The two words naming the period of the year written at `start`: "six months" in "the first six
    months of 2024" / "of the year", "the end" in "the end of 2015" / "of last year", "so far" in "so
    far in 2016" / "so far this year". None when no "of"/"in" joins them (the attacks this year and
    the attacks in 2015 need not be the same) or the words say nothing."""
    words = re.findall(r"[a-z]+", text[max(0, start - 60):start].lower())
    if words and words[-1] in ("of", "in"):
        key = tuple(words[-3:-1])
    elif words[-2:] == ["so", "far"]:
        key = ("so", "far")
    else:
        return None
    if len(key) < 2 or all(w in _JOIN_WORDS for w in key):
        return None
    return key


# ---- days the text names -----------------------------------------------------------------------

def _weekday_days(text: str, hits: list, year: int | None) -> list[tuple[int, int, date]]:
    """Yearless days with a weekday ("Sunday, March 6"): the day in the one candidate year that puts
    it on that weekday. Candidates: each year the text names and the one after it, and the
    publication year when known. None kept when several or none fit."""
    candidates = {y for _, _, v in hits for y in (v.start.year, v.end.year, v.end.year + 1)}
    if year:
        candidates |= {year, year - 1}
    if not candidates:
        return []
    taken = _Spans((s, e) for s, e, _ in hits)
    out = []
    for m in (m for pattern in _WEEKDAY_DATE_RES for m in pattern.finditer(text)):
        if taken.overlaps(m.start(), m.end()):
            continue
        month, day = _MONTHS[m["mon"][:3].lower()], int(m["d"])
        weekday = _WEEKDAYS.index(m["wd"].lower())
        fits = {d for y in candidates if (d := _day(y, month, day)) is not None and d.weekday() == weekday}
        if len(fits) == 1:
            out.append((m.start(), m.end(), fits.pop()))
    return out


def _day(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _dated_line(text: str, days: list[tuple[int, int, date]]) -> tuple[str, date, int] | None:
    """The first date near the top that stands apart from the story, what it is, and where: "dateline"
    (alone on its line, after a cue word, a byline separator or a wire city), "updated" (after
    "Updated"), "caption" (closing a line of text). A date opening a sentence ("On 9 September
    2022, ...") or followed by a colon and text (a record's date) is the story's, not a line's."""
    found = [(s, e, d) for s, e, d in days if s < TOP_CHARS] + _short_numeric_dates(text)
    kinds: dict[str, tuple[date, int]] = {}
    for s, e, day in sorted(found, key=lambda f: f[0]):
        kind = _line_kind(text, s, e)
        if kind is not None:
            kinds.setdefault(kind, (day, s))
    for kind in ("dateline", "updated", "caption"):
        if kind in kinds:
            return kind, *kinds[kind]
    return None


def _line_kind(text: str, s: int, e: int) -> str | None:
    """What the date at text[s:e] is to its line (see `_dated_line`), None when it is the story's."""
    cues = _cues()
    line_start = text.rfind("\n", 0, s) + 1
    line_end = text.find("\n", e)
    line_end = len(text) if line_end < 0 else line_end
    prefix, suffix = text[line_start:s], text[e:min(line_end, e + 200)]  # a caption's credit is short
    if cues["updated"].search(prefix) and not cues["dateline"].search(prefix):
        return "updated"
    if _ON_ONLY_RE.fullmatch(prefix):
        # "on September 10th, 2010" alone is a byline's remains; "on <date>" in a sentence is narrative
        return "dateline" if not suffix.strip(" .,") else None
    if _BRACKET_OPEN_RE.fullmatch(prefix) and _BRACKET_CLOSE_RE.fullmatch(suffix):
        return "dateline"
    byline = len(prefix.split()) <= BYLINE_MAX_WORDS
    if byline and (cues["dateline"].search(prefix) or _SEPARATOR_PREFIX_RE.search(prefix)) \
            or _CITY_PREFIX_RE.fullmatch(prefix.lstrip()):
        return "dateline"
    if not prefix.strip():
        # "08/04/2016: Assailants attacked ...": a record's date is its event's, read as its lead
        return None if _RECORD_SUFFIX_RE.match(suffix) else "dateline"
    if _CAPTION_PREFIX_RE.search(prefix) and _CAPTION_SUFFIX_RE.fullmatch(suffix) and not cues["file_photo"].search(prefix):
        return "caption"
    return None


def _short_numeric_dates(text: str) -> list[tuple[int, int, date]]:
    """"05/02/07" with a two-digit year, only where a dateline puts it: after a cue word, or opening
    a line and followed by a time ("09/10/10 08:23 PM ET"). Month first, as timex reads slash dates."""
    out = []
    cue = _cues()["dateline"]
    for m in _SHORT_NUMERIC_RE.finditer(text, 0, TOP_CHARS):
        line_start = text.rfind("\n", 0, m.start()) + 1
        prefix = text[line_start:m.start()]
        if not (cue.search(prefix) or (not prefix.strip() and _TIME_AFTER_RE.match(text, m.end()))):
            continue
        a, b, yy = int(m["a"]), int(m["b"]), int(m["y"])
        year = 2000 + yy if 2000 + yy <= date.today().year + 1 else 1900 + yy
        day = _day(year, a, b) if a <= 12 else _day(year, b, a)
        if day is not None:
            out.append((m.start(), m.end(), day))
    return out


# ---- the lead ----------------------------------------------------------------------------------

def _lead(text: str, days: list, hits: list, floor: date | None, year: int | None) -> PubDateEstimate | None:
    """The day (or the period of the publication year) the text's first sentence opens with, or, after a
    wire dateline ("HILLA, Iraq — "), the first day that sentence dates; then any later day the text
    dates within LEAD_FOLLOW_DAYS of it. None when the text dates something well after it."""
    start, end = _lead_span(text)
    if start is None:
        return None
    wire = _WIRE_DATELINE_RE.match(text, start, end)
    body = wire.end() if wire else start
    opening = _OPENING_RE.match(text, body, end)
    opens_at = opening.end() if opening else body
    sentence_end = m.end() if (m := _SENTENCE_END_RE.search(text, body, end)) else end
    peg: date | None = None
    for s, e, day in days:
        if s == body or s == opens_at or (wire and body <= s < sentence_end):
            peg = day
            break
    period = False
    if peg is None and year is not None:
        ref = date(year, 12, 31)
        for s, e, v in find_timexes(text[:sentence_end], ref):
            if (s == body or s == opens_at) and 2 <= v.precision <= 4 and v.end.year == year:
                peg, period = v.end, True
                break
    if peg is None:
        return None
    horizon = peg + timedelta(days=LEAD_FOLLOW_DAYS)
    if floor is not None and floor > horizon:
        return None
    day = max([peg] + [d for _, _, d in days if peg < d <= horizon])
    if period:
        return PubDateEstimate(day, date(year, 12, 31), 0.4, "period")
    return PubDateEstimate(day, day + timedelta(days=SLACK_DAYS), 0.7, "lead")


def _lead_span(text: str) -> tuple[int | None, int]:
    """The first paragraph that reads as a sentence (enough words and a full stop: not a headline, a
    byline or an archive picture's caption). A line continued by one starting in lower case is one
    paragraph wrapped."""
    file_photo = _cues()["file_photo"]
    pos, limit = 0, min(len(text), LEAD_SEARCH_CHARS)
    while pos < limit:
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        while end < len(text) and _WRAPPED_RE.match(text, end):
            nxt = text.find("\n", end + 1)
            end = len(text) if nxt < 0 else nxt
        paragraph = text[pos:end]
        if len(paragraph.split()) >= LEAD_MIN_WORDS and _SENTENCE_END_RE.search(paragraph + " ") \
                and not file_photo.match(paragraph):
            return pos + len(paragraph) - len(paragraph.lstrip()), end
        pos = end + 1
    return None, 0


def _names_weekday(text: str, day: date, date_spans: list[tuple[int, int]]) -> bool:
    """The text uses `day`'s weekday on its own ("on Friday", "Friday's attack"), not inside a date."""
    name = _WEEKDAYS[day.weekday()]
    inside = _Spans(date_spans)
    return any(m["wd"].lower() == name and not inside.overlaps(m.start(), m.end())
               for m in _RELATIVE_WEEKDAY_RE.finditer(text))


class _Spans:
    """Character spans, asked whether they overlap a range in logarithmic time (a text may hold
    thousands of dates)."""

    def __init__(self, spans):
        merged: list[list[int]] = []
        for s, e in sorted(spans):
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        self.starts = [s for s, _ in merged]
        self.ends = [e for _, e in merged]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_right(self.starts, start) - 1
        if i >= 0 and self.ends[i] > start:
            return True
        return i + 1 < len(self.starts) and self.starts[i + 1] < end


# --------------------------------------------------------------------------------------------
# Publication date
# --------------------------------------------------------------------------------------------

def infer_pub_date(text: str, meta_date: str | None = None) -> tuple[str | None, float, str]:
    """Publication date as (ISO date or None, confidence, basis): a metadata date when it parses
    (1.0, "metadata"), else the day `estimate_pub_date` finds in the text (with its
    confidence and basis), else (None, 0.0, "undated"): a text that does not narrow its own date to
    a few days is left undated, not guessed."""
    if meta_date:
        d = _parse_meta(meta_date)
        if d is not None:
            return d.isoformat(), 1.0, "metadata"
    estimate = estimate_pub_date(text)
    if estimate.day is None:
        return None, 0.0, "undated"
    return estimate.day.isoformat(), estimate.confidence, estimate.basis


_META_ISO_RE = re.compile(r"\s*((?:19|20)\d\d)-(\d\d)-(\d\d)")


def _parse_meta(meta: str) -> date | None:
    m = _META_ISO_RE.match(meta)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    try:
        from dateutil import parser as dparser

        dt = dparser.parse(meta, default=datetime(1, 1, 1))
    except (ValueError, OverflowError, TypeError):
        return None
    return dt.date() if dt.year >= 1900 else None
