"""The store on SQLite and on a real PostgreSQL server: same code, same results."""
import pytest
import sqlalchemy as sa

from strife.ingest import make_document
from strife.records import Evidence, Extraction, IncidentMention, Indicator, Place
from strife.resolve import resolve
from strife.store import Store, StoreError

TEXT = "Gunmen attacked a checkpoint in Baqubah on Tuesday, killing four police officers."


def _extraction(text=TEXT, name="a", killed=4):
    doc = make_document(text, path=f"{name}.txt", name=name)
    mention = IncidentMention(doc_id=doc.id, index=0, kind="attack", attack_type="armed_assault", date="2016-03-08",
                              date_precision=1, place=Place(name="Baqubah", geonameid=98854, lat=33.75, lon=44.64,
                                                            country="IQ", precision=1),
                              killed_min=killed, killed_max=killed,
                              evidence=[Evidence(doc.id, 0, len(text), text)])
    indicator = Indicator(doc_id=doc.id, index=0, metric="attacks_count", low=3, high=3,
                          evidence=[Evidence(doc.id, 0, 6, text[:6])])
    return Extraction(document=doc, pub_date="2016-03-09", pub_date_source="metadata", incidents=[mention],
                      indicators=[indicator])


def _roundtrip(store: Store):
    first = _extraction()
    assert store.save_extraction(first) is True
    assert store.save_extraction(first) is False  # the same document is stored once
    second = _extraction(TEXT.replace("four", "five"), name="b", killed=5)
    store.save_extraction(second)
    mentions = store.mentions()
    assert len(mentions) == 2 and mentions[0].evidence[0].text == TEXT
    events = resolve(mentions)
    store.save_events(events)
    [event] = store.events()
    assert event["n_sources"] == 2
    assert (event["killed_low"], event["killed_high"]) == (4, 5)
    assert sorted(s["killed_min"] for s in event["sources"]) == [4, 5]
    counts = store.counts()
    assert counts["documents"] == 2 and counts["mentions"] == 2 and counts["events"] == 1
    store.record_error("bad.bin", "binary content, not text")
    assert store.errors()[0]["path"] == "bad.bin"


def test_sqlite_roundtrip(tmp_path):
    store = Store(str(tmp_path / "s.db"))
    _roundtrip(store)
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"


def test_migrations_are_idempotent(tmp_path):
    path = str(tmp_path / "s.db")
    Store(path).save_extraction(_extraction())
    again = Store(path)  # reopening applies nothing twice and keeps the data
    assert again.counts()["documents"] == 1


def test_postgresql_roundtrip(postgres_url):
    store = Store(postgres_url)
    assert store.dialect == "postgresql"
    _roundtrip(store)


def test_unreachable_database_is_a_clear_error():
    with pytest.raises(StoreError, match="cannot open database"):
        Store("postgresql://nobody@127.0.0.1:1/none")
