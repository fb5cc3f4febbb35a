"""An incident's date: the most precise time expression of its segment or sentence, else one its
paragraph or report gives; "a week after" dates it from the incident told before."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

from spacy.tokens import Span

from strife.extract.context import DocumentContext, Timex
from strife.extract.incidents.records import Candidate, Trigger
from strife.nlp.lexicon import load_vocabulary
from strife.nlp.numbers import UNITS
from strife.nlp.pipeline import span_text
from strife.nlp.timex import between, shift

_VOCAB = load_vocabulary()
# "This attack comes just a week after IS targeted Sadr": a verb of occurring, a distance, after/before
# "came less than a month after another car bomb": the earlier incident lies within that distance
_COMES_AFTER = re.compile(rf"\b(?:{_VOCAB.alternation('occurring_verbs')})\s+(?:just\s+|only\s+|barely\s+)?"
                          rf"(?:(?P<within>{_VOCAB.alternation('at_most_words')})\s+)?"
                          r"(?P<n>an?|one|two|three|four|five|six|seven|ten|\d+)\s+(?P<unit>days?|weeks?|months?)\s+"
                          r"(?P<rel>after|before)\s", re.I)
# "in recent months", "over the past year": a period that ends with the report
_RECENT = re.compile(rf"\b(?:{_VOCAB.alternation('recent_words')})\b", re.I)


def set_date(cand: Candidate, sent: Span, start: int, end: int, ctx: DocumentContext) -> None:
    """The segment's own date, else the sentence's, else one borrowed from before (flagged by
    `own_date` False)."""
    in_sentence = [tx for tx in ctx.event_timexes if sent.start_char <= tx[0] < sent.end_char]
    sent_times = [tx for tx in in_sentence if _dates_trigger(tx, cand.triggers, ctx)]
    seg_times = [tx for tx in sent_times if start <= tx[0] < end]
    cand.own_date = bool(seg_times or sent_times)
    distance = _distance_before_clause(cand.triggers)
    if distance is not None and sent_times:
        # "arraigned Thursday, two years after the shooting": Thursday dates the arraignment
        cand.date = None if distance == () else shift(incident_date(sent_times, cand.triggers), *distance)
        return
    if in_sentence and not sent_times:
        # "Gunmen killed two guards, and talks began in March": the sentence's dates are another
        # clause's, and borrowing one from elsewhere would be a guess
        cand.date, cand.undatable = None, True
        return
    own_place = cand.place is not None and (cand.place.precision or 1) <= 3
    cand.date = incident_date(seg_times or sent_times or earlier_times(sent, ctx, own_place), cand.triggers)


_DURATION_DAYS = {"day": 1, "days": 1, "week": 7, "weeks": 7}
_DURATION_MONTHS = {"month": 1, "months": 1, "year": 12, "years": 12}


def _distance_before_clause(triggers: list[Trigger]) -> tuple[int, int] | tuple[()] | None:
    """For an incident named as the object of "N weeks after" / "N years before", the (days,
    months) from the clause's date back to it; () when the distance is hedged ("more than two
    years after"); None when no trigger is such an object."""
    for trig in triggers:
        tok = trig.token
        if tok.dep_ != "pobj" or tok.head.lower_ not in ("after", "before"):
            continue
        for unit in tok.head.children:
            if unit.dep_ != "npadvmod" or unit.lower_ not in _DURATION_DAYS | _DURATION_MONTHS:
                continue
            counts = [c for c in unit.children if c.dep_ == "nummod"] + [c for c in unit.children if c.dep_ == "det"]
            if not counts or any(c.dep_ in ("quantmod", "advmod") for c in counts[0].children) or any(
                    c.dep_ in ("amod", "advmod") and c.lower_ in ("more", "nearly", "almost", "about", "some", "over")
                    for c in unit.children):
                return ()
            n = UNITS.get(counts[0].lower_) if not counts[0].text.isdigit() else int(counts[0].text)
            if not n:
                return ()
            sign = -1 if tok.head.lower_ == "after" else 1
            return ((sign * n * _DURATION_DAYS[unit.lower_], 0) if unit.lower_ in _DURATION_DAYS
                    else (0, sign * n * _DURATION_MONTHS[unit.lower_]))
    return None


# a clause joined by these is another event, even below the trigger ("arrested ... but later acquitted")
_OTHER_EVENT_DEPS = frozenset({"conj"})


def _clause_head(tok):
    """The verb whose clause holds the token (the root when none)."""
    while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i:  # spaCy makes a new Token per access:
        tok = tok.head                                                 # compare indices, never identity
    return tok


def _dates_trigger(tx: Timex, triggers: list[Trigger], ctx: DocumentContext) -> bool:
    """A time expression dates a trigger when it sits in the trigger's clause, in a clause below it
    (not a coordinated one), or in a clause above it ("said on Monday that gunmen killed ..."); not
    in a coordinated clause ("gunmen killed two guards, and talks began in March")."""
    span = ctx.doc.char_span(tx[0], tx[1], alignment_mode="expand")
    if span is None:
        return True
    clause = _clause_head(span.root)
    for trig in triggers:
        own = _clause_head(trig.token)
        if clause.i == own.i or clause.is_ancestor(own):
            return True
        tok = clause
        while tok.i != own.i and tok.head.i != tok.i and tok.dep_ not in _OTHER_EVENT_DEPS \
                and not (span.text.lower().startswith("since") and _describes_a_thing(tok, triggers)):
            tok = tok.head
        if tok.i == own.i:
            return True
    return False


def _describes_a_thing(tok, triggers: list[Trigger]) -> bool:
    """A relative clause about a place or a person, not about the deed ("to recapture Fallujah, which
    has been under ISIS control since 2014"): its "since" is when the thing's state began, not the
    incident's time."""
    return tok.dep_ == "relcl" and all(tok.head.i != t.token.i for t in triggers)


def date_from_earlier(cand: Candidate, sent: Span, anchor: Candidate | None) -> None:
    """'This attack comes just a week after IS targeted Sadr': the incident in the after-clause is
    dated from the one the main clause refers back to (the incident told just before)."""
    if anchor is None or anchor.date is None or anchor.date.precision > 1 or cand.own_date and cand.date \
            and "after" not in cand.date.text.lower() and "before" not in cand.date.text.lower():
        return
    m = _COMES_AFTER.search(span_text(sent))
    if not m or not any(t.start >= sent.start_char + m.end() for t in cand.triggers):
        return
    n = int(m.group("n")) if m.group("n").isdigit() else UNITS[m.group("n").lower()]
    unit = m.group("unit").lower().rstrip("s")
    sign = -1 if m.group("rel").lower() == "after" else 1
    days, months = (n * 7, 0) if unit == "week" else (n, 0) if unit == "day" else (0, n)
    moved = shift(anchor.date, sign * days, sign * months)
    if m.group("within"):  # somewhere between that distance from the anchor and the day next to it
        start, end = ((moved.start, anchor.date.start - timedelta(days=1)) if sign < 0
                      else (anchor.date.end + timedelta(days=1), moved.end))
        moved = between(start, end, m.group(0).strip())
    cand.date = moved
    cand.own_date = True


def earlier_times(sent: Span, ctx: DocumentContext, own_place: bool) -> list[Timex]:
    """A sentence with no date of its own takes the nearest earlier day or month of its paragraph
    (unless it names a place of its own: then it likely tells another incident), or the date that
    opens a short report ("03/15/2016: Assailants ...")."""
    text = ctx.text
    opening = [tx for tx in ctx.event_timexes if tx[0] < 40 and tx[2].precision <= 2][:1]
    if own_place:
        return opening
    para_start = text.rfind("\n\n", 0, sent.start_char)
    para_start = 0 if para_start < 0 else para_start
    earlier = [tx for tx in ctx.event_timexes if para_start <= tx[0] < sent.start_char and tx[2].precision <= 3
               and sent.start_char - tx[0] < 400]
    return [earlier[-1]] if earlier else opening


def incident_date(times: list[Timex], triggers: list[Trigger]):
    """The most precise expression; ties go to the one nearest the trigger."""
    if not times:
        return None
    anchor = triggers[0].start
    value = min(times, key=lambda tx: (tx[2].precision, abs(tx[0] - anchor)))[2]
    if (value.end - value.start).days > 35 and _RECENT.search(value.text):
        # "in recent months": what the report calls recent happened by its last month
        end = value.end
        value = replace(value, start=end.replace(day=1), precision=3, iso=end.isoformat()[:7])
    return value


def dates_compatible(a, b) -> bool:
    return a.start <= b.end and b.start <= a.end
