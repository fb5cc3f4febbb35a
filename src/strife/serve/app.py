"""Builds the web application: the REST API under /api and the offline page at /."""
from __future__ import annotations

import logging
import threading
from importlib import resources

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

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


def create_app(db: str, token: str | None = None, max_upload_bytes: int = MAX_UPLOAD_BYTES) -> FastAPI:
    """The application over the store `db` (SQLite path or PostgreSQL URL). Reading is open;
    ingesting needs `token` as a bearer token, and is refused (403) when no token is set."""
    store = Store(db)
    # no /docs or /redoc: both load their scripts from a CDN, and the page must work offline
    app = FastAPI(title="Strife", version="0.1.0", docs_url=None, redoc_url=None,
                  description="Sourced, geolocated, deduplicated conflict incidents extracted from news text.")
    app.state.store = store
    app.state.db = db
    app.state.token = token or None
    app.state.max_upload_bytes = max_upload_bytes
    app.state.ingest_lock = threading.Lock()
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
