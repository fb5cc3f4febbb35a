"""Fixtures for the API and page tests: one store built from the bundled sample corpus (ingested
once per session), copies of it for tests that write, and a real uvicorn server on loopback."""
import contextlib
import os
import shutil
import socket
import sqlite3
import tempfile
import threading
import time
import warnings
from importlib import resources
from pathlib import Path

import pytest

TOKEN = "test-token-7f3a"
SCRIPT_ARTICLE = ("Gunmen storm checkpoint near Baqubah\n\n"
                  "BAQUBAH, Iraq, March 9, 2016 - Gunmen <script>alert(1)</script> attacked a police checkpoint in "
                  "Baqubah on Tuesday, killing four police officers and wounding six others, a police official said.\n")
SCREENSHOT_COPY_DIR = Path("/tmp/strife-screens")



def pytest_collection_modifyitems(items):
    # starlette 1.x's TestClient warns that it still uses httpx
    for item in items:
        if "serve" in item.path.parts:
            item.add_marker(pytest.mark.filterwarnings("ignore:Using `httpx`"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def copy_db(src: str, dst: str) -> str:
    """A consistent copy of a SQLite store (WAL included), via SQLite's backup API."""
    with sqlite3.connect(src) as source, sqlite3.connect(dst) as target:
        source.backup(target)
    return dst


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> str:
    from strife import api

    db = str(tmp_path_factory.mktemp("serve") / "sample.db")
    corpus = resources.files("strife.data").joinpath("sample_corpus")
    summary = api.ingest([str(corpus)], db)
    assert summary.events > 10 and not summary.errors
    return db


@pytest.fixture(scope="session")
def client(sample_db):
    """A TestClient over the sample store; it must not write (tests that ingest use their own copy)."""
    from fastapi.testclient import TestClient

    from strife.serve import create_app

    with TestClient(create_app(sample_db, token=TOKEN)) as test_client:
        yield test_client


@pytest.fixture()
def writable_db(sample_db, tmp_path) -> str:
    return copy_db(sample_db, str(tmp_path / "copy.db"))


@contextlib.contextmanager
def serving(app):
    """uvicorn serving `app` on a free loopback port, in a thread; yields its base URL."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="warning",
                                           lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{server.config.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(sample_db, tmp_path_factory):
    """uvicorn serving a copy of the sample store on a free loopback port, in a thread."""
    from strife.serve import create_app

    db = copy_db(sample_db, str(tmp_path_factory.mktemp("live") / "live.db"))
    with serving(create_app(db, token=TOKEN)) as base:
        yield base


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory):
    """Debian's Chromium driven by Playwright (never `playwright install`: no internet here)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        warnings.warn("playwright is not installed: the browser tests are SKIPPED")
        pytest.skip("playwright not installed")
    if not os.path.exists(CHROMIUM):
        warnings.warn(f"{CHROMIUM} not found: the browser tests are SKIPPED (make test-deps installs chromium)")
        pytest.skip("chromium not installed")
    profile = tempfile.mkdtemp(prefix="strife-chromium-")
    manager = sync_playwright().start()
    try:
        context = manager.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True,
            viewport={"width": 1400, "height": 1000})
    except Exception as exc:  # a browser that cannot start is an environment problem, said loudly
        manager.stop()
        warnings.warn(f"Chromium could not start ({exc}): the browser tests are SKIPPED")
        pytest.skip(f"chromium could not start: {exc}")
    yield context
    context.close()
    manager.stop()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture()
def page(browser_context):
    page = browser_context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("dialog", lambda dialog: (page.errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    yield page
    page.close()


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture()
def screenshot(screenshot_dir):
    """Saves a full-page screenshot under the test's tmp dir and copies it to /tmp/strife-screens/."""
    def take(page, name: str) -> Path:
        path = screenshot_dir / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        try:
            SCREENSHOT_COPY_DIR.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, SCREENSHOT_COPY_DIR / path.name)
        except OSError:
            pass
        return path
    return take
