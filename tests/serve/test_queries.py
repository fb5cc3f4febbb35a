"""strife.store.queries on SQLite and on a real PostgreSQL server: same SQL, same answers."""
import pytest
import sqlalchemy as sa

from strife.ingest import make_document
from strife.records import Evidence, Extraction, IncidentMention, Indicator, Place
from strife.resolve import resolve
from strife.store import Store, queries
from strife.store.queries import EventFilter

ARTICLES = [
    # (name, text, kind, date, place, killed)
    ("baqubah", "Gunmen attacked a checkpoint in Baqubah on Tuesday, killing four police officers.", "attack",
     "2016-03-08", Place(name="Baqubah", geonameid=98854, lat=33.75, lon=44.64, country="IQ", precision=1), 4),
    ("kabul", "A 100% certain_report: a truck bomb in Kabul killed 30 people in April.", "attack",
     "2016-04", Place(name="Kabul", geonameid=1138958, lat=34.53, lon=69.17, country="AF", precision=1), 30),
    ("mali", "Jihadists overran a base in Mali; casualties unknown.", "battle", None,
     Place(name="Mali", geonameid=2453866, lat=17.0, lon=-4.0, country="ML", precision=6), None),
]


def _fill(store: Store) -> None:
    for name, text, kind, date, place, killed in ARTICLES:
        doc = make_document(text, path=f"{name}.txt", name=name, source=f"{name.title()} Times")
        mention = IncidentMention(doc_id=doc.id, index=0, kind=kind, date=date, date_precision=1, place=place,
                                  perpetrator="Taliban" if name == "kabul" else None,
                                  killed_min=killed, killed_max=killed, evidence=[Evidence(doc.id, 0, len(text), text)])
        indicator = Indicator(doc_id=doc.id, index=0, metric="attacks_count", low=3, high=3,
                              evidence=[Evidence(doc.id, 0, 6, text[:6])])
        store.save_extraction(Extraction(document=doc, pub_date="2016-05-01", pub_date_source="metadata",
                                         incidents=[mention], indicators=[indicator]))
    store.save_events(resolve(store.mentions()))


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    if request.param == "sqlite":
        db = str(tmp_path / "q.db")
    else:
        base = request.getfixturevalue("postgres_url")
        engine = sa.create_engine(base.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:  # a database of its own, apart from the store tests'
            conn.execute(sa.text("DROP DATABASE IF EXISTS strife_queries"))
            conn.execute(sa.text("CREATE DATABASE strife_queries"))
        engine.dispose()
        db = base.rsplit("/", 1)[0] + "/strife_queries"
    store = Store(db)
    _fill(store)
    yield store
    store.engine.dispose()


def _places(store, **kwargs) -> list[str]:
    sort = kwargs.pop("sort", "date")
    descending = kwargs.pop("descending", True)
    total, rows = queries.list_events(store, EventFilter(**kwargs), sort, descending, 50, 0)
    assert total == len(rows)
    return [r["place_name"] for r in rows]


def test_filters_and_sorting_agree_on_both_engines(store):
    assert _places(store) == ["Kabul", "Baqubah", "Mali"]  # undated last
    assert _places(store, descending=False) == ["Baqubah", "Kabul", "Mali"]
    assert _places(store, sort="killed") == ["Kabul", "Baqubah", "Mali"]  # unknown figures last
    assert _places(store, sort="killed", descending=False) == ["Baqubah", "Kabul", "Mali"]
    assert _places(store, countries=["IQ", "ML"]) == ["Baqubah", "Mali"]
    assert _places(store, kinds=["battle"]) == ["Mali"]
    assert _places(store, actors=["Taliban"]) == ["Kabul"]
    assert _places(store, min_killed=5) == ["Kabul"]
    assert _places(store, date_from="2016-04-10") == ["Kabul"]  # month-precision date overlaps
    assert _places(store, date_from="2016-03-01", date_to="2016-03-31") == ["Baqubah"]
    assert _places(store, bbox=(40, 30, 50, 40)) == ["Baqubah"]
    assert _places(store, bbox=(170, -90, 50, 90)) == ["Baqubah", "Mali"]  # across the antimeridian
    assert _places(store, text="KABUL") == ["Kabul"]
    assert _places(store, text="police officers") == ["Baqubah"]  # found in the evidence only
    assert _places(store, text="100%") == ["Kabul"] and _places(store, text="1%") == []  # % is literal
    assert _places(store, text="certain_report") == ["Kabul"] and _places(store, text="certai_") == []
    total, rows = queries.list_events(store, EventFilter(text="a"), "date", True, 1, 5)
    assert rows == [] and total == 3  # past the end, the total is still known


def test_detail_trends_facets_documents_indicators(store):
    [baqubah] = queries.list_events(store, EventFilter(countries=["IQ"]))[1]
    detail = queries.get_event(store, baqubah["id"])
    [source] = detail["sources"]
    assert source["name"] == "baqubah" and source["killed_min"] == source["killed_max"] == 4
    [evidence] = source["mentions"][0]["evidence"]
    assert evidence["start"] == 0 and evidence["before"] == "" and "police" in evidence["text"]
    assert queries.get_event(store, "ev-none") is None

    trends = queries.monthly_trends(store, EventFilter())
    assert [(t["month"], t["kind"], t["events"], t["killed"]) for t in trends] == [
        ("2016-03", "attack", 1, 4), ("2016-04", "attack", 1, 30)]
    facets = queries.facets(store)
    assert {f["value"] for f in facets["countries"]} == {"IQ", "AF", "ML"}
    assert facets["date_range"][0]["value"] == "2016-03-08"

    total, docs = queries.list_documents(store, text="TRUCK")
    assert total == 1 and docs[0]["name"] == "kabul"
    doc = queries.get_document(store, docs[0]["id"])
    assert doc["text"].startswith("A 100%") and len(doc["event_ids"]) == 1
    total, indicators = queries.list_indicators(store, metric="attacks_count")
    assert total == 3 and indicators[0]["evidence"]

    exported = list(queries.iter_events_with_sources(store, EventFilter(countries=["AF"])))
    assert len(exported) == 1 and exported[0]["sources"][0]["name"] == "kabul"
    total, points = queries.event_points(store, EventFilter(), 2)
    assert total == 3 and [p[6] for p in points] == ["Kabul", "Baqubah"]


def _search(store, text, **kwargs) -> tuple[int, list[str]]:
    total, rows = queries.list_events(store, EventFilter(text=text, **kwargs), "date", True, 500, 0)
    return total, [r["id"] for r in rows]


def test_indexed_text_search_answers_as_like_does(sample_db, monkeypatch):
    store = Store(sample_db)
    with store.engine.connect() as conn:
        places = [r[0] for r in conn.execute(sa.text("SELECT DISTINCT place_name FROM events "
                                                     "WHERE place_name IS NOT NULL ORDER BY 1 LIMIT 3"))]
        sentence = conn.execute(sa.text("SELECT ev.text FROM evidence ev JOIN mentions m ON m.id = ev.owner_id "
                                        "WHERE m.event_id IS NOT NULL ORDER BY ev.id LIMIT 1")).scalar_one()
    texts = [*places, places[0].upper(), sentence[5:25], sentence[-12:].swapcase(), "killed", "Islamic State",
             "police", 'said "', "10%", "a_b", "zzzq", "ing", "é"]
    indexed = {text: _search(store, text) for text in texts}
    indexed_iq = {text: _search(store, text, countries=["IQ"]) for text in texts}
    with monkeypatch.context() as m:  # as when the text is commoner than the country's events
        m.setattr(queries, "_search_is_narrower", lambda conn, flt, phrase: False)
        per_row_iq = {text: _search(store, text, countries=["IQ"]) for text in texts}
    monkeypatch.setattr(queries, "TRIGRAM", 10**6)  # every text through the LIKE scan
    for text in texts:
        assert indexed[text] == _search(store, text), text
        assert indexed_iq[text] == per_row_iq[text] == _search(store, text, countries=["IQ"]), text
    assert any(total for total, _ in indexed.values()) and indexed["zzzq"] == (0, [])
    store.engine.dispose()


def test_search_rows_follow_resolution_and_are_backfilled(tmp_path, monkeypatch):
    import strife.store.db as db

    path = str(tmp_path / "old.db")
    with monkeypatch.context() as m:  # a store made before migration 3
        m.setattr(db, "MIGRATIONS", db.MIGRATIONS[:2] + db.MIGRATIONS[3:])
        m.setattr(db, "_refresh_event_text", lambda conn, event_ids: None)
        _fill(Store(path))
    store = Store(path)  # migration 3 backfills
    assert _places(store, text="police officers") == ["Baqubah"] and _places(store, text="truck bomb") == ["Kabul"]
    events = resolve(store.mentions())
    moved = next(e for e in events if e.place.name == "Kabul")
    moved.place = Place(name="Herat", lat=34.35, lon=62.2, country="AF", precision=1)
    store.save_events(events)
    assert _places(store, text="Herat") == ["Herat"] and _places(store, text="Kabul") == ["Herat"]  # the evidence
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT COUNT(*) FROM event_text")).scalar_one() == 3


def test_text_and_bbox_use_their_indexes(store):
    flt = EventFilter(text="police officers", bbox=(40, 30, 50, 40))
    where, params, expanding = queries._where(flt, store.dialect)
    with store.engine.connect() as conn:
        if store.dialect == "sqlite":
            plan = " ".join(r[3] for r in conn.execute(
                queries._text(f"EXPLAIN QUERY PLAN SELECT e.id FROM events e{where}", expanding), params))
            assert "SCAN s VIRTUAL TABLE" in plan and "events_lat_band" in plan
        elif conn.execute(sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")).first():
            indexes = {r[0] for r in conn.execute(sa.text("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%trgm'"))}
            assert indexes == {"events_place_name_trgm", "events_perpetrator_trgm", "evidence_text_trgm"}
            conn.execute(sa.text("SET enable_seqscan = off"))  # three events are cheaper to scan than to look up
            plan = "\n".join(r[0] for r in conn.execute(
                queries._text(f"EXPLAIN SELECT e.id FROM events e{where}", expanding), params))
            assert "events_place_name_trgm" in plan and "events_lat_band" in plan, plan
    assert _places(store, text="police officers", bbox=(40, 30, 50, 40)) == ["Baqubah"]
