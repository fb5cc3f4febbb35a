"""The records an incident is assembled in: the trigger words found, and the candidate incident
that every stage fills in before it becomes an `IncidentMention`."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from strife.records import Place

# the kind a segment takes when its triggers signal several: the most specific first
KIND_PRIORITY = ["leader_killed", "execution", "aircraft_downing", "territory_change", "arrest", "airstrike",
                 "raid", "battle", "attack"]


@dataclass
class Trigger:
    start: int  # char offsets in the document
    end: int
    text: str
    kind: str
    token: Token
    plural: bool
    noun: bool


@dataclass
class Candidate:
    """An incident being assembled from one segment (then maybe merged with others)."""

    kind: str
    triggers: list[Trigger]
    start: int
    end: int
    sent_index: int
    attack_type: str | None = None
    date: object | None = None  # TimeValue
    place: Place | None = None
    places: list[Place] = field(default_factory=list)
    perpetrator: str | None = None
    perpetrator_text: str | None = None
    attribution: str | None = None
    claimed: bool | None = None
    target_text: str | None = None
    victims_text: str | None = None
    weapon: str | None = None
    weapon_text: str | None = None
    killed: tuple | None = None
    wounded: tuple | None = None
    sides: tuple = ()
    attackers_killed: tuple | None = None
    rising: frozenset = frozenset()  # the tolls its sentence says are still rising ("killed", "wounded")
    added: frozenset = frozenset()  # its figures are more than those told before ("two were also hurt")
    total: bool = False  # its segment tells a figure as a total (of a war, a campaign, a period)
    summed: bool = False  # a sum of incidents, not one: kept aside only to date the parts told after it
    loser: str | None = None
    country: str | None = None
    evidence: list[tuple[int, int]] = field(default_factory=list)
    anchored: bool = False  # has its own place, date or casualty figure
    own_date: bool = False  # the date is written in its own sentence, not borrowed from context
    undatable: bool = False  # its sentence's times are another clause's, the future, or "the last time": none to borrow
    # in a report without a date, its own time expression read against a stand-in day: never a date,
    # but "in February" and "in April" still tell two incidents apart (DocumentContext.told_times)
    told_when: object | None = None
    told_borrowed: bool = False  # that time is the one told just before it, not its sentence's own
    # the latest day it can have happened: "withdrew more than a week after an incursion", in a report
    # of July 30, puts the incursion before July 23, so no day told later of the withdrawal is its date
    not_after: object | None = None  # datetime.date
    headline: bool = False  # told in the headline, whose figures are rounder than the body's
    # sentences with no incident of their own that name who was hit in this one (extract/incidents/fillers.py)
    filler_sentences: list[int] = field(default_factory=list)


# kinds that may tell the same incident ("an attack ... the strike"): merged within a document
FAMILY = {"attack": "violent", "battle": "violent", "airstrike": "violent", "raid": "violent",
          "execution": "violent", "leader_killed": "leader", "arrest": "arrest", "territory_change": "territory"}

