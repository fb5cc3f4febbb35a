"""Strife's incident kinds and attack types as ACLED, GTD, CAMEO and PLOVER codes.

The table is data (`strife/data/crosswalk.yaml`); docs/crosswalk.md explains its judgement calls.
Every lookup answers: an unknown attack type gets its kind's default row, an unknown kind the
fallback row, so an export never fails on a label the crosswalk has not met yet.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml

CODE_KEYS = ("acled_event_type", "acled_sub_event_type", "gtd_attacktype", "gtd_attacktype_txt", "cameo_code",
             "plover_event_type", "plover_mode")
WINNER_TYPES = ("state", "non_state")
# UCDP date_prec (1 day, 2 week, 3 month, 4 year, 5 wider) → ACLED time_precision, which stops at 3 (month or wider)
ACLED_TIME_PRECISION = {1: 1, 2: 2, 3: 3, 4: 3, 5: 3}


@lru_cache(maxsize=1)
def crosswalk() -> dict:
    """The crosswalk file as loaded: `vocabularies`, `fallback` and `kinds`."""
    with resources.files("strife.data").joinpath("crosswalk.yaml").open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def codes_for(kind: str | None, attack_type: str | None, *,
              winner_type: str | None = None) -> dict[str, str | int | None]:
    """The codes of one incident: every key of CODE_KEYS, None where a scheme has no code for it.

    `winner_type` ("state" or "non_state") is who took the place in a territory change; ACLED names the
    sub-event by it. Anything else counts as unknown.
    """
    table = crosswalk()
    kinds = table["kinds"]
    entry = kinds.get(kind) or kinds[table["fallback"]]
    row = dict(entry["default"])
    row.update((entry.get("attack_types") or {}).get(attack_type) or {})
    if winner_type in WINNER_TYPES:
        row.update((entry.get("winner_types") or {}).get(winner_type) or {})
    gtd = row.get("gtd_attacktype")
    row["gtd_attacktype_txt"] = table["vocabularies"]["gtd_attacktype"].get(gtd) if gtd is not None else None
    return {key: row.get(key) for key in CODE_KEYS}


def acled_time_precision(date_precision: int | None) -> int | None:
    """ACLED's time_precision from UCDP's date_prec; None when the date precision is unknown."""
    return ACLED_TIME_PRECISION.get(date_precision) if date_precision is not None else None
