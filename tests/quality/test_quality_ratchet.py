"""The quality ratchet: every shared dev set extracted once (one session-scoped run, the model
loaded once), scored by the shared scorers, and each set held to its floors in floors.json.

Skipped, loudly, when the shared dev sets are not on the machine (see benchmarks/devsets.py).
A failure names each figure that fell, from what to what, and where the export is kept for
benchmarks/dev_report.py. When the loss is the price of a deliberate change, record it with
`python -m tests.quality.ratchet --write-floors --force` and say so in the commit.
"""
from __future__ import annotations

import warnings

import pytest

from benchmarks.devsets import SharedNotFound, shared_dir
from tests.quality.conftest import RATCHET_KEY
from tests.quality.ratchet import DEV_SETS, gains, load_floors, measure_all, shortfalls


@pytest.fixture(scope="session")
def shared():
    try:
        return shared_dir()
    except SharedNotFound as exc:
        warnings.warn(f"the quality ratchet is SKIPPED: {exc}")
        pytest.skip(f"quality ratchet: {exc}")


@pytest.fixture(scope="session")
def measured(shared, tmp_path_factory, pytestconfig):
    results = measure_all(shared, tmp_path_factory.mktemp("ratchet"))
    pytestconfig.stash[RATCHET_KEY] = results
    return results


def test_every_dev_set_has_floors():
    floors = load_floors()
    missing = [s.name for s in DEV_SETS if not floors["floors"].get(s.name)]
    assert not missing, f"dev sets with no floors: {missing}; run python -m tests.quality.ratchet --write-floors"


@pytest.mark.parametrize("dev_set", DEV_SETS, ids=lambda s: s.name)
def test_dev_set_holds_its_floors(dev_set, measured, shared):
    floors = load_floors()
    result = measured[dev_set.name]
    fell = shortfalls(dev_set.name, result.figures, floors)
    hint = ""
    if dev_set.kind == "incidents":
        hint = (f"\nread the failures: .venv/bin/python benchmarks/dev_report.py {shared / dev_set.gold} "
                f"{result.export} --texts {shared / dev_set.inputs}")
    assert not fell, "\n".join(["quality fell below the recorded floors:", *fell]) + hint + (
        "\nif the loss is deliberate: .venv/bin/python -m tests.quality.ratchet --write-floors --force")
    better = gains(dev_set.name, result.figures, floors)
    if better:
        warnings.warn(f"{dev_set.name}: {'; '.join(better)} -- raise the floors: "
                      f".venv/bin/python -m tests.quality.ratchet --write-floors")
