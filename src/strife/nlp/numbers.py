"""Numbers as news writes them, and casualty phrases turned into killed / wounded ranges.

A count is a range (low, high): "61" is (61, 61), "at least 60" is (60, None), "over 70" is
(71, None) since the count is strictly greater, "up to 18" is (None, 18), "dozens" is (24, None).
Vague quantities take the smallest value their word allows, as coders conventionally do.
All patterns are linear-time (no nested unbounded quantifiers): they run on untrusted text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

UNITS = {
    "zero": 0, "no": 0, "none": 0, "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "dozen": 12, "a dozen": 12, "half a dozen": 6, "couple": 2, "a couple of": 2,
    "both": 2, "twin": 2, "triple": 3,
}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
# Vague quantities: the least the word can mean.
VAGUE = {
    "dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000, "tens of thousands": 20000,
    "several": 3, "a few": 2, "few": 2, "many": 10, "numerous": 10, "multiple": 2, "some": 2,
    "a number of": 2, "a handful of": 2, "tens": 20,
}
_WORDNUM = ("zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
            "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety")
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d,.]\d)"
NUMBER = (rf"(?:(?:{_DIGITS})(?:\s?(?:million|billion|thousand|hundred|m|bn|k)\b)?"
          rf"|(?:a|one)\s+(?:hundred|thousand|million)(?:\s+and\s+(?:{_WORDNUM})(?:[- ](?:{_WORDNUM}))?)?"
          rf"|(?:{_WORDNUM})(?:[- ](?:{_WORDNUM}))?(?:\s+(?:hundred|thousand|million))?"
          rf"(?:\s+and\s+(?:{_WORDNUM})(?:[- ](?:{_WORDNUM}))?)?"
          r"|half a dozen|a dozen|dozen"
          r"|tens of thousands|dozens|scores|hundreds|thousands|several|a few|a handful of|a number of|numerous)")
QUALIFIER = (r"(?:at least|at a minimum|no fewer than|no less than|not less than|a minimum of|more than|over|"
             r"upwards of|in excess of|up to|as many as|as much as|fewer than|less than|under|nearly|almost|close to|"
             r"around|about|approximately|roughly|some|an estimated|estimated|a reported|reportedly|another|"
             r"a further|an additional|a total of|all|only|just|at most|a maximum of|between)")
COUNT = rf"(?:(?P<qual>{QUALIFIER})\s+)?(?P<num>{NUMBER})(?:\s*(?:-|–|to|and)\s*(?P<num2>{NUMBER}))?"
_COUNT_RE = re.compile(COUNT, re.I)


MAX_COUNT = 1e10  # no toll, force or area in news is larger; longer digit runs are not counts


def parse_number(text: str) -> float | None:
    """'2,400' → 2400, 'sixty-one' → 61, 'a hundred' → 100, '1.5 million' → 1500000, 'dozens' → 24.
    None for what is not a number, or a number too large to count anything (a run of digits)."""
    value = _parse_number(text)
    if value is None or not (0 <= value < MAX_COUNT):
        return None
    return value


def _parse_number(text: str) -> float | None:
    t = text.strip().lower().replace("–", "-")
    if not t:
        return None
    if t in VAGUE:
        return float(VAGUE[t])
    if t in UNITS:
        return float(UNITS[t])
    m = re.fullmatch(r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s?(million|billion|thousand|hundred|m|bn|k)?", t)
    if m:
        value = float(m.group(1).replace(",", ""))
        scale = {"m": "million", "bn": "billion", "k": "thousand"}.get(m.group(2) or "", m.group(2))
        return value * SCALES[scale] if scale else value
    total, current = 0.0, 0.0
    words = re.split(r"[\s-]+", t.replace(" and ", " "))
    seen = False
    for w in words:
        if w in ("a", "an") and not seen:
            current = 1
            continue
        if w in UNITS and w not in ("a", "an", "no"):
            current += UNITS[w]
            seen = True
        elif w in SCALES:
            current = max(current, 1) * SCALES[w]
            if SCALES[w] >= 1000:
                total += current
                current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


def count_range(qualifier: str | None, low: float, high: float | None = None) -> tuple[int | None, int | None]:
    """Apply a qualifier to a number (or a pair) and return an integer (min, max) range."""
    q = (qualifier or "").lower()
    lo, hi = int(round(low)), int(round(high)) if high is not None else None
    if hi is not None:
        return (min(lo, hi), max(lo, hi))
    if q in ("at least", "at a minimum", "no fewer than", "no less than", "not less than", "a minimum of"):
        return (lo, None)
    if q in ("more than", "over", "upwards of", "in excess of"):
        return (lo + 1, None)
    if q in ("up to", "as many as", "as much as", "at most", "a maximum of"):
        return (None, lo)
    if q in ("fewer than", "less than", "under"):
        return (None, max(lo - 1, 0))
    return (lo, lo)


def parse_count(text: str) -> tuple[int | None, int | None] | None:
    """A whole count phrase: 'at least 60' → (60, None); '19,000 to 25,000' → (19000, 25000)."""
    m = _COUNT_RE.fullmatch(text.strip())
    if not m:
        return None
    return _range_from_match(m)


def _range_from_match(m: re.Match) -> tuple[int | None, int | None] | None:
    low = parse_number(m.group("num"))
    if low is None:
        return None
    high = parse_number(m.group("num2")) if m.group("num2") else None
    word = m.group("num").lower()
    if word in VAGUE and high is None:
        return (int(low), None)
    return count_range(m.group("qual"), low, high)


@dataclass(frozen=True)
class Casualties:
    """Killed and wounded ranges found in a stretch of text, with the spans that gave them."""

    killed: tuple[int | None, int | None] | None = None
    wounded: tuple[int | None, int | None] | None = None
    killed_span: tuple[int, int] | None = None
    wounded_span: tuple[int, int] | None = None
    sides: tuple[tuple[str, int], ...] = ()  # ("SDF fighters", 47), ("militants", 140) when told by side


_KILL_WORDS = r"(?:killed|dead|died|slain|murdered|executed|massacred|lost their lives|perished|beheaded|shot dead|killed outright)"
_WOUND_WORDS = r"(?:wounded|injured|hurt|maimed)"
# up to four words of noun phrase between a count and its verb, never crossing a conjunction or a verb
_HEAD = r"(?:(?!(?:and|or|but|killed|dead|died|wounded|injured|killing|wounding)\b)[A-Za-z][\w'’.-]*\s+){0,4}?"
_ASIDE = r"(?:,\s*(?:including|among them|mostly|most of them)\b[^,.;]{1,90},\s*)?"
_BE = r"(?:(?:were|was|are|is|have been|had been|has been|reportedly|were reportedly|being|got)\s+){0,2}"
_C = rf"(?:(?:{QUALIFIER})\s+)?(?:{NUMBER})(?:\s*(?:-|–|to)\s*(?:{NUMBER}))?"

KILLED_PATTERNS = [
    # killing at least 60 / killed 61 / kills three soldiers / killed all 224 on board
    re.compile(rf"\b(?:kill(?:ing|ed|s)?|left|leaving|claimed the lives of|claiming the lives of|"
               rf"took the lives of|taking the lives of)\s+(?P<count>{_C})(?!\s*(?:%|percent|per cent|square|km|miles|"
               rf"years?|months?|days?|hours?|attacks|times))\b(?P<tail>\s+(?:people\s+)?dead)?", re.I),
    # 61 killed / 47 SDF fighters and 140 militants were killed / 129 people dead /
    # "at least eight people, including five assailants, were killed"
    re.compile(rf"(?P<count>{_C})\s+{_HEAD}{_ASIDE}{_BE}{_KILL_WORDS}\b", re.I),
    # "a soldier was killed", "one civilian died"
    re.compile(rf"(?<![\w-])(?P<count>an?|one)\s+(?:[a-z-]+\s+){{0,2}}?(?:was|has been|had been)\s+{_KILL_WORDS}\b"),
    # death toll rose to 50 / the toll reached 30 / the number of people killed has risen to more than 300
    re.compile(rf"\b(?:death toll|toll|fatalities|number of (?:people|persons|those|dead|victims)(?: killed| dead)?)"
               rf"\b[^.;]{{0,80}}?\b(?:to|of|at|reached|was|is|stood at|stands at|hit|is now|now stands at)\s+"
               rf"(?P<count>{_C})", re.I),
]
WOUNDED_PATTERNS = [
    re.compile(rf"\b(?:wound(?:ing|ed|s)?|injur(?:ing|ed|es|e)|hurting|hurt|maiming)\s+(?:another\s+|a further\s+|an additional\s+)?"
               rf"(?P<count>{_C})(?!\s*(?:%|percent|square|km))\b", re.I),
    re.compile(rf"(?P<count>{_C})\s+{_HEAD}{_ASIDE}{_BE}(?:(?:were|was)\s+)?{_WOUND_WORDS}\b", re.I),
    re.compile(rf"(?<![\w-])(?P<count>an?|one)\s+(?:[a-z-]+\s+){{0,2}}?(?:was|has been|had been)\s+{_WOUND_WORDS}\b"),
    re.compile(rf"(?P<count>{_C})\s+(?:\w+\s+){{0,2}}?(?:injuries|wounds)\b", re.I),
    re.compile(rf"\bleft\s+(?P<count>{_C})\s+(?:\w+\s+){{0,2}}?{_WOUND_WORDS}\b", re.I),
]
# words one of which each pattern above needs: most clauses have none, and skip the patterns' scans
_KILLED_NEEDS = ("kill", "left", "leav", "lives", "dead", "died", "slain", "murder", "execut", "massacr", "perish",
                 "behead", "toll", "fatalit", "number of")
_WOUNDED_NEEDS = ("wound", "injur", "hurt", "maim")
NO_KILLED = re.compile(r"\b(?:no (?:one|body|people|person|civilians?) (?:was|were) (?:killed|hurt|injured)|"
                       r"no (?:casualties|fatalities|deaths|victims)|without (?:casualties|causing casualties)|"
                       r"(?:caused|causing|resulting in|resulted in|preventing|reported) no (?:casualties|fatalities|deaths|damage or casualties)|"
                       r"no (?:damage or casualties)|no (?:reported )?(?:casualties|injuries or deaths|deaths or injuries))", re.I)
NO_WOUNDED = re.compile(r"\b(?:no (?:reported )?(?:casualties|injuries)|no one was (?:hurt|injured)|"
                        r"(?:caused|causing|resulting in|resulted in|preventing) no (?:casualties|injuries|damage or casualties)|"
                        r"no (?:damage or casualties))", re.I)
_NOT_COUNT_AFTER = re.compile(r"^\s*(?:%|percent|per cent|square|sq|km|kilomet|miles?|years?|months?|weeks?|days?|hours?|"
                              r"minutes?|times|attacks|missions|strikes|villages|dollars|\$)", re.I)
_SIDE_SPLIT = re.compile(rf"(?P<count>{_C})\s+(?P<who>(?:[A-Za-z][\w'’.-]*\s+){{0,3}}?[A-Za-z][\w'’.-]*)"
                         rf"(?=\s*(?:,|and\b|were\b|was\b|have\b|had\b|killed\b|dead\b))", re.I)
_SIDES_BEFORE = re.compile(rf"(?:{_C})(?:\s+[A-Za-z][\w'’.-]*){{0,3}}?\s*(?:,\s*(?:and\s+)?|and\s+)$", re.I)
_YEAR_LIKE = re.compile(r"^(1[89]\d\d|20\d\d)$")


def _count_of(m: re.Match, text: str) -> tuple[int | None, int | None] | None:
    span_text = m.group("count")
    if _YEAR_LIKE.match(span_text.strip()):
        return None
    if _NOT_COUNT_AFTER.match(text[m.end("count"):m.end("count") + 12]):
        return None
    inner = _COUNT_RE.fullmatch(span_text.strip())
    return _range_from_match(inner) if inner else None


def _sum_sides(text: str, start: int, end: int) -> tuple[tuple[int | None, int | None] | None, tuple]:
    """'47 SDF fighters and 140 militants were killed' → (187, 187) and the two sides."""
    segment = text[start:end]
    sides = []
    for m in _SIDE_SPLIT.finditer(segment):
        rng = _count_of(m, segment)
        who = m.group("who").strip()
        if rng and who.lower().split()[-1] not in ("were", "was", "killed", "dead"):
            sides.append((who, rng))
    if len(sides) < 2:
        return None, ()
    lows = [r[0] for _, r in sides]
    highs = [r[1] for _, r in sides]
    low = sum(v for v in lows if v is not None) if all(v is not None for v in lows) else None
    high = sum(highs) if all(v is not None for v in highs) else None
    return (low, high), tuple((w, r[0] or r[1] or 0) for w, r in sides)


def find_casualties(text: str) -> Casualties:
    """Killed and wounded in a sentence (or clause). The first explicit figure of each wins."""
    killed = wounded = None
    killed_span = wounded_span = None
    sides: tuple = ()
    lower = text.lower()
    for pattern in KILLED_PATTERNS if any(w in lower for w in _KILLED_NEEDS) else ():
        for m in pattern.finditer(text):
            rng = _count_of(m, text)
            if rng is None or (rng[0] is None and rng[1] is None):
                continue
            if killed_span is None or m.start() < killed_span[0]:
                killed, killed_span = rng, (m.start(), m.end())
                if pattern is KILLED_PATTERNS[1]:
                    start = m.start()
                    while (before := _SIDES_BEFORE.search(text[max(0, start - 80):start])):
                        start = max(0, start - 80) + before.start()
                    total, found = _sum_sides(text, start, m.end())
                    if total:
                        killed, sides = total, found
            break
    for pattern in WOUNDED_PATTERNS if any(w in lower for w in _WOUNDED_NEEDS) else ():
        for m in pattern.finditer(text):
            if killed_span and m.start() >= killed_span[0] and m.end() <= killed_span[1]:
                continue
            rng = _count_of(m, text)
            if rng is None or (rng[0] is None and rng[1] is None):
                continue
            if wounded_span is None or m.start() < wounded_span[0]:
                wounded, wounded_span = rng, (m.start(), m.end())
                # "killing at least 60 and wounding another 70": the qualifier carries over
                if (killed and killed[1] is None and rng[0] == rng[1]
                        and re.search(r"\b(?:another|a further|an additional)\s", m.group(0), re.I)):
                    wounded = (rng[0], None)
            break
    if killed is None and NO_KILLED.search(text):
        killed = (0, 0)
    if wounded is None and NO_WOUNDED.search(text):
        wounded = (0, 0)
    return Casualties(killed, wounded, killed_span, wounded_span, sides)
