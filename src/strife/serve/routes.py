"""The REST API: thin routes over `strife.store.queries`, `strife.export` and `strife.api.ingest`."""
from __future__ import annotations

import calendar
import hmac
import re
import shutil
import tempfile
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Path as PathParam, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import AfterValidator, Field, StringConstraints
from starlette.background import BackgroundTask

from strife.serve import models
from strife.store import Store, queries

# Errors a client can meet on any operation, in the one shape they all have (`{"detail": "..."}`);
# a 422 is FastAPI's list of validation errors (`{"detail": [{"loc", "msg", "type"}]}`).
router = APIRouter(prefix="/api", responses={
    500: {"model": models.Problem, "description": "Internal error (logged; no details are returned)."},
    503: {"model": models.Problem, "description": "The database is unavailable."}})

CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2}$")]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
ActorName = Annotated[str, StringConstraints(min_length=1, max_length=200)]
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9:_.\-]{0,127}$"
EVENT_ID_PATTERN = r"^ev-[A-Za-z0-9:_.\-]{1,124}$"  # what strife.resolve makes; never "map", a sibling route
# Four numbers in range, so the schema itself says what a box is: a client that follows it never
# meets a 422. (A box whose south is above its north is empty, as an empty date range is.)
_LON = r"-?(?:180(?:\.0+)?|(?:1[0-7][0-9]|[1-9]?[0-9])(?:\.[0-9]+)?)"
_LAT = r"-?(?:90(?:\.0+)?|[1-8]?[0-9](?:\.[0-9]+)?)"
BBOX_PATTERN = f"^{_LON},{_LAT},{_LON},{_LAT}$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
EXPORT_MAX = 1_000_000


def _calendar_date(value: str) -> str:
    """A YYYY-MM-DD that is a day of the (proleptic Gregorian) calendar, as RFC 3339's full-date
    says, year 0000 included. Dates are compared as ISO strings in the store, so it stays a string."""
    year, month, day = int(value[:4]), int(value[5:7]), int(value[8:10])
    leap_day = month == 2 and calendar.isleap(year)
    if not 1 <= month <= 12 or not 1 <= day <= DAYS_IN_MONTH[month - 1] + leap_day:
        raise ValueError("not a calendar date (YYYY-MM-DD)")
    return value


# A string with the format the schema names, not whatever pydantic could turn into a date ("0" is 1970-01-01)
IsoDate = Annotated[str, Field(pattern=DATE_PATTERN, json_schema_extra={"format": "date"}), AfterValidator(_calendar_date)]


def get_store(request: Request) -> Store:
    return request.app.state.store


StoreDep = Annotated[Store, Depends(get_store)]


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """The box FastAPI has already checked against BBOX_PATTERN, as numbers."""
    if value is None:
        return None
    west, south, east, north = (float(part) for part in value.split(","))
    return west, south, east, north


def event_filter(
    actor: Annotated[list[ActorName], Query(description="Perpetrator (canonical name); repeat for several.")] = [],  # noqa: B006
    country: Annotated[list[CountryCode], Query(description="ISO 3166-1 alpha-2 code; repeat for several.")] = [],  # noqa: B006
    kind: Annotated[list[Slug], Query(description="Incident kind (attack, battle, airstrike, ...).")] = [],  # noqa: B006
    attack_type: Annotated[list[Slug], Query(description="Attack type (bombing, armed_assault, ...).")] = [],  # noqa: B006
    date_from: Annotated[IsoDate | None, Query(description="First day, inclusive (YYYY-MM-DD).")] = None,
    date_to: Annotated[IsoDate | None, Query(
        description="Last day, inclusive (YYYY-MM-DD). Before date_from, the range is empty.")] = None,
    bbox: Annotated[str | None, Query(max_length=100, pattern=BBOX_PATTERN, description=(
        "west,south,east,north in decimal degrees (longitudes within ±180, latitudes within ±90). "
        "west > east crosses the antimeridian; south > north is an empty box."))] = None,
    min_killed: Annotated[int | None, Query(ge=0, le=10_000_000, description="Best killed estimate at least.")] = None,
    q: Annotated[str | None, Query(min_length=1, max_length=200,
                                   description="Text in place, perpetrator or the evidence sentences.")] = None,
) -> queries.EventFilter:
    return queries.EventFilter(
        actors=actor, countries=[c.upper() for c in country], kinds=kind, attack_types=attack_type,
        date_from=date_from, date_to=date_to,
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
def incident(store: StoreDep, event_id: Annotated[str, PathParam(pattern=EVENT_ID_PATTERN)]):
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
MAX_FORM_ITEMS = 20  # files, and URLs, per request
MAX_URL_CHARS = 2000
URL_CHARS = r"https?://[!-~]+"  # printable ASCII after the scheme; where it leads is the fetch policy's call
INGEST_FIELDS = ("file", "url")
# The body is optional and an empty form is valid: in a form, an empty list, an empty form and no
# body at all look the same on the wire, so the schema cannot tell them apart, and neither does the server.
INGEST_BODY = {"requestBody": {"required": False, "content": {"multipart/form-data": {"schema": {
    "type": "object",
    "properties": {
        "file": {"type": "array", "maxItems": MAX_FORM_ITEMS,
                 "items": {"type": "string", "format": "binary"},
                 "description": "Articles, feeds, JSON(L) or WARC files (the file name's extension says which)."},
        "url": {"type": "array", "maxItems": MAX_FORM_ITEMS,
                "items": {"type": "string", "pattern": f"^{URL_CHARS}$", "maxLength": MAX_URL_CHARS},
                "description": "http(s) URLs of feeds or pages. Only public addresses are fetched unless the "
                               "server allows more (--allow-fetch); a refused or failed fetch is listed in `errors`."}},
    "additionalProperties": False}}}}}


def _invalid(loc: tuple, msg: str, kind: str = "value_error") -> RequestValidationError:
    """A 422 in the shape every other validation error has."""
    return RequestValidationError([{"loc": ("body", *loc), "msg": msg, "type": kind}])


@router.post("/ingest", response_model=models.IngestSummary, tags=["ingest"], dependencies=[Depends(require_writer)],
             openapi_extra=INGEST_BODY,
             responses={400: {"model": models.Problem, "description": "The body is not a readable form."},
                        401: {"model": models.Problem, "description": "No valid bearer token."},
                        403: {"model": models.Problem, "description": "Writes are disabled on this server."},
                        413: {"model": models.Problem, "description": "The body is larger than the server takes."},
                        422: {"description": "Validation Error", "content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/HTTPValidationError"}}}}})
async def ingest(request: Request):
    """Ingest uploaded files and/or URLs (multipart form fields `file` and `url`); returns the
    run summary, with one line in `errors` for each input that could not be read or fetched.
    An empty form ingests nothing.
    Needs the bearer token; the body is limited in size (413 past it)."""
    limit = request.app.state.max_upload_bytes
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"upload larger than {limit} bytes")
    folder = Path(tempfile.mkdtemp(prefix="strife-upload-"))
    try:
        try:
            form = await _limited(request, limit).form(max_files=3 * MAX_FORM_ITEMS, max_fields=3 * MAX_FORM_ITEMS)
        except BodyTooLarge:
            raise HTTPException(413, f"upload larger than {limit} bytes") from None
        for field in form:
            if field not in INGEST_FIELDS:
                raise _invalid((field,), "unknown field: send 'file' and/or 'url'", "extra_forbidden")
        files, urls = form.getlist("file"), form.getlist("url")
        for field, values in (("file", files), ("url", urls)):
            if len(values) > MAX_FORM_ITEMS:
                raise _invalid((field,), f"at most {MAX_FORM_ITEMS} items", "too_long")
        for n, url in enumerate(urls):
            if not isinstance(url, str) or len(url) > MAX_URL_CHARS or not re.fullmatch(URL_CHARS, url):
                raise _invalid(("url", n), f"must be an http(s) URL of at most {MAX_URL_CHARS} printable characters")
        paths: list[str] = []
        used: set[str] = set()
        for n, item in enumerate(files):
            if isinstance(item, str):
                raise _invalid(("file", n), "must be a file upload", "file_type")
            name = SAFE_NAME.sub("_", Path(item.filename or "upload.txt").name).strip("._")[:100] or "upload.txt"
            while name in used:
                name = "_" + name
            used.add(name)
            target = folder / name
            with target.open("wb") as fh:
                shutil.copyfileobj(item.file, fh)
            await item.close()
            paths.append(str(target))
        paths.extend(urls)
        if not paths:
            return models.IngestSummary(documents=0, skipped_duplicates=0, syndicated=0, incidents=0, indicators=0,
                                        events=0, errors=[])
        summary = await run_in_threadpool(_ingest, paths, request.app.state.db, request.app.state.ingest_lock,
                                          request.app.state.fetch_policy)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    summary.errors = [e.replace(str(folder) + "/", "upload:") for e in summary.errors]
    return summary.__dict__


def _ingest(paths: list[str], db: str, lock, fetch_policy):
    from strife import api

    with lock:  # one ingest at a time, across worker processes: re-resolution rewrites the events table
        return api.ingest(paths, db, fetch_policy=fetch_policy)
