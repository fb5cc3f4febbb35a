"""Hostile requests: fuzzed query strings never give a 500 or a stack trace; SQL-injection strings in
every text filter are data, not SQL; and the API keeps answering while an ingest writes the store."""
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tests.reliability.corpus import write_corpus
from tests.serve.conftest import TOKEN, copy_db, free_port, sample_db  # noqa: F401 (the session fixture)

STRIFE = str(Path(sys.executable).with_name("strife"))
pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx`")
ENDPOINTS = ["/api/incidents", "/api/incidents/map", "/api/incidents.csv", "/api/trends/monthly", "/api/indicators",
             "/api/documents", "/api/facets", "/api/summary"]
PARAMS = ["actor", "country", "kind", "attack_type", "date_from", "date_to", "bbox", "min_killed", "q", "sort",
          "order", "limit", "offset", "metric", "subject", "source"]
INJECTIONS = ["' OR '1'='1", "'; DROP TABLE events; --", "\" OR 1=1 --", "%' UNION SELECT name, sql FROM sqlite_master --",
              "x') OR 1=1; --", "\\'; DELETE FROM documents; --", "_%", "%", "\\", "' AND sleep(5) --"]
LEAKS = ("Traceback (most recent call last)", "File \"/", "sqlalchemy.exc", "sqlite3.", "OperationalError",
         "psycopg.")


@pytest.fixture(scope="module")
def client(sample_db):  # noqa: F811
    from fastapi.testclient import TestClient

    from strife.serve import create_app

    with TestClient(create_app(sample_db, token=TOKEN), raise_server_exceptions=False) as test_client:
        yield test_client


def _no_leak(response):
    assert response.status_code < 500, (response.request.url, response.status_code, response.text[:300])
    for leak in LEAKS:
        assert leak not in response.text, (response.request.url, leak)


values = st.one_of(st.text(max_size=60), st.sampled_from(INJECTIONS + ["", "0", "-1", "1e309", "NaN", "2016-02-30",
                                                                        "9" * 40, "IQ", "attack", "1,2,3,4",
                                                                        "-180,-90,180,90", "\x00", "%00", "date"]))
queries = st.lists(st.tuples(st.sampled_from(PARAMS), values), max_size=6)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(endpoint=st.sampled_from(ENDPOINTS), query=queries)
def test_fuzzed_query_strings_never_give_a_500_or_a_stack_trace(client, endpoint, query):
    _no_leak(client.get(endpoint, params=query))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.text(max_size=80))
def test_raw_query_strings_and_path_ids_never_give_a_500(client, raw):
    _no_leak(client.get("/api/incidents?" + quote(raw, safe="=&;+")))
    _no_leak(client.get("/api/incidents/" + quote(raw, safe="") if raw else "/api/incidents/x"))
    _no_leak(client.get("/api/documents/" + quote(raw, safe="") if raw else "/api/documents/x"))


def test_sql_injection_in_every_text_filter_is_just_text(client):
    before = client.get("/api/summary").json()
    total = client.get("/api/incidents").json()["total"]
    for value in INJECTIONS:
        for endpoint, params in (("/api/incidents", {"q": value}), ("/api/incidents", {"actor": value}),
                                 ("/api/incidents/map", {"q": value}), ("/api/trends/monthly", {"actor": value}),
                                 ("/api/indicators", {"subject": value}), ("/api/documents", {"q": value}),
                                 ("/api/documents", {"source": value}), ("/api/incidents.csv", {"q": value})):
            response = client.get(endpoint, params=params)
            _no_leak(response)
            assert response.status_code == 200, (endpoint, params, response.text[:200])
            if endpoint == "/api/incidents":
                found = response.json()["total"]
                assert found < total or value in ("%", "_%"), (params, found)  # nothing matched "everything"
    assert client.get("/api/summary").json() == before  # every table is still there, unchanged
    assert client.get("/api/incidents").json()["total"] == total


def test_literal_wildcards_match_literally(client):
    assert client.get("/api/incidents", params={"q": "%"}).json()["total"] == 0
    assert client.get("/api/incidents", params={"q": "_"}).json()["total"] == 0


def test_serving_while_ingesting(sample_db, tmp_path):  # noqa: F811
    """uvicorn answers /api/incidents throughout a real `strife ingest` writing the same store."""
    import uvicorn

    from strife.serve import create_app

    db = copy_db(sample_db, str(tmp_path / "live.db"))
    write_corpus(tmp_path / "corpus", 40)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db, token=TOKEN), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started:
            assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"
        first = httpx.get(f"{base}/api/summary").json()
        ingest = subprocess.Popen([STRIFE, "ingest", str(tmp_path / "corpus"), "--db", db],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        answers, totals, failures = 0, [], []
        with httpx.Client(base_url=base, timeout=30) as http:
            while ingest.poll() is None:
                response = http.get("/api/incidents", params={"limit": 5, "sort": "killed"})
                answers += 1
                if response.status_code != 200:
                    failures.append((response.status_code, response.text[:200]))
                else:
                    totals.append(response.json()["total"])
                time.sleep(0.02)
            out, err = ingest.communicate()
            assert ingest.returncode == 0, err
            after = http.get("/api/summary").json()
        print(f"\n{answers} answers while ingesting; totals {totals[0]} → {totals[-1]}")
        assert not failures, failures[:3]
        assert answers >= 20
        assert after["documents"] == first["documents"] + 40
    finally:
        server.should_exit = True
        thread.join(timeout=10)
