"""The API keeps its contract. /openapi.json is a valid OpenAPI 3.1 document, and schemathesis,
generating requests from it (schema-valid and schema-violating, every operation, every check, a
fixed seed), finds no failure against the real app served by uvicorn on loopback: no 5xx, every
status and body as documented, nothing the schema admits refused, nothing it forbids accepted.

POST /api/ingest is exercised with the token. Its generated URLs are pointed at this machine (a
feed on 127.0.0.1, which the server is allowed to fetch, or 127.0.0.2, which it must refuse), and
the tripwire fails the run if anything tries to leave the machine anyway."""
from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
import schemathesis

from strife.ingest.fetch import FetchPolicy
from strife.serve import create_app
from strife.serve.routes import URL_CHARS
from tests.loopback import LoopbackSite, stay_on_this_machine
from tests.serve.conftest import TOKEN, copy_db, serving

SEED = 19
MAX_EXAMPLES = 30  # per operation and phase: the run stays well under a minute on a busy machine
CONFIG = schemathesis.Config.from_dict({
    "seed": SEED,
    "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none",
                   "with-security-parameters": False},
    # the token through the document's own security scheme, so schemathesis also sends requests without it
    "auth": {"openapi": {"HTTPBearer": {"bearer": TOKEN}}},
})


def _patch_schemathesis_prefix_items() -> None:
    """schemathesis 4.32.5 rewrites a response schema's `prefixItems` into the draft-7 tuple form
    (`items: [...]`) and then builds a Draft 2020-12 validator over it, which rejects the schema as
    invalid (the family of its issues #3842 and #4099; its request path already keeps `prefixItems`
    for OpenAPI 3.1). This keeps `prefixItems` for 3.1 responses too, so the map endpoint's tuples
    are validated as the document states them instead of the operation being reported unusable."""
    from schemathesis.specs.openapi.adapter import responses
    from schemathesis.specs.openapi.converter import to_json_schema

    if getattr(responses._build_prepared_schema, "_strife_patched", False):
        return

    def prepared(schema, resolver, nullable_keyword, *, upgrade_legacy_exclusive_bounds=False,
                 merge_ref_siblings=False):
        bundled = responses.bundle(schema, resolver, ref_siblings=merge_ref_siblings)
        converted = to_json_schema(bundled.schema, nullable_keyword, is_response_schema=True, update_quantifiers=False,
                                   clone=False, upgrade_legacy_exclusive_bounds=upgrade_legacy_exclusive_bounds,
                                   merge_ref_siblings=merge_ref_siblings,
                                   convert_prefix_items=not upgrade_legacy_exclusive_bounds)  # True for 3.1 only
        return responses.Bundle(schema=converted, name_to_uri=bundled.name_to_uri)

    prepared._strife_patched = True
    responses._build_prepared_schema = prepared


def _document() -> dict:
    """The document the app serves (it does not depend on the store; the test checks it is the served one)."""
    with tempfile.TemporaryDirectory(prefix="strife-openapi-") as folder:
        return create_app(str(Path(folder) / "schema.db")).openapi()


_patch_schemathesis_prefix_items()
DOCUMENT = _document()
schema = schemathesis.openapi.from_dict(DOCUMENT, config=CONFIG)


@pytest.fixture(scope="module")
def feed_site():
    with LoopbackSite() as site:
        yield site


@pytest.fixture(scope="module")
def contract_server(sample_db, feed_site, tmp_path_factory):
    """uvicorn serving a copy of the sample store (ingest writes to it), allowed to fetch 127.0.0.1 only."""
    db = copy_db(sample_db, str(tmp_path_factory.mktemp("contract") / "contract.db"))
    with serving(create_app(db, token=TOKEN, fetch_policy=FetchPolicy.parse(["127.0.0.1"], timeout_s=10))) as base:
        yield base


def _keep_urls_home(case, site: LoopbackSite) -> None:
    """Schema-valid forms carry URLs of hosts anywhere; send them to this machine, half to the
    allowed feed and half to a loopback address the server must refuse. A schema-violating form
    stays as generated: the server must reject it whole, before fetching anything (were it not to,
    the tripwire would stop the fetch and the run would fail)."""
    if case.meta is not None and case.meta.generation.mode is not schemathesis.GenerationMode.POSITIVE:
        return  # the server must refuse a schema-violating form before it fetches anything
    if not isinstance(case.body, dict) or not isinstance(case.body.get("url"), list):
        return
    home = (f"{site.base}/feed.xml", f"http://127.0.0.2:{site.port}/feed.xml")
    urls = case.body["url"]
    # in place: assigning a new body would make schemathesis re-judge it, and a body holding
    # binary parts can only be judged invalid
    for n in range(len(urls)):
        urls[n] = home[n % 2]


def test_the_served_document_is_the_one_tested(client):
    assert client.get("/openapi.json").json() == DOCUMENT


@schema.parametrize()
def test_every_operation_keeps_the_contract(case, contract_server, feed_site):
    _keep_urls_home(case, feed_site)
    with stay_on_this_machine():
        case.call_and_validate(base_url=contract_server)


def test_the_document_is_valid_openapi_3_1():
    from openapi_spec_validator import validate

    assert DOCUMENT["openapi"].startswith("3.1")
    validate(DOCUMENT)  # raises on any violation, schema objects included


def test_parameters_carry_their_formats():
    params = {p["name"]: p["schema"] for p in DOCUMENT["paths"]["/api/incidents"]["get"]["parameters"]}

    def branch(schema: dict) -> dict:  # the non-null side of an optional parameter
        return next((s for s in schema.get("anyOf", [schema]) if s.get("type") != "null"), schema)

    bbox = re.compile(branch(params["bbox"])["pattern"])
    for good in ("40,29,49,38", "-180,-90,180,90", "170.5,-10,-170.25,10.125", "0,0,0,0"):
        assert bbox.search(good), good
    for bad in ("0000", "1,2,3", "0,0,200,10", "0,-91,1,1", "a,b,c,d", "1,2,3,4,5", " 1,2,3,4", "1e2,0,0,0"):
        assert not bbox.search(bad), bad
    date = branch(params["date_from"])
    assert date["format"] == "date" and date["pattern"]
    assert params["limit"]["minimum"] == 1 and params["limit"]["maximum"] == 500
    assert set(params["sort"]["enum"]) == {"date", "killed", "n_sources"}
    assert branch(params["min_killed"])["minimum"] == 0
    assert branch(params["country"])["items"]["pattern"] == "^[A-Za-z]{2}$"
    point = DOCUMENT["components"]["schemas"]["MapPoints"]["properties"]["points"]["items"]
    assert [p.get("type") for p in point["prefixItems"][:4]] == ["string", "number", "number", "string"]
    assert point["minItems"] == point["maxItems"] == 7 and not isinstance(point.get("items"), list)


def test_every_error_has_one_documented_shape():
    """A 422 is FastAPI's list of validation errors; every other error is `{"detail": "..."}`;
    the 500 and 503 any operation can meet are declared on every operation."""
    problem, validation = "#/components/schemas/Problem", "#/components/schemas/HTTPValidationError"
    for path, methods in DOCUMENT["paths"].items():
        for method, operation in methods.items():
            responses = operation["responses"]
            assert {"500", "503"} <= set(responses), (method, path)
            for status, response in responses.items():
                if int(status) < 400:
                    continue
                ref = response["content"]["application/json"]["schema"]["$ref"]
                assert ref == (validation if status == "422" else problem), (method, path, status, ref)
    detail = DOCUMENT["components"]["schemas"]["HTTPValidationError"]["properties"]["detail"]
    assert detail["type"] == "array"
