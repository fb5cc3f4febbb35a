"""The store: the only module that writes SQL. SQLite by default, PostgreSQL given a URL.

Each document's extraction is written in one transaction, so an interrupted ingest leaves either
the whole document or nothing.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path

import sqlalchemy as sa

from strife.records import Document, Event, Evidence, Extraction, IncidentMention, Indicator, Place
from strife.store.migrations import MIGRATIONS


class StoreError(Exception):
    """The database cannot be opened or used; the message says which and why."""


def database_url(db: str) -> str:
    """A path becomes a SQLite URL; a URL is kept as it is."""
    if "://" in db:
        if db.startswith("postgresql://"):
            return "postgresql+psycopg://" + db[len("postgresql://"):]
        return db
    return f"sqlite:///{Path(db).expanduser().resolve()}"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def place_key(place: Place) -> str:
    if place.geonameid:
        return f"gn:{place.geonameid}"
    return "name:" + hashlib.sha1(place.name.lower().encode()).hexdigest()[:12]


class Store:
    def __init__(self, db: str):
        self.url = database_url(db)
        try:
            if self.url.startswith("sqlite"):
                self.engine = sa.create_engine(self.url, connect_args={"timeout": 30})
                sa.event.listen(self.engine, "connect", _sqlite_pragmas)
            else:
                self.engine = sa.create_engine(self.url, pool_pre_ping=True)
            self.migrate()
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"cannot open database {db!r}: {exc.__class__.__name__}: {exc.orig if hasattr(exc, 'orig') else exc}") from exc

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def migrate(self) -> int:
        """Apply pending migrations; returns the schema version."""
        with self.engine.begin() as conn:
            conn.execute(sa.text("CREATE TABLE IF NOT EXISTS schema_migrations ("
                                 "version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)"))
            done = {r[0] for r in conn.execute(sa.text("SELECT version FROM schema_migrations"))}
        for version, name, statements in MIGRATIONS:
            if version in done:
                continue
            if isinstance(statements, dict):  # a migration that needs each engine's own feature
                statements = statements.get(self.dialect, [])
            with self.engine.begin() as conn:
                for stmt in statements:
                    conn.execute(sa.text(stmt))
                conn.execute(sa.text("INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :t)"),
                             {"v": version, "n": name, "t": _now()})
        return max(v for v, _, _ in MIGRATIONS)

    # ---- documents -------------------------------------------------------------------------
    def has_document(self, doc_id: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(sa.text("SELECT 1 FROM documents WHERE id = :id"), {"id": doc_id}).first() is not None

    def fingerprints(self) -> list[tuple[str, int, int]]:
        """(id, simhash, text length) of every stored document, for syndication checks."""
        with self.engine.connect() as conn:
            return [(r[0], r[1], r[2]) for r in conn.execute(sa.text("SELECT id, simhash, LENGTH(text) FROM documents"))]

    def mark_syndicated(self, copy_id: str, original_id: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(sa.text("UPDATE documents SET syndicated_of = :o WHERE id = :c"), {"o": original_id, "c": copy_id})
            conn.execute(sa.text("UPDATE documents SET syndicated_of = NULL WHERE id = :o"), {"o": original_id})

    def save_extraction(self, ex: Extraction, syndicated_of: str | None = None) -> bool:
        """Store a document with everything found in it, atomically. False when already stored."""
        doc = ex.document
        with self.engine.begin() as conn:
            if conn.execute(sa.text("SELECT 1 FROM documents WHERE id = :id"), {"id": doc.id}).first():
                return False
            conn.execute(sa.text(
                "INSERT INTO documents (id, name, path, title, url, source, pub_date, pub_date_source, "
                "pub_date_earliest, pub_date_latest, simhash, syndicated_of, text, ingested_at) VALUES (:id, :name, "
                ":path, :title, :url, :source, :pub_date, :pub_date_source, :earliest, :latest, :simhash, "
                ":syndicated_of, :text, :at)"),
                {"id": doc.id, "name": doc.name, "path": doc.path, "title": doc.title, "url": doc.url,
                 "source": doc.source, "pub_date": ex.pub_date, "pub_date_source": ex.pub_date_source,
                 "earliest": ex.pub_date_earliest, "latest": ex.pub_date_latest,
                 "simhash": doc.simhash, "syndicated_of": syndicated_of, "text": doc.text, "at": _now()})
            self._insert_found(conn, ex)
        return True

    def _insert_found(self, conn, ex: Extraction) -> None:
        """The mentions and indicators of an extraction, with their evidence."""
        for m in ex.incidents:
            place_id = self._upsert_place(conn, m.place) if m.place else None
            conn.execute(sa.text(
                "INSERT INTO mentions (id, doc_id, idx, kind, attack_type, date, date_precision, place_id, "
                "place_name, lat, lon, country, where_prec, perpetrator, perpetrator_text, attribution, claimed, "
                "target, target_text, victims_text, weapon, weapon_text, killed_min, killed_max, wounded_min, "
                "wounded_max, attackers_killed_min, attackers_killed_max, loser, date_from_context, undatable, "
                "victim_names, target_texts, individual_perpetrators, weapon_texts, event_id) VALUES (:id, :doc_id, "
                ":idx, :kind, :attack_type, :date, :date_precision, :place_id, :place_name, :lat, :lon, :country, "
                ":where_prec, :perpetrator, :perpetrator_text, :attribution, :claimed, :target, :target_text, "
                ":victims_text, :weapon, :weapon_text, :killed_min, :killed_max, :wounded_min, :wounded_max, "
                ":akmin, :akmax, :loser, :from_context, :undatable, :victim_names, :target_texts, "
                ":individual_perpetrators, :weapon_texts, NULL)"), _mention_params(m, place_id))
            self._insert_evidence(conn, m.id, m.evidence)
        for ind in ex.indicators:
            conn.execute(sa.text(
                "INSERT INTO indicators (id, doc_id, idx, metric, subject, region, period, low, high, unit, source) "
                "VALUES (:id, :doc_id, :idx, :metric, :subject, :region, :period, :low, :high, :unit, :source)"),
                {"id": ind.id, "doc_id": ind.doc_id, "idx": ind.index, "metric": ind.metric,
                 "subject": ind.subject, "region": ind.region, "period": ind.period, "low": ind.low,
                 "high": ind.high, "unit": ind.unit, "source": ind.source})
            self._insert_evidence(conn, ind.id, ind.evidence)

    def replace_extraction(self, ex: Extraction) -> list[IncidentMention]:
        """Put a stored document's new extraction (re-read against a publication date found since)
        in place of the old one, atomically: its publication date, mentions, indicators and their
        evidence. Returns the mentions replaced (their events need re-resolving)."""
        old = self.mentions_by_id(self._mention_ids_of([ex.document.id]))
        with self.engine.begin() as conn:
            conn.execute(sa.text("DELETE FROM evidence WHERE doc_id = :d"), {"d": ex.document.id})
            conn.execute(sa.text("DELETE FROM mentions WHERE doc_id = :d"), {"d": ex.document.id})
            conn.execute(sa.text("DELETE FROM indicators WHERE doc_id = :d"), {"d": ex.document.id})
            conn.execute(sa.text(
                "UPDATE documents SET pub_date = :pub_date, pub_date_source = :source, pub_date_earliest = :earliest, "
                "pub_date_latest = :latest WHERE id = :id"),
                {"id": ex.document.id, "pub_date": ex.pub_date, "source": ex.pub_date_source,
                 "earliest": ex.pub_date_earliest, "latest": ex.pub_date_latest})
            self._insert_found(conn, ex)
        return old

    def _mention_ids_of(self, doc_ids: Iterable[str]) -> list[str]:
        query = sa.text("SELECT id FROM mentions WHERE doc_id IN :ids").bindparams(sa.bindparam("ids", expanding=True))
        ids = sorted(doc_ids)
        with self.engine.connect() as conn:
            return [r[0] for chunk in range(0, len(ids), 500) for r in conn.execute(query, {"ids": ids[chunk:chunk + 500]})]

    def mentions_beside(self, doc_ids: Iterable[str]) -> list[IncidentMention]:
        """The mentions of these documents and every mention of the events they are in: what tells
        an undated document's date (`strife.resolve.anchor_dates`)."""
        own = self._mention_ids_of(doc_ids)
        with self.engine.connect() as conn:
            events = sorted(_events_of_mentions(conn, own))
            query = sa.text("SELECT id FROM mentions WHERE event_id IN :events").bindparams(
                sa.bindparam("events", expanding=True))
            ids = set(own)
            for chunk in range(0, len(events), 500):
                ids.update(r[0] for r in conn.execute(query, {"events": events[chunk:chunk + 500]}))
        return self.mentions_by_id(sorted(ids))

    def document_dates(self, doc_ids: Iterable[str]) -> dict[str, tuple[str | None, str | None, str | None, str | None]]:
        """doc id → (publication date, how it was found, earliest and latest date its text allows)."""
        ids = sorted(doc_ids)
        query = sa.text("SELECT id, pub_date, pub_date_source, pub_date_earliest, pub_date_latest FROM documents "
                        "WHERE id IN :ids").bindparams(sa.bindparam("ids", expanding=True))
        with self.engine.connect() as conn:
            return {r[0]: tuple(r[1:]) for chunk in range(0, len(ids), 500)
                    for r in conn.execute(query, {"ids": ids[chunk:chunk + 500]})}

    def document(self, doc_id: str) -> Document:
        """A stored document as read (without the publication date it was given)."""
        with self.engine.connect() as conn:
            r = conn.execute(sa.text("SELECT id, text, title, url, source, path, name, simhash FROM documents "
                                     "WHERE id = :id"), {"id": doc_id}).one()
        return Document(id=r[0], text=r[1], title=r[2], url=r[3], source=r[4], path=r[5], name=r[6], simhash=r[7] or 0)

    def _upsert_place(self, conn, place: Place) -> str:
        key = place_key(place)
        conn.execute(sa.text(
            "INSERT INTO places (id, name, geonameid, lat, lon, country, admin1, feature, precision) VALUES "
            "(:id, :name, :gid, :lat, :lon, :country, :admin1, :feature, :precision) ON CONFLICT (id) DO NOTHING"),
            {"id": key, "name": place.name, "gid": place.geonameid, "lat": place.lat, "lon": place.lon,
             "country": place.country, "admin1": place.admin1, "feature": place.feature,
             "precision": place.precision})
        return key

    def _insert_evidence(self, conn, owner_id: str, evidence: Iterable[Evidence]) -> None:
        for n, ev in enumerate(evidence):
            conn.execute(sa.text(
                "INSERT INTO evidence (id, doc_id, owner_id, start_char, end_char, text) VALUES "
                "(:id, :doc_id, :owner, :s, :e, :text) ON CONFLICT (id) DO NOTHING"),
                {"id": f"{owner_id}:e{n}", "doc_id": ev.doc_id, "owner": owner_id, "s": ev.start, "e": ev.end,
                 "text": ev.text})

    def record_error(self, path: str, reason: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO ingest_errors (id, path, reason, at) VALUES (:id, :p, :r, :t) "
                                 "ON CONFLICT (id) DO UPDATE SET reason = excluded.reason, at = excluded.at"),
                         {"id": hashlib.sha1(path.encode()).hexdigest()[:16], "p": path, "r": reason, "t": _now()})

    def errors(self) -> list[dict]:
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(sa.text("SELECT path, reason, at FROM ingest_errors ORDER BY at, path"))]

    def upsert_actors(self, actors: Iterable[tuple[str, str, list[str], str | None]]) -> None:
        with self.engine.begin() as conn:
            for name, kind, countries, parent in actors:
                conn.execute(sa.text("INSERT INTO actors (name, type, countries, parent) VALUES (:n, :t, :c, :p) "
                                     "ON CONFLICT (name) DO UPDATE SET type = excluded.type, "
                                     "countries = excluded.countries, parent = excluded.parent"),
                             {"n": name, "t": kind, "c": ",".join(countries), "p": parent})

    # ---- mentions and events ---------------------------------------------------------------
    def mentions(self, where_unclustered: bool = False) -> list[IncidentMention]:
        """Incident mentions with their evidence, for resolution and export."""
        sql = _MENTION_SELECT + (" WHERE m.event_id IS NULL" if where_unclustered else "") + " ORDER BY m.doc_id, m.idx"
        with self.engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(sa.text(sql))]
            ev = evidence_by_owner(conn, [r["id"] for r in rows])
        return [_row_to_mention(r, ev.get(r["id"], [])) for r in rows]

    def mentions_near(self, kinds: list[str], country: str | None, months: list[str] | None) -> list[IncidentMention]:
        """Stored mentions a new one could join: the same kinds, dated in one of `months` ("YYYY-MM";
        None: any time) or undated or dated only coarsely, in the same country or placed nowhere (a
        report that names no place may tell the same incident); a mention placed nowhere meets every
        country in its months. With every mention of the events they are in."""
        any_time = months is None
        months = months or []
        month_sql = "1 = 1" if any_time else " OR ".join(f"date LIKE :m{i}" for i in range(len(months))) or "1 = 0"
        undated_sql = "date IS NULL OR LENGTH(date) = 4 OR date LIKE '%..%'"
        if country:
            where = f"(country = :country OR country IS NULL) AND ({month_sql} OR {undated_sql})"
        else:
            where = f"({month_sql} OR country IS NULL AND ({undated_sql}))"
        sql = f"SELECT id, event_id FROM mentions WHERE kind IN :kinds AND {where}"
        params = {"kinds": kinds, "country": country, **{f"m{i}": f"{m}%" for i, m in enumerate(months)}}
        query = sa.text(sql).bindparams(sa.bindparam("kinds", expanding=True))
        with self.engine.connect() as conn:
            found = conn.execute(query, params).fetchall()
            ids = {r[0] for r in found}
            events = sorted({r[1] for r in found if r[1]})
            if events:
                q = sa.text("SELECT id FROM mentions WHERE event_id IN :events").bindparams(
                    sa.bindparam("events", expanding=True))
                for chunk in range(0, len(events), 500):
                    ids.update(r[0] for r in conn.execute(q, {"events": events[chunk:chunk + 500]}))
        return self.mentions_by_id(sorted(ids))

    def pub_dates(self, doc_ids: Iterable[str]) -> dict[str, str]:
        """doc id → publication date, for the given documents that have one."""
        ids = sorted(doc_ids)
        query = sa.text("SELECT id, pub_date FROM documents WHERE id IN :ids AND pub_date IS NOT NULL").bindparams(
            sa.bindparam("ids", expanding=True))
        out: dict[str, str] = {}
        with self.engine.connect() as conn:
            for chunk in range(0, len(ids), 500):
                out.update((r[0], r[1]) for r in conn.execute(query, {"ids": ids[chunk:chunk + 500]}))
        return out

    def mentions_by_id(self, ids: list[str]) -> list[IncidentMention]:
        out: list[IncidentMention] = []
        query = sa.text(_MENTION_SELECT + " WHERE m.id IN :ids ORDER BY m.doc_id, m.idx").bindparams(
            sa.bindparam("ids", expanding=True))
        with self.engine.connect() as conn:
            for chunk in range(0, len(ids), 500):
                rows = [dict(r._mapping) for r in conn.execute(query, {"ids": ids[chunk:chunk + 500]})]
                ev = evidence_by_owner(conn, [r["id"] for r in rows])
                out.extend(_row_to_mention(r, ev.get(r["id"], [])) for r in rows)
        return out

    def syndicated(self) -> dict[str, str]:
        """copy document id → original document id."""
        with self.engine.connect() as conn:
            return {r[0]: r[1] for r in conn.execute(sa.text(
                "SELECT id, syndicated_of FROM documents WHERE syndicated_of IS NOT NULL"))}

    def save_events(self, events: list[Event], redated: Iterable[IncidentMention] = ()) -> None:
        """Write the events of a resolution pass, point their mentions at them, drop emptied events;
        and the dates the pass gave the `redated` mentions (lent from their event or report)."""
        with self.engine.begin() as conn:
            for m in redated:
                conn.execute(sa.text("UPDATE mentions SET date = :date, date_precision = :prec, "
                                     "date_from_context = :ctx WHERE id = :id"),
                             {"date": m.date, "prec": m.date_precision, "ctx": int(m.date_from_context), "id": m.id})
            # events whose searchable text this pass changes: those written, and those losing a mention
            touched = {e.id for e in events} | _events_of_mentions(conn, [m for e in events for m in e.mention_ids])
            for e in events:
                place_id = self._upsert_place(conn, e.place) if e.place else None
                p = e.place
                params = {"id": e.id, "kind": e.kind, "attack_type": e.attack_type, "date": e.date,
                          "date_precision": e.date_precision, "place_id": place_id,
                          "place_name": p.name if p else None, "lat": p.lat if p else None,
                          "lon": p.lon if p else None, "country": p.country if p else None,
                          "where_prec": p.precision if p else None, "perpetrator": e.perpetrator,
                          "claimed": None if e.claimed is None else int(e.claimed),
                          "kl": e.killed[0], "kb": e.killed[1], "kh": e.killed[2],
                          "wl": e.wounded[0], "wb": e.wounded[1], "wh": e.wounded[2],
                          "nm": len(e.mention_ids), "ns": e.n_sources, "at": _now()}
                conn.execute(sa.text(
                    "INSERT INTO events (id, kind, attack_type, date, date_precision, place_id, place_name, lat, lon, "
                    "country, where_prec, perpetrator, claimed, killed_low, killed_best, killed_high, wounded_low, "
                    "wounded_best, wounded_high, n_mentions, n_sources, updated_at) VALUES (:id, :kind, :attack_type, "
                    ":date, :date_precision, :place_id, :place_name, :lat, :lon, :country, :where_prec, :perpetrator, "
                    ":claimed, :kl, :kb, :kh, :wl, :wb, :wh, :nm, :ns, :at) ON CONFLICT (id) DO UPDATE SET "
                    "kind = excluded.kind, attack_type = excluded.attack_type, date = excluded.date, "
                    "date_precision = excluded.date_precision, place_id = excluded.place_id, "
                    "place_name = excluded.place_name, lat = excluded.lat, lon = excluded.lon, "
                    "country = excluded.country, where_prec = excluded.where_prec, "
                    "perpetrator = excluded.perpetrator, claimed = excluded.claimed, "
                    "killed_low = excluded.killed_low, killed_best = excluded.killed_best, "
                    "killed_high = excluded.killed_high, wounded_low = excluded.wounded_low, "
                    "wounded_best = excluded.wounded_best, wounded_high = excluded.wounded_high, "
                    "n_mentions = excluded.n_mentions, n_sources = excluded.n_sources, "
                    "updated_at = excluded.updated_at"), params)
                for mid in e.mention_ids:
                    conn.execute(sa.text("UPDATE mentions SET event_id = :e WHERE id = :m"), {"e": e.id, "m": mid})
            # events that lost all their mentions to a re-clustering
            touched.update(r[0] for r in conn.execute(sa.text(
                "DELETE FROM events WHERE NOT EXISTS (SELECT 1 FROM mentions WHERE mentions.event_id = events.id) "
                "RETURNING id")))
            if self.dialect == "sqlite":
                _refresh_event_text(conn, sorted(touched))

    def rebuild_search(self) -> None:
        """Re-derive the text-search rows of every event (SQLite; PostgreSQL indexes the tables themselves),
        for stores whose events were written around `save_events`, such as a bulk load."""
        if self.dialect != "sqlite":
            return
        with self.engine.begin() as conn:
            conn.execute(sa.text("DELETE FROM event_text"))
            conn.execute(sa.text(_EVENT_TEXT_INSERT))

    # ---- reading for export ----------------------------------------------------------------
    def documents(self) -> Iterator[dict]:
        with self.engine.connect() as conn:
            for r in conn.execute(sa.text("SELECT id, name, path, title, url, source, pub_date, pub_date_source, "
                                          "syndicated_of FROM documents ORDER BY name, id")):
                yield dict(r._mapping)

    def events(self) -> list[dict]:
        with self.engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(sa.text("SELECT * FROM events ORDER BY date, id"))]
            sources = conn.execute(sa.text(
                "SELECT m.event_id, m.id, m.doc_id, d.name, d.source, d.url, m.killed_min, m.killed_max, "
                "m.wounded_min, m.wounded_max FROM mentions m JOIN documents d ON d.id = m.doc_id "
                "WHERE m.event_id IS NOT NULL ORDER BY m.event_id, m.id"))
            by_event: dict[str, list[dict]] = {}
            for s in sources:
                by_event.setdefault(s[0], []).append(dict(s._mapping))
        for r in rows:
            r["sources"] = by_event.get(r["id"], [])
        return rows

    def indicators(self) -> list[dict]:
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(sa.text(
                "SELECT i.*, d.name AS doc_name FROM indicators i JOIN documents d ON d.id = i.doc_id "
                "ORDER BY i.doc_id, i.idx"))]

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {t: conn.execute(sa.text(f"SELECT COUNT(*) FROM {t}")).scalar_one()  # noqa: S608 (fixed names)
                    for t in ("documents", "mentions", "events", "indicators", "evidence", "ingest_errors")}


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _mention_params(m: IncidentMention, place_id: str | None) -> dict:
    p = m.place
    return {"id": m.id, "doc_id": m.doc_id, "idx": m.index, "kind": m.kind, "attack_type": m.attack_type,
            "date": m.date, "date_precision": m.date_precision, "place_id": place_id,
            "place_name": p.name if p else None, "lat": p.lat if p else None, "lon": p.lon if p else None,
            "country": p.country if p else None, "where_prec": p.precision if p else None,
            "perpetrator": m.perpetrator, "perpetrator_text": m.perpetrator_text, "attribution": m.attribution,
            "claimed": None if m.claimed is None else int(m.claimed), "target": m.target,
            "target_text": m.target_text, "victims_text": m.victims_text, "weapon": m.weapon,
            "weapon_text": m.weapon_text, "killed_min": m.killed_min, "killed_max": m.killed_max,
            "wounded_min": m.wounded_min, "wounded_max": m.wounded_max, "akmin": m.attackers_killed_min,
            "akmax": m.attackers_killed_max, "loser": m.loser, "from_context": int(m.date_from_context),
            "undatable": int(m.undatable), **{name: json.dumps(list(getattr(m, name)), ensure_ascii=False)
                                              for name in _NAME_LISTS}}


# a mention row with what its place row knows beyond the mention's columns (its first-order area and
# feature: the resolver holds a province's towns in it by them)
_MENTION_SELECT = "SELECT m.*, p.admin1, p.feature FROM mentions m LEFT JOIN places p ON p.id = m.place_id"

# the mention's lists of names as written, kept as JSON arrays
_NAME_LISTS = ("victim_names", "target_texts", "individual_perpetrators", "weapon_texts")


def _names(value: str | None) -> tuple[str, ...]:
    """A stored name list; a row written before the lists were kept has none."""
    return tuple(json.loads(value)) if value else ()


def _events_of_mentions(conn, mention_ids: list[str]) -> set[str]:
    """The events the given mentions are in now."""
    out: set[str] = set()
    query = sa.text("SELECT event_id FROM mentions WHERE id IN :ids AND event_id IS NOT NULL").bindparams(
        sa.bindparam("ids", expanding=True))
    for chunk in range(0, len(mention_ids), 500):
        out.update(r[0] for r in conn.execute(query, {"ids": mention_ids[chunk:chunk + 500]}))
    return out


# One row per event with what `q` searches; migration 3 backfills the same way. The triggers on
# `event_text` carry each change into the FTS5 index.
_EVENT_TEXT_INSERT = (
    "INSERT INTO event_text (event_id, place_name, perpetrator, evidence) "
    "SELECT e.id, e.place_name, e.perpetrator, (SELECT group_concat(ev.text, char(10)) FROM mentions m "
    "JOIN evidence ev ON ev.owner_id = m.id WHERE m.event_id = e.id) FROM events e")


def _refresh_event_text(conn, event_ids: list[str]) -> None:
    """Replace the search rows of these events with their current text (none for deleted events)."""
    delete = sa.text("DELETE FROM event_text WHERE event_id IN :ids").bindparams(sa.bindparam("ids", expanding=True))
    insert = sa.text(_EVENT_TEXT_INSERT + " WHERE e.id IN :ids").bindparams(sa.bindparam("ids", expanding=True))
    for chunk in range(0, len(event_ids), 500):
        conn.execute(delete, {"ids": event_ids[chunk:chunk + 500]})
        conn.execute(insert, {"ids": event_ids[chunk:chunk + 500]})


def evidence_by_owner(conn, owner_ids: list[str]) -> dict[str, list[Evidence]]:
    """Each mention's or indicator's evidence spans, in the order they were stored."""
    out: dict[str, list[Evidence]] = {}
    if not owner_ids:
        return out
    query = sa.text("SELECT owner_id, doc_id, start_char, end_char, text FROM evidence WHERE owner_id IN :ids "
                    "ORDER BY id").bindparams(sa.bindparam("ids", expanding=True))
    for chunk in range(0, len(owner_ids), 500):
        for r in conn.execute(query, {"ids": owner_ids[chunk:chunk + 500]}):
            out.setdefault(r[0], []).append(Evidence(r[1], r[2], r[3], r[4]))
    return out


def _row_to_mention(r: dict, evidence: list[Evidence]) -> IncidentMention:
    place = None
    if r["place_name"]:
        place = Place(name=r["place_name"], geonameid=int(r["place_id"][3:]) if (r["place_id"] or "").startswith("gn:") else None,
                      lat=r["lat"], lon=r["lon"], country=r["country"], admin1=r.get("admin1"),
                      feature=r.get("feature"), precision=r["where_prec"])
    return IncidentMention(
        doc_id=r["doc_id"], index=r["idx"], kind=r["kind"], attack_type=r["attack_type"], date=r["date"],
        date_precision=r["date_precision"], place=place, perpetrator=r["perpetrator"],
        perpetrator_text=r["perpetrator_text"], attribution=r["attribution"],
        claimed=None if r["claimed"] is None else bool(r["claimed"]), target=r["target"],
        target_text=r["target_text"], victims_text=r["victims_text"], weapon=r["weapon"],
        weapon_text=r["weapon_text"], killed_min=r["killed_min"], killed_max=r["killed_max"],
        wounded_min=r["wounded_min"], wounded_max=r["wounded_max"],
        attackers_killed_min=r["attackers_killed_min"], attackers_killed_max=r["attackers_killed_max"],
        loser=r["loser"], evidence=evidence, cluster_id=r["event_id"],
        date_from_context=bool(r["date_from_context"]), undatable=bool(r["undatable"]),
        **{name: _names(r[name]) for name in _NAME_LISTS})


__all__ = ["Store", "StoreError", "database_url"]
