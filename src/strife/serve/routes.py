"""The REST API: thin routes over `strife.store.queries`, `strife.export` and `strife.api.ingest`."""
from __future__ import annotations

import datetime as dt
import hmac
import re
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, HTTPException, Path as PathParam, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import StringConstraints
from starlette.background import BackgroundTask

from strife.serve import models
from strife.store import Store, queries

router = APIRouter(prefix="/api")

CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2}$")]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
ActorName = Annotated[str, StringConstraints(min_length=1, max_length=200)]
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9:_.\-]{0,127}$"
BBOX = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$")
EXPORT_MAX = 1_000_000


def get_store(request: Request) -> Store:
    return request.app.state.store


StoreDep = Annotated[Store, Depends(get_store)]


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    match = BBOX.match(value)
    if not match:
        raise HTTPException(422, "bbox must be 'west,south,east,north' in degrees")
    west, south, east, north = (float(g) for g in match.groups())
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        raise HTTPException(422, "bbox out of range: longitudes within ±180, latitudes within ±90, south <= north")
    return west, south, east, north


def event_filter(
    actor: Annotated[list[ActorName], Query(description="Perpetrator (canonical name); repeat for several.")] = [],  # noqa: B006
    country: Annotated[list[CountryCode], Query(description="ISO 3166-1 alpha-2 code; repeat for several.")] = [],  # noqa: B006
    kind: Annotated[list[Slug], Query(description="Incident kind (attack, battle, airstrike, ...).")] = [],  # noqa: B006
    attack_type: Annotated[list[Slug], Query(description="Attack type (bombing, armed_assault, ...).")] = [],  # noqa: B006
    date_from: Annotated[dt.date | None, Query(description="First day, inclusive (YYYY-MM-DD).")] = None,
    date_to: Annotated[dt.date | None, Query(description="Last day, inclusive (YYYY-MM-DD).")] = None,
    bbox: Annotated[str | None, Query(max_length=100, description="west,south,east,north in degrees.")] = None,
    min_killed: Annotated[int | None, Query(ge=0, le=10_000_000, description="Best killed estimate at least.")] = None,
    q: Annotated[str | None, Query(min_length=1, max_length=200,
                                   description="Text in place, perpetrator or the evidence sentences.")] = None,
) -> queries.EventFilter:
    if date_from and date_to and date_from > date_to:
        raise HTTPException(422, "date_from is after date_to")
    return queries.EventFilter(
        actors=actor, countries=[c.upper() for c in country], kinds=kind, attack_types=attack_type,
        date_from=date_from.isoformat() if date_from else None, date_to=date_to.isoformat() if date_to else None,
        bbox=_bbox(bbox), min_killed=min_killed, text=q.strip() or None if q else None)


FilterDep = Annotated[queries.EventFilter, Depends(event_filter)]
SortParam = Annotated[Literal["date", "killed", "n_sources"], Query(description="Sort key.")]
OrderParam = Annotated[Literal["asc", "desc"], Query(description="Sort direction.")]


@router.get("/incidents", response_model=models.IncidentPage, tags=["incidents"])
def list_incidents(store: StoreDep, flt: FilterDep, sort: SortParam = "date", order: OrderParam = "desc",
                   limit: Annotated[int, Query(ge=1, le=500)] = 50,
                   offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0):
    """Incidents (resolved events) matching the filters, one page at a time, with the total."""
    total, rows = queries.list_events(store, flt, sort, order == "desc", limit, offset)
    return {"total": total, "limit": limit, "offset": offset, "items": rows}


@router.get("/incidents/map", response_model=models.MapPoints, tags=["incidents"])
def incident_points(store: StoreDep, flt: FilterDep, limit: Annotated[int, Query(ge=1, le=10_000)] = 3000):
    """Located incidents matching the filters for a map, deadliest first, capped at `limit`."""
    total, points = queries.event_points(store, flt, limit)
    return {"total": total, "shown": len(points), "points": points}


def _download(store: Store, flt: queries.EventFilter, fmt: str, sort: str, order: str, limit: int | None):
    from strife.export import write_events

    events = list(queries.iter_events_with_sources(store, flt, sort, order == "desc", limit))
    folder = Path(tempfile.mkdtemp(prefix="strife-export-"))
    out = folder / f"incidents.{fmt}"
    write_events(events, fmt, out)
    media = {"csv": "text/csv; charset=utf-8", "geojson": "application/geo+json"}[fmt]
    return FileResponse(out, media_type=media, filename=out.name,
                        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True))


ExportLimit = Annotated[int | None, Query(ge=1, le=EXPORT_MAX, description="At most this many incidents.")]


@router.get("/incidents.csv", tags=["downloads"], response_class=FileResponse,
            responses={200: {"content": {"text/csv": {}}}})
def incidents_csv(store: StoreDep, flt: FilterDep, sort: SortParam = "date", order: OrderParam = "asc",
                  limit: ExportLimit = None):
    """The filtered incidents as CSV, with the columns of `strife export --format csv`."""
    return _download(store, flt, "csv", sort, order, limit)


@router.get("/incidents.geojson", tags=["downloads"], response_class=FileResponse,
            responses={200: {"content": {"application/geo+json": {}}}})
def incidents_geojson(store: StoreDep, flt: FilterDep, sort: SortParam = "date", order: OrderParam = "asc",
                      limit: ExportLimit = None):
    """The filtered incidents as a GeoJSON FeatureCollection, as `strife export --format geojson`."""
    return _download(store, flt, "geojson", sort, order, limit)


@router.get("/incidents/{event_id}", response_model=models.IncidentDetail, tags=["incidents"],
            responses={404: {"model": models.Problem}})
def incident(store: StoreDep, event_id: Annotated[str, PathParam(pattern=ID_PATTERN)]):
    """One incident with its sources: each document's figures and the evidence sentences."""
    event = queries.get_event(store, event_id)
    if event is None:
        raise HTTPException(404, f"no incident {event_id!r}")
    return event


@router.get("/facets", response_model=models.Facets, tags=["incidents"])
def facets(store: StoreDep):
    """The values each filter can take, with counts, and the span of dates."""
    return queries.facets(store)


@router.get("/trends/monthly", response_model=list[models.MonthlyTrend], tags=["trends"])
def monthly(store: StoreDep, flt: FilterDep):
    """Incidents and killed (sum of best estimates) per month and kind, for the filtered view."""
    return queries.monthly_trends(store, flt)


@router.get("/indicators", response_model=models.IndicatorPage, tags=["indicators"])
def indicators(store: StoreDep, metric: Annotated[Slug | None, Query()] = None,
               subject: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
               limit: Annotated[int, Query(ge=1, le=500)] = 100,
               offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0):
    """Aggregate claims (fighters, territory, counts) with who said them and their evidence."""
    total, rows = queries.list_indicators(store, metric, subject, limit, offset)
    return {"total": total, "limit": limit, "offset": offset, "items": rows}


@router.get("/documents", response_model=models.DocumentPage, tags=["documents"])
def documents(store: StoreDep, q: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
              source: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
              limit: Annotated[int, Query(ge=1, le=500)] = 50,
              offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0):
    """Stored documents (without their text), optionally those containing `q` or from one outlet."""
    total, rows = queries.list_documents(store, q, source, limit, offset)
    return {"total": total, "limit": limit, "offset": offset, "items": rows}


@router.get("/documents/{doc_id}", response_model=models.Document, tags=["documents"],
            responses={404: {"model": models.Problem}})
def document(store: StoreDep, doc_id: Annotated[str, PathParam(pattern=ID_PATTERN)]):
    """One document with its text and every evidence span found in it."""
    doc = queries.get_document(store, doc_id)
    if doc is None:
        raise HTTPException(404, f"no document {doc_id!r}")
    return doc


@router.get("/summary", response_model=models.Counts, tags=["store"])
def summary(store: StoreDep):
    """How many documents, mentions, events, indicators the store holds."""
    return store.counts()


# ---- writes ----------------------------------------------------------------------------------
bearer = HTTPBearer(auto_error=False, description="STRIFE_TOKEN, as `Authorization: Bearer <token>`.")


def token_problem(configured: str | None, given: str | None) -> tuple[int, str] | None:
    """Why a write is refused, or None when it is allowed."""
    if not configured:
        return 403, "writes are disabled: start the server with --token or STRIFE_TOKEN"
    if not given or not hmac.compare_digest(given.encode(), configured.encode()):
        return 401, "a valid bearer token is required"
    return None


def require_writer(request: Request,
                   credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> None:
    problem = token_problem(request.app.state.token, credentials.credentials if credentials else None)
    if problem:
        raise HTTPException(problem[0], problem[1], headers={"WWW-Authenticate": "Bearer"} if problem[0] == 401 else None)


class BodyTooLarge(Exception):
    pass


def _limited(request: Request, limit: int) -> Request:
    """The same request, whose body stops being read past `limit` bytes."""
    received = 0
    receive = request.receive

    async def limited_receive():
        nonlocal received
        message = await receive()
        received += len(message.get("body", b""))
        if received > limit:
            raise BodyTooLarge()
        return message

    return Request(request.scope, limited_receive)


SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
INGEST_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object",
    "properties": {"file": {"type": "array", "items": {"type": "string", "format": "binary"},
                            "description": "Articles, feeds, JSONL or WARC files."},
                   "url": {"type": "array", "items": {"type": "string", "format": "uri"},
                           "description": "http(s) URLs of feeds or pages."}}}}}}}


@router.post("/ingest", response_model=models.IngestSummary, tags=["ingest"], dependencies=[Depends(require_writer)],
             openapi_extra=INGEST_BODY,
             responses={401: {"model": models.Problem}, 403: {"model": models.Problem},
                        413: {"model": models.Problem}, 422: {"model": models.Problem}})
async def ingest(request: Request):
    """Ingest uploaded files and/or URLs (multipart form fields `file` and `url`); returns the
    run summary. Needs the bearer token; the body is limited in size (413 past it)."""
    limit = request.app.state.max_upload_bytes
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"upload larger than {limit} bytes")
    folder = Path(tempfile.mkdtemp(prefix="strife-upload-"))
    try:
        try:
            form = await _limited(request, limit).form(max_files=50, max_fields=50)
        except BodyTooLarge:
            raise HTTPException(413, f"upload larger than {limit} bytes") from None
        paths: list[str] = []
        used: set[str] = set()
        for item in form.getlist("file"):
            if isinstance(item, str):
                raise HTTPException(422, "field 'file' must be a file upload")
            name = SAFE_NAME.sub("_", Path(item.filename or "upload.txt").name).strip("._")[:100] or "upload.txt"
            while name in used:
                name = "_" + name
            used.add(name)
            target = folder / name
            with target.open("wb") as fh:
                shutil.copyfileobj(item.file, fh)
            await item.close()
            paths.append(str(target))
        for url in form.getlist("url"):
            if not isinstance(url, str) or len(url) > 2000:
                raise HTTPException(422, "field 'url' must be a URL of at most 2000 characters")
            parts = urlsplit(url.strip())
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise HTTPException(422, "url must be an http(s) URL")
            paths.append(url.strip())
        if not paths:
            raise HTTPException(422, "send at least one 'file' or 'url' field")
        summary = await run_in_threadpool(_ingest, paths, request.app.state.db, request.app.state.ingest_lock)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    summary.errors = [e.replace(str(folder) + "/", "upload:") for e in summary.errors]
    return summary.__dict__


def _ingest(paths: list[str], db: str, lock: threading.Lock):
    from strife import api

    with lock:  # one ingest at a time: re-resolution rewrites the events table
        return api.ingest(paths, db)
