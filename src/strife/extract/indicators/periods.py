"""The period of a claim: the time expression nearest the value ("between August 2014 and January
2016" is one range); the date of the statement ("said on Wednesday") only when there is nothing
else; a day or a week read against a publication date known only as a window is widened to the
month; a time after publication (a plan, a deadline) dates nothing; with no time said, the
publication month (or year, when the day is not known)."""
from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date

from spacy.tokens import Span

from strife.extract.context import DocumentContext
from strife.extract.indicators.claims import Claim
from strife.nlp.lexicon import load_vocabulary

# "said on Wednesday": the date of the statement, not of what it counts
_STATEMENT_BEFORE = re.compile(r"\b(?:said|says|stated|announced|reported|told\s+(?:[\w-]+\s+){0,2}?|confirmed|"
                               r"estimated|estimates)\s*(?:on\s+)?$", re.I)


def period_of(claim: Claim, sent: Span, claims: list[Claim], ctx: DocumentContext) -> str | None:
    """The time of a claim: a time expression in the claim's own stretch (up to the next value), else
    one before the sentence's first value, else the date of the statement, else the nearest; in a
    sentence without one, "have since killed" runs from the time told just before to publication."""
    text = ctx.text
    # a claim counts what was or is: "plans to withdraw its 6,000 troops by December" is not dated by the plan
    inside = sorted((tx for tx in ctx.timexes if sent.start_char <= tx[0] < sent.end_char
                     and not (ctx.pub_date and tx[2].start > ctx.pub_date)), key=lambda tx: tx[0])
    if not inside:
        return _since_before(claim, sent, ctx)
    spans: list[tuple[int, int, object, bool]] = []  # start, end, value (or (from, to)), statement date
    i = 0
    while i < len(inside):
        s, e, tv = inside[i]
        if i + 1 < len(inside):
            s2, e2, tv2 = inside[i + 1]
            joined = re.fullmatch(r"\s*(?:and|to|until|till|through|-|–)\s*", text[e:s2], re.I)
            opened = re.search(r"\b(?:between|from)\b", text[max(sent.start_char, s - 60):s], re.I)
            if joined and opened and tv2.end >= tv.start:
                spans.append((s, e2, (tv, tv2), False))
                i += 2
                continue
        statement = bool(_STATEMENT_BEFORE.search(text[max(sent.start_char, s - 40):s]))
        spans.append((s, e, tv, statement))
        i += 1
    later = [c.start for c in claims if c.start > claim.start]
    own_end = later[0] if later else sent.end_char
    first_value = min(c.start for c in claims)

    def distance(sp):
        if sp[1] <= claim.start:
            return claim.start - sp[1], 0
        if sp[0] >= claim.ev_end:
            return sp[0] - claim.ev_end, 1
        return 0, 0

    tiers = ([sp for sp in spans if not sp[3] and claim.start <= sp[0] < own_end],
             [sp for sp in spans if not sp[3] and sp[1] <= first_value
              and not _CONTRAST.search(text, sp[1], claim.start)],
             [sp for sp in spans if sp[3]],
             [sp for sp in spans if not (sp[1] <= claim.start and _CONTRAST.search(text, sp[1], claim.start))])
    tier = next((t for t in tiers if t), None)
    if tier is None:
        return None
    chosen = min(tier, key=distance)
    value = chosen[2]
    if isinstance(value, tuple):
        return _iso_range(value[0].start, value[1].end)
    if value.precision <= 2 and value.relative and not ctx.pub_date_exact:
        # "yesterday", "on Monday" read against a publication date the text only narrows to a window: the month
        return value.end.strftime("%Y-%m")
    return value.iso


# "have since killed", "has since risen to": since the time the text told last
_SINCE_ADVERB = re.compile(r"\b(?:has|have|had)\s+(?:\w+\s+)?since\b(?!\s+(?:the|\d))", re.I)
_SINCE_LOOKBACK = 3  # sentences


def _since_before(claim: Claim, sent: Span, ctx: DocumentContext) -> str | None:
    """The period of "X have since killed N" when its sentence says no time: from the last time
    expression of the few sentences before it to publication."""
    if ctx.pub_date is None or not _SINCE_ADVERB.search(ctx.text, sent.start_char, claim.start):
        return None
    index = bisect_right(ctx.sentence_starts, sent.start_char) - 1
    window_start = ctx.sentence_starts[max(0, index - _SINCE_LOOKBACK)]
    before = [tv for s, _, tv in ctx.timexes if window_start <= s < sent.start_char and tv.start <= ctx.pub_date]
    return _iso_range(before[-1].start, ctx.pub_date) if before else None


# "since (the civil) war broke out in April 2023": the text dates the war's outbreak
_OUTBREAK = re.compile(r"\bsince\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){0,2}?(?:" + load_vocabulary().alternation("war_nouns")
                       + r")\s+(?:began|started|broke\s+out|erupted)\s+(?:in\s+|on\s+)?$", re.I)


def war_period(ctx: DocumentContext) -> str | None:
    """From the outbreak of the war the text dates ("since civil war broke out in April 2023") to
    publication: the time of a war's toll that states none (the displaced, the dead). The most
    precise such date wins ("in April 2023" over "last year")."""
    if ctx.pub_date is None:
        return None
    starts = [tv for s, _, tv in ctx.timexes if tv.start <= ctx.pub_date and _OUTBREAK.search(ctx.text[max(0, s - 80):s])]
    if not starts:
        return None
    start = min(starts, key=lambda tv: (tv.precision, tv.start)).start
    return _iso_range(start, ctx.pub_date)


def default_period(ctx: DocumentContext) -> str | None:
    """The time of a claim that says none: it holds when published, the month of a known publication
    day, the year of one the text only narrows to a window."""
    if ctx.pub_date is None:
        return None
    return ctx.pub_date.strftime("%Y-%m") if ctx.pub_date_exact else str(ctx.pub_date.year)


# "At its peak last year, it had seized a third, but it has lost a third of that": the time of the
# first clause is not the time of the contrasted one
_CONTRAST = re.compile(r",\s*(?:but|while|whereas|although|though)\b|;", re.I)


def _iso_range(start: date, end: date) -> str:
    a, b = start.strftime("%Y-%m"), end.strftime("%Y-%m")
    if start.month == 1 and end.month == 12:
        a, b = str(start.year), str(end.year)
    return a if a == b else f"{a}..{b}"


