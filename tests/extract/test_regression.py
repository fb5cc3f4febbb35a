"""Golden-record regression suite: each record in regression_records.yaml is one test.

A record passes when every expected incident is matched one-to-one by a predicted incident of
the same kind whose listed fields all agree, and nothing else was predicted (extras are allowed
only in the multi_incident category). Records that fail today are listed with their reason in
regression_known_failures.txt and run as strict xfails: the suite stays green, and a record that
starts passing turns the suite red until its id is removed from the list (the ratchet).

Regenerate the list after an extractor change with
    .venv/bin/python -m tests.extract.test_regression --write-known-failures
"""
from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
import yaml

HERE = Path(__file__).parent
RECORDS_PATH = HERE / "regression_records.yaml"
KNOWN_FAILURES_PATH = HERE / "regression_known_failures.txt"

CATEGORIES = (
    "casualties", "attackers", "agency_explicit", "agency_claimed", "agency_hedged", "agency_unknown",
    "anaphora", "kinds", "territory", "not_incident", "multi_sentence", "multi_incident",
    "lowercase_wire", "dates",
)
KINDS = {"attack", "battle", "airstrike", "raid", "arrest", "leader_killed", "execution", "territory_change"}
ATTACK_TYPES = {"bombing", "suicide_bombing", "vehicle_bomb", "armed_assault", "chemical", "drone", "hostage",
                "assassination", "aircraft_downing"}
RANGE_FIELDS = {"killed": "killed", "wounded": "wounded", "attackers_killed": "attackers_killed"}
EXPECT_FIELDS = {"kind", "attack_type", "place", "country", "perpetrator", "loser", "claimed", "date",
                 *RANGE_FIELDS}
EXTRAS_ALLOWED = {"multi_incident"}
MIN_RECORDS, MIN_PER_CATEGORY = 170, 12


def load_records(path: Path = RECORDS_PATH) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)["records"]


def load_known_failures(path: Path = KNOWN_FAILURES_PATH) -> dict[str, str]:
    """`id  # reason` per line; blank lines and lines starting with # are ignored."""
    known: dict[str, str] = {}
    if not path.exists():
        return known
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        record_id, _, reason = line.partition("#")
        known[record_id.strip()] = reason.strip() or "known failure"
    return known


# --- matching -----------------------------------------------------------------------------------

def _normalise_place(name: str) -> str:
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    name = re.sub(r"\b(?:the|al)[\s\-]+", "", name)
    return re.sub(r"[\s\-']+", " ", name).strip()


def _field_mismatch(field: str, want, mention) -> str | None:
    """None when the predicted mention agrees with the expected value of `field`, else why not."""
    if field in RANGE_FIELDS:
        prefix = RANGE_FIELDS[field]
        got = [getattr(mention, f"{prefix}_min"), getattr(mention, f"{prefix}_max")]
        return None if got == list(want) else f"{field} want {list(want)} got {got}"
    if field == "place":
        if mention.place is None:
            return f"place want {want!r}, no place"
        got = mention.place.name
        if got and want:
            a, b = _normalise_place(got), _normalise_place(want)
            if a and b and (a in b or b in a):
                return None
        return f"place want {want!r} got {got!r}"
    if field == "country":
        if mention.place is None:
            return f"country want {want}, no place"
        got = mention.place.country
        return None if got == want else f"country want {want} got {got} (place {mention.place.name!r})"
    if field == "date":
        got = mention.date
        return None if got and got.startswith(str(want)) else f"date want {want} got {got}"
    got = getattr(mention, field)
    return None if got == want else f"{field} want {want!r} got {got!r}"


def _mismatches(expected: dict, mention) -> list[str]:
    if mention.kind != expected["kind"]:
        return [f"kind want {expected['kind']} got {mention.kind}"]
    return [m for f, v in expected.items() if f != "kind" and (m := _field_mismatch(f, v, mention))]


def _describe(mention) -> str:
    parts = [mention.kind]
    if mention.attack_type:
        parts.append(mention.attack_type)
    if mention.killed_min is not None or mention.killed_max is not None:
        parts.append(f"k={mention.killed_min}..{mention.killed_max}")
    if mention.perpetrator:
        parts.append(f"by {mention.perpetrator}")
    if mention.place:
        parts.append(f"@{mention.place.name}")
    return "(" + " ".join(parts) + ")"


def _maximum_matching(ok: list[list[bool]], n_predicted: int) -> dict[int, int]:
    """Expected index → predicted index, maximal one-to-one over the `ok` compatibility table."""
    owner: dict[int, int] = {}

    def augment(e: int, seen: set[int]) -> bool:
        for p in range(n_predicted):
            if ok[e][p] and p not in seen:
                seen.add(p)
                if p not in owner or augment(owner[p], seen):
                    owner[p] = e
                    return True
        return False

    for e in range(len(ok)):
        augment(e, set())
    return {e: p for p, e in owner.items()}


def check_record(record: dict, mentions: list) -> list[str]:
    """The reasons a record fails against the predicted mentions; empty when it passes."""
    expected = record["expect"] or []
    if not expected:
        return [f"expected no incident, got {', '.join(_describe(m) for m in mentions)}"] if mentions else []
    table = [[not _mismatches(e, m) for m in mentions] for e in expected]
    matched = _maximum_matching(table, len(mentions))
    problems = []
    for i, want in enumerate(expected):
        if i in matched:
            continue
        taken = set(matched.values())
        same_kind = [m for j, m in enumerate(mentions) if m.kind == want["kind"] and j not in taken]
        if not same_kind:
            got = ", ".join(_describe(m) for j, m in enumerate(mentions) if j not in taken) or "nothing"
            problems.append(f"#{i + 1} {want['kind']}: none predicted (unmatched predictions: {got})")
            continue
        best = min((_mismatches(want, m) for m in same_kind), key=len)
        problems.append(f"#{i + 1} {want['kind']}: " + "; ".join(best))
    if record["category"] not in EXTRAS_ALLOWED:
        extras = [m for j, m in enumerate(mentions) if j not in matched.values()]
        if extras and not problems:
            problems.append("extra " + ", ".join(_describe(m) for m in extras))
        elif len(mentions) > len(expected):
            problems.append(f"{len(mentions)} predicted for {len(expected)} expected")
    return problems


# --- extraction ---------------------------------------------------------------------------------

def extract_records(records: list[dict]) -> dict[str, list]:
    """Record id → predicted incident mentions; all records in one batch (spaCy loads once)."""
    from strife.extract import extract_documents
    from strife.ingest import make_document

    docs = [make_document(r["text"], path=r["id"], name=r["id"], pub_date=r.get("pub_date")) for r in records]
    return {x.document.name: x.incidents for x in extract_documents(docs)}


RECORDS = load_records()
KNOWN_FAILURES = load_known_failures()


def _params():
    for record in RECORDS:
        marks = []
        if record["id"] in KNOWN_FAILURES:
            marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[record["id"]]))
        yield pytest.param(record, id=record["id"], marks=marks)


@pytest.fixture(scope="module")
def predicted() -> dict[str, list]:
    return extract_records(RECORDS)


@pytest.mark.parametrize("record", list(_params()))
def test_record(record, predicted, record_property):
    problems = check_record(record, predicted[record["id"]])
    # read by pytest_terminal_summary in conftest.py for the per-category table
    record_property("regression_category", record["category"])
    record_property("regression_matched", not problems)
    assert not problems, f"{record['id']}: " + " | ".join(problems)


def test_records_file_is_well_formed():
    ids = [r["id"] for r in RECORDS]
    assert len(RECORDS) >= MIN_RECORDS, f"{len(RECORDS)} records, want at least {MIN_RECORDS}"
    duplicated = [i for i, n in Counter(ids).items() if n > 1]
    assert not duplicated, f"duplicate ids: {duplicated}"
    per_category = Counter(r["category"] for r in RECORDS)
    assert set(per_category) <= set(CATEGORIES), f"unknown categories: {set(per_category) - set(CATEGORIES)}"
    thin = {c: per_category[c] for c in CATEGORIES if per_category[c] < MIN_PER_CATEGORY}
    assert not thin, f"categories with fewer than {MIN_PER_CATEGORY} records: {thin}"
    for record in RECORDS:
        rid = record["id"]
        assert isinstance(record.get("text"), str) and record["text"].strip(), f"{rid}: no text"
        assert isinstance(record.get("expect"), list), f"{rid}: expect must be a list ([] = no incident)"
        for want in record["expect"]:
            assert want.get("kind") in KINDS, f"{rid}: invalid kind {want.get('kind')!r}"
            assert set(want) <= EXPECT_FIELDS, f"{rid}: unknown fields {set(want) - EXPECT_FIELDS}"
            assert want.get("attack_type") in ATTACK_TYPES | {None}, f"{rid}: attack_type {want['attack_type']!r}"
            for field in RANGE_FIELDS:
                if field in want:
                    value = want[field]
                    assert isinstance(value, list) and len(value) == 2, f"{rid}: {field} must be [min, max]"
    stale = set(KNOWN_FAILURES) - set(ids)
    assert not stale, f"regression_known_failures.txt names unknown records: {sorted(stale)}"


def test_actor_names_are_canonical():
    """Expected perpetrators and losers must be canonical names of the actor lexicon, or the state a
    state's forces belong to (an arrest is the arresting state's act)."""
    import strife

    lexicon = yaml.safe_load((Path(strife.__file__).parent / "data" / "actors.yaml").read_text(encoding="utf-8"))
    canonical = {actor["name"] for actor in lexicon["actors"]}
    canonical |= {actor["state"] for actor in lexicon["actors"] if actor.get("state")}
    unknown = {(r["id"], w[f]) for r in RECORDS for w in r["expect"] for f in ("perpetrator", "loser")
               if w.get(f) is not None and w[f] not in canonical}
    assert not unknown, f"not canonical actor names: {sorted(unknown)}"


def write_known_failures(path: Path = KNOWN_FAILURES_PATH) -> int:
    """Run every record and write the ids that fail, each with its mismatch, to `path`."""
    predicted_by_id = extract_records(RECORDS)
    lines = ["# Records of regression_records.yaml that the extractor fails today, one id per line with the",
             "# mismatch after '#'. test_regression.py runs these as strict xfails: fix the extractor, then delete",
             "# the line (a listed record that passes fails the suite). Regenerate with",
             "#   .venv/bin/python -m tests.extract.test_regression --write-known-failures"]
    failing = 0
    for record in RECORDS:
        problems = check_record(record, predicted_by_id[record["id"]])
        if problems:
            failing += 1
            reason = " | ".join(problems).replace("\n", " ")
            lines.append(f"{record['id']}  # {reason}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return failing


if __name__ == "__main__":
    if sys.argv[1:] != ["--write-known-failures"]:
        sys.exit("usage: python -m tests.extract.test_regression --write-known-failures")
    n = write_known_failures()
    print(f"{n} of {len(RECORDS)} records fail; written to {KNOWN_FAILURES_PATH}")
