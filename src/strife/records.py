"""The typed records that flow through Strife: ingest → extract → resolve → store → export.

Every extracted value carries `Evidence` (character offsets into the document text) so an
analyst can always see the sentence behind a figure.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Document:
    """One article as ingested. `id` is a hash of the normalised text, so re-ingesting the
    same article under another file name yields the same id."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None  # outlet or feed name
    pub_date: str | None = None  # ISO date the container gave (page metadata, feed, crawl, path, manifest, option)
    pub_date_source: str | None = None  # where pub_date came from: "html:article:published_time", "feed", "path", ...
    path: str | None = None  # where it was read from (file path, or path#record)
    name: str | None = None  # file name without extension: the doc_id of the eval contract
    simhash: int = 0  # 64-bit near-duplicate fingerprint of the text


@dataclass(frozen=True, slots=True)
class Evidence:
    """A span of a document that supports a value."""

    doc_id: str
    start: int
    end: int
    text: str


# UCDP where_prec → how far apart two reports of one place can lie, in km
PRECISION_RADIUS_KM = {1: 25, 2: 50, 3: 150, 4: 400, 5: 400, 6: 2000, 7: 5000}


@dataclass(slots=True)
class Place:
    """A place resolved to the gazetteer, or left as a bare name when nothing fits.

    `precision` follows UCDP's where_prec: 1 exact point, 2 within ~25 km, 3 second-order
    administrative area, 4 first-order administrative area, 5 line/river/border, 6 country,
    7 wider than a country.
    """

    name: str
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    admin1: str | None = None
    feature: str | None = None  # "city", "admin1", "country", "region"
    precision: int | None = None
    start: int | None = None
    end: int | None = None


@dataclass(slots=True)  # slots: a million mentions must fit in memory at once
class IncidentMention:
    """One incident as one document tells it."""

    doc_id: str
    index: int  # position among the document's incidents
    kind: str  # attack, battle, airstrike, raid, arrest, leader_killed, execution, territory_change, ...
    attack_type: str | None = None
    date: str | None = None  # ISO, partial when the text is partial ("2016-03")
    date_precision: int | None = None  # UCDP date_prec: 1 day ... 5 year
    date_from_context: bool = False  # the sentence gave no date: it came from the paragraph or report
    # undated because its text ties it to no date it gives ("the last time troops fired on protesters",
    # its sentence's time is another clause's): not to be guessed from the report's publication
    undatable: bool = False
    place: Place | None = None
    perpetrator: str | None = None  # canonical actor name
    perpetrator_text: str | None = None
    attribution: str | None = None  # "explicit", "claimed", "suspected"
    claimed: bool | None = None
    target: str | None = None
    target_text: str | None = None
    victims_text: str | None = None
    weapon: str | None = None
    weapon_text: str | None = None
    killed_min: int | None = None
    killed_max: int | None = None
    wounded_min: int | None = None
    wounded_max: int | None = None
    attackers_killed_min: int | None = None
    attackers_killed_max: int | None = None
    loser: str | None = None  # for territory changes: who lost the place
    evidence: list[Evidence] = field(default_factory=list)
    cluster_id: str | None = None
    # every filler as written when a report names several (extract/incidents/fillers.py)
    victim_names: tuple[str, ...] = ()
    target_texts: tuple[str, ...] = ()
    individual_perpetrators: tuple[str, ...] = ()
    weapon_texts: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return f"{self.doc_id}:{self.index}"


@dataclass
class Indicator:
    """An aggregate claim: a metric of a subject over a region and period, said by a source."""

    doc_id: str
    index: int
    metric: str  # fighters, territory_share, territory_lost_km2, attacks_count, deaths_count, ...
    subject: str | None = None
    region: str | None = None  # comma-joined ISO codes ("IQ,SY")
    period: str | None = None  # "2015", "2016-02", "2014-08..2016-01"
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    source: str | None = None
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.doc_id}:i{self.index}"


@dataclass
class Event:
    """One real-world incident as resolution reconciles it from its mentions.

    killed and wounded are (low, best, high): UCDP-style bounds and best estimate over sources."""

    id: str
    kind: str
    attack_type: str | None
    date: str | None
    date_precision: int | None
    place: Place | None
    perpetrator: str | None
    claimed: bool | None
    killed: tuple[int | None, int | None, int | None]
    wounded: tuple[int | None, int | None, int | None]
    mention_ids: list[str]
    n_sources: int


@dataclass
class Extraction:
    """What extraction found in one document."""

    document: Document
    pub_date: str | None  # null when nothing narrows it to a few days: undated, not guessed
    pub_date_source: str | None  # the container's source ("jsonld", "feed", ...), "text:<basis>:<confidence>",
    # "anchored:<event>", or "undated"
    incidents: list[IncidentMention] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    # the window the text allows for the publication date (ISO; None: open on that side), whether or not
    # it was narrow enough to give pub_date
    pub_date_earliest: str | None = None
    pub_date_latest: str | None = None
    skipped_sentences: int = 0  # sentences the rules left unread, past a cap of strife.nlp.limits


@dataclass
class RunSummary:
    """What a run did: documents read, copies skipped, records written, errors (one line each)."""

    documents: int = 0
    skipped_duplicates: int = 0
    syndicated: int = 0
    incidents: int = 0
    indicators: int = 0
    events: int = 0
    skipped_sentences: int = 0  # sentences past a cap of strife.nlp.limits, over every document
    errors: list[str] = field(default_factory=list)
