"""The whole job through the real CLI and API: the bundled corpus in, a store and exports out."""
import json
import shutil
from importlib import resources
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from strife import api
from strife.cli import app
from strife.store import Store

CORPUS = Path(str(resources.files("strife.data").joinpath("sample_corpus")))
BAD = Path(__file__).parent / "fixtures" / "bad"


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("store") / "strife.db")
    summary = api.ingest([str(CORPUS)], db)
    return db, summary


def _events_by_source(db):
    events = Store(db).events()
    return events, {e["id"]: {s["name"] for s in e["sources"]} for e in events}


def test_corpus_is_ingested_once(ingested):
    db, summary = ingested
    assert summary.documents == 25 and not summary.errors
    again = api.ingest([str(CORPUS)], db)  # re-ingesting stores nothing twice
    assert again.documents == 0 and again.skipped_duplicates == 25
    assert Store(db).counts()["documents"] == 25


def test_syndicated_copy_is_recognised(ingested):
    db, _ = ingested
    docs = {d["name"]: d for d in Store(db).documents()}
    assert docs["gulfpost_hilla_syndicated"]["syndicated_of"] == docs["tigris_hilla_bombing"]["id"]
    assert sum(1 for d in docs.values() if d["syndicated_of"]) == 1


def test_off_topic_piece_has_no_incident(ingested):
    db, _ = ingested
    store = Store(db)
    off = next(d for d in store.documents() if d["name"] == "lagos_naira_offtopic")
    assert not [m for m in store.mentions() if m.doc_id == off["id"]]


def test_one_incident_told_by_several_outlets_is_one_event_with_every_figure(ingested):
    db, _ = ingested
    events, sources = _events_by_source(db)
    hilla = [e for e in events if {"tigris_hilla_bombing", "euphrates_daily_alhillah"} <= sources[e["id"]]]
    assert len(hilla) == 1
    event = hilla[0]
    figures = {(s["name"], s["killed_min"], s["killed_max"]) for s in event["sources"]}
    assert ("euphrates_daily_alhillah", 61, 61) in figures
    assert ("tigris_hilla_bombing", 60, None) in figures
    assert event["killed_low"] == 60 and event["killed_high"] is None
    assert event["n_sources"] == 2  # the syndicated copy does not count as a third source
    assert event["perpetrator"] == "Islamic State" and event["country"] == "IQ"
    mogadishu = [e for e in events if {"horn_observer_mogadishu", "crawl#1"} <= sources[e["id"]]]
    assert len(mogadishu) == 1 and mogadishu[0]["killed_low"] == 276


def test_different_incidents_stay_apart(ingested):
    db, _ = ingested
    _, sources = _events_by_source(db)
    for names in sources.values():
        assert not ({"horn_observer_mogadishu", "lakechad_dalori_attack"} <= names)
        assert not ({"tigris_hilla_bombing", "mw-2016-0420-0158"} <= names)


def test_every_value_has_its_evidence(ingested):
    db, _ = ingested
    store = Store(db)
    texts = {d["id"]: d for d in store.documents()}
    for m in store.mentions():
        assert m.evidence, m.id
        for ev in m.evidence:
            assert ev.doc_id in texts and ev.end > ev.start and ev.text.strip()


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "geojson", "parquet"])
def test_exports(ingested, tmp_path, fmt):
    db, _ = ingested
    out = tmp_path / f"events.{fmt}"
    result = CliRunner().invoke(app, ["export", "--format", fmt, "--out", str(out), "--db", db])
    assert result.exit_code == 0, result.output
    n_events = Store(db).counts()["events"]
    if fmt == "parquet":
        table = pq.read_table(out)
        assert table.num_rows == n_events
        assert {"event_id", "killed_low", "killed_best", "killed_high", "fatalities", "geo_precision"} <= set(table.column_names)
    elif fmt == "geojson":
        data = json.loads(out.read_text())
        assert data["type"] == "FeatureCollection" and len(data["features"]) == n_events
        placed = [f for f in data["features"] if f["geometry"]]
        assert placed and all(len(f["geometry"]["coordinates"]) == 2 for f in placed)
    elif fmt == "csv":
        lines = out.read_text().splitlines()
        assert lines[0].startswith("event_id,kind") and len(lines) == n_events + 1
    else:
        rows = [json.loads(line) for line in out.read_text().splitlines()]
        assert len(rows) == n_events and all(isinstance(r["sources"], list) for r in rows)


def test_unknown_export_format_is_a_clear_error(ingested, tmp_path):
    db, _ = ingested
    result = CliRunner().invoke(app, ["export", "--format", "xls", "--out", str(tmp_path / "x"), "--db", db])
    assert result.exit_code == 2 and "unknown format" in result.output


def test_extract_contract_and_bad_input(tmp_path):
    """`strife extract` writes one line per document with the evaluation fields; every bad file
    gets one error line naming it, and the good ones are still extracted."""
    folder = tmp_path / "in"
    shutil.copytree(BAD, folder)
    shutil.copy(CORPUS / "lakechad_dalori_attack.txt", folder / "dalori.txt")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["extract", str(folder), "--out", str(out)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text().splitlines()]
    names = {r["doc_id"] for r in records}
    assert "dalori" in names and "latin1" in names  # a legacy encoding is decoded, not lost
    dalori = next(r for r in records if r["doc_id"] == "dalori")
    assert dalori["pub_date"] and dalori["incidents"]
    incident = dalori["incidents"][0]
    for field in ("kind", "attack_type", "date", "place", "country", "lat", "lon", "perpetrator", "claimed",
                  "killed_min", "killed_max", "wounded_min", "wounded_max", "target", "cluster_id"):
        assert field in incident
    assert incident["perpetrator"] == "Boko Haram" and incident["killed_min"] == 65
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    for bad in ("binary.txt", "empty.txt", "broken.html", "entity_bomb.xml", "notjson.json"):
        assert any(bad in line for line in errors), (bad, errors)
    assert any("malformed.jsonl#2" in line for line in errors)


def test_extract_dates_bare_texts_from_the_manifest_and_the_option_and_leaves_the_rest_undated(tmp_path):
    """`--manifest` and `--pub-date` date texts that carry no date; a text the run knows nothing of and
    whose own words do not narrow its date stays undated in the output: a null, said so."""
    folder = tmp_path / "texts"
    folder.mkdir()
    story = "Gunmen attacked a police checkpoint in {} on Tuesday, killing four officers, a police official said."
    (folder / "baqubah.txt").write_text(story.format("Baqubah"))
    (folder / "kirkuk.txt").write_text(story.format("Kirkuk"))
    manifest = tmp_path / "dates.jsonl"
    manifest.write_text(json.dumps({"file": "baqubah.txt", "date": "2016-03-09", "source": "Example Wire"}) + "\n")
    runner = CliRunner()
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(folder), "--out", str(out), "--manifest", str(manifest)])
    assert result.exit_code == 0, result.output
    records = {r["doc_id"]: r for r in map(json.loads, out.read_text().splitlines())}
    baqubah, kirkuk = records["baqubah"], records["kirkuk"]
    assert (baqubah["pub_date"], baqubah["pub_date_source"], baqubah["source"]) == ("2016-03-09", "manifest",
                                                                                   "Example Wire")
    assert baqubah["incidents"][0]["date"] == "2016-03-08"  # "on Tuesday" from the manifest's Wednesday
    assert (kirkuk["pub_date"], kirkuk["pub_date_source"]) == (None, "undated")
    assert kirkuk["incidents"] and kirkuk["incidents"][0]["date"] is None

    result = runner.invoke(app, ["extract", str(folder), "--out", str(out), "--pub-date", "2016-03-16"])
    assert result.exit_code == 0, result.output
    records = {r["doc_id"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert {(r["pub_date"], r["pub_date_source"]) for r in records.values()} == {("2016-03-16", "option")}

    result = runner.invoke(app, ["extract", str(folder), "--out", str(out), "--pub-date", "16/03/2016x"])
    assert result.exit_code == 2 and "not a date" in result.output


def test_ingest_records_errors_and_keeps_the_batch(tmp_path):
    db = str(tmp_path / "s.db")
    folder = tmp_path / "in"
    shutil.copytree(BAD, folder)
    shutil.copy(CORPUS / "lakechad_dalori_attack.txt", folder / "dalori.txt")
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(folder), "--db", db])
    assert result.exit_code == 0, result.output
    assert Store(db).counts()["documents"] >= 2  # dalori and the decoded latin-1 text
    listed = runner.invoke(app, ["errors", "--db", db]).output
    assert "binary.txt" in listed and "binary content" in listed


def test_unusable_database_is_one_clear_line(tmp_path):
    result = CliRunner().invoke(app, ["ingest", str(CORPUS / "lakechad_dalori_attack.txt"),
                                      "--db", "postgresql://nobody@127.0.0.1:1/none"])
    assert result.exit_code == 2 and "cannot open database" in result.output


def test_incremental_ingest_gives_the_same_events_as_one_batch(tmp_path):
    """A document added later joins the events already stored, and the result equals one batch."""
    files = sorted(p for p in CORPUS.iterdir() if p.suffix == ".txt")
    one_db, two_db = str(tmp_path / "one.db"), str(tmp_path / "two.db")
    api.ingest([str(p) for p in files], one_db)
    api.ingest([str(p) for p in files[len(files) // 2:]], two_db)
    api.ingest([str(p) for p in files[: len(files) // 2]], two_db)

    def partition(db):
        store = Store(db)
        names = {d["id"]: d["name"] for d in store.documents()}
        groups = {}
        for m in store.mentions():
            groups.setdefault(m.cluster_id, set()).add((names[m.doc_id], m.index))
        return sorted(sorted(g) for g in groups.values())

    assert partition(one_db) == partition(two_db)
    assert Store(two_db).counts()["events"] == Store(one_db).counts()["events"]


def test_demo_command_runs(tmp_path):
    """`make demo` runs `strife demo`: it must work through the CLI as it is called there."""
    result = CliRunner().invoke(app, ["demo", "--db", str(tmp_path / "demo.db")])
    assert result.exit_code == 0, result.output
    assert "ingested: 25 documents" in result.output and "Mogadishu" in result.output
