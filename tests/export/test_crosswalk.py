"""The crosswalk to ACLED, GTD, CAMEO and PLOVER codes, and the export columns it feeds."""
import csv

import pyarrow.parquet as pq
import pytest

from strife.export import EVENT_COLUMNS, incident_record, write_events
from strife.export.crosswalk import CODE_KEYS, acled_time_precision, codes_for, crosswalk
from strife.ingest import make_document
from strife.records import Evidence, Extraction, IncidentMention, Place
from strife.resolve import resolve
from strife.store import Store

VOCAB = crosswalk()["vocabularies"]
KINDS = crosswalk()["kinds"]
COMBINATIONS = [(kind, None) for kind in KINDS] + \
    [(kind, attack_type) for kind, entry in KINDS.items() for attack_type in entry.get("attack_types") or {}]


def _assert_valid(codes: dict) -> None:
    assert tuple(codes) == CODE_KEYS
    event_type, sub_event_type = codes["acled_event_type"], codes["acled_sub_event_type"]
    assert event_type in VOCAB["acled"]
    assert sub_event_type is None or sub_event_type in VOCAB["acled"][event_type]
    gtd = codes["gtd_attacktype"]
    assert gtd is None or (isinstance(gtd, int) and codes["gtd_attacktype_txt"] == VOCAB["gtd_attacktype"][gtd])
    assert gtd is not None or codes["gtd_attacktype_txt"] is None
    assert codes["cameo_code"] is None or codes["cameo_code"] in VOCAB["cameo"]
    assert codes["plover_event_type"] is None or codes["plover_event_type"] in VOCAB["plover"]
    if codes["plover_mode"] is not None:
        assert codes["plover_mode"] in VOCAB["plover"][codes["plover_event_type"]]


@pytest.mark.parametrize("kind,attack_type", COMBINATIONS)
def test_every_combination_gives_valid_codes(kind, attack_type):
    _assert_valid(codes_for(kind, attack_type))
    for winner_type in ("state", "non_state"):
        _assert_valid(codes_for(kind, attack_type, winner_type=winner_type))


def test_every_kind_strife_extracts_is_in_the_crosswalk():
    assert {"attack", "battle", "airstrike", "raid", "arrest", "leader_killed", "execution", "territory_change",
            "desertion", "other"} <= set(KINDS)
    assert {"bombing", "suicide_bombing", "vehicle_bomb", "armed_assault", "chemical", "drone", "hostage",
            "assassination", "aircraft_downing"} <= set(KINDS["attack"]["attack_types"])


def test_bombings():
    bombing = codes_for("attack", "bombing")
    assert (bombing["acled_event_type"], bombing["acled_sub_event_type"]) == \
        ("Explosions/Remote violence", "Remote explosive/landmine/IED")
    assert (bombing["gtd_attacktype"], bombing["gtd_attacktype_txt"]) == (3, "Bombing/Explosion")
    assert bombing["cameo_code"] == "183"
    assert (bombing["plover_event_type"], bombing["plover_mode"]) == ("ASSAULT", "explosives")
    suicide = codes_for("attack", "suicide_bombing")
    assert suicide["acled_sub_event_type"] == "Suicide bomb" and suicide["cameo_code"] == "1831"
    assert suicide["plover_mode"] == "suicide-attack" and suicide["gtd_attacktype"] == 3
    # a car bomb is coded as the parked, remotely detonated kind: Strife does not split out suicide ones
    car = codes_for("attack", "vehicle_bomb")
    assert car["acled_sub_event_type"] == "Remote explosive/landmine/IED" and car["cameo_code"] == "1832"
    assert car["gtd_attacktype"] == 3


def test_one_sided_violence():
    hostage = codes_for("attack", "hostage")
    assert hostage["gtd_attacktype"] == 6 and hostage["gtd_attacktype_txt"] == "Hostage Taking (Kidnapping)"
    assert (hostage["acled_event_type"], hostage["acled_sub_event_type"]) == \
        ("Violence against civilians", "Abduction/forced disappearance")
    assert codes_for("attack", "assassination")["gtd_attacktype"] == 1
    assert codes_for("attack", "armed_assault")["gtd_attacktype"] == 2
    chemical = codes_for("attack", "chemical")
    assert chemical["acled_sub_event_type"] == "Chemical weapon" and chemical["gtd_attacktype"] == 8
    assert chemical["cameo_code"] == "2041"
    assert codes_for("attack", None)["gtd_attacktype_txt"] == "Unknown"


def test_state_actions_are_outside_gtd():
    arrest = codes_for("arrest", None)
    assert (arrest["acled_event_type"], arrest["acled_sub_event_type"]) == ("Strategic developments", "Arrests")
    assert arrest["gtd_attacktype"] is None and arrest["gtd_attacktype_txt"] is None
    assert (arrest["cameo_code"], arrest["plover_event_type"], arrest["plover_mode"]) == ("173", "COERCE", "arrest")
    airstrike = codes_for("airstrike", None)
    assert airstrike["acled_sub_event_type"] == "Air/drone strike" and airstrike["gtd_attacktype"] is None
    assert airstrike["cameo_code"] == "195" and codes_for("airstrike", "drone")["cameo_code"] == "1952"
    assert codes_for("battle", "armed_assault")["gtd_attacktype"] is None


def test_leader_killed_depends_on_the_means():
    assert codes_for("leader_killed", None)["acled_sub_event_type"] == "Armed clash"
    assert codes_for("leader_killed", "drone")["acled_sub_event_type"] == "Air/drone strike"


def test_territory_change_is_named_by_the_winner():
    assert codes_for("territory_change", None, winner_type="state")["acled_sub_event_type"] == \
        "Government regains territory"
    assert codes_for("territory_change", None, winner_type="non_state")["acled_sub_event_type"] == \
        "Non-state actor overtakes territory"
    unknown = codes_for("territory_change", None)
    assert unknown["acled_event_type"] == "Battles" and unknown["acled_sub_event_type"] is None
    assert codes_for("territory_change", None, winner_type="martian") == unknown
    assert codes_for("attack", "bombing", winner_type="state") == codes_for("attack", "bombing")


def test_unknown_labels_fall_back_without_raising():
    assert codes_for("attack", "catapult") == codes_for("attack", None)
    assert codes_for("arrest", "bombing") == codes_for("arrest", None)
    assert codes_for("sabotage", "bombing") == codes_for("other", None)
    assert codes_for(None, None)["acled_sub_event_type"] == "Other"


def test_acled_time_precision():
    assert [acled_time_precision(p) for p in (1, 2, 3, 4, 5, None, 9)] == [1, 2, 3, 3, 3, None, None]


TEXT = "A suicide bomber blew himself up at a checkpoint in Baqubah on Tuesday, killing four police officers."


def _store_with_one_event(tmp_path) -> Store:
    store = Store(str(tmp_path / "s.db"))
    doc = make_document(TEXT, path="a.txt", name="a")
    mention = IncidentMention(doc_id=doc.id, index=0, kind="attack", attack_type="suicide_bombing", date="2016-03-08",
                              date_precision=2, place=Place(name="Baqubah", geonameid=98854, lat=33.75, lon=44.64,
                                                            country="IQ", precision=1),
                              killed_min=4, killed_max=4, evidence=[Evidence(doc.id, 0, len(TEXT), TEXT)])
    store.save_extraction(Extraction(document=doc, pub_date="2016-03-09", pub_date_source="metadata",
                                     incidents=[mention]))
    store.save_events(resolve(store.mentions()))
    return store


def test_exported_csv_has_the_crosswalk_columns(tmp_path):
    store = _store_with_one_event(tmp_path)
    out = tmp_path / "events.csv"
    assert write_events(store.events(), "csv", out) == 1
    with out.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        [row] = list(reader)
    assert reader.fieldnames == EVENT_COLUMNS
    assert set(CODE_KEYS) | {"time_precision", "date_precision", "geo_precision"} <= set(reader.fieldnames)
    assert row["acled_event_type"] == "Explosions/Remote violence" and row["acled_sub_event_type"] == "Suicide bomb"
    assert (row["gtd_attacktype"], row["gtd_attacktype_txt"]) == ("3", "Bombing/Explosion")
    assert (row["cameo_code"], row["plover_event_type"], row["plover_mode"]) == ("1831", "ASSAULT", "suicide-attack")
    assert (row["date_precision"], row["time_precision"]) == ("2", "2")


def test_exported_parquet_types_the_crosswalk_columns(tmp_path):
    store = _store_with_one_event(tmp_path)
    out = tmp_path / "events.parquet"
    write_events(store.events(), "parquet", out)
    table = pq.read_table(out)
    assert str(table.schema.field("gtd_attacktype").type) == "int64"
    assert str(table.schema.field("time_precision").type) == "int64"
    assert str(table.schema.field("cameo_code").type) == "string"  # "0874" keeps its leading zero
    assert table.column("cameo_code").to_pylist() == ["1831"]


def test_incident_record_carries_the_codes():
    mention = IncidentMention(doc_id="d", index=0, kind="arrest")
    record = incident_record(mention)
    assert record["acled_sub_event_type"] == "Arrests" and record["gtd_attacktype"] is None
    assert record["kind"] == "arrest" and "evidence" in record
