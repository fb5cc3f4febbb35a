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
# "The last time protesters marched, troops opened fire": an earlier occasion, left undated
_PAST_OCCASION = re.compile(rf"\b(?:{_VOCAB.alternation('past_occasion_phrases')})\b", re.I)


def set_date(cand: Candidate, sent: Span, start: int, end: int, ctx: DocumentContext) -> None:
    """The segment's own date, else the sentence's, else one borrowed from before (flagged by
    `own_date` False)."""
    in_sentence = [tx for tx in ctx.event_timexes if sent.start_char <= tx[0] < sent.end_char]
    triggers = _timed_triggers(cand)
    sent_times = [tx for tx in in_sentence if _dates_trigger(tx, triggers, ctx)]
    if cand.triggers and all(_deed_of_proceeding(t.token) for t in cand.triggers):
        # "the trial of a man accused of shooting ... opened Monday", "new video in the shooting trial": the
        # deed a trial is of happened before it, at a time only its own phrase can tell ("killing her in May 2014")
        sent_times = [tx for tx in sent_times if any(_in_phrase(tx, t.token) for t in cand.triggers)]
        if not sent_times:
            cand.date, cand.own_date, cand.undatable = None, False, True
            return
    seg_times = [tx for tx in sent_times if start <= tx[0] < end]
    cand.own_date = bool(seg_times or sent_times)
    distance = _distance_before_clause(cand.triggers)
    if distance is not None and sent_times:
        # "arraigned Thursday, two years after the shooting": Thursday dates the arraignment
        cand.date = None if distance == () else shift(incident_date(sent_times, cand.triggers), *distance)
        return
    if in_sentence and not sent_times or not sent_times and _PAST_OCCASION.search(ctx.text[start:end]):
        # "Gunmen killed two guards, and talks began in March": the sentence's dates are another
        # clause's, and borrowing one from elsewhere would be a guess; so is dating "the last time"
        cand.date, cand.undatable = None, True
        return
    if not sent_times:
        cand.not_after = _latest_before_clause(cand.triggers, ctx)
    own_place = cand.place is not None and (cand.place.precision or 1) <= 3
    cand.date = incident_date(seg_times or sent_times or earlier_times(sent, ctx, own_place), cand.triggers)
    if cand.date is not None and not fits_bound(cand.date, cand.not_after):
        cand.date = None
    if cand.date is None and cand.not_after is not None:
        # dated only as long before another clause's deed: the report's month would be a guess its
        # own text denies in part (its last days), so none is borrowed for it later
        cand.undatable = True
    if cand.date is None and ctx.told_times:
        told = [tx for tx in ctx.told_times if sent.start_char <= tx[0] < sent.end_char
                and _dates_trigger(tx, triggers, ctx)]
        cand.told_when = incident_date([tx for tx in told if start <= tx[0] < end] or told, cand.triggers)
        if cand.told_when is None and not own_place:
            # as a dated report's sentence takes the day or month told just before it
            cand.told_when = incident_date(_earlier_told(sent, ctx), cand.triggers)
            cand.told_borrowed = cand.told_when is not None


_JUDICIAL_NOUNS = _VOCAB.words("judicial_nouns")
# the links by which a deed hangs in a noun phrase (or a participle's phrase in it), not in a clause of its own
_PHRASE_DEPS = frozenset({"compound", "amod", "nmod", "pobj", "prep", "pcomp", "acl", "relcl", "dobj", "conj", "poss"})


def _deed_of_proceeding(tok) -> bool:
    """A deed named as what a trial, hearing, case or verdict is of: "the shooting trial", "a murder
    case", "the trial of two men accused of killing ...". The parser may take "shooting trial" for a
    verb and its object, so a judicial noun right after the deed, bound to it either way, counts."""
    doc = tok.doc
    after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if after is not None and after.lemma_.lower() in _JUDICIAL_NOUNS \
            and (after.head.i == tok.i or tok.head.i == after.i):
        return True
    while tok.head.i != tok.i and tok.dep_ in _PHRASE_DEPS:
        tok = tok.head
        if tok.pos_ in ("NOUN", "PROPN") and tok.lemma_.lower() in _JUDICIAL_NOUNS:
            return True
    return False


def _in_phrase(tx: Timex, tok) -> bool:
    """Whether the time expression lies in (or reaches into) the phrase the token heads ("killing ...
    in Oct. 2011", "in 2022 massacre")."""
    return tx[0] < tok.right_edge.idx + len(tok.right_edge) and tok.left_edge.idx < tx[1]


def _timed_triggers(cand: Candidate) -> list[Trigger]:
    """The triggers whose time is the incident's: of an arrest, its words of arrest; the deed it is
    for ("arrested her in the 1967 killings") was done before, at a time of its own."""
    arrests = [t for t in cand.triggers if t.kind == "arrest"] if cand.kind == "arrest" else []
    return arrests or cand.triggers


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


_SHORT_OF = frozenset({"nearly", "almost", "about", "around", "some", "less", "under", "roughly", "approximately"})


def _latest_before_clause(triggers: list[Trigger], ctx: DocumentContext):
    """The latest day an incident told as "(more than) a week after an incursion" can have happened,
    when its sentence gives no time: its clause's deed happened by the report's date, and the incident
    at least that distance before. None when no trigger is such a deed (or the report is undated, or
    the distance may be shorter: "nearly a week after")."""
    if ctx.pub_date is None:
        return None
    for trig in triggers:
        after = _deed_after(trig.token)
        if after is None:
            continue
        for unit in after.children:
            if unit.dep_ != "npadvmod" or unit.lower_ not in _DURATION_DAYS | _DURATION_MONTHS:
                continue
            counts = [c for c in unit.children if c.dep_ in ("nummod", "det")]
            if not counts or any(t.lower_ in _SHORT_OF for t in unit.subtree):
                return None
            n = int(counts[0].text) if counts[0].text.isdigit() else UNITS.get(counts[0].lower_)
            if not n:
                return None
            days = n * _DURATION_DAYS[unit.lower_] if unit.lower_ in _DURATION_DAYS \
                else n * 28 * _DURATION_MONTHS[unit.lower_]  # the shortest month: a bound, never a guess
            return ctx.pub_date - timedelta(days=days)
    return None


def _deed_after(tok):
    """The "after" whose object the trigger tells ("a week after an incursion and heavy bombardment
    that killed dozens": the bombardment and the killing are the incursion's), else None."""
    while tok.dep_ in ("conj", "relcl", "acl", "compound", "amod") and tok.head.i != tok.i:
        tok = tok.head
    return tok.head if tok.dep_ == "pobj" and tok.head.lower_ == "after" else None


def fits_bound(when, not_after) -> bool:
    """A date that may be an incident's that happened by `not_after` (None: any date may)."""
    return not_after is None or when.start <= not_after


_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})
_NOMINAL_POS = frozenset({"NOUN", "PROPN", "PRON", "NUM"})


def _clause_head(tok):
    """The verb whose clause holds the token (the root when none)."""
    while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i:  # spaCy makes a new Token per access:
        tok = tok.head                                                 # compare indices, never identity
    return tok


def _other_event(tok, contrast: bool) -> bool:
    """A clause coordinated with the one above it tells another event when it has a subject of its
    own ("gunmen killed two guards, and talks began in March") or, with `contrast`, is set against
    it ("arrested them on Monday but acquitted them in 2018": its time is not the arrest's); a
    predicate sharing the subject tells the same one ("killed 19 and injured dozens on Sunday")."""
    if tok.dep_ != "conj":
        return False
    if any(c.dep_ in _SUBJECT_DEPS for c in tok.children):
        return True
    if _passive(tok) and not _passive(tok.head):
        return True  # "gunmen shot two guards and were arrested on Monday": what befell another subject
    joins = [c for c in tok.head.children if c.dep_ == "cc" and c.i < tok.i]
    return contrast and bool(joins) and joins[-1].lower_ != "and"


def _passive(tok) -> bool:
    return any(c.dep_ == "auxpass" for c in tok.children)


def _path_up(lower, upper, timex_below: bool, timex: Span) -> bool:
    """Whether clause `upper` is reached from clause `lower` by climbing the parse without crossing
    into another event; when the time (`timex`) is above the trigger (`timex_below` False), also
    without leaving a noun phrase: a clause that describes a noun ("video capturing the moment
    a mother was shot", "footage of the man killed in the raid") is what the noun shows, and a time
    of the clause above is when it was shown, not when the violence happened; unless the time is the
    noun's own ("during a 2010 wedding, when gunmen kidnapped three guests")."""
    tok = lower
    while tok.i != upper.i:
        if tok.head.i == tok.i or _other_event(tok, contrast=timex_below):
            return False
        if not timex_below and _after_clause(tok):
            return False  # "secures the area early on the 15th after 60 people were killed": a later time
        if not timex_below and (tok.dep_ in ("acl", "relcl") or tok.head.pos_ in _NOMINAL_POS):
            noun = tok.head
            return noun.pos_ in _NOMINAL_POS and any(noun.i == t.i or noun.is_ancestor(t) for t in timex)
        tok = tok.head
    return True


def _after_clause(tok) -> bool:
    """A clause with a subject of its own told as what came before a clause above it in the present,
    as a photo's caption tells its scene ("a soldier secures the area early on the 15th after 60
    people were killed"): the time of the clause above is when the aftermath was seen. A past
    clause above may be the same day ("launched its offensive on the 7th after X attacked")."""
    if tok.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ == "after" for c in tok.children):
        return False
    if tok.head.tag_ not in ("VBZ", "VBP"):
        return False
    return any(c.dep_ in _SUBJECT_DEPS for c in tok.children)


_CHARGE_PREPOSITIONS = _VOCAB.words("charge_prepositions")


def _charge_phrase(tok):
    """The preposition that makes the token's phrase what a verb (or adjective) is for or of ("on
    trial for killing", "arrested for the murder of", "guilty of murder"); None when there is none."""
    while tok.head.i != tok.i:
        head = tok.head
        if tok.dep_ in ("relcl", "acl", "ccomp", "advcl"):
            return None  # a clause of its own
        if head.dep_ == "prep" and head.lower_ in _CHARGE_PREPOSITIONS and head.head.pos_ in ("VERB", "AUX", "ADJ"):
            return head
        tok = head
    return None


def _dates_trigger(tx: Timex, triggers: list[Trigger], ctx: DocumentContext) -> bool:
    """A time expression dates a trigger when it sits in the trigger's clause, in a clause below it
    (not another event's: see `_other_event`), or in a clause above it that the trigger's clause is
    the complement of ("said on Monday that gunmen killed ..."); not in a coordinated clause with
    its own subject ("gunmen killed two guards, and talks began in March"), nor above a trigger told
    inside a noun phrase ("jurors on Thursday watched video capturing the moment she was shot"), nor
    in the clause of a verb the trigger's phrase is the charge or reason of ("went on trial Wednesday
    for killing ...")."""
    span = ctx.doc.char_span(tx[0], tx[1], alignment_mode="expand")
    if span is None:
        return True
    clause = _clause_head(span.root)
    for trig in triggers:
        if trig.kind == "arrest" and _dates_another_noun(span, trig.token):
            continue  # "arrested her in the 1967 killings": 1967 dates the killings, not the arrest
        charge = _charge_phrase(trig.token)
        if charge is not None:
            if charge.is_ancestor(span.root):
                return True  # "arrested for the Monday attack"
            continue
        own = _clause_head(trig.token)
        if clause.i == own.i:
            return True
        if clause.is_ancestor(own):
            if _path_up(own, clause, False, span) and not _since_of_a_state(own, clause, span):
                return True
        elif _path_up(clause, own, True, span) and not _time_of_a_thing(clause, own, span, triggers):
            return True
    return False


_NOUN_MODIFIER_DEPS = frozenset({"nummod", "compound", "amod", "nmod", "poss"})


def _dates_another_noun(time: Span, trigger) -> bool:
    """The time modifies a noun other than the trigger ("the 1967 killings", "the 2005 murder"):
    it is that noun's own date. Said of an arrest's trigger, the noun is the deed the arrest is
    for, done years before; a time that is the arrest's ("in 2005", "on Friday") hangs off its verb."""
    outside = [t for t in time if not time.start <= t.head.i < time.end]
    heads = {t.head.i for t in outside}
    if len(heads) != 1 or trigger.i in heads or outside[0].head.pos_ not in ("NOUN", "PROPN"):
        return False
    return all(t.dep_ in _NOUN_MODIFIER_DEPS or t.dep_ == "det" for t in outside) \
        and any(t.dep_ in _NOUN_MODIFIER_DEPS for t in outside)


def _since_of_a_state(lower, upper, timex: Span) -> bool:
    """A "since" on a verb in the perfect tells when a state began that lasts to the report ("have
    besieged the town since last year"); a predicate coordinated with it ("... but focused their
    attacks elsewhere") tells what was done within that time, not at its start."""
    if not timex.text.lower().startswith("since") or not any(
            c.dep_ == "aux" and c.lemma_ == "have" for c in upper.children):
        return False
    tok = lower
    while tok.i != upper.i:
        if tok.dep_ == "conj":
            return True
        tok = tok.head
    return False


def _time_of_a_thing(lower, upper, timex: Span, triggers: list[Trigger]) -> bool:
    """A time told in a relative clause on the way up from the time to the trigger's clause that
    describes a place or a person, not the deed (`_describes_a_thing`): a "since" there is when the
    thing's state began ("to recapture Fallujah, which has been under ISIS control since 2014"); any
    time is when the thing did a deed of its own ("an offensive against the group, which seized
    the city in 2014"). Neither is the incident's time."""
    since = timex.text.lower().startswith("since")
    tok = lower
    while tok.i != upper.i and tok.head.i != tok.i:
        if _describes_a_thing(tok, triggers) and (since or _own_deed(tok, triggers)):
            return True
        tok = tok.head
    return False


def _describes_a_thing(tok, triggers: list[Trigger]) -> bool:
    """A relative clause about a noun that is not one of the incident's event words."""
    return tok.dep_ == "relcl" and all(tok.head.i != t.token.i for t in triggers)


def _own_deed(clause, triggers: list[Trigger]) -> bool:
    """A relative clause whose noun is its doer ("the group, which seized the city"), telling no
    word of the incident: a deed of that noun's own. A clause the noun undergoes ("the market,
    which was bombed on Friday") may tell the incident itself."""
    return any(c.dep_ == "nsubj" for c in clause.children) and all(
        not (clause.i == t.token.i or clause.is_ancestor(t.token)) for t in triggers)


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
    """A sentence with no date of its own takes the nearest earlier day or month of its paragraph, or
    of a paragraph just before when that one tells a past episode (`_background`), unless it names a
    place of its own (then it likely tells another incident); else the date that opens a short report
    ("03/15/2016: Assailants ...")."""
    text = ctx.text
    opening = [tx for tx in ctx.event_timexes if tx[0] < 40 and tx[2].precision <= 2][:1]
    if own_place:
        return opening
    para_start = text.rfind("\n\n", 0, sent.start_char)
    para_start = 0 if para_start < 0 else para_start
    earlier = [tx for tx in ctx.event_timexes if tx[0] < sent.start_char and tx[2].precision <= 3
               and sent.start_char - tx[0] < 400]
    if earlier and (earlier[-1][0] >= para_start or _background(earlier[-1][2], ctx)):
        return [earlier[-1]]
    return opening


def _earlier_told(sent: Span, ctx: DocumentContext) -> list[Timex]:
    """In a report without a date, the time of no year told last before the sentence in its paragraph
    (as `earlier_times`): it tells the sentence's incident apart from one told at another time."""
    para_start = max(ctx.text.rfind("\n\n", 0, sent.start_char), 0)
    earlier = [tx for tx in ctx.told_times if para_start <= tx[0] < sent.start_char and tx[2].precision <= 3
               and sent.start_char - tx[0] < 400]
    return earlier[-1:]


BACKGROUND_DAYS = 62  # a date this long before the report's is of a past episode, not the news


def _background(value, ctx: DocumentContext) -> bool:
    """A date well before the report's: the paragraphs after it that give no date of their own go on
    telling that past episode ("Three days of terror started on January 7 last year. ... On the third
    and final day, gunmen seized a grocery"), not the news."""
    return ctx.pub_date is not None and (ctx.pub_date - value.end).days > BACKGROUND_DAYS


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
