"""Read queries for the API and the page: filtered, paged, sorted events; one event with its sources
and evidence; indicators; documents; monthly counts. Bound parameters only, and only SQL that runs
the same on SQLite and PostgreSQL."""
from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterator
from dataclasses import dataclass, field

import sqlalchemy as sa

from strife.store.db import Store, evidence_by_owner

SORT_COLUMNS = {"date": "date", "killed": "killed_best", "n_sources": "n_sources"}
EVENT_FIELDS = ("id, kind, attack_type, date, date_precision, place_id, place_name, lat, lon, country, where_prec, "
                "perpetrator, claimed, killed_low, killed_best, killed_high, wounded_low, wounded_best, wounded_high, "
                "n_mentions, n_sources")
# Each engine's whole-degree latitude band, as migration 3 indexes it (SQLite's CAST truncates, and
# lat + 90 is never negative, so both are the floor).
LAT_BAND = {"sqlite": "CAST(e.lat + 90 AS INTEGER)", "postgresql": "floor(e.lat + 90)"}
TRIGRAM = 3  # the shortest text an index of trigrams can look up
SEARCH_PROBE = 20_000  # rows counted to choose a text search's plan (see _search_is_narrower)
CONTEXT_CHARS = 240  # text shown on each side of an evidence span
EXPORT_CHUNK = 500


@dataclass
class EventFilter:
    """Which events a view shows. Empty lists and None mean no restriction."""

    actors: list[str] = field(default_factory=list)  # canonical perpetrator names
    countries: list[str] = field(default_factory=list)  # ISO 3166-1 alpha-2
    kinds: list[str] = field(default_factory=list)
    attack_types: list[str] = field(default_factory=list)
    date_from: str | None = None  # ISO date, inclusive
    date_to: str | None = None  # ISO date, inclusive
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north
    min_killed: int | None = None
    text: str | None = None  # substring of place, perpetrator or the evidence of a mention


def _like_pattern(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _contains(column: str, dialect: str) -> str:
    """Case-insensitive substring test against the bound `:text` pattern (already lower-cased).
    SQLite's LIKE already ignores ASCII case and its lower() folds only ASCII, so lower() would
    change nothing there but cost a function call per row (3x slower over a million rows)."""
    folded = column if dialect == "sqlite" else f"lower({column})"
    return f"{folded} LIKE :text ESCAPE '\\'"


def _where(flt: EventFilter, dialect: str, conn=None) -> tuple[str, dict, list[sa.BindParameter]]:
    """The WHERE clause (on table alias `e`), its parameters and the expanding IN-list binds. With the
    connection the query will run on, a SQLite text search picks the cheaper of its two plans."""
    clauses: list[str] = []
    params: dict = {}
    expanding: list[sa.BindParameter] = []
    for name, column, values in (("actors", "perpetrator", flt.actors), ("countries", "country", flt.countries),
                                 ("kinds", "kind", flt.kinds), ("attack_types", "attack_type", flt.attack_types)):
        if values:
            clauses.append(f"e.{column} IN :{name}")
            params[name] = list(values)
            expanding.append(sa.bindparam(name, expanding=True))
    if flt.date_from:
        # partial dates ("2016-01", "2016") overlap a range starting inside their month or year; the
        # plain lower bound (the year sorts before its months and days) keeps the index range scan
        clauses.append("e.date >= :from_year AND (e.date >= :date_from OR e.date = :from_month OR e.date = :from_year)")
        params.update(date_from=flt.date_from, from_month=flt.date_from[:7], from_year=flt.date_from[:4])
    if flt.date_to:
        clauses.append("e.date <= :date_to")
        params["date_to"] = flt.date_to
    if flt.bbox:
        west, south, east, north = flt.bbox
        # the whole-degree latitude bands the box overlaps, for the events_lat_band index (migration 3);
        # the exact BETWEEN below keeps the answer what it was
        if dialect in LAT_BAND:
            bands = range(math.floor(south + 90), math.floor(north + 90) + 1)
            clauses.append(f"{LAT_BAND[dialect]} IN :lat_bands")
            params["lat_bands"] = list(bands) if dialect == "sqlite" else [float(b) for b in bands]
            expanding.append(sa.bindparam("lat_bands", expanding=True))
        clauses.append("e.lat BETWEEN :south AND :north")
        if west <= east:
            clauses.append("e.lon BETWEEN :west AND :east")
        else:  # the box crosses the antimeridian
            clauses.append("(e.lon >= :west OR e.lon <= :east)")
        params.update(west=west, south=south, east=east, north=north)
    if flt.min_killed is not None:
        clauses.append("e.killed_best >= :min_killed")
        params["min_killed"] = flt.min_killed
    if flt.text:
        clauses.append(_text_clause(flt, dialect, params, conn))
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params, expanding


def _text_clause(flt: EventFilter, dialect: str, params: dict, conn) -> str:
    """`flt.text` as a case-insensitive substring of the place, the perpetrator or an evidence sentence
    of one of the event's mentions. From three characters on, an index finds the candidates: SQLite's
    trigram FTS5 table, whose matches are a superset of LIKE's (it folds case beyond ASCII, and an
    event's sentences are one field), so LIKE then decides on those rows; PostgreSQL's trigram indexes,
    one per searched column. Shorter text has no trigram and is scanned."""
    text = flt.text or ""
    params["text"] = _like_pattern(text)
    place, perpetrator, evidence = (_contains(c, dialect) for c in ("e.place_name", "e.perpetrator", "ev.text"))
    if len(text) < TRIGRAM or dialect not in ("sqlite", "postgresql"):
        # evidence is searched once (IN a sub-query), not once per event row
        return (f"({place} OR {perpetrator} OR e.id IN (SELECT m.event_id FROM evidence ev "
                f"JOIN mentions m ON m.id = ev.owner_id WHERE {evidence}))")
    if dialect == "sqlite":
        params["phrase"] = '"' + text.replace('"', '""') + '"'  # one FTS5 string: no operators, no syntax
        # per row: two index look-ups for the evidence, only for rows the place and perpetrator miss
        per_row = (f"({place} OR {perpetrator} OR EXISTS (SELECT 1 FROM mentions m JOIN evidence ev "
                   f"ON ev.owner_id = m.id WHERE m.event_id = e.id AND {evidence}))")
        if conn is not None and not _search_is_narrower(conn, flt, params["phrase"]):
            return per_row
        return ("e.id IN (SELECT t.event_id FROM event_search s JOIN event_text t ON t.id = s.rowid "
                f"WHERE event_search MATCH :phrase) AND {per_row}")
    # one indexed arm per column (an OR over a sub-query would scan every event)
    return (f"e.id IN (SELECT e.id FROM events e WHERE {place} "
            f"UNION SELECT e.id FROM events e WHERE {perpetrator} "
            f"UNION SELECT m.event_id FROM evidence ev JOIN mentions m ON m.id = ev.owner_id WHERE {evidence})")


def _search_is_narrower(conn, flt: EventFilter, phrase: str) -> bool:
    """Whether SQLite should start from the text index rather than from the rows the other filters keep.
    FTS5 cannot tell its planner how common a text is, and a common one ("market") holds so many events
    that looking each up costs more than testing the few thousand a country keeps; so count both, each
    only up to SEARCH_PROBE rows (a few milliseconds)."""
    hits = conn.execute(sa.text("SELECT COUNT(*) FROM (SELECT 1 FROM event_search WHERE event_search MATCH :phrase "
                                "LIMIT :cap)"), {"phrase": phrase, "cap": SEARCH_PROBE}).scalar_one()
    if hits < SEARCH_PROBE:
        return True
    where, params, expanding = _where(dataclasses.replace(flt, text=None), "sqlite")
    if not where:
        return True
    kept = conn.execute(_text(f"SELECT COUNT(*) FROM (SELECT 1 FROM events e{where} LIMIT :cap)", expanding),
                        {**params, "cap": SEARCH_PROBE}).scalar_one()
    return kept >= SEARCH_PROBE


def _order(sort: str, descending: bool) -> str:
    column = SORT_COLUMNS[sort]
    direction = "DESC" if descending else "ASC"
    # NULLS LAST on both engines (SQLite >= 3.30), so events without a figure never lead a ranking
    return f" ORDER BY e.{column} {direction} NULLS LAST, e.id {direction}"


def _text(sql: str, expanding: list[sa.BindParameter]) -> sa.TextClause:
    clause = sa.text(sql)
    return clause.bindparams(*expanding) if expanding else clause


def count_events(store: Store, flt: EventFilter) -> int:
    with store.engine.connect() as conn:
        where, params, expanding = _where(flt, store.dialect, conn)
        return conn.execute(_text(f"SELECT COUNT(*) FROM events e{where}", expanding), params).scalar_one()


def list_events(store: Store, flt: EventFilter, sort: str = "date", descending: bool = True,
                limit: int = 50, offset: int = 0) -> tuple[int, list[dict]]:
    """(total matching, one page of events) — events as stored, without their sources."""
    if sort not in SORT_COLUMNS:
        raise ValueError(f"unknown sort {sort!r}; choose one of {', '.join(SORT_COLUMNS)}")
    order = _order(sort, descending)
    with store.engine.connect() as conn:
        where, params, expanding = _where(flt, store.dialect, conn)
        count_sql = f"SELECT COUNT(*) FROM events e{where}"
        page = {**params, "limit": limit, "offset": offset}
        if flt.text:
            # a text search costs most in finding its rows: count in the same pass (a window), not twice
            sql = (f"SELECT {EVENT_FIELDS}, COUNT(*) OVER () AS total_rows FROM events e{where}{order} "
                   "LIMIT :limit OFFSET :offset")
            rows = [dict(r._mapping) for r in conn.execute(_text(sql, expanding), page)]
            total = rows[0].pop("total_rows") if rows else None
            for r in rows[1:]:
                del r["total_rows"]
            if total is None:
                total = conn.execute(_text(count_sql, expanding), params).scalar_one() if offset else 0
        else:
            total = conn.execute(_text(count_sql, expanding), params).scalar_one()
            sql = f"SELECT {EVENT_FIELDS} FROM events e{where}{order} LIMIT :limit OFFSET :offset"
            rows = [dict(r._mapping) for r in conn.execute(_text(sql, expanding), page)]
    return total, rows


def event_points(store: Store, flt: EventFilter, limit: int) -> tuple[int, list[tuple]]:
    """(total matching, [(id, lat, lon, kind, date, killed_best, place_name)]) for a map, the
    deadliest first so a capped map still shows what matters."""
    with store.engine.connect() as conn:
        where, params, expanding = _where(flt, store.dialect, conn)
        located = (where + " AND " if where else " WHERE ") + "e.lat IS NOT NULL AND e.lon IS NOT NULL"
        sql = (f"SELECT e.id, e.lat, e.lon, e.kind, e.date, e.killed_best, e.place_name FROM events e{located}"
               f"{_order('killed', True)} LIMIT :limit")
        total = conn.execute(_text(f"SELECT COUNT(*) FROM events e{located}", expanding), params).scalar_one()
        rows = [tuple(r) for r in conn.execute(_text(sql, expanding), {**params, "limit": limit})]
    return total, rows


def _sources_by_event(conn, event_ids: list[str]) -> dict[str, list[dict]]:
    """Each event's mentions with their document, in the shape `Store.events()` gives (for export)."""
    query = sa.text(
        "SELECT m.event_id, m.id, m.doc_id, d.name, d.source, d.url, m.killed_min, m.killed_max, "
        "m.wounded_min, m.wounded_max FROM mentions m JOIN documents d ON d.id = m.doc_id "
        "WHERE m.event_id IN :ids ORDER BY m.event_id, m.id").bindparams(sa.bindparam("ids", expanding=True))
    out: dict[str, list[dict]] = {}
    for start in range(0, len(event_ids), EXPORT_CHUNK):
        for r in conn.execute(query, {"ids": event_ids[start:start + EXPORT_CHUNK]}):
            out.setdefault(r[0], []).append(dict(r._mapping))
    return out


def iter_events_with_sources(store: Store, flt: EventFilter, sort: str = "date", descending: bool = False,
                             limit: int | None = None) -> Iterator[dict]:
    """Filtered events with their sources, as `strife.export.write_events` takes them."""
    with store.engine.connect() as conn:
        where, params, expanding = _where(flt, store.dialect, conn)
        sql = f"SELECT {EVENT_FIELDS} FROM events e{where}{_order(sort, descending)}"
        if limit is not None:
            sql += " LIMIT :limit"
            params = {**params, "limit": limit}
        rows = [dict(r._mapping) for r in conn.execute(_text(sql, expanding), params)]
        for start in range(0, len(rows), EXPORT_CHUNK):
            chunk = rows[start:start + EXPORT_CHUNK]
            sources = _sources_by_event(conn, [r["id"] for r in chunk])
            for r in chunk:
                r["sources"] = sources.get(r["id"], [])
                yield r


def get_event(store: Store, event_id: str) -> dict | None:
    """One event with, per source document, the figures its mentions give and the evidence
    sentences (character offsets into the document, with some text either side)."""
    with store.engine.connect() as conn:
        row = conn.execute(sa.text(f"SELECT {EVENT_FIELDS} FROM events e WHERE e.id = :id"), {"id": event_id}).first()
        if row is None:
            return None
        event = dict(row._mapping)
        mentions = [dict(r._mapping) for r in conn.execute(sa.text(
            "SELECT m.id, m.doc_id, m.idx, m.kind, m.attack_type, m.date, m.place_name, m.perpetrator, "
            "m.perpetrator_text, m.attribution, m.target_text, m.victims_text, m.weapon_text, m.killed_min, "
            "m.killed_max, m.wounded_min, m.wounded_max FROM mentions m WHERE m.event_id = :id "
            "ORDER BY m.doc_id, m.idx"), {"id": event_id})]
        doc_ids = sorted({m["doc_id"] for m in mentions})
        docs: dict[str, dict] = {}
        evidence: dict[str, list[dict]] = {}
        if doc_ids:
            docs = {r[0]: dict(r._mapping) for r in conn.execute(sa.text(
                f"SELECT id, name, title, url, source, pub_date, {PUB_DATE_SOURCE}, syndicated_of, text FROM documents "
                "WHERE id IN :ids").bindparams(sa.bindparam("ids", expanding=True)), {"ids": doc_ids})}
            for r in conn.execute(sa.text(
                    "SELECT owner_id, doc_id, start_char, end_char, text FROM evidence WHERE owner_id IN :ids "
                    "ORDER BY id").bindparams(sa.bindparam("ids", expanding=True)),
                    {"ids": [m["id"] for m in mentions]}):
                evidence.setdefault(r[0], []).append(_with_context(dict(r._mapping), docs[r[1]]["text"]))
    sources = []
    for doc_id in doc_ids:
        doc = {k: v for k, v in docs[doc_id].items() if k != "text"}
        own = [m for m in mentions if m["doc_id"] == doc_id]
        for m in own:
            m["evidence"] = evidence.get(m["id"], [])
        sources.append({**doc, "doc_id": doc_id, "mentions": own,
                        "killed_min": _lowest(m["killed_min"] for m in own),
                        "killed_max": _highest(m["killed_max"] for m in own),
                        "wounded_min": _lowest(m["wounded_min"] for m in own),
                        "wounded_max": _highest(m["wounded_max"] for m in own)})
    event["sources"] = sources
    return event


def _with_context(ev: dict, text: str) -> dict:
    start, end = ev["start_char"], ev["end_char"]
    before_start = max(0, start - CONTEXT_CHARS)
    return {"start": start, "end": end, "text": ev["text"], "before": text[before_start:start],
            "after": text[end:end + CONTEXT_CHARS], "truncated_before": before_start > 0,
            "truncated_after": end + CONTEXT_CHARS < len(text)}


def _lowest(values) -> int | None:
    present = [v for v in values if v is not None]
    return min(present) if present else None


def _highest(values) -> int | None:
    present = [v for v in values if v is not None]
    return max(present) if present else None


def facets(store: Store, limit: int = 300) -> dict[str, list[dict]]:
    """Values the filters can take, with how many events have each, the commonest first."""
    out: dict[str, list[dict]] = {}
    with store.engine.connect() as conn:
        for name, column in (("countries", "country"), ("kinds", "kind"), ("attack_types", "attack_type"),
                             ("actors", "perpetrator")):
            out[name] = [{"value": r[0], "count": r[1]} for r in conn.execute(sa.text(
                f"SELECT {column}, COUNT(*) AS n FROM events WHERE {column} IS NOT NULL "  # noqa: S608 (fixed names)
                f"GROUP BY {column} ORDER BY n DESC, {column} LIMIT :limit"), {"limit": limit})]
        span = conn.execute(sa.text("SELECT MIN(date), MAX(date) FROM events")).first()
    out["date_range"] = [{"value": span[0], "count": 0}, {"value": span[1], "count": 0}] if span[0] else []
    return out


def monthly_trends(store: Store, flt: EventFilter) -> list[dict]:
    """Events and killed (best estimates summed) per month and kind; events dated only to the year
    are left out, having no month."""
    with store.engine.connect() as conn:
        where, params, expanding = _where(flt, store.dialect, conn)
        month_known = (where + " AND " if where else " WHERE ") + "length(e.date) >= 7"
        sql = (f"SELECT substr(e.date, 1, 7) AS month, e.kind, COUNT(*) AS events, "
               f"COALESCE(SUM(e.killed_best), 0) AS killed FROM events e{month_known} "
               f"GROUP BY substr(e.date, 1, 7), e.kind ORDER BY month, e.kind")
        return [dict(r._mapping) for r in conn.execute(_text(sql, expanding), params)]


def list_indicators(store: Store, metric: str | None = None, subject: str | None = None,
                    limit: int = 100, offset: int = 0) -> tuple[int, list[dict]]:
    clauses, params = [], {}
    if metric:
        clauses.append("i.metric = :metric")
        params["metric"] = metric
    if subject:
        clauses.append("i.subject = :subject")
        params["subject"] = subject
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    with store.engine.connect() as conn:
        total = conn.execute(sa.text(f"SELECT COUNT(*) FROM indicators i{where}"), params).scalar_one()
        rows = [dict(r._mapping) for r in conn.execute(sa.text(
            "SELECT i.id, i.doc_id, d.name AS doc_name, d.source AS outlet, i.metric, i.subject, i.region, "
            f"i.period, i.low, i.high, i.unit, i.source FROM indicators i JOIN documents d ON d.id = i.doc_id{where} "
            "ORDER BY i.doc_id, i.idx LIMIT :limit OFFSET :offset"), {**params, "limit": limit, "offset": offset})]
        evidence = evidence_by_owner(conn, [r["id"] for r in rows])
        for r in rows:
            r["evidence"] = [{"start": e.start, "end": e.end, "text": e.text} for e in evidence.get(r["id"], [])]
    return total, rows


# a document stored without a publication date reads "undated" as its source (stores written before the
# source was recorded for undated documents hold a null there)
PUB_DATE_SOURCE = "COALESCE(pub_date_source, CASE WHEN pub_date IS NULL THEN 'undated' END) AS pub_date_source"
DOCUMENT_FIELDS = f"id, name, path, title, url, source, pub_date, {PUB_DATE_SOURCE}, syndicated_of, ingested_at"


def list_documents(store: Store, text: str | None = None, source: str | None = None,
                   limit: int = 50, offset: int = 0) -> tuple[int, list[dict]]:
    clauses, params = [], {}
    if text:
        clauses.append("(" + " OR ".join(_contains(c, store.dialect) for c in ("title", "name", "text")) + ")")
        params["text"] = _like_pattern(text)
    if source:
        clauses.append("source = :source")
        params["source"] = source
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    with store.engine.connect() as conn:
        total = conn.execute(sa.text(f"SELECT COUNT(*) FROM documents{where}"), params).scalar_one()
        rows = [dict(r._mapping) for r in conn.execute(sa.text(
            f"SELECT {DOCUMENT_FIELDS}, LENGTH(text) AS chars FROM documents{where} ORDER BY name, id "
            "LIMIT :limit OFFSET :offset"), {**params, "limit": limit, "offset": offset})]
    return total, rows


def get_document(store: Store, doc_id: str) -> dict | None:
    """One document with its text and the evidence spans found in it."""
    with store.engine.connect() as conn:
        row = conn.execute(sa.text(f"SELECT {DOCUMENT_FIELDS}, text FROM documents WHERE id = :id"),
                           {"id": doc_id}).first()
        if row is None:
            return None
        doc = dict(row._mapping)
        doc["evidence"] = [{"owner_id": r[0], "start": r[1], "end": r[2], "text": r[3]} for r in conn.execute(
            sa.text("SELECT owner_id, start_char, end_char, text FROM evidence WHERE doc_id = :id ORDER BY start_char"),
            {"id": doc_id})]
        doc["event_ids"] = [r[0] for r in conn.execute(sa.text(
            "SELECT DISTINCT event_id FROM mentions WHERE doc_id = :id AND event_id IS NOT NULL ORDER BY event_id"),
            {"id": doc_id})]
    return doc


__all__ = ["EventFilter", "SORT_COLUMNS", "count_events", "list_events", "event_points", "iter_events_with_sources",
           "get_event", "facets", "monthly_trends", "list_indicators", "list_documents", "get_document"]
