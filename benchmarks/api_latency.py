"""Latency of filtered incident queries through the API over 1,000,000 synthetic events (SQLite).

    .venv/bin/python benchmarks/api_latency.py                 # builds /tmp/strife-bench-1m.db once, then queries
    .venv/bin/python benchmarks/api_latency.py --events 200000 --queries 300 --no-indexes

Events are synthetic but plausible: dates 2010–2025 (some only to the month, a few undated),
~200 countries with Zipf-like weights and points around their centroids, incident kinds and
attack types in realistic proportions, a few hundred actors, killed counts heavy-tailed and
often unknown; one mention with an evidence sentence for a tenth of the events, so text search
meets the same EXISTS sub-query it does on real data. Queries go through the real FastAPI app
in-process (TestClient), so the figures include routing, validation and JSON, not the network.
Prints p50 / p95 / max per query family and overall. Not part of the test suite.
"""
from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import time
import warnings
from importlib import resources
from pathlib import Path

# The indexes the API's filters and sorts need beyond the schema's (events_date, events_country);
# the benchmark creates them in its own database, and they are proposed as a migration. (Migration 2
# made them; its events_lat_lon gave way to migration 3's events_lat_band, so it is not re-created.)
PROPOSED_INDEXES = [
    "CREATE INDEX IF NOT EXISTS events_kind_date ON events (kind, date)",
    "CREATE INDEX IF NOT EXISTS events_perpetrator_date ON events (perpetrator, date)",
    "CREATE INDEX IF NOT EXISTS events_country_date ON events (country, date)",
    "CREATE INDEX IF NOT EXISTS events_kind_killed ON events (kind, killed_best)",
    "CREATE INDEX IF NOT EXISTS events_country_killed ON events (country, killed_best)",
    "CREATE INDEX IF NOT EXISTS events_killed ON events (killed_best)",
    "CREATE INDEX IF NOT EXISTS events_n_sources ON events (n_sources)",
]

KINDS = [("attack", 45), ("battle", 18), ("airstrike", 12), ("raid", 8), ("arrest", 7), ("territory_change", 4),
         ("execution", 3), ("leader_killed", 3)]
ATTACK_TYPES = [(None, 40), ("bombing", 15), ("armed_assault", 15), ("vehicle_bomb", 8), ("suicide_bombing", 6),
                ("drone", 6), ("kidnapping", 4), ("chemical", 1), ("assassination", 5)]
PLACES = ["north of", "south of", "near", "central", "outskirts of", ""]
WORDS = ["market", "checkpoint", "convoy", "village", "mosque", "school", "bridge", "camp", "base", "hospital"]


def weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs)
    return rng.choices(values, weights=weights)[0]


def countries() -> list[tuple[str, str, float, float]]:
    data = json.loads(resources.files("countrystatecity_countries").joinpath("data/countries.json").read_text())
    out = [(c["iso2"], c["name"], float(c["latitude"]), float(c["longitude"]))
           for c in data if c.get("latitude") and c.get("longitude")]
    return out[:200]


def actors() -> list[str]:
    import yaml

    raw = yaml.safe_load(resources.files("strife.data").joinpath("actors.yaml").read_text())
    items = raw.get("actors", raw) if isinstance(raw, dict) else raw
    names = [a["name"] for a in items if isinstance(a, dict) and a.get("name")] if isinstance(items, list) \
        else list(items)
    return names[:300] or [f"Group {i}" for i in range(300)]


def build(path: Path, n_events: int, seed: int = 7) -> None:
    from strife.store import Store

    Store(str(path))  # schema via the real migrations
    rng = random.Random(seed)
    nations = countries()
    country_weights = [1 / (rank + 1) ** 1.1 for rank in range(len(nations))]
    rng.shuffle(nations)
    names = actors()
    actor_weights = [1 / (rank + 1) for rank in range(len(names))]
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA journal_mode=WAL")
    doc_id = "bench-doc"
    conn.execute("INSERT OR IGNORE INTO documents (id, name, text, ingested_at) VALUES (?, ?, ?, ?)",
                 (doc_id, "bench", "synthetic", "2026-01-01"))
    batch, mentions, evidence = [], [], []
    started = time.perf_counter()
    for i in range(n_events):
        iso2, cname, clat, clon = rng.choices(nations, weights=country_weights)[0]
        year = rng.randint(2010, 2025)
        month = rng.randint(1, 12)
        r = rng.random()
        if r < 0.03:
            date, prec = None, None
        elif r < 0.13:
            date, prec = f"{year}-{month:02d}", 3
        else:
            date, prec = f"{year}-{month:02d}-{rng.randint(1, 28):02d}", 1
        kind = weighted(rng, KINDS)
        attack_type = weighted(rng, ATTACK_TYPES) if kind == "attack" else None
        lat = max(-89.0, min(89.0, clat + rng.gauss(0, 2)))
        lon = max(-179.9, min(179.9, clon + rng.gauss(0, 2)))
        place = f"{rng.choice(PLACES)} {cname} {rng.choice(WORDS)} {i % 5000}".strip()
        killed = None if rng.random() < 0.4 else int(rng.paretovariate(1.3)) - 1
        perpetrator = rng.choices(names, weights=actor_weights)[0] if rng.random() < 0.8 else None
        n_sources = 1 + int(rng.expovariate(1.5))
        event_id = f"ev-{i:012x}"
        batch.append((event_id, kind, attack_type, date, prec, place, lat, lon, iso2, 2, perpetrator, None,
                      killed, killed, killed, None, None, None, n_sources, n_sources, "2026-01-01"))
        if i % 10 == 0:
            sentence = f"Fighters attacked a {rng.choice(WORDS)} in {place}, killing {killed or 'several'} people."
            mentions.append((f"{doc_id}:{i}", doc_id, i, kind, event_id))
            evidence.append((f"{doc_id}:{i}:e0", doc_id, f"{doc_id}:{i}", 0, len(sentence), sentence))
        if len(batch) >= 50_000:
            _flush(conn, batch, mentions, evidence)
    _flush(conn, batch, mentions, evidence)
    conn.close()
    print(f"loaded {n_events:,} events in {time.perf_counter() - started:.1f} s into {path}")
    started = time.perf_counter()
    Store(str(path)).rebuild_search()  # the rows went in around save_events, which keeps search in step
    print(f"search index built in {time.perf_counter() - started:.1f} s")


def _flush(conn, batch, mentions, evidence) -> None:
    with conn:
        conn.executemany(
            "INSERT INTO events (id, kind, attack_type, date, date_precision, place_name, lat, lon, country, "
            "where_prec, perpetrator, claimed, killed_low, killed_best, killed_high, wounded_low, wounded_best, "
            "wounded_high, n_mentions, n_sources, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            batch)
        conn.executemany("INSERT INTO mentions (id, doc_id, idx, kind, event_id) VALUES (?,?,?,?,?)", mentions)
        conn.executemany("INSERT INTO evidence (id, doc_id, owner_id, start_char, end_char, text) VALUES (?,?,?,?,?,?)",
                         evidence)
    batch.clear()
    mentions.clear()
    evidence.clear()


def query_mix(rng: random.Random, facets: dict) -> list[tuple[str, dict]]:
    top_countries = [f["value"] for f in facets["countries"][:60]]
    actors_ = [f["value"] for f in facets["actors"][:100]]
    kinds = [f["value"] for f in facets["kinds"]]

    def year_range():
        y = rng.randint(2010, 2024)
        return {"date_from": f"{y}-01-01", "date_to": f"{y}-12-31"}

    def bbox():
        w, s = rng.uniform(-20, 60), rng.uniform(-10, 40)
        return {"bbox": f"{w:.1f},{s:.1f},{w + 10:.1f},{s + 10:.1f}"}

    families = [
        ("default page (date desc)", lambda: {}),
        ("country", lambda: {"country": rng.choice(top_countries)}),
        ("country + year", lambda: {"country": rng.choice(top_countries), **year_range()}),
        ("kind + min_killed", lambda: {"kind": rng.choice(kinds), "min_killed": rng.choice([1, 10, 50])}),
        ("actor", lambda: {"actor": rng.choice(actors_)}),
        ("year range", year_range),
        ("bbox", bbox),
        ("sort killed", lambda: {"sort": "killed"}),
        ("sort n_sources", lambda: {"sort": "n_sources"}),
        ("country, sort killed", lambda: {"country": rng.choice(top_countries), "sort": "killed"}),
        ("deep page (offset 5000)", lambda: {"offset": 5000}),
        ("text + country", lambda: {"q": rng.choice(WORDS), "country": rng.choice(top_countries[10:])}),
        ("text alone", lambda: {"q": f"{rng.choice(WORDS)} {rng.randint(0, 4999)}"}),
    ]
    return [(name, make()) for name, make in families]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="/tmp/strife-bench-1m.db")
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=390, help="incident queries to time (spread over the mix)")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--no-indexes", action="store_true", help="time without the proposed indexes")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")

    path = Path(args.db)
    if args.rebuild or not path.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        build(path, args.events)
    with sqlite3.connect(path) as conn:
        if args.no_indexes:
            for stmt in PROPOSED_INDEXES:
                conn.execute("DROP INDEX IF EXISTS " + stmt.split(" ON ")[0].split()[-1])
        else:
            started = time.perf_counter()
            for stmt in PROPOSED_INDEXES:
                conn.execute(stmt)
            conn.execute("ANALYZE")
            print(f"indexes ready in {time.perf_counter() - started:.1f} s")
        total = conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]

    from fastapi.testclient import TestClient

    from strife.serve import create_app

    client = TestClient(create_app(str(path)))
    facets = client.get("/api/facets").json()
    rng = random.Random(11)
    timings: dict[str, list[float]] = {}
    for name, params in query_mix(rng, facets):  # warm-up: one of each
        client.get("/api/incidents", params=params)
    rounds = max(1, args.queries // len(query_mix(rng, facets)))
    for _ in range(rounds):
        for name, params in query_mix(rng, facets):
            started = time.perf_counter()
            response = client.get("/api/incidents", params=params)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (params, response.text)
            timings.setdefault(name, []).append(elapsed)
    every = [t for values in timings.values() for t in values]
    print(f"\n{total:,} events, {len(every)} queries of GET /api/incidents (limit 50, with total), "
          f"indexes: {'schema only' if args.no_indexes else 'schema + proposed'}")
    print(f"{'query family':<28} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for name, values in timings.items():
        print(f"{name:<28} {statistics.median(values):8.1f} {percentile(values, 95):8.1f} {max(values):8.1f}")
    print(f"{'ALL':<28} {statistics.median(every):8.1f} {percentile(every, 95):8.1f} {max(every):8.1f}")
    scoped = [t for name, values in timings.items() if name != "text alone" for t in values]
    print(f"{'ALL but text alone':<28} {statistics.median(scoped):8.1f} {percentile(scoped, 95):8.1f} {max(scoped):8.1f}")
    for label, url in (("map points, one country", "/api/incidents/map"), ("monthly trends, one country", "/api/trends/monthly")):
        values = []
        for _ in range(10):
            country = rng.choice([f["value"] for f in facets["countries"][:20]])
            started = time.perf_counter()
            client.get(url, params={"country": country})
            values.append((time.perf_counter() - started) * 1000)
        print(f"{label:<28} {statistics.median(values):8.1f} {percentile(values, 95):8.1f} {max(values):8.1f}")


if __name__ == "__main__":
    main()
