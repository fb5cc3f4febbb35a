"""Export: the per-document JSONL of the evaluation contract, and event tables for analysts'
tools (JSONL, CSV, GeoJSON, Parquet)."""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path

from strife.export.crosswalk import CODE_KEYS, acled_time_precision, codes_for
from strife.extract.incidents.fillers import one_name_each
from strife.records import Extraction, IncidentMention, Indicator
from strife.resolve import date_range, single_date

FORMATS = ("jsonl", "csv", "geojson", "parquet")
# ACLED's geo_precision from UCDP's where_prec: 1 town, 2 near a town / district, 3 province or wider
ACLED_GEO_PRECISION = {1: 1, 2: 2, 3: 2, 4: 3, 5: 3, 6: 3, 7: 3}


def _period(iso: str | None) -> dict:
    rng = date_range(iso)
    return {"date": single_date(iso), "date_start": rng[0].isoformat() if rng else None,
            "date_end": rng[1].isoformat() if rng else None}


def _one_or_all(surfaces: list[str | None]) -> str | list[str] | None:
    """A role's surface text: the one string, or every one when the report names several (the
    evaluation contract takes a string, a list of strings or null)."""
    seen: dict[str, str] = {}
    for s in surfaces:
        if s and s.lower() not in seen:
            seen[s.lower()] = s
    values = list(seen.values())
    return values[0] if len(values) == 1 else (values or None)


def _people(m: IncidentMention) -> list[str | None]:
    return [m.perpetrator_text, *m.individual_perpetrators]


def incident_record(m: IncidentMention, people: dict[str, str] | None = None,
                    things: dict[str, str] | None = None, arms: dict[str, str] | None = None) -> dict:
    """One incident of the evaluation contract. `people`, `things` and `arms` give each perpetrator,
    target and weapon phrase the one name its document keeps for what it names (`one_name_each`), so
    that two incidents of a report do not name one body of people two ways; by default, the
    incident's own."""
    p = m.place
    people = people if people is not None else one_name_each(_people(m), shortest=True)
    things = things if things is not None else one_name_each(list(m.target_texts), shortest=False)
    arms = arms if arms is not None else one_name_each(list(m.weapon_texts), shortest=False)
    return {
        "id": m.id, "kind": m.kind, "attack_type": m.attack_type, **_period(m.date), "date_precision": m.date_precision,
        "date_from_context": m.date_from_context,
        "place": p.name if p else None, "country": p.country if p else None, "lat": p.lat if p else None,
        "lon": p.lon if p else None, "geonameid": p.geonameid if p else None, "where_prec": p.precision if p else None,
        "perpetrator": m.perpetrator,
        "perpetrator_text": _one_or_all([people[x] for x in _people(m) if x in people]),
        "attribution": m.attribution, "claimed": m.claimed, "target": m.target,
        # the fillers' targets, vetted (no time, weapon, unit or area), not the first object of a trigger
        "target_text": _one_or_all([things[x] for x in m.target_texts if x in things]),
        # the people named as hit; who was hit as the text describes them ("three policemen") apart
        "victims_text": _one_or_all(list(m.victim_names)), "victims_description": m.victims_text,
        # every instrument named, not the deed ("the explosion" gives the weapon class, not a weapon)
        "weapon": m.weapon, "weapon_text": _one_or_all([arms[x] for x in m.weapon_texts if x in arms]),
        "killed_min": m.killed_min, "killed_max": m.killed_max,
        "wounded_min": m.wounded_min, "wounded_max": m.wounded_max,
        "attackers_killed_min": m.attackers_killed_min, "attackers_killed_max": m.attackers_killed_max, "loser": m.loser, "cluster_id": m.cluster_id,
        "evidence": [{"start": e.start, "end": e.end, "text": e.text} for e in m.evidence],
        # the winner's actor type is not on the mention, so a territory change gets no ACLED sub-event type
        **codes_for(m.kind, m.attack_type, winner_type=None),
    }


def indicator_record(i: Indicator) -> dict:
    return {"id": i.id, "metric": i.metric, "subject": i.subject, "region": i.region, "period": i.period,
            "low": i.low, "high": i.high, "unit": i.unit, "source": i.source,
            "evidence": [{"start": e.start, "end": e.end, "text": e.text} for e in i.evidence]}


def document_record(ex: Extraction, syndicated_of: str | None = None) -> dict:
    """One line of the evaluation contract: doc_id is the file name (without extension)."""
    d = ex.document
    people = one_name_each([x for m in ex.incidents for x in _people(m)], shortest=True)
    things = one_name_each([x for m in ex.incidents for x in m.target_texts], shortest=False)
    arms = one_name_each([x for m in ex.incidents for x in m.weapon_texts], shortest=False)
    return {"doc_id": d.name, "id": d.name, "content_id": d.id, "path": d.path, "title": d.title, "url": d.url, "source": d.source,
            # an undated document keeps a null date, says "undated" as its source, and the window its text allows
            "pub_date": ex.pub_date, "pub_date_source": ex.pub_date_source or "undated",
            "pub_date_earliest": ex.pub_date_earliest, "pub_date_latest": ex.pub_date_latest,
            "syndicated_of": syndicated_of,
            "incidents": [incident_record(m, people, things, arms) for m in ex.incidents],
            "indicators": [indicator_record(i) for i in ex.indicators]}


EVENT_COLUMNS = ["event_id", "kind", "attack_type", "date", "date_start", "date_end", "date_precision", "time_precision", "place", "country",
                 "lat", "lon", "where_prec", "geo_precision", "perpetrator", "claimed", "killed_low", "killed_best",
                 "killed_high", "fatalities", "wounded_low", "wounded_best", "wounded_high", "n_sources", "n_mentions",
                 "sources", *CODE_KEYS]


def event_rows(events: Iterable[dict]) -> list[dict]:
    """Flat rows; `fatalities` is ACLED's conservative figure (the lowest any source gives), `time_precision` and
    `geo_precision` ACLED's precision codes, and the crosswalk columns the incident's ACLED, GTD, CAMEO and PLOVER codes
    (docs/crosswalk.md)."""
    rows = []
    for e in events:
        rows.append({
            "event_id": e["id"], "kind": e["kind"], "attack_type": e["attack_type"], **_period(e["date"]),
            "date_precision": e["date_precision"], "time_precision": acled_time_precision(e["date_precision"]),
            "place": e["place_name"], "country": e["country"],
            "lat": e["lat"], "lon": e["lon"], "where_prec": e["where_prec"],
            "geo_precision": ACLED_GEO_PRECISION.get(e["where_prec"]) if e["where_prec"] else None,
            "perpetrator": e["perpetrator"], "claimed": None if e["claimed"] is None else bool(e["claimed"]),
            "killed_low": e["killed_low"], "killed_best": e["killed_best"], "killed_high": e["killed_high"],
            "fatalities": e["killed_low"] if e["killed_low"] is not None else 0,
            "wounded_low": e["wounded_low"], "wounded_best": e["wounded_best"], "wounded_high": e["wounded_high"],
            "n_sources": e["n_sources"], "n_mentions": e["n_mentions"],
            "sources": ";".join(sorted({s["name"] or s["doc_id"] for s in e.get("sources", [])})),
            **codes_for(e["kind"], e["attack_type"], winner_type=None),  # an event does not record the winner's type
        })
    return rows


def write_events(events: list[dict], fmt: str, out: Path) -> int:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    rows = event_rows(events)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        with out.open("w", encoding="utf-8") as fh:
            for row, e in zip(rows, events):
                fh.write(json.dumps({**row, "sources": e.get("sources", [])}, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        with out.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=EVENT_COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
    elif fmt == "geojson":
        features = [{"type": "Feature", "id": r["event_id"],
                     "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]} if r["lat"] is not None else None,
                     "properties": r} for r in rows]
        out.write_text(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False), encoding="utf-8")
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pylist(rows, schema=_parquet_schema(pa))
        pq.write_table(table, out)
    return len(rows)


def _parquet_schema(pa):
    types = {"lat": pa.float64(), "lon": pa.float64(), "claimed": pa.bool_()}
    ints = {"date_precision", "time_precision", "where_prec", "geo_precision", "killed_low", "killed_best",
            "killed_high", "fatalities", "wounded_low", "wounded_best", "wounded_high", "n_sources", "n_mentions",
            "gtd_attacktype"}
    return pa.schema([(c, types.get(c, pa.int64() if c in ints else pa.string())) for c in EVENT_COLUMNS])
