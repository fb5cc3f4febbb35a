"""The REST API through the real app, over a store ingested from the bundled sample corpus."""
import csv
import io
import json
import re

import pytest

from tests.serve.conftest import SCRIPT_ARTICLE, TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _incidents(client, **params):
    response = client.get("/api/incidents", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _mogadishu(client) -> dict:
    """The Mogadishu bombing: of the events placed in Mogadishu (a march through the capital the day
    after is one of them), the one most sources tell."""
    return [e for e in _incidents(client, q="mogadishu", sort="n_sources")["items"] if e["place_name"] == "Mogadishu"][0]


def test_openapi_describes_every_endpoint(client):
    schema = client.get("/openapi.json").json()
    for path in ("/api/incidents", "/api/incidents/{event_id}", "/api/incidents.csv", "/api/incidents.geojson",
                 "/api/incidents/map", "/api/indicators", "/api/documents", "/api/documents/{doc_id}",
                 "/api/trends/monthly", "/api/facets", "/api/ingest", "/api/summary"):
        assert path in schema["paths"], path
    params = {p["name"] for p in schema["paths"]["/api/incidents"]["get"]["parameters"]}
    assert {"actor", "country", "kind", "attack_type", "date_from", "date_to", "bbox", "min_killed", "q",
            "limit", "offset", "sort", "order"} <= params


def test_list_pages_with_total(client):
    everything = _incidents(client, limit=500)
    total = everything["total"]
    assert total == len(everything["items"]) == client.get("/api/summary").json()["events"]
    first, second = _incidents(client, limit=5, offset=0), _incidents(client, limit=5, offset=5)
    assert first["total"] == second["total"] == total
    ids = [e["id"] for e in first["items"] + second["items"]]
    assert len(set(ids)) == 10 and ids == [e["id"] for e in everything["items"][:10]]


def test_filters(client):
    iraq = _incidents(client, country="IQ", limit=500)
    assert iraq["total"] > 0 and all(e["country"] == "IQ" for e in iraq["items"])
    two = _incidents(client, country=["IQ", "SO"], limit=500)
    assert two["total"] > iraq["total"] and {e["country"] for e in two["items"]} == {"IQ", "SO"}
    assert _incidents(client, country="iq")["total"] == iraq["total"]  # codes are case-insensitive

    attacks = _incidents(client, kind="attack", attack_type="vehicle_bomb", limit=500)
    assert attacks["total"] > 0
    assert all(e["kind"] == "attack" and e["attack_type"] == "vehicle_bomb" for e in attacks["items"])

    taliban = _incidents(client, actor="Taliban", limit=500)
    assert taliban["total"] > 0 and all(e["perpetrator"] == "Taliban" for e in taliban["items"])

    deadly = _incidents(client, min_killed=50, limit=500)
    assert deadly["total"] > 0 and all(e["killed_best"] >= 50 for e in deadly["items"])

    dated = _incidents(client, date_from="2016-01-01", date_to="2016-03-31", limit=500)
    assert dated["total"] > 0 and all("2016-01" <= e["date"] <= "2016-03-31" for e in dated["items"])
    # an event dated only to the month is inside a range that starts within that month
    assert any(e["date"] == "2016-01" for e in _incidents(client, date_from="2016-01-15", limit=500)["items"])

    boxed = _incidents(client, bbox="40,29,49,38", limit=500)  # roughly Iraq
    assert boxed["total"] > 0
    assert all(40 <= e["lon"] <= 49 and 29 <= e["lat"] <= 38 for e in boxed["items"])


def test_text_search_covers_place_actor_and_evidence(client):
    by_place = _incidents(client, q="mogadishu")
    assert any(e["place_name"] == "Mogadishu" for e in by_place["items"])
    by_actor = _incidents(client, q="SHABAAB")
    assert by_actor["total"] > 0 and any(e["perpetrator"] == "al-Shabaab" for e in by_actor["items"])
    # "Zoobe junction" is only in the evidence sentences of the Mogadishu bombing
    by_evidence = _incidents(client, q="zoobe junction")
    assert [e["place_name"] for e in by_evidence["items"]] == ["Mogadishu"]
    assert _incidents(client, q="100%_no_such")["total"] == 0  # LIKE wildcards are literal


def test_sorting(client):
    killed = [e["killed_best"] for e in _incidents(client, sort="killed", order="desc", limit=500)["items"]]
    known = [k for k in killed if k is not None]
    assert known == sorted(known, reverse=True) and killed[:len(known)] == known  # unknown figures last
    ascending = [e["killed_best"] for e in _incidents(client, sort="killed", order="asc", limit=500)["items"]]
    assert [k for k in ascending if k is not None] == sorted(known) and ascending[0] is not None
    sources = [e["n_sources"] for e in _incidents(client, sort="n_sources", limit=500)["items"]]
    assert sources == sorted(sources, reverse=True) and sources[0] >= 3
    dates = [e["date"] for e in _incidents(client, sort="date", order="asc", limit=500)["items"] if e["date"]]
    assert dates == sorted(dates)


def test_one_incident_with_sources_evidence_and_figures(client, sample_db):
    event = _mogadishu(client)
    detail = client.get(f"/api/incidents/{event['id']}").json()
    assert detail["n_sources"] == len(detail["sources"]) >= 3
    killed_by_source = {s["name"]: (s["killed_min"], s["killed_max"]) for s in detail["sources"]}
    assert len(set(killed_by_source.values())) > 1  # the outlets disagree, and each keeps its figure
    texts = {}
    for source in detail["sources"]:
        assert source["doc_id"] and source["mentions"]
        doc = client.get(f"/api/documents/{source['doc_id']}").json()
        texts[source["doc_id"]] = doc["text"]
        assert event["id"] in doc["event_ids"]
        for mention in source["mentions"]:
            for ev in mention["evidence"]:
                assert doc["text"][ev["start"]:ev["end"]] == ev["text"]  # offsets point into the document
                assert doc["text"][:ev["start"]].endswith(ev["before"])
                assert doc["text"][ev["end"]:].startswith(ev["after"])
    assert client.get("/api/incidents/ev-doesnotexist").status_code == 404


def test_map_points_trends_facets_indicators_documents(client):
    points = client.get("/api/incidents/map", params={"country": "IQ"}).json()
    assert points["total"] == points["shown"] > 0
    assert all(len(p) == 7 for p in points["points"])
    killed = [p[5] for p in points["points"] if p[5] is not None]
    assert killed == sorted(killed, reverse=True)

    trends = client.get("/api/trends/monthly").json()
    assert trends and all(len(t["month"]) == 7 for t in trends)
    total_dated = sum(t["events"] for t in trends)
    month_dated = [e for e in _incidents(client, limit=500)["items"] if e["date"] and len(e["date"]) >= 7]
    assert total_dated == len(month_dated)
    iraq_trends = client.get("/api/trends/monthly", params={"country": "IQ"}).json()
    assert 0 < sum(t["events"] for t in iraq_trends) < total_dated

    facets = client.get("/api/facets").json()
    assert {"value": "IQ", "count": _incidents(client, country="IQ")["total"]} in facets["countries"]

    indicators = client.get("/api/indicators").json()
    assert indicators["total"] > 0 and indicators["items"][0]["evidence"]
    fighters = client.get("/api/indicators", params={"metric": "fighters"}).json()
    assert all(i["metric"] == "fighters" for i in fighters["items"])

    docs = client.get("/api/documents", params={"limit": 5}).json()
    assert docs["total"] >= 20 and len(docs["items"]) == 5 and "text" not in docs["items"][0]
    assert client.get("/api/documents", params={"q": "zoobe"}).json()["total"] >= 1
    assert client.get("/api/documents/nope").status_code == 404


def test_csv_and_geojson_downloads_follow_the_filters(client):
    from strife.export import EVENT_COLUMNS

    response = client.get("/api/incidents.csv", params={"country": "SO"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert list(rows[0]) == EVENT_COLUMNS
    assert len(rows) == _incidents(client, country="SO")["total"] and {r["country"] for r in rows} == {"SO"}
    mogadishu = [r for r in rows if r["place"] == "Mogadishu"][0]
    assert len(mogadishu["sources"].split(";")) >= 3

    geo = client.get("/api/incidents.geojson", params={"min_killed": 50})
    assert geo.status_code == 200 and geo.headers["content-type"].startswith("application/geo+json")
    collection = json.loads(geo.text)
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == _incidents(client, min_killed=50)["total"]
    assert all(f["properties"]["killed_best"] >= 50 for f in collection["features"])
    assert all(f["geometry"]["type"] == "Point" for f in collection["features"] if f["geometry"])
    limited = client.get("/api/incidents.csv", params={"limit": 2, "sort": "killed", "order": "desc"})
    assert len(list(csv.DictReader(io.StringIO(limited.text)))) == 2


@pytest.mark.parametrize("params", [
    {"limit": 0}, {"limit": 501}, {"offset": -1}, {"country": "IRQ"}, {"country": "I1"}, {"kind": "Attack!"},
    {"date_from": "2016-13-01"}, {"date_from": "2015-02-29"}, {"date_from": "yesterday"}, {"date_to": "0"},
    {"date_to": "20160101"}, {"bbox": "1,2,3"}, {"bbox": "0,0,200,10"}, {"bbox": "0,-91,10,10"}, {"bbox": "0000"},
    {"bbox": "1,2,3,4,5"}, {"min_killed": -1}, {"min_killed": "many"}, {"sort": "place"}, {"order": "up"}, {"q": ""},
    {"q": "x" * 201},
])
def test_bad_parameters_are_422_in_the_one_validation_shape(client, params):
    response = client.get("/api/incidents", params=params)
    assert response.status_code == 422, params
    [error] = response.json()["detail"]  # FastAPI's list of validation errors, as the schema says
    assert error["loc"][0] == "query" and error["loc"][1] in params and error["msg"] and error["type"]


def test_empty_ranges_match_nothing(client):
    """A range whose start is after its end is a valid question with an empty answer."""
    assert _incidents(client, date_from="2017-01-01", date_to="2016-01-01")["total"] == 0
    assert _incidents(client, bbox="40,38,49,29")["total"] == 0  # south above north
    assert _incidents(client, date_from="2016-02-29", date_to="2016-02-29")["total"] >= 0  # a leap day is a day
    crossing = _incidents(client, bbox="170,-90,-170,90")  # west > east: the box crosses the antimeridian
    assert all(e["lon"] >= 170 or e["lon"] <= -170 for e in crossing["items"])


def test_bad_path_ids_are_rejected(client):
    assert client.get("/api/incidents/" + "x" * 300).status_code == 422
    assert client.get("/api/incidents/%27%20OR%201=1").status_code == 422


def test_writes_need_the_token(client, sample_db):
    from fastapi.testclient import TestClient

    from strife.serve import create_app

    files = {"file": ("a.txt", b"Gunmen attacked a checkpoint.", "text/plain")}
    assert client.post("/api/ingest", files=files).status_code == 401
    wrong = client.post("/api/ingest", files=files, headers={"Authorization": "Bearer wrong"})
    assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
    with TestClient(create_app(sample_db, token=None)) as no_token:
        refused = no_token.post("/api/ingest", files=files, headers=AUTH)
        assert refused.status_code == 403 and "disabled" in refused.json()["detail"]
        assert no_token.get("/api/incidents").status_code == 200  # reading stays open


def test_oversized_upload_is_413(writable_db):
    from fastapi.testclient import TestClient

    from strife.serve import create_app

    with TestClient(create_app(writable_db, token=TOKEN, max_upload_bytes=1000)) as small:
        big = small.post("/api/ingest", files={"file": ("big.txt", b"x" * 5000, "text/plain")}, headers=AUTH)
        assert big.status_code == 413
        # without a Content-Length the body is counted as it arrives
        def chunks():
            yield b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n\r\n"
            for _ in range(10):
                yield b"y" * 1000
            yield b"\r\n--b--\r\n"
        streamed = small.post("/api/ingest", content=chunks(),
                              headers={**AUTH, "Content-Type": "multipart/form-data; boundary=b"})
        assert streamed.status_code == 413
        assert small.get("/api/summary").json()["documents"] == small.app.state.store.counts()["documents"]


def test_ingest_rejects_bad_forms(writable_db):
    from fastapi.testclient import TestClient

    from strife.serve import create_app

    with TestClient(create_app(writable_db, token=TOKEN)) as writer:
        for form in ({"url": "file:///etc/passwd"}, {"url": "/etc/passwd"}, {"url": "http://"}, {"other": "x"},
                     {"url": "http://example.org/" + "x" * 2000}, {"url": [f"http://h{n}.example/" for n in range(21)]},
                     {"file": "not a file"}):
            response = writer.post("/api/ingest", data=form, headers=AUTH)
            assert response.status_code == 422, form
            [error] = response.json()["detail"]
            assert error["loc"][0] == "body" and error["msg"], form
        before = writer.get("/api/summary").json()
        empty = writer.post("/api/ingest", headers=AUTH)  # nothing sent: nothing ingested
        assert empty.status_code == 200 and empty.json()["documents"] == 0 and empty.json()["errors"] == []
        assert writer.get("/api/summary").json() == before


def test_upload_ingests_and_keeps_markup_as_text(writable_db):
    from fastapi.testclient import TestClient

    from strife.serve import create_app

    with TestClient(create_app(writable_db, token=TOKEN)) as writer:
        before = writer.get("/api/summary").json()
        response = writer.post("/api/ingest", headers=AUTH,
                               files={"file": ("../../script article.txt", SCRIPT_ARTICLE.encode(), "text/plain")})
        assert response.status_code == 200, response.text
        summary = response.json()
        assert summary["documents"] == 1 and summary["incidents"] == 1 and summary["errors"] == []
        assert writer.get("/api/summary").json()["documents"] == before["documents"] + 1
        [event] = writer.get("/api/incidents", params={"q": "alert(1)"}).json()["items"]
        detail = writer.get(f"/api/incidents/{event['id']}").json()
        [source] = detail["sources"]
        assert source["name"] == "script_article"  # the upload's name, made safe
        assert "<script>alert(1)</script>" in source["mentions"][0]["evidence"][0]["text"]
        again = writer.post("/api/ingest", headers=AUTH, files={"file": ("copy.txt", SCRIPT_ARTICLE.encode())})
        assert again.json()["skipped_duplicates"] == 1


def test_errors_give_no_stack_trace(sample_db, monkeypatch):
    from fastapi.testclient import TestClient

    from strife.serve import create_app
    from strife.store import queries

    def broken(*_args, **_kwargs):
        raise RuntimeError("secret internals /etc/strife")

    monkeypatch.setattr(queries, "list_events", broken)
    with TestClient(create_app(sample_db), raise_server_exceptions=False) as failing:
        response = failing.get("/api/incidents")
    assert response.status_code == 500
    assert response.json() == {"detail": "internal server error"}
    assert "secret" not in response.text and "Traceback" not in response.text


def test_page_and_static_files_are_served_offline(client):
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert not re.search(r'(src|href)="(https?:)?//', page.text)  # nothing loaded from elsewhere
    for asset in ("/static/app.js", "/static/style.css", "/static/world.json"):
        assert client.get(asset).status_code == 200, asset
    world = client.get("/static/world.json").json()
    assert len(world["countries"]) > 150 and any(c["iso2"] == "IQ" for c in world["countries"])
    assert client.get("/docs").status_code == 404  # Swagger UI would need a CDN


def test_an_undated_document_stays_undated_in_the_api(tmp_path):
    """A bare text that does not narrow its own date keeps a null date; the API says "undated"
    (also for a store written before undated documents recorded it)."""
    import sqlite3

    from fastapi.testclient import TestClient

    from strife import api
    from strife.serve import create_app

    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "undated.txt").write_text("Gunmen attacked a police checkpoint in Baqubah on Tuesday, killing four "
                                       "officers, a police official said. The group was founded in 2004.\n")
    db = str(tmp_path / "undated.db")
    assert api.ingest([str(texts)], db).documents == 1
    with TestClient(create_app(db, token=TOKEN)) as client:
        [doc] = client.get("/api/documents").json()["items"]
        assert doc["pub_date"] is None and doc["pub_date_source"] == "undated"
        [incident] = client.get("/api/incidents").json()["items"]
        assert incident["date"] is None  # "on Tuesday" of an undated report is no date
        [source] = client.get(f"/api/incidents/{incident['id']}").json()["sources"]
        assert source["pub_date"] is None and source["pub_date_source"] == "undated"
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE documents SET pub_date_source = NULL")
    with TestClient(create_app(db, token=TOKEN)) as client:
        assert client.get(f"/api/documents/{doc['id']}").json()["pub_date_source"] == "undated"
