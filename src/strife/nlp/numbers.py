"""Numbers as news writes them, and casualty phrases turned into killed / wounded ranges.

A count is a range (low, high): "61" is (61, 61), "at least 60" is (60, None), "more than 50" is
(50, None) as coders write it (the figure told is the least they record), "over 70" is (71, None)
since the count is strictly greater, "up to 18" is (None, 18), "dozens" is (24, None).
Vague quantities take the smallest value their word allows, as coders conventionally do.
All patterns are linear-time (no nested unbounded quantifiers): they run on untrusted text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from strife.nlp.lexicon import load_vocabulary

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
# "killed least 15": the "at" a copy editor dropped still means at least
QUALIFIER = (r"(?:at least|(?<![\w-])least|at a minimum|no fewer than|no less than|not less than|a minimum of|more than|over|"
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
    if q in ("at least", "least", "at a minimum", "no fewer than", "no less than", "not less than", "a minimum of",
             "more than"):
        return (lo, None)
    if q in ("over", "upwards of", "in excess of"):
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
    total: bool = False  # a figure was told as a total (of a war, a campaign, a period), not one incident's toll
    rising: frozenset[str] = frozenset()  # the tolls ("killed", "wounded") it says are still rising
    added: frozenset[str] = frozenset()  # the figures told as more than one told before ("two were also hurt")


_VOCAB = load_vocabulary()
_KILL_WORDS = (r"(?:killed|dead|died|dies|die|slain|murdered|executed|massacred|lost their lives|lost (?:his|her) life|"
               r"perished|beheaded|shot dead|killed outright|gunned down|fatally (?:shot|stabbed|wounded|injured|hit)|"
               r"(?:stabbed|shot|beaten|burned|burnt|hacked|bludgeoned|crushed|stoned) to death)(?![\w-])")
_WOUND_WORDS = r"(?<!fatally )(?:wounded|injured|hurt|maimed)"
# up to four words of noun phrase between a count and its verb, never crossing a conjunction or a verb;
# the last may end at the comma of an aside ("nine people, including three nurses, were killed")
_HEAD = (r"(?:(?!(?:and|or|but|among|killed|dead|died|wounded|injured|killing|wounding|shot|stabbed|fatally)\b)"
         r"[A-Za-z][\w'’.-]*(?:\s+|(?=,))){0,4}?")
_ASIDE = (r"(?P<aside>,\s*(?:including|among them|among whom|of whom|mostly|mainly|most of them|many of them|"
          r"all of them|all|both|aged)\b[^,.;]{1,90},\s*)?")
_BE = r"(?:(?:were|was|are|is|have been|had been|has been|reportedly|were reportedly|being|got)\s+){0,2}"
_C = rf"(?:(?:{QUALIFIER})\s+)?(?:{NUMBER})(?:\s*(?:-|–|to)\s*(?:{NUMBER}))?"

# killing at least 60 / killed 61 / kills three soldiers / killed all 224 on board
_KILLING_VERB_COUNT = re.compile(
    rf"(?<!\bto )\b(?:kill(?:ing|ed|s)?|murder(?:ing|ed|s)?|massacr(?:ing|ed|es)|slaughter(?:ing|ed|s)?|left|leaving|"
    rf"claimed the lives of|claiming the lives of|took the lives of|taking the lives of|gunned down|gunning down|"
    rf"shot dead|shooting dead|behead(?:ed|ing|s))\s+(?P<count>{_C})"
    rf"(?!\s*(?:%|percent|per cent|square|km|miles|years?|months?|days?|hours?|attacks|times))\b"
    rf"(?P<tail>\s+(?:people\s+)?dead)?", re.I)
# 61 killed / 47 SDF fighters and 140 militants were killed / 129 people dead / three die /
# "at least eight people, including five assailants, were killed"
_COUNT_KILLED = re.compile(rf"(?<![\w-])(?P<count>{_C})\s+{_HEAD}{_ASIDE}{_BE}{_KILL_WORDS}", re.I)
# "the murder of the 35 pilgrims", "the deaths of five soldiers" (not "two counts of murder of a ...")
# "the abduction, killing and burning of a farmer": one person ("a" counts one only before a
# person's noun: not "murder and possession of a firearm")
_PERSON = _VOCAB.alternation("person_nouns") + "|" + _VOCAB.alternation("victim_nouns")
_DEATHS_OF = re.compile(rf"\b(?:murders?|killings?|slayings?|deaths?|massacre|slaughter)\s+(?:and\s+[a-z]+\s+)?of\s+"
                        rf"(?:the\s+|some\s+)?(?:(?P<count>{_C})(?=\s+[a-z])|"
                        rf"(?P<single>an?)\s+(?=(?:[\w'’-]+\s+){{0,3}}?(?:{_PERSON})\b))", re.I)
# "two counts of murder of a shopkeeper", "aggravating circumstances of murder of ...": a charge, not a toll
# "111 hostages remain in Gaza, including 39 believed to be dead": the dead among a count of captives
# are a tally of the captives, not the toll of a deed
_AMONG_CAPTIVES = re.compile(rf"\b(?:{_VOCAB.alternation('hostage_plurals')})\b[^.;]{{0,60}}\bincluding\s+$", re.I)
_LEGAL_BEFORE = re.compile(rf"\b(?:{_VOCAB.alternation('legal_words')})\s+(?:[\w-]+\s+){{0,3}}$", re.I)
_MULTIPLE_DEATHS = {"double": 2, "triple": 3, "quadruple": 4}
KILLED_PATTERNS = [
    _KILLING_VERB_COUNT,
    _COUNT_KILLED,
    # "a soldier was killed", "one civilian died", "a protesting student died after ..."
    re.compile(rf"(?<![\w-])(?P<count>[Aa]n?|[Oo]ne|[Aa]nother)\s+(?:[a-z-]+\s+){{0,2}}?(?:(?:was|has been|had been)\s+"
               rf"(?:also\s+)?{_KILL_WORDS}|(?:later\s+)?died\b)"),
    # death toll rose to 50 / the toll reached 30 / the number of people killed has risen to more than 300
    re.compile(rf"\b(?:death toll|toll|fatalities|number of (?:people|persons|those|dead|victims)(?: killed| dead)?)"
               rf"\b[^.;]{{0,80}}?\b(?:to|of|at|reached|was|is|stood at|stands at|hit|is now|now stands at|coded as)\s+"
               rf"(?<![\w-])(?P<count>{_C})", re.I),
    # "wounding a guard who later succumbed to his wounds", "two of them later died of their wounds"
    re.compile(rf"(?<![\w-])(?P<count>{_C}|an?)\s+{_HEAD}(?:,\s*)?(?:who|which|that|of whom)?\s*(?:later\s+|subsequently\s+)?"
               rf"(?:succumbed to|died (?:of|from))\s+(?:his|her|their|the)\s+(?:injuries|wounds)\b", re.I),
    _DEATHS_OF,
    # "a double murder", "the triple homicide": that many killed
    re.compile(rf"\b(?P<count>{'|'.join(_MULTIPLE_DEATHS)})\s+(?:murders?|homicides?|killings?|slayings?)\b", re.I),
]
# "killed a district judge and at least five others": the one named and the others
# "shot dead a village chief and his two sons": the kin or companions killed with one named before
_KIN = "sons|daughters|children|brothers|sisters|relatives|bodyguards|companions|guards|colleagues|grandchildren"
_ONE_AND_OTHERS = re.compile(
    rf"\b(?:kill(?:ing|ed|s)?|murder(?:ing|ed|s)?|left|leaving|shot dead|gunned down)\s+"
    rf"(?P<one>(?:an?|the|one|his|her)\s+(?:[\w'’-]+\s+){{0,4}}?)"
    rf"and\s+(?:(?:his|her|their)\s+)?(?P<count>{_C})\s+(?:others?|more|other people|(?:[\w'’-]+\s+)?(?:{_KIN}))\b", re.I)
# "Fifteen commandos and their driver were killed": the count and one more
_COUNT_AND_ONE = re.compile(rf"(?<![\w-])(?P<count>{_C})\s+{_HEAD}and\s+(?:his|her|their|its|an?|the|one)\s+"
                            rf"(?:[\w'’-]+\s+){{0,2}}?(?:{_PERSON})\s+{_BE}(?:also\s+)?{_KILL_WORDS}", re.I)
# "two Americans were among the dead": at least that many died
_AMONG_THE_DEAD = re.compile(rf"(?<![\w-])(?P<count>{_C})\s+{_HEAD}{_BE}among\s+(?:the\s+)?(?:dead|killed|victims|fatalities)\b",
                             re.I)
_COUNT_WOUNDED = re.compile(rf"(?<![\w-])(?P<count>{_C})\s+{_HEAD}{_ASIDE}{_BE}(?:(?:were|was)\s+)?{_WOUND_WORDS}\b", re.I)
WOUNDED_PATTERNS = [
    re.compile(rf"\b(?<!fatally )(?:wound(?:ing|ed|s)?|injur(?:ing|ed|es|e)|hurting|hurt|maiming)\s+"
               rf"(?:another\s+|a further\s+|an additional\s+)?(?P<count>{_C})(?!\s*(?:%|percent|square|km))\b", re.I),
    _COUNT_WOUNDED,
    re.compile(rf"(?<![\w-])(?P<count>[Aa]n?|[Oo]ne|[Aa]nother)\s+(?:[a-z-]+\s+){{0,2}}?(?:was|has been|had been)\s+"
               rf"(?:also\s+)?(?:\w+ly\s+)?{_WOUND_WORDS}\b"),
    # "leaving a man wounded", "left two dead and a third employee wounded": one more
    re.compile(rf"\b(?:left|leaving)\s+(?P<count>an?|one)\s+(?:[\w'’-]+\s+){{0,2}}?(?:{_PERSON})\s+(?:\w+ly\s+)?"
               rf"{_WOUND_WORDS}\b", re.I),
    re.compile(rf"(?<![\w-])(?P<count>an?|one)\s+(?:second|third|fourth|fifth|sixth)\s+(?:[\w'’-]+\s+){{0,2}}?"
               rf"(?:was\s+)?(?:\w+ly\s+)?{_WOUND_WORDS}\b", re.I),
    re.compile(rf"(?<![\w-])(?P<count>{_C})\s+(?:\w+\s+){{0,2}}?(?:injuries|wounds)\b", re.I),
    re.compile(rf"\bleft\s+(?P<count>{_C})\s+(?:\w+\s+){{0,2}}?{_WOUND_WORDS}\b", re.I),
    # "causing the injury of a nurse", "the wounding of more than 300 others"
    re.compile(rf"\b(?:injur(?:y|ies)|wounding)\s+of\s+(?:the\s+)?(?P<count>{_C}|an?)(?=\s+[a-z])", re.I),
    # "eight children suffered stab wounds", "two were taken to hospital with suspected fractures",
    # "two adults remain in critical condition after being injured"
    re.compile(rf"(?<![\w-])(?P<count>{_C})\s+{_HEAD}(?:also\s+)?(?:suffered|sustained|received|treated for)\s+"
               rf"(?:[\w-]+\s+){{0,2}}?(?:injuries|wounds|fractures|burns)\b", re.I),
    re.compile(rf"(?<![\w-])(?P<count>{_C})\s+{_HEAD}{_BE}(?:also\s+)?(?:taken|rushed|admitted|airlifted|evacuated)\s+"
               rf"(?:to\s+(?:a\s+|the\s+)?(?:nearby\s+|local\s+)?hospitals?\s+)?(?:with|for)\s+(?:[\w-]+\s+){{0,2}}?"
               rf"(?:injuries|wounds|fractures|burns)\b", re.I),
    re.compile(rf"(?<![\w-])(?P<count>{_C})\s+{_HEAD}(?:[a-z]+\s+){{0,4}}?after\s+being\s+{_WOUND_WORDS}\b", re.I),
    # "killing two and seriously wounding a third": one more
    re.compile(r"\b(?:wound(?:ing|ed)|injur(?:ing|ed))\s+(?P<count>a|one)\s+(?:second|third|fourth|fifth|sixth)\b", re.I),
]
# words one of which each pattern above needs: most clauses have none, and skip the patterns' scans
_KILLED_NEEDS = ("kill", "left", "leav", "lives", "life", "dead", "die", "slain", "slay", "murder", "homicide", "execut",
                 "massacr", "perish", "behead", "toll", "fatal", "number of", "death", "gunned", "slaughter", "succumb")
_WOUNDED_NEEDS = ("wound", "injur", "hurt", "maim", "fractur", "burns")
# "the officers, who remained uninjured": none of them killed or hurt
_UNHURT = r"(?:remained|were|was|are|is)\s+(?:left\s+)?(?:uninjured|unharmed|unhurt|unscathed)"
NO_KILLED = re.compile(r"\b(?:no (?:one|body|people|person|civilians?) (?:was|were) (?:killed|hurt|injured)|"
                       rf"{_UNHURT}|"
                       r"no (?:casualties|fatalities|deaths|victims)|without (?:casualties|causing casualties)|"
                       r"(?:caused|causing|resulting in|resulted in|preventing|reported) no (?:casualties|fatalities|deaths|damage or casualties)|"
                       r"no (?:damage or casualties)|no (?:reported )?(?:casualties|injuries or deaths|deaths or injuries))", re.I)
NO_WOUNDED = re.compile(r"\b(?:no (?:reported )?(?:casualties|injuries)|no one was (?:hurt|injured)|"
                        rf"{_UNHURT}|"
                        r"(?:caused|causing|resulting in|resulted in|preventing) no (?:casualties|injuries|damage or casualties)|"
                        r"no (?:damage or casualties))", re.I)
_NOT_COUNT_AFTER = re.compile(r"^\s*(?:%|percent|per cent|square|sq|km|kilomet|miles?|years?|months?|weeks?|days?|hours?|"
                              r"minutes?|times|attacks|missions|strikes|villages|dollars|\$)", re.I)
_SIDE_SPLIT = re.compile(rf"(?<![\w-])(?P<count>{_C})\s+(?P<who>(?:[A-Za-z][\w'’.-]*\s+){{0,3}}?[A-Za-z][\w'’.-]*)"
                         rf"(?=\s*(?:,|and\b|were\b|was\b|have\b|had\b|killed\b|dead\b))", re.I)
_SIDES_BEFORE = re.compile(rf"(?:{_C})(?:\s+(?!(?:were|was|are|is|been|have|had|killed|wounded|injured|dead|died)\b)"
                           rf"[A-Za-z][\w'’.-]*){{0,3}}?\s*(?:,\s*(?:and\s+)?|and\s+)$", re.I)
# one item of a list of victims by side after a killing verb: "killed [47 SDF fighters] and [140 militants]"
_LIST_ITEM = re.compile(rf"(?<![\w-])(?P<count>{_C})\s+(?P<who>(?:(?!(?:and|or|in|at|on|near|with|when|as|after|while|during|"
                        rf"were|was|had|have|has|wounding|injuring|including|killed|wounded|injured|dead|suffered|sustained|remain|"
                        rf"remained)\b)"
                        rf"[A-Za-z][\w'’-]*(?:\s+|(?=[,.;])|$)){{1,3}})", re.I)
# after a listed count, a verb of its own: the count is a clause's subject, not one more object
_OWN_CLAUSE = re.compile(r"\s*(?:were|was|are|is|had|have|has|suffered|sustained|remain|remained)\b", re.I)
# a verb of killing or wounding right before a count: the count is its object
_VERB_BEFORE = re.compile(r"\b(?:kill(?:ing|ed|s)?|wound(?:ing|ed|s)?|injur(?:ing|ed|es)|left|leaving|hurting)\s*$", re.I)
_LIST_SEP = re.compile(r"\s*,\s*and\s+|\s*,\s*|\s*and\s+", re.I)
_YEAR_LIKE = re.compile(r"^(1[89]\d\d|20\d\d)$")
# "four of the seven who were hurt": the seven are the wounded
_PARTITIVE_TOTAL = re.compile(rf"^\s+of\s+the\s+(?P<count>{_C})\s+(?:[a-z]+\s+)?(?:that|who|which)\s+"
                              rf"(?:were|was|had been|have been)\s", re.I)
_RUNNING = re.compile(r"\b(?:so far|thus far|to date|as of now)\b", re.I)
# "the death toll is expected to rise", "the final toll is likely to be higher", "he expected the number
# of deaths to rise": the toll told is the least it will be
_TOLL_NOUN = (r"(?:death toll|toll|casualty (?:figures?|count)|casualties|number of (?:dead|deaths|victims|casualties|"
              r"people killed|injured|wounded|injuries)|(?:the|this|that)\s+(?:number|figure)(?=\s+(?:is|was|were|has|had|"
              r"could|may|might|will|would|continues|continued)\b))")
_TOLL_RISING = re.compile(rf"\b{_TOLL_NOUN}\b[^.;]{{0,40}}?\b(?:{_VOCAB.alternation('toll_rising_phrases')})\b"
                          rf"|\bexpect(?:s|ed|ing)?\s+(?:the\s+)?{_TOLL_NOUN}\s+to\s+(?:rise|climb|increase|grow)\b", re.I)
# "two adults were also injured", "another 20 were wounded": more than those told before ("killing 60
# and wounding another 70" tells the wounded apart from the dead, not more wounded)
# "he evacuated 11 people injured in the attack": those carried are some of the wounded
_CARRIED_BEFORE = re.compile(rf"\b(?:{_VOCAB.alternation('carrying_verbs')})\s+$", re.I)
_ALSO = re.compile(r"\balso\b", re.I)
_ALSO_OR_ANOTHER = re.compile(r"\b(?:also|another|a further|an additional)\b", re.I)
_HURT_WORDS = re.compile(r"\b(?:casualt|injur|wound|hurt)", re.I)

# Numbers that are not counts of people, masked before the patterns run (the text keeps its length):
# dates ("the March 3 attack"), ages ("10-year-old", "aged between 8 and 10"), clock times, family sizes.
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
          r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_SMALL = rf"(?:\d{{1,3}}|(?:{_WORDNUM})(?:-(?:{_WORDNUM}))?)"
_NOT_COUNTS = re.compile(
    rf"\b{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}}\b)?"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b\.?(?:\s+\d{{4}}\b)?"
    rf"|\b{_SMALL}(?:\s*(?:-|–|to|and)\s*{_SMALL})?[- ](?:years?|months?|weeks?|days?)[- ]olds?\b"
    rf"|(?<=\baged\s)(?:between\s+)?{_SMALL}(?:\s*(?:-|–|to|and)\s*{_SMALL})?\b"
    rf"|(?<=\bages\s)(?:between\s+|of\s+)?{_SMALL}(?:\s*(?:-|–|to|and)\s*{_SMALL})?\b"
    r"|\b\d{1,2}(?::\d\d)?\s*(?:a\.\s?m\.|p\.\s?m\.|am\b|pm\b)"
    r"|\b\d{1,2}:\d\d\b"
    rf"|\b(?:mother|father|parent|mom|mum|dad|grandmother|grandfather)\s+of\s+{_SMALL}\b", re.I)

# Totals: a figure told of a war, a campaign or a period, not of one incident ("the insurgency has
# killed 9,000", "killed since October 7", "in March and April alone", "over the past four days").
# A toll of ten thousand or more is never one incident's.
_WAR = _VOCAB.alternation("war_nouns")
_DAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_TOTAL_FRAMES = re.compile(
    rf"\bsince\s+(?:then\b|that\s+(?:time|day)\b|(?:the\s+)?(?:start|beginning|outbreak|onset)\b|(?:early|late|mid)\b|"
    rf"last\b|{_MONTH}\b|(?:19|20)\d\d\b|{_DAY}\b|(?:the|this|its|their)\s+(?:\w+\s+)?(?:{_WAR})\b)"
    rf"|\b(?:day|week|weekend|month|year|night|morning|{_MONTH}|(?:19|20)\d\d|{_DAY})s?\s+alone\b"
    r"|\b(?:over|in|during|within|for)\s+the\s+(?:past|last|previous)\s+(?:\w+\s+)?(?:days?|weeks?|months?|years?|decades?)\b"
    r"|\b(?:so far|since the (?:start|beginning) of|killed|dead|died|people|civilians|others)\s+this\s+year\b"
    rf"|\b(?:{_WAR})\s+(?:(?:in|on|against|of)\s+(?:[\w'’-]+\s+){{0,3}}?)?(?:has|have|had|which|that)?\s*"
    rf"(?:\w+\s+)?(?:killed|claimed the lives)\b"
    rf"|\b(?:killed|dead|died)\s+(?:\w+\s+){{0,3}}?(?:in|during|throughout)\s+(?:the|this|its|their|[A-Z][\w'’-]*(?:'s|’s))\s+"
    rf"(?:[\w'’-]+\s+){{0,2}}?(?:{_WAR})\b", re.I)
# "the deadliest attack since 2015", "the worst this year": a comparison, not a period total
_SUPERLATIVE_BEFORE = re.compile(r"\b(?:deadliest|worst|bloodiest|biggest|largest|first|second|third|latest|most|"
                                 r"highest|only)\b(?:\s+[\w'’-]+){0,4}\s*$", re.I)
TOTAL_MIN = 10_000
_CLAUSE_BREAK = re.compile(r"[;:()\u2014\u2013]|,\s")


def mask_non_counts(text: str) -> str:
    """The text with its dates, ages, clock times and family sizes replaced by letters of the same
    length ("aged" itself is kept: "two boys, aged 9 and 11, were killed" reads as an aside)."""
    return _NOT_COUNTS.sub(lambda m: "x" * len(m.group()), text)


def _clause(text: str, start: int, end: int) -> str:
    """The clause around text[start:end] (between commas, semicolons, dashes, brackets), with a
    fronted phrase of the sentence ("Since then,", "In 2023 alone,") that governs it."""
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(text)]
    left = max((b for b in breaks if b < start), default=-1)
    right = min((b for b in breaks if b >= end), default=len(text))
    clause = text[left + 1:right]
    if breaks and left == breaks[0] and left <= 40:
        clause = text[:left] + " " + clause
    return clause


def total_frame(text: str, start: int, end: int) -> bool:
    """Whether the figure at text[start:end] is told as a total: of a war or a campaign, since a
    date, over a period ("since October 7", "in 2021 alone", "the insurgency has killed")."""
    clause = _clause(text, start, end)
    return any(not _SUPERLATIVE_BEFORE.search(clause[:m.start()]) for m in _TOTAL_FRAMES.finditer(clause))


def told_as_total(text: str) -> bool:
    """Whether a stretch of text frames what it counts as a total ("in 2023 alone", "since October")."""
    return any(not _SUPERLATIVE_BEFORE.search(text[:m.start()]) for m in _TOTAL_FRAMES.finditer(text))


def _count_of(m: re.Match, text: str) -> tuple[int | None, int | None] | None:
    if "single" in m.re.groupindex and m.group("single"):
        return (1, 1)  # "the killing of a trader"
    span_text = m.group("count")
    if _YEAR_LIKE.match(span_text.strip()):
        return None
    after = text[m.end("count"):m.end("count") + 60]
    if _NOT_COUNT_AFTER.match(after[:12]):
        return None
    partitive = _PARTITIVE_TOTAL.match(after)
    if partitive:
        return parse_count(partitive.group("count"))
    if span_text.lower() in ("a", "an", "another"):  # "a soldier was killed", "another man was also hurt"
        return (1, 1)
    if span_text.lower() in _MULTIPLE_DEATHS:  # "a double murder"
        return (_MULTIPLE_DEATHS[span_text.lower()],) * 2
    inner = _COUNT_RE.fullmatch(span_text.strip())
    return _range_from_match(inner) if inner else None


def _summed(ranges: list[tuple[int | None, int | None]]) -> tuple[int | None, int | None]:
    lows = [r[0] for r in ranges]
    highs = [r[1] for r in ranges]
    low = sum(lows) if all(v is not None for v in lows) else None
    high = sum(highs) if all(v is not None for v in highs) else None
    return low, high


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
    return _summed([r for _, r in sides]), tuple((w, r[0] or r[1] or 0) for w, r in sides)


def _object_sides(text: str, start: int) -> tuple[tuple[int | None, int | None] | None, tuple]:
    """The victims a killing verb lists by side: 'killed 47 SDF fighters and 140 militants',
    'left 12 pupils and three teachers dead' → their sum and the sides."""
    sides, pos = [], start
    while (item := _LIST_ITEM.match(text, pos)) is not None:
        rng = _count_of(item, text)
        if rng is None or _OWN_CLAUSE.match(text, item.end()):
            break  # "killed 12 people and three others were hurt": the three are another clause's subject
        sides.append((item.group("who").strip(), rng))
        sep = _LIST_SEP.match(text, item.end())
        if sep is None:
            break
        pos = sep.end()
    if len(sides) < 2:
        return None, ()
    return _summed([r for _, r in sides]), tuple((w, r[0] or r[1] or 0) for w, r in sides)


# "striking the former governor in the shoulder", "hit a guard in the leg": one wounded
_STRUCK_IN_BODY = re.compile(rf"\b(?:striking|struck|hitting|hit)\s+(?:the|a|an|his|her|one)\s+(?:[\w'’-]+\s+){{0,3}}?"
                             rf"in\s+(?:the|his|her)\s+(?:{_VOCAB.alternation('body_parts')})"
                             r"(?=\s*(?:[,.;]|$|(?:and|with|by|as|while|before|after|during)\b))", re.I)
_OTHERS_AFTER = re.compile(r"\s*others?\b|\bothers?\s*$", re.I)
# what "left 14 pupils ..." left them: the first state word after the count says
_LEFT_STATE = re.compile(r"[^.;:]{0,100}?\b(?P<state>dead|killed|wounded|injured|hurt|maimed|homeless|displaced|"
                         r"stranded|trapped|missing|without)\b", re.I)


def _left_dead(m: re.Match, text: str) -> bool:
    """'left 12 pupils and three teachers dead' kills; 'left 14 pupils injured' or 'homeless' does not."""
    if not re.match(r"(?:left|leaving)\b", m.group(0), re.I):
        return True
    state = _LEFT_STATE.match(text, m.end("count"))
    return bool(state) and state.group("state").lower() in ("dead", "killed")


def _plus_one(rng: tuple[int | None, int | None]) -> tuple[int | None, int | None]:
    return (None if rng[0] is None else rng[0] + 1, None if rng[1] is None else rng[1] + 1)


def _implausible(rng: tuple[int | None, int | None]) -> bool:
    return max(v for v in rng if v is not None) >= TOTAL_MIN


def find_casualties(text: str) -> Casualties:
    """Killed and wounded in a sentence (or clause). The first explicit figure of each wins; a
    figure told as a total (of a war, a campaign, a period) is no incident's toll and is skipped;
    a running toll ("41 killed so far") is a lower bound."""
    killed = wounded = None
    killed_span = wounded_span = None
    sides: tuple = ()
    total = False
    lower = text.lower()
    masked = mask_non_counts(text)

    def usable(m: re.Match) -> tuple[int | None, int | None] | None:
        nonlocal total
        if m.re is _DEATHS_OF and _LEGAL_BEFORE.search(masked[max(0, m.start() - 60):m.start()]):
            return None  # "charged with two counts of murder of a shopkeeper": a charge, not a toll
        if _AMONG_CAPTIVES.search(masked[max(0, m.start() - 100):m.start()]):
            return None
        rng = _count_of(m, masked)
        if rng is None or (rng[0] is None and rng[1] is None):
            return None
        if _implausible(rng) or total_frame(text, m.start(), m.end()):
            total = True
            return None
        return rng

    if any(w in lower for w in _KILLED_NEEDS):
        for pattern in KILLED_PATTERNS:
            for m in pattern.finditer(masked):
                if pattern is _KILLING_VERB_COUNT and not _left_dead(m, masked):
                    continue
                rng = usable(m)
                if rng is None:
                    continue
                if killed_span is None or m.start() < killed_span[0]:
                    killed, killed_span, sides = rng, (m.start(), m.end()), ()
                    if pattern is _COUNT_KILLED:
                        killed, sides = _sides_before(masked, m, killed)
                    elif pattern is _KILLING_VERB_COUNT:
                        listed, found = _object_sides(masked, m.start("count"))
                        if listed:
                            killed, sides = listed, found
                break
        m = _ONE_AND_OTHERS.search(masked)
        if m and _one_person(m.group("one")) and (killed_span is None or m.start() < killed_span[0]) \
                and (rng := usable(m)):
            killed, killed_span, sides = _plus_one(rng), (m.start(), m.end()), ()
        m = _COUNT_AND_ONE.search(masked)
        if m and (killed_span is None or m.start() <= killed_span[0]) and (rng := usable(m)):
            killed, killed_span, sides = _plus_one(rng), (m.start(), m.end()), ()
        if killed is None:
            m = _AMONG_THE_DEAD.search(masked)
            if m and (rng := usable(m)):
                killed, killed_span = (rng[0] if rng[0] is not None else rng[1], None), (m.start(), m.end())
    if any(w in lower for w in _WOUNDED_NEEDS):
        for pattern in WOUNDED_PATTERNS:
            for m in pattern.finditer(masked):
                if killed_span and m.start() >= killed_span[0] and m.end() <= killed_span[1]:
                    continue
                rng = usable(m)
                if rng is None:
                    continue
                if wounded_span is None or m.start() < wounded_span[0]:
                    wounded, wounded_span = rng, (m.start(), m.end())
                    if pattern is _COUNT_WOUNDED:
                        wounded, _ = _sides_before(masked, m, wounded)
                    # "killing at least 60 and wounding another 70": the qualifier carries over
                    if (killed and killed[1] is None and rng[0] == rng[1]
                            and re.search(r"\b(?:another|a further|an additional)\s", m.group(0), re.I)):
                        wounded = (rng[0], None)
                break
    struck = _STRUCK_IN_BODY.search(masked)
    if struck and (wounded_span is None or struck.start() < wounded_span[0]):
        # "striking the president in the ear ... and injuring two others": the one struck and the others
        if wounded is None:
            wounded, wounded_span = (1, 1), (struck.start(), struck.end())
        elif _OTHERS_AFTER.match(masked, wounded_span[1]) or _OTHERS_AFTER.search(masked[wounded_span[0]:wounded_span[1]]):
            wounded = _plus_one(wounded)
    killed = _running(text, killed, killed_span)
    wounded = _running(text, wounded, wounded_span)
    if wounded_span and _CARRIED_BEFORE.search(masked[max(0, wounded_span[0] - 30):wounded_span[0]]):
        wounded = open_ended(wounded)
    rising = rising_tolls(text)
    killed = open_ended(killed) if "killed" in rising else killed
    wounded = open_ended(wounded) if "wounded" in rising else wounded
    if killed is None and NO_KILLED.search(text):
        killed = (0, 0)
    if wounded is None and NO_WOUNDED.search(text):
        wounded = (0, 0)
    added = frozenset(name for name, span, more in (("killed", killed_span, _ALSO_OR_ANOTHER),
                                                    ("wounded", wounded_span, _ALSO if killed else _ALSO_OR_ANOTHER))
                      if span is not None and more.search(masked[span[0]:span[1]]))
    return Casualties(killed, wounded, killed_span, wounded_span, sides, total, rising, added)


def rising_tolls(text: str) -> frozenset[str]:
    """The tolls a sentence says are still rising ("the death toll is expected to rise"): the
    killed, and the wounded too when it speaks of casualties or the injured ("the final toll is
    likely to be higher as this accounts only for casualties brought to hospital")."""
    if not _TOLL_RISING.search(text):
        return frozenset()
    return frozenset({"killed", "wounded"}) if _HURT_WORDS.search(text) else frozenset({"killed"})


def open_ended(rng: tuple | None) -> tuple | None:
    """An exact toll that may still rise: its figure is the least ('9' → at least 9)."""
    if rng is None or rng[0] is None or rng[0] != rng[1] or rng[0] == 0:
        return rng
    return (rng[0], None)


def _sides_before(text: str, m: re.Match, killed: tuple) -> tuple[tuple, tuple]:
    """A count before a verb of dying may be the last of several by side ('47 SDF fighters and 140
    militants were killed'), or follow one person named before it ('Karimi and four others')."""
    start = m.start()
    while (before := _SIDES_BEFORE.search(text[max(0, start - 80):start])):
        if _VERB_BEFORE.search(text[max(0, start - 80):max(0, start - 80) + before.start()]):
            break  # "killed 12 people and three others were hurt": the twelve are the verb's object
        start = max(0, start - 80) + before.start()
    if m.group("aside"):  # "nine people, including three nurses, were killed": the aside is a part, not a side
        a, b = m.span("aside")
        text = text[:a] + " " * (b - a) + text[b:]
    total, found = _sum_sides(text, start, m.end())
    if total:
        return total, found
    one = re.search(r"(?:^|[,;:.]\s*|\b(?:and|but|as|while|when|that|after)\s+)(?P<one>[^,;:.]{1,60}?)\s+and\s+$",
                    text[:m.start()])
    if re.match(r"\s+others?\b", text[m.end("count"):]) and one and _one_person(one.group("one")):
        return _plus_one(killed), ()
    return killed, ()


def _one_person(phrase: str) -> bool:
    """'a district judge', 'Karimi': one person, not a group ('the two brothers', 'soldiers')."""
    words = phrase.split()
    if not words or any(w.lower() in UNITS or w.lower() in VAGUE or w[0].isdigit() for w in words[1:]):
        return False
    if any(w.lower() in _NOT_IN_NOUN_PHRASE for w in words):
        return False
    if words[0].lower() not in ("a", "an", "the", "one", "his", "her") and not all(w[0].isupper() for w in words):
        return False
    last = words[-1]
    return not (last.islower() and last.endswith("s") and not last.endswith("ss"))


_NOT_IN_NOUN_PHRASE = frozenset({"were", "was", "is", "are", "been", "had", "have", "has", "killed", "wounded",
                                 "injured", "dead", "died", "said", "and", "or"})


def _running(text: str, rng: tuple | None, span: tuple[int, int] | None) -> tuple | None:
    """'41 people had been killed so far': the toll may still rise, so it is a lower bound."""
    if rng is None or span is None or rng[0] is None or rng[0] != rng[1]:
        return rng
    return (rng[0], None) if _RUNNING.search(_clause(text, span[0], span[1])) else rng
