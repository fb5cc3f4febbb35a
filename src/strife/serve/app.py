"""Builds the web application: the REST API under /api and the offline page at /."""
from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import tempfile
import threading
from importlib import resources
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from strife.ingest.fetch import FetchPolicy
from strife.serve.routes import router
from strife.store import Store, StoreError

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
TILE_HOST = "https://tile.openstreetmap.org"  # only fetched when a user turns the tile layer on
# The page is our own script and styles; source text is rendered as text, and this policy refuses
# inline scripts anyway, should any markup slip through.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'; "
       f"frame-ancestors 'none'; form-action 'self'; img-src 'self' data: {TILE_HOST}; connect-src 'self'")
log = logging.getLogger("strife.serve")


def static_dir():
    return resources.files("strife.serve").joinpath("static")


class IngestLock:
    """One ingest at a time on a store, across threads and across the worker processes of
    `strife serve --workers N`: an exclusive flock on a file named after the store."""

    def __init__(self, store_url: str):
        digest = hashlib.sha1(store_url.encode()).hexdigest()[:16]
        self.path = Path(tempfile.gettempdir()) / f"strife-ingest-{digest}.lock"
        self._handles = threading.local()  # flock is per open file: each holder opens its own

    def __enter__(self):
        handle = open(self.path, "a+b")  # noqa: SIM115 (released in __exit__)
        fcntl.flock(handle, fcntl.LOCK_EX)
        self._handles.current = handle
        return self

    def __exit__(self, *_exc):
        handle = self._handles.current
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def create_app(db: str, token: str | None = None, max_upload_bytes: int = MAX_UPLOAD_BYTES,
               fetch_policy: FetchPolicy | None = None) -> FastAPI:
    """The application over the store `db` (SQLite path or PostgreSQL URL). Reading is open;
    ingesting needs `token` as a bearer token, and is refused (403) when no token is set. URLs
    given to ingest are fetched under `fetch_policy` (default: public addresses only)."""
    store = Store(db)
    # no /docs or /redoc: both load their scripts from a CDN, and the page must work offline
    app = FastAPI(title="Strife", version="0.1.0", docs_url=None, redoc_url=None,
                  description="Sourced, geolocated, deduplicated conflict incidents extracted from news text.")
    app.state.store = store
    app.state.db = db
    app.state.token = token or None
    app.state.max_upload_bytes = max_upload_bytes
    app.state.ingest_lock = IngestLock(store.url)
    app.state.fetch_policy = fetch_policy or FetchPolicy()
    app.include_router(router)

    @app.exception_handler(StoreError)
    async def store_unavailable(_request: Request, exc: StoreError):
        log.error("store error: %s", exc)
        return JSONResponse({"detail": "the database is unavailable"}, status_code=503)

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError):
        # the default handler echoes the input back; say where and what, not the value
        errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "invalid"), "type": e.get("type", "")}
                  for e in exc.errors()]
        return JSONResponse({"detail": errors}, status_code=422)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
        return JSONResponse({"detail": "internal server error"}, status_code=500)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    static = static_dir()
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    @app.get("/", include_in_schema=False)
    def index():
        return FileResponse(str(static.joinpath("index.html")), media_type="text/html; charset=utf-8")

    return app


ENV_DB, ENV_TOKEN, ENV_FETCH_ALLOW = "STRIFE_DB", "STRIFE_TOKEN", "STRIFE_FETCH_ALLOW"


def app_from_environment() -> FastAPI:
    """The application each worker process of `strife serve --workers N` builds (uvicorn imports
    it by name in every worker): the store, token and fetch allowances come from the environment
    the parent process set."""
    allow = os.environ.get(ENV_FETCH_ALLOW)
    return create_app(os.environ[ENV_DB], os.environ.get(ENV_TOKEN) or None,
                      fetch_policy=FetchPolicy.parse([allow] if allow else []))
