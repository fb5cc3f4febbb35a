"""Merging within a document: a sentence that tells an incident again or continues it (the
headline, the lead, the details, a claim) adds to that incident instead of making another."""
from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Span

from strife.extract.context import DocumentContext
from strife.extract.incidents.casualties import attackers_only, merged_toll, persons_wounded
from strife.extract.incidents.dates import dates_compatible, fits_bound
from strife.extract.incidents.filters import SPEAKING_DAY
from strife.extract.incidents.records import FAMILY, Candidate
from strife.extract.incidents.roles import blamed_and_denied, responsibility_claim
from strife.nlp.gazetteer import distance_km
from strife.nlp.numbers import find_casualties, open_ended
from strife.nlp.pipeline import span_text
from strife.nlp.lexicon import load_vocabulary
from strife.records import PRECISION_RADIUS_KM, Place

_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_DISTINCT = load_vocabulary().words("distinct_event_words")
_TOLL_UPDATE = re.compile(rf"\b(?:death toll|toll|number of (?:dead|deaths|people killed|victims))\b[^.;]{{0,60}}?"
                          rf"\b(?:{load_vocabulary().alternation('toll_update_verbs')})\b", re.I)
DETAIL_WINDOW = 2  # sentences after an incident in which a figure with no incident of its own completes it
UPDATE_WINDOW = 6  # ... and in which "the death toll had risen to 52" updates its toll
# "the May 2022 massacre", "last June's bombing": a date that dates a deed
_DATED_DEED = re.compile(rf"(?:[’']s)?\s+(?:[a-z-]+\s+){{0,2}}?(?:{load_vocabulary().alternation('dated_deed_nouns')})\b",
                         re.I)
_NO_CLAIM = re.compile(r"\bno (?:group|one|organi[sz]ation) (?:has |had )?(?:claimed|took|has taken|claiming)", re.I)


def attach_details(cand: Candidate, sent: Span, s_index: int, ctx: DocumentContext) -> None:
    """A sentence with no incident of its own may complete the last one: 'There were no reported
    casualties.' 'The Taliban claimed responsibility.' 'Six people were killed.'"""
    detail = Candidate(kind=cand.kind, triggers=[], start=sent.start_char, end=sent.end_char, sent_index=s_index)
    own_period = _own_period(sent, ctx)
    cas = find_casualties(span_text(sent))
    update = bool(_TOLL_UPDATE.search(span_text(sent)) or cas.rising)
    distance = s_index - _last_sentence(cand, ctx)
    if distance <= (UPDATE_WINDOW if update else DETAIL_WINDOW) and not own_period:
        # figures belong to the incident just told (not "in February alone, 670 were killed");
        # claims belong to the last incident told
        detail.killed, detail.wounded, detail.rising, detail.added = cas.killed, cas.wounded, cas.rising, cas.added
        deed_date = _deed_date(sent, ctx)
        if (cas.killed or cas.wounded) and deed_date and cand.date is not None and _contains(cand.date, deed_date):
            # "the 2022 massacre" ... "the May 2022 massacre that left 21 dead": the same deed, dated closer
            detail.date, detail.own_date = deed_date, True
        if detail.wounded is None and cand.wounded is None:  # "Mensah was injured and released"
            detail.wounded = persons_wounded(sent)
        if update and cas.killed and (cand.killed is None or (cas.killed[0] or 0) >= _victims_low(cand)):
            cand.killed, detail.killed = cas.killed, None  # the toll as it now stands
            cand.evidence.append((sent.start_char, sent.end_char))
    claim = responsibility_claim(sent, ctx)
    blame = blamed_and_denied(sent, ctx) if distance <= DETAIL_WINDOW and not claim else None
    if claim:
        detail.perpetrator, detail.perpetrator_text, detail.attribution, detail.claimed = claim
    else:
        if blame and cand.claimed is not True and cand.perpetrator in (None, blame[0]):
            # "Britain blamed the poisoning on Russia; Russia denied involvement"
            detail.perpetrator, detail.perpetrator_text, detail.attribution, detail.claimed = blame
        if _NO_CLAIM.search(span_text(sent)):
            detail.claimed = False
    if detail.killed or detail.wounded or detail.rising or detail.claimed is not None or detail.perpetrator:
        if detail.killed and cand.killed and "killed" not in detail.added \
                or detail.wounded and cand.wounded and "wounded" not in detail.added:
            return  # its own figures: another matter, not a completion ("two were also hurt" adds to it)
        detail.evidence.append((sent.start_char, sent.end_char))
        merge_into(cand, detail)


def began_when_counted(cand: Candidate, sent: Span, s_index: int, ctx: DocumentContext) -> None:
    """A sentence with no incident of its own that counts a toll from a day, shortly after an
    incident told ("the hospital has received 75 bodies of people killed since Monday morning"),
    tells when that incident began, if nothing else dates it to a day (the count itself is a sum
    of the incident's days, not its toll)."""
    if s_index - _last_sentence(cand, ctx) > UPDATE_WINDOW:
        return
    cas = find_casualties(span_text(sent))
    day = _counted_since(sent, ctx) if cas.killed or cas.wounded or cas.total else None
    if day is not None and _may_start(day, cand, ctx):
        cand.date, cand.own_date = _until_report(day, ctx), True
        cand.evidence.append((sent.start_char, sent.end_char))


def _until_report(day, ctx: DocumentContext):
    """The period from the day a toll is counted from to the report's day: the incident has gone on
    since ("killed since Monday" in a Tuesday report: Monday and Tuesday)."""
    days = (ctx.pub_date - day.start).days
    if days <= 0:
        return day
    return replace(day, end=ctx.pub_date, precision=2 if days <= 6 else 3,
                   iso=f"{day.start.isoformat()}..{ctx.pub_date.isoformat()}")


def _counted_since(sent: Span, ctx: DocumentContext):
    """The day a toll in the sentence is counted from ("75 killed since Monday morning", "290 dead
    since July 22"), if it names one."""
    return next((tx[2] for tx in ctx.event_timexes if sent.start_char <= tx[0] < sent.end_char
                 and tx[2].precision == 1 and tx[2].text.lower().startswith("since")), None)


def _may_start(day, cand: Candidate, ctx: DocumentContext) -> bool:
    """Whether a toll counted since `day` dates the incident told before, as the day it began: an
    incident with no day of its own, which may have begun then (not after the latest day it can have
    happened, within a date it has from its context), recently (a war's toll since its first day is
    no one incident's)."""
    if cand.own_date and cand.date is not None and cand.date.precision <= 1 or not fits_bound(day, cand.not_after):
        return False
    if cand.date is not None and not dates_compatible(day, cand.date):
        return False
    return ctx.pub_date is not None and 0 <= (ctx.pub_date - day.start).days <= RECENT_DAYS


def _victims_low(cand: Candidate) -> int:
    """The least of the toll without the attackers' own dead: "at least 80 dead ... the driver was
    killed by police ... the death toll had risen to 80" updates the victims' toll, not lowers it."""
    attackers = cand.attackers_killed[0] or 0 if cand.attackers_killed else 0
    return max((cand.killed[0] or 0) - attackers, 0)


# "claimed responsibility for the attack", "claimed the attacks": the claim is of a deed already told
_CLAIM_OF_TOLD = re.compile(
    r"\b(?:responsibility\s+for|claimed)\s+(?:the|these|those|this|that|both|all)\s+(?:[\w-]+\s+)?"
    rf"(?:{load_vocabulary().alternation('claimable_deeds')}|blast|explosion|incident|attacks|bombings|blasts|"
    r"explosions|incidents|strikes|killings)\b", re.I)


def claim_of_told(cand: Candidate, sent: Span, found: list[Candidate]) -> None:
    """A claim of "the attack" in a sentence that goes on to tell another deed of its own ("TTP
    claimed responsibility for the attack, stating that it avenged the killing of a commander in a
    drone strike in 2013", "the group claimed the attacks and demanded that troops withdraw"): the
    claim is also the deed told before's."""
    if cand.attribution != "claimed" or not found or not _CLAIM_OF_TOLD.search(span_text(sent)):
        return
    told = detail_target(found)
    if FAMILY.get(told.kind) != "violent" or told.claimed is not None:
        return
    claim = Candidate(kind=told.kind, triggers=[], start=sent.start_char, end=sent.end_char,
                      sent_index=cand.sent_index, perpetrator=cand.perpetrator,
                      perpetrator_text=cand.perpetrator_text, attribution="claimed", claimed=True)
    claim.evidence.append((sent.start_char, sent.end_char))
    merge_into(told, claim)


def detail_target(found: list[Candidate]) -> Candidate:
    """The incident a sentence with none of its own completes: the one told last, unless that is
    an arrest (which takes no toll or claim) told after an incident that can. An incident retold
    after others ("Sunday's blast occurred near ...") is the one told last, though found first."""
    told = [c for c in found if c.kind != "arrest"] or found
    return max(reversed(told), key=_last_told)


def _last_told(cand: Candidate) -> int:
    """Where the incident was last told: the start of its latest evidence."""
    return max((start for start, _ in cand.evidence), default=cand.start)


_AT_SCENE = re.compile(rf"\b(?:{load_vocabulary().alternation('scene_phrases')})\b", re.I)


def _deed_date(sent: Span, ctx: DocumentContext):
    """The date the sentence gives a deed noun ('the May 2022 massacre'), if it gives one."""
    return next((tx[2] for tx in ctx.event_timexes if sent.start_char <= tx[0] < sent.end_char
                 and _DATED_DEED.match(ctx.text, tx[0] + len(tx[2].text))), None)


def _own_period(sent: Span, ctx: DocumentContext) -> bool:
    """The sentence dates a period of its own ('in February alone'), not a deed ('the May 2022 massacre')."""
    return any(sent.start_char <= tx[0] < sent.end_char and tx[2].precision >= 3
               and not _DATED_DEED.match(ctx.text, tx[0] + len(tx[2].text)) for tx in ctx.event_timexes)


def arrest_at_scene(cand: Candidate, found: list[Candidate], ctx: DocumentContext) -> None:
    """'A 17-year-old was arrested at the scene': an arrest made where the incident told last
    happened, and when, if its own sentence names neither."""
    if cand.kind != "arrest" or _fine(cand.place) or cand.own_date or not _AT_SCENE.search(ctx.text[cand.start:cand.end]):
        return
    scene = next((p for p in reversed(found) if FAMILY.get(p.kind) == "violent"), None)
    if scene is None or not _fine(scene.place):
        return
    cand.place, cand.country = scene.place, scene.place.country or cand.country
    if scene.date is not None:
        cand.date, cand.own_date = scene.date, False
    cand.anchored = True


def follow_on_date(cand: Candidate, found: list[Candidate]) -> None:
    """'In a second attack, a grenade went off at a bus stop ...', 'another strike hit a school ...': an
    incident told as another of the one just told, with no date of its own, happened when that one
    did; not when its sentence's time is another clause's ("In another attack, gunmen killed two
    guards, and talks began in March 2015": `set_date` left it undatable). The one just told is the
    last of its family told (a conquest of 1967 told in between is not what "a separate attack"
    follows)."""
    if not found or not _distinct(cand) or cand.date is not None or cand.undatable:
        return
    told = [p for p in found if FAMILY.get(p.kind) == FAMILY.get(cand.kind)]
    last = max(told, key=lambda p: max((start for start, _ in p.evidence), default=p.start), default=None)
    if last is not None and last.date is not None:
        cand.date, cand.own_date = last.date, False


def retells_several(cand: Candidate, found: list[Candidate]) -> bool:
    """'The Kirkuk bombings came two weeks after ...': a definite plural that refers back to several
    incidents already told, with no figure of its own, adds nothing to any one of them."""
    nouns = [t for t in cand.triggers if t.noun]
    if not nouns or not all(t.plural for t in nouns) or not _anaphoric(cand) or cand.killed or cand.wounded:
        return False
    return sum(FAMILY.get(p.kind) == FAMILY.get(cand.kind) for p in found) >= 2


def _last_sentence(cand: Candidate, ctx: DocumentContext) -> int:
    """The index of the last sentence that told the incident: the details that follow it continue it."""
    last = max(start for start, _ in cand.evidence) if cand.evidence else -1
    return max((i for i, s in enumerate(ctx.sentences) if s.start_char <= last), default=cand.sent_index)


def merge_target(cand: Candidate, found: list[Candidate], ctx: DocumentContext) -> Candidate | None:
    """An earlier incident of this document that the candidate tells again or continues: the same
    or a nearby fine place; a retelling (a heading tells what the body tells, "the attack" and
    "Sunday's blast" refer to one already told) with nothing that tells them apart (a distant
    place, a different own date); or, close by in the text, nothing that tells them apart (a
    distant place, a different own date, other casualty figures). An incident told as another
    ("another airstrike", "in a separate attack") is a new one."""
    if _distinct(cand):
        return None
    for prev in _same_place_first(cand, found):
        # a reference back, or a heading and its body, may tell a strike once and its killing of a
        # leader after ("Airstrike kills businessman" ... "an airstrike has killed a prominent ...")
        if FAMILY.get(prev.kind) != FAMILY.get(cand.kind) and not (
                (_anaphoric(cand) or prev.headline or cand.headline)
                and {FAMILY.get(prev.kind), FAMILY.get(cand.kind)} <= {"violent", "leader"}):
            continue
        if _strike_and_fight(cand, prev):
            continue
        relation = _place_relation(cand.place, prev.place)
        if relation == "different":
            continue
        if cand.sent_index == prev.sent_index and _other_doer(cand, prev):
            continue  # "Israel launched its offensive after Hamas attacked": one sentence, two deeds
        if cand.own_date and cand.date is not None and not _may_be_when(cand.date, cand.kind, prev, ctx) \
                and not _speaker_day_of(cand, prev, ctx):
            continue
        if _dated_apart_undated(cand, prev, ctx):
            continue
        if _dated_closer_elsewhere(cand, prev, found) or _months_apart(cand, prev, ctx) \
                or _told_apart(cand, prev) and not _speaker_day_of(cand, prev, ctx):
            continue
        # a heading's figures are rounder than the body's, and a reference back may give an update
        retelling = prev.headline or cand.headline or _anaphoric(cand) or _updates_toll(cand, prev, ctx)
        if not retelling and not _ranges_overlap(cand.killed, prev.killed) and relation != "same" \
                and not attackers_only(cand):
            continue
        if relation == "same" and not (_own_figures_differ(cand, prev) and _introduces_new(cand)):
            return prev
        if cand.kind == "territory_change":
            continue
        if retelling or attackers_only(cand) and cand.place is None and FAMILY.get(prev.kind) == "violent":
            return prev  # "The driver was killed by police": the attacker of the attack told before
        fine = cand.place is not None and (cand.place.precision or 1) <= 3
        near_in_text = cand.sent_index - prev.sent_index <= 2
        if fine and _introduces_new(cand) and not _fine(prev.place) and prev.date is not None \
                and _long_before(prev.date, ctx):
            continue  # "a drone attack on <town>" after "the attacks of <months ago>" in the country: a new deed
        if relation == "near" or (near_in_text and not (fine and _introduces_new(cand))):
            return prev
        if near_in_text and fine and cand.sent_index != prev.sent_index and cand.kind == prev.kind \
                and _refines(cand.place, prev.place):
            return prev  # "a knife attack in northern England" ... "a stabbing in Southport"
    return _retold_without_anchor(cand, found, ctx)


def _same_place_first(cand: Candidate, found: list[Candidate]) -> list[Candidate]:
    """The incidents told before, latest first; but a claim that names the town or district of
    the deed it claims is first of the incident told there: "a car bomb hit Mansour ... a device
    went off in western Kabul ... the group claimed the attack in Mansour" claims the first, not the
    one told last."""
    claim = cand.attribution == "claimed" and _fine(cand.place)
    name = cand.place.name.lower() if claim else None
    return sorted(reversed(found), key=lambda prev: not (name and prev.place is not None
                                                         and prev.place.name.lower() == name))


def _strike_and_fight(cand: Candidate, prev: Candidate) -> bool:
    """An airstrike and a battle are two incidents, as resolution keeps them ("troops fought the
    militants on the outskirts" ... "air strikes overnight hit the centre"), unless the new mention
    refers back to the one told ("the bombardment", a heading and its body)."""
    return {cand.kind, prev.kind} == {"airstrike", "battle"} and not (
        _anaphoric(cand) or prev.headline or cand.headline)


RECENT_DAYS = 31  # an undated mention in a report tells of something recent: the report's month


def _retold_without_anchor(cand: Candidate, found: list[Candidate], ctx: DocumentContext) -> Candidate | None:
    """A mention with nothing of its own to tell it apart (no fine place, no toll, no date of its own
    or one that fits, no other doer) told anywhere in the report: "The incident on Monday is the worst
    stabbing attack in the UK", "the soldiers fired warning shots": the last incident told of its
    family in its country, when that one is recent (an undated mention does not reach back to a
    background incident of years ago), unless the report's headline tells that one and the report
    no recent one of the family (a report on a trial two years after a shooting: "the shooting" is
    the one its headline dated). A report without a date tells what is recent by the times it gives
    (`_recent_undated`): there such a mention joins only an incident told with no time, a day or
    week's time ("on Saturday"), or a date near the latest the report tells, and not one whose own
    time differs from the mention's."""
    if _distinct(cand) or cand.kind == "territory_change" or _fine(cand.place) or not _singular(cand):
        return None
    undated = ctx.pub_date is None
    # a report whose headline tells a past incident and that tells no recent one of the family is
    # about the past one (a trial years after a shooting): there "the shooting" is that one
    about_past = ctx.headline_end > 0 and not any(FAMILY.get(prev.kind) == FAMILY.get(cand.kind) and (
        prev.date is None or not _long_before(prev.date, ctx)) for prev in found)
    for prev in reversed(found):
        if FAMILY.get(prev.kind) != FAMILY.get(cand.kind) or prev.kind == "territory_change" \
                or _strike_and_fight(cand, prev):
            continue
        if not _figures_told_before(cand, prev):
            continue
        if cand.country and prev.country and cand.country != prev.country:
            continue
        if _other_doer(cand, prev):
            continue
        if undated and (not _recent_undated(prev, ctx)
                        or _told_apart(cand, prev) and not _speaker_day_of(cand, prev, ctx)):
            continue
        if cand.date is not None and cand.own_date:
            if prev.date is None or not dates_compatible(cand.date, prev.date) and not _speaker_day_of(cand, prev, ctx):
                continue
        elif prev.date is not None and _long_before(prev.date, ctx) \
                and not (about_past and prev.start < ctx.headline_end) and not _borrowed_past(cand, prev):
            continue
        return prev
    return None


def _borrowed_past(cand: Candidate, prev: Candidate) -> bool:
    """The mention borrows a date from the sentences before it that fits the past incident's ("Then,
    on September 10, 2010, she went berserk ... she returned with a gun, killing two"): it goes on
    telling that past episode, not something recent."""
    return cand.date is not None and not cand.own_date and dates_compatible(cand.date, prev.date)


def _recent_undated(prev: Candidate, ctx: DocumentContext) -> bool:
    """In a report without a date, whether an incident told before may be its news rather than
    background: told with no time, or a day's or week's time of no year ("on Saturday", "yesterday"),
    or a date no more than RECENT_DAYS before the latest date the report tells ("the bombing in May
    2019" is background in a report that tells of July 2021). A month of no year ("in February")
    may be months ago: it is not taken for the news."""
    if prev.date is not None:
        return not _before_latest_told(prev.date, ctx)
    return prev.told_when is None or prev.told_when.precision <= 2


_SPEAKER_DAYS = load_vocabulary().words("speaker_day_words")
SPEAKER_DAY_SLACK = 1  # days a speaker's "today" may be off the day of the incident it refers to


def _speaker_day_of(cand: Candidate, prev: Candidate, ctx: DocumentContext) -> bool:
    """'said: "The attack today, not even 24 hours after ..."' about Sunday's attack in a Monday
    report: a day told from a quoted speaker's now ("today", "tonight", "yesterday") within a day of
    the incident told before does not tell the mention apart from it. In a report without a date
    neither day can be read: the speaker's day then fits any incident told with a day's time."""
    mine, theirs = cand.date or cand.told_when, prev.date or prev.told_when
    if mine is None or theirs is None or mine.text.lower() not in _SPEAKER_DAYS or theirs.precision > 2:
        return False
    if cand.date is not None and prev.date is not None and (
            abs((mine.start - theirs.start).days) > SPEAKER_DAY_SLACK or theirs.precision > 1):
        return False
    return any(_quoted(ctx, t.start) for t in cand.triggers)


def _quoted(ctx: DocumentContext, at: int) -> bool:
    """Whether the offset `at` lies inside a quotation opened earlier in its sentence."""
    sent = next((s for s in ctx.sentences if s.start_char <= at < s.end_char), None)
    if sent is None:
        return False
    before = ctx.text[sent.start_char:at]
    return before.count("\u201c") > before.count("\u201d") or before.count('"') % 2 == 1


def _updates_toll(cand: Candidate, prev: Candidate, ctx: DocumentContext) -> bool:
    """'The death toll from the operation continued to rise ... 89 killed so far': a sentence that
    updates a toll, with no fine place of its own, tells again the incident told shortly before it,
    though its own verbs ("killed", "bombed") make it a mention rather than a detail."""
    return bool(cand.killed or cand.wounded) and not _fine(cand.place) \
        and cand.sent_index - _last_sentence(prev, ctx) <= UPDATE_WINDOW \
        and bool(_TOLL_UPDATE.search(ctx.text[cand.start:cand.end]))


def _figures_told_before(cand: Candidate, prev: Candidate) -> bool:
    """The mention's figures, if any, are the incident's own ("a tribute to the three girls who were
    killed" after "three girls were killed in a stabbing"): they do not tell it apart."""
    return all(mine is None or theirs is not None and mine[0] is not None and mine == theirs
               for mine, theirs in ((cand.killed, prev.killed), (cand.wounded, prev.wounded)))


_MONTH_NAME = re.compile(r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
                         r"December)\b")
_WEEKDAY_NAME = re.compile(r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b")


def _months_apart(cand: Candidate, prev: Candidate, ctx: DocumentContext) -> bool:
    """'Police in March arrested two boys' after 'In April, a teenager was arrested': each told with
    a month of its own, and not the same, where no year lets the dates be read (a text with no
    date line): two incidents."""
    if cand.date is not None and prev.date is not None:
        return False
    for names in (_MONTH_NAME, _WEEKDAY_NAME):
        mine = set(names.findall(SPEAKING_DAY.sub("", ctx.text[cand.start:cand.end])))
        theirs = set(names.findall(SPEAKING_DAY.sub("", ctx.text[prev.start:prev.end])))
        if mine and theirs and not mine & theirs:
            return True
    return False


def _dated_apart_undated(cand: Candidate, prev: Candidate, ctx: DocumentContext) -> bool:
    """In a report without a date, 'the group's March 3 raid that killed 900' after 'a strike killed
    four', told with no time: a mention that names a month and day of its own and another toll is
    another incident (in a dated report its date would tell it long before)."""
    if ctx.pub_date is not None or prev.date is not None or prev.told_when is not None:
        return False
    when = cand.told_when
    return when is not None and when.precision <= 3 and bool(_MONTH_NAME.search(when.text or "")) \
        and bool(cand.killed and prev.killed) and cand.killed[0] != prev.killed[0]


def _dated_closer_elsewhere(cand: Candidate, prev: Candidate, found: list[Candidate]) -> bool:
    """'a blast in Ankara on Sunday' after 'another car bomb less than a month before': a day told
    again belongs to the incident told on that day, not to one known only to within a month."""
    if not (cand.own_date and cand.date is not None and prev.date is not None
            and prev.date.precision > cand.date.precision):
        return False
    return any(other is not prev and other.date is not None and other.date.precision <= cand.date.precision
               and dates_compatible(cand.date, other.date) and FAMILY.get(other.kind) == FAMILY.get(cand.kind)
               and _place_relation(cand.place, other.place) != "different" for other in found)


def _told_apart(cand: Candidate, prev: Candidate) -> bool:
    """In a report without a date, two incidents whose own times differ ("in February", "in early
    December"; "on July 22", "Monday") are two, though neither time can be dated; a time the mention
    only borrows from the sentence before does not tell it apart (as a borrowed date does not)."""
    return cand.told_when is not None and prev.told_when is not None and not cand.told_borrowed \
        and not dates_compatible(cand.told_when, prev.told_when)


def _may_be_when(when, kind: str, prev: Candidate, ctx: DocumentContext) -> bool:
    """Whether an incident of `kind` dated `when` may be `prev`: their dates fit, or `prev` is
    undated and so, in a dated report, recent ("Israel launched its offensive on October 7" is not
    the assault told undated in a July report); an incident its text leaves undatable ("new video
    in the shooting trial") is of no time the report can tell, so any date may be its own when it is
    a deed of the same kind (a battle dated only as "more than a week" before is not the attack
    that began the war months earlier)."""
    if prev.date is not None:
        return dates_compatible(when, prev.date)
    if prev.undatable:
        return prev.kind == kind
    if ctx.pub_date is None:  # without a date line, the latest date the report tells stands for its own
        return not _before_latest_told(when, ctx)
    return not _long_before(when, ctx)


def _long_before(when, ctx: DocumentContext) -> bool:
    return ctx.pub_date is not None and (ctx.pub_date - when.end).days > RECENT_DAYS


def _before_latest_told(when, ctx: DocumentContext) -> bool:
    return ctx.latest_told is not None and (ctx.latest_told - when.end).days > RECENT_DAYS


def _other_doer(a: Candidate, b: Candidate) -> bool:
    """Both name who did it, and not the same one ("Israeli jets struck Yemen" is not the Houthis' attack)."""
    named = [c.perpetrator for c in (a, b) if c.perpetrator and c.attribution != "inferred"]
    return len(named) == 2 and named[0] != named[1]


def _fine(place: Place | None) -> bool:
    return place is not None and (place.precision or 1) <= 3


def _singular(cand: Candidate) -> bool:
    """A deed told as one: a verb or a singular event noun ("other attacks" tells several)."""
    return any(not t.noun or not t.plural for t in cand.triggers)


def _place_relation(a: Place | None, b: Place | None) -> str:
    """How the place of a new mention `a` stands to that of an incident told before `b`: 'same',
    'near' (within the coarser place's radius), 'different' (two fine places apart, or a fine place
    told now outside the country told before: "the fighting" in Kyiv is not the attacks told in
    France; or a region of another country: "attacked southern Israel" after a strike in Rafah; a
    country told now is no such proof, "Russia knew nothing of the arrest"), or 'unknown'."""
    if a is None or b is None:
        return "unknown"
    if _same_place(a, b):
        return "same"
    fine_a, fine_b = (a.precision or 1) <= 3, (b.precision or 1) <= 3
    if a.country and b.country and a.country != b.country and (fine_a or fine_b and (a.precision or 1) < 6):
        return "different"
    if a.lat is not None and b.lat is not None:
        radius = max(PRECISION_RADIUS_KM.get(a.precision or 1, 25), PRECISION_RADIUS_KM.get(b.precision or 1, 25))
        if distance_km(a.lat, a.lon, b.lat, b.lon) <= radius:
            return "near" if fine_a and fine_b else "unknown"
        return "different" if fine_a and fine_b else "unknown"
    return "different" if fine_a and fine_b and a.lat is None and b.lat is None else "unknown"


def _ranges_overlap(a: tuple | None, b: tuple | None) -> bool:
    if not a or not b:
        return True
    lo_a, hi_a = a[0] or 0, a[1] if a[1] is not None else float("inf")
    lo_b, hi_b = b[0] or 0, b[1] if b[1] is not None else float("inf")
    return max(lo_a, lo_b) <= min(hi_a, hi_b)


def _anaphoric(cand: Candidate) -> bool:
    """'... claimed responsibility for the attack', 'killed in the assault', "Sunday's blast": every
    event noun is definite or possessed, so it refers back to an incident already told."""
    nouns = [t for t in cand.triggers if t.noun]
    return bool(nouns) and all(any(c.dep_ == "poss" or c.dep_ == "det" and c.lower_ in _DEFINITE
                                   for c in t.token.children) for t in nouns)


def _distinct(cand: Candidate) -> bool:
    """'another strike hit a school', 'in a separate attack', 'a second bombing': an event noun that
    says it is not the one told before (not 'the second bombing', which refers back to one)."""
    first_verb = min((t.start for t in cand.triggers if not t.noun), default=None)
    for t in cand.triggers:
        if not t.noun or first_verb is not None and t.start > first_verb:
            continue  # "was shot while he looked into another shooting": the deed told is not the other
        mods = [c.lower_ for c in t.token.children if c.dep_ in ("det", "amod")]
        if "another" in mods or (any(m in _DISTINCT for m in mods) and not any(m in _DEFINITE for m in mods)):
            return True
    return False


def _own_figures_differ(cand: Candidate, prev: Candidate) -> bool:
    """Both tell a toll of their own and the tolls cannot be one ('killing 18' and, in the same
    city, 'killing 5')."""
    return bool(cand.killed and prev.killed) and not _ranges_overlap(cand.killed, prev.killed)


def _refines(fine: Place, coarse: Place | None) -> bool:
    """A fine place that a coarse one (a region, a country) told before may contain."""
    if coarse is None or (coarse.precision or 1) <= 3 or fine.country is None or fine.country != coarse.country:
        return False
    if coarse.feature == "admin1" and coarse.admin1:  # a province contains its own towns only
        return fine.admin1 is not None and fine.admin1 == coarse.admin1
    return True


def _introduces_new(cand: Candidate) -> bool:
    """An indefinite event or weapon noun ('a car bomb exploded', 'an improvised explosive device
    went off'): an incident not told before."""
    for t in cand.triggers:
        nouns = [t.token] if t.noun else []
        if t.token.dep_ in ("amod", "compound") and t.token.head.pos_ == "NOUN":
            nouns.append(t.token.head)  # "explosive" in "an improvised explosive device"
        if any(c.dep_ == "det" and c.lower_ in ("a", "an", "another") for n in nouns for c in n.children):
            return True
    return False


def _same_place(a: Place, b: Place) -> bool:
    """Two fine places that are the same; a country or region proves nothing."""
    if (a.precision or 1) > 3 or (b.precision or 1) > 3:
        return False
    if a.geonameid and b.geonameid:
        return a.geonameid == b.geonameid
    return a.name.lower() == b.name.lower()


def merge_into(into: Candidate, other: Candidate) -> None:
    # 'Five attackers were also killed': add them to the toll told before (every death counts)
    attackers_added = attackers_only(other) and into.killed and not into.attackers_killed and into is not other
    # 'The bomber was shot dead by guards' told first, the victims' toll after it: every death counts
    victims_after = attackers_only(into) and other.killed and not other.attackers_killed and into is not other
    if victims_after:
        into.killed = _added(other.killed, into.attackers_killed)
    if attackers_added:
        into.killed = _added(into.killed, other.attackers_killed)
        into.attackers_killed = other.attackers_killed
    into.evidence.extend(e for e in other.evidence if e not in into.evidence)
    into.triggers.extend(other.triggers)
    # a later sentence may tell what the first only hinted at ("...died" → leader killed); a clash
    # mentioned after an attack does not make the attack a battle
    if other.kind in ("leader_killed", "execution") and FAMILY.get(into.kind) in ("violent", "leader"):
        into.kind = other.kind
    elif _vague_headline(into, other) and FAMILY.get(other.kind) == "violent":
        into.kind = other.kind  # "Dozens killed in the north" ... "after a ground assault on the town": a battle
    for name in ("attack_type", "date", "place", "perpetrator", "perpetrator_text", "attribution", "claimed",
                 "target_text", "victims_text", "weapon", "weapon_text", "loser", "country", "attackers_killed",
                 "told_when"):
        mine = getattr(into, name)
        theirs = getattr(other, name)
        if name == "perpetrator" and into.attribution == "inferred" and other.attribution not in (None, "inferred"):
            into.perpetrator, into.attribution = theirs, other.attribution
            continue
        if name == "perpetrator" and theirs and other.attribution == "claimed" and into.attribution != "claimed":
            # a claim of responsibility told after the deed names its perpetrator ("Two police officers
            # opened fire on ... The Taliban claimed responsibility for the attack")
            into.perpetrator, into.perpetrator_text, into.attribution = theirs, other.perpetrator_text, "claimed"
            continue
        if name == "date" and theirs is not None and not fits_bound(theirs, into.not_after):
            continue  # "confirmed Monday it had completed the operation": not the day of a deed a week before
        if mine in (None, ()) and theirs not in (None, ()):
            setattr(into, name, theirs)
            if name == "date":
                into.own_date = other.own_date
    if other.attack_type == "drone" and into.attack_type in (None, "bombing"):
        into.attack_type = "drone"  # "an explosion near the base" ... "a drone strike targeted the base"
    elif (into.attack_type is None or into.attack_type in _COMPLEX_ATTACK_RANK) and \
            _COMPLEX_ATTACK_RANK.get(other.attack_type, 0) > _COMPLEX_ATTACK_RANK.get(into.attack_type, 0):
        # a complex attack told mode by mode ("a huge explosion at the hotel" ... "gunmen took guests
        # hostage"): hostages taken make it a hostage-taking, else a car bomb in it a vehicle bombing
        into.attack_type = other.attack_type
    if into.date is not None and other.date is not None and other.own_date and fits_bound(other.date, into.not_after) \
            and (other.date.precision < into.date.precision or not into.own_date and not _contains(other.date, into.date)):
        into.date, into.own_date = other.date, True
    bounds = [b for b in (into.not_after, other.not_after) if b is not None]
    into.not_after = min(bounds) if bounds else None
    after_headline = into.headline and not other.headline
    if into.place is not None and other.place is not None and other.place.lat is not None and \
            ((other.place.precision or 9) < (into.place.precision or 9) or after_headline and _fine(other.place)):
        # "south of the capital" in the headline, a town in the body; a headline's "in Darfur" says
        # loosely where the body's "the Darfuri town of Tawila" says exactly
        into.place = other.place
    if not (attackers_added or victims_after):
        into.killed = _more(into.killed, other.killed) if "killed" in other.added and into is not other \
            else merged_toll(into.killed, other.killed, after_headline)
    into.wounded = _more(into.wounded, other.wounded) if "wounded" in other.added and into is not other \
        else merged_toll(into.wounded, other.wounded, after_headline)
    # "the final toll is likely to be higher": the figures told so far are the least
    if "killed" in other.rising:
        into.killed = open_ended(into.killed)
    if "wounded" in other.rising:
        into.wounded = open_ended(into.wounded)
    if after_headline:
        into.headline = False
    if other.sides and not into.sides:
        into.sides = other.sides
    into.anchored = into.anchored or other.anchored


def _vague_headline(into: Candidate, other: Candidate) -> bool:
    """A headline that tells only that people died ("Dozens killed as ...": an attack of no type)
    says less of the deed than the body that tells it again, whose kind is the incident's."""
    return into.headline and not other.headline and into.kind == "attack" and into.attack_type is None


def _more(told: tuple | None, more: tuple | None) -> tuple | None:
    """A toll and more of the same told after it ("eight children were hurt ... two adults were also
    injured" → 10)."""
    if told is None or more is None:
        return more if told is None else told
    return _added(told, more)


# the mode that names a complex attack when its sentences tell several (GTD's and the articles' convention);
# a type told by a more telling cue (drone, assassination, chemical) is kept
_COMPLEX_ATTACK_RANK = {"bombing": 1, "armed_assault": 1, "suicide_bombing": 2, "vehicle_bomb": 3, "hostage": 4}


def _added(a: tuple, b: tuple) -> tuple:
    """Two tolls of different people together."""
    return ((a[0] or 0) + (b[0] or 0), None if a[1] is None or b[1] is None else a[1] + b[1])


def _contains(coarse, fine) -> bool:
    """A coarser period that holds the finer one: it says less about the same time."""
    return coarse.precision > fine.precision and coarse.start <= fine.start and fine.end <= coarse.end
