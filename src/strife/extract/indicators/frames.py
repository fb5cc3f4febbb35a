"""Which classified values are aggregate claims. A count of actions or victims must sit in an
aggregate frame (a period, "so far", "in total") in its own clause, so that "killing 60" stays an
incident's toll; a force size must be said as one ("fields 19,000 fighters"); a vague quantity
("dozens of attacks") gives no figure to put in a series."""
from __future__ import annotations

import re

from spacy.tokens import Span

from strife.extract.context import DocumentContext
from strife.extract.indicators.claims import Claim
from strife.nlp.pipeline import span_text

# a force size is said as one: "fields 19,000 fighters", "2,500 fighters who remain at large", "a 1,300-strong"
_FORCE_BEFORE = re.compile(r"\b(?:fields?|fielded|musters?|commands?|has|have|had|boasts?|numbers?|numbering|"
                           r"estimated|estimates?\s+of|deploy\w*|recruit\w*|pursuit\s+of|total\s+of|strength\s+of)\s+"
                           r"(?:[\w-]+\s+){0,3}$", re.I)
_FORCE_AFTER = re.compile(r"^[^.;]{0,40}?\b(?:strong|at\s+large|remain\w*|in\s+(?:its|their)\s+ranks|under\s+arms)\b",
                          re.I)
_CASUALTY_AFTER = re.compile(r"^[^.;]{0,70}?\b(?:(?:were|was|have\s+been|had\s+been|are|being)\s+(?:killed|captured|"
                             r"arrested|wounded|injured|executed|detained)|died)\b", re.I)
# an aggregate needs a period or a counting frame; a bare "killing 60" is an incident, not an indicator
_MONTH = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
_AGGREGATE_FRAME = re.compile(
    rf"\b(?:alone|so\s+far|since|between\s+(?:[\w-]+\s+){{0,8}}?(?:(?:19|20)\d\d|{_MONTH})\b|"
    rf"from\s+\w+\s+(?:\d{{4}}\s+)?to|in\s+the\s+(?:first|past|last|second)|this\s+year|last\s+year|"
    rf"per\s+(?:month|year|week|day)|a\s+(?:month|year|week)\b(?!\s+(?:after|before|later|earlier|ago))|"
    rf"in\s+(?:all\s+of\s+)?(?:19|20)\d\d|in\s+{_MONTH}\b|over\s+the\s+(?:past|last)|"
    rf"during\s+(?:the\s+)?(?:(?:first|past|last|previous|same|whole|entire)\s+\w+|(?:19|20)\d\d|{_MONTH}|"
    rf"(?:this|that)\s+(?:year|month|week|period))|as\s+of|total|altogether|in\s+all)", re.I)
_COUNT_METRICS = {"attacks_count", "operations_count", "strikes_count", "arrests_count", "abductions_count",
                  "militants_killed", "deaths_count", "wounded_count"}
# a plural count of actions with a date is already an aggregate ("up to 18 strikes yesterday")
_ACTION_METRICS = {"attacks_count", "operations_count", "strikes_count"}


def accepted(v: Claim, sent: Span, ctx: DocumentContext) -> bool:
    """Whether a classified value is an aggregate claim worth a series: a count of actions or of
    victims in an aggregate frame, a force size said as one, more than one village."""
    if v.attrs.get("vague"):
        return False  # "dozens of attacks", "hundreds of members": no figure to put in a series
    size = max(x for x in (v.low, v.high, 0) if x is not None)
    if v.metric in _COUNT_METRICS:
        # the frame must be in the value's own clause: "the deadliest since Feb. 28, when ... killed 70" is no total
        clause_start, clause_end = _clause(sent, v)
        framed = _AGGREGATE_FRAME.search(ctx.text[clause_start:clause_end])
        timed = any(sent.start_char <= tx[0] < sent.end_char for tx in ctx.timexes)
        if not framed and not (timed and size >= 5 and v.metric in _ACTION_METRICS):
            return False
    if v.metric == "fighters":
        before = ctx.text[max(sent.start_char, v.start - 40):v.start]
        after = ctx.text[v.ev_end:sent.end_char]
        if size < 10 or not (_FORCE_BEFORE.search(before) or _FORCE_AFTER.match(after)) or _CASUALTY_AFTER.match(after):
            return False
    if v.metric in ("villages_lost", "villages_held") and size < 2:
        return False
    return True


_CLAUSE_BREAK = re.compile(r",\s*(?=(?:when|after|before|as|while|where|which)\b)|;|\s[—–]\s", re.I)


def _clause(sent: Span, v: Claim) -> tuple[int, int]:
    """The stretch of the sentence around a value up to a subordinate clause, a semicolon or a dash."""
    text, base = span_text(sent), sent.start_char
    start, end = base, sent.end_char
    for m in _CLAUSE_BREAK.finditer(text):
        if base + m.end() <= v.start:
            start = base + m.end()
        elif base + m.start() >= v.ev_end:
            end = base + m.start()
            break
    return start, end
