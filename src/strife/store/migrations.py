"""The schema, as an ordered list of migrations. Portable SQL: the same statements run on SQLite
and PostgreSQL (text keys, no autoincrement), so one code path serves both."""
from __future__ import annotations

# A migration's statements are a list (portable SQL) or a dict of lists by dialect ("sqlite",
# "postgresql") where an engine's own feature is the right tool (full-text search, spatial index).
MIGRATIONS: list[tuple[int, str, list[str] | dict[str, list[str]]]] = [
    (1, "initial schema", [
        """CREATE TABLE documents (
            id TEXT PRIMARY KEY, name TEXT, path TEXT, title TEXT, url TEXT, source TEXT,
            pub_date TEXT, pub_date_source TEXT, simhash BIGINT, syndicated_of TEXT,
            text TEXT NOT NULL, ingested_at TEXT NOT NULL)""",
        "CREATE INDEX documents_simhash ON documents (simhash)",
        """CREATE TABLE actors (
            name TEXT PRIMARY KEY, type TEXT, countries TEXT, parent TEXT)""",
        """CREATE TABLE places (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, geonameid BIGINT, lat DOUBLE PRECISION,
            lon DOUBLE PRECISION, country TEXT, admin1 TEXT, feature TEXT, precision INTEGER)""",
        """CREATE TABLE events (
            id TEXT PRIMARY KEY, kind TEXT NOT NULL, attack_type TEXT, date TEXT, date_precision INTEGER,
            place_id TEXT REFERENCES places(id), place_name TEXT, lat DOUBLE PRECISION, lon DOUBLE PRECISION,
            country TEXT, where_prec INTEGER, perpetrator TEXT, claimed INTEGER,
            killed_low INTEGER, killed_best INTEGER, killed_high INTEGER,
            wounded_low INTEGER, wounded_best INTEGER, wounded_high INTEGER,
            n_mentions INTEGER NOT NULL, n_sources INTEGER NOT NULL, updated_at TEXT NOT NULL)""",
        "CREATE INDEX events_date ON events (date)",
        "CREATE INDEX events_country ON events (country)",
        """CREATE TABLE mentions (
            id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id), idx INTEGER NOT NULL,
            kind TEXT NOT NULL, attack_type TEXT, date TEXT, date_precision INTEGER,
            place_id TEXT REFERENCES places(id), place_name TEXT, lat DOUBLE PRECISION, lon DOUBLE PRECISION,
            country TEXT, where_prec INTEGER, perpetrator TEXT, perpetrator_text TEXT, attribution TEXT,
            claimed INTEGER, target TEXT, target_text TEXT, victims_text TEXT, weapon TEXT, weapon_text TEXT,
            killed_min INTEGER, killed_max INTEGER, wounded_min INTEGER, wounded_max INTEGER,
            attackers_killed_min INTEGER, attackers_killed_max INTEGER, loser TEXT,
            event_id TEXT REFERENCES events(id))""",
        "CREATE INDEX mentions_doc ON mentions (doc_id)",
        "CREATE INDEX mentions_event ON mentions (event_id)",
        """CREATE TABLE indicators (
            id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id), idx INTEGER NOT NULL,
            metric TEXT NOT NULL, subject TEXT, region TEXT, period TEXT, low DOUBLE PRECISION,
            high DOUBLE PRECISION, unit TEXT, source TEXT)""",
        "CREATE INDEX indicators_doc ON indicators (doc_id)",
        """CREATE TABLE evidence (
            id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id), owner_id TEXT NOT NULL,
            start_char INTEGER NOT NULL, end_char INTEGER NOT NULL, text TEXT NOT NULL)""",
        "CREATE INDEX evidence_owner ON evidence (owner_id)",
        """CREATE TABLE ingest_errors (
            id TEXT PRIMARY KEY, path TEXT NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL)""",
    ]),
    (2, "indexes for filtered event queries (the web API)", [
        "CREATE INDEX events_kind_date ON events (kind, date)",
        "CREATE INDEX events_perpetrator_date ON events (perpetrator, date)",
        "CREATE INDEX events_country_date ON events (country, date)",
        "CREATE INDEX events_kind_killed ON events (kind, killed_best)",
        "CREATE INDEX events_country_killed ON events (country, killed_best)",
        "CREATE INDEX events_killed ON events (killed_best)",
        "CREATE INDEX events_n_sources ON events (n_sources)",
        "CREATE INDEX events_lat_lon ON events (lat, lon)",
        "DROP INDEX events_country",
    ]),
    (3, "text search and a latitude-band index for the web API's q and bbox filters", {
        # SQLite: a trigram FTS5 index over what `q` searches (place, perpetrator, the evidence of the
        # event's mentions), one row per event. `event_text` is its content table, with its own integer
        # key (events' rowids may change on VACUUM); the triggers keep the index in step with it and
        # `Store.save_events` refreshes the rows of the events it writes.
        "sqlite": [
            """CREATE TABLE event_text (
                id INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, place_name TEXT, perpetrator TEXT,
                evidence TEXT)""",
            "CREATE VIRTUAL TABLE event_search USING fts5(place_name, perpetrator, evidence, "
            "content='event_text', content_rowid='id', tokenize='trigram')",
            """CREATE TRIGGER event_text_insert AFTER INSERT ON event_text BEGIN
                INSERT INTO event_search (rowid, place_name, perpetrator, evidence)
                VALUES (new.id, new.place_name, new.perpetrator, new.evidence);
            END""",
            """CREATE TRIGGER event_text_delete AFTER DELETE ON event_text BEGIN
                INSERT INTO event_search (event_search, rowid, place_name, perpetrator, evidence)
                VALUES ('delete', old.id, old.place_name, old.perpetrator, old.evidence);
            END""",
            """CREATE TRIGGER event_text_update AFTER UPDATE ON event_text BEGIN
                INSERT INTO event_search (event_search, rowid, place_name, perpetrator, evidence)
                VALUES ('delete', old.id, old.place_name, old.perpetrator, old.evidence);
                INSERT INTO event_search (rowid, place_name, perpetrator, evidence)
                VALUES (new.id, new.place_name, new.perpetrator, new.evidence);
            END""",
            """INSERT INTO event_text (event_id, place_name, perpetrator, evidence)
               SELECT e.id, e.place_name, e.perpetrator,
                      (SELECT group_concat(ev.text, char(10)) FROM mentions m JOIN evidence ev ON ev.owner_id = m.id
                       WHERE m.event_id = e.id)
               FROM events e""",
            # whole-degree latitude bands, then longitude: a box is a few short range scans, and the
            # index carries what the page sorts on, so counting a dense box never reads the table
            "CREATE INDEX events_lat_band ON events (CAST(lat + 90 AS INTEGER), lon, lat, date, id)",
            "DROP INDEX events_lat_lon",
        ],
        # PostgreSQL: trigram GIN indexes under the LIKE tests themselves. pg_trgm is contrib; where it
        # cannot be installed the migration still succeeds and `q` runs as sequential LIKE scans.
        "postgresql": [
            """DO $$
            BEGIN
                CREATE EXTENSION IF NOT EXISTS pg_trgm;
                CREATE INDEX events_place_name_trgm ON events USING gin (lower(place_name) gin_trgm_ops);
                CREATE INDEX events_perpetrator_trgm ON events USING gin (lower(perpetrator) gin_trgm_ops);
                CREATE INDEX evidence_text_trgm ON evidence USING gin (lower(text) gin_trgm_ops);
            EXCEPTION WHEN OTHERS THEN
                RAISE NOTICE 'pg_trgm unavailable: text search stays a sequential scan';
            END $$""",
            "CREATE INDEX events_lat_band ON events (floor(lat + 90), lon, lat, date, id)",
            "DROP INDEX events_lat_lon",
        ],
    }),
    (4, "what resolution reads of a mention beyond its columns, and a report's publication window", [
        # the resolver needs these to cluster stored mentions as `strife extract` clusters fresh ones:
        # whether a date was borrowed from context or is not to be guessed, and every person named
        # (people tie reports without date or place); lists are JSON arrays
        "ALTER TABLE mentions ADD COLUMN date_from_context INTEGER",
        "ALTER TABLE mentions ADD COLUMN undatable INTEGER",
        "ALTER TABLE mentions ADD COLUMN victim_names TEXT",
        "ALTER TABLE mentions ADD COLUMN target_texts TEXT",
        "ALTER TABLE mentions ADD COLUMN individual_perpetrators TEXT",
        "ALTER TABLE mentions ADD COLUMN weapon_texts TEXT",
        # what an undated report's text allows for its publication date (anchoring reads it)
        "ALTER TABLE documents ADD COLUMN pub_date_earliest TEXT",
        "ALTER TABLE documents ADD COLUMN pub_date_latest TEXT",
    ]),
]
