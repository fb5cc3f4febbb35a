"""The API's response shapes: what the OpenAPI schema promises a client."""
from __future__ import annotations

from pydantic import BaseModel


class Incident(BaseModel):
    id: str
    kind: str
    attack_type: str | None = None
    date: str | None = None
    date_precision: int | None = None
    place_id: str | None = None
    place_name: str | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    where_prec: int | None = None
    perpetrator: str | None = None
    claimed: int | None = None
    killed_low: int | None = None
    killed_best: int | None = None
    killed_high: int | None = None
    wounded_low: int | None = None
    wounded_best: int | None = None
    wounded_high: int | None = None
    n_mentions: int
    n_sources: int


class IncidentPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[Incident]


class MapPoints(BaseModel):
    """Located incidents, deadliest first: [id, lat, lon, kind, date, killed_best, place_name]."""

    total: int
    shown: int
    points: list[tuple[str, float, float, str, str | None, int | None, str | None]]


class EvidenceSpan(BaseModel):
    """A sentence behind a figure: character offsets into the document, with text either side."""

    start: int
    end: int
    text: str
    before: str
    after: str
    truncated_before: bool
    truncated_after: bool


class Mention(BaseModel):
    id: str
    idx: int
    kind: str
    attack_type: str | None = None
    date: str | None = None
    place_name: str | None = None
    perpetrator: str | None = None
    perpetrator_text: str | None = None
    attribution: str | None = None
    target_text: str | None = None
    victims_text: str | None = None
    weapon_text: str | None = None
    killed_min: int | None = None
    killed_max: int | None = None
    wounded_min: int | None = None
    wounded_max: int | None = None
    evidence: list[EvidenceSpan]


class Source(BaseModel):
    """One document telling the incident, with the range of figures its mentions give."""

    doc_id: str
    name: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    pub_date: str | None = None  # null when the document is undated: nothing narrowed its date to a few days
    pub_date_source: str | None = None  # where the date came from, or "undated"
    syndicated_of: str | None = None
    killed_min: int | None = None
    killed_max: int | None = None
    wounded_min: int | None = None
    wounded_max: int | None = None
    mentions: list[Mention]


class IncidentDetail(Incident):
    sources: list[Source]


class Facet(BaseModel):
    value: str
    count: int


class Facets(BaseModel):
    countries: list[Facet]
    kinds: list[Facet]
    attack_types: list[Facet]
    actors: list[Facet]
    date_range: list[Facet]


class IndicatorEvidence(BaseModel):
    start: int
    end: int
    text: str


class Indicator(BaseModel):
    id: str
    doc_id: str
    doc_name: str | None = None
    outlet: str | None = None
    metric: str
    subject: str | None = None
    region: str | None = None
    period: str | None = None
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    source: str | None = None
    evidence: list[IndicatorEvidence]


class IndicatorPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[Indicator]


class DocumentSummary(BaseModel):
    id: str
    name: str | None = None
    path: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    pub_date: str | None = None  # null when the document is undated
    pub_date_source: str | None = None  # where the date came from ("jsonld", "feed", "text:dateline:0.90", ...),
    # or "undated"
    syndicated_of: str | None = None
    ingested_at: str | None = None
    chars: int | None = None


class DocumentPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[DocumentSummary]


class DocumentEvidence(BaseModel):
    owner_id: str
    start: int
    end: int
    text: str


class Document(DocumentSummary):
    text: str
    evidence: list[DocumentEvidence]
    event_ids: list[str]


class MonthlyTrend(BaseModel):
    month: str
    kind: str
    events: int
    killed: int


class Counts(BaseModel):
    documents: int
    mentions: int
    events: int
    indicators: int
    evidence: int
    ingest_errors: int


class IngestSummary(BaseModel):
    documents: int
    skipped_duplicates: int
    syndicated: int
    incidents: int
    indicators: int
    events: int
    errors: list[str]


class Problem(BaseModel):
    """Every error but a validation error (422, FastAPI's `{"detail": [...]}` list): one sentence."""

    detail: str
