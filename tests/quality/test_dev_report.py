"""benchmarks/dev_report.py on three reports written for this test (fixtures/report_*): it must
find what the shared scorer finds, and show the sentence behind each failure."""
from __future__ import annotations

import json
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from benchmarks import dev_report
from benchmarks.devsets import SharedNotFound, load_scorer, shared_dir

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).with_name("fixtures")
GOLD, PRED, TEXTS = FIXTURES / "report_gold.json", FIXTURES / "report_pred.jsonl", FIXTURES / "report_texts"


@pytest.fixture(scope="module")
def scorer():
    try:
        return load_scorer(shared_dir() / "eval" / "score.py")
    except SharedNotFound as exc:
        warnings.warn(f"dev_report tests SKIPPED: they match with the shared scorer, which is absent ({exc})")
        pytest.skip(f"shared scorer absent: {exc}")


@pytest.fixture(scope="module")
def report(scorer):
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    ids = list(gold["docs"])
    reports, figures = dev_report.build_report(gold, scorer.load_pred(str(PRED), ids),
                                               dev_report.load_texts(TEXTS, ids), scorer)
    return {r.doc_id: r for r in reports}, figures


def test_totals_are_the_scorers(report):
    by_doc, figures = report
    assert figures["incidents"]["matched"] == sum(len(r.pairs) for r in by_doc.values()) == 1
    assert sum(len(r.missed) for r in by_doc.values()) == figures["incidents"]["gold"] - 1 == 3
    assert sum(len(r.spurious) for r in by_doc.values()) == figures["incidents"]["pred"] - 1 == 3


def test_a_missed_incident_shows_the_sentence_of_its_cue(report):
    missed = {m.index: m for m in report[0]["harbour_blast"].missed}
    assert missed[1].sentences == ["Police arrested four men in Kassala the next day."]


def test_a_missed_incident_whose_sentence_another_prediction_took_names_it(report):
    missed = {m.index: m for m in report[0]["harbour_blast"].missed}
    assert missed[1].told_by == [2]  # the arrest was merged into the territory claim, not overlooked
    assert missed[2].told_by == []  # the Atbara shooting is in no prediction's evidence


def test_a_missed_incident_without_a_cue_is_found_by_its_place_and_toll(report):
    atbara = {m.index: m for m in report[0]["harbour_blast"].missed}[2]
    assert atbara.cue is None
    assert atbara.sentences[0].startswith("Two days earlier, gunmen shot dead three guards")


def test_a_document_with_no_prediction_line_is_all_missed(report):
    raid = report[0]["border_raid"]
    assert raid.pred_incidents == 0 and [m.index for m in raid.missed] == [0]
    assert raid.pub_date_ok is False


def test_a_second_report_of_a_matched_incident_is_marked_as_a_repeat(report):
    spurious = {s.index: s for s in report[0]["harbour_blast"].spurious}
    assert spurious[1].repeat_of == 0  # fits the car bombing that pred#0 took
    assert spurious[2].repeat_of is None  # a territory claim fits no gold incident
    assert spurious[2].evidence[0] == "The army later said it controlled the whole of Khartoum."


def test_wrong_fields_stand_beside_the_gold(report):
    (pair,) = report[0]["harbour_blast"].pairs
    wrong = {w.field: (w.gold, w.pred) for w in pair.wrong}
    assert wrong == {"perpetrator": ("Northern Brigades", "Sudan «the port authority»"), "killed": ("12", ">=120")}
    assert "date" in pair.judged and "wounded" not in pair.judged  # the gold gives no wounded figure


def test_indicators_missed_spurious_and_wrong(report):
    blast, camp = report[0]["harbour_blast"], report[0]["camp_report"]
    assert [m.sentences for m in camp.missed_indicators] == [[
        "Aid agencies said on Monday that about 5,000 people had fled to the camp at Gedaref since the start "
        "of the month."]]
    assert [s.summary.split()[0] for s in blast.spurious_indicators] == ["fighters"]
    assert [(w.field, w.gold, w.pred) for w in blast.indicator_pairs[0].wrong] == [("region", "SD", "SD,EG")]


def test_a_report_that_disagrees_with_the_scorer_is_refused(scorer):
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    pred = scorer.load_pred(str(PRED), list(gold["docs"]))
    reports = [dev_report.document_report(d, g, pred.get(d, {"incidents": [], "indicators": []}), None, scorer)
               for d, g in gold["docs"].items()]
    figures = scorer.score(gold, pred)
    figures["incidents"]["matched"] += 1
    with pytest.raises(RuntimeError, match="incident pairs"):
        dev_report._check_totals(reports, figures)


def _run(*args):
    return subprocess.run([sys.executable, str(ROOT / "benchmarks" / "dev_report.py"), *map(str, args)],
                          capture_output=True, text=True, timeout=60)


def test_command_prints_failures_and_the_scorers_own_headline(scorer, tmp_path):
    texts = tmp_path / "texts.jsonl"  # the texts as JSON Lines this time, as dated.jsonl gives them
    texts.write_text("".join(json.dumps({"doc_id": p.stem, "text": p.read_text(encoding="utf-8")}) + "\n"
                             for p in sorted(TEXTS.iterdir())), encoding="utf-8")
    run = _run(GOLD, PRED, "--texts", texts, "--json", tmp_path / "report.json")
    assert run.returncode == 0, run.stderr
    assert "MISSED   gold#2  attack/armed_assault  2023-05-07  Atbara" in run.stdout
    assert "(its sentence is in pred#2)" in run.stdout
    assert "text: «Two days earlier, gunmen shot dead three guards" in run.stdout
    assert "SPURIOUS pred#1" in run.stdout and "(repeats pred#0)" in run.stdout
    assert "IND MISSED   gold#0  displaced 5000" in run.stdout
    scored = subprocess.run([sys.executable, scorer.__file__, "--gold", str(GOLD), "--pred", str(PRED)],
                            capture_output=True, text=True, timeout=60)
    assert run.stdout.rstrip().splitlines()[-1] == scored.stdout.rstrip().splitlines()[-1]
    saved = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert [d["doc_id"] for d in saved["documents"]] == ["harbour_blast", "camp_report", "border_raid"]


def test_bad_arguments_get_one_clear_line(scorer, tmp_path):
    run = _run(GOLD, tmp_path / "absent.jsonl")
    assert run.returncode == 2 and "no prediction file" in run.stderr
    run = _run(GOLD, PRED, "--doc", "no_such_doc")
    assert run.returncode == 2 and "not gold documents: no_such_doc" in run.stderr


def test_cluster_section_shows_splits_and_joins(scorer):
    def incident(cluster, day, place):
        return {"cluster": cluster, "kind": "attack", "date": day, "place": place, "country": "SD",
                "perpetrator": None, "killed_min": 3, "killed_max": 3}

    gold = {"docs": {"one": {"incidents": [incident("atbara-raid", "2023-05-07", "Atbara"),
                                           incident("kassala-raid", "2023-05-08", "Kassala")]},
                     "two": {"incidents": [incident("atbara-raid", "2023-05-07", "Atbara"),
                                           incident("kassala-raid", "2023-05-08", "Kassala")]}}}
    pred = {doc: {"incidents": [dict(rec, cluster_id=cid) for rec, cid in zip(g["incidents"], ids)]}
            for (doc, g), ids in zip(gold["docs"].items(), (("ev-1", "ev-2"), ("ev-3", "ev-2")))}
    told, merged = dev_report.cluster_report(gold, pred, scorer)
    assert [line.cluster_id for line in told["atbara-raid"]] == ["ev-1", "ev-3"]  # split
    assert merged == []
    pred["two"]["incidents"][0]["cluster_id"] = "ev-2"  # now one predicted cluster joins both gold ones
    told, merged = dev_report.cluster_report(gold, pred, scorer)
    assert ("ev-2", "kassala-raid", "one", "atbara-raid", "two") in merged
