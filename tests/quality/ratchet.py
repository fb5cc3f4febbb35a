"""The quality ratchet: extraction on every shared dev set, scored by the shared scorers, held to
the floors recorded in floors.json (and to ceilings for the error rates, where lower is better).

    .venv/bin/python -m tests.quality.ratchet                          # today's figures beside the floors
    .venv/bin/python -m tests.quality.ratchet --write-floors           # raise floors to today's figures
    .venv/bin/python -m tests.quality.ratchet --write-floors --force   # record today's figures, even lower ones

Figures only ever move the good way unless --force says otherwise, so a change that costs quality
somewhere must say so in its commit. The dev sets are in `shared/` beside the repository (or
$STRIFE_SHARED; see benchmarks/devsets.py); extraction runs in this process through the library
API, each set as `strife extract` would run it (its own cross-document resolution), the model
loaded once for all of them.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.devsets import load_scorer, mean_field_accuracy, shared_dir  # noqa: E402

FLOORS_PATH = Path(__file__).with_name("floors.json")
DEFAULT_TOLERANCE = 0.002  # float noise only: extraction is deterministic
FLOAT_DIGITS = 4
ABOUT = ("Floors (figures that may not fall) and ceilings (error rates that may not rise) per shared dev set, "
         "checked by tests/quality/test_quality_ratchet.py; raise them with "
         "`python -m tests.quality.ratchet --write-floors` (tests/quality/ratchet.py says how).")


@dataclass(frozen=True)
class DevSet:
    """One shared dev set: what `strife extract` (or `strife geoparse`) reads, its gold, its scorer.
    `kind` picks the scorer: "incidents" (eval/score.py), "muc4" or "geo"."""

    name: str
    kind: str
    inputs: str  # relative to the shared folder
    gold: str
    scorer: str
    incident_figure: str = "F1"  # "R" where only some incidents are annotated, so precision means nothing


DEV_SETS = (
    DevSet("seeds", "incidents", "seeds", "eval/seeds_gold.json", "eval/score.py"),
    DevSet("articles_dated", "incidents", "dev/articles/dated.jsonl", "dev/articles/gold.json", "eval/score.py"),
    DevSet("articles_texts", "incidents", "dev/articles/texts", "dev/articles/gold.json", "eval/score.py"),
    DevSet("news", "incidents", "dev/news/texts", "dev/news/gold.json", "eval/score.py"),
    # only each report's main incident is annotated: precision (and so F1) counts background incidents as errors
    DevSet("resolution", "incidents", "dev/resolution/texts", "dev/resolution/gold.json", "eval/score.py",
           incident_figure="R"),
    DevSet("muc4", "muc4", "dev/muc4/texts", "dev/muc4/dev.jsonl", "dev/muc4/score.py"),
    DevSet("geo", "geo", "geo/dev.jsonl", "geo/dev.jsonl", "geo/score.py"),
)
# lower is better: the confident errors (a null is not wrong)
CEILING_FIGURES = ("pub_date_wrong", "date_wrong")


@dataclass
class Measurement:
    figures: dict[str, float]
    seconds: float
    export: Path  # what extraction wrote, for benchmarks/dev_report.py


# --- measuring ------------------------------------------------------------------------------------

def incident_figures(scored: dict, dev_set: DevSet) -> dict[str, float]:
    """The headline figures of eval/score.py's result. A figure the gold cannot support is left
    out (no cluster pairs, no indicators, no publication windows), so no floor sits on a zero."""
    # one field's accuracy is over the incidents matched, which an improvement in detection changes:
    # the mean over fields is floored, each field is read in dev_report's table
    figures = {f"incident_{dev_set.incident_figure}": scored["incidents"][dev_set.incident_figure],
               "field_acc": mean_field_accuracy(scored)}
    if scored["clusters"]["gold_pairs"]:
        figures["cluster_F1"] = scored["clusters"]["F1"]
    if scored["indicators"]["gold"]:
        figures["indicator_F1"] = scored["indicators"]["F1"]
    for name in ("pub_date_acc", *CEILING_FIGURES):
        if scored[name] is not None:
            figures[name] = scored[name]
    return figures


def measure_incidents(dev_set: DevSet, shared: Path, out: Path) -> dict[str, float]:
    from strife import api

    api.extract_to_jsonl([str(shared / dev_set.inputs)], out)
    scorer = load_scorer(shared / dev_set.scorer)
    gold = json.loads((shared / dev_set.gold).read_text(encoding="utf-8"))
    return incident_figures(scorer.score(gold, scorer.load_pred(str(out), list(gold["docs"]))), dev_set)


def measure_muc4(dev_set: DevSet, shared: Path, out: Path) -> dict[str, float]:
    from strife import api

    api.extract_to_jsonl([str(shared / dev_set.inputs)], out)
    scorer = load_scorer(shared / dev_set.scorer)
    gold = list(scorer.read_jsonl(str(shared / dev_set.gold)))
    result = scorer.aggregate(scorer.score(gold, scorer.load_pred(str(out), strife=True)), [g["id"] for g in gold])
    return {"micro_F1": result["micro"]["f1"]}  # a role's few fillers move on small changes


def measure_geo(dev_set: DevSet, shared: Path, out: Path) -> dict[str, float]:
    """`strife geoparse` on the gold texts, scored by geo/score.py's own command (its report silenced)."""
    from strife.nlp.geoparse import geoparse_jsonl

    geoparse_jsonl(str(shared / dev_set.inputs), str(out))
    scorer = load_scorer(shared / dev_set.scorer)
    result_path = out.with_suffix(".score.json")
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        scorer.main(["--gold", str(shared / dev_set.gold), "--pred", str(out), "--json", str(result_path)])
    overall = json.loads(result_path.read_text(encoding="utf-8"))["overall"]
    return {"recognition_F1": overall["recognition"]["f1"], "acc161": overall["resolution"]["acc161"],
            "end_to_end_F1": overall["end_to_end"]["f1"]}


MEASURE = {"incidents": measure_incidents, "muc4": measure_muc4, "geo": measure_geo}


def measure_all(shared: Path, workdir: Path, sets=DEV_SETS, log=None) -> dict[str, Measurement]:
    results = {}
    for dev_set in sets:
        start = time.perf_counter()
        out = workdir / f"{dev_set.name}.jsonl"
        figures = MEASURE[dev_set.kind](dev_set, shared, out)
        results[dev_set.name] = Measurement({k: round(v, FLOAT_DIGITS) for k, v in figures.items() if v is not None},
                                            time.perf_counter() - start, out)
        if log:
            log(f"{dev_set.name}: {results[dev_set.name].seconds:.1f} s")
    return results


# --- floors ---------------------------------------------------------------------------------------

def load_floors(path: Path = FLOORS_PATH) -> dict:
    if not path.exists():
        return {"tolerance": DEFAULT_TOLERANCE, "floors": {}, "ceilings": {}}
    return json.loads(path.read_text(encoding="utf-8"))


def is_ceiling(figure: str) -> bool:
    return figure in CEILING_FIGURES


def shortfalls(dev_set: str, figures: dict[str, float], floors: dict) -> list[str]:
    """One line per figure that fell below its floor (or rose above its ceiling) by more than the
    tolerance, or that is no longer measured at all."""
    tolerance = floors.get("tolerance", DEFAULT_TOLERANCE)
    out = []
    for figure, floor in floors.get("floors", {}).get(dev_set, {}).items():
        value = figures.get(figure)
        if value is None:
            out.append(f"{dev_set}.{figure}: has a floor of {floor:.4f} but was not measured")
        elif value < floor - tolerance:
            out.append(f"{dev_set}.{figure} fell from {floor:.4f} to {value:.4f} (floor {floor:.4f}, "
                       f"-{floor - value:.4f})")
    for figure, ceiling in floors.get("ceilings", {}).get(dev_set, {}).items():
        value = figures.get(figure)
        if value is None:
            out.append(f"{dev_set}.{figure}: has a ceiling of {ceiling:.4f} but was not measured")
        elif value > ceiling + tolerance:
            out.append(f"{dev_set}.{figure} rose from {ceiling:.4f} to {value:.4f} (ceiling {ceiling:.4f}, "
                       f"+{value - ceiling:.4f}; lower is better)")
    return out


def gains(dev_set: str, figures: dict[str, float], floors: dict) -> list[str]:
    """Figures better than their recorded bound by more than the tolerance, or not bounded yet:
    the floors to raise with --write-floors."""
    tolerance = floors.get("tolerance", DEFAULT_TOLERANCE)
    out = []
    for figure, value in figures.items():
        table = "ceilings" if is_ceiling(figure) else "floors"
        bound = floors.get(table, {}).get(dev_set, {}).get(figure)
        if bound is None:
            out.append(f"{dev_set}.{figure} = {value:.4f} has no {table[:-1]} yet")
        elif (value < bound - tolerance) if is_ceiling(figure) else (value > bound + tolerance):
            out.append(f"{dev_set}.{figure} improved from {bound:.4f} to {value:.4f}")
    return out


def raised_floors(floors: dict, measured: dict[str, dict[str, float]], force: bool = False) -> dict:
    """New floors and ceilings from today's figures: each bound moves only the good way unless
    `force`, when today's figures replace them outright (a figure no longer measured is dropped)."""
    new = {"about": ABOUT, "tolerance": floors.get("tolerance", DEFAULT_TOLERANCE),
           "floors": {k: dict(v) for k, v in floors.get("floors", {}).items()},
           "ceilings": {k: dict(v) for k, v in floors.get("ceilings", {}).items()}}
    for dev_set, figures in measured.items():
        if force:
            new["floors"][dev_set], new["ceilings"][dev_set] = {}, {}
        for figure, value in figures.items():
            table = new["ceilings" if is_ceiling(figure) else "floors"].setdefault(dev_set, {})
            old = table.get(figure)
            if old is None or force:
                table[figure] = value
            else:
                table[figure] = min(old, value) if is_ceiling(figure) else max(old, value)
    for table in ("floors", "ceilings"):
        new[table] = {k: dict(sorted(v.items())) for k, v in new[table].items() if v}
    return new


def write_floors(floors: dict, path: Path = FLOORS_PATH) -> None:
    path.write_text(json.dumps(floors, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def table(measured: dict[str, Measurement], floors: dict) -> str:
    lines = [f"{'dev set':<15} {'figure':<24} {'today':>7} {'bound':>7}  {'s':>5}"]
    for dev_set, m in measured.items():
        for i, (figure, value) in enumerate(m.figures.items()):
            kind = "ceilings" if is_ceiling(figure) else "floors"
            bound = floors.get(kind, {}).get(dev_set, {}).get(figure)
            mark = "" if bound is None else ("≤" if kind == "ceilings" else "≥") + f"{bound:.4f}"
            seconds = f"{m.seconds:5.1f}" if i == 0 else ""
            lines.append(f"{dev_set if i == 0 else '':<15} {figure:<24} {value:7.4f} {mark:>7}  {seconds:>5}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--write-floors", action="store_true", help="raise the floors in floors.json to today's figures")
    ap.add_argument("--force", action="store_true", help="with --write-floors: record today's figures even where lower")
    ap.add_argument("--set", action="append", choices=[s.name for s in DEV_SETS], help="measure only this dev set")
    ap.add_argument("--keep", help="keep the exports in this folder (for benchmarks/dev_report.py)")
    args = ap.parse_args(argv)
    if args.force and not args.write_floors:
        ap.error("--force only goes with --write-floors")
    shared = shared_dir()
    sets = [s for s in DEV_SETS if not args.set or s.name in args.set]
    floors = load_floors()
    with tempfile.TemporaryDirectory(prefix="strife-ratchet-") as tmp:
        workdir = Path(args.keep or tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        measured = measure_all(shared, workdir, sets, log=lambda s: print(s, file=sys.stderr, flush=True))
        print(f"measured {len(sets)} dev sets in {time.perf_counter() - start:.1f} s (shared: {shared})")
    print(table(measured, floors))
    figures = {name: m.figures for name, m in measured.items()}
    falls = [line for name, f in figures.items() for line in shortfalls(name, f, floors)]
    for line in falls:
        print("FELL  " + line)
    for line in (line for name, f in figures.items() for line in gains(name, f, floors)):
        print("NOTE  " + line)
    if args.write_floors:
        write_floors(raised_floors(floors, figures, force=args.force))
        print(f"wrote {FLOORS_PATH.relative_to(ROOT)}" + (" (forced: lower figures recorded too)" if args.force else ""))
        return 0
    return 1 if falls else 0


if __name__ == "__main__":
    sys.exit(main())
