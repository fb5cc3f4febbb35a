"""URL ingest through the API and the CLI: a feed on 127.0.0.1 is refused by default and fetched
when the server or the command allows it (--allow-fetch, STRIFE_FETCH_ALLOW)."""
import pytest

from strife.ingest.fetch import FetchPolicy
from tests.loopback import LoopbackSite, stay_on_this_machine
from tests.serve.conftest import TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture()
def site():
    with LoopbackSite() as running, stay_on_this_machine():
        yield running


def test_api_refuses_loopback_by_default_and_fetches_it_when_allowed(writable_db, site):
    from fastapi.testclient import TestClient

    from strife.serve import create_app

    feed = f"{site.base}/feed.xml"
    with TestClient(create_app(writable_db, token=TOKEN)) as default:
        before = default.get("/api/summary").json()
        refused = default.post("/api/ingest", data={"url": feed}, headers=AUTH)
        assert refused.status_code == 200  # the form was fine; the input could not be read, as for a bad file
        [error] = refused.json()["errors"]
        assert error.startswith(feed) and "loopback" in error and "--allow-fetch" in error
        assert refused.json()["documents"] == 0 and site.requests == []
        redirected = default.post("/api/ingest", headers=AUTH,
                                  data={"url": f"{site.base}/redirect?to=http://169.254.169.254/latest/meta-data/"})
        assert "refused" in redirected.json()["errors"][0] and site.requests == []
        assert default.get("/api/summary").json()["documents"] == before["documents"]
        assert any(feed in e["path"] and "loopback" in e["reason"] for e in default.app.state.store.errors())

    with TestClient(create_app(writable_db, token=TOKEN, fetch_policy=FetchPolicy.parse(["127.0.0.1"]))) as allowed:
        fetched = allowed.post("/api/ingest", data={"url": feed}, headers=AUTH).json()
        assert fetched["documents"] == 1 and fetched["errors"] == [] and site.requests == ["/feed.xml"]
        [event] = allowed.get("/api/incidents", params={"q": "livestock market"}).json()["items"]
        assert event["place_name"] == "Baidoa" and event["killed_best"] == 6
        # a redirect from the allowed host to a refused one is still refused
        hop = allowed.post("/api/ingest", headers=AUTH,
                           data={"url": f"{site.base}/redirect?to=http://127.0.0.2:{site.port}/page.html"}).json()
        assert hop["documents"] == 0 and "127.0.0.2" in hop["errors"][0]


def test_cli_ingest_allows_by_flag_or_environment(tmp_path, site):
    from typer.testing import CliRunner

    from strife.cli import app

    runner = CliRunner()
    db = str(tmp_path / "cli.db")
    feed, page = f"{site.base}/feed.xml", f"{site.base}/page.html"
    refused = runner.invoke(app, ["ingest", feed, "--db", db], env={"STRIFE_FETCH_ALLOW": ""})
    assert refused.exit_code == 0 and "refused to fetch from 127.0.0.1: loopback address" in refused.output
    assert "ingested: 0 documents" in refused.output

    by_flag = runner.invoke(app, ["ingest", feed, "--db", db, "--allow-fetch", "127.0.0.1"])
    assert by_flag.exit_code == 0 and "ingested: 1 documents" in by_flag.output, by_flag.output
    by_env = runner.invoke(app, ["ingest", page, "--db", db], env={"STRIFE_FETCH_ALLOW": "10.0.0.0/8,127.0.0.0/8"})
    assert by_env.exit_code == 0 and "ingested: 1 documents" in by_env.output, by_env.output
    assert site.requests == ["/feed.xml", "/page.html"]

    bad = runner.invoke(app, ["ingest", feed, "--db", db, "--allow-fetch", "http://10.0.0.1/"])
    assert bad.exit_code == 2 and "not an address, network or host name" in bad.output
