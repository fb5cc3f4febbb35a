"""The ratchet's rules on small figures, without extraction: what counts as a fall, how floors move,
where the shared dev sets are found."""
from __future__ import annotations

import pytest

from benchmarks.devsets import SharedNotFound, shared_dir
from tests.quality.ratchet import raised_floors, shortfalls

FLOORS = {"tolerance": 0.002,
          "floors": {"news": {"incident_F1": 0.80, "field.place": 0.70}},
          "ceilings": {"news": {"date_wrong": 0.10}}}


def test_a_figure_below_its_floor_beyond_the_tolerance_is_named_with_both_values():
    fell = shortfalls("news", {"incident_F1": 0.75, "field.place": 0.70, "date_wrong": 0.10}, FLOORS)
    assert fell == ["news.incident_F1 fell from 0.8000 to 0.7500 (floor 0.8000, -0.0500)"]


def test_float_noise_within_the_tolerance_is_not_a_fall():
    assert shortfalls("news", {"incident_F1": 0.7985, "field.place": 0.6981, "date_wrong": 0.1015}, FLOORS) == []


def test_an_error_rate_above_its_ceiling_is_a_fall():
    fell = shortfalls("news", {"incident_F1": 0.80, "field.place": 0.70, "date_wrong": 0.20}, FLOORS)
    assert len(fell) == 1 and fell[0].startswith("news.date_wrong rose from 0.1000 to 0.2000")


def test_a_floored_figure_that_is_no_longer_measured_fails():
    fell = shortfalls("news", {"incident_F1": 0.9, "date_wrong": 0.0}, FLOORS)
    assert fell == ["news.field.place: has a floor of 0.7000 but was not measured"]


def test_floors_only_go_up_and_ceilings_only_down():
    new = raised_floors(FLOORS, {"news": {"incident_F1": 0.85, "field.place": 0.60, "date_wrong": 0.30}})
    assert new["floors"]["news"] == {"field.place": 0.70, "incident_F1": 0.85}
    assert new["ceilings"]["news"] == {"date_wrong": 0.10}


def test_force_records_todays_figures_even_where_lower():
    new = raised_floors(FLOORS, {"news": {"incident_F1": 0.70, "date_wrong": 0.30}}, force=True)
    assert new["floors"]["news"] == {"incident_F1": 0.70}  # a figure no longer measured loses its floor
    assert new["ceilings"]["news"] == {"date_wrong": 0.30}


def test_a_new_dev_set_gets_its_floors_and_the_others_keep_theirs():
    new = raised_floors(FLOORS, {"geo": {"acc161": 0.82}})
    assert new["floors"] == {"news": {"field.place": 0.70, "incident_F1": 0.80}, "geo": {"acc161": 0.82}}
    assert FLOORS["floors"]["news"]["incident_F1"] == 0.80  # the loaded floors are not changed in place


def _shared_at(folder):
    (folder / "eval").mkdir(parents=True)
    (folder / "eval" / "score.py").write_text("# scorer\n")
    return folder


def test_shared_is_found_beside_the_repository_or_any_folder_above(tmp_path, monkeypatch):
    monkeypatch.delenv("STRIFE_SHARED", raising=False)
    shared = _shared_at(tmp_path / "shared")
    (tmp_path / "wt" / "branch").mkdir(parents=True)
    assert shared_dir(tmp_path / "main") == shared
    assert shared_dir(tmp_path / "wt" / "branch") == shared  # a worktree one level deeper


def test_a_shared_folder_without_the_scorer_is_passed_by(tmp_path, monkeypatch):
    monkeypatch.delenv("STRIFE_SHARED", raising=False)
    (tmp_path / "a" / "shared").mkdir(parents=True)  # unrelated shared/ folder
    shared = _shared_at(tmp_path / "shared")
    assert shared_dir(tmp_path / "a" / "repo") == shared


def test_strife_shared_overrides_and_must_hold_the_scorer(tmp_path, monkeypatch):
    monkeypatch.setenv("STRIFE_SHARED", str(_shared_at(tmp_path / "elsewhere")))
    assert shared_dir(tmp_path / "repo") == tmp_path / "elsewhere"
    monkeypatch.setenv("STRIFE_SHARED", str(tmp_path / "nothing"))
    with pytest.raises(SharedNotFound, match="STRIFE_SHARED"):
        shared_dir(tmp_path / "repo")
